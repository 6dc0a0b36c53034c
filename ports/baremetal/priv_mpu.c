/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The Cortex-M half of the least-privilege helpers: program the ARMv7-M
 * MPU (PMSAv7) from a validated region table, and drop the thread to
 * unprivileged mode. Register layout: ARMv7-M Architecture Reference
 * Manual, B3.5 (MPU_TYPE, MPU_CTRL, MPU_RNR, MPU_RBAR, MPU_RASR).
 */
#include <stdint.h>

#include "cortexm.h"
#include "mdsec/event.h"
#include "mdsec/port.h"
#include "mdsec/priv.h"

#define MPU_TYPE MDSEC_CM_REG32(0xE000ED90u)
#define MPU_CTRL MDSEC_CM_REG32(0xE000ED94u)
#define MPU_RNR  MDSEC_CM_REG32(0xE000ED98u)
#define MPU_RBAR MDSEC_CM_REG32(0xE000ED9Cu)
#define MPU_RASR MDSEC_CM_REG32(0xE000EDA0u)

#define MPU_CTRL_ENABLE     (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define RASR_ENABLE         (1u << 0)
#define RASR_XN             (1u << 28)
/* Normal memory, write-back write-allocate: TEX=001, C=1, B=1. */
#define RASR_NORMAL_WBWA    ((1u << 19) | (1u << 17) | (1u << 16))

static uint32_t control_get(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, control" : "=r"(v));
    return v;
}

static uint32_t ipsr_get(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, ipsr" : "=r"(v));
    return v;
}

/* Privileged: in a handler, or in thread mode with nPRIV clear. */
static int privileged(void)
{
    return ipsr_get() != 0u || (control_get() & 1u) == 0u;
}

/* MPU_RASR.SIZE: the region holds 2^(SIZE+1) bytes. */
static uint32_t size_field(uint32_t size)
{
    uint32_t n = 4u; /* 32 bytes */
    while (n < 30u && (UINT32_C(1) << (n + 1u)) < size) {
        n++;
    }
    return n;
}

static void report(uint32_t what, mdsec_status_t st)
{
    uint8_t detail[3] = {2u, 1u, 0u}; /* tag 2: Cortex-M privilege action */
    mdsec_event_t ev;
    detail[2] = (uint8_t)what;
    ev.code = MDSEC_EV_PRIV_CHANGE;
    ev.outcome = (st == MDSEC_OK) ? MDSEC_OUTCOME_SUCCESS : MDSEC_OUTCOME_SERIOUS;
    ev.source = MDSEC_SRC_PRIV;
    ev.status = st;
    ev.actor = 0u;
    ev.detail = detail;
    ev.detail_len = sizeof detail;
    mdsec_event_emit(&ev);
}

mdsec_status_t mdsec_priv_mpu_apply(const mdsec_priv_region_t *regions, size_t count)
{
    uint32_t dregion, i;
    size_t bad = 0u;
    mdsec_status_t st = mdsec_priv_mpu_check(MDSEC_PRIV_MPU_ARMV7M, regions, count, &bad);

    if (st != MDSEC_OK) {
        return st;
    }
    if (!privileged()) {
        return MDSEC_ERR_STATE;
    }
    dregion = (MPU_TYPE >> 8) & 0xFFu;
    if (dregion == 0u) {
        return MDSEC_ERR_PRIV_UNAVAILABLE;
    }
    if (count > dregion) {
        return MDSEC_ERR_PRIV_REGION;
    }
    __asm__ volatile("dmb" ::: "memory");
    MPU_CTRL = 0u; /* reprogram with the MPU off */
    for (i = 0u; i < dregion; i++) {
        MPU_RNR = i;
        if (i < count) {
            const mdsec_priv_region_t *r = &regions[i];
            MPU_RBAR = r->base;
            MPU_RASR = (r->execute_never ? RASR_XN : 0u) | ((uint32_t)r->access << 24) |
                       RASR_NORMAL_WBWA | (size_field(r->size) << 1) | RASR_ENABLE;
        } else {
            MPU_RASR = 0u;
        }
    }
    MDSEC_CM_SHCSR |= MDSEC_CM_SHCSR_MEMFAULTENA;
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    report(1u, MDSEC_OK);
    return MDSEC_OK;
}

mdsec_status_t mdsec_priv_drop_to_unprivileged(void)
{
    if (ipsr_get() != 0u) {
        return MDSEC_ERR_STATE; /* a handler cannot drop the thread's privilege this way */
    }
    report(2u, MDSEC_OK); /* before: the sink may need privilege */
    __asm__ volatile("mrs r0, control\n\t"
                     "orr r0, r0, #1\n\t"
                     "msr control, r0\n\t"
                     "isb" ::
                         : "r0", "memory");
    if ((control_get() & 1u) == 0u) {
        mdsec_port_fatal(MDSEC_ERR_PRIV_VERIFY); /* the drop did not take */
    }
    return MDSEC_OK;
}
