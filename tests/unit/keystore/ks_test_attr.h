/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The key the persistent-store tests (power cuts, forged regions, the
 * region fuzzer) write: a persistent, exportable HMAC-SHA256 key in flash,
 * so that its material can be compared after every open.
 */
#ifndef MDSEC_TEST_KS_TEST_ATTR_H
#define MDSEC_TEST_KS_TEST_ATTR_H

#include <string.h>

#include "mdsec/keystore.h"

static inline mdsec_ks_attributes_t ks_test_flash_hmac_attr(void)
{
    mdsec_ks_attributes_t a;
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_HMAC;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT;
    a.alg = MDSEC_KS_ALG_HMAC_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_FLASH;
    return a;
}

#endif /* MDSEC_TEST_KS_TEST_ATTR_H */
