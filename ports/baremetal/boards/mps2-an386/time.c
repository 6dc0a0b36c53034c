/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Time on the MPS2 AN386 board.
 *
 * Monotonic: SysTick counts the 25 MHz core clock down from
 * MPS2_TICK_RELOAD and interrupts once per millisecond; the handler counts
 * milliseconds in 64 bits, and a reading adds the microseconds elapsed in
 * the current millisecond. 64-bit milliseconds do not wrap in the life of
 * any device.
 *
 * Wall clock: the board has no battery-backed RTC, so the time is unknown.
 */
#include <stdint.h>

#include "mdsec/port.h"

#include "board.h"
#include "cortexm.h"

#define MPS2_TICK_HZ       1000u
#define MPS2_CYCLES_PER_MS (MDSEC_MPS2_SYSCLK_HZ / MPS2_TICK_HZ)
#define MPS2_CYCLES_PER_US (MDSEC_MPS2_SYSCLK_HZ / 1000000u)
#define MPS2_TICK_RELOAD   (MPS2_CYCLES_PER_MS - 1u)

_Static_assert(MPS2_TICK_RELOAD <= 0x00ffffffu, "SysTick reload is 24 bits");
_Static_assert(MPS2_CYCLES_PER_US * 1000000u == MDSEC_MPS2_SYSCLK_HZ,
               "the core clock must be a whole number of MHz");

/* Milliseconds since mdsec__mps2_time_init(). Written only by SysTick_Handler;
 * read with interrupts masked. */
static volatile uint64_t mps2_ms;
/* The last value returned, so that the result never goes backwards. */
static uint64_t mps2_last_us;

void SysTick_Handler(void)
{
    mps2_ms = mps2_ms + 1u;
}

void mdsec__mps2_time_init(void)
{
    MDSEC_CM_SYST_CSR = 0u;
    MDSEC_CM_SYST_RVR = MPS2_TICK_RELOAD;
    MDSEC_CM_SYST_CVR = 0u;
    MDSEC_CM_SYST_CSR =
        MDSEC_CM_SYST_CSR_CLKSOURCE | MDSEC_CM_SYST_CSR_TICKINT | MDSEC_CM_SYST_CSR_ENABLE;
}

uint64_t mdsec_port_monotonic_us(void)
{
    uint32_t saved = mdsec_cm_primask_get();
    uint64_t ms;
    uint32_t val;
    uint64_t us;

    mdsec_cm_irq_disable();
    ms = mps2_ms;
    val = MDSEC_CM_SYST_CVR;
    /* A wrap whose interrupt has not run yet (masked here, or by the
     * caller): count it, and read the counter again after the wrap. */
    if ((MDSEC_CM_ICSR & MDSEC_CM_ICSR_PENDSTSET) != 0u) {
        ms++;
        val = MDSEC_CM_SYST_CVR;
    }
    if (val > MPS2_TICK_RELOAD) {
        val = MPS2_TICK_RELOAD;
    }
    us = ms * 1000u + (uint64_t)((MPS2_TICK_RELOAD - val) / MPS2_CYCLES_PER_US);
    /* Interrupts masked for more than a millisecond lose ticks; never let
     * that (or the pending-wrap estimate) move time backwards. */
    if (us < mps2_last_us) {
        us = mps2_last_us;
    } else {
        mps2_last_us = us;
    }
    mdsec_cm_primask_set(saved);
    return us;
}

mdsec_status_t mdsec_port_wallclock_ms(int64_t *unix_ms)
{
    if (unix_ms != NULL) {
        *unix_ms = 0;
    }
    return MDSEC_ERR_TIME_UNKNOWN;
}
