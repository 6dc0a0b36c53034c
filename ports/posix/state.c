/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The emulated device's state directory: configuration, bring-up (state
 * directory, lock, region files) and shut-down. */
#if defined(__linux__)
#define _GNU_SOURCE /* secure_getenv */
#else
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "posix_internal.h"

typedef struct region_slot {
    int configured;
    int fd;
    mdsec_port_storage_info_t info;
} region_slot_t;

static struct {
    int defaults_loaded;
    int initialised;
    int dirfd;
    int lockfd;
    int dir_set;
    char dir_cfg[MDSEC_POSIX_PATH_MAX + 1u];
    char dir_used[MDSEC_POSIX_PATH_MAX + 1u];
    region_slot_t regions[MDSEC_POSIX_REGION_SLOTS];
} st;

static uint32_t slot_region(unsigned int slot)
{
    return slot < 2u ? (uint32_t)slot : MDSEC_PORT_REGION_USER + (uint32_t)(slot - 2u);
}

int mdsec_posix_region_slot(uint32_t region)
{
    if (region == MDSEC_PORT_REGION_KEYSTORE || region == MDSEC_PORT_REGION_LOG) {
        return (int)region;
    }
    if (region >= MDSEC_PORT_REGION_USER &&
        region - MDSEC_PORT_REGION_USER < MDSEC_POSIX_USER_REGION_COUNT) {
        return 2 + (int)(region - MDSEC_PORT_REGION_USER);
    }
    return -1;
}

static void nor_geometry(mdsec_port_storage_info_t *g, uint32_t size)
{
    g->size = size;
    g->sector_size = MDSEC_POSIX_SECTOR_SIZE_DEFAULT;
    g->program_unit = MDSEC_POSIX_PROGRAM_UNIT_DEFAULT;
    g->erased_value = MDSEC_POSIX_ERASED_VALUE_DEFAULT;
    g->torn_writes = 1u;
}

static void load_defaults(void)
{
    unsigned int i;

    memset(&st, 0, sizeof st);
    st.dirfd = -1;
    st.lockfd = -1;
    for (i = 0; i < MDSEC_POSIX_REGION_SLOTS; i++) {
        st.regions[i].fd = -1;
    }
    st.regions[0].configured = 1;
    nor_geometry(&st.regions[0].info, MDSEC_POSIX_KEYSTORE_SIZE_DEFAULT);
    st.regions[1].configured = 1;
    nor_geometry(&st.regions[1].info, MDSEC_POSIX_LOG_SIZE_DEFAULT);
    st.defaults_loaded = 1;
}

static void ensure_defaults(void)
{
    if (!st.defaults_loaded) {
        load_defaults();
    }
}

int mdsec_posix_dirfd(void)
{
    return st.initialised ? st.dirfd : -1;
}

int mdsec_posix_region_geometry(uint32_t region, mdsec_port_storage_info_t *info)
{
    int slot = mdsec_posix_region_slot(region);

    ensure_defaults();
    if (slot < 0 || !st.regions[slot].configured) {
        return -1;
    }
    *info = st.regions[slot].info;
    return 0;
}

int mdsec_posix_region_fd(uint32_t region)
{
    int slot = mdsec_posix_region_slot(region);

    if (!st.initialised || slot < 0 || !st.regions[slot].configured) {
        return -1;
    }
    return st.regions[slot].fd;
}

static int region_name(char *buf, size_t cap, uint32_t region, const char *ext)
{
    int n = snprintf(buf, cap, "region-%lu.%s", (unsigned long)region, ext);
    return (n > 0 && (size_t)n < cap) ? 0 : -1;
}

static void close_all(void)
{
    unsigned int i;

    for (i = 0; i < MDSEC_POSIX_REGION_SLOTS; i++) {
        mdsec_posix_close(st.regions[i].fd);
        st.regions[i].fd = -1;
    }
    mdsec_posix_close(st.lockfd); /* releases the fcntl lock */
    st.lockfd = -1;
    mdsec_posix_close(st.dirfd);
    st.dirfd = -1;
    st.initialised = 0;
}

/* Removes name from the state directory if present. */
static int unlink_stale(const char *name)
{
    if (unlinkat(st.dirfd, name, 0) == 0 || errno == ENOENT) {
        return 0;
    }
    return -1;
}

/* Removes temporary files a power cut may have left behind. */
static int remove_stale_temporaries(void)
{
    char name[40];
    unsigned int i;

    for (i = 0; i < MDSEC_POSIX_REGION_SLOTS; i++) {
        if (region_name(name, sizeof name, slot_region(i), "tmp") != 0 || unlink_stale(name) != 0) {
            return -1;
        }
    }
    for (i = 0; i < MDSEC_PORT_COUNTER_COUNT; i++) {
        int n = snprintf(name, sizeof name, "counter-%u.tmp", i);
        if (n <= 0 || (size_t)n >= sizeof name || unlink_stale(name) != 0) {
            return -1;
        }
    }
    return unlink_stale("root-secret.tmp");
}

/* Creates a fully erased region file atomically (temporary file, sync,
 * rename, sync directory), so that a crash never leaves a short one. */
static int create_region_file(uint32_t region, const mdsec_port_storage_info_t *g)
{
    unsigned char chunk[MDSEC_POSIX_CHUNK];
    char tmp[40], final[40];
    uint32_t done = 0;
    int fd;

    if (region_name(tmp, sizeof tmp, region, "tmp") != 0 ||
        region_name(final, sizeof final, region, "bin") != 0) {
        return -1;
    }
    fd = mdsec_posix_openat(st.dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL, 0600u);
    if (fd < 0) {
        return -1;
    }
    memset(chunk, g->erased_value, sizeof chunk);
    while (done < g->size) {
        uint32_t n = g->size - done;
        if (n > (uint32_t)sizeof chunk) {
            n = (uint32_t)sizeof chunk;
        }
        if (mdsec_posix_write_all(fd, chunk, n) != 0) {
            break;
        }
        done += n;
    }
    if (done != g->size || mdsec_posix_sync_file(fd) != 0) {
        mdsec_posix_close(fd);
        (void)unlinkat(st.dirfd, tmp, 0);
        return -1;
    }
    mdsec_posix_close(fd);
    if (renameat(st.dirfd, tmp, st.dirfd, final) != 0) {
        (void)unlinkat(st.dirfd, tmp, 0);
        return -1;
    }
    return mdsec_posix_sync_dir(st.dirfd);
}

/* Opens (creating when missing) the file of one configured region and
 * checks that it matches the configured geometry. */
static int open_region(unsigned int slot)
{
    region_slot_t *r = &st.regions[slot];
    uint32_t region = slot_region(slot);
    char name[40];
    struct stat sb;
    int fd;

    if (region_name(name, sizeof name, region, "bin") != 0) {
        return -1;
    }
    fd = mdsec_posix_openat(st.dirfd, name, O_RDWR, 0u);
    if (fd < 0 && errno == ENOENT) {
        if (create_region_file(region, &r->info) != 0) {
            return -1;
        }
        fd = mdsec_posix_openat(st.dirfd, name, O_RDWR, 0u);
    }
    if (fd < 0) {
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size != (off_t)r->info.size) {
        mdsec_posix_close(fd);
        return -1;
    }
    r->fd = fd;
    return 0;
}

/* Picks the directory: API, then environment, then default. */
static int resolve_dir(char *out, size_t cap)
{
    const char *path = NULL;
    size_t len;

    if (st.dir_set) {
        path = st.dir_cfg;
    } else {
#if defined(__GLIBC__)
        path = secure_getenv(MDSEC_POSIX_STATE_DIR_ENV);
#else
        path = getenv(MDSEC_POSIX_STATE_DIR_ENV);
#endif
        if (path == NULL || path[0] == '\0') {
            path = MDSEC_POSIX_STATE_DIR_DEFAULT;
        }
    }
    len = strlen(path);
    if (len == 0u || len >= cap) {
        return -1;
    }
    memcpy(out, path, len + 1u);
    return 0;
}

static mdsec_status_t open_state_dir(const char *path)
{
    struct flock fl;
    struct stat sb;

    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        return MDSEC_ERR_STORAGE_IO;
    }
    st.dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (st.dirfd < 0) {
        return MDSEC_ERR_STORAGE_IO;
    }
    /* Someone else able to write here could swap the root secret or the
     * "flash" under us. */
    if (fstat(st.dirfd, &sb) != 0 || !S_ISDIR(sb.st_mode) || sb.st_uid != geteuid() ||
        (sb.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return MDSEC_ERR_STORAGE_IO;
    }
    st.lockfd = mdsec_posix_openat(st.dirfd, "lock", O_RDWR | O_CREAT, 0600u);
    if (st.lockfd < 0) {
        return MDSEC_ERR_STORAGE_IO;
    }
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    while (fcntl(st.lockfd, F_SETLK, &fl) != 0) {
        if (errno == EACCES || errno == EAGAIN) {
            return MDSEC_ERR_STATE; /* another process runs this device */
        }
        if (errno != EINTR) {
            return MDSEC_ERR_STORAGE_IO;
        }
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_posix_platform_init(void)
{
    mdsec_status_t rc;
    unsigned int i;

    ensure_defaults();
    if (st.initialised) {
        return MDSEC_OK;
    }
    if (resolve_dir(st.dir_used, sizeof st.dir_used) != 0) {
        return MDSEC_ERR_INVALID_ARG;
    }
    rc = open_state_dir(st.dir_used);
    if (rc == MDSEC_OK && remove_stale_temporaries() != 0) {
        rc = MDSEC_ERR_STORAGE_IO;
    }
    for (i = 0; rc == MDSEC_OK && i < MDSEC_POSIX_REGION_SLOTS; i++) {
        if (st.regions[i].configured && open_region(i) != 0) {
            rc = MDSEC_ERR_STORAGE_IO;
        }
    }
    if (rc != MDSEC_OK) {
        close_all();
        return rc;
    }
    st.initialised = 1;
    return MDSEC_OK;
}

/* ---- Public configuration API -------------------------------------------- */

static void lock_or_die(void)
{
    if (mdsec_posix_lock() != MDSEC_OK) {
        mdsec_port_fatal(MDSEC_ERR_MUTEX);
    }
}

mdsec_status_t mdsec_posix_set_state_dir(const char *path)
{
    mdsec_status_t rc = MDSEC_OK;
    size_t len = 0;

    if (path != NULL) {
        len = strlen(path);
        if (len == 0u || len > MDSEC_POSIX_PATH_MAX) {
            return MDSEC_ERR_INVALID_ARG;
        }
    }
    lock_or_die();
    ensure_defaults();
    if (st.initialised) {
        rc = MDSEC_ERR_STATE;
    } else if (path == NULL) {
        st.dir_set = 0;
        st.dir_cfg[0] = '\0';
    } else {
        memcpy(st.dir_cfg, path, len + 1u);
        st.dir_set = 1;
    }
    mdsec_posix_unlock();
    return rc;
}

static int is_pow2(uint32_t x)
{
    return x != 0u && (x & (x - 1u)) == 0u;
}

mdsec_status_t mdsec_posix_set_region(uint32_t region, const mdsec_port_storage_info_t *geometry)
{
    int slot = mdsec_posix_region_slot(region);
    mdsec_status_t rc = MDSEC_OK;

    if (slot < 0) {
        return MDSEC_ERR_STORAGE_REGION;
    }
    if (geometry != NULL && (!is_pow2(geometry->sector_size) || !is_pow2(geometry->program_unit) ||
                             geometry->program_unit > geometry->sector_size ||
                             geometry->size == 0u || geometry->size > MDSEC_POSIX_REGION_SIZE_MAX ||
                             geometry->size % geometry->sector_size != 0u)) {
        return MDSEC_ERR_INVALID_ARG;
    }
    lock_or_die();
    ensure_defaults();
    if (st.initialised) {
        rc = MDSEC_ERR_STATE;
    } else if (geometry == NULL) {
        st.regions[slot].configured = 0;
        memset(&st.regions[slot].info, 0, sizeof st.regions[slot].info);
    } else {
        st.regions[slot].configured = 1;
        st.regions[slot].info = *geometry;
        st.regions[slot].info.torn_writes = geometry->torn_writes != 0u ? 1u : 0u;
    }
    mdsec_posix_unlock();
    return rc;
}

void mdsec_posix_reset_config(void)
{
    lock_or_die();
    if (!st.initialised) {
        load_defaults();
        mdsec_posix_fault_reset();
    }
    mdsec_posix_unlock();
}

void mdsec_posix_deinit(void)
{
    lock_or_die();
    ensure_defaults();
    close_all();
    mdsec_posix_unlock();
}

const char *mdsec_posix_state_dir(void)
{
    const char *dir;

    lock_or_die();
    dir = st.initialised ? st.dir_used : NULL;
    mdsec_posix_unlock();
    return dir;
}
