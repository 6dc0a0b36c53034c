/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec-log: key loading and names. The PEM layer is toolutil_key_from_text()
 * (tools/common, shared with the other tools); the DER inside is parsed by
 * mdsec's strict DER functions (mdsec/parse.h).
 */
#include <string.h>

#include "mdsec/core.h"
#include "mdsec/event.h"
#include "mdsec/parse.h"

#include "logtool.h"

/* ---- keys ---- */

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int logtool_load_key(const char *path, uint8_t key[MDSEC_LOG_KEY_LEN])
{
    uint8_t *b = NULL;
    size_t n = 0u;
    int rc = -1;

    memset(key, 0, MDSEC_LOG_KEY_LEN);
    if (toolutil_read_file(path, LOGTOOL_KEY_FILE_MAX, 0u, &b, &n) != 0) {
        return -1;
    }
    if (n == MDSEC_LOG_KEY_LEN) {
        memcpy(key, b, MDSEC_LOG_KEY_LEN);
        rc = 0;
    } else {
        size_t s = 0u;
        size_t e = n;
        while (s < e && is_space(b[s])) {
            s++;
        }
        while (e > s && is_space(b[e - 1u])) {
            e--;
        }
        if (e - s == 2u * MDSEC_LOG_KEY_LEN) {
            rc = toolutil_hex_decode(b + s, MDSEC_LOG_KEY_LEN, key);
        }
    }
    toolutil_free(b, n);
    if (rc != 0) {
        mdsec_memzero(key, MDSEC_LOG_KEY_LEN);
        toolutil_err("%s: not a log key (32 raw bytes or 64 hex digits)", path);
    }
    return rc;
}

int logtool_load_pubkey(const char *path, uint8_t pub[65])
{
    static const char *const public_key_labels[] = {"PUBLIC KEY", NULL};
    uint8_t *b = NULL;
    size_t n = 0u;
    uint8_t der[512];
    size_t der_len = 0u;
    mdsec_der_pubkey_t key;
    mdsec_status_t st;

    memset(pub, 0, 65u);
    if (toolutil_read_file(path, LOGTOOL_KEY_FILE_MAX, 0u, &b, &n) != 0) {
        return -1;
    }
    if (n == 65u && b[0] == 0x04u) {
        memcpy(pub, b, 65u); /* the raw point; its validity is checked on use */
        toolutil_free(b, n);
        return 0;
    }
    if (toolutil_key_from_text(path, b, n, public_key_labels, der, sizeof der, &der_len, NULL,
                               0u) != 0) {
        toolutil_free(b, n);
        return -1;
    }
    toolutil_free(b, n);
    st = mdsec_der_parse_spki(der, der_len, &key);
    if (st == MDSEC_OK && (key.kind != MDSEC_DER_KEY_EC_P256 || key.point.len != 65u)) {
        st = MDSEC_ERR_KEY_INVALID;
    }
    if (st == MDSEC_OK) {
        memcpy(pub, key.point.ptr, 65u);
    }
    if (st != MDSEC_OK) {
        toolutil_err("%s: not a P-256 SubjectPublicKeyInfo: %s", path, mdsec_status_str(st));
        return -1;
    }
    return 0;
}

int logtool_parse_device_id(const char *hex, uint8_t id[MDSEC_LOG_DEVICE_ID_LEN])
{
    memset(id, 0, MDSEC_LOG_DEVICE_ID_LEN);
    if (strlen(hex) != 2u * MDSEC_LOG_DEVICE_ID_LEN) {
        toolutil_err("--device-id: expected %u hex digits", 2u * MDSEC_LOG_DEVICE_ID_LEN);
        return -1;
    }
    if (toolutil_hex_decode((const uint8_t *)hex, MDSEC_LOG_DEVICE_ID_LEN, id) != 0) {
        toolutil_err("--device-id: not hex: %s", hex);
        return -1;
    }
    return 0;
}

int logtool_parse_evolve_every(const char *s, uint32_t *v)
{
    uint64_t n = 0;
    size_t i = 0;

    *v = 0;
    for (; s[i] != '\0' && i < 11u; i++) {
        if (s[i] < '0' || s[i] > '9') {
            break;
        }
        n = n * 10u + (uint64_t)(s[i] - '0');
    }
    if (i == 0u || s[i] != '\0' || n == 0u || n > UINT32_MAX) {
        toolutil_err("--evolve-every: expected a number from 1 to %lu", (unsigned long)UINT32_MAX);
        return -1;
    }
    *v = (uint32_t)n;
    return 0;
}

int logtool_load_bundle(const char *path, mdsec_log_bundle_t *b)
{
    uint8_t *buf = NULL;
    size_t n = 0u;
    mdsec_status_t st;

    mdsec_memzero(b, sizeof *b);
    if (toolutil_read_file(path, LOGTOOL_KEY_FILE_MAX, 0u, &buf, &n) != 0) {
        return -1;
    }
    st = mdsec_log_bundle_parse(buf, n, b);
    toolutil_free(buf, n);
    if (st != MDSEC_OK) {
        toolutil_err("%s: not a verifier bundle (%u bytes, checked): %s", path,
                     (unsigned)MDSEC_LOG_BUNDLE_LEN, mdsec_status_str(st));
        return -1;
    }
    return 0;
}

/* ---- names ---- */

const char *logtool_kind_name(uint32_t kind)
{
    switch (kind) {
    case MDSEC_LOG_KIND_EVENT: return "event";
    case MDSEC_LOG_KIND_CHECKPOINT: return "checkpoint";
    case MDSEC_LOG_KIND_DROPPED: return "dropped";
    default: return "unknown";
    }
}

const char *logtool_outcome_name(uint8_t outcome)
{
    switch (outcome) {
    case MDSEC_OUTCOME_SUCCESS: return "success";
    case MDSEC_OUTCOME_MINOR: return "minor-failure";
    case MDSEC_OUTCOME_SERIOUS: return "serious-failure";
    case MDSEC_OUTCOME_MAJOR: return "major-failure";
    default: return "unknown";
    }
}

const char *logtool_code_name(uint16_t code)
{
    const char *s = mdsec_event_code_str((mdsec_event_code_t)code);
    /* Codes added with the log (docs/events.md) that an older library may
     * not name yet. */
    if (strcmp(s, "unknown") == 0 && code == (uint16_t)MDSEC_EV_AUDIT_CHECKPOINT) {
        return "audit-checkpoint";
    }
    if (strcmp(s, "unknown") == 0 && code == (uint16_t)MDSEC_EV_AUDIT_DROPPED) {
        return "audit-dropped";
    }
    return s;
}

const char *logtool_source_name(uint8_t source)
{
    switch (source) {
    case MDSEC_SRC_APP: return "app";
    case MDSEC_SRC_PARSE: return "parse";
    case MDSEC_SRC_FW: return "fw";
    case MDSEC_SRC_LOG: return "log";
    case MDSEC_SRC_KEYSTORE: return "keystore";
    case MDSEC_SRC_PRIV: return "priv";
    default: return "unknown";
    }
}
