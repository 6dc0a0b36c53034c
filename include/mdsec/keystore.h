/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file keystore.h
 * @brief Keys by handle under policy, wrapped at rest.
 *
 * Firmware refers to a key by its id; the key material stays inside the
 * keystore (in the style of the PSA Crypto API). Every key carries
 * attributes: a type, a size, usage flags, exactly one permitted algorithm,
 * a lifetime and a location (the backend holding it). Every operation checks
 * the policy first and refuses with ::MDSEC_ERR_KS_POLICY (or
 * ::MDSEC_ERR_KS_NOT_EXPORTABLE) and a ::MDSEC_EV_KEY_DENIED event.
 *
 * Two backends are built in and usable at once from one context:
 *
 * - ::MDSEC_KS_LOCATION_RAM: volatile slots inside the context (keys are
 *   lost at reset), also used for read-only built-in keys;
 * - ::MDSEC_KS_LOCATION_FLASH: the port storage region
 *   ::MDSEC_PORT_REGION_KEYSTORE. Every record is sealed with
 *   ChaCha20-Poly1305 under a key-encryption key derived from the device
 *   root secret; updates are atomic under power loss; corrupted and
 *   rolled-back records are reported, never used. See docs/keystore.md.
 *
 * A context is allocated by the caller, holds everything (no heap) and is
 * thread-safe: each call takes the context's port mutex.
 */
#ifndef MDSEC_KEYSTORE_H
#define MDSEC_KEYSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The build-time limits of this module are in mdsec/config.h. */

/** @name Operation sizes */
/** @{ */
/** @brief ChaCha20-Poly1305 nonce length in bytes. */
#define MDSEC_KS_AEAD_NONCE_LEN     12u
/** @brief ChaCha20-Poly1305 tag length in bytes. */
#define MDSEC_KS_AEAD_TAG_LEN       16u
/** @brief ECDSA P-256 raw signature (r || s) length in bytes. */
#define MDSEC_KS_ECDSA_P256_SIG_LEN 64u
/** @brief HMAC-SHA256 tag length in bytes. */
#define MDSEC_KS_HMAC_SHA256_LEN    32u
/** @brief Uncompressed P-384 public point length: the longest exported public key. */
#define MDSEC_KS_PUBLIC_KEY_MAX     97u
/** @} */

/** @brief Key identifier chosen by the application; 0 is never a valid id. */
typedef uint32_t mdsec_ks_id_t;
/** @brief The invalid key id. */
#define MDSEC_KS_ID_INVALID 0u

/** @brief Key types (values are stored in records: stable). */
typedef enum mdsec_ks_type {
    MDSEC_KS_TYPE_NONE = 0,          /**< Not a key (attributes not set). */
    MDSEC_KS_TYPE_ECC_P256_PAIR = 1, /**< ECC NIST P-256 key pair (32-byte private scalar). */
    MDSEC_KS_TYPE_ECC_P256_PUBLIC =
        2, /**< ECC NIST P-256 public key (65-byte uncompressed point). */
    MDSEC_KS_TYPE_ECC_P384_PUBLIC =
        3, /**< ECC NIST P-384 public key (97-byte uncompressed point). */
    MDSEC_KS_TYPE_RSA_PUBLIC =
        4,                  /**< RSA public key: typed, import is ::MDSEC_ERR_NOT_SUPPORTED. */
    MDSEC_KS_TYPE_HMAC = 5, /**< HMAC key, 16 .. ::MDSEC_KS_MATERIAL_MAX bytes. */
    MDSEC_KS_TYPE_AEAD_CHACHA20_POLY1305 = 6, /**< ChaCha20-Poly1305 key, 32 bytes. */
    MDSEC_KS_TYPE_DERIVE = 7                  /**< Root/derivation key for HKDF, 16 .. 64 bytes. */
} mdsec_ks_type_t;

/** @name Usage flags (a key may be used only for what its flags name) */
/** @{ */
#define MDSEC_KS_USAGE_SIGN          0x0001u /**< Sign a digest. */
#define MDSEC_KS_USAGE_VERIFY        0x0002u /**< Verify a signature over a digest. */
#define MDSEC_KS_USAGE_MAC           0x0004u /**< Compute or verify a MAC. */
#define MDSEC_KS_USAGE_ENCRYPT       0x0008u /**< AEAD seal. */
#define MDSEC_KS_USAGE_DECRYPT       0x0010u /**< AEAD open. */
#define MDSEC_KS_USAGE_DERIVE        0x0020u /**< Input of a key derivation. */
#define MDSEC_KS_USAGE_EXPORT_PUBLIC 0x0040u /**< Export the public part. */
#define MDSEC_KS_USAGE_EXPORT        0x0080u /**< Export the key material (and derive into bytes). */
/** @brief Every defined usage flag. */
#define MDSEC_KS_USAGE_ALL           0x00FFu
/** @} */

/** @brief Longest HKDF info mdsec_ks_derive_key() takes, in bytes. */
#define MDSEC_KS_DERIVE_INFO_MAX 128u

/** @brief The one algorithm a key may be used with (stored in records: stable). */
typedef enum mdsec_ks_alg {
    MDSEC_KS_ALG_NONE = 0,              /**< No algorithm (refused by every operation). */
    MDSEC_KS_ALG_ECDSA_P256_SHA256 = 1, /**< ECDSA over P-256 with a SHA-256 digest, raw r||s. */
    MDSEC_KS_ALG_ECDSA_P384_SHA384 =
        2,                           /**< ECDSA over P-384 with a SHA-384 digest (verify only). */
    MDSEC_KS_ALG_RSA_PSS_SHA256 = 3, /**< RSA-PSS: typed, ::MDSEC_ERR_NOT_SUPPORTED. */
    MDSEC_KS_ALG_HMAC_SHA256 = 4,    /**< HMAC-SHA256, full 32-byte tag. */
    MDSEC_KS_ALG_CHACHA20_POLY1305 = 5, /**< ChaCha20-Poly1305 (RFC 8439), 12-byte nonce. */
    MDSEC_KS_ALG_HKDF_SHA256 = 6        /**< HKDF-SHA256 (RFC 5869). */
} mdsec_ks_alg_t;

/** @brief Where a key lives and for how long (stored in records: stable). */
typedef enum mdsec_ks_lifetime {
    MDSEC_KS_LIFETIME_VOLATILE = 0,   /**< In RAM until destroyed or reset. */
    MDSEC_KS_LIFETIME_PERSISTENT = 1, /**< Survives reset (flash backend). */
    MDSEC_KS_LIFETIME_READ_ONLY = 2   /**< Built in: cannot be destroyed or changed. */
} mdsec_ks_lifetime_t;

/** @brief Volatile backend: slots inside the context. */
#define MDSEC_KS_LOCATION_RAM      0u
/** @brief Persistent backend: the port region ::MDSEC_PORT_REGION_KEYSTORE. */
#define MDSEC_KS_LOCATION_FLASH    1u
/** @brief A backend attached with mdsec_ks_attach_backend() (for example a PKCS#11 token). */
#define MDSEC_KS_LOCATION_EXTERNAL 2u

/** @brief Attribute flag: a persistent key that can never be destroyed or replaced. */
#define MDSEC_KS_FLAG_WRITE_ONCE 0x01u

/** @brief Key attributes (the policy). Fixed-width fields: the layout is the same on every ABI. */
typedef struct mdsec_ks_attributes {
    uint16_t type; /**< A ::mdsec_ks_type_t value. */
    uint16_t bits; /**< Key size in bits (256 for P-256 and ChaCha20, 8 x bytes for HMAC/derive). */
    uint32_t usage;   /**< MDSEC_KS_USAGE_* flags. */
    uint32_t alg;     /**< The one permitted ::mdsec_ks_alg_t. */
    uint8_t lifetime; /**< A ::mdsec_ks_lifetime_t value. */
    uint8_t location; /**< ::MDSEC_KS_LOCATION_RAM or ::MDSEC_KS_LOCATION_FLASH. */
    uint8_t flags;    /**< MDSEC_KS_FLAG_* values. */
    uint8_t reserved; /**< Must be 0. */
} mdsec_ks_attributes_t;

/** @brief Keystore set-up. */
typedef struct mdsec_ks_config {
    uint8_t use_flash;   /**< Nonzero: open the persistent backend. */
    uint32_t region;     /**< Storage region of the persistent backend. */
    uint32_t counter_id; /**< Port counter reserved for this keystore (see docs/keystore.md). */
} mdsec_ks_config_t;

/** @brief Default configuration: flash on ::MDSEC_PORT_REGION_KEYSTORE, counter ::MDSEC_KS_COUNTER_ID. */
#define MDSEC_KS_CONFIG_DEFAULT                             \
    {                                                       \
        1u, MDSEC_PORT_REGION_KEYSTORE, MDSEC_KS_COUNTER_ID \
    }

/** @brief One volatile key slot. Fields are private. */
typedef struct mdsec_ks_ram_slot {
    /** @privatesection */
    mdsec_ks_attributes_t attr;
    uint32_t id;
    uint16_t len;
    uint8_t used;
    uint8_t material[MDSEC_KS_MATERIAL_MAX];
} mdsec_ks_ram_slot_t;

/** @brief One entry of the flash index (no key material). Fields are private. */
typedef struct mdsec_ks_flash_entry {
    /** @privatesection */
    mdsec_ks_attributes_t attr;
    uint32_t id;
    uint32_t offset;
    uint64_t seq;
    int32_t state;
    uint8_t used;
} mdsec_ks_flash_entry_t;

/** @brief The persistent backend's state. Fields are private. */
typedef struct mdsec_ks_flash {
    /** @privatesection */
    mdsec_ks_flash_entry_t index[MDSEC_KS_FLASH_KEYS];
    uint32_t sector_gen[MDSEC_KS_MAX_SECTORS];
    uint64_t next_seq;
    uint64_t last_seq;
    uint64_t confirmed;
    uint32_t region;
    uint32_t counter_id;
    uint32_t sector_size;
    uint32_t program_unit;
    uint32_t sectors;
    uint32_t slots;
    uint32_t frame;
    uint32_t active;
    uint32_t next_slot;
    int32_t health;
    uint8_t erased;
    uint8_t open;
    uint8_t poison_pending;
    uint8_t kek_ready;
    uint8_t kek[32];
} mdsec_ks_flash_t;

/**
 * @brief An external key backend: key material that never enters the
 *        keystore, such as a PKCS#11 token or a secure element.
 *
 * The keystore front end still owns the policy: it asks the backend for a
 * key's attributes, decides, emits the events and only then calls the
 * operation. A backend must also refuse on its own what its hardware
 * refuses (a token key without CKA_SIGN). Every function receives
 * @c state and is called with the keystore mutex held. Optional entries
 * may be NULL: the operation then returns ::MDSEC_ERR_NOT_SUPPORTED (except
 * @c verify_digest, which the keystore then performs itself with the key's
 * exported public point).
 */
typedef struct mdsec_ks_backend {
    /** @brief The backend's own state, passed to every entry. */
    void *state;
    /**
     * @brief Look a key up (required).
     * @return ::MDSEC_OK with @p attr filled (location ::MDSEC_KS_LOCATION_EXTERNAL),
     *         ::MDSEC_ERR_KS_NOT_FOUND, or ::MDSEC_ERR_KS_BACKEND.
     */
    mdsec_status_t (*get_attributes)(void *state, mdsec_ks_id_t id, mdsec_ks_attributes_t *attr);
    /** @brief Generate a key inside the backend (optional). */
    mdsec_status_t (*generate)(void *state, mdsec_ks_id_t id, const mdsec_ks_attributes_t *attr);
    /** @brief Import key material into the backend (optional). */
    mdsec_status_t (*import)(void *state, mdsec_ks_id_t id, const mdsec_ks_attributes_t *attr,
                             const uint8_t *data, size_t len);
    /** @brief Sign a digest, raw r || s output (optional). */
    mdsec_status_t (*sign_digest)(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                  const uint8_t *hash, size_t hash_len, uint8_t *sig,
                                  size_t sig_cap, size_t *sig_len);
    /** @brief Verify a raw r || s signature over a digest (optional). */
    mdsec_status_t (*verify_digest)(void *state, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
                                    const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                    size_t sig_len);
    /** @brief Export the public point, uncompressed SEC1 (optional). */
    mdsec_status_t (*export_public)(void *state, mdsec_ks_id_t id, uint8_t *out, size_t cap,
                                    size_t *out_len);
    /** @brief Destroy the key in the backend (optional). */
    mdsec_status_t (*destroy)(void *state, mdsec_ks_id_t id);
} mdsec_ks_backend_t;

/** @brief Most events one keystore call queues (emitted after the lock is released): a blob install emits one per RAM slot. */
#define MDSEC_KS_EVENTS_PENDING (MDSEC_KS_RAM_SLOTS + 2u)

/** @brief An event waiting for the keystore lock to be released. Fields are private. */
typedef struct mdsec_ks_pending_event {
    /** @privatesection */
    int32_t status;
    uint32_t id;
    uint16_t code;
} mdsec_ks_pending_event_t;

/** @brief Keystore context: allocate it (static or on a task's stack), pass it everywhere. */
typedef struct mdsec_ks_ctx {
    /** @privatesection */
    mdsec_port_mutex_t mutex;
    mdsec_drbg_t drbg;
    mdsec_ks_ram_slot_t ram[MDSEC_KS_RAM_SLOTS];
    mdsec_ks_flash_t flash;
    const mdsec_ks_backend_t *external;
    mdsec_ks_pending_event_t pending[MDSEC_KS_EVENTS_PENDING];
    uint32_t n_pending;
    uint8_t quiet;
    uint32_t magic;
} mdsec_ks_ctx_t;

/**
 * @brief Initialise a keystore: its mutex, its DRBG (seeded from the port)
 *        and, when @p cfg asks, the persistent backend (which is scanned).
 *
 * When the scan finds corrupted or rolled-back records the keystore is
 * still opened (so that those keys can be destroyed) and the call returns
 * ::MDSEC_ERR_KS_CORRUPT or ::MDSEC_ERR_KS_ROLLBACK; every affected key then
 * reports that status on use.
 * @param ctx The context (overwritten).
 * @param cfg Configuration, or NULL for ::MDSEC_KS_CONFIG_DEFAULT.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_CORRUPT or ::MDSEC_ERR_KS_ROLLBACK (open
 *         anyway), or a failure with the context unusable.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_init(mdsec_ks_ctx_t *ctx, const mdsec_ks_config_t *cfg);

/**
 * @brief Attach an external backend (::MDSEC_KS_LOCATION_EXTERNAL), or
 *        detach it with NULL. One external backend per context; the RAM
 *        and flash backends stay usable alongside it.
 *
 * Key ids are one namespace: a key is looked up in RAM, then flash, then
 * the external backend, and import or generate refuses an id any backend
 * already holds.
 * @param ctx The keystore.
 * @param backend The backend (must outlive its attachment), or NULL.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG (no get_attributes entry) or
 *         ::MDSEC_ERR_NOT_INITIALISED.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_attach_backend(mdsec_ks_ctx_t *ctx,
                                                       const mdsec_ks_backend_t *backend);

/**
 * @brief Install the read-only built-in keys of a provisioning blob made by
 *        the `mdsec-keys` host tool (see docs/keystore-builtin.md).
 *
 * The blob is sealed with ChaCha20-Poly1305 under a key derived from the
 * device root secret; it is authenticated as a whole before any key is
 * installed, and then every entry is checked like an import. Keys land in
 * RAM slots with lifetime ::MDSEC_KS_LIFETIME_READ_ONLY: they can be used
 * under their policy but never changed or destroyed. All or nothing: on
 * any failure no key of the blob is installed.
 * @param ctx The keystore.
 * @param blob The blob (typically a const array in flash).
 * @param len Its length.
 * @param[out] count Keys installed (0 on failure); may be NULL.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_BLOB (malformed, tampered or sealed for
 *         another device), ::MDSEC_ERR_KS_EXISTS, ::MDSEC_ERR_KS_FULL,
 *         ::MDSEC_ERR_KS_ATTRIBUTES, ::MDSEC_ERR_KEY_INVALID,
 *         ::MDSEC_ERR_ROOT_SECRET, ::MDSEC_ERR_INVALID_ARG or
 *         ::MDSEC_ERR_NOT_INITIALISED.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_load_builtin(mdsec_ks_ctx_t *ctx, const uint8_t *blob,
                                                     size_t len, size_t *count);

/**
 * @brief Wipe every key copy in RAM and release the context.
 * @param ctx The context (may be NULL).
 */
void mdsec_ks_deinit(mdsec_ks_ctx_t *ctx);

/**
 * @brief Import key material under a new id.
 *
 * Material formats: P-256 pair: the 32-byte big-endian scalar; public
 * keys: the uncompressed SEC1 point; HMAC, AEAD and derive keys: raw bytes.
 * @param ctx The keystore.
 * @param id The new key's id (not in use in any backend).
 * @param attr The policy; its location selects the backend.
 * @param data Key material.
 * @param len Material length.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_EXISTS, ::MDSEC_ERR_KS_ATTRIBUTES,
 *         ::MDSEC_ERR_KEY_INVALID, ::MDSEC_ERR_KS_FULL,
 *         ::MDSEC_ERR_KS_STORAGE_FULL, ::MDSEC_ERR_NOT_SUPPORTED or a
 *         storage failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_import(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                               const mdsec_ks_attributes_t *attr,
                                               const uint8_t *data, size_t len);

/**
 * @brief Replace an existing key (rotation): new material and attributes
 *        under the same id, in the same location.
 *
 * For a persistent key one record supersedes the old one, so a power cut
 * leaves either the old key or the new one. Works on a key whose record is
 * damaged; refused for read-only and write-once keys.
 * @param ctx The keystore.
 * @param id An existing key.
 * @param attr The new policy (same location as the old key).
 * @param data Key material.
 * @param len Material length.
 * @return As mdsec_ks_import(), with ::MDSEC_ERR_KS_NOT_FOUND and
 *         ::MDSEC_ERR_KS_READ_ONLY instead of ::MDSEC_ERR_KS_EXISTS.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_replace(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                const mdsec_ks_attributes_t *attr,
                                                const uint8_t *data, size_t len);

/**
 * @brief Generate a key from the context's DRBG (key pairs, HMAC, AEAD and
 *        derive keys).
 * @param ctx The keystore.
 * @param id The new key's id.
 * @param attr The policy (bits give the size).
 * @return As mdsec_ks_import().
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_generate(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                 const mdsec_ks_attributes_t *attr);

/**
 * @brief Read a key's attributes.
 * @param ctx The keystore.
 * @param id The key.
 * @param[out] attr The attributes; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_NOT_FOUND, ::MDSEC_ERR_KS_CORRUPT or
 *         ::MDSEC_ERR_KS_ROLLBACK.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_get_attributes(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                       mdsec_ks_attributes_t *attr);

/**
 * @brief Sign a digest (needs ::MDSEC_KS_USAGE_SIGN and the key's algorithm).
 * @param ctx The keystore.
 * @param id A P-256 key pair.
 * @param alg ::MDSEC_KS_ALG_ECDSA_P256_SHA256.
 * @param hash The 32-byte digest.
 * @param hash_len Its length (32).
 * @param[out] sig Raw r || s signature; zeroed on failure.
 * @param sig_cap Capacity of @p sig (at least ::MDSEC_KS_ECDSA_P256_SIG_LEN).
 * @param[out] sig_len Bytes written (0 on failure).
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_POLICY, ::MDSEC_ERR_KS_NOT_FOUND,
 *         ::MDSEC_ERR_BUFFER_TOO_SMALL or a crypto or storage failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_sign_digest(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                    mdsec_ks_alg_t alg, const uint8_t *hash,
                                                    size_t hash_len, uint8_t *sig, size_t sig_cap,
                                                    size_t *sig_len);

/**
 * @brief Verify a raw r || s signature over a digest (needs ::MDSEC_KS_USAGE_VERIFY).
 * @param ctx The keystore.
 * @param id A P-256 or P-384 key pair or public key.
 * @param alg The key's algorithm.
 * @param hash The digest.
 * @param hash_len Its length.
 * @param sig The signature.
 * @param sig_len Its length.
 * @return ::MDSEC_OK only for a valid signature; ::MDSEC_ERR_SIGNATURE_INVALID,
 *         ::MDSEC_ERR_KS_POLICY or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_verify_digest(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                      mdsec_ks_alg_t alg, const uint8_t *hash,
                                                      size_t hash_len, const uint8_t *sig,
                                                      size_t sig_len);

/**
 * @brief Compute HMAC-SHA256 (needs ::MDSEC_KS_USAGE_MAC).
 * @param ctx The keystore.
 * @param id An HMAC key.
 * @param alg ::MDSEC_KS_ALG_HMAC_SHA256.
 * @param data Message.
 * @param len Message length.
 * @param[out] mac ::MDSEC_KS_HMAC_SHA256_LEN bytes; zeroed on failure.
 * @param mac_cap Capacity of @p mac (at least ::MDSEC_KS_HMAC_SHA256_LEN).
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_POLICY or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_mac_compute(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                    mdsec_ks_alg_t alg, const void *data,
                                                    size_t len, uint8_t *mac, size_t mac_cap);

/**
 * @brief Verify an HMAC-SHA256 tag in constant time (needs ::MDSEC_KS_USAGE_MAC).
 * @param ctx The keystore.
 * @param id An HMAC key.
 * @param alg ::MDSEC_KS_ALG_HMAC_SHA256.
 * @param data Message.
 * @param len Message length.
 * @param mac Expected tag.
 * @param mac_len Its length (::MDSEC_KS_HMAC_SHA256_LEN).
 * @return ::MDSEC_OK only when it matches; ::MDSEC_ERR_AUTH_FAILED otherwise.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_mac_verify(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                   mdsec_ks_alg_t alg, const void *data, size_t len,
                                                   const uint8_t *mac, size_t mac_len);

/**
 * @brief AEAD seal with ChaCha20-Poly1305 (needs ::MDSEC_KS_USAGE_ENCRYPT).
 *
 * The caller supplies the nonce and must never repeat it under one key.
 * @param ctx The keystore.
 * @param id An AEAD key.
 * @param alg ::MDSEC_KS_ALG_CHACHA20_POLY1305.
 * @param nonce ::MDSEC_KS_AEAD_NONCE_LEN bytes.
 * @param aad Additional data (may be NULL with @p aad_len 0).
 * @param aad_len Its length.
 * @param pt Plaintext.
 * @param len Plaintext length.
 * @param[out] ct Ciphertext, @p len bytes (may equal @p pt); zeroed on failure.
 * @param[out] tag ::MDSEC_KS_AEAD_TAG_LEN-byte tag; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_POLICY or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_aead_seal(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                  mdsec_ks_alg_t alg,
                                                  const uint8_t nonce[MDSEC_KS_AEAD_NONCE_LEN],
                                                  const uint8_t *aad, size_t aad_len,
                                                  const uint8_t *pt, size_t len, uint8_t *ct,
                                                  uint8_t tag[MDSEC_KS_AEAD_TAG_LEN]);

/**
 * @brief AEAD open (needs ::MDSEC_KS_USAGE_DECRYPT).
 * @param ctx The keystore.
 * @param id An AEAD key.
 * @param alg ::MDSEC_KS_ALG_CHACHA20_POLY1305.
 * @param nonce ::MDSEC_KS_AEAD_NONCE_LEN bytes.
 * @param aad Additional data.
 * @param aad_len Its length.
 * @param ct Ciphertext.
 * @param len Its length.
 * @param tag ::MDSEC_KS_AEAD_TAG_LEN-byte tag.
 * @param[out] pt Plaintext (may equal @p ct); zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_AUTH_FAILED, ::MDSEC_ERR_KS_POLICY or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_aead_open(
    mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, mdsec_ks_alg_t alg,
    const uint8_t nonce[MDSEC_KS_AEAD_NONCE_LEN], const uint8_t *aad, size_t aad_len,
    const uint8_t *ct, size_t len, const uint8_t tag[MDSEC_KS_AEAD_TAG_LEN], uint8_t *pt);

/**
 * @brief Derive a new key with HKDF-SHA256 from a derive key (needs
 *        ::MDSEC_KS_USAGE_DERIVE); the new key's material never leaves the keystore.
 * @param ctx The keystore.
 * @param base_id A ::MDSEC_KS_TYPE_DERIVE key.
 * @param alg ::MDSEC_KS_ALG_HKDF_SHA256.
 * @param salt HKDF salt (may be NULL with @p salt_len 0).
 * @param salt_len Its length.
 * @param info HKDF info (context binding).
 * @param info_len Its length.
 * @param new_id Id of the derived key.
 * @param new_attr Its policy (type HMAC, AEAD or derive; not a key pair).
 *        It may carry ::MDSEC_KS_USAGE_EXPORT only when the base key has
 *        ::MDSEC_KS_USAGE_EXPORT too: a derived key never has more rights
 *        than its base.
 * @return As mdsec_ks_import(), ::MDSEC_ERR_KS_POLICY,
 *         ::MDSEC_ERR_KS_NOT_EXPORTABLE (an exportable child of a base that is
 *         not), or ::MDSEC_ERR_INVALID_ARG (info over ::MDSEC_KS_DERIVE_INFO_MAX).
 *
 * The key is HKDF-SHA256(salt, base, "mdsec-ks derive-key v1" || info): the
 * 22-byte label separates it from mdsec_ks_derive_bytes(), which refuses an
 * info that starts with the label.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_derive_key(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t base_id,
                                                   mdsec_ks_alg_t alg, const uint8_t *salt,
                                                   size_t salt_len, const uint8_t *info,
                                                   size_t info_len, mdsec_ks_id_t new_id,
                                                   const mdsec_ks_attributes_t *new_attr);

/**
 * @brief Derive bytes with HKDF-SHA256 into the caller's buffer. Needs both
 *        ::MDSEC_KS_USAGE_DERIVE and ::MDSEC_KS_USAGE_EXPORT, since the
 *        output leaves the keystore.
 * @param ctx The keystore.
 * @param base_id A ::MDSEC_KS_TYPE_DERIVE key.
 * @param alg ::MDSEC_KS_ALG_HKDF_SHA256.
 * @param salt HKDF salt.
 * @param salt_len Its length.
 * @param info HKDF info.
 * @param info_len Its length.
 * @param[out] out Output; zeroed on failure.
 * @param out_len 1 .. 8160 bytes.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_POLICY (also for an info that starts
 *         with the label of mdsec_ks_derive_key()), ::MDSEC_ERR_KS_NOT_EXPORTABLE
 *         or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_derive_bytes(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t base_id,
                                                     mdsec_ks_alg_t alg, const uint8_t *salt,
                                                     size_t salt_len, const uint8_t *info,
                                                     size_t info_len, uint8_t *out, size_t out_len);

/**
 * @brief Export the public key (uncompressed point) of an ECC key pair or
 *        public key (needs ::MDSEC_KS_USAGE_EXPORT_PUBLIC).
 * @param ctx The keystore.
 * @param id The key.
 * @param[out] out The point; zeroed on failure.
 * @param cap Capacity of @p out.
 * @param[out] out_len Bytes written (0 on failure).
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_POLICY, ::MDSEC_ERR_BUFFER_TOO_SMALL or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_export_public(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                                      uint8_t *out, size_t cap, size_t *out_len);

/**
 * @brief Export the key material in its import format (needs ::MDSEC_KS_USAGE_EXPORT).
 * @param ctx The keystore.
 * @param id The key.
 * @param[out] out Material; zeroed on failure.
 * @param cap Capacity of @p out.
 * @param[out] out_len Bytes written (0 on failure).
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_NOT_EXPORTABLE, ::MDSEC_ERR_BUFFER_TOO_SMALL or another failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_export(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id, uint8_t *out,
                                               size_t cap, size_t *out_len);

/**
 * @brief Destroy a key: wipe its RAM copy or write a deletion record.
 *
 * Works on a key whose stored record is corrupt or rolled back. A
 * persistent key's old wrapped record stays on flash until the next
 * compaction (mdsec_ks_compact() forces one). Refused for read-only and
 * write-once keys (::MDSEC_ERR_KS_READ_ONLY) unless their record is damaged.
 * @param ctx The keystore.
 * @param id The key.
 * @return ::MDSEC_OK, ::MDSEC_ERR_KS_NOT_FOUND, ::MDSEC_ERR_KS_READ_ONLY or a storage failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_destroy(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id);

/**
 * @brief Compact the persistent store: copy live records into a fresh
 *        sector and erase the old one, so that destroyed keys' wrapped
 *        records leave the flash. Power-safe.
 * @param ctx The keystore.
 * @return ::MDSEC_OK, ::MDSEC_ERR_STATE (no persistent backend) or a storage failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_ks_compact(mdsec_ks_ctx_t *ctx);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_KEYSTORE_H */
