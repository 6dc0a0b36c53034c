/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Bounded input parsing: a CBOR message decoded and validated by a schema. */
#include <string.h>

#include "consumer.h"

#if defined(MDSEC_WITH_PARSE)
typedef struct consumer_msg {
    uint32_t channel;
    char operator_id[9];
    uint8_t urgent;
    uint8_t has_urgent;
} consumer_msg_t;

static const mdsec_schema_field_t consumer_fields[] = {
    {"channel", 1, MDSEC_SCHEMA_UINT, 1, 1, 100, NULL, 0, offsetof(consumer_msg_t, channel),
     sizeof(uint32_t), 0, SIZE_MAX},
    {"operator", 2, MDSEC_SCHEMA_TSTR, 1, 1, 8, NULL, 0, offsetof(consumer_msg_t, operator_id),
     sizeof(((consumer_msg_t *)0)->operator_id), 0, SIZE_MAX},
    {"urgent", 3, MDSEC_SCHEMA_BOOL, 0, 0, 1, NULL, 0, offsetof(consumer_msg_t, urgent),
     sizeof(uint8_t), 0, offsetof(consumer_msg_t, has_urgent)},
};
static const mdsec_schema_t consumer_schema = {"consumer_msg", consumer_fields,
                                               sizeof consumer_fields / sizeof consumer_fields[0],
                                               sizeof(consumer_msg_t)};

/* Reports a refused message to the security log, as an application does. */
static void consumer_report_reject(const mdsec_schema_error_t *e)
{
    mdsec_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.code = MDSEC_EV_PARSER_REJECT;
    ev.outcome = MDSEC_OUTCOME_MINOR;
    ev.source = MDSEC_SRC_APP;
    ev.status = e->status;
    ev.actor = (uint32_t)e->offset;
    mdsec_event_emit(&ev);
}

int consumer_check_parse(void)
{
    /* {1: 42, 2: "nurse-7", 3: true} */
    static const uint8_t good[] = {0xa3, 0x01, 0x18, 0x2a, 0x02, 0x67, 'n', 'u',
                                   'r',  's',  'e',  '-',  '7',  0x03, 0xf5};
    /* {1: 200, 2: "nurse-7"}: channel above its maximum of 100 */
    static const uint8_t out_of_range[] = {0xa2, 0x01, 0x18, 0xc8, 0x02, 0x67, 'n',
                                           'u',  'r',  's',  'e',  '-',  '7'};
    /* {1: 42, 2: "nurse-7"} cut short: the text claims 7 bytes, 3 arrive */
    static const uint8_t truncated[] = {0xa2, 0x01, 0x18, 0x2a, 0x02, 0x67, 'n', 'u', 'r'};
    static const consumer_msg_t zero;
    consumer_msg_t m;
    mdsec_schema_error_t e;

    CONSUMER_EXPECT_STATUS(mdsec_cbor_check(good, sizeof good, 0u, NULL), MDSEC_OK);
    CONSUMER_EXPECT_STATUS(
        mdsec_schema_decode(&consumer_schema, good, sizeof good, &m, sizeof m, &e), MDSEC_OK);
    CONSUMER_EXPECT(m.channel == 42u && strcmp(m.operator_id, "nurse-7") == 0 &&
                        m.has_urgent == 1u && m.urgent == 1u,
                    "decoded values");

    CONSUMER_EXPECT_STATUS(
        mdsec_schema_decode(&consumer_schema, out_of_range, sizeof out_of_range, &m, sizeof m, &e),
        MDSEC_ERR_PARSE_SCHEMA_RANGE);
    CONSUMER_EXPECT(e.status == MDSEC_ERR_PARSE_SCHEMA_RANGE && e.field != NULL &&
                        strcmp(e.field, "channel") == 0,
                    "the error names the out-of-range field");
    CONSUMER_EXPECT(memcmp(&m, &zero, sizeof m) == 0, "a refused message leaves the output zeroed");
    consumer_report_reject(&e);

    CONSUMER_EXPECT_STATUS(
        mdsec_schema_decode(&consumer_schema, truncated, sizeof truncated, &m, sizeof m, &e),
        MDSEC_ERR_PARSE_TRUNCATED);
    CONSUMER_EXPECT(memcmp(&m, &zero, sizeof m) == 0,
                    "a truncated message leaves the output zeroed");
    consumer_report_reject(&e);
    return 0;
}
#endif
