/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* mdsec_port_fatal() must never return; on the test board it reports the
 * reason and exits with MDSEC_BOARD_EXIT_FATAL (122). */
#include <stdio.h>

#include "mdsec/mdsec.h"

int main(void)
{
    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    printf("target: calling mdsec_port_fatal\n");
    mdsec_port_fatal(MDSEC_ERR_INTERNAL);
}
