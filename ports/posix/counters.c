/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Non-volatile monotonic counters: one file per counter in the state
 * directory, holding the value and its complement (16 bytes, little
 * endian). An advance writes a temporary file, syncs it, renames it over the
 * old one and syncs the directory, so a crash leaves the old or the new
 * value. A missing file reads 0; a damaged one is an error, never 0. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix_internal.h"

static int counter_name(char *buf, size_t cap, uint32_t id, const char *suffix)
{
    int n = snprintf(buf, cap, "counter-%lu%s", (unsigned long)id, suffix);
    return (n > 0 && (size_t)n < cap) ? 0 : -1;
}

static void put_le64(unsigned char *p, uint64_t v)
{
    unsigned int i;

    for (i = 0; i < 8u; i++) {
        p[i] = (unsigned char)(v >> (8u * i));
    }
}

static uint64_t get_le64(const unsigned char *p)
{
    uint64_t v = 0;
    unsigned int i;

    for (i = 0; i < 8u; i++) {
        v |= (uint64_t)p[i] << (8u * i);
    }
    return v;
}

static mdsec_status_t read_locked(uint32_t id, uint64_t *value)
{
    unsigned char rec[MDSEC_POSIX_COUNTER_RECORD_LEN + 1u];
    char name[40];
    struct stat sb;
    uint64_t v;
    int dirfd = mdsec_posix_dirfd();
    int fd;

    *value = 0;
    if (dirfd < 0 || counter_name(name, sizeof name, id, "") != 0) {
        return MDSEC_ERR_COUNTER_IO;
    }
    fd = mdsec_posix_openat(dirfd, name, O_RDONLY, 0u);
    if (fd < 0) {
        return errno == ENOENT ? MDSEC_OK : MDSEC_ERR_COUNTER_IO;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        sb.st_size != (off_t)MDSEC_POSIX_COUNTER_RECORD_LEN ||
        mdsec_posix_pread_all(fd, rec, MDSEC_POSIX_COUNTER_RECORD_LEN, 0) != 0) {
        mdsec_posix_close(fd);
        return MDSEC_ERR_COUNTER_IO;
    }
    mdsec_posix_close(fd);
    v = get_le64(rec);
    if (get_le64(rec + 8) != ~v) {
        return MDSEC_ERR_COUNTER_IO;
    }
    *value = v;
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_counter_read(uint32_t id, uint64_t *value)
{
    mdsec_status_t rc;

    if (value == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    *value = 0;
    if (id >= MDSEC_PORT_COUNTER_COUNT) {
        return MDSEC_ERR_COUNTER_ID;
    }
    if (mdsec_posix_lock() != MDSEC_OK) {
        return MDSEC_ERR_COUNTER_IO;
    }
    rc = read_locked(id, value);
    mdsec_posix_unlock();
    return rc;
}

/* Writes the record to counter-<id>.tmp: the first `part` bytes only when
 * part < the record length (a power cut), then, for a whole record, commits
 * it by rename. Returns 0 when the record was committed. */
static int write_record(int dirfd, uint32_t id, uint64_t value, size_t part)
{
    unsigned char rec[MDSEC_POSIX_COUNTER_RECORD_LEN];
    char tmp[40], final[40];
    int fd;
    int ok;

    if (counter_name(tmp, sizeof tmp, id, ".tmp") != 0 ||
        counter_name(final, sizeof final, id, "") != 0) {
        return -1;
    }
    put_le64(rec, value);
    put_le64(rec + 8, ~value);
    fd = mdsec_posix_openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600u);
    if (fd < 0) {
        return -1;
    }
    ok = mdsec_posix_write_all(fd, rec, part) == 0 && mdsec_posix_sync_file(fd) == 0;
    mdsec_posix_close(fd);
    if (!ok || part < sizeof rec) {
        return -1; /* a torn temporary file stays, as after a real crash */
    }
    if (renameat(dirfd, tmp, dirfd, final) != 0) {
        (void)unlinkat(dirfd, tmp, 0);
        return -1;
    }
    return mdsec_posix_sync_dir(dirfd);
}

static mdsec_status_t advance_locked(uint32_t id, uint64_t value)
{
    uint64_t cur;
    uint32_t torn;
    mdsec_status_t rc;
    int dirfd = mdsec_posix_dirfd();

    if (dirfd < 0 || mdsec_posix_fault_is_off()) {
        return MDSEC_ERR_COUNTER_IO;
    }
    rc = read_locked(id, &cur);
    if (rc != MDSEC_OK) {
        return rc;
    }
    if (value < cur) {
        return MDSEC_ERR_COUNTER_ROLLBACK;
    }
    if (value == cur) {
        return MDSEC_OK;
    }
    if (mdsec_posix_fault_begin(&torn)) {
        size_t part =
            torn < MDSEC_POSIX_COUNTER_RECORD_LEN ? (size_t)torn : MDSEC_POSIX_COUNTER_RECORD_LEN;
        (void)write_record(dirfd, id, value, part);
        return MDSEC_ERR_COUNTER_IO;
    }
    if (write_record(dirfd, id, value, MDSEC_POSIX_COUNTER_RECORD_LEN) != 0) {
        return MDSEC_ERR_COUNTER_IO;
    }
    mdsec_posix_fault_done();
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_counter_advance(uint32_t id, uint64_t value)
{
    mdsec_status_t rc;

    if (id >= MDSEC_PORT_COUNTER_COUNT) {
        return MDSEC_ERR_COUNTER_ID;
    }
    if (mdsec_posix_lock() != MDSEC_OK) {
        return MDSEC_ERR_COUNTER_IO;
    }
    rc = advance_locked(id, value);
    mdsec_posix_unlock();
    return rc;
}
