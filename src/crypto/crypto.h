/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Internal crypto provider API. The only interface modules use for
 * cryptography; src/crypto/ is the only directory that calls BearSSL,
 * libtomcrypt or the PSA Crypto API.
 *
 * Every provider implements each operation under its own prefix
 * (mdsec_bearssl_..., mdsec_tomcrypt_..., mdsec_psa_...), so that all of
 * them can be linked into one test binary to check that they agree. The
 * library selects one of them with MDSEC_CRYPTO_BEARSSL, MDSEC_CRYPTO_TOMCRYPT
 * or MDSEC_CRYPTO_PSA, and modules call the generic mdsec_crypto_... names
 * mapped at the end of this header. With MDSEC_CRYPTO_FALLBACK_PSA (BearSSL
 * only) the operations BearSSL lacks (RSA-PSS) map to the psa provider,
 * which the library then also carries (docs/crypto-providers.md).
 *
 * Common rules:
 *  - A provider that lacks an operation returns MDSEC_ERR_NOT_SUPPORTED
 *    and touches no output.
 *  - On any failure, outputs are zeroed (never half-written).
 *  - Verification returns MDSEC_OK only for a valid signature/tag;
 *    MDSEC_ERR_SIGNATURE_INVALID / MDSEC_ERR_AUTH_FAILED otherwise.
 *  - Key material copied onto the stack is wiped before returning.
 *  - Statuses: a badly encoded signature is MDSEC_ERR_SIGNATURE_MALFORMED,
 *    one that does not verify MDSEC_ERR_SIGNATURE_INVALID; a bad public key
 *    or a private scalar outside 1..n-1 MDSEC_ERR_KEY_INVALID; an unknown
 *    algorithm or curve MDSEC_ERR_INVALID_ARG; an unseeded DRBG
 *    MDSEC_ERR_DRBG_NOT_SEEDED. NULL with length 0 is allowed everywhere.
 *  - DER signatures are strict in every provider (re-encoded and compared).
 */
#ifndef MDSEC_SRC_CRYPTO_H
#define MDSEC_SRC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/core.h"
#include "mdsec/status.h"

/* Curves. */
typedef enum mdsec_curve { MDSEC_CURVE_P256 = 1, MDSEC_CURVE_P384 = 2 } mdsec_curve_t;

/* Signature encodings for ECDSA. */
typedef enum mdsec_sig_format {
    MDSEC_SIG_DER = 1, /* ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } */
    MDSEC_SIG_RAW = 2  /* r || s, each the curve's field size, big endian */
} mdsec_sig_format_t;

#define MDSEC_P256_SCALAR_LEN   32u
#define MDSEC_P384_SCALAR_LEN   48u
/* Uncompressed SEC1 point: 0x04 || X || Y. */
#define MDSEC_P256_PUB_LEN      65u
#define MDSEC_P384_PUB_LEN      97u
#define MDSEC_P256_SIG_RAW_LEN  64u
#define MDSEC_P384_SIG_RAW_LEN  96u
/* Longest DER ECDSA P-384 signature: 30 66 02 31 00|r 02 31 00|s. */
#define MDSEC_ECDSA_SIG_DER_MAX 104u

#define MDSEC_HMAC_SHA256_LEN     32u
#define MDSEC_HKDF_SHA256_MAX_OUT 8160u /* 255 * 32 */

/* The AEAD is ChaCha20-Poly1305 (RFC 8439). */
#define MDSEC_AEAD_KEY_LEN   32u
#define MDSEC_AEAD_NONCE_LEN 12u
#define MDSEC_AEAD_TAG_LEN   16u

#define MDSEC_RSA_MIN_BITS 2048u
#define MDSEC_RSA_MAX_BITS 3072u

/*
 * The operations, declared once per provider prefix P.
 *
 * hash_init/update/final: streaming SHA-256 / SHA-384. final writes
 *   mdsec_hash_len(alg) bytes into out (out_len must be at least that) and
 *   wipes the context. update/final on an uninitialised context return
 *   MDSEC_ERR_NOT_INITIALISED.
 * hash: one-shot.
 * hmac_sha256_init/update/final, hmac_sha256: HMAC-SHA256 (RFC 2104), any key
 *   length (keys longer than the block are hashed, as the RFC says).
 * hkdf_sha256: RFC 5869 extract-then-expand; okm_len 1..255*32. salt may be
 *   NULL/0 (then a string of zeros, as the RFC says).
 * ecdsa_verify: pub is an uncompressed SEC1 point for curve; hash is the
 *   message digest (any length; the standard truncation applies).
 * ecdsa_sign: priv is the big-endian scalar of curve (priv_len its scalar
 *   length); hash a SHA-256 or SHA-384 digest (32 or 48 bytes); writes the
 *   signature in fmt into sig (capacity sig_cap) and its length into
 *   *sig_len. Uses the DRBG for the nonce where the provider needs one
 *   (BearSSL and the psa provider use RFC 6979 deterministic nonces and
 *   ignore it).
 * ecdsa_p256_sign: ecdsa_sign on P-256 with a 32-byte scalar.
 * ec_pubkey_from_priv: computes the public point of priv.
 * ec_keygen: a fresh key pair from the DRBG.
 * rsa_pss_verify: n and e big-endian (leading zeros allowed), the modulus
 *   2048..3072 bits; MGF1 with the same hash as hash_alg; salt_len in bytes.
 * rsa_pss_sign: priv_der is a PKCS#1 RSAPrivateKey in DER (2048..3072-bit
 *   modulus); signs the digest hash (hash_len = the length of hash_alg) with
 *   EMSA-PSS, MGF1 with hash_alg and a random salt of salt_len bytes drawn
 *   from the DRBG (which must be seeded; the psa provider draws from the
 *   PSA implementation's RNG); the signature is as long as the modulus.
 *   For host tools: the key is in plain memory.
 * aead_seal / aead_open: ChaCha20-Poly1305. ct/pt may alias exactly.
 *   open zeroes pt and returns MDSEC_ERR_AUTH_FAILED on a bad tag.
 * drbg_instantiate: deterministic seeding (entropy || nonce || pers as in
 *   SP 800-90A), for known-answer tests and for callers that bring their
 *   own entropy. drbg_seed: seeds from mdsec_port_entropy()
 *   (MDSEC_DRBG_SEED_LEN bytes) plus optional personalisation.
 *   drbg_reseed mixes in fresh port entropy plus optional additional input.
 *   drbg_generate: at most 1024 bytes per call; needs a seeded DRBG.
 *   drbg_wipe: wipes the state.
 *   The psa provider has no DRBG of its own: drbg_instantiate is
 *   MDSEC_ERR_NOT_SUPPORTED, and seed/reseed/generate keep the argument
 *   rules and the seeded state but take their bytes from the PSA
 *   implementation's RNG (src/crypto/psa.c).
 */
#define MDSEC_CRYPTO_DECLARE(P)                                                                    \
    const char *P##provider_name(void);                                                            \
    MDSEC_NODISCARD mdsec_status_t P##hash_init(mdsec_hash_ctx_t *ctx, mdsec_hash_alg_t alg);      \
    MDSEC_NODISCARD mdsec_status_t P##hash_update(mdsec_hash_ctx_t *ctx, const void *data,         \
                                                  size_t len);                                     \
    MDSEC_NODISCARD mdsec_status_t P##hash_final(mdsec_hash_ctx_t *ctx, uint8_t *out,              \
                                                 size_t out_len);                                  \
    MDSEC_NODISCARD mdsec_status_t P##hash(mdsec_hash_alg_t alg, const void *data, size_t len,     \
                                           uint8_t *out, size_t out_len);                          \
    MDSEC_NODISCARD mdsec_status_t P##hmac_sha256_init(mdsec_hmac_ctx_t *ctx, const uint8_t *key,  \
                                                       size_t key_len);                            \
    MDSEC_NODISCARD mdsec_status_t P##hmac_sha256_update(mdsec_hmac_ctx_t *ctx, const void *data,  \
                                                         size_t len);                              \
    MDSEC_NODISCARD mdsec_status_t P##hmac_sha256_final(mdsec_hmac_ctx_t *ctx,                     \
                                                        uint8_t out[MDSEC_HMAC_SHA256_LEN]);       \
    MDSEC_NODISCARD mdsec_status_t P##hmac_sha256(const uint8_t *key, size_t key_len,              \
                                                  const void *data, size_t len,                    \
                                                  uint8_t out[MDSEC_HMAC_SHA256_LEN]);             \
    MDSEC_NODISCARD mdsec_status_t P##hkdf_sha256(                                                 \
        const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len,                  \
        const uint8_t *info, size_t info_len, uint8_t *okm, size_t okm_len);                       \
    MDSEC_NODISCARD mdsec_status_t P##ecdsa_verify(                                                \
        mdsec_curve_t curve, const uint8_t *pub, size_t pub_len, const uint8_t *hash,              \
        size_t hash_len, const uint8_t *sig, size_t sig_len, mdsec_sig_format_t fmt);              \
    MDSEC_NODISCARD mdsec_status_t P##ecdsa_sign(                                                  \
        mdsec_drbg_t *drbg, mdsec_curve_t curve, const uint8_t *priv, size_t priv_len,             \
        const uint8_t *hash, size_t hash_len, mdsec_sig_format_t fmt, uint8_t *sig,                \
        size_t sig_cap, size_t *sig_len);                                                          \
    MDSEC_NODISCARD mdsec_status_t P##ecdsa_p256_sign(                                             \
        mdsec_drbg_t *drbg, const uint8_t priv[MDSEC_P256_SCALAR_LEN], const uint8_t *hash,        \
        size_t hash_len, mdsec_sig_format_t fmt, uint8_t *sig, size_t sig_cap, size_t *sig_len);   \
    MDSEC_NODISCARD mdsec_status_t P##ec_pubkey_from_priv(                                         \
        mdsec_curve_t curve, const uint8_t *priv, size_t priv_len, uint8_t *pub, size_t pub_cap,   \
        size_t *pub_len);                                                                          \
    MDSEC_NODISCARD mdsec_status_t P##ec_keygen(mdsec_drbg_t *drbg, mdsec_curve_t curve,           \
                                                uint8_t *priv, size_t priv_cap, size_t *priv_len,  \
                                                uint8_t *pub, size_t pub_cap, size_t *pub_len);    \
    MDSEC_NODISCARD mdsec_status_t P##rsa_pss_verify(                                              \
        const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len, mdsec_hash_alg_t hash_alg, \
        const uint8_t *hash, size_t hash_len, size_t salt_len, const uint8_t *sig,                 \
        size_t sig_len);                                                                           \
    MDSEC_NODISCARD mdsec_status_t P##rsa_pss_sign(                                                \
        mdsec_drbg_t *drbg, const uint8_t *priv_der, size_t priv_der_len,                          \
        mdsec_hash_alg_t hash_alg, const uint8_t *hash, size_t hash_len, size_t salt_len,          \
        uint8_t *sig, size_t sig_cap, size_t *sig_len);                                            \
    MDSEC_NODISCARD mdsec_status_t P##aead_seal(                                                   \
        const uint8_t key[MDSEC_AEAD_KEY_LEN], const uint8_t nonce[MDSEC_AEAD_NONCE_LEN],          \
        const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,            \
        uint8_t tag[MDSEC_AEAD_TAG_LEN]);                                                          \
    MDSEC_NODISCARD mdsec_status_t P##aead_open(                                                   \
        const uint8_t key[MDSEC_AEAD_KEY_LEN], const uint8_t nonce[MDSEC_AEAD_NONCE_LEN],          \
        const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t len,                         \
        const uint8_t tag[MDSEC_AEAD_TAG_LEN], uint8_t *pt);                                       \
    MDSEC_NODISCARD mdsec_status_t P##drbg_instantiate(                                            \
        mdsec_drbg_t *drbg, const uint8_t *entropy, size_t entropy_len, const uint8_t *nonce,      \
        size_t nonce_len, const uint8_t *pers, size_t pers_len);                                   \
    MDSEC_NODISCARD mdsec_status_t P##drbg_seed(mdsec_drbg_t *drbg, const uint8_t *pers,           \
                                                size_t pers_len);                                  \
    MDSEC_NODISCARD mdsec_status_t P##drbg_reseed(mdsec_drbg_t *drbg, const uint8_t *add,          \
                                                  size_t add_len);                                 \
    MDSEC_NODISCARD mdsec_status_t P##drbg_generate(mdsec_drbg_t *drbg, uint8_t *out, size_t len); \
    void P##drbg_wipe(mdsec_drbg_t *drbg);

MDSEC_CRYPTO_DECLARE(mdsec_bearssl_)
MDSEC_CRYPTO_DECLARE(mdsec_tomcrypt_)
MDSEC_CRYPTO_DECLARE(mdsec_psa_)

/* The provider the library was built with. */
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_SYM(name) mdsec_tomcrypt_##name
#elif defined(MDSEC_CRYPTO_PSA)
#define MDSEC_CRYPTO_SYM(name) mdsec_psa_##name
#elif defined(MDSEC_CRYPTO_BEARSSL)
#define MDSEC_CRYPTO_SYM(name) mdsec_bearssl_##name
#else
#error "define MDSEC_CRYPTO_BEARSSL, MDSEC_CRYPTO_TOMCRYPT or MDSEC_CRYPTO_PSA"
#endif

/*
 * The operations the selected provider lacks, taken from the fallback
 * provider (MDSEC_CRYPTO_FALLBACK_PSA: BearSSL 0.6 has no RSA-PSS, so the
 * library also carries the psa provider's RSA-PSS).
 */
#if defined(MDSEC_CRYPTO_FALLBACK_PSA)
#if !defined(MDSEC_CRYPTO_BEARSSL) || defined(MDSEC_CRYPTO_TOMCRYPT) || defined(MDSEC_CRYPTO_PSA)
#error "MDSEC_CRYPTO_FALLBACK_PSA applies to the BearSSL provider only"
#endif
#define MDSEC_CRYPTO_SYM_RSA(name) mdsec_psa_##name
#else
#define MDSEC_CRYPTO_SYM_RSA(name) MDSEC_CRYPTO_SYM(name)
#endif

#define mdsec_crypto_hash_init           MDSEC_CRYPTO_SYM(hash_init)
#define mdsec_crypto_hash_update         MDSEC_CRYPTO_SYM(hash_update)
#define mdsec_crypto_hash_final          MDSEC_CRYPTO_SYM(hash_final)
#define mdsec_crypto_hash                MDSEC_CRYPTO_SYM(hash)
#define mdsec_crypto_hmac_sha256_init    MDSEC_CRYPTO_SYM(hmac_sha256_init)
#define mdsec_crypto_hmac_sha256_update  MDSEC_CRYPTO_SYM(hmac_sha256_update)
#define mdsec_crypto_hmac_sha256_final   MDSEC_CRYPTO_SYM(hmac_sha256_final)
#define mdsec_crypto_hmac_sha256         MDSEC_CRYPTO_SYM(hmac_sha256)
#define mdsec_crypto_hkdf_sha256         MDSEC_CRYPTO_SYM(hkdf_sha256)
#define mdsec_crypto_ecdsa_verify        MDSEC_CRYPTO_SYM(ecdsa_verify)
#define mdsec_crypto_ecdsa_sign          MDSEC_CRYPTO_SYM(ecdsa_sign)
#define mdsec_crypto_ecdsa_p256_sign     MDSEC_CRYPTO_SYM(ecdsa_p256_sign)
#define mdsec_crypto_ec_pubkey_from_priv MDSEC_CRYPTO_SYM(ec_pubkey_from_priv)
#define mdsec_crypto_ec_keygen           MDSEC_CRYPTO_SYM(ec_keygen)
#define mdsec_crypto_rsa_pss_verify      MDSEC_CRYPTO_SYM_RSA(rsa_pss_verify)
#define mdsec_crypto_rsa_pss_sign        MDSEC_CRYPTO_SYM_RSA(rsa_pss_sign)
#define mdsec_crypto_aead_seal           MDSEC_CRYPTO_SYM(aead_seal)
#define mdsec_crypto_aead_open           MDSEC_CRYPTO_SYM(aead_open)
#define mdsec_crypto_drbg_instantiate    MDSEC_CRYPTO_SYM(drbg_instantiate)
#define mdsec_crypto_drbg_seed           MDSEC_CRYPTO_SYM(drbg_seed)
#define mdsec_crypto_drbg_reseed         MDSEC_CRYPTO_SYM(drbg_reseed)
#define mdsec_crypto_drbg_generate       MDSEC_CRYPTO_SYM(drbg_generate)
#define mdsec_crypto_drbg_wipe           MDSEC_CRYPTO_SYM(drbg_wipe)

/* Magic values stored in initialised contexts (never zero). */
#define MDSEC_CRYPTO_MAGIC_HASH 0x48a5c3e1u
#define MDSEC_CRYPTO_MAGIC_HMAC 0x4d1f7b29u
#define MDSEC_CRYPTO_MAGIC_DRBG 0x52b8e64du

/* ---- Ed25519 and SHA-512 (libsodium) -------------------------------------- */
/*
 * Ed25519 (RFC 8032 PureEdDSA) and SHA-512, from libsodium (src/crypto/sodium.c,
 * prefix mdsec_sodium_), beside whichever provider MDSEC_CRYPTO selects. The
 * build has them when MDSEC_ED25519=sodium (MDSEC_ED25519_SODIUM is then
 * defined); otherwise the mdsec_crypto_ names below are stubs that return
 * MDSEC_ERR_NOT_SUPPORTED and touch no output. A Cortex-M build compiles
 * only the part of libsodium that verification needs (MDSEC_SODIUM_VERIFY_ONLY):
 * there the signing operations are stubs too.
 *
 * ed25519_verify: pub is the 32-byte key, sig R || S (64 bytes), msg the
 *   message itself (NULL allowed when msg_len is 0). libsodium's
 *   crypto_sign_ed25519_verify_detached decides: MDSEC_OK only for a valid
 *   signature (S below the group order L, R and the key canonical and not of
 *   small order). A refusal is then classified: MDSEC_ERR_KEY_INVALID when
 *   pub is not a canonical encoding of a point of the prime-order subgroup
 *   (this includes every small-order key); MDSEC_ERR_SIGNATURE_MALFORMED
 *   when S >= L or R is not such a point (no signer produces either);
 *   MDSEC_ERR_SIGNATURE_INVALID otherwise.
 * sha512_init/update/final, sha512: SHA-512 on a mdsec_hash_ctx_t (its alg is
 *   MDSEC_HASH_SHA512; the provider's hash functions do not take it), with
 *   the rules of hash_* above; final writes 64 bytes.
 * ed25519_pubkey_from_seed, ed25519_sign: the RFC 8032 key pair of a 32-byte
 *   seed (the private key as PKCS#8 and imgtool store it); the expanded
 *   secret key is wiped before returning. Host builds only.
 */
#define MDSEC_ED25519_PUB_LEN  32u
#define MDSEC_ED25519_SIG_LEN  64u
#define MDSEC_ED25519_SEED_LEN 32u

#define MDSEC_CRYPTO_MAGIC_SHA512 0x35a1c9e7u

MDSEC_NODISCARD mdsec_status_t
mdsec_sodium_ed25519_verify(const uint8_t pub[MDSEC_ED25519_PUB_LEN], const uint8_t *msg,
                            size_t msg_len, const uint8_t sig[MDSEC_ED25519_SIG_LEN]);
MDSEC_NODISCARD mdsec_status_t mdsec_sodium_sha512_init(mdsec_hash_ctx_t *ctx);
MDSEC_NODISCARD mdsec_status_t mdsec_sodium_sha512_update(mdsec_hash_ctx_t *ctx, const void *data,
                                                          size_t len);
MDSEC_NODISCARD mdsec_status_t mdsec_sodium_sha512_final(mdsec_hash_ctx_t *ctx, uint8_t *out,
                                                         size_t out_len);
MDSEC_NODISCARD mdsec_status_t mdsec_sodium_sha512(const void *data, size_t len, uint8_t *out,
                                                   size_t out_len);
MDSEC_NODISCARD mdsec_status_t mdsec_sodium_ed25519_pubkey_from_seed(
    const uint8_t seed[MDSEC_ED25519_SEED_LEN], uint8_t pub[MDSEC_ED25519_PUB_LEN]);
MDSEC_NODISCARD mdsec_status_t mdsec_sodium_ed25519_sign(const uint8_t seed[MDSEC_ED25519_SEED_LEN],
                                                         const uint8_t *msg, size_t msg_len,
                                                         uint8_t sig[MDSEC_ED25519_SIG_LEN]);

#if defined(MDSEC_ED25519_SODIUM)
#define MDSEC_CRYPTO_HAS_ED25519    1
#define mdsec_crypto_ed25519_verify mdsec_sodium_ed25519_verify
#define mdsec_crypto_sha512_init    mdsec_sodium_sha512_init
#define mdsec_crypto_sha512_update  mdsec_sodium_sha512_update
#define mdsec_crypto_sha512_final   mdsec_sodium_sha512_final
#define mdsec_crypto_sha512         mdsec_sodium_sha512
#else
#define MDSEC_CRYPTO_HAS_ED25519 0
static inline MDSEC_NODISCARD mdsec_status_t
mdsec_crypto_ed25519_verify(const uint8_t pub[MDSEC_ED25519_PUB_LEN], const uint8_t *msg,
                            size_t msg_len, const uint8_t sig[MDSEC_ED25519_SIG_LEN])
{
    (void)pub;
    (void)msg;
    (void)msg_len;
    (void)sig;
    return MDSEC_ERR_NOT_SUPPORTED;
}
static inline MDSEC_NODISCARD mdsec_status_t mdsec_crypto_sha512_init(mdsec_hash_ctx_t *ctx)
{
    (void)ctx;
    return MDSEC_ERR_NOT_SUPPORTED;
}
static inline MDSEC_NODISCARD mdsec_status_t mdsec_crypto_sha512_update(mdsec_hash_ctx_t *ctx,
                                                                        const void *data,
                                                                        size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return MDSEC_ERR_NOT_SUPPORTED;
}
static inline MDSEC_NODISCARD mdsec_status_t mdsec_crypto_sha512_final(mdsec_hash_ctx_t *ctx,
                                                                       uint8_t *out, size_t out_len)
{
    (void)ctx;
    (void)out;
    (void)out_len;
    return MDSEC_ERR_NOT_SUPPORTED;
}
static inline MDSEC_NODISCARD mdsec_status_t mdsec_crypto_sha512(const void *data, size_t len,
                                                                 uint8_t *out, size_t out_len)
{
    (void)data;
    (void)len;
    (void)out;
    (void)out_len;
    return MDSEC_ERR_NOT_SUPPORTED;
}
#endif
#if defined(MDSEC_ED25519_SODIUM) && !defined(MDSEC_SODIUM_VERIFY_ONLY)
#define mdsec_crypto_ed25519_pubkey_from_seed mdsec_sodium_ed25519_pubkey_from_seed
#define mdsec_crypto_ed25519_sign             mdsec_sodium_ed25519_sign
#else
static inline MDSEC_NODISCARD mdsec_status_t mdsec_crypto_ed25519_pubkey_from_seed(
    const uint8_t seed[MDSEC_ED25519_SEED_LEN], uint8_t pub[MDSEC_ED25519_PUB_LEN])
{
    (void)seed;
    (void)pub;
    return MDSEC_ERR_NOT_SUPPORTED;
}
static inline MDSEC_NODISCARD mdsec_status_t
mdsec_crypto_ed25519_sign(const uint8_t seed[MDSEC_ED25519_SEED_LEN], const uint8_t *msg,
                          size_t msg_len, uint8_t sig[MDSEC_ED25519_SIG_LEN])
{
    (void)seed;
    (void)msg;
    (void)msg_len;
    (void)sig;
    return MDSEC_ERR_NOT_SUPPORTED;
}
#endif

#endif /* MDSEC_SRC_CRYPTO_H */
