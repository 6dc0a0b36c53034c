/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Signed-firmware verification against the MCUboot fixtures (signed by
 * imgtool 2.4.0), with the verdict tests/fixtures/mcuboot/README.md gives
 * for each; plus revocation, thresholds, rollback, strict TLV rules,
 * trailers, exhaustive tampering and the security events. Ed25519 images
 * (digest, SHA-512 and pure signatures) are valid where the build has
 * Ed25519 (MDSEC_CRYPTO_HAS_ED25519) and "algorithm not supported" elsewhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "fixtures_fw.h"
#include "mdsec/event.h"
#include "mdsec/fw.h"
#include "mdsec/port.h"

#define COUNTER_ID 1u

enum { K_P256, K_P384, K_RSA2048, K_RSA3072, K_ED25519, K_UNTRUSTED, K_ED25519_UNTRUSTED, K_COUNT };

static mdsec_fw_key_t keys[K_COUNT];
static mdsec_fw_ctx_t ctx;
static mdsec_fw_result_t res;
static uint8_t img[140000];

/* Everything but plain BearSSL ("bearssl+psa" takes RSA-PSS from PSA). */
static int rsa_supported(void)
{
    return strcmp(mdsec_crypto_provider_name(), "bearssl") != 0;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(
        mdsec_fw_key_from_spki(&keys[K_P256], fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len),
        MDSEC_OK);
    assert_int_equal(
        mdsec_fw_key_from_spki(&keys[K_P384], fx_pub_ecdsa_p384_der, fx_pub_ecdsa_p384_der_len),
        MDSEC_OK);
    assert_int_equal(
        mdsec_fw_key_from_spki(&keys[K_RSA2048], fx_pub_rsa_2048_der, fx_pub_rsa_2048_der_len),
        MDSEC_OK);
    assert_int_equal(
        mdsec_fw_key_from_spki(&keys[K_RSA3072], fx_pub_rsa_3072_der, fx_pub_rsa_3072_der_len),
        MDSEC_OK);
    assert_int_equal(
        mdsec_fw_key_from_spki(&keys[K_ED25519], fx_pub_ed25519_der, fx_pub_ed25519_der_len),
        MDSEC_OK);
    assert_int_equal(mdsec_fw_key_from_spki(&keys[K_UNTRUSTED], fx_pub_ecdsa_p256_untrusted_der,
                                            fx_pub_ecdsa_p256_untrusted_der_len),
                     MDSEC_OK);
    assert_int_equal(mdsec_fw_key_from_spki(&keys[K_ED25519_UNTRUSTED],
                                            fx_pub_ed25519_untrusted_der,
                                            fx_pub_ed25519_untrusted_der_len),
                     MDSEC_OK);
    return 0;
}

/* Trusted: every fixture key except the "untrusted" one. */
static mdsec_fw_policy_t base_policy(void)
{
    mdsec_fw_policy_t p;
    memset(&p, 0, sizeof p);
    p.keys = keys;
    p.key_count = K_UNTRUSTED;
    return p;
}

static mdsec_status_t verify(const mdsec_fw_policy_t *p, const uint8_t *image, size_t len)
{
    return mdsec_fw_verify_buffer(&ctx, p, image, len, &res);
}

/* Reads an image in memory for the streaming call. */
static mdsec_status_t read_mem(void *c, uint32_t off, void *buf, size_t n)
{
    memcpy(buf, (const uint8_t *)c + off, n);
    return MDSEC_OK;
}

/* ---- key hashes are imgtool's ---- */

static void key_hashes_match_imgtool(void **state)
{
    (void)state;
    /* pubhash-*.bin: SHA-256 of the key as imgtool embeds it (fixtures README). */
    assert_memory_equal(mdsec_fw_key_hash(&keys[K_P256]), fx_pubhash_ecdsa_p256_bin, 32);
    assert_memory_equal(mdsec_fw_key_hash(&keys[K_P384]), fx_pubhash_ecdsa_p384_bin, 32);
    assert_memory_equal(mdsec_fw_key_hash(&keys[K_RSA2048]), fx_pubhash_rsa_2048_bin, 32);
    assert_memory_equal(mdsec_fw_key_hash(&keys[K_RSA3072]), fx_pubhash_rsa_3072_bin, 32);
    assert_memory_equal(mdsec_fw_key_hash(&keys[K_ED25519]), fx_pubhash_ed25519_bin, 32);
    assert_null(mdsec_fw_key_hash(NULL));
}

/* ---- every fixture gets the verdict of the fixtures README ---- */

static void fixture_ecdsa_p256_valid(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    assert_int_equal(mdsec_fw_is_valid(&res), MDSEC_FW_DECISION_VALID);
    assert_int_equal(res.status, MDSEC_OK);
    assert_int_equal(res.version.major, 1);
    assert_int_equal(res.version.minor, 2);
    assert_int_equal(res.version.revision, 3);
    assert_int_equal(res.version.build, 4);
    assert_int_equal(res.has_security_counter, 1);
    assert_int_equal(res.security_counter, 5);
    assert_int_equal(res.hash_alg, MDSEC_HASH_SHA256);
    assert_int_equal(res.digest_len, 32);
    assert_int_equal(res.signature_count, 1);
    assert_int_equal(res.signer_count, 1);
    assert_memory_equal(res.signers[0], fx_pubhash_ecdsa_p256_bin, 32);
    assert_int_equal(res.image_end, fx_signed_ecdsa_p256_bin_len);
    /* The digest is the hash TLV's value: 4 bytes after the unprotected info and TLV header. */
    assert_memory_equal(res.digest, fx_signed_ecdsa_p256_bin + 0x200 + 24576 + 12 + 4 + 4, 32);
}

static void fixture_ecdsa_p384_valid(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p384_bin, fx_signed_ecdsa_p384_bin_len), MDSEC_OK);
    assert_int_equal(res.hash_alg, MDSEC_HASH_SHA384);
    assert_int_equal(res.digest_len, 48);
    assert_memory_equal(res.signers[0], fx_pubhash_ecdsa_p384_bin, 32);
}

static void fixture_rsa(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    mdsec_status_t want = rsa_supported() ? MDSEC_OK : MDSEC_ERR_FW_ALG_UNSUPPORTED;
    (void)state;
    assert_int_equal(verify(&p, fx_signed_rsa_2048_bin, fx_signed_rsa_2048_bin_len), want);
    if (want == MDSEC_OK) {
        assert_memory_equal(res.signers[0], fx_pubhash_rsa_2048_bin, 32);
    } else {
        assert_int_equal(mdsec_fw_is_valid(&res), 0);
    }
    assert_int_equal(verify(&p, fx_signed_rsa_3072_bin, fx_signed_rsa_3072_bin_len), want);
}

/* Ed25519 images: valid with Ed25519 built in, never valid without. */
static void fixture_ed25519(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        assert_int_equal(verify(&p, fx_signed_ed25519_bin, fx_signed_ed25519_bin_len),
                         MDSEC_ERR_FW_ALG_UNSUPPORTED);
        assert_int_equal(mdsec_fw_is_valid(&res), 0);
        return;
    }
    assert_int_equal(verify(&p, fx_signed_ed25519_bin, fx_signed_ed25519_bin_len), MDSEC_OK);
    assert_int_equal(mdsec_fw_is_valid(&res), MDSEC_FW_DECISION_VALID);
    assert_int_equal(res.hash_alg, MDSEC_HASH_SHA256);
    assert_int_equal(res.signature_count, 1);
    assert_int_equal(res.signer_count, 1);
    assert_memory_equal(res.signers[0], fx_pubhash_ed25519_bin, 32);
    assert_int_equal(res.security_counter, 5);
    /* The same digest as the P-256 image of the same payload (imgtool signs the digest). */
    assert_memory_equal(res.digest, fx_signed_ecdsa_p256_bin + 0x200 + 24576 + 12 + 4 + 4, 32);
    /* The streaming call verifies it too: the signature is over the digest. */
    assert_int_equal(mdsec_fw_verify(&ctx, &p, read_mem, (void *)fx_signed_ed25519_bin,
                                     (uint32_t)fx_signed_ed25519_bin_len, &res),
                     MDSEC_OK);
    assert_int_equal(mdsec_fw_is_valid(&res), MDSEC_FW_DECISION_VALID);
}

static void fixture_ed25519_sha512(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const uint8_t *f = fx_signed_ed25519_sha512_bin;
    const uint32_t u = 0x200 + 24576 + 12;
    uint8_t h[MDSEC_SHA512_LEN];
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        assert_int_equal(verify(&p, f, fx_signed_ed25519_sha512_bin_len),
                         MDSEC_ERR_FW_ALG_UNSUPPORTED);
        assert_int_equal(res.fail_offset, u + 4);
        return;
    }
    assert_int_equal(verify(&p, f, fx_signed_ed25519_sha512_bin_len), MDSEC_OK);
    assert_int_equal(res.hash_alg, MDSEC_HASH_SHA512);
    assert_int_equal(res.digest_len, 64);
    assert_memory_equal(res.digest, f + u + 4 + 4, 64); /* the SHA512 TLV */
    assert_memory_equal(res.signers[0], fx_pubhash_ed25519_bin, 32);
    /* imgtool's KEYHASH is the SHA-512 of the SubjectPublicKeyInfo. */
    assert_int_equal(mdsec_crypto_sha512(fx_pub_ed25519_der, fx_pub_ed25519_der_len, h, sizeof h),
                     MDSEC_OK);
    assert_int_equal(f[u + 4 + 68], 0x01);
    assert_int_equal(f[u + 4 + 68 + 2], 64);
    assert_memory_equal(f + u + 4 + 68 + 4, h, 64);
    /* Streamed, SHA-512 too. */
    assert_int_equal(mdsec_fw_verify(&ctx, &p, read_mem, (void *)f,
                                     (uint32_t)fx_signed_ed25519_sha512_bin_len, &res),
                     MDSEC_OK);
}

/* Pure Ed25519: the signature is over the hashed bytes, verified whole in memory. */
static void fixture_ed25519_pure(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const uint8_t *f = fx_signed_ed25519_pure_bin;
    const size_t n = fx_signed_ed25519_pure_bin_len;
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        assert_int_equal(verify(&p, f, n), MDSEC_ERR_FW_ALG_UNSUPPORTED);
        assert_int_equal(mdsec_fw_is_valid(&res), 0);
        return;
    }
    assert_int_equal(verify(&p, f, n), MDSEC_OK);
    assert_int_equal(mdsec_fw_is_valid(&res), MDSEC_FW_DECISION_VALID);
    assert_int_equal(res.hash_alg, MDSEC_HASH_SHA512);
    assert_int_equal(res.signer_count, 1);
    assert_memory_equal(res.signers[0], fx_pubhash_ed25519_bin, 32);
    assert_int_equal(res.version.build, 4);
    assert_int_equal(res.security_counter, 5);
    assert_int_equal(res.image_end, n);
    /* Streamed, it cannot be verified: a clear status at the SIG_PURE TLV, never valid. */
    assert_int_equal(mdsec_fw_verify(&ctx, &p, read_mem, (void *)f, (uint32_t)n, &res),
                     MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE);
    assert_int_equal(res.fail_offset, 0x200 + 24576 + 12 + 4 + 68);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    /* The key as a PUBKEY TLV. */
    assert_int_equal(
        verify(&p, fx_signed_ed25519_pure_fullkey_bin, fx_signed_ed25519_pure_fullkey_bin_len),
        MDSEC_OK);
    assert_memory_equal(res.signers[0], fx_pubhash_ed25519_bin, 32);
}

static void fixture_padded_confirmed_slot(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    assert_int_equal(fx_signed_ecdsa_p256_padded_confirmed_bin_len, 0x20000);
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_padded_confirmed_bin,
                            fx_signed_ecdsa_p256_padded_confirmed_bin_len),
                     MDSEC_OK);
    assert_int_equal(res.version.major, 2);
    assert_int_equal(res.security_counter, 0x02000000u);
    assert_true(res.image_end < 0x20000u);
}

static void fixture_fullkey_pubkey_tlv(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    assert_int_equal(
        verify(&p, fx_signed_ecdsa_p256_fullkey_bin, fx_signed_ecdsa_p256_fullkey_bin_len),
        MDSEC_OK);
    assert_int_equal(res.has_security_counter, 0);
    /* A PUBKEY TLV that equals no trusted key is not trusted. */
    p.keys = &keys[K_P384];
    p.key_count = 1;
    assert_int_equal(
        verify(&p, fx_signed_ecdsa_p256_fullkey_bin, fx_signed_ecdsa_p256_fullkey_bin_len),
        MDSEC_ERR_FW_UNTRUSTED_KEY);
}

static mdsec_fw_version_t installed_image1;
static int installed_calls;

static mdsec_status_t installed_of(void *c, uint8_t id, mdsec_fw_version_t *v)
{
    (void)c;
    installed_calls++;
    if (id != 1) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *v = installed_image1;
    return MDSEC_OK;
}

static void fixture_dependency(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const mdsec_fw_version_t ok = {1, 2, 0, 0}, newer = {2, 0, 0, 0}, old = {1, 1, 9, 99};
    (void)state;
    /* No way to learn installed versions: the dependency cannot be met. */
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_dep_bin, fx_signed_ecdsa_p256_dep_bin_len),
                     MDSEC_ERR_FW_DEPENDENCY);
    p.installed_of = installed_of;
    installed_image1 = ok;
    installed_calls = 0;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_dep_bin, fx_signed_ecdsa_p256_dep_bin_len),
                     MDSEC_OK);
    assert_int_equal(installed_calls, 1);
    assert_int_equal(res.dependency_count, 1);
    assert_int_equal(res.version.minor, 3);
    installed_image1 = newer;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_dep_bin, fx_signed_ecdsa_p256_dep_bin_len),
                     MDSEC_OK);
    installed_image1 = old;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_dep_bin, fx_signed_ecdsa_p256_dep_bin_len),
                     MDSEC_ERR_FW_DEPENDENCY);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
}

static void fixture_untrusted_and_unsigned(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_untrusted_key_bin,
                            fx_signed_ecdsa_p256_untrusted_key_bin_len),
                     MDSEC_ERR_FW_UNTRUSTED_KEY);
    assert_int_equal(res.signer_count, 0);
    assert_int_equal(verify(&p, fx_unsigned_hash_only_bin, fx_unsigned_hash_only_bin_len),
                     MDSEC_ERR_FW_UNSIGNED);
    assert_int_equal(res.signature_count, 0);
    /* The untrusted key's image is fine once that key is trusted. */
    p.keys = &keys[K_UNTRUSTED];
    p.key_count = 1;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_untrusted_key_bin,
                            fx_signed_ecdsa_p256_untrusted_key_bin_len),
                     MDSEC_OK);
}

/* ---- anti-rollback and commit ---- */

static void rollback_and_commit(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    mdsec_fw_result_t good;
    uint64_t c = 99;
    (void)state;
    p.use_counter = 1;
    p.counter_id = COUNTER_ID;
    assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &c), MDSEC_OK);
    assert_true(c == 0); /* a fresh device */
    /* Before any commit, both the old and the new image verify. */
    assert_int_equal(
        verify(&p, fx_signed_ecdsa_p256_old_seccnt2_bin, fx_signed_ecdsa_p256_old_seccnt2_bin_len),
        MDSEC_OK);
    assert_int_equal(res.security_counter, 2);
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    good = res;
    /* A failed verification cannot be committed, and changes nothing. */
    assert_int_equal(verify(&p, fx_unsigned_hash_only_bin, fx_unsigned_hash_only_bin_len),
                     MDSEC_ERR_FW_UNSIGNED);
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_ERR_FW_NOT_VERIFIED);
    assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &c), MDSEC_OK);
    assert_true(c == 0);
    /* Commit the counter-5 image: the counter-2 image is now a rollback. */
    assert_int_equal(mdsec_fw_commit(&p, &good), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &c), MDSEC_OK);
    assert_true(c == 5);
    assert_int_equal(
        verify(&p, fx_signed_ecdsa_p256_old_seccnt2_bin, fx_signed_ecdsa_p256_old_seccnt2_bin_len),
        MDSEC_ERR_FW_ROLLBACK);
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    /* Committing again is harmless. */
    assert_int_equal(mdsec_fw_commit(&p, &good), MDSEC_OK);
    /* An image without SEC_CNT counts as 0: a rollback now, and refused outright when required. */
    assert_int_equal(
        verify(&p, fx_signed_ecdsa_p256_fullkey_bin, fx_signed_ecdsa_p256_fullkey_bin_len),
        MDSEC_ERR_FW_ROLLBACK);
    p.use_counter = 0;
    p.require_security_counter = 1;
    assert_int_equal(
        verify(&p, fx_signed_ecdsa_p256_fullkey_bin, fx_signed_ecdsa_p256_fullkey_bin_len),
        MDSEC_ERR_FW_ROLLBACK);
}

static void version_downgrade_policy(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const mdsec_fw_version_t v1233 = {1, 2, 3, 3}, v1234 = {1, 2, 3, 4}, v124 = {1, 2, 4, 0};
    (void)state;
    p.downgrade = MDSEC_FW_DOWNGRADE_DENY;
    p.installed = v124;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_DOWNGRADE);
    p.installed = v1234;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    /* Build numbers count only when asked. */
    p.installed.build = 5;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    p.downgrade = MDSEC_FW_DOWNGRADE_DENY_WITH_BUILD;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_DOWNGRADE);
    p.installed = v1233;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    assert_int_equal(mdsec_fw_version_cmp(&v1233, &v1234, 0), 0);
    assert_true(mdsec_fw_version_cmp(&v1233, &v1234, 1) < 0);
    assert_true(mdsec_fw_version_cmp(&v124, &v1234, 1) > 0);
}

/* ---- revocation and thresholds, with real extra signatures ---- */

/* Offset of the unprotected TLV area of the image in img[]. */
static uint32_t unprot_off(const uint8_t *b)
{
    uint32_t hdr = (uint32_t)(b[8] | (b[9] << 8));
    uint32_t prot = (uint32_t)(b[10] | (b[11] << 8));
    uint32_t size = (uint32_t)(b[12] | (b[13] << 8) | (b[14] << 16) | ((uint32_t)b[15] << 24));
    return hdr + size + prot;
}

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

/* Copies a fixture into img[] and returns its length. */
static size_t load(const uint8_t *f, size_t n)
{
    assert_true(n <= sizeof img);
    memcpy(img, f, n);
    return n;
}

/* Appends a KEYHASH + ECDSA_SIG pair signed with a fixture private key. */
static size_t add_signature(size_t len, const uint8_t *pkcs8, size_t pkcs8_len,
                            const mdsec_fw_key_t *signer)
{
    mdsec_der_ec_privkey_t sk;
    mdsec_drbg_t drbg;
    uint8_t sig[MDSEC_ECDSA_SIG_DER_MAX];
    size_t sig_len = 0;
    uint32_t off = unprot_off(img);
    uint32_t tot = (uint32_t)(img[off + 2] | (img[off + 3] << 8));
    const uint8_t *digest = img + off + 4 + 4; /* the SHA256 TLV value (first TLV) */
    static const uint8_t seed[48] = {1, 2, 3};
    mdsec_status_t st;

    assert_int_equal(off + tot, len);
    assert_int_equal(mdsec_der_parse_ec_privkey(pkcs8, pkcs8_len, &sk), MDSEC_OK);
    st = mdsec_crypto_drbg_instantiate(&drbg, seed, sizeof seed, NULL, 0, NULL, 0);
    if (st == MDSEC_ERR_NOT_SUPPORTED) {
        st = mdsec_crypto_drbg_seed(&drbg, NULL, 0); /* the psa provider: no fixed inputs */
    }
    assert_int_equal(st, MDSEC_OK);
    assert_int_equal(mdsec_crypto_ecdsa_p256_sign(&drbg, sk.scalar.ptr, digest, 32, MDSEC_SIG_DER,
                                                  sig, sizeof sig, &sig_len),
                     MDSEC_OK);
    mdsec_crypto_drbg_wipe(&drbg);
    put16(img + len, 0x01);
    put16(img + len + 2, 32);
    memcpy(img + len + 4, mdsec_fw_key_hash(signer), 32);
    len += 36;
    put16(img + len, 0x22);
    put16(img + len + 2, (uint32_t)sig_len);
    memcpy(img + len + 4, sig, sig_len);
    len += 4 + sig_len;
    put16(img + off + 2, (uint32_t)(len - off));
    return len;
}

static void revoked_key_never_counts(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    uint8_t revoked[1][32];
    (void)state;
    memcpy(revoked[0], fx_pubhash_ecdsa_p256_bin, 32);
    p.revoked = (const uint8_t(*)[32])revoked;
    p.revoked_count = 1;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_KEY_REVOKED);
    assert_int_equal(res.revoked_count, 1);
    assert_int_equal(res.signer_count, 0);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    /* Another key's image is unaffected. */
    assert_int_equal(verify(&p, fx_signed_ecdsa_p384_bin, fx_signed_ecdsa_p384_bin_len), MDSEC_OK);
}

static void threshold_two_of_n(void **state)
{
    mdsec_fw_key_t two[2];
    mdsec_fw_policy_t p;
    uint8_t revoked[1][32];
    size_t len;
    (void)state;
    two[0] = keys[K_P256];
    two[1] = keys[K_UNTRUSTED]; /* trusted in this policy */
    memset(&p, 0, sizeof p);
    p.keys = two;
    p.key_count = 2;
    p.threshold = 2;
    /* One signature is not enough for k = 2. */
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_THRESHOLD);
    assert_int_equal(res.signer_count, 1);
    /* A second, real signature by the other key makes two. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    len = add_signature(len, fx_key_ecdsa_p256_untrusted_pkcs8_der,
                        fx_key_ecdsa_p256_untrusted_pkcs8_der_len, &keys[K_UNTRUSTED]);
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
    assert_int_equal(res.signature_count, 2);
    assert_int_equal(res.signer_count, 2);
    assert_memory_equal(res.signers[1], mdsec_fw_key_hash(&keys[K_UNTRUSTED]), 32);
    /* The same key twice counts once. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    len = add_signature(len, fx_key_ecdsa_p256_pkcs8_der, fx_key_ecdsa_p256_pkcs8_der_len,
                        &keys[K_P256]);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_THRESHOLD);
    assert_int_equal(res.signature_count, 2);
    assert_int_equal(res.signer_count, 1);
    /* Revoking one of the two signers brings it below the threshold. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    len = add_signature(len, fx_key_ecdsa_p256_untrusted_pkcs8_der,
                        fx_key_ecdsa_p256_untrusted_pkcs8_der_len, &keys[K_UNTRUSTED]);
    memcpy(revoked[0], mdsec_fw_key_hash(&keys[K_UNTRUSTED]), 32);
    p.revoked = (const uint8_t(*)[32])revoked;
    p.revoked_count = 1;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_THRESHOLD);
    assert_int_equal(res.revoked_count, 1);
    /* With k = 1 the remaining signer is enough. */
    p.threshold = 1;
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
    /* An extra signature by an untrusted key does not hurt a valid image. */
    p.keys = keys;
    p.key_count = K_UNTRUSTED;
    p.revoked = NULL;
    p.revoked_count = 0;
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
    assert_int_equal(res.signer_count, 1);
}

/* ---- Ed25519: keys, tampering, SIG_PURE ---- */

/* Offset in img[] of the index-th TLV (0: the hash TLV) of the unprotected area. */
static uint32_t tlv_at(size_t index)
{
    uint32_t off = unprot_off(img) + 4u;
    while (index-- > 0u) {
        off += 4u + (uint32_t)(img[off + 2] | (img[off + 3] << 8));
    }
    return off;
}

/* Inserts n bytes at off into the image of len bytes, growing the unprotected area. */
static size_t insert_bytes(size_t len, uint32_t off, const uint8_t *bytes, size_t n)
{
    uint32_t u = unprot_off(img);
    assert_true(len + n <= sizeof img);
    memmove(img + off + n, img + off, len - off);
    memcpy(img + off, bytes, n);
    put16(img + u + 2, (uint32_t)(img[u + 2] | (img[u + 3] << 8)) + (uint32_t)n);
    return len + n;
}

/* Removes n bytes at off, shrinking the unprotected area. */
static size_t remove_bytes(size_t len, uint32_t off, size_t n)
{
    uint32_t u = unprot_off(img);
    memmove(img + off, img + off + n, len - off - n);
    put16(img + u + 2, (uint32_t)(img[u + 2] | (img[u + 3] << 8)) - (uint32_t)n);
    return len - n;
}

/* Rewrites the hash TLV for the bytes now in img[] (anyone can: it is unkeyed). */
static void rehash(void)
{
    uint32_t h = tlv_at(0);
    uint32_t n = unprot_off(img);
    if (img[h] == 0x12) {
        assert_int_equal(mdsec_crypto_sha512(img, n, img + h + 4, 64), MDSEC_OK);
    } else {
        assert_int_equal(img[h], 0x10);
        assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, img, n, img + h + 4, 32), MDSEC_OK);
    }
}

static void ed25519_wrong_keys(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    uint8_t revoked[1][32];
    uint8_t kh[MDSEC_SHA512_LEN] = {0};
    size_t len;
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        skip();
    }
    /* Signed by a key the policy does not trust. */
    assert_int_equal(verify(&p, fx_signed_ed25519_pure_untrusted_key_bin,
                            fx_signed_ed25519_pure_untrusted_key_bin_len),
                     MDSEC_ERR_FW_UNTRUSTED_KEY);
    p.keys = &keys[K_ED25519_UNTRUSTED];
    p.key_count = 1;
    assert_int_equal(verify(&p, fx_signed_ed25519_pure_untrusted_key_bin,
                            fx_signed_ed25519_pure_untrusted_key_bin_len),
                     MDSEC_OK);
    assert_int_equal(verify(&p, fx_signed_ed25519_bin, fx_signed_ed25519_bin_len),
                     MDSEC_ERR_FW_UNTRUSTED_KEY);
    assert_int_equal(verify(&p, fx_signed_ed25519_pure_bin, fx_signed_ed25519_pure_bin_len),
                     MDSEC_ERR_FW_UNTRUSTED_KEY);
    p = base_policy();
    /* The other key's signature under the trusted key's KEYHASH: invalid. */
    len = load(fx_signed_ed25519_pure_untrusted_key_bin,
               fx_signed_ed25519_pure_untrusted_key_bin_len);
    assert_int_equal(mdsec_crypto_sha512(fx_pub_ed25519_der, fx_pub_ed25519_der_len, kh, sizeof kh),
                     MDSEC_OK);
    assert_int_equal(img[tlv_at(2)], 0x01);
    memcpy(img + tlv_at(2) + 4, kh, sizeof kh);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(res.signer_count, 0);
    /* An Ed25519 signature under a P-256 key's KEYHASH: the key type does not pair. */
    len = load(fx_signed_ed25519_bin, fx_signed_ed25519_bin_len);
    memcpy(img + tlv_at(1) + 4, fx_pubhash_ecdsa_p256_bin, 32);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
    /* A P-256 signature under the Ed25519 key's KEYHASH: likewise. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    memcpy(img + tlv_at(1) + 4, fx_pubhash_ed25519_bin, 32);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
    /* Revoked, by its SHA-256 key hash, in every form of image. */
    memcpy(revoked[0], fx_pubhash_ed25519_bin, 32);
    p.revoked = (const uint8_t(*)[32])revoked;
    p.revoked_count = 1;
    assert_int_equal(verify(&p, fx_signed_ed25519_bin, fx_signed_ed25519_bin_len),
                     MDSEC_ERR_FW_KEY_REVOKED);
    assert_int_equal(verify(&p, fx_signed_ed25519_sha512_bin, fx_signed_ed25519_sha512_bin_len),
                     MDSEC_ERR_FW_KEY_REVOKED);
    assert_int_equal(verify(&p, fx_signed_ed25519_pure_bin, fx_signed_ed25519_pure_bin_len),
                     MDSEC_ERR_FW_KEY_REVOKED);
    assert_int_equal(res.revoked_count, 1);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
}

static void ed25519_tampering(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const uint8_t *fixtures[3];
    size_t lens[3], i, len;
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        skip();
    }
    fixtures[0] = fx_signed_ed25519_bin;
    lens[0] = fx_signed_ed25519_bin_len;
    fixtures[1] = fx_signed_ed25519_sha512_bin;
    lens[1] = fx_signed_ed25519_sha512_bin_len;
    fixtures[2] = fx_signed_ed25519_pure_bin;
    lens[2] = fx_signed_ed25519_pure_bin_len;
    for (i = 0; i < 3; i++) {
        uint32_t sig;
        /* A body byte: the hash no longer matches. */
        len = load(fixtures[i], lens[i]);
        img[0x200 + 100] ^= 0x01;
        assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_HASH_MISMATCH);
        /* ... and with the hash TLV rewritten to match: the signature does not. */
        rehash();
        assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
        assert_true(res.fail_offset > unprot_off(img));
        /* The security counter raised and the hash rewritten: refused likewise. */
        len = load(fixtures[i], lens[i]);
        assert_int_equal(img[0x200 + 24576 + 8], 5);
        img[0x200 + 24576 + 8] = 9;
        rehash();
        assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
        /* S + L (the same scalar mod L): malformed, refused. */
        len = load(fixtures[i], lens[i]);
        sig = tlv_at(i == 2 ? 3 : 2);
        assert_int_equal(img[sig], 0x24);
        img[sig + 4 + 63] = (uint8_t)(img[sig + 4 + 63] + 0x10); /* + 2^252: S >= L */
        assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
        /* A signature of the wrong length. */
        len = load(fixtures[i], lens[i]);
        len = remove_bytes(len, sig + 4 + 63, 1);
        put16(img + sig + 2, 63);
        assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_LENGTH);
    }
}

static void sig_pure_rules(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const size_t n = fx_signed_ed25519_pure_bin_len;
    static const uint8_t sig_pure[5] = {0x25, 0x00, 0x01, 0x00, 0x01};
    size_t len;
    uint32_t at;
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        skip();
    }
    len = load(fx_signed_ed25519_pure_bin, n);
    at = tlv_at(1);
    assert_memory_equal(img + at, sig_pure, 5);
    /* Any other value than 1 (MCUboot and imgtool would disagree on it). */
    img[at + 4] = 0x00;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNKNOWN);
    assert_int_equal(res.fail_offset, at);
    img[at + 4] = 0x02;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNKNOWN);
    /* A length other than 1. */
    len = load(fx_signed_ed25519_pure_bin, n);
    len = insert_bytes(len, at + 5, sig_pure + 4, 1);
    put16(img + at + 2, 2);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_LENGTH);
    /* Twice. */
    len = load(fx_signed_ed25519_pure_bin, n);
    len = insert_bytes(len, at, sig_pure, 5);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_DUPLICATE);
    /* After the key TLV (imgtool writes it before). */
    len = load(fx_signed_ed25519_pure_bin, n);
    len = remove_bytes(len, at, 5);
    len = insert_bytes(len, tlv_at(2), sig_pure, 5);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNKNOWN);
    /* Before the hash TLV. */
    len = load(fx_signed_ed25519_pure_bin, n);
    len = remove_bytes(len, at, 5);
    len = insert_bytes(len, tlv_at(0), sig_pure, 5);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_HASH_MISSING);
    /* Removed: the pure signature is then checked over the digest, and fails. */
    len = load(fx_signed_ed25519_pure_bin, n);
    len = remove_bytes(len, at, 5);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
    /* Added to a digest-signed image: its signature is not over the image bytes. */
    len = load(fx_signed_ed25519_sha512_bin, fx_signed_ed25519_sha512_bin_len);
    len = insert_bytes(len, tlv_at(1), sig_pure, 5);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
    /* Added to a P-256 image: only Ed25519 signs the image bytes. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    len = insert_bytes(len, tlv_at(1), sig_pure, 5);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_SIGNATURE_INVALID);
    /* The streaming call refuses it there, before any signature. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    len = insert_bytes(len, tlv_at(1), sig_pure, 5);
    assert_int_equal(mdsec_fw_verify(&ctx, &p, read_mem, img, (uint32_t)len, &res),
                     MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE);
}

/* 2 of 2 with one ECDSA P-256 and one Ed25519 signature: the two imgtool
 * fixtures of the same payload have the same digest, so the Ed25519 image's
 * KEYHASH + ED25519 pair is a valid second signature of the P-256 image. */
static void threshold_ecdsa_and_ed25519(void **state)
{
    mdsec_fw_key_t two[2];
    mdsec_fw_policy_t p;
    size_t len;
    uint32_t from, n;
    (void)state;
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    from = unprot_off(fx_signed_ed25519_bin) + 4u + 36u;
    n = (uint32_t)fx_signed_ed25519_bin_len - from;
    assert_int_equal(n, 36 + 68);
    len = insert_bytes(len, (uint32_t)len, fx_signed_ed25519_bin + from, n);
    two[0] = keys[K_P256];
    two[1] = keys[K_ED25519];
    memset(&p, 0, sizeof p);
    p.keys = two;
    p.key_count = 2;
    p.threshold = 2;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_THRESHOLD);
        return;
    }
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
    assert_int_equal(res.signature_count, 2);
    assert_int_equal(res.signer_count, 2);
    assert_memory_equal(res.signers[0], fx_pubhash_ecdsa_p256_bin, 32);
    assert_memory_equal(res.signers[1], fx_pubhash_ed25519_bin, 32);
}

/* Every bit of the pure image's header, TLV areas and every 97th body byte. */
static void tamper_every_bit_of_pure_image(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const size_t len = fx_signed_ed25519_pure_bin_len;
    size_t i, tried = 0;
    unsigned bit;
#if defined(__arm__)
    const size_t body_step = 997; /* under QEMU: fewer body bytes */
#else
    const size_t body_step = 97;
#endif
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        skip();
    }
    for (i = 0; i < len; i++) {
        if (!(i < 32 || i >= 0x200 + 24576 || i % body_step == 0)) {
            continue;
        }
        for (bit = 0; bit < 8; bit++) {
            load(fx_signed_ed25519_pure_bin, len);
            img[i] ^= (uint8_t)(1u << bit);
            if (verify(&p, img, len) == MDSEC_OK) {
                fail_msg("flipping bit %u of byte %lu was accepted", bit, (unsigned long)i);
            }
            assert_int_equal(mdsec_fw_is_valid(&res), 0);
            tried++;
        }
    }
    assert_true(tried > 8 * (32 + 12 + 213));
}

/* ---- strict structure ---- */

static void header_rules(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    size_t len;
    (void)state;
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    img[0] ^= 1;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_MAGIC);
    assert_int_equal(res.fail_offset, 0);
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + 8, 31); /* header smaller than its structure */
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_HEADER);
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    img[16] |= 0x04; /* ENCRYPTED_AES128 */
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_ENCRYPTED);
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    img[15] = 0xFF; /* image size beyond the region: wrap-safe */
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_BOUNDS);
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    assert_int_equal(verify(&p, img, 31), MDSEC_ERR_FW_HEADER);
    assert_int_equal(verify(&p, img, 0), MDSEC_ERR_FW_HEADER);
}

static void tlv_rules(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    size_t len;
    uint32_t u;
    (void)state;
    /* Protected area: size that disagrees with the header. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + 0x200 + 24576 + 2, 13);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_SIZE);
    /* Protected area with the wrong magic. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + 0x200 + 24576, 0x6907);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_MAGIC);
    /* An unknown protected TLV, and an encryption TLV. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + 0x200 + 24576 + 4, 0x51);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNKNOWN);
    put16(img + 0x200 + 24576 + 4, 0x31);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_ENCRYPTED);
    /* SEC_CNT with the wrong length. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + 0x200 + 24576 + 6, 3);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_LENGTH);
    /* Unprotected area: total that disagrees with its TLVs, both ways. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    u = unprot_off(img);
    put16(img + u + 2, (uint32_t)(len - u - 1));
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_SIZE);
    put16(img + u + 2, (uint32_t)(len - u + 1));
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_SIZE);
    /* SEC_CNT outside the protected area (renaming the KEYHASH TLV). */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + u + 4 + 36, 0x50);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNPROTECTED);
    put16(img + u + 4 + 36, 0x40);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNPROTECTED);
    put16(img + u + 4 + 36, 0x77);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_UNKNOWN);
    /* A second hash TLV. */
    put16(img + u + 4 + 36, 0x10);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TLV_DUPLICATE);
    /* The hash TLV renamed to SHA512: too short for SHA-512, or (without
     * Ed25519) a hash this build cannot compute. */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + u + 4, 0x12);
    assert_int_equal(verify(&p, img, len), MDSEC_CRYPTO_HAS_ED25519 ? MDSEC_ERR_FW_TLV_LENGTH
                                                                    : MDSEC_ERR_FW_ALG_UNSUPPORTED);
    /* A signature with no key TLV before it (KEYHASH renamed to a signature type). */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    put16(img + u + 4 + 36, 0x24);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_KEY_TLV);
}

static void keyhash_prefix_rules(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    size_t len, n;
    uint32_t u;
    (void)state;
    /* Shorten the KEYHASH to a 16-byte prefix: accepted (MCUboot's prefix rule). */
    len = load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    u = unprot_off(img);
    n = len - (u + 4 + 36 + 4 + 32);
    put16(img + u + 4 + 36 + 2, 16);
    memmove(img + u + 4 + 36 + 4 + 16, img + u + 4 + 36 + 4 + 32, n);
    len -= 16;
    put16(img + u + 2, (uint32_t)(len - u));
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
    /* Below MDSEC_FW_KEYHASH_MIN (15 bytes): refused, never a match. */
    n = len - (u + 4 + 36 + 4 + 16);
    put16(img + u + 4 + 36 + 2, 15);
    memmove(img + u + 4 + 36 + 4 + 15, img + u + 4 + 36 + 4 + 16, n);
    len -= 1;
    put16(img + u + 2, (uint32_t)(len - u));
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_KEY_TLV);
}

static void trailer_and_trailing_bytes(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    size_t len = fx_signed_ecdsa_p256_padded_confirmed_bin_len;
    (void)state;
    /* Trailing garbage after an exact image. */
    load(fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    img[fx_signed_ecdsa_p256_bin_len] = 0x00;
    assert_int_equal(verify(&p, img, fx_signed_ecdsa_p256_bin_len + 1), MDSEC_ERR_FW_TRAILER);
    img[fx_signed_ecdsa_p256_bin_len] = 0xFF;
    assert_int_equal(verify(&p, img, fx_signed_ecdsa_p256_bin_len + 1), MDSEC_ERR_FW_TRAILER);
    /* A padded slot with one non-erased byte in the padding. */
    load(fx_signed_ecdsa_p256_padded_confirmed_bin, len);
    img[len / 2] = 0x00;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TRAILER);
    assert_int_equal(res.fail_offset, len / 2);
    /* A corrupted boot magic. */
    load(fx_signed_ecdsa_p256_padded_confirmed_bin, len);
    img[len - 1] ^= 1;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TRAILER);
    /* image_ok must be 0x01 or erased. */
    load(fx_signed_ecdsa_p256_padded_confirmed_bin, len);
    assert_int_equal(img[len - 24], 0x01);
    img[len - 24] = 0x02;
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_TRAILER);
    /* An unconfirmed image (image_ok erased) and an erased trailer are fine. */
    img[len - 24] = 0xFF;
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
    memset(img + len - 16, 0xFF, 16);
    assert_int_equal(verify(&p, img, len), MDSEC_OK);
}

/* ---- exhaustive tampering ---- */

static void tamper_every_bit_of_header_tlvs_and_signature(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const size_t len = fx_signed_ecdsa_p256_bin_len;
    const uint32_t u = unprot_off(fx_signed_ecdsa_p256_bin);
    size_t i, tried = 0;
    unsigned bit;
    (void)state;
    for (i = 0; i < len; i++) {
        /* The 32-byte header, the protected TLVs, the whole unprotected area
         * (hash, key hash, signature), and every 97th byte of the rest. */
        if (!(i < 32 || (i >= 0x200 + 24576) || i % 97 == 0)) {
            continue;
        }
        for (bit = 0; bit < 8; bit++) {
            load(fx_signed_ecdsa_p256_bin, len);
            img[i] ^= (uint8_t)(1u << bit);
            if (verify(&p, img, len) == MDSEC_OK) {
                fail_msg("flipping bit %u of byte %lu was accepted", bit, (unsigned long)i);
            }
            assert_int_equal(mdsec_fw_is_valid(&res), 0);
            tried++;
        }
    }
    assert_true(tried > 8 * (32 + (len - u)));
}

static void truncation_at_every_length(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const size_t len = fx_signed_ecdsa_p256_bin_len;
    size_t n;
#if defined(__arm__)
    const size_t step = 61; /* under QEMU: every 61st length plus the last 300 */
#else
    const size_t step = 1;
#endif
    (void)state;
    for (n = 0; n < len; n++) {
        if (n % step != 0 && n < len - 300) {
            continue;
        }
        if (verify(&p, fx_signed_ecdsa_p256_bin, n) == MDSEC_OK) {
            fail_msg("truncation to %lu bytes was accepted", (unsigned long)n);
        }
    }
}

static void inflated_length_fields(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    const size_t len = fx_signed_ecdsa_p256_bin_len;
    const uint32_t u = unprot_off(fx_signed_ecdsa_p256_bin);
    /* Every 16-bit length field: header size, protected size, image size
     * (low half), both TLV totals and every TLV length. */
    const uint32_t fields[] = {8,     10,    12,         0x200 + 24576 + 2, 0x200 + 24576 + 6,
                               u + 2, u + 6, u + 6 + 36, u + 6 + 72};
    const uint32_t deltas[] = {1, 2, 4, 0x80, 0x100, 0x7FFF, 0xFFFF};
    size_t f, d;
    (void)state;
    for (f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        for (d = 0; d < sizeof deltas / sizeof deltas[0]; d++) {
            uint32_t v;
            load(fx_signed_ecdsa_p256_bin, len);
            v = (uint32_t)(img[fields[f]] | (img[fields[f] + 1] << 8));
            put16(img + fields[f], (v + deltas[d]) & 0xFFFF);
            if (verify(&p, img, len) == MDSEC_OK) {
                fail_msg("length field at %lu + %lu accepted", (unsigned long)fields[f],
                         (unsigned long)deltas[d]);
            }
        }
    }
    /* The 32-bit image size, set to its maximum. */
    load(fx_signed_ecdsa_p256_bin, len);
    memset(img + 12, 0xFF, 4);
    assert_int_equal(verify(&p, img, len), MDSEC_ERR_FW_BOUNDS);
}

/* ---- streaming, policy and events ---- */

static size_t max_read;
static int fail_reads_after;

static mdsec_status_t counting_read(void *c, uint32_t off, void *buf, size_t n)
{
    const uint8_t *image = c;
    if (n > max_read) {
        max_read = n;
    }
    if (fail_reads_after >= 0 && fail_reads_after-- == 0) {
        return MDSEC_ERR_STORAGE_IO;
    }
    memcpy(buf, image + off, n);
    return MDSEC_OK;
}

static void streams_in_bounded_chunks(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    max_read = 0;
    fail_reads_after = -1;
    assert_int_equal(mdsec_fw_verify(&ctx, &p, counting_read, (void *)fx_signed_ecdsa_p256_bin,
                                     (uint32_t)fx_signed_ecdsa_p256_bin_len, &res),
                     MDSEC_OK);
    assert_true(max_read <= MDSEC_FW_BUF_SIZE);
    /* A read that fails at any point stops verification with FW_READ. */
    fail_reads_after = 5;
    assert_int_equal(mdsec_fw_verify(&ctx, &p, counting_read, (void *)fx_signed_ecdsa_p256_bin,
                                     (uint32_t)fx_signed_ecdsa_p256_bin_len, &res),
                     MDSEC_ERR_FW_READ);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
}

static void policy_errors(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    mdsec_fw_key_t blank;
    (void)state;
    memset(&blank, 0, sizeof blank);
    p.threshold = K_UNTRUSTED + 1;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_POLICY);
    p = base_policy();
    p.key_count = 0;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_POLICY);
    p.keys = &blank;
    p.key_count = 1;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_POLICY);
    assert_int_equal(verify(NULL, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len),
                     MDSEC_ERR_FW_POLICY);
    assert_int_equal(mdsec_fw_verify_buffer(&ctx, &p, NULL, 10, &res), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_fw_key_from_spki(&blank, fx_pub_ecdsa_p256_der, 10),
                     MDSEC_ERR_PARSE_TRUNCATED);
    assert_null(mdsec_fw_key_hash(&blank));
}

static int events;
static mdsec_event_t last_event;

static void sink(void *c, const mdsec_event_t *ev)
{
    (void)c;
    events++;
    last_event = *ev;
}

static void every_verification_is_reported(void **state)
{
    mdsec_fw_policy_t p = base_policy();
    (void)state;
    mdsec_event_set_sink(sink, NULL);
    events = 0;
    assert_int_equal(verify(&p, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    assert_int_equal(events, 2); /* attempt and result */
    assert_int_equal(last_event.code, MDSEC_EV_SW_UPDATE_RESULT);
    assert_int_equal(last_event.outcome, MDSEC_OUTCOME_SUCCESS);
    assert_int_equal(last_event.source, MDSEC_SRC_FW);
    assert_int_equal(last_event.detail[0], 1);  /* version TLV */
    assert_int_equal(last_event.detail[2], 1);  /* major */
    assert_int_equal(last_event.detail[12], 5); /* security counter */
    assert_int_equal(verify(&p, fx_unsigned_hash_only_bin, fx_unsigned_hash_only_bin_len),
                     MDSEC_ERR_FW_UNSIGNED);
    assert_int_equal(events, 4);
    assert_int_equal(last_event.outcome, MDSEC_OUTCOME_MINOR);
    assert_int_equal(last_event.status, MDSEC_ERR_FW_UNSIGNED);
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_ERR_FW_NOT_VERIFIED);
    assert_int_equal(events, 5);
    assert_int_equal(last_event.code, MDSEC_EV_SW_COMMIT);
    mdsec_event_set_sink(NULL, NULL);
}

static void is_valid_rejects_inconsistent_but_clean_results(void **state)
{
    mdsec_fw_result_t r;
    (void)state;
    memset(&r, 0, sizeof r);
    assert_int_equal(mdsec_fw_is_valid(&r), 0); /* status OK but no decision: not valid */
    r.status = MDSEC_ERR_FW_UNSIGNED;
    assert_int_equal(mdsec_fw_is_valid(&r), 0);
    assert_int_equal(mdsec_fw_is_valid(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_hashes_match_imgtool),
        cmocka_unit_test(fixture_ecdsa_p256_valid),
        cmocka_unit_test(fixture_ecdsa_p384_valid),
        cmocka_unit_test(fixture_rsa),
        cmocka_unit_test(fixture_ed25519),
        cmocka_unit_test(fixture_ed25519_sha512),
        cmocka_unit_test(fixture_ed25519_pure),
        cmocka_unit_test(fixture_padded_confirmed_slot),
        cmocka_unit_test(fixture_fullkey_pubkey_tlv),
        cmocka_unit_test(fixture_dependency),
        cmocka_unit_test(fixture_untrusted_and_unsigned),
        cmocka_unit_test(rollback_and_commit),
        cmocka_unit_test(version_downgrade_policy),
        cmocka_unit_test(revoked_key_never_counts),
        cmocka_unit_test(threshold_two_of_n),
        cmocka_unit_test(ed25519_wrong_keys),
        cmocka_unit_test(ed25519_tampering),
        cmocka_unit_test(sig_pure_rules),
        cmocka_unit_test(threshold_ecdsa_and_ed25519),
        cmocka_unit_test(tamper_every_bit_of_pure_image),
        cmocka_unit_test(header_rules),
        cmocka_unit_test(tlv_rules),
        cmocka_unit_test(keyhash_prefix_rules),
        cmocka_unit_test(trailer_and_trailing_bytes),
        cmocka_unit_test(tamper_every_bit_of_header_tlvs_and_signature),
        cmocka_unit_test(truncation_at_every_length),
        cmocka_unit_test(inflated_length_fields),
        cmocka_unit_test(streams_in_bounded_chunks),
        cmocka_unit_test(policy_errors),
        cmocka_unit_test(every_verification_is_reported),
        cmocka_unit_test(is_valid_rejects_inconsistent_but_clean_results),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
