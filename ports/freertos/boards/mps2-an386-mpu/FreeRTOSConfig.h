/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * FreeRTOS-MPU configuration of the QEMU MPS2 AN386 (Cortex-M4, ARMv7-M
 * PMSAv7 MPU with 8 regions) TEST board, for the kernel port
 * portable/GCC/ARM_CM4_MPU: the "v2" MPU wrappers (system calls on their
 * own stack, kernel objects by handle index, access control lists), system
 * calls only from the kernel's own section, no unprivileged critical
 * sections. Static allocation only, as in the simulator.
 */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

/* Scheduler. QEMU's AN386 core and SysTick run at 25 MHz. */
#define configCPU_CLOCK_HZ                      25000000UL
#define configUSE_PREEMPTION                    1
#define configUSE_TIME_SLICING                  1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION 0
#define configUSE_TICKLESS_IDLE                 0
#define configTICK_RATE_HZ                      1000
#define configMAX_PRIORITIES                    5
#define configMINIMAL_STACK_SIZE                256
#define configMAX_TASK_NAME_LEN                 16
#define configTICK_TYPE_WIDTH_IN_BITS           TICK_TYPE_WIDTH_32_BITS
#define configIDLE_SHOULD_YIELD                 1
#define configTASK_NOTIFICATION_ARRAY_ENTRIES   1
#define configQUEUE_REGISTRY_SIZE               0
#define configENABLE_BACKWARD_COMPATIBILITY     0
#define configNUM_THREAD_LOCAL_STORAGE_POINTERS 0
#define configUSE_MINI_LIST_ITEM                1
#define configSTACK_DEPTH_TYPE                  uint32_t
#define configMESSAGE_BUFFER_LENGTH_TYPE        size_t
#define configUSE_NEWLIB_REENTRANT              0

/* Memory: static allocation only; the idle task's memory comes from
 * vApplicationGetIdleTaskMemory() (startup.c). */
#define configSUPPORT_STATIC_ALLOCATION     1
#define configSUPPORT_DYNAMIC_ALLOCATION    0
#define configKERNEL_PROVIDED_STATIC_MEMORY 0 /* not allowed with an MPU port */
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

/* Interrupt priorities: the kernel's at the lowest, system calls from
 * interrupts at or below priority 5 of 8 (3 bits are enough for QEMU's NVIC
 * and for real Cortex-M4 parts). */
#define configKERNEL_INTERRUPT_PRIORITY      255
#define configMAX_SYSCALL_INTERRUPT_PRIORITY (5 << 5)

/* FreeRTOS-MPU (portable/GCC/ARM_CM4_MPU). */
#define configTOTAL_MPU_REGIONS                                8
#define configUSE_MPU_WRAPPERS_V1                              0
#define configPROTECTED_KERNEL_OBJECT_POOL_SIZE                8
#define configSYSTEM_CALL_STACK_SIZE                           128
#define configENABLE_ACCESS_CONTROL_LIST                       1
#define configENFORCE_SYSTEM_CALLS_FROM_KERNEL_ONLY            1
#define configALLOW_UNPRIVILEGED_CRITICAL_SECTIONS             0
#define configINCLUDE_APPLICATION_DEFINED_PRIVILEGED_FUNCTIONS 0
#define configCHECK_HANDLER_INSTALLATION                       1

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

/* A failed kernel assertion ends the QEMU run with a message and exit
 * status 125 (mdsec_mpu_board_assert(), startup.c). */
#ifndef __ASSEMBLER__
void mdsec_mpu_board_assert(const char *file, int line);
#endif
#define configASSERT(x)                                 \
    do {                                                \
        if ((x) == 0) {                                 \
            mdsec_mpu_board_assert(__FILE__, __LINE__); \
        }                                               \
    } while (0)

#endif /* FREERTOS_CONFIG_H */
