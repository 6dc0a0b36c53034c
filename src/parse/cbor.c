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
        uint8_t c;
        uint8_t lo = 0x80u, hi = 0xBFu;
        size_t need, k;

        /* ASCII fast path: eight bytes at a time. */
        while (n - i >= 8u) {
            uint64_t w;
            memcpy(&w, s + i, 8u);
            if ((w & UINT64_C(0x8080808080808080)) != 0u) {
                break;
            }
            i += 8u;
        }
        if (i == n) {
            break;
        }
        c = s[i];
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

/* Marks one item consumed in the innermost container and closes finished ones. */
static void consume(mdsec_cbor_decoder_t *d)
{
    d->left[d->depth]--;
    while (d->depth > 0u && d->left[d->depth] == 0u) {
        d->depth--;
    }
}

/* Big-endian value of the w (1, 2, 4 or 8) bytes at p. */
static uint64_t load_be(const uint8_t *p, size_t w)
{
    switch (w) {
    case 1u: return p[0];
    case 2u: return ((uint64_t)p[0] << 8) | p[1];
    case 4u: return ((uint64_t)p[0] << 24) | ((uint64_t)p[1] << 16) | ((uint64_t)p[2] << 8) | p[3];
    default:
        return ((uint64_t)p[0] << 56) | ((uint64_t)p[1] << 48) | ((uint64_t)p[2] << 40) |
               ((uint64_t)p[3] << 32) | ((uint64_t)p[4] << 24) | ((uint64_t)p[5] << 16) |
               ((uint64_t)p[6] << 8) | p[7];
    }
}

/*
 * One item head per call, reading the reader's bytes directly (this is the
 * hot loop of every CBOR parse). Every length is checked against what is
 * left before it is used.
 */
mdsec_status_t mdsec_cbor_next(mdsec_cbor_decoder_t *d, mdsec_cbor_item_t *item)
{
    static const uint64_t min_for[4] = {24u, 0x100u, 0x10000u, 0x100000000u};
    mdsec_reader_t *r = &d->r;
    size_t off = r->off, offset = r->base + r->off, left, n;
    const uint8_t *p;
    uint8_t major, ai;
    uint64_t val;
    mdsec_status_t st = MDSEC_OK;

    item->str.ptr = NULL;
    item->str.len = 0u;
    if (r->err != MDSEC_OK) {
        st = r->err;
        goto fail_quiet;
    }
    if (d->depth == 0u && d->left[0] == 0u) {
        st = MDSEC_ERR_PARSE_TRAILING;
        goto fail;
    }
    left = r->len - off;
    if (left == 0u) {
        st = MDSEC_ERR_PARSE_TRUNCATED;
        goto fail;
    }
    p = r->buf + off;
    major = (uint8_t)(p[0] >> 5);
    ai = (uint8_t)(p[0] & 0x1Fu);
    if (ai < 24u) {
        val = ai;
        n = 1u;
    } else if (ai <= 27u) {
        size_t w = (size_t)1u << (ai - 24u);
        if (major == 7u && ai != 24u) {
            st = MDSEC_ERR_PARSE_CBOR_UNSUPPORTED; /* floats */
            goto fail;
        }
        if (w >= left) {
            st = MDSEC_ERR_PARSE_TRUNCATED;
            goto fail;
        }
        val = load_be(p + 1, w);
        n = 1u + w;
        if (major == 7u) {
            if (val < 32u) {
                st = MDSEC_ERR_PARSE_CBOR_MALFORMED; /* RFC 8949 3.3 */
                goto fail;
            }
        } else if (val < min_for[ai - 24u] && (d->flags & MDSEC_CBOR_ALLOW_NOT_SHORTEST) == 0u) {
            st = MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST;
            goto fail;
        }
    } else if (ai == 31u && major >= 2u && major <= 5u) {
        st = MDSEC_ERR_PARSE_CBOR_INDEFINITE;
        goto fail;
    } else {
        st = MDSEC_ERR_PARSE_CBOR_MALFORMED; /* 28..30, or a stray break */
        goto fail;
    }
    left -= n;
    item->type = (mdsec_cbor_type_t)major;
    item->val = val;
    item->offset = offset;
    item->depth = d->depth;

    switch (major) {
    case 2u:
    case 3u:
        if (val > (uint64_t)left) {
            st = MDSEC_ERR_PARSE_TRUNCATED;
            goto fail;
        }
        if (major == 3u && !mdsec_utf8_valid(p + n, (size_t)val)) {
            st = MDSEC_ERR_PARSE_CBOR_UTF8;
            goto fail;
        }
        if (val != 0u) {
            item->str.ptr = p + n;
            item->str.len = (size_t)val;
        }
        n += (size_t)val;
        consume(d);
        break;
    case 4u:
    case 5u:
        /* Every item takes at least one byte: a count beyond the input is truncated. */
        if (val > (uint64_t)left || (major == 5u && val > (uint64_t)left / 2u)) {
            st = MDSEC_ERR_PARSE_TRUNCATED;
            goto fail;
        }
        if (val == 0u) {
            consume(d);
            break;
        }
        if (d->depth >= MDSEC_CBOR_MAX_DEPTH) {
            st = MDSEC_ERR_PARSE_DEPTH;
            goto fail;
        }
        d->left[d->depth]--; /* the container takes its parent's slot ... */
        d->depth++;
        d->left[d->depth] = (major == 5u) ? 2u * val : val; /* ... and opens its own */
        break;
    case 6u: break; /* a tag takes no slot: the item it tags does */
    default: /* 0, 1, 7 */ consume(d); break;
    }
    r->off = off + n;
    return MDSEC_OK;

fail:
    d->err_offset = offset;
    r->err = st;
fail_quiet:
    memset(item, 0, sizeof *item);
    return st;
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
