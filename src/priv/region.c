/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * MPU region tables, checked before anything is programmed. The rules are
 * those of the ARMv7-M and ARMv8-M Architecture Reference Manuals (PMSAv7:
 * MPU_RASR.SIZE encodes 2^(SIZE+1) bytes, minimum 32, base aligned to the
 * size; PMSAv8: MPU_RBAR/MPU_RLAR at 32-byte granularity, overlapping
 * regions fault).
 */
#include "mdsec/priv.h"

static int access_ok(mdsec_priv_access_t a)
{
    switch (a) {
    case MDSEC_PRIV_NO_ACCESS:
    case MDSEC_PRIV_PRIV_RW:
    case MDSEC_PRIV_PRIV_RW_USER_RO:
    case MDSEC_PRIV_RW:
    case MDSEC_PRIV_PRIV_RO:
    case MDSEC_PRIV_RO: return 1;
    default: return 0;
    }
}

/* Last address of a region, 0 when it wraps past 4 GiB or is empty. */
static int region_end(const mdsec_priv_region_t *r, uint64_t *last)
{
    uint64_t end = (uint64_t)r->base + r->size;
    if (r->size == 0u || end > UINT64_C(0x100000000)) {
        return 0;
    }
    *last = end - 1u;
    return 1;
}

mdsec_status_t mdsec_priv_mpu_check(mdsec_priv_mpu_arch_t arch, const mdsec_priv_region_t *regions,
                                    size_t count, size_t *bad_index)
{
    size_t i, j;

    if (bad_index != NULL) {
        *bad_index = 0u;
    }
    if ((arch != MDSEC_PRIV_MPU_ARMV7M && arch != MDSEC_PRIV_MPU_ARMV8M) ||
        (regions == NULL && count != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (count > MDSEC_PRIV_MPU_MAX_REGIONS) {
        if (bad_index != NULL) {
            *bad_index = MDSEC_PRIV_MPU_MAX_REGIONS;
        }
        return MDSEC_ERR_PRIV_REGION;
    }
    for (i = 0; i < count; i++) {
        const mdsec_priv_region_t *r = &regions[i];
        uint64_t last;
        int ok = access_ok(r->access) && region_end(r, &last);
        if (ok && arch == MDSEC_PRIV_MPU_ARMV7M) {
            /* a power of two of at least 32, and the base a multiple of it */
            ok = r->size >= 32u && (r->size & (r->size - 1u)) == 0u &&
                 (r->base & (r->size - 1u)) == 0u;
        } else if (ok) {
            ok = r->size >= 32u && (r->size % 32u) == 0u && (r->base % 32u) == 0u;
            /* PMSAv8: an address in two regions faults, so no overlap */
            for (j = 0; ok && j < i; j++) {
                uint64_t other_last;
                if (region_end(&regions[j], &other_last) && r->base <= other_last &&
                    regions[j].base <= last) {
                    ok = 0;
                }
            }
        }
        if (!ok) {
            if (bad_index != NULL) {
                *bad_index = i;
            }
            return MDSEC_ERR_PRIV_REGION;
        }
    }
    return MDSEC_OK;
}

const char *mdsec_priv_step_name(mdsec_priv_step_t step)
{
    switch (step) {
    case MDSEC_PRIV_STEP_NONE: return "none";
    case MDSEC_PRIV_STEP_CLOSE_FDS: return "close-fds";
    case MDSEC_PRIV_STEP_UMASK: return "umask";
    case MDSEC_PRIV_STEP_RLIMITS: return "rlimits";
    case MDSEC_PRIV_STEP_BOUNDING: return "bounding-set";
    case MDSEC_PRIV_STEP_KEEPCAPS: return "keepcaps";
    case MDSEC_PRIV_STEP_GROUPS: return "setgroups";
    case MDSEC_PRIV_STEP_SETRESGID: return "setresgid";
    case MDSEC_PRIV_STEP_SETRESUID: return "setresuid";
    case MDSEC_PRIV_STEP_CAPS: return "capabilities";
    case MDSEC_PRIV_STEP_VERIFY: return "verify";
    case MDSEC_PRIV_STEP_NO_NEW_PRIVS: return "no-new-privs";
    case MDSEC_PRIV_STEP_LANDLOCK: return "landlock";
    case MDSEC_PRIV_STEP_SECCOMP: return "seccomp";
    case MDSEC_PRIV_STEP_COUNT_:
    default: break;
    }
    return "unknown";
}
