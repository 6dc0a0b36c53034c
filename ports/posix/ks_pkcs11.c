/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * PKCS#11 key backend (ECDSA P-256 on a token), loaded with dlopen. Key id
 * n is the key pair whose CKA_ID is n as 4 big-endian bytes, or the pair a
 * label binding names. Private keys are generated sensitive and
 * non-extractable; only token objects (CKA_TOKEN TRUE) are ever found.
 * See docs/keystore-pkcs11.md.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

#include "mdsec/keystore.h"
#include "mdsec/ks_pkcs11.h"
#include "mdsec/parse.h"
#include "mdsec/port.h"

#define P11_MAGIC        0x7031314bu
#define P11_SLOTS_MAX    64u
/* CKA_EC_POINT of P-256: OCTET STRING (04 41) around the 65-byte point. */
#define P11_POINT_LEN    65u
#define P11_EC_POINT_MAX 80u
#define P11_PARAMS_MAX   16u
#define P11_SIG_LEN      64u
#define P11_DIGEST_LEN   32u

/* Verification outcome constants (checked twice, fault hardening). */
#define P11_VALID   0x5A3CC3A5u
#define P11_INVALID 0xA5C33C5Au

/* DER of the prime256v1 OID: the CKA_EC_PARAMS of a P-256 key. */
static const CK_BYTE p256_params[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

static const CK_BBOOL p11_true = CK_TRUE;
static const CK_BBOOL p11_false = CK_FALSE;

/* The token objects of one key id. */
typedef struct p11_key {
    CK_OBJECT_HANDLE priv;
    CK_OBJECT_HANDLE pub;
    int has_priv;
    int has_pub;
    int bound; /* index + 1 of the label binding, 0 for a CKA_ID key */
} p11_key_t;

/* A template entry pointing at read-only data (PKCS#11 templates are not const). */
static CK_ATTRIBUTE p11_attr(CK_ATTRIBUTE_TYPE type, const void *value, size_t len)
{
    union {
        const void *in;
        CK_VOID_PTR out;
    } v; /* the module only reads a template it is given for matching or creation */
    CK_ATTRIBUTE a;
    v.in = value;
    a.type = type;
    a.pValue = v.out;
    a.ulValueLen = (CK_ULONG)len;
    return a;
}

static const CK_FUNCTION_LIST *p11_fn(const mdsec_ks_p11_t *c)
{
    return (const CK_FUNCTION_LIST *)c->fn;
}

static void p11_id_bytes(uint32_t id, CK_BYTE out[4])
{
    out[0] = (CK_BYTE)(id >> 24);
    out[1] = (CK_BYTE)(id >> 16);
    out[2] = (CK_BYTE)(id >> 8);
    out[3] = (CK_BYTE)id;
}

/* Map a CK_RV to a status; remember it, and whether the session was lost. */
static mdsec_status_t p11_rv(mdsec_ks_p11_t *c, CK_RV rv)
{
    c->last_rv = rv;
    switch (rv) {
    case CKR_OK: return MDSEC_OK;
    case CKR_PIN_INCORRECT:
    case CKR_PIN_INVALID:
    case CKR_PIN_LEN_RANGE:
    case CKR_PIN_EXPIRED:
    case CKR_PIN_LOCKED: return MDSEC_ERR_KS_AUTH;
    case CKR_KEY_FUNCTION_NOT_PERMITTED:
    case CKR_KEY_TYPE_INCONSISTENT: return MDSEC_ERR_KS_POLICY;
    case CKR_ATTRIBUTE_SENSITIVE:
    case CKR_KEY_UNEXTRACTABLE: return MDSEC_ERR_KS_NOT_EXPORTABLE;
    case CKR_SIGNATURE_INVALID: return MDSEC_ERR_SIGNATURE_INVALID;
    case CKR_SIGNATURE_LEN_RANGE: return MDSEC_ERR_SIGNATURE_MALFORMED;
    case CKR_MECHANISM_INVALID:
    case CKR_MECHANISM_PARAM_INVALID:
    case CKR_FUNCTION_NOT_SUPPORTED:
    case CKR_DOMAIN_PARAMS_INVALID:
    case CKR_CURVE_NOT_SUPPORTED: return MDSEC_ERR_NOT_SUPPORTED;
    case CKR_TEMPLATE_INCOMPLETE:
    case CKR_TEMPLATE_INCONSISTENT:
    case CKR_ATTRIBUTE_TYPE_INVALID:
    case CKR_ATTRIBUTE_VALUE_INVALID:
    case CKR_ATTRIBUTE_READ_ONLY: return MDSEC_ERR_KS_ATTRIBUTES;
    case CKR_OBJECT_HANDLE_INVALID:
    case CKR_KEY_HANDLE_INVALID: return MDSEC_ERR_KS_NOT_FOUND;
    case CKR_ACTION_PROHIBITED:
    case CKR_TOKEN_WRITE_PROTECTED: return MDSEC_ERR_KS_READ_ONLY;
    case CKR_DEVICE_MEMORY: return MDSEC_ERR_KS_STORAGE_FULL;
    case CKR_SESSION_HANDLE_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_USER_NOT_LOGGED_IN: c->lost = 1u; return MDSEC_ERR_KS_BACKEND;
    default: return MDSEC_ERR_KS_BACKEND;
    }
}

/* Open a R/W session on the chosen slot and log in as the user. */
static mdsec_status_t p11_connect(mdsec_ks_p11_t *c)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    mdsec_status_t st =
        p11_rv(c, f->C_OpenSession(c->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s));
    if (st != MDSEC_OK) {
        return st;
    }
    const CK_RV rv = f->C_Login(s, CKU_USER, c->pin, c->pin_len);
    c->lost = 0u;
    /* Login state is per application: another part of it may have logged
     * in already; then it is not ours to log out at close. */
    st = p11_rv(c, rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv);
    if (st != MDSEC_OK) {
        (void)f->C_CloseSession(s);
        c->lost = 0u;
        return st;
    }
    c->session = s;
    c->logged_in = rv == CKR_OK ? 1u : 0u;
    return MDSEC_OK;
}

/* After a call that found the session gone: reopen it once. */
static int p11_retry(mdsec_ks_p11_t *c, unsigned *attempt)
{
    const unsigned a = (*attempt)++;
    if (c->lost == 0u || a != 0u) {
        return 0;
    }
    (void)p11_fn(c)->C_CloseSession(c->session);
    c->session = CK_INVALID_HANDLE;
    c->logged_in = 0u;
    const CK_RV keep = c->last_rv;
    const int ok = p11_connect(c) == MDSEC_OK;
    if (!ok) {
        c->last_rv = keep;
    }
    return ok;
}

/* Lock an open context. A closed or never-opened one is NOT_INITIALISED. */
static mdsec_status_t p11_enter(mdsec_ks_p11_t *c)
{
    if (c == NULL || c->magic != P11_MAGIC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    return mdsec_port_mutex_lock(&c->mutex);
}

static mdsec_status_t p11_leave(mdsec_ks_p11_t *c, mdsec_status_t st)
{
    const mdsec_status_t u = mdsec_port_mutex_unlock(&c->mutex);
    return st != MDSEC_OK ? st : u;
}

/* Backend entries answer only OK, their own failures or KS_BACKEND. */
static mdsec_status_t p11_enter_backend(void *state, mdsec_ks_p11_t **c)
{
    *c = (mdsec_ks_p11_t *)state;
    const mdsec_status_t st = p11_enter(*c);
    return st == MDSEC_OK ? st : MDSEC_ERR_KS_BACKEND;
}

/* Find the token objects of class cls matching one attribute; at most 2 counted. */
static mdsec_status_t p11_find(mdsec_ks_p11_t *c, CK_OBJECT_CLASS cls, CK_ATTRIBUTE match,
                               CK_OBJECT_HANDLE *h, CK_ULONG *count)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    CK_OBJECT_HANDLE found[2] = {CK_INVALID_HANDLE, CK_INVALID_HANDLE};
    CK_ATTRIBUTE t[3];
    t[0] = p11_attr(CKA_CLASS, &cls, sizeof cls);
    t[1] = p11_attr(CKA_TOKEN, &p11_true, sizeof p11_true);
    t[2] = match;
    *h = CK_INVALID_HANDLE;
    *count = 0;
    mdsec_status_t st = p11_rv(c, f->C_FindObjectsInit(c->session, t, 3));
    if (st != MDSEC_OK) {
        return st;
    }
    CK_ULONG n = 0;
    st = p11_rv(c, f->C_FindObjects(c->session, found, 2, &n));
    const mdsec_status_t fin = p11_rv(c, f->C_FindObjectsFinal(c->session));
    if (st == MDSEC_OK) {
        st = fin;
    }
    if (st == MDSEC_OK) {
        *count = n > 2u ? 2u : n;
        *h = found[0];
    }
    return st;
}

/* Locate a key id's objects. Two private or two public objects for one id
 * are a token in an unexpected state: refused, never guessed. */
static mdsec_status_t p11_locate(mdsec_ks_p11_t *c, uint32_t id, p11_key_t *k)
{
    CK_BYTE idb[4];
    CK_ATTRIBUTE match;
    CK_ULONG n_priv = 0;
    CK_ULONG n_pub = 0;
    memset(k, 0, sizeof *k);
    if (id == MDSEC_KS_ID_INVALID) {
        return MDSEC_ERR_KS_NOT_FOUND;
    }
    p11_id_bytes(id, idb);
    match = p11_attr(CKA_ID, idb, sizeof idb);
    for (size_t i = 0; i < MDSEC_KS_P11_BINDINGS; i++) {
        if (c->bind[i].used != 0u && c->bind[i].id == id) {
            match = p11_attr(CKA_LABEL, c->bind[i].label, c->bind[i].label_len);
            k->bound = (int)i + 1;
        }
    }
    mdsec_status_t st = p11_find(c, CKO_PRIVATE_KEY, match, &k->priv, &n_priv);
    if (st == MDSEC_OK) {
        st = p11_find(c, CKO_PUBLIC_KEY, match, &k->pub, &n_pub);
    }
    if (st == MDSEC_OK && (n_priv > 1u || n_pub > 1u)) {
        st = MDSEC_ERR_KS_BACKEND;
    }
    if (st == MDSEC_OK && n_priv == 0u && n_pub == 0u) {
        st = MDSEC_ERR_KS_NOT_FOUND;
    }
    if (st != MDSEC_OK) {
        const int bound = k->bound;
        memset(k, 0, sizeof *k);
        k->bound = bound;
        return st;
    }
    k->has_priv = n_priv == 1u;
    k->has_pub = n_pub == 1u;
    return MDSEC_OK;
}

/* Read a CK_BBOOL attribute; an unreadable one counts as FALSE. */
static int p11_bool(mdsec_ks_p11_t *c, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type)
{
    CK_BBOOL v = CK_FALSE;
    CK_ATTRIBUTE a = p11_attr(type, &v, sizeof v);
    const CK_RV rv = p11_fn(c)->C_GetAttributeValue(c->session, h, &a, 1);
    if (rv != CKR_OK) {
        (void)p11_rv(c, rv);
        return 0;
    }
    return a.ulValueLen == sizeof v && v == CK_TRUE;
}

/* An EC key on P-256? MDSEC_OK, NOT_SUPPORTED, or the call's failure. */
static mdsec_status_t p11_check_p256(mdsec_ks_p11_t *c, CK_OBJECT_HANDLE h)
{
    CK_KEY_TYPE kt = CKK_RSA;
    CK_BYTE params[P11_PARAMS_MAX];
    CK_ATTRIBUTE a[2];
    a[0] = p11_attr(CKA_KEY_TYPE, &kt, sizeof kt);
    a[1] = p11_attr(CKA_EC_PARAMS, params, sizeof params);
    const CK_RV rv = p11_fn(c)->C_GetAttributeValue(c->session, h, a, 2);
    if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_BUFFER_TOO_SMALL) {
        c->last_rv = rv;
        return MDSEC_ERR_NOT_SUPPORTED; /* not an EC key, or not a named curve we know */
    }
    mdsec_status_t st = p11_rv(c, rv);
    if (st == MDSEC_OK &&
        (a[0].ulValueLen != sizeof kt || kt != CKK_EC || a[1].ulValueLen != sizeof p256_params ||
         memcmp(params, p256_params, sizeof p256_params) != 0)) {
        st = MDSEC_ERR_NOT_SUPPORTED;
    }
    return st;
}

/* Read CKA_EC_POINT of h and unwrap the DER OCTET STRING around the
 * uncompressed point (strict: exact length, no trailing bytes). */
static mdsec_status_t p11_read_point(mdsec_ks_p11_t *c, CK_OBJECT_HANDLE h,
                                     uint8_t point[P11_POINT_LEN])
{
    CK_BYTE der[P11_EC_POINT_MAX];
    CK_ATTRIBUTE a = p11_attr(CKA_EC_POINT, NULL, 0);
    mdsec_reader_t r;
    mdsec_reader_t content;
    mdsec_span_t p = {NULL, 0};
    memset(point, 0, P11_POINT_LEN);
    mdsec_status_t st = p11_rv(c, p11_fn(c)->C_GetAttributeValue(c->session, h, &a, 1));
    if (st == MDSEC_OK &&
        (a.ulValueLen == CK_UNAVAILABLE_INFORMATION || a.ulValueLen > sizeof der)) {
        st = MDSEC_ERR_KS_BACKEND;
    }
    if (st == MDSEC_OK) {
        a.pValue = der;
        st = p11_rv(c, p11_fn(c)->C_GetAttributeValue(c->session, h, &a, 1));
    }
    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_reader_init(&r, der, (size_t)a.ulValueLen);
    st = mdsec_der_expect(&r, MDSEC_DER_OCTET_STRING, &content);
    if (st == MDSEC_OK) {
        st = mdsec_reader_finish(&r);
    }
    if (st == MDSEC_OK) {
        p = mdsec_read_span(&content, P11_POINT_LEN);
        st = mdsec_reader_finish(&content);
    }
    if (st != MDSEC_OK || p.len != P11_POINT_LEN || p.ptr[0] != 0x04u) {
        return MDSEC_ERR_KS_BACKEND; /* the token returned a malformed point */
    }
    memcpy(point, p.ptr, P11_POINT_LEN);
    return MDSEC_OK;
}

/* Has a readable CKA_EC_POINT (length query only). */
static int p11_point_readable(mdsec_ks_p11_t *c, CK_OBJECT_HANDLE h)
{
    CK_ATTRIBUTE a = p11_attr(CKA_EC_POINT, NULL, 0);
    const CK_RV rv = p11_fn(c)->C_GetAttributeValue(c->session, h, &a, 1);
    if (rv != CKR_OK) {
        (void)p11_rv(c, rv);
        return 0;
    }
    return a.ulValueLen != CK_UNAVAILABLE_INFORMATION && a.ulValueLen != 0u;
}

/* ---- backend operations (lock held) ---- */

static mdsec_status_t do_attributes(mdsec_ks_p11_t *c, uint32_t id, mdsec_ks_attributes_t *attr)
{
    p11_key_t k;
    memset(attr, 0, sizeof *attr);
    mdsec_status_t st = p11_locate(c, id, &k);
    if (st != MDSEC_OK) {
        return st;
    }
    st = p11_check_p256(c, k.has_priv ? k.priv : k.pub);
    if (st == MDSEC_OK && k.has_priv && k.has_pub) {
        st = p11_check_p256(c, k.pub);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    uint32_t usage = 0;
    if (k.has_priv && p11_bool(c, k.priv, CKA_SIGN)) {
        usage |= MDSEC_KS_USAGE_SIGN;
    }
    if (k.has_pub && p11_bool(c, k.pub, CKA_VERIFY)) {
        usage |= MDSEC_KS_USAGE_VERIFY;
    }
    if (p11_point_readable(c, k.has_pub ? k.pub : k.priv)) {
        usage |= MDSEC_KS_USAGE_EXPORT_PUBLIC;
    }
    if (c->lost != 0u) {
        return MDSEC_ERR_KS_BACKEND; /* a read failed because the session went away */
    }
    attr->type =
        (uint16_t)(k.has_priv ? MDSEC_KS_TYPE_ECC_P256_PAIR : MDSEC_KS_TYPE_ECC_P256_PUBLIC);
    attr->bits = 256u;
    attr->usage = usage;
    attr->alg = (uint32_t)MDSEC_KS_ALG_ECDSA_P256_SHA256;
    attr->lifetime = (uint8_t)MDSEC_KS_LIFETIME_PERSISTENT;
    attr->location = (uint8_t)MDSEC_KS_LOCATION_EXTERNAL;
    return MDSEC_OK;
}

/* What the token can hold: a P-256 pair, SIGN on the private key, VERIFY on
 * a public token object. A public object's point is readable by every
 * logged-in session, so VERIFY comes with EXPORT_PUBLIC; EXPORT never. */
static mdsec_status_t p11_check_generate(const mdsec_ks_attributes_t *a)
{
    const uint32_t ok = MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC;
    if (a->type != MDSEC_KS_TYPE_ECC_P256_PAIR || a->bits != 256u ||
        a->alg != MDSEC_KS_ALG_ECDSA_P256_SHA256 || a->flags != 0u) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    if (a->lifetime != MDSEC_KS_LIFETIME_PERSISTENT || a->location != MDSEC_KS_LOCATION_EXTERNAL ||
        a->reserved != 0u || a->usage == 0u || (a->usage & ~ok) != 0u ||
        ((a->usage & MDSEC_KS_USAGE_VERIFY) != 0u &&
         (a->usage & MDSEC_KS_USAGE_EXPORT_PUBLIC) == 0u)) {
        return MDSEC_ERR_KS_ATTRIBUTES;
    }
    return MDSEC_OK;
}

static mdsec_status_t do_generate(mdsec_ks_p11_t *c, uint32_t id, const mdsec_ks_attributes_t *a)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    CK_MECHANISM mech = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
    CK_BYTE idb[4];
    p11_key_t k;
    CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE;
    const int keep_pub = (a->usage & (MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC)) != 0u;
    const CK_BBOOL *sign = (a->usage & MDSEC_KS_USAGE_SIGN) != 0u ? &p11_true : &p11_false;
    const CK_BBOOL *verify = (a->usage & MDSEC_KS_USAGE_VERIFY) != 0u ? &p11_true : &p11_false;
    const CK_BBOOL *pub_token = keep_pub ? &p11_true : &p11_false;

    mdsec_status_t st = p11_locate(c, id, &k);
    if (st == MDSEC_OK || k.bound != 0) {
        return MDSEC_ERR_KS_EXISTS;
    }
    if (st != MDSEC_ERR_KS_NOT_FOUND) {
        return st;
    }
    p11_id_bytes(id, idb);
    /* The public object is private too: a session that is not logged in
     * can neither read nor replace it. Nothing is modifiable afterwards. */
    CK_ATTRIBUTE pt[] = {
        p11_attr(CKA_TOKEN, pub_token, sizeof(CK_BBOOL)),
        p11_attr(CKA_PRIVATE, &p11_true, sizeof(CK_BBOOL)),
        p11_attr(CKA_MODIFIABLE, &p11_false, sizeof(CK_BBOOL)),
        p11_attr(CKA_VERIFY, verify, sizeof(CK_BBOOL)),
        p11_attr(CKA_EC_PARAMS, p256_params, sizeof p256_params),
        p11_attr(CKA_ID, idb, sizeof idb),
    };
    CK_ATTRIBUTE vt[] = {
        p11_attr(CKA_TOKEN, &p11_true, sizeof(CK_BBOOL)),
        p11_attr(CKA_PRIVATE, &p11_true, sizeof(CK_BBOOL)),
        p11_attr(CKA_SENSITIVE, &p11_true, sizeof(CK_BBOOL)),
        p11_attr(CKA_EXTRACTABLE, &p11_false, sizeof(CK_BBOOL)),
        p11_attr(CKA_MODIFIABLE, &p11_false, sizeof(CK_BBOOL)),
        p11_attr(CKA_DERIVE, &p11_false, sizeof(CK_BBOOL)),
        p11_attr(CKA_SIGN, sign, sizeof(CK_BBOOL)),
        p11_attr(CKA_ID, idb, sizeof idb),
    };
    st = p11_rv(c, f->C_GenerateKeyPair(c->session, &mech, pt, sizeof pt / sizeof pt[0], vt,
                                        sizeof vt / sizeof vt[0], &pub, &priv));
    if (st == MDSEC_OK && !keep_pub) {
        /* Neither VERIFY nor EXPORT_PUBLIC: the public key must not stay. */
        st = p11_rv(c, f->C_DestroyObject(c->session, pub));
        if (st != MDSEC_OK) {
            (void)f->C_DestroyObject(c->session, priv);
            st = MDSEC_ERR_KS_BACKEND;
        }
    }
    return st;
}

static mdsec_status_t do_sign(mdsec_ks_p11_t *c, uint32_t id, const uint8_t *hash, uint8_t *sig)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    CK_MECHANISM mech = {CKM_ECDSA, NULL, 0};
    CK_ULONG n = P11_SIG_LEN;
    CK_BYTE in[P11_DIGEST_LEN]; /* C_Sign takes a non-const pointer */
    p11_key_t k;
    memcpy(in, hash, sizeof in);
    mdsec_status_t st = p11_locate(c, id, &k);
    if (st == MDSEC_OK && !k.has_priv) {
        st = MDSEC_ERR_KS_POLICY; /* a public key cannot sign */
    }
    if (st == MDSEC_OK) {
        st = p11_rv(c, f->C_SignInit(c->session, &mech, k.priv));
    }
    if (st == MDSEC_OK) {
        st = p11_rv(c, f->C_Sign(c->session, in, sizeof in, sig, &n));
        if (st == MDSEC_OK && n != P11_SIG_LEN) {
            st = MDSEC_ERR_KS_BACKEND;
        }
    }
    return st;
}

static mdsec_status_t do_verify(mdsec_ks_p11_t *c, uint32_t id, const uint8_t *hash,
                                const uint8_t *sig)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    CK_MECHANISM mech = {CKM_ECDSA, NULL, 0};
    CK_BYTE in[P11_DIGEST_LEN]; /* C_Verify takes non-const pointers */
    CK_BYTE s_in[P11_SIG_LEN];
    p11_key_t k;
    volatile uint32_t v1 = P11_INVALID;
    volatile uint32_t v2 = P11_INVALID;
    memcpy(in, hash, sizeof in);
    memcpy(s_in, sig, sizeof s_in);
    mdsec_status_t st = p11_locate(c, id, &k);
    if (st == MDSEC_OK && !k.has_pub) {
        st = MDSEC_ERR_KS_POLICY; /* no public object: the token cannot verify */
    }
    if (st == MDSEC_OK) {
        st = p11_rv(c, f->C_VerifyInit(c->session, &mech, k.pub));
    }
    if (st != MDSEC_OK) {
        return st;
    }
    const CK_RV rv = f->C_Verify(c->session, in, sizeof in, s_in, sizeof s_in);
    v1 = rv == CKR_OK ? P11_VALID : P11_INVALID;
    v2 = rv == CKR_OK ? P11_VALID : P11_INVALID;
    st = p11_rv(c, rv);
    if (st == MDSEC_OK && (v1 != P11_VALID || v2 != P11_VALID)) {
        st = MDSEC_ERR_SIGNATURE_INVALID; /* a glitched decision never says valid */
    }
    return st;
}

static mdsec_status_t do_export(mdsec_ks_p11_t *c, uint32_t id, uint8_t point[P11_POINT_LEN])
{
    p11_key_t k;
    mdsec_status_t st = p11_locate(c, id, &k);
    if (st == MDSEC_OK && !k.has_pub && !p11_point_readable(c, k.priv)) {
        /* No public object and no point on the private one (or the session went away). */
        st = c->lost != 0u ? MDSEC_ERR_KS_BACKEND : MDSEC_ERR_KS_POLICY;
    }
    if (st == MDSEC_OK) {
        st = p11_read_point(c, k.has_pub ? k.pub : k.priv, point);
    }
    return st;
}

static mdsec_status_t do_destroy(mdsec_ks_p11_t *c, uint32_t id)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    p11_key_t k;
    mdsec_status_t st = p11_locate(c, id, &k);
    if (st == MDSEC_OK && k.has_priv) {
        st = p11_rv(c, f->C_DestroyObject(c->session, k.priv));
    }
    if (st == MDSEC_OK && k.has_pub) {
        st = p11_rv(c, f->C_DestroyObject(c->session, k.pub));
    }
    if ((st == MDSEC_OK || st == MDSEC_ERR_KS_NOT_FOUND) && k.bound != 0) {
        mdsec_memzero(&c->bind[k.bound - 1], sizeof c->bind[0]); /* the label is gone */
    }
    return st;
}

/* ---- backend entries ---- */

static mdsec_status_t be_get_attributes(void *state, mdsec_ks_id_t id, mdsec_ks_attributes_t *attr)
{
    mdsec_ks_p11_t *c;
    unsigned attempt = 0;
    if (attr == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(attr, 0, sizeof *attr);
    mdsec_status_t st = p11_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        c->lost = 0u;
        st = do_attributes(c, id, attr);
    } while (p11_retry(c, &attempt));
    return p11_leave(c, st);
}

static mdsec_status_t be_generate(void *state, mdsec_ks_id_t id, const mdsec_ks_attributes_t *attr)
{
    mdsec_ks_p11_t *c;
    unsigned attempt = 0;
    if (id == MDSEC_KS_ID_INVALID || attr == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = p11_check_generate(attr);
    if (st != MDSEC_OK) {
        return st;
    }
    st = p11_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        c->lost = 0u;
        st = do_generate(c, id, attr);
    } while (p11_retry(c, &attempt));
    return p11_leave(c, st);
}

static mdsec_status_t be_sign_digest(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                     const uint8_t *hash, size_t hash_len, uint8_t *sig,
                                     size_t sig_cap, size_t *sig_len)
{
    mdsec_ks_p11_t *c;
    unsigned attempt = 0;
    uint8_t tmp[P11_SIG_LEN];
    if (sig == NULL || sig_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(sig, 0, sig_cap);
    *sig_len = 0;
    if (hash == NULL || hash_len != P11_DIGEST_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (alg != MDSEC_KS_ALG_ECDSA_P256_SHA256) {
        return MDSEC_ERR_KS_POLICY;
    }
    if (sig_cap < P11_SIG_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    mdsec_status_t st = p11_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        c->lost = 0u;
        memset(tmp, 0, sizeof tmp);
        st = do_sign(c, id, hash, tmp);
    } while (p11_retry(c, &attempt));
    if (st == MDSEC_OK) {
        memcpy(sig, tmp, sizeof tmp);
        *sig_len = sizeof tmp;
    }
    mdsec_memzero(tmp, sizeof tmp);
    return p11_leave(c, st);
}

static mdsec_status_t be_verify_digest(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                       const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                       size_t sig_len)
{
    mdsec_ks_p11_t *c;
    unsigned attempt = 0;
    if (hash == NULL || hash_len != P11_DIGEST_LEN || (sig == NULL && sig_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (alg != MDSEC_KS_ALG_ECDSA_P256_SHA256) {
        return MDSEC_ERR_KS_POLICY;
    }
    if (sig_len != P11_SIG_LEN) {
        return MDSEC_ERR_SIGNATURE_MALFORMED; /* as the software verifier says */
    }
    mdsec_status_t st = p11_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        c->lost = 0u;
        st = do_verify(c, id, hash, sig);
    } while (p11_retry(c, &attempt));
    return p11_leave(c, st);
}

static mdsec_status_t be_export_public(void *state, mdsec_ks_id_t id, uint8_t *out, size_t cap,
                                       size_t *out_len)
{
    mdsec_ks_p11_t *c;
    unsigned attempt = 0;
    uint8_t point[P11_POINT_LEN];
    if (out == NULL || out_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, cap);
    *out_len = 0;
    if (cap < P11_POINT_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    mdsec_status_t st = p11_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        c->lost = 0u;
        st = do_export(c, id, point);
    } while (p11_retry(c, &attempt));
    if (st == MDSEC_OK) {
        memcpy(out, point, sizeof point);
        *out_len = sizeof point;
    }
    return p11_leave(c, st);
}

static mdsec_status_t be_destroy(void *state, mdsec_ks_id_t id)
{
    mdsec_ks_p11_t *c;
    unsigned attempt = 0;
    mdsec_status_t st = p11_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        c->lost = 0u;
        st = do_destroy(c, id);
    } while (p11_retry(c, &attempt));
    return p11_leave(c, st);
}

/* ---- public API ---- */

/* Length of s if it is 1 .. max bytes long, else 0. */
static size_t p11_strlen(const char *s, size_t max)
{
    if (s == NULL) {
        return 0;
    }
    const size_t n = strnlen(s, max + 1u);
    return n > max ? 0u : n;
}

/* The CK_TOKEN_INFO label is blank padded to 32 bytes. */
static int p11_label_is(const CK_UTF8CHAR field[32], const char *label, size_t len)
{
    if (memcmp(field, label, len) != 0) {
        return 0;
    }
    for (size_t i = len; i < 32u; i++) {
        if (field[i] != (CK_UTF8CHAR)' ') {
            return 0;
        }
    }
    return 1;
}

/* Find the one slot whose token carries the label. */
static mdsec_status_t p11_pick_slot(mdsec_ks_p11_t *c, const char *label, size_t len)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    CK_SLOT_ID slots[P11_SLOTS_MAX];
    CK_ULONG n = P11_SLOTS_MAX;
    size_t matches = 0;
    mdsec_status_t st = p11_rv(c, f->C_GetSlotList(CK_TRUE, slots, &n));
    if (st != MDSEC_OK) {
        return MDSEC_ERR_KS_BACKEND; /* includes more than P11_SLOTS_MAX tokens */
    }
    for (CK_ULONG i = 0; i < n && i < P11_SLOTS_MAX; i++) {
        CK_TOKEN_INFO info;
        memset(&info, 0, sizeof info);
        if (f->C_GetTokenInfo(slots[i], &info) != CKR_OK) {
            continue; /* removed meanwhile */
        }
        if (p11_label_is(info.label, label, len)) {
            c->slot = slots[i];
            matches++;
        }
    }
    return matches == 1u ? MDSEC_OK : MDSEC_ERR_KS_BACKEND;
}

static void p11_unload(mdsec_ks_p11_t *c)
{
    const CK_FUNCTION_LIST *f = p11_fn(c);
    if (f != NULL) {
        if (c->logged_in != 0u) {
            (void)f->C_Logout(c->session);
        }
        if (c->session != CK_INVALID_HANDLE) {
            (void)f->C_CloseSession(c->session);
        }
        if (c->owns_init != 0u) {
            (void)f->C_Finalize(NULL);
        }
    }
    if (c->module != NULL) {
        (void)dlclose(c->module);
    }
    c->fn = NULL;
    c->module = NULL;
}

mdsec_status_t mdsec_ks_p11_open(mdsec_ks_p11_t *ctx, const char *module_path,
                                 const char *token_label, const char *pin)
{
    CK_C_GetFunctionList get = NULL;
    CK_FUNCTION_LIST_PTR list = NULL;
    CK_C_INITIALIZE_ARGS args;
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(ctx, 0, sizeof *ctx);
    const size_t label_len = p11_strlen(token_label, MDSEC_KS_P11_TOKEN_LABEL_MAX);
    const size_t pin_len = p11_strlen(pin, MDSEC_KS_P11_PIN_MAX);
    if (p11_strlen(module_path, 4096u) == 0u || label_len == 0u || pin_len == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = mdsec_port_mutex_init(&ctx->mutex);
    if (st != MDSEC_OK) {
        return st;
    }
    ctx->session = CK_INVALID_HANDLE;
    ctx->module = dlopen(module_path, RTLD_NOW | RTLD_LOCAL);
    st = ctx->module != NULL ? MDSEC_OK : MDSEC_ERR_KS_BACKEND;
    if (st == MDSEC_OK) {
        void *sym = dlsym(ctx->module, "C_GetFunctionList");
        _Static_assert(sizeof get == sizeof sym, "function and object pointers");
        memcpy(&get, &sym, sizeof get); /* POSIX: dlsym results convert to function pointers */
        st = get != NULL ? MDSEC_OK : MDSEC_ERR_KS_BACKEND;
    }
    if (st == MDSEC_OK) {
        st = p11_rv(ctx, get(&list));
        if (st == MDSEC_OK && (list == NULL || list->C_Initialize == NULL)) {
            st = MDSEC_ERR_KS_BACKEND;
        }
    }
    if (st == MDSEC_OK) {
        ctx->fn = list;
        memset(&args, 0, sizeof args);
        args.flags = CKF_OS_LOCKING_OK;
        const CK_RV rv = list->C_Initialize(&args);
        ctx->owns_init = rv == CKR_OK ? 1u : 0u;
        st = p11_rv(ctx, rv == CKR_CRYPTOKI_ALREADY_INITIALIZED ? CKR_OK : rv);
    }
    if (st == MDSEC_OK) {
        st = p11_pick_slot(ctx, token_label, label_len);
    }
    if (st == MDSEC_OK) {
        memcpy(ctx->pin, pin, pin_len);
        ctx->pin_len = (uint8_t)pin_len;
        st = p11_connect(ctx);
    }
    if (st != MDSEC_OK) {
        const CK_RV keep = ctx->last_rv;
        p11_unload(ctx);
        mdsec_port_mutex_destroy(&ctx->mutex);
        mdsec_memzero(ctx, sizeof *ctx);
        ctx->last_rv = keep;
        return st;
    }
    ctx->last_rv = CKR_OK;
    ctx->magic = P11_MAGIC;
    return MDSEC_OK;
}

void mdsec_ks_p11_close(mdsec_ks_p11_t *ctx)
{
    if (p11_enter(ctx) != MDSEC_OK) {
        if (ctx != NULL) {
            mdsec_memzero(ctx, sizeof *ctx);
        }
        return;
    }
    p11_unload(ctx);
    ctx->magic = 0;
    const mdsec_status_t unlocked = mdsec_port_mutex_unlock(&ctx->mutex);
    (void)unlocked; /* the context is wiped either way */
    mdsec_port_mutex_destroy(&ctx->mutex);
    mdsec_memzero(ctx, sizeof *ctx);
}

mdsec_status_t mdsec_ks_p11_backend(mdsec_ks_p11_t *ctx, mdsec_ks_backend_t *backend)
{
    if (backend == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(backend, 0, sizeof *backend);
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != P11_MAGIC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    backend->state = ctx;
    backend->get_attributes = be_get_attributes;
    backend->generate = be_generate;
    backend->import = NULL; /* keys are generated on the token, never imported */
    backend->sign_digest = be_sign_digest;
    backend->verify_digest = be_verify_digest;
    backend->export_public = be_export_public;
    backend->destroy = be_destroy;
    return MDSEC_OK;
}

static mdsec_status_t do_bind(mdsec_ks_p11_t *c, uint32_t id, const char *label, size_t len)
{
    p11_key_t k;
    CK_ULONG n_priv = 0;
    CK_ULONG n_pub = 0;
    CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
    size_t free_slot = MDSEC_KS_P11_BINDINGS;
    for (size_t i = 0; i < MDSEC_KS_P11_BINDINGS; i++) {
        if (c->bind[i].used == 0u) {
            free_slot = free_slot == MDSEC_KS_P11_BINDINGS ? i : free_slot;
        } else if (c->bind[i].id == id ||
                   (c->bind[i].label_len == len && memcmp(c->bind[i].label, label, len) == 0)) {
            return MDSEC_ERR_KS_EXISTS;
        }
    }
    mdsec_status_t st = p11_locate(c, id, &k);
    if (st != MDSEC_ERR_KS_NOT_FOUND) {
        return st == MDSEC_OK ? MDSEC_ERR_KS_EXISTS : st; /* the id is a CKA_ID on the token */
    }
    const CK_ATTRIBUTE match = p11_attr(CKA_LABEL, label, len);
    st = p11_find(c, CKO_PRIVATE_KEY, match, &priv, &n_priv);
    if (st == MDSEC_OK) {
        st = p11_find(c, CKO_PUBLIC_KEY, match, &pub, &n_pub);
    }
    if (st == MDSEC_OK && n_priv == 0u) {
        st = MDSEC_ERR_KS_NOT_FOUND;
    }
    if (st == MDSEC_OK && (n_priv > 1u || n_pub > 1u)) {
        st = MDSEC_ERR_KS_EXISTS; /* ambiguous label */
    }
    if (st == MDSEC_OK) {
        st = p11_check_p256(c, priv);
    }
    if (st == MDSEC_OK && free_slot == MDSEC_KS_P11_BINDINGS) {
        st = MDSEC_ERR_KS_FULL;
    }
    if (st == MDSEC_OK) {
        mdsec_ks_p11_binding_t *b = &c->bind[free_slot];
        b->id = id;
        b->label_len = (uint8_t)len;
        memcpy(b->label, label, len);
        b->used = 1u;
    }
    return st;
}

mdsec_status_t mdsec_ks_p11_bind(mdsec_ks_p11_t *ctx, mdsec_ks_id_t id, const char *label)
{
    unsigned attempt = 0;
    const size_t len = p11_strlen(label, MDSEC_KS_P11_KEY_LABEL_MAX);
    if (ctx == NULL || id == MDSEC_KS_ID_INVALID || len == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = p11_enter(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    do {
        ctx->lost = 0u;
        st = do_bind(ctx, id, label, len);
    } while (p11_retry(ctx, &attempt));
    return p11_leave(ctx, st);
}

unsigned long mdsec_ks_p11_last_rv(const mdsec_ks_p11_t *ctx)
{
    return ctx == NULL ? 0ul : ctx->last_rv;
}
