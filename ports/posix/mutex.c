/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* mdsec_port_mutex_t as an error-checking pthread mutex kept inside the
 * caller's object, with a tag that catches use before init or after
 * destroy. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdalign.h>
#include <string.h>

#include "posix_internal.h"

#define MUTEX_TAG 0x6d75747843u /* "mutxC" */

typedef struct posix_mutex {
    pthread_mutex_t m;
    uint64_t tag;
} posix_mutex_t;

_Static_assert(sizeof(posix_mutex_t) <= MDSEC_PORT_MUTEX_SIZE,
               "pthread_mutex_t does not fit in MDSEC_PORT_MUTEX_SIZE");
_Static_assert(alignof(posix_mutex_t) <= alignof(mdsec_port_mutex_t),
               "mdsec_port_mutex_t is not aligned enough for pthread_mutex_t");

static posix_mutex_t *get(mdsec_port_mutex_t *m)
{
    return (posix_mutex_t *)(void *)m->u.bytes;
}

mdsec_status_t mdsec_port_mutex_init(mdsec_port_mutex_t *m)
{
    pthread_mutexattr_t attr;
    posix_mutex_t *pm;
    int rc;

    if (m == NULL) {
        return MDSEC_ERR_MUTEX;
    }
    memset(m, 0, sizeof *m);
    pm = get(m);
    if (pthread_mutexattr_init(&attr) != 0) {
        return MDSEC_ERR_MUTEX;
    }
    rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    if (rc == 0) {
        rc = pthread_mutex_init(&pm->m, &attr);
    }
    if (pthread_mutexattr_destroy(&attr) != 0 && rc == 0) {
        /* The attribute object is on our stack; a failure here is not
         * recoverable information, but keep the mutex only if it is fine. */
        (void)pthread_mutex_destroy(&pm->m);
        rc = -1;
    }
    if (rc != 0) {
        memset(m, 0, sizeof *m);
        return MDSEC_ERR_MUTEX;
    }
    pm->tag = MUTEX_TAG;
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_mutex_lock(mdsec_port_mutex_t *m)
{
    if (m == NULL || get(m)->tag != MUTEX_TAG) {
        return MDSEC_ERR_MUTEX;
    }
    return pthread_mutex_lock(&get(m)->m) == 0 ? MDSEC_OK : MDSEC_ERR_MUTEX;
}

mdsec_status_t mdsec_port_mutex_unlock(mdsec_port_mutex_t *m)
{
    if (m == NULL || get(m)->tag != MUTEX_TAG) {
        return MDSEC_ERR_MUTEX;
    }
    /* Error-checking type: unlocking a mutex the caller does not hold fails. */
    return pthread_mutex_unlock(&get(m)->m) == 0 ? MDSEC_OK : MDSEC_ERR_MUTEX;
}

void mdsec_port_mutex_destroy(mdsec_port_mutex_t *m)
{
    if (m == NULL || get(m)->tag != MUTEX_TAG) {
        return;
    }
    if (pthread_mutex_destroy(&get(m)->m) != 0) {
        /* Still locked (a caller bug the void contract cannot report):
         * leave it usable rather than wipe a mutex someone holds. */
        return;
    }
    memset(m, 0, sizeof *m);
}
