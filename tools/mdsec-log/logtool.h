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

#include "toolutil.h"

/* Exit codes (ARCHITECTURE.md, CLI habits). */
#define LOGTOOL_EXIT_OK    0 /* success / PASS */
#define LOGTOOL_EXIT_FAIL  1 /* negative verdict / malformed export */
#define LOGTOOL_EXIT_USAGE 2 /* usage or I/O error */

/* Limits of the tool (not of the library). */
#define LOGTOOL_EXPORT_MAX   ((size_t)256u * 1024u * 1024u) /* an export file */
#define LOGTOOL_KEY_FILE_MAX 4096u                          /* a key or witness file */

/* Loads the log key k0: a file of 32 raw bytes or 64 hex digits (blank
 * space around them allowed). 0, or -1 after a reason. */
int logtool_load_key(const char *path, uint8_t key[MDSEC_LOG_KEY_LEN]);
/* Loads the checkpoint public key: PEM or DER SubjectPublicKeyInfo (P-256),
 * or the 65-byte raw uncompressed point. 0, or -1 after a reason. */
int logtool_load_pubkey(const char *path, uint8_t pub[65]);

/* Parses --device-id (32 hex digits) and --evolve-every (1 .. 2^32 - 1);
 * 0, or -1 after a reason. */
int logtool_parse_device_id(const char *hex, uint8_t id[MDSEC_LOG_DEVICE_ID_LEN]);
int logtool_parse_evolve_every(const char *s, uint32_t *v);
/* Loads and checks a verifier bundle file; 0, or -1 after a reason (the
 * bundle is wiped on failure; the caller wipes it after use). */
int logtool_load_bundle(const char *path, mdsec_log_bundle_t *b);

/* Names for the JSON and text output. */
const char *logtool_kind_name(uint32_t kind);
const char *logtool_outcome_name(uint8_t outcome);
const char *logtool_source_name(uint8_t source);
/* The event code's name (docs/events.md), as mdsec_event_code_str(). */
const char *logtool_code_name(uint16_t code);

/* The commands' option tables (the tool's --help is made from them). */
extern const toolutil_cmd_t logtool_verify_cmd;
extern const toolutil_cmd_t logtool_bundle_cmd;
extern const toolutil_cmd_t logtool_export_cmd;
extern const toolutil_cmd_t logtool_show_cmd;

/* The commands. Each returns the process exit code. */
int logtool_cmd_verify(int argc, char **argv);
int logtool_cmd_export(int argc, char **argv);
int logtool_cmd_show(int argc, char **argv);
int logtool_cmd_bundle(int argc, char **argv);

#endif /* MDSEC_LOGTOOL_H */
