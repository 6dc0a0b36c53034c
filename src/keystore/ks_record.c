/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The persistent key record: layout, strict parser (through the reader
 * API, recognising the whole frame before anything is used) and encoder.
 * docs/keystore.md gives the byte layout.
 */
#include <string.h>

#include "core/bytes.h"
#include "keystore/ks_internal.h"

const uint8_t mdsec__ks_commit_mark[KS_COMMIT_LEN] = {'K', 'S', 'C', 'O', 'M', 'M', 'I', 'T'};

static uint32_t round_up(uint32_t v, uint32_t unit)
{
    return ((v + unit - 1u) / unit) * unit;
}

mdsec_status_t mdsec__ks_layout_for(uint32_t program_unit, ks_layout_t *out)
{
    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (program_unit == 0u || program_unit > MDSEC_KS_PROGRAM_UNIT_MAX ||
        (program_unit & (program_unit - 1u)) != 0u) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    out->pu = program_unit;
    out->hdr_area = round_up(KS_REC_HDR_LEN, program_unit);
    out->body_area = round_up(KS_REC_BODY_LEN, program_unit);
    out->commit_area = round_up(KS_COMMIT_LEN, program_unit);
    out->frame = out->hdr_area + out->body_area + out->commit_area;
    return MDSEC_OK;
}

static int usage_within(uint32_t usage, uint32_t allowed)
{
    return (usage & ~allowed) == 0u;
}

mdsec_status_t mdsec__ks_attr_check(const mdsec_ks_attributes_t *a)
{
    const uint32_t exp = MDSEC_KS_USAGE_EXPORT;
    const uint32_t ecc = MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC | exp;
    int ok = 0;

    if (a == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (a->reserved != 0u || (a->flags & (uint8_t)~MDSEC_KS_FLAG_WRITE_ONCE) != 0u ||
        a->usage == 0u || !usage_within(a->usage, MDSEC_KS_USAGE_ALL)) {
        return MDSEC_ERR_KS_ATTRIBUTES;
    }
    switch (a->lifetime) {
    case MDSEC_KS_LIFETIME_VOLATILE:
    case MDSEC_KS_LIFETIME_READ_ONLY:
        ok = a->location == MDSEC_KS_LOCATION_RAM && a->flags == 0u;
        break;
    case MDSEC_KS_LIFETIME_PERSISTENT:
        ok = a->location == MDSEC_KS_LOCATION_FLASH || a->location == MDSEC_KS_LOCATION_EXTERNAL;
        break;
    default: ok = 0; break;
    }
    if (!ok) {
        return MDSEC_ERR_KS_ATTRIBUTES;
    }
    switch (a->type) {
    case MDSEC_KS_TYPE_ECC_P256_PAIR:
        ok = a->bits == 256u && a->alg == MDSEC_KS_ALG_ECDSA_P256_SHA256 &&
             usage_within(a->usage, ecc | MDSEC_KS_USAGE_SIGN);
        break;
    case MDSEC_KS_TYPE_ECC_P256_PUBLIC:
        ok = a->bits == 256u && a->alg == MDSEC_KS_ALG_ECDSA_P256_SHA256 &&
             usage_within(a->usage, ecc);
        break;
    case MDSEC_KS_TYPE_ECC_P384_PUBLIC:
        ok = a->bits == 384u && a->alg == MDSEC_KS_ALG_ECDSA_P384_SHA384 &&
             usage_within(a->usage, ecc);
        break;
    case MDSEC_KS_TYPE_RSA_PUBLIC:
        ok = a->bits >= 2048u && a->bits <= 3072u && a->alg == MDSEC_KS_ALG_RSA_PSS_SHA256 &&
             usage_within(a->usage, ecc);
        break;
    case MDSEC_KS_TYPE_HMAC:
        ok = a->bits >= 128u && a->bits <= MDSEC_KS_MATERIAL_MAX * 8u && (a->bits % 8u) == 0u &&
             a->alg == MDSEC_KS_ALG_HMAC_SHA256 && usage_within(a->usage, MDSEC_KS_USAGE_MAC | exp);
        break;
    case MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305:
        ok = a->bits == 256u && a->alg == MDSEC_KS_ALG_CHACHA20_POLY1305 &&
             usage_within(a->usage, MDSEC_KS_USAGE_ENCRYPT | MDSEC_KS_USAGE_DECRYPT | exp);
        break;
    case MDSEC_KS_TYPE_DERIVE:
        ok = a->bits >= 128u && a->bits <= 512u && (a->bits % 8u) == 0u &&
             a->alg == MDSEC_KS_ALG_HKDF_SHA256 &&
             usage_within(a->usage, MDSEC_KS_USAGE_DERIVE | exp);
        break;
    default: ok = 0; break;
    }
    return ok ? MDSEC_OK : MDSEC_ERR_KS_ATTRIBUTES;
}

static int all_zero(mdsec_span_t s)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < s.len; i++) {
        acc |= s.ptr[i];
    }
    return acc == 0u;
}

mdsec_status_t mdsec__ks_record_parse(const uint8_t *frame, size_t len, const ks_layout_t *lay,
                                      ks_record_t *out)
{
    mdsec_reader_t r;
    mdsec_reader_t h;
    mdsec_span_t commit;
    mdsec_span_t body;
    mdsec_span_t pad;
    size_t min_mlen = 0;
    size_t max_mlen = 0;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (frame == NULL || lay == NULL || lay->frame == 0u || len != lay->frame) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* The commit mark decides whether the frame exists at all. */
    mdsec_reader_init(&r, frame, len);
    mdsec_read_skip(&r, (size_t)lay->hdr_area + lay->body_area);
    commit = mdsec_read_span(&r, lay->commit_area);
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        return MDSEC_ERR_INTERNAL;
    }
    if (memcmp(commit.ptr, mdsec__ks_commit_mark, KS_COMMIT_LEN) != 0 ||
        !all_zero((mdsec_span_t){commit.ptr + KS_COMMIT_LEN, commit.len - KS_COMMIT_LEN})) {
        return MDSEC_OK; /* not committed: a torn write, nothing in it is used */
    }
    out->committed = 1;

    mdsec_reader_init(&r, frame, len);
    out->aad = mdsec_read_span(&r, KS_REC_HDR_LEN);
    pad = mdsec_read_span(&r, lay->hdr_area - KS_REC_HDR_LEN);
    body = mdsec_read_span(&r, lay->body_area);
    mdsec_read_skip(&r, lay->commit_area);
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        return MDSEC_ERR_INTERNAL;
    }

    mdsec_reader_init(&h, out->aad.ptr, out->aad.len);
    const uint32_t magic = mdsec_read_u32le(&h);
    const uint8_t version = mdsec_read_u8(&h);
    out->op = mdsec_read_u8(&h);
    out->material_len = mdsec_read_u16le(&h);
    out->seq = mdsec_read_u64le(&h);
    out->prev = mdsec_read_u64le(&h);
    out->id = mdsec_read_u32le(&h);
    out->attr.type = mdsec_read_u16le(&h);
    out->attr.bits = mdsec_read_u16le(&h);
    out->attr.usage = mdsec_read_u32le(&h);
    out->attr.alg = mdsec_read_u32le(&h);
    out->attr.lifetime = mdsec_read_u8(&h);
    out->attr.location = mdsec_read_u8(&h);
    out->attr.flags = mdsec_read_u8(&h);
    out->attr.reserved = mdsec_read_u8(&h);
    const uint32_t reserved = mdsec_read_u32le(&h);
    if (magic != KS_REC_MAGIC || version != KS_REC_VERSION || reserved != 0u) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
    }
    if (out->seq == 0u || out->seq >= KS_SEQ_LIMIT || out->prev >= out->seq ||
        (out->op != KS_OP_ANCHOR && out->prev == 0u)) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
    }
    switch (out->op) {
    case KS_OP_PUT:
        if (out->id == MDSEC_KS_ID_INVALID || mdsec__ks_attr_check(&out->attr) != MDSEC_OK ||
            out->attr.location != MDSEC_KS_LOCATION_FLASH) {
            mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
        }
        min_mlen = 1u;
        max_mlen = MDSEC_KS_MATERIAL_MAX;
        break;
    case KS_OP_BAD: /* 1-byte reason, no attributes */
    case KS_OP_DEL: /* no material, no attributes */
        min_mlen = out->op == KS_OP_BAD ? 1u : 0u;
        max_mlen = min_mlen;
        if (out->id == MDSEC_KS_ID_INVALID || !all_zero((mdsec_span_t){out->aad.ptr + 28u, 16u})) {
            mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
        }
        break;
    case KS_OP_ANCHOR:
        if (out->id != MDSEC_KS_ID_INVALID || out->prev != 0u ||
            !all_zero((mdsec_span_t){out->aad.ptr + 28u, 16u})) {
            mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
        }
        break;
    default: mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE); break;
    }
    if (out->material_len < min_mlen || out->material_len > max_mlen) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
    }
    if (mdsec_reader_finish(&h) != MDSEC_OK || !all_zero(pad)) {
        memset(out, 0, sizeof *out);
        out->committed = 1;
        return MDSEC_ERR_KS_CORRUPT;
    }

    mdsec_reader_init(&r, body.ptr, body.len);
    out->tag = mdsec_read_span(&r, KS_REC_TAG_LEN);
    out->ct = mdsec_read_span(&r, out->material_len);
    pad = mdsec_read_span(&r, mdsec_reader_remaining(&r));
    if (mdsec_reader_finish(&r) != MDSEC_OK || !all_zero(pad)) {
        memset(out, 0, sizeof *out);
        out->committed = 1;
        return MDSEC_ERR_KS_CORRUPT;
    }
    return MDSEC_OK;
}

void mdsec__ks_record_header(uint8_t hdr[KS_REC_HDR_LEN], uint32_t op, uint32_t id, uint64_t seq,
                             uint64_t prev, size_t material_len, const mdsec_ks_attributes_t *attr)
{
    memset(hdr, 0, KS_REC_HDR_LEN);
    mdsec_put_le32(hdr, KS_REC_MAGIC);
    hdr[4] = (uint8_t)KS_REC_VERSION;
    hdr[5] = (uint8_t)op;
    mdsec_put_le16(hdr + 6, (uint32_t)material_len);
    mdsec_put_le64(hdr + 8, seq);
    mdsec_put_le64(hdr + 16, prev);
    mdsec_put_le32(hdr + 24, id);
    if (attr != NULL) {
        mdsec_put_le16(hdr + 28, attr->type);
        mdsec_put_le16(hdr + 30, attr->bits);
        mdsec_put_le32(hdr + 32, attr->usage);
        mdsec_put_le32(hdr + 36, attr->alg);
        hdr[40] = attr->lifetime;
        hdr[41] = attr->location;
        hdr[42] = attr->flags;
        hdr[43] = attr->reserved;
    }
}

void mdsec__ks_nonce(uint8_t nonce[KS_NONCE_LEN], uint64_t seq)
{
    mdsec_put_le64(nonce, seq);
    mdsec_put_le32(nonce + 8, KS_NONCE_DOMAIN);
}

void mdsec__ks_record_aad(uint8_t aad[KS_AAD_LEN], const uint8_t hdr[KS_REC_HDR_LEN],
                          uint32_t sector, uint32_t slot)
{
    memcpy(aad, hdr, KS_REC_HDR_LEN);
    mdsec_put_le32(aad + KS_REC_HDR_LEN, KS_POS_MAGIC);
    mdsec_put_le32(aad + KS_REC_HDR_LEN + 4u, sector);
    mdsec_put_le32(aad + KS_REC_HDR_LEN + 8u, slot);
    mdsec_put_le32(aad + KS_REC_HDR_LEN + 12u, 0u);
}
