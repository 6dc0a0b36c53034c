/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Internal to the MPS2 AN386 board library. */
#ifndef MDSEC_BOARD_MPS2_INTERNAL_H
#define MDSEC_BOARD_MPS2_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/board_mps2_an386.h"
#include "mdsec/status.h"

/* Arm semihosting operations (Semihosting for AArch32 and AArch64, 2.0). */
#define MPS2_SH_SYS_OPEN          0x01u
#define MPS2_SH_SYS_WRITE         0x05u
#define MPS2_SH_SYS_EXIT          0x18u
#define MPS2_SH_SYS_EXIT_EXTENDED 0x20u

#define MPS2_ADP_STOPPED_APPLICATION_EXIT       0x20026u
#define MPS2_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN 0x20023u

/* SysTick exception handler (time.c), in the vector table (startup.c). */
void SysTick_Handler(void);

/* Starts SysTick (called from the reset handler, before main). */
void mdsec__mps2_time_init(void);

/* Formats v as 8 hex digits into out[8]. */
void mdsec__mps2_hex32(uint32_t v, char out[8]);

#endif /* MDSEC_BOARD_MPS2_INTERNAL_H */
