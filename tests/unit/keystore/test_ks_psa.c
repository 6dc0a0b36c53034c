/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The PSA keystore backend against Mbed TLS's PSA Crypto implementation and
 * its persistent key storage (ITS files in the current directory: the test
 * works in a fresh temporary directory). It proves: provisioning makes a
 * persistent, non-exportable key; sign through the keystore and verify with
 * the exported public key (software and PSA); the RFC 6979 A.2.5 key held
 * by PSA gives the published public key and verifies the published
 * signature; the process restarted (the test runs itself again as a child)
 * binds the same key and signs with it; a refused operation never reaches
 * PSA and mdsec never calls psa_export_key on a bound key (both counted
 * with the linker's --wrap); every binding error returns its own status; a key replaced
 * behind mdsec's back is refused; destroy; the context lifecycle.
 */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#if defined(MDSEC_WITH_KS_PSA)

#include <ftw.h>
#include <sys/wait.h>
#include <unistd.h>

#include <psa/crypto.h>

#include "crypto/crypto.h"
#include "event_capture.h"
#include "mdsec/event.h"
#include "mdsec/keystore.h"
#include "mdsec/ks_psa.h"
#include "mdsec/port.h"
#include "rfc6979_ecdsa.h"

/* ---- the PSA calls, counted (-Wl,--wrap=...; the test itself calls __real_*) ---- */

static unsigned n_sign;
static unsigned n_verify;
static unsigned n_export_public;
static unsigned n_export;
static unsigned n_destroy;

psa_status_t __real_psa_sign_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash,
                                  size_t hash_length, uint8_t *signature, size_t signature_size,
                                  size_t *signature_length);
psa_status_t __real_psa_verify_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash,
                                    size_t hash_length, const uint8_t *signature,
                                    size_t signature_length);
psa_status_t __real_psa_export_public_key(psa_key_id_t key, uint8_t *data, size_t data_size,
                                          size_t *data_length);
psa_status_t __real_psa_export_key(psa_key_id_t key, uint8_t *data, size_t data_size,
                                   size_t *data_length);
psa_status_t __real_psa_destroy_key(psa_key_id_t key);
psa_status_t __wrap_psa_sign_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash,
                                  size_t hash_length, uint8_t *signature, size_t signature_size,
                                  size_t *signature_length);
psa_status_t __wrap_psa_verify_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash,
                                    size_t hash_length, const uint8_t *signature,
                                    size_t signature_length);
psa_status_t __wrap_psa_export_public_key(psa_key_id_t key, uint8_t *data, size_t data_size,
                                          size_t *data_length);
psa_status_t __wrap_psa_export_key(psa_key_id_t key, uint8_t *data, size_t data_size,
                                   size_t *data_length);
psa_status_t __wrap_psa_destroy_key(psa_key_id_t key);

/*
 * Which calls count: those on the backend's keys. With the psa crypto
 * provider (MDSEC_CRYPTO=psa, or its RSA-PSS as BearSSL's fallback) the
 * library's own software crypto runs through PSA too, on volatile keys it
 * imports for one operation and destroys (src/crypto/psa.c); only calls on
 * persistent keys, the ones the backend is bound to, are counted then.
 */
static int counted(psa_key_id_t key)
{
#if defined(MDSEC_CRYPTO_PSA) || defined(MDSEC_CRYPTO_FALLBACK_PSA)
    return key >= PSA_KEY_ID_USER_MIN && key <= PSA_KEY_ID_USER_MAX;
#else
    (void)key;
    return 1;
#endif
}

psa_status_t __wrap_psa_sign_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash,
                                  size_t hash_length, uint8_t *signature, size_t signature_size,
                                  size_t *signature_length)
{
    n_sign += (unsigned)counted(key);
    return __real_psa_sign_hash(key, alg, hash, hash_length, signature, signature_size,
                                signature_length);
}

psa_status_t __wrap_psa_verify_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash,
                                    size_t hash_length, const uint8_t *signature,
                                    size_t signature_length)
{
    n_verify += (unsigned)counted(key);
    return __real_psa_verify_hash(key, alg, hash, hash_length, signature, signature_length);
}

psa_status_t __wrap_psa_export_public_key(psa_key_id_t key, uint8_t *data, size_t data_size,
                                          size_t *data_length)
{
    n_export_public += (unsigned)counted(key);
    return __real_psa_export_public_key(key, data, data_size, data_length);
}

psa_status_t __wrap_psa_export_key(psa_key_id_t key, uint8_t *data, size_t data_size,
                                   size_t *data_length)
{
    n_export += (unsigned)counted(key);
    return __real_psa_export_key(key, data, data_size, data_length);
}

psa_status_t __wrap_psa_destroy_key(psa_key_id_t key)
{
    n_destroy += (unsigned)counted(key);
    return __real_psa_destroy_key(key);
}

static unsigned psa_calls(void)
{
    return n_sign + n_verify + n_export_public + n_export + n_destroy;
}

/* ---- fixtures ---- */

#define ID_DEVICE 0x10u /* provisioned: SIGN | VERIFY | EXPORT_PUBLIC */
#define ID_SIGNER 0x20u /* provisioned: SIGN only, write-once */
#define ID_RFC    0x30u /* the RFC 6979 A.2.5 key pair, imported into PSA */
#define ID_RFCPUB 0x40u /* the RFC 6979 A.2.5 public key */

#define PSA_DEVICE 0x100u
#define PSA_SIGNER 0x200u
#define PSA_RFC    0x300u
#define PSA_RFCPUB 0x400u

static char g_dir[64];
static char g_exe[4096];
static mdsec_ks_ctx_t ks;
static mdsec_ks_psa_t kp;
static mdsec_ks_backend_t be;
static uint8_t g_digest[32]; /* SHA-256("mdsec psa backend") */
static uint8_t g_sample[32]; /* SHA-256("sample"), the RFC 6979 message */

static mdsec_ks_psa_binding_t binding(uint32_t id, uint32_t psa_id, uint16_t type, uint32_t usage)
{
    mdsec_ks_psa_binding_t b;
    memset(&b, 0, sizeof b);
    b.id = id;
    b.psa_id = psa_id;
    b.type = type;
    b.bits = 256;
    b.usage = usage;
    b.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    return b;
}

#define U_ALL (MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC)
#define U_PUB (MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC)

static size_t good_table(mdsec_ks_psa_binding_t t[4])
{
    t[0] = binding(ID_DEVICE, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    t[1] = binding(ID_SIGNER, PSA_SIGNER, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    t[1].flags = MDSEC_KS_FLAG_WRITE_ONCE;
    t[2] = binding(ID_RFC, PSA_RFC, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    t[3] = binding(ID_RFCPUB, PSA_RFCPUB, MDSEC_KS_TYPE_ECC_P256_PUBLIC, U_PUB);
    return 4;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= b[i];
    }
    return acc == 0u;
}

/* Keystore (RAM only) + PSA backend on table t, attached. */
static mdsec_status_t open_all(const mdsec_ks_psa_binding_t *t, size_t n)
{
    const mdsec_ks_config_t cfg = {0u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID};
    mdsec_status_t st = mdsec_ks_init(&ks, &cfg);
    if (st == MDSEC_OK) {
        st = mdsec_ks_psa_open(&kp, t, n);
    }
    if (st == MDSEC_OK) {
        st = mdsec_ks_psa_backend(&kp, &be);
    }
    if (st == MDSEC_OK) {
        st = mdsec_ks_attach_backend(&ks, &be);
    }
    return st;
}

static void close_all(void)
{
    assert_int_equal(mdsec_ks_attach_backend(&ks, NULL), MDSEC_OK);
    mdsec_ks_psa_close(&kp);
    mdsec_ks_deinit(&ks);
}

/* A persistent (or, with id 0, volatile) key made by the test's own PSA calls. */
static psa_status_t make_key(uint32_t psa_id, psa_key_type_t type, size_t bits, psa_algorithm_t alg,
                             psa_algorithm_t alg2, psa_key_usage_t usage)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t made = 0;
    if (psa_id != 0u) {
        psa_set_key_id(&a, (psa_key_id_t)psa_id);
    }
    psa_set_key_type(&a, type);
    psa_set_key_bits(&a, bits);
    psa_set_key_algorithm(&a, alg);
    psa_set_key_enrollment_algorithm(&a, alg2);
    psa_set_key_usage_flags(&a, usage);
    const psa_status_t st = psa_generate_key(&a, &made);
    psa_reset_key_attributes(&a);
    return st;
}

static psa_status_t import_key(uint32_t psa_id, psa_key_type_t type, psa_key_usage_t usage,
                               const uint8_t *data, size_t len)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t made = 0;
    psa_set_key_id(&a, (psa_key_id_t)psa_id);
    psa_set_key_type(&a, type);
    psa_set_key_algorithm(&a, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(&a, usage);
    const psa_status_t st = psa_import_key(&a, data, len, &made);
    psa_reset_key_attributes(&a);
    return st;
}

static mdsec_status_t sw_verify(const uint8_t pub[65], const uint8_t *hash, const uint8_t *sig)
{
    return mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, 64, MDSEC_SIG_RAW);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    int32_t ps = 1;
    const ssize_t n = readlink("/proc/self/exe", g_exe, sizeof g_exe - 1u);
    assert_true(n > 0);
    g_exe[n] = '\0';
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    mdsec_event_set_sink(evcap_sink, NULL);
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/mdsec-psa-XXXXXX",
             tmp != NULL && strlen(tmp) < 40u ? tmp : "/tmp");
    assert_non_null(mkdtemp(g_dir));
    assert_int_equal(chdir(g_dir), 0); /* Mbed TLS keeps its ITS files here */
    assert_int_equal(psa_crypto_init(), PSA_SUCCESS);
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, "mdsec psa backend", 17, g_digest, 32),
                     MDSEC_OK);
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, "sample", 6, g_sample, 32), MDSEC_OK);

    (void)good_table(t);
    assert_int_equal(mdsec_ks_psa_provision(&t[0], &ps), MDSEC_OK);
    assert_int_equal(ps, PSA_SUCCESS);
    assert_int_equal(mdsec_ks_psa_provision(&t[1], NULL), MDSEC_OK);
    /* The RFC 6979 key, imported as persistent and non-exportable by the test. */
    assert_int_equal(import_key(PSA_RFC, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1),
                                PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH,
                                tv_rfc6979_p256_x, 32),
                     PSA_SUCCESS);
    assert_int_equal(import_key(PSA_RFCPUB, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1),
                                PSA_KEY_USAGE_VERIFY_HASH, tv_rfc6979_p256_pub, 65),
                     PSA_SUCCESS);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    mdsec_event_set_sink(NULL, NULL);
    mbedtls_psa_crypto_free();
    if (g_dir[0] != '\0') {
        assert_int_equal(chdir("/"), 0);
        (void)nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    return 0;
}

/* ---- tests ---- */

static void provision_makes_persistent_non_exportable_key(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    uint8_t buf[128];
    size_t len = 99;
    int32_t ps = 0;
    (void)good_table(t);
    assert_int_equal(psa_get_key_attributes((psa_key_id_t)PSA_DEVICE, &a), PSA_SUCCESS);
    assert_int_equal(psa_get_key_lifetime(&a), PSA_KEY_LIFETIME_PERSISTENT);
    assert_int_equal(psa_get_key_type(&a), PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    assert_int_equal(psa_get_key_bits(&a), 256);
    assert_int_equal(psa_get_key_algorithm(&a), PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    /* SIGN/VERIFY_HASH (Mbed TLS adds the _MESSAGE flags they imply); never EXPORT or COPY. */
    assert_int_equal(psa_get_key_usage_flags(&a),
                     PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH |
                         PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE);
    psa_reset_key_attributes(&a);
    /* Mbed TLS stores it as an ITS file in the working directory. */
    assert_int_equal(access("0000000000000100.psa_its", F_OK), 0);
    assert_int_equal(access("0000000000000200.psa_its", F_OK), 0);

    /* The material cannot be read. */
    memset(buf, 0, sizeof buf);
    assert_int_equal(__real_psa_export_key((psa_key_id_t)PSA_DEVICE, buf, sizeof buf, &len),
                     PSA_ERROR_NOT_PERMITTED);
    assert_true(all_zero(buf, sizeof buf));

    /* Provisioning twice, a public key, invalid bindings. */
    assert_int_equal(mdsec_ks_psa_provision(&t[0], &ps), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(ps, PSA_ERROR_ALREADY_EXISTS);
    assert_int_equal(mdsec_ks_psa_provision(&t[3], &ps), MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(ps, 0);
    assert_int_equal(mdsec_ks_psa_provision(NULL, &ps), MDSEC_ERR_INVALID_ARG);
    t[0].usage |= MDSEC_KS_USAGE_EXPORT;
    t[0].psa_id = 0x700u;
    assert_int_equal(mdsec_ks_psa_provision(&t[0], &ps), MDSEC_ERR_KS_ATTRIBUTES);
    assert_int_equal(psa_get_key_attributes((psa_key_id_t)0x700u, &a), PSA_ERROR_INVALID_HANDLE);
    psa_reset_key_attributes(&a);
    /* PSA refuses an id outside the user range for a new key. */
    t[0].usage = U_ALL;
    t[0].psa_id = 0x40000001u;
    assert_int_equal(mdsec_ks_psa_provision(&t[0], &ps), MDSEC_ERR_KS_ATTRIBUTES);
    assert_int_equal(ps, PSA_ERROR_INVALID_ARGUMENT);
}

static void sign_and_verify_with_public_key(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    uint8_t sig[72];
    uint8_t pub[MDSEC_KS_PUBLIC_KEY_MAX];
    uint8_t pub_psa[65];
    uint8_t bad[32];
    size_t len = 0;
    size_t plen = 0;
    mdsec_ks_attributes_t attr;
    assert_int_equal(open_all(t, good_table(t)), MDSEC_OK);
    const unsigned sign0 = n_sign;
    const unsigned verify0 = n_verify;
    evcap_reset();

    assert_int_equal(mdsec_ks_get_attributes(&ks, ID_DEVICE, &attr), MDSEC_OK);
    assert_int_equal(attr.type, MDSEC_KS_TYPE_ECC_P256_PAIR);
    assert_int_equal(attr.bits, 256);
    assert_int_equal(attr.usage, U_ALL);
    assert_int_equal(attr.alg, MDSEC_KS_ALG_ECDSA_P256_SHA256);
    assert_int_equal(attr.lifetime, MDSEC_KS_LIFETIME_PERSISTENT);
    assert_int_equal(attr.location, MDSEC_KS_LOCATION_EXTERNAL);

    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(len, 64);
    assert_int_equal(n_sign, sign0 + 1u);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, ID_DEVICE, MDSEC_OK));

    /* The public key mdsec exports is PSA's, and verifies the signature in software. */
    assert_int_equal(mdsec_ks_export_public(&ks, ID_DEVICE, pub, sizeof pub, &plen), MDSEC_OK);
    assert_int_equal(plen, 65);
    assert_int_equal(pub[0], 0x04);
    assert_int_equal(
        __real_psa_export_public_key((psa_key_id_t)PSA_DEVICE, pub_psa, sizeof pub_psa, &len),
        PSA_SUCCESS);
    assert_int_equal(len, 65);
    assert_memory_equal(pub, pub_psa, 65);
    assert_int_equal(sw_verify(pub, g_digest, sig), MDSEC_OK);
    memcpy(bad, g_digest, 32);
    bad[5] ^= 0x01u;
    assert_int_equal(sw_verify(pub, bad, sig), MDSEC_ERR_SIGNATURE_INVALID);

    /* And through the keystore (psa_verify_hash). */
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                            g_digest, 32, sig, 64),
                     MDSEC_OK);
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, bad, 32, sig, 64),
        MDSEC_ERR_SIGNATURE_INVALID);
    sig[63] ^= 0x80u;
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                            g_digest, 32, sig, 64),
                     MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(n_verify, verify0 + 3u);
    /* A signature of the wrong length is malformed, as in software, without asking PSA. */
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                            g_digest, 32, sig, 63),
                     MDSEC_ERR_SIGNATURE_MALFORMED);
    assert_int_equal(n_verify, verify0 + 3u);

    /* Output buffers: too small is refused before PSA, and left zeroed. */
    memset(sig, 0xAA, sizeof sig);
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, 63, &len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(all_zero(sig, 63));
    assert_int_equal(len, 0);
    assert_int_equal(mdsec_ks_export_public(&ks, ID_DEVICE, pub, 64, &plen),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(plen, 0);
    assert_int_equal(n_sign, sign0 + 1u);
    close_all();
}

static void rfc6979_key_held_by_psa(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    uint8_t pub[65];
    uint8_t sig[64];
    uint8_t bad[64];
    size_t len = 0;
    assert_int_equal(open_all(t, good_table(t)), MDSEC_OK);
    /* RFC 6979 A.2.5: the public key U of the private key x held by PSA. */
    assert_int_equal(mdsec_ks_export_public(&ks, ID_RFC, pub, sizeof pub, &len), MDSEC_OK);
    assert_int_equal(len, 65);
    assert_memory_equal(pub, tv_rfc6979_p256_pub, 65);
    assert_int_equal(mdsec_ks_export_public(&ks, ID_RFCPUB, pub, sizeof pub, &len), MDSEC_OK);
    assert_memory_equal(pub, tv_rfc6979_p256_pub, 65);
    /* The published signature "With SHA-256, message = sample" verifies through PSA. */
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_RFC, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_sample,
                                            32, tv_rfc6979_p256_sha256_sample, 64),
                     MDSEC_OK);
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_RFCPUB, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                            g_sample, 32, tv_rfc6979_p256_sha256_sample, 64),
                     MDSEC_OK);
    /* ... and the one over "test" does not verify for "sample". */
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_RFCPUB, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                            g_sample, 32, tv_rfc6979_p256_sha256_test, 64),
                     MDSEC_ERR_SIGNATURE_INVALID);
    memcpy(bad, tv_rfc6979_p256_sha256_sample, 64);
    bad[0] ^= 0x01u;
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, ID_RFC, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_sample, 32, bad, 64),
        MDSEC_ERR_SIGNATURE_INVALID);
    /* A signature by the PSA-held key verifies with the published public key. */
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_RFC, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(sw_verify(tv_rfc6979_p256_pub, g_digest, sig), MDSEC_OK);
    close_all();
}

static void policy_refusals_never_reach_psa(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    mdsec_ks_attributes_t gen;
    uint8_t sig[64];
    uint8_t out[72];
    uint8_t nonce[MDSEC_KS_AEAD_NONCE_LEN] = {0};
    uint8_t tag[MDSEC_KS_AEAD_TAG_LEN];
    size_t len = 0;
    assert_int_equal(open_all(t, good_table(t)), MDSEC_OK);
    const unsigned before = psa_calls();
    evcap_reset();

    /* The sign-only key: no verify, no public export, no export, no MAC, AEAD or
     * derive, no other algorithm. */
    assert_int_equal(mdsec_ks_verify_digest(&ks, ID_SIGNER, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                            g_digest, 32, sig, 64),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_export_public(&ks, ID_SIGNER, out, sizeof out, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_export(&ks, ID_SIGNER, out, sizeof out, &len),
                     MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_int_equal(
        mdsec_ks_mac_compute(&ks, ID_SIGNER, MDSEC_KS_ALG_HMAC_SHA256, "x", 1, out, sizeof out),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_aead_seal(&ks, ID_SIGNER, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL,
                                        0, out, 8, out, tag),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_derive_bytes(&ks, ID_SIGNER, MDSEC_KS_ALG_HKDF_SHA256, NULL, 0,
                                           (const uint8_t *)"i", 1, out, 16),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_SIGNER, MDSEC_KS_ALG_ECDSA_P384_SHA384, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(sig, sizeof sig));
    /* The full-rights key pair is still not exportable; a public key cannot sign. */
    assert_int_equal(mdsec_ks_export(&ks, ID_DEVICE, out, sizeof out, &len),
                     MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_RFCPUB, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);
    /* A write-once binding is never destroyed. */
    assert_int_equal(mdsec_ks_destroy(&ks, ID_SIGNER), MDSEC_ERR_KS_READ_ONLY);
    /* Keys are provisioned and bound, never generated or imported through the keystore. */
    memset(&gen, 0, sizeof gen);
    gen.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    gen.bits = 256;
    gen.usage = MDSEC_KS_USAGE_SIGN;
    gen.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    gen.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    gen.location = MDSEC_KS_LOCATION_EXTERNAL;
    assert_int_equal(mdsec_ks_generate(&ks, 0x99u, &gen), MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_ks_import(&ks, 0x99u, &gen, tv_rfc6979_p256_x, 32),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_ks_generate(&ks, ID_DEVICE, &gen), MDSEC_ERR_KS_EXISTS);

    /* Not one of these reached a PSA operation. */
    assert_int_equal(psa_calls(), before);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, ID_SIGNER, MDSEC_ERR_KS_POLICY));
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, ID_SIGNER, MDSEC_ERR_KS_NOT_EXPORTABLE));
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, ID_RFCPUB, MDSEC_ERR_KS_POLICY));
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, ID_SIGNER, MDSEC_ERR_KS_READ_ONLY));
    assert_int_equal(evcap_count(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, ID_SIGNER, MDSEC_OK), 0);

    /* What the policy permits does reach PSA: the counters count. */
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_SIGNER, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(psa_calls(), before + 1u);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, ID_SIGNER, MDSEC_OK));

    /* The backend refuses on its own too (called directly, past the front end). */
    assert_int_equal(be.sign_digest(be.state, ID_RFCPUB, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                    32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(be.verify_digest(be.state, ID_SIGNER, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                      32, sig, 64),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(be.export_public(be.state, ID_SIGNER, out, sizeof out, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(be.destroy(be.state, ID_SIGNER), MDSEC_ERR_KS_READ_ONLY);
    assert_int_equal(psa_calls(), before + 1u);
    close_all();
}

/* The child: a new process binds the same PSA keys and signs with ID_DEVICE. */
static int child_sign(void)
{
    mdsec_ks_psa_binding_t t[4];
    uint8_t sig[64];
    uint8_t pub[65];
    uint8_t buf[128];
    size_t len = 0;
    int rc = 0;
    mdsec_status_t st = mdsec_port_init();
    if (st == MDSEC_OK) {
        st = open_all(t, good_table(t));
    }
    if (st != MDSEC_OK) {
        fprintf(stderr, "child: open failed: %s (PSA %d, key 0x%x)\n", mdsec_status_str(st),
                (int)mdsec_ks_psa_last_status(&kp), (unsigned)mdsec_ks_psa_failed_id(&kp));
        return 10;
    }
    if (mdsec_crypto_hash(MDSEC_HASH_SHA256, "mdsec psa backend", 17, g_digest, 32) != MDSEC_OK ||
        mdsec_ks_sign_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest, 32, sig,
                             sizeof sig, &len) != MDSEC_OK ||
        len != 64u || mdsec_ks_export_public(&ks, ID_DEVICE, pub, sizeof pub, &len) != MDSEC_OK) {
        rc = 11;
    }
    /* In this process too, the material cannot be read, and mdsec never tried. */
    if (rc == 0 && (__real_psa_export_key((psa_key_id_t)PSA_DEVICE, buf, sizeof buf, &len) !=
                        PSA_ERROR_NOT_PERMITTED ||
                    n_export != 0u || n_sign != 1u)) {
        rc = 12;
    }
    FILE *f = rc == 0 ? fopen("child.out", "wb") : NULL;
    if (rc == 0 && (f == NULL || fwrite(sig, 1, sizeof sig, f) != sizeof sig ||
                    fwrite(pub, 1, sizeof pub, f) != sizeof pub)) {
        rc = 13;
    }
    if (f != NULL && fclose(f) != 0) {
        rc = 14;
    }
    if (mdsec_ks_attach_backend(&ks, NULL) != MDSEC_OK) {
        rc = 15;
    }
    mdsec_ks_psa_close(&kp);
    mdsec_ks_deinit(&ks);
    mbedtls_psa_crypto_free();
    if (rc != 0) {
        fprintf(stderr, "child: failed at step %d\n", rc);
    }
    return rc;
}

static void restart_binds_and_signs_with_the_same_key(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    uint8_t pub[65];
    uint8_t child[64 + 65];
    uint8_t sig[64];
    size_t len = 0;
    int status = 0;
    /* The public key, as this process sees it. */
    assert_int_equal(open_all(t, good_table(t)), MDSEC_OK);
    assert_int_equal(mdsec_ks_export_public(&ks, ID_DEVICE, pub, sizeof pub, &len), MDSEC_OK);
    close_all();
    /* Mbed TLS forgets everything it held in memory; only its storage remains. */
    mbedtls_psa_crypto_free();
    (void)remove("child.out");

    fflush(NULL);
    const pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The posix port's state directory is locked by this process: the
         * child's mdsec gets its own. PSA's storage is the working directory. */
        char *const argv[] = {g_exe, (char *)"--child-sign", NULL};
        if (setenv("MDSEC_STATE_DIR", "child-state", 1) != 0) {
            _exit(126);
        }
        execv(g_exe, argv);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    FILE *f = fopen("child.out", "rb");
    assert_non_null(f);
    assert_int_equal(fread(child, 1, sizeof child, f), sizeof child);
    assert_int_equal(fclose(f), 0);
    /* The other process had the same key: same public key, and its signature verifies. */
    assert_memory_equal(child + 64, pub, 65);
    assert_int_equal(sw_verify(pub, g_digest, child), MDSEC_OK);

    /* And this process, with PSA initialised again, signs with it once more. */
    assert_int_equal(psa_crypto_init(), PSA_SUCCESS);
    assert_int_equal(open_all(t, good_table(t)), MDSEC_OK);
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(sw_verify(pub, g_digest, sig), MDSEC_OK);
    close_all();
}

/* Open with one entry and expect a status, the failed id and an all-zero context. */
static void expect_open(const mdsec_ks_psa_binding_t *t, size_t n, mdsec_status_t st,
                        uint32_t failed)
{
    assert_int_equal(mdsec_ks_psa_open(&kp, t, n), st);
    assert_int_equal(mdsec_ks_psa_failed_id(&kp), failed);
    mdsec_ks_psa_t z;
    memset(&z, 0, sizeof z);
    z.last_psa = kp.last_psa;
    z.failed_id = kp.failed_id;
    assert_memory_equal(&kp, &z, sizeof z);
}

static void binding_errors(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[MDSEC_KS_PSA_KEYS + 1u];
    mdsec_ks_psa_binding_t b;
    const psa_key_type_t p256 = PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1);
    const psa_algorithm_t ecdsa = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
    const psa_key_usage_t sign = PSA_KEY_USAGE_SIGN_HASH;
    const unsigned before = psa_calls();

    /* Arguments and the table itself (checked before PSA is asked anything). */
    (void)good_table(t);
    assert_int_equal(mdsec_ks_psa_open(NULL, t, 1), MDSEC_ERR_INVALID_ARG);
    expect_open(NULL, 1, MDSEC_ERR_INVALID_ARG, 0);
    expect_open(t, 0, MDSEC_ERR_INVALID_ARG, 0);
    for (size_t i = 0; i < MDSEC_KS_PSA_KEYS + 1u; i++) {
        t[i] = binding((uint32_t)(0x1000u + i), (uint32_t)(0x1000u + i),
                       MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    }
    expect_open(t, MDSEC_KS_PSA_KEYS + 1u, MDSEC_ERR_KS_FULL, 0);
    (void)good_table(t);
    t[2].id = ID_DEVICE;
    expect_open(t, 4, MDSEC_ERR_KS_EXISTS, ID_DEVICE); /* mdsec id twice */
    (void)good_table(t);
    t[3].psa_id = PSA_DEVICE;
    expect_open(t, 4, MDSEC_ERR_KS_EXISTS, ID_RFCPUB); /* PSA id twice */
    b = binding(0, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    expect_open(&b, 1, MDSEC_ERR_INVALID_ARG, 0);
    b = binding(0x50, 0, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    expect_open(&b, 1, MDSEC_ERR_INVALID_ARG, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_HMAC, MDSEC_KS_USAGE_MAC);
    expect_open(&b, 1, MDSEC_ERR_NOT_SUPPORTED, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    b.bits = 384;
    expect_open(&b, 1, MDSEC_ERR_NOT_SUPPORTED, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    b.alg = MDSEC_KS_ALG_ECDSA_P384_SHA384;
    expect_open(&b, 1, MDSEC_ERR_NOT_SUPPORTED, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL | MDSEC_KS_USAGE_EXPORT);
    expect_open(&b, 1, MDSEC_ERR_KS_ATTRIBUTES, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, 0);
    expect_open(&b, 1, MDSEC_ERR_KS_ATTRIBUTES, 0x50);
    b = binding(0x50, PSA_RFCPUB, MDSEC_KS_TYPE_ECC_P256_PUBLIC, U_PUB | MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_ATTRIBUTES, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    b.flags = 0x80u;
    expect_open(&b, 1, MDSEC_ERR_KS_ATTRIBUTES, 0x50);
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, U_ALL);
    b.reserved[2] = 1u;
    expect_open(&b, 1, MDSEC_ERR_KS_ATTRIBUTES, 0x50);

    /* Missing key. */
    b = binding(0x50, 0x999u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_NOT_FOUND, 0x50);
    assert_true(mdsec_ks_psa_last_status(&kp) == PSA_ERROR_INVALID_HANDLE ||
                mdsec_ks_psa_last_status(&kp) == PSA_ERROR_DOES_NOT_EXIST);

    /* Wrong type: a P-256 pair bound as a public key, a P-384 pair, an HMAC key. */
    b = binding(0x50, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PUBLIC, U_PUB);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x50);
    assert_int_equal(mdsec_ks_psa_last_status(&kp), PSA_SUCCESS);
    assert_int_equal(make_key(0x901u, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 384,
                              PSA_ALG_ECDSA(PSA_ALG_SHA_256), PSA_ALG_NONE, sign),
                     PSA_SUCCESS);
    b = binding(0x51, 0x901u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x51);
    assert_int_equal(make_key(0x902u, PSA_KEY_TYPE_HMAC, 256, PSA_ALG_HMAC(PSA_ALG_SHA_256),
                              PSA_ALG_NONE, PSA_KEY_USAGE_SIGN_HASH),
                     PSA_SUCCESS);
    b = binding(0x52, 0x902u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x52);

    /* Wrong algorithm: deterministic ECDSA, any hash, a second (enrollment) algorithm. */
    assert_int_equal(make_key(0x903u, p256, 256, PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256),
                              PSA_ALG_NONE, sign),
                     PSA_SUCCESS);
    b = binding(0x53, 0x903u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x53);
    assert_int_equal(
        make_key(0x904u, p256, 256, PSA_ALG_ECDSA(PSA_ALG_ANY_HASH), PSA_ALG_NONE, sign),
        PSA_SUCCESS);
    b = binding(0x54, 0x904u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x54);
    assert_int_equal(
        make_key(0x905u, p256, 256, ecdsa, PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256), sign),
        PSA_SUCCESS);
    b = binding(0x55, 0x905u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x55);

    /* Wrong usage: VERIFY_HASH that the binding does not name; COPY. */
    b = binding(0x56, PSA_DEVICE, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x56);
    assert_int_equal(make_key(0x906u, p256, 256, ecdsa, PSA_ALG_NONE, sign | PSA_KEY_USAGE_COPY),
                     PSA_SUCCESS);
    b = binding(0x56, 0x906u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x56);
    /* The binding names VERIFY, the key lacks VERIFY_HASH. */
    b = binding(0x56, PSA_SIGNER, MDSEC_KS_TYPE_ECC_P256_PAIR,
                MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY);
    expect_open(&b, 1, MDSEC_ERR_KS_MISMATCH, 0x56);

    /* Exportable. */
    assert_int_equal(make_key(0x907u, p256, 256, ecdsa, PSA_ALG_NONE, sign | PSA_KEY_USAGE_EXPORT),
                     PSA_SUCCESS);
    b = binding(0x57, 0x907u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_EXPORTABLE, 0x57);

    /* Volatile: a key of this process's memory only, under the id PSA gave it. */
    psa_key_attributes_t va = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t vid = 0;
    psa_set_key_type(&va, p256);
    psa_set_key_bits(&va, 256);
    psa_set_key_algorithm(&va, ecdsa);
    psa_set_key_usage_flags(&va, sign);
    assert_int_equal(psa_generate_key(&va, &vid), PSA_SUCCESS);
    psa_reset_key_attributes(&va);
    b = binding(0x58, (uint32_t)vid, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(&b, 1, MDSEC_ERR_KS_VOLATILE, 0x58);
    assert_int_equal(__real_psa_destroy_key(vid), PSA_SUCCESS);

    /* One bad entry among good ones refuses the whole table. */
    (void)good_table(t);
    t[4] = binding(0x57, 0x907u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    expect_open(t, 5, MDSEC_ERR_KS_EXPORTABLE, 0x57);
    (void)good_table(t);
    assert_int_equal(mdsec_ks_psa_open(&kp, t, 4), MDSEC_OK);
    assert_int_equal(mdsec_ks_psa_failed_id(&kp), 0);
    assert_int_equal(mdsec_ks_psa_last_status(&kp), PSA_SUCCESS);
    mdsec_ks_psa_close(&kp);

    /* Open only ever read attributes. */
    assert_int_equal(psa_calls(), before);
    for (uint32_t id = 0x901u; id <= 0x907u; id++) {
        assert_int_equal(__real_psa_destroy_key((psa_key_id_t)id), PSA_SUCCESS);
    }
}

static void key_replaced_after_open_is_refused(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[5];
    mdsec_ks_attributes_t attr;
    uint8_t sig[64];
    size_t len = 0;
    (void)good_table(t);
    t[4] = binding(0x50, 0x500u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    assert_int_equal(mdsec_ks_psa_provision(&t[4], NULL), MDSEC_OK);
    assert_int_equal(open_all(t, 5), MDSEC_OK);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x50, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_OK);
    /* Another PSA client replaces the key with an exportable one under the same id. */
    assert_int_equal(__real_psa_destroy_key((psa_key_id_t)0x500u), PSA_SUCCESS);
    assert_int_equal(make_key(0x500u, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
                              PSA_ALG_ECDSA(PSA_ALG_SHA_256), PSA_ALG_NONE,
                              PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_EXPORT),
                     PSA_SUCCESS);
    const unsigned before = psa_calls();
    evcap_reset();
    /* Every use checks the key again: the backend fails, nothing reaches PSA. */
    assert_int_equal(be.get_attributes(be.state, 0x50, &attr), MDSEC_ERR_KS_EXPORTABLE);
    assert_true(all_zero(&attr, sizeof attr));
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x50, &attr), MDSEC_ERR_KS_BACKEND);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x50, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_BACKEND);
    assert_true(all_zero(sig, sizeof sig));
    assert_int_equal(mdsec_ks_destroy(&ks, 0x50), MDSEC_ERR_KS_BACKEND);
    assert_int_equal(be.destroy(be.state, 0x50), MDSEC_ERR_KS_EXPORTABLE);
    assert_int_equal(psa_calls(), before);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x50, MDSEC_ERR_KS_BACKEND));
    /* The other keys are unaffected. */
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_OK);
    close_all();
    assert_int_equal(__real_psa_destroy_key((psa_key_id_t)0x500u), PSA_SUCCESS);
}

static void destroy_bound_key(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[5];
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    uint8_t sig[64];
    size_t len = 0;
    (void)good_table(t);
    t[4] = binding(0x60, 0x600u, MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_USAGE_SIGN);
    assert_int_equal(mdsec_ks_psa_provision(&t[4], NULL), MDSEC_OK);
    assert_int_equal(open_all(t, 5), MDSEC_OK);
    const unsigned destroyed = n_destroy;
    evcap_reset();
    assert_int_equal(mdsec_ks_destroy(&ks, 0x60), MDSEC_OK);
    assert_int_equal(n_destroy, destroyed + 1u);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DESTROY, 0x60, MDSEC_OK));
    assert_int_equal(psa_get_key_attributes((psa_key_id_t)0x600u, &a), PSA_ERROR_INVALID_HANDLE);
    psa_reset_key_attributes(&a);
    assert_int_equal(access("0000000000000600.psa_its", F_OK), -1);
    /* Gone for the keystore too, and the next open names it. */
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x60, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_destroy(&ks, 0x60), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(be.destroy(be.state, 0x60), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(be.destroy(be.state, 0x61), MDSEC_ERR_KS_NOT_FOUND);
    close_all();
    expect_open(t, 5, MDSEC_ERR_KS_NOT_FOUND, 0x60);
}

static void context_lifecycle(void **state)
{
    (void)state;
    mdsec_ks_psa_binding_t t[4];
    mdsec_ks_backend_t stale;
    mdsec_ks_psa_t never;
    mdsec_ks_attributes_t attr;
    uint8_t sig[64];
    size_t len = 0;
    memset(&never, 0, sizeof never);
    memset(&stale, 0xA5, sizeof stale);
    assert_int_equal(mdsec_ks_psa_backend(&never, &stale), MDSEC_ERR_NOT_INITIALISED);
    assert_true(all_zero(&stale, sizeof stale));
    assert_int_equal(mdsec_ks_psa_backend(NULL, &stale), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_psa_backend(&never, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_psa_last_status(NULL), 0);
    assert_int_equal(mdsec_ks_psa_failed_id(NULL), 0);
    mdsec_ks_psa_close(NULL);
    mdsec_ks_psa_close(&never);

    assert_int_equal(open_all(t, good_table(t)), MDSEC_OK);
    assert_int_equal(be.get_attributes(be.state, ID_DEVICE, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(be.get_attributes(be.state, 0x77, &attr), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(be.sign_digest(be.state, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                    31, sig, sizeof sig, &len),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(
        be.verify_digest(be.state, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, NULL, 32, sig, 64),
        MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x77, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_NOT_FOUND);
    /* Closed under an attached keystore: the stale table fails, never signs. */
    stale = be;
    mdsec_ks_psa_close(&kp);
    assert_true(all_zero(&kp, sizeof kp));
    const unsigned before = psa_calls();
    assert_int_equal(mdsec_ks_sign_digest(&ks, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256, g_digest,
                                          32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_BACKEND);
    assert_int_equal(stale.sign_digest(stale.state, ID_DEVICE, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                       g_digest, 32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_BACKEND);
    assert_int_equal(stale.destroy(stale.state, ID_DEVICE), MDSEC_ERR_KS_BACKEND);
    assert_int_equal(psa_calls(), before);
    assert_int_equal(mdsec_ks_attach_backend(&ks, NULL), MDSEC_OK);
    mdsec_ks_deinit(&ks);
}

static void mdsec_never_called_psa_export_key(void **state)
{
    (void)state;
    uint8_t buf[128];
    size_t len = 0;
    /* Every bound key pair refuses export in PSA itself... */
    const uint32_t pairs[] = {PSA_DEVICE, PSA_SIGNER, PSA_RFC};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_int_equal(__real_psa_export_key((psa_key_id_t)pairs[i], buf, sizeof buf, &len),
                         PSA_ERROR_NOT_PERMITTED);
    }
    /* ... and over the whole run mdsec never asked for any key's material. */
    assert_int_equal(n_export, 0);
    assert_true(n_sign > 0u && n_verify > 0u && n_export_public > 0u && n_destroy > 0u);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--child-sign") == 0) {
        return child_sign();
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(provision_makes_persistent_non_exportable_key),
        cmocka_unit_test(sign_and_verify_with_public_key),
        cmocka_unit_test(rfc6979_key_held_by_psa),
        cmocka_unit_test(policy_refusals_never_reach_psa),
        cmocka_unit_test(restart_binds_and_signs_with_the_same_key),
        cmocka_unit_test(binding_errors),
        cmocka_unit_test(key_replaced_after_open_is_refused),
        cmocka_unit_test(destroy_bound_key),
        cmocka_unit_test(context_lifecycle),
        cmocka_unit_test(mdsec_never_called_psa_export_key),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

#else /* !MDSEC_WITH_KS_PSA */

static void backend_absent(void **state)
{
    (void)state;
    print_message(
        "skipped: mdsec was built without the PSA keystore backend "
        "(MDSEC_KEYSTORE_PSA is OFF, or Mbed TLS was not found; Debian: libmbedtls-dev)\n");
    skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backend_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
