/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Internal to the firmware module (and its tests).
 */
#ifndef MDSEC_SRC_FW_INTERNAL_H
#define MDSEC_SRC_FW_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/fw.h"

/*
 * mdsec_fw_verify(), with the whole image also in memory at image (region_size
 * bytes), or NULL. mdsec_fw_verify passes NULL; mdsec_fw_verify_buffer the
 * buffer, with a read function that copies from it. Everything is read through
 * read; only a pure Ed25519 signature is checked over image, and the digest of
 * the bytes read is then compared with the digest of image
 * (MDSEC_ERR_FW_CHANGED). Tests pass a read function that answers otherwise.
 */
MDSEC_NODISCARD mdsec_status_t mdsec__fw_verify_image(mdsec_fw_ctx_t *ctx,
                                                      const mdsec_fw_policy_t *policy,
                                                      mdsec_fw_read_fn read, void *read_ctx,
                                                      uint32_t region_size, const uint8_t *image,
                                                      mdsec_fw_result_t *result);

#endif /* MDSEC_SRC_FW_INTERNAL_H */
