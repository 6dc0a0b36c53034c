/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Keystore tests that run on every port (host and Cortex-M4 under QEMU):
 * attribute rules, policy refusal for every usage flag and algorithm with
 * zeroed outputs and events, known answers through the keystore (RFC 4231,
 * RFC 5869, RFC 8439, RFC 6979) checked against the published values and
 * the provider, the RAM and flash backends, persistence, rotation,
 * write-once keys, compaction, and every byte of a stored record flipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "keystore/ks_internal.h"
#include "event_capture.h"
#include "mdsec/event.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"
#include "rfc4231_hmac_sha256.h"
#include "rfc5869_hkdf_sha256.h"
#include "rfc6979_ecdsa.h"
#include "rfc8439_chacha20_poly1305.h"

static mdsec_ks_ctx_t ks;
static uint8_t sector_copy[8192];

static mdsec_ks_attributes_t mk(uint16_t type, uint16_t bits, uint32_t usage, uint32_t alg,
                                int persistent)
{
    mdsec_ks_attributes_t a;
    memset(&a, 0, sizeof a);
    a.type = type;
    a.bits = bits;
    a.usage = usage;
    a.alg = alg;
    a.lifetime = persistent ? MDSEC_KS_LIFETIME_PERSISTENT : MDSEC_KS_LIFETIME_VOLATILE;
    a.location = persistent ? MDSEC_KS_LOCATION_FLASH : MDSEC_KS_LOCATION_RAM;
    return a;
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0u;
}

static void reopen(void)
{
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
}

/* Erase the keystore region: the counter cannot go back, so the first
 * open reports the wiped store as rolled back, the second is clean. */
static void fresh_store(void)
{
    mdsec_port_storage_info_t info;
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, info.size), MDSEC_OK);
    const mdsec_status_t st = mdsec_ks_init(&ks, NULL);
    assert_true(st == MDSEC_OK || st == MDSEC_ERR_KS_ROLLBACK);
    reopen();
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    mdsec_event_set_sink(evcap_sink, NULL);
    fresh_store();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mdsec_ks_deinit(&ks);
    mdsec_event_set_sink(NULL, NULL);
    return 0;
}

/* ---- attributes ---- */

static void attributes_are_checked(void **state)
{
    static const uint8_t k32[32] = {1, 2, 3};
    mdsec_ks_attributes_t a;
    (void)state;
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 0, &a, k32, 32), MDSEC_ERR_INVALID_ARG);
    a.alg = MDSEC_KS_ALG_CHACHA20_POLY1305; /* wrong algorithm for the type */
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 32), MDSEC_ERR_KS_ATTRIBUTES);
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_SIGN, MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 32), MDSEC_ERR_KS_ATTRIBUTES);
    a = mk(MDSEC_KS_TYPE_HMAC, 256, 0x100u, MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 32), MDSEC_ERR_KS_ATTRIBUTES);
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, 0);
    a.location = MDSEC_KS_LOCATION_FLASH; /* volatile key on flash */
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 32), MDSEC_ERR_KS_ATTRIBUTES);
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, 0);
    a.flags = MDSEC_KS_FLAG_WRITE_ONCE; /* write-once is for persistent keys */
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 32), MDSEC_ERR_KS_ATTRIBUTES);
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 31), MDSEC_ERR_KEY_INVALID);
    a = mk(MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, 128, MDSEC_KS_USAGE_ENCRYPT,
           MDSEC_KS_ALG_CHACHA20_POLY1305, 0);
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 16), MDSEC_ERR_KS_ATTRIBUTES);
    a = mk(MDSEC_KS_TYPE_RSA_PUBLIC, 2048, MDSEC_KS_USAGE_VERIFY, MDSEC_KS_ALG_RSA_PSS_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, k32, 32), MDSEC_ERR_NOT_SUPPORTED);
    a = mk(MDSEC_KS_TYPE_ECC_P256_PAIR, 256, MDSEC_KS_USAGE_SIGN, MDSEC_KS_ALG_ECDSA_P256_SHA256,
           0);
    uint8_t zero[32];
    memset(zero, 0, sizeof zero);
    assert_int_equal(mdsec_ks_import(&ks, 1, &a, zero, 32), MDSEC_ERR_KEY_INVALID);
    a = mk(MDSEC_KS_TYPE_ECC_P256_PUBLIC, 256, MDSEC_KS_USAGE_VERIFY,
           MDSEC_KS_ALG_ECDSA_P256_SHA256, 0);
    assert_int_equal(mdsec_ks_generate(&ks, 1, &a), MDSEC_ERR_KS_ATTRIBUTES);
    mdsec_ks_attributes_t got;
    memset(&got, 0xAA, sizeof got);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 1, &got), MDSEC_ERR_KS_NOT_FOUND);
    assert_true(all_zero((const uint8_t *)&got, sizeof got));
}

/* ---- policy ---- */

static void policy_refuses_each_usage_and_algorithm(void **state)
{
    static const uint8_t nonce[12] = {0};
    uint8_t hash[32];
    uint8_t buf[128];
    uint8_t tag[16];
    uint8_t pt[16] = {1, 2, 3, 4};
    size_t len = 99;
    mdsec_ks_attributes_t a;
    (void)state;
    memset(hash, 0x5A, sizeof hash);

    /* P-256 pair that may only verify. */
    a = mk(MDSEC_KS_TYPE_ECC_P256_PAIR, 256, MDSEC_KS_USAGE_VERIFY, MDSEC_KS_ALG_ECDSA_P256_SHA256,
           0);
    assert_int_equal(mdsec_ks_import(&ks, 10, &a, tv_rfc6979_p256_x, 32), MDSEC_OK);
    evcap_reset();
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 10, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32, buf,
                                          sizeof buf, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(buf, sizeof buf));
    assert_int_equal(len, 0);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 10, MDSEC_ERR_KS_POLICY));
    assert_int_equal(evcap_events[0].outcome, MDSEC_OUTCOME_MINOR);
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(mdsec_ks_export_public(&ks, 10, buf, sizeof buf, &len), MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(buf, sizeof buf));
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(mdsec_ks_export(&ks, 10, buf, sizeof buf, &len), MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_true(all_zero(buf, sizeof buf));
    assert_int_equal(len, 0);
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 10, MDSEC_ERR_KS_NOT_EXPORTABLE));

    /* P-256 pair that may only sign: verify refused; wrong algorithm refused. */
    a = mk(MDSEC_KS_TYPE_ECC_P256_PAIR, 256, MDSEC_KS_USAGE_SIGN, MDSEC_KS_ALG_ECDSA_P256_SHA256,
           0);
    assert_int_equal(mdsec_ks_import(&ks, 11, &a, tv_rfc6979_p256_x, 32), MDSEC_OK);
    memset(buf, 0, sizeof buf);
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 11, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32, buf, 64),
        MDSEC_ERR_KS_POLICY);
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 11, MDSEC_KS_ALG_ECDSA_P384_SHA384, hash, 32, buf,
                                          sizeof buf, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(buf, sizeof buf));
    assert_int_equal(
        mdsec_ks_sign_digest(&ks, 11, MDSEC_KS_ALG_NONE, hash, 32, buf, sizeof buf, &len),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 11, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32, buf,
                                          sizeof buf, &len),
                     MDSEC_OK);

    /* HMAC key that may only be exported: MAC refused; MAC on other types refused. */
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_EXPORT, MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 12, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(
        mdsec_ks_mac_compute(&ks, 12, MDSEC_KS_ALG_HMAC_SHA256, "x", 1, buf, sizeof buf),
        MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(buf, sizeof buf));
    assert_int_equal(mdsec_ks_mac_verify(&ks, 12, MDSEC_KS_ALG_HMAC_SHA256, "x", 1, buf, 32),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_export(&ks, 12, buf, sizeof buf, &len), MDSEC_OK);
    assert_int_equal(len, 32);
    assert_memory_equal(buf, tv_rfc8439_282_key, 32);
    assert_int_equal(mdsec_ks_export(&ks, 12, buf, 31, &len), MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);

    /* AEAD keys: encrypt-only cannot open, decrypt-only cannot seal. */
    a = mk(MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, 256, MDSEC_KS_USAGE_ENCRYPT,
           MDSEC_KS_ALG_CHACHA20_POLY1305, 0);
    assert_int_equal(mdsec_ks_import(&ks, 13, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    a.usage = MDSEC_KS_USAGE_DECRYPT;
    assert_int_equal(mdsec_ks_import(&ks, 14, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    memset(buf, 0xAA, sizeof buf);
    memset(tag, 0xAA, sizeof tag);
    assert_int_equal(mdsec_ks_aead_seal(&ks, 14, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL, 0, pt,
                                        sizeof pt, buf, tag),
                     MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(buf, sizeof pt));
    assert_true(all_zero(tag, sizeof tag));
    assert_int_equal(mdsec_ks_aead_seal(&ks, 13, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL, 0, pt,
                                        sizeof pt, buf, tag),
                     MDSEC_OK);
    memset(pt, 0xAA, sizeof pt);
    assert_int_equal(mdsec_ks_aead_open(&ks, 13, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL, 0,
                                        buf, sizeof pt, tag, pt),
                     MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(pt, sizeof pt));
    assert_int_equal(mdsec_ks_aead_open(&ks, 14, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL, 0,
                                        buf, sizeof pt, tag, pt),
                     MDSEC_OK);
    assert_int_equal(pt[0], 1);
    assert_int_equal(mdsec_ks_mac_compute(&ks, 13, MDSEC_KS_ALG_HMAC_SHA256, "x", 1, buf, 32),
                     MDSEC_ERR_KS_POLICY);

    /* Derive keys: no DERIVE flag refused; derive to bytes needs EXPORT too. */
    a = mk(MDSEC_KS_TYPE_DERIVE, 256, MDSEC_KS_USAGE_EXPORT, MDSEC_KS_ALG_HKDF_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 15, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    a.usage = MDSEC_KS_USAGE_DERIVE;
    assert_int_equal(mdsec_ks_import(&ks, 16, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    mdsec_ks_attributes_t na =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(
        mdsec_ks_derive_key(&ks, 15, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, NULL, 0, 17, &na),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 17, &a), MDSEC_ERR_KS_NOT_FOUND);
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(
        mdsec_ks_derive_bytes(&ks, 15, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, NULL, 0, buf, 32),
        MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(buf, 32));
    memset(buf, 0xAA, sizeof buf);
    evcap_reset();
    assert_int_equal(
        mdsec_ks_derive_bytes(&ks, 16, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, NULL, 0, buf, 32),
        MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_true(all_zero(buf, 32));
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 16, MDSEC_ERR_KS_NOT_EXPORTABLE));
    assert_int_equal(
        mdsec_ks_derive_key(&ks, 16, MDSEC_KS_ALG_HMAC_SHA256, NULL, 0, NULL, 0, 17, &na),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(
        mdsec_ks_derive_key(&ks, 16, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, NULL, 0, 17, &na),
        MDSEC_OK);

    for (uint32_t id = 10; id <= 17; id++) {
        assert_int_equal(mdsec_ks_destroy(&ks, id), MDSEC_OK);
    }
}

/* ---- known answers through the keystore ---- */

static void known_answers_ram_and_flash(void **state)
{
    uint8_t buf[128];
    uint8_t tag[16];
    uint8_t hash[48];
    size_t len = 0;
    (void)state;
    for (int p = 0; p < 2; p++) {
        const uint32_t base = p ? 200u : 100u;
        mdsec_ks_attributes_t a;
        /* RFC 4231 test case 1. */
        a = mk(MDSEC_KS_TYPE_HMAC, 160, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, p);
        assert_int_equal(mdsec_ks_import(&ks, base + 1, &a, tv_rfc4231_k1, 20), MDSEC_OK);
        assert_int_equal(mdsec_ks_mac_compute(&ks, base + 1, MDSEC_KS_ALG_HMAC_SHA256,
                                              tv_rfc4231_d1, 8, buf, sizeof buf),
                         MDSEC_OK);
        assert_memory_equal(buf, tv_rfc4231_m1, 32);
        assert_int_equal(mdsec_ks_mac_verify(&ks, base + 1, MDSEC_KS_ALG_HMAC_SHA256, tv_rfc4231_d1,
                                             8, tv_rfc4231_m1, 32),
                         MDSEC_OK);
        memcpy(buf, tv_rfc4231_m1, 32);
        buf[31] ^= 1u;
        assert_int_equal(
            mdsec_ks_mac_verify(&ks, base + 1, MDSEC_KS_ALG_HMAC_SHA256, tv_rfc4231_d1, 8, buf, 32),
            MDSEC_ERR_AUTH_FAILED);
        assert_int_equal(mdsec_ks_mac_verify(&ks, base + 1, MDSEC_KS_ALG_HMAC_SHA256, tv_rfc4231_d1,
                                             8, tv_rfc4231_m1, 31),
                         MDSEC_ERR_AUTH_FAILED);

        /* RFC 8439 2.8.2. */
        a = mk(MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, 256,
               MDSEC_KS_USAGE_ENCRYPT | MDSEC_KS_USAGE_DECRYPT, MDSEC_KS_ALG_CHACHA20_POLY1305, p);
        assert_int_equal(mdsec_ks_import(&ks, base + 2, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
        uint8_t ct[114];
        assert_int_equal(mdsec_ks_aead_seal(&ks, base + 2, MDSEC_KS_ALG_CHACHA20_POLY1305,
                                            tv_rfc8439_282_nonce, tv_rfc8439_282_aad, 12,
                                            tv_rfc8439_282_pt, 114, ct, tag),
                         MDSEC_OK);
        assert_memory_equal(ct, tv_rfc8439_282_ct, 114);
        assert_memory_equal(tag, tv_rfc8439_282_tag, 16);
        assert_int_equal(mdsec_ks_aead_open(&ks, base + 2, MDSEC_KS_ALG_CHACHA20_POLY1305,
                                            tv_rfc8439_282_nonce, tv_rfc8439_282_aad, 12, ct, 114,
                                            tag, ct),
                         MDSEC_OK);
        assert_memory_equal(ct, tv_rfc8439_282_pt, 114);
        memcpy(ct, tv_rfc8439_282_ct, 114);
        tag[0] ^= 1u;
        assert_int_equal(mdsec_ks_aead_open(&ks, base + 2, MDSEC_KS_ALG_CHACHA20_POLY1305,
                                            tv_rfc8439_282_nonce, tv_rfc8439_282_aad, 12, ct, 114,
                                            tag, ct),
                         MDSEC_ERR_AUTH_FAILED);
        assert_true(all_zero(ct, sizeof ct));

        /* RFC 5869 A.1 into bytes. */
        a = mk(MDSEC_KS_TYPE_DERIVE, 176, MDSEC_KS_USAGE_DERIVE | MDSEC_KS_USAGE_EXPORT,
               MDSEC_KS_ALG_HKDF_SHA256, p);
        assert_int_equal(mdsec_ks_import(&ks, base + 3, &a, tv_rfc5869_ikm1, 22), MDSEC_OK);
        assert_int_equal(mdsec_ks_derive_bytes(&ks, base + 3, MDSEC_KS_ALG_HKDF_SHA256,
                                               tv_rfc5869_salt1, 13, tv_rfc5869_info1, 10, buf, 42),
                         MDSEC_OK);
        assert_memory_equal(buf, tv_rfc5869_okm1, 42);

        /* RFC 6979 A.2.5 key: public key, and signatures the provider accepts. */
        a = mk(MDSEC_KS_TYPE_ECC_P256_PAIR, 256,
               MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC,
               MDSEC_KS_ALG_ECDSA_P256_SHA256, p);
        assert_int_equal(mdsec_ks_import(&ks, base + 4, &a, tv_rfc6979_p256_x, 32), MDSEC_OK);
        assert_int_equal(mdsec_ks_export_public(&ks, base + 4, buf, sizeof buf, &len), MDSEC_OK);
        assert_int_equal(len, 65);
        assert_memory_equal(buf, tv_rfc6979_p256_pub, 65);
        assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, "sample", 6, hash, 32), MDSEC_OK);
        assert_int_equal(mdsec_ks_sign_digest(&ks, base + 4, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                              32, buf, sizeof buf, &len),
                         MDSEC_OK);
        assert_int_equal(len, 64);
        assert_int_equal(mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, 65, hash,
                                                   32, buf, 64, MDSEC_SIG_RAW),
                         MDSEC_OK);
        if (strcmp(mdsec_crypto_provider_name(), "libtomcrypt") != 0) {
            /* BearSSL and the psa provider: RFC 6979 nonces */
            assert_memory_equal(buf, tv_rfc6979_p256_sha256_sample, 64);
        }
        assert_int_equal(mdsec_ks_verify_digest(&ks, base + 4, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                                32, tv_rfc6979_p256_sha256_sample, 64),
                         MDSEC_OK);
        assert_int_equal(mdsec_ks_sign_digest(&ks, base + 4, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                              32, buf, 63, &len),
                         MDSEC_ERR_BUFFER_TOO_SMALL);

        /* RFC 6979 P-384 public key: verify only. */
        a = mk(MDSEC_KS_TYPE_ECC_P384_PUBLIC, 384,
               MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC, MDSEC_KS_ALG_ECDSA_P384_SHA384,
               p);
        assert_int_equal(mdsec_ks_import(&ks, base + 5, &a, tv_rfc6979_p384_pub, 97), MDSEC_OK);
        assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA384, "sample", 6, hash, 48), MDSEC_OK);
        assert_int_equal(mdsec_ks_verify_digest(&ks, base + 5, MDSEC_KS_ALG_ECDSA_P384_SHA384, hash,
                                                48, tv_rfc6979_p384_sha384_sample, 96),
                         MDSEC_OK);
        memcpy(buf, tv_rfc6979_p384_sha384_sample, 96);
        buf[95] ^= 1u;
        assert_int_equal(mdsec_ks_verify_digest(&ks, base + 5, MDSEC_KS_ALG_ECDSA_P384_SHA384, hash,
                                                48, buf, 96),
                         MDSEC_ERR_SIGNATURE_INVALID);
        assert_int_equal(mdsec_ks_export_public(&ks, base + 5, buf, sizeof buf, &len), MDSEC_OK);
        assert_memory_equal(buf, tv_rfc6979_p384_pub, 97);

        if (p) {
            reopen(); /* the flash keys give the same answers after a restart */
            assert_int_equal(mdsec_ks_mac_compute(&ks, base + 1, MDSEC_KS_ALG_HMAC_SHA256,
                                                  tv_rfc4231_d1, 8, buf, sizeof buf),
                             MDSEC_OK);
            assert_memory_equal(buf, tv_rfc4231_m1, 32);
        }
        for (uint32_t id = base + 1; id <= base + 5; id++) {
            assert_int_equal(mdsec_ks_destroy(&ks, id), MDSEC_OK);
            assert_int_equal(mdsec_ks_destroy(&ks, id), MDSEC_ERR_KS_NOT_FOUND);
        }
    }
}

/* A derived key never has more rights than its base, and derive_key and
 * derive_bytes are separate HKDF domains (docs/keystore.md). */
static void derived_key_has_no_more_rights_than_base(void **state)
{
    static const uint8_t label[22] = "mdsec-ks derive-key v1"; /* no NUL: 22 bytes */
    static const uint8_t info[] = "pump-channel-1";
    uint8_t labelled[22 + sizeof info - 1u];
    uint8_t child[32], bytes[32], expect[32];
    size_t len = 0;
    mdsec_ks_attributes_t got;
    (void)state;
    memcpy(labelled, label, sizeof label);
    memcpy(labelled + sizeof label, info, sizeof info - 1u);

    /* Base without EXPORT: an exportable child is refused, nothing is created. */
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_DERIVE, 256, MDSEC_KS_USAGE_DERIVE, MDSEC_KS_ALG_HKDF_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 310, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    mdsec_ks_attributes_t na =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 0);
    evcap_reset();
    assert_int_equal(mdsec_ks_derive_key(&ks, 310, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                         sizeof info - 1u, 311, &na),
                     MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 310, MDSEC_ERR_KS_NOT_EXPORTABLE));
    assert_int_equal(mdsec_ks_get_attributes(&ks, 311, &got), MDSEC_ERR_KS_NOT_FOUND);
    /* A grandchild cannot gain EXPORT through a non-exportable derive child either. */
    na = mk(MDSEC_KS_TYPE_DERIVE, 256, MDSEC_KS_USAGE_DERIVE, MDSEC_KS_ALG_HKDF_SHA256, 0);
    assert_int_equal(mdsec_ks_derive_key(&ks, 310, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                         sizeof info - 1u, 311, &na),
                     MDSEC_OK);
    na = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
            MDSEC_KS_ALG_HMAC_SHA256, 0);
    assert_int_equal(mdsec_ks_derive_key(&ks, 311, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                         sizeof info - 1u, 314, &na),
                     MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 314, &got), MDSEC_ERR_KS_NOT_FOUND);

    /* Exportable base: the exportable child is allowed, and its bytes are not
     * what derive_bytes gives for the same salt and info. */
    a = mk(MDSEC_KS_TYPE_DERIVE, 256, MDSEC_KS_USAGE_DERIVE | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HKDF_SHA256, 0);
    assert_int_equal(mdsec_ks_import(&ks, 312, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_derive_key(&ks, 312, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                         sizeof info - 1u, 313, &na),
                     MDSEC_OK);
    assert_int_equal(mdsec_ks_export(&ks, 313, child, sizeof child, &len), MDSEC_OK);
    assert_int_equal(len, 32);
    assert_int_equal(mdsec_ks_derive_bytes(&ks, 312, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                           sizeof info - 1u, bytes, sizeof bytes),
                     MDSEC_OK);
    assert_memory_not_equal(child, bytes, 32);
    assert_int_equal(mdsec_crypto_hkdf_sha256(NULL, 0, tv_rfc8439_282_key, 32, labelled,
                                              sizeof labelled, expect, 32),
                     MDSEC_OK);
    assert_memory_equal(child, expect, 32);
    /* derive_bytes cannot reach into derive_key's domain with the label as info. */
    assert_int_equal(mdsec_ks_derive_bytes(&ks, 312, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, labelled,
                                           sizeof labelled, bytes, sizeof bytes),
                     MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(bytes, sizeof bytes));
    assert_int_equal(mdsec_ks_destroy(&ks, 310), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, 311), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, 312), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, 313), MDSEC_OK);
}

static void derived_key_matches_hkdf(void **state)
{
    /* derive_key's HKDF info: the 22-byte label, then the caller's info */
    static const uint8_t info[] = "pump-channel-1";
    static const uint8_t labelled[] = "mdsec-ks derive-key v1pump-channel-1";
    static const uint8_t nonce[12] = {9};
    uint8_t expect[32];
    uint8_t ct[20];
    uint8_t tag[16];
    uint8_t pt[20];
    (void)state;
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_DERIVE, 256, MDSEC_KS_USAGE_DERIVE, MDSEC_KS_ALG_HKDF_SHA256, 1);
    assert_int_equal(mdsec_ks_import(&ks, 300, &a, tv_rfc8439_282_key, 32), MDSEC_OK);
    mdsec_ks_attributes_t na = mk(MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, 256, MDSEC_KS_USAGE_ENCRYPT,
                                  MDSEC_KS_ALG_CHACHA20_POLY1305, 0);
    evcap_reset();
    assert_int_equal(mdsec_ks_derive_key(&ks, 300, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                         sizeof info - 1u, 301, &na),
                     MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, 300, MDSEC_OK));
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 301, MDSEC_OK));
    assert_int_equal(mdsec_crypto_hkdf_sha256(NULL, 0, tv_rfc8439_282_key, 32, labelled,
                                              sizeof labelled - 1u, expect, 32),
                     MDSEC_OK);
    memset(pt, 0x42, sizeof pt);
    assert_int_equal(mdsec_ks_aead_seal(&ks, 301, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL, 0,
                                        pt, sizeof pt, ct, tag),
                     MDSEC_OK);
    assert_int_equal(mdsec_crypto_aead_open(expect, nonce, NULL, 0, ct, sizeof ct, tag, pt),
                     MDSEC_OK);
    assert_int_equal(pt[19], 0x42);
    uint8_t out[32];
    size_t len = 0;
    assert_int_equal(mdsec_ks_export(&ks, 301, out, sizeof out, &len), MDSEC_ERR_KS_NOT_EXPORTABLE);
    /* Derived keys can live on flash too (MAC only: the base is not exportable). */
    na = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256, 1);
    assert_int_equal(mdsec_ks_derive_key(&ks, 300, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0, info,
                                         sizeof info - 1u, 302, &na),
                     MDSEC_OK);
    reopen();
    assert_int_equal(mdsec_ks_mac_compute(&ks, 302, MDSEC_KS_ALG_HMAC_SHA256, info,
                                          sizeof info - 1u, out, sizeof out),
                     MDSEC_OK);
    uint8_t mac[32];
    assert_int_equal(mdsec_crypto_hmac_sha256(expect, 32, info, sizeof info - 1u, mac), MDSEC_OK);
    assert_memory_equal(out, mac, 32);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 301, &a), MDSEC_ERR_KS_NOT_FOUND); /* volatile */
    assert_int_equal(mdsec_ks_destroy(&ks, 300), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, 302), MDSEC_OK);
}

static void generated_keys_work(void **state)
{
    uint8_t hash[32];
    uint8_t sig[64];
    uint8_t pub[65];
    size_t len = 0;
    size_t pub_len = 0;
    (void)state;
    memset(hash, 7, sizeof hash);
    for (int p = 0; p < 2; p++) {
        mdsec_ks_attributes_t a =
            mk(MDSEC_KS_TYPE_ECC_P256_PAIR, 256, MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC,
               MDSEC_KS_ALG_ECDSA_P256_SHA256, p);
        assert_int_equal(mdsec_ks_generate(&ks, 400, &a), MDSEC_OK);
        assert_int_equal(mdsec_ks_generate(&ks, 400, &a), MDSEC_ERR_KS_EXISTS);
        assert_int_equal(mdsec_ks_export_public(&ks, 400, pub, sizeof pub, &pub_len), MDSEC_OK);
        assert_int_equal(mdsec_ks_sign_digest(&ks, 400, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                              sig, sizeof sig, &len),
                         MDSEC_OK);
        assert_int_equal(mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, pub, pub_len, hash, 32, sig,
                                                   len, MDSEC_SIG_RAW),
                         MDSEC_OK);
        a = mk(MDSEC_KS_TYPE_HMAC, 512, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
               MDSEC_KS_ALG_HMAC_SHA256, p);
        assert_int_equal(mdsec_ks_generate(&ks, 401, &a), MDSEC_OK);
        uint8_t k[64];
        uint8_t m1[32];
        uint8_t m2[32];
        assert_int_equal(mdsec_ks_export(&ks, 401, k, sizeof k, &len), MDSEC_OK);
        assert_int_equal(len, 64);
        assert_false(all_zero(k, 64));
        assert_int_equal(
            mdsec_ks_mac_compute(&ks, 401, MDSEC_KS_ALG_HMAC_SHA256, "abc", 3, m1, sizeof m1),
            MDSEC_OK);
        assert_int_equal(mdsec_crypto_hmac_sha256(k, 64, "abc", 3, m2), MDSEC_OK);
        assert_memory_equal(m1, m2, 32);
        a = mk(MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, 256, MDSEC_KS_USAGE_ENCRYPT,
               MDSEC_KS_ALG_CHACHA20_POLY1305, p);
        assert_int_equal(mdsec_ks_generate(&ks, 402, &a), MDSEC_OK);
        a = mk(MDSEC_KS_TYPE_DERIVE, 256, MDSEC_KS_USAGE_DERIVE, MDSEC_KS_ALG_HKDF_SHA256, p);
        assert_int_equal(mdsec_ks_generate(&ks, 403, &a), MDSEC_OK);
        for (uint32_t id = 400; id <= 403; id++) {
            assert_int_equal(mdsec_ks_destroy(&ks, id), MDSEC_OK);
        }
    }
}

static void ram_slots_read_only_and_destroy(void **state)
{
    static const uint8_t k[32] = {0x11};
    uint8_t out[32];
    size_t len = 0;
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 0);
    (void)state;
    for (uint32_t i = 0; i < MDSEC_KS_RAM_SLOTS; i++) {
        assert_int_equal(mdsec_ks_import(&ks, 500 + i, &a, k, 32), MDSEC_OK);
    }
    assert_int_equal(mdsec_ks_import(&ks, 600, &a, k, 32), MDSEC_ERR_KS_FULL);
    assert_int_equal(mdsec_ks_import(&ks, 500, &a, k, 32), MDSEC_ERR_KS_EXISTS);
    evcap_reset();
    assert_int_equal(mdsec_ks_destroy(&ks, 500), MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DESTROY, 500, MDSEC_OK));
    /* The slot is wiped, not just marked free. */
    for (size_t i = 0; i < MDSEC_KS_RAM_SLOTS; i++) {
        if (ks.ram[i].used == 0u) {
            assert_true(all_zero(ks.ram[i].material, sizeof ks.ram[i].material));
        }
    }
    assert_int_equal(mdsec_ks_export(&ks, 500, out, sizeof out, &len), MDSEC_ERR_KS_NOT_FOUND);
    a.lifetime = MDSEC_KS_LIFETIME_READ_ONLY;
    assert_int_equal(mdsec_ks_import(&ks, 600, &a, k, 32), MDSEC_OK);
    evcap_reset();
    assert_int_equal(mdsec_ks_destroy(&ks, 600), MDSEC_ERR_KS_READ_ONLY);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 600, MDSEC_ERR_KS_READ_ONLY));
    assert_int_equal(mdsec_ks_replace(&ks, 600, &a, k, 32), MDSEC_ERR_KS_READ_ONLY);
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    uint8_t k2[32];
    memset(k2, 0x22, sizeof k2);
    assert_int_equal(mdsec_ks_replace(&ks, 501, &a, k2, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_export(&ks, 501, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k2, 32);
    for (uint32_t i = 1; i < MDSEC_KS_RAM_SLOTS; i++) {
        assert_int_equal(mdsec_ks_destroy(&ks, 500 + i), MDSEC_OK);
    }
    /* The read-only key goes only with the context. */
    reopen();
    assert_int_equal(mdsec_ks_get_attributes(&ks, 600, &a), MDSEC_ERR_KS_NOT_FOUND);
}

static void flash_persistence_rotation_write_once(void **state)
{
    uint8_t k1[32];
    uint8_t k2[32];
    uint8_t out[32];
    size_t len = 0;
    (void)state;
    memset(k1, 0x31, sizeof k1);
    memset(k2, 0x32, sizeof k2);
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 1);
    evcap_reset();
    assert_int_equal(mdsec_ks_import(&ks, 700, &a, k1, 32), MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 700, MDSEC_OK));
    /* Ids are unique across backends. */
    mdsec_ks_attributes_t r = a;
    r.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    r.location = MDSEC_KS_LOCATION_RAM;
    assert_int_equal(mdsec_ks_import(&ks, 700, &r, k1, 32), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(mdsec_ks_replace(&ks, 700, &r, k2, 32), MDSEC_ERR_KS_ATTRIBUTES);
    reopen();
    assert_int_equal(mdsec_ks_export(&ks, 700, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k1, 32);
    mdsec_ks_attributes_t got;
    assert_int_equal(mdsec_ks_get_attributes(&ks, 700, &got), MDSEC_OK);
    assert_memory_equal(&got, &a, sizeof a);
    a.usage = MDSEC_KS_USAGE_MAC; /* rotation may narrow the policy */
    assert_int_equal(mdsec_ks_replace(&ks, 700, &a, k2, 32), MDSEC_OK);
    reopen();
    assert_int_equal(mdsec_ks_export(&ks, 700, out, sizeof out, &len), MDSEC_ERR_KS_NOT_EXPORTABLE);
    uint8_t m1[32];
    uint8_t m2[32];
    assert_int_equal(mdsec_ks_mac_compute(&ks, 700, MDSEC_KS_ALG_HMAC_SHA256, "m", 1, m1, 32),
                     MDSEC_OK);
    assert_int_equal(mdsec_crypto_hmac_sha256(k2, 32, "m", 1, m2), MDSEC_OK);
    assert_memory_equal(m1, m2, 32);
    evcap_reset();
    assert_int_equal(mdsec_ks_destroy(&ks, 700), MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DESTROY, 700, MDSEC_OK));
    reopen();
    assert_int_equal(mdsec_ks_get_attributes(&ks, 700, &got), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_replace(&ks, 700, &a, k2, 32), MDSEC_ERR_KS_NOT_FOUND);

    /* Write-once. */
    a.flags = MDSEC_KS_FLAG_WRITE_ONCE;
    assert_int_equal(mdsec_ks_import(&ks, 701, &a, k1, 32), MDSEC_OK);
    reopen();
    assert_int_equal(mdsec_ks_destroy(&ks, 701), MDSEC_ERR_KS_READ_ONLY);
    assert_int_equal(mdsec_ks_replace(&ks, 701, &a, k2, 32), MDSEC_ERR_KS_READ_ONLY);
    assert_int_equal(mdsec_ks_import(&ks, 701, &a, k2, 32), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(mdsec_ks_mac_compute(&ks, 701, MDSEC_KS_ALG_HMAC_SHA256, "m", 1, m2, 32),
                     MDSEC_OK);
    assert_int_equal(mdsec_crypto_hmac_sha256(k1, 32, "m", 1, m1), MDSEC_OK);
    assert_memory_equal(m1, m2, 32);
    fresh_store(); /* only erasing the region removes it */
}

static void flash_compaction_and_capacity(void **state)
{
    uint8_t k[32];
    uint8_t out[32];
    size_t len = 0;
    (void)state;
    memset(k, 0x44, sizeof k);
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 1);
    assert_int_equal(mdsec_ks_import(&ks, 800, &a, k, 32), MDSEC_OK);
    /* Enough churn for several compactions on any geometry used here. */
    const uint32_t rounds = 3u * ks.flash.slots;
    for (uint32_t i = 0; i < rounds; i++) {
        k[0] = (uint8_t)i;
        assert_int_equal(mdsec_ks_import(&ks, 801, &a, k, 32), MDSEC_OK);
        assert_int_equal(mdsec_ks_destroy(&ks, 801), MDSEC_OK);
    }
    reopen();
    k[0] = 0x44;
    assert_int_equal(mdsec_ks_export(&ks, 800, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k, 32);
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    reopen();
    assert_int_equal(mdsec_ks_export(&ks, 800, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k, 32);
    /* Fill: the store refuses cleanly when a sector cannot hold every key. */
    uint32_t id = 900;
    mdsec_status_t st = MDSEC_OK;
    for (; id < 900u + 64u && st == MDSEC_OK; id++) {
        k[0] = (uint8_t)id;
        st = mdsec_ks_import(&ks, id, &a, k, 32);
    }
    assert_true(st == MDSEC_ERR_KS_STORAGE_FULL || st == MDSEC_ERR_KS_FULL);
    const uint32_t last_ok = id - 2u;
    reopen();
    for (uint32_t j = 900; j <= last_ok; j++) {
        assert_int_equal(mdsec_ks_export(&ks, j, out, sizeof out, &len), MDSEC_OK);
        assert_int_equal(out[0], (uint8_t)j);
    }
    assert_int_equal(mdsec_ks_get_attributes(&ks, last_ok + 1u, &a), MDSEC_ERR_KS_NOT_FOUND);
    fresh_store();
}

static void flipped_byte_in_record_is_refused(void **state)
{
    mdsec_port_storage_info_t info;
    ks_layout_t lay;
    uint8_t k[32];
    uint8_t out[32];
    size_t len = 0;
    (void)state;
    fresh_store();
    memset(k, 0x55, sizeof k);
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 1);
    assert_int_equal(mdsec_ks_import(&ks, 1000, &a, k, 32), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    assert_true(info.sector_size <= sizeof sector_copy);
    assert_int_equal(mdsec__ks_layout_for(info.program_unit, &lay), MDSEC_OK);
    /* A fresh store starts in sector 0: anchor in slot 0, the key in slot 1. */
    const uint32_t pu = info.program_unit;
    const uint32_t first = ((16u + pu - 1u) / pu) * pu + ((8u + pu - 1u) / pu) * pu;
    const uint32_t rec = first + lay.frame;
    assert_int_equal(ks.flash.active, 0);
    assert_int_equal(
        mdsec_port_storage_read(MDSEC_PORT_REGION_KEYSTORE, 0, sector_copy, info.sector_size),
        MDSEC_OK);
    for (uint32_t i = 0; i < lay.frame; i++) {
        sector_copy[rec + i] ^= 0x01u;
        mdsec_ks_deinit(&ks);
        assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, info.sector_size),
                         MDSEC_OK);
        assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, 0, sector_copy,
                                                    info.sector_size),
                         MDSEC_OK);
        const mdsec_status_t st = mdsec_ks_init(&ks, NULL);
        if (st != MDSEC_ERR_KS_CORRUPT && st != MDSEC_ERR_KS_ROLLBACK) {
            print_error("byte %lu of the record: open gave %d\n", (unsigned long)i, (int)st);
            fail();
        }
        memset(out, 0xAA, sizeof out);
        const mdsec_status_t ex = mdsec_ks_export(&ks, 1000, out, sizeof out, &len);
        assert_true(ex == MDSEC_ERR_KS_CORRUPT || ex == MDSEC_ERR_KS_ROLLBACK ||
                    ex == MDSEC_ERR_KS_NOT_FOUND);
        assert_true(all_zero(out, sizeof out));
        sector_copy[rec + i] ^= 0x01u;
    }
    /* The pristine record is still good (the loop wrote nothing). */
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, info.sector_size),
                     MDSEC_OK);
    assert_int_equal(
        mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, 0, sector_copy, info.sector_size),
        MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
    assert_int_equal(mdsec_ks_export(&ks, 1000, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k, 32);

    /* A damaged record: the store reports it; nothing of the frame is used
     * (not even its key id, which is not authenticated), so the key is not
     * found, its id can be used again, and a compaction removes the frame. */
    sector_copy[rec + lay.hdr_area + 20u] ^= 0x80u; /* inside the ciphertext */
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, info.sector_size),
                     MDSEC_OK);
    assert_int_equal(
        mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, 0, sector_copy, info.sector_size),
        MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_CORRUPT);
    memset(out, 0xAA, sizeof out);
    assert_int_equal(mdsec_ks_export(&ks, 1000, out, sizeof out, &len), MDSEC_ERR_KS_NOT_FOUND);
    assert_true(all_zero(out, sizeof out));
    assert_int_equal(mdsec_ks_get_attributes(&ks, 1000, &a), MDSEC_ERR_KS_NOT_FOUND);
    k[0] ^= 0x5Au;
    a = mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 1);
    assert_int_equal(mdsec_ks_import(&ks, 1000, &a, k, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    reopen();
    assert_int_equal(mdsec_ks_export(&ks, 1000, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k, 32);
    fresh_store();
}

static void corrupt_flags_survive_compaction(void **state)
{
    mdsec_port_storage_info_t info;
    ks_layout_t lay;
    uint8_t k[32];
    uint8_t out[32];
    size_t len = 0;
    (void)state;
    fresh_store();
    memset(k, 0x66, sizeof k);
    mdsec_ks_attributes_t a =
        mk(MDSEC_KS_TYPE_HMAC, 256, MDSEC_KS_USAGE_MAC | MDSEC_KS_USAGE_EXPORT,
           MDSEC_KS_ALG_HMAC_SHA256, 1);
    assert_int_equal(mdsec_ks_import(&ks, 1100, &a, k, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_import(&ks, 1101, &a, k, 32), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    assert_int_equal(mdsec__ks_layout_for(info.program_unit, &lay), MDSEC_OK);
    const uint32_t pu = info.program_unit;
    const uint32_t first = ((16u + pu - 1u) / pu) * pu + ((8u + pu - 1u) / pu) * pu;
    assert_int_equal(
        mdsec_port_storage_read(MDSEC_PORT_REGION_KEYSTORE, 0, sector_copy, info.sector_size),
        MDSEC_OK);
    sector_copy[first + 2u * lay.frame + lay.hdr_area] ^= 0x04u; /* tag of key 1101 */
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, 0, info.sector_size),
                     MDSEC_OK);
    assert_int_equal(
        mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, 0, sector_copy, info.sector_size),
        MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_CORRUPT);
    /* 1101 is damaged (its only record: not found, nothing of the frame is
     * used); 1100, written before it, can no longer be trusted to be current. */
    assert_int_equal(mdsec_ks_export(&ks, 1101, out, sizeof out, &len), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_export(&ks, 1100, out, sizeof out, &len), MDSEC_ERR_KS_CORRUPT);
    assert_int_equal(mdsec_ks_import(&ks, 1102, &a, k, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_CORRUPT); /* carried, still reported */
    assert_int_equal(mdsec_ks_export(&ks, 1101, out, sizeof out, &len), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_export(&ks, 1100, out, sizeof out, &len), MDSEC_ERR_KS_CORRUPT);
    assert_int_equal(mdsec_ks_export(&ks, 1102, out, sizeof out, &len), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, 1100), MDSEC_OK);
    assert_int_equal(mdsec_ks_destroy(&ks, 1101), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    reopen();
    assert_int_equal(mdsec_ks_export(&ks, 1102, out, sizeof out, &len), MDSEC_OK);
    assert_memory_equal(out, k, 32);
    fresh_store();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(attributes_are_checked),
        cmocka_unit_test(policy_refuses_each_usage_and_algorithm),
        cmocka_unit_test(known_answers_ram_and_flash),
        cmocka_unit_test(derived_key_has_no_more_rights_than_base),
        cmocka_unit_test(derived_key_matches_hkdf),
        cmocka_unit_test(generated_keys_work),
        cmocka_unit_test(ram_slots_read_only_and_destroy),
        cmocka_unit_test(flash_persistence_rotation_write_once),
        cmocka_unit_test(flash_compaction_and_capacity),
        cmocka_unit_test(flipped_byte_in_record_is_refused),
        cmocka_unit_test(corrupt_flags_survive_compaction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
