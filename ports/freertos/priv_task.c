/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * FreeRTOS-MPU restricted tasks from a declarative region table. The
 * region rules are those of mdsec_priv_mpu_check() (src/priv/region.c);
 * this file only adds the task's own rules (a complete definition, the
 * region budget of the kernel port, no privilege) and checks the stack as
 * the read/write region the kernel port will program for it
 * (vPortStoreTaskMPUSettings(): ARMv7-M rounds its size up to a power of
 * two and ORs its address into MPU_RBAR, so a stack that is not a
 * power-of-two block aligned to its size would open neighbouring memory).
 */
#include <stddef.h>
#include <stdint.h>

#include "FreeRTOS.h"
#include "task.h"

#include "mdsec/event.h"
#include "mdsec/priv.h"
#include "mdsec/priv_freertos.h"

#if defined(portUSING_MPU_WRAPPERS) && (portUSING_MPU_WRAPPERS == 1)
#define PRIV_TASK_MPU 1
#else
#define PRIV_TASK_MPU 0
#endif

/* The stack goes through mdsec_priv_mpu_check() as one more region. */
_Static_assert(MDSEC_PRIV_TASK_MAX_REGIONS + 1u <= MDSEC_PRIV_MPU_MAX_REGIONS,
               "the kernel port grants more regions than a region table holds");
#if PRIV_TASK_MPU
_Static_assert(MDSEC_PRIV_TASK_PRIVILEGE_BIT == (uint32_t)portPRIVILEGE_BIT,
               "the kernel port's privilege bit is not the one mdsec refuses");
#endif

/* A distinct, non-trivial value for "every check passed", tested twice
 * before the kernel is called (fault-injection hardening). */
#define PRIV_TASK_VERIFIED 0x6A3C95D2u

#define PRIV_TASK_EVENT_TAG 3u /* event detail: FreeRTOS restricted task (part, index) */

static mdsec_status_t verdict(mdsec_priv_task_report_t *report, mdsec_status_t st,
                              mdsec_priv_task_part_t part, size_t index)
{
    if (report != NULL) {
        report->status = st;
        report->part = part;
        report->index = index;
    }
    return st;
}

static void emit(mdsec_status_t st, mdsec_priv_task_part_t part, size_t index)
{
    uint8_t detail[4];
    mdsec_event_t ev;

    detail[0] = (uint8_t)PRIV_TASK_EVENT_TAG;
    detail[1] = 2u;
    detail[2] = (uint8_t)part;
    detail[3] = (uint8_t)(index > 0xFFu ? 0xFFu : index);
    ev.code = MDSEC_EV_PRIV_CHANGE;
    if (st == MDSEC_OK) {
        ev.outcome = MDSEC_OUTCOME_SUCCESS;
    } else if (part == MDSEC_PRIV_TASK_PART_KERNEL) {
        ev.outcome = MDSEC_OUTCOME_SERIOUS; /* a valid task could not be created */
    } else {
        ev.outcome = MDSEC_OUTCOME_MINOR; /* refused before anything was done */
    }
    ev.source = MDSEC_SRC_PRIV;
    ev.status = st;
    ev.actor = 0u;
    ev.detail = detail;
    ev.detail_len = sizeof detail;
    mdsec_event_emit(&ev);
}

/* Accesses an ARMv8-M MPU can express (MPU_RBAR.AP has no "no access" and
 * no "privileged read/write, unprivileged read-only"). */
static int access_expressible(mdsec_priv_mpu_arch_t arch, mdsec_priv_access_t a)
{
    if (arch == MDSEC_PRIV_MPU_ARMV8M) {
        return a != MDSEC_PRIV_NO_ACCESS && a != MDSEC_PRIV_PRIV_RW_USER_RO;
    }
    return 1;
}

mdsec_status_t mdsec_priv_task_check(const mdsec_priv_task_def_t *def, mdsec_priv_mpu_arch_t arch,
                                     mdsec_priv_task_report_t *report)
{
    mdsec_priv_region_t table[MDSEC_PRIV_TASK_MAX_REGIONS + 1u];
    uint64_t stack_bytes;
    size_t i, bad = 0u;
    mdsec_status_t st;

    if (def == NULL || def->function == NULL || def->tcb == NULL || def->stack == NULL ||
        def->stack_words == 0u || (def->regions == NULL && def->region_count != 0u) ||
        (arch != MDSEC_PRIV_MPU_ARMV7M && arch != MDSEC_PRIV_MPU_ARMV8M)) {
        return verdict(report, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    }
    if (def->region_count > MDSEC_PRIV_TASK_MAX_REGIONS) {
        return verdict(report, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION_COUNT,
                       MDSEC_PRIV_TASK_MAX_REGIONS);
    }
    if (((uint64_t)def->priority & MDSEC_PRIV_TASK_PRIVILEGE_BIT) != 0u) {
        return verdict(report, MDSEC_ERR_PRIV_POLICY, MDSEC_PRIV_TASK_PART_PRIORITY, 0u);
    }
    if (def->priority >= (UBaseType_t)configMAX_PRIORITIES) {
        return verdict(report, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_PRIORITY, 0u);
    }
    stack_bytes = (uint64_t)def->stack_words * sizeof(StackType_t);
    if (stack_bytes > UINT32_MAX) {
        return verdict(report, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_STACK, 0u);
    }

    /* The regions, then the stack as the last entry: one table, one set of
     * rules (on ARMv8-M this also refuses a region overlapping the stack). */
    for (i = 0u; i < def->region_count; i++) {
        if (!access_expressible(arch, def->regions[i].access)) {
            return verdict(report, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, i);
        }
        table[i] = def->regions[i];
    }
    /* Arm MPU addresses are 32 bits; in a 64-bit simulator the low 32 bits
     * of the buffer's address carry the alignment that is checked. */
    table[i].base = (uint32_t)((uintptr_t)def->stack & UINT32_MAX);
    table[i].size = (uint32_t)stack_bytes;
    table[i].access = MDSEC_PRIV_RW;
    table[i].execute_never = 1u;
    st = mdsec_priv_mpu_check(arch, table, def->region_count + 1u, &bad);
    if (st != MDSEC_OK) {
        if (st == MDSEC_ERR_PRIV_REGION && bad == def->region_count) {
            return verdict(report, st, MDSEC_PRIV_TASK_PART_STACK, 0u);
        }
        return verdict(report, st, MDSEC_PRIV_TASK_PART_REGION, bad);
    }
    return verdict(report, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u);
}

#if PRIV_TASK_MPU
/* The kernel port's MPU_RASR (ARMv7-M) or MPU_RBAR (ARMv8-M) bits. */
static uint32_t region_parameters(const mdsec_priv_region_t *r)
{
    uint32_t p;

    switch (r->access) {
    case MDSEC_PRIV_PRIV_RW: p = portMPU_REGION_PRIVILEGED_READ_WRITE; break;
#if defined(portMPU_REGION_PRIVILEGED_READ_WRITE_UNPRIV_READ_ONLY)
    case MDSEC_PRIV_PRIV_RW_USER_RO:
        p = portMPU_REGION_PRIVILEGED_READ_WRITE_UNPRIV_READ_ONLY;
        break;
#endif
    case MDSEC_PRIV_RW: p = portMPU_REGION_READ_WRITE; break;
    case MDSEC_PRIV_PRIV_RO: p = portMPU_REGION_PRIVILEGED_READ_ONLY; break;
    case MDSEC_PRIV_RO: p = portMPU_REGION_READ_ONLY; break;
    case MDSEC_PRIV_NO_ACCESS:
    default: p = 0u; break; /* ARMv7-M AP=000; refused on ARMv8-M by the check */
    }
#if defined(portMPU_REGION_CACHEABLE_BUFFERABLE)
    p |= portMPU_REGION_CACHEABLE_BUFFERABLE; /* normal memory, as the kernel's own RAM */
#endif
    if (r->execute_never != 0u) {
        p |= portMPU_REGION_EXECUTE_NEVER;
    }
    return p;
}
#endif

mdsec_status_t mdsec_priv_task_create(const mdsec_priv_task_def_t *def, TaskHandle_t *out,
                                      mdsec_priv_task_report_t *report)
{
    mdsec_priv_region_t regions[MDSEC_PRIV_TASK_MAX_REGIONS] = {{0u, 0u, MDSEC_PRIV_NO_ACCESS, 0u}};
    mdsec_priv_task_def_t d;
    mdsec_priv_task_report_t r;
    volatile uint32_t verified = 0u;
    mdsec_status_t st;
    size_t i;

    if (out != NULL) {
        *out = NULL;
    }
    if (out == NULL || def == NULL) {
        emit(MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
        return verdict(report, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    }
    /* Check and use one private copy: the caller's table may change under
     * us (another task), and what reaches the kernel must be what passed. */
    d = *def;
    if (d.regions != NULL && d.region_count <= MDSEC_PRIV_TASK_MAX_REGIONS) {
        for (i = 0u; i < d.region_count; i++) {
            regions[i] = d.regions[i];
        }
        d.regions = regions;
    }
    st = mdsec_priv_task_check(&d, MDSEC_PRIV_TASK_ARCH, &r);
    if (st == MDSEC_OK && r.part == MDSEC_PRIV_TASK_PART_NONE) {
        verified = PRIV_TASK_VERIFIED;
    }
    if (st != MDSEC_OK) {
        emit(st, r.part, r.index);
        return verdict(report, st, r.part, r.index);
    }
#if PRIV_TASK_MPU
    {
        TaskParameters_t params = {
            .pvTaskCode = d.function,
            .pcName = d.name,
            .usStackDepth = d.stack_words,
            .pvParameters = d.parameters,
            .uxPriority = d.priority & ~(UBaseType_t)portPRIVILEGE_BIT,
            .puxStackBuffer = d.stack,
            .pxTaskBuffer = d.tcb,
        };
        TaskHandle_t h = NULL;

        for (i = 0u; i < d.region_count; i++) {
            /* An MPU region is an address, not an object the compiler knows. */
            params.xRegions[i].pvBaseAddress =
                (void *)(uintptr_t)regions[i].base; /* NOLINT(performance-no-int-to-ptr) */
            params.xRegions[i].ulLengthInBytes = regions[i].size;
            params.xRegions[i].ulParameters = region_parameters(&regions[i]);
        }
        /* Unused slots stay zero-length: the kernel disables them. */
        if (verified != PRIV_TASK_VERIFIED || (params.uxPriority & portPRIVILEGE_BIT) != 0u) {
            /* unreachable unless a fault skipped the checks */
            emit(MDSEC_ERR_INTERNAL, MDSEC_PRIV_TASK_PART_KERNEL, 0u);
            return verdict(report, MDSEC_ERR_INTERNAL, MDSEC_PRIV_TASK_PART_KERNEL, 0u);
        }
        if (verified == PRIV_TASK_VERIFIED && xTaskCreateRestrictedStatic(&params, &h) == pdPASS &&
            h != NULL) {
            *out = h;
            emit(MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u);
            return verdict(report, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u);
        }
        emit(MDSEC_ERR_PRIV_STEP, MDSEC_PRIV_TASK_PART_KERNEL, 0u);
        return verdict(report, MDSEC_ERR_PRIV_STEP, MDSEC_PRIV_TASK_PART_KERNEL, 0u);
    }
#else
    (void)verified;
    emit(MDSEC_ERR_PRIV_UNAVAILABLE, MDSEC_PRIV_TASK_PART_KERNEL, 0u);
    return verdict(report, MDSEC_ERR_PRIV_UNAVAILABLE, MDSEC_PRIV_TASK_PART_KERNEL, 0u);
#endif
}
