/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Example device protocol: two CBOR messages of an infusion pump, described
 * as mdsec schemas. Used by the demo, the unit tests and the fuzzers.
 *
 * "set rate" (map):
 *   1 drug id          uint 1..9999                    required
 *   2 rate             uint, 0.1 mL/h units, 1..12000  required (0.1 .. 1200.0 mL/h)
 *   3 bolus limit      uint, 0.1 mL units, 0..500      required (0 .. 50.0 mL)
 *   4 operator id      text, 1..16 bytes               required
 *   5 channel          uint, one of {1, 2}             optional
 *
 * "firmware update request" (map):
 *   1 slot             uint, one of {0, 1}             required
 *   2 image size       uint 1..1048576                 required
 *   3 digest           bytes, exactly 32 (SHA-256)     required
 *   4 version          text, 5..15 bytes ("1.2.3+4")   required
 *   5 not before       uint, Unix seconds              optional
 *   6 confirm          bool                            optional
 */
#ifndef MDSEC_EXAMPLE_PUMP_PROTOCOL_H
#define MDSEC_EXAMPLE_PUMP_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/parse.h"

#define PUMP_DRUG_ID_MAX    9999
#define PUMP_RATE_MIN_DL_H  1
#define PUMP_RATE_MAX_DL_H  12000
#define PUMP_BOLUS_MAX_DL   500
#define PUMP_OPERATOR_MAX   16
#define PUMP_FW_IMAGE_MAX   1048576
#define PUMP_FW_VERSION_MIN 5
#define PUMP_FW_VERSION_MAX 15

typedef struct pump_set_rate {
    uint32_t drug_id;
    uint32_t rate_dl_per_h;
    uint16_t bolus_limit_dl;
    char operator_id[PUMP_OPERATOR_MAX + 1];
    uint8_t channel;
    uint8_t has_channel;
} pump_set_rate_t;

typedef struct pump_fw_request {
    uint8_t slot;
    uint32_t image_size;
    uint8_t digest[32];
    size_t digest_len;
    char version[PUMP_FW_VERSION_MAX + 1];
    uint64_t not_before;
    uint8_t has_not_before;
    uint8_t confirm;
    uint8_t has_confirm;
} pump_fw_request_t;

extern const mdsec_schema_t pump_set_rate_schema;
extern const mdsec_schema_t pump_fw_request_schema;

#endif /* MDSEC_EXAMPLE_PUMP_PROTOCOL_H */
