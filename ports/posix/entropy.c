/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Entropy from the operating system's CSPRNG: getrandom() on Linux,
 * getentropy() elsewhere (both block until the kernel pool is seeded). */
#if defined(__linux__)
#define _GNU_SOURCE
#else
#define _DEFAULT_SOURCE 1
#define _BSD_SOURCE     1
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE 1
#endif
#endif

#include <errno.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__) || defined(__APPLE__)
#include <sys/random.h>
#endif

#include "posix_internal.h"

/* The contract's limit, which is also getentropy()'s. */
#define ENTROPY_MAX 256u

static int fill(unsigned char *p, size_t len)
{
#if defined(__linux__)
    size_t done = 0;

    while (done < len) {
        ssize_t n = getrandom(p + done, len - done, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
#else
    for (;;) {
        if (getentropy(p, len) == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return -1;
        }
    }
#endif
}

mdsec_status_t mdsec_port_entropy(void *buf, size_t len)
{
    if (buf == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    if (len > ENTROPY_MAX) {
        mdsec_memzero(buf, len);
        return MDSEC_ERR_INVALID_ARG;
    }
    if (fill((unsigned char *)buf, len) != 0) {
        mdsec_memzero(buf, len);
        return MDSEC_ERR_ENTROPY;
    }
    return MDSEC_OK;
}
