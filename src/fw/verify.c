/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Streaming verification of MCUboot-format images.
 *
 * Order of work, in one forward pass over the image: the header (read
 * once, kept, parsed and hashed from that copy); the unprotected TLV info
 * and hash TLV, read ahead only to learn the hash algorithm; the body and
 * the protected TLVs, hashed, with SEC_CNT and the dependencies parsed from
 * the very bytes that were hashed; the unprotected TLVs, whose key TLVs and
 * signatures are used from the one read that brings them (the read-ahead
 * bytes are read again there and must be unchanged, else
 * MDSEC_ERR_FW_CHANGED); the slot padding and trailer. Then the verdicts in
 * their fixed order: structure, hash, signatures (threshold, revocation),
 * device policy (counter, version, dependencies). Nothing is trusted before
 * it has been checked against the bounds it must fit, and no value a
 * decision uses is taken from a read other than the one that was hashed or
 * verified.
 *
 * Ed25519 (where the build has it, MDSEC_CRYPTO_HAS_ED25519): imgtool signs
 * either the image digest (ED25519 TLV after a SHA256 or SHA512 hash TLV,
 * the SHA-512 digest then streamed like the others) or, with a SIG_PURE TLV,
 * the hashed bytes themselves (header, body and protected TLVs). libsodium
 * verifies a pure signature in one call over the whole message, so a pure
 * image is verified only when the caller hands over the image in memory
 * (mdsec_fw_verify_buffer); the streaming call refuses it with
 * MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE. There the signature is checked over that
 * memory, and the digest of the bytes that were read, parsed and hashed is
 * computed a second time over the same memory after the signatures: if the
 * two differ the image is refused with MDSEC_ERR_FW_CHANGED.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "fw/fw_internal.h"
#include "mdsec/event.h"
#include "mdsec/fw.h"
#include "mdsec/parse.h"
#include "mdsec/port.h"

/* MCUboot constants (bootutil/image.h). */
#define TLV_INFO_MAGIC           0x6907u
#define TLV_PROT_INFO_MAGIC      0x6908u
#define TLV_KEYHASH              0x01u
#define TLV_PUBKEY               0x02u
#define TLV_SHA256               0x10u
#define TLV_SHA384               0x11u
#define TLV_SHA512               0x12u
#define TLV_RSA2048_PSS          0x20u
#define TLV_ECDSA224             0x21u
#define TLV_ECDSA_SIG            0x22u
#define TLV_RSA3072_PSS          0x23u
#define TLV_ED25519              0x24u
#define TLV_SIG_PURE             0x25u
#define TLV_ENC_FIRST            0x30u
#define TLV_ENC_LAST             0x3Fu
#define TLV_DEPENDENCY           0x40u
#define TLV_SEC_CNT              0x50u
#define TLV_BOOT_RECORD          0x60u
#define IMAGE_F_ENCRYPTED_AES128 0x04u
#define IMAGE_F_ENCRYPTED_AES256 0x08u
#define IMAGE_F_COMPRESSED       0x600u /* LZMA1 | LZMA2 */
#define DEPENDENCY_LEN           12u
#define TRAILER_MAGIC_LEN        16u

#define FW_KEY_MAGIC     0x6b657946u
#define RSA_PSS_SALT_LEN 32u

static const uint8_t boot_magic[TRAILER_MAGIC_LEN] = {
    0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f, 0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

static const mdsec_tlv_format_t mcuboot_tlv = MDSEC_TLV_FORMAT_MCUBOOT;

/* ------------------------------------------------------------------------ */
/* Keys                                                                     */

mdsec_status_t mdsec_fw_key_from_spki(mdsec_fw_key_t *key, const uint8_t *spki, size_t len)
{
    mdsec_der_pubkey_t pk;
    mdsec_status_t st;

    if (key == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(key, 0, sizeof *key);
    st = mdsec_der_parse_spki(spki, len, &pk);
    if (st != MDSEC_OK) {
        return st;
    }
    key->kind = pk.kind;
    key->point = pk.point;
    key->n = pk.n;
    key->e = pk.e;
    if (pk.kind == MDSEC_DER_KEY_RSA) {
        /* imgtool embeds (and hashes) the PKCS#1 RSAPublicKey: the BIT STRING contents. */
        mdsec_reader_t r, seq, alg;
        mdsec_span_t bits = {NULL, 0u};
        mdsec_reader_init(&r, spki, len);
        st = mdsec_der_expect(&r, MDSEC_DER_SEQUENCE, &seq);
        if (st == MDSEC_OK) {
            st = mdsec_der_expect(&seq, MDSEC_DER_SEQUENCE, &alg);
        }
        if (st == MDSEC_OK) {
            st = mdsec_der_bitstring(&seq, &bits);
        }
        if (st != MDSEC_OK || !(pk.n.len == 256u || pk.n.len == 384u)) {
            memset(key, 0, sizeof *key);
            return (st != MDSEC_OK) ? st : MDSEC_ERR_KEY_INVALID;
        }
        key->embedded = bits.ptr;
        key->embedded_len = bits.len;
    } else {
        /* EC and Ed25519 keys are embedded as the whole SubjectPublicKeyInfo. */
        key->embedded = spki;
        key->embedded_len = len;
    }
    st = mdsec_crypto_hash(MDSEC_HASH_SHA256, key->embedded, key->embedded_len, key->hash256,
                           sizeof key->hash256);
    if (st == MDSEC_OK) {
        st = mdsec_crypto_hash(MDSEC_HASH_SHA384, key->embedded, key->embedded_len, key->hash384,
                               sizeof key->hash384);
    }
    if (st != MDSEC_OK) {
        memset(key, 0, sizeof *key);
        return st;
    }
    key->magic = FW_KEY_MAGIC;
    return MDSEC_OK;
}

const uint8_t *mdsec_fw_key_hash(const mdsec_fw_key_t *key)
{
    return (key != NULL && key->magic == FW_KEY_MAGIC) ? key->hash256 : NULL;
}

int mdsec_fw_version_cmp(const mdsec_fw_version_t *a, const mdsec_fw_version_t *b, int with_build)
{
    if (a->major != b->major) {
        return (a->major < b->major) ? -1 : 1;
    }
    if (a->minor != b->minor) {
        return (a->minor < b->minor) ? -1 : 1;
    }
    if (a->revision != b->revision) {
        return (a->revision < b->revision) ? -1 : 1;
    }
    if (with_build && a->build != b->build) {
        return (a->build < b->build) ? -1 : 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Verification state                                                       */

/*
 * Fault hardening. Every decision that can admit an image records, where it
 * is taken in the positive sense (never as "the refusal was not taken"), its
 * own success constant and that constant's complement. Before the decision
 * word is set, final_recheck() evaluates every predicate a second time from
 * the stored values and requires every recorded pair as well. A refusal thus
 * has to be defeated three times (its status return, the separate positive
 * test that records the constant, and the recheck) before an image is
 * admitted: one skipped or inverted branch anywhere gives either a refusal
 * status or MDSEC_ERR_INTERNAL, never MDSEC_FW_DECISION_VALID.
 */
#define FW_OK_HASH    0x6A3C95C3u /* digest of the bytes read equals the signed hash TLV */
#define FW_OK_SIGNERS 0x53A9C635u /* threshold of valid signatures by distinct trusted keys */
#define FW_OK_REVOKED 0x2D4BB4D2u /* no counted signer is revoked */
#define FW_OK_COUNTER 0x71E88E17u /* security counter not below the device's (or not used) */
#define FW_OK_VERSION 0x4E1DB1E2u /* version not below the installed one (or allowed) */
#define FW_OK_DEPS    0x1BD6E429u /* every dependency met */
#define FW_OK_ALL \
    (FW_OK_HASH ^ FW_OK_SIGNERS ^ FW_OK_REVOKED ^ FW_OK_COUNTER ^ FW_OK_VERSION ^ FW_OK_DEPS)

typedef struct fw_decision {
    volatile uint32_t word;
    volatile uint32_t check; /* ~word */
} fw_decision_t;

typedef struct vstate {
    mdsec_fw_ctx_t *ctx;
    const mdsec_fw_policy_t *pol;
    mdsec_fw_read_fn read;
    void *rctx;
    uint32_t size;
    mdsec_fw_result_t *res;
    /* header */
    uint32_t hdr_size, img_size, prot_size;
    /* protected TLVs */
    uint8_t deps[MDSEC_FW_MAX_DEPS][DEPENDENCY_LEN];
    size_t ndeps;
    mdsec_fw_version_t have[MDSEC_FW_MAX_DEPS]; /* installed versions the dependencies met */
    const uint8_t *image; /* the whole image in memory (mdsec_fw_verify_buffer), or NULL */
    /* unprotected TLVs */
    size_t head_len;  /* bytes of tlv_head read ahead of hashing: 4 (info) or 8 (and hash TLV) */
    int hash_seen;    /* the walk met the hash TLV */
    int pure;         /* a SIG_PURE TLV: Ed25519 signatures are over the hashed bytes */
    int signer_tlvs;  /* the walk met a key or signature TLV */
    int pending_key;  /* -2: none pending; -1: untrusted; >= 0: policy index */
    uint32_t counted; /* policy keys that signed validly */
    uint8_t expect[MDSEC_HASH_MAX_LEN];
    size_t expect_len;
    size_t untrusted, invalid, unsupported;
    mdsec_status_t provider; /* first provider failure (resource, internal) while verifying */
    /* device policy */
    uint64_t device; /* the device's security counter as read */
    fw_decision_t d_hash, d_signers, d_revoked, d_counter, d_version, d_deps;
} vstate_t;

#define NO_KEY (-2)

static void decide(fw_decision_t *d, uint32_t ok)
{
    d->word = ok;
    d->check = ~ok;
}

static int decided(const fw_decision_t *d, uint32_t ok)
{
    uint32_t w = d->word, c = d->check;
    return (w == ok) & (c == ~ok);
}

static mdsec_status_t fail_at(vstate_t *v, uint32_t offset, mdsec_status_t st)
{
    v->res->fail_offset = offset;
    return st;
}

/* Reads len bytes at off, inside the region. */
static mdsec_status_t rd(vstate_t *v, uint32_t off, void *buf, size_t len)
{
    if (len > v->size || off > v->size - len) {
        memset(buf, 0, len);
        return fail_at(v, off, MDSEC_ERR_FW_BOUNDS);
    }
    if (v->read(v->rctx, off, buf, len) != MDSEC_OK) {
        memset(buf, 0, len);
        return fail_at(v, off, MDSEC_ERR_FW_READ);
    }
    return MDSEC_OK;
}

static mdsec_status_t check_policy(const mdsec_fw_policy_t *p)
{
    size_t i;
    unsigned k;

    if (p == NULL || p->keys == NULL || p->key_count == 0u || p->key_count > 32u ||
        (p->revoked == NULL && p->revoked_count != 0u)) {
        return MDSEC_ERR_FW_POLICY;
    }
    k = (p->threshold == 0u) ? 1u : p->threshold;
    if (k > p->key_count || k > MDSEC_FW_MAX_SIGS) {
        return MDSEC_ERR_FW_POLICY;
    }
    for (i = 0; i < p->key_count; i++) {
        if (p->keys[i].magic != FW_KEY_MAGIC) {
            return MDSEC_ERR_FW_POLICY;
        }
    }
    if (p->downgrade != MDSEC_FW_DOWNGRADE_ALLOW && p->downgrade != MDSEC_FW_DOWNGRADE_DENY &&
        p->downgrade != MDSEC_FW_DOWNGRADE_DENY_WITH_BUILD) {
        return MDSEC_ERR_FW_POLICY;
    }
    return MDSEC_OK;
}

/* ------------------------------------------------------------------------ */
/* Structure                                                                */

/*
 * The header is read once, into ctx->header: it is parsed from there and
 * hashed from there, so the version, flags and sizes are those of the
 * hashed bytes.
 */
static mdsec_status_t parse_header(vstate_t *v)
{
    mdsec_reader_t r;
    uint8_t *b = v->ctx->header;
    uint32_t magic;
    uint64_t end;
    mdsec_status_t st = rd(v, 0u, b, MDSEC_FW_HEADER_SIZE);

    if (st != MDSEC_OK) {
        return (st == MDSEC_ERR_FW_BOUNDS) ? fail_at(v, 0u, MDSEC_ERR_FW_HEADER) : st;
    }
    mdsec_reader_init(&r, b, MDSEC_FW_HEADER_SIZE);
    magic = mdsec_read_u32le(&r);
    (void)mdsec_read_u32le(&r); /* load address: not used for verification */
    v->hdr_size = mdsec_read_u16le(&r);
    v->prot_size = mdsec_read_u16le(&r);
    v->img_size = mdsec_read_u32le(&r);
    v->res->flags = mdsec_read_u32le(&r);
    v->res->version.major = mdsec_read_u8(&r);
    v->res->version.minor = mdsec_read_u8(&r);
    v->res->version.revision = mdsec_read_u16le(&r);
    v->res->version.build = mdsec_read_u32le(&r);
    (void)mdsec_read_u32le(&r); /* pad */
    if (mdsec_reader_finish(&r) != MDSEC_OK) {
        return fail_at(v, 0u, MDSEC_ERR_INTERNAL);
    }
    if (magic != MDSEC_FW_IMAGE_MAGIC) {
        return fail_at(v, 0u, MDSEC_ERR_FW_MAGIC);
    }
    if (v->hdr_size < MDSEC_FW_HEADER_SIZE) {
        return fail_at(v, 8u, MDSEC_ERR_FW_HEADER);
    }
    if ((v->res->flags & (IMAGE_F_ENCRYPTED_AES128 | IMAGE_F_ENCRYPTED_AES256)) != 0u) {
        return fail_at(v, 16u, MDSEC_ERR_FW_ENCRYPTED);
    }
    if ((v->res->flags & IMAGE_F_COMPRESSED) != 0u) {
        return fail_at(v, 16u, MDSEC_ERR_NOT_SUPPORTED);
    }
    if (v->prot_size != 0u && v->prot_size < 4u) {
        return fail_at(v, 10u, MDSEC_ERR_FW_TLV_SIZE);
    }
    /* Wrap-safe: computed in 64 bits; header, body, protected TLVs and the
     * unprotected TLV info must all lie inside the region. */
    end = (uint64_t)v->hdr_size + v->img_size + v->prot_size + 4u;
    if (end > v->size) {
        return fail_at(v, 12u, MDSEC_ERR_FW_BOUNDS);
    }
    return MDSEC_OK;
}

/* The hash algorithm of a hash TLV this build can check, or 0. */
static mdsec_hash_alg_t hash_tlv_alg(uint32_t tag)
{
    if (tag == TLV_SHA256) {
        return MDSEC_HASH_SHA256;
    }
    if (tag == TLV_SHA384) {
        return MDSEC_HASH_SHA384;
    }
#if MDSEC_CRYPTO_HAS_ED25519
    if (tag == TLV_SHA512) {
        return MDSEC_HASH_SHA512; /* from libsodium, with Ed25519 */
    }
#endif
    return (mdsec_hash_alg_t)0;
}

/* The image hash, streamed: SHA-256 and SHA-384 from the provider, SHA-512 from libsodium. */
static mdsec_status_t image_hash_init(vstate_t *v)
{
    return (v->res->hash_alg == MDSEC_HASH_SHA512)
               ? mdsec_crypto_sha512_init(&v->ctx->hash)
               : mdsec_crypto_hash_init(&v->ctx->hash, v->res->hash_alg);
}

static mdsec_status_t image_hash_update(vstate_t *v, const void *data, size_t len)
{
    return (v->res->hash_alg == MDSEC_HASH_SHA512)
               ? mdsec_crypto_sha512_update(&v->ctx->hash, data, len)
               : mdsec_crypto_hash_update(&v->ctx->hash, data, len);
}

static mdsec_status_t image_hash_final(vstate_t *v, uint8_t *out, size_t out_len)
{
    return (v->res->hash_alg == MDSEC_HASH_SHA512)
               ? mdsec_crypto_sha512_final(&v->ctx->hash, out, out_len)
               : mdsec_crypto_hash_final(&v->ctx->hash, out, out_len);
}

/*
 * Ahead of hashing, the unprotected TLV info and its first TLV: the hash
 * TLV names the hash algorithm. These bytes are kept (ctx->tlv_head,
 * v->expect) and the walk of the area later compares its own read of them
 * with these, so a change between the two reads is refused. When the first
 * TLV is no usable hash TLV, nothing is hashed and the walk reports what is
 * wrong.
 */
static mdsec_status_t read_unprotected_head(vstate_t *v)
{
    uint32_t off = v->hdr_size + v->img_size + v->prot_size;
    uint8_t *h = v->ctx->tlv_head;
    mdsec_reader_t r;
    uint32_t tot, tag, len;
    size_t want;
    mdsec_status_t st = rd(v, off, h, 4u);

    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_reader_init(&r, h, 4u);
    if (mdsec_read_u16le(&r) != TLV_INFO_MAGIC) {
        return fail_at(v, off, MDSEC_ERR_FW_TLV_MAGIC);
    }
    tot = mdsec_read_u16le(&r);
    if (tot < 4u || tot > v->size - off) {
        return fail_at(v, off + 2u, MDSEC_ERR_FW_TLV_SIZE);
    }
    v->head_len = 4u;
    if (tot < 8u) {
        return MDSEC_OK;
    }
    st = rd(v, off + 4u, h + 4u, 4u);
    if (st != MDSEC_OK) {
        return st;
    }
    mdsec_reader_init(&r, h + 4u, 4u);
    tag = mdsec_read_u16le(&r);
    len = mdsec_read_u16le(&r);
    want = mdsec_hash_len(hash_tlv_alg(tag));
    if (want == 0u || len != want || 8u + want > tot) {
        return MDSEC_OK;
    }
    st = rd(v, off + 8u, v->expect, want);
    if (st != MDSEC_OK) {
        return st;
    }
    v->res->hash_alg = hash_tlv_alg(tag);
    v->expect_len = want;
    v->head_len = 8u;
    return MDSEC_OK;
}

/* The protected TLVs, parsed from the very bytes (in ctx->buf) that are hashed. */
static mdsec_status_t parse_protected(vstate_t *v, const uint8_t *b)
{
    uint32_t off = v->hdr_size + v->img_size;
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    mdsec_reader_t r;

    mdsec_reader_init(&r, b, v->prot_size);
    if (mdsec_read_u16le(&r) != TLV_PROT_INFO_MAGIC) {
        return fail_at(v, off, MDSEC_ERR_FW_TLV_MAGIC);
    }
    if (mdsec_read_u16le(&r) != v->prot_size) {
        return fail_at(v, off + 2u, MDSEC_ERR_FW_TLV_SIZE);
    }
    mdsec_tlv_iter_from_reader(&it, mcuboot_tlv, &r);
    while (!mdsec_tlv_done(&it)) {
        uint32_t at;
        const mdsec_status_t st = mdsec_tlv_next(&it, &t);
        at = off + (uint32_t)t.offset;
        if (st != MDSEC_OK) {
            return fail_at(v, off + (uint32_t)mdsec_reader_offset(&it.r), MDSEC_ERR_FW_TLV_SIZE);
        }
        if (t.tag == TLV_SEC_CNT) {
            mdsec_reader_t vr;
            if (v->res->has_security_counter) {
                return fail_at(v, at, MDSEC_ERR_FW_TLV_DUPLICATE);
            }
            if (t.value.len != 4u) {
                return fail_at(v, at, MDSEC_ERR_FW_TLV_LENGTH);
            }
            mdsec_reader_init(&vr, t.value.ptr, t.value.len);
            v->res->security_counter = mdsec_read_u32le(&vr);
            v->res->has_security_counter = 1u;
        } else if (t.tag == TLV_DEPENDENCY) {
            if (t.value.len != DEPENDENCY_LEN) {
                return fail_at(v, at, MDSEC_ERR_FW_TLV_LENGTH);
            }
            if (v->ndeps == MDSEC_FW_MAX_DEPS) {
                return fail_at(v, at, MDSEC_ERR_FW_TOO_MANY_SIGS);
            }
            memcpy(v->deps[v->ndeps++], t.value.ptr, DEPENDENCY_LEN);
        } else if (t.tag == TLV_BOOT_RECORD) {
            /* Measured-boot record: covered by the hash, not interpreted here. */
        } else if (t.tag >= TLV_ENC_FIRST && t.tag <= TLV_ENC_LAST) {
            return fail_at(v, at, MDSEC_ERR_FW_ENCRYPTED);
        } else {
            return fail_at(v, at, MDSEC_ERR_FW_TLV_UNKNOWN);
        }
    }
    return MDSEC_OK;
}

/*
 * The one pass over the hashed bytes: the header from its copy in
 * ctx->header, the body in chunks, then the protected TLV area read whole
 * into ctx->buf, parsed there and hashed from there. Each hashed byte is
 * read once, and SEC_CNT, the dependencies and the version are taken from
 * exactly what was hashed. Without a known hash algorithm (no usable hash
 * TLV) the body is skipped but the protected area is still checked.
 */
static mdsec_status_t hash_and_parse(vstate_t *v)
{
    mdsec_fw_ctx_t *c = v->ctx;
    const int hashing = (v->expect_len != 0u);
    const uint32_t body_end = v->hdr_size + v->img_size;
    mdsec_status_t st = MDSEC_OK;

    if (v->prot_size > MDSEC_FW_BUF_SIZE) {
        return fail_at(v, body_end, MDSEC_ERR_FW_TLV_SIZE);
    }
    if (hashing) {
        uint32_t pos = MDSEC_FW_HEADER_SIZE;
        st = image_hash_init(v);
        if (st == MDSEC_OK) {
            st = image_hash_update(v, c->header, MDSEC_FW_HEADER_SIZE);
        }
        /* Bounded: each pass hashes at least one byte of [32, body_end);
         * chunks after the first are aligned to the buffer size. */
        while (st == MDSEC_OK && pos < body_end) {
            uint32_t n = MDSEC_FW_BUF_SIZE - (pos % MDSEC_FW_BUF_SIZE);
            if (n > body_end - pos) {
                n = body_end - pos;
            }
            st = rd(v, pos, c->buf, n);
            if (st == MDSEC_OK) {
                st = image_hash_update(v, c->buf, n);
            }
            pos += n;
        }
    }
    if (st == MDSEC_OK && v->prot_size != 0u) {
        st = rd(v, body_end, c->buf, v->prot_size);
        if (st == MDSEC_OK) {
            st = parse_protected(v, c->buf);
        }
        if (st == MDSEC_OK && hashing) {
            st = image_hash_update(v, c->buf, v->prot_size);
        }
    }
    if (!hashing) {
        return st;
    }
    if (st == MDSEC_OK) {
        st = image_hash_final(v, v->res->digest, sizeof v->res->digest);
    } else {
        uint8_t scratch[MDSEC_HASH_MAX_LEN];
        /* Finishing wipes the hash context; the earlier failure is what is reported. */
        mdsec_status_t wiped = image_hash_final(v, scratch, sizeof scratch);
        (void)wiped;
    }
    if (st != MDSEC_OK) {
        return st;
    }
    v->res->digest_len = v->expect_len;
    if (mdsec_ct_equal(v->res->digest, v->expect, v->expect_len)) {
        decide(&v->d_hash, FW_OK_HASH);
    }
    return MDSEC_OK;
}

/*
 * Index of the trusted key a KEYHASH prefix names, or -1. The key hash uses
 * the image's hash algorithm (imgtool); SHA-512 key hashes are computed here,
 * since only images with a SHA512 hash TLV need them.
 */
static int match_keyhash(const vstate_t *v, mdsec_span_t h)
{
    size_t i;
    for (i = 0; i < v->pol->key_count; i++) {
        const mdsec_fw_key_t *k = &v->pol->keys[i];
        const uint8_t *kh = (v->res->hash_alg == MDSEC_HASH_SHA384) ? k->hash384 : k->hash256;
        uint8_t h512[MDSEC_SHA512_LEN];
        if (v->res->hash_alg == MDSEC_HASH_SHA512) {
            if (mdsec_crypto_sha512(k->embedded, k->embedded_len, h512, sizeof h512) != MDSEC_OK) {
                continue; /* (zeroed: matches nothing) */
            }
            kh = h512;
        }
        if (mdsec_ct_equal(kh, h.ptr, h.len)) {
            return (int)i;
        }
    }
    return -1;
}

static int match_pubkey(const vstate_t *v, mdsec_span_t pk)
{
    size_t i;
    for (i = 0; i < v->pol->key_count; i++) {
        const mdsec_fw_key_t *k = &v->pol->keys[i];
        if (k->embedded_len == pk.len && mdsec_ct_equal(k->embedded, pk.ptr, pk.len)) {
            return (int)i;
        }
    }
    return -1;
}

static int is_signature(uint32_t tag)
{
    return tag == TLV_RSA2048_PSS || tag == TLV_ECDSA224 || tag == TLV_ECDSA_SIG ||
           tag == TLV_RSA3072_PSS || tag == TLV_ED25519;
}

static int revoked(const vstate_t *v, const mdsec_fw_key_t *k)
{
    size_t i;
    for (i = 0; i < v->pol->revoked_count; i++) {
        if (memcmp(v->pol->revoked[i], k->hash256, MDSEC_SHA256_LEN) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Verifies one signature, from the bytes just read. MDSEC_OK only for a valid signature. */
static mdsec_status_t verify_one(const vstate_t *v, const mdsec_fw_key_t *k, uint32_t type,
                                 mdsec_span_t sig)
{
    mdsec_status_t st;

    if (type == TLV_ECDSA224) {
        return MDSEC_ERR_FW_ALG_UNSUPPORTED;
    }
    if (type == TLV_ED25519) {
        const uint8_t *msg = v->res->digest;
        size_t msg_len = v->res->digest_len;
        if (!MDSEC_CRYPTO_HAS_ED25519) {
            return MDSEC_ERR_FW_ALG_UNSUPPORTED;
        }
        if (k->kind != MDSEC_DER_KEY_ED25519 || k->point.len != MDSEC_ED25519_PUB_LEN) {
            return MDSEC_ERR_SIGNATURE_INVALID; /* key type and signature do not pair */
        }
        if (v->pure) {
            /* Pure: the hashed bytes themselves, in memory (checked when SIG_PURE was met). */
            if (v->image == NULL) {
                return MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE;
            }
            msg = v->image;
            msg_len = (size_t)v->hdr_size + v->img_size + v->prot_size;
        } else if (v->res->hash_alg != MDSEC_HASH_SHA256 && v->res->hash_alg != MDSEC_HASH_SHA512) {
            return MDSEC_ERR_SIGNATURE_INVALID; /* imgtool signs SHA-256 or SHA-512 digests */
        }
        st = mdsec_crypto_ed25519_verify(k->point.ptr, msg, msg_len, sig.ptr);
        return (st == MDSEC_ERR_NOT_SUPPORTED) ? MDSEC_ERR_FW_ALG_UNSUPPORTED : st;
    }
    if (v->pure) {
        return MDSEC_ERR_SIGNATURE_INVALID; /* only Ed25519 signs the image bytes (imgtool) */
    }
    if (type == TLV_ECDSA_SIG) {
        uint8_t raw[MDSEC_P384_SIG_RAW_LEN];
        size_t field;
        mdsec_curve_t curve;
        if (k->kind == MDSEC_DER_KEY_EC_P256 && v->res->hash_alg == MDSEC_HASH_SHA256) {
            field = MDSEC_P256_SCALAR_LEN;
            curve = MDSEC_CURVE_P256;
        } else if (k->kind == MDSEC_DER_KEY_EC_P384 && v->res->hash_alg == MDSEC_HASH_SHA384) {
            field = MDSEC_P384_SCALAR_LEN;
            curve = MDSEC_CURVE_P384;
        } else {
            return MDSEC_ERR_SIGNATURE_INVALID; /* key type and hash do not pair */
        }
        /* Strict DER first, whatever the provider would tolerate. */
        st = mdsec_der_parse_ecdsa_sig(sig.ptr, sig.len, field, raw);
        if (st != MDSEC_OK) {
            return MDSEC_ERR_SIGNATURE_MALFORMED;
        }
        return mdsec_crypto_ecdsa_verify(curve, k->point.ptr, k->point.len, v->res->digest,
                                         v->res->digest_len, raw, 2u * field, MDSEC_SIG_RAW);
    }
    /* RSA-PSS, MGF1 with SHA-256, 32-byte salt (imgtool). */
    if (k->kind != MDSEC_DER_KEY_RSA || v->res->hash_alg != MDSEC_HASH_SHA256 ||
        k->n.len != sig.len) {
        return MDSEC_ERR_SIGNATURE_INVALID;
    }
    st = mdsec_crypto_rsa_pss_verify(k->n.ptr, k->n.len, k->e.ptr, k->e.len, MDSEC_HASH_SHA256,
                                     v->res->digest, v->res->digest_len, RSA_PSS_SALT_LEN, sig.ptr,
                                     sig.len);
    return (st == MDSEC_ERR_NOT_SUPPORTED) ? MDSEC_ERR_FW_ALG_UNSUPPORTED : st;
}

/*
 * One signature TLV, met in the walk: counted at once from the bytes in the
 * window (its key was named by the TLV just before it, in the same read), so
 * neither the key TLV nor the signature is read a second time. Nothing is
 * verified when the digest did not match: that is what will be reported.
 */
static void take_signature(vstate_t *v, const mdsec_tlv_t *t, uint32_t at)
{
    int key = v->pending_key;
    mdsec_status_t st;

    if (key < 0) {
        v->untrusted++;
        return;
    }
    if (!decided(&v->d_hash, FW_OK_HASH)) {
        return;
    }
    if (revoked(v, &v->pol->keys[key])) {
        v->res->revoked_count++;
        return;
    }
    if ((v->counted & (UINT32_C(1) << key)) != 0u) {
        return; /* the same key twice counts once */
    }
    st = verify_one(v, &v->pol->keys[key], t->tag, t->value);
    if (st == MDSEC_OK && v->res->signer_count < MDSEC_FW_MAX_SIGS) {
        v->counted |= UINT32_C(1) << key;
        memcpy(v->res->signers[v->res->signer_count], v->pol->keys[key].hash256, MDSEC_SHA256_LEN);
        v->res->signer_count++;
    } else if (st == MDSEC_ERR_FW_ALG_UNSUPPORTED) {
        v->unsupported++;
    } else if (st == MDSEC_ERR_CRYPTO_RESOURCE || st == MDSEC_ERR_CRYPTO) {
        /* The provider could not decide: not a verdict on the image. */
        if (v->provider == MDSEC_OK) {
            v->provider = st;
        }
    } else {
        v->invalid++;
        if (v->res->fail_offset == 0u) {
            v->res->fail_offset = at + 4u;
        }
    }
}

/*
 * SIG_PURE: the Ed25519 signatures that follow are over the hashed bytes
 * themselves. Where imgtool writes it (after the hash TLV, before every key
 * and signature), once, and with the one value imgtool and MCUboot agree on:
 * a single byte 1 (MCUboot reads any other value as "not pure", imgtool as
 * "pure"; such an image is refused).
 */
static mdsec_status_t sig_pure_tlv(vstate_t *v, const mdsec_tlv_t *t, uint32_t at)
{
    if (v->pure) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_DUPLICATE);
    }
    if (v->signer_tlvs) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_UNKNOWN); /* after a key or signature */
    }
    if (t->value.len != 1u) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_LENGTH);
    }
    if (t->value.ptr[0] != 1u) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_UNKNOWN);
    }
    if (!MDSEC_CRYPTO_HAS_ED25519) {
        return fail_at(v, at, MDSEC_ERR_FW_ALG_UNSUPPORTED);
    }
    if (v->image == NULL) {
        return fail_at(v, at, MDSEC_ERR_FW_NEEDS_WHOLE_IMAGE);
    }
    v->pure = 1;
    return MDSEC_OK;
}

/* One unprotected TLV (value inside the window buffer), at absolute offset at. */
static mdsec_status_t unprotected_tlv(vstate_t *v, const mdsec_tlv_t *t, uint32_t at)
{
    const mdsec_hash_alg_t alg = hash_tlv_alg(t->tag);

    if (alg != (mdsec_hash_alg_t)0) {
        const size_t want = mdsec_hash_len(alg);
        if (v->hash_seen) {
            return fail_at(v, at, MDSEC_ERR_FW_TLV_DUPLICATE);
        }
        if (t->value.len != want) {
            return fail_at(v, at, MDSEC_ERR_FW_TLV_LENGTH);
        }
        /* The hash TLV was read once before hashing: this read must agree. */
        if (v->head_len != 8u || v->expect_len != want || v->res->hash_alg != alg ||
            !mdsec_ct_equal(v->expect, t->value.ptr, want)) {
            return fail_at(v, at, MDSEC_ERR_FW_CHANGED);
        }
        v->hash_seen = 1;
        return MDSEC_OK;
    }
    if (!v->hash_seen && v->head_len == 8u) {
        return fail_at(v, at, MDSEC_ERR_FW_CHANGED); /* the first read found a hash TLV here */
    }
    if (t->tag == TLV_SHA512) {
        return fail_at(v, at, MDSEC_ERR_FW_ALG_UNSUPPORTED); /* (no SHA-512 in this build) */
    }
    if (t->tag == TLV_SEC_CNT || t->tag == TLV_DEPENDENCY || t->tag == TLV_BOOT_RECORD) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_UNPROTECTED);
    }
    if (t->tag >= TLV_ENC_FIRST && t->tag <= TLV_ENC_LAST) {
        return fail_at(v, at, MDSEC_ERR_FW_ENCRYPTED);
    }
    if (t->tag != TLV_KEYHASH && t->tag != TLV_PUBKEY && t->tag != TLV_SIG_PURE &&
        !is_signature(t->tag)) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_UNKNOWN);
    }
    /* Keys and signatures refer to the image hash: it must come first. */
    if (!v->hash_seen) {
        return fail_at(v, at, MDSEC_ERR_FW_HASH_MISSING);
    }
    if (t->tag == TLV_SIG_PURE) {
        return sig_pure_tlv(v, t, at);
    }
    v->signer_tlvs = 1;
    if (t->tag == TLV_KEYHASH || t->tag == TLV_PUBKEY) {
        if (v->pending_key != NO_KEY) {
            return fail_at(v, at, MDSEC_ERR_FW_KEY_TLV); /* two keys for one signature */
        }
        if (t->tag == TLV_KEYHASH) {
            if (t->value.len < MDSEC_FW_KEYHASH_MIN || t->value.len > v->expect_len) {
                return fail_at(v, at, MDSEC_ERR_FW_KEY_TLV);
            }
            v->pending_key = match_keyhash(v, t->value);
        } else {
            if (t->value.len == 0u) {
                return fail_at(v, at, MDSEC_ERR_FW_KEY_TLV);
            }
            v->pending_key = match_pubkey(v, t->value);
        }
        return MDSEC_OK;
    }
    /* A signature: it needs the key TLV just before it. */
    if (v->pending_key == NO_KEY) {
        return fail_at(v, at, MDSEC_ERR_FW_KEY_TLV);
    }
    if (v->ctx->nsigs == MDSEC_FW_MAX_SIGS) {
        return fail_at(v, at, MDSEC_ERR_FW_TOO_MANY_SIGS);
    }
    if ((t->tag == TLV_RSA2048_PSS && t->value.len != 256u) ||
        (t->tag == TLV_RSA3072_PSS && t->value.len != 384u) ||
        (t->tag == TLV_ED25519 && t->value.len != 64u) ||
        (t->tag == TLV_ECDSA_SIG &&
         (t->value.len < 8u || t->value.len > MDSEC_ECDSA_SIG_DER_MAX)) ||
        t->value.len == 0u || t->value.len > MDSEC_FW_BUF_SIZE) {
        return fail_at(v, at, MDSEC_ERR_FW_TLV_LENGTH);
    }
    take_signature(v, t, at);
    v->ctx->nsigs++;
    v->pending_key = NO_KEY;
    return MDSEC_OK;
}

/*
 * The unprotected area, walked with the generic TLV iterator over a window
 * of the work buffer that slides forward, so that an area larger than the
 * buffer needs no larger buffer. A single TLV larger than the buffer is
 * refused (no TLV mdsec needs is that large). A TLV cut by the end of a
 * window is not used from that window: the next window starts with it, so
 * every TLV that is used comes whole from one read.
 */
static mdsec_status_t walk_unprotected(vstate_t *v)
{
    uint32_t off = v->hdr_size + v->img_size + v->prot_size;
    uint8_t *b = v->ctx->buf;
    uint8_t info[4];
    mdsec_reader_t r;
    uint32_t tot, win, end;
    mdsec_status_t st = rd(v, off, info, sizeof info);

    if (st != MDSEC_OK) {
        return st;
    }
    if (memcmp(info, v->ctx->tlv_head, sizeof info) != 0) {
        return fail_at(v, off, MDSEC_ERR_FW_CHANGED);
    }
    mdsec_reader_init(&r, info, sizeof info);
    (void)mdsec_read_u16le(&r); /* the magic, checked before hashing */
    tot = mdsec_read_u16le(&r);
    end = off + tot;
    win = off + 4u;
    v->pending_key = NO_KEY;
    while (win < end) {
        uint32_t left = end - win;
        uint32_t wlen = (left < MDSEC_FW_BUF_SIZE) ? left : MDSEC_FW_BUF_SIZE;
        uint32_t consumed = 0u;
        mdsec_tlv_iter_t it;
        st = rd(v, win, b, wlen);
        if (st != MDSEC_OK) {
            return st;
        }
        mdsec_tlv_iter_init(&it, mcuboot_tlv, b, wlen);
        while (!mdsec_tlv_done(&it)) {
            mdsec_tlv_t t;
            if (mdsec_tlv_next(&it, &t) != MDSEC_OK) {
                break;
            }
            st = unprotected_tlv(v, &t, win + (uint32_t)t.offset);
            if (st != MDSEC_OK) {
                return st;
            }
            consumed = (uint32_t)(t.offset + 4u + t.value.len);
        }
        if (mdsec_tlv_done(&it)) {
            consumed = wlen;
        } else if (wlen == left || consumed == 0u) {
            /* The last window holds a TLV that runs past the area, or one TLV
             * is larger than the whole buffer. */
            return fail_at(v, win + consumed,
                           (wlen == left) ? MDSEC_ERR_FW_TLV_SIZE : MDSEC_ERR_FW_TLV_LENGTH);
        }
        win += consumed;
    }
    if (v->pending_key != NO_KEY) {
        return fail_at(v, end, MDSEC_ERR_FW_KEY_TLV); /* a key with no signature */
    }
    if (!v->hash_seen) {
        return fail_at(v, off,
                       (v->head_len == 8u) ? MDSEC_ERR_FW_CHANGED : MDSEC_ERR_FW_HASH_MISSING);
    }
    v->res->image_end = end;
    return MDSEC_OK;
}

/*
 * A pure signature was checked over the image in memory, while the header
 * and protected TLVs were parsed and hashed from the reads into the work
 * buffer. Those reads must have been of the same bytes: their digest is
 * computed again over the memory, after the signatures, and compared in
 * constant time.
 */
static mdsec_status_t pure_same_bytes(vstate_t *v)
{
    const size_t n = (size_t)v->hdr_size + v->img_size + v->prot_size;
    uint8_t again[MDSEC_HASH_MAX_LEN];
    mdsec_status_t st;

    if (!v->pure || !decided(&v->d_hash, FW_OK_HASH)) {
        return MDSEC_OK; /* nothing was verified over the memory */
    }
    st = (v->res->hash_alg == MDSEC_HASH_SHA512)
             ? mdsec_crypto_sha512(v->image, n, again, sizeof again)
             : mdsec_crypto_hash(v->res->hash_alg, v->image, n, again, sizeof again);
    if (st == MDSEC_OK && !mdsec_ct_equal(again, v->res->digest, v->res->digest_len)) {
        st = fail_at(v, 0u, MDSEC_ERR_FW_CHANGED);
    }
    mdsec_memzero(again, sizeof again);
    return st;
}

/*
 * What follows the TLVs up to the end of the region: nothing (an image
 * file), or erased slot padding and the MCUboot trailer (boot magic,
 * image_ok, copy_done, swap_info and swap_size at their places for the
 * slot's write alignment). Anything else is trailing garbage. Each byte is
 * read once; the boot magic is collected from the same chunks.
 */
static mdsec_status_t check_trailer(vstate_t *v)
{
    uint32_t start = v->res->image_end, size = v->size;
    uint32_t align = (v->pol->trailer_align == 0u) ? 8u : v->pol->trailer_align;
    uint32_t magic_at, ok_at, copy_at, swap_at, swap_size_at, pos;
    uint8_t *b = v->ctx->buf;
    uint8_t magic[TRAILER_MAGIC_LEN] = {0}; /* unread bytes fail the check below */
    int magic_set;
    size_t i;

    if (start == size) {
        return MDSEC_OK;
    }
    if (size - start < TRAILER_MAGIC_LEN + 4u * align) {
        return fail_at(v, start, MDSEC_ERR_FW_TRAILER);
    }
    magic_at = size - TRAILER_MAGIC_LEN;
    ok_at = magic_at - align;
    copy_at = ok_at - align;
    swap_at = copy_at - align;
    swap_size_at = swap_at - align;
    /* Bounded: each pass reads at least one byte of [start, size). */
    for (pos = start; pos < size;) {
        uint32_t n = size - pos, j;
        mdsec_status_t st;
        if (n > MDSEC_FW_BUF_SIZE) {
            n = MDSEC_FW_BUF_SIZE;
        }
        st = rd(v, pos, b, n);
        if (st != MDSEC_OK) {
            return st;
        }
        for (j = 0; j < n; j++) {
            uint32_t a = pos + j;
            uint8_t x = b[j];
            int ok;
            if (a >= magic_at) {
                magic[a - magic_at] = x; /* checked as a whole below */
                ok = 1;
            } else if (a >= swap_size_at && a < swap_size_at + 4u) {
                ok = 1; /* swap size may be any value */
            } else if (a == ok_at || a == copy_at) {
                ok = (x == 0x01u || x == 0xFFu);
            } else if (a == swap_at) {
                ok = (x == 0xFFu || ((x & 0x0Fu) >= 1u && (x & 0x0Fu) <= 4u));
            } else {
                ok = (x == 0xFFu);
            }
            if (!ok) {
                return fail_at(v, a, MDSEC_ERR_FW_TRAILER);
            }
        }
        pos += n;
    }
    magic_set = mdsec_ct_equal(magic, boot_magic, TRAILER_MAGIC_LEN);
    for (i = 0; !magic_set && i < TRAILER_MAGIC_LEN; i++) {
        if (magic[i] != 0xFFu) {
            return fail_at(v, magic_at, MDSEC_ERR_FW_TRAILER);
        }
    }
    return MDSEC_OK;
}

/* ------------------------------------------------------------------------ */
/* Signatures and device policy                                             */

static mdsec_status_t check_signatures(vstate_t *v)
{
    unsigned k = (v->pol->threshold == 0u) ? 1u : v->pol->threshold;
    size_t i, j;
    int clean = 1;

    v->res->signature_count = v->ctx->nsigs;
    if (v->res->signer_count >= k) {
        decide(&v->d_signers, FW_OK_SIGNERS);
    }
    /* The revocation test once more, over the signers that were counted. */
    for (i = 0; i < v->res->signer_count && i < MDSEC_FW_MAX_SIGS; i++) {
        for (j = 0; j < v->pol->revoked_count; j++) {
            if (mdsec_ct_equal(v->res->signers[i], v->pol->revoked[j], MDSEC_SHA256_LEN)) {
                clean = 0;
            }
        }
    }
    if (clean && v->res->signer_count > 0u) {
        decide(&v->d_revoked, FW_OK_REVOKED);
    }
    if (!clean) {
        return MDSEC_ERR_INTERNAL; /* a revoked key was counted: a fault */
    }
    if (v->res->signer_count >= k) {
        return MDSEC_OK;
    }
    if (v->provider != MDSEC_OK) {
        return v->provider; /* some signature could not be checked at all */
    }
    if (v->res->signer_count > 0u) {
        return MDSEC_ERR_FW_THRESHOLD;
    }
    if (v->invalid > 0u) {
        return MDSEC_ERR_SIGNATURE_INVALID;
    }
    if (v->res->revoked_count > 0u) {
        return MDSEC_ERR_FW_KEY_REVOKED;
    }
    if (v->unsupported > 0u) {
        return MDSEC_ERR_FW_ALG_UNSUPPORTED;
    }
    if (v->untrusted > 0u) {
        return MDSEC_ERR_FW_UNTRUSTED_KEY;
    }
    return MDSEC_ERR_FW_UNSIGNED;
}

/* A DEPENDENCY TLV value: image id and the minimum version. */
static int parse_dependency(const uint8_t *d, uint8_t *id, mdsec_fw_version_t *need)
{
    mdsec_reader_t r;
    mdsec_reader_init(&r, d, DEPENDENCY_LEN);
    *id = mdsec_read_u8(&r);
    mdsec_read_skip(&r, 3u);
    need->major = mdsec_read_u8(&r);
    need->minor = mdsec_read_u8(&r);
    need->revision = mdsec_read_u16le(&r);
    need->build = mdsec_read_u32le(&r);
    return mdsec_reader_finish(&r) == MDSEC_OK;
}

/* The counter and version predicates, evaluated the same way in both places. */
static int counter_ok(const vstate_t *v)
{
    const mdsec_fw_policy_t *p = v->pol;
    return (!p->require_security_counter || v->res->has_security_counter) &&
           (!p->use_counter || (uint64_t)v->res->security_counter >= v->device);
}

static int version_ok(const vstate_t *v)
{
    const mdsec_fw_policy_t *p = v->pol;
    return p->downgrade == MDSEC_FW_DOWNGRADE_ALLOW ||
           mdsec_fw_version_cmp(&v->res->version, &p->installed,
                                p->downgrade == MDSEC_FW_DOWNGRADE_DENY_WITH_BUILD) >= 0;
}

static mdsec_status_t check_device_policy(vstate_t *v)
{
    const mdsec_fw_policy_t *p = v->pol;
    size_t i, met = 0u;

    if (p->use_counter) {
        uint64_t device = 0u;
        mdsec_status_t st = mdsec_port_counter_read(p->counter_id, &device);
        if (st != MDSEC_OK) {
            return st;
        }
        v->device = device;
    }
    if (counter_ok(v)) {
        decide(&v->d_counter, FW_OK_COUNTER);
    }
    if (p->require_security_counter && !v->res->has_security_counter) {
        return MDSEC_ERR_FW_ROLLBACK;
    }
    if (p->use_counter && (uint64_t)v->res->security_counter < v->device) {
        return MDSEC_ERR_FW_ROLLBACK;
    }
    if (version_ok(v)) {
        decide(&v->d_version, FW_OK_VERSION);
    }
    if (p->downgrade != MDSEC_FW_DOWNGRADE_ALLOW &&
        mdsec_fw_version_cmp(&v->res->version, &p->installed,
                             p->downgrade == MDSEC_FW_DOWNGRADE_DENY_WITH_BUILD) < 0) {
        return MDSEC_ERR_FW_DOWNGRADE;
    }
    for (i = 0; i < v->ndeps; i++) {
        mdsec_fw_version_t need, have;
        uint8_t id = 0u;
        memset(&have, 0, sizeof have);
        if (!parse_dependency(v->deps[i], &id, &need) || p->installed_of == NULL ||
            p->installed_of(p->installed_ctx, id, &have) != MDSEC_OK ||
            mdsec_fw_version_cmp(&have, &need, 0) < 0) {
            return MDSEC_ERR_FW_DEPENDENCY;
        }
        v->have[i] = have;
        v->res->dependency_count++;
        met++;
    }
    if (met == v->ndeps && v->res->dependency_count == v->ndeps) {
        decide(&v->d_deps, FW_OK_DEPS);
    }
    return MDSEC_OK;
}

/*
 * Every admitting decision again, from the stored values, and every recorded
 * success constant with its complement. Returns FW_OK_ALL only when all
 * hold; each part contributes its constant only when both its recorded pair
 * and its re-evaluated predicate agree.
 */
static uint32_t final_recheck(const vstate_t *v)
{
    const mdsec_fw_result_t *res = v->res;
    unsigned k = (v->pol->threshold == 0u) ? 1u : v->pol->threshold;
    volatile uint32_t acc = 0u;
    size_t i, j;
    int ok;

    ok = decided(&v->d_hash, FW_OK_HASH) && v->expect_len != 0u &&
         res->digest_len == v->expect_len && mdsec_ct_equal(res->digest, v->expect, v->expect_len);
    acc ^= FW_OK_HASH & (0u - (uint32_t)ok);

    ok = decided(&v->d_signers, FW_OK_SIGNERS) && res->signer_count >= k &&
         res->signer_count <= MDSEC_FW_MAX_SIGS;
    acc ^= FW_OK_SIGNERS & (0u - (uint32_t)ok);

    ok = decided(&v->d_revoked, FW_OK_REVOKED) && res->signer_count > 0u;
    for (i = 0; i < res->signer_count && i < MDSEC_FW_MAX_SIGS; i++) {
        for (j = 0; j < v->pol->revoked_count; j++) {
            ok &= !mdsec_ct_equal(res->signers[i], v->pol->revoked[j], MDSEC_SHA256_LEN);
        }
    }
    acc ^= FW_OK_REVOKED & (0u - (uint32_t)ok);

    ok = decided(&v->d_counter, FW_OK_COUNTER) && counter_ok(v);
    acc ^= FW_OK_COUNTER & (0u - (uint32_t)ok);

    ok = decided(&v->d_version, FW_OK_VERSION) && version_ok(v);
    acc ^= FW_OK_VERSION & (0u - (uint32_t)ok);

    ok = decided(&v->d_deps, FW_OK_DEPS) && res->dependency_count == v->ndeps;
    for (i = 0; i < v->ndeps; i++) {
        mdsec_fw_version_t need;
        uint8_t id = 0u;
        ok &= parse_dependency(v->deps[i], &id, &need) &&
              mdsec_fw_version_cmp(&v->have[i], &need, 0) >= 0;
    }
    acc ^= FW_OK_DEPS & (0u - (uint32_t)ok);

    return acc;
}

/* ------------------------------------------------------------------------ */

static void report(mdsec_event_code_t code, mdsec_status_t st, const mdsec_fw_result_t *res)
{
    uint8_t detail[2u + 8u + 2u + 4u + 2u + 8u];
    mdsec_event_t ev;
    size_t n = 0u;

    detail[n++] = 1u; /* version: major, minor, revision (LE), build (LE) */
    detail[n++] = 8u;
    detail[n++] = res->version.major;
    detail[n++] = res->version.minor;
    detail[n++] = (uint8_t)res->version.revision;
    detail[n++] = (uint8_t)(res->version.revision >> 8);
    detail[n++] = (uint8_t)res->version.build;
    detail[n++] = (uint8_t)(res->version.build >> 8);
    detail[n++] = (uint8_t)(res->version.build >> 16);
    detail[n++] = (uint8_t)(res->version.build >> 24);
    detail[n++] = 2u; /* security counter (LE) */
    detail[n++] = 4u;
    detail[n++] = (uint8_t)res->security_counter;
    detail[n++] = (uint8_t)(res->security_counter >> 8);
    detail[n++] = (uint8_t)(res->security_counter >> 16);
    detail[n++] = (uint8_t)(res->security_counter >> 24);
    if (res->signer_count > 0u) {
        detail[n++] = 3u; /* first signer's key hash, 8-byte prefix */
        detail[n++] = 8u;
        memcpy(detail + n, res->signers[0], 8u);
        n += 8u;
    }
    ev.code = code;
    ev.outcome = (st == MDSEC_OK) ? MDSEC_OUTCOME_SUCCESS : MDSEC_OUTCOME_MINOR;
    ev.source = MDSEC_SRC_FW;
    ev.status = st;
    ev.actor = 0u;
    ev.detail = detail;
    ev.detail_len = n;
    mdsec_event_emit(&ev);
}

mdsec_status_t mdsec__fw_verify_image(mdsec_fw_ctx_t *ctx, const mdsec_fw_policy_t *policy,
                                      mdsec_fw_read_fn read, void *read_ctx, uint32_t region_size,
                                      const uint8_t *image, mdsec_fw_result_t *result)
{
    vstate_t v;
    mdsec_status_t st;

    if (result == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    memset(result, 0, sizeof *result);
    if (ctx == NULL || read == NULL) {
        result->status = MDSEC_ERR_INVALID_ARG;
        return result->status;
    }
    memset(ctx, 0, sizeof *ctx);
    memset(&v, 0, sizeof v);
    v.ctx = ctx;
    v.pol = policy;
    v.read = read;
    v.rctx = read_ctx;
    v.size = region_size;
    v.res = result;
    v.image = image;
    v.pending_key = NO_KEY;

    st = check_policy(policy);
    if (st == MDSEC_OK) {
        report(MDSEC_EV_SW_UPDATE_ATTEMPT, MDSEC_OK, result);
        st = parse_header(&v);
    }
    if (st == MDSEC_OK) {
        st = read_unprotected_head(&v);
    }
    if (st == MDSEC_OK) {
        st = hash_and_parse(&v);
    }
    if (st == MDSEC_OK) {
        st = walk_unprotected(&v);
    }
    if (st == MDSEC_OK) {
        st = pure_same_bytes(&v);
    }
    if (st == MDSEC_OK) {
        st = check_trailer(&v);
    }
    if (st == MDSEC_OK && !decided(&v.d_hash, FW_OK_HASH)) {
        st = fail_at(&v, result->image_end, MDSEC_ERR_FW_HASH_MISMATCH);
    }
    if (st == MDSEC_OK) {
        st = check_signatures(&v);
    }
    if (st == MDSEC_OK) {
        st = check_device_policy(&v);
    }

    /* The decision word is set only after every admitting decision has been
     * evaluated again, independently of the status path above. */
    if (st == MDSEC_OK && final_recheck(&v) == FW_OK_ALL) {
        result->decision = MDSEC_FW_DECISION_VALID;
        result->decision_check = ~(uint32_t)MDSEC_FW_DECISION_VALID;
    } else if (st == MDSEC_OK) {
        st = MDSEC_ERR_INTERNAL; /* the second evaluation disagrees: treat as a fault */
    }
    result->status = st;
    mdsec_memzero(ctx, sizeof *ctx);
    mdsec_memzero(&v, sizeof v);
    if (policy != NULL && check_policy(policy) == MDSEC_OK) {
        report(MDSEC_EV_SW_UPDATE_RESULT, st, result);
    }
    return st;
}

mdsec_status_t mdsec_fw_verify(mdsec_fw_ctx_t *ctx, const mdsec_fw_policy_t *policy,
                               mdsec_fw_read_fn read, void *read_ctx, uint32_t region_size,
                               mdsec_fw_result_t *result)
{
    return mdsec__fw_verify_image(ctx, policy, read, read_ctx, region_size, NULL, result);
}

uint32_t mdsec_fw_is_valid(const mdsec_fw_result_t *result)
{
    volatile uint32_t d, c;

    if (result == NULL) {
        return 0u;
    }
    d = result->decision;
    c = result->decision_check;
    if (d == MDSEC_FW_DECISION_VALID) {
        if (c != ~(uint32_t)MDSEC_FW_DECISION_VALID || result->status != MDSEC_OK) {
            mdsec_port_fatal(MDSEC_ERR_INTERNAL); /* the two halves disagree: a fault */
        }
        if (d == MDSEC_FW_DECISION_VALID && c == ~(uint32_t)MDSEC_FW_DECISION_VALID) {
            return MDSEC_FW_DECISION_VALID;
        }
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
    if (result->status == MDSEC_OK && d != 0u) {
        mdsec_port_fatal(MDSEC_ERR_INTERNAL); /* neither valid nor cleanly invalid */
    }
    return 0u;
}

/* Reads from a memory buffer for mdsec_fw_verify_buffer(). */
static mdsec_status_t read_buffer(void *ctx, uint32_t offset, void *buf, size_t len)
{
    const mdsec_span_t *img = (const mdsec_span_t *)ctx;
    if (len > img->len || offset > img->len - len) {
        return MDSEC_ERR_STORAGE_BOUNDS;
    }
    memcpy(buf, img->ptr + offset, len);
    return MDSEC_OK;
}

mdsec_status_t mdsec_fw_verify_buffer(mdsec_fw_ctx_t *ctx, const mdsec_fw_policy_t *policy,
                                      const uint8_t *image, size_t len, mdsec_fw_result_t *result)
{
    mdsec_span_t img;

    if (result == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if ((image == NULL && len != 0u) || len > UINT32_MAX) {
        memset(result, 0, sizeof *result);
        result->status = MDSEC_ERR_INVALID_ARG;
        return result->status;
    }
    img.ptr = image;
    img.len = len;
    return mdsec__fw_verify_image(ctx, policy, read_buffer, &img, (uint32_t)len, image, result);
}

mdsec_status_t mdsec_fw_commit(const mdsec_fw_policy_t *policy, const mdsec_fw_result_t *result)
{
    mdsec_status_t st;
    mdsec_event_t ev;

    if (policy == NULL || result == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (mdsec_fw_is_valid(result) != MDSEC_FW_DECISION_VALID) {
        st = MDSEC_ERR_FW_NOT_VERIFIED;
    } else if (!policy->use_counter || !result->has_security_counter) {
        st = MDSEC_OK; /* nothing to advance */
    } else {
        uint64_t device = 0u;
        st = mdsec_port_counter_read(policy->counter_id, &device);
        if (st == MDSEC_OK && (uint64_t)result->security_counter > device) {
            st = mdsec_port_counter_advance(policy->counter_id, result->security_counter);
        }
    }
    ev.code = MDSEC_EV_SW_COMMIT;
    ev.outcome = (st == MDSEC_OK) ? MDSEC_OUTCOME_SUCCESS : MDSEC_OUTCOME_SERIOUS;
    ev.source = MDSEC_SRC_FW;
    ev.status = st;
    ev.actor = result->security_counter;
    ev.detail = NULL;
    ev.detail_len = 0u;
    mdsec_event_emit(&ev);
    return st;
}
