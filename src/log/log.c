/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log, device side: format, open (recovery), append, the event
 * sink, checkpoints, export, statistics and close (docs/log.md).
 *
 * Every public call takes the port mutex for its whole duration; nothing
 * inside emits an event through mdsec_event_emit() (the log's own events
 * are written as records directly, and checkpoints are signed with the
 * keystore's quiet sign), so the event sink is never re-entered.
 *
 * Writes, in the order that keeps the flash consistent at every power cut:
 *  - a record is one program ending in its commit word;
 *  - when a record opens a new MAC key epoch, the key evolves in RAM (the
 *    old key is wiped), the record is committed, and only then the new key
 *    state is stored (other key sector, then the old one erased), so the
 *    key state never runs ahead of the records;
 *  - a full ring under the overwrite policy: dropped marker, checkpoint,
 *    erase of the oldest sector, header of the new sector.
 */
#include <string.h>

#include "core/bytes.h"
#include "crypto/crypto.h"
#include "keystore/ks_internal.h"
#include "log/log_storage.h"
#include "mdsec/port.h"

#define LOG_CTX_MAGIC         0x4c4f47c5u
/* How many epochs the next record may be ahead of the key in RAM. */
#define LOG_EPOCH_LAG_MAX     1u
/* How far open evolves a key state that lags the last record (normally 1). */
#define LOG_EPOCH_CATCHUP_MAX 64u
/* TLV tags of the log's own records. */
#define LOG_TAG_SEQ           1u /* u64le: a sequence number */
#define LOG_TAG_COUNT         2u /* u32le: a count */
#define LOG_TAG_FILL          3u /* u8: fill level in percent */

/* ---- helpers ---- */

static int outcome_ok(uint32_t o)
{
    return o == MDSEC_OUTCOME_SUCCESS || o == MDSEC_OUTCOME_MINOR || o == MDSEC_OUTCOME_SERIOUS ||
           o == MDSEC_OUTCOME_MAJOR;
}

/* A payload is a sequence of whole TLV items (1-byte tag, 1-byte length). */
static int tlv_ok(const uint8_t *p, size_t len)
{
    size_t off = 0;
    while (off < len) {
        if (len - off < 2u || (size_t)p[off + 1u] > len - off - 2u) {
            return 0;
        }
        off += 2u + (size_t)p[off + 1u];
    }
    return 1;
}

static uint32_t ring_next(const mdsec_log_ctx_t *ctx, uint32_t idx)
{
    return ctx->log_sectors != 0u ? (idx + 1u) % ctx->log_sectors : 0u;
}

static uint32_t max_sector_seq(const mdsec_log_ctx_t *ctx)
{
    uint32_t m = 0;
    for (uint32_t i = 0; i < ctx->log_sectors; i++) {
        if (ctx->sector_state[i] == LOG_SECT_VALID && ctx->sector_seq[i] > m) {
            m = ctx->sector_seq[i];
        }
    }
    return m;
}

static uint32_t fill_pct(const mdsec_log_ctx_t *ctx)
{
    const uint64_t per = (uint64_t)(ctx->sector_size - ctx->hdr_area);
    const uint64_t total = per * ctx->log_sectors;
    uint64_t used = 0;
    for (uint32_t i = 0; i < ctx->log_sectors; i++) {
        if (ctx->sector_state[i] == LOG_SECT_VALID && i != ctx->active) {
            used += per;
        }
    }
    if (ctx->sector_state[ctx->active] == LOG_SECT_VALID && ctx->write_off > ctx->hdr_area) {
        used += (uint64_t)(ctx->write_off - ctx->hdr_area);
    }
    return total == 0u ? 0u : (uint32_t)((used * 100u) / total);
}

static mdsec_status_t config_check(const mdsec_log_config_t *cfg, int need_ks)
{
    if (cfg == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (cfg->full_policy > (uint8_t)MDSEC_LOG_FULL_OVERWRITE || cfg->capacity_warn_pct > 100u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (need_ks && (cfg->evolve_every == 0u || cfg->ks == NULL ||
                    cfg->checkpoint_key == MDSEC_KS_ID_INVALID)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    return MDSEC_OK;
}

static void ctx_wipe(mdsec_log_ctx_t *ctx)
{
    mdsec_memzero(ctx, sizeof *ctx);
}

/* ---- writing (callers hold the lock) ---- */

static int slot_failed(mdsec_log_ctx_t *ctx, const uint8_t *rec, uint32_t slot);

/* Write one record at the write position of the active sector (the caller
 * made room). Fills seq, boot, epoch, times and the device tag. */
static mdsec_status_t write_record(mdsec_log_ctx_t *ctx, log_record_t *r, uint64_t *seq_out)
{
    uint8_t buf[MDSEC_LOG_RECORD_MAX + MDSEC_LOG_PROGRAM_UNIT_MAX];
    uint8_t chain[LOG_HASH_LEN];
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint32_t epoch = 0;
    int64_t wall = 0;
    size_t len = 0;
    r->seq = ctx->next_seq;
    r->boot = ctx->boot;
    r->device_tag = ctx->device_tag;
    r->mono_ms = mdsec_port_monotonic_us() / 1000u;
    r->wall_s =
        mdsec_port_wallclock_ms(&wall) == MDSEC_OK && wall > 0 ? (uint64_t)wall / 1000u : 0u;
    mdsec_status_t st = mdsec__log_epoch_of(r->seq, ctx->cfg.evolve_every, &epoch);
    if (st != MDSEC_OK) {
        return st;
    }
    if (epoch < ctx->epoch || epoch - ctx->epoch > LOG_EPOCH_LAG_MAX) {
        return MDSEC_ERR_INTERNAL;
    }
    r->epoch = epoch;
    /* The key for this record: the current one, or the next epoch's. */
    memcpy(key, ctx->key, sizeof key);
    if (epoch != ctx->epoch) {
        st = mdsec__log_key_evolve(key, epoch);
    }
    memset(buf, ctx->erased, sizeof buf);
    if (st == MDSEC_OK) {
        st = mdsec__log_record_encode(r, key, ctx->head, buf, sizeof buf, &len, chain);
    }
    if (st == MDSEC_OK && epoch != ctx->epoch) {
        /* The new key is in use: the old one leaves RAM now. */
        memcpy(ctx->key, key, sizeof key);
        ctx->epoch = epoch;
        ctx->key_dirty = 1u;
    }
    mdsec_memzero(key, sizeof key);
    if (st != MDSEC_OK) {
        return st;
    }
    const uint32_t slot = mdsec__log_st_slot(ctx, len);
    if (ctx->write_off > ctx->sector_size || slot > ctx->sector_size - ctx->write_off) {
        return MDSEC_ERR_INTERNAL;
    }
    st = mdsec__log_st_program(ctx, ctx->active * ctx->sector_size + ctx->write_off, buf, slot);
    if (st != MDSEC_OK && !slot_failed(ctx, buf, slot)) {
        return st;
    }
    ctx->write_off += slot;
    memcpy(ctx->head, chain, sizeof chain);
    if (seq_out != NULL) {
        *seq_out = ctx->next_seq;
    }
    ctx->next_seq++;
    if (ctx->key_dirty != 0u) {
        /* First record of the epoch committed: store its key, drop the old.
         * A failure is retried at the next write (the flash then still
         * holds the previous epoch's key, never a later one). */
        if (mdsec__log_st_key_store(ctx, ctx->key, ctx->epoch) == MDSEC_OK) {
            ctx->key_dirty = 0u;
        }
    }
    return MDSEC_OK;
}

/* After a failed program, what the slot holds decides: the whole record
 * (the program completed, only its report failed): committed, returns 1; a
 * slot still erased is used again; a partly programmed one is skipped by
 * slot_max, as the reader expects (log_storage.c); when even that cannot be
 * told, the sector is closed. */
static int slot_failed(mdsec_log_ctx_t *ctx, const uint8_t *rec, uint32_t slot)
{
    uint8_t back[MDSEC_LOG_RECORD_MAX + MDSEC_LOG_PROGRAM_UNIT_MAX];
    if (slot > sizeof back ||
        mdsec__log_st_read(ctx, ctx->active * ctx->sector_size + ctx->write_off, back, slot) !=
            MDSEC_OK) {
        ctx->write_off = ctx->sector_size;
        return 0;
    }
    if (memcmp(back, rec, slot) == 0) {
        return 1;
    }
    uint8_t acc = 0;
    for (uint32_t i = 0; i < slot; i++) {
        acc |= (uint8_t)(back[i] ^ ctx->erased);
    }
    if (acc != 0u) {
        const uint32_t skip = ctx->write_off + ctx->slot_max;
        ctx->write_off = skip < ctx->sector_size ? skip : ctx->sector_size;
    }
    return 0;
}

static void record_init(log_record_t *r, uint32_t kind, uint16_t code, uint8_t outcome,
                        uint32_t actor, mdsec_status_t status, const uint8_t *payload, size_t len)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->code = code;
    r->outcome = outcome;
    r->source = (uint8_t)MDSEC_SRC_LOG;
    r->actor = actor;
    r->status = (int32_t)status;
    r->payload = payload;
    r->payload_len = len;
}

/* Sign a checkpoint over the last record and write it. */
static mdsec_status_t write_checkpoint(mdsec_log_ctx_t *ctx, uint8_t witness[MDSEC_LOG_WITNESS_LEN])
{
    log_witness_t w;
    log_record_t r;
    uint8_t digest[32];
    size_t sig_len = 0;
    memset(&w, 0, sizeof w);
    if (ctx->next_seq == 0u || ctx->next_seq - 1u < ctx->first_seq) {
        return MDSEC_ERR_STATE; /* nothing to cover */
    }
    memcpy(w.device_id, ctx->cfg.device_id, MDSEC_LOG_DEVICE_ID_LEN);
    w.boot = ctx->boot;
    w.seq = ctx->next_seq - 1u;
    memcpy(w.head, ctx->head, LOG_HASH_LEN);
    mdsec_status_t st = mdsec__log_epoch_of(w.seq, ctx->cfg.evolve_every, &w.epoch);
    if (st == MDSEC_OK) {
        st = mdsec__log_witness_digest(&w, digest);
    }
    if (st == MDSEC_OK) {
        st = mdsec__ks_sign_digest_quiet(ctx->cfg.ks, ctx->cfg.checkpoint_key, digest,
                                         sizeof digest, w.sig, sizeof w.sig, &sig_len);
        if (st != MDSEC_OK || sig_len != sizeof w.sig) {
            st = MDSEC_ERR_LOG_KEY;
        }
    }
    if (st == MDSEC_OK) {
        mdsec__log_witness_encode(&w, witness);
        record_init(&r, MDSEC_LOG_KIND_CHECKPOINT, (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT,
                    (uint8_t)MDSEC_OUTCOME_SUCCESS, ctx->cfg.checkpoint_key, MDSEC_OK, witness,
                    MDSEC_LOG_WITNESS_LEN);
        st = write_record(ctx, &r, NULL);
    }
    if (st == MDSEC_OK) {
        ctx->last_sealed = w.seq;
        ctx->since_checkpoint = 0;
        if (ctx->pending_drop != LOG_NONE) {
            ctx->sealed_drop = ctx->pending_drop;
            ctx->pending_drop = LOG_NONE;
        }
    } else {
        memset(witness, 0, MDSEC_LOG_WITNESS_LEN);
    }
    return st;
}

static uint32_t room(const mdsec_log_ctx_t *ctx)
{
    return ctx->write_off < ctx->sector_size ? ctx->sector_size - ctx->write_off : 0u;
}

static uint32_t seal_len(const mdsec_log_ctx_t *ctx, size_t payload)
{
    return mdsec__log_st_slot(ctx, MDSEC_LOG_RECORD_OVERHEAD + payload) +
           mdsec__log_st_slot(ctx, MDSEC_LOG_RECORD_OVERHEAD + MDSEC_LOG_WITNESS_LEN);
}

/* Start the sector after the active one (it is free or bad). */
static mdsec_status_t start_next(mdsec_log_ctx_t *ctx)
{
    const uint32_t next = ring_next(ctx, ctx->active);
    const uint8_t was = ctx->sector_state[next];
    const mdsec_status_t st =
        mdsec__log_st_start_sector(ctx, next, max_sector_seq(ctx) + 1u, ctx->next_seq, ctx->head);
    if (st == MDSEC_OK && was == LOG_SECT_BAD && ctx->bad_sectors > 0u) {
        ctx->bad_sectors--; /* reported at open; reused now */
    }
    return st;
}

/* Full ring, stop policy: one overflow record and a checkpoint in the
 * reserved room, then refuse. */
static mdsec_status_t stop_full(mdsec_log_ctx_t *ctx)
{
    if (ctx->stopped == 0u && room(ctx) >= seal_len(ctx, 0)) {
        log_record_t r;
        record_init(&r, MDSEC_LOG_KIND_EVENT, (uint16_t)MDSEC_EV_AUDIT_OVERFLOW,
                    (uint8_t)MDSEC_OUTCOME_MAJOR, 0, MDSEC_ERR_LOG_FULL, NULL, 0);
        if (write_record(ctx, &r, NULL) == MDSEC_OK) {
            uint8_t witness[MDSEC_LOG_WITNESS_LEN];
            (void)write_checkpoint(ctx, witness);
        }
    }
    ctx->stopped = 1u;
    return MDSEC_ERR_LOG_FULL;
}

/* Full ring, overwrite policy: marker and checkpoint (unless a previous,
 * interrupted wrap already sealed this drop), erase the oldest sector,
 * start it as the new active sector. */
static mdsec_status_t wrap(mdsec_log_ctx_t *ctx)
{
    mdsec_status_t st = MDSEC_OK;
    const uint32_t oldest = ring_next(ctx, ctx->active);
    const uint32_t after = mdsec__log_st_next_sector(ctx, oldest);
    if (after >= ctx->log_sectors) {
        return MDSEC_ERR_INTERNAL;
    }
    const uint64_t first = ctx->sector_first[oldest];
    if (ctx->sealed_drop != first) {
        uint8_t h_last[LOG_HASH_LEN];
        uint32_t sseq = 0;
        uint64_t after_first = 0;
        log_record_t r;
        st = mdsec__log_st_read_header(ctx, after, &sseq, &after_first, h_last);
        if (st == MDSEC_OK && (after_first == 0u || after_first <= first)) {
            st = MDSEC_ERR_INTERNAL;
        }
        if (st == MDSEC_OK && room(ctx) >= seal_len(ctx, LOG_DROPPED_LEN)) {
            uint8_t payload[LOG_DROPPED_LEN];
            mdsec__log_dropped_encode(first, after_first - 1u, h_last, payload);
            record_init(&r, MDSEC_LOG_KIND_DROPPED, (uint16_t)MDSEC_EV_AUDIT_DROPPED,
                        (uint8_t)MDSEC_OUTCOME_MINOR, 0, MDSEC_OK, payload, sizeof payload);
            st = write_record(ctx, &r, NULL);
            if (st == MDSEC_OK) {
                uint8_t witness[MDSEC_LOG_WITNESS_LEN];
                ctx->pending_drop = first;
                st = write_checkpoint(ctx, witness);
            }
        }
        /* Without room (torn writes used the reserve) the drop goes
         * unsealed; the verifier then reports the export as unanchored. */
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_st_erase_sector(ctx, oldest);
    }
    if (st == MDSEC_OK) {
        ctx->sector_state[oldest] = LOG_SECT_FREE;
        ctx->sealed_drop = LOG_NONE;
        const uint32_t new_oldest = mdsec__log_st_first_sector(ctx);
        ctx->first_seq = new_oldest < ctx->log_sectors ? ctx->sector_first[new_oldest] : 0u;
        st = start_next(ctx);
    }
    return st;
}

/* Make room for a record of len bytes in the active sector. */
static mdsec_status_t make_room(mdsec_log_ctx_t *ctx, size_t len)
{
    const uint32_t slot = mdsec__log_st_slot(ctx, len);
    mdsec_status_t st = MDSEC_OK;
    /* At most: start a sector, or wrap (which starts one). */
    for (uint32_t attempt = 0; attempt < 3u && st == MDSEC_OK; attempt++) {
        const uint32_t next = ring_next(ctx, ctx->active);
        const int ring_full = ctx->sector_state[next] == LOG_SECT_VALID;
        const uint32_t need = slot + (ring_full ? ctx->reserve : 0u);
        if (ctx->sector_state[ctx->active] == LOG_SECT_VALID && room(ctx) >= need) {
            return MDSEC_OK;
        }
        if (!ring_full) {
            st = start_next(ctx);
        } else if (ctx->cfg.full_policy == (uint8_t)MDSEC_LOG_FULL_STOP) {
            return stop_full(ctx);
        } else {
            st = wrap(ctx);
        }
    }
    return st == MDSEC_OK ? MDSEC_ERR_INTERNAL : st;
}

static mdsec_status_t append_record(mdsec_log_ctx_t *ctx, log_record_t *r, uint64_t *seq)
{
    if (ctx->stopped != 0u) {
        return MDSEC_ERR_LOG_FULL;
    }
    mdsec_status_t st = make_room(ctx, MDSEC_LOG_RECORD_OVERHEAD + r->payload_len);
    if (st == MDSEC_OK) {
        st = write_record(ctx, r, seq);
    }
    return st;
}

static mdsec_status_t checkpoint_locked(mdsec_log_ctx_t *ctx,
                                        uint8_t witness[MDSEC_LOG_WITNESS_LEN])
{
    if (ctx->stopped != 0u) {
        return MDSEC_ERR_LOG_FULL;
    }
    mdsec_status_t st = make_room(ctx, MDSEC_LOG_RECORD_OVERHEAD + MDSEC_LOG_WITNESS_LEN);
    if (st == MDSEC_OK) {
        st = write_checkpoint(ctx, witness);
    }
    return st;
}

static mdsec_status_t own_event_seq(mdsec_log_ctx_t *ctx, mdsec_event_code_t code, uint8_t outcome,
                                    uint32_t actor, mdsec_status_t status, const uint8_t *payload,
                                    size_t len, uint64_t *seq)
{
    log_record_t r;
    record_init(&r, MDSEC_LOG_KIND_EVENT, (uint16_t)code, outcome, actor, status, payload, len);
    return append_record(ctx, &r, seq);
}

static mdsec_status_t own_event(mdsec_log_ctx_t *ctx, mdsec_event_code_t code, uint8_t outcome,
                                uint32_t actor, mdsec_status_t status, const uint8_t *payload,
                                size_t len)
{
    return own_event_seq(ctx, code, outcome, actor, status, payload, len, NULL);
}

/* After an appended record: the automatic checkpoint and the capacity
 * warning (once per crossing of the level). Their failures do not undo
 * the record; a missed checkpoint is retried after the next record. */
static void after_append(mdsec_log_ctx_t *ctx)
{
    ctx->since_checkpoint++;
    if (ctx->cfg.checkpoint_every != 0u && ctx->since_checkpoint >= ctx->cfg.checkpoint_every) {
        uint8_t witness[MDSEC_LOG_WITNESS_LEN];
        (void)checkpoint_locked(ctx, witness);
    }
    if (ctx->cfg.capacity_warn_pct == 0u) {
        return;
    }
    const uint32_t fill = fill_pct(ctx);
    if (fill < ctx->cfg.capacity_warn_pct) {
        ctx->warned = 0u;
    } else if (ctx->warned == 0u) {
        uint8_t tlv[3] = {LOG_TAG_FILL, 1u, (uint8_t)fill};
        ctx->warned = 1u;
        if (own_event(ctx, MDSEC_EV_AUDIT_CAPACITY, (uint8_t)MDSEC_OUTCOME_MINOR, fill, MDSEC_OK,
                      tlv, sizeof tlv) == MDSEC_OK) {
            ctx->since_checkpoint++;
        }
    }
}

/* ---- locking ---- */

static mdsec_status_t lock(mdsec_log_ctx_t *ctx)
{
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (ctx->magic != LOG_CTX_MAGIC) {
        return MDSEC_ERR_NOT_INITIALISED;
    }
    return mdsec_port_mutex_lock(&ctx->mutex);
}

static mdsec_status_t unlock(mdsec_log_ctx_t *ctx, mdsec_status_t st)
{
    const mdsec_status_t u = mdsec_port_mutex_unlock(&ctx->mutex);
    return st != MDSEC_OK ? st : u;
}

/* ---- format ---- */

mdsec_status_t mdsec_log_format(const mdsec_log_config_t *cfg, const uint8_t k0[MDSEC_LOG_KEY_LEN])
{
    mdsec_log_ctx_t f;
    uint8_t genesis[LOG_HASH_LEN];
    if (cfg == NULL || k0 == NULL || cfg->evolve_every == 0u || cfg->read_only != 0u) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(&f, 0, sizeof f);
    f.cfg = *cfg;
    mdsec_status_t st = mdsec__log_st_geometry(&f, NULL);
    if (st == MDSEC_OK) {
        st = mdsec__log_genesis(cfg->device_id, genesis);
    }
    if (st == MDSEC_OK) {
        st = mdsec_port_storage_erase(cfg->region, 0, f.region_size);
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_st_derive_kek(&f);
    }
    if (st == MDSEC_OK) {
        f.key_sector = 1u; /* the store goes to key sector 0 */
        st = mdsec__log_st_key_store(&f, k0, 0u);
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_st_start_sector(&f, 0u, 1u, 0u, genesis);
    }
    ctx_wipe(&f);
    return st;
}

/* ---- open ---- */

static mdsec_status_t open_common(mdsec_log_ctx_t *ctx, const mdsec_log_config_t *cfg,
                                  const uint8_t *image, size_t len,
                                  const mdsec_port_storage_info_t *info, log_scan_t *scan)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->cfg = *cfg;
    ctx->last_sealed = LOG_NONE;
    ctx->sealed_drop = LOG_NONE;
    ctx->pending_drop = LOG_NONE;
    if (image != NULL) {
        if (len > UINT32_MAX) {
            return MDSEC_ERR_INVALID_ARG;
        }
        ctx->image = image;
        ctx->image_size = (uint32_t)len;
        ctx->cfg.read_only = 1u;
    }
    mdsec_status_t st = mdsec__log_st_geometry(ctx, info);
    if (st == MDSEC_OK && image != NULL && ctx->region_size > ctx->image_size) {
        st = MDSEC_ERR_INVALID_ARG;
    }
    if (st != MDSEC_OK) {
        return st;
    }
    if (ctx->cfg.read_only != 0u && ctx->cfg.evolve_every == 0u) {
        /* A reader that knows neither: take them from the first header. */
        uint8_t hdr[LOG_SEC_HDR_LEN];
        for (uint32_t i = 0; i < ctx->log_sectors && st == MDSEC_OK; i++) {
            st = mdsec__log_st_read(ctx, i * ctx->sector_size, hdr, sizeof hdr);
            if (st == MDSEC_OK && hdr[0] == (uint8_t)LOG_SEC_MAGIC && ctx->cfg.evolve_every == 0u) {
                ctx->cfg.evolve_every = (uint32_t)hdr[12] | ((uint32_t)hdr[13] << 8) |
                                        ((uint32_t)hdr[14] << 16) | ((uint32_t)hdr[15] << 24);
                memcpy(ctx->cfg.device_id, hdr + 16, MDSEC_LOG_DEVICE_ID_LEN);
            }
        }
        if (st != MDSEC_OK) {
            return st;
        }
    }
    st = mdsec__log_device_tag(ctx->cfg.device_id, &ctx->device_tag);
    if (st == MDSEC_OK) {
        st = mdsec__log_genesis(ctx->cfg.device_id, ctx->genesis);
    }
    if (st == MDSEC_OK && ctx->cfg.evolve_every != 0u) {
        st = mdsec__log_st_scan(ctx, scan);
    }
    if (st == MDSEC_OK && (ctx->cfg.evolve_every == 0u || !scan->found)) {
        st = MDSEC_ERR_LOG_UNFORMATTED;
    }
    return st;
}

/* Bring the key to the epoch of the last record and check that record's
 * MAC: the key state and the log must belong together. */
static mdsec_status_t recover_key(mdsec_log_ctx_t *ctx, const log_scan_t *scan)
{
    uint32_t key_epoch = 0;
    uint32_t target = 0;
    log_record_t r;
    size_t used = 0;
    mdsec_status_t st = mdsec__log_st_derive_kek(ctx);
    if (st == MDSEC_OK) {
        st = mdsec__log_st_key_load(ctx, ctx->key, &key_epoch);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    ctx->epoch = key_epoch;
    memset(&r, 0, sizeof r);
    if (scan->last_len != 0u) {
        st = mdsec__log_record_parse(scan->last_rec, scan->last_len, &r, &used);
        target = r.epoch;
    } else {
        st = mdsec__log_epoch_of(ctx->next_seq, ctx->cfg.evolve_every, &target);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    if (target < key_epoch) {
        /* The key evolved past the last record found: records of later
         * epochs were committed and are gone (damaged or removed). The log
         * goes on after a visible sequence gap, with the key it has. */
        const uint64_t resume = (uint64_t)key_epoch * ctx->cfg.evolve_every;
        ctx->next_seq = resume > ctx->next_seq ? resume : ctx->next_seq;
        ctx->records_lost = 1u;
        return MDSEC_OK;
    }
    if (target - key_epoch > LOG_EPOCH_CATCHUP_MAX) {
        return MDSEC_ERR_LOG_KEY;
    }
    /* An interrupted store (or an older key state): evolve to the last
     * record's epoch, and store that key once it is proven. */
    for (uint32_t e = key_epoch + 1u; e <= target && st == MDSEC_OK; e++) {
        st = mdsec__log_key_evolve(ctx->key, e);
        ctx->epoch = e;
        ctx->key_dirty = 1u;
    }
    if (st == MDSEC_OK && scan->last_len != 0u &&
        mdsec__log_record_check_mac(scan->last_rec, &r, ctx->key) != MDSEC_OK) {
        st = MDSEC_ERR_LOG_KEY; /* the key state and the records do not belong together */
    }
    return st;
}

static mdsec_status_t open_writable(mdsec_log_ctx_t *ctx, const log_scan_t *scan)
{
    uint8_t tlv[2 + 8];
    mdsec_status_t st = recover_key(ctx, scan);
    if (st == MDSEC_OK) {
        st = mdsec__log_st_key_finish(
            ctx); /* an interrupted key store leaves the old key: erase it */
    }
    if (st == MDSEC_OK && ctx->key_dirty != 0u) {
        st = mdsec__log_st_key_store(ctx, ctx->key, ctx->epoch);
        ctx->key_dirty = (uint8_t)(st == MDSEC_OK ? 0u : 1u);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    ctx->boot = scan->max_boot + 1u;
    /* A log that stopped when full (overflow record, then its checkpoint)
     * stays stopped: the overflow is reported once. */
    ctx->stopped = (uint8_t)(scan->last_code == (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT &&
                             scan->prev_code == (uint16_t)MDSEC_EV_AUDIT_OVERFLOW &&
                             ctx->cfg.full_policy == (uint8_t)MDSEC_LOG_FULL_STOP &&
                             ctx->sector_state[ring_next(ctx, ctx->active)] == LOG_SECT_VALID);
    ctx->torn_recovered = (scan->torn_tail ? 1u : 0u) + (scan->torn_start ? 1u : 0u);
    if (scan->torn_tail) {
        /* Continue in the next sector (docs/log.md); when the ring is full,
         * past the torn slot in this one. */
        const uint32_t next = ring_next(ctx, ctx->active);
        if (ctx->sector_state[next] != LOG_SECT_VALID) {
            st = start_next(ctx);
        } else {
            const uint32_t skip = scan->torn_off + ctx->slot_max;
            ctx->write_off = skip < ctx->sector_size ? skip : ctx->sector_size;
        }
    }
    if (st != MDSEC_OK) {
        return st;
    }
    if (ctx->records_lost != 0u) {
        /* Sequence numbers inside a sector are consecutive: the records
         * after the gap go to a new sector. */
        ctx->write_off = ctx->sector_size;
    }
    ctx->magic = LOG_CTX_MAGIC;
    const mdsec_status_t bad = ctx->records_lost != 0u  ? MDSEC_ERR_LOG_TRUNCATED
                               : ctx->bad_sectors != 0u ? MDSEC_ERR_LOG_SECTOR
                                                        : MDSEC_OK;
    tlv[0] = LOG_TAG_COUNT;
    tlv[1] = 4u;
    mdsec_put_le32(tlv + 2, ctx->bad_sectors);
    uint64_t start_seq = 0;
    st = own_event_seq(ctx, MDSEC_EV_AUDIT_START,
                       (uint8_t)(bad == MDSEC_OK ? MDSEC_OUTCOME_SUCCESS : MDSEC_OUTCOME_MINOR),
                       ctx->boot, bad, tlv, 6u, &start_seq);
    if (st == MDSEC_OK) {
        after_append(ctx);
    }
    if (st == MDSEC_OK && ctx->torn_recovered != 0u) {
        tlv[0] = LOG_TAG_SEQ;
        tlv[1] = 8u;
        mdsec_put_le64(tlv + 2, start_seq); /* the START record written right after the tear */
        st = own_event(ctx, MDSEC_EV_AUDIT_TORN_RECOVERED, (uint8_t)MDSEC_OUTCOME_MINOR,
                       ctx->torn_recovered, MDSEC_OK, tlv, sizeof tlv);
        if (st == MDSEC_OK) {
            after_append(ctx);
        }
    }
    /* A full log (stop policy) still opens: it can be read and exported. */
    return st == MDSEC_ERR_LOG_FULL ? MDSEC_OK : st;
}

static mdsec_status_t open_finish(mdsec_log_ctx_t *ctx, mdsec_status_t st)
{
    if (st == MDSEC_OK) {
        st = mdsec_port_mutex_init(&ctx->mutex);
    }
    if (st != MDSEC_OK) {
        ctx_wipe(ctx);
        return st;
    }
    ctx->magic = LOG_CTX_MAGIC;
    return ctx->bad_sectors != 0u || ctx->records_lost != 0u ? MDSEC_ERR_LOG_SECTOR : MDSEC_OK;
}

mdsec_status_t mdsec_log_open(mdsec_log_ctx_t *ctx, const mdsec_log_config_t *cfg)
{
    log_scan_t scan;
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = config_check(cfg, cfg != NULL && cfg->read_only == 0u);
    if (st != MDSEC_OK) {
        memset(ctx, 0, sizeof *ctx);
        return st;
    }
    st = open_common(ctx, cfg, NULL, 0, NULL, &scan);
    if (st == MDSEC_OK && ctx->cfg.read_only == 0u) {
        st = open_writable(ctx, &scan);
        ctx->magic = 0;
    }
    mdsec_memzero(&scan, sizeof scan);
    return open_finish(ctx, st);
}

mdsec_status_t mdsec__log_open_image(mdsec_log_ctx_t *ctx, const mdsec_log_config_t *cfg,
                                     const uint8_t *image, size_t len,
                                     const mdsec_port_storage_info_t *info)
{
    log_scan_t scan;
    if (ctx == NULL || cfg == NULL || image == NULL || info == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    const mdsec_status_t st = open_common(ctx, cfg, image, len, info, &scan);
    mdsec_memzero(&scan, sizeof scan);
    return open_finish(ctx, st);
}

/* ---- append, sink, checkpoint ---- */

mdsec_status_t mdsec_log_append(mdsec_log_ctx_t *ctx, const mdsec_log_entry_t *entry, uint64_t *seq)
{
    log_record_t r;
    if (seq != NULL) {
        *seq = 0;
    }
    if (entry == NULL || (entry->payload == NULL && entry->payload_len != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (entry->payload_len > MDSEC_LOG_PAYLOAD_MAX) {
        return MDSEC_ERR_LOG_TOO_LARGE;
    }
    if (!outcome_ok(entry->outcome) || entry->code == (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT ||
        entry->code == (uint16_t)MDSEC_EV_AUDIT_DROPPED ||
        !tlv_ok(entry->payload, entry->payload_len)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    if (ctx->cfg.read_only != 0u) {
        return unlock(ctx, MDSEC_ERR_STATE);
    }
    memset(&r, 0, sizeof r);
    r.kind = MDSEC_LOG_KIND_EVENT;
    r.code = entry->code;
    r.outcome = entry->outcome;
    r.source = entry->source;
    r.actor = entry->actor;
    r.status = entry->status;
    r.payload = entry->payload;
    r.payload_len = entry->payload_len;
    st = append_record(ctx, &r, seq);
    if (st == MDSEC_OK) {
        after_append(ctx);
    } else if (seq != NULL) {
        *seq = 0;
    }
    return unlock(ctx, st);
}

void mdsec_log_event_sink(void *ctx, const mdsec_event_t *ev)
{
    mdsec_log_entry_t e;
    if (ctx == NULL || ev == NULL) {
        return;
    }
    memset(&e, 0, sizeof e);
    e.code = (uint16_t)ev->code;
    e.outcome =
        outcome_ok((uint32_t)ev->outcome) ? (uint8_t)ev->outcome : (uint8_t)MDSEC_OUTCOME_SERIOUS;
    e.source = (uint8_t)ev->source;
    e.actor = ev->actor;
    e.status = (int32_t)ev->status;
    if (ev->detail != NULL) {
        e.payload = ev->detail;
        e.payload_len =
            ev->detail_len < MDSEC_EVENT_DETAIL_MAX ? ev->detail_len : MDSEC_EVENT_DETAIL_MAX;
        if (!tlv_ok(e.payload, e.payload_len)) {
            e.payload = NULL; /* malformed detail: keep the event, drop the detail */
            e.payload_len = 0;
        }
    }
    if (e.code == (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT ||
        e.code == (uint16_t)MDSEC_EV_AUDIT_DROPPED) {
        return; /* those records are the log's own */
    }
    /* A sink has nobody to report to: a failure (full log) is counted in
     * the log itself (overflow record) or lost with the device. */
    const mdsec_status_t st = mdsec_log_append((mdsec_log_ctx_t *)ctx, &e, NULL);
    (void)st;
}

mdsec_status_t mdsec_log_checkpoint(mdsec_log_ctx_t *ctx, uint8_t *witness, size_t cap)
{
    uint8_t w[MDSEC_LOG_WITNESS_LEN];
    if (witness != NULL) {
        memset(witness, 0, cap);
        if (cap < MDSEC_LOG_WITNESS_LEN) {
            return MDSEC_ERR_BUFFER_TOO_SMALL;
        }
    }
    mdsec_status_t st = lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ctx->cfg.read_only != 0u ? MDSEC_ERR_STATE : checkpoint_locked(ctx, w);
    if (st == MDSEC_OK && witness != NULL) {
        memcpy(witness, w, sizeof w);
    }
    return unlock(ctx, st);
}

/* ---- export ---- */

typedef struct export_state {
    mdsec_log_write_fn write;
    void *arg;
    uint64_t count;
} export_state_t;

static mdsec_status_t count_visit(void *arg, const uint8_t *rec, size_t len, const log_record_t *r,
                                  const uint8_t chain[LOG_HASH_LEN])
{
    export_state_t *s = (export_state_t *)arg;
    (void)rec;
    (void)len;
    (void)r;
    (void)chain;
    s->count++;
    return MDSEC_OK;
}

static mdsec_status_t write_visit(void *arg, const uint8_t *rec, size_t len, const log_record_t *r,
                                  const uint8_t chain[LOG_HASH_LEN])
{
    export_state_t *s = (export_state_t *)arg;
    (void)r;
    (void)chain;
    if (s->count == 0u) {
        return MDSEC_ERR_INTERNAL; /* more records than counted */
    }
    s->count--;
    return s->write(s->arg, rec, len);
}

mdsec_status_t mdsec_log_export(mdsec_log_ctx_t *ctx, mdsec_log_write_fn write, void *arg)
{
    export_state_t s;
    log_export_header_t h;
    uint32_t sseq = 0;
    if (write == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    if (ctx->cfg.read_only == 0u) {
        /* The export is itself an audited event; a full log is still exported. */
        st = own_event(ctx, MDSEC_EV_LOG_EXPORT, (uint8_t)MDSEC_OUTCOME_SUCCESS, 0, MDSEC_OK, NULL,
                       0);
        if (st == MDSEC_OK) {
            after_append(ctx);
            /* Self-sealing: a checkpoint covers the LOG_EXPORT record, so an
             * export is sealed through its end. Without a usable checkpoint
             * key the export still goes out, and the verifier reports the
             * unsealed tail. */
            if (ctx->since_checkpoint != 0u) {
                uint8_t witness[MDSEC_LOG_WITNESS_LEN];
                (void)checkpoint_locked(ctx, witness);
            }
        }
        st = st == MDSEC_ERR_LOG_FULL ? MDSEC_OK : st;
    }
    memset(&s, 0, sizeof s);
    memset(&h, 0, sizeof h);
    s.write = write;
    s.arg = arg;
    if (st == MDSEC_OK) {
        st = mdsec__log_st_walk(ctx, count_visit, &s);
    }
    const uint32_t first = mdsec__log_st_first_sector(ctx);
    if (st == MDSEC_OK && first < ctx->log_sectors) {
        st = mdsec__log_st_read_header(ctx, first, &sseq, &h.start_seq, h.start_chain);
    } else if (st == MDSEC_OK) {
        memcpy(h.start_chain, ctx->genesis, LOG_HASH_LEN);
    }
    if (st == MDSEC_OK && s.count > UINT32_MAX) {
        st = MDSEC_ERR_OVERFLOW;
    }
    if (st == MDSEC_OK) {
        memcpy(h.device_id, ctx->cfg.device_id, MDSEC_LOG_DEVICE_ID_LEN);
        h.evolve_every = ctx->cfg.evolve_every;
        uint8_t hdr[MDSEC_LOG_EXPORT_HEADER_LEN];
        h.record_count = (uint32_t)s.count;
        mdsec__log_export_header_encode(&h, hdr);
        st = write(arg, hdr, sizeof hdr);
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_st_walk(ctx, write_visit, &s);
    }
    if (st == MDSEC_OK && s.count != 0u) {
        st = MDSEC_ERR_INTERNAL; /* fewer records than announced */
    }
    return unlock(ctx, st);
}

/* ---- stats, close ---- */

mdsec_status_t mdsec_log_stats(mdsec_log_ctx_t *ctx, mdsec_log_stats_t *stats)
{
    if (stats == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(stats, 0, sizeof *stats);
    mdsec_status_t st = lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    stats->next_seq = ctx->next_seq;
    stats->first_seq = ctx->first_seq;
    stats->last_sealed = ctx->last_sealed;
    stats->boot = ctx->boot;
    stats->epoch = ctx->epoch;
    for (uint32_t i = 0; i < ctx->log_sectors; i++) {
        stats->sectors_used += ctx->sector_state[i] == LOG_SECT_VALID ? 1u : 0u;
    }
    stats->sectors_total = ctx->log_sectors;
    stats->bad_sectors = ctx->bad_sectors;
    stats->torn_recovered = ctx->torn_recovered;
    stats->fill_pct = fill_pct(ctx);
    return unlock(ctx, MDSEC_OK);
}

mdsec_status_t mdsec_log_close(mdsec_log_ctx_t *ctx)
{
    mdsec_status_t st = lock(ctx);
    if (st != MDSEC_OK) {
        return st;
    }
    if (ctx->cfg.read_only == 0u && ctx->stopped == 0u) {
        st = own_event(ctx, MDSEC_EV_AUDIT_STOP, (uint8_t)MDSEC_OUTCOME_SUCCESS, ctx->boot,
                       MDSEC_OK, NULL, 0);
        if (st == MDSEC_OK) {
            uint8_t witness[MDSEC_LOG_WITNESS_LEN];
            st = checkpoint_locked(ctx, witness);
        }
        st = st == MDSEC_ERR_LOG_FULL ? MDSEC_OK : st;
    }
    ctx->magic = 0;
    const mdsec_status_t u = mdsec_port_mutex_unlock(&ctx->mutex);
    mdsec_port_mutex_destroy(&ctx->mutex);
    ctx_wipe(ctx);
    return st != MDSEC_OK ? st : u;
}
