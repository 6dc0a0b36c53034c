/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log cost on the host (posix port, a fresh temporary state
 * directory), each figure beside a reference measured in the same run:
 *
 *  durable [ROUNDS]  records/s of mdsec_log_append (10-byte TLV payload)
 *                    against a raw loop that writes the same bytes (the
 *                    record padded to the program unit, as the log pads
 *                    it) with pwrite() + fdatasync() to a file in the same
 *                    directory, which is what the posix port's storage
 *                    does for every program and erase (ports/posix/
 *                    storage.c, io.c). Batches of the two are interleaved
 *                    (order alternating every round); figures are totals
 *                    over all rounds (sector starts, key-state stores and
 *                    checkpoints fall unevenly into batches, so a median
 *                    would hide them). Storage operations per record
 *                    (programs + erases, one fdatasync each) are counted
 *                    with mdsec_posix_fault_op_count().
 *  ram [ROUNDS]      the same with the state directory on /dev/shm (tmpfs:
 *                    fdatasync there is a no-op, so this is the log with
 *                    the flash I/O reduced to memory copies and system
 *                    calls; "RAM-backed").
 *  overhead          flash bytes per record against payload bytes, for
 *                    8- and 64-byte program units (arithmetic on the
 *                    formats of docs/log.md; nothing is timed).
 *  callgrind [N [E]] N appends (evolve_every E, default 16; state directory
 *                    on /dev/shm), then N HMAC-SHA256 of a record of the
 *                    same length through the crypto provider, each between
 *                    CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT; run
 *                    under valgrind --tool=callgrind (bench/run.sh does).
 *
 * The log's region is the posix port default (256 KiB, 4 KiB sectors,
 * 8-byte program unit: 62 log sectors). When it is nearly full the log is
 * closed, formatted and opened again between batches (outside the timing),
 * so that no batch runs into the full-ring path.
 *
 * Timing: CLOCK_MONOTONIC (wall clock: fdatasync waits for the disk, which
 * thread CPU time would not count). The durable state directory goes under
 * $TMPDIR (default /tmp), which must be a disk file system for the figures
 * to mean "durable".
 *
 * usage: bench_log durable|ram [ROUNDS] | bench_log callgrind [N [E]] | bench_log overhead
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_HAVE_CALLGRIND 1
#endif
#endif

#include "crypto/crypto.h"
#include "mdsec/keystore.h"
#include "mdsec/log.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"

#define BENCH_ROUNDS_DEFAULT 40
#define BENCH_ROUNDS_MAX     2000
#define BENCH_BATCH          16
#define BENCH_PAYLOAD_LEN    10u
#define BENCH_CKPT_ID        0x201u
#define BENCH_CALLGRIND_N    256

/* A fixed P-256 scalar (well inside 1 .. n-1) for the checkpoint key. */
static const uint8_t g_priv[32] = {0x3c, 0x5e, 0x1a, 0x9f, 0x07, 0x42, 0xd1, 0x88, 0x6b, 0x2e, 0x90,
                                   0x14, 0xc7, 0x55, 0x3a, 0xe2, 0x19, 0x4d, 0x7f, 0xa0, 0x63, 0xb8,
                                   0x0c, 0x21, 0x9e, 0x45, 0xf6, 0x37, 0x8a, 0xd3, 0x12, 0x6b};
static const uint8_t g_k0[MDSEC_LOG_KEY_LEN] = {
    0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
    0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f};
/* Two TLV items: tag 1, 4 bytes; tag 2, 2 bytes (10 bytes). */
static const uint8_t g_payload[BENCH_PAYLOAD_LEN] = {1,    4, 0xde, 0xad, 0xbe,
                                                     0xef, 2, 2,    0x00, 0x2a};

static mdsec_ks_ctx_t g_ks;
static mdsec_log_ctx_t g_log;
static mdsec_log_config_t g_cfg;
static int g_log_open;
static int g_raw_fd = -1;
static uint32_t g_raw_off;
static uint8_t g_raw_rec[MDSEC_LOG_RECORD_MAX + MDSEC_LOG_PROGRAM_UNIT_MAX];
static uint32_t g_raw_slot;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void check(mdsec_status_t st, const char *what)
{
    if (st != MDSEC_OK) {
        (void)fprintf(stderr, "bench_log: %s failed: status %d\n", what, (int)st);
        exit(2);
    }
}

static char g_dir[1100];
static int g_dir_made;

static void remove_state_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[sizeof g_dir + 260];
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

/* Leaves no emulated device behind, also after a failure (atexit). */
static void cleanup(void)
{
    if (g_raw_fd >= 0) {
        (void)close(g_raw_fd);
        g_raw_fd = -1;
    }
    if (g_dir_made != 0) {
        mdsec_posix_deinit();
        remove_state_dir(g_dir);
        g_dir_made = 0;
    }
}

static void setup(const char *parent)
{
    mdsec_ks_attributes_t a;
    const mdsec_ks_config_t kc = {0u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID};
    (void)snprintf(g_dir, sizeof g_dir, "%s/mdsec-bench-log-XXXXXX", parent);
    if (mkdtemp(g_dir) == NULL) {
        perror("bench_log: mkdtemp");
        exit(2);
    }
    g_dir_made = 1;
    if (atexit(cleanup) != 0) {
        cleanup();
        exit(2);
    }
    check(mdsec_posix_set_state_dir(g_dir), "mdsec_posix_set_state_dir");
    check(mdsec_port_init(), "mdsec_port_init");
    check(mdsec_ks_init(&g_ks, &kc), "mdsec_ks_init");
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256u;
    a.usage = MDSEC_KS_USAGE_SIGN;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    check(mdsec_ks_import(&g_ks, BENCH_CKPT_ID, &a, g_priv, sizeof g_priv), "mdsec_ks_import");
}

static void log_start(uint32_t evolve_every, uint32_t checkpoint_every)
{
    memset(&g_cfg, 0, sizeof g_cfg);
    g_cfg.region = MDSEC_PORT_REGION_LOG;
    for (uint32_t i = 0; i < MDSEC_LOG_DEVICE_ID_LEN; i++) {
        g_cfg.device_id[i] = (uint8_t)(0xB0u + i);
    }
    g_cfg.ks = &g_ks;
    g_cfg.checkpoint_key = BENCH_CKPT_ID;
    g_cfg.evolve_every = evolve_every;
    g_cfg.checkpoint_every = checkpoint_every;
    g_cfg.full_policy = (uint8_t)MDSEC_LOG_FULL_STOP;
    g_cfg.capacity_warn_pct = 0u;
    check(mdsec_log_format(&g_cfg, g_k0), "mdsec_log_format");
    check(mdsec_log_open(&g_log, &g_cfg), "mdsec_log_open");
    g_log_open = 1;
}

static void log_stop(void)
{
    if (g_log_open != 0) {
        check(mdsec_log_close(&g_log), "mdsec_log_close");
        g_log_open = 0;
    }
}

/* Close, format and open again when the next batch could reach the last
 * free sector (a batch of 16 small records and a checkpoint fit in one). */
static void log_make_room(void)
{
    mdsec_log_stats_t s;
    check(mdsec_log_stats(&g_log, &s), "mdsec_log_stats");
    if (s.sectors_used + 3u > s.sectors_total) {
        const uint32_t e = g_cfg.evolve_every, c = g_cfg.checkpoint_every;
        log_stop();
        log_start(e, c);
    }
}

static void append_one(void)
{
    mdsec_log_entry_t e;
    memset(&e, 0, sizeof e);
    e.code = 0x8001u; /* vendor range */
    e.outcome = 0u;
    e.source = 0u;
    e.actor = 7u;
    e.payload = g_payload;
    e.payload_len = sizeof g_payload;
    check(mdsec_log_append(&g_log, &e, NULL), "mdsec_log_append");
}

/* The raw reference: the record-sized, padded slot, pwrite + fdatasync,
 * sequentially through a region-sized file (as storage.c does it). */
static void raw_one(void)
{
    if (g_raw_off + g_raw_slot > MDSEC_POSIX_LOG_SIZE_DEFAULT) {
        g_raw_off = 0;
    }
    if (pwrite(g_raw_fd, g_raw_rec, g_raw_slot, (off_t)g_raw_off) != (ssize_t)g_raw_slot ||
        fdatasync(g_raw_fd) != 0) {
        perror("bench_log: raw write");
        exit(2);
    }
    g_raw_off += g_raw_slot;
}

static void raw_open(void)
{
    char path[1200];
    (void)snprintf(path, sizeof path, "%s/raw.bin", g_dir);
    g_raw_fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (g_raw_fd < 0) {
        perror("bench_log: open raw.bin");
        exit(2);
    }
    /* Record bytes: 128 + payload, padded with the erased value to the
     * program unit, as the log stores them. */
    g_raw_slot =
        ((MDSEC_LOG_RECORD_OVERHEAD + BENCH_PAYLOAD_LEN + MDSEC_POSIX_PROGRAM_UNIT_DEFAULT - 1u) /
         MDSEC_POSIX_PROGRAM_UNIT_DEFAULT) *
        MDSEC_POSIX_PROGRAM_UNIT_DEFAULT;
    memset(g_raw_rec, 0xFF, sizeof g_raw_rec);
    for (uint32_t i = 0; i < MDSEC_LOG_RECORD_OVERHEAD + BENCH_PAYLOAD_LEN; i++) {
        g_raw_rec[i] = (uint8_t)(i * 37u + 11u);
    }
    /* The file exists at full size before timing, like the region file. */
    for (uint32_t off = 0; off < MDSEC_POSIX_LOG_SIZE_DEFAULT; off += 4096u) {
        static uint8_t ff[4096];
        memset(ff, 0xFF, sizeof ff);
        if (pwrite(g_raw_fd, ff, sizeof ff, (off_t)off) != (ssize_t)sizeof ff) {
            perror("bench_log: raw prefill");
            exit(2);
        }
    }
    if (fdatasync(g_raw_fd) != 0) {
        perror("bench_log: fdatasync");
        exit(2);
    }
}

/* One comparison: rounds x BENCH_BATCH records each way, interleaved. */
static void compare(const char *label, uint32_t evolve_every, uint32_t checkpoint_every, int rounds)
{
    double t_log = 0.0, t_raw = 0.0;
    uint64_t ops = 0;
    log_start(evolve_every, checkpoint_every);
    for (int i = 0; i < BENCH_BATCH; i++) { /* warm up */
        append_one();
        raw_one();
    }
    for (int r = 0; r < rounds; r++) {
        log_make_room();
        for (int side = 0; side < 2; side++) {
            const int which = (r + side) % 2;
            if (which == 0) {
                const uint32_t ops0 = mdsec_posix_fault_op_count();
                const double t0 = now_s();
                for (int i = 0; i < BENCH_BATCH; i++) {
                    append_one();
                }
                t_log += now_s() - t0;
                ops += mdsec_posix_fault_op_count() - ops0;
            } else {
                const double t0 = now_s();
                for (int i = 0; i < BENCH_BATCH; i++) {
                    raw_one();
                }
                t_raw += now_s() - t0;
            }
        }
    }
    log_stop();
    const double n = (double)rounds * BENCH_BATCH;
    printf("  %-36s log %7.0f rec/s  raw %7.0f rec/s  ratio log/raw %.3f\n", label, n / t_log,
           n / t_raw, t_raw / t_log);
    printf("  %-36s storage ops/record: log %.3f, raw 1 (if the syncs dominate: ratio %.3f)\n", "",
           (double)ops / n, n / (double)ops);
}

static void run_io(const char *parent, const char *what, int rounds)
{
    setup(parent);
    raw_open();
    mdsec_posix_fault_clear(); /* the op counter starts at 0 */
    printf("security log appends, %u-byte TLV payload, %s (state dir %s; %d x %d records each way, "
           "interleaved; wall clock)\n",
           (unsigned)BENCH_PAYLOAD_LEN, what, g_dir, rounds, BENCH_BATCH);
    printf("  record %u B on flash (%u + %u payload, padded to %u); raw = pwrite(%u B) + fdatasync "
           "per record (1 storage op)\n",
           (unsigned)g_raw_slot, (unsigned)MDSEC_LOG_RECORD_OVERHEAD, (unsigned)BENCH_PAYLOAD_LEN,
           (unsigned)MDSEC_POSIX_PROGRAM_UNIT_DEFAULT, (unsigned)g_raw_slot);
    compare("evolve_every 1, no checkpoints", 1u, 0u, rounds);
    compare("evolve_every 16, no checkpoints", 16u, 0u, rounds);
    compare("evolve_every 16, checkpoint every 64", 16u, 64u, rounds);
    compare("evolve_every 64, no checkpoints", 64u, 0u, rounds);
    printf("  (a storage op is one program or erase of the posix port: pwrite + fdatasync;\n"
           "   a program also reads its range back first to check it is erased)\n");
    printf("  reference (FlashDB time-series log, from the issue): 250 appends/s on SPI NOR, "
           "2,684/s on STM32F2 internal flash\n");
    printf("  working memory: mdsec_log_ctx_t %lu B (no heap)\n", (unsigned long)sizeof g_log);
    mdsec_ks_deinit(&g_ks);
}

static uint32_t round_up(uint32_t v, uint32_t unit)
{
    return (v + unit - 1u) / unit * unit;
}

/* Flash bytes per record (docs/log.md: 128 fixed bytes, padded to the
 * program unit; sector headers of 96 bytes padded the same way) for a few
 * payload sizes and the two program units. */
static int run_overhead(void)
{
    static const uint32_t payloads[] = {0u, 10u, 32u, 64u, 128u, MDSEC_LOG_PAYLOAD_MAX};
    static const uint32_t units[] = {8u, 64u};
    const uint32_t sector = MDSEC_POSIX_SECTOR_SIZE_DEFAULT;
    printf(
        "flash bytes per record (MDSEC_LOG_RECORD_OVERHEAD %u B + payload, padded to the program "
        "unit;\n  %u B sectors with a 96-byte header padded the same way)\n",
        (unsigned)MDSEC_LOG_RECORD_OVERHEAD, (unsigned)sector);
    printf("  %-5s %7s %6s %9s %9s %11s %12s\n", "unit", "payload", "slot", "overhead", "payload%",
           "rec/sector", "B/rec+hdr");
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        for (size_t p = 0; p < sizeof payloads / sizeof payloads[0]; p++) {
            const uint32_t slot = round_up(MDSEC_LOG_RECORD_OVERHEAD + payloads[p], units[u]);
            const uint32_t per = (sector - round_up(96u, units[u])) / slot;
            printf("  %-5u %7u %6u %9u %8.1f%% %11u %12.1f\n", (unsigned)units[u],
                   (unsigned)payloads[p], (unsigned)slot, (unsigned)(slot - payloads[p]),
                   100.0 * (double)payloads[p] / (double)slot, (unsigned)per,
                   (double)sector / (double)per);
        }
    }
    printf("  (rec/sector before the ring is full; a full ring keeps a reserve of a marker, a\n"
           "   checkpoint and one torn slot in the active sector; 2 more sectors hold the key "
           "state)\n");
    return 0;
}

#if defined(BENCH_HAVE_CALLGRIND)
static void __attribute__((noinline)) hmac_batch(int n, const uint8_t *rec, size_t len)
{
    uint8_t mac[MDSEC_HMAC_SHA256_LEN];
    for (int i = 0; i < n; i++) {
        check(mdsec_crypto_hmac_sha256(g_k0, sizeof g_k0, rec, len, mac), "hmac");
    }
}

static void __attribute__((noinline)) append_batch(int n)
{
    for (int i = 0; i < n; i++) {
        append_one();
    }
}
#endif

static int run_callgrind(int n, uint32_t evolve_every)
{
#if defined(BENCH_HAVE_CALLGRIND)
    uint8_t rec[MDSEC_LOG_RECORD_OVERHEAD + BENCH_PAYLOAD_LEN];
    setup("/dev/shm");
    log_start(evolve_every, 0u);
    append_batch(BENCH_BATCH); /* warm up */
    for (size_t i = 0; i < sizeof rec; i++) {
        rec[i] = (uint8_t)(i * 37u + 11u);
    }
    CALLGRIND_ZERO_STATS;
    append_batch(n);
    CALLGRIND_DUMP_STATS_AT("appends");
    hmac_batch(n, rec, sizeof rec);
    CALLGRIND_DUMP_STATS_AT("hmacs");
    log_stop();
    mdsec_ks_deinit(&g_ks);
    printf("callgrind: %d appends (evolve_every %u, %u-byte payload), %d HMAC-SHA256 of %u B "
           "(%s provider)\n",
           n, (unsigned)evolve_every, (unsigned)BENCH_PAYLOAD_LEN, n, (unsigned)sizeof rec,
           mdsec_crypto_provider_name());
    return 0;
#else
    (void)n;
    (void)evolve_every;
    (void)fprintf(stderr, "bench_log: built without valgrind/callgrind.h\n");
    return 2;
#endif
}

static int parse_count(const char *s, int max)
{
    char *end = NULL;
    const long v = strtol(s, &end, 10);
    return (end != s && *end == '\0' && v >= 1 && v <= max) ? (int)v : 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "overhead") == 0) {
        return run_overhead();
    }
    if (argc >= 2 && argc <= 4 && strcmp(argv[1], "callgrind") == 0) {
        const int n = argc >= 3 ? parse_count(argv[2], 100000) : BENCH_CALLGRIND_N;
        const int e = argc == 4 ? parse_count(argv[3], 1 << 20) : 16;
        if (n != 0 && e != 0) {
            return run_callgrind(n, (uint32_t)e);
        }
    } else if (argc >= 2 && argc <= 3 &&
               (strcmp(argv[1], "durable") == 0 || strcmp(argv[1], "ram") == 0)) {
        const int rounds =
            argc == 3 ? parse_count(argv[2], BENCH_ROUNDS_MAX) : BENCH_ROUNDS_DEFAULT;
        if (rounds != 0) {
            if (strcmp(argv[1], "ram") == 0) {
                run_io("/dev/shm", "RAM-backed (tmpfs; fdatasync is a no-op there)", rounds);
            } else {
                const char *tmp = getenv("TMPDIR");
                run_io(tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", "durable (pwrite + fdatasync)",
                       rounds);
            }
            return 0; /* cleanup() runs at exit */
        }
    }
    (void)fprintf(stderr,
                  "usage: bench_log durable|ram [ROUNDS 1..%d] | bench_log callgrind [N "
                  "[EVOLVE_EVERY]]\n",
                  BENCH_ROUNDS_MAX);
    return 2;
}
