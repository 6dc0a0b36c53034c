/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Reader cursor with a sticky error, checked size arithmetic, bounded copy. */
#include <string.h>

#include "mdsec/parse.h"
#include "parse_internal.h"

void mdsec_reader_init(mdsec_reader_t *r, const void *buf, size_t len)
{
    r->buf = (const uint8_t *)buf;
    r->len = len;
    r->off = 0u;
    r->base = 0u;
    r->err = MDSEC_OK;
    if (buf == NULL && len != 0u) {
        r->len = 0u;
        r->err = MDSEC_ERR_INVALID_ARG;
    }
}

void mdsec_reader_fail(mdsec_reader_t *r, mdsec_status_t status)
{
    if (r->err == MDSEC_OK && status != MDSEC_OK) {
        r->err = status;
    }
}

mdsec_status_t mdsec_reader_status(const mdsec_reader_t *r)
{
    return r->err;
}

size_t mdsec_reader_remaining(const mdsec_reader_t *r)
{
    return (r->err == MDSEC_OK) ? (r->len - r->off) : 0u;
}

size_t mdsec_reader_offset(const mdsec_reader_t *r)
{
    return r->base + r->off;
}

mdsec_status_t mdsec_reader_finish(mdsec_reader_t *r)
{
    if (r->err != MDSEC_OK) {
        return r->err;
    }
    if (r->off != r->len) {
        r->err = MDSEC_ERR_PARSE_TRAILING;
    }
    return r->err;
}

const uint8_t *mdsec_reader_take(mdsec_reader_t *r, size_t n)
{
    static const uint8_t empty[1] = {0u};
    const uint8_t *p;

    if (r->err != MDSEC_OK) {
        return NULL;
    }
    if (n > r->len - r->off) { /* wrap-safe: off <= len always holds */
        r->err = MDSEC_ERR_PARSE_TRUNCATED;
        return NULL;
    }
    if (n == 0u) {
        return empty;
    }
    if (r->buf == NULL) { /* unreachable: a NULL buffer has length 0 */
        r->err = MDSEC_ERR_INTERNAL;
        return NULL;
    }
    p = r->buf + r->off;
    r->off += n;
    return p;
}

uint8_t mdsec_read_u8(mdsec_reader_t *r)
{
    const uint8_t *p = mdsec_reader_take(r, 1u);
    return (p != NULL) ? p[0] : 0u;
}

uint64_t mdsec_read_uint_n(mdsec_reader_t *r, size_t n, int big_endian)
{
    const uint8_t *p = mdsec_reader_take(r, n);
    uint64_t v = 0u;
    size_t i;

    if (p == NULL) {
        return 0u;
    }
    for (i = 0; i < n; i++) {
        size_t idx = big_endian ? i : (n - 1u - i);
        v = (v << 8) | p[idx];
    }
    return v;
}

uint16_t mdsec_read_u16be(mdsec_reader_t *r)
{
    return (uint16_t)mdsec_read_uint_n(r, 2u, 1);
}

uint16_t mdsec_read_u16le(mdsec_reader_t *r)
{
    return (uint16_t)mdsec_read_uint_n(r, 2u, 0);
}

uint32_t mdsec_read_u32be(mdsec_reader_t *r)
{
    return (uint32_t)mdsec_read_uint_n(r, 4u, 1);
}

uint32_t mdsec_read_u32le(mdsec_reader_t *r)
{
    return (uint32_t)mdsec_read_uint_n(r, 4u, 0);
}

uint64_t mdsec_read_u64be(mdsec_reader_t *r)
{
    return mdsec_read_uint_n(r, 8u, 1);
}

uint64_t mdsec_read_u64le(mdsec_reader_t *r)
{
    return mdsec_read_uint_n(r, 8u, 0);
}

uint64_t mdsec_read_uleb128(mdsec_reader_t *r)
{
    uint64_t v = 0u;
    unsigned int i;

    for (i = 0u; i < 10u; i++) {
        uint8_t b = mdsec_read_u8(r);
        if (r->err != MDSEC_OK) {
            return 0u;
        }
        /* The tenth group holds bit 63 only and must end the number. */
        if (i == 9u && b > 1u) {
            r->err = MDSEC_ERR_PARSE_OVERFLOW;
            return 0u;
        }
        v |= (uint64_t)(b & 0x7Fu) << (7u * i);
        if ((b & 0x80u) == 0u) {
            return v;
        }
    }
    return 0u; /* not reached: the tenth byte either ends or overflows */
}

mdsec_span_t mdsec_read_span(mdsec_reader_t *r, size_t n)
{
    mdsec_span_t s = {NULL, 0u};
    const uint8_t *p = mdsec_reader_take(r, n);

    if (p != NULL && n != 0u) {
        s.ptr = p;
        s.len = n;
    }
    return s;
}

void mdsec_read_bytes(mdsec_reader_t *r, void *out, size_t n)
{
    const uint8_t *p = mdsec_reader_take(r, n);

    if (n == 0u) {
        return;
    }
    if (p != NULL) {
        memcpy(out, p, n);
    } else {
        memset(out, 0, n);
    }
}

void mdsec_read_skip(mdsec_reader_t *r, size_t n)
{
    (void)mdsec_reader_take(r, n);
}

void mdsec_reader_sub(mdsec_reader_t *parent, mdsec_reader_t *child, size_t len)
{
    size_t start = parent->off;
    const uint8_t *p = mdsec_reader_take(parent, len);

    if (p == NULL) {
        child->buf = NULL;
        child->len = 0u;
        child->off = 0u;
        child->base = mdsec_reader_offset(parent);
        child->err = parent->err;
        return;
    }
    child->buf = (len != 0u) ? p : NULL;
    child->len = len;
    child->off = 0u;
    child->base = parent->base + start;
    child->err = MDSEC_OK;
}

mdsec_status_t mdsec_size_add(size_t a, size_t b, size_t *out)
{
    if (b > SIZE_MAX - a) {
        *out = 0u;
        return MDSEC_ERR_OVERFLOW;
    }
    *out = a + b;
    return MDSEC_OK;
}

mdsec_status_t mdsec_size_mul(size_t a, size_t b, size_t *out)
{
    if (a != 0u && b > SIZE_MAX / a) {
        *out = 0u;
        return MDSEC_ERR_OVERFLOW;
    }
    *out = a * b;
    return MDSEC_OK;
}

mdsec_status_t mdsec_check_range(uint64_t v, uint64_t min, uint64_t max)
{
    return (v >= min && v <= max) ? MDSEC_OK : MDSEC_ERR_PARSE_RANGE;
}

mdsec_status_t mdsec_strcopy(char *dst, size_t dst_size, const uint8_t *src, size_t src_len,
                             int *truncated)
{
    size_t n;

    if (truncated != NULL) {
        *truncated = 0;
    }
    if (dst == NULL || dst_size == 0u || truncated == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(dst, 0, dst_size);
    if (src_len == 0u) {
        return MDSEC_OK;
    }
    if (src == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (memchr(src, 0, src_len) != NULL) {
        return MDSEC_ERR_PARSE_STRING_NUL;
    }
    n = src_len;
    if (n > dst_size - 1u) {
        n = dst_size - 1u;
        *truncated = 1;
    }
    memcpy(dst, src, n);
    return MDSEC_OK;
}
