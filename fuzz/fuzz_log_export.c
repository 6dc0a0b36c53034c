/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Security log exports: the verifier (mdsec_log_verify_export) and the
 * record, witness, dropped-marker and export-header parsers of
 * src/log/log_format.c.
 *
 * Input: one control byte, then the export. Control bits 0-1 choose the
 * verification: 0 plain, 1 with a witness (the last 136 bytes of the input),
 * 2 require_sealed, 3 without the public key. Bit 4 chooses the verifier's
 * provisioned device id and evolve_every: clear, the fixed values of the
 * seed corpus (device d0 01 .. 0f, evolve_every 2), so that the fuzzer
 * searches for a PASS under the right parameters; set, the values of the
 * export's own header, to reach the checks behind the header comparison
 * for any mutated header. Bit 2 "repairs" the export
 * first, as an attacker holding every key would: each record gets a valid
 * MAC under the key of the epoch it is labelled with and a valid chain
 * value, and bit 3 also re-signs checkpoint bodies, so that mutated
 * sequence numbers, epochs, boots, checkpoints and markers reach the checks
 * behind the MAC. The MAC key is the one the
 * seed corpus was written with (0x40 .. 0x5f, as tests/tools/mdsec_log_gen.c)
 * and the checkpoint key the RFC 6979 A.2.5 public key, so the seeds verify
 * and mutations reach every check.
 *
 * Invariants: exactly one verdict, the status is OK only for PASS and is
 * the reason otherwise, a PASS covers every record the header declares and
 * agrees with the provisioned values (header device id and evolve_every,
 * every record's epoch = seq / evolve_every and device tag, a witness
 * inside the export's range), a
 * second run gives the same result, the bad offset lies inside the input;
 * accepted records, witnesses, markers and headers lie inside the input and
 * re-encode to exactly the bytes they were parsed from.
 *
 * Exports whose sequence range spans more than 4096 MAC key epochs are
 * skipped: the verifier derives every key from k0 (one HMAC per epoch, by
 * design of the forward-secure chain), which is correct but slow to fuzz.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/vectors/rfc6979_ecdsa.h"
#include "crypto/crypto.h"
#include "log/log_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_EPOCHS 4096u

static uint8_t fixed[1u << 16];

/* The provisioned values of the seed corpus (tests/tools/mdsec_log_gen.c). */
static const uint8_t prov_device[MDSEC_LOG_DEVICE_ID_LEN] = {0xD0, 1, 2,  3,  4,  5,  6,  7,
                                                             8,    9, 10, 11, 12, 13, 14, 15};
#define PROV_EVOLVE_EVERY 2u

/* A PASS checked independently against the provisioned values. */
static void check_pass(const uint8_t *e, size_t len, const mdsec_log_verify_params_t *p)
{
    log_export_header_t h;
    log_witness_t w;
    uint32_t tag = 0;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;

    if (mdsec__log_export_header_parse(e, len, &h) != MDSEC_OK ||
        memcmp(h.device_id, p->device_id, MDSEC_LOG_DEVICE_ID_LEN) != 0 ||
        h.evolve_every != p->evolve_every ||
        mdsec__log_device_tag(p->device_id, &tag) != MDSEC_OK) {
        abort();
    }
    for (uint32_t i = 0; i < h.record_count; i++) {
        log_record_t r;
        size_t used = 0;
        if (mdsec__log_record_parse(e + off, len - off, &r, &used) != MDSEC_OK ||
            r.seq != h.start_seq + i || r.epoch != r.seq / p->evolve_every || r.device_tag != tag) {
            abort();
        }
        off += used;
    }
    if (p->witness != NULL &&
        (mdsec__log_witness_parse(p->witness, p->witness_len, &w) != MDSEC_OK ||
         w.seq < h.start_seq || w.seq >= h.start_seq + h.record_count ||
         memcmp(w.device_id, p->device_id, MDSEC_LOG_DEVICE_ID_LEN) != 0 ||
         w.epoch != w.seq / p->evolve_every)) {
        abort();
    }
}

/* Gives every record a valid MAC (key of its labelled epoch) and chain
 * value, and with sign a checkpoint body signed by the RFC 6979 key. */
static void repair(uint8_t *e, size_t len, const uint8_t k0[MDSEC_LOG_KEY_LEN], int sign)
{
    static mdsec_drbg_t drbg;
    static int seeded;
    log_export_header_t h;
    uint8_t key[MDSEC_LOG_KEY_LEN];
    uint8_t chain[LOG_HASH_LEN];
    uint32_t key_epoch = 0;
    size_t off = MDSEC_LOG_EXPORT_HEADER_LEN;

    if (!seeded) {
        static const uint8_t seed[48] = {1};
        mdsec_status_t st = mdsec_crypto_drbg_instantiate(&drbg, seed, 32, seed + 32, 16, NULL, 0);
        if (st == MDSEC_ERR_NOT_SUPPORTED) {
            st =
                mdsec_crypto_drbg_seed(&drbg, NULL, 0); /* the psa provider (RFC 6979 signatures) */
        }
        if (st != MDSEC_OK) {
            abort();
        }
        seeded = 1;
    }
    if (mdsec__log_export_header_parse(e, len, &h) != MDSEC_OK) {
        return;
    }
    memcpy(key, k0, sizeof key);
    memcpy(chain, h.start_chain, sizeof chain);
    for (uint32_t i = 0; i < h.record_count; i++) {
        log_record_t r;
        size_t used = 0;
        size_t n = 0;
        if (mdsec__log_record_parse(e + off, len - off, &r, &used) != MDSEC_OK ||
            r.epoch > FUZZ_MAX_EPOCHS) {
            return;
        }
        if (r.epoch < key_epoch) {
            memcpy(key, k0, sizeof key);
            key_epoch = 0;
        }
        while (key_epoch < r.epoch) {
            key_epoch++;
            if (mdsec__log_key_evolve(key, key_epoch) != MDSEC_OK) {
                abort();
            }
        }
        if (sign && r.kind == MDSEC_LOG_KIND_CHECKPOINT) {
            log_witness_t w;
            uint8_t d[32];
            size_t sl = 0;
            if (mdsec__log_witness_parse(r.payload, r.payload_len, &w) == MDSEC_OK &&
                mdsec__log_witness_digest(&w, d) == MDSEC_OK &&
                mdsec_crypto_ecdsa_p256_sign(&drbg, tv_rfc6979_p256_x, d, sizeof d, MDSEC_SIG_RAW,
                                             w.sig, sizeof w.sig, &sl) == MDSEC_OK) {
                mdsec__log_witness_encode(&w, e + off + LOG_REC_HDR_LEN);
            }
        }
        if (mdsec__log_record_encode(&r, key, chain, e + off, len - off, &n, chain) != MDSEC_OK ||
            n != used) {
            abort(); /* a parsed record always re-encodes in place */
        }
        off += used;
    }
}

static void check_parsers(const uint8_t *p, size_t n)
{
    log_record_t r;
    log_witness_t w;
    log_export_header_t h;
    size_t used = 0;
    uint8_t enc[MDSEC_LOG_WITNESS_LEN > MDSEC_LOG_EXPORT_HEADER_LEN ? MDSEC_LOG_WITNESS_LEN
                                                                    : MDSEC_LOG_EXPORT_HEADER_LEN];
    uint64_t first = 0;
    uint64_t last = 0;
    uint8_t hl[LOG_HASH_LEN];

    if (mdsec__log_record_parse(p, n, &r, &used) == MDSEC_OK) {
        if (used != r.total_len || used > n || used != MDSEC_LOG_RECORD_OVERHEAD + r.payload_len ||
            r.payload_len > MDSEC_LOG_PAYLOAD_MAX || r.mac != p + 60u + r.payload_len ||
            r.chain != r.mac + LOG_MAC_LEN || (r.payload_len != 0u && r.payload != p + 60u)) {
            abort();
        }
    } else if (used != 0u) {
        abort();
    }
    if (mdsec__log_witness_parse(p, n, &w) == MDSEC_OK) {
        mdsec__log_witness_encode(&w, enc);
        if (n != MDSEC_LOG_WITNESS_LEN || memcmp(enc, p, n) != 0) {
            abort();
        }
    }
    if (mdsec__log_export_header_parse(p, n, &h) == MDSEC_OK) {
        mdsec__log_export_header_encode(&h, enc);
        if (n < MDSEC_LOG_EXPORT_HEADER_LEN || memcmp(enc, p, MDSEC_LOG_EXPORT_HEADER_LEN) != 0 ||
            h.evolve_every == 0u) {
            abort();
        }
    }
    if (mdsec__log_dropped_parse(p, n, &first, &last, hl) == MDSEC_OK) {
        uint8_t m[LOG_DROPPED_LEN];
        mdsec__log_dropped_encode(first, last, hl, m);
        if (n != LOG_DROPPED_LEN || memcmp(m, p, n) != 0 || first > last) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t k0[MDSEC_LOG_KEY_LEN];
    mdsec_log_verify_params_t p;
    mdsec_log_verify_result_t r1;
    mdsec_log_verify_result_t r2;
    log_export_header_t h;
    const uint8_t *exp;
    size_t len;
    uint8_t mode;
    static uint8_t hdr_device[MDSEC_LOG_DEVICE_ID_LEN];

    if (size < 1u) {
        return 0;
    }
    mode = data[0];
    exp = data + 1;
    len = size - 1u;
    check_parsers(exp, len);

    for (size_t i = 0; i < sizeof k0; i++) {
        k0[i] = (uint8_t)(0x40u + i);
    }
    memset(&p, 0, sizeof p);
    p.k0 = k0;
    p.device_id = prov_device;
    p.evolve_every = PROV_EVOLVE_EVERY;
    p.pubkey = tv_rfc6979_p256_pub;
    p.pubkey_len = sizeof tv_rfc6979_p256_pub;
    switch (mode & 3u) {
    case 1:
        if (len < MDSEC_LOG_WITNESS_LEN) {
            return 0;
        }
        len -= MDSEC_LOG_WITNESS_LEN;
        p.witness = exp + len;
        p.witness_len = MDSEC_LOG_WITNESS_LEN;
        check_parsers(p.witness, p.witness_len);
        break;
    case 2: p.require_sealed = 1; break;
    case 3:
        p.pubkey = NULL;
        p.pubkey_len = 0;
        break;
    default: break;
    }
    if (mdsec__log_export_header_parse(exp, len, &h) == MDSEC_OK) {
        if ((mode & 16u) != 0u) {
            memcpy(hdr_device, h.device_id, sizeof hdr_device);
            p.device_id = hdr_device;
            p.evolve_every = h.evolve_every;
        }
        if ((h.start_seq + h.record_count) / p.evolve_every > FUZZ_MAX_EPOCHS) {
            return 0;
        }
    }
    if ((mode & 4u) != 0u && len <= sizeof fixed) {
        memcpy(fixed, exp, len);
        repair(fixed, len, k0, (mode & 8u) != 0u);
        exp = fixed;
    }

    const mdsec_status_t st = mdsec_log_verify_export(exp, len, &p, &r1);
    if ((st == MDSEC_OK) != (r1.verdict == MDSEC_LOG_VERDICT_PASS) ||
        (r1.verdict != MDSEC_LOG_VERDICT_PASS && r1.verdict != MDSEC_LOG_VERDICT_FAIL) ||
        r1.reason != st || r1.bad_offset > len) {
        abort();
    }
    if (st == MDSEC_OK) {
        if (mdsec__log_export_header_parse(exp, len, &h) != MDSEC_OK ||
            r1.records != h.record_count ||
            (r1.records != 0u &&
             (r1.first_seq != h.start_seq || r1.last_seq != h.start_seq + h.record_count - 1u)) ||
            (p.require_sealed && r1.unsealed != 0u) || r1.gaps != 0u) {
            abort();
        }
        check_pass(exp, len, &p);
    } else if (!(st == MDSEC_ERR_INVALID_ARG ||
                 (st <= MDSEC_ERR_LOG_FORMAT && st >= MDSEC_ERR_LOG_HEAD_CUT))) {
        abort();
    }
    if (mdsec_log_verify_export(exp, len, &p, &r2) != st || memcmp(&r1, &r2, sizeof r1) != 0) {
        abort();
    }
    return 0;
}
