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

int logtool_cmd_bundle(int argc, char **argv)
{
    toolutil_args_t a;
    const char *pos;
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
    while ((k = toolutil_args_next(&a, &pos)) >= 0) {
        const char **slot = NULL;
        if (k == 0) {
            toolutil_err("bundle: unexpected argument %s", pos);
            return LOGTOOL_EXIT_USAGE;
        }
        if (toolutil_is_help(a.name)) {
            logtool_usage(stdout);
            return LOGTOOL_EXIT_OK;
        }
        if (strcmp(a.name, "--key-file") == 0) {
            slot = &key_path;
        } else if (strcmp(a.name, "--pubkey") == 0) {
            slot = &pub_path;
        } else if (strcmp(a.name, "--device-id") == 0) {
            slot = &device_hex;
        } else if (strcmp(a.name, "--evolve-every") == 0) {
            slot = &evolve;
        } else if (strcmp(a.name, "-o") == 0 || strcmp(a.name, "--out") == 0) {
            slot = &out_path;
        } else if (strcmp(a.name, "--show") == 0) {
            slot = &show_path;
        } else {
            toolutil_err("bundle: unknown option %s", a.name);
            return LOGTOOL_EXIT_USAGE;
        }
        if ((*slot = toolutil_args_value(&a)) == NULL) {
            return LOGTOOL_EXIT_USAGE;
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
            if (w == -2) {
                toolutil_remove_partial(out_path);
            }
            rc = w == 0 ? LOGTOOL_EXIT_OK : LOGTOOL_EXIT_USAGE;
        }
    }
    mdsec_memzero(&b, sizeof b);
    mdsec_memzero(enc, sizeof enc);
    return rc;
}
