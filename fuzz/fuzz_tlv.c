/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * TLV iterator. Invariants: every value span lies inside the input; an
 * accepted area re-encodes to exactly the input; a second decode gives the
 * same verdict.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdsec/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mdsec_status_t walk(mdsec_tlv_format_t fmt, const uint8_t *data, size_t size, uint8_t *out,
                           size_t *out_len)
{
    mdsec_tlv_iter_t it;
    mdsec_tlv_t t;
    size_t used = 0;
    mdsec_tlv_iter_init(&it, fmt, data, size);
    while (!mdsec_tlv_done(&it)) {
        size_t n;
        mdsec_status_t st = mdsec_tlv_next(&it, &t);
        if (st != MDSEC_OK) {
            return st;
        }
        if (t.value.len != 0 &&
            (t.value.ptr < data || t.value.len > (size_t)(data + size - t.value.ptr))) {
            abort(); /* span outside the input */
        }
        if (mdsec_tlv_encode(fmt, t.tag, t.value.ptr, t.value.len, out + used, size - used, &n) !=
            MDSEC_OK) {
            abort(); /* an accepted item must fit where it came from */
        }
        used += n;
    }
    *out_len = used;
    return MDSEC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mdsec_tlv_format_t fmts[] = {
        MDSEC_TLV_FORMAT_MCUBOOT, {1, 1, 0}, {1, 2, 1}, {4, 4, 1}};
    uint8_t *out = malloc(size + 1);
    size_t i;
    if (out == NULL) {
        return 0;
    }
    for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        size_t n1 = 0, n2 = 0;
        mdsec_status_t a = walk(fmts[i], data, size, out, &n1);
        mdsec_status_t b = walk(fmts[i], data, size, out, &n2);
        if (a != b) {
            abort();
        }
        if (a == MDSEC_OK && (n1 != size || (size != 0 && memcmp(out, data, size) != 0))) {
            abort(); /* decode then re-encode must be the identity */
        }
    }
    free(out);
    return 0;
}
