/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file log.h
 * @brief Hash-chained, forward-secure security log with signed checkpoints.
 *
 * Records go to the port storage region ::MDSEC_PORT_REGION_LOG. Each
 * record is MACed under a key that evolves one way (forward security),
 * chained to the previous one, and committed atomically; signed checkpoints
 * (ECDSA P-256 through the keystore) pin the chain head and can be exported
 * as witnesses. The formats are specified in docs/log.md; the host verifier
 * is mdsec_log_verify_export() and the `mdsec-log` tool.
 *
 * A context is allocated by the caller (no heap) and is thread-safe through
 * the port mutex.
 */
#ifndef MDSEC_LOG_H
#define MDSEC_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/event.h"
#include "mdsec/keystore.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The build-time limits of this module are in mdsec/config.h. */

/** @name Sizes */
/** @{ */
/** @brief Device identifier length in bytes. */
#define MDSEC_LOG_DEVICE_ID_LEN     16u
/** @brief Log MAC key length (the provisioned initial key k0). */
#define MDSEC_LOG_KEY_LEN           32u
/** @brief Fixed bytes of a record around its payload. */
#define MDSEC_LOG_RECORD_OVERHEAD   128u
/** @brief Largest record in bytes. */
#define MDSEC_LOG_RECORD_MAX        (MDSEC_LOG_RECORD_OVERHEAD + MDSEC_LOG_PAYLOAD_MAX)
/** @brief Length of a witness (and of a checkpoint body). */
#define MDSEC_LOG_WITNESS_LEN       136u
/** @brief Length of an export header. */
#define MDSEC_LOG_EXPORT_HEADER_LEN 96u
/** @} */

/** @brief Record kinds (stored: stable). */
typedef enum mdsec_log_kind {
    MDSEC_LOG_KIND_EVENT = 1,      /**< A security event. */
    MDSEC_LOG_KIND_CHECKPOINT = 2, /**< A signed checkpoint (payload: a witness). */
    MDSEC_LOG_KIND_DROPPED = 3     /**< Records a..b were dropped (overwrite policy). */
} mdsec_log_kind_t;

/** @brief What the log does when it is full. */
typedef enum mdsec_log_full_policy {
    MDSEC_LOG_FULL_STOP =
        0, /**< Refuse appends with ::MDSEC_ERR_LOG_FULL (after an overflow record). */
    MDSEC_LOG_FULL_OVERWRITE = 1 /**< Drop the oldest sector after a signed "dropped" marker. */
} mdsec_log_full_policy_t;

/** @brief Log configuration. */
typedef struct mdsec_log_config {
    uint32_t region;                            /**< Storage region (::MDSEC_PORT_REGION_LOG). */
    uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN]; /**< This device's identifier. */
    mdsec_ks_ctx_t *ks;                         /**< Keystore holding the checkpoint key. */
    mdsec_ks_id_t checkpoint_key;               /**< ECDSA P-256 key pair with SIGN usage. */
    uint32_t evolve_every;     /**< Records per MAC key epoch (1 = evolve after every record). */
    uint32_t checkpoint_every; /**< Records between automatic checkpoints (0: only on request,
                                    at close and before a wrap). */
    uint8_t full_policy;       /**< A ::mdsec_log_full_policy_t value. */
    uint8_t capacity_warn_pct; /**< Fill level (percent, 1..100) that logs
                                    ::MDSEC_EV_AUDIT_CAPACITY once; 0 disables. */
    uint8_t read_only; /**< Nonzero: open for export only (no key state needed, no writes). */
} mdsec_log_config_t;

/** @brief One record to append (the log adds sequence, boot, epoch, times, MAC and chain). */
typedef struct mdsec_log_entry {
    uint16_t code;          /**< Event code (::mdsec_event_code_t or the vendor range). */
    uint8_t outcome;        /**< ::mdsec_outcome_t value. */
    uint8_t source;         /**< ::mdsec_event_source_t value. */
    uint32_t actor;         /**< Actor or object id. */
    int32_t status;         /**< mdsec status behind the outcome. */
    const uint8_t *payload; /**< TLV payload (may be NULL when payload_len is 0). */
    size_t payload_len;     /**< At most ::MDSEC_LOG_PAYLOAD_MAX. */
} mdsec_log_entry_t;

/** @brief Counters and state of an open log. */
typedef struct mdsec_log_stats {
    uint64_t next_seq;       /**< Sequence number of the next record. */
    uint64_t first_seq;      /**< Oldest record still stored. */
    uint64_t last_sealed;    /**< Last record covered by a checkpoint (UINT64_MAX: none). */
    uint32_t boot;           /**< Boot counter of this session. */
    uint32_t epoch;          /**< Current MAC key epoch. */
    uint32_t sectors_used;   /**< Log sectors holding records. */
    uint32_t sectors_total;  /**< Log sectors in the region. */
    uint32_t bad_sectors;    /**< Corrupted sectors skipped. */
    uint32_t torn_recovered; /**< Torn records found at open. */
    uint32_t fill_pct;       /**< Fill level in percent. */
} mdsec_log_stats_t;

/** @brief Byte sink for exports: returns ::MDSEC_OK or a failure that stops the export. */
typedef mdsec_status_t (*mdsec_log_write_fn)(void *arg, const uint8_t *data, size_t len);

/** @brief Log context. Fields are private. */
typedef struct mdsec_log_ctx {
    /** @privatesection */
    mdsec_port_mutex_t mutex;
    mdsec_log_config_t cfg;
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint8_t kek[32]; /* key-state sealing key, derived once at open (the root secret may be
                        locked or out of reach after start-up) */
    uint8_t head[32];
    uint8_t genesis[32];
    uint64_t next_seq;
    uint64_t first_seq;
    uint64_t last_sealed;
    uint64_t since_checkpoint;
    uint64_t sealed_drop; /* first_dropped of the last marker sealed by a checkpoint */
    uint64_t pending_drop;
    const uint8_t *image; /* read-only image instead of the port region (fuzzing, tools) */
    uint32_t image_size;
    uint32_t region_size;
    uint32_t boot;
    uint32_t epoch;
    uint32_t key_epoch; /* epoch of the key state on flash */
    uint32_t device_tag;
    uint32_t sector_size;
    uint32_t program_unit;
    uint32_t hdr_area;
    uint32_t slot_max;
    uint32_t reserve;
    uint32_t log_sectors;
    uint32_t sector_seq[MDSEC_LOG_MAX_SECTORS];
    uint64_t sector_first[MDSEC_LOG_MAX_SECTORS];
    uint8_t sector_state[MDSEC_LOG_MAX_SECTORS];
    uint32_t active;
    uint32_t write_off;
    uint32_t key_sector;
    uint32_t bad_sectors;
    uint32_t torn_recovered;
    uint8_t erased;
    uint8_t warned;
    uint8_t stopped;
    uint8_t records_lost; /* the key state was ahead of the records: a tail is missing */
    uint8_t key_dirty;
    uint8_t key_stale; /* the other key-state sector still needs erasing */
    uint32_t magic;
} mdsec_log_ctx_t;

/**
 * @brief Provision the log: erase the region, store the initial MAC key
 *        @p k0 as the epoch-0 key state and start the first sector.
 *
 * The only call that formats; mdsec_log_open() never does. Keep @p k0 for
 * the verifier (off the device) and wipe it on the device.
 * @param cfg Configuration (region, device id, evolve_every).
 * @param k0 Initial MAC key, ::MDSEC_LOG_KEY_LEN bytes.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG or a storage failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_format(const mdsec_log_config_t *cfg,
                                                const uint8_t k0[MDSEC_LOG_KEY_LEN]);

/**
 * @brief Open the log: recover the key state and the chain, find and
 *        report a torn tail, increase the boot counter and log
 *        ::MDSEC_EV_AUDIT_START.
 * @param ctx The context (overwritten).
 * @param cfg Configuration (copied).
 * @return ::MDSEC_OK, ::MDSEC_ERR_LOG_SECTOR (opened; a corrupted sector was
 *         skipped), ::MDSEC_ERR_LOG_UNFORMATTED, ::MDSEC_ERR_LOG_KEY or a
 *         storage failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_open(mdsec_log_ctx_t *ctx, const mdsec_log_config_t *cfg);

/**
 * @brief Append one record, durably: when this returns ::MDSEC_OK the
 *        record survives a power cut.
 * @param ctx The log.
 * @param entry The record.
 * @param[out] seq Its sequence number (may be NULL).
 * @return ::MDSEC_OK, ::MDSEC_ERR_LOG_FULL, ::MDSEC_ERR_LOG_TOO_LARGE, or a
 *         storage or key failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_append(mdsec_log_ctx_t *ctx,
                                                const mdsec_log_entry_t *entry, uint64_t *seq);

/**
 * @brief Event sink that appends every security event to the log: install
 *        it with `mdsec_event_set_sink(mdsec_log_event_sink, &log)`.
 * @param ctx The log (a ::mdsec_log_ctx_t).
 * @param ev The event.
 */
void mdsec_log_event_sink(void *ctx, const mdsec_event_t *ev);

/**
 * @brief Write a signed checkpoint now and return its witness.
 * @param ctx The log.
 * @param[out] witness ::MDSEC_LOG_WITNESS_LEN bytes (may be NULL); zeroed on failure.
 * @param cap Capacity of @p witness.
 * @return ::MDSEC_OK, ::MDSEC_ERR_LOG_KEY, ::MDSEC_ERR_BUFFER_TOO_SMALL or a failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_checkpoint(mdsec_log_ctx_t *ctx, uint8_t *witness,
                                                    size_t cap);

/**
 * @brief Stream the binary export (docs/log.md) of every stored record and
 *        log ::MDSEC_EV_LOG_EXPORT.
 * @param ctx The log.
 * @param write Byte sink.
 * @param arg Passed to @p write.
 * @return ::MDSEC_OK or the first failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_export(mdsec_log_ctx_t *ctx, mdsec_log_write_fn write,
                                                void *arg);

/**
 * @brief Read the log's counters.
 * @param ctx The log.
 * @param[out] stats The counters; zeroed on failure.
 * @return ::MDSEC_OK or a failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_stats(mdsec_log_ctx_t *ctx, mdsec_log_stats_t *stats);

/**
 * @brief Log ::MDSEC_EV_AUDIT_STOP and a final checkpoint, wipe the key and
 *        release the context.
 * @param ctx The log.
 * @return ::MDSEC_OK or the failure of the last writes (the context is released anyway).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_close(mdsec_log_ctx_t *ctx);

/** @brief Verdict value of a passing verification (distinct, non-trivial). */
#define MDSEC_LOG_VERDICT_PASS 0x5A3C96E1u
/** @brief Verdict value of a failing verification. */
#define MDSEC_LOG_VERDICT_FAIL 0xA5C3691Eu

/** @brief Outcome of verifying an export. */
typedef struct mdsec_log_verify_result {
    uint32_t verdict;      /**< ::MDSEC_LOG_VERDICT_PASS or ::MDSEC_LOG_VERDICT_FAIL. */
    mdsec_status_t reason; /**< ::MDSEC_OK or why the first bad record failed. */
    uint64_t records;      /**< Records verified. */
    uint64_t first_seq;    /**< First verified sequence number. */
    uint64_t last_seq;     /**< Last verified sequence number. */
    uint64_t last_sealed;  /**< Last record covered by a valid checkpoint (UINT64_MAX: none). */
    uint64_t unsealed;     /**< Records after the last valid checkpoint. */
    uint64_t bad_seq;      /**< Sequence number of the first bad record (or expected one). */
    uint64_t bad_offset;   /**< Byte offset of the first bad record in the export. */
    uint32_t checkpoints;  /**< Valid checkpoints seen. */
    uint32_t boots;        /**< Boot-counter changes seen. */
    uint32_t gaps;         /**< Sequence gaps seen. */
    uint32_t bad_epoch;    /**< For ::MDSEC_ERR_LOG_EPOCH: the epoch whose key sealed the record. */
    uint8_t witness_checked; /**< Nonzero when a witness was given and checked. */
    uint8_t bad_in; /**< Where the failure is: an ::MDSEC_LOG_BAD_IN_EXPORT value (0 for PASS). */
    uint8_t anchor_witnessed; /**< Nonzero when the anchoring drop marker is at or before the
                                   witnessed record (pinned by the witness). */
    uint64_t anchor_seq;      /**< Seq of the drop marker that anchors the start (UINT64_MAX:
                              the export starts at the genesis value, or is not anchored). */
} mdsec_log_verify_result_t;

/** @name Where a failed verification found the fault (mdsec_log_verify_result_t::bad_in) */
/** @{ */
/** @brief In the export (its header or a record). */
#define MDSEC_LOG_BAD_IN_EXPORT  1u
/** @brief In the witness itself (malformed, bad signature, wrong epoch or device), or the
 *  export does not hold the witnessed record. */
#define MDSEC_LOG_BAD_IN_WITNESS 2u
/** @brief In the verifier's own parameters (a usage error, such as an invalid key). */
#define MDSEC_LOG_BAD_IN_PARAMS  3u
/** @} */

/**
 * @brief Inputs of a verification: what the verifier was provisioned with.
 *
 * Every value that decides which key may MAC which record comes from here,
 * never from the export under test: where the export header repeats a value
 * (device id, evolve_every), a mismatch fails with ::MDSEC_ERR_LOG_PARAMS.
 * Fill it from a verifier bundle with mdsec_log_bundle_params().
 */
typedef struct mdsec_log_verify_params {
    const uint8_t *k0;        /**< Initial MAC key (::MDSEC_LOG_KEY_LEN bytes). Required. */
    const uint8_t *device_id; /**< The device's id (::MDSEC_LOG_DEVICE_ID_LEN bytes). Required. */
    uint32_t evolve_every;    /**< The device's records per key epoch (>= 1). Required. */
    const uint8_t
        *pubkey;       /**< Checkpoint public key, uncompressed P-256 point (65 bytes), or NULL. */
    size_t pubkey_len; /**< 65, or 0. */
    const uint8_t
        *witness;       /**< A witness (::MDSEC_LOG_WITNESS_LEN bytes), or NULL; needs @c pubkey. */
    size_t witness_len; /**< Its length, or 0. */
    uint8_t require_sealed; /**< Nonzero: an unsealed tail fails the verification. */
} mdsec_log_verify_params_t;

/** @name Verifier bundle */
/** @{ */
/** @brief Length of an encoded verifier bundle. */
#define MDSEC_LOG_BUNDLE_LEN 160u
/** @brief Length of the checkpoint public key: an uncompressed P-256 point. */
#define MDSEC_LOG_PUBKEY_LEN 65u
/** @} */

/**
 * @brief What a verifier is provisioned with for one device's log: the
 *        initial MAC key, the device id, evolve_every and the checkpoint
 *        public key. It holds k0: keep it as secret as k0.
 */
typedef struct mdsec_log_bundle {
    uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN]; /**< The device's id. */
    uint32_t evolve_every;                      /**< Records per key epoch (>= 1). */
    uint8_t k0[MDSEC_LOG_KEY_LEN];              /**< The initial MAC key. */
    uint8_t pubkey[MDSEC_LOG_PUBKEY_LEN]; /**< Checkpoint public key, uncompressed P-256 point. */
} mdsec_log_bundle_t;

/**
 * @brief Make the verifier bundle at provisioning: the id and evolve_every
 *        of @p cfg, @p k0, and the public key of the checkpoint key in
 *        @p cfg->ks.
 * @param cfg The configuration the log is formatted with.
 * @param k0 The initial MAC key given to mdsec_log_format().
 * @param[out] out The bundle; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG, or the keystore's failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_bundle_make(const mdsec_log_config_t *cfg,
                                                     const uint8_t k0[MDSEC_LOG_KEY_LEN],
                                                     mdsec_log_bundle_t *out);

/**
 * @brief Encode a bundle into its ::MDSEC_LOG_BUNDLE_LEN-byte file format
 *        (docs/log.md, "Verifier bundle").
 * @param b The bundle.
 * @param[out] out Destination.
 * @param cap Capacity of @p out.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG (NULL, evolve_every 0 or a
 *         public key that is not an uncompressed point) or
 *         ::MDSEC_ERR_BUFFER_TOO_SMALL; @p out is zeroed on failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_bundle_encode(const mdsec_log_bundle_t *b, uint8_t *out,
                                                       size_t cap);

/**
 * @brief Parse an encoded bundle: exactly ::MDSEC_LOG_BUNDLE_LEN bytes,
 *        magic, version, length, evolve_every >= 1, reserved bytes zero, an
 *        uncompressed point and the check value.
 * @param buf The bytes.
 * @param len Their length.
 * @param[out] out The bundle; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG (NULL) or ::MDSEC_ERR_LOG_FORMAT.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_bundle_parse(const uint8_t *buf, size_t len,
                                                      mdsec_log_bundle_t *out);

/**
 * @brief Point the provisioned fields of @p p (k0, device id, evolve_every,
 *        checkpoint public key) at @p b; the witness and require_sealed
 *        are left as they are. @p b must outlive the verification.
 * @param b The bundle.
 * @param[in,out] p The parameters.
 * @return ::MDSEC_OK or ::MDSEC_ERR_INVALID_ARG.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_bundle_params(const mdsec_log_bundle_t *b,
                                                       mdsec_log_verify_params_t *p);

/**
 * @brief Verify a binary export (docs/log.md, "Verification").
 *
 * Runs anywhere (host tools, gateways, the device): no heap, bounded
 * memory. Exactly one of PASS or FAIL is returned in @p res; the status is
 * ::MDSEC_OK only for PASS.
 * @param exp The export.
 * @param len Its length.
 * @param params Keys and options.
 * @param[out] res The result (always filled).
 * @return ::MDSEC_OK for PASS, otherwise the reason (also in @p res).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_log_verify_export(const uint8_t *exp, size_t len,
                                                       const mdsec_log_verify_params_t *params,
                                                       mdsec_log_verify_result_t *res);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_LOG_H */
