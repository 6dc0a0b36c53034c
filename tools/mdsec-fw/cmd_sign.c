/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-fw sign: writes an MCUboot image in exactly imgtool's (2.4.0)
 * layout, so that for the same inputs the output differs from imgtool's
 * only in the signature TLV values (ECDSA signatures are randomised, and
 * their DER length varies by a byte or two) and so in the unprotected
 * area's total size.
 *
 * Layout written (all little endian):
 *   header (32 bytes): magic, load address 0, header size, protected TLV
 *     area size, image size, flags 0, version (u8 u8 u16 u32), pad 0;
 *     padded to --header-size with 0xFF (--pad-header, imgtool's erased
 *     value) or written over the input's leading zeros
 *   body: the input
 *   protected TLV area (only when there is a TLV for it): info 0x6908 and
 *     its size, SEC_CNT (u32), then one DEPENDENCY per dependency
 *     (image id, 3 zero bytes, u8 major, u8 minor, u16 revision, u32 build)
 *   unprotected TLV area: info 0x6907 and its size, SHA256 of header, body
 *     and protected area, then per key KEYHASH (SHA-256 of the
 *     SubjectPublicKeyInfo DER) or PUBKEY (that DER), followed by
 *     ECDSA_SIG (DER) or ED25519 (over the SHA-256 digest); one pair per
 *     --key, in order (k-of-n images). With --pure (Ed25519 keys only, as
 *     imgtool --pure): SHA512 instead of SHA256, then SIG_PURE (one byte,
 *     1), KEYHASH the SHA-512 of the key, and ED25519 over the hashed bytes
 *     themselves
 *   with --pad: erased bytes up to the slot size and the MCUboot trailer
 *     (boot magic, image_ok = 0x01 with --confirm), placed for --align.
 * --align changes nothing in an unpadded image; with --slot-size it sizes
 * the trailer the image must leave room for.
 *
 * Signing uses mdsec's crypto through the internal provider API
 * (src/crypto/crypto.h): the public API has no signing operation, so this
 * host tool includes that internal header. ECDSA P-256 and P-384 keys (SEC 1
 * or PKCS#8) and RSA-2048/3072 keys (PKCS#1 or PKCS#8; EMSA-PSS with
 * MGF1-SHA-256 and a 32-byte salt, as imgtool) sign with the provider (RSA
 * needs libtomcrypt, the PSA provider or BearSSL's PSA fallback), Ed25519
 * keys (PKCS#8, RFC 8410) with libsodium where the library has Ed25519
 * (MDSEC_ED25519=sodium). P-384 images are hashed with SHA-384 and carry
 * SHA-384 key hashes, as imgtool writes them.
 * Ed25519 signatures are deterministic, so for the same inputs the output
 * of an Ed25519-only image is byte-identical to imgtool's. Private key
 * bytes are wiped with mdsec_memzero() after use.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h" /* internal provider API: ECDSA P-256 signing (host tool only) */
#include "mdsec/core.h"
#include "mdsec/parse.h"

#include "fwtool.h"

#define SPKI_P256_LEN     91u
#define SPKI_ED25519_LEN  44u
#define SPKI_P384_LEN     120u
/* The largest key TLV: an RSA-3072 PKCS#1 RSAPublicKey is 398 bytes. */
#define KEY_TLV_MAX       512u
/* The largest signature: RSA-3072. */
#define SIG_MAX           (MDSEC_RSA_MAX_BITS / 8u)
#define DEPENDENCY_LEN    12u
#define ERASED            0xFFu
#define BOOT_MAGIC_LEN    16u
#define DEFAULT_MAX_ALIGN 8u

static const uint8_t spki_p256_prefix[SPKI_P256_LEN - MDSEC_P256_PUB_LEN] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
/* RFC 5480 SubjectPublicKeyInfo of a P-384 key, before the 97-byte point. */
static const uint8_t spki_p384_prefix[SPKI_P384_LEN - MDSEC_P384_PUB_LEN] = {
    0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
    0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00};

/* PKCS#8 algorithm OIDs (contents only). */
static const uint8_t oid_ec[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static const uint8_t oid_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
static const uint8_t oid_ed25519[] = {0x2b, 0x65, 0x70};

/* RFC 8410 SubjectPublicKeyInfo of an Ed25519 key, before the 32 key bytes. */
static const uint8_t spki_ed25519_prefix[SPKI_ED25519_LEN - MDSEC_ED25519_PUB_LEN] = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
static const uint8_t sig_pure_true = 0x01u;

static const uint8_t boot_magic[BOOT_MAGIC_LEN] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                                   0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
static const uint8_t boot_magic_tail[BOOT_MAGIC_LEN - 2u] = {
    0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a};

static const mdsec_tlv_format_t mcuboot_tlv = MDSEC_TLV_FORMAT_MCUBOOT;

typedef enum key_kind { KEY_P256 = 0, KEY_P384, KEY_RSA, KEY_ED25519 } key_kind_t;

typedef struct sign_key {
    key_kind_t kind;
    uint8_t priv[MDSEC_P384_SCALAR_LEN]; /* the EC scalar or the Ed25519 seed (32 bytes) */
    size_t priv_len;
    uint8_t rsa_der[FWTOOL_KEY_DER_MAX]; /* RSA: the PKCS#1 RSAPrivateKey */
    size_t rsa_der_len;
    size_t rsa_bytes;          /* RSA: the modulus length, 256 or 384 */
    uint8_t spki[KEY_TLV_MAX]; /* what imgtool embeds and hashes: SPKI, or RSAPublicKey for RSA */
    size_t spki_len;
    uint8_t hash[MDSEC_SHA256_LEN];
    uint8_t hash384[MDSEC_SHA384_LEN]; /* the KEYHASH of SHA-384 (P-384) images */
    uint8_t hash512[MDSEC_SHA512_LEN]; /* the KEYHASH of --pure images */
} sign_key_t;

typedef struct dependency {
    uint8_t id;
    mdsec_fw_version_t version;
} dependency_t;

static sign_key_t keys[FWTOOL_MAX_KEYS];
static size_t nkeys;

static void wipe_keys(void)
{
    mdsec_memzero(keys, sizeof keys);
    nkeys = 0u;
}

static void put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* The algorithm OID of a PKCS#8 PrivateKeyInfo, or an empty span. */
static mdsec_span_t pkcs8_algorithm(const uint8_t *der, size_t len)
{
    mdsec_reader_t r, seq, alg, oid;
    mdsec_span_t none = {NULL, 0u}, ver;

    mdsec_reader_init(&r, der, len);
    if (mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &seq) != MDSEC_OK ||
        mdsec_der_uint(&seq, &ver) != MDSEC_OK ||
        mdsec_der_expect(&seq, MDSEC_DER_SEQUENCE, &alg) != MDSEC_OK ||
        mdsec_der_expect(&alg, MDSEC_DER_OID, &oid) != MDSEC_OK) {
        return none;
    }
    return mdsec_read_span(&oid, mdsec_reader_remaining(&oid));
}

static int span_is(mdsec_span_t s, const uint8_t *p, size_t n)
{
    return s.len == n && memcmp(s.ptr, p, n) == 0;
}

/*
 * The seed of an Ed25519 PKCS#8 PrivateKeyInfo (RFC 8410 section 7, as
 * imgtool and openssl genpkey write it): SEQUENCE { INTEGER 0, SEQUENCE {
 * OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }, nothing
 * else. The span points into der.
 */
static int ed25519_seed(const uint8_t *der, size_t len, mdsec_span_t *seed)
{
    mdsec_reader_t r, seq, alg, oid, outer, inner;
    mdsec_span_t ver, o;

    mdsec_reader_init(&r, der, len);
    if (mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &seq) != MDSEC_OK ||
        mdsec_reader_finish(&r) != MDSEC_OK || mdsec_der_uint(&seq, &ver) != MDSEC_OK ||
        ver.len != 1u || ver.ptr[0] != 0u ||
        mdsec_der_expect(&seq, MDSEC_DER_SEQUENCE, &alg) != MDSEC_OK ||
        mdsec_der_expect(&alg, MDSEC_DER_OID, &oid) != MDSEC_OK ||
        mdsec_reader_finish(&alg) != MDSEC_OK) {
        return -1;
    }
    o = mdsec_read_span(&oid, mdsec_reader_remaining(&oid));
    if (!span_is(o, oid_ed25519, sizeof oid_ed25519) ||
        mdsec_der_expect(&seq, MDSEC_DER_OCTET_STRING, &outer) != MDSEC_OK ||
        mdsec_reader_finish(&seq) != MDSEC_OK ||
        mdsec_der_expect(&outer, MDSEC_DER_OCTET_STRING, &inner) != MDSEC_OK ||
        mdsec_reader_finish(&outer) != MDSEC_OK ||
        mdsec_reader_remaining(&inner) != MDSEC_ED25519_SEED_LEN) {
        return -1;
    }
    *seed = mdsec_read_span(&inner, MDSEC_ED25519_SEED_LEN);
    return 0;
}

/* Loads an Ed25519 key (PKCS#8) into k: seed, SubjectPublicKeyInfo, key hashes. */
static int load_ed25519_key(const char *path, const uint8_t *der, size_t len, sign_key_t *k)
{
    uint8_t pub[MDSEC_ED25519_PUB_LEN];
    mdsec_span_t seed;
    mdsec_status_t st;

    if (!MDSEC_CRYPTO_HAS_ED25519) {
        toolutil_err("%s: Ed25519 keys cannot sign: this mdsec is built without Ed25519 "
                     "(configure with -DMDSEC_ED25519=sodium)",
                     path);
        return -1;
    }
    if (ed25519_seed(der, len, &seed) != 0) {
        toolutil_err("%s: not a usable Ed25519 private key (PKCS#8, RFC 8410)", path);
        return -1;
    }
    memcpy(k->priv, seed.ptr, MDSEC_ED25519_SEED_LEN);
    st = mdsec_crypto_ed25519_pubkey_from_seed(k->priv, pub);
    if (st != MDSEC_OK) {
        toolutil_err("%s: invalid Ed25519 private key: %s", path, mdsec_status_str(st));
        return -1;
    }
    /* imgtool embeds and hashes the SubjectPublicKeyInfo DER of Ed25519 keys. */
    memcpy(k->spki, spki_ed25519_prefix, sizeof spki_ed25519_prefix);
    memcpy(k->spki + sizeof spki_ed25519_prefix, pub, sizeof pub);
    k->spki_len = SPKI_ED25519_LEN;
    k->kind = KEY_ED25519;
    k->priv_len = MDSEC_ED25519_SEED_LEN;
    st = mdsec_crypto_hash(MDSEC_HASH_SHA256, k->spki, k->spki_len, k->hash, sizeof k->hash);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_sha512(k->spki, k->spki_len, k->hash512, sizeof k->hash512);
    }
    if (st != MDSEC_OK) {
        toolutil_err("%s: hashing the public key failed: %s", path, mdsec_status_str(st));
        return -1;
    }
    return 0;
}

static const char *key_name(const sign_key_t *k)
{
    switch (k->kind) {
    case KEY_P256: return "ECDSA P-256";
    case KEY_P384: return "ECDSA P-384";
    case KEY_RSA: return (k->rsa_bytes == 384u) ? "RSA-3072" : "RSA-2048";
    default: return "Ed25519";
    }
}

/* The key hashes imgtool writes: SHA-256, SHA-384 (P-384 images), SHA-512 (--pure). */
static int hash_key(const char *path, sign_key_t *k)
{
    mdsec_status_t st =
        mdsec_crypto_hash(MDSEC_HASH_SHA256, k->spki, k->spki_len, k->hash, sizeof k->hash);
    if (st == MDSEC_OK && k->kind == KEY_P384) {
        st = mdsec_crypto_hash(MDSEC_HASH_SHA384, k->spki, k->spki_len, k->hash384,
                               sizeof k->hash384);
    }
    if (st != MDSEC_OK) {
        toolutil_err("%s: hashing the public key failed: %s", path, mdsec_status_str(st));
        return -1;
    }
    return 0;
}

/* Appends a DER length to out[*n]. */
static void der_put_len(uint8_t *out, size_t *n, size_t len)
{
    if (len < 0x80u) {
        out[(*n)++] = (uint8_t)len;
    } else if (len < 0x100u) {
        out[(*n)++] = 0x81u;
        out[(*n)++] = (uint8_t)len;
    } else {
        out[(*n)++] = 0x82u;
        out[(*n)++] = (uint8_t)(len >> 8);
        out[(*n)++] = (uint8_t)len;
    }
}

/* Appends INTEGER magnitude (a 0x00 sign byte when its top bit is set). */
static void der_put_uint(uint8_t *out, size_t *n, mdsec_span_t m)
{
    int pad = (m.ptr[0] & 0x80u) != 0u;
    out[(*n)++] = MDSEC_DER_INTEGER;
    der_put_len(out, n, m.len + (size_t)pad);
    if (pad) {
        out[(*n)++] = 0u;
    }
    memcpy(out + *n, m.ptr, m.len);
    *n += m.len;
}

/*
 * Loads an RSA key: der is a PKCS#1 RSAPrivateKey (pkcs8 == 0) or a PKCS#8
 * PrivateKeyInfo holding one. Keeps the RSAPrivateKey for the provider and
 * builds the PKCS#1 RSAPublicKey that imgtool embeds and hashes.
 */
static int load_rsa_key(const char *path, const uint8_t *der, size_t len, int pkcs8, sign_key_t *k)
{
    mdsec_reader_t r, seq, alg, outer;
    mdsec_span_t ver, n, e, key;
    uint8_t body[KEY_TLV_MAX];
    size_t blen = 0u, out = 0u;

    key.ptr = der;
    key.len = len;
    if (pkcs8) {
        mdsec_reader_init(&r, der, len);
        if (mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &seq) != MDSEC_OK ||
            mdsec_reader_finish(&r) != MDSEC_OK || mdsec_der_uint(&seq, &ver) != MDSEC_OK ||
            mdsec_der_expect(&seq, MDSEC_DER_SEQUENCE, &alg) != MDSEC_OK ||
            mdsec_der_expect(&seq, MDSEC_DER_OCTET_STRING, &outer) != MDSEC_OK) {
            toolutil_err("%s: not a usable RSA private key (PKCS#8)", path);
            return -1;
        }
        key = mdsec_read_span(&outer, mdsec_reader_remaining(&outer));
    }
    mdsec_reader_init(&r, key.ptr, key.len);
    if (mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &seq) != MDSEC_OK ||
        mdsec_reader_finish(&r) != MDSEC_OK || mdsec_der_uint(&seq, &ver) != MDSEC_OK ||
        ver.len != 1u || ver.ptr[0] != 0u || mdsec_der_uint(&seq, &n) != MDSEC_OK ||
        mdsec_der_uint(&seq, &e) != MDSEC_OK) {
        toolutil_err("%s: not a usable RSA private key (PKCS#1 RSAPrivateKey)", path);
        return -1;
    }
    if ((n.len != 256u && n.len != 384u) || (n.ptr[0] & 0x80u) == 0u) {
        toolutil_err("%s: RSA keys must have a 2048- or 3072-bit modulus (MCUboot's RSA-2048 and "
                     "RSA-3072)",
                     path);
        return -1;
    }
    if (key.len > sizeof k->rsa_der || e.len > 8u) {
        toolutil_err("%s: RSA private key too large", path);
        return -1;
    }
    memcpy(k->rsa_der, key.ptr, key.len);
    k->rsa_der_len = key.len;
    k->rsa_bytes = n.len;
    der_put_uint(body, &blen, n);
    der_put_uint(body, &blen, e);
    k->spki[out++] = MDSEC_DER_SEQUENCE;
    der_put_len(k->spki, &out, blen);
    memcpy(k->spki + out, body, blen);
    k->spki_len = out + blen;
    k->kind = KEY_RSA;
    return hash_key(path, k);
}

/* Loads an EC key (SEC 1 or PKCS#8), P-256 or P-384. */
static int load_ec_key(const char *path, const uint8_t *der, size_t len, sign_key_t *k)
{
    uint8_t pub[MDSEC_P384_PUB_LEN];
    mdsec_der_ec_privkey_t ec;
    mdsec_curve_t curve;
    size_t scalar_len, pub_len = 0u;
    mdsec_status_t st;
    int rc = -1;

    st = mdsec_der_parse_ec_privkey(der, len, &ec);
    if (st != MDSEC_OK) {
        toolutil_err("%s: not a usable EC private key: %s", path, mdsec_status_str(st));
        goto out;
    }
    if (ec.kind == MDSEC_DER_KEY_EC_P256) {
        curve = MDSEC_CURVE_P256;
        scalar_len = MDSEC_P256_SCALAR_LEN;
        k->kind = KEY_P256;
    } else {
        curve = MDSEC_CURVE_P384;
        scalar_len = MDSEC_P384_SCALAR_LEN;
        k->kind = KEY_P384;
    }
    if (ec.scalar.len != scalar_len) {
        toolutil_err("%s: malformed %s private key", path, key_name(k));
        goto out;
    }
    memcpy(k->priv, ec.scalar.ptr, scalar_len);
    k->priv_len = scalar_len;
    st = mdsec_crypto_ec_pubkey_from_priv(curve, k->priv, k->priv_len, pub, sizeof pub, &pub_len);
    if (st != MDSEC_OK) {
        toolutil_err("%s: invalid %s private key: %s", path, key_name(k), mdsec_status_str(st));
        goto out;
    }
    if (ec.point.len != 0u &&
        (ec.point.len != pub_len || memcmp(ec.point.ptr, pub, pub_len) != 0)) {
        toolutil_err("%s: the public key in the file does not match its private key", path);
        goto out;
    }
    /* imgtool embeds and hashes the SubjectPublicKeyInfo DER of EC keys. */
    if (curve == MDSEC_CURVE_P256) {
        memcpy(k->spki, spki_p256_prefix, sizeof spki_p256_prefix);
        memcpy(k->spki + sizeof spki_p256_prefix, pub, MDSEC_P256_PUB_LEN);
        k->spki_len = SPKI_P256_LEN;
    } else {
        memcpy(k->spki, spki_p384_prefix, sizeof spki_p384_prefix);
        memcpy(k->spki + sizeof spki_p384_prefix, pub, MDSEC_P384_PUB_LEN);
        k->spki_len = SPKI_P384_LEN;
    }
    rc = hash_key(path, k);
out:
    mdsec_memzero(&ec, sizeof ec);
    return rc;
}

/* Loads one signing key into keys[nkeys]. */
static int load_private_key(const char *path)
{
    static const char *const labels[] = {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY",
                                         "ENCRYPTED PRIVATE KEY", NULL};
    static uint8_t der[FWTOOL_KEY_DER_MAX];
    char label[64];
    size_t len = 0u;
    sign_key_t *k;
    int rc = -1;

    if (nkeys == FWTOOL_MAX_KEYS) {
        toolutil_err("sign: at most %u keys", FWTOOL_MAX_KEYS);
        return -1;
    }
    k = &keys[nkeys];
    if (toolutil_read_key(path, labels, der, sizeof der, &len, label, sizeof label) != 0) {
        return -1;
    }
    if (strcmp(label, "ENCRYPTED PRIVATE KEY") == 0) {
        toolutil_err("%s: encrypted private keys are not supported; decrypt it first", path);
    } else if (strcmp(label, "RSA PRIVATE KEY") == 0) {
        rc = load_rsa_key(path, der, len, 0, k);
    } else if (strcmp(label, "EC PRIVATE KEY") == 0) {
        rc = load_ec_key(path, der, len, k);
    } else {
        mdsec_span_t alg = pkcs8_algorithm(der, len);
        if (span_is(alg, oid_rsa, sizeof oid_rsa)) {
            rc = load_rsa_key(path, der, len, 1, k);
        } else if (span_is(alg, oid_ed25519, sizeof oid_ed25519)) {
            rc = load_ed25519_key(path, der, len, k);
        } else if (alg.len != 0u && !span_is(alg, oid_ec, sizeof oid_ec)) {
            toolutil_err("%s: unsupported private key algorithm (ECDSA P-256 or P-384, RSA-2048 "
                         "or RSA-3072, Ed25519)",
                         path);
        } else {
            rc = load_ec_key(path, der, len, k);
        }
    }
    mdsec_memzero(der, sizeof der);
    if (rc != 0) {
        mdsec_memzero(k, sizeof *k);
        return -1;
    }
    nkeys++;
    return 0;
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

/* "(ID,VERSION)[, (ID,VERSION) ...]" as imgtool's -d option. */
static int parse_dependencies(const char *s, dependency_t *deps, size_t *ndeps)
{
    const char *p = skip_ws(s);
    int any = 0;

    while (*p != '\0') {
        char num[16], ver[64];
        size_t n = 0u;
        uint64_t id;
        if (*p != '(') {
            goto bad;
        }
        p = skip_ws(p + 1);
        while (*p >= '0' && *p <= '9' && n < sizeof num - 1u) {
            num[n++] = *p++;
        }
        num[n] = '\0';
        p = skip_ws(p);
        if (*p != ',' || fwtool_parse_u64(num, 255u, &id) != 0) {
            goto bad;
        }
        p = skip_ws(p + 1);
        n = 0u;
        while (((*p >= '0' && *p <= '9') || *p == '.' || *p == '+') && n < sizeof ver - 1u) {
            ver[n++] = *p++;
        }
        ver[n] = '\0';
        p = skip_ws(p);
        if (*p != ')') {
            goto bad;
        }
        if (*ndeps == FWTOOL_MAX_DEPS) {
            toolutil_err("--dependency: at most %u dependencies", FWTOOL_MAX_DEPS);
            return -1;
        }
        if (fwtool_parse_version(ver, &deps[*ndeps].version) != 0) {
            toolutil_err("--dependency: bad version '%s'", ver);
            return -1;
        }
        deps[*ndeps].id = (uint8_t)id;
        (*ndeps)++;
        any = 1;
        p = skip_ws(p + 1);
        if (*p == ',') {
            p = skip_ws(p + 1);
        }
    }
    if (any) {
        return 0;
    }
bad:
    toolutil_err("--dependency: expected \"(ID,VERSION)\", got '%s'", s);
    return -1;
}

/* imgtool's trailer size for swap upgrades without encryption. */
static uint64_t trailer_size(uint32_t align, uint32_t max_align, uint32_t max_sectors)
{
    uint64_t magic_align = (uint64_t)((BOOT_MAGIC_LEN + max_align - 1u) / max_align) * max_align;
    return (uint64_t)max_sectors * 3u * align + (uint64_t)max_align * 4u + magic_align;
}

static int tlv_put(uint8_t *area, size_t cap, size_t *pos, uint32_t tag, const void *v, size_t n)
{
    size_t w = 0u;
    if (mdsec_tlv_encode(mcuboot_tlv, tag, v, n, area + *pos, cap - *pos, &w) != MDSEC_OK) {
        toolutil_err("sign: TLV area too large");
        return -1;
    }
    *pos += w;
    return 0;
}

typedef struct sign_opts {
    mdsec_fw_version_t version;
    int have_version;
    int have_seccnt;
    int seccnt_auto;
    uint32_t seccnt;
    uint64_t header_size;
    int pad_header;
    uint64_t align;
    uint64_t slot_size;
    uint64_t max_sectors;
    int pad;
    int confirm;
    int full_key;
    int pure;
    dependency_t deps[FWTOOL_MAX_DEPS];
    size_t ndeps;
    const char *in;
    const char *out;
    const char *key_paths[FWTOOL_MAX_KEYS];
} sign_opts_t;

enum {
    OPT_KEY,
    OPT_VERSION,
    OPT_SECURITY_COUNTER,
    OPT_HEADER_SIZE,
    OPT_PAD_HEADER,
    OPT_ALIGN,
    OPT_DEPENDENCY,
    OPT_PUBLIC_KEY_FORMAT,
    OPT_SLOT_SIZE,
    OPT_PAD,
    OPT_CONFIRM,
    OPT_MAX_SECTORS,
    OPT_PURE
};

static const toolutil_opt_t sign_opts[] = {
    [OPT_KEY] = {"--key", "-k", "KEY.pem",
                 "ECDSA P-256 (PKCS#8 or SEC1) or Ed25519 (PKCS#8)\n"
                 "private key, PEM or DER; repeat to sign with\n"
                 "several keys",
                 NULL},
    [OPT_VERSION] = {"--version", "-v", "V", "image version maj.min.rev+build (required)", NULL},
    [OPT_SECURITY_COUNTER] = {"--security-counter", "-s", "N|auto",
                              "add a SEC_CNT TLV; auto: major << 24 |\n"
                              "minor << 16 | revision",
                              NULL},
    [OPT_HEADER_SIZE] = {"--header-size", "-H", "H", "header size, 32..65535 (required)", NULL},
    [OPT_PAD_HEADER] = {"--pad-header", NULL, NULL,
                        "prepend H erased bytes (else IN must start\n"
                        "with H zero bytes)",
                        NULL},
    [OPT_ALIGN] = {"--align", NULL, "A", "flash write alignment 1..32 (default 1)", NULL},
    [OPT_DEPENDENCY] = {"--dependency", "-d", "\"(ID,VERSION)\"",
                        "protected DEPENDENCY TLVs:\n"
                        "\"(ID,VERSION)[,(ID,VERSION)...]\"",
                        "--dependencies"},
    [OPT_PUBLIC_KEY_FORMAT] = {"--public-key-format", NULL, "hash|full",
                               "KEYHASH (default) or PUBKEY TLV", NULL},
    [OPT_SLOT_SIZE] = {"--slot-size", "-S", "S", "slot size: image and trailer must fit", NULL},
    [OPT_PAD] = {"--pad", NULL, NULL, "pad to the slot size, with the trailer magic", NULL},
    [OPT_CONFIRM] = {"--confirm", NULL, NULL, "--pad and set image_ok", NULL},
    [OPT_MAX_SECTORS] = {"--max-sectors", "-M", "M",
                         "sectors in the trailer's swap status area\n"
                         "(default 128)",
                         NULL},
    [OPT_PURE] = {"--pure", NULL, NULL,
                  "Ed25519 over the image bytes themselves, not\n"
                  "their digest (SHA512 and SIG_PURE TLVs)",
                  NULL},
};

const toolutil_cmd_t fwtool_sign_cmd = {
    "sign",
    "--key KEY.pem [--key KEY.pem ...] --version V\n"
    " [--security-counter N|auto] --header-size H [--pad-header]\n"
    " [--align A] [--dependency \"(ID,VERSION)\"]\n"
    " [--public-key-format hash|full] [--slot-size S] [--pad]\n"
    " [--confirm] [--max-sectors M] [--pure] IN OUT",
    "write an MCUboot image signed with ECDSA P-256 or Ed25519 keys\n"
    "(imgtool layout); IN and OUT may be - (standard input and output)",
    NULL,
    sign_opts,
    sizeof sign_opts / sizeof sign_opts[0],
    NULL,
    NULL};

static int parse_opts(int argc, char **argv, sign_opts_t *o)
{
    toolutil_args_t a;
    const char *v;
    int r;

    memset(o, 0, sizeof *o);
    o->align = 1u;
    o->max_sectors = 128u;
    toolutil_args_init(&a, argc, argv);
    while ((r = toolutil_next(&a, &fwtool_sign_cmd, &v)) != TOOLUTIL_ARG_END) {
        switch (r) {
        case TOOLUTIL_ARG_POS:
            if (o->in == NULL) {
                o->in = v;
            } else if (o->out == NULL) {
                o->out = v;
            } else {
                toolutil_err("sign: too many arguments ('%s')", v);
                return -1;
            }
            break;
        case TOOLUTIL_ARG_HELP: toolutil_cmd_help(stdout, &fwtool_sign_cmd); return 1;
        case OPT_PAD_HEADER: o->pad_header = 1; break;
        case OPT_PAD: o->pad = 1; break;
        case OPT_PURE: o->pure = 1; break;
        case OPT_CONFIRM:
            o->confirm = 1;
            o->pad = 1; /* as imgtool: --confirm implies --pad */
            break;
        case OPT_KEY:
            if (load_private_key(v) != 0) {
                return -1;
            }
            o->key_paths[nkeys - 1u] = v;
            break;
        case OPT_VERSION:
            if (fwtool_parse_version(v, &o->version) != 0) {
                toolutil_err("--version: expected maj.min.rev+build (later parts optional), got "
                             "'%s'",
                             v);
                return -1;
            }
            o->have_version = 1;
            break;
        case OPT_SECURITY_COUNTER: {
            uint64_t c;
            o->have_seccnt = 1;
            if (strcmp(v, "auto") == 0 || strcmp(v, "AUTO") == 0 || strcmp(v, "Auto") == 0) {
                o->seccnt_auto = 1;
            } else if (fwtool_parse_u64(v, UINT32_MAX, &c) == 0) {
                o->seccnt_auto = 0;
                o->seccnt = (uint32_t)c;
            } else {
                toolutil_err("--security-counter: expected a 32-bit integer or 'auto', got '%s'",
                             v);
                return -1;
            }
            break;
        }
        case OPT_HEADER_SIZE:
            if (fwtool_parse_u64(v, 0xFFFFu, &o->header_size) != 0 ||
                o->header_size < MDSEC_FW_HEADER_SIZE) {
                toolutil_err("--header-size: expected %u..65535, got '%s'", MDSEC_FW_HEADER_SIZE,
                             v);
                return -1;
            }
            break;
        case OPT_ALIGN:
            if (fwtool_parse_u64(v, 32u, &o->align) != 0 || o->align == 0u ||
                (o->align & (o->align - 1u)) != 0u) {
                toolutil_err("--align: expected 1, 2, 4, 8, 16 or 32, got '%s'", v);
                return -1;
            }
            break;
        case OPT_SLOT_SIZE:
            if (fwtool_parse_u64(v, UINT32_MAX, &o->slot_size) != 0) {
                toolutil_err("--slot-size: expected a 32-bit integer, got '%s'", v);
                return -1;
            }
            break;
        case OPT_MAX_SECTORS:
            if (fwtool_parse_u64(v, 0xFFFFu, &o->max_sectors) != 0) {
                toolutil_err("--max-sectors: expected an integer, got '%s'", v);
                return -1;
            }
            break;
        case OPT_DEPENDENCY:
            if (parse_dependencies(v, o->deps, &o->ndeps) != 0) {
                return -1;
            }
            break;
        case OPT_PUBLIC_KEY_FORMAT:
            if (strcmp(v, "hash") == 0) {
                o->full_key = 0;
            } else if (strcmp(v, "full") == 0) {
                o->full_key = 1;
            } else {
                toolutil_err("--public-key-format: expected hash or full, got '%s'", v);
                return -1;
            }
            break;
        default: return -1;
        }
    }
    if (nkeys == 0u) {
        toolutil_err("sign: at least one --key is required");
        return -1;
    }
    if (!o->have_version) {
        toolutil_err("sign: --version is required");
        return -1;
    }
    if (o->header_size == 0u) {
        toolutil_err("sign: --header-size is required");
        return -1;
    }
    if (o->in == NULL || o->out == NULL) {
        toolutil_err("sign: expected IN and OUT");
        return -1;
    }
    if (o->pad && o->slot_size == 0u) {
        toolutil_err("sign: --pad and --confirm need --slot-size");
        return -1;
    }
    if (o->pure) {
        size_t i;
        for (i = 0; i < nkeys; i++) {
            if (keys[i].kind != KEY_ED25519) {
                toolutil_err("sign: --pure needs Ed25519 keys (%s is %s)", o->key_paths[i],
                             key_name(&keys[i]));
                return -1;
            }
        }
    }
    {
        size_t i, p384 = 0u;
        for (i = 0; i < nkeys; i++) {
            p384 += (keys[i].kind == KEY_P384) ? 1u : 0u;
        }
        if (p384 != 0u && p384 != nkeys) {
            toolutil_err("sign: P-384 keys sign SHA-384 images (as imgtool) and cannot be "
                         "combined with P-256, RSA or Ed25519 keys in one image");
            return -1;
        }
    }
    if (o->seccnt_auto) {
        o->seccnt = ((uint32_t)o->version.major << 24) + ((uint32_t)o->version.minor << 16) +
                    o->version.revision;
    }
    return 0;
}

/* Builds the image in memory; returns it (malloc) or NULL after printing a reason. */
static uint8_t *build_image(const sign_opts_t *o, const uint8_t *in, size_t in_len, size_t *out_len)
{
    static uint8_t prot[4u + 8u + FWTOOL_MAX_DEPS * (4u + DEPENDENCY_LEN)];
    /* Info, the hash TLV (SHA-512 at most), SIG_PURE, then per key the largest key TLV
     * (the P-256 SubjectPublicKeyInfo) and the largest signature (DER ECDSA). */
    static uint8_t unprot[4u + 4u + MDSEC_SHA512_LEN + 5u +
                          FWTOOL_MAX_KEYS * (4u + KEY_TLV_MAX + 4u + SIG_MAX)];
    uint8_t digest[MDSEC_SHA512_LEN];
    /* SHA-512 for --pure, SHA-384 for P-384 keys, else SHA-256, as imgtool chooses. */
    const int sha384 = nkeys > 0u && keys[0].kind == KEY_P384;
    const size_t digest_len =
        o->pure ? MDSEC_SHA512_LEN : (sha384 ? MDSEC_SHA384_LEN : MDSEC_SHA256_LEN);
    const uint16_t hash_tlv =
        o->pure ? FWTOOL_TLV_SHA512 : (sha384 ? FWTOOL_TLV_SHA384 : FWTOOL_TLV_SHA256);
    size_t hdr = (size_t)o->header_size, body, prot_len = 0u, unprot_len = 0u, total, i;
    uint32_t max_align = (o->align > DEFAULT_MAX_ALIGN) ? (uint32_t)o->align : DEFAULT_MAX_ALIGN;
    uint8_t *img = NULL;
    mdsec_hash_ctx_t hctx;
    mdsec_drbg_t drbg;
    mdsec_status_t st;
    size_t payload;

    *out_len = 0u;
    if (o->pad_header) {
        payload = hdr + in_len;
    } else {
        if (in_len < hdr) {
            toolutil_err("%s: shorter than --header-size (use --pad-header)", o->in);
            return NULL;
        }
        for (i = 0; i < hdr; i++) {
            if (in[i] != 0u) {
                toolutil_err("%s: header padding was not requested (--pad-header) and the image "
                             "does not start with %lu zero bytes",
                             o->in, (unsigned long)hdr);
                return NULL;
            }
        }
        payload = in_len;
    }
    body = payload - hdr;
    if (body > UINT32_MAX - 0x20000u) {
        toolutil_err("%s: too large for an image", o->in);
        return NULL;
    }

    /* Protected TLVs (covered by the hash): SEC_CNT, then DEPENDENCY, as imgtool orders them. */
    if (o->have_seccnt || o->ndeps > 0u) {
        uint8_t v[DEPENDENCY_LEN];
        prot_len = 4u;
        if (o->have_seccnt) {
            put_u32(v, o->seccnt);
            if (tlv_put(prot, sizeof prot, &prot_len, FWTOOL_TLV_SEC_CNT, v, 4u) != 0) {
                return NULL;
            }
        }
        for (i = 0; i < o->ndeps; i++) {
            memset(v, 0, sizeof v);
            v[0] = o->deps[i].id;
            v[4] = o->deps[i].version.major;
            v[5] = o->deps[i].version.minor;
            put_u16(v + 6, o->deps[i].version.revision);
            put_u32(v + 8, o->deps[i].version.build);
            if (tlv_put(prot, sizeof prot, &prot_len, FWTOOL_TLV_DEPENDENCY, v, sizeof v) != 0) {
                return NULL;
            }
        }
        put_u16(prot, FWTOOL_TLV_PROT_INFO_MAGIC);
        put_u16(prot + 2, (uint32_t)prot_len);
    }

    img = (uint8_t *)malloc(payload + prot_len + sizeof unprot);
    if (img == NULL) {
        toolutil_err("sign: out of memory");
        return NULL;
    }
    if (o->pad_header) {
        memset(img, ERASED, hdr);
        memcpy(img + hdr, in, in_len);
    } else {
        memcpy(img, in, in_len);
    }
    put_u32(img + 0, MDSEC_FW_IMAGE_MAGIC);
    put_u32(img + 4, 0u); /* load address */
    put_u16(img + 8, (uint32_t)hdr);
    put_u16(img + 10, (uint32_t)prot_len);
    put_u32(img + 12, (uint32_t)body);
    put_u32(img + 16, 0u); /* flags */
    img[20] = o->version.major;
    img[21] = o->version.minor;
    put_u16(img + 22, o->version.revision);
    put_u32(img + 24, o->version.build);
    put_u32(img + 28, 0u); /* pad */
    memcpy(img + payload, prot, prot_len);

    /* The hash covers header (with its padding), body and protected TLVs:
     * SHA-256, or SHA-512 for --pure (as imgtool). */
    if (o->pure) {
        st = mdsec_crypto_sha512(img, payload + prot_len, digest, sizeof digest);
    } else {
        st = mdsec_crypto_hash_init(&hctx, sha384 ? MDSEC_HASH_SHA384 : MDSEC_HASH_SHA256);
        if (st == MDSEC_OK) {
            st = mdsec_crypto_hash_update(&hctx, img, payload + prot_len);
        }
        if (st == MDSEC_OK) {
            st = mdsec_crypto_hash_final(&hctx, digest, sizeof digest);
        }
    }
    if (st != MDSEC_OK) {
        toolutil_err("sign: hashing failed: %s", mdsec_status_str(st));
        free(img);
        return NULL;
    }

    /* The DRBG gives the ECDSA nonce where the provider needs one (libtomcrypt);
     * BearSSL derives it deterministically (RFC 6979). Seeded from the OS. */
    st = mdsec_crypto_drbg_seed(&drbg, (const uint8_t *)"mdsec-fw sign", 13u);
    if (st != MDSEC_OK) {
        toolutil_err("sign: cannot seed the DRBG: %s", mdsec_status_str(st));
        free(img);
        return NULL;
    }
    unprot_len = 4u;
    if (tlv_put(unprot, sizeof unprot, &unprot_len, hash_tlv, digest, digest_len) != 0) {
        goto fail;
    }
    if (o->pure &&
        tlv_put(unprot, sizeof unprot, &unprot_len, FWTOOL_TLV_SIG_PURE, &sig_pure_true, 1u) != 0) {
        goto fail;
    }
    for (i = 0; i < nkeys; i++) {
        uint8_t sig[SIG_MAX];
        size_t sig_len = 0u;
        uint16_t sig_tlv = FWTOOL_TLV_ECDSA_SIG;
        int trc;
        if (o->full_key) {
            trc = tlv_put(unprot, sizeof unprot, &unprot_len, FWTOOL_TLV_PUBKEY, keys[i].spki,
                          keys[i].spki_len);
        } else if (o->pure) {
            trc = tlv_put(unprot, sizeof unprot, &unprot_len, FWTOOL_TLV_KEYHASH, keys[i].hash512,
                          sizeof keys[i].hash512);
        } else if (sha384) {
            trc = tlv_put(unprot, sizeof unprot, &unprot_len, FWTOOL_TLV_KEYHASH, keys[i].hash384,
                          sizeof keys[i].hash384);
        } else {
            trc = tlv_put(unprot, sizeof unprot, &unprot_len, FWTOOL_TLV_KEYHASH, keys[i].hash,
                          sizeof keys[i].hash);
        }
        if (trc != 0) {
            goto fail;
        }
        switch (keys[i].kind) {
        case KEY_ED25519:
            /* Over the digest, or for --pure the hashed bytes themselves. */
            st = o->pure ? mdsec_crypto_ed25519_sign(keys[i].priv, img, payload + prot_len, sig)
                         : mdsec_crypto_ed25519_sign(keys[i].priv, digest, digest_len, sig);
            sig_len = MDSEC_ED25519_SIG_LEN;
            sig_tlv = FWTOOL_TLV_ED25519;
            break;
        case KEY_RSA:
            /* EMSA-PSS, MGF1-SHA-256, a 32-byte salt: imgtool's RSA signatures. */
            st = mdsec_crypto_rsa_pss_sign(&drbg, keys[i].rsa_der, keys[i].rsa_der_len,
                                           MDSEC_HASH_SHA256, digest, digest_len,
                                           FWTOOL_RSA_PSS_SALT_LEN, sig, sizeof sig, &sig_len);
            sig_tlv = (keys[i].rsa_bytes == 384u) ? FWTOOL_TLV_RSA3072_PSS : FWTOOL_TLV_RSA2048_PSS;
            if (st == MDSEC_ERR_NOT_SUPPORTED) {
                toolutil_err("sign: %s: RSA-PSS signing needs the libtomcrypt or PSA provider (or "
                             "BearSSL with MDSEC_CRYPTO_FALLBACK=psa)",
                             o->key_paths[i]);
                goto fail;
            }
            break;
        default:
            st = mdsec_crypto_ecdsa_sign(
                &drbg, keys[i].kind == KEY_P384 ? MDSEC_CURVE_P384 : MDSEC_CURVE_P256, keys[i].priv,
                keys[i].priv_len, digest, digest_len, MDSEC_SIG_DER, sig, sizeof sig, &sig_len);
            break;
        }
        if (st != MDSEC_OK) {
            toolutil_err("sign: %s signing failed: %s", key_name(&keys[i]), mdsec_status_str(st));
            goto fail;
        }
        if (tlv_put(unprot, sizeof unprot, &unprot_len, sig_tlv, sig, sig_len) != 0) {
            goto fail;
        }
    }
    mdsec_crypto_drbg_wipe(&drbg);
    if (unprot_len > 0xFFFFu) {
        toolutil_err("sign: unprotected TLV area larger than 65535 bytes (too many keys)");
        free(img);
        return NULL;
    }
    put_u16(unprot, FWTOOL_TLV_INFO_MAGIC);
    put_u16(unprot + 2, (uint32_t)unprot_len);
    memcpy(img + payload + prot_len, unprot, unprot_len);
    total = payload + prot_len + unprot_len;

    if (o->slot_size != 0u) {
        uint64_t tsize = trailer_size((uint32_t)o->align, max_align, (uint32_t)o->max_sectors);
        if ((uint64_t)total + tsize > o->slot_size) {
            toolutil_err("sign: image size (0x%lx) + trailer (0x%lx) exceeds the slot size 0x%lx",
                         (unsigned long)total, (unsigned long)tsize, (unsigned long)o->slot_size);
            free(img);
            return NULL;
        }
        if (o->pad) {
            size_t slot = (size_t)o->slot_size;
            uint8_t *nimg = (uint8_t *)realloc(img, slot);
            uint8_t *magic;
            if (nimg == NULL) {
                toolutil_err("sign: out of memory");
                free(img);
                return NULL;
            }
            img = nimg;
            memset(img + total, ERASED, slot - total);
            magic = img + slot - BOOT_MAGIC_LEN;
            if (max_align == DEFAULT_MAX_ALIGN) {
                memcpy(magic, boot_magic, BOOT_MAGIC_LEN);
            } else {
                magic[0] = (uint8_t)max_align;
                magic[1] = (uint8_t)(max_align >> 8);
                memcpy(magic + 2, boot_magic_tail, sizeof boot_magic_tail);
            }
            if (o->confirm) {
                size_t magic_align =
                    (BOOT_MAGIC_LEN + max_align - 1u) / max_align * (size_t)max_align;
                img[slot - magic_align - max_align] = 0x01u; /* image_ok */
            }
            total = slot;
        }
    }
    *out_len = total;
    return img;
fail:
    mdsec_crypto_drbg_wipe(&drbg);
    free(img);
    return NULL;
}

/* Largest input (the image size field is 32-bit; the whole image is built in memory). */
#define SIGN_INPUT_MAX ((size_t)0x40000000u)

int fwtool_cmd_sign(int argc, char **argv)
{
    sign_opts_t o;
    const char *inputs[FWTOOL_MAX_KEYS + 1u];
    uint8_t *in = NULL, *img = NULL;
    size_t in_len = 0u, img_len = 0u, i;
    int r;

    nkeys = 0u;
    r = parse_opts(argc, argv, &o);
    if (r != 0) {
        wipe_keys();
        return (r > 0) ? FWTOOL_EXIT_OK : FWTOOL_EXIT_USAGE;
    }
    inputs[0] = o.in;
    for (i = 0; i < nkeys; i++) {
        inputs[1u + i] = o.key_paths[i];
    }
    if (toolutil_check_output(o.out, inputs, 1u + nkeys) != 0 ||
        toolutil_read_file(o.in, SIGN_INPUT_MAX, TOOLUTIL_ALLOW_EMPTY, &in, &in_len) != 0) {
        wipe_keys();
        return FWTOOL_EXIT_USAGE;
    }
    img = build_image(&o, in, in_len, &img_len);
    wipe_keys();
    toolutil_free(in, in_len);
    if (img == NULL) {
        return FWTOOL_EXIT_USAGE;
    }
    r = toolutil_write_file(o.out, img, img_len);
    free(img);
    return (r == 0) ? FWTOOL_EXIT_OK : FWTOOL_EXIT_USAGE;
}
