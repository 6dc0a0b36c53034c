/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Host tool helpers: messages, hex, whole-file I/O and options. */
#define _POSIX_C_SOURCE 200809L /* lstat */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mdsec/core.h"

#include "toolutil.h"

static const char *prog_name = "mdsec";

void toolutil_set_prog(const char *prog)
{
    prog_name = prog;
}

void toolutil_err(const char *fmt, ...)
{
    va_list ap;

    (void)fputs(prog_name, stderr);
    (void)fputs(": ", stderr);
    va_start(ap, fmt);
    /* ap is initialised just above: the analyzer's valist check misfires here. */
    const int printed = vfprintf(stderr, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
    (void)printed;
    va_end(ap);
    (void)fputc('\n', stderr);
}

void toolutil_hex(FILE *out, const uint8_t *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        (void)fprintf(out, "%02x", (unsigned)p[i]);
    }
}

int toolutil_hex_digit(int c)
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

/* ---- files ---- */

int toolutil_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
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
        toolutil_err("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    b = malloc(cap);
    for (;;) {
        size_t got;
        if (b == NULL) {
            toolutil_err("%s: out of memory", path);
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
        toolutil_err("%s: read error", path);
        toolutil_free(b, cap);
        b = NULL;
    } else if (b != NULL && n > max) {
        toolutil_err("%s: larger than %lu bytes", path, (unsigned long)max);
        toolutil_free(b, cap);
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

void toolutil_free(uint8_t *buf, size_t len)
{
    if (buf != NULL) {
        mdsec_memzero(buf, len);
        free(buf);
    }
}

int toolutil_write_file(const char *path, const uint8_t *buf, size_t len)
{
    int is_stdout = path == NULL || strcmp(path, "-") == 0;
    FILE *f = is_stdout ? stdout : fopen(path, "wb");
    int rc = 0;

    if (f == NULL) {
        toolutil_err("%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    if (len != 0u && fwrite(buf, 1u, len, f) != len) {
        rc = -2;
    }
    if (fflush(f) != 0) {
        rc = -2;
    }
    if (!is_stdout && fclose(f) != 0) {
        rc = -2;
    }
    if (rc != 0) {
        toolutil_err("%s: write error", is_stdout ? "stdout" : path);
    }
    return rc;
}

/* ---- options ---- */

void toolutil_args_init(toolutil_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
}

int toolutil_args_next(toolutil_args_t *a, const char **pos)
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

const char *toolutil_args_value(toolutil_args_t *a)
{
    if (a->value != NULL) {
        return a->value;
    }
    if (a->i >= a->argc) {
        toolutil_err("option %s needs a value", a->name);
        return NULL;
    }
    return a->argv[a->i++];
}

int toolutil_args_flag_ok(const toolutil_args_t *a)
{
    if (a->value != NULL) {
        toolutil_err("option %s takes no value", a->name);
        return 0;
    }
    return 1;
}

int toolutil_is_help(const char *name)
{
    return strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0;
}

void toolutil_remove_partial(const char *path)
{
    struct stat st;
    if (path != NULL && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        (void)remove(path);
    }
}
