/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The PKCS#11 keystore backend against a real SoftHSM2 token. The test
 * writes a softhsm2.conf over a fresh temporary token directory, points
 * SOFTHSM2_CONF at it and initialises the token itself (C_InitToken,
 * C_InitPIN). It proves: sign through the keystore and verify with the
 * software verifier and through the token; the private value cannot be
 * read (CKR_ATTRIBUTE_SENSITIVE, non-extractable, never extractable); the
 * token holds the key (everything closed, module reloaded, object found by
 * CKA_ID and used again); policy and events through mdsec_ks_*; binding by
 * label; session recovery; and the error paths.
 */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#if defined(MDSEC_WITH_KS_PKCS11)

#include <dlfcn.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "crypto/crypto.h"
#include "event_capture.h"
#include "mdsec/event.h"
#include "mdsec/keystore.h"
#include "mdsec/ks_pkcs11.h"
#include "mdsec/port.h"

#define TOKEN    "mdsec-test"
#define SO_PIN   "so-pin-1234"
#define USER_PIN "user-pin-5678"

static char g_dir[64];
static char g_conf[128];
static const char *g_module;
static const char *g_skip_reason;

static mdsec_ks_p11_t p11;
static mdsec_ks_backend_t be;
static mdsec_ks_ctx_t ks;

static uint8_t g_pub200[65]; /* public key of key 0x200, exported in one test, used in later ones */
static int g_have_pub200;

static const uint8_t digest[32] = {0x9f, 0x86, 0xd0, 0x81, 0x88, 0x4c, 0x7d, 0x65, 0x9a, 0x2f, 0xea,
                                   0xa0, 0xc5, 0x5a, 0xd0, 0x15, 0xa3, 0xbf, 0x4f, 0x1b, 0x2b, 0x0b,
                                   0x82, 0x2c, 0xd1, 0x5d, 0x6c, 0x15, 0xb0, 0xf0, 0x0a, 0x08};

#define REQUIRE_SOFTHSM()                                  \
    do {                                                   \
        if (g_skip_reason != NULL) {                       \
            print_message("skipped: %s\n", g_skip_reason); \
            skip();                                        \
        }                                                  \
    } while (0)

static mdsec_ks_attributes_t ext(uint32_t usage)
{
    mdsec_ks_attributes_t a;
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_ECC_P256_PAIR;
    a.bits = 256;
    a.usage = usage;
    a.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_EXTERNAL;
    return a;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= b[i];
    }
    return acc == 0u;
}

static void id_bytes(uint32_t id, CK_BYTE out[4])
{
    out[0] = (CK_BYTE)(id >> 24);
    out[1] = (CK_BYTE)(id >> 16);
    out[2] = (CK_BYTE)(id >> 8);
    out[3] = (CK_BYTE)id;
}

static mdsec_status_t sw_verify(const uint8_t pub[65], const uint8_t *hash, const uint8_t *sig)
{
    return mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, pub, 65, hash, 32, sig, 64, MDSEC_SIG_RAW);
}

/* ---- direct module access (the test's own view of the token) ---- */

typedef struct raw {
    void *h;
    CK_FUNCTION_LIST_PTR f;
    CK_SLOT_ID slot;
    CK_SESSION_HANDLE s;
    int owns_init;
} raw_t;

static CK_SLOT_ID raw_find_slot(CK_FUNCTION_LIST_PTR f, const char *label)
{
    CK_SLOT_ID slots[16];
    CK_ULONG n = 16;
    char padded[32];
    memset(padded, ' ', sizeof padded);
    memcpy(padded, label, strlen(label));
    assert_int_equal(f->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
    for (CK_ULONG i = 0; i < n; i++) {
        CK_TOKEN_INFO info;
        assert_int_equal(f->C_GetTokenInfo(slots[i], &info), CKR_OK);
        if (memcmp(info.label, padded, sizeof padded) == 0) {
            return slots[i];
        }
    }
    fail_msg("token %s not found", label);
    return 0;
}

/* Load the module; initialise it unless someone in the process already did. */
static void raw_load(raw_t *r)
{
    CK_C_GetFunctionList get;
    memset(r, 0, sizeof *r);
    r->h = dlopen(g_module, RTLD_NOW | RTLD_LOCAL);
    assert_non_null(r->h);
    void *sym = dlsym(r->h, "C_GetFunctionList");
    assert_non_null(sym);
    memcpy(&get, &sym, sizeof get);
    assert_int_equal(get(&r->f), CKR_OK);
    const CK_RV rv = r->f->C_Initialize(NULL);
    assert_true(rv == CKR_OK || rv == CKR_CRYPTOKI_ALREADY_INITIALIZED);
    r->owns_init = rv == CKR_OK;
}

static void raw_open(raw_t *r)
{
    raw_load(r);
    r->slot = raw_find_slot(r->f, TOKEN);
    assert_int_equal(
        r->f->C_OpenSession(r->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &r->s),
        CKR_OK);
    const CK_RV rv = r->f->C_Login(r->s, CKU_USER, (CK_UTF8CHAR_PTR)USER_PIN, strlen(USER_PIN));
    assert_true(rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN);
}

static void raw_close(raw_t *r)
{
    if (r->s != 0) {
        if (r->owns_init) {
            (void)r->f->C_Logout(r->s);
        }
        assert_int_equal(r->f->C_CloseSession(r->s), CKR_OK);
    }
    if (r->owns_init) {
        assert_int_equal(r->f->C_Finalize(NULL), CKR_OK);
    }
    assert_int_equal(dlclose(r->h), 0);
    memset(r, 0, sizeof *r);
}

/* Token objects of a class with a given CKA_ID (or label when id_len is 0). */
static CK_ULONG raw_find(raw_t *r, CK_OBJECT_CLASS cls, const void *val, size_t len,
                         CK_ATTRIBUTE_TYPE by, CK_OBJECT_HANDLE *h)
{
    CK_BBOOL t = CK_TRUE;
    CK_OBJECT_HANDLE found[4];
    CK_ULONG n = 0;
    CK_ATTRIBUTE tmpl[] = {
        {CKA_CLASS, &cls, sizeof cls},
        {CKA_TOKEN, &t, sizeof t},
        {by, (CK_VOID_PTR)(uintptr_t)val, len},
    };
    assert_int_equal(r->f->C_FindObjectsInit(r->s, tmpl, 3), CKR_OK);
    assert_int_equal(r->f->C_FindObjects(r->s, found, 4, &n), CKR_OK);
    assert_int_equal(r->f->C_FindObjectsFinal(r->s), CKR_OK);
    if (h != NULL && n > 0) {
        *h = found[0];
    }
    return n;
}

static CK_BBOOL raw_bool(raw_t *r, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type)
{
    CK_BBOOL v = 0xAA;
    CK_ATTRIBUTE a = {type, &v, sizeof v};
    assert_int_equal(r->f->C_GetAttributeValue(r->s, h, &a, 1), CKR_OK);
    assert_true(v == CK_TRUE || v == CK_FALSE);
    return v;
}

/* A token key pair made outside mdsec (as at manufacture), found by label. */
static void raw_generate_labelled(raw_t *r, const char *label)
{
    static const CK_BYTE params[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    CK_BBOOL t = CK_TRUE;
    CK_BBOOL fl = CK_FALSE;
    CK_MECHANISM mech = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
    CK_OBJECT_HANDLE pub;
    CK_OBJECT_HANDLE priv;
    CK_ATTRIBUTE pt[] = {
        {CKA_TOKEN, &t, sizeof t},
        {CKA_VERIFY, &t, sizeof t},
        {CKA_EC_PARAMS, (CK_VOID_PTR)(uintptr_t)params, sizeof params},
        {CKA_LABEL, (CK_VOID_PTR)(uintptr_t)label, strlen(label)},
    };
    CK_ATTRIBUTE vt[] = {
        {CKA_TOKEN, &t, sizeof t},     {CKA_PRIVATE, &t, sizeof t},
        {CKA_SENSITIVE, &t, sizeof t}, {CKA_EXTRACTABLE, &fl, sizeof fl},
        {CKA_SIGN, &t, sizeof t},      {CKA_LABEL, (CK_VOID_PTR)(uintptr_t)label, strlen(label)},
    };
    assert_int_equal(r->f->C_GenerateKeyPair(r->s, &mech, pt, 4, vt, 6, &pub, &priv), CKR_OK);
}

/* ---- the backend and the keystore ---- */

static void open_all(void)
{
    const mdsec_ks_config_t cfg = {0u, 0u, 0u};
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, TOKEN, USER_PIN), MDSEC_OK);
    assert_int_equal(mdsec_ks_p11_backend(&p11, &be), MDSEC_OK);
    assert_int_equal(mdsec_ks_init(&ks, &cfg), MDSEC_OK);
    assert_int_equal(mdsec_ks_attach_backend(&ks, &be), MDSEC_OK);
    evcap_reset();
}

static void close_all(void)
{
    assert_int_equal(mdsec_ks_attach_backend(&ks, NULL), MDSEC_OK);
    mdsec_ks_deinit(&ks);
    mdsec_ks_p11_close(&p11);
    assert_true(all_zero(&p11, sizeof p11)); /* PIN copy and handles wiped */
}

/* ---- group set-up: a fresh SoftHSM2 token in a temporary directory ---- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    char tokens[96];
    char so_label[32];
    raw_t r;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    mdsec_event_set_sink(evcap_sink, NULL);
    g_module = getenv("MDSEC_SOFTHSM2_MODULE");
    if (g_module == NULL || g_module[0] == '\0') {
        g_module = MDSEC_KS_P11_SOFTHSM2_PATH;
    }
    if (access(g_module, R_OK) != 0) {
        g_skip_reason = "SoftHSM2 module not found (Debian: apt-get install softhsm2, or set "
                        "MDSEC_SOFTHSM2_MODULE)";
        print_message("test_ks_pkcs11: %s: %s\n", g_module, g_skip_reason);
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/mdsec-p11-XXXXXX",
             tmp != NULL && strlen(tmp) < 40u ? tmp : "/tmp");
    assert_non_null(mkdtemp(g_dir));
    snprintf(tokens, sizeof tokens, "%s/tokens", g_dir);
    assert_int_equal(mkdir(tokens, 0700), 0);
    snprintf(g_conf, sizeof g_conf, "%s/softhsm2.conf", g_dir);
    FILE *fp = fopen(g_conf, "w");
    assert_non_null(fp);
    fprintf(fp,
            "directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n"
            "slots.removable = false\n",
            tokens);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(setenv("SOFTHSM2_CONF", g_conf, 1), 0);

    /* C_InitToken on the free slot, then the user PIN as the SO. */
    raw_load(&r);
    assert_true(r.owns_init);
    CK_SLOT_ID slots[8];
    CK_ULONG n = 8;
    assert_int_equal(r.f->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
    assert_true(n >= 1u);
    memset(so_label, ' ', sizeof so_label);
    memcpy(so_label, TOKEN, strlen(TOKEN));
    assert_int_equal(r.f->C_InitToken(slots[0], (CK_UTF8CHAR_PTR)SO_PIN, strlen(SO_PIN),
                                      (CK_UTF8CHAR_PTR)so_label),
                     CKR_OK);
    r.slot = raw_find_slot(r.f, TOKEN); /* SoftHSM2 moves an initialised token to a new slot id */
    assert_int_equal(
        r.f->C_OpenSession(r.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &r.s), CKR_OK);
    assert_int_equal(r.f->C_Login(r.s, CKU_SO, (CK_UTF8CHAR_PTR)SO_PIN, strlen(SO_PIN)), CKR_OK);
    assert_int_equal(r.f->C_InitPIN(r.s, (CK_UTF8CHAR_PTR)USER_PIN, strlen(USER_PIN)), CKR_OK);
    assert_int_equal(r.f->C_Logout(r.s), CKR_OK);
    assert_int_equal(r.f->C_CloseSession(r.s), CKR_OK);
    r.s = 0;
    raw_close(&r);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    mdsec_event_set_sink(NULL, NULL);
    if (g_dir[0] != '\0') {
        (void)nftw(g_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        (void)unsetenv("SOFTHSM2_CONF");
    }
    return 0;
}

/* ---- tests ---- */

static void open_errors(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    assert_int_equal(mdsec_ks_p11_open(NULL, g_module, TOKEN, USER_PIN), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_p11_open(&p11, "", TOKEN, USER_PIN), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, "", USER_PIN), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(
        mdsec_ks_p11_open(&p11, g_module, "0123456789abcdef0123456789abcdefX", USER_PIN),
        MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, TOKEN, ""), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, TOKEN, NULL), MDSEC_ERR_INVALID_ARG);

    /* Missing module, and a library that is not a PKCS#11 module. */
    assert_int_equal(mdsec_ks_p11_open(&p11, "/nonexistent/libmissing-pkcs11.so", TOKEN, USER_PIN),
                     MDSEC_ERR_KS_BACKEND);
    assert_true(all_zero(&p11, sizeof p11));
    assert_int_equal(mdsec_ks_p11_open(&p11, "libm.so.6", TOKEN, USER_PIN), MDSEC_ERR_KS_BACKEND);
    assert_true(all_zero(&p11, sizeof p11));

    /* Wrong PIN: refused, the CK_RV is kept for the log, the PIN copy wiped. */
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, TOKEN, "wrong-pin"), MDSEC_ERR_KS_AUTH);
    assert_int_equal(mdsec_ks_p11_last_rv(&p11), CKR_PIN_INCORRECT);
    p11.last_rv = 0;
    assert_true(all_zero(&p11, sizeof p11));

    /* No token has this label. */
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, "no-such-token", USER_PIN),
                     MDSEC_ERR_KS_BACKEND);
    assert_true(all_zero(&p11, sizeof p11));

    /* A failed open leaves nothing usable behind. */
    assert_int_equal(mdsec_ks_p11_backend(&p11, &be), MDSEC_ERR_NOT_INITIALISED);
    assert_true(all_zero(&be, sizeof be));
    assert_int_equal(mdsec_ks_p11_bind(&p11, 1, "x"), MDSEC_ERR_NOT_INITIALISED);

    /* The module was finalised after each failure: a good open works. */
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, TOKEN, USER_PIN), MDSEC_OK);
    assert_int_equal(mdsec_ks_p11_backend(&p11, &be), MDSEC_OK);
    mdsec_ks_p11_close(&p11);
    assert_true(all_zero(&p11, sizeof p11));
    /* A closed context answers KS_BACKEND through a stale table, never crashes. */
    mdsec_ks_attributes_t a;
    assert_int_equal(be.get_attributes(be.state, 0x100, &a), MDSEC_ERR_KS_BACKEND);
    mdsec_ks_p11_close(&p11); /* twice is harmless */
}

static void backend_direct(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    const mdsec_ks_attributes_t want =
        ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    mdsec_ks_attributes_t a;
    uint8_t sig[64];
    uint8_t pub[80];
    uint8_t h[32];
    size_t n = 0;
    assert_int_equal(mdsec_ks_p11_open(&p11, g_module, TOKEN, USER_PIN), MDSEC_OK);
    assert_int_equal(mdsec_ks_p11_backend(&p11, &be), MDSEC_OK);
    assert_ptr_equal(be.state, &p11);
    assert_null(be.import);

    assert_int_equal(be.get_attributes(be.state, 0x101, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_true(all_zero(&a, sizeof a));
    assert_int_equal(be.generate(be.state, 0x101, &want), MDSEC_OK);
    assert_int_equal(be.generate(be.state, 0x101, &want), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(be.get_attributes(be.state, 0x101, &a), MDSEC_OK);
    assert_memory_equal(&a, &want, sizeof a);

    assert_int_equal(be.sign_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                    sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_int_equal(n, 64);
    assert_false(all_zero(sig, 32));
    assert_false(all_zero(sig + 32, 32));
    assert_int_equal(
        be.verify_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_OK);
    memcpy(h, digest, sizeof h);
    h[31] ^= 0x01u;
    assert_int_equal(
        be.verify_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, h, 32, sig, 64),
        MDSEC_ERR_SIGNATURE_INVALID);
    sig[5] ^= 0x80u;
    assert_int_equal(
        be.verify_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_ERR_SIGNATURE_INVALID);
    sig[5] ^= 0x80u;
    assert_int_equal(
        be.verify_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 63),
        MDSEC_ERR_SIGNATURE_MALFORMED);

    memset(pub, 0xEE, sizeof pub);
    assert_int_equal(be.export_public(be.state, 0x101, pub, sizeof pub, &n), MDSEC_OK);
    assert_int_equal(n, 65);
    assert_int_equal(pub[0], 0x04);
    assert_true(all_zero(pub + 65, sizeof pub - 65)); /* the rest of the buffer is zeroed */
    assert_int_equal(sw_verify(pub, digest, sig), MDSEC_OK);
    assert_int_equal(sw_verify(pub, h, sig), MDSEC_ERR_SIGNATURE_INVALID);

    /* Argument checks, outputs zeroed. */
    assert_int_equal(be.export_public(be.state, 0x101, pub, 64, &n), MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    assert_true(all_zero(pub, 64));
    memset(sig, 0xEE, sizeof sig);
    assert_int_equal(
        be.sign_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 63, &n),
        MDSEC_ERR_BUFFER_TOO_SMALL);
    assert_true(all_zero(sig, 63));
    assert_int_equal(be.sign_digest(be.state, 0x101, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 31,
                                    sig, sizeof sig, &n),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(
        be.sign_digest(be.state, 0x101, MDSEC_KS_ALG_HMAC_SHA256, digest, 32, sig, sizeof sig, &n),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(be.sign_digest(be.state, 0x1999, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                    sig, sizeof sig, &n),
                     MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(n, 0);

    assert_int_equal(be.destroy(be.state, 0x101), MDSEC_OK);
    assert_int_equal(be.get_attributes(be.state, 0x101, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(be.destroy(be.state, 0x101), MDSEC_ERR_KS_NOT_FOUND);
    mdsec_ks_p11_close(&p11);
}

static void keystore_sign_verify(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    const mdsec_ks_attributes_t want =
        ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    mdsec_ks_attributes_t a;
    mdsec_ks_attributes_t pa;
    uint8_t sig[64];
    uint8_t h[32];
    size_t n = 0;
    open_all();
    assert_int_equal(mdsec_ks_generate(&ks, 0x200, &want), MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 0x200, MDSEC_OK));
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x200, &a), MDSEC_OK);
    assert_memory_equal(&a, &want, sizeof a);

    evcap_reset();
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x200, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_int_equal(n, 64);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, 0x200, MDSEC_OK));
    assert_int_equal(mdsec_ks_export_public(&ks, 0x200, g_pub200, sizeof g_pub200, &n), MDSEC_OK);
    assert_int_equal(n, 65);
    g_have_pub200 = 1;

    /* The software verifier: the provider directly, and the exported key
     * imported as an ordinary RAM public key. */
    memcpy(h, digest, sizeof h);
    h[0] ^= 0x01u;
    assert_int_equal(sw_verify(g_pub200, digest, sig), MDSEC_OK);
    assert_int_equal(sw_verify(g_pub200, h, sig), MDSEC_ERR_SIGNATURE_INVALID);
    memset(&pa, 0, sizeof pa);
    pa.type = MDSEC_KS_TYPE_ECC_P256_PUBLIC;
    pa.bits = 256;
    pa.usage = MDSEC_KS_USAGE_VERIFY;
    pa.alg = MDSEC_KS_ALG_ECDSA_P256_SHA256;
    assert_int_equal(mdsec_ks_import(&ks, 0x201, &pa, g_pub200, 65), MDSEC_OK);
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x201, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_OK);
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x201, MDSEC_KS_ALG_ECDSA_P256_SHA256, h, 32, sig, 64),
        MDSEC_ERR_SIGNATURE_INVALID);

    /* And through the token. */
    evcap_reset();
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x200, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, 0x200, MDSEC_OK));
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x200, MDSEC_KS_ALG_ECDSA_P256_SHA256, h, 32, sig, 64),
        MDSEC_ERR_SIGNATURE_INVALID);

    /* Ids are one namespace across backends. */
    assert_int_equal(mdsec_ks_generate(&ks, 0x201, &want), MDSEC_ERR_KS_EXISTS);
    assert_int_equal(mdsec_ks_generate(&ks, 0x200, &want), MDSEC_ERR_KS_EXISTS);
    close_all();
}

/* Everything closed: the test loads the module itself and looks at the key. */
static void private_value_protected(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    assert_true(g_have_pub200);
    raw_t r;
    CK_BYTE idb[4];
    CK_OBJECT_HANDLE priv = 0;
    CK_BYTE value[64];
    CK_ATTRIBUTE va = {CKA_VALUE, value, sizeof value};
    CK_BBOOL t = CK_TRUE;
    CK_ATTRIBUTE widen = {CKA_EXTRACTABLE, &t, sizeof t};
    CK_MECHANISM mech = {CKM_ECDSA, NULL, 0};
    CK_BYTE sig[64];
    CK_ULONG sig_len = sizeof sig;

    raw_open(&r);
    assert_true(r.owns_init); /* nobody else holds the module: a fresh load */
    id_bytes(0x200, idb);
    assert_int_equal(raw_find(&r, CKO_PRIVATE_KEY, idb, 4, CKA_ID, &priv), 1);
    assert_int_equal(raw_find(&r, CKO_PUBLIC_KEY, idb, 4, CKA_ID, NULL), 1);

    memset(value, 0, sizeof value);
    assert_int_equal(r.f->C_GetAttributeValue(r.s, priv, &va, 1), CKR_ATTRIBUTE_SENSITIVE);
    assert_int_equal(va.ulValueLen, CK_UNAVAILABLE_INFORMATION);
    assert_true(all_zero(value, sizeof value));
    assert_int_equal(raw_bool(&r, priv, CKA_EXTRACTABLE), CK_FALSE);
    assert_int_equal(raw_bool(&r, priv, CKA_SENSITIVE), CK_TRUE);
    assert_int_equal(raw_bool(&r, priv, CKA_NEVER_EXTRACTABLE), CK_TRUE);
    assert_int_equal(raw_bool(&r, priv, CKA_ALWAYS_SENSITIVE), CK_TRUE);
    assert_int_equal(raw_bool(&r, priv, CKA_TOKEN), CK_TRUE);
    assert_int_equal(raw_bool(&r, priv, CKA_PRIVATE), CK_TRUE);
    assert_int_equal(raw_bool(&r, priv, CKA_MODIFIABLE), CK_FALSE);
    assert_int_not_equal(r.f->C_SetAttributeValue(r.s, priv, &widen, 1), CKR_OK);
    assert_int_equal(raw_bool(&r, priv, CKA_EXTRACTABLE), CK_FALSE);

    /* The token really holds the key: a fresh load of the module signs with
     * it, and the public key exported earlier verifies the signature. */
    assert_int_equal(r.f->C_SignInit(r.s, &mech, priv), CKR_OK);
    assert_int_equal(r.f->C_Sign(r.s, (CK_BYTE_PTR)(uintptr_t)digest, 32, sig, &sig_len), CKR_OK);
    assert_int_equal(sig_len, 64);
    assert_int_equal(sw_verify(g_pub200, digest, sig), MDSEC_OK);
    raw_close(&r);
}

static void reopen_and_sign_again(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    assert_true(g_have_pub200);
    uint8_t sig[64];
    uint8_t pub[65];
    size_t n = 0;
    open_all();
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x200, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_int_equal(sw_verify(g_pub200, digest, sig), MDSEC_OK);
    assert_int_equal(mdsec_ks_export_public(&ks, 0x200, pub, sizeof pub, &n), MDSEC_OK);
    assert_memory_equal(pub, g_pub200, sizeof pub);
    close_all();
}

static void policy_sign_only(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    const mdsec_ks_attributes_t sign_only = ext(MDSEC_KS_USAGE_SIGN);
    const mdsec_ks_attributes_t verify_only =
        ext(MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    mdsec_ks_attributes_t a;
    uint8_t sig[64];
    uint8_t out[80];
    uint8_t mac[32];
    size_t n = 0;
    open_all();
    assert_int_equal(mdsec_ks_generate(&ks, 0x300, &sign_only), MDSEC_OK);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x300, &a), MDSEC_OK);
    assert_int_equal(a.usage, MDSEC_KS_USAGE_SIGN); /* read back from the token */
    assert_memory_equal(&a, &sign_only, sizeof a);

    evcap_reset();
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x300, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_USE, 0x300, MDSEC_OK));

    evcap_reset();
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x300, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_ERR_KS_POLICY);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x300, MDSEC_ERR_KS_POLICY));
    evcap_reset();
    memset(out, 0xEE, sizeof out);
    assert_int_equal(mdsec_ks_export_public(&ks, 0x300, out, sizeof out, &n), MDSEC_ERR_KS_POLICY);
    assert_true(all_zero(out, sizeof out));
    assert_int_equal(n, 0);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x300, MDSEC_ERR_KS_POLICY));
    evcap_reset();
    memset(out, 0xEE, sizeof out);
    assert_int_equal(mdsec_ks_export(&ks, 0x300, out, sizeof out, &n), MDSEC_ERR_KS_NOT_EXPORTABLE);
    assert_true(all_zero(out, sizeof out));
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x300, MDSEC_ERR_KS_NOT_EXPORTABLE));
    evcap_reset();
    assert_int_equal(
        mdsec_ks_mac_compute(&ks, 0x300, MDSEC_KS_ALG_HMAC_SHA256, digest, 32, mac, sizeof mac),
        MDSEC_ERR_KS_POLICY);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x300, MDSEC_ERR_KS_POLICY));
    evcap_reset();
    assert_int_equal(
        mdsec_ks_sign_digest(&ks, 0x300, MDSEC_KS_ALG_HMAC_SHA256, digest, 32, sig, sizeof sig, &n),
        MDSEC_ERR_KS_POLICY);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x300, MDSEC_ERR_KS_POLICY));

    /* The token itself holds no public object for it: the backend, asked
     * directly, refuses too. */
    assert_int_equal(
        be.verify_digest(be.state, 0x300, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_ERR_KS_POLICY);
    assert_int_equal(be.export_public(be.state, 0x300, out, sizeof out, &n), MDSEC_ERR_KS_POLICY);

    /* A key without CKA_SIGN: the keystore refuses, and so does the token. */
    assert_int_equal(mdsec_ks_generate(&ks, 0x301, &verify_only), MDSEC_OK);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x301, &a), MDSEC_OK);
    assert_memory_equal(&a, &verify_only, sizeof a);
    evcap_reset();
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x301, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_ERR_KS_POLICY);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DENIED, 0x301, MDSEC_ERR_KS_POLICY));
    assert_int_equal(be.sign_digest(be.state, 0x301, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                    sig, sizeof sig, &n),
                     MDSEC_ERR_KS_POLICY);
    assert_int_equal(mdsec_ks_p11_last_rv(&p11), CKR_KEY_FUNCTION_NOT_PERMITTED);
    assert_true(all_zero(sig, sizeof sig));
    close_all();
}

static void generate_refusals(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    mdsec_ks_attributes_t a;
    open_all();
    /* EXPORT of a private key: the token cannot honour it. */
    a = ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_EXPORT);
    assert_int_equal(mdsec_ks_generate(&ks, 0x310, &a), MDSEC_ERR_KS_ATTRIBUTES);
    assert_true(
        evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_PROVISION, 0x310, MDSEC_ERR_KS_ATTRIBUTES));
    /* VERIFY without EXPORT_PUBLIC: a public object's point is readable. */
    a = ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY);
    assert_int_equal(mdsec_ks_generate(&ks, 0x311, &a), MDSEC_ERR_KS_ATTRIBUTES);
    /* Not a P-256 key pair. */
    a = ext(MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    a.type = MDSEC_KS_TYPE_ECC_P256_PUBLIC;
    assert_int_equal(mdsec_ks_generate(&ks, 0x312, &a), MDSEC_ERR_NOT_SUPPORTED);
    memset(&a, 0, sizeof a);
    a.type = MDSEC_KS_TYPE_HMAC;
    a.bits = 256;
    a.usage = MDSEC_KS_USAGE_MAC;
    a.alg = MDSEC_KS_ALG_HMAC_SHA256;
    a.lifetime = MDSEC_KS_LIFETIME_PERSISTENT;
    a.location = MDSEC_KS_LOCATION_EXTERNAL;
    assert_int_equal(mdsec_ks_generate(&ks, 0x313, &a), MDSEC_ERR_NOT_SUPPORTED);
    /* Write-once is not offered on the token. */
    a = ext(MDSEC_KS_USAGE_SIGN);
    a.flags = MDSEC_KS_FLAG_WRITE_ONCE;
    assert_int_equal(mdsec_ks_generate(&ks, 0x314, &a), MDSEC_ERR_NOT_SUPPORTED);
    /* Straight to the backend, attributes the keystore would not pass. */
    a = ext(MDSEC_KS_USAGE_SIGN);
    a.lifetime = MDSEC_KS_LIFETIME_VOLATILE;
    assert_int_equal(be.generate(be.state, 0x315, &a), MDSEC_ERR_KS_ATTRIBUTES);
    a = ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_MAC);
    assert_int_equal(be.generate(be.state, 0x316, &a), MDSEC_ERR_KS_ATTRIBUTES);
    assert_int_equal(be.generate(be.state, 0, &a), MDSEC_ERR_INVALID_ARG);
    /* Nothing was left on the token. */
    for (uint32_t id = 0x310; id <= 0x316; id++) {
        assert_int_equal(be.get_attributes(be.state, id, &a), MDSEC_ERR_KS_NOT_FOUND);
    }
    close_all();
}

static void key_errors(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    const mdsec_ks_attributes_t want =
        ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    mdsec_ks_attributes_t a;
    uint8_t sig[64];
    uint8_t pub[65];
    size_t n = 0;
    raw_t r;
    CK_BYTE idb[4];
    open_all();
    /* Unknown id. */
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x999, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x999, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_destroy(&ks, 0x999), MDSEC_ERR_KS_NOT_FOUND);
    /* Bind to a label no key carries. */
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x400, "no-such-label"), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x400, &a), MDSEC_ERR_KS_NOT_FOUND);

    /* Destroy, then every use is NOT_FOUND. */
    assert_int_equal(mdsec_ks_generate(&ks, 0x401, &want), MDSEC_OK);
    evcap_reset();
    assert_int_equal(mdsec_ks_destroy(&ks, 0x401), MDSEC_OK);
    assert_true(evcap_saw(MDSEC_SRC_KEYSTORE, MDSEC_EV_KEY_DESTROY, 0x401, MDSEC_OK));
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x401, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_export_public(&ks, 0x401, pub, sizeof pub, &n),
                     MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_destroy(&ks, 0x401), MDSEC_ERR_KS_NOT_FOUND);
    close_all();

    /* The token agrees: no object carries that CKA_ID any more. */
    raw_open(&r);
    id_bytes(0x401, idb);
    assert_int_equal(raw_find(&r, CKO_PRIVATE_KEY, idb, 4, CKA_ID, NULL), 0);
    assert_int_equal(raw_find(&r, CKO_PUBLIC_KEY, idb, 4, CKA_ID, NULL), 0);
    id_bytes(0x300, idb); /* the sign-only key kept no public object */
    assert_int_equal(raw_find(&r, CKO_PRIVATE_KEY, idb, 4, CKA_ID, NULL), 1);
    assert_int_equal(raw_find(&r, CKO_PUBLIC_KEY, idb, 4, CKA_ID, NULL), 0);
    raw_close(&r);
}

static void bind_by_label(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    const mdsec_ks_attributes_t want =
        ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    mdsec_ks_attributes_t a;
    uint8_t sig[64];
    uint8_t pub[65];
    size_t n = 0;
    raw_t r;
    /* Keys made at "manufacture", outside mdsec, known by label. */
    raw_open(&r);
    raw_generate_labelled(&r, "device-identity");
    raw_generate_labelled(&r, "twin");
    raw_generate_labelled(&r, "twin");
    raw_close(&r);

    open_all();
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x500, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x500, "device-identity"), MDSEC_OK);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x500, &a), MDSEC_OK);
    assert_memory_equal(&a, &want, sizeof a);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x500, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_int_equal(mdsec_ks_export_public(&ks, 0x500, pub, sizeof pub, &n), MDSEC_OK);
    assert_int_equal(sw_verify(pub, digest, sig), MDSEC_OK);
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x500, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_OK);

    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x500, "twin"), MDSEC_ERR_KS_EXISTS); /* id bound */
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x501, "device-identity"),
                     MDSEC_ERR_KS_EXISTS);                                         /* label bound */
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x502, "twin"), MDSEC_ERR_KS_EXISTS); /* ambiguous */
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x200, "twin"), MDSEC_ERR_KS_EXISTS); /* a CKA_ID */
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0, "twin"), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_ks_generate(&ks, 0x500, &want), MDSEC_ERR_KS_EXISTS);
    close_all();

    /* Bindings live in the context: after a reopen the id is unknown until bound again. */
    open_all();
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x500, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x500, "device-identity"), MDSEC_OK);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x500, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_int_equal(sw_verify(pub, digest, sig), MDSEC_OK); /* the same key as before */
    assert_int_equal(mdsec_ks_destroy(&ks, 0x500), MDSEC_OK);
    assert_int_equal(mdsec_ks_get_attributes(&ks, 0x500, &a), MDSEC_ERR_KS_NOT_FOUND);
    assert_int_equal(mdsec_ks_p11_bind(&p11, 0x500, "device-identity"), MDSEC_ERR_KS_NOT_FOUND);
    close_all();
}

/* The session disappears under the backend (closed by another user of the
 * module in the process): the next call reopens it with the kept PIN. */
static void session_recovery(void **state)
{
    (void)state;
    REQUIRE_SOFTHSM();
    const mdsec_ks_attributes_t want =
        ext(MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC);
    uint8_t sig[64];
    size_t n = 0;
    raw_t r;
    open_all();
    assert_int_equal(mdsec_ks_generate(&ks, 0x600, &want), MDSEC_OK);
    raw_load(&r);
    assert_false(r.owns_init); /* the backend's instance of the module */
    r.slot = raw_find_slot(r.f, TOKEN);
    assert_int_equal(r.f->C_CloseAllSessions(r.slot), CKR_OK);
    assert_int_equal(mdsec_ks_sign_digest(&ks, 0x600, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32,
                                          sig, sizeof sig, &n),
                     MDSEC_OK);
    assert_int_equal(
        mdsec_ks_verify_digest(&ks, 0x600, MDSEC_KS_ALG_ECDSA_P256_SHA256, digest, 32, sig, 64),
        MDSEC_OK);
    raw_close(&r);
    close_all();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_errors),           cmocka_unit_test(backend_direct),
        cmocka_unit_test(keystore_sign_verify),  cmocka_unit_test(private_value_protected),
        cmocka_unit_test(reopen_and_sign_again), cmocka_unit_test(policy_sign_only),
        cmocka_unit_test(generate_refusals),     cmocka_unit_test(key_errors),
        cmocka_unit_test(bind_by_label),         cmocka_unit_test(session_recovery),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

#else /* !MDSEC_WITH_KS_PKCS11 */

static void backend_absent(void **state)
{
    (void)state;
    print_message("skipped: mdsec was built without the PKCS#11 backend "
                  "(p11-kit/pkcs11.h not found; Debian: libp11-kit-dev)\n");
    skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(backend_absent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
