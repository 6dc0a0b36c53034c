/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Generic Cortex-M part of the baremetal port: name, one-time init through
 * the board hook, and the fatal-error path. The board supplies the rest of
 * mdsec/port.h (see mdsec/baremetal.h).
 */
#include <stdint.h>

#include "mdsec/baremetal.h"
#include "mdsec/port.h"

#include "cortexm.h"

/* Non-trivial value so that a glitched or zeroed flag does not read as set. */
#define PORT_READY_MAGIC 0x5a3cc3a5u

static volatile uint32_t port_ready;

const char *mdsec_port_name(void)
{
    return "baremetal";
}

mdsec_status_t mdsec_port_init(void)
{
    mdsec_status_t st;

    if (port_ready == PORT_READY_MAGIC) {
        return MDSEC_OK;
    }
    st = mdsec_board_init();
    if (st != MDSEC_OK) {
        return st;
    }
    port_ready = PORT_READY_MAGIC;
    return MDSEC_OK;
}

/* Requests a system reset: the write is the last thing the core does before
 * the reset logic takes it; the barriers make sure earlier writes (a crash
 * record) have completed first. */
static void port_system_reset(void)
{
    mdsec_cm_dsb();
    MDSEC_CM_AIRCR = MDSEC_CM_AIRCR_VECTKEY | (MDSEC_CM_AIRCR & MDSEC_CM_AIRCR_PRIGROUP_MASK) |
                     MDSEC_CM_AIRCR_SYSRESETREQ;
    mdsec_cm_dsb();
}

void mdsec_port_fatal(mdsec_status_t reason)
{
    mdsec_cm_irq_disable();
    mdsec_board_fatal(reason);
    port_system_reset();
    /* The reset is asynchronous; nothing may run after a fatal error. */
    for (;;) {
        __asm__ __volatile__("" : : : "memory");
    }
}
