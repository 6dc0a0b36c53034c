/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Vector table, reset handler and fault handlers of the MPS2 AN386 board.
 *
 * QEMU loads the ELF image (code at 0x00000000 in SSRAM1, see
 * mps2_an386.ld) and the core takes its initial stack pointer and reset
 * vector from the table at address 0, as a real Cortex-M4 does.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "cortexm.h"

/* Symbols from the linker script. */
extern uint32_t __data_load__[];
extern uint32_t __data_start__[];
extern uint32_t __data_end__[];
extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];
extern uint32_t __stack_top__[];
extern uint32_t __stack_limit__[];
extern uint32_t __ram_start__[];
extern uint32_t __ram_end__[];

/* newlib runs the .preinit_array/.init_array constructors. */
void __libc_init_array(void);
/* newlib's __libc_init_array calls _init (and __libc_fini_array _fini);
 * without crti.o, which -nostartfiles leaves out, they are empty. */
void _init(void);
void _fini(void);

int main(void);

/* Exception handlers. The fault and interrupt handlers are weak so that a
 * board variant or a privilege-separation layer can replace them. */
MDSEC_NORETURN void Reset_Handler(void);
void NMI_Handler(void);
void HardFault_Handler(void);
void MemManage_Handler(void);
void BusFault_Handler(void);
void UsageFault_Handler(void);
void SVC_Handler(void);
void DebugMon_Handler(void);
void PendSV_Handler(void);
/* The defaults the weak handlers alias (below). */
static void mps2_fault_entry(void);
static void mps2_unexpected_entry(void);

void NMI_Handler(void) __attribute__((weak, alias("mps2_unexpected_entry")));
void HardFault_Handler(void) __attribute__((weak, alias("mps2_fault_entry")));
void MemManage_Handler(void) __attribute__((weak, alias("mps2_fault_entry")));
void BusFault_Handler(void) __attribute__((weak, alias("mps2_fault_entry")));
void UsageFault_Handler(void) __attribute__((weak, alias("mps2_fault_entry")));
void SVC_Handler(void) __attribute__((weak, alias("mps2_unexpected_entry")));
void DebugMon_Handler(void) __attribute__((weak, alias("mps2_unexpected_entry")));
void PendSV_Handler(void) __attribute__((weak, alias("mps2_unexpected_entry")));

/* AN386 has 32 external interrupts (QEMU's mps2.c: num-irq 32). */
#define MPS2_NUM_IRQ 32u

typedef void (*mps2_handler_t)(void);

typedef struct mps2_vector_table {
    uint32_t *initial_sp;
    mps2_handler_t system[15]; /* Exceptions 1..15. */
    mps2_handler_t irq[MPS2_NUM_IRQ];
} mps2_vector_table_t;

#define U mps2_unexpected_entry
/** The vector table; placed at 0x00000000 by the linker script. */
__attribute__((section(".isr_vector"), used)) const mps2_vector_table_t mdsec_board_vector_table = {
    __stack_top__,
    {
        Reset_Handler,      /* 1 */
        NMI_Handler,        /* 2 */
        HardFault_Handler,  /* 3 */
        MemManage_Handler,  /* 4 */
        BusFault_Handler,   /* 5 */
        UsageFault_Handler, /* 6 */
        NULL,               /* 7, reserved */
        NULL,               /* 8, reserved */
        NULL,               /* 9, reserved */
        NULL,               /* 10, reserved */
        SVC_Handler,        /* 11 */
        DebugMon_Handler,   /* 12 */
        NULL,               /* 13, reserved */
        PendSV_Handler,     /* 14 */
        SysTick_Handler,    /* 15 */
    },
    {U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
     U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U},
};
#undef U

void _init(void)
{
}

void _fini(void)
{
}

/* Stack high-water mark: the reset handler fills the unused stack with a
 * pattern; the deepest word that no longer holds it shows the peak use. */
#define MPS2_STACK_PAINT 0x5ac3c35au

/* Fills the stack from its limit up to a little below the current stack
 * pointer (the reset handler's own frame is above that). */
static void mps2_stack_paint(void)
{
    uintptr_t sp;
    size_t n;
    size_t i;

    __asm__ __volatile__("mov %0, sp" : "=r"(sp));
    sp -= 64u;
    if (sp <= (uintptr_t)__stack_limit__ || sp > (uintptr_t)__stack_top__) {
        return;
    }
    n = (size_t)(sp - (uintptr_t)__stack_limit__) / sizeof(uint32_t);
    for (i = 0u; i < n; i++) {
        ((volatile uint32_t *)__stack_limit__)[i] = MPS2_STACK_PAINT;
    }
}

uint32_t mdsec_board_stack_used(void)
{
    size_t n = (size_t)((uintptr_t)__stack_top__ - (uintptr_t)__stack_limit__) / sizeof(uint32_t);
    size_t i;

    for (i = 0u; i < n; i++) {
        if (((const volatile uint32_t *)__stack_limit__)[i] != MPS2_STACK_PAINT) {
            break;
        }
    }
    return (uint32_t)((n - i) * sizeof(uint32_t));
}

void mdsec_board_stack_repaint(void)
{
    uintptr_t sp;
    size_t n;
    size_t i;

    __asm__ volatile("mov %0, sp" : "=r"(sp));
    /* Leave 64 bytes below the current frame alone: this function's own
     * locals and anything an interrupt pushes while painting. */
    sp -= 64u;
    if (sp <= (uintptr_t)__stack_limit__) {
        return;
    }
    n = (size_t)(sp - (uintptr_t)__stack_limit__) / sizeof(uint32_t);
    for (i = 0u; i < n; i++) {
        ((volatile uint32_t *)__stack_limit__)[i] = MPS2_STACK_PAINT;
    }
}

uint32_t mdsec_board_stack_size(void)
{
    return (uint32_t)((uintptr_t)__stack_top__ - (uintptr_t)__stack_limit__);
}

void Reset_Handler(void)
{
    size_t n;
    size_t i;

    /* .data from its load address in the image, .bss to zero. The counts
     * come from the linker script; the loops touch nothing else. */
    n = (size_t)((uintptr_t)__data_end__ - (uintptr_t)__data_start__) / sizeof(uint32_t);
    for (i = 0u; i < n; i++) {
        __data_start__[i] = __data_load__[i];
    }
    n = (size_t)((uintptr_t)__bss_end__ - (uintptr_t)__bss_start__) / sizeof(uint32_t);
    for (i = 0u; i < n; i++) {
        __bss_start__[i] = 0u;
    }

    mps2_stack_paint();

    MDSEC_CM_VTOR = (uint32_t)(uintptr_t)&mdsec_board_vector_table;
    /* Report MemManage, BusFault and UsageFault as themselves rather than
     * escalating to HardFault, and trap integer division by zero. */
    MDSEC_CM_SHCSR |=
        MDSEC_CM_SHCSR_MEMFAULTENA | MDSEC_CM_SHCSR_BUSFAULTENA | MDSEC_CM_SHCSR_USGFAULTENA;
    MDSEC_CM_CCR |= MDSEC_CM_CCR_DIV_0_TRP;
    mdsec_cm_dsb();
    mdsec_cm_isb();

    mdsec__mps2_time_init();
    __libc_init_array();
    exit(main());
}

/* ---- Faults ------------------------------------------------------------- */

/* Common entry of the four fault vectors: pass the stacked frame (from MSP
 * or PSP, as EXC_RETURN bit 2 says) and EXC_RETURN to the C reporter. */
__attribute__((naked)) static void mps2_fault_entry(void)
{
    __asm__ __volatile__("tst lr, #4\n\t"
                         "ite eq\n\t"
                         "mrseq r0, msp\n\t"
                         "mrsne r0, psp\n\t"
                         "mov r1, lr\n\t"
                         "b mps2_fault_dispatch\n\t");
}

/* `used`: only the branch in mps2_fault_entry refers to it, so the compiler
 * must keep it, and keep its calling convention. */
__attribute__((used)) static void mps2_fault_dispatch(uint32_t sp, uint32_t exc_return)
{
    const uint32_t *frame = NULL;
    uintptr_t lo = (uintptr_t)__ram_start__;
    uintptr_t hi = (uintptr_t)__ram_end__;

    /* Only read the frame when all 8 words lie in RAM: a fault caused by a
     * wild stack pointer must not fault again here. */
    if ((sp & 3u) == 0u && sp >= lo && sp <= hi - 32u) {
        frame = (const uint32_t *)(uintptr_t)sp;
    }
    mdsec_board_fault_report(frame, exc_return);
    mdsec_board_exit(MDSEC_BOARD_EXIT_FAULT);
}

static void fault_line(const char *label, size_t label_len, uint32_t value)
{
    char hex[8];

    mdsec__mps2_hex32(value, hex);
    mdsec_board_console_error(label, (uint32_t)label_len);
    mdsec_board_console_error(hex, 8u);
}

#define FAULT_LINE(label, value) fault_line(label, sizeof(label) - 1u, value)

__attribute__((weak)) void mdsec_board_fault_report(const uint32_t *frame, uint32_t exc_return)
{
    static const char *const names[] = {"HardFault", "MemManage", "BusFault", "UsageFault"};
    uint32_t exc = mdsec_cm_ipsr_get() & 0x1ffu;
    uint32_t cfsr = MDSEC_CM_CFSR;
    const char *name = (exc >= 3u && exc <= 6u) ? names[exc - 3u] : "fault";
    size_t len = 0u;

    while (len < 16u && name[len] != '\0') {
        len++;
    }
    mdsec_board_console_error("\nmps2-an386: ", 13u);
    mdsec_board_console_error(name, (uint32_t)len);
    if (frame != NULL) {
        FAULT_LINE(" at pc=0x", frame[6]);
        FAULT_LINE(" lr=0x", frame[5]);
    } else {
        mdsec_board_console_error(" (stack pointer outside RAM)", 28u);
    }
    FAULT_LINE(" exc_return=0x", exc_return);
    FAULT_LINE("\n  CFSR=0x", cfsr);
    FAULT_LINE(" HFSR=0x", MDSEC_CM_HFSR);
    if ((cfsr & MDSEC_CM_CFSR_MMARVALID) != 0u) {
        FAULT_LINE(" MMFAR=0x", MDSEC_CM_MMFAR);
    }
    if ((cfsr & MDSEC_CM_CFSR_BFARVALID) != 0u) {
        FAULT_LINE(" BFAR=0x", MDSEC_CM_BFAR);
    }
    mdsec_board_console_error("\n", 1u);
}

__attribute__((naked)) static void mps2_unexpected_entry(void)
{
    __asm__ __volatile__("mrs r0, ipsr\n\t"
                         "b mps2_unexpected_report\n\t");
}

/* `used`: only the branch in mps2_unexpected_entry refers to it. */
__attribute__((used)) static void mps2_unexpected_report(uint32_t exc)
{
    FAULT_LINE("\nmps2-an386: unexpected exception 0x", exc & 0x1ffu);
    mdsec_board_console_error("\n", 1u);
    mdsec_board_exit(MDSEC_BOARD_EXIT_UNEXPECTED_IRQ);
}
