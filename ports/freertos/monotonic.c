/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Monotonic time from the FreeRTOS tick. With a 16- or 32-bit tick type the
 * count is extended to 64 bits with the kernel's own overflow counter, read
 * together with the tick in one critical section by vTaskSetTimeOutState(),
 * so the result stays monotonic across tick wraps however rarely it is
 * called. The resolution is one tick (1 ms at configTICK_RATE_HZ 1000). */
#include "FreeRTOS.h"
#include "task.h"

#include "freertos_port.h"
#include "mdsec/port.h"

uint64_t mdsec_port_monotonic_us(void)
{
    uint64_t ticks;

    if (sizeof(TickType_t) >= sizeof(uint64_t)) {
        ticks = (uint64_t)xTaskGetTickCount();
    } else {
        TimeOut_t now;
        /* 2^16 or 2^32: one more than the largest tick value. */
        const uint64_t period = (uint64_t)(TickType_t) ~(TickType_t)0 + 1u;
        vTaskSetTimeOutState(&now);
        ticks = mdsec_freertos_extend_ticks((uint64_t)(UBaseType_t)now.xOverflowCount,
                                            (uint64_t)now.xTimeOnEntering, period);
    }
    return mdsec_freertos_ticks_to_us(ticks, (uint32_t)configTICK_RATE_HZ);
}
