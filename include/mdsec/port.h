/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file port.h
 * @brief The port contract: everything platform-specific mdsec needs.
 *
 * The core in `src/` never includes an OS or board header; it calls only the
 * functions below. A port (`ports/posix`, `ports/freertos`,
 * `ports/baremetal`, or the integrator's own) implements all of them. See
 * docs/porting.md for the rules each function must keep and how to test a
 * new port.
 *
 * Unless stated otherwise a port function may be called from any task, but
 * not from an interrupt handler.
 */
#ifndef MDSEC_PORT_H
#define MDSEC_PORT_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Short name of the port, for example "posix".
 * @return A static NUL-terminated string.
 */
const char *mdsec_port_name(void);

/**
 * @brief Bring the port up. Call once before any other mdsec function.
 *
 * Calling it again after success is allowed and does nothing.
 * @return ::MDSEC_OK or the failure of the port's own set-up.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_init(void);

/** @name Entropy */
/** @{ */
/**
 * @brief Fill @p buf with @p len bytes from a source of true (or
 *        cryptographically conditioned) randomness suitable for seeding a DRBG.
 *
 * Must either fill the whole buffer or fail; on failure the buffer is zeroed.
 * @param buf Output.
 * @param len Number of bytes, at most 256 per call.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG or ::MDSEC_ERR_ENTROPY.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_entropy(void *buf, size_t len);
/** @} */

/** @name Time */
/** @{ */
/**
 * @brief Microseconds since an arbitrary point at or before boot.
 *
 * Never goes backwards and never fails. Its resolution may be coarser than
 * a microsecond.
 * @return The monotonic time.
 */
uint64_t mdsec_port_monotonic_us(void);

/**
 * @brief Wall-clock time as milliseconds since the Unix epoch (UTC).
 * @param[out] unix_ms Set to the time, or to 0 on failure.
 * @return ::MDSEC_OK, or ::MDSEC_ERR_TIME_UNKNOWN when the device does not
 *         know the time (no RTC, or not yet set).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_wallclock_ms(int64_t *unix_ms);
/** @} */

/** @name Mutual exclusion */
/** @{ */
/**
 * @brief Storage for one port mutex (or critical section).
 *
 * The caller allocates it; the port keeps its own object inside. Fields are
 * private.
 */
typedef struct mdsec_port_mutex {
    /** @privatesection */
    union {
        uint64_t align_;
        void *ptr_align_;
        unsigned char bytes[MDSEC_PORT_MUTEX_SIZE];
    } u;
} mdsec_port_mutex_t;

/**
 * @brief Initialise a mutex.
 * @param m The mutex.
 * @return ::MDSEC_OK or ::MDSEC_ERR_MUTEX.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_mutex_init(mdsec_port_mutex_t *m);
/**
 * @brief Take a mutex, waiting as long as needed.
 * @param m An initialised mutex.
 * @return ::MDSEC_OK or ::MDSEC_ERR_MUTEX.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_mutex_lock(mdsec_port_mutex_t *m);
/**
 * @brief Release a mutex taken by the caller.
 * @param m The mutex.
 * @return ::MDSEC_OK or ::MDSEC_ERR_MUTEX.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_mutex_unlock(mdsec_port_mutex_t *m);
/**
 * @brief Release the resources of an unlocked mutex.
 * @param m The mutex.
 */
void mdsec_port_mutex_destroy(mdsec_port_mutex_t *m);
/** @} */

/** @name Non-volatile monotonic counters (anti-rollback) */
/** @{ */
/**
 * @brief Read counter @p id (0 .. ::MDSEC_PORT_COUNTER_COUNT - 1).
 *
 * A counter that was never advanced reads 0.
 * @param id Counter number.
 * @param[out] value The counter, or 0 on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_COUNTER_ID or ::MDSEC_ERR_COUNTER_IO.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_counter_read(uint32_t id, uint64_t *value);
/**
 * @brief Raise counter @p id to @p value, durably, before returning.
 *
 * Setting the current value again succeeds and changes nothing. A power cut
 * during the call leaves either the old or the new value.
 * @param id Counter number.
 * @param value The new value; must not be below the current one.
 * @return ::MDSEC_OK, ::MDSEC_ERR_COUNTER_ID, ::MDSEC_ERR_COUNTER_ROLLBACK
 *         (value below the current one; nothing changed) or
 *         ::MDSEC_ERR_COUNTER_IO.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_counter_advance(uint32_t id, uint64_t value);
/** @} */

/** @name Storage regions with flash semantics */
/** @{ */
/** @brief Region holding the persistent keystore. */
#define MDSEC_PORT_REGION_KEYSTORE 0u
/** @brief Region holding the security log. */
#define MDSEC_PORT_REGION_LOG      1u
/** @brief First region number left to the integrator's own use. */
#define MDSEC_PORT_REGION_USER     16u

/** @brief Geometry and rules of a storage region. */
typedef struct mdsec_port_storage_info {
    uint32_t size;        /**< Bytes in the region; a multiple of @ref sector_size. */
    uint32_t sector_size; /**< Erase unit in bytes; a power of two. */
    uint32_t
        program_unit; /**< Program granularity in bytes (offset and length multiples); a power of two. */
    uint8_t erased_value; /**< Value of every byte after an erase (0xFF for NOR flash). */
    uint8_t torn_writes;  /**< Nonzero when a power cut may leave a program partly done. */
} mdsec_port_storage_info_t;

/**
 * @brief Describe region @p region.
 * @param region Region number.
 * @param[out] info Filled on success, zeroed on failure.
 * @return ::MDSEC_OK or ::MDSEC_ERR_STORAGE_REGION.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_storage_info(uint32_t region,
                                                       mdsec_port_storage_info_t *info);
/**
 * @brief Read @p len bytes at @p offset. Reads have no alignment rule.
 * @param region Region number.
 * @param offset Byte offset inside the region.
 * @param[out] buf Output; zeroed on failure.
 * @param len Number of bytes.
 * @return ::MDSEC_OK, ::MDSEC_ERR_STORAGE_REGION, ::MDSEC_ERR_STORAGE_BOUNDS
 *         or ::MDSEC_ERR_STORAGE_IO.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_storage_read(uint32_t region, uint32_t offset, void *buf,
                                                       size_t len);
/**
 * @brief Program @p len bytes at @p offset.
 *
 * Offset and length must be multiples of the program unit, and every byte
 * programmed must currently hold the erased value: flash cannot be
 * overwritten without an erase. The port checks both and changes nothing
 * when either rule is broken. Data is durable when the call returns.
 * @param region Region number.
 * @param offset Byte offset inside the region.
 * @param data Bytes to write.
 * @param len Number of bytes.
 * @return ::MDSEC_OK, ::MDSEC_ERR_STORAGE_REGION, ::MDSEC_ERR_STORAGE_BOUNDS,
 *         ::MDSEC_ERR_STORAGE_ALIGN, ::MDSEC_ERR_STORAGE_NOT_ERASED or
 *         ::MDSEC_ERR_STORAGE_IO.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_storage_program(uint32_t region, uint32_t offset,
                                                          const void *data, size_t len);
/**
 * @brief Erase whole sectors: @p offset and @p len must be sector multiples.
 * @param region Region number.
 * @param offset Byte offset of the first sector.
 * @param len Number of bytes (a multiple of the sector size).
 * @return ::MDSEC_OK, ::MDSEC_ERR_STORAGE_REGION, ::MDSEC_ERR_STORAGE_BOUNDS,
 *         ::MDSEC_ERR_STORAGE_ALIGN or ::MDSEC_ERR_STORAGE_IO.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_storage_erase(uint32_t region, uint32_t offset,
                                                        size_t len);
/** @} */

/** @name Device identity */
/** @{ */
/**
 * @brief Copy the device-unique root secret into @p out.
 *
 * It is the root from which mdsec derives key-encryption and log keys; it
 * must differ between devices, never leave the device, and be the same on
 * every boot. The caller wipes its copy with mdsec_memzero() after use.
 * @param[out] out ::MDSEC_ROOT_SECRET_LEN bytes; zeroed on failure.
 * @return ::MDSEC_OK or ::MDSEC_ERR_ROOT_SECRET.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_port_root_secret(uint8_t out[MDSEC_ROOT_SECRET_LEN]);
/** @} */

/** @name Fatal errors */
/** @{ */
/**
 * @brief Called when mdsec detects a state it cannot continue from (for
 *        example a fault-injection check that disagrees with itself).
 *
 * Must not return: reset, halt or terminate the process.
 * @param reason Why.
 */
MDSEC_NORETURN void mdsec_port_fatal(mdsec_status_t reason);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_PORT_H */
