/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include "mdsec/core.h"

/*
 * Writes through a volatile pointer cannot be elided, and the empty asm
 * with a memory clobber keeps the compiler from reasoning that the buffer
 * is dead afterwards (the approach of libsodium's sodium_memzero fallback).
 */
void mdsec_memzero(void *buf, size_t len)
{
    volatile unsigned char *p = (volatile unsigned char *)buf;
    size_t i;

    if (p == NULL) {
        return;
    }
    for (i = 0; i < len; i++) {
        p[i] = 0u;
    }
#if defined(__GNUC__) || defined(__clang__)
    __asm__ __volatile__("" : : "r"(buf) : "memory");
#endif
}

int mdsec_ct_equal(const void *a, const void *b, size_t len)
{
    const volatile unsigned char *pa = (const volatile unsigned char *)a;
    const volatile unsigned char *pb = (const volatile unsigned char *)b;
    unsigned int diff = 0u;
    size_t i;

    for (i = 0; i < len; i++) {
        diff |= (unsigned int)(pa[i] ^ pb[i]);
    }
    /* 1 when diff == 0, without a data-dependent branch. */
    return (int)(1u & ((diff - 1u) >> 8));
}

size_t mdsec_hash_len(mdsec_hash_alg_t alg)
{
    switch (alg) {
    case MDSEC_HASH_SHA256: return MDSEC_SHA256_LEN;
    case MDSEC_HASH_SHA384: return MDSEC_SHA384_LEN;
    case MDSEC_HASH_SHA512: return MDSEC_SHA512_LEN;
    default: return 0u;
    }
}
