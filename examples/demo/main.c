/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec device demo: what an infusion pump's firmware does with mdsec at
 * start-up. Each mdsec module extends it as it lands.
 *
 * Exit status: 0 when every step behaved as a secure device must, 1 when a
 * security control failed, 2 when the platform could not be brought up.
 */
#include <stdio.h>

#include "mdsec/mdsec.h"

static int step(const char *what, mdsec_status_t st)
{
    printf("  %-44s %s\n", what, st == MDSEC_OK ? "ok" : mdsec_status_str(st));
    return st == MDSEC_OK ? 0 : 1;
}

int main(void)
{
    int failures = 0;
    mdsec_status_t st;

    printf("mdsec %s device demo\n", mdsec_version_string());
    printf("  port: %s, crypto provider: %s\n", mdsec_port_name(),
           mdsec_crypto_provider_name());

    st = mdsec_port_init();
    if (step("bring up the platform port", st) != 0) {
        return 2;
    }

    /* Power-on self-test: a device must not use crypto that gives wrong answers. */
    failures += step("crypto known-answer self-test", mdsec_crypto_selftest());

    printf("%s\n", failures == 0 ? "demo: all controls behaved as required"
                                 : "demo: a security control FAILED");
    return failures == 0 ? 0 : 1;
}
