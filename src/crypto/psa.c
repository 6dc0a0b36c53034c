/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Crypto provider: the PSA Certified Crypto API (psa/crypto.h), and nothing
 * but that API: no call into and no header of a particular implementation,
 * so this one file builds against Mbed TLS 2.28 and 3.x, TF-PSA-Crypto and a
 * TF-M client.
 *
 * Keys: every operation that needs a key imports it as a volatile PSA key
 * (PSA_KEY_LIFETIME_VOLATILE) whose policy allows exactly that operation
 * and algorithm, uses it, and destroys it before returning, on every path,
 * error paths included. The one exception is the streaming HMAC: its key
 * lives from hmac_sha256_init until hmac_sha256_final, or until the update
 * or final that fails (a context abandoned in between holds a key slot and
 * an operation of the implementation; mdsec's modules use only the one-shot
 * HMAC). A failed psa_destroy_key() turns success into MDSEC_ERR_CRYPTO.
 *
 * psa_crypto_init() is idempotent: every operation that starts something
 * calls it first, so callers need no set-up step. In Mbed TLS 2.28 the first
 * call is not thread-safe: make the first crypto call (mdsec_crypto_selftest()
 * at start-up) from one thread.
 *
 * Notes on the API:
 *  - Hash and HMAC contexts hold a psa_hash_operation_t / psa_mac_operation_t
 *    (sizes checked below). They must not be copied while in use (with TF-M
 *    they are handles into the crypto service).
 *  - HMAC keys longer than the SHA-256 block (64 bytes) are replaced by
 *    their SHA-256 digest before import, which is how RFC 2104 defines such
 *    keys (and so gives the same MAC) and keeps clear of an implementation's
 *    key-size limit; the empty key is imported as the one-byte key 00
 *    (HMAC pads keys with zeros, so it is the same key, and PSA refuses
 *    empty keys).
 *  - HKDF: psa_key_derivation with PSA_ALG_HKDF(SHA-256). The input keying
 *    material goes in as a direct input (psa_key_derivation_input_bytes),
 *    which the API allows for the secret step when only bytes are output:
 *    an empty IKM, valid in RFC 5869, cannot be a PSA key.
 *  - ECDSA keys are imported in the API's formats (uncompressed point,
 *    big-endian scalar); the import checks the point is on the curve and the
 *    scalar is in 1..n-1. Signing is PSA_ALG_DETERMINISTIC_ECDSA (RFC 6979:
 *    the same signatures as BearSSL, so the DRBG argument is ignored); an
 *    implementation without it falls back to randomized PSA_ALG_ECDSA,
 *    whose nonce comes from the implementation's own RNG.
 *  - DER ECDSA signatures are strict, as in the other providers: the two
 *    INTEGERs are read, re-encoded as minimal DER and must give back the
 *    input byte for byte. The DER code here is plain encoding, not crypto.
 *  - RSA public keys are imported as PKCS#1 RSAPublicKey DER, which this
 *    file writes from n and e. PSA_ALG_RSA_PSS verifies with the salt length
 *    equal to the hash length only (Mbed TLS enforces that since 2.28.0 and
 *    3.1.0; PSA_ALG_RSA_PSS_ANY_SALT would accept any), and signs with that
 *    salt length: any other salt_len is MDSEC_ERR_NOT_SUPPORTED. A PSS salt
 *    comes from the implementation's RNG.
 *  - ChaCha20-Poly1305 uses the multi-part AEAD calls, so the tag is kept
 *    apart from the ciphertext. Mbed TLS 2.28 lacks them: built with
 *    MDSEC_PSA_ONESHOT_AEAD (the build defines it for Mbed TLS < 3), the
 *    one-shot calls run through a stack buffer of
 *    MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX + 16 bytes, and a longer message is
 *    MDSEC_ERR_NOT_SUPPORTED.
 *  - DRBG: PSA has no deterministic DRBG to instantiate from given inputs,
 *    so drbg_instantiate is MDSEC_ERR_NOT_SUPPORTED. drbg_seed, drbg_reseed
 *    and drbg_generate check their arguments as the other providers do and
 *    keep only a "seeded" mark in the mdsec_drbg_t; the bytes come from
 *    psa_generate_random(), the implementation's RNG, seeded by its own
 *    entropy source (mdsec_port_entropy() is not used; the
 *    personalisation and additional input are not used either).
 *
 * Status mapping: PSA_ERROR_INVALID_SIGNATURE is MDSEC_ERR_SIGNATURE_INVALID
 * (MDSEC_ERR_AUTH_FAILED for the AEAD); INVALID_ARGUMENT on a key import is
 * MDSEC_ERR_KEY_INVALID; NOT_SUPPORTED stays MDSEC_ERR_NOT_SUPPORTED;
 * INSUFFICIENT_MEMORY (heap, key slots) is MDSEC_ERR_CRYPTO_RESOURCE;
 * INSUFFICIENT_ENTROPY is MDSEC_ERR_ENTROPY; BUFFER_TOO_SMALL, BAD_STATE and
 * INVALID_ARGUMENT elsewhere are MDSEC_ERR_BUFFER_TOO_SMALL, MDSEC_ERR_STATE
 * and MDSEC_ERR_INVALID_ARG (but an RSA signature the implementation calls
 * an invalid argument, after every argument was checked here, is
 * MDSEC_ERR_SIGNATURE_INVALID); anything else the implementation reports
 * is MDSEC_ERR_CRYPTO.
 *
 * Heap: mdsec's code here uses none, but the implementation may (Mbed TLS
 * keeps key material, and from 3.6 its key store, on the heap, and its
 * bignum arithmetic allocates).
 *
 * Built with MDSEC_PSA_FALLBACK_ONLY (the library with BearSSL and
 * MDSEC_CRYPTO_FALLBACK=psa), this file holds only the RSA-PSS operations
 * BearSSL lacks.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include "mdsec/core.h"
#include "mdsec/status.h"
#include "crypto/crypto.h"

/* The state of a streaming HMAC: the operation and the key it uses. */
typedef struct hmac_state {
    psa_mac_operation_t op;
    psa_key_id_t key;
} hmac_state_t;

#if !defined(MDSEC_PSA_FALLBACK_ONLY)
_Static_assert(sizeof(psa_hash_operation_t) <= MDSEC_CRYPTO_HASH_CTX_SIZE,
               "MDSEC_CRYPTO_HASH_CTX_SIZE too small for psa_hash_operation_t");
_Static_assert(sizeof(hmac_state_t) <= MDSEC_CRYPTO_HMAC_CTX_SIZE,
               "MDSEC_CRYPTO_HMAC_CTX_SIZE too small for psa_mac_operation_t and a key id");
_Static_assert(_Alignof(psa_hash_operation_t) <= _Alignof(mdsec_hash_ctx_t),
               "psa_hash_operation_t needs more alignment than mdsec_hash_ctx_t has");
_Static_assert(_Alignof(hmac_state_t) <= _Alignof(mdsec_hmac_ctx_t),
               "psa_mac_operation_t needs more alignment than mdsec_hmac_ctx_t has");
#endif
_Static_assert(MDSEC_DRBG_SEED_LEN >= 32u && MDSEC_DRBG_SEED_LEN <= 256u,
               "MDSEC_DRBG_SEED_LEN must be 32..256 bytes");

/* Same argument limits as the other providers, so that all behave alike. */
#define MP_DRBG_INPUT_MAX   256u
#define MP_DRBG_REQUEST_MAX 1024u
#define MP_AEAD_MAX_LEN     274877906880u /* RFC 8439 2.8: 2^32 - 1 blocks */
#define MP_HMAC_BLOCK_LEN   64u           /* SHA-256 block */

/* DER of an RSAPublicKey for a 3072-bit n (with its sign byte) and e of
 * 8 bytes: 30 82 LL LL | 02 82 01 81 00 n | 02 09 00 e. */
#define MP_RSA_PUB_DER_MAX (4u + 4u + 1u + MDSEC_RSA_MAX_BITS / 8u + 2u + 9u)

/* Zero an output the caller handed in; NULL is allowed. */
static void wipe_out(void *out, size_t len)
{
    if (out != NULL) {
        mdsec_memzero(out, len);
    }
}

/* ---- Status mapping and set-up ------------------------------------------------- */

/* The mdsec status of a PSA error outside the cases a caller maps itself. */
static mdsec_status_t map_status(psa_status_t s)
{
    switch (s) {
    case PSA_SUCCESS: return MDSEC_OK;
    case PSA_ERROR_NOT_SUPPORTED: return MDSEC_ERR_NOT_SUPPORTED;
    case PSA_ERROR_INVALID_ARGUMENT: return MDSEC_ERR_INVALID_ARG;
    case PSA_ERROR_BUFFER_TOO_SMALL: return MDSEC_ERR_BUFFER_TOO_SMALL;
    case PSA_ERROR_INVALID_SIGNATURE: return MDSEC_ERR_SIGNATURE_INVALID;
    case PSA_ERROR_INSUFFICIENT_MEMORY: return MDSEC_ERR_CRYPTO_RESOURCE;
    case PSA_ERROR_INSUFFICIENT_ENTROPY: return MDSEC_ERR_ENTROPY;
    case PSA_ERROR_BAD_STATE: return MDSEC_ERR_STATE;
    default: return MDSEC_ERR_CRYPTO;
    }
}

/* The status of a failed key import: bad key data is MDSEC_ERR_KEY_INVALID. */
static mdsec_status_t map_import(psa_status_t s)
{
    return s == PSA_ERROR_INVALID_ARGUMENT ? MDSEC_ERR_KEY_INVALID : map_status(s);
}

static mdsec_status_t api_init(void)
{
    return map_status(psa_crypto_init());
}

/* Imports data as a volatile key allowed to do usage with alg (and only
 * that); *key is PSA_KEY_ID_NULL on failure. */
static psa_status_t import_key(psa_key_type_t type, psa_key_usage_t usage, psa_algorithm_t alg,
                               const uint8_t *data, size_t len, psa_key_id_t *key)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_status_t s;

    *key = PSA_KEY_ID_NULL;
    psa_set_key_lifetime(&a, PSA_KEY_LIFETIME_VOLATILE);
    psa_set_key_type(&a, type);
    psa_set_key_usage_flags(&a, usage);
    psa_set_key_algorithm(&a, alg);
    s = psa_import_key(&a, data, len, key);
    psa_reset_key_attributes(&a);
    if (s != PSA_SUCCESS) {
        *key = PSA_KEY_ID_NULL;
    }
    return s;
}

/* Destroys *key (PSA_KEY_ID_NULL is a no-op) and returns st, or
 * MDSEC_ERR_CRYPTO when st was MDSEC_OK and the key could not be destroyed. */
static mdsec_status_t destroy_key(psa_key_id_t *key, mdsec_status_t st)
{
    psa_status_t s = PSA_SUCCESS;

    if (*key != PSA_KEY_ID_NULL) {
        s = psa_destroy_key(*key);
        *key = PSA_KEY_ID_NULL;
    }
    return (st == MDSEC_OK && s != PSA_SUCCESS) ? MDSEC_ERR_CRYPTO : st;
}

static psa_algorithm_t hash_alg_of(mdsec_hash_alg_t alg)
{
    switch (alg) {
    case MDSEC_HASH_SHA256: return PSA_ALG_SHA_256;
    case MDSEC_HASH_SHA384: return PSA_ALG_SHA_384;
    default: return 0u;
    }
}

/* ---- Provider name --------------------------------------------------------------- */

const char *mdsec_psa_provider_name(void)
{
    return "psa";
}

/* ---- RSA-PSS ----------------------------------------------------------------------- */

/* Strips leading zero bytes. */
static const uint8_t *strip_zeros(const uint8_t *p, size_t *len)
{
    while (*len > 0u && *p == 0u) {
        p++;
        (*len)--;
    }
    return p;
}

/* Writes a DER length (below 65536); returns the bytes written. */
static size_t der_put_len(uint8_t *out, size_t len)
{
    if (len < 0x80u) {
        out[0] = (uint8_t)len;
        return 1u;
    }
    if (len < 0x100u) {
        out[0] = 0x81u;
        out[1] = (uint8_t)len;
        return 2u;
    }
    out[0] = 0x82u;
    out[1] = (uint8_t)(len >> 8);
    out[2] = (uint8_t)len;
    return 3u;
}

/* Length of the DER INTEGER of the unsigned big-endian x (without leading
 * zeros, len >= 1), header included. */
static size_t der_uint_size(const uint8_t *x, size_t len)
{
    size_t body = len + ((x[0] & 0x80u) != 0u ? 1u : 0u);

    return 1u + (body < 0x80u ? 1u : (body < 0x100u ? 2u : 3u)) + body;
}

/* Writes the DER INTEGER of the unsigned big-endian x (as der_uint_size). */
static size_t der_put_uint(uint8_t *out, const uint8_t *x, size_t len)
{
    size_t n = 0u;
    int pad = (x[0] & 0x80u) != 0u;

    out[n++] = 0x02u;
    n += der_put_len(out + n, len + (pad ? 1u : 0u));
    if (pad) {
        out[n++] = 0x00u;
    }
    memcpy(out + n, x, len);
    return n + len;
}

/*
 * Checks n and e (leading zeros stripped) as the other providers do: n odd
 * and 2048..3072 bits, e odd, above 1 and at most 64 bits.
 */
static mdsec_status_t rsa_pub_ok(const uint8_t *nn, size_t nlen, const uint8_t *ee, size_t elen)
{
    size_t bits;
    uint8_t top;

    if (nlen == 0u || nlen > MDSEC_RSA_MAX_BITS / 8u || (nn[nlen - 1u] & 1u) == 0u) {
        return MDSEC_ERR_KEY_INVALID;
    }
    bits = 8u * nlen;
    top = nn[0];
    while ((top & 0x80u) == 0u) {
        top = (uint8_t)(top << 1);
        bits--;
    }
    if (bits < MDSEC_RSA_MIN_BITS || bits > MDSEC_RSA_MAX_BITS || elen == 0u || elen > 8u ||
        (ee[elen - 1u] & 1u) == 0u || (elen == 1u && ee[0] == 1u)) {
        return MDSEC_ERR_KEY_INVALID;
    }
    return MDSEC_OK;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
static size_t rsa_pub_der(const uint8_t *nn, size_t nlen, const uint8_t *ee, size_t elen,
                          uint8_t out[MP_RSA_PUB_DER_MAX])
{
    size_t body = der_uint_size(nn, nlen) + der_uint_size(ee, elen);
    size_t n = 0u;

    out[n++] = 0x30u;
    n += der_put_len(out + n, body);
    n += der_put_uint(out + n, nn, nlen);
    n += der_put_uint(out + n, ee, elen);
    return n;
}

mdsec_status_t mdsec_psa_rsa_pss_verify(const uint8_t *n, size_t n_len, const uint8_t *e,
                                        size_t e_len, mdsec_hash_alg_t hash_alg,
                                        const uint8_t *hash, size_t hash_len, size_t salt_len,
                                        const uint8_t *sig, size_t sig_len)
{
    uint8_t der[MP_RSA_PUB_DER_MAX];
    const uint8_t *nn;
    const uint8_t *ee;
    size_t nlen = n_len;
    size_t elen = e_len;
    psa_algorithm_t alg;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t s;
    mdsec_status_t st;

    if (n == NULL || e == NULL || hash == NULL || (sig == NULL && sig_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (mdsec_hash_len(hash_alg) == 0u || hash_len != mdsec_hash_len(hash_alg)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    nn = strip_zeros(n, &nlen);
    ee = strip_zeros(e, &elen);
    st = rsa_pub_ok(nn, nlen, ee, elen);
    if (st != MDSEC_OK) {
        return st;
    }
    if (salt_len > nlen || nlen < hash_len + salt_len + 2u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* PSA_ALG_RSA_PSS verifies exactly the salt length of the hash. */
    if (salt_len != hash_len) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    if (sig_len != nlen) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        return st;
    }
    alg = PSA_ALG_RSA_PSS(hash_alg_of(hash_alg));
    s = import_key(PSA_KEY_TYPE_RSA_PUBLIC_KEY, PSA_KEY_USAGE_VERIFY_HASH, alg, der,
                   rsa_pub_der(nn, nlen, ee, elen, der), &key);
    if (s != PSA_SUCCESS) {
        return map_import(s);
    }
    s = psa_verify_hash(key, alg, hash, hash_len, sig, sig_len);
    if (s == PSA_SUCCESS) {
        st = MDSEC_OK;
    } else if (s == PSA_ERROR_INVALID_SIGNATURE || s == PSA_ERROR_INVALID_ARGUMENT) {
        /* Every argument was checked above: what the implementation still
         * refuses is the signature (a representative not below n, say). */
        st = MDSEC_ERR_SIGNATURE_INVALID;
    } else {
        st = map_status(s);
    }
    return destroy_key(&key, st);
}

mdsec_status_t mdsec_psa_rsa_pss_sign(mdsec_drbg_t *drbg, const uint8_t *priv_der,
                                      size_t priv_der_len, mdsec_hash_alg_t hash_alg,
                                      const uint8_t *hash, size_t hash_len, size_t salt_len,
                                      uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_algorithm_t alg;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t s;
    mdsec_status_t st;
    size_t bits;
    size_t out_len = 0u;

    if (sig_len != NULL) {
        *sig_len = 0u;
    }
    if (drbg == NULL || priv_der == NULL || hash == NULL || sig == NULL || sig_len == NULL ||
        mdsec_hash_len(hash_alg) == 0u || hash_len != mdsec_hash_len(hash_alg)) {
        wipe_out(sig, sig_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    /* PSA_ALG_RSA_PSS signs with a salt as long as the hash, nothing else. */
    if (salt_len != hash_len) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    alg = PSA_ALG_RSA_PSS(hash_alg_of(hash_alg));
    /* PSA's import format for an RSA key pair is the PKCS#1 RSAPrivateKey. */
    s = import_key(PSA_KEY_TYPE_RSA_KEY_PAIR, PSA_KEY_USAGE_SIGN_HASH, alg, priv_der, priv_der_len,
                   &key);
    if (s != PSA_SUCCESS) {
        mdsec_memzero(sig, sig_cap);
        return map_import(s);
    }
    s = psa_get_key_attributes(key, &a);
    bits = psa_get_key_bits(&a);
    psa_reset_key_attributes(&a);
    if (s != PSA_SUCCESS) {
        st = map_status(s);
    } else if (bits < MDSEC_RSA_MIN_BITS || bits > MDSEC_RSA_MAX_BITS) {
        st = MDSEC_ERR_KEY_INVALID;
    } else if (sig_cap < (bits + 7u) / 8u) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    } else {
        /* Exactly the modulus length: the API fills whatever else it is
         * given, and nothing past the signature is written. */
        s = psa_sign_hash(key, alg, hash, hash_len, sig, (bits + 7u) / 8u, &out_len);
        st = map_status(s);
        if (st == MDSEC_OK && out_len != (bits + 7u) / 8u) {
            st = MDSEC_ERR_INTERNAL;
        }
    }
    st = destroy_key(&key, st);
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    *sig_len = out_len;
    return MDSEC_OK;
}

#if !defined(MDSEC_PSA_FALLBACK_ONLY)

/* A non-NULL pointer to pass where the API reads zero bytes. */
static const uint8_t empty_input[1] = {0u};

static const uint8_t *nonnull(const void *p)
{
    return p != NULL ? (const uint8_t *)p : empty_input;
}

/* ---- Hashes ------------------------------------------------------------------------ */

static psa_hash_operation_t *hash_of(mdsec_hash_ctx_t *ctx)
{
    return (psa_hash_operation_t *)(void *)ctx->state.bytes;
}

/* Ends the operation of an initialised context, then wipes the context. */
static void hash_discard(mdsec_hash_ctx_t *ctx)
{
    if (ctx->magic == MDSEC_CRYPTO_MAGIC_HASH) {
        (void)psa_hash_abort(hash_of(ctx));
    }
    mdsec_memzero(ctx, sizeof *ctx);
}

mdsec_status_t mdsec_psa_hash_init(mdsec_hash_ctx_t *ctx, mdsec_hash_alg_t alg)
{
    psa_algorithm_t a;
    mdsec_status_t st;
    psa_status_t s;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    a = hash_alg_of(alg);
    if (a == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        return st;
    }
    *hash_of(ctx) = psa_hash_operation_init();
    s = psa_hash_setup(hash_of(ctx), a);
    if (s != PSA_SUCCESS) {
        (void)psa_hash_abort(hash_of(ctx));
        mdsec_memzero(ctx, sizeof *ctx);
        return map_status(s);
    }
    ctx->alg = (uint32_t)alg;
    ctx->magic = MDSEC_CRYPTO_MAGIC_HASH;
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_hash_update(mdsec_hash_ctx_t *ctx, const void *data, size_t len)
{
    psa_status_t s;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HASH) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if (data == NULL && len != 0u) {
        /* A stream that lost data must not produce a digest later. */
        hash_discard(ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    s = psa_hash_update(hash_of(ctx), (const uint8_t *)data, len);
    if (s != PSA_SUCCESS) {
        hash_discard(ctx);
        return map_status(s);
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_hash_final(mdsec_hash_ctx_t *ctx, uint8_t *out, size_t out_len)
{
    mdsec_status_t st = MDSEC_OK;
    size_t want;
    size_t got = 0u;

    if (ctx == NULL || out == NULL) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (ctx->magic != MDSEC_CRYPTO_MAGIC_HASH) {
        st = MDSEC_ERR_NOT_INITIALISED;
    } else {
        want = mdsec_hash_len((mdsec_hash_alg_t)ctx->alg);
        if (want == 0u) {
            st = MDSEC_ERR_INTERNAL;
        } else if (out_len < want) {
            st = MDSEC_ERR_BUFFER_TOO_SMALL;
        } else {
            /* Exactly the digest's bytes: nothing past them is written. */
            st = map_status(psa_hash_finish(hash_of(ctx), out, want, &got));
            if (st == MDSEC_OK && got != want) {
                st = MDSEC_ERR_INTERNAL;
            }
        }
    }
    if (st != MDSEC_OK) {
        wipe_out(out, out_len);
    }
    if (ctx != NULL) {
        hash_discard(ctx);
    }
    return st;
}

mdsec_status_t mdsec_psa_hash(mdsec_hash_alg_t alg, const void *data, size_t len, uint8_t *out,
                              size_t out_len)
{
    psa_algorithm_t a = hash_alg_of(alg);
    size_t want = mdsec_hash_len(alg);
    size_t got = 0u;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if ((data == NULL && len != 0u) || a == 0u) {
        mdsec_memzero(out, out_len);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (out_len < want) {
        mdsec_memzero(out, out_len);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    st = api_init();
    if (st == MDSEC_OK) {
        st = map_status(psa_hash_compute(a, nonnull(data), len, out, want, &got));
        if (st == MDSEC_OK && got != want) {
            st = MDSEC_ERR_INTERNAL;
        }
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(out, out_len);
    }
    return st;
}

/* ---- HMAC-SHA256 ----------------------------------------------------------------- */

#define MP_HMAC_ALG PSA_ALG_HMAC(PSA_ALG_SHA_256)

static hmac_state_t *hmac_of(mdsec_hmac_ctx_t *ctx)
{
    return (hmac_state_t *)(void *)ctx->state.bytes;
}

/*
 * Imports an HMAC-SHA256 key for usage: keys longer than the block are
 * their SHA-256 digest and the empty key is 00 (see the top of this file).
 */
static mdsec_status_t hmac_import(const uint8_t *key, size_t key_len, psa_key_usage_t usage,
                                  psa_key_id_t *id)
{
    uint8_t k[MDSEC_SHA256_LEN];
    const uint8_t *kp = key;
    size_t kl = key_len;
    mdsec_status_t st = MDSEC_OK;

    *id = PSA_KEY_ID_NULL;
    if (key_len > MP_HMAC_BLOCK_LEN) {
        size_t got = 0u;

        st = map_status(psa_hash_compute(PSA_ALG_SHA_256, key, key_len, k, sizeof k, &got));
        if (st == MDSEC_OK && got != sizeof k) {
            st = MDSEC_ERR_INTERNAL;
        }
        kp = k;
        kl = sizeof k;
    } else if (key_len == 0u) {
        kp = empty_input;
        kl = 1u;
    }
    if (st == MDSEC_OK) {
        psa_status_t s = import_key(PSA_KEY_TYPE_HMAC, usage, MP_HMAC_ALG, kp, kl, id);

        st = map_import(s);
    }
    mdsec_memzero(k, sizeof k);
    return st;
}

/* Ends the operation and destroys the key of an initialised context, then
 * wipes the context. */
static void hmac_discard(mdsec_hmac_ctx_t *ctx)
{
    if (ctx->magic == MDSEC_CRYPTO_MAGIC_HMAC) {
        (void)psa_mac_abort(&hmac_of(ctx)->op);
        (void)destroy_key(&hmac_of(ctx)->key, MDSEC_OK);
    }
    mdsec_memzero(ctx, sizeof *ctx);
}

mdsec_status_t mdsec_psa_hmac_sha256_init(mdsec_hmac_ctx_t *ctx, const uint8_t *key, size_t key_len)
{
    hmac_state_t *h;
    psa_status_t s;
    mdsec_status_t st;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    if (key == NULL && key_len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        return st;
    }
    h = hmac_of(ctx);
    h->op = psa_mac_operation_init();
    st = hmac_import(key, key_len, PSA_KEY_USAGE_SIGN_MESSAGE, &h->key);
    if (st != MDSEC_OK) {
        mdsec_memzero(ctx, sizeof *ctx);
        return st;
    }
    s = psa_mac_sign_setup(&h->op, h->key, MP_HMAC_ALG);
    if (s != PSA_SUCCESS) {
        (void)psa_mac_abort(&h->op);
        (void)destroy_key(&h->key, MDSEC_OK);
        mdsec_memzero(ctx, sizeof *ctx);
        return map_status(s);
    }
    ctx->magic = MDSEC_CRYPTO_MAGIC_HMAC;
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_hmac_sha256_update(mdsec_hmac_ctx_t *ctx, const void *data, size_t len)
{
    psa_status_t s;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HMAC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if (data == NULL && len != 0u) {
        hmac_discard(ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    s = psa_mac_update(&hmac_of(ctx)->op, (const uint8_t *)data, len);
    if (s != PSA_SUCCESS) {
        hmac_discard(ctx);
        return map_status(s);
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_hmac_sha256_final(mdsec_hmac_ctx_t *ctx,
                                           uint8_t out[MDSEC_HMAC_SHA256_LEN])
{
    mdsec_status_t st = MDSEC_OK;
    size_t got = 0u;

    if (ctx == NULL || out == NULL) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (ctx->magic != MDSEC_CRYPTO_MAGIC_HMAC) {
        st = MDSEC_ERR_NOT_INITIALISED;
    } else {
        hmac_state_t *h = hmac_of(ctx);

        st = map_status(psa_mac_sign_finish(&h->op, out, MDSEC_HMAC_SHA256_LEN, &got));
        if (st == MDSEC_OK && got != MDSEC_HMAC_SHA256_LEN) {
            st = MDSEC_ERR_INTERNAL;
        }
        st = destroy_key(&h->key, st);
    }
    if (st != MDSEC_OK) {
        wipe_out(out, MDSEC_HMAC_SHA256_LEN);
    }
    if (ctx != NULL) {
        hmac_discard(ctx);
    }
    return st;
}

mdsec_status_t mdsec_psa_hmac_sha256(const uint8_t *key, size_t key_len, const void *data,
                                     size_t len, uint8_t out[MDSEC_HMAC_SHA256_LEN])
{
    psa_key_id_t id = PSA_KEY_ID_NULL;
    size_t got = 0u;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if ((key == NULL && key_len != 0u) || (data == NULL && len != 0u)) {
        mdsec_memzero(out, MDSEC_HMAC_SHA256_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = api_init();
    if (st == MDSEC_OK) {
        st = hmac_import(key, key_len, PSA_KEY_USAGE_SIGN_MESSAGE, &id);
    }
    if (st == MDSEC_OK) {
        st = map_status(
            psa_mac_compute(id, MP_HMAC_ALG, nonnull(data), len, out, MDSEC_HMAC_SHA256_LEN, &got));
        if (st == MDSEC_OK && got != MDSEC_HMAC_SHA256_LEN) {
            st = MDSEC_ERR_INTERNAL;
        }
    }
    st = destroy_key(&id, st);
    if (st != MDSEC_OK) {
        mdsec_memzero(out, MDSEC_HMAC_SHA256_LEN);
    }
    return st;
}

/* ---- HKDF-SHA256 ----------------------------------------------------------------- */

mdsec_status_t mdsec_psa_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                     size_t ikm_len, const uint8_t *info, size_t info_len,
                                     uint8_t *okm, size_t okm_len)
{
    psa_key_derivation_operation_t op = PSA_KEY_DERIVATION_OPERATION_INIT;
    psa_status_t s;
    mdsec_status_t st;

    if (okm == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (okm_len == 0u || okm_len > (size_t)MDSEC_HKDF_SHA256_MAX_OUT ||
        (salt == NULL && salt_len != 0u) || (ikm == NULL && ikm_len != 0u) ||
        (info == NULL && info_len != 0u)) {
        mdsec_memzero(okm, okm_len);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        mdsec_memzero(okm, okm_len);
        return st;
    }
    s = psa_key_derivation_setup(&op, PSA_ALG_HKDF(PSA_ALG_SHA_256));
    /* An absent salt is HashLen zero bytes (RFC 5869 2.2): the API's
     * default when the optional salt step is left out. */
    if (s == PSA_SUCCESS && salt_len != 0u) {
        s = psa_key_derivation_input_bytes(&op, PSA_KEY_DERIVATION_INPUT_SALT, salt, salt_len);
    }
    if (s == PSA_SUCCESS) {
        s = psa_key_derivation_input_bytes(&op, PSA_KEY_DERIVATION_INPUT_SECRET, nonnull(ikm),
                                           ikm_len);
    }
    if (s == PSA_SUCCESS) {
        s = psa_key_derivation_input_bytes(&op, PSA_KEY_DERIVATION_INPUT_INFO, nonnull(info),
                                           info_len);
    }
    if (s == PSA_SUCCESS) {
        s = psa_key_derivation_output_bytes(&op, okm, okm_len);
    }
    if (psa_key_derivation_abort(&op) != PSA_SUCCESS && s == PSA_SUCCESS) {
        s = PSA_ERROR_CORRUPTION_DETECTED;
    }
    if (s != PSA_SUCCESS) {
        mdsec_memzero(okm, okm_len);
        return map_status(s);
    }
    return MDSEC_OK;
}

/* ---- ECDSA ------------------------------------------------------------------------- */

/* Curve parameters: key size and the scalar and point lengths. */
typedef struct ec_curve {
    size_t bits;
    size_t scalar_len;
    size_t pub_len;
} ec_curve_t;

static int curve_params(mdsec_curve_t curve, ec_curve_t *c)
{
    switch (curve) {
    case MDSEC_CURVE_P256:
        c->bits = 256u;
        c->scalar_len = MDSEC_P256_SCALAR_LEN;
        c->pub_len = MDSEC_P256_PUB_LEN;
        return 1;
    case MDSEC_CURVE_P384:
        c->bits = 384u;
        c->scalar_len = MDSEC_P384_SCALAR_LEN;
        c->pub_len = MDSEC_P384_PUB_LEN;
        return 1;
    default: return 0;
    }
}

/* ECDSA over a digest of hash_len bytes: the hash algorithm that has that
 * length, or ECDSA_ANY (the digest as given, truncated as ECDSA says). */
static psa_algorithm_t ecdsa_alg(size_t hash_len)
{
    switch (hash_len) {
    case MDSEC_SHA256_LEN: return PSA_ALG_ECDSA(PSA_ALG_SHA_256);
    case MDSEC_SHA384_LEN: return PSA_ALG_ECDSA(PSA_ALG_SHA_384);
    default: return PSA_ALG_ECDSA_ANY;
    }
}

/* Imports the scalar priv of curve c as a key pair for usage with alg. */
static psa_status_t import_ec_priv(const ec_curve_t *c, psa_key_usage_t usage, psa_algorithm_t alg,
                                   const uint8_t *priv, psa_key_id_t *key)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_status_t s;

    *key = PSA_KEY_ID_NULL;
    psa_set_key_lifetime(&a, PSA_KEY_LIFETIME_VOLATILE);
    psa_set_key_type(&a, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&a, c->bits);
    psa_set_key_usage_flags(&a, usage);
    psa_set_key_algorithm(&a, alg);
    s = psa_import_key(&a, priv, c->scalar_len, key);
    psa_reset_key_attributes(&a);
    if (s != PSA_SUCCESS) {
        *key = PSA_KEY_ID_NULL;
    }
    return s;
}

/* Length of the DER INTEGER body of the unsigned big-endian x (len bytes,
 * leading zeros allowed): minimal, with a 00 before a set top bit. */
static size_t sig_int_len(const uint8_t *x, size_t len)
{
    while (len > 0u && *x == 0u) {
        x++;
        len--;
    }
    return (len == 0u || *x >= 0x80u) ? len + 1u : len;
}

/* Writes the DER INTEGER of x (len bytes) with body length blen. */
static size_t sig_put_int(uint8_t *out, const uint8_t *x, size_t len, size_t blen)
{
    out[0] = 0x02u;
    out[1] = (uint8_t)blen;
    if (blen > len) {
        memset(out + 2, 0, blen - len);
        memcpy(out + 2 + (blen - len), x, len);
    } else {
        memcpy(out + 2, x + (len - blen), blen);
    }
    return 2u + blen;
}

/*
 * ECDSA-Sig-Value in minimal DER from r || s (2 * half bytes); returns its
 * length, or 0 when it does not fit cap.
 */
static size_t sig_raw_to_der(const uint8_t *raw, size_t half, uint8_t *out, size_t cap)
{
    size_t rl = sig_int_len(raw, half);
    size_t sl = sig_int_len(raw + half, half);
    size_t body = 4u + rl + sl;
    size_t hdr = body < 0x80u ? 2u : 3u;
    size_t n;

    if (rl > 0x7fu || sl > 0x7fu || body > 0xffu || hdr + body > cap) {
        return 0u;
    }
    out[0] = 0x30u;
    if (hdr == 2u) {
        out[1] = (uint8_t)body;
    } else {
        out[1] = 0x81u;
        out[2] = (uint8_t)body;
    }
    n = hdr;
    n += sig_put_int(out + n, raw, half, rl);
    n += sig_put_int(out + n, raw + half, half, sl);
    return n;
}

/* Largest r || s read from a DER signature of MDSEC_ECDSA_SIG_DER_MAX bytes. */
#define MP_SIG_WORK_LEN (2u * MDSEC_ECDSA_SIG_DER_MAX)

/*
 * DER ECDSA-Sig-Value to r || s of 2 * scalar_len bytes. The two INTEGERs
 * are read as unsigned values (as BearSSL's decoder does), then re-encoded
 * as minimal DER, which must give back the input byte for byte: only strict
 * DER is accepted (MDSEC_ERR_SIGNATURE_MALFORMED otherwise). Well-formed
 * DER whose r or s is too long to be below the group order is
 * MDSEC_ERR_SIGNATURE_INVALID. The statuses are BearSSL's, input for input.
 */
static mdsec_status_t der_to_raw(const uint8_t *sig, size_t sig_len, size_t scalar_len,
                                 uint8_t *raw)
{
    uint8_t work[MP_SIG_WORK_LEN];
    uint8_t again[MDSEC_ECDSA_SIG_DER_MAX];
    const uint8_t *r;
    const uint8_t *s;
    size_t off;
    size_t rlen;
    size_t slen;
    size_t half;

    if (sig_len < 8u || sig_len > MDSEC_ECDSA_SIG_DER_MAX || sig[0] != 0x30u) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    if (sig[1] > 0x80u) {
        if (sig[1] != 0x81u || sig[2] != sig_len - 3u) {
            return MDSEC_ERR_SIGNATURE_MALFORMED;
        }
        off = 3u;
    } else {
        if (sig[1] != sig_len - 2u) {
            return MDSEC_ERR_SIGNATURE_MALFORMED;
        }
        off = 2u;
    }
    if (sig[off] != 0x02u || sig[off + 1u] >= 0x80u) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    rlen = sig[off + 1u];
    off += 2u;
    if (rlen > sig_len - off || sig_len - off - rlen < 2u) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    r = sig + off;
    off += rlen;
    if (sig[off] != 0x02u || sig[off + 1u] >= 0x80u || sig[off + 1u] != sig_len - off - 2u) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    slen = sig[off + 1u];
    s = sig + off + 2u;
    while (rlen > 0u && *r == 0u) {
        r++;
        rlen--;
    }
    while (slen > 0u && *s == 0u) {
        s++;
        slen--;
    }
    half = rlen > slen ? rlen : slen;
    memset(work, 0, 2u * half);
    memcpy(work + (half - rlen), r, rlen);
    memcpy(work + (2u * half - slen), s, slen);
    if (sig_raw_to_der(work, half, again, sizeof again) != sig_len ||
        memcmp(again, sig, sig_len) != 0) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    if (half > scalar_len) {
        /* Well-formed DER, but r or s does not fit below the group order. */
        return MDSEC_ERR_SIGNATURE_INVALID;
    }
    memset(raw, 0, 2u * scalar_len);
    memcpy(raw + (scalar_len - half), work, half);
    memcpy(raw + (2u * scalar_len - half), work + half, half);
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_ecdsa_verify(mdsec_curve_t curve, const uint8_t *pub, size_t pub_len,
                                      const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                      size_t sig_len, mdsec_sig_format_t fmt)
{
    ec_curve_t c;
    uint8_t raw[MDSEC_P384_SIG_RAW_LEN];
    psa_algorithm_t alg = ecdsa_alg(hash_len);
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t s;
    mdsec_status_t st;

    if (!curve_params(curve, &c) || pub == NULL || hash == NULL || hash_len == 0u ||
        (sig == NULL && sig_len != 0u) || (fmt != MDSEC_SIG_DER && fmt != MDSEC_SIG_RAW)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (pub_len != c.pub_len || pub[0] != 0x04u) {
        return MDSEC_ERR_KEY_INVALID;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        return st;
    }
    /* The import rejects a point that is not on the curve, before the
     * signature is looked at. */
    s = import_key(PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1), PSA_KEY_USAGE_VERIFY_HASH,
                   alg, pub, pub_len, &key);
    if (s != PSA_SUCCESS) {
        return map_import(s);
    }
    if (fmt == MDSEC_SIG_RAW) {
        if (sig == NULL || sig_len != 2u * c.scalar_len) {
            st = MDSEC_ERR_SIGNATURE_MALFORMED;
        } else {
            memcpy(raw, sig, sig_len);
        }
    } else {
        st = der_to_raw(sig, sig_len, c.scalar_len, raw);
    }
    if (st == MDSEC_OK) {
        s = psa_verify_hash(key, alg, hash, hash_len, raw, 2u * c.scalar_len);
        st = map_status(s);
    }
    return destroy_key(&key, st);
}

mdsec_status_t mdsec_psa_ecdsa_sign(mdsec_drbg_t *drbg, mdsec_curve_t curve, const uint8_t *priv,
                                    size_t priv_len, const uint8_t *hash, size_t hash_len,
                                    mdsec_sig_format_t fmt, uint8_t *sig, size_t sig_cap,
                                    size_t *sig_len)
{
    ec_curve_t c;
    uint8_t out[MDSEC_P384_SIG_RAW_LEN];
    uint8_t der[MDSEC_ECDSA_SIG_DER_MAX];
    psa_algorithm_t hash_alg;
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t s = PSA_ERROR_NOT_SUPPORTED;
    mdsec_status_t st;
    size_t olen = 0u;
    size_t n;
    unsigned attempt;

    (void)drbg; /* RFC 6979: the nonce is derived from the key and the hash. */
    if (sig_len != NULL) {
        *sig_len = 0u;
    }
    if (!curve_params(curve, &c) || priv == NULL || hash == NULL || sig == NULL ||
        sig_len == NULL || (fmt != MDSEC_SIG_DER && fmt != MDSEC_SIG_RAW)) {
        wipe_out(sig, sig_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    /* The RFC 6979 HMAC uses the hash that produced the digest. */
    if (hash_len == MDSEC_SHA256_LEN) {
        hash_alg = PSA_ALG_SHA_256;
    } else if (hash_len == MDSEC_SHA384_LEN) {
        hash_alg = PSA_ALG_SHA_384;
    } else {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (priv_len != c.scalar_len) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_KEY_INVALID;
    }
    if (fmt == MDSEC_SIG_RAW && sig_cap < 2u * c.scalar_len) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    /* Deterministic ECDSA first; randomized ECDSA only where the
     * implementation lacks it. */
    for (attempt = 0u; attempt < 2u && s == PSA_ERROR_NOT_SUPPORTED; attempt++) {
        psa_algorithm_t alg =
            attempt == 0u ? PSA_ALG_DETERMINISTIC_ECDSA(hash_alg) : PSA_ALG_ECDSA(hash_alg);

        s = import_ec_priv(&c, PSA_KEY_USAGE_SIGN_HASH, alg, priv, &key);
        if (s == PSA_SUCCESS) {
            s = psa_sign_hash(key, alg, hash, hash_len, out, sizeof out, &olen);
            st = destroy_key(&key, MDSEC_OK);
            if (s == PSA_SUCCESS && st != MDSEC_OK) {
                s = PSA_ERROR_CORRUPTION_DETECTED;
            }
        } else if (s == PSA_ERROR_INVALID_ARGUMENT) {
            /* 0, or not below the group order */
            mdsec_memzero(sig, sig_cap);
            return MDSEC_ERR_KEY_INVALID;
        }
    }
    st = map_status(s);
    if (st == MDSEC_OK && olen != 2u * c.scalar_len) {
        st = MDSEC_ERR_INTERNAL;
    }
    n = olen;
    if (st == MDSEC_OK && fmt == MDSEC_SIG_DER) {
        n = sig_raw_to_der(out, c.scalar_len, der, sizeof der);
        if (n == 0u) {
            st = MDSEC_ERR_INTERNAL;
        }
    }
    if (st == MDSEC_OK && n > sig_cap) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(out, sizeof out);
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    memcpy(sig, fmt == MDSEC_SIG_DER ? der : out, n);
    *sig_len = n;
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_ecdsa_p256_sign(mdsec_drbg_t *drbg,
                                         const uint8_t priv[MDSEC_P256_SCALAR_LEN],
                                         const uint8_t *hash, size_t hash_len,
                                         mdsec_sig_format_t fmt, uint8_t *sig, size_t sig_cap,
                                         size_t *sig_len)
{
    return mdsec_psa_ecdsa_sign(drbg, MDSEC_CURVE_P256, priv, MDSEC_P256_SCALAR_LEN, hash, hash_len,
                                fmt, sig, sig_cap, sig_len);
}

mdsec_status_t mdsec_psa_ec_pubkey_from_priv(mdsec_curve_t curve, const uint8_t *priv,
                                             size_t priv_len, uint8_t *pub, size_t pub_cap,
                                             size_t *pub_len)
{
    ec_curve_t c;
    uint8_t point[MDSEC_P384_PUB_LEN];
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t s;
    mdsec_status_t st;
    size_t n = 0u;

    if (pub_len != NULL) {
        *pub_len = 0u;
    }
    if (!curve_params(curve, &c) || priv == NULL || pub == NULL || pub_len == NULL) {
        wipe_out(pub, pub_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (pub_cap < c.pub_len) {
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (priv_len != c.scalar_len) {
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_KEY_INVALID;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        mdsec_memzero(pub, pub_cap);
        return st;
    }
    /* Exporting the public half needs no usage flag. */
    s = import_ec_priv(&c, 0u, 0u, priv, &key);
    if (s != PSA_SUCCESS) {
        mdsec_memzero(pub, pub_cap);
        return map_import(s);
    }
    st = map_status(psa_export_public_key(key, point, sizeof point, &n));
    if (st == MDSEC_OK && (n != c.pub_len || point[0] != 0x04u)) {
        st = MDSEC_ERR_INTERNAL;
    }
    st = destroy_key(&key, st);
    if (st != MDSEC_OK) {
        mdsec_memzero(pub, pub_cap);
        return st;
    }
    memcpy(pub, point, n);
    *pub_len = n;
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_ec_keygen(mdsec_drbg_t *drbg, mdsec_curve_t curve, uint8_t *priv,
                                   size_t priv_cap, size_t *priv_len, uint8_t *pub, size_t pub_cap,
                                   size_t *pub_len)
{
    ec_curve_t c;
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    uint8_t scalar[MDSEC_P384_SCALAR_LEN];
    uint8_t point[MDSEC_P384_PUB_LEN];
    psa_key_id_t key = PSA_KEY_ID_NULL;
    psa_status_t s;
    mdsec_status_t st;
    size_t n = 0u;
    size_t m = 0u;

    if (priv_len != NULL) {
        *priv_len = 0u;
    }
    if (pub_len != NULL) {
        *pub_len = 0u;
    }
    if (drbg == NULL || !curve_params(curve, &c) || priv == NULL || priv_len == NULL ||
        pub == NULL || pub_len == NULL) {
        wipe_out(priv, priv_cap);
        wipe_out(pub, pub_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (priv_cap < c.scalar_len || pub_cap < c.pub_len) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    st = api_init();
    if (st != MDSEC_OK) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return st;
    }
    /* The implementation draws the scalar from its RNG, in 1..n-1. */
    psa_set_key_lifetime(&a, PSA_KEY_LIFETIME_VOLATILE);
    psa_set_key_type(&a, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&a, c.bits);
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_EXPORT);
    s = psa_generate_key(&a, &key);
    psa_reset_key_attributes(&a);
    if (s != PSA_SUCCESS) {
        key = PSA_KEY_ID_NULL;
    }
    st = map_status(s);
    if (st == MDSEC_OK) {
        st = map_status(psa_export_key(key, scalar, sizeof scalar, &n));
    }
    if (st == MDSEC_OK) {
        st = map_status(psa_export_public_key(key, point, sizeof point, &m));
    }
    if (st == MDSEC_OK && (n != c.scalar_len || m != c.pub_len)) {
        st = MDSEC_ERR_INTERNAL;
    }
    st = destroy_key(&key, st);
    if (st != MDSEC_OK) {
        mdsec_memzero(scalar, sizeof scalar);
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return st;
    }
    memcpy(priv, scalar, n);
    memcpy(pub, point, m);
    mdsec_memzero(scalar, sizeof scalar);
    *priv_len = n;
    *pub_len = m;
    return MDSEC_OK;
}

/* ---- ChaCha20-Poly1305 --------------------------------------------------------- */

static int aead_len_ok(size_t len)
{
#if SIZE_MAX > MP_AEAD_MAX_LEN
    return len <= (size_t)MP_AEAD_MAX_LEN;
#else
    (void)len; /* a 32-bit size_t cannot exceed the limit */
    return 1;
#endif
}

static int aead_args_ok(const uint8_t *key, const uint8_t *nonce, const uint8_t *tag,
                        const uint8_t *aad, size_t aad_len, const uint8_t *in, const uint8_t *out,
                        size_t len)
{
    return key != NULL && nonce != NULL && tag != NULL && (aad != NULL || aad_len == 0u) &&
           (len == 0u || (in != NULL && out != NULL)) && aead_len_ok(len);
}

#if defined(MDSEC_PSA_ONESHOT_AEAD)
/* ct || tag of one message, for the one-shot calls. */
#define MP_AEAD_WORK_LEN ((size_t)MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX + MDSEC_AEAD_TAG_LEN)

static mdsec_status_t aead_run(psa_key_id_t key, int seal, const uint8_t *nonce, const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                               uint8_t *tag)
{
    uint8_t work[MP_AEAD_WORK_LEN];
    psa_status_t s;
    size_t got = 0u;

    if (seal) {
        s = psa_aead_encrypt(key, PSA_ALG_CHACHA20_POLY1305, nonce, MDSEC_AEAD_NONCE_LEN,
                             nonnull(aad), aad_len, nonnull(in), len, work,
                             len + MDSEC_AEAD_TAG_LEN, &got);
        if (s == PSA_SUCCESS && got == len + MDSEC_AEAD_TAG_LEN) {
            if (len != 0u) {
                memcpy(out, work, len); /* out == in is allowed */
            }
            memcpy(tag, work + len, MDSEC_AEAD_TAG_LEN);
        } else if (s == PSA_SUCCESS) {
            s = PSA_ERROR_CORRUPTION_DETECTED;
        }
    } else {
        uint8_t dummy[1] = {0u};

        if (len != 0u) {
            memcpy(work, in, len);
        }
        memcpy(work + len, tag, MDSEC_AEAD_TAG_LEN);
        s = psa_aead_decrypt(key, PSA_ALG_CHACHA20_POLY1305, nonce, MDSEC_AEAD_NONCE_LEN,
                             nonnull(aad), aad_len, work, len + MDSEC_AEAD_TAG_LEN,
                             len != 0u ? out : dummy, len, &got);
        if (s == PSA_SUCCESS && got != len) {
            s = PSA_ERROR_CORRUPTION_DETECTED;
        }
    }
    mdsec_memzero(work, sizeof work);
    if (s == PSA_ERROR_INVALID_SIGNATURE) {
        return MDSEC_ERR_AUTH_FAILED;
    }
    return map_status(s);
}
#else
static mdsec_status_t aead_run(psa_key_id_t key, int seal, const uint8_t *nonce, const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                               uint8_t *tag)
{
    psa_aead_operation_t op = PSA_AEAD_OPERATION_INIT;
    psa_status_t s;
    size_t n1 = 0u;
    size_t n2 = 0u;
    size_t tl = 0u;

    s = seal ? psa_aead_encrypt_setup(&op, key, PSA_ALG_CHACHA20_POLY1305)
             : psa_aead_decrypt_setup(&op, key, PSA_ALG_CHACHA20_POLY1305);
    if (s == PSA_SUCCESS) {
        s = psa_aead_set_nonce(&op, nonce, MDSEC_AEAD_NONCE_LEN);
    }
    if (s == PSA_SUCCESS && aad_len != 0u) {
        s = psa_aead_update_ad(&op, aad, aad_len);
    }
    if (s == PSA_SUCCESS && len != 0u) {
        /* out == in is allowed. */
        s = psa_aead_update(&op, in, len, out, len, &n1);
    }
    if (s == PSA_SUCCESS && n1 > len) {
        s = PSA_ERROR_CORRUPTION_DETECTED;
    }
    if (s == PSA_SUCCESS) {
        /* Whatever output the implementation held back comes now. */
        uint8_t dummy[1] = {0u};
        uint8_t *rest = n1 < len ? out + n1 : dummy;

        if (seal) {
            s = psa_aead_finish(&op, rest, len - n1, &n2, tag, MDSEC_AEAD_TAG_LEN, &tl);
            if (s == PSA_SUCCESS && tl != MDSEC_AEAD_TAG_LEN) {
                s = PSA_ERROR_CORRUPTION_DETECTED;
            }
        } else {
            s = psa_aead_verify(&op, rest, len - n1, &n2, tag, MDSEC_AEAD_TAG_LEN);
        }
    }
    if (s == PSA_SUCCESS && n1 + n2 != len) {
        s = PSA_ERROR_CORRUPTION_DETECTED;
    }
    if (psa_aead_abort(&op) != PSA_SUCCESS && s == PSA_SUCCESS) {
        s = PSA_ERROR_CORRUPTION_DETECTED;
    }
    if (s == PSA_ERROR_INVALID_SIGNATURE) {
        return MDSEC_ERR_AUTH_FAILED;
    }
    return map_status(s);
}
#endif

/* Imports the AEAD key and runs one seal or open. */
static mdsec_status_t aead(int seal, const uint8_t key[MDSEC_AEAD_KEY_LEN],
                           const uint8_t nonce[MDSEC_AEAD_NONCE_LEN], const uint8_t *aad,
                           size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
                           uint8_t *tag)
{
    psa_key_id_t id = PSA_KEY_ID_NULL;
    psa_status_t s;
    mdsec_status_t st;

    st = api_init();
    if (st != MDSEC_OK) {
        return st;
    }
    s = import_key(PSA_KEY_TYPE_CHACHA20, seal ? PSA_KEY_USAGE_ENCRYPT : PSA_KEY_USAGE_DECRYPT,
                   PSA_ALG_CHACHA20_POLY1305, key, MDSEC_AEAD_KEY_LEN, &id);
    if (s != PSA_SUCCESS) {
        return map_import(s);
    }
    st = aead_run(id, seal, nonce, aad, aad_len, in, len, out, tag);
    return destroy_key(&id, st);
}

mdsec_status_t mdsec_psa_aead_seal(const uint8_t key[MDSEC_AEAD_KEY_LEN],
                                   const uint8_t nonce[MDSEC_AEAD_NONCE_LEN], const uint8_t *aad,
                                   size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,
                                   uint8_t tag[MDSEC_AEAD_TAG_LEN])
{
    mdsec_status_t st;

    if (!aead_args_ok(key, nonce, tag, aad, aad_len, pt, ct, len)) {
        if (ct != NULL && len != 0u && aead_len_ok(len)) {
            mdsec_memzero(ct, len);
        }
        wipe_out(tag, MDSEC_AEAD_TAG_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
#if defined(MDSEC_PSA_ONESHOT_AEAD)
    if (len > (size_t)MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX) {
        return MDSEC_ERR_NOT_SUPPORTED; /* no multi-part AEAD, see the top */
    }
#endif
    st = aead(1, key, nonce, aad, aad_len, pt, len, ct, tag);
    if (st != MDSEC_OK) {
        if (len != 0u) {
            mdsec_memzero(ct, len);
        }
        mdsec_memzero(tag, MDSEC_AEAD_TAG_LEN);
    }
    return st;
}

mdsec_status_t mdsec_psa_aead_open(const uint8_t key[MDSEC_AEAD_KEY_LEN],
                                   const uint8_t nonce[MDSEC_AEAD_NONCE_LEN], const uint8_t *aad,
                                   size_t aad_len, const uint8_t *ct, size_t len,
                                   const uint8_t tag[MDSEC_AEAD_TAG_LEN], uint8_t *pt)
{
    uint8_t t[MDSEC_AEAD_TAG_LEN];
    mdsec_status_t st;

    if (!aead_args_ok(key, nonce, tag, aad, aad_len, ct, pt, len)) {
        if (pt != NULL && len != 0u && aead_len_ok(len)) {
            mdsec_memzero(pt, len);
        }
        return MDSEC_ERR_INVALID_ARG;
    }
#if defined(MDSEC_PSA_ONESHOT_AEAD)
    if (len > (size_t)MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX) {
        return MDSEC_ERR_NOT_SUPPORTED; /* no multi-part AEAD, see the top */
    }
#endif
    memcpy(t, tag, sizeof t);
    st = aead(0, key, nonce, aad, aad_len, ct, len, pt, t);
    mdsec_memzero(t, sizeof t);
    if (st != MDSEC_OK && len != 0u) {
        mdsec_memzero(pt, len);
    }
    return st;
}

/* ---- DRBG (the PSA implementation's RNG, see the top of this file) ----------- */

mdsec_status_t mdsec_psa_drbg_instantiate(mdsec_drbg_t *drbg, const uint8_t *entropy,
                                          size_t entropy_len, const uint8_t *nonce,
                                          size_t nonce_len, const uint8_t *pers, size_t pers_len)
{
    /* PSA offers no DRBG instantiated from the caller's inputs. */
    (void)drbg;
    (void)entropy;
    (void)entropy_len;
    (void)nonce;
    (void)nonce_len;
    (void)pers;
    (void)pers_len;
    return MDSEC_ERR_NOT_SUPPORTED;
}

mdsec_status_t mdsec_psa_drbg_seed(mdsec_drbg_t *drbg, const uint8_t *pers, size_t pers_len)
{
    mdsec_status_t st;

    if (drbg == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(drbg, sizeof *drbg);
    if ((pers == NULL && pers_len != 0u) || pers_len > MP_DRBG_INPUT_MAX - MDSEC_DRBG_SEED_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    /* psa_crypto_init() seeds the implementation's RNG (or reports that
     * its entropy source failed). */
    st = api_init();
    if (st != MDSEC_OK) {
        return st;
    }
    drbg->magic = MDSEC_CRYPTO_MAGIC_DRBG;
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_drbg_reseed(mdsec_drbg_t *drbg, const uint8_t *add, size_t add_len)
{
    if (drbg == NULL || (add == NULL && add_len != 0u) ||
        add_len > MP_DRBG_INPUT_MAX - MDSEC_DRBG_SEED_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    /* The implementation reseeds its RNG on its own schedule. */
    return MDSEC_OK;
}

mdsec_status_t mdsec_psa_drbg_generate(mdsec_drbg_t *drbg, uint8_t *out, size_t len)
{
    mdsec_status_t st;

    if (drbg == NULL || (out == NULL && len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len > MP_DRBG_REQUEST_MAX) {
        mdsec_memzero(out, len);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        wipe_out(out, len);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    st = api_init();
    if (st == MDSEC_OK) {
        st = map_status(psa_generate_random(out, len));
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(out, len);
    }
    return st;
}

void mdsec_psa_drbg_wipe(mdsec_drbg_t *drbg)
{
    if (drbg != NULL) {
        mdsec_memzero(drbg, sizeof *drbg);
    }
}

#endif /* !MDSEC_PSA_FALLBACK_ONLY */
