/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Boot of a device firmware that vendors mdsec: verify the application
 * image (MCUboot format, signed by imgtool) against the release key built
 * into the firmware, refuse a tampered copy, and record the boot in the
 * security log. Exits 0 only when every step behaved as required.
 */
#include <stdio.h>
#include <string.h>

#include "mdsec/mdsec.h"

/* Generated at build time from tests/fixtures/mcuboot by embed.cmake. */
extern const unsigned char fx_signed_ecdsa_p256_bin[];
extern const size_t fx_signed_ecdsa_p256_bin_len;
extern const unsigned char fx_pub_ecdsa_p256_pem[]; /* the key's DER */
extern const size_t fx_pub_ecdsa_p256_pem_len;
extern const unsigned char fx_pubhash_ecdsa_p256_bin[];
extern const size_t fx_pubhash_ecdsa_p256_bin_len;

#define BOOT_LOG_KEY 0x100u  /* signs the log's checkpoints */
#define BOOT_RECORD  0x8001u /* vendor event: "application image verified at boot" */

static mdsec_fw_ctx_t fw_ctx;
static mdsec_fw_key_t release_key;
static mdsec_ks_ctx_t ks;
static mdsec_log_ctx_t sec_log;
static uint8_t tampered[32u * 1024u];

static int fail(const char *what, mdsec_status_t st)
{
    printf("firmware: %s: %s\n", what, mdsec_status_str(st));
    return 1;
}

static int open_log(void)
{
    mdsec_ks_attributes_t a;
    mdsec_log_config_t cfg;
    uint8_t k0[MDSEC_LOG_KEY_LEN];
    mdsec_status_t st = mdsec_ks_init(&ks, NULL);

    if (st != MDSEC_OK) {
        return fail("keystore", st);
    }
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_FLASH;
    st = mdsec_ks_generate(&ks, BOOT_LOG_KEY, &a);
    if (st != MDSEC_OK) {
        return fail("log checkpoint key", st);
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    memcpy(cfg.device_id, "pump-fw-0001\0\0\0\0", MDSEC_LOG_DEVICE_ID_LEN);
    cfg.ks = &ks;
    cfg.checkpoint_key = BOOT_LOG_KEY;
    cfg.evolve_every = 4u;
    cfg.full_policy = MDSEC_LOG_FULL_STOP;
    /* The board's flash starts erased: provision the log on this first boot. */
    st = mdsec_port_entropy(k0, sizeof k0);
    st = st == MDSEC_OK ? mdsec_log_format(&cfg, k0) : st;
    mdsec_memzero(k0, sizeof k0);
    st = st == MDSEC_OK ? mdsec_log_open(&sec_log, &cfg) : st;
    if (st != MDSEC_OK) {
        return fail("security log", st);
    }
    mdsec_event_set_sink(mdsec_log_event_sink, &sec_log);
    return 0;
}

static int verify_image(void)
{
    mdsec_fw_policy_t policy;
    mdsec_fw_result_t res;
    mdsec_status_t st =
        mdsec_fw_key_from_spki(&release_key, fx_pub_ecdsa_p256_pem, fx_pub_ecdsa_p256_pem_len);
    if (st != MDSEC_OK) {
        return fail("release key", st);
    }
    if (fx_pubhash_ecdsa_p256_bin_len != MDSEC_SHA256_LEN ||
        memcmp(mdsec_fw_key_hash(&release_key), fx_pubhash_ecdsa_p256_bin, MDSEC_SHA256_LEN) != 0) {
        return fail("release key hash differs from imgtool's", MDSEC_ERR_KEY_INVALID);
    }
    memset(&policy, 0, sizeof policy);
    policy.keys = &release_key;
    policy.key_count = 1;

    st = mdsec_fw_verify_buffer(&fw_ctx, &policy, fx_signed_ecdsa_p256_bin,
                                fx_signed_ecdsa_p256_bin_len, &res);
    if (st != MDSEC_OK || mdsec_fw_is_valid(&res) != MDSEC_FW_DECISION_VALID) {
        return fail("boot image", st);
    }
    if (res.version.major != 1u || res.version.minor != 2u || res.version.revision != 3u ||
        res.security_counter != 5u) {
        return fail("boot image version", MDSEC_ERR_FW_HEADER);
    }
    printf("firmware: boot image %u.%u.%u+%lu verified, security counter %lu, signed by key "
           "%02x%02x%02x%02x...\n",
           res.version.major, res.version.minor, res.version.revision,
           (unsigned long)res.version.build, (unsigned long)res.security_counter, res.signers[0][0],
           res.signers[0][1], res.signers[0][2], res.signers[0][3]);

    if (fx_signed_ecdsa_p256_bin_len > sizeof tampered) {
        return fail("image larger than the tamper buffer", MDSEC_ERR_BUFFER_TOO_SMALL);
    }
    memcpy(tampered, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
    tampered[0x200u + 1000u] ^= 0x01u;
    st = mdsec_fw_verify_buffer(&fw_ctx, &policy, tampered, fx_signed_ecdsa_p256_bin_len, &res);
    if (st != MDSEC_ERR_FW_HASH_MISMATCH || mdsec_fw_is_valid(&res) != 0u) {
        return fail("tampered image was not refused for its hash", st);
    }
    printf("firmware: tampered copy refused: %s\n", mdsec_status_str(st));
    return 0;
}

static int record_boot(void)
{
    static const uint8_t detail[] = {0x01, 0x03, 1, 2, 3}; /* TLV: version 1.2.3 */
    mdsec_log_entry_t e;
    mdsec_log_stats_t stats;
    uint64_t seq = 0;
    mdsec_status_t st;

    memset(&e, 0, sizeof e);
    e.code = BOOT_RECORD;
    e.outcome = (uint8_t)MDSEC_OUTCOME_SUCCESS;
    e.source = (uint8_t)MDSEC_SRC_APP;
    e.payload = detail;
    e.payload_len = sizeof detail;
    st = mdsec_log_append(&sec_log, &e, &seq);
    st = st == MDSEC_OK ? mdsec_log_checkpoint(&sec_log, NULL, 0) : st;
    st = st == MDSEC_OK ? mdsec_log_stats(&sec_log, &stats) : st;
    if (st != MDSEC_OK) {
        return fail("boot record", st);
    }
    /* Before it: the log's start record and the two verdicts of the fw module. */
    if (seq < 3u || stats.last_sealed < seq) {
        return fail("boot record sequence", MDSEC_ERR_STATE);
    }
    printf("firmware: boot recorded in the security log as record %lu (sealed by a checkpoint)\n",
           (unsigned long)seq);
    mdsec_event_set_sink(NULL, NULL);
    st = mdsec_log_close(&sec_log);
    return st == MDSEC_OK ? 0 : fail("log close", st);
}

int main(void)
{
    mdsec_status_t st = mdsec_port_init();
    if (st != MDSEC_OK) {
        return fail("port", st);
    }
    st = mdsec_crypto_selftest();
    if (st != MDSEC_OK) {
        return fail("crypto self-test", st);
    }
    printf("firmware: mdsec %s on %s\n", mdsec_version_string(), mdsec_port_name());
    if (open_log() != 0 || verify_image() != 0 || record_boot() != 0) {
        return 1;
    }
    printf("firmware: ok\n");
    return 0;
}
