/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Built-in key blobs (src/keystore/ks_blob.c), on every port (host and
 * Cortex-M4 under QEMU with the board's fixed test root secret). Blobs are
 * sealed here with mdsec__ks_blob_seal() under the port's root secret, then
 * loaded: keys work under their policy (the identity key signs, its
 * exported public key verifies; the trust anchor verifies the published
 * RFC 6979 A.2.5 signature; the HMAC key gives the RFC 4231 answer), they
 * are read-only and non-exportable; every byte flip, every truncation, a
 * blob of another device and malformed entries are refused with nothing
 * installed; slot, id-conflict and duplicate-id refusals; events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "keystore/ks_blob.h"
#include "keystore/ks_internal.h"
#include "event_capture.h"
#include "mdsec/event.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"
#include "rfc4231_hmac_sha256.h"
#include "rfc6979_ecdsa.h"

#define ID_IDENTITY 0x100u
#define ID_ANCHOR   0x101u
#define ID_HMAC     0x102u
#define ID_AEAD     0x103u
#define ID_P384     0x104u

static mdsec_ks_ctx_t ks;
static uint8_t root[MDSEC_ROOT_SECRET_LEN];
static uint8_t blob[KS_BLOB_MAX];
static size_t blob_len;
static uint8_t work[KS_BLOB_MAX + 1u];
static const uint8_t aead_key[32] = {
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f};
static const uint8_t nonce1[KS_BLOB_NONCE_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

static size_t count_success(void)
{
    size_t n = 0;
    for (size_t i = 0; i < evcap_n && i < EVCAP_MAX; i++) {
        n += evcap_events[i].status == MDSEC_OK ? 1u : 0u;
    }
    return n;
}

static mdsec_ks_attributes_t ro(uint16_t type, uint16_t bits, uint32_t usage, uint32_t alg)
{
    mdsec_ks_attributes_t a;
    memset(&a, 0, sizeof a);
    a.type = type;
    a.bits = bits;
    a.usage = usage;
    a.alg = alg;
    a.lifetime = MDSEC_KS_LIFETIME_READ_ONLY;
    a.location = MDSEC_KS_LOCATION_RAM;
    return a;
}

static ks_builtin_key_t key(uint32_t id, mdsec_ks_attributes_t a, const uint8_t *m, size_t len)
{
    ks_builtin_key_t k;
    memset(&k, 0, sizeof k);
    k.id = id;
    k.attr = a;
    k.material = m;
    k.len = len;
    return k;
}

/* The standard blob: identity key, P-256 and P-384 anchors, HMAC and AEAD keys. */
static size_t standard_keys(ks_builtin_key_t keys[KS_BLOB_MAX_KEYS])
{
    keys[0] =
        key(ID_IDENTITY,
            ro(MDSEC_KS_TYPE_ECC_P256_PAIR, 256, MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC,
               MDSEC_KS_ALG_ECDSA_P256_SHA256),
            tv_rfc6979_p256_x, sizeof tv_rfc6979_p256_x);
    keys[1] = key(ID_ANCHOR,
                  ro(MDSEC_KS_TYPE_ECC_P256_PUBLIC, 256, MDSEC_KS_USAGE_VERIFY,
                     MDSEC_KS_ALG_ECDSA_P256_SHA256),
                  tv_rfc6979_p256_pub, sizeof tv_rfc6979_p256_pub);
    keys[2] =
        key(ID_HMAC, ro(MDSEC_KS_TYPE_HMAC, 160, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256),
            tv_rfc4231_k1, sizeof tv_rfc4231_k1);
    keys[3] =
        key(ID_AEAD,
            ro(MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, 256,
               MDSEC_KS_USAGE_ENCRYPT | MDSEC_KS_USAGE_DECRYPT, MDSEC_KS_ALG_CHACHA20_POLY1305),
            aead_key, sizeof aead_key);
    keys[4] = key(ID_P384,
                  ro(MDSEC_KS_TYPE_ECC_P384_PUBLIC, 384, MDSEC_KS_USAGE_VERIFY,
                     MDSEC_KS_ALG_ECDSA_P384_SHA384),
                  tv_rfc6979_p384_pub, sizeof tv_rfc6979_p384_pub);
    return 5u;
}

static const uint32_t standard_ids[5] = {ID_IDENTITY, ID_ANCHOR, ID_HMAC, ID_AEAD, ID_P384};

static void seal_standard(void)
{
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    memset(keys, 0, sizeof keys);
    const size_t n = standard_keys(keys);
    assert_int_equal(mdsec__ks_blob_seal(root, 0x2026u, "unit test", keys, n, nonce1, blob,
                                         sizeof blob, &blob_len),
                     MDSEC_OK);
    assert_int_equal(blob_len, KS_BLOB_HDR_LEN + 5u * KS_BLOB_ENTRY_HDR_LEN + 32u + 65u + 20u +
                                   32u + 97u + KS_BLOB_TAG_LEN);
}

static void reopen(void)
{
    const mdsec_ks_config_t cfg = {0u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID};
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_ks_init(&ks, &cfg), MDSEC_OK);
}

static size_t used_slots(void)
{
    size_t n = 0;
    for (size_t i = 0; i < MDSEC_KS_RAM_SLOTS; i++) {
        n += ks.ram[i].used != 0u ? 1u : 0u;
    }
    return n;
}

static void assert_absent(const uint32_t *ids, size_t n)
{
    mdsec_ks_attributes_t a;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(mdsec_ks_get_attributes(&ks, ids[i], &a), MDSEC_ERR_KS_NOT_FOUND);
    }
}

/* Load must fail with want, leave no key and count 0, and report no success. */
static void expect_refused(const uint8_t *b, size_t len, mdsec_status_t want)
{
    size_t count = 99;
    evcap_reset();
    assert_int_equal(mdsec_ks_load_builtin(&ks, b, len, &count), want);
    assert_int_equal(count, 0);
    assert_int_equal(used_slots(), 0);
    assert_int_equal(count_success(), 0);
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    mdsec_event_set_sink(evcap_sink, NULL);
    assert_int_equal(mdsec_port_root_secret(root), MDSEC_OK);
    reopen();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mdsec_ks_deinit(&ks);
    mdsec_event_set_sink(NULL, NULL);
    mdsec_memzero(root, sizeof root);
    return 0;
}

static int each(void **state)
{
    (void)state;
    reopen();
    evcap_reset();
    seal_standard();
    return 0;
}

static void test_load_and_use(void **state)
{
    (void)state;
    mdsec_ks_attributes_t a;
    uint8_t hash[48];
    uint8_t sig[96];
    uint8_t pub[MDSEC_KS_PUBLIC_KEY_MAX];
    uint8_t out[MDSEC_KS_MATERIAL_MAX];
    uint8_t mac[32];
    size_t len = 0;
    size_t count = 0;

    assert_int_equal(mdsec_ks_load_builtin(&ks, blob, blob_len, &count), MDSEC_OK);
    assert_int_equal(count, 5);
    assert_int_equal(used_slots(), 5);
    for (size_t i = 0; i < 5u; i++) {
        assert_int_equal(
            evcap_count(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, standard_ids[i], MDSEC_OK), 1);
        assert_int_equal(mdsec_ks_get_attributes(&ks, standard_ids[i], &a), MDSEC_OK);
        assert_int_equal(a.lifetime, MDSEC_KS_LIFETIME_READ_ONLY);
        assert_int_equal(a.location, MDSEC_KS_LOCATION_RAM);
    }
    assert_int_equal(mdsec_ks_get_attributes(&ks, ID_IDENTITY, &a), MDSEC_OK);
    assert_int_equal(a.type, MDSEC_KS_TYPE_ECC_P256_PAIR);
    assert_int_equal(a.usage, MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC);

    /* Identity key: signs; its exported public key (the RFC 6979 one) verifies. */
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, "sample", 6, hash, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_IDENTITY, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                          32, sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(len, 64);
    assert_int_equal(mdsec_ks_export_public(&ks, ID_IDENTITY, pub, sizeof pub, &len), MDSEC_OK);
    assert_int_equal(len, 65);
    assert_memory_equal(pub, tv_rfc6979_p256_pub, 65);
    assert_int_equal(
        mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, 64, MDSEC_SIG_RAW),
        MDSEC_OK);

    /* Trust anchors: the published RFC 6979 A.2.5 / A.2.6 signatures over "sample". */
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_ANCHOR, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                            32, tv_rfc6979_p256_sha256_sample, 64),
                     MDSEC_OK);
    memcpy(sig, tv_rfc6979_p256_sha256_sample, 64);
    sig[63] ^= 0x01u;
    assert_int_not_equal(
        mdsec_ks_verify_digest(&ks, ID_ANCHOR, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32, sig, 64),
        MDSEC_OK);
    assert_int_not_equal(mdsec_ks_verify_digest(&ks, ID_ANCHOR, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                                hash, 32, tv_rfc6979_p256_sha256_test, 64),
                         MDSEC_OK);
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA384, "sample", 6, hash, 48), MDSEC_OK);
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_P384, MDSEC_KS_ALG_ECDSA_P384_SHA384, hash, 48,
                                            tv_rfc6979_p384_sha384_sample, 96),
                     MDSEC_OK);
    /* The anchor may only verify: signing is refused by policy. */
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_ANCHOR, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);

    /* HMAC key: RFC 4231 test case 1. */
    assert_int_equal(mdsec_ks_mac_compute(&ks, ID_HMAC, MDSEC_KS_ALG_HMAC_SHA256, tv_rfc4231_d1,
                                          sizeof tv_rfc4231_d1, mac, sizeof mac),
                     MDSEC_OK);
    assert_memory_equal(mac, tv_rfc4231_m1, 32);

    /* Non-exportable material stays in, output zeroed. */
    for (size_t i = 0; i < 5u; i++) {
        memset(out, 0xA5, sizeof out);
        len = 77;
        assert_int_equal(mdsec_ks_export(&ks, standard_ids[i], out, sizeof out, &len),
                         MDSEC_ERR_KS_NOT_EXPORTABLE);
        assert_int_equal(len, 0);
        for (size_t j = 0; j < sizeof out; j++) {
            assert_int_equal(out[j], 0);
        }
    }
}

static void test_read_only(void **state)
{
    (void)state;
    size_t count = 0;
    uint8_t hash[32];
    uint8_t mac[32];
    mdsec_ks_attributes_t a;

    assert_int_equal(mdsec_ks_load_builtin(&ks, blob, blob_len, &count), MDSEC_OK);
    evcap_reset();
    for (size_t i = 0; i < 5u; i++) {
        assert_int_equal(mdsec_ks_destroy(&ks, standard_ids[i]), MDSEC_ERR_KS_READ_ONLY);
        assert_int_equal(evcap_count(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, standard_ids[i],
                                     MDSEC_ERR_KS_READ_ONLY),
                         1);
    }
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_HMAC;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_MAC;
    a.alg = MDSEC_KS_ALG_HMAC_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    assert_int_equal(mdsec_ks_replace(&ks, ID_HMAC, &a, aead_key, 32), MDSEC_ERR_KS_READ_ONLY);
    assert_int_equal(mdsec_ks_import(&ks, ID_HMAC, &a, aead_key, 32), MDSEC_ERR_KS_EXISTS);
    /* Still the RFC 4231 key. */
    assert_int_equal(mdsec_ks_mac_compute(&ks, ID_HMAC, MDSEC_KS_ALG_HMAC_SHA256, tv_rfc4231_d1,
                                          sizeof tv_rfc4231_d1, mac, sizeof mac),
                     MDSEC_OK);
    assert_memory_equal(mac, tv_rfc4231_m1, 32);
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, "sample", 6, hash, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_ANCHOR, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                            32, tv_rfc6979_p256_sha256_sample, 64),
                     MDSEC_OK);
    /* Loading the same blob again: its ids are taken (checked before the
     * free slots): nothing more installed. */
    assert_int_equal(mdsec_ks_load_builtin(&ks, blob, blob_len, &count), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(count, 0);
    assert_int_equal(used_slots(), 5);
    /* Deinit wipes them (they are RAM keys): a fresh context has none. */
    reopen();
    assert_absent(standard_ids, 5);
}

static void test_every_byte_flipped(void **state)
{
    (void)state;
    static const uint8_t masks[3] = {0x01u, 0x80u, 0xFFu};
    for (size_t i = 0; i < blob_len; i++) {
        for (size_t m = 0; m < sizeof masks; m++) {
            memcpy(work, blob, blob_len);
            work[i] ^= masks[m];
            expect_refused(work, blob_len, MDSEC_ERR_KS_BLOB);
            assert_int_equal(
                evcap_count(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 0, MDSEC_ERR_KS_BLOB), 1);
        }
    }
    assert_absent(standard_ids, 5);
    /* The untouched blob still loads (the loop's refusals were the flips). */
    size_t count = 0;
    assert_int_equal(mdsec_ks_load_builtin(&ks, blob, blob_len, &count), MDSEC_OK);
    assert_int_equal(count, 5);
}

static void test_every_truncation(void **state)
{
    (void)state;
    memcpy(work, blob, blob_len);
    for (size_t len = 0; len < blob_len; len++) {
        expect_refused(work, len, MDSEC_ERR_KS_BLOB);
    }
    /* One trailing byte too many. */
    work[blob_len] = 0;
    expect_refused(work, blob_len + 1u, MDSEC_ERR_KS_BLOB);
    expect_refused(NULL, blob_len, MDSEC_ERR_KS_BLOB);
}

static void test_other_device(void **state)
{
    (void)state;
    uint8_t other[MDSEC_ROOT_SECRET_LEN];
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    size_t len = 0;
    memcpy(other, root, sizeof other);
    other[0] ^= 0x01u;
    memset(keys, 0, sizeof keys);
    const size_t n = standard_keys(keys);
    assert_int_equal(
        mdsec__ks_blob_seal(other, 0x2026u, "unit test", keys, n, nonce1, work, sizeof work, &len),
        MDSEC_OK);
    assert_int_equal(len, blob_len);
    assert_memory_not_equal(work, blob, len);
    expect_refused(work, len, MDSEC_ERR_KS_BLOB);
    /* And it opens under the secret it was made for (the refusal was the key). */
    uint8_t plain[KS_BLOB_BODY_MAX];
    ks_blob_header_t hdr;
    size_t count = 0;
    assert_int_equal(mdsec__ks_blob_parse(other, work, len, plain, &hdr, keys, &count), MDSEC_OK);
    assert_int_equal(count, 5);
    assert_int_equal(mdsec__ks_blob_parse(root, work, len, plain, &hdr, keys, &count),
                     MDSEC_ERR_KS_BLOB);
    assert_int_equal(count, 0);
    mdsec_memzero(plain, sizeof plain);
    mdsec_memzero(other, sizeof other);
}

static void test_header_and_seal_rules(void **state)
{
    (void)state;
    uint8_t plain[KS_BLOB_BODY_MAX];
    ks_blob_header_t hdr;
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    size_t count = 0;
    size_t len = 0;

    assert_int_equal(mdsec__ks_blob_parse(root, blob, blob_len, plain, &hdr, keys, &count),
                     MDSEC_OK);
    assert_int_equal(hdr.blob_id, 0x2026u);
    assert_string_equal(hdr.label, "unit test");
    assert_int_equal(count, 5);
    assert_int_equal(keys[1].id, ID_ANCHOR);
    assert_int_equal(keys[1].len, 65);
    assert_memory_equal(keys[1].material, tv_rfc6979_p256_pub, 65);
    assert_memory_equal(blob, "MKB1", 4);
    assert_memory_equal(blob + KS_BLOB_NONCE_OFF, nonce1, KS_BLOB_NONCE_LEN);
    mdsec_memzero(plain, sizeof plain);

    /* No plain key material anywhere in the sealed blob. */
    for (size_t i = 0; i + 32u <= blob_len; i++) {
        assert_memory_not_equal(blob + i, tv_rfc6979_p256_x, 32);
        assert_memory_not_equal(blob + i, aead_key, 32);
    }

    /* Seal refuses what the loader would refuse. */
    memset(keys, 0, sizeof keys);
    const size_t n = standard_keys(keys);
    keys[0].attr.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    assert_int_equal(mdsec__ks_blob_seal(root, 1, NULL, keys, n, nonce1, work, sizeof work, &len),
                     MDSEC_ERR_KS_ATTRIBUTES);
    assert_int_equal(len, 0);
    keys[0].attr.lifetime = MDSEC_KS_LIFETIME_READ_ONLY;
    keys[0].id = 0;
    assert_int_equal(mdsec__ks_blob_seal(root, 1, NULL, keys, n, nonce1, work, sizeof work, &len),
                     MDSEC_ERR_KS_ATTRIBUTES);
    keys[0].id = ID_IDENTITY;
    assert_int_equal(mdsec__ks_blob_seal(root, 1, "label longer than 16", keys, n, nonce1, work,
                                         sizeof work, &len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(
        mdsec__ks_blob_seal(root, 1, "tab\there", keys, n, nonce1, work, sizeof work, &len),
        MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__ks_blob_seal(root, 1, NULL, keys, KS_BLOB_MAX_KEYS + 1u, nonce1, work,
                                         sizeof work, &len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__ks_blob_seal(root, 1, NULL, keys, n, nonce1, work, blob_len - 1u, &len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(
        mdsec__ks_blob_seal(root, 1, "exactly 16 chars", keys, n, nonce1, work, sizeof work, &len),
        MDSEC_OK);
    assert_int_equal(mdsec__ks_blob_parse_header(work, len, &hdr), MDSEC_OK);
    assert_string_equal(hdr.label, "exactly 16 chars");

    /* Header rules, checked before any cryptography. */
    memcpy(work, blob, blob_len);
    assert_int_equal(mdsec__ks_blob_parse_header(work, blob_len, &hdr), MDSEC_OK);
    work[6] = (uint8_t)(KS_BLOB_MAX_KEYS + 1u); /* count beyond the RAM slots */
    assert_int_equal(mdsec__ks_blob_parse_header(work, blob_len, &hdr), MDSEC_ERR_KS_BLOB);
    assert_int_equal(hdr.count, 0);
    work[6] = 0; /* no keys */
    assert_int_equal(mdsec__ks_blob_parse_header(work, blob_len, &hdr), MDSEC_ERR_KS_BLOB);
    memcpy(work, blob, blob_len);
    work[16 + 9] = 0x01u; /* control character in the label */
    assert_int_equal(mdsec__ks_blob_parse_header(work, blob_len, &hdr), MDSEC_ERR_KS_BLOB);
    memcpy(work, blob, blob_len);
    work[16 + 10] = 'x'; /* text after the NUL padding began */
    assert_int_equal(mdsec__ks_blob_parse_header(work, blob_len, &hdr), MDSEC_ERR_KS_BLOB);
}

/* Seal a body of our own making (valid AEAD) to reach the entry parser. */
static size_t seal_raw(const uint8_t *body, size_t body_len, uint8_t count)
{
    uint8_t kek[KS_BLOB_KEK_LEN];
    memset(work, 0, sizeof work);
    memcpy(work, "MKB1", 4);
    work[4] = KS_BLOB_VERSION;
    work[6] = count;
    work[8] = (uint8_t)body_len;
    work[9] = (uint8_t)(body_len >> 8);
    memcpy(work + KS_BLOB_NONCE_OFF, nonce1, KS_BLOB_NONCE_LEN);
    assert_int_equal(mdsec__ks_blob_kek(root, kek), MDSEC_OK);
    assert_int_equal(mdsec_crypto_aead_seal(kek, nonce1, work, KS_BLOB_HDR_LEN, body, body_len,
                                            work + KS_BLOB_HDR_LEN,
                                            work + KS_BLOB_HDR_LEN + body_len),
                     MDSEC_OK);
    mdsec_memzero(kek, sizeof kek);
    return KS_BLOB_HDR_LEN + body_len + KS_BLOB_TAG_LEN;
}

static size_t put_entry(uint8_t *e, uint32_t id, const mdsec_ks_attributes_t *a, size_t mlen,
                        const uint8_t *m)
{
    e[0] = (uint8_t)id;
    e[1] = (uint8_t)(id >> 8);
    e[2] = (uint8_t)(id >> 16);
    e[3] = (uint8_t)(id >> 24);
    e[4] = (uint8_t)a->type;
    e[5] = (uint8_t)(a->type >> 8);
    e[6] = (uint8_t)a->bits;
    e[7] = (uint8_t)(a->bits >> 8);
    for (size_t i = 0; i < 4u; i++) {
        e[8 + i] = (uint8_t)(a->usage >> (8u * i));
        e[12 + i] = (uint8_t)(a->alg >> (8u * i));
    }
    e[16] = a->lifetime;
    e[17] = a->location;
    e[18] = a->flags;
    e[19] = a->reserved;
    e[20] = (uint8_t)mlen;
    e[21] = (uint8_t)(mlen >> 8);
    if (m != NULL) {
        memcpy(e + KS_BLOB_ENTRY_HDR_LEN, m, mlen);
    }
    return KS_BLOB_ENTRY_HDR_LEN + mlen;
}

static void test_malformed_entries(void **state)
{
    (void)state;
    uint8_t body[KS_BLOB_BODY_MAX];
    const mdsec_ks_attributes_t good =
        ro(MDSEC_KS_TYPE_HMAC, 160, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256);
    mdsec_ks_attributes_t a;
    size_t n;
    size_t count = 0;

    /* Control: a well-formed hand-made body loads. */
    memset(body, 0, sizeof body);
    n = put_entry(body, 7, &good, 20, tv_rfc4231_k1);
    assert_int_equal(mdsec_ks_load_builtin(&ks, work, seal_raw(body, n, 1), &count), MDSEC_OK);
    assert_int_equal(count, 1);
    reopen();

    /* Trailing byte after the last entry. */
    n = put_entry(body, 7, &good, 20, tv_rfc4231_k1);
    body[n] = 0;
    expect_refused(work, seal_raw(body, n + 1u, 1), MDSEC_ERR_KS_BLOB);
    /* Count says two, body holds one (body length still plausible). */
    n = put_entry(body, 7, &good, 20, tv_rfc4231_k1);
    memset(body + n, 0, 30);
    expect_refused(work, seal_raw(body, n + 30u, 2), MDSEC_ERR_KS_BLOB);
    /* Material length past the body. */
    n = put_entry(body, 7, &good, 20, tv_rfc4231_k1);
    body[20] = 21;
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    /* Material length 0 and above the maximum. */
    memset(body, 0, sizeof body);
    n = put_entry(body, 7, &good, 0, NULL);
    memset(body + n, 0, 30);
    expect_refused(work, seal_raw(body, n + 30u, 1), MDSEC_ERR_KS_BLOB);
    n = put_entry(body, 7, &good, MDSEC_KS_MATERIAL_MAX + 1u, NULL); /* body fits two entries */
    expect_refused(work, seal_raw(body, n, 2), MDSEC_ERR_KS_BLOB);
    /* Id 0. */
    n = put_entry(body, 0, &good, 20, tv_rfc4231_k1);
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    /* Lifetime volatile or persistent, location flash, bad attributes. */
    a = good;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    n = put_entry(body, 7, &a, 20, tv_rfc4231_k1);
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    a = good;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_FLASH;
    n = put_entry(body, 7, &a, 20, tv_rfc4231_k1);
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    a = good;
    a.location = MDSEC_KS_LOCATION_FLASH;
    n = put_entry(body, 7, &a, 20, tv_rfc4231_k1);
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    a = good;
    a.usage = MDSEC_KS_USAGE_SIGN; /* not an HMAC usage */
    n = put_entry(body, 7, &a, 20, tv_rfc4231_k1);
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    a = good;
    a.reserved = 1;
    n = put_entry(body, 7, &a, 20, tv_rfc4231_k1);
    expect_refused(work, seal_raw(body, n, 1), MDSEC_ERR_KS_BLOB);
    /* Well-formed, but the material does not suit the type: the install's status. */
    a = ro(MDSEC_KS_TYPE_ECC_P256_PUBLIC, 256, MDSEC_KS_USAGE_VERIFY,
           MDSEC_KS_ALG_ECDSA_P256_SHA256);
    n = put_entry(body, 8, &good, 20, tv_rfc4231_k1);
    n += put_entry(body + n, 9, &a, 65, tv_rfc6979_p256_pub);
    body[n - 65u] = 0x02u; /* not an uncompressed point */
    expect_refused(work, seal_raw(body, n, 2), MDSEC_ERR_KEY_INVALID);
    assert_int_equal(
        evcap_count(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 9, MDSEC_ERR_KEY_INVALID), 0);
}

static void test_conflicts_and_capacity(void **state)
{
    (void)state;
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    uint8_t mats[KS_BLOB_MAX_KEYS][20];
    uint32_t ids[KS_BLOB_MAX_KEYS];
    mdsec_ks_attributes_t a;
    size_t len = 0;
    size_t count = 0;

    memset(keys, 0, sizeof keys);
    for (size_t i = 0; i < KS_BLOB_MAX_KEYS; i++) {
        memset(mats[i], (int)(0x40u + i), sizeof mats[i]);
        ids[i] = (uint32_t)(0x300u + i);
        keys[i] =
            key(ids[i], ro(MDSEC_KS_TYPE_HMAC, 160, MDSEC_KS_USAGE_MAC, MDSEC_KS_ALG_HMAC_SHA256),
                mats[i], sizeof mats[i]);
    }
    /* A full blob fits an empty context exactly. */
    assert_int_equal(mdsec__ks_blob_seal(root, 3, "full", keys, KS_BLOB_MAX_KEYS, nonce1, work,
                                         sizeof work, &len),
                     MDSEC_OK);
    assert_int_equal(mdsec_ks_load_builtin(&ks, work, len, &count), MDSEC_OK);
    assert_int_equal(count, KS_BLOB_MAX_KEYS);
    assert_int_equal(used_slots(), MDSEC_KS_RAM_SLOTS);
    reopen();

    /* One volatile key already in a slot: too many keys, nothing installed. */
    a = keys[0].attr;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    assert_int_equal(mdsec_ks_import(&ks, 0x999u, &a, mats[0], 20), MDSEC_OK);
    evcap_reset();
    assert_int_equal(mdsec_ks_load_builtin(&ks, work, len, &count), MDSEC_ERR_KS_FULL);
    assert_int_equal(count, 0);
    assert_int_equal(used_slots(), 1);
    assert_int_equal(count_success(), 0);
    assert_absent(ids, KS_BLOB_MAX_KEYS);
    reopen();

    /* Id conflict with an existing key: nothing of the blob installed. */
    assert_int_equal(mdsec_ks_import(&ks, ids[1], &a, mats[0], 20), MDSEC_OK);
    assert_int_equal(mdsec__ks_blob_seal(root, 4, NULL, keys, 3, nonce1, work, sizeof work, &len),
                     MDSEC_OK);
    evcap_reset();
    assert_int_equal(mdsec_ks_load_builtin(&ks, work, len, &count), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(count, 0);
    assert_int_equal(used_slots(), 1);
    assert_int_equal(count_success(), 0);
    assert_int_equal(mdsec_ks_get_attributes(&ks, ids[0], &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_get_attributes(&ks, ids[2], &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_get_attributes(&ks, ids[1], &a), MDSEC_OK);
    assert_int_equal(a.lifetime, MDSEC_KS_LIFETIME_VOLATILE); /* the imported one, untouched */
    reopen();

    /* Duplicate ids inside one blob. */
    keys[2].id = ids[0];
    assert_int_equal(mdsec__ks_blob_seal(root, 5, NULL, keys, 3, nonce1, work, sizeof work, &len),
                     MDSEC_OK);
    expect_refused(work, len, MDSEC_ERR_KS_EXISTS);
    assert_absent(ids, 3);

    /* An uninitialised context. */
    mdsec_ks_deinit(&ks);
    keys[2].id = ids[2];
    assert_int_equal(mdsec__ks_blob_seal(root, 6, NULL, keys, 3, nonce1, work, sizeof work, &len),
                     MDSEC_OK);
    assert_int_equal(mdsec_ks_load_builtin(&ks, work, len, &count), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(count, 0);
    assert_int_equal(mdsec_ks_load_builtin(NULL, work, len, &count), MDSEC_ERR_INVALID_ARG);
    reopen();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_load_and_use, each),
        cmocka_unit_test_setup(test_read_only, each),
        cmocka_unit_test_setup(test_every_byte_flipped, each),
        cmocka_unit_test_setup(test_every_truncation, each),
        cmocka_unit_test_setup(test_other_device, each),
        cmocka_unit_test_setup(test_header_and_seal_rules, each),
        cmocka_unit_test_setup(test_malformed_entries, each),
        cmocka_unit_test_setup(test_conflicts_and_capacity, each),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
