/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Persistent key backend on the port storage region (flash semantics).
 *
 * The region is a ring of sectors. Each sector starts with a header
 * (generation) and a "complete" mark, then fixed-size record frames
 * appended in order. A record is written in two programs (header and
 * sealed body, then the commit mark), so a power cut leaves a frame that
 * is either committed or ignored. Compaction copies the live keys into the
 * next sector, marks it complete, then erases the old one; the complete
 * sector with the highest generation is the active one.
 *
 * Sequence numbers (the AEAD nonces) are reserved in a port monotonic
 * counter before use, and the counter is advanced again once a record is
 * committed: the counter holds (confirmed << 32) | (reserved - confirmed).
 * Hence nonces never repeat, across reboots and region rollbacks, and a
 * region that lacks the last confirmed record is reported as rolled back.
 * Within a sector every record names its predecessor (prev), so a record
 * removed from the middle breaks the chain. docs/keystore.md has the
 * arguments.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "keystore/ks_internal.h"
#include "mdsec/port.h"

#define KS_SECT_MAGIC   0x3153534Bu /* "KSS1" */
#define KS_SECT_VERSION 1u
#define KS_SECT_HDR_LEN 16u

static const uint8_t ks_sector_mark[8] = {'K', 'S', 'S', 'E', 'C', 'T', 'O', 'K'};
static const uint8_t ks_kek_salt[] = "mdsec keystore kek v1";

static uint32_t round_up(uint32_t v, uint32_t unit)
{
    return ((v + unit - 1u) / unit) * unit;
}

static uint32_t sect_hdr_area(const mdsec_ks_flash_t *f)
{
    return round_up(KS_SECT_HDR_LEN, f->program_unit);
}

static uint32_t sect_mark_area(const mdsec_ks_flash_t *f)
{
    return round_up((uint32_t)sizeof ks_sector_mark, f->program_unit);
}

static uint32_t slot_offset(const mdsec_ks_flash_t *f, uint32_t sector, uint32_t slot)
{
    return sector * f->sector_size + sect_hdr_area(f) + sect_mark_area(f) + slot * f->frame;
}

static int is_erased(const uint8_t *p, size_t len, uint8_t erased)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) {
        acc |= (uint8_t)(p[i] ^ erased);
    }
    return acc == 0u;
}

/* The KEK is derived once, when the store is opened, and kept in the
 * context until mdsec_ks_deinit() wipes it: later operations need neither the
 * root secret nor the right to read it (a device may lock its OTP or drop
 * privileges after start-up). Callers get a copy they wipe after use. */
static mdsec_status_t derive_kek(mdsec_ks_flash_t *f, uint8_t kek[MDSEC_AEAD_KEY_LEN])
{
    if (f->kek_ready != 0u) {
        memcpy(kek, f->kek, MDSEC_AEAD_KEY_LEN);
        return MDSEC_OK;
    }
    uint8_t root[MDSEC_ROOT_SECRET_LEN];
    uint8_t info[8] = {'k', 'e', 'k', 0, 0, 0, 0, 0};
    info[4] = (uint8_t)f->region;
    info[5] = (uint8_t)(f->region >> 8);
    info[6] = (uint8_t)(f->region >> 16);
    info[7] = (uint8_t)(f->region >> 24);
    mdsec_status_t st = mdsec_port_root_secret(root);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hkdf_sha256(ks_kek_salt, sizeof ks_kek_salt - 1u, root, sizeof root, info,
                                      sizeof info, kek, MDSEC_AEAD_KEY_LEN);
    }
    mdsec_memzero(root, sizeof root);
    if (st != MDSEC_OK) {
        mdsec_memzero(kek, MDSEC_AEAD_KEY_LEN);
    } else {
        memcpy(f->kek, kek, MDSEC_AEAD_KEY_LEN);
        f->kek_ready = 1u;
    }
    return st;
}

static mdsec_status_t counter_set(mdsec_ks_flash_t *f, uint64_t value)
{
    return mdsec_port_counter_advance(f->counter_id, value);
}

/* Reserve sequence numbers up to and including last. */
static mdsec_status_t reserve(mdsec_ks_flash_t *f, uint64_t last)
{
    if (last >= KS_SEQ_LIMIT || last <= f->confirmed) {
        return MDSEC_ERR_KS_STORAGE_FULL;
    }
    const mdsec_status_t st = counter_set(f, (f->confirmed << 32) | (last - f->confirmed));
    /* Whatever the outcome, never hand out these numbers again in this boot. */
    if (f->next_seq <= last) {
        f->next_seq = last + 1u;
    }
    return st;
}

static mdsec_status_t confirm(mdsec_ks_flash_t *f, uint64_t seq)
{
    const mdsec_status_t st = counter_set(f, seq << 32);
    if (st == MDSEC_OK) {
        f->confirmed = seq;
    }
    return st;
}

/* Seal and program one frame (two programs: header+body, then commit). */
static mdsec_status_t write_frame(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t off, uint32_t op, uint32_t id,
                                  const mdsec_ks_attributes_t *attr, const uint8_t *material,
                                  size_t mlen, uint64_t seq, uint64_t prev)
{
    ks_layout_t lay;
    uint8_t frame[KS_FRAME_MAX];
    uint8_t nonce[KS_NONCE_LEN];
    mdsec_status_t st = ks_layout_for(f->program_unit, &lay);
    if (st != MDSEC_OK) {
        return st;
    }
    memset(frame, 0, sizeof frame);
    ks_record_header(frame, op, id, seq, prev, mlen, attr);
    ks_nonce(nonce, seq);
    st = mdsec_crypto_aead_seal(kek, nonce, frame, KS_REC_HDR_LEN, material, mlen,
                                frame + lay.hdr_area + KS_REC_TAG_LEN, frame + lay.hdr_area);
    if (st == MDSEC_OK) {
        st =
            mdsec_port_storage_program(f->region, off, frame, (size_t)lay.hdr_area + lay.body_area);
    }
    if (st == MDSEC_OK) {
        uint8_t *commit = frame + lay.hdr_area + lay.body_area;
        memcpy(commit, ks_commit_mark, KS_COMMIT_LEN);
        st = mdsec_port_storage_program(f->region, off + lay.hdr_area + lay.body_area, commit,
                                        lay.commit_area);
    }
    mdsec_memzero(frame, sizeof frame);
    return st;
}

/* Read, parse and open the record at off. Writes material (when given)
 * and the parsed record. Statuses: MDSEC_OK, MDSEC_ERR_STATE (not
 * committed), MDSEC_ERR_KS_CORRUPT, or a storage error. */
static mdsec_status_t read_record(const mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t off, ks_record_t *rec,
                                  uint8_t material[MDSEC_KS_MATERIAL_MAX], int *erased)
{
    ks_layout_t lay;
    uint8_t frame[KS_FRAME_MAX];
    uint8_t nonce[KS_NONCE_LEN];
    uint8_t tmp[MDSEC_KS_MATERIAL_MAX];
    mdsec_status_t st = ks_layout_for(f->program_unit, &lay);
    *erased = 0;
    memset(rec, 0, sizeof *rec);
    if (st == MDSEC_OK) {
        st = mdsec_port_storage_read(f->region, off, frame, lay.frame);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    if (is_erased(frame, lay.frame, f->erased)) {
        *erased = 1;
        return MDSEC_ERR_STATE;
    }
    st = ks_record_parse(frame, lay.frame, &lay, rec);
    if (st == MDSEC_OK && !rec->committed) {
        return MDSEC_ERR_STATE;
    }
    if (st != MDSEC_OK) {
        return MDSEC_ERR_KS_CORRUPT;
    }
    ks_nonce(nonce, rec->seq);
    st = mdsec_crypto_aead_open(kek, nonce, rec->aad.ptr, rec->aad.len, rec->ct.ptr, rec->ct.len,
                                rec->tag.ptr, tmp);
    if (st == MDSEC_OK && material != NULL) {
        memcpy(material, tmp, rec->ct.len);
    }
    mdsec_memzero(tmp, sizeof tmp);
    /* Spans pointed into the local frame: keep only the scalar fields. */
    rec->aad.ptr = NULL;
    rec->tag.ptr = NULL;
    rec->ct.ptr = NULL;
    return st == MDSEC_OK ? MDSEC_OK : MDSEC_ERR_KS_CORRUPT;
}

mdsec_ks_flash_entry_t *ks_flash_find(mdsec_ks_flash_t *f, uint32_t id)
{
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        if (f->index[i].used != 0u && f->index[i].id == id) {
            return &f->index[i];
        }
    }
    return NULL;
}

size_t ks_flash_count(const mdsec_ks_flash_t *f)
{
    size_t n = 0;
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        n += f->index[i].used != 0u ? 1u : 0u;
    }
    return n;
}

static mdsec_ks_flash_entry_t *find_or_alloc(mdsec_ks_flash_t *f, uint32_t id)
{
    mdsec_ks_flash_entry_t *e = ks_flash_find(f, id);
    for (size_t i = 0; e == NULL && i < MDSEC_KS_FLASH_KEYS; i++) {
        if (f->index[i].used == 0u) {
            e = &f->index[i];
            memset(e, 0, sizeof *e);
            e->used = 1u;
            e->id = id;
        }
    }
    return e;
}

static void set_health(mdsec_ks_flash_t *f, mdsec_status_t st)
{
    if (f->health == (int32_t)MDSEC_OK) {
        f->health = (int32_t)st;
    }
}

/* Nothing recorded before a damaged or out-of-chain record can be trusted
 * to be the latest version of its key. */
static void poison(mdsec_ks_flash_t *f, mdsec_status_t st)
{
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        if (f->index[i].used != 0u && f->index[i].state == (int32_t)MDSEC_OK) {
            f->index[i].state = (int32_t)st;
        }
    }
    set_health(f, st);
}

/* Scan one sector. With build set, rebuild the index from it. */
static mdsec_status_t scan_sector(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t sector, int build, uint64_t *max_valid)
{
    uint64_t last = 0;
    uint8_t material[MDSEC_KS_MATERIAL_MAX];
    ks_record_t rec;
    mdsec_status_t result = MDSEC_OK;

    for (uint32_t slot = 0; slot < f->slots; slot++) {
        const uint32_t off = slot_offset(f, sector, slot);
        int erased = 0;
        const mdsec_status_t st = read_record(f, kek, off, &rec, material, &erased);
        if (erased) {
            continue;
        }
        if (build) {
            f->next_slot = slot + 1u;
        }
        if (st == MDSEC_ERR_STATE) {
            continue; /* torn: never committed */
        }
        if (st != MDSEC_OK && st != MDSEC_ERR_KS_CORRUPT) {
            result = st;
            break;
        }
        if (st == MDSEC_ERR_KS_CORRUPT) {
            if (build) {
                poison(f, MDSEC_ERR_KS_CORRUPT);
                if (rec.id != MDSEC_KS_ID_INVALID) {
                    mdsec_ks_flash_entry_t *e = find_or_alloc(f, rec.id);
                    if (e != NULL) {
                        memset(&e->attr, 0, sizeof e->attr);
                        e->state = (int32_t)MDSEC_ERR_KS_CORRUPT;
                    }
                }
            }
            if (rec.seq != 0u) {
                last = rec.seq;
            }
            continue;
        }
        /* Never reuse a number seen on flash (only authenticated numbers
         * count: a damaged one must not exhaust the sequence space). */
        if (rec.seq >= f->next_seq) {
            f->next_seq = rec.seq + 1u;
        }
        if (rec.prev != last && build) {
            poison(f, MDSEC_ERR_KS_ROLLBACK);
        }
        last = rec.seq;
        if (rec.seq > *max_valid) {
            *max_valid = rec.seq;
        }
        if (!build) {
            continue;
        }
        f->last_seq = rec.seq;
        if (rec.op == KS_OP_PUT || rec.op == KS_OP_BAD) {
            mdsec_ks_flash_entry_t *e = find_or_alloc(f, rec.id);
            if (e == NULL) {
                set_health(f, MDSEC_ERR_KS_CORRUPT);
                continue;
            }
            e->offset = off;
            e->seq = rec.seq;
            if (rec.op == KS_OP_PUT) {
                e->attr = rec.attr;
                e->state = (int32_t)MDSEC_OK;
            } else {
                memset(&e->attr, 0, sizeof e->attr);
                e->state = (int32_t)(material[0] == KS_BAD_ROLLBACK ? MDSEC_ERR_KS_ROLLBACK
                                                                    : MDSEC_ERR_KS_CORRUPT);
                set_health(f, (mdsec_status_t)e->state);
            }
        } else if (rec.op == KS_OP_DEL) {
            mdsec_ks_flash_entry_t *e = ks_flash_find(f, rec.id);
            if (e != NULL) {
                memset(e, 0, sizeof *e);
            }
        }
    }
    if (build) {
        /* A corrupt record's claimed sequence number is no chain anchor. */
        f->last_seq = last > f->last_seq ? last : f->last_seq;
    }
    mdsec_memzero(material, sizeof material);
    return result;
}

static mdsec_status_t read_sector_header(const mdsec_ks_flash_t *f, uint32_t sector, uint32_t *gen,
                                         int *complete)
{
    uint8_t buf[KS_SECT_HDR_LEN + 8u];
    mdsec_reader_t r;
    *gen = 0;
    *complete = 0;
    mdsec_status_t st =
        mdsec_port_storage_read(f->region, sector * f->sector_size, buf, KS_SECT_HDR_LEN);
    if (st == MDSEC_OK) {
        st = mdsec_port_storage_read(f->region, sector * f->sector_size + sect_hdr_area(f),
                                     buf + KS_SECT_HDR_LEN, 8u);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_reader_init(&r, buf, sizeof buf);
    const uint32_t magic = mdsec_read_u32le(&r);
    const uint32_t version = mdsec_read_u32le(&r);
    const uint32_t g = mdsec_read_u32le(&r);
    const uint32_t ng = mdsec_read_u32le(&r);
    const mdsec_span_t mark = mdsec_read_span(&r, 8u);
    if (mdsec_reader_finish(&r) == MDSEC_OK && magic == KS_SECT_MAGIC &&
        version == KS_SECT_VERSION && g != 0u && ng == (uint32_t)~g) {
        *gen = g;
        *complete = memcmp(mark.ptr, ks_sector_mark, sizeof ks_sector_mark) == 0;
    }
    return MDSEC_OK;
}

/* Erase a sector, write its header and its anchor record (sequence number
 * already reserved). The complete mark is left to the caller. */
static mdsec_status_t start_sector(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                   uint32_t sector, uint32_t gen, uint64_t anchor_seq)
{
    uint8_t hdr[MDSEC_KS_PROGRAM_UNIT_MAX];
    const uint32_t area = sect_hdr_area(f);
    mdsec_status_t st =
        mdsec_port_storage_erase(f->region, sector * f->sector_size, f->sector_size);
    memset(hdr, 0, sizeof hdr);
    hdr[0] = (uint8_t)KS_SECT_MAGIC;
    hdr[1] = (uint8_t)(KS_SECT_MAGIC >> 8);
    hdr[2] = (uint8_t)(KS_SECT_MAGIC >> 16);
    hdr[3] = (uint8_t)(KS_SECT_MAGIC >> 24);
    hdr[4] = (uint8_t)KS_SECT_VERSION;
    for (uint32_t i = 0; i < 4u; i++) {
        hdr[8u + i] = (uint8_t)(gen >> (8u * i));
        hdr[12u + i] = (uint8_t)(~gen >> (8u * i));
    }
    if (st == MDSEC_OK) {
        st = mdsec_port_storage_program(f->region, sector * f->sector_size, hdr, area);
    }
    if (st == MDSEC_OK) {
        st = write_frame(f, kek, slot_offset(f, sector, 0), KS_OP_ANCHOR, MDSEC_KS_ID_INVALID, NULL,
                         NULL, 0, anchor_seq, 0);
    }
    return st;
}

static mdsec_status_t mark_complete(mdsec_ks_flash_t *f, uint32_t sector)
{
    uint8_t mark[MDSEC_KS_PROGRAM_UNIT_MAX];
    memset(mark, 0, sizeof mark);
    memcpy(mark, ks_sector_mark, sizeof ks_sector_mark);
    return mdsec_port_storage_program(f->region, sector * f->sector_size + sect_hdr_area(f), mark,
                                      sect_mark_area(f));
}

static mdsec_status_t format_store(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN])
{
    const uint64_t s = f->next_seq;
    mdsec_status_t st = reserve(f, s);
    if (st == MDSEC_OK) {
        st = start_sector(f, kek, 0, 1u, s);
    }
    if (st == MDSEC_OK) {
        st = mark_complete(f, 0);
    }
    if (st == MDSEC_OK) {
        st = confirm(f, s);
    }
    if (st == MDSEC_OK) {
        f->active = 0;
        f->sector_gen[0] = 1u;
        f->next_slot = 1u;
        f->last_seq = s;
    }
    return st;
}

static mdsec_status_t flash_mount(mdsec_ks_flash_t *f, uint32_t region, uint32_t counter_id,
                                  uint64_t seq_floor)
{
    mdsec_port_storage_info_t info;
    ks_layout_t lay;
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    uint32_t hdr_gen[MDSEC_KS_MAX_SECTORS] = {0};
    uint64_t c = 0;
    uint64_t max_valid = 0;
    int found = 0;

    memset(f, 0, sizeof *f);
    f->region = region;
    f->counter_id = counter_id;
    mdsec_status_t st = mdsec_port_storage_info(region, &info);
    if (st != MDSEC_OK) {
        return st;
    }
    st = ks_layout_for(info.program_unit, &lay);
    if (st != MDSEC_OK) {
        return st;
    }
    f->program_unit = info.program_unit;
    f->sector_size = info.sector_size;
    f->erased = info.erased_value;
    f->frame = lay.frame;
    if (info.sector_size == 0u || info.sector_size < info.program_unit) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    f->sectors = info.size / info.sector_size;
    if (f->sectors > MDSEC_KS_MAX_SECTORS) {
        f->sectors = MDSEC_KS_MAX_SECTORS;
    }
    const uint32_t sh = sect_hdr_area(f) + sect_mark_area(f);
    f->slots = info.sector_size > sh ? (info.sector_size - sh) / f->frame : 0u;
    if (f->sectors < 2u || f->slots < 3u) {
        return MDSEC_ERR_NOT_SUPPORTED;
    }
    st = mdsec_port_counter_read(counter_id, &c);
    if (st != MDSEC_OK) {
        return st;
    }
    f->confirmed = c >> 32;
    f->next_seq = f->confirmed + (c & 0xFFFFFFFFu) + 1u;
    if (f->next_seq < seq_floor) {
        f->next_seq = seq_floor;
    }
    st = derive_kek(f, kek);
    if (st != MDSEC_OK) {
        return st;
    }
    for (uint32_t s = 0; s < f->sectors && st == MDSEC_OK; s++) {
        int complete = 0;
        st = read_sector_header(f, s, &hdr_gen[s], &complete);
        f->sector_gen[s] = complete ? hdr_gen[s] : 0u;
        if (complete && (!found || hdr_gen[s] > f->sector_gen[f->active])) {
            f->active = s;
            found = 1;
        }
    }
    if (st == MDSEC_OK && !found) {
        /* Nothing complete: a new device, or a wiped region. */
        if (f->confirmed != 0u) {
            set_health(f, MDSEC_ERR_KS_ROLLBACK); /* something was confirmed: it is gone */
        }
        st = format_store(f, kek);
        max_valid = f->last_seq;
    } else if (st == MDSEC_OK) {
        st = scan_sector(f, kek, f->active, 1, &max_valid);
        for (uint32_t s = 0; s < f->sectors && st == MDSEC_OK; s++) {
            if (s != f->active && f->sector_gen[s] == 0u && hdr_gen[s] > f->sector_gen[f->active]) {
                st = scan_sector(f, kek, s, 0, &max_valid); /* interrupted compaction */
            }
        }
    }
    mdsec_memzero(kek, sizeof kek);
    if (st != MDSEC_OK) {
        return st;
    }
    if (max_valid < f->confirmed) {
        poison(f, MDSEC_ERR_KS_ROLLBACK);
    }
    /* Flags derived at mount are persisted (as BAD records, by a compaction)
     * before anything else is written: a later write must not make the
     * evidence of a rollback disappear. */
    f->poison_pending = f->health != (int32_t)MDSEC_OK ? 1u : 0u;
    f->open = 1u;
    return (mdsec_status_t)f->health;
}

mdsec_status_t ks_flash_open(mdsec_ks_flash_t *f, uint32_t region, uint32_t counter_id)
{
    return flash_mount(f, region, counter_id, 0);
}

/* After a failed write, rebuild the state from what the flash holds. */
static void remount(mdsec_ks_flash_t *f)
{
    const uint64_t floor = f->next_seq;
    const uint32_t region = f->region;
    const uint32_t counter_id = f->counter_id;
    const mdsec_status_t st = flash_mount(f, region, counter_id, floor);
    if (st != MDSEC_OK && f->open == 0u) {
        f->health = (int32_t)st; /* closed: every later call reports MDSEC_ERR_STATE */
    }
}

static mdsec_status_t compact(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN])
{
    uint32_t new_off[MDSEC_KS_FLASH_KEYS];
    uint64_t new_seq[MDSEC_KS_FLASH_KEYS];
    int32_t new_state[MDSEC_KS_FLASH_KEYS];
    uint8_t material[MDSEC_KS_MATERIAL_MAX];
    const uint32_t old = f->active;
    const uint32_t t = (old + 1u) % f->sectors;
    const uint32_t gen = f->sector_gen[old] + 1u;
    const size_t n = ks_flash_count(f);
    const uint64_t first = f->next_seq;
    const uint64_t last = first + n;
    uint64_t prev = first;
    uint32_t slot = 1;

    if (n + 2u > f->slots) {
        return MDSEC_ERR_KS_STORAGE_FULL;
    }
    mdsec_status_t st = reserve(f, last);
    if (st == MDSEC_OK) {
        st = start_sector(f, kek, t, gen, first);
    }
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS && st == MDSEC_OK; i++) {
        mdsec_ks_flash_entry_t *e = &f->index[i];
        size_t mlen = 0;
        if (e->used == 0u) {
            continue;
        }
        mdsec_status_t ls = (mdsec_status_t)e->state;
        if (ls == MDSEC_OK) {
            ls = ks_flash_load(f, e, material, &mlen);
        }
        if (ls != MDSEC_OK && ls != MDSEC_ERR_KS_CORRUPT && ls != MDSEC_ERR_KS_ROLLBACK) {
            st = ls; /* a read failure is no verdict on the key: stop, keep the old sector */
            break;
        }
        const uint64_t seq = prev + 1u;
        const uint32_t off = slot_offset(f, t, slot);
        if (ls == MDSEC_OK) {
            st = write_frame(f, kek, off, KS_OP_PUT, e->id, &e->attr, material, mlen, seq, prev);
        } else {
            material[0] =
                ls == MDSEC_ERR_KS_ROLLBACK ? (uint8_t)KS_BAD_ROLLBACK : (uint8_t)KS_BAD_CORRUPT;
            st = write_frame(f, kek, off, KS_OP_BAD, e->id, NULL, material, 1u, seq, prev);
        }
        mdsec_memzero(material, sizeof material);
        new_off[i] = off;
        new_seq[i] = seq;
        new_state[i] =
            (int32_t)(ls == MDSEC_OK ? MDSEC_OK
                                     : (ls == MDSEC_ERR_KS_ROLLBACK ? ls : MDSEC_ERR_KS_CORRUPT));
        prev = seq;
        slot++;
    }
    if (st == MDSEC_OK) {
        st = mark_complete(f, t);
    }
    if (st == MDSEC_OK) {
        st = confirm(f, last);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        if (f->index[i].used != 0u) {
            f->index[i].offset = new_off[i];
            f->index[i].seq = new_seq[i];
            f->index[i].state = new_state[i];
        }
    }
    f->active = t;
    f->poison_pending = 0u;
    f->sector_gen[t] = gen;
    f->next_slot = slot;
    f->last_seq = last;
    /* The old sector's wrapped records (destroyed keys among them) go now. */
    st = mdsec_port_storage_erase(f->region, old * f->sector_size, f->sector_size);
    if (st == MDSEC_OK) {
        f->sector_gen[old] = 0u;
    }
    return st;
}

mdsec_status_t ks_flash_compact(mdsec_ks_flash_t *f)
{
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    if (f->open == 0u) {
        return MDSEC_ERR_STATE;
    }
    mdsec_status_t st = derive_kek(f, kek);
    if (st == MDSEC_OK) {
        st = compact(f, kek);
        if (st != MDSEC_OK) {
            remount(f);
        }
    }
    mdsec_memzero(kek, sizeof kek);
    return st;
}

static mdsec_status_t append(mdsec_ks_flash_t *f, uint32_t op, uint32_t id,
                             const mdsec_ks_attributes_t *attr, const uint8_t *material,
                             size_t mlen, uint32_t *off_out, uint64_t *seq_out)
{
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    if (f->open == 0u) {
        return MDSEC_ERR_STATE;
    }
    mdsec_status_t st = derive_kek(f, kek);
    if (st == MDSEC_OK && (f->next_slot >= f->slots || f->poison_pending != 0u)) {
        st = compact(f, kek);
        if (st == MDSEC_OK && f->next_slot >= f->slots) {
            st = MDSEC_ERR_KS_STORAGE_FULL;
        }
    }
    const uint64_t seq = f->next_seq;
    const uint32_t off = slot_offset(f, f->active, f->next_slot);
    if (st == MDSEC_OK) {
        st = reserve(f, seq);
    }
    if (st == MDSEC_OK) {
        st = write_frame(f, kek, off, op, id, attr, material, mlen, seq, f->last_seq);
    }
    if (st == MDSEC_OK) {
        st = confirm(f, seq);
    }
    mdsec_memzero(kek, sizeof kek);
    if (st != MDSEC_OK) {
        remount(f);
        return st;
    }
    f->next_slot++;
    f->last_seq = seq;
    *off_out = off;
    *seq_out = seq;
    return MDSEC_OK;
}

mdsec_status_t ks_flash_load(mdsec_ks_flash_t *f, const mdsec_ks_flash_entry_t *e,
                             uint8_t material[MDSEC_KS_MATERIAL_MAX], size_t *len)
{
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    ks_record_t rec;
    int erased = 0;
    *len = 0;
    if (e->state != (int32_t)MDSEC_OK) {
        return (mdsec_status_t)e->state;
    }
    mdsec_status_t st = derive_kek(f, kek);
    if (st == MDSEC_OK) {
        st = read_record(f, kek, e->offset, &rec, material, &erased);
    }
    mdsec_memzero(kek, sizeof kek);
    if (st == MDSEC_OK && (rec.op != KS_OP_PUT || rec.id != e->id || rec.seq != e->seq ||
                           memcmp(&rec.attr, &e->attr, sizeof rec.attr) != 0)) {
        st = MDSEC_ERR_KS_CORRUPT;
    }
    if (st == MDSEC_ERR_STATE) {
        st = MDSEC_ERR_KS_CORRUPT; /* the committed record is gone */
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(material, MDSEC_KS_MATERIAL_MAX);
        return st;
    }
    *len = rec.material_len;
    return MDSEC_OK;
}

mdsec_status_t ks_flash_put(mdsec_ks_flash_t *f, uint32_t id, const mdsec_ks_attributes_t *attr,
                            const uint8_t *material, size_t len, int replace)
{
    uint32_t off = 0;
    uint64_t seq = 0;
    const int exists = ks_flash_find(f, id) != NULL;
    if (exists && !replace) {
        return MDSEC_ERR_KS_EXISTS;
    }
    if (!exists && replace) {
        return MDSEC_ERR_KS_NOT_FOUND;
    }
    if (!exists && ks_flash_count(f) >= MDSEC_KS_FLASH_KEYS) {
        return MDSEC_ERR_KS_FULL;
    }
    mdsec_status_t st = append(f, KS_OP_PUT, id, attr, material, len, &off, &seq);
    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_ks_flash_entry_t *e = find_or_alloc(f, id);
    if (e == NULL) {
        return MDSEC_ERR_INTERNAL;
    }
    e->attr = *attr;
    e->offset = off;
    e->seq = seq;
    e->state = (int32_t)MDSEC_OK;
    return MDSEC_OK;
}

mdsec_status_t ks_flash_delete(mdsec_ks_flash_t *f, uint32_t id)
{
    uint32_t off = 0;
    uint64_t seq = 0;
    if (ks_flash_find(f, id) == NULL) {
        return MDSEC_ERR_KS_NOT_FOUND;
    }
    mdsec_status_t st = append(f, KS_OP_DEL, id, NULL, NULL, 0, &off, &seq);
    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_ks_flash_entry_t *e = ks_flash_find(f, id);
    if (e != NULL) {
        memset(e, 0, sizeof *e);
    }
    return MDSEC_OK;
}
