/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file core.h
 * @brief Version, secret-handling helpers, crypto self-test and the opaque
 *        crypto state types that module contexts embed.
 */
#ifndef MDSEC_CORE_H
#define MDSEC_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Major version: changes when the API or ABI breaks. */
#define MDSEC_VERSION_MAJOR 0
/** @brief Minor version: new features, compatible. */
#define MDSEC_VERSION_MINOR 2
/** @brief Patch version: fixes only. */
#define MDSEC_VERSION_PATCH 0
/** @brief The version as one comparable number, `0xMMmmpp`. */
#define MDSEC_VERSION_NUMBER \
    ((MDSEC_VERSION_MAJOR << 16) | (MDSEC_VERSION_MINOR << 8) | MDSEC_VERSION_PATCH)

/** @cond MDSEC_INTERNAL_MACROS */
#if defined(__GNUC__) || defined(__clang__)
#define MDSEC_NODISCARD __attribute__((warn_unused_result))
#define MDSEC_NORETURN  __attribute__((noreturn))
#else
#define MDSEC_NODISCARD
#define MDSEC_NORETURN
#endif
/** @endcond */

/**
 * @brief The library version as text, for example "0.2.0".
 * @return A static NUL-terminated string.
 */
const char *mdsec_version_string(void);

/**
 * @brief Overwrite @p len bytes at @p buf with zeroes in a way the compiler
 *        cannot remove, even when @p buf is never read again.
 * @param buf Memory to wipe; may be NULL only when @p len is 0.
 * @param len Number of bytes.
 */
void mdsec_memzero(void *buf, size_t len);

/**
 * @brief Compare two byte strings in time that depends only on @p len.
 * @param a First string.
 * @param b Second string.
 * @param len Number of bytes to compare.
 * @return 1 when the strings are equal, 0 otherwise (and 1 when @p len is 0).
 */
int mdsec_ct_equal(const void *a, const void *b, size_t len);

/** @brief Hash algorithms mdsec uses. */
typedef enum mdsec_hash_alg {
    MDSEC_HASH_SHA256 = 1, /**< SHA-256 (FIPS 180-4). */
    MDSEC_HASH_SHA384 = 2, /**< SHA-384 (FIPS 180-4). */
    MDSEC_HASH_SHA512 = 3  /**< SHA-512 (FIPS 180-4): only with Ed25519 built in (libsodium). */
} mdsec_hash_alg_t;

/** @brief SHA-256 digest length in bytes. */
#define MDSEC_SHA256_LEN   32u
/** @brief SHA-384 digest length in bytes. */
#define MDSEC_SHA384_LEN   48u
/** @brief SHA-512 digest length in bytes. */
#define MDSEC_SHA512_LEN   64u
/** @brief The longest digest mdsec produces. */
#define MDSEC_HASH_MAX_LEN 64u

/**
 * @brief Digest length of a hash algorithm.
 * @param alg The algorithm.
 * @return The length in bytes, or 0 for an unknown algorithm.
 */
size_t mdsec_hash_len(mdsec_hash_alg_t alg);

/**
 * @brief Opaque streaming-hash state. Fields are private.
 *
 * Sized by ::MDSEC_CRYPTO_HASH_CTX_SIZE so that module contexts can embed it
 * without a heap.
 */
typedef struct mdsec_hash_ctx {
    /** @privatesection */
    union {
        uint64_t align_;
        void *ptr_align_;
        unsigned char bytes[MDSEC_CRYPTO_HASH_CTX_SIZE];
    } state;
    uint32_t alg;
    uint32_t magic;
} mdsec_hash_ctx_t;

/** @brief Opaque streaming HMAC-SHA256 state. Fields are private. */
typedef struct mdsec_hmac_ctx {
    /** @privatesection */
    union {
        uint64_t align_;
        void *ptr_align_;
        unsigned char bytes[MDSEC_CRYPTO_HMAC_CTX_SIZE];
    } state;
    uint32_t magic;
} mdsec_hmac_ctx_t;

/** @brief Opaque deterministic random bit generator state. Fields are private. */
typedef struct mdsec_drbg {
    /** @privatesection */
    union {
        uint64_t align_;
        void *ptr_align_;
        unsigned char bytes[MDSEC_CRYPTO_DRBG_CTX_SIZE];
    } state;
    uint32_t magic;
} mdsec_drbg_t;

/**
 * @brief Name of the crypto provider compiled in: "bearssl", "libtomcrypt",
 *        "psa" (the PSA Crypto API), or "bearssl+psa" when the operations
 *        BearSSL lacks (RSA-PSS) come from the psa provider
 *        (`MDSEC_CRYPTO_FALLBACK=psa`).
 * @return A static NUL-terminated string.
 */
const char *mdsec_crypto_provider_name(void);

/**
 * @brief Run the power-on known-answer self-tests of the crypto provider.
 *
 * Checks SHA-256, SHA-384, HMAC-SHA256, HKDF-SHA256, the AEAD and ECDSA
 * P-256 verification against published vectors (the same ones the unit
 * tests use). A device should refuse to use cryptography when this fails.
 *
 * @return ::MDSEC_OK, or ::MDSEC_ERR_SELFTEST_FAILED naming no detail (a
 *         failing provider cannot be trusted to say more).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_crypto_selftest(void);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_CORE_H */
