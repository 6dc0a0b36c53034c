/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Strict DER. Invariants: an input mdsec_der_check() accepts re-encodes
 * (minimal lengths) to exactly itself; every key or signature decoder that
 * accepts an input only accepts well-formed DER; outputs stay inside the
 * input and are zeroed on failure; an Ed25519 key is exactly the last 32
 * bytes of its SubjectPublicKeyInfo, with no RSA fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdsec/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t put_len(uint8_t *p, size_t len)
{
    if (len < 0x80) {
        p[0] = (uint8_t)len;
        return 1;
    }
    {
        size_t n = 0, i;
        size_t v = len;
        while (v != 0) {
            n++;
            v >>= 8;
        }
        p[0] = (uint8_t)(0x80 | n);
        for (i = 0; i < n; i++) {
            p[1 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
        }
        return n + 1;
    }
}

static int reencode_equal(const uint8_t *data, size_t size)
{
    mdsec_reader_t stack[MDSEC_DER_MAX_DEPTH + 1];
    size_t depth = 0, o = 0;
    uint8_t *out = malloc(size + 16);
    int ok = 1;
    if (out == NULL) {
        return 1;
    }
    mdsec_reader_init(&stack[0], data, size);
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
            ok = 0;
            break;
        }
        clen = mdsec_reader_remaining(&c);
        if (o + 6 + clen > size + 16) {
            ok = 0;
            break;
        }
        out[o++] = tag;
        o += put_len(out + o, clen);
        if (tag & 0x20) {
            stack[++depth] = c;
        } else {
            mdsec_read_bytes(&c, out + o, clen);
            o += clen;
        }
    }
    if (ok && (o != size || memcmp(out, data, size) != 0)) {
        ok = 0;
    }
    free(out);
    return ok;
}

static int in_input(mdsec_span_t s, const uint8_t *data, size_t size)
{
    return s.len == 0 || (s.ptr >= data && s.len <= (size_t)(data + size - s.ptr));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mdsec_status_t chk = mdsec_der_check(data, size);
    mdsec_der_pubkey_t pub;
    mdsec_der_ec_privkey_t priv;
    uint8_t raw[96];
    static const uint8_t zero[96];

    if (chk != mdsec_der_check(data, size)) {
        abort();
    }
    if (chk == MDSEC_OK && !reencode_equal(data, size)) {
        abort();
    }
    if (mdsec_der_parse_spki(data, size, &pub) == MDSEC_OK) {
        if (chk != MDSEC_OK || pub.kind == MDSEC_DER_KEY_NONE || !in_input(pub.point, data, size) ||
            !in_input(pub.n, data, size) || !in_input(pub.e, data, size)) {
            abort();
        }
        if (pub.kind == MDSEC_DER_KEY_ED25519 &&
            (size != 44u || pub.point.len != 32u || pub.point.ptr != data + 12 ||
             pub.n.ptr != NULL || pub.e.ptr != NULL)) {
            abort();
        }
    } else if (pub.kind != MDSEC_DER_KEY_NONE || pub.point.ptr != NULL || pub.n.ptr != NULL) {
        abort();
    }
    if (mdsec_der_parse_rsa_pubkey(data, size, &pub) == MDSEC_OK && chk != MDSEC_OK) {
        abort();
    }
    if (mdsec_der_parse_ec_privkey(data, size, &priv) == MDSEC_OK) {
        size_t field = (priv.kind == MDSEC_DER_KEY_EC_P256) ? 32 : 48;
        if (chk != MDSEC_OK || priv.scalar.len != field || !in_input(priv.scalar, data, size)) {
            abort();
        }
    } else if (priv.scalar.ptr != NULL) {
        abort();
    }
    if (mdsec_der_parse_ecdsa_sig(data, size, 32, raw) == MDSEC_OK) {
        if (chk != MDSEC_OK) {
            abort();
        }
    } else if (memcmp(raw, zero, 64) != 0) {
        abort();
    }
    if (mdsec_der_parse_ecdsa_sig(data, size, 48, raw) != MDSEC_OK && memcmp(raw, zero, 96) != 0) {
        abort();
    }
    return 0;
}
