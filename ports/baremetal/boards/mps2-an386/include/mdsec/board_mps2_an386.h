/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file board_mps2_an386.h
 * @brief The QEMU MPS2 AN386 (Cortex-M4) test board of the baremetal port.
 *
 * A TEST BOARD, not a product: its entropy source is not random, its root
 * secret is a published constant, and its "non-volatile" counters and
 * storage regions live in RAM and are lost at every reset (QEMU's model has
 * no non-volatile memory). It exists so that mdsec's portable tests run on a
 * real Cortex-M4 instruction set under `qemu-system-arm -M mps2-an386`.
 * See docs/porting-baremetal.md.
 *
 * Console and exit go through Arm semihosting (QEMU's
 * `-semihosting-config enable=on,target=native`): printf() writes to the
 * host's stdout, stderr to its stderr, and exit(n) ends QEMU with status n.
 */
#ifndef MDSEC_BOARD_MPS2_AN386_H
#define MDSEC_BOARD_MPS2_AN386_H

#include <stdint.h>

#include "mdsec/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Core and SysTick clock of the AN386 image (QEMU: 25 MHz). */
#define MDSEC_MPS2_SYSCLK_HZ 25000000u

/** @brief Exit status after an unhandled fault (HardFault, MemManage, BusFault, UsageFault). */
#define MDSEC_BOARD_EXIT_FAULT          121
/** @brief Exit status after mdsec_port_fatal(). */
#define MDSEC_BOARD_EXIT_FATAL          122
/** @brief Exit status after an exception or interrupt that has no handler. */
#define MDSEC_BOARD_EXIT_UNEXPECTED_IRQ 123

/** @name Storage regions (RAM-backed, with NOR-flash rules) */
/** @{ */
/** @brief Erase unit of every region, in bytes. */
#define MDSEC_MPS2_SECTOR_SIZE      4096u
/** @brief Program unit of every region, in bytes (offset and length multiples). */
#define MDSEC_MPS2_PROGRAM_UNIT     8u
/** @brief Sectors in ::MDSEC_PORT_REGION_KEYSTORE. */
#define MDSEC_MPS2_KEYSTORE_SECTORS 2u
/** @brief Sectors in ::MDSEC_PORT_REGION_LOG. */
#define MDSEC_MPS2_LOG_SECTORS      8u
/** @brief Sectors in ::MDSEC_PORT_REGION_USER (the only user region). */
#define MDSEC_MPS2_USER_SECTORS     4u
/** @} */

/**
 * @brief End the program: QEMU exits with @p status.
 *
 * Uses the semihosting call SYS_EXIT_EXTENDED (ADP_Stopped_ApplicationExit
 * with the status as sub-code), which QEMU passes on as its own exit status.
 * A host that does not know that call gets SYS_EXIT, which only tells
 * success (status 0) from failure. Does not flush stdio: exit() does that
 * and then calls this.
 * @param status The exit status (0 to 255 reach the shell unchanged).
 */
MDSEC_NORETURN void mdsec_board_exit(int status);

/**
 * @brief Write @p len bytes to the host's stderr through semihosting,
 *        without going through stdio (safe in fault handlers).
 * @param s Bytes to write.
 * @param len Number of bytes.
 */
void mdsec_board_console_error(const char *s, uint32_t len);

/**
 * @brief Peak stack use since reset, in bytes.
 *
 * The reset handler fills the stack with a pattern; this returns how much of
 * it has been overwritten (a high-water mark, for stack figures in tests and
 * benchmarks). The stack's size is mdsec_board_stack_size().
 * @return Bytes of stack used at the deepest point so far.
 */
uint32_t mdsec_board_stack_used(void);

/**
 * @brief Paints the unused part of the stack again, so that the next
 * mdsec_board_stack_used() measures from this point on.
 *
 * Fills the stack below the caller's frame (less a 64-byte margin) with the
 * reset pattern. Benchmarks call it between operations to measure each
 * operation's own peak: the peak of a call made after the repaint is
 * mdsec_board_stack_used() minus the use at the repaint point.
 */
void mdsec_board_stack_repaint(void);

/**
 * @brief Size of the stack reserved by the linker script, in bytes.
 * @return The stack size.
 */
uint32_t mdsec_board_stack_size(void);

/**
 * @brief Called by the fault handlers with the stacked exception frame.
 *
 * The default (a weak symbol) prints the fault, the faulting PC and the
 * fault status and address registers to stderr and exits with
 * ::MDSEC_BOARD_EXIT_FAULT. A privilege-separation layer overrides it to
 * handle MemManage faults of unprivileged code.
 * @param frame The exception frame (r0-r3, r12, lr, pc, xPSR), or NULL when
 *              the stack pointer at the fault did not point into RAM.
 * @param exc_return The EXC_RETURN value the handler was entered with.
 */
void mdsec_board_fault_report(const uint32_t *frame, uint32_t exc_return);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_BOARD_MPS2_AN386_H */
