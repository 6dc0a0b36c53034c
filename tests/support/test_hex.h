/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Test helper: decode a hex string (spaces ignored) into bytes. */
#ifndef MDSEC_TEST_HEX_H
#define MDSEC_TEST_HEX_H

#include <stddef.h>
#include <stdint.h>

static inline int test_hex_nibble(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Returns the number of bytes written, or (size_t)-1 on bad input or overflow. */
static inline size_t test_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex != '\0'; hex++) {
        int v;
        if (*hex == ' ' || *hex == '\n') {
            continue;
        }
        v = test_hex_nibble(*hex);
        if (v < 0) {
            return (size_t)-1;
        }
        if (hi < 0) {
            hi = v;
        } else {
            if (n >= cap) {
                return (size_t)-1;
            }
            out[n++] = (uint8_t)((hi << 4) | v);
            hi = -1;
        }
    }
    return hi < 0 ? n : (size_t)-1;
}

#endif /* MDSEC_TEST_HEX_H */
