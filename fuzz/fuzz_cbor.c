/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * CBOR decoder. Invariants: an accepted input re-encodes from its item
 * heads to exactly itself (the deterministic profile admits one encoding
 * per value); nesting never exceeds the limit; a decode with
 * MDSEC_CBOR_ALLOW_NOT_SHORTEST accepts everything the strict one does;
 * skip() agrees with a full walk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdsec/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t it;
    mdsec_status_t st = MDSEC_OK;
    uint8_t *out = malloc(size + 9);
    size_t o = 0, off = 0;

    if (out == NULL) {
        return 0;
    }
    mdsec_cbor_init(&d, data, size, 0);
    while (st == MDSEC_OK && !mdsec_cbor_done(&d)) {
        size_t n;
        st = mdsec_cbor_next(&d, &it);
        if (st != MDSEC_OK) {
            break;
        }
        if (it.depth > MDSEC_CBOR_MAX_DEPTH) {
            abort();
        }
        if (mdsec_cbor_encode_head(it.type, it.val, out + o, size + 9 - o, &n) != MDSEC_OK) {
            abort();
        }
        o += n;
        if (it.type == MDSEC_CBOR_BSTR || it.type == MDSEC_CBOR_TSTR) {
            if (it.str.len > size + 9 - o) {
                abort();
            }
            if (it.str.len) {
                memcpy(out + o, it.str.ptr, it.str.len);
            }
            o += it.str.len;
        }
    }
    if (st == MDSEC_OK) {
        st = mdsec_cbor_finish(&d);
    }
    if (st != mdsec_cbor_check(data, size, 0, &off)) {
        abort();
    }
    if (st == MDSEC_OK) {
        if (o != size || memcmp(out, data, size) != 0) {
            abort();
        }
        if (mdsec_cbor_check(data, size, MDSEC_CBOR_ALLOW_NOT_SHORTEST, NULL) != MDSEC_OK) {
            abort();
        }
        /* skipping the top-level item consumes exactly the input */
        mdsec_cbor_init(&d, data, size, 0);
        if (mdsec_cbor_next(&d, &it) != MDSEC_OK || mdsec_cbor_skip(&d, &it) != MDSEC_OK ||
            mdsec_cbor_finish(&d) != MDSEC_OK) {
            abort();
        }
    } else if (off > size) {
        abort();
    }
    free(out);
    return 0;
}
