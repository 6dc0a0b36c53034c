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

#include "crypto/crypto.h" /* MDSEC_CRYPTO_HAS_ED25519 */
#include "mdsec/core.h"
#include "mdsec/port.h"

#include "fwtool.h"

static const toolutil_cmd_t *const commands[] = {&fwtool_verify_cmd, &fwtool_info_cmd,
                                                 &fwtool_keyhash_cmd, &fwtool_sign_cmd};

static const toolutil_tool_t tool = {
    "mdsec-fw", commands, sizeof commands / sizeof commands[0], NULL,
    "exit status: 0 success, 1 negative verdict, 2 usage or I/O error"};

int main(int argc, char **argv)
{
    const char *cmd;

    toolutil_set_tool(&tool);
    if (argc < 2) {
        toolutil_err("missing command (try mdsec-fw --help)");
        return FWTOOL_EXIT_USAGE;
    }
    cmd = argv[1];
    if (toolutil_is_help(cmd) || strcmp(cmd, "help") == 0) {
        toolutil_tool_help(stdout);
        return FWTOOL_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mdsec-fw %d.%d.%d (crypto: %s, ed25519: %s, port: %s)\n", MDSEC_VERSION_MAJOR,
               MDSEC_VERSION_MINOR, MDSEC_VERSION_PATCH, mdsec_crypto_provider_name(),
               MDSEC_CRYPTO_HAS_ED25519 ? "libsodium" : "none", mdsec_port_name());
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
