/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The platform lock of the POSIX port: one process-wide pthread mutex. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>

#include "posix_internal.h"

static pthread_mutex_t platform_lock = PTHREAD_MUTEX_INITIALIZER;

mdsec_status_t mdsec_posix_lock(void)
{
    return pthread_mutex_lock(&platform_lock) == 0 ? MDSEC_OK : MDSEC_ERR_MUTEX;
}

void mdsec_posix_unlock(void)
{
    if (pthread_mutex_unlock(&platform_lock) != 0) {
        /* Only possible when the lock is not held: a bug in this port. */
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
}
