/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Port identity and bring-up for the FreeRTOS port. */
#include "FreeRTOS.h"

#include "freertos_port.h"
#include "mdsec/port.h"

#if !defined(configSUPPORT_STATIC_ALLOCATION) || configSUPPORT_STATIC_ALLOCATION != 1
#error "the mdsec FreeRTOS port needs configSUPPORT_STATIC_ALLOCATION 1"
#endif
#if !defined(configUSE_MUTEXES) || configUSE_MUTEXES != 1
#error "the mdsec FreeRTOS port needs configUSE_MUTEXES 1"
#endif
#if !defined(INCLUDE_xSemaphoreGetMutexHolder) || INCLUDE_xSemaphoreGetMutexHolder != 1
#error "the mdsec FreeRTOS port needs INCLUDE_xSemaphoreGetMutexHolder 1"
#endif
#if !defined(INCLUDE_xTaskGetSchedulerState) || INCLUDE_xTaskGetSchedulerState != 1
#error "the mdsec FreeRTOS port needs INCLUDE_xTaskGetSchedulerState 1"
#endif

const char *mdsec_port_name(void)
{
    return "freertos";
}

mdsec_status_t mdsec_port_init(void)
{
    return mdsec_freertos_platform_init();
}
