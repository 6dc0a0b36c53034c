/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Internal to ports/baremetal and its boards: the few Armv7-M core
 * registers and instructions the port needs, so that it does not depend on
 * a vendor's CMSIS headers. Addresses are from the Armv7-M Architecture
 * Reference Manual (System Control Space).
 */
#ifndef MDSEC_PORTS_BAREMETAL_CORTEXM_H
#define MDSEC_PORTS_BAREMETAL_CORTEXM_H

#include <stdint.h>

#if !defined(__arm__) || !defined(__thumb2__)
#error "ports/baremetal needs an Armv7-M (Cortex-M3/M4/M7) target built with Thumb-2"
#endif

#define MDSEC_CM_REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System Control Block. */
#define MDSEC_CM_ICSR  MDSEC_CM_REG32(0xE000ED04u)
#define MDSEC_CM_VTOR  MDSEC_CM_REG32(0xE000ED08u)
#define MDSEC_CM_AIRCR MDSEC_CM_REG32(0xE000ED0Cu)
#define MDSEC_CM_CCR   MDSEC_CM_REG32(0xE000ED14u)
#define MDSEC_CM_SHCSR MDSEC_CM_REG32(0xE000ED24u)
#define MDSEC_CM_CFSR  MDSEC_CM_REG32(0xE000ED28u)
#define MDSEC_CM_HFSR  MDSEC_CM_REG32(0xE000ED2Cu)
#define MDSEC_CM_MMFAR MDSEC_CM_REG32(0xE000ED34u)
#define MDSEC_CM_BFAR  MDSEC_CM_REG32(0xE000ED38u)

#define MDSEC_CM_ICSR_PENDSTSET      (1u << 26)
#define MDSEC_CM_AIRCR_VECTKEY       (0x05FAu << 16)
#define MDSEC_CM_AIRCR_PRIGROUP_MASK (7u << 8)
#define MDSEC_CM_AIRCR_SYSRESETREQ   (1u << 2)
#define MDSEC_CM_CCR_DIV_0_TRP       (1u << 4)
#define MDSEC_CM_SHCSR_MEMFAULTENA   (1u << 16)
#define MDSEC_CM_SHCSR_BUSFAULTENA   (1u << 17)
#define MDSEC_CM_SHCSR_USGFAULTENA   (1u << 18)
#define MDSEC_CM_CFSR_MMARVALID      (1u << 7)
#define MDSEC_CM_CFSR_BFARVALID      (1u << 15)

/* SysTick. */
#define MDSEC_CM_SYST_CSR MDSEC_CM_REG32(0xE000E010u)
#define MDSEC_CM_SYST_RVR MDSEC_CM_REG32(0xE000E014u)
#define MDSEC_CM_SYST_CVR MDSEC_CM_REG32(0xE000E018u)

#define MDSEC_CM_SYST_CSR_ENABLE    (1u << 0)
#define MDSEC_CM_SYST_CSR_TICKINT   (1u << 1)
#define MDSEC_CM_SYST_CSR_CLKSOURCE (1u << 2)

/* PRIMASK: bit 0 set means configurable-priority exceptions are masked. */
static inline uint32_t mdsec_cm_primask_get(void)
{
    uint32_t v;
    __asm__ __volatile__("mrs %0, primask" : "=r"(v) : : "memory");
    return v;
}

static inline void mdsec_cm_primask_set(uint32_t v)
{
    __asm__ __volatile__("msr primask, %0" : : "r"(v) : "memory");
}

static inline void mdsec_cm_irq_disable(void)
{
    __asm__ __volatile__("cpsid i" : : : "memory");
}

/* CONTROL.nPRIV (bit 0): thread mode runs unprivileged. */
static inline uint32_t mdsec_cm_control_get(void)
{
    uint32_t v;
    __asm__ __volatile__("mrs %0, control" : "=r"(v) : : "memory");
    return v;
}

/* IPSR: the active exception number, 0 in thread mode. */
static inline uint32_t mdsec_cm_ipsr_get(void)
{
    uint32_t v;
    __asm__ __volatile__("mrs %0, ipsr" : "=r"(v) : : "memory");
    return v;
}

static inline void mdsec_cm_dsb(void)
{
    __asm__ __volatile__("dsb 0xF" : : : "memory");
}

static inline void mdsec_cm_isb(void)
{
    __asm__ __volatile__("isb 0xF" : : : "memory");
}

/* 1 when this code can change PRIMASK: handler mode, or privileged thread
 * mode. Unprivileged writes to PRIMASK are silently ignored by the core. */
static inline int mdsec_cm_is_privileged(void)
{
    return (mdsec_cm_ipsr_get() != 0u) || ((mdsec_cm_control_get() & 1u) == 0u);
}

#endif /* MDSEC_PORTS_BAREMETAL_CORTEXM_H */
