/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Internal helpers of the FreeRTOS port, kept free of FreeRTOS types so
 * that the tests can check them with values a running kernel would take
 * weeks to reach. */
#ifndef MDSEC_PORTS_FREERTOS_PORT_H
#define MDSEC_PORTS_FREERTOS_PORT_H

#include <stdint.h>

#include "mdsec/status.h"

/* Extends a tick count to 64 bits with the kernel's count of tick
 * overflows. `period` is the number of distinct tick values (2^16 or 2^32),
 * or 0 when the tick type is already 64 bits wide: then the overflow count
 * is irrelevant (584 million years at 1 kHz) and the product vanishes. */
static inline uint64_t mdsec_freertos_extend_ticks(uint64_t overflows, uint64_t ticks,
                                                   uint64_t period)
{
    return overflows * period + ticks;
}

/* Converts ticks at `hz` ticks per second to microseconds without the
 * intermediate overflow of ticks * 1000000. */
static inline uint64_t mdsec_freertos_ticks_to_us(uint64_t ticks, uint32_t hz)
{
    return (ticks / hz) * 1000000u + ((ticks % hz) * 1000000u) / hz;
}

/* The platform half of the contract (storage, counters, entropy, wall
 * clock, root secret) is brought up by this function, called from
 * mdsec_port_init(). The POSIX simulator build provides it (platform.c);
 * on a real target the integrator does, with the rest of that half. */
mdsec_status_t mdsec_freertos_platform_init(void);

/* The reason given to the last mdsec_port_fatal(), MDSEC_OK before that
 * (fatal.c). A debugger reads it on a halted device; the simulator's test
 * runner reads it after the scheduler has ended. */
extern volatile mdsec_status_t mdsec_freertos_fatal_reason;

#endif /* MDSEC_PORTS_FREERTOS_PORT_H */
