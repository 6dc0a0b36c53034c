/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* EINTR-safe, short-transfer-safe I/O helpers for the POSIX platform code.
 * Under the FreeRTOS POSIX simulator the tick is a signal, so any system
 * call may be interrupted; every loop here retries on EINTR. */
#define _POSIX_C_SOURCE 200809L
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "posix_internal.h"

int mdsec_posix_pread_all(int fd, void *buf, size_t len, off_t offset)
{
    unsigned char *p = (unsigned char *)buf;
    size_t done = 0;

    while (done < len) {
        ssize_t n = pread(fd, p + done, len - done, offset + (off_t)done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (n == 0) {
            return -1; /* unexpected end of file */
        }
        done += (size_t)n;
    }
    return 0;
}

int mdsec_posix_pwrite_all(int fd, const void *buf, size_t len, off_t offset)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t done = 0;

    while (done < len) {
        ssize_t n = pwrite(fd, p + done, len - done, offset + (off_t)done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (n == 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

int mdsec_posix_write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    size_t done = 0;

    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (n == 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

int mdsec_posix_sync_file(int fd)
{
    for (;;) {
#if defined(__APPLE__)
        /* fsync() on macOS does not reach the medium; F_FULLFSYNC does. */
        if (fcntl(fd, F_FULLFSYNC) == 0) {
            return 0;
        }
        if (errno != EINTR && fsync(fd) == 0) {
            return 0;
        }
#elif defined(__linux__)
        if (fdatasync(fd) == 0) {
            return 0;
        }
#else
        if (fsync(fd) == 0) {
            return 0;
        }
#endif
        if (errno != EINTR) {
            return -1;
        }
    }
}

int mdsec_posix_sync_dir(int dirfd)
{
    for (;;) {
        if (fsync(dirfd) == 0) {
            return 0;
        }
        if (errno == EINVAL) {
            /* Some file systems cannot sync a directory; their renames are
             * durable without it. */
            return 0;
        }
        if (errno != EINTR) {
            return -1;
        }
    }
}

void mdsec_posix_close(int fd)
{
    /* POSIX leaves the descriptor state unspecified after EINTR; Linux and
     * the BSDs always release it, so retrying could close someone else's
     * descriptor. Errors on close of a file already synced carry no data. */
    if (fd >= 0 && close(fd) != 0) {
        errno = 0;
    }
}

int mdsec_posix_openat(int dirfd, const char *name, int flags, unsigned int mode)
{
    for (;;) {
        int fd = openat(dirfd, name, flags | O_CLOEXEC | O_NOFOLLOW, (mode_t)mode);
        if (fd >= 0 || errno != EINTR) {
            return fd;
        }
    }
}
