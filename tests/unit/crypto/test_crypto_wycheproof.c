/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The complete Project Wycheproof sets for ECDSA P-256/P-384 (DER and
 * r||s), RSASSA-PSS 2048/3072 (SHA-256, MGF1-SHA-256, salt 32) and
 * ChaCha20-Poly1305, through one provider (MDSEC_TEST_PROVIDER_*).
 * Host only: the tables are about 400 KB.
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

#include "wycheproof_chacha20_poly1305.h"
#include "wycheproof_ecdsa.h"
#include "wycheproof_rsa_pss.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#include "rsa_pss_check.h"

static uint8_t g_buf[1024];
static uint8_t g_buf2[1024];

static void ecdsa_all_wycheproof_vectors(void **state)
{
    size_t s;
    size_t i;
    size_t valid = 0;
    size_t invalid = 0;
    size_t malformed = 0;
    size_t known = 0;
    uint8_t hash[MDSEC_HASH_MAX_LEN];
    (void)state;

    for (s = 0; s < ARRAY_LEN(tv_wp_ecdsa_sets); s++) {
        const mdsec_tv_wp_ecdsa_set_t *set = &tv_wp_ecdsa_sets[s];
        mdsec_curve_t curve = set->curve == 1 ? MDSEC_CURVE_P256 : MDSEC_CURVE_P384;
        mdsec_hash_alg_t alg = set->curve == 1 ? MDSEC_HASH_SHA256 : MDSEC_HASH_SHA384;
        size_t pub_len = set->curve == 1 ? MDSEC_P256_PUB_LEN : MDSEC_P384_PUB_LEN;

        for (i = 0; i < set->n_tests; i++) {
            const mdsec_tv_wp_sig_t *t = &set->tests[i];
            mdsec_status_t st;

            assert_int_equal(PROVIDER_FN(hash)(alg, t->msg, t->msg_len, hash, sizeof hash),
                             MDSEC_OK);
            st = PROVIDER_FN(ecdsa_verify)(curve, set->pubs[t->key], pub_len, hash,
                                           mdsec_hash_len(alg), t->sig, t->sig_len,
                                           set->der ? MDSEC_SIG_DER : MDSEC_SIG_RAW);
            if (PROVIDER_IS_TOMCRYPT && tu_tomcrypt_false_reject(set->file, t->tc_id)) {
                /* documented libtomcrypt 1.18.2 false rejection */
                CHECK_VECTOR(t->result == 1u && st == MDSEC_ERR_SIGNATURE_INVALID, set->file,
                             t->tc_id);
                known++;
            } else if (t->result == 1u) {
                CHECK_VECTOR(st == MDSEC_OK, set->file, t->tc_id);
                valid++;
            } else if (t->result == 0u) {
                CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID ||
                                 st == MDSEC_ERR_SIGNATURE_MALFORMED,
                             set->file, t->tc_id);
                invalid += st == MDSEC_ERR_SIGNATURE_INVALID;
                malformed += st == MDSEC_ERR_SIGNATURE_MALFORMED;
            }
        }
    }
    print_message("ECDSA: %lu valid accepted, %lu invalid rejected (%lu as malformed), %lu known "
                  "false rejections\n",
                  (unsigned long)valid, (unsigned long)(invalid + malformed),
                  (unsigned long)malformed, (unsigned long)known);
    assert_true(valid > 0 && invalid > 0 && malformed > 0);
    assert_int_equal(known, PROVIDER_IS_TOMCRYPT ? ARRAY_LEN(tu_tomcrypt_false_rejects) : 0u);
}

static void rsa_pss_all_wycheproof_vectors(void **state)
{
    (void)state;
    tu_check_rsa_pss_sets(tv_wp_rsa_pss_sets, ARRAY_LEN(tv_wp_rsa_pss_sets));
}

static void chacha20_poly1305_all_wycheproof_vectors(void **state)
{
    size_t i;
    size_t unsupported = 0;
    uint8_t tag[MDSEC_AEAD_TAG_LEN];
    (void)state;

    for (i = 0; i < ARRAY_LEN(tv_wp_aead); i++) {
        const mdsec_tv_aead_t *v = &tv_wp_aead[i];
        mdsec_status_t st;

        assert_true(v->pt_len <= sizeof g_buf);
#if PROVIDER_IS_TOMCRYPT
        if (v->pt_len == 0u && (v->aad_len % 16u) != 0u) {
            /* libtomcrypt 1.18.2 defect: refused rather than answered wrongly */
            CHECK_VECTOR(PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, NULL, 0, NULL,
                                                tag) == MDSEC_ERR_NOT_SUPPORTED,
                         "chacha20_poly1305_test.json", v->id);
            CHECK_VECTOR(PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, NULL, 0,
                                                v->tag, NULL) == MDSEC_ERR_NOT_SUPPORTED,
                         "chacha20_poly1305_test.json", v->id);
            unsupported++;
            continue;
        }
#endif
        memset(g_buf, 0xaa, sizeof g_buf);
        st = PROVIDER_FN(aead_open)(v->key, v->nonce, v->aad, v->aad_len, v->ct, v->pt_len, v->tag,
                                    g_buf);
        if (v->result == 1u) {
            CHECK_VECTOR(st == MDSEC_OK, "chacha20_poly1305_test.json open", v->id);
            CHECK_VECTOR(v->pt_len == 0u || memcmp(g_buf, v->pt, v->pt_len) == 0,
                         "chacha20_poly1305_test.json pt", v->id);
            CHECK_VECTOR(PROVIDER_FN(aead_seal)(v->key, v->nonce, v->aad, v->aad_len, v->pt,
                                                v->pt_len, g_buf2, tag) == MDSEC_OK,
                         "chacha20_poly1305_test.json seal", v->id);
            CHECK_VECTOR(v->pt_len == 0u || memcmp(g_buf2, v->ct, v->pt_len) == 0,
                         "chacha20_poly1305_test.json ct", v->id);
            CHECK_VECTOR(memcmp(tag, v->tag, sizeof tag) == 0, "chacha20_poly1305_test.json tag",
                         v->id);
        } else {
            CHECK_VECTOR(st == MDSEC_ERR_AUTH_FAILED, "chacha20_poly1305_test.json", v->id);
            CHECK_VECTOR(tu_all_zero(g_buf, v->pt_len), "chacha20_poly1305_test.json zeroed",
                         v->id);
        }
    }
    print_message("ChaCha20-Poly1305: %lu vectors, %lu not supported by this provider\n",
                  (unsigned long)ARRAY_LEN(tv_wp_aead), (unsigned long)unsupported);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ecdsa_all_wycheproof_vectors),
        cmocka_unit_test(rsa_pss_all_wycheproof_vectors),
        cmocka_unit_test(chacha20_poly1305_all_wycheproof_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
