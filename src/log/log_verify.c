/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The security log's export verifier (docs/log.md, "Verification").
 *
 * Two passes over the export. The first recognises the whole input
 * (header, every record's structure, nothing trailing) and does no
 * cryptography. The second walks the records in order: device tag,
 * sequence, epoch, MAC under that epoch's key, chain, boot counter,
 * checkpoints and dropped markers; it stops at the first bad record, or at
 * the first structural fault the first pass found, whichever comes first.
 *
 * Memory is bounded and independent of the export: the current key, k0 to
 * re-derive keys when naming the epoch of a wrong key, and a ring of the
 * last MDSEC_LOG_CHECKPOINT_LAG + 1 chain values, for checkpoints that
 * cover a slightly older record. No heap, no recursion.
 *
 * Every value that decides which key may MAC which record (device id,
 * evolve_every, the witness's epoch) comes from the caller's provisioned
 * parameters; the export header's copies are only compared with them.
 *
 * The verdict is fault hardened: the PASS constant is written only after
 * every check has run, and it is checked twice with its complement.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "log/log_internal.h"
#include "mdsec/event.h"

#define RING_LEN (MDSEC_LOG_CHECKPOINT_LAG + 1u)

/* How many epochs past the export's last one a displaced record's key is
 * derived, to tell a deletion from a modification. */
#define AUTH_EPOCH_SLACK 64u

/* Marks that the record loop ran to its end without a failure. */
#define WALK_DONE 0x6B1E93C5u

typedef struct ring_entry {
    uint64_t seq;
    uint32_t boot;
    uint8_t is_seal; /* a checkpoint record whose signature verified */
    uint8_t valid;
    size_t off;
    uint8_t chain[LOG_HASH_LEN];
} ring_entry_t;

typedef struct verifier {
    const uint8_t *exp;
    size_t len;
    const mdsec_log_verify_params_t *p;
    mdsec_log_verify_result_t *res;
    log_export_header_t hdr;
    log_witness_t wit;
    uint32_t ee; /* the provisioned evolve_every */
    uint32_t dev_tag;
    uint64_t end_seq; /* start_seq + record_count */
    uint32_t max_epoch;
    /* Structure (first pass). */
    uint32_t format_bad_index; /* record index of the first structural fault */
    size_t format_bad_off;
    mdsec_status_t format_bad_status;
    int anchor_seen; /* a marker that would anchor the start (MAC not yet checked) */
    /* Walk state. */
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint32_t key_epoch;
    uint8_t chain[LOG_HASH_LEN];
    uint32_t boot;
    int have_boot;
    int anchored;
    uint64_t unsealed_seq; /* first record of the unsealed tail, and its offset */
    size_t unsealed_off;
    ring_entry_t ring[RING_LEN];
    uint8_t search_key[MDSEC_LOG_KEY_LEN];
} verifier_t;

static int fail_in(verifier_t *v, uint8_t where, mdsec_status_t st, uint64_t seq, size_t off)
{
    if (v->res->reason == MDSEC_OK) {
        v->res->reason = st;
        v->res->bad_seq = seq;
        v->res->bad_offset = off;
        v->res->bad_in = where;
    }
    return 0;
}

static int fail_at(verifier_t *v, mdsec_status_t st, uint64_t seq, size_t off)
{
    return fail_in(v, (uint8_t)MDSEC_LOG_BAD_IN_EXPORT, st, seq, off);
}

static int fail_witness(verifier_t *v, mdsec_status_t st)
{
    return fail_in(v, (uint8_t)MDSEC_LOG_BAD_IN_WITNESS, st, v->wit.seq, 0u);
}

static ring_entry_t *ring_find(verifier_t *v, uint64_t seq)
{
    ring_entry_t *e = &v->ring[seq % RING_LEN];
    return (e->valid && e->seq == seq) ? e : NULL;
}

static void ring_put(verifier_t *v, uint64_t seq, uint32_t boot, size_t off,
                     const uint8_t chain[LOG_HASH_LEN])
{
    ring_entry_t *e = &v->ring[seq % RING_LEN];
    e->seq = seq;
    e->off = off;
    e->boot = boot;
    e->is_seal = 0u;
    e->valid = 1u;
    memcpy(e->chain, chain, LOG_HASH_LEN);
}

/* Brings v->key to epoch e (never backwards: epochs only grow along the walk). */
static mdsec_status_t key_to_epoch(verifier_t *v, uint32_t e)
{
    mdsec_status_t st = MDSEC_OK;

    if (e < v->key_epoch) {
        return MDSEC_ERR_INTERNAL;
    }
    while (st == MDSEC_OK && v->key_epoch < e) {
        v->key_epoch++;
        st = mdsec__log_key_evolve(v->key, v->key_epoch);
    }
    return st;
}

/* v->search_key = k_e, derived from k0 (e at most AUTH_EPOCH_SLACK past max_epoch). */
static mdsec_status_t search_key_of(verifier_t *v, uint32_t e)
{
    mdsec_status_t st = MDSEC_OK;
    memcpy(v->search_key, v->p->k0, MDSEC_LOG_KEY_LEN);
    for (uint32_t i = 1; st == MDSEC_OK && i <= e; i++) {
        st = mdsec__log_key_evolve(v->search_key, i);
    }
    return st;
}

/* Whether a record is genuine as it stands at its own seq: at or after the
 * export's start, labelled with its seq's epoch and MACed with that key. */
static int authentic_at_own_seq(verifier_t *v, const uint8_t *rec, const log_record_t *r)
{
    uint32_t e = 0;
    /* A record may lie past the declared end when others were deleted; the
     * key search is bounded a little beyond the export's last epoch. */
    int ok = r->seq >= v->hdr.start_seq && mdsec__log_epoch_of(r->seq, v->ee, &e) == MDSEC_OK &&
             (e <= v->max_epoch || e - v->max_epoch <= AUTH_EPOCH_SLACK) && e == r->epoch &&
             search_key_of(v, e) == MDSEC_OK &&
             mdsec__log_record_check_mac(rec, r, v->search_key) == MDSEC_OK;
    mdsec_memzero(v->search_key, sizeof v->search_key);
    return ok;
}

/* Whether a later record of the export (after the one at off) has seq. */
static int later_record_has_seq(const verifier_t *v, uint32_t i, size_t off, uint64_t seq)
{
    for (uint32_t k = i; k < v->hdr.record_count && off < v->len; k++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(v->exp + off, v->len - off, &r, &used) != MDSEC_OK) {
            return 0;
        }
        if (k > i && r.seq == seq) {
            return 1;
        }
        off += used;
    }
    return 0;
}

/*
 * A record whose seq is not the expected one. Genuine at its own seq: a
 * duplicate or replay (lower), a reorder (the expected record comes later)
 * or a deletion (it does not). Not genuine: the record itself was modified,
 * its seq among the rest.
 */
static int wrong_seq(verifier_t *v, uint32_t i, size_t off, const log_record_t *r, uint64_t expect)
{
    if (!authentic_at_own_seq(v, v->exp + off, r)) {
        return fail_at(v, MDSEC_ERR_LOG_MAC, expect, off);
    }
    if (r->seq > expect && !later_record_has_seq(v, i, off, expect)) {
        v->res->gaps++;
        return fail_at(v, MDSEC_ERR_LOG_SEQUENCE, expect, off);
    }
    return fail_at(v, MDSEC_ERR_LOG_SEQUENCE, r->seq, off);
}

/*
 * A record's MAC failed under its own epoch's key: look for the epoch whose
 * key did seal it, among every epoch the export can hold (an old key
 * replayed over a later epoch, or a newer key over an older one, as in
 * CVE-2023-31439). Returns 1 and the epoch when found.
 */
static int find_sealing_epoch(verifier_t *v, const uint8_t *rec, const log_record_t *r,
                              uint32_t skip, uint32_t *found)
{
    uint32_t e = 0;
    int hit = 0;

    memcpy(v->search_key, v->p->k0, MDSEC_LOG_KEY_LEN);
    for (;;) {
        if (e != skip && mdsec__log_record_check_mac(rec, r, v->search_key) == MDSEC_OK) {
            hit = 1;
            *found = e;
            break;
        }
        if (e >= v->max_epoch) {
            break;
        }
        e++;
        if (mdsec__log_key_evolve(v->search_key, e) != MDSEC_OK) {
            break;
        }
    }
    mdsec_memzero(v->search_key, sizeof v->search_key);
    return hit;
}

/* Whether a parsed record is a dropped marker that anchors the export's start. */
static int anchors_start(const verifier_t *v, const log_record_t *r)
{
    uint64_t first = 0;
    uint64_t last = 0;
    uint8_t h[LOG_HASH_LEN];

    return v->hdr.start_seq != 0u && r->kind == MDSEC_LOG_KIND_DROPPED &&
           mdsec__log_dropped_parse(r->payload, r->payload_len, &first, &last, h) == MDSEC_OK &&
           last == v->hdr.start_seq - 1u &&
           mdsec_ct_equal(h, v->hdr.start_chain, LOG_HASH_LEN) == 1;
}

/* First pass, no cryptography: every record's structure, nothing after the
 * last, and whether anything could anchor the start. Returns 0 after
 * recording an unanchored start. */
static int recognise(verifier_t *v)
{
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    uint32_t i;

    v->format_bad_index = UINT32_MAX;
    for (i = 0; i < v->hdr.record_count; i++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(v->exp + off, v->len - off, &r, &used) != MDSEC_OK) {
            v->format_bad_index = i;
            v->format_bad_off = off;
            v->format_bad_status = MDSEC_ERR_LOG_FORMAT;
            return 1; /* the walk reports it in order */
        }
        if (anchors_start(v, &r)) {
            v->anchor_seen = 1;
        }
        off += used;
    }
    if (off != v->len) {
        v->format_bad_index = i;
        v->format_bad_off = off;
        v->format_bad_status = MDSEC_ERR_LOG_FORMAT;
        return 1;
    }
    if (v->hdr.start_seq != 0u && !v->anchor_seen) {
        return fail_at(v, MDSEC_ERR_LOG_UNANCHORED, v->hdr.start_seq, MDSEC_LOG_EXPORT_HEADER_LEN);
    }
    return 1;
}

/* The checkpoint key's signature over a witness / checkpoint body. */
static mdsec_status_t witness_sig(const verifier_t *v, const log_witness_t *w)
{
    uint8_t digest[32];
    mdsec_status_t st = mdsec__log_witness_digest(w, digest);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, v->p->pubkey, v->p->pubkey_len, digest,
                                       sizeof digest, w->sig, sizeof w->sig, MDSEC_SIG_RAW);
    }
    return st;
}

/* A checkpoint record (MAC and chain already verified). */
static int check_checkpoint(verifier_t *v, const log_record_t *r, size_t off, uint8_t *is_seal)
{
    log_witness_t w;
    ring_entry_t *covered;
    uint32_t ep = 0;
    mdsec_status_t st;

    *is_seal = 0u;
    if (mdsec__log_witness_parse(r->payload, r->payload_len, &w) != MDSEC_OK) {
        return fail_at(v, MDSEC_ERR_LOG_CHECKPOINT, r->seq, off);
    }
    if (mdsec_ct_equal(w.device_id, v->p->device_id, MDSEC_LOG_DEVICE_ID_LEN) != 1) {
        return fail_at(v, MDSEC_ERR_LOG_DEVICE, r->seq, off);
    }
    /* The covered record: earlier, at most MDSEC_LOG_CHECKPOINT_LAG back, and
     * still in the ring (or the anchor value h_{start_seq - 1}). */
    if (w.seq >= r->seq || r->seq - w.seq > MDSEC_LOG_CHECKPOINT_LAG ||
        mdsec__log_epoch_of(w.seq, v->ee, &ep) != MDSEC_OK || ep != w.epoch) {
        return fail_at(v, MDSEC_ERR_LOG_CHECKPOINT, r->seq, off);
    }
    covered = ring_find(v, w.seq);
    if (covered == NULL || mdsec_ct_equal(covered->chain, w.head, LOG_HASH_LEN) != 1 ||
        w.boot < covered->boot || w.boot > r->boot) {
        return fail_at(v, MDSEC_ERR_LOG_CHECKPOINT, r->seq, off);
    }
    if (v->p->pubkey == NULL) {
        return 1; /* consistent, but unsigned as far as we can tell: seals nothing */
    }
    st = witness_sig(v, &w);
    if (st == MDSEC_ERR_KEY_INVALID) {
        return fail_at(v, MDSEC_ERR_LOG_KEY, r->seq, off);
    }
    if (st != MDSEC_OK) {
        return fail_at(v, MDSEC_ERR_LOG_CHECKPOINT, r->seq, off);
    }
    *is_seal = 1u;
    v->res->checkpoints++;
    if (v->res->last_sealed == UINT64_MAX || w.seq > v->res->last_sealed) {
        /* Unsealed now: the records after w.seq that are not seals themselves
         * (this checkpoint is one, and is not counted). */
        uint64_t n = 0;
        for (uint64_t s = w.seq + 1u; s < r->seq; s++) {
            const ring_entry_t *e = ring_find(v, s);
            if (e != NULL && !e->is_seal) {
                if (n == 0u) {
                    v->unsealed_seq = s;
                    v->unsealed_off = e->off;
                }
                n++;
            }
        }
        v->res->last_sealed = w.seq;
        v->res->unsealed = n;
    }
    return 1;
}

/* A dropped marker (MAC and chain already verified). */
static int check_dropped(verifier_t *v, const log_record_t *r, size_t off)
{
    uint64_t first = 0;
    uint64_t last = 0;
    uint8_t h[LOG_HASH_LEN];

    if (mdsec__log_dropped_parse(r->payload, r->payload_len, &first, &last, h) != MDSEC_OK ||
        last >= v->hdr.start_seq) {
        /* A marker for records the export still holds contradicts it. */
        return fail_at(v, MDSEC_ERR_LOG_FORMAT, r->seq, off);
    }
    if (anchors_start(v, r) && !v->anchored) {
        v->anchored = 1; /* now with a verified MAC and chain */
        v->res->anchor_seq = r->seq;
        v->res->anchor_witnessed = (uint8_t)(v->p->witness != NULL && r->seq <= v->wit.seq);
    }
    return 1;
}

/* One record: returns 1 when it verifies, 0 after recording the failure. */
static int walk_record(verifier_t *v, uint32_t i, size_t off, size_t *used)
{
    const uint8_t *rec = v->exp + off;
    const uint64_t expect = v->hdr.start_seq + i;
    log_record_t r;
    uint8_t next[LOG_HASH_LEN];
    uint32_t ep = 0;
    uint32_t other = 0;
    uint8_t is_seal = 0u;
    mdsec_status_t st;

    if (mdsec__log_record_parse(rec, v->len - off, &r, used) != MDSEC_OK) {
        return fail_at(v, MDSEC_ERR_LOG_FORMAT, expect, off); /* found by the first pass */
    }
    if (r.device_tag != v->dev_tag) {
        return fail_at(v, MDSEC_ERR_LOG_DEVICE, r.seq, off);
    }
    if (r.seq != expect) {
        return wrong_seq(v, i, off, &r, expect);
    }
    /* The epoch label first, the MAC under that epoch's key next: an edited
     * label is EPOCH, an edited record MAC. */
    if (mdsec__log_epoch_of(r.seq, v->ee, &ep) != MDSEC_OK || r.epoch != ep) {
        v->res->bad_epoch = r.epoch;
        return fail_at(v, MDSEC_ERR_LOG_EPOCH, r.seq, off);
    }
    if (key_to_epoch(v, ep) != MDSEC_OK) {
        return fail_at(v, MDSEC_ERR_INTERNAL, r.seq, off);
    }
    st = mdsec__log_record_check_mac(rec, &r, v->key);
    if (st == MDSEC_ERR_LOG_MAC) {
        /* Another epoch's key (an old one replayed, or a newer one): EPOCH,
         * naming it. No key at all: the record was modified. */
        if (find_sealing_epoch(v, rec, &r, ep, &other)) {
            v->res->bad_epoch = other;
            return fail_at(v, MDSEC_ERR_LOG_EPOCH, r.seq, off);
        }
        return fail_at(v, MDSEC_ERR_LOG_MAC, r.seq, off);
    }
    if (st != MDSEC_OK) {
        return fail_at(v, MDSEC_ERR_INTERNAL, r.seq, off);
    }
    st = mdsec__log_record_check_chain(rec, &r, v->chain, next);
    if (st != MDSEC_OK) {
        return fail_at(v, st == MDSEC_ERR_LOG_CHAIN ? MDSEC_ERR_LOG_CHAIN : MDSEC_ERR_INTERNAL,
                       r.seq, off);
    }
    if (v->have_boot && r.boot < v->boot) {
        return fail_at(v, MDSEC_ERR_LOG_SEQUENCE, r.seq, off);
    }
    if (v->have_boot && r.boot != v->boot) {
        v->res->boots++;
    }
    v->boot = r.boot;
    v->have_boot = 1;
    if (r.kind == MDSEC_LOG_KIND_CHECKPOINT && !check_checkpoint(v, &r, off, &is_seal)) {
        return 0;
    }
    if (r.kind == MDSEC_LOG_KIND_DROPPED && !check_dropped(v, &r, off)) {
        return 0;
    }
    /* The witness pins h_{witness.seq}: a replaced tail disagrees here. */
    if (v->p->witness != NULL && v->wit.seq == r.seq) {
        if (mdsec_ct_equal(next, v->wit.head, LOG_HASH_LEN) != 1) {
            return fail_at(v, MDSEC_ERR_LOG_WITNESS, r.seq, off);
        }
        v->res->witness_checked = 1u;
    }
    memcpy(v->chain, next, LOG_HASH_LEN);
    ring_put(v, r.seq, r.boot, off, next);
    if (is_seal) {
        v->ring[r.seq % RING_LEN].is_seal = 1u;
    } else if (v->res->last_sealed != UINT64_MAX) {
        if (v->res->unsealed == 0u) {
            v->unsealed_seq = r.seq;
            v->unsealed_off = off;
        }
        v->res->unsealed++;
    }
    if (v->res->records == 0u) {
        v->res->first_seq = r.seq;
    }
    v->res->last_seq = r.seq;
    v->res->records++;
    return 1;
}

/* Whether a checkpoint public key is a usable P-256 point: the provider
 * refuses a bad point before it looks at the signature. */
static int pubkey_usable(const uint8_t *pub)
{
    static const uint8_t digest[32] = {0};
    uint8_t sig[64];
    memset(sig, 0, sizeof sig);
    sig[31] = 1u;
    sig[63] = 1u;
    return mdsec_crypto_ecdsa_verify(MDSEC_CURVE_P256, pub, MDSEC_P256_PUB_LEN, digest,
                                     sizeof digest, sig, sizeof sig,
                                     MDSEC_SIG_RAW) != MDSEC_ERR_KEY_INVALID;
}

/* The provisioned parameters; returns 0 after recording a usage error. */
static int check_params(verifier_t *v)
{
    const mdsec_log_verify_params_t *p = v->p;

    if (p->k0 == NULL || p->device_id == NULL || p->evolve_every == 0u ||
        (p->pubkey == NULL) != (p->pubkey_len == 0u) ||
        (p->pubkey != NULL && p->pubkey_len != MDSEC_P256_PUB_LEN) ||
        (p->witness == NULL) != (p->witness_len == 0u) ||
        (p->witness != NULL && p->pubkey == NULL) || (v->exp == NULL && v->len != 0u) ||
        (p->pubkey != NULL && !pubkey_usable(p->pubkey))) {
        return fail_in(v, (uint8_t)MDSEC_LOG_BAD_IN_PARAMS, MDSEC_ERR_INVALID_ARG, 0u, 0u);
    }
    v->ee = p->evolve_every;
    return 1;
}

/* The witness on its own: signed by the checkpoint key, this device's, its
 * epoch that of its seq under the provisioned evolve_every, and a record
 * the export holds. Returns 0 after recording a failure. */
static int check_witness(verifier_t *v)
{
    const mdsec_log_verify_params_t *p = v->p;
    uint32_t ep = 0;

    if (p->witness == NULL) {
        return 1;
    }
    if (mdsec__log_witness_parse(p->witness, p->witness_len, &v->wit) != MDSEC_OK) {
        memset(&v->wit, 0, sizeof v->wit);
        return fail_witness(v, MDSEC_ERR_LOG_WITNESS_BAD);
    }
    if (witness_sig(v, &v->wit) != MDSEC_OK) {
        return fail_witness(v, MDSEC_ERR_LOG_WITNESS_BAD);
    }
    if (mdsec_ct_equal(v->wit.device_id, p->device_id, MDSEC_LOG_DEVICE_ID_LEN) != 1) {
        return fail_witness(v, MDSEC_ERR_LOG_DEVICE);
    }
    if (mdsec__log_epoch_of(v->wit.seq, v->ee, &ep) != MDSEC_OK || ep != v->wit.epoch) {
        return fail_witness(v, MDSEC_ERR_LOG_WITNESS_BAD);
    }
    /* A witness proves h_{witness.seq} only: an export that starts after it
     * holds nothing it pins, and the drop marker that would anchor such a
     * start can be forged with the current key. */
    if (v->wit.seq < v->hdr.start_seq) {
        return fail_in(v, (uint8_t)MDSEC_LOG_BAD_IN_WITNESS, MDSEC_ERR_LOG_HEAD_CUT, v->wit.seq,
                       MDSEC_LOG_EXPORT_HEADER_LEN);
    }
    return 1;
}

/* Arguments, header and witness; returns 0 after recording a failure. */
static int prepare(verifier_t *v)
{
    const mdsec_log_verify_params_t *p = v->p;
    uint8_t g[LOG_HASH_LEN];
    mdsec_status_t st;

    if (!check_params(v)) {
        return 0;
    }
    if (mdsec__log_export_header_parse(v->exp, v->len, &v->hdr) != MDSEC_OK ||
        v->len < MDSEC_LOG_EXPORT_HEADER_LEN) {
        return fail_at(v, MDSEC_ERR_LOG_FORMAT, 0u, 0u);
    }
    v->res->first_seq = v->hdr.start_seq;
    v->res->last_seq = v->hdr.start_seq;
    v->end_seq = v->hdr.start_seq + v->hdr.record_count; /* fits: checked by the parser */
    /* The header's copies of the provisioned values, at their offsets. */
    if (mdsec_ct_equal(v->hdr.device_id, p->device_id, MDSEC_LOG_DEVICE_ID_LEN) != 1) {
        return fail_at(v, MDSEC_ERR_LOG_PARAMS, v->hdr.start_seq, 8u);
    }
    if (v->hdr.evolve_every != v->ee) {
        return fail_at(v, MDSEC_ERR_LOG_PARAMS, v->hdr.start_seq, 24u);
    }
    if (!check_witness(v)) {
        return 0;
    }
    st = mdsec__log_device_tag(p->device_id, &v->dev_tag);
    if (st == MDSEC_OK) {
        st = mdsec__log_genesis(p->device_id, g);
    }
    if (st != MDSEC_OK) {
        return fail_at(v, st, 0u, 0u);
    }
    if (v->hdr.start_seq == 0u) {
        v->anchored = mdsec_ct_equal(g, v->hdr.start_chain, LOG_HASH_LEN) == 1;
        if (!v->anchored) {
            return fail_at(v, MDSEC_ERR_LOG_UNANCHORED, 0u, 0u);
        }
    }
    /* The start is the chain value before the first record. */
    memcpy(v->chain, v->hdr.start_chain, LOG_HASH_LEN);
    if (v->hdr.start_seq != 0u) {
        ring_put(v, v->hdr.start_seq - 1u, 0u, 0u, v->hdr.start_chain);
    }
    v->unsealed_seq = v->hdr.start_seq;
    v->unsealed_off = MDSEC_LOG_EXPORT_HEADER_LEN;
    memcpy(v->key, p->k0, MDSEC_LOG_KEY_LEN);
    v->key_epoch = 0u;
    mdsec_memzero(g, sizeof g);
    return 1;
}

/* Runs every check; returns WALK_DONE only when all of them passed. */
static uint32_t verify_all(verifier_t *v)
{
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;
    uint32_t i;

    if (!prepare(v) || !recognise(v)) {
        return 0u;
    }
    /* Every epoch the export can hold fits 32 bits. */
    if (mdsec__log_epoch_of(v->end_seq == 0u ? 0u : v->end_seq - 1u, v->ee, &v->max_epoch) !=
        MDSEC_OK) {
        (void)fail_at(v, MDSEC_ERR_LOG_EPOCH, v->hdr.start_seq, MDSEC_LOG_EXPORT_HEADER_LEN);
        return 0u;
    }
    for (i = 0; i < v->hdr.record_count; i++) {
        size_t used = 0;
        if (i == v->format_bad_index) {
            break;
        }
        if (!walk_record(v, i, off, &used)) {
            return 0u;
        }
        off += used;
    }
    if (v->format_bad_index != UINT32_MAX) {
        (void)fail_at(v, v->format_bad_status, v->hdr.start_seq + v->format_bad_index,
                      v->format_bad_off);
        return 0u;
    }
    if (!v->anchored) {
        (void)fail_at(v, MDSEC_ERR_LOG_UNANCHORED, v->hdr.start_seq, MDSEC_LOG_EXPORT_HEADER_LEN);
        return 0u;
    }
    if (v->p->witness != NULL && v->wit.seq >= v->end_seq) {
        /* The export ends before a record the witness proves existed. */
        (void)fail_at(v, MDSEC_ERR_LOG_TRUNCATED, v->end_seq, v->len);
        return 0u;
    }
    if (v->p->require_sealed &&
        (v->res->last_sealed == UINT64_MAX ? v->res->records != 0u : v->res->unsealed != 0u)) {
        /* An unsealed tail, refused on request: named by its first record. */
        (void)fail_at(v, MDSEC_ERR_LOG_UNSEALED, v->unsealed_seq, v->unsealed_off);
        return 0u;
    }
    return v->res->reason == MDSEC_OK ? WALK_DONE : 0u;
}

mdsec_status_t mdsec_log_verify_export(const uint8_t *exp, size_t len,
                                       const mdsec_log_verify_params_t *params,
                                       mdsec_log_verify_result_t *res)
{
    verifier_t v;
    volatile uint32_t done;
    volatile uint32_t verdict = MDSEC_LOG_VERDICT_FAIL;
    volatile uint32_t verdict_check = ~(uint32_t)MDSEC_LOG_VERDICT_FAIL;

    if (res == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(res, 0, sizeof *res);
    res->verdict = MDSEC_LOG_VERDICT_FAIL;
    res->last_sealed = UINT64_MAX;
    res->anchor_seq = UINT64_MAX;
    if (params == NULL) {
        res->reason = MDSEC_ERR_INVALID_ARG;
        res->bad_in = (uint8_t)MDSEC_LOG_BAD_IN_PARAMS;
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(&v, 0, sizeof v);
    v.exp = exp;
    v.len = len;
    v.p = params;
    v.res = res;

    done = verify_all(&v);
    mdsec_memzero(&v, sizeof v);

    if (done == WALK_DONE && res->reason == MDSEC_OK) {
        verdict = MDSEC_LOG_VERDICT_PASS;
        verdict_check = ~(uint32_t)MDSEC_LOG_VERDICT_PASS;
    }
    if (res->last_sealed == UINT64_MAX) {
        res->unsealed = res->records;
    }
    /* Checked a second time, against the complement and the walk marker. */
    if (verdict == MDSEC_LOG_VERDICT_PASS && verdict_check == ~(uint32_t)MDSEC_LOG_VERDICT_PASS &&
        done == WALK_DONE && res->reason == MDSEC_OK) {
        res->verdict = MDSEC_LOG_VERDICT_PASS;
        return MDSEC_OK;
    }
    res->verdict = MDSEC_LOG_VERDICT_FAIL;
    if (res->reason == MDSEC_OK) {
        res->reason = MDSEC_ERR_INTERNAL; /* a glitch: never PASS by default */
        res->bad_in = (uint8_t)MDSEC_LOG_BAD_IN_EXPORT;
    }
    return res->reason;
}
