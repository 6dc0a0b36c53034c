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

static void print_report(const uint8_t *exp, size_t len, const mdsec_log_verify_params_t *p,
                         const mdsec_log_verify_result_t *res, int pass)
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

/* The provisioned values: a bundle, or the key file with the device id and
 * evolve_every given explicitly. 0, or -1 after a reason. */
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

static int parse_opts(int argc, char **argv, verify_opts_t *o, int *rc)
{
    toolutil_args_t a;
    const char *pos;
    int k;

    memset(o, 0, sizeof *o);
    *rc = LOGTOOL_EXIT_USAGE;
    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_args_next(&a, &pos)) >= 0) {
        const char **slot = NULL;
        if (k == 0) {
            if (o->exp_path != NULL) {
                toolutil_err("verify: one EXPORT only");
                return -1;
            }
            o->exp_path = pos;
            continue;
        }
        if (toolutil_is_help(a.name)) {
            logtool_usage(stdout);
            *rc = LOGTOOL_EXIT_OK;
            return -1;
        }
        if (strcmp(a.name, "--require-sealed") == 0) {
            if (!toolutil_args_flag_ok(&a)) {
                return -1;
            }
            o->require_sealed = 1;
            continue;
        }
        if (strcmp(a.name, "--key") == 0 || strcmp(a.name, "-k") == 0) {
            toolutil_err("verify: the key is read from a file (--bundle B or --key-file K), "
                         "never from the command line");
            return -1;
        }
        if (strcmp(a.name, "--bundle") == 0) {
            slot = &o->bundle_path;
        } else if (strcmp(a.name, "--key-file") == 0) {
            slot = &o->key_path;
        } else if (strcmp(a.name, "--pubkey") == 0) {
            slot = &o->pub_path;
        } else if (strcmp(a.name, "--witness") == 0) {
            slot = &o->wit_path;
        } else if (strcmp(a.name, "--device-id") == 0) {
            slot = &o->device_hex;
        } else if (strcmp(a.name, "--evolve-every") == 0) {
            slot = &o->evolve;
        } else {
            toolutil_err("verify: unknown option %s", a.name);
            return -1;
        }
        if ((*slot = toolutil_args_value(&a)) == NULL) {
            return -1;
        }
    }
    if (o->exp_path == NULL) {
        toolutil_err("verify: needs EXPORT (try mdsec-log --help)");
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
                     "--evolve-every (try mdsec-log --help)");
        return -1;
    }
    if (o->wit_path != NULL && o->bundle_path == NULL && o->pub_path == NULL) {
        toolutil_err("verify: --witness needs --pubkey (a witness is trusted by its signature)");
        return -1;
    }
    return 0;
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
        if (toolutil_read_file(o.wit_path, LOGTOOL_KEY_FILE_MAX, &wit, &wit_len) != 0) {
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
    if (toolutil_read_file(o.exp_path, LOGTOOL_EXPORT_MAX, &exp, &exp_len) != 0) {
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
        print_report(exp, exp_len, &p, &res, 1);
        rc = LOGTOOL_EXIT_OK;
    } else {
        print_report(exp, exp_len, &p, &res, 0);
        toolutil_err("%s: FAIL: %s at seq %llu (offset %llu)", o.exp_path,
                     mdsec_status_str(res.reason), (unsigned long long)res.bad_seq,
                     (unsigned long long)res.bad_offset);
        rc = LOGTOOL_EXIT_FAIL;
    }
out:
    mdsec_memzero(&b, sizeof b);
    toolutil_free(wit, wit_len);
    toolutil_free(exp, exp_len);
    return rc;
}
