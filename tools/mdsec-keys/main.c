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
 * The PEM layer is toolutil_pem_decode() (BearSSL's decoder, shared with the
 * other tools); the DER inside is parsed by mdsec's strict decoders (mdsec/parse.h). The blob is sealed and
 * opened by the library's own code (src/keystore/ks_blob.c).
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

static const char usage_text[] =
    "usage: mdsec-keys <command> [options]\n"
    "\n"
    "commands:\n"
    "  make --root-secret FILE --out BLOB.bin [--blob-id N] [--label TEXT]\n"
    "       [--c-array BLOB.h --name NAME] KEYSPEC...\n"
    "      seal the keys into a provisioning blob for the device whose root secret\n"
    "      (32 raw bytes) is FILE; --c-array also writes the sealed blob as a C array\n"
    "  show --root-secret FILE BLOB\n"
    "      open BLOB and list its keys' ids and attributes (never their material)\n"
    "  verify --root-secret FILE BLOB\n"
    "      check that BLOB opens under FILE and every entry is well formed\n"
    "\n"
    "KEYSPEC: id=N,type=T,file=PATH[,usage=U+U...][,alg=A]   (PATH without commas)\n"
    "  type  p256-pair    SEC1 or PKCS#8 P-256 private key (PEM or DER); default usage\n"
    "                     sign+export-public\n"
    "        p256-public  SubjectPublicKeyInfo P-256 public key (PEM or DER); default verify\n"
    "        p384-public  SubjectPublicKeyInfo P-384 public key (PEM or DER); default verify\n"
    "        hmac         raw key file, 16..128 bytes; default mac\n"
    "        aead         raw ChaCha20-Poly1305 key file, 32 bytes; default encrypt+decrypt\n"
    "        derive       raw HKDF key file, 16..64 bytes; default derive\n"
    "  usage sign verify mac encrypt decrypt derive export-public export\n"
    "  alg   ecdsa-p256-sha256 ecdsa-p384-sha384 hmac-sha256 chacha20-poly1305\n"
    "        hkdf-sha256 (each type has exactly one; the default)\n"
    "\n"
    "options:\n"
    "  -h, --help     this text\n"
    "  --version      tool version, crypto provider and port\n"
    "\n"
    "exit status: 0 success, 1 refused key or blob, 2 usage or I/O error\n";

/* ---- files ------------------------------------------------------------ */

/* Reads a whole file (at most cap bytes) into buf. 0, or EXIT_USAGE after a reason. */
static int read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    uint8_t *b = NULL;
    size_t n = 0;

    *len = 0;
    if (toolutil_read_file(path, cap, &b, &n) != 0) {
        return EXIT_USAGE;
    }
    memcpy(buf, b, n); /* n <= cap */
    *len = n;
    toolutil_free(b, n);
    return 0;
}

/* Writes the blob; a partly written file is removed. 0, or EXIT_USAGE after a reason. */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
    const int rc = toolutil_write_file(path, data, len);
    if (rc == -2 && strcmp(path, "-") != 0) {
        toolutil_remove_partial(path);
    }
    return rc == 0 ? 0 : EXIT_USAGE;
}

static int load_root(const char *path, uint8_t root[MDSEC_ROOT_SECRET_LEN])
{
    uint8_t buf[MDSEC_ROOT_SECRET_LEN + 1u];
    size_t len = 0;
    int rc = read_file(path, buf, sizeof buf, &len);
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

/* ---- PEM -------------------------------------------------------------- */

/* The DER of the first PEM object (any label; the DER decoders judge it),
 * or the file itself when it is DER. 0, or -1. */
static int pem_or_der(const uint8_t *text, size_t len, uint8_t *der, size_t cap, size_t *der_len)
{
    *der_len = 0;
    if (len > 0u && text[0] == 0x30u) { /* raw DER: a SEQUENCE */
        if (len > cap) {
            return -1;
        }
        memcpy(der, text, len);
        *der_len = len;
        return 0;
    }
    return toolutil_pem_decode(text, len, NULL, der, cap, der_len, NULL, 0u, NULL, 0u) == 0 ? 0
                                                                                            : -1;
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
    static uint8_t text[KEY_FILE_MAX];
    uint8_t der[DER_MAX];
    uint8_t pub[MDSEC_P256_PUB_LEN];
    size_t len = 0;
    size_t der_len = 0;
    size_t pub_len = 0;
    int rc = read_file(sp->file, text, sizeof text, &len);
    const uint16_t type = sp->key.attr.type;

    if (rc != 0) {
        return rc;
    }
    if (type == MDSEC_KS_TYPE_HMAC || type == MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305 ||
        type == MDSEC_KS_TYPE_DERIVE) {
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
    } else if (pem_or_der(text, len, der, sizeof der, &der_len) != 0) {
        toolutil_err("%s: not a PEM or DER key file", sp->file);
        rc = EXIT_REJECT;
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

/* "--name value" or "--name=value" for the options a command allows. */
static int parse_opts(int argc, char **argv, const char *allowed, size_t max_pos, opts_t *o)
{
    toolutil_args_t a;
    const char *pos = NULL;
    int k;
    memset(o, 0, sizeof *o);
    toolutil_args_init(&a, argc, argv);
    while ((k = toolutil_args_next(&a, &pos)) >= 0) {
        if (k == 0) {
            if (o->npos >= max_pos) {
                toolutil_err("too many arguments (at most %lu)", (unsigned long)max_pos);
                return EXIT_USAGE;
            }
            o->pos[o->npos++] = pos;
            continue;
        }
        const char *name = a.name;
        const char **slot = NULL;
        if (strcmp(name, "--root-secret") == 0) {
            slot = &o->root;
        } else if (strcmp(name, "--out") == 0) {
            slot = &o->out;
        } else if (strcmp(name, "--c-array") == 0) {
            slot = &o->c_array;
        } else if (strcmp(name, "--name") == 0) {
            slot = &o->name;
        } else if (strcmp(name, "--label") == 0) {
            slot = &o->label;
        } else if (strcmp(name, "--blob-id") == 0) {
            slot = &o->blob_id;
        }
        char key[40];
        (void)snprintf(key, sizeof key, " %s ", name);
        if (slot == NULL || strstr(allowed, key) == NULL) {
            toolutil_err("unknown option '%s' (try mdsec-keys --help)", name);
            return EXIT_USAGE;
        }
        if (*slot != NULL) {
            toolutil_err("option %s given twice", name);
            return EXIT_USAGE;
        }
        *slot = toolutil_args_value(&a);
        if (*slot == NULL) {
            return EXIT_USAGE;
        }
    }
    return 0;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            return 0;
        }
        if (toolutil_is_help(argv[i])) {
            return 1;
        }
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
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        toolutil_err("%s: cannot create: %s", path, strerror(errno));
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
    const int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        toolutil_err("%s: write error", path);
        toolutil_remove_partial(path);
        return EXIT_USAGE;
    }
    return 0;
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

    int rc = parse_opts(argc, argv, " --root-secret --out --c-array --name --label --blob-id ",
                        KS_BLOB_MAX_KEYS + 1u, &o);
    if (rc != 0) {
        return rc;
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
        rc = write_file(o.out, blob, blob_len);
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

    int rc = parse_opts(argc, argv, " --root-secret ", 1u, &o);
    if (rc != 0) {
        return rc;
    }
    if (o.root == NULL || o.npos != 1u) {
        toolutil_err("%s needs --root-secret FILE and one BLOB", verbose ? "show" : "verify");
        return EXIT_USAGE;
    }
    rc = read_file(o.pos[0], blob, sizeof blob, &len);
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
    toolutil_set_prog("mdsec-keys");
    if (argc < 2) {
        toolutil_err("missing command (try mdsec-keys --help)");
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (toolutil_is_help(cmd) || strcmp(cmd, "help") == 0) {
        (void)fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("mdsec-keys %d.%d.%d (crypto: %s, port: %s)\n", MDSEC_VERSION_MAJOR,
               MDSEC_VERSION_MINOR, MDSEC_VERSION_PATCH, mdsec_crypto_provider_name(),
               mdsec_port_name());
        return EXIT_OK;
    }
    if (strcmp(cmd, "make") != 0 && strcmp(cmd, "show") != 0 && strcmp(cmd, "verify") != 0) {
        toolutil_err("unknown command '%s' (try mdsec-keys --help)", cmd);
        return EXIT_USAGE;
    }
    if (wants_help(argc - 2, argv + 2)) {
        (void)fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "make") == 0) {
        return cmd_make(argc - 2, argv + 2);
    }
    return cmd_open(argc - 2, argv + 2, strcmp(cmd, "show") == 0);
}
