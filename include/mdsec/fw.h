/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file fw.h
 * @brief Signed-firmware verification of MCUboot-format images: streaming
 *        hash and signature checks, trust policy with revocation and
 *        k-of-n thresholds, anti-rollback and dependencies.
 *
 * The image stays in flash: mdsec_fw_verify() reads it through a callback,
 * one ::MDSEC_FW_BUF_SIZE chunk at a time, so working memory is the
 * context alone and does not grow with the image. The image is read in one
 * forward pass: every value a decision uses (version, security counter,
 * dependencies, key TLVs, signatures) is taken from the one read whose bytes
 * were hashed or verified, so a read source that answers differently on
 * another read cannot make the verdict rest on bytes that were not checked.
 *
 * The verdict is fault-hardened: a valid image is reported by a status
 * *and* by a distinct decision word and its complement, which
 * mdsec_fw_is_valid() checks together. The decision word is set only after
 * each admitting decision (hash, signer threshold, revocation, security
 * counter, version, dependencies) has been evaluated a second time. Every verification and every commit
 * is reported to the security-event sink (mdsec/event.h).
 *
 * Image layout (MCUboot): header (32 bytes, padded to ih_hdr_size) | body
 * (ih_img_size) | protected TLV area (magic 0x6908, ih_protect_tlv_size
 * bytes) | unprotected TLV area (magic 0x6907) | optionally slot padding and
 * the MCUboot trailer. The hash covers header, body and protected TLVs.
 *
 * Signatures: ECDSA P-256 and P-384, RSA-2048/3072 PSS where the crypto
 * provider has it, and Ed25519 where the library is built with it
 * (MDSEC_ED25519=sodium): over the SHA-256 or SHA-512 image digest, or
 * "pure" (imgtool --pure, a SIG_PURE TLV) over the hashed bytes themselves.
 * A pure signature can only be checked with the whole image in memory:
 * mdsec_fw_verify_buffer() verifies it, mdsec_fw_verify() refuses it with
 * ::MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE.
 */
#ifndef MDSEC_FW_H
#define MDSEC_FW_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/parse.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The build-time limits of this module are in mdsec/config.h. */

/** @brief The decision word of a valid image (high Hamming distance from 0 and from its complement). */
#define MDSEC_FW_DECISION_VALID 0x3CA55AC3u

/** @brief MCUboot image header magic. */
#define MDSEC_FW_IMAGE_MAGIC 0x96f3b83du
/** @brief Size of the MCUboot image header structure. */
#define MDSEC_FW_HEADER_SIZE 32u

/** @brief An image version: major.minor.revision+build. */
typedef struct mdsec_fw_version {
    uint8_t major;     /**< Major. */
    uint8_t minor;     /**< Minor. */
    uint16_t revision; /**< Revision. */
    uint32_t build;    /**< Build number. */
} mdsec_fw_version_t;

/**
 * @brief Reads @p len bytes of the image at @p offset into @p buf.
 * @return ::MDSEC_OK, or any failure (verification stops with ::MDSEC_ERR_FW_READ).
 */
typedef mdsec_status_t (*mdsec_fw_read_fn)(void *ctx, uint32_t offset, void *buf, size_t len);

/**
 * @brief Reports the installed version of image @p image_id, for DEPENDENCY checks.
 * @return ::MDSEC_OK, or a failure when no such image is installed.
 */
typedef mdsec_status_t (*mdsec_fw_installed_fn)(void *ctx, uint8_t image_id,
                                                mdsec_fw_version_t *version);

/** @brief One trusted signing key. Fill with mdsec_fw_key_from_spki(); fields are private. */
typedef struct mdsec_fw_key {
    /** @privatesection */
    mdsec_der_key_kind_t kind;
    const uint8_t *embedded; /* the bytes imgtool embeds and hashes */
    size_t embedded_len;
    mdsec_span_t point;
    mdsec_span_t n;
    mdsec_span_t e;
    uint8_t hash256[MDSEC_SHA256_LEN];
    uint8_t hash384[MDSEC_SHA384_LEN];
    uint32_t magic;
} mdsec_fw_key_t;

/**
 * @brief Make a trusted key from its SubjectPublicKeyInfo DER (EC P-256,
 *        P-384, RSA-2048/3072 or Ed25519; in a build without Ed25519 such a
 *        key loads, and its images get ::MDSEC_ERR_FW_ALG_UNSUPPORTED).
 *
 * The DER must stay valid as long as the key is used (keep it in flash).
 * @param[out] key The key; zeroed on failure.
 * @param spki DER SubjectPublicKeyInfo.
 * @param len Its length.
 * @return ::MDSEC_OK, a DER parse error, ::MDSEC_ERR_KEY_INVALID (unusable
 *         size), or a crypto failure while hashing.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_fw_key_from_spki(mdsec_fw_key_t *key, const uint8_t *spki,
                                                      size_t len);

/**
 * @brief The SHA-256 key hash of a trusted key, as `mdsec-fw keyhash` prints
 *        it and as revocation lists name keys.
 * @param key A key made by mdsec_fw_key_from_spki().
 * @return Pointer to 32 bytes inside @p key, or NULL for an uninitialised key.
 */
const uint8_t *mdsec_fw_key_hash(const mdsec_fw_key_t *key);

/** @brief Version-downgrade policy. */
typedef enum mdsec_fw_downgrade {
    MDSEC_FW_DOWNGRADE_ALLOW = 0, /**< No version check (the security counter still applies). */
    MDSEC_FW_DOWNGRADE_DENY = 1,  /**< Refuse major.minor.revision below the installed version. */
    MDSEC_FW_DOWNGRADE_DENY_WITH_BUILD = 2 /**< Also compare the build number. */
} mdsec_fw_downgrade_t;

/** @brief The integrator's trust policy. */
typedef struct mdsec_fw_policy {
    const mdsec_fw_key_t *keys;                 /**< Trusted keys. */
    size_t key_count;                           /**< Number of trusted keys (at least 1). */
    const uint8_t (*revoked)[MDSEC_SHA256_LEN]; /**< SHA-256 key hashes of revoked keys, or NULL. */
    size_t revoked_count;                       /**< Entries in @c revoked. */
    unsigned threshold;  /**< Valid signatures by distinct trusted keys required (0 means 1). */
    uint8_t use_counter; /**< Nonzero: compare SEC_CNT with port counter @c counter_id. */
    uint8_t require_security_counter; /**< Nonzero: an image without SEC_CNT is refused. */
    uint32_t counter_id;              /**< Port counter holding the device's security counter. */
    mdsec_fw_downgrade_t downgrade;   /**< Version-downgrade policy. */
    mdsec_fw_version_t installed;     /**< Installed version, for the downgrade policy. */
    mdsec_fw_installed_fn
        installed_of; /**< Installed versions of other images, for DEPENDENCY TLVs (may be NULL). */
    void *installed_ctx;   /**< Passed to @c installed_of. */
    uint8_t trailer_align; /**< Flash write alignment of the MCUboot trailer (0 means 8). */
} mdsec_fw_policy_t;

/** @brief What verification found. */
typedef struct mdsec_fw_result {
    mdsec_status_t status;              /**< ::MDSEC_OK or why the image was refused. */
    uint32_t decision;                  /**< ::MDSEC_FW_DECISION_VALID only for a valid image. */
    uint32_t decision_check;            /**< The complement of @c decision. */
    uint32_t fail_offset;               /**< Offset in the image where the failure was seen. */
    mdsec_fw_version_t version;         /**< Image version (from the header). */
    uint32_t flags;                     /**< Header flags. */
    uint32_t image_end;                 /**< Offset just after the unprotected TLV area. */
    uint8_t has_security_counter;       /**< Nonzero when the image carries SEC_CNT. */
    uint32_t security_counter;          /**< Its value. */
    mdsec_hash_alg_t hash_alg;          /**< Hash algorithm of the image. */
    uint8_t digest[MDSEC_HASH_MAX_LEN]; /**< The image digest (as computed and matched). */
    size_t digest_len;                  /**< Its length. */
    size_t signature_count;             /**< Signature TLVs in the image. */
    size_t signer_count; /**< Valid signatures by distinct trusted, unrevoked keys. */
    uint8_t signers[MDSEC_FW_MAX_SIGS][MDSEC_SHA256_LEN]; /**< Their SHA-256 key hashes. */
    size_t revoked_count;    /**< Signatures that did not count because their key is revoked. */
    size_t dependency_count; /**< DEPENDENCY TLVs checked. */
} mdsec_fw_result_t;

/** @brief Working memory of one verification. Fields are private. */
typedef struct mdsec_fw_ctx {
    /** @privatesection */
    mdsec_hash_ctx_t hash;
    uint8_t buf[MDSEC_FW_BUF_SIZE];
    uint8_t header[MDSEC_FW_HEADER_SIZE]; /* the header as read once, parsed and hashed */
    uint8_t tlv_head[8];                  /* unprotected TLV info and hash TLV header, read ahead */
    size_t nsigs;
} mdsec_fw_ctx_t;

/**
 * @brief Verify an image against @p policy.
 *
 * Checks, in order: header (magic, header size at least 32, sizes inside
 * @p region_size with wrap-safe sums, no encryption); the protected TLV
 * area (only SEC_CNT and DEPENDENCY, each of the right length, its size
 * equal to the header's); the unprotected area (exactly one SHA256, SHA384
 * or, with Ed25519 built in, SHA512 TLV, first; then an optional SIG_PURE;
 * then KEYHASH/PUBKEY and signature TLVs, nothing else, its
 * size equal to what its TLVs fill); the bytes after it up to @p
 * region_size (erased slot padding and a well-formed MCUboot trailer only);
 * the hash over header, body and protected TLVs (compared in constant
 * time); the signatures (DER strictly parsed); the threshold of distinct
 * trusted, unrevoked signers; then the security counter, the version
 * policy and dependencies. Each byte is read once, except the unprotected
 * TLV info and the hash TLV, which are read ahead of hashing to learn the
 * hash algorithm and read again in the TLV walk; if the two reads differ the
 * image is refused with ::MDSEC_ERR_FW_CHANGED. An image with a pure
 * Ed25519 signature (SIG_PURE TLV) is refused with
 * ::MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE (use mdsec_fw_verify_buffer()), or with
 * ::MDSEC_ERR_FW_ALG_UNSUPPORTED in a build without Ed25519.
 * @param ctx Working memory.
 * @param policy The trust policy.
 * @param read Reads the image.
 * @param read_ctx Passed to @p read.
 * @param region_size Bytes readable: the image file's size or the slot's size.
 * @param[out] result The verdict and what was found (always filled).
 * @return ::MDSEC_OK for a valid image, otherwise the specific reason
 *         (also in @p result).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_fw_verify(mdsec_fw_ctx_t *ctx, const mdsec_fw_policy_t *policy,
                                               mdsec_fw_read_fn read, void *read_ctx,
                                               uint32_t region_size, mdsec_fw_result_t *result);

/**
 * @brief Verify an image held in memory: in RAM, or flash mapped into the
 *        address space.
 *
 * The same checks as mdsec_fw_verify(), reading from @p image. It also
 * verifies pure Ed25519 signatures (imgtool --pure), which are over the
 * image bytes themselves and so cannot be checked from a stream: the
 * signature is checked over @p image, and the digest of the bytes that were
 * parsed and hashed is computed again over @p image afterwards (a
 * difference is ::MDSEC_ERR_FW_CHANGED). The image must not change while it
 * is verified, nor between verification and use.
 * @param ctx Working memory.
 * @param policy The trust policy.
 * @param image The image bytes.
 * @param len Their number.
 * @param[out] result The verdict.
 * @return As mdsec_fw_verify().
 */
MDSEC_NODISCARD mdsec_status_t mdsec_fw_verify_buffer(mdsec_fw_ctx_t *ctx,
                                                      const mdsec_fw_policy_t *policy,
                                                      const uint8_t *image, size_t len,
                                                      mdsec_fw_result_t *result);

/**
 * @brief The fault-hardened test of a verdict: status, decision word and
 *        its complement must all say "valid".
 *
 * If they disagree (a glitch or memory corruption), mdsec_port_fatal() is
 * called and this function does not return.
 * @param result A result filled by mdsec_fw_verify().
 * @return ::MDSEC_FW_DECISION_VALID for a valid image, 0 otherwise.
 */
uint32_t mdsec_fw_is_valid(const mdsec_fw_result_t *result);

/**
 * @brief Confirm an installed image: raise the device's security counter to
 *        the image's, so that older images become rollbacks.
 *
 * Call only after the new image has booted and proved good. Until then the
 * counter is unchanged and both the old and the new image verify, so a
 * power cut between verification and commit leaves the device able to boot
 * either. The counter update itself is atomic (port contract).
 * @param policy The policy the image was verified under.
 * @param result Its successful verification.
 * @return ::MDSEC_OK (also when the counter was already there),
 *         ::MDSEC_ERR_FW_NOT_VERIFIED, or a port counter failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_fw_commit(const mdsec_fw_policy_t *policy,
                                               const mdsec_fw_result_t *result);

/**
 * @brief Compare two versions.
 * @param a First version.
 * @param b Second version.
 * @param with_build Nonzero to compare the build numbers too.
 * @return Negative, 0 or positive as @p a is below, equal to or above @p b.
 */
int mdsec_fw_version_cmp(const mdsec_fw_version_t *a, const mdsec_fw_version_t *b, int with_build);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_FW_H */
