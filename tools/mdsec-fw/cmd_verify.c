/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-fw verify and keyhash.
 *
 * verify streams the image from its file through mdsec_fw_verify()'s read
 * callback (the image is not held in memory whole). Only an image with a
 * pure Ed25519 signature, which mdsec_fw_verify() refuses with
 * MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE, is then read whole and verified with
 * mdsec_fw_verify_buffer(), as a device verifies it in memory. With --counter it runs
 * the library's real anti-rollback path: the POSIX port is pointed at a
 * fresh temporary state directory, its counter 0 is advanced to N with
 * mdsec_port_counter_advance(), and the policy compares against it; the
 * directory is removed afterwards.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mdsec/core.h"
#include "mdsec/port.h"
#include "mdsec/port_posix.h"

#include "fwtool.h"

#define COUNTER_ID 0u

typedef struct image_file {
    FILE *f;
    const char *path;
    int err; /* errno of a failed read */
} image_file_t;

static mdsec_status_t read_image(void *ctx, uint32_t offset, void *buf, size_t len)
{
    image_file_t *img = (image_file_t *)ctx;
    errno = 0;
    if (fseek(img->f, (long)offset, SEEK_SET) != 0 || fread(buf, 1u, len, img->f) != len) {
        img->err = errno;
        return MDSEC_ERR_STORAGE_IO;
    }
    return MDSEC_OK;
}

typedef struct installed {
    uint8_t id;
    mdsec_fw_version_t version;
} installed_t;

typedef struct installed_set {
    installed_t items[FWTOOL_MAX_INSTALLED];
    size_t count;
} installed_set_t;

static mdsec_status_t installed_of(void *ctx, uint8_t image_id, mdsec_fw_version_t *version)
{
    const installed_set_t *s = (const installed_set_t *)ctx;
    size_t i;
    for (i = 0; i < s->count; i++) {
        if (s->items[i].id == image_id) {
            *version = s->items[i].version;
            return MDSEC_OK;
        }
    }
    memset(version, 0, sizeof *version);
    return MDSEC_ERR_FW_DEPENDENCY;
}

/* Largest HASHFILE read (1024 hashes with comments fit easily). */
#define HASHFILE_MAX ((size_t)1024u * 1024u)

/* One line of a HASHFILE, [p, p + n) without its '\n': 0 when it is a key
 * hash (into hash), 1 when blank or a comment, -1 otherwise. Blanks around
 * it and a '\r' before the '\n' are ignored. */
static int hash_line(const uint8_t *p, size_t n, uint8_t hash[MDSEC_SHA256_LEN])
{
    size_t b = 0u, e = n;

    while (e > 0u && (p[e - 1u] == '\r' || p[e - 1u] == ' ' || p[e - 1u] == '\t')) {
        e--;
    }
    while (b < e && (p[b] == ' ' || p[b] == '\t')) {
        b++;
    }
    if (b == e || p[b] == '#') {
        return 1;
    }
    if (e - b != (size_t)2u * MDSEC_SHA256_LEN) {
        return -1;
    }
    return toolutil_hex_decode(p + b, MDSEC_SHA256_LEN, hash);
}

/* HASHFILE: one 64-hex-digit SHA-256 key hash per line; '#' comments and blank lines. */
static int load_revoked(const char *path, uint8_t (*out)[MDSEC_SHA256_LEN], size_t *count)
{
    uint8_t *text = NULL;
    size_t len = 0u, pos = 0u;
    unsigned long lineno = 0u;
    int rc = 0;

    *count = 0u;
    if (toolutil_read_file(path, HASHFILE_MAX, TOOLUTIL_ALLOW_EMPTY, &text, &len) != 0) {
        return -1;
    }
    while (pos < len && rc == 0) {
        const uint8_t *p = text + pos;
        const uint8_t *nl = memchr(p, '\n', len - pos);
        const size_t n = (nl != NULL) ? (size_t)(nl - p) : len - pos;
        uint8_t hash[MDSEC_SHA256_LEN];
        int k;

        pos += n + (nl != NULL ? 1u : 0u);
        lineno++;
        k = hash_line(p, n, hash);
        if (k < 0) {
            toolutil_err("%s:%lu: expected a 64-hex-digit SHA-256 key hash", path, lineno);
            rc = -1;
        } else if (k == 0 && *count == FWTOOL_MAX_REVOKED) {
            toolutil_err("%s:%lu: more than %u key hashes", path, lineno, FWTOOL_MAX_REVOKED);
            rc = -1;
        } else if (k == 0) {
            memcpy(out[*count], hash, sizeof hash);
            (*count)++;
        }
    }
    toolutil_free(text, len);
    return rc;
}

/* Removes the temporary state directory (flat: the port keeps only files in it). */
static void remove_state_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *de;
        char path[MDSEC_POSIX_PATH_MAX + 256u];
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
                continue;
            }
            if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) < sizeof path) {
                (void)unlink(path);
            }
        }
        (void)closedir(d);
    }
    if (rmdir(dir) != 0) {
        toolutil_err("warning: could not remove %s", dir);
    }
}

/* Brings the POSIX port up on a fresh state directory with counter COUNTER_ID at value. */
static int device_with_counter(char *dir, size_t dir_cap, uint64_t value)
{
    const char *tmp = getenv("TMPDIR");
    mdsec_status_t st;

    if (tmp == NULL || tmp[0] == '\0') {
        tmp = "/tmp";
    }
    if ((size_t)snprintf(dir, dir_cap, "%s/mdsec-fw-XXXXXX", tmp) >= dir_cap) {
        toolutil_err("TMPDIR too long");
        return -1;
    }
    if (mkdtemp(dir) == NULL) {
        toolutil_err("cannot create a temporary state directory in %s: %s", tmp, strerror(errno));
        dir[0] = '\0';
        return -1;
    }
    /* Only the counters are needed: no keystore or log flash files. */
    st = mdsec_posix_set_state_dir(dir);
    if (st == MDSEC_OK) {
        st = mdsec_posix_set_region(MDSEC_PORT_REGION_KEYSTORE, NULL);
    }
    if (st == MDSEC_OK) {
        st = mdsec_posix_set_region(MDSEC_PORT_REGION_LOG, NULL);
    }
    if (st == MDSEC_OK) {
        st = mdsec_port_init();
    }
    if (st == MDSEC_OK && value != 0u) {
        st = mdsec_port_counter_advance(COUNTER_ID, value);
    }
    if (st != MDSEC_OK) {
        toolutil_err("cannot set up the device counter: %s", mdsec_status_str(st));
        return -1;
    }
    return 0;
}

static void device_down(const char *dir)
{
    mdsec_posix_deinit();
    mdsec_posix_reset_config();
    if (dir[0] != '\0') {
        remove_state_dir(dir);
    }
}

static int parse_installed(const char *s, installed_set_t *set)
{
    uint64_t id;
    char idbuf[8];
    const char *eq = strchr(s, '=');
    size_t n;

    if (eq == NULL || (n = (size_t)(eq - s)) == 0u || n >= sizeof idbuf) {
        toolutil_err("--installed: expected ID=VERSION, got '%s'", s);
        return -1;
    }
    memcpy(idbuf, s, n);
    idbuf[n] = '\0';
    if (fwtool_parse_u64(idbuf, 255u, &id) != 0) {
        toolutil_err("--installed: bad image id '%s'", idbuf);
        return -1;
    }
    if (set->count == FWTOOL_MAX_INSTALLED) {
        toolutil_err("--installed: at most %u entries", FWTOOL_MAX_INSTALLED);
        return -1;
    }
    if (fwtool_parse_version(eq + 1, &set->items[set->count].version) != 0) {
        toolutil_err("--installed: bad version '%s'", eq + 1);
        return -1;
    }
    set->items[set->count].id = (uint8_t)id;
    set->count++;
    return 0;
}

enum { OPT_KEY, OPT_REVOKED, OPT_THRESHOLD, OPT_COUNTER, OPT_INSTALLED, OPT_TRAILER_ALIGN };

static const toolutil_opt_t verify_opts[] = {
    [OPT_KEY] = {"--key", "-k", "PUB.pem",
                 "a trusted key: SubjectPublicKeyInfo, PEM or DER;\n"
                 "repeat for up to 32 keys",
                 NULL},
    [OPT_REVOKED] = {"--revoked", NULL, "HASHFILE",
                     "revoked keys: one SHA-256 key hash (64 hex\n"
                     "digits) per line",
                     NULL},
    [OPT_THRESHOLD] = {"--threshold", NULL, "K",
                       "signatures by distinct trusted keys required,\n"
                       "1..4 (default 1)",
                       NULL},
    [OPT_COUNTER] = {"--counter", NULL, "N",
                     "the device's security counter: an image below it\n"
                     "is a rollback",
                     NULL},
    [OPT_INSTALLED] = {"--installed", NULL, "ID=VERSION",
                       "installed version of image ID, for DEPENDENCY\n"
                       "TLVs (repeatable)",
                       NULL},
    [OPT_TRAILER_ALIGN] = {"--trailer-align", NULL, "A",
                           "flash write alignment of the MCUboot trailer\n"
                           "(default 8)",
                           NULL},
};

const toolutil_cmd_t fwtool_verify_cmd = {
    "verify",
    "--key PUB.pem [--key PUB.pem ...] [--revoked HASHFILE]\n"
    " [--threshold K] [--counter N]\n"
    " [--installed ID=VERSION ...] [--trailer-align A] IMAGE",
    "verify IMAGE with mdsec_fw_verify() (an image with a pure Ed25519\n"
    "signature with mdsec_fw_verify_buffer()); exit 0 valid, 1 rejected",
    NULL,
    verify_opts,
    sizeof verify_opts / sizeof verify_opts[0],
    NULL,
    NULL};

const toolutil_cmd_t fwtool_keyhash_cmd = {
    "keyhash", "PUB.pem", "print the SHA-256 key hash (as in KEYHASH TLVs and HASHFILEs)",
    NULL,      NULL,      0u,
    NULL,      NULL};

int fwtool_cmd_verify(int argc, char **argv)
{
    static uint8_t key_der[FWTOOL_MAX_KEYS][FWTOOL_KEY_DER_MAX];
    static mdsec_fw_key_t keys[FWTOOL_MAX_KEYS];
    static uint8_t revoked[FWTOOL_MAX_REVOKED][MDSEC_SHA256_LEN];
    static installed_set_t installed;
    static mdsec_fw_ctx_t ctx;
    static mdsec_fw_result_t res;
    char state_dir[MDSEC_POSIX_PATH_MAX + 1u];
    mdsec_fw_policy_t policy;
    toolutil_args_t a;
    const char *v, *image = NULL;
    size_t nkeys = 0u, nrevoked = 0u;
    uint64_t threshold = 1u, counter = 0u, talign = 0u, size = 0u;
    int have_counter = 0, r, rc;
    image_file_t img;
    mdsec_status_t st;

    memset(&policy, 0, sizeof policy);
    memset(&installed, 0, sizeof installed);
    state_dir[0] = '\0';
    toolutil_args_init(&a, argc, argv);
    while ((r = toolutil_next(&a, &fwtool_verify_cmd, &v)) != TOOLUTIL_ARG_END) {
        switch (r) {
        case TOOLUTIL_ARG_POS:
            if (image != NULL) {
                toolutil_err("verify: more than one IMAGE");
                return FWTOOL_EXIT_USAGE;
            }
            image = v;
            break;
        case TOOLUTIL_ARG_HELP:
            toolutil_cmd_help(stdout, &fwtool_verify_cmd);
            return FWTOOL_EXIT_OK;
        case OPT_KEY:
            if (nkeys == FWTOOL_MAX_KEYS) {
                toolutil_err("verify: at most %u keys", FWTOOL_MAX_KEYS);
                return FWTOOL_EXIT_USAGE;
            }
            if (fwtool_load_pubkey(v, key_der[nkeys], sizeof key_der[nkeys], &keys[nkeys]) != 0) {
                return FWTOOL_EXIT_USAGE;
            }
            nkeys++;
            break;
        case OPT_REVOKED:
            if (load_revoked(v, revoked, &nrevoked) != 0) {
                return FWTOOL_EXIT_USAGE;
            }
            break;
        case OPT_THRESHOLD:
            if (fwtool_parse_u64(v, MDSEC_FW_MAX_SIGS, &threshold) != 0 || threshold == 0u) {
                toolutil_err("--threshold: expected 1..%u, got '%s'", MDSEC_FW_MAX_SIGS, v);
                return FWTOOL_EXIT_USAGE;
            }
            break;
        case OPT_COUNTER:
            if (fwtool_parse_u64(v, UINT64_MAX, &counter) != 0) {
                toolutil_err("--counter: expected a non-negative integer, got '%s'", v);
                return FWTOOL_EXIT_USAGE;
            }
            have_counter = 1;
            break;
        case OPT_INSTALLED:
            if (parse_installed(v, &installed) != 0) {
                return FWTOOL_EXIT_USAGE;
            }
            break;
        case OPT_TRAILER_ALIGN:
            if (fwtool_parse_u64(v, 32u, &talign) != 0 || talign == 0u ||
                (talign & (talign - 1u)) != 0u) {
                toolutil_err("--trailer-align: expected 1, 2, 4, 8, 16 or 32, got '%s'", v);
                return FWTOOL_EXIT_USAGE;
            }
            break;
        default: return FWTOOL_EXIT_USAGE;
        }
    }
    if (nkeys == 0u) {
        toolutil_err("verify: at least one --key is required");
        return FWTOOL_EXIT_USAGE;
    }
    if (image == NULL) {
        toolutil_err("verify: missing IMAGE");
        return FWTOOL_EXIT_USAGE;
    }
    if (threshold > nkeys) {
        toolutil_err("--threshold %lu is more than the %lu trusted keys", (unsigned long)threshold,
                     (unsigned long)nkeys);
        return FWTOOL_EXIT_USAGE;
    }

    img.path = image;
    img.err = 0;
    r = fwtool_open_image(image, &img.f, &size);
    if (r != 0) {
        return r;
    }

    policy.keys = keys;
    policy.key_count = nkeys;
    policy.revoked = (nrevoked > 0u) ? (const uint8_t(*)[MDSEC_SHA256_LEN])revoked : NULL;
    policy.revoked_count = nrevoked;
    policy.threshold = (unsigned)threshold;
    policy.downgrade = MDSEC_FW_DOWNGRADE_ALLOW;
    policy.installed_of = installed_of;
    policy.installed_ctx = &installed;
    policy.trailer_align = (uint8_t)talign;
    if (have_counter) {
        if (device_with_counter(state_dir, sizeof state_dir, counter) != 0) {
            device_down(state_dir);
            (void)fclose(img.f);
            return FWTOOL_EXIT_USAGE;
        }
        policy.use_counter = 1u;
        policy.counter_id = COUNTER_ID;
    }

    st = mdsec_fw_verify(&ctx, &policy, read_image, &img, (uint32_t)size, &res);
    (void)fclose(img.f);
    if (st == MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE) {
        /* A pure signature is over the image bytes: verify the image in memory. */
        uint8_t *whole = NULL;
        size_t whole_len = 0u;
        if (toolutil_read_file(image, FWTOOL_IMAGE_MAX, 0u, &whole, &whole_len) != 0) {
            if (have_counter) {
                device_down(state_dir);
            }
            return FWTOOL_EXIT_USAGE;
        }
        st = mdsec_fw_verify_buffer(&ctx, &policy, whole, whole_len, &res);
        toolutil_free(whole, whole_len);
    }
    if (have_counter) {
        device_down(state_dir);
    }

    if (st == MDSEC_ERR_FW_READ) {
        toolutil_err("%s: cannot read: %s (at offset %lu)", image,
                     strerror(img.err != 0 ? img.err : EIO), (unsigned long)res.fail_offset);
        return FWTOOL_EXIT_USAGE;
    }
    if (st == MDSEC_OK && mdsec_fw_is_valid(&res) == MDSEC_FW_DECISION_VALID) {
        printf("valid: version ");
        fwtool_print_version(stdout, &res.version);
        if (res.has_security_counter) {
            printf(", security counter %lu", (unsigned long)res.security_counter);
        } else {
            printf(", no security counter");
        }
        printf(", signers");
        for (size_t i = 0; i < res.signer_count; i++) {
            printf("%s", (i == 0u) ? " " : ",");
            toolutil_hex(stdout, res.signers[i], MDSEC_SHA256_LEN);
        }
        printf("\n");
        rc = FWTOOL_EXIT_OK;
    } else {
        if (res.fail_offset != 0u) {
            toolutil_err("%s: rejected: %s (at offset 0x%lx)", image, mdsec_status_str(st),
                         (unsigned long)res.fail_offset);
        } else {
            toolutil_err("%s: rejected: %s", image, mdsec_status_str(st));
        }
        rc = FWTOOL_EXIT_REJECT;
    }
    return (fflush(stdout) == 0) ? rc : FWTOOL_EXIT_USAGE;
}

int fwtool_cmd_keyhash(int argc, char **argv)
{
    static uint8_t der[FWTOOL_KEY_DER_MAX];
    mdsec_fw_key_t key;
    toolutil_args_t a;
    const char *pos, *path = NULL;
    int r;

    toolutil_args_init(&a, argc, argv);
    while ((r = toolutil_next(&a, &fwtool_keyhash_cmd, &pos)) != TOOLUTIL_ARG_END) {
        if (r == TOOLUTIL_ARG_POS) {
            if (path != NULL) {
                toolutil_err("keyhash: more than one key file");
                return FWTOOL_EXIT_USAGE;
            }
            path = pos;
        } else if (r == TOOLUTIL_ARG_HELP) {
            toolutil_cmd_help(stdout, &fwtool_keyhash_cmd);
            return FWTOOL_EXIT_OK;
        } else {
            return FWTOOL_EXIT_USAGE;
        }
    }
    if (path == NULL) {
        toolutil_err("keyhash: missing PUB.pem");
        return FWTOOL_EXIT_USAGE;
    }
    if (fwtool_load_pubkey(path, der, sizeof der, &key) != 0) {
        return FWTOOL_EXIT_USAGE;
    }
    toolutil_hex(stdout, mdsec_fw_key_hash(&key), MDSEC_SHA256_LEN);
    printf("\n");
    return (fflush(stdout) == 0) ? FWTOOL_EXIT_OK : FWTOOL_EXIT_USAGE;
}
