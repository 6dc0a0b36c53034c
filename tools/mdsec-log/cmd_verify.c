/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log verify: the verdict of mdsec_log_verify_export() on an export,
 * with the verified range, the unsealed tail, gaps, boot changes and the
 * first bad record. The key k0 comes from a file, never from the command
 * line.
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

    if (res->records == 0u || log_export_header_parse(exp, len, &h) != MDSEC_OK) {
        return;
    }
    for (uint64_t i = 0; i < res->records && off < len; i++) {
        log_record_t r;
        size_t used = 0;
        if (log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
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

static void print_report(const uint8_t *exp, size_t len, const mdsec_log_verify_params_t *p,
                         const mdsec_log_verify_result_t *res, int pass)
{
    printf("%s\n", pass ? "PASS" : "FAIL");
    if (res->records == 0u) {
        printf("verified: 0 records\n");
    } else {
        printf("verified: %llu records, seq %llu..%llu\n", (unsigned long long)res->records,
               (unsigned long long)res->first_seq, (unsigned long long)res->last_seq);
    }
    if (p->pubkey == NULL) {
        printf("sealed: not checked (no --pubkey); unsealed tail: %llu records\n",
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
    if (p->witness == NULL) {
        printf("witness: none given\n");
    } else {
        log_witness_t w;
        int have = log_witness_parse(p->witness, p->witness_len, &w) == MDSEC_OK;
        if (!have) {
            printf("witness: malformed\n");
        } else if (res->witness_checked) {
            printf("witness: seq %llu checked\n", (unsigned long long)w.seq);
        } else if (res->reason == MDSEC_ERR_LOG_TRUNCATED) {
            printf("witness: seq %llu is beyond the end of the export\n",
                   (unsigned long long)w.seq);
        } else if (res->reason == MDSEC_ERR_LOG_WITNESS && res->bad_seq == w.seq &&
                   res->bad_offset == MDSEC_LOG_EXPORT_HEADER_LEN) {
            printf("witness: seq %llu precedes the export (its head was dropped or cut)\n",
                   (unsigned long long)w.seq);
        } else {
            printf("witness: seq %llu not checked (verification stopped)\n",
                   (unsigned long long)w.seq);
        }
    }
    if (!pass) {
        printf("first bad record: seq %llu at offset %llu: %s (%d)\n",
               (unsigned long long)res->bad_seq, (unsigned long long)res->bad_offset,
               mdsec_status_str(res->reason), (int)res->reason);
        if (res->reason == MDSEC_ERR_LOG_EPOCH) {
            printf("  sealed with the key of epoch %lu\n", (unsigned long)res->bad_epoch);
        }
    }
}

int logtool_cmd_verify(int argc, char **argv)
{
    toolutil_args_t a;
    const char *pos;
    const char *key_path = NULL;
    const char *pub_path = NULL;
    const char *wit_path = NULL;
    const char *exp_path = NULL;
    int require_sealed = 0;
    int k;
    uint8_t k0[MDSEC_LOG_KEY_LEN];
    uint8_t pub[65];
    uint8_t *wit = NULL;
    size_t wit_len = 0;
    uint8_t *exp = NULL;
    size_t exp_len = 0;
    mdsec_log_verify_params_t p;
    mdsec_log_verify_result_t res;
    mdsec_status_t st;
    int rc = LOGTOOL_EXIT_USAGE;

    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_args_next(&a, &pos)) >= 0) {
        if (k == 0) {
            if (exp_path != NULL) {
                toolutil_err("verify: one EXPORT only");
                return LOGTOOL_EXIT_USAGE;
            }
            exp_path = pos;
        } else if (toolutil_is_help(a.name)) {
            logtool_usage(stdout);
            return LOGTOOL_EXIT_OK;
        } else if (strcmp(a.name, "--key-file") == 0) {
            if ((key_path = toolutil_args_value(&a)) == NULL) {
                return LOGTOOL_EXIT_USAGE;
            }
        } else if (strcmp(a.name, "--pubkey") == 0) {
            if ((pub_path = toolutil_args_value(&a)) == NULL) {
                return LOGTOOL_EXIT_USAGE;
            }
        } else if (strcmp(a.name, "--witness") == 0) {
            if ((wit_path = toolutil_args_value(&a)) == NULL) {
                return LOGTOOL_EXIT_USAGE;
            }
        } else if (strcmp(a.name, "--require-sealed") == 0) {
            if (!toolutil_args_flag_ok(&a)) {
                return LOGTOOL_EXIT_USAGE;
            }
            require_sealed = 1;
        } else if (strcmp(a.name, "--key") == 0 || strcmp(a.name, "-k") == 0) {
            toolutil_err("verify: the key is read from a file (--key-file K), never from the "
                         "command line");
            return LOGTOOL_EXIT_USAGE;
        } else {
            toolutil_err("verify: unknown option %s", a.name);
            return LOGTOOL_EXIT_USAGE;
        }
    }
    if (key_path == NULL || exp_path == NULL) {
        toolutil_err("verify: needs --key-file K and EXPORT (try mdsec-log --help)");
        return LOGTOOL_EXIT_USAGE;
    }
    if (wit_path != NULL && pub_path == NULL) {
        toolutil_err("verify: --witness needs --pubkey (a witness is trusted by its signature)");
        return LOGTOOL_EXIT_USAGE;
    }

    memset(&p, 0, sizeof p);
    if (logtool_load_key(key_path, k0) != 0) {
        return LOGTOOL_EXIT_USAGE;
    }
    p.k0 = k0;
    if (pub_path != NULL) {
        if (logtool_load_pubkey(pub_path, pub) != 0) {
            goto out;
        }
        p.pubkey = pub;
        p.pubkey_len = sizeof pub;
    }
    if (wit_path != NULL) {
        if (toolutil_read_file(wit_path, LOGTOOL_KEY_FILE_MAX, &wit, &wit_len) != 0) {
            goto out;
        }
        if (wit_len != MDSEC_LOG_WITNESS_LEN) {
            toolutil_err("%s: not a witness (%lu bytes, expected %u)", wit_path,
                         (unsigned long)wit_len, (unsigned)MDSEC_LOG_WITNESS_LEN);
            goto out;
        }
        p.witness = wit;
        p.witness_len = wit_len;
    }
    p.require_sealed = (uint8_t)require_sealed;
    if (toolutil_read_file(exp_path, LOGTOOL_EXPORT_MAX, &exp, &exp_len) != 0) {
        goto out;
    }

    st = mdsec_log_verify_export(exp, exp_len, &p, &res);
    if (st == MDSEC_ERR_INVALID_ARG) {
        toolutil_err("verify: %s", mdsec_status_str(st));
        goto out;
    }
    /* The verdict constant, checked as well as the status. */
    if (st == MDSEC_OK && res.verdict == MDSEC_LOG_VERDICT_PASS) {
        print_report(exp, exp_len, &p, &res, 1);
        rc = LOGTOOL_EXIT_OK;
    } else {
        print_report(exp, exp_len, &p, &res, 0);
        toolutil_err("%s: FAIL: %s at seq %llu (offset %llu)", exp_path,
                     mdsec_status_str(res.reason), (unsigned long long)res.bad_seq,
                     (unsigned long long)res.bad_offset);
        rc = LOGTOOL_EXIT_FAIL;
    }
out:
    mdsec_memzero(k0, sizeof k0);
    toolutil_free(wit, wit_len);
    toolutil_free(exp, exp_len);
    return rc;
}
