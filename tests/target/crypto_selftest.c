/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The crypto power-on self-test on the Cortex-M4, with its peak stack use. */
#include <stdio.h>

#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

int main(void)
{
    mdsec_status_t st;
    uint32_t before;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    before = mdsec_board_stack_used();
    st = mdsec_crypto_selftest();
    printf("crypto self-test (%s): %s; peak stack %lu bytes (%lu before it) of %lu\n",
           mdsec_crypto_provider_name(), mdsec_status_str(st),
           (unsigned long)mdsec_board_stack_used(), (unsigned long)before,
           (unsigned long)mdsec_board_stack_size());
    return st == MDSEC_OK ? 0 : 1;
}
