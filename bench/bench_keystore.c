/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Keystore cost on the host, each figure beside its reference in the same
 * run with the same provider (posix port, a fresh temporary state
 * directory):
 *
 *  1. ECDSA P-256 sign of a 32-byte digest through mdsec_ks_sign_digest
 *     (RAM key) against mdsec_crypto_ecdsa_p256_sign with the same scalar
 *     and an mdsec_drbg_t seeded the same way; verify through
 *     mdsec_ks_verify_digest (RAM public key) against
 *     mdsec_crypto_ecdsa_verify. Ratio keystore / direct (aim <= 1.05).
 *  2. Unwrap of a persistent key: sign through the same scalar stored on
 *     the flash backend minus sign through the RAM copy; beside it the
 *     unwrap alone (mdsec__ks_flash_load: KEK derivation, record read, parse,
 *     AEAD open) and one provider AEAD open of a record-sized message.
 *
 * Timing: clock_gettime(CLOCK_THREAD_CPUTIME_ID), the CPU time of this
 * thread (user and kernel, so the posix port's file reads count), so that
 * other processes on a shared machine do not land in one side of a
 * comparison; CLOCK_MONOTONIC with BENCH_CLOCK_MONOTONIC defined. The
 * operations of one comparison are
 * interleaved (order rotated every round), each round times a short batch
 * of calls, and every figure is a median over the rounds; ratios and
 * differences are medians of the per-round (paired) ratios and differences,
 * so that a load change on the machine hits both sides of a pair.
 *
 * usage: bench_keystore [ROUNDS]
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "keystore/ks_internal.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"

#define BENCH_ROUNDS_DEFAULT 101
#define BENCH_ROUNDS_MAX     1001
#define BENCH_BATCH_SIGN     10
#define BENCH_BATCH_UNWRAP   500

#if defined(BENCH_CLOCK_MONOTONIC)
#define BENCH_CLOCK      CLOCK_MONOTONIC
#define BENCH_CLOCK_NAME "wall clock"
#else
#define BENCH_CLOCK      CLOCK_THREAD_CPUTIME_ID
#define BENCH_CLOCK_NAME "thread CPU time"
#endif

#define ID_RAM   0x101u
#define ID_FLASH 0x102u
#define ID_PUB   0x103u

#define ALG MDSEC_KS_ALG_ECDSA_P256_SHA256

/* A fixed P-256 scalar (well inside 1 .. n-1). */
static const uint8_t g_priv[32] = {0x3c, 0x5e, 0x1a, 0x9f, 0x07, 0x42, 0xd1, 0x88, 0x6b, 0x2e, 0x90,
                                   0x14, 0xc7, 0x55, 0x3a, 0xe2, 0x19, 0x4d, 0x7f, 0xa0, 0x63, 0xb8,
                                   0x0c, 0x21, 0x9e, 0x45, 0xf6, 0x37, 0x8a, 0xd3, 0x12, 0x6b};

static mdsec_ks_ctx_t g_ks;
static mdsec_drbg_t g_drbg;
static uint8_t g_pub[MDSEC_P256_PUB_LEN];
static uint8_t g_digest[32];
static uint8_t g_sig[64];
static uint8_t g_kek[MDSEC_AEAD_KEY_LEN];
static uint8_t g_nonce[MDSEC_AEAD_NONCE_LEN];
static uint8_t g_aad[KS_REC_HDR_LEN];
static uint8_t g_ct[32];
static uint8_t g_tag[MDSEC_AEAD_TAG_LEN];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(BENCH_CLOCK, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int sign_ks(mdsec_ks_id_t id)
{
    uint8_t sig[64];
    size_t len = 0;
    return mdsec_ks_sign_digest(&g_ks, id, ALG, g_digest, sizeof g_digest, sig, sizeof sig, &len) ==
               MDSEC_OK &&
           len == sizeof sig;
}

static int op_sign_ram(void)
{
    return sign_ks(ID_RAM);
}

static int op_sign_flash(void)
{
    return sign_ks(ID_FLASH);
}

static int op_sign_direct(void)
{
    uint8_t sig[64];
    size_t len = 0;
    return mdsec_crypto_ecdsa_p256_sign(&g_drbg, g_priv, g_digest, sizeof g_digest, MDSEC_SIG_RAW,
                                        sig, sizeof sig, &len) == MDSEC_OK &&
           len == sizeof sig;
}

static int op_verify_ks(void)
{
    return mdsec_ks_verify_digest(&g_ks, ID_PUB, ALG, g_digest, sizeof g_digest, g_sig,
                                  sizeof g_sig) == MDSEC_OK;
}

static int op_verify_direct(void)
{
    return mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, g_pub, sizeof g_pub, g_digest,
                                     sizeof g_digest, g_sig, sizeof g_sig,
                                     MDSEC_SIG_RAW) == MDSEC_OK;
}

/* The unwrap alone, as mdsec_ks_sign_digest runs it for a flash key (the
 * lock, policy and event around it excluded). */
static int op_unwrap(void)
{
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    size_t len = 0;
    const mdsec_ks_flash_entry_t *e = mdsec__ks_flash_find(&g_ks.flash, ID_FLASH);
    const int ok =
        e != NULL && mdsec__ks_flash_load(&g_ks.flash, e, m, &len) == MDSEC_OK && len == 32u;
    mdsec_memzero(m, sizeof m);
    return ok;
}

/* The KEK derivation inside every unwrap: port root secret, then HKDF-SHA256
 * with the parameters of ks_flash.c (salt "mdsec keystore kek v1", info
 * "kek\0" || region). */
static int op_kek(void)
{
    static const uint8_t salt[] = "mdsec keystore kek v1";
    const uint8_t info[8] = {'k', 'e', 'k', 0, (uint8_t)MDSEC_PORT_REGION_KEYSTORE, 0, 0, 0};
    uint8_t root[MDSEC_ROOT_SECRET_LEN];
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    const int ok = mdsec_port_root_secret(root) == MDSEC_OK &&
                   mdsec_crypto_hkdf_sha256(salt, sizeof salt - 1u, root, sizeof root, info,
                                            sizeof info, kek, sizeof kek) == MDSEC_OK;
    mdsec_memzero(root, sizeof root);
    mdsec_memzero(kek, sizeof kek);
    return ok;
}

static int op_hkdf(void)
{
    static const uint8_t salt[] = "mdsec keystore kek v1";
    static const uint8_t info[8] = {'k', 'e', 'k', 0, 0, 0, 0, 0};
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    const int ok = mdsec_crypto_hkdf_sha256(salt, sizeof salt - 1u, g_kek, sizeof g_kek, info,
                                            sizeof info, kek, sizeof kek) == MDSEC_OK;
    mdsec_memzero(kek, sizeof kek);
    return ok;
}

static int op_aead_open(void)
{
    uint8_t pt[sizeof g_ct];
    const int ok = mdsec_crypto_aead_open(g_kek, g_nonce, g_aad, sizeof g_aad, g_ct, sizeof g_ct,
                                          g_tag, pt) == MDSEC_OK;
    mdsec_memzero(pt, sizeof pt);
    return ok;
}

/* Seconds per call of fn over one batch. */
static double batch(int (*fn)(void), int n)
{
    const double t0 = now_s();
    for (int i = 0; i < n; i++) {
        if (!fn()) {
            (void)fprintf(stderr, "bench_keystore: an operation failed\n");
            exit(1);
        }
    }
    return (now_s() - t0) / (double)n;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return (n % 2) != 0 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static double t[4][BENCH_ROUNDS_MAX]; /* per-round figures of the last compare() */

/* Interleave k operations for `rounds` rounds (rotating which goes first)
 * and write each one's median seconds per call into med[]. */
static void compare(int (*const fns[])(void), int k, int n, int rounds, double *med)
{
    static double v[BENCH_ROUNDS_MAX];
    for (int j = 0; j < k; j++) {
        (void)batch(fns[j], n / 10 + 1); /* warm up */
    }
    for (int r = 0; r < rounds; r++) {
        for (int j = 0; j < k; j++) {
            const int f = (r + j) % k;
            t[f][r] = batch(fns[f], n);
        }
    }
    for (int j = 0; j < k; j++) {
        memcpy(v, t[j], (size_t)rounds * sizeof v[0]);
        med[j] = median(v, rounds);
    }
}

/* Medians over the rounds of the last compare() of t[a] - t[b] and of
 * t[a] / t[b]: paired rounds, so that load changes between rounds cancel. */
static double median_diff(int a, int b, int rounds)
{
    static double d[BENCH_ROUNDS_MAX];
    for (int r = 0; r < rounds; r++) {
        d[r] = t[a][r] - t[b][r];
    }
    return median(d, rounds);
}

static double median_ratio(int a, int b, int rounds)
{
    static double q[BENCH_ROUNDS_MAX];
    for (int r = 0; r < rounds; r++) {
        q[r] = t[a][r] / t[b][r];
    }
    return median(q, rounds);
}

static void check(mdsec_status_t st, const char *what)
{
    if (st != MDSEC_OK) {
        (void)fprintf(stderr, "bench_keystore: %s failed: status %d\n", what, (int)st);
        exit(2);
    }
}

static void remove_state_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[1100];
    if (d == NULL) {
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            (void)snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            (void)unlink(path);
        }
    }
    closedir(d);
    (void)rmdir(dir);
}

static char g_dir[] = "/tmp/mdsec-bench-ks-XXXXXX";
static int g_dir_made;

/* Leaves no emulated device behind, also after a failure (atexit). */
static void cleanup(void)
{
    if (g_dir_made != 0) {
        mdsec_posix_deinit();
        remove_state_dir(g_dir);
        g_dir_made = 0;
    }
}

int main(int argc, char **argv)
{
    const char *dir = g_dir;
    mdsec_ks_attributes_t a;
    uint8_t sig_ks[64], sig_direct[64];
    size_t len = 0;
    int rounds = BENCH_ROUNDS_DEFAULT;
    double m[3];

    if (argc == 2) {
        char *end = NULL;
        const long v = strtol(argv[1], &end, 10);
        rounds = (end != argv[1] && *end == '\0' && v >= 1 && v <= BENCH_ROUNDS_MAX) ? (int)v : 0;
    }
    if (argc > 2 || rounds == 0) {
        (void)fprintf(stderr, "usage: bench_keystore [ROUNDS 1..%d]\n", BENCH_ROUNDS_MAX);
        return 2;
    }
    if (mkdtemp(g_dir) == NULL) {
        perror("bench_keystore: mkdtemp");
        return 2;
    }
    g_dir_made = 1;
    if (atexit(cleanup) != 0) {
        cleanup();
        return 2;
    }
    check(mdsec_posix_set_state_dir(dir), "mdsec_posix_set_state_dir");
    check(mdsec_port_init(), "mdsec_port_init");
    check(mdsec_ks_init(&g_ks, NULL), "mdsec_ks_init");
    /* The direct path's DRBG: same type, seeded as mdsec_ks_init seeds its own. */
    check(mdsec_crypto_drbg_seed(&g_drbg, (const uint8_t *)"mdsec keystore drbg", 19u),
          "mdsec_crypto_drbg_seed");
    check(mdsec_crypto_hash(MDSEC_HASH_SHA256, "mdsec keystore bench", 20u, g_digest,
                            sizeof g_digest),
          "mdsec_crypto_hash");
    check(mdsec_crypto_ec_pubkey_from_priv(MDSEC_CURVE_P256, g_priv, sizeof g_priv, g_pub,
                                           sizeof g_pub, &len),
          "mdsec_crypto_ec_pubkey_from_priv");

    /* The same scalar in RAM and on flash; its public point in RAM. */
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256u;
    a.usage = MDSEC_KS_USAGE_SIGN;
    a.alg = ALG;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    check(mdsec_ks_import(&g_ks, ID_RAM, &a, g_priv, sizeof g_priv), "import (RAM)");
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_FLASH;
    check(mdsec_ks_import(&g_ks, ID_FLASH, &a, g_priv, sizeof g_priv), "import (flash)");
    a.type = MDSEC_KS_TYPE_ECC_P256_PUBLIC;
    a.usage = MDSEC_KS_USAGE_VERIFY;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    check(mdsec_ks_import(&g_ks, ID_PUB, &a, g_pub, sizeof g_pub), "import (public)");

    /* Both paths must produce valid signatures (identical ones with
     * deterministic RFC 6979 nonces). */
    check(mdsec_ks_sign_digest(&g_ks, ID_RAM, ALG, g_digest, sizeof g_digest, sig_ks, sizeof sig_ks,
                               &len),
          "mdsec_ks_sign_digest");
    check(mdsec_crypto_ecdsa_p256_sign(&g_drbg, g_priv, g_digest, sizeof g_digest, MDSEC_SIG_RAW,
                                       sig_direct, sizeof sig_direct, &len),
          "mdsec_crypto_ecdsa_p256_sign");
    memcpy(g_sig, sig_ks, sizeof g_sig);
    check(mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, g_pub, sizeof g_pub, g_digest,
                                    sizeof g_digest, sig_direct, sizeof sig_direct, MDSEC_SIG_RAW),
          "verify of the direct signature");
    if (!op_verify_ks() || !op_verify_direct() || !op_sign_flash()) {
        (void)fprintf(stderr, "bench_keystore: sanity check failed\n");
        return 2;
    }

    /* A record-sized AEAD message: 48-byte header as AAD, 32-byte scalar. */
    for (size_t i = 0; i < sizeof g_kek; i++) {
        g_kek[i] = (uint8_t)(0xA0u + i);
    }
    memset(g_nonce, 0x5A, sizeof g_nonce);
    memset(g_aad, 0x3C, sizeof g_aad);
    check(mdsec_crypto_aead_seal(g_kek, g_nonce, g_aad, sizeof g_aad, g_priv, sizeof g_priv, g_ct,
                                 g_tag),
          "mdsec_crypto_aead_seal");

    printf("keystore, ECDSA P-256 over a 32-byte digest (%s provider, %s, medians of %d "
           "rounds):\n",
           mdsec_crypto_provider_name(), BENCH_CLOCK_NAME, rounds);
    printf("  signatures keystore == direct: %s\n",
           memcmp(sig_ks, sig_direct, sizeof sig_ks) == 0
               ? "yes (deterministic RFC 6979 nonces)"
               : "no (the provider draws nonces from the DRBG; both verify)");
    {
        int (*const fns[])(void) = {op_sign_ram, op_sign_direct};
        compare(fns, 2, BENCH_BATCH_SIGN, rounds, m);
        printf("  sign   mdsec_ks_sign_digest (RAM key)  %8.1f us  %7.0f ops/s\n", m[0] * 1e6,
               1.0 / m[0]);
        printf("         mdsec_crypto_ecdsa_p256_sign    %8.1f us  %7.0f ops/s\n", m[1] * 1e6,
               1.0 / m[1]);
        printf("         ratio keystore/direct           %8.3f   (aim <= 1.05)\n",
               median_ratio(0, 1, rounds));
    }
    {
        int (*const fns[])(void) = {op_verify_ks, op_verify_direct};
        compare(fns, 2, BENCH_BATCH_SIGN, rounds, m);
        printf("  verify mdsec_ks_verify_digest (public) %8.1f us  %7.0f ops/s\n", m[0] * 1e6,
               1.0 / m[0]);
        printf("         mdsec_crypto_ecdsa_verify       %8.1f us  %7.0f ops/s\n", m[1] * 1e6,
               1.0 / m[1]);
        printf("         ratio keystore/direct           %8.3f   (aim <= 1.05)\n",
               median_ratio(0, 1, rounds));
    }
    printf("persistent key unwrap (posix port: region file in %s):\n", dir);
    {
        int (*const fns[])(void) = {op_sign_flash, op_sign_ram};
        compare(fns, 2, BENCH_BATCH_SIGN, rounds, m);
        printf("  sign, flash key                        %8.1f us\n", m[0] * 1e6);
        printf("  sign, same key in RAM                  %8.1f us\n", m[1] * 1e6);
        printf("  unwrap per sign (paired difference)    %8.2f us  (ratio flash/RAM %.3f)\n",
               median_diff(0, 1, rounds) * 1e6, median_ratio(0, 1, rounds));
    }
    {
        int (*const fns[])(void) = {op_unwrap};
        compare(fns, 1, BENCH_BATCH_UNWRAP, rounds, m);
        printf("  unwrap alone (mdsec__ks_flash_load: KEK HKDF, read, parse, AEAD open) %7.2f us\n",
               m[0] * 1e6);
    }
    {
        int (*const fns[])(void) = {op_kek, op_hkdf, op_aead_open};
        compare(fns, 3, BENCH_BATCH_UNWRAP, rounds, m);
        printf("    of which KEK derivation (port root secret + HKDF-SHA256)     %7.2f us\n",
               m[0] * 1e6);
        printf("      of which HKDF-SHA256 alone (32-byte key)                   %7.2f us\n",
               m[1] * 1e6);
        printf("  reference: one provider AEAD open (48 B AAD, 32 B)             %7.2f us\n",
               m[2] * 1e6);
    }
    printf("  working memory: mdsec_ks_ctx_t %lu B (no heap)\n", (unsigned long)sizeof g_ks);

    mdsec_ks_deinit(&g_ks);
    mdsec_crypto_drbg_wipe(&g_drbg);
    mdsec_memzero(g_kek, sizeof g_kek);
    return 0; /* cleanup() runs at exit */
}
