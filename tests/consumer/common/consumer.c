/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* A program outside the mdsec tree that uses the installed library. */
#include <stdio.h>

#include <mdsec/mdsec.h>

int main(void)
{
    mdsec_status_t st = mdsec_port_init();
    if (st != MDSEC_OK) {
        fprintf(stderr, "consumer: port init: %s\n", mdsec_status_str(st));
        return 1;
    }
    st = mdsec_crypto_selftest();
    if (st != MDSEC_OK) {
        fprintf(stderr, "consumer: self-test: %s\n", mdsec_status_str(st));
        return 1;
    }
    printf("consumer: mdsec %s self-test ok (%s, %s)\n", mdsec_version_string(), mdsec_port_name(),
           mdsec_crypto_provider_name());
    return 0;
}
