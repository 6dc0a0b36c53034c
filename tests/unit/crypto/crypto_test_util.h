/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Helpers shared by the crypto tests (portable: also built for Cortex-M).
 *
 * PROVIDER_FN(name) names the provider under test: the test target defines
 * MDSEC_TEST_PROVIDER_BEARSSL, MDSEC_TEST_PROVIDER_TOMCRYPT or
 * MDSEC_TEST_PROVIDER_PSA.
 */
#ifndef MDSEC_CRYPTO_TEST_UTIL_H
#define MDSEC_CRYPTO_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(MDSEC_TEST_PROVIDER_BEARSSL)
#define PROVIDER_FN(name)    mdsec_bearssl_##name
#define PROVIDER_IS_BEARSSL  1
#define PROVIDER_IS_TOMCRYPT 0
#define PROVIDER_IS_PSA      0
#elif defined(MDSEC_TEST_PROVIDER_TOMCRYPT)
#define PROVIDER_FN(name)    mdsec_tomcrypt_##name
#define PROVIDER_IS_BEARSSL  0
#define PROVIDER_IS_TOMCRYPT 1
#define PROVIDER_IS_PSA      0
#elif defined(MDSEC_TEST_PROVIDER_PSA)
#define PROVIDER_FN(name)    mdsec_psa_##name
#define PROVIDER_IS_BEARSSL  0
#define PROVIDER_IS_TOMCRYPT 0
#define PROVIDER_IS_PSA      1
#endif

/* Fails the current cmocka test naming the vector when cond is false. */
#define CHECK_VECTOR(cond, what, idx)                                                         \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            print_error("%s: vector %lu failed (%s)\n", (what), (unsigned long)(idx), #cond); \
            fail();                                                                           \
        }                                                                                     \
    } while (0)

static inline int tu_all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

static inline int tu_all_byte(const uint8_t *p, size_t n, uint8_t v)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

/* DER INTEGER of the unsigned big-endian x (len bytes); returns bytes written. */
static inline size_t tu_der_int(const uint8_t *x, size_t len, uint8_t *out)
{
    size_t n = 0;
    while (len > 1u && x[0] == 0u) {
        x++;
        len--;
    }
    out[n++] = 0x02u;
    out[n++] = (uint8_t)(len + ((x[0] & 0x80u) ? 1u : 0u));
    if (x[0] & 0x80u) {
        out[n++] = 0x00u;
    }
    memcpy(out + n, x, len);
    return n + len;
}

/* ECDSA-Sig-Value in DER from r||s (2 * half bytes); out holds >= 2 * half + 9. */
static inline size_t tu_der_from_raw(const uint8_t *raw, size_t half, uint8_t *out)
{
    uint8_t body[2u * 49u + 6u];
    size_t n = tu_der_int(raw, half, body);
    n += tu_der_int(raw + half, half, body + n);
    out[0] = 0x30u;
    out[1] = (uint8_t)n; /* P-256/P-384 bodies stay below 128 bytes */
    memcpy(out + 2, body, n);
    return n + 2u;
}

/*
 * Valid Wycheproof ECDSA signatures that libtomcrypt 1.18.2 rejects: edge
 * cases of its elliptic-curve arithmetic ("Edge case for Shamir
 * multiplication", "extreme value for k and s^-1"). A false rejection, never
 * a false acceptance. The tests expect exactly these to fail under the
 * libtomcrypt provider, so a fixed library shows up as a test failure.
 */
typedef struct tu_known_reject {
    const char *file;
    uint32_t tc_id;
} tu_known_reject_t;

static const tu_known_reject_t tu_tomcrypt_false_rejects[6] = {
    {"ecdsa_secp256r1_sha256_test.json", 295u},
    {"ecdsa_secp256r1_sha256_test.json", 433u},
    {"ecdsa_secp256r1_sha256_p1363_test.json", 60u},
    {"ecdsa_secp256r1_sha256_p1363_test.json", 210u},
    {"ecdsa_secp384r1_sha384_test.json", 295u},
    {"ecdsa_secp384r1_sha384_p1363_test.json", 60u},
};

static inline int tu_tomcrypt_false_reject(const char *file, uint32_t tc_id)
{
    size_t i;
    for (i = 0; i < sizeof tu_tomcrypt_false_rejects / sizeof tu_tomcrypt_false_rejects[0]; i++) {
        if (tu_tomcrypt_false_rejects[i].tc_id == tc_id &&
            strcmp(tu_tomcrypt_false_rejects[i].file, file) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * The modulus n and exponent e of a PKCS#1 RSAPrivateKey in DER
 * (SEQUENCE { version, n, e, ... }), pointing into der; 0 if der does not
 * start that way. Test code only: reads the fixture keys.
 */
static inline int tu_der_read_int(const uint8_t *der, size_t len, size_t *off, const uint8_t **v,
                                  size_t *vlen)
{
    size_t n;
    size_t l;

    if (*off + 2u > len || der[*off] != 0x02u) {
        return 0;
    }
    n = der[*off + 1u];
    *off += 2u;
    if (n & 0x80u) {
        size_t k = n & 0x7fu;
        if (k == 0u || k > 2u || *off + k > len) {
            return 0;
        }
        for (n = 0, l = 0; l < k; l++) {
            n = (n << 8) | der[*off + l];
        }
        *off += k;
    }
    if (n > len - *off) {
        return 0;
    }
    *v = der + *off;
    *vlen = n;
    *off += n;
    return 1;
}

static inline int tu_rsa_priv_n_e(const uint8_t *der, size_t len, const uint8_t **n, size_t *n_len,
                                  const uint8_t **e, size_t *e_len)
{
    size_t off = 4u; /* 30 82 LL LL */
    const uint8_t *ver;
    size_t ver_len;

    return len > 4u && der[0] == 0x30u && der[1] == 0x82u &&
           tu_der_read_int(der, len, &off, &ver, &ver_len) && ver_len == 1u && ver[0] == 0u &&
           tu_der_read_int(der, len, &off, n, n_len) && tu_der_read_int(der, len, &off, e, e_len);
}

/* Small deterministic generator (xorshift64*) for reproducible inputs. */
typedef struct tu_rng {
    uint64_t s;
} tu_rng_t;

static inline uint64_t tu_next(tu_rng_t *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1DULL;
}

static inline void tu_fill(tu_rng_t *r, uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(tu_next(r) >> 56);
    }
}

static inline size_t tu_below(tu_rng_t *r, size_t bound)
{
    return bound == 0u ? 0u : (size_t)(tu_next(r) % (uint64_t)bound);
}

#endif /* MDSEC_CRYPTO_TEST_UTIL_H */
