/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Ed25519 and SHA-512 through libsodium (ISC), beside the provider that
 * MDSEC_CRYPTO selects. Nothing here is cryptography of our own: every
 * operation is one libsodium call (crypto_sign_ed25519_verify_detached,
 * crypto_hash_sha512_*, crypto_sign_seed_keypair, crypto_sign_detached), and
 * the classification of a refused signature uses libsodium's own point and
 * scalar checks (crypto_core_ed25519_is_valid_point,
 * crypto_core_ed25519_scalar_reduce).
 *
 * Host builds link Debian's libsodium and call sodium_init() once. A
 * Cortex-M build (MDSEC_SODIUM_VERIFY_ONLY) links the verification subset of
 * libsodium that cmake/MdsecCrossSodium.cmake compiles: verification,
 * SHA-512 and the point checks need no initialisation (no CPU dispatch, no
 * randomness), and signing is not compiled in.
 *
 * Only the individual headers are included (not sodium.h, which needs the
 * version.h that libsodium's configure generates).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sodium/crypto_core_ed25519.h>
#include <sodium/crypto_hash_sha512.h>
#include <sodium/crypto_sign_ed25519.h>
#if !defined(MDSEC_SODIUM_VERIFY_ONLY)
#include <sodium/core.h>
#endif

#include "mdsec/core.h"
#include "mdsec/status.h"
#include "crypto/crypto.h"

_Static_assert(sizeof(crypto_hash_sha512_state) <= MDSEC_CRYPTO_HASH_CTX_SIZE,
               "MDSEC_CRYPTO_HASH_CTX_SIZE too small for crypto_hash_sha512_state");
_Static_assert(crypto_sign_ed25519_PUBLICKEYBYTES == MDSEC_ED25519_PUB_LEN,
               "libsodium's Ed25519 public key size");
_Static_assert(crypto_sign_ed25519_BYTES == MDSEC_ED25519_SIG_LEN,
               "libsodium's Ed25519 signature size");
_Static_assert(crypto_sign_ed25519_SEEDBYTES == MDSEC_ED25519_SEED_LEN,
               "libsodium's Ed25519 seed size");
_Static_assert(crypto_hash_sha512_BYTES == MDSEC_SHA512_LEN, "libsodium's SHA-512 size");

/* An empty message still needs a valid pointer. */
static const unsigned char empty_input[1] = {0};

static crypto_hash_sha512_state *sha512_of(mdsec_hash_ctx_t *ctx)
{
    return (crypto_hash_sha512_state *)(void *)ctx->state.bytes;
}

/* sodium_init() where the whole library is linked (thread-safe, idempotent). */
static mdsec_status_t ready(void)
{
#if defined(MDSEC_SODIUM_VERIFY_ONLY)
    return MDSEC_OK;
#else
    return (sodium_init() < 0) ? MDSEC_ERR_CRYPTO : MDSEC_OK;
#endif
}

/* ---- Ed25519 verification ---------------------------------------------------- */

/* S < L: S equals its own reduction mod L (libsodium's scalar reduction). */
static int scalar_canonical(const uint8_t s[32])
{
    unsigned char wide[crypto_core_ed25519_NONREDUCEDSCALARBYTES];
    unsigned char reduced[crypto_core_ed25519_SCALARBYTES];

    memset(wide, 0, sizeof wide);
    memcpy(wide, s, 32u);
    crypto_core_ed25519_scalar_reduce(reduced, wide);
    return memcmp(reduced, s, sizeof reduced) == 0;
}

mdsec_status_t mdsec_sodium_ed25519_verify(const uint8_t pub[MDSEC_ED25519_PUB_LEN],
                                           const uint8_t *msg, size_t msg_len,
                                           const uint8_t sig[MDSEC_ED25519_SIG_LEN])
{
    mdsec_status_t st;

    if (pub == NULL || sig == NULL || (msg == NULL && msg_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = ready();
    if (st != MDSEC_OK) {
        return st;
    }
    if (crypto_sign_ed25519_verify_detached(sig, msg != NULL ? msg : empty_input,
                                            (unsigned long long)msg_len, pub) == 0) {
        return MDSEC_OK;
    }
    /* Refused. Why, from public values only, after the decision was taken. */
    if (crypto_core_ed25519_is_valid_point(pub) != 1) {
        return MDSEC_ERR_KEY_INVALID;
    }
    if (crypto_core_ed25519_is_valid_point(sig) != 1 || !scalar_canonical(sig + 32)) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    return MDSEC_ERR_SIGNATURE_INVALID;
}

/* ---- SHA-512 ---------------------------------------------------------------------- */

mdsec_status_t mdsec_sodium_sha512_init(mdsec_hash_ctx_t *ctx)
{
    mdsec_status_t st;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    st = ready();
    if (st != MDSEC_OK) {
        return st;
    }
    if (crypto_hash_sha512_init(sha512_of(ctx)) != 0) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_CRYPTO;
    }
    ctx->alg = (uint32_t)MDSEC_HASH_SHA512;
    ctx->magic = MDSEC_CRYPTO_MAGIC_SHA512;
    return MDSEC_OK;
}

mdsec_status_t mdsec_sodium_sha512_update(mdsec_hash_ctx_t *ctx, const void *data, size_t len)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_SHA512 || ctx->alg != (uint32_t)MDSEC_HASH_SHA512) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if (data == NULL && len != 0u) {
        /* A stream that lost data must not produce a digest later. */
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len != 0u &&
        crypto_hash_sha512_update(sha512_of(ctx), data, (unsigned long long)len) != 0) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_sodium_sha512_final(mdsec_hash_ctx_t *ctx, uint8_t *out, size_t out_len)
{
    mdsec_status_t st = MDSEC_OK;

    if (ctx == NULL || out == NULL) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (ctx->magic != MDSEC_CRYPTO_MAGIC_SHA512 || ctx->alg != (uint32_t)MDSEC_HASH_SHA512) {
        st = MDSEC_ERR_NOT_INITIALISED;
    } else if (out_len < MDSEC_SHA512_LEN) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    } else if (crypto_hash_sha512_final(sha512_of(ctx), out) != 0) {
        st = MDSEC_ERR_CRYPTO;
    }
    if (st != MDSEC_OK && out != NULL) {
        mdsec_memzero(out, out_len);
    }
    if (ctx != NULL) {
        mdsec_memzero(ctx, sizeof *ctx);
    }
    return st;
}

mdsec_status_t mdsec_sodium_sha512(const void *data, size_t len, uint8_t *out, size_t out_len)
{
    mdsec_hash_ctx_t ctx;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (data == NULL && len != 0u) {
        mdsec_memzero(out, out_len);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_sodium_sha512_init(&ctx);
    if (st == MDSEC_OK) {
        st = mdsec_sodium_sha512_update(&ctx, data, len);
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(&ctx, sizeof ctx);
        mdsec_memzero(out, out_len);
        return st;
    }
    /* final wipes the context and, on failure, the output. */
    return mdsec_sodium_sha512_final(&ctx, out, out_len);
}

/* ---- Ed25519 keys and signing (host builds) ------------------------------------ */

#if !defined(MDSEC_SODIUM_VERIFY_ONLY)

mdsec_status_t mdsec_sodium_ed25519_pubkey_from_seed(const uint8_t seed[MDSEC_ED25519_SEED_LEN],
                                                     uint8_t pub[MDSEC_ED25519_PUB_LEN])
{
    unsigned char sk[crypto_sign_ed25519_SECRETKEYBYTES];
    mdsec_status_t st;

    if (pub == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (seed == NULL) {
        mdsec_memzero(pub, MDSEC_ED25519_PUB_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = ready();
    if (st == MDSEC_OK && crypto_sign_ed25519_seed_keypair(pub, sk, seed) != 0) {
        st = MDSEC_ERR_CRYPTO;
    }
    mdsec_memzero(sk, sizeof sk);
    if (st != MDSEC_OK) {
        mdsec_memzero(pub, MDSEC_ED25519_PUB_LEN);
    }
    return st;
}

mdsec_status_t mdsec_sodium_ed25519_sign(const uint8_t seed[MDSEC_ED25519_SEED_LEN],
                                         const uint8_t *msg, size_t msg_len,
                                         uint8_t sig[MDSEC_ED25519_SIG_LEN])
{
    unsigned char pk[crypto_sign_ed25519_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_ed25519_SECRETKEYBYTES];
    mdsec_status_t st;

    if (sig == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (seed == NULL || (msg == NULL && msg_len != 0u)) {
        mdsec_memzero(sig, MDSEC_ED25519_SIG_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = ready();
    if (st == MDSEC_OK && crypto_sign_ed25519_seed_keypair(pk, sk, seed) != 0) {
        st = MDSEC_ERR_CRYPTO;
    }
    if (st == MDSEC_OK && crypto_sign_ed25519_detached(sig, NULL, msg != NULL ? msg : empty_input,
                                                       (unsigned long long)msg_len, sk) != 0) {
        st = MDSEC_ERR_CRYPTO;
    }
    mdsec_memzero(sk, sizeof sk);
    mdsec_memzero(pk, sizeof pk);
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, MDSEC_ED25519_SIG_LEN);
    }
    return st;
}

#endif /* !MDSEC_SODIUM_VERIFY_ONLY */
