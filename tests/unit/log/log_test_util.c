/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "log_test_util.h"

uint8_t lt_export[LT_EXPORT_MAX];
size_t lt_export_len;
uint8_t lt_pub[65];
int lt_check_signatures = 1;

static const uint8_t lt_device[MDSEC_LOG_DEVICE_ID_LEN] = {0xD0, 1, 2,  3,  4,  5,  6,  7,
                                                           8,    9, 10, 11, 12, 13, 14, 15};

void lt_keystore(mdsec_ks_ctx_t *ks)
{
    const mdsec_ks_config_t kc = {0u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID};
    mdsec_ks_attributes_t a;
    size_t len = 0;
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    assert_int_equal(mdsec_ks_init(ks, &kc), MDSEC_OK);
    assert_int_equal(mdsec_ks_generate(ks, LT_CKPT_ID, &a), MDSEC_OK);
    assert_int_equal(mdsec_ks_export_public(ks, LT_CKPT_ID, lt_pub, sizeof lt_pub, &len), MDSEC_OK);
    assert_int_equal(len, 65);
}

/* The evolve_every of the last lt_config(): what the verifier is provisioned with. */
static uint32_t lt_evolve_every = 1u;

mdsec_log_config_t lt_config(mdsec_ks_ctx_t *ks, uint32_t evolve_every, uint32_t checkpoint_every,
                             uint8_t policy, uint8_t warn_pct)
{
    mdsec_log_config_t c;
    memset(&c, 0, sizeof c);
    c.region = MDSEC_PORT_REGION_LOG;
    memcpy(c.device_id, lt_device, sizeof lt_device);
    c.ks = ks;
    c.checkpoint_key = LT_CKPT_ID;
    c.evolve_every = evolve_every;
    lt_evolve_every = evolve_every;
    c.checkpoint_every = checkpoint_every;
    c.full_policy = policy;
    c.capacity_warn_pct = warn_pct;
    return c;
}

mdsec_status_t lt_sink(void *arg, const uint8_t *data, size_t len)
{
    (void)arg;
    if (len > sizeof lt_export - lt_export_len) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(lt_export + lt_export_len, data, len);
    lt_export_len += len;
    return MDSEC_OK;
}

mdsec_status_t lt_export_log(mdsec_log_ctx_t *log)
{
    lt_export_len = 0;
    return mdsec_log_export(log, lt_sink, NULL);
}

static void fail_at(lt_result_t *res, mdsec_status_t st, uint64_t seq)
{
    if (res->status == MDSEC_OK) {
        res->status = st;
        res->bad_seq = seq;
    }
}

void lt_check(const uint8_t k0[MDSEC_LOG_KEY_LEN], int allow_gaps, lt_result_t *res)
{
    log_export_header_t h;
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint8_t chain[LOG_HASH_LEN];
    uint8_t next_chain[LOG_HASH_LEN];
    uint32_t key_epoch = 0;
    uint32_t tag = 0;
    memset(res, 0, sizeof *res);
    res->last_covered = UINT64_MAX;
    assert_int_equal(mdsec__log_export_header_parse(lt_export, lt_export_len, &h), MDSEC_OK);
    assert_memory_equal(h.device_id, lt_device, sizeof lt_device);
    assert_int_equal(h.evolve_every, lt_evolve_every);
    assert_int_equal(mdsec__log_device_tag(h.device_id, &tag), MDSEC_OK);
    res->start_seq = h.start_seq;
    memcpy(chain, h.start_chain, sizeof chain);
    if (h.start_seq == 0u) {
        uint8_t g[LOG_HASH_LEN];
        assert_int_equal(mdsec__log_genesis(h.device_id, g), MDSEC_OK);
        res->anchored = memcmp(g, h.start_chain, sizeof g) == 0;
    }
    memcpy(key, k0, sizeof key);
    uint64_t expect = h.start_seq;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    for (uint32_t i = 0; i < h.record_count; i++) {
        log_record_t r;
        size_t used = 0;
        uint32_t epoch = 0;
        if (mdsec__log_record_parse(lt_export + off, lt_export_len - off, &r, &used) != MDSEC_OK) {
            fail_at(res, MDSEC_ERR_LOG_FORMAT, expect);
            break;
        }
        if (r.seq != expect) {
            if (!allow_gaps || r.seq < expect) {
                fail_at(res, MDSEC_ERR_LOG_SEQUENCE, r.seq);
            }
            res->gaps++;
            expect = r.seq;
            /* After a gap the chain restarts from the stored value. */
            memcpy(chain, r.chain, sizeof chain);
        }
        assert_int_equal(mdsec__log_epoch_of(r.seq, lt_evolve_every, &epoch), MDSEC_OK);
        if (epoch != r.epoch || epoch < key_epoch) {
            fail_at(res, MDSEC_ERR_LOG_EPOCH, r.seq);
        }
        for (uint32_t n = 0; n < 100000u && key_epoch < epoch; n++) {
            key_epoch++;
            assert_int_equal(mdsec__log_key_evolve(key, key_epoch), MDSEC_OK);
        }
        if (r.device_tag != tag) {
            fail_at(res, MDSEC_ERR_LOG_DEVICE, r.seq);
        }
        if (mdsec__log_record_check_mac(lt_export + off, &r, key) != MDSEC_OK) {
            fail_at(res, MDSEC_ERR_LOG_MAC, r.seq);
        }
        const int gap_restart = res->gaps != 0u && memcmp(chain, r.chain, sizeof chain) == 0;
        if (!gap_restart &&
            mdsec__log_record_check_chain(lt_export + off, &r, chain, next_chain) != MDSEC_OK) {
            fail_at(res, MDSEC_ERR_LOG_CHAIN, r.seq);
        }
        if (r.kind == MDSEC_LOG_KIND_CHECKPOINT) {
            log_witness_t w;
            uint8_t d[32];
            if (mdsec__log_witness_parse(r.payload, r.payload_len, &w) != MDSEC_OK ||
                memcmp(w.device_id, lt_device, sizeof lt_device) != 0 || w.seq + 1u != r.seq ||
                memcmp(w.head, chain, sizeof chain) != 0 ||
                mdsec__log_witness_digest(&w, d) != MDSEC_OK ||
                (lt_check_signatures &&
                 mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, lt_pub, sizeof lt_pub, d, sizeof d,
                                           w.sig, sizeof w.sig, MDSEC_SIG_RAW) != MDSEC_OK)) {
                fail_at(res, MDSEC_ERR_LOG_CHECKPOINT, r.seq);
            }
            res->checkpoints++;
            res->last_covered = w.seq;
        }
        if (r.kind == MDSEC_LOG_KIND_DROPPED) {
            uint64_t a = 0;
            uint64_t b = 0;
            uint8_t hl[LOG_HASH_LEN];
            assert_int_equal(mdsec__log_dropped_parse(r.payload, r.payload_len, &a, &b, hl),
                             MDSEC_OK);
            assert_true(a <= b);
            if (b + 1u == h.start_seq && memcmp(hl, h.start_chain, sizeof hl) == 0) {
                res->anchored = 1u;
            }
            res->markers++;
        }
        if (r.boot < res->max_boot) {
            fail_at(res, MDSEC_ERR_LOG_SEQUENCE, r.seq);
        }
        res->max_boot = r.boot;
        if (res->records < LT_CODES_MAX) {
            res->codes[res->records] = r.code;
            res->seqs[res->records] = r.seq;
            res->statuses[res->records] = r.status;
            res->actors[res->records] = r.actor;
            res->plen[res->records] = (uint8_t)r.payload_len;
        }
        if (res->records == 0u) {
            res->first_seq = r.seq;
        }
        res->last_seq = r.seq;
        res->records++;
        memcpy(chain, r.chain, sizeof chain);
        expect = r.seq + 1u;
        off += used;
    }
    if (off != lt_export_len) {
        fail_at(res, MDSEC_ERR_LOG_FORMAT, expect);
    }
    if (!res->anchored) {
        fail_at(res, MDSEC_ERR_LOG_UNANCHORED, h.start_seq);
    }
    mdsec_memzero(key, sizeof key);
    /* The library's own verifier must agree. */
    mdsec_log_verify_params_t vp;
    memset(&vp, 0, sizeof vp);
    vp.k0 = k0;
    vp.device_id = lt_device; /* what the last lt_config() provisioned */
    vp.evolve_every = lt_evolve_every;
    vp.pubkey = lt_pub;
    vp.pubkey_len = sizeof lt_pub;
    res->verifier = mdsec_log_verify_export(lt_export, lt_export_len, &vp, &res->vres);
    if (res->status == MDSEC_OK && res->gaps == 0u &&
        (res->verifier != MDSEC_OK || res->vres.verdict != MDSEC_LOG_VERDICT_PASS ||
         res->vres.records != res->records || res->vres.checkpoints != res->checkpoints)) {
        print_error("verifier: %d at seq %lu offset %lu\n", (int)res->verifier,
                    (unsigned long)res->vres.bad_seq, (unsigned long)res->vres.bad_offset);
        fail_at(res, res->verifier != MDSEC_OK ? res->verifier : MDSEC_ERR_INTERNAL, 0);
    }
}

long lt_find(const lt_result_t *res, uint16_t code, size_t from)
{
    for (size_t i = from; i < res->records && i < LT_CODES_MAX; i++) {
        if (res->codes[i] == code) {
            return (long)i;
        }
    }
    return -1;
}

size_t lt_count(const lt_result_t *res, uint16_t code)
{
    size_t n = 0;
    for (size_t i = 0; i < res->records && i < LT_CODES_MAX; i++) {
        n += res->codes[i] == code ? 1u : 0u;
    }
    return n;
}
