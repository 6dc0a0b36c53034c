/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Runs sets of Wycheproof RSA-PSS vectors through the provider under test
 * (shared by the known-answer subset and the full Wycheproof test).
 * Include after cmocka.h, crypto_test_util.h and mdsec_tv_types.h.
 */
#ifndef MDSEC_TEST_RSA_PSS_CHECK_H
#define MDSEC_TEST_RSA_PSS_CHECK_H

static inline void tu_check_rsa_pss_sets(const mdsec_tv_wp_rsa_pss_set_t *sets, size_t n_sets)
{
    size_t s, i;
    uint8_t hash[MDSEC_SHA256_LEN];

    for (s = 0; s < n_sets; s++) {
        const mdsec_tv_wp_rsa_pss_set_t *set = &sets[s];

        for (i = 0; i < set->n_tests; i++) {
            const mdsec_tv_wp_sig_t *t = &set->tests[i];
            mdsec_status_t st;

            assert_int_equal(
                PROVIDER_FN(hash)(MDSEC_HASH_SHA256, t->msg, t->msg_len, hash, sizeof hash),
                MDSEC_OK);
            st = PROVIDER_FN(rsa_pss_verify)(set->n, set->n_len, set->e, set->e_len,
                                             MDSEC_HASH_SHA256, hash, sizeof hash, set->salt_len,
                                             t->sig, t->sig_len);
#if PROVIDER_IS_BEARSSL
            CHECK_VECTOR(st == MDSEC_ERR_NOT_SUPPORTED, set->file, t->tc_id);
#else
            if (t->result == 1u) {
                CHECK_VECTOR(st == MDSEC_OK, set->file, t->tc_id);
            } else if (t->result == 0u) {
                CHECK_VECTOR(st == MDSEC_ERR_SIGNATURE_INVALID ||
                                 st == MDSEC_ERR_SIGNATURE_MALFORMED,
                             set->file, t->tc_id);
            }
#endif
        }
    }
}

#endif /* MDSEC_TEST_RSA_PSS_CHECK_H */
