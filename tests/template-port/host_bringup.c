/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * A port half way through bring-up, on the host: the functions the build
 * left out of the template (MDSEC_TEMPLATE_OMIT_<function>) are
 * implemented here, the others stay template stubs. The fatal path prints
 * the reason and the stubs reached, then exits with status 3, as a board's
 * fatal handler would log and reset.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

/* Keeps the file a translation unit when nothing is left out. */
typedef int host_bringup_unused_t;

#ifdef MDSEC_TEMPLATE_OMIT_mdsec_port_fatal
void mdsec_port_fatal(mdsec_status_t reason)
{
    size_t i, n = mdsec_template_unimplemented_count();

    (void)printf("host fatal: %s (%d)\n", mdsec_status_str(reason), (int)reason);
    for (i = 0; i < n; i++) {
        (void)printf("host fatal: template stub reached: %s()\n",
                     mdsec_template_unimplemented_name(i));
    }
    (void)fflush(stdout);
    exit(3);
}
#endif

#ifdef MDSEC_TEMPLATE_OMIT_mdsec_port_init
mdsec_status_t mdsec_port_init(void)
{
    return MDSEC_OK;
}
#endif

#ifdef MDSEC_TEMPLATE_OMIT_mdsec_port_name
const char *mdsec_port_name(void)
{
    return "template-host-bringup";
}
#endif

#ifdef MDSEC_TEMPLATE_OMIT_mdsec_port_monotonic_us
uint64_t mdsec_port_monotonic_us(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
#endif
