/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Keystore front end: key ids, policy enforcement (fault-hardened), the
 * volatile RAM backend, events, and dispatch to the flash backend.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "keystore/ks_internal.h"
#include "mdsec/event.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"

#define KS_CTX_MAGIC 0x4b53c7a1u
/* Policy decisions: far apart in Hamming distance, neither 0 nor ~0. */
#define KS_PERMIT    0x6C3A95D2u
#define KS_DENY      0x93C56A2Du
/* "Whatever algorithm the key has" (export does not use an algorithm). */
#define KS_ALG_ANY   0xFFFFFFFFu

_Static_assert(MDSEC_KS_AEAD_NONCE_LEN == MDSEC_AEAD_NONCE_LEN, "AEAD nonce size");
_Static_assert(MDSEC_KS_AEAD_TAG_LEN == MDSEC_AEAD_TAG_LEN, "AEAD tag size");
_Static_assert(MDSEC_KS_ECDSA_P256_SIG_LEN == MDSEC_P256_SIG_RAW_LEN, "P-256 signature size");
_Static_assert(MDSEC_KS_HMAC_SHA256_LEN == MDSEC_HMAC_SHA256_LEN, "HMAC size");
_Static_assert(MDSEC_KS_PUBLIC_KEY_MAX == MDSEC_P384_PUB_LEN, "public key size");
_Static_assert(MDSEC_KS_MATERIAL_MAX >= MDSEC_P384_PUB_LEN && MDSEC_KS_MATERIAL_MAX <= 0xFFFFu,
               "key material bound");

/* A located key: its attributes and where it is. */
typedef struct ks_key {
    mdsec_ks_attributes_t attr;
    mdsec_ks_ram_slot_t *ram;
    mdsec_ks_flash_entry_t *flash;
    const mdsec_ks_backend_t *ext; /* held by the external backend */
} ks_key_t;

/* Events are queued while the context lock is held and emitted after it is
 * released (ks_unlock): a sink that calls back into mdsec (the security log
 * signing a checkpoint with a keystore key) can never deadlock against it. */
static void ks_event(mdsec_ks_ctx_t *ctx, mdsec_event_code_t code, mdsec_status_t st, uint32_t id)
{
    if (ctx->n_pending < MDSEC_KS_EVENTS_PENDING) {
        ctx->pending[ctx->n_pending].code = (uint16_t)code;
        ctx->pending[ctx->n_pending].status = (int32_t)st;
        ctx->pending[ctx->n_pending].id = id;
        ctx->n_pending++;
    }
}

static void ks_emit(const mdsec_ks_pending_event_t *p)
{
    mdsec_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.code = (mdsec_event_code_t)p->code;
    ev.source = MDSEC_SRC_KEYSTORE;
    ev.status = (mdsec_status_t)p->status;
    ev.actor = p->id;
    if (ev.status == MDSEC_OK) {
        ev.outcome = MDSEC_OUTCOME_SUCCESS;
    } else if (ev.code == MDSEC_EV_KEY_DENIED) {
        ev.outcome = MDSEC_OUTCOME_MINOR;
    } else {
        ev.outcome = MDSEC_OUTCOME_SERIOUS;
    }
    mdsec_event_emit(&ev);
}

static mdsec_status_t ks_lock(mdsec_ks_ctx_t *ctx)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != KS_CTX_MAGIC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    return mdsec_port_mutex_lock(&ctx->mutex);
}

static mdsec_status_t ks_unlock(mdsec_ks_ctx_t *ctx, mdsec_status_t st)
{
    mdsec_ks_pending_event_t ev[MDSEC_KS_EVENTS_PENDING];
    const size_t n = ctx->quiet != 0u ? 0u : ctx->n_pending;
    memcpy(ev, ctx->pending, sizeof ev);
    ctx->n_pending = 0;
    ctx->quiet = 0;
    const mdsec_status_t u = mdsec_port_mutex_unlock(&ctx->mutex);
    for (size_t i = 0; i < n && i < MDSEC_KS_EVENTS_PENDING; i++) {
        ks_emit(&ev[i]);
    }
    return st != MDSEC_OK ? st : u;
}

static mdsec_ks_ram_slot_t *ram_find(mdsec_ks_ctx_t *ctx, uint32_t id)
{
    for (size_t i = 0; i < MDSEC_KS_RAM_SLOTS; i++) {
        if (ctx->ram[i].used != 0u && ctx->ram[i].id == id) {
            return &ctx->ram[i];
        }
    }
    return NULL;
}

/* Find a key by id. Flash keys flagged corrupt or rolled back are found,
 * with their status. */
static mdsec_status_t ks_locate(mdsec_ks_ctx_t *ctx, uint32_t id, ks_key_t *k)
{
    memset(k, 0, sizeof *k);
    if (id == MDSEC_KS_ID_INVALID) {
        return MDSEC_ERR_KS_NOT_FOUND;
    }
    k->ram = ram_find(ctx, id);
    if (k->ram != NULL) {
        k->attr = k->ram->attr;
        return MDSEC_OK;
    }
    if (ctx->flash.open != 0u) {
        k->flash = mdsec__ks_flash_find(&ctx->flash, id);
        if (k->flash != NULL) {
            k->attr = k->flash->attr;
            return (mdsec_status_t)k->flash->state;
        }
    }
    if (ctx->external != NULL) {
        const mdsec_ks_backend_t *b = ctx->external;
        mdsec_status_t st = b->get_attributes(b->state, id, &k->attr);
        if (st == MDSEC_OK && k->attr.location != MDSEC_KS_LOCATION_EXTERNAL) {
            st = MDSEC_ERR_KS_BACKEND; /* a backend cannot claim another location */
        }
        if (st == MDSEC_OK) {
            k->ext = b;
            return MDSEC_OK;
        }
        memset(&k->attr, 0, sizeof k->attr);
        /* Not found and not supported (a token key of a type mdsec does not
         * handle) pass through; any other trouble is a backend failure. */
        return (st == MDSEC_ERR_KS_NOT_FOUND || st == MDSEC_ERR_NOT_SUPPORTED)
                   ? st
                   : MDSEC_ERR_KS_BACKEND;
    }
    return MDSEC_ERR_KS_NOT_FOUND;
}

/* Anything found in some backend (including a damaged or failing one). */
static int ks_found(const ks_key_t *k, mdsec_status_t found)
{
    return k->ram != NULL || k->flash != NULL || k->ext != NULL || found != MDSEC_ERR_KS_NOT_FOUND;
}

/* Whether id is free for a new key: MDSEC_OK, MDSEC_ERR_KS_EXISTS when any
 * backend holds it (damaged keys included), or MDSEC_ERR_KS_BACKEND. */
static mdsec_status_t ks_id_free(mdsec_ks_ctx_t *ctx, uint32_t id)
{
    ks_key_t k;
    const mdsec_status_t found = ks_locate(ctx, id, &k);
    if (found == MDSEC_ERR_KS_BACKEND) {
        return found;
    }
    return ks_found(&k, found) ? MDSEC_ERR_KS_EXISTS : MDSEC_OK;
}

/* Read-only (built-in) and write-once keys cannot be changed or destroyed.
 * A damaged flash record's flags cannot be trusted: such a key can always go. */
static int ks_immutable(const ks_key_t *k, mdsec_status_t found)
{
    if (k->ram != NULL) {
        return k->attr.lifetime == MDSEC_KS_LIFETIME_READ_ONLY;
    }
    return k->flash != NULL && found == MDSEC_OK &&
           (k->attr.flags & MDSEC_KS_FLAG_WRITE_ONCE) != 0u;
}

static mdsec_status_t ks_load(mdsec_ks_ctx_t *ctx, const ks_key_t *k,
                              uint8_t material[MDSEC_KS_MATERIAL_MAX], size_t *len)
{
    *len = 0;
    if (k->ram != NULL) {
        memcpy(material, k->ram->material, k->ram->len);
        *len = k->ram->len;
        return MDSEC_OK;
    }
    if (k->flash != NULL) {
        const mdsec_status_t st = mdsec__ks_flash_load(&ctx->flash, k->flash, material, len);
        if (st == MDSEC_ERR_KS_CORRUPT) {
            k->flash->state = (int32_t)st; /* the record changed since the mount */
        }
        return st;
    }
    if (k->ext != NULL) {
        return MDSEC_ERR_NOT_SUPPORTED; /* the material stays in the external backend */
    }
    return MDSEC_ERR_KS_NOT_FOUND;
}

/* The policy decision: KS_PERMIT only when every needed usage flag is set
 * and alg is the key's one algorithm. */
static uint32_t ks_policy(const mdsec_ks_attributes_t *a, uint32_t usage, uint32_t alg)
{
    uint32_t d = KS_DENY;
    const uint32_t want = alg == KS_ALG_ANY ? a->alg : alg;
    if ((a->usage & usage) == usage && usage != 0u && a->alg == want && want != 0u) {
        d = KS_PERMIT;
    }
    return d;
}

/* Decide twice; a disagreement is a fault. Returns MDSEC_OK only for a
 * double permit; the caller also re-checks the returned decision. */
static mdsec_status_t ks_authorise(const mdsec_ks_attributes_t *a, uint32_t usage, uint32_t alg,
                                   volatile uint32_t *decision)
{
    volatile uint32_t d1 = ks_policy(a, usage, alg);
    volatile uint32_t d2 = ks_policy(a, usage, alg);
    *decision = KS_DENY;
    if (d1 == KS_PERMIT && d2 == KS_PERMIT) {
        *decision = d2;
        return MDSEC_OK;
    }
    if (d1 != KS_DENY || d2 != KS_DENY) {
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
    return MDSEC_ERR_KS_POLICY;
}

static void ks_recheck(const volatile uint32_t *decision)
{
    if (*decision != KS_PERMIT) {
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
}

/* Common start of every use: lock, locate, authorise. On failure the lock
 * is released and the status returned (with a denied event for policy). */
static mdsec_status_t ks_begin_q(mdsec_ks_ctx_t *ctx, uint32_t id, uint32_t usage, uint32_t alg,
                                 mdsec_status_t deny_status, ks_key_t *k,
                                 volatile uint32_t *decision, uint8_t quiet)
{
    mdsec_status_t st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    ctx->quiet = quiet;
    st = ks_locate(ctx, id, k);
    if (st == MDSEC_OK) {
        st = ks_authorise(&k->attr, usage, alg, decision);
        if (st != MDSEC_OK) {
            st = deny_status;
            ks_event(ctx, MDSEC_EV_KEY_DENIED, st, id);
        }
    } else if (st != MDSEC_ERR_KS_NOT_FOUND) {
        ks_event(ctx, MDSEC_EV_KEY_DENIED, st, id);
    }
    if (st != MDSEC_OK) {
        return ks_unlock(ctx, st);
    }
    return MDSEC_OK;
}

static mdsec_status_t ks_begin(mdsec_ks_ctx_t *ctx, uint32_t id, uint32_t usage, uint32_t alg,
                               mdsec_status_t deny_status, ks_key_t *k, volatile uint32_t *decision)
{
    return ks_begin_q(ctx, id, usage, alg, deny_status, k, decision, 0u);
}

mdsec_status_t mdsec_ks_init(mdsec_ks_ctx_t *ctx, const mdsec_ks_config_t *cfg)
{
    static const uint8_t pers[] = "mdsec keystore drbg";
    const mdsec_ks_config_t def = MDSEC_KS_CONFIG_DEFAULT;
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (cfg == NULL) {
        cfg = &def;
    }
    memset(ctx, 0, sizeof *ctx);
    mdsec_status_t st = mdsec_port_mutex_init(&ctx->mutex);
    if (st != MDSEC_OK) {
        return st;
    }
    st = mdsec_crypto_drbg_seed(&ctx->drbg, pers, sizeof pers - 1u);
    mdsec_status_t health = MDSEC_OK;
    if (st == MDSEC_OK && cfg->use_flash != 0u) {
        st = mdsec__ks_flash_open(&ctx->flash, cfg->region, cfg->counter_id);
        if ((st == MDSEC_ERR_KS_CORRUPT || st == MDSEC_ERR_KS_ROLLBACK) && ctx->flash.open != 0u) {
            health = st;
            st = MDSEC_OK;
        }
    }
    if (st != MDSEC_OK) {
        mdsec_crypto_drbg_wipe(&ctx->drbg);
        mdsec_port_mutex_destroy(&ctx->mutex);
        mdsec_memzero(ctx, sizeof *ctx);
        return st;
    }
    ctx->magic = KS_CTX_MAGIC;
    return health;
}

void mdsec_ks_deinit(mdsec_ks_ctx_t *ctx)
{
    if (ctx == NULL || ctx->magic != KS_CTX_MAGIC) {
        return;
    }
    mdsec_crypto_drbg_wipe(&ctx->drbg);
    mdsec_port_mutex_destroy(&ctx->mutex);
    mdsec_memzero(ctx, sizeof *ctx);
}

mdsec_status_t mdsec_ks_attach_backend(mdsec_ks_ctx_t *ctx, const mdsec_ks_backend_t *backend)
{
    if (backend != NULL && backend->get_attributes == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    ctx->external = backend;
    return ks_unlock(ctx, MDSEC_OK);
}

/* Check material against the attributes' type and size. */
static mdsec_status_t check_material(const mdsec_ks_attributes_t *a, const uint8_t *data,
                                     size_t len)
{
    uint8_t pub[MDSEC_P256_PUB_LEN];
    size_t pub_len = 0;
    mdsec_status_t st = MDSEC_ERR_KEY_INVALID;
    switch (a->type) {
    case MDSEC_KS_TYPE_ECC_P256_PAIR:
        if (len == MDSEC_P256_SCALAR_LEN) {
            st = mdsec_crypto_ec_pubkey_from_priv(MDSEC_CURVE_P256, data, len, pub, sizeof pub,
                                                  &pub_len);
            st = st == MDSEC_OK ? MDSEC_OK : MDSEC_ERR_KEY_INVALID;
        }
        break;
    case MDSEC_KS_TYPE_ECC_P256_PUBLIC:
        if (len == MDSEC_P256_PUB_LEN && data[0] == 0x04u) {
            st = MDSEC_OK;
        }
        break;
    case MDSEC_KS_TYPE_ECC_P384_PUBLIC:
        if (len == MDSEC_P384_PUB_LEN && data[0] == 0x04u) {
            st = MDSEC_OK;
        }
        break;
    case MDSEC_KS_TYPE_RSA_PUBLIC: st = MDSEC_ERR_NOT_SUPPORTED; break;
    default:
        if (len * 8u == a->bits) {
            st = MDSEC_OK;
        }
        break;
    }
    mdsec_memzero(pub, sizeof pub);
    return st;
}

/* Store new material under id (lock held; attributes and material checked). */
static mdsec_status_t ks_store(mdsec_ks_ctx_t *ctx, uint32_t id, const mdsec_ks_attributes_t *a,
                               const uint8_t *data, size_t len)
{
    const mdsec_status_t free_st = ks_id_free(ctx, id);
    if (free_st != MDSEC_OK) {
        return free_st;
    }
    if (a->location == MDSEC_KS_LOCATION_EXTERNAL) {
        if (ctx->external == NULL || ctx->external->import == NULL) {
            return MDSEC_ERR_NOT_SUPPORTED;
        }
        return ctx->external->import(ctx->external->state, id, a, data, len);
    }
    if (a->location == MDSEC_KS_LOCATION_FLASH) {
        if (ctx->flash.open == 0u) {
            return MDSEC_ERR_NOT_SUPPORTED;
        }
        return mdsec__ks_flash_put(&ctx->flash, id, a, data, len, 0);
    }
    for (size_t i = 0; i < MDSEC_KS_RAM_SLOTS; i++) {
        mdsec_ks_ram_slot_t *s = &ctx->ram[i];
        if (s->used == 0u) {
            s->attr = *a;
            s->id = id;
            s->len = (uint16_t)len;
            memcpy(s->material, data, len);
            s->used = 1u;
            return MDSEC_OK;
        }
    }
    return MDSEC_ERR_KS_FULL;
}

static mdsec_status_t ks_check_new(uint32_t id, const mdsec_ks_attributes_t *attr)
{
    if (id == MDSEC_KS_ID_INVALID || attr == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    return mdsec__ks_attr_check(attr);
}

mdsec_status_t mdsec_ks_import(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                               const mdsec_ks_attributes_t *attr, const uint8_t *data, size_t len)
{
    mdsec_status_t st = ks_check_new(id, attr);
    if (st == MDSEC_OK && (data == NULL || len == 0u || len > MDSEC_KS_MATERIAL_MAX)) {
        st = attr->type == MDSEC_KS_TYPE_RSA_PUBLIC ? MDSEC_ERR_NOT_SUPPORTED
                                                    : MDSEC_ERR_KEY_INVALID;
    }
    if (st == MDSEC_OK) {
        st = check_material(attr, data, len);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_store(ctx, id, attr, data, len);
    ks_event(ctx, MDSEC_EV_KEY_PROVISION, st, id);
    return ks_unlock(ctx, st);
}

mdsec_status_t mdsec_ks_replace(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                const mdsec_ks_attributes_t *attr, const uint8_t *data, size_t len)
{
    ks_key_t k;
    mdsec_status_t st = ks_check_new(id, attr);
    if (st == MDSEC_OK && (data == NULL || len == 0u || len > MDSEC_KS_MATERIAL_MAX)) {
        st = attr->type == MDSEC_KS_TYPE_RSA_PUBLIC ? MDSEC_ERR_NOT_SUPPORTED
                                                    : MDSEC_ERR_KEY_INVALID;
    }
    if (st == MDSEC_OK) {
        st = check_material(attr, data, len);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    const mdsec_status_t found = ks_locate(ctx, id, &k);
    if (k.ext != NULL || attr->location == MDSEC_KS_LOCATION_EXTERNAL) {
        st =
            k.ext != NULL || ks_found(&k, found) ? MDSEC_ERR_NOT_SUPPORTED : MDSEC_ERR_KS_NOT_FOUND;
    } else if (k.ram == NULL && k.flash == NULL) {
        st = found == MDSEC_ERR_KS_BACKEND ? found : MDSEC_ERR_KS_NOT_FOUND;
    } else if (ks_immutable(&k, found)) {
        st = MDSEC_ERR_KS_READ_ONLY;
    } else if ((k.ram != NULL) != (attr->location == MDSEC_KS_LOCATION_RAM)) {
        st = MDSEC_ERR_KS_ATTRIBUTES; /* rotation keeps the location */
    } else if (k.ram != NULL) {
        mdsec_memzero(k.ram->material, sizeof k.ram->material);
        k.ram->attr = *attr;
        k.ram->len = (uint16_t)len;
        memcpy(k.ram->material, data, len);
    } else {
        st = mdsec__ks_flash_put(&ctx->flash, id, attr, data, len, 1);
    }
    if (st == MDSEC_ERR_KS_READ_ONLY || st == MDSEC_ERR_KS_NOT_FOUND) {
        ks_event(ctx, MDSEC_EV_KEY_DENIED, st, id);
    } else {
        ks_event(ctx, MDSEC_EV_KEY_PROVISION, st, id);
    }
    return ks_unlock(ctx, st);
}

mdsec_status_t mdsec_ks_generate(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                 const mdsec_ks_attributes_t *attr)
{
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    uint8_t pub[MDSEC_P256_PUB_LEN];
    size_t len = 0;
    size_t pub_len = 0;
    mdsec_status_t st = ks_check_new(id, attr);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    if (attr->location == MDSEC_KS_LOCATION_EXTERNAL) {
        st = ks_id_free(ctx, id); /* refused before the backend is asked */
        if (st == MDSEC_OK) {
            st = ctx->external == NULL || ctx->external->generate == NULL
                     ? MDSEC_ERR_NOT_SUPPORTED
                     : ctx->external->generate(ctx->external->state, id, attr);
        }
        ks_event(ctx, MDSEC_EV_KEY_PROVISION, st, id);
        return ks_unlock(ctx, st);
    }
    switch (attr->type) {
    case MDSEC_KS_TYPE_ECC_P256_PAIR:
        st = mdsec_crypto_ec_keygen(&ctx->drbg, MDSEC_CURVE_P256, m, sizeof m, &len, pub,
                                    sizeof pub, &pub_len);
        break;
    case MDSEC_KS_TYPE_HMAC:
    case MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305:
    case MDSEC_KS_TYPE_DERIVE:
        len = attr->bits / 8u;
        st = mdsec_crypto_drbg_generate(&ctx->drbg, m, len);
        break;
    default:
        st = MDSEC_ERR_KS_ATTRIBUTES; /* public keys are imported, not generated */
        break;
    }
    if (st == MDSEC_OK) {
        st = ks_store(ctx, id, attr, m, len);
    }
    mdsec_memzero(m, sizeof m);
    mdsec_memzero(pub, sizeof pub);
    ks_event(ctx, MDSEC_EV_KEY_PROVISION, st, id);
    return ks_unlock(ctx, st);
}

mdsec_status_t mdsec_ks_get_attributes(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                       mdsec_ks_attributes_t *attr)
{
    ks_key_t k;
    if (attr == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(attr, 0, sizeof *attr);
    mdsec_status_t st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_locate(ctx, id, &k);
    if (st == MDSEC_OK) {
        *attr = k.attr;
    }
    return ks_unlock(ctx, st);
}

/* End of a use: wipe, emit, unlock. */
static mdsec_status_t ks_end(mdsec_ks_ctx_t *ctx, uint32_t id, uint8_t *m, mdsec_status_t st)
{
    mdsec_memzero(m, MDSEC_KS_MATERIAL_MAX);
    ks_event(ctx, MDSEC_EV_KEY_USE, st, id);
    return ks_unlock(ctx, st);
}

static mdsec_status_t ks_sign(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                              const uint8_t *hash, size_t hash_len, uint8_t *sig, size_t sig_cap,
                              size_t *sig_len, uint8_t quiet)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    size_t len = 0;
    if (sig == NULL || sig_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *sig_len = 0;
    memset(sig, 0, sig_cap);
    if (hash == NULL || hash_len != MDSEC_SHA256_LEN) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (sig_cap < MDSEC_P256_SIG_RAW_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    mdsec_status_t st =
        ks_begin_q(ctx, id, MDSEC_KS_USAGE_SIGN, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d, quiet);
    if (st != MDSEC_OK) {
        return st;
    }
    if (k.ext != NULL) {
        ks_recheck(&d);
        st = k.ext->sign_digest == NULL
                 ? MDSEC_ERR_NOT_SUPPORTED
                 : k.ext->sign_digest(k.ext->state, id, alg, hash, hash_len, sig, sig_cap, sig_len);
    } else {
        st = ks_load(ctx, &k, m, &len);
        if (st == MDSEC_OK) {
            ks_recheck(&d);
            st = mdsec_crypto_ecdsa_p256_sign(&ctx->drbg, m, hash, hash_len, MDSEC_SIG_RAW, sig,
                                              sig_cap, sig_len);
        }
    }
    if (st != MDSEC_OK) {
        memset(sig, 0, sig_cap);
        *sig_len = 0;
    }
    return ks_end(ctx, id, m, st);
}

mdsec_status_t mdsec_ks_sign_digest(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                    const uint8_t *hash, size_t hash_len, uint8_t *sig,
                                    size_t sig_cap, size_t *sig_len)
{
    return ks_sign(ctx, id, alg, hash, hash_len, sig, sig_cap, sig_len, 0u);
}

mdsec_status_t mdsec__ks_sign_digest_quiet(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                           const uint8_t *hash, size_t hash_len, uint8_t *sig,
                                           size_t sig_cap, size_t *sig_len)
{
    return ks_sign(ctx, id, MDSEC_KS_ALG_ECDSA_P256_SHA256, hash, hash_len, sig, sig_cap, sig_len,
                   1u);
}

mdsec_status_t mdsec_ks_verify_digest(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                      const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                      size_t sig_len)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    uint8_t pub[MDSEC_P256_PUB_LEN];
    size_t len = 0;
    size_t pub_len = 0;
    if (hash == NULL || sig == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st =
        ks_begin(ctx, id, MDSEC_KS_USAGE_VERIFY, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st != MDSEC_OK) {
        return st;
    }
    if (k.ext != NULL) {
        ks_recheck(&d);
        if (k.ext->verify_digest != NULL) {
            st = k.ext->verify_digest(k.ext->state, id, alg, hash, hash_len, sig, sig_len);
            return ks_end(ctx, id, m, st);
        }
        /* No verify entry: verify here with the exported public point. */
        st = k.ext->export_public == NULL
                 ? MDSEC_ERR_NOT_SUPPORTED
                 : k.ext->export_public(k.ext->state, id, m, sizeof m, &len);
        if (st == MDSEC_OK && k.attr.type == MDSEC_KS_TYPE_ECC_P256_PAIR) {
            k.attr.type = MDSEC_KS_TYPE_ECC_P256_PUBLIC; /* m holds the point, not the scalar */
        }
    } else {
        st = ks_load(ctx, &k, m, &len);
    }
    if (st == MDSEC_OK) {
        ks_recheck(&d);
        switch (k.attr.type) {
        case MDSEC_KS_TYPE_ECC_P256_PAIR:
            st = mdsec_crypto_ec_pubkey_from_priv(MDSEC_CURVE_P256, m, len, pub, sizeof pub,
                                                  &pub_len);
            if (st == MDSEC_OK) {
                st = mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, pub, pub_len, hash, hash_len, sig,
                                               sig_len, MDSEC_SIG_RAW);
            }
            break;
        case MDSEC_KS_TYPE_ECC_P256_PUBLIC:
            st = mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, m, len, hash, hash_len, sig, sig_len,
                                           MDSEC_SIG_RAW);
            break;
        case MDSEC_KS_TYPE_ECC_P384_PUBLIC:
            st = mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P384, m, len, hash, hash_len, sig, sig_len,
                                           MDSEC_SIG_RAW);
            break;
        default: st = MDSEC_ERR_NOT_SUPPORTED; break;
        }
    }
    mdsec_memzero(pub, sizeof pub);
    return ks_end(ctx, id, m, st);
}

mdsec_status_t mdsec_ks_mac_compute(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                    const void *data, size_t len, uint8_t *mac, size_t mac_cap)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    size_t mlen = 0;
    if (mac == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(mac, 0, mac_cap);
    if (mac_cap < MDSEC_HMAC_SHA256_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    if (data == NULL && len != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st =
        ks_begin(ctx, id, MDSEC_KS_USAGE_MAC, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_load(ctx, &k, m, &mlen);
    if (st == MDSEC_OK) {
        ks_recheck(&d);
        st = mdsec_crypto_hmac_sha256(m, mlen, data, len, mac);
    }
    if (st != MDSEC_OK) {
        memset(mac, 0, mac_cap);
    }
    return ks_end(ctx, id, m, st);
}

mdsec_status_t mdsec_ks_mac_verify(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                   const void *data, size_t len, const uint8_t *mac, size_t mac_len)
{
    uint8_t calc[MDSEC_HMAC_SHA256_LEN];
    if (mac == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = mdsec_ks_mac_compute(ctx, id, alg, data, len, calc, sizeof calc);
    if (st == MDSEC_OK) {
        const int eq1 = mac_len == sizeof calc && mdsec_ct_equal(calc, mac, sizeof calc);
        const int eq2 = mac_len == sizeof calc && mdsec_ct_equal(mac, calc, sizeof calc);
        st = (eq1 && eq2) ? MDSEC_OK : MDSEC_ERR_AUTH_FAILED;
    }
    mdsec_memzero(calc, sizeof calc);
    return st;
}

mdsec_status_t mdsec_ks_aead_seal(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                  const uint8_t nonce[MDSEC_KS_AEAD_NONCE_LEN], const uint8_t *aad,
                                  size_t aad_len, const uint8_t *pt, size_t len, uint8_t *ct,
                                  uint8_t tag[MDSEC_KS_AEAD_TAG_LEN])
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    if (nonce == NULL || tag == NULL || (len != 0u && (pt == NULL || ct == NULL)) ||
        (aad == NULL && aad_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st =
        ks_begin(ctx, id, MDSEC_KS_USAGE_ENCRYPT, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st == MDSEC_OK) {
        uint8_t m[MDSEC_KS_MATERIAL_MAX];
        size_t mlen = 0;
        st = ks_load(ctx, &k, m, &mlen);
        if (st == MDSEC_OK) {
            ks_recheck(&d);
            st = mdsec_crypto_aead_seal(m, nonce, aad, aad_len, pt, len, ct, tag);
        }
        st = ks_end(ctx, id, m, st);
    }
    if (st != MDSEC_OK) {
        if (ct != NULL && ct != pt) {
            memset(ct, 0, len);
        }
        memset(tag, 0, MDSEC_KS_AEAD_TAG_LEN);
    }
    return st;
}

mdsec_status_t mdsec_ks_aead_open(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                  const uint8_t nonce[MDSEC_KS_AEAD_NONCE_LEN], const uint8_t *aad,
                                  size_t aad_len, const uint8_t *ct, size_t len,
                                  const uint8_t tag[MDSEC_KS_AEAD_TAG_LEN], uint8_t *pt)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    if (nonce == NULL || tag == NULL || (len != 0u && (pt == NULL || ct == NULL)) ||
        (aad == NULL && aad_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st =
        ks_begin(ctx, id, MDSEC_KS_USAGE_DECRYPT, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st == MDSEC_OK) {
        uint8_t m[MDSEC_KS_MATERIAL_MAX];
        size_t mlen = 0;
        st = ks_load(ctx, &k, m, &mlen);
        if (st == MDSEC_OK) {
            ks_recheck(&d);
            st = mdsec_crypto_aead_open(m, nonce, aad, aad_len, ct, len, tag, pt);
        }
        st = ks_end(ctx, id, m, st);
    }
    if (st != MDSEC_OK && pt != NULL && (pt != ct || st == MDSEC_ERR_AUTH_FAILED)) {
        memset(pt, 0, len);
    }
    return st;
}

/* HKDF info prefix of mdsec_ks_derive_key (docs/keystore.md); 22 bytes, no NUL. */
static const uint8_t ks_derive_key_label[22] = "mdsec-ks derive-key v1";

/*
 * The base key's permission to let derived material out of the keystore
 * (DERIVE and EXPORT), decided twice; a refusal is reported as a denied use.
 */
static mdsec_status_t ks_authorise_export(mdsec_ks_ctx_t *ctx, const ks_key_t *k,
                                          mdsec_ks_alg_t alg, mdsec_ks_id_t id,
                                          volatile uint32_t *decision)
{
    if (ks_authorise(&k->attr, MDSEC_KS_USAGE_DERIVE | MDSEC_KS_USAGE_EXPORT, (uint32_t)alg,
                     decision) != MDSEC_OK) {
        ks_event(ctx, MDSEC_EV_KEY_DENIED, MDSEC_ERR_KS_NOT_EXPORTABLE, id);
        return MDSEC_ERR_KS_NOT_EXPORTABLE;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_ks_derive_key(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t base_id, mdsec_ks_alg_t alg,
                                   const uint8_t *salt, size_t salt_len, const uint8_t *info,
                                   size_t info_len, mdsec_ks_id_t new_id,
                                   const mdsec_ks_attributes_t *new_attr)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    uint8_t out[MDSEC_KS_MATERIAL_MAX];
    size_t mlen = 0;
    mdsec_status_t st = ks_check_new(new_id, new_attr);
    if (st == MDSEC_OK && new_attr->type != MDSEC_KS_TYPE_HMAC &&
        new_attr->type != MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305 &&
        new_attr->type != MDSEC_KS_TYPE_DERIVE) {
        st = MDSEC_ERR_KS_ATTRIBUTES;
    }
    if (st != MDSEC_OK) {
        return st;
    }
    if ((info == NULL && info_len != 0u) || info_len > MDSEC_KS_DERIVE_INFO_MAX) {
        return MDSEC_ERR_INVALID_ARG;
    }
    st = ks_begin(ctx, base_id, MDSEC_KS_USAGE_DERIVE, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st != MDSEC_OK) {
        return st;
    }
    /* A derived key has no more rights than its base: it may be exportable
     * only when the base is (otherwise exporting the child would give out
     * what mdsec_ks_derive_bytes refuses). Checked twice. */
    if ((new_attr->usage & MDSEC_KS_USAGE_EXPORT) != 0u) {
        volatile uint32_t dx = KS_DENY;
        if (ks_authorise_export(ctx, &k, alg, base_id, &dx) != MDSEC_OK) {
            return ks_unlock(ctx, MDSEC_ERR_KS_NOT_EXPORTABLE);
        }
        ks_recheck(&dx);
    }
    const size_t out_len = new_attr->bits / 8u;
    st = ks_load(ctx, &k, m, &mlen);
    if (st == MDSEC_OK) {
        /* Domain separation from mdsec_ks_derive_bytes: info is prefixed with
         * a fixed label, which derive_bytes refuses as a prefix of its info. */
        uint8_t labelled[sizeof ks_derive_key_label + MDSEC_KS_DERIVE_INFO_MAX];
        memcpy(labelled, ks_derive_key_label, sizeof ks_derive_key_label);
        if (info_len != 0u) {
            memcpy(labelled + sizeof ks_derive_key_label, info, info_len);
        }
        ks_recheck(&d);
        st = mdsec_crypto_hkdf_sha256(salt, salt_len, m, mlen, labelled,
                                      sizeof ks_derive_key_label + info_len, out, out_len);
        mdsec_memzero(labelled, sizeof labelled);
    }
    mdsec_memzero(m, sizeof m);
    ks_event(ctx, MDSEC_EV_KEY_USE, st, base_id);
    if (st == MDSEC_OK) {
        st = ks_store(ctx, new_id, new_attr, out, out_len);
        ks_event(ctx, MDSEC_EV_KEY_PROVISION, st, new_id);
    }
    mdsec_memzero(out, sizeof out);
    return ks_unlock(ctx, st);
}

mdsec_status_t mdsec_ks_derive_bytes(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t base_id, mdsec_ks_alg_t alg,
                                     const uint8_t *salt, size_t salt_len, const uint8_t *info,
                                     size_t info_len, uint8_t *out, size_t out_len)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    volatile uint32_t dx = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    size_t mlen = 0;
    if (out == NULL || out_len == 0u || out_len > MDSEC_HKDF_SHA256_MAX_OUT) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, out_len);
    if (info_len >= sizeof ks_derive_key_label && info != NULL &&
        memcmp(info, ks_derive_key_label, sizeof ks_derive_key_label) == 0) {
        return MDSEC_ERR_KS_POLICY; /* the domain of mdsec_ks_derive_key */
    }
    mdsec_status_t st =
        ks_begin(ctx, base_id, MDSEC_KS_USAGE_DERIVE, (uint32_t)alg, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st != MDSEC_OK) {
        return st;
    }
    /* The output leaves the keystore: the export flag is needed too. */
    if (ks_authorise_export(ctx, &k, alg, base_id, &dx) != MDSEC_OK) {
        return ks_unlock(ctx, MDSEC_ERR_KS_NOT_EXPORTABLE);
    }
    st = ks_load(ctx, &k, m, &mlen);
    if (st == MDSEC_OK) {
        ks_recheck(&d);
        ks_recheck(&dx);
        st = mdsec_crypto_hkdf_sha256(salt, salt_len, m, mlen, info, info_len, out, out_len);
    }
    if (st != MDSEC_OK) {
        memset(out, 0, out_len);
    }
    return ks_end(ctx, base_id, m, st);
}

mdsec_status_t mdsec_ks_export_public(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, uint8_t *out,
                                      size_t cap, size_t *out_len)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    size_t mlen = 0;
    if (out == NULL || out_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, cap);
    *out_len = 0;
    mdsec_status_t st =
        ks_begin(ctx, id, MDSEC_KS_USAGE_EXPORT_PUBLIC, KS_ALG_ANY, MDSEC_ERR_KS_POLICY, &k, &d);
    if (st != MDSEC_OK) {
        return st;
    }
    if (k.ext != NULL) {
        ks_recheck(&d);
        st = k.ext->export_public == NULL
                 ? MDSEC_ERR_NOT_SUPPORTED
                 : k.ext->export_public(k.ext->state, id, out, cap, out_len);
        if (st != MDSEC_OK) {
            memset(out, 0, cap);
            *out_len = 0;
        }
        return ks_end(ctx, id, m, st);
    }
    st = ks_load(ctx, &k, m, &mlen);
    if (st == MDSEC_OK) {
        ks_recheck(&d);
        if (k.attr.type == MDSEC_KS_TYPE_ECC_P256_PAIR) {
            st = mdsec_crypto_ec_pubkey_from_priv(MDSEC_CURVE_P256, m, mlen, out, cap, out_len);
        } else if (mlen > cap) {
            st = MDSEC_ERR_BUFFER_TOO_SMALL;
        } else {
            memcpy(out, m, mlen);
            *out_len = mlen;
        }
    }
    if (st != MDSEC_OK) {
        memset(out, 0, cap);
        *out_len = 0;
    }
    return ks_end(ctx, id, m, st);
}

mdsec_status_t mdsec_ks_export(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, uint8_t *out, size_t cap,
                               size_t *out_len)
{
    ks_key_t k;
    volatile uint32_t d = KS_DENY;
    uint8_t m[MDSEC_KS_MATERIAL_MAX];
    size_t mlen = 0;
    if (out == NULL || out_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, cap);
    *out_len = 0;
    mdsec_status_t st =
        ks_begin(ctx, id, MDSEC_KS_USAGE_EXPORT, KS_ALG_ANY, MDSEC_ERR_KS_NOT_EXPORTABLE, &k, &d);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_load(ctx, &k, m, &mlen);
    if (st == MDSEC_OK) {
        ks_recheck(&d);
        if (mlen > cap) {
            st = MDSEC_ERR_BUFFER_TOO_SMALL;
        } else {
            memcpy(out, m, mlen);
            *out_len = mlen;
        }
    }
    if (st != MDSEC_OK) {
        memset(out, 0, cap);
        *out_len = 0;
    }
    return ks_end(ctx, id, m, st);
}

mdsec_status_t mdsec_ks_destroy(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id)
{
    ks_key_t k;
    mdsec_status_t st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    const mdsec_status_t found = ks_locate(ctx, id, &k);
    if (k.ext != NULL) {
        st = k.ext->destroy == NULL ? MDSEC_ERR_NOT_SUPPORTED : k.ext->destroy(k.ext->state, id);
    } else if (k.ram == NULL && k.flash == NULL) {
        st = found == MDSEC_ERR_KS_BACKEND ? found : MDSEC_ERR_KS_NOT_FOUND;
    } else if (ks_immutable(&k, found)) {
        st = MDSEC_ERR_KS_READ_ONLY;
    } else if (k.ram != NULL) {
        mdsec_memzero(k.ram, sizeof *k.ram);
    } else {
        st = mdsec__ks_flash_delete(&ctx->flash, id);
    }
    if (st == MDSEC_ERR_KS_READ_ONLY) {
        ks_event(ctx, MDSEC_EV_KEY_DENIED, st, id);
    } else if (st != MDSEC_ERR_KS_NOT_FOUND) {
        ks_event(ctx, MDSEC_EV_KEY_DESTROY, st, id);
    }
    return ks_unlock(ctx, st);
}

mdsec_status_t mdsec_ks_compact(mdsec_ks_ctx_t *ctx)
{
    mdsec_status_t st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ctx->flash.open != 0u ? mdsec__ks_flash_compact(&ctx->flash) : MDSEC_ERR_STATE;
    return ks_unlock(ctx, st);
}

/* A key of a blob must be a read-only RAM key with valid material. */
static mdsec_status_t ks_builtin_check(const ks_builtin_key_t *key)
{
    if (key->id == MDSEC_KS_ID_INVALID) {
        return MDSEC_ERR_KS_ATTRIBUTES;
    }
    mdsec_status_t st = mdsec__ks_attr_check(&key->attr);
    if (st == MDSEC_OK && key->attr.lifetime != MDSEC_KS_LIFETIME_READ_ONLY) {
        st = MDSEC_ERR_KS_ATTRIBUTES;
    }
    if (st == MDSEC_OK &&
        (key->material == NULL || key->len == 0u || key->len > MDSEC_KS_MATERIAL_MAX)) {
        st = MDSEC_ERR_KEY_INVALID;
    }
    if (st == MDSEC_OK) {
        st = check_material(&key->attr, key->material, key->len);
    }
    return st;
}

mdsec_status_t mdsec__ks_builtin_install(mdsec_ks_ctx_t *ctx, const ks_builtin_key_t *keys,
                                         size_t n)
{
    size_t free_slots = 0;
    if (keys == NULL && n != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = ks_lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    /* Check everything before installing anything: each key, then room. */
    for (size_t i = 0; i < n && st == MDSEC_OK; i++) {
        st = ks_builtin_check(&keys[i]);
        if (st == MDSEC_OK) {
            st = ks_id_free(ctx, keys[i].id);
        }
        for (size_t j = 0; j < i && st == MDSEC_OK; j++) {
            if (keys[j].id == keys[i].id) {
                st = MDSEC_ERR_KS_EXISTS;
            }
        }
    }
    for (size_t i = 0; i < MDSEC_KS_RAM_SLOTS; i++) {
        free_slots += ctx->ram[i].used == 0u ? 1u : 0u;
    }
    if (st == MDSEC_OK && n > free_slots) {
        st = MDSEC_ERR_KS_FULL;
    }
    for (size_t i = 0; i < n && st == MDSEC_OK; i++) {
        st = ks_store(ctx, keys[i].id, &keys[i].attr, keys[i].material, keys[i].len);
        ks_event(ctx, MDSEC_EV_KEY_PROVISION, st, keys[i].id);
    }
    return ks_unlock(ctx, st);
}
