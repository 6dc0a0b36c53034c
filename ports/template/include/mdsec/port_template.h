/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file port_template.h
 * @brief Bring-up helpers of the template port (ports/template).
 *
 * Every function of mdsec/port.h in the template starts as a stub. A stub
 * that can return a status records its name here and returns
 * ::MDSEC_ERR_PORT_UNIMPLEMENTED; a stub that cannot (mdsec_port_name(),
 * mdsec_port_monotonic_us(), mdsec_port_mutex_destroy()) records its name
 * and calls mdsec_port_fatal(::MDSEC_ERR_PORT_UNIMPLEMENTED). The list of
 * recorded names tells which stubs a run reached: the template's
 * contract_main.c prints it after the port contract test, and a debugger
 * breakpoint on mdsec_template_unimplemented() stops at each stub call.
 *
 * These helpers are for bringing a port up. A finished port calls none of
 * them; delete this header and unimplemented.c once no stub is left.
 */
#ifndef MDSEC_PORT_TEMPLATE_H
#define MDSEC_PORT_TEMPLATE_H

#include <stddef.h>

#include "mdsec/core.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Record that the stub @p function was called.
 *
 * Each name is kept once, in the order of first call, up to
 * ::MDSEC_TEMPLATE_MAX_RECORDED names. Not synchronised: two tasks calling
 * stubs at once may lose a name, never corrupt the list beyond that.
 * @param function The stub's name, a string literal such as "mdsec_port_entropy".
 * @return ::MDSEC_ERR_PORT_UNIMPLEMENTED, always.
 */
mdsec_status_t mdsec_template_unimplemented(const char *function);

/**
 * @brief Record the stub @p function, then call
 *        mdsec_port_fatal(::MDSEC_ERR_PORT_UNIMPLEMENTED); never returns.
 *
 * For the stubs of port functions that have no status to return. Should
 * mdsec_port_fatal() itself return (a broken fatal path), it halts here.
 * @param function The stub's name.
 */
_Noreturn void mdsec_template_unimplemented_fatal(const char *function);

/** @brief Most stub names recorded (more than the functions in port.h). */
#define MDSEC_TEMPLATE_MAX_RECORDED 24u

/**
 * @brief Number of distinct stubs called since start-up.
 * @return 0 when no stub was reached.
 */
size_t mdsec_template_unimplemented_count(void);

/**
 * @brief Name of the @p index-th distinct stub called (in order of first call).
 * @param index 0 .. mdsec_template_unimplemented_count() - 1.
 * @return The name, or NULL when @p index is out of range.
 */
const char *mdsec_template_unimplemented_name(size_t index);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_PORT_TEMPLATE_H */
