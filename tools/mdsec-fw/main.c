/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-fw: host tool for MCUboot-format firmware images, built on mdsec.
 *
 *   mdsec-fw verify  --key PUB.pem [...] IMAGE   verdict of mdsec_fw_verify()
 *   mdsec-fw info    IMAGE                       header and TLV dump
 *   mdsec-fw keyhash PUB.pem                     SHA-256 key hash
 *   mdsec-fw sign    --key KEY.pem [...] IN OUT  imgtool-compatible signing
 *
 * Exit status: 0 success, 1 negative verdict, 2 usage or I/O error; every
 * failure prints one line on stderr. See docs/mdsec-fw.md.
 */
#include <string.h>

#include "mdsec/core.h"
#include "mdsec/port.h"

#include "fwtool.h"

static const char usage_text[] =
    "usage: mdsec-fw <command> [options]\n"
    "\n"
    "commands:\n"
    "  verify --key PUB.pem [--key PUB.pem ...] [--revoked HASHFILE] [--threshold K]\n"
    "         [--counter N] [--installed ID=VERSION ...] [--trailer-align A] IMAGE\n"
    "      verify IMAGE with mdsec_fw_verify(); exit 0 valid, 1 rejected\n"
    "  info IMAGE\n"
    "      print header, TLV areas and trailer; exit 1 when the image is malformed\n"
    "  keyhash PUB.pem\n"
    "      print the SHA-256 key hash (as in KEYHASH TLVs and HASHFILEs)\n"
    "  sign --key KEY.pem [--key KEY.pem ...] --version V [--security-counter N|auto]\n"
    "       --header-size H [--pad-header] [--align A] [--dependency \"(ID,VERSION)\"]\n"
    "       [--public-key-format hash|full] [--slot-size S] [--pad] [--confirm]\n"
    "       [--max-sectors M] IN OUT\n"
    "      write an MCUboot image signed with ECDSA P-256 keys (imgtool layout)\n"
    "\n"
    "options:\n"
    "  -h, --help     this text (also: mdsec-fw <command> --help)\n"
    "  --version      tool version, crypto provider and port\n"
    "\n"
    "exit status: 0 success, 1 negative verdict, 2 usage or I/O error\n";

void fwtool_usage(FILE *out)
{
    fputs(usage_text, out);
}

int main(int argc, char **argv)
{
    const char *cmd;

    toolutil_set_prog("mdsec-fw");
    if (argc < 2) {
        toolutil_err("missing command (try mdsec-fw --help)");
        return FWTOOL_EXIT_USAGE;
    }
    cmd = argv[1];
    if (toolutil_is_help(cmd) || strcmp(cmd, "help") == 0) {
        fwtool_usage(stdout);
        return FWTOOL_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mdsec-fw %d.%d.%d (crypto: %s, port: %s)\n", MDSEC_VERSION_MAJOR,
               MDSEC_VERSION_MINOR, MDSEC_VERSION_PATCH, mdsec_crypto_provider_name(),
               mdsec_port_name());
        return FWTOOL_EXIT_OK;
    }
    if (strcmp(cmd, "verify") == 0) {
        return fwtool_cmd_verify(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "info") == 0) {
        return fwtool_cmd_info(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "keyhash") == 0) {
        return fwtool_cmd_keyhash(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "sign") == 0) {
        return fwtool_cmd_sign(argc - 2, argv + 2);
    }
    toolutil_err("unknown command '%s' (try mdsec-fw --help)", cmd);
    return FWTOOL_EXIT_USAGE;
}
