/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Generic TLV iterator and encoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exhaustive.h"
#include "mdsec/parse.h"

static const mdsec_tlv_format_t mcuboot = MDSEC_TLV_FORMAT_MCUBOOT;

/* A hand-built area in MCUboot's TLV format: SEC_CNT (0x50) = 5, then a 28-byte TLV 0x10. */
static void iterates_mcuboot_area(void **state)
{
    uint8_t area[8 + 4 + 28];
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    (void)state;
    memcpy(area, "\x50\x00\x04\x00\x05\x00\x00\x00\x10\x00\x1c\x00", 12);
    memset(area + 12, 0xAB, 28);
    mdsec_tlv_iter_init(&it, mcuboot, area, 8 + 4 + 28);
    assert_false(mdsec_tlv_done(&it));
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.tag, 0x50);
    assert_int_equal(t.value.len, 4);
    assert_ptr_equal(t.value.ptr, area + 4);
    assert_int_equal(t.offset, 0);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.tag, 0x10);
    assert_int_equal(t.value.len, 28);
    assert_int_equal(t.offset, 8);
    assert_true(mdsec_tlv_done(&it));
    /* Reading past the end is an error, not an empty item. */
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(t.tag, 0);
    assert_null(t.value.ptr);
}

static void length_past_area_is_an_error_not_a_short_read(void **state)
{
    /* tag 0x10, len 0x20 but only 3 value bytes follow */
    static const uint8_t area[] = {0x10, 0x00, 0x20, 0x00, 1, 2, 3};
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    (void)state;
    mdsec_tlv_iter_init(&it, mcuboot, area, sizeof area);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_ERR_PARSE_TLV_LENGTH);
    assert_int_equal(t.value.len, 0);
    assert_null(t.value.ptr);
    assert_false(mdsec_tlv_done(&it));
    /* Sticky. */
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_ERR_PARSE_TLV_LENGTH);
}

static void partial_header_is_truncated(void **state)
{
    static const uint8_t area[] = {0x10, 0x00, 0x00, 0x00, 0x11, 0x00, 0x01};
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    (void)state;
    mdsec_tlv_iter_init(&it, mcuboot, area, sizeof area);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK); /* empty value */
    assert_int_equal(t.value.len, 0);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(t.offset, 0);
}

static void other_shapes(void **state)
{
    static const uint8_t be[] = {0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x02, 0xCA, 0xFE};
    static const uint8_t one[] = {0x07, 0x01, 0x55, 0x08, 0x00};
    mdsec_tlv_format_t f44 = {4, 4, 1}, f11 = {1, 1, 0}, bad = {3, 2, 0};
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    (void)state;
    mdsec_tlv_iter_init(&it, f44, be, sizeof be);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.tag, 0x0102);
    assert_int_equal(t.value.len, 2);
    assert_int_equal(t.value.ptr[0], 0xCA);
    assert_true(mdsec_tlv_done(&it));

    mdsec_tlv_iter_init(&it, f11, one, sizeof one);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.tag, 7);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.tag, 8);
    assert_int_equal(t.offset, 3);
    assert_true(mdsec_tlv_done(&it));

    mdsec_tlv_iter_init(&it, bad, one, sizeof one);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_ERR_INVALID_ARG);
}

static void from_reader_keeps_offsets(void **state)
{
    static const uint8_t buf[] = {0xEE, 0xEE, 0x05, 0x01, 0x99};
    mdsec_reader_t r;
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    mdsec_tlv_format_t f11 = {1, 1, 0};
    (void)state;
    mdsec_reader_init(&r, buf, sizeof buf);
    mdsec_read_skip(&r, 2);
    mdsec_tlv_iter_from_reader(&it, f11, &r);
    assert_int_equal(mdsec_reader_remaining(&r), 0);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.offset, 2);
    assert_int_equal(t.tag, 5);
    assert_int_equal(t.value.ptr[0], 0x99);
}

static void encode_round_trip_and_errors(void **state)
{
    uint8_t out[16];
    size_t n = 99;
    mdsec_tlv_format_t f11 = {1, 1, 0};
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    (void)state;
    assert_int_equal(mdsec_tlv_encode(mcuboot, 0x50, "\x05\0\0\0", 4, out, sizeof out, &n),
                     MDSEC_OK);
    assert_int_equal(n, 8);
    assert_memory_equal(out, "\x50\x00\x04\x00\x05\x00\x00\x00", 8);
    mdsec_tlv_iter_init(&it, mcuboot, out, n);
    assert_int_equal(mdsec_tlv_next(&it, &t), MDSEC_OK);
    assert_int_equal(t.tag, 0x50);
    assert_int_equal(mdsec_tlv_encode(f11, 0x100, "", 0, out, sizeof out, &n),
                     MDSEC_ERR_PARSE_RANGE);
    assert_int_equal(n, 0);
    assert_int_equal(mdsec_tlv_encode(f11, 1, out, 256, out, sizeof out, &n),
                     MDSEC_ERR_PARSE_RANGE);
    assert_int_equal(mdsec_tlv_encode(mcuboot, 1, "abcdefghijklm", 13, out, sizeof out, &n),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(mdsec_tlv_encode(mcuboot, 1, NULL, 1, out, sizeof out, &n),
                     MDSEC_ERR_INVALID_ARG);
}

/* ---- exhaustive short inputs ---- */

static mdsec_tlv_format_t ex_fmt;
static unsigned long ex_accepted;

/* An independent model of the verdict: walk by hand. */
static mdsec_status_t model(const uint8_t *in, size_t len)
{
    size_t pos = 0, h = (size_t)ex_fmt.tag_size + ex_fmt.len_size;
    while (pos < len) {
        size_t l = 0, i;
        if (len - pos < h) {
            return MDSEC_ERR_PARSE_TRUNCATED;
        }
        for (i = 0; i < ex_fmt.len_size; i++) {
            size_t idx = ex_fmt.big_endian ? i : (size_t)(ex_fmt.len_size - 1u - i);
            l = (l << 8) | in[pos + ex_fmt.tag_size + idx];
        }
        if (l > len - pos - h) {
            return MDSEC_ERR_PARSE_TLV_LENGTH;
        }
        pos += h + l;
    }
    return MDSEC_OK;
}

static mdsec_status_t decode_all(const uint8_t *in, size_t len, uint8_t *reenc, size_t *reenc_len)
{
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    size_t used = 0, n;
    mdsec_tlv_iter_init(&it, ex_fmt, in, len);
    while (!mdsec_tlv_done(&it)) {
        mdsec_status_t st = mdsec_tlv_next(&it, &t);
        if (st != MDSEC_OK) {
            return st;
        }
        /* every span lies inside the input */
        if (t.value.len != 0 && (t.value.ptr < in || t.value.ptr + t.value.len > in + len)) {
            return MDSEC_ERR_INTERNAL;
        }
        if (mdsec_tlv_encode(ex_fmt, t.tag, t.value.ptr, t.value.len, reenc + used, 8 - used, &n) !=
            MDSEC_OK) {
            return MDSEC_ERR_INTERNAL;
        }
        used += n;
    }
    *reenc_len = used;
    return MDSEC_OK;
}

static void check_one(const uint8_t *in, size_t len)
{
    uint8_t re1[8], re2[8];
    size_t n1 = 0, n2 = 0;
    mdsec_status_t a = decode_all(in, len, re1, &n1);
    mdsec_status_t b = decode_all(in, len, re2, &n2);
    if (a != b || a != model(in, len)) {
        fail_msg("verdicts differ for %lu-byte input: %d %d %d", (unsigned long)len, a, b,
                 model(in, len));
    }
    if (a == MDSEC_OK) {
        ex_accepted++;
        if (n1 != len || memcmp(re1, in, len) != 0) {
            fail_msg("re-encoding differs for %lu-byte input", (unsigned long)len);
        }
    }
}

static void exhaustive_short_inputs_all_shapes(void **state)
{
    static const mdsec_tlv_format_t shapes[] = {{2, 2, 0}, {1, 1, 0}, {1, 2, 1}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        unsigned long n;
        ex_fmt = shapes[i];
        ex_accepted = 0;
        n = exhaustive_short_inputs(check_one);
        assert_true(n > 65000);
        if (shapes[i].tag_size == 2) {
            assert_int_equal(ex_accepted, 0); /* 4-byte header never fits */
        } else {
            assert_true(ex_accepted > 0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iterates_mcuboot_area),
        cmocka_unit_test(length_past_area_is_an_error_not_a_short_read),
        cmocka_unit_test(partial_header_is_truncated),
        cmocka_unit_test(other_shapes),
        cmocka_unit_test(from_reader_keeps_offsets),
        cmocka_unit_test(encode_round_trip_and_errors),
        cmocka_unit_test(exhaustive_short_inputs_all_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
