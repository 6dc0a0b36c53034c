/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* A cmocka group with one deliberately failing test: cmocka returns the
 * number of failures (1), which must become the image's exit status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void passes(void **state)
{
    (void)state;
    assert_int_equal(1, 1);
}

static void fails_on_purpose(void **state)
{
    (void)state;
    assert_int_equal(1, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(passes),
        cmocka_unit_test(fails_on_purpose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
