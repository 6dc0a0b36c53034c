/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include <stdatomic.h>

#include "mdsec/event.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

/*
 * The sink and its context are one pair, published without a lock (an emit
 * may come from any task, a sink may be replaced while others emit):
 * mdsec_event_set_sink() writes the slot that is not in use, bumping that
 * slot's generation before and after (odd while it is written), then
 * publishes its index. An emit copies the published slot and keeps the copy
 * only when the slot's generation was even and unchanged around the copy,
 * so it calls either the old pair or the new one, never a sink with another
 * sink's context. A copy can be disturbed only by two replacements during
 * one emit; it is retried a bounded number of times.
 */
typedef struct event_slot {
    atomic_uint gen;
    _Atomic(mdsec_event_sink_fn) sink;
    _Atomic(void *) ctx;
} event_slot_t;

/* Each failed try means two replacements completed during one copy of three
 * words; 64 in a row cannot happen with replacements at start-up rates,
 * even on a loaded host that preempts the emitter between tries. */
#define EVENT_EMIT_TRIES 64u

static event_slot_t g_slot[2];
static atomic_uint g_published;

void mdsec_event_set_sink(mdsec_event_sink_fn sink, void *ctx)
{
    const unsigned next = (atomic_load(&g_published) + 1u) & 1u;
    event_slot_t *s = &g_slot[next];

    (void)atomic_fetch_add(&s->gen, 1u); /* odd: being written */
    atomic_store(&s->sink, sink);
    atomic_store(&s->ctx, ctx);
    (void)atomic_fetch_add(&s->gen, 1u); /* even: complete */
    atomic_store(&g_published, next);
}

void mdsec_event_emit(const mdsec_event_t *event)
{
    mdsec_event_sink_fn sink = NULL;
    void *ctx = NULL;
    mdsec_event_t copy;
    unsigned tries;
    int stable = 0;

    if (event == NULL) {
        return;
    }
    for (tries = 0u; tries < EVENT_EMIT_TRIES && !stable; tries++) {
        const event_slot_t *s = &g_slot[atomic_load(&g_published) & 1u];
        const unsigned g1 = atomic_load(&s->gen);
        sink = atomic_load(&s->sink);
        ctx = atomic_load(&s->ctx);
        stable = (g1 & 1u) == 0u && atomic_load(&s->gen) == g1;
    }
    if (!stable) {
        /* Only a storm of concurrent replacements gets here: a contract breach. */
        mdsec_port_fatal(MDSEC_ERR_STATE);
    }
    if (sink == NULL) {
        return;
    }
    copy = *event;
    if (copy.detail == NULL) {
        copy.detail_len = 0u;
    } else if (copy.detail_len > MDSEC_EVENT_DETAIL_MAX) {
        copy.detail_len = MDSEC_EVENT_DETAIL_MAX;
    }
    sink(ctx, &copy);
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
