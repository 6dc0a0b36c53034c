/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Built-in key provisioning blobs (docs/keystore-builtin.md): the format,
 * its strict parser (also the fuzz target's entry points) and the sealing
 * function the host tool mdsec-keys uses. Not a public API.
 *
 * Layout (little endian):
 *
 *   header (KS_BLOB_HDR_LEN = 44 bytes, the AEAD's associated data)
 *     0  magic "MKB1"       4
 *     4  version (1)        1
 *     5  flags (0)          1
 *     6  count              1   1 .. KS_BLOB_MAX_KEYS
 *     7  reserved (0)       1
 *     8  body length        2   count entries, exactly
 *    10  reserved (0)       2
 *    12  blob id            4   chosen by the maker (e.g. a build serial)
 *    16  label             16   printable ASCII, NUL padded
 *    32  nonce             12
 *   ciphertext (body length bytes): ChaCha20-Poly1305 of the entries
 *   tag (16 bytes)
 *
 *   entry (KS_BLOB_ENTRY_HDR_LEN = 22 bytes + material)
 *     0  key id             4   not 0
 *     4  type, bits         2, 2
 *     8  usage              4
 *    12  alg                4
 *    16  lifetime, location, flags, reserved  1 each (READ_ONLY, RAM, 0, 0)
 *    20  material length    2   1 .. MDSEC_KS_MATERIAL_MAX
 *    22  material
 *
 * KEK = HKDF-SHA256(salt = "mdsec builtin blob v1", ikm = device root
 * secret, info = "blob kek"), distinct from the persistent store's KEK.
 */
#ifndef MDSEC_SRC_KS_BLOB_H
#define MDSEC_SRC_KS_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "keystore/ks_internal.h"
#include "mdsec/config.h"
#include "mdsec/keystore.h"
#include "mdsec/parse.h"
#include "mdsec/status.h"

#define KS_BLOB_MAGIC0        'M'
#define KS_BLOB_MAGIC1        'K'
#define KS_BLOB_MAGIC2        'B'
#define KS_BLOB_MAGIC3        '1'
#define KS_BLOB_VERSION       1u
#define KS_BLOB_HDR_LEN       44u
#define KS_BLOB_LABEL_LEN     16u
#define KS_BLOB_NONCE_OFF     32u
#define KS_BLOB_NONCE_LEN     12u
#define KS_BLOB_TAG_LEN       16u
#define KS_BLOB_KEK_LEN       32u
#define KS_BLOB_ENTRY_HDR_LEN 22u
/* One blob fills at most every RAM slot of the context. */
#define KS_BLOB_MAX_KEYS      MDSEC_KS_RAM_SLOTS
/* Largest plaintext (and ciphertext): the loader's stack buffer. */
#define KS_BLOB_BODY_MAX \
    ((size_t)KS_BLOB_MAX_KEYS * (KS_BLOB_ENTRY_HDR_LEN + MDSEC_KS_MATERIAL_MAX))
/* Largest whole blob. */
#define KS_BLOB_MAX ((size_t)KS_BLOB_HDR_LEN + KS_BLOB_BODY_MAX + KS_BLOB_TAG_LEN)

/* A parsed header: spans point into the blob. */
typedef struct ks_blob_header {
    uint32_t blob_id;
    size_t count;
    size_t body_len;
    char label[KS_BLOB_LABEL_LEN + 1u]; /* NUL terminated */
    mdsec_span_t aad;                   /* the whole header */
    mdsec_span_t nonce;
    mdsec_span_t ct;
    mdsec_span_t tag;
} ks_blob_header_t;

/* KEK of the blobs from a device root secret. kek is zeroed on failure. */
mdsec_status_t mdsec__ks_blob_kek(const uint8_t root[MDSEC_ROOT_SECRET_LEN],
                                  uint8_t kek[KS_BLOB_KEK_LEN]);

/* Strict header parse (no cryptography). MDSEC_OK or MDSEC_ERR_KS_BLOB; out
 * is zeroed on failure. */
mdsec_status_t mdsec__ks_blob_parse_header(const uint8_t *blob, size_t len, ks_blob_header_t *out);

/* Strict parse of a decrypted body holding exactly count entries. keys[]
 * (KS_BLOB_MAX_KEYS) receive material pointers into plain. MDSEC_OK or
 * MDSEC_ERR_KS_BLOB (keys zeroed). Duplicate ids and material that does not
 * suit the type are left to mdsec__ks_builtin_install. */
mdsec_status_t mdsec__ks_blob_parse_entries(const uint8_t *plain, size_t len, size_t count,
                                            ks_builtin_key_t keys[KS_BLOB_MAX_KEYS]);

/* The same from a device root secret (the fuzz and host tool entry point). */
mdsec_status_t mdsec__ks_blob_parse(const uint8_t root[MDSEC_ROOT_SECRET_LEN], const uint8_t *blob,
                                    size_t len, uint8_t plain[KS_BLOB_BODY_MAX],
                                    ks_blob_header_t *hdr, ks_builtin_key_t keys[KS_BLOB_MAX_KEYS],
                                    size_t *count);

/* Seal n keys (1 .. KS_BLOB_MAX_KEYS; each id non-zero, attributes valid
 * with lifetime READ_ONLY and location RAM, material 1 ..
 * MDSEC_KS_MATERIAL_MAX bytes) into out under the blob KEK of root. label
 * may be NULL, else at most KS_BLOB_LABEL_LEN printable ASCII characters.
 * The nonce must never repeat under one root secret (take it from a
 * random source). Returns MDSEC_OK, MDSEC_ERR_INVALID_ARG,
 * MDSEC_ERR_KS_ATTRIBUTES, MDSEC_ERR_KEY_INVALID, MDSEC_ERR_BUFFER_TOO_SMALL
 * or a provider error; out is zeroed on failure. Duplicate ids are not
 * refused here (the loader refuses them with MDSEC_ERR_KS_EXISTS). */
mdsec_status_t mdsec__ks_blob_seal(const uint8_t root[MDSEC_ROOT_SECRET_LEN], uint32_t blob_id,
                                   const char *label, const ks_builtin_key_t *keys, size_t n,
                                   const uint8_t nonce[KS_BLOB_NONCE_LEN], uint8_t *out, size_t cap,
                                   size_t *out_len);

#endif /* MDSEC_SRC_KS_BLOB_H */
