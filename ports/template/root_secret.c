/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Template port: the device-unique root secret. See port.c for how to
 * implement a stub.
 */
#include <stdint.h>

#include "mdsec/port.h"
#include "mdsec/port_template.h"

#ifndef MDSEC_TEMPLATE_OMIT_mdsec_port_root_secret
#ifndef MDSEC_TEMPLATE_PORT_ALLOW_STUBS
#warning "mdsec_port_root_secret() not implemented (ports/template stub)"
#endif
/*
 * mdsec_port_root_secret(out) must:
 *  - copy the MDSEC_ROOT_SECRET_LEN-byte root secret into out and return
 *    MDSEC_OK; mdsec derives its key-encryption and log keys from it;
 *  - give a secret that differs between devices and is the same on every
 *    boot: read it from OTP or eFuses programmed at manufacture, a PUF, or
 *    a secure element; never a constant in the firmware image, never the
 *    public chip ID;
 *  - keep it inside the device: readable only by the code that needs it
 *    (lock the fuse or key slot against debug access and other code);
 *  - refuse blank storage: all 0x00 or all 0xFF is unprogrammed, not a
 *    secret; report it, and any read failure, as MDSEC_ERR_ROOT_SECRET with
 *    out zeroed.
 * The caller wipes its copy with mdsec_memzero() after use; wipe any
 * temporary copy of your own the same way.
 * Checked by test_port_contract: root_secret_is_stable_and_not_blank (two
 * reads agree, neither all 0x00 nor all 0xFF). That each device has its
 * own secret can only be checked across devices, at manufacture.
 */
mdsec_status_t mdsec_port_root_secret(uint8_t out[MDSEC_ROOT_SECRET_LEN])
{
    if (out != NULL) {
        mdsec_memzero(out, MDSEC_ROOT_SECRET_LEN);
    }
    return mdsec_template_unimplemented("mdsec_port_root_secret");
}
#endif
