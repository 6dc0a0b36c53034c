/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Fatal errors end the process: a message on stderr, then abort(), so that
 * a core dump or the test harness records the state. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

#include "posix_internal.h"

void mdsec_port_fatal(mdsec_status_t reason)
{
    /* Nothing useful can be done if stderr is gone; abort regardless. */
    (void)fprintf(stderr, "mdsec: fatal: %s (%d)\n", mdsec_status_str(reason), (int)reason);
    abort();
}
