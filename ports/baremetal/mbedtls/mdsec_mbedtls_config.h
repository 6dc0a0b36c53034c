/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Mbed TLS 2.28 configuration of mdsec's Cortex-M build (MBEDTLS_CONFIG_FILE).
 *
 * It replaces Mbed TLS's own mbedtls/config.h: only what is defined here is
 * built. cmake/MdsecCrossMbedTLS.cmake compiles Mbed TLS's crypto library
 * for the target with it, and every file that includes an Mbed TLS header
 * gets the same MBEDTLS_CONFIG_FILE definition from MbedTLS::mbedcrypto.
 *
 * What it provides, through the PSA Crypto API (psa/crypto.h) only:
 *   - SHA-256, SHA-384 and SHA-512 (the SHA-512 module), HMAC, HKDF;
 *   - ECDSA on P-256 and P-384: verify, sign, deterministic sign (RFC 6979);
 *   - RSASSA-PSS (PKCS#1 v2.1, MGF1) verify and sign, keys up to 3072 bits;
 *   - ChaCha20-Poly1305.
 * Not built: ECDH, other curves, RSA key generation, PKCS#1 v1.5, AES,
 * X.509, TLS, networking, file system, time, Mbed TLS's entropy and DRBG
 * modules (PSA takes its random numbers from the port, see below), error
 * strings, self-tests.
 *
 * Random numbers: MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG. PSA calls
 * mbedtls_psa_external_get_random(), which mdsec_mbedtls_platform.c
 * implements over the port's mdsec_port_entropy().
 *
 * Heap: PSA keeps key material, and the bignum code its numbers, on a heap.
 * MBEDTLS_MEMORY_BUFFER_ALLOC_C serves it from one static buffer of
 * MDSEC_MBEDTLS_HEAP_SIZE bytes in mdsec_mbedtls_platform.c, handed to
 * Mbed TLS on its first allocation; newlib's malloc is never used, and the
 * heap cannot grow into the stack or the application's memory.
 */
#ifndef MDSEC_MBEDTLS_CONFIG_H
#define MDSEC_MBEDTLS_CONFIG_H

#include <stddef.h>

/*
 * MDSEC_MBEDTLS_HEAP_SIZE: bytes of the static buffer Mbed TLS allocates
 * from. The smallest buffer each operation succeeds in, measured on the
 * Cortex-M4 by target_mbedtls_heap (tests/target/mbedtls_smoke.c; Mbed TLS
 * 2.28.3, this configuration), one operation at a time:
 *   ECDSA P-256 verify 3852, P-256 sign 3984, P-384 sign 4756,
 *   RSA-PSS 2048 verify 5652, RSA-PSS 3072 verify 8084,
 *   RSA-PSS 3072 sign 15904, ChaCha20-Poly1305 64, SHA-256 0.
 * The default covers the largest, an RSA-3072 signature, with room for one
 * more key held at the same time. A device that never signs with RSA can
 * use about 10 KiB. Override it for the whole build with the CMake cache
 * variable MDSEC_MBEDTLS_HEAP_SIZE (target_mbedtls_heap checks that every
 * operation still fits).
 */
#ifndef MDSEC_MBEDTLS_HEAP_SIZE
#define MDSEC_MBEDTLS_HEAP_SIZE 20480u
#endif

/* ---- System ---------------------------------------------------------------- */
/* bn_mul.h's Thumb-2 multiply-accumulate assembly (UMAAL on Cortex-M4). */
#define MBEDTLS_HAVE_ASM
/* No MBEDTLS_HAVE_TIME / MBEDTLS_HAVE_TIME_DATE: nothing here needs a clock. */
#define MBEDTLS_DEPRECATED_REMOVED

/* ---- Platform: allocation and fatal errors ------------------------------------ */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* The allocator's first call hands the static heap to Mbed TLS's buffer
 * allocator, which then replaces both hooks (mdsec_mbedtls_platform.c). */
#define MBEDTLS_PLATFORM_STD_CALLOC mdsec__mbedtls_heap_calloc
#define MBEDTLS_PLATFORM_STD_FREE   mdsec__mbedtls_heap_free
/* Mbed TLS calls mbedtls_exit() only when the buffer allocator finds its heap
 * corrupted (a double or foreign free): mdsec_port_fatal(), never exit(). */
#define MBEDTLS_PLATFORM_EXIT_MACRO mdsec__mbedtls_exit

/* ---- PSA Crypto ------------------------------------------------------------------ */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG
/* Key slots are a static array; mdsec holds few keys at a time. */
#define MBEDTLS_PSA_KEY_SLOT_COUNT 8

/* ---- Hashes, MAC, KDF ------------------------------------------------------------ */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_SHA512_C
#define MBEDTLS_SHA512_SMALLER
#define MBEDTLS_HKDF_C
/* Deterministic ECDSA's nonce generator (RFC 6979). */
#define MBEDTLS_HMAC_DRBG_C

/* ---- Elliptic curves: ECDSA on P-256 and P-384 ----------------------------------- */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
/* Smallest tables: less heap and code, slower point multiplication. */
#define MBEDTLS_ECP_WINDOW_SIZE       2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C

/* ---- RSA: RSASSA-PSS, 2048 to 3072 bits -------------------------------------------- */
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V21
/* PSA imports and exports RSA keys through the PK layer (2.28). */
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_OID_C
/* 3072-bit numbers at most. The exponentiation window is Mbed TLS 2.28's
 * default, which its ChangeLog reports as the best or close to it on
 * Cortex-M4, and keeps the private-key operation's heap small. */
#define MBEDTLS_MPI_MAX_SIZE    384
#define MBEDTLS_MPI_WINDOW_SIZE 2

/* ---- AEAD: ChaCha20-Poly1305 -------------------------------------------------------- */
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
/* PSA's unauthenticated-cipher code (ChaCha20 as PSA_ALG_STREAM_CIPHER) goes
 * through the cipher module; an image that never calls psa_cipher_*() links
 * none of it. */
#define MBEDTLS_CIPHER_C

/* ---- The hooks above (mdsec_mbedtls_platform.c) ------------------------------------- */
#ifdef __cplusplus
extern "C" {
#endif
void *mdsec__mbedtls_heap_calloc(size_t n, size_t size);
void mdsec__mbedtls_heap_free(void *ptr);
void mdsec__mbedtls_exit(int status);
#ifdef __cplusplus
}
#endif

#include "mbedtls/check_config.h"

#endif /* MDSEC_MBEDTLS_CONFIG_H */
