/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* MPU region tables: every ARMv7-M and ARMv8-M rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mdsec/priv.h"

static mdsec_status_t one(mdsec_priv_mpu_arch_t arch, uint32_t base, uint32_t size)
{
    mdsec_priv_region_t r = {base, size, MDSEC_PRIV_RW, 1};
    return mdsec_priv_mpu_check(arch, &r, 1, NULL);
}

static void armv7m_size_and_alignment(void **state)
{
    const mdsec_priv_mpu_arch_t v7 = MDSEC_PRIV_MPU_ARMV7M;
    (void)state;
    assert_int_equal(one(v7, 0x20000000u, 32), MDSEC_OK);
    assert_int_equal(one(v7, 0x20000000u, 0x10000u), MDSEC_OK);
    assert_int_equal(one(v7, 0x00000000u, 0x80000000u), MDSEC_OK);
    assert_int_equal(one(v7, 0x20000000u, 16), MDSEC_ERR_PRIV_REGION); /* below 32 */
    assert_int_equal(one(v7, 0x20000000u, 0), MDSEC_ERR_PRIV_REGION);  /* empty */
    assert_int_equal(one(v7, 0x20000000u, 96), MDSEC_ERR_PRIV_REGION); /* not a power of two */
    assert_int_equal(one(v7, 0x20000020u, 64),
                     MDSEC_ERR_PRIV_REGION); /* base not aligned to size */
    assert_int_equal(one(v7, 0x20000040u, 64), MDSEC_OK);
    assert_int_equal(one(v7, 0xFFFFFFE0u, 64), MDSEC_ERR_PRIV_REGION); /* runs past 4 GiB */
    assert_int_equal(one(v7, 0xFFFFFFE0u, 32), MDSEC_OK);
}

static void armv8m_granularity_and_overlap(void **state)
{
    const mdsec_priv_mpu_arch_t v8 = MDSEC_PRIV_MPU_ARMV8M;
    mdsec_priv_region_t t[3] = {{0x20000000u, 96, MDSEC_PRIV_RW, 1},
                                {0x20000060u, 32, MDSEC_PRIV_RO, 1},
                                {0x00000000u, 0x1000u, MDSEC_PRIV_PRIV_RO, 0}};
    size_t bad = 99;
    (void)state;
    assert_int_equal(one(v8, 0x20000000u, 96), MDSEC_OK);              /* any multiple of 32 */
    assert_int_equal(one(v8, 0x20000010u, 64), MDSEC_ERR_PRIV_REGION); /* base not 32-aligned */
    assert_int_equal(one(v8, 0x20000000u, 48), MDSEC_ERR_PRIV_REGION); /* size not a multiple */
    assert_int_equal(one(v8, 0x20000000u, 0), MDSEC_ERR_PRIV_REGION);
    assert_int_equal(one(v8, 0xFFFFFFE0u, 64), MDSEC_ERR_PRIV_REGION); /* wraps */
    assert_int_equal(mdsec_priv_mpu_check(v8, t, 3, &bad),
                     MDSEC_OK); /* adjacent, not overlapping */
    t[1].base = 0x20000040u;    /* overlaps region 0 */
    assert_int_equal(mdsec_priv_mpu_check(v8, t, 3, &bad), MDSEC_ERR_PRIV_REGION);
    assert_int_equal(bad, 1);
    /* ARMv7-M allows overlap (the higher region number wins) but not this size. */
    assert_int_equal(mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, t, 3, &bad),
                     MDSEC_ERR_PRIV_REGION);
    assert_int_equal(bad, 0);
}

static void table_limits_and_arguments(void **state)
{
    mdsec_priv_region_t t[MDSEC_PRIV_MPU_MAX_REGIONS + 1];
    size_t i, bad = 0;
    (void)state;
    for (i = 0; i < MDSEC_PRIV_MPU_MAX_REGIONS + 1; i++) {
        t[i].base = (uint32_t)(0x20000000u + i * 0x100u);
        t[i].size = 0x100u;
        t[i].access = MDSEC_PRIV_RW;
        t[i].execute_never = 1;
    }
    assert_int_equal(
        mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, t, MDSEC_PRIV_MPU_MAX_REGIONS, &bad), MDSEC_OK);
    assert_int_equal(
        mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, t, MDSEC_PRIV_MPU_MAX_REGIONS + 1, &bad),
        MDSEC_ERR_PRIV_REGION);
    t[3].access = (mdsec_priv_access_t)4; /* a reserved AP encoding */
    assert_int_equal(mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, t, 5, &bad),
                     MDSEC_ERR_PRIV_REGION);
    assert_int_equal(bad, 3);
    assert_int_equal(mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, NULL, 2, &bad),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_priv_mpu_check((mdsec_priv_mpu_arch_t)3, t, 1, &bad),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV8M, NULL, 0, NULL), MDSEC_OK);
    assert_string_equal(mdsec_priv_step_name(MDSEC_PRIV_STEP_SETRESUID), "setresuid");
    assert_string_equal(mdsec_priv_step_name((mdsec_priv_step_t)99), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(armv7m_size_and_alignment),
        cmocka_unit_test(armv8m_granularity_and_overlap),
        cmocka_unit_test(table_limits_and_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
