/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: name, start-up and the fatal-error path.
 *
 * Every function below is a stub that fails loudly until you implement it.
 * To implement one: replace its body, delete the #warning line above it,
 * and keep the rules in its comment; then run test_port_contract (see
 * docs/porting.md). Defining MDSEC_TEMPLATE_OMIT_<function> (for example
 * -DMDSEC_TEMPLATE_OMIT_mdsec_port_fatal) leaves a stub out, for a function
 * you implement in a file of your own.
 *
 * Implement these three first: mdsec_port_fatal() so that a stub that
 * cannot return a status stops the device in a way you can see,
 * mdsec_port_init() because the contract test starts with it, and
 * mdsec_port_name() because it is the first test case.
 */
#include <stdint.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_name
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_name() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_name() must:
 *  - return a static, NUL-terminated, non-empty string naming the port,
 *    for example "acme-stm32l4" (it is never freed and never changes);
 *  - never fail.
 * Checked by test_port_contract: port_name_and_init_is_idempotent.
 *
 * Stub: it has no status to return, so it calls
 * mdsec_port_fatal(MDSEC_ERR_PORT_UNIMPLEMENTED).
 */
const char *mdsec_port_name(void)
{
    mdsec_template_unimplemented_fatal("mdsec_port_name");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_init
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_init() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_init() must:
 *  - bring up everything the other port functions need: clocks and the
 *    monotonic timer, the entropy source (with its start-up health test),
 *    the flash driver behind the storage regions, the counter store and
 *    access to the root secret;
 *  - return MDSEC_OK when all of it is up, or the specific failure of the
 *    part that is not (for example MDSEC_ERR_ENTROPY when the TRNG's
 *    start-up test fails, MDSEC_ERR_STORAGE_IO when flash does not answer);
 *  - when called again after a success, do nothing and return MDSEC_OK;
 *    after a failure, try again on the next call;
 *  - be the last place the port allocates from a heap, if it does at all:
 *    no port function may allocate after mdsec_port_init().
 * It is called once before any other mdsec function.
 * Checked by test_port_contract: the group set-up (every case is skipped
 * when it fails) and port_name_and_init_is_idempotent (two more calls).
 */
mdsec_status_t mdsec_port_init(void)
{
    return mdsec_template_unimplemented("mdsec_port_init");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_fatal
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_fatal() not implemented (ports/template stub)"
#endif
/* The reason of the last fatal call, for a debugger. */
static volatile int32_t template_fatal_reason;

/*
 * mdsec_port_fatal(reason) must:
 *  - never return: reset the device (Cortex-M: AIRCR.SYSRESETREQ, then
 *    spin until the reset takes effect) or halt it;
 *  - before that, put the device's actuators into their safe state and,
 *    if you can, record reason (an mdsec_status_t) where you will find it
 *    after the reset (a no-init RAM word, a crash log);
 *  - work with interrupts masked and without taking any lock or mutex,
 *    since mdsec may call it while holding one;
 *  - accept any reason value.
 * mdsec calls it when it finds a state it cannot continue from (a
 * fault-injection check that disagrees with itself). No contract test case
 * calls it, since it never returns; check it on the board with a test image
 * that calls it and watches for the reset (tests/target/port_fatal.c does
 * this for the QEMU board).
 *
 * Stub: it halts in an endless loop (with the reason in
 * template_fatal_reason); a watchdog, if running, resets the device.
 */
void mdsec_port_fatal(mdsec_status_t reason)
{
    (void)mdsec_template_unimplemented("mdsec_port_fatal");
    template_fatal_reason = (int32_t)reason;
    for (;;) {
    }
}
#endif
