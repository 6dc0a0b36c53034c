/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Writes the inputs of the mdsec-log tool tests (run_mdsec_log.sh) into a
 * directory, built with the in-test log writer (tests/unit/log/log_testgen.c):
 *
 *   k0.hex, k0.bin         the initial MAC key (64 hex digits / 32 raw bytes)
 *   wrong.hex              another key
 *   pub.raw, pub.der       the checkpoint public key (RFC 6979 A.2.5): point / SPKI DER
 *   good.bin               9 records, 2 checkpoints, a reboot; all sealed
 *   witness.bin            the last checkpoint's witness (covers seq 7)
 *   witness-bad.bin        witness.bin with one signature byte changed
 *   unsealed.bin           good.bin plus 2 records after the last checkpoint
 *   tampered.bin           good.bin with one payload byte of record 2 changed
 *   tampered0.bin          good.bin with one actor byte of its first record changed
 *   truncated.bin          good.bin cut after record 5 (record count fixed)
 *   anchored.bin           starts at seq 10 after a dropped marker
 *   dev.hex                the device id of these exports (32 hex digits)
 *   bundle.bin             their verifier bundle (k0, device id, evolve_every 2, key)
 *   bundle-ee4.bin         the same bundle with evolve_every 4 (a wrong provisioning)
 *   bundle-wrongkey.bin    the same bundle with the key of wrong.hex (another log's k0)
 *   bundle-otherdev.bin    the bundle of another device (device id d1 01 02 ...)
 *
 * With --device DIR (builds with the device side, src/log/log.c): a real
 * device log in the POSIX port state directory DIR (mdsec_log_format with
 * k0, a few appends, a checkpoint whose witness goes to OUTDIR/dev-witness.bin,
 * close), for `mdsec-log export --state-dir`; its verifier bundle, made by
 * mdsec_log_bundle_make(), goes to OUTDIR/dev-bundle.bin.
 */
#include <stdio.h>
#include <string.h>

#include "log_testgen.h"
#include "mdsec/event.h"
#include "rfc6979_ecdsa.h"

#ifdef LOGGEN_WITH_DEVICE
#include "mdsec/keystore.h"
#include "mdsec/log.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"
#endif

static uint8_t buf[TG_CAP];
static uint8_t tmp[TG_CAP];
static char path[4096];

static int put(const char *dir, const char *name, const void *p, size_t n)
{
    FILE *f;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
        return -1;
    }
    f = fopen(path, "wb");
    if (f == NULL) {
        return -1;
    }
    if (fwrite(p, 1, n, f) != n) {
        (void)fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int put_hex(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char hex[2 * 64 + 2];
    for (size_t i = 0; i < n && i < 64; i++) {
        (void)snprintf(hex + 2 * i, 3, "%02x", (unsigned)p[i]);
    }
    hex[2 * n] = '\n';
    return put(dir, name, hex, 2 * n + 1u);
}

#define CHECK(x)                                                                    \
    do {                                                                            \
        if ((x) != MDSEC_OK) {                                                      \
            fprintf(stderr, "mdsec-log-gen: %s failed at line %d\n", #x, __LINE__); \
            return 1;                                                               \
        }                                                                           \
    } while (0)

static void set_count(uint8_t *e, uint32_t count)
{
    e[28] = (uint8_t)count;
    e[29] = (uint8_t)(count >> 8);
    e[30] = (uint8_t)(count >> 16);
    e[31] = (uint8_t)(count >> 24);
}

#ifdef LOGGEN_WITH_DEVICE
static mdsec_ks_ctx_t ks;
static mdsec_log_ctx_t log_ctx;

static int device_log(const char *outdir, const char *state, const uint8_t k0[MDSEC_LOG_KEY_LEN])
{
    static const uint8_t pay[] = {0x01, 0x03, 'b', 'o', 'b'};
    mdsec_ks_attributes_t a;
    mdsec_log_config_t cfg;
    mdsec_log_entry_t e;
    uint8_t wit[MDSEC_LOG_WITNESS_LEN];
    mdsec_log_bundle_t bundle;
    uint8_t enc[MDSEC_LOG_BUNDLE_LEN];
    mdsec_status_t st;

    st = mdsec_posix_set_state_dir(state);
    if (st == MDSEC_OK) {
        st = mdsec_port_init();
    }
    if (st == MDSEC_OK) {
        st = mdsec_ks_init(&ks, NULL);
    }
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    a.location = MDSEC_KS_LOCATION_RAM;
    if (st == MDSEC_OK) {
        st = mdsec_ks_import(&ks, 0x300u, &a, tv_rfc6979_p256_x, sizeof tv_rfc6979_p256_x);
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    memcpy(cfg.device_id, "mdsec-log-test01", MDSEC_LOG_DEVICE_ID_LEN);
    cfg.ks = &ks;
    cfg.checkpoint_key = 0x300u;
    cfg.evolve_every = 2u;
    cfg.checkpoint_every = 4u;
    if (st == MDSEC_OK) {
        st = mdsec_log_format(&cfg, k0);
    }
    if (st == MDSEC_OK) {
        st = mdsec_log_bundle_make(&cfg, k0, &bundle);
    }
    if (st == MDSEC_OK) {
        st = mdsec_log_bundle_encode(&bundle, enc, sizeof enc);
    }
    if (st == MDSEC_OK) {
        st = mdsec_log_open(&log_ctx, &cfg);
    }
    memset(&e, 0, sizeof e);
    for (int i = 0; i < 6 && st == MDSEC_OK; i++) {
        e.code = (uint16_t)(i % 2 == 0 ? MDSEC_EV_AUTH_SUCCESS : MDSEC_EV_AUTH_FAILURE);
        e.outcome = (uint8_t)(i % 2 == 0 ? MDSEC_OUTCOME_SUCCESS : MDSEC_OUTCOME_MINOR);
        e.actor = (uint32_t)i;
        e.payload = pay;
        e.payload_len = sizeof pay;
        st = mdsec_log_append(&log_ctx, &e, NULL);
    }
    if (st == MDSEC_OK) {
        st = mdsec_log_checkpoint(&log_ctx, wit, sizeof wit);
    }
    if (st == MDSEC_OK) {
        e.code = (uint16_t)MDSEC_EV_CONFIG_CHANGE;
        st = mdsec_log_append(&log_ctx, &e, NULL);
    }
    if (st == MDSEC_OK) {
        st = mdsec_log_close(&log_ctx);
    }
    mdsec_posix_deinit();
    if (st != MDSEC_OK) {
        fprintf(stderr, "mdsec-log-gen: device log: %s\n", mdsec_status_str(st));
        return 1;
    }
    return put(outdir, "dev-witness.bin", wit, sizeof wit) == 0 &&
                   put(outdir, "dev-bundle.bin", enc, sizeof enc) == 0
               ? 0
               : 2;
}
#endif

int main(int argc, char **argv)
{
    static const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN] = {0xD0, 1, 2,  3,  4,  5,  6,  7,
                                                         8,    9, 10, 11, 12, 13, 14, 15};
    static const uint8_t spki_prefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                          0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                          0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
    static const uint8_t pay[] = {0x01, 0x04, 'r', 'o', 'o', 't', 0x02, 0x01, 0x03};
    uint8_t k0[MDSEC_LOG_KEY_LEN];
    uint8_t wrong[MDSEC_LOG_KEY_LEN];
    uint8_t der[sizeof spki_prefix + 65u];
    uint8_t h[LOG_HASH_LEN];
    tg_log_t g;
    size_t n;
    size_t m;
    const char *dir;
    int rc = 0;

    tg_k0(k0);
    for (size_t i = 0; i < sizeof wrong; i++) {
        wrong[i] = (uint8_t)(0x41u + i);
    }
    if (argc == 4 && strcmp(argv[2], "--device") == 0) {
#ifdef LOGGEN_WITH_DEVICE
        return device_log(argv[1], argv[3], k0);
#else
        fprintf(stderr, "mdsec-log-gen: built without the device log\n");
        return 77;
#endif
    }
    if (argc != 2) {
        fprintf(stderr, "usage: mdsec-log-gen OUTDIR [--device STATEDIR]\n");
        return 2;
    }
    dir = argv[1];
    memcpy(der, spki_prefix, sizeof spki_prefix);
    memcpy(der + sizeof spki_prefix, tg_pubkey(), 65u);
    rc |= put_hex(dir, "k0.hex", k0, sizeof k0);
    rc |= put(dir, "k0.bin", k0, sizeof k0);
    rc |= put_hex(dir, "wrong.hex", wrong, sizeof wrong);
    rc |= put(dir, "pub.raw", tg_pubkey(), 65u);
    rc |= put(dir, "pub.der", der, sizeof der);

    CHECK(tg_init(&g, dev, k0, 2, buf, sizeof buf));
    CHECK(tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0));
    CHECK(tg_event(&g, MDSEC_EV_AUTH_FAILURE, 4, pay, sizeof pay));
    CHECK(tg_event(&g, MDSEC_EV_AUTH_SUCCESS, 0, pay, sizeof pay));
    CHECK(tg_event(&g, MDSEC_EV_SW_UPDATE_RESULT, 8, NULL, 0));
    CHECK(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0));
    CHECK(tg_checkpoint(&g, 1));
    tg_reboot(&g);
    CHECK(tg_event(&g, MDSEC_EV_AUDIT_START, 0, NULL, 0));
    CHECK(tg_event(&g, MDSEC_EV_TAMPER, 12, pay, sizeof pay));
    CHECK(tg_checkpoint(&g, 1));
    n = tg_finish(&g);
    rc |= put(dir, "good.bin", buf, n);
    rc |= put(dir, "witness.bin", g.witness, sizeof g.witness);
    memcpy(tmp, g.witness, sizeof g.witness);
    tmp[100] ^= 0x08u; /* the signature */
    rc |= put(dir, "witness-bad.bin", tmp, sizeof g.witness);

    memcpy(tmp, buf, n);
    tmp[tg_record_offset(buf, n, 2) + 62u] ^= 0x20u;
    rc |= put(dir, "tampered.bin", tmp, n);
    memcpy(tmp, buf, n);
    tmp[tg_record_offset(buf, n, 0) + 44u] ^= 0x01u; /* the actor */
    rc |= put(dir, "tampered0.bin", tmp, n);

    m = tg_record_offset(buf, n, 6);
    memcpy(tmp, buf, m);
    set_count(tmp, 6);
    rc |= put(dir, "truncated.bin", tmp, m);

    CHECK(tg_event(&g, MDSEC_EV_CONFIG_CHANGE, 0, NULL, 0));
    CHECK(tg_event(&g, MDSEC_EV_PRIV_CHANGE, 0, NULL, 0));
    n = tg_finish(&g);
    rc |= put(dir, "unsealed.bin", buf, n);

    memset(h, 0x6D, sizeof h);
    CHECK(tg_init_at(&g, dev, k0, 2, 10, h, buf, sizeof buf));
    CHECK(tg_event(&g, MDSEC_EV_KEY_USE, 0, NULL, 0));
    CHECK(tg_dropped(&g, 0, 9));
    CHECK(tg_checkpoint(&g, 1));
    n = tg_finish(&g);
    rc |= put(dir, "anchored.bin", buf, n);

    {
        mdsec_log_bundle_t b;
        uint8_t enc[MDSEC_LOG_BUNDLE_LEN];
        memset(&b, 0, sizeof b);
        memcpy(b.device_id, dev, sizeof b.device_id);
        b.evolve_every = 2u;
        memcpy(b.k0, k0, sizeof b.k0);
        memcpy(b.pubkey, tg_pubkey(), sizeof b.pubkey);
        CHECK(mdsec_log_bundle_encode(&b, enc, sizeof enc));
        rc |= put(dir, "bundle.bin", enc, sizeof enc);
        b.evolve_every = 4u;
        CHECK(mdsec_log_bundle_encode(&b, enc, sizeof enc));
        rc |= put(dir, "bundle-ee4.bin", enc, sizeof enc);
        b.evolve_every = 2u;
        memcpy(b.k0, wrong, sizeof b.k0);
        CHECK(mdsec_log_bundle_encode(&b, enc, sizeof enc));
        rc |= put(dir, "bundle-wrongkey.bin", enc, sizeof enc);
        memcpy(b.k0, k0, sizeof b.k0);
        b.device_id[0] = 0xD1u;
        CHECK(mdsec_log_bundle_encode(&b, enc, sizeof enc));
        rc |= put(dir, "bundle-otherdev.bin", enc, sizeof enc);
        rc |= put_hex(dir, "dev.hex", dev, sizeof dev);
    }

    if (rc != 0) {
        fprintf(stderr, "mdsec-log-gen: cannot write into %s\n", dir);
        return 2;
    }
    return 0;
}
