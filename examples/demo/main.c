/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec device demo: what an infusion pump's firmware does with mdsec at
 * start-up. Each mdsec module extends it as it lands.
 *
 * Exit status: 0 when every step behaved as a secure device must, 1 when a
 * security control failed, 2 when the platform could not be brought up.
 */
#if defined(__linux__)
#define _POSIX_C_SOURCE 200809L /* umask, mkdir: the hospital directory */
#endif
#include <stdio.h>
#include <string.h>

#include "mdsec/mdsec.h"

#if defined(MDSEC_WITH_PARSE)
#include "pump_protocol.h"

/* Three "set rate" commands as they arrive from the network (CBOR). */
/* {1: 42, 2: 125, 3: 50, 4: "nurse-7"}: drug 42 at 12.5 mL/h, bolus limit 5.0 mL */
static const unsigned char cmd_good[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x18, 0x7d, 0x03, 0x18, 0x32,
                                         0x04, 0x67, 'n',  'u',  'r',  's',  'e',  '-',  '7'};
/* The same command cut short in transit: the operator id claims 7 bytes, 3 arrive. */
static const unsigned char cmd_malformed[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x18, 0x7d, 0x03,
                                              0x18, 0x32, 0x04, 0x67, 'n',  'u',  'r'};
/* {1: 42, 2: 15000, 3: 50, 4: "nurse-7"}: 1500.0 mL/h, above the pump's 1200.0 mL/h limit */
static const unsigned char cmd_out_of_range[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x19, 0x3a,
                                                 0x98, 0x03, 0x18, 0x32, 0x04, 0x67, 'n',
                                                 'u',  'r',  's',  'e',  '-',  '7'};

/* Returns 0 when each command got the verdict a safe pump must give. */
static int demo_parse(void)
{
    static const struct {
        const char *what;
        const unsigned char *msg;
        size_t len;
        int must_accept;
    } cmds[] = {
        {"well-formed command", cmd_good, sizeof cmd_good, 1},
        {"truncated command", cmd_malformed, sizeof cmd_malformed, 0},
        {"out-of-range rate", cmd_out_of_range, sizeof cmd_out_of_range, 0},
    };
    int failures = 0;
    size_t i;

    printf("\n[bounded input parsing] \"set rate\" commands from the network\n");
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        pump_set_rate_t c;
        mdsec_schema_error_t e;
        mdsec_status_t st =
            mdsec_schema_decode(&pump_set_rate_schema, cmds[i].msg, cmds[i].len, &c, sizeof c, &e);
        if (st == MDSEC_OK) {
            printf("  %-22s ACCEPTED: drug %u at %u.%u mL/h, bolus limit %u.%u mL, operator %s\n",
                   cmds[i].what, (unsigned)c.drug_id, (unsigned)(c.rate_dl_per_h / 10u),
                   (unsigned)(c.rate_dl_per_h % 10u), (unsigned)(c.bolus_limit_dl / 10u),
                   (unsigned)(c.bolus_limit_dl % 10u), c.operator_id);
        } else {
            printf("  %-22s REJECTED: %s (field %s, byte %lu); pump state unchanged\n",
                   cmds[i].what, mdsec_status_str(st), e.field != NULL ? e.field : "-",
                   (unsigned long)e.offset);
            /* The application reports the rejection: it lands in the security log. */
            mdsec_event_t ev;
            memset(&ev, 0, sizeof ev);
            ev.code = MDSEC_EV_PARSER_REJECT;
            ev.outcome = MDSEC_OUTCOME_MINOR;
            ev.source = MDSEC_SRC_APP;
            ev.status = st;
            ev.actor = (uint32_t)e.offset;
            mdsec_event_emit(&ev);
        }
        if ((st == MDSEC_OK) != (cmds[i].must_accept != 0)) {
            failures++;
        }
    }
    return failures;
}
#endif

static int step(const char *what, mdsec_status_t st)
{
    printf("  %-44s %s\n", what, st == MDSEC_OK ? "ok" : mdsec_status_str(st));
    return st == MDSEC_OK ? 0 : 1;
}

#if defined(MDSEC_WITH_FW)
#include "demo_images.h"

#define DEMO_COUNTER_ID 1u

static unsigned char update_buf[32768];

/* Verifies one update; installs (commits) it when valid and asked to. */
static int demo_update(const char *what, const mdsec_fw_policy_t *policy,
                       const unsigned char *image, size_t len, int install, int must_accept)
{
    static mdsec_fw_ctx_t ctx; /* working memory: fixed, whatever the image size */
    mdsec_fw_result_t res;
    mdsec_status_t st = mdsec_fw_verify_buffer(&ctx, policy, image, len, &res);

    if (mdsec_fw_is_valid(&res) == MDSEC_FW_DECISION_VALID) {
        printf("  %-30s VALID: version %u.%u.%u+%lu, security counter %lu, signed by key "
               "%02x%02x%02x%02x...\n",
               what, res.version.major, res.version.minor, res.version.revision,
               (unsigned long)res.version.build, (unsigned long)res.security_counter,
               res.signers[0][0], res.signers[0][1], res.signers[0][2], res.signers[0][3]);
        if (install) {
            uint64_t counter = 0;
            mdsec_status_t cst = mdsec_fw_commit(policy, &res);
            if (cst == MDSEC_OK) {
                cst = mdsec_port_counter_read(DEMO_COUNTER_ID, &counter);
            }
            printf("  %-30s installed and confirmed; anti-rollback counter now %lu (%s)\n", "",
                   (unsigned long)counter, mdsec_status_str(cst));
            if (cst != MDSEC_OK) {
                return 1;
            }
        }
    } else {
        printf("  %-30s REFUSED: %s\n", what, mdsec_status_str(st));
    }
    return (st == MDSEC_OK) == (must_accept != 0) ? 0 : 1;
}

static int demo_fw(void)
{
    static mdsec_fw_key_t keys[2];
    uint8_t revoked[1][MDSEC_SHA256_LEN];
    mdsec_fw_policy_t policy;
    int failures = 0;

    printf("\n[signed firmware] updates arrive over the network\n");
    /* Trust anchors: the vendor's release key, and a second key since revoked. */
    if (mdsec_fw_key_from_spki(&keys[0], fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len) !=
            MDSEC_OK ||
        mdsec_fw_key_from_spki(&keys[1], fx_pub_ecdsa_p256_untrusted_der,
                               fx_pub_ecdsa_p256_untrusted_der_len) != MDSEC_OK) {
        printf("  trust anchors could not be loaded\n");
        return 1;
    }
    memcpy(revoked[0], mdsec_fw_key_hash(&keys[1]), MDSEC_SHA256_LEN);
    memset(&policy, 0, sizeof policy);
    policy.keys = keys;
    policy.key_count = 2;
    policy.revoked = (const uint8_t(*)[MDSEC_SHA256_LEN])revoked;
    policy.revoked_count = 1;
    policy.use_counter = 1;
    policy.counter_id = DEMO_COUNTER_ID;

    failures += demo_update("release 1.2.3 (counter 5)", &policy, fx_signed_ecdsa_p256_bin,
                            fx_signed_ecdsa_p256_bin_len, 1, 1);
    /* The same release with one byte of its code changed in transit. */
    if (fx_signed_ecdsa_p256_bin_len <= sizeof update_buf) {
        memcpy(update_buf, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin_len);
        update_buf[0x200 + 1000] ^= 0x01u;
        failures += demo_update("tampered copy of 1.2.3", &policy, update_buf,
                                fx_signed_ecdsa_p256_bin_len, 0, 0);
    }
    failures +=
        demo_update("old release 0.9.0 (counter 2)", &policy, fx_signed_ecdsa_p256_old_seccnt2_bin,
                    fx_signed_ecdsa_p256_old_seccnt2_bin_len, 0, 0);
    failures +=
        demo_update("image by the revoked key", &policy, fx_signed_ecdsa_p256_untrusted_key_bin,
                    fx_signed_ecdsa_p256_untrusted_key_bin_len, 0, 0);
    return failures;
}
#endif

#if defined(MDSEC_WITH_KEYSTORE)
#define DEMO_IDENTITY_KEY 0x100u /* the pump's device identity (signs its reports) */
#define DEMO_RECORDS_KEY  0x101u /* seals therapy records at rest */
#define DEMO_PEER_KEY     0x1F0u /* the identity public key, as a verifier holds it */

static mdsec_ks_ctx_t demo_ks; /* static: the keystore context is about 3 KiB */

static void print_public(const char *what, const uint8_t *pub, size_t len)
{
    printf("  %-44s %02x%02x%02x%02x%02x%02x%02x%02x... (%lu-byte P-256 point)\n", what, pub[1],
           pub[2], pub[3], pub[4], pub[5], pub[6], pub[7], pub[8], (unsigned long)len);
}

/* Ensures a persistent key exists: generated on the first boot, found after. */
static mdsec_status_t ensure_key(mdsec_ks_id_t id, const mdsec_ks_attributes_t *a, const char *name)
{
    mdsec_ks_attributes_t have;
    mdsec_status_t st = mdsec_ks_get_attributes(&demo_ks, id, &have);
    if (st == MDSEC_ERR_KS_NOT_FOUND) {
        st = mdsec_ks_generate(&demo_ks, id, a);
        printf("  %-44s %s\n", name,
               st == MDSEC_OK ? "generated (first boot), stored wrapped" : mdsec_status_str(st));
    } else {
        printf("  %-44s %s\n", name,
               st == MDSEC_OK ? "found, kept from an earlier boot" : mdsec_status_str(st));
    }
    return st;
}

static int demo_ks_ok;

/* Start-up: the keystore opens first (the log's checkpoint key lives in it). */
static int demo_ks_open(void)
{
    const mdsec_status_t st = mdsec_ks_init(&demo_ks, NULL);
    demo_ks_ok = st == MDSEC_OK;
    return step("open the keystore (persistent, wrapped)", st);
}

/* The pump's keys live in the keystore: firmware uses them by id under a policy. */
static int demo_keystore(void)
{
    mdsec_ks_attributes_t a;
    uint8_t pub[MDSEC_KS_PUBLIC_KEY_MAX], pub2[MDSEC_KS_PUBLIC_KEY_MAX];
    uint8_t digest[32], sig[MDSEC_KS_ECDSA_P256_SIG_LEN];
    uint8_t nonce[MDSEC_KS_AEAD_NONCE_LEN] = {0}, tag[MDSEC_KS_AEAD_TAG_LEN] = {0};
    uint8_t record[16] = "rate 12.5 mL/h", out[16];
    size_t pub_len = 0, pub2_len = 0, sig_len = 0;
    int failures = 0;
    mdsec_status_t st;

    printf("\n[key storage] device keys by id, under policy, wrapped at rest\n");
    if (!demo_ks_ok) {
        return 1;
    }
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC; /* sign-only */
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_FLASH;
    failures +=
        ensure_key(DEMO_IDENTITY_KEY, &a, "device identity key 0x100 (sign only)") != MDSEC_OK;
    a.type = MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305;
    a.usage = MDSEC_KS_USAGE_ENCRYPT | MDSEC_KS_USAGE_DECRYPT;
    a.alg = MDSEC_KS_ALG_CHACHA20_POLY1305;
    failures +=
        ensure_key(DEMO_RECORDS_KEY, &a, "therapy-record key 0x101 (seal/open)") != MDSEC_OK;

    st = mdsec_ks_export_public(&demo_ks, DEMO_IDENTITY_KEY, pub, sizeof pub, &pub_len);
    if (st == MDSEC_OK) {
        print_public("identity public key", pub, pub_len);
    }
    /* A report digest, as the pump computes it over its therapy report. */
    memset(digest, 0x5a, sizeof digest);
    st = st == MDSEC_OK
             ? mdsec_ks_sign_digest(&demo_ks, DEMO_IDENTITY_KEY, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                    digest, sizeof digest, sig, sizeof sig, &sig_len)
             : st;
    /* The hospital's side: the public key alone verifies it. */
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PUBLIC;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_VERIFY;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    st = st == MDSEC_OK ? mdsec_ks_import(&demo_ks, DEMO_PEER_KEY, &a, pub, pub_len) : st;
    st = st == MDSEC_OK
             ? mdsec_ks_verify_digest(&demo_ks, DEMO_PEER_KEY, MDSEC_KS_ALG_ECDSA_P256_SHA256,
                                      digest, sizeof digest, sig, sig_len)
             : st;
    failures += step("sign a report digest; public key verifies it", st);
    /* A fresh random nonce per record: the caller owns nonce uniqueness. */
    st = mdsec_port_entropy(nonce, sizeof nonce);
    st = st == MDSEC_OK
             ? mdsec_ks_aead_seal(&demo_ks, DEMO_RECORDS_KEY, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce,
                                  NULL, 0, record, sizeof record, out, tag)
             : st;
    failures += step("seal a therapy record with key 0x101", st);

    /* A reboot: the keystore is closed and opened again from flash. */
    mdsec_ks_deinit(&demo_ks);
    st = mdsec_ks_init(&demo_ks, NULL);
    st = st == MDSEC_OK
             ? mdsec_ks_export_public(&demo_ks, DEMO_IDENTITY_KEY, pub2, sizeof pub2, &pub2_len)
             : st;
    if (st == MDSEC_OK && (pub2_len != pub_len || memcmp(pub, pub2, pub_len) != 0)) {
        st = MDSEC_ERR_KS_CORRUPT;
    }
    failures += step("after a reboot: same identity key", st);
    st = mdsec_ks_aead_open(&demo_ks, DEMO_RECORDS_KEY, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce, NULL,
                            0, out, sizeof out, tag, out);
    if (st == MDSEC_OK && memcmp(out, record, sizeof record) != 0) {
        st = MDSEC_ERR_AUTH_FAILED;
    }
    failures += step("after a reboot: therapy record opens", st);

    /* Misuse a compromised task might attempt: refused by policy. */
    st = mdsec_ks_aead_open(&demo_ks, DEMO_IDENTITY_KEY, MDSEC_KS_ALG_CHACHA20_POLY1305, nonce,
                            NULL, 0, out, sizeof out, tag, out);
    printf("  %-44s REFUSED: %s\n", "identity key asked to decrypt", mdsec_status_str(st));
    failures += st == MDSEC_ERR_KS_POLICY ? 0 : 1;
    st = mdsec_ks_export(&demo_ks, DEMO_IDENTITY_KEY, pub2, sizeof pub2, &pub2_len);
    printf("  %-44s REFUSED: %s\n", "identity key asked for its private value",
           mdsec_status_str(st));
    failures += st == MDSEC_ERR_KS_NOT_EXPORTABLE ? 0 : 1;
    return failures;
}
#endif

#if defined(MDSEC_WITH_LOG) && defined(MDSEC_WITH_KEYSTORE)
#define DEMO_LOG_KEY 0x102u /* signs the security log's checkpoints */

static mdsec_log_ctx_t demo_log;
static int demo_log_open_ok;
/* The hospital's side of the log. At provisioning the verifier bundle
 * (k0, device id, evolve_every, checkpoint public key) leaves the device
 * for the hospital's log server, and the device keeps nothing but the
 * evolved key; the gateway keeps the witness of each signed checkpoint.
 * The demo keeps both in a directory beside the device state (not in it),
 * as those servers would. */
static mdsec_log_bundle_t demo_bundle;
static FILE *demo_out_witness; /* the gateway's copies, written at the end */
static FILE *demo_out_export;
static int demo_bundle_ok;
static uint8_t demo_old_witness[MDSEC_LOG_WITNESS_LEN]; /* kept from the last run */
static int demo_old_witness_ok;
static uint8_t demo_export[48u * 1024u];
static size_t demo_export_len;

static mdsec_log_config_t demo_log_config(void)
{
    mdsec_log_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    memcpy(cfg.device_id, "pump-SN-000042\0\0", MDSEC_LOG_DEVICE_ID_LEN);
    cfg.ks = &demo_ks;
    cfg.checkpoint_key = DEMO_LOG_KEY;
    cfg.evolve_every = 4u;      /* a new MAC key every 4 records */
    cfg.checkpoint_every = 32u; /* and a signed checkpoint every 32 */
    cfg.full_policy = MDSEC_LOG_FULL_OVERWRITE;
    cfg.capacity_warn_pct = 80u;
    return cfg;
}

#if defined(__linux__)
#include <stdlib.h>
#include <sys/stat.h>
/* The hospital's directory: MDSEC_DEMO_HOSPITAL_DIR, or the device state
 * directory's name with "-hospital" appended. */
static int hospital_path(const char *name, char *out, size_t cap)
{
    const char *h = getenv("MDSEC_DEMO_HOSPITAL_DIR");
    const char *dir = getenv("MDSEC_STATE_DIR");
    int n = h != NULL
                ? snprintf(out, cap, "%s/%s", h, name)
                : snprintf(out, cap, "%s-hospital/%s", dir != NULL ? dir : "mdsec-state", name);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int hospital_load(const char *name, uint8_t *buf, size_t len)
{
    char path[512];
    FILE *f;
    size_t n = 0;
    uint8_t extra;
    if (hospital_path(name, path, sizeof path) == 0 && (f = fopen(path, "rb")) != NULL) {
        n = fread(buf, 1, len, f);
        if (n == len && fread(&extra, 1, 1, f) != 0u) {
            n = 0; /* longer than expected */
        }
        (void)fclose(f);
    }
    return n == len ? 0 : -1;
}

/* Opens a file of the hospital's for writing. The demo opens them before it
 * drops its privileges, as a device opens its link to the gateway. */
static FILE *hospital_open(const char *name)
{
    char path[512];
    char dir[512];
    FILE *f = NULL;
    if (hospital_path("", dir, sizeof dir) == 0) {
        (void)mkdir(dir, 0700);
    }
    if (hospital_path(name, path, sizeof path) == 0) {
        const mode_t old = umask(077); /* the bundle holds k0 */
        f = fopen(path, "wb");
        (void)umask(old);
    }
    return f;
}

static void hospital_write(FILE *f, const uint8_t *buf, size_t len)
{
    if (f != NULL) {
        (void)fwrite(buf, 1, len, f);
        (void)fclose(f);
    }
}

static void hospital_where(void)
{
    char path[512];
    if (hospital_path("", path, sizeof path) == 0) {
        printf("  %-30s %s{log-bundle,witness,export}.bin\n", "the hospital's copies", path);
    }
}
#else
static int hospital_load(const char *name, uint8_t *buf, size_t len)
{
    (void)name;
    (void)buf;
    (void)len;
    return -1;
}
static FILE *hospital_open(const char *name)
{
    (void)name;
    return NULL;
}
static void hospital_write(FILE *f, const uint8_t *buf, size_t len)
{
    (void)f;
    (void)buf;
    (void)len;
}
static void hospital_where(void)
{
}
#endif

/* The hospital's verifier bundle, made at provisioning and read back on
 * every later boot. */
static mdsec_status_t bundle_save(const mdsec_log_config_t *cfg, const uint8_t k0[32])
{
    uint8_t enc[MDSEC_LOG_BUNDLE_LEN];
    mdsec_status_t st = mdsec_log_bundle_make(cfg, k0, &demo_bundle);
    st = st == MDSEC_OK ? mdsec_log_bundle_encode(&demo_bundle, enc, sizeof enc) : st;
    if (st == MDSEC_OK) {
        hospital_write(hospital_open("log-bundle.bin"), enc, sizeof enc);
        demo_bundle_ok = 1;
    }
    mdsec_memzero(enc, sizeof enc);
    return st;
}

static int bundle_load(void)
{
    uint8_t enc[MDSEC_LOG_BUNDLE_LEN];
    int ok = hospital_load("log-bundle.bin", enc, sizeof enc) == 0 &&
             mdsec_log_bundle_parse(enc, sizeof enc, &demo_bundle) == MDSEC_OK;
    mdsec_memzero(enc, sizeof enc);
    demo_bundle_ok = ok;
    demo_old_witness_ok =
        hospital_load("witness.bin", demo_old_witness, sizeof demo_old_witness) == 0;
    return ok ? 0 : -1;
}

/* Opens the security log (provisioning it on the very first boot) and sends
 * every security event of every module to it. */
static int demo_log_open(void)
{
    mdsec_ks_attributes_t a;
    mdsec_log_config_t cfg = demo_log_config();
    mdsec_log_stats_t stats;
    int failures = 0;

    printf("\n[security log] every security event goes to a hash-chained, forward-secure log\n");
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_FLASH;
    if (ensure_key(DEMO_LOG_KEY, &a, "log checkpoint key 0x102 (sign only)") != MDSEC_OK) {
        return 1;
    }
    mdsec_status_t st = mdsec_log_open(&demo_log, &cfg);
    if (st == MDSEC_ERR_LOG_UNFORMATTED) {
        /* First boot: the log is provisioned explicitly, never formatted on its own. */
        uint8_t k0[MDSEC_LOG_KEY_LEN];
        printf("  %-44s %s\n", "open the log", "empty region: provisioning a new log");
        st = mdsec_port_entropy(k0, sizeof k0);
        st = st == MDSEC_OK ? mdsec_log_format(&cfg, k0) : st;
        /* k0 leaves the device in the verifier bundle, and only there. */
        st = st == MDSEC_OK ? bundle_save(&cfg, k0) : st;
        mdsec_memzero(k0, sizeof k0);
        failures += step("provision: verifier bundle to the hospital", st);
        st = st == MDSEC_OK ? mdsec_log_open(&demo_log, &cfg) : st;
    } else if (st == MDSEC_OK && bundle_load() != 0) {
        printf("  the hospital's verifier bundle is missing: run scripts/demo.sh --fresh\n");
        failures++;
    }
    failures += step("open the security log", st);
    if (st != MDSEC_OK) {
        return failures + 1;
    }
    demo_out_witness = hospital_open("witness.bin");
    demo_out_export = hospital_open("export.bin");
    demo_log_open_ok = 1;
    mdsec_event_set_sink(mdsec_log_event_sink, &demo_log);
    if (mdsec_log_stats(&demo_log, &stats) == MDSEC_OK) {
        printf("  %-44s boot %lu, next record %lu, %lu of %lu sectors in use\n", "log state",
               (unsigned long)stats.boot, (unsigned long)stats.next_seq,
               (unsigned long)stats.sectors_used, (unsigned long)stats.sectors_total);
    }
    return failures;
}

static mdsec_status_t demo_export_write(void *arg, const uint8_t *data, size_t len)
{
    (void)arg;
    if (len > sizeof demo_export - demo_export_len) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(demo_export + demo_export_len, data, len);
    demo_export_len += len;
    return MDSEC_OK;
}

static mdsec_status_t demo_verify(const uint8_t *exp, size_t len, const uint8_t *witness,
                                  mdsec_log_verify_result_t *res)
{
    mdsec_log_verify_params_t p;
    memset(&p, 0, sizeof p);
    if (mdsec_log_bundle_params(&demo_bundle, &p) != MDSEC_OK) {
        return MDSEC_ERR_INVALID_ARG;
    }
    p.witness = witness;
    p.witness_len = witness != NULL ? MDSEC_LOG_WITNESS_LEN : 0u;
    p.require_sealed = 1;
    return mdsec_log_verify_export(exp, len, &p, res);
}

/* At the end: a signed checkpoint, an export, the verifier's verdict, and
 * the verdict on two tampered copies. */
static int demo_log_verify(void)
{
    static uint8_t copy[sizeof demo_export];
    uint8_t witness[MDSEC_LOG_WITNESS_LEN];
    mdsec_log_verify_result_t res;
    int failures = 0;

    if (!demo_log_open_ok || !demo_bundle_ok) {
        return 1;
    }
    printf("\n[security log] export, and what the hospital's verifier says\n");
    mdsec_status_t st = mdsec_log_checkpoint(&demo_log, witness, sizeof witness);
    failures += step("signed checkpoint; witness kept by the gateway", st);
    demo_export_len = 0;
    st = st == MDSEC_OK ? mdsec_log_export(&demo_log, demo_export_write, NULL) : st;
    failures += step("export the log (sealed by its own checkpoint)", st);
    if (st != MDSEC_OK) {
        return failures;
    }
    st = demo_verify(demo_export, demo_export_len, witness, &res);
    printf("  %-30s %s: records %lu..%lu (%lu), %lu checkpoints, %lu boots, unsealed tail %lu\n",
           "verifier, genuine export", st == MDSEC_OK ? "PASS" : "FAIL",
           (unsigned long)res.first_seq, (unsigned long)res.last_seq, (unsigned long)res.records,
           (unsigned long)res.checkpoints, (unsigned long)res.boots + 1u,
           (unsigned long)res.unsealed);
    failures += st == MDSEC_OK ? 0 : 1;
    if (demo_old_witness_ok) {
        /* The witness the gateway kept from the last run still pins this export. */
        st = demo_verify(demo_export, demo_export_len, demo_old_witness, &res);
        printf("  %-30s %s: %s\n", "against last run's witness", st == MDSEC_OK ? "PASS" : "FAIL",
               st == MDSEC_OK ? "the history since then is intact" : mdsec_status_str(st));
        failures += st == MDSEC_OK ? 0 : 1;
    }
    hospital_write(demo_out_witness, witness, sizeof witness);
    hospital_write(demo_out_export, demo_export, demo_export_len);
    demo_out_witness = NULL;
    demo_out_export = NULL;
    hospital_where();

    /* An attacker edits one record: the outcome byte of a record half-way through. */
    memcpy(copy, demo_export, demo_export_len);
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    uint32_t half = 0;
    for (; half < res.records / 2u && off + 6u <= demo_export_len; half++) {
        off += (size_t)copy[off + 4u] | ((size_t)copy[off + 5u] << 8);
    }
    if (off + 43u < demo_export_len) {
        copy[off + 42u] ^= 0x0Cu; /* "major failure" becomes "success" (or the reverse) */
    }
    st = demo_verify(copy, demo_export_len, witness, &res);
    printf("  %-30s %s: %s at record %lu (byte %lu)\n", "one record edited",
           st == MDSEC_OK ? "PASS" : "FAIL", mdsec_status_str(st), (unsigned long)res.bad_seq,
           (unsigned long)res.bad_offset);
    failures += st == MDSEC_ERR_LOG_MAC ? 0 : 1;

    /* An attacker cuts the tail off (hiding the last events) and fixes up the
     * export header: the witness the gateway kept catches it. */
    memcpy(copy, demo_export, off);
    copy[28] = (uint8_t)half;
    copy[29] = (uint8_t)(half >> 8);
    copy[30] = (uint8_t)(half >> 16);
    copy[31] = (uint8_t)(half >> 24);
    st = demo_verify(copy, off, witness, &res);
    printf("  %-30s %s: %s (export ends at record %lu)\n", "tail cut off",
           st == MDSEC_OK ? "PASS" : "FAIL", mdsec_status_str(st), (unsigned long)res.last_seq);
    failures += st == MDSEC_ERR_LOG_TRUNCATED ? 0 : 1;
    return failures;
}

static int demo_log_finish(void)
{
    int failures = demo_log_verify();
    if (demo_log_open_ok) {
        failures +=
            step("close the log (stop record, final checkpoint)", mdsec_log_close(&demo_log));
    }
    return failures;
}
#endif

#if defined(MDSEC_WITH_PRIV) && defined(__linux__) && !defined(MDSEC_PORT_FREERTOS)
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define MDSEC_DEMO_SANITIZED 1
#endif
#if __has_feature(address_sanitizer)
#define MDSEC_DEMO_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define MDSEC_DEMO_LSAN 1
#endif
#if defined(MDSEC_DEMO_LSAN)
#include <sanitizer/lsan_interface.h>
#endif
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

/* After initialisation the pump drops every privilege it no longer needs. */
static int demo_priv(void)
{
    /* What the running pump still needs: console output, memory, time, exit,
     * and its already-open flash files (the security log keeps writing). */
    static const char *const allowed[] = {
        "read",
        "write",
        "pread64",
        "pwrite64",
        "fsync",
        "fdatasync",
        "close",
        "fstat",
        "newfstatat",
        "lseek",
        "brk",
        "mmap",
        "munmap",
        "madvise",
        "mprotect",
        "futex",
        "rt_sigprocmask",
        "rt_sigreturn",
        "exit",
        "exit_group",
        "getpid",
        "gettid",
        "tgkill",
        "getrandom",
        "clock_gettime",
        "getuid",
        "getgid",
        "geteuid",
        "getegid",
#if defined(__SANITIZE_ADDRESS__) || defined(MDSEC_DEMO_SANITIZED)
        /* what the sanitizer runtime of a test build needs at exit */
        "sched_yield",
        "clone",
        "clone3",
        "wait4",
        "ptrace",
        "prctl",
        "sigaltstack",
        "rt_sigaction",
        "openat",
        "readlink",
        "getdents64",
        "statx",
        "pread64",
        "uname",
        "getppid",
        "dup",
        "pipe2",
        "ioctl",
        "sched_getaffinity",
        "mremap",
        "kill",
        "set_robust_list",
        "rseq",
#endif
    };
    mdsec_priv_policy_t p;
    mdsec_priv_report_t r;
    mdsec_status_t st;
    int fd, root = (geteuid() == 0);

    printf("\n[least privilege] initialisation done; dropping privileges\n");
#if defined(MDSEC_DEMO_LSAN)
    /* Test builds: LeakSanitizer cannot inspect the process once it runs as
     * nobody, so its leak check runs now (and not again at exit). */
    __lsan_do_leak_check();
#endif
    memset(&p, 0, sizeof p);
    if (root) {
        p.change_ids = 1; /* nobody:nogroup, no supplementary groups */
        p.uid = 65534u;
        p.gid = 65534u;
        p.drop_caps = 1;
    } else {
        printf("  not running as root: uid and capabilities stay as they are\n");
    }
    p.no_new_privs = 1;
    p.syscalls = allowed;
    p.syscall_count = sizeof allowed / sizeof allowed[0];
    p.seccomp_action = MDSEC_PRIV_SECCOMP_ERRNO; /* refuse, and keep the pump running */
    p.seccomp_errno = EPERM;
    p.optional = MDSEC_PRIV_BIT(MDSEC_PRIV_STEP_LANDLOCK);
    p.nonfatal = 1; /* a product would leave this 0: a failed drop stops the device */
    st = mdsec_priv_apply(&p, &r);
    if (st != MDSEC_OK) {
        printf("  privilege drop FAILED at step %s: %s\n", mdsec_priv_step_name(r.failed),
               mdsec_status_str(st));
        return 1;
    }
    printf("  now uid %u, gid %u; no_new_privs set; seccomp allow-list of %u system calls\n",
           (unsigned)getuid(), (unsigned)getgid(), (unsigned)p.syscall_count);
    fd = socket(AF_INET, SOCK_STREAM, 0); /* a compromised pump tries to open a connection */
    if (fd < 0) {
        printf("  %-30s REFUSED: %s\n", "opening a network socket",
               errno == EPERM ? "not permitted (seccomp)" : "failed");
        return 0;
    }
    printf("  opening a network socket was ALLOWED\n");
    return 1;
}
#elif defined(MDSEC_WITH_PRIV) && defined(__arm__) && !defined(MDSEC_PORT_FREERTOS)
/* On the Cortex-M board: MPU regions, then the thread runs unprivileged. */
static int demo_priv(void)
{
    static const mdsec_priv_region_t regions[] = {
        {0x00000000u, 0x00400000u, MDSEC_PRIV_RO, 0}, /* code: read and execute */
        {0x20000000u, 0x00400000u, MDSEC_PRIV_RW, 1}, /* RAM: never execute */
    };
    mdsec_status_t st;

    printf("\n[least privilege] initialisation done; MPU on, thread drops to unprivileged\n");
    st = mdsec_priv_mpu_apply(regions, 2);
    if (st == MDSEC_OK) {
        st = mdsec_priv_drop_to_unprivileged();
    }
    if (st != MDSEC_OK) {
        printf("  privilege drop FAILED: %s\n", mdsec_status_str(st));
        return 1;
    }
    st = mdsec_priv_mpu_apply(regions, 2); /* a compromised task tries to open up the MPU */
    printf("  %-30s REFUSED: %s\n", "reprogramming the MPU", mdsec_status_str(st));
    return st == MDSEC_ERR_STATE ? 0 : 1;
}
#endif

int main(void)
{
    int failures = 0;
    mdsec_status_t st;

    printf("mdsec %s device demo\n", mdsec_version_string());
    printf("  port: %s, crypto provider: %s\n", mdsec_port_name(), mdsec_crypto_provider_name());

    st = mdsec_port_init();
    if (step("bring up the platform port", st) != 0) {
        return 2;
    }

    /* Power-on self-test: a device must not use crypto that gives wrong answers. */
    failures += step("crypto known-answer self-test", mdsec_crypto_selftest());

#if defined(MDSEC_WITH_KEYSTORE)
    failures += demo_ks_open();
#endif
#if defined(MDSEC_WITH_LOG) && defined(MDSEC_WITH_KEYSTORE)
    failures += demo_log_open(); /* from here on every security event is logged */
#endif
#if defined(MDSEC_WITH_PARSE)
    failures += demo_parse();
#endif
#if defined(MDSEC_WITH_KEYSTORE)
    failures += demo_keystore();
#endif
#if defined(MDSEC_WITH_FW)
    failures += demo_fw();
#endif
#if defined(MDSEC_WITH_LOG) && defined(MDSEC_WITH_KEYSTORE) && defined(__arm__)
    /* Bare-metal Cortex-M: after the drop to unprivileged thread mode the
     * port's critical sections (PRIMASK) are unavailable, so mdsec calls
     * need an SVC-based port; the demo finishes with the log first. */
    failures += demo_log_finish();
#endif
#if defined(MDSEC_WITH_PRIV) && (defined(__linux__) || defined(__arm__)) && \
    !defined(MDSEC_PORT_FREERTOS)
    failures += demo_priv(); /* the device runs with least privilege from here on */
#endif
#if defined(MDSEC_WITH_LOG) && defined(MDSEC_WITH_KEYSTORE) && !defined(__arm__)
    failures += demo_log_finish(); /* the privilege change is in the log too */
#endif

    printf("\n%s\n", failures == 0 ? "demo: all controls behaved as required"
                                   : "demo: a security control FAILED");
    return failures == 0 ? 0 : 1;
}
