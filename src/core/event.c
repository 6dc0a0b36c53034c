/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include "mdsec/event.h"

static mdsec_event_sink_fn g_sink;
static void *g_sink_ctx;

void mdsec_event_set_sink(mdsec_event_sink_fn sink, void *ctx)
{
    g_sink = sink;
    g_sink_ctx = ctx;
}

void mdsec_event_emit(const mdsec_event_t *event)
{
    mdsec_event_sink_fn sink = g_sink;
    mdsec_event_t copy;

    if (sink == NULL || event == NULL) {
        return;
    }
    copy = *event;
    if (copy.detail == NULL) {
        copy.detail_len = 0u;
    } else if (copy.detail_len > MDSEC_EVENT_DETAIL_MAX) {
        copy.detail_len = MDSEC_EVENT_DETAIL_MAX;
    }
    sink(g_sink_ctx, &copy);
}

const char *mdsec_event_code_str(mdsec_event_code_t code)
{
    switch (code) {
    case MDSEC_EV_SW_UPDATE_ATTEMPT: return "sw-update-attempt";
    case MDSEC_EV_SW_UPDATE_RESULT: return "sw-update-result";
    case MDSEC_EV_SW_COMMIT: return "sw-commit";
    case MDSEC_EV_AUTH_SUCCESS: return "auth-success";
    case MDSEC_EV_AUTH_FAILURE: return "auth-failure";
    case MDSEC_EV_AUTH_LOCKOUT: return "auth-lockout";
    case MDSEC_EV_PRIV_CHANGE: return "privilege-change";
    case MDSEC_EV_CONFIG_CHANGE: return "config-change";
    case MDSEC_EV_SECURITY_SETTING: return "security-setting-change";
    case MDSEC_EV_KEY_PROVISION: return "key-provision";
    case MDSEC_EV_KEY_USE: return "key-use";
    case MDSEC_EV_KEY_DENIED: return "key-denied";
    case MDSEC_EV_KEY_DESTROY: return "key-destroy";
    case MDSEC_EV_EMERGENCY_OVERRIDE: return "emergency-override";
    case MDSEC_EV_PARSER_REJECT: return "parser-reject";
    case MDSEC_EV_TAMPER: return "tamper";
    case MDSEC_EV_BOOT_INTEGRITY: return "boot-integrity-failure";
    case MDSEC_EV_TIME_CHANGE: return "time-change";
    case MDSEC_EV_AUDIT_START: return "audit-start";
    case MDSEC_EV_AUDIT_STOP: return "audit-stop";
    case MDSEC_EV_AUDIT_OVERFLOW: return "audit-overflow";
    case MDSEC_EV_AUDIT_TORN_RECOVERED: return "audit-torn-record-recovered";
    case MDSEC_EV_AUDIT_CAPACITY: return "audit-capacity-warning";
    case MDSEC_EV_AUDIT_CHECKPOINT: return "audit-checkpoint";
    case MDSEC_EV_AUDIT_DROPPED: return "audit-dropped";
    case MDSEC_EV_LOG_EXPORT: return "log-export";
    case MDSEC_EV_VENDOR_FIRST:
    default: break;
    }
    {
        /* Enums may be 16 bits wide (arm-none-eabi's short enums): compare as u32. */
        uint32_t v = (uint32_t)code;
        return (v >= (uint32_t)MDSEC_EV_VENDOR_FIRST && v <= 0xFFFFu) ? "vendor" : "unknown";
    }
}
