/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Reader cursor, checked arithmetic and bounded copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/parse.h"

static const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

static void reads_both_byte_orders(void **state)
{
    mdsec_reader_t r;
    (void)state;
    mdsec_reader_init(&r, bytes, sizeof bytes);
    assert_int_equal(mdsec_read_u8(&r), 0x01);
    assert_int_equal(mdsec_read_u16be(&r), 0x0203);
    assert_int_equal(mdsec_read_u16le(&r), 0x0504);
    assert_int_equal(mdsec_reader_offset(&r), 5);
    assert_int_equal(mdsec_reader_remaining(&r), 4);
    assert_int_equal(mdsec_read_u32be(&r), 0x06070809u);
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_OK);

    mdsec_reader_init(&r, bytes, sizeof bytes);
    assert_int_equal(mdsec_read_u32le(&r), 0x04030201u);
    mdsec_reader_init(&r, bytes, sizeof bytes);
    assert_true(mdsec_read_u64be(&r) == UINT64_C(0x0102030405060708));
    mdsec_reader_init(&r, bytes, sizeof bytes);
    assert_true(mdsec_read_u64le(&r) == UINT64_C(0x0807060504030201));
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_ERR_PARSE_TRAILING);
    /* finish's error is sticky too */
    assert_int_equal(mdsec_read_u8(&r), 0);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRAILING);
}

static void error_is_sticky_and_reads_return_zero(void **state)
{
    mdsec_reader_t r;
    uint8_t out[4] = {0xAA, 0xAA, 0xAA, 0xAA};
    mdsec_span_t s;
    (void)state;
    mdsec_reader_init(&r, bytes, 3);
    assert_int_equal(mdsec_read_u32be(&r), 0); /* needs 4, has 3 */
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRUNCATED);
    /* The 3 bytes are still there, but every later read fails. */
    assert_int_equal(mdsec_read_u8(&r), 0);
    assert_int_equal(mdsec_read_u16le(&r), 0);
    assert_int_equal(mdsec_reader_remaining(&r), 0);
    s = mdsec_read_span(&r, 1);
    assert_null(s.ptr);
    assert_int_equal(s.len, 0);
    mdsec_read_bytes(&r, out, sizeof out);
    assert_memory_equal(out, "\0\0\0\0", 4);
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_ERR_PARSE_TRUNCATED);
    /* A later semantic failure does not overwrite the first error. */
    mdsec_reader_fail(&r, MDSEC_ERR_PARSE_RANGE);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRUNCATED);
}

static void fail_sets_state_and_ok_is_ignored(void **state)
{
    mdsec_reader_t r;
    (void)state;
    mdsec_reader_init(&r, bytes, sizeof bytes);
    mdsec_reader_fail(&r, MDSEC_OK);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_OK);
    mdsec_reader_fail(&r, MDSEC_ERR_PARSE_RANGE);
    assert_int_equal(mdsec_read_u8(&r), 0);
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_ERR_PARSE_RANGE);
}

static void null_input(void **state)
{
    mdsec_reader_t r;
    mdsec_span_t s;
    (void)state;
    mdsec_reader_init(&r, NULL, 5);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_INVALID_ARG);
    mdsec_reader_init(&r, NULL, 0);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_OK);
    s = mdsec_read_span(&r, 0);
    assert_int_equal(s.len, 0);
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_OK);
    mdsec_read_skip(&r, 1);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRUNCATED);
}

static void spans_point_into_input_and_skip(void **state)
{
    mdsec_reader_t r;
    mdsec_span_t s;
    uint8_t out[2];
    (void)state;
    mdsec_reader_init(&r, bytes, sizeof bytes);
    mdsec_read_skip(&r, 2);
    s = mdsec_read_span(&r, 3);
    assert_ptr_equal(s.ptr, bytes + 2);
    assert_int_equal(s.len, 3);
    mdsec_read_bytes(&r, out, 2);
    assert_int_equal(out[0], 0x06);
    assert_int_equal(out[1], 0x07);
    mdsec_read_skip(&r, 3); /* only 2 left */
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRUNCATED);
}

static void sub_reader_bounds_and_offsets(void **state)
{
    mdsec_reader_t r, c, cc;
    (void)state;
    mdsec_reader_init(&r, bytes, sizeof bytes);
    mdsec_read_skip(&r, 1);
    mdsec_reader_sub(&r, &c, 4);
    assert_int_equal(mdsec_reader_offset(&r), 5);
    assert_int_equal(mdsec_reader_offset(&c), 1); /* absolute */
    assert_int_equal(mdsec_read_u8(&c), 0x02);
    mdsec_reader_sub(&c, &cc, 2);
    assert_int_equal(mdsec_reader_offset(&cc), 2);
    assert_int_equal(mdsec_read_u16be(&cc), 0x0304);
    assert_int_equal(mdsec_read_u8(&cc), 0); /* child cannot read past its bound */
    assert_int_equal(mdsec_reader_status(&cc), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(mdsec_reader_status(&c), MDSEC_OK); /* parent unaffected */
    assert_int_equal(mdsec_read_u8(&c), 0x05);
    assert_int_equal(mdsec_reader_finish(&c), MDSEC_OK);

    /* A declared length that does not fit the parent fails both. */
    mdsec_reader_sub(&r, &c, 5); /* 4 left */
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(mdsec_reader_status(&c), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(mdsec_reader_remaining(&c), 0);
    /* SIZE_MAX cannot wrap the check. */
    mdsec_reader_init(&r, bytes, sizeof bytes);
    mdsec_read_skip(&r, 1);
    mdsec_reader_sub(&r, &c, SIZE_MAX);
    assert_int_equal(mdsec_reader_status(&c), MDSEC_ERR_PARSE_TRUNCATED);
}

/* LEB128 examples from the DWARF 5 specification, section 7.6 (Table 7.8). */
static void uleb128_dwarf_examples(void **state)
{
    static const struct {
        const uint8_t enc[3];
        size_t n;
        uint64_t v;
    } ex[] = {
        {{0x02}, 1, 2},
        {{0x7F}, 1, 127},
        {{0x80, 0x01}, 2, 128},
        {{0x81, 0x01}, 2, 129},
        {{0x82, 0x01}, 2, 130},
        {{0xB9, 0x64}, 2, 12857},
        {{0xE5, 0x8E, 0x26}, 3, 624485}, /* the Wikipedia/LLVM example */
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        mdsec_reader_t r;
        mdsec_reader_init(&r, ex[i].enc, ex[i].n);
        assert_true(mdsec_read_uleb128(&r) == ex[i].v);
        assert_int_equal(mdsec_reader_finish(&r), MDSEC_OK);
    }
}

static void uleb128_limits(void **state)
{
    static const uint8_t max[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    static const uint8_t over[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
    static const uint8_t eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                     0x80, 0x80, 0x80, 0x80, 0x00};
    static const uint8_t padded[] = {0x81, 0x80, 0x00}; /* 1 with redundant zero groups */
    static const uint8_t cut[] = {0x80, 0x80};
    mdsec_reader_t r;
    (void)state;
    mdsec_reader_init(&r, max, sizeof max);
    assert_true(mdsec_read_uleb128(&r) == UINT64_MAX);
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_OK);
    mdsec_reader_init(&r, over, sizeof over);
    assert_true(mdsec_read_uleb128(&r) == 0);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_OVERFLOW);
    mdsec_reader_init(&r, eleven, sizeof eleven);
    assert_true(mdsec_read_uleb128(&r) == 0);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_OVERFLOW);
    mdsec_reader_init(&r, padded, sizeof padded);
    assert_true(mdsec_read_uleb128(&r) == 1);
    assert_int_equal(mdsec_reader_finish(&r), MDSEC_OK);
    mdsec_reader_init(&r, cut, sizeof cut);
    assert_true(mdsec_read_uleb128(&r) == 0);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_TRUNCATED);
}

static void checked_arithmetic(void **state)
{
    size_t out = 99;
    (void)state;
    assert_int_equal(mdsec_size_add(SIZE_MAX - 1, 1, &out), MDSEC_OK);
    assert_true(out == SIZE_MAX);
    assert_int_equal(mdsec_size_add(SIZE_MAX, 1, &out), MDSEC_ERR_OVERFLOW);
    assert_int_equal(out, 0);
    assert_int_equal(mdsec_size_mul(SIZE_MAX / 2, 2, &out), MDSEC_OK);
    assert_int_equal(mdsec_size_mul(SIZE_MAX / 2 + 1, 2, &out), MDSEC_ERR_OVERFLOW);
    assert_int_equal(out, 0);
    assert_int_equal(mdsec_size_mul(0, SIZE_MAX, &out), MDSEC_OK);
    assert_int_equal(out, 0);
    assert_int_equal(mdsec_check_range(5, 5, 10), MDSEC_OK);
    assert_int_equal(mdsec_check_range(10, 5, 10), MDSEC_OK);
    assert_int_equal(mdsec_check_range(4, 5, 10), MDSEC_ERR_PARSE_RANGE);
    assert_int_equal(mdsec_check_range(11, 5, 10), MDSEC_ERR_PARSE_RANGE);
}

static void strcopy_terminates_and_reports(void **state)
{
    char dst[6];
    int trunc = -1;
    (void)state;
    memset(dst, 'x', sizeof dst);
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, (const uint8_t *)"abc", 3, &trunc), MDSEC_OK);
    assert_string_equal(dst, "abc");
    assert_int_equal(trunc, 0);
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, (const uint8_t *)"abcde", 5, &trunc), MDSEC_OK);
    assert_string_equal(dst, "abcde");
    assert_int_equal(trunc, 0);
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, (const uint8_t *)"abcdefgh", 8, &trunc),
                     MDSEC_OK);
    assert_string_equal(dst, "abcde");
    assert_int_equal(trunc, 1);
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, (const uint8_t *)"ab\0cd", 5, &trunc),
                     MDSEC_ERR_PARSE_STRING_NUL);
    assert_string_equal(dst, "");
    assert_int_equal(mdsec_strcopy(dst, 1, (const uint8_t *)"abc", 3, &trunc), MDSEC_OK);
    assert_string_equal(dst, "");
    assert_int_equal(trunc, 1);
    assert_int_equal(mdsec_strcopy(dst, 0, (const uint8_t *)"abc", 3, &trunc),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_strcopy(NULL, 4, (const uint8_t *)"abc", 3, &trunc),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, NULL, 3, &trunc), MDSEC_ERR_INVALID_ARG);
    assert_string_equal(dst, "");
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, NULL, 0, &trunc), MDSEC_OK);
    assert_int_equal(mdsec_strcopy(dst, sizeof dst, (const uint8_t *)"a", 1, NULL),
                     MDSEC_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_both_byte_orders),
        cmocka_unit_test(error_is_sticky_and_reads_return_zero),
        cmocka_unit_test(fail_sets_state_and_ok_is_ignored),
        cmocka_unit_test(null_input),
        cmocka_unit_test(spans_point_into_input_and_skip),
        cmocka_unit_test(sub_reader_bounds_and_offsets),
        cmocka_unit_test(uleb128_dwarf_examples),
        cmocka_unit_test(uleb128_limits),
        cmocka_unit_test(checked_arithmetic),
        cmocka_unit_test(strcopy_terminates_and_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
