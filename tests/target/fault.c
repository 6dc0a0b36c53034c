/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Executes a permanently undefined instruction: the board's UsageFault
 * handler must report it and exit with MDSEC_BOARD_EXIT_FAULT (121). */
#include <stdio.h>

int main(void)
{
    printf("target: executing UDF, expecting a UsageFault report\n");
    (void)fflush(stdout);
    __asm__ __volatile__("udf #0");
    printf("target: still running after UDF\n");
    return 0;
}
