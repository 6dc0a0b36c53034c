/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec_port_mutex_* for a single Cortex-M core without an RTOS: a critical
 * section that masks interrupts through PRIMASK.
 *
 * lock saves the caller's PRIMASK inside the mutex and masks interrupts;
 * unlock puts the saved value back. Sections nest (a second mutex taken
 * while the first is held saves "masked" and so restores "masked"), as long
 * as they are released in the reverse order: each mutex records the nesting
 * level it was taken at, and an out-of-order unlock, a second lock of a
 * held mutex (a self-deadlock on one core) or the use of a mutex that was
 * never initialised returns MDSEC_ERR_MUTEX without changing anything.
 *
 * PRIMASK can only be changed by privileged code; an unprivileged thread's
 * write is silently ignored by the core, so lock refuses with
 * MDSEC_ERR_MUTEX rather than pretend to exclude anything. (An unprivileged
 * caller needs an SVC-based port.) Not for use from interrupt handlers, as
 * port.h says.
 */
#include <stdint.h>
#include <string.h>

#include "mdsec/port.h"

#include "cortexm.h"

#define MUTEX_MAGIC 0x6d757478u /* "mutx" */
#define MUTEX_HELD  0xa55a5aa5u

/* What the port keeps inside mdsec_port_mutex_t. */
typedef struct cm_mutex {
    uint32_t magic;   /* MUTEX_MAGIC once initialised. */
    uint32_t held;    /* MUTEX_HELD while locked, 0 otherwise. */
    uint32_t primask; /* The holder's PRIMASK before lock. */
    uint32_t level;   /* Nesting level it was taken at (1 = outermost). */
} cm_mutex_t;

_Static_assert(sizeof(cm_mutex_t) <= MDSEC_PORT_MUTEX_SIZE,
               "the Cortex-M critical section must fit in mdsec_port_mutex_t");
_Static_assert(_Alignof(cm_mutex_t) <= _Alignof(mdsec_port_mutex_t),
               "mdsec_port_mutex_t must be aligned for the Cortex-M critical section");

/* Number of port mutexes held; only changed with interrupts masked. */
static uint32_t cm_depth;

/* The state is copied in and out rather than accessed through a cast, so
 * that no strict-aliasing assumption is made about the caller's storage. */
static void cm_load(const mdsec_port_mutex_t *m, cm_mutex_t *c)
{
    memcpy(c, m->u.bytes, sizeof(*c));
}

static void cm_store(mdsec_port_mutex_t *m, const cm_mutex_t *c)
{
    memcpy(m->u.bytes, c, sizeof(*c));
}

mdsec_status_t mdsec_port_mutex_init(mdsec_port_mutex_t *m)
{
    cm_mutex_t c;

    if (m == NULL) {
        return MDSEC_ERR_MUTEX;
    }
    memset(m, 0, sizeof(*m));
    c.magic = MUTEX_MAGIC;
    c.held = 0u;
    c.primask = 0u;
    c.level = 0u;
    cm_store(m, &c);
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_mutex_lock(mdsec_port_mutex_t *m)
{
    cm_mutex_t c;
    uint32_t saved;

    if (m == NULL || !mdsec_cm_is_privileged()) {
        return MDSEC_ERR_MUTEX;
    }
    saved = mdsec_cm_primask_get();
    mdsec_cm_irq_disable();
    cm_load(m, &c);
    if (c.magic != MUTEX_MAGIC || c.held != 0u || cm_depth == UINT32_MAX) {
        mdsec_cm_primask_set(saved);
        return MDSEC_ERR_MUTEX;
    }
    cm_depth++;
    c.held = MUTEX_HELD;
    c.primask = saved;
    c.level = cm_depth;
    cm_store(m, &c);
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_mutex_unlock(mdsec_port_mutex_t *m)
{
    cm_mutex_t c;
    uint32_t now;

    if (m == NULL) {
        return MDSEC_ERR_MUTEX;
    }
    now = mdsec_cm_primask_get();
    mdsec_cm_irq_disable();
    cm_load(m, &c);
    if (c.magic != MUTEX_MAGIC || c.held != MUTEX_HELD || c.level != cm_depth || cm_depth == 0u) {
        mdsec_cm_primask_set(now);
        return MDSEC_ERR_MUTEX;
    }
    cm_depth--;
    c.held = 0u;
    c.level = 0u;
    now = c.primask;
    c.primask = 0u;
    cm_store(m, &c);
    mdsec_cm_primask_set(now);
    return MDSEC_OK;
}

void mdsec_port_mutex_destroy(mdsec_port_mutex_t *m)
{
    cm_mutex_t c;

    if (m == NULL) {
        return;
    }
    cm_load(m, &c);
    /* A held section cannot be torn down without leaving interrupts masked
     * for good; leave it (the misuse shows as MDSEC_ERR_MUTEX later). */
    if (c.held == MUTEX_HELD) {
        return;
    }
    mdsec_memzero(m, sizeof(*m));
}
