/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Host-only security log tests on the POSIX port:
 *
 * - power loss: a session (open, N appends, close) is run once to count its
 *   storage operations (programs and erases); then for every operation k
 *   and every torn length (every byte of a record program, and the edges
 *   of an erase) the device loses power at operation k, reboots and
 *   reopens the log. Every append that returned success must be in the
 *   export, the export must check (MACs from k0, chain, checkpoints), a
 *   torn tail must have been logged as MDSEC_EV_AUDIT_TORN_RECOVERED, and
 *   new appends must work and survive another reboot. Scenarios: plain
 *   appends with key evolution, and appends across a wrap of a full ring
 *   (overwrite policy: marker, checkpoint, erase, new sector);
 * - several threads appending to one log: the export checks with
 *   consecutive sequence numbers and holds every thread's records in order.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "log_test_util.h"
#include "mdsec/log.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"
#include "posix_test_util.h"

#define N_APPEND 4u
#define ACTOR0   1000u

static mdsec_ks_ctx_t ks;
static mdsec_log_ctx_t lg;
static lt_result_t res;
static uint8_t k0[MDSEC_LOG_KEY_LEN];
static char root[512];
static char dir[640];
static char snap[640];
static mdsec_log_config_t cfg;

static int copy_file(const char *from_dir, const char *to_dir, const char *name)
{
    char a[800];
    char b[800];
    char buf[4096];
    size_t n;
    int ok = 1;
    (void)snprintf(a, sizeof a, "%s/%s", from_dir, name);
    (void)snprintf(b, sizeof b, "%s/%s", to_dir, name);
    FILE *in = fopen(a, "rb");
    if (in == NULL) {
        return -1;
    }
    FILE *out = fopen(b, "wb");
    if (out == NULL) {
        (void)fclose(in);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, in)) > 0u) {
        ok = ok && fwrite(buf, 1, n, out) == n;
    }
    ok = (fclose(out) == 0) && ok;
    (void)fclose(in);
    (void)chmod(b, 0600);
    return ok ? 0 : -1;
}

static void reboot(void)
{
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

static void device_fresh(const char *tag, uint32_t sectors)
{
    const mdsec_port_storage_info_t g = {sectors * 4096u, 4096u, 8u, 0xFFu, 1u};
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    if (root[0] != '\0') {
        (void)mdsec_test_remove_tree(root);
    }
    assert_int_equal(mdsec_test_make_temp_dir(root, sizeof root, tag), 0);
    (void)snprintf(dir, sizeof dir, "%s/state", root);
    (void)snprintf(snap, sizeof snap, "%s/snap", root);
    assert_int_equal(mkdir(snap, 0700), 0);
    assert_int_equal(mdsec_posix_set_state_dir(dir), MDSEC_OK);
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_LOG, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

static void snapshot(void)
{
    mdsec_posix_deinit();
    assert_int_equal(copy_file(dir, snap, "region-1.bin"), 0);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

static void restore(void)
{
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    assert_int_equal(copy_file(snap, dir, "region-1.bin"), 0);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

/* One session: open, N appends, close. ok[i] is set for each append that
 * returned MDSEC_OK. */
static void session(int ok[N_APPEND])
{
    memset(ok, 0, sizeof(int) * N_APPEND);
    if (mdsec_log_open(&lg, &cfg) != MDSEC_OK) {
        return;
    }
    for (uint32_t i = 0; i < N_APPEND; i++) {
        mdsec_log_entry_t e;
        static const uint8_t tlv[6] = {7, 4, 'd', 'o', 's', 'e'};
        memset(&e, 0, sizeof e);
        e.code = MDSEC_EV_SECURITY_SETTING;
        e.actor = ACTOR0 + i;
        e.payload = tlv;
        e.payload_len = sizeof tlv;
        ok[i] = mdsec_log_append(&lg, &e, NULL) == MDSEC_OK;
    }
    const mdsec_status_t st = mdsec_log_close(&lg);
    (void)st;
}

static int has_actor(uint32_t actor, uint16_t code)
{
    for (uint64_t i = 0; i < res.records && i < LT_CODES_MAX; i++) {
        if (res.codes[i] == code && res.actors[i] == actor) {
            return 1;
        }
    }
    return 0;
}

/* After a cut: the log opens, every acknowledged append is there, the
 * export checks, a tear was logged, and the log goes on working. */
static void check_after_cut(const int ok[N_APPEND], uint32_t k, uint32_t torn, unsigned long *tears)
{
    mdsec_log_stats_t s;
    mdsec_log_entry_t e;
    mdsec_status_t st = mdsec_log_open(&lg, &cfg);
    /* Signatures are checked at every 16th cut (each costs an ECDSA
     * verification); everything else at every cut. */
    lt_check_signatures = (k + torn) % 16u == 0u;
    if (st != MDSEC_OK) {
        print_error("cut at op %lu torn %lu: open gave %d\n", (unsigned long)k, (unsigned long)torn,
                    (int)st);
        fail();
    }
    assert_int_equal(mdsec_log_stats(&lg, &s), MDSEC_OK);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    lt_check(k0, 0, &res);
    if (res.status != MDSEC_OK) {
        print_error("cut at op %lu torn %lu: export check %d at seq %lu\n", (unsigned long)k,
                    (unsigned long)torn, (int)res.status, (unsigned long)res.bad_seq);
        fail();
    }
    for (uint32_t i = 0; i < N_APPEND; i++) {
        if (ok[i] && !has_actor(ACTOR0 + i, MDSEC_EV_SECURITY_SETTING)) {
            print_error("cut at op %lu torn %lu: acknowledged append %lu lost\n", (unsigned long)k,
                        (unsigned long)torn, (unsigned long)i);
            fail();
        }
    }
    if (s.torn_recovered != 0u) {
        (*tears)++;
        assert_true(lt_count(&res, MDSEC_EV_AUDIT_TORN_RECOVERED) >= 1u);
        const long t = lt_find(&res, MDSEC_EV_AUDIT_TORN_RECOVERED, 0);
        assert_true(t > 0);
    }
    memset(&e, 0, sizeof e);
    e.code = MDSEC_EV_TIME_CHANGE;
    e.actor = 4242u;
    assert_int_equal(mdsec_log_append(&lg, &e, NULL), MDSEC_OK);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    reboot();
    assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    lt_check(k0, 0, &res);
    assert_int_equal(res.status, MDSEC_OK);
    assert_true(has_actor(4242u, MDSEC_EV_TIME_CHANGE));
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    lt_check_signatures = 1;
}

/* The region as the cut left it (after a reboot). */
static uint8_t before[8u * 4096u];
static uint8_t after[8u * 4096u];

static void region_after_cut(uint32_t k, uint8_t *out)
{
    int ok[N_APPEND];
    mdsec_port_storage_info_t g;
    restore();
    mdsec_posix_fault_arm(k, 0);
    session(ok);
    reboot();
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_LOG, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_read(MDSEC_PORT_REGION_LOG, 0, out, g.size), MDSEC_OK);
}

/* Bytes operation k changes: the span between the first and the last byte
 * it changed (0 when it changed nothing, such as an erase of an erased
 * sector). */
static uint32_t footprint(uint32_t k)
{
    mdsec_port_storage_info_t g;
    uint32_t first = UINT32_MAX;
    uint32_t last = 0;
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_LOG, &g), MDSEC_OK);
    region_after_cut(k, before);
    region_after_cut(k + 1u, after);
    for (uint32_t i = 0; i < g.size; i++) {
        if (before[i] != after[i]) {
            first = first == UINT32_MAX ? i : first;
            last = i;
        }
    }
    return first == UINT32_MAX ? 0u : last - first + 1u;
}

static void power_cut_everywhere(const char *name, uint32_t step)
{
    int ok[N_APPEND];
    unsigned long trials = 0;
    unsigned long tears = 0;
    unsigned long partial_ok = 0;

    /* Count the operations, and check the uninterrupted result. */
    snapshot();
    mdsec_posix_fault_clear();
    session(ok);
    const uint32_t ops = mdsec_posix_fault_op_count();
    for (uint32_t i = 0; i < N_APPEND; i++) {
        assert_true(ok[i]);
    }
    assert_true(ops >= N_APPEND);
    reboot();
    assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    lt_check(k0, 0, &res);
    assert_int_equal(res.status, MDSEC_OK);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);

    for (uint32_t k = 0; k < ops; k++) {
        /* A program (at most one record long): every byte of it, up to one
         * past the last byte it changes. An erase: its edges. */
        const uint32_t span = footprint(k);
        const int program = span <= MDSEC_LOG_RECORD_MAX + MDSEC_LOG_PROGRAM_UNIT_MAX;
        const uint32_t edges[] = {0u, 1u, 95u, 96u, 2048u, 4095u, 100000u};
        const uint32_t n = program ? (span + 1u) / step + 2u : (uint32_t)(sizeof edges / 4u);
        for (uint32_t t = 0; t < n; t++) {
            const uint32_t torn = program ? (t + 1u < n ? t * step : 100000u) : edges[t];
            restore();
            mdsec_posix_fault_arm(k, torn);
            session(ok);
            if (!mdsec_posix_fault_tripped()) {
                continue; /* the cut fell after the last operation */
            }
            for (uint32_t i = 0; i < N_APPEND; i++) {
                partial_ok += ok[i] ? 1u : 0u;
            }
            reboot();
            check_after_cut(ok, k, torn, &tears);
            trials++;
        }
    }
    print_message("%s: %lu operations, %lu cuts, %lu torn tails recovered, %lu acknowledged "
                  "appends kept\n",
                  name, (unsigned long)ops, trials, tears, partial_ok);
    assert_true(trials >= ops);
    assert_true(tears > 0u);
    assert_true(partial_ok > 0u);
}

static void power_loss_appends(void **state)
{
    (void)state;
    device_fresh("log-power", 8);
    cfg = lt_config(&ks, 2, 3, MDSEC_LOG_FULL_STOP, 0);
    assert_int_equal(mdsec_log_format(&cfg, k0), MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    power_cut_everywhere("log-appends", 1);
}

static void power_loss_across_wrap(void **state)
{
    int ok[N_APPEND];
    (void)state;
    device_fresh("log-power-wrap", 4); /* two log sectors */
    cfg = lt_config(&ks, 1, 0, MDSEC_LOG_FULL_OVERWRITE, 0);
    assert_int_equal(mdsec_log_format(&cfg, k0), MDSEC_OK);
    /* Fill until the next session has to drop the oldest sector. */
    for (uint32_t round = 0; round < 40u; round++) {
        assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
        const uint32_t next = (lg.active + 1u) % lg.log_sectors;
        const int full =
            lg.sector_state[next] != 0u && lg.sector_size - lg.write_off < lg.reserve + 4u * 160u;
        assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
        if (full) {
            break;
        }
        session(ok);
    }
    power_cut_everywhere("log-wrap", 1);
    /* The uninterrupted session did wrap. */
    restore();
    session(ok);
    assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    lt_check(k0, 0, &res);
    assert_int_equal(res.status, MDSEC_OK);
    assert_true(res.start_seq > 0u);
    assert_true(res.anchored);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

/* A write that fails without a reboot (the power comes back, or a
 * transient I/O error): the session goes on, and after a reboot every
 * acknowledged record is there and the export checks without a gap. */
static void transient_write_failure(void **state)
{
    static const uint32_t torn[] = {0u, 1u, 20u, 127u, 100000u};
    (void)state;
    for (size_t t = 0; t < sizeof torn / sizeof torn[0]; t++) {
        uint32_t acked = 0;
        device_fresh("log-transient", 8);
        cfg = lt_config(&ks, 2, 4, MDSEC_LOG_FULL_STOP, 0);
        assert_int_equal(mdsec_log_format(&cfg, k0), MDSEC_OK);
        assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
        for (uint32_t i = 0; i < 12u; i++) {
            mdsec_log_entry_t e;
            memset(&e, 0, sizeof e);
            e.code = MDSEC_EV_PRIV_CHANGE;
            e.actor = 700u + i;
            if (i == 5u) {
                mdsec_posix_fault_arm(0, torn[t]); /* this append's program fails */
            }
            const mdsec_status_t st = mdsec_log_append(&lg, &e, NULL);
            if (i == 5u) {
                mdsec_posix_fault_clear(); /* power is back, no reboot */
                /* A complete program is committed even though it reported
                 * a failure; anything less is not. */
                assert_int_equal(st == MDSEC_OK, torn[t] >= 100000u);
            } else {
                assert_int_equal(st, MDSEC_OK);
            }
            acked |= st == MDSEC_OK ? 1u << i : 0u;
        }
        assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
        reboot();
        assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
        assert_int_equal(lt_export_log(&lg), MDSEC_OK);
        lt_check(k0, 0, &res);
        assert_int_equal(res.status, MDSEC_OK);
        assert_int_equal(res.gaps, 0);
        for (uint32_t i = 0; i < 12u; i++) {
            assert_int_equal(has_actor(700u + i, MDSEC_EV_PRIV_CHANGE), (acked >> i) & 1u);
        }
        assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    }
}

/* ---- threads ---- */

#define THREADS 4u
#define ROUNDS  25u

static int thread_errors[THREADS];

static void *worker(void *arg)
{
    const uint32_t t = (uint32_t)(uintptr_t)arg;
    for (uint32_t i = 0; i < ROUNDS; i++) {
        mdsec_log_entry_t e;
        memset(&e, 0, sizeof e);
        e.code = MDSEC_EV_AUTH_SUCCESS;
        e.source = MDSEC_SRC_APP;
        e.actor = t * 1000u + i;
        thread_errors[t] += mdsec_log_append(&lg, &e, NULL) != MDSEC_OK;
    }
    return NULL;
}

static void appends_from_threads(void **state)
{
    pthread_t th[THREADS];
    uint32_t next[THREADS];
    (void)state;
    device_fresh("log-threads", 8);
    cfg = lt_config(&ks, 3, 10, MDSEC_LOG_FULL_STOP, 0);
    assert_int_equal(mdsec_log_format(&cfg, k0), MDSEC_OK);
    assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
    for (uint32_t t = 0; t < THREADS; t++) {
        thread_errors[t] = 0;
        assert_int_equal(pthread_create(&th[t], NULL, worker, (void *)(uintptr_t)t), 0);
    }
    for (uint32_t t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_int_equal(thread_errors[t], 0);
    }
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
    reboot();
    assert_int_equal(mdsec_log_open(&lg, &cfg), MDSEC_OK);
    assert_int_equal(lt_export_log(&lg), MDSEC_OK);
    lt_check(k0, 0, &res); /* consecutive sequence numbers, MACs, chain */
    assert_int_equal(res.status, MDSEC_OK);
    assert_int_equal(res.gaps, 0);
    memset(next, 0, sizeof next);
    for (uint64_t i = 0; i < res.records; i++) {
        if (res.codes[i] == MDSEC_EV_AUTH_SUCCESS) {
            const uint32_t t = res.actors[i] / 1000u;
            assert_true(t < THREADS);
            assert_int_equal(res.actors[i] % 1000u, next[t]); /* each thread's, in order */
            next[t]++;
        }
    }
    for (uint32_t t = 0; t < THREADS; t++) {
        assert_int_equal(next[t], ROUNDS);
    }
    /* every 10, and the one sealing the export */
    assert_int_equal(res.checkpoints, THREADS * ROUNDS / 10u + 1u + 1u);
    assert_int_equal(mdsec_log_close(&lg), MDSEC_OK);
}

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof k0; i++) {
        k0[i] = (uint8_t)(0x90u ^ i);
    }
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    lt_keystore(&ks);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mdsec_ks_deinit(&ks);
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    if (root[0] != '\0') {
        (void)mdsec_test_remove_tree(root);
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(power_loss_appends),
        cmocka_unit_test(power_loss_across_wrap),
        cmocka_unit_test(transient_write_failure),
        cmocka_unit_test(appends_from_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
