/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log, device side, on every port (host, and Cortex-M4 under QEMU
 * on the board's RAM-backed log region): append / reopen / export round
 * trips checked record by record (MACs under keys evolved from k0, chain,
 * checkpoint signatures), key evolution with the old key state erased from
 * flash, the stop and overwrite policies, the capacity warning,
 * checkpoints and witnesses, an unformatted region refused and left alone,
 * a corrupted sector reported and skipped, a torn tail recovered, the event
 * sink, a read-only open over a region image, and the error paths.
 *
 * On the POSIX port the log region is set to the board's geometry (8
 * sectors of 4 KiB, 8-byte program unit), so both runs see the same layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "log/log_storage.h"
#include "log_test_util.h"
#include "mdsec/event.h"
#include "mdsec/log.h"
#include "mdsec/port.h"

#if defined(__has_include)
#if __has_include("mdsec/port_posix.h")
#include "mdsec/port_posix.h"
#define LT_POSIX 1
#endif
#endif

static mdsec_ks_ctx_t ks;
static mdsec_log_ctx_t lg;
static lt_result_t res;
static uint8_t k0[MDSEC_LOG_KEY_LEN];
static uint8_t image[64u * 1024u];
static mdsec_port_storage_info_t geo;

static const uint8_t tlv3[5] = {0x10, 3, 'a', 'b', 'c'};

static void format_fresh(const mdsec_log_config_t *c)
{
    assert_int_equal(mdsec_log_format(c, k0), MDSEC_OK);
}

static mdsec_log_entry_t entry(uint16_t code, uint32_t actor, const uint8_t *p, size_t n)
{
    mdsec_log_entry_t e;
    memset(&e, 0, sizeof e);
    e.code = code;
    e.outcome = MDSEC_OUTCOME_SUCCESS;
    e.source = MDSEC_SRC_APP;
    e.actor = actor;
    e.payload = p;
    e.payload_len = n;
    return e;
}

static void append_n(uint32_t n, uint32_t actor0)
{
    for (uint32_t i = 0; i < n; i++) {
        const mdsec_log_entry_t e = entry(MDSEC_EV_CONFIG_CHANGE, actor0 + i, tlv3, sizeof tlv3);
        uint64_t seq = UINT64_MAX;
        assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_OK);
        assert_int_not_equal(seq, UINT64_MAX);
    }
}

static void export_and_check(int allow_gaps)
{
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    lt_check(k0, allow_gaps, &res);
    if (res.status != MDSEC_OK) {
        print_error("export check: %d at seq %lu\n", (int)res.status, (unsigned long)res.bad_seq);
    }
    assert_int_equal(res.status, MDSEC_OK);
}

static void read_region(void)
{
    assert_true(geo.size <= sizeof image);
    assert_int_equal(mdsec_port_storage_read(MDSEC_PORT_REGION_LOG, 0, image, geo.size), MDSEC_OK);
}

static int region_contains(const uint8_t *needle, size_t n)
{
    for (size_t i = 0; i + n <= geo.size; i++) {
        if (memcmp(image + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

static int all_erased(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != geo.erased_value) {
            return 0;
        }
    }
    return 1;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

/* ---- round trips ---- */

static void append_reopen_export_verify(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 4, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_stats_t s;
    uint8_t w[MDSEC_LOG_WITNESS_LEN];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(10, 100);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.next_seq, 11); /* START + 10 */
    assert_int_equal(s.boot, 1);
    assert_int_equal(s.epoch, 2);
    assert_int_equal(s.last_sealed, UINT64_MAX);
    assert_int_equal(mdsec_log_checkpoint(&lg, w, sizeof w), MDSEC_OK);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.last_sealed, 10);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    assert_int_equal(mdsec_log_append(&lg, NULL, NULL), MDSEC_ERR_INVALID_ARG);

    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.boot, 2);
    assert_int_equal(s.next_seq, 15); /* + checkpoint, STOP, final checkpoint, START */
    append_n(3, 200);
    export_and_check(0);
    /* START, 10 events, checkpoint, STOP, checkpoint, START, 3 events, EXPORT
     * and the checkpoint that seals it. */
    assert_int_equal(res.records, 20);
    assert_int_equal(res.first_seq, 0);
    assert_int_equal(res.last_seq, 19);
    assert_int_equal(res.codes[0], MDSEC_EV_AUDIT_START);
    assert_int_equal(res.actors[0], 1); /* boot */
    for (uint32_t i = 0; i < 10u; i++) {
        assert_int_equal(res.codes[1 + i], MDSEC_EV_CONFIG_CHANGE);
        assert_int_equal(res.actors[1 + i], 100 + i);
        assert_int_equal(res.plen[1 + i], sizeof tlv3);
    }
    assert_int_equal(res.codes[11], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.codes[12], MDSEC_EV_AUDIT_STOP);
    assert_int_equal(res.codes[13], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.codes[14], MDSEC_EV_AUDIT_START);
    assert_int_equal(res.actors[14], 2);
    assert_int_equal(res.codes[18], MDSEC_EV_LOG_EXPORT);
    assert_int_equal(res.codes[19], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.last_covered, 18);
    assert_int_equal(res.checkpoints, 3);
    assert_int_equal(res.max_boot, 2);
    /* The witness matches the record it covers. */
    log_witness_t wt;
    assert_int_equal(mdsec__log_witness_parse(w, sizeof w, &wt), MDSEC_OK);
    assert_int_equal(wt.seq, 10);
    assert_int_equal(wt.boot, 1);
    assert_int_equal(wt.epoch, 2);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* An export taken right after a checkpoint verifies as sealed: the export's
 * own LOG_EXPORT record is sealed by the checkpoint the export writes. */
static void export_after_checkpoint_is_sealed(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 4, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_verify_params_t p;
    mdsec_log_verify_result_t r;
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(3, 300);
    assert_int_equal(mdsec_log_checkpoint(&lg, NULL, 0), MDSEC_OK);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    memset(&p, 0, sizeof p);
    p.k0 = k0;
    p.device_id = c.device_id;
    p.evolve_every = c.evolve_every;
    p.pubkey = lt_pub;
    p.pubkey_len = sizeof lt_pub;
    p.require_sealed = 1;
    assert_int_equal(mdsec_log_verify_export(lt_export, lt_export_len, &p, &r), MDSEC_OK);
    assert_int_equal(r.unsealed, 0u);
    assert_int_equal(r.last_seq,
                     r.last_sealed + 1u); /* the export's checkpoint, after LOG_EXPORT */
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* The verifier bundle made at provisioning carries the config's values and
 * the checkpoint key's public half, and verifies the device's export. */
static void bundle_from_provisioning(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 3, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_bundle_t b;
    mdsec_log_verify_params_t p;
    mdsec_log_verify_result_t r;
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_bundle_make(&c, k0, &b), MDSEC_OK);
    assert_memory_equal(b.device_id, c.device_id, MDSEC_LOG_DEVICE_ID_LEN);
    assert_int_equal(b.evolve_every, 3);
    assert_memory_equal(b.k0, k0, sizeof k0);
    assert_memory_equal(b.pubkey, lt_pub, sizeof lt_pub);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(7, 700);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    memset(&p, 0, sizeof p);
    assert_int_equal(mdsec_log_bundle_params(&b, &p), MDSEC_OK);
    p.require_sealed = 1;
    assert_int_equal(mdsec_log_verify_export(lt_export, lt_export_len, &p, &r), MDSEC_OK);
    /* Provisioned with another evolve_every: the header disagrees. */
    p.evolve_every = 4;
    assert_int_equal(mdsec_log_verify_export(lt_export, lt_export_len, &p, &r),
                     MDSEC_ERR_LOG_PARAMS);
    assert_int_equal(r.bad_offset, 24);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* A checkpoint key the keystore does not hold. */
    c.checkpoint_key = 4242u;
    memset(&b, 0x5A, sizeof b);
    assert_int_not_equal(mdsec_log_bundle_make(&c, k0, &b), MDSEC_OK);
    assert_true(all_zero((const uint8_t *)&b, sizeof b));
    c = lt_config(&ks, 0, 0, MDSEC_LOG_FULL_STOP, 0);
    assert_int_equal(mdsec_log_bundle_make(&c, k0, &b), MDSEC_ERR_INVALID_ARG);
}

static size_t g_sink_calls;
static mdsec_status_t failing_sink(void *arg, const uint8_t *data, size_t len)
{
    (void)arg;
    (void)data;
    (void)len;
    g_sink_calls++;
    return g_sink_calls >= 2u ? MDSEC_ERR_STORAGE_IO : MDSEC_OK;
}

static void read_only_open_and_image(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_config_t ro;
    mdsec_log_entry_t e = entry(MDSEC_EV_AUTH_SUCCESS, 1, NULL, 0);
    size_t writable_len;
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(5, 0);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    read_region();
    /* Read-only: no key state, device id or evolve_every needed; no writes. */
    memset(&ro, 0, sizeof ro);
    ro.region = MDSEC_PORT_REGION_LOG;
    ro.read_only = 1u;
    assert_int_equal(mdsec_log_open(&lg, &ro), MDSEC_OK);
    assert_int_equal(mdsec_log_append(&lg, &e, NULL), MDSEC_ERR_STATE);
    assert_int_equal(mdsec_log_checkpoint(&lg, NULL, 0), MDSEC_ERR_STATE);
    export_and_check(0);
    assert_int_equal(res.records, 8); /* START, 5, STOP, checkpoint: no export record */
    writable_len = lt_export_len;
    g_sink_calls = 0;
    assert_int_equal(mdsec_log_export(&lg, failing_sink, NULL), MDSEC_ERR_STORAGE_IO);
    assert_int_equal(g_sink_calls, 2);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    memset(lt_export, 0, sizeof lt_export);
    /* The same bytes as an image (the fuzz entry). */
    assert_int_equal(mdsec__log_open_image(&lg, &ro, image, geo.size, &geo), MDSEC_OK);
    export_and_check(0);
    assert_int_equal(lt_export_len, writable_len);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* The region is unchanged by the read-only opens. */
    static uint8_t again[sizeof image];
    assert_int_equal(mdsec_port_storage_read(MDSEC_PORT_REGION_LOG, 0, again, geo.size), MDSEC_OK);
    assert_memory_equal(again, image, geo.size);
    assert_int_equal(mdsec__log_open_image(&lg, &ro, image, geo.size - 1u, &geo),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(lg.magic, 0);
}

/* ---- keys ---- */

static void key_evolution_erases_old_state(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    uint8_t sealed0[LOG_KEY_REC_LEN];
    uint8_t k[MDSEC_LOG_KEY_LEN];
    const uint32_t key0 = geo.size - 2u * geo.sector_size;
    const uint32_t key1 = geo.size - geo.sector_size;
    (void)state;
    format_fresh(&c);
    read_region();
    memcpy(sealed0, image + key0, sizeof sealed0);
    assert_false(all_erased(sealed0, sizeof sealed0));
    assert_true(all_erased(image + key1, geo.sector_size));
    assert_false(region_contains(k0, sizeof k0)); /* sealed, never in clear */

    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK); /* START is seq 0: epoch 0 */
    assert_int_equal(lg.epoch, 0);
    append_n(1, 0); /* seq 1: epoch 1 */
    assert_int_equal(lg.epoch, 1);
    memcpy(k, k0, sizeof k);
    assert_int_equal(mdsec__log_key_evolve(k, 1), MDSEC_OK);
    assert_memory_equal(lg.key, k, sizeof k);
    read_region();
    assert_false(region_contains(sealed0, sizeof sealed0)); /* the epoch-0 state is gone */
    assert_true(all_erased(image + key0, geo.sector_size));
    assert_false(all_erased(image + key1, LOG_KEY_REC_LEN));
    memcpy(sealed0, image + key1, sizeof sealed0);
    append_n(3, 0); /* epochs 2, 3, 4 */
    for (uint32_t e = 2; e <= 4u; e++) {
        assert_int_equal(mdsec__log_key_evolve(k, e), MDSEC_OK);
    }
    assert_memory_equal(lg.key, k, sizeof k);
    read_region();
    assert_false(region_contains(sealed0, sizeof sealed0));
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK); /* STOP 5, checkpoint 6 */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(lg.epoch, 7);
    export_and_check(0);
    assert_int_equal(res.records, 10); /* and the export's EXPORT and checkpoint */
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);

    /* Missing key state: the log cannot be continued. */
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_LOG, key0, 2u * geo.sector_size),
                     MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_KEY);
    assert_int_equal(lg.magic, 0);
    /* ... but it can still be read. */
    c.read_only = 1u;
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    export_and_check(0);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

static void key_state_of_another_log_refused(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 2, 0, MDSEC_LOG_FULL_STOP, 0);
    const uint32_t key0 = geo.size - 2u * geo.sector_size;
    uint8_t other[MDSEC_LOG_KEY_LEN];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(2, 0);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    read_region();
    /* Provision a second log with another k0, and put the first log's
     * sectors back under its key state. */
    memset(other, 0x5C, sizeof other);
    assert_int_equal(mdsec_log_format(&c, other), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_LOG, 0, key0), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, 0, image, key0), MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_KEY);
}

static void key_state_ahead_of_records(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 2, 0, MDSEC_LOG_FULL_STOP, 0);
    const uint32_t key0 = geo.size - 2u * geo.sector_size;
    mdsec_log_stats_t s;
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(3, 0);  /* seqs 1..3 */
    read_region();   /* the attacker's copy of the log sectors */
    append_n(4, 10); /* seqs 4..7: the key state moves to epoch 3 */
    assert_int_equal(lg.epoch, 3);
    mdsec_memzero(&lg, sizeof lg);
    /* The log sectors go back to the copy; the key state stays. */
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_LOG, 0, key0), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, 0, image, key0), MDSEC_OK);
    /* The log opens (the device keeps logging), reports the loss, and goes
     * on after a visible gap with the epoch key it has. */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_SECTOR);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.epoch, 3);
    append_n(2, 20);
    export_and_check(1);
    assert_int_equal(res.gaps, 1);
    assert_int_not_equal(res.verifier, MDSEC_OK);
    assert_int_equal(res.vres.verdict, MDSEC_LOG_VERDICT_FAIL);
    assert_int_equal(res.vres.bad_seq, 4); /* the first missing record */
    const long st = lt_find(&res, MDSEC_EV_AUDIT_START, 1);
    assert_true(st > 0);
    assert_int_equal(res.seqs[st], 6); /* first seq of epoch 3 */
    assert_int_equal(res.statuses[st], MDSEC_ERR_LOG_TRUNCATED);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* Nothing more is lost at the next open. */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* ---- policies and capacity ---- */

static uint32_t fill_until_full(uint32_t max)
{
    uint32_t n = 0;
    static uint8_t big[MDSEC_LOG_PAYLOAD_MAX];
    big[0] = 0x20;
    big[1] = (uint8_t)(sizeof big - 2u);
    for (; n < max; n++) {
        const mdsec_log_entry_t e = entry(MDSEC_EV_KEY_USE, n, big, sizeof big);
        const mdsec_status_t st = mdsec_log_append(&lg, &e, NULL);
        if (st == MDSEC_ERR_LOG_FULL) {
            return n;
        }
        assert_int_equal(st, MDSEC_OK);
    }
    return n;
}

static void stop_policy(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 8, 0, MDSEC_LOG_FULL_STOP, 50);
    mdsec_log_stats_t s;
    mdsec_log_entry_t e = entry(MDSEC_EV_AUTH_FAILURE, 9, NULL, 0);
    uint8_t w[MDSEC_LOG_WITNESS_LEN];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    const uint32_t n = fill_until_full(1000);
    assert_true(n > 10u && n < 1000u);
    assert_int_equal(mdsec_log_append(&lg, &e, NULL), MDSEC_ERR_LOG_FULL);
    memset(w, 0xAA, sizeof w);
    assert_int_equal(mdsec_log_checkpoint(&lg, w, sizeof w), MDSEC_ERR_LOG_FULL);
    assert_true(all_zero(w, sizeof w));
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.sectors_used, s.sectors_total);
    assert_true(s.fill_pct >= 90u);
    export_and_check(0);
    /* One overflow record, sealed by the checkpoint right after it. */
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_OVERFLOW), 1);
    const long o = lt_find(&res, MDSEC_EV_AUDIT_OVERFLOW, 0);
    assert_true(o > 0);
    assert_int_equal(res.statuses[o], MDSEC_ERR_LOG_FULL);
    assert_int_equal(res.codes[o + 1], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.records, (uint64_t)o + 2u); /* nothing after it, not even the export */
    assert_int_equal(res.last_covered, res.seqs[o]);
    /* The capacity warning fired exactly once, at the configured level. */
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_CAPACITY), 1);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* Reopened, it is still full, readable, and reports no overflow again. */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(mdsec_log_append(&lg, &e, NULL), MDSEC_ERR_LOG_FULL);
    export_and_check(0);
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_OVERFLOW), 1);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

static void overwrite_policy(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 3, 0, MDSEC_LOG_FULL_OVERWRITE, 0);
    mdsec_log_stats_t s;
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    /* Three times the capacity: every append succeeds. */
    assert_int_equal(fill_until_full(3u * 6u * 13u), 3u * 6u * 13u);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_true(s.first_seq > 0u);
    assert_int_equal(s.sectors_used, s.sectors_total);
    export_and_check(0);
    assert_true(res.start_seq > 0u);
    assert_int_equal(res.first_seq, res.start_seq);
    assert_int_equal(res.first_seq, s.first_seq);
    assert_true(res.anchored); /* a dropped marker names start_seq - 1 and its chain value */
    assert_true(res.markers >= 1u);
    /* Every marker is followed by the checkpoint that signs it. */
    for (long i = lt_find(&res, MDSEC_EV_AUDIT_DROPPED, 0); i >= 0;
         i = lt_find(&res, MDSEC_EV_AUDIT_DROPPED, (size_t)i + 1u)) {
        assert_int_equal(res.codes[i + 1], MDSEC_EV_AUDIT_CHECKPOINT);
    }
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(30, 0);
    export_and_check(0);
    assert_true(res.anchored);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

static void capacity_warning_once_per_crossing(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_OVERWRITE, 90);
    mdsec_log_stats_t s;
    uint32_t i = 0;
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    /* Below the level: no warning. */
    for (; i < 200u && lg.warned == 0u; i++) {
        assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
        assert_true(s.fill_pct < 90u);
        assert_int_equal(fill_until_full(1), 1);
    }
    assert_int_equal(lg.warned, 1);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_true(s.fill_pct >= 90u);
    export_and_check(0);
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_CAPACITY), 1);
    const long w = lt_find(&res, MDSEC_EV_AUDIT_CAPACITY, 0);
    assert_true(res.actors[w] >= 90u && res.actors[w] <= 100u);
    /* Above it: no repeat, until a wrap drops the oldest sector and the
     * level is crossed again. */
    for (; i < 400u && lg.warned == 1u; i++) {
        assert_int_equal(fill_until_full(1), 1);
    }
    assert_int_equal(lg.warned, 0);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_true(s.fill_pct < 90u);
    export_and_check(0);
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_CAPACITY), 1);
    for (; i < 600u && lg.warned == 0u; i++) {
        assert_int_equal(fill_until_full(1), 1);
    }
    assert_int_equal(lg.warned, 1);
    export_and_check(0);
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_CAPACITY), 2);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* ---- checkpoints ---- */

static void automatic_checkpoints_and_witness(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 2, 5, MDSEC_LOG_FULL_STOP, 0);
    uint8_t w[MDSEC_LOG_WITNESS_LEN + 8];
    log_witness_t wt;
    uint8_t d[32];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(14, 0); /* START + 14 = 15 records: checkpoints after 5, 10 and 15 */
    export_and_check(0);
    assert_int_equal(res.checkpoints, 4); /* and the one sealing the export */
    assert_int_equal(res.codes[5], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.codes[11], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.codes[17], MDSEC_EV_AUDIT_CHECKPOINT);
    /* On request: the witness covers the last record and is signed. */
    memset(w, 0xEE, sizeof w);
    assert_int_equal(mdsec_log_checkpoint(&lg, w, sizeof w), MDSEC_OK);
    assert_int_equal(mdsec__log_witness_parse(w, MDSEC_LOG_WITNESS_LEN, &wt), MDSEC_OK);
    assert_int_equal(wt.seq, res.last_seq);
    assert_int_equal(wt.boot, 1);
    assert_int_equal(mdsec__log_witness_digest(&wt, d), MDSEC_OK);
    assert_int_equal(mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, lt_pub, sizeof lt_pub, d, 32,
                                               wt.sig, 64, MDSEC_SIG_RAW),
                     MDSEC_OK);
    /* The export's chain value at wt.seq is the witness head. */
    export_and_check(0);
    assert_int_equal(res.codes[res.records - 3u], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.codes[res.records - 2u], MDSEC_EV_LOG_EXPORT);
    assert_int_equal(res.codes[res.records - 1u], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(mdsec_log_checkpoint(&lg, NULL, 0), MDSEC_OK);
    /* A missing checkpoint key. */
    lg.cfg.checkpoint_key = 4242u;
    memset(w, 0xEE, sizeof w);
    assert_int_equal(mdsec_log_checkpoint(&lg, w, sizeof w), MDSEC_ERR_LOG_KEY);
    assert_true(all_zero(w, sizeof w));
    lg.cfg.checkpoint_key = LT_CKPT_ID;
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    export_and_check(0);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* ---- storage faults ---- */

static void unformatted_region_is_refused(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    (void)state;
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_LOG, 0, geo.size), MDSEC_OK);
    memset(&lg, 0x55, sizeof lg);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_UNFORMATTED);
    assert_int_equal(lg.magic, 0);
    c.read_only = 1u;
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_UNFORMATTED);
    read_region();
    assert_true(all_erased(image, geo.size)); /* never formatted behind the caller's back */
    /* Garbage is not a log either, and stays as it was. */
    static const uint8_t junk[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, 0, junk, sizeof junk),
                     MDSEC_OK);
    c.read_only = 0u;
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_UNFORMATTED);
    read_region();
    assert_memory_equal(image, junk, sizeof junk);
    assert_true(all_erased(image + sizeof junk, geo.size - sizeof junk));
}

static void corrupted_sector_reported_and_skipped(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_stats_t s;
    uint8_t junk[LOG_SEC_HDR_LEN];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    (void)fill_until_full(40); /* sectors 0..3 */
    assert_true(lg.active >= 3u);
    const uint64_t s1_first = lg.sector_first[1];
    const uint64_t s2_first = lg.sector_first[2];
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* Sector 1's header damaged (flash can only be rewritten after an erase:
     * put back the sector with one header byte changed). */
    read_region();
    memcpy(junk, image + geo.sector_size, sizeof junk);
    junk[20] ^= 0x01u;
    assert_int_equal(
        mdsec_port_storage_erase(MDSEC_PORT_REGION_LOG, geo.sector_size, geo.sector_size),
        MDSEC_OK);
    memcpy(image + geo.sector_size, junk, sizeof junk);
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, geo.sector_size,
                                                image + geo.sector_size, geo.sector_size),
                     MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_SECTOR);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.bad_sectors, 1);
    append_n(2, 0);
    export_and_check(1);
    assert_int_equal(res.gaps, 1);
    assert_int_equal(res.first_seq, 0);
    /* The verifier names the missing records. */
    assert_int_not_equal(res.verifier, MDSEC_OK);
    assert_int_equal(res.vres.verdict, MDSEC_LOG_VERDICT_FAIL);
    assert_int_equal(res.vres.bad_seq, s1_first);
    /* Sector 1's records are missing, every other one is there. */
    for (uint64_t i = 0; i < res.records; i++) {
        assert_true(res.seqs[i] < s1_first || res.seqs[i] >= s2_first);
    }
    assert_true(res.last_seq >= s2_first);
    const long st = lt_find(&res, MDSEC_EV_AUDIT_START, 1);
    assert_true(st > 0);
    assert_int_equal(res.statuses[st], MDSEC_ERR_LOG_SECTOR);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* Reported again at every open until the sector is reused. */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_ERR_LOG_SECTOR);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

static void torn_tail_recovered(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_stats_t s;
    uint8_t part[48];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    append_n(4, 0);
    const uint32_t sector = lg.active;
    const uint32_t off = sector * geo.sector_size + lg.write_off;
    const uint64_t next = lg.next_seq;
    /* A power cut during a record's program: its first 48 bytes only
     * (taken from a real record, so the magic and length look right). */
    read_region();
    memcpy(part, image + sector * geo.sector_size + lg.hdr_area, sizeof part);
    mdsec_memzero(&lg, sizeof lg); /* the device lost power: no close */
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, off, part, sizeof part),
                     MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.torn_recovered, 1);
    assert_int_equal(lg.active, (sector + 1u) % lg.log_sectors); /* continued in the next sector */
    export_and_check(0);
    assert_int_equal(res.seqs[5], next); /* nothing committed was lost, the seq goes on */
    assert_int_equal(res.codes[5], MDSEC_EV_AUDIT_START);
    assert_int_equal(res.codes[6], MDSEC_EV_AUDIT_TORN_RECOVERED);
    assert_int_equal(res.actors[6], 1);
    assert_int_equal(res.plen[6], 10); /* TLV: the START record's sequence number */
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    /* Reported once: the next open finds the tear behind it. */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.torn_recovered, 0);
    export_and_check(0);
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_TORN_RECOVERED), 1);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

static void torn_tail_in_full_ring_continues_in_place(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_OVERWRITE, 0);
    uint8_t part[24];
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    (void)fill_until_full(6u * 13u + 3u); /* wrapped once */
    assert_int_equal(lg.sector_state[(lg.active + 1u) % lg.log_sectors], LOG_SECT_VALID);
    const uint32_t off = lg.active * geo.sector_size + lg.write_off;
    memset(part, 0x42, sizeof part);
    mdsec_memzero(&lg, sizeof lg);
    assert_int_equal(mdsec_port_storage_program(MDSEC_PORT_REGION_LOG, off, part, sizeof part),
                     MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(lg.torn_recovered, 1);
    assert_int_equal(lg.active * geo.sector_size + lg.write_off >= off + lg.slot_max, 1);
    (void)fill_until_full(40); /* wraps again */
    export_and_check(0);
    assert_true(res.anchored);
    assert_int_equal(lt_count(&res, MDSEC_EV_AUDIT_TORN_RECOVERED), 1);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* ---- event sink ---- */

static void events_land_as_records(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_event_t ev;
    mdsec_ks_attributes_t a;
    static const uint8_t bad_tlv[3] = {1, 5, 0};
    (void)state;
    format_fresh(&c);
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    mdsec_event_set_sink(mdsec_log_event_sink, &lg);
    memset(&ev, 0, sizeof ev);
    ev.code = MDSEC_EV_EMERGENCY_OVERRIDE;
    ev.outcome = MDSEC_OUTCOME_SUCCESS;
    ev.source = MDSEC_SRC_APP;
    ev.actor = 31;
    ev.detail = tlv3;
    ev.detail_len = sizeof tlv3;
    mdsec_event_emit(&ev);
    ev.detail = bad_tlv; /* malformed detail: the event stays, the detail goes */
    ev.detail_len = sizeof bad_tlv;
    ev.outcome = (mdsec_outcome_t)3; /* not a DICOM value: recorded as a serious failure */
    mdsec_event_emit(&ev);
    ev.code = MDSEC_EV_AUDIT_CHECKPOINT; /* the log's own codes are not accepted from outside */
    mdsec_event_emit(&ev);
    /* A keystore operation's events. */
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_HMAC;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_MAC;
    a.alg = MDSEC_KS_ALG_HMAC_SHA256;
    a.location = MDSEC_KS_LOCATION_RAM;
    assert_int_equal(mdsec_ks_generate(&ks, 500, &a), MDSEC_OK);
    uint8_t sig[64];
    size_t sig_len = 0;
    uint8_t d[32];
    memset(d, 1, sizeof d);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 500, MDSEC_KS_ALG_ECDSA_P256_SHA256, d, sizeof d,
                                          sig, sizeof sig, &sig_len),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_destroy(&ks, 500), MDSEC_OK);
    /* A checkpoint signs with the keystore quietly: no event, no re-entry. */
    assert_int_equal(mdsec_log_checkpoint(&lg, NULL, 0), MDSEC_OK);
    mdsec_event_set_sink(NULL, NULL);
    export_and_check(0);
    assert_int_equal(res.codes[1], MDSEC_EV_EMERGENCY_OVERRIDE);
    assert_int_equal(res.actors[1], 31);
    assert_int_equal(res.plen[1], sizeof tlv3);
    assert_int_equal(res.codes[2], MDSEC_EV_EMERGENCY_OVERRIDE);
    assert_int_equal(res.plen[2], 0);
    assert_int_equal(res.codes[3], MDSEC_EV_KEY_PROVISION);
    assert_int_equal(res.actors[3], 500);
    assert_int_equal(res.codes[4], MDSEC_EV_KEY_DENIED);
    assert_int_equal(res.statuses[4], MDSEC_ERR_KS_POLICY);
    assert_int_equal(res.codes[5], MDSEC_EV_KEY_DESTROY);
    assert_int_equal(res.codes[6], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.codes[7], MDSEC_EV_LOG_EXPORT);
    assert_int_equal(res.codes[8], MDSEC_EV_AUDIT_CHECKPOINT);
    assert_int_equal(res.records, 9);
    /* A sink on a closed log does nothing. */
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    mdsec_log_event_sink(&lg, &ev);
    mdsec_log_event_sink(NULL, &ev);
    mdsec_log_event_sink(&lg, NULL);
}

/* ---- error paths ---- */

static void argument_and_state_errors(void **state)
{
    mdsec_log_config_t c = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_STOP, 0);
    mdsec_log_config_t b;
    mdsec_log_stats_t s;
    mdsec_log_entry_t e = entry(MDSEC_EV_AUTH_SUCCESS, 1, NULL, 0);
    uint8_t big[MDSEC_LOG_PAYLOAD_MAX + 1];
    uint8_t w[MDSEC_LOG_WITNESS_LEN];
    uint64_t seq = 77;
    (void)state;
    memset(big, 0, sizeof big);
    /* format */
    assert_int_equal(mdsec_log_format(NULL, k0), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_format(&c, NULL), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.evolve_every = 0;
    assert_int_equal(mdsec_log_format(&b, k0), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.region = 999u;
    assert_int_equal(mdsec_log_format(&b, k0), MDSEC_ERR_STORAGE_REGION);
    format_fresh(&c);
    /* open */
    assert_int_equal(mdsec_log_open(NULL, &c), MDSEC_ERR_INVALID_ARG);
    memset(&lg, 0x55, sizeof lg);
    assert_int_equal(mdsec_log_open(&lg, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(lg.magic, 0);
    b = c;
    b.evolve_every = 0;
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.ks = NULL;
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.checkpoint_key = MDSEC_KS_ID_INVALID;
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.full_policy = 2;
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.capacity_warn_pct = 101;
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_INVALID_ARG);
    b = c;
    b.region = 999u;
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_STORAGE_REGION);
    b = c;
    b.evolve_every = 2; /* not what the log was formatted with: no valid sector */
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_LOG_UNFORMATTED);
    b = c;
    b.device_id[0] ^= 1u; /* another device's log */
    assert_int_equal(mdsec_log_open(&lg, &b), MDSEC_ERR_LOG_UNFORMATTED);
    /* calls on a context that is not open */
    memset(&lg, 0, sizeof lg);
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(seq, 0);
    assert_int_equal(mdsec_log_append(NULL, &e, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_checkpoint(&lg, w, sizeof w), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_log_export(&lg, lt_sink, NULL), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_ERR_NOT_INITIALISED);
    assert_int_equal(mdsec_log_close(NULL), MDSEC_ERR_INVALID_ARG);
    /* append */
    assert_int_equal(mdsec_log_open(&lg, &c), MDSEC_OK);
    assert_int_equal(mdsec_log_append(&lg, NULL, &seq), MDSEC_ERR_INVALID_ARG);
    e.payload_len = 3; /* NULL payload with a length */
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_INVALID_ARG);
    e = entry(MDSEC_EV_AUTH_SUCCESS, 1, big, sizeof big);
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_LOG_TOO_LARGE);
    e = entry(MDSEC_EV_AUTH_SUCCESS, 1, big, 3); /* 00 00 | 00: a TLV cut short */
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_INVALID_ARG);
    e = entry(MDSEC_EV_AUTH_SUCCESS, 1, NULL, 0);
    e.outcome = 1;
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_INVALID_ARG);
    e = entry(MDSEC_EV_AUDIT_CHECKPOINT, 1, NULL, 0);
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_INVALID_ARG);
    e = entry(MDSEC_EV_AUDIT_DROPPED, 1, NULL, 0);
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(seq, 0);
    e = entry(MDSEC_EV_VENDOR_FIRST, 1, big, MDSEC_LOG_PAYLOAD_MAX); /* largest: one TLV... */
    big[0] = 1;
    big[1] = 190;
    assert_int_equal(mdsec_log_append(&lg, &e, &seq), MDSEC_OK);
    assert_int_equal(seq, 1);
    /* checkpoint, export, stats */
    memset(w, 0xAA, sizeof w);
    assert_int_equal(mdsec_log_checkpoint(&lg, w, sizeof w - 1u), MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(all_zero(w, sizeof w - 1u));
    assert_int_equal(mdsec_log_export(&lg, NULL, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_stats(&lg, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(s.sectors_total, geo.size / geo.sector_size - 2u);
    assert_int_equal(s.sectors_used, 1);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    assert_int_equal(lg.magic, 0);
    assert_true(all_zero(lg.key, sizeof lg.key)); /* wiped */
}

static int setup(void **state)
{
    (void)state;
#if defined(LT_POSIX)
    const mdsec_port_storage_info_t g = {8u * 4096u, 4096u, 8u, 0xFFu, 1u};
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_LOG, &g), MDSEC_OK);
#endif
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_LOG, &geo), MDSEC_OK);
    for (size_t i = 0; i < sizeof k0; i++) {
        k0[i] = (uint8_t)(0x30u + i);
    }
    lt_keystore(&ks);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mdsec_event_set_sink(NULL, NULL);
    mdsec_ks_deinit(&ks);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(append_reopen_export_verify),
        cmocka_unit_test(export_after_checkpoint_is_sealed),
        cmocka_unit_test(bundle_from_provisioning),
        cmocka_unit_test(read_only_open_and_image),
        cmocka_unit_test(key_evolution_erases_old_state),
        cmocka_unit_test(key_state_of_another_log_refused),
        cmocka_unit_test(key_state_ahead_of_records),
        cmocka_unit_test(stop_policy),
        cmocka_unit_test(overwrite_policy),
        cmocka_unit_test(capacity_warning_once_per_crossing),
        cmocka_unit_test(automatic_checkpoints_and_witness),
        cmocka_unit_test(unformatted_region_is_refused),
        cmocka_unit_test(corrupted_sector_reported_and_skipped),
        cmocka_unit_test(torn_tail_recovered),
        cmocka_unit_test(torn_tail_in_full_ring_continues_in_place),
        cmocka_unit_test(events_land_as_records),
        cmocka_unit_test(argument_and_state_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
