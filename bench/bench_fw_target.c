/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Cortex-M4 (QEMU mps2-an386) memory figure of firmware verification.
 * Built twice: with BENCH_FLOOR, it does only what any verifier must (one
 * SHA-256 over the hashed bytes, one ECDSA P-256 verification); without,
 * it runs mdsec_fw_verify_buffer. Each image prints its peak stack (the
 * board paints the stack at reset); bench/run.sh compares the two images'
 * flash sizes.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "fixtures_bench_fw.h"
#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

int main(void)
{
    int ok;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
#if defined(BENCH_FLOOR)
    {
        /* The floor decodes the key, hashes the hashed bytes (header 0x200 +
         * body 24576 + protected TLVs 12) and verifies the signature at the end. */
        const uint32_t hashed = 0x200u + 24576u + 12u;
        const uint32_t sig_len = 70u;
        mdsec_der_pubkey_t key;
        uint8_t digest[32], raw[64];
        ok = mdsec_der_parse_spki(fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len, &key) ==
                 MDSEC_OK &&
             mdsec_crypto_hash(MDSEC_HASH_SHA256, fx_signed_ecdsa_p256_bin, hashed, digest,
                               sizeof digest) == MDSEC_OK &&
             mdsec_der_parse_ecdsa_sig(fx_signed_ecdsa_p256_bin + fx_signed_ecdsa_p256_bin_len -
                                           sig_len,
                                       sig_len, 32, raw) == MDSEC_OK &&
             mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, key.point.ptr, key.point.len, digest,
                                       sizeof digest, raw, sizeof raw, MDSEC_SIG_RAW) == MDSEC_OK;
        printf("floor (SHA-256 + ECDSA P-256 verify): %s, peak stack %lu B\n", ok ? "ok" : "FAILED",
               (unsigned long)mdsec_board_stack_used());
    }
#else
    {
        static mdsec_fw_key_t key;
        static mdsec_fw_ctx_t ctx;
        mdsec_fw_result_t res;
        mdsec_fw_policy_t p;
        if (mdsec_fw_key_from_spki(&key, fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len) !=
            MDSEC_OK) {
            return 2;
        }
        memset(&p, 0, sizeof p);
        p.keys = &key;
        p.key_count = 1;
        ok = mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_bin,
                                    fx_signed_ecdsa_p256_bin_len, &res) == MDSEC_OK;
        printf("mdsec_fw_verify: %s, peak stack %lu B, context %lu B, result %lu B\n",
               ok ? "ok" : "FAILED", (unsigned long)mdsec_board_stack_used(),
               (unsigned long)sizeof ctx, (unsigned long)sizeof res);
    }
#endif
    return ok ? 0 : 1;
}
