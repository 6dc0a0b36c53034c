/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Strict DER subset (X.690): SEQUENCE, INTEGER, BIT STRING, OCTET STRING,
 * OBJECT IDENTIFIER, NULL and context tags [0]/[1]. Long-form tags,
 * indefinite and non-minimal lengths, and trailing bytes are rejected.
 * Decoders for SubjectPublicKeyInfo, RSAPublicKey, ECDSA-Sig-Value, SEC1
 * ECPrivateKey and PKCS#8 PrivateKeyInfo build on it.
 */
#include <string.h>

#include "mdsec/parse.h"
#include "parse_internal.h"

/* Lengths above this many bytes are refused: nothing mdsec reads is larger. */
#define DER_MAX_LEN_BYTES 4u

/* OID contents (without tag and length). */
static const uint8_t oid_ec_public_key[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01};
static const uint8_t oid_p256[] = {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
static const uint8_t oid_p384[] = {0x2B, 0x81, 0x04, 0x00, 0x22};
static const uint8_t oid_rsa[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};
static const uint8_t oid_ed25519[] = {0x2B, 0x65, 0x70};

static int span_is(mdsec_span_t s, const uint8_t *v, size_t n)
{
    return s.len == n && memcmp(s.ptr, v, n) == 0;
}

mdsec_status_t mdsec_der_element(mdsec_reader_t *r, uint8_t *tag, mdsec_reader_t *content)
{
    uint8_t t, l0;
    size_t len = 0u;

    *tag = 0u;
    mdsec_reader_init(content, NULL, 0u);
    t = mdsec_read_u8(r);
    l0 = mdsec_read_u8(r);
    if (mdsec_reader_status(r) == MDSEC_OK && (t & 0x1Fu) == 0x1Fu) {
        mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_TAG); /* long-form tag */
    }
    if (mdsec_reader_status(r) == MDSEC_OK) {
        if (l0 < 0x80u) {
            len = l0;
        } else if (l0 == 0x80u) {
            mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_LENGTH); /* indefinite */
        } else {
            size_t n = (size_t)(l0 & 0x7Fu);
            const uint8_t *p;
            if (n > DER_MAX_LEN_BYTES) {
                mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_LENGTH);
            }
            p = mdsec_reader_take(r, n);
            if (p != NULL) {
                size_t i;
                for (i = 0; i < n; i++) {
                    len = (len << 8) | p[i];
                }
                /* Minimal: no leading zero byte, and long form only from 128. */
                if (p[0] == 0u || len < 0x80u) {
                    mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_LENGTH);
                }
            }
        }
    }
    if (mdsec_reader_status(r) != MDSEC_OK) {
        mdsec_reader_fail(content, mdsec_reader_status(r));
        return mdsec_reader_status(r);
    }
    mdsec_reader_sub(r, content, len);
    if (mdsec_reader_status(r) != MDSEC_OK) {
        return mdsec_reader_status(r);
    }
    *tag = t;
    return MDSEC_OK;
}

mdsec_status_t mdsec_der_expect(mdsec_reader_t *r, uint8_t tag, mdsec_reader_t *content)
{
    uint8_t t;
    mdsec_status_t st = mdsec_der_element(r, &t, content);

    if (st == MDSEC_OK && t != tag) {
        mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_TAG);
        mdsec_reader_init(content, NULL, 0u);
        mdsec_reader_fail(content, MDSEC_ERR_PARSE_DER_TAG);
        st = MDSEC_ERR_PARSE_DER_TAG;
    }
    return st;
}

/* Checks the X.690 minimal-encoding rule of INTEGER contents. */
static mdsec_status_t integer_minimal(const uint8_t *p, size_t n)
{
    if (n == 0u) {
        return MDSEC_ERR_PARSE_DER_INTEGER;
    }
    if (n > 1u &&
        ((p[0] == 0x00u && (p[1] & 0x80u) == 0u) || (p[0] == 0xFFu && (p[1] & 0x80u) != 0u))) {
        return MDSEC_ERR_PARSE_DER_INTEGER;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_der_uint(mdsec_reader_t *r, mdsec_span_t *magnitude)
{
    mdsec_reader_t c;
    mdsec_span_t v;
    mdsec_status_t st;

    magnitude->ptr = NULL;
    magnitude->len = 0u;
    st = mdsec_der_expect(r, MDSEC_DER_INTEGER, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    v = mdsec_read_span(&c, mdsec_reader_remaining(&c));
    st = integer_minimal(v.ptr, v.len);
    if (st == MDSEC_OK && (v.ptr[0] & 0x80u) != 0u) {
        st = MDSEC_ERR_PARSE_DER_INTEGER; /* negative */
    }
    if (st != MDSEC_OK) {
        mdsec_reader_fail(r, st);
        return st;
    }
    if (v.len > 1u && v.ptr[0] == 0u) {
        v.ptr++;
        v.len--;
    }
    *magnitude = v;
    return MDSEC_OK;
}

mdsec_status_t mdsec_der_bitstring(mdsec_reader_t *r, mdsec_span_t *bits)
{
    mdsec_reader_t c;
    mdsec_status_t st;
    uint8_t unused;

    bits->ptr = NULL;
    bits->len = 0u;
    st = mdsec_der_expect(r, MDSEC_DER_BIT_STRING, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    unused = mdsec_read_u8(&c);
    if (mdsec_reader_status(&c) != MDSEC_OK || unused != 0u) {
        mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_BITSTRING);
        return MDSEC_ERR_PARSE_DER_BITSTRING;
    }
    *bits = mdsec_read_span(&c, mdsec_reader_remaining(&c));
    return MDSEC_OK;
}

/*
 * X.690 section 10 forms of universal tags: end-of-contents (tag 0) exists
 * only in the indefinite form; SEQUENCE and SET are always constructed; every
 * other universal type mdsec meets (BOOLEAN, INTEGER, BIT STRING, OCTET
 * STRING, NULL, OBJECT IDENTIFIER, the string and time types) is primitive
 * in DER (10.2: strings are never constructed). Context and application
 * tags may take either form.
 */
static mdsec_status_t universal_form(uint8_t tag)
{
    uint8_t number = (uint8_t)(tag & 0x1Fu);
    int constructed = (tag & 0x20u) != 0u;

    if ((tag & 0xC0u) != 0u) {
        return MDSEC_OK;
    }
    if (number == 0u) {
        return MDSEC_ERR_PARSE_DER_TAG;
    }
    if (number == 0x10u || number == 0x11u) {
        return constructed ? MDSEC_OK : MDSEC_ERR_PARSE_DER_TAG;
    }
    return constructed ? MDSEC_ERR_PARSE_DER_TAG : MDSEC_OK;
}

/*
 * BIT STRING contents: the unused-bit count is 0..7, 0 when there are no
 * content bits (X.690 8.6.2.3), and the unused bits are zero (11.2.1).
 */
static mdsec_status_t bitstring_padding(mdsec_span_t v)
{
    uint8_t unused;

    if (v.len == 0u) {
        return MDSEC_ERR_PARSE_DER_BITSTRING;
    }
    unused = v.ptr[0];
    if (unused > 7u || (v.len == 1u && unused != 0u) ||
        (unused != 0u && (v.ptr[v.len - 1u] & (uint8_t)((1u << unused) - 1u)) != 0u)) {
        return MDSEC_ERR_PARSE_DER_BITSTRING;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_der_check(const uint8_t *der, size_t len)
{
    mdsec_reader_t stack[MDSEC_DER_MAX_DEPTH + 1u];
    size_t depth = 0u;

    mdsec_reader_init(&stack[0], der, len);
    if (len == 0u) {
        return MDSEC_ERR_PARSE_TRUNCATED;
    }
    /* Each pass consumes at least one header byte or pops a level: bounded by 2 * len. */
    for (;;) {
        mdsec_reader_t content;
        uint8_t tag;
        mdsec_status_t st;

        if (mdsec_reader_remaining(&stack[depth]) == 0u) {
            st = mdsec_reader_finish(&stack[depth]);
            if (st != MDSEC_OK || depth == 0u) {
                return st;
            }
            depth--;
            continue;
        }
        st = mdsec_der_element(&stack[depth], &tag, &content);
        if (st != MDSEC_OK) {
            return st;
        }
        st = universal_form(tag);
        if (st != MDSEC_OK) {
            return st;
        }
        if ((tag & 0x20u) != 0u) { /* constructed */
            if (depth == MDSEC_DER_MAX_DEPTH) {
                return MDSEC_ERR_PARSE_DEPTH;
            }
            depth++;
            stack[depth] = content;
            continue;
        }
        {
            mdsec_span_t v = mdsec_read_span(&content, mdsec_reader_remaining(&content));
            if (tag == MDSEC_DER_INTEGER) {
                st = integer_minimal(v.ptr, v.len);
            } else if ((tag == MDSEC_DER_NULL && v.len != 0u) ||
                       (tag == 0x01u && /* BOOLEAN: 0x00 or 0xFF only */
                        (v.len != 1u || (v.ptr[0] != 0u && v.ptr[0] != 0xFFu)))) {
                st = MDSEC_ERR_PARSE_DER_VALUE;
            } else if (tag == MDSEC_DER_BIT_STRING) {
                st = bitstring_padding(v);
            }
            if (st != MDSEC_OK) {
                return st;
            }
        }
    }
}

/* An uncompressed point of the right size for kind. */
static mdsec_status_t check_point(mdsec_der_key_kind_t kind, mdsec_span_t point)
{
    size_t field = (kind == MDSEC_DER_KEY_EC_P256) ? 32u : 48u;
    if (point.len != 1u + 2u * field || point.ptr[0] != 0x04u) {
        return MDSEC_ERR_PARSE_DER_VALUE;
    }
    return MDSEC_OK;
}

static mdsec_der_key_kind_t curve_kind(mdsec_span_t oid)
{
    if (span_is(oid, oid_p256, sizeof oid_p256)) {
        return MDSEC_DER_KEY_EC_P256;
    }
    if (span_is(oid, oid_p384, sizeof oid_p384)) {
        return MDSEC_DER_KEY_EC_P384;
    }
    return MDSEC_DER_KEY_NONE;
}

/* Reads an OID element; its contents as a span. */
static mdsec_span_t read_oid(mdsec_reader_t *r)
{
    mdsec_reader_t c;
    mdsec_span_t s = {NULL, 0u};
    if (mdsec_der_expect(r, MDSEC_DER_OID, &c) == MDSEC_OK) {
        s = mdsec_read_span(&c, mdsec_reader_remaining(&c));
        if (s.len == 0u) {
            mdsec_reader_fail(r, MDSEC_ERR_PARSE_DER_OID);
        }
    }
    return s;
}

static mdsec_status_t rsa_pubkey(mdsec_reader_t *r, mdsec_der_pubkey_t *out)
{
    mdsec_reader_t seq;
    mdsec_status_t st = mdsec_der_expect(r, MDSEC_DER_SEQUENCE, &seq);

    if (st == MDSEC_OK) {
        st = mdsec_der_uint(&seq, &out->n);
    }
    if (st == MDSEC_OK) {
        st = mdsec_der_uint(&seq, &out->e);
    }
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&seq);
    }
    if (st == MDSEC_OK &&
        ((out->n.len == 1u && out->n.ptr[0] == 0u) || (out->e.len == 1u && out->e.ptr[0] == 0u))) {
        st = MDSEC_ERR_PARSE_DER_VALUE;
    }
    if (st == MDSEC_OK) {
        out->kind = MDSEC_DER_KEY_RSA;
    }
    return st;
}

mdsec_status_t mdsec_der_parse_rsa_pubkey(const uint8_t *der, size_t len, mdsec_der_pubkey_t *out)
{
    mdsec_reader_t r;
    mdsec_status_t st;

    memset(out, 0, sizeof *out);
    mdsec_reader_init(&r, der, len);
    st = rsa_pubkey(&r, out);
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&r);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, sizeof *out);
    }
    return st;
}

mdsec_status_t mdsec_der_parse_spki(const uint8_t *der, size_t len, mdsec_der_pubkey_t *out)
{
    mdsec_reader_t r, spki, alg;
    mdsec_span_t alg_oid, key = {NULL, 0u};
    mdsec_status_t st;

    memset(out, 0, sizeof *out);
    mdsec_reader_init(&r, der, len);
    st = mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &spki);
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&r);
    }
    if (st == MDSEC_OK) {
        st = mdsec_der_expect(&spki, MDSEC_DER_SEQUENCE, &alg);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    alg_oid = read_oid(&alg);
    st = mdsec_reader_status(&alg);
    if (st == MDSEC_OK && span_is(alg_oid, oid_ec_public_key, sizeof oid_ec_public_key)) {
        out->kind = curve_kind(read_oid(&alg));
        st = mdsec_reader_finish(&alg);
        if (st == MDSEC_OK && out->kind == MDSEC_DER_KEY_NONE) {
            st = MDSEC_ERR_PARSE_DER_OID;
        }
        if (st == MDSEC_OK) {
            st = mdsec_der_bitstring(&spki, &key);
        }
        if (st == MDSEC_OK) {
            st = check_point(out->kind, key);
            out->point = key;
        }
    } else if (st == MDSEC_OK && span_is(alg_oid, oid_rsa, sizeof oid_rsa)) {
        mdsec_reader_t null_c;
        st = mdsec_der_expect(&alg, MDSEC_DER_NULL, &null_c); /* parameters MUST be NULL */
        if (st == MDSEC_OK && mdsec_reader_remaining(&null_c) != 0u) {
            st = MDSEC_ERR_PARSE_DER_VALUE;
        }
        if (st == MDSEC_OK) {
            st = mdsec_reader_finish(&alg);
        }
        if (st == MDSEC_OK) {
            st = mdsec_der_bitstring(&spki, &key);
        }
        if (st == MDSEC_OK) {
            st = mdsec_der_parse_rsa_pubkey(key.ptr, key.len, out);
        }
    } else if (st == MDSEC_OK && span_is(alg_oid, oid_ed25519, sizeof oid_ed25519)) {
        st = mdsec_reader_finish(&alg); /* parameters MUST be absent (RFC 8410) */
        if (st == MDSEC_OK) {
            st = mdsec_der_bitstring(&spki, &key);
        }
        if (st == MDSEC_OK && key.len != 32u) {
            st = MDSEC_ERR_PARSE_DER_VALUE;
        }
        out->kind = MDSEC_DER_KEY_ED25519;
        out->point = key;
    } else if (st == MDSEC_OK) {
        st = MDSEC_ERR_PARSE_DER_OID;
    }
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&spki);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, sizeof *out);
    }
    return st;
}

mdsec_status_t mdsec_der_parse_ecdsa_sig(const uint8_t *der, size_t len, size_t scalar_len,
                                         uint8_t *raw)
{
    mdsec_reader_t r, seq;
    mdsec_span_t v[2];
    mdsec_status_t st;
    size_t i;

    if (raw == NULL || (scalar_len != 32u && scalar_len != 48u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(raw, 0, 2u * scalar_len);
    mdsec_reader_init(&r, der, len);
    st = mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &seq);
    for (i = 0; i < 2u && st == MDSEC_OK; i++) {
        st = mdsec_der_uint(&seq, &v[i]);
        if (st == MDSEC_OK && (v[i].len > scalar_len || (v[i].len == 1u && v[i].ptr[0] == 0u))) {
            st = MDSEC_ERR_PARSE_DER_INTEGER; /* zero, or wider than the curve */
        }
    }
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&seq);
    }
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&r);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    for (i = 0; i < 2u; i++) {
        memcpy(raw + i * scalar_len + (scalar_len - v[i].len), v[i].ptr, v[i].len);
    }
    return MDSEC_OK;
}

/* ECPrivateKey (RFC 5915) from r; kind may be preset by a PKCS#8 wrapper. */
static mdsec_status_t sec1_privkey(mdsec_reader_t *r, mdsec_der_ec_privkey_t *out)
{
    mdsec_reader_t seq, c, ctx;
    mdsec_span_t ver = {NULL, 0u};
    mdsec_status_t st = mdsec_der_expect(r, MDSEC_DER_SEQUENCE, &seq);

    if (st == MDSEC_OK) {
        st = mdsec_der_uint(&seq, &ver);
    }
    if (st == MDSEC_OK && !(ver.len == 1u && ver.ptr[0] == 1u)) {
        st = MDSEC_ERR_PARSE_DER_VALUE; /* ecPrivkeyVer1 */
    }
    if (st == MDSEC_OK) {
        st = mdsec_der_expect(&seq, MDSEC_DER_OCTET_STRING, &c);
    }
    if (st == MDSEC_OK) {
        out->scalar = mdsec_read_span(&c, mdsec_reader_remaining(&c));
    }
    /* [0] parameters: the named curve. */
    if (st == MDSEC_OK && mdsec_reader_remaining(&seq) != 0u &&
        seq.buf[seq.off] == MDSEC_DER_CONTEXT_0) {
        mdsec_der_key_kind_t k;
        st = mdsec_der_expect(&seq, MDSEC_DER_CONTEXT_0, &ctx);
        k = curve_kind(read_oid(&ctx));
        if (st == MDSEC_OK) {
            st = mdsec_reader_finish(&ctx);
        }
        if (st == MDSEC_OK &&
            (k == MDSEC_DER_KEY_NONE || (out->kind != MDSEC_DER_KEY_NONE && out->kind != k))) {
            st = MDSEC_ERR_PARSE_DER_OID;
        }
        out->kind = k;
    }
    /* [1] publicKey. */
    if (st == MDSEC_OK && mdsec_reader_remaining(&seq) != 0u &&
        seq.buf[seq.off] == MDSEC_DER_CONTEXT_1) {
        st = mdsec_der_expect(&seq, MDSEC_DER_CONTEXT_1, &ctx);
        if (st == MDSEC_OK) {
            st = mdsec_der_bitstring(&ctx, &out->point);
        }
        if (st == MDSEC_OK) {
            st = mdsec_reader_finish(&ctx);
        }
    }
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&seq);
    }
    if (st == MDSEC_OK && out->kind == MDSEC_DER_KEY_NONE) {
        st = MDSEC_ERR_PARSE_DER_OID; /* curve not named anywhere */
    }
    if (st == MDSEC_OK && out->scalar.len != ((out->kind == MDSEC_DER_KEY_EC_P256) ? 32u : 48u)) {
        st = MDSEC_ERR_PARSE_DER_VALUE;
    }
    if (st == MDSEC_OK && out->point.len != 0u) {
        st = check_point(out->kind, out->point);
    }
    return st;
}

mdsec_status_t mdsec_der_parse_ec_privkey(const uint8_t *der, size_t len,
                                          mdsec_der_ec_privkey_t *out)
{
    mdsec_reader_t r, peek, seq, alg, c;
    mdsec_span_t ver = {NULL, 0u};
    mdsec_status_t st;

    memset(out, 0, sizeof *out);
    mdsec_reader_init(&r, der, len);
    /* Version 1 is SEC1 ECPrivateKey; version 0 is PKCS#8 PrivateKeyInfo. */
    peek = r;
    st = mdsec_der_expect(&peek, MDSEC_DER_SEQUENCE, &seq);
    if (st == MDSEC_OK) {
        st = mdsec_der_uint(&seq, &ver);
    }
    if (st == MDSEC_OK && ver.len == 1u && ver.ptr[0] == 1u) {
        st = sec1_privkey(&r, out);
    } else if (st == MDSEC_OK && ver.len == 1u && ver.ptr[0] == 0u) {
        st = mdsec_der_expect(&seq, MDSEC_DER_SEQUENCE, &alg);
        if (st == MDSEC_OK &&
            !span_is(read_oid(&alg), oid_ec_public_key, sizeof oid_ec_public_key)) {
            st = (mdsec_reader_status(&alg) != MDSEC_OK) ? mdsec_reader_status(&alg)
                                                         : MDSEC_ERR_PARSE_DER_OID;
        }
        if (st == MDSEC_OK) {
            out->kind = curve_kind(read_oid(&alg));
            st = mdsec_reader_finish(&alg);
        }
        if (st == MDSEC_OK && out->kind == MDSEC_DER_KEY_NONE) {
            st = MDSEC_ERR_PARSE_DER_OID;
        }
        if (st == MDSEC_OK) {
            st = mdsec_der_expect(&seq, MDSEC_DER_OCTET_STRING, &c);
        }
        if (st == MDSEC_OK) {
            st = sec1_privkey(&c, out);
        }
        if (st == MDSEC_OK) {
            st = mdsec_reader_finish(&c);
        }
        if (st == MDSEC_OK) {
            st = mdsec_reader_finish(&seq); /* no attributes accepted */
        }
        r = peek;
    } else if (st == MDSEC_OK) {
        st = MDSEC_ERR_PARSE_DER_VALUE;
    }
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&r);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, sizeof *out);
    }
    return st;
}
