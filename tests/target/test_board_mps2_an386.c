/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The MPS2 AN386 test board and the generic baremetal port, on the target:
 * storage regions keep NOR-flash rules, counters only move forward, the
 * PRIMASK critical section nests and restores the caller's mask, time is
 * monotonic, the wall clock is unknown, the test entropy source keeps the
 * port contract.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

#define SECTOR MDSEC_MPS2_SECTOR_SIZE
#define UNIT   MDSEC_MPS2_PROGRAM_UNIT
#define USER   MDSEC_PORT_REGION_USER

static uint32_t primask(void)
{
    uint32_t v;
    __asm__ __volatile__("mrs %0, primask" : "=r"(v) : : "memory");
    return v;
}

static void set_primask(uint32_t v)
{
    __asm__ __volatile__("msr primask, %0" : : "r"(v) : "memory");
}

static int all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    /* Every test starts from an erased user region. */
    assert_int_equal(mdsec_port_storage_erase(USER, 0, MDSEC_MPS2_USER_SECTORS * SECTOR), MDSEC_OK);
    return 0;
}

static void port_identity(void **state)
{
    (void)state;
    assert_string_equal(mdsec_port_name(), "baremetal");
    assert_int_equal(mdsec_port_init(), MDSEC_OK); /* again: no-op */
}

static void storage_geometry(void **state)
{
    mdsec_port_storage_info_t info;
    (void)state;

    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_KEYSTORE, &info), MDSEC_OK);
    assert_int_equal(info.size, MDSEC_MPS2_KEYSTORE_SECTORS * SECTOR);
    assert_int_equal(info.sector_size, SECTOR);
    assert_int_equal(info.program_unit, UNIT);
    assert_int_equal(info.erased_value, 0xFF);
    assert_int_not_equal(info.torn_writes, 0);
    assert_int_equal(mdsec_port_storage_info(MDSEC_PORT_REGION_LOG, &info), MDSEC_OK);
    assert_int_equal(info.size, MDSEC_MPS2_LOG_SECTORS * SECTOR);
    assert_int_equal(mdsec_port_storage_info(USER, &info), MDSEC_OK);
    assert_int_equal(info.size, MDSEC_MPS2_USER_SECTORS * SECTOR);

    memset(&info, 0xA5, sizeof(info));
    assert_int_equal(mdsec_port_storage_info(2u, &info), MDSEC_ERR_STORAGE_REGION);
    assert_int_equal(info.size, 0);
    assert_int_equal(info.sector_size, 0);
}

static void storage_program_only_erased_bytes(void **state)
{
    uint8_t data[2 * UNIT];
    uint8_t back[4 * UNIT];
    uint8_t other[UNIT];
    (void)state;

    memset(data, 0x3C, sizeof(data));
    memset(other, 0x00, sizeof(other));
    assert_int_equal(mdsec_port_storage_program(USER, UNIT, data, sizeof(data)), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_read(USER, 0, back, sizeof(back)), MDSEC_OK);
    assert_true(all_bytes(back, UNIT, 0xFF));
    assert_memory_equal(back + UNIT, data, sizeof(data));
    assert_true(all_bytes(back + 3 * UNIT, UNIT, 0xFF));

    /* Over programmed bytes: refused, even when the new value only clears
     * bits (which real NOR flash could do, but a portable caller must not
     * rely on). */
    assert_int_equal(mdsec_port_storage_program(USER, UNIT, other, sizeof(other)),
                     MDSEC_ERR_STORAGE_NOT_ERASED);
    /* A range that is partly erased, partly programmed: nothing written. */
    assert_int_equal(mdsec_port_storage_program(USER, 0, data, sizeof(data)),
                     MDSEC_ERR_STORAGE_NOT_ERASED);
    assert_int_equal(mdsec_port_storage_read(USER, 0, back, sizeof(back)), MDSEC_OK);
    assert_true(all_bytes(back, UNIT, 0xFF));
    assert_memory_equal(back + UNIT, data, sizeof(data));

    /* After erasing the sector, programming works again. */
    assert_int_equal(mdsec_port_storage_erase(USER, 0, SECTOR), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_read(USER, 0, back, sizeof(back)), MDSEC_OK);
    assert_true(all_bytes(back, sizeof(back), 0xFF));
    assert_int_equal(mdsec_port_storage_program(USER, UNIT, other, sizeof(other)), MDSEC_OK);
}

static void storage_alignment(void **state)
{
    uint8_t data[3 * UNIT];
    uint8_t back[3 * UNIT];
    (void)state;

    memset(data, 0x11, sizeof(data));
    assert_int_equal(mdsec_port_storage_program(USER, 1, data, UNIT), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(USER, UNIT / 2, data, UNIT),
                     MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(USER, 0, data, UNIT + 1), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_program(USER, 0, data, 1), MDSEC_ERR_STORAGE_ALIGN);
    /* Nothing was written by the refused calls. */
    assert_int_equal(mdsec_port_storage_read(USER, 0, back, sizeof(back)), MDSEC_OK);
    assert_true(all_bytes(back, sizeof(back), 0xFF));

    assert_int_equal(mdsec_port_storage_erase(USER, UNIT, SECTOR), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_erase(USER, 0, SECTOR / 2), MDSEC_ERR_STORAGE_ALIGN);
    assert_int_equal(mdsec_port_storage_erase(USER, SECTOR, SECTOR), MDSEC_OK);

    /* Reads have no alignment rule. */
    assert_int_equal(mdsec_port_storage_program(USER, 0, data, sizeof(data)), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_read(USER, 3, back, 5), MDSEC_OK);
    assert_true(all_bytes(back, 5, 0x11));
}

static void storage_bounds(void **state)
{
    const uint32_t size = MDSEC_MPS2_USER_SECTORS * SECTOR;
    uint8_t data[2 * UNIT];
    uint8_t back[2 * UNIT];
    (void)state;

    memset(data, 0x22, sizeof(data));
    assert_int_equal(mdsec_port_storage_program(USER, size - UNIT, data, UNIT), MDSEC_OK);
    assert_int_equal(mdsec_port_storage_program(USER, size - UNIT, data, 2 * UNIT),
                     MDSEC_ERR_STORAGE_BOUNDS);
    assert_int_equal(mdsec_port_storage_program(USER, size, data, UNIT), MDSEC_ERR_STORAGE_BOUNDS);
    /* offset + len wraps around 2^32: still out of bounds. */
    assert_int_equal(mdsec_port_storage_program(USER, 0xFFFFFFF8u, data, 16),
                     MDSEC_ERR_STORAGE_BOUNDS);
    assert_int_equal(mdsec_port_storage_erase(USER, size, SECTOR), MDSEC_ERR_STORAGE_BOUNDS);
    assert_int_equal(mdsec_port_storage_erase(USER, 0xFFFFF000u, 2 * SECTOR),
                     MDSEC_ERR_STORAGE_BOUNDS);

    memset(back, 0x5A, sizeof(back));
    assert_int_equal(mdsec_port_storage_read(USER, size - 4, back, sizeof(back)),
                     MDSEC_ERR_STORAGE_BOUNDS);
    assert_true(all_bytes(back, sizeof(back), 0)); /* zeroed on failure */
    memset(back, 0x5A, sizeof(back));
    assert_int_equal(mdsec_port_storage_read(2u, 0, back, sizeof(back)), MDSEC_ERR_STORAGE_REGION);
    assert_true(all_bytes(back, sizeof(back), 0));
    assert_int_equal(mdsec_port_storage_program(2u, 0, data, UNIT), MDSEC_ERR_STORAGE_REGION);
    assert_int_equal(mdsec_port_storage_erase(2u, 0, SECTOR), MDSEC_ERR_STORAGE_REGION);
}

static void counters_only_move_forward(void **state)
{
    uint64_t v = 99;
    (void)state;

    assert_int_equal(mdsec_port_counter_read(1, &v), MDSEC_OK);
    assert_int_equal(v, 0);
    assert_int_equal(mdsec_port_counter_advance(1, 5), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_advance(1, 5), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_advance(1, 4), MDSEC_ERR_COUNTER_ROLLBACK);
    assert_int_equal(mdsec_port_counter_read(1, &v), MDSEC_OK);
    assert_int_equal(v, 5);
    assert_int_equal(mdsec_port_counter_advance(1, UINT64_MAX), MDSEC_OK);
    assert_int_equal(mdsec_port_counter_read(1, &v), MDSEC_OK);
    assert_true(v == UINT64_MAX);
    assert_int_equal(mdsec_port_counter_read(0, &v), MDSEC_OK);
    assert_int_equal(v, 0);

    v = 7;
    assert_int_equal(mdsec_port_counter_read(MDSEC_PORT_COUNTER_COUNT, &v), MDSEC_ERR_COUNTER_ID);
    assert_int_equal(v, 0);
    assert_int_equal(mdsec_port_counter_advance(MDSEC_PORT_COUNTER_COUNT, 1), MDSEC_ERR_COUNTER_ID);
}

static void mutex_is_a_nesting_critical_section(void **state)
{
    mdsec_port_mutex_t a, b;
    (void)state;

    assert_int_equal(mdsec_port_mutex_init(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_init(&b), MDSEC_OK);
    assert_int_equal(primask(), 0);

    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_OK);
    assert_int_equal(primask(), 1);
    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_ERR_MUTEX); /* self-deadlock refused */
    assert_int_equal(mdsec_port_mutex_lock(&b), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_ERR_MUTEX); /* not LIFO: refused */
    assert_int_equal(primask(), 1);
    assert_int_equal(mdsec_port_mutex_unlock(&b), MDSEC_OK);
    assert_int_equal(primask(), 1); /* still inside a */
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_OK);
    assert_int_equal(primask(), 0);
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_ERR_MUTEX); /* not held */

    /* A caller that had interrupts masked gets them back masked. */
    set_primask(1);
    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_OK);
    assert_int_equal(mdsec_port_mutex_unlock(&a), MDSEC_OK);
    assert_int_equal(primask(), 1);
    set_primask(0);

    mdsec_port_mutex_destroy(&a);
    mdsec_port_mutex_destroy(&b);
    assert_int_equal(mdsec_port_mutex_lock(&a), MDSEC_ERR_MUTEX); /* destroyed */
    assert_int_equal(mdsec_port_mutex_lock(NULL), MDSEC_ERR_MUTEX);
    assert_int_equal(primask(), 0);
}

static void monotonic_time_advances(void **state)
{
    uint64_t first, prev, now;
    unsigned i;
    (void)state;

    first = mdsec_port_monotonic_us();
    prev = first;
    for (i = 0; i < 20000u; i++) {
        now = mdsec_port_monotonic_us();
        assert_true(now >= prev);
        prev = now;
    }
    /* SysTick counts: 20000 readings take well over a microsecond. */
    assert_true(prev > first);
}

static void monotonic_time_counts_with_interrupts_masked(void **state)
{
    uint64_t prev, now;
    unsigned i;
    (void)state;

    /* The tick interrupt cannot run here; readings must still not go back
     * when the counter wraps with the wrap pending. */
    set_primask(1);
    prev = mdsec_port_monotonic_us();
    for (i = 0; i < 20000u; i++) {
        now = mdsec_port_monotonic_us();
        assert_true(now >= prev);
        prev = now;
    }
    set_primask(0);
}

static void wallclock_is_unknown(void **state)
{
    int64_t ms = 12345;
    (void)state;
    assert_int_equal(mdsec_port_wallclock_ms(&ms), MDSEC_ERR_TIME_UNKNOWN);
    assert_true(ms == 0);
}

static void test_entropy_keeps_the_contract(void **state)
{
    uint8_t a[32], b[32], big[257];
    (void)state;

    assert_int_equal(mdsec_port_entropy(a, sizeof(a)), MDSEC_OK);
    assert_int_equal(mdsec_port_entropy(b, sizeof(b)), MDSEC_OK);
    assert_memory_not_equal(a, b, sizeof(a));
    assert_false(all_bytes(a, sizeof(a), 0));
    assert_int_equal(mdsec_port_entropy(big, 256), MDSEC_OK);
    memset(big, 0x77, sizeof(big));
    assert_int_equal(mdsec_port_entropy(big, sizeof(big)), MDSEC_ERR_INVALID_ARG);
    assert_true(all_bytes(big, sizeof(big), 0));
    assert_int_equal(mdsec_port_entropy(a, 0), MDSEC_OK);
    assert_int_equal(mdsec_port_entropy(NULL, 8), MDSEC_ERR_INVALID_ARG);
    /* Odd lengths fill exactly the bytes asked for. */
    memset(a, 0xEE, sizeof(a));
    assert_int_equal(mdsec_port_entropy(a, 13), MDSEC_OK);
    assert_true(all_bytes(a + 13, sizeof(a) - 13, 0xEE));
}

static void root_secret_is_stable(void **state)
{
    uint8_t a[MDSEC_ROOT_SECRET_LEN], b[MDSEC_ROOT_SECRET_LEN];
    (void)state;

    assert_int_equal(mdsec_port_root_secret(a), MDSEC_OK);
    assert_int_equal(mdsec_port_root_secret(b), MDSEC_OK);
    assert_memory_equal(a, b, sizeof(a));
    assert_false(all_bytes(a, sizeof(a), 0));
}

static void stack_high_water_is_measured(void **state)
{
    (void)state;
    assert_true(mdsec_board_stack_size() >= 4096u);
    assert_true(mdsec_board_stack_used() > 0u);
    assert_true(mdsec_board_stack_used() < mdsec_board_stack_size());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(port_identity, setup),
        cmocka_unit_test_setup(storage_geometry, setup),
        cmocka_unit_test_setup(storage_program_only_erased_bytes, setup),
        cmocka_unit_test_setup(storage_alignment, setup),
        cmocka_unit_test_setup(storage_bounds, setup),
        cmocka_unit_test_setup(counters_only_move_forward, setup),
        cmocka_unit_test_setup(mutex_is_a_nesting_critical_section, setup),
        cmocka_unit_test_setup(monotonic_time_advances, setup),
        cmocka_unit_test_setup(monotonic_time_counts_with_interrupts_masked, setup),
        cmocka_unit_test_setup(wallclock_is_unknown, setup),
        cmocka_unit_test_setup(test_entropy_keeps_the_contract, setup),
        cmocka_unit_test_setup(root_secret_is_stable, setup),
        cmocka_unit_test(stack_high_water_is_measured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
