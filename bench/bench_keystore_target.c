/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Cortex-M4 (QEMU mps2-an386) memory figures of the keystore's ECDSA P-256
 * sign path. Built three times:
 *  - BENCH_FLOOR: a direct mdsec_crypto_ecdsa_p256_sign (the crypto floor);
 *  - BENCH_KS_RAM: mdsec_ks_init without the flash backend, import of a
 *    volatile key and mdsec_ks_sign_digest;
 *  - neither: mdsec_ks_init with the flash backend (the board's keystore
 *    region), import of a persistent key and a sign through its unwrap.
 * Each image prints its peak stack since reset (the board paints the
 * stack) and the layout of mdsec_ks_ctx_t on the target ABI; bench/run.sh
 * compares the images' flash sizes.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

/* A fixed P-256 scalar (well inside 1 .. n-1); the digest is arbitrary. */
static const uint8_t priv[32] = {0x3c, 0x5e, 0x1a, 0x9f, 0x07, 0x42, 0xd1, 0x88, 0x6b, 0x2e, 0x90,
                                 0x14, 0xc7, 0x55, 0x3a, 0xe2, 0x19, 0x4d, 0x7f, 0xa0, 0x63, 0xb8,
                                 0x0c, 0x21, 0x9e, 0x45, 0xf6, 0x37, 0x8a, 0xd3, 0x12, 0x6b};
static const uint8_t digest[32] = {0x5b, 0x1e, 0xa7, 0x22, 0x90, 0x4c, 0xf3, 0x0d, 0x61, 0xb5, 0x38,
                                   0xee, 0x07, 0x9a, 0x44, 0xc1, 0x2f, 0x83, 0xd6, 0x15, 0x70, 0xab,
                                   0x5e, 0x09, 0xc4, 0x31, 0x8d, 0xf2, 0x66, 0x1b, 0xa9, 0x57};

#if defined(BENCH_KS_RAM)
#define KS_MEMBER_SIZE(m) ((unsigned long)sizeof(((mdsec_ks_ctx_t *)0)->m))
static void print_layout(void)
{
    printf("  mdsec_ks_ctx_t %lu B: mutex %lu, drbg %lu, %lu RAM slots x %lu = %lu, flash state "
           "%lu (index %lu x %lu), external %lu, magic %lu\n",
           (unsigned long)sizeof(mdsec_ks_ctx_t), KS_MEMBER_SIZE(mutex), KS_MEMBER_SIZE(drbg),
           (unsigned long)MDSEC_KS_RAM_SLOTS, (unsigned long)sizeof(mdsec_ks_ram_slot_t),
           KS_MEMBER_SIZE(ram), KS_MEMBER_SIZE(flash), (unsigned long)MDSEC_KS_FLASH_KEYS,
           (unsigned long)sizeof(mdsec_ks_flash_entry_t), KS_MEMBER_SIZE(external),
           KS_MEMBER_SIZE(magic));
}
#endif

int main(void)
{
    uint8_t sig[64];
    size_t sig_len = 0;
    mdsec_status_t st;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
#if defined(BENCH_FLOOR)
    {
        static mdsec_drbg_t drbg;
        st = mdsec_crypto_drbg_seed(&drbg, NULL, 0);
        if (st == MDSEC_OK) {
            st = mdsec_crypto_ecdsa_p256_sign(&drbg, priv, digest, sizeof digest, MDSEC_SIG_RAW,
                                              sig, sizeof sig, &sig_len);
        }
        printf("floor (direct ECDSA P-256 sign): %s, peak stack %lu B\n",
               st == MDSEC_OK ? "ok" : "FAILED", (unsigned long)mdsec_board_stack_used());
    }
#else
    {
        static mdsec_ks_ctx_t ks;
#if defined(BENCH_KS_RAM)
        const mdsec_ks_config_t cfg = {0u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID};
        const char *what = "keystore sign, RAM key (init, import, sign)";
#else
        const mdsec_ks_config_t cfg = MDSEC_KS_CONFIG_DEFAULT;
        const char *what = "keystore sign, flash key (init+scan, import, unwrap+sign)";
#endif
        mdsec_ks_attributes_t a;
        memset(&a, 0, sizeof a);
        a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
        a.bits = 256u;
        a.usage = MDSEC_KS_USAGE_SIGN;
        a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
#if defined(BENCH_KS_RAM)
        a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
        a.location = MDSEC_KS_LOCATION_RAM;
#else
        a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
        a.location = MDSEC_KS_LOCATION_FLASH;
#endif
        st = mdsec_ks_init(&ks, &cfg);
        if (st == MDSEC_OK) {
            st = mdsec_ks_import(&ks, 0x101u, &a, priv, sizeof priv);
        }
        if (st == MDSEC_OK) {
            st = mdsec_ks_sign_digest(&ks, 0x101u, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest,
                                      sizeof digest, sig, sizeof sig, &sig_len);
        }
        printf("%s: %s, peak stack %lu B\n", what, st == MDSEC_OK ? "ok" : "FAILED",
               (unsigned long)mdsec_board_stack_used());
#if defined(BENCH_KS_RAM)
        print_layout();
#endif
        mdsec_ks_deinit(&ks);
    }
#endif
    return st == MDSEC_OK && sig_len == sizeof sig ? 0 : 1;
}
