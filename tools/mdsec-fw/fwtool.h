/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-fw: shared declarations of the host tool's commands and helpers.
 */
#ifndef MDSEC_FWTOOL_H
#define MDSEC_FWTOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mdsec/fw.h"
#include "mdsec/status.h"

#include "toolutil.h"

/* Exit codes (ARCHITECTURE.md, CLI habits). */
#define FWTOOL_EXIT_OK     0 /* success / valid */
#define FWTOOL_EXIT_REJECT 1 /* negative verdict / malformed image */
#define FWTOOL_EXIT_USAGE  2 /* usage or I/O error */

/* Limits of the tool (not of the library). */
#define FWTOOL_MAX_KEYS      32u   /* the library's policy limit */
#define FWTOOL_KEY_DER_MAX   4096u /* a DER key (RSA-3072 private keys need ~1.8 KiB) */
#define FWTOOL_MAX_REVOKED   1024u /* lines of a HASHFILE naming keys */
#define FWTOOL_MAX_INSTALLED 16u   /* --installed entries */
#define FWTOOL_MAX_DEPS      MDSEC_FW_MAX_DEPS

/* MCUboot constants (bootutil/image.h). */
#define FWTOOL_TLV_INFO_MAGIC      0x6907u
#define FWTOOL_TLV_PROT_INFO_MAGIC 0x6908u
#define FWTOOL_TLV_KEYHASH         0x01u
#define FWTOOL_TLV_PUBKEY          0x02u
#define FWTOOL_TLV_SHA256          0x10u
#define FWTOOL_TLV_SHA384          0x11u
#define FWTOOL_TLV_SHA512          0x12u
#define FWTOOL_TLV_RSA2048_PSS     0x20u
#define FWTOOL_TLV_ECDSA_SIG       0x22u
#define FWTOOL_TLV_RSA3072_PSS     0x23u
#define FWTOOL_TLV_ED25519         0x24u
#define FWTOOL_TLV_SIG_PURE        0x25u
#define FWTOOL_TLV_DEPENDENCY      0x40u
#define FWTOOL_RSA_PSS_SALT_LEN    32u /* imgtool's PSS salt */
#define FWTOOL_TLV_SEC_CNT         0x50u

/* Parses an unsigned integer the way imgtool does (int(x, 0)): decimal, 0x, 0o, 0b. */
int fwtool_parse_u64(const char *s, uint64_t max, uint64_t *out);

/* Parses "maj[.min[.rev[+build]]]" as imgtool's decode_version(). */
int fwtool_parse_version(const char *s, mdsec_fw_version_t *v);

/* Prints a version as maj.min.rev+build. */
void fwtool_print_version(FILE *out, const mdsec_fw_version_t *v);

/* Loads a trusted public key (SubjectPublicKeyInfo PEM or DER) into key; der must outlive it.
 * 0, or -1 after a reason. */
int fwtool_load_pubkey(const char *path, uint8_t *der, size_t cap, mdsec_fw_key_t *key);

/* Largest image file (the library's offsets are 32-bit; fseek takes a long). */
#define FWTOOL_IMAGE_MAX 0x7FFFFFFFu

/* Opens an image file to read in place: a regular file of at least the
 * 32-byte header. 0 with *f and *size, or the exit code after the reason
 * (FWTOOL_EXIT_USAGE: cannot open or read; FWTOOL_EXIT_REJECT: empty or
 * shorter than the header, a malformed image). */
int fwtool_open_image(const char *path, FILE **f, uint64_t *size);

/* Name of an MCUboot TLV type, or NULL. */
const char *fwtool_tlv_name(uint32_t type);

/* The commands' option tables (the tool's --help is made from them). */
extern const toolutil_cmd_t fwtool_verify_cmd;
extern const toolutil_cmd_t fwtool_info_cmd;
extern const toolutil_cmd_t fwtool_keyhash_cmd;
extern const toolutil_cmd_t fwtool_sign_cmd;

/* The commands. Each returns the process exit code. */
int fwtool_cmd_verify(int argc, char **argv);
int fwtool_cmd_info(int argc, char **argv);
int fwtool_cmd_keyhash(int argc, char **argv);
int fwtool_cmd_sign(int argc, char **argv);

#endif /* MDSEC_FWTOOL_H */
