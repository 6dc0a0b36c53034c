/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * CBOR decoder: the examples of RFC 8949 Appendix A (well-formed) and
 * Appendix F (not well-formed), plus the deterministic-profile rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/parse.h"
#include "test_hex.h"

static uint8_t buf[512];

static size_t hex(const char *h)
{
    size_t n = test_hex(h, buf, sizeof buf);
    assert_true(n != (size_t)-1);
    return n;
}

/* Decodes everything and re-encodes it from the item heads: must be identical. */
static mdsec_status_t decode_reencode(const uint8_t *in, size_t len, size_t *items)
{
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t it;
    uint8_t out[512];
    size_t o = 0, n;
    mdsec_status_t st = MDSEC_OK;
    *items = 0;
    mdsec_cbor_init(&d, in, len, 0);
    while (st == MDSEC_OK && !mdsec_cbor_done(&d)) {
        st = mdsec_cbor_next(&d, &it);
        if (st != MDSEC_OK) {
            break;
        }
        (*items)++;
        assert_int_equal(mdsec_cbor_encode_head(it.type, it.val, out + o, sizeof out - o, &n),
                         MDSEC_OK);
        o += n;
        if (it.type == MDSEC_CBOR_BSTR || it.type == MDSEC_CBOR_TSTR) {
            if (it.str.len) {
                memcpy(out + o, it.str.ptr, it.str.len);
            }
            o += it.str.len;
        }
    }
    if (st == MDSEC_OK) {
        st = mdsec_cbor_finish(&d);
    }
    if (st == MDSEC_OK) {
        assert_int_equal(o, len);
        assert_memory_equal(out, in, len);
    }
    return st;
}

/* RFC 8949 Appendix A: every example that is not a float and not indefinite-length. */
static void rfc8949_appendix_a_round_trip(void **state)
{
    static const struct {
        const char *hex;
        size_t items;
    } ex[] = {
        {"00", 1},
        {"01", 1},
        {"0a", 1},
        {"17", 1},
        {"1818", 1},
        {"1819", 1},
        {"1864", 1},
        {"1903e8", 1},
        {"1a000f4240", 1},
        {"1b000000e8d4a51000", 1},
        {"1bffffffffffffffff", 1},
        {"c249010000000000000000", 2},
        {"3bffffffffffffffff", 1},
        {"c349010000000000000000", 2},
        {"20", 1},
        {"29", 1},
        {"3863", 1},
        {"3903e7", 1},
        {"f4", 1},
        {"f5", 1},
        {"f6", 1},
        {"f7", 1},
        {"f0", 1},
        {"f8ff", 1},
        {"c074323031332d30332d32315432303a30343a30305a", 2},
        {"c11a514b67b0", 2},
        {"d74401020304", 2},
        {"d818456449455446", 2},
        {"d82076687474703a2f2f7777772e6578616d706c652e636f6d", 2},
        {"40", 1},
        {"4401020304", 1},
        {"60", 1},
        {"6161", 1},
        {"6449455446", 1},
        {"62225c", 1},
        {"62c3bc", 1},
        {"63e6b0b4", 1},
        {"64f0908591", 1},
        {"80", 1},
        {"83010203", 4},
        {"8301820203820405", 8},
        {"98190102030405060708090a0b0c0d0e0f101112131415161718181819", 26},
        {"a0", 1},
        {"a201020304", 5},
        {"a26161016162820203", 7},
        {"826161a161626163", 5},
        {"a56161614161626142616361436164614461656145", 11},
    };
    size_t i, items;
    (void)state;
    for (i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        size_t n = hex(ex[i].hex);
        mdsec_status_t st = decode_reencode(buf, n, &items);
        if (st != MDSEC_OK) {
            fail_msg("example %s: %s", ex[i].hex, mdsec_status_str(st));
        }
        assert_int_equal(items, ex[i].items);
    }
}

static void item_values(void **state)
{
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t it;
    size_t n = hex("a2 01 3903e7 02 83 f5 64 49455446 c1 1a514b67b0");
    (void)state;
    mdsec_cbor_init(&d, buf, n, 0);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_MAP);
    assert_int_equal(it.val, 2);
    assert_int_equal(it.depth, 0);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_UINT);
    assert_int_equal(it.depth, 1);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_NINT);
    assert_int_equal(it.val, 999); /* -1000 */
    assert_int_equal(it.offset, 2);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_ARRAY);
    assert_int_equal(it.val, 3);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_SIMPLE);
    assert_int_equal(it.val, 21);
    assert_int_equal(it.depth, 2);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_TSTR);
    assert_int_equal(it.str.len, 4);
    assert_memory_equal(it.str.ptr, "IETF", 4);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_TAG);
    assert_int_equal(it.val, 1);
    assert_false(mdsec_cbor_done(&d)); /* the tagged item is still to come */
    assert_int_equal(mdsec_cbor_finish(&d), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.val, 1363896240u);
    assert_true(mdsec_cbor_done(&d));
    assert_int_equal(mdsec_cbor_finish(&d), MDSEC_OK);
    /* Reading past the end is an error, not a silent empty item. */
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_ERR_PARSE_TRAILING);
    assert_int_equal(it.type, 0);
}

static mdsec_status_t check(const char *h, size_t *off)
{
    size_t n = hex(h);
    return mdsec_cbor_check(buf, n, 0, off);
}

/* RFC 8949 Appendix F.1 examples of not-well-formed CBOR, with mdsec's specific verdicts. */
static void rfc8949_appendix_f_not_well_formed(void **state)
{
    static const struct {
        const char *hex;
        mdsec_status_t st;
    } ex[] = {
        /* end of input in a head */
        {"18", MDSEC_ERR_PARSE_TRUNCATED},
        {"19", MDSEC_ERR_PARSE_TRUNCATED},
        {"1a", MDSEC_ERR_PARSE_TRUNCATED},
        {"1b", MDSEC_ERR_PARSE_TRUNCATED},
        {"1901", MDSEC_ERR_PARSE_TRUNCATED},
        {"1a0102", MDSEC_ERR_PARSE_TRUNCATED},
        {"1b01020304050607", MDSEC_ERR_PARSE_TRUNCATED},
        {"38", MDSEC_ERR_PARSE_TRUNCATED},
        {"58", MDSEC_ERR_PARSE_TRUNCATED},
        {"78", MDSEC_ERR_PARSE_TRUNCATED},
        {"98", MDSEC_ERR_PARSE_TRUNCATED},
        {"9a01ff00", MDSEC_ERR_PARSE_TRUNCATED},
        {"b8", MDSEC_ERR_PARSE_TRUNCATED},
        {"d8", MDSEC_ERR_PARSE_TRUNCATED},
        {"f8", MDSEC_ERR_PARSE_TRUNCATED},
        {"f900", MDSEC_ERR_PARSE_CBOR_UNSUPPORTED},
        /* definite-length strings with short data */
        {"41", MDSEC_ERR_PARSE_TRUNCATED},
        {"61", MDSEC_ERR_PARSE_TRUNCATED},
        {"5affffffff00", MDSEC_ERR_PARSE_TRUNCATED},
        {"5bffffffffffffffff010203", MDSEC_ERR_PARSE_TRUNCATED},
        {"7affffffff00", MDSEC_ERR_PARSE_TRUNCATED},
        {"7b7fffffffffffffff010203", MDSEC_ERR_PARSE_TRUNCATED},
        /* definite-length maps and arrays not closed with enough items */
        {"81", MDSEC_ERR_PARSE_TRUNCATED},
        {"818181818181818181", MDSEC_ERR_PARSE_TRUNCATED},
        {"8200", MDSEC_ERR_PARSE_TRUNCATED},
        {"a1", MDSEC_ERR_PARSE_TRUNCATED},
        {"a20102", MDSEC_ERR_PARSE_TRUNCATED},
        {"a100", MDSEC_ERR_PARSE_TRUNCATED},
        {"a2000000", MDSEC_ERR_PARSE_TRUNCATED},
        /* tag number without a tag content */
        {"c0", MDSEC_ERR_PARSE_TRUNCATED},
        /* reserved additional information values */
        {"1c", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"1d", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"1e", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"3c", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"5c", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"7d", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"9e", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"bc", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"dd", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"fe", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        /* reserved two-byte encodings of simple values */
        {"f800", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"f801", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"f818", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"f81f", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        /* indefinite-length items (well-formed, but never accepted) and stray breaks */
        {"5f4100ff", MDSEC_ERR_PARSE_CBOR_INDEFINITE},
        {"9fff", MDSEC_ERR_PARSE_CBOR_INDEFINITE},
        {"bfff", MDSEC_ERR_PARSE_CBOR_INDEFINITE},
        {"ff", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"81ff", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"1f", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"3f", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        {"df", MDSEC_ERR_PARSE_CBOR_MALFORMED},
        /* floats are refused */
        {"f93c00", MDSEC_ERR_PARSE_CBOR_UNSUPPORTED},
        {"fa47c35000", MDSEC_ERR_PARSE_CBOR_UNSUPPORTED},
        {"fb3ff199999999999a", MDSEC_ERR_PARSE_CBOR_UNSUPPORTED},
    };
    size_t i, off;
    (void)state;
    for (i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        mdsec_status_t st = check(ex[i].hex, &off);
        if (st != ex[i].st) {
            fail_msg("%s: got %s, want %s", ex[i].hex, mdsec_status_str(st),
                     mdsec_status_str(ex[i].st));
        }
    }
}

static void deterministic_profile(void **state)
{
    size_t off;
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t it;
    size_t n;
    (void)state;
    /* non-shortest arguments, at every width, with the error offset */
    assert_int_equal(check("1817", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    assert_int_equal(off, 0);
    assert_int_equal(check("8201 1900ff", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    assert_int_equal(off, 2);
    assert_int_equal(check("1a0000ffff", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    assert_int_equal(check("1b00000000ffffffff", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    assert_int_equal(check("5800", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    assert_int_equal(check("9800", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    assert_int_equal(check("d800 00", &off), MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
    /* ... accepted on request */
    n = hex("1900ff");
    assert_int_equal(mdsec_cbor_check(buf, n, MDSEC_CBOR_ALLOW_NOT_SHORTEST, &off), MDSEC_OK);
    assert_int_equal(off, n);
    /* trailing bytes after the one top-level item */
    assert_int_equal(check("00 00", &off), MDSEC_ERR_PARSE_TRAILING);
    assert_int_equal(off, 1);
    assert_int_equal(mdsec_cbor_check(buf, 0, 0, &off), MDSEC_ERR_PARSE_TRUNCATED);
    /* nesting: 8 levels pass, 9 fail at the 9th head */
    assert_int_equal(check("8181818181818181 00", &off), MDSEC_OK);
    assert_int_equal(check("818181818181818181 00", &off), MDSEC_ERR_PARSE_DEPTH);
    assert_int_equal(off, 8);
    /* an empty container opens no level: 8 open levels plus an empty array pass */
    assert_int_equal(check("8181818181818181 80", &off), MDSEC_OK);
    /* a huge count is refused before any item is read */
    assert_int_equal(check("9bffffffffffffffff", &off), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(check("bb7fffffffffffffff 0000", &off), MDSEC_ERR_PARSE_TRUNCATED);
    /* outputs are zeroed on failure */
    n = hex("61 ff");
    mdsec_cbor_init(&d, buf, n, 0);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_ERR_PARSE_CBOR_UTF8);
    assert_int_equal(it.type, 0);
    assert_null(it.str.ptr);
}

static void utf8_validation(void **state)
{
    static const struct {
        const char *hex;
        int ok;
    } ex[] = {
        {"61 7f", 1},       {"62 c280", 1},   {"62 dfbf", 1},
        {"63 e0a080", 1},   {"63 efbfbf", 1}, {"64 f0908080", 1},
        {"64 f48fbfbf", 1}, {"63 ed9fbf", 1}, {"61 80", 0}, /* lone continuation */
        {"62 c080", 0},                                     /* overlong NUL */
        {"62 c1bf", 0},                                     /* overlong */
        {"63 e09f80", 0},                                   /* overlong 3-byte */
        {"63 eda080", 0},                                   /* surrogate D800 */
        {"63 edbfbf", 0},                                   /* surrogate DFFF */
        {"64 f08f8080", 0},                                 /* overlong 4-byte */
        {"64 f4908080", 0},                                 /* above U+10FFFF */
        {"64 f5808080", 0},                                 /* invalid lead */
        {"61 ff", 0},       {"62 e080", 0},                 /* truncated sequence */
        {"63 e08080", 0},   {"62 c2c2", 0},
    };
    size_t i, off;
    (void)state;
    for (i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        mdsec_status_t st = check(ex[i].hex, &off);
        if ((st == MDSEC_OK) != ex[i].ok || (!ex[i].ok && st != MDSEC_ERR_PARSE_CBOR_UTF8)) {
            fail_msg("%s: %s", ex[i].hex, mdsec_status_str(st));
        }
    }
}

static void skip_nested(void **state)
{
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t it;
    size_t n = hex("83 82 a1 01 82 02 03 04 c1 82 05 06 07");
    (void)state;
    mdsec_cbor_init(&d, buf, n, 0);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK); /* outer array */
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK); /* [ {1:[2,3]}, 4 ] */
    assert_int_equal(mdsec_cbor_skip(&d, &it), MDSEC_OK);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK); /* tag 1 */
    assert_int_equal(it.type, MDSEC_CBOR_TAG);
    assert_int_equal(mdsec_cbor_skip(&d, &it), MDSEC_OK); /* skips [5,6] */
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(it.type, MDSEC_CBOR_UINT);
    assert_int_equal(it.val, 7);
    assert_int_equal(mdsec_cbor_finish(&d), MDSEC_OK);
    /* skip reports an error inside what it skips */
    n = hex("82 82 01 1c 02");
    mdsec_cbor_init(&d, buf, n, 0);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(mdsec_cbor_next(&d, &it), MDSEC_OK);
    assert_int_equal(mdsec_cbor_skip(&d, &it), MDSEC_ERR_PARSE_CBOR_MALFORMED);
}

static void encode_head_rules(void **state)
{
    uint8_t out[9];
    size_t n = 7;
    (void)state;
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_UINT, 23, out, sizeof out, &n), MDSEC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], 0x17);
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_NINT, 999, out, sizeof out, &n), MDSEC_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(out, "\x39\x03\xe7", 3);
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_UINT, UINT64_MAX, out, sizeof out, &n),
                     MDSEC_OK);
    assert_int_equal(n, 9);
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_UINT, UINT64_MAX, out, 8, &n),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_SIMPLE, 255, out, sizeof out, &n), MDSEC_OK);
    assert_memory_equal(out, "\xf8\xff", 2);
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_SIMPLE, 24, out, sizeof out, &n),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_cbor_encode_head(MDSEC_CBOR_SIMPLE, 256, out, sizeof out, &n),
                     MDSEC_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc8949_appendix_a_round_trip),
        cmocka_unit_test(item_values),
        cmocka_unit_test(rfc8949_appendix_f_not_well_formed),
        cmocka_unit_test(deterministic_profile),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(skip_nested),
        cmocka_unit_test(encode_head_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
