/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Attacks on the export verifier by someone who captured a device: they
 * hold its current MAC key, its checkpoint key (the device signs with it)
 * and the gateway's genuine witness, and they write whole exports with the
 * format encoder, as log_testgen.c does for a device. Each export is built
 * here, byte by byte, the way that attacker would build it:
 *
 *  - an export that claims evolve_every = 1, so that every old record can
 *    be re-keyed from the captured key, anchored by a forged drop marker or
 *    by the gateway's witness, and sealed with the device's checkpoint key;
 *  - the head cut right after the gateway's newest witness;
 *  - header values that disagree with what the verifier was provisioned
 *    with;
 *
 * and the diagnoses the verifier must give for a bad witness, an unsealed
 * record, an edited sequence number or epoch, a distant swap and an
 * off-curve checkpoint key.
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

#define EE       8u  /* the device's genuine evolve_every */
#define W_SEQ    19u /* the gateway's witness covers this record */
#define TAMPER_S 25u /* a TAMPER record of epoch 3 */

static uint8_t k0[MDSEC_LOG_KEY_LEN];

static uint8_t genuine[TG_CAP];
static size_t genuine_len;
static uint8_t gw_witness[MDSEC_LOG_WITNESS_LEN]; /* kept by the gateway: covers W_SEQ */
static uint8_t captured_key[MDSEC_LOG_KEY_LEN];   /* the device's key when it was taken */
static uint32_t captured_epoch;
static uint64_t captured_next_seq;
static uint8_t forged[TG_CAP];

static const uint8_t pay[] = {0x10, 0x02, 0xBE, 0xEF};

static mdsec_log_verify_params_t params(const uint8_t *witness)
{
    mdsec_log_verify_params_t p;
    memset(&p, 0, sizeof p);
    p.k0 = k0;
    p.device_id = tg_dev_a;
    p.evolve_every = EE;
    p.pubkey = tg_pubkey();
    p.pubkey_len = 65;
    p.witness = witness;
    p.witness_len = witness != NULL ? MDSEC_LOG_WITNESS_LEN : 0u;
    return p;
}

static mdsec_status_t verify(const uint8_t *e, size_t n, const mdsec_log_verify_params_t *p,
                             mdsec_log_verify_result_t *r)
{
    mdsec_status_t st = mdsec_log_verify_export(e, n, p, r);
    if (st == MDSEC_OK) {
        assert_int_equal(r->verdict, MDSEC_LOG_VERDICT_PASS);
    } else {
        assert_int_equal(r->verdict, MDSEC_LOG_VERDICT_FAIL);
        assert_int_equal(r->reason, st);
    }
    return st;
}

/*
 * The genuine device: evolve_every 8, records 0..44 with a checkpoint at
 * every tenth sequence number (the one at 20 covers 19 and is the gateway's
 * witness), a TAMPER record at 25 (epoch 3), and a final checkpoint. The
 * device is captured after it: its key is that of epoch 45 / 8 = 5.
 */
static int setup(void **state)
{
    tg_log_t g;
    (void)state;
    tg_k0(k0);
    if (tg_init(&g, tg_dev_a, k0, EE, genuine, TG_CAP) != MDSEC_OK ||
        tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0) != MDSEC_OK) {
        return -1;
    }
    while (g.next_seq < 45u) {
        mdsec_status_t st;
        if (g.next_seq % 10u == 0u) {
            st = tg_checkpoint(&g, 1);
            if (st == MDSEC_OK && g.next_seq == W_SEQ + 2u) {
                memcpy(gw_witness, g.witness, sizeof gw_witness);
            }
        } else if (g.next_seq == TAMPER_S) {
            st = tg_event(&g, MDSEC_EV_TAMPER, 12, pay, sizeof pay);
        } else {
            st = tg_event(&g, MDSEC_EV_KEY_USE, 0, pay, sizeof pay);
        }
        if (st != MDSEC_OK) {
            return -1;
        }
    }
    if (tg_checkpoint(&g, 1) != MDSEC_OK) {
        return -1;
    }
    genuine_len = tg_finish(&g);
    memcpy(captured_key, g.key, sizeof captured_key);
    captured_epoch = g.key_epoch;
    captured_next_seq = g.next_seq;
    return captured_epoch == 5u ? 0 : -1;
}

static void genuine_export_passes(void **state)
{
    mdsec_log_verify_params_t p = params(gw_witness);
    mdsec_log_verify_result_t r;
    (void)state;
    p.require_sealed = 1;
    assert_int_equal(verify(genuine, genuine_len, &p, &r), MDSEC_OK);
    assert_int_equal(r.records, captured_next_seq);
    assert_int_equal(r.witness_checked, 1);
}

/* The attacker's export: records from start_seq on, re-keyed under the
 * claimed evolve_every from the captured key, no TAMPER record, a forged
 * drop marker for everything before start_seq and a final checkpoint
 * signed with the device's own key. */
static size_t forge(uint32_t claimed_ee, uint64_t start_seq, const uint8_t start_chain[32])
{
    tg_log_t g;
    assert_int_equal(tg_init_captured(&g, tg_dev_a, captured_key, captured_epoch, claimed_ee,
                                      start_seq, start_chain, forged, TG_CAP),
                     MDSEC_OK);
    while (g.next_seq < captured_next_seq) {
        assert_int_equal(tg_event(&g, MDSEC_EV_KEY_USE, 0, pay, sizeof pay), MDSEC_OK);
    }
    assert_int_equal(tg_dropped(&g, 0, start_seq - 1u), MDSEC_OK);
    assert_int_equal(tg_checkpoint(&g, 1), MDSEC_OK);
    return tg_finish(&g);
}

/* Attack 1, as it was reproduced: evolve_every = 1 in the header, anchored
 * with the gateway's witness at start_seq - 1. */
static void forged_evolve_every_with_witness_fails(void **state)
{
    log_witness_t w;
    mdsec_log_verify_params_t p = params(gw_witness);
    mdsec_log_verify_result_t r;
    (void)state;
    assert_int_equal(mdsec__log_witness_parse(gw_witness, sizeof gw_witness, &w), MDSEC_OK);
    assert_int_equal(w.seq, W_SEQ);
    size_t n = forge(1u, W_SEQ + 1u, w.head);
    p.require_sealed = 1;
    assert_int_equal(verify(forged, n, &p, &r), MDSEC_ERR_LOG_PARAMS);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_EXPORT);
    assert_int_equal(r.bad_offset, 24u); /* the header's evolve_every */
}

/* The same without a witness, anchored only by the forged marker. */
static void forged_evolve_every_without_witness_fails(void **state)
{
    uint8_t chain[32];
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    memset(chain, 0x5C, sizeof chain);
    size_t n = forge(1u, 6u, chain);
    p.require_sealed = 1;
    assert_int_equal(verify(forged, n, &p, &r), MDSEC_ERR_LOG_PARAMS);
    /* The header made honest: the records' epochs give them away. */
    forged[24] = (uint8_t)EE;
    assert_int_not_equal(verify(forged, n, &p, &r), MDSEC_OK);
    assert_int_equal(r.reason, MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_seq, 6u);
}

/* The attacker keeps the header honest (evolve_every 8) and forges only
 * what the captured key can MAC: here records of epoch 5 and later, after
 * a cut. Their epochs are right, so only the anchor can give them away:
 * with the gateway's witness, the head cut is found. */
static void head_cut_at_the_witness_fails(void **state)
{
    log_witness_t w;
    mdsec_log_verify_params_t p = params(gw_witness);
    mdsec_log_verify_result_t r;
    (void)state;
    assert_int_equal(mdsec__log_witness_parse(gw_witness, sizeof gw_witness, &w), MDSEC_OK);
    /* The genuine records W_SEQ + 1 .. end, re-anchored with a forged marker. */
    tg_log_t g;
    assert_int_equal(tg_init_captured(&g, tg_dev_a, captured_key, captured_epoch, EE, W_SEQ + 1u,
                                      w.head, forged, TG_CAP),
                     MDSEC_OK);
    size_t from = tg_record_offset(genuine, genuine_len, W_SEQ + 1u);
    assert_true(from != 0u);
    memcpy(forged + MDSEC_LOG_EXPORT_HEADER_LEN, genuine + from, genuine_len - from);
    g.len = MDSEC_LOG_EXPORT_HEADER_LEN + (genuine_len - from);
    g.count = (uint32_t)(captured_next_seq - (W_SEQ + 1u));
    g.next_seq = captured_next_seq;
    {
        log_record_t last;
        size_t used = 0;
        size_t lo = tg_record_offset(genuine, genuine_len, (uint32_t)captured_next_seq - 1u);
        assert_int_equal(mdsec__log_record_parse(genuine + lo, genuine_len - lo, &last, &used),
                         MDSEC_OK);
        memcpy(g.chain, last.chain, 32);
    }
    assert_int_equal(tg_dropped(&g, 0, W_SEQ), MDSEC_OK);
    assert_int_equal(tg_checkpoint(&g, 1), MDSEC_OK);
    size_t n = tg_finish(&g);
    /* Without a witness the cut is a drop the verifier cannot tell from a
     * genuine overwrite; it says where the export starts. */
    mdsec_log_verify_params_t nw = params(NULL);
    assert_int_equal(verify(forged, n, &nw, &r), MDSEC_OK);
    assert_int_equal(r.first_seq, W_SEQ + 1u);
    assert_int_equal(r.anchor_seq, captured_next_seq);
    /* With it: the witnessed record is not in the export. */
    assert_int_equal(verify(forged, n, &p, &r), MDSEC_ERR_LOG_HEAD_CUT);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
    assert_int_equal(r.bad_seq, W_SEQ);
    assert_int_equal(r.witness_checked, 0);
}

/* Header values that disagree with the provisioned ones, on the genuine
 * export: each is a FAIL naming the mismatch. */
static void header_mismatch_is_named(void **state)
{
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    memcpy(forged, genuine, genuine_len);
    forged[24] = (uint8_t)(EE / 2u);
    assert_int_equal(verify(forged, genuine_len, &p, &r), MDSEC_ERR_LOG_PARAMS);
    assert_int_equal(r.bad_offset, 24u);
    memcpy(forged, genuine, genuine_len);
    forged[8 + 5] ^= 0x01u; /* device id */
    assert_int_equal(verify(forged, genuine_len, &p, &r), MDSEC_ERR_LOG_PARAMS);
    assert_int_equal(r.bad_offset, 8u);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_EXPORT);
}

/* A witness that is itself bad is blamed, not the log. */
static void bad_witness_is_blamed(void **state)
{
    uint8_t wit[MDSEC_LOG_WITNESS_LEN] = {0};
    log_witness_t w;
    mdsec_log_verify_params_t p = params(wit);
    mdsec_log_verify_result_t r;
    (void)state;
    memcpy(wit, gw_witness, sizeof wit);
    wit[100] ^= 0x40u; /* the signature */
    assert_int_equal(verify(genuine, genuine_len, &p, &r), MDSEC_ERR_LOG_WITNESS_BAD);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
    memcpy(wit, gw_witness, sizeof wit);
    wit[0] ^= 0x01u; /* malformed */
    assert_int_equal(verify(genuine, genuine_len, &p, &r), MDSEC_ERR_LOG_WITNESS_BAD);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
    /* Signed, but its epoch does not belong to its seq under the provisioned
     * evolve_every. */
    assert_int_equal(mdsec__log_witness_parse(gw_witness, sizeof gw_witness, &w), MDSEC_OK);
    w.epoch = (uint32_t)w.seq;
    assert_int_equal(tg_sign_witness(&w), MDSEC_OK);
    mdsec__log_witness_encode(&w, wit);
    assert_int_equal(verify(genuine, genuine_len, &p, &r), MDSEC_ERR_LOG_WITNESS_BAD);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_WITNESS);
}

/* require_sealed names an ordinary unsealed record UNSEALED. */
static void unsealed_record_is_named(void **state)
{
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    size_t cut = tg_record_offset(genuine, genuine_len, (uint32_t)captured_next_seq - 1u);
    memcpy(forged, genuine, cut);
    forged[28] = (uint8_t)(captured_next_seq - 1u); /* record count */
    p.require_sealed = 1;
    assert_int_equal(verify(forged, cut, &p, &r), MDSEC_ERR_LOG_UNSEALED);
    assert_int_equal(r.bad_seq, 41u);
    assert_int_equal(r.unsealed, 4u);
}

/* One bit of a record's seq flipped: the record was modified (MAC), not a
 * deletion. */
static void seq_bit_flip_is_a_modification(void **state)
{
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    size_t at = tg_record_offset(genuine, genuine_len, 12u);
    memcpy(forged, genuine, genuine_len);
    forged[at + 8] ^= 0x10u; /* seq 12 -> 28 */
    assert_int_equal(verify(forged, genuine_len, &p, &r), MDSEC_ERR_LOG_MAC);
    assert_int_equal(r.bad_seq, 12u);
    assert_int_equal(r.bad_offset, at);
    assert_int_equal(r.gaps, 0u);
}

/* Two distant records swapped: a reorder, not a deletion. */
static void distant_swap_is_a_reorder(void **state)
{
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    /* Records 12 and 16 have the same length (both KEY_USE events). */
    size_t a = tg_record_offset(genuine, genuine_len, 12u);
    size_t b = tg_record_offset(genuine, genuine_len, 16u);
    size_t la = tg_record_offset(genuine, genuine_len, 13u) - a;
    assert_int_equal(la, tg_record_offset(genuine, genuine_len, 17u) - b);
    memcpy(forged, genuine, genuine_len);
    memcpy(forged + a, genuine + b, la);
    memcpy(forged + b, genuine + a, la);
    assert_int_equal(verify(forged, genuine_len, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 16u); /* the record found at 12's place */
    assert_int_equal(r.bad_offset, a);
    assert_int_equal(r.gaps, 0u);
    /* A genuine deletion still counts its gap. */
    size_t n = genuine_len - la;
    memcpy(forged, genuine, a);
    memcpy(forged + a, genuine + a + la, genuine_len - a - la);
    forged[28] = (uint8_t)(captured_next_seq - 1u);
    assert_int_equal(verify(forged, n, &p, &r), MDSEC_ERR_LOG_SEQUENCE);
    assert_int_equal(r.bad_seq, 12u);
    assert_int_equal(r.gaps, 1u);
}

/* An edited epoch field is EPOCH: the epoch is checked before the MAC. */
static void edited_epoch_is_epoch(void **state)
{
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    size_t at = tg_record_offset(genuine, genuine_len, 30u);
    memcpy(forged, genuine, genuine_len);
    forged[at + 20] ^= 0x02u; /* epoch 3 -> 1 */
    assert_int_equal(verify(forged, genuine_len, &p, &r), MDSEC_ERR_LOG_EPOCH);
    assert_int_equal(r.bad_seq, 30u);
    assert_int_equal(r.bad_offset, at);
}

/* A checkpoint key that is not a P-256 point is a usage error, refused
 * before any record is judged. */
static void off_curve_key_is_a_usage_error(void **state)
{
    uint8_t pub[65];
    mdsec_log_verify_params_t p = params(NULL);
    mdsec_log_verify_result_t r;
    (void)state;
    memcpy(pub, tg_pubkey(), sizeof pub);
    pub[64] ^= 0x01u; /* y changed: off the curve */
    p.pubkey = pub;
    assert_int_equal(verify(genuine, genuine_len, &p, &r), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(r.bad_in, MDSEC_LOG_BAD_IN_PARAMS);
    assert_int_equal(r.records, 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(genuine_export_passes),
        cmocka_unit_test(forged_evolve_every_with_witness_fails),
        cmocka_unit_test(forged_evolve_every_without_witness_fails),
        cmocka_unit_test(head_cut_at_the_witness_fails),
        cmocka_unit_test(header_mismatch_is_named),
        cmocka_unit_test(bad_witness_is_blamed),
        cmocka_unit_test(unsealed_record_is_named),
        cmocka_unit_test(seq_bit_flip_is_a_modification),
        cmocka_unit_test(distant_swap_is_a_reorder),
        cmocka_unit_test(edited_epoch_is_epoch),
        cmocka_unit_test(off_curve_key_is_a_usage_error),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
