/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
#include "event_capture.h"

#include <string.h>

mdsec_event_t evcap_events[EVCAP_MAX];
size_t evcap_n;

void evcap_sink(void *ctx, const mdsec_event_t *ev)
{
    (void)ctx;
    if (evcap_n < EVCAP_MAX) {
        evcap_events[evcap_n] = *ev;
        evcap_events[evcap_n].detail = NULL; /* valid only during the call */
    }
    evcap_n++;
}

void evcap_reset(void)
{
    evcap_n = 0;
    memset(evcap_events, 0, sizeof evcap_events);
}

size_t evcap_count(mdsec_event_source_t src, mdsec_event_code_t code, uint32_t actor,
                   mdsec_status_t st)
{
    size_t n = 0;
    for (size_t i = 0; i < evcap_n && i < EVCAP_MAX; i++) {
        const mdsec_event_t *e = &evcap_events[i];
        if (e->code == code && e->actor == actor && e->status == st && e->source == src) {
            n++;
        }
    }
    return n;
}

int evcap_saw(mdsec_event_source_t src, mdsec_event_code_t code, uint32_t actor, mdsec_status_t st)
{
    return evcap_count(src, code, actor, st) != 0u;
}
