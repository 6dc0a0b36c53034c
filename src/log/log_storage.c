/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log storage on the port region MDSEC_PORT_REGION_LOG (flash
 * semantics), as docs/log.md specifies:
 *
 *  - the last two sectors hold the key state (one sealed record each; the
 *    one with the highest valid epoch wins, the other is erased);
 *  - the other sectors are a ring of log sectors, each opened by a header
 *    that names its first sequence number and the chain value before it,
 *    so every sector can be read and checked on its own;
 *  - a record is one program ending in its commit word; a slot that is not
 *    erased and does not hold a committed record continuing the chain is
 *    torn. The next record after a torn slot is either in the next sector,
 *    or (when the device had to continue in the same sector) exactly
 *    slot_max bytes further on, past anything the torn program could have
 *    touched;
 *  - a sector whose header is neither valid nor erased is reported and
 *    skipped; nothing is ever formatted here.
 */
#include <string.h>

#include "core/bytes.h"
#include "crypto/crypto.h"
#include "log/log_storage.h"
#include "mdsec/port.h"

static const uint8_t key_salt[] = "mdsec-log";
static const uint8_t key_info[] = "key-state v1";

_Static_assert(sizeof(((mdsec_log_ctx_t *)0)->kek) == MDSEC_AEAD_KEY_LEN, "key-state KEK size");

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | ((uint64_t)get32(p + 4) << 32);
}

static int is_erased(const uint8_t *p, size_t len, uint8_t erased)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) {
        acc |= (uint8_t)(p[i] ^ erased);
    }
    return acc == 0u;
}

uint32_t mdsec__log_st_slot(const mdsec_log_ctx_t *ctx, size_t len)
{
    const uint32_t pu = ctx->program_unit;
    return (((uint32_t)len + pu - 1u) / pu) * pu;
}

mdsec_status_t mdsec__log_st_geometry(mdsec_log_ctx_t *ctx, const mdsec_port_storage_info_t *info)
{
    mdsec_port_storage_info_t g;
    mdsec_status_t st = MDSEC_OK;
    if (info != NULL) {
        g = *info;
    } else {
        st = mdsec_port_storage_info(ctx->cfg.region, &g);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    const uint32_t pu = g.program_unit;
    if (pu == 0u || pu > MDSEC_LOG_PROGRAM_UNIT_MAX || (pu & (pu - 1u)) != 0u ||
        g.sector_size == 0u || (g.sector_size & (g.sector_size - 1u)) != 0u ||
        g.sector_size % pu != 0u || g.size % g.sector_size != 0u) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    const uint32_t sectors = g.size / g.sector_size;
    ctx->sector_size = g.sector_size;
    ctx->program_unit = pu;
    ctx->erased = g.erased_value;
    ctx->region_size = g.size;
    ctx->hdr_area = mdsec__log_st_slot(ctx, LOG_SEC_HDR_LEN);
    ctx->slot_max = mdsec__log_st_slot(ctx, MDSEC_LOG_RECORD_MAX);
    /* Room kept at the end of the active sector while the ring is full: a
     * dropped marker and a checkpoint (or an overflow record and a
     * checkpoint), plus one torn slot. */
    ctx->reserve = mdsec__log_st_slot(ctx, MDSEC_LOG_RECORD_OVERHEAD + LOG_DROPPED_LEN) +
                   mdsec__log_st_slot(ctx, MDSEC_LOG_RECORD_OVERHEAD + MDSEC_LOG_WITNESS_LEN) +
                   ctx->slot_max;
    if (sectors < 4u || g.sector_size < ctx->hdr_area + 2u * ctx->slot_max + ctx->reserve ||
        g.sector_size < mdsec__log_st_slot(ctx, LOG_KEY_REC_LEN)) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    ctx->log_sectors = sectors - 2u;
    if (ctx->log_sectors > MDSEC_LOG_MAX_SECTORS) {
        ctx->log_sectors = MDSEC_LOG_MAX_SECTORS; /* the rest stays unused */
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec__log_st_read(const mdsec_log_ctx_t *ctx, uint32_t off, void *buf, size_t len)
{
    if (ctx->image != NULL) {
        if (off > ctx->image_size || len > (size_t)(ctx->image_size - off)) {
            memset(buf, 0, len);
            return MDSEC_ERR_STORAGE_BOUNDS;
        }
        memcpy(buf, ctx->image + off, len);
        return MDSEC_OK;
    }
    return mdsec_port_storage_read(ctx->cfg.region, off, buf, len);
}

mdsec_status_t mdsec__log_st_program(const mdsec_log_ctx_t *ctx, uint32_t off, const void *buf,
                                     size_t len)
{
    if (ctx->image != NULL || ctx->cfg.read_only != 0u) {
        return MDSEC_ERR_STATE;
    }
    return mdsec_port_storage_program(ctx->cfg.region, off, buf, len);
}

mdsec_status_t mdsec__log_st_erase_sector(const mdsec_log_ctx_t *ctx, uint32_t sector)
{
    if (ctx->image != NULL || ctx->cfg.read_only != 0u) {
        return MDSEC_ERR_STATE;
    }
    return mdsec_port_storage_erase(ctx->cfg.region, sector * ctx->sector_size, ctx->sector_size);
}

/* ---- sector headers ---- */

static mdsec_status_t header_encode(const mdsec_log_ctx_t *ctx, uint32_t sector_seq,
                                    uint64_t first_seq, const uint8_t h_prev[LOG_HASH_LEN],
                                    uint8_t out[LOG_SEC_HDR_LEN])
{
    uint8_t digest[32];
    mdsec_put_le32(out, LOG_SEC_MAGIC);
    mdsec_put_le16(out + 4, LOG_VERSION);
    mdsec_put_le16(out + 6, LOG_SEC_HDR_LEN);
    mdsec_put_le32(out + 8, sector_seq);
    mdsec_put_le32(out + 12, ctx->cfg.evolve_every);
    memcpy(out + 16, ctx->cfg.device_id, MDSEC_LOG_DEVICE_ID_LEN);
    mdsec_put_le64(out + 32, first_seq);
    memcpy(out + 40, h_prev, LOG_HASH_LEN);
    const mdsec_status_t st = mdsec_crypto_hash(MDSEC_HASH_SHA256, out, 72, digest, sizeof digest);
    memcpy(out + 72, digest, 24);
    return st;
}

mdsec_status_t mdsec__log_st_read_header(const mdsec_log_ctx_t *ctx, uint32_t idx,
                                         uint32_t *sector_seq, uint64_t *first_seq,
                                         uint8_t h_prev[LOG_HASH_LEN])
{
    uint8_t hdr[LOG_SEC_HDR_LEN];
    uint8_t again[LOG_SEC_HDR_LEN];
    *sector_seq = 0;
    *first_seq = 0;
    memset(h_prev, 0, LOG_HASH_LEN);
    mdsec_status_t st = mdsec__log_st_read(ctx, idx * ctx->sector_size, hdr, sizeof hdr);
    if (st != MDSEC_OK) {
        return st;
    }
    if (is_erased(hdr, sizeof hdr, ctx->erased)) {
        return MDSEC_ERR_STATE;
    }
    const uint32_t seq = get32(hdr + 8);
    const uint32_t evolve = get32(hdr + 12);
    if (get32(hdr) != LOG_SEC_MAGIC || get16(hdr + 4) != LOG_VERSION ||
        get16(hdr + 6) != LOG_SEC_HDR_LEN || seq == 0u || evolve == 0u ||
        evolve != ctx->cfg.evolve_every ||
        memcmp(hdr + 16, ctx->cfg.device_id, MDSEC_LOG_DEVICE_ID_LEN) != 0) {
        return MDSEC_ERR_LOG_FORMAT;
    }
    /* The header re-encodes to exactly the stored bytes (digest included). */
    st = header_encode(ctx, seq, get64(hdr + 32), hdr + 40, again);
    if (st != MDSEC_OK) {
        return st;
    }
    if (memcmp(again, hdr, sizeof hdr) != 0) {
        return MDSEC_ERR_LOG_FORMAT;
    }
    *sector_seq = seq;
    *first_seq = get64(hdr + 32);
    memcpy(h_prev, hdr + 40, LOG_HASH_LEN);
    return MDSEC_OK;
}

mdsec_status_t mdsec__log_st_start_sector(mdsec_log_ctx_t *ctx, uint32_t idx, uint32_t sector_seq,
                                          uint64_t first_seq, const uint8_t h_prev[LOG_HASH_LEN])
{
    uint8_t buf[LOG_SEC_HDR_LEN + MDSEC_LOG_PROGRAM_UNIT_MAX];
    memset(buf, ctx->erased, sizeof buf);
    ctx->sector_state[idx] = LOG_SECT_FREE;
    mdsec_status_t st = header_encode(ctx, sector_seq, first_seq, h_prev, buf);
    if (st == MDSEC_OK) {
        st = mdsec__log_st_erase_sector(ctx, idx);
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_st_program(ctx, idx * ctx->sector_size, buf, ctx->hdr_area);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    ctx->sector_state[idx] = LOG_SECT_VALID;
    ctx->sector_seq[idx] = sector_seq;
    ctx->sector_first[idx] = first_seq;
    ctx->active = idx;
    ctx->write_off = ctx->hdr_area;
    return MDSEC_OK;
}

/* ---- key state ---- */

mdsec_status_t mdsec__log_st_derive_kek(mdsec_log_ctx_t *ctx)
{
    uint8_t *kek = ctx->kek;
    uint8_t root[MDSEC_ROOT_SECRET_LEN];
    mdsec_status_t st = mdsec_port_root_secret(root);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hkdf_sha256(key_salt, sizeof key_salt - 1u, root, sizeof root, key_info,
                                      sizeof key_info - 1u, kek, MDSEC_AEAD_KEY_LEN);
    }
    mdsec_memzero(root, sizeof root);
    if (st != MDSEC_OK) {
        mdsec_memzero(kek, MDSEC_AEAD_KEY_LEN);
    }
    return st;
}

static void key_nonce(uint8_t nonce[MDSEC_AEAD_NONCE_LEN], uint32_t epoch)
{
    mdsec_put_le32(nonce, LOG_KEY_MAGIC);
    mdsec_put_le64(nonce + 4, (uint64_t)epoch);
}

static uint32_t key_sector_index(const mdsec_log_ctx_t *ctx, uint32_t which)
{
    return ctx->region_size / ctx->sector_size - 2u + which;
}

/* Read key sector which (0 or 1): MDSEC_OK with key and epoch,
 * MDSEC_ERR_STATE when erased, MDSEC_ERR_LOG_KEY when damaged. */
static mdsec_status_t key_read(const mdsec_log_ctx_t *ctx, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                               uint32_t which, uint8_t key[MDSEC_LOG_KEY_LEN], uint32_t *epoch)
{
    uint8_t rec[LOG_KEY_REC_LEN];
    uint8_t nonce[MDSEC_AEAD_NONCE_LEN];
    *epoch = 0;
    mdsec_status_t st =
        mdsec__log_st_read(ctx, key_sector_index(ctx, which) * ctx->sector_size, rec, sizeof rec);
    if (st != MDSEC_OK) {
        return st;
    }
    if (is_erased(rec, sizeof rec, ctx->erased)) {
        return MDSEC_ERR_STATE;
    }
    if (get32(rec) != LOG_KEY_MAGIC || get16(rec + 4) != LOG_VERSION || get16(rec + 6) != 0u) {
        return MDSEC_ERR_LOG_KEY;
    }
    const uint32_t e = get32(rec + 8);
    key_nonce(nonce, e);
    st = mdsec_crypto_aead_open(kek, nonce, rec, LOG_KEY_HDR_LEN, rec + LOG_KEY_HDR_LEN,
                                MDSEC_LOG_KEY_LEN, rec + LOG_KEY_HDR_LEN + MDSEC_LOG_KEY_LEN, key);
    mdsec_memzero(rec, sizeof rec);
    if (st != MDSEC_OK) {
        mdsec_memzero(key, MDSEC_LOG_KEY_LEN);
        return MDSEC_ERR_LOG_KEY;
    }
    *epoch = e;
    return MDSEC_OK;
}

/* Whether key sector which is entirely erased. */
static mdsec_status_t key_sector_erased(const mdsec_log_ctx_t *ctx, uint32_t which, int *erased)
{
    uint8_t buf[64];
    const uint32_t base = key_sector_index(ctx, which) * ctx->sector_size;
    mdsec_status_t st = MDSEC_OK;
    *erased = 1;
    for (uint32_t off = 0; off < ctx->sector_size && st == MDSEC_OK && *erased; off += sizeof buf) {
        const uint32_t n =
            ctx->sector_size - off < sizeof buf ? ctx->sector_size - off : (uint32_t)sizeof buf;
        st = mdsec__log_st_read(ctx, base + off, buf, n);
        *erased = st == MDSEC_OK && is_erased(buf, n, ctx->erased);
    }
    return st;
}

mdsec_status_t mdsec__log_st_key_load(mdsec_log_ctx_t *ctx, uint8_t key[MDSEC_LOG_KEY_LEN],
                                      uint32_t *epoch)
{
    uint8_t k[2][MDSEC_LOG_KEY_LEN];
    uint32_t e[2] = {0, 0};
    mdsec_status_t s[2] = {MDSEC_ERR_LOG_KEY, MDSEC_ERR_LOG_KEY};
    int clean[2] = {0, 0};
    *epoch = 0;
    mdsec_status_t st = MDSEC_OK;
    for (uint32_t w = 0; w < 2u && st == MDSEC_OK; w++) {
        s[w] = key_read(ctx, ctx->kek, w, k[w], &e[w]);
        if (s[w] != MDSEC_OK && s[w] != MDSEC_ERR_STATE && s[w] != MDSEC_ERR_LOG_KEY) {
            st = s[w]; /* a read failure is no verdict on the key state */
        } else if (s[w] == MDSEC_ERR_STATE) {
            st = key_sector_erased(ctx, w, &clean[w]);
        }
    }
    if (st == MDSEC_OK && s[0] != MDSEC_OK && s[1] != MDSEC_OK) {
        st = MDSEC_ERR_LOG_KEY;
    }
    if (st == MDSEC_OK) {
        const uint32_t w = (s[0] == MDSEC_OK && (s[1] != MDSEC_OK || e[0] >= e[1])) ? 0u : 1u;
        memcpy(key, k[w], MDSEC_LOG_KEY_LEN);
        *epoch = e[w];
        ctx->key_sector = w;
        ctx->key_epoch = e[w];
        /* The other sector must be erased: an older key (forward security)
         * or a torn write left by an interrupted store. */
        ctx->key_stale = (uint8_t)(clean[1u - w] ? 0u : 1u);
    } else {
        mdsec_memzero(key, MDSEC_LOG_KEY_LEN);
    }
    mdsec_memzero(k, sizeof k);
    return st;
}

mdsec_status_t mdsec__log_st_key_finish(mdsec_log_ctx_t *ctx)
{
    if (ctx->key_stale == 0u) {
        return MDSEC_OK;
    }
    const mdsec_status_t st =
        mdsec__log_st_erase_sector(ctx, key_sector_index(ctx, 1u - ctx->key_sector));
    if (st == MDSEC_OK) {
        ctx->key_stale = 0u;
    }
    return st;
}

mdsec_status_t mdsec__log_st_key_store(mdsec_log_ctx_t *ctx, const uint8_t key[MDSEC_LOG_KEY_LEN],
                                       uint32_t epoch)
{
    uint8_t rec[LOG_KEY_REC_LEN + MDSEC_LOG_PROGRAM_UNIT_MAX];
    uint8_t nonce[MDSEC_AEAD_NONCE_LEN];
    const uint32_t target = 1u - ctx->key_sector;
    int clean = 0;
    /* The target may hold a torn store: erase it unless it is clean. */
    mdsec_status_t st = key_sector_erased(ctx, target, &clean);
    if (st == MDSEC_OK && !clean) {
        st = mdsec__log_st_erase_sector(ctx, key_sector_index(ctx, target));
    }
    if (st != MDSEC_OK) {
        return st;
    }
    memset(rec, ctx->erased, sizeof rec);
    mdsec_put_le32(rec, LOG_KEY_MAGIC);
    mdsec_put_le16(rec + 4, LOG_VERSION);
    mdsec_put_le16(rec + 6, 0);
    mdsec_put_le32(rec + 8, epoch);
    key_nonce(nonce, epoch);
    st = mdsec_crypto_aead_seal(ctx->kek, nonce, rec, LOG_KEY_HDR_LEN, key, MDSEC_LOG_KEY_LEN,
                                rec + LOG_KEY_HDR_LEN, rec + LOG_KEY_HDR_LEN + MDSEC_LOG_KEY_LEN);
    if (st == MDSEC_OK) {
        st = mdsec__log_st_program(ctx, key_sector_index(ctx, target) * ctx->sector_size, rec,
                                   mdsec__log_st_slot(ctx, LOG_KEY_REC_LEN));
    }
    mdsec_memzero(rec, sizeof rec);
    if (st != MDSEC_OK) {
        return st;
    }
    /* The new state is durable: the old sector (the older key) goes. */
    ctx->key_sector = target;
    ctx->key_epoch = epoch;
    ctx->key_stale = 1u;
    return mdsec__log_st_key_finish(ctx);
}

/* ---- records ---- */

/* Parse and check the record at buf (n bytes available): committed, the
 * expected sequence number and epoch, this device, the chain from prev. */
static mdsec_status_t record_check(const mdsec_log_ctx_t *ctx, const uint8_t *buf, size_t n,
                                   uint64_t expect, const uint8_t prev[LOG_HASH_LEN],
                                   log_record_t *r, size_t *used, uint8_t chain[LOG_HASH_LEN])
{
    uint32_t epoch = 0;
    mdsec_status_t st = mdsec__log_record_parse(buf, n, r, used);
    if (st == MDSEC_OK && (r->seq != expect || r->device_tag != ctx->device_tag)) {
        st = MDSEC_ERR_LOG_SEQUENCE;
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_epoch_of(r->seq, ctx->cfg.evolve_every, &epoch);
    }
    if (st == MDSEC_OK && epoch != r->epoch) {
        st = MDSEC_ERR_LOG_EPOCH;
    }
    if (st == MDSEC_OK) {
        st = mdsec__log_record_check_chain(buf, r, prev, chain);
    }
    return st;
}

/* Read up to one record's bytes at off inside sector idx. */
static mdsec_status_t read_slot(const mdsec_log_ctx_t *ctx, uint32_t idx, uint32_t off,
                                uint8_t buf[MDSEC_LOG_RECORD_MAX], size_t *n)
{
    const uint32_t left = ctx->sector_size - off;
    *n = left < MDSEC_LOG_RECORD_MAX ? left : MDSEC_LOG_RECORD_MAX;
    return mdsec__log_st_read(ctx, idx * ctx->sector_size + off, buf, *n);
}

/* Read the committed records of one valid sector (sequence, epoch, device
 * tag and chain checked from its header on). */
static mdsec_status_t log_st_walk_sector(const mdsec_log_ctx_t *ctx, uint32_t idx,
                                         log_visit_fn visit, void *arg, log_sector_walk_t *out)
{
    uint8_t buf[MDSEC_LOG_RECORD_MAX];
    uint8_t prev[LOG_HASH_LEN];
    uint8_t chain[LOG_HASH_LEN];
    uint32_t sector_seq = 0;
    uint64_t expect = 0;
    log_record_t r;
    memset(out, 0, sizeof *out);
    mdsec_status_t st = mdsec__log_st_read_header(ctx, idx, &sector_seq, &expect, prev);
    uint32_t off = ctx->hdr_area;
    out->end_off = off;
    /* Each pass moves off forward by at least one program unit. */
    uint8_t in_torn = 0;
    while (st == MDSEC_OK && off < ctx->sector_size) {
        size_t n = 0;
        size_t used = 0;
        st = read_slot(ctx, idx, off, buf, &n);
        if (st != MDSEC_OK || is_erased(buf, n, ctx->erased)) {
            break; /* the free space */
        }
        if (record_check(ctx, buf, n, expect, prev, &r, &used, chain) != MDSEC_OK) {
            /* Torn or invalid. The writer continues after such a slot only
             * slot_max bytes further on, past anything the torn program
             * could have touched. */
            in_torn = 1u;
            out->torn_off = off;
            off += ctx->slot_max;
            continue;
        }
        if (in_torn != 0u) {
            out->torn_inner++;
            in_torn = 0;
        }
        if (visit != NULL) {
            st = visit(arg, buf, used, &r, chain);
        }
        memcpy(prev, chain, sizeof prev);
        expect++;
        out->count++;
        off += mdsec__log_st_slot(ctx, used);
        out->end_off = off;
    }
    out->torn_tail = in_torn;
    mdsec_memzero(buf, sizeof buf);
    return st;
}

uint32_t mdsec__log_st_next_sector(const mdsec_log_ctx_t *ctx, uint32_t idx)
{
    uint32_t best = MDSEC_LOG_MAX_SECTORS;
    const uint32_t after =
        idx < ctx->log_sectors && idx < MDSEC_LOG_MAX_SECTORS ? ctx->sector_seq[idx] : 0u;
    for (uint32_t i = 0; i < ctx->log_sectors; i++) {
        if (ctx->sector_state[i] == LOG_SECT_VALID && ctx->sector_seq[i] > after &&
            (best == MDSEC_LOG_MAX_SECTORS || ctx->sector_seq[i] < ctx->sector_seq[best])) {
            best = i;
        }
    }
    return best;
}

uint32_t mdsec__log_st_first_sector(const mdsec_log_ctx_t *ctx)
{
    return mdsec__log_st_next_sector(ctx, MDSEC_LOG_MAX_SECTORS);
}

mdsec_status_t mdsec__log_st_walk(const mdsec_log_ctx_t *ctx, log_visit_fn visit, void *arg)
{
    log_sector_walk_t w;
    mdsec_status_t st = MDSEC_OK;
    uint32_t idx = mdsec__log_st_first_sector(ctx);
    for (uint32_t n = 0; n < ctx->log_sectors && idx < ctx->log_sectors && st == MDSEC_OK; n++) {
        st = log_st_walk_sector(ctx, idx, visit, arg, &w);
        idx = mdsec__log_st_next_sector(ctx, idx);
    }
    return st;
}

/* Scan visitor: remembers the last record, the highest boot, and the
 * marker/checkpoint pairs. */
static mdsec_status_t scan_visit(void *arg, const uint8_t *rec, size_t len, const log_record_t *r,
                                 const uint8_t chain[LOG_HASH_LEN])
{
    log_scan_t *s = (log_scan_t *)arg;
    s->any_record = 1u;
    s->last_seq = r->seq;
    memcpy(s->last_chain, chain, LOG_HASH_LEN);
    memcpy(s->last_rec, rec, len);
    s->last_len = len;
    s->prev_code = s->last_code;
    s->last_code = r->code;
    if (r->boot > s->max_boot) {
        s->max_boot = r->boot;
    }
    if (r->kind == MDSEC_LOG_KIND_DROPPED) {
        uint64_t first = 0;
        uint64_t last = 0;
        uint8_t h[LOG_HASH_LEN];
        if (mdsec__log_dropped_parse(r->payload, r->payload_len, &first, &last, h) == MDSEC_OK) {
            s->pending_drop = first; /* sealed once a checkpoint follows */
        }
    } else if (r->kind == MDSEC_LOG_KIND_CHECKPOINT) {
        log_witness_t w;
        if (mdsec__log_witness_parse(r->payload, r->payload_len, &w) == MDSEC_OK) {
            s->last_sealed = w.seq;
            if (s->pending_drop != LOG_NONE) {
                s->sealed_drop = s->pending_drop;
                s->pending_drop = LOG_NONE;
            }
        }
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec__log_st_scan(mdsec_log_ctx_t *ctx, log_scan_t *out)
{
    uint8_t h_prev[LOG_HASH_LEN];
    uint8_t active_prev[LOG_HASH_LEN];
    uint32_t max_seq = 0;
    uint64_t active_first = 0;
    log_sector_walk_t w;
    memset(out, 0, sizeof *out);
    if (ctx->log_sectors < 2u || ctx->log_sectors > MDSEC_LOG_MAX_SECTORS) {
        return MDSEC_ERR_NOT_SUPPORTED; /* mdsec__log_st_geometry() was not called */
    }
    out->last_sealed = LOG_NONE;
    out->sealed_drop = LOG_NONE;
    out->pending_drop = LOG_NONE;
    memset(active_prev, 0, sizeof active_prev);
    ctx->bad_sectors = 0;
    mdsec_status_t st = MDSEC_OK;
    for (uint32_t i = 0; i < ctx->log_sectors && st == MDSEC_OK; i++) {
        uint32_t sseq = 0;
        uint64_t first = 0;
        const mdsec_status_t hs = mdsec__log_st_read_header(ctx, i, &sseq, &first, h_prev);
        ctx->sector_seq[i] = 0;
        ctx->sector_first[i] = 0;
        if (hs == MDSEC_OK) {
            ctx->sector_state[i] = LOG_SECT_VALID;
            ctx->sector_seq[i] = sseq;
            ctx->sector_first[i] = first;
            if (!out->found || sseq > max_seq) {
                max_seq = sseq;
                ctx->active = i;
                active_first = first;
                memcpy(active_prev, h_prev, sizeof active_prev);
            }
            out->found = 1u;
        } else if (hs == MDSEC_ERR_STATE) {
            ctx->sector_state[i] = LOG_SECT_FREE;
        } else if (hs == MDSEC_ERR_LOG_FORMAT) {
            ctx->sector_state[i] = LOG_SECT_BAD;
        } else {
            st = hs; /* a read failure */
        }
    }
    if (st != MDSEC_OK || !out->found) {
        return st;
    }
    /* Two valid sectors with the same sector_seq cannot both be genuine. */
    for (uint32_t i = 0; i < ctx->log_sectors; i++) {
        for (uint32_t j = i + 1u; j < ctx->log_sectors; j++) {
            if (ctx->sector_state[i] == LOG_SECT_VALID && ctx->sector_state[j] == LOG_SECT_VALID &&
                ctx->sector_seq[i] == ctx->sector_seq[j]) {
                ctx->sector_state[j] = LOG_SECT_BAD;
            }
        }
    }
    /* A bad header right after the active sector is an interrupted sector
     * start (torn), not a corrupted sector. */
    const uint32_t next = (ctx->active + 1u) % ctx->log_sectors;
    if (ctx->sector_state[next] == LOG_SECT_BAD) {
        ctx->sector_state[next] = LOG_SECT_FREE;
        out->torn_start = 1u;
    }
    for (uint32_t i = 0; i < ctx->log_sectors; i++) {
        ctx->bad_sectors += ctx->sector_state[i] == LOG_SECT_BAD ? 1u : 0u;
    }
    /* Every record, oldest sector first. */
    uint32_t idx = mdsec__log_st_first_sector(ctx);
    ctx->first_seq = idx < ctx->log_sectors ? ctx->sector_first[idx] : 0u;
    for (uint32_t n = 0; n < ctx->log_sectors && idx < ctx->log_sectors && st == MDSEC_OK; n++) {
        st = log_st_walk_sector(ctx, idx, scan_visit, out, &w);
        if (st == MDSEC_OK && idx == ctx->active) {
            out->torn_tail = w.torn_tail;
            out->torn_off = w.torn_off;
            out->end_off = w.end_off;
            ctx->write_off = w.end_off;
            if (w.count == 0u) {
                /* The active sector is empty: the chain goes on from its header. */
                out->last_seq = active_first - 1u;
                memcpy(out->last_chain, active_prev, LOG_HASH_LEN);
            }
        }
        idx = mdsec__log_st_next_sector(ctx, idx);
    }
    if (st == MDSEC_OK) {
        ctx->next_seq = out->last_seq + 1u; /* wraps to active_first for an empty active sector */
        memcpy(ctx->head, out->last_chain, LOG_HASH_LEN);
        ctx->last_sealed = out->last_sealed;
        ctx->sealed_drop = out->sealed_drop;
        ctx->pending_drop = out->pending_drop;
    }
    return st;
}
