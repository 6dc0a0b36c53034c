/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Restricted-task definitions (mdsec/priv_freertos.h), run inside a task of
 * the FreeRTOS POSIX simulator. Every rule that refuses a definition is
 * shown with its status, the part it names and the region index, and
 * mdsec_priv_task_create() is shown to create nothing (the kernel's task
 * count is unchanged, the handle is NULL) and to report the refusal to the
 * event sink. The simulator kernel has no MPU, so even a valid definition
 * ends in MDSEC_ERR_PRIV_UNAVAILABLE there; the QEMU image
 * (tests/freertos/mps2-an386-mpu) creates real restricted tasks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "FreeRTOS.h"
#include "task.h"

#include "mdsec/event.h"
#include "mdsec/priv.h"
#include "mdsec/priv_freertos.h"
#include "mdsec_freertos_sim.h"

#define STACK_BYTES 1024u
#define STACK_WORDS (STACK_BYTES / sizeof(StackType_t))

static StackType_t stack[STACK_WORDS] __attribute__((aligned(STACK_BYTES)));
static StaticTask_t tcb;

/* The last event the sink saw. */
static struct {
    unsigned count;
    mdsec_event_t ev;
    uint8_t detail[8];
} seen;

static void sink(void *ctx, const mdsec_event_t *ev)
{
    (void)ctx;
    seen.count++;
    seen.ev = *ev;
    memset(seen.detail, 0, sizeof seen.detail);
    if (ev->detail != NULL && ev->detail_len <= sizeof seen.detail) {
        memcpy(seen.detail, ev->detail, ev->detail_len);
    }
}

static void never_runs(void *arg)
{
    (void)arg;
    for (;;) {
        vTaskSuspend(NULL);
    }
}

/* Regions of a typical task: its own data block and a read-only table. */
static const mdsec_priv_region_t good_regions[] = {
    {0x20001000u, 0x400u, MDSEC_PRIV_RW, 1},
    {0x00008000u, 0x100u, MDSEC_PRIV_RO, 1},
};

static mdsec_priv_task_def_t good_def(void)
{
    mdsec_priv_task_def_t d;
    memset(&d, 0, sizeof d);
    d.function = never_runs;
    d.name = "restricted";
    d.priority = 1u;
    d.stack = stack;
    d.stack_words = (configSTACK_DEPTH_TYPE)STACK_WORDS;
    d.tcb = &tcb;
    d.regions = good_regions;
    d.region_count = 2u;
    return d;
}

/* The definition is refused by the check (arch) with st/part/index, and
 * mdsec_priv_task_create() creates nothing and reports the refusal. */
static void refused(const mdsec_priv_task_def_t *d, mdsec_priv_mpu_arch_t arch, mdsec_status_t st,
                    mdsec_priv_task_part_t part, size_t index)
{
    mdsec_priv_task_report_t r = {MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 99u};
    TaskHandle_t h = (TaskHandle_t)(uintptr_t)1u;
    UBaseType_t tasks = uxTaskGetNumberOfTasks();
    unsigned events = seen.count;

    assert_int_equal(mdsec_priv_task_check(d, arch, &r), st);
    assert_int_equal(r.status, st);
    assert_int_equal(r.part, part);
    assert_int_equal(r.index, index);
    if (arch != MDSEC_PRIV_TASK_ARCH || st == MDSEC_OK) {
        return; /* a valid definition: the simulator cannot create it (below) */
    }
    memset(&r, 0xA5, sizeof r);
    assert_int_equal(mdsec_priv_task_create(d, &h, &r), st);
    assert_null(h);
    assert_int_equal(r.status, st);
    assert_int_equal(r.part, part);
    assert_int_equal(r.index, index);
    assert_int_equal(uxTaskGetNumberOfTasks(), tasks);
    assert_int_equal(seen.count, events + 1u);
    assert_int_equal(seen.ev.code, MDSEC_EV_PRIV_CHANGE);
    assert_int_equal(seen.ev.source, MDSEC_SRC_PRIV);
    assert_int_equal(seen.ev.outcome, MDSEC_OUTCOME_MINOR);
    assert_int_equal(seen.ev.status, st);
    assert_int_equal(seen.ev.detail_len, 4u);
    assert_int_equal(seen.detail[0], 3u);
    assert_int_equal(seen.detail[1], 2u);
    assert_int_equal(seen.detail[2], (uint8_t)part);
    assert_int_equal(seen.detail[3], (uint8_t)index);
}

static void valid_definition_passes_both_rule_sets(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_task_report_t r;
    (void)state;
    assert_int_equal(MDSEC_PRIV_TASK_ARCH, MDSEC_PRIV_MPU_ARMV7M);
    assert_int_equal(mdsec_priv_task_check(&d, MDSEC_PRIV_MPU_ARMV7M, &r), MDSEC_OK);
    assert_int_equal(r.part, MDSEC_PRIV_TASK_PART_NONE);
    assert_int_equal(mdsec_priv_task_check(&d, MDSEC_PRIV_MPU_ARMV8M, &r), MDSEC_OK);
    assert_int_equal(r.part, MDSEC_PRIV_TASK_PART_NONE);
    d.regions = NULL; /* a task with nothing but its stack */
    d.region_count = 0u;
    assert_int_equal(mdsec_priv_task_check(&d, MDSEC_PRIV_MPU_ARMV7M, NULL), MDSEC_OK);
}

static void simulator_creates_nothing_even_when_valid(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_task_report_t r;
    TaskHandle_t h = (TaskHandle_t)(uintptr_t)1u;
    UBaseType_t tasks = uxTaskGetNumberOfTasks();
    (void)state;
    assert_int_equal(mdsec_priv_task_create(&d, &h, &r), MDSEC_ERR_PRIV_UNAVAILABLE);
    assert_null(h);
    assert_int_equal(r.part, MDSEC_PRIV_TASK_PART_KERNEL);
    assert_int_equal(uxTaskGetNumberOfTasks(), tasks);
    assert_int_equal(seen.ev.outcome, MDSEC_OUTCOME_SERIOUS);
    assert_int_equal(seen.ev.status, MDSEC_ERR_PRIV_UNAVAILABLE);
}

static void armv7m_region_rules(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_region_t t[2] = {good_regions[0], good_regions[1]};
    (void)state;
    d.regions = t;
    t[1].base = 0x00008080u; /* misaligned: 256 bytes at a 128-byte boundary */
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 1u);
    t[1] = good_regions[1];
    t[0].size = 0x300u; /* not a power of two */
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 0u);
    t[0].size = 16u; /* below 32 bytes */
    t[0].base = 0x20001000u;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 0u);
    t[0] = good_regions[0];
    t[0].access = (mdsec_priv_access_t)4; /* no such access encoding */
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 0u);
}

static void armv8m_region_rules(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_region_t t[2] = {{0x20001000u, 0x60u, MDSEC_PRIV_RW, 1},
                                {0x20001040u, 0x40u, MDSEC_PRIV_RO, 1}};
    (void)state;
    d.regions = t;
    /* 96 bytes are fine on ARMv8-M, not on ARMv7-M; the pair overlaps. */
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 1u);
    t[1].base = 0x20001060u; /* adjacent */
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u);
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 0u);
    t[1].base = 0x20001070u; /* not on a 32-byte boundary */
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 1u);
    t[1].base = 0x20001060u;
    t[1].access = MDSEC_PRIV_PRIV_RW_USER_RO; /* PMSAv8 cannot express it */
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 1u);
    t[1].access = MDSEC_PRIV_NO_ACCESS; /* nor this */
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION, 1u);
}

static void too_many_regions(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_region_t t[MDSEC_PRIV_TASK_MAX_REGIONS + 1u];
    size_t i;
    (void)state;
    for (i = 0u; i < MDSEC_PRIV_TASK_MAX_REGIONS + 1u; i++) {
        t[i].base = 0x20010000u + (uint32_t)i * 0x100u;
        t[i].size = 0x100u;
        t[i].access = MDSEC_PRIV_RW;
        t[i].execute_never = 1u;
    }
    d.regions = t;
    d.region_count = MDSEC_PRIV_TASK_MAX_REGIONS; /* exactly the budget: fine */
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u);
    d.region_count = MDSEC_PRIV_TASK_MAX_REGIONS + 1u;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION_COUNT,
            MDSEC_PRIV_TASK_MAX_REGIONS);
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_REGION_COUNT,
            MDSEC_PRIV_TASK_MAX_REGIONS);
}

static void stack_rules(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_region_t t[1] = {{0, 0, MDSEC_PRIV_RW, 1}};
    (void)state;
    /* ARMv7-M: 3/4 of the buffer is not a power of two. */
    d.stack_words = (configSTACK_DEPTH_TYPE)(STACK_WORDS / 4u * 3u);
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_STACK, 0u);
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u); /* 768 = 24*32 */
    /* ARMv7-M: half the buffer, starting at its second quarter: a power of
     * two, but not aligned to its size. */
    d.stack = &stack[STACK_WORDS / 4u];
    d.stack_words = (configSTACK_DEPTH_TYPE)(STACK_WORDS / 2u);
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_STACK, 0u);
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u);
    /* ARMv8-M: a stack that does not start on a 32-byte boundary. */
    d.stack = (StackType_t *)((uintptr_t)stack + 16u);
    d.stack_words = (configSTACK_DEPTH_TYPE)(256u / sizeof(StackType_t));
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_STACK, 0u);
    /* ARMv8-M: a granted region overlapping the stack is refused (the
     * stack is checked last, so the pair is reported as the stack). */
    d.stack = stack;
    d.stack_words = (configSTACK_DEPTH_TYPE)STACK_WORDS;
    t[0].base = (uint32_t)((uintptr_t)stack & UINT32_MAX) + 0x100u;
    t[0].size = 0x100u;
    d.regions = t;
    d.region_count = 1u;
    refused(&d, MDSEC_PRIV_MPU_ARMV8M, MDSEC_ERR_PRIV_REGION, MDSEC_PRIV_TASK_PART_STACK, 0u);
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_OK, MDSEC_PRIV_TASK_PART_NONE, 0u); /* PMSAv7 allows */
}

static void never_privileged(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    (void)state;
    d.priority = 1u | (UBaseType_t)MDSEC_PRIV_TASK_PRIVILEGE_BIT;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_PRIV_POLICY, MDSEC_PRIV_TASK_PART_PRIORITY, 0u);
    d.priority = (UBaseType_t)configMAX_PRIORITIES;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_PRIORITY, 0u);
}

static void incomplete_definitions(void **state)
{
    mdsec_priv_task_def_t d = good_def();
    mdsec_priv_task_report_t r;
    UBaseType_t tasks = uxTaskGetNumberOfTasks();
    (void)state;
    refused(NULL, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    d.function = NULL;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    d = good_def();
    d.tcb = NULL;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    d = good_def();
    d.stack = NULL;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    d = good_def();
    d.stack_words = 0u;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    d = good_def();
    d.regions = NULL;
    refused(&d, MDSEC_PRIV_MPU_ARMV7M, MDSEC_ERR_INVALID_ARG, MDSEC_PRIV_TASK_PART_DEF, 0u);
    d = good_def();
    assert_int_equal(mdsec_priv_task_check(&d, (mdsec_priv_mpu_arch_t)3, &r),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_priv_task_create(&d, NULL, &r), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(r.part, MDSEC_PRIV_TASK_PART_DEF);
    assert_int_equal(uxTaskGetNumberOfTasks(), tasks);
}

static int setup(void **state)
{
    (void)state;
    mdsec_event_set_sink(sink, NULL);
    return 0;
}

static int run(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_definition_passes_both_rule_sets),
        cmocka_unit_test(simulator_creates_nothing_even_when_valid),
        cmocka_unit_test(armv7m_region_rules),
        cmocka_unit_test(armv8m_region_rules),
        cmocka_unit_test(too_many_regions),
        cmocka_unit_test(stack_rules),
        cmocka_unit_test(never_privileged),
        cmocka_unit_test(incomplete_definitions),
    };
    return cmocka_run_group_tests_name("priv_freertos_check", tests, setup, NULL);
}

int main(void)
{
    return mdsec_freertos_sim_run(run) == 0 ? 0 : 1;
}
