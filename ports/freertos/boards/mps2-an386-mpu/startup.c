/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Vector table, reset handler, faults and semihosting console of the QEMU
 * MPS2 AN386 FreeRTOS-MPU TEST board. SVCall, PendSV and SysTick go
 * straight to the kernel port's handlers (portable/GCC/ARM_CM4_MPU checks
 * that they are installed). The vector table is the first thing in the
 * privileged code region (mps2_an386_mpu.ld).
 */
#include <stddef.h>
#include <stdint.h>

#include "FreeRTOS.h"
#include "task.h"

#include "mps2_an386_mpu.h"

extern uint32_t __privileged_data_load__[];
extern uint32_t __privileged_data_start__[];
extern uint32_t __privileged_data_used__[];
extern uint32_t __data_load__[];
extern uint32_t __data_start__[];
extern uint32_t __data_end__[];
extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];
extern uint32_t __stack_top__[];
extern uint32_t __ram_start__[];
extern uint32_t __ram_end__[];

int main(void);

/* The kernel port's handlers (port.c). */
void vPortSVCHandler(void);
void xPortPendSVHandler(void);
void xPortSysTickHandler(void);

__attribute__((noreturn)) void Reset_Handler(void);
static void mps2_mpu_fault_entry(void);
static void mps2_mpu_unexpected(void);

#define SCB_VTOR          (*(volatile uint32_t *)0xE000ED08u)
#define SCB_SHCSR         (*(volatile uint32_t *)0xE000ED24u)
#define SCB_CPACR         (*(volatile uint32_t *)0xE000ED88u)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)

#define NUM_IRQ 32u

typedef void (*handler_t)(void);

typedef struct vector_table {
    uint32_t *initial_sp;
    handler_t system[15]; /* exceptions 1..15 */
    handler_t irq[NUM_IRQ];
} vector_table_t;

#define U mps2_mpu_unexpected
__attribute__((section(".isr_vector"), used)) const vector_table_t mdsec_mpu_board_vectors = {
    __stack_top__,
    {
        Reset_Handler,                           /* 1 */
        U,                                       /* 2 NMI */
        mps2_mpu_fault_entry,                    /* 3 HardFault */
        mps2_mpu_fault_entry,                    /* 4 MemManage */
        mps2_mpu_fault_entry,                    /* 5 BusFault */
        mps2_mpu_fault_entry,                    /* 6 UsageFault */
        NULL, NULL, NULL, NULL, vPortSVCHandler, /* 11 SVCall */
        U,                                       /* 12 DebugMonitor */
        NULL, xPortPendSVHandler,                /* 14 PendSV */
        xPortSysTickHandler,                     /* 15 SysTick */
    },
    {U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
     U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U},
};
#undef U

static void copy_words(uint32_t *dst, const uint32_t *src, const uint32_t *dst_end)
{
    size_t n = (size_t)((uintptr_t)dst_end - (uintptr_t)dst) / sizeof(uint32_t);
    size_t i;
    for (i = 0u; i < n; i++) {
        dst[i] = src[i];
    }
}

void Reset_Handler(void)
{
    size_t n, i;

    /* The FPU first: the image is built for the hard-float ABI (the kernel
     * port saves and restores FPU context). */
    SCB_CPACR |= (0xFu << 20);
    __asm__ volatile("dsb\n\tisb" ::: "memory");

    copy_words(__privileged_data_start__, __privileged_data_load__, __privileged_data_used__);
    copy_words(__data_start__, __data_load__, __data_end__);
    n = (size_t)((uintptr_t)__bss_end__ - (uintptr_t)__bss_start__) / sizeof(uint32_t);
    for (i = 0u; i < n; i++) {
        __bss_start__[i] = 0u;
    }
    SCB_VTOR = (uint32_t)(uintptr_t)&mdsec_mpu_board_vectors;
    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    mdsec_mpu_board_exit(main());
}

/* ---- Kernel memory -------------------------------------------------------- */

/* The idle task (privileged: the kernel grants it all of RAM). */
void vApplicationGetIdleTaskMemory(StaticTask_t **tcb, StackType_t **stack,
                                   configSTACK_DEPTH_TYPE *words)
{
    static StaticTask_t idle_tcb;
    static StackType_t idle_stack[configMINIMAL_STACK_SIZE];

    *tcb = &idle_tcb;
    *stack = idle_stack;
    *words = (configSTACK_DEPTH_TYPE)configMINIMAL_STACK_SIZE;
}

/* ---- Semihosting ------------------------------------------------------- */

#define SH_SYS_WRITE0        0x04u
#define SH_SYS_EXIT_EXTENDED 0x20u
#define SH_SYS_EXIT          0x18u
#define ADP_STOPPED_APP_EXIT 0x20026u

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void mdsec_mpu_board_puts(const char *s)
{
    (void)semihost(SH_SYS_WRITE0, s);
}

void mdsec_mpu_board_put_hex(const char *label, uint32_t value)
{
    static const char digits[] = "0123456789abcdef";
    char buf[11];
    unsigned i;

    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0u; i < 8u; i++) {
        buf[2u + i] = digits[(value >> (28u - 4u * i)) & 0xFu];
    }
    buf[10] = '\0';
    mdsec_mpu_board_puts(label);
    mdsec_mpu_board_puts(buf);
}

void mdsec_mpu_board_exit(int status)
{
    uint32_t block[2];

    block[0] = ADP_STOPPED_APP_EXIT;
    block[1] = (uint32_t)status;
    (void)semihost(SH_SYS_EXIT_EXTENDED, block);
    /* Only reached without SYS_EXIT_EXTENDED: SYS_EXIT takes the reason
     * itself (not a pointer) on AArch32, and tells success from failure. */
    /* NOLINTNEXTLINE(performance-no-int-to-ptr) */
    (void)semihost(SH_SYS_EXIT, (const void *)(uintptr_t)(status == 0 ? ADP_STOPPED_APP_EXIT : 0u));
    for (;;) {
    }
}

void mdsec_mpu_board_assert(const char *file, int line)
{
    mdsec_mpu_board_puts("mps2-an386-mpu: FreeRTOS assertion failed: ");
    mdsec_mpu_board_puts(file);
    mdsec_mpu_board_put_hex(" line ", (uint32_t)line);
    mdsec_mpu_board_puts("\n");
    mdsec_mpu_board_exit(MDSEC_MPU_BOARD_EXIT_ASSERT);
}

/* ---- Faults --------------------------------------------------------------- */

/* Hands the stacked frame (MSP or PSP, by EXC_RETURN bit 2) and EXC_RETURN
 * to C. */
__attribute__((naked)) static void mps2_mpu_fault_entry(void)
{
    __asm__ volatile("tst lr, #4\n\t"
                     "ite eq\n\t"
                     "mrseq r0, msp\n\t"
                     "mrsne r0, psp\n\t"
                     "mov r1, lr\n\t"
                     "b mps2_mpu_fault_dispatch\n\t");
}

/* `used`: only the branch in mps2_mpu_fault_entry refers to it, so the
 * compiler must keep it, and keep its calling convention. */
__attribute__((used)) static void mps2_mpu_fault_dispatch(uint32_t sp, uint32_t exc_return)
{
    const uint32_t *frame = NULL;
    uint32_t ipsr;

    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    /* Read the frame only when all 8 words lie in RAM. */
    if ((sp & 3u) == 0u && sp >= (uint32_t)(uintptr_t)__ram_start__ &&
        sp <= (uint32_t)(uintptr_t)__ram_end__ - 32u) {
        frame = (const uint32_t *)(uintptr_t)sp; /* NOLINT(performance-no-int-to-ptr) */
    }
    mdsec_mpu_board_fault(ipsr & 0x1FFu, frame, exc_return);
    mdsec_mpu_board_exit(MDSEC_MPU_BOARD_EXIT_FAULT);
}

__attribute__((weak)) void mdsec_mpu_board_fault(uint32_t exception, const uint32_t *frame,
                                                 uint32_t exc_return)
{
    mdsec_mpu_board_put_hex("\nmps2-an386-mpu: fault, exception ", exception);
    if (frame != NULL) {
        mdsec_mpu_board_put_hex(" pc=", frame[6]);
    }
    mdsec_mpu_board_put_hex(" exc_return=", exc_return);
    mdsec_mpu_board_put_hex(" CFSR=", MDSEC_MPU_BOARD_CFSR);
    mdsec_mpu_board_put_hex(" MMFAR=", MDSEC_MPU_BOARD_MMFAR);
    mdsec_mpu_board_puts("\n");
}

static void mps2_mpu_unexpected(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    mdsec_mpu_board_put_hex("\nmps2-an386-mpu: unexpected exception ", ipsr & 0x1FFu);
    mdsec_mpu_board_puts("\n");
    mdsec_mpu_board_exit(MDSEC_MPU_BOARD_EXIT_UNEXPECTED);
}
