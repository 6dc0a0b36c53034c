/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The POSIX port beyond the portable contract: the state directory and its
 * files, persistence across reboots and processes, counter durability,
 * power-cut injection at every operation of a sequence, the root-secret
 * file's protection, the error-checking mutex and fatal().
 *
 * Host only. Each test gets a fresh temporary state directory.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "mdsec/mdsec.h"
#include "mdsec/port_posix.h"
#include "posix_test_util.h"

#define SECTOR 4096u
#define LOG    MDSEC_PORT_REGION_LOG

typedef struct fixture {
    char root[4096]; /* mkdtemp directory */
    char dir[4200];  /* state directory inside it (created by the port) */
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    if (f == NULL) {
        return -1;
    }
    mdsec_posix_deinit();
    mdsec_posix_reset_config();
    if (mdsec_test_make_temp_dir(f->root, sizeof f->root, "port-posix") != 0) {
        free(f);
        return -1;
    }
    (void)snprintf(f->dir, sizeof f->dir, "%s/device", f->root);
    if (mdsec_posix_set_state_dir(f->dir) != MDSEC_OK) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    int rc;
    mdsec_posix_deinit();
    mdsec_posix_reset_config();
    rc = mdsec_test_remove_tree(f->root);
    free(f);
    return rc;
}

/* Path of a file in the state directory. */
static const char *state_file(const fixture_t *f, const char *name)
{
    static char path[4400];
    (void)snprintf(path, sizeof path, "%s/%s", f->dir, name);
    return path;
}

static void reboot(void)
{
    mdsec_posix_deinit();
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

static void fill(uint8_t *p, size_t len, unsigned seed)
{
    size_t i;
    for (i = 0; i < len; i++) {
        uint8_t b = (uint8_t)(i * 13u + seed * 71u + 5u);
        p[i] = b == 0xFFu ? 0x5Au : b;
    }
}

static int all_equal(const uint8_t *p, size_t len, uint8_t v)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

/* ---- State directory and configuration ------------------------------------ */

static void defaults_and_files(void **state)
{
    fixture_t *f = *state;
    mdsec_port_storage_info_t info;
    struct stat sb;
    static uint8_t buf[MDSEC_POSIX_LOG_SIZE_DEFAULT];

    assert_null(mdsec_posix_state_dir());
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    assert_int_equal(info.size, 32 * 1024);
    assert_int_equal(info.sector_size, 4096);
    assert_int_equal(info.program_unit, 8);
    assert_int_equal(info.erased_value, 0xFF);
    assert_int_equal(info.torn_writes, 1);
    assert_int_equal(mdsec_port_storage_info(LOG, &info), MDSEC_OK);
    assert_int_equal(info.size, 256 * 1024);
    /* User regions exist only once configured. */
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_USER, &info),
                     MDSEC_ERR_STORAGE_REGION);
    assert_int_equal(mdsec_port_storage_info(2, &info), MDSEC_ERR_STORAGE_REGION);

    /* Before init nothing is usable. */
    assert_int_equal(mdsec_port_storage_read(LOG, 0, buf, 8), MDSEC_ERR_STORAGE_IO);
    assert_int_equal(mdsec_port_storage_erase(LOG, 0, SECTOR), MDSEC_ERR_STORAGE_IO);

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_string_equal(mdsec_posix_state_dir(), f->dir);
    assert_string_equal(mdsec_port_name(), "posix");
    assert_int_equal(stat(f->dir, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(sb.st_mode & 0777, 0700);
    assert_int_equal(stat(state_file(f, "region-0.bin"), &sb), 0);
    assert_int_equal(sb.st_size, 32 * 1024);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(stat(state_file(f, "region-1.bin"), &sb), 0);
    assert_int_equal(sb.st_size, 256 * 1024);
    /* A fresh region is fully erased. */
    assert_int_equal(mdsec_port_storage_read(LOG, 0, buf, sizeof buf), MDSEC_OK);
    assert_true(all_equal(buf, sizeof buf, 0xFF));
}

static void configuration_only_before_init(void **state)
{
    fixture_t *f = *state;
    mdsec_port_storage_info_t g = {8192, 1024, 16, 0x00, 0};
    mdsec_port_storage_info_t bad;
    char longpath[MDSEC_POSIX_PATH_MAX + 2];

    /* Geometry validation. */
    bad = g;
    bad.sector_size = 1000;
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_USER, &bad), MDSEC_ERR_INVALID_ARG);
    bad = g;
    bad.program_unit = 2048;
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_USER, &bad), MDSEC_ERR_INVALID_ARG);
    bad = g;
    bad.size = 8192 + 512;
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_USER, &bad), MDSEC_ERR_INVALID_ARG);
    bad = g;
    bad.size = 0;
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_USER, &bad), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_posix_set_region(2, &g), MDSEC_ERR_STORAGE_REGION);
    assert_int_equal(
        mdsec_posix_set_region(MDSEC_PORT_REGION_USER + MDSEC_POSIX_USER_REGION_COUNT, &g),
        MDSEC_ERR_STORAGE_REGION);
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[sizeof longpath - 1] = '\0';
    assert_int_equal(mdsec_posix_set_state_dir(longpath), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_posix_set_state_dir(""), MDSEC_ERR_INVALID_ARG);

    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_USER, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_posix_set_region(MDSEC_PORT_REGION_USER, NULL), MDSEC_ERR_STATE);
    assert_int_equal(mdsec_posix_set_state_dir(f->root), MDSEC_ERR_STATE);
    assert_string_equal(mdsec_posix_state_dir(), f->dir);
}

static void user_region_with_other_geometry(void **state)
{
    mdsec_port_storage_info_t g = {8192, 1024, 16, 0x00, 0};
    mdsec_port_storage_info_t info;
    uint8_t data[32], rd[64];
    const uint32_t r = MDSEC_PORT_REGION_USER + 1u;
    (void)state;

    assert_int_equal(mdsec_posix_set_region(r, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_info(r, &info), MDSEC_OK);
    assert_memory_equal(&info, &g, sizeof info);
    assert_int_equal(mdsec_port_storage_read(r, 0, rd, sizeof rd), MDSEC_OK);
    assert_true(all_equal(rd, sizeof rd, 0x00));
    memset(data, 0x11, sizeof data);
    assert_int_equal(mdsec_port_storage_program(r, 8, data, 16), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(r, 16, data, 8), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(r, 16, data, 32), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(r, 32, data, 16), MDSEC_ERR_STORAGE_NOT_ERASED);
    assert_int_equal(mdsec_port_storage_erase(r, 512, 1024), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_erase(r, 0, 1024), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_read(r, 0, rd, sizeof rd), MDSEC_OK);
    assert_true(all_equal(rd, sizeof rd, 0x00));
    assert_int_equal(mdsec_port_storage_erase(r, 8192, 1024), MDSEC_ERR_STORAGE_BOUNDS);
}

static void state_dir_from_environment(void **state)
{
    fixture_t *f = *state;
    char envdir[4200];
    struct stat sb;

    (void)snprintf(envdir, sizeof envdir, "%s/from-env", f->root);
    assert_int_equal(setenv(MDSEC_POSIX_STATE_DIR_ENV, envdir, 1), 0);
    assert_int_equal(mdsec_posix_set_state_dir(NULL), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(unsetenv(MDSEC_POSIX_STATE_DIR_ENV), 0);
    assert_string_equal(mdsec_posix_state_dir(), envdir);
    assert_int_equal(stat(envdir, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    assert_int_equal(stat(state_file(f, "region-0.bin"), &sb), -1); /* not in the API dir */

    /* The API wins over the environment. */
    mdsec_posix_deinit();
    assert_int_equal(setenv(MDSEC_POSIX_STATE_DIR_ENV, envdir, 1), 0);
    assert_int_equal(mdsec_posix_set_state_dir(f->dir), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(unsetenv(MDSEC_POSIX_STATE_DIR_ENV), 0);
    assert_string_equal(mdsec_posix_state_dir(), f->dir);
}

static void state_dir_refused_when_others_can_write(void **state)
{
    fixture_t *f = *state;

    assert_int_equal(mkdir(f->dir, 0700), 0);
    assert_int_equal(chmod(f->dir, 0777), 0);
    assert_int_equal(mdsec_port_init(), MDSEC_ERR_STORAGE_IO);
    assert_null(mdsec_posix_state_dir());
    assert_int_equal(chmod(f->dir, 0755), 0); /* readable by others is fine */
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

static void region_file_of_wrong_size_is_refused(void **state)
{
    mdsec_port_storage_info_t g;
    (void)state;

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    mdsec_posix_deinit();
    assert_int_equal(mdsec_port_storage_info(LOG, &g), MDSEC_OK);
    g.size *= 2u;
    assert_int_equal(mdsec_posix_set_region(LOG, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_ERR_STORAGE_IO);
    g.size /= 2u;
    assert_int_equal(mdsec_posix_set_region(LOG, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

/* ---- Persistence ------------------------------------------------------------ */

/* Checks, in this process, that the device holds what persistence_* wrote. */
static int device_matches(const uint8_t *data, uint64_t counter, const uint8_t *secret)
{
    uint8_t rd[64], s[MDSEC_ROOT_SECRET_LEN];
    uint64_t v = 0;
    int ok = mdsec_port_storage_read(LOG, SECTOR, rd, sizeof rd) == MDSEC_OK &&
             memcmp(rd, data, sizeof rd) == 0 && mdsec_port_counter_read(2, &v) == MDSEC_OK &&
             v == counter && mdsec_port_root_secret(s) == MDSEC_OK &&
             memcmp(s, secret, sizeof s) == 0;
    mdsec_memzero(s, sizeof s);
    return ok;
}

static void persistence_across_reboot_and_process(void **state)
{
    uint8_t data[64], secret[MDSEC_ROOT_SECRET_LEN];
    pid_t pid;
    int status = 0;
    (void)state;

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    fill(data, sizeof data, 1);
    assert_int_equal(mdsec_port_storage_program(LOG, SECTOR, data, sizeof data), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_advance(2, 77), MDSEC_OK);
    assert_int_equal(mdsec_port_root_secret(secret), MDSEC_OK);

    reboot();
    assert_true(device_matches(data, 77, secret));

    /* A second process on the same device is refused while we hold it. */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        mdsec_posix_deinit(); /* forget the inherited descriptors */
        _exit(mdsec_port_init() == MDSEC_ERR_STATE ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* Once we let go, a new process sees exactly the same device. */
    mdsec_posix_deinit();
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        _exit(mdsec_port_init() == MDSEC_OK && device_matches(data, 77, secret) ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    mdsec_memzero(secret, sizeof secret);
}

/* ---- Counters --------------------------------------------------------------- */

static void counter_file_is_durable_and_checked(void **state)
{
    fixture_t *f = *state;
    struct stat sb;
    uint64_t v = 99;
    uint8_t rec[16];
    int fd;

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(stat(state_file(f, "counter-0"), &sb), -1); /* never advanced */
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_OK);
    assert_true(v == 0);
    assert_int_equal(mdsec_port_counter_advance(0, 0x0102030405060708ull), MDSEC_OK);
    assert_int_equal(stat(state_file(f, "counter-0"), &sb), 0);
    assert_int_equal(sb.st_size, 16);
    assert_int_equal(stat(state_file(f, "counter-0.tmp"), &sb), -1);

    /* Damage: one flipped bit makes the counter unreadable, never 0. */
    fd = open(state_file(f, "counter-0"), O_RDWR);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, rec, sizeof rec, 0), 16);
    assert_int_equal(rec[0], 0x08); /* little endian */
    assert_int_equal(rec[8], 0xF7); /* complement */
    rec[3] ^= 0x10;
    assert_int_equal(pwrite(fd, rec, sizeof rec, 0), 16);
    assert_int_equal(close(fd), 0);
    v = 99;
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_ERR_COUNTER_IO);
    assert_true(v == 0);
    assert_int_equal(mdsec_port_counter_advance(0, UINT64_MAX), MDSEC_ERR_COUNTER_IO);

    /* Truncated: the same. */
    rec[3] ^= 0x10;
    fd = open(state_file(f, "counter-0"), O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, rec, 15), 15);
    assert_int_equal(close(fd), 0);
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_ERR_COUNTER_IO);

    /* Repaired, it reads again. */
    fd = open(state_file(f, "counter-0"), O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, rec, 16), 16);
    assert_int_equal(close(fd), 0);
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_OK);
    assert_true(v == 0x0102030405060708ull);
}

typedef struct race {
    uint32_t id;
    int rounds;
    int violations;
} race_t;

static void *race_thread(void *arg)
{
    race_t *r = arg;
    uint64_t last = 0;
    int i;

    for (i = 0; i < r->rounds; i++) {
        uint64_t v = 0;
        mdsec_status_t rc;
        if (mdsec_port_counter_read(r->id, &v) != MDSEC_OK || v < last) {
            r->violations++;
        }
        last = v;
        rc = mdsec_port_counter_advance(r->id, v + 1u);
        /* Another thread may have got further in between. */
        if (rc != MDSEC_OK && rc != MDSEC_ERR_COUNTER_ROLLBACK) {
            r->violations++;
        }
    }
    return NULL;
}

static void counter_advances_from_threads_never_go_back(void **state)
{
    pthread_t th[4];
    race_t r[4];
    uint64_t v = 0;
    size_t i;
    (void)state;

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    for (i = 0; i < 4; i++) {
        r[i].id = 3;
        r[i].rounds = 25;
        r[i].violations = 0;
        assert_int_equal(pthread_create(&th[i], NULL, race_thread, &r[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(r[i].violations, 0);
    }
    assert_int_equal(mdsec_port_counter_read(3, &v), MDSEC_OK);
    assert_true(v >= 25 && v <= 100);
}

/* ---- Power cuts ---------------------------------------------------------------
 *
 * A sequence of six operations on a known starting state. Run once to count
 * its cut points, then once per cut point and per tear length; after each
 * cut, every later operation must fail, and after the "reboot" the device
 * must hold exactly: the operations before the cut, the torn part of the
 * cut one, and nothing of the rest. */

#define SEQ_OPS     6
#define SEQ_COUNTER 1u
#define OLD_LEN     256u

static uint8_t rec_a[64], rec_b[64], rec_c[64], old_pat[OLD_LEN];

/* Sector 0 and 1 of the log hold old_pat at their start; counter 1 = base. */
static void seq_baseline(uint64_t *base)
{
    mdsec_posix_fault_clear();
    assert_int_equal(mdsec_port_storage_erase(LOG, 0, 2u * SECTOR), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(LOG, 0, old_pat, OLD_LEN), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(LOG, SECTOR, old_pat, OLD_LEN), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_read(SEQ_COUNTER, base), MDSEC_OK);
    mdsec_posix_fault_clear();
}

static mdsec_status_t seq_op(int i, uint64_t base)
{
    switch (i) {
    case 0: return mdsec_port_storage_erase(LOG, 0, SECTOR);
    case 1: return mdsec_port_storage_program(LOG, 0, rec_a, sizeof rec_a);
    case 2: return mdsec_port_storage_program(LOG, 64, rec_b, sizeof rec_b);
    case 3: return mdsec_port_counter_advance(SEQ_COUNTER, base + 1u);
    case 4: return mdsec_port_storage_erase(LOG, SECTOR, SECTOR);
    default: return mdsec_port_storage_program(LOG, SECTOR, rec_c, sizeof rec_c);
    }
}

static mdsec_status_t io_error_of(int i)
{
    return i == 3 ? MDSEC_ERR_COUNTER_IO : MDSEC_ERR_STORAGE_IO;
}

/* Expected first OLD_LEN bytes of a sector after the cut. */
static void expect_sector0(uint8_t *exp, int cut, uint32_t torn)
{
    memcpy(exp, old_pat, OLD_LEN);
    if (cut == 0) {
        size_t t = torn < OLD_LEN ? torn : OLD_LEN; /* erase reached the first t bytes */
        memset(exp, 0xFF, t);
        return;
    }
    memset(exp, 0xFF, OLD_LEN);
    if (cut == 1) {
        memcpy(exp, rec_a, torn < 64u ? torn : 64u);
        return;
    }
    memcpy(exp, rec_a, 64);
    if (cut == 2) {
        memcpy(exp + 64, rec_b, torn < 64u ? torn : 64u);
        return;
    }
    memcpy(exp + 64, rec_b, 64);
}

static void expect_sector1(uint8_t *exp, int cut, uint32_t torn)
{
    memcpy(exp, old_pat, OLD_LEN);
    if (cut < 4) {
        return;
    }
    if (cut == 4) {
        memset(exp, 0xFF, torn < OLD_LEN ? torn : OLD_LEN);
        return;
    }
    memset(exp, 0xFF, OLD_LEN);
    if (cut == 5) {
        memcpy(exp, rec_c, torn < 64u ? torn : 64u);
    }
}

static void power_cut_at_every_operation(void **state)
{
    fixture_t *f = *state;
    static const uint32_t tears[] = {0, 1, 8, 13, 16, 63, 64, 5000};
    uint8_t exp[OLD_LEN], rd[OLD_LEN];
    uint64_t base, v;
    int cut, i;
    size_t k;
    struct stat sb;

    fill(rec_a, sizeof rec_a, 2);
    fill(rec_b, sizeof rec_b, 3);
    fill(rec_c, sizeof rec_c, 4);
    fill(old_pat, sizeof old_pat, 5);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);

    /* Count the cut points. */
    seq_baseline(&base);
    for (i = 0; i < SEQ_OPS; i++) {
        assert_int_equal(seq_op(i, base), MDSEC_OK);
    }
    assert_int_equal(mdsec_posix_fault_op_count(), SEQ_OPS);

    for (cut = 0; cut < SEQ_OPS; cut++) {
        for (k = 0; k < sizeof tears / sizeof tears[0]; k++) {
            seq_baseline(&base);
            mdsec_posix_fault_arm((uint32_t)cut, tears[k]);
            for (i = 0; i < cut; i++) {
                assert_int_equal(seq_op(i, base), MDSEC_OK);
            }
            assert_int_equal(mdsec_posix_fault_op_count(), cut);
            assert_int_equal(mdsec_posix_fault_tripped(), 0);
            assert_int_equal(seq_op(cut, base), io_error_of(cut));
            assert_int_equal(mdsec_posix_fault_tripped(), 1);
            /* Powered off: everything that writes fails, in any order. */
            for (i = 0; i < SEQ_OPS; i++) {
                assert_int_equal(seq_op(i, base), io_error_of(i));
            }
            assert_int_equal(mdsec_port_counter_advance(0, UINT64_MAX), MDSEC_ERR_COUNTER_IO);
            assert_int_equal(mdsec_posix_fault_op_count(), cut);

            /* Reboot with power back. */
            mdsec_posix_fault_clear();
            reboot();
            assert_int_equal(stat(state_file(f, "counter-1.tmp"), &sb), -1);
            expect_sector0(exp, cut, tears[k]);
            assert_int_equal(mdsec_port_storage_read(LOG, 0, rd, OLD_LEN), MDSEC_OK);
            assert_memory_equal(rd, exp, OLD_LEN);
            expect_sector1(exp, cut, tears[k]);
            assert_int_equal(mdsec_port_storage_read(LOG, SECTOR, rd, OLD_LEN), MDSEC_OK);
            assert_memory_equal(rd, exp, OLD_LEN);
            /* The rest of both sectors is erased whatever happened. */
            assert_int_equal(mdsec_port_storage_read(LOG, OLD_LEN, rd, OLD_LEN), MDSEC_OK);
            assert_true(all_equal(rd, OLD_LEN, 0xFF));
            /* Counter: old or new, never anything else. */
            assert_int_equal(mdsec_port_counter_read(SEQ_COUNTER, &v), MDSEC_OK);
            if (cut < 3 || (cut == 3 && tears[k] < 16u)) {
                assert_true(v == base);
            } else {
                assert_true(v == base + 1u);
            }
            /* And the device works again. */
            assert_int_equal(mdsec_port_storage_erase(LOG, 0, SECTOR), MDSEC_OK);
        }
    }
}

static void power_cut_between_operations_and_rejects_do_not_count(void **state)
{
    uint8_t data[16], rd[16];
    uint64_t v;
    (void)state;

    fill(data, sizeof data, 6);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    mdsec_posix_fault_clear();
    /* Refused or no-op calls change nothing, so they are not cut points. */
    assert_int_equal(mdsec_port_storage_program(LOG, 4, data, 8), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_erase(LOG, 0, 100), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(LOG, 1u << 30, data, 8), MDSEC_ERR_STORAGE_BOUNDS);
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_advance(0, v), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_read(LOG, 0, rd, sizeof rd), MDSEC_OK);
    assert_int_equal(mdsec_posix_fault_op_count(), 0);
    assert_int_equal(mdsec_port_storage_program(LOG, 0, data, 8), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(LOG, 0, data, 8), MDSEC_ERR_STORAGE_NOT_ERASED);
    assert_int_equal(mdsec_posix_fault_op_count(), 1);

    /* Cut at the first operation, torn after 3 bytes (inside one program
     * unit): exactly 3 new bytes, the rest erased. */
    mdsec_posix_fault_arm(0, 3);
    assert_int_equal(mdsec_port_storage_program(LOG, 8, data, 16), MDSEC_ERR_STORAGE_IO);
    /* Argument errors are still reported as such while off. */
    assert_int_equal(mdsec_port_storage_program(LOG, 9, data, 8), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(LOG, 64, data, 8), MDSEC_ERR_STORAGE_IO);
    assert_int_equal(mdsec_port_storage_read(LOG, 8, rd, 16), MDSEC_OK);
    assert_memory_equal(rd, data, 3);
    assert_true(all_equal(rd + 3, 13, 0xFF));
    /* Reprogramming the torn unit is refused: it is not erased. */
    mdsec_posix_fault_clear();
    assert_int_equal(mdsec_port_storage_program(LOG, 8, data, 8), MDSEC_ERR_STORAGE_NOT_ERASED);
    assert_int_equal(mdsec_port_storage_program(LOG, 16, data, 8), MDSEC_OK);
}

static void power_cut_in_region_without_torn_writes(void **state)
{
    mdsec_port_storage_info_t g = {4096, 1024, 4, 0xFF, 0};
    const uint32_t r = MDSEC_PORT_REGION_USER;
    uint8_t data[32], rd[32];
    (void)state;

    fill(data, sizeof data, 7);
    assert_int_equal(mdsec_posix_set_region(r, &g), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    /* Cut before the end: nothing written. */
    mdsec_posix_fault_arm(0, 31);
    assert_int_equal(mdsec_port_storage_program(r, 0, data, 32), MDSEC_ERR_STORAGE_IO);
    mdsec_posix_fault_clear();
    assert_int_equal(mdsec_port_storage_read(r, 0, rd, 32), MDSEC_OK);
    assert_true(all_equal(rd, 32, 0xFF));
    /* Cut "after" the end: all written, but the call still failed. */
    mdsec_posix_fault_arm(0, 32);
    assert_int_equal(mdsec_port_storage_program(r, 0, data, 32), MDSEC_ERR_STORAGE_IO);
    mdsec_posix_fault_clear();
    assert_int_equal(mdsec_port_storage_read(r, 0, rd, 32), MDSEC_OK);
    assert_memory_equal(rd, data, 32);
    /* A torn erase of 1.5 sectors of a two-sector erase. */
    mdsec_posix_fault_arm(0, 1536);
    assert_int_equal(mdsec_port_storage_erase(r, 0, 2048), MDSEC_ERR_STORAGE_IO);
    mdsec_posix_fault_clear();
    assert_int_equal(mdsec_port_storage_read(r, 0, rd, 32), MDSEC_OK);
    assert_true(all_equal(rd, 32, 0xFF));
}

/* ---- Root secret -------------------------------------------------------------- */

static void root_secret_file_protection(void **state)
{
    fixture_t *f = *state;
    uint8_t a[MDSEC_ROOT_SECRET_LEN], b[MDSEC_ROOT_SECRET_LEN];
    const char *path;
    struct stat sb;
    mode_t old_mask;
    int fd;

    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    path = state_file(f, "root-secret");
    assert_int_equal(stat(path, &sb), -1); /* created on first use only */
    old_mask = umask(0);                   /* a permissive umask changes nothing */
    assert_int_equal(mdsec_port_root_secret(a), MDSEC_OK);
    (void)umask(old_mask);
    path = state_file(f, "root-secret");
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, MDSEC_ROOT_SECRET_LEN);
    assert_int_equal(stat(state_file(f, "root-secret.tmp"), &sb), -1);

    /* Readable by others: refused, output zeroed. */
    path = state_file(f, "root-secret");
    assert_int_equal(chmod(path, 0644), 0);
    memset(b, 0xA5, sizeof b);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_ERR_ROOT_SECRET);
    assert_true(all_equal(b, sizeof b, 0));
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_ERR_ROOT_SECRET);
    assert_int_equal(chmod(path, 0604), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_ERR_ROOT_SECRET);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_OK);
    assert_memory_equal(a, b, sizeof a);
    /* 0400 is fine too: the owner may make it read-only. */
    assert_int_equal(chmod(path, 0400), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_OK);
    assert_int_equal(chmod(path, 0600), 0);

    /* Wrong size: refused, and never silently regenerated. */
    fd = open(path, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "x", 1), 1);
    assert_int_equal(close(fd), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_ERR_ROOT_SECRET);
    assert_int_equal(truncate(path, MDSEC_ROOT_SECRET_LEN - 1), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_ERR_ROOT_SECRET);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, MDSEC_ROOT_SECRET_LEN - 1);

    /* A symbolic link is not followed. */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(symlink("region-0.bin", path), 0);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_ERR_ROOT_SECRET);
    mdsec_memzero(a, sizeof a);
    mdsec_memzero(b, sizeof b);
}

static void root_secret_differs_between_devices(void **state)
{
    fixture_t *f = *state;
    uint8_t a[MDSEC_ROOT_SECRET_LEN], b[MDSEC_ROOT_SECRET_LEN];
    char other[4200];

    assert_int_equal(mdsec_port_root_secret(a), MDSEC_ERR_ROOT_SECRET); /* not initialised */
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_port_root_secret(a), MDSEC_OK);
    mdsec_posix_deinit();
    (void)snprintf(other, sizeof other, "%s/other", f->root);
    assert_int_equal(mdsec_posix_set_state_dir(other), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_OK);
    assert_memory_not_equal(a, b, sizeof a);
    mdsec_memzero(a, sizeof a);
    mdsec_memzero(b, sizeof b);
}

/* ---- Mutex, time, fatal ------------------------------------------------------- */

typedef struct shared {
    mdsec_port_mutex_t m;
    long count;
    int errors;
} shared_t;

static void *mutex_thread(void *arg)
{
    shared_t *s = arg;
    int i;
    for (i = 0; i < 20000; i++) {
        if (mdsec_port_mutex_lock(&s->m) != MDSEC_OK) {
            s->errors++;
            continue;
        }
        s->count++;
        if (mdsec_port_mutex_unlock(&s->m) != MDSEC_OK) {
            s->errors++;
        }
    }
    return NULL;
}

static void mutex_excludes_and_checks_errors(void **state)
{
    static shared_t s;
    pthread_t th[4];
    size_t i;
    (void)state;

    memset(&s, 0, sizeof s);
    assert_int_equal(mdsec_port_mutex_init(&s.m), MDSEC_OK);
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_create(&th[i], NULL, mutex_thread, &s), 0);
    }
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
    }
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.count, 4 * 20000);

    /* Error checking: unlock when not held, relock by the holder. */
    assert_int_equal(mdsec_port_mutex_unlock(&s.m), MDSEC_ERR_MUTEX);
    assert_int_equal(mdsec_port_mutex_lock(&s.m), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_lock(&s.m), MDSEC_ERR_MUTEX);
    assert_int_equal(mdsec_port_mutex_unlock(&s.m), MDSEC_OK);
    mdsec_port_mutex_destroy(&s.m);
    /* Use after destroy, and of a never-initialised object, is refused. */
    assert_int_equal(mdsec_port_mutex_lock(&s.m), MDSEC_ERR_MUTEX);
    assert_int_equal(mdsec_port_mutex_unlock(&s.m), MDSEC_ERR_MUTEX);
    mdsec_port_mutex_destroy(&s.m); /* twice is harmless */
    assert_int_equal(mdsec_port_mutex_init(NULL), MDSEC_ERR_MUTEX);
    assert_int_equal(mdsec_port_mutex_lock(NULL), MDSEC_ERR_MUTEX);
}

static void clocks_match_the_system(void **state)
{
    struct timespec ts;
    int64_t ms = 0;
    uint64_t a, b;
    (void)state;

    assert_int_equal(mdsec_port_wallclock_ms(&ms), MDSEC_OK);
    assert_int_equal(clock_gettime(CLOCK_REALTIME, &ts), 0);
    assert_true(llabs((long long)(ts.tv_sec * 1000LL + ts.tv_nsec / 1000000L) - ms) < 5000);
    assert_int_equal(mdsec_port_wallclock_ms(NULL), MDSEC_ERR_INVALID_ARG);

    a = mdsec_port_monotonic_us();
    ts.tv_sec = 0;
    ts.tv_nsec = 20 * 1000 * 1000;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    b = mdsec_port_monotonic_us();
    assert_true(b - a >= 20000u);
    assert_true(b - a < 5000000u);
}

static void fatal_reports_and_aborts(void **state)
{
    int fds[2];
    char msg[256];
    ssize_t n;
    size_t got = 0;
    pid_t pid;
    int status = 0;
    (void)state;

    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL; /* cmocka catches some signals; not ours */
        (void)sigaction(SIGABRT, &sa, NULL);
        (void)dup2(fds[1], 2);
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
    assert_int_equal(close(fds[1]), 0);
    while (got < sizeof msg - 1 && (n = read(fds[0], msg + got, sizeof msg - 1 - got)) > 0) {
        got += (size_t)n;
    }
    msg[got] = '\0';
    assert_int_equal(close(fds[0]), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(msg, mdsec_status_str(MDSEC_ERR_INTERNAL)));
    assert_non_null(strstr(msg, "fatal"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(defaults_and_files, setup, teardown),
        cmocka_unit_test_setup_teardown(configuration_only_before_init, setup, teardown),
        cmocka_unit_test_setup_teardown(user_region_with_other_geometry, setup, teardown),
        cmocka_unit_test_setup_teardown(state_dir_from_environment, setup, teardown),
        cmocka_unit_test_setup_teardown(state_dir_refused_when_others_can_write, setup, teardown),
        cmocka_unit_test_setup_teardown(region_file_of_wrong_size_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(persistence_across_reboot_and_process, setup, teardown),
        cmocka_unit_test_setup_teardown(counter_file_is_durable_and_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(counter_advances_from_threads_never_go_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(power_cut_at_every_operation, setup, teardown),
        cmocka_unit_test_setup_teardown(power_cut_between_operations_and_rejects_do_not_count,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(power_cut_in_region_without_torn_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(root_secret_file_protection, setup, teardown),
        cmocka_unit_test_setup_teardown(root_secret_differs_between_devices, setup, teardown),
        cmocka_unit_test_setup_teardown(mutex_excludes_and_checks_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(clocks_match_the_system, setup, teardown),
        cmocka_unit_test_setup_teardown(fatal_reports_and_aborts, setup, teardown),
    };
    return cmocka_run_group_tests_name("port_posix", tests, NULL, NULL);
}
