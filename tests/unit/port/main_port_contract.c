/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Entry point for environments with nothing to prepare (baremetal boards:
 * the port owns the device, and the exit status reaches the host through
 * the board's semihosting exit). */
#include "port_contract.h"

int main(void)
{
    return mdsec_test_port_contract() == 0 ? 0 : 1;
}
