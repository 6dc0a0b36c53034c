/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* mdsec-fw: number and version parsing, public key and image opening, TLV names. */
#include <string.h>

#include "fwtool.h"

static int digit_value(char c, unsigned base)
{
    const int v = toolutil_hex_digit((unsigned char)c);
    return (v >= 0 && (unsigned)v < base) ? v : -1;
}

int fwtool_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    unsigned base = 10u;
    uint64_t v = 0u;

    *out = 0u;
    if (s == NULL || *s == '\0') {
        return -1;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16u;
        s += 2;
    } else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
        base = 8u;
        s += 2;
    } else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2u;
        s += 2;
    } else if (s[0] == '0' && s[1] != '\0') {
        return -1; /* as int(x, 0): no leading zeros in decimal */
    }
    if (*s == '\0') {
        return -1;
    }
    for (; *s != '\0'; s++) {
        int d = digit_value(*s, base);
        if (d < 0 || v > (max - (uint64_t)d) / base) {
            return -1;
        }
        v = v * base + (uint64_t)d;
    }
    *out = v;
    return 0;
}

/* One version component: "0" or a decimal without leading zeros, at most max. */
static const char *version_part(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0u;
    const char *start = s;

    if (*s < '0' || *s > '9') {
        return NULL;
    }
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10u + (uint64_t)(*s - '0');
        if (v > max) {
            return NULL;
        }
    }
    if (*start == '0' && s - start > 1) {
        return NULL;
    }
    *out = (uint32_t)v;
    return s;
}

int fwtool_parse_version(const char *s, mdsec_fw_version_t *v)
{
    uint32_t major = 0u, minor = 0u, rev = 0u, build = 0u;

    memset(v, 0, sizeof *v);
    if (s == NULL || (s = version_part(s, 0xFFu, &major)) == NULL) {
        return -1;
    }
    if (*s == '.') {
        if ((s = version_part(s + 1, 0xFFu, &minor)) == NULL) {
            return -1;
        }
        if (*s == '.') {
            if ((s = version_part(s + 1, 0xFFFFu, &rev)) == NULL) {
                return -1;
            }
            if (*s == '+' && (s = version_part(s + 1, 0xFFFFFFFFu, &build)) == NULL) {
                return -1;
            }
        }
    }
    if (*s != '\0') {
        return -1;
    }
    v->major = (uint8_t)major;
    v->minor = (uint8_t)minor;
    v->revision = (uint16_t)rev;
    v->build = build;
    return 0;
}

void fwtool_print_version(FILE *out, const mdsec_fw_version_t *v)
{
    fprintf(out, "%u.%u.%u+%lu", (unsigned)v->major, (unsigned)v->minor, (unsigned)v->revision,
            (unsigned long)v->build);
}

const char *fwtool_tlv_name(uint32_t type)
{
    static const struct {
        uint32_t type;
        const char *name;
    } names[] = {
        {0x01u, "KEYHASH"},       {0x02u, "PUBKEY"},
        {0x10u, "SHA256"},        {0x11u, "SHA384"},
        {0x12u, "SHA512"},        {0x20u, "RSA2048_PSS"},
        {0x21u, "ECDSA224"},      {0x22u, "ECDSA_SIG"},
        {0x23u, "RSA3072_PSS"},   {0x24u, "ED25519"},
        {0x25u, "SIG_PURE"},      {0x30u, "ENC_RSA2048"},
        {0x31u, "ENC_KW"},        {0x32u, "ENC_EC256"},
        {0x33u, "ENC_X25519"},    {0x34u, "ENC_X25519_SHA512"},
        {0x40u, "DEPENDENCY"},    {0x50u, "SEC_CNT"},
        {0x60u, "BOOT_RECORD"},   {0x70u, "DECOMP_SIZE"},
        {0x71u, "DECOMP_SHA"},    {0x72u, "DECOMP_SIGNATURE"},
        {0x73u, "COMP_DEC_SIZE"}, {0x74u, "UUID_VID"},
        {0x75u, "UUID_CID"},
    };
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].type == type) {
            return names[i].name;
        }
    }
    return NULL;
}

int fwtool_load_pubkey(const char *path, uint8_t *der, size_t cap, mdsec_fw_key_t *key)
{
    static const char *const labels[] = {"PUBLIC KEY", NULL};
    size_t len = 0u;
    mdsec_status_t st;

    if (toolutil_read_key(path, labels, der, cap, &len, NULL, 0u) != 0) {
        return -1;
    }
    st = mdsec_fw_key_from_spki(key, der, len);
    if (st != MDSEC_OK) {
        toolutil_err("%s: not a usable SubjectPublicKeyInfo key: %s", path, mdsec_status_str(st));
        return -1;
    }
    return 0;
}

int fwtool_open_image(const char *path, FILE **f, uint64_t *size)
{
    const int rc = toolutil_open_file(path, FWTOOL_IMAGE_MAX, f, size);

    if (rc == TOOLUTIL_EMPTY) {
        return FWTOOL_EXIT_REJECT;
    }
    if (rc != 0) {
        return FWTOOL_EXIT_USAGE;
    }
    if (*size < MDSEC_FW_HEADER_SIZE) {
        toolutil_err("%s: malformed: shorter than the %u-byte image header", path,
                     MDSEC_FW_HEADER_SIZE);
        (void)fclose(*f);
        *f = NULL;
        return FWTOOL_EXIT_REJECT;
    }
    return 0;
}
