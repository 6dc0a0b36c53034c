/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Keystore internals: the persistent record format (docs/keystore.md), its
 * strict parser (also the fuzz target's entry point) and the flash backend
 * used by keystore.c. Not a public API.
 */
#ifndef MDSEC_SRC_KS_INTERNAL_H
#define MDSEC_SRC_KS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/keystore.h"
#include "mdsec/parse.h"
#include "mdsec/status.h"

/* Record frame: header (48 bytes, padded to the program unit) | body (tag,
 * ciphertext, zero padding; padded) | commit mark (8 bytes, padded). The
 * AEAD's associated data is the header followed by the frame's position
 * (mdsec__ks_record_aad), so a frame authenticates only where it was written. */
#define KS_REC_MAGIC    0x3152534Bu /* "KSR1" little endian */
#define KS_REC_VERSION  2u          /* 2: the position is authenticated */
#define KS_REC_HDR_LEN  48u
#define KS_POS_MAGIC    0x3150534Bu            /* "KSP1" */
#define KS_AAD_LEN      (KS_REC_HDR_LEN + 16u) /* a multiple of 16 (see mdsec__ks_record_aad) */
#define KS_REC_TAG_LEN  16u
#define KS_REC_BODY_LEN (KS_REC_TAG_LEN + MDSEC_KS_MATERIAL_MAX)
#define KS_COMMIT_LEN   8u
#define KS_NONCE_LEN    12u
#define KS_NONCE_DOMAIN 0x314E534Bu /* "KSN1" */
#define KS_SEQ_LIMIT    0xFFFFFF00u /* sequence numbers stay below 2^32 (counter encoding) */

/* Frame size with the largest accepted program unit. */
#define KS_FRAME_MAX                                                                   \
    (((KS_REC_HDR_LEN + MDSEC_KS_PROGRAM_UNIT_MAX - 1u) / MDSEC_KS_PROGRAM_UNIT_MAX +  \
      (KS_REC_BODY_LEN + MDSEC_KS_PROGRAM_UNIT_MAX - 1u) / MDSEC_KS_PROGRAM_UNIT_MAX + \
      (KS_COMMIT_LEN + MDSEC_KS_PROGRAM_UNIT_MAX - 1u) / MDSEC_KS_PROGRAM_UNIT_MAX) *  \
     MDSEC_KS_PROGRAM_UNIT_MAX)

/* Record operations. */
#define KS_OP_PUT    1u /* a key: attributes and wrapped material */
#define KS_OP_DEL    2u /* a deletion (no material) */
#define KS_OP_BAD    3u /* a key found damaged, carried through compaction (1-byte reason) */
#define KS_OP_ANCHOR 4u /* first record of every sector (no key) */

#define KS_BAD_CORRUPT  1u
#define KS_BAD_ROLLBACK 2u

extern const uint8_t mdsec__ks_commit_mark[KS_COMMIT_LEN];

/* Geometry of a frame for one program unit. */
typedef struct ks_layout {
    uint32_t pu;
    uint32_t hdr_area;
    uint32_t body_area;
    uint32_t commit_area;
    uint32_t frame;
} ks_layout_t;

/* A parsed record: spans point into the frame. */
typedef struct ks_record {
    uint32_t op;
    uint32_t id;
    uint64_t seq;
    uint64_t prev;
    size_t material_len;
    mdsec_ks_attributes_t attr;
    mdsec_span_t aad; /* the header: authenticated */
    mdsec_span_t tag;
    mdsec_span_t ct;
    int committed;
} ks_record_t;

mdsec_status_t mdsec__ks_layout_for(uint32_t program_unit, ks_layout_t *out);

/* Attribute rules (type, bits, usage, algorithm, lifetime, location). */
mdsec_status_t mdsec__ks_attr_check(const mdsec_ks_attributes_t *a);

/* Parse one frame strictly. Returns MDSEC_OK with committed = 0 for a
 * frame without its commit mark (torn: nothing else is checked), MDSEC_OK
 * with committed = 1 for a well-formed committed frame (the AEAD is not
 * checked here), or MDSEC_ERR_KS_CORRUPT for a committed malformed frame. */
mdsec_status_t mdsec__ks_record_parse(const uint8_t *frame, size_t len, const ks_layout_t *lay,
                                      ks_record_t *out);

/* Encode a header into hdr[KS_REC_HDR_LEN]. */
void mdsec__ks_record_header(uint8_t hdr[KS_REC_HDR_LEN], uint32_t op, uint32_t id, uint64_t seq,
                             uint64_t prev, size_t material_len, const mdsec_ks_attributes_t *attr);

void mdsec__ks_nonce(uint8_t nonce[KS_NONCE_LEN], uint64_t seq);

/* The associated data of the frame at (sector, slot) of the region: the
 * 48 header bytes, then "KSP1", u32 sector, u32 slot, u32 zero (little
 * endian). 64 bytes: libtomcrypt 1.18.2 needs an AAD that is a multiple of
 * 16 bytes when there is no plaintext (ANCHOR and DEL records). */
void mdsec__ks_record_aad(uint8_t aad[KS_AAD_LEN], const uint8_t hdr[KS_REC_HDR_LEN],
                          uint32_t sector, uint32_t slot);

/* Flash backend (ks_flash.c). Callers hold the context mutex. */
mdsec_status_t mdsec__ks_flash_open(mdsec_ks_flash_t *f, uint32_t region, uint32_t counter_id);
mdsec_ks_flash_entry_t *mdsec__ks_flash_find(mdsec_ks_flash_t *f, uint32_t id);
mdsec_status_t mdsec__ks_flash_load(mdsec_ks_flash_t *f, const mdsec_ks_flash_entry_t *e,
                                    uint8_t material[MDSEC_KS_MATERIAL_MAX], size_t *len);
mdsec_status_t mdsec__ks_flash_put(mdsec_ks_flash_t *f, uint32_t id,
                                   const mdsec_ks_attributes_t *attr, const uint8_t *material,
                                   size_t len, int replace);
mdsec_status_t mdsec__ks_flash_delete(mdsec_ks_flash_t *f, uint32_t id);
mdsec_status_t mdsec__ks_flash_compact(mdsec_ks_flash_t *f);

/* One key of a provisioning blob, unwrapped (ks_blob.c -> keystore.c). */
typedef struct ks_builtin_key {
    uint32_t id;
    mdsec_ks_attributes_t attr; /* lifetime READ_ONLY, location RAM */
    const uint8_t *material;
    size_t len;
} ks_builtin_key_t;

/* Install n read-only keys, all or nothing: takes the context lock, checks
 * every key like an import (attributes, material, id free in every backend,
 * no duplicate ids, enough free RAM slots) before installing any, then
 * emits one MDSEC_EV_KEY_PROVISION per key. Returns MDSEC_OK,
 * MDSEC_ERR_KS_EXISTS, MDSEC_ERR_KS_FULL, MDSEC_ERR_KS_ATTRIBUTES,
 * MDSEC_ERR_KEY_INVALID or a lock failure. */
mdsec_status_t mdsec__ks_builtin_install(mdsec_ks_ctx_t *ctx, const ks_builtin_key_t *keys,
                                         size_t n);

/* ECDSA P-256 sign of a digest under the key's policy, like
 * mdsec_ks_sign_digest(), but emitting no event. For the security log only:
 * it signs checkpoints while holding its own lock, and its checkpoint record
 * is itself the audit record of that key use (an event would re-enter the
 * log's event sink). */
mdsec_status_t mdsec__ks_sign_digest_quiet(mdsec_ks_ctx_t *ctx, mdsec_ks_id_t id,
                                           const uint8_t *hash, size_t hash_len, uint8_t *sig,
                                           size_t sig_cap, size_t *sig_len);

#endif /* MDSEC_SRC_KS_INTERNAL_H */
