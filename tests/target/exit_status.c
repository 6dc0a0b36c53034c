/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Exits with 42 after printing: the status must reach the host unchanged
 * (semihosting SYS_EXIT_EXTENDED) and stdout must be flushed on exit. */
#include <stdio.h>

int main(void)
{
    printf("target: exiting with status 42\n");
    return 42;
}
