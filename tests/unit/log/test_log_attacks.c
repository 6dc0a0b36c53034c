/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * An attack generator for the export verifier, built from the byte formats
 * of docs/log.md. It starts from genuine exports of one device (written by
 * the in-test log writer, log_testgen.c) and derives every attack of each
 * family below, as an attacker would build it, with what the attacker can
 * hold: a captured device's current MAC key and its checkpoint key, and the
 * gateway's genuine witnesses. Each attack has the verdict and reason the
 * rules of docs/log.md give it; the test fails on the first that differs,
 * naming it.
 *
 *  A  header: every bit of the 96-byte header flipped
 *  B  witness: every bit of a genuine witness flipped
 *  C  witness position: each genuine witness against each tail cut
 *  D  head cut at every record, re-anchored by a marker forged with the
 *     captured key, without and with each witness
 *  E  evolve_every lies: whole exports re-keyed under another claimed
 *     evolve_every, in the header or only in the records' epochs
 *  F  epochs: each record MACed with each other epoch's key, labelled or not
 *  G  captured-key rewrites: each record changed and everything after it
 *     re-chained, re-MACed and re-signed, for three capture epochs
 *  H  splices: another device's record inserted, each record duplicated,
 *     deleted, and each pair swapped
 *  I  markers claiming records the export holds; sealing removed
 *
 * What the attacker can do by design (forge records of the captured epoch
 * and later, cut the head where no witness pins it) must PASS, and the
 * result must show what the verifier could not check (anchor_witnessed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "log/log_internal.h"
#include "log_testgen.h"
#include "mdsec/event.h"

#define EE      4u  /* the device's evolve_every */
#define RECORDS 48u /* seq 0..47; a checkpoint at every seq = 7 mod 8 */
#define NWIT    (RECORDS / 8u)

static uint8_t k0[MDSEC_LOG_KEY_LEN];

static uint8_t genuine[TG_CAP];
static size_t genuine_len;
static size_t rec_off[RECORDS + 1u];             /* record offsets; rec_off[RECORDS] = end */
static uint8_t wit[NWIT][MDSEC_LOG_WITNESS_LEN]; /* witness k covers seq 8k + 6 */
static uint8_t other[TG_CAP];                    /* device B's export */
static size_t other_len;
static uint8_t atk[TG_CAP];
static uint8_t chains[RECORDS + 4u][LOG_HASH_LEN];

static unsigned long attacks; /* how many were run */

static const uint8_t pay[] = {0x10, 0x02, 0xBE, 0xEF};

static void key_of(uint32_t e, uint8_t key[MDSEC_LOG_KEY_LEN])
{
    memcpy(key, k0, MDSEC_LOG_KEY_LEN);
    for (uint32_t i = 1; i <= e; i++) {
        assert_int_equal(mdsec__log_key_evolve(key, i), MDSEC_OK);
    }
}

static int setup(void **state)
{
    tg_log_t g;
    (void)state;
    tg_k0(k0);
    if (tg_init(&g, tg_dev_a, k0, EE, genuine, TG_CAP) != MDSEC_OK) {
        return -1;
    }
    while (g.next_seq < RECORDS) {
        mdsec_status_t st;
        if (g.next_seq % 8u == 7u) {
            st = tg_checkpoint(&g, 1);
            memcpy(wit[g.next_seq / 8u - 1u], g.witness, MDSEC_LOG_WITNESS_LEN);
        } else if (g.next_seq == 9u) {
            st = tg_event(&g, MDSEC_EV_TAMPER, 12, pay, sizeof pay);
        } else if (g.next_seq == 20u) {
            tg_reboot(&g);
            st = tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0);
        } else {
            st = tg_event(&g, MDSEC_EV_KEY_USE, (uint8_t)(g.next_seq % 3u == 0u ? 4u : 0u), pay,
                          g.next_seq % 2u == 0u ? sizeof pay : 0u);
        }
        if (st != MDSEC_OK) {
            return -1;
        }
    }
    genuine_len = tg_finish(&g);
    for (uint32_t i = 0; i < RECORDS; i++) {
        rec_off[i] = tg_record_offset(genuine, genuine_len, i);
        log_record_t r;
        size_t used = 0;
        if (rec_off[i] == 0u ||
            mdsec__log_record_parse(genuine + rec_off[i], genuine_len - rec_off[i], &r, &used) !=
                MDSEC_OK) {
            return -1;
        }
        memcpy(chains[i], r.chain, LOG_HASH_LEN);
    }
    rec_off[RECORDS] = genuine_len;
    /* Device B: same k0 and checkpoint key, other id. */
    if (tg_init(&g, tg_dev_b, k0, EE, other, TG_CAP) != MDSEC_OK) {
        return -1;
    }
    for (uint32_t i = 0; i < 12u; i++) {
        if (tg_event(&g, MDSEC_EV_KEY_USE, 0, pay, i % 2u == 0u ? sizeof pay : 0u) != MDSEC_OK) {
            return -1;
        }
    }
    other_len = tg_finish(&g);
    return 0;
}

/* ---- running one attack ---- */

typedef struct expect {
    mdsec_status_t status;
    int any_fail;   /* any FAIL does (the reason is checked by the family) */
    uint8_t bad_in; /* 0: not checked */
    int check_gap;  /* check gaps == gaps */
    uint32_t gaps;
    int check_epoch; /* check bad_epoch */
    uint32_t bad_epoch;
} expect_t;

static mdsec_log_verify_result_t res;

static mdsec_status_t run(const char *family, unsigned long id, const uint8_t *e, size_t n,
                          const uint8_t *witness, int with_pub, int sealed, expect_t want)
{
    mdsec_log_verify_params_t p;
    memset(&p, 0, sizeof p);
    p.k0 = k0;
    p.device_id = tg_dev_a;
    p.evolve_every = EE;
    if (with_pub || witness != NULL) {
        p.pubkey = tg_pubkey();
        p.pubkey_len = 65;
    }
    p.witness = witness;
    p.witness_len = witness != NULL ? MDSEC_LOG_WITNESS_LEN : 0u;
    p.require_sealed = (uint8_t)sealed;
    const mdsec_status_t st = mdsec_log_verify_export(e, n, &p, &res);
    attacks++;
    int ok = want.any_fail ? st != MDSEC_OK : st == want.status;
    ok = ok && (st == MDSEC_OK) == (res.verdict == MDSEC_LOG_VERDICT_PASS);
    ok = ok && (want.bad_in == 0u || res.bad_in == want.bad_in);
    ok = ok && (!want.check_gap || res.gaps == want.gaps);
    ok = ok && (!want.check_epoch || res.bad_epoch == want.bad_epoch);
    if (!ok) {
        print_error("attack %s #%lu: got %d (bad_in %u, seq %lu, gaps %lu, epoch %lu), "
                    "wanted %d\n",
                    family, id, (int)st, (unsigned)res.bad_in, (unsigned long)res.bad_seq,
                    (unsigned long)res.gaps, (unsigned long)res.bad_epoch, (int)want.status);
        fail();
    }
    return st;
}

static expect_t want(mdsec_status_t st)
{
    expect_t w;
    memset(&w, 0, sizeof w);
    w.status = st;
    return w;
}

static expect_t want_in(mdsec_status_t st, uint8_t where)
{
    expect_t w = want(st);
    w.bad_in = where;
    return w;
}

static void set_count(uint8_t *e, uint32_t count)
{
    e[28] = (uint8_t)count;
    e[29] = (uint8_t)(count >> 8);
    e[30] = (uint8_t)(count >> 16);
    e[31] = (uint8_t)(count >> 24);
}

/* ---- the attacker's writer ---- */

typedef struct forge {
    uint32_t cap_epoch; /* the captured key's epoch */
    uint32_t label_ee;  /* records are labelled (and keyed) with seq / label_ee */
    uint32_t header_ee; /* evolve_every written into the header */
    uint32_t from;      /* records before this index are copied verbatim */
    int64_t change;     /* this record's content is changed (-1: none) */
} forge_t;

/* Rewrites the genuine export as the attacker: records from `from` on get
 * the label seq / label_ee and a MAC under that epoch's key when the
 * attacker can derive it (epoch >= cap_epoch), else under the captured key;
 * every record is re-chained and every checkpoint re-signed over the new
 * chain (the attacker holds the checkpoint key). */
static size_t forge_export(const forge_t *f)
{
    uint8_t cap_key[MDSEC_LOG_KEY_LEN];
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint8_t chain[LOG_HASH_LEN];
    uint8_t body[MDSEC_LOG_WITNESS_LEN];
    size_t out = MDSEC_LOG_EXPORT_HEADER_LEN;
    log_export_header_t h;

    key_of(f->cap_epoch, cap_key);
    memcpy(atk, genuine, rec_off[f->from]);
    assert_int_equal(mdsec__log_export_header_parse(genuine, genuine_len, &h), MDSEC_OK);
    h.evolve_every = f->header_ee;
    mdsec__log_export_header_encode(&h, atk);
    out = rec_off[f->from];
    if (f->from == 0u) {
        memcpy(chain, h.start_chain, sizeof chain);
    } else {
        memcpy(chain, chains[f->from - 1u], sizeof chain);
    }
    for (uint32_t i = f->from; i < RECORDS; i++) {
        log_record_t r;
        size_t used = 0;
        size_t n = 0;
        assert_int_equal(
            mdsec__log_record_parse(genuine + rec_off[i], genuine_len - rec_off[i], &r, &used),
            MDSEC_OK);
        r.epoch = (uint32_t)(r.seq / f->label_ee);
        if ((int64_t)i == f->change && r.kind == MDSEC_LOG_KIND_EVENT) {
            r.code = MDSEC_EV_KEY_USE; /* a TAMPER or failure becomes routine */
            r.outcome = 0;
            r.status = 0;
        }
        if (r.kind == MDSEC_LOG_KIND_CHECKPOINT) {
            log_witness_t w;
            assert_int_equal(mdsec__log_witness_parse(r.payload, r.payload_len, &w), MDSEC_OK);
            memcpy(w.head, chains[w.seq], LOG_HASH_LEN);
            w.epoch = (uint32_t)(w.seq / f->label_ee);
            assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
            mdsec__log_witness_encode(&w, body);
            r.payload = body;
        }
        if (r.epoch >= f->cap_epoch) {
            key_of(r.epoch, key);
        } else {
            memcpy(key, cap_key, sizeof key);
        }
        assert_int_equal(tg_raw(atk + out, TG_CAP - out, &n, &r, key, chain, chain), MDSEC_OK);
        memcpy(chains[i], chain, LOG_HASH_LEN);
        out += n;
    }
    /* The genuine chain values back, for the next attack. */
    for (uint32_t i = 0; i < RECORDS; i++) {
        log_record_t r;
        size_t used = 0;
        assert_int_equal(
            mdsec__log_record_parse(genuine + rec_off[i], genuine_len - rec_off[i], &r, &used),
            MDSEC_OK);
        memcpy(chains[i], r.chain, LOG_HASH_LEN);
    }
    return out;
}

/* ---- families ---- */

static void genuine_passes(void **state)
{
    (void)state;
    assert_int_equal(run("genuine", 0, genuine, genuine_len, NULL, 1, 1, want(MDSEC_OK)), MDSEC_OK);
    for (uint32_t k = 0; k < NWIT; k++) {
        (void)run("genuine+witness", k, genuine, genuine_len, wit[k], 1, 1, want(MDSEC_OK));
        assert_int_equal(res.witness_checked, 1);
    }
}

static void a_header_bits(void **state)
{
    (void)state;
    for (size_t at = 0; at < MDSEC_LOG_EXPORT_HEADER_LEN; at++) {
        for (unsigned bit = 0; bit < 8u; bit++) {
            memcpy(atk, genuine, genuine_len);
            atk[at] ^= (uint8_t)(1u << bit);
            mdsec_status_t st;
            if (at < 8u || at >= 72u || (at >= 28u && at < 32u)) {
                st = MDSEC_ERR_LOG_FORMAT; /* fixed fields, reserved, count */
            } else if (at >= 24u && at < 28u && at == 24u && bit == 2u) {
                st = MDSEC_ERR_LOG_FORMAT; /* evolve_every 4 -> 0 */
            } else if (at < 28u) {
                st = MDSEC_ERR_LOG_PARAMS; /* device id, evolve_every */
            } else {
                st = MDSEC_ERR_LOG_UNANCHORED; /* start_seq, start_chain */
            }
            (void)run("A header", at * 8u + bit, atk, genuine_len, NULL, 0, 0,
                      want_in(st, MDSEC_LOG_BAD_IN_EXPORT));
        }
    }
}

static void b_witness_bits(void **state)
{
    uint8_t w[MDSEC_LOG_WITNESS_LEN];
    (void)state;
    for (size_t at = 0; at < sizeof w; at++) {
        for (unsigned bit = 0; bit < 8u; bit++) {
            memcpy(w, wit[3], sizeof w);
            w[at] ^= (uint8_t)(1u << bit);
            (void)run("B witness", at * 8u + bit, genuine, genuine_len, w, 1, 0,
                      want_in(MDSEC_ERR_LOG_WITNESS_BAD, MDSEC_LOG_BAD_IN_WITNESS));
        }
    }
}

static void c_witness_against_cuts(void **state)
{
    (void)state;
    for (uint32_t k = 0; k < NWIT; k++) {
        const uint64_t wseq = 8u * k + 6u;
        for (uint32_t t = 0; t < RECORDS; t++) {
            /* The export cut to its first t records. */
            memcpy(atk, genuine, rec_off[t]);
            set_count(atk, t);
            (void)run("C cut", k * 100u + t, atk, rec_off[t], wit[k], 1, 0,
                      t <= wseq ? want(MDSEC_ERR_LOG_TRUNCATED) : want(MDSEC_OK));
        }
    }
}

/* The head cut at record c: records c..47 genuine, then a marker for
 * 0..c-1 and a checkpoint, forged with the captured key (epoch 11). */
static size_t head_cut(uint32_t c)
{
    tg_log_t g;
    uint8_t cap[MDSEC_LOG_KEY_LEN];
    key_of((RECORDS - 1u) / EE, cap);
    assert_int_equal(tg_init_captured(&g, tg_dev_a, cap, (RECORDS - 1u) / EE, EE, c, chains[c - 1u],
                                      atk, TG_CAP),
                     MDSEC_OK);
    memcpy(atk + MDSEC_LOG_EXPORT_HEADER_LEN, genuine + rec_off[c], genuine_len - rec_off[c]);
    g.len = MDSEC_LOG_EXPORT_HEADER_LEN + (genuine_len - rec_off[c]);
    g.count = RECORDS - c;
    g.next_seq = RECORDS;
    g.boot = 2; /* the captured device's boot */
    memcpy(g.chain, chains[RECORDS - 1u], LOG_HASH_LEN);
    assert_int_equal(tg_dropped(&g, 0, c - 1u), MDSEC_OK);
    assert_int_equal(tg_checkpoint(&g, 1), MDSEC_OK);
    return tg_finish(&g);
}

static void d_head_cuts(void **state)
{
    (void)state;
    for (uint32_t c = 1; c < RECORDS; c++) {
        const size_t n = head_cut(c);
        /* No witness: indistinguishable from an overwrite, and said so. */
        (void)run("D cut", c, atk, n, NULL, 1, 1, want(MDSEC_OK));
        assert_int_equal(res.anchor_seq, RECORDS);
        assert_int_equal(res.anchor_witnessed, 0);
        for (uint32_t k = 0; k < NWIT; k++) {
            const uint64_t wseq = 8u * k + 6u;
            (void)run("D cut+witness", c * 100u + k, atk, n, wit[k], 1, 1,
                      wseq < c ? want_in(MDSEC_ERR_LOG_HEAD_CUT, MDSEC_LOG_BAD_IN_WITNESS)
                               : want(MDSEC_OK));
            if (wseq >= c) {
                /* The witness pins the records from c on, not the marker. */
                assert_int_equal(res.witness_checked, 1);
                assert_int_equal(res.anchor_witnessed, 0);
            }
        }
    }
}

static void e_evolve_every_lies(void **state)
{
    static const uint32_t claims[] = {1, 2, 3, 5, 8, 16, 1000};
    (void)state;
    for (size_t c = 0; c < sizeof claims / sizeof claims[0]; c++) {
        for (uint32_t cap = 1; cap <= 11u; cap += 5u) {
            forge_t f = {cap, claims[c], claims[c], 0, -1};
            size_t n = forge_export(&f);
            (void)run("E header", c * 100u + cap, atk, n, NULL, 1, 1,
                      want_in(MDSEC_ERR_LOG_PARAMS, MDSEC_LOG_BAD_IN_EXPORT));
            (void)run("E header+witness", c * 100u + cap, atk, n, wit[5], 1, 1,
                      want_in(MDSEC_ERR_LOG_PARAMS, MDSEC_LOG_BAD_IN_EXPORT));
            f.header_ee = EE; /* the header made honest: the labels give it away */
            n = forge_export(&f);
            (void)run("E labels", c * 100u + cap, atk, n, NULL, 1, 1, want(MDSEC_ERR_LOG_EPOCH));
        }
    }
}

static void f_other_epoch_keys(void **state)
{
    uint8_t key[MDSEC_LOG_KEY_LEN];
    (void)state;
    for (uint32_t i = 1; i < RECORDS; i++) {
        log_record_t r;
        size_t used = 0;
        size_t n = 0;
        uint8_t next[LOG_HASH_LEN];
        assert_int_equal(
            mdsec__log_record_parse(genuine + rec_off[i], genuine_len - rec_off[i], &r, &used),
            MDSEC_OK);
        const uint32_t own = r.epoch;
        for (uint32_t e = 0; e <= (RECORDS - 1u) / EE; e++) {
            if (e == own) {
                continue;
            }
            key_of(e, key);
            for (int relabel = 0; relabel < 2; relabel++) {
                memcpy(atk, genuine, genuine_len);
                r.epoch = relabel ? e : own;
                assert_int_equal(tg_raw(atk + rec_off[i], TG_CAP - rec_off[i], &n, &r, key,
                                        chains[i - 1u], next),
                                 MDSEC_OK);
                expect_t w = want(MDSEC_ERR_LOG_EPOCH);
                w.check_epoch = 1;
                w.bad_epoch = e; /* the key that sealed it, or the label */
                (void)run(relabel ? "F relabelled" : "F other key", i * 100u + e, atk, genuine_len,
                          NULL, 0, 0, w);
                assert_int_equal(res.bad_seq, i);
            }
            r.epoch = own;
        }
    }
}

static void g_captured_rewrites(void **state)
{
    static const uint32_t caps[] = {2, 6, 11};
    (void)state;
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        for (uint32_t i = 0; i < RECORDS; i++) {
            forge_t f = {caps[c], EE, EE, i, (int64_t)i};
            const size_t n = forge_export(&f);
            /* A record of an epoch before the capture cannot be rewritten;
             * from the captured epoch on, the attacker writes what it likes. */
            const int forgeable = i / EE >= caps[c];
            expect_t w = forgeable ? want(MDSEC_OK) : want(MDSEC_ERR_LOG_EPOCH);
            (void)run("G rewrite", c * 100u + i, atk, n, NULL, 1, 1, w);
            if (!forgeable) {
                assert_int_equal(res.bad_seq, i);
            }
        }
    }
}

static void h_splices(void **state)
{
    (void)state;
    /* Device B's record in place of each of A's (same length when possible). */
    const size_t boff = tg_record_offset(other, other_len, 3);
    const size_t blen = tg_record_offset(other, other_len, 4) - boff;
    for (uint32_t i = 0; i < RECORDS; i++) {
        if (rec_off[i + 1u] - rec_off[i] != blen) {
            continue;
        }
        memcpy(atk, genuine, genuine_len);
        memcpy(atk + rec_off[i], other + boff, blen);
        (void)run("H other device", i, atk, genuine_len, NULL, 0, 0, want(MDSEC_ERR_LOG_DEVICE));
    }
    for (uint32_t i = 0; i < RECORDS; i++) {
        const size_t len = rec_off[i + 1u] - rec_off[i];
        /* Duplicated. */
        memcpy(atk, genuine, rec_off[i + 1u]);
        memcpy(atk + rec_off[i + 1u], genuine + rec_off[i], genuine_len - rec_off[i]);
        set_count(atk, RECORDS + 1u);
        (void)run("H duplicate", i, atk, genuine_len + len, NULL, 0, 0,
                  want(MDSEC_ERR_LOG_SEQUENCE));
        assert_int_equal(res.gaps, 0);
        /* Deleted (not the last: that is a cut, family C). */
        if (i + 1u < RECORDS) {
            memcpy(atk, genuine, rec_off[i]);
            memcpy(atk + rec_off[i], genuine + rec_off[i + 1u], genuine_len - rec_off[i + 1u]);
            set_count(atk, RECORDS - 1u);
            expect_t w = want(MDSEC_ERR_LOG_SEQUENCE);
            w.check_gap = 1;
            w.gaps = 1;
            (void)run("H delete", i, atk, genuine_len - len, NULL, 0, 0, w);
            assert_int_equal(res.bad_seq, i);
        }
    }
    /* Every pair swapped. */
    for (uint32_t i = 0; i < RECORDS; i++) {
        for (uint32_t j = i + 1u; j < RECORDS; j++) {
            size_t o = rec_off[i];
            memcpy(atk, genuine, rec_off[i]);
            memcpy(atk + o, genuine + rec_off[j], rec_off[j + 1u] - rec_off[j]);
            o += rec_off[j + 1u] - rec_off[j];
            memcpy(atk + o, genuine + rec_off[i + 1u], rec_off[j] - rec_off[i + 1u]);
            o += rec_off[j] - rec_off[i + 1u];
            memcpy(atk + o, genuine + rec_off[i], rec_off[i + 1u] - rec_off[i]);
            o += rec_off[i + 1u] - rec_off[i];
            memcpy(atk + o, genuine + rec_off[j + 1u], genuine_len - rec_off[j + 1u]);
            o += genuine_len - rec_off[j + 1u];
            assert_int_equal(o, genuine_len);
            expect_t w = want(MDSEC_ERR_LOG_SEQUENCE);
            w.check_gap = 1;
            w.gaps = 0;
            (void)run("H swap", i * 100u + j, atk, genuine_len, NULL, 0, 0, w);
            assert_int_equal(res.bad_seq, j);
        }
    }
}

static void i_markers_and_sealing(void **state)
{
    tg_log_t g;
    uint8_t cap[MDSEC_LOG_KEY_LEN];
    (void)state;
    /* A marker, forged at the end, for records the export still holds. */
    for (uint32_t last = 0; last < RECORDS; last += 5u) {
        key_of((RECORDS - 1u) / EE, cap);
        log_export_header_t h;
        assert_int_equal(mdsec__log_export_header_parse(genuine, genuine_len, &h), MDSEC_OK);
        assert_int_equal(tg_init_captured(&g, tg_dev_a, cap, (RECORDS - 1u) / EE, EE, 0,
                                          h.start_chain, atk, TG_CAP),
                         MDSEC_OK);
        memcpy(atk, genuine, genuine_len);
        g.len = genuine_len;
        g.count = RECORDS;
        g.next_seq = RECORDS;
        g.boot = 2;
        memcpy(g.chain, chains[RECORDS - 1u], LOG_HASH_LEN);
        memcpy(g.start_chain, chains[last], LOG_HASH_LEN); /* the marker's claim */
        assert_int_equal(tg_dropped(&g, 0, last), MDSEC_OK);
        memcpy(g.start_chain, h.start_chain, LOG_HASH_LEN); /* the header's, unchanged */
        const size_t n = tg_finish(&g);
        (void)run("I marker", last, atk, n, NULL, 0, 0, want(MDSEC_ERR_LOG_FORMAT));
        assert_int_equal(res.bad_seq, RECORDS);
    }
    /* The final checkpoint removed: sealing required names the first
     * unsealed record. */
    memcpy(atk, genuine, rec_off[RECORDS - 1u]);
    set_count(atk, RECORDS - 1u);
    (void)run("I unsealed", 0, atk, rec_off[RECORDS - 1u], NULL, 1, 1,
              want(MDSEC_ERR_LOG_UNSEALED));
    assert_int_equal(res.bad_seq, RECORDS - 8u);
}

static int report(void **state)
{
    (void)state;
    print_message("%lu attacks generated and judged\n", attacks);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(genuine_passes),     cmocka_unit_test(a_header_bits),
        cmocka_unit_test(b_witness_bits),     cmocka_unit_test(c_witness_against_cuts),
        cmocka_unit_test(d_head_cuts),        cmocka_unit_test(e_evolve_every_lies),
        cmocka_unit_test(f_other_epoch_keys), cmocka_unit_test(g_captured_rewrites),
        cmocka_unit_test(h_splices),          cmocka_unit_test(i_markers_and_sealing),
    };
    return cmocka_run_group_tests(tests, setup, report);
}
