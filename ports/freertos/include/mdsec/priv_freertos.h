/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file priv_freertos.h
 * @brief FreeRTOS-MPU restricted tasks from a declarative region table
 *        (FreeRTOS port).
 *
 * mdsec_priv_task_create() creates an unprivileged task with
 * xTaskCreateRestrictedStatic() from a definition that names its code,
 * stack, control block, priority and the memory regions it is granted.
 * Every region and the stack are checked against the rules of the MPU in
 * use (mdsec_priv_mpu_check(): ARMv7-M power-of-two sizes of at least 32
 * bytes aligned to their size; ARMv8-M 32-byte granularity and no overlap)
 * before the kernel is called, and a definition that breaks any rule is
 * refused as a whole: no task is created. A privileged task is never
 * created. Each outcome is reported to the security-event sink as
 * ::MDSEC_EV_PRIV_CHANGE.
 *
 * The checks (mdsec_priv_task_check()) are compiled with every kernel port;
 * mdsec_priv_task_create() only creates tasks when the kernel port has MPU
 * support (portUSING_MPU_WRAPPERS == 1), and otherwise refuses with
 * ::MDSEC_ERR_PRIV_UNAVAILABLE after the checks.
 */
#ifndef MDSEC_PRIV_FREERTOS_H
#define MDSEC_PRIV_FREERTOS_H

#include <stddef.h>
#include <stdint.h>

#include "FreeRTOS.h"
#include "task.h"

#include "mdsec/core.h"
#include "mdsec/priv.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Most regions one restricted task may be granted: the kernel
 *        port's portNUM_CONFIGURABLE_REGIONS (3 on an ARMv7-M with 8 MPU
 *        regions), or 3 with a kernel port without an MPU.
 */
#if defined(portUSING_MPU_WRAPPERS) && (portUSING_MPU_WRAPPERS == 1)
#define MDSEC_PRIV_TASK_MAX_REGIONS ((size_t)(portNUM_CONFIGURABLE_REGIONS))
#else
#define MDSEC_PRIV_TASK_MAX_REGIONS ((size_t)3u)
#endif

/**
 * @brief MPU architecture whose rules mdsec_priv_task_create() applies:
 *        ::MDSEC_PRIV_MPU_ARMV8M with the kernel's ARMv8-M ports,
 *        ::MDSEC_PRIV_MPU_ARMV7M otherwise. May be defined by the build.
 */
#ifndef MDSEC_PRIV_TASK_ARCH
#if defined(portARMV8M_MINOR_VERSION)
#define MDSEC_PRIV_TASK_ARCH MDSEC_PRIV_MPU_ARMV8M
#else
#define MDSEC_PRIV_TASK_ARCH MDSEC_PRIV_MPU_ARMV7M
#endif
#endif

/**
 * @brief The priority bit that would ask the kernel for a privileged task
 *        (portPRIVILEGE_BIT of the Arm MPU ports). A definition whose
 *        priority has it set is refused.
 */
#define MDSEC_PRIV_TASK_PRIVILEGE_BIT 0x80000000u

/** @brief Which part of a definition a refusal concerns. */
typedef enum mdsec_priv_task_part {
    MDSEC_PRIV_TASK_PART_NONE = 0,         /**< Nothing: the task was created. */
    MDSEC_PRIV_TASK_PART_DEF = 1,          /**< A missing function, TCB, stack or table. */
    MDSEC_PRIV_TASK_PART_REGION_COUNT = 2, /**< More than ::MDSEC_PRIV_TASK_MAX_REGIONS. */
    MDSEC_PRIV_TASK_PART_REGION = 3,       /**< The region at @c index breaks the MPU rules. */
    MDSEC_PRIV_TASK_PART_STACK = 4,        /**< The stack buffer breaks the MPU rules. */
    MDSEC_PRIV_TASK_PART_PRIORITY = 5,     /**< Privileged, or not below configMAX_PRIORITIES. */
    MDSEC_PRIV_TASK_PART_KERNEL = 6        /**< The kernel refused, or has no MPU support. */
} mdsec_priv_task_part_t;

/** @brief A restricted task, declared. The caller owns every buffer. */
typedef struct mdsec_priv_task_def {
    TaskFunction_t function;            /**< The task's code. */
    const char *name;                   /**< Name for the debugger (may be NULL). */
    void *parameters;                   /**< Passed to @c function. */
    UBaseType_t priority;               /**< Below configMAX_PRIORITIES; never privileged. */
    StackType_t *stack;                 /**< Stack buffer (granted read/write, never execute). */
    configSTACK_DEPTH_TYPE stack_words; /**< Entries of @c stack. */
    StaticTask_t *tcb;                  /**< Task control block buffer. */
    const mdsec_priv_region_t *regions; /**< Regions granted besides the stack (may be NULL). */
    size_t region_count;                /**< Entries of @c regions. */
} mdsec_priv_task_def_t;

/** @brief What mdsec_priv_task_check() or mdsec_priv_task_create() decided. */
typedef struct mdsec_priv_task_report {
    mdsec_status_t status;       /**< ::MDSEC_OK or why the task was refused. */
    mdsec_priv_task_part_t part; /**< What was refused (::MDSEC_PRIV_TASK_PART_NONE on success). */
    size_t index;                /**< For ::MDSEC_PRIV_TASK_PART_REGION, the region's index. */
} mdsec_priv_task_report_t;

/**
 * @brief Check a definition against the rules of @p arch without creating
 *        anything (any kernel port, also without MPU support).
 *
 * In order: the definition is complete (::MDSEC_ERR_INVALID_ARG); at most
 * ::MDSEC_PRIV_TASK_MAX_REGIONS regions (::MDSEC_ERR_PRIV_REGION); the
 * priority does not carry ::MDSEC_PRIV_TASK_PRIVILEGE_BIT
 * (::MDSEC_ERR_PRIV_POLICY) and is below configMAX_PRIORITIES
 * (::MDSEC_ERR_INVALID_ARG); every region follows mdsec_priv_mpu_check()
 * (::MDSEC_ERR_PRIV_REGION, with its index), and on ARMv8-M its access can
 * be expressed (no ::MDSEC_PRIV_NO_ACCESS or ::MDSEC_PRIV_PRIV_RW_USER_RO);
 * the stack buffer, as the read/write region the kernel will give the
 * task, follows the same rules (ARMv7-M: its size in bytes a power of two
 * and its address aligned to it; ARMv8-M: 32-byte multiples and no overlap
 * with a region) (::MDSEC_ERR_PRIV_REGION).
 * @param def The definition.
 * @param arch The MPU architecture.
 * @param[out] report The verdict (always filled when not NULL).
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG, ::MDSEC_ERR_PRIV_REGION or
 *         ::MDSEC_ERR_PRIV_POLICY.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_priv_task_check(const mdsec_priv_task_def_t *def,
                                                     mdsec_priv_mpu_arch_t arch,
                                                     mdsec_priv_task_report_t *report);

/**
 * @brief Create the unprivileged task @p def declares, or nothing.
 *
 * The definition and its table are copied, and the copy is checked with
 * mdsec_priv_task_check() against ::MDSEC_PRIV_TASK_ARCH and then used, so
 * a table another task changes meanwhile cannot slip past the checks; a
 * refusal creates no task. Then each region
 * becomes a MemoryRegion_t with the kernel's portMPU_REGION_* access and
 * execute-never flags (normal, cacheable memory on ARMv7-M), unused region
 * slots stay empty, and xTaskCreateRestrictedStatic() is called with the
 * privilege bit cleared. The outcome is reported to the event sink
 * (::MDSEC_EV_PRIV_CHANGE, source ::MDSEC_SRC_PRIV, detail tag 3 holding the
 * refused part and index). Call it from privileged code (before the
 * scheduler starts, or from a privileged task).
 * @param def The definition.
 * @param[out] out The new task's handle; NULL on failure.
 * @param[out] report The verdict (always filled when not NULL).
 * @return ::MDSEC_OK, the statuses of mdsec_priv_task_check(),
 *         ::MDSEC_ERR_PRIV_UNAVAILABLE (the kernel port has no MPU support)
 *         or ::MDSEC_ERR_PRIV_STEP (the kernel refused the task).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_priv_task_create(const mdsec_priv_task_def_t *def,
                                                      TaskHandle_t *out,
                                                      mdsec_priv_task_report_t *report);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_PRIV_FREERTOS_H */
