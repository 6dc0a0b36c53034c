/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file config.h
 * @brief Build-time limits and sizes.
 *
 * Every limit mdsec enforces is a macro here, never a magic number in the
 * code. An integrator overrides any of them with a header that defines the
 * values it wants, named by the CMake option `MDSEC_CONFIG_FILE` (for
 * example `-DMDSEC_CONFIG_FILE=$PWD/my_mdsec_config.h`); that header is
 * included first, and every value it leaves out gets the default below.
 *
 * The build writes `mdsec/build_config.h` next to the installed headers: it
 * records the modules, the crypto provider, the port and the configuration
 * header the library was built with, and this file includes it first, so
 * code that includes mdsec's headers sees the library's configuration
 * however it is compiled (CMake target, pkg-config or by hand). A file
 * compiled with a limit that differs from the library's does not compile:
 * the error names the limit and the library's value. (Defining
 * `MDSEC_NO_BUILD_CONFIG` skips both generated headers: only for code that
 * shares no context or table with the library, or that is compiled
 * without a build of it.)
 */
#ifndef MDSEC_CONFIG_H
#define MDSEC_CONFIG_H

#ifndef MDSEC_NO_BUILD_CONFIG
#include "mdsec/build_config.h"
#endif

#ifdef MDSEC_CONFIG_FILE
#include MDSEC_CONFIG_FILE
#endif

/**
 * @brief Bytes reserved in a hash context for the provider's state.
 *
 * BearSSL needs 208 bytes (SHA-384); libtomcrypt's `hash_state` union needs
 * 416. The psa provider keeps a `psa_hash_operation_t` there: 232 bytes with
 * Mbed TLS 2.28 and 3.6 on a 64-bit host, and with mdsec's Mbed TLS 2.28 on
 * Cortex-M4 (the largest member, the SHA-512 state, is made of fixed-width
 * integers); a TF-M client's is a 4-byte handle. Each provider checks at
 * compile time that its state fits.
 */
#ifndef MDSEC_CRYPTO_HASH_CTX_SIZE
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_HASH_CTX_SIZE 416u
#elif defined(MDSEC_CRYPTO_PSA)
#define MDSEC_CRYPTO_HASH_CTX_SIZE 256u
#else
#define MDSEC_CRYPTO_HASH_CTX_SIZE 208u
#endif
#endif

/**
 * @brief Bytes reserved in an HMAC context for the provider's state.
 *
 * BearSSL needs 280, libtomcrypt 848. The psa provider keeps a
 * `psa_mac_operation_t` and the id of its key there: 392 bytes with Mbed TLS
 * 2.28 (64-bit host and Cortex-M4), 408 with 3.6 on a 64-bit host.
 */
#ifndef MDSEC_CRYPTO_HMAC_CTX_SIZE
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_HMAC_CTX_SIZE 848u
#elif defined(MDSEC_CRYPTO_PSA)
#define MDSEC_CRYPTO_HMAC_CTX_SIZE 448u
#else
#define MDSEC_CRYPTO_HMAC_CTX_SIZE 280u
#endif
#endif

/**
 * @brief Bytes reserved in a DRBG context for the provider's state.
 *
 * BearSSL's HMAC-DRBG needs 144 bytes. libtomcrypt keeps every PRNG in one
 * large `prng_state` union; its provider is meant for hosts. The psa
 * provider draws from the PSA implementation's own generator and keeps no
 * state there.
 */
#ifndef MDSEC_CRYPTO_DRBG_CTX_SIZE
#if defined(MDSEC_CRYPTO_TOMCRYPT)
#define MDSEC_CRYPTO_DRBG_CTX_SIZE 17664u
#elif defined(MDSEC_CRYPTO_PSA)
#define MDSEC_CRYPTO_DRBG_CTX_SIZE 8u
#else
#define MDSEC_CRYPTO_DRBG_CTX_SIZE 144u
#endif
#endif

/**
 * @brief Longest AEAD message the psa provider seals or opens on a PSA
 *        implementation without multi-part AEAD (Mbed TLS 2.28).
 *
 * There the one-shot psa_aead_encrypt()/psa_aead_decrypt() need the
 * ciphertext and its tag in one buffer, so the message goes through a stack
 * buffer of this many bytes plus the 16-byte tag; a longer message is
 * refused with ::MDSEC_ERR_NOT_SUPPORTED. Unused with every other provider
 * and with implementations that have the multi-part calls (Mbed TLS 3.x,
 * TF-PSA-Crypto, TF-M).
 */
#ifndef MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX
#define MDSEC_CRYPTO_PSA_ONESHOT_AEAD_MAX 1024u
#endif

/**
 * @brief Set to 0 to leave the status texts out of the firmware (about
 *        5.7 KB of Cortex-M4 flash); mdsec_status_str() then returns one
 *        generic text and the numeric codes of mdsec/status.h still apply.
 */
#ifndef MDSEC_STATUS_STRINGS
#define MDSEC_STATUS_STRINGS 1
#endif

/** @brief Bytes of entropy drawn from the port to seed or reseed a DRBG. */
#ifndef MDSEC_DRBG_SEED_LEN
#define MDSEC_DRBG_SEED_LEN 48u
#endif

/** @brief Length in bytes of the port's device-unique root secret. */
#ifndef MDSEC_ROOT_SECRET_LEN
#define MDSEC_ROOT_SECRET_LEN 32u
#endif

/** @brief Number of non-volatile monotonic counters a port must provide. */
#ifndef MDSEC_PORT_COUNTER_COUNT
#define MDSEC_PORT_COUNTER_COUNT 4u
#endif

/** @brief Bytes of storage a port may use inside one ::mdsec_port_mutex_t. */
#ifndef MDSEC_PORT_MUTEX_SIZE
#define MDSEC_PORT_MUTEX_SIZE 128u
#endif

/* ---- Bounded parsing (mdsec/parse.h) ---- */

/** @brief Deepest CBOR nesting (arrays and maps) the decoder accepts. */
#ifndef MDSEC_CBOR_MAX_DEPTH
#define MDSEC_CBOR_MAX_DEPTH 8u
#endif

/** @brief Deepest nesting of constructed DER elements mdsec_der_check() accepts. */
#ifndef MDSEC_DER_MAX_DEPTH
#define MDSEC_DER_MAX_DEPTH 8u
#endif

/** @brief Most fields one schema may describe (a bitmap tracks them). */
#ifndef MDSEC_SCHEMA_MAX_FIELDS
#define MDSEC_SCHEMA_MAX_FIELDS 32u
#endif

/* ---- Signed-firmware verification (mdsec/fw.h) ---- */

/** @brief Bytes of the read buffer inside ::mdsec_fw_ctx_t; must hold the largest TLV value read whole (an RSA-3072 signature or public key). */
#ifndef MDSEC_FW_BUF_SIZE
#define MDSEC_FW_BUF_SIZE 512u
#endif

/** @brief Most signature TLVs an image may carry. */
#ifndef MDSEC_FW_MAX_SIGS
#define MDSEC_FW_MAX_SIGS 4u
#endif

/** @brief Most DEPENDENCY TLVs an image may carry. */
#ifndef MDSEC_FW_MAX_DEPS
#define MDSEC_FW_MAX_DEPS 4u
#endif

/** @brief Shortest KEYHASH prefix accepted (MCUboot accepts any prefix; an empty one would match every key). */
#ifndef MDSEC_FW_KEYHASH_MIN
#define MDSEC_FW_KEYHASH_MIN 16u
#endif

/* ---- Key storage (mdsec/keystore.h) ---- */

/** @brief Number of volatile key slots in a context. */
#ifndef MDSEC_KS_RAM_SLOTS
#define MDSEC_KS_RAM_SLOTS 8u
#endif

/** @brief Most keys (live, destroyed-but-not-compacted or flagged) the flash index tracks. */
#ifndef MDSEC_KS_FLASH_KEYS
#define MDSEC_KS_FLASH_KEYS 32u
#endif

/** @brief Largest key material in bytes (P-384 public point: 97). */
#ifndef MDSEC_KS_MATERIAL_MAX
#define MDSEC_KS_MATERIAL_MAX 128u
#endif

/** @brief Most sectors of the keystore region the flash backend uses. */
#ifndef MDSEC_KS_MAX_SECTORS
#define MDSEC_KS_MAX_SECTORS 16u
#endif

/** @brief Default port counter that anchors record sequence numbers (nonces, anti-rollback). */
#ifndef MDSEC_KS_COUNTER_ID
#define MDSEC_KS_COUNTER_ID 3u
#endif

/** @brief Largest program unit of the keystore region the flash backend accepts. */
#ifndef MDSEC_KS_PROGRAM_UNIT_MAX
#define MDSEC_KS_PROGRAM_UNIT_MAX 64u
#endif

/** @brief Most bindings one PSA key backend context holds (mdsec/ks_psa.h). */
#ifndef MDSEC_KS_PSA_KEYS
#define MDSEC_KS_PSA_KEYS 8u
#endif

/* ---- Security log (mdsec/log.h) ---- */

/** @brief Largest record payload in bytes. */
#ifndef MDSEC_LOG_PAYLOAD_MAX
#define MDSEC_LOG_PAYLOAD_MAX 192u
#endif

/** @brief Most log sectors the log tracks. */
#ifndef MDSEC_LOG_MAX_SECTORS
#define MDSEC_LOG_MAX_SECTORS 64u
#endif

/** @brief Largest program unit of the log region the log accepts. */
#ifndef MDSEC_LOG_PROGRAM_UNIT_MAX
#define MDSEC_LOG_PROGRAM_UNIT_MAX 64u
#endif

/** @brief How many records back a checkpoint may cover (records appended while it was signed). */
#ifndef MDSEC_LOG_CHECKPOINT_LAG
#define MDSEC_LOG_CHECKPOINT_LAG 16u
#endif

/* ---- Least privilege (mdsec/priv.h) ---- */

/** @brief Most regions one table may hold. */
#ifndef MDSEC_PRIV_MPU_MAX_REGIONS
#define MDSEC_PRIV_MPU_MAX_REGIONS 16u
#endif

/** @brief Most file descriptors a policy may keep open. */
#ifndef MDSEC_PRIV_MAX_KEEP_FDS
#define MDSEC_PRIV_MAX_KEEP_FDS 16u
#endif

/** @brief Most supplementary groups a policy may set. */
#ifndef MDSEC_PRIV_MAX_GROUPS
#define MDSEC_PRIV_MAX_GROUPS 8u
#endif

/** @brief Most capabilities a policy may keep. */
#ifndef MDSEC_PRIV_MAX_CAPS
#define MDSEC_PRIV_MAX_CAPS 8u
#endif

/** @brief Most resource limits a policy may set. */
#ifndef MDSEC_PRIV_MAX_RLIMITS
#define MDSEC_PRIV_MAX_RLIMITS 8u
#endif

/** @brief Most Landlock paths a policy may allow. */
#ifndef MDSEC_PRIV_MAX_PATHS
#define MDSEC_PRIV_MAX_PATHS 16u
#endif

/** @brief Most system calls a seccomp allow-list may name. */
#ifndef MDSEC_PRIV_MAX_SYSCALLS
#define MDSEC_PRIV_MAX_SYSCALLS 160u
#endif

/* ---- The library's configuration ---- */

/*
 * mdsec/build_config_check.h (written by the build beside build_config.h)
 * holds every limit above as libmdsec was built with it, and stops the
 * compilation of any file that sees a different value:
 *   #error "MDSEC_LOG_MAX_SECTORS is 4 here but libmdsec was built with 64u ..."
 * A caller whose contexts or tables had another size than the library's
 * would otherwise corrupt memory at run time.
 */
#ifndef MDSEC_NO_BUILD_CONFIG
#include "mdsec/build_config_check.h"
#endif

#endif /* MDSEC_CONFIG_H */
