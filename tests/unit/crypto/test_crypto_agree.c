/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Differential test: BearSSL, libtomcrypt and (with MDSEC_TEST_AGREE_PSA)
 * the psa provider, all linked in, must agree on a few hundred pseudo-random
 * inputs (a fixed-seed generator, so every run is the same), accept each
 * other's signatures and reject the same tampered ones, and return the same
 * status for every Wycheproof ECDSA vector (and, libtomcrypt and psa, every
 * Wycheproof RSA-PSS vector). BearSSL and the psa provider both sign with
 * RFC 6979 nonces: their signatures must be identical. Host only.
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
#include "wycheproof_rsa_pss.h"

#include "fixtures_crypto_keys.h"

#if defined(MDSEC_TEST_AGREE_PSA)
#define WITH_PSA 1
#else
#define WITH_PSA 0
#endif

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
#if WITH_PSA
        assert_int_equal(mdsec_psa_hash(alg, in_buf, len, db, sizeof db), MDSEC_OK);
        CHECK_VECTOR(memcmp(da, db, mdsec_hash_len(alg)) == 0, "hash (psa)", r);
        assert_int_equal(mdsec_psa_hash_init(&ctx, alg), MDSEC_OK);
        assert_int_equal(mdsec_psa_hash_update(&ctx, in_buf, cut), MDSEC_OK);
        assert_int_equal(mdsec_psa_hash_update(&ctx, in_buf + cut, len - cut), MDSEC_OK);
        assert_int_equal(mdsec_psa_hash_final(&ctx, db, sizeof db), MDSEC_OK);
        CHECK_VECTOR(memcmp(da, db, mdsec_hash_len(alg)) == 0, "hash streamed (psa)", r);
#endif
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
#if WITH_PSA
        {
            mdsec_hmac_ctx_t hc;
            size_t cut = tu_below(&rng, len + 1u);

            assert_int_equal(mdsec_psa_hmac_sha256(key, key_len, in_buf, len, mb), MDSEC_OK);
            CHECK_VECTOR(memcmp(ma, mb, sizeof ma) == 0, "HMAC (psa)", r);
            assert_int_equal(mdsec_psa_hmac_sha256_init(&hc, key, key_len), MDSEC_OK);
            assert_int_equal(mdsec_psa_hmac_sha256_update(&hc, in_buf, cut), MDSEC_OK);
            assert_int_equal(mdsec_psa_hmac_sha256_update(&hc, in_buf + cut, len - cut), MDSEC_OK);
            assert_int_equal(mdsec_psa_hmac_sha256_final(&hc, mb), MDSEC_OK);
            CHECK_VECTOR(memcmp(ma, mb, sizeof ma) == 0, "HMAC streamed (psa)", r);
            assert_int_equal(mdsec_psa_hkdf_sha256(salt_len ? salt : NULL, salt_len, key, key_len,
                                                   info, info_len, b_buf, okm_len),
                             MDSEC_OK);
            CHECK_VECTOR(memcmp(a_buf, b_buf, okm_len) == 0, "HKDF (psa)", r);
        }
#endif
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
#if WITH_PSA
        /* the psa provider: the same ciphertext and tag; each opens the
         * other's output */
        assert_int_equal(mdsec_psa_aead_seal(key, nonce, aad, aad_len, in_buf, len, b_buf, tb),
                         MDSEC_OK);
        CHECK_VECTOR(memcmp(a_buf, b_buf, len) == 0 && memcmp(ta, tb, sizeof ta) == 0, "AEAD (psa)",
                     r);
        CHECK_VECTOR(mdsec_psa_aead_open(key, nonce, aad, aad_len, a_buf, len, ta, b_buf) ==
                             MDSEC_OK &&
                         memcmp(b_buf, in_buf, len) == 0,
                     "AEAD psa opens bearssl", r);
        assert_int_equal(mdsec_psa_aead_seal(key, nonce, aad, aad_len, in_buf, len, b_buf, tb),
                         MDSEC_OK);
        CHECK_VECTOR(mdsec_bearssl_aead_open(key, nonce, aad, aad_len, b_buf, len, tb, a_buf) ==
                             MDSEC_OK &&
                         memcmp(a_buf, in_buf, len) == 0,
                     "AEAD bearssl opens psa", r);
        tb[r % sizeof tb] ^= 0x20u;
        CHECK_VECTOR(mdsec_psa_aead_open(key, nonce, aad, aad_len, b_buf, len, tb, a_buf) ==
                         MDSEC_ERR_AUTH_FAILED,
                     "AEAD tampered (psa)", r);
        assert_int_equal(mdsec_bearssl_aead_seal(key, nonce, aad, aad_len, in_buf, len, a_buf, ta),
                         MDSEC_OK);
#endif
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
#if WITH_PSA
        sb = mdsec_psa_ec_pubkey_from_priv(curve, d, dl, pb, sizeof pb, &lb);
        CHECK_VECTOR(sa == sb, "pubkey status (psa)", r);
        if (sa == MDSEC_OK) {
            CHECK_VECTOR(la == lb && memcmp(pa, pb, la) == 0, "pubkey (psa)", r);
        }
#endif
    }
}

#if WITH_PSA
#define SIGNERS 3u
#else
#define SIGNERS 2u
#endif

static mdsec_status_t sign_by(unsigned signer, mdsec_drbg_t *tc_drbg, mdsec_drbg_t *psa_drbg,
                              mdsec_curve_t curve, const uint8_t *d, size_t dl, const uint8_t *hash,
                              size_t hlen, mdsec_sig_format_t fmt, uint8_t *sig, size_t *sig_len)
{
    (void)psa_drbg;
    switch (signer) {
    case 0u:
        return mdsec_bearssl_ecdsa_sign(NULL, curve, d, dl, hash, hlen, fmt, sig,
                                        MDSEC_ECDSA_SIG_DER_MAX, sig_len);
    case 1u:
        return mdsec_tomcrypt_ecdsa_sign(tc_drbg, curve, d, dl, hash, hlen, fmt, sig,
                                         MDSEC_ECDSA_SIG_DER_MAX, sig_len);
#if WITH_PSA
    case 2u:
        return mdsec_psa_ecdsa_sign(psa_drbg, curve, d, dl, hash, hlen, fmt, sig,
                                    MDSEC_ECDSA_SIG_DER_MAX, sig_len);
#endif
    default: return MDSEC_ERR_INTERNAL;
    }
}

/* P-256 and P-384, raw and DER, SHA-256 and SHA-384 digests: every
 * provider's signature verifies under every provider, a flipped bit fails
 * under all with the same status, and BearSSL's and psa's RFC 6979
 * signatures are the same bytes. */
static void signatures_cross_verify(void **state)
{
    tu_rng_t rng = {0x7369676eULL};
    size_t r;
    mdsec_drbg_t drbg;
    mdsec_drbg_t pdrbg;
    uint8_t seed[48];
    uint8_t d[MDSEC_P384_SCALAR_LEN];
    uint8_t pub[MDSEC_P384_PUB_LEN];
    uint8_t hash[MDSEC_SHA384_LEN];
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    uint8_t sig2[MDSEC_ECDSA_SIG_DER_MAX];
    size_t pub_len;
    size_t sig_len;
    size_t sig2_len;
    (void)state;

    tu_fill(&rng, seed, sizeof seed);
    assert_int_equal(mdsec_tomcrypt_drbg_instantiate(&drbg, seed, 32, seed + 32, 16, NULL, 0),
                     MDSEC_OK);
    memset(&pdrbg, 0, sizeof pdrbg);
#if WITH_PSA
    assert_int_equal(mdsec_psa_drbg_seed(&pdrbg, NULL, 0), MDSEC_OK);
#endif
    for (r = 0; r < ROUNDS; r++) {
        mdsec_curve_t curve = (r % 3u == 2u) ? MDSEC_CURVE_P384 : MDSEC_CURVE_P256;
        size_t dl = curve == MDSEC_CURVE_P256 ? 32u : 48u;
        size_t hlen = (r & 2u) ? MDSEC_SHA384_LEN : MDSEC_SHA256_LEN;
        mdsec_sig_format_t fmt = (r & 1u) ? MDSEC_SIG_DER : MDSEC_SIG_RAW;
        unsigned signer = (unsigned)((r / 4u) % SIGNERS);
        mdsec_status_t sa;
        mdsec_status_t sb;

        do {
            tu_fill(&rng, d, dl);
        } while (mdsec_bearssl_ec_pubkey_from_priv(curve, d, dl, pub, sizeof pub, &pub_len) !=
                 MDSEC_OK);
        tu_fill(&rng, hash, hlen);
        assert_int_equal(
            sign_by(signer, &drbg, &pdrbg, curve, d, dl, hash, hlen, fmt, sig, &sig_len), MDSEC_OK);
        if (WITH_PSA && signer != 1u) {
            /* the other RFC 6979 signer gives the same bytes */
            assert_int_equal(
                sign_by(2u - signer, &drbg, &pdrbg, curve, d, dl, hash, hlen, fmt, sig2, &sig2_len),
                MDSEC_OK);
            CHECK_VECTOR(sig2_len == sig_len && memcmp(sig, sig2, sig_len) == 0,
                         "RFC 6979 signatures of bearssl and psa", r);
        }
        CHECK_VECTOR(mdsec_bearssl_ecdsa_verify(curve, pub, pub_len, hash, hlen, sig, sig_len,
                                                fmt) == MDSEC_OK,
                     "signature verifies under bearssl", r);
        CHECK_VECTOR(mdsec_tomcrypt_ecdsa_verify(curve, pub, pub_len, hash, hlen, sig, sig_len,
                                                 fmt) == MDSEC_OK,
                     "signature verifies under libtomcrypt", r);
#if WITH_PSA
        CHECK_VECTOR(mdsec_psa_ecdsa_verify(curve, pub, pub_len, hash, hlen, sig, sig_len, fmt) ==
                         MDSEC_OK,
                     "signature verifies under psa", r);
#endif
        /* flip one bit of the signature (r || s or the DER bytes) */
        {
            size_t byte = tu_below(&rng, sig_len);
            sig[byte] ^= (uint8_t)(1u << tu_below(&rng, 8));
        }
        sa = mdsec_bearssl_ecdsa_verify(curve, pub, pub_len, hash, hlen, sig, sig_len, fmt);
        sb = mdsec_tomcrypt_ecdsa_verify(curve, pub, pub_len, hash, hlen, sig, sig_len, fmt);
        CHECK_VECTOR(sa != MDSEC_OK && sa == sb, "tampered signature", r);
#if WITH_PSA
        sb = mdsec_psa_ecdsa_verify(curve, pub, pub_len, hash, hlen, sig, sig_len, fmt);
        CHECK_VECTOR(sa == sb, "tampered signature (psa)", r);
#endif
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
#if WITH_PSA
            {
                mdsec_status_t sc =
                    mdsec_psa_ecdsa_verify(curve, set->pubs[t->key], pub_len, hash,
                                           mdsec_hash_len(alg), t->sig, t->sig_len, fmt);
                if (sa != sc) {
                    print_error("%s tcId %lu: bearssl %s, psa %s\n", set->file,
                                (unsigned long)t->tc_id, mdsec_status_str(sa),
                                mdsec_status_str(sc));
                    fail();
                }
            }
#endif
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

#if WITH_PSA
/* libtomcrypt and psa: the same status for every Wycheproof RSA-PSS vector. */
static void wycheproof_rsa_pss_statuses_agree(void **state)
{
    size_t s;
    size_t i;
    uint8_t hash[MDSEC_SHA256_LEN];
    (void)state;

    for (s = 0; s < ARRAY_LEN(tv_wp_rsa_pss_sets); s++) {
        const mdsec_tv_wp_rsa_pss_set_t *set = &tv_wp_rsa_pss_sets[s];

        for (i = 0; i < set->n_tests; i++) {
            const mdsec_tv_wp_sig_t *t = &set->tests[i];
            mdsec_status_t sb;
            mdsec_status_t sc;

            assert_int_equal(
                mdsec_psa_hash(MDSEC_HASH_SHA256, t->msg, t->msg_len, hash, sizeof hash), MDSEC_OK);
            sb = mdsec_tomcrypt_rsa_pss_verify(set->n, set->n_len, set->e, set->e_len,
                                               MDSEC_HASH_SHA256, hash, sizeof hash, set->salt_len,
                                               t->sig, t->sig_len);
            sc = mdsec_psa_rsa_pss_verify(set->n, set->n_len, set->e, set->e_len, MDSEC_HASH_SHA256,
                                          hash, sizeof hash, set->salt_len, t->sig, t->sig_len);
            if (sb != sc) {
                print_error("%s tcId %lu: libtomcrypt %s, psa %s\n", set->file,
                            (unsigned long)t->tc_id, mdsec_status_str(sb), mdsec_status_str(sc));
                fail();
            }
        }
    }
}

/* RSA-PSS (salt = hash length, as MCUboot signs): each of libtomcrypt and
 * psa verifies the other's signatures and refuses them changed. */
static void rsa_pss_signatures_cross_verify(void **state)
{
    tu_rng_t rng = {0x707373ULL};
    mdsec_drbg_t tdrbg;
    mdsec_drbg_t pdrbg;
    uint8_t seed[48];
    uint8_t hash[MDSEC_SHA384_LEN];
    size_t r;
    (void)state;

    tu_fill(&rng, seed, sizeof seed);
    assert_int_equal(mdsec_tomcrypt_drbg_instantiate(&tdrbg, seed, 32, seed + 32, 16, NULL, 0),
                     MDSEC_OK);
    assert_int_equal(mdsec_psa_drbg_seed(&pdrbg, NULL, 0), MDSEC_OK);
    for (r = 0; r < 24u; r++) {
        const uint8_t *key = (r & 1u) ? fx_key_rsa_3072_pkcs1_der : fx_key_rsa_2048_pkcs1_der;
        size_t key_len = (r & 1u) ? fx_key_rsa_3072_pkcs1_der_len : fx_key_rsa_2048_pkcs1_der_len;
        mdsec_hash_alg_t alg = (r & 2u) ? MDSEC_HASH_SHA384 : MDSEC_HASH_SHA256;
        size_t hlen = mdsec_hash_len(alg);
        int by_psa = (r & 4u) != 0u;
        const uint8_t *n = NULL;
        const uint8_t *e = NULL;
        size_t n_len = 0;
        size_t e_len = 0;
        size_t sig_len = 0;
        mdsec_status_t sb;
        mdsec_status_t sc;

        assert_true(tu_rsa_priv_n_e(key, key_len, &n, &n_len, &e, &e_len));
        tu_fill(&rng, hash, hlen);
        if (by_psa) {
            sb = mdsec_psa_rsa_pss_sign(&pdrbg, key, key_len, alg, hash, hlen, hlen, a_buf,
                                        sizeof a_buf, &sig_len);
        } else {
            sb = mdsec_tomcrypt_rsa_pss_sign(&tdrbg, key, key_len, alg, hash, hlen, hlen, a_buf,
                                             sizeof a_buf, &sig_len);
        }
        assert_int_equal(sb, MDSEC_OK);
        CHECK_VECTOR(mdsec_tomcrypt_rsa_pss_verify(n, n_len, e, e_len, alg, hash, hlen, hlen, a_buf,
                                                   sig_len) == MDSEC_OK,
                     "RSA-PSS verifies under libtomcrypt", r);
        CHECK_VECTOR(mdsec_psa_rsa_pss_verify(n, n_len, e, e_len, alg, hash, hlen, hlen, a_buf,
                                              sig_len) == MDSEC_OK,
                     "RSA-PSS verifies under psa", r);
        a_buf[tu_below(&rng, sig_len)] ^= (uint8_t)(1u << tu_below(&rng, 8));
        sb = mdsec_tomcrypt_rsa_pss_verify(n, n_len, e, e_len, alg, hash, hlen, hlen, a_buf,
                                           sig_len);
        sc = mdsec_psa_rsa_pss_verify(n, n_len, e, e_len, alg, hash, hlen, hlen, a_buf, sig_len);
        CHECK_VECTOR(sb == MDSEC_ERR_SIGNATURE_INVALID && sc == sb, "tampered RSA-PSS", r);
    }
    mdsec_tomcrypt_drbg_wipe(&tdrbg);
    mdsec_psa_drbg_wipe(&pdrbg);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hashes_agree),
        cmocka_unit_test(hmac_and_hkdf_agree),
        cmocka_unit_test(aead_agrees_and_cross_opens),
        cmocka_unit_test(ec_public_keys_agree),
        cmocka_unit_test(signatures_cross_verify),
        cmocka_unit_test(wycheproof_ecdsa_statuses_agree),
#if WITH_PSA
        cmocka_unit_test(wycheproof_rsa_pss_statuses_agree),
        cmocka_unit_test(rsa_pss_signatures_cross_verify),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
