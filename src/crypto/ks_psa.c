/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * PSA Crypto key backend: mdsec key ids bound, by a table the integrator
 * gives, to persistent PSA keys (ECDSA P-256). Written to the PSA Crypto API
 * only (psa/crypto.h: Mbed TLS 2.28 and 3.x, TF-M). Every bound key is
 * checked against its binding at open and again on every use; the key's
 * material is never exported (psa_export_key is never called). See
 * docs/keystore-psa.md.
 */
#include <string.h>

#include <psa/crypto.h>

#include "mdsec/keystore.h"
#include "mdsec/ks_psa.h"
#include "mdsec/port.h"

#if defined(MBEDTLS_PSA_CRYPTO_KEY_ID_ENCODES_OWNER)
#error \
    "the PSA key backend is a PSA client: build it against the client API (key ids are psa_key_id_t)"
#endif

#define KSP_MAGIC      0x5053414Bu
#define KSP_POINT_LEN  65u /* uncompressed P-256 point */
#define KSP_SIG_LEN    64u /* raw r || s */
#define KSP_DIGEST_LEN 32u
#define KSP_USAGES     (MDSEC_KS_USAGE_SIGN | MDSEC_KS_USAGE_VERIFY | MDSEC_KS_USAGE_EXPORT_PUBLIC)

/* Decisions (checked twice, fault hardening): far apart, neither 0 nor ~0. */
#define KSP_ACCEPT  0x3AC56C93u
#define KSP_REJECT  0xC53A936Cu
#define KSP_VALID   0x5A3CC3A5u
#define KSP_INVALID 0xA5C33C5Au

_Static_assert(sizeof(psa_key_id_t) == sizeof(uint32_t), "psa_key_id_t is 32 bits");
_Static_assert(sizeof(psa_status_t) == sizeof(int32_t), "psa_status_t is 32 bits");
_Static_assert(MDSEC_KS_PSA_KEYS >= 1u && MDSEC_KS_PSA_KEYS <= 1024u, "binding table bound");
_Static_assert(MDSEC_KS_ECDSA_P256_SIG_LEN == KSP_SIG_LEN, "P-256 signature size");
_Static_assert(MDSEC_KS_PUBLIC_KEY_MAX >= KSP_POINT_LEN, "public key size");

static const psa_algorithm_t ksp_alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);

/* PSA status -> mdsec status. */
static mdsec_status_t ksp_map(psa_status_t s)
{
    switch (s) {
    case PSA_SUCCESS: return MDSEC_OK;
    case PSA_ERROR_INVALID_HANDLE:
    case PSA_ERROR_DOES_NOT_EXIST: return MDSEC_ERR_KS_NOT_FOUND;
    case PSA_ERROR_NOT_PERMITTED: return MDSEC_ERR_KS_POLICY;
    case PSA_ERROR_INVALID_SIGNATURE: return MDSEC_ERR_SIGNATURE_INVALID;
    case PSA_ERROR_NOT_SUPPORTED: return MDSEC_ERR_NOT_SUPPORTED;
    case PSA_ERROR_ALREADY_EXISTS: return MDSEC_ERR_KS_EXISTS;
    case PSA_ERROR_INVALID_ARGUMENT: return MDSEC_ERR_KS_ATTRIBUTES;
    case PSA_ERROR_INSUFFICIENT_STORAGE: return MDSEC_ERR_KS_STORAGE_FULL;
    case PSA_ERROR_DATA_CORRUPT:
    case PSA_ERROR_DATA_INVALID: return MDSEC_ERR_KS_CORRUPT;
    default: return MDSEC_ERR_KS_BACKEND;
    }
}

/* One binding on its own: what this backend can represent exactly. */
static mdsec_status_t ksp_check_entry(const mdsec_ks_psa_binding_t *b)
{
    if (b->id == MDSEC_KS_ID_INVALID || b->psa_id == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if ((b->type != MDSEC_KS_TYPE_ECC_P256_PAIR && b->type != MDSEC_KS_TYPE_ECC_P256_PUBLIC) ||
        b->bits != 256u || b->alg != MDSEC_KS_ALG_ECDSA_P256_SHA256) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    if (b->usage == 0u || (b->usage & ~KSP_USAGES) != 0u ||
        (b->type == MDSEC_KS_TYPE_ECC_P256_PUBLIC && (b->usage & MDSEC_KS_USAGE_SIGN) != 0u) ||
        (b->flags & ~MDSEC_KS_FLAG_WRITE_ONCE) != 0u || b->reserved[0] != 0u ||
        b->reserved[1] != 0u || b->reserved[2] != 0u) {
        return MDSEC_ERR_KS_ATTRIBUTES;
    }
    return MDSEC_OK;
}

static psa_key_type_t ksp_type(const mdsec_ks_psa_binding_t *b)
{
    return b->type == MDSEC_KS_TYPE_ECC_P256_PAIR
               ? PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
               : PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1);
}

/* The PSA usage flags a binding's usage stands for. */
static psa_key_usage_t ksp_usage(const mdsec_ks_psa_binding_t *b)
{
    psa_key_usage_t u = 0;
    if ((b->usage & MDSEC_KS_USAGE_SIGN) != 0u) {
        u |= PSA_KEY_USAGE_SIGN_HASH;
    }
    if ((b->usage & MDSEC_KS_USAGE_VERIFY) != 0u) {
        u |= PSA_KEY_USAGE_VERIFY_HASH;
    }
    return u;
}

/* Does a key's PSA policy match its binding exactly? */
static mdsec_status_t ksp_verdict(const mdsec_ks_psa_binding_t *b, const psa_key_attributes_t *a)
{
    psa_key_usage_t u = psa_get_key_usage_flags(a);
    if (PSA_KEY_LIFETIME_IS_VOLATILE(psa_get_key_lifetime(a))) {
        return MDSEC_ERR_KS_VOLATILE;
    }
    if ((u & PSA_KEY_USAGE_EXPORT) != 0u) {
        return MDSEC_ERR_KS_EXPORTABLE;
    }
    if (psa_get_key_type(a) != ksp_type(b) || psa_get_key_bits(a) != (size_t)b->bits ||
        psa_get_key_algorithm(a) != ksp_alg) {
        return MDSEC_ERR_KS_MISMATCH;
    }
#if defined(MDSEC_KS_PSA_ENROLLMENT)
    /* Mbed TLS's second permitted algorithm: none, or the same one. */
    if (psa_get_key_enrollment_algorithm(a) != PSA_ALG_NONE &&
        psa_get_key_enrollment_algorithm(a) != ksp_alg) {
        return MDSEC_ERR_KS_MISMATCH;
    }
#endif
    /* A _HASH usage implies its _MESSAGE usage (Mbed TLS adds it itself). */
    if ((u & PSA_KEY_USAGE_SIGN_HASH) != 0u) {
        u &= ~(psa_key_usage_t)PSA_KEY_USAGE_SIGN_MESSAGE;
    }
    if ((u & PSA_KEY_USAGE_VERIFY_HASH) != 0u) {
        u &= ~(psa_key_usage_t)PSA_KEY_USAGE_VERIFY_MESSAGE;
    }
    return u == ksp_usage(b) ? MDSEC_OK : MDSEC_ERR_KS_MISMATCH;
}

/* Read the bound key's attributes (never its material) and decide, twice. */
static mdsec_status_t ksp_check_key(int32_t *last, const mdsec_ks_psa_binding_t *b)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    const psa_status_t ps = psa_get_key_attributes((psa_key_id_t)b->psa_id, &a);
    *last = (int32_t)ps;
    mdsec_status_t st = ksp_map(ps);
    if (st == MDSEC_OK) {
        st = ksp_verdict(b, &a);
        volatile uint32_t d1 = st == MDSEC_OK ? KSP_ACCEPT : KSP_REJECT;
        volatile uint32_t d2 = ksp_verdict(b, &a) == MDSEC_OK ? KSP_ACCEPT : KSP_REJECT;
        if (d1 != d2) {
            mdsec_port_fatal(MDSEC_ERR_INTERNAL);
        }
        if (st == MDSEC_OK && (d1 != KSP_ACCEPT || d2 != KSP_ACCEPT)) {
            st = MDSEC_ERR_KS_MISMATCH; /* a glitched decision never accepts */
        }
    }
    psa_reset_key_attributes(&a);
    return st;
}

/* Lock an open context. A closed or never-opened one is NOT_INITIALISED. */
static mdsec_status_t ksp_enter(mdsec_ks_psa_t *c)
{
    if (c == NULL || c->magic != KSP_MAGIC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    return mdsec_port_mutex_lock(&c->mutex);
}

static mdsec_status_t ksp_leave(mdsec_ks_psa_t *c, mdsec_status_t st)
{
    const mdsec_status_t u = mdsec_port_mutex_unlock(&c->mutex);
    return st != MDSEC_OK ? st : u;
}

/* Backend entries answer only OK, their own failures or KS_BACKEND. */
static mdsec_status_t ksp_enter_backend(void *state, mdsec_ks_psa_t **c)
{
    *c = (mdsec_ks_psa_t *)state;
    const mdsec_status_t st = ksp_enter(*c);
    return st == MDSEC_OK ? st : MDSEC_ERR_KS_BACKEND;
}

static const mdsec_ks_psa_binding_t *ksp_find(const mdsec_ks_psa_t *c, uint32_t id)
{
    for (size_t i = 0; i < c->count && i < MDSEC_KS_PSA_KEYS; i++) {
        if (c->bind[i].id == id) {
            return &c->bind[i];
        }
    }
    return NULL;
}

/* ---- backend entries ---- */

static mdsec_status_t be_get_attributes(void *state, mdsec_ks_id_t id, mdsec_ks_attributes_t *attr)
{
    mdsec_ks_psa_t *c;
    if (attr == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(attr, 0, sizeof *attr);
    mdsec_status_t st = ksp_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    const mdsec_ks_psa_binding_t *b = ksp_find(c, id);
    st = b == NULL ? MDSEC_ERR_KS_NOT_FOUND : ksp_check_key(&c->last_psa, b);
    if (st == MDSEC_OK) {
        attr->type = b->type;
        attr->bits = b->bits;
        attr->usage = b->usage;
        attr->alg = b->alg;
        attr->lifetime = (uint8_t)MDSEC_KS_LIFETIME_PERSISTENT;
        attr->location = (uint8_t)MDSEC_KS_LOCATION_EXTERNAL;
        attr->flags = b->flags;
    }
    return ksp_leave(c, st);
}

static mdsec_status_t be_sign_digest(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                     const uint8_t *hash, size_t hash_len, uint8_t *sig,
                                     size_t sig_cap, size_t *sig_len)
{
    mdsec_ks_psa_t *c;
    uint8_t tmp[KSP_SIG_LEN];
    size_t n = 0;
    if (sig == NULL || sig_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(sig, 0, sig_cap);
    *sig_len = 0;
    if (hash == NULL || hash_len != KSP_DIGEST_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (alg != MDSEC_KS_ALG_ECDSA_P256_SHA256) {
        return MDSEC_ERR_KS_POLICY;
    }
    if (sig_cap < KSP_SIG_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    mdsec_status_t st = ksp_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    memset(tmp, 0, sizeof tmp);
    const mdsec_ks_psa_binding_t *b = ksp_find(c, id);
    if (b == NULL) {
        st = MDSEC_ERR_KS_NOT_FOUND;
    } else if ((b->usage & MDSEC_KS_USAGE_SIGN) == 0u) {
        st = MDSEC_ERR_KS_POLICY; /* refused here too, never asked of PSA */
    } else {
        const psa_status_t ps =
            psa_sign_hash((psa_key_id_t)b->psa_id, ksp_alg, hash, hash_len, tmp, sizeof tmp, &n);
        c->last_psa = (int32_t)ps;
        st = ksp_map(ps);
        if (st == MDSEC_OK && n != KSP_SIG_LEN) {
            st = MDSEC_ERR_KS_BACKEND;
        }
    }
    if (st == MDSEC_OK) {
        memcpy(sig, tmp, sizeof tmp);
        *sig_len = sizeof tmp;
    }
    mdsec_memzero(tmp, sizeof tmp);
    return ksp_leave(c, st);
}

static mdsec_status_t be_verify_digest(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                       const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                       size_t sig_len)
{
    mdsec_ks_psa_t *c;
    volatile uint32_t v1 = KSP_INVALID;
    volatile uint32_t v2 = KSP_INVALID;
    if (hash == NULL || hash_len != KSP_DIGEST_LEN || (sig == NULL && sig_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (alg != MDSEC_KS_ALG_ECDSA_P256_SHA256) {
        return MDSEC_ERR_KS_POLICY;
    }
    if (sig_len != KSP_SIG_LEN) {
        return MDSEC_ERR_SIGNATURE_MALFORMED; /* as the software verifier says */
    }
    mdsec_status_t st = ksp_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    const mdsec_ks_psa_binding_t *b = ksp_find(c, id);
    if (b == NULL) {
        st = MDSEC_ERR_KS_NOT_FOUND;
    } else if ((b->usage & MDSEC_KS_USAGE_VERIFY) == 0u) {
        st = MDSEC_ERR_KS_POLICY;
    } else {
        const psa_status_t ps =
            psa_verify_hash((psa_key_id_t)b->psa_id, ksp_alg, hash, hash_len, sig, sig_len);
        v1 = ps == PSA_SUCCESS ? KSP_VALID : KSP_INVALID;
        v2 = ps == PSA_SUCCESS ? KSP_VALID : KSP_INVALID;
        c->last_psa = (int32_t)ps;
        st = ksp_map(ps);
        if (st == MDSEC_OK && (v1 != KSP_VALID || v2 != KSP_VALID)) {
            st = MDSEC_ERR_SIGNATURE_INVALID; /* a glitched decision never says valid */
        }
    }
    return ksp_leave(c, st);
}

static mdsec_status_t be_export_public(void *state, mdsec_ks_id_t id, uint8_t *out, size_t cap,
                                       size_t *out_len)
{
    mdsec_ks_psa_t *c;
    uint8_t point[KSP_POINT_LEN];
    size_t n = 0;
    if (out == NULL || out_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, cap);
    *out_len = 0;
    if (cap < KSP_POINT_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    mdsec_status_t st = ksp_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    memset(point, 0, sizeof point);
    const mdsec_ks_psa_binding_t *b = ksp_find(c, id);
    if (b == NULL) {
        st = MDSEC_ERR_KS_NOT_FOUND;
    } else if ((b->usage & MDSEC_KS_USAGE_EXPORT_PUBLIC) == 0u) {
        st = MDSEC_ERR_KS_POLICY;
    } else {
        const psa_status_t ps =
            psa_export_public_key((psa_key_id_t)b->psa_id, point, sizeof point, &n);
        c->last_psa = (int32_t)ps;
        st = ksp_map(ps);
        if (st == MDSEC_OK && (n != KSP_POINT_LEN || point[0] != 0x04u)) {
            st = MDSEC_ERR_KS_BACKEND; /* not an uncompressed P-256 point */
        }
    }
    if (st == MDSEC_OK) {
        memcpy(out, point, sizeof point);
        *out_len = sizeof point;
    }
    return ksp_leave(c, st);
}

static mdsec_status_t be_destroy(void *state, mdsec_ks_id_t id)
{
    mdsec_ks_psa_t *c;
    mdsec_status_t st = ksp_enter_backend(state, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    const mdsec_ks_psa_binding_t *b = ksp_find(c, id);
    if (b == NULL) {
        st = MDSEC_ERR_KS_NOT_FOUND;
    } else if ((b->flags & MDSEC_KS_FLAG_WRITE_ONCE) != 0u) {
        st = MDSEC_ERR_KS_READ_ONLY;
    } else {
        /* Only the key the binding describes is ever destroyed. */
        st = ksp_check_key(&c->last_psa, b);
        if (st == MDSEC_OK) {
            const psa_status_t ps = psa_destroy_key((psa_key_id_t)b->psa_id);
            c->last_psa = (int32_t)ps;
            st = ps == PSA_ERROR_NOT_PERMITTED ? MDSEC_ERR_KS_READ_ONLY : ksp_map(ps);
        }
    }
    return ksp_leave(c, st);
}

/* ---- public API ---- */

/* Every entry valid, no mdsec or PSA id twice. Sets failed_id. */
static mdsec_status_t ksp_check_table(mdsec_ks_psa_t *c, const mdsec_ks_psa_binding_t *t, size_t n)
{
    for (size_t i = 0; i < n && i < MDSEC_KS_PSA_KEYS; i++) {
        mdsec_status_t st = ksp_check_entry(&t[i]);
        for (size_t j = 0; j < i && st == MDSEC_OK; j++) {
            if (t[j].id == t[i].id || t[j].psa_id == t[i].psa_id) {
                st = MDSEC_ERR_KS_EXISTS;
            }
        }
        if (st != MDSEC_OK) {
            c->failed_id = t[i].id;
            return st;
        }
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_ks_psa_open(mdsec_ks_psa_t *ctx, const mdsec_ks_psa_binding_t *table,
                                 size_t count)
{
    int mutex_ready = 0;
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(ctx, 0, sizeof *ctx);
    if (table == NULL || count == 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (count > MDSEC_KS_PSA_KEYS) {
        return MDSEC_ERR_KS_FULL;
    }
    mdsec_status_t st = ksp_check_table(ctx, table, count);
    if (st == MDSEC_OK) {
        st = mdsec_port_mutex_init(&ctx->mutex);
        mutex_ready = st == MDSEC_OK;
    }
    if (st == MDSEC_OK) {
        const psa_status_t ps = psa_crypto_init();
        ctx->last_psa = (int32_t)ps;
        st = ps == PSA_SUCCESS ? MDSEC_OK : MDSEC_ERR_KS_BACKEND;
    }
    for (size_t i = 0; i < count && st == MDSEC_OK; i++) {
        st = ksp_check_key(&ctx->last_psa, &table[i]);
        if (st != MDSEC_OK) {
            ctx->failed_id = table[i].id;
        }
    }
    if (st != MDSEC_OK) {
        const int32_t last = ctx->last_psa;
        const uint32_t failed = ctx->failed_id;
        if (mutex_ready) {
            mdsec_port_mutex_destroy(&ctx->mutex);
        }
        mdsec_memzero(ctx, sizeof *ctx);
        ctx->last_psa = last;
        ctx->failed_id = failed;
        return st;
    }
    memcpy(ctx->bind, table, count * sizeof table[0]);
    ctx->count = (uint32_t)count;
    ctx->magic = KSP_MAGIC;
    return MDSEC_OK;
}

void mdsec_ks_psa_close(mdsec_ks_psa_t *ctx)
{
    if (ksp_enter(ctx) != MDSEC_OK) {
        if (ctx != NULL) {
            mdsec_memzero(ctx, sizeof *ctx);
        }
        return;
    }
    ctx->magic = 0;
    const mdsec_status_t unlocked = mdsec_port_mutex_unlock(&ctx->mutex);
    (void)unlocked; /* the context is wiped either way */
    mdsec_port_mutex_destroy(&ctx->mutex);
    mdsec_memzero(ctx, sizeof *ctx);
}

mdsec_status_t mdsec_ks_psa_backend(mdsec_ks_psa_t *ctx, mdsec_ks_backend_t *backend)
{
    if (backend == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(backend, 0, sizeof *backend);
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != KSP_MAGIC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    backend->state = ctx;
    backend->get_attributes = be_get_attributes;
    backend->generate = NULL; /* keys are provisioned and bound by the table */
    backend->import = NULL;   /* a key that existed outside PSA could have been copied */
    backend->sign_digest = be_sign_digest;
    backend->verify_digest = be_verify_digest;
    backend->export_public = be_export_public;
    backend->destroy = be_destroy;
    return MDSEC_OK;
}

mdsec_status_t mdsec_ks_psa_provision(const mdsec_ks_psa_binding_t *binding, int32_t *psa_status)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t made = 0;
    int32_t last = 0;
    if (psa_status != NULL) {
        *psa_status = 0;
    }
    if (binding == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = ksp_check_entry(binding);
    if (st == MDSEC_OK && binding->type != MDSEC_KS_TYPE_ECC_P256_PAIR) {
        st = MDSEC_ERR_NOT_SUPPORTED; /* a public key is imported, not generated */
    }
    if (st != MDSEC_OK) {
        return st;
    }
    psa_status_t ps = psa_crypto_init();
    if (ps == PSA_SUCCESS) {
        psa_set_key_id(&a, (psa_key_id_t)binding->psa_id);
        psa_set_key_lifetime(&a, PSA_KEY_LIFETIME_PERSISTENT);
        psa_set_key_type(&a, ksp_type(binding));
        psa_set_key_bits(&a, binding->bits);
        psa_set_key_algorithm(&a, ksp_alg);
        psa_set_key_usage_flags(&a, ksp_usage(binding)); /* never EXPORT or COPY */
        ps = psa_generate_key(&a, &made);
        st = ksp_map(ps);
    } else {
        st = MDSEC_ERR_KS_BACKEND;
    }
    last = (int32_t)ps;
    if (st == MDSEC_OK && made != (psa_key_id_t)binding->psa_id) {
        (void)psa_destroy_key(made);
        st = MDSEC_ERR_KS_BACKEND; /* the implementation chose another id */
    }
    if (st == MDSEC_OK) {
        /* What open will check: a key that would not pass does not stay. */
        st = ksp_check_key(&last, binding);
        if (st != MDSEC_OK) {
            (void)psa_destroy_key((psa_key_id_t)binding->psa_id);
        }
    }
    psa_reset_key_attributes(&a);
    if (psa_status != NULL) {
        *psa_status = last;
    }
    return st;
}

int32_t mdsec_ks_psa_last_status(const mdsec_ks_psa_t *ctx)
{
    return ctx == NULL ? 0 : ctx->last_psa;
}

mdsec_ks_id_t mdsec_ks_psa_failed_id(const mdsec_ks_psa_t *ctx)
{
    return ctx == NULL ? MDSEC_KS_ID_INVALID : ctx->failed_id;
}
