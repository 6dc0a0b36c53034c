/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Host-only helpers for the tests of the POSIX platform code (posix port
 * and FreeRTOS POSIX simulator): a fresh state directory per test. */
#ifndef MDSEC_TEST_POSIX_UTIL_H
#define MDSEC_TEST_POSIX_UTIL_H

#include <stddef.h>

/* Creates a fresh private directory under $TMPDIR (or /tmp) and writes its
 * path to out. Returns 0 or -1. */
int mdsec_test_make_temp_dir(char *out, size_t cap, const char *tag);

/* Removes path and everything below it (one level of subdirectories is
 * enough for a state directory and its parent). Returns 0 or -1. */
int mdsec_test_remove_tree(const char *path);

#endif /* MDSEC_TEST_POSIX_UTIL_H */
