/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * A small in-test log writer: builds binary exports (docs/log.md) with the
 * format encoder of src/log/log_format.c, as a device would, without any
 * storage. Checkpoints are signed with the RFC 6979 A.2.5 P-256 key through
 * the provider API. Used by test_log_verify, the mdsec-log tool tests'
 * generator and the fuzz corpus.
 */
#ifndef MDSEC_TEST_LOG_TESTGEN_H
#define MDSEC_TEST_LOG_TESTGEN_H

#include <stddef.h>
#include <stdint.h>

#include "log/log_internal.h"

/* Export capacity used by the tests. */
#define TG_CAP 16384u

typedef struct tg_log {
    uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN];
    uint8_t key[MDSEC_LOG_KEY_LEN]; /* the current epoch's key */
    uint32_t key_epoch;
    uint32_t evolve_every;
    uint32_t dev_tag;
    uint32_t boot;
    uint64_t next_seq;
    uint64_t mono_ms;
    uint8_t chain[LOG_HASH_LEN]; /* h_{next_seq - 1} */
    uint8_t *buf;
    size_t cap;
    size_t len;
    uint32_t count;
    uint64_t start_seq;
    uint8_t start_chain[LOG_HASH_LEN];
    uint8_t witness[MDSEC_LOG_WITNESS_LEN]; /* of the last checkpoint */
} tg_log_t;

/* The test devices A and B, and the tests' k0 (0x40, 0x41, .. 0x5f). */
extern const uint8_t tg_dev_a[MDSEC_LOG_DEVICE_ID_LEN];
extern const uint8_t tg_dev_b[MDSEC_LOG_DEVICE_ID_LEN];
void tg_k0(uint8_t k0[MDSEC_LOG_KEY_LEN]);

/* The RFC 6979 A.2.5 public key (65 bytes). */
const uint8_t *tg_pubkey(void);

/* Start an export at seq 0 (anchored at the genesis value). */
mdsec_status_t tg_init(tg_log_t *g, const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN],
                       const uint8_t k0[MDSEC_LOG_KEY_LEN], uint32_t evolve_every, uint8_t *buf,
                       size_t cap);
/* Start an export at start_seq > 0 (records before it dropped): start_chain
 * stands for h_{start_seq - 1}; anchor it with tg_dropped(g, a, start_seq - 1). */
mdsec_status_t tg_init_at(tg_log_t *g, const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN],
                          const uint8_t k0[MDSEC_LOG_KEY_LEN], uint32_t evolve_every,
                          uint64_t start_seq, const uint8_t start_chain[LOG_HASH_LEN], uint8_t *buf,
                          size_t cap);
/* Start an export as an attacker who captured a device: holding only key,
 * the MAC key of epoch key_epoch, they write records from start_seq on,
 * chained from start_chain, keyed under their claimed evolve_every (a
 * record whose epoch is below key_epoch gets the captured key, which is
 * wrong for it). */
mdsec_status_t tg_init_captured(tg_log_t *g, const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN],
                                const uint8_t key[MDSEC_LOG_KEY_LEN], uint32_t key_epoch,
                                uint32_t evolve_every, uint64_t start_seq,
                                const uint8_t start_chain[LOG_HASH_LEN], uint8_t *buf, size_t cap);
/* Append one event record (payload may be NULL with len 0). */
mdsec_status_t tg_event(tg_log_t *g, uint16_t code, uint8_t outcome, const uint8_t *payload,
                        size_t payload_len);
/* Append a checkpoint covering the last record (seq - lag), signed with the
 * RFC 6979 key; its witness is kept in g->witness. */
mdsec_status_t tg_checkpoint(tg_log_t *g, uint32_t lag);
/* The unsigned witness of record seq (already in the export) as of now. */
mdsec_status_t tg_witness_for(const tg_log_t *g, uint64_t seq, log_witness_t *w);
/* Sign a witness with the RFC 6979 key. */
mdsec_status_t tg_sign_witness(log_witness_t *w);
/* Append a checkpoint record with this body, as it is (signed or not). */
mdsec_status_t tg_checkpoint_w(tg_log_t *g, const log_witness_t *w);
/* Append a dropped marker for first..last whose h_last is g->start_chain. */
mdsec_status_t tg_dropped(tg_log_t *g, uint64_t first, uint64_t last);
/* A new boot: the boot counter increases. */
void tg_reboot(tg_log_t *g);
/* Write the header (record count) into buf[0..96]; returns the export length. */
size_t tg_finish(tg_log_t *g);
/* Offset of record i in an export (0 when it has fewer records). */
size_t tg_record_offset(const uint8_t *exp, size_t len, uint32_t i);

/* Append a record with explicit fields (for attacks): r's payload, code,
 * kind and outcome; seq/epoch/boot as given, MAC under key, chain from prev. */
mdsec_status_t tg_raw(uint8_t *out, size_t cap, size_t *len, const log_record_t *r,
                      const uint8_t key[MDSEC_LOG_KEY_LEN], const uint8_t prev[LOG_HASH_LEN],
                      uint8_t next[LOG_HASH_LEN]);

#endif /* MDSEC_TEST_LOG_TESTGEN_H */
