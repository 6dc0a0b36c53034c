/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log: messages, files, options, key loading. The PEM layer is
 * BearSSL's decoder (br_pem_decoder, as in mdsec-fw); the DER inside is
 * parsed by mdsec's strict DER functions (mdsec/parse.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "mdsec/core.h"
#include "mdsec/event.h"
#include "mdsec/parse.h"

#include "logtool.h"

void logtool_err(const char *fmt, ...)
{
    va_list ap;

    fputs("mdsec-log: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void logtool_hex(FILE *out, const uint8_t *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        fprintf(out, "%02x", (unsigned)p[i]);
    }
}

/* ---- files ---- */

int logtool_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
    FILE *f;
    uint8_t *b;
    size_t cap = 4096u;
    size_t n = 0u;
    int is_stdin = strcmp(path, "-") == 0;

    *buf = NULL;
    *len = 0u;
    f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        logtool_err("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    b = malloc(cap);
    for (;;) {
        size_t got;
        if (b == NULL) {
            logtool_err("%s: out of memory", path);
            break;
        }
        if (n == cap) {
            uint8_t *nb;
            if (cap > max) {
                break;
            }
            nb = malloc(cap * 2u);
            if (nb != NULL) {
                memcpy(nb, b, n);
            }
            mdsec_memzero(b, cap);
            free(b);
            b = nb;
            cap *= 2u;
            continue;
        }
        got = fread(b + n, 1u, cap - n, f);
        n += got;
        if (got == 0u) {
            break;
        }
    }
    if (b != NULL && ferror(f)) {
        logtool_err("%s: read error", path);
        logtool_free(b, cap);
        b = NULL;
    } else if (b != NULL && n > max) {
        logtool_err("%s: larger than %lu bytes", path, (unsigned long)max);
        logtool_free(b, cap);
        b = NULL;
    }
    if (!is_stdin) {
        (void)fclose(f);
    }
    if (b == NULL) {
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

void logtool_free(uint8_t *buf, size_t len)
{
    if (buf != NULL) {
        mdsec_memzero(buf, len);
        free(buf);
    }
}

int logtool_write_file(const char *path, const uint8_t *buf, size_t len)
{
    int is_stdout = path == NULL || strcmp(path, "-") == 0;
    FILE *f = is_stdout ? stdout : fopen(path, "wb");
    int rc = 0;

    if (f == NULL) {
        logtool_err("%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    if (len != 0u && fwrite(buf, 1u, len, f) != len) {
        rc = -1;
    }
    if (fflush(f) != 0) {
        rc = -1;
    }
    if (!is_stdout && fclose(f) != 0) {
        rc = -1;
    }
    if (rc != 0) {
        logtool_err("%s: write error", is_stdout ? "stdout" : path);
    }
    return rc;
}

/* ---- keys ---- */

static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int logtool_load_key(const char *path, uint8_t key[MDSEC_LOG_KEY_LEN])
{
    uint8_t *b = NULL;
    size_t n = 0u;
    int rc = -1;

    memset(key, 0, MDSEC_LOG_KEY_LEN);
    if (logtool_read_file(path, LOGTOOL_KEY_FILE_MAX, &b, &n) != 0) {
        return -1;
    }
    if (n == MDSEC_LOG_KEY_LEN) {
        memcpy(key, b, MDSEC_LOG_KEY_LEN);
        rc = 0;
    } else {
        size_t s = 0u;
        size_t e = n;
        while (s < e && is_space(b[s])) {
            s++;
        }
        while (e > s && is_space(b[e - 1u])) {
            e--;
        }
        if (e - s == 2u * MDSEC_LOG_KEY_LEN) {
            rc = 0;
            for (size_t i = 0; i < MDSEC_LOG_KEY_LEN; i++) {
                int hi = hex_value(b[s + 2u * i]);
                int lo = hex_value(b[s + 2u * i + 1u]);
                if (hi < 0 || lo < 0) {
                    rc = -1;
                    break;
                }
                key[i] = (uint8_t)((hi << 4) | lo);
            }
        }
    }
    logtool_free(b, n);
    if (rc != 0) {
        mdsec_memzero(key, MDSEC_LOG_KEY_LEN);
        logtool_err("%s: not a log key (32 raw bytes or 64 hex digits)", path);
    }
    return rc;
}

typedef struct pem_sink {
    uint8_t *buf;
    size_t cap;
    size_t len;
    int overflow;
} pem_sink_t;

static void sink_push(void *ctx, const void *data, size_t len)
{
    pem_sink_t *s = (pem_sink_t *)ctx;
    if (s->overflow || len > s->cap - s->len) {
        s->overflow = 1;
        return;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
}

/* The DER of the first "PUBLIC KEY" PEM object: 0, or -1. */
static int pem_public_key(const uint8_t *text, size_t len, uint8_t *der, size_t cap,
                          size_t *der_len)
{
    br_pem_decoder_context pc;
    pem_sink_t sink;
    static const uint8_t nl = (uint8_t)'\n';
    size_t pos = 0u;
    int final_nl = 0;
    int wanted = 0;
    int rc = -1;

    memset(&sink, 0, sizeof sink);
    sink.buf = der;
    sink.cap = cap;
    br_pem_decoder_init(&pc);
    /* A newline is pushed after the text: the decoder needs the END line terminated. */
    while (pos < len || !final_nl) {
        const uint8_t *p = (pos < len) ? text + pos : &nl;
        size_t n = (pos < len) ? len - pos : 1u;
        size_t used = br_pem_decoder_push(&pc, p, n);
        int ev;
        if (pos < len) {
            pos += used;
        } else if (used == 1u) {
            final_nl = 1;
        }
        ev = br_pem_decoder_event(&pc);
        if (ev == BR_PEM_BEGIN_OBJ) {
            wanted = strcmp(br_pem_decoder_name(&pc), "PUBLIC KEY") == 0;
            sink.len = 0u;
            sink.overflow = 0;
            br_pem_decoder_setdest(&pc, wanted ? sink_push : NULL, wanted ? &sink : NULL);
        } else if (ev == BR_PEM_END_OBJ) {
            if (wanted) {
                if (!sink.overflow) {
                    *der_len = sink.len;
                    rc = 0;
                }
                break;
            }
        } else if (ev == BR_PEM_ERROR) {
            break;
        } else if (used == 0u) {
            break;
        }
    }
    return rc;
}

int logtool_load_pubkey(const char *path, uint8_t pub[65])
{
    uint8_t *b = NULL;
    size_t n = 0u;
    uint8_t der[512];
    size_t der_len = 0u;
    const uint8_t *spki = NULL;
    mdsec_der_pubkey_t key;
    mdsec_status_t st;

    memset(pub, 0, 65u);
    if (logtool_read_file(path, LOGTOOL_KEY_FILE_MAX, &b, &n) != 0) {
        return -1;
    }
    if (n == 65u && b[0] == 0x04u) {
        memcpy(pub, b, 65u); /* the raw point; its validity is checked on use */
        logtool_free(b, n);
        return 0;
    }
    if (n > 0u && b[0] == 0x30u) {
        spki = b; /* DER */
        der_len = n;
    } else if (pem_public_key(b, n, der, sizeof der, &der_len) == 0) {
        spki = der;
    } else {
        logtool_free(b, n);
        logtool_err("%s: not a public key (PEM/DER SubjectPublicKeyInfo or 65-byte point)", path);
        return -1;
    }
    st = mdsec_der_parse_spki(spki, der_len, &key);
    if (st == MDSEC_OK && (key.kind != MDSEC_DER_KEY_EC_P256 || key.point.len != 65u)) {
        st = MDSEC_ERR_KEY_INVALID;
    }
    if (st == MDSEC_OK) {
        memcpy(pub, key.point.ptr, 65u);
    }
    logtool_free(b, n);
    if (st != MDSEC_OK) {
        logtool_err("%s: not a P-256 SubjectPublicKeyInfo: %s", path, mdsec_status_str(st));
        return -1;
    }
    return 0;
}

/* ---- names ---- */

const char *logtool_kind_name(uint32_t kind)
{
    switch (kind) {
    case MDSEC_LOG_KIND_EVENT: return "event";
    case MDSEC_LOG_KIND_CHECKPOINT: return "checkpoint";
    case MDSEC_LOG_KIND_DROPPED: return "dropped";
    default: return "unknown";
    }
}

const char *logtool_outcome_name(uint8_t outcome)
{
    switch (outcome) {
    case MDSEC_OUTCOME_SUCCESS: return "success";
    case MDSEC_OUTCOME_MINOR: return "minor-failure";
    case MDSEC_OUTCOME_SERIOUS: return "serious-failure";
    case MDSEC_OUTCOME_MAJOR: return "major-failure";
    default: return "unknown";
    }
}

const char *logtool_code_name(uint16_t code)
{
    const char *s = mdsec_event_code_str((mdsec_event_code_t)code);
    /* Codes added with the log (docs/events.md) that an older library may
     * not name yet. */
    if (strcmp(s, "unknown") == 0 && code == (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT) {
        return "audit-checkpoint";
    }
    if (strcmp(s, "unknown") == 0 && code == (uint16_t)MDSEC_EV_AUDIT_DROPPED) {
        return "audit-dropped";
    }
    return s;
}

const char *logtool_source_name(uint8_t source)
{
    switch (source) {
    case MDSEC_SRC_APP: return "app";
    case MDSEC_SRC_PARSE: return "parse";
    case MDSEC_SRC_FW: return "fw";
    case MDSEC_SRC_LOG: return "log";
    case MDSEC_SRC_KEYSTORE: return "keystore";
    case MDSEC_SRC_PRIV: return "priv";
    default: return "unknown";
    }
}

/* ---- options ---- */

void logtool_args_init(logtool_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
}

int logtool_args_next(logtool_args_t *a, const char **pos)
{
    const char *arg;
    const char *eq;

    *pos = NULL;
    a->name = NULL;
    a->value = NULL;
    if (a->i >= a->argc) {
        return -1;
    }
    arg = a->argv[a->i++];
    if (!a->end_opts && strcmp(arg, "--") == 0) {
        a->end_opts = 1; /* everything after "--" is positional */
        if (a->i >= a->argc) {
            return -1;
        }
        arg = a->argv[a->i++];
    }
    if (a->end_opts || arg[0] != '-' || arg[1] == '\0') {
        *pos = arg; /* "-" alone is a positional (stdin) */
        return 0;
    }
    eq = strchr(arg, '=');
    if (eq != NULL && arg[1] == '-') {
        size_t n = (size_t)(eq - arg);
        if (n >= sizeof a->name_buf) {
            n = sizeof a->name_buf - 1u;
        }
        memcpy(a->name_buf, arg, n);
        a->name_buf[n] = '\0';
        a->name = a->name_buf;
        a->value = eq + 1;
    } else {
        a->name = arg;
    }
    return 1;
}

const char *logtool_args_value(logtool_args_t *a)
{
    if (a->value != NULL) {
        return a->value;
    }
    if (a->i >= a->argc) {
        logtool_err("option %s needs a value", a->name);
        return NULL;
    }
    return a->argv[a->i++];
}

int logtool_args_flag_ok(const logtool_args_t *a)
{
    if (a->value != NULL) {
        logtool_err("option %s takes no value", a->name);
        return 0;
    }
    return 1;
}

int logtool_is_help(const char *name)
{
    return strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0;
}
