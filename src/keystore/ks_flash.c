/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Persistent key backend on the port storage region (flash semantics).
 *
 * The region is a ring of sectors. Each sector starts with a header and a
 * "complete" mark, then fixed-size record frames appended in order; frame
 * 0 is an ANCHOR record. A record is written in two programs (header and
 * sealed body, then the commit mark), so a power cut leaves a frame that
 * is either committed or ignored. Every record is sealed with its header
 * and its position (sector, slot) as associated data: a frame copied to
 * another place does not authenticate. Compaction copies the live keys
 * into the next sector behind a new anchor, then erases the old one.
 *
 * Sequence numbers (the AEAD nonces) are reserved in a port monotonic
 * counter before use, and the counter is advanced again once a record is
 * committed: the counter holds (confirmed << 32) | (reserved - confirmed).
 * Hence nonces never repeat, across reboots and region rollbacks. Within a
 * sector every record names its predecessor (prev). At mount the active
 * sector is chosen by its authenticated anchor alone (headers and marks are
 * never read), and its chain from the anchor must be whole and hold the
 * confirmed record; anything else is reported as rolled back or corrupt.
 * docs/keystore.md has the arguments.
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

/* Seal and program one frame at (sector, slot) (two programs: header+body,
 * then commit). The AEAD binds the header and the position. */
static mdsec_status_t write_frame(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t sector, uint32_t slot, uint32_t op, uint32_t id,
                                  const mdsec_ks_attributes_t *attr, const uint8_t *material,
                                  size_t mlen, uint64_t seq, uint64_t prev)
{
    ks_layout_t lay;
    uint8_t frame[KS_FRAME_MAX];
    uint8_t aad[KS_AAD_LEN];
    uint8_t nonce[KS_NONCE_LEN];
    const uint32_t off = slot_offset(f, sector, slot);
    mdsec_status_t st = mdsec__ks_layout_for(f->program_unit, &lay);
    if (st != MDSEC_OK) {
        return st;
    }
    memset(frame, 0, sizeof frame);
    mdsec__ks_record_header(frame, op, id, seq, prev, mlen, attr);
    mdsec__ks_record_aad(aad, frame, sector, slot);
    mdsec__ks_nonce(nonce, seq);
    st = mdsec_crypto_aead_seal(kek, nonce, aad, sizeof aad, material, mlen,
                                frame + lay.hdr_area + KS_REC_TAG_LEN, frame + lay.hdr_area);
    if (st == MDSEC_OK) {
        st =
            mdsec_port_storage_program(f->region, off, frame, (size_t)lay.hdr_area + lay.body_area);
    }
    if (st == MDSEC_OK) {
        uint8_t *commit = frame + lay.hdr_area + lay.body_area;
        memcpy(commit, mdsec__ks_commit_mark, KS_COMMIT_LEN);
        st = mdsec_port_storage_program(f->region, off + lay.hdr_area + lay.body_area, commit,
                                        lay.commit_area);
    }
    mdsec_memzero(frame, sizeof frame);
    return st;
}

/* Read the frame at (sector, slot) once, parse it and open it, all from
 * that one copy. Writes material (when given) and the parsed record.
 * Statuses: MDSEC_OK, MDSEC_ERR_STATE (not committed), MDSEC_ERR_KS_CORRUPT
 * (rec then holds nothing to be used), or a storage error. */
static mdsec_status_t read_record(const mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t sector, uint32_t slot, ks_record_t *rec,
                                  uint8_t material[MDSEC_KS_MATERIAL_MAX], int *erased)
{
    ks_layout_t lay;
    uint8_t frame[KS_FRAME_MAX];
    uint8_t tmp[MDSEC_KS_MATERIAL_MAX];
    mdsec_status_t st = mdsec__ks_layout_for(f->program_unit, &lay);
    *erased = 0;
    memset(rec, 0, sizeof *rec);
    if (st == MDSEC_OK) {
        st = mdsec_port_storage_read(f->region, slot_offset(f, sector, slot), frame, lay.frame);
    }
    if (st != MDSEC_OK) {
        return st;
    }
    if (is_erased(frame, lay.frame, f->erased)) {
        *erased = 1;
        return MDSEC_ERR_STATE;
    }
    st = mdsec__ks_record_parse(frame, lay.frame, &lay, rec);
    if (st == MDSEC_OK && !rec->committed) {
        return MDSEC_ERR_STATE;
    }
    if (st == MDSEC_OK) {
        uint8_t aad[KS_AAD_LEN];
        uint8_t nonce[KS_NONCE_LEN];
        mdsec__ks_record_aad(aad, rec->aad.ptr, sector, slot);
        mdsec__ks_nonce(nonce, rec->seq);
        st = mdsec_crypto_aead_open(kek, nonce, aad, sizeof aad, rec->ct.ptr, rec->ct.len,
                                    rec->tag.ptr, tmp);
    }
    if (st == MDSEC_OK && material != NULL) {
        memcpy(material, tmp, rec->ct.len);
    }
    mdsec_memzero(tmp, sizeof tmp);
    if (st != MDSEC_OK) {
        /* A damaged frame's fields (seq, key id) were never authenticated. */
        memset(rec, 0, sizeof *rec);
        rec->committed = 1;
        return MDSEC_ERR_KS_CORRUPT;
    }
    /* Spans pointed into the local frame: keep only the scalar fields. */
    rec->aad.ptr = NULL;
    rec->tag.ptr = NULL;
    rec->ct.ptr = NULL;
    return MDSEC_OK;
}

mdsec_ks_flash_entry_t *mdsec__ks_flash_find(mdsec_ks_flash_t *f, uint32_t id)
{
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        if (f->index[i].used != 0u && f->index[i].id == id) {
            return &f->index[i];
        }
    }
    return NULL;
}

static size_t ks_flash_count(const mdsec_ks_flash_t *f)
{
    size_t n = 0;
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS; i++) {
        n += f->index[i].used != 0u ? 1u : 0u;
    }
    return n;
}

static mdsec_ks_flash_entry_t *find_or_alloc(mdsec_ks_flash_t *f, uint32_t id)
{
    mdsec_ks_flash_entry_t *e = mdsec__ks_flash_find(f, id);
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

/* Apply one authenticated, chained record to the index. */
static void apply_record(mdsec_ks_flash_t *f, const ks_record_t *rec, uint32_t off,
                         const uint8_t material[MDSEC_KS_MATERIAL_MAX])
{
    if (rec->op == KS_OP_PUT || rec->op == KS_OP_BAD) {
        mdsec_ks_flash_entry_t *e = find_or_alloc(f, rec->id);
        if (e == NULL) {
            set_health(f, MDSEC_ERR_KS_CORRUPT);
            return;
        }
        e->offset = off;
        e->seq = rec->seq;
        if (rec->op == KS_OP_PUT) {
            e->attr = rec->attr;
            e->state = (int32_t)MDSEC_OK;
        } else {
            memset(&e->attr, 0, sizeof e->attr);
            e->state = (int32_t)(material[0] == KS_BAD_ROLLBACK ? MDSEC_ERR_KS_ROLLBACK
                                                                : MDSEC_ERR_KS_CORRUPT);
            set_health(f, (mdsec_status_t)e->state);
        }
    } else if (rec->op == KS_OP_DEL) {
        mdsec_ks_flash_entry_t *e = mdsec__ks_flash_find(f, rec->id);
        if (e != NULL) {
            memset(e, 0, sizeof *e);
        }
    }
}

/* An authenticated record past a break of the chain: its key (the id is
 * authenticated) is flagged, never made usable. */
static void flag_record(mdsec_ks_flash_t *f, const ks_record_t *rec, mdsec_status_t st)
{
    mdsec_ks_flash_entry_t *e = NULL;
    if (rec->op == KS_OP_PUT || rec->op == KS_OP_BAD) {
        e = find_or_alloc(f, rec->id);
    } else if (rec->op == KS_OP_DEL) {
        e = mdsec__ks_flash_find(f, rec->id);
    }
    if (e == NULL) {
        set_health(f, st);
        return;
    }
    if (e->state == (int32_t)MDSEC_OK) {
        e->state = (int32_t)st;
    }
    set_health(f, st);
}

#define KS_NO_SLOT   0xFFFFFFFFu
#define KS_CHAIN_OK  0x4B1D93E6u /* the chain is whole and holds the confirmed record */
#define KS_CHAIN_BAD 0x90E26C19u

/* The result of scanning the active sector. */
typedef struct ks_scan {
    uint64_t head;      /* last record of the unbroken chain */
    uint32_t c_slot;    /* slot of the confirmed record in it, or KS_NO_SLOT */
    mdsec_status_t cut; /* MDSEC_OK, or why the chain broke */
} ks_scan_t;

/* Rebuild the index from the sector whose authenticated anchor (slot 0,
 * already read and checked by the caller) has sequence number anchor.
 * Slots 1.. are read once each. Only the unbroken chain from the anchor
 * (every committed record names the previous one in prev) is applied. A
 * damaged committed frame or an authenticated record that does not
 * continue the chain breaks it: everything indexed so far is flagged, and
 * the keys of later authenticated records are flagged too. A sector whose
 * anchor is damaged is scanned with cut already set (every key flagged). */
static mdsec_status_t scan_sector(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t sector, uint64_t anchor, mdsec_status_t cut,
                                  ks_scan_t *out)
{
    uint8_t material[MDSEC_KS_MATERIAL_MAX];
    ks_record_t rec;
    uint64_t last = anchor;
    mdsec_status_t result = MDSEC_OK;

    out->c_slot = cut == MDSEC_OK && anchor == f->confirmed ? 0u : KS_NO_SLOT;
    if (cut != MDSEC_OK) {
        set_health(f, cut);
    }
    f->next_slot = 1u;
    for (uint32_t slot = 1; slot < f->slots; slot++) {
        int erased = 0;
        const mdsec_status_t st = read_record(f, kek, sector, slot, &rec, material, &erased);
        if (erased) {
            continue;
        }
        f->next_slot = slot + 1u; /* never program over non-erased bytes */
        if (st == MDSEC_ERR_STATE) {
            continue; /* torn: never committed, nothing in it is used */
        }
        if (st != MDSEC_OK && st != MDSEC_ERR_KS_CORRUPT) {
            result = st;
            break;
        }
        if (st == MDSEC_ERR_KS_CORRUPT) {
            /* Neither its claimed seq nor its key id is used. */
            cut = cut == MDSEC_OK ? MDSEC_ERR_KS_CORRUPT : cut;
            poison(f, MDSEC_ERR_KS_CORRUPT);
            continue;
        }
        /* Never reuse a number seen on flash (authenticated numbers only). */
        if (rec.seq >= f->next_seq) {
            f->next_seq = rec.seq + 1u;
        }
        if (cut == MDSEC_OK && (rec.prev != last || rec.op == KS_OP_ANCHOR)) {
            cut = MDSEC_ERR_KS_ROLLBACK;
            poison(f, MDSEC_ERR_KS_ROLLBACK);
        }
        if (cut != MDSEC_OK) {
            flag_record(f, &rec, cut);
            continue;
        }
        if (rec.prev != last) {
            mdsec_port_fatal(MDSEC_ERR_INTERNAL); /* the chain test was skipped */
        }
        last = rec.seq;
        if (rec.seq == f->confirmed) {
            out->c_slot = slot;
        }
        apply_record(f, &rec, slot_offset(f, sector, slot), material);
    }
    out->head = last;
    out->cut = cut;
    f->last_seq = last; /* an authenticated number, the chain's end */
    mdsec_memzero(material, sizeof material);
    return result;
}

/* The anchor of a sector: MDSEC_OK with *seq when slot 0 holds an
 * authenticated ANCHOR record written there, MDSEC_ERR_STATE when it holds
 * nothing committed (erased or torn), MDSEC_ERR_KS_CORRUPT for a committed
 * frame that is no authenticated anchor, or a storage error. */
static mdsec_status_t read_anchor(const mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                  uint32_t sector, uint64_t *seq)
{
    ks_record_t rec;
    int erased = 0;
    *seq = 0;
    const mdsec_status_t st = read_record(f, kek, sector, 0, &rec, NULL, &erased);
    if (st == MDSEC_OK && rec.op == KS_OP_ANCHOR) {
        *seq = rec.seq;
        return MDSEC_OK;
    }
    return st == MDSEC_OK ? MDSEC_ERR_KS_CORRUPT : st;
}

/* Erase a sector, write its header (informational: never read back) and
 * its anchor record (sequence number already reserved). The complete mark
 * is left to the caller. */
static mdsec_status_t start_sector(mdsec_ks_flash_t *f, const uint8_t kek[MDSEC_AEAD_KEY_LEN],
                                   uint32_t sector, uint64_t anchor_seq)
{
    uint8_t hdr[MDSEC_KS_PROGRAM_UNIT_MAX];
    const uint32_t area = sect_hdr_area(f);
    const uint32_t gen = (uint32_t)anchor_seq;
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
        st = write_frame(f, kek, sector, 0, KS_OP_ANCHOR, MDSEC_KS_ID_INVALID, NULL, NULL, 0,
                         anchor_seq, 0);
    }
    return st;
}

/* Informational, like the header: the keystore never reads it. */
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
        st = start_sector(f, kek, 0, s);
    }
    if (st == MDSEC_OK) {
        st = mark_complete(f, 0);
    }
    if (st == MDSEC_OK) {
        st = confirm(f, s);
    }
    if (st == MDSEC_OK) {
        f->active = 0;
        f->sector_gen[0] = (uint32_t)s;
        f->next_slot = 1u;
        f->last_seq = s;
    }
    return st;
}

/* Open the store. Sector headers and complete marks are not read: the
 * active sector is the one whose authenticated anchor has the highest
 * sequence number not above the counter's confirmed number (an anchor
 * above it belongs to a compaction that never finished). Its chain must
 * be whole and hold the confirmed record; otherwise every key is flagged
 * (MDSEC_ERR_KS_ROLLBACK, or MDSEC_ERR_KS_CORRUPT for a damaged frame).
 * Committed records beyond the confirmed one (a power cut between commit
 * and confirm) are confirmed now, so that they cannot be taken back. */
static mdsec_status_t flash_mount(mdsec_ks_flash_t *f, uint32_t region, uint32_t counter_id,
                                  uint64_t seq_floor)
{
    mdsec_port_storage_info_t info;
    ks_layout_t lay;
    ks_scan_t scan;
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    uint64_t c = 0;
    uint64_t best_seq = 0;
    uint64_t top_seq = 0;
    uint32_t best = KS_NO_SLOT;
    uint32_t top = KS_NO_SLOT;
    uint32_t damaged = KS_NO_SLOT;
    uint32_t verdict = KS_CHAIN_BAD;

    memset(f, 0, sizeof *f);
    memset(&scan, 0, sizeof scan);
    f->region = region;
    f->counter_id = counter_id;
    mdsec_status_t st = mdsec_port_storage_info(region, &info);
    if (st != MDSEC_OK) {
        return st;
    }
    st = mdsec__ks_layout_for(info.program_unit, &lay);
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
    const uint64_t reserved = f->confirmed + (c & 0xFFFFFFFFu);
    f->next_seq = reserved + 1u;
    if (f->next_seq < seq_floor) {
        f->next_seq = seq_floor;
    }
    st = derive_kek(f, kek);
    if (st != MDSEC_OK) {
        return st;
    }
    for (uint32_t s = 0; s < f->sectors && st == MDSEC_OK; s++) {
        uint64_t a = 0;
        st = read_anchor(f, kek, s, &a);
        if (st == MDSEC_ERR_STATE || st == MDSEC_ERR_KS_CORRUPT) {
            damaged = st == MDSEC_ERR_KS_CORRUPT && damaged == KS_NO_SLOT ? s : damaged;
            st = MDSEC_OK;
            continue;
        }
        if (st != MDSEC_OK) {
            break;
        }
        f->sector_gen[s] = (uint32_t)a;
        if (a >= f->next_seq) {
            f->next_seq = a + 1u;
        }
        if (a <= f->confirmed && (best == KS_NO_SLOT || a > best_seq)) {
            best = s;
            best_seq = a;
        }
        if (top == KS_NO_SLOT || a > top_seq) {
            top = s;
            top_seq = a;
        }
    }
    if (st == MDSEC_OK && f->confirmed == 0u) {
        /* Nothing was ever confirmed: a new device (or its format was cut). */
        st = format_store(f, kek);
    } else if (st == MDSEC_OK && top == KS_NO_SLOT && damaged == KS_NO_SLOT) {
        /* Something was confirmed, and no sector of this store is left. */
        set_health(f, MDSEC_ERR_KS_ROLLBACK);
        st = format_store(f, kek);
    } else if (st == MDSEC_OK && top == KS_NO_SLOT) {
        /* Only damaged anchors: opened flagged, not formatted (the keys of
         * its authenticated records stay visible, to be destroyed). */
        f->active = damaged;
        st = scan_sector(f, kek, damaged, 0, MDSEC_ERR_KS_CORRUPT, &scan);
        poison(f, MDSEC_ERR_KS_CORRUPT);
    } else if (st == MDSEC_OK) {
        /* Without a candidate at or below the confirmed number, the newest
         * sector is opened flagged (so that its keys can be destroyed). */
        f->active = best != KS_NO_SLOT ? best : top;
        st = scan_sector(f, kek, f->active, best != KS_NO_SLOT ? best_seq : top_seq, MDSEC_OK,
                         &scan);
        if (best != KS_NO_SLOT && scan.cut == MDSEC_OK && scan.c_slot != KS_NO_SLOT &&
            scan.head <= reserved) {
            verdict = KS_CHAIN_OK;
        }
        if (verdict != KS_CHAIN_OK) {
            poison(f, scan.cut != MDSEC_OK ? scan.cut : MDSEC_ERR_KS_ROLLBACK);
        }
        /* Checked again, the other way round: one skipped branch must not
         * admit a region. */
        if (verdict != KS_CHAIN_OK && f->health == (int32_t)MDSEC_OK) {
            mdsec_port_fatal(MDSEC_ERR_INTERNAL); /* the flagging was skipped */
        }
        if (verdict == KS_CHAIN_OK && (best == KS_NO_SLOT || scan.cut != MDSEC_OK ||
                                       scan.c_slot == KS_NO_SLOT || scan.head > reserved)) {
            mdsec_port_fatal(MDSEC_ERR_INTERNAL); /* the verdict was forged */
        }
        if (st == MDSEC_OK && verdict == KS_CHAIN_OK && scan.head > f->confirmed) {
            /* Committed but not yet confirmed: confirm it (keeping the
             * reservation), so that it cannot be dropped later. */
            st = counter_set(f, (scan.head << 32) | (f->next_seq - 1u - scan.head));
            if (st == MDSEC_OK) {
                f->confirmed = scan.head;
            }
        }
    }
    mdsec_memzero(kek, sizeof kek);
    if (st != MDSEC_OK) {
        return st;
    }
    /* Flags derived at mount are persisted (as BAD records, by a compaction)
     * before anything else is written: a later write must not make the
     * evidence of a rollback disappear. */
    f->poison_pending = f->health != (int32_t)MDSEC_OK ? 1u : 0u;
    /* A sector with an anchor above the confirmed number is a compaction
     * that never finished. The next write compacts first, so that a new
     * anchor above every one on flash marks the active sector before any
     * number above that stale anchor is confirmed. */
    if (top != KS_NO_SLOT && top_seq > f->confirmed) {
        f->poison_pending = 1u;
    }
    f->open = 1u;
    return (mdsec_status_t)f->health;
}

mdsec_status_t mdsec__ks_flash_open(mdsec_ks_flash_t *f, uint32_t region, uint32_t counter_id)
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
        st = start_sector(f, kek, t, first);
    }
    for (size_t i = 0; i < MDSEC_KS_FLASH_KEYS && st == MDSEC_OK; i++) {
        mdsec_ks_flash_entry_t *e = &f->index[i];
        size_t mlen = 0;
        if (e->used == 0u) {
            continue;
        }
        mdsec_status_t ls = (mdsec_status_t)e->state;
        if (ls == MDSEC_OK) {
            ls = mdsec__ks_flash_load(f, e, material, &mlen);
        }
        if (ls != MDSEC_OK && ls != MDSEC_ERR_KS_CORRUPT && ls != MDSEC_ERR_KS_ROLLBACK) {
            st = ls; /* a read failure is no verdict on the key: stop, keep the old sector */
            break;
        }
        const uint64_t seq = prev + 1u;
        const uint32_t off = slot_offset(f, t, slot);
        if (ls == MDSEC_OK) {
            st =
                write_frame(f, kek, t, slot, KS_OP_PUT, e->id, &e->attr, material, mlen, seq, prev);
        } else {
            material[0] =
                ls == MDSEC_ERR_KS_ROLLBACK ? (uint8_t)KS_BAD_ROLLBACK : (uint8_t)KS_BAD_CORRUPT;
            st = write_frame(f, kek, t, slot, KS_OP_BAD, e->id, NULL, material, 1u, seq, prev);
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
    f->sector_gen[t] = (uint32_t)first;
    f->next_slot = slot;
    f->last_seq = last;
    /* The old sector's wrapped records (destroyed keys among them) go now. */
    st = mdsec_port_storage_erase(f->region, old * f->sector_size, f->sector_size);
    if (st == MDSEC_OK) {
        f->sector_gen[old] = 0u;
    }
    return st;
}

mdsec_status_t mdsec__ks_flash_compact(mdsec_ks_flash_t *f)
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
        st = write_frame(f, kek, f->active, f->next_slot, op, id, attr, material, mlen, seq,
                         f->last_seq);
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

mdsec_status_t mdsec__ks_flash_load(mdsec_ks_flash_t *f, const mdsec_ks_flash_entry_t *e,
                                    uint8_t material[MDSEC_KS_MATERIAL_MAX], size_t *len)
{
    uint8_t kek[MDSEC_AEAD_KEY_LEN];
    ks_record_t rec;
    int erased = 0;
    *len = 0;
    if (e->state != (int32_t)MDSEC_OK) {
        return (mdsec_status_t)e->state;
    }
    /* The frame is read again for its material, authenticated again at its
     * position, and must be the record the index was built from: the same
     * sequence number (unique: it is the nonce), key id and attributes. */
    mdsec_status_t st = derive_kek(f, kek);
    if (st == MDSEC_OK) {
        st = read_record(f, kek, e->offset / f->sector_size,
                         (e->offset % f->sector_size - sect_hdr_area(f) - sect_mark_area(f)) /
                             f->frame,
                         &rec, material, &erased);
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

mdsec_status_t mdsec__ks_flash_put(mdsec_ks_flash_t *f, uint32_t id,
                                   const mdsec_ks_attributes_t *attr, const uint8_t *material,
                                   size_t len, int replace)
{
    uint32_t off = 0;
    uint64_t seq = 0;
    const int exists = mdsec__ks_flash_find(f, id) != NULL;
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

mdsec_status_t mdsec__ks_flash_delete(mdsec_ks_flash_t *f, uint32_t id)
{
    uint32_t off = 0;
    uint64_t seq = 0;
    if (mdsec__ks_flash_find(f, id) == NULL) {
        return MDSEC_ERR_KS_NOT_FOUND;
    }
    mdsec_status_t st = append(f, KS_OP_DEL, id, NULL, NULL, 0, &off, &seq);
    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_ks_flash_entry_t *e = mdsec__ks_flash_find(f, id);
    if (e != NULL) {
        memset(e, 0, sizeof *e);
    }
    return MDSEC_OK;
}
