/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Host tools: strict base64 (RFC 4648) and PEM (RFC 7468) decoders for key
 * files, and key file loading. Base64 is an encoding, not cryptography; the
 * DER inside is parsed by mdsec's strict DER functions (mdsec/parse.h).
 *
 * Strict means every byte of the text is accounted for: nothing but blank
 * lines outside the blocks, a BEGIN line and an END line with the same
 * label around each block, only base64 characters (and trailing blanks) on
 * the lines between, padding only at the end and with the bits it drops
 * zero, nothing after the padding. Every block is checked, also those that
 * are not the one decoded (a file such as `openssl ecparam -genkey` writes
 * holds EC PARAMETERS before the EC PRIVATE KEY). Bounded: one pass over
 * the text, no heap.
 */
#include <string.h>

#include "mdsec/core.h"

#include "toolutil.h"

#define LABEL_MAX 64u

const char *toolutil_pem_str(int rc)
{
    switch (rc) {
    case TOOLUTIL_PEM_OK: return "ok";
    case TOOLUTIL_PEM_NO_BLOCK: return "no -----BEGIN line";
    case TOOLUTIL_PEM_OUTSIDE: return "text outside a BEGIN/END block";
    case TOOLUTIL_PEM_BAD_BEGIN: return "malformed BEGIN line";
    case TOOLUTIL_PEM_NO_END: return "no END line for this BEGIN";
    case TOOLUTIL_PEM_END_LABEL: return "END line with another label than its BEGIN";
    case TOOLUTIL_PEM_HEADERS:
        return "header lines are not supported (an encrypted key? decrypt it first)";
    case TOOLUTIL_PEM_BAD_CHAR: return "a character that is not base64";
    case TOOLUTIL_PEM_BAD_PADDING: return "bad base64 padding";
    case TOOLUTIL_PEM_BAD_LENGTH: return "base64 length not a multiple of 4";
    case TOOLUTIL_PEM_AFTER_PAD: return "base64 after the padding";
    case TOOLUTIL_PEM_EMPTY: return "empty block";
    case TOOLUTIL_PEM_TOO_LARGE: return "too large";
    case TOOLUTIL_PEM_NOT_WANTED: return "no block with a wanted label";
    default: return "unknown fault";
    }
}

/* ---- base64 ---- */

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

/* The decoder: characters in, bytes out (or only counted when out is NULL). */
typedef struct b64 {
    uint32_t acc; /* the bits of the current group */
    unsigned n;   /* its characters, '=' included (0 .. 3) */
    unsigned pad; /* its '=' characters */
    int done;     /* a padded group ended the data */
    uint8_t *out;
    size_t cap;
    size_t len; /* bytes decoded */
} b64_t;

static void b64_init(b64_t *s, uint8_t *out, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->out = out;
    s->cap = cap;
}

static int b64_emit(b64_t *s, unsigned count)
{
    unsigned i;
    if (s->out != NULL && count > s->cap - s->len) {
        return TOOLUTIL_PEM_TOO_LARGE;
    }
    for (i = 0; i < count; i++) {
        if (s->out != NULL) {
            s->out[s->len] = (uint8_t)(s->acc >> (16u - 8u * i));
        }
        s->len++;
    }
    return TOOLUTIL_PEM_OK;
}

/* One character of base64 text. */
static int b64_push(b64_t *s, int c)
{
    int v;

    if (s->done) {
        return c == '=' ? TOOLUTIL_PEM_BAD_PADDING : TOOLUTIL_PEM_AFTER_PAD;
    }
    if (c == '=') {
        if (s->n < 2u) {
            return TOOLUTIL_PEM_BAD_PADDING; /* a group holds at least two characters */
        }
        s->pad++;
        s->n++;
        s->acc <<= 6;
        if (s->n < 4u) {
            return TOOLUTIL_PEM_OK;
        }
        /* "xxx=" carries 16 bits, "xx==" 8: the dropped bits must be zero. */
        if ((s->acc & (s->pad == 1u ? 0xFFu : 0xFFFFu)) != 0u) {
            return TOOLUTIL_PEM_BAD_PADDING;
        }
        s->done = 1;
        s->n = 0u;
        return b64_emit(s, 3u - s->pad);
    }
    v = b64_value(c);
    if (v < 0) {
        return TOOLUTIL_PEM_BAD_CHAR;
    }
    if (s->pad != 0u) {
        return TOOLUTIL_PEM_BAD_PADDING; /* "xx=x" */
    }
    s->acc = (s->acc << 6) | (uint32_t)v;
    s->n++;
    if (s->n < 4u) {
        return TOOLUTIL_PEM_OK;
    }
    s->n = 0u;
    {
        const int rc = b64_emit(s, 3u);
        s->acc = 0u;
        return rc;
    }
}

static int b64_end(const b64_t *s)
{
    return (s->n == 0u) ? TOOLUTIL_PEM_OK : TOOLUTIL_PEM_BAD_LENGTH;
}

int toolutil_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    b64_t s;
    size_t i;
    int rc = TOOLUTIL_PEM_OK;

    *out_len = 0u;
    b64_init(&s, out, cap);
    for (i = 0; i < len && rc == TOOLUTIL_PEM_OK; i++) {
        rc = b64_push(&s, (unsigned char)in[i]);
    }
    if (rc == TOOLUTIL_PEM_OK) {
        rc = b64_end(&s);
    }
    if (rc == TOOLUTIL_PEM_OK) {
        *out_len = s.len;
    } else if (out != NULL) {
        mdsec_memzero(out, cap);
    }
    mdsec_memzero(&s, sizeof s);
    return rc;
}

/* ---- PEM ---- */

static int is_blank(uint8_t c)
{
    return c == ' ' || c == '\t';
}

/* Whether line [p, p + n) starts with the string s. */
static int starts(const uint8_t *p, size_t n, const char *s)
{
    const size_t k = strlen(s);
    return n >= k && memcmp(p, s, k) == 0;
}

/* Whether line [p, p + n) holds the string s. */
static int contains(const uint8_t *p, size_t n, const char *s)
{
    const size_t k = strlen(s);
    size_t i;
    for (i = 0; i + k <= n; i++) {
        if (memcmp(p + i, s, k) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * "-----BEGIN <label>-----" or "-----END <label>-----" (prefix given), then
 * only blanks. Copies the label (NUL-terminated) into label[LABEL_MAX + 1].
 */
static int boundary_label(const uint8_t *p, size_t n, const char *prefix, char *label)
{
    size_t k = strlen(prefix);
    size_t e = n;
    size_t i;

    while (e > k && is_blank(p[e - 1u])) {
        e--;
    }
    if (e < k + 5u || memcmp(p + e - 5u, "-----", 5u) != 0) {
        return -1;
    }
    e -= 5u;
    if (e <= k || e - k > LABEL_MAX || p[k] == ' ' || p[e - 1u] == ' ') {
        return -1;
    }
    for (i = k; i < e; i++) {
        if (p[i] < 0x20u || p[i] > 0x7Eu || (p[i] == '-' && i + 1u < e && p[i + 1u] == '-')) {
            return -1; /* printable, and no "--" (the boundary's dashes) */
        }
    }
    memcpy(label, p + k, e - k);
    label[e - k] = '\0';
    return 0;
}

static int label_wanted(const char *name, const char *const *labels)
{
    size_t i;
    if (labels == NULL) {
        return 1;
    }
    for (i = 0; labels[i] != NULL; i++) {
        if (strcmp(name, labels[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void copy_label(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (cap == 0u) {
        return;
    }
    if (n >= cap) {
        n = cap - 1u;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The body line [p, p + n) of a block (its line end removed). */
static int body_line(b64_t *s, const uint8_t *p, size_t n)
{
    size_t e = n;
    size_t i;
    int rc = TOOLUTIL_PEM_OK;

    while (e > 0u && is_blank(p[e - 1u])) {
        e--;
    }
    if (memchr(p, ':', e) != NULL) {
        return TOOLUTIL_PEM_HEADERS; /* "Proc-Type: 4,ENCRYPTED", "DEK-Info: ..." */
    }
    for (i = 0; i < e && rc == TOOLUTIL_PEM_OK; i++) {
        rc = b64_push(s, p[i]);
    }
    return rc;
}

int toolutil_pem_decode(const uint8_t *text, size_t len, const char *const *labels, uint8_t *der,
                        size_t cap, size_t *der_len, char *label, size_t label_cap,
                        unsigned long *line)
{
    char cur[LABEL_MAX + 1u];
    char first[LABEL_MAX + 1u];
    b64_t s;
    size_t pos = 0u;
    unsigned long lineno = 0u, begin_line = 0u, outside_line = 0u;
    int inside = 0, decoding = 0, found = 0, blocks = 0;
    int rc = TOOLUTIL_PEM_OK;

    *der_len = 0u;
    copy_label(label, label_cap, "");
    first[0] = '\0';
    cur[0] = '\0';
    b64_init(&s, NULL, 0u);
    while (pos < len && rc == TOOLUTIL_PEM_OK) {
        const uint8_t *p = text + pos;
        const uint8_t *nl = memchr(p, '\n', len - pos);
        size_t n = (nl != NULL) ? (size_t)(nl - p) : len - pos;
        size_t b = 0u;

        pos += n + (nl != NULL ? 1u : 0u);
        lineno++;
        if (n > 0u && p[n - 1u] == '\r') {
            n--; /* CRLF */
        }
        while (b < n && is_blank(p[b])) {
            b++;
        }
        if (!inside) {
            if (b == n) {
                continue; /* blank line */
            }
            if (!starts(p, n, "-----BEGIN ")) {
                if (contains(p, n, "-----BEGIN ")) {
                    rc = TOOLUTIL_PEM_OUTSIDE; /* text before BEGIN on its line */
                    if (outside_line != 0u) {
                        lineno = outside_line;
                    }
                } else if (blocks != 0) {
                    rc = TOOLUTIL_PEM_OUTSIDE;
                } else if (outside_line == 0u) {
                    outside_line = lineno; /* before any block: told at the BEGIN line */
                }
                continue;
            }
            if (outside_line != 0u) {
                lineno = outside_line;
                rc = TOOLUTIL_PEM_OUTSIDE;
                break;
            }
            if (boundary_label(p, n, "-----BEGIN ", cur) != 0) {
                rc = TOOLUTIL_PEM_BAD_BEGIN;
                break;
            }
            if (blocks == 0) {
                memcpy(first, cur, sizeof first);
            }
            blocks++;
            inside = 1;
            begin_line = lineno;
            decoding = !found && label_wanted(cur, labels);
            b64_init(&s, decoding ? der : NULL, decoding ? cap : 0u);
            continue;
        }
        if (starts(p, n, "-----END ")) {
            char end[LABEL_MAX + 1u];
            if (boundary_label(p, n, "-----END ", end) != 0 || strcmp(end, cur) != 0) {
                rc = TOOLUTIL_PEM_END_LABEL;
                break;
            }
            rc = b64_end(&s);
            if (rc == TOOLUTIL_PEM_OK && s.len == 0u) {
                rc = TOOLUTIL_PEM_EMPTY;
            }
            if (rc == TOOLUTIL_PEM_OK && decoding) {
                found = 1;
                *der_len = s.len;
                copy_label(label, label_cap, cur);
            }
            inside = 0;
            decoding = 0;
            continue;
        }
        if (starts(p, n, "-----")) {
            lineno = begin_line;
            rc = TOOLUTIL_PEM_NO_END; /* another boundary before this block's END */
            break;
        }
        rc = body_line(&s, p, n);
    }
    if (rc == TOOLUTIL_PEM_OK && inside) {
        lineno = begin_line;
        rc = TOOLUTIL_PEM_NO_END;
    }
    if (rc == TOOLUTIL_PEM_OK && !found) {
        rc = (blocks != 0) ? TOOLUTIL_PEM_NOT_WANTED : TOOLUTIL_PEM_NO_BLOCK;
        copy_label(label, label_cap, first);
    }
    if (line != NULL) {
        *line =
            (rc == TOOLUTIL_PEM_OK || rc == TOOLUTIL_PEM_NO_BLOCK || rc == TOOLUTIL_PEM_NOT_WANTED)
                ? 0u
                : lineno;
    }
    if (rc != TOOLUTIL_PEM_OK) {
        *der_len = 0u;
        if (der != NULL) {
            mdsec_memzero(der, cap);
        }
    }
    mdsec_memzero(&s, sizeof s);
    return rc;
}

/* ---- key files ---- */

/* "A" or "B" or "C": the wanted labels, for a message. */
static void labels_text(char *out, size_t cap, const char *const *labels)
{
    size_t i, n = 0u;
    out[0] = '\0';
    for (i = 0; labels != NULL && labels[i] != NULL; i++) {
        const int w = snprintf(out + n, cap - n, "%s\"%s\"", i == 0u ? "" : " or ", labels[i]);
        if (w < 0 || (size_t)w >= cap - n) {
            break;
        }
        n += (size_t)w;
    }
}

int toolutil_key_from_text(const char *path, const uint8_t *text, size_t len,
                           const char *const *labels, uint8_t *der, size_t cap, size_t *der_len,
                           char *label, size_t label_cap)
{
    char found[LABEL_MAX + 1u];
    unsigned long line = 0u;
    int rc;

    *der_len = 0u;
    copy_label(label, label_cap, "");
    if (len > 0u && text[0] == 0x30u) { /* DER: a SEQUENCE */
        if (len > cap) {
            toolutil_err("%s: key too large", path);
            return TOOLUTIL_KEY_BAD;
        }
        memcpy(der, text, len);
        *der_len = len;
        return 0;
    }
    rc = toolutil_pem_decode(text, len, labels, der, cap, der_len, found, sizeof found, &line);
    if (rc == TOOLUTIL_PEM_OK) {
        copy_label(label, label_cap, found);
        return 0;
    }
    if (rc == TOOLUTIL_PEM_NO_BLOCK) {
        toolutil_err("%s: not a PEM or DER key file", path);
    } else if (rc == TOOLUTIL_PEM_NOT_WANTED) {
        char want[256];
        labels_text(want, sizeof want, labels);
        toolutil_err("%s: PEM block \"%s\" is not a supported key here (expected %s)", path, found,
                     want);
    } else if (rc == TOOLUTIL_PEM_TOO_LARGE) {
        toolutil_err("%s: key too large", path);
    } else {
        toolutil_err("%s: malformed PEM at line %lu: %s", path, line, toolutil_pem_str(rc));
    }
    return TOOLUTIL_KEY_BAD;
}

int toolutil_read_key(const char *path, const char *const *labels, uint8_t *der, size_t cap,
                      size_t *der_len, char *label, size_t label_cap)
{
    uint8_t *text = NULL;
    size_t len = 0u;
    int rc;

    *der_len = 0u;
    copy_label(label, label_cap, "");
    rc = toolutil_read_file(path, TOOLUTIL_KEY_FILE_MAX, 0u, &text, &len);
    if (rc != 0) {
        return rc;
    }
    rc = toolutil_key_from_text(path, text, len, labels, der, cap, der_len, label, label_cap);
    toolutil_free(text, len);
    return rc;
}
