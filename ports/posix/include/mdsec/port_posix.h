/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file port_posix.h
 * @brief Extra API of the POSIX port (and of the FreeRTOS POSIX simulator,
 *        which uses the same platform code): where the emulated device keeps
 *        its state, the flash geometry it emulates, and power-cut injection
 *        for tests.
 *
 * The POSIX port emulates a device in a *state directory*:
 *
 * | File                 | Emulates                                           |
 * |----------------------|----------------------------------------------------|
 * | `region-<n>.bin`     | storage region `n`: one flash area, byte for byte  |
 * | `counter-<id>`       | non-volatile monotonic counter `id`                |
 * | `root-secret`        | the device-unique root secret (OTP / fuses)        |
 * | `lock`               | keeps a second process off the same device         |
 *
 * The directory is, in order of precedence, the one given to
 * mdsec_posix_set_state_dir(), the environment variable
 * ::MDSEC_POSIX_STATE_DIR_ENV, or ::MDSEC_POSIX_STATE_DIR_DEFAULT. It is
 * created with mode 0700 by mdsec_port_init(), and refused when it is
 * writable by group or others. See docs/porting-posix.md.
 *
 * Every function here must be called from one thread while no other thread
 * uses mdsec, except the fault-injection functions, which may be called at
 * any time.
 */
#ifndef MDSEC_PORT_POSIX_H
#define MDSEC_PORT_POSIX_H

#include <stdint.h>

#include "mdsec/core.h"
#include "mdsec/port.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Environment variable naming the state directory. */
#define MDSEC_POSIX_STATE_DIR_ENV     "MDSEC_STATE_DIR"
/** @brief State directory used when neither the API nor the environment names one. */
#define MDSEC_POSIX_STATE_DIR_DEFAULT "./mdsec-state"
/** @brief Longest state-directory path accepted, in bytes, without the NUL. */
#define MDSEC_POSIX_PATH_MAX          1023u

/** @brief Number of integrator regions, numbered from ::MDSEC_PORT_REGION_USER. */
#define MDSEC_POSIX_USER_REGION_COUNT     4u
/** @brief Default size of ::MDSEC_PORT_REGION_KEYSTORE in bytes (32 KiB). */
#define MDSEC_POSIX_KEYSTORE_SIZE_DEFAULT (32u * 1024u)
/** @brief Default size of ::MDSEC_PORT_REGION_LOG in bytes (256 KiB). */
#define MDSEC_POSIX_LOG_SIZE_DEFAULT      (256u * 1024u)
/** @brief Default erase unit (4 KiB, as on most serial NOR flash). */
#define MDSEC_POSIX_SECTOR_SIZE_DEFAULT   4096u
/** @brief Default program unit (8 bytes, as on STM32L4 double-word flash). */
#define MDSEC_POSIX_PROGRAM_UNIT_DEFAULT  8u
/** @brief Default erased value (NOR flash). */
#define MDSEC_POSIX_ERASED_VALUE_DEFAULT  0xFFu
/** @brief Largest region size accepted by mdsec_posix_set_region() (64 MiB). */
#define MDSEC_POSIX_REGION_SIZE_MAX       (64u * 1024u * 1024u)

/**
 * @brief Choose the state directory. Call before mdsec_port_init() (or after
 *        mdsec_posix_deinit()).
 *
 * The path is copied. Its last component is created (mode 0700) by
 * mdsec_port_init() when missing; its parent must exist.
 * @param path Directory path, or NULL to go back to the environment variable
 *             and the default.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG (empty or longer than
 *         ::MDSEC_POSIX_PATH_MAX) or ::MDSEC_ERR_STATE (the port is
 *         initialised).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_posix_set_state_dir(const char *path);

/**
 * @brief Set the geometry of a storage region, or remove it. Call before
 *        mdsec_port_init() (or after mdsec_posix_deinit()).
 *
 * By default ::MDSEC_PORT_REGION_KEYSTORE (::MDSEC_POSIX_KEYSTORE_SIZE_DEFAULT
 * bytes) and ::MDSEC_PORT_REGION_LOG (::MDSEC_POSIX_LOG_SIZE_DEFAULT bytes)
 * exist, both with 4 KiB sectors, an 8-byte program unit, erased value 0xFF
 * and torn writes. The ::MDSEC_POSIX_USER_REGION_COUNT regions from
 * ::MDSEC_PORT_REGION_USER exist only once set here.
 *
 * A region file that already exists in the state directory must have the
 * configured size, or mdsec_port_init() fails; the emulated flash is never
 * silently resized.
 * @param region ::MDSEC_PORT_REGION_KEYSTORE, ::MDSEC_PORT_REGION_LOG or
 *               ::MDSEC_PORT_REGION_USER + 0 .. ::MDSEC_POSIX_USER_REGION_COUNT - 1.
 * @param geometry The new geometry, or NULL to remove the region. The sector
 *                 size and program unit must be powers of two with
 *                 program_unit <= sector_size, and the size a nonzero
 *                 multiple of the sector size of at most
 *                 ::MDSEC_POSIX_REGION_SIZE_MAX.
 * @return ::MDSEC_OK, ::MDSEC_ERR_STORAGE_REGION (no such region number),
 *         ::MDSEC_ERR_INVALID_ARG (bad geometry) or ::MDSEC_ERR_STATE (the
 *         port is initialised).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_posix_set_region(uint32_t region,
                                                      const mdsec_port_storage_info_t *geometry);

/**
 * @brief Put the state directory, the region geometry and the fault
 *        injector back to their defaults. Call only when the port is not
 *        initialised; does nothing otherwise.
 */
void mdsec_posix_reset_config(void);

/**
 * @brief Simulate a reboot of the emulated device: close every file and
 *        release the state directory, so that the next mdsec_port_init()
 *        starts from what is on "flash".
 *
 * Configuration (state directory, geometry) and the fault injector are
 * kept. Harmless when the port is not initialised.
 */
void mdsec_posix_deinit(void);

/**
 * @brief The state directory in use.
 * @return The path given to, or chosen by, the last successful
 *         mdsec_port_init(), or NULL when the port is not initialised.
 */
const char *mdsec_posix_state_dir(void);

/** @name Power-cut injection (tests only) */
/** @{ */
/**
 * @brief Arm a power cut.
 *
 * Counts every storage program, storage erase and counter advance that
 * would change the medium (calls rejected for their arguments, and counter
 * advances to the current value, are not counted). After @p ops_until_cut
 * such operations have succeeded, the next one loses power half-way:
 *
 * - a **program** writes exactly the first min(@p torn_bytes, len) bytes
 *   (byte granular: a @p torn_bytes that is not a multiple of the program
 *   unit leaves one program unit half new, half erased, which is harsher
 *   than most real parts); in a region whose torn_writes is 0 it writes all
 *   of them when @p torn_bytes >= len and none otherwise;
 * - an **erase** resets exactly the first min(@p torn_bytes, len) bytes of
 *   its range to the erased value (so 0 leaves the range untouched, and a
 *   value below the sector size leaves the first sector partly erased);
 * - a **counter advance** writes the first @p torn_bytes bytes of its 16-byte
 *   record to a temporary file; with @p torn_bytes >= 16 the record is then
 *   committed (the new value is durable), with less it is not (the old value
 *   stays and the next mdsec_port_init() discards the temporary file).
 *
 * The cut operation reports ::MDSEC_ERR_STORAGE_IO (::MDSEC_ERR_COUNTER_IO
 * for a counter). From then on the device is "powered off": every program,
 * erase and counter advance with valid arguments fails the same way, while
 * reads still show what the cut left, until mdsec_posix_fault_clear().
 *
 * Arming resets the operation count to 0.
 * @param ops_until_cut Operations allowed to complete before the cut.
 * @param torn_bytes How far the cut operation gets (see above).
 */
void mdsec_posix_fault_arm(uint32_t ops_until_cut, uint32_t torn_bytes);

/**
 * @brief Restore power: disarm, forget a cut that happened and reset the
 *        operation count to 0. Combine with mdsec_posix_deinit() and
 *        mdsec_port_init() to simulate the reboot that follows a power cut.
 */
void mdsec_posix_fault_clear(void);

/**
 * @brief Operations (as counted by mdsec_posix_fault_arm()) completed since
 *        the last arm or clear. Run a sequence once after
 *        mdsec_posix_fault_clear() to learn how many cut points it has.
 * @return The count; it stops at UINT32_MAX.
 */
uint32_t mdsec_posix_fault_op_count(void);

/**
 * @brief Whether an armed cut has happened (the device is "powered off").
 * @return 1 after the cut, until mdsec_posix_fault_clear(); 0 otherwise.
 */
int mdsec_posix_fault_tripped(void);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_PORT_POSIX_H */
