/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: mutexes. On a single core without an RTOS a critical
 * section that masks interrupts is enough (ports/baremetal/port_mutex.c is
 * one); under an RTOS use its statically allocated mutex (ports/freertos).
 * See port.c for how to implement a stub.
 *
 * The port's own object lives inside the caller's mdsec_port_mutex_t, in
 * its MDSEC_PORT_MUTEX_SIZE bytes (m->u.bytes); no heap. Check at compile
 * time that it fits, for example:
 *
 *   _Static_assert(sizeof(my_mutex_t) <= MDSEC_PORT_MUTEX_SIZE, "fits");
 *   _Static_assert(_Alignof(my_mutex_t) <= _Alignof(mdsec_port_mutex_t), "aligned");
 *
 * None of these functions is called from an interrupt handler.
 */
#include <stddef.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_mutex_init
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_mutex_init() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_mutex_init(m) must:
 *  - make *m an unlocked mutex, keeping all its state inside *m;
 *  - work on storage that was destroyed before (re-initialisation);
 *  - return MDSEC_OK, or MDSEC_ERR_MUTEX (also for m == NULL).
 * Checked by test_port_contract: mutex_lifecycle.
 */
mdsec_status_t mdsec_port_mutex_init(mdsec_port_mutex_t *m)
{
    (void)m;
    return mdsec_template_unimplemented("mdsec_port_mutex_init");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_mutex_lock
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_mutex_lock() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_mutex_lock(m) must:
 *  - take the initialised mutex *m, waiting as long as needed, and exclude
 *    every other task until the unlock;
 *  - allow the caller to hold two different mutexes at once (taken a then
 *    b, released b then a);
 *  - return MDSEC_OK, or MDSEC_ERR_MUTEX without taking anything when it
 *    cannot (m == NULL, never initialised, or a second lock of a mutex the
 *    caller already holds, which would deadlock).
 * Checked by test_port_contract: mutex_lifecycle.
 */
mdsec_status_t mdsec_port_mutex_lock(mdsec_port_mutex_t *m)
{
    (void)m;
    return mdsec_template_unimplemented("mdsec_port_mutex_lock");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_mutex_unlock
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_mutex_unlock() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_mutex_unlock(m) must:
 *  - release *m, taken by the caller, so that it can be taken again;
 *  - return MDSEC_OK, or MDSEC_ERR_MUTEX without changing anything when *m
 *    is not held by the caller (or m == NULL).
 * Checked by test_port_contract: mutex_lifecycle.
 */
mdsec_status_t mdsec_port_mutex_unlock(mdsec_port_mutex_t *m)
{
    (void)m;
    return mdsec_template_unimplemented("mdsec_port_mutex_unlock");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_mutex_destroy
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_mutex_destroy() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_mutex_destroy(m) must:
 *  - release whatever the port holds for the unlocked mutex *m, after
 *    which *m may be initialised again;
 *  - ignore m == NULL; never fail.
 * Checked by test_port_contract: mutex_lifecycle (destroy, then init, lock
 * and unlock again).
 *
 * Stub: it has no status to return, so it calls
 * mdsec_port_fatal(MDSEC_ERR_PORT_UNIMPLEMENTED).
 */
void mdsec_port_mutex_destroy(mdsec_port_mutex_t *m)
{
    (void)m;
    mdsec_template_unimplemented_fatal("mdsec_port_mutex_destroy");
}
#endif
