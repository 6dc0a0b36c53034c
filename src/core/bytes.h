/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Little-endian stores for the byte formats mdsec writes (keystore records
 * and blobs, log records, sectors, witnesses and exports). The matching
 * loads are the reader cursor's (mdsec/parse.h). Not a public API.
 */
#ifndef MDSEC_SRC_CORE_BYTES_H
#define MDSEC_SRC_CORE_BYTES_H

#include <stdint.h>

/* Store the low 16, 32 or 64 bits of v at p, least significant byte first. */
static inline void mdsec_put_le16(uint8_t *p, uint64_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void mdsec_put_le32(uint8_t *p, uint64_t v)
{
    mdsec_put_le16(p, v);
    mdsec_put_le16(p + 2, v >> 16);
}

static inline void mdsec_put_le64(uint8_t *p, uint64_t v)
{
    mdsec_put_le32(p, v);
    mdsec_put_le32(p + 4, v >> 32);
}

#endif /* MDSEC_SRC_CORE_BYTES_H */
