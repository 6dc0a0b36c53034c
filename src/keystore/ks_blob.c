/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Built-in key provisioning blobs (placeholder until the loader lands). */
#include "keystore/ks_internal.h"
#include "mdsec/keystore.h"

mdsec_status_t mdsec_ks_load_builtin(mdsec_ks_ctx_t *ctx, const uint8_t *blob, size_t len,
                                     size_t *count)
{
    (void)ctx;
    (void)blob;
    (void)len;
    if (count != NULL) {
        *count = 0;
    }
    return MDSEC_ERR_NOT_SUPPORTED;
}
