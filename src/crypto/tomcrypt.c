/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Crypto provider: libtomcrypt 1.18.2 with libtommath (ltc_mp = ltm_desc).
 *
 * HOST ONLY. libtomcrypt and libtommath allocate on the heap internally
 * (every big integer, HMAC key block, hash_memory/hkdf temporaries, ...), and
 * libtomcrypt keeps global registration tables. mdsec's own code here uses no
 * heap, but this provider as a whole is meant for hosts (tools, tests, the
 * cross-check of the BearSSL provider); firmware uses BearSSL.
 *
 * Notes on the library (1.18.2 as packaged by Debian, ARGTYPE 0):
 *  - A failed LTC_ARGCHK aborts the process, so every argument is checked
 *    here first, and empty inputs are passed as a non-NULL dummy pointer.
 *  - Global state: the first call registers SHA-256, SHA-384 and the
 *    chacha20 PRNG and sets ltc_mp = ltm_desc when no math library was
 *    chosen yet. That set-up is idempotent but not thread-safe: make the
 *    first crypto call (mdsec_crypto_selftest() at start-up) from one thread.
 *  - HMAC contexts hold a heap pointer (hmac_state.key): a context must not
 *    be copied, and one that is abandoned without hmac_sha256_final leaks
 *    one block (hash and DRBG contexts hold no heap memory).
 *  - ECDSA public keys: ecc_ansi_x963_import does not check that the point
 *    is on the curve. The key is therefore passed through ecc_export /
 *    ecc_import, whose import runs libtomcrypt's own curve-equation check,
 *    plus a check that both coordinates are below p.
 *  - DER signatures: the 1.18.2 decoder accepts BER forms; the decoded
 *    (r, s) are re-encoded with der_encode_sequence_multi and must give back
 *    the input byte for byte (strict DER, as the BearSSL provider).
 *  - ECDSA signing uses hedged nonces (libtomcrypt 1.18.2 has no RFC 6979):
 *    for each signature a one-shot chacha20_prng is keyed with
 *    HMAC-SHA256(key = 32 DRBG bytes || 32 fresh port-entropy bytes,
 *    data = private scalar || digest), and ecc_sign_hash draws its nonce
 *    from it (ecc_make_key_ex: random bytes reduced mod n). So two processes
 *    that share a DRBG state (a fork after seeding) still get different
 *    nonces, from the fresh entropy, and never the same nonce for different
 *    digests, from the key and digest. Signatures differ from BearSSL's.
 *  - ECDSA verification in 1.18.2 rejects a few valid signatures that hit
 *    edge cases of its point arithmetic (Wycheproof "Edge case for Shamir
 *    multiplication" and "extreme value for k and s^-1": 6 of 1530 vectors;
 *    the non-Shamir path of the library fails "point duplication" instead).
 *    These are false rejections, never false acceptances; the tests pin the
 *    exact list (tests/unit/crypto/crypto_test_util.h).
 *  - chacha20poly1305_memory in 1.18.2 skips the AAD padding when the
 *    plaintext is empty, which gives a wrong tag whenever aad_len is not a
 *    multiple of 16. That one case returns MDSEC_ERR_NOT_SUPPORTED (fixed
 *    upstream after 1.18.2); mdsec does not patch the construction itself.
 *
 * DRBG: libtomcrypt has no HMAC_DRBG, so the DRBG is libtomcrypt's
 * chacha20_prng (not an SP 800-90A DRBG), used exactly as follows:
 *  - instantiate: chacha20_prng_start, then chacha20_prng_add_entropy with
 *    entropy, nonce and personalisation in that order, then
 *    chacha20_prng_ready. Before "ready" the PRNG XORs all input, cyclically,
 *    into a 40-byte buffer that then becomes a ChaCha20 key (32 bytes) and a
 *    64-bit IV (8 bytes), block counter 0 (chacha_ivctr64). So with a 32-byte
 *    entropy input and an 8-byte nonce and nothing else, the output is the
 *    plain ChaCha20 keystream for key = entropy, 64-bit IV = nonce: the
 *    RFC 8439 Appendix A.1 block-function vectors whose 96-bit nonce starts
 *    with four zero bytes are its known-answer tests. Inputs beyond 40 bytes
 *    are XOR-folded, not hashed: the entropy must be full-entropy.
 *  - generate: chacha20_prng_read (the keystream), then a rekey.
 *  - rekey: chacha20_prng_add_entropy of one zero byte, which makes the next
 *    40 keystream bytes the new key and IV ("fast key erasure"), so that the
 *    state after a call does not reveal earlier output. Done after every
 *    generate, ECDSA signature and key generation.
 *  - reseed: chacha20_prng_add_entropy of MDSEC_DRBG_SEED_LEN bytes of port
 *    entropy, then of the additional input (each call rekeys from keystream
 *    XOR input).
 * There is no prediction resistance and no reseed counter.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The math back end is libtommath (TomCrypt::TomCrypt also defines this). */
#ifndef LTM_DESC
#define LTM_DESC
#endif
#include <tomcrypt.h>

#include "mdsec/core.h"
#include "mdsec/port.h"
#include "mdsec/status.h"
#include "crypto/crypto.h"

_Static_assert(sizeof(hash_state) <= MDSEC_CRYPTO_HASH_CTX_SIZE,
               "MDSEC_CRYPTO_HASH_CTX_SIZE too small for libtomcrypt's hash_state");
_Static_assert(sizeof(hmac_state) <= MDSEC_CRYPTO_HMAC_CTX_SIZE,
               "MDSEC_CRYPTO_HMAC_CTX_SIZE too small for libtomcrypt's hmac_state");
_Static_assert(sizeof(prng_state) <= MDSEC_CRYPTO_DRBG_CTX_SIZE,
               "MDSEC_CRYPTO_DRBG_CTX_SIZE too small for libtomcrypt's prng_state");
_Static_assert(MDSEC_DRBG_SEED_LEN >= 32u && MDSEC_DRBG_SEED_LEN <= 256u,
               "MDSEC_DRBG_SEED_LEN must be 32..256 bytes");

/* Same argument limits as the BearSSL provider, so that both behave alike. */
#define TC_DRBG_MIN_ENTROPY 32u
#define TC_DRBG_INPUT_MAX   256u
#define TC_DRBG_REQUEST_MAX 1024u
#define TC_AEAD_MAX_LEN     274877906880u

/* ---- One-time set-up --------------------------------------------------------- */

static int tc_ready;
static int tc_sha256 = -1;
static int tc_sha384 = -1;
static int tc_prng = -1;

static mdsec_status_t tc_setup(void)
{
    if (tc_ready) {
        return MDSEC_OK;
    }
    if (ltc_mp.name == NULL) {
        ltc_mp = ltm_desc;
    }
    tc_sha256 = register_hash(&sha256_desc);
    tc_sha384 = register_hash(&sha384_desc);
    tc_prng = register_prng(&chacha20_prng_desc);
    if (tc_sha256 < 0 || tc_sha384 < 0 || tc_prng < 0) {
        return MDSEC_ERR_CRYPTO;
    }
    tc_ready = 1;
    return MDSEC_OK;
}

/* ---- Small helpers ----------------------------------------------------------- */

static hash_state *hash_of(mdsec_hash_ctx_t *ctx)
{
    return (hash_state *)(void *)ctx->state.bytes;
}

static hmac_state *hmac_of(mdsec_hmac_ctx_t *ctx)
{
    return (hmac_state *)(void *)ctx->state.bytes;
}

static prng_state *prng_of(mdsec_drbg_t *drbg)
{
    return (prng_state *)(void *)drbg->state.bytes;
}

static void wipe_out(void *out, size_t len)
{
    if (out != NULL) {
        mdsec_memzero(out, len);
    }
}

/* libtomcrypt checks its pointers even for empty inputs. */
static const unsigned char empty_input[1] = {0u};

/* libtomcrypt lengths are unsigned long (32 bits on LLP64 hosts). */
static int ul_ok(size_t len)
{
#if SIZE_MAX > ULONG_MAX
    return len <= (size_t)ULONG_MAX;
#else
    (void)len;
    return 1;
#endif
}

static unsigned long ul(size_t len)
{
    return (unsigned long)len;
}

/* Fast key erasure after output was taken. Returns 1 on success; on failure
 * the DRBG is wiped (unseeded), since its state can no longer be trusted to
 * have moved past the output already given. */
static int drbg_rekey(mdsec_drbg_t *drbg)
{
    static const unsigned char zero[1] = {0u};

    if (chacha20_prng_add_entropy(zero, 1ul, prng_of(drbg)) != CRYPT_OK) {
        mdsec_memzero(drbg, sizeof *drbg);
        return 0;
    }
    return 1;
}

/* Curve table entry for a curve. */
typedef struct tc_curve {
    int idx;
    const ltc_ecc_set_type *dp;
    size_t scalar_len;
    size_t pub_len;
} tc_curve_t;

static int tc_curve(mdsec_curve_t curve, tc_curve_t *c)
{
    int size;
    int i;

    switch (curve) {
    case MDSEC_CURVE_P256:
        size = 32;
        c->scalar_len = MDSEC_P256_SCALAR_LEN;
        c->pub_len = MDSEC_P256_PUB_LEN;
        break;
    case MDSEC_CURVE_P384:
        size = 48;
        c->scalar_len = MDSEC_P384_SCALAR_LEN;
        c->pub_len = MDSEC_P384_PUB_LEN;
        break;
    default: return 0;
    }
    for (i = 0; ltc_ecc_sets[i].size != 0; i++) {
        if (ltc_ecc_sets[i].size == size) {
            c->idx = i;
            c->dp = &ltc_ecc_sets[i];
            return 1;
        }
    }
    return 0;
}

/* Writes big integer v as exactly len big-endian bytes; 0 if it does not fit. */
static int mp_to_fixed(void *v, uint8_t *out, size_t len)
{
    unsigned long n = ltc_mp.unsigned_size(v);

    if (n > len) {
        return 0;
    }
    memset(out, 0, len);
    return ltc_mp.unsigned_write(v, out + (len - n)) == CRYPT_OK;
}

/* Reads len big-endian bytes into v (libtomcrypt's reader wants a mutable
 * buffer, so the bytes go through a copy that is wiped). */
static int mp_from_bytes(void *v, const uint8_t *in, size_t len)
{
    unsigned char buf[MDSEC_P384_SCALAR_LEN];
    int err;

    if (len > sizeof buf) {
        return 0;
    }
    memcpy(buf, in, len);
    err = ltc_mp.unsigned_read(v, buf, ul(len));
    mdsec_memzero(buf, sizeof buf);
    return err == CRYPT_OK;
}

/* 1 when v < the hexadecimal constant hex, 0 when not or on error. */
static int mp_below_hex(void *v, const char *hex)
{
    void *bound = NULL;
    int below;

    if (ltc_mp.init(&bound) != CRYPT_OK) {
        return 0;
    }
    below = ltc_mp.read_radix(bound, hex, 16) == CRYPT_OK && ltc_mp.compare(v, bound) == LTC_MP_LT;
    ltc_mp.deinit(bound);
    return below;
}

/* ---- Provider name ----------------------------------------------------------- */

const char *mdsec_tomcrypt_provider_name(void)
{
    return "libtomcrypt";
}

/* ---- Hashes ------------------------------------------------------------------ */

mdsec_status_t mdsec_tomcrypt_hash_init(mdsec_hash_ctx_t *ctx, mdsec_hash_alg_t alg)
{
    int err;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    switch (alg) {
    case MDSEC_HASH_SHA256: err = sha256_init(hash_of(ctx)); break;
    case MDSEC_HASH_SHA384: err = sha384_init(hash_of(ctx)); break;
    default: return MDSEC_ERR_INVALID_ARG;
    }
    if (err != CRYPT_OK) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_CRYPTO;
    }
    ctx->alg = (uint32_t)alg;
    ctx->magic = MDSEC_CRYPTO_MAGIC_HASH;
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_hash_update(mdsec_hash_ctx_t *ctx, const void *data, size_t len)
{
    int err;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HASH) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if ((data == NULL && len != 0u) || !ul_ok(len)) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    switch (ctx->alg) {
    case (uint32_t)MDSEC_HASH_SHA256:
        err = sha256_process(hash_of(ctx), (const unsigned char *)data, ul(len));
        break;
    case (uint32_t)MDSEC_HASH_SHA384:
        err = sha384_process(hash_of(ctx), (const unsigned char *)data, ul(len));
        break;
    default: err = CRYPT_ERROR; break;
    }
    if (err != CRYPT_OK) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_hash_final(mdsec_hash_ctx_t *ctx, uint8_t *out, size_t out_len)
{
    mdsec_status_t st = MDSEC_OK;
    int err = CRYPT_OK;

    if (ctx == NULL || out == NULL) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (ctx->magic != MDSEC_CRYPTO_MAGIC_HASH) {
        st = MDSEC_ERR_NOT_INITIALISED;
    } else if (out_len < mdsec_hash_len((mdsec_hash_alg_t)ctx->alg)) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    } else {
        switch (ctx->alg) {
        case (uint32_t)MDSEC_HASH_SHA256: err = sha256_done(hash_of(ctx), out); break;
        case (uint32_t)MDSEC_HASH_SHA384: err = sha384_done(hash_of(ctx), out); break;
        default: err = CRYPT_ERROR; break;
        }
        if (err != CRYPT_OK) {
            st = MDSEC_ERR_CRYPTO;
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

mdsec_status_t mdsec_tomcrypt_hash(mdsec_hash_alg_t alg, const void *data, size_t len, uint8_t *out,
                                   size_t out_len)
{
    mdsec_hash_ctx_t ctx;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_tomcrypt_hash_init(&ctx, alg);
    if (st == MDSEC_OK) {
        st = mdsec_tomcrypt_hash_update(&ctx, data, len);
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(&ctx, sizeof ctx);
        mdsec_memzero(out, out_len);
        return st;
    }
    return mdsec_tomcrypt_hash_final(&ctx, out, out_len);
}

/* ---- HMAC-SHA256 ------------------------------------------------------------- */

mdsec_status_t mdsec_tomcrypt_hmac_sha256_init(mdsec_hmac_ctx_t *ctx, const uint8_t *key,
                                               size_t key_len)
{
    mdsec_status_t st;
    int err;

    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    if ((key == NULL && key_len != 0u) || !ul_ok(key_len)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = tc_setup();
    if (st != MDSEC_OK) {
        return st;
    }
    /* hmac_init refuses an empty key. HMAC pads the key with zero bytes to
     * the block size (RFC 2104), so the one-byte key 00 is the same key;
     * libtomcrypt's own hkdf_extract relies on the same identity. */
    if (key_len == 0u) {
        err = hmac_init(hmac_of(ctx), tc_sha256, empty_input, 1ul);
    } else {
        err = hmac_init(hmac_of(ctx), tc_sha256, key, ul(key_len));
    }
    if (err != CRYPT_OK) {
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_CRYPTO;
    }
    ctx->magic = MDSEC_CRYPTO_MAGIC_HMAC;
    return MDSEC_OK;
}

/* Releases the heap block hmac_init allocated, then wipes the context. */
static void hmac_discard(mdsec_hmac_ctx_t *ctx)
{
    unsigned char sink[MDSEC_HMAC_SHA256_LEN];
    unsigned long n = sizeof sink;

    (void)hmac_done(hmac_of(ctx), sink, &n);
    mdsec_memzero(sink, sizeof sink);
    mdsec_memzero(ctx, sizeof *ctx);
}

mdsec_status_t mdsec_tomcrypt_hmac_sha256_update(mdsec_hmac_ctx_t *ctx, const void *data,
                                                 size_t len)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HMAC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if ((data == NULL && len != 0u) || !ul_ok(len)) {
        hmac_discard(ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len != 0u && hmac_process(hmac_of(ctx), (const unsigned char *)data, ul(len)) != CRYPT_OK) {
        hmac_discard(ctx);
        return MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_hmac_sha256_final(mdsec_hmac_ctx_t *ctx,
                                                uint8_t out[MDSEC_HMAC_SHA256_LEN])
{
    unsigned long n = MDSEC_HMAC_SHA256_LEN;

    if (ctx == NULL) {
        wipe_out(out, MDSEC_HMAC_SHA256_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != MDSEC_CRYPTO_MAGIC_HMAC) {
        wipe_out(out, MDSEC_HMAC_SHA256_LEN);
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_NOT_INITIALISED;
    }
    if (out == NULL) {
        hmac_discard(ctx);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (hmac_done(hmac_of(ctx), out, &n) != CRYPT_OK || n != MDSEC_HMAC_SHA256_LEN) {
        mdsec_memzero(out, MDSEC_HMAC_SHA256_LEN);
        mdsec_memzero(ctx, sizeof *ctx);
        return MDSEC_ERR_CRYPTO;
    }
    mdsec_memzero(ctx, sizeof *ctx);
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_hmac_sha256(const uint8_t *key, size_t key_len, const void *data,
                                          size_t len, uint8_t out[MDSEC_HMAC_SHA256_LEN])
{
    mdsec_hmac_ctx_t ctx;
    mdsec_status_t st;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_tomcrypt_hmac_sha256_init(&ctx, key, key_len);
    if (st != MDSEC_OK) {
        mdsec_memzero(out, MDSEC_HMAC_SHA256_LEN);
        return st;
    }
    st = mdsec_tomcrypt_hmac_sha256_update(&ctx, data, len);
    if (st != MDSEC_OK) {
        /* update has already released and wiped the context */
        mdsec_memzero(out, MDSEC_HMAC_SHA256_LEN);
        return st;
    }
    return mdsec_tomcrypt_hmac_sha256_final(&ctx, out);
}

/* ---- HKDF-SHA256 ------------------------------------------------------------- */

mdsec_status_t mdsec_tomcrypt_hkdf_sha256(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                                          size_t ikm_len, const uint8_t *info, size_t info_len,
                                          uint8_t *okm, size_t okm_len)
{
    mdsec_status_t st;
    int err;

    if (okm == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (okm_len == 0u || okm_len > (size_t)MDSEC_HKDF_SHA256_MAX_OUT ||
        (salt == NULL && salt_len != 0u) || (ikm == NULL && ikm_len != 0u) ||
        (info == NULL && info_len != 0u) || !ul_ok(salt_len) || !ul_ok(ikm_len) ||
        !ul_ok(info_len)) {
        mdsec_memzero(okm, okm_len);
        return MDSEC_ERR_INVALID_ARG;
    }
    st = tc_setup();
    if (st != MDSEC_OK) {
        mdsec_memzero(okm, okm_len);
        return st;
    }
    /* hkdf_extract turns an empty salt into HashLen zero bytes (RFC 5869 2.2). */
    err = hkdf(tc_sha256, salt_len != 0u ? salt : NULL, ul(salt_len), info_len != 0u ? info : NULL,
               ul(info_len), ikm_len != 0u ? ikm : empty_input, ul(ikm_len), okm, ul(okm_len));
    if (err != CRYPT_OK) {
        mdsec_memzero(okm, okm_len);
        return MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

/* ---- ECDSA ------------------------------------------------------------------- */

/*
 * Imports an uncompressed SEC1 point of the given curve into key, rejecting
 * points that are not on the curve or have a coordinate >= p.
 */
static mdsec_status_t import_pub(const tc_curve_t *c, const uint8_t *pub, size_t pub_len,
                                 ecc_key *key)
{
    ecc_key raw;
    unsigned char blob[2u * MDSEC_P384_PUB_LEN + 32u];
    unsigned long blob_len = sizeof blob;
    int err;

    if (pub_len != c->pub_len || pub[0] != 0x04u) {
        return MDSEC_ERR_KEY_INVALID;
    }
    if (ecc_ansi_x963_import(pub, ul(pub_len), &raw) != CRYPT_OK) {
        return MDSEC_ERR_KEY_INVALID;
    }
    if (raw.idx != c->idx) {
        ecc_free(&raw);
        return MDSEC_ERR_KEY_INVALID;
    }
    err = ecc_export(blob, &blob_len, PK_PUBLIC, &raw);
    ecc_free(&raw);
    if (err != CRYPT_OK) {
        return MDSEC_ERR_CRYPTO;
    }
    /* ecc_import checks y^2 = x^3 - 3x + b (mod p). */
    if (ecc_import(blob, blob_len, key) != CRYPT_OK) {
        return MDSEC_ERR_KEY_INVALID;
    }
    if (key->idx != c->idx || !mp_below_hex(key->pubkey.x, c->dp->prime) ||
        !mp_below_hex(key->pubkey.y, c->dp->prime)) {
        ecc_free(key);
        return MDSEC_ERR_KEY_INVALID;
    }
    return MDSEC_OK;
}

/*
 * Strict DER ECDSA-Sig-Value to r||s (2 * scalar_len bytes). Returns
 * SIGNATURE_MALFORMED for anything that is not minimal DER of two
 * non-negative INTEGERs, SIGNATURE_INVALID for DER whose r or s is too long
 * to be below the group order.
 */
static mdsec_status_t der_to_raw(const uint8_t *sig, size_t sig_len, size_t scalar_len,
                                 uint8_t *raw)
{
    void *r = NULL;
    void *s = NULL;
    unsigned char enc[MDSEC_ECDSA_SIG_DER_MAX + 16u];
    unsigned long enc_len = sizeof enc;
    mdsec_status_t st = MDSEC_OK;

    if (sig_len < 8u || sig_len > MDSEC_ECDSA_SIG_DER_MAX) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    if (ltc_init_multi(&r, &s, NULL) != CRYPT_OK) {
        return MDSEC_ERR_CRYPTO;
    }
    if (der_decode_sequence_multi(sig, ul(sig_len), LTC_ASN1_INTEGER, 1ul, r, LTC_ASN1_INTEGER, 1ul,
                                  s, LTC_ASN1_EOL, 0ul, NULL) != CRYPT_OK ||
        der_encode_sequence_multi(enc, &enc_len, LTC_ASN1_INTEGER, 1ul, r, LTC_ASN1_INTEGER, 1ul, s,
                                  LTC_ASN1_EOL, 0ul, NULL) != CRYPT_OK ||
        enc_len != ul(sig_len) || memcmp(enc, sig, sig_len) != 0 ||
        ltc_mp.compare_d(r, 0) == LTC_MP_LT || ltc_mp.compare_d(s, 0) == LTC_MP_LT) {
        /* BER forms, trailing data, negative integers (which BearSSL cannot
         * even express): not a DER ECDSA signature. */
        st = MDSEC_ERR_SIGNATURE_MALFORMED;
    } else if (!mp_to_fixed(r, raw, scalar_len) || !mp_to_fixed(s, raw + scalar_len, scalar_len)) {
        st = MDSEC_ERR_SIGNATURE_INVALID;
    }
    ltc_deinit_multi(r, s, NULL);
    return st;
}

mdsec_status_t mdsec_tomcrypt_ecdsa_verify(mdsec_curve_t curve, const uint8_t *pub, size_t pub_len,
                                           const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                           size_t sig_len, mdsec_sig_format_t fmt)
{
    tc_curve_t c;
    ecc_key key;
    uint8_t raw[MDSEC_P384_SIG_RAW_LEN];
    mdsec_status_t st;
    int stat = 0;

    if (!tc_curve(curve, &c) || pub == NULL || hash == NULL || hash_len == 0u ||
        (sig == NULL && sig_len != 0u) || !ul_ok(hash_len) ||
        (fmt != MDSEC_SIG_DER && fmt != MDSEC_SIG_RAW)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = tc_setup();
    if (st != MDSEC_OK) {
        return st;
    }
    st = import_pub(&c, pub, pub_len, &key);
    if (st != MDSEC_OK) {
        return st;
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
        int err =
            ecc_verify_hash_rfc7518(raw, ul(2u * c.scalar_len), hash, ul(hash_len), &stat, &key);

        if (err == CRYPT_MEM) {
            st = MDSEC_ERR_CRYPTO;
        } else if (err != CRYPT_OK || stat != 1) {
            /* CRYPT_INVALID_PACKET: r or s is 0 or not below n. */
            st = MDSEC_ERR_SIGNATURE_INVALID;
        }
    }
    ecc_free(&key);
    return st;
}

/*
 * Builds a private ecc_key from the big-endian scalar priv (0 < priv < n),
 * with its public point computed as priv * G by the library's (timing
 * resistant) ltc_mp.ecc_ptmul.
 */
static mdsec_status_t make_priv_key(const tc_curve_t *c, const uint8_t *priv, ecc_key *key)
{
    ecc_point *g = NULL;
    void *prime = NULL;
    mdsec_status_t st = MDSEC_OK;

    memset(key, 0, sizeof *key);
    if (ltc_init_multi(&key->pubkey.x, &key->pubkey.y, &key->pubkey.z, &key->k, &prime, NULL) !=
        CRYPT_OK) {
        return MDSEC_ERR_CRYPTO;
    }
    key->type = PK_PRIVATE;
    key->idx = c->idx;
    key->dp = c->dp;
    g = ltc_ecc_new_point();
    if (g == NULL || !mp_from_bytes(key->k, priv, c->scalar_len) ||
        ltc_mp.read_radix(prime, c->dp->prime, 16) != CRYPT_OK ||
        ltc_mp.read_radix(g->x, c->dp->Gx, 16) != CRYPT_OK ||
        ltc_mp.read_radix(g->y, c->dp->Gy, 16) != CRYPT_OK || ltc_mp.set_int(g->z, 1) != CRYPT_OK) {
        st = MDSEC_ERR_CRYPTO;
    } else if (ltc_mp.compare_d(key->k, 0) != LTC_MP_GT || !mp_below_hex(key->k, c->dp->order)) {
        st = MDSEC_ERR_KEY_INVALID;
    } else {
        st = ltc_mp.ecc_ptmul(key->k, g, &key->pubkey, prime, 1) == CRYPT_OK ? MDSEC_OK
                                                                             : MDSEC_ERR_CRYPTO;
    }
    if (g != NULL) {
        ltc_ecc_del_point(g);
    }
    ltc_mp.deinit(prime);
    if (st != MDSEC_OK) {
        ecc_free(key); /* libtommath wipes the digits it frees */
    }
    return st;
}

/* 04 || X || Y of key's public point. */
static int export_pub(const tc_curve_t *c, ecc_key *key, uint8_t *pub)
{
    pub[0] = 0x04u;
    return mp_to_fixed(key->pubkey.x, pub + 1, c->scalar_len) &&
           mp_to_fixed(key->pubkey.y, pub + 1 + c->scalar_len, c->scalar_len);
}

/*
 * The one-shot nonce source of one ECDSA signature (hedged, see the top of
 * this file). The DRBG is advanced (and rekeyed) by the generate call.
 */
static mdsec_status_t hedged_nonce_source(mdsec_drbg_t *drbg, const uint8_t *priv, size_t priv_len,
                                          const uint8_t *hash, size_t hash_len, prng_state *ps)
{
    uint8_t key[64];
    uint8_t msg[MDSEC_P384_SCALAR_LEN + MDSEC_SHA384_LEN];
    uint8_t seed[MDSEC_HMAC_SHA256_LEN];
    mdsec_status_t st;

    mdsec_memzero(ps, sizeof *ps);
    if (priv_len > MDSEC_P384_SCALAR_LEN || hash_len > MDSEC_SHA384_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_tomcrypt_drbg_generate(drbg, key, 32u);
    if (st == MDSEC_OK) {
        st = mdsec_port_entropy(key + 32, 32u);
    }
    if (st == MDSEC_OK) {
        memcpy(msg, priv, priv_len);
        memcpy(msg + priv_len, hash, hash_len);
        st = mdsec_tomcrypt_hmac_sha256(key, sizeof key, msg, priv_len + hash_len, seed);
    }
    if (st == MDSEC_OK && (chacha20_prng_start(ps) != CRYPT_OK ||
                           chacha20_prng_add_entropy(seed, ul(sizeof seed), ps) != CRYPT_OK ||
                           chacha20_prng_ready(ps) != CRYPT_OK)) {
        st = MDSEC_ERR_CRYPTO;
    }
    mdsec_memzero(key, sizeof key);
    mdsec_memzero(msg, sizeof msg);
    mdsec_memzero(seed, sizeof seed);
    if (st != MDSEC_OK) {
        mdsec_memzero(ps, sizeof *ps);
    }
    return st;
}

mdsec_status_t mdsec_tomcrypt_ecdsa_sign(mdsec_drbg_t *drbg, mdsec_curve_t curve,
                                         const uint8_t *priv, size_t priv_len, const uint8_t *hash,
                                         size_t hash_len, mdsec_sig_format_t fmt, uint8_t *sig,
                                         size_t sig_cap, size_t *sig_len)
{
    tc_curve_t c;
    ecc_key key;
    unsigned char out[MDSEC_ECDSA_SIG_DER_MAX];
    unsigned long out_len = sizeof out;
    prng_state nonce_src;
    mdsec_status_t st;
    int err;

    if (sig_len != NULL) {
        *sig_len = 0u;
    }
    if (drbg == NULL || priv == NULL || hash == NULL || sig == NULL || sig_len == NULL ||
        (hash_len != MDSEC_SHA256_LEN && hash_len != MDSEC_SHA384_LEN) ||
        (fmt != MDSEC_SIG_DER && fmt != MDSEC_SIG_RAW) || !tc_curve(curve, &c)) {
        wipe_out(sig, sig_cap);
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
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    st = tc_setup();
    if (st == MDSEC_OK) {
        st = make_priv_key(&c, priv, &key);
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    st = hedged_nonce_source(drbg, priv, c.scalar_len, hash, hash_len, &nonce_src);
    if (st != MDSEC_OK) {
        ecc_free(&key);
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    if (fmt == MDSEC_SIG_RAW) {
        err = ecc_sign_hash_rfc7518(hash, ul(hash_len), out, &out_len, &nonce_src, tc_prng, &key);
    } else {
        err = ecc_sign_hash(hash, ul(hash_len), out, &out_len, &nonce_src, tc_prng, &key);
    }
    ecc_free(&key);
    mdsec_memzero(&nonce_src, sizeof nonce_src);
    if (err != CRYPT_OK) {
        mdsec_memzero(out, sizeof out);
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_CRYPTO;
    }
    if (out_len > sig_cap) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(sig, out, out_len);
    *sig_len = (size_t)out_len;
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_ecdsa_p256_sign(mdsec_drbg_t *drbg,
                                              const uint8_t priv[MDSEC_P256_SCALAR_LEN],
                                              const uint8_t *hash, size_t hash_len,
                                              mdsec_sig_format_t fmt, uint8_t *sig, size_t sig_cap,
                                              size_t *sig_len)
{
    return mdsec_tomcrypt_ecdsa_sign(drbg, MDSEC_CURVE_P256, priv, MDSEC_P256_SCALAR_LEN, hash,
                                     hash_len, fmt, sig, sig_cap, sig_len);
}

mdsec_status_t mdsec_tomcrypt_ec_pubkey_from_priv(mdsec_curve_t curve, const uint8_t *priv,
                                                  size_t priv_len, uint8_t *pub, size_t pub_cap,
                                                  size_t *pub_len)
{
    tc_curve_t c;
    ecc_key key;
    mdsec_status_t st;

    if (pub_len != NULL) {
        *pub_len = 0u;
    }
    if (!tc_curve(curve, &c) || priv == NULL || pub == NULL || pub_len == NULL) {
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
    st = tc_setup();
    if (st == MDSEC_OK) {
        st = make_priv_key(&c, priv, &key);
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(pub, pub_cap);
        return st;
    }
    if (!export_pub(&c, &key, pub)) {
        st = MDSEC_ERR_CRYPTO;
        mdsec_memzero(pub, pub_cap);
    } else {
        *pub_len = c.pub_len;
    }
    ecc_free(&key);
    return st;
}

mdsec_status_t mdsec_tomcrypt_ec_keygen(mdsec_drbg_t *drbg, mdsec_curve_t curve, uint8_t *priv,
                                        size_t priv_cap, size_t *priv_len, uint8_t *pub,
                                        size_t pub_cap, size_t *pub_len)
{
    tc_curve_t c;
    ecc_key key;
    mdsec_status_t st;
    int err;

    if (priv_len != NULL) {
        *priv_len = 0u;
    }
    if (pub_len != NULL) {
        *pub_len = 0u;
    }
    if (drbg == NULL || !tc_curve(curve, &c) || priv == NULL || priv_len == NULL || pub == NULL ||
        pub_len == NULL) {
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
    st = tc_setup();
    if (st != MDSEC_OK) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return st;
    }
    err = ecc_make_key_ex(prng_of(drbg), tc_prng, &key, c.dp);
    if (!drbg_rekey(drbg) && err == CRYPT_OK) {
        ecc_free(&key);
        err = CRYPT_ERROR;
    }
    if (err != CRYPT_OK) {
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_CRYPTO;
    }
    /* ecc_make_key_ex reduces the random bytes mod n; 0 is possible only
     * with probability ~2^-256 but is still refused. */
    if (ltc_mp.compare_d(key.k, 0) != LTC_MP_GT || !mp_to_fixed(key.k, priv, c.scalar_len) ||
        !export_pub(&c, &key, pub)) {
        ecc_free(&key);
        mdsec_memzero(priv, priv_cap);
        mdsec_memzero(pub, pub_cap);
        return MDSEC_ERR_CRYPTO;
    }
    ecc_free(&key);
    *priv_len = c.scalar_len;
    *pub_len = c.pub_len;
    return MDSEC_OK;
}

/* ---- RSA-PSS ----------------------------------------------------------------- */

/* Strips leading zero bytes. */
static const uint8_t *strip_zeros(const uint8_t *p, size_t *len)
{
    while (*len > 0u && *p == 0u) {
        p++;
        (*len)--;
    }
    return p;
}

mdsec_status_t mdsec_tomcrypt_rsa_pss_verify(const uint8_t *n, size_t n_len, const uint8_t *e,
                                             size_t e_len, mdsec_hash_alg_t hash_alg,
                                             const uint8_t *hash, size_t hash_len, size_t salt_len,
                                             const uint8_t *sig, size_t sig_len)
{
    rsa_key key;
    const uint8_t *nn;
    const uint8_t *ee;
    size_t nlen = n_len;
    size_t elen = e_len;
    size_t bits;
    int idx;
    int stat = 0;
    int err;
    mdsec_status_t st;

    if (n == NULL || e == NULL || hash == NULL || (sig == NULL && sig_len != 0u) ||
        !ul_ok(sig_len)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (mdsec_hash_len(hash_alg) == 0u || hash_len != mdsec_hash_len(hash_alg)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = tc_setup();
    if (st != MDSEC_OK) {
        return st;
    }
    idx = (hash_alg == MDSEC_HASH_SHA256) ? tc_sha256 : tc_sha384;
    nn = strip_zeros(n, &nlen);
    ee = strip_zeros(e, &elen);
    if (nlen == 0u || nlen > MDSEC_RSA_MAX_BITS / 8u || (nn[nlen - 1u] & 1u) == 0u) {
        return MDSEC_ERR_KEY_INVALID;
    }
    bits = 8u * nlen;
    {
        uint8_t top = nn[0];

        while ((top & 0x80u) == 0u) {
            top = (uint8_t)(top << 1);
            bits--;
        }
    }
    /* e odd and > 1, at most 64 bits. */
    if (bits < MDSEC_RSA_MIN_BITS || bits > MDSEC_RSA_MAX_BITS || elen == 0u || elen > 8u ||
        (ee[elen - 1u] & 1u) == 0u || (elen == 1u && ee[0] == 1u)) {
        return MDSEC_ERR_KEY_INVALID;
    }
    if (salt_len > nlen || nlen < hash_len + salt_len + 2u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (sig_len != nlen) {
        return MDSEC_ERR_SIGNATURE_MALFORMED;
    }
    if (rsa_set_key(nn, ul(nlen), ee, ul(elen), NULL, 0ul, &key) != CRYPT_OK) {
        return MDSEC_ERR_CRYPTO;
    }
    err = rsa_verify_hash_ex(sig, ul(sig_len), hash, ul(hash_len), LTC_PKCS_1_PSS, idx,
                             ul(salt_len), &stat, &key);
    rsa_free(&key);
    if (err == CRYPT_MEM) {
        return MDSEC_ERR_CRYPTO;
    }
    if (err != CRYPT_OK || stat != 1) {
        return MDSEC_ERR_SIGNATURE_INVALID;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_rsa_pss_sign(mdsec_drbg_t *drbg, const uint8_t *priv_der,
                                           size_t priv_der_len, mdsec_hash_alg_t hash_alg,
                                           const uint8_t *hash, size_t hash_len, size_t salt_len,
                                           uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    rsa_key key;
    size_t bits;
    size_t nlen;
    unsigned long out_len;
    int idx;
    int err;
    mdsec_status_t st;

    if (sig_len != NULL) {
        *sig_len = 0u;
    }
    if (drbg == NULL || priv_der == NULL || hash == NULL || sig == NULL || sig_len == NULL ||
        mdsec_hash_len(hash_alg) == 0u || hash_len != mdsec_hash_len(hash_alg) ||
        !ul_ok(priv_der_len) || !ul_ok(sig_cap)) {
        wipe_out(sig, sig_cap);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    st = tc_setup();
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    idx = (hash_alg == MDSEC_HASH_SHA256) ? tc_sha256 : tc_sha384;
    /* rsa_import reads PKCS#1 RSAPrivateKey (and public key forms, refused
     * below). */
    if (priv_der_len == 0u || rsa_import(priv_der, ul(priv_der_len), &key) != CRYPT_OK) {
        mdsec_memzero(sig, sig_cap);
        return MDSEC_ERR_KEY_INVALID;
    }
    bits = (size_t)ltc_mp.count_bits(key.N);
    nlen = (bits + 7u) / 8u;
    if (key.type != PK_PRIVATE || bits < MDSEC_RSA_MIN_BITS || bits > MDSEC_RSA_MAX_BITS) {
        st = MDSEC_ERR_KEY_INVALID;
    } else if (salt_len > nlen || nlen < hash_len + salt_len + 2u) {
        st = MDSEC_ERR_INVALID_ARG;
    } else if (sig_cap < nlen) {
        st = MDSEC_ERR_BUFFER_TOO_SMALL;
    } else {
        /* The salt (and RSA blinding) come from the DRBG, which is then
         * rekeyed as after every draw. */
        out_len = ul(sig_cap);
        err = rsa_sign_hash_ex(hash, ul(hash_len), sig, &out_len, LTC_PKCS_1_PSS, prng_of(drbg),
                               tc_prng, idx, ul(salt_len), &key);
        if (!drbg_rekey(drbg) || err != CRYPT_OK || (size_t)out_len != nlen) {
            st = MDSEC_ERR_CRYPTO;
        }
    }
    rsa_free(&key); /* libtommath wipes the digits it frees */
    if (st != MDSEC_OK) {
        mdsec_memzero(sig, sig_cap);
        return st;
    }
    *sig_len = nlen;
    return MDSEC_OK;
}

/* ---- ChaCha20-Poly1305 ------------------------------------------------------- */

static int aead_len_ok(size_t len)
{
#if SIZE_MAX > TC_AEAD_MAX_LEN
    return len <= (size_t)TC_AEAD_MAX_LEN && ul_ok(len);
#else
    return ul_ok(len);
#endif
}

static int aead_args_ok(const uint8_t *key, const uint8_t *nonce, const uint8_t *tag,
                        const uint8_t *aad, size_t aad_len, const uint8_t *in, const uint8_t *out,
                        size_t len)
{
    return key != NULL && nonce != NULL && tag != NULL && (aad != NULL || aad_len == 0u) &&
           (len == 0u || (in != NULL && out != NULL)) && aead_len_ok(len) && ul_ok(aad_len);
}

mdsec_status_t mdsec_tomcrypt_aead_seal(const uint8_t key[MDSEC_AEAD_KEY_LEN],
                                        const uint8_t nonce[MDSEC_AEAD_NONCE_LEN],
                                        const uint8_t *aad, size_t aad_len, const uint8_t *pt,
                                        size_t len, uint8_t *ct, uint8_t tag[MDSEC_AEAD_TAG_LEN])
{
    unsigned char dummy[1] = {0u};
    unsigned long tag_len = MDSEC_AEAD_TAG_LEN;
    int err;

    if (!aead_args_ok(key, nonce, tag, aad, aad_len, pt, ct, len)) {
        if (ct != NULL && len != 0u && aead_len_ok(len)) {
            mdsec_memzero(ct, len);
        }
        wipe_out(tag, MDSEC_AEAD_TAG_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len == 0u && (aad_len % 16u) != 0u) {
        return MDSEC_ERR_NOT_SUPPORTED; /* libtomcrypt 1.18.2 defect, see top */
    }
    err = chacha20poly1305_memory(key, MDSEC_AEAD_KEY_LEN, nonce, MDSEC_AEAD_NONCE_LEN,
                                  aad_len != 0u ? aad : NULL, ul(aad_len), len != 0u ? pt : dummy,
                                  ul(len), len != 0u ? ct : dummy, tag, &tag_len,
                                  CHACHA20POLY1305_ENCRYPT);
    if (err != CRYPT_OK || tag_len != MDSEC_AEAD_TAG_LEN) {
        if (len != 0u) {
            mdsec_memzero(ct, len);
        }
        mdsec_memzero(tag, MDSEC_AEAD_TAG_LEN);
        return MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_aead_open(const uint8_t key[MDSEC_AEAD_KEY_LEN],
                                        const uint8_t nonce[MDSEC_AEAD_NONCE_LEN],
                                        const uint8_t *aad, size_t aad_len, const uint8_t *ct,
                                        size_t len, const uint8_t tag[MDSEC_AEAD_TAG_LEN],
                                        uint8_t *pt)
{
    unsigned char dummy[1] = {0u};
    uint8_t computed[MDSEC_AEAD_TAG_LEN];
    unsigned long tag_len = sizeof computed;
    int err;
    int ok;

    if (!aead_args_ok(key, nonce, tag, aad, aad_len, ct, pt, len)) {
        if (pt != NULL && len != 0u && aead_len_ok(len)) {
            mdsec_memzero(pt, len);
        }
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len == 0u && (aad_len % 16u) != 0u) {
        return MDSEC_ERR_NOT_SUPPORTED; /* libtomcrypt 1.18.2 defect, see top */
    }
    /* In 1.18.2 decryption only computes the tag; the comparison is ours. */
    err = chacha20poly1305_memory(key, MDSEC_AEAD_KEY_LEN, nonce, MDSEC_AEAD_NONCE_LEN,
                                  aad_len != 0u ? aad : NULL, ul(aad_len), len != 0u ? ct : dummy,
                                  ul(len), len != 0u ? pt : dummy, computed, &tag_len,
                                  CHACHA20POLY1305_DECRYPT);
    ok = (err == CRYPT_OK && tag_len == MDSEC_AEAD_TAG_LEN) &&
         mdsec_ct_equal(computed, tag, MDSEC_AEAD_TAG_LEN) == 1;
    mdsec_memzero(computed, sizeof computed);
    if (!ok) {
        if (len != 0u) {
            mdsec_memzero(pt, len);
        }
        return err == CRYPT_OK ? MDSEC_ERR_AUTH_FAILED : MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

/* ---- DRBG (libtomcrypt chacha20_prng, see the top of this file) -------------- */

mdsec_status_t mdsec_tomcrypt_drbg_instantiate(mdsec_drbg_t *drbg, const uint8_t *entropy,
                                               size_t entropy_len, const uint8_t *nonce,
                                               size_t nonce_len, const uint8_t *pers,
                                               size_t pers_len)
{
    prng_state *ps;
    mdsec_status_t st;
    int err;

    if (drbg == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(drbg, sizeof *drbg);
    if (entropy == NULL || entropy_len < TC_DRBG_MIN_ENTROPY || entropy_len > TC_DRBG_INPUT_MAX ||
        (nonce == NULL && nonce_len != 0u) || nonce_len > TC_DRBG_INPUT_MAX ||
        (pers == NULL && pers_len != 0u) || pers_len > TC_DRBG_INPUT_MAX ||
        entropy_len + nonce_len + pers_len > TC_DRBG_INPUT_MAX) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = tc_setup();
    if (st != MDSEC_OK) {
        return st;
    }
    ps = prng_of(drbg);
    err = chacha20_prng_start(ps);
    if (err == CRYPT_OK) {
        err = chacha20_prng_add_entropy(entropy, ul(entropy_len), ps);
    }
    if (err == CRYPT_OK && nonce_len != 0u) {
        err = chacha20_prng_add_entropy(nonce, ul(nonce_len), ps);
    }
    if (err == CRYPT_OK && pers_len != 0u) {
        err = chacha20_prng_add_entropy(pers, ul(pers_len), ps);
    }
    if (err == CRYPT_OK) {
        err = chacha20_prng_ready(ps);
    }
    if (err != CRYPT_OK) {
        mdsec_memzero(drbg, sizeof *drbg);
        return MDSEC_ERR_CRYPTO;
    }
    drbg->magic = MDSEC_CRYPTO_MAGIC_DRBG;
    return MDSEC_OK;
}

mdsec_status_t mdsec_tomcrypt_drbg_seed(mdsec_drbg_t *drbg, const uint8_t *pers, size_t pers_len)
{
    uint8_t entropy[MDSEC_DRBG_SEED_LEN];
    mdsec_status_t st;

    if (drbg == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_memzero(drbg, sizeof *drbg);
    if ((pers == NULL && pers_len != 0u) || pers_len > TC_DRBG_INPUT_MAX - MDSEC_DRBG_SEED_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = mdsec_port_entropy(entropy, sizeof entropy);
    if (st == MDSEC_OK) {
        st = mdsec_tomcrypt_drbg_instantiate(drbg, entropy, sizeof entropy, NULL, 0u, pers,
                                             pers_len);
    }
    mdsec_memzero(entropy, sizeof entropy);
    return st;
}

mdsec_status_t mdsec_tomcrypt_drbg_reseed(mdsec_drbg_t *drbg, const uint8_t *add, size_t add_len)
{
    uint8_t entropy[MDSEC_DRBG_SEED_LEN];
    mdsec_status_t st;

    if (drbg == NULL || (add == NULL && add_len != 0u) ||
        add_len > TC_DRBG_INPUT_MAX - MDSEC_DRBG_SEED_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (drbg->magic != MDSEC_CRYPTO_MAGIC_DRBG) {
        return MDSEC_ERR_DRBG_NOT_SEEDED;
    }
    st = mdsec_port_entropy(entropy, sizeof entropy);
    if (st == MDSEC_OK) {
        int err = chacha20_prng_add_entropy(entropy, ul(sizeof entropy), prng_of(drbg));

        if (err == CRYPT_OK && add_len != 0u) {
            err = chacha20_prng_add_entropy(add, ul(add_len), prng_of(drbg));
        }
        if (err != CRYPT_OK) {
            st = MDSEC_ERR_CRYPTO;
        }
    }
    mdsec_memzero(entropy, sizeof entropy);
    return st;
}

mdsec_status_t mdsec_tomcrypt_drbg_generate(mdsec_drbg_t *drbg, uint8_t *out, size_t len)
{
    if (drbg == NULL || (out == NULL && len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len > TC_DRBG_REQUEST_MAX) {
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
    if (chacha20_prng_read(out, ul(len), prng_of(drbg)) != ul(len)) {
        mdsec_memzero(out, len);
        return MDSEC_ERR_CRYPTO;
    }
    if (!drbg_rekey(drbg)) {
        mdsec_memzero(out, len);
        return MDSEC_ERR_CRYPTO;
    }
    return MDSEC_OK;
}

void mdsec_tomcrypt_drbg_wipe(mdsec_drbg_t *drbg)
{
    if (drbg == NULL) {
        return;
    }
    if (drbg->magic == MDSEC_CRYPTO_MAGIC_DRBG) {
        (void)chacha20_prng_done(prng_of(drbg));
    }
    mdsec_memzero(drbg, sizeof *drbg);
}
