/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Cortex-M4 least privilege under QEMU mps2-an386: program the MPU from a
 * table (code read-only and executable, RAM read/write but not executable,
 * and one 32-byte word block privileged-only), drop the thread to
 * unprivileged mode, check that it cannot set nPRIV back, then read the
 * privileged-only block. That read must raise MemManage with MMFAR at
 * exactly the block; this test's fault hook checks it, reports the address,
 * and exits 0. Any other outcome exits non-zero.
 */
#include <stdint.h>
#include <stdio.h>

#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

#define CFSR           (*(volatile uint32_t *)0xE000ED28u)
#define MMFAR          (*(volatile uint32_t *)0xE000ED34u)
#define CFSR_DACCVIOL  (1u << 1)
#define CFSR_MMARVALID (1u << 7)

/* Privileged-only: one MPU region of exactly its own 32 bytes. */
static volatile uint32_t secret[8] __attribute__((aligned(32))) = {0x5EC2E7u};

static volatile uint32_t still_unprivileged;
static volatile uint32_t reached_read;

static void say(const char *s)
{
    uint32_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    mdsec_board_console_error(s, n);
}

/* Runs in the MemManage handler (privileged). */
void mdsec_board_fault_report(const uint32_t *frame, uint32_t exc_return)
{
    uint32_t cfsr = CFSR, addr = MMFAR;
    char line[96];
    (void)frame;
    (void)exc_return;
    (void)snprintf(line, sizeof line,
                   "MemManage at 0x%08lx (CFSR 0x%08lx) from unprivileged code\n",
                   (unsigned long)addr, (unsigned long)cfsr);
    say(line);
    if (reached_read == 1u && still_unprivileged == 1u && (cfsr & CFSR_MMARVALID) != 0u &&
        (cfsr & CFSR_DACCVIOL) != 0u && addr == (uint32_t)(uintptr_t)&secret[0]) {
        say("mpu_drop: privileged-only region refused, nPRIV could not be cleared: PASS\n");
        mdsec_board_exit(0);
    }
    say("mpu_drop: the fault is not the expected one: FAIL\n");
    mdsec_board_exit(3);
}

int main(void)
{
    const mdsec_priv_region_t regions[] = {
        {0x00000000u, 0x00400000u, MDSEC_PRIV_RO, 0}, /* code: read and execute */
        {0x20000000u, 0x00400000u, MDSEC_PRIV_RW, 1}, /* RAM: read/write, never execute */
        {(uint32_t)(uintptr_t)&secret[0], 32u, MDSEC_PRIV_PRIV_RW, 1}, /* wins over region 1 */
    };
    const mdsec_priv_region_t bad[] = {{0x20000010u, 64u, MDSEC_PRIV_RW, 1}};
    uint32_t control;
    volatile uint32_t x;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    /* A table that breaks the rules is refused before anything is written. */
    if (mdsec_priv_mpu_apply(bad, 1) != MDSEC_ERR_PRIV_REGION) {
        return 4;
    }
    if (mdsec_priv_mpu_apply(regions, 3) != MDSEC_OK) {
        return 5;
    }
    /* Privileged code still reads the block (PRIVDEFENA and its own rights). */
    if (secret[0] != 0x5EC2E7u) {
        return 6;
    }
    if (mdsec_priv_drop_to_unprivileged() != MDSEC_OK) {
        return 7;
    }
    /* One-way: clearing nPRIV from unprivileged code is ignored. */
    __asm__ volatile("msr control, %0\n\tisb" : : "r"(0u) : "memory");
    __asm__ volatile("mrs %0, control" : "=r"(control));
    still_unprivileged = control & 1u;
    /* The MPU cannot be reprogrammed from here either. */
    if (mdsec_priv_mpu_apply(regions, 3) != MDSEC_ERR_STATE) {
        return 8;
    }
    reached_read = 1u;
    x = secret[0]; /* MemManage */
    (void)x;
    return 9; /* the read was allowed: the drop did not protect anything */
}
