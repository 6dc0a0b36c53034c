/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Port identity and bring-up for the POSIX port. */
#include "posix_internal.h"

const char *mdsec_port_name(void)
{
    return "posix";
}

mdsec_status_t mdsec_port_init(void)
{
    mdsec_status_t rc = mdsec_posix_lock();

    if (rc != MDSEC_OK) {
        return rc;
    }
    rc = mdsec_posix_platform_init();
    mdsec_posix_unlock();
    return rc;
}
