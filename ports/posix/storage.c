/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* File-backed flash emulation: each region is one file in the state
 * directory. Programs may only turn erased bytes into data, erases work on
 * whole sectors, and both are synced to the disk before they return. */
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <sys/types.h>

#include "posix_internal.h"

/* Looks the region up and checks that [offset, offset + len) lies inside it
 * (wrap-safe). */
static mdsec_status_t check_range(uint32_t region, uint32_t offset, size_t len,
                                  mdsec_port_storage_info_t *g)
{
    if (mdsec_posix_region_geometry(region, g) != 0) {
        return MDSEC_ERR_STORAGE_REGION;
    }
    if (offset > g->size || len > (size_t)(g->size - offset)) {
        return MDSEC_ERR_STORAGE_BOUNDS;
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_port_storage_info(uint32_t region, mdsec_port_storage_info_t *info)
{
    mdsec_status_t rc;

    if (info == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    rc = mdsec_posix_lock();
    if (rc != MDSEC_OK) {
        memset(info, 0, sizeof *info);
        return MDSEC_ERR_STORAGE_REGION;
    }
    if (mdsec_posix_region_geometry(region, info) != 0) {
        memset(info, 0, sizeof *info);
        rc = MDSEC_ERR_STORAGE_REGION;
    }
    mdsec_posix_unlock();
    return rc;
}

mdsec_status_t mdsec_port_storage_read(uint32_t region, uint32_t offset, void *buf, size_t len)
{
    mdsec_port_storage_info_t g;
    mdsec_status_t rc;

    if (buf == NULL) {
        return len == 0u ? MDSEC_OK : MDSEC_ERR_INVALID_ARG;
    }
    rc = mdsec_posix_lock();
    if (rc != MDSEC_OK) {
        memset(buf, 0, len);
        return MDSEC_ERR_STORAGE_IO;
    }
    rc = check_range(region, offset, len, &g);
    if (rc == MDSEC_OK && len > 0u) {
        int fd = mdsec_posix_region_fd(region);
        if (fd < 0 || mdsec_posix_pread_all(fd, buf, len, (off_t)offset) != 0) {
            rc = MDSEC_ERR_STORAGE_IO;
        }
    }
    mdsec_posix_unlock();
    if (rc != MDSEC_OK) {
        memset(buf, 0, len);
    }
    return rc;
}

/* Checks that every byte of [offset, offset + len) holds the erased value. */
static mdsec_status_t check_erased(int fd, const mdsec_port_storage_info_t *g, uint32_t offset,
                                   size_t len)
{
    unsigned char chunk[MDSEC_POSIX_CHUNK];
    size_t done = 0;

    while (done < len) {
        size_t n = len - done;
        size_t i;
        if (n > sizeof chunk) {
            n = sizeof chunk;
        }
        if (mdsec_posix_pread_all(fd, chunk, n, (off_t)offset + (off_t)done) != 0) {
            return MDSEC_ERR_STORAGE_IO;
        }
        for (i = 0; i < n; i++) {
            if (chunk[i] != g->erased_value) {
                return MDSEC_ERR_STORAGE_NOT_ERASED;
            }
        }
        done += n;
    }
    return MDSEC_OK;
}

/* Writes data and syncs it. */
static mdsec_status_t write_synced(int fd, const void *data, size_t len, uint32_t offset)
{
    if (len > 0u && mdsec_posix_pwrite_all(fd, data, len, (off_t)offset) != 0) {
        return MDSEC_ERR_STORAGE_IO;
    }
    return mdsec_posix_sync_file(fd) == 0 ? MDSEC_OK : MDSEC_ERR_STORAGE_IO;
}

static mdsec_status_t program_locked(uint32_t region, uint32_t offset, const void *data, size_t len)
{
    mdsec_port_storage_info_t g;
    mdsec_status_t rc;
    uint32_t torn;
    int fd;

    rc = check_range(region, offset, len, &g);
    if (rc != MDSEC_OK) {
        return rc;
    }
    if ((offset & (g.program_unit - 1u)) != 0u || (len & (size_t)(g.program_unit - 1u)) != 0u) {
        return MDSEC_ERR_STORAGE_ALIGN;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    if (data == NULL) {
        return MDSEC_ERR_INVALID_ARG;
    }
    fd = mdsec_posix_region_fd(region);
    if (fd < 0 || mdsec_posix_fault_is_off()) {
        return MDSEC_ERR_STORAGE_IO;
    }
    rc = check_erased(fd, &g, offset, len);
    if (rc != MDSEC_OK) {
        return rc;
    }
    if (mdsec_posix_fault_begin(&torn)) {
        size_t part = torn < len ? (size_t)torn : len;
        if (!g.torn_writes && part < len) {
            part = 0; /* this part never tears: all or nothing */
        }
        (void)write_synced(fd, data, part, offset);
        return MDSEC_ERR_STORAGE_IO;
    }
    rc = write_synced(fd, data, len, offset);
    if (rc == MDSEC_OK) {
        mdsec_posix_fault_done();
    }
    return rc;
}

mdsec_status_t mdsec_port_storage_program(uint32_t region, uint32_t offset, const void *data,
                                          size_t len)
{
    mdsec_status_t rc = mdsec_posix_lock();

    if (rc != MDSEC_OK) {
        return MDSEC_ERR_STORAGE_IO;
    }
    rc = program_locked(region, offset, data, len);
    mdsec_posix_unlock();
    return rc;
}

/* Sets [offset, offset + len) to the erased value and syncs it. */
static mdsec_status_t fill_erased(int fd, const mdsec_port_storage_info_t *g, uint32_t offset,
                                  size_t len)
{
    unsigned char chunk[MDSEC_POSIX_CHUNK];
    size_t done = 0;

    memset(chunk, g->erased_value, sizeof chunk);
    while (done < len) {
        size_t n = len - done;
        if (n > sizeof chunk) {
            n = sizeof chunk;
        }
        if (mdsec_posix_pwrite_all(fd, chunk, n, (off_t)offset + (off_t)done) != 0) {
            return MDSEC_ERR_STORAGE_IO;
        }
        done += n;
    }
    return mdsec_posix_sync_file(fd) == 0 ? MDSEC_OK : MDSEC_ERR_STORAGE_IO;
}

static mdsec_status_t erase_locked(uint32_t region, uint32_t offset, size_t len)
{
    mdsec_port_storage_info_t g;
    mdsec_status_t rc;
    uint32_t torn;
    int fd;

    rc = check_range(region, offset, len, &g);
    if (rc != MDSEC_OK) {
        return rc;
    }
    if ((offset & (g.sector_size - 1u)) != 0u || (len & (size_t)(g.sector_size - 1u)) != 0u) {
        return MDSEC_ERR_STORAGE_ALIGN;
    }
    if (len == 0u) {
        return MDSEC_OK;
    }
    fd = mdsec_posix_region_fd(region);
    if (fd < 0 || mdsec_posix_fault_is_off()) {
        return MDSEC_ERR_STORAGE_IO;
    }
    if (mdsec_posix_fault_begin(&torn)) {
        (void)fill_erased(fd, &g, offset, torn < len ? (size_t)torn : len);
        return MDSEC_ERR_STORAGE_IO;
    }
    rc = fill_erased(fd, &g, offset, len);
    if (rc == MDSEC_OK) {
        mdsec_posix_fault_done();
    }
    return rc;
}

mdsec_status_t mdsec_port_storage_erase(uint32_t region, uint32_t offset, size_t len)
{
    mdsec_status_t rc = mdsec_posix_lock();

    if (rc != MDSEC_OK) {
        return MDSEC_ERR_STORAGE_IO;
    }
    rc = erase_locked(region, offset, len);
    mdsec_posix_unlock();
    return rc;
}
