/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* mdsec_port_mutex_t as a statically allocated FreeRTOS mutex (priority
 * inheritance included) kept inside the caller's object, with a tag that
 * catches use before init or after destroy. */
#include <stdalign.h>
#include <string.h>

#include "FreeRTOS.h"
#include "semphr.h"
#include "task.h"

#include "mdsec/port.h"

#define MUTEX_TAG 0x6d757446u /* "mutF" */

typedef struct freertos_mutex {
    StaticSemaphore_t storage;
    SemaphoreHandle_t handle;
    uint32_t tag;
} freertos_mutex_t;

_Static_assert(sizeof(freertos_mutex_t) <= MDSEC_PORT_MUTEX_SIZE,
               "StaticSemaphore_t does not fit in MDSEC_PORT_MUTEX_SIZE");
_Static_assert(alignof(freertos_mutex_t) <= alignof(mdsec_port_mutex_t),
               "mdsec_port_mutex_t is not aligned enough for StaticSemaphore_t");

static freertos_mutex_t *get(mdsec_port_mutex_t *m)
{
    return (freertos_mutex_t *)(void *)m->u.bytes;
}

static int valid(mdsec_port_mutex_t *m)
{
    return m != NULL && get(m)->tag == MUTEX_TAG && get(m)->handle != NULL;
}

mdsec_status_t mdsec_port_mutex_init(mdsec_port_mutex_t *m)
{
    freertos_mutex_t *fm;

    if (m == NULL) {
        return MDSEC_ERR_MUTEX;
    }
    memset(m, 0, sizeof *m);
    fm = get(m);
    fm->handle = xSemaphoreCreateMutexStatic(&fm->storage);
    if (fm->handle == NULL) {
        return MDSEC_ERR_MUTEX;
    }
    fm->tag = MUTEX_TAG;
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_mutex_lock(mdsec_port_mutex_t *m)
{
    if (!valid(m)) {
        return MDSEC_ERR_MUTEX;
    }
    /* A second take by the holder would deadlock: refuse it instead. */
    if (xSemaphoreGetMutexHolder(get(m)->handle) == xTaskGetCurrentTaskHandle() &&
        xTaskGetSchedulerState() != taskSCHEDULER_NOT_STARTED) {
        return MDSEC_ERR_MUTEX;
    }
    return xSemaphoreTake(get(m)->handle, portMAX_DELAY) == pdTRUE ? MDSEC_OK : MDSEC_ERR_MUTEX;
}

mdsec_status_t mdsec_port_mutex_unlock(mdsec_port_mutex_t *m)
{
    if (!valid(m)) {
        return MDSEC_ERR_MUTEX;
    }
    /* Only the holder may give a mutex back (the kernel would assert). */
    if (xSemaphoreGetMutexHolder(get(m)->handle) != xTaskGetCurrentTaskHandle()) {
        return MDSEC_ERR_MUTEX;
    }
    return xSemaphoreGive(get(m)->handle) == pdTRUE ? MDSEC_OK : MDSEC_ERR_MUTEX;
}

void mdsec_port_mutex_destroy(mdsec_port_mutex_t *m)
{
    if (!valid(m) || xSemaphoreGetMutexHolder(get(m)->handle) != NULL) {
        return; /* not a mutex, or still held: the void contract cannot say */
    }
    vSemaphoreDelete(get(m)->handle);
    memset(m, 0, sizeof *m);
}
