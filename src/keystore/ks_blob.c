/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Built-in key provisioning blobs: the loader mdsec_ks_load_builtin(), the
 * strict parsers (through the reader API: the header is recognised whole,
 * the body authenticated and decrypted, every entry recognised, and only
 * then anything installed) and the sealing function of the host tool.
 * ks_blob.h gives the byte layout; docs/keystore-builtin.md the rationale.
 */
#include <string.h>

#include "core/bytes.h"
#include "crypto/crypto.h"
#include "keystore/ks_blob.h"
#include "mdsec/core.h"
#include "mdsec/event.h"
#include "mdsec/port.h"

/* Domain separation: must differ from the persistent store's KEK salt. */
static const uint8_t ks_blob_salt[] = "mdsec builtin blob v1";
static const uint8_t ks_blob_info[] = "blob kek";

/* Distinct success value of the authentication, checked twice. */
#define KS_BLOB_AUTH_OK 0x6A95C35Au

mdsec_status_t mdsec__ks_blob_kek(const uint8_t root[MDSEC_ROOT_SECRET_LEN],
                                  uint8_t kek[KS_BLOB_KEK_LEN])
{
    if (kek == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (root == NULL) {
        mdsec_memzero(kek, KS_BLOB_KEK_LEN);
        return MDSEC_ERR_INVALID_ARG;
    }
    const mdsec_status_t st = mdsec_crypto_hkdf_sha256(
        ks_blob_salt, sizeof ks_blob_salt - 1u, root, MDSEC_ROOT_SECRET_LEN, ks_blob_info,
        sizeof ks_blob_info - 1u, kek, KS_BLOB_KEK_LEN);
    if (st != MDSEC_OK) {
        mdsec_memzero(kek, KS_BLOB_KEK_LEN);
    }
    return st;
}

static int label_char_ok(uint8_t c)
{
    return c >= 0x20u && c <= 0x7Eu;
}

mdsec_status_t mdsec__ks_blob_parse_header(const uint8_t *blob, size_t len, ks_blob_header_t *out)
{
    mdsec_reader_t r;
    mdsec_reader_t h;
    uint8_t magic[4];
    uint8_t label[KS_BLOB_LABEL_LEN];
    size_t body_min = 0;
    size_t body_max = 0;
    int ended = 0;

    if (out == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof *out);
    if (blob == NULL) {
        return MDSEC_ERR_KS_BLOB;
    }
    mdsec_reader_init(&r, blob, len);
    out->aad = mdsec_read_span(&r, KS_BLOB_HDR_LEN);
    mdsec_reader_init(&h, out->aad.ptr, out->aad.len);
    if (mdsec_reader_status(&r) != MDSEC_OK) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_TRUNCATED);
    }
    mdsec_read_bytes(&h, magic, sizeof magic);
    const uint8_t version = mdsec_read_u8(&h);
    const uint8_t flags = mdsec_read_u8(&h);
    out->count = mdsec_read_u8(&h);
    const uint8_t reserved8 = mdsec_read_u8(&h);
    out->body_len = mdsec_read_u16le(&h);
    const uint16_t reserved16 = mdsec_read_u16le(&h);
    out->blob_id = mdsec_read_u32le(&h);
    mdsec_read_bytes(&h, label, sizeof label);
    out->nonce = mdsec_read_span(&h, KS_BLOB_NONCE_LEN);
    if (magic[0] != (uint8_t)KS_BLOB_MAGIC0 || magic[1] != (uint8_t)KS_BLOB_MAGIC1 ||
        magic[2] != (uint8_t)KS_BLOB_MAGIC2 || magic[3] != (uint8_t)KS_BLOB_MAGIC3 ||
        version != KS_BLOB_VERSION || flags != 0u || reserved8 != 0u || reserved16 != 0u) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
    }
    if (out->count == 0u || out->count > KS_BLOB_MAX_KEYS) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
    }
    /* count <= KS_BLOB_MAX_KEYS: these products cannot overflow. */
    body_min = out->count * (KS_BLOB_ENTRY_HDR_LEN + 1u);
    body_max = out->count * (KS_BLOB_ENTRY_HDR_LEN + MDSEC_KS_MATERIAL_MAX);
    if (out->body_len < body_min || out->body_len > body_max || out->body_len > KS_BLOB_BODY_MAX) {
        mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
    }
    /* Label: printable ASCII, then NUL padding only. */
    for (size_t i = 0; i < KS_BLOB_LABEL_LEN; i++) {
        if (label[i] == 0u) {
            ended = 1;
        } else if (ended || !label_char_ok(label[i])) {
            mdsec_reader_fail(&h, MDSEC_ERR_PARSE_RANGE);
        }
    }
    if (mdsec_reader_finish(&h) != MDSEC_OK) {
        memset(out, 0, sizeof *out);
        return MDSEC_ERR_KS_BLOB;
    }
    memcpy(out->label, label, sizeof label);
    out->label[KS_BLOB_LABEL_LEN] = '\0';
    /* Ciphertext and tag fill the rest exactly. */
    out->ct = mdsec_read_span(&r, out->body_len);
    out->tag = mdsec_read_span(&r, KS_BLOB_TAG_LEN);
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        memset(out, 0, sizeof *out);
        return MDSEC_ERR_KS_BLOB;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec__ks_blob_parse_entries(const uint8_t *plain, size_t len, size_t count,
                                            ks_builtin_key_t keys[KS_BLOB_MAX_KEYS])
{
    mdsec_reader_t r;

    if (keys == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(keys, 0, sizeof(ks_builtin_key_t) * KS_BLOB_MAX_KEYS);
    if (plain == NULL || count == 0u || count > KS_BLOB_MAX_KEYS) {
        return MDSEC_ERR_KS_BLOB;
    }
    mdsec_reader_init(&r, plain, len);
    for (size_t i = 0; i < count; i++) {
        ks_builtin_key_t *k = &keys[i];
        k->id = mdsec_read_u32le(&r);
        k->attr.type = mdsec_read_u16le(&r);
        k->attr.bits = mdsec_read_u16le(&r);
        k->attr.usage = mdsec_read_u32le(&r);
        k->attr.alg = mdsec_read_u32le(&r);
        k->attr.lifetime = mdsec_read_u8(&r);
        k->attr.location = mdsec_read_u8(&r);
        k->attr.flags = mdsec_read_u8(&r);
        k->attr.reserved = mdsec_read_u8(&r);
        const size_t mlen = mdsec_read_u16le(&r);
        if (mdsec_reader_status(&r) != MDSEC_OK) {
            break;
        }
        if (k->id == MDSEC_KS_ID_INVALID || mlen == 0u || mlen > MDSEC_KS_MATERIAL_MAX ||
            k->attr.lifetime != MDSEC_KS_LIFETIME_READ_ONLY ||
            k->attr.location != MDSEC_KS_LOCATION_RAM ||
            mdsec__ks_attr_check(&k->attr) != MDSEC_OK) {
            mdsec_reader_fail(&r, MDSEC_ERR_PARSE_RANGE);
            break;
        }
        const mdsec_span_t m = mdsec_read_span(&r, mlen);
        k->material = m.ptr;
        k->len = m.len;
    }
    if (mdsec_reader_finish(&r) != MDSEC_OK) { /* also: no trailing bytes */
        memset(keys, 0, sizeof(ks_builtin_key_t) * KS_BLOB_MAX_KEYS);
        return MDSEC_ERR_KS_BLOB;
    }
    return MDSEC_OK;
}

/* Parse, authenticate and decrypt a whole blob under a KEK, and parse its
 * entries: the loader without the install. plain (KS_BLOB_BODY_MAX bytes)
 * receives the plaintext the keys point into; the caller wipes it. On
 * failure (MDSEC_ERR_KS_BLOB, or a provider error) hdr, keys, *count and
 * plain are zeroed. */
static mdsec_status_t ks_blob_open(const uint8_t kek[KS_BLOB_KEK_LEN], const uint8_t *blob,
                                   size_t len, uint8_t plain[KS_BLOB_BODY_MAX],
                                   ks_blob_header_t *hdr, ks_builtin_key_t keys[KS_BLOB_MAX_KEYS],
                                   size_t *count)
{
    volatile uint32_t verdict = 0;

    if (kek == NULL || plain == NULL || hdr == NULL || keys == NULL || count == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *count = 0;
    memset(keys, 0, sizeof(ks_builtin_key_t) * KS_BLOB_MAX_KEYS);
    memset(plain, 0, KS_BLOB_BODY_MAX);
    mdsec_status_t st = mdsec__ks_blob_parse_header(blob, len, hdr);
    if (st == MDSEC_OK) {
        /* hdr->body_len <= KS_BLOB_BODY_MAX (checked by the header parse). */
        st = mdsec_crypto_aead_open(kek, hdr->nonce.ptr, hdr->aad.ptr, hdr->aad.len, hdr->ct.ptr,
                                    hdr->ct.len, hdr->tag.ptr, plain);
        if (st == MDSEC_OK) {
            verdict = KS_BLOB_AUTH_OK;
        } else {
            st = MDSEC_ERR_KS_BLOB; /* tampered, truncated, or another device's blob */
        }
    }
    if (st == MDSEC_OK && verdict == KS_BLOB_AUTH_OK) {
        st = mdsec__ks_blob_parse_entries(plain, hdr->body_len, hdr->count, keys);
    }
    if (st == MDSEC_OK && verdict != KS_BLOB_AUTH_OK) {
        st = MDSEC_ERR_INTERNAL; /* a fault skipped the check */
    }
    if (st != MDSEC_OK) {
        mdsec_memzero(plain, KS_BLOB_BODY_MAX);
        memset(keys, 0, sizeof(ks_builtin_key_t) * KS_BLOB_MAX_KEYS);
        memset(hdr, 0, sizeof *hdr);
        return st;
    }
    *count = hdr->count;
    return MDSEC_OK;
}

mdsec_status_t mdsec__ks_blob_parse(const uint8_t root[MDSEC_ROOT_SECRET_LEN], const uint8_t *blob,
                                    size_t len, uint8_t plain[KS_BLOB_BODY_MAX],
                                    ks_blob_header_t *hdr, ks_builtin_key_t keys[KS_BLOB_MAX_KEYS],
                                    size_t *count)
{
    uint8_t kek[KS_BLOB_KEK_LEN];
    if (plain == NULL || hdr == NULL || keys == NULL || count == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = mdsec__ks_blob_kek(root, kek);
    if (st == MDSEC_OK) {
        st = ks_blob_open(kek, blob, len, plain, hdr, keys, count);
    } else {
        *count = 0;
        memset(hdr, 0, sizeof *hdr);
        memset(keys, 0, sizeof(ks_builtin_key_t) * KS_BLOB_MAX_KEYS);
        mdsec_memzero(plain, KS_BLOB_BODY_MAX);
    }
    mdsec_memzero(kek, sizeof kek);
    return st;
}

static mdsec_status_t seal_check(const char *label, const ks_builtin_key_t *keys, size_t n,
                                 size_t *label_len, size_t *body_len)
{
    size_t body = 0;
    size_t ll = 0;
    if (label != NULL) {
        while (ll <= KS_BLOB_LABEL_LEN && label[ll] != '\0') {
            if (!label_char_ok((uint8_t)label[ll])) {
                return MDSEC_ERR_INVALID_ARG;
            }
            ll++;
        }
        if (ll > KS_BLOB_LABEL_LEN) {
            return MDSEC_ERR_INVALID_ARG;
        }
    }
    if (keys == NULL || n == 0u || n > KS_BLOB_MAX_KEYS) {
        return MDSEC_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++) {
        const ks_builtin_key_t *k = &keys[i];
        if (k->id == MDSEC_KS_ID_INVALID || k->attr.lifetime != MDSEC_KS_LIFETIME_READ_ONLY ||
            k->attr.location != MDSEC_KS_LOCATION_RAM ||
            mdsec__ks_attr_check(&k->attr) != MDSEC_OK) {
            return MDSEC_ERR_KS_ATTRIBUTES;
        }
        if (k->material == NULL || k->len == 0u || k->len > MDSEC_KS_MATERIAL_MAX) {
            return MDSEC_ERR_KEY_INVALID;
        }
        body += KS_BLOB_ENTRY_HDR_LEN + k->len;
    }
    *label_len = ll;
    *body_len = body;
    return MDSEC_OK;
}

mdsec_status_t mdsec__ks_blob_seal(const uint8_t root[MDSEC_ROOT_SECRET_LEN], uint32_t blob_id,
                                   const char *label, const ks_builtin_key_t *keys, size_t n,
                                   const uint8_t nonce[KS_BLOB_NONCE_LEN], uint8_t *out, size_t cap,
                                   size_t *out_len)
{
    uint8_t plain[KS_BLOB_BODY_MAX];
    uint8_t kek[KS_BLOB_KEK_LEN];
    size_t label_len = 0;
    size_t body_len = 0;
    size_t off = 0;

    if (out_len == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *out_len = 0;
    if (out == NULL || root == NULL || nonce == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(out, 0, cap);
    mdsec_status_t st = seal_check(label, keys, n, &label_len, &body_len);
    if (st != MDSEC_OK) {
        return st;
    }
    /* body_len <= KS_BLOB_BODY_MAX since n <= KS_BLOB_MAX_KEYS. */
    if (cap < KS_BLOB_HDR_LEN + KS_BLOB_TAG_LEN ||
        body_len > cap - KS_BLOB_HDR_LEN - KS_BLOB_TAG_LEN) {
        return MDSEC_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = (uint8_t)KS_BLOB_MAGIC0;
    out[1] = (uint8_t)KS_BLOB_MAGIC1;
    out[2] = (uint8_t)KS_BLOB_MAGIC2;
    out[3] = (uint8_t)KS_BLOB_MAGIC3;
    out[4] = KS_BLOB_VERSION;
    out[5] = 0u;
    out[6] = (uint8_t)n;
    out[7] = 0u;
    mdsec_put_le16(out + 8, body_len);
    mdsec_put_le16(out + 10, 0u);
    mdsec_put_le32(out + 12, blob_id);
    if (label_len != 0u) {
        memcpy(out + 16, label, label_len);
    }
    memcpy(out + KS_BLOB_NONCE_OFF, nonce, KS_BLOB_NONCE_LEN);

    for (size_t i = 0; i < n; i++) {
        const ks_builtin_key_t *k = &keys[i];
        uint8_t *e = plain + off;
        mdsec_put_le32(e, k->id);
        mdsec_put_le16(e + 4, k->attr.type);
        mdsec_put_le16(e + 6, k->attr.bits);
        mdsec_put_le32(e + 8, k->attr.usage);
        mdsec_put_le32(e + 12, k->attr.alg);
        e[16] = k->attr.lifetime;
        e[17] = k->attr.location;
        e[18] = k->attr.flags;
        e[19] = k->attr.reserved;
        mdsec_put_le16(e + 20, k->len);
        memcpy(e + KS_BLOB_ENTRY_HDR_LEN, k->material, k->len);
        off += KS_BLOB_ENTRY_HDR_LEN + k->len;
    }
    st = mdsec__ks_blob_kek(root, kek);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_aead_seal(kek, out + KS_BLOB_NONCE_OFF, out, KS_BLOB_HDR_LEN, plain,
                                    body_len, out + KS_BLOB_HDR_LEN,
                                    out + KS_BLOB_HDR_LEN + body_len);
    }
    mdsec_memzero(kek, sizeof kek);
    mdsec_memzero(plain, sizeof plain);
    if (st != MDSEC_OK) {
        mdsec_memzero(out, cap);
        return st;
    }
    *out_len = KS_BLOB_HDR_LEN + body_len + KS_BLOB_TAG_LEN;
    return MDSEC_OK;
}

static void blob_event(mdsec_status_t st)
{
    mdsec_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.code = MDSEC_EV_KEY_PROVISION;
    ev.source = MDSEC_SRC_KEYSTORE;
    ev.status = st;
    ev.outcome = MDSEC_OUTCOME_SERIOUS;
    mdsec_event_emit(&ev);
}

mdsec_status_t mdsec_ks_load_builtin(mdsec_ks_ctx_t *ctx, const uint8_t *blob, size_t len,
                                     size_t *count)
{
    uint8_t plain[KS_BLOB_BODY_MAX];
    uint8_t root[MDSEC_ROOT_SECRET_LEN];
    ks_builtin_key_t keys[KS_BLOB_MAX_KEYS];
    ks_blob_header_t hdr;
    size_t n = 0;

    if (count != NULL) {
        *count = 0;
    }
    if (ctx == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    mdsec_status_t st = mdsec_port_root_secret(root);
    if (st == MDSEC_OK) {
        st = mdsec__ks_blob_parse(root, blob, len, plain, &hdr, keys, &n);
        if (st != MDSEC_OK) {
            blob_event(st); /* the install reports its own refusals per key */
        }
    }
    mdsec_memzero(root, sizeof root);
    if (st == MDSEC_OK) {
        /* All or nothing: checks every key before storing any; events per key. */
        st = mdsec__ks_builtin_install(ctx, keys, n);
    }
    mdsec_memzero(plain, sizeof plain);
    memset(keys, 0, sizeof keys);
    if (st == MDSEC_OK && count != NULL) {
        *count = n;
    }
    return st;
}
