/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Board hooks of the generic baremetal port for the MPS2 AN386 test board. */
#include <stdint.h>
#include <stdio.h>

#include "mdsec/baremetal.h"
#include "mdsec/port.h"

#include "board.h"

mdsec_status_t mdsec_board_init(void)
{
    /* SysTick already runs (started before main, so that the monotonic
     * clock counts from boot). The storage regions erase themselves on
     * first use, so an image that never touches storage does not carry
     * them. Nothing here can fail. */
    return MDSEC_OK;
}

void mdsec_board_fatal(mdsec_status_t reason)
{
    static const char prefix[] = "\nmps2-an386: mdsec_port_fatal: ";
    const char *text = mdsec_status_str(reason);
    uint32_t len = 0u;
    char hex[8];

    /* The test's own output first, so the log reads in order. */
    (void)fflush(NULL);
    while (len < 128u && text[len] != '\0') {
        len++;
    }
    mdsec__mps2_hex32((uint32_t)reason, hex);
    mdsec_board_console_error(prefix, (uint32_t)(sizeof(prefix) - 1u));
    mdsec_board_console_error(text, len);
    mdsec_board_console_error(" (0x", 4u);
    mdsec_board_console_error(hex, 8u);
    mdsec_board_console_error(")\n", 2u);
    mdsec_board_exit(MDSEC_BOARD_EXIT_FATAL);
}
