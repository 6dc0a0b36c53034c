/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log byte formats (docs/log.md): records, witnesses / checkpoint
 * bodies, dropped markers and the export header; the forward-secure key
 * evolution, the genesis value and the chain step. Parsers read through the
 * reader cursor and recognise the whole structure before filling anything;
 * encoders refuse what the parsers would refuse.
 */
#include <string.h>

#include "core/bytes.h"
#include "crypto/crypto.h"
#include "log/log_internal.h"
#include "mdsec/event.h"
#include "mdsec/parse.h"

static const char evolve_label[] = "mdsec-log evolve v1";
static const char genesis_label[] = "mdsec-log genesis v1";

#define LABEL_LEN(s) (sizeof(s) - 1u)

#define WIT_TBS_LEN 72u
#define WIT_SIG_LEN 64u

static int outcome_valid(uint8_t o)
{
    return o == (uint8_t)MDSEC_OUTCOME_SUCCESS || o == (uint8_t)MDSEC_OUTCOME_MINOR ||
           o == (uint8_t)MDSEC_OUTCOME_SERIOUS || o == (uint8_t)MDSEC_OUTCOME_MAJOR;
}

/* An event's payload: a sequence of whole TLV items (1-byte tag, 1-byte length). */
static int payload_tlv_ok(const uint8_t *payload, size_t len)
{
    static const mdsec_tlv_format_t fmt = {1u, 1u, 0u};
    mdsec_tlv_iter_t it;
    mdsec_tlv_t item;
    size_t n;

    mdsec_tlv_iter_init(&it, fmt, payload, len);
    for (n = 0; n <= len / 2u && !mdsec_tlv_done(&it); n++) {
        if (mdsec_tlv_next(&it, &item) != MDSEC_OK) {
            return 0;
        }
    }
    return mdsec_tlv_done(&it);
}

/* Kind, code, outcome and payload rules shared by the encoder and the parser. */
static int record_shape_valid(uint32_t kind, uint16_t code, uint8_t outcome, const uint8_t *payload,
                              size_t payload_len)
{
    if (!outcome_valid(outcome) || payload_len > MDSEC_LOG_PAYLOAD_MAX) {
        return 0;
    }
    switch (kind) {
    case MDSEC_LOG_KIND_EVENT: return payload_tlv_ok(payload, payload_len);
    case MDSEC_LOG_KIND_CHECKPOINT:
        return code == (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT && payload_len == MDSEC_LOG_WITNESS_LEN;
    case MDSEC_LOG_KIND_DROPPED:
        return code == (uint16_t)MDSEC_EV_AUDIT_DROPPED && payload_len == LOG_DROPPED_LEN;
    default: return 0;
    }
}

mdsec_status_t mdsec__log_device_tag(const uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN],
                                     uint32_t *tag)
{
    uint8_t d[LOG_HASH_LEN];
    mdsec_status_t st;

    if (tag == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *tag = 0u;
    if (device_id == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_crypto_hash(MDSEC_HASH_SHA256, device_id, MDSEC_LOG_DEVICE_ID_LEN, d, sizeof d);
    if (st == MDSEC_OK) {
        *tag = (uint32_t)d[0] | ((uint32_t)d[1] << 8) | ((uint32_t)d[2] << 16) |
               ((uint32_t)d[3] << 24);
    }
    return st;
}

mdsec_status_t mdsec__log_genesis(const uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN],
                                  uint8_t out[LOG_HASH_LEN])
{
    mdsec_hash_ctx_t h;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, LOG_HASH_LEN);
    if (device_id == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_crypto_hash_init(&h, MDSEC_HASH_SHA256);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash_update(&h, genesis_label, LABEL_LEN(genesis_label));
    }
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash_update(&h, device_id, MDSEC_LOG_DEVICE_ID_LEN);
    }
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash_final(&h, out, LOG_HASH_LEN);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, LOG_HASH_LEN);
        mdsec_memzero(&h, sizeof h);
    }
    return st;
}

mdsec_status_t mdsec__log_key_evolve(uint8_t key[MDSEC_LOG_KEY_LEN], uint32_t new_epoch)
{
    uint8_t msg[LABEL_LEN(evolve_label) + 4u];
    uint8_t next[MDSEC_HMAC_SHA256_LEN];
    mdsec_status_t st;

    if (key == NULL || new_epoch == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memcpy(msg, evolve_label, LABEL_LEN(evolve_label));
    mdsec_put_le32(msg + LABEL_LEN(evolve_label), new_epoch);
    st = mdsec_crypto_hmac_sha256(key, MDSEC_LOG_KEY_LEN, msg, sizeof msg, next);
    if (st == MDSEC_OK) {
        memcpy(key, next, MDSEC_LOG_KEY_LEN);
    }
    /* Whatever happened the old key is gone: a failed step must not leave
     * a key that could be used for the wrong epoch. */
    if (st != MDSEC_OK) {
        mdsec_memzero(key, MDSEC_LOG_KEY_LEN);
    }
    mdsec_memzero(next, sizeof next);
    return st;
}

mdsec_status_t mdsec__log_epoch_of(uint64_t seq, uint32_t evolve_every, uint32_t *epoch)
{
    uint64_t e;

    if (epoch == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *epoch = 0u;
    if (evolve_every == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    e = seq / evolve_every;
    if (e > UINT32_MAX) {
        return MDSEC_ERR_OVERFLOW;
    }
    *epoch = (uint32_t)e;
    return MDSEC_OK;
}

/* SHA-256(prev || rec[0 .. n]). */
static mdsec_status_t chain_step(const uint8_t prev[LOG_HASH_LEN], const uint8_t *rec, size_t n,
                                 uint8_t out[LOG_HASH_LEN])
{
    mdsec_hash_ctx_t h;
    mdsec_status_t st;

    st = mdsec_crypto_hash_init(&h, MDSEC_HASH_SHA256);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash_update(&h, prev, LOG_HASH_LEN);
    }
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash_update(&h, rec, n);
    }
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash_final(&h, out, LOG_HASH_LEN);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, LOG_HASH_LEN);
        mdsec_memzero(&h, sizeof h);
    }
    return st;
}

mdsec_status_t mdsec__log_record_encode(const log_record_t *r, const uint8_t key[MDSEC_LOG_KEY_LEN],
                                        const uint8_t prev_chain[LOG_HASH_LEN], uint8_t *out,
                                        size_t cap, size_t *len, uint8_t new_chain[LOG_HASH_LEN])
{
    uint8_t h[LOG_HASH_LEN];
    mdsec_status_t st;
    size_t total;
    size_t p;

    /* new_chain may alias prev_chain: it is written last (or zeroed on failure). */
    if (len != NULL) {
        *len = 0u;
    }
    if (r == NULL || key == NULL || prev_chain == NULL || out == NULL || len == NULL ||
        (r->payload == NULL && r->payload_len != 0u)) {
        if (new_chain != NULL) {
            memset(new_chain, 0, LOG_HASH_LEN);
        }
        return MDSEC_ERR_INVALID_ARG;
    }
    p = r->payload_len;
    total = MDSEC_LOG_RECORD_OVERHEAD + (p <= MDSEC_LOG_PAYLOAD_MAX ? p : 0u);
    if (p > MDSEC_LOG_PAYLOAD_MAX) {
        st = MDSEC_ERR_LOG_TOO_LARGE;
    } else if (cap < total) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    } else if (!record_shape_valid(r->kind, r->code, r->outcome, r->payload, p)) {
        st = MDSEC_ERR_LOG_FORMAT;
    } else {
        st = MDSEC_OK;
    }
    if (st != MDSEC_OK) {
        /* Wipe what the caller may read as a record (never past cap). */
        memset(out, 0, cap < MDSEC_LOG_RECORD_MAX ? cap : MDSEC_LOG_RECORD_MAX);
        if (new_chain != NULL) {
            memset(new_chain, 0, LOG_HASH_LEN);
        }
        return st;
    }
    /* The payload first: it may already sit at out + 60 (memmove is exact). */
    if (p != 0u) {
        memmove(out + LOG_REC_HDR_LEN, r->payload, p);
    }
    mdsec_put_le32(out + 0, LOG_REC_MAGIC);
    mdsec_put_le16(out + 4, (uint16_t)total);
    out[6] = (uint8_t)LOG_VERSION;
    out[7] = (uint8_t)r->kind;
    mdsec_put_le64(out + 8, r->seq);
    mdsec_put_le32(out + 16, r->boot);
    mdsec_put_le32(out + 20, r->epoch);
    mdsec_put_le64(out + 24, r->mono_ms);
    mdsec_put_le64(out + 32, r->wall_s);
    mdsec_put_le16(out + 40, r->code);
    out[42] = r->outcome;
    out[43] = r->source;
    mdsec_put_le32(out + 44, r->actor);
    mdsec_put_le32(out + 48, (uint32_t)r->status);
    mdsec_put_le16(out + 52, (uint16_t)p);
    mdsec_put_le16(out + 54, 0u);
    mdsec_put_le32(out + 56, r->device_tag);

    st = mdsec_crypto_hmac_sha256(key, MDSEC_LOG_KEY_LEN, out, LOG_REC_HDR_LEN + p,
                                  out + LOG_REC_HDR_LEN + p);
    if (st == MDSEC_OK) {
        st = chain_step(prev_chain, out, LOG_REC_HDR_LEN + LOG_MAC_LEN + p, h);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, total);
        if (new_chain != NULL) {
            memset(new_chain, 0, LOG_HASH_LEN);
        }
        return st;
    }
    memcpy(out + LOG_REC_HDR_LEN + LOG_MAC_LEN + p, h, LOG_HASH_LEN);
    mdsec_put_le32(out + LOG_REC_HDR_LEN + LOG_MAC_LEN + LOG_HASH_LEN + p, LOG_COMMIT);
    if (new_chain != NULL) {
        memcpy(new_chain, h, LOG_HASH_LEN);
    }
    *len = total;
    return MDSEC_OK;
}

mdsec_status_t mdsec__log_record_parse(const uint8_t *buf, size_t len, log_record_t *out,
                                       size_t *used)
{
    mdsec_reader_t r;
    mdsec_reader_t rec;
    log_record_t v;
    mdsec_span_t payload;
    mdsec_span_t mac;
    mdsec_span_t chain;
    uint32_t magic;
    uint16_t total;
    uint8_t version;
    uint16_t plen;
    uint16_t flags;
    uint32_t commit;

    if (used != NULL) {
        *used = 0u;
    }
    if (out == NULL || used == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (buf == NULL && len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(&v, 0, sizeof v);

    /* The declared length bounds everything else. */
    mdsec_reader_init(&r, buf, len);
    magic = mdsec_read_u32le(&r);
    total = mdsec_read_u16le(&r);
    if (mdsec_reader_status(&r) != MDSEC_OK || magic != LOG_REC_MAGIC ||
        total < MDSEC_LOG_RECORD_OVERHEAD || total > MDSEC_LOG_RECORD_MAX) {
        return MDSEC_ERR_LOG_FORMAT;
    }
    mdsec_reader_init(&r, buf, len);
    mdsec_reader_sub(&r, &rec, total);

    mdsec_read_skip(&rec, 6u); /* magic and total_len, checked above */
    version = mdsec_read_u8(&rec);
    v.kind = mdsec_read_u8(&rec);
    v.seq = mdsec_read_u64le(&rec);
    v.boot = mdsec_read_u32le(&rec);
    v.epoch = mdsec_read_u32le(&rec);
    v.mono_ms = mdsec_read_u64le(&rec);
    v.wall_s = mdsec_read_u64le(&rec);
    v.code = mdsec_read_u16le(&rec);
    v.outcome = mdsec_read_u8(&rec);
    v.source = mdsec_read_u8(&rec);
    v.actor = mdsec_read_u32le(&rec);
    v.status = (int32_t)mdsec_read_u32le(&rec);
    plen = mdsec_read_u16le(&rec);
    flags = mdsec_read_u16le(&rec);
    v.device_tag = mdsec_read_u32le(&rec);
    if (version != LOG_VERSION || flags != 0u ||
        (size_t)total != MDSEC_LOG_RECORD_OVERHEAD + (size_t)plen) {
        mdsec_reader_fail(&rec, MDSEC_ERR_LOG_FORMAT);
    }
    payload = mdsec_read_span(&rec, plen);
    if (mdsec_reader_status(&rec) == MDSEC_OK &&
        !record_shape_valid(v.kind, v.code, v.outcome, payload.ptr, plen)) {
        mdsec_reader_fail(&rec, MDSEC_ERR_LOG_FORMAT);
    }
    mac = mdsec_read_span(&rec, LOG_MAC_LEN);
    chain = mdsec_read_span(&rec, LOG_HASH_LEN);
    commit = mdsec_read_u32le(&rec);
    if (commit != LOG_COMMIT) {
        mdsec_reader_fail(&rec, MDSEC_ERR_LOG_FORMAT);
    }
    if (mdsec_reader_finish(&rec) != MDSEC_OK || mdsec_reader_status(&r) != MDSEC_OK) {
        return MDSEC_ERR_LOG_FORMAT;
    }
    v.payload = plen != 0u ? payload.ptr : NULL;
    v.payload_len = plen;
    v.mac = mac.ptr;
    v.chain = chain.ptr;
    v.total_len = total;
    *out = v;
    *used = total;
    return MDSEC_OK;
}

static int record_view_valid(const uint8_t *rec, const log_record_t *r)
{
    return rec != NULL && r != NULL && r->total_len == MDSEC_LOG_RECORD_OVERHEAD + r->payload_len &&
           r->payload_len <= MDSEC_LOG_PAYLOAD_MAX &&
           r->mac == rec + LOG_REC_HDR_LEN + r->payload_len &&
           r->chain == rec + LOG_REC_HDR_LEN + LOG_MAC_LEN + r->payload_len;
}

mdsec_status_t mdsec__log_record_check_mac(const uint8_t *rec, const log_record_t *r,
                                           const uint8_t key[MDSEC_LOG_KEY_LEN])
{
    uint8_t mac[MDSEC_HMAC_SHA256_LEN];
    mdsec_status_t st;

    if (key == NULL || !record_view_valid(rec, r)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_crypto_hmac_sha256(key, MDSEC_LOG_KEY_LEN, rec, LOG_REC_HDR_LEN + r->payload_len,
                                  mac);
    if (st == MDSEC_OK && mdsec_ct_equal(mac, r->mac, LOG_MAC_LEN) != 1) {
        st = MDSEC_ERR_LOG_MAC;
    }
    mdsec_memzero(mac, sizeof mac);
    return st;
}

mdsec_status_t mdsec__log_record_check_chain(const uint8_t *rec, const log_record_t *r,
                                             const uint8_t prev_chain[LOG_HASH_LEN],
                                             uint8_t new_chain[LOG_HASH_LEN])
{
    uint8_t h[LOG_HASH_LEN];
    mdsec_status_t st;

    if (new_chain == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* new_chain may alias prev_chain: it is written only at the end. */
    if (prev_chain == NULL || !record_view_valid(rec, r)) {
        memset(new_chain, 0, LOG_HASH_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = chain_step(prev_chain, rec, LOG_REC_HDR_LEN + LOG_MAC_LEN + r->payload_len, h);
    if (st == MDSEC_OK && mdsec_ct_equal(h, r->chain, LOG_HASH_LEN) != 1) {
        st = MDSEC_ERR_LOG_CHAIN;
    }
    if (st == MDSEC_OK) {
        memcpy(new_chain, h, LOG_HASH_LEN);
    } else {
        memset(new_chain, 0, LOG_HASH_LEN);
    }
    return st;
}

void mdsec__log_witness_encode_tbs(const log_witness_t *w, uint8_t out[72])
{
    if (out == NULL) {
        return;
    }
    memset(out, 0, WIT_TBS_LEN);
    if (w == NULL) {
        return;
    }
    mdsec_put_le32(out + 0, LOG_WIT_MAGIC);
    mdsec_put_le16(out + 4, (uint16_t)LOG_VERSION);
    mdsec_put_le16(out + 6, (uint16_t)MDSEC_LOG_WITNESS_LEN);
    memcpy(out + 8, w->device_id, MDSEC_LOG_DEVICE_ID_LEN);
    mdsec_put_le32(out + 24, w->boot);
    mdsec_put_le32(out + 28, w->epoch);
    mdsec_put_le64(out + 32, w->seq);
    memcpy(out + 40, w->head, LOG_HASH_LEN);
}

void mdsec__log_witness_encode(const log_witness_t *w, uint8_t out[MDSEC_LOG_WITNESS_LEN])
{
    if (out == NULL) {
        return;
    }
    memset(out, 0, MDSEC_LOG_WITNESS_LEN);
    if (w == NULL) {
        return;
    }
    mdsec__log_witness_encode_tbs(w, out);
    memcpy(out + WIT_TBS_LEN, w->sig, WIT_SIG_LEN);
}

mdsec_status_t mdsec__log_witness_parse(const uint8_t *buf, size_t len, log_witness_t *out)
{
    mdsec_reader_t r;
    log_witness_t w;
    uint32_t magic;
    uint16_t version;
    uint16_t wlen;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (buf == NULL && len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(&w, 0, sizeof w);
    mdsec_reader_init(&r, buf, len);
    magic = mdsec_read_u32le(&r);
    version = mdsec_read_u16le(&r);
    wlen = mdsec_read_u16le(&r);
    mdsec_read_bytes(&r, w.device_id, MDSEC_LOG_DEVICE_ID_LEN);
    w.boot = mdsec_read_u32le(&r);
    w.epoch = mdsec_read_u32le(&r);
    w.seq = mdsec_read_u64le(&r);
    mdsec_read_bytes(&r, w.head, LOG_HASH_LEN);
    mdsec_read_bytes(&r, w.sig, WIT_SIG_LEN);
    if (magic != LOG_WIT_MAGIC || version != LOG_VERSION || wlen != MDSEC_LOG_WITNESS_LEN) {
        mdsec_reader_fail(&r, MDSEC_ERR_LOG_FORMAT);
    }
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        mdsec_memzero(&w, sizeof w);
        return MDSEC_ERR_LOG_FORMAT;
    }
    *out = w;
    return MDSEC_OK;
}

mdsec_status_t mdsec__log_witness_digest(const log_witness_t *w, uint8_t digest[32])
{
    uint8_t tbs[WIT_TBS_LEN];

    if (digest == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(digest, 0, 32u);
    if (w == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec__log_witness_encode_tbs(w, tbs);
    return mdsec_crypto_hash(MDSEC_HASH_SHA256, tbs, sizeof tbs, digest, 32u);
}

void mdsec__log_dropped_encode(uint64_t first, uint64_t last, const uint8_t h_last[LOG_HASH_LEN],
                               uint8_t out[LOG_DROPPED_LEN])
{
    if (out == NULL) {
        return;
    }
    memset(out, 0, LOG_DROPPED_LEN);
    if (h_last == NULL) {
        return;
    }
    mdsec_put_le64(out + 0, first);
    mdsec_put_le64(out + 8, last);
    memcpy(out + 16, h_last, LOG_HASH_LEN);
}

mdsec_status_t mdsec__log_dropped_parse(const uint8_t *buf, size_t len, uint64_t *first,
                                        uint64_t *last, uint8_t h_last[LOG_HASH_LEN])
{
    mdsec_reader_t r;
    uint64_t f;
    uint64_t l;
    mdsec_span_t h;

    if (first == NULL || last == NULL || h_last == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *first = 0u;
    *last = 0u;
    memset(h_last, 0, LOG_HASH_LEN);
    if (buf == NULL && len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_reader_init(&r, buf, len);
    f = mdsec_read_u64le(&r);
    l = mdsec_read_u64le(&r);
    h = mdsec_read_span(&r, LOG_HASH_LEN);
    if (f > l) {
        mdsec_reader_fail(&r, MDSEC_ERR_LOG_FORMAT);
    }
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        return MDSEC_ERR_LOG_FORMAT;
    }
    *first = f;
    *last = l;
    memcpy(h_last, h.ptr, LOG_HASH_LEN);
    return MDSEC_OK;
}

void mdsec__log_export_header_encode(const log_export_header_t *h,
                                     uint8_t out[MDSEC_LOG_EXPORT_HEADER_LEN])
{
    if (out == NULL) {
        return;
    }
    memset(out, 0, MDSEC_LOG_EXPORT_HEADER_LEN);
    if (h == NULL) {
        return;
    }
    mdsec_put_le32(out + 0, LOG_EXP_MAGIC);
    mdsec_put_le16(out + 4, (uint16_t)LOG_VERSION);
    mdsec_put_le16(out + 6, (uint16_t)MDSEC_LOG_EXPORT_HEADER_LEN);
    memcpy(out + 8, h->device_id, MDSEC_LOG_DEVICE_ID_LEN);
    mdsec_put_le32(out + 24, h->evolve_every);
    mdsec_put_le32(out + 28, h->record_count);
    mdsec_put_le64(out + 32, h->start_seq);
    memcpy(out + 40, h->start_chain, LOG_HASH_LEN);
}

mdsec_status_t mdsec__log_export_header_parse(const uint8_t *buf, size_t len,
                                              log_export_header_t *out)
{
    mdsec_reader_t r;
    log_export_header_t h;
    uint32_t magic;
    uint16_t version;
    uint16_t hlen;
    mdsec_span_t zero;
    uint8_t acc = 0u;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (buf == NULL && len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(&h, 0, sizeof h);
    mdsec_reader_init(&r, buf,
                      len < MDSEC_LOG_EXPORT_HEADER_LEN ? len : MDSEC_LOG_EXPORT_HEADER_LEN);
    magic = mdsec_read_u32le(&r);
    version = mdsec_read_u16le(&r);
    hlen = mdsec_read_u16le(&r);
    mdsec_read_bytes(&r, h.device_id, MDSEC_LOG_DEVICE_ID_LEN);
    h.evolve_every = mdsec_read_u32le(&r);
    h.record_count = mdsec_read_u32le(&r);
    h.start_seq = mdsec_read_u64le(&r);
    mdsec_read_bytes(&r, h.start_chain, LOG_HASH_LEN);
    zero = mdsec_read_span(&r, MDSEC_LOG_EXPORT_HEADER_LEN - 72u);
    for (size_t i = 0; i < zero.len; i++) {
        acc |= zero.ptr[i];
    }
    if (magic != LOG_EXP_MAGIC || version != LOG_VERSION || hlen != MDSEC_LOG_EXPORT_HEADER_LEN ||
        h.evolve_every == 0u || acc != 0u || (uint64_t)h.record_count > UINT64_MAX - h.start_seq) {
        mdsec_reader_fail(&r, MDSEC_ERR_LOG_FORMAT);
    }
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        return MDSEC_ERR_LOG_FORMAT;
    }
    *out = h;
    return MDSEC_OK;
}
