/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The export verifier (mdsec_log_verify_export, docs/log.md "Verification")
 * and its tamper suite. Exports are built in the test by a small log writer
 * (log_testgen.c) on the format encoder, with checkpoints signed by the
 * RFC 6979 A.2.5 P-256 key. Every attack of issue #6 is made and must be
 * detected with the right diagnosis, sequence number and offset: modify any
 * byte, delete, reorder, duplicate, replay, truncate the tail (witness),
 * replace the tail after truncation (attacker holding the current key),
 * splice two devices, an old key's MAC over a later epoch (and a newer key
 * over an older one, CVE-2023-31439); plus every truncation length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "log/log_internal.h"
#include "log_testgen.h"
#include "mdsec/event.h"

static uint8_t k0[MDSEC_LOG_KEY_LEN];

static uint8_t exp_buf[TG_CAP];
static uint8_t tmp_buf[TG_CAP];
static uint8_t other_buf[TG_CAP];

static const uint8_t pay_a[] = {0x01, 0x04, 'u', 's', 'e', 'r', 0x02, 0x01, 0x07};
static const uint8_t pay_b[] = {0x10, 0x02, 0xBE, 0xEF};

static int setup(void **state)
{
    (void)state;
    tg_k0(k0);
    return 0;
}

/* Under QEMU (Cortex-M4) the exhaustive loops leave out the checkpoint
 * signatures (two ECDSA verifications per run): the diagnoses they check do
 * not depend on them, and the other tests check the signatures. */
#if defined(__arm__)
#define EXHAUSTIVE_PUB 0
#else
#define EXHAUSTIVE_PUB 1
#endif

/* What the verifier is provisioned with: device A, and the evolve_every
 * of the device whose export is under test (set where each export is
 * built; verify() fills it in when params() left it to the device). */
static uint32_t prov_ee = 1u;
#define PROV_EE_OF_DEVICE 0u

static mdsec_log_verify_params_t params(int with_pub)
{
    mdsec_log_verify_params_t p;
    memset(&p, 0, sizeof p);
    p.k0 = k0;
    p.device_id = tg_dev_a;
    p.evolve_every = PROV_EE_OF_DEVICE;
    if (with_pub) {
        p.pubkey = tg_pubkey();
        p.pubkey_len = 65;
    }
    return p;
}

/*
 * The standard export: events 0..4, checkpoint 5 (covers 4), a reboot,
 * events 6..7, checkpoint 8 (covers 7). Nine records; nothing unsealed.
 */
static size_t build_std(tg_log_t *g, uint8_t *buf, const uint8_t *dev, uint32_t evolve)
{
    assert_int_equal(tg_init(g, dev, k0, evolve, buf, TG_CAP), MDSEC_OK);
    if (dev == tg_dev_a) {
        prov_ee = evolve;
    }
    assert_int_equal(tg_event(g, MDSEC_EV_AUDIT_START, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_event(g, MDSEC_EV_AUTH_FAILURE, 4, pay_a, sizeof pay_a), MDSEC_OK);
    assert_int_equal(tg_event(g, MDSEC_EV_AUTH_SUCCESS, 0, pay_a, sizeof pay_a), MDSEC_OK);
    assert_int_equal(tg_event(g, MDSEC_EV_SW_UPDATE_RESULT, 8, pay_b, sizeof pay_b), MDSEC_OK);
    assert_int_equal(tg_event(g, MDSEC_EV_KEY_USE, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_checkpoint(g, 1), MDSEC_OK);
    tg_reboot(g);
    assert_int_equal(tg_event(g, MDSEC_EV_AUDIT_START, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_event(g, MDSEC_EV_TAMPER, 12, pay_b, sizeof pay_b), MDSEC_OK);
    assert_int_equal(tg_checkpoint(g, 1), MDSEC_OK);
    return tg_finish(g);
}

static mdsec_status_t verify(const uint8_t *e, size_t n, const mdsec_log_verify_params_t *p,
                             mdsec_log_verify_result_t *r)
{
    mdsec_log_verify_params_t q = *p;
    if (q.evolve_every == PROV_EE_OF_DEVICE) {
        q.evolve_every = prov_ee;
    }
    mdsec_status_t st = mdsec_log_verify_export(e, n, &q, r);
    /* Exactly one verdict; the status is OK only for PASS and names the reason otherwise. */
    if (st == MDSEC_OK) {
        assert_int_equal(r->verdict, MDSEC_LOG_VERDICT_PASS);
        assert_int_equal(r->reason, MDSEC_OK);
    } else {
        assert_int_equal(r->verdict, MDSEC_LOG_VERDICT_FAIL);
        assert_int_equal(r->reason, st);
    }
    return st;
}

/* The result of the last expect_fail(). */
static mdsec_log_verify_result_t last;

static void expect_fail(const uint8_t *e, size_t n, const mdsec_log_verify_params_t *p,
                        mdsec_status_t reason, uint64_t bad_seq, size_t bad_off)
{
    assert_int_equal(verify(e, n, p, &last), reason);
    assert_int_equal(last.bad_seq, bad_seq);
    assert_int_equal(last.bad_offset, bad_off);
}

/* Copies records [from, to) of src (an export) after exp's current end. */
static size_t append_records(uint8_t *dst, size_t dlen, const uint8_t *src, size_t slen,
                             uint32_t from, uint32_t to)
{
    size_t a = tg_record_offset(src, slen, from);
    size_t b = to == UINT32_MAX ? slen : tg_record_offset(src, slen, to);
    if (b == 0u) {
        b = slen;
    }
    assert_true(a != 0u && b >= a);
    memcpy(dst + dlen, src + a, b - a);
    return dlen + (b - a);
}

static void set_count(uint8_t *e, uint32_t count)
{
    e[28] = (uint8_t)count;
    e[29] = (uint8_t)(count >> 8);
    e[30] = (uint8_t)(count >> 16);
    e[31] = (uint8_t)(count >> 24);
}

/* ------------------------------------------------------------------------ */

static void valid_export_passes(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.verdict, MDSEC_LOG_VERDICT_PASS);
    assert_int_equal(r.records, 9);
    assert_int_equal(r.first_seq, 0);
    assert_int_equal(r.last_seq, 8);
    assert_int_equal(r.last_sealed, 7);
    assert_int_equal(r.unsealed, 0);
    assert_int_equal(r.checkpoints, 2);
    assert_int_equal(r.boots, 1);
    assert_int_equal(r.gaps, 0);
    assert_int_equal(r.witness_checked, 0);
    p.require_sealed = 1;
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);

    /* Larger epochs: the same records with evolve_every 3 and 1000. */
    n = build_std(&g, exp_buf, tg_dev_a, 3);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    n = build_std(&g, exp_buf, tg_dev_a, 1000);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.records, 9);

    /* Without the public key the checkpoints are consistent but seal nothing. */
    p = params(0);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.checkpoints, 0);
    assert_true(r.last_sealed == UINT64_MAX);
    assert_int_equal(r.unsealed, 9);
    p.require_sealed = 1;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_UNSEALED, 0, MDSEC_LOG_EXPORT_HEADER_LEN);

    /* The wrong k0: the first record's MAC. */
    p = params(1);
    k0[0] ^= 1u;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_MAC, 0, MDSEC_LOG_EXPORT_HEADER_LEN);
    k0[0] ^= 1u;
}

static void empty_and_unsealed_tail(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    (void)state;

    /* No records at all. */
    assert_int_equal(tg_init(&g, tg_dev_a, k0, 1, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 1;
    n = tg_finish(&g);
    assert_int_equal(n, MDSEC_LOG_EXPORT_HEADER_LEN);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.records, 0);
    assert_int_equal(r.unsealed, 0);

    /* Two records after the last checkpoint: reported, refused on request. */
    (void)build_std(&g, exp_buf, tg_dev_a, 1);
    assert_int_equal(tg_event(&g, MDSEC_EV_CONFIG_CHANGE, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_event(&g, MDSEC_EV_PRIV_CHANGE, 0, pay_b, sizeof pay_b), MDSEC_OK);
    n = tg_finish(&g);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.records, 11);
    assert_int_equal(r.last_sealed, 7);
    assert_int_equal(r.unsealed, 2);
    p.require_sealed = 1;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_UNSEALED, 9, tg_record_offset(exp_buf, n, 9));

    /* A checkpoint that lags: records appended while it was signed stay unsealed. */
    assert_int_equal(tg_init(&g, tg_dev_a, k0, 2, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 2;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0), MDSEC_OK);
    }
    assert_int_equal(tg_checkpoint(&g, 3), MDSEC_OK); /* seq 5 covers 2 */
    n = tg_finish(&g);
    p.require_sealed = 0;
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.last_sealed, 2);
    assert_int_equal(r.unsealed, 2);
    assert_int_equal(r.checkpoints, 1);
    p.require_sealed = 1;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_UNSEALED, 3, tg_record_offset(exp_buf, n, 3));
    /* ... until the next checkpoint covers them. */
    assert_int_equal(tg_checkpoint(&g, 1), MDSEC_OK);
    n = tg_finish(&g);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.last_sealed, 5);
    assert_int_equal(r.unsealed, 0);
}

/* The diagnosis expected when byte `at` of a record (of payload length pl) changes. */
static int reason_ok(size_t at, size_t pl, uint32_t kind, mdsec_status_t got)
{
    if (at < 8u || (at >= 52u && at < 56u) || at >= 124u + pl) {
        return got == MDSEC_ERR_LOG_FORMAT; /* magic, lengths, version, kind, flags, commit */
    }
    if (at < 16u) {
        /* seq: the record at this place is not genuine at any seq. */
        return got == MDSEC_ERR_LOG_MAC;
    }
    if (at >= 20u && at < 24u) {
        return got == MDSEC_ERR_LOG_EPOCH; /* the label, checked before the MAC */
    }
    if (kind != MDSEC_LOG_KIND_EVENT && (at == 40u || at == 41u)) {
        return got == MDSEC_ERR_LOG_FORMAT; /* a checkpoint's or marker's code */
    }
    if (at == 42u) {
        return got == MDSEC_ERR_LOG_FORMAT || got == MDSEC_ERR_LOG_MAC; /* outcome */
    }
    if (at >= 56u && at < 60u) {
        return got == MDSEC_ERR_LOG_DEVICE;
    }
    if (at >= 92u + pl) {
        return got == MDSEC_ERR_LOG_CHAIN;
    }
    if (kind == MDSEC_LOG_KIND_EVENT && at >= 60u && at < 60u + pl) {
        /* An event payload: MAC, or FORMAT when its TLV structure broke. */
        return got == MDSEC_ERR_LOG_MAC || got == MDSEC_ERR_LOG_FORMAT;
    }
    return got == MDSEC_ERR_LOG_MAC; /* fields, payload, the MAC itself */
}

static void every_byte_modified(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(EXHAUSTIVE_PUB);
    size_t n;
    size_t rec_off[16];
    size_t rec_pl[16];
    uint32_t rec_kind[16];
    uint32_t count;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    count = g.count;
    for (uint32_t i = 0; i < count; i++) {
        log_record_t rec;
        size_t used;
        rec_off[i] = tg_record_offset(exp_buf, n, i);
        assert_int_equal(mdsec__log_record_parse(exp_buf + rec_off[i], n - rec_off[i], &rec, &used),
                         MDSEC_OK);
        rec_pl[i] = rec.payload_len;
        rec_kind[i] = rec.kind;
    }
    for (size_t at = 0; at < n; at++) {
        const uint8_t mask = (uint8_t)(1u << (at % 8u));
        memcpy(tmp_buf, exp_buf, n);
        tmp_buf[at] ^= mask;
        mdsec_status_t st = verify(tmp_buf, n, &p, &r);
        if (st == MDSEC_OK) {
            print_error("byte %lu (mask %02x) modified and still PASS\n", (unsigned long)at, mask);
            fail();
        }
        if (at < MDSEC_LOG_EXPORT_HEADER_LEN) {
            /* Header: its fixed fields and reserved bytes are FORMAT; the
             * device id and evolve_every disagree with the provisioned
             * values (PARAMS, or FORMAT for an evolve_every of 0); start and
             * start chain no longer anchor at the genesis; the record count
             * no longer fits. */
            if (at < 8u || at >= 72u || (at >= 28u && at < 32u)) {
                assert_int_equal(st, MDSEC_ERR_LOG_FORMAT);
            } else if (at >= 8u && at < 28u) {
                assert_true(st == MDSEC_ERR_LOG_PARAMS || st == MDSEC_ERR_LOG_FORMAT);
                if (st == MDSEC_ERR_LOG_PARAMS) {
                    assert_int_equal(r.bad_offset, at < 24u ? 8u : 24u);
                }
            } else {
                assert_int_equal(st, MDSEC_ERR_LOG_UNANCHORED);
            }
            continue;
        }
        uint32_t i = 0;
        while (i + 1u < count && at >= rec_off[i + 1u]) {
            i++;
        }
        if (!reason_ok(at - rec_off[i], rec_pl[i], rec_kind[i], st)) {
            print_error("byte %lu (record %lu +%lu) gave %d\n", (unsigned long)at, (unsigned long)i,
                        (unsigned long)(at - rec_off[i]), (int)st);
            fail();
        }
        assert_int_equal(r.bad_offset, rec_off[i]);
        if (st != MDSEC_ERR_LOG_SEQUENCE) {
            assert_int_equal(r.bad_seq, i);
        }
        /* Everything before the bad record verified. */
        assert_int_equal(r.records, i);
    }
}

static void every_truncation_fails(void **state)
{
    tg_log_t g;
    mdsec_log_verify_params_t p = params(EXHAUSTIVE_PUB);
    size_t n;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    for (size_t len = 0; len < n; len++) {
        mdsec_log_verify_result_t r;
        /* A copy of exactly len bytes, so that a read past it is caught by ASan. */
        memcpy(tmp_buf, exp_buf, len);
        assert_int_equal(verify(len == 0 ? NULL : tmp_buf, len, &p, &r), MDSEC_ERR_LOG_FORMAT);
    }
    /* One byte too many. */
    exp_buf[n] = 0;
    expect_fail(exp_buf, n + 1u, &p, MDSEC_ERR_LOG_FORMAT, 9, n);
}

static void deleted_record(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    size_t m;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    /* Delete record 3; the attacker also fixes the record count. */
    m = tg_record_offset(exp_buf, n, 3);
    memcpy(tmp_buf, exp_buf, m);
    m = append_records(tmp_buf, m, exp_buf, n, 4, UINT32_MAX);
    set_count(tmp_buf, 8);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 3); /* the missing one */
    assert_int_equal(r.bad_offset, tg_record_offset(exp_buf, n, 3));
    assert_int_equal(r.gaps, 1);
    assert_int_equal(r.records, 3);
    assert_int_equal(r.last_seq, 2);

    /* Delete the first record. */
    memcpy(tmp_buf, exp_buf, MDSEC_LOG_EXPORT_HEADER_LEN);
    m = append_records(tmp_buf, MDSEC_LOG_EXPORT_HEADER_LEN, exp_buf, n, 1, UINT32_MAX);
    set_count(tmp_buf, 8);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 0);
    assert_int_equal(r.gaps, 1);
}

static void reordered_duplicated_replayed(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    size_t m;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    /* Swap records 2 and 3. */
    m = tg_record_offset(exp_buf, n, 2);
    memcpy(tmp_buf, exp_buf, m);
    m = append_records(tmp_buf, m, exp_buf, n, 3, 4);
    m = append_records(tmp_buf, m, exp_buf, n, 2, 3);
    m = append_records(tmp_buf, m, exp_buf, n, 4, UINT32_MAX);
    assert_int_equal(m, n);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 3); /* the record out of place */
    assert_int_equal(r.bad_offset, tg_record_offset(exp_buf, n, 2));
    assert_int_equal(r.gaps, 0); /* a swap, not a deletion */

    /* Duplicate record 3. */
    m = tg_record_offset(exp_buf, n, 4);
    memcpy(tmp_buf, exp_buf, m);
    m = append_records(tmp_buf, m, exp_buf, n, 3, 4);
    m = append_records(tmp_buf, m, exp_buf, n, 4, UINT32_MAX);
    set_count(tmp_buf, 10);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 3);
    assert_int_equal(r.bad_offset, tg_record_offset(exp_buf, n, 4));
    assert_int_equal(r.records, 4);

    /* Replay record 1 at the end. */
    memcpy(tmp_buf, exp_buf, n);
    m = append_records(tmp_buf, n, exp_buf, n, 1, 2);
    set_count(tmp_buf, 10);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 1);
    assert_int_equal(r.bad_offset, n);
    assert_int_equal(r.records, 9);
}

static void truncated_tail_against_witness(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    uint8_t wit[MDSEC_LOG_WITNESS_LEN];
    size_t n;
    size_t m;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    memcpy(wit, g.witness, sizeof wit); /* the gateway keeps the last witness: seq 7 */
    p.witness = wit;
    p.witness_len = sizeof wit;
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.witness_checked, 1);

    /* The attacker cuts records 6.. and fixes the count: the MACs and chain
     * of what is left are fine, the witness is not. */
    m = tg_record_offset(exp_buf, n, 6);
    memcpy(tmp_buf, exp_buf, m);
    set_count(tmp_buf, 6);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_TRUNCATED);
    assert_int_equal(r.bad_seq, 6); /* the first missing record */
    assert_int_equal(r.bad_offset, m);
    assert_int_equal(r.records, 6);
    assert_int_equal(r.witness_checked, 0);
    /* Without the witness the cut is invisible to MACs and chain: that is
     * what witnesses are for. The report still shows the last seal. */
    p.witness = NULL;
    p.witness_len = 0;
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_OK);
    assert_int_equal(r.last_sealed, 4);
    /* Cut right after the witnessed record: still truncated? No: seq 7 is there. */
    p.witness = wit;
    p.witness_len = sizeof wit;
    m = tg_record_offset(exp_buf, n, 8);
    memcpy(tmp_buf, exp_buf, m);
    set_count(tmp_buf, 8);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_OK);
    assert_int_equal(r.witness_checked, 1);
    m = tg_record_offset(exp_buf, n, 7);
    set_count(tmp_buf, 7);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_TRUNCATED);
    assert_int_equal(r.bad_seq, 7);
}

static void replaced_tail_against_witness(void **state)
{
    tg_log_t g;
    tg_log_t fake;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    uint8_t wit[MDSEC_LOG_WITNESS_LEN];
    size_t n;
    size_t m;
    size_t cut;
    (void)state;

    /* evolve_every 1000: every record is in epoch 0, so the attacker who
     * takes the device holds the key of the records it replaces. */
    n = build_std(&g, exp_buf, tg_dev_a, 1000);
    memcpy(wit, g.witness, sizeof wit); /* covers seq 7 */

    /* The attacker rewinds to record 5 (the first checkpoint) and writes new
     * records 6..8 with valid MACs and chain values. */
    cut = tg_record_offset(exp_buf, n, 6);
    fake = g;
    fake.buf = tmp_buf;
    memcpy(tmp_buf, exp_buf, cut);
    fake.len = cut;
    fake.count = 6;
    fake.next_seq = 6;
    {
        log_record_t rec;
        size_t used;
        size_t off5 = tg_record_offset(exp_buf, n, 5);
        assert_int_equal(mdsec__log_record_parse(exp_buf + off5, n - off5, &rec, &used), MDSEC_OK);
        memcpy(fake.chain, rec.chain, LOG_HASH_LEN);
    }
    assert_int_equal(tg_event(&fake, MDSEC_EV_AUDIT_START, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_event(&fake, MDSEC_EV_CONFIG_CHANGE, 0, pay_a, sizeof pay_a), MDSEC_OK);
    assert_int_equal(tg_event(&fake, MDSEC_EV_AUTH_SUCCESS, 0, NULL, 0), MDSEC_OK);
    m = tg_finish(&fake);

    /* MACs and chain verify, and the forged tail is unsealed ... */
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_OK);
    assert_int_equal(r.last_sealed, 4);
    assert_int_equal(r.unsealed, 3);
    /* ... and the witness names the first record that disagrees. */
    p.witness = wit;
    p.witness_len = sizeof wit;
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_WITNESS);
    assert_int_equal(r.bad_seq, 7);
    assert_int_equal(r.bad_offset, tg_record_offset(tmp_buf, m, 7));
    assert_int_equal(r.records, 7);
}

static void spliced_devices(void **state)
{
    tg_log_t g;
    tg_log_t h;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    size_t nb;
    size_t m;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    nb = build_std(&h, other_buf, tg_dev_b, 1); /* same k0, same checkpoint key */
    /* A's records 0..4, then B's 5.. */
    m = tg_record_offset(exp_buf, n, 5);
    memcpy(tmp_buf, exp_buf, m);
    m = append_records(tmp_buf, m, other_buf, nb, 5, UINT32_MAX);
    assert_int_equal(verify(tmp_buf, m, &p, &r), MDSEC_ERR_LOG_DEVICE);
    assert_int_equal(r.bad_seq, 5);
    assert_int_equal(r.bad_offset, tg_record_offset(exp_buf, n, 5));
    /* B's header over A's records. */
    memcpy(tmp_buf, other_buf, MDSEC_LOG_EXPORT_HEADER_LEN);
    memcpy(tmp_buf + MDSEC_LOG_EXPORT_HEADER_LEN, exp_buf + MDSEC_LOG_EXPORT_HEADER_LEN,
           n - MDSEC_LOG_EXPORT_HEADER_LEN);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_PARAMS);
    assert_int_equal(r.bad_offset, 8);
    /* B's whole, genuine export, under A's provisioning. */
    assert_int_equal(verify(other_buf, nb, &p, &r), MDSEC_ERR_LOG_PARAMS);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_EXPORT);
    /* B's witness against A's export: the witness is blamed. */
    p.witness = h.witness;
    p.witness_len = sizeof h.witness;
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_ERR_LOG_DEVICE);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
}

/* Replace record `seq` of the std export (evolve_every 1) by one MACed with
 * the key of epoch `key_epoch`, labelled with epoch `label`. */
static size_t forge_with_epoch_key(size_t n, uint64_t seq, uint32_t key_epoch, uint32_t label)
{
    uint8_t key[MDSEC_LOG_KEY_LEN];
    log_record_t rec;
    log_record_t prev;
    size_t used;
    size_t len = 0;
    size_t off = tg_record_offset(exp_buf, n, (uint32_t)seq);
    size_t poff = tg_record_offset(exp_buf, n, (uint32_t)seq - 1u);
    uint8_t next[LOG_HASH_LEN];

    memcpy(key, k0, sizeof key);
    for (uint32_t e = 1; e <= key_epoch; e++) {
        assert_int_equal(mdsec__log_key_evolve(key, e), MDSEC_OK);
    }
    assert_int_equal(mdsec__log_record_parse(exp_buf + off, n - off, &rec, &used), MDSEC_OK);
    assert_int_equal(mdsec__log_record_parse(exp_buf + poff, n - poff, &prev, &used), MDSEC_OK);
    memcpy(tmp_buf, exp_buf, n);
    rec.epoch = label;
    rec.code = MDSEC_EV_SECURITY_SETTING; /* the attacker's content */
    rec.actor = 666;
    assert_int_equal(tg_raw(tmp_buf + off, TG_CAP - off, &len, &rec, key, prev.chain, next),
                     MDSEC_OK);
    assert_int_equal(len, rec.total_len);
    return n;
}

static void other_epoch_keys(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    /* An old key (epoch 2, leaked) MACs a forged record 6 labelled epoch 6. */
    n = forge_with_epoch_key(n, 6, 2, 6);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_epoch, 2);
    assert_int_equal(r.bad_seq, 6);
    assert_int_equal(r.bad_offset, tg_record_offset(exp_buf, n, 6));
    /* The same, labelled with the old epoch. */
    n = forge_with_epoch_key(n, 6, 2, 2);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_epoch, 2);
    /* The key of epoch 0 (k0 itself) over epoch 4. */
    n = forge_with_epoch_key(n, 4, 0, 4);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_epoch, 0);
    assert_int_equal(r.bad_seq, 4);
    /* CVE-2023-31439: a newer key (the current one, epoch 8) over record 3. */
    n = forge_with_epoch_key(n, 3, 8, 3);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_epoch, 8);
    assert_int_equal(r.bad_seq, 3);
    /* The right key: only the chain of the next record breaks (content changed). */
    n = forge_with_epoch_key(n, 3, 3, 3);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_CHAIN);
    assert_int_equal(r.bad_seq, 4);
    /* The right key and a wrong epoch label: the device labelled it wrongly. */
    n = forge_with_epoch_key(n, 3, 3, 5);
    assert_int_equal(verify(tmp_buf, n, &p, &r), MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_epoch, 5);
}

static void checkpoint_faults(void **state)
{
    tg_log_t g;
    tg_log_t base;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    log_witness_t w;
    size_t n;
    size_t off;
    (void)state;

    assert_int_equal(tg_init(&g, tg_dev_a, k0, 1, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 1;
    for (int i = 0; i < 20; i++) {
        assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, pay_b, sizeof pay_b), MDSEC_OK);
    }
    base = g;
    off = g.len;

#define CKPT_CASE(mutate, sign, reason)                         \
    do {                                                        \
        g = base;                                               \
        assert_int_equal(tg_witness_for(&g, 19, &w), MDSEC_OK); \
        mutate;                                                 \
        if (sign) {                                             \
            assert_int_equal(tg_sign_witness(&w), MDSEC_OK);    \
        }                                                       \
        assert_int_equal(tg_checkpoint_w(&g, &w), MDSEC_OK);    \
        n = tg_finish(&g);                                      \
        expect_fail(exp_buf, n, &p, (reason), 20, off);         \
    } while (0)

    /* A bad signature (the record's MAC is valid: the device wrote it). */
    CKPT_CASE(w.sig[10] ^= 1u, 0, MDSEC_ERR_LOG_CHECKPOINT);
    CKPT_CASE((void)0, 0, MDSEC_ERR_LOG_CHECKPOINT); /* all-zero signature */
    /* Signed, but the head, epoch or boot disagree with the chain. */
    CKPT_CASE(w.head[0] ^= 1u, 1, MDSEC_ERR_LOG_CHECKPOINT);
    CKPT_CASE(w.epoch = 18, 1, MDSEC_ERR_LOG_CHECKPOINT);
    CKPT_CASE(w.boot = 7, 1, MDSEC_ERR_LOG_CHECKPOINT);
    /* Covering itself, or further back than MDSEC_LOG_CHECKPOINT_LAG. */
    CKPT_CASE((w.seq = 20, w.epoch = 20), 1, MDSEC_ERR_LOG_CHECKPOINT);
    CKPT_CASE((w.seq = 20u - MDSEC_LOG_CHECKPOINT_LAG - 1u, w.epoch = (uint32_t)w.seq), 1,
              MDSEC_ERR_LOG_CHECKPOINT);
    /* Another device's checkpoint. */
    CKPT_CASE(w.device_id[3] ^= 1u, 1, MDSEC_ERR_LOG_DEVICE);
#undef CKPT_CASE
    {
        /* Malformed body (bad magic) with a valid MAC. */
        g = base;
        assert_int_equal(tg_witness_for(&g, 19, &w), MDSEC_OK);
        assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
        mdsec__log_witness_encode(&w, g.witness);
        g.witness[0] ^= 1u;
        log_record_t rec;
        memset(&rec, 0, sizeof rec);
        rec.kind = MDSEC_LOG_KIND_CHECKPOINT;
        rec.seq = 20;
        rec.boot = g.boot;
        rec.epoch = 20;
        rec.code = MDSEC_EV_AUDIT_CHECKPOINT;
        rec.device_tag = g.dev_tag;
        rec.payload = g.witness;
        rec.payload_len = sizeof g.witness;
        size_t len = 0;
        uint8_t key[MDSEC_LOG_KEY_LEN];
        memcpy(key, g.key, sizeof key);
        assert_int_equal(mdsec__log_key_evolve(key, 20), MDSEC_OK);
        assert_int_equal(tg_raw(exp_buf + g.len, TG_CAP - g.len, &len, &rec, key, g.chain, NULL),
                         MDSEC_OK);
        g.len += len;
        g.count++;
        n = tg_finish(&g);
        expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_CHECKPOINT, 20, off);
    }
    /* The largest lag is accepted. */
    g = base;
    assert_int_equal(tg_checkpoint(&g, MDSEC_LOG_CHECKPOINT_LAG), MDSEC_OK);
    n = tg_finish(&g);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.last_sealed, 20u - MDSEC_LOG_CHECKPOINT_LAG);
    assert_int_equal(r.unsealed, MDSEC_LOG_CHECKPOINT_LAG - 1u);
    /* A public key that is not a point: a usage error, before any record. */
    uint8_t badpub[65];
    memcpy(badpub, tg_pubkey(), sizeof badpub);
    badpub[64] ^= 1u;
    p.pubkey = badpub;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    assert_int_equal(last.bad_in, MDSEC_LOG_BAD_IN_PARAMS);
}

static void anchoring(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    uint8_t h[LOG_HASH_LEN];
    size_t n;
    (void)state;

    memset(h, 0x6D, sizeof h);
    /* Records 0..9 were dropped: the export starts at 10 and the marker
     * (followed by its checkpoint) anchors it. */
    assert_int_equal(tg_init_at(&g, tg_dev_a, k0, 4, 10, h, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 4;
    assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0), MDSEC_OK);
    assert_int_equal(tg_dropped(&g, 0, 9), MDSEC_OK);
    assert_int_equal(tg_checkpoint(&g, 1), MDSEC_OK);
    n = tg_finish(&g);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.first_seq, 10);
    assert_int_equal(r.last_seq, 13);
    assert_int_equal(r.records, 4);
    /* A witness of the anchor (h_9) pins no record of the export: the
     * export starts after the witnessed record (HEAD_CUT), whether or not
     * its start chain continues from the witness's head. */
    {
        log_witness_t w;
        uint8_t wb[MDSEC_LOG_WITNESS_LEN];
        memset(&w, 0, sizeof w);
        memcpy(w.device_id, tg_dev_a, sizeof w.device_id);
        w.seq = 9;
        w.epoch = 2;
        w.boot = 1;
        memcpy(w.head, h, sizeof h);
        assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
        mdsec__log_witness_encode(&w, wb);
        p.witness = wb;
        p.witness_len = sizeof wb;
        expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_HEAD_CUT, 9, MDSEC_LOG_EXPORT_HEADER_LEN);
        assert_int_equal(last.witness_checked, 0);
        assert_int_equal(last.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
        w.head[0] ^= 1u;
        assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
        mdsec__log_witness_encode(&w, wb);
        expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_HEAD_CUT, 9, MDSEC_LOG_EXPORT_HEADER_LEN);
        /* An older witness: the same (an attacker could cut the head and
         * write a marker with the key it holds). */
        w.seq = 3;
        w.epoch = 0;
        assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
        mdsec__log_witness_encode(&w, wb);
        expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_HEAD_CUT, 3, MDSEC_LOG_EXPORT_HEADER_LEN);
        assert_int_equal(last.witness_checked, 0);
        /* A witness of a record the export holds, with the marker after
         * it: checked; the anchor is newer than the witness. */
        assert_int_equal(tg_witness_for(&g, 11, &w), MDSEC_OK);
        assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
        mdsec__log_witness_encode(&w, wb);
        assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
        assert_int_equal(r.witness_checked, 1);
        assert_int_equal(r.anchor_seq, 12);
        assert_int_equal(r.anchor_witnessed, 0);
        assert_int_equal(tg_witness_for(&g, 12, &w), MDSEC_OK);
        assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
        mdsec__log_witness_encode(&w, wb);
        assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
        assert_int_equal(r.anchor_witnessed, 1);
        p.witness = NULL;
        p.witness_len = 0;
    }

    /* Without the marker: unanchored (the head was cut). */
    assert_int_equal(tg_init_at(&g, tg_dev_a, k0, 4, 10, h, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 4;
    assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0), MDSEC_OK);
    n = tg_finish(&g);
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_UNANCHORED, 10, MDSEC_LOG_EXPORT_HEADER_LEN);
    /* A marker for other records, or with another chain value. */
    assert_int_equal(tg_dropped(&g, 0, 8), MDSEC_OK);
    n = tg_finish(&g);
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_UNANCHORED, 10, MDSEC_LOG_EXPORT_HEADER_LEN);
    /* A marker that claims records the export still holds. */
    assert_int_equal(tg_init_at(&g, tg_dev_a, k0, 4, 10, h, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 4;
    assert_int_equal(tg_dropped(&g, 0, 9), MDSEC_OK);
    assert_int_equal(tg_dropped(&g, 5, 10), MDSEC_OK);
    n = tg_finish(&g);
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_FORMAT, 11, tg_record_offset(exp_buf, n, 1));
    /* start_seq 0 with another start chain. */
    (void)build_std(&g, exp_buf, tg_dev_a, 1);
    n = tg_finish(&g);
    exp_buf[40] ^= 1u;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_UNANCHORED, 0, 0);
}

static void boot_counter(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    (void)state;

    assert_int_equal(tg_init(&g, tg_dev_a, k0, 1, exp_buf, TG_CAP), MDSEC_OK);
    prov_ee = 1;
    assert_int_equal(tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0), MDSEC_OK);
    tg_reboot(&g);
    assert_int_equal(tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0), MDSEC_OK);
    tg_reboot(&g);
    tg_reboot(&g);
    assert_int_equal(tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0), MDSEC_OK);
    n = tg_finish(&g);
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.boots, 2);
    /* The boot counter going back. */
    g.boot = 2;
    assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0), MDSEC_OK);
    n = tg_finish(&g);
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_SEQUENCE, 3, tg_record_offset(exp_buf, n, 3));
}

static void witness_inputs(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    uint8_t wit[MDSEC_LOG_WITNESS_LEN];
    size_t n;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    memcpy(wit, g.witness, sizeof wit);
    p.witness = wit;
    p.witness_len = sizeof wit;
    /* A forged witness signature, a malformed witness: the witness is bad,
     * not the log. */
    wit[100] ^= 1u;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_WITNESS_BAD, 7, 0);
    assert_int_equal(last.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
    wit[100] ^= 1u;
    wit[0] ^= 1u;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_WITNESS_BAD, 0, 0);
    wit[0] ^= 1u;
    p.witness_len = sizeof wit - 1u;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_LOG_WITNESS_BAD, 0, 0);
    /* A witness needs the public key. */
    p.witness_len = sizeof wit;
    p.pubkey = NULL;
    p.pubkey_len = 0;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    /* A witness that matches: checked. */
    p = params(1);
    p.witness = wit;
    p.witness_len = sizeof wit;
    assert_int_equal(verify(exp_buf, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.witness_checked, 1);
}

static void arguments(void **state)
{
    tg_log_t g;
    mdsec_log_verify_result_t r;
    mdsec_log_verify_params_t p = params(1);
    size_t n;
    (void)state;

    n = build_std(&g, exp_buf, tg_dev_a, 1);
    assert_int_equal(mdsec_log_verify_export(exp_buf, n, &p, NULL), MDSEC_ERR_INVALID_ARG);
    memset(&r, 0x5A, sizeof r);
    assert_int_equal(mdsec_log_verify_export(exp_buf, n, NULL, &r), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(r.verdict, MDSEC_LOG_VERDICT_FAIL);
    assert_int_equal(r.records, 0);
    p.k0 = NULL;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    p = params(1);
    p.pubkey_len = 64;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    p = params(1);
    p.pubkey = NULL;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    p = params(1);
    p.witness_len = 136;
    expect_fail(exp_buf, n, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    p = params(1);
    expect_fail(NULL, 5, &p, MDSEC_ERR_INVALID_ARG, 0, 0);
    expect_fail(NULL, 0, &p, MDSEC_ERR_LOG_FORMAT, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_export_passes),
        cmocka_unit_test(empty_and_unsealed_tail),
        cmocka_unit_test(every_byte_modified),
        cmocka_unit_test(every_truncation_fails),
        cmocka_unit_test(deleted_record),
        cmocka_unit_test(reordered_duplicated_replayed),
        cmocka_unit_test(truncated_tail_against_witness),
        cmocka_unit_test(replaced_tail_against_witness),
        cmocka_unit_test(spliced_devices),
        cmocka_unit_test(other_epoch_keys),
        cmocka_unit_test(checkpoint_faults),
        cmocka_unit_test(anchoring),
        cmocka_unit_test(boot_counter),
        cmocka_unit_test(witness_inputs),
        cmocka_unit_test(arguments),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
