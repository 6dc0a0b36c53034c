/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The power-on self-test of the provider the library was built with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/mdsec.h"

static void selftest_passes(void **state)
{
    (void)state;
    assert_int_equal(mdsec_crypto_selftest(), MDSEC_OK);
    /* It can run again (no hidden one-shot state). */
    assert_int_equal(mdsec_crypto_selftest(), MDSEC_OK);
}

static void provider_name_is_known(void **state)
{
    const char *name = mdsec_crypto_provider_name();
    (void)state;
    assert_non_null(name);
#if defined(MDSEC_CRYPTO_TOMCRYPT)
    assert_string_equal(name, "libtomcrypt");
#elif defined(MDSEC_CRYPTO_PSA)
    assert_string_equal(name, "psa");
#elif defined(MDSEC_CRYPTO_FALLBACK_PSA)
    assert_string_equal(name, "bearssl+psa");
#else
    assert_string_equal(name, "bearssl");
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(selftest_passes),
        cmocka_unit_test(provider_name_is_known),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
