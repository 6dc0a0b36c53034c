/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log: shared declarations of the host tool's commands and helpers.
 */
#ifndef MDSEC_LOGTOOL_H
#define MDSEC_LOGTOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mdsec/log.h"
#include "mdsec/status.h"

/* Exit codes (ARCHITECTURE.md, CLI habits). */
#define LOGTOOL_EXIT_OK    0 /* success / PASS */
#define LOGTOOL_EXIT_FAIL  1 /* negative verdict / malformed export */
#define LOGTOOL_EXIT_USAGE 2 /* usage or I/O error */

/* Limits of the tool (not of the library). */
#define LOGTOOL_EXPORT_MAX   ((size_t)256u * 1024u * 1024u) /* an export file */
#define LOGTOOL_KEY_FILE_MAX 4096u                          /* a key or witness file */

#if defined(__GNUC__) || defined(__clang__)
#define LOGTOOL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LOGTOOL_PRINTF(a, b)
#endif

/* Prints "mdsec-log: <message>\n" on stderr. */
void logtool_err(const char *fmt, ...) LOGTOOL_PRINTF(1, 2);

/* Prints bytes as lowercase hex. */
void logtool_hex(FILE *out, const uint8_t *p, size_t len);

/* Reads a whole file (at most max bytes) into a new heap buffer; "-" is
 * stdin. Returns 0, or -1 after printing a reason. Free with logtool_free(). */
int logtool_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);
/* Wipes and frees a buffer from logtool_read_file(). */
void logtool_free(uint8_t *buf, size_t len);
/* Writes a whole buffer to path ("-" or NULL: stdout). 0, or -1 after a reason. */
int logtool_write_file(const char *path, const uint8_t *buf, size_t len);

/* Loads the log key k0: a file of 32 raw bytes or 64 hex digits (blank
 * space around them allowed). 0, or -1 after a reason. */
int logtool_load_key(const char *path, uint8_t key[MDSEC_LOG_KEY_LEN]);
/* Loads the checkpoint public key: PEM or DER SubjectPublicKeyInfo (P-256),
 * or the 65-byte raw uncompressed point. 0, or -1 after a reason. */
int logtool_load_pubkey(const char *path, uint8_t pub[65]);

/* Names for the JSON and text output. */
const char *logtool_kind_name(uint32_t kind);
const char *logtool_outcome_name(uint8_t outcome);
const char *logtool_source_name(uint8_t source);
/* The event code's name (docs/events.md), as mdsec_event_code_str(). */
const char *logtool_code_name(uint16_t code);

/* Prints the usage text. */
void logtool_usage(FILE *out);

/* The commands. Each returns the process exit code. */
int logtool_cmd_verify(int argc, char **argv);
int logtool_cmd_export(int argc, char **argv);
int logtool_cmd_show(int argc, char **argv);

/* Tiny option parser: "--name value", "--name=value", flags, and "--" to end options. */
typedef struct logtool_args {
    int argc;
    char **argv;
    int i;
    const char *name;  /* current option name (with the dashes) */
    const char *value; /* "=value" part, if any */
    int end_opts;      /* "--" seen */
    char name_buf[64];
} logtool_args_t;

void logtool_args_init(logtool_args_t *a, int argc, char **argv);
/* Next item: 1 = option (a->name), 0 = positional (*pos), -1 = end. */
int logtool_args_next(logtool_args_t *a, const char **pos);
/* The value of the current option; NULL (after printing a reason) when missing. */
const char *logtool_args_value(logtool_args_t *a);
/* Whether the current option, a flag, was given no value (prints a reason otherwise). */
int logtool_args_flag_ok(const logtool_args_t *a);
/* Whether the current option is one of the help spellings. */
int logtool_is_help(const char *name);

#endif /* MDSEC_LOGTOOL_H */
