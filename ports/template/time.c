/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: the monotonic clock and the wall clock. See port.c for how
 * to implement a stub.
 */
#include <stddef.h>
#include <stdint.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_monotonic_us
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_monotonic_us() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_monotonic_us() must:
 *  - return microseconds since a fixed point at or before boot;
 *  - never go backwards, not even when a 16- or 32-bit hardware timer
 *    wraps: extend it to 64 bits (count the overflows, and read the count
 *    and the timer so that an overflow between the two reads is seen);
 *  - advance: its resolution may be coarser than a microsecond (a 1 ms
 *    tick is fine), but the value must change while the caller spins;
 *  - never fail, and be callable from any task.
 * Checked by test_port_contract: monotonic_never_decreases_and_advances
 * (100000 reads never decrease; the value changes within 50 million reads).
 *
 * Stub: it has no status to return, so it calls
 * mdsec_port_fatal(MDSEC_ERR_PORT_UNIMPLEMENTED).
 */
uint64_t mdsec_port_monotonic_us(void)
{
    mdsec_template_unimplemented_fatal("mdsec_port_monotonic_us");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_wallclock_ms
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_wallclock_ms() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_wallclock_ms(unix_ms) must:
 *  - set *unix_ms to the UTC time in milliseconds since 1970-01-01 and
 *    return MDSEC_OK, only when the device knows the time (an RTC set from
 *    a trusted source and kept since);
 *  - otherwise set *unix_ms to 0 and return MDSEC_ERR_TIME_UNKNOWN: no RTC,
 *    an RTC never set, or one that lost its time (a value before
 *    2000-01-01 is never "known"); never guess;
 *  - refuse unix_ms == NULL with MDSEC_ERR_INVALID_ARG.
 * A device without an RTC implements it as "*unix_ms = 0; return
 * MDSEC_ERR_TIME_UNKNOWN;" and mdsec logs with monotonic time only.
 * Checked by test_port_contract: wallclock_is_known_or_reports_unknown
 * (MDSEC_OK with a time after 2000-01-01, or MDSEC_ERR_TIME_UNKNOWN and 0).
 */
mdsec_status_t mdsec_port_wallclock_ms(int64_t *unix_ms)
{
    if (unix_ms != NULL) {
        *unix_ms = 0;
    }
    return mdsec_template_unimplemented("mdsec_port_wallclock_ms");
}
#endif
