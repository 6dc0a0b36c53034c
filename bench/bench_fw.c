/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Firmware verification throughput on the host: mdsec_fw_verify of the
 * 1 MiB fixture (signed-ecdsa-p256-1mib.bin) against its floor in the same
 * run with the same provider: one SHA-256 over the same hashed bytes plus
 * one ECDSA P-256 verification. Prints both and the ratio (aim <= 1.05).
 *
 * usage: bench_fw IMAGE PUBKEY.der
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/crypto.h"
#include "mdsec/fw.h"
#include "mdsec/port.h"

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *b;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "bench_fw: cannot read %s\n", path);
        exit(2);
    }
    b = malloc((size_t)n);
    if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
        exit(2);
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const uint8_t *g_img;
static size_t g_len;
static mdsec_fw_key_t g_key;
static mdsec_fw_ctx_t g_ctx;

static int run_verify(void)
{
    mdsec_fw_policy_t p;
    mdsec_fw_result_t r;
    memset(&p, 0, sizeof p);
    p.keys = &g_key;
    p.key_count = 1;
    return mdsec_fw_verify_buffer(&g_ctx, &p, g_img, g_len, &r) == MDSEC_OK &&
           mdsec_fw_is_valid(&r) == MDSEC_FW_DECISION_VALID;
}

/* The floor: what any verifier must do at the least. */
static uint32_t hashed_len, sig_off, sig_len;
static int run_floor(void)
{
    uint8_t digest[32], raw[64];
    if (mdsec_crypto_hash(MDSEC_HASH_SHA256, g_img, hashed_len, digest, sizeof digest) !=
            MDSEC_OK ||
        mdsec_der_parse_ecdsa_sig(g_img + sig_off, sig_len, 32, raw) != MDSEC_OK) {
        return 0;
    }
    return mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, g_key.point.ptr, g_key.point.len, digest,
                                     sizeof digest, raw, sizeof raw, MDSEC_SIG_RAW) == MDSEC_OK;
}

static double best_of(int (*fn)(void), int reps)
{
    double best = 1e30;
    int i;
    for (i = 0; i < reps; i++) {
        double t0 = now_s(), dt;
        if (!fn()) {
            fprintf(stderr, "bench_fw: a run failed\n");
            exit(1);
        }
        dt = now_s() - t0;
        if (dt < best) {
            best = dt;
        }
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t klen;
    uint8_t *kder;
    uint32_t hdr, prot, img, u, tot, p;
    double tv, tf;

    if (argc != 3) {
        fprintf(stderr, "usage: bench_fw IMAGE PUBKEY.der\n");
        return 2;
    }
    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    g_img = slurp(argv[1], &g_len);
    kder = slurp(argv[2], &klen);
    if (mdsec_fw_key_from_spki(&g_key, kder, klen) != MDSEC_OK) {
        fprintf(stderr, "bench_fw: bad key\n");
        return 2;
    }
    hdr = (uint32_t)(g_img[8] | (g_img[9] << 8));
    prot = (uint32_t)(g_img[10] | (g_img[11] << 8));
    img =
        (uint32_t)(g_img[12] | (g_img[13] << 8) | (g_img[14] << 16) | ((uint32_t)g_img[15] << 24));
    hashed_len = hdr + img + prot;
    u = hashed_len;
    tot = (uint32_t)(g_img[u + 2] | (g_img[u + 3] << 8));
    for (p = u + 4; p + 4 <= u + tot;) { /* find the ECDSA signature TLV */
        uint32_t t = (uint32_t)(g_img[p] | (g_img[p + 1] << 8));
        uint32_t l = (uint32_t)(g_img[p + 2] | (g_img[p + 3] << 8));
        if (t == 0x22) {
            sig_off = p + 4;
            sig_len = l;
        }
        p += 4 + l;
    }
    tv = best_of(run_verify, 15);
    tf = best_of(run_floor, 15);
    printf("firmware verify, %lu-byte image (%s provider, best of 15):\n", (unsigned long)g_len,
           mdsec_crypto_provider_name());
    printf("  mdsec_fw_verify                 %8.3f ms  (%.0f MB/s)\n", tv * 1e3,
           (double)g_len / tv / 1e6);
    printf("  floor: SHA-256 + 1 ECDSA verify %8.3f ms\n", tf * 1e3);
    printf("  ratio verify/floor              %8.3f   (aim <= 1.05)\n", tv / tf);
    printf("  working memory: mdsec_fw_ctx_t %lu B + mdsec_fw_result_t %lu B (no heap)\n",
           (unsigned long)sizeof(mdsec_fw_ctx_t), (unsigned long)sizeof(mdsec_fw_result_t));
    free(kder);
    free((void *)g_img);
    return 0;
}
