/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Host tools: the base64 layer of PEM key files. This is the one file of
 * the tools that calls BearSSL directly (its PEM decoder, br_pem_decoder;
 * issue #3 allows it): mdsec itself has no PEM decoder, and the DER inside
 * is parsed by mdsec's strict DER functions (mdsec/parse.h).
 */
#include <string.h>

#include <bearssl.h>

#include "mdsec/core.h"

#include "toolutil.h"

typedef struct pem_sink {
    uint8_t *buf;
    size_t cap;
    size_t len;
    int overflow;
} pem_sink_t;

static void sink_push(void *ctx, const void *data, size_t len)
{
    pem_sink_t *s = (pem_sink_t *)ctx;
    if (s->overflow || len > s->cap - s->len) {
        s->overflow = 1;
        return;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
}

/* Copies a C string, truncating to fit (labels are short); cap 0 copies nothing. */
static void copy_str(char *dst, size_t cap, const char *src)
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

int toolutil_pem_decode(const uint8_t *text, size_t len, const char *const *labels, uint8_t *der,
                        size_t cap, size_t *der_len, char *label, size_t label_cap, char *seen,
                        size_t seen_cap)
{
    br_pem_decoder_context pc;
    pem_sink_t sink;
    int inside = 0, wanted = 0, any = 0, rc = -2;
    size_t pos = 0u;
    static const uint8_t nl = (uint8_t)'\n';
    int final_nl = 0;

    *der_len = 0u;
    copy_str(label, label_cap, "");
    copy_str(seen, seen_cap, "");
    memset(&sink, 0, sizeof sink);
    sink.buf = der;
    sink.cap = cap;
    br_pem_decoder_init(&pc);
    /* A trailing newline is pushed after the text: the decoder needs the END line terminated. */
    while (pos < len || !final_nl) {
        const uint8_t *p = (pos < len) ? text + pos : &nl;
        size_t n = (pos < len) ? len - pos : 1u;
        size_t used = br_pem_decoder_push(&pc, p, n);
        int ev;
        if (pos < len) {
            pos += used;
        } else if (used == 1u) {
            final_nl = 1;
        }
        ev = br_pem_decoder_event(&pc);
        if (ev == BR_PEM_BEGIN_OBJ) {
            const char *name = br_pem_decoder_name(&pc);
            inside = 1;
            sink.len = 0u;
            sink.overflow = 0;
            if (!any) {
                copy_str(seen, seen_cap, name);
                any = 1;
            }
            wanted = label_wanted(name, labels);
            if (wanted) {
                copy_str(label, label_cap, name);
                br_pem_decoder_setdest(&pc, sink_push, &sink);
            } else {
                br_pem_decoder_setdest(&pc, NULL, NULL);
            }
        } else if (ev == BR_PEM_END_OBJ) {
            if (inside && wanted) {
                if (sink.overflow) {
                    rc = -3;
                } else {
                    *der_len = sink.len;
                    rc = 0;
                }
                break;
            }
            inside = 0;
        } else if (ev == BR_PEM_ERROR) {
            rc = -1;
            break;
        } else if (used == 0u) {
            break; /* no progress and no event: cannot happen, but never loop */
        }
    }
    if (rc == -2 && inside) {
        rc = -1; /* BEGIN without END */
    }
    mdsec_memzero(&pc, sizeof pc);
    if (rc != 0) {
        mdsec_memzero(der, cap);
        *der_len = 0u;
    }
    return rc;
}
