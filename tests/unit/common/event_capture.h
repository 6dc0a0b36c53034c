/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Test helper: an event sink that records the events it receives, so tests
 * can assert which events a call emitted (code, source, actor, status). */
#ifndef MDSEC_TESTS_EVENT_CAPTURE_H
#define MDSEC_TESTS_EVENT_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/event.h"

/* Events kept; later ones are counted in evcap_n but not stored. */
#define EVCAP_MAX 32u

extern mdsec_event_t evcap_events[EVCAP_MAX];
extern size_t evcap_n;

/* The sink: install with mdsec_event_set_sink(evcap_sink, NULL). */
void evcap_sink(void *ctx, const mdsec_event_t *ev);

/* Forget every recorded event. */
void evcap_reset(void);

/* How many recorded events match all four fields. */
size_t evcap_count(mdsec_event_source_t src, mdsec_event_code_t code, uint32_t actor,
                   mdsec_status_t st);

/* Nonzero when at least one recorded event matches. */
int evcap_saw(mdsec_event_source_t src, mdsec_event_code_t code, uint32_t actor, mdsec_status_t st);

#endif /* MDSEC_TESTS_EVENT_CAPTURE_H */
