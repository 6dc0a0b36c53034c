/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Schema validation: recognise the whole message, then fill the struct. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/parse.h"
#include "pump_protocol.h"
#include "test_hex.h"

static uint8_t msg[256];

static size_t hex(const char *h)
{
    size_t n = test_hex(h, msg, sizeof msg);
    assert_true(n != (size_t)-1);
    return n;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* {1: 42, 2: 125, 3: 50, 4: "nurse-7", 5: 2} */
#define SET_RATE_OK "a5 01 182a 02 187d 03 1832 04 67 6e757273652d37 05 02"

static mdsec_status_t set_rate(const char *h, pump_set_rate_t *out, mdsec_schema_error_t *e)
{
    size_t n = hex(h);
    memset(out, 0xAA, sizeof *out);
    return mdsec_schema_decode(&pump_set_rate_schema, msg, n, out, sizeof *out, e);
}

static void valid_set_rate(void **state)
{
    pump_set_rate_t c;
    mdsec_schema_error_t e;
    (void)state;
    assert_int_equal(set_rate(SET_RATE_OK, &c, &e), MDSEC_OK);
    assert_int_equal(e.status, MDSEC_OK);
    assert_null(e.field);
    assert_int_equal(c.drug_id, 42);
    assert_int_equal(c.rate_dl_per_h, 125);
    assert_int_equal(c.bolus_limit_dl, 50);
    assert_string_equal(c.operator_id, "nurse-7");
    assert_int_equal(c.channel, 2);
    assert_int_equal(c.has_channel, 1);
    /* optional channel left out; keys in another order */
    assert_int_equal(set_rate("a4 04 61 41 03 00 02 01 01 19 270f", &c, &e), MDSEC_OK);
    assert_int_equal(c.has_channel, 0);
    assert_int_equal(c.channel, 0);
    assert_int_equal(c.drug_id, 9999);
    assert_int_equal(c.rate_dl_per_h, 1);
    assert_int_equal(c.bolus_limit_dl, 0);
    assert_string_equal(c.operator_id, "A");
    /* the bounds themselves are accepted */
    assert_int_equal(
        set_rate("a4 01 01 02 192ee0 03 1901f4 04 70 30313233343536373839616263646566", &c, &e),
        MDSEC_OK);
    assert_int_equal(c.rate_dl_per_h, 12000);
    assert_int_equal(c.bolus_limit_dl, 500);
    assert_string_equal(c.operator_id, "0123456789abcdef");
}

struct bad_case {
    const char *hex;
    mdsec_status_t st;
    const char *field;
    size_t offset;
};

static void every_violation_names_status_field_and_offset(void **state)
{
    static const struct bad_case cases[] = {
        /* rate 0 below its minimum: the value is at offset 6 */
        {"a4 01 182a 02 00 03 1832 04 61 41", MDSEC_ERR_PARSE_SCHEMA_RANGE, "rate", 5},
        /* rate 12001 above its maximum */
        {"a4 01 182a 02 192ee1 03 1832 04 61 41", MDSEC_ERR_PARSE_SCHEMA_RANGE, "rate", 5},
        /* drug id 10000 */
        {"a4 01 192710 02 01 03 00 04 61 41", MDSEC_ERR_PARSE_SCHEMA_RANGE, "drug_id", 2},
        /* bolus 501 */
        {"a4 01 01 02 01 03 1901f5 04 61 41", MDSEC_ERR_PARSE_SCHEMA_RANGE, "bolus_limit", 6},
        /* channel 3 */
        {"a5 01 01 02 01 03 00 04 61 41 05 03", MDSEC_ERR_PARSE_SCHEMA_RANGE, "channel", 11},
        /* drug id as text */
        {"a4 01 62 3432 02 01 03 00 04 61 41", MDSEC_ERR_PARSE_SCHEMA_TYPE, "drug_id", 2},
        /* negative rate */
        {"a4 01 01 02 20 03 00 04 61 41", MDSEC_ERR_PARSE_SCHEMA_TYPE, "rate", 4},
        /* operator id as bytes */
        {"a4 01 01 02 01 03 00 04 41 41", MDSEC_ERR_PARSE_SCHEMA_TYPE, "operator_id", 8},
        /* operator id empty, and 17 bytes */
        {"a4 01 01 02 01 03 00 04 60", MDSEC_ERR_PARSE_SCHEMA_LENGTH, "operator_id", 8},
        {"a4 01 01 02 01 03 00 04 71 3031323334353637383961626364656667",
         MDSEC_ERR_PARSE_SCHEMA_LENGTH, "operator_id", 8},
        /* NUL inside the operator id */
        {"a4 01 01 02 01 03 00 04 63 410042", MDSEC_ERR_PARSE_SCHEMA_VALUE, "operator_id", 8},
        /* a nested array as a value */
        {"a4 01 81 01 02 01 03 00 04 61 41", MDSEC_ERR_PARSE_SCHEMA_TYPE, "drug_id", 2},
        /* missing operator id: reported at the end of the message */
        {"a3 01 01 02 01 03 00", MDSEC_ERR_PARSE_SCHEMA_MISSING, "operator_id", 7},
        /* unknown key 9 and a text key */
        {"a5 01 01 02 01 03 00 04 61 41 09 00", MDSEC_ERR_PARSE_SCHEMA_UNKNOWN, NULL, 10},
        {"a5 01 01 02 01 03 00 04 61 41 61 61 00", MDSEC_ERR_PARSE_SCHEMA_UNKNOWN, NULL, 10},
        /* duplicate key */
        {"a5 01 01 02 01 03 00 04 61 41 01 02", MDSEC_ERR_PARSE_SCHEMA_DUPLICATE, "drug_id", 10},
        /* not a map */
        {"84 01 02 03 04", MDSEC_ERR_PARSE_SCHEMA_TYPE, NULL, 0},
        /* CBOR errors come through with their own status and offset, and name the field
         * whose value failed to decode */
        {"a4 01 1801 02 01 03 00 04 61 41", MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST, "drug_id", 2},
        {"a4 01 01 02 01 03 00 04 61 ff", MDSEC_ERR_PARSE_CBOR_UTF8, "operator_id", 8},
        {"a4 01 01 02 01 03 00 04 61 41 00", MDSEC_ERR_PARSE_TRAILING, NULL, 10},
        {"a4 01 01 02 01 03 00 04 61", MDSEC_ERR_PARSE_TRUNCATED, "operator_id", 8},
        /* a map declaring more pairs than bytes left is refused at its head */
        {"a4 01 01 02 01 03 00 04", MDSEC_ERR_PARSE_TRUNCATED, NULL, 0},
        {"bf 01 01 ff", MDSEC_ERR_PARSE_CBOR_INDEFINITE, NULL, 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pump_set_rate_t c;
        mdsec_schema_error_t e;
        mdsec_status_t st = set_rate(cases[i].hex, &c, &e);
        if (st != cases[i].st || e.status != st || e.offset != cases[i].offset) {
            fail_msg("case %lu (%s): got %s at %lu, want %s at %lu", (unsigned long)i, cases[i].hex,
                     mdsec_status_str(st), (unsigned long)e.offset, mdsec_status_str(cases[i].st),
                     (unsigned long)cases[i].offset);
        }
        if (cases[i].field == NULL) {
            assert_null(e.field);
        } else {
            assert_non_null(e.field);
            assert_string_equal(e.field, cases[i].field);
        }
        /* Nothing is half-written: the struct is all zeroes. */
        assert_true(all_zero(&c, sizeof c));
    }
}

static void every_prefix_is_refused_and_leaves_zeroes(void **state)
{
    pump_set_rate_t c;
    size_t n = hex(SET_RATE_OK), i;
    (void)state;
    for (i = 0; i < n; i++) {
        mdsec_schema_error_t e;
        memset(&c, 0xAA, sizeof c);
        assert_int_not_equal(mdsec_schema_decode(&pump_set_rate_schema, msg, i, &c, sizeof c, &e),
                             MDSEC_OK);
        assert_true(all_zero(&c, sizeof c));
    }
    assert_int_equal(mdsec_schema_decode(&pump_set_rate_schema, msg, n, &c, sizeof c, NULL),
                     MDSEC_OK);
}

static void fw_request(void **state)
{
    pump_fw_request_t r;
    mdsec_schema_error_t e;
    size_t n;
    (void)state;
    /* {1: 1, 2: 24576, 3: h'00..1f', 4: "1.2.3+4", 6: true} */
    n = hex("a5 01 01 02 196000 03 5820 000102030405060708090a0b0c0d0e0f"
            "101112131415161718191a1b1c1d1e1f 04 67 312e322e332b34 06 f5");
    assert_int_equal(mdsec_schema_decode(&pump_fw_request_schema, msg, n, &r, sizeof r, &e),
                     MDSEC_OK);
    assert_int_equal(r.slot, 1);
    assert_int_equal(r.image_size, 24576);
    assert_int_equal(r.digest_len, 32);
    assert_int_equal(r.digest[31], 0x1f);
    assert_string_equal(r.version, "1.2.3+4");
    assert_int_equal(r.has_confirm, 1);
    assert_int_equal(r.confirm, 1);
    assert_int_equal(r.has_not_before, 0);
    /* slot 2 is not an allowed slot; digest of 31 bytes; confirm not a bool */
    n = hex("a4 01 02 02 01 03 5820 000102030405060708090a0b0c0d0e0f"
            "101112131415161718191a1b1c1d1e1f 04 65 312e322e33");
    assert_int_equal(mdsec_schema_decode(&pump_fw_request_schema, msg, n, &r, sizeof r, &e),
                     MDSEC_ERR_PARSE_SCHEMA_RANGE);
    assert_string_equal(e.field, "slot");
    n = hex("a4 01 00 02 01 03 581f 000102030405060708090a0b0c0d0e0f"
            "101112131415161718191a1b1c1d1e 04 65 312e322e33");
    assert_int_equal(mdsec_schema_decode(&pump_fw_request_schema, msg, n, &r, sizeof r, &e),
                     MDSEC_ERR_PARSE_SCHEMA_LENGTH);
    assert_string_equal(e.field, "digest");
    n = hex("a5 01 00 02 01 03 5820 000102030405060708090a0b0c0d0e0f"
            "101112131415161718191a1b1c1d1e1f 04 65 312e322e33 06 01");
    assert_int_equal(mdsec_schema_decode(&pump_fw_request_schema, msg, n, &r, sizeof r, &e),
                     MDSEC_ERR_PARSE_SCHEMA_TYPE);
    assert_string_equal(e.field, "confirm");
    assert_true(all_zero(&r, sizeof r));
}

/* A schema with a signed field and an allowed set narrower than its range. */
struct sparse {
    int32_t temp;
    uint8_t mode;
};
static const int64_t modes[] = {1, 5, 9};
static const mdsec_schema_field_t sparse_fields[] = {
    {"temp", 1, MDSEC_SCHEMA_INT, 1, -40, 85, NULL, 0, offsetof(struct sparse, temp), 4, 0,
     SIZE_MAX},
    {"mode", -1, MDSEC_SCHEMA_UINT, 1, 0, 10, modes, 3, offsetof(struct sparse, mode), 1, 0,
     SIZE_MAX},
};
static const mdsec_schema_t sparse_schema = {"sparse", sparse_fields, 2, sizeof(struct sparse)};

static void signed_fields_negative_keys_and_allowed_sets(void **state)
{
    struct sparse s;
    mdsec_schema_error_t e;
    size_t n;
    (void)state;
    n = hex("a2 01 3827 20 05"); /* {1: -40, -1: 5} */
    assert_int_equal(mdsec_schema_decode(&sparse_schema, msg, n, &s, sizeof s, &e), MDSEC_OK);
    assert_int_equal(s.temp, -40);
    assert_int_equal(s.mode, 5);
    n = hex("a2 01 3828 20 05"); /* -41 */
    assert_int_equal(mdsec_schema_decode(&sparse_schema, msg, n, &s, sizeof s, &e),
                     MDSEC_ERR_PARSE_SCHEMA_RANGE);
    n = hex("a2 01 00 20 04"); /* mode 4: in range, not allowed */
    assert_int_equal(mdsec_schema_decode(&sparse_schema, msg, n, &s, sizeof s, &e),
                     MDSEC_ERR_PARSE_SCHEMA_VALUE);
    assert_string_equal(e.field, "mode");
    assert_int_equal(e.offset, 4);
    n = hex("a2 01 3bffffffffffffffff 20 05"); /* below INT64_MIN */
    assert_int_equal(mdsec_schema_decode(&sparse_schema, msg, n, &s, sizeof s, &e),
                     MDSEC_ERR_PARSE_SCHEMA_RANGE);
}

static void inconsistent_schemas_are_refused(void **state)
{
    struct sparse s;
    mdsec_schema_field_t f[2];
    mdsec_schema_t bad = {"bad", f, 2, sizeof(struct sparse)};
    size_t n = hex("a2 01 00 20 05");
    (void)state;
    memcpy(f, sparse_fields, sizeof f);
    assert_int_equal(mdsec_schema_decode(&bad, msg, n, &s, sizeof s, NULL), MDSEC_OK);
    /* out_size differs from the schema's */
    assert_int_equal(mdsec_schema_decode(&bad, msg, n, &s, sizeof s - 1, NULL),
                     MDSEC_ERR_PARSE_SCHEMA_INVALID);
    /* field beyond the struct */
    f[1].out_offset = sizeof s;
    assert_int_equal(mdsec_schema_decode(&bad, msg, n, &s, sizeof s, NULL),
                     MDSEC_ERR_PARSE_SCHEMA_INVALID);
    memcpy(f, sparse_fields, sizeof f);
    /* range that cannot fit the field's width */
    f[1].max = 256;
    assert_int_equal(mdsec_schema_decode(&bad, msg, n, &s, sizeof s, NULL),
                     MDSEC_ERR_PARSE_SCHEMA_INVALID);
    memcpy(f, sparse_fields, sizeof f);
    /* two fields with the same key */
    f[1].key = 1;
    assert_int_equal(mdsec_schema_decode(&bad, msg, n, &s, sizeof s, NULL),
                     MDSEC_ERR_PARSE_SCHEMA_INVALID);
    memcpy(f, sparse_fields, sizeof f);
    /* min above max */
    f[0].min = 100;
    assert_int_equal(mdsec_schema_decode(&bad, msg, n, &s, sizeof s, NULL),
                     MDSEC_ERR_PARSE_SCHEMA_INVALID);
    /* NULL arguments */
    assert_int_equal(mdsec_schema_decode(&sparse_schema, NULL, 4, &s, sizeof s, NULL),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_schema_decode(&sparse_schema, msg, n, NULL, sizeof s, NULL),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_schema_decode(NULL, msg, n, &s, sizeof s, NULL),
                     MDSEC_ERR_PARSE_SCHEMA_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_set_rate),
        cmocka_unit_test(every_violation_names_status_field_and_offset),
        cmocka_unit_test(every_prefix_is_refused_and_leaves_zeroes),
        cmocka_unit_test(fw_request),
        cmocka_unit_test(signed_fields_negative_keys_and_allowed_sets),
        cmocka_unit_test(inconsistent_schemas_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
