/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Helpers shared by the host tools (mdsec-fw, mdsec-keys, mdsec-log):
 * messages, options, whole-file I/O, hex digits and the PEM layer. Each
 * tool names itself once with toolutil_set_prog() at the start of main().
 */
#ifndef MDSEC_TOOLUTIL_H
#define MDSEC_TOOLUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__) || defined(__clang__)
#define TOOLUTIL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TOOLUTIL_PRINTF(a, b)
#endif

/* Sets the program name that prefixes every message (a string literal). */
void toolutil_set_prog(const char *prog);

/* Prints "<prog>: <message>\n" on stderr. */
void toolutil_err(const char *fmt, ...) TOOLUTIL_PRINTF(1, 2);

/* Prints bytes as lowercase hex. */
void toolutil_hex(FILE *out, const uint8_t *p, size_t len);

/* The value of one hex digit, or -1. */
int toolutil_hex_digit(int c);

/* ---- files ---- */

/* Reads a whole file (at most max bytes) into a new heap buffer; "-" is
 * stdin. Returns 0, or -1 after printing a reason. Free with toolutil_free(). */
int toolutil_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
/* Wipes and frees a buffer from toolutil_read_file(). */
void toolutil_free(uint8_t *buf, size_t len);
/* Writes a whole buffer to path ("-" or NULL: stdout). Returns 0, or after
 * printing a reason -1 (cannot create) or -2 (write error: the file exists
 * and may be partly written). */
int toolutil_write_file(const char *path, const uint8_t *buf, size_t len);

/* ---- PEM ---- */

/*
 * Decodes the first PEM object of text whose label is one of labels[]
 * (NULL-terminated; labels == NULL takes any label) into der. label (when
 * label_cap != 0) receives the label decoded; seen (when seen_cap != 0) the
 * label of the first object of any kind. Returns 0, -1 (malformed PEM),
 * -2 (no wanted object) or -3 (the object is larger than cap); der is wiped
 * on failure.
 */
int toolutil_pem_decode(const uint8_t *text, size_t len, const char *const *labels, uint8_t *der,
                        size_t cap, size_t *der_len, char *label, size_t label_cap, char *seen,
                        size_t seen_cap);

/* ---- options ---- */

/* Tiny option parser: "--name value", "--name=value", flags, and "--" to end options. */
typedef struct toolutil_args {
    int argc;
    char **argv;
    int i;
    const char *name;  /* current option name (with the dashes) */
    const char *value; /* "=value" part, if any */
    int end_opts;      /* "--" seen */
    char name_buf[64];
} toolutil_args_t;

void toolutil_args_init(toolutil_args_t *a, int argc, char **argv);
/* Next item: 1 = option (a->name), 0 = positional (*pos), -1 = end. */
int toolutil_args_next(toolutil_args_t *a, const char **pos);
/* The value of the current option; NULL (after printing a reason) when missing. */
const char *toolutil_args_value(toolutil_args_t *a);
/* Whether the current option, a flag, was given no value (prints a reason otherwise). */
int toolutil_args_flag_ok(const toolutil_args_t *a);
/* Whether name is one of the help spellings ("--help", "-h"). */
int toolutil_is_help(const char *name);

/* Removes a partly written output file: only a regular file (never a
 * device, pipe or directory named as the output, such as /dev/full). */
void toolutil_remove_partial(const char *path);

#endif /* MDSEC_TOOLUTIL_H */
