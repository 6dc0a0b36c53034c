/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * FreeRTOS-MPU restricted task on QEMU mps2-an386 (Cortex-M4, ARMv7-M MPU,
 * kernel port portable/GCC/ARM_CM4_MPU).
 *
 * Before the scheduler starts, definitions that break a rule (misaligned
 * region, size not a power of two, too many regions, stack not aligned or
 * not a power of two, a privileged priority; region overlap under the
 * ARMv8-M rules) are refused with their specific status and create no task
 * (uxTaskGetNumberOfTasks() unchanged). Then one task is created through
 * mdsec_priv_task_create() with a single 32-byte read/write region. The
 * task writes its region (allowed) and reads FORBIDDEN, which must raise
 * MemManage with MMFAR at exactly that address, from unprivileged thread
 * mode; the fault hook checks that, reports the address through
 * semihosting and exits 0. Every other outcome exits with its own status.
 *
 * FORBIDDEN (compile definition MPU_TEST_FORBIDDEN): 1, the first word of
 * the kernel's privileged data; 2, a RAM word that was not granted; 3, a
 * control: a word inside the granted region, whose read must be allowed
 * (the task then exits 40, which that test expects).
 */
#include <stddef.h>
#include <stdint.h>

#include "FreeRTOS.h"
#include "task.h"

#include "mdsec/event.h"
#include "mdsec/priv.h"
#include "mdsec/priv_freertos.h"
#include "mps2_an386_mpu.h"

#ifndef MPU_TEST_FORBIDDEN
#define MPU_TEST_FORBIDDEN 1
#endif

#define MAGIC       0xC0FFEE01u
#define STACK_BYTES 1024u
#define STACK_WORDS (STACK_BYTES / sizeof(StackType_t))

extern uint32_t __privileged_data_start__[];

static StackType_t task_stack[STACK_WORDS] __attribute__((aligned(STACK_BYTES)));
static StaticTask_t task_tcb;
/* The task's one granted region, and a word it is not granted. */
static volatile uint32_t granted[8] __attribute__((aligned(32)));
static volatile uint32_t not_granted[8] __attribute__((aligned(32)));

static volatile uint32_t *forbidden;
static unsigned events, events_ok, events_refused;

static void sink(void *ctx, const mdsec_event_t *ev)
{
    (void)ctx;
    if (ev->code != MDSEC_EV_PRIV_CHANGE || ev->source != MDSEC_SRC_PRIV) {
        return;
    }
    events++;
    if (ev->outcome == MDSEC_OUTCOME_SUCCESS && ev->status == MDSEC_OK) {
        events_ok++;
    } else if (ev->outcome == MDSEC_OUTCOME_MINOR && ev->status != MDSEC_OK) {
        events_refused++;
    }
}

/* Unprivileged. Reads nothing but its stack, its region and code. */
static void restricted_task(void *arg)
{
    const volatile uint32_t *target = (const volatile uint32_t *)arg;
    uint32_t v;

    granted[0] = MAGIC;           /* its own region: allowed */
    granted[1] = granted[0] + 1u; /* and readable */
    granted[2] = 1u;              /* about to read the forbidden word */
    v = *target;                  /* MemManage */
    granted[3] = v;
    mdsec_mpu_board_puts("restricted task: the read was allowed\n");
    mdsec_mpu_board_exit(40);
}

/* Privileged, in the MemManage handler. */
void mdsec_mpu_board_fault(uint32_t exception, const uint32_t *frame, uint32_t exc_return)
{
    uint32_t cfsr = MDSEC_MPU_BOARD_CFSR, addr = MDSEC_MPU_BOARD_MMFAR, control;

    (void)frame;
    __asm__ volatile("mrs %0, control" : "=r"(control));
    mdsec_mpu_board_put_hex("MemManage at ", addr);
    mdsec_mpu_board_put_hex(" (CFSR ", cfsr);
    mdsec_mpu_board_put_hex(", CONTROL ", control);
    mdsec_mpu_board_put_hex(", EXC_RETURN ", exc_return);
    mdsec_mpu_board_puts(")\n");
    if (exception == 4u && (cfsr & MDSEC_MPU_CFSR_MMARVALID) != 0u &&
        (cfsr & MDSEC_MPU_CFSR_DACCVIOL) != 0u && addr == (uint32_t)(uintptr_t)forbidden &&
        (exc_return & 4u) != 0u /* from a task (PSP) */ &&
        (control & 1u) != 0u /* unprivileged */ && granted[0] == MAGIC &&
        granted[1] == MAGIC + 1u && granted[2] == 1u) {
        mdsec_mpu_board_puts("freertos_mpu: restricted task wrote its region; its read of "
#if MPU_TEST_FORBIDDEN == 1
                             "kernel data"
#else
                             "an ungranted RAM word"
#endif
                             " raised MemManage at that address: PASS\n");
        mdsec_mpu_board_exit(0);
    }
    mdsec_mpu_board_puts("freertos_mpu: not the expected fault: FAIL\n");
    mdsec_mpu_board_exit(3);
}

static mdsec_priv_task_def_t base_def(const mdsec_priv_region_t *regions, size_t count)
{
    mdsec_priv_task_def_t d = {0};
    d.function = restricted_task;
    d.name = "restricted";
    d.parameters = (void *)(uintptr_t)forbidden;
    d.priority = 1u;
    d.stack = task_stack;
    d.stack_words = STACK_WORDS;
    d.tcb = &task_tcb;
    d.regions = regions;
    d.region_count = count;
    return d;
}

/* Fails the run with `code` unless creating d is refused with st/part/index
 * and leaves the kernel's task count, the handle and the events as they
 * should be. */
static void expect_refused(int code, const char *what, const mdsec_priv_task_def_t *d,
                           mdsec_status_t st, mdsec_priv_task_part_t part, size_t index)
{
    mdsec_priv_task_report_t r;
    TaskHandle_t h = (TaskHandle_t)(uintptr_t)1u;
    UBaseType_t tasks = uxTaskGetNumberOfTasks();
    unsigned refused = events_refused;
    mdsec_status_t got = mdsec_priv_task_create(d, &h, &r);

    mdsec_mpu_board_puts("refused: ");
    mdsec_mpu_board_puts(what);
    mdsec_mpu_board_put_hex(": status ", (uint32_t)got);
    mdsec_mpu_board_put_hex(" part ", (uint32_t)r.part);
    mdsec_mpu_board_put_hex(" index ", (uint32_t)r.index);
    mdsec_mpu_board_puts("\n");
    if (got != st || r.status != st || r.part != part || r.index != index || h != NULL ||
        uxTaskGetNumberOfTasks() != tasks || events_refused != refused + 1u) {
        mdsec_mpu_board_puts("freertos_mpu: a bad definition was not refused as expected: FAIL\n");
        mdsec_mpu_board_exit(code);
    }
}

int main(void)
{
    const uint32_t g = (uint32_t)(uintptr_t)granted;
    const mdsec_priv_region_t one[] = {{g, 32u, MDSEC_PRIV_RW, 1}};
    const mdsec_priv_region_t misaligned[] = {{g + 16u, 32u, MDSEC_PRIV_RW, 1}};
    const mdsec_priv_region_t not_pow2[] = {{g, 96u, MDSEC_PRIV_RW, 1}};
    const mdsec_priv_region_t four[] = {{g, 32u, MDSEC_PRIV_RW, 1},
                                        {0x00100000u, 0x100u, MDSEC_PRIV_RO, 1},
                                        {0x00200000u, 0x100u, MDSEC_PRIV_RO, 1},
                                        {0x00300000u, 0x100u, MDSEC_PRIV_RO, 1}};
    const mdsec_priv_region_t overlap[] = {{g, 32u, MDSEC_PRIV_RW, 1}, {g, 32u, MDSEC_PRIV_RO, 1}};
    mdsec_priv_task_def_t d;
    mdsec_priv_task_report_t r;
    TaskHandle_t h = NULL;
    UBaseType_t tasks;

#if MPU_TEST_FORBIDDEN == 1
    forbidden = (volatile uint32_t *)__privileged_data_start__;
#elif MPU_TEST_FORBIDDEN == 2
    forbidden = &not_granted[0];
#else
    forbidden = &granted[4];
#endif
    mdsec_event_set_sink(sink, NULL);
    mdsec_mpu_board_put_hex("freertos_mpu: kernel regions for a task: ",
                            (uint32_t)MDSEC_PRIV_TASK_MAX_REGIONS);
    mdsec_mpu_board_put_hex(", forbidden word at ", (uint32_t)(uintptr_t)forbidden);
    mdsec_mpu_board_put_hex(", granted region at ", g);
    mdsec_mpu_board_puts("\n");
    if (MDSEC_PRIV_TASK_ARCH != MDSEC_PRIV_MPU_ARMV7M || MDSEC_PRIV_TASK_MAX_REGIONS != 3u) {
        return 10;
    }

    d = base_def(misaligned, 1u);
    expect_refused(11, "region not aligned to its size", &d, MDSEC_ERR_PRIV_REGION,
                   MDSEC_PRIV_TASK_PART_REGION, 0u);
    d = base_def(not_pow2, 1u);
    expect_refused(12, "region size not a power of two", &d, MDSEC_ERR_PRIV_REGION,
                   MDSEC_PRIV_TASK_PART_REGION, 0u);
    d = base_def(four, 4u);
    expect_refused(13, "four regions, the port grants three", &d, MDSEC_ERR_PRIV_REGION,
                   MDSEC_PRIV_TASK_PART_REGION_COUNT, 3u);
    d = base_def(one, 1u);
    d.stack = &task_stack[8]; /* 32 bytes in: 512 bytes not aligned to 512 */
    d.stack_words = STACK_WORDS / 2u;
    expect_refused(14, "stack not aligned to its size", &d, MDSEC_ERR_PRIV_REGION,
                   MDSEC_PRIV_TASK_PART_STACK, 0u);
    d = base_def(one, 1u);
    d.stack_words = STACK_WORDS / 4u * 3u; /* 768 bytes */
    expect_refused(15, "stack size not a power of two", &d, MDSEC_ERR_PRIV_REGION,
                   MDSEC_PRIV_TASK_PART_STACK, 0u);
    d = base_def(one, 1u);
    d.priority = 1u | portPRIVILEGE_BIT;
    expect_refused(16, "privileged task", &d, MDSEC_ERR_PRIV_POLICY, MDSEC_PRIV_TASK_PART_PRIORITY,
                   0u);
    /* Overlap: PMSAv7 allows it (the higher region wins), PMSAv8 does not. */
    d = base_def(overlap, 2u);
    if (mdsec_priv_task_check(&d, MDSEC_PRIV_MPU_ARMV8M, &r) != MDSEC_ERR_PRIV_REGION ||
        r.part != MDSEC_PRIV_TASK_PART_REGION || r.index != 1u ||
        mdsec_priv_task_check(&d, MDSEC_PRIV_MPU_ARMV7M, &r) != MDSEC_OK) {
        mdsec_mpu_board_puts("freertos_mpu: overlap under the ARMv8-M rules not refused: FAIL\n");
        return 17;
    }
    mdsec_mpu_board_puts("refused: overlapping regions under the ARMv8-M rules\n");

    tasks = uxTaskGetNumberOfTasks();
    d = base_def(one, 1u);
    if (mdsec_priv_task_create(&d, &h, &r) != MDSEC_OK || h == NULL ||
        r.part != MDSEC_PRIV_TASK_PART_NONE || uxTaskGetNumberOfTasks() != tasks + 1u ||
        events_ok != 1u || events != 7u) {
        mdsec_mpu_board_puts("freertos_mpu: the valid task was not created: FAIL\n");
        return 20;
    }
    mdsec_mpu_board_puts("created: restricted task with one 32-byte read/write region\n");
    vTaskStartScheduler();
    mdsec_mpu_board_puts("freertos_mpu: the scheduler returned: FAIL\n");
    return 30;
}
