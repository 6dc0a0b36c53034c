/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The QEMU MPS2 AN386 FreeRTOS-MPU TEST board (startup.c): console and exit
 * through Arm semihosting, and the hooks a test overrides. Not part of the
 * mdsec library.
 */
#ifndef MDSEC_MPS2_AN386_MPU_H
#define MDSEC_MPS2_AN386_MPU_H

#include <stdint.h>

/* Exit statuses of the board itself (tests use their own below 100). */
#define MDSEC_MPU_BOARD_EXIT_FAULT      121 /* a fault the test did not expect */
#define MDSEC_MPU_BOARD_EXIT_UNEXPECTED 123 /* an exception without a handler */
#define MDSEC_MPU_BOARD_EXIT_ASSERT     125 /* a FreeRTOS configASSERT() failed */

/* System control block registers the fault hooks read. */
#define MDSEC_MPU_BOARD_CFSR     (*(volatile uint32_t *)0xE000ED28u)
#define MDSEC_MPU_BOARD_MMFAR    (*(volatile uint32_t *)0xE000ED34u)
#define MDSEC_MPU_CFSR_DACCVIOL  (1u << 1)
#define MDSEC_MPU_CFSR_MMARVALID (1u << 7)

/* Writes a NUL-terminated string to the host's stderr (SYS_WRITE0). */
void mdsec_mpu_board_puts(const char *s);

/* Writes "<label>0x<8 hex digits>". */
void mdsec_mpu_board_put_hex(const char *label, uint32_t value);

/* Ends the QEMU run with `status` (SYS_EXIT_EXTENDED). */
__attribute__((noreturn)) void mdsec_mpu_board_exit(int status);

/* Called (privileged, in the handler) on HardFault, MemManage, BusFault and
 * UsageFault with the exception number, the stacked frame (NULL when the
 * stack pointer was outside RAM) and EXC_RETURN. The board's weak default
 * prints the fault registers; a test overrides it to judge the fault. When
 * it returns, the run ends with MDSEC_MPU_BOARD_EXIT_FAULT. */
void mdsec_mpu_board_fault(uint32_t exception, const uint32_t *frame, uint32_t exc_return);

#endif /* MDSEC_MPS2_AN386_MPU_H */
