/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Crypto provider: BearSSL 0.6 (the firmware provider).
 *
 * Implementation choices (firmware on Cortex-M, flash and constant time first):
 *  - Elliptic curves: br_ec_p256_m15 for P-256 and br_ec_prime_i15 for P-384,
 *    with the i15 ECDSA code (br_ecdsa_i15_*). The "15" implementations use
 *    only 32x32->32 multiplications, which are constant-time on every
 *    Cortex-M core; the i31/m31 ones rely on 32x32->64 multiplies (UMULL),
 *    whose timing depends on the operands on Cortex-M3 (early termination).
 *    m15 is specialised P-256 code (fast field reduction, a generator table
 *    for signing); P-384 (used less, verification only in practice) shares
 *    the generic i15 big-integer code that the ECDSA layer pulls in anyway,
 *    so only one big-integer family is linked. We deliberately do not use
 *    br_ec_all_m15 or br_ec_get_default(): they also drag in Curve25519 code
 *    that mdsec never calls. On a Cortex-M4/M7 only (constant-time UMULL)
 *    the m31/i31 variants are roughly twice as fast for more flash; that is
 *    a one-line change in ec_params() if a product ever needs it.
 *  - AEAD: ChaCha20-Poly1305 with br_chacha20_ct_run and
 *    br_poly1305_ctmul32_run (again only 32x32->32 multiplies; ctmul needs
 *    64-bit products, ctmulq a 64-bit CPU).
 *  - Hashes, HMAC, HKDF: br_sha256 / br_sha384, br_hmac, br_hkdf.
 *  - DRBG: br_hmac_drbg with SHA-256 (NIST SP 800-90A HMAC_DRBG without
 *    prediction resistance; BearSSL keeps no reseed counter, so the
 *    2^48-request reseed interval is not enforced here).
 *  - ECDSA signatures (P-256 and P-384) are RFC 6979 deterministic: the
 *    DRBG argument of ecdsa_sign is ignored.
 *  - RSA-PSS: BearSSL 0.6 has no PSS. rsa_pss_verify and rsa_pss_sign
 *    return MDSEC_ERR_NOT_SUPPORTED; mdsec never implements EMSA-PSS itself
 *    (no primitive or padding scheme is written in this repository). A host
 *    build takes both from the psa provider instead
 *    (MDSEC_CRYPTO_FALLBACK=psa, docs/crypto-providers.md).
 *
 * No heap, no recursion, no variable-length arrays; every temporary that
 * holds key material is wiped with mdsec_memzero() before returning.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <bearssl.h>

#include "mdsec/core.h"
#include "mdsec/port.h"
#include "mdsec/status.h"
#include "crypto/crypto.h"

/* ---- Compile-time checks of the opaque context sizes ---------------------- */

_Static_assert(sizeof(br_sha256_context) <= MDSEC_CRYPTO_HASH_CTX_SIZE,
               "MDSEC_CRYPTO_HASH_CTX_SIZE too small for br_sha256_context");
_Static_assert(sizeof(br_sha384_context) <= MDSEC_CRYPTO_HASH_CTX_SIZE,
               "MDSEC_CRYPTO_HASH_CTX_SIZE too small for br_sha384_context");
_Static_assert(sizeof(br_hmac_context) <= MDSEC_CRYPTO_HMAC_CTX_SIZE,
               "MDSEC_CRYPTO_HMAC_CTX_SIZE too small for br_hmac_context");
_Static_assert(sizeof(br_hmac_drbg_context) <= MDSEC_CRYPTO_DRBG_CTX_SIZE,
               "MDSEC_CRYPTO_DRBG_CTX_SIZE too small for br_hmac_drbg_context");
_Static_assert(MDSEC_DRBG_SEED_LEN >= 32u && MDSEC_DRBG_SEED_LEN <= 256u,
               "MDSEC_DRBG_SEED_LEN must be 32..256 bytes");

/* SP 800-90A: at least security_strength (256 bits) of entropy input. */
#define BR_DRBG_MIN_ENTROPY 32u
/* Upper bound of entropy || nonce || personalisation (or entropy || additional
 * input) accepted by the DRBG calls; the seed material is assembled on the
 * stack. */
#define BR_DRBG_INPUT_MAX   256u
/* Most bytes drbg_generate returns per call (crypto.h). */
#define BR_DRBG_REQUEST_MAX 1024u
/* RFC 8439 section 2.8: at most 2^32 - 1 blocks of 64 bytes per nonce. */
#define BR_AEAD_MAX_LEN     274877906880u

/* ---- Small helpers --------------------------------------------------------- */

static br_sha256_context *hash256_of(mdsec_hash_ctx_t *ctx)
{
    return (br_sha256_context *)(void *)ctx->state.bytes;
}

static br_sha384_context *hash384_of(mdsec_hash_ctx_t *ctx)
{
    return (br_sha384_context *)(void *)ctx->state.bytes;
}

static br_hmac_context *hmac_of(mdsec_hmac_ctx_t *ctx)
{
    return (br_hmac_context *)(void *)ctx->state.bytes;
}

static br_hmac_drbg_context *drbg_of(mdsec_drbg_t *drbg)
{
    return (br_hmac_drbg_context *)(void *)drbg->state.bytes;
}

/* Zero an output the caller handed in; NULL is allowed. */
static void wipe_out(void *out, size_t len)
{
    if (out != NULL) {
        mdsec_memzero(out, len);
    }
}

/* A non-NULL pointer to pass where BearSSL reads zero bytes. */
static const unsigned char empty_input[1] = {0u};

/* Curve parameters: implementation, BearSSL id, scalar and point sizes. */
typedef struct ec_params {
    const br_ec_impl *impl;
    int id;
    size_t scalar_len;
    size_t pub_len;
} ec_params_t;

static int ec_params(mdsec_curve_t curve, ec_params_t *p)
{
    switch (curve) {
    case MDSEC_CURVE_P256:
        p->impl = &br_ec_p256_m15;
        p->id = BR_EC_secp256r1;
        p->scalar_len = MDSEC_P256_SCALAR_LEN;
        p->pub_len = MDSEC_P256_PUB_LEN;
        return 1;
    case MDSEC_CURVE_P384:
        p->impl = &br_ec_prime_i15;
        p->id = BR_EC_secp384r1;
        p->scalar_len = MDSEC_P384_SCALAR_LEN;
        p->pub_len = MDSEC_P384_PUB_LEN;
        return 1;
    default: return 0;
    }
}

/*
 * 1 when 0 < x < n for big-endian x and n of len bytes, else 0; the running
 * time depends on len only (x may be a private key).
 */
static uint32_t scalar_in_range(const uint8_t *x, const uint8_t *n, size_t len)
{
    uint32_t borrow = 0u;
    uint32_t nonzero = 0u;
    size_t i = len;

    while (i > 0u) {
        uint32_t d;

        i--;
        d = (uint32_t)x[i] - (uint32_t)n[i] - borrow;
        borrow = d >> 31;
        nonzero |= (uint32_t)x[i];
    }
    /* x < n exactly when the subtraction x - n borrows out. */
    return borrow & ((nonzero + 0xFFu) >> 8);
}

/* Checks 0 < priv < order for the curve. */
static int priv_in_range(const ec_params_t *p, const uint8_t *priv)
{
    size_t olen = 0u;
    const unsigned char *order = p->impl->order(p->id, &olen);

    if (order == NULL || olen != p->scalar_len) {
        return 0;
    }
    return (int)scalar_in_range(priv, order, olen);
}

/* ---- Provider name --------------------------------------------------------- */

const char *mdsec_bearssl_provider_name(void)
{
    return "bearssl";
}

/* ---- Hashes ---------------------------------------------------------------- */

mdsec_status_t mdsec_bearssl_hash_init(mdsec_hash_ctx_t *ctx, mdsec_hash_alg_t alg)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    switch (alg) {
    case MDSEC_HASH_SHA256: br_sha256_init(hash256_of(ctx)); break;
    case MDSEC_HASH_SHA384: br_sha384_init(hash384_of(ctx)); break;
    default: return MDSEC_ERR_INVALID_ARG;
    }
    ctx->alg = (uint32_t)alg;
    ctx->magic = MDSEC_CRYPTO_MAGIC_HASH;
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_hash_update(mdsec_hash_ctx_t *ctx, const void *data, size_t len)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HASH) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if (data == NULL && len != 0u) {
        /* A stream that lost data must not produce a digest later. */
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    switch (ctx->alg) {
    case (uint32_t)MDSEC_HASH_SHA256: br_sha256_update(hash256_of(ctx), data, len); break;
    case (uint32_t)MDSEC_HASH_SHA384: br_sha384_update(hash384_of(ctx), data, len); break;
    default: mdsec_memzero(ctx, sizeof *ctx); return MDSEC_ERR_INTERNAL;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_hash_final(mdsec_hash_ctx_t *ctx, uint8_t *out, size_t out_len)
{
    mdsec_status_t st = MDSEC_OK;

    if (ctx == NULL || out == NULL) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (ctx->magic != MDSEC_CRYPTO_MAGIC_HASH) {
        st = MDSEC_ERR_NOT_INITIALISED;
    } else if (out_len < mdsec_hash_len((mdsec_hash_alg_t)ctx->alg)) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    } else {
        switch (ctx->alg) {
        case (uint32_t)MDSEC_HASH_SHA256: br_sha256_out(hash256_of(ctx), out); break;
        case (uint32_t)MDSEC_HASH_SHA384: br_sha384_out(hash384_of(ctx), out); break;
        default: st = MDSEC_ERR_INTERNAL; break;
        }
    }
    if (st != MDSEC_OK) {
        wipe_out(out, out_len);
    }
    if (ctx != NULL) {
        mdsec_memzero(ctx, sizeof *ctx);
    }
    return st;
}

mdsec_status_t mdsec_bearssl_hash(mdsec_hash_alg_t alg, const void *data, size_t len, uint8_t *out,
                                  size_t out_len)
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
    st = mdsec_bearssl_hash_init(&ctx, alg);
    if (st != MDSEC_OK) {
        mdsec_memzero(out, out_len);
        return st;
    }
    st = mdsec_bearssl_hash_update(&ctx, data, len);
    if (st != MDSEC_OK) {
        mdsec_memzero(&ctx, sizeof ctx);
        mdsec_memzero(out, out_len);
        return st;
    }
    /* hash_final wipes the context and, on failure, the output. */
    return mdsec_bearssl_hash_final(&ctx, out, out_len);
}

/* ---- HMAC-SHA256 ----------------------------------------------------------- */

mdsec_status_t mdsec_bearssl_hmac_sha256_init(mdsec_hmac_ctx_t *ctx, const uint8_t *key,
                                              size_t key_len)
{
    br_hmac_key_context kc;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    if (key == NULL && key_len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* br_hmac_key_init hashes keys longer than the block, as RFC 2104 says. */
    br_hmac_key_init(&kc, &br_sha256_vtable, key_len != 0u ? (const void *)key : empty_input,
                     key_len);
    br_hmac_init(hmac_of(ctx), &kc, 0);
    mdsec_memzero(&kc, sizeof kc);
    ctx->magic = MDSEC_CRYPTO_MAGIC_HMAC;
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_hmac_sha256_update(mdsec_hmac_ctx_t *ctx, const void *data, size_t len)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HMAC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if (data == NULL && len != 0u) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len != 0u) {
        br_hmac_update(hmac_of(ctx), data, len);
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_hmac_sha256_final(mdsec_hmac_ctx_t *ctx,
                                               uint8_t out[MDSEC_HMAC_SHA256_LEN])
{
    mdsec_status_t st = MDSEC_OK;

    if (ctx == NULL || out == NULL) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (ctx->magic != MDSEC_CRYPTO_MAGIC_HMAC) {
        st = MDSEC_ERR_NOT_INITIALISED;
    } else if (br_hmac_out(hmac_of(ctx), out) != MDSEC_HMAC_SHA256_LEN) {
        st = MDSEC_ERR_INTERNAL;
    }
    if (st != MDSEC_OK) {
        wipe_out(out, MDSEC_HMAC_SHA256_LEN);
    }
    if (ctx != NULL) {
        mdsec_memzero(ctx, sizeof *ctx);
    }
    return st;
}

mdsec_status_t mdsec_bearssl_hmac_sha256(const uint8_t *key, size_t key_len, const void *data,
                                         size_t len, uint8_t out[MDSEC_HMAC_SHA256_LEN])
{
    mdsec_hmac_ctx_t ctx;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_bearssl_hmac_sha256_init(&ctx, key, key_len);
    if (st == MDSEC_OK) {
        st = mdsec_bearssl_hmac_sha256_update(&ctx, data, len);
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(&ctx, sizeof ctx);
        mdsec_memzero(out, MDSEC_HMAC_SHA256_LEN);
        return st;
    }
    return mdsec_bearssl_hmac_sha256_final(&ctx, out);
}

/* ---- HKDF-SHA256 ----------------------------------------------------------- */

mdsec_status_t mdsec_bearssl_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                         size_t ikm_len, const uint8_t *info, size_t info_len,
                                         uint8_t *okm, size_t okm_len)
{
    br_hkdf_context hc;
    size_t produced;

    if (okm == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (okm_len == 0u || okm_len > (size_t)MDSEC_HKDF_SHA256_MAX_OUT ||
        (salt == NULL && salt_len != 0u) || (ikm == NULL && ikm_len != 0u) ||
        (info == NULL && info_len != 0u)) {
        mdsec_memzero(okm, okm_len);
        return MDSEC_ERR_INVALID_ARG;
    }
    /* An absent salt is HashLen zero bytes (RFC 5869 section 2.2). */
    br_hkdf_init(&hc, &br_sha256_vtable, salt_len != 0u ? (const void *)salt : BR_HKDF_NO_SALT,
                 salt_len);
    br_hkdf_inject(&hc, ikm_len != 0u ? (const void *)ikm : empty_input, ikm_len);
    br_hkdf_flip(&hc);
    produced = br_hkdf_produce(&hc, info_len != 0u ? (const void *)info : empty_input, info_len,
                               okm, okm_len);
    mdsec_memzero(&hc, sizeof hc);
    if (produced != okm_len) {
        mdsec_memzero(okm, okm_len);
        return MDSEC_ERR_INTERNAL;
    }
    return MDSEC_OK;
}

/* ---- ECDSA ----------------------------------------------------------------- */

/* Largest raw signature BearSSL may produce from a DER input of
 * MDSEC_ECDSA_SIG_DER_MAX bytes (br_ecdsa_asn1_to_raw may enlarge it). */
#define BR_SIG_WORK_LEN (2u * MDSEC_ECDSA_SIG_DER_MAX + 16u)

/*
 * Converts a DER ECDSA-Sig-Value into r||s of 2 * scalar_len bytes.
 * BearSSL's decoder tolerates some BER (non-minimal lengths and integers,
 * negative integers read as unsigned), so the result is re-encoded with
 * br_ecdsa_raw_to_asn1 (which emits minimal DER) and must give back the
 * input byte for byte: only strict DER is accepted.
 */
static mdsec_status_t der_to_raw(const uint8_t *sig, size_t sig_len, size_t scalar_len,
                                 uint8_t *raw)
{
    unsigned char work[BR_SIG_WORK_LEN];
    unsigned char again[BR_SIG_WORK_LEN];
    size_t rlen;
    size_t half;
    size_t enc_len;

    if (sig_len < 8u || sig_len > MDSEC_ECDSA_SIG_DER_MAX) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    memcpy(work, sig, sig_len);
    /* 0 means an error, or r = s = 0 (30 06 02 01 00 02 01 00, well-formed
     * but invalid): the re-encoding below tells the two apart. */
    rlen = br_ecdsa_asn1_to_raw(work, sig_len);
    if ((rlen & 1u) != 0u || rlen > sizeof again - 16u) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    memcpy(again, work, rlen);
    enc_len = br_ecdsa_raw_to_asn1(again, rlen);
    if (enc_len != sig_len || memcmp(again, sig, sig_len) != 0) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    half = rlen / 2u;
    if (half > scalar_len) {
        /* Well-formed DER, but r or s does not fit below the group order. */
        return MDSEC_ERR_SIGNATURE_INVALID;
    }
    memset(raw, 0, 2u * scalar_len);
    memcpy(raw + (scalar_len - half), work, half);
    memcpy(raw + (2u * scalar_len - half), work + half, half);
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_ecdsa_verify(mdsec_curve_t curve, const uint8_t *pub, size_t pub_len,
                                          const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                          size_t sig_len, mdsec_sig_format_t fmt)
{
    ec_params_t p;
    br_ec_public_key pk;
    unsigned char point[MDSEC_P384_PUB_LEN];
    uint8_t raw[MDSEC_P384_SIG_RAW_LEN];
    static const unsigned char one[1] = {1u};

    if (!ec_params(curve, &p) || pub == NULL || hash == NULL || hash_len == 0u ||
        (sig == NULL && sig_len != 0u) || (fmt != MDSEC_SIG_DER && fmt != MDSEC_SIG_RAW)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (pub_len != p.pub_len || pub[0] != 0x04u) {
        return MDSEC_ERR_KEY_INVALID;
    }
    /* Reject a point that is not on the curve before looking at the
     * signature (mul() decodes and validates it; multiplying by 1 is cheap). */
    memcpy(point, pub, pub_len);
    if (p.impl->mul(point, pub_len, one, sizeof one, p.id) != 1u) {
        return MDSEC_ERR_KEY_INVALID;
    }
    if (fmt == MDSEC_SIG_RAW) {
        if (sig == NULL || sig_len != 2u * p.scalar_len) {
            return MDSEC_ERR_SIGNATURE_MALFORMED;
        }
        memcpy(raw, sig, sig_len);
    } else {
        mdsec_status_t st = der_to_raw(sig, sig_len, p.scalar_len, raw);

        if (st != MDSEC_OK) {
            return st;
        }
    }
    memcpy(point, pub, pub_len);
    pk.curve = p.id;
    pk.q = point;
    pk.qlen = pub_len;
    if (br_ecdsa_i15_vrfy_raw(p.impl, hash, hash_len, &pk, raw, 2u * p.scalar_len) != 1u) {
        return MDSEC_ERR_SIGNATURE_INVALID;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_ecdsa_sign(mdsec_drbg_t *drbg, mdsec_curve_t curve,
                                        const uint8_t *priv, size_t priv_len, const uint8_t *hash,
                                        size_t hash_len, mdsec_sig_format_t fmt, uint8_t *sig,
                                        size_t sig_cap, size_t *sig_len)
{
    ec_params_t p;
    const br_hash_class *hf;
    br_ec_private_key sk;
    unsigned char key[MDSEC_P384_SCALAR_LEN];
    unsigned char out[MDSEC_ECDSA_SIG_DER_MAX];
    size_t n;

    (void)drbg; /* RFC 6979: the nonce is derived from the key and the hash. */
    if (sig_len != NULL) {
        *sig_len = 0u;
    }
    if (!ec_params(curve, &p) || priv == NULL || hash == NULL || sig == NULL || sig_len == NULL ||
        (fmt != MDSEC_SIG_DER && fmt != MDSEC_SIG_RAW)) {
        wipe_out(sig, sig_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    /* The RFC 6979 HMAC uses the hash that produced the digest. */
    if (hash_len == MDSEC_SHA256_LEN) {
        hf = &br_sha256_vtable;
    } else if (hash_len == MDSEC_SHA384_LEN) {
        hf = &br_sha384_vtable;
    } else {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (priv_len != p.scalar_len) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_KEY_INVALID;
    }
    if (fmt == MDSEC_SIG_RAW && sig_cap < 2u * p.scalar_len) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(key, priv, priv_len);
    sk.curve = p.id;
    sk.x = key;
    sk.xlen = priv_len;
    /* Returns 0 when the key is 0 or not below the group order. */
    n = br_ecdsa_i15_sign_raw(p.impl, hf, hash, &sk, out);
    mdsec_memzero(key, sizeof key);
    if (n != 2u * p.scalar_len) {
        mdsec_memzero(out, sizeof out);
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_KEY_INVALID;
    }
    if (fmt == MDSEC_SIG_DER) {
        n = br_ecdsa_raw_to_asn1(out, n);
        if (n == 0u) {
            mdsec_memzero(sig, sig_cap);
            return MDSEC_ERR_INTERNAL;
        }
    }
    if (n > sig_cap) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(sig, out, n);
    *sig_len = n;
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_ecdsa_p256_sign(mdsec_drbg_t *drbg,
                                             const uint8_t priv[MDSEC_P256_SCALAR_LEN],
                                             const uint8_t *hash, size_t hash_len,
                                             mdsec_sig_format_t fmt, uint8_t *sig, size_t sig_cap,
                                             size_t *sig_len)
{
    return mdsec_bearssl_ecdsa_sign(drbg, MDSEC_CURVE_P256, priv, MDSEC_P256_SCALAR_LEN, hash,
                                    hash_len, fmt, sig, sig_cap, sig_len);
}

mdsec_status_t mdsec_bearssl_ec_pubkey_from_priv(mdsec_curve_t curve, const uint8_t *priv,
                                                 size_t priv_len, uint8_t *pub, size_t pub_cap,
                                                 size_t *pub_len)
{
    ec_params_t p;
    br_ec_private_key sk;
    unsigned char key[MDSEC_P384_SCALAR_LEN];
    size_t n;

    if (pub_len != NULL) {
        *pub_len = 0u;
    }
    if (!ec_params(curve, &p) || priv == NULL || pub == NULL || pub_len == NULL) {
        wipe_out(pub, pub_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (pub_cap < p.pub_len) {
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (priv_len != p.scalar_len || !priv_in_range(&p, priv)) {
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_KEY_INVALID;
    }
    memcpy(key, priv, priv_len);
    sk.curve = p.id;
    sk.x = key;
    sk.xlen = priv_len;
    n = br_ec_compute_pub(p.impl, NULL, pub, &sk);
    mdsec_memzero(key, sizeof key);
    if (n != p.pub_len) {
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_INTERNAL;
    }
    *pub_len = n;
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_ec_keygen(mdsec_drbg_t *drbg, mdsec_curve_t curve, uint8_t *priv,
                                       size_t priv_cap, size_t *priv_len, uint8_t *pub,
                                       size_t pub_cap, size_t *pub_len)
{
    ec_params_t p;
    br_ec_private_key sk;
    unsigned char kbuf[BR_EC_KBUF_PRIV_MAX_SIZE];
    size_t n;
    size_t m;

    if (priv_len != NULL) {
        *priv_len = 0u;
    }
    if (pub_len != NULL) {
        *pub_len = 0u;
    }
    if (drbg == NULL || !ec_params(curve, &p) || priv == NULL || priv_len == NULL || pub == NULL ||
        pub_len == NULL) {
        wipe_out(priv, priv_cap);
        wipe_out(pub, pub_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (priv_cap < p.scalar_len || pub_cap < p.pub_len) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    /* br_ec_keygen draws from the DRBG until the scalar is in [1, n-1]. */
    n = br_ec_keygen(&drbg_of(drbg)->vtable, p.impl, &sk, kbuf, p.id);
    m = (n == p.scalar_len) ? br_ec_compute_pub(p.impl, NULL, pub, &sk) : 0u;
    if (n != p.scalar_len || m != p.pub_len) {
        mdsec_memzero(kbuf, sizeof kbuf);
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_CRYPTO;
    }
    memcpy(priv, kbuf, n);
    mdsec_memzero(kbuf, sizeof kbuf);
    *priv_len = n;
    *pub_len = m;
    return MDSEC_OK;
}

/* ---- RSA-PSS: not in BearSSL 0.6 ------------------------------------------- */

mdsec_status_t mdsec_bearssl_rsa_pss_verify(const uint8_t *n, size_t n_len, const uint8_t *e,
                                            size_t e_len, mdsec_hash_alg_t hash_alg,
                                            const uint8_t *hash, size_t hash_len, size_t salt_len,
                                            const uint8_t *sig, size_t sig_len)
{
    (void)n;
    (void)n_len;
    (void)e;
    (void)e_len;
    (void)hash_alg;
    (void)hash;
    (void)hash_len;
    (void)salt_len;
    (void)sig;
    (void)sig_len;
    return MDSEC_ERR_NOT_SUPPORTED;
}

mdsec_status_t mdsec_bearssl_rsa_pss_sign(mdsec_drbg_t *drbg, const uint8_t *priv_der,
                                          size_t priv_der_len, mdsec_hash_alg_t hash_alg,
                                          const uint8_t *hash, size_t hash_len, size_t salt_len,
                                          uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    (void)drbg;
    (void)priv_der;
    (void)priv_der_len;
    (void)hash_alg;
    (void)hash;
    (void)hash_len;
    (void)salt_len;
    (void)sig;
    (void)sig_cap;
    (void)sig_len;
    return MDSEC_ERR_NOT_SUPPORTED;
}

/* ---- ChaCha20-Poly1305 ----------------------------------------------------- */

static int aead_len_ok(size_t len)
{
#if SIZE_MAX > BR_AEAD_MAX_LEN
    return len <= (size_t)BR_AEAD_MAX_LEN;
#else
    (void)len; /* a 32-bit size_t cannot exceed the limit */
    return 1;
#endif
}

mdsec_status_t mdsec_bearssl_aead_seal(const uint8_t key[MDSEC_AEAD_KEY_LEN],
                                       const uint8_t nonce[MDSEC_AEAD_NONCE_LEN],
                                       const uint8_t *aad, size_t aad_len, const uint8_t *pt,
                                       size_t len, uint8_t *ct, uint8_t tag[MDSEC_AEAD_TAG_LEN])
{
    unsigned char dummy[1] = {0u};

    if (key == NULL || nonce == NULL || tag == NULL || (aad == NULL && aad_len != 0u) ||
        (len != 0u && (pt == NULL || ct == NULL)) || !aead_len_ok(len)) {
        if (ct != NULL && len != 0u && aead_len_ok(len)) {
            mdsec_memzero(ct, len);
        }
        wipe_out(tag, MDSEC_AEAD_TAG_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len != 0u) {
        memmove(ct, pt, len); /* ct == pt is allowed */
    }
    br_poly1305_ctmul32_run(key, nonce, len != 0u ? (void *)ct : (void *)dummy, len,
                            aad_len != 0u ? (const void *)aad : empty_input, aad_len, tag,
                            &br_chacha20_ct_run, 1);
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_aead_open(const uint8_t key[MDSEC_AEAD_KEY_LEN],
                                       const uint8_t nonce[MDSEC_AEAD_NONCE_LEN],
                                       const uint8_t *aad, size_t aad_len, const uint8_t *ct,
                                       size_t len, const uint8_t tag[MDSEC_AEAD_TAG_LEN],
                                       uint8_t *pt)
{
    unsigned char dummy[1] = {0u};
    uint8_t computed[MDSEC_AEAD_TAG_LEN];
    int ok;

    if (key == NULL || nonce == NULL || tag == NULL || (aad == NULL && aad_len != 0u) ||
        (len != 0u && (pt == NULL || ct == NULL)) || !aead_len_ok(len)) {
        if (pt != NULL && len != 0u && aead_len_ok(len)) {
            mdsec_memzero(pt, len);
        }
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len != 0u) {
        memmove(pt, ct, len); /* pt == ct is allowed */
    }
    br_poly1305_ctmul32_run(key, nonce, len != 0u ? (void *)pt : (void *)dummy, len,
                            aad_len != 0u ? (const void *)aad : empty_input, aad_len, computed,
                            &br_chacha20_ct_run, 0);
    ok = mdsec_ct_equal(computed, tag, MDSEC_AEAD_TAG_LEN);
    mdsec_memzero(computed, sizeof computed);
    if (ok != 1) {
        if (len != 0u) {
            mdsec_memzero(pt, len);
        }
        return MDSEC_ERR_AUTH_FAILED;
    }
    return MDSEC_OK;
}

/* ---- HMAC_DRBG (SHA-256) --------------------------------------------------- */

mdsec_status_t mdsec_bearssl_drbg_instantiate(mdsec_drbg_t *drbg, const uint8_t *entropy,
                                              size_t entropy_len, const uint8_t *nonce,
                                              size_t nonce_len, const uint8_t *pers,
                                              size_t pers_len)
{
    uint8_t seed[BR_DRBG_INPUT_MAX];
    size_t n;

    if (drbg == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(drbg, sizeof *drbg);
    if (entropy == NULL || entropy_len < BR_DRBG_MIN_ENTROPY || entropy_len > BR_DRBG_INPUT_MAX ||
        (nonce == NULL && nonce_len != 0u) || nonce_len > BR_DRBG_INPUT_MAX ||
        (pers == NULL && pers_len != 0u) || pers_len > BR_DRBG_INPUT_MAX ||
        entropy_len + nonce_len + pers_len > BR_DRBG_INPUT_MAX) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* SP 800-90A 10.1.2.3: seed_material = entropy || nonce || personalisation. */
    memcpy(seed, entropy, entropy_len);
    n = entropy_len;
    if (nonce_len != 0u) {
        memcpy(seed + n, nonce, nonce_len);
        n += nonce_len;
    }
    if (pers_len != 0u) {
        memcpy(seed + n, pers, pers_len);
        n += pers_len;
    }
    br_hmac_drbg_init(drbg_of(drbg), &br_sha256_vtable, seed, n);
    mdsec_memzero(seed, sizeof seed);
    drbg->magic = MDSEC_CRYPTO_MAGIC_DRBG;
    return MDSEC_OK;
}

mdsec_status_t mdsec_bearssl_drbg_seed(mdsec_drbg_t *drbg, const uint8_t *pers, size_t pers_len)
{
    uint8_t entropy[MDSEC_DRBG_SEED_LEN];
    mdsec_status_t st;

    if (drbg == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(drbg, sizeof *drbg);
    if ((pers == NULL && pers_len != 0u) || pers_len > BR_DRBG_INPUT_MAX - MDSEC_DRBG_SEED_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* MDSEC_DRBG_SEED_LEN (>= 3/2 of the 256-bit strength) covers entropy
     * input and nonce (SP 800-90A 8.6.7). */
    st = mdsec_port_entropy(entropy, sizeof entropy);
    if (st == MDSEC_OK) {
        st =
            mdsec_bearssl_drbg_instantiate(drbg, entropy, sizeof entropy, NULL, 0u, pers, pers_len);
    }
    mdsec_memzero(entropy, sizeof entropy);
    return st;
}

mdsec_status_t mdsec_bearssl_drbg_reseed(mdsec_drbg_t *drbg, const uint8_t *add, size_t add_len)
{
    uint8_t seed[BR_DRBG_INPUT_MAX];
    mdsec_status_t st;

    if (drbg == NULL || (add == NULL && add_len != 0u) ||
        add_len > BR_DRBG_INPUT_MAX - MDSEC_DRBG_SEED_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    st = mdsec_port_entropy(seed, MDSEC_DRBG_SEED_LEN);
    if (st == MDSEC_OK) {
        /* SP 800-90A 10.1.2.4: seed_material = entropy || additional input. */
        if (add_len != 0u) {
            memcpy(seed + MDSEC_DRBG_SEED_LEN, add, add_len);
        }
        br_hmac_drbg_update(drbg_of(drbg), seed, MDSEC_DRBG_SEED_LEN + add_len);
    }
    mdsec_memzero(seed, sizeof seed);
    return st;
}

mdsec_status_t mdsec_bearssl_drbg_generate(mdsec_drbg_t *drbg, uint8_t *out, size_t len)
{
    if (drbg == NULL || (out == NULL && len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len > BR_DRBG_REQUEST_MAX) {
        mdsec_memzero(out, len);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        wipe_out(out, len);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    if (len != 0u) {
        br_hmac_drbg_generate(drbg_of(drbg), out, len);
    }
    return MDSEC_OK;
}

void mdsec_bearssl_drbg_wipe(mdsec_drbg_t *drbg)
{
    if (drbg != NULL) {
        mdsec_memzero(drbg, sizeof *drbg);
    }
}
