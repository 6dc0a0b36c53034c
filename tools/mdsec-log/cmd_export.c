/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log export / show: convert a binary export (or the log of a POSIX
 * port state directory) to JSON Lines or binary, and print records for
 * people. The whole export is recognised (header, every record, nothing
 * trailing) before anything is written. Neither command verifies MACs,
 * chain or signatures: that is `mdsec-log verify`.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r, stat, geteuid */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log/log_internal.h"
#include "mdsec/core.h"
#include "mdsec/event.h"

#include "logtool.h"

#ifdef LOGTOOL_WITH_DEVICE
#include "mdsec/port.h"
#include "mdsec/port_posix.h"
#endif

/* Recognises the whole export; 0, or -1 after printing where it is malformed. */
static int recognise(const char *name, const uint8_t *exp, size_t len, log_export_header_t *h)
{
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;

    if (mdsec__log_export_header_parse(exp, len, h) != MDSEC_OK) {
        toolutil_err("%s: not a log export (bad header)", name);
        return -1;
    }
    for (uint32_t i = 0; i < h->record_count; i++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
            toolutil_err("%s: malformed record %lu at offset %lu", name, (unsigned long)i,
                         (unsigned long)off);
            return -1;
        }
        off += used;
    }
    if (off != len) {
        toolutil_err("%s: %lu bytes after the last record (offset %lu)", name,
                     (unsigned long)(len - off), (unsigned long)off);
        return -1;
    }
    return 0;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc((int)c, f);
        } else if (c < 0x20u || c >= 0x7Fu) {
            fprintf(f, "\\u%04x", (unsigned)c);
        } else {
            fputc((int)c, f);
        }
    }
    fputc('"', f);
}

static void json_hex(FILE *f, const char *key, const uint8_t *p, size_t n)
{
    fprintf(f, ",\"%s\":\"", key);
    toolutil_hex(f, p, n);
    fputc('"', f);
}

/* ISO 8601 UTC, or "" for 0 (unknown). */
static void wall_text(uint64_t s, char *out, size_t cap)
{
    time_t t;
    struct tm tm;

    out[0] = '\0';
    if (s == 0u || s > (uint64_t)253402300799u) { /* up to 9999-12-31 */
        return;
    }
    t = (time_t)s;
    if (gmtime_r(&t, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0u) {
        out[0] = '\0';
    }
}

static void jsonl_record(FILE *f, const log_export_header_t *h, const log_record_t *r, size_t off)
{
    char wall[32];

    wall_text(r->wall_s, wall, sizeof wall);
    fprintf(f, "{\"seq\":%llu,\"boot\":%lu,\"epoch\":%lu,\"kind\":", (unsigned long long)r->seq,
            (unsigned long)r->boot, (unsigned long)r->epoch);
    json_str(f, logtool_kind_name(r->kind));
    fprintf(f, ",\"mono_ms\":%llu,\"wall_s\":%llu,\"wall\":", (unsigned long long)r->mono_ms,
            (unsigned long long)r->wall_s);
    json_str(f, wall);
    fprintf(f, ",\"code\":%u,\"code_name\":", (unsigned)r->code);
    json_str(f, logtool_code_name(r->code));
    fprintf(f, ",\"outcome\":%u,\"outcome_name\":", (unsigned)r->outcome);
    json_str(f, logtool_outcome_name(r->outcome));
    fprintf(f, ",\"source\":%u,\"source_name\":", (unsigned)r->source);
    json_str(f, logtool_source_name(r->source));
    fprintf(f, ",\"actor\":%lu,\"status\":%ld,\"status_name\":", (unsigned long)r->actor,
            (long)r->status);
    json_str(f, mdsec_status_str((mdsec_status_t)r->status));
    json_hex(f, "device", h->device_id, sizeof h->device_id);
    fprintf(f, ",\"offset\":%lu", (unsigned long)off);
    json_hex(f, "payload", r->payload != NULL ? r->payload : (const uint8_t *)"", r->payload_len);
    json_hex(f, "mac", r->mac, LOG_MAC_LEN);
    json_hex(f, "chain", r->chain, LOG_HASH_LEN);
    if (r->kind == MDSEC_LOG_KIND_CHECKPOINT) {
        log_witness_t w;
        if (mdsec__log_witness_parse(r->payload, r->payload_len, &w) == MDSEC_OK) {
            fprintf(f, ",\"checkpoint\":{\"seq\":%llu,\"epoch\":%lu,\"boot\":%lu",
                    (unsigned long long)w.seq, (unsigned long)w.epoch, (unsigned long)w.boot);
            json_hex(f, "head", w.head, sizeof w.head);
            json_hex(f, "sig", w.sig, sizeof w.sig);
            fputc('}', f);
        }
    } else if (r->kind == MDSEC_LOG_KIND_DROPPED) {
        uint64_t first = 0;
        uint64_t last = 0;
        uint8_t hl[LOG_HASH_LEN];
        if (mdsec__log_dropped_parse(r->payload, r->payload_len, &first, &last, hl) == MDSEC_OK) {
            fprintf(f, ",\"dropped\":{\"first\":%llu,\"last\":%llu", (unsigned long long)first,
                    (unsigned long long)last);
            json_hex(f, "h_last", hl, sizeof hl);
            fputc('}', f);
        }
    }
    fputs("}\n", f);
}

static void show_record(FILE *f, const log_record_t *r)
{
    char wall[32];

    wall_text(r->wall_s, wall, sizeof wall);
    fprintf(f, "seq %llu  boot %lu  epoch %lu  +%llu ms  %s  %s (0x%04x)  %s  src=%s  actor=%lu",
            (unsigned long long)r->seq, (unsigned long)r->boot, (unsigned long)r->epoch,
            (unsigned long long)r->mono_ms, wall[0] != '\0' ? wall : "wall-clock-unknown",
            logtool_code_name(r->code), (unsigned)r->code, logtool_outcome_name(r->outcome),
            logtool_source_name(r->source), (unsigned long)r->actor);
    if (r->status != 0) {
        fprintf(f, "  status=%ld (%s)", (long)r->status,
                mdsec_status_str((mdsec_status_t)r->status));
    }
    if (r->kind == MDSEC_LOG_KIND_CHECKPOINT) {
        log_witness_t w;
        if (mdsec__log_witness_parse(r->payload, r->payload_len, &w) == MDSEC_OK) {
            fprintf(f, "  covers seq %llu (epoch %lu, boot %lu) head ", (unsigned long long)w.seq,
                    (unsigned long)w.epoch, (unsigned long)w.boot);
            toolutil_hex(f, w.head, 8u);
            fputs("...", f);
        }
    } else if (r->kind == MDSEC_LOG_KIND_DROPPED) {
        uint64_t first = 0;
        uint64_t last = 0;
        uint8_t hl[LOG_HASH_LEN];
        if (mdsec__log_dropped_parse(r->payload, r->payload_len, &first, &last, hl) == MDSEC_OK) {
            fprintf(f, "  records %llu..%llu dropped", (unsigned long long)first,
                    (unsigned long long)last);
        }
    } else if (r->payload_len != 0u) {
        fputs("  payload ", f);
        toolutil_hex(f, r->payload, r->payload_len);
    }
    fputc('\n', f);
}

#ifdef LOGTOOL_WITH_DEVICE
typedef struct grow_buf {
    uint8_t *p;
    size_t len;
    size_t cap;
} grow_buf_t;

static mdsec_status_t grow_write(void *arg, const uint8_t *data, size_t len)
{
    grow_buf_t *b = (grow_buf_t *)arg;
    if (len > LOGTOOL_EXPORT_MAX - b->len) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (b->len + len > b->cap) {
        size_t cap = b->cap == 0u ? 65536u : b->cap;
        uint8_t *np;
        while (cap < b->len + len) {
            cap *= 2u;
        }
        np = realloc(b->p, cap);
        if (np == NULL) {
            return MDSEC_ERR_BUFFER_TOO_SMALL;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return MDSEC_OK;
}

/*
 * Whether dir holds a device's state that the POSIX port opens without
 * creating anything: the directory (owned by this user, not writable by
 * others, as the port requires), its lock file and the log region file of
 * the default size. 0, or -1 after the reason.
 */
static int check_state_dir(const char *dir)
{
    char path[MDSEC_POSIX_PATH_MAX + 32u];
    struct stat sb;

    if (stat(dir, &sb) != 0) {
        toolutil_err("%s: cannot open: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        toolutil_err("%s: not a directory", dir);
        return -1;
    }
    if (sb.st_uid != geteuid() || (sb.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        toolutil_err("%s: refused: a state directory must be owned by you and not writable by "
                     "group or others",
                     dir);
        return -1;
    }
    if ((size_t)snprintf(path, sizeof path, "%s/region-%u.bin", dir,
                         (unsigned)MDSEC_PORT_REGION_LOG) >= sizeof path) {
        toolutil_err("%s: path too long", dir);
        return -1;
    }
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        toolutil_err("%s: no device state here (no log region file region-%u.bin)", dir,
                     (unsigned)MDSEC_PORT_REGION_LOG);
        return -1;
    }
    if (sb.st_size != (off_t)MDSEC_POSIX_LOG_SIZE_DEFAULT) {
        toolutil_err("%s: the log region file region-%u.bin is %lld bytes, not the POSIX port's "
                     "%lu",
                     dir, (unsigned)MDSEC_PORT_REGION_LOG, (long long)sb.st_size,
                     (unsigned long)MDSEC_POSIX_LOG_SIZE_DEFAULT);
        return -1;
    }
    (void)snprintf(path, sizeof path, "%s/lock", dir);
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        toolutil_err("%s: no device state here (no lock file)", dir);
        return -1;
    }
    return 0;
}

/* Exports the log of a POSIX port state directory (opened read-only). */
static int export_state_dir(const char *dir, uint8_t **exp, size_t *len)
{
    static mdsec_log_ctx_t ctx;
    mdsec_log_config_t cfg;
    grow_buf_t b;
    mdsec_status_t st;

    *exp = NULL;
    *len = 0u;
    if (check_state_dir(dir) != 0) {
        return -1;
    }
    /* Only the log region: the keystore's region file is neither needed nor created. */
    st = mdsec_posix_set_state_dir(dir);
    if (st == MDSEC_OK) {
        st = mdsec_posix_set_region(MDSEC_PORT_REGION_KEYSTORE, NULL);
    }
    if (st == MDSEC_OK) {
        st = mdsec_port_init();
    }
    if (st != MDSEC_OK) {
        toolutil_err("%s: cannot open the device state: %s%s", dir, mdsec_status_str(st),
                     st == MDSEC_ERR_STATE ? " (is the device running?)" : "");
        mdsec_posix_deinit();
        return -1;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.region = MDSEC_PORT_REGION_LOG;
    cfg.read_only = 1u;
    memset(&b, 0, sizeof b);
    st = mdsec_log_open(&ctx, &cfg);
    if (st == MDSEC_ERR_LOG_SECTOR) {
        toolutil_err("%s: warning: a corrupted log sector was skipped", dir);
        st = MDSEC_OK;
    }
    if (st != MDSEC_OK) {
        toolutil_err("%s: cannot open the log: %s", dir, mdsec_status_str(st));
    } else {
        st = mdsec_log_export(&ctx, grow_write, &b);
        const mdsec_status_t cst = mdsec_log_close(&ctx);
        if (st != MDSEC_OK) {
            toolutil_err("%s: export failed: %s", dir, mdsec_status_str(st));
        } else if (cst != MDSEC_OK) {
            toolutil_err("%s: closing the log: %s", dir, mdsec_status_str(cst));
        }
    }
    mdsec_posix_deinit();
    if (st != MDSEC_OK) {
        free(b.p);
        return -1;
    }
    *exp = b.p;
    *len = b.len;
    return 0;
}
#endif

enum { OPT_FORMAT, OPT_OUTPUT, OPT_STATE_DIR };

static const toolutil_opt_t export_opts[] = {
    [OPT_FORMAT] = {"--format", NULL, "jsonl|bin",
                    "JSON Lines, one object per record (default), or\n"
                    "the binary export",
                    NULL},
    [OPT_OUTPUT] = {"-o", "--output", "OUT", "where to write (default -: standard output)", NULL},
    [OPT_STATE_DIR] = {"--state-dir", NULL, "DIR",
                       "instead of EXPORT: the log of a POSIX port state\n"
                       "directory",
                       NULL},
};

const toolutil_cmd_t logtool_export_cmd = {
    "export",
    "[--format jsonl|bin] [-o OUT] EXPORT\n"
    "--state-dir DIR [--format jsonl|bin] [-o OUT]",
    "convert a binary export (or the log of a POSIX port state directory)\n"
    "to JSON Lines, one object per record (default), or to the binary form",
    NULL,
    export_opts,
    sizeof export_opts / sizeof export_opts[0],
    NULL,
    NULL};

const toolutil_cmd_t logtool_show_cmd = {
    "show", "EXPORT", "print the records for people (not a verification)", NULL, NULL, 0u,
    NULL,   NULL};

int logtool_cmd_export(int argc, char **argv)
{
    toolutil_args_t a;
    const char *v;
    const char *in = NULL;
    const char *out = NULL;
    const char *state_dir = NULL;
    int bin = 0;
    int k;
    uint8_t *exp = NULL;
    size_t len = 0;
    log_export_header_t h;
    int rc = LOGTOOL_EXIT_USAGE;

    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_next(&a, &logtool_export_cmd, &v)) != TOOLUTIL_ARG_END) {
        switch (k) {
        case TOOLUTIL_ARG_POS:
            if (in != NULL) {
                toolutil_err("export: one EXPORT only");
                return LOGTOOL_EXIT_USAGE;
            }
            in = v;
            break;
        case TOOLUTIL_ARG_HELP:
            toolutil_cmd_help(stdout, &logtool_export_cmd);
            return LOGTOOL_EXIT_OK;
        case OPT_FORMAT:
            if (strcmp(v, "jsonl") == 0) {
                bin = 0;
            } else if (strcmp(v, "bin") == 0) {
                bin = 1;
            } else {
                toolutil_err("export: --format is jsonl or bin, not '%s'", v);
                return LOGTOOL_EXIT_USAGE;
            }
            break;
        case OPT_OUTPUT: out = v; break;
        case OPT_STATE_DIR: state_dir = v; break;
        default: return LOGTOOL_EXIT_USAGE;
        }
    }
    if ((in == NULL) == (state_dir == NULL)) {
        toolutil_err("export: needs EXPORT or --state-dir DIR (one of them)");
        return LOGTOOL_EXIT_USAGE;
    }
    if (state_dir != NULL ? toolutil_check_output_dir(out, state_dir) != 0
                          : toolutil_check_output(out, &in, 1u) != 0) {
        return LOGTOOL_EXIT_USAGE;
    }
    if (state_dir != NULL) {
#ifdef LOGTOOL_WITH_DEVICE
        if (export_state_dir(state_dir, &exp, &len) != 0) {
            return LOGTOOL_EXIT_USAGE;
        }
        in = state_dir;
#else
        toolutil_err("export: --state-dir is not available in this build (no device log code)");
        return LOGTOOL_EXIT_USAGE;
#endif
    } else if ((k = toolutil_read_file(in, LOGTOOL_EXPORT_MAX, 0u, &exp, &len)) != 0) {
        return (k == TOOLUTIL_EMPTY) ? LOGTOOL_EXIT_FAIL : LOGTOOL_EXIT_USAGE;
    }
    if (recognise(in, exp, len, &h) != 0) {
        rc = LOGTOOL_EXIT_FAIL;
    } else if (bin) {
        rc = toolutil_write_file(out, exp, len) == 0 ? LOGTOOL_EXIT_OK : LOGTOOL_EXIT_USAGE;
    } else {
        FILE *f = toolutil_create(out);
        if (f != NULL) {
            size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
            for (uint32_t i = 0; i < h.record_count; i++) {
                log_record_t r;
                size_t used = 0;
                if (mdsec__log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
                    break; /* cannot happen: recognised above */
                }
                jsonl_record(f, &h, &r, off);
                off += used;
            }
            rc = toolutil_finish(f, out) == 0 ? LOGTOOL_EXIT_OK : LOGTOOL_EXIT_USAGE;
        }
    }
    toolutil_free(exp, len);
    return rc;
}

int logtool_cmd_show(int argc, char **argv)
{
    toolutil_args_t a;
    const char *v;
    const char *in = NULL;
    int k;
    uint8_t *exp = NULL;
    size_t len = 0;
    log_export_header_t h;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;

    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_next(&a, &logtool_show_cmd, &v)) != TOOLUTIL_ARG_END) {
        if (k == TOOLUTIL_ARG_POS) {
            if (in != NULL) {
                toolutil_err("show: one EXPORT only");
                return LOGTOOL_EXIT_USAGE;
            }
            in = v;
        } else if (k == TOOLUTIL_ARG_HELP) {
            toolutil_cmd_help(stdout, &logtool_show_cmd);
            return LOGTOOL_EXIT_OK;
        } else {
            return LOGTOOL_EXIT_USAGE;
        }
    }
    if (in == NULL) {
        toolutil_err("show: needs EXPORT");
        return LOGTOOL_EXIT_USAGE;
    }
    if ((k = toolutil_read_file(in, LOGTOOL_EXPORT_MAX, 0u, &exp, &len)) != 0) {
        return (k == TOOLUTIL_EMPTY) ? LOGTOOL_EXIT_FAIL : LOGTOOL_EXIT_USAGE;
    }
    if (recognise(in, exp, len, &h) != 0) {
        toolutil_free(exp, len);
        return LOGTOOL_EXIT_FAIL;
    }
    printf("device ");
    toolutil_hex(stdout, h.device_id, sizeof h.device_id);
    printf("  records %lu from seq %llu  evolve_every %lu  (not verified: use mdsec-log verify)\n",
           (unsigned long)h.record_count, (unsigned long long)h.start_seq,
           (unsigned long)h.evolve_every);
    for (uint32_t i = 0; i < h.record_count; i++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(exp + off, len - off, &r, &used) != MDSEC_OK) {
            break;
        }
        show_record(stdout, &r);
        off += used;
    }
    toolutil_free(exp, len);
    return LOGTOOL_EXIT_OK;
}
