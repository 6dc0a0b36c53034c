/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Ed25519 and SHA-512 through libsodium (src/crypto/sodium.c, the
 * mdsec_crypto_ed25519_* and mdsec_crypto_sha512* names of crypto.h):
 * RFC 8032 section 7.1 (all five tests: verification, and where signing is
 * built in the public key and the exact signature), the whole of
 * Wycheproof's ed25519_test.json, the status of each kind of refusal, and the
 * argument and state rules. Portable: run on the host and on Cortex-M4 under
 * QEMU, where the library carries libsodium's verification subset only
 * (MDSEC_SODIUM_VERIFY_ONLY: signing answers MDSEC_ERR_NOT_SUPPORTED). In a
 * build without Ed25519 (MDSEC_ED25519=none) every operation must answer
 * MDSEC_ERR_NOT_SUPPORTED and leave its outputs untouched.
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
#include "rfc8032_ed25519.h"
#include "wycheproof_ed25519.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(MDSEC_ED25519_SODIUM) && !defined(MDSEC_SODIUM_VERIFY_ONLY)
#define CAN_SIGN 1
#else
#define CAN_SIGN 0
#endif

static uint8_t buf[2048];
static const char abc_text[] = "abc";

/* SHA-512("abc"): RFC 8032's TEST SHA(abc) signs exactly this digest. */
static const mdsec_tv_ed25519_t *sha_abc(void)
{
    const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[4];
    assert_string_equal(t->name, "TEST SHA(abc)");
    assert_int_equal(t->msg_len, 64);
    return t;
}

#if MDSEC_CRYPTO_HAS_ED25519

/* ---- RFC 8032 section 7.1 ---------------------------------------------------- */

static void rfc8032_verify(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < ARRAY_LEN(tv_rfc8032_ed25519); i++) {
        const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[i];
        CHECK_VECTOR(mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, t->sig) == MDSEC_OK,
                     t->name, i);
    }
}

static void rfc8032_keys_and_signatures(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < ARRAY_LEN(tv_rfc8032_ed25519); i++) {
        const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[i];
        uint8_t pub[MDSEC_ED25519_PUB_LEN], sig[MDSEC_ED25519_SIG_LEN];
        memset(pub, 0xA5, sizeof pub);
        memset(sig, 0xA5, sizeof sig);
        if (CAN_SIGN) {
            CHECK_VECTOR(mdsec_crypto_ed25519_pubkey_from_seed(t->seed, pub) == MDSEC_OK, t->name,
                         i);
            CHECK_VECTOR(memcmp(pub, t->pub, sizeof pub) == 0, t->name, i);
            CHECK_VECTOR(mdsec_crypto_ed25519_sign(t->seed, t->msg, t->msg_len, sig) == MDSEC_OK,
                         t->name, i);
            CHECK_VECTOR(memcmp(sig, t->sig, sizeof sig) == 0, t->name, i);
        } else {
            /* Verification only (Cortex-M): signing is absent and touches nothing. */
            CHECK_VECTOR(mdsec_crypto_ed25519_pubkey_from_seed(t->seed, pub) ==
                             MDSEC_ERR_NOT_SUPPORTED,
                         t->name, i);
            CHECK_VECTOR(mdsec_crypto_ed25519_sign(t->seed, t->msg, t->msg_len, sig) ==
                             MDSEC_ERR_NOT_SUPPORTED,
                         t->name, i);
            CHECK_VECTOR(tu_all_byte(pub, sizeof pub, 0xA5) && tu_all_byte(sig, sizeof sig, 0xA5),
                         t->name, i);
        }
    }
}

/* Every bit of TEST 1..3's signature, message and key, flipped: never valid. */
static void rfc8032_every_flipped_bit_is_refused(void **state)
{
    uint8_t sig[MDSEC_ED25519_SIG_LEN], pub[MDSEC_ED25519_PUB_LEN], msg[2];
    size_t i, bit, tried = 0;
    (void)state;
    for (i = 0; i < 3; i++) {
        const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[i];
        for (bit = 0; bit < 8u * sizeof sig; bit++) {
            mdsec_status_t st;
            memcpy(sig, t->sig, sizeof sig);
            sig[bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
            st = mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, sig);
            CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID || st == MDSEC_ERR_SIGNATURE_MALFORMED,
                         t->name, bit);
            tried++;
        }
        for (bit = 0; bit < 8u * sizeof pub; bit++) {
            mdsec_status_t st;
            memcpy(pub, t->pub, sizeof pub);
            pub[bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
            st = mdsec_crypto_ed25519_verify(pub, t->msg, t->msg_len, t->sig);
            CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID || st == MDSEC_ERR_KEY_INVALID, t->name,
                         bit);
            tried++;
        }
        for (bit = 0; bit < 8u * t->msg_len; bit++) {
            memcpy(msg, t->msg, t->msg_len);
            msg[bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
            CHECK_VECTOR(mdsec_crypto_ed25519_verify(t->pub, msg, t->msg_len, t->sig) ==
                             MDSEC_ERR_SIGNATURE_INVALID,
                         t->name, bit);
            tried++;
        }
    }
    assert_int_equal(tried, 3 * (512 + 256) + 8 + 16);
    /* Another test's key, and a message one byte longer or shorter. */
    assert_int_equal(mdsec_crypto_ed25519_verify(tv_rfc8032_ed25519[1].pub,
                                                 tv_rfc8032_ed25519[0].msg, 0,
                                                 tv_rfc8032_ed25519[0].sig),
                     MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(mdsec_crypto_ed25519_verify(tv_rfc8032_ed25519[2].pub,
                                                 tv_rfc8032_ed25519[2].msg, 1,
                                                 tv_rfc8032_ed25519[2].sig),
                     MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(mdsec_crypto_ed25519_verify(tv_rfc8032_ed25519[1].pub,
                                                 tv_rfc8032_ed25519[2].msg, 2,
                                                 tv_rfc8032_ed25519[1].sig),
                     MDSEC_ERR_SIGNATURE_INVALID);
}

/* ---- Wycheproof ---------------------------------------------------------------- */

static void wycheproof_all_vectors(void **state)
{
    size_t i, valid = 0, invalid = 0, wrong_length = 0, malleable = 0;
    (void)state;
    for (i = 0; i < ARRAY_LEN(tv_wp_ed25519); i++) {
        const mdsec_tv_ed25519_t *t = &tv_wp_ed25519[i];
        mdsec_status_t st;
        if (t->sig_len != MDSEC_ED25519_SIG_LEN) {
            /* The operation takes exactly 64 bytes: a signature of another
             * length cannot even be passed (the image verifier refuses its
             * TLV length first). Every such vector must be an invalid one. */
            CHECK_VECTOR(t->result == 0u, t->name, i);
            wrong_length++;
            continue;
        }
        st = mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, t->sig);
        if (t->result == 1u) {
            CHECK_VECTOR(st == MDSEC_OK, t->name, i);
            valid++;
        } else if ((t->flags & TV_WP_ED25519_SIGNATURE_MALLEABILITY) != 0u) {
            /* S + k*L: S is not below the group order. */
            CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_MALFORMED, t->name, i);
            malleable++;
        } else {
            CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID || st == MDSEC_ERR_SIGNATURE_MALFORMED,
                         t->name, i);
            invalid++;
        }
    }
    assert_int_equal(ARRAY_LEN(tv_wp_ed25519), 151);
    assert_int_equal(valid, 88);
    assert_int_equal(wrong_length, 12);
    assert_int_equal(malleable, 8);
    assert_int_equal(invalid, 151 - 88 - 12 - 8);
}

/* ---- statuses of each kind of refusal ---------------------------------------- */

static void refusal_statuses(void **state)
{
    const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[0];
    /* L, the group order, little endian (RFC 8032 section 5.1). */
    static const uint8_t order[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                      0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
    uint8_t sig[MDSEC_ED25519_SIG_LEN], pub[MDSEC_ED25519_PUB_LEN];
    (void)state;
    /* Small-order keys: the neutral element (0, 1), the point of order 2 (0, -1),
     * y = 0 (order 4); a non-canonical one (y = p); the all-zero string. */
    memset(pub, 0, sizeof pub);
    pub[0] = 0x01;
    assert_int_equal(mdsec_crypto_ed25519_verify(pub, t->msg, t->msg_len, t->sig),
                     MDSEC_ERR_KEY_INVALID);
    memset(pub, 0xFF, sizeof pub);
    pub[0] = 0xEC; /* y = p - 1 */
    pub[31] = 0x7F;
    assert_int_equal(mdsec_crypto_ed25519_verify(pub, t->msg, t->msg_len, t->sig),
                     MDSEC_ERR_KEY_INVALID);
    pub[0] = 0xED; /* y = p: not a canonical encoding */
    assert_int_equal(mdsec_crypto_ed25519_verify(pub, t->msg, t->msg_len, t->sig),
                     MDSEC_ERR_KEY_INVALID);
    memset(pub, 0, sizeof pub);
    assert_int_equal(mdsec_crypto_ed25519_verify(pub, t->msg, t->msg_len, t->sig),
                     MDSEC_ERR_KEY_INVALID);
    /* S = L and S = S + L: not below the order. */
    memcpy(sig, t->sig, sizeof sig);
    memcpy(sig + 32, order, 32);
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, sig),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    memset(sig + 32, 0xFF, 32);
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, sig),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* R of small order (the neutral element), and R not a point encoding (y = p). */
    memcpy(sig, t->sig, sizeof sig);
    memset(sig, 0, 32);
    sig[0] = 0x01;
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, sig),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    memset(sig, 0xFF, 32);
    sig[0] = 0xED;
    sig[31] = 0x7F;
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, sig),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    /* A well-formed signature of another message: invalid, not malformed. */
    assert_int_equal(
        mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, tv_rfc8032_ed25519[1].sig),
        MDSEC_ERR_SIGNATURE_INVALID);
}

static void verify_arguments(void **state)
{
    const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[0];
    (void)state;
    /* TEST 1 has the empty message: NULL with length 0 is that message. */
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, NULL, 0, t->sig), MDSEC_OK);
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, NULL, 1, t->sig), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_crypto_ed25519_verify(NULL, buf, 0, t->sig), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, buf, 0, NULL), MDSEC_ERR_INVALID_ARG);
    if (CAN_SIGN) {
        uint8_t sig[MDSEC_ED25519_SIG_LEN], pub[MDSEC_ED25519_PUB_LEN];
        memset(sig, 0xA5, sizeof sig);
        assert_int_equal(mdsec_crypto_ed25519_sign(t->seed, NULL, 1, sig), MDSEC_ERR_INVALID_ARG);
        assert_true(tu_all_zero(sig, sizeof sig)); /* zeroed on failure */
        memset(sig, 0xA5, sizeof sig);
        assert_int_equal(mdsec_crypto_ed25519_sign(NULL, buf, 0, sig), MDSEC_ERR_INVALID_ARG);
        assert_true(tu_all_zero(sig, sizeof sig));
        assert_int_equal(mdsec_crypto_ed25519_sign(t->seed, buf, 0, NULL), MDSEC_ERR_INVALID_ARG);
        memset(pub, 0xA5, sizeof pub);
        assert_int_equal(mdsec_crypto_ed25519_pubkey_from_seed(NULL, pub), MDSEC_ERR_INVALID_ARG);
        assert_true(tu_all_zero(pub, sizeof pub));
        assert_int_equal(mdsec_crypto_ed25519_pubkey_from_seed(t->seed, NULL),
                         MDSEC_ERR_INVALID_ARG);
        /* NULL with length 0 signs the empty message: TEST 1 again. */
        assert_int_equal(mdsec_crypto_ed25519_sign(t->seed, NULL, 0, sig), MDSEC_OK);
        assert_memory_equal(sig, t->sig, sizeof sig);
    }
}

/* ---- SHA-512 ------------------------------------------------------------------------ */

static void sha512_known_answer_and_streaming(void **state)
{
    const mdsec_tv_ed25519_t *abc = sha_abc();
    mdsec_hash_ctx_t ctx;
    uint8_t md[MDSEC_SHA512_LEN + 1];
    size_t i;
    (void)state;
    memset(md, 0xA5, sizeof md);
    assert_int_equal(mdsec_crypto_sha512(abc_text, 3, md, MDSEC_SHA512_LEN), MDSEC_OK);
    assert_memory_equal(md, abc->msg, MDSEC_SHA512_LEN);
    assert_int_equal(md[MDSEC_SHA512_LEN], 0xA5); /* nothing written past 64 bytes */
    /* The same one byte at a time, and with empty updates between. */
    assert_int_equal(mdsec_crypto_sha512_init(&ctx), MDSEC_OK);
    assert_int_equal(ctx.alg, MDSEC_HASH_SHA512);
    for (i = 0; i < 3; i++) {
        assert_int_equal(mdsec_crypto_sha512_update(&ctx, &abc_text[i], 1), MDSEC_OK);
        assert_int_equal(mdsec_crypto_sha512_update(&ctx, NULL, 0), MDSEC_OK);
    }
    memset(md, 0, sizeof md);
    assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, sizeof md), MDSEC_OK);
    assert_memory_equal(md, abc->msg, MDSEC_SHA512_LEN);
    /* final wiped the context: it is no longer usable. */
    assert_true(tu_all_zero((const uint8_t *)&ctx, sizeof ctx));
    assert_int_equal(mdsec_crypto_sha512_update(&ctx, "a", 1), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    assert_true(tu_all_zero(md, sizeof md));
    /* A 1023-byte message in chunks agrees with the one-shot digest. */
    {
        const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[3];
        uint8_t one[MDSEC_SHA512_LEN];
        size_t off;
        assert_int_equal(mdsec_crypto_sha512(t->msg, t->msg_len, one, sizeof one), MDSEC_OK);
        assert_int_equal(mdsec_crypto_sha512_init(&ctx), MDSEC_OK);
        for (off = 0; off < t->msg_len; off += 129) {
            size_t n = (t->msg_len - off < 129) ? t->msg_len - off : 129;
            assert_int_equal(mdsec_crypto_sha512_update(&ctx, t->msg + off, n), MDSEC_OK);
        }
        assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, MDSEC_SHA512_LEN), MDSEC_OK);
        assert_memory_equal(md, one, sizeof one);
    }
}

static void sha512_error_paths(void **state)
{
    mdsec_hash_ctx_t ctx;
    uint8_t md[MDSEC_SHA512_LEN];
    (void)state;
    /* An output too small: refused and zeroed, the context wiped. */
    assert_int_equal(mdsec_crypto_sha512_init(&ctx), MDSEC_OK);
    memset(md, 0xA5, sizeof md);
    assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, MDSEC_SHA512_LEN - 1),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(md, MDSEC_SHA512_LEN - 1));
    assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    /* Lost data: the stream is wiped and gives no digest. */
    assert_int_equal(mdsec_crypto_sha512_init(&ctx), MDSEC_OK);
    assert_int_equal(mdsec_crypto_sha512_update(&ctx, NULL, 5), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, sizeof md), MDSEC_ERR_NOT_INITIALISED);
    /* A provider hash context is not a SHA-512 one, and the reverse. */
    assert_int_equal(mdsec_crypto_hash_init(&ctx, MDSEC_HASH_SHA256), MDSEC_OK);
    assert_int_equal(mdsec_crypto_sha512_update(&ctx, "a", 1), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_crypto_hash_final(&ctx, md, sizeof md), MDSEC_OK);
    assert_int_equal(mdsec_crypto_sha512_init(NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_crypto_sha512_update(NULL, "a", 1), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_crypto_sha512_final(NULL, md, sizeof md), MDSEC_ERR_INVALID_ARG);
    memset(md, 0xA5, sizeof md);
    assert_int_equal(mdsec_crypto_sha512(NULL, 1, md, sizeof md), MDSEC_ERR_INVALID_ARG);
    assert_true(tu_all_zero(md, sizeof md));
    assert_int_equal(mdsec_crypto_sha512("abc", 3, NULL, 64), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_crypto_sha512("abc", 3, md, 63), MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(md, 63));
}

#else /* !MDSEC_CRYPTO_HAS_ED25519 */

/* Without Ed25519 every operation is absent, and touches no output. */
static void absent_operations_touch_nothing(void **state)
{
    const mdsec_tv_ed25519_t *t = &tv_rfc8032_ed25519[0];
    mdsec_hash_ctx_t ctx;
    uint8_t md[MDSEC_SHA512_LEN], pub[MDSEC_ED25519_PUB_LEN], sig[MDSEC_ED25519_SIG_LEN];
    (void)state;
    (void)sha_abc;
    memset(&ctx, 0xA5, sizeof ctx);
    memset(md, 0xA5, sizeof md);
    memset(pub, 0xA5, sizeof pub);
    memset(sig, 0xA5, sizeof sig);
    assert_int_equal(mdsec_crypto_ed25519_verify(t->pub, t->msg, t->msg_len, t->sig),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_crypto_ed25519_pubkey_from_seed(t->seed, pub), MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_crypto_ed25519_sign(t->seed, t->msg, t->msg_len, sig),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_crypto_sha512_init(&ctx), MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_crypto_sha512_update(&ctx, "abc", 3), MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_crypto_sha512_final(&ctx, md, sizeof md), MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_crypto_sha512("abc", 3, md, sizeof md), MDSEC_ERR_NOT_SUPPORTED);
    assert_true(tu_all_byte((const uint8_t *)&ctx, sizeof ctx, 0xA5));
    assert_true(tu_all_byte(md, sizeof md, 0xA5));
    assert_true(tu_all_byte(pub, sizeof pub, 0xA5));
    assert_true(tu_all_byte(sig, sizeof sig, 0xA5));
    (void)buf;
    (void)abc_text;
}

#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
#if MDSEC_CRYPTO_HAS_ED25519
        cmocka_unit_test(rfc8032_verify),
        cmocka_unit_test(rfc8032_keys_and_signatures),
        cmocka_unit_test(rfc8032_every_flipped_bit_is_refused),
        cmocka_unit_test(wycheproof_all_vectors),
        cmocka_unit_test(refusal_statuses),
        cmocka_unit_test(verify_arguments),
        cmocka_unit_test(sha512_known_answer_and_streaming),
        cmocka_unit_test(sha512_error_paths),
#else
        cmocka_unit_test(absent_operations_touch_nothing),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
