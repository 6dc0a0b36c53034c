/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The security log's verifier bundle parser (mdsec_log_bundle_parse).
 *
 * Invariants: an accepted bundle is exactly MDSEC_LOG_BUNDLE_LEN bytes, has
 * evolve_every >= 1 and an uncompressed point, re-encodes to exactly the
 * input bytes and fills the verification parameters with its own fields; a
 * refused one leaves the output zeroed and says MDSEC_ERR_LOG_FORMAT.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdsec/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t zero[sizeof(mdsec_log_bundle_t)];
    mdsec_log_bundle_t b;
    mdsec_log_verify_params_t p;
    uint8_t enc[MDSEC_LOG_BUNDLE_LEN];

    const mdsec_status_t st = mdsec_log_bundle_parse(data, size, &b);
    if (st != MDSEC_OK) {
        if (st != MDSEC_ERR_LOG_FORMAT || memcmp(&b, zero, sizeof b) != 0) {
            abort();
        }
        return 0;
    }
    if (size != MDSEC_LOG_BUNDLE_LEN || b.evolve_every == 0u || b.pubkey[0] != 0x04u ||
        mdsec_log_bundle_encode(&b, enc, sizeof enc) != MDSEC_OK ||
        memcmp(enc, data, sizeof enc) != 0) {
        abort();
    }
    memset(&p, 0, sizeof p);
    if (mdsec_log_bundle_params(&b, &p) != MDSEC_OK || p.k0 != b.k0 || p.device_id != b.device_id ||
        p.evolve_every != b.evolve_every || p.pubkey != b.pubkey ||
        p.pubkey_len != MDSEC_LOG_PUBKEY_LEN || p.witness != NULL) {
        abort();
    }
    return 0;
}
