/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log internals: the byte formats of docs/log.md (records,
 * witnesses, export header), the key evolution and the chain step. Shared by
 * the device side (log.c, log_storage.c) and the verifier (log_verify.c).
 * Implemented in log_format.c. Not a public API.
 */
#ifndef MDSEC_SRC_LOG_INTERNAL_H
#define MDSEC_SRC_LOG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/log.h"
#include "mdsec/status.h"

#define LOG_REC_MAGIC   0x52474C4Du /* "MLGR" */
#define LOG_WIT_MAGIC   0x57474C4Du /* "MLGW" */
#define LOG_SEC_MAGIC   0x53474C4Du /* "MLGS" */
#define LOG_KEY_MAGIC   0x4B474C4Du /* "MLGK" */
#define LOG_EXP_MAGIC   0x58474C4Du /* "MLGX" */
#define LOG_COMMIT      0x544D4D43u /* "CMMT" */
#define LOG_VERSION     1u
#define LOG_REC_HDR_LEN 60u /* bytes before the payload */
#define LOG_MAC_LEN     32u
#define LOG_HASH_LEN    32u
#define LOG_SEC_HDR_LEN 96u
#define LOG_DROPPED_LEN 48u

_Static_assert(LOG_REC_HDR_LEN + LOG_MAC_LEN + LOG_HASH_LEN + 4u == MDSEC_LOG_RECORD_OVERHEAD,
               "record overhead");

/* A parsed record; spans point into the caller's buffer. */
typedef struct log_record {
    uint32_t kind;
    uint64_t seq;
    uint32_t boot;
    uint32_t epoch;
    uint64_t mono_ms;
    uint64_t wall_s;
    uint16_t code;
    uint8_t outcome;
    uint8_t source;
    uint32_t actor;
    int32_t status;
    uint32_t device_tag;
    const uint8_t *payload;
    size_t payload_len;
    const uint8_t *mac;   /* LOG_MAC_LEN bytes */
    const uint8_t *chain; /* LOG_HASH_LEN bytes: h_seq as stored */
    size_t total_len;     /* bytes 0 .. end of the commit word */
} log_record_t;

/* A parsed witness / checkpoint body. */
typedef struct log_witness {
    uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN];
    uint32_t boot;
    uint32_t epoch;
    uint64_t seq;
    uint8_t head[LOG_HASH_LEN];
    uint8_t sig[64];
} log_witness_t;

/* A parsed export header. */
typedef struct log_export_header {
    uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN];
    uint32_t evolve_every;
    uint32_t record_count;
    uint64_t start_seq;
    uint8_t start_chain[LOG_HASH_LEN];
} log_export_header_t;

/* Device tag: first 4 bytes (little endian) of SHA-256(device_id). */
mdsec_status_t mdsec__log_device_tag(const uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN],
                                     uint32_t *tag);

/* h_{-1} = SHA-256("mdsec-log genesis v1" || device_id). */
mdsec_status_t mdsec__log_genesis(const uint8_t device_id[MDSEC_LOG_DEVICE_ID_LEN],
                                  uint8_t out[LOG_HASH_LEN]);

/* k_{e+1} = HMAC-SHA256(k_e, "mdsec-log evolve v1" || u32le(e+1)), in place;
 * the old key is overwritten. new_epoch is e+1 (>= 1). On failure the key is
 * wiped (never left usable for the wrong epoch). */
mdsec_status_t mdsec__log_key_evolve(uint8_t key[MDSEC_LOG_KEY_LEN], uint32_t new_epoch);

/* Epoch of a sequence number: seq / evolve_every (evolve_every >= 1);
 * MDSEC_ERR_OVERFLOW when it does not fit 32 bits. */
mdsec_status_t mdsec__log_epoch_of(uint64_t seq, uint32_t evolve_every, uint32_t *epoch);

/* Encode a complete record into out (cap >= MDSEC_LOG_RECORD_OVERHEAD + payload_len):
 * r supplies every header field and the payload (r->mac, r->chain and
 * r->total_len are ignored; r->payload may already point at out + 60);
 * computes the MAC under key and the chain value from prev_chain; writes the
 * commit word; sets *len (= total_len) and new_chain (may be NULL).
 * MDSEC_ERR_LOG_TOO_LARGE (payload), MDSEC_ERR_BUFFER_TOO_SMALL (cap),
 * MDSEC_ERR_LOG_FORMAT (kind / code / outcome / payload shape), with out,
 * *len and new_chain zeroed. new_chain may alias prev_chain. */
mdsec_status_t mdsec__log_record_encode(const log_record_t *r, const uint8_t key[MDSEC_LOG_KEY_LEN],
                                        const uint8_t prev_chain[LOG_HASH_LEN], uint8_t *out,
                                        size_t cap, size_t *len, uint8_t new_chain[LOG_HASH_LEN]);

/* Strict parse of one record at the start of buf (len may extend past it:
 * *used tells how many bytes the record occupies). Checks magic, version,
 * kind, total_len = 128 + payload_len <= MDSEC_LOG_RECORD_MAX, outcome, flags
 * 0 and the commit word, and the kind's shape: an event's payload is a
 * sequence of whole TLV items (1-byte tag, 1-byte length), a checkpoint has
 * code MDSEC_EV_AUDIT_CHECKPOINT and a 136-byte payload, a dropped marker
 * code MDSEC_EV_AUDIT_DROPPED and a 48-byte payload. Does not check device tag, epoch, MAC or chain.
 * MDSEC_ERR_LOG_FORMAT on any violation, with *out and *used zeroed.
 * mdsec__log_record_encode() refuses (MDSEC_ERR_LOG_FORMAT) what this refuses. */
mdsec_status_t mdsec__log_record_parse(const uint8_t *buf, size_t len, log_record_t *out,
                                       size_t *used);

/* Check a parsed record: MAC under key (constant-time compare) and chain
 * value against prev_chain; new_chain receives the recomputed h_seq (zeroed
 * on failure; it may alias prev_chain). MDSEC_ERR_LOG_MAC or MDSEC_ERR_LOG_CHAIN. rec points at the
 * record bytes r was parsed from (MDSEC_ERR_INVALID_ARG otherwise). */
mdsec_status_t mdsec__log_record_check_mac(const uint8_t *rec, const log_record_t *r,
                                           const uint8_t key[MDSEC_LOG_KEY_LEN]);
mdsec_status_t mdsec__log_record_check_chain(const uint8_t *rec, const log_record_t *r,
                                             const uint8_t prev_chain[LOG_HASH_LEN],
                                             uint8_t new_chain[LOG_HASH_LEN]);

/* Witness body: encode bytes 0..72 (unsigned part) and the full 136 bytes;
 * parse exactly 136 bytes (len must be 136): magic, version, length. The
 * signature is not checked here. */
void mdsec__log_witness_encode_tbs(const log_witness_t *w, uint8_t out[72]);
void mdsec__log_witness_encode(const log_witness_t *w, uint8_t out[MDSEC_LOG_WITNESS_LEN]);
mdsec_status_t mdsec__log_witness_parse(const uint8_t *buf, size_t len, log_witness_t *out);
/* SHA-256 of the witness's bytes 0..72: the digest the checkpoint key signs. */
mdsec_status_t mdsec__log_witness_digest(const log_witness_t *w, uint8_t digest[32]);

/* Dropped marker payload (exactly 48 bytes; first <= last). */
void mdsec__log_dropped_encode(uint64_t first, uint64_t last, const uint8_t h_last[LOG_HASH_LEN],
                               uint8_t out[LOG_DROPPED_LEN]);
mdsec_status_t mdsec__log_dropped_parse(const uint8_t *buf, size_t len, uint64_t *first,
                                        uint64_t *last, uint8_t h_last[LOG_HASH_LEN]);

/* Export header (96 bytes). The parser reads the first 96 bytes of buf
 * (len may be longer: the records follow): magic, version, header length,
 * evolve_every >= 1, reserved bytes zero, start_seq + record_count fits u64. */
void mdsec__log_export_header_encode(const log_export_header_t *h,
                                     uint8_t out[MDSEC_LOG_EXPORT_HEADER_LEN]);
mdsec_status_t mdsec__log_export_header_parse(const uint8_t *buf, size_t len,
                                              log_export_header_t *out);

#endif /* MDSEC_SRC_LOG_INTERNAL_H */
