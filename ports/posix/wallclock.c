/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Wall-clock time from CLOCK_REALTIME. */
#define _POSIX_C_SOURCE 200809L

#include <time.h>

#include "posix_internal.h"

/* 2020-01-01T00:00:00Z. A clock behind this was never set (boards without a
 * battery-backed RTC boot at 1970), so the time is reported as unknown. */
#define EARLIEST_PLAUSIBLE_UNIX_S 1577836800LL

mdsec_status_t mdsec_port_wallclock_ms(int64_t *unix_ms)
{
    struct timespec ts;

    if (unix_ms == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *unix_ms = 0;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
        (long long)ts.tv_sec < EARLIEST_PLAUSIBLE_UNIX_S) {
        return MDSEC_ERR_TIME_UNKNOWN;
    }
    *unix_ms = (int64_t)ts.tv_sec * 1000 + (int64_t)(ts.tv_nsec / 1000000L);
    return MDSEC_OK;
}
