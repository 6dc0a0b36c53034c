/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log: host tool for security log exports (docs/log.md), built on mdsec.
 *
 *   mdsec-log verify --bundle B [--witness W] [--require-sealed] EXPORT
 *   mdsec-log verify --key-file K --device-id HEX --evolve-every N [--pubkey P] [--witness W]
 *                    [--require-sealed] EXPORT
 *   mdsec-log bundle --key-file K --device-id HEX --evolve-every N --pubkey P -o OUT
 *   mdsec-log bundle --show B
 *   mdsec-log export [--format jsonl|bin] [-o OUT] EXPORT
 *   mdsec-log export --state-dir DIR [--format jsonl|bin] [-o OUT]
 *   mdsec-log show EXPORT
 *
 * Exit status: 0 success (PASS), 1 negative verdict or malformed export,
 * 2 usage or I/O error; every failure prints one line on stderr. See
 * docs/mdsec-log.md.
 */
#include <string.h>

#include "mdsec/core.h"
#include "mdsec/port.h"

#include "logtool.h"

static const char usage_text[] =
    "usage: mdsec-log <command> [options]\n"
    "\n"
    "commands:\n"
    "  verify --bundle B [--witness W] [--require-sealed] EXPORT\n"
    "  verify --key-file K --device-id HEX --evolve-every N [--pubkey P]\n"
    "         [--witness W] [--require-sealed] EXPORT\n"
    "      verify a binary export with mdsec_log_verify_export(); print PASS or FAIL,\n"
    "      the verified range, the unsealed tail, gaps, boot changes and the first\n"
    "      bad record; exit 0 PASS, 1 FAIL\n"
    "      B: the verifier bundle made at provisioning (k0, device id, evolve_every,\n"
    "         checkpoint public key); K: the initial MAC key k0 (32 raw bytes or 64\n"
    "         hex digits), never on the command line; HEX: the device id (32 hex\n"
    "         digits); N: the device's evolve_every; P: checkpoint public key\n"
    "         (PEM/DER SubjectPublicKeyInfo or the 65-byte raw point); W: a witness\n"
    "         file (136 bytes)\n"
    "  bundle --key-file K --device-id HEX --evolve-every N --pubkey P -o OUT\n"
    "      write a verifier bundle (160 bytes, owner-only permissions: it holds k0)\n"
    "  bundle --show B\n"
    "      print a bundle's device id, evolve_every and public key (never k0)\n"
    "  export [--format jsonl|bin] [-o OUT] EXPORT\n"
    "  export --state-dir DIR [--format jsonl|bin] [-o OUT]\n"
    "      convert a binary export (or the log of a POSIX port state directory)\n"
    "      to JSON Lines, one object per record (default), or to the binary form\n"
    "  show EXPORT\n"
    "      print the records for people (not a verification)\n"
    "\n"
    "options:\n"
    "  -h, --help     this text (also: mdsec-log <command> --help)\n"
    "  --version      tool version, crypto provider and port\n"
    "\n"
    "exit status: 0 success, 1 negative verdict or malformed export, 2 usage or I/O error\n";

void logtool_usage(FILE *out)
{
    fputs(usage_text, out);
}

int main(int argc, char **argv)
{
    const char *cmd;

    toolutil_set_prog("mdsec-log");
    if (argc < 2) {
        toolutil_err("missing command (try mdsec-log --help)");
        return LOGTOOL_EXIT_USAGE;
    }
    cmd = argv[1];
    if (toolutil_is_help(cmd) || strcmp(cmd, "help") == 0) {
        logtool_usage(stdout);
        return LOGTOOL_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mdsec-log %d.%d.%d (crypto: %s, port: %s)\n", MDSEC_VERSION_MAJOR,
               MDSEC_VERSION_MINOR, MDSEC_VERSION_PATCH, mdsec_crypto_provider_name(),
               mdsec_port_name());
        return LOGTOOL_EXIT_OK;
    }
    if (strcmp(cmd, "verify") == 0) {
        return logtool_cmd_verify(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "export") == 0) {
        return logtool_cmd_export(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "bundle") == 0) {
        return logtool_cmd_bundle(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "show") == 0) {
        return logtool_cmd_show(argc - 2, argv + 2);
    }
    toolutil_err("unknown command '%s' (try mdsec-log --help)", cmd);
    return LOGTOOL_EXIT_USAGE;
}
