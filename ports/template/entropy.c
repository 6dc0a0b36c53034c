/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: entropy, from your MCU's true random number generator
 * (TRNG) or a secure element. See port.c for how to implement a stub.
 */
#include <stddef.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_entropy
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_entropy() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_entropy(buf, len) must:
 *  - fill all len bytes of buf from a true random source (or a
 *    cryptographically conditioned one) fit to seed a DRBG: the TRNG with
 *    its start-up and continuous health tests enabled, or a secure
 *    element; never a PRNG with a fixed or guessable seed, never the chip
 *    ID or a timer;
 *  - be all or nothing: fill every byte and return MDSEC_OK, or fail and
 *    zero all len bytes of buf; write nothing past buf + len;
 *  - take any len from 1 to 256 bytes per call (odd lengths too);
 *  - refuse buf == NULL with MDSEC_ERR_INVALID_ARG, and len > 256 with
 *    MDSEC_ERR_INVALID_ARG after zeroing the len bytes;
 *  - report a source that fails or fails a health test as MDSEC_ERR_ENTROPY
 *    (never return unchecked bytes).
 * Checked by test_port_contract: entropy_fills_every_byte (8 draws of 256
 * bytes: no byte position stays zero in all of them; the bytes after the
 * buffer are untouched), entropy_draws_differ (two draws differ; a 1-byte
 * draw writes 1 byte) and entropy_rejects_bad_arguments.
 */
mdsec_status_t mdsec_port_entropy(void *buf, size_t len)
{
    if (buf != NULL) {
        mdsec_memzero(buf, len);
    }
    return mdsec_template_unimplemented("mdsec_port_entropy");
}
#endif
