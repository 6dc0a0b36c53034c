/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * The security log's byte formats (src/log/log_format.c, docs/log.md):
 * every encoder and parser with its error paths. The genesis value, the
 * device tag, the key evolution, a complete record and a witness digest are
 * checked against values computed independently with Python's hashlib and
 * hmac (the expression that produced each one is quoted beside it), not
 * against our own output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "log/log_internal.h"
#include "mdsec/event.h"
#include "test_hex.h"

/* dev = bytes(range(16)) */
static const uint8_t dev[MDSEC_LOG_DEVICE_ID_LEN] = {0, 1, 2,  3,  4,  5,  6,  7,
                                                     8, 9, 10, 11, 12, 13, 14, 15};

/* k0 = bytes(range(0x40, 0x60)) */
static void k0_fill(uint8_t k[MDSEC_LOG_KEY_LEN])
{
    for (size_t i = 0; i < MDSEC_LOG_KEY_LEN; i++) {
        k[i] = (uint8_t)(0x40u + i);
    }
}

static void hex_eq(const uint8_t *got, const char *hex, size_t n)
{
    uint8_t want[512];
    assert_true(n <= sizeof want);
    assert_int_equal(test_hex(hex, want, sizeof want), n);
    assert_memory_equal(got, want, n);
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= b[i];
    }
    return acc == 0u;
}

/* hashlib.sha256(b"mdsec-log genesis v1" + dev).hexdigest() */
#define GENESIS_HEX "147258872048a3cb88c73655f4e19e3d8a6a91dd4253e2c8127a01366e746f2d"

static void genesis_and_tag(void **state)
{
    uint8_t g[LOG_HASH_LEN];
    uint32_t tag = 1;
    (void)state;

    assert_int_equal(mdsec__log_genesis(dev, g), MDSEC_OK);
    hex_eq(g, GENESIS_HEX, sizeof g);
    /* struct.unpack('<I', hashlib.sha256(dev).digest()[:4])[0] == 0x26cb45be */
    assert_int_equal(mdsec__log_device_tag(dev, &tag), MDSEC_OK);
    assert_int_equal(tag, 0x26cb45beu);

    memset(g, 0xAA, sizeof g);
    assert_int_equal(mdsec__log_genesis(NULL, g), MDSEC_ERR_INVALID_ARG);
    assert_true(all_zero(g, sizeof g));
    assert_int_equal(mdsec__log_genesis(dev, NULL), MDSEC_ERR_INVALID_ARG);
    tag = 7;
    assert_int_equal(mdsec__log_device_tag(NULL, &tag), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(tag, 0);
    assert_int_equal(mdsec__log_device_tag(dev, NULL), MDSEC_ERR_INVALID_ARG);
}

static void key_evolution(void **state)
{
    uint8_t k[MDSEC_LOG_KEY_LEN];
    uint8_t saved[MDSEC_LOG_KEY_LEN];
    (void)state;

    k0_fill(k);
    /* ev = lambda k, e: hmac.new(k, b"mdsec-log evolve v1" + struct.pack('<I', e),
     *                            hashlib.sha256).digest()
     * ev(k0, 1).hex() */
    assert_int_equal(mdsec__log_key_evolve(k, 1), MDSEC_OK);
    hex_eq(k, "be439a6d1c9119aa0494c52dbee7e04beb341a67156df22dbe3bafb0e65d2b4b", sizeof k);
    /* ev(ev(k0, 1), 2).hex() */
    assert_int_equal(mdsec__log_key_evolve(k, 2), MDSEC_OK);
    hex_eq(k, "5a05558eb1c0127e69e6704f9aaf5d2ace618eaf7ef6b74053a59bf027e6ccd8", sizeof k);
    /* k = k0; for e in range(1, 1001): k = ev(k, e)  ->  k.hex() */
    k0_fill(k);
    for (uint32_t e = 1; e <= 1000u; e++) {
        assert_int_equal(mdsec__log_key_evolve(k, e), MDSEC_OK);
    }
    hex_eq(k, "e34fc021eb21ac21c45ba81a6ef823786979e0add47c994bc84c7770e6205948", sizeof k);

    /* Epoch 0 is never evolved into; the key is left as it was. */
    memcpy(saved, k, sizeof k);
    assert_int_equal(mdsec__log_key_evolve(k, 0), MDSEC_ERR_INVALID_ARG);
    assert_memory_equal(k, saved, sizeof k);
    assert_int_equal(mdsec__log_key_evolve(NULL, 1), MDSEC_ERR_INVALID_ARG);
}

static void epoch_of(void **state)
{
    uint32_t e = 99;
    (void)state;

    assert_int_equal(mdsec__log_epoch_of(0, 1, &e), MDSEC_OK);
    assert_int_equal(e, 0);
    assert_int_equal(mdsec__log_epoch_of(7, 1, &e), MDSEC_OK);
    assert_int_equal(e, 7);
    assert_int_equal(mdsec__log_epoch_of(7, 4, &e), MDSEC_OK);
    assert_int_equal(e, 1);
    assert_int_equal(mdsec__log_epoch_of(8, 4, &e), MDSEC_OK);
    assert_int_equal(e, 2);
    assert_int_equal(mdsec__log_epoch_of(UINT32_MAX, 1, &e), MDSEC_OK);
    assert_int_equal(e, UINT32_MAX);
    assert_int_equal(mdsec__log_epoch_of((uint64_t)UINT32_MAX + 1u, 1, &e), MDSEC_ERR_OVERFLOW);
    assert_int_equal(e, 0);
    assert_int_equal(mdsec__log_epoch_of(UINT64_MAX, UINT32_MAX, &e), MDSEC_ERR_OVERFLOW);
    e = 5;
    assert_int_equal(mdsec__log_epoch_of(3, 0, &e), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(e, 0);
    assert_int_equal(mdsec__log_epoch_of(3, 1, NULL), MDSEC_ERR_INVALID_ARG);
}

/* The record of the Python reference:
 * payload = bytes([1, 3]) + b"abc" + bytes([2, 1, 0xff])
 * hdr = struct.pack('<IHBBQIIQQHBBIiHHI', 0x52474C4D, 128 + len(payload), 1, 1, 5, 3, 2,
 *                   0x0102030405060708, 1700000000, 0x0201, 4, 1, 0xdeadbeef, -101,
 *                   len(payload), 0, 0x26cb45be)
 * mac = hmac.new(k2, hdr + payload, hashlib.sha256).digest()     # k2 = ev(ev(k0, 1), 2)
 * chain = hashlib.sha256(genesis + hdr + payload + mac).digest()
 * (hdr + payload + mac + chain + struct.pack('<I', 0x544D4D43)).hex() */
#define REC_HEX                                                                            \
    "4d4c47528800010105000000000000000300000002000000080706050403020100f15365000000000102" \
    "0401efbeadde9bffffff08000000be45cb2601036162630201ffc5a3565f2e437a59b530015604b845dc" \
    "53a57161571cac13d06bc47d16285915f3928d1cf474b6eaf380644025bb97dab4e0e861f1861278fe01" \
    "5878f8f2ec79434d4d54"
#define REC_LEN 136u

static const uint8_t ref_payload[8] = {1, 3, 'a', 'b', 'c', 2, 1, 0xff};

static void ref_fields(log_record_t *r)
{
    memset(r, 0, sizeof *r);
    r->kind = MDSEC_LOG_KIND_EVENT;
    r->seq = 5;
    r->boot = 3;
    r->epoch = 2;
    r->mono_ms = 0x0102030405060708u;
    r->wall_s = 1700000000u;
    r->code = 0x0201;
    r->outcome = 4;
    r->source = 1;
    r->actor = 0xdeadbeefu;
    r->status = -101;
    r->device_tag = 0x26cb45beu;
    r->payload = ref_payload;
    r->payload_len = sizeof ref_payload;
}

static void ref_key(uint8_t k[MDSEC_LOG_KEY_LEN])
{
    k0_fill(k);
    assert_int_equal(mdsec__log_key_evolve(k, 1), MDSEC_OK);
    assert_int_equal(mdsec__log_key_evolve(k, 2), MDSEC_OK);
}

static void record_encode_matches_reference(void **state)
{
    uint8_t k[MDSEC_LOG_KEY_LEN];
    uint8_t g[LOG_HASH_LEN];
    uint8_t out[MDSEC_LOG_RECORD_MAX];
    uint8_t nc[LOG_HASH_LEN];
    log_record_t r;
    size_t len = 0;
    (void)state;

    ref_key(k);
    assert_int_equal(mdsec__log_genesis(dev, g), MDSEC_OK);
    ref_fields(&r);
    memset(out, 0xEE, sizeof out);
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc), MDSEC_OK);
    assert_int_equal(len, REC_LEN);
    hex_eq(out, REC_HEX, REC_LEN);
    assert_memory_equal(nc, out + 60 + 8 + 32, LOG_HASH_LEN);
    assert_int_equal(out[REC_LEN], 0xEE); /* nothing written past the record */

    /* Exactly enough room, new_chain optional, payload already in place. */
    memset(out, 0, sizeof out);
    memcpy(out + LOG_REC_HDR_LEN, ref_payload, sizeof ref_payload);
    r.payload = out + LOG_REC_HDR_LEN;
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, REC_LEN, &len, NULL), MDSEC_OK);
    hex_eq(out, REC_HEX, REC_LEN);

    /* The chain value may be updated in place (new_chain aliasing prev_chain). */
    {
        uint8_t c[LOG_HASH_LEN];
        log_record_t p;
        size_t used;
        ref_fields(&r);
        memcpy(c, g, sizeof c);
        assert_int_equal(mdsec__log_record_encode(&r, k, c, out, sizeof out, &len, c), MDSEC_OK);
        hex_eq(out, REC_HEX, REC_LEN);
        assert_memory_equal(c, out + 100, LOG_HASH_LEN);
        memcpy(c, g, sizeof c);
        assert_int_equal(mdsec__log_record_parse(out, len, &p, &used), MDSEC_OK);
        assert_int_equal(mdsec__log_record_check_chain(out, &p, c, c), MDSEC_OK);
        assert_memory_equal(c, out + 100, LOG_HASH_LEN);
    }
}

static void record_parse_and_check(void **state)
{
    uint8_t rec[REC_LEN + 10];
    uint8_t k[MDSEC_LOG_KEY_LEN];
    uint8_t g[LOG_HASH_LEN];
    uint8_t nc[LOG_HASH_LEN];
    log_record_t r;
    size_t used = 0;
    (void)state;

    assert_int_equal(test_hex(REC_HEX, rec, sizeof rec), REC_LEN);
    memset(rec + REC_LEN, 0x5A, 10); /* the next record's bytes: not ours */
    assert_int_equal(mdsec__log_record_parse(rec, sizeof rec, &r, &used), MDSEC_OK);
    assert_int_equal(used, REC_LEN);
    assert_int_equal(r.kind, MDSEC_LOG_KIND_EVENT);
    assert_int_equal(r.seq, 5);
    assert_int_equal(r.boot, 3);
    assert_int_equal(r.epoch, 2);
    assert_true(r.mono_ms == 0x0102030405060708u);
    assert_int_equal(r.wall_s, 1700000000u);
    assert_int_equal(r.code, 0x0201);
    assert_int_equal(r.outcome, 4);
    assert_int_equal(r.source, 1);
    assert_int_equal(r.actor, 0xdeadbeefu);
    assert_int_equal(r.status, -101);
    assert_int_equal(r.device_tag, 0x26cb45beu);
    assert_ptr_equal(r.payload, rec + 60);
    assert_int_equal(r.payload_len, 8);
    assert_ptr_equal(r.mac, rec + 68);
    assert_ptr_equal(r.chain, rec + 100);
    assert_int_equal(r.total_len, REC_LEN);

    ref_key(k);
    assert_int_equal(mdsec__log_genesis(dev, g), MDSEC_OK);
    assert_int_equal(mdsec__log_record_check_mac(rec, &r, k), MDSEC_OK);
    assert_int_equal(mdsec__log_record_check_chain(rec, &r, g, nc), MDSEC_OK);
    assert_memory_equal(nc, rec + 100, LOG_HASH_LEN);

    /* The epoch-1 key, or a previous chain value off by one bit, fail. */
    k0_fill(k);
    assert_int_equal(mdsec__log_key_evolve(k, 1), MDSEC_OK);
    assert_int_equal(mdsec__log_record_check_mac(rec, &r, k), MDSEC_ERR_LOG_MAC);
    g[31] ^= 1u;
    assert_int_equal(mdsec__log_record_check_chain(rec, &r, g, nc), MDSEC_ERR_LOG_CHAIN);
    assert_true(all_zero(nc, sizeof nc));

    /* A modified payload byte: the MAC and the chain fail. */
    g[31] ^= 1u;
    ref_key(k);
    rec[61] ^= 0x10u;
    assert_int_equal(mdsec__log_record_check_mac(rec, &r, k), MDSEC_ERR_LOG_MAC);
    assert_int_equal(mdsec__log_record_check_chain(rec, &r, g, nc), MDSEC_ERR_LOG_CHAIN);
    rec[61] ^= 0x10u;

    /* A view that does not belong to these bytes is refused. */
    assert_int_equal(mdsec__log_record_check_mac(rec + 1, &r, k), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_check_chain(rec + 1, &r, g, nc), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_check_mac(rec, &r, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_check_chain(rec, &r, NULL, nc), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_check_chain(rec, &r, g, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_check_mac(rec, NULL, k), MDSEC_ERR_INVALID_ARG);
}

static void expect_parse_fail(const uint8_t *buf, size_t len)
{
    log_record_t r;
    size_t used = 77;
    memset(&r, 0xCC, sizeof r);
    assert_int_equal(mdsec__log_record_parse(buf, len, &r, &used), MDSEC_ERR_LOG_FORMAT);
    assert_int_equal(used, 0);
    assert_true(all_zero(&r, sizeof r));
}

static void record_parse_rejects(void **state)
{
    uint8_t rec[REC_LEN];
    uint8_t bad[REC_LEN];
    log_record_t r;
    size_t used;
    (void)state;

    assert_int_equal(test_hex(REC_HEX, rec, sizeof rec), REC_LEN);

    /* Every truncation. */
    for (size_t n = 0; n < REC_LEN; n++) {
        expect_parse_fail(rec, n);
    }
    /* Each structural field. */
    static const struct {
        size_t off;
        uint8_t val;
    } cases[] = {
        {0, 0x4c},           /* magic */
        {3, 0x53},           /* magic */
        {4, 0x87},           /* total_len one short of 128 + payload_len */
        {4, 0x89},           /* total_len one long */
        {5, 0x01},           /* total_len beyond the largest record */
        {6, 0x00},           /* version 0 */
        {6, 0x02},           /* version 2 */
        {7, 0x00},           /* kind 0 */
        {7, 0x04},           /* kind 4 */
        {7, 0x02},           /* kind checkpoint: wrong code and payload size */
        {7, 0x03},           /* kind dropped: wrong code and payload size */
        {42, 0x01},          /* outcome 1 */
        {42, 0x10},          /* outcome 16 */
        {52, 0x07},          /* payload_len does not match total_len */
        {61, 0x07},          /* a TLV length running past the payload */
        {61, 0x05},          /* a TLV item cut: the next one is one byte */
        {53, 0x01},          /* payload_len huge */
        {54, 0x01},          /* flags */
        {55, 0x80},          /* flags */
        {REC_LEN - 4, 0x42}, /* commit word */
        {REC_LEN - 1, 0x55}, /* commit word */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(bad, rec, sizeof bad);
        bad[cases[i].off] = cases[i].val;
        expect_parse_fail(bad, sizeof bad);
    }
    /* A total_len below the overhead, and the erased value. */
    memcpy(bad, rec, sizeof bad);
    bad[4] = 0x7f;
    bad[5] = 0;
    expect_parse_fail(bad, sizeof bad);
    memset(bad, 0xFF, sizeof bad);
    expect_parse_fail(bad, sizeof bad);
    memset(bad, 0, sizeof bad);
    expect_parse_fail(bad, sizeof bad);

    /* Fields the parser leaves to the verifier are accepted (MAC, chain,
     * device tag, epoch, times, code, source, actor and status). */
    static const size_t free_offs[] = {8, 16, 20, 24, 32, 40, 43, 44, 48, 56, 60, 68, 100};
    for (size_t i = 0; i < sizeof free_offs / sizeof free_offs[0]; i++) {
        memcpy(bad, rec, sizeof bad);
        bad[free_offs[i]] ^= 0x01u;
        assert_int_equal(mdsec__log_record_parse(bad, sizeof bad, &r, &used), MDSEC_OK);
        assert_int_equal(used, REC_LEN);
    }

    /* Arguments. */
    assert_int_equal(mdsec__log_record_parse(rec, sizeof rec, NULL, &used), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_parse(rec, sizeof rec, &r, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_parse(NULL, 5, &r, &used), MDSEC_ERR_INVALID_ARG);
    expect_parse_fail(NULL, 0);
}

static void record_encode_rejects(void **state)
{
    uint8_t k[MDSEC_LOG_KEY_LEN];
    uint8_t g[LOG_HASH_LEN];
    uint8_t big[MDSEC_LOG_PAYLOAD_MAX + 1u];
    uint8_t out[MDSEC_LOG_RECORD_MAX + 8u];
    uint8_t nc[LOG_HASH_LEN];
    log_record_t r;
    size_t len;
    (void)state;

    ref_key(k);
    assert_int_equal(mdsec__log_genesis(dev, g), MDSEC_OK);
    /* One TLV item filling MDSEC_LOG_PAYLOAD_MAX bytes (tag 0x11, length max - 2). */
    memset(big, 0x11, sizeof big);
    big[1] = (uint8_t)(MDSEC_LOG_PAYLOAD_MAX - 2u);

#define EXPECT_ENC(st, cap)                                                                      \
    do {                                                                                         \
        len = 99;                                                                                \
        memset(out, 0xAB, sizeof out);                                                           \
        memset(nc, 0xAB, sizeof nc);                                                             \
        assert_int_equal(mdsec__log_record_encode(&r, k, g, out, (cap), &len, nc), (st));        \
        assert_int_equal(len, 0);                                                                \
        assert_true(all_zero(nc, sizeof nc));                                                    \
        assert_true(all_zero(out, (cap) < MDSEC_LOG_RECORD_MAX ? (cap) : MDSEC_LOG_RECORD_MAX)); \
    } while (0)

    ref_fields(&r);
    r.payload = big;
    r.payload_len = sizeof big;
    EXPECT_ENC(MDSEC_ERR_LOG_TOO_LARGE, sizeof out);
    r.payload_len = MDSEC_LOG_PAYLOAD_MAX; /* the largest is fine */
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc), MDSEC_OK);
    assert_int_equal(len, MDSEC_LOG_RECORD_MAX);

    ref_fields(&r);
    EXPECT_ENC(MDSEC_ERR_BUFFER_TOO_SMALL, REC_LEN - 1u);
    r.kind = 0;
    EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
    r.kind = 4;
    EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
    ref_fields(&r);
    r.outcome = 3;
    EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
    /* An event's payload must be whole TLV items. */
    {
        static const uint8_t cut[] = {0x01, 0x03, 'a', 'b'};   /* value runs past */
        static const uint8_t half[] = {0x01, 0x01, 'a', 0x02}; /* a lone tag */
        static const uint8_t empty_items[] = {0x01, 0x00, 0x02, 0x00};
        ref_fields(&r);
        r.payload = cut;
        r.payload_len = sizeof cut;
        EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
        r.payload = half;
        r.payload_len = sizeof half;
        EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
        r.payload = empty_items;
        r.payload_len = sizeof empty_items;
        assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc), MDSEC_OK);
    }
    /* A checkpoint needs its code and a 136-byte body; a marker its code and 48 bytes. */
    ref_fields(&r);
    r.kind = MDSEC_LOG_KIND_CHECKPOINT;
    r.code = MDSEC_EV_AUDIT_CHECKPOINT;
    EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
    r.payload = big;
    r.payload_len = MDSEC_LOG_WITNESS_LEN;
    r.code = MDSEC_EV_AUDIT_DROPPED;
    EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
    r.code = MDSEC_EV_AUDIT_CHECKPOINT;
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc), MDSEC_OK);
    r.kind = MDSEC_LOG_KIND_DROPPED;
    r.code = MDSEC_EV_AUDIT_DROPPED;
    EXPECT_ENC(MDSEC_ERR_LOG_FORMAT, sizeof out);
    r.payload_len = LOG_DROPPED_LEN;
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc), MDSEC_OK);
    assert_int_equal(len, MDSEC_LOG_RECORD_OVERHEAD + LOG_DROPPED_LEN);
    {
        log_record_t p;
        size_t used;
        assert_int_equal(mdsec__log_record_parse(out, len, &p, &used), MDSEC_OK);
        assert_int_equal(p.kind, MDSEC_LOG_KIND_DROPPED);
    }
#undef EXPECT_ENC

    /* Arguments. */
    ref_fields(&r);
    assert_int_equal(mdsec__log_record_encode(NULL, k, g, out, sizeof out, &len, nc),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_encode(&r, NULL, g, out, sizeof out, &len, nc),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_encode(&r, k, NULL, out, sizeof out, &len, nc),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_encode(&r, k, g, NULL, sizeof out, &len, nc),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, NULL, nc),
                     MDSEC_ERR_INVALID_ARG);
    r.payload = NULL;
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc),
                     MDSEC_ERR_INVALID_ARG);
    r.payload_len = 0; /* an empty payload may be NULL */
    assert_int_equal(mdsec__log_record_encode(&r, k, g, out, sizeof out, &len, nc), MDSEC_OK);
    assert_int_equal(len, MDSEC_LOG_RECORD_OVERHEAD);
    {
        log_record_t p;
        size_t used;
        assert_int_equal(mdsec__log_record_parse(out, len, &p, &used), MDSEC_OK);
        assert_null(p.payload);
        assert_int_equal(p.payload_len, 0);
        assert_int_equal(mdsec__log_record_check_mac(out, &p, k), MDSEC_OK);
        assert_int_equal(mdsec__log_record_check_chain(out, &p, g, nc), MDSEC_OK);
    }
}

static void ref_witness(log_witness_t *w)
{
    memset(w, 0, sizeof *w);
    memcpy(w->device_id, dev, sizeof dev);
    w->boot = 7;
    w->epoch = 3;
    w->seq = 0x1122334455667788u;
    memset(w->head, 0xA5, sizeof w->head);
    for (size_t i = 0; i < sizeof w->sig; i++) {
        w->sig[i] = (uint8_t)(0x80u + i);
    }
}

static void witness_formats(void **state)
{
    log_witness_t w;
    log_witness_t p;
    uint8_t tbs[72];
    uint8_t full[MDSEC_LOG_WITNESS_LEN + 1u];
    uint8_t bad[MDSEC_LOG_WITNESS_LEN];
    uint8_t d[32];
    (void)state;

    ref_witness(&w);
    /* (struct.pack('<IHH', 0x57474C4D, 1, 136) + dev
     *  + struct.pack('<IIQ', 7, 3, 0x1122334455667788) + bytes([0xA5]) * 32).hex() */
    mdsec__log_witness_encode_tbs(&w, tbs);
    hex_eq(tbs,
           "4d4c475701008800000102030405060708090a0b0c0d0e0f070000000300000088776655443322"
           "11a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5",
           sizeof tbs);
    /* hashlib.sha256(tbs).hexdigest() */
    assert_int_equal(mdsec__log_witness_digest(&w, d), MDSEC_OK);
    hex_eq(d, "2760201253d91a73a41706656f477592b4373ecbe7d9591b5d0f5115ae544d1d", sizeof d);

    mdsec__log_witness_encode(&w, full);
    assert_memory_equal(full, tbs, sizeof tbs);
    assert_memory_equal(full + 72, w.sig, 64);
    assert_int_equal(mdsec__log_witness_parse(full, MDSEC_LOG_WITNESS_LEN, &p), MDSEC_OK);
    assert_memory_equal(&p, &w, sizeof w);

    /* Exactly 136 bytes, and the fixed fields. */
    memset(&p, 0xCC, sizeof p);
    assert_int_equal(mdsec__log_witness_parse(full, MDSEC_LOG_WITNESS_LEN + 1u, &p),
                     MDSEC_ERR_LOG_FORMAT);
    assert_true(all_zero(&p, sizeof p));
    for (size_t n = 0; n < MDSEC_LOG_WITNESS_LEN; n++) {
        memset(&p, 0xCC, sizeof p);
        assert_int_equal(mdsec__log_witness_parse(full, n, &p), MDSEC_ERR_LOG_FORMAT);
        assert_true(all_zero(&p, sizeof p));
    }
    for (size_t off = 0; off < 8u; off++) {
        memcpy(bad, full, sizeof bad);
        bad[off] ^= 0x01u;
        assert_int_equal(mdsec__log_witness_parse(bad, sizeof bad, &p), MDSEC_ERR_LOG_FORMAT);
        assert_true(all_zero(&p, sizeof p));
    }
    /* Every other byte is content (device id, boot, epoch, seq, head, sig). */
    for (size_t off = 8; off < MDSEC_LOG_WITNESS_LEN; off++) {
        memcpy(bad, full, sizeof bad);
        bad[off] ^= 0x01u;
        assert_int_equal(mdsec__log_witness_parse(bad, sizeof bad, &p), MDSEC_OK);
    }
    assert_int_equal(mdsec__log_witness_parse(full, sizeof bad, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_witness_parse(NULL, 3, &p), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_witness_digest(NULL, d), MDSEC_ERR_INVALID_ARG);
    assert_true(all_zero(d, sizeof d));
    assert_int_equal(mdsec__log_witness_digest(&w, NULL), MDSEC_ERR_INVALID_ARG);
    /* NULL inputs give zeroed outputs. */
    memset(tbs, 0x77, sizeof tbs);
    mdsec__log_witness_encode_tbs(NULL, tbs);
    assert_true(all_zero(tbs, sizeof tbs));
    memset(full, 0x77, sizeof full);
    mdsec__log_witness_encode(NULL, full);
    assert_true(all_zero(full, MDSEC_LOG_WITNESS_LEN));
    mdsec__log_witness_encode(&w, NULL);
    mdsec__log_witness_encode_tbs(&w, NULL);
}

static void dropped_formats(void **state)
{
    uint8_t h[LOG_HASH_LEN];
    uint8_t hp[LOG_HASH_LEN];
    uint8_t m[LOG_DROPPED_LEN + 1u];
    uint64_t f = 1;
    uint64_t l = 1;
    (void)state;

    memset(h, 0x3C, sizeof h);
    mdsec__log_dropped_encode(10, 0x0102030405060708u, h, m);
    /* (struct.pack('<QQ', 10, 0x0102030405060708) + bytes([0x3C]) * 32).hex() */
    hex_eq(m,
           "0a000000000000000807060504030201"
           "3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c",
           LOG_DROPPED_LEN);
    assert_int_equal(mdsec__log_dropped_parse(m, LOG_DROPPED_LEN, &f, &l, hp), MDSEC_OK);
    assert_int_equal(f, 10);
    assert_true(l == 0x0102030405060708u);
    assert_memory_equal(hp, h, sizeof h);

    /* One record dropped (first == last) is fine; first > last is not. */
    mdsec__log_dropped_encode(5, 5, h, m);
    assert_int_equal(mdsec__log_dropped_parse(m, LOG_DROPPED_LEN, &f, &l, hp), MDSEC_OK);
    mdsec__log_dropped_encode(6, 5, h, m);
    assert_int_equal(mdsec__log_dropped_parse(m, LOG_DROPPED_LEN, &f, &l, hp),
                     MDSEC_ERR_LOG_FORMAT);
    assert_int_equal(f, 0);
    assert_int_equal(l, 0);
    assert_true(all_zero(hp, sizeof hp));
    mdsec__log_dropped_encode(5, 6, h, m);
    assert_int_equal(mdsec__log_dropped_parse(m, LOG_DROPPED_LEN - 1u, &f, &l, hp),
                     MDSEC_ERR_LOG_FORMAT);
    assert_int_equal(mdsec__log_dropped_parse(m, LOG_DROPPED_LEN + 1u, &f, &l, hp),
                     MDSEC_ERR_LOG_FORMAT);
    assert_int_equal(mdsec__log_dropped_parse(m, LOG_DROPPED_LEN, NULL, &l, hp),
                     MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_dropped_parse(NULL, 1, &f, &l, hp), MDSEC_ERR_INVALID_ARG);
    memset(m, 0x77, sizeof m);
    mdsec__log_dropped_encode(1, 2, NULL, m);
    assert_true(all_zero(m, LOG_DROPPED_LEN));
}

static void export_header_formats(void **state)
{
    log_export_header_t h;
    log_export_header_t p;
    uint8_t b[MDSEC_LOG_EXPORT_HEADER_LEN + 4u];
    uint8_t bad[sizeof b];
    (void)state;

    memset(&h, 0, sizeof h);
    memcpy(h.device_id, dev, sizeof dev);
    h.evolve_every = 4;
    h.record_count = 3;
    h.start_seq = 9;
    memset(h.start_chain, 0x5C, sizeof h.start_chain);
    memset(b, 0xEE, sizeof b);
    mdsec__log_export_header_encode(&h, b);
    /* (struct.pack('<IHH', 0x58474C4D, 1, 96) + dev + struct.pack('<IIQ', 4, 3, 9)
     *  + bytes([0x5C]) * 32 + bytes(24)).hex() */
    hex_eq(b,
           "4d4c475801006000000102030405060708090a0b0c0d0e0f04000000030000000900000000000000"
           "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c"
           "000000000000000000000000000000000000000000000000",
           MDSEC_LOG_EXPORT_HEADER_LEN);
    assert_int_equal(b[MDSEC_LOG_EXPORT_HEADER_LEN], 0xEE);
    /* The records may follow: the parser reads the first 96 bytes. */
    assert_int_equal(mdsec__log_export_header_parse(b, sizeof b, &p), MDSEC_OK);
    assert_memory_equal(&p, &h, sizeof h);
    assert_int_equal(mdsec__log_export_header_parse(b, MDSEC_LOG_EXPORT_HEADER_LEN, &p), MDSEC_OK);
    for (size_t n = 0; n < MDSEC_LOG_EXPORT_HEADER_LEN; n++) {
        memset(&p, 0xCC, sizeof p);
        assert_int_equal(mdsec__log_export_header_parse(b, n, &p), MDSEC_ERR_LOG_FORMAT);
        assert_true(all_zero(&p, sizeof p));
    }
    /* Fixed fields, evolve_every 0, reserved bytes. */
    static const size_t offs[] = {0, 1, 2, 3, 4, 5, 6, 7, 72, 80, 95};
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        memcpy(bad, b, sizeof b);
        bad[offs[i]] ^= 0x01u;
        memset(&p, 0xCC, sizeof p);
        assert_int_equal(mdsec__log_export_header_parse(bad, sizeof bad, &p), MDSEC_ERR_LOG_FORMAT);
        assert_true(all_zero(&p, sizeof p));
    }
    h.evolve_every = 0;
    mdsec__log_export_header_encode(&h, bad);
    assert_int_equal(mdsec__log_export_header_parse(bad, sizeof bad, &p), MDSEC_ERR_LOG_FORMAT);
    /* start_seq + record_count must fit 64 bits. */
    h.evolve_every = 1;
    h.start_seq = UINT64_MAX - 2u;
    h.record_count = 3;
    mdsec__log_export_header_encode(&h, bad);
    assert_int_equal(mdsec__log_export_header_parse(bad, sizeof bad, &p), MDSEC_ERR_LOG_FORMAT);
    h.record_count = 2;
    mdsec__log_export_header_encode(&h, bad);
    assert_int_equal(mdsec__log_export_header_parse(bad, sizeof bad, &p), MDSEC_OK);
    assert_int_equal(mdsec__log_export_header_parse(b, sizeof b, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec__log_export_header_parse(NULL, 96, &p), MDSEC_ERR_INVALID_ARG);
    memset(bad, 0x77, sizeof bad);
    mdsec__log_export_header_encode(NULL, bad);
    assert_true(all_zero(bad, MDSEC_LOG_EXPORT_HEADER_LEN));
}

/* ---- verifier bundle ---- */

/* The bundle of docs/log.md built field by field from the layout, with the
 * check value from the provider's SHA-256. */
static void ref_bundle(uint8_t out[MDSEC_LOG_BUNDLE_LEN], mdsec_log_bundle_t *b)
{
    uint8_t h[32];
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < MDSEC_LOG_DEVICE_ID_LEN; i++) {
        b->device_id[i] = (uint8_t)(0xD0u + i);
    }
    b->evolve_every = 0x01020304u;
    k0_fill(b->k0);
    b->pubkey[0] = 0x04u;
    for (size_t i = 1; i < MDSEC_LOG_PUBKEY_LEN; i++) {
        b->pubkey[i] = (uint8_t)(i * 3u);
    }
    memset(out, 0, MDSEC_LOG_BUNDLE_LEN);
    memcpy(out, "MLGB", 4);
    out[4] = 1;
    out[6] = 160;
    memcpy(out + 8, b->device_id, 16);
    out[24] = 0x04;
    out[25] = 0x03;
    out[26] = 0x02;
    out[27] = 0x01;
    memcpy(out + 32, b->k0, 32);
    memcpy(out + 64, b->pubkey, 65);
    assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, out, 136, h, sizeof h), MDSEC_OK);
    memcpy(out + 136, h, 24);
}

static void bundle_formats(void **state)
{
    static const mdsec_log_bundle_t zero;
    uint8_t ref[MDSEC_LOG_BUNDLE_LEN];
    uint8_t enc[MDSEC_LOG_BUNDLE_LEN + 4];
    uint8_t buf[MDSEC_LOG_BUNDLE_LEN + 1];
    mdsec_log_bundle_t b;
    mdsec_log_bundle_t got;
    mdsec_log_verify_params_t p;
    (void)state;

    ref_bundle(ref, &b);
    assert_int_equal(mdsec_log_bundle_encode(&b, enc, sizeof enc), MDSEC_OK);
    assert_memory_equal(enc, ref, sizeof ref);
    assert_int_equal(mdsec_log_bundle_parse(ref, sizeof ref, &got), MDSEC_OK);
    assert_memory_equal(&got, &b, sizeof b);
    memset(&p, 0, sizeof p);
    p.require_sealed = 1;
    assert_int_equal(mdsec_log_bundle_params(&got, &p), MDSEC_OK);
    assert_ptr_equal(p.k0, got.k0);
    assert_ptr_equal(p.device_id, got.device_id);
    assert_int_equal(p.evolve_every, 0x01020304u);
    assert_ptr_equal(p.pubkey, got.pubkey);
    assert_int_equal(p.pubkey_len, 65);
    assert_int_equal(p.require_sealed, 1); /* left as it was */
    assert_null(p.witness);

    /* Every shorter input, and one byte more. */
    for (size_t n = 0; n < sizeof ref; n++) {
        memcpy(buf, ref, n);
        memset(&got, 0x5A, sizeof got);
        assert_int_equal(mdsec_log_bundle_parse(n == 0 ? NULL : buf, n, &got),
                         n == 0 ? MDSEC_ERR_INVALID_ARG : MDSEC_ERR_LOG_FORMAT);
        assert_memory_equal(&got, &zero, sizeof got);
    }
    memcpy(buf, ref, sizeof ref);
    buf[sizeof ref] = 0;
    assert_int_equal(mdsec_log_bundle_parse(buf, sizeof ref + 1u, &got), MDSEC_ERR_LOG_FORMAT);
    /* Any changed bit anywhere: magic, version, length, every field, the
     * reserved bytes, the point prefix, the check value. */
    for (size_t at = 0; at < sizeof ref; at++) {
        for (unsigned bit = 0; bit < 8u; bit++) {
            memcpy(buf, ref, sizeof ref);
            buf[at] ^= (uint8_t)(1u << bit);
            memset(&got, 0x5A, sizeof got);
            assert_int_equal(mdsec_log_bundle_parse(buf, sizeof ref, &got), MDSEC_ERR_LOG_FORMAT);
            assert_memory_equal(&got, &zero, sizeof got);
        }
    }
    /* Fields that are wrong even with a correct check value. */
    {
        mdsec_log_bundle_t c = b;
        c.evolve_every = 0;
        assert_int_equal(mdsec_log_bundle_encode(&c, enc, sizeof enc), MDSEC_ERR_INVALID_ARG);
        c = b;
        c.pubkey[0] = 0x02;
        assert_int_equal(mdsec_log_bundle_encode(&c, enc, sizeof enc), MDSEC_ERR_INVALID_ARG);
        uint8_t h[32];
        memcpy(buf, ref, sizeof ref);
        buf[24] = buf[25] = buf[26] = buf[27] = 0; /* evolve_every 0 */
        assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, buf, 136, h, sizeof h), MDSEC_OK);
        memcpy(buf + 136, h, 24);
        assert_int_equal(mdsec_log_bundle_parse(buf, sizeof ref, &got), MDSEC_ERR_LOG_FORMAT);
        memcpy(buf, ref, sizeof ref);
        buf[130] = 1; /* reserved after the point */
        assert_int_equal(mdsec_crypto_hash(MDSEC_HASH_SHA256, buf, 136, h, sizeof h), MDSEC_OK);
        memcpy(buf + 136, h, 24);
        assert_int_equal(mdsec_log_bundle_parse(buf, sizeof ref, &got), MDSEC_ERR_LOG_FORMAT);
    }
    /* Arguments and capacity: the output is zeroed. */
    memset(enc, 0xEE, sizeof enc);
    assert_int_equal(mdsec_log_bundle_encode(&b, enc, MDSEC_LOG_BUNDLE_LEN - 1u),
                     MDSEC_ERR_BUFFER_TOO_SMALL);
    for (size_t i = 0; i < MDSEC_LOG_BUNDLE_LEN - 1u; i++) {
        assert_int_equal(enc[i], 0);
    }
    assert_int_equal(mdsec_log_bundle_encode(NULL, enc, sizeof enc), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_bundle_encode(&b, NULL, 0), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_bundle_parse(ref, sizeof ref, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_bundle_params(NULL, &p), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_bundle_params(&b, NULL), MDSEC_ERR_INVALID_ARG);
    assert_int_equal(mdsec_log_bundle_make(NULL, b.k0, &got), MDSEC_ERR_INVALID_ARG);
    assert_memory_equal(&got, &zero, sizeof got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(genesis_and_tag),
        cmocka_unit_test(key_evolution),
        cmocka_unit_test(epoch_of),
        cmocka_unit_test(record_encode_matches_reference),
        cmocka_unit_test(record_parse_and_check),
        cmocka_unit_test(record_parse_rejects),
        cmocka_unit_test(record_encode_rejects),
        cmocka_unit_test(witness_formats),
        cmocka_unit_test(dropped_formats),
        cmocka_unit_test(export_header_formats),
        cmocka_unit_test(bundle_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
