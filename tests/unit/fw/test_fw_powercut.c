/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Power loss around a firmware commit (posix port, its power-cut
 * injection): whatever instant the power fails during mdsec_fw_commit(),
 * the device reboots able to boot the new image, and the old image still
 * verifies exactly when the counter did not advance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures_fw_powercut.h"
#include "mdsec/fw.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"

#define COUNTER_ID 1u

static mdsec_fw_key_t key;
static mdsec_fw_ctx_t ctx;

static mdsec_fw_policy_t policy(void)
{
    mdsec_fw_policy_t p;
    memset(&p, 0, sizeof p);
    p.keys = &key;
    p.key_count = 1;
    p.use_counter = 1;
    p.counter_id = COUNTER_ID;
    return p;
}

static void reboot(void)
{
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

/* A fresh device (its own state directory) for each cut. */
static void fresh_device(const char *base, unsigned run)
{
    char path[512];
    int n = snprintf(path, sizeof path, "%s/run-%u", base, run);
    assert_true(n > 0 && (size_t)n < sizeof path);
    mdsec_posix_fault_clear();
    mdsec_posix_deinit();
    assert_int_equal(mdsec_posix_set_state_dir(path), MDSEC_OK);
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
}

static void cut_at_every_operation_of_commit(void **state)
{
    static const uint32_t torn[] = {0, 1, 8, 15, 16, 4096};
    const char *base = getenv("MDSEC_STATE_DIR");
    mdsec_fw_policy_t p = policy();
    mdsec_fw_result_t res, tmp;
    uint32_t ops, cut;
    unsigned run = 0, advanced = 0, kept = 0;
    size_t t;
    (void)state;
    assert_non_null(base);
    /* Count the storage operations one commit performs. */
    fresh_device(base, run++);
    assert_int_equal(mdsec_fw_key_from_spki(&key, fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len),
                     MDSEC_OK);
    assert_int_equal(mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_bin,
                                            fx_signed_ecdsa_p256_bin_len, &res),
                     MDSEC_OK);
    mdsec_posix_fault_clear();
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_OK);
    ops = mdsec_posix_fault_op_count();
    assert_true(ops >= 1);
    for (t = 0; t < sizeof torn / sizeof torn[0]; t++) {
        for (cut = 0; cut <= ops; cut++) {
            uint64_t after = 99;
            mdsec_status_t st;
            fresh_device(base, run++);
            assert_int_equal(mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_bin,
                                                    fx_signed_ecdsa_p256_bin_len, &res),
                             MDSEC_OK);
            mdsec_posix_fault_clear();
            mdsec_posix_fault_arm(cut, torn[t]);
            st = mdsec_fw_commit(&p, &res); /* the power fails somewhere in here */
            if (cut < ops) {
                assert_int_not_equal(st, MDSEC_OK); /* a cut is reported, never silent */
            }
            reboot();
            assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &after), MDSEC_OK);
            assert_true(after == 0 || after == 5); /* old or new, never anything else */
            if (after == 5) {
                advanced++;
            } else {
                kept++;
            }
            /* The new image boots either way. */
            assert_int_equal(mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_bin,
                                                    fx_signed_ecdsa_p256_bin_len, &tmp),
                             MDSEC_OK);
            /* The old image boots exactly when the commit did not happen. */
            st = mdsec_fw_verify_buffer(&ctx, &p, fx_signed_ecdsa_p256_old_seccnt2_bin,
                                        fx_signed_ecdsa_p256_old_seccnt2_bin_len, &tmp);
            assert_int_equal(st, after == 5 ? MDSEC_ERR_FW_ROLLBACK : MDSEC_OK);
            /* And the commit completes after the reboot. */
            assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_OK);
            assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &after), MDSEC_OK);
            assert_true(after == 5);
        }
    }
    /* Both outcomes occurred: cuts before the write keep the old counter, a
     * cut after the last operation (cut == ops) leaves the new one. */
    assert_true(kept > 0);
    assert_true(advanced > 0);
    mdsec_posix_deinit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cut_at_every_operation_of_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
