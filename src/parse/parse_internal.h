/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Internal helpers shared by the parse module's files. */
#ifndef MDSEC_SRC_PARSE_INTERNAL_H
#define MDSEC_SRC_PARSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/parse.h"

/* Take n bytes: a pointer to them, or NULL with the reader in an error state. */
const uint8_t *mdsec_reader_take(mdsec_reader_t *r, size_t n);

/* Read an n-byte (n <= 8) unsigned integer in the given byte order. */
uint64_t mdsec_read_uint_n(mdsec_reader_t *r, size_t n, int big_endian);

/* Nonzero when the n bytes at s are valid UTF-8 (RFC 3629). */
int mdsec_utf8_valid(const uint8_t *s, size_t n);

#endif /* MDSEC_SRC_PARSE_INTERNAL_H */
