/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log bundle: write a verifier bundle (docs/log.md, "Verifier
 * bundle") from the provisioning values, or show one (never its key). The
 * bundle holds k0: it is written with owner-only permissions.
 */
#define _POSIX_C_SOURCE 200809L /* umask */

#include <string.h>
#include <sys/stat.h>

#include "mdsec/core.h"

#include "logtool.h"

static int show(const char *path)
{
    mdsec_log_bundle_t b;

    if (logtool_load_bundle(path, &b) != 0) {
        return LOGTOOL_EXIT_USAGE;
    }
    printf("device id: ");
    toolutil_hex(stdout, b.device_id, sizeof b.device_id);
    printf("\nevolve_every: %lu\n", (unsigned long)b.evolve_every);
    printf("checkpoint public key: ");
    toolutil_hex(stdout, b.pubkey, sizeof b.pubkey);
    printf("\nk0: present (not shown)\n");
    mdsec_memzero(&b, sizeof b);
    return LOGTOOL_EXIT_OK;
}

enum { OPT_KEY_FILE, OPT_DEVICE_ID, OPT_EVOLVE_EVERY, OPT_PUBKEY, OPT_OUT, OPT_SHOW };

static const toolutil_opt_t bundle_opts[] = {
    [OPT_KEY_FILE] = {"--key-file", NULL, "K",
                      "the initial MAC key k0, 32 raw bytes or 64 hex digits", NULL},
    [OPT_DEVICE_ID] = {"--device-id", NULL, "HEX", "the device id, 32 hex digits", NULL},
    [OPT_EVOLVE_EVERY] = {"--evolve-every", NULL, "N", "the device's evolve_every", NULL},
    [OPT_PUBKEY] = {"--pubkey", NULL, "P",
                    "checkpoint public key: PEM or DER\n"
                    "SubjectPublicKeyInfo, or the 65-byte raw point",
                    NULL},
    [OPT_OUT] = {"-o", "--out", "OUT", "the bundle file to write (owner-only permissions)", NULL},
    [OPT_SHOW] = {"--show", NULL, "B",
                  "print bundle B's device id, evolve_every and\n"
                  "public key (never k0)",
                  NULL},
};

const toolutil_cmd_t logtool_bundle_cmd = {
    "bundle",
    "--key-file K --device-id HEX --evolve-every N\n"
    " --pubkey P -o OUT\n"
    "--show B",
    "write a verifier bundle (160 bytes, owner-only permissions: it holds k0),\n"
    "or print a bundle's device id, evolve_every and public key (never k0)",
    NULL,
    bundle_opts,
    sizeof bundle_opts / sizeof bundle_opts[0],
    NULL,
    NULL};

int logtool_cmd_bundle(int argc, char **argv)
{
    toolutil_args_t a;
    const char *v;
    const char *key_path = NULL;
    const char *pub_path = NULL;
    const char *device_hex = NULL;
    const char *evolve = NULL;
    const char *out_path = NULL;
    const char *show_path = NULL;
    mdsec_log_bundle_t b;
    uint8_t enc[MDSEC_LOG_BUNDLE_LEN];
    int rc = LOGTOOL_EXIT_USAGE;
    int k;

    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_next(&a, &logtool_bundle_cmd, &v)) != TOOLUTIL_ARG_END) {
        switch (k) {
        case TOOLUTIL_ARG_POS: toolutil_err("bundle: unexpected argument %s", v); return rc;
        case TOOLUTIL_ARG_HELP:
            toolutil_cmd_help(stdout, &logtool_bundle_cmd);
            return LOGTOOL_EXIT_OK;
        case OPT_KEY_FILE: key_path = v; break;
        case OPT_PUBKEY: pub_path = v; break;
        case OPT_DEVICE_ID: device_hex = v; break;
        case OPT_EVOLVE_EVERY: evolve = v; break;
        case OPT_OUT: out_path = v; break;
        case OPT_SHOW: show_path = v; break;
        default: return rc;
        }
    }
    if (show_path != NULL) {
        if (key_path != NULL || pub_path != NULL || device_hex != NULL || evolve != NULL ||
            out_path != NULL) {
            toolutil_err("bundle: --show B takes no other option");
            return LOGTOOL_EXIT_USAGE;
        }
        return show(show_path);
    }
    if (key_path == NULL || pub_path == NULL || device_hex == NULL || evolve == NULL ||
        out_path == NULL) {
        toolutil_err(
            "bundle: needs --key-file K --device-id HEX --evolve-every N --pubkey P -o OUT");
        return LOGTOOL_EXIT_USAGE;
    }
    {
        const char *const inputs[] = {key_path, pub_path};
        if (toolutil_check_output(out_path, inputs, 2u) != 0) {
            return LOGTOOL_EXIT_USAGE;
        }
    }
    mdsec_memzero(&b, sizeof b);
    if (logtool_load_key(key_path, b.k0) == 0 &&
        logtool_parse_device_id(device_hex, b.device_id) == 0 &&
        logtool_parse_evolve_every(evolve, &b.evolve_every) == 0 &&
        logtool_load_pubkey(pub_path, b.pubkey) == 0) {
        const mdsec_status_t st = mdsec_log_bundle_encode(&b, enc, sizeof enc);
        if (st != MDSEC_OK) {
            toolutil_err("bundle: %s", mdsec_status_str(st));
        } else {
            const mode_t old = umask(077);
            const int w = toolutil_write_file(out_path, enc, sizeof enc);
            (void)umask(old);
            rc = w == 0 ? LOGTOOL_EXIT_OK : LOGTOOL_EXIT_USAGE;
        }
    }
    mdsec_memzero(&b, sizeof b);
    mdsec_memzero(enc, sizeof enc);
    return rc;
}
