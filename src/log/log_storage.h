/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log storage (log_storage.c): the region layout of docs/log.md
 * (log sectors as a ring, the last two sectors for the key state), sector
 * headers, the sealed key state, and the scan that recovers the log on
 * open. Used by log.c only (and the fuzz target). Callers hold the log
 * mutex. Not a public API.
 */
#ifndef MDSEC_SRC_LOG_STORAGE_H
#define MDSEC_SRC_LOG_STORAGE_H

#include <stddef.h>
#include <stdint.h>

#include "log/log_internal.h"
#include "mdsec/log.h"
#include "mdsec/status.h"

/* sector_state values. */
#define LOG_SECT_FREE  0u /* erased, or to be erased before use */
#define LOG_SECT_VALID 1u /* a valid header for this device */
#define LOG_SECT_BAD   2u /* neither valid nor erased: reported and skipped */

#define LOG_NONE UINT64_MAX

/* Key-state record: header (magic, version, reserved, epoch; the AAD),
 * sealed key, tag. */
#define LOG_KEY_HDR_LEN 12u
#define LOG_KEY_REC_LEN (LOG_KEY_HDR_LEN + MDSEC_LOG_KEY_LEN + 16u)

/* Slots a record needs on flash: its length rounded up to the program unit. */
uint32_t mdsec__log_st_slot(const mdsec_log_ctx_t *ctx, size_t len);

/* Geometry: from the port (image == NULL) or from *info for an image.
 * Fills sector_size, program_unit, erased, log_sectors, hdr_area, slot_max,
 * reserve. MDSEC_ERR_NOT_SUPPORTED when the region cannot hold a log. */
mdsec_status_t mdsec__log_st_geometry(mdsec_log_ctx_t *ctx, const mdsec_port_storage_info_t *info);

/* Raw access to the region (or the image; an image is never written). */
mdsec_status_t mdsec__log_st_read(const mdsec_log_ctx_t *ctx, uint32_t off, void *buf, size_t len);
mdsec_status_t mdsec__log_st_program(const mdsec_log_ctx_t *ctx, uint32_t off, const void *buf,
                                     size_t len);
mdsec_status_t mdsec__log_st_erase_sector(const mdsec_log_ctx_t *ctx, uint32_t sector);

/* Erase log sector idx and write its header; on success it becomes the
 * active sector. */
mdsec_status_t mdsec__log_st_start_sector(mdsec_log_ctx_t *ctx, uint32_t idx, uint32_t sector_seq,
                                          uint64_t first_seq, const uint8_t h_prev[LOG_HASH_LEN]);

/* Read the header of log sector idx: MDSEC_OK (valid: device id and
 * evolve_every as in ctx->cfg), MDSEC_ERR_STATE (erased) or
 * MDSEC_ERR_LOG_FORMAT. */
mdsec_status_t mdsec__log_st_read_header(const mdsec_log_ctx_t *ctx, uint32_t idx,
                                         uint32_t *sector_seq, uint64_t *first_seq,
                                         uint8_t h_prev[LOG_HASH_LEN]);

/* Derive the key-state sealing key into ctx->kek from the root secret
 * (once, at format or open; wiped with the context). */
mdsec_status_t mdsec__log_st_derive_kek(mdsec_log_ctx_t *ctx);

/* Key state. load: the valid state with the highest epoch (MDSEC_ERR_LOG_KEY
 * when there is none); sets ctx->key_sector, ctx->key_epoch and
 * ctx->key_stale. store: seal key/epoch into the other key sector, then
 * erase the old one. finish: erase a stale sector left by an interrupted
 * store. */
mdsec_status_t mdsec__log_st_key_load(mdsec_log_ctx_t *ctx, uint8_t key[MDSEC_LOG_KEY_LEN],
                                      uint32_t *epoch);
mdsec_status_t mdsec__log_st_key_store(mdsec_log_ctx_t *ctx, const uint8_t key[MDSEC_LOG_KEY_LEN],
                                       uint32_t epoch);
mdsec_status_t mdsec__log_st_key_finish(mdsec_log_ctx_t *ctx);

/* What the scan of one sector found. */
typedef struct log_sector_walk {
    uint32_t end_off;  /* where the next record goes (after the last valid one) */
    uint32_t torn_off; /* offset of a torn tail */
    uint8_t torn_tail; /* the sector ends in a torn or invalid slot */
    uint32_t torn_inner;
    uint64_t count;
} log_sector_walk_t;

/* Called for every committed record, in sequence order. */
typedef mdsec_status_t (*log_visit_fn)(void *arg, const uint8_t *rec, size_t len,
                                       const log_record_t *r, const uint8_t chain[LOG_HASH_LEN]);

/* Valid sectors in sector_seq order: the first (LOG_NONE-like
 * MDSEC_LOG_MAX_SECTORS when none) and the one after idx. */
uint32_t mdsec__log_st_first_sector(const mdsec_log_ctx_t *ctx);
uint32_t mdsec__log_st_next_sector(const mdsec_log_ctx_t *ctx, uint32_t idx);

/* Every committed record of the log, oldest first. */
mdsec_status_t mdsec__log_st_walk(const mdsec_log_ctx_t *ctx, log_visit_fn visit, void *arg);

/* What the recovery scan found (mdsec__log_st_scan). */
typedef struct log_scan {
    uint8_t found;      /* at least one valid sector */
    uint8_t any_record; /* at least one committed record */
    uint8_t torn_tail;  /* the active sector ends in a torn record */
    uint8_t torn_start; /* the sector after the active one has a torn header */
    uint32_t torn_off;
    uint32_t end_off;
    uint32_t max_boot;
    uint64_t last_seq;
    uint8_t last_chain[LOG_HASH_LEN];
    uint8_t last_rec[MDSEC_LOG_RECORD_MAX];
    size_t last_len;
    uint64_t last_sealed;
    uint64_t sealed_drop;
    uint64_t pending_drop;
    uint16_t last_code; /* codes of the last two records */
    uint16_t prev_code;
} log_scan_t;

/* Classify every sector, order the valid ones, read every record, and
 * fill ctx (sector tables, active, write_off, next_seq, head, first_seq,
 * bad_sectors) and *out. */
mdsec_status_t mdsec__log_st_scan(mdsec_log_ctx_t *ctx, log_scan_t *out);

/* Open a log read-only over an in-memory region image with the given
 * geometry (the storage-region parser entry for fuzzing and tools). Same
 * results as mdsec_log_open() with read_only set. */
mdsec_status_t mdsec__log_open_image(mdsec_log_ctx_t *ctx, const mdsec_log_config_t *cfg,
                                     const uint8_t *image, size_t len,
                                     const mdsec_port_storage_info_t *info);

#endif /* MDSEC_SRC_LOG_STORAGE_H */
