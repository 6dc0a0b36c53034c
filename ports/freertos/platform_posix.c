/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Glue that runs the POSIX platform code (ports/posix: storage, counters,
 * entropy, wall clock, root secret) under the FreeRTOS POSIX simulator.
 *
 * The platform lock suspends the scheduler rather than taking a pthread
 * mutex: FreeRTOS tasks are pthreads here, and a task switched out while
 * holding a pthread mutex would block the others at the OS level, behind
 * the kernel's back. Suspending the scheduler keeps the short file
 * operations atomic with respect to other tasks; ticks are only deferred.
 * Before the scheduler starts there is a single thread and nothing to do. */
#include "FreeRTOS.h"
#include "task.h"

#include "freertos_port.h"
#include "posix_internal.h"

mdsec_status_t mdsec_posix_lock(void)
{
    if (xTaskGetSchedulerState() != taskSCHEDULER_NOT_STARTED) {
        vTaskSuspendAll();
    }
    return MDSEC_OK;
}

void mdsec_posix_unlock(void)
{
    if (xTaskGetSchedulerState() == taskSCHEDULER_SUSPENDED) {
        /* The return value only says whether a yield already happened. */
        (void)xTaskResumeAll();
    }
}

mdsec_status_t mdsec_freertos_platform_init(void)
{
    mdsec_status_t rc = mdsec_posix_lock();

    if (rc != MDSEC_OK) {
        return rc;
    }
    rc = mdsec_posix_platform_init();
    mdsec_posix_unlock();
    return rc;
}
