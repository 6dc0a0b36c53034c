/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Monotonic counters of the MPS2 AN386 test board.
 *
 * NOT NON-VOLATILE: QEMU's AN386 model has no non-volatile memory, so the
 * counters live in RAM and start at 0 after every reset. That is enough to
 * test the contract (read, advance, refuse to go back) but gives no
 * anti-rollback protection; a product keeps its counters in OTP fuses,
 * a secure element or wear-levelled flash with power-fail-safe updates.
 */
#include <stdint.h>

#include "mdsec/port.h"

#include "board.h"

/* .bss is zero at reset: a counter that was never advanced reads 0. */
static uint64_t mps2_counters[MDSEC_PORT_COUNTER_COUNT];

mdsec_status_t mdsec_port_counter_read(uint32_t id, uint64_t *value)
{
    if (value == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *value = 0u;
    if (id >= MDSEC_PORT_COUNTER_COUNT) {
        return MDSEC_ERR_COUNTER_ID;
    }
    *value = mps2_counters[id];
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_counter_advance(uint32_t id, uint64_t value)
{
    if (id >= MDSEC_PORT_COUNTER_COUNT) {
        return MDSEC_ERR_COUNTER_ID;
    }
    if (value < mps2_counters[id]) {
        return MDSEC_ERR_COUNTER_ROLLBACK;
    }
    mps2_counters[id] = value;
    return MDSEC_OK;
}
