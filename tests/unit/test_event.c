/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The security-event sink and vocabulary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mdsec/event.h"

static int calls;
static mdsec_event_t last;
static void *last_ctx;

static void sink(void *ctx, const mdsec_event_t *ev)
{
    calls++;
    last = *ev;
    last_ctx = ctx;
}

static void no_sink_drops_events(void **state)
{
    mdsec_event_t ev = {MDSEC_EV_TAMPER, MDSEC_OUTCOME_MAJOR, MDSEC_SRC_APP, MDSEC_OK, 0, NULL, 0};
    (void)state;
    calls = 0;
    mdsec_event_set_sink(NULL, NULL);
    mdsec_event_emit(&ev);
    assert_int_equal(calls, 0);
}

static void sink_receives_events_and_ctx(void **state)
{
    int ctx = 7;
    static const uint8_t detail[3] = {1, 1, 9};
    mdsec_event_t ev = {MDSEC_EV_SW_UPDATE_RESULT,
                        MDSEC_OUTCOME_MINOR,
                        MDSEC_SRC_FW,
                        MDSEC_ERR_SIGNATURE_INVALID,
                        2,
                        detail,
                        sizeof detail};
    (void)state;
    calls = 0;
    mdsec_event_set_sink(sink, &ctx);
    mdsec_event_emit(&ev);
    assert_int_equal(calls, 1);
    assert_ptr_equal(last_ctx, &ctx);
    assert_int_equal(last.code, MDSEC_EV_SW_UPDATE_RESULT);
    assert_int_equal(last.outcome, 4);
    assert_int_equal(last.source, MDSEC_SRC_FW);
    assert_int_equal(last.status, MDSEC_ERR_SIGNATURE_INVALID);
    assert_int_equal(last.actor, 2);
    assert_int_equal(last.detail_len, 3);
    mdsec_event_emit(NULL);
    assert_int_equal(calls, 1);
    mdsec_event_set_sink(NULL, NULL);
}

static void detail_is_bounded(void **state)
{
    static uint8_t big[MDSEC_EVENT_DETAIL_MAX + 50];
    mdsec_event_t ev = {
        MDSEC_EV_KEY_USE, MDSEC_OUTCOME_SUCCESS, MDSEC_SRC_KEYSTORE, MDSEC_OK, 1, big, sizeof big};
    (void)state;
    mdsec_event_set_sink(sink, NULL);
    mdsec_event_emit(&ev);
    assert_int_equal(last.detail_len, MDSEC_EVENT_DETAIL_MAX);
    ev.detail = NULL;
    ev.detail_len = 5;
    mdsec_event_emit(&ev);
    assert_int_equal(last.detail_len, 0);
    mdsec_event_set_sink(NULL, NULL);
}

static void outcome_values_are_dicom_atna(void **state)
{
    (void)state;
    /* DICOM PS3.15 A.5.3 / RFC 3881 EventOutcomeIndicator */
    assert_int_equal(MDSEC_OUTCOME_SUCCESS, 0);
    assert_int_equal(MDSEC_OUTCOME_MINOR, 4);
    assert_int_equal(MDSEC_OUTCOME_SERIOUS, 8);
    assert_int_equal(MDSEC_OUTCOME_MAJOR, 12);
}

static void names_are_distinct(void **state)
{
    static const mdsec_event_code_t codes[] = {
        MDSEC_EV_SW_UPDATE_ATTEMPT, MDSEC_EV_SW_UPDATE_RESULT,
        MDSEC_EV_SW_COMMIT,         MDSEC_EV_AUTH_SUCCESS,
        MDSEC_EV_AUTH_FAILURE,      MDSEC_EV_AUTH_LOCKOUT,
        MDSEC_EV_PRIV_CHANGE,       MDSEC_EV_CONFIG_CHANGE,
        MDSEC_EV_SECURITY_SETTING,  MDSEC_EV_KEY_PROVISION,
        MDSEC_EV_KEY_USE,           MDSEC_EV_KEY_DENIED,
        MDSEC_EV_KEY_DESTROY,       MDSEC_EV_EMERGENCY_OVERRIDE,
        MDSEC_EV_PARSER_REJECT,     MDSEC_EV_TAMPER,
        MDSEC_EV_BOOT_INTEGRITY,    MDSEC_EV_TIME_CHANGE,
        MDSEC_EV_AUDIT_START,       MDSEC_EV_AUDIT_STOP,
        MDSEC_EV_AUDIT_OVERFLOW,    MDSEC_EV_AUDIT_TORN_RECOVERED,
        MDSEC_EV_AUDIT_CAPACITY,    MDSEC_EV_LOG_EXPORT,
        MDSEC_EV_AUDIT_CHECKPOINT,  MDSEC_EV_AUDIT_DROPPED,
    };
    size_t i, j;
    (void)state;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *a = mdsec_event_code_str(codes[i]);
        assert_string_not_equal(a, "unknown");
        assert_string_not_equal(a, "vendor");
        for (j = i + 1; j < sizeof codes / sizeof codes[0]; j++) {
            assert_string_not_equal(a, mdsec_event_code_str(codes[j]));
        }
    }
    assert_string_equal(mdsec_event_code_str((mdsec_event_code_t)0x8123), "vendor");
    assert_string_equal(mdsec_event_code_str((mdsec_event_code_t)0x0042), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_sink_drops_events), cmocka_unit_test(sink_receives_events_and_ctx),
        cmocka_unit_test(detail_is_bounded),    cmocka_unit_test(outcome_values_are_dicom_atna),
        cmocka_unit_test(names_are_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
