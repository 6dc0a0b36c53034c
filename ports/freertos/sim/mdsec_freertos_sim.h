/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Test runner for the FreeRTOS POSIX simulator: runs a function inside a
 * FreeRTOS task and returns what it returned once the scheduler has
 * stopped. Not part of the mdsec library; linked into the FreeRTOS tests. */
#ifndef MDSEC_FREERTOS_SIM_H
#define MDSEC_FREERTOS_SIM_H

#include "mdsec/status.h"

/* Returned by mdsec_freertos_sim_run() when the function ended the device
 * through mdsec_port_fatal() instead of returning. */
#define MDSEC_FREERTOS_SIM_FATAL 99

/* Priority of the task that runs the function (above idle). */
#define MDSEC_FREERTOS_SIM_PRIORITY 2u

/* Starts the scheduler with one task, at MDSEC_FREERTOS_SIM_PRIORITY, that
 * calls fn(). When fn returns, the scheduler is ended and its result
 * returned; when fn (or anything it started) calls mdsec_port_fatal(),
 * MDSEC_FREERTOS_SIM_FATAL is returned and mdsec_freertos_sim_fatal_reason()
 * tells why. Call once per process. */
int mdsec_freertos_sim_run(int (*fn)(void));

/* The reason of the mdsec_port_fatal() that ended the run, or MDSEC_OK. */
mdsec_status_t mdsec_freertos_sim_fatal_reason(void);

#endif /* MDSEC_FREERTOS_SIM_H */
