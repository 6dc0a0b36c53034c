/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Persistent keystore record parser (src/keystore/ks_record.c). The first
 * input byte picks the program unit (1 .. 64 bytes), the rest is the frame
 * (cut or padded with erased bytes to the frame size). Invariants: the
 * parser answers OK or KS_CORRUPT only; an accepted committed record has
 * every span inside the frame, material within bounds, valid attributes
 * for a key record, a header that re-encodes to exactly the input bytes,
 * and the same verdict on a second parse.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keystore/ks_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t frame[KS_FRAME_MAX];

static int inside(mdsec_span_t s)
{
    return s.len == 0u || (s.ptr >= frame && s.len <= (size_t)(frame + sizeof frame - s.ptr));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ks_layout_t lay;
    ks_record_t rec;
    ks_record_t again;
    uint8_t hdr[KS_REC_HDR_LEN];
    if (size < 1u) {
        return 0;
    }
    if (mdsec__ks_layout_for(1u << (data[0] % 7u), &lay) != MDSEC_OK || lay.frame > sizeof frame) {
        abort();
    }
    memset(frame, 0xFF, sizeof frame);
    const size_t n = size - 1u < lay.frame ? size - 1u : lay.frame;
    memcpy(frame, data + 1, n);

    const mdsec_status_t st = mdsec__ks_record_parse(frame, lay.frame, &lay, &rec);
    if (st != MDSEC_OK && st != MDSEC_ERR_KS_CORRUPT) {
        abort();
    }
    if (st == MDSEC_ERR_KS_CORRUPT && !rec.committed) {
        abort(); /* only committed frames are judged */
    }
    if (st == MDSEC_OK && rec.committed) {
        if (!inside(rec.aad) || !inside(rec.tag) || !inside(rec.ct) ||
            rec.aad.len != KS_REC_HDR_LEN || rec.tag.len != KS_REC_TAG_LEN ||
            rec.ct.len != rec.material_len || rec.material_len > MDSEC_KS_MATERIAL_MAX ||
            rec.seq == 0u || rec.seq >= KS_SEQ_LIMIT || rec.prev >= rec.seq) {
            abort();
        }
        if (rec.op == KS_OP_PUT && mdsec__ks_attr_check(&rec.attr) != MDSEC_OK) {
            abort();
        }
        mdsec__ks_record_header(hdr, rec.op, rec.id, rec.seq, rec.prev, rec.material_len,
                                rec.op == KS_OP_PUT ? &rec.attr : NULL);
        if (memcmp(hdr, frame, KS_REC_HDR_LEN) != 0) {
            abort(); /* one encoding per record */
        }
    }
    const mdsec_status_t st2 = mdsec__ks_record_parse(frame, lay.frame, &lay, &again);
    if (st2 != st || again.committed != rec.committed || again.seq != rec.seq) {
        abort();
    }
    return 0;
}
