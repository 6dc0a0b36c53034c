/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The device-unique root secret, simulated by a file in the state
 * directory. A real device keeps it in hardware (OTP fuses, a PUF or a
 * secure element) where software cannot read it out; this file only stands
 * in for that on a development host.
 *
 * On first use the file is created from the entropy source: written to a
 * temporary file opened with O_EXCL and mode 0600, synced, then published
 * with link(), which fails rather than replace a file that appeared in the
 * meantime. Afterwards it is used only when it is a regular file owned by
 * this user, exactly MDSEC_ROOT_SECRET_LEN bytes long and not accessible by
 * group or others. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix_internal.h"

#define ROOT_SECRET_FILE "root-secret"
#define ROOT_SECRET_TMP  "root-secret.tmp"

static int create_secret(int dirfd)
{
    uint8_t fresh[MDSEC_ROOT_SECRET_LEN];
    int fd;
    int ok;

    if (mdsec_port_entropy(fresh, sizeof fresh) != MDSEC_OK) {
        return -1;
    }
    if (unlinkat(dirfd, ROOT_SECRET_TMP, 0) != 0 && errno != ENOENT) {
        mdsec_memzero(fresh, sizeof fresh);
        return -1;
    }
    fd = mdsec_posix_openat(dirfd, ROOT_SECRET_TMP, O_WRONLY | O_CREAT | O_EXCL, 0600u);
    if (fd < 0) {
        mdsec_memzero(fresh, sizeof fresh);
        return -1;
    }
    /* The umask can only remove bits; make the mode exact anyway. */
    ok = fchmod(fd, 0600) == 0 && mdsec_posix_write_all(fd, fresh, sizeof fresh) == 0 &&
         mdsec_posix_sync_file(fd) == 0;
    mdsec_memzero(fresh, sizeof fresh);
    mdsec_posix_close(fd);
    if (ok && linkat(dirfd, ROOT_SECRET_TMP, dirfd, ROOT_SECRET_FILE, 0) != 0 && errno != EEXIST) {
        ok = 0;
    }
    if (unlinkat(dirfd, ROOT_SECRET_TMP, 0) != 0) {
        ok = 0;
    }
    if (ok && mdsec_posix_sync_dir(dirfd) != 0) {
        ok = 0;
    }
    return ok ? 0 : -1;
}

static int read_secret(int dirfd, uint8_t out[MDSEC_ROOT_SECRET_LEN])
{
    struct stat sb;
    int fd = mdsec_posix_openat(dirfd, ROOT_SECRET_FILE, O_RDONLY, 0u);
    int ok;

    if (fd < 0) {
        return errno == ENOENT ? 1 : -1;
    }
    ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
         (sb.st_mode & (S_IRWXG | S_IRWXO)) == 0 && sb.st_size == (off_t)MDSEC_ROOT_SECRET_LEN &&
         mdsec_posix_pread_all(fd, out, MDSEC_ROOT_SECRET_LEN, 0) == 0;
    mdsec_posix_close(fd);
    return ok ? 0 : -1;
}

static int all_zero(const uint8_t *p, size_t len)
{
    unsigned int acc = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        acc |= p[i];
    }
    return acc == 0u;
}

mdsec_status_t mdsec_port_root_secret(uint8_t out[MDSEC_ROOT_SECRET_LEN])
{
    int dirfd;
    int r = -1;

    if (out == NULL) {
        return MDSEC_ERR_ROOT_SECRET;
    }
    if (mdsec_posix_lock() != MDSEC_OK) {
        mdsec_memzero(out, MDSEC_ROOT_SECRET_LEN);
        return MDSEC_ERR_ROOT_SECRET;
    }
    dirfd = mdsec_posix_dirfd();
    if (dirfd >= 0) {
        r = read_secret(dirfd, out);
        if (r == 1 && create_secret(dirfd) == 0) {
            r = read_secret(dirfd, out);
        }
    }
    mdsec_posix_unlock();
    /* An all-zero secret means blank fuses, never a real device key. */
    if (r != 0 || all_zero(out, MDSEC_ROOT_SECRET_LEN)) {
        mdsec_memzero(out, MDSEC_ROOT_SECRET_LEN);
        return MDSEC_ERR_ROOT_SECRET;
    }
    return MDSEC_OK;
}
