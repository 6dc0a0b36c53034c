/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Exhaustive short-input driver: calls fn on every input of 1, 2 and 3
 * bytes. On the Cortex-M target (under QEMU) the 3-byte pass takes every
 * 61st value of the first byte, to keep the run in seconds; on the host it
 * covers all 16,777,216 inputs.
 */
#ifndef MDSEC_TEST_EXHAUSTIVE_H
#define MDSEC_TEST_EXHAUSTIVE_H

#include <stddef.h>
#include <stdint.h>

#if defined(__arm__)
#define EXHAUSTIVE_STRIDE3 61u
#else
#define EXHAUSTIVE_STRIDE3 1u
#endif

typedef void (*exhaustive_fn)(const uint8_t *in, size_t len);

/* Returns the number of inputs tried. */
static inline unsigned long exhaustive_short_inputs(exhaustive_fn fn)
{
    uint8_t b[3];
    unsigned long n = 0;
    unsigned a, c, d;
    for (a = 0; a < 256u; a++) {
        b[0] = (uint8_t)a;
        fn(b, 1);
        n++;
        for (c = 0; c < 256u; c++) {
            b[1] = (uint8_t)c;
            fn(b, 2);
            n++;
        }
    }
    for (a = 0; a < 256u; a += EXHAUSTIVE_STRIDE3) {
        b[0] = (uint8_t)a;
        for (c = 0; c < 256u; c++) {
            b[1] = (uint8_t)c;
            for (d = 0; d < 256u; d++) {
                b[2] = (uint8_t)d;
                fn(b, 3);
                n++;
            }
        }
    }
    return n;
}

#endif /* MDSEC_TEST_EXHAUSTIVE_H */
