/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file ks_pkcs11.h
 * @brief PKCS#11 key backend of the POSIX port: ECDSA P-256 keys that live
 *        as non-extractable objects on a token (an HSM, a smart card, or
 *        SoftHSM2 in tests) and are used by the keystore by id.
 *
 * The module is loaded at run time with dlopen() (no link-time dependency
 * on any PKCS#11 library). A caller-allocated ::mdsec_ks_p11_t holds the
 * module, one logged-in read/write session on the token chosen by its
 * label, and a small table of label bindings. mdsec_ks_p11_backend() fills
 * an ::mdsec_ks_backend_t to give to mdsec_ks_attach_backend(); from then on
 * keys with location ::MDSEC_KS_LOCATION_EXTERNAL are generated, used and
 * destroyed on the token through the ordinary mdsec_ks_* calls, under the
 * keystore's policy, with its events.
 *
 * Key mapping: mdsec key id @c n is the token key pair whose CKA_ID is the
 * 4-byte big-endian encoding of @c n, unless mdsec_ks_p11_bind() bound
 * @c n to an existing key pair found by its CKA_LABEL. See
 * docs/keystore-pkcs11.md.
 *
 * Available when the library was built with the backend
 * (`MDSEC_WITH_KS_PKCS11` is then defined to 1).
 *
 * Thread safety: every function takes the context's own port mutex; the
 * keystore calls the backend with its mutex held (lock order: keystore,
 * then backend). Detach the backend (mdsec_ks_attach_backend() with NULL)
 * before mdsec_ks_p11_close().
 */
#ifndef MDSEC_KS_PKCS11_H
#define MDSEC_KS_PKCS11_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/core.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Longest token label (the CK_TOKEN_INFO field is 32 bytes, blank padded). */
#define MDSEC_KS_P11_TOKEN_LABEL_MAX 32u
/** @brief Longest user PIN accepted, in bytes. */
#define MDSEC_KS_P11_PIN_MAX         64u
/** @brief Longest CKA_LABEL mdsec_ks_p11_bind() accepts, in bytes. */
#define MDSEC_KS_P11_KEY_LABEL_MAX   64u
/** @brief Number of label bindings one context holds. */
#ifndef MDSEC_KS_P11_BINDINGS
#define MDSEC_KS_P11_BINDINGS 8u
#endif
/** @brief Default SoftHSM2 module path on Debian (package softhsm2). */
#define MDSEC_KS_P11_SOFTHSM2_PATH "/usr/lib/softhsm/libsofthsm2.so"

/** @brief One label binding. Fields are private. */
typedef struct mdsec_ks_p11_binding {
    /** @privatesection */
    uint32_t id;
    uint8_t used;
    uint8_t label_len;
    uint8_t label[MDSEC_KS_P11_KEY_LABEL_MAX];
} mdsec_ks_p11_binding_t;

/** @brief PKCS#11 backend context: allocate it, open it, attach it. Fields are private. */
typedef struct mdsec_ks_p11 {
    /** @privatesection */
    mdsec_port_mutex_t mutex;
    void *module;
    const void *fn;
    unsigned long slot;
    unsigned long session;
    unsigned long last_rv;
    mdsec_ks_p11_binding_t bind[MDSEC_KS_P11_BINDINGS];
    uint8_t pin[MDSEC_KS_P11_PIN_MAX];
    uint8_t pin_len;
    uint8_t owns_init;
    uint8_t logged_in;
    uint8_t lost;
    uint32_t magic;
} mdsec_ks_p11_t;

/**
 * @brief Load a PKCS#11 module and log in to one of its tokens.
 *
 * dlopen()s @p module_path, gets its function list through
 * C_GetFunctionList, calls C_Initialize (a module that another part of the
 * process already initialised is shared, and then left initialised by
 * mdsec_ks_p11_close()), picks the one slot whose token label is
 * @p token_label, opens a read/write session and logs in as the user. A
 * copy of the PIN stays in the context so that a session the token lost
 * (closed from elsewhere, token reset) is reopened once, transparently; it
 * is wiped by mdsec_ks_p11_close().
 * @param ctx The context (overwritten).
 * @param module_path Path of the module, for example ::MDSEC_KS_P11_SOFTHSM2_PATH.
 * @param token_label The token label, at most ::MDSEC_KS_P11_TOKEN_LABEL_MAX bytes.
 * @param pin The user PIN, NUL-terminated, 1 .. ::MDSEC_KS_P11_PIN_MAX bytes.
 * @return ::MDSEC_OK; ::MDSEC_ERR_INVALID_ARG; ::MDSEC_ERR_KS_BACKEND (the
 *         module cannot be loaded or is not a PKCS#11 module, no token has
 *         that label, two tokens have it, or the token failed);
 *         ::MDSEC_ERR_AUTH_FAILED (wrong, locked or expired PIN). On failure
 *         the context is wiped (only mdsec_ks_p11_last_rv() stays readable).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_p11_open(mdsec_ks_p11_t *ctx, const char *module_path,
                                                 const char *token_label, const char *pin);

/**
 * @brief Log out, close the session, finalise and unload the module, and
 *        wipe the context (PIN copy included).
 * @param ctx The context (may be NULL or never opened).
 */
void mdsec_ks_p11_close(mdsec_ks_p11_t *ctx);

/**
 * @brief Fill a keystore backend table whose entries call this context.
 * @param ctx An open context (must outlive the attachment).
 * @param[out] backend The table to pass to mdsec_ks_attach_backend().
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG or ::MDSEC_ERR_NOT_INITIALISED
 *         (the table is then zeroed).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_p11_backend(mdsec_ks_p11_t *ctx,
                                                    mdsec_ks_backend_t *backend);

/**
 * @brief Make key id @p id name an existing token key pair found by its
 *        CKA_LABEL (for example a key provisioned at manufacture).
 *
 * The label must name exactly one EC P-256 private key (and at most one
 * public key). The binding lives in the context: bind again after every
 * open. mdsec_ks_destroy() of a bound id destroys the token objects and
 * drops the binding.
 * @param ctx An open context.
 * @param id The mdsec key id (not 0, not bound, not used as a CKA_ID on the token).
 * @param label The CKA_LABEL, NUL-terminated, 1 .. ::MDSEC_KS_P11_KEY_LABEL_MAX bytes.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG, ::MDSEC_ERR_NOT_INITIALISED,
 *         ::MDSEC_ERR_KS_NOT_FOUND (no private key has that label),
 *         ::MDSEC_ERR_KS_EXISTS (the id is bound or held already, or the label
 *         is ambiguous), ::MDSEC_ERR_NOT_SUPPORTED (not a P-256 key),
 *         ::MDSEC_ERR_KS_FULL (::MDSEC_KS_P11_BINDINGS reached) or ::MDSEC_ERR_KS_BACKEND.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_p11_bind(mdsec_ks_p11_t *ctx, mdsec_ks_id_t id,
                                                 const char *label);

/**
 * @brief The CK_RV of the last failed PKCS#11 call (0 when the last call
 *        succeeded), for diagnostics and the security log.
 * @param ctx The context (kept after a failed open).
 * @return The CK_RV value, or 0 for NULL.
 */
unsigned long mdsec_ks_p11_last_rv(const mdsec_ks_p11_t *ctx);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_KS_PKCS11_H */
