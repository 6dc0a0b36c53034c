/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The keystore front end with an external backend attached
 * (mdsec_ks_attach_backend): a recording mock backend shows that the policy
 * is decided before the backend is called, that a refused operation never
 * reaches it, that events are emitted, that ids form one namespace across
 * RAM, flash and the backend, and that backend failures come back as
 * MDSEC_ERR_KS_BACKEND. The mock holds the RFC 6979 A.2.5 P-256 public key,
 * so the verify fallback (no verify entry) is checked against the published
 * RFC 6979 signature.
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
#include "rfc6979_ecdsa.h"

#define EXT_ID      0x7000u
#define EXT_ID_PUB  0x7001u
#define EXT_ID_FAIL 0x7002u

typedef struct mock {
    unsigned calls_sign;
    unsigned calls_verify;
    unsigned calls_export;
    unsigned calls_generate;
    unsigned calls_import;
    unsigned calls_destroy;
    int destroyed;
    int generated;
} mock_t;

static mock_t mock;
static mdsec_ks_ctx_t ks;
static mdsec_ks_backend_t backend;

static mdsec_ks_attributes_t ext_attr(uint32_t usage)
{
    mdsec_ks_attributes_t a;
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = usage;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_EXTERNAL;
    return a;
}

static mdsec_status_t m_get(void *state, mdsec_ks_id_t id, mdsec_ks_attributes_t *attr)
{
    mock_t *m = state;
    if (id == EXT_ID && !m->destroyed) {
        *attr = ext_attr(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC);
        return MDSEC_OK;
    }
    if (id == EXT_ID_PUB) {
        *attr = ext_attr(MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
        return MDSEC_OK;
    }
    if (id == EXT_ID_FAIL) {
        return MDSEC_ERR_INTERNAL; /* any backend trouble */
    }
    if (id == 0x7003u && m->generated) {
        *attr = ext_attr(MDSEC_KS_USAGE_SIGN);
        return MDSEC_OK;
    }
    return MDSEC_ERR_KS_NOT_FOUND;
}

static mdsec_status_t m_sign(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg, const uint8_t *hash,
                             size_t hash_len, uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    mock_t *m = state;
    (void)id;
    (void)alg;
    (void)hash;
    (void)hash_len;
    m->calls_sign++;
    assert_true(sig_cap >= 64u);
    memset(sig, 0xA5, 64);
    *sig_len = 64;
    return MDSEC_OK;
}

static mdsec_status_t m_export(void *state, mdsec_ks_id_t id, uint8_t *out, size_t cap,
                               size_t *out_len)
{
    mock_t *m = state;
    (void)id;
    m->calls_export++;
    if (cap < sizeof tv_rfc6979_p256_pub) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, tv_rfc6979_p256_pub, sizeof tv_rfc6979_p256_pub);
    *out_len = sizeof tv_rfc6979_p256_pub;
    return MDSEC_OK;
}

static mdsec_status_t m_generate(void *state, mdsec_ks_id_t id, const mdsec_ks_attributes_t *attr)
{
    mock_t *m = state;
    (void)attr;
    m->calls_generate++;
    if (id != 0x7003u) {
        return MDSEC_ERR_KS_BACKEND;
    }
    m->generated = 1;
    return MDSEC_OK;
}

static mdsec_status_t m_destroy(void *state, mdsec_ks_id_t id)
{
    mock_t *m = state;
    m->calls_destroy++;
    if (id == EXT_ID) {
        m->destroyed = 1;
    }
    return MDSEC_OK;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    memset(&mock, 0, sizeof mock);
    memset(&backend, 0, sizeof backend);
    backend.state = &mock;
    backend.get_attributes = m_get;
    backend.sign_digest = m_sign;
    backend.export_public = m_export;
    backend.generate = m_generate;
    backend.destroy = m_destroy;
    const mdsec_ks_config_t cfg = {0u, 0u, 0u}; /* RAM only: the backend is what is tested */
    assert_int_equal(mdsec_ks_init(&ks, &cfg), MDSEC_OK);
    assert_int_equal(mdsec_ks_attach_backend(&ks, &backend), MDSEC_OK);
    evcap_n = 0;
    mdsec_event_set_sink(evcap_sink, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mdsec_ks_deinit(&ks);
    mdsec_event_set_sink(NULL, NULL);
    return 0;
}

static void attach_rules(void **state)
{
    mdsec_ks_backend_t bad;
    mdsec_ks_ctx_t fresh;
    (void)state;
    memset(&bad, 0, sizeof bad);
    assert_int_equal(mdsec_ks_attach_backend(&ks, &bad), MDSEC_ERR_INVALID_ARG);
    memset(&fresh, 0, sizeof fresh);
    assert_int_equal(mdsec_ks_attach_backend(&fresh, &backend), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_ks_attach_backend(NULL, &backend), MDSEC_ERR_INVALID_ARG);
    /* Detached: the backend's keys are gone from the namespace. */
    assert_int_equal(mdsec_ks_attach_backend(&ks, NULL), MDSEC_OK);
    mdsec_ks_attributes_t a;
    assert_int_equal(mdsec_ks_get_attributes(&ks, EXT_ID, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_attach_backend(&ks, &backend), MDSEC_OK);
    assert_int_equal(mdsec_ks_get_attributes(&ks, EXT_ID, &a), MDSEC_OK);
    assert_int_equal(a.location, MDSEC_KS_LOCATION_EXTERNAL);
    assert_int_equal(a.usage, MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC);
}

static void sign_goes_to_backend_after_policy(void **state)
{
    uint8_t hash[32] = {1};
    uint8_t sig[64];
    size_t len = 99;
    (void)state;
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(len, 64);
    assert_int_equal(sig[0], 0xA5);
    assert_int_equal(mock.calls_sign, 1);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, EXT_ID, MDSEC_OK));

    /* Wrong algorithm and missing usage: refused before the backend. */
    evcap_n = 0;
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID, MDSEC_KS_ALG_ECDSA_P384_SHA384, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(len, 0);
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID_PUB, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mock.calls_sign, 1);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, EXT_ID, MDSEC_ERR_KS_POLICY));
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, EXT_ID_PUB, MDSEC_ERR_KS_POLICY));

    /* A sign-only key does not verify, export or decrypt. */
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, EXT_ID, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32, sig, 64),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_export(&ks, EXT_ID, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_int_equal(mock.calls_verify + mock.calls_export, 0);
}

static void verify_fallback_uses_exported_point(void **state)
{
    uint8_t hash[32];
    uint8_t pub[97];
    size_t len = 0;
    (void)state;
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, "sample", 6, hash, 32), MDSEC_OK);
    /* No verify entry in the mock: the keystore verifies with the exported point. */
    assert_int_equal(mdsec_ks_verify_digest(&ks, EXT_ID_PUB, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                            32, tv_rfc6979_p256_sha256_sample, 64),
                     MDSEC_OK);
    assert_int_equal(mock.calls_export, 1);
    hash[0] ^= 1u;
    assert_int_equal(mdsec_ks_verify_digest(&ks, EXT_ID_PUB, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                            32, tv_rfc6979_p256_sha256_sample, 64),
                     MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(mdsec_ks_export_public(&ks, EXT_ID, pub, sizeof pub, &len), MDSEC_OK);
    assert_int_equal(len, 65);
    assert_memory_equal(pub, tv_rfc6979_p256_pub, 65);
    assert_int_equal(mdsec_ks_export_public(&ks, EXT_ID, pub, 10, &len),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 0);
}

static void unsupported_operations_and_namespace(void **state)
{
    static const uint8_t k32[32] = {7};
    uint8_t mac[32];
    mdsec_ks_attributes_t a;
    (void)state;
    /* Operations the backend has no entry for. */
    a = ext_attr(MDSEC_KS_USAGE_SIGN);
    assert_int_equal(mdsec_ks_import(&ks, 0x7100u, &a, tv_rfc6979_p256_x, 32),
                     MDSEC_ERR_NOT_SUPPORTED);
    assert_int_equal(mdsec_ks_replace(&ks, EXT_ID, &a, tv_rfc6979_p256_x, 32),
                     MDSEC_ERR_NOT_SUPPORTED);
    /* An id held by the backend cannot be imported into RAM. */
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_HMAC;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_MAC;
    a.alg = MDSEC_KS_ALG_HMAC_SHA256;
    assert_int_equal(mdsec_ks_import(&ks, EXT_ID, &a, k32, 32), MDSEC_ERR_KS_EXISTS);
    /* A RAM key shadows nothing: the RAM id is found first and works. */
    assert_int_equal(mdsec_ks_import(&ks, 0x7200u, &a, k32, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_mac_compute(&ks, 0x7200u, MDSEC_KS_ALG_HMAC_SHA256, "x", 1, mac, 32),
                     MDSEC_OK);
    /* Generate goes to the backend; an existing id is refused first. */
    a = ext_attr(MDSEC_KS_USAGE_SIGN);
    assert_int_equal(mdsec_ks_generate(&ks, EXT_ID, &a), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(mock.calls_generate, 0);
    evcap_n = 0;
    assert_int_equal(mdsec_ks_generate(&ks, 0x7003u, &a), MDSEC_OK);
    assert_int_equal(mock.calls_generate, 1);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 0x7003u, MDSEC_OK));
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x7003u, &a), MDSEC_OK);
}

static void backend_failure_and_destroy(void **state)
{
    mdsec_ks_attributes_t a;
    uint8_t hash[32] = {0};
    uint8_t sig[64];
    size_t len = 0;
    (void)state;
    /* Backend trouble is MDSEC_ERR_KS_BACKEND, reported, and never a key. */
    evcap_n = 0;
    assert_int_equal(mdsec_ks_get_attributes(&ks, EXT_ID_FAIL, &a), MDSEC_ERR_KS_BACKEND);
    assert_int_equal(a.type, 0);
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID_FAIL, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash,
                                          32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_BACKEND);
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, EXT_ID_FAIL, MDSEC_ERR_KS_BACKEND));
    a = ext_attr(MDSEC_KS_USAGE_SIGN);
    assert_int_equal(mdsec_ks_generate(&ks, EXT_ID_FAIL, &a), MDSEC_ERR_KS_BACKEND);
    assert_int_equal(mock.calls_sign + mock.calls_generate, 0);

    /* Destroy reaches the backend; afterwards the id is gone. */
    evcap_n = 0;
    assert_int_equal(mdsec_ks_destroy(&ks, EXT_ID), MDSEC_OK);
    assert_int_equal(mock.calls_destroy, 1);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DESTROY, EXT_ID, MDSEC_OK));
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_destroy(&ks, EXT_ID), MDSEC_ERR_KS_NOT_FOUND);
    /* A destroy entry is optional. */
    backend.destroy = NULL;
    assert_int_equal(mdsec_ks_destroy(&ks, EXT_ID_PUB), MDSEC_ERR_NOT_SUPPORTED);
}

/* A sink that calls back into the keystore: events are emitted after the
 * context lock is released, so the call succeeds instead of deadlocking. */
static mdsec_status_t reentry_status = MDSEC_ERR_INTERNAL;
static unsigned reentry_calls;

static void reentrant_sink(void *c, const mdsec_event_t *ev)
{
    mdsec_ks_attributes_t a;
    (void)c;
    (void)ev;
    reentry_calls++;
    reentry_status = mdsec_ks_get_attributes(&ks, EXT_ID, &a);
}

static void events_after_unlock_and_quiet_sign(void **state)
{
    uint8_t hash[32] = {3};
    uint8_t sig[64];
    size_t len = 0;
    (void)state;
    mdsec_event_set_sink(reentrant_sink, NULL);
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(reentry_calls, 1);
    assert_int_equal(reentry_status, MDSEC_OK);
    /* The log's quiet sign: same policy, no event. */
    mdsec_event_set_sink(evcap_sink, NULL);
    evcap_n = 0;
    assert_int_equal(mdsec__ks_sign_digest_quiet(&ks, EXT_ID, hash, 32, sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(len, 64);
    assert_int_equal(mock.calls_sign, 2);
    assert_int_equal(mdsec__ks_sign_digest_quiet(&ks, EXT_ID_PUB, hash, 32, sig, sizeof sig, &len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(evcap_n, 0);
    /* The next normal call emits again. */
    assert_int_equal(mdsec_ks_sign_digest(&ks, EXT_ID, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, 32,
                                          sig, sizeof sig, &len),
                     MDSEC_OK);
    assert_int_equal(evcap_n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(attach_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(sign_goes_to_backend_after_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_fallback_uses_exported_point, setup, teardown),
        cmocka_unit_test_setup_teardown(unsupported_operations_and_namespace, setup, teardown),
        cmocka_unit_test_setup_teardown(backend_failure_and_destroy, setup, teardown),
        cmocka_unit_test_setup_teardown(events_after_unlock_and_quiet_sign, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
