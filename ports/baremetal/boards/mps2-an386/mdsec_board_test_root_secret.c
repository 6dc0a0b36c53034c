/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * TEST-ONLY device root secret of the QEMU MPS2 AN386 test board.
 *
 * The root secret must be unique per device, stay inside it, and survive
 * resets. QEMU's model has no fuses, OTP or secure element, so every image
 * gets the same published constant below: anything derived from it (key
 * encryption keys, log MAC keys) is known to anyone who reads this file.
 * A product reads its root secret from OTP/eFuses, a PUF or a secure
 * element; see docs/porting-baremetal.md.
 */
#include <stdint.h>

#include "mdsec/port.h"

#include "board.h"

/* "mdsec mps2-an386 TEST root key!!" -- public, not a secret. */
static const uint8_t mps2_test_root_secret[32] = {
    0x6d, 0x64, 0x73, 0x65, 0x63, 0x20, 0x6d, 0x70, 0x73, 0x32, 0x2d, 0x61, 0x6e, 0x33, 0x38, 0x36,
    0x20, 0x54, 0x45, 0x53, 0x54, 0x20, 0x72, 0x6f, 0x6f, 0x74, 0x20, 0x6b, 0x65, 0x79, 0x21, 0x21,
};

mdsec_status_t mdsec_port_root_secret(uint8_t out[MDSEC_ROOT_SECRET_LEN])
{
    size_t i;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* Repeats the constant if MDSEC_ROOT_SECRET_LEN is configured longer. */
    for (i = 0u; i < MDSEC_ROOT_SECRET_LEN; i++) {
        out[i] = mps2_test_root_secret[i % sizeof(mps2_test_root_secret)];
    }
    return MDSEC_OK;
}
