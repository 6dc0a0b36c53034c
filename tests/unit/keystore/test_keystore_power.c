/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Host-only keystore tests on the POSIX port:
 *
 * - power loss: for import, rotation (replace), destroy, and each of them
 *   while a compaction runs, and for an explicit compaction, the storage
 *   operations (programs, erases, counter advances) are counted; then for
 *   every cut point k and several torn sizes the device loses power at
 *   operation k, "reboots" (fault clear, port deinit, init, keystore
 *   reopen) and must show exactly the old or the new state, open cleanly
 *   and keep working;
 * - records written under one device root secret are refused under
 *   another (the region and counter copied into a second device);
 * - a region rolled back to an older copy is reported;
 * - a record committed but not confirmed (a cut in between) is confirmed
 *   by the next open, so that erasing it later is reported;
 * - one context shared by several threads (RAM and flash keys at once).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "mdsec/keystore.h"
#include "ks_test_attr.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"
#include "posix_test_util.h"

#define ID_A     1u
#define ID_B     2u
#define ID_PROBE 9999u

static mdsec_ks_ctx_t ks;
static char root[512];
static char dir[640];
static char snap[640];
static uint8_t mat_a[32];
static uint8_t mat_a2[32];
static uint8_t mat_b[32];

static const char *const state_files[] = {"region-0.bin", "counter-3"};

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
        (void)remove(b); /* absent in the source: absent in the copy */
        return 0;
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

static void copy_state(const char *from_dir, const char *to_dir)
{
    for (size_t i = 0; i < sizeof state_files / sizeof state_files[0]; i++) {
        assert_int_equal(copy_file(from_dir, to_dir, state_files[i]), 0);
    }
}

static mdsec_status_t reboot(void)
{
    mdsec_ks_deinit(&ks);
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    return mdsec_ks_init(&ks, NULL);
}

static void device_fresh(const char *tag)
{
    mdsec_ks_deinit(&ks);
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
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
}

static void snapshot(void)
{
    mdsec_ks_deinit(&ks);
    mdsec_posix_deinit();
    copy_state(dir, snap);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
}

static void restore(void)
{
    mdsec_ks_deinit(&ks);
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    copy_state(snap, dir);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
}

/* 1 when key id holds exactly m, 0 when absent; fails the test otherwise. */
static int key_is(uint32_t id, const uint8_t *m)
{
    uint8_t out[32];
    size_t len = 0;
    const mdsec_status_t st = mdsec_ks_export(&ks, id, out, sizeof out, &len);
    if (st == MDSEC_ERR_KS_NOT_FOUND) {
        return 0;
    }
    assert_int_equal(st, MDSEC_OK);
    assert_int_equal(len, 32);
    return memcmp(out, m, 32) == 0 ? 1 : -1;
}

static void fill_active_sector(void)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    uint8_t m[32];
    memset(m, 0x77, sizeof m);
    while (ks.flash.next_slot + 2u <= ks.flash.slots) {
        assert_int_equal(mdsec_ks_import(&ks, 50, &a, m, 32), MDSEC_OK);
        assert_int_equal(mdsec_ks_destroy(&ks, 50), MDSEC_OK);
    }
    if (ks.flash.next_slot < ks.flash.slots) {
        assert_int_equal(mdsec_ks_import(&ks, 51, &a, m, 32), MDSEC_OK);
    }
    assert_int_equal(ks.flash.next_slot, ks.flash.slots);
}

/* ---- scenarios ---- */

typedef struct scenario {
    const char *name;
    int with_b; /* B exists before the operation */
    int full;   /* the active sector is full: the operation compacts first */
    int op;     /* 0 import B, 1 replace A, 2 destroy B, 3 compact */
} scenario_t;

static void prepare(const scenario_t *s)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    assert_int_equal(mdsec_ks_import(&ks, ID_A, &a, mat_a, 32), MDSEC_OK);
    if (s->with_b) {
        assert_int_equal(mdsec_ks_import(&ks, ID_B, &a, mat_b, 32), MDSEC_OK);
    }
    if (s->full) {
        fill_active_sector();
    }
}

static mdsec_status_t run_op(const scenario_t *s)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    switch (s->op) {
    case 0: return mdsec_ks_import(&ks, ID_B, &a, mat_b, 32);
    case 1: return mdsec_ks_replace(&ks, ID_A, &a, mat_a2, 32);
    case 2: return mdsec_ks_destroy(&ks, ID_B);
    default: return mdsec_ks_compact(&ks);
    }
}

/* 0: the old state, 1: the new state. Anything else fails. */
static int classify(const scenario_t *s)
{
    const int a_old = key_is(ID_A, mat_a);
    const int b = key_is(ID_B, mat_b);
    switch (s->op) {
    case 0:
        assert_int_equal(a_old, 1);
        assert_true(b == 0 || b == 1);
        return b;
    case 1: {
        const int a_new = key_is(ID_A, mat_a2);
        assert_int_equal(b, s->with_b ? 1 : 0);
        assert_true(a_old + a_new == 0); /* -1 + 1: exactly one of them */
        return a_new == 1 ? 1 : 0;
    }
    case 2:
        assert_int_equal(a_old, 1);
        assert_true(b == 0 || b == 1);
        return b == 1 ? 0 : 1;
    default:
        assert_int_equal(a_old, 1);
        assert_int_equal(b, s->with_b ? 1 : 0);
        return 1;
    }
}

/* The store keeps working: a new key goes in, comes out, goes away, and a
 * restart agrees. */
static void still_works(const scenario_t *s, int state)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    uint8_t m[32];
    memset(m, 0x99, sizeof m);
    assert_int_equal(mdsec_ks_import(&ks, ID_PROBE, &a, m, 32), MDSEC_OK);
    assert_int_equal(key_is(ID_PROBE, m), 1);
    assert_int_equal(mdsec_ks_destroy(&ks, ID_PROBE), MDSEC_OK);
    assert_int_equal(reboot(), MDSEC_OK);
    assert_int_equal(key_is(ID_PROBE, m), 0);
    assert_int_equal(classify(s), state);
}

static void power_cut_at_every_operation(const scenario_t *s)
{
    static const uint32_t torn[] = {0u, 1u, 7u, 8u, 60u, 200u, 100000u};
    unsigned long seen[2] = {0, 0};
    device_fresh(s->name);
    prepare(s);
    snapshot();

    /* Count the operations, and check the uninterrupted result. */
    mdsec_posix_fault_clear();
    assert_int_equal(run_op(s), MDSEC_OK);
    const uint32_t ops = mdsec_posix_fault_op_count();
    assert_true(ops >= 3u);
    assert_int_equal(reboot(), MDSEC_OK);
    assert_int_equal(classify(s), 1);

    for (uint32_t k = 0; k < ops; k++) {
        for (size_t t = 0; t < sizeof torn / sizeof torn[0]; t++) {
            restore();
            mdsec_posix_fault_arm(k, torn[t]);
            const mdsec_status_t st = run_op(s);
            assert_true(mdsec_posix_fault_tripped());
            assert_int_not_equal(st, MDSEC_OK);
            const mdsec_status_t rs = reboot();
            if (rs != MDSEC_OK) {
                print_error("%s: cut at op %lu torn %lu: reopen gave %d\n", s->name,
                            (unsigned long)k, (unsigned long)torn[t], (int)rs);
                fail();
            }
            const int state = classify(s);
            seen[state]++;
            still_works(s, state);
        }
    }
    print_message("%s: %lu operations, %lu cuts left the old state, %lu the new\n", s->name,
                  (unsigned long)ops, seen[0], seen[1]);
    if (s->op != 3) {
        assert_true(seen[0] > 0u);
        assert_true(seen[1] > 0u);
    }
}

static void power_loss_import(void **state)
{
    static const scenario_t s = {"ks-import", 0, 0, 0};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void power_loss_replace(void **state)
{
    static const scenario_t s = {"ks-replace", 1, 0, 1};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void power_loss_destroy(void **state)
{
    static const scenario_t s = {"ks-destroy", 1, 0, 2};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void power_loss_import_while_compacting(void **state)
{
    static const scenario_t s = {"ks-import-gc", 0, 1, 0};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void power_loss_replace_while_compacting(void **state)
{
    static const scenario_t s = {"ks-replace-gc", 1, 1, 1};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void power_loss_destroy_while_compacting(void **state)
{
    static const scenario_t s = {"ks-destroy-gc", 1, 1, 2};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void power_loss_compact(void **state)
{
    static const scenario_t s = {"ks-compact", 1, 0, 3};
    (void)state;
    power_cut_at_every_operation(&s);
}

static void other_device_secret_cannot_read(void **state)
{
    char first[640];
    uint8_t out[32];
    size_t len = 0;
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    (void)state;
    device_fresh("ks-secret-a");
    assert_int_equal(mdsec_ks_import(&ks, ID_A, &a, mat_a, 32), MDSEC_OK);
    assert_int_equal(key_is(ID_A, mat_a), 1);
    mdsec_ks_deinit(&ks);
    mdsec_posix_deinit();
    (void)snprintf(first, sizeof first, "%s", dir);
    /* A second device: its own root secret, the first one's flash and counter. */
    char second[640];
    (void)snprintf(second, sizeof second, "%s/other", root);
    assert_int_equal(mdsec_posix_set_state_dir(second), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK); /* creates its own root secret */
    mdsec_posix_deinit();
    copy_state(first, second);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_CORRUPT);
    memset(out, 0xAA, sizeof out);
    /* Nothing of a frame that fails authentication is used, its key id
     * included: the store reports corruption, the key is not there. */
    assert_int_equal(mdsec_ks_export(&ks, ID_A, out, sizeof out, &len), MDSEC_ERR_KS_NOT_FOUND);
    for (size_t i = 0; i < sizeof out; i++) {
        assert_int_equal(out[i], 0);
    }
    assert_int_equal(len, 0);
    /* Back on the first device the key is intact. */
    mdsec_ks_deinit(&ks);
    mdsec_posix_deinit();
    assert_int_equal(mdsec_posix_set_state_dir(first), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_OK);
    assert_int_equal(key_is(ID_A, mat_a), 1);
}

/* The KEK is derived at open and kept: once the store is open, the root
 * secret is no longer read (a device may drop the right to read it after
 * start-up). Replacing the secret file under an open keystore changes
 * nothing until the next open, which then reports the record as corrupt. */
static void kek_is_derived_once_at_open(void **state)
{
    char path[700];
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    (void)state;
    device_fresh("ks-kek-once");
    assert_int_equal(mdsec_ks_import(&ks, ID_A, &a, mat_a, 32), MDSEC_OK);
    (void)snprintf(path, sizeof path, "%s/root-secret", dir);
    assert_int_equal(unlink(path), 0); /* the next read creates a new secret */
    assert_int_equal(key_is(ID_A, mat_a), 1);
    assert_int_equal(mdsec_ks_import(&ks, ID_B, &a, mat_b, 32), MDSEC_OK);
    assert_int_equal(key_is(ID_B, mat_b), 1);
    mdsec_ks_deinit(&ks);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_CORRUPT);
}

static void rolled_back_region_is_reported(void **state)
{
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    (void)state;
    device_fresh("ks-rollback");
    assert_int_equal(mdsec_ks_import(&ks, ID_A, &a, mat_a, 32), MDSEC_OK);
    assert_int_equal(mdsec_ks_import(&ks, ID_B, &a, mat_b, 32), MDSEC_OK);
    snapshot(); /* the attacker's copy: A = old */
    assert_int_equal(mdsec_ks_replace(&ks, ID_A, &a, mat_a2, 32), MDSEC_OK);
    mdsec_ks_deinit(&ks);
    mdsec_posix_deinit();
    /* Put the old region back, keep the device's counter. */
    assert_int_equal(copy_file(snap, dir, "region-0.bin"), 0);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, NULL), MDSEC_ERR_KS_ROLLBACK);
    uint8_t out[32];
    size_t len = 0;
    assert_int_equal(mdsec_ks_export(&ks, ID_A, out, sizeof out, &len), MDSEC_ERR_KS_ROLLBACK);
    /* B was not changed, but nothing says which key lost its update. */
    assert_int_equal(mdsec_ks_export(&ks, ID_B, out, sizeof out, &len), MDSEC_ERR_KS_ROLLBACK);
    assert_int_equal(mdsec_ks_destroy(&ks, ID_A), MDSEC_OK); /* destroy still works */
    assert_int_equal(mdsec_ks_import(&ks, ID_A, &a, mat_b, 32), MDSEC_OK);
    /* The new writes do not wash the rollback out: B stays flagged. */
    assert_int_equal(reboot(), MDSEC_ERR_KS_ROLLBACK);
    assert_int_equal(key_is(ID_A, mat_b), 1);
    assert_int_equal(mdsec_ks_export(&ks, ID_B, out, sizeof out, &len), MDSEC_ERR_KS_ROLLBACK);
    assert_int_equal(mdsec_ks_destroy(&ks, ID_B), MDSEC_OK);
    assert_int_equal(mdsec_ks_compact(&ks), MDSEC_OK);
    assert_int_equal(reboot(), MDSEC_OK);
    assert_int_equal(key_is(ID_A, mat_b), 1);
    assert_int_equal(key_is(ID_B, mat_b), 0);
}

/* A power cut between a record's commit and its confirmation leaves the
 * record committed but its number unconfirmed. The next open accepts it
 * (the new state) and must confirm it: otherwise erasing that one frame
 * later would bring the rotated key's old material back unnoticed. */
static void unconfirmed_record_is_confirmed_at_open(void **state)
{
    static uint8_t sector[65536];
    const mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    mdsec_port_storage_info_t info;
    uint8_t out[32];
    size_t len = 0;
    (void)state;
    device_fresh("ks-unconfirmed");
    assert_int_equal(mdsec_ks_import(&ks, ID_A, &a, mat_a, 32), MDSEC_OK);
    /* replace = reserve, program header and body, program commit, confirm */
    mdsec_posix_fault_arm(3, 0);
    assert_int_not_equal(mdsec_ks_replace(&ks, ID_A, &a, mat_a2, 32), MDSEC_OK);
    assert_true(mdsec_posix_fault_tripped());
    assert_int_equal(reboot(), MDSEC_OK);
    assert_int_equal(key_is(ID_A, mat_a2), 1);
    uint32_t off = UINT32_MAX;
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        if (ks.flash.index[i].used != 0u && ks.flash.index[i].id == ID_A) {
            off = ks.flash.index[i].offset;
        }
    }
    assert_int_not_equal(off, UINT32_MAX);
    const uint32_t frame = ks.flash.frame;
    mdsec_ks_deinit(&ks);
    /* The attacker erases the rotation's frame (the device counter stays). */
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    assert_true(info.sector_size <= sizeof sector);
    const uint32_t base = off - off % info.sector_size;
    assert_int_equal(
        mdsec_port_storage_read(MDSEC_PORT_REGION_KEYSTORE, base, sector, info.sector_size),
        MDSEC_OK);
    memset(sector + (off - base), 0xFF, frame);
    assert_int_equal(mdsec_port_storage_erase(MDSEC_PORT_REGION_KEYSTORE, base, info.sector_size),
                     MDSEC_OK);
    assert_int_equal(
        mdsec_port_storage_program(MDSEC_PORT_REGION_KEYSTORE, base, sector, info.sector_size),
        MDSEC_OK);
    assert_int_equal(reboot(), MDSEC_ERR_KS_ROLLBACK);
    memset(out, 0xAA, sizeof out);
    assert_int_equal(mdsec_ks_export(&ks, ID_A, out, sizeof out, &len), MDSEC_ERR_KS_ROLLBACK);
    for (size_t i = 0; i < sizeof out; i++) {
        assert_int_equal(out[i], 0);
    }
}

/* ---- one context shared by several threads ---- */

#define THREADS 4
#define ROUNDS  100

static int thread_errors[THREADS];

static void *worker(void *arg)
{
    const uint32_t t = (uint32_t)(uintptr_t)arg;
    const int persistent = t == 0u; /* one thread writes the flash meanwhile */
    mdsec_ks_attributes_t a = ks_test_flash_hmac_attr();
    uint8_t k[32];
    uint8_t m1[32];
    uint8_t m2[32];
    if (!persistent) {
        a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
        a.location = MDSEC_KS_LOCATION_RAM;
    }
    for (uint32_t i = 0; i < (persistent ? ROUNDS / 4u : ROUNDS); i++) {
        const uint32_t id = 1000u + t;
        memset(k, (int)(t * 16u + (i & 15u)), sizeof k);
        int bad = mdsec_ks_import(&ks, id, &a, k, 32) != MDSEC_OK;
        bad |= mdsec_ks_mac_compute(&ks, id, MDSEC_KS_ALG_HMAC_SHA256, &i, sizeof i, m1,
                                    sizeof m1) != MDSEC_OK;
        bad |= mdsec_crypto_hmac_sha256(k, 32, &i, sizeof i, m2) != MDSEC_OK;
        bad |= memcmp(m1, m2, 32) != 0;
        bad |= mdsec_ks_destroy(&ks, id) != MDSEC_OK;
        thread_errors[t] += bad;
    }
    return NULL;
}

static void shared_context_is_thread_safe(void **state)
{
    pthread_t th[THREADS];
    (void)state;
    device_fresh("ks-threads");
    for (uint32_t t = 0; t < THREADS; t++) {
        thread_errors[t] = 0;
        assert_int_equal(pthread_create(&th[t], NULL, worker, (void *)(uintptr_t)t), 0);
    }
    for (uint32_t t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_int_equal(thread_errors[t], 0);
    }
    assert_int_equal(reboot(), MDSEC_OK);
    mdsec_ks_attributes_t got;
    assert_int_equal(mdsec_ks_get_attributes(&ks, 1000u, &got), MDSEC_ERR_KS_NOT_FOUND);
}

static int setup(void **state)
{
    (void)state;
    memset(mat_a, 0xA1, sizeof mat_a);
    memset(mat_a2, 0xA2, sizeof mat_a2);
    memset(mat_b, 0xB1, sizeof mat_b);
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
        cmocka_unit_test(power_loss_import),
        cmocka_unit_test(power_loss_replace),
        cmocka_unit_test(power_loss_destroy),
        cmocka_unit_test(power_loss_import_while_compacting),
        cmocka_unit_test(power_loss_replace_while_compacting),
        cmocka_unit_test(power_loss_destroy_while_compacting),
        cmocka_unit_test(power_loss_compact),
        cmocka_unit_test(other_device_secret_cannot_read),
        cmocka_unit_test(rolled_back_region_is_reported),
        cmocka_unit_test(kek_is_derived_once_at_open),
        cmocka_unit_test(unconfirmed_record_is_confirmed_at_open),
        cmocka_unit_test(shared_context_is_thread_safe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
