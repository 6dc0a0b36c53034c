/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Generic TLV iterator and encoder. MCUboot TLV areas, log records and
 * device command frames all go through this one code path.
 */
#include <string.h>

#include "mdsec/parse.h"
#include "parse_internal.h"

static int width_ok(uint8_t w)
{
    return w == 1u || w == 2u || w == 4u;
}

static int format_ok(mdsec_tlv_format_t fmt)
{
    return width_ok(fmt.tag_size) && width_ok(fmt.len_size);
}

void mdsec_tlv_iter_init(mdsec_tlv_iter_t *it, mdsec_tlv_format_t fmt, const void *area, size_t len)
{
    mdsec_reader_init(&it->r, area, len);
    it->fmt = fmt;
    if (!format_ok(fmt)) {
        mdsec_reader_fail(&it->r, MDSEC_ERR_INVALID_ARG);
    }
}

void mdsec_tlv_iter_from_reader(mdsec_tlv_iter_t *it, mdsec_tlv_format_t fmt, mdsec_reader_t *r)
{
    mdsec_reader_sub(r, &it->r, mdsec_reader_remaining(r));
    it->fmt = fmt;
    if (!format_ok(fmt)) {
        mdsec_reader_fail(&it->r, MDSEC_ERR_INVALID_ARG);
    }
}

int mdsec_tlv_done(const mdsec_tlv_iter_t *it)
{
    return mdsec_reader_status(&it->r) == MDSEC_OK && mdsec_reader_remaining(&it->r) == 0u;
}

mdsec_status_t mdsec_tlv_next(mdsec_tlv_iter_t *it, mdsec_tlv_t *out)
{
    mdsec_reader_t *r = &it->r;
    size_t header = (size_t)it->fmt.tag_size + (size_t)it->fmt.len_size;
    size_t offset = mdsec_reader_offset(r);
    uint64_t tag, len;

    memset(out, 0, sizeof *out);
    if (mdsec_reader_status(r) != MDSEC_OK) {
        return mdsec_reader_status(r);
    }
    if (mdsec_reader_remaining(r) < header) {
        mdsec_reader_fail(r, MDSEC_ERR_PARSE_TRUNCATED);
        return mdsec_reader_status(r);
    }
    tag = mdsec_read_uint_n(r, it->fmt.tag_size, it->fmt.big_endian != 0u);
    len = mdsec_read_uint_n(r, it->fmt.len_size, it->fmt.big_endian != 0u);
    /* A length that runs past the area is a malformed area, not a short read. */
    if (len > (uint64_t)mdsec_reader_remaining(r)) {
        mdsec_reader_fail(r, MDSEC_ERR_PARSE_TLV_LENGTH);
        return mdsec_reader_status(r);
    }
    out->value = mdsec_read_span(r, (size_t)len);
    out->tag = (uint32_t)tag;
    out->offset = offset;
    return MDSEC_OK;
}

static void put_uint(uint8_t *p, uint64_t v, size_t n, int big_endian)
{
    size_t i;
    for (i = 0; i < n; i++) {
        size_t idx = big_endian ? (n - 1u - i) : i;
        p[idx] = (uint8_t)(v >> (8u * i));
    }
}

static uint64_t width_max(uint8_t w)
{
    return (w == 4u) ? 0xFFFFFFFFu : ((w == 2u) ? 0xFFFFu : 0xFFu);
}

mdsec_status_t mdsec_tlv_encode(mdsec_tlv_format_t fmt, uint32_t tag, const void *value,
                                size_t value_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
    size_t header, total;

    if (out_len != NULL) {
        *out_len = 0u;
    }
    if (!format_ok(fmt) || out == NULL || out_len == NULL || (value == NULL && value_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if ((uint64_t)tag > width_max(fmt.tag_size) || (uint64_t)value_len > width_max(fmt.len_size)) {
        return MDSEC_ERR_PARSE_RANGE;
    }
    header = (size_t)fmt.tag_size + (size_t)fmt.len_size;
    if (mdsec_size_add(header, value_len, &total) != MDSEC_OK || total > out_cap) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    put_uint(out, tag, fmt.tag_size, fmt.big_endian != 0u);
    put_uint(out + fmt.tag_size, value_len, fmt.len_size, fmt.big_endian != 0u);
    if (value_len != 0u) {
        memcpy(out + header, value, value_len);
    }
    *out_len = total;
    return MDSEC_OK;
}
