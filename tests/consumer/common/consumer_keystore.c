/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Key storage, and the security log whose checkpoints a stored key signs. */
#include <string.h>

#include "consumer.h"

#if defined(MDSEC_WITH_KEYSTORE)
#define CONSUMER_SIGN_KEY   0x200u /* persistent P-256 pair, sign only */
#define CONSUMER_VERIFY_KEY 0x201u /* its public key, verify only */
#define CONSUMER_LOG_KEY    0x300u /* signs the log's checkpoints */

static void consumer_p256_attributes(mdsec_ks_attributes_t *a, uint16_t type, uint32_t usage,
                                     uint8_t lifetime, uint8_t location)
{
    memset(a, 0, sizeof *a);
    a->type = type;
    a->bits = 256;
    a->usage = usage;
    a->alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a->lifetime = lifetime;
    a->location = location;
}

int consumer_check_keystore(mdsec_ks_ctx_t *ks)
{
    mdsec_ks_attributes_t a, got;
    uint8_t pub[MDSEC_KS_PUBLIC_KEY_MAX], pub2[MDSEC_KS_PUBLIC_KEY_MAX];
    uint8_t digest[MDSEC_SHA256_LEN], sig[MDSEC_KS_ECDSA_P256_SIG_LEN];
    size_t pub_len = 0, pub2_len = 0, sig_len = 0, i;
    const unsigned denied = consumer_events_seen(MDSEC_EV_KEY_DENIED);

    for (i = 0; i < sizeof digest; i++) {
        digest[i] = (uint8_t)(0xA0u + i);
    }
    /* A key generated inside the keystore, stored wrapped in flash. */
    consumer_p256_attributes(&a, MDSEC_KS_TYPE_ECC_P256_PAIR,
                             MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC,
                             MDSEC_KS_LIFETIME_PERSISTENT, MDSEC_KS_LOCATION_FLASH);
    CONSUMER_EXPECT_STATUS(mdsec_ks_get_attributes(ks, CONSUMER_SIGN_KEY, &got),
                           MDSEC_ERR_KS_NOT_FOUND);
    CONSUMER_EXPECT_STATUS(mdsec_ks_generate(ks, CONSUMER_SIGN_KEY, &a), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(mdsec_ks_generate(ks, CONSUMER_SIGN_KEY, &a), MDSEC_ERR_KS_EXISTS);
    CONSUMER_EXPECT_STATUS(mdsec_ks_get_attributes(ks, CONSUMER_SIGN_KEY, &got), MDSEC_OK);
    CONSUMER_EXPECT(got.type == a.type && got.usage == a.usage && got.alg == a.alg,
                    "stored attributes");
    CONSUMER_EXPECT_STATUS(mdsec_ks_export_public(ks, CONSUMER_SIGN_KEY, pub, sizeof pub, &pub_len),
                           MDSEC_OK);
    CONSUMER_EXPECT(pub_len == 65u && pub[0] == 0x04u, "uncompressed P-256 point");

    CONSUMER_EXPECT_STATUS(mdsec_ks_sign_digest(ks, CONSUMER_SIGN_KEY,
                                                MDSEC_KS_ALG_ECDSA_P256_SHA256, digest,
                                                sizeof digest, sig, sizeof sig, &sig_len),
                           MDSEC_OK);
    CONSUMER_EXPECT(sig_len == MDSEC_KS_ECDSA_P256_SIG_LEN, "raw r||s signature");

    /* The verifier's side: the public key alone. */
    consumer_p256_attributes(&a, MDSEC_KS_TYPE_ECC_P256_PUBLIC, MDSEC_KS_USAGE_VERIFY,
                             MDSEC_KS_LIFETIME_VOLATILE, MDSEC_KS_LOCATION_RAM);
    CONSUMER_EXPECT_STATUS(mdsec_ks_import(ks, CONSUMER_VERIFY_KEY, &a, pub, pub_len), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(mdsec_ks_verify_digest(ks, CONSUMER_VERIFY_KEY,
                                                  MDSEC_KS_ALG_ECDSA_P256_SHA256, digest,
                                                  sizeof digest, sig, sig_len),
                           MDSEC_OK);
    digest[0] ^= 0x01u;
    CONSUMER_EXPECT_STATUS(mdsec_ks_verify_digest(ks, CONSUMER_VERIFY_KEY,
                                                  MDSEC_KS_ALG_ECDSA_P256_SHA256, digest,
                                                  sizeof digest, sig, sig_len),
                           MDSEC_ERR_SIGNATURE_INVALID);
    digest[0] ^= 0x01u;

    /* Policy: a sign-only key does not verify, and its private value never leaves. */
    CONSUMER_EXPECT_STATUS(mdsec_ks_verify_digest(ks, CONSUMER_SIGN_KEY,
                                                  MDSEC_KS_ALG_ECDSA_P256_SHA256, digest,
                                                  sizeof digest, sig, sig_len),
                           MDSEC_ERR_KS_POLICY);
    CONSUMER_EXPECT_STATUS(mdsec_ks_export(ks, CONSUMER_SIGN_KEY, pub2, sizeof pub2, &pub2_len),
                           MDSEC_ERR_KS_NOT_EXPORTABLE);
    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_KEY_DENIED) >= denied + 2u,
                    "each refusal is reported");

    /* A reboot: the persistent key is found again in flash, the volatile one is gone. */
    mdsec_ks_deinit(ks);
    CONSUMER_EXPECT_STATUS(mdsec_ks_init(ks, NULL), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(
        mdsec_ks_export_public(ks, CONSUMER_SIGN_KEY, pub2, sizeof pub2, &pub2_len), MDSEC_OK);
    CONSUMER_EXPECT(pub2_len == pub_len && memcmp(pub, pub2, pub_len) == 0,
                    "same key after a reboot");
    CONSUMER_EXPECT_STATUS(mdsec_ks_get_attributes(ks, CONSUMER_VERIFY_KEY, &got),
                           MDSEC_ERR_KS_NOT_FOUND);
    return 0;
}

#if defined(MDSEC_WITH_LOG)
static uint8_t consumer_export[32u * 1024u];
static size_t consumer_export_len;

static mdsec_status_t consumer_export_write(void *arg, const uint8_t *data, size_t len)
{
    (void)arg;
    if (len > sizeof consumer_export - consumer_export_len) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(consumer_export + consumer_export_len, data, len);
    consumer_export_len += len;
    return MDSEC_OK;
}

int consumer_check_log(mdsec_ks_ctx_t *ks)
{
    static mdsec_log_ctx_t log;
    static const uint8_t payload[] = {0x01, 0x02, 'o', 'k'}; /* one TLV: tag 1, 2 bytes */
    mdsec_ks_attributes_t a;
    mdsec_log_config_t cfg;
    mdsec_log_bundle_t bundle, parsed;
    mdsec_log_verify_params_t params;
    mdsec_log_verify_result_t res;
    mdsec_log_entry_t entry;
    mdsec_log_stats_t stats;
    mdsec_event_t ev;
    uint8_t k0[MDSEC_LOG_KEY_LEN], enc[MDSEC_LOG_BUNDLE_LEN], witness[MDSEC_LOG_WITNESS_LEN];
    uint64_t seq = 0;

    consumer_p256_attributes(&a, MDSEC_KS_TYPE_ECC_P256_PAIR,
                             MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC,
                             MDSEC_KS_LIFETIME_PERSISTENT, MDSEC_KS_LOCATION_FLASH);
    CONSUMER_EXPECT_STATUS(mdsec_ks_generate(ks, CONSUMER_LOG_KEY, &a), MDSEC_OK);
    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    memcpy(cfg.device_id, "consumer-0001\0\0\0", MDSEC_LOG_DEVICE_ID_LEN);
    cfg.ks = ks;
    cfg.checkpoint_key = CONSUMER_LOG_KEY;
    cfg.evolve_every = 4u;
    cfg.full_policy = MDSEC_LOG_FULL_STOP;

    /* Provisioning: the log is never formatted on its own. */
    CONSUMER_EXPECT_STATUS(mdsec_log_open(&log, &cfg), MDSEC_ERR_LOG_UNFORMATTED);
    CONSUMER_EXPECT_STATUS(mdsec_port_entropy(k0, sizeof k0), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(mdsec_log_format(&cfg, k0), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(mdsec_log_bundle_make(&cfg, k0, &bundle), MDSEC_OK);
    mdsec_memzero(k0, sizeof k0);
    /* The bundle leaves the device in its file format. */
    CONSUMER_EXPECT_STATUS(mdsec_log_bundle_encode(&bundle, enc, sizeof enc), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(mdsec_log_bundle_parse(enc, sizeof enc, &parsed), MDSEC_OK);
    CONSUMER_EXPECT(memcmp(&parsed, &bundle, sizeof bundle) == 0, "bundle round trip");

    CONSUMER_EXPECT_STATUS(mdsec_log_open(&log, &cfg), MDSEC_OK);
    consumer_events_to_log(&log);

    /* One record appended directly, one event through the sink. */
    memset(&entry, 0, sizeof entry);
    entry.code = (uint16_t)MDSEC_EV_VENDOR_FIRST + 1u;
    entry.outcome = (uint8_t)MDSEC_OUTCOME_SUCCESS;
    entry.source = (uint8_t)MDSEC_SRC_APP;
    entry.actor = 7u;
    entry.payload = payload;
    entry.payload_len = sizeof payload;
    CONSUMER_EXPECT_STATUS(mdsec_log_append(&log, &entry, &seq), MDSEC_OK);
    memset(&ev, 0, sizeof ev);
    ev.code = MDSEC_EV_SECURITY_SETTING;
    ev.outcome = MDSEC_OUTCOME_SUCCESS;
    ev.source = MDSEC_SRC_APP;
    mdsec_event_emit(&ev);
    CONSUMER_EXPECT_STATUS(mdsec_log_stats(&log, &stats), MDSEC_OK);
    CONSUMER_EXPECT(stats.next_seq >= seq + 2u, "the emitted event was appended after the record");

    CONSUMER_EXPECT_STATUS(mdsec_log_checkpoint(&log, witness, sizeof witness), MDSEC_OK);
    consumer_export_len = 0;
    CONSUMER_EXPECT_STATUS(mdsec_log_export(&log, consumer_export_write, NULL), MDSEC_OK);
    consumer_events_to_log(NULL);
    CONSUMER_EXPECT_STATUS(mdsec_log_close(&log), MDSEC_OK);

    /* The verifier: the bundle, the witness, and the whole export sealed. */
    memset(&params, 0, sizeof params);
    CONSUMER_EXPECT_STATUS(mdsec_log_bundle_params(&parsed, &params), MDSEC_OK);
    params.witness = witness;
    params.witness_len = sizeof witness;
    params.require_sealed = 1u;
    CONSUMER_EXPECT_STATUS(
        mdsec_log_verify_export(consumer_export, consumer_export_len, &params, &res), MDSEC_OK);
    CONSUMER_EXPECT(res.verdict == MDSEC_LOG_VERDICT_PASS && res.witness_checked &&
                        res.checkpoints >= 1u && res.last_seq >= seq + 1u,
                    "PASS, witnessed, covering the appended records");

    /* One byte of the last record changed: FAIL. */
    consumer_export[consumer_export_len - 1u] ^= 0x01u;
    CONSUMER_EXPECT(mdsec_log_verify_export(consumer_export, consumer_export_len, &params, &res) !=
                            MDSEC_OK &&
                        res.verdict == MDSEC_LOG_VERDICT_FAIL,
                    "an edited export fails verification");
    return 0;
}
#endif
#endif
