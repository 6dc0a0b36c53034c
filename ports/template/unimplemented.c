/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: the record of which stubs were called (see
 * mdsec/port_template.h). Bring-up only; delete it, with
 * include/mdsec/port_template.h, when no stub is left.
 */
#include <stddef.h>
#include <string.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

static const char *recorded[MDSEC_TEMPLATE_MAX_RECORDED];
static size_t n_recorded;

/* The last stub called, for a debugger ("print last_stub"). */
static const char *volatile last_stub;

mdsec_status_t mdsec_template_unimplemented(const char *function)
{
    size_t i;

    if (function == NULL) {
        function = "(unnamed stub)";
    }
    last_stub = function;
    for (i = 0; i < n_recorded; i++) {
        if (strcmp(recorded[i], function) == 0) {
            return MDSEC_ERR_PORT_UNIMPLEMENTED;
        }
    }
    if (n_recorded < MDSEC_TEMPLATE_MAX_RECORDED) {
        recorded[n_recorded] = function;
        n_recorded++;
    }
    return MDSEC_ERR_PORT_UNIMPLEMENTED;
}

void mdsec_template_unimplemented_fatal(const char *function)
{
    (void)mdsec_template_unimplemented(function);
    mdsec_port_fatal(MDSEC_ERR_PORT_UNIMPLEMENTED);
    /* Only reached when mdsec_port_fatal() returned, which it must never do. */
    for (;;) {
    }
}

size_t mdsec_template_unimplemented_count(void)
{
    return n_recorded;
}

const char *mdsec_template_unimplemented_name(size_t index)
{
    return index < n_recorded ? recorded[index] : NULL;
}
