/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Whole MCUboot images against a fixed trust policy (the fixtures' P-256,
 * P-384 and Ed25519 keys, one revoked test key, threshold 1). Invariants: the
 * verdict is the same twice; a valid verdict means the decision word is
 * set, at least one trusted signer counted, and the digest equals an
 * independent hash of header, body and protected TLVs; offsets reported
 * lie inside the input; an invalid verdict never sets the decision word.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "fixtures_fuzz_fw.h"
#include "mdsec/fw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mdsec_fw_key_t keys[4];
static uint8_t revoked[1][MDSEC_SHA256_LEN];
static mdsec_fw_policy_t policy;
static int ready;

static void init(void)
{
    if (mdsec_fw_key_from_spki(&keys[0], fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len) !=
            MDSEC_OK ||
        mdsec_fw_key_from_spki(&keys[1], fx_pub_ecdsa_p384_der, fx_pub_ecdsa_p384_der_len) !=
            MDSEC_OK ||
        mdsec_fw_key_from_spki(&keys[2], fx_pub_ecdsa_p256_untrusted_der,
                               fx_pub_ecdsa_p256_untrusted_der_len) != MDSEC_OK ||
        mdsec_fw_key_from_spki(&keys[3], fx_pub_ed25519_der, fx_pub_ed25519_der_len) != MDSEC_OK) {
        abort();
    }
    memcpy(revoked[0], mdsec_fw_key_hash(&keys[2]), MDSEC_SHA256_LEN);
    memset(&policy, 0, sizeof policy);
    policy.keys = keys;
    policy.key_count = 4;
    policy.revoked = (const uint8_t(*)[MDSEC_SHA256_LEN])revoked;
    policy.revoked_count = 1;
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static mdsec_fw_ctx_t ctx;
    mdsec_fw_result_t a, b;
    mdsec_status_t sa, sb;

    if (!ready) {
        init();
    }
    sa = mdsec_fw_verify_buffer(&ctx, &policy, data, size, &a);
    sb = mdsec_fw_verify_buffer(&ctx, &policy, data, size, &b);
    if (sa != sb || a.status != sa || a.signer_count != b.signer_count) {
        abort();
    }
    if (a.fail_offset > size || a.image_end > size) {
        abort();
    }
    if (sa == MDSEC_OK) {
        uint8_t digest[MDSEC_HASH_MAX_LEN];
        mdsec_status_t hs;
        uint32_t hdr = (uint32_t)(data[8] | (data[9] << 8));
        uint32_t prot = (uint32_t)(data[10] | (data[11] << 8));
        uint32_t img =
            (uint32_t)(data[12] | (data[13] << 8) | (data[14] << 16) | ((uint32_t)data[15] << 24));
        if ((uint64_t)hdr + img + prot > size) {
            abort();
        }
        hs = (a.hash_alg == MDSEC_HASH_SHA512)
                 ? mdsec_crypto_sha512(data, hdr + img + prot, digest, sizeof digest)
                 : mdsec_crypto_hash(a.hash_alg, data, hdr + img + prot, digest, sizeof digest);
        if (mdsec_fw_is_valid(&a) != MDSEC_FW_DECISION_VALID || a.signer_count < 1 ||
            hs != MDSEC_OK || a.digest_len != mdsec_hash_len(a.hash_alg) ||
            memcmp(digest, a.digest, a.digest_len) != 0 ||
            memcmp(a.signers[0], revoked[0], MDSEC_SHA256_LEN) == 0) {
            abort();
        }
    } else if (a.decision != 0u || a.decision_check != 0u || mdsec_fw_is_valid(&a) != 0u) {
        abort();
    }
    return 0;
}
