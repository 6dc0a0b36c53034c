/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Known-answer and error-path tests of one crypto provider, selected at
 * compile time (MDSEC_TEST_PROVIDER_BEARSSL / _TOMCRYPT / _PSA). Portable: this
 * same file runs on the host and, for BearSSL, on Cortex-M4 under QEMU, so
 * its vector set stays small (about 100 KB). The full Wycheproof sets run
 * on the host in test_crypto_wycheproof.c.
 *
 * Vectors: the headers in tests/vectors/, each naming its published source.
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

#include "cavp_ecdsa.h"
#include "cavp_hmac_drbg.h"
#include "cavp_shavs.h"
#include "rfc4231_hmac_sha256.h"
#include "rfc5869_hkdf_sha256.h"
#include "rfc6979_ecdsa.h"
#include "rfc8439_chacha20_poly1305.h"
#include "wycheproof_ecdsa_kat.h"
#include "wycheproof_rsa_pss_kat.h"
#include "wycheproof_rsa_pss_misc.h"

#include "fixtures_crypto_keys.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Big buffers live outside the stack (the Cortex-M test stack is small). */
#include "rsa_pss_check.h"

static uint8_t g_big[MDSEC_HKDF_SHA256_MAX_OUT + 64u];
static uint8_t g_msg[2048];

/*
 * A DRBG instantiated from fixed inputs, for operations that need one. The
 * psa provider cannot instantiate a DRBG from given inputs: it is seeded
 * (its bytes come from the PSA implementation's RNG).
 */
static void fixed_drbg(mdsec_drbg_t *drbg, uint8_t tweak)
{
    uint8_t entropy[32];
    uint8_t nonce[16];
    size_t i;

    if (PROVIDER_IS_PSA) {
        assert_int_equal(PROVIDER_FN(drbg_seed)(drbg, &tweak, 1), MDSEC_OK);
        return;
    }
    for (i = 0; i < sizeof entropy; i++) {
        entropy[i] = (uint8_t)(i * 7u + tweak);
    }
    memset(nonce, 0x5a, sizeof nonce);
    assert_int_equal(
        PROVIDER_FN(drbg_instantiate)(drbg, entropy, sizeof entropy, nonce, sizeof nonce, NULL, 0),
        MDSEC_OK);
}

static void provider_name_is_right(void **state)
{
    (void)state;
#if PROVIDER_IS_BEARSSL
    assert_string_equal(PROVIDER_FN(provider_name)(), "bearssl");
#elif PROVIDER_IS_PSA
    assert_string_equal(PROVIDER_FN(provider_name)(), "psa");
#else
    assert_string_equal(PROVIDER_FN(provider_name)(), "libtomcrypt");
#endif
}

/* ---- SHA-256 / SHA-384 ----------------------------------------------------- */

static void check_hash_set(mdsec_hash_alg_t alg, const mdsec_tv_hash_t *v, size_t n,
                           const char *what)
{
    size_t i;
    size_t j;
    size_t dlen = mdsec_hash_len(alg);
    uint8_t md[MDSEC_HASH_MAX_LEN];
    mdsec_hash_ctx_t ctx;

    for (i = 0; i < n; i++) {
        CHECK_VECTOR(v[i].len_bits == 8u * v[i].msg_len, what, i);
        memset(md, 0xee, sizeof md);
        CHECK_VECTOR(PROVIDER_FN(hash)(alg, v[i].msg, v[i].msg_len, md, sizeof md) == MDSEC_OK,
                     what, i);
        CHECK_VECTOR(memcmp(md, v[i].md, dlen) == 0, what, i);
        /* Bytes past the digest are not touched. */
        CHECK_VECTOR(tu_all_byte(md + dlen, sizeof md - dlen, 0xee), what, i);
        /* Streaming, one byte per update. */
        CHECK_VECTOR(PROVIDER_FN(hash_init)(&ctx, alg) == MDSEC_OK, what, i);
        for (j = 0; j < v[i].msg_len; j++) {
            CHECK_VECTOR(PROVIDER_FN(hash_update)(&ctx, v[i].msg + j, 1u) == MDSEC_OK, what, i);
        }
        CHECK_VECTOR(PROVIDER_FN(hash_final)(&ctx, md, dlen) == MDSEC_OK, what, i);
        CHECK_VECTOR(memcmp(md, v[i].md, dlen) == 0, what, i);
    }
}

static void sha256_shavs_short_and_long(void **state)
{
    (void)state;
    /* ShortMsg record 0 is the empty message (Len = 0). */
    assert_int_equal(tv_sha256_short[0].msg_len, 0);
    check_hash_set(MDSEC_HASH_SHA256, tv_sha256_short, ARRAY_LEN(tv_sha256_short),
                   "SHA256ShortMsg");
    check_hash_set(MDSEC_HASH_SHA256, tv_sha256_long, ARRAY_LEN(tv_sha256_long), "SHA256LongMsg");
}

static void sha384_shavs_short_and_long(void **state)
{
    (void)state;
    assert_int_equal(tv_sha384_short[0].msg_len, 0);
    check_hash_set(MDSEC_HASH_SHA384, tv_sha384_short, ARRAY_LEN(tv_sha384_short),
                   "SHA384ShortMsg");
    check_hash_set(MDSEC_HASH_SHA384, tv_sha384_long, ARRAY_LEN(tv_sha384_long), "SHA384LongMsg");
}

/* Every two-part split of a LongMsg vector gives the same digest. */
static void split_everywhere(mdsec_hash_alg_t alg, const mdsec_tv_hash_t *v, const char *what)
{
    size_t k;
    size_t dlen = mdsec_hash_len(alg);
    uint8_t md[MDSEC_HASH_MAX_LEN];
    mdsec_hash_ctx_t ctx;

    for (k = 0; k <= v->msg_len; k++) {
        CHECK_VECTOR(PROVIDER_FN(hash_init)(&ctx, alg) == MDSEC_OK, what, k);
        CHECK_VECTOR(PROVIDER_FN(hash_update)(&ctx, v->msg, k) == MDSEC_OK, what, k);
        CHECK_VECTOR(PROVIDER_FN(hash_update)(&ctx, v->msg + k, v->msg_len - k) == MDSEC_OK, what,
                     k);
        CHECK_VECTOR(PROVIDER_FN(hash_final)(&ctx, md, sizeof md) == MDSEC_OK, what, k);
        CHECK_VECTOR(memcmp(md, v->md, dlen) == 0, what, k);
    }
}

static void hash_streaming_split_at_every_offset(void **state)
{
    (void)state;
    split_everywhere(MDSEC_HASH_SHA256, &tv_sha256_long[0], "SHA256LongMsg[0] split");
    split_everywhere(MDSEC_HASH_SHA384, &tv_sha384_long[0], "SHA384LongMsg[0] split");
}

static void hash_error_paths(void **state)
{
    mdsec_hash_ctx_t ctx;
    uint8_t md[MDSEC_HASH_MAX_LEN];
    (void)state;

    assert_int_equal(PROVIDER_FN(hash_init)(NULL, MDSEC_HASH_SHA256), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(hash_init)(&ctx, (mdsec_hash_alg_t)0), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(hash_init)(&ctx, (mdsec_hash_alg_t)3), MDSEC_ERR_INVALID_ARG);
    /* A context that was never initialised (zeroed or garbage). */
    memset(&ctx, 0, sizeof ctx);
    memset(md, 0xaa, sizeof md);
    assert_int_equal(PROVIDER_FN(hash_update)(&ctx, "x", 1), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    assert_true(tu_all_zero(md, sizeof md));
    memset(&ctx, 0xa5, sizeof ctx);
    assert_int_equal(PROVIDER_FN(hash_update)(&ctx, "x", 1), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(PROVIDER_FN(hash_update)(NULL, "x", 1), MDSEC_ERR_INVALID_ARG);
    /* Output too small: refused, output zeroed, context wiped. */
    assert_int_equal(PROVIDER_FN(hash_init)(&ctx, MDSEC_HASH_SHA384), MDSEC_OK);
    memset(md, 0xaa, sizeof md);
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, md, MDSEC_SHA384_LEN - 1u),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(md, MDSEC_SHA384_LEN - 1u));
    assert_int_equal(md[MDSEC_SHA384_LEN - 1u], 0xaa);
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    /* final wipes the context: a second final is refused. */
    assert_int_equal(PROVIDER_FN(hash_init)(&ctx, MDSEC_HASH_SHA256), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, md, sizeof md), MDSEC_OK);
    assert_memory_equal(md, tv_sha256_short[0].md, MDSEC_SHA256_LEN); /* empty message */
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    assert_true(tu_all_zero(md, sizeof md));
    /* NULL data: allowed with length 0; otherwise the stream is abandoned. */
    assert_int_equal(PROVIDER_FN(hash_init)(&ctx, MDSEC_HASH_SHA256), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hash_update)(&ctx, NULL, 0), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hash_update)(&ctx, NULL, 1), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(PROVIDER_FN(hash_final)(NULL, md, sizeof md), MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(md, sizeof md));
    assert_int_equal(PROVIDER_FN(hash_init)(&ctx, MDSEC_HASH_SHA256), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hash_final)(&ctx, NULL, 32), MDSEC_ERR_INVALID_ARG);
    /* One-shot. */
    memset(md, 0xaa, sizeof md);
    assert_int_equal(PROVIDER_FN(hash)((mdsec_hash_alg_t)7, "abc", 3, md, sizeof md),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(md, sizeof md));
    memset(md, 0xaa, sizeof md);
    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA256, NULL, 3, md, sizeof md),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(md, sizeof md));
    memset(md, 0xaa, sizeof md);
    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA256, "abc", 3, md, 31),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(md, 31));
    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA256, "abc", 3, NULL, 32),
                     MDSEC_ERR_INVALID_ARG);
}

/* ---- HMAC-SHA256 ------------------------------------------------------------ */

static void hmac_sha256_rfc4231_cases_1_to_7(void **state)
{
    size_t i;
    size_t k;
    uint8_t mac[MDSEC_HMAC_SHA256_LEN];
    mdsec_hmac_ctx_t ctx;
    (void)state;

    assert_int_equal(ARRAY_LEN(tv_rfc4231), 7);
    for (i = 0; i < ARRAY_LEN(tv_rfc4231); i++) {
        const mdsec_tv_hmac_t *v = &tv_rfc4231[i];

        /* Case 5 publishes a 128-bit truncation: compare on that prefix. */
        CHECK_VECTOR(v->mac_len == (i == 4u ? 16u : 32u), v->name, i);
        CHECK_VECTOR(PROVIDER_FN(hmac_sha256)(v->key, v->key_len, v->data, v->data_len, mac) ==
                         MDSEC_OK,
                     v->name, i);
        CHECK_VECTOR(memcmp(mac, v->mac, v->mac_len) == 0, v->name, i);
        /* Streaming, split at every offset. */
        for (k = 0; k <= v->data_len; k++) {
            CHECK_VECTOR(PROVIDER_FN(hmac_sha256_init)(&ctx, v->key, v->key_len) == MDSEC_OK,
                         v->name, k);
            CHECK_VECTOR(PROVIDER_FN(hmac_sha256_update)(&ctx, v->data, k) == MDSEC_OK, v->name, k);
            CHECK_VECTOR(PROVIDER_FN(hmac_sha256_update)(&ctx, v->data + k, v->data_len - k) ==
                             MDSEC_OK,
                         v->name, k);
            CHECK_VECTOR(PROVIDER_FN(hmac_sha256_final)(&ctx, mac) == MDSEC_OK, v->name, k);
            CHECK_VECTOR(memcmp(mac, v->mac, v->mac_len) == 0, v->name, k);
        }
    }
}

static void hmac_error_paths(void **state)
{
    mdsec_hmac_ctx_t ctx;
    uint8_t mac[MDSEC_HMAC_SHA256_LEN];
    uint8_t mac2[MDSEC_HMAC_SHA256_LEN];
    static const uint8_t zero_key[1] = {0};
    (void)state;

    assert_int_equal(PROVIDER_FN(hmac_sha256_init)(NULL, zero_key, 1), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(hmac_sha256_init)(&ctx, NULL, 4), MDSEC_ERR_INVALID_ARG);
    /* The failed init left the context uninitialised. */
    assert_int_equal(PROVIDER_FN(hmac_sha256_update)(&ctx, "x", 1), MDSEC_ERR_NOT_INITIALISED);
    memset(&ctx, 0, sizeof ctx);
    memset(mac, 0xaa, sizeof mac);
    assert_int_equal(PROVIDER_FN(hmac_sha256_final)(&ctx, mac), MDSEC_ERR_NOT_INITIALISED);
    assert_true(tu_all_zero(mac, sizeof mac));
    assert_int_equal(PROVIDER_FN(hmac_sha256_update)(NULL, "x", 1), MDSEC_ERR_INVALID_ARG);
    /* final twice */
    assert_int_equal(PROVIDER_FN(hmac_sha256_init)(&ctx, zero_key, 1), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hmac_sha256_final)(&ctx, mac), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hmac_sha256_final)(&ctx, mac), MDSEC_ERR_NOT_INITIALISED);
    assert_true(tu_all_zero(mac, sizeof mac));
    /* An update with NULL data and a length abandons the stream. */
    assert_int_equal(PROVIDER_FN(hmac_sha256_init)(&ctx, zero_key, 1), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hmac_sha256_update)(&ctx, NULL, 0), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hmac_sha256_update)(&ctx, NULL, 2), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(hmac_sha256_final)(&ctx, mac), MDSEC_ERR_NOT_INITIALISED);
    /* NULL output */
    assert_int_equal(PROVIDER_FN(hmac_sha256_init)(&ctx, zero_key, 1), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hmac_sha256_final)(&ctx, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(hmac_sha256_final)(&ctx, mac), MDSEC_ERR_NOT_INITIALISED);
    memset(mac, 0xaa, sizeof mac);
    assert_int_equal(PROVIDER_FN(hmac_sha256)(NULL, 3, "abc", 3, mac), MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(mac, sizeof mac));
    memset(mac, 0xaa, sizeof mac);
    assert_int_equal(PROVIDER_FN(hmac_sha256)(zero_key, 1, NULL, 3, mac), MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(mac, sizeof mac));
    assert_int_equal(PROVIDER_FN(hmac_sha256)(zero_key, 1, "abc", 3, NULL), MDSEC_ERR_INVALID_ARG);
    /* RFC 2104 pads the key with zeros: the empty key equals the key 00. */
    assert_int_equal(PROVIDER_FN(hmac_sha256)(NULL, 0, "abc", 3, mac), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hmac_sha256)(zero_key, 1, "abc", 3, mac2), MDSEC_OK);
    assert_memory_equal(mac, mac2, sizeof mac);
}

/* ---- HKDF-SHA256 ------------------------------------------------------------ */

static void hkdf_sha256_rfc5869_a1_to_a3(void **state)
{
    size_t i;
    uint8_t okm[128];
    static const uint8_t any[1] = {0};
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_rfc5869); i++) {
        const mdsec_tv_hkdf_t *v = &tv_rfc5869[i];

        memset(okm, 0xee, sizeof okm);
        CHECK_VECTOR(PROVIDER_FN(hkdf_sha256)(v->salt, v->salt_len, v->ikm, v->ikm_len, v->info,
                                              v->info_len, okm, v->okm_len) == MDSEC_OK,
                     v->name, i);
        CHECK_VECTOR(memcmp(okm, v->okm, v->okm_len) == 0, v->name, i);
        CHECK_VECTOR(tu_all_byte(okm + v->okm_len, sizeof okm - v->okm_len, 0xee), v->name, i);
        /* A prefix of the output is the output of the shorter request. */
        CHECK_VECTOR(PROVIDER_FN(hkdf_sha256)(v->salt, v->salt_len, v->ikm, v->ikm_len, v->info,
                                              v->info_len, okm, 1) == MDSEC_OK,
                     v->name, i);
        CHECK_VECTOR(okm[0] == v->okm[0], v->name, i);
    }
    /* A.3 with non-NULL empty salt and info gives the same OKM. */
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(any, 0, tv_rfc5869[2].ikm, tv_rfc5869[2].ikm_len, any,
                                              0, okm, tv_rfc5869[2].okm_len),
                     MDSEC_OK);
    assert_memory_equal(okm, tv_rfc5869[2].okm, tv_rfc5869[2].okm_len);
}

static void hkdf_error_paths(void **state)
{
    uint8_t okm[64];
    (void)state;

    /* okm_len 0 */
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, tv_rfc5869_ikm1, 22, NULL, 0, okm, 0),
                     MDSEC_ERR_INVALID_ARG);
    /* okm_len 255 * 32 + 1: refused and the whole output zeroed */
    memset(g_big, 0xaa, sizeof g_big);
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, tv_rfc5869_ikm1, 22, NULL, 0, g_big,
                                              MDSEC_HKDF_SHA256_MAX_OUT + 1u),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(g_big, MDSEC_HKDF_SHA256_MAX_OUT + 1u));
    /* exactly 255 * 32 is allowed, and its first bytes are A.3's OKM */
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, tv_rfc5869_ikm1, 22, NULL, 0, g_big,
                                              MDSEC_HKDF_SHA256_MAX_OUT),
                     MDSEC_OK);
    assert_memory_equal(g_big, tv_rfc5869_okm3, sizeof tv_rfc5869_okm3);
    assert_false(tu_all_zero(g_big + MDSEC_HKDF_SHA256_MAX_OUT - 32u, 32u));
    /* NULL with a length */
    memset(okm, 0xaa, sizeof okm);
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 5, tv_rfc5869_ikm1, 22, NULL, 0, okm, 42),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(okm, 42));
    memset(okm, 0xaa, sizeof okm);
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, NULL, 22, NULL, 0, okm, 42),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(okm, 42));
    memset(okm, 0xaa, sizeof okm);
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, tv_rfc5869_ikm1, 22, NULL, 3, okm, 42),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(okm, 42));
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, tv_rfc5869_ikm1, 22, NULL, 0, NULL, 42),
                     MDSEC_ERR_INVALID_ARG);
    /* An empty IKM is a valid input. */
    assert_int_equal(PROVIDER_FN(hkdf_sha256)(NULL, 0, NULL, 0, NULL, 0, okm, 32), MDSEC_OK);
}

/* ---- ChaCha20-Poly1305 ------------------------------------------------------ */

static void aead_rfc8439_2_8_2_and_a5(void **state)
{
    size_t i;
    uint8_t tag[MDSEC_AEAD_TAG_LEN];
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_rfc8439_aead); i++) {
        const mdsec_tv_aead_t *v = &tv_rfc8439_aead[i];

        /* seal into a separate buffer */
        memset(g_msg, 0xee, sizeof g_msg);
        CHECK_VECTOR(PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, v->pt, v->pt_len,
                                            g_msg, tag) == MDSEC_OK,
                     "RFC 8439 seal", v->id);
        CHECK_VECTOR(memcmp(g_msg, v->ct, v->pt_len) == 0, "RFC 8439 seal ct", v->id);
        CHECK_VECTOR(memcmp(tag, v->tag, sizeof tag) == 0, "RFC 8439 seal tag", v->id);
        CHECK_VECTOR(g_msg[v->pt_len] == 0xee, "RFC 8439 seal overrun", v->id);
        /* open in place */
        CHECK_VECTOR(PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, g_msg, v->pt_len,
                                            v->tag, g_msg) == MDSEC_OK,
                     "RFC 8439 open", v->id);
        CHECK_VECTOR(memcmp(g_msg, v->pt, v->pt_len) == 0, "RFC 8439 open pt", v->id);
        /* seal in place */
        CHECK_VECTOR(PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, g_msg, v->pt_len,
                                            g_msg, tag) == MDSEC_OK,
                     "RFC 8439 seal in place", v->id);
        CHECK_VECTOR(memcmp(g_msg, v->ct, v->pt_len) == 0, "RFC 8439 seal in place", v->id);
    }
}

/* Open with one thing changed: refused, and the plaintext buffer is zeroed. */
static void open_must_fail(const mdsec_tv_aead_t *v, const uint8_t *key, const uint8_t *nonce,
                           const uint8_t *aad, size_t aad_len, const uint8_t *ct,
                           const uint8_t *tag, const char *what)
{
    static uint8_t pt[512];

    memset(pt, 0xaa, sizeof pt);
    CHECK_VECTOR(PROVIDER_FN(aead_open)(key, nonce, aad, aad_len, ct, v->pt_len, tag, pt) ==
                     MDSEC_ERR_AUTH_FAILED,
                 what, v->id);
    CHECK_VECTOR(tu_all_zero(pt, v->pt_len), what, v->id);
    CHECK_VECTOR(tu_all_byte(pt + v->pt_len, sizeof pt - v->pt_len, 0xaa), what, v->id);
}

static void aead_rejects_tampering_and_zeroes_plaintext(void **state)
{
    size_t i;
    size_t bit;
    uint8_t tag[MDSEC_AEAD_TAG_LEN];
    uint8_t key[MDSEC_AEAD_KEY_LEN];
    uint8_t nonce[MDSEC_AEAD_NONCE_LEN];
    static uint8_t ct[512];
    static uint8_t aad[64];
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_rfc8439_aead); i++) {
        const mdsec_tv_aead_t *v = &tv_rfc8439_aead[i];

        assert_true(v->pt_len <= sizeof ct && v->aad_len <= sizeof aad);
        for (bit = 0; bit < 8u * MDSEC_AEAD_TAG_LEN; bit += 13u) {
            memcpy(tag, v->tag, sizeof tag);
            tag[bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
            open_must_fail(v, v->key, v->nonce, v->aad, v->aad_len, v->ct, tag, "tampered tag");
        }
        memcpy(ct, v->ct, v->pt_len);
        ct[0] ^= 0x01u;
        open_must_fail(v, v->key, v->nonce, v->aad, v->aad_len, ct, v->tag, "tampered ct[0]");
        memcpy(ct, v->ct, v->pt_len);
        ct[v->pt_len - 1u] ^= 0x80u;
        open_must_fail(v, v->key, v->nonce, v->aad, v->aad_len, ct, v->tag, "tampered ct[last]");
        memcpy(aad, v->aad, v->aad_len);
        aad[v->aad_len - 1u] ^= 0x01u;
        open_must_fail(v, v->key, v->nonce, aad, v->aad_len, v->ct, v->tag, "tampered aad");
        open_must_fail(v, v->key, v->nonce, v->aad, v->aad_len - 1u, v->ct, v->tag,
                       "truncated aad");
        open_must_fail(v, v->key, v->nonce, NULL, 0, v->ct, v->tag, "missing aad");
        memcpy(nonce, v->nonce, sizeof nonce);
        nonce[11] ^= 0x01u;
        open_must_fail(v, v->key, nonce, v->aad, v->aad_len, v->ct, v->tag, "other nonce");
        memcpy(key, v->key, sizeof key);
        key[0] ^= 0x01u;
        open_must_fail(v, key, v->nonce, v->aad, v->aad_len, v->ct, v->tag, "other key");
    }
}

static void aead_error_paths_and_empty_messages(void **state)
{
    const mdsec_tv_aead_t *v = &tv_rfc8439_aead[0];
    uint8_t ct[16];
    uint8_t tag[MDSEC_AEAD_TAG_LEN];
    uint8_t tag2[MDSEC_AEAD_TAG_LEN];
    static const uint8_t aad16[16] = {1, 2, 3};
    (void)state;

    memset(ct, 0xaa, sizeof ct);
    memset(tag, 0xaa, sizeof tag);
    assert_int_equal(PROVIDER_FN(aead_seal)(NULL, v->nonce, NULL, 0, v->pt, 16, ct, tag),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(ct, sizeof ct));
    assert_true(tu_all_zero(tag, sizeof tag));
    memset(tag, 0xaa, sizeof tag);
    assert_int_equal(PROVIDER_FN(aead_seal)(v->key, NULL, NULL, 0, v->pt, 16, ct, tag),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(tag, sizeof tag));
    assert_int_equal(PROVIDER_FN(aead_seal)(v->key, v->nonce, NULL, 3, v->pt, 16, ct, tag),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(aead_seal)(v->key, v->nonce, NULL, 0, NULL, 16, ct, tag),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(aead_seal)(v->key, v->nonce, NULL, 0, v->pt, 16, ct, NULL),
                     MDSEC_ERR_INVALID_ARG);
    memset(ct, 0xaa, sizeof ct);
    assert_int_equal(PROVIDER_FN(aead_open)(v->key, v->nonce, NULL, 0, v->ct, 16, NULL, ct),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(ct, sizeof ct));
    assert_int_equal(PROVIDER_FN(aead_open)(v->key, v->nonce, NULL, 0, NULL, 16, v->tag, ct),
                     MDSEC_ERR_INVALID_ARG);

    /* Empty plaintext, no AAD: the tag alone authenticates. */
    assert_int_equal(PROVIDER_FN(aead_seal)(v->key, v->nonce, NULL, 0, NULL, 0, NULL, tag),
                     MDSEC_OK);
    assert_int_equal(PROVIDER_FN(aead_open)(v->key, v->nonce, NULL, 0, NULL, 0, tag, NULL),
                     MDSEC_OK);
    tag[3] ^= 0x10u;
    assert_int_equal(PROVIDER_FN(aead_open)(v->key, v->nonce, NULL, 0, NULL, 0, tag, NULL),
                     MDSEC_ERR_AUTH_FAILED);
    /* Empty plaintext with 16 bytes of AAD. */
    assert_int_equal(
        PROVIDER_FN(aead_seal)(v->key, v->nonce, aad16, sizeof aad16, NULL, 0, NULL, tag2),
        MDSEC_OK);
    assert_int_equal(
        PROVIDER_FN(aead_open)(v->key, v->nonce, aad16, sizeof aad16, NULL, 0, tag2, NULL),
        MDSEC_OK);
    assert_int_equal(PROVIDER_FN(aead_open)(v->key, v->nonce, aad16, 15, NULL, 0, tag2, NULL),
#if PROVIDER_IS_TOMCRYPT
                     /* libtomcrypt 1.18.2 cannot pad AAD without plaintext */
                     MDSEC_ERR_NOT_SUPPORTED
#else
                     MDSEC_ERR_AUTH_FAILED
#endif
    );
}

/*
 * Messages longer than the RFC vectors: seal, open (also in place) and
 * tamper. The psa provider on an implementation without multi-part AEAD
 * (Mbed TLS 2.28, MDSEC_PSA_ONESHOT_AEAD) handles up to
 * MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX bytes and refuses a longer message with
 * MDSEC_ERR_NOT_SUPPORTED, writing nothing.
 */
static void aead_long_messages(void **state)
{
    static uint8_t pt[4096];
    static uint8_t ct[4096];
    static uint8_t back[4096];
    const mdsec_tv_aead_t *v = &tv_rfc8439_aead[0];
    uint8_t tag[MDSEC_AEAD_TAG_LEN];
    uint8_t tag2[MDSEC_AEAD_TAG_LEN];
    size_t len = 3001;
    size_t i;
    (void)state;

#if PROVIDER_IS_PSA && defined(MDSEC_PSA_ONESHOT_AEAD)
    assert_true(MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX < sizeof pt);
    len = MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX;
#endif
    for (i = 0; i < sizeof pt; i++) {
        pt[i] = (uint8_t)(i * 31u + 7u);
    }
    assert_int_equal(PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, pt, len, ct, tag),
                     MDSEC_OK);
    assert_memory_not_equal(ct, pt, len);
    memset(back, 0xaa, sizeof back);
    assert_int_equal(
        PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, ct, len, tag, back), MDSEC_OK);
    assert_memory_equal(back, pt, len);
    assert_int_equal(back[len], 0xaa);
    /* in place gives the same ciphertext and tag */
    memcpy(back, pt, len);
    assert_int_equal(
        PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, back, len, back, tag2),
        MDSEC_OK);
    assert_memory_equal(back, ct, len);
    assert_memory_equal(tag, tag2, sizeof tag);
    assert_int_equal(
        PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, back, len, tag, back),
        MDSEC_OK);
    assert_memory_equal(back, pt, len);
    /* the last byte changed: refused, plaintext zeroed */
    ct[len - 1u] ^= 0x40u;
    memset(back, 0xaa, sizeof back);
    assert_int_equal(
        PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, ct, len, tag, back),
        MDSEC_ERR_AUTH_FAILED);
    assert_true(tu_all_zero(back, len));
#if PROVIDER_IS_PSA && defined(MDSEC_PSA_ONESHOT_AEAD)
    memset(ct, 0xee, sizeof ct);
    memset(tag, 0xee, sizeof tag);
    assert_int_equal(
        PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, pt, len + 1u, ct, tag),
        MDSEC_ERR_NOT_SUPPORTED);
    assert_true(tu_all_byte(ct, sizeof ct, 0xee) && tu_all_byte(tag, sizeof tag, 0xee));
    memset(back, 0xee, sizeof back);
    assert_int_equal(
        PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, ct, len + 1u, tag, back),
        MDSEC_ERR_NOT_SUPPORTED);
    assert_true(tu_all_byte(back, sizeof back, 0xee));
#endif
}

/* ---- ECDSA verification ----------------------------------------------------- */

static mdsec_status_t verify_msg(mdsec_curve_t curve, const uint8_t *pub, const uint8_t *msg,
                                 size_t msg_len, const uint8_t *sig, size_t sig_len,
                                 mdsec_sig_format_t fmt)
{
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    mdsec_hash_alg_t alg = curve == MDSEC_CURVE_P256 ? MDSEC_HASH_SHA256 : MDSEC_HASH_SHA384;
    size_t pub_len = curve == MDSEC_CURVE_P256 ? MDSEC_P256_PUB_LEN : MDSEC_P384_PUB_LEN;

    assert_int_equal(PROVIDER_FN(hash)(alg, msg, msg_len, hash, sizeof hash), MDSEC_OK);
    return PROVIDER_FN(ecdsa_verify)(curve, pub, pub_len, hash, mdsec_hash_len(alg), sig, sig_len,
                                     fmt);
}

static void check_sigver(mdsec_curve_t curve, const mdsec_tv_sigver_t *v, size_t n,
                         const char *what)
{
    size_t i;
    size_t half = curve == MDSEC_CURVE_P256 ? 32u : 48u;
    uint8_t der[2u * 49u + 8u];
    size_t der_len;
    mdsec_status_t st;

    for (i = 0; i < n; i++) {
        st =
            verify_msg(curve, v[i].pub, v[i].msg, v[i].msg_len, v[i].sig, 2u * half, MDSEC_SIG_RAW);
        if (v[i].pass) {
            CHECK_VECTOR(st == MDSEC_OK, what, i);
        } else {
            /* "Q changed" vectors still have valid points: the signature fails. */
            CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID, what, i);
        }
        der_len = tu_der_from_raw(v[i].sig, half, der);
        st = verify_msg(curve, v[i].pub, v[i].msg, v[i].msg_len, der, der_len, MDSEC_SIG_DER);
        CHECK_VECTOR(v[i].pass ? st == MDSEC_OK : st == MDSEC_ERR_SIGNATURE_INVALID, what, i);
    }
}

static void ecdsa_cavp_sigver_p256_p384_raw_and_der(void **state)
{
    size_t passes = 0;
    size_t i;
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_sigver_p256); i++) {
        passes += (size_t)tv_sigver_p256[i].pass;
    }
    assert_true(passes > 0 && passes < ARRAY_LEN(tv_sigver_p256));
    check_sigver(MDSEC_CURVE_P256, tv_sigver_p256, ARRAY_LEN(tv_sigver_p256),
                 "SigVer [P-256,SHA-256]");
    check_sigver(MDSEC_CURVE_P384, tv_sigver_p384, ARRAY_LEN(tv_sigver_p384),
                 "SigVer [P-384,SHA-384]");
}

static void ecdsa_rfc6979_signatures_verify(void **state)
{
    uint8_t der[2u * 49u + 8u];
    size_t der_len;
    uint8_t hash[MDSEC_SHA384_LEN];
    (void)state;

    assert_int_equal(verify_msg(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, (const uint8_t *)"sample", 6,
                                tv_rfc6979_p256_sha256_sample, 64, MDSEC_SIG_RAW),
                     MDSEC_OK);
    assert_int_equal(verify_msg(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, (const uint8_t *)"test", 4,
                                tv_rfc6979_p256_sha256_test, 64, MDSEC_SIG_RAW),
                     MDSEC_OK);
    /* the signature of one message does not verify the other */
    assert_int_equal(verify_msg(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, (const uint8_t *)"test", 4,
                                tv_rfc6979_p256_sha256_sample, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_SIGNATURE_INVALID);
    der_len = tu_der_from_raw(tv_rfc6979_p256_sha256_sample, 32, der);
    assert_int_equal(verify_msg(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, (const uint8_t *)"sample", 6,
                                der, der_len, MDSEC_SIG_DER),
                     MDSEC_OK);
    /* P-256 with a SHA-384 digest (truncated to 256 bits by the verifier) */
    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA384, "sample", 6, hash, sizeof hash),
                     MDSEC_OK);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 48,
                                               tv_rfc6979_p256_sha384_sample, 64, MDSEC_SIG_RAW),
                     MDSEC_OK);
    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA384, "test", 4, hash, sizeof hash), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 48,
                                               tv_rfc6979_p256_sha384_test, 64, MDSEC_SIG_RAW),
                     MDSEC_OK);
    /* P-384 */
    assert_int_equal(verify_msg(MDSEC_CURVE_P384, tv_rfc6979_p384_pub, (const uint8_t *)"sample", 6,
                                tv_rfc6979_p384_sha384_sample, 96, MDSEC_SIG_RAW),
                     MDSEC_OK);
    der_len = tu_der_from_raw(tv_rfc6979_p384_sha384_test, 48, der);
    assert_int_equal(verify_msg(MDSEC_CURVE_P384, tv_rfc6979_p384_pub, (const uint8_t *)"test", 4,
                                der, der_len, MDSEC_SIG_DER),
                     MDSEC_OK);
}

static void ecdsa_wycheproof_subset(void **state)
{
    size_t s;
    size_t i;
    (void)state;

    for (s = 0; s < ARRAY_LEN(tv_wpk_ecdsa_sets); s++) {
        const mdsec_tv_wp_ecdsa_set_t *set = &tv_wpk_ecdsa_sets[s];
        mdsec_curve_t curve = set->curve == 1 ? MDSEC_CURVE_P256 : MDSEC_CURVE_P384;

        for (i = 0; i < set->n_tests; i++) {
            const mdsec_tv_wp_sig_t *t = &set->tests[i];
            mdsec_status_t st = verify_msg(curve, set->pubs[t->key], t->msg, t->msg_len, t->sig,
                                           t->sig_len, set->der ? MDSEC_SIG_DER : MDSEC_SIG_RAW);

            if (PROVIDER_IS_TOMCRYPT && tu_tomcrypt_false_reject(set->file, t->tc_id)) {
                CHECK_VECTOR(t->result == 1u && st == MDSEC_ERR_SIGNATURE_INVALID, set->file,
                             t->tc_id);
            } else if (t->result == 1u) {
                CHECK_VECTOR(st == MDSEC_OK, set->file, t->tc_id);
            } else if (t->result == 0u) {
                CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID ||
                                 st == MDSEC_ERR_SIGNATURE_MALFORMED,
                             set->file, t->tc_id);
            }
        }
    }
}

/* BER forms of a valid DER signature are refused as malformed. */
static void ecdsa_der_must_be_strict(void **state)
{
    uint8_t der[80];
    uint8_t ber[96];
    size_t n;
    uint8_t hash[MDSEC_SHA256_LEN];
    (void)state;

    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA256, "sample", 6, hash, sizeof hash),
                     MDSEC_OK);
    n = tu_der_from_raw(tv_rfc6979_p256_sha256_sample, 32, der);
    assert_int_equal(n, 72); /* 30 46 02 21 00 r 02 21 00 s */
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               der, n, MDSEC_SIG_DER),
                     MDSEC_OK);
    /* long-form SEQUENCE length 81 46 */
    ber[0] = 0x30;
    ber[1] = 0x81;
    memcpy(ber + 2, der + 1, n - 1);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               ber, n + 1, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* r with an extra leading zero byte (02 22 00 00 r) */
    ber[0] = 0x30;
    ber[1] = 0x47;
    ber[2] = 0x02;
    ber[3] = 0x22;
    ber[4] = 0x00;
    memcpy(ber + 5, der + 4, n - 4);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               ber, n + 1, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* trailing garbage after the SEQUENCE */
    memcpy(ber, der, n);
    ber[n] = 0x00;
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               ber, n + 1, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* r without its 00 sign byte would be negative */
    ber[0] = 0x30;
    ber[1] = 0x45;
    ber[2] = 0x02;
    ber[3] = 0x20;
    memcpy(ber + 4, der + 5, n - 5);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               ber, n - 1, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* wrong tag, truncated */
    memcpy(ber, der, n);
    ber[0] = 0x31;
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               ber, n, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               der, n - 1, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
}

static void ecdsa_verify_error_paths(void **state)
{
    uint8_t hash[MDSEC_SHA256_LEN];
    uint8_t pub[MDSEC_P256_PUB_LEN];
    const uint8_t *sig = tv_rfc6979_p256_sha256_sample;
    (void)state;

    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA256, "sample", 6, hash, sizeof hash),
                     MDSEC_OK);
    /* unknown curve, bad arguments */
    assert_int_equal(PROVIDER_FN(ecdsa_verify)((mdsec_curve_t)0, tv_rfc6979_p256_pub, 65, hash, 32,
                                               sig, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)((mdsec_curve_t)3, tv_rfc6979_p256_pub, 65, hash, 32,
                                               sig, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, NULL, 65, hash, 32, sig, 64, MDSEC_SIG_RAW),
        MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, NULL, 32,
                                               sig, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 0,
                                               sig, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               NULL, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               sig, 64, (mdsec_sig_format_t)3),
                     MDSEC_ERR_INVALID_ARG);
    /* raw signature of the wrong length */
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash, 32,
                                               sig, 63, MDSEC_SIG_RAW),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* a P-256 key given as P-384, wrong length or prefix, point off the curve */
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P384, tv_rfc6979_p256_pub, 65, hash, 32,
                                               sig, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 64, hash, 32,
                                               sig, 64, MDSEC_SIG_RAW),
                     MDSEC_ERR_KEY_INVALID);
    memcpy(pub, tv_rfc6979_p256_pub, sizeof pub);
    pub[0] = 0x02;
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, 64, MDSEC_SIG_RAW),
        MDSEC_ERR_KEY_INVALID);
    memcpy(pub, tv_rfc6979_p256_pub, sizeof pub);
    pub[64] ^= 0x01u;
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, 64, MDSEC_SIG_RAW),
        MDSEC_ERR_KEY_INVALID);
    memset(pub + 1, 0, 64); /* the point (0, 0) */
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, 64, MDSEC_SIG_RAW),
        MDSEC_ERR_KEY_INVALID);
}

/* ---- ECDSA signing ---------------------------------------------------------- */

static void sign_and_check(mdsec_drbg_t *drbg, const uint8_t *msg, size_t msg_len,
                           mdsec_hash_alg_t alg, const uint8_t *expect_raw)
{
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    uint8_t der[MDSEC_ECDSA_SIG_DER_MAX];
    size_t sig_len = 0;
    size_t hlen = mdsec_hash_len(alg);

    assert_int_equal(PROVIDER_FN(hash)(alg, msg, msg_len, hash, sizeof hash), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(drbg, tv_rfc6979_p256_x, hash, hlen,
                                                  MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_OK);
    assert_int_equal(sig_len, MDSEC_P256_SIG_RAW_LEN);
#if PROVIDER_IS_BEARSSL || PROVIDER_IS_PSA
    /* RFC 6979 deterministic signature: exactly the published r || s. */
    assert_memory_equal(sig, expect_raw, 64);
#else
    (void)expect_raw;
#endif
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash,
                                               hlen, sig, sig_len, MDSEC_SIG_RAW),
                     MDSEC_OK);
    /* wrong hash (in its first 256 bits: P-256 truncates a SHA-384 digest) */
    hash[31] ^= 0x01u;
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash,
                                               hlen, sig, sig_len, MDSEC_SIG_RAW),
                     MDSEC_ERR_SIGNATURE_INVALID);
    hash[31] ^= 0x01u;
    /* DER */
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(drbg, tv_rfc6979_p256_x, hash, hlen,
                                                  MDSEC_SIG_DER, sig, sizeof sig, &sig_len),
                     MDSEC_OK);
#if PROVIDER_IS_BEARSSL || PROVIDER_IS_PSA
    assert_int_equal(sig_len, tu_der_from_raw(expect_raw, 32, der));
    assert_memory_equal(sig, der, sig_len);
#else
    (void)der;
#endif
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash,
                                               hlen, sig, sig_len, MDSEC_SIG_DER),
                     MDSEC_OK);
    hash[0] ^= 0x80u;
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash,
                                               hlen, sig, sig_len, MDSEC_SIG_DER),
                     MDSEC_ERR_SIGNATURE_INVALID);
}

static void ecdsa_p256_sign_rfc6979_and_round_trip(void **state)
{
    mdsec_drbg_t drbg;
    (void)state;

    fixed_drbg(&drbg, 1);
    sign_and_check(&drbg, (const uint8_t *)"sample", 6, MDSEC_HASH_SHA256,
                   tv_rfc6979_p256_sha256_sample);
    sign_and_check(&drbg, (const uint8_t *)"test", 4, MDSEC_HASH_SHA256,
                   tv_rfc6979_p256_sha256_test);
    sign_and_check(&drbg, (const uint8_t *)"sample", 6, MDSEC_HASH_SHA384,
                   tv_rfc6979_p256_sha384_sample);
    sign_and_check(&drbg, (const uint8_t *)"test", 4, MDSEC_HASH_SHA384,
                   tv_rfc6979_p256_sha384_test);
    PROVIDER_FN(drbg_wipe)(&drbg);
}

/*
 * A process that forks after seeding holds the same DRBG state twice: the
 * two copies must still never sign two different digests with the same
 * nonce (which gives the private key away). BearSSL's and the psa
 * provider's nonces are RFC 6979 deterministic; libtomcrypt's are hedged
 * (fresh port entropy and the DRBG, mixed with the key and the digest).
 */
static void ecdsa_nonce_never_repeats_after_fork(void **state)
{
    mdsec_drbg_t parent, child;
    uint8_t h1[MDSEC_SHA256_LEN], h2[MDSEC_SHA256_LEN];
    uint8_t s1[MDSEC_P256_SIG_RAW_LEN], s2[MDSEC_P256_SIG_RAW_LEN];
    size_t l1 = 0, l2 = 0;
    unsigned i;
    (void)state;

    for (i = 0; i < 8u; i++) {
        fixed_drbg(&parent, 7);
        memcpy(&child, &parent, sizeof child); /* what fork() does */
        memset(h1, 0x5a, sizeof h1);
        memcpy(h2, h1, sizeof h2);
        h2[31] ^= (uint8_t)(1u + i);
        assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&parent, tv_rfc6979_p256_x, h1, sizeof h1,
                                                      MDSEC_SIG_RAW, s1, sizeof s1, &l1),
                         MDSEC_OK);
        assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&child, tv_rfc6979_p256_x, h2, sizeof h2,
                                                      MDSEC_SIG_RAW, s2, sizeof s2, &l2),
                         MDSEC_OK);
        assert_int_equal(l1, sizeof s1);
        assert_int_equal(l2, sizeof s2);
        assert_memory_not_equal(s1, s2, 32); /* r = x(kG): a repeated r is a repeated k */
        assert_int_equal(PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, h2,
                                                   sizeof h2, s2, l2, MDSEC_SIG_RAW),
                         MDSEC_OK);
        PROVIDER_FN(drbg_wipe)(&parent);
        PROVIDER_FN(drbg_wipe)(&child);
    }
}

static void ecdsa_sign_error_paths(void **state)
{
    mdsec_drbg_t drbg;
    uint8_t hash[MDSEC_SHA256_LEN];
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    uint8_t key[MDSEC_P256_SCALAR_LEN];
    size_t sig_len = 99;
    size_t olen;
    (void)state;

    memset(hash, 0x11, sizeof hash);
    fixed_drbg(&drbg, 2);
    /* too small for a raw signature */
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, tv_rfc6979_p256_x, hash, 32, MDSEC_SIG_RAW,
                                                  sig, 63, &sig_len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(sig, 63));
    assert_int_equal(sig_len, 0);
    /* too small for this DER signature */
    memset(sig, 0xaa, sizeof sig);
    sig_len = 99;
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, tv_rfc6979_p256_x, hash, 32, MDSEC_SIG_DER,
                                                  sig, 8, &sig_len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(sig, 8));
    assert_int_equal(sig_len, 0);
    /* hash length other than SHA-256/384 */
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, tv_rfc6979_p256_x, hash, 20, MDSEC_SIG_RAW,
                                                  sig, sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, tv_rfc6979_p256_x, hash, 32,
                                                  (mdsec_sig_format_t)0, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, NULL, hash, 32, MDSEC_SIG_RAW, sig,
                                                  sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, tv_rfc6979_p256_x, hash, 32, MDSEC_SIG_RAW,
                                                  sig, sizeof sig, NULL),
                     MDSEC_ERR_INVALID_ARG);
    /* key 0 and key = n are not private keys */
    memset(key, 0, sizeof key);
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, key, hash, 32, MDSEC_SIG_RAW, sig,
                                                  sizeof sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_true(tu_all_zero(sig, sizeof sig));
    {
        /* the P-256 group order n */
        static const uint8_t n256[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
                                         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
                                         0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
        assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, n256, hash, 32, MDSEC_SIG_RAW, sig,
                                                      sizeof sig, &sig_len),
                         MDSEC_ERR_KEY_INVALID);
        assert_int_equal(
            PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, n256, 32, sig, sizeof sig, &olen),
            MDSEC_ERR_KEY_INVALID);
        memcpy(key, n256, sizeof key);
        key[31] = 0x50; /* n - 1 is the largest private key */
        assert_int_equal(
            PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, key, 32, sig, sizeof sig, &olen),
            MDSEC_OK);
    }
    PROVIDER_FN(drbg_wipe)(&drbg);
#if PROVIDER_IS_BEARSSL || PROVIDER_IS_PSA
    /* RFC 6979: no randomness needed, the DRBG is ignored */
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(NULL, tv_rfc6979_p256_x, hash, 32, MDSEC_SIG_RAW,
                                                  sig, sizeof sig, &sig_len),
                     MDSEC_OK);
#else
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(NULL, tv_rfc6979_p256_x, hash, 32, MDSEC_SIG_RAW,
                                                  sig, sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_p256_sign)(&drbg, tv_rfc6979_p256_x, hash, 32, MDSEC_SIG_RAW,
                                                  sig, sizeof sig, &sig_len),
                     MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_true(tu_all_zero(sig, sizeof sig));
#endif
}

/* ---- ECDSA signing on either curve (ecdsa_sign) ------------------------------- */

static void sign_curve_and_check(mdsec_curve_t curve, const uint8_t *priv, const uint8_t *pub,
                                 const char *msg, mdsec_hash_alg_t alg, const uint8_t *expect_raw)
{
    mdsec_drbg_t drbg;
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    uint8_t der[MDSEC_ECDSA_SIG_DER_MAX];
    size_t half = curve == MDSEC_CURVE_P256 ? 32u : 48u;
    size_t pub_len = 2u * half + 1u;
    size_t hlen = mdsec_hash_len(alg);
    size_t sig_len = 0;

    fixed_drbg(&drbg, 4);
    assert_int_equal(PROVIDER_FN(hash)(alg, msg, strlen(msg), hash, sizeof hash), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, curve, priv, half, hash, hlen, MDSEC_SIG_RAW,
                                             sig, sizeof sig, &sig_len),
                     MDSEC_OK);
    assert_int_equal(sig_len, 2u * half);
    if (PROVIDER_IS_BEARSSL || PROVIDER_IS_PSA) {
        /* RFC 6979 deterministic signature: exactly the published r || s. */
        assert_memory_equal(sig, expect_raw, 2u * half);
    }
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(curve, pub, pub_len, hash, hlen, sig, sig_len, MDSEC_SIG_RAW),
        MDSEC_OK);
    assert_int_equal(PROVIDER_FN(ecdsa_verify)(curve, pub, pub_len, hash, hlen, expect_raw,
                                               2u * half, MDSEC_SIG_RAW),
                     MDSEC_OK);
    sig[2u * half - 1u] ^= 0x01u;
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(curve, pub, pub_len, hash, hlen, sig, sig_len, MDSEC_SIG_RAW),
        MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, curve, priv, half, hash, hlen, MDSEC_SIG_DER,
                                             sig, sizeof sig, &sig_len),
                     MDSEC_OK);
    if (PROVIDER_IS_BEARSSL || PROVIDER_IS_PSA) {
        assert_int_equal(sig_len, tu_der_from_raw(expect_raw, half, der));
        assert_memory_equal(sig, der, sig_len);
    }
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(curve, pub, pub_len, hash, hlen, sig, sig_len, MDSEC_SIG_DER),
        MDSEC_OK);
    hash[0] ^= 0x80u;
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(curve, pub, pub_len, hash, hlen, sig, sig_len, MDSEC_SIG_DER),
        MDSEC_ERR_SIGNATURE_INVALID);
    PROVIDER_FN(drbg_wipe)(&drbg);
}

/* RFC 6979 A.2.6 (P-384) and A.2.5 (P-256) through ecdsa_sign. */
static void ecdsa_sign_p384_and_p256_rfc6979(void **state)
{
    (void)state;
    sign_curve_and_check(MDSEC_CURVE_P384, tv_rfc6979_p384_x, tv_rfc6979_p384_pub, "sample",
                         MDSEC_HASH_SHA384, tv_rfc6979_p384_sha384_sample);
    sign_curve_and_check(MDSEC_CURVE_P384, tv_rfc6979_p384_x, tv_rfc6979_p384_pub, "test",
                         MDSEC_HASH_SHA384, tv_rfc6979_p384_sha384_test);
    sign_curve_and_check(MDSEC_CURVE_P256, tv_rfc6979_p256_x, tv_rfc6979_p256_pub, "sample",
                         MDSEC_HASH_SHA256, tv_rfc6979_p256_sha256_sample);
    sign_curve_and_check(MDSEC_CURVE_P256, tv_rfc6979_p256_x, tv_rfc6979_p256_pub, "test",
                         MDSEC_HASH_SHA384, tv_rfc6979_p256_sha384_test);
}

static void ecdsa_sign_p384_error_paths(void **state)
{
    /* the P-384 group order n */
    static const uint8_t n384[48] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37,
                                     0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a,
                                     0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};
    mdsec_drbg_t drbg;
    uint8_t hash[MDSEC_SHA384_LEN];
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    uint8_t key[MDSEC_P384_SCALAR_LEN];
    size_t sig_len = 99;
    (void)state;

    memset(hash, 0x22, sizeof hash);
    fixed_drbg(&drbg, 5);
    /* unknown curve, a scalar of the other curve's length */
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, (mdsec_curve_t)0, tv_rfc6979_p384_x, 48, hash,
                                             48, MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(sig, sizeof sig));
    assert_int_equal(sig_len, 0);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, tv_rfc6979_p256_x, 32, hash,
                                             48, MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P256, tv_rfc6979_p384_x, 48, hash,
                                             32, MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    /* buffers too small for a raw and for this DER signature */
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, tv_rfc6979_p384_x, 48, hash,
                                             48, MDSEC_SIG_RAW, sig, 95, &sig_len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(sig, 95));
    assert_int_equal(sig[95], 0xaa);
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, tv_rfc6979_p384_x, 48, hash,
                                             48, MDSEC_SIG_DER, sig, 60, &sig_len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(sig, 60));
    assert_int_equal(sig_len, 0);
    /* digest length other than SHA-256/384, NULLs */
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, tv_rfc6979_p384_x, 48, hash,
                                             47, MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, NULL, 48, hash, 48,
                                             MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, tv_rfc6979_p384_x, 48, hash,
                                             48, MDSEC_SIG_RAW, sig, sizeof sig, NULL),
                     MDSEC_ERR_INVALID_ARG);
    /* 0 and n are not private keys; n - 1 is */
    memset(key, 0, sizeof key);
    memset(sig, 0xaa, sizeof sig);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, key, 48, hash, 48,
                                             MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_true(tu_all_zero(sig, sizeof sig));
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, n384, 48, hash, 48,
                                             MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    memcpy(key, n384, sizeof key);
    key[47] = 0x72;
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, key, 48, hash, 48,
                                             MDSEC_SIG_DER, sig, sizeof sig, &sig_len),
                     MDSEC_OK);
    PROVIDER_FN(drbg_wipe)(&drbg);
    assert_int_equal(PROVIDER_FN(ecdsa_sign)(&drbg, MDSEC_CURVE_P384, tv_rfc6979_p384_x, 48, hash,
                                             48, MDSEC_SIG_RAW, sig, sizeof sig, &sig_len),
                     PROVIDER_IS_TOMCRYPT ? MDSEC_ERR_DRBG_NOT_SEEDED : MDSEC_OK);
}

/* ---- Public keys ------------------------------------------------------------ */

static void check_pub(mdsec_curve_t curve, const uint8_t *d, const uint8_t *expect,
                      const char *what, size_t idx)
{
    uint8_t pub[MDSEC_P384_PUB_LEN + 4u];
    size_t len = 0;
    size_t sl = curve == MDSEC_CURVE_P256 ? 32u : 48u;
    size_t pl = 2u * sl + 1u;

    memset(pub, 0xee, sizeof pub);
    CHECK_VECTOR(PROVIDER_FN(ec_pubkey_from_priv)(curve, d, sl, pub, sizeof pub, &len) == MDSEC_OK,
                 what, idx);
    CHECK_VECTOR(len == pl && memcmp(pub, expect, pl) == 0, what, idx);
    CHECK_VECTOR(tu_all_byte(pub + pl, sizeof pub - pl, 0xee), what, idx);
}

static void ec_pubkey_from_priv_rfc6979_and_cavp_keypair(void **state)
{
    size_t i;
    (void)state;

    check_pub(MDSEC_CURVE_P256, tv_rfc6979_p256_x, tv_rfc6979_p256_pub, "RFC 6979 A.2.5", 0);
    check_pub(MDSEC_CURVE_P384, tv_rfc6979_p384_x, tv_rfc6979_p384_pub, "RFC 6979 A.2.6", 0);
    for (i = 0; i < ARRAY_LEN(tv_keypair_p256); i++) {
        check_pub(MDSEC_CURVE_P256, tv_keypair_p256[i].d, tv_keypair_p256[i].pub, "KeyPair [P-256]",
                  i);
    }
    for (i = 0; i < ARRAY_LEN(tv_keypair_p384); i++) {
        check_pub(MDSEC_CURVE_P384, tv_keypair_p384[i].d, tv_keypair_p384[i].pub, "KeyPair [P-384]",
                  i);
    }
}

static void ec_pubkey_error_paths(void **state)
{
    uint8_t pub[MDSEC_P384_PUB_LEN];
    uint8_t d[MDSEC_P384_SCALAR_LEN];
    size_t len = 77;
    (void)state;

    memset(pub, 0xaa, sizeof pub);
    assert_int_equal(PROVIDER_FN(ec_pubkey_from_priv)((mdsec_curve_t)9, tv_rfc6979_p256_x, 32, pub,
                                                      sizeof pub, &len),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(pub, sizeof pub));
    assert_int_equal(len, 0);
    memset(pub, 0xaa, sizeof pub);
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, tv_rfc6979_p256_x, 32, pub, 64, &len),
        MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(pub, 64));
    assert_int_equal(PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, tv_rfc6979_p256_x, 31, pub,
                                                      sizeof pub, &len),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P384, tv_rfc6979_p256_x, 32, pub,
                                                      sizeof pub, &len),
                     MDSEC_ERR_KEY_INVALID);
    memset(d, 0, sizeof d);
    memset(pub, 0xaa, sizeof pub);
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P384, d, 48, pub, sizeof pub, &len),
        MDSEC_ERR_KEY_INVALID);
    assert_true(tu_all_zero(pub, sizeof pub));
    memset(d, 0xff, sizeof d); /* above the P-384 order */
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P384, d, 48, pub, sizeof pub, &len),
        MDSEC_ERR_KEY_INVALID);
    d[47] = 1;
    memset(d, 0, 47); /* 1 is a private key; its public key is G */
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P384, d, 48, pub, sizeof pub, &len), MDSEC_OK);
    assert_int_equal(len, MDSEC_P384_PUB_LEN);
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, NULL, 32, pub, sizeof pub, &len),
        MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, tv_rfc6979_p256_x, 32, pub,
                                                      sizeof pub, NULL),
                     MDSEC_ERR_INVALID_ARG);
}

static void ec_keygen_gives_consistent_pairs(void **state)
{
    mdsec_drbg_t drbg;
    uint8_t priv[MDSEC_P384_SCALAR_LEN];
    uint8_t pub[MDSEC_P384_PUB_LEN];
    uint8_t pub2[MDSEC_P384_PUB_LEN];
    uint8_t hash[MDSEC_SHA256_LEN];
    uint8_t sig[MDSEC_P256_SIG_RAW_LEN];
    size_t pl = 0;
    size_t ql = 0;
    size_t l2 = 0;
    size_t sl = 0;
    (void)state;

    fixed_drbg(&drbg, 3);
    assert_int_equal(PROVIDER_FN(ec_keygen)(&drbg, MDSEC_CURVE_P256, priv, sizeof priv, &pl, pub,
                                            sizeof pub, &ql),
                     MDSEC_OK);
    assert_int_equal(pl, 32);
    assert_int_equal(ql, 65);
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P256, priv, pl, pub2, sizeof pub2, &l2),
        MDSEC_OK);
    assert_memory_equal(pub, pub2, 65);
    memset(hash, 0x42, sizeof hash);
    assert_int_equal(
        PROVIDER_FN(ecdsa_p256_sign)(&drbg, priv, hash, 32, MDSEC_SIG_RAW, sig, sizeof sig, &sl),
        MDSEC_OK);
    assert_int_equal(
        PROVIDER_FN(ecdsa_verify)(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, sl, MDSEC_SIG_RAW),
        MDSEC_OK);
    assert_int_equal(PROVIDER_FN(ec_keygen)(&drbg, MDSEC_CURVE_P384, priv, sizeof priv, &pl, pub,
                                            sizeof pub, &ql),
                     MDSEC_OK);
    assert_int_equal(pl, 48);
    assert_int_equal(ql, 97);
    assert_int_equal(
        PROVIDER_FN(ec_pubkey_from_priv)(MDSEC_CURVE_P384, priv, pl, pub2, sizeof pub2, &l2),
        MDSEC_OK);
    assert_memory_equal(pub, pub2, 97);
    /* errors: small buffers, unseeded DRBG; outputs zeroed */
    memset(priv, 0xaa, sizeof priv);
    memset(pub, 0xaa, sizeof pub);
    assert_int_equal(
        PROVIDER_FN(ec_keygen)(&drbg, MDSEC_CURVE_P384, priv, 47, &pl, pub, sizeof pub, &ql),
        MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(priv, 47) && tu_all_zero(pub, sizeof pub));
    assert_int_equal(pl, 0);
    assert_int_equal(ql, 0);
    assert_int_equal(PROVIDER_FN(ec_keygen)(&drbg, (mdsec_curve_t)0, priv, sizeof priv, &pl, pub,
                                            sizeof pub, &ql),
                     MDSEC_ERR_INVALID_ARG);
    PROVIDER_FN(drbg_wipe)(&drbg);
    memset(priv, 0xaa, sizeof priv);
    assert_int_equal(PROVIDER_FN(ec_keygen)(&drbg, MDSEC_CURVE_P256, priv, sizeof priv, &pl, pub,
                                            sizeof pub, &ql),
                     MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_true(tu_all_zero(priv, sizeof priv));
}

/* ---- RSA-PSS ---------------------------------------------------------------- */

static void rsa_pss_wycheproof_subset(void **state)
{
    (void)state;
    tu_check_rsa_pss_sets(tv_wpk_rsa_pss_sets, ARRAY_LEN(tv_wpk_rsa_pss_sets));
}

static void rsa_pss_error_paths(void **state)
{
    const mdsec_tv_wp_rsa_pss_set_t *set = &tv_wpk_rsa_pss_sets[0];
    const mdsec_tv_wp_sig_t *t = &set->tests[0];
    uint8_t hash[MDSEC_SHA256_LEN];
    static const uint8_t e3[1] = {3};
    static const uint8_t e_even[3] = {1, 0, 2};
    (void)state;

    assert_int_equal(t->result, 1);
    assert_int_equal(PROVIDER_FN(hash)(MDSEC_HASH_SHA256, t->msg, t->msg_len, hash, sizeof hash),
                     MDSEC_OK);
#if PROVIDER_IS_BEARSSL
    /* BearSSL 0.6 has no RSA-PSS: always NOT_SUPPORTED, whatever the input. */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(
        PROVIDER_FN(rsa_pss_verify)(NULL, 0, NULL, 0, MDSEC_HASH_SHA256, NULL, 0, 0, NULL, 0),
        MDSEC_ERR_NOT_SUPPORTED);
    (void)e3;
    (void)e_even;
#else
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_OK);
    /* salt length other than the signer's (PSA verifies only salt = hash
     * length: rsa_pss_salt_lengths_are_enforced shows a 20-byte salt is
     * refused) */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 20, t->sig,
                                                 t->sig_len),
                     PROVIDER_IS_PSA ? MDSEC_ERR_NOT_SUPPORTED : MDSEC_ERR_SIGNATURE_INVALID);
    /* modulus without its leading zero byte: the same key */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n + 1, set->n_len - 1u, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_OK);
    /* 1024-bit modulus (too short), even exponent, wrong exponent */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n + 1, 128, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, t->sig,
                                                 128),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, e_even, sizeof e_even,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, e3, sizeof e3,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_ERR_SIGNATURE_INVALID);
    /* hash length not matching the algorithm, unknown algorithm, NULLs */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 MDSEC_HASH_SHA384, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 (mdsec_hash_alg_t)0, hash, sizeof hash, 32, t->sig,
                                                 t->sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(NULL, 0, set->e, set->e_len, MDSEC_HASH_SHA256,
                                                 hash, sizeof hash, 32, t->sig, t->sig_len),
                     MDSEC_ERR_INVALID_ARG);
    /* signature one byte short */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32,
                                                 t->sig + 1, t->sig_len - 1u),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* a signature representative not below n (Mbed TLS calls it an
     * invalid argument): a signature that does not verify */
    memset(g_msg, 0xff, t->sig_len);
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                                 MDSEC_HASH_SHA256, hash, sizeof hash, 32, g_msg,
                                                 t->sig_len),
                     MDSEC_ERR_SIGNATURE_INVALID);
#endif
}

/*
 * The salt length asked for is the salt length checked. Wycheproof's
 * rsa_pss_misc_test.json signs with one key under salts of 0, 20, 28, 32, 48
 * and 64 bytes (SHA-256 and SHA-384): each verifies with its own salt
 * length, and a verifier asking for the hash's length refuses every other
 * one. The psa provider verifies only salt = hash length (PSA_ALG_RSA_PSS)
 * and says so for any other salt length.
 */
static void rsa_pss_salt_lengths_are_enforced(void **state)
{
    size_t i;
    size_t other = 0;
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_wpm_rsa_pss); i++) {
        const mdsec_tv_wp_rsa_pss_param_t *t = &tv_wpm_rsa_pss[i];
        mdsec_hash_alg_t alg = t->sha == 256u ? MDSEC_HASH_SHA256 : MDSEC_HASH_SHA384;
        size_t hlen = mdsec_hash_len(alg);
        mdsec_status_t own;
        mdsec_status_t at_hlen;

        assert_int_equal(t->result, 1);
        assert_int_equal(PROVIDER_FN(hash)(alg, t->msg, t->msg_len, hash, sizeof hash), MDSEC_OK);
        own = PROVIDER_FN(rsa_pss_verify)(tv_wpm_n, sizeof tv_wpm_n, tv_wpm_e, sizeof tv_wpm_e, alg,
                                          hash, hlen, t->salt_len, t->sig, t->sig_len);
        at_hlen = PROVIDER_FN(rsa_pss_verify)(tv_wpm_n, sizeof tv_wpm_n, tv_wpm_e, sizeof tv_wpm_e,
                                              alg, hash, hlen, hlen, t->sig, t->sig_len);
        if (PROVIDER_IS_BEARSSL) {
            CHECK_VECTOR(own == MDSEC_ERR_NOT_SUPPORTED && at_hlen == MDSEC_ERR_NOT_SUPPORTED,
                         "rsa_pss_misc_test.json", t->tc_id);
        } else if (t->salt_len == hlen) {
            CHECK_VECTOR(own == MDSEC_OK && at_hlen == MDSEC_OK, "rsa_pss_misc_test.json",
                         t->tc_id);
        } else {
            CHECK_VECTOR(own == (PROVIDER_IS_PSA ? MDSEC_ERR_NOT_SUPPORTED : MDSEC_OK),
                         "rsa_pss_misc_test.json", t->tc_id);
            /* the proof: a signature with another salt length is refused */
            CHECK_VECTOR(at_hlen == MDSEC_ERR_SIGNATURE_INVALID, "rsa_pss_misc_test.json",
                         t->tc_id);
            other++;
        }
    }
    assert_int_equal(other, PROVIDER_IS_BEARSSL ? 0u : 10u);
    /* a salt too long for the modulus is a bad argument, whatever the signature */
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(tv_wpm_n, sizeof tv_wpm_n, tv_wpm_e,
                                                 sizeof tv_wpm_e, MDSEC_HASH_SHA256, hash, 32, 223,
                                                 tv_wpm_rsa_pss[0].sig, 256),
                     PROVIDER_IS_BEARSSL ? MDSEC_ERR_NOT_SUPPORTED : MDSEC_ERR_INVALID_ARG);
}

/* ---- RSA-PSS signing (host tools) ------------------------------------------- */

static uint8_t g_rsa_sig[MDSEC_RSA_MAX_BITS / 8u + 16u];

#if !PROVIDER_IS_BEARSSL
static uint8_t g_rsa_sig2[MDSEC_RSA_MAX_BITS / 8u + 16u];

/* Signs digest with key (salt salt_len) and checks the signature verifies
 * with the key's n and e, and fails when changed. */
static void pss_sign_and_verify(mdsec_drbg_t *drbg, const uint8_t *key, size_t key_len,
                                mdsec_hash_alg_t alg, size_t salt_len)
{
    const uint8_t *n = NULL;
    const uint8_t *e = NULL;
    size_t n_len = 0;
    size_t e_len = 0;
    size_t sig_len = 0;
    size_t sig2_len = 0;
    size_t nbytes;
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    size_t hlen = mdsec_hash_len(alg);

    assert_true(tu_rsa_priv_n_e(key, key_len, &n, &n_len, &e, &e_len));
    nbytes = n_len - (n[0] == 0u ? 1u : 0u);
    assert_int_equal(PROVIDER_FN(hash)(alg, "mdsec image", 11, hash, sizeof hash), MDSEC_OK);
    memset(g_rsa_sig, 0xee, sizeof g_rsa_sig);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(drbg, key, key_len, alg, hash, hlen, salt_len,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_OK);
    assert_int_equal(sig_len, nbytes);
    assert_true(tu_all_byte(g_rsa_sig + sig_len, sizeof g_rsa_sig - sig_len, 0xee));
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(n, n_len, e, e_len, alg, hash, hlen, salt_len,
                                                 g_rsa_sig, sig_len),
                     MDSEC_OK);
    /* a random salt: a second signature of the same digest differs */
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(drbg, key, key_len, alg, hash, hlen, salt_len,
                                               g_rsa_sig2, sizeof g_rsa_sig2, &sig2_len),
                     MDSEC_OK);
    assert_int_equal(sig2_len, sig_len);
    if (salt_len != 0u) {
        assert_memory_not_equal(g_rsa_sig, g_rsa_sig2, sig_len);
    }
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(n, n_len, e, e_len, alg, hash, hlen, salt_len,
                                                 g_rsa_sig2, sig2_len),
                     MDSEC_OK);
    g_rsa_sig[sig_len / 2u] ^= 0x04u;
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(n, n_len, e, e_len, alg, hash, hlen, salt_len,
                                                 g_rsa_sig, sig_len),
                     MDSEC_ERR_SIGNATURE_INVALID);
    hash[0] ^= 0x01u;
    assert_int_equal(PROVIDER_FN(rsa_pss_verify)(n, n_len, e, e_len, alg, hash, hlen, salt_len,
                                                 g_rsa_sig2, sig2_len),
                     MDSEC_ERR_SIGNATURE_INVALID);
}
#endif

static void rsa_pss_sign_round_trips(void **state)
{
    mdsec_drbg_t drbg;
    const uint8_t *n = NULL;
    const uint8_t *e = NULL;
    const uint8_t *pn = NULL;
    const uint8_t *pe = NULL;
    size_t n_len = 0, e_len = 0, pn_len = 0, pe_len = 0;
    size_t off = 4;
    (void)state;

    /* The signing fixture is imgtool's RSA-2048 test key: its n and e are
     * those of the public key imgtool embeds (pub-rsa-2048.pkcs1.der). */
    assert_true(tu_rsa_priv_n_e(fx_key_rsa_2048_pkcs1_der, fx_key_rsa_2048_pkcs1_der_len, &n,
                                &n_len, &e, &e_len));
    assert_true(tu_der_read_int(fx_pub_rsa_2048_pkcs1_der, fx_pub_rsa_2048_pkcs1_der_len, &off, &pn,
                                &pn_len) &&
                tu_der_read_int(fx_pub_rsa_2048_pkcs1_der, fx_pub_rsa_2048_pkcs1_der_len, &off, &pe,
                                &pe_len));
    assert_int_equal(n_len, pn_len);
    assert_memory_equal(n, pn, n_len);
    assert_int_equal(e_len, pe_len);
    assert_memory_equal(e, pe, e_len);

    fixed_drbg(&drbg, 6);
#if PROVIDER_IS_BEARSSL
    {
        size_t sig_len = 7;
        uint8_t hash[MDSEC_SHA256_LEN] = {0};

        /* BearSSL 0.6 has no PSS: refused, and nothing is written. */
        memset(g_rsa_sig, 0xee, sizeof g_rsa_sig);
        assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, fx_key_rsa_2048_pkcs1_der,
                                                   fx_key_rsa_2048_pkcs1_der_len, MDSEC_HASH_SHA256,
                                                   hash, sizeof hash, 32, g_rsa_sig,
                                                   sizeof g_rsa_sig, &sig_len),
                         MDSEC_ERR_NOT_SUPPORTED);
        assert_true(tu_all_byte(g_rsa_sig, sizeof g_rsa_sig, 0xee));
        assert_int_equal(sig_len, 7);
        assert_int_equal(
            PROVIDER_FN(rsa_pss_sign)(NULL, NULL, 0, MDSEC_HASH_SHA256, NULL, 0, 0, NULL, 0, NULL),
            MDSEC_ERR_NOT_SUPPORTED);
    }
#else
    /* MCUboot's RSA-PSS (SHA-256, MGF1-SHA-256, salt 32), 2048 and 3072 */
    pss_sign_and_verify(&drbg, fx_key_rsa_2048_pkcs1_der, fx_key_rsa_2048_pkcs1_der_len,
                        MDSEC_HASH_SHA256, 32);
    pss_sign_and_verify(&drbg, fx_key_rsa_3072_pkcs1_der, fx_key_rsa_3072_pkcs1_der_len,
                        MDSEC_HASH_SHA256, 32);
    pss_sign_and_verify(&drbg, fx_key_rsa_3072_pkcs1_der, fx_key_rsa_3072_pkcs1_der_len,
                        MDSEC_HASH_SHA384, 48);
#if PROVIDER_IS_TOMCRYPT
    /* libtomcrypt signs any salt length that fits */
    pss_sign_and_verify(&drbg, fx_key_rsa_2048_pkcs1_der, fx_key_rsa_2048_pkcs1_der_len,
                        MDSEC_HASH_SHA256, 20);
    pss_sign_and_verify(&drbg, fx_key_rsa_2048_pkcs1_der, fx_key_rsa_2048_pkcs1_der_len,
                        MDSEC_HASH_SHA256, 0);
#endif
#endif
    PROVIDER_FN(drbg_wipe)(&drbg);
}

#if !PROVIDER_IS_BEARSSL
static void rsa_pss_sign_error_paths(void **state)
{
    mdsec_drbg_t drbg;
    uint8_t hash[MDSEC_SHA384_LEN];
    uint8_t bad[64];
    size_t sig_len = 5;
    const uint8_t *k = fx_key_rsa_2048_pkcs1_der;
    size_t kl = fx_key_rsa_2048_pkcs1_der_len;
    (void)state;

    memset(hash, 0x33, sizeof hash);
    fixed_drbg(&drbg, 8);
    /* NULLs, hash algorithm and length */
    memset(g_rsa_sig, 0xaa, sizeof g_rsa_sig);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, NULL, kl, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(g_rsa_sig, sizeof g_rsa_sig));
    assert_int_equal(sig_len, 0);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(NULL, k, kl, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, NULL),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, MDSEC_HASH_SHA384, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, (mdsec_hash_alg_t)9, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_INVALID_ARG);
    /* not a private key: truncated, garbage, a public key, a 1024-bit key */
    memset(g_rsa_sig, 0xaa, sizeof g_rsa_sig);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl - 1u, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_true(tu_all_zero(g_rsa_sig, sizeof g_rsa_sig));
    memset(bad, 0x30, sizeof bad);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, bad, sizeof bad, MDSEC_HASH_SHA256, hash, 32,
                                               32, g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, fx_pub_rsa_2048_pkcs1_der,
                                               fx_pub_rsa_2048_pkcs1_der_len, MDSEC_HASH_SHA256,
                                               hash, 32, 32, g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, fx_key_rsa_1024_short_pkcs1_der,
                                               fx_key_rsa_1024_short_pkcs1_der_len,
                                               MDSEC_HASH_SHA256, hash, 32, 32, g_rsa_sig,
                                               sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, 0, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_KEY_INVALID);
    /* one byte short of the modulus */
    memset(g_rsa_sig, 0xaa, sizeof g_rsa_sig);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, 255, &sig_len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(g_rsa_sig, 255));
    assert_int_equal(g_rsa_sig[255], 0xaa);
    /* salt lengths: PSA signs only with salt = hash length */
    memset(g_rsa_sig, 0xaa, sizeof g_rsa_sig);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, MDSEC_HASH_SHA256, hash, 32, 20,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     PROVIDER_IS_PSA ? MDSEC_ERR_NOT_SUPPORTED : MDSEC_OK);
    if (PROVIDER_IS_PSA) {
        assert_true(tu_all_zero(g_rsa_sig, sizeof g_rsa_sig));
        assert_int_equal(sig_len, 0);
    }
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, MDSEC_HASH_SHA256, hash, 32, 223,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     PROVIDER_IS_PSA ? MDSEC_ERR_NOT_SUPPORTED : MDSEC_ERR_INVALID_ARG);
    /* an unseeded DRBG */
    PROVIDER_FN(drbg_wipe)(&drbg);
    memset(g_rsa_sig, 0xaa, sizeof g_rsa_sig);
    assert_int_equal(PROVIDER_FN(rsa_pss_sign)(&drbg, k, kl, MDSEC_HASH_SHA256, hash, 32, 32,
                                               g_rsa_sig, sizeof g_rsa_sig, &sig_len),
                     MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_true(tu_all_zero(g_rsa_sig, sizeof g_rsa_sig));
}
#endif

/* ---- DRBG ------------------------------------------------------------------- */

#if PROVIDER_IS_BEARSSL
/* NIST CAVP HMAC_DRBG (SHA-256, no reseed, no prediction resistance). */
static void drbg_known_answers(void **state)
{
    size_t i;
    mdsec_drbg_t drbg;
    static uint8_t out[128];
    (void)state;

    assert_int_equal(ARRAY_LEN(tv_hmac_drbg_sha256), 30);
    (void)tv_rfc8439_a1; /* the KAT of libtomcrypt's DRBG */
    for (i = 0; i < ARRAY_LEN(tv_hmac_drbg_sha256); i++) {
        const mdsec_tv_drbg_t *v = &tv_hmac_drbg_sha256[i];

        CHECK_VECTOR(PROVIDER_FN(drbg_instantiate)(&drbg, v->entropy, v->entropy_len, v->nonce,
                                                   v->nonce_len, v->pers, v->pers_len) == MDSEC_OK,
                     "HMAC_DRBG.rsp", i);
        CHECK_VECTOR(PROVIDER_FN(drbg_generate)(&drbg, out, v->returned_len) == MDSEC_OK,
                     "HMAC_DRBG.rsp", i);
        CHECK_VECTOR(PROVIDER_FN(drbg_generate)(&drbg, out, v->returned_len) == MDSEC_OK,
                     "HMAC_DRBG.rsp", i);
        CHECK_VECTOR(memcmp(out, v->returned, v->returned_len) == 0, "HMAC_DRBG.rsp", i);
        PROVIDER_FN(drbg_wipe)(&drbg);
    }
}
#elif PROVIDER_IS_PSA
/*
 * PSA has no DRBG instantiated from the caller's inputs: drbg_instantiate is
 * refused, whatever the inputs, and touches nothing (the DRBG keeps its
 * state: seeded stays seeded, unseeded stays unseeded).
 */
static void drbg_known_answers(void **state)
{
    size_t i;
    mdsec_drbg_t drbg;
    mdsec_drbg_t copy;
    uint8_t out[32];
    (void)state;

    (void)tv_rfc8439_a1;
    memset(&drbg, 0, sizeof drbg);
    for (i = 0; i < ARRAY_LEN(tv_hmac_drbg_sha256); i++) {
        const mdsec_tv_drbg_t *v = &tv_hmac_drbg_sha256[i];

        CHECK_VECTOR(PROVIDER_FN(drbg_instantiate)(&drbg, v->entropy, v->entropy_len, v->nonce,
                                                   v->nonce_len, v->pers,
                                                   v->pers_len) == MDSEC_ERR_NOT_SUPPORTED,
                     "HMAC_DRBG.rsp", i);
        CHECK_VECTOR(tu_all_zero((const uint8_t *)&drbg, sizeof drbg), "HMAC_DRBG.rsp", i);
    }
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(NULL, NULL, 0, NULL, 0, NULL, 0),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(PROVIDER_FN(drbg_seed)(&drbg, NULL, 0), MDSEC_OK);
    memcpy(&copy, &drbg, sizeof copy);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, tv_hmac_drbg_sha256[0].entropy,
                                                   tv_hmac_drbg_sha256[0].entropy_len, NULL, 0,
                                                   NULL, 0),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_memory_equal(&copy, &drbg, sizeof drbg);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_OK);
    PROVIDER_FN(drbg_wipe)(&drbg);
}
#else
/*
 * libtomcrypt's DRBG is its chacha20_prng (src/crypto/tomcrypt.c): with a
 * 32-byte entropy input (the key) and an 8-byte nonce (the 64-bit IV) it
 * outputs the ChaCha20 keystream from block 0. The RFC 8439 A.1 vectors
 * whose 96-bit nonce begins with 4 zero bytes are therefore its KATs (the
 * 64-bit IV is the last 8 nonce bytes; the 64-bit counter's high word is 0).
 * The HMAC_DRBG vectors do not apply: this is a different DRBG.
 */
static void drbg_known_answers(void **state)
{
    size_t i;
    mdsec_drbg_t drbg;
    static uint8_t out[4u * 64u];
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_rfc8439_a1); i++) {
        const mdsec_tv_chacha_block_t *v = &tv_rfc8439_a1[i];
        size_t want = 64u * ((size_t)v->counter + 1u);

        assert_true(tu_all_zero(v->nonce, 4) && want <= sizeof out);
        CHECK_VECTOR(PROVIDER_FN(drbg_instantiate)(&drbg, v->key, 32, v->nonce + 4, 8, NULL, 0) ==
                         MDSEC_OK,
                     "RFC 8439 A.1", v->number);
        /* One request: blocks 0 .. counter of the keystream. */
        CHECK_VECTOR(PROVIDER_FN(drbg_generate)(&drbg, out, want) == MDSEC_OK, "RFC 8439 A.1",
                     v->number);
        CHECK_VECTOR(memcmp(out + want - 64u, v->keystream, 64) == 0, "RFC 8439 A.1", v->number);
        /* The next request comes from a new key (rekey after every call). */
        CHECK_VECTOR(PROVIDER_FN(drbg_generate)(&drbg, out, 64) == MDSEC_OK, "RFC 8439 A.1",
                     v->number);
        CHECK_VECTOR(memcmp(out, v->keystream, 64) != 0, "RFC 8439 A.1", v->number);
        PROVIDER_FN(drbg_wipe)(&drbg);
    }
    /* A.1 #1 and #2 are blocks 0 and 1 of the same stream. */
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, tv_rfc8439_a1[0].key, 32,
                                                   tv_rfc8439_a1[0].nonce + 4, 8, NULL, 0),
                     MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, 128), MDSEC_OK);
    assert_memory_equal(out, tv_rfc8439_a1[0].keystream, 64);
    assert_memory_equal(out + 64, tv_rfc8439_a1[1].keystream, 64);
    PROVIDER_FN(drbg_wipe)(&drbg);
    /* the CAVP inputs are accepted (same argument rules as HMAC_DRBG) */
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, tv_hmac_drbg_sha256[20].entropy, 32,
                                                   tv_hmac_drbg_sha256[20].nonce, 16,
                                                   tv_hmac_drbg_sha256[20].pers, 32),
                     MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, 128), MDSEC_OK);
    assert_memory_not_equal(out, tv_hmac_drbg_sha256[20].returned, 128);
    PROVIDER_FN(drbg_wipe)(&drbg);
}
#endif

#if PROVIDER_IS_PSA
/* The same argument rules as the other providers; the bytes come from the
 * PSA implementation's RNG, so two requests differ. */
static void drbg_error_paths(void **state)
{
    mdsec_drbg_t drbg;
    uint8_t pers[300];
    uint8_t out[64];
    uint8_t out2[64];
    (void)state;

    memset(pers, 0x33, sizeof pers);
    /* not seeded */
    memset(&drbg, 0, sizeof drbg);
    memset(out, 0xaa, sizeof out);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_true(tu_all_zero(out, sizeof out));
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, NULL, 0), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_int_equal(PROVIDER_FN(drbg_generate)(NULL, out, sizeof out), MDSEC_ERR_INVALID_ARG);
    /* argument limits of seed; a failed seed leaves the DRBG unseeded */
    assert_int_equal(PROVIDER_FN(drbg_seed)(&drbg, NULL, 1), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_seed)(&drbg, pers, 256u - MDSEC_DRBG_SEED_LEN + 1u),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, 1), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_int_equal(PROVIDER_FN(drbg_seed)(&drbg, pers, 256u - MDSEC_DRBG_SEED_LEN), MDSEC_OK);
    /* request limits */
    memset(g_big, 0xaa, 1025);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, g_big, 1025), MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(g_big, 1025));
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, g_big, 1024), MDSEC_OK);
    assert_false(tu_all_zero(g_big, 1024));
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, NULL, 0), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, NULL, 1), MDSEC_ERR_INVALID_ARG);
    /* two requests give different bytes, before and after a reseed */
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out2, sizeof out2), MDSEC_OK);
    assert_memory_not_equal(out, out2, sizeof out);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, (const uint8_t *)"more", 4), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_OK);
    assert_memory_not_equal(out, out2, sizeof out);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, NULL, 4), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, pers, 256u - MDSEC_DRBG_SEED_LEN + 1u),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(NULL, NULL, 0), MDSEC_ERR_INVALID_ARG);
    /* wipe */
    PROVIDER_FN(drbg_wipe)(&drbg);
    assert_true(tu_all_zero((const uint8_t *)&drbg, sizeof drbg));
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, 1), MDSEC_ERR_DRBG_NOT_SEEDED);
    PROVIDER_FN(drbg_wipe)(NULL);
}
#else
static void drbg_error_paths(void **state)
{
    mdsec_drbg_t drbg;
    mdsec_drbg_t other;
    uint8_t entropy[300];
    uint8_t out[64];
    uint8_t out2[64];
    (void)state;

    memset(entropy, 0x33, sizeof entropy);
    /* not seeded */
    memset(&drbg, 0, sizeof drbg);
    memset(out, 0xaa, sizeof out);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_true(tu_all_zero(out, sizeof out));
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, NULL, 0), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_int_equal(PROVIDER_FN(drbg_generate)(NULL, out, sizeof out), MDSEC_ERR_INVALID_ARG);
    /* argument limits of instantiate */
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 31, NULL, 0, NULL, 0),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, NULL, 32, NULL, 0, NULL, 0),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 32, NULL, 16, NULL, 0),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 32, NULL, 0, NULL, 1),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 200, entropy, 40, entropy, 17),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 257, NULL, 0, NULL, 0),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(NULL, entropy, 32, NULL, 0, NULL, 0),
                     MDSEC_ERR_INVALID_ARG);
    /* a failed instantiate leaves the DRBG unseeded */
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, 1), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 200, entropy, 40, entropy, 16),
                     MDSEC_OK);
    /* request limits */
    memset(g_big, 0xaa, 1025);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, g_big, 1025), MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(g_big, 1025));
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, g_big, 1024), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, NULL, 0), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, NULL, 1), MDSEC_ERR_INVALID_ARG);
    /* the same inputs give the same stream; reseeding changes it */
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&other, entropy, 32, NULL, 0, NULL, 0),
                     MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_instantiate)(&drbg, entropy, 32, NULL, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&other, out2, sizeof out2), MDSEC_OK);
    assert_memory_equal(out, out2, sizeof out);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, (const uint8_t *)"more", 4), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, sizeof out), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&other, out2, sizeof out2), MDSEC_OK);
    assert_memory_not_equal(out, out2, sizeof out);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, NULL, 4), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&drbg, entropy, 256u - MDSEC_DRBG_SEED_LEN + 1u),
                     MDSEC_ERR_INVALID_ARG);
    /* wipe */
    PROVIDER_FN(drbg_wipe)(&drbg);
    assert_true(tu_all_zero((const uint8_t *)&drbg, sizeof drbg));
    assert_int_equal(PROVIDER_FN(drbg_generate)(&drbg, out, 1), MDSEC_ERR_DRBG_NOT_SEEDED);
    PROVIDER_FN(drbg_wipe)(NULL);
    PROVIDER_FN(drbg_wipe)(&other);
}
#endif

static void drbg_seed_from_port_entropy(void **state)
{
    mdsec_drbg_t a;
    mdsec_drbg_t b;
    uint8_t out_a[32];
    uint8_t out_b[32];
    (void)state;

    /* Port entropy may be a fixed pattern on test boards, so only the
     * personalisation is relied on to tell the two apart. */
    assert_int_equal(PROVIDER_FN(drbg_seed)(&a, (const uint8_t *)"device A", 8), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_seed)(&b, (const uint8_t *)"device B", 8), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&a, out_a, sizeof out_a), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&b, out_b, sizeof out_b), MDSEC_OK);
    assert_memory_not_equal(out_a, out_b, sizeof out_a);
    assert_false(tu_all_zero(out_a, sizeof out_a));
    assert_int_equal(PROVIDER_FN(drbg_reseed)(&a, NULL, 0), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&a, out_a, sizeof out_a), MDSEC_OK);
    assert_int_equal(PROVIDER_FN(drbg_seed)(&a, NULL, 5), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_generate)(&a, out_a, 1), MDSEC_ERR_DRBG_NOT_SEEDED);
    assert_int_equal(PROVIDER_FN(drbg_seed)(NULL, NULL, 0), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(PROVIDER_FN(drbg_seed)(&a, NULL, 0), MDSEC_OK);
    PROVIDER_FN(drbg_wipe)(&a);
    PROVIDER_FN(drbg_wipe)(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(provider_name_is_right),
        cmocka_unit_test(sha256_shavs_short_and_long),
        cmocka_unit_test(sha384_shavs_short_and_long),
        cmocka_unit_test(hash_streaming_split_at_every_offset),
        cmocka_unit_test(hash_error_paths),
        cmocka_unit_test(hmac_sha256_rfc4231_cases_1_to_7),
        cmocka_unit_test(hmac_error_paths),
        cmocka_unit_test(hkdf_sha256_rfc5869_a1_to_a3),
        cmocka_unit_test(hkdf_error_paths),
        cmocka_unit_test(aead_rfc8439_2_8_2_and_a5),
        cmocka_unit_test(aead_rejects_tampering_and_zeroes_plaintext),
        cmocka_unit_test(aead_error_paths_and_empty_messages),
        cmocka_unit_test(aead_long_messages),
        cmocka_unit_test(ecdsa_cavp_sigver_p256_p384_raw_and_der),
        cmocka_unit_test(ecdsa_rfc6979_signatures_verify),
        cmocka_unit_test(ecdsa_wycheproof_subset),
        cmocka_unit_test(ecdsa_der_must_be_strict),
        cmocka_unit_test(ecdsa_verify_error_paths),
        cmocka_unit_test(ecdsa_p256_sign_rfc6979_and_round_trip),
        cmocka_unit_test(ecdsa_nonce_never_repeats_after_fork),
        cmocka_unit_test(ecdsa_sign_error_paths),
        cmocka_unit_test(ecdsa_sign_p384_and_p256_rfc6979),
        cmocka_unit_test(ecdsa_sign_p384_error_paths),
        cmocka_unit_test(ec_pubkey_from_priv_rfc6979_and_cavp_keypair),
        cmocka_unit_test(ec_pubkey_error_paths),
        cmocka_unit_test(ec_keygen_gives_consistent_pairs),
        cmocka_unit_test(rsa_pss_wycheproof_subset),
        cmocka_unit_test(rsa_pss_error_paths),
        cmocka_unit_test(rsa_pss_salt_lengths_are_enforced),
        cmocka_unit_test(rsa_pss_sign_round_trips),
#if !PROVIDER_IS_BEARSSL
        cmocka_unit_test(rsa_pss_sign_error_paths),
#endif
        cmocka_unit_test(drbg_known_answers),
        cmocka_unit_test(drbg_error_paths),
        cmocka_unit_test(drbg_seed_from_port_entropy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
