/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Cortex-M4 (QEMU mps2-an386) figures of the security log. Built twice:
 *  - BENCH_FLOOR: BENCH_N HMAC-SHA256 of a record-sized message (138 B,
 *    a 10-byte payload) through the crypto provider (the crypto floor of
 *    one record MAC);
 *  - otherwise: a keystore with a RAM checkpoint key, mdsec_log_format and
 *    mdsec_log_open on the board's RAM log region (8 sectors of 4 KiB, an
 *    8-byte program unit), then BENCH_PER_LOG appends of a 10-byte TLV
 *    payload (evolve_every 16, no automatic checkpoints); closed, formatted
 *    and opened again (outside the timing) until BENCH_N appends are timed;
 *    then one checkpoint.
 * Each image prints its peak stack since reset (the board paints the stack)
 * and the time of its loop with mdsec_port_monotonic_us() (SysTick). QEMU
 * does not model instruction timing: these are rates in emulation on this
 * host, not on hardware. bench/run.sh compares the images' flash sizes.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"
#include "mdsec/board_mps2_an386.h"
#include "mdsec/mdsec.h"

#define BENCH_N       1000 /* timed operations */
#define BENCH_PER_LOG 100  /* appends per formatted log (the region holds about 160) */
#define BENCH_PAYLOAD 10u

static const uint8_t key[32] = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23, 0x45,
                                0x67, 0x89, 0xab, 0xcd, 0xef, 0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5,
                                0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f};

static void report(const char *what, mdsec_status_t st, uint64_t us)
{
    const unsigned long per_s = us > 0u ? (unsigned long)((uint64_t)BENCH_N * 1000000u / us) : 0u;
    printf("%s: %s, %d in %lu us (%lu/s in QEMU), peak stack %lu B\n", what,
           st == MDSEC_OK ? "ok" : "FAILED", BENCH_N, (unsigned long)us, per_s,
           (unsigned long)mdsec_board_stack_used());
}

#if defined(BENCH_FLOOR)
int main(void)
{
    static uint8_t rec[MDSEC_LOG_RECORD_OVERHEAD + BENCH_PAYLOAD];
    uint8_t mac[MDSEC_HMAC_SHA256_LEN];
    mdsec_status_t st = mdsec_port_init();
    for (size_t i = 0; i < sizeof rec; i++) {
        rec[i] = (uint8_t)(i * 37u + 11u);
    }
    const uint64_t t0 = mdsec_port_monotonic_us();
    for (int i = 0; i < BENCH_N && st == MDSEC_OK; i++) {
        st = mdsec_crypto_hmac_sha256(key, sizeof key, rec, sizeof rec, mac);
    }
    const uint64_t t1 = mdsec_port_monotonic_us();
    report("floor (HMAC-SHA256 of a 138-byte record)", st, t1 - t0);
    return st == MDSEC_OK ? 0 : 1;
}
#else
/* A fixed P-256 scalar (well inside 1 .. n-1) for the checkpoint key. */
static const uint8_t priv[32] = {0x3c, 0x5e, 0x1a, 0x9f, 0x07, 0x42, 0xd1, 0x88, 0x6b, 0x2e, 0x90,
                                 0x14, 0xc7, 0x55, 0x3a, 0xe2, 0x19, 0x4d, 0x7f, 0xa0, 0x63, 0xb8,
                                 0x0c, 0x21, 0x9e, 0x45, 0xf6, 0x37, 0x8a, 0xd3, 0x12, 0x6b};
static const uint8_t payload[BENCH_PAYLOAD] = {1, 4, 0xde, 0xad, 0xbe, 0xef, 2, 2, 0x00, 0x2a};

int main(void)
{
    static mdsec_ks_ctx_t ks;
    static mdsec_log_ctx_t log;
    const mdsec_ks_config_t kc = {0u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID};
    mdsec_log_config_t cfg;
    mdsec_ks_attributes_t a;
    mdsec_log_entry_t e;
    mdsec_log_stats_t s;
    uint64_t us = 0;
    unsigned long stack_append = 0;

    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256u;
    a.usage = MDSEC_KS_USAGE_SIGN;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    memset(cfg.device_id, 0xB0, sizeof cfg.device_id);
    cfg.ks = &ks;
    cfg.checkpoint_key = 0x201u;
    cfg.evolve_every = 16u;
    cfg.checkpoint_every = 0u;
    cfg.full_policy = (uint8_t)MDSEC_LOG_FULL_STOP;
    memset(&e, 0, sizeof e);
    e.code = 0x8001u;
    e.actor = 7u;
    e.payload = payload;
    e.payload_len = sizeof payload;
    memset(&s, 0, sizeof s);

    mdsec_status_t st = mdsec_port_init();
    if (st == MDSEC_OK) {
        st = mdsec_ks_init(&ks, &kc);
    }
    if (st == MDSEC_OK) {
        st = mdsec_ks_import(&ks, cfg.checkpoint_key, &a, priv, sizeof priv);
    }
    for (int rep = 0; rep < BENCH_N / BENCH_PER_LOG && st == MDSEC_OK; rep++) {
        if (rep > 0) {
            st = mdsec_log_close(&log);
        }
        if (st == MDSEC_OK) {
            st = mdsec_log_format(&cfg, key);
        }
        if (st == MDSEC_OK) {
            st = mdsec_log_open(&log, &cfg);
        }
        if (st == MDSEC_OK) {
            const uint64_t t = mdsec_port_monotonic_us();
            for (int i = 0; i < BENCH_PER_LOG && st == MDSEC_OK; i++) {
                st = mdsec_log_append(&log, &e, NULL);
            }
            us += mdsec_port_monotonic_us() - t;
        }
        if (rep == 0) {
            stack_append = mdsec_board_stack_used(); /* before any checkpoint signature */
        }
    }
    report("log appends (evolve_every 16, 10-byte payload, RAM log region)", st, us);
    printf("  peak stack through init, format, open and the first %d appends (no signature "
           "yet): %lu B\n",
           BENCH_PER_LOG, stack_append);
    if (st == MDSEC_OK) {
        uint8_t witness[MDSEC_LOG_WITNESS_LEN];
        st = mdsec_log_checkpoint(&log, witness, sizeof witness);
    }
    if (st == MDSEC_OK) {
        st = mdsec_log_stats(&log, &s);
    }
    printf("  then one checkpoint: %s; peak stack with the closes' and this checkpoint's "
           "signatures %lu B;\n  %lu records in %lu of %lu log sectors\n",
           st == MDSEC_OK ? "ok" : "FAILED", (unsigned long)mdsec_board_stack_used(),
           (unsigned long)s.next_seq, (unsigned long)s.sectors_used,
           (unsigned long)s.sectors_total);
    printf("  mdsec_log_ctx_t %lu B (MDSEC_LOG_MAX_SECTORS %lu), mdsec_ks_ctx_t %lu B\n",
           (unsigned long)sizeof log, (unsigned long)MDSEC_LOG_MAX_SECTORS,
           (unsigned long)sizeof ks);
    mdsec_ks_deinit(&ks);
    return st == MDSEC_OK ? 0 : 1;
}
#endif
