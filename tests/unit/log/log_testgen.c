/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The in-test log writer (log_testgen.h). */
#include "log_testgen.h"

#include <string.h>

#include "crypto/crypto.h"
#include "mdsec/event.h"
#include "rfc6979_ecdsa.h"

const uint8_t tg_dev_a[MDSEC_LOG_DEVICE_ID_LEN] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
                                                   0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF};
const uint8_t tg_dev_b[MDSEC_LOG_DEVICE_ID_LEN] = {0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7,
                                                   0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF};

void tg_k0(uint8_t k0[MDSEC_LOG_KEY_LEN])
{
    for (size_t i = 0; i < MDSEC_LOG_KEY_LEN; i++) {
        k0[i] = (uint8_t)(0x40u + i);
    }
}

const uint8_t *tg_pubkey(void)
{
    return tv_rfc6979_p256_pub;
}

static mdsec_status_t key_to(tg_log_t *g, uint32_t epoch)
{
    mdsec_status_t st = MDSEC_OK;
    while (st == MDSEC_OK && g->key_epoch < epoch) {
        g->key_epoch++;
        st = mdsec__log_key_evolve(g->key, g->key_epoch);
    }
    return st;
}

mdsec_status_t tg_init_captured(tg_log_t *g, const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN],
                                const uint8_t key[MDSEC_LOG_KEY_LEN], uint32_t key_epoch,
                                uint32_t evolve_every, uint64_t start_seq,
                                const uint8_t start_chain[LOG_HASH_LEN], uint8_t *buf, size_t cap)
{
    mdsec_status_t st;

    memset(g, 0, sizeof *g);
    if (cap < MDSEC_LOG_EXPORT_HEADER_LEN || evolve_every == 0u || start_chain == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memcpy(g->dev, dev, sizeof g->dev);
    memcpy(g->key, key, sizeof g->key);
    g->key_epoch = key_epoch;
    g->evolve_every = evolve_every;
    g->boot = 1;
    g->mono_ms = 1000;
    g->buf = buf;
    g->cap = cap;
    g->len = MDSEC_LOG_EXPORT_HEADER_LEN;
    g->start_seq = start_seq;
    g->next_seq = start_seq;
    memcpy(g->start_chain, start_chain, LOG_HASH_LEN);
    memcpy(g->chain, start_chain, LOG_HASH_LEN);
    st = mdsec__log_device_tag(dev, &g->dev_tag);
    if (st == MDSEC_OK) {
        (void)tg_finish(g);
    }
    return st;
}

mdsec_status_t tg_init_at(tg_log_t *g, const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN],
                          const uint8_t k0[MDSEC_LOG_KEY_LEN], uint32_t evolve_every,
                          uint64_t start_seq, const uint8_t start_chain[LOG_HASH_LEN], uint8_t *buf,
                          size_t cap)
{
    uint8_t genesis[LOG_HASH_LEN];
    uint32_t e = 0;
    mdsec_status_t st = MDSEC_OK;

    if (start_chain == NULL) {
        st = mdsec__log_genesis(dev, genesis);
        start_chain = genesis;
    }
    /* The device itself: k0 at epoch 0, brought to the start's epoch. */
    if (st == MDSEC_OK) {
        st = tg_init_captured(g, dev, k0, 0u, evolve_every, start_seq, start_chain, buf, cap);
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_epoch_of(start_seq, evolve_every, &e);
    }
    if (st == MDSEC_OK) {
        st = key_to(g, e);
    }
    return st;
}

mdsec_status_t tg_init(tg_log_t *g, const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN],
                       const uint8_t k0[MDSEC_LOG_KEY_LEN], uint32_t evolve_every, uint8_t *buf,
                       size_t cap)
{
    return tg_init_at(g, dev, k0, evolve_every, 0u, NULL, buf, cap);
}

mdsec_status_t tg_raw(uint8_t *out, size_t cap, size_t *len, const log_record_t *r,
                      const uint8_t key[MDSEC_LOG_KEY_LEN], const uint8_t prev[LOG_HASH_LEN],
                      uint8_t next[LOG_HASH_LEN])
{
    return mdsec__log_record_encode(r, key, prev, out, cap, len, next);
}

static mdsec_status_t append(tg_log_t *g, uint32_t kind, uint16_t code, uint8_t outcome,
                             const uint8_t *payload, size_t payload_len)
{
    log_record_t r;
    uint32_t e = 0;
    size_t n = 0;
    mdsec_status_t st;

    st = mdsec__log_epoch_of(g->next_seq, g->evolve_every, &e);
    if (st == MDSEC_OK) {
        st = key_to(g, e);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.seq = g->next_seq;
    r.boot = g->boot;
    r.epoch = e;
    r.mono_ms = g->mono_ms;
    r.wall_s = 1700000000u + g->next_seq;
    r.code = code;
    r.outcome = outcome;
    r.source = (uint8_t)MDSEC_SRC_APP;
    r.actor = (uint32_t)g->next_seq * 3u;
    r.status = outcome == 0u ? 0 : -101;
    r.device_tag = g->dev_tag;
    r.payload = payload;
    r.payload_len = payload_len;
    st = mdsec__log_record_encode(&r, g->key, g->chain, g->buf + g->len, g->cap - g->len, &n,
                                  g->chain);
    if (st != MDSEC_OK) {
        return st;
    }
    g->len += n;
    g->count++;
    g->next_seq++;
    g->mono_ms += 250u;
    return MDSEC_OK;
}

mdsec_status_t tg_event(tg_log_t *g, uint16_t code, uint8_t outcome, const uint8_t *payload,
                        size_t payload_len)
{
    return append(g, MDSEC_LOG_KIND_EVENT, code, outcome, payload, payload_len);
}

/* The chain value h_seq of a record already in the export. */
static mdsec_status_t chain_of(const tg_log_t *g, uint64_t seq, uint32_t *boot,
                               uint8_t out[LOG_HASH_LEN])
{
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    for (uint32_t i = 0; i < g->count; i++) {
        log_record_t r;
        size_t used = 0;
        mdsec_status_t st = mdsec__log_record_parse(g->buf + off, g->len - off, &r, &used);
        if (st != MDSEC_OK) {
            return st;
        }
        if (r.seq == seq) {
            memcpy(out, r.chain, LOG_HASH_LEN);
            *boot = r.boot;
            return MDSEC_OK;
        }
        off += used;
    }
    return MDSEC_ERR_INVALID_ARG;
}

mdsec_status_t tg_sign_witness(log_witness_t *w)
{
    static mdsec_drbg_t drbg;
    static int seeded;
    static const uint8_t entropy[32] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const uint8_t nonce[16] = {9, 10, 11, 12};
    uint8_t digest[32];
    size_t sig_len = 0;
    mdsec_status_t st;

    if (!seeded) {
        st = mdsec_crypto_drbg_instantiate(&drbg, entropy, sizeof entropy, nonce, sizeof nonce,
                                           NULL, 0);
        if (st == MDSEC_ERR_NOT_SUPPORTED) {
            /* The psa provider has no DRBG from fixed inputs; its ECDSA
             * signatures are deterministic (RFC 6979) all the same. */
            st = mdsec_crypto_drbg_seed(&drbg, NULL, 0);
        }
        if (st != MDSEC_OK) {
            return st;
        }
        seeded = 1;
    }
    st = mdsec__log_witness_digest(w, digest);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_ecdsa_p256_sign(&drbg, tv_rfc6979_p256_x, digest, sizeof digest,
                                          MDSEC_SIG_RAW, w->sig, sizeof w->sig, &sig_len);
    }
    return st;
}

mdsec_status_t tg_checkpoint_w(tg_log_t *g, const log_witness_t *w)
{
    mdsec__log_witness_encode(w, g->witness);
    return append(g, MDSEC_LOG_KIND_CHECKPOINT, (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT, 0u, g->witness,
                  sizeof g->witness);
}

mdsec_status_t tg_checkpoint(tg_log_t *g, uint32_t lag)
{
    log_witness_t w;
    mdsec_status_t st;

    if (lag == 0u || g->next_seq < lag) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = tg_witness_for(g, g->next_seq - lag, &w);
    if (st == MDSEC_OK) {
        st = tg_sign_witness(&w);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    return tg_checkpoint_w(g, &w);
}

mdsec_status_t tg_witness_for(const tg_log_t *g, uint64_t seq, log_witness_t *w)
{
    uint32_t boot = 0;
    mdsec_status_t st;

    memset(w, 0, sizeof *w);
    memcpy(w->device_id, g->dev, sizeof w->device_id);
    w->seq = seq;
    w->boot = g->boot;
    st = chain_of(g, seq, &boot, w->head);
    if (st == MDSEC_OK) {
        st = mdsec__log_epoch_of(seq, g->evolve_every, &w->epoch);
    }
    return st;
}

mdsec_status_t tg_dropped(tg_log_t *g, uint64_t first, uint64_t last)
{
    uint8_t body[LOG_DROPPED_LEN];
    mdsec__log_dropped_encode(first, last, g->start_chain, body);
    return append(g, MDSEC_LOG_KIND_DROPPED, (uint16_t)MDSEC_EV_AUDIT_DROPPED, 0u, body,
                  sizeof body);
}

void tg_reboot(tg_log_t *g)
{
    g->boot++;
    g->mono_ms = 500;
}

size_t tg_finish(tg_log_t *g)
{
    log_export_header_t h;
    memset(&h, 0, sizeof h);
    memcpy(h.device_id, g->dev, sizeof h.device_id);
    h.evolve_every = g->evolve_every;
    h.record_count = g->count;
    h.start_seq = g->start_seq;
    memcpy(h.start_chain, g->start_chain, LOG_HASH_LEN);
    mdsec__log_export_header_encode(&h, g->buf);
    return g->len;
}

size_t tg_record_offset(const uint8_t *exp, size_t len, uint32_t i)
{
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    for (uint32_t k = 0; k < i; k++) {
        log_record_t r;
        size_t used = 0;
        if (off >= len || mdsec__log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
            return 0u;
        }
        off += used;
    }
    return off < len ? off : 0u;
}
