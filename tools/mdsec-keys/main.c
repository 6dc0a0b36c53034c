/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-keys: build-time host tool for built-in key provisioning blobs
 * (docs/keystore-builtin.md).
 *
 *   mdsec-keys make --root-secret FILE --out BLOB.bin [--blob-id N] [--label TEXT]
 *                   [--c-array BLOB.h --name NAME] KEYSPEC...
 *   mdsec-keys show   --root-secret FILE BLOB
 *   mdsec-keys verify --root-secret FILE BLOB
 *
 * Key material comes from files only, never from the command line; the
 * outputs (blob and C array) hold the sealed blob only. Exit status: 0
 * success, 1 a refused key file or a blob that does not open, 2 usage or
 * I/O error; every failure prints one line on stderr.
 *
 * Key files are read by toolutil_read_key() (tools/common: the strict PEM
 * decoder shared with the other tools); the DER inside is parsed by mdsec's
 * strict decoders (mdsec/parse.h). The blob is sealed and opened by the
 * library's own code (src/keystore/ks_blob.c).
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "crypto/crypto.h"
#include "keystore/ks_blob.h"
#include "mdsec/core.h"
#include "mdsec/keystore.h"
#include "mdsec/parse.h"
#include "mdsec/port.h"

#include "toolutil.h"

#define EXIT_OK     0
#define EXIT_REJECT 1
#define EXIT_USAGE  2

#define KEY_FILE_MAX ((size_t)16u * 1024u)
#define DER_MAX      2048u

static const char keyspec_text[] =
    "KEYSPEC: id=N,type=T,file=PATH[,usage=U+U...][,alg=A]   (PATH without commas)\n"
    "  type  p256-pair    SEC1 or PKCS#8 P-256 private key, PEM or DER;\n"
    "                     default usage sign+export-public\n"
    "        p256-public  SubjectPublicKeyInfo P-256 public key, PEM or DER;\n"
    "                     default usage verify\n"
    "        p384-public  SubjectPublicKeyInfo P-384 public key, PEM or DER;\n"
    "                     default usage verify\n"
    "        hmac         raw key file, 16..128 bytes; default usage mac\n"
    "        aead         raw ChaCha20-Poly1305 key file, 32 bytes;\n"
    "                     default usage encrypt+decrypt\n"
    "        derive       raw HKDF key file, 16..64 bytes; default usage derive\n"
    "  usage sign verify mac encrypt decrypt derive export-public export\n"
    "  alg   ecdsa-p256-sha256 ecdsa-p384-sha384 hmac-sha256 chacha20-poly1305\n"
    "        hkdf-sha256 (each type has exactly one; the default)";

enum { OPT_ROOT_SECRET, OPT_OUT, OPT_BLOB_ID, OPT_LABEL, OPT_C_ARRAY, OPT_NAME };

static const toolutil_opt_t make_opts[] = {
    [OPT_ROOT_SECRET] = {"--root-secret", NULL, "FILE",
                         "the device's root secret, 32 raw bytes (required)", NULL},
    [OPT_OUT] = {"--out", NULL, "BLOB.bin",
                 "the sealed blob to write (required; - for\n"
                 "standard output)",
                 NULL},
    [OPT_BLOB_ID] = {"--blob-id", NULL, "N", "blob id, 0..0xFFFFFFFF (default 0)", NULL},
    [OPT_LABEL] = {"--label", NULL, "TEXT", "label, up to 16 printable ASCII characters", NULL},
    [OPT_C_ARRAY] = {"--c-array", NULL, "BLOB.h", "also write the sealed blob as a C array", NULL},
    [OPT_NAME] = {"--name", NULL, "NAME", "the C array's name (with --c-array)", NULL},
};

static const toolutil_opt_t open_opts[] = {
    [OPT_ROOT_SECRET] = {"--root-secret", NULL, "FILE",
                         "the device's root secret, 32 raw bytes (required)", NULL},
};

static const toolutil_cmd_t make_cmd = {
    "make",
    "--root-secret FILE --out BLOB.bin [--blob-id N]\n"
    " [--label TEXT] [--c-array BLOB.h --name NAME] KEYSPEC...",
    "seal the keys into a provisioning blob for the device whose root secret\n"
    "(32 raw bytes) is FILE; --c-array also writes the sealed blob as a C array",
    keyspec_text,
    make_opts,
    sizeof make_opts / sizeof make_opts[0],
    NULL,
    NULL};

static const toolutil_cmd_t show_cmd = {
    "show",
    "--root-secret FILE BLOB",
    "open BLOB and list its keys' ids and attributes (never their material)",
    NULL,
    open_opts,
    sizeof open_opts / sizeof open_opts[0],
    NULL,
    NULL};

static const toolutil_cmd_t verify_cmd = {
    "verify",
    "--root-secret FILE BLOB",
    "check that BLOB opens under FILE and every entry is well formed",
    NULL,
    open_opts,
    sizeof open_opts / sizeof open_opts[0],
    NULL,
    NULL};

static const toolutil_cmd_t *const commands[] = {&make_cmd, &show_cmd, &verify_cmd};

static const toolutil_tool_t tool = {
    "mdsec-keys", commands, sizeof commands / sizeof commands[0], keyspec_text,
    "exit status: 0 success, 1 refused key or blob, 2 usage or I/O error"};

/* ---- files ------------------------------------------------------------ */

/* Reads a whole file (at most cap bytes) into buf. 0, or after the reason
 * EXIT_USAGE (cannot read) or empty_rc (an empty file). */
static int read_file(const char *path, uint8_t *buf, size_t cap, size_t *len, int empty_rc)
{
    uint8_t *b = NULL;
    size_t n = 0;
    const int rc = toolutil_read_file(path, cap, 0u, &b, &n);

    *len = 0;
    if (rc != 0) {
        return rc == TOOLUTIL_EMPTY ? empty_rc : EXIT_USAGE;
    }
    memcpy(buf, b, n); /* n <= cap */
    *len = n;
    toolutil_free(b, n);
    return 0;
}

static int load_root(const char *path, uint8_t root[MDSEC_ROOT_SECRET_LEN])
{
    uint8_t buf[MDSEC_ROOT_SECRET_LEN + 1u];
    size_t len = 0;
    int rc = read_file(path, buf, sizeof buf, &len, EXIT_USAGE);
    if (rc == 0 && len != MDSEC_ROOT_SECRET_LEN) {
        toolutil_err("%s: a root secret is exactly %u raw bytes (found %lu)", path,
                     (unsigned)MDSEC_ROOT_SECRET_LEN, (unsigned long)len);
        rc = EXIT_USAGE;
    }
    if (rc == 0) {
        memcpy(root, buf, MDSEC_ROOT_SECRET_LEN);
    }
    mdsec_memzero(buf, sizeof buf);
    return rc;
}

/* ---- key specs -------------------------------------------------------- */

typedef struct type_info {
    const char *name;
    uint16_t type;
    uint32_t alg;
    uint32_t usage;
} type_info_t;

static const type_info_t types[] = {
    {"p256-pair", MDSEC_KS_TYPE_ECC_P256_PAIR, MDSEC_KS_ALG_ECDSA_P256_SHA256,
     MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT_PUBLIC},
    {"p256-public", MDSEC_KS_TYPE_ECC_P256_PUBLIC, MDSEC_KS_ALG_ECDSA_P256_SHA256,
     MDSEC_KS_USAGE_VERIFY},
    {"p384-public", MDSEC_KS_TYPE_ECC_P384_PUBLIC, MDSEC_KS_ALG_ECDSA_P384_SHA384,
     MDSEC_KS_USAGE_VERIFY},
    {"hmac", MDSEC_KS_TYPE_HMAC, MDSEC_KS_ALG_HMAC_SHA256, MDSEC_KS_USAGE_MAC},
    {"aead", MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305, MDSEC_KS_ALG_CHACHA20_POLY1305,
     MDSEC_KS_USAGE_ENCRYPT | MDSEC_KS_USAGE_DECRYPT},
    {"derive", MDSEC_KS_TYPE_DERIVE, MDSEC_KS_ALG_HKDF_SHA256, MDSEC_KS_USAGE_DERIVE},
};

static const struct {
    const char *name;
    uint32_t flag;
} usages[] = {
    {"sign", MDSEC_KS_USAGE_SIGN},
    {"verify", MDSEC_KS_USAGE_VERIFY},
    {"mac", MDSEC_KS_USAGE_MAC},
    {"encrypt", MDSEC_KS_USAGE_ENCRYPT},
    {"decrypt", MDSEC_KS_USAGE_DECRYPT},
    {"derive", MDSEC_KS_USAGE_DERIVE},
    {"export-public", MDSEC_KS_USAGE_EXPORT_PUBLIC},
    {"export", MDSEC_KS_USAGE_EXPORT},
};

static const struct {
    const char *name;
    uint32_t alg;
} algs[] = {
    {"ecdsa-p256-sha256", MDSEC_KS_ALG_ECDSA_P256_SHA256},
    {"ecdsa-p384-sha384", MDSEC_KS_ALG_ECDSA_P384_SHA384},
    {"hmac-sha256", MDSEC_KS_ALG_HMAC_SHA256},
    {"chacha20-poly1305", MDSEC_KS_ALG_CHACHA20_POLY1305},
    {"hkdf-sha256", MDSEC_KS_ALG_HKDF_SHA256},
};

static const char *type_name(uint32_t type)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (types[i].type == type) {
            return types[i].name;
        }
    }
    return "?";
}

static const char *alg_name(uint32_t alg)
{
    for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        if (algs[i].alg == alg) {
            return algs[i].name;
        }
    }
    return "?";
}

static int parse_u32(const char *s, uint32_t *out)
{
    char *end = NULL;
    if (s[0] == '\0' || s[0] == '-' || s[0] == '+') {
        return -1;
    }
    errno = 0;
    const unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0' || v > 0xFFFFFFFFull) {
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int parse_usage(const char *s, uint32_t *out)
{
    uint32_t u = 0;
    while (*s != '\0') {
        const char *e = strchr(s, '+');
        const size_t n = e != NULL ? (size_t)(e - s) : strlen(s);
        size_t i = 0;
        for (; i < sizeof usages / sizeof usages[0]; i++) {
            if (strlen(usages[i].name) == n && strncmp(s, usages[i].name, n) == 0) {
                break;
            }
        }
        if (i == sizeof usages / sizeof usages[0]) {
            return -1;
        }
        u |= usages[i].flag;
        s += n;
        if (*s == '+') {
            s++;
            if (*s == '\0') {
                return -1;
            }
        }
    }
    *out = u;
    return u != 0u ? 0 : -1;
}

/* One key being built: material in its own buffer. */
typedef struct spec {
    ks_builtin_key_t key;
    char file[1024];
    uint8_t material[MDSEC_KS_MATERIAL_MAX];
} spec_t;

static int parse_spec(const char *arg, spec_t *sp)
{
    char buf[1024];
    const type_info_t *ti = NULL;
    int have_id = 0;
    int have_usage = 0;
    int have_alg = 0;
    uint32_t usage = 0;
    uint32_t alg = 0;

    memset(sp, 0, sizeof *sp);
    if (strlen(arg) >= sizeof buf) {
        toolutil_err("keyspec too long");
        return EXIT_USAGE;
    }
    memcpy(buf, arg, strlen(arg) + 1u);
    for (char *tok = strtok(buf, ","); tok != NULL; tok = strtok(NULL, ",")) {
        char *eq = strchr(tok, '=');
        if (eq == NULL) {
            toolutil_err("keyspec '%s': '%s' is not key=value", arg, tok);
            return EXIT_USAGE;
        }
        *eq = '\0';
        const char *v = eq + 1;
        if (strcmp(tok, "id") == 0 && !have_id) {
            if (parse_u32(v, &sp->key.id) != 0 || sp->key.id == MDSEC_KS_ID_INVALID) {
                toolutil_err("keyspec '%s': id must be 1 .. 0xFFFFFFFF", arg);
                return EXIT_USAGE;
            }
            have_id = 1;
        } else if (strcmp(tok, "type") == 0 && ti == NULL) {
            for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
                if (strcmp(v, types[i].name) == 0) {
                    ti = &types[i];
                }
            }
            if (ti == NULL) {
                toolutil_err("keyspec '%s': unknown type '%s'", arg, v);
                return EXIT_USAGE;
            }
        } else if (strcmp(tok, "usage") == 0 && !have_usage) {
            if (parse_usage(v, &usage) != 0) {
                toolutil_err("keyspec '%s': bad usage '%s'", arg, v);
                return EXIT_USAGE;
            }
            have_usage = 1;
        } else if (strcmp(tok, "alg") == 0 && !have_alg) {
            for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
                if (strcmp(v, algs[i].name) == 0) {
                    alg = algs[i].alg;
                    have_alg = 1;
                }
            }
            if (!have_alg) {
                toolutil_err("keyspec '%s': unknown alg '%s'", arg, v);
                return EXIT_USAGE;
            }
        } else if (strcmp(tok, "file") == 0 && sp->file[0] == '\0' && v[0] != '\0') {
            memcpy(sp->file, v, strlen(v) + 1u); /* shorter than buf */
        } else {
            toolutil_err("keyspec '%s': unknown or repeated field '%s'", arg, tok);
            return EXIT_USAGE;
        }
    }
    if (!have_id || ti == NULL || sp->file[0] == '\0') {
        toolutil_err("keyspec '%s': needs id=, type= and file=", arg);
        return EXIT_USAGE;
    }
    if (have_alg && alg != ti->alg) {
        toolutil_err("keyspec '%s': type %s permits only alg %s", arg, ti->name, alg_name(ti->alg));
        return EXIT_USAGE;
    }
    sp->key.attr.type = ti->type;
    sp->key.attr.alg = ti->alg;
    sp->key.attr.usage = have_usage ? usage : ti->usage;
    sp->key.attr.lifetime = MDSEC_KS_LIFETIME_READ_ONLY;
    sp->key.attr.location = MDSEC_KS_LOCATION_RAM;
    return 0;
}

/* Reads the key file of a spec into its material. 0, EXIT_REJECT or EXIT_USAGE. */
static int load_key(spec_t *sp)
{
    static const char *const private_labels[] = {"PRIVATE KEY", "EC PRIVATE KEY", NULL};
    static const char *const public_labels[] = {"PUBLIC KEY", NULL};
    static uint8_t text[KEY_FILE_MAX];
    uint8_t der[DER_MAX];
    uint8_t pub[MDSEC_P256_PUB_LEN];
    size_t len = 0;
    size_t der_len = 0;
    size_t pub_len = 0;
    const uint16_t type = sp->key.attr.type;
    const int raw = type == MDSEC_KS_TYPE_HMAC || type == MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305 ||
                    type == MDSEC_KS_TYPE_DERIVE;
    int rc;

    if (raw) {
        rc = read_file(sp->file, text, sizeof text, &len, EXIT_REJECT);
    } else {
        rc = toolutil_read_key(sp->file,
                               type == MDSEC_KS_TYPE_ECC_P256_PAIR ? private_labels : public_labels,
                               der, sizeof der, &der_len, NULL, 0u);
        rc = (rc == TOOLUTIL_IO_ERR) ? EXIT_USAGE : (rc != 0) ? EXIT_REJECT : 0;
    }
    if (rc != 0) {
        mdsec_memzero(der, sizeof der);
        return rc;
    }
    if (raw) {
        const size_t lo = type == MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305 ? 32u : 16u;
        const size_t hi = type == MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305 ? 32u
                          : type == MDSEC_KS_TYPE_DERIVE               ? 64u
                                                                       : MDSEC_KS_MATERIAL_MAX;
        if (len < lo || len > hi) {
            toolutil_err("%s: a %s key file holds %lu .. %lu raw bytes (found %lu)", sp->file,
                         type_name(type), (unsigned long)lo, (unsigned long)hi, (unsigned long)len);
            rc = EXIT_REJECT;
        } else {
            memcpy(sp->material, text, len);
            sp->key.len = len;
        }
    } else if (type == MDSEC_KS_TYPE_ECC_P256_PAIR) {
        mdsec_der_ec_privkey_t k;
        if (mdsec_der_parse_ec_privkey(der, der_len, &k) != MDSEC_OK ||
            k.kind != MDSEC_DER_KEY_EC_P256 || k.scalar.len != MDSEC_P256_SCALAR_LEN) {
            toolutil_err("%s: not a SEC1 or PKCS#8 P-256 private key", sp->file);
            rc = EXIT_REJECT;
        } else if (mdsec_crypto_ec_pubkey_from_priv(MDSEC_CURVE_P256, k.scalar.ptr, k.scalar.len,
                                                    pub, sizeof pub, &pub_len) != MDSEC_OK ||
                   (k.point.len != 0u &&
                    (k.point.len != pub_len || memcmp(k.point.ptr, pub, pub_len) != 0))) {
            toolutil_err(
                "%s: invalid P-256 private key (scalar out of range or wrong public point)",
                sp->file);
            rc = EXIT_REJECT;
        } else {
            memcpy(sp->material, k.scalar.ptr, k.scalar.len);
            sp->key.len = k.scalar.len;
        }
    } else {
        mdsec_der_pubkey_t k;
        const mdsec_der_key_kind_t want =
            type == MDSEC_KS_TYPE_ECC_P256_PUBLIC ? MDSEC_DER_KEY_EC_P256 : MDSEC_DER_KEY_EC_P384;
        if (mdsec_der_parse_spki(der, der_len, &k) != MDSEC_OK || k.kind != want ||
            k.point.len > MDSEC_KS_MATERIAL_MAX) {
            toolutil_err("%s: not a SubjectPublicKeyInfo %s public key", sp->file,
                         want == MDSEC_DER_KEY_EC_P256 ? "P-256" : "P-384");
            rc = EXIT_REJECT;
        } else {
            memcpy(sp->material, k.point.ptr, k.point.len);
            sp->key.len = k.point.len;
        }
    }
    mdsec_memzero(text, sizeof text);
    mdsec_memzero(der, sizeof der);
    if (rc == 0) {
        sp->key.attr.bits = (uint16_t)(type == MDSEC_KS_TYPE_ECC_P384_PUBLIC ? 384u
                                       : type == MDSEC_KS_TYPE_ECC_P256_PAIR ||
                                               type == MDSEC_KS_TYPE_ECC_P256_PUBLIC
                                           ? 256u
                                           : sp->key.len * 8u);
        sp->key.material = sp->material;
        if (mdsec__ks_attr_check(&sp->key.attr) != MDSEC_OK) {
            toolutil_err("%s: usage not permitted for a %s key", sp->file, type_name(type));
            rc = EXIT_USAGE;
        }
    }
    if (rc != 0) {
        mdsec_memzero(sp->material, sizeof sp->material);
    }
    return rc;
}

/* ---- options ---------------------------------------------------------- */

typedef struct opts {
    const char *root;
    const char *out;
    const char *c_array;
    const char *name;
    const char *label;
    const char *blob_id;
    const char *pos[KS_BLOB_MAX_KEYS + 1u];
    size_t npos;
} opts_t;

/* The options of cmd into o. 0, EXIT_USAGE after a reason, or -1 after
 * printing the command's help. */
static int parse_opts(int argc, char **argv, const toolutil_cmd_t *cmd, size_t max_pos, opts_t *o)
{
    toolutil_args_t a;
    const char *v = NULL;
    int k;

    memset(o, 0, sizeof *o);
    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_next(&a, cmd, &v)) != TOOLUTIL_ARG_END) {
        const char **slot = NULL;
        if (k == TOOLUTIL_ARG_HELP) {
            toolutil_cmd_help(stdout, cmd);
            return -1;
        }
        if (k == TOOLUTIL_ARG_ERROR) {
            return EXIT_USAGE;
        }
        if (k == TOOLUTIL_ARG_POS) {
            if (o->npos >= max_pos) {
                toolutil_err("too many arguments (at most %lu)", (unsigned long)max_pos);
                return EXIT_USAGE;
            }
            o->pos[o->npos++] = v;
            continue;
        }
        switch (k) {
        case OPT_ROOT_SECRET: slot = &o->root; break;
        case OPT_OUT: slot = &o->out; break;
        case OPT_C_ARRAY: slot = &o->c_array; break;
        case OPT_NAME: slot = &o->name; break;
        case OPT_LABEL: slot = &o->label; break;
        default: slot = &o->blob_id; break;
        }
        if (*slot != NULL) {
            toolutil_err("option %s given twice", cmd->opts[k].name);
            return EXIT_USAGE;
        }
        *slot = v;
    }
    return 0;
}

static int c_identifier(const char *s)
{
    if (s == NULL || !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) {
        return 0;
    }
    for (; *s != '\0'; s++) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_')) {
            return 0;
        }
    }
    return 1;
}

static int write_c_array(const char *path, const char *name, const uint8_t *blob, size_t len)
{
    FILE *f = toolutil_create(path);
    if (f == NULL) {
        return EXIT_USAGE;
    }
    (void)fprintf(
        f,
        "/* Generated by mdsec-keys: a sealed built-in key blob (ChaCha20-Poly1305 under\n"
        " * the device root secret). It holds no key in plain form. Load it with\n"
        " * mdsec_ks_load_builtin(ctx, %s, sizeof %s, &count). */\n"
        "#include <stdint.h>\n\n"
        "static const uint8_t %s[%lu] = {",
        name, name, name, (unsigned long)len);
    for (size_t i = 0; i < len; i++) {
        (void)fprintf(f, "%s0x%02x%s", i % 12u == 0u ? "\n    " : "", blob[i],
                      i + 1u < len ? "," : "");
        if (i + 1u < len && i % 12u != 11u) {
            (void)fputc(' ', f);
        }
    }
    (void)fprintf(f, "\n};\n");
    return toolutil_finish(f, path) == 0 ? 0 : EXIT_USAGE;
}

/* ---- commands --------------------------------------------------------- */

static int cmd_make(int argc, char **argv)
{
    static spec_t specs[KS_BLOB_MAX_KEYS];
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    uint8_t root[MDSEC_ROOT_SECRET_LEN];
    uint8_t nonce[KS_BLOB_NONCE_LEN];
    uint8_t blob[KS_BLOB_MAX];
    uint32_t blob_id = 0;
    size_t blob_len = 0;
    size_t n = 0;
    opts_t o;

    int rc = parse_opts(argc, argv, &make_cmd, KS_BLOB_MAX_KEYS + 1u, &o);
    if (rc != 0) {
        return rc < 0 ? EXIT_OK : rc;
    }
    if (o.root == NULL || o.out == NULL) {
        toolutil_err("make needs --root-secret FILE and --out BLOB");
        return EXIT_USAGE;
    }
    if ((o.c_array == NULL) != (o.name == NULL)) {
        toolutil_err("--c-array and --name go together");
        return EXIT_USAGE;
    }
    if (o.name != NULL && !c_identifier(o.name)) {
        toolutil_err("--name '%s' is not a C identifier", o.name);
        return EXIT_USAGE;
    }
    if (o.blob_id != NULL && parse_u32(o.blob_id, &blob_id) != 0) {
        toolutil_err("--blob-id must be 0 .. 0xFFFFFFFF");
        return EXIT_USAGE;
    }
    if (o.label != NULL) {
        size_t i = 0;
        for (; o.label[i] != '\0'; i++) {
            if (o.label[i] < 0x20 || o.label[i] > 0x7E || i >= KS_BLOB_LABEL_LEN) {
                toolutil_err("--label: at most %u printable ASCII characters",
                             (unsigned)KS_BLOB_LABEL_LEN);
                return EXIT_USAGE;
            }
        }
    }
    if (o.npos == 0u) {
        toolutil_err("make needs at least one KEYSPEC");
        return EXIT_USAGE;
    }
    if (o.npos > KS_BLOB_MAX_KEYS) {
        toolutil_err("at most %u keys per blob", (unsigned)KS_BLOB_MAX_KEYS);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o.npos && rc == 0; i++) {
        rc = parse_spec(o.pos[i], &specs[i]);
        for (size_t j = 0; j < i && rc == 0; j++) {
            if (specs[j].key.id == specs[i].key.id) {
                toolutil_err("key id 0x%lx given twice", (unsigned long)specs[i].key.id);
                rc = EXIT_USAGE;
            }
        }
    }
    if (rc == 0) {
        /* Neither output may be one of the inputs (the root secret, a key file). */
        const char *inputs[KS_BLOB_MAX_KEYS + 1u];
        inputs[0] = o.root;
        for (size_t i = 0; i < o.npos; i++) {
            inputs[1u + i] = specs[i].file;
        }
        if (toolutil_check_output(o.out, inputs, 1u + o.npos) != 0 ||
            (o.c_array != NULL && toolutil_check_output(o.c_array, inputs, 1u + o.npos) != 0)) {
            rc = EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < o.npos && rc == 0; i++) {
        rc = load_key(&specs[i]);
        keys[i] = specs[i].key;
        n++;
    }
    if (rc == 0) {
        rc = load_root(o.root, root);
    }
    if (rc == 0 && getrandom(nonce, sizeof nonce, 0) != (ssize_t)sizeof nonce) {
        toolutil_err("getrandom failed: %s", strerror(errno));
        rc = EXIT_USAGE;
    }
    if (rc == 0) {
        const mdsec_status_t st = mdsec__ks_blob_seal(root, blob_id, o.label, keys, n, nonce, blob,
                                                      sizeof blob, &blob_len);
        if (st != MDSEC_OK) {
            toolutil_err("cannot seal: %s", mdsec_status_str(st));
            rc = EXIT_REJECT;
        }
    }
    /* Open what was written, as the device will. */
    if (rc == 0) {
        uint8_t plain[KS_BLOB_BODY_MAX];
        ks_builtin_key_t check[KS_BLOB_MAX_KEYS];
        ks_blob_header_t hdr;
        size_t count = 0;
        const mdsec_status_t st =
            mdsec__ks_blob_parse(root, blob, blob_len, plain, &hdr, check, &count);
        if (st != MDSEC_OK || count != n) {
            toolutil_err("internal error: the sealed blob does not open (%s)",
                         mdsec_status_str(st));
            rc = EXIT_REJECT;
        }
        mdsec_memzero(plain, sizeof plain);
        memset(check, 0, sizeof check);
    }
    mdsec_memzero(root, sizeof root);
    mdsec_memzero(specs, sizeof specs);
    memset(keys, 0, sizeof keys);
    if (rc == 0) {
        rc = toolutil_write_file(o.out, blob, blob_len) == 0 ? 0 : EXIT_USAGE;
    }
    if (rc == 0 && o.c_array != NULL) {
        rc = write_c_array(o.c_array, o.name, blob, blob_len);
    }
    if (rc == 0) {
        printf("%s: %lu bytes, %lu keys, blob id 0x%08lx\n", o.out, (unsigned long)blob_len,
               (unsigned long)n, (unsigned long)blob_id);
    }
    return rc;
}

static void print_usage_flags(uint32_t u)
{
    int first = 1;
    for (size_t i = 0; i < sizeof usages / sizeof usages[0]; i++) {
        if ((u & usages[i].flag) != 0u) {
            printf("%s%s", first ? "" : "+", usages[i].name);
            first = 0;
        }
    }
}

/* show (verbose != 0) and verify. */
static int cmd_open(int argc, char **argv, int verbose)
{
    static uint8_t blob[KS_BLOB_MAX + 1u];
    uint8_t root[MDSEC_ROOT_SECRET_LEN];
    uint8_t plain[KS_BLOB_BODY_MAX];
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    ks_blob_header_t hdr;
    size_t len = 0;
    size_t count = 0;
    opts_t o;

    int rc = parse_opts(argc, argv, verbose ? &show_cmd : &verify_cmd, 1u, &o);
    if (rc != 0) {
        return rc < 0 ? EXIT_OK : rc;
    }
    if (o.root == NULL || o.npos != 1u) {
        toolutil_err("%s needs --root-secret FILE and one BLOB", verbose ? "show" : "verify");
        return EXIT_USAGE;
    }
    rc = read_file(o.pos[0], blob, sizeof blob, &len, EXIT_REJECT);
    if (rc == 0) {
        rc = load_root(o.root, root);
    }
    if (rc != 0) {
        return rc;
    }
    const mdsec_status_t st = mdsec__ks_blob_parse(root, blob, len, plain, &hdr, keys, &count);
    mdsec_memzero(root, sizeof root);
    if (st != MDSEC_OK) {
        toolutil_err("%s: refused: %s (malformed, tampered, or sealed for another device)",
                     o.pos[0], mdsec_status_str(st));
        return EXIT_REJECT;
    }
    if (verbose) {
        printf("blob: %lu bytes, format %u, id 0x%08lx, label \"%s\", %lu keys\n",
               (unsigned long)len, (unsigned)KS_BLOB_VERSION, (unsigned long)hdr.blob_id, hdr.label,
               (unsigned long)count);
        for (size_t i = 0; i < count; i++) {
            const ks_builtin_key_t *k = &keys[i];
            printf("key 0x%08lx: type %s, bits %u, usage ", (unsigned long)k->id,
                   type_name(k->attr.type), (unsigned)k->attr.bits);
            print_usage_flags(k->attr.usage);
            printf(", alg %s, lifetime read-only, location ram, material %lu bytes\n",
                   alg_name(k->attr.alg), (unsigned long)k->len);
        }
    } else {
        printf("%s: ok, %lu keys, blob id 0x%08lx\n", o.pos[0], (unsigned long)count,
               (unsigned long)hdr.blob_id);
    }
    mdsec_memzero(plain, sizeof plain);
    memset(keys, 0, sizeof keys);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    toolutil_set_tool(&tool);
    if (argc < 2) {
        toolutil_err("missing command (try mdsec-keys --help)");
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (toolutil_is_help(cmd) || strcmp(cmd, "help") == 0) {
        toolutil_tool_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mdsec-keys %d.%d.%d (crypto: %s, port: %s)\n", MDSEC_VERSION_MAJOR,
               MDSEC_VERSION_MINOR, MDSEC_VERSION_PATCH, mdsec_crypto_provider_name(),
               mdsec_port_name());
        return EXIT_OK;
    }
    if (strcmp(cmd, "make") == 0) {
        return cmd_make(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "show") == 0 || strcmp(cmd, "verify") == 0) {
        return cmd_open(argc - 2, argv + 2, strcmp(cmd, "show") == 0);
    }
    toolutil_err("unknown command '%s' (try mdsec-keys --help)", cmd);
    return EXIT_USAGE;
}
