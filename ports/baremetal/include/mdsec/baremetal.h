/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file baremetal.h
 * @brief What a board supplies to the generic Cortex-M (baremetal) port.
 *
 * `ports/baremetal` implements the parts of mdsec/port.h that are the same
 * on every Cortex-M3/M4/M7 without an RTOS: mdsec_port_name(),
 * mdsec_port_init() (which calls mdsec_board_init() once), the mutex as a
 * nesting-safe PRIMASK critical section, and mdsec_port_fatal() (which calls
 * mdsec_board_fatal() and then resets the core).
 *
 * A board library supplies the two hooks below and every remaining function
 * of mdsec/port.h: mdsec_port_entropy(), mdsec_port_monotonic_us(),
 * mdsec_port_wallclock_ms(), mdsec_port_counter_read(),
 * mdsec_port_counter_advance(), mdsec_port_storage_info(),
 * mdsec_port_storage_read(), mdsec_port_storage_program(),
 * mdsec_port_storage_erase() and mdsec_port_root_secret(), plus its start-up
 * code and linker script. See docs/porting-baremetal.md.
 */
#ifndef MDSEC_BAREMETAL_H
#define MDSEC_BAREMETAL_H

#include "mdsec/core.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Bring up the board's clocks, timers, entropy source and storage.
 *
 * Called once by the first successful mdsec_port_init(); a failure is
 * returned to its caller, and the next mdsec_port_init() calls it again.
 * @return ::MDSEC_OK or the failure of the board's set-up.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_board_init(void);

/**
 * @brief Record or report a fatal error before the port resets the core.
 *
 * Called by mdsec_port_fatal() with interrupts disabled. It may write the
 * reason to a crash log, put actuators into their safe state, or never
 * return (a test board exits its emulator). When it returns, the port
 * requests a system reset through AIRCR.SYSRESETREQ and spins until it
 * happens.
 * @param reason The status mdsec_port_fatal() was called with.
 */
void mdsec_board_fatal(mdsec_status_t reason);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_BAREMETAL_H */
