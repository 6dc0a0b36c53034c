/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Strict DER: element rules, INTEGER/BIT STRING, key and signature decoders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exhaustive.h"
#include "fixtures_der.h"
#include "mdsec/parse.h"
#include "test_hex.h"

static uint8_t buf[2048];

static size_t hex(const char *h)
{
    size_t n = test_hex(h, buf, sizeof buf);
    assert_true(n != (size_t)-1);
    return n;
}

static mdsec_status_t element(const char *h, uint8_t *tag, size_t *content_len)
{
    mdsec_reader_t r, c;
    size_t n = hex(h);
    mdsec_status_t st;
    mdsec_reader_init(&r, buf, n);
    st = mdsec_der_element(&r, tag, &c);
    *content_len = mdsec_reader_remaining(&c);
    return st;
}

static void element_header_rules(void **state)
{
    uint8_t tag;
    size_t len;
    char big[300];
    (void)state;
    assert_int_equal(element("04 02 AA BB", &tag, &len), MDSEC_OK);
    assert_int_equal(tag, 0x04);
    assert_int_equal(len, 2);
    /* long-form (multi-byte) tag */
    assert_int_equal(element("1F 01 00", &tag, &len), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(tag, 0);
    /* indefinite length */
    assert_int_equal(element("30 80 00 00", &tag, &len), MDSEC_ERR_PARSE_DER_LENGTH);
    /* long form for a length under 128 */
    assert_int_equal(element("04 81 05 00 00 00 00 00", &tag, &len), MDSEC_ERR_PARSE_DER_LENGTH);
    /* leading zero length byte */
    assert_int_equal(element("04 82 00 80", &tag, &len), MDSEC_ERR_PARSE_DER_LENGTH);
    /* more than 4 length bytes */
    assert_int_equal(element("04 85 01 00 00 00 00", &tag, &len), MDSEC_ERR_PARSE_DER_LENGTH);
    /* content runs past the input */
    assert_int_equal(element("04 05 01 02", &tag, &len), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(len, 0);
    assert_int_equal(element("04", &tag, &len), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(element("04 84 FF FF FF FF", &tag, &len), MDSEC_ERR_PARSE_TRUNCATED);
    /* the shortest valid long form: 128 content bytes */
    strcpy(big, "04 81 80");
    memset(big + 8, '0', 256);
    big[264] = '\0';
    assert_int_equal(element(big, &tag, &len), MDSEC_OK);
    assert_int_equal(len, 128);
}

static void expect_wrong_tag(void **state)
{
    mdsec_reader_t r, c;
    size_t n = hex("04 01 00");
    (void)state;
    mdsec_reader_init(&r, buf, n);
    assert_int_equal(mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &c), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(mdsec_reader_status(&r), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(mdsec_reader_status(&c), MDSEC_ERR_PARSE_DER_TAG);
}

static mdsec_status_t uint_of(const char *h, mdsec_span_t *m)
{
    mdsec_reader_t r;
    size_t n = hex(h);
    mdsec_reader_init(&r, buf, n);
    return mdsec_der_uint(&r, m);
}

static void integer_rules(void **state)
{
    mdsec_span_t m;
    (void)state;
    assert_int_equal(uint_of("02 01 00", &m), MDSEC_OK);
    assert_int_equal(m.len, 1);
    assert_int_equal(m.ptr[0], 0);
    assert_int_equal(uint_of("02 02 00 80", &m), MDSEC_OK);
    assert_int_equal(m.len, 1);
    assert_int_equal(m.ptr[0], 0x80);
    assert_int_equal(uint_of("02 02 01 00", &m), MDSEC_OK);
    assert_int_equal(m.len, 2);
    assert_int_equal(uint_of("02 02 00 7F", &m), MDSEC_ERR_PARSE_DER_INTEGER); /* non-minimal */
    assert_null(m.ptr);
    assert_int_equal(uint_of("02 01 80", &m), MDSEC_ERR_PARSE_DER_INTEGER);    /* negative */
    assert_int_equal(uint_of("02 02 FF 80", &m), MDSEC_ERR_PARSE_DER_INTEGER); /* non-minimal */
    assert_int_equal(uint_of("02 00", &m), MDSEC_ERR_PARSE_DER_INTEGER);       /* empty */
    assert_int_equal(uint_of("03 01 00", &m), MDSEC_ERR_PARSE_DER_TAG);
}

static void bitstring_rules(void **state)
{
    mdsec_reader_t r;
    mdsec_span_t b;
    size_t n;
    (void)state;
    n = hex("03 03 00 AB CD");
    mdsec_reader_init(&r, buf, n);
    assert_int_equal(mdsec_der_bitstring(&r, &b), MDSEC_OK);
    assert_int_equal(b.len, 2);
    assert_int_equal(b.ptr[0], 0xAB);
    n = hex("03 02 01 80");
    mdsec_reader_init(&r, buf, n);
    assert_int_equal(mdsec_der_bitstring(&r, &b), MDSEC_ERR_PARSE_DER_BITSTRING);
    assert_int_equal(b.len, 0);
    n = hex("03 00");
    mdsec_reader_init(&r, buf, n);
    assert_int_equal(mdsec_der_bitstring(&r, &b), MDSEC_ERR_PARSE_DER_BITSTRING);
}

static mdsec_status_t check_hex(const char *h)
{
    size_t n = hex(h);
    return mdsec_der_check(buf, n);
}

static void check_walks_everything(void **state)
{
    (void)state;
    assert_int_equal(check_hex("30 06 02 01 01 05 00 04 00"), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(check_hex("30 07 02 01 01 05 00 04 00"), MDSEC_OK);
    assert_int_equal(check_hex("30 03 02 01 01 05 00"), MDSEC_OK); /* two top-level elements */
    assert_int_equal(check_hex("05 01 00"), MDSEC_ERR_PARSE_DER_VALUE);
    assert_int_equal(check_hex("01 01 05"), MDSEC_ERR_PARSE_DER_VALUE);
    assert_int_equal(check_hex("01 01 FF"), MDSEC_OK);
    assert_int_equal(check_hex("03 01 08"), MDSEC_ERR_PARSE_DER_BITSTRING);
    assert_int_equal(check_hex("30 03 02 01 80"), MDSEC_OK); /* negative is well-formed DER */
    assert_int_equal(check_hex("30 04 02 02 00 01"), MDSEC_ERR_PARSE_DER_INTEGER);
    assert_int_equal(check_hex("30 02 1F 00"), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(mdsec_der_check(buf, 0), MDSEC_ERR_PARSE_TRUNCATED);
    /* MDSEC_DER_MAX_DEPTH (8) nested sequences pass, one more fails. */
    assert_int_equal(check_hex("30 0E 30 0C 30 0A 30 08 30 06 30 04 30 02 30 00"), MDSEC_OK);
    assert_int_equal(check_hex("30 10 30 0E 30 0C 30 0A 30 08 30 06 30 04 30 02 30 00"),
                     MDSEC_ERR_PARSE_DEPTH);
    /* every fixture is well-formed DER */
    assert_int_equal(mdsec_der_check(fx_pub_rsa_3072_der, fx_pub_rsa_3072_der_len), MDSEC_OK);
    assert_int_equal(mdsec_der_check(fx_key_ecdsa_p384_pkcs8_der, fx_key_ecdsa_p384_pkcs8_der_len),
                     MDSEC_OK);
}

/* BER-only forms that DER (X.690 section 10) forbids: mdsec_der_check refuses each. */
static void check_refuses_ber_only_forms(void **state)
{
    (void)state;
    /* constructed strings (X.690 10.2: DER strings are primitive) */
    assert_int_equal(check_hex("24 03 04 01 AA"), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(check_hex("23 04 03 02 00 AA"), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(check_hex("30 05 24 03 04 01 AA"), MDSEC_ERR_PARSE_DER_TAG);
    /* other universal primitive types in constructed form */
    assert_int_equal(check_hex("22 03 02 01 01"), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(check_hex("25 00"), MDSEC_ERR_PARSE_DER_TAG);
    /* SEQUENCE and SET are always constructed */
    assert_int_equal(check_hex("10 00"), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(check_hex("11 00"), MDSEC_ERR_PARSE_DER_TAG);
    /* BIT STRING padding bits must be zero (X.690 11.2.1) */
    assert_int_equal(check_hex("03 02 01 01"), MDSEC_ERR_PARSE_DER_BITSTRING);
    assert_int_equal(check_hex("03 02 07 7F"), MDSEC_ERR_PARSE_DER_BITSTRING);
    assert_int_equal(check_hex("03 02 07 80"), MDSEC_OK);
    assert_int_equal(check_hex("03 02 01 FE"), MDSEC_OK);
    /* an empty BIT STRING has no unused bits (X.690 8.6.2.3) */
    assert_int_equal(check_hex("03 01 07"), MDSEC_ERR_PARSE_DER_BITSTRING);
    assert_int_equal(check_hex("03 01 00"), MDSEC_OK);
    /* end-of-contents belongs to the indefinite form only */
    assert_int_equal(check_hex("30 04 02 01 01 00"), MDSEC_ERR_PARSE_TRUNCATED);
    assert_int_equal(check_hex("30 05 02 01 01 00 00"), MDSEC_ERR_PARSE_DER_TAG);
    assert_int_equal(check_hex("00 00"), MDSEC_ERR_PARSE_DER_TAG);
    /* context-specific and application tags may be either form */
    assert_int_equal(check_hex("A0 03 02 01 01"), MDSEC_OK);
    assert_int_equal(check_hex("80 01 AA"), MDSEC_OK);
    assert_int_equal(check_hex("31 03 02 01 01"), MDSEC_OK);
}

static void spki_fixture_keys(void **state)
{
    mdsec_der_pubkey_t k, k2;
    (void)state;
    assert_int_equal(mdsec_der_parse_spki(fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len, &k),
                     MDSEC_OK);
    assert_int_equal(k.kind, MDSEC_DER_KEY_EC_P256);
    assert_int_equal(k.point.len, 65);
    assert_int_equal(k.point.ptr[0], 0x04);
    assert_ptr_equal(k.point.ptr, fx_pub_ecdsa_p256_der + fx_pub_ecdsa_p256_der_len - 65);

    assert_int_equal(mdsec_der_parse_spki(fx_pub_ecdsa_p384_der, fx_pub_ecdsa_p384_der_len, &k),
                     MDSEC_OK);
    assert_int_equal(k.kind, MDSEC_DER_KEY_EC_P384);
    assert_int_equal(k.point.len, 97);

    assert_int_equal(mdsec_der_parse_spki(fx_pub_rsa_2048_der, fx_pub_rsa_2048_der_len, &k),
                     MDSEC_OK);
    assert_int_equal(k.kind, MDSEC_DER_KEY_RSA);
    assert_int_equal(k.n.len, 256);
    assert_int_equal(k.e.len, 3);
    assert_memory_equal(k.e.ptr, "\x01\x00\x01", 3);
    /* The PKCS#1 form of the same key has the same modulus. */
    assert_int_equal(
        mdsec_der_parse_rsa_pubkey(fx_pub_rsa_2048_pkcs1_der, fx_pub_rsa_2048_pkcs1_der_len, &k2),
        MDSEC_OK);
    assert_int_equal(k2.n.len, 256);
    assert_memory_equal(k2.n.ptr, k.n.ptr, 256);

    assert_int_equal(mdsec_der_parse_spki(fx_pub_rsa_3072_der, fx_pub_rsa_3072_der_len, &k),
                     MDSEC_OK);
    assert_int_equal(k.n.len, 384);

    assert_int_equal(mdsec_der_parse_spki(fx_pub_ed25519_der, fx_pub_ed25519_der_len, &k),
                     MDSEC_OK);
    assert_int_equal(k.kind, MDSEC_DER_KEY_ED25519);
    assert_int_equal(k.point.len, 32);
}

static void spki_errors(void **state)
{
    mdsec_der_pubkey_t k;
    size_t i, n = fx_pub_ecdsa_p256_der_len;
    (void)state;
    /* Every proper prefix fails, and the output stays zeroed. */
    for (i = 0; i < n; i++) {
        memcpy(buf, fx_pub_ecdsa_p256_der, n);
        assert_int_not_equal(mdsec_der_parse_spki(buf, i, &k), MDSEC_OK);
        assert_int_equal(k.kind, MDSEC_DER_KEY_NONE);
        assert_null(k.point.ptr);
    }
    /* Trailing byte after the SPKI. */
    memcpy(buf, fx_pub_ecdsa_p256_der, n);
    buf[n] = 0;
    assert_int_equal(mdsec_der_parse_spki(buf, n + 1, &k), MDSEC_ERR_PARSE_TRAILING);
    /* Unknown curve: change the last byte of the prime256v1 OID (at offset 22). */
    memcpy(buf, fx_pub_ecdsa_p256_der, n);
    assert_int_equal(buf[22], 0x07);
    buf[22] = 0x08;
    assert_int_equal(mdsec_der_parse_spki(buf, n, &k), MDSEC_ERR_PARSE_DER_OID);
    /* Compressed-point marker. */
    memcpy(buf, fx_pub_ecdsa_p256_der, n);
    buf[n - 65] = 0x02;
    assert_int_equal(mdsec_der_parse_spki(buf, n, &k), MDSEC_ERR_PARSE_DER_VALUE);
    /* Unknown algorithm OID (rsaEncryption with last byte changed) */
    memcpy(buf, fx_pub_rsa_2048_der, fx_pub_rsa_2048_der_len);
    assert_int_equal(buf[16], 0x01);
    buf[16] = 0x0A; /* id-RSASSA-PSS: not accepted as an SPKI algorithm here */
    assert_int_equal(mdsec_der_parse_spki(buf, fx_pub_rsa_2048_der_len, &k),
                     MDSEC_ERR_PARSE_DER_OID);
}

/* Ed25519 SubjectPublicKeyInfo (RFC 8410): 30 2a 30 05 06 03 2b6570 03 21 00 <32-byte key>. */
#define ED_KEY "c19064b8c94af1ea40fabdf21deb7a52c8d3b83b60d8d36baf8fee3595b67105"

static mdsec_status_t spki_hex(const char *h, mdsec_der_pubkey_t *k)
{
    size_t n = hex(h);
    mdsec_status_t st = mdsec_der_parse_spki(buf, n, k);
    if (st != MDSEC_OK) {
        /* Zeroed on every refusal. */
        assert_int_equal(k->kind, MDSEC_DER_KEY_NONE);
        assert_null(k->point.ptr);
        assert_int_equal(k->point.len, 0);
    }
    return st;
}

static void spki_ed25519_errors(void **state)
{
    mdsec_der_pubkey_t k;
    size_t i, n = fx_pub_ed25519_der_len;
    (void)state;
    /* The fixture is exactly the RFC 8410 form, and decodes to its last 32 bytes. */
    assert_int_equal(spki_hex("302a 3005 0603 2b6570 032100" ED_KEY, &k), MDSEC_OK);
    assert_int_equal(n, 44);
    assert_memory_equal(buf, fx_pub_ed25519_der, n);
    assert_int_equal(k.kind, MDSEC_DER_KEY_ED25519);
    assert_ptr_equal(k.point.ptr, buf + 12);
    assert_int_equal(k.point.len, 32);
    assert_null(k.n.ptr);
    assert_null(k.e.ptr);
    /* Every proper prefix fails, and the output stays zeroed. */
    for (i = 0; i < n; i++) {
        memcpy(buf, fx_pub_ed25519_der, n);
        assert_int_not_equal(mdsec_der_parse_spki(buf, i, &k), MDSEC_OK);
        assert_int_equal(k.kind, MDSEC_DER_KEY_NONE);
        assert_null(k.point.ptr);
    }
    /* A byte after it. */
    assert_int_equal(spki_hex("302a 3005 0603 2b6570 032100" ED_KEY "00", &k),
                     MDSEC_ERR_PARSE_TRAILING);
    /* Parameters must be absent (RFC 8410 section 3): a NULL is refused. */
    assert_int_equal(spki_hex("302c 3007 0603 2b6570 0500 032100" ED_KEY, &k),
                     MDSEC_ERR_PARSE_TRAILING);
    /* A key of 31 or 33 bytes. */
    assert_int_equal(spki_hex("3029 3005 0603 2b6570 032000"
                              "c19064b8c94af1ea40fabdf21deb7a52c8d3b83b60d8d36baf8fee3595b671",
                              &k),
                     MDSEC_ERR_PARSE_DER_VALUE);
    assert_int_equal(spki_hex("302b 3005 0603 2b6570 032200" ED_KEY "05", &k),
                     MDSEC_ERR_PARSE_DER_VALUE);
    /* Unused bits in the BIT STRING. */
    assert_int_equal(spki_hex("302a 3005 0603 2b6570 032101" ED_KEY, &k),
                     MDSEC_ERR_PARSE_DER_BITSTRING);
    /* Ed448 (1.3.101.113), X25519 (1.3.101.110) and a truncated OID are not Ed25519. */
    assert_int_equal(spki_hex("302a 3005 0603 2b6571 032100" ED_KEY, &k), MDSEC_ERR_PARSE_DER_OID);
    assert_int_equal(spki_hex("302a 3005 0603 2b656e 032100" ED_KEY, &k), MDSEC_ERR_PARSE_DER_OID);
    assert_int_equal(spki_hex("3029 3004 0602 2b65 032100" ED_KEY, &k), MDSEC_ERR_PARSE_DER_OID);
    /* An OCTET STRING where the BIT STRING belongs. */
    assert_int_equal(spki_hex("302a 3005 0603 2b6570 042100" ED_KEY, &k), MDSEC_ERR_PARSE_DER_TAG);
    /* A non-minimal length of the outer SEQUENCE. */
    assert_int_equal(spki_hex("30812a 3005 0603 2b6570 032100" ED_KEY, &k),
                     MDSEC_ERR_PARSE_DER_LENGTH);
}

/*
 * Every one-byte substitution of the Ed25519 SPKI: any other value of the 12
 * structure bytes is refused (output zeroed); any value of the 32 key bytes
 * is a key (the parser does not judge points; the verifier does).
 */
static void spki_ed25519_every_byte_substitution(void **state)
{
    mdsec_der_pubkey_t k;
    const size_t n = fx_pub_ed25519_der_len;
    size_t i;
    unsigned v, accepted = 0, refused = 0;
    (void)state;
    for (i = 0; i < n; i++) {
        for (v = 0; v < 256u; v++) {
            mdsec_status_t st;
            if (v == fx_pub_ed25519_der[i]) {
                continue;
            }
            memcpy(buf, fx_pub_ed25519_der, n);
            buf[i] = (uint8_t)v;
            st = mdsec_der_parse_spki(buf, n, &k);
            if (i < 12u) {
                if (st == MDSEC_OK || k.kind != MDSEC_DER_KEY_NONE || k.point.ptr != NULL) {
                    fail_msg("byte %lu = 0x%02x accepted", (unsigned long)i, v);
                }
                refused++;
            } else {
                if (st != MDSEC_OK || k.kind != MDSEC_DER_KEY_ED25519 || k.point.ptr != buf + 12 ||
                    k.point.len != 32u) {
                    fail_msg("key byte %lu = 0x%02x refused", (unsigned long)i, v);
                }
                accepted++;
            }
        }
    }
    assert_int_equal(refused, 12u * 255u);
    assert_int_equal(accepted, 32u * 255u);
}

static mdsec_status_t sig(const char *h, size_t scalar, uint8_t *raw)
{
    size_t n = hex(h);
    return mdsec_der_parse_ecdsa_sig(buf, n, scalar, raw);
}

static void ecdsa_sig_rules(void **state)
{
    uint8_t raw[96];
    uint8_t zero[96] = {0};
    (void)state;
    assert_int_equal(sig("30 06 02 01 01 02 01 02", 32, raw), MDSEC_OK);
    assert_int_equal(raw[31], 1);
    assert_int_equal(raw[63], 2);
    assert_memory_equal(raw, zero, 31);
    /* r = 0 */
    assert_int_equal(sig("30 06 02 01 00 02 01 02", 32, raw), MDSEC_ERR_PARSE_DER_INTEGER);
    assert_memory_equal(raw, zero, 64);
    /* non-minimal r (BER, not DER) */
    assert_int_equal(sig("30 07 02 02 00 01 02 01 02", 32, raw), MDSEC_ERR_PARSE_DER_INTEGER);
    /* negative s */
    assert_int_equal(sig("30 06 02 01 01 02 01 82", 32, raw), MDSEC_ERR_PARSE_DER_INTEGER);
    /* trailing inside the sequence, and after it */
    assert_int_equal(sig("30 08 02 01 01 02 01 02 00 00", 32, raw), MDSEC_ERR_PARSE_TRAILING);
    assert_int_equal(sig("30 06 02 01 01 02 01 02 00", 32, raw), MDSEC_ERR_PARSE_TRAILING);
    /* long-form length for a short sequence */
    assert_int_equal(sig("30 81 06 02 01 01 02 01 02", 32, raw), MDSEC_ERR_PARSE_DER_LENGTH);
    /* 33-byte magnitude does not fit P-256, but fits P-384 */
    assert_int_equal(sig("30 26 02 21 01 0000000000000000000000000000000000000000000000000000000000"
                         "000000 02 01 02",
                         32, raw),
                     MDSEC_ERR_PARSE_DER_INTEGER);
    assert_int_equal(sig("30 26 02 21 01 0000000000000000000000000000000000000000000000000000000000"
                         "000000 02 01 02",
                         48, raw),
                     MDSEC_OK);
    assert_int_equal(raw[15], 1);
    assert_int_equal(sig("30 06 02 01 01 02 01 02", 33, raw), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_der_parse_ecdsa_sig(buf, 8, 32, NULL), MDSEC_ERR_INVALID_ARG);
}

static void ec_private_keys_all_forms(void **state)
{
    mdsec_der_ec_privkey_t a, b;
    mdsec_der_pubkey_t pub;
    (void)state;
    assert_int_equal(mdsec_der_parse_ec_privkey(fx_key_ecdsa_p256_pkcs8_der,
                                                fx_key_ecdsa_p256_pkcs8_der_len, &a),
                     MDSEC_OK);
    assert_int_equal(a.kind, MDSEC_DER_KEY_EC_P256);
    assert_int_equal(a.scalar.len, 32);
    assert_int_equal(a.point.len, 65);
    assert_int_equal(
        mdsec_der_parse_ec_privkey(fx_key_ecdsa_p256_sec1_der, fx_key_ecdsa_p256_sec1_der_len, &b),
        MDSEC_OK);
    assert_int_equal(b.kind, MDSEC_DER_KEY_EC_P256);
    assert_memory_equal(a.scalar.ptr, b.scalar.ptr, 32);
    assert_memory_equal(a.point.ptr, b.point.ptr, 65);
    /* The embedded public key is the fixture's public key. */
    assert_int_equal(mdsec_der_parse_spki(fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len, &pub),
                     MDSEC_OK);
    assert_memory_equal(a.point.ptr, pub.point.ptr, 65);

    assert_int_equal(mdsec_der_parse_ec_privkey(fx_key_ecdsa_p384_pkcs8_der,
                                                fx_key_ecdsa_p384_pkcs8_der_len, &a),
                     MDSEC_OK);
    assert_int_equal(a.kind, MDSEC_DER_KEY_EC_P384);
    assert_int_equal(a.scalar.len, 48);
    assert_int_equal(
        mdsec_der_parse_ec_privkey(fx_key_ecdsa_p384_sec1_der, fx_key_ecdsa_p384_sec1_der_len, &b),
        MDSEC_OK);
    assert_memory_equal(a.scalar.ptr, b.scalar.ptr, 48);
    assert_int_equal(mdsec_der_parse_spki(fx_pub_ecdsa_p384_der, fx_pub_ecdsa_p384_der_len, &pub),
                     MDSEC_OK);
    assert_memory_equal(a.point.ptr, pub.point.ptr, 97);

    /* Ed25519 PKCS#8 is not an EC key. */
    assert_int_equal(
        mdsec_der_parse_ec_privkey(fx_key_ed25519_pkcs8_der, fx_key_ed25519_pkcs8_der_len, &a),
        MDSEC_ERR_PARSE_DER_OID);
    assert_int_equal(a.kind, MDSEC_DER_KEY_NONE);
    assert_null(a.scalar.ptr);
}

static void ec_private_key_errors(void **state)
{
    mdsec_der_ec_privkey_t k;
    size_t i, n = fx_key_ecdsa_p256_pkcs8_der_len;
    (void)state;
    for (i = 0; i < n; i++) {
        assert_int_not_equal(mdsec_der_parse_ec_privkey(fx_key_ecdsa_p256_pkcs8_der, i, &k),
                             MDSEC_OK);
        assert_null(k.scalar.ptr);
    }
    /* SEC1 without a named curve anywhere: drop the [0] parameters. */
    {
        size_t m = hex("30 25 02 01 01 04 20 "
                       "C0B23BB825016D01E01E946B81707B70166D002B805CFB1DDCD9B7CCE63D24E2");
        buf[1] = (uint8_t)(m - 2);
        assert_int_equal(mdsec_der_parse_ec_privkey(buf, m, &k), MDSEC_ERR_PARSE_DER_OID);
    }
    /* Version 2 is neither form. */
    memcpy(buf, fx_key_ecdsa_p256_sec1_der, fx_key_ecdsa_p256_sec1_der_len);
    assert_int_equal(buf[4], 0x01);
    buf[4] = 0x02;
    assert_int_equal(mdsec_der_parse_ec_privkey(buf, fx_key_ecdsa_p256_sec1_der_len, &k),
                     MDSEC_ERR_PARSE_DER_VALUE);
}

/* ---- exhaustive short inputs: check twice, and re-encode what is accepted ---- */

static unsigned long ex_accepted;

static mdsec_status_t reencode(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    mdsec_reader_t stack[MDSEC_DER_MAX_DEPTH + 1];
    size_t depth = 0, o = 0;
    mdsec_reader_init(&stack[0], in, len);
    for (;;) {
        mdsec_reader_t c;
        uint8_t tag;
        size_t clen;
        if (mdsec_reader_remaining(&stack[depth]) == 0) {
            if (depth == 0) {
                break;
            }
            depth--;
            continue;
        }
        if (mdsec_der_element(&stack[depth], &tag, &c) != MDSEC_OK) {
            return MDSEC_ERR_INTERNAL;
        }
        clen = mdsec_reader_remaining(&c);
        out[o++] = tag;
        assert_true(clen < 128); /* short inputs only */
        out[o++] = (uint8_t)clen;
        if (tag & 0x20) {
            stack[++depth] = c;
        } else {
            mdsec_read_bytes(&c, out + o, clen);
            o += clen;
        }
    }
    *out_len = o;
    return MDSEC_OK;
}

static void check_one(const uint8_t *in, size_t len)
{
    mdsec_status_t a = mdsec_der_check(in, len);
    mdsec_status_t b = mdsec_der_check(in, len);
    mdsec_der_pubkey_t k;
    if (a != b) {
        fail_msg("DER verdicts differ on a %lu-byte input", (unsigned long)len);
    }
    /* No key fits in 3 bytes: every decoder refuses, with its output zeroed. */
    if (mdsec_der_parse_spki(in, len, &k) == MDSEC_OK || k.kind != MDSEC_DER_KEY_NONE ||
        k.point.ptr != NULL || k.n.ptr != NULL) {
        fail_msg("a %lu-byte input decoded as a public key", (unsigned long)len);
    }
    if (a == MDSEC_OK) {
        uint8_t out[8];
        size_t n = 0;
        ex_accepted++;
        if (reencode(in, len, out, &n) != MDSEC_OK || n != len || memcmp(out, in, len) != 0) {
            fail_msg("DER re-encoding differs on a %lu-byte input", (unsigned long)len);
        }
    }
}

static void exhaustive_short_inputs_der(void **state)
{
    (void)state;
    ex_accepted = 0;
    assert_true(exhaustive_short_inputs(check_one) > 65000);
    assert_true(ex_accepted > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(element_header_rules),
        cmocka_unit_test(expect_wrong_tag),
        cmocka_unit_test(integer_rules),
        cmocka_unit_test(bitstring_rules),
        cmocka_unit_test(check_walks_everything),
        cmocka_unit_test(check_refuses_ber_only_forms),
        cmocka_unit_test(spki_fixture_keys),
        cmocka_unit_test(spki_errors),
        cmocka_unit_test(spki_ed25519_errors),
        cmocka_unit_test(spki_ed25519_every_byte_substitution),
        cmocka_unit_test(ecdsa_sig_rules),
        cmocka_unit_test(ec_private_keys_all_forms),
        cmocka_unit_test(ec_private_key_errors),
        cmocka_unit_test(exhaustive_short_inputs_der),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
