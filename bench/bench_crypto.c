/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The crypto providers side by side, in one run: SHA-256 over 1 MiB, ECDSA
 * P-256 verify and sign, RSA-2048 and RSA-3072 PSS verify, Ed25519 verify.
 * Each provider compiled in (BENCH_BEARSSL, BENCH_TOMCRYPT, BENCH_PSA;
 * BENCH_SODIUM for Ed25519) runs the same operations on the same published
 * inputs (RFC 6979 A.2.5, Wycheproof, RFC 8032 7.1), every result is
 * checked, and each figure is printed with its ratio to the fastest
 * provider of that operation.
 *
 * Host: nanoseconds per operation, the best of BENCH_ROUNDS rounds.
 * Cortex-M4 (QEMU mps2-an386 under -icount shift=0, where each instruction
 * advances the virtual clock by 1 ns): instructions per operation, read from
 * the board's monotonic clock (resolution 1000 instructions), and the peak
 * stack of each operation (the board repaints the stack before each).
 * Benchmarks pass or fail on nothing but a wrong result.
 */
#if !defined(__arm__)
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#endif
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "mdsec/mdsec.h"
#include "rfc6979_ecdsa.h"
#include "wycheproof_rsa_pss_kat.h"

#if defined(__arm__)
#include "mdsec/board_mps2_an386.h"
#define BENCH_TARGET 1
#define BENCH_ROUNDS 1u
#else
#include <time.h>
#define BENCH_ROUNDS 5u
#endif

#if defined(BENCH_SODIUM)
/* RFC 8032 section 7.1, TEST 2 (a one-byte message). */
static const uint8_t ed_pub[32] = {0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a,
                                   0xa7, 0x4d, 0x1b, 0x7e, 0xbc, 0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4,
                                   0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c};
static const uint8_t ed_msg[1] = {0x72};
static const uint8_t ed_sig[64] = {
    0x92, 0xa0, 0x09, 0xa9, 0xf0, 0xd4, 0xca, 0xb8, 0x72, 0x0e, 0x82, 0x0b, 0x5f, 0x64, 0x25, 0x40,
    0xa2, 0xb2, 0x7b, 0x54, 0x16, 0x50, 0x3f, 0x8f, 0xb3, 0x76, 0x22, 0x23, 0xeb, 0xdb, 0x69, 0xda,
    0x08, 0x5a, 0xc1, 0xe4, 0x3e, 0x15, 0x99, 0x6e, 0x45, 0x8f, 0x36, 0x13, 0xd0, 0xf1, 0x1d, 0x8c,
    0x38, 0x7b, 0x2e, 0xae, 0xb4, 0x30, 0x2a, 0xee, 0xb0, 0x0d, 0x29, 0x16, 0x12, 0xbb, 0x0c, 0x00};
#endif

typedef struct provider {
    const char *name;
    mdsec_status_t (*hash_init)(mdsec_hash_ctx_t *, mdsec_hash_alg_t);
    mdsec_status_t (*hash_update)(mdsec_hash_ctx_t *, const void *, size_t);
    mdsec_status_t (*hash_final)(mdsec_hash_ctx_t *, uint8_t *, size_t);
    mdsec_status_t (*hash)(mdsec_hash_alg_t, const void *, size_t, uint8_t *, size_t);
    mdsec_status_t (*ecdsa_verify)(mdsec_curve_t, const uint8_t *, size_t, const uint8_t *, size_t,
                                   const uint8_t *, size_t, mdsec_sig_format_t);
    mdsec_status_t (*ecdsa_p256_sign)(mdsec_drbg_t *, const uint8_t *, const uint8_t *, size_t,
                                      mdsec_sig_format_t, uint8_t *, size_t, size_t *);
    mdsec_status_t (*rsa_pss_verify)(const uint8_t *, size_t, const uint8_t *, size_t,
                                     mdsec_hash_alg_t, const uint8_t *, size_t, size_t,
                                     const uint8_t *, size_t);
    mdsec_status_t (*drbg_seed)(mdsec_drbg_t *, const uint8_t *, size_t);
    void (*drbg_wipe)(mdsec_drbg_t *);
} provider_t;

#define BENCH_PROVIDER(P, label)                                                      \
    {                                                                                 \
        label, P##hash_init, P##hash_update, P##hash_final, P##hash, P##ecdsa_verify, \
            P##ecdsa_p256_sign, P##rsa_pss_verify, P##drbg_seed, P##drbg_wipe         \
    }

static const provider_t providers[] = {
#if defined(BENCH_BEARSSL)
    BENCH_PROVIDER(mdsec_bearssl_, "bearssl"),
#endif
#if defined(BENCH_TOMCRYPT)
    BENCH_PROVIDER(mdsec_tomcrypt_, "libtomcrypt"),
#endif
#if defined(BENCH_PSA)
    BENCH_PROVIDER(mdsec_psa_, "psa (Mbed TLS)"),
#endif
};
#define N_PROVIDERS (sizeof providers / sizeof providers[0])

enum { OP_SHA256_1M, OP_P256_VERIFY, OP_P256_SIGN, OP_PSS2048, OP_PSS3072, OP_ED25519, N_OPS };
static const char *const op_names[N_OPS] = {"SHA-256, 1 MiB",      "ECDSA P-256 verify",
                                            "ECDSA P-256 sign",    "RSA-2048 PSS verify",
                                            "RSA-3072 PSS verify", "Ed25519 verify"};

/* 64 KiB hashed 16 times: 1 MiB without a 1 MiB buffer on the target. */
#define CHUNK 65536u
static uint8_t chunk[CHUNK];

static mdsec_drbg_t drbg;
static int failures;
static uint8_t last_sig[MDSEC_P256_SIG_RAW_LEN];
static size_t last_sig_len;

/* The last signature made verifies under the provider's own verify. */
static mdsec_status_t check_sign(const provider_t *p)
{
    uint8_t digest[32];
    mdsec_status_t st = p->hash(MDSEC_HASH_SHA256, "sample", 6u, digest, sizeof digest);
    return st == MDSEC_OK
               ? p->ecdsa_verify(MDSEC_CURVE_P256, tv_rfc6979_p256_pub, sizeof tv_rfc6979_p256_pub,
                                 digest, sizeof digest, last_sig, last_sig_len, MDSEC_SIG_RAW)
               : st;
}

static uint64_t now(void)
{
#if defined(BENCH_TARGET)
    return mdsec_port_monotonic_us() * 1000u; /* instructions under -icount shift=0 */
#else
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

/* One operation; returns MDSEC_OK when its result is the expected one. */
static mdsec_status_t run_op(const provider_t *p, int op)
{
    uint8_t digest[32];
    mdsec_hash_ctx_t h;
    mdsec_status_t st;
    unsigned i;

    switch (op) {
    case OP_SHA256_1M:
        st = p->hash_init(&h, MDSEC_HASH_SHA256);
        for (i = 0u; i < 16u && st == MDSEC_OK; i++) {
            st = p->hash_update(&h, chunk, sizeof chunk);
        }
        return st == MDSEC_OK ? p->hash_final(&h, digest, sizeof digest) : st;
    case OP_P256_VERIFY:
        st = p->hash(MDSEC_HASH_SHA256, "sample", 6u, digest, sizeof digest);
        return st == MDSEC_OK ? p->ecdsa_verify(MDSEC_CURVE_P256, tv_rfc6979_p256_pub,
                                                sizeof tv_rfc6979_p256_pub, digest, sizeof digest,
                                                tv_rfc6979_p256_sha256_sample,
                                                sizeof tv_rfc6979_p256_sha256_sample, MDSEC_SIG_RAW)
                              : st;
    case OP_P256_SIGN:
        /* Checked after the timed loop (check_sign). */
        st = p->hash(MDSEC_HASH_SHA256, "sample", 6u, digest, sizeof digest);
        return st == MDSEC_OK
                   ? p->ecdsa_p256_sign(&drbg, tv_rfc6979_p256_x, digest, sizeof digest,
                                        MDSEC_SIG_RAW, last_sig, sizeof last_sig, &last_sig_len)
                   : st;
    case OP_PSS2048:
    case OP_PSS3072: {
        const mdsec_tv_wp_sig_t *t =
            (op == OP_PSS2048) ? &tv_wpk_pss2048_tests[2] : &tv_wpk_pss3072_tests[2];
        st = p->hash(MDSEC_HASH_SHA256, t->msg, t->msg_len, digest, sizeof digest);
        if (st != MDSEC_OK) {
            return st;
        }
        return (op == OP_PSS2048)
                   ? p->rsa_pss_verify(tv_wpk_pss2048_n, sizeof tv_wpk_pss2048_n, tv_wpk_pss2048_e,
                                       sizeof tv_wpk_pss2048_e, MDSEC_HASH_SHA256, digest,
                                       sizeof digest, 32u, t->sig, t->sig_len)
                   : p->rsa_pss_verify(tv_wpk_pss3072_n, sizeof tv_wpk_pss3072_n, tv_wpk_pss3072_e,
                                       sizeof tv_wpk_pss3072_e, MDSEC_HASH_SHA256, digest,
                                       sizeof digest, 32u, t->sig, t->sig_len);
    }
    default: return MDSEC_ERR_NOT_SUPPORTED;
    }
}

typedef struct figure {
    uint64_t cost; /* ns (host) or instructions (target); 0: not measured */
    uint32_t stack;
    mdsec_status_t st;
} figure_t;

static figure_t measure(const provider_t *p, int op)
{
    figure_t f = {0u, 0u, MDSEC_OK};
    unsigned round, reps, i;

    reps = 1u;
#if !defined(BENCH_TARGET)
    reps = (op == OP_SHA256_1M) ? 20u : (op == OP_PSS2048 || op == OP_PSS3072) ? 200u : 50u;
#endif
    for (round = 0u; round < BENCH_ROUNDS; round++) {
        uint64_t t0, t1;
#if defined(BENCH_TARGET)
        uint32_t base;
        mdsec_board_stack_repaint();
        base = mdsec_board_stack_used();
#endif
        t0 = now();
        for (i = 0u; i < reps; i++) {
#if defined(BENCH_SODIUM)
            if (op == OP_ED25519) {
                f.st = mdsec_sodium_ed25519_verify(ed_pub, ed_msg, sizeof ed_msg, ed_sig);
            } else
#endif
            {
                f.st = run_op(p, op);
            }
            if (f.st != MDSEC_OK) {
                return f;
            }
        }
        t1 = now();
#if defined(BENCH_TARGET)
        f.stack = mdsec_board_stack_used() - base;
#endif
        if (round == 0u || (t1 - t0) / reps < f.cost) {
            f.cost = (t1 - t0) / reps;
        }
    }
    if (op == OP_P256_SIGN) {
        f.st = check_sign(p);
    }
    return f;
}

static void report(int op, const char *const *names, const figure_t *figs, size_t n)
{
    uint64_t best = 0u;
    size_t i;

    for (i = 0u; i < n; i++) {
        if (figs[i].st == MDSEC_OK && (best == 0u || figs[i].cost < best)) {
            best = figs[i].cost;
        }
    }
    printf("%s\n", op_names[op]);
    for (i = 0u; i < n; i++) {
        if (figs[i].st == MDSEC_ERR_NOT_SUPPORTED || figs[i].st == MDSEC_ERR_FW_ALG_UNSUPPORTED) {
            printf("  %-16s not supported\n", names[i]);
        } else if (figs[i].st != MDSEC_OK) {
            printf("  %-16s FAILED: %s\n", names[i], mdsec_status_str(figs[i].st));
            failures++;
        } else {
            /* Integer ratio: newlib-nano's printf has no floating point. */
            unsigned long r100 = (unsigned long)((figs[i].cost * 100u + best / 2u) / best);
#if defined(BENCH_TARGET)
            printf("  %-16s %10lu instructions  ratio %lu.%02lu  peak stack %lu B\n", names[i],
                   (unsigned long)figs[i].cost, r100 / 100u, r100 % 100u,
                   (unsigned long)figs[i].stack);
#else
            printf("  %-16s %12.1f us  ratio %lu.%02lu\n", names[i], (double)figs[i].cost / 1000.0,
                   r100 / 100u, r100 % 100u);
#endif
        }
    }
}

int main(void)
{
    const char *names[N_PROVIDERS + 1u];
    figure_t figs[N_PROVIDERS + 1u];
    size_t i;
    int op;

    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    for (i = 0u; i < CHUNK; i++) {
        chunk[i] = (uint8_t)(i * 31u + 7u);
    }
    for (i = 0u; i < N_PROVIDERS; i++) {
        names[i] = providers[i].name;
    }
#if defined(BENCH_TARGET)
    printf("Cortex-M4 (QEMU mps2-an386, -icount shift=0): instructions per operation\n");
#else
    printf("host: time per operation, best of %u rounds\n", BENCH_ROUNDS);
#endif
    for (op = 0; op < N_OPS; op++) {
        if (op == OP_ED25519) {
#if defined(BENCH_SODIUM)
            const char *ed_names[1] = {"libsodium"};
            figs[0] = measure(NULL, op);
            report(op, ed_names, figs, 1u);
#endif
            continue;
        }
        for (i = 0u; i < N_PROVIDERS; i++) {
            if (op == OP_P256_SIGN) {
                if (providers[i].drbg_seed(&drbg, (const uint8_t *)"bench", 5u) != MDSEC_OK) {
                    figs[i].st = MDSEC_ERR_DRBG_NOT_SEEDED;
                    continue;
                }
            }
            figs[i] = measure(&providers[i], op);
            if (op == OP_P256_SIGN) {
                providers[i].drbg_wipe(&drbg);
            }
        }
        report(op, names, figs, N_PROVIDERS);
    }
    return failures == 0 ? 0 : 1;
}
