/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Monotonic time from CLOCK_MONOTONIC. */
#define _POSIX_C_SOURCE 200809L

#include <time.h>

#include "posix_internal.h"

uint64_t mdsec_port_monotonic_us(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        /* POSIX requires CLOCK_MONOTONIC; without it there is no way to
         * keep the "never goes backwards" promise. */
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
