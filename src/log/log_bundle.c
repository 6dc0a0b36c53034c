/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The verifier bundle (docs/log.md, "Verifier bundle"): what a verifier is
 * provisioned with for one device's log, in one 160-byte file, so that an
 * operator hands the verifier k0 together with the values that decide which
 * key MACs which record, and cannot pair them wrongly.
 *
 *   0   4  magic "MLGB"          24  4  evolve_every (>= 1)
 *   4   2  version = 1           28  4  reserved, 0
 *   6   2  length = 160          32 32  k0
 *   8  16  device_id             64 65  checkpoint public key (0x04 || X || Y)
 *  129  7  reserved, 0          136 24  first 24 bytes of SHA-256(bytes 0 .. 136)
 */
#include <string.h>

#include "core/bytes.h"
#include "crypto/crypto.h"
#include "log/log_internal.h"
#include "mdsec/keystore.h"
#include "mdsec/parse.h"

#define BUNDLE_MAGIC   0x42474C4Du /* "MLGB" */
#define BUNDLE_BODY    136u
#define BUNDLE_CHECK   24u
#define BUNDLE_PUB_OFF 64u

_Static_assert(BUNDLE_BODY + BUNDLE_CHECK == MDSEC_LOG_BUNDLE_LEN, "bundle length");
_Static_assert(BUNDLE_PUB_OFF + MDSEC_LOG_PUBKEY_LEN + 7u == BUNDLE_BODY, "bundle layout");

static mdsec_status_t bundle_check(const uint8_t body[BUNDLE_BODY], uint8_t out[BUNDLE_CHECK])
{
    uint8_t h[32];
    mdsec_status_t st = mdsec_crypto_hash(MDSEC_HASH_SHA256, body, BUNDLE_BODY, h, sizeof h);
    memcpy(out, h, BUNDLE_CHECK);
    mdsec_memzero(h, sizeof h);
    return st;
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (uint8_t)(acc | p[i]);
    }
    return acc == 0u;
}

mdsec_status_t mdsec_log_bundle_encode(const mdsec_log_bundle_t *b, uint8_t *out, size_t cap)
{
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, cap);
    if (b == NULL || b->evolve_every == 0u || b->pubkey[0] != 0x04u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (cap < MDSEC_LOG_BUNDLE_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    mdsec_put_le32(out + 0, BUNDLE_MAGIC);
    mdsec_put_le16(out + 4, LOG_VERSION);
    mdsec_put_le16(out + 6, (uint16_t)MDSEC_LOG_BUNDLE_LEN);
    memcpy(out + 8, b->device_id, MDSEC_LOG_DEVICE_ID_LEN);
    mdsec_put_le32(out + 24, b->evolve_every);
    memcpy(out + 32, b->k0, MDSEC_LOG_KEY_LEN);
    memcpy(out + BUNDLE_PUB_OFF, b->pubkey, MDSEC_LOG_PUBKEY_LEN);
    st = bundle_check(out, out + BUNDLE_BODY);
    if (st != MDSEC_OK) {
        mdsec_memzero(out, cap);
    }
    return st;
}

mdsec_status_t mdsec_log_bundle_parse(const uint8_t *buf, size_t len, mdsec_log_bundle_t *out)
{
    mdsec_reader_t r;
    mdsec_log_bundle_t b;
    uint32_t magic;
    uint16_t version;
    uint16_t blen;
    mdsec_span_t reserved;
    mdsec_span_t pad;
    mdsec_span_t stored;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(out, sizeof *out);
    if (buf == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(&b, sizeof b);
    mdsec_reader_init(&r, buf, len);
    magic = mdsec_read_u32le(&r);
    version = mdsec_read_u16le(&r);
    blen = mdsec_read_u16le(&r);
    mdsec_read_bytes(&r, b.device_id, MDSEC_LOG_DEVICE_ID_LEN);
    b.evolve_every = mdsec_read_u32le(&r);
    reserved = mdsec_read_span(&r, 4u);
    mdsec_read_bytes(&r, b.k0, MDSEC_LOG_KEY_LEN);
    mdsec_read_bytes(&r, b.pubkey, MDSEC_LOG_PUBKEY_LEN);
    pad = mdsec_read_span(&r, 7u);
    stored = mdsec_read_span(&r, BUNDLE_CHECK);
    if (magic != BUNDLE_MAGIC || version != LOG_VERSION || blen != MDSEC_LOG_BUNDLE_LEN ||
        b.evolve_every == 0u || b.pubkey[0] != 0x04u || !all_zero(reserved.ptr, reserved.len) ||
        !all_zero(pad.ptr, pad.len)) {
        mdsec_reader_fail(&r, MDSEC_ERR_LOG_FORMAT);
    }
    /* Nothing may follow: the whole input is the bundle. */
    st = mdsec_reader_finish(&r);
    if (st == MDSEC_OK && len != MDSEC_LOG_BUNDLE_LEN) {
        st = MDSEC_ERR_LOG_FORMAT;
    }
    if (st == MDSEC_OK) {
        uint8_t check[BUNDLE_CHECK];
        st = bundle_check(buf, check);
        if (st == MDSEC_OK && mdsec_ct_equal(check, stored.ptr, BUNDLE_CHECK) != 1) {
            st = MDSEC_ERR_LOG_FORMAT;
        }
    }
    if (st == MDSEC_OK) {
        *out = b;
    } else if (st != MDSEC_ERR_CRYPTO) {
        st = MDSEC_ERR_LOG_FORMAT;
    }
    mdsec_memzero(&b, sizeof b);
    return st;
}

mdsec_status_t mdsec_log_bundle_params(const mdsec_log_bundle_t *b, mdsec_log_verify_params_t *p)
{
    if (b == NULL || p == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    p->k0 = b->k0;
    p->device_id = b->device_id;
    p->evolve_every = b->evolve_every;
    p->pubkey = b->pubkey;
    p->pubkey_len = MDSEC_LOG_PUBKEY_LEN;
    return MDSEC_OK;
}

mdsec_status_t mdsec_log_bundle_make(const mdsec_log_config_t *cfg,
                                     const uint8_t k0[MDSEC_LOG_KEY_LEN], mdsec_log_bundle_t *out)
{
    size_t n = 0;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(out, sizeof *out);
    if (cfg == NULL || k0 == NULL || cfg->ks == NULL || cfg->evolve_every == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_ks_export_public(cfg->ks, cfg->checkpoint_key, out->pubkey, sizeof out->pubkey, &n);
    if (st == MDSEC_OK && (n != MDSEC_LOG_PUBKEY_LEN || out->pubkey[0] != 0x04u)) {
        st = MDSEC_ERR_KEY_INVALID; /* not a P-256 key */
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(out, sizeof *out);
        return st;
    }
    memcpy(out->device_id, cfg->device_id, MDSEC_LOG_DEVICE_ID_LEN);
    out->evolve_every = cfg->evolve_every;
    memcpy(out->k0, k0, MDSEC_LOG_KEY_LEN);
    return MDSEC_OK;
}
