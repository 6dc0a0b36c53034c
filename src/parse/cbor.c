/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Iterative CBOR (RFC 8949) decoder for the deterministic profile: no
 * indefinite lengths, shortest-form arguments (4.2.1), valid UTF-8 text,
 * bounded nesting, no floating point. No recursion: a fixed stack of
 * "items left" counters, one per open array or map.
 */
#include <string.h>

#include "mdsec/parse.h"
#include "parse_internal.h"

int mdsec_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0u;

    while (i < n) {
        uint8_t c = s[i];
        uint8_t lo = 0x80u, hi = 0xBFu;
        size_t need, k;

        if (c < 0x80u) {
            i++;
            continue;
        }
        if (c >= 0xC2u && c <= 0xDFu) {
            need = 1u;
        } else if (c >= 0xE0u && c <= 0xEFu) {
            need = 2u;
            if (c == 0xE0u) {
                lo = 0xA0u; /* no overlong forms */
            } else if (c == 0xEDu) {
                hi = 0x9Fu; /* no surrogates */
            }
        } else if (c >= 0xF0u && c <= 0xF4u) {
            need = 3u;
            if (c == 0xF0u) {
                lo = 0x90u;
            } else if (c == 0xF4u) {
                hi = 0x8Fu; /* nothing above U+10FFFF */
            }
        } else {
            return 0;
        }
        if (need > n - i - 1u) {
            return 0;
        }
        if (s[i + 1u] < lo || s[i + 1u] > hi) {
            return 0;
        }
        for (k = 2u; k <= need; k++) {
            if ((s[i + k] & 0xC0u) != 0x80u) {
                return 0;
            }
        }
        i += need + 1u;
    }
    return 1;
}

void mdsec_cbor_init(mdsec_cbor_decoder_t *d, const void *buf, size_t len, uint32_t flags)
{
    memset(d, 0, sizeof *d);
    mdsec_reader_init(&d->r, buf, len);
    d->left[0] = 1u; /* exactly one top-level item */
    d->flags = flags;
}

int mdsec_cbor_done(const mdsec_cbor_decoder_t *d)
{
    return mdsec_reader_status(&d->r) == MDSEC_OK && d->depth == 0u && d->left[0] == 0u;
}

static mdsec_status_t fail(mdsec_cbor_decoder_t *d, size_t offset, mdsec_status_t st)
{
    if (mdsec_reader_status(&d->r) == MDSEC_OK) {
        d->err_offset = offset;
    }
    mdsec_reader_fail(&d->r, st);
    return mdsec_reader_status(&d->r);
}

/* Marks one item consumed in the innermost container and closes finished ones. */
static void consume(mdsec_cbor_decoder_t *d)
{
    d->left[d->depth]--;
    while (d->depth > 0u && d->left[d->depth] == 0u) {
        d->depth--;
    }
}

mdsec_status_t mdsec_cbor_next(mdsec_cbor_decoder_t *d, mdsec_cbor_item_t *item)
{
    mdsec_reader_t *r = &d->r;
    size_t offset = mdsec_reader_offset(r);
    uint8_t ib, major, ai;
    uint64_t val;

    memset(item, 0, sizeof *item);
    if (mdsec_reader_status(r) != MDSEC_OK) {
        return mdsec_reader_status(r);
    }
    if (d->depth == 0u && d->left[0] == 0u) {
        return fail(d, offset, MDSEC_ERR_PARSE_TRAILING);
    }
    ib = mdsec_read_u8(r);
    major = (uint8_t)(ib >> 5);
    ai = (uint8_t)(ib & 0x1Fu);
    if (mdsec_reader_status(r) != MDSEC_OK) {
        return fail(d, offset, mdsec_reader_status(r));
    }
    if (ai < 24u) {
        val = ai;
    } else if (ai <= 27u) {
        static const uint64_t min_for[4] = {24u, 0x100u, 0x10000u, 0x100000000u};
        if (major == 7u && ai != 24u) {
            return fail(d, offset, MDSEC_ERR_PARSE_CBOR_UNSUPPORTED); /* floats */
        }
        val = mdsec_read_uint_n(r, (size_t)1u << (ai - 24u), 1);
        if (mdsec_reader_status(r) != MDSEC_OK) {
            return fail(d, offset, mdsec_reader_status(r));
        }
        if (major == 7u && val < 32u) {
            return fail(d, offset, MDSEC_ERR_PARSE_CBOR_MALFORMED); /* RFC 8949 3.3 */
        }
        if (major != 7u && val < min_for[ai - 24u] &&
            (d->flags & MDSEC_CBOR_ALLOW_NOT_SHORTEST) == 0u) {
            return fail(d, offset, MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST);
        }
    } else if (ai == 31u && major >= 2u && major <= 5u) {
        return fail(d, offset, MDSEC_ERR_PARSE_CBOR_INDEFINITE);
    } else {
        return fail(d, offset, MDSEC_ERR_PARSE_CBOR_MALFORMED); /* 28..30, or stray 31 */
    }

    item->type = (mdsec_cbor_type_t)major;
    item->val = val;
    item->offset = offset;
    item->depth = d->depth;

    switch (major) {
    case 2u:
    case 3u:
        if (val > (uint64_t)mdsec_reader_remaining(r)) {
            memset(item, 0, sizeof *item);
            return fail(d, offset, MDSEC_ERR_PARSE_TRUNCATED);
        }
        item->str = mdsec_read_span(r, (size_t)val);
        if (major == 3u && !mdsec_utf8_valid(item->str.ptr, item->str.len)) {
            memset(item, 0, sizeof *item);
            return fail(d, offset, MDSEC_ERR_PARSE_CBOR_UTF8);
        }
        consume(d);
        break;
    case 4u:
    case 5u: {
        /* Every item takes at least one byte: a count beyond the input is truncated. */
        uint64_t children = val;
        if (val > (uint64_t)mdsec_reader_remaining(r) ||
            (major == 5u && val > (uint64_t)mdsec_reader_remaining(r) / 2u)) {
            memset(item, 0, sizeof *item);
            return fail(d, offset, MDSEC_ERR_PARSE_TRUNCATED);
        }
        if (major == 5u) {
            children = 2u * val;
        }
        if (children == 0u) {
            consume(d);
            break;
        }
        if (d->depth >= MDSEC_CBOR_MAX_DEPTH) {
            memset(item, 0, sizeof *item);
            return fail(d, offset, MDSEC_ERR_PARSE_DEPTH);
        }
        d->left[d->depth]--; /* the container takes its parent's slot ... */
        d->depth++;
        d->left[d->depth] = children; /* ... and opens its own */
        break;
    }
    case 6u:
        /* A tag takes no slot: the item it tags does. */
        break;
    default: /* 0, 1, 7 */ consume(d); break;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_cbor_skip(mdsec_cbor_decoder_t *d, const mdsec_cbor_item_t *item)
{
    mdsec_cbor_item_t x = *item;
    mdsec_status_t st = mdsec_reader_status(&d->r);

    /* Bounded: every call of next consumes at least one input byte. */
    while (st == MDSEC_OK && x.type == MDSEC_CBOR_TAG) {
        st = mdsec_cbor_next(d, &x);
    }
    if (st == MDSEC_OK && (x.type == MDSEC_CBOR_ARRAY || x.type == MDSEC_CBOR_MAP) && x.val != 0u) {
        mdsec_cbor_item_t tmp;
        while (st == MDSEC_OK && d->depth > x.depth) {
            st = mdsec_cbor_next(d, &tmp);
        }
    }
    return st;
}

mdsec_status_t mdsec_cbor_finish(const mdsec_cbor_decoder_t *d)
{
    if (mdsec_reader_status(&d->r) != MDSEC_OK) {
        return mdsec_reader_status(&d->r);
    }
    if (!(d->depth == 0u && d->left[0] == 0u)) {
        return MDSEC_ERR_PARSE_TRUNCATED;
    }
    if (mdsec_reader_remaining(&d->r) != 0u) {
        return MDSEC_ERR_PARSE_TRAILING;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_cbor_check(const void *buf, size_t len, uint32_t flags, size_t *err_offset)
{
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t item;
    mdsec_status_t st = MDSEC_OK;

    mdsec_cbor_init(&d, buf, len, flags);
    while (st == MDSEC_OK && !mdsec_cbor_done(&d)) {
        st = mdsec_cbor_next(&d, &item);
    }
    if (st == MDSEC_OK) {
        st = mdsec_cbor_finish(&d);
        if (st != MDSEC_OK) {
            d.err_offset = mdsec_reader_offset(&d.r);
        }
    }
    if (err_offset != NULL) {
        *err_offset = (st == MDSEC_OK) ? len : d.err_offset;
    }
    return st;
}

mdsec_status_t mdsec_cbor_encode_head(mdsec_cbor_type_t type, uint64_t val, uint8_t *out,
                                      size_t out_cap, size_t *out_len)
{
    uint8_t major = (uint8_t)((unsigned)type & 7u);
    size_t n, i;
    uint8_t ai;

    if (out_len != NULL) {
        *out_len = 0u;
    }
    if (out == NULL || out_len == NULL || (unsigned)type > 7u ||
        (major == 7u && val >= 24u && val < 32u) || (major == 7u && val > 0xFFu)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (val < 24u) {
        n = 0u;
        ai = (uint8_t)val;
    } else if (val <= 0xFFu) {
        n = 1u;
        ai = 24u;
    } else if (val <= 0xFFFFu) {
        n = 2u;
        ai = 25u;
    } else if (val <= 0xFFFFFFFFu) {
        n = 4u;
        ai = 26u;
    } else {
        n = 8u;
        ai = 27u;
    }
    if (out_cap < n + 1u) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = (uint8_t)((major << 5) | ai);
    for (i = 0; i < n; i++) {
        out[1u + i] = (uint8_t)(val >> (8u * (n - 1u - i)));
    }
    *out_len = n + 1u;
    return MDSEC_OK;
}
