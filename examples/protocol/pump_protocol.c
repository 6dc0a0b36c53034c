/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include "pump_protocol.h"

#include <stddef.h>

static const int64_t channels[] = {1, 2};
static const int64_t slots[] = {0, 1};

static const mdsec_schema_field_t set_rate_fields[] = {
    {"drug_id", 1, MDSEC_SCHEMA_UINT, 1, 1, PUMP_DRUG_ID_MAX, NULL, 0,
     offsetof(pump_set_rate_t, drug_id), sizeof(uint32_t), 0, SIZE_MAX},
    {"rate", 2, MDSEC_SCHEMA_UINT, 1, PUMP_RATE_MIN_DL_H, PUMP_RATE_MAX_DL_H, NULL, 0,
     offsetof(pump_set_rate_t, rate_dl_per_h), sizeof(uint32_t), 0, SIZE_MAX},
    {"bolus_limit", 3, MDSEC_SCHEMA_UINT, 1, 0, PUMP_BOLUS_MAX_DL, NULL, 0,
     offsetof(pump_set_rate_t, bolus_limit_dl), sizeof(uint16_t), 0, SIZE_MAX},
    {"operator_id", 4, MDSEC_SCHEMA_TSTR, 1, 1, PUMP_OPERATOR_MAX, NULL, 0,
     offsetof(pump_set_rate_t, operator_id), PUMP_OPERATOR_MAX + 1, 0, SIZE_MAX},
    {"channel", 5, MDSEC_SCHEMA_UINT, 0, 1, 2, channels, 2, offsetof(pump_set_rate_t, channel),
     sizeof(uint8_t), 0, offsetof(pump_set_rate_t, has_channel)},
};

const mdsec_schema_t pump_set_rate_schema = {"set_rate", set_rate_fields,
                                             sizeof set_rate_fields / sizeof set_rate_fields[0],
                                             sizeof(pump_set_rate_t)};

static const mdsec_schema_field_t fw_request_fields[] = {
    {"slot", 1, MDSEC_SCHEMA_UINT, 1, 0, 1, slots, 2, offsetof(pump_fw_request_t, slot),
     sizeof(uint8_t), 0, SIZE_MAX},
    {"image_size", 2, MDSEC_SCHEMA_UINT, 1, 1, PUMP_FW_IMAGE_MAX, NULL, 0,
     offsetof(pump_fw_request_t, image_size), sizeof(uint32_t), 0, SIZE_MAX},
    {"digest", 3, MDSEC_SCHEMA_BSTR, 1, 32, 32, NULL, 0, offsetof(pump_fw_request_t, digest), 32,
     offsetof(pump_fw_request_t, digest_len), SIZE_MAX},
    {"version", 4, MDSEC_SCHEMA_TSTR, 1, PUMP_FW_VERSION_MIN, PUMP_FW_VERSION_MAX, NULL, 0,
     offsetof(pump_fw_request_t, version), PUMP_FW_VERSION_MAX + 1, 0, SIZE_MAX},
    {"not_before", 5, MDSEC_SCHEMA_UINT, 0, 0, INT64_MAX, NULL, 0,
     offsetof(pump_fw_request_t, not_before), sizeof(uint64_t), 0,
     offsetof(pump_fw_request_t, has_not_before)},
    {"confirm", 6, MDSEC_SCHEMA_BOOL, 0, 0, 1, NULL, 0, offsetof(pump_fw_request_t, confirm),
     sizeof(uint8_t), 0, offsetof(pump_fw_request_t, has_confirm)},
};

const mdsec_schema_t pump_fw_request_schema = {
    "fw_update_request", fw_request_fields, sizeof fw_request_fields / sizeof fw_request_fields[0],
    sizeof(pump_fw_request_t)};
