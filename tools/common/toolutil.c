/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Host tool helpers: messages, options and --help, hex, file I/O. */
#define _POSIX_C_SOURCE 200809L /* lstat, fileno */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mdsec/core.h"

#include "toolutil.h"

static const toolutil_tool_t default_tool = {"mdsec", NULL, 0u, NULL, ""};
static const toolutil_tool_t *tool = &default_tool;

void toolutil_set_tool(const toolutil_tool_t *t)
{
    tool = (t != NULL) ? t : &default_tool;
}

void toolutil_err(const char *fmt, ...)
{
    va_list ap;

    (void)fputs(tool->prog, stderr);
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

int toolutil_hex_decode(const uint8_t *hex, size_t n, uint8_t *out)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const int hi = toolutil_hex_digit(hex[2u * i]);
        const int lo = toolutil_hex_digit(hex[2u * i + 1u]);
        if (hi < 0 || lo < 0) {
            mdsec_memzero(out, n);
            return -1;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    return 0;
}

/* ---- --help ---- */

#define OPT_COLUMN 26

/* Prints text line by line, each line after indent spaces. */
static void print_lines(FILE *out, const char *text, int indent)
{
    while (text != NULL && *text != '\0') {
        const char *nl = strchr(text, '\n');
        const int n = (nl != NULL) ? (int)(nl - text) : (int)strlen(text);
        (void)fprintf(out, "%*s%.*s\n", indent, "", n, text);
        text = (nl != NULL) ? nl + 1 : NULL;
    }
}

/* Prints a synopsis: each form after first (the first line) or again
 * (the other forms); continuation lines aligned under the form. */
static void print_synopsis(FILE *out, const char *first, const char *again, const char *name,
                           const char *syn)
{
    const int cont = (int)strlen(again) + (int)strlen(name) + 1;
    int line = 0;

    while (syn != NULL && *syn != '\0') {
        const char *nl = strchr(syn, '\n');
        const int n = (nl != NULL) ? (int)(nl - syn) : (int)strlen(syn);
        if (syn[0] == ' ') {
            (void)fprintf(out, "%*s%.*s\n", cont, "", n - 1, syn + 1);
        } else {
            (void)fprintf(out, "%s%s %.*s\n", line == 0 ? first : again, name, n, syn);
        }
        line++;
        syn = (nl != NULL) ? nl + 1 : NULL;
    }
    if (line == 0) {
        (void)fprintf(out, "%s%s\n", first, name);
    }
}

static int is_short(const char *spelling)
{
    return spelling != NULL && spelling[0] == '-' && spelling[1] != '-';
}

static void print_option(FILE *out, const char *first, const char *second, const char *third,
                         const char *arg, const char *help)
{
    char col[160];
    const int n =
        snprintf(col, sizeof col, "  %s%s%s%s%s%s%s", first, second != NULL ? ", " : "",
                 second != NULL ? second : "", third != NULL ? ", " : "",
                 third != NULL ? third : "", arg != NULL ? " " : "", arg != NULL ? arg : "");

    if (n < 0) {
        return;
    }
    if (n <= OPT_COLUMN - 2) {
        const char *nl = strchr(help, '\n');
        const int k = (nl != NULL) ? (int)(nl - help) : (int)strlen(help);
        (void)fprintf(out, "%-*s%.*s\n", OPT_COLUMN, col, k, help);
        help = (nl != NULL) ? nl + 1 : "";
    } else {
        (void)fprintf(out, "%s\n", col);
    }
    print_lines(out, help, OPT_COLUMN); /* the (rest of the) help, under its column */
}

void toolutil_tool_help(FILE *out)
{
    size_t i;
    char first[96];

    (void)fprintf(out, "usage: %s <command> [options]\n\ncommands:\n", tool->prog);
    for (i = 0; i < tool->ncmds; i++) {
        const toolutil_cmd_t *c = tool->cmds[i];
        print_synopsis(out, "  ", "  ", c->name, c->synopsis);
        print_lines(out, c->summary, 6);
    }
    if (tool->notes != NULL) {
        (void)fputc('\n', out);
        print_lines(out, tool->notes, 0);
    }
    (void)snprintf(first, sizeof first, "this text (also: %s <command> --help)", tool->prog);
    (void)fputs("\noptions:\n", out);
    print_option(out, "-h", "--help", NULL, NULL, first);
    print_option(out, "--version", NULL, NULL, NULL, "tool version, crypto provider and port");
    (void)fprintf(out, "\n%s\n", tool->exit_text);
}

void toolutil_cmd_help(FILE *out, const toolutil_cmd_t *cmd)
{
    char first[96], again[96];
    size_t i;

    (void)snprintf(first, sizeof first, "usage: %s ", tool->prog);
    (void)snprintf(again, sizeof again, "       %s ", tool->prog);
    print_synopsis(out, first, again, cmd->name, cmd->synopsis);
    (void)fputc('\n', out);
    print_lines(out, cmd->summary, 0);
    (void)fputs("\noptions:\n", out);
    for (i = 0; i < cmd->nopts; i++) {
        const toolutil_opt_t *o = &cmd->opts[i];
        if (o->alias != NULL && is_short(o->alias) && !is_short(o->name)) {
            print_option(out, o->alias, o->name, o->alias2, o->arg, o->help);
        } else {
            print_option(out, o->name, o->alias, o->alias2, o->arg, o->help);
        }
    }
    print_option(out, "-h", "--help", NULL, NULL, "this text");
    if (cmd->notes != NULL) {
        (void)fputc('\n', out);
        print_lines(out, cmd->notes, 0);
    }
    (void)fprintf(out, "\n%s\n", tool->exit_text);
}

/* ---- options ---- */

void toolutil_args_init(toolutil_args_t *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
}

/* The next raw item: 1 = option (a->name), 0 = positional (*pos), -1 = end. */
static int args_step(toolutil_args_t *a, const char **pos)
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

static int spelled(const char *name, const char *spelling)
{
    return spelling != NULL && strcmp(name, spelling) == 0;
}

int toolutil_next(toolutil_args_t *a, const toolutil_cmd_t *cmd, const char **value)
{
    const char *pos = NULL;
    size_t i;
    const int k = args_step(a, &pos);

    *value = NULL;
    if (k < 0) {
        return TOOLUTIL_ARG_END;
    }
    if (k == 0) {
        *value = pos;
        return TOOLUTIL_ARG_POS;
    }
    if (toolutil_is_help(a->name)) {
        return TOOLUTIL_ARG_HELP;
    }
    for (i = 0; cmd->refused != NULL && cmd->refused[i] != NULL; i++) {
        if (spelled(a->name, cmd->refused[i])) {
            toolutil_err("%s: %s", cmd->name, cmd->refuse_msg);
            return TOOLUTIL_ARG_ERROR;
        }
    }
    for (i = 0; i < cmd->nopts; i++) {
        const toolutil_opt_t *o = &cmd->opts[i];
        if (!spelled(a->name, o->name) && !spelled(a->name, o->alias) &&
            !spelled(a->name, o->alias2)) {
            continue;
        }
        if (o->arg == NULL) {
            if (a->value != NULL) {
                toolutil_err("option %s takes no value", a->name);
                return TOOLUTIL_ARG_ERROR;
            }
            return (int)i;
        }
        if (a->value != NULL) {
            *value = a->value;
        } else if (a->i < a->argc) {
            *value = a->argv[a->i++];
        } else {
            toolutil_err("option %s needs a value", a->name);
            return TOOLUTIL_ARG_ERROR;
        }
        return (int)i;
    }
    toolutil_err("%s: unknown option %s (try %s %s --help)", cmd->name, a->name, tool->prog,
                 cmd->name);
    return TOOLUTIL_ARG_ERROR;
}

int toolutil_is_help(const char *name)
{
    return strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0;
}

/* ---- files ---- */

int toolutil_read_file(const char *path, size_t max, unsigned flags, uint8_t **buf, size_t *len)
{
    const int is_stdin = strcmp(path, "-") == 0;
    const size_t limit = max + 1u; /* reading one byte more tells "too large" */
    FILE *f;
    struct stat sb;
    uint8_t *b = NULL;
    size_t cap = 0u;
    size_t n = 0u;
    int rc = 0;

    *buf = NULL;
    *len = 0u;
    f = is_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        toolutil_err("%s: cannot open: %s", path, strerror(errno));
        return TOOLUTIL_IO_ERR;
    }
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        toolutil_err("%s: cannot read: %s", path, strerror(EISDIR));
        rc = TOOLUTIL_IO_ERR;
    } else if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
               (uint64_t)sb.st_size > (uint64_t)max) {
        toolutil_err("%s: too large (more than %lu bytes)", path, (unsigned long)max);
        rc = TOOLUTIL_IO_ERR;
    }
    while (rc == 0) {
        size_t got;
        if (n == cap) {
            size_t ncap = (cap == 0u) ? 4096u : cap * 2u;
            uint8_t *nb;
            if (cap >= limit) {
                break; /* n > max */
            }
            if (ncap > limit) {
                ncap = limit;
            }
            nb = malloc(ncap);
            if (nb == NULL) {
                toolutil_err("%s: out of memory", path);
                rc = TOOLUTIL_IO_ERR;
                break;
            }
            if (n != 0u) {
                memcpy(nb, b, n);
            }
            toolutil_free(b, cap);
            b = nb;
            cap = ncap;
        }
        errno = 0;
        got = fread(b + n, 1u, cap - n, f);
        n += got;
        if (got == 0u) {
            if (ferror(f)) {
                toolutil_err("%s: cannot read: %s", path, strerror(errno != 0 ? errno : EIO));
                rc = TOOLUTIL_IO_ERR;
            }
            break;
        }
    }
    if (!is_stdin) {
        (void)fclose(f);
    }
    if (rc == 0 && n > max) {
        toolutil_err("%s: too large (more than %lu bytes)", path, (unsigned long)max);
        rc = TOOLUTIL_IO_ERR;
    }
    if (rc == 0 && n == 0u && (flags & TOOLUTIL_ALLOW_EMPTY) == 0u) {
        toolutil_err("%s: empty file", path);
        rc = TOOLUTIL_EMPTY;
    }
    if (rc != 0) {
        toolutil_free(b, cap);
        return rc;
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

int toolutil_open_file(const char *path, uint64_t max, FILE **f, uint64_t *size)
{
    struct stat sb;
    int rc = 0;

    *size = 0u;
    *f = fopen(path, "rb");
    if (*f == NULL) {
        toolutil_err("%s: cannot open: %s", path, strerror(errno));
        return TOOLUTIL_IO_ERR;
    }
    if (fstat(fileno(*f), &sb) != 0) {
        toolutil_err("%s: cannot read: %s", path, strerror(errno));
        rc = TOOLUTIL_IO_ERR;
    } else if (S_ISDIR(sb.st_mode)) {
        toolutil_err("%s: cannot read: %s", path, strerror(EISDIR));
        rc = TOOLUTIL_IO_ERR;
    } else if (!S_ISREG(sb.st_mode)) {
        toolutil_err("%s: not a regular file", path);
        rc = TOOLUTIL_IO_ERR;
    } else if (sb.st_size < 0 || (uint64_t)sb.st_size > max) {
        toolutil_err("%s: too large (more than %lu bytes)", path, (unsigned long)max);
        rc = TOOLUTIL_IO_ERR;
    } else if (sb.st_size == 0) {
        toolutil_err("%s: empty file", path);
        rc = TOOLUTIL_EMPTY;
    }
    if (rc != 0) {
        (void)fclose(*f);
        *f = NULL;
        return rc;
    }
    *size = (uint64_t)sb.st_size;
    return 0;
}

static int is_stdio(const char *path)
{
    return path == NULL || strcmp(path, "-") == 0;
}

/* Whether the file input is the file whose status is out. */
static int same_as(const struct stat *out, const char *input)
{
    struct stat si;
    const int ok = (strcmp(input, "-") == 0) ? fstat(STDIN_FILENO, &si) : stat(input, &si);
    return ok == 0 && si.st_dev == out->st_dev && si.st_ino == out->st_ino;
}

/* The status of an output that exists and is a regular file; 0 when there is one. */
static int output_status(const char *out, struct stat *so)
{
    const int ok = is_stdio(out) ? fstat(STDOUT_FILENO, so) : stat(out, so);
    return (ok == 0 && S_ISREG(so->st_mode)) ? 0 : -1;
}

static void same_file_err(const char *out, const char *input)
{
    if (is_stdio(out)) {
        toolutil_err("standard output is the same file as the input %s (refusing to overwrite it)",
                     input);
    } else {
        toolutil_err("%s: is the same file as the input %s (refusing to overwrite it)", out, input);
    }
}

int toolutil_check_output(const char *out, const char *const *inputs, size_t n)
{
    struct stat so;
    size_t i;

    if (output_status(out, &so) != 0) {
        return 0; /* nothing there to overwrite (or not a regular file) */
    }
    for (i = 0; i < n; i++) {
        if (inputs[i] != NULL && same_as(&so, inputs[i])) {
            same_file_err(out, inputs[i]);
            return -1;
        }
    }
    return 0;
}

int toolutil_check_output_dir(const char *out, const char *dir)
{
    struct stat so;
    DIR *d;
    struct dirent *de;
    char path[4096];
    int rc = 0;

    if (output_status(out, &so) != 0 || (d = opendir(dir)) == NULL) {
        return 0;
    }
    while (rc == 0 && (de = readdir(d)) != NULL) {
        struct stat si;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path) {
            continue;
        }
        if (stat(path, &si) == 0 && S_ISREG(si.st_mode) && si.st_dev == so.st_dev &&
            si.st_ino == so.st_ino) {
            same_file_err(out, path);
            rc = -1;
        }
    }
    (void)closedir(d);
    return rc;
}

/* Removes a partly written output: only a regular file (never a device,
 * pipe or directory named as the output, such as /dev/full). */
static void remove_partial(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        (void)remove(path);
    }
}

FILE *toolutil_create(const char *path)
{
    FILE *f;
    if (is_stdio(path)) {
        return stdout;
    }
    f = fopen(path, "wb");
    if (f == NULL) {
        toolutil_err("%s: cannot create: %s", path, strerror(errno));
    }
    return f;
}

/* Flushes f, closes it when close_it (never stdout), and reports the first error. */
static int finish_stream(FILE *f, int close_it, const char *path)
{
    int e = 0;

    if (ferror(f)) {
        e = (errno != 0) ? errno : EIO; /* errno of the write that failed */
    }
    errno = 0;
    if (fflush(f) != 0 && e == 0) {
        e = (errno != 0) ? errno : EIO;
    }
    if (close_it && fclose(f) != 0 && e == 0) {
        e = (errno != 0) ? errno : EIO;
    }
    if (e == 0) {
        return 0;
    }
    toolutil_err("%s: cannot write: %s", close_it ? path : "stdout", strerror(e));
    if (close_it) {
        remove_partial(path);
    }
    return -1;
}

int toolutil_finish(FILE *f, const char *path)
{
    return finish_stream(f, !is_stdio(path), path);
}

int toolutil_write_file(const char *path, const uint8_t *buf, size_t len)
{
    FILE *f;
    if (is_stdio(path)) {
        errno = 0;
        if (len != 0u) {
            (void)fwrite(buf, 1u, len, stdout); /* a short write sets the error reported below */
        }
        return finish_stream(stdout, 0, path);
    }
    f = fopen(path, "wb");
    if (f == NULL) {
        toolutil_err("%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    errno = 0;
    if (len != 0u) {
        (void)fwrite(buf, 1u, len, f); /* a short write sets the error finish_stream() reports */
    }
    return finish_stream(f, 1, path);
}
