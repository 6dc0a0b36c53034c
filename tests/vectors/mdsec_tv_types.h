/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Record types of the known-answer vector tables in tests/vectors/. Each
 * table header names the exact published source of its data. A byte string
 * is a pointer and a length; an empty one is NULL, 0.
 */
#ifndef MDSEC_TV_TYPES_H
#define MDSEC_TV_TYPES_H

#include <stddef.h>
#include <stdint.h>

/* One hash vector: msg (len_bits / 8 bytes) and its digest. */
typedef struct mdsec_tv_hash {
    uint32_t len_bits;
    const uint8_t *msg;
    size_t msg_len;
    const uint8_t *md;
} mdsec_tv_hash_t;

/* HMAC-SHA256: key, data and the MAC, compared on its first mac_len bytes. */
typedef struct mdsec_tv_hmac {
    const char *name;
    const uint8_t *key;
    size_t key_len;
    const uint8_t *data;
    size_t data_len;
    const uint8_t *mac;
    size_t mac_len;
} mdsec_tv_hmac_t;

/* HKDF-SHA256. */
typedef struct mdsec_tv_hkdf {
    const char *name;
    const uint8_t *ikm;
    size_t ikm_len;
    const uint8_t *salt;
    size_t salt_len;
    const uint8_t *info;
    size_t info_len;
    const uint8_t *okm;
    size_t okm_len;
} mdsec_tv_hkdf_t;

/* HMAC_DRBG no-reseed vector (CAVP procedure: generate twice, compare the second). */
typedef struct mdsec_tv_drbg {
    uint32_t pers_bits;
    uint32_t count;
    const uint8_t *entropy;
    size_t entropy_len;
    const uint8_t *nonce;
    size_t nonce_len;
    const uint8_t *pers;
    size_t pers_len;
    const uint8_t *returned;
    size_t returned_len;
} mdsec_tv_drbg_t;

/* AEAD vector; ct has pt_len bytes (NULL when 0). result: 1 valid, 0 invalid. */
typedef struct mdsec_tv_aead {
    uint32_t id;
    uint32_t result;
    const uint8_t *key;
    const uint8_t *nonce;
    const uint8_t *aad;
    size_t aad_len;
    const uint8_t *pt;
    size_t pt_len;
    const uint8_t *ct;
    const uint8_t *tag;
} mdsec_tv_aead_t;

/* ChaCha20 block function vector: 64 keystream bytes at block `counter`. */
typedef struct mdsec_tv_chacha_block {
    uint32_t number;
    const uint8_t *key;
    const uint8_t *nonce;
    uint32_t counter;
    const uint8_t *keystream;
} mdsec_tv_chacha_block_t;

/* ECDSA SigVer: msg is hashed with the section's hash; pub = 04||Qx||Qy, sig = R||S. */
typedef struct mdsec_tv_sigver {
    const uint8_t *msg;
    size_t msg_len;
    const uint8_t *pub;
    const uint8_t *sig;
    int pass;
    const char *result;
} mdsec_tv_sigver_t;

/* EC key pair: d (field size) and pub = 04||Qx||Qy. */
typedef struct mdsec_tv_keypair {
    const uint8_t *d;
    const uint8_t *pub;
} mdsec_tv_keypair_t;

/* A Wycheproof signature case; key indexes the set's key table. */
typedef struct mdsec_tv_wp_sig {
    uint32_t tc_id;
    uint32_t key;
    uint32_t result; /* 0 invalid, 1 valid, 2 acceptable */
    const uint8_t *msg;
    size_t msg_len;
    const uint8_t *sig;
    size_t sig_len;
} mdsec_tv_wp_sig_t;

/* One Wycheproof ECDSA file. curve: 1 P-256 (SHA-256), 2 P-384 (SHA-384). */
typedef struct mdsec_tv_wp_ecdsa_set {
    const char *file;
    int curve;
    int der;
    const uint8_t *const *pubs;
    size_t n_pubs;
    const mdsec_tv_wp_sig_t *tests;
    size_t n_tests;
} mdsec_tv_wp_ecdsa_set_t;

/* One Wycheproof RSASSA-PSS file (one key, SHA-256/MGF1-SHA-256). */
typedef struct mdsec_tv_wp_rsa_pss_set {
    const char *file;
    uint32_t bits;
    const uint8_t *n;
    size_t n_len;
    const uint8_t *e;
    size_t e_len;
    size_t salt_len;
    const mdsec_tv_wp_sig_t *tests;
    size_t n_tests;
} mdsec_tv_wp_rsa_pss_set_t;

/* A Wycheproof RSASSA-PSS case whose group sets the hash (sha: 256 or 384,
 * for the message and MGF1) and the salt length. */
typedef struct mdsec_tv_wp_rsa_pss_param {
    uint32_t tc_id;
    uint32_t sha;
    uint32_t salt_len;
    uint32_t result; /* 0 invalid, 1 valid, 2 acceptable */
    const uint8_t *msg;
    size_t msg_len;
    const uint8_t *sig;
    size_t sig_len;
} mdsec_tv_wp_rsa_pss_param_t;

/* Ed25519: an RFC 8032 test (with its seed) or a Wycheproof verification test
 * (seed NULL). result: 1 valid, 0 invalid; flags: the source's flags (bits
 * defined by the table's header); sig_len is the signature as given, which
 * Wycheproof also has truncated or too long. */
typedef struct mdsec_tv_ed25519 {
    const char *name;
    uint32_t result;
    uint32_t flags;
    const uint8_t *seed;
    const uint8_t *pub;
    const uint8_t *msg;
    size_t msg_len;
    const uint8_t *sig;
    size_t sig_len;
} mdsec_tv_ed25519_t;

#endif /* MDSEC_TV_TYPES_H */
