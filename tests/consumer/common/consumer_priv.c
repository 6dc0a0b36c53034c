/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Least privilege: MPU region tables, and a POSIX policy that drops nothing. */
#if defined(__linux__)
#define _POSIX_C_SOURCE 200809L /* umask */
#include <sys/stat.h>
#include <sys/types.h>
#endif
#include <string.h>

#include "consumer.h"

#if defined(MDSEC_WITH_PRIV)
int consumer_check_priv(void)
{
    /* A Cortex-M4 firmware's table: code read-only, RAM never executable. */
    static const mdsec_priv_region_t ok_v7[] = {
        {0x00000000u, 0x00040000u, MDSEC_PRIV_RO, 0},
        {0x20000000u, 0x00010000u, MDSEC_PRIV_RW, 1},
        {0x20010000u, 0x00000400u, MDSEC_PRIV_PRIV_RW, 1},
    };
    /* ARMv7-M: a 4 KiB region must start on a 4 KiB boundary. */
    static const mdsec_priv_region_t misaligned_v7[] = {
        {0x00000000u, 0x00040000u, MDSEC_PRIV_RO, 0},
        {0x20000100u, 0x00001000u, MDSEC_PRIV_RW, 1},
    };
    /* ARMv8-M: overlapping regions fault, so the table is refused. */
    static const mdsec_priv_region_t overlap_v8[] = {
        {0x20000000u, 0x00001000u, MDSEC_PRIV_RW, 1},
        {0x20000800u, 0x00001000u, MDSEC_PRIV_RO, 1},
    };
    size_t bad = 99;

    CONSUMER_EXPECT_STATUS(
        mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, ok_v7, sizeof ok_v7 / sizeof ok_v7[0], &bad),
        MDSEC_OK);
    CONSUMER_EXPECT_STATUS(mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, misaligned_v7,
                                                sizeof misaligned_v7 / sizeof misaligned_v7[0],
                                                &bad),
                           MDSEC_ERR_PRIV_REGION);
    CONSUMER_EXPECT(bad == 1u, "the misaligned region is named");
    bad = 99;
    CONSUMER_EXPECT_STATUS(mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV8M, overlap_v8,
                                                sizeof overlap_v8 / sizeof overlap_v8[0], &bad),
                           MDSEC_ERR_PRIV_REGION);
    CONSUMER_EXPECT(bad == 1u, "the second region of the overlapping pair is named");

#if defined(__linux__)
    {
        /* A policy that only sets the umask: the consumer keeps its ids and
         * capabilities. An invalid policy is refused before any step. */
        mdsec_priv_policy_t p;
        mdsec_priv_report_t r;
        const mode_t old = umask(022);

        memset(&p, 0, sizeof p);
        p.set_umask = 1;
        p.umask_value = 01000u; /* not a permission mask */
        p.allow_core_dumps = 1;
        p.nonfatal = 1;
        CONSUMER_EXPECT_STATUS(mdsec_priv_apply(&p, &r), MDSEC_ERR_PRIV_POLICY);
        CONSUMER_EXPECT(r.applied == 0u && umask(022) == 022, "nothing applied");

        p.umask_value = 027u;
        CONSUMER_EXPECT_STATUS(mdsec_priv_apply(&p, &r), MDSEC_OK);
        CONSUMER_EXPECT(r.failed == MDSEC_PRIV_STEP_NONE &&
                            (r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_UMASK)) != 0u &&
                            (r.applied & MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_SETRESUID)) == 0u,
                        "only the umask step was applied");
        CONSUMER_EXPECT(umask(old) == 027, "the umask is the policy's");
        CONSUMER_EXPECT(strcmp(mdsec_priv_step_name(MDSEC_PRIV_STEP_SETRESUID), "setresuid") == 0,
                        "step names");
    }
#endif
    return 0;
}
#endif
