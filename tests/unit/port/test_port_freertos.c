/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The FreeRTOS port beyond the portable contract, run inside a FreeRTOS
 * task on the POSIX simulator: tick extension and conversion at the wrap
 * points, monotonic time against vTaskDelay, mutexes between tasks
 * (blocking, priority inheritance, ownership), and the POSIX platform code
 * working while the scheduler switches tasks and its tick interrupts
 * system calls.
 *
 * Helper tasks never call cmocka: they record what they saw, and the test
 * task checks it. They end by suspending themselves, never by deleting
 * themselves: in the simulator a deleted task's thread is reaped by the
 * idle task with pthread_cancel(), and a tick can switch the idle task out
 * while it holds a C library lock (malloc, the dynamic loader) that the
 * next task then waits for at the OS level, behind the kernel's back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "FreeRTOS.h"
#include "task.h"

#include "freertos_port.h"
#include "mdsec/mdsec.h"
#include "mdsec/port_posix.h"
#include "mdsec_freertos_sim.h"
#include "posix_test_util.h"

#define HELPER_STACK (configMINIMAL_STACK_SIZE * 2u)
#define TEST_PRIO    MDSEC_FREERTOS_SIM_PRIORITY

/* ---- Tick arithmetic ----------------------------------------------------- */

static void tick_extension_is_monotonic_across_wraps(void **state)
{
    const uint64_t p32 = (uint64_t)UINT32_MAX + 1u;
    const uint64_t p16 = 65536u;
    (void)state;

    /* 32-bit ticks: the last value before a wrap, then the first after. */
    assert_true(mdsec_freertos_extend_ticks(0, UINT32_MAX, p32) == UINT32_MAX);
    assert_true(mdsec_freertos_extend_ticks(1, 0, p32) == p32);
    assert_true(mdsec_freertos_extend_ticks(1, 0, p32) >
                mdsec_freertos_extend_ticks(0, UINT32_MAX, p32));
    assert_true(mdsec_freertos_extend_ticks(5, 7, p32) == 5u * p32 + 7u);
    /* 16-bit ticks. */
    assert_true(mdsec_freertos_extend_ticks(0, 65535u, p16) == 65535u);
    assert_true(mdsec_freertos_extend_ticks(1, 0, p16) == 65536u);
    assert_true(mdsec_freertos_extend_ticks(3, 1, p16) == 3u * 65536u + 1u);
    /* 64-bit ticks: period 0, overflows ignored. */
    assert_true(mdsec_freertos_extend_ticks(9, 1234u, 0) == 1234u);
}

static void ticks_convert_to_microseconds(void **state)
{
    (void)state;
    assert_true(mdsec_freertos_ticks_to_us(0, 1000) == 0u);
    assert_true(mdsec_freertos_ticks_to_us(1, 1000) == 1000u);
    assert_true(mdsec_freertos_ticks_to_us(1000, 1000) == 1000000u);
    assert_true(mdsec_freertos_ticks_to_us(1, 100) == 10000u);
    assert_true(mdsec_freertos_ticks_to_us(3, 32768) == 91u); /* 91.55 */
    assert_true(mdsec_freertos_ticks_to_us(32768, 32768) == 1000000u);
    /* 2^32 ticks at 1 kHz (the first 32-bit wrap, day 49.7): exact. */
    assert_true(mdsec_freertos_ticks_to_us((uint64_t)1 << 32, 1000) == ((uint64_t)1 << 32) * 1000u);
    /* Large counts do not overflow in the intermediate product. */
    assert_true(mdsec_freertos_ticks_to_us((uint64_t)1 << 50, 1000) == ((uint64_t)1 << 50) * 1000u);
}

static void monotonic_follows_the_tick(void **state)
{
    uint64_t a, b;
    TickType_t t0, t1;
    (void)state;

    a = mdsec_port_monotonic_us();
    t0 = xTaskGetTickCount();
    vTaskDelay(pdMS_TO_TICKS(50));
    t1 = xTaskGetTickCount();
    b = mdsec_port_monotonic_us();
    assert_true(t1 - t0 >= 50u);
    /* One tick of resolution either side. */
    assert_true(b - a >= 49000u);
    assert_true(b - a <= (uint64_t)(t1 - t0 + 1u) * 1000u);
}

/* ---- Mutexes between tasks ----------------------------------------------------- */

typedef struct contender {
    mdsec_port_mutex_t *m;
    volatile int step;
    volatile int saw_flag;
    volatile mdsec_status_t foreign_unlock_rc;
    volatile mdsec_status_t lock_rc;
    volatile mdsec_status_t unlock_rc;
} contender_t;

static volatile int shared_flag;

static void contender_task(void *arg)
{
    contender_t *c = arg;
    c->foreign_unlock_rc = mdsec_port_mutex_unlock(c->m); /* held by the test task */
    c->step = 1;
    c->lock_rc = mdsec_port_mutex_lock(c->m); /* blocks until released */
    c->saw_flag = shared_flag;
    c->unlock_rc = mdsec_port_mutex_unlock(c->m);
    c->step = 2;
    vTaskSuspend(NULL);
}

static void mutex_blocks_other_tasks_and_inherits_priority(void **state)
{
    static StaticTask_t tcb;
    static StackType_t stack[HELPER_STACK];
    static mdsec_port_mutex_t m;
    static contender_t c;
    TaskHandle_t h;
    (void)state;

    memset(&c, 0, sizeof c);
    c.m = &m;
    shared_flag = 0;
    assert_int_equal(mdsec_port_mutex_init(&m), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_lock(&m), MDSEC_OK);
    /* Taking it again would deadlock: refused. */
    assert_int_equal(mdsec_port_mutex_lock(&m), MDSEC_ERR_MUTEX);

    /* A higher-priority task runs at once, and blocks on the mutex. */
    h = xTaskCreateStatic(contender_task, "contender", HELPER_STACK, &c, TEST_PRIO + 1u, stack,
                          &tcb);
    assert_non_null(h);
    assert_int_equal(c.step, 1);
    assert_int_equal(c.foreign_unlock_rc, MDSEC_ERR_MUTEX); /* not the holder */
    assert_int_equal(eTaskGetState(h), eBlocked);
    /* Priority inheritance: the holder now runs at the waiter's priority. */
    assert_int_equal(uxTaskPriorityGet(NULL), TEST_PRIO + 1u);
    /* A destroy while held is refused (the mutex stays usable). */
    mdsec_port_mutex_destroy(&m);

    shared_flag = 1;
    assert_int_equal(mdsec_port_mutex_unlock(&m), MDSEC_OK);
    /* The waiter preempted us on release, and finished. */
    assert_int_equal(c.step, 2);
    assert_int_equal(c.lock_rc, MDSEC_OK);
    assert_int_equal(c.saw_flag, 1);
    assert_int_equal(c.unlock_rc, MDSEC_OK);
    assert_int_equal(uxTaskPriorityGet(NULL), TEST_PRIO);

    assert_int_equal(mdsec_port_mutex_unlock(&m), MDSEC_ERR_MUTEX); /* not held */
    mdsec_port_mutex_destroy(&m);
    assert_int_equal(mdsec_port_mutex_lock(&m), MDSEC_ERR_MUTEX); /* destroyed */
    assert_int_equal(eTaskGetState(h), eSuspended);
}

/* ---- Platform code under the scheduler --------------------------------------------- */

#define WORKER_UNITS 64u
#define UNIT         8u

typedef struct worker {
    uint32_t base;
    volatile int done;
    volatile int errors;
} worker_t;

static void worker_task(void *arg)
{
    worker_t *w = arg;
    uint8_t data[UNIT], rd[UNIT];
    uint32_t i;

    for (i = 0; i < WORKER_UNITS; i++) {
        uint32_t off = w->base + i * UNIT;
        memset(data, (int)(0x10u + (w->base >> 12) + i), sizeof data);
        if (mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, off, data, UNIT) != MDSEC_OK ||
            mdsec_port_storage_read(MDSEC_PORT_REGION_LOG, off, rd, UNIT) != MDSEC_OK ||
            memcmp(rd, data, UNIT) != 0) {
            w->errors++;
        }
        taskYIELD();
    }
    w->done = 1;
    vTaskSuspend(NULL);
}

static volatile int stop_spinner;
static volatile unsigned long spins;

static void spinner_task(void *arg)
{
    (void)arg;
    while (!stop_spinner) {
        spins++;
    }
    vTaskSuspend(NULL);
}

static void platform_works_between_tasks(void **state)
{
    static StaticTask_t tcb[3];
    static StackType_t stack[3][HELPER_STACK];
    static worker_t w[2];
    uint64_t v0 = 0, v = 0;
    uint8_t rd[UNIT];
    unsigned int i, k;
    (void)state;

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_LOG, 0, 2u * 4096u), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_read(0, &v0), MDSEC_OK);

    /* A busy task at our priority: time slicing switches to it on every
     * tick, and the tick signal interrupts our system calls. */
    stop_spinner = 0;
    spins = 0;
    assert_non_null(xTaskCreateStatic(spinner_task, "spinner", HELPER_STACK, NULL, TEST_PRIO,
                                      stack[2], &tcb[2]));
    memset(w, 0, sizeof w);
    for (k = 0; k < 2; k++) {
        w[k].base = k * 4096u;
        assert_non_null(xTaskCreateStatic(worker_task, "worker", HELPER_STACK, &w[k], TEST_PRIO,
                                          stack[k], &tcb[k]));
    }
    for (i = 0; i < 40u; i++) {
        uint8_t s[MDSEC_ROOT_SECRET_LEN];
        assert_int_equal(mdsec_port_counter_advance(0, v0 + i + 1u), MDSEC_OK);
        assert_int_equal(mdsec_port_root_secret(s), MDSEC_OK);
        assert_int_equal(mdsec_port_entropy(s, sizeof s), MDSEC_OK);
    }
    while (!(w[0].done && w[1].done)) {
        vTaskDelay(1);
    }
    stop_spinner = 1;
    vTaskDelay(5);
    assert_true(spins > 0u);
    for (k = 0; k < 2; k++) {
        assert_int_equal(w[k].errors, 0);
        for (i = 0; i < WORKER_UNITS; i++) {
            assert_int_equal(
                mdsec_port_storage_read(MDSEC_PORT_REGION_LOG, w[k].base + i * UNIT, rd, UNIT),
                MDSEC_OK);
            assert_int_equal(rd[0], (uint8_t)(0x10u + k + i));
        }
    }
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_OK);
    assert_true(v == v0 + 40u);
}

static void port_identity(void **state)
{
    (void)state;
    assert_string_equal(mdsec_port_name(), "freertos");
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(xTaskGetSchedulerState(), taskSCHEDULER_RUNNING);
}

static int run_freertos_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(port_identity),
        cmocka_unit_test(tick_extension_is_monotonic_across_wraps),
        cmocka_unit_test(ticks_convert_to_microseconds),
        cmocka_unit_test(monotonic_follows_the_tick),
        cmocka_unit_test(mutex_blocks_other_tasks_and_inherits_priority),
        cmocka_unit_test(platform_works_between_tasks),
    };
    return cmocka_run_group_tests_name("port_freertos", tests, NULL, NULL);
}

int main(void)
{
    char dir[4096];
    int failed;

    if (mdsec_test_make_temp_dir(dir, sizeof dir, "port-freertos") != 0 ||
        mdsec_posix_set_state_dir(dir) != MDSEC_OK) {
        (void)fprintf(stderr, "cannot prepare a state directory\n");
        return 2;
    }
    failed = mdsec_freertos_sim_run(run_freertos_tests);
    mdsec_posix_deinit();
    if (mdsec_test_remove_tree(dir) != 0) {
        return 2;
    }
    return failed == 0 ? 0 : 1;
}
