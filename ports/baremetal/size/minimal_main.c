/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The smallest useful mdsec firmware: bring up the port and run the crypto
 * power-on self-test. Built for the size report (`ninja mdsec_size`); the
 * exit status is 0 when the self-test passes. No printf, so that the image
 * measures mdsec rather than stdio. (tests/target runs the same self-test
 * with its stack figure.)
 */
#include "mdsec/mdsec.h"

int main(void)
{
    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    return mdsec_crypto_selftest() == MDSEC_OK ? 0 : 1;
}
