/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Fatal errors halt the device the way configASSERT() conventionally does:
 * interrupts off (so no task or ISR runs again), the reason left in a
 * variable a debugger can read, and an endless loop that the watchdog
 * turns into a reset.
 *
 * Under the POSIX simulator (MDSEC_FREERTOS_SIM) an endless loop would hang
 * the test run, so the simulated device is stopped instead: the reason is
 * printed to stderr and the scheduler ended with vTaskEndScheduler(), which
 * makes vTaskStartScheduler() return in main() (the test runner then exits
 * with a distinct status). Called outside the scheduler it aborts. */
#include "FreeRTOS.h"
#include "task.h"

#include "freertos_port.h"
#include "mdsec/port.h"

#if defined(MDSEC_FREERTOS_SIM)
#include <stdio.h>
#include <stdlib.h>
#endif

/* The last fatal reason; MDSEC_OK until mdsec_port_fatal() runs. Volatile
 * so that the store is kept for the debugger. */
volatile mdsec_status_t mdsec_freertos_fatal_reason = MDSEC_OK;

void mdsec_port_fatal(mdsec_status_t reason)
{
    mdsec_freertos_fatal_reason = reason;
#if defined(MDSEC_FREERTOS_SIM)
    (void)fprintf(stderr, "mdsec: fatal: %s (%d)\n", mdsec_status_str(reason), (int)reason);
    if (xTaskGetSchedulerState() != taskSCHEDULER_NOT_STARTED) {
        vTaskEndScheduler(); /* blocks this task until the runner deletes it */
    }
    abort();
#else
    taskDISABLE_INTERRUPTS();
    for (;;) {
    }
#endif
}
