/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The port contract: every promise of include/mdsec/port.h, checked against
 * whichever port the library was built with.
 *
 * PORTABLE: this file includes only the public mdsec headers, cmocka and
 * the standard C library, because it runs as a host process (posix), inside
 * a FreeRTOS task and as a Cortex-M image under QEMU (baremetal). Nothing
 * here may assume a particular storage geometry beyond what port.h
 * guarantees plus the two stated below.
 *
 * Assumptions beyond port.h (checked, with a message):
 *  - program_unit <= TEST_BUF / 2, and sector_size >= 4 * program_unit
 *    and >= TEST_DATA_LEN + 2 * program_unit, so one sector holds the test
 *    data plus room for misaligned attempts.
 *
 * It is destructive: it erases the last sector of the keystore and log
 * regions (and leaves them erased) and advances every counter by one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/mdsec.h"
#include "port_contract.h"

#define ENTROPY_MAX   256u
#define TEST_BUF      512u
#define TEST_DATA_LEN 48u /* rounded up to the program unit */
#define READ_CHUNK    256u

static const uint32_t required_regions[] = {MDSEC_PORT_REGION_KEYSTORE, MDSEC_PORT_REGION_LOG};
#define N_REGIONS (sizeof required_regions / sizeof required_regions[0])

/* Region numbers that no port defines: above the user range's practical
 * end and the largest values (which also catch signedness bugs). */
static const uint32_t bad_regions[] = {UINT32_MAX, 0x7FFFFFFFu, 0x80000000u};
#define N_BAD_REGIONS (sizeof bad_regions / sizeof bad_regions[0])

/* Static, not on the stack: Cortex-M test tasks have small stacks. */
static uint8_t buf_a[TEST_BUF + 64u];
static uint8_t buf_b[TEST_BUF + 64u];
static uint8_t buf_c[TEST_BUF + 64u];

static int is_pow2(uint32_t x)
{
    return x != 0u && (x & (x - 1u)) == 0u;
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

/* ---- Setup ------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    return mdsec_port_init() == MDSEC_OK ? 0 : -1;
}

static void port_name_and_init_is_idempotent(void **state)
{
    const char *name = mdsec_port_name();
    (void)state;
    assert_non_null(name);
    assert_true(name[0] != '\0');
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

/* ---- Entropy ----------------------------------------------------------- */

static void entropy_fills_every_byte(void **state)
{
    /* Each of 8 draws of 256 bytes starts from zero; a byte position the
     * port never writes stays zero in all of them (chance for a working
     * port: 256 * 2^-64). The guard after the buffer must stay intact. */
    uint8_t seen[ENTROPY_MAX];
    unsigned int draw;
    size_t i;
    (void)state;

    memset(seen, 0, sizeof seen);
    for (draw = 0; draw < 8u; draw++) {
        memset(buf_a, 0, ENTROPY_MAX);
        memset(buf_a + ENTROPY_MAX, 0xA5, 16);
        assert_int_equal(mdsec_port_entropy(buf_a, ENTROPY_MAX), MDSEC_OK);
        assert_true(all_equal(buf_a + ENTROPY_MAX, 16, 0xA5));
        for (i = 0; i < ENTROPY_MAX; i++) {
            seen[i] |= buf_a[i];
        }
    }
    for (i = 0; i < ENTROPY_MAX; i++) {
        assert_int_not_equal(seen[i], 0);
    }
}

static void entropy_draws_differ(void **state)
{
    (void)state;
    memset(buf_a, 0, 32);
    memset(buf_b, 0, 32);
    assert_int_equal(mdsec_port_entropy(buf_a, 32), MDSEC_OK);
    assert_int_equal(mdsec_port_entropy(buf_b, 32), MDSEC_OK);
    assert_memory_not_equal(buf_a, buf_b, 32);
    /* Odd and tiny lengths are fine too. */
    memset(buf_a, 0xA5, 8);
    assert_int_equal(mdsec_port_entropy(buf_a, 1), MDSEC_OK);
    assert_true(all_equal(buf_a + 1, 7, 0xA5));
    assert_int_equal(mdsec_port_entropy(buf_a, 7), MDSEC_OK);
}

static void entropy_rejects_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_entropy(NULL, 16), MDSEC_ERR_INVALID_ARG);
    /* Over the limit: refused, and the buffer zeroed like any failure. */
    memset(buf_a, 0xA5, ENTROPY_MAX + 16u);
    assert_int_equal(mdsec_port_entropy(buf_a, ENTROPY_MAX + 1u), MDSEC_ERR_INVALID_ARG);
    assert_true(all_equal(buf_a, ENTROPY_MAX + 1u, 0x00));
    assert_true(all_equal(buf_a + ENTROPY_MAX + 1u, 15, 0xA5));
}

/* ---- Time -------------------------------------------------------------- */

static void monotonic_never_decreases_and_advances(void **state)
{
    uint64_t first, prev, now = 0;
    unsigned long i;
    (void)state;

    first = prev = mdsec_port_monotonic_us();
    for (i = 0; i < 100000ul; i++) {
        now = mdsec_port_monotonic_us();
        assert_true(now >= prev);
        prev = now;
    }
    /* The clock must move: spin (bounded) until it does. */
    for (i = 0; i < 50000000ul && now == first; i++) {
        now = mdsec_port_monotonic_us();
        assert_true(now >= prev);
        prev = now;
    }
    assert_true(now > first);
}

static void wallclock_is_known_or_reports_unknown(void **state)
{
    int64_t ms = 12345;
    mdsec_status_t rc;
    (void)state;

    rc = mdsec_port_wallclock_ms(&ms);
    if (rc == MDSEC_OK) {
        /* After 2000-01-01: a clock that claims to know the time but says
         * 1970 is not known. */
        assert_true(ms > 946684800000LL);
    } else {
        assert_int_equal(rc, MDSEC_ERR_TIME_UNKNOWN);
        assert_true(ms == 0);
    }
}

/* ---- Mutexes ----------------------------------------------------------- */

static void mutex_lifecycle(void **state)
{
    mdsec_port_mutex_t a, b;
    (void)state;

    assert_int_equal(mdsec_port_mutex_init(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_init(&b), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_lock(&b), MDSEC_OK); /* two held at once */
    assert_int_equal(mdsec_port_mutex_unlock(&b), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_OK); /* free again */
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_OK);
    mdsec_port_mutex_destroy(&b);
    mdsec_port_mutex_destroy(&a);
    /* A destroyed mutex can be initialised again. */
    assert_int_equal(mdsec_port_mutex_init(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_OK);
    mdsec_port_mutex_destroy(&a);
}

/* ---- Counters ---------------------------------------------------------- */

static void counters_all_ids_readable(void **state)
{
    uint32_t id;
    (void)state;

    for (id = 0; id < MDSEC_PORT_COUNTER_COUNT; id++) {
        uint64_t v = 0xDEADBEEFu;
        assert_int_equal(mdsec_port_counter_read(id, &v), MDSEC_OK);
        /* A test device never gets near the top; leave room to advance. */
        assert_true(v < UINT64_MAX - 1000u);
    }
}

static void counters_only_move_forward(void **state)
{
    uint32_t id;
    (void)state;

    for (id = 0; id < MDSEC_PORT_COUNTER_COUNT; id++) {
        uint64_t v, now;
        assert_int_equal(mdsec_port_counter_read(id, &v), MDSEC_OK);

        assert_int_equal(mdsec_port_counter_advance(id, v + 1u), MDSEC_OK);
        assert_int_equal(mdsec_port_counter_read(id, &now), MDSEC_OK);
        assert_true(now == v + 1u);

        /* The same value again: succeeds and changes nothing. */
        assert_int_equal(mdsec_port_counter_advance(id, v + 1u), MDSEC_OK);
        assert_int_equal(mdsec_port_counter_read(id, &now), MDSEC_OK);
        assert_true(now == v + 1u);

        /* Backwards: refused, unchanged. */
        assert_int_equal(mdsec_port_counter_advance(id, v), MDSEC_ERR_COUNTER_ROLLBACK);
        assert_int_equal(mdsec_port_counter_advance(id, 0), MDSEC_ERR_COUNTER_ROLLBACK);
        assert_int_equal(mdsec_port_counter_read(id, &now), MDSEC_OK);
        assert_true(now == v + 1u);
    }
}

static void counters_reject_bad_id(void **state)
{
    const uint32_t bad[] = {MDSEC_PORT_COUNTER_COUNT, MDSEC_PORT_COUNTER_COUNT + 1u, UINT32_MAX};
    size_t i;
    (void)state;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t v = 0xDEADBEEFu;
        assert_int_equal(mdsec_port_counter_read(bad[i], &v), MDSEC_ERR_COUNTER_ID);
        assert_true(v == 0u);
        assert_int_equal(mdsec_port_counter_advance(bad[i], 1), MDSEC_ERR_COUNTER_ID);
    }
}

/* ---- Storage ----------------------------------------------------------- */

/* The part of a region the tests use: its last sector. */
typedef struct test_area {
    uint32_t region;
    mdsec_port_storage_info_t info;
    uint32_t off;      /* start of the last sector */
    uint32_t data_len; /* TEST_DATA_LEN rounded up to the program unit */
} test_area_t;

static void get_area(uint32_t region, test_area_t *t)
{
    memset(t, 0, sizeof *t);
    t->region = region;
    assert_int_equal(mdsec_port_storage_info(region, &t->info), MDSEC_OK);
    assert_true(t->info.program_unit <= TEST_BUF / 2u);
    t->data_len = (TEST_DATA_LEN + t->info.program_unit - 1u) & ~(t->info.program_unit - 1u);
    assert_true(t->info.sector_size >= 4u * t->info.program_unit);
    assert_true(t->info.sector_size >= t->data_len + 2u * t->info.program_unit);
    t->off = t->info.size - t->info.sector_size;
}

/* Every byte of a pattern differs from the erased value, so that each
 * program unit written with it counts as "not erased". */
static void pattern(uint8_t *p, size_t len, unsigned seed, uint8_t erased)
{
    size_t i;
    for (i = 0; i < len; i++) {
        uint8_t b = (uint8_t)(i * 37u + seed * 101u + 11u);
        p[i] = b == erased ? (uint8_t)(b ^ 0x5Au) : b;
    }
}

static void assert_erased(const test_area_t *t, uint32_t off, uint32_t len)
{
    while (len > 0u) {
        uint32_t n = len < READ_CHUNK ? len : READ_CHUNK;
        memset(buf_c, (uint8_t)~t->info.erased_value, n);
        assert_int_equal(mdsec_port_storage_read(t->region, off, buf_c, n), MDSEC_OK);
        assert_true(all_equal(buf_c, n, t->info.erased_value));
        off += n;
        len -= n;
    }
}

/* Erases the test sector and programs data_len bytes of pattern(seed 1) at
 * its start; leaves the pattern in buf_a. */
static void prepare_area(const test_area_t *t)
{
    assert_int_equal(mdsec_port_storage_erase(t->region, t->off, t->info.sector_size), MDSEC_OK);
    assert_erased(t, t->off, t->info.sector_size);
    pattern(buf_a, t->data_len, 1, t->info.erased_value);
    assert_int_equal(mdsec_port_storage_program(t->region, t->off, buf_a, t->data_len), MDSEC_OK);
}

static void assert_data_intact(const test_area_t *t)
{
    memset(buf_c, 0, t->data_len);
    assert_int_equal(mdsec_port_storage_read(t->region, t->off, buf_c, t->data_len), MDSEC_OK);
    assert_memory_equal(buf_c, buf_a, t->data_len);
    assert_erased(t, t->off + t->data_len, t->info.sector_size - t->data_len);
}

static void leave_erased(const test_area_t *t)
{
    assert_int_equal(mdsec_port_storage_erase(t->region, t->off, t->info.sector_size), MDSEC_OK);
}

static void storage_info_is_sane(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < N_REGIONS; i++) {
        mdsec_port_storage_info_t info;
        memset(&info, 0, sizeof info);
        assert_int_equal(mdsec_port_storage_info(required_regions[i], &info), MDSEC_OK);
        assert_true(is_pow2(info.sector_size));
        assert_true(is_pow2(info.program_unit));
        assert_true(info.program_unit <= info.sector_size);
        assert_true(info.size >= info.sector_size);
        assert_int_equal(info.size % info.sector_size, 0);
    }
}

static void storage_round_trip(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < N_REGIONS; i++) {
        test_area_t t;
        uint32_t pu;
        get_area(required_regions[i], &t);
        pu = t.info.program_unit;
        prepare_area(&t);
        assert_data_intact(&t);

        /* Reads have no alignment rule. */
        memset(buf_c, 0, TEST_BUF);
        assert_int_equal(mdsec_port_storage_read(t.region, t.off + 1u, buf_c, t.data_len - 2u),
                         MDSEC_OK);
        assert_memory_equal(buf_c, buf_a + 1, t.data_len - 2u);

        /* Programming right after the data, one unit at a time, works. */
        pattern(buf_b, 2u * pu, 2, t.info.erased_value);
        assert_int_equal(mdsec_port_storage_program(t.region, t.off + t.data_len, buf_b, pu),
                         MDSEC_OK);
        assert_int_equal(
            mdsec_port_storage_program(t.region, t.off + t.data_len + pu, buf_b + pu, pu),
            MDSEC_OK);
        memset(buf_c, 0, TEST_BUF);
        assert_int_equal(mdsec_port_storage_read(t.region, t.off + t.data_len, buf_c, 2u * pu),
                         MDSEC_OK);
        assert_memory_equal(buf_c, buf_b, 2u * pu);

        /* Erase brings the whole sector back. */
        leave_erased(&t);
        assert_erased(&t, t.off, t.info.sector_size);

        /* Length 0 is a no-op that succeeds. */
        assert_int_equal(mdsec_port_storage_read(t.region, t.off, buf_c, 0), MDSEC_OK);
        assert_int_equal(mdsec_port_storage_program(t.region, t.off, buf_b, 0), MDSEC_OK);
        assert_int_equal(mdsec_port_storage_erase(t.region, t.off, 0), MDSEC_OK);
    }
}

static void storage_program_over_data_is_refused(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < N_REGIONS; i++) {
        test_area_t t;
        uint32_t pu;
        get_area(required_regions[i], &t);
        pu = t.info.program_unit;
        prepare_area(&t);

        /* Same range, other data. */
        pattern(buf_b, t.data_len, 3, t.info.erased_value);
        assert_int_equal(mdsec_port_storage_program(t.region, t.off, buf_b, t.data_len),
                         MDSEC_ERR_STORAGE_NOT_ERASED);
        /* The same data again is still a second program: refused. */
        assert_int_equal(mdsec_port_storage_program(t.region, t.off, buf_a, t.data_len),
                         MDSEC_ERR_STORAGE_NOT_ERASED);
        /* Straddling the last programmed unit and the first erased one:
         * refused as a whole, so the erased unit stays erased. */
        assert_int_equal(
            mdsec_port_storage_program(t.region, t.off + t.data_len - pu, buf_b, 2u * pu),
            MDSEC_ERR_STORAGE_NOT_ERASED);
        assert_data_intact(&t);
        leave_erased(&t);
    }
}

static void storage_alignment_is_enforced(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < N_REGIONS; i++) {
        test_area_t t;
        uint32_t pu, sec, free_off;
        get_area(required_regions[i], &t);
        pu = t.info.program_unit;
        sec = t.info.sector_size;
        prepare_area(&t);
        free_off = t.off + t.data_len; /* erased and aligned */
        pattern(buf_b, 2u * pu + 1u, 4, t.info.erased_value);

        if (pu > 1u) {
            assert_int_equal(mdsec_port_storage_program(t.region, free_off + 1u, buf_b, pu),
                             MDSEC_ERR_STORAGE_ALIGN);
            assert_int_equal(mdsec_port_storage_program(t.region, free_off + pu / 2u, buf_b, pu),
                             MDSEC_ERR_STORAGE_ALIGN);
            assert_int_equal(mdsec_port_storage_program(t.region, free_off, buf_b, pu + 1u),
                             MDSEC_ERR_STORAGE_ALIGN);
            assert_int_equal(mdsec_port_storage_program(t.region, free_off, buf_b, pu - 1u),
                             MDSEC_ERR_STORAGE_ALIGN);
        }
        /* Erase: whole sectors only. A misaligned start (length fine, range
         * inside the region: it ends inside the test sector). */
        if (t.off >= sec) {
            assert_int_equal(mdsec_port_storage_erase(t.region, t.off - sec + pu, sec),
                             MDSEC_ERR_STORAGE_ALIGN);
        }
        assert_int_equal(mdsec_port_storage_erase(t.region, t.off + sec / 2u, sec / 2u),
                         MDSEC_ERR_STORAGE_ALIGN);
        assert_int_equal(mdsec_port_storage_erase(t.region, t.off, sec / 2u),
                         MDSEC_ERR_STORAGE_ALIGN);
        assert_int_equal(mdsec_port_storage_erase(t.region, t.off, 1), MDSEC_ERR_STORAGE_ALIGN);
        /* Nothing changed. */
        assert_data_intact(&t);
        leave_erased(&t);
    }
}

static void storage_bounds_are_enforced(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < N_REGIONS; i++) {
        test_area_t t;
        uint32_t pu, sec, size;
        get_area(required_regions[i], &t);
        pu = t.info.program_unit;
        sec = t.info.sector_size;
        size = t.info.size;
        prepare_area(&t);
        pattern(buf_b, 2u * pu, 5, t.info.erased_value);

        /* Reads: past the end, straddling it, and offsets that wrap. A
         * failed read zeroes the buffer. */
        memset(buf_c, 0xA5, 32);
        assert_int_equal(mdsec_port_storage_read(t.region, size, buf_c, 1),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_true(all_equal(buf_c, 1, 0));
        memset(buf_c, 0xA5, 32);
        assert_int_equal(mdsec_port_storage_read(t.region, size - 1u, buf_c, 2),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_true(all_equal(buf_c, 2, 0));
        memset(buf_c, 0xA5, 32);
        assert_int_equal(mdsec_port_storage_read(t.region, UINT32_MAX, buf_c, 2),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_true(all_equal(buf_c, 2, 0));
        memset(buf_c, 0xA5, 32);
        assert_int_equal(mdsec_port_storage_read(t.region, UINT32_MAX - 7u, buf_c, 16),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_true(all_equal(buf_c, 16, 0));
        assert_true(all_equal(buf_c + 16, 16, 0xA5));
        /* Reading exactly up to the end is fine. */
        assert_int_equal(mdsec_port_storage_read(t.region, size - 16u, buf_c, 16), MDSEC_OK);

        /* Programs (aligned, so that only the bounds are wrong). */
        assert_int_equal(mdsec_port_storage_program(t.region, size, buf_b, pu),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_int_equal(mdsec_port_storage_program(t.region, size - pu, buf_b, 2u * pu),
                         MDSEC_ERR_STORAGE_BOUNDS);
        /* offset + len wraps to a small number in 32 bits. */
        assert_int_equal(mdsec_port_storage_program(t.region, 0u - pu, buf_b, pu),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_int_equal(mdsec_port_storage_program(t.region, 0u - pu, buf_b, 2u * pu),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_erased(&t, size - pu, pu);

        /* Erases. */
        assert_int_equal(mdsec_port_storage_erase(t.region, size, sec), MDSEC_ERR_STORAGE_BOUNDS);
        assert_int_equal(mdsec_port_storage_erase(t.region, t.off, 2u * sec),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_int_equal(mdsec_port_storage_erase(t.region, 0u - sec, sec),
                         MDSEC_ERR_STORAGE_BOUNDS);
        assert_int_equal(mdsec_port_storage_erase(t.region, 0u - sec, 2u * sec),
                         MDSEC_ERR_STORAGE_BOUNDS);
        /* The refused erases reached nothing. */
        assert_data_intact(&t);
        leave_erased(&t);
    }
}

static void storage_unknown_region(void **state)
{
    size_t i;
    (void)state;

    pattern(buf_b, TEST_BUF, 6, 0xFF);
    for (i = 0; i < N_BAD_REGIONS; i++) {
        mdsec_port_storage_info_t info;
        memset(&info, 0xA5, sizeof info);
        assert_int_equal(mdsec_port_storage_info(bad_regions[i], &info), MDSEC_ERR_STORAGE_REGION);
        assert_true(all_equal((const uint8_t *)&info, sizeof info, 0));
        memset(buf_c, 0xA5, 16);
        assert_int_equal(mdsec_port_storage_read(bad_regions[i], 0, buf_c, 16),
                         MDSEC_ERR_STORAGE_REGION);
        assert_true(all_equal(buf_c, 16, 0));
        assert_int_equal(mdsec_port_storage_program(bad_regions[i], 0, buf_b, 256),
                         MDSEC_ERR_STORAGE_REGION);
        assert_int_equal(mdsec_port_storage_erase(bad_regions[i], 0, 4096),
                         MDSEC_ERR_STORAGE_REGION);
    }
}

/* ---- Root secret ------------------------------------------------------- */

static void root_secret_is_stable_and_not_blank(void **state)
{
    uint8_t a[MDSEC_ROOT_SECRET_LEN], b[MDSEC_ROOT_SECRET_LEN];
    (void)state;

    memset(a, 0, sizeof a);
    memset(b, 0xFF, sizeof b);
    assert_int_equal(mdsec_port_root_secret(a), MDSEC_OK);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_false(all_equal(a, sizeof a, 0x00));
    assert_false(all_equal(a, sizeof a, 0xFF)); /* blank fuses are not a secret */
    mdsec_memzero(a, sizeof a);
    mdsec_memzero(b, sizeof b);
}

int mdsec_test_port_contract(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(port_name_and_init_is_idempotent),
        cmocka_unit_test(entropy_fills_every_byte),
        cmocka_unit_test(entropy_draws_differ),
        cmocka_unit_test(entropy_rejects_bad_arguments),
        cmocka_unit_test(monotonic_never_decreases_and_advances),
        cmocka_unit_test(wallclock_is_known_or_reports_unknown),
        cmocka_unit_test(mutex_lifecycle),
        cmocka_unit_test(counters_all_ids_readable),
        cmocka_unit_test(counters_only_move_forward),
        cmocka_unit_test(counters_reject_bad_id),
        cmocka_unit_test(storage_info_is_sane),
        cmocka_unit_test(storage_round_trip),
        cmocka_unit_test(storage_program_over_data_is_refused),
        cmocka_unit_test(storage_alignment_is_enforced),
        cmocka_unit_test(storage_bounds_are_enforced),
        cmocka_unit_test(storage_unknown_region),
        cmocka_unit_test(root_secret_is_stable_and_not_blank),
    };
    return cmocka_run_group_tests_name("port_contract", tests, group_setup, NULL);
}
