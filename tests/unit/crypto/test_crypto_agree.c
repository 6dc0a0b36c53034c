/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Differential test: BearSSL and libtomcrypt, both linked in, must agree on
 * a few hundred pseudo-random inputs (a fixed-seed generator, so every run
 * is the same), accept each other's signatures and reject the same
 * tampered ones, and return the same status for every Wycheproof ECDSA
 * vector. Host only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/mdsec.h"
#include "crypto/crypto.h"

#include "crypto_test_util.h"

#include "wycheproof_ecdsa.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define ROUNDS       300u

static uint8_t a_buf[2048];
static uint8_t b_buf[2048];
static uint8_t in_buf[2048];

static void hashes_agree(void **state)
{
    tu_rng_t rng = {0x6d64736563ULL};
    size_t r;
    uint8_t da[MDSEC_HASH_MAX_LEN];
    uint8_t db[MDSEC_HASH_MAX_LEN];
    mdsec_hash_ctx_t ctx;
    (void)state;

    for (r = 0; r < ROUNDS; r++) {
        size_t len = tu_below(&rng, 1200);
        size_t cut = tu_below(&rng, len + 1u);
        mdsec_hash_alg_t alg = (r & 1u) ? MDSEC_HASH_SHA384 : MDSEC_HASH_SHA256;

        tu_fill(&rng, in_buf, len);
        assert_int_equal(mdsec_bearssl_hash(alg, in_buf, len, da, sizeof da), MDSEC_OK);
        assert_int_equal(mdsec_tomcrypt_hash(alg, in_buf, len, db, sizeof db), MDSEC_OK);
        CHECK_VECTOR(memcmp(da, db, mdsec_hash_len(alg)) == 0, "hash", r);
        /* libtomcrypt, streamed in two parts */
        assert_int_equal(mdsec_tomcrypt_hash_init(&ctx, alg), MDSEC_OK);
        assert_int_equal(mdsec_tomcrypt_hash_update(&ctx, in_buf, cut), MDSEC_OK);
        assert_int_equal(mdsec_tomcrypt_hash_update(&ctx, in_buf + cut, len - cut), MDSEC_OK);
        assert_int_equal(mdsec_tomcrypt_hash_final(&ctx, db, sizeof db), MDSEC_OK);
        CHECK_VECTOR(memcmp(da, db, mdsec_hash_len(alg)) == 0, "hash streamed", r);
    }
}

static void hmac_and_hkdf_agree(void **state)
{
    tu_rng_t rng = {0x686d6163ULL};
    size_t r;
    uint8_t key[200];
    uint8_t salt[100];
    uint8_t info[100];
    uint8_t ma[MDSEC_HMAC_SHA256_LEN];
    uint8_t mb[MDSEC_HMAC_SHA256_LEN];
    (void)state;

    for (r = 0; r < ROUNDS; r++) {
        size_t key_len = tu_below(&rng, sizeof key + 1u);
        size_t len = tu_below(&rng, 700);
        size_t salt_len = tu_below(&rng, sizeof salt + 1u);
        size_t info_len = tu_below(&rng, sizeof info + 1u);
        size_t okm_len = 1u + tu_below(&rng, 400);

        tu_fill(&rng, key, key_len);
        tu_fill(&rng, in_buf, len);
        tu_fill(&rng, salt, salt_len);
        tu_fill(&rng, info, info_len);
        assert_int_equal(mdsec_bearssl_hmac_sha256(key, key_len, in_buf, len, ma), MDSEC_OK);
        assert_int_equal(mdsec_tomcrypt_hmac_sha256(key, key_len, in_buf, len, mb), MDSEC_OK);
        CHECK_VECTOR(memcmp(ma, mb, sizeof ma) == 0, "HMAC", r);
        assert_int_equal(mdsec_bearssl_hkdf_sha256(salt_len ? salt : NULL, salt_len, key, key_len,
                                                   info, info_len, a_buf, okm_len),
                         MDSEC_OK);
        assert_int_equal(mdsec_tomcrypt_hkdf_sha256(salt_len ? salt : NULL, salt_len, key, key_len,
                                                    info, info_len, b_buf, okm_len),
                         MDSEC_OK);
        CHECK_VECTOR(memcmp(a_buf, b_buf, okm_len) == 0, "HKDF", r);
    }
}

static void aead_agrees_and_cross_opens(void **state)
{
    tu_rng_t rng = {0x61656164ULL};
    size_t r;
    uint8_t key[MDSEC_AEAD_KEY_LEN];
    uint8_t nonce[MDSEC_AEAD_NONCE_LEN];
    uint8_t aad[64];
    uint8_t ta[MDSEC_AEAD_TAG_LEN];
    uint8_t tb[MDSEC_AEAD_TAG_LEN];
    size_t skipped = 0;
    (void)state;

    for (r = 0; r < ROUNDS; r++) {
        size_t len = tu_below(&rng, 600);
        size_t aad_len = tu_below(&rng, sizeof aad + 1u);

        if (r % 10u == 0u) {
            len = 0; /* exercise empty messages too */
        }
        tu_fill(&rng, key, sizeof key);
        tu_fill(&rng, nonce, sizeof nonce);
        tu_fill(&rng, aad, aad_len);
        tu_fill(&rng, in_buf, len);
        assert_int_equal(mdsec_bearssl_aead_seal(key, nonce, aad, aad_len, in_buf, len, a_buf, ta),
                         MDSEC_OK);
        if (len == 0u && aad_len % 16u != 0u) {
            /* documented libtomcrypt 1.18.2 gap */
            assert_int_equal(
                mdsec_tomcrypt_aead_seal(key, nonce, aad, aad_len, in_buf, len, b_buf, tb),
                MDSEC_ERR_NOT_SUPPORTED);
            skipped++;
            continue;
        }
        assert_int_equal(mdsec_tomcrypt_aead_seal(key, nonce, aad, aad_len, in_buf, len, b_buf, tb),
                         MDSEC_OK);
        CHECK_VECTOR(memcmp(a_buf, b_buf, len) == 0 && memcmp(ta, tb, sizeof ta) == 0, "AEAD", r);
        /* each opens the other's output */
        CHECK_VECTOR(mdsec_tomcrypt_aead_open(key, nonce, aad, aad_len, a_buf, len, ta, b_buf) ==
                             MDSEC_OK &&
                         memcmp(b_buf, in_buf, len) == 0,
                     "AEAD tomcrypt opens bearssl", r);
        assert_int_equal(mdsec_tomcrypt_aead_seal(key, nonce, aad, aad_len, in_buf, len, b_buf, tb),
                         MDSEC_OK);
        CHECK_VECTOR(mdsec_bearssl_aead_open(key, nonce, aad, aad_len, b_buf, len, tb, a_buf) ==
                             MDSEC_OK &&
                         memcmp(a_buf, in_buf, len) == 0,
                     "AEAD bearssl opens tomcrypt", r);
        /* a flipped bit fails under both */
        ta[tu_below(&rng, sizeof ta)] ^= (uint8_t)(1u << tu_below(&rng, 8));
        CHECK_VECTOR(mdsec_bearssl_aead_open(key, nonce, aad, aad_len, b_buf, len, ta, a_buf) ==
                         MDSEC_ERR_AUTH_FAILED,
                     "AEAD tampered (bearssl)", r);
        CHECK_VECTOR(mdsec_tomcrypt_aead_open(key, nonce, aad, aad_len, b_buf, len, ta, a_buf) ==
                         MDSEC_ERR_AUTH_FAILED,
                     "AEAD tampered (tomcrypt)", r);
    }
    assert_true(skipped < ROUNDS / 10u);
}

static void ec_public_keys_agree(void **state)
{
    tu_rng_t rng = {0x6b657973ULL};
    size_t r;
    uint8_t d[MDSEC_P384_SCALAR_LEN];
    uint8_t pa[MDSEC_P384_PUB_LEN];
    uint8_t pb[MDSEC_P384_PUB_LEN];
    size_t la;
    size_t lb;
    (void)state;

    for (r = 0; r < ROUNDS; r++) {
        mdsec_curve_t curve = (r % 3u == 2u) ? MDSEC_CURVE_P384 : MDSEC_CURVE_P256;
        size_t dl = curve == MDSEC_CURVE_P256 ? 32u : 48u;
        mdsec_status_t sa;
        mdsec_status_t sb;

        tu_fill(&rng, d, dl);
        if (r % 50u == 7u) {
            memset(d, 0xff, dl); /* above the order: refused by both */
        }
        sa = mdsec_bearssl_ec_pubkey_from_priv(curve, d, dl, pa, sizeof pa, &la);
        sb = mdsec_tomcrypt_ec_pubkey_from_priv(curve, d, dl, pb, sizeof pb, &lb);
        CHECK_VECTOR(sa == sb, "pubkey status", r);
        if (sa == MDSEC_OK) {
            CHECK_VECTOR(la == lb && memcmp(pa, pb, la) == 0, "pubkey", r);
        }
    }
}

static void signatures_cross_verify(void **state)
{
    tu_rng_t rng = {0x7369676eULL};
    size_t r;
    mdsec_drbg_t drbg;
    uint8_t seed[48];
    uint8_t d[MDSEC_P256_SCALAR_LEN];
    uint8_t pub[MDSEC_P256_PUB_LEN];
    uint8_t hash[MDSEC_SHA384_LEN];
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    size_t pub_len;
    size_t sig_len;
    (void)state;

    tu_fill(&rng, seed, sizeof seed);
    assert_int_equal(mdsec_tomcrypt_drbg_instantiate(&drbg, seed, 32, seed + 32, 16, NULL, 0),
                     MDSEC_OK);
    for (r = 0; r < ROUNDS; r++) {
        size_t hlen = (r & 2u) ? MDSEC_SHA384_LEN : MDSEC_SHA256_LEN;
        mdsec_sig_format_t fmt = (r & 1u) ? MDSEC_SIG_DER : MDSEC_SIG_RAW;
        int by_bearssl = (r & 4u) == 0u;
        mdsec_status_t sa;
        mdsec_status_t sb;

        do {
            tu_fill(&rng, d, sizeof d);
        } while (mdsec_bearssl_ec_pubkey_from_priv(MDSEC_CURVE_P256, d, sizeof d, pub, sizeof pub,
                                                   &pub_len) != MDSEC_OK);
        tu_fill(&rng, hash, hlen);
        if (by_bearssl) {
            sa = mdsec_bearssl_ecdsa_p256_sign(NULL, d, hash, hlen, fmt, sig, sizeof sig, &sig_len);
        } else {
            sa = mdsec_tomcrypt_ecdsa_p256_sign(&drbg, d, hash, hlen, fmt, sig, sizeof sig,
                                                &sig_len);
        }
        assert_int_equal(sa, MDSEC_OK);
        CHECK_VECTOR(mdsec_bearssl_ecdsa_verify(MDSEC_CURVE_P256, pub, pub_len, hash, hlen, sig,
                                                sig_len, fmt) == MDSEC_OK,
                     "signature verifies under bearssl", r);
        CHECK_VECTOR(mdsec_tomcrypt_ecdsa_verify(MDSEC_CURVE_P256, pub, pub_len, hash, hlen, sig,
                                                 sig_len, fmt) == MDSEC_OK,
                     "signature verifies under libtomcrypt", r);
        /* flip one bit of the signature (r || s or the DER bytes) */
        {
            size_t byte = tu_below(&rng, sig_len);
            sig[byte] ^= (uint8_t)(1u << tu_below(&rng, 8));
        }
        sa = mdsec_bearssl_ecdsa_verify(MDSEC_CURVE_P256, pub, pub_len, hash, hlen, sig, sig_len,
                                        fmt);
        sb = mdsec_tomcrypt_ecdsa_verify(MDSEC_CURVE_P256, pub, pub_len, hash, hlen, sig, sig_len,
                                         fmt);
        CHECK_VECTOR(sa != MDSEC_OK && sa == sb, "tampered signature", r);
    }
    mdsec_tomcrypt_drbg_wipe(&drbg);
}

static void wycheproof_ecdsa_statuses_agree(void **state)
{
    size_t s;
    size_t i;
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    (void)state;

    for (s = 0; s < ARRAY_LEN(tv_wp_ecdsa_sets); s++) {
        const mdsec_tv_wp_ecdsa_set_t *set = &tv_wp_ecdsa_sets[s];
        mdsec_curve_t curve = set->curve == 1 ? MDSEC_CURVE_P256 : MDSEC_CURVE_P384;
        mdsec_hash_alg_t alg = set->curve == 1 ? MDSEC_HASH_SHA256 : MDSEC_HASH_SHA384;
        size_t pub_len = set->curve == 1 ? MDSEC_P256_PUB_LEN : MDSEC_P384_PUB_LEN;
        mdsec_sig_format_t fmt = set->der ? MDSEC_SIG_DER : MDSEC_SIG_RAW;

        for (i = 0; i < set->n_tests; i++) {
            const mdsec_tv_wp_sig_t *t = &set->tests[i];
            mdsec_status_t sa;
            mdsec_status_t sb;

            assert_int_equal(mdsec_bearssl_hash(alg, t->msg, t->msg_len, hash, sizeof hash),
                             MDSEC_OK);
            sa = mdsec_bearssl_ecdsa_verify(curve, set->pubs[t->key], pub_len, hash,
                                            mdsec_hash_len(alg), t->sig, t->sig_len, fmt);
            sb = mdsec_tomcrypt_ecdsa_verify(curve, set->pubs[t->key], pub_len, hash,
                                             mdsec_hash_len(alg), t->sig, t->sig_len, fmt);
            if (tu_tomcrypt_false_reject(set->file, t->tc_id)) {
                CHECK_VECTOR(sa == MDSEC_OK && sb == MDSEC_ERR_SIGNATURE_INVALID, set->file,
                             t->tc_id);
                continue;
            }
            if (sa != sb) {
                print_error("%s tcId %lu: bearssl %s, libtomcrypt %s\n", set->file,
                            (unsigned long)t->tc_id, mdsec_status_str(sa), mdsec_status_str(sb));
                fail();
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hashes_agree),
        cmocka_unit_test(hmac_and_hkdf_agree),
        cmocka_unit_test(aead_agrees_and_cross_opens),
        cmocka_unit_test(ec_public_keys_agree),
        cmocka_unit_test(signatures_cross_verify),
        cmocka_unit_test(wycheproof_ecdsa_statuses_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
