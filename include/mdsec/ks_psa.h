/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file ks_psa.h
 * @brief PSA Crypto key backend: mdsec key ids bound to persistent PSA keys
 *        (a secure element, TrustZone or TF-M's internal trusted storage),
 *        used under the keystore's policy without their material ever
 *        reaching mdsec.
 *
 * The integrator gives mdsec_ks_psa_open() a table of bindings: each names
 * an mdsec key id, the persistent PSA key id (`psa_key_id_t`) it stands
 * for, and the attributes mdsec expects that key to have. Open checks every
 * bound key against its entry (type, size, algorithm, usage flags,
 * persistent lifetime, not exportable) and refuses the whole table with a
 * specific status when one differs. mdsec_ks_psa_backend() then fills an
 * ::mdsec_ks_backend_t for mdsec_ks_attach_backend(): keys with location
 * ::MDSEC_KS_LOCATION_EXTERNAL are used and destroyed through the ordinary
 * mdsec_ks_* calls, under the keystore's policy, with its events; a refused
 * operation never reaches PSA. The backend is written to the PSA Crypto API
 * only (Mbed TLS 2.28 and 3.x, TF-M) and never exports a key's material.
 * See docs/keystore-psa.md.
 *
 * Available when the library was built with the backend
 * (`MDSEC_WITH_KS_PSA` is then defined to 1).
 *
 * Thread safety: every function takes the context's own port mutex; the
 * keystore calls the backend with its mutex held (lock order: keystore,
 * then backend). The PSA implementation must itself be safe to call from
 * the threads that use the keystore. Detach the backend
 * (mdsec_ks_attach_backend() with NULL) before mdsec_ks_psa_close().
 */
#ifndef MDSEC_KS_PSA_H
#define MDSEC_KS_PSA_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief One binding: an mdsec key id, the persistent PSA key it names, and
 *        the policy mdsec enforces for it (which the PSA key must match).
 *
 * Supported: @c type ::MDSEC_KS_TYPE_ECC_P256_PAIR (PSA
 * `PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)`, 256 bits) or
 * ::MDSEC_KS_TYPE_ECC_P256_PUBLIC (`PSA_KEY_TYPE_ECC_PUBLIC_KEY(...SECP_R1)`);
 * @c alg ::MDSEC_KS_ALG_ECDSA_P256_SHA256 (`PSA_ALG_ECDSA(PSA_ALG_SHA_256)`);
 * @c usage a non-empty set of ::MDSEC_KS_USAGE_SIGN (key pairs only; PSA
 * `PSA_KEY_USAGE_SIGN_HASH`), ::MDSEC_KS_USAGE_VERIFY
 * (`PSA_KEY_USAGE_VERIFY_HASH`) and ::MDSEC_KS_USAGE_EXPORT_PUBLIC (a
 * policy of mdsec only: PSA always lets the public key out).
 */
typedef struct mdsec_ks_psa_binding {
    mdsec_ks_id_t id;    /**< The mdsec key id (not 0). */
    uint32_t psa_id;     /**< The persistent PSA key id (`psa_key_id_t`, not 0). */
    uint16_t type;       /**< A ::mdsec_ks_type_t value (see above). */
    uint16_t bits;       /**< Key size in bits (256). */
    uint32_t usage;      /**< MDSEC_KS_USAGE_* flags (see above; never EXPORT). */
    uint32_t alg;        /**< The one permitted ::mdsec_ks_alg_t. */
    uint8_t flags;       /**< 0, or ::MDSEC_KS_FLAG_WRITE_ONCE: mdsec never destroys the key. */
    uint8_t reserved[3]; /**< Must be 0. */
} mdsec_ks_psa_binding_t;

/** @brief PSA backend context: allocate it, open it, attach it. Fields are private. */
typedef struct mdsec_ks_psa {
    /** @privatesection */
    mdsec_port_mutex_t mutex;
    mdsec_ks_psa_binding_t bind[MDSEC_KS_PSA_KEYS];
    uint32_t count;
    int32_t last_psa;
    uint32_t failed_id;
    uint32_t magic;
} mdsec_ks_psa_t;

/**
 * @brief Initialise the PSA implementation (psa_crypto_init()), check every
 *        binding of @p table, and keep a copy of the table.
 *
 * Each entry is first checked on its own (supported type, size, algorithm
 * and usage; ids not 0 and not used twice), then its PSA key is read with
 * psa_get_key_attributes() and must be a persistent (not volatile) key
 * without `PSA_KEY_USAGE_EXPORT`, of the entry's type, size and algorithm,
 * whose usage flags are exactly the entry's (`PSA_KEY_USAGE_SIGN_MESSAGE`
 * and `_VERIFY_MESSAGE` are accepted alongside their `_HASH` flags, which
 * imply them). The key's material is never read. The first entry that
 * fails decides the status; mdsec_ks_psa_failed_id() names it and
 * mdsec_ks_psa_last_status() gives the PSA status of the last PSA call.
 * @param ctx The context (overwritten).
 * @param table The bindings (copied; the table need not outlive the call).
 * @param count Entries in @p table, 1 .. ::MDSEC_KS_PSA_KEYS.
 * @return ::MDSEC_OK; ::MDSEC_ERR_INVALID_ARG (NULL, no entry, an id 0);
 *         ::MDSEC_ERR_KS_FULL (more than ::MDSEC_KS_PSA_KEYS entries);
 *         ::MDSEC_ERR_KS_EXISTS (an mdsec or PSA id in two entries);
 *         ::MDSEC_ERR_NOT_SUPPORTED (a type, size or algorithm this backend
 *         does not handle); ::MDSEC_ERR_KS_ATTRIBUTES (an invalid usage,
 *         flag or reserved byte); ::MDSEC_ERR_KS_NOT_FOUND (no such PSA
 *         key); ::MDSEC_ERR_KS_VOLATILE (the PSA key is volatile);
 *         ::MDSEC_ERR_KS_EXPORTABLE (it has `PSA_KEY_USAGE_EXPORT`);
 *         ::MDSEC_ERR_KS_MISMATCH (another type, size, algorithm or usage);
 *         ::MDSEC_ERR_KS_CORRUPT (PSA reports its stored key corrupt) or
 *         ::MDSEC_ERR_KS_BACKEND (any other PSA failure). On failure the
 *         context is wiped but for the two diagnostics.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_psa_open(mdsec_ks_psa_t *ctx,
                                                 const mdsec_ks_psa_binding_t *table, size_t count);

/**
 * @brief Wipe the context. The PSA implementation is left initialised (other
 *        parts of the application may be using it) and every key stays.
 * @param ctx The context (may be NULL or never opened).
 */
void mdsec_ks_psa_close(mdsec_ks_psa_t *ctx);

/**
 * @brief Fill a keystore backend table whose entries call this context.
 *
 * The entries: get_attributes (re-checks the PSA key against its binding on
 * every use), sign_digest (psa_sign_hash()), verify_digest
 * (psa_verify_hash()), export_public (psa_export_public_key()) and destroy
 * (psa_destroy_key(), refused for a write-once binding). generate and
 * import are NULL: keys are provisioned with mdsec_ks_psa_provision() or by
 * the integrator's own PSA calls, and bound by the table.
 * @param ctx An open context (must outlive the attachment).
 * @param[out] backend The table to pass to mdsec_ks_attach_backend().
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG or ::MDSEC_ERR_NOT_INITIALISED
 *         (the table is then zeroed).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_psa_backend(mdsec_ks_psa_t *ctx,
                                                    mdsec_ks_backend_t *backend);

/**
 * @brief Create the persistent, non-exportable PSA key a binding describes
 *        (for example at manufacture), generated inside the PSA
 *        implementation with psa_generate_key().
 *
 * The key gets the PSA id @c psa_id, lifetime `PSA_KEY_LIFETIME_PERSISTENT`
 * (the implementation's default storage), and exactly the type, algorithm
 * and usage that mdsec_ks_psa_open() expects for @p binding; it is checked
 * like open checks it before the call returns, and destroyed again if the
 * implementation made it differently. Calls psa_crypto_init().
 * @param binding A key-pair binding (::MDSEC_KS_TYPE_ECC_P256_PAIR).
 * @param[out] psa_status The PSA status of the last PSA call (may be NULL).
 * @return ::MDSEC_OK; as mdsec_ks_psa_open() for an invalid binding
 *         (::MDSEC_ERR_NOT_SUPPORTED also for a public-key binding: a public
 *         key is imported, not generated); ::MDSEC_ERR_KS_EXISTS (a key with
 *         that PSA id exists); ::MDSEC_ERR_KS_STORAGE_FULL; ::MDSEC_ERR_KS_MISMATCH
 *         (the implementation did not make the key asked for: destroyed
 *         again) or ::MDSEC_ERR_KS_BACKEND.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_psa_provision(const mdsec_ks_psa_binding_t *binding,
                                                      int32_t *psa_status);

/**
 * @brief The `psa_status_t` of the last PSA call (0, `PSA_SUCCESS`, when it
 *        succeeded), for diagnostics and the security log.
 * @param ctx The context (kept after a failed open).
 * @return The PSA status, or 0 for NULL.
 */
int32_t mdsec_ks_psa_last_status(const mdsec_ks_psa_t *ctx);

/**
 * @brief The mdsec key id of the binding that made mdsec_ks_psa_open() fail.
 * @param ctx The context (kept after a failed open).
 * @return The id, or ::MDSEC_KS_ID_INVALID when open did not fail on an entry.
 */
mdsec_ks_id_t mdsec_ks_psa_failed_id(const mdsec_ks_psa_t *ctx);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_KS_PSA_H */
