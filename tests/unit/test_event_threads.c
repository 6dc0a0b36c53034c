/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec_event_set_sink() installs the sink and its context as one pair: an
 * event emitted while another thread replaces the sink reaches either the
 * old sink with the old context or the new sink with the new one, never a
 * sink with the other's context.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mdsec/event.h"

static int ctx_a, ctx_b;
static atomic_int mixed, delivered;
static atomic_int stop;
static atomic_uint flips;

static void sink_a(void *ctx, const mdsec_event_t *ev)
{
    (void)ev;
    atomic_fetch_add(&delivered, 1);
    if (ctx != &ctx_a) {
        atomic_fetch_add(&mixed, 1);
    }
}

static void sink_b(void *ctx, const mdsec_event_t *ev)
{
    (void)ev;
    atomic_fetch_add(&delivered, 1);
    if (ctx != &ctx_b) {
        atomic_fetch_add(&mixed, 1);
    }
}

static void *flipper(void *arg)
{
    unsigned i;
    (void)arg;
    for (i = 0; i < 2000000u && atomic_load(&stop) == 0; i++) {
        if ((i & 1u) != 0u) {
            mdsec_event_set_sink(sink_a, &ctx_a);
        } else {
            mdsec_event_set_sink(sink_b, &ctx_b);
        }
        /* Replacements as fast as a task can make them, but each one a
         * scheduling point: the contract allows replacing the sink while
         * other tasks emit, not replacing it thousands of times within one
         * emit (which would make the bounded retry give up). */
        (void)sched_yield();
        atomic_fetch_add(&flips, 1u);
    }
    return NULL;
}

static void sink_and_context_change_together(void **state)
{
    static const mdsec_event_t ev = {
        MDSEC_EV_TAMPER, MDSEC_OUTCOME_MAJOR, MDSEC_SRC_APP, MDSEC_OK, 0, NULL, 0};
    pthread_t t;
    unsigned i;
    (void)state;
    mdsec_event_set_sink(sink_a, &ctx_a);
    atomic_store(&stop, 0);
    assert_int_equal(pthread_create(&t, NULL, flipper, NULL), 0);
    /* At least 2,000,000 emits, and on until 1000 replacements raced with
     * them however the threads are scheduled (bounded: 200,000,000). The
     * emitting thread yields every 256 emits: without that, two busy
     * threads on a loaded two-core machine left the replacing thread 815
     * replacements in 200,000,000 emits. */
    for (i = 0; i < 200000000u && (i < 2000000u || atomic_load(&flips) < 1000u); i++) {
        mdsec_event_emit(&ev);
        /* A scheduling point now and then, so that the replacing thread
         * gets its turns even on a loaded machine with few cores. */
        if ((i & 255u) == 255u) {
            (void)sched_yield();
        }
    }
    atomic_store(&stop, 1);
    assert_int_equal(pthread_join(t, NULL), 0);
    mdsec_event_set_sink(NULL, NULL);
    assert_int_equal(atomic_load(&delivered), (int)i);
    assert_int_equal(atomic_load(&mixed), 0);
    /* The emits did race with replacements (or this test proves nothing). */
    print_message("%u sink replacements during %u emits\n", atomic_load(&flips), i);
    assert_true(atomic_load(&flips) >= 1000u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sink_and_context_change_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
