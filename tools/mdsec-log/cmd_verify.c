/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log verify: the verdict of mdsec_log_verify_export() on an export,
 * with the verified range, the unsealed tail, gaps, boot changes and the
 * first bad record. The provisioned values (k0, device id, evolve_every,
 * checkpoint public key) come from a verifier bundle, or from a key file
 * and explicit options; k0 never from the command line.
 */
#include <string.h>

#include "log/log_internal.h"
#include "mdsec/core.h"

#include "logtool.h"

/* Lists the boot-counter changes among the verified records (parse only:
 * the verifier has already judged them). */
static void print_boots(const uint8_t *exp, size_t len, const mdsec_log_verify_result_t *res)
{
    log_export_header_t h;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    uint32_t boot = 0;
    int have = 0;

    if (res->records == 0u || mdsec__log_export_header_parse(exp, len, &h) != MDSEC_OK) {
        return;
    }
    for (uint64_t i = 0; i < res->records && off < len; i++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
            return;
        }
        if (have && r.boot != boot) {
            printf("  seq %llu: boot %lu -> %lu\n", (unsigned long long)r.seq, (unsigned long)boot,
                   (unsigned long)r.boot);
        }
        boot = r.boot;
        have = 1;
        off += used;
    }
}

static void print_witness(const mdsec_log_verify_params_t *p, const mdsec_log_verify_result_t *res,
                          const log_export_header_t *h, int have_h)
{
    log_witness_t w;

    if (p->witness == NULL) {
        printf("witness: none given\n");
        return;
    }
    if (mdsec__log_witness_parse(p->witness, p->witness_len, &w) != MDSEC_OK) {
        printf("witness: bad: %s\n", mdsec_status_str(res->reason));
        return;
    }
    if (res->witness_checked) {
        printf("witness: seq %llu checked\n", (unsigned long long)w.seq);
    } else if (res->bad_in == MDSEC_LOG_BAD_IN_WITNESS && res->reason == MDSEC_ERR_LOG_HEAD_CUT) {
        printf("witness: seq %llu precedes the export's first record (seq %llu): the records it "
               "pins are not in the export\n",
               (unsigned long long)w.seq, have_h ? (unsigned long long)h->start_seq : 0ull);
        if (have_h && h->start_seq == w.seq + 1u &&
            mdsec_ct_equal(h->start_chain, w.head, sizeof w.head) == 1) {
            printf("  the export continues from the witness's head: if you hold the records "
                   "through seq %llu, none was lost in between\n",
                   (unsigned long long)w.seq);
        }
    } else if (res->bad_in == MDSEC_LOG_BAD_IN_WITNESS) {
        printf("witness: seq %llu bad: %s\n", (unsigned long long)w.seq,
               mdsec_status_str(res->reason));
    } else if (res->reason == MDSEC_ERR_LOG_TRUNCATED) {
        printf("witness: seq %llu is beyond the end of the export\n", (unsigned long long)w.seq);
    } else {
        printf("witness: seq %llu not checked (verification stopped)\n", (unsigned long long)w.seq);
    }
}

/*
 * After a MAC failure at the export's first record, with nothing verified:
 * whether any record verifies under the given k0 at its own epoch. None
 * means the key is not this log's (or every record was modified); one
 * means the key is right and the first record was modified. Only records
 * at their expected place are tried, so the key is evolved no further than
 * the export's own length. Tells the cause only: the verdict stands.
 */
static int key_fits_a_record(const uint8_t *exp, size_t len, const mdsec_log_verify_params_t *p)
{
    log_export_header_t h;
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint32_t key_epoch = 0;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    int fits = 0;

    if (mdsec__log_export_header_parse(exp, len, &h) != MDSEC_OK) {
        return 0;
    }
    memcpy(key, p->k0, sizeof key);
    for (uint32_t i = 0; i < h.record_count && !fits; i++) {
        log_record_t r;
        size_t used = 0;
        uint32_t e = 0;
        if (mdsec__log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
            break;
        }
        if (r.seq == h.start_seq + i &&
            mdsec__log_epoch_of(r.seq, p->evolve_every, &e) == MDSEC_OK && e == r.epoch &&
            e >= key_epoch) {
            int ok = 1;
            while (ok && key_epoch < e) {
                key_epoch++;
                ok = mdsec__log_key_evolve(key, key_epoch) == MDSEC_OK;
            }
            if (!ok) {
                break;
            }
            fits = mdsec__log_record_check_mac(exp + off, &r, key) == MDSEC_OK;
        }
        off += used;
    }
    mdsec_memzero(key, sizeof key);
    return fits;
}

/* Whether the failure is the first record's MAC with no record verified. */
static int first_record_mac(const mdsec_log_verify_result_t *res)
{
    return res->reason == MDSEC_ERR_LOG_MAC && res->bad_in == MDSEC_LOG_BAD_IN_EXPORT &&
           res->records == 0u && res->bad_offset == MDSEC_LOG_EXPORT_HEADER_LEN;
}

static void print_report(const uint8_t *exp, size_t len, const mdsec_log_verify_params_t *p,
                         const mdsec_log_verify_result_t *res, int pass, int foreign_key)
{
    log_export_header_t h;
    const int have_h = mdsec__log_export_header_parse(exp, len, &h) == MDSEC_OK;

    printf("%s\n", pass ? "PASS" : "FAIL");
    if (res->records == 0u) {
        printf("verified: 0 records\n");
    } else {
        printf("verified: %llu records, seq %llu..%llu\n", (unsigned long long)res->records,
               (unsigned long long)res->first_seq, (unsigned long long)res->last_seq);
    }
    if (res->anchor_seq != UINT64_MAX && have_h) {
        printf("start: seq %llu; records before it were dropped (marker at seq %llu, %s)\n",
               (unsigned long long)h.start_seq, (unsigned long long)res->anchor_seq,
               res->anchor_witnessed ? "pinned by the witness"
                                     : "not pinned by a witness: whoever holds the device's "
                                       "current key could have written it");
    }
    if (p->pubkey == NULL) {
        printf("sealed: not checked (no public key); unsealed tail: %llu records\n",
               (unsigned long long)res->unsealed);
    } else if (res->last_sealed == UINT64_MAX) {
        printf("sealed: none (%lu checkpoints); unsealed tail: %llu records\n",
               (unsigned long)res->checkpoints, (unsigned long long)res->unsealed);
    } else {
        printf("sealed: through seq %llu (%lu checkpoints); unsealed tail: %llu records\n",
               (unsigned long long)res->last_sealed, (unsigned long)res->checkpoints,
               (unsigned long long)res->unsealed);
    }
    printf("gaps: %lu\n", (unsigned long)res->gaps);
    printf("boot changes: %lu\n", (unsigned long)res->boots);
    print_boots(exp, len, res);
    print_witness(p, res, &h, have_h);
    if (!pass && res->bad_in == MDSEC_LOG_BAD_IN_EXPORT) {
        if (res->reason == MDSEC_ERR_LOG_PARAMS) {
            printf("export header: the %s at offset %llu disagrees with the verifier's "
                   "provisioned value: %s (%d)\n",
                   res->bad_offset == 24u ? "evolve_every" : "device id",
                   (unsigned long long)res->bad_offset, mdsec_status_str(res->reason),
                   (int)res->reason);
        } else if (foreign_key) {
            printf("first bad record: seq %llu at offset %llu: MAC invalid under this key (%d); "
                   "no record of the export verifies under it: the key does not belong to this "
                   "log (or every record was modified)\n",
                   (unsigned long long)res->bad_seq, (unsigned long long)res->bad_offset,
                   (int)res->reason);
        } else if (res->reason == MDSEC_ERR_LOG_UNSEALED) {
            printf("first unsealed record: seq %llu at offset %llu: %s (%d)\n",
                   (unsigned long long)res->bad_seq, (unsigned long long)res->bad_offset,
                   mdsec_status_str(res->reason), (int)res->reason);
        } else {
            printf("first bad record: seq %llu at offset %llu: %s (%d)\n",
                   (unsigned long long)res->bad_seq, (unsigned long long)res->bad_offset,
                   mdsec_status_str(res->reason), (int)res->reason);
        }
        if (res->reason == MDSEC_ERR_LOG_EPOCH) {
            printf("  sealed with the key of epoch %lu\n", (unsigned long)res->bad_epoch);
        }
    }
}

enum {
    OPT_BUNDLE,
    OPT_KEY_FILE,
    OPT_DEVICE_ID,
    OPT_EVOLVE_EVERY,
    OPT_PUBKEY,
    OPT_WITNESS,
    OPT_REQUIRE_SEALED
};

static const toolutil_opt_t verify_opts[] = {
    [OPT_BUNDLE] = {"--bundle", NULL, "B",
                    "the verifier bundle made at provisioning (k0,\n"
                    "device id, evolve_every, checkpoint public key);\n"
                    "given alone",
                    NULL},
    [OPT_KEY_FILE] = {"--key-file", NULL, "K",
                      "instead of a bundle: the initial MAC key k0, 32\n"
                      "raw bytes or 64 hex digits (never on the command\n"
                      "line)",
                      NULL},
    [OPT_DEVICE_ID] = {"--device-id", NULL, "HEX", "with --key-file: the device id, 32 hex digits",
                       NULL},
    [OPT_EVOLVE_EVERY] = {"--evolve-every", NULL, "N", "with --key-file: the device's evolve_every",
                          NULL},
    [OPT_PUBKEY] = {"--pubkey", NULL, "P",
                    "checkpoint public key: PEM or DER\n"
                    "SubjectPublicKeyInfo, or the 65-byte raw point",
                    NULL},
    [OPT_WITNESS] = {"--witness", NULL, "W", "a witness file (136 bytes); needs a public key",
                     NULL},
    [OPT_REQUIRE_SEALED] = {"--require-sealed", NULL, NULL,
                            "fail when a record is not sealed by a checkpoint", NULL},
};

static const char *const verify_refused[] = {"--key", "-k", NULL};

const toolutil_cmd_t logtool_verify_cmd = {
    "verify",
    "--bundle B [--witness W] [--require-sealed] EXPORT\n"
    "--key-file K --device-id HEX --evolve-every N\n"
    " [--pubkey P] [--witness W] [--require-sealed] EXPORT",
    "verify a binary export with mdsec_log_verify_export(); print PASS or FAIL,\n"
    "the verified range, the unsealed tail, gaps, boot changes and the first\n"
    "bad record; exit 0 PASS, 1 FAIL",
    NULL,
    verify_opts,
    sizeof verify_opts / sizeof verify_opts[0],
    verify_refused,
    "the key is read from a file (--bundle B or --key-file K), never from the command line"};

/* The provisioned values: a bundle, or the key file with the device id and
 * evolve_every given explicitly. */
typedef struct verify_opts {
    const char *bundle_path;
    const char *key_path;
    const char *pub_path;
    const char *wit_path;
    const char *exp_path;
    const char *device_hex;
    const char *evolve;
    int require_sealed;
} verify_opts_t;

/* 0, or -1 with *rc the exit code (after a reason or the help). */
static int parse_opts(int argc, char **argv, verify_opts_t *o, int *rc)
{
    toolutil_args_t a;
    const char *v;
    int k;

    memset(o, 0, sizeof *o);
    *rc = LOGTOOL_EXIT_USAGE;
    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_next(&a, &logtool_verify_cmd, &v)) != TOOLUTIL_ARG_END) {
        switch (k) {
        case TOOLUTIL_ARG_POS:
            if (o->exp_path != NULL) {
                toolutil_err("verify: one EXPORT only");
                return -1;
            }
            o->exp_path = v;
            break;
        case TOOLUTIL_ARG_HELP:
            toolutil_cmd_help(stdout, &logtool_verify_cmd);
            *rc = LOGTOOL_EXIT_OK;
            return -1;
        case OPT_REQUIRE_SEALED: o->require_sealed = 1; break;
        case OPT_BUNDLE: o->bundle_path = v; break;
        case OPT_KEY_FILE: o->key_path = v; break;
        case OPT_PUBKEY: o->pub_path = v; break;
        case OPT_WITNESS: o->wit_path = v; break;
        case OPT_DEVICE_ID: o->device_hex = v; break;
        case OPT_EVOLVE_EVERY: o->evolve = v; break;
        default: return -1;
        }
    }
    if (o->exp_path == NULL) {
        toolutil_err("verify: needs EXPORT (try mdsec-log verify --help)");
        return -1;
    }
    if (o->bundle_path != NULL && (o->key_path != NULL || o->pub_path != NULL ||
                                   o->device_hex != NULL || o->evolve != NULL)) {
        toolutil_err("verify: --bundle holds the key, device id, evolve_every and public key; "
                     "give it alone");
        return -1;
    }
    if (o->bundle_path == NULL &&
        (o->key_path == NULL || o->device_hex == NULL || o->evolve == NULL)) {
        toolutil_err("verify: needs --bundle B, or --key-file K with --device-id and "
                     "--evolve-every (try mdsec-log verify --help)");
        return -1;
    }
    if (o->wit_path != NULL && o->bundle_path == NULL && o->pub_path == NULL) {
        toolutil_err("verify: --witness needs --pubkey (a witness is trusted by its signature)");
        return -1;
    }
    return 0;
}

/* The one-line reason of a FAIL, on stderr. */
static void fail_line(const verify_opts_t *o, const uint8_t *exp, size_t len,
                      const mdsec_log_verify_result_t *res, int foreign_key)
{
    log_export_header_t h;

    if (foreign_key) {
        toolutil_err("%s: FAIL: the %s does not belong to this log (no record verifies under "
                     "its key; or every record was modified)",
                     o->exp_path, o->bundle_path != NULL ? "bundle" : "key");
        return;
    }
    if (res->reason == MDSEC_ERR_LOG_PARAMS && res->bad_offset == 8u &&
        mdsec__log_export_header_parse(exp, len, &h) == MDSEC_OK) {
        char dev[2u * MDSEC_LOG_DEVICE_ID_LEN + 1u];
        for (size_t i = 0; i < MDSEC_LOG_DEVICE_ID_LEN; i++) {
            (void)snprintf(dev + 2u * i, 3u, "%02x", (unsigned)h.device_id[i]);
        }
        toolutil_err("%s: FAIL: the %s does not belong to this log (the export is from "
                     "device %s)",
                     o->exp_path, o->bundle_path != NULL ? "bundle" : "--device-id", dev);
        return;
    }
    toolutil_err("%s: FAIL: %s at seq %llu (offset %llu)", o->exp_path,
                 mdsec_status_str(res->reason), (unsigned long long)res->bad_seq,
                 (unsigned long long)res->bad_offset);
}

int logtool_cmd_verify(int argc, char **argv)
{
    verify_opts_t o;
    mdsec_log_bundle_t b;
    uint8_t *wit = NULL;
    size_t wit_len = 0;
    uint8_t *exp = NULL;
    size_t exp_len = 0;
    mdsec_log_verify_params_t p;
    mdsec_log_verify_result_t res;
    mdsec_status_t st;
    int rc = LOGTOOL_EXIT_USAGE;
    int k;

    if (parse_opts(argc, argv, &o, &rc) != 0) {
        return rc;
    }
    rc = LOGTOOL_EXIT_USAGE;
    memset(&p, 0, sizeof p);
    mdsec_memzero(&b, sizeof b);
    if (o.bundle_path != NULL) {
        if (logtool_load_bundle(o.bundle_path, &b) != 0 || mdsec_log_bundle_params(&b, &p) != 0) {
            goto out;
        }
    } else {
        if (logtool_load_key(o.key_path, b.k0) != 0 ||
            logtool_parse_device_id(o.device_hex, b.device_id) != 0 ||
            logtool_parse_evolve_every(o.evolve, &b.evolve_every) != 0) {
            goto out;
        }
        p.k0 = b.k0;
        p.device_id = b.device_id;
        p.evolve_every = b.evolve_every;
        if (o.pub_path != NULL) {
            if (logtool_load_pubkey(o.pub_path, b.pubkey) != 0) {
                goto out;
            }
            p.pubkey = b.pubkey;
            p.pubkey_len = sizeof b.pubkey;
        }
    }
    if (o.wit_path != NULL) {
        if (toolutil_read_file(o.wit_path, LOGTOOL_KEY_FILE_MAX, 0u, &wit, &wit_len) != 0) {
            goto out;
        }
        if (wit_len != MDSEC_LOG_WITNESS_LEN) {
            toolutil_err("%s: not a witness (%lu bytes, expected %u)", o.wit_path,
                         (unsigned long)wit_len, (unsigned)MDSEC_LOG_WITNESS_LEN);
            goto out;
        }
        p.witness = wit;
        p.witness_len = wit_len;
    }
    p.require_sealed = (uint8_t)o.require_sealed;
    k = toolutil_read_file(o.exp_path, LOGTOOL_EXPORT_MAX, 0u, &exp, &exp_len);
    if (k != 0) {
        rc = (k == TOOLUTIL_EMPTY) ? LOGTOOL_EXIT_FAIL : LOGTOOL_EXIT_USAGE;
        goto out;
    }

    st = mdsec_log_verify_export(exp, exp_len, &p, &res);
    if (res.bad_in == MDSEC_LOG_BAD_IN_PARAMS) {
        /* The verifier's own inputs: a usage error, not a verdict. */
        toolutil_err("verify: %s (the public key is not a P-256 point?)", mdsec_status_str(st));
        goto out;
    }
    /* The verdict constant, checked as well as the status. */
    if (st == MDSEC_OK && res.verdict == MDSEC_LOG_VERDICT_PASS) {
        print_report(exp, exp_len, &p, &res, 1, 0);
        rc = LOGTOOL_EXIT_OK;
    } else {
        const int foreign = first_record_mac(&res) && !key_fits_a_record(exp, exp_len, &p);
        print_report(exp, exp_len, &p, &res, 0, foreign);
        fail_line(&o, exp, exp_len, &res, foreign);
        rc = LOGTOOL_EXIT_FAIL;
    }
out:
    mdsec_memzero(&b, sizeof b);
    toolutil_free(wit, wit_len);
    toolutil_free(exp, exp_len);
    return rc;
}
