/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * INSECURE TEST-ONLY ENTROPY SOURCE of the QEMU MPS2 AN386 test board.
 *
 * QEMU's AN386 model has no hardware random number generator, so this file
 * implements mdsec_port_entropy() with a fixed-seed pseudo-random sequence
 * (SplitMix64). Every run of every image produces the SAME bytes: keys,
 * nonces and DRBG seeds derived from it are known to anyone. It exists only
 * so that mdsec's tests can exercise the code paths that draw entropy.
 *
 * It refuses to compile unless the build says, through the CMake option
 * MDSEC_INSECURE_TEST_ENTROPY=ON, that this is a test build. A product
 * supplies its own mdsec_port_entropy() from a true RNG (a TRNG peripheral
 * with its health tests, or a secure element); see
 * docs/porting-baremetal.md.
 */
#if !defined(MDSEC_INSECURE_TEST_ENTROPY) || (MDSEC_INSECURE_TEST_ENTROPY != 1)
#error \
    "mdsec_board_insecure_test_entropy.c is a NON-RANDOM entropy source for QEMU tests only. It is built only when the build is configured with -DMDSEC_INSECURE_TEST_ENTROPY=ON (test builds). A product must supply mdsec_port_entropy() from a true RNG instead of this board."
#endif

#include <stdint.h>
#include <string.h>

#include "mdsec/port.h"

#include "board.h"

/* The largest request the port contract allows. */
#define MPS2_ENTROPY_MAX 256u

/* Fixed, published seed: this is what makes the source insecure. */
static uint64_t mps2_insecure_state = 0x6d64736563544553u; /* "mdsecTES" */

static uint64_t mps2_insecure_next(void)
{
    uint64_t z;

    mps2_insecure_state += 0x9e3779b97f4a7c15u;
    z = mps2_insecure_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

mdsec_status_t mdsec_port_entropy(void *buf, size_t len)
{
    uint8_t *out = (uint8_t *)buf;
    size_t i;

    if (buf == NULL) {
        return len == 0u ? MDSEC_OK : MDSEC_ERR_INVALID_ARG;
    }
    if (len > MPS2_ENTROPY_MAX) {
        memset(buf, 0, len);
        return MDSEC_ERR_INVALID_ARG;
    }
    for (i = 0u; i < len; i += 8u) {
        uint64_t v = mps2_insecure_next();
        size_t n = len - i;
        size_t k;

        if (n > 8u) {
            n = 8u;
        }

        for (k = 0u; k < n; k++) {
            out[i + k] = (uint8_t)(v >> (8u * k));
        }
    }
    return MDSEC_OK;
}
