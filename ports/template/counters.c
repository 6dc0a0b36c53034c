/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: the non-volatile monotonic counters behind mdsec's
 * anti-rollback (firmware security counter, keystore state). Keep them in
 * storage that survives resets and power loss and that the application
 * cannot rewrite: OTP bits, a secure element's monotonic counters, or a
 * flash journal that writes a new record before it retires the old one.
 * See port.c for how to implement a stub.
 */
#include <stddef.h>
#include <stdint.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_counter_read
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_counter_read() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_counter_read(id, value) must:
 *  - provide MDSEC_PORT_COUNTER_COUNT counters, id 0 .. COUNT - 1, each a
 *    64-bit value that only ever grows; a counter never advanced reads 0;
 *  - set *value and return MDSEC_OK; on any failure set *value to 0;
 *  - return MDSEC_ERR_COUNTER_ID for id >= MDSEC_PORT_COUNTER_COUNT,
 *    MDSEC_ERR_COUNTER_IO when the store cannot be read (or a record fails
 *    its integrity check), and MDSEC_ERR_INVALID_ARG for value == NULL;
 *  - after a power cut during an advance, read the old or the new value,
 *    never anything else.
 * Checked by test_port_contract: counters_all_ids_readable (every id reads,
 * and a test device stays far below UINT64_MAX), counters_only_move_forward
 * and counters_reject_bad_id (ids COUNT, COUNT + 1 and UINT32_MAX; *value
 * is 0 afterwards).
 */
mdsec_status_t mdsec_port_counter_read(uint32_t id, uint64_t *value)
{
    (void)id;
    if (value != NULL) {
        *value = 0;
    }
    return mdsec_template_unimplemented("mdsec_port_counter_read");
}
#endif

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_counter_advance
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_counter_advance() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_counter_advance(id, value) must:
 *  - raise counter id to value durably before it returns: a reset right
 *    after MDSEC_OK reads value;
 *  - be atomic under power loss: a cut during the call leaves the old or
 *    the new value;
 *  - succeed and change nothing when value equals the current value;
 *  - refuse a value below the current one with MDSEC_ERR_COUNTER_ROLLBACK
 *    and change nothing;
 *  - return MDSEC_ERR_COUNTER_ID for a bad id and MDSEC_ERR_COUNTER_IO when
 *    the store cannot be written.
 * Checked by test_port_contract: counters_only_move_forward (v + 1 reads
 * back, v + 1 again changes nothing, v and 0 are refused) and
 * counters_reject_bad_id. The test advances every counter by one on each
 * run: run it on a development device, not one whose counters matter.
 */
mdsec_status_t mdsec_port_counter_advance(uint32_t id, uint64_t value)
{
    (void)id;
    (void)value;
    return mdsec_template_unimplemented("mdsec_port_counter_advance");
}
#endif
