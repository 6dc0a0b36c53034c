/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Internal interface between the files of the POSIX platform code.
 *
 * The platform part (state directory, storage, counters, root secret,
 * entropy, wall clock, fault injection) is shared with the FreeRTOS POSIX
 * simulator. The threading part (mdsec_port_mutex_*, the platform lock,
 * monotonic time, fatal, mdsec_port_init/name) is per port: ports/posix has
 * pthread versions, ports/freertos has FreeRTOS versions.
 */
#ifndef MDSEC_PORTS_POSIX_INTERNAL_H
#define MDSEC_PORTS_POSIX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mdsec/port.h"
#include "mdsec/port_posix.h"
#include "mdsec/status.h"

/* Number of region slots: keystore, log and the user regions. */
#define MDSEC_POSIX_REGION_SLOTS (2u + MDSEC_POSIX_USER_REGION_COUNT)

/* Bytes of a counter record: value, then its bitwise complement (both LE). */
#define MDSEC_POSIX_COUNTER_RECORD_LEN 16u

/* Chunk used to scan and fill regions without a heap. */
#define MDSEC_POSIX_CHUNK 512u

/* ---- Platform lock (lock.c in each port) --------------------------------
 * Serialises the platform state (open files, fault injector) and makes a
 * counter's read-check-write atomic. Not recursive. */
mdsec_status_t mdsec_posix_lock(void);
void mdsec_posix_unlock(void);

/* ---- State (state.c) -----------------------------------------------------
 * All of these are called with the platform lock held. */

/* Brings up the state directory and region files. Idempotent. */
mdsec_status_t mdsec_posix_platform_init(void);
/* Directory fd of the state directory, or -1 when not initialised. */
int mdsec_posix_dirfd(void);
/* Slot of a region number, or -1 when the number is not a region. */
int mdsec_posix_region_slot(uint32_t region);
/* Geometry of a configured region; 0 on success, -1 when not configured. */
int mdsec_posix_region_geometry(uint32_t region, mdsec_port_storage_info_t *info);
/* Open fd of a configured region's file, or -1 when not initialised. */
int mdsec_posix_region_fd(uint32_t region);

/* ---- Fault injection (fault.c) -------------------------------------------
 * Called with the platform lock held. */

/* Nonzero after a cut, until mdsec_posix_fault_clear(). */
int mdsec_posix_fault_is_off(void);
/* Called just before a mutating operation starts; returns 1 when this
 * operation is the one to cut (the device is then off) and sets *torn_bytes,
 * 0 otherwise. */
int mdsec_posix_fault_begin(uint32_t *torn_bytes);
/* Called after a mutating operation succeeded. */
void mdsec_posix_fault_done(void);
/* Disarms, powers on and zeroes the count. */
void mdsec_posix_fault_reset(void);

/* ---- I/O helpers (io.c) --------------------------------------------------
 * Each returns 0 on success and -1 on failure; short transfers and EINTR
 * are retried. */
int mdsec_posix_pread_all(int fd, void *buf, size_t len, off_t offset);
int mdsec_posix_pwrite_all(int fd, const void *buf, size_t len, off_t offset);
int mdsec_posix_write_all(int fd, const void *buf, size_t len);
/* Makes a file's data durable (fdatasync, or the platform's equivalent). */
int mdsec_posix_sync_file(int fd);
/* Makes a directory's entries durable. */
int mdsec_posix_sync_dir(int dirfd);
/* Closes fd, ignoring EINTR (the descriptor is released either way). */
void mdsec_posix_close(int fd);
/* Opens name relative to dirfd, retrying on EINTR. */
int mdsec_posix_openat(int dirfd, const char *name, int flags, unsigned int mode);

#endif /* MDSEC_PORTS_POSIX_INTERNAL_H */
