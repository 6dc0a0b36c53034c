/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * FreeRTOS configuration for the POSIX simulator (FreeRTOS-Kernel
 * portable/ThirdParty/GCC/Posix) on which mdsec's FreeRTOS port is tested.
 *
 * Static allocation only: no heap_N.c is linked, and every kernel object
 * mdsec creates lives in memory its caller owns, as on a certified device.
 * (The simulator itself still uses malloc for its pthread bookkeeping.)
 *
 * Options the mdsec FreeRTOS port needs in ANY FreeRTOSConfig.h:
 *   configSUPPORT_STATIC_ALLOCATION 1, configUSE_MUTEXES 1,
 *   INCLUDE_xSemaphoreGetMutexHolder 1, INCLUDE_xTaskGetSchedulerState 1
 *   (and INCLUDE_xTaskGetCurrentTaskHandle 1, which FreeRTOS turns on with
 *   mutexes). The port checks them at compile time.
 */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

#include <stdio.h>
#include <stdlib.h>

/* Scheduler. The simulator's tick is a host timer thread. */
#define configUSE_PREEMPTION                    1
#define configUSE_TIME_SLICING                  1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION 0
#define configUSE_TICKLESS_IDLE                 0
#define configTICK_RATE_HZ                      1000
#define configMAX_PRIORITIES                    5
/* In the simulator each task runs on its own pthread stack; the FreeRTOS
 * stack only holds the port's thread record. */
#define configMINIMAL_STACK_SIZE                256
#define configMAX_TASK_NAME_LEN                 16
#define configTICK_TYPE_WIDTH_IN_BITS           TICK_TYPE_WIDTH_64_BITS
#define configIDLE_SHOULD_YIELD                 1
#define configTASK_NOTIFICATION_ARRAY_ENTRIES   1
#define configQUEUE_REGISTRY_SIZE               0
#define configENABLE_BACKWARD_COMPATIBILITY     0
#define configNUM_THREAD_LOCAL_STORAGE_POINTERS 0
#define configUSE_MINI_LIST_ITEM                1
#define configSTACK_DEPTH_TYPE                  size_t
#define configMESSAGE_BUFFER_LENGTH_TYPE        size_t
#define configUSE_NEWLIB_REENTRANT              0

/* Memory: static allocation only. The kernel supplies the idle task's
 * memory itself. */
#define configSUPPORT_STATIC_ALLOCATION     1
#define configSUPPORT_DYNAMIC_ALLOCATION    0
#define configKERNEL_PROVIDED_STATIC_MEMORY 1
#define configAPPLICATION_ALLOCATED_HEAP    0

/* Features. No timer task, no hooks. */
#define configUSE_TIMERS                     0
#define configUSE_EVENT_GROUPS               0
#define configUSE_STREAM_BUFFERS             0
#define configUSE_IDLE_HOOK                  0
#define configUSE_TICK_HOOK                  0
#define configUSE_MALLOC_FAILED_HOOK         0
#define configUSE_DAEMON_TASK_STARTUP_HOOK   0
#define configCHECK_FOR_STACK_OVERFLOW       0
#define configGENERATE_RUN_TIME_STATS        0
#define configUSE_TRACE_FACILITY             0
#define configUSE_STATS_FORMATTING_FUNCTIONS 0
#define configUSE_CO_ROUTINES                0
#define configUSE_TASK_NOTIFICATIONS         1
#define configUSE_MUTEXES                    1
#define configUSE_RECURSIVE_MUTEXES          0
#define configUSE_COUNTING_SEMAPHORES        1
#define configUSE_QUEUE_SETS                 0
#define configUSE_APPLICATION_TASK_TAG       0
#define configUSE_POSIX_ERRNO                0

/* Interrupt priorities mean nothing in the simulator. */
#define configKERNEL_INTERRUPT_PRIORITY       0
#define configMAX_SYSCALL_INTERRUPT_PRIORITY  0
#define configMAX_API_CALL_INTERRUPT_PRIORITY 0

#define INCLUDE_vTaskPrioritySet            1
#define INCLUDE_uxTaskPriorityGet           1
#define INCLUDE_vTaskDelete                 1
#define INCLUDE_vTaskSuspend                1
#define INCLUDE_xTaskDelayUntil             1
#define INCLUDE_vTaskDelay                  1
#define INCLUDE_xTaskGetSchedulerState      1
#define INCLUDE_xTaskGetCurrentTaskHandle   1
#define INCLUDE_xSemaphoreGetMutexHolder    1
#define INCLUDE_uxTaskGetStackHighWaterMark 0
#define INCLUDE_xTaskGetIdleTaskHandle      0
#define INCLUDE_eTaskGetState               1
#define INCLUDE_xTimerPendFunctionCall      0
#define INCLUDE_xTaskAbortDelay             0
#define INCLUDE_xTaskGetHandle              0
#define INCLUDE_xTaskResumeFromISR          0

/* A failed kernel assertion stops the simulated device with a message
 * (on hardware it would halt in a loop for the debugger). */
#define configASSERT(x)                                                                      \
    do {                                                                                     \
        if ((x) == 0) {                                                                      \
            (void)fprintf(stderr, "FreeRTOS assertion failed: %s:%d\n", __FILE__, __LINE__); \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

#endif /* FREERTOS_CONFIG_H */
