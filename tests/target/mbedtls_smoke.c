/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Mbed TLS's PSA Crypto API on the Cortex-M4, as mdsec builds it for the
 * target (ports/baremetal/mbedtls/mdsec_mbedtls_config.h): published known
 * answers through psa/crypto.h, with the port's random numbers and the
 * static heap of mdsec_mbedtls_platform.c.
 *
 *   SHA-256("abc")                   FIPS 180-2, Appendix B.1
 *   ECDSA P-256 verify and sign      RFC 6979, A.2.5 (SHA-256, "sample")
 *   ECDSA P-384 sign and verify      RFC 6979, A.2.6 (SHA-384, "sample")
 *   RSASSA-PSS 2048 and 3072 verify  Wycheproof rsa_pss_{2048,3072}_sha256_mgf1_32,
 *                                    tcId 3 (valid) and 62 (invalid)
 *   ChaCha20-Poly1305                RFC 8439, 2.8.2 (seal, open, a forged tag)
 *   random bytes                     psa_generate_random over mdsec_port_entropy()
 *
 * Built twice. target_mbedtls_smoke runs each operation once on the
 * configuration's own heap (set up on Mbed TLS's first allocation) and
 * prints each one's peak stack (the board repaints the stack before each). target_mbedtls_heap (MDSEC_TEST_MBEDTLS_HEAP)
 * finds, for each operation and for an RSA-3072 PSS signature with a test
 * key, the smallest heap buffer it succeeds in, and requires each to fit in
 * MDSEC_MBEDTLS_HEAP_SIZE.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/version.h"
#include "psa/crypto.h"

#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

#include "rfc6979_ecdsa.h"
#include "rfc8439_chacha20_poly1305.h"
#include "wycheproof_rsa_pss_kat.h"

#if defined(MDSEC_TEST_MBEDTLS_HEAP)
#include "fixtures_mbedtls_heap.h"
#endif

/* An operation gave a wrong answer (not a PSA status). */
#define WRONG_ANSWER ((psa_status_t)-1000)

/* While the heap is searched, running out of it is expected: say nothing. */
static int quiet_on_memory;

/* st when it is want; otherwise reports it and returns it when it is
 * PSA_ERROR_INSUFFICIENT_MEMORY (so that the heap search sees it), else WRONG_ANSWER. */
static psa_status_t expect(psa_status_t st, psa_status_t want, const char *what)
{
    if (st == want) {
        return PSA_SUCCESS;
    }
    if (st == PSA_ERROR_INSUFFICIENT_MEMORY && quiet_on_memory) {
        return st;
    }
    printf("FAIL: %s: status %ld, expected %ld\n", what, (long)st, (long)want);
    return st == PSA_ERROR_INSUFFICIENT_MEMORY ? st : WRONG_ANSWER;
}

static psa_status_t expect_bytes(const uint8_t *got, const uint8_t *want, size_t len,
                                 const char *what)
{
    if (memcmp(got, want, len) == 0) {
        return PSA_SUCCESS;
    }
    printf("FAIL: %s: not the published value\n", what);
    return WRONG_ANSWER;
}

static psa_status_t import(psa_key_type_t type, psa_key_usage_t usage, psa_algorithm_t alg,
                           const uint8_t *data, size_t len, psa_key_id_t *key, const char *what)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;

    psa_set_key_type(&a, type);
    psa_set_key_usage_flags(&a, usage);
    psa_set_key_algorithm(&a, alg);
    return expect(psa_import_key(&a, data, len, key), PSA_SUCCESS, what);
}

static psa_status_t done(psa_key_id_t key, psa_status_t st)
{
    psa_status_t d = psa_destroy_key(key);

    if (st == PSA_SUCCESS && d != PSA_SUCCESS) {
        printf("FAIL: psa_destroy_key: status %ld\n", (long)d);
        return WRONG_ANSWER;
    }
    return st;
}

static const uint8_t sample[6] = {'s', 'a', 'm', 'p', 'l', 'e'};

/* FIPS 180-2, Appendix B.1: SHA-256("abc"). */
static psa_status_t op_sha256(void)
{
    static const uint8_t abc[3] = {'a', 'b', 'c'};
    static const uint8_t want[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                     0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                     0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                     0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    uint8_t md[32];
    size_t n = 0;
    psa_status_t st;

    st = expect(psa_hash_compute(PSA_ALG_SHA_256, abc, sizeof abc, md, sizeof md, &n), PSA_SUCCESS,
                "SHA-256(abc)");
    if (st == PSA_SUCCESS) {
        st = n == sizeof md ? expect_bytes(md, want, sizeof md, "SHA-256(abc)") : WRONG_ANSWER;
    }
    return st;
}

/* RFC 6979 A.2.5: the SHA-256 "sample" signature verifies; the "test" one
 * does not verify over "sample". */
static psa_status_t op_p256_verify(void)
{
    const psa_algorithm_t alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
    psa_key_id_t key = 0;
    uint8_t h[32];
    size_t n = 0;
    psa_status_t st;

    st = import(PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1), PSA_KEY_USAGE_VERIFY_HASH, alg,
                tv_rfc6979_p256_pub, sizeof tv_rfc6979_p256_pub, &key, "import P-256 public");
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = expect(psa_hash_compute(PSA_ALG_SHA_256, sample, sizeof sample, h, sizeof h, &n),
                PSA_SUCCESS, "SHA-256(sample)");
    if (st == PSA_SUCCESS) {
        st = expect(psa_verify_hash(key, alg, h, sizeof h, tv_rfc6979_p256_sha256_sample, 64),
                    PSA_SUCCESS, "P-256 verify, RFC 6979 A.2.5 sample");
    }
    if (st == PSA_SUCCESS) {
        st = expect(psa_verify_hash(key, alg, h, sizeof h, tv_rfc6979_p256_sha256_test, 64),
                    PSA_ERROR_INVALID_SIGNATURE, "P-256 verify, the signature of another message");
    }
    return done(key, st);
}

/* RFC 6979 A.2.5 / A.2.6: deterministic signatures over "sample" are the
 * published r || s, and verify. */
static psa_status_t sign_det(psa_algorithm_t hash, const uint8_t *priv, size_t priv_len,
                             const uint8_t *want, size_t sig_len, const char *what)
{
    const psa_algorithm_t alg = PSA_ALG_DETERMINISTIC_ECDSA(hash);
    psa_key_id_t key = 0;
    uint8_t h[48], sig[96];
    size_t hlen = 0, n = 0;
    psa_status_t st;

    st = import(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1),
                PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH, alg, priv, priv_len, &key,
                what);
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = expect(psa_hash_compute(hash, sample, sizeof sample, h, sizeof h, &hlen), PSA_SUCCESS,
                what);
    if (st == PSA_SUCCESS) {
        st = expect(psa_sign_hash(key, alg, h, hlen, sig, sizeof sig, &n), PSA_SUCCESS, what);
    }
    if (st == PSA_SUCCESS) {
        st = n == sig_len ? expect_bytes(sig, want, sig_len, what) : WRONG_ANSWER;
    }
    if (st == PSA_SUCCESS) {
        st = expect(psa_verify_hash(key, alg, h, hlen, sig, n), PSA_SUCCESS, what);
    }
    return done(key, st);
}

static psa_status_t op_p256_sign(void)
{
    return sign_det(PSA_ALG_SHA_256, tv_rfc6979_p256_x, sizeof tv_rfc6979_p256_x,
                    tv_rfc6979_p256_sha256_sample, 64u, "P-256 deterministic sign, RFC 6979 A.2.5");
}

static psa_status_t op_p384_sign(void)
{
    return sign_det(PSA_ALG_SHA_384, tv_rfc6979_p384_x, sizeof tv_rfc6979_p384_x,
                    tv_rfc6979_p384_sha384_sample, 96u, "P-384 deterministic sign, RFC 6979 A.2.6");
}

/* Appends a DER length to p; returns the bytes written. */
static size_t der_len(uint8_t *p, size_t len)
{
    if (len < 0x80u) {
        p[0] = (uint8_t)len;
        return 1u;
    }
    if (len < 0x100u) {
        p[0] = 0x81u;
        p[1] = (uint8_t)len;
        return 2u;
    }
    p[0] = 0x82u;
    p[1] = (uint8_t)(len >> 8);
    p[2] = (uint8_t)len;
    return 3u;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, the
 * PSA import format, in out (cap bytes). n and e are already minimal positive
 * INTEGER contents. Returns the length, or 0 when it does not fit. */
static size_t rsa_public_der(uint8_t *out, size_t cap, const uint8_t *n, size_t n_len,
                             const uint8_t *e, size_t e_len)
{
    uint8_t ni[4], ei[4], si[4];
    size_t nh = 1u + der_len(ni + 1, n_len), eh = 1u + der_len(ei + 1, e_len);
    size_t body = nh + n_len + eh + e_len, sh = 1u + der_len(si + 1, body);

    if (sh + body > cap) {
        return 0u;
    }
    ni[0] = 0x02u;
    ei[0] = 0x02u;
    si[0] = 0x30u;
    memcpy(out, si, sh);
    memcpy(out + sh, ni, nh);
    memcpy(out + sh + nh, n, n_len);
    memcpy(out + sh + nh + n_len, ei, eh);
    memcpy(out + sh + nh + n_len + eh, e, e_len);
    return sh + body;
}

/* Wycheproof rsa_pss_<bits>_sha256_mgf1_32: tcId 3 verifies, tcId 62 (first
 * byte of m_hash modified) does not. */
static psa_status_t pss_verify(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
                               const uint8_t *msg3, size_t msg3_len, const uint8_t *sig3,
                               const uint8_t *msg62, size_t msg62_len, const uint8_t *sig62,
                               size_t sig_len, const char *what)
{
    const psa_algorithm_t alg = PSA_ALG_RSA_PSS(PSA_ALG_SHA_256);
    static uint8_t der[400];
    psa_key_id_t key = 0;
    uint8_t h[32];
    size_t hl = 0, len = rsa_public_der(der, sizeof der, n, n_len, e, e_len);
    psa_status_t st;

    if (len == 0u) {
        printf("FAIL: %s: the key does not fit the DER buffer\n", what);
        return WRONG_ANSWER;
    }
    st = import(PSA_KEY_TYPE_RSA_PUBLIC_KEY, PSA_KEY_USAGE_VERIFY_HASH, alg, der, len, &key, what);
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = expect(psa_hash_compute(PSA_ALG_SHA_256, msg3, msg3_len, h, sizeof h, &hl), PSA_SUCCESS,
                what);
    if (st == PSA_SUCCESS) {
        st = expect(psa_verify_hash(key, alg, h, hl, sig3, sig_len), PSA_SUCCESS, what);
    }
    if (st == PSA_SUCCESS) {
        st = expect(psa_hash_compute(PSA_ALG_SHA_256, msg62, msg62_len, h, sizeof h, &hl),
                    PSA_SUCCESS, what);
    }
    if (st == PSA_SUCCESS) {
        st = expect(psa_verify_hash(key, alg, h, hl, sig62, sig_len), PSA_ERROR_INVALID_SIGNATURE,
                    what);
    }
    return done(key, st);
}

static psa_status_t op_pss2048_verify(void)
{
    return pss_verify(tv_wpk_pss2048_n, sizeof tv_wpk_pss2048_n, tv_wpk_pss2048_e,
                      sizeof tv_wpk_pss2048_e, tv_wpk_pss2048_msg_3, sizeof tv_wpk_pss2048_msg_3,
                      tv_wpk_pss2048_sig_3, tv_wpk_pss2048_msg_62, sizeof tv_wpk_pss2048_msg_62,
                      tv_wpk_pss2048_sig_62, 256u, "RSA-PSS 2048 verify, Wycheproof tcId 3/62");
}

static psa_status_t op_pss3072_verify(void)
{
    return pss_verify(tv_wpk_pss3072_n, sizeof tv_wpk_pss3072_n, tv_wpk_pss3072_e,
                      sizeof tv_wpk_pss3072_e, tv_wpk_pss3072_msg_3, sizeof tv_wpk_pss3072_msg_3,
                      tv_wpk_pss3072_sig_3, tv_wpk_pss3072_msg_62, sizeof tv_wpk_pss3072_msg_62,
                      tv_wpk_pss3072_sig_62, 384u, "RSA-PSS 3072 verify, Wycheproof tcId 3/62");
}

/* RFC 8439 2.8.2: the sealed message is ct || tag, it opens to the plaintext,
 * and with one tag bit flipped it does not open. */
static psa_status_t op_chachapoly(void)
{
    const psa_algorithm_t alg = PSA_ALG_CHACHA20_POLY1305;
    static uint8_t sealed[sizeof tv_rfc8439_282_pt + 16u];
    static uint8_t opened[sizeof tv_rfc8439_282_pt];
    psa_key_id_t key = 0;
    size_t n = 0;
    psa_status_t st;

    st = import(PSA_KEY_TYPE_CHACHA20, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT, alg,
                tv_rfc8439_282_key, sizeof tv_rfc8439_282_key, &key, "import ChaCha20 key");
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = expect(psa_aead_encrypt(key, alg, tv_rfc8439_282_nonce, 12u, tv_rfc8439_282_aad,
                                 sizeof tv_rfc8439_282_aad, tv_rfc8439_282_pt,
                                 sizeof tv_rfc8439_282_pt, sealed, sizeof sealed, &n),
                PSA_SUCCESS, "ChaCha20-Poly1305 seal, RFC 8439 2.8.2");
    if (st == PSA_SUCCESS && n != sizeof sealed) {
        st = WRONG_ANSWER;
    }
    if (st == PSA_SUCCESS) {
        st = expect_bytes(sealed, tv_rfc8439_282_ct, sizeof tv_rfc8439_282_ct,
                          "ChaCha20-Poly1305 ciphertext, RFC 8439 2.8.2");
    }
    if (st == PSA_SUCCESS) {
        st = expect_bytes(sealed + sizeof tv_rfc8439_282_ct, tv_rfc8439_282_tag, 16u,
                          "ChaCha20-Poly1305 tag, RFC 8439 2.8.2");
    }
    if (st == PSA_SUCCESS) {
        st = expect(psa_aead_decrypt(key, alg, tv_rfc8439_282_nonce, 12u, tv_rfc8439_282_aad,
                                     sizeof tv_rfc8439_282_aad, sealed, sizeof sealed, opened,
                                     sizeof opened, &n),
                    PSA_SUCCESS, "ChaCha20-Poly1305 open, RFC 8439 2.8.2");
    }
    if (st == PSA_SUCCESS) {
        st = n == sizeof opened ? expect_bytes(opened, tv_rfc8439_282_pt, sizeof opened,
                                               "ChaCha20-Poly1305 plaintext, RFC 8439 2.8.2")
                                : WRONG_ANSWER;
    }
    if (st == PSA_SUCCESS) {
        sealed[sizeof sealed - 1u] ^= 0x01u;
        st = expect(psa_aead_decrypt(key, alg, tv_rfc8439_282_nonce, 12u, tv_rfc8439_282_aad,
                                     sizeof tv_rfc8439_282_aad, sealed, sizeof sealed, opened,
                                     sizeof opened, &n),
                    PSA_ERROR_INVALID_SIGNATURE, "ChaCha20-Poly1305 open with a forged tag");
    }
    return done(key, st);
}

/* More than one mdsec_port_entropy() call's worth (256 bytes): every piece
 * the hook asks the port for is filled. */
static psa_status_t op_random(void)
{
    static uint8_t buf[600];
    static const size_t piece[3][2] = {{0u, 256u}, {256u, 512u}, {512u, 600u}};
    size_t i, j;
    psa_status_t st;

    memset(buf, 0, sizeof buf);
    st = expect(psa_generate_random(buf, sizeof buf), PSA_SUCCESS, "psa_generate_random(600)");
    for (i = 0u; st == PSA_SUCCESS && i < 3u; i++) {
        uint8_t any = 0u;
        for (j = piece[i][0]; j < piece[i][1]; j++) {
            any |= buf[j];
        }
        if (any == 0u) {
            printf("FAIL: psa_generate_random left bytes %u..%u zero\n", (unsigned)piece[i][0],
                   (unsigned)piece[i][1] - 1u);
            st = WRONG_ANSWER;
        }
    }
    return st;
}

#if defined(MDSEC_TEST_MBEDTLS_HEAP)
/* RSASSA-PSS (SHA-256, salt 32) signature with a 3072-bit test key (the
 * imgtool test key of tests/fixtures/mcuboot, PKCS#1 form in
 * tests/fixtures/der): signing is randomized, so the check is that the
 * signature verifies. The largest operation of the configuration. */
static psa_status_t op_pss3072_sign(void)
{
    const psa_algorithm_t alg = PSA_ALG_RSA_PSS(PSA_ALG_SHA_256);
    static uint8_t sig[384];
    psa_key_id_t key = 0;
    uint8_t h[32];
    size_t hl = 0, n = 0;
    psa_status_t st;

    st = import(PSA_KEY_TYPE_RSA_KEY_PAIR, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH, alg,
                fx_key_rsa_3072_pkcs1_der, fx_key_rsa_3072_pkcs1_der_len, &key,
                "import RSA-3072 test key");
    if (st != PSA_SUCCESS) {
        return st;
    }
    st = expect(psa_hash_compute(PSA_ALG_SHA_256, sample, sizeof sample, h, sizeof h, &hl),
                PSA_SUCCESS, "SHA-256(sample)");
    if (st == PSA_SUCCESS) {
        st = expect(psa_sign_hash(key, alg, h, hl, sig, sizeof sig, &n), PSA_SUCCESS,
                    "RSA-PSS 3072 sign");
    }
    if (st == PSA_SUCCESS) {
        st = expect(psa_verify_hash(key, alg, h, hl, sig, n), PSA_SUCCESS,
                    "RSA-PSS 3072 verify of the new signature");
    }
    return done(key, st);
}
#endif

typedef struct {
    const char *name;
    psa_status_t (*run)(void);
} op_t;

static const op_t ops[] = {
    {"SHA-256", op_sha256},
    {"ECDSA P-256 verify", op_p256_verify},
    {"ECDSA P-256 sign (deterministic)", op_p256_sign},
    {"ECDSA P-384 sign (deterministic)", op_p384_sign},
    {"RSA-PSS 2048 verify", op_pss2048_verify},
    {"RSA-PSS 3072 verify", op_pss3072_verify},
    {"ChaCha20-Poly1305", op_chachapoly},
    {"random", op_random},
#if defined(MDSEC_TEST_MBEDTLS_HEAP)
    {"RSA-PSS 3072 sign", op_pss3072_sign},
#endif
};
#define N_OPS (sizeof ops / sizeof ops[0])

#if !defined(MDSEC_TEST_MBEDTLS_HEAP)

int main(void)
{
    unsigned failed = 0u;
    uint32_t worst = 0u, deepest = 0u;
    size_t i;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    if (expect(psa_crypto_init(), PSA_SUCCESS, "psa_crypto_init") != PSA_SUCCESS) {
        return 1;
    }
    printf("operation                          result  peak stack of the call\n");
    for (i = 0u; i < N_OPS; i++) {
        psa_status_t st;
        uint32_t base, peak;

        /* Each operation's own peak: the stack is painted again before it. */
        mdsec_board_stack_repaint();
        base = mdsec_board_stack_used();
        st = ops[i].run();
        peak = mdsec_board_stack_used() - base;
        worst = peak > worst ? peak : worst;
        deepest = base + peak > deepest ? base + peak : deepest;
        printf("%-34s %-7s %5lu B\n", ops[i].name, st == PSA_SUCCESS ? "ok" : "FAILED",
               (unsigned long)peak);
        failed += st == PSA_SUCCESS ? 0u : 1u;
    }
    mbedtls_psa_crypto_free();
    /* Every key destroyed and PSA shut down: the heap must still be consistent. */
    if (mbedtls_memory_buffer_alloc_verify() != 0) {
        printf("FAIL: Mbed TLS's heap is inconsistent\n");
        failed++;
    }
    printf("Mbed TLS %s smoke test: %u of %u operations failed; largest call %lu B of stack, "
           "%lu B of %lu B with main's own\n",
           MBEDTLS_VERSION_STRING, failed, (unsigned)N_OPS, (unsigned long)worst,
           (unsigned long)deepest, (unsigned long)mdsec_board_stack_size());
    return failed == 0u ? 0 : 1;
}

#else /* MDSEC_TEST_MBEDTLS_HEAP */

/* The search's upper end: far above any operation of the configuration. */
#define SEARCH_MAX 65536u

static _Alignas(8) unsigned char search_heap[SEARCH_MAX];

/* Below this, Mbed TLS's allocator has no room for its first block header
 * and serves nothing (there is no heap to check either). */
#define HEAP_MIN   64u

/* One operation on a fresh heap of `size` bytes (0: none) and a fresh PSA. */
static psa_status_t run_in(const op_t *op, size_t size)
{
    psa_status_t st;

    mbedtls_memory_buffer_alloc_init(search_heap, size);
    st = psa_crypto_init();
    if (st == PSA_SUCCESS) {
        st = op->run();
    }
    mbedtls_psa_crypto_free();
    if (size >= HEAP_MIN && mbedtls_memory_buffer_alloc_verify() != 0) {
        printf("FAIL: %s: heap inconsistent after a run in %lu B\n", op->name, (unsigned long)size);
        st = WRONG_ANSWER;
    }
    mbedtls_memory_buffer_alloc_free();
    return st;
}

/* The smallest heap (a multiple of 4, 0 when none is needed) `op` succeeds
 * in, or 0 with *bad set when it fails for another reason than memory or
 * needs more than SEARCH_MAX. */
static size_t smallest_heap(const op_t *op, int *bad)
{
    size_t lo = HEAP_MIN, hi = SEARCH_MAX;
    psa_status_t st;

    *bad = 0;
    if (run_in(op, 0u) == PSA_SUCCESS) {
        return 0u;
    }
    st = run_in(op, HEAP_MIN);
    if (st == PSA_SUCCESS) {
        hi = HEAP_MIN;
        lo = 0u;
    } else if (st != PSA_ERROR_INSUFFICIENT_MEMORY || run_in(op, hi) != PSA_SUCCESS) {
        *bad = 1;
        return 0u;
    }
    /* Fails in lo bytes, succeeds in hi; 4 is the allocator's alignment. */
    while (hi - lo > 4u) {
        size_t mid = (lo + (hi - lo) / 2u) & ~(size_t)3u;
        st = run_in(op, mid);
        if (st == PSA_SUCCESS) {
            hi = mid;
        } else if (st == PSA_ERROR_INSUFFICIENT_MEMORY) {
            lo = mid;
        } else {
            *bad = 1;
            return 0u;
        }
    }
    return hi;
}

int main(void)
{
    unsigned failed = 0u;
    size_t i;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    quiet_on_memory = 1;
    printf("smallest heap each operation succeeds in (MBEDTLS_MEMORY_BUFFER_ALLOC_C, "
           "MDSEC_MBEDTLS_HEAP_SIZE %lu B):\n",
           (unsigned long)MDSEC_MBEDTLS_HEAP_SIZE);
    for (i = 0u; i < N_OPS; i++) {
        int bad;
        size_t need = smallest_heap(&ops[i], &bad);

        if (bad) {
            printf("FAIL: %s: fails for another reason than memory, or needs more than 64 KiB\n",
                   ops[i].name);
            failed++;
        } else if (need > MDSEC_MBEDTLS_HEAP_SIZE ||
                   run_in(&ops[i], MDSEC_MBEDTLS_HEAP_SIZE) != PSA_SUCCESS) {
            printf("FAIL: %s: does not succeed in MDSEC_MBEDTLS_HEAP_SIZE\n", ops[i].name);
            failed++;
        }
        printf("  %-34s %6lu B\n", ops[i].name, (unsigned long)need);
    }
    printf("Mbed TLS %s heap test: %u of %u operations failed; peak stack %lu B\n",
           MBEDTLS_VERSION_STRING, failed, (unsigned)N_OPS,
           (unsigned long)mdsec_board_stack_used());
    return failed == 0u ? 0 : 1;
}

#endif /* MDSEC_TEST_MBEDTLS_HEAP */
