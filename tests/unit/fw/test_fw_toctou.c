/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Firmware verification against a read source that does not answer the
 * same way twice (external flash behind an interposer, a slot still being
 * written): every value a decision uses must come from the bytes that were
 * hashed, each byte the decisions rest on is read once (or a change
 * between two reads is detected), and nothing verified this way can be
 * committed. The images are the imgtool fixtures: A = signed-ecdsa-p256.bin
 * (version 1.2.3+4, security counter 5), B = signed-ecdsa-p256-old-seccnt2.bin
 * (version 0.9.0, security counter 2), both genuinely signed with the same
 * key and with the same header size, body and protected TLV layout.
 * P = signed-ed25519-pure.bin, a pure Ed25519 image (counter 5), checks
 * that a pure signature, verified over the image in memory, cannot vouch
 * for other bytes than those read, parsed and hashed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto.h"
#include "fixtures_fw_toctou.h"
#include "fw/fw_internal.h"
#include "mdsec/fw.h"
#include "mdsec/port.h"

#define COUNTER_ID     1u
#define DEVICE_COUNTER 3u /* above B's counter (2), below A's (5) */

static mdsec_fw_key_t key;
static mdsec_fw_ctx_t ctx;
static mdsec_fw_result_t res;

/*
 * A read source made of two images: bytes of [lo, hi) are served from
 * `first` the first time they are read and from `later` afterwards; every
 * other byte is served from `rest`. It counts the reads of every byte.
 */
typedef struct swap_src {
    const uint8_t *first, *later, *rest;
    uint32_t lo, hi;
} swap_src_t;

static uint8_t reads[0x20000 + 16];

static mdsec_status_t swap_read(void *c, uint32_t off, void *buf, size_t n)
{
    const swap_src_t *s = c;
    uint8_t *out = buf;
    size_t i;
    assert_true(off + n <= sizeof reads);
    for (i = 0; i < n; i++) {
        uint32_t a = off + (uint32_t)i;
        if (a >= s->lo && a < s->hi) {
            out[i] = (reads[a] == 0u) ? s->first[a] : s->later[a];
        } else {
            out[i] = s->rest[a];
        }
        if (reads[a] < 255u) {
            reads[a]++;
        }
    }
    return MDSEC_OK;
}

static uint32_t hdr_size(const uint8_t *b)
{
    return (uint32_t)(b[8] | (b[9] << 8));
}

/* Offset of the unprotected TLV area: the end of the hashed bytes. */
static uint32_t hashed_end(const uint8_t *b)
{
    uint32_t prot = (uint32_t)(b[10] | (b[11] << 8));
    uint32_t size = (uint32_t)(b[12] | (b[13] << 8) | (b[14] << 16) | ((uint32_t)b[15] << 24));
    return hdr_size(b) + size + prot;
}

static mdsec_fw_policy_t policy(void)
{
    mdsec_fw_policy_t p;
    memset(&p, 0, sizeof p);
    p.keys = &key;
    p.key_count = 1;
    p.use_counter = 1;
    p.counter_id = COUNTER_ID;
    return p;
}

static mdsec_status_t verify_src(const mdsec_fw_policy_t *p, swap_src_t *s, size_t len)
{
    memset(reads, 0, sizeof reads);
    return mdsec_fw_verify(&ctx, p, swap_read, s, (uint32_t)len, &res);
}

static int setup(void **state)
{
    uint64_t c = 0;
    (void)state;
    assert_int_equal(mdsec_port_init(), MDSEC_OK);
    assert_int_equal(mdsec_fw_key_from_spki(&key, fx_pub_ecdsa_p256_der, fx_pub_ecdsa_p256_der_len),
                     MDSEC_OK);
    assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &c), MDSEC_OK);
    if (c < DEVICE_COUNTER) {
        assert_int_equal(mdsec_port_counter_advance(COUNTER_ID, DEVICE_COUNTER), MDSEC_OK);
    }
    assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &c), MDSEC_OK);
    assert_true(c == DEVICE_COUNTER);
    /* The two images share their layout up to the unprotected area. */
    assert_int_equal(hashed_end(fx_signed_ecdsa_p256_bin),
                     hashed_end(fx_signed_ecdsa_p256_old_seccnt2_bin));
    return 0;
}

static void device_counter_is(uint64_t want)
{
    uint64_t c = 0;
    assert_int_equal(mdsec_port_counter_read(COUNTER_ID, &c), MDSEC_OK);
    assert_true(c == want);
}

/* Read honestly, A is accepted and B is a rollback. */
static void honest_reads_baseline(void **state)
{
    mdsec_fw_policy_t p = policy();
    swap_src_t a = {fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_bin, 0,
                    0};
    swap_src_t b = {fx_signed_ecdsa_p256_old_seccnt2_bin, fx_signed_ecdsa_p256_old_seccnt2_bin,
                    fx_signed_ecdsa_p256_old_seccnt2_bin, 0, 0};
    (void)state;
    assert_int_equal(verify_src(&p, &a, fx_signed_ecdsa_p256_bin_len), MDSEC_OK);
    assert_int_equal(res.security_counter, 5);
    assert_int_equal(verify_src(&p, &b, fx_signed_ecdsa_p256_old_seccnt2_bin_len),
                     MDSEC_ERR_FW_ROLLBACK);
    assert_int_equal(res.security_counter, 2);
    device_counter_is(DEVICE_COUNTER);
}

/*
 * The hashed bytes (header, body, protected TLVs) answer A's header and
 * SEC_CNT to the first read and B's to any later read; B's unprotected TLVs
 * (its hash and signature) are served throughout. A verifier that decides on
 * one read and hashes another accepts B with A's counter. Refused: whatever
 * was hashed, B's signed hash does not match A's header and counter.
 */
static void old_image_with_new_counter_on_first_read_is_refused(void **state)
{
    mdsec_fw_policy_t p = policy();
    swap_src_t s = {fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_old_seccnt2_bin,
                    fx_signed_ecdsa_p256_old_seccnt2_bin, 0,
                    hashed_end(fx_signed_ecdsa_p256_old_seccnt2_bin)};
    mdsec_status_t st;
    (void)state;
    st = verify_src(&p, &s, fx_signed_ecdsa_p256_old_seccnt2_bin_len);
    assert_int_equal(st, MDSEC_ERR_FW_HASH_MISMATCH);
    assert_int_equal(res.status, MDSEC_ERR_FW_HASH_MISMATCH);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_ERR_FW_NOT_VERIFIED);
    device_counter_is(DEVICE_COUNTER);
    /* The other way round (B's counter first, then A's bytes with A's TLVs): refused too. */
    s.first = fx_signed_ecdsa_p256_old_seccnt2_bin;
    s.later = fx_signed_ecdsa_p256_bin;
    s.rest = fx_signed_ecdsa_p256_bin;
    st = verify_src(&p, &s, fx_signed_ecdsa_p256_bin_len);
    assert_int_equal(st, MDSEC_ERR_FW_HASH_MISMATCH);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    device_counter_is(DEVICE_COUNTER);
}

/* The same source against the version-downgrade policy (no counter). */
static void old_version_with_new_header_on_first_read_is_refused(void **state)
{
    mdsec_fw_policy_t p = policy();
    const mdsec_fw_version_t v100 = {1, 0, 0, 0};
    swap_src_t s = {fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_old_seccnt2_bin,
                    fx_signed_ecdsa_p256_old_seccnt2_bin, 0,
                    hashed_end(fx_signed_ecdsa_p256_old_seccnt2_bin)};
    (void)state;
    p.use_counter = 0;
    p.downgrade = MDSEC_FW_DOWNGRADE_DENY;
    p.installed = v100;
    assert_int_equal(verify_src(&p, &s, fx_signed_ecdsa_p256_old_seccnt2_bin_len),
                     MDSEC_ERR_FW_HASH_MISMATCH);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_ERR_FW_NOT_VERIFIED);
}

/*
 * Each byte that is hashed or that a decision uses is read exactly once:
 * header, body and protected TLVs (version, SEC_CNT, dependencies), the key
 * hash and the signature, and the slot padding and trailer. Only the
 * unprotected TLV info and the hash TLV may be read twice (they locate the
 * hash algorithm before hashing), and a change between those two reads is
 * refused (next test).
 */
static void each_decided_byte_is_read_once(void **state)
{
    mdsec_fw_policy_t p = policy();
    const uint8_t *img = fx_signed_ecdsa_p256_padded_confirmed_bin;
    const size_t len = fx_signed_ecdsa_p256_padded_confirmed_bin_len;
    swap_src_t s = {img, img, img, 0, 0};
    const uint32_t u = hashed_end(img);
    const uint32_t twice_end = u + 4u + 4u + 32u; /* TLV info + SHA256 TLV */
    uint32_t i;
    (void)state;
    p.use_counter = 0;
    assert_int_equal(verify_src(&p, &s, len), MDSEC_OK);
    for (i = 0; i < (uint32_t)len; i++) {
        if (i >= u && i < twice_end) {
            if (reads[i] < 1 || reads[i] > 2) {
                fail_msg("hash TLV byte %lu read %u times", (unsigned long)i, reads[i]);
            }
        } else if (reads[i] != 1) {
            fail_msg("byte %lu (hashed area ends at %lu, image at %lu) read %u times",
                     (unsigned long)i, (unsigned long)u, (unsigned long)res.image_end, reads[i]);
        }
    }
}

/*
 * The hashed bytes are B's throughout, the unprotected area answers A's
 * hash TLV (and the rest of A's area) first and B's later: the change
 * between the two reads of the hash TLV is detected and refused as such.
 */
static void hash_tlv_changed_between_reads_is_detected(void **state)
{
    mdsec_fw_policy_t p = policy();
    const uint32_t u = hashed_end(fx_signed_ecdsa_p256_old_seccnt2_bin);
    swap_src_t s = {fx_signed_ecdsa_p256_bin, fx_signed_ecdsa_p256_old_seccnt2_bin,
                    fx_signed_ecdsa_p256_old_seccnt2_bin, u,
                    (uint32_t)fx_signed_ecdsa_p256_bin_len};
    (void)state;
    p.use_counter = 0;
    assert_int_equal(verify_src(&p, &s, fx_signed_ecdsa_p256_old_seccnt2_bin_len),
                     MDSEC_ERR_FW_CHANGED);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_ERR_FW_NOT_VERIFIED);
}

/*
 * A pure image in memory, and reads that answer other bytes: P with a
 * security counter of 9 and the SHA512 TLV rewritten to match (it is
 * unkeyed). The pure signature holds over the memory, the hash over what was
 * read: a verifier that took both as the same image would accept P with
 * counter 9. Refused because the digest of the memory differs from the
 * digest of the bytes read.
 */
static uint8_t forged[32768];

static mdsec_status_t forged_read(void *c, uint32_t off, void *buf, size_t n)
{
    (void)c;
    assert_true(off + n <= sizeof forged);
    memcpy(buf, forged + off, n);
    return MDSEC_OK;
}

static void pure_signature_over_other_bytes_than_read_is_refused(void **state)
{
    mdsec_fw_key_t ed;
    mdsec_fw_policy_t p;
    const size_t len = fx_signed_ed25519_pure_bin_len;
    const uint32_t u = hashed_end(fx_signed_ed25519_pure_bin);
    (void)state;
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        skip();
    }
    assert_int_equal(mdsec_fw_key_from_spki(&ed, fx_pub_ed25519_der, fx_pub_ed25519_der_len),
                     MDSEC_OK);
    memset(&p, 0, sizeof p);
    p.keys = &ed;
    p.key_count = 1;
    assert_true(len <= sizeof forged);
    memcpy(forged, fx_signed_ed25519_pure_bin, len);
    /* Honest reads of the memory: valid. */
    assert_int_equal(mdsec__fw_verify_image(&ctx, &p, forged_read, NULL, (uint32_t)len,
                                            fx_signed_ed25519_pure_bin, &res),
                     MDSEC_OK);
    assert_int_equal(res.security_counter, 5);
    /* SEC_CNT 9 in the bytes read, with their SHA512 TLV. */
    assert_int_equal(forged[0x200 + 24576 + 8], 5);
    forged[0x200 + 24576 + 8] = 9;
    assert_int_equal(forged[u + 4], 0x12);
    assert_int_equal(mdsec_crypto_sha512(forged, u, forged + u + 8, 64), MDSEC_OK);
    assert_int_equal(mdsec__fw_verify_image(&ctx, &p, forged_read, NULL, (uint32_t)len,
                                            fx_signed_ed25519_pure_bin, &res),
                     MDSEC_ERR_FW_CHANGED);
    assert_int_equal(mdsec_fw_is_valid(&res), 0);
    assert_int_equal(mdsec_fw_commit(&p, &res), MDSEC_ERR_FW_NOT_VERIFIED);
    /* The same bytes, all in memory: the signature does not hold. */
    assert_int_equal(mdsec_fw_verify_buffer(&ctx, &p, forged, len, &res),
                     MDSEC_ERR_SIGNATURE_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(honest_reads_baseline),
        cmocka_unit_test(old_image_with_new_counter_on_first_read_is_refused),
        cmocka_unit_test(old_version_with_new_header_on_first_read_is_refused),
        cmocka_unit_test(each_decided_byte_is_read_once),
        cmocka_unit_test(hash_tlv_changed_between_reads_is_detected),
        cmocka_unit_test(pure_signature_over_other_bytes_than_read_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
