/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * CBOR decode throughput: mdsec's checking decoder against libcbor's
 * streaming decoder (cbor_stream_decode with empty callbacks), on the same
 * bytes, in the same run. bench/run.sh builds mdsec with Debian's package
 * build flags, the flags Debian's libcbor was compiled with (Debian's
 * mirror has no libcbor source package to rebuild it here).
 *
 * mdsec does more work per item: full well-formedness, deterministic
 * encoding, UTF-8 and nesting checks. libcbor's streaming decoder only
 * decodes heads and hands them to callbacks.
 *
 * Output: MB/s for each decoder on each input, and the ratio mdsec/libcbor.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cbor.h>

#include "mdsec/parse.h"

static uint8_t doc[65536];
static size_t doc_len;

static void put_head(mdsec_cbor_type_t t, uint64_t v)
{
    size_t n;
    if (mdsec_cbor_encode_head(t, v, doc + doc_len, sizeof doc - doc_len, &n) != MDSEC_OK) {
        abort();
    }
    doc_len += n;
}

static void put_bytes(mdsec_cbor_type_t t, const void *p, size_t n)
{
    put_head(t, n);
    memcpy(doc + doc_len, p, n);
    doc_len += n;
}

/* A SUIT-like manifest (RFC 9124 shape: envelope, authentication wrapper, manifest). */
static size_t build_suit(void)
{
    static const uint8_t digest[32] = {0x5c, 0x09, 0x7e, 0xf6, 0x4b, 0xf3, 0xbb, 0x9b};
    static const uint8_t sig[64] = {0x30};
    int i;
    doc_len = 0;
    put_head(MDSEC_CBOR_TAG, 107); /* SUIT_Envelope */
    put_head(MDSEC_CBOR_MAP, 2);
    put_head(MDSEC_CBOR_UINT, 2); /* authentication wrapper */
    put_head(MDSEC_CBOR_ARRAY, 2);
    put_head(MDSEC_CBOR_ARRAY, 2);
    put_head(MDSEC_CBOR_UINT, 2);
    put_bytes(MDSEC_CBOR_BSTR, digest, sizeof digest);
    /* COSE_Sign (tag 98): libcbor 0.8's streaming decoder refuses the one-byte tags
     * 6..20 as "unassigned", so COSE_Sign1 (tag 18) cannot be used for the comparison. */
    put_head(MDSEC_CBOR_TAG, 98);
    put_head(MDSEC_CBOR_ARRAY, 4);
    put_bytes(MDSEC_CBOR_BSTR, "\xa1\x01\x26", 3);
    put_head(MDSEC_CBOR_MAP, 0);
    put_head(MDSEC_CBOR_SIMPLE, 22);
    put_bytes(MDSEC_CBOR_BSTR, sig, sizeof sig);
    put_head(MDSEC_CBOR_UINT, 3); /* manifest */
    put_head(MDSEC_CBOR_MAP, 5);
    put_head(MDSEC_CBOR_UINT, 1);
    put_head(MDSEC_CBOR_UINT, 1);
    put_head(MDSEC_CBOR_UINT, 2);
    put_head(MDSEC_CBOR_UINT, 20260101);
    put_head(MDSEC_CBOR_UINT, 3); /* common */
    put_head(MDSEC_CBOR_MAP, 2);
    put_head(MDSEC_CBOR_UINT, 2);
    put_head(MDSEC_CBOR_ARRAY, 2);
    for (i = 0; i < 2; i++) {
        put_head(MDSEC_CBOR_ARRAY, 2);
        put_bytes(MDSEC_CBOR_BSTR, "\x00", 1);
        put_bytes(MDSEC_CBOR_TSTR, "pump-app", 8);
    }
    put_head(MDSEC_CBOR_UINT, 4);
    put_head(MDSEC_CBOR_ARRAY, 10);
    put_head(MDSEC_CBOR_UINT, 12);
    put_head(MDSEC_CBOR_UINT, 0);
    put_head(MDSEC_CBOR_UINT, 1);
    put_head(MDSEC_CBOR_MAP, 3);
    put_head(MDSEC_CBOR_UINT, 1);
    put_bytes(MDSEC_CBOR_BSTR, "\xfa\x6b\x4a\x53\xd5\xad\x5f\xdf\xbe\x9d\xe6\x63\xe4\xd4\x1f\xfe",
              16);
    put_head(MDSEC_CBOR_UINT, 3);
    put_head(MDSEC_CBOR_ARRAY, 2);
    put_head(MDSEC_CBOR_NINT, 15);
    put_bytes(MDSEC_CBOR_BSTR, digest, sizeof digest);
    put_head(MDSEC_CBOR_UINT, 14);
    put_head(MDSEC_CBOR_UINT, 34768);
    put_head(MDSEC_CBOR_UINT, 3);
    put_head(MDSEC_CBOR_SIMPLE, 21);
    put_head(MDSEC_CBOR_UINT, 9);
    put_head(MDSEC_CBOR_SIMPLE, 21);
    put_head(MDSEC_CBOR_UINT, 9); /* install */
    put_head(MDSEC_CBOR_ARRAY, 6);
    put_head(MDSEC_CBOR_UINT, 12);
    put_head(MDSEC_CBOR_UINT, 0);
    put_head(MDSEC_CBOR_UINT, 21);
    put_head(MDSEC_CBOR_MAP, 1);
    put_head(MDSEC_CBOR_UINT, 21);
    put_bytes(MDSEC_CBOR_TSTR, "https://updates.example.com/pump/app-3.0.0.bin", 45);
    put_head(MDSEC_CBOR_UINT, 3);
    put_head(MDSEC_CBOR_UINT, 15);
    put_head(MDSEC_CBOR_UINT, 10); /* validate */
    put_head(MDSEC_CBOR_ARRAY, 4);
    put_head(MDSEC_CBOR_UINT, 3);
    put_head(MDSEC_CBOR_UINT, 15);
    put_head(MDSEC_CBOR_UINT, 14);
    put_head(MDSEC_CBOR_UINT, 15);
    put_head(MDSEC_CBOR_UINT, 17); /* text */
    put_head(MDSEC_CBOR_MAP, 3);
    put_head(MDSEC_CBOR_UINT, 1);
    put_bytes(MDSEC_CBOR_TSTR,
              "Infusion pump application firmware, release 3.0.0, "
              "validated for the clinical configuration",
              91);
    put_head(MDSEC_CBOR_UINT, 2);
    put_bytes(MDSEC_CBOR_TSTR, "Example Medical Devices Inc.", 28);
    put_head(MDSEC_CBOR_UINT, 3);
    put_bytes(MDSEC_CBOR_TSTR, "IEC 62304 class C; see release notes", 36);
    return doc_len;
}

/* Telemetry: an array of 1364 records of 11 items each (about 15,000 items). */
static size_t build_telemetry(void)
{
    unsigned i;
    doc_len = 0;
    put_head(MDSEC_CBOR_ARRAY, 1364);
    for (i = 0; i < 1364; i++) {
        put_head(MDSEC_CBOR_MAP, 5);
        put_head(MDSEC_CBOR_UINT, 1);
        put_head(MDSEC_CBOR_UINT, UINT64_C(1790000000000) + i * 250u); /* ms timestamp */
        put_head(MDSEC_CBOR_UINT, 2);
        put_head(MDSEC_CBOR_UINT, i % 2 + 1); /* channel */
        put_head(MDSEC_CBOR_UINT, 3);
        put_head(MDSEC_CBOR_UINT, 70000u + i); /* rate, 0.001 mL/h */
        put_head(MDSEC_CBOR_UINT, 4);
        put_head(MDSEC_CBOR_NINT, 100u + i % 50u); /* line pressure delta */
        put_head(MDSEC_CBOR_UINT, 5);
        put_bytes(MDSEC_CBOR_TSTR, (i % 97) ? "running-ok" : "occlusion!", 10);
    }
    return doc_len;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* libcbor's streaming decoder over the whole buffer; returns 0 on success. */
static int libcbor_walk(const uint8_t *p, size_t n, const struct cbor_callbacks *cb)
{
    size_t off = 0;
    while (off < n) {
        struct cbor_decoder_result r = cbor_stream_decode(p + off, n - off, cb, NULL);
        if (r.status != CBOR_DECODER_FINISHED || r.read == 0) {
            return 1;
        }
        off += r.read;
    }
    return 0;
}

static volatile int sink;

/* Best of 7 timed batches of `iters` decodes; returns MB/s. */
static double measure(int which, const uint8_t *p, size_t n, unsigned iters)
{
    double best = 1e30;
    int rep;
    for (rep = 0; rep < 7; rep++) {
        unsigned i;
        double t0 = now_s(), dt;
        for (i = 0; i < iters; i++) {
            if (which == 0) {
                sink += (int)mdsec_cbor_check(p, n, 0, NULL);
            } else {
                sink += libcbor_walk(p, n, &cbor_empty_callbacks);
            }
        }
        dt = now_s() - t0;
        if (dt < best) {
            best = dt;
        }
    }
    return (double)n * iters / best / 1e6;
}

static void run(const char *name, size_t (*build)(void), unsigned iters)
{
    size_t n = build();
    size_t items = 0;
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t it;
    double m, l;
    /* Both decoders must accept the document before anything is timed. */
    mdsec_cbor_init(&d, doc, n, 0);
    while (!mdsec_cbor_done(&d)) {
        if (mdsec_cbor_next(&d, &it) != MDSEC_OK) {
            fprintf(stderr, "bench: mdsec rejects %s\n", name);
            exit(1);
        }
        items++;
    }
    if (mdsec_cbor_finish(&d) != MDSEC_OK || libcbor_walk(doc, n, &cbor_empty_callbacks) != 0) {
        fprintf(stderr, "bench: %s is not accepted by both decoders\n", name);
        exit(1);
    }
    m = measure(0, doc, n, iters);
    l = measure(1, doc, n, iters);
    printf("%-20s %6zu B %6zu items  mdsec %8.1f MB/s  libcbor %8.1f MB/s  ratio %.2f\n", name, n,
           items, m, l, m / l);
}

int main(void)
{
    printf(
        "CBOR decode throughput (best of 7 batches; ratio = mdsec / libcbor, higher is better)\n");
    printf("libcbor: Debian's libcbor 0.8 (built with dpkg-buildflags); mdsec: this build\n");
    run("SUIT-like manifest", build_suit, 20000);
    run("telemetry", build_telemetry, 200);
    printf("decoder state: mdsec_cbor_decoder_t %zu B on the stack, no heap\n",
           sizeof(mdsec_cbor_decoder_t));
    return sink == 42 ? 1 : 0;
}
