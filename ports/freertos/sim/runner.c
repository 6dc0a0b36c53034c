/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The simulator runs each FreeRTOS task on a pthread. */
#define _POSIX_C_SOURCE 200809L

#include "mdsec_freertos_sim.h"

#include <pthread.h>

#include "FreeRTOS.h"
#include "task.h"

#include "freertos_port.h"

#define RUNNER_STACK_WORDS (configMINIMAL_STACK_SIZE * 4u)

static StaticTask_t runner_tcb;
static StackType_t runner_stack[RUNNER_STACK_WORDS];
static int (*runner_fn)(void);
static volatile int runner_result = -1;
static volatile int runner_returned = 0;

static void runner_task(void *arg)
{
    (void)arg;
    runner_result = runner_fn();
    runner_returned = 1;
    /* Makes vTaskStartScheduler() return in the main thread; this task's
     * thread waits inside the simulator until the process exits. */
    vTaskEndScheduler();
    for (;;) {
    }
}

static void *exiting_thread(void *arg)
{
    (void)arg;
    pthread_exit(NULL);
}

/* glibc loads its unwinder (libgcc_s) with dlopen() the first time a thread
 * exits or is cancelled. Under the scheduler that first time is when the
 * kernel deletes a task, and a tick can then switch tasks while the
 * dynamic loader's lock is held, which deadlocks the simulator. Do it once
 * here, before the scheduler starts. */
static int preload_thread_exit(void)
{
    pthread_t t;

    if (pthread_create(&t, NULL, exiting_thread, NULL) != 0) {
        return -1;
    }
    return pthread_join(t, NULL) == 0 ? 0 : -1;
}

int mdsec_freertos_sim_run(int (*fn)(void))
{
    TaskHandle_t h;

    if (preload_thread_exit() != 0) {
        return -1;
    }
    runner_fn = fn;
    h = xTaskCreateStatic(runner_task, "mdsec-test", RUNNER_STACK_WORDS, NULL,
                          MDSEC_FREERTOS_SIM_PRIORITY, runner_stack, &runner_tcb);
    if (h == NULL) {
        return -1;
    }
    vTaskStartScheduler();
    if (!runner_returned) {
        return mdsec_freertos_fatal_reason != MDSEC_OK ? MDSEC_FREERTOS_SIM_FATAL : -1;
    }
    return runner_result;
}

mdsec_status_t mdsec_freertos_sim_fatal_reason(void)
{
    return mdsec_freertos_fatal_reason;
}
