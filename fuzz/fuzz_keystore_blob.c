/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Built-in key blob parser (src/keystore/ks_blob.c) under a fixed fuzz root
 * secret. The first input byte picks the mode, the rest is the input:
 *
 *   0: a whole blob (mdsec__ks_blob_parse: header, AEAD, entries). The seed corpus
 *      holds blobs sealed by mdsec-keys under the fuzz root secret.
 *   1: a decrypted body (mdsec__ks_blob_parse_entries); the next byte is the count.
 *   2: a body sealed here under the fuzz root secret (the next byte is the
 *      count, the rest the plaintext), so that mutated entries get through
 *      the authentication to the entry parser by the loader's own path.
 *
 * Invariants: the verdict is OK or KS_BLOB only; an accepted blob has a
 * count within 1 .. KS_BLOB_MAX_KEYS, every key with a non-zero id, valid
 * read-only RAM attributes and material of 1 .. MDSEC_KS_MATERIAL_MAX bytes
 * inside the plaintext buffer; mode 0 re-seals to exactly the input bytes;
 * mode 2 agrees with mode 1 on the same plaintext; a refusal zeroes the
 * outputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "keystore/ks_blob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "mdsec fuzz root secret, 32 bytes": also the corpus's --root-secret file. */
static const uint8_t fuzz_root[MDSEC_ROOT_SECRET_LEN] = {
    'm', 'd', 's', 'e', 'c', ' ', 'f', 'u', 'z', 'z', ' ', 'r', 'o', 'o', 't', ' ',
    's', 'e', 'c', 'r', 'e', 't', ',', ' ', '3', '2', ' ', 'b', 'y', 't', 'e', 's'};

static uint8_t plain[KS_BLOB_BODY_MAX];
static uint8_t blob[KS_BLOB_MAX];
static uint8_t again[KS_BLOB_MAX];

static void check_keys(const ks_builtin_key_t *keys, size_t count)
{
    if (count == 0u || count > KS_BLOB_MAX_KEYS) {
        abort();
    }
    for (size_t i = 0; i < count; i++) {
        const ks_builtin_key_t *k = &keys[i];
        if (k->id == MDSEC_KS_ID_INVALID || k->len == 0u || k->len > MDSEC_KS_MATERIAL_MAX ||
            k->material == NULL || mdsec__ks_attr_check(&k->attr) != MDSEC_OK ||
            k->attr.lifetime != MDSEC_KS_LIFETIME_READ_ONLY ||
            k->attr.location != MDSEC_KS_LOCATION_RAM) {
            abort();
        }
    }
}

static void check_refused(const ks_builtin_key_t *keys)
{
    for (size_t i = 0; i < KS_BLOB_MAX_KEYS; i++) {
        if (keys[i].id != 0u || keys[i].material != NULL || keys[i].len != 0u) {
            abort();
        }
    }
}

static void keys_inside(const ks_builtin_key_t *keys, size_t count, const uint8_t *base, size_t len)
{
    for (size_t i = 0; i < count; i++) {
        if (keys[i].material < base || keys[i].len > len ||
            (size_t)(keys[i].material - base) > len - keys[i].len) {
            abort();
        }
    }
}

static void whole_blob(const uint8_t *in, size_t len)
{
    ks_blob_header_t hdr;
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    size_t count = 99;
    size_t out_len = 0;

    const mdsec_status_t st = mdsec__ks_blob_parse(fuzz_root, in, len, plain, &hdr, keys, &count);
    if (st != MDSEC_OK) {
        if (st != MDSEC_ERR_KS_BLOB || count != 0u || hdr.body_len != 0u) {
            abort();
        }
        check_refused(keys);
        return;
    }
    if (count != hdr.count || len != KS_BLOB_HDR_LEN + hdr.body_len + KS_BLOB_TAG_LEN) {
        abort();
    }
    check_keys(keys, count);
    keys_inside(keys, count, plain, hdr.body_len);
    /* Re-sealing what was parsed with the same header reproduces the input. */
    if (mdsec__ks_blob_seal(fuzz_root, hdr.blob_id, hdr.label, keys, count, hdr.nonce.ptr, again,
                            sizeof again, &out_len) != MDSEC_OK ||
        out_len != len || memcmp(again, in, len) != 0) {
        abort();
    }
}

static mdsec_status_t entries(const uint8_t *body, size_t len, size_t count,
                              ks_builtin_key_t keys[KS_BLOB_MAX_KEYS])
{
    const mdsec_status_t st = mdsec__ks_blob_parse_entries(body, len, count, keys);
    if (st == MDSEC_OK) {
        check_keys(keys, count);
        keys_inside(keys, count, body, len);
    } else if (st == MDSEC_ERR_KS_BLOB) {
        check_refused(keys);
    } else {
        abort();
    }
    return st;
}

static void sealed_body(const uint8_t *in, size_t len)
{
    uint8_t kek[KS_BLOB_KEK_LEN];
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    ks_builtin_key_t keys2[KS_BLOB_MAX_KEYS];
    ks_blob_header_t hdr;
    size_t count = 0;

    if (len < 1u || len - 1u > KS_BLOB_BODY_MAX) {
        return;
    }
    const uint8_t n = in[0];
    const uint8_t *body = in + 1;
    const size_t body_len = len - 1u;
    memset(blob, 0, KS_BLOB_HDR_LEN);
    blob[0] = 'M';
    blob[1] = 'K';
    blob[2] = 'B';
    blob[3] = '1';
    blob[4] = KS_BLOB_VERSION;
    blob[6] = n;
    blob[8] = (uint8_t)body_len;
    blob[9] = (uint8_t)(body_len >> 8);
    if (mdsec__ks_blob_kek(fuzz_root, kek) != MDSEC_OK ||
        mdsec_crypto_aead_seal(kek, blob + KS_BLOB_NONCE_OFF, blob, KS_BLOB_HDR_LEN, body, body_len,
                               blob + KS_BLOB_HDR_LEN,
                               blob + KS_BLOB_HDR_LEN + body_len) != MDSEC_OK) {
        abort();
    }
    const size_t blob_len = KS_BLOB_HDR_LEN + body_len + KS_BLOB_TAG_LEN;
    const mdsec_status_t st =
        mdsec__ks_blob_parse(fuzz_root, blob, blob_len, plain, &hdr, keys, &count);
    /* The header alone may refuse (count or body length out of range);
     * otherwise the verdict is the entry parser's on the same plaintext. */
    const mdsec_status_t hst = mdsec__ks_blob_parse_header(blob, blob_len, &hdr);
    const mdsec_status_t est = entries(body, body_len, n, keys2);
    if (hst != MDSEC_OK ? st != MDSEC_ERR_KS_BLOB : st != est) {
        abort();
    }
    if (st == MDSEC_OK) {
        check_keys(keys, count);
        if (count != n || memcmp(plain, body, body_len) != 0) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1u) {
        return 0;
    }
    switch (data[0] % 3u) {
    case 0: whole_blob(data + 1, size - 1u); break;
    case 1:
        if (size >= 2u) {
            ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
            (void)entries(data + 2, size - 2u, data[1], keys);
        }
        break;
    default: sealed_body(data + 1, size - 1u); break;
    }
    return 0;
}
