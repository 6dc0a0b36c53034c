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

static const toolutil_cmd_t *const commands[] = {&logtool_verify_cmd, &logtool_bundle_cmd,
                                                 &logtool_export_cmd, &logtool_show_cmd};

static const toolutil_tool_t tool = {
    "mdsec-log", commands, sizeof commands / sizeof commands[0], NULL,
    "exit status: 0 success, 1 negative verdict or malformed export,\n"
    "2 usage or I/O error"};

int main(int argc, char **argv)
{
    const char *cmd;

    toolutil_set_tool(&tool);
    if (argc < 2) {
        toolutil_err("missing command (try mdsec-log --help)");
        return LOGTOOL_EXIT_USAGE;
    }
    cmd = argv[1];
    if (toolutil_is_help(cmd) || strcmp(cmd, "help") == 0) {
        toolutil_tool_help(stdout);
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
