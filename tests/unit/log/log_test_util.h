/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Helpers shared by the security log tests: a keystore with a checkpoint
 * key, exports into RAM, and an independent check of an export built only
 * on the format functions (log_internal.h) and the crypto provider: every
 * record parsed, sequence numbers, epochs, MACs under keys evolved from k0,
 * the chain, checkpoint bodies and signatures, and dropped-marker anchors.
 */
#ifndef MDSEC_TEST_LOG_UTIL_H
#define MDSEC_TEST_LOG_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "log/log_internal.h"
#include "mdsec/keystore.h"
#include "mdsec/log.h"

#define LT_CKPT_ID    77u
#define LT_EXPORT_MAX (64u * 1024u)
#define LT_CODES_MAX  2048u

/* What lt_check() found. */
typedef struct lt_result {
    mdsec_status_t status; /* MDSEC_OK or the first problem */
    uint64_t bad_seq;
    uint64_t records;
    uint64_t first_seq;
    uint64_t last_seq;
    uint64_t start_seq;
    uint32_t checkpoints;
    uint32_t markers;
    uint32_t gaps;
    uint32_t max_boot;
    uint64_t last_covered;   /* seq covered by the last checkpoint (UINT64_MAX: none) */
    uint8_t anchored;        /* start_seq 0 with genesis, or a matching marker */
    mdsec_status_t verifier; /* what mdsec_log_verify_export() said */
    mdsec_log_verify_result_t vres;
    uint16_t codes[LT_CODES_MAX];
    uint64_t seqs[LT_CODES_MAX];
    int32_t statuses[LT_CODES_MAX];
    uint32_t actors[LT_CODES_MAX];
    uint8_t plen[LT_CODES_MAX];
} lt_result_t;

extern uint8_t lt_export[LT_EXPORT_MAX];
extern size_t lt_export_len;
extern uint8_t lt_pub[65];
/* Nonzero (the default): lt_check() verifies checkpoint signatures too. */
extern int lt_check_signatures;

/* Keystore in RAM with an ECDSA P-256 checkpoint key (LT_CKPT_ID). */
void lt_keystore(mdsec_ks_ctx_t *ks);

mdsec_log_config_t lt_config(mdsec_ks_ctx_t *ks, uint32_t evolve_every, uint32_t checkpoint_every,
                             uint8_t policy, uint8_t warn_pct);

/* The export sink (into lt_export). */
mdsec_status_t lt_sink(void *arg, const uint8_t *data, size_t len);
mdsec_status_t lt_export_log(mdsec_log_ctx_t *log);

/* Check lt_export[0..lt_export_len) (gaps allowed when allow_gaps). */
void lt_check(const uint8_t k0[MDSEC_LOG_KEY_LEN], int allow_gaps, lt_result_t *res);

/* Index of the first record with this code at or after from, or -1. */
long lt_find(const lt_result_t *res, uint16_t code, size_t from);
size_t lt_count(const lt_result_t *res, uint16_t code);

#endif /* MDSEC_TEST_LOG_UTIL_H */
