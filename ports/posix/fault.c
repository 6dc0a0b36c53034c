/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Power-cut injection for tests (see mdsec_posix_fault_arm()). */
#include <stdint.h>

#include "posix_internal.h"

static struct {
    int armed;
    int off;
    uint32_t ops_until_cut;
    uint32_t torn_bytes;
    uint32_t ops;
} fault;

int mdsec_posix_fault_is_off(void)
{
    return fault.off;
}

int mdsec_posix_fault_begin(uint32_t *torn_bytes)
{
    *torn_bytes = 0;
    if (fault.armed && fault.ops >= fault.ops_until_cut) {
        fault.armed = 0;
        fault.off = 1;
        *torn_bytes = fault.torn_bytes;
        return 1;
    }
    return 0;
}

void mdsec_posix_fault_done(void)
{
    if (fault.ops != UINT32_MAX) {
        fault.ops++;
    }
}

void mdsec_posix_fault_arm(uint32_t ops_until_cut, uint32_t torn_bytes)
{
    if (mdsec_posix_lock() != MDSEC_OK) {
        mdsec_port_fatal(MDSEC_ERR_MUTEX);
    }
    fault.armed = 1;
    fault.off = 0;
    fault.ops_until_cut = ops_until_cut;
    fault.torn_bytes = torn_bytes;
    fault.ops = 0;
    mdsec_posix_unlock();
}

void mdsec_posix_fault_reset(void)
{
    fault.armed = 0;
    fault.off = 0;
    fault.ops_until_cut = 0;
    fault.torn_bytes = 0;
    fault.ops = 0;
}

void mdsec_posix_fault_clear(void)
{
    if (mdsec_posix_lock() != MDSEC_OK) {
        mdsec_port_fatal(MDSEC_ERR_MUTEX);
    }
    mdsec_posix_fault_reset();
    mdsec_posix_unlock();
}

uint32_t mdsec_posix_fault_op_count(void)
{
    uint32_t n;

    if (mdsec_posix_lock() != MDSEC_OK) {
        mdsec_port_fatal(MDSEC_ERR_MUTEX);
    }
    n = fault.ops;
    mdsec_posix_unlock();
    return n;
}

int mdsec_posix_fault_tripped(void)
{
    int off;

    if (mdsec_posix_lock() != MDSEC_OK) {
        mdsec_port_fatal(MDSEC_ERR_MUTEX);
    }
    off = fault.off;
    mdsec_posix_unlock();
    return off;
}
