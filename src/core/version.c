/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include "mdsec/core.h"

#define MDSEC_STR_(x) #x
#define MDSEC_STR(x)  MDSEC_STR_(x)

const char *mdsec_version_string(void)
{
    return MDSEC_STR(MDSEC_VERSION_MAJOR) "." MDSEC_STR(MDSEC_VERSION_MINOR) "." MDSEC_STR(
        MDSEC_VERSION_PATCH);
}
