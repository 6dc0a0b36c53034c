/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * A crypto provider that cannot check a signature (its heap or key slots
 * are exhausted, or it fails internally) is not a bad image: the verdict
 * names the provider's status, so that the integrator sizes the heap
 * instead of discarding a genuine update. The provider's signature
 * verification is interposed with the GNU linker's --wrap (host only).
 * The image is imgtool's signed-ecdsa-p256.bin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "fixtures_fw_resource.h"
#include "mdsec/fw.h"
#include "mdsec/port.h"

#define WRAP_(n) __wrap_##n
#define WRAP(n)  WRAP_(n)
#define REAL_(n) __real_##n
#define REAL(n)  REAL_(n)

static mdsec_status_t provider_answer = MDSEC_OK; /* MDSEC_OK: ask the real provider */
static unsigned provider_calls;

mdsec_status_t REAL(mdsec_crypto_ecdsa_verify)(mdsec_curve_t curve, const uint8_t *pub,
                                               size_t pub_len, const uint8_t *hash, size_t hash_len,
                                               const uint8_t *sig, size_t sig_len,
                                               mdsec_sig_format_t fmt);
mdsec_status_t WRAP(mdsec_crypto_ecdsa_verify)(mdsec_curve_t curve, const uint8_t *pub,
                                               size_t pub_len, const uint8_t *hash, size_t hash_len,
                                               const uint8_t *sig, size_t sig_len,
                                               mdsec_sig_format_t fmt);

mdsec_status_t WRAP(mdsec_crypto_ecdsa_verify)(mdsec_curve_t curve, const uint8_t *pub,
                                               size_t pub_len, const uint8_t *hash, size_t hash_len,
                                               const uint8_t *sig, size_t sig_len,
                                               mdsec_sig_format_t fmt)
{
    provider_calls++;
    if (provider_answer != MDSEC_OK) {
        return provider_answer;
    }
    return REAL(mdsec_crypto_ecdsa_verify)(curve, pub, pub_len, hash, hash_len, sig, sig_len, fmt);
}

static mdsec_fw_key_t key;
static mdsec_fw_ctx_t ctx;
static mdsec_fw_result_t res;

static mdsec_status_t verify_with(mdsec_status_t answer)
{
    mdsec_fw_policy_t p;
    memset(&p, 0, sizeof p);
    p.keys = &key;
    p.key_count = 1;
    provider_answer = answer;
    provider_calls = 0;
    return mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_bin,
                                  (uint32_t)fx_signed_ecdsa_p256_bin_len, &res);
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_fw_key_from_spki(&key, fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len),
                     MDSEC_OK);
    return 0;
}

/* Through the interposer, the real provider accepts the genuine image. */
static void genuine_image_passes_through_the_interposer(void **state)
{
    (void)state;
    assert_int_equal(verify_with(MDSEC_OK), MDSEC_OK);
    assert_int_equal(provider_calls, 1);
    assert_true(mdsec_fw_is_valid(&res));
}

/* Exhausted provider resources are reported as such, not as a bad signature. */
static void provider_out_of_resources_is_reported(void **state)
{
    (void)state;
    assert_int_equal(verify_with(MDSEC_ERR_CRYPTO_RESOURCE), MDSEC_ERR_CRYPTO_RESOURCE);
    assert_int_equal(provider_calls, 1);
    assert_int_equal(res.status, MDSEC_ERR_CRYPTO_RESOURCE);
    assert_false(mdsec_fw_is_valid(&res));
    assert_int_equal(res.signer_count, 0);
}

/* An internal provider failure is reported as MDSEC_ERR_CRYPTO. */
static void provider_internal_failure_is_reported(void **state)
{
    (void)state;
    assert_int_equal(verify_with(MDSEC_ERR_CRYPTO), MDSEC_ERR_CRYPTO);
    assert_int_equal(res.status, MDSEC_ERR_CRYPTO);
    assert_false(mdsec_fw_is_valid(&res));
}

/* A signature the provider does refuse stays SIGNATURE_INVALID. */
static void refused_signature_stays_invalid(void **state)
{
    (void)state;
    assert_int_equal(verify_with(MDSEC_ERR_SIGNATURE_INVALID), MDSEC_ERR_SIGNATURE_INVALID);
    assert_false(mdsec_fw_is_valid(&res));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(genuine_image_passes_through_the_interposer),
        cmocka_unit_test(provider_out_of_resources_is_reported),
        cmocka_unit_test(provider_internal_failure_is_reported),
        cmocka_unit_test(refused_signature_stays_invalid),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
