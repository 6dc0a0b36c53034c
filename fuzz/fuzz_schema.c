/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * CBOR + schema validation with the pump protocol's two messages.
 * Invariants: an accepted message yields a struct in which every field
 * respects every bound of its schema; a refused one leaves the struct all
 * zeroes, names a failure status and an offset inside the message.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdsec/parse.h"
#include "pump_protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}

static void check_refusal(mdsec_status_t st, const mdsec_schema_error_t *e, const void *out,
                          size_t out_size, size_t size)
{
    if (st == MDSEC_OK || e->status != st || e->offset > size || !all_zero(out, out_size)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pump_set_rate_t c;
    pump_fw_request_t r;
    mdsec_schema_error_t e;
    mdsec_status_t st;

    st = mdsec_schema_decode(&pump_set_rate_schema, data, size, &c, sizeof c, &e);
    if (st == MDSEC_OK) {
        size_t len = strnlen(c.operator_id, sizeof c.operator_id);
        if (c.drug_id < 1 || c.drug_id > PUMP_DRUG_ID_MAX || c.rate_dl_per_h < PUMP_RATE_MIN_DL_H ||
            c.rate_dl_per_h > PUMP_RATE_MAX_DL_H || c.bolus_limit_dl > PUMP_BOLUS_MAX_DL ||
            len < 1 || len > PUMP_OPERATOR_MAX || c.has_channel > 1 ||
            (c.has_channel && c.channel != 1 && c.channel != 2) ||
            (!c.has_channel && c.channel != 0) ||
            mdsec_cbor_check(data, size, 0, NULL) != MDSEC_OK) {
            abort();
        }
    } else {
        check_refusal(st, &e, &c, sizeof c, size);
    }

    st = mdsec_schema_decode(&pump_fw_request_schema, data, size, &r, sizeof r, &e);
    if (st == MDSEC_OK) {
        size_t len = strnlen(r.version, sizeof r.version);
        if (r.slot > 1 || r.image_size < 1 || r.image_size > PUMP_FW_IMAGE_MAX ||
            r.digest_len != 32 || len < PUMP_FW_VERSION_MIN || len > PUMP_FW_VERSION_MAX ||
            r.not_before > (uint64_t)INT64_MAX || r.confirm > 1 ||
            (!r.has_confirm && r.confirm != 0) || (!r.has_not_before && r.not_before != 0)) {
            abort();
        }
    } else {
        check_refusal(st, &e, &r, sizeof r, size);
    }
    return 0;
}
