/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Core API: status texts, version, mdsec_memzero, mdsec_ct_equal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/mdsec.h"

static const mdsec_status_t all_status[] = {
    MDSEC_OK,
    MDSEC_ERR_INVALID_ARG,
    MDSEC_ERR_BUFFER_TOO_SMALL,
    MDSEC_ERR_NOT_SUPPORTED,
    MDSEC_ERR_STATE,
    MDSEC_ERR_NOT_INITIALISED,
    MDSEC_ERR_OVERFLOW,
    MDSEC_ERR_INTERNAL,
    MDSEC_ERR_CRYPTO,
    MDSEC_ERR_SIGNATURE_INVALID,
    MDSEC_ERR_AUTH_FAILED,
    MDSEC_ERR_KEY_INVALID,
    MDSEC_ERR_SIGNATURE_MALFORMED,
    MDSEC_ERR_SELFTEST_FAILED,
    MDSEC_ERR_DRBG_NOT_SEEDED,
    MDSEC_ERR_CRYPTO_RESOURCE,
    MDSEC_ERR_ENTROPY,
    MDSEC_ERR_TIME_UNKNOWN,
    MDSEC_ERR_MUTEX,
    MDSEC_ERR_COUNTER_ID,
    MDSEC_ERR_COUNTER_ROLLBACK,
    MDSEC_ERR_COUNTER_IO,
    MDSEC_ERR_STORAGE_REGION,
    MDSEC_ERR_STORAGE_BOUNDS,
    MDSEC_ERR_STORAGE_ALIGN,
    MDSEC_ERR_STORAGE_NOT_ERASED,
    MDSEC_ERR_STORAGE_IO,
    MDSEC_ERR_ROOT_SECRET,
    MDSEC_ERR_PORT_UNIMPLEMENTED,
    MDSEC_ERR_PARSE_TRUNCATED,
    MDSEC_ERR_PARSE_TRAILING,
    MDSEC_ERR_PARSE_OVERFLOW,
    MDSEC_ERR_PARSE_RANGE,
    MDSEC_ERR_PARSE_TLV_LENGTH,
    MDSEC_ERR_PARSE_DER_TAG,
    MDSEC_ERR_PARSE_DER_LENGTH,
    MDSEC_ERR_PARSE_DER_INTEGER,
    MDSEC_ERR_PARSE_DER_OID,
    MDSEC_ERR_PARSE_DER_VALUE,
    MDSEC_ERR_PARSE_CBOR_INDEFINITE,
    MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST,
    MDSEC_ERR_PARSE_CBOR_UTF8,
    MDSEC_ERR_PARSE_DEPTH,
    MDSEC_ERR_PARSE_SCHEMA_TYPE,
    MDSEC_ERR_PARSE_SCHEMA_MISSING,
    MDSEC_ERR_PARSE_SCHEMA_DUPLICATE,
    MDSEC_ERR_PARSE_SCHEMA_RANGE,
    MDSEC_ERR_PARSE_SCHEMA_LENGTH,
    MDSEC_ERR_PARSE_SCHEMA_VALUE,
    MDSEC_ERR_PARSE_SCHEMA_INVALID,
    MDSEC_ERR_PARSE_STRING_NUL,
    MDSEC_ERR_PARSE_DER_BITSTRING,
    MDSEC_ERR_PARSE_CBOR_MALFORMED,
    MDSEC_ERR_PARSE_CBOR_UNSUPPORTED,
    MDSEC_ERR_PARSE_SCHEMA_UNKNOWN,
    MDSEC_ERR_FW_MAGIC,
    MDSEC_ERR_FW_HEADER,
    MDSEC_ERR_FW_BOUNDS,
    MDSEC_ERR_FW_TLV_MAGIC,
    MDSEC_ERR_FW_TLV_SIZE,
    MDSEC_ERR_FW_TLV_UNKNOWN,
    MDSEC_ERR_FW_TLV_UNPROTECTED,
    MDSEC_ERR_FW_TLV_DUPLICATE,
    MDSEC_ERR_FW_TLV_LENGTH,
    MDSEC_ERR_FW_HASH_MISSING,
    MDSEC_ERR_FW_HASH_MISMATCH,
    MDSEC_ERR_FW_UNSIGNED,
    MDSEC_ERR_FW_UNTRUSTED_KEY,
    MDSEC_ERR_FW_KEY_REVOKED,
    MDSEC_ERR_FW_THRESHOLD,
    MDSEC_ERR_FW_ROLLBACK,
    MDSEC_ERR_FW_DOWNGRADE,
    MDSEC_ERR_FW_DEPENDENCY,
    MDSEC_ERR_FW_ALG_UNSUPPORTED,
    MDSEC_ERR_FW_ENCRYPTED,
    MDSEC_ERR_FW_TRAILER,
    MDSEC_ERR_FW_READ,
    MDSEC_ERR_FW_KEY_TLV,
    MDSEC_ERR_FW_POLICY,
    MDSEC_ERR_FW_NOT_VERIFIED,
    MDSEC_ERR_FW_TOO_MANY_SIGS,
    MDSEC_ERR_FW_CHANGED,
    MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE,
    MDSEC_ERR_KS_NOT_FOUND,
    MDSEC_ERR_KS_EXISTS,
    MDSEC_ERR_KS_FULL,
    MDSEC_ERR_KS_POLICY,
    MDSEC_ERR_KS_NOT_EXPORTABLE,
    MDSEC_ERR_KS_READ_ONLY,
    MDSEC_ERR_KS_CORRUPT,
    MDSEC_ERR_KS_ROLLBACK,
    MDSEC_ERR_KS_BACKEND,
    MDSEC_ERR_KS_ATTRIBUTES,
    MDSEC_ERR_KS_BLOB,
    MDSEC_ERR_KS_STORAGE_FULL,
    MDSEC_ERR_KS_AUTH,
    MDSEC_ERR_KS_MISMATCH,
    MDSEC_ERR_KS_EXPORTABLE,
    MDSEC_ERR_KS_VOLATILE,
    MDSEC_ERR_LOG_FORMAT,
    MDSEC_ERR_LOG_MAC,
    MDSEC_ERR_LOG_CHAIN,
    MDSEC_ERR_LOG_SEQUENCE,
    MDSEC_ERR_LOG_EPOCH,
    MDSEC_ERR_LOG_CHECKPOINT,
    MDSEC_ERR_LOG_TRUNCATED,
    MDSEC_ERR_LOG_WITNESS,
    MDSEC_ERR_LOG_DEVICE,
    MDSEC_ERR_LOG_FULL,
    MDSEC_ERR_LOG_KEY,
    MDSEC_ERR_LOG_SECTOR,
    MDSEC_ERR_LOG_UNFORMATTED,
    MDSEC_ERR_LOG_TOO_LARGE,
    MDSEC_ERR_LOG_UNANCHORED,
    MDSEC_ERR_LOG_PARAMS,
    MDSEC_ERR_LOG_WITNESS_BAD,
    MDSEC_ERR_LOG_UNSEALED,
    MDSEC_ERR_LOG_HEAD_CUT,
    MDSEC_ERR_PRIV_STEP,
    MDSEC_ERR_PRIV_POLICY,
    MDSEC_ERR_PRIV_REGION,
    MDSEC_ERR_PRIV_UNAVAILABLE,
    MDSEC_ERR_PRIV_VERIFY,
};
#define N_STATUS (sizeof(all_status) / sizeof(all_status[0]))

static void status_ok_is_zero_and_failures_negative(void **state)
{
    size_t i;
    (void)state;
    assert_int_equal(MDSEC_OK, 0);
    for (i = 1; i < N_STATUS; i++) {
        assert_true((int)all_status[i] < 0);
    }
}

static void status_values_and_texts_are_distinct(void **state)
{
    size_t i, j;
    (void)state;
    for (i = 0; i < N_STATUS; i++) {
        const char *s = mdsec_status_str(all_status[i]);
        assert_non_null(s);
        assert_string_not_equal(s, "unknown status");
        for (j = i + 1; j < N_STATUS; j++) {
            assert_int_not_equal((int)all_status[i], (int)all_status[j]);
            assert_string_not_equal(s, mdsec_status_str(all_status[j]));
        }
    }
}

static void status_unknown_value_has_text(void **state)
{
    (void)state;
    assert_string_equal(mdsec_status_str((mdsec_status_t)-12345), "unknown status");
    assert_string_equal(mdsec_status_str((mdsec_status_t)7), "unknown status");
}

static void version_string_matches_macros(void **state)
{
    char expect[32];
    (void)state;
    (void)snprintf(expect, sizeof expect, "%d.%d.%d", MDSEC_VERSION_MAJOR, MDSEC_VERSION_MINOR,
                   MDSEC_VERSION_PATCH);
    assert_string_equal(mdsec_version_string(), expect);
    assert_int_equal(MDSEC_VERSION_NUMBER, (MDSEC_VERSION_MAJOR << 16) |
                                               (MDSEC_VERSION_MINOR << 8) | MDSEC_VERSION_PATCH);
}

static void memzero_wipes_exactly_the_range(void **state)
{
    unsigned char buf[64];
    size_t i;
    (void)state;
    memset(buf, 0xA5, sizeof buf);
    mdsec_memzero(buf + 8, 40);
    for (i = 0; i < sizeof buf; i++) {
        assert_int_equal(buf[i], (i >= 8 && i < 48) ? 0x00 : 0xA5);
    }
    mdsec_memzero(NULL, 0); /* allowed, must not crash */
    mdsec_memzero(buf, 0);
    assert_int_equal(buf[0], 0xA5);
}

static void ct_equal_detects_every_single_byte_difference(void **state)
{
    unsigned char a[33], b[33];
    size_t i;
    unsigned bit;
    (void)state;
    for (i = 0; i < sizeof a; i++) {
        a[i] = (unsigned char)(i * 7u + 1u);
    }
    memcpy(b, a, sizeof a);
    assert_int_equal(mdsec_ct_equal(a, b, sizeof a), 1);
    assert_int_equal(mdsec_ct_equal(a, b, 0), 1);
    for (i = 0; i < sizeof a; i++) {
        for (bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1u << bit);
            assert_int_equal(mdsec_ct_equal(a, b, sizeof a), 0);
            /* A prefix that stops before the difference is still equal. */
            assert_int_equal(mdsec_ct_equal(a, b, i), 1);
            b[i] ^= (unsigned char)(1u << bit);
        }
    }
    /* All 256 values of a one-byte difference. */
    for (i = 1; i < 256; i++) {
        unsigned char x = 0, y = (unsigned char)i;
        assert_int_equal(mdsec_ct_equal(&x, &y, 1), 0);
    }
}

static void hash_len_known_and_unknown(void **state)
{
    (void)state;
    assert_int_equal(mdsec_hash_len(MDSEC_HASH_SHA256), 32);
    assert_int_equal(mdsec_hash_len(MDSEC_HASH_SHA384), 48);
    assert_int_equal(mdsec_hash_len(MDSEC_HASH_SHA512), 64);
    assert_int_equal(mdsec_hash_len((mdsec_hash_alg_t)0), 0);
    assert_int_equal(mdsec_hash_len((mdsec_hash_alg_t)99), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_ok_is_zero_and_failures_negative),
        cmocka_unit_test(status_values_and_texts_are_distinct),
        cmocka_unit_test(status_unknown_value_has_text),
        cmocka_unit_test(version_string_matches_macros),
        cmocka_unit_test(memzero_wipes_exactly_the_range),
        cmocka_unit_test(ct_equal_detects_every_single_byte_difference),
        cmocka_unit_test(hash_len_known_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
