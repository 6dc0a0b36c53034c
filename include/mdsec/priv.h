/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file priv.h
 * @brief Least privilege: one declarative policy, applied in a safe order.
 *
 * Two parts:
 *  - **Memory-protection region tables** (portable): mdsec_priv_mpu_check()
 *    validates a table of regions against the ARMv7-M or ARMv8-M MPU rules
 *    before anything is programmed, for FreeRTOS-MPU tasks and bare-metal
 *    Cortex-M alike.
 *  - **POSIX processes** (the posix port): mdsec_priv_apply() applies a
 *    policy (file descriptors, umask, resource limits, supplementary
 *    groups, gid, uid, capabilities, no_new_privs, Landlock, seccomp) in
 *    minijail's order, verifies the result, and reports exactly what was
 *    applied. A step that fails stops everything after it; by default that
 *    is fatal (mdsec_port_fatal()), and only an explicit policy flag makes
 *    it a reported error instead.
 */
#ifndef MDSEC_PRIV_H
#define MDSEC_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/core.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/** @name MPU region tables */
/** @{ */

/* The build-time limits of this module are in mdsec/config.h. */

/** @brief MPU architecture whose rules a table must follow. */
typedef enum mdsec_priv_mpu_arch {
    MDSEC_PRIV_MPU_ARMV7M = 1, /**< ARMv7-M PMSA: power-of-two sizes >= 32, base aligned to size. */
    MDSEC_PRIV_MPU_ARMV8M = 2  /**< ARMv8-M PMSAv8: 32-byte granularity, no overlap. */
} mdsec_priv_mpu_arch_t;

/** @brief Access a region grants. */
typedef enum mdsec_priv_access {
    MDSEC_PRIV_NO_ACCESS = 0,       /**< No access for anyone. */
    MDSEC_PRIV_PRIV_RW = 1,         /**< Privileged read/write, unprivileged none. */
    MDSEC_PRIV_PRIV_RW_USER_RO = 2, /**< Privileged read/write, unprivileged read-only. */
    MDSEC_PRIV_RW = 3,              /**< Read/write for both. */
    MDSEC_PRIV_PRIV_RO = 5,         /**< Privileged read-only. */
    MDSEC_PRIV_RO = 6               /**< Read-only for both. */
} mdsec_priv_access_t;

/** @brief One memory region. */
typedef struct mdsec_priv_region {
    uint32_t base;              /**< First address. */
    uint32_t size;              /**< Bytes. */
    mdsec_priv_access_t access; /**< Access permissions. */
    uint8_t execute_never;      /**< Nonzero: instruction fetches fault. */
} mdsec_priv_region_t;

/**
 * @brief Check a region table against the MPU rules of @p arch.
 *
 * ARMv7-M: size a power of two of at least 32 bytes, base a multiple of
 * the size, region within the 4 GiB address space. ARMv8-M: base and size
 * multiples of 32, size at least 32, no wrap past 4 GiB, and no two regions
 * overlapping (PMSAv8 makes an overlapped access fault). Both: at most
 * ::MDSEC_PRIV_MPU_MAX_REGIONS regions and a valid access value.
 * @param arch The architecture.
 * @param regions The table.
 * @param count Entries.
 * @param[out] bad_index Index of the first offending region (or of the
 *                       second of an overlapping pair); may be NULL.
 * @return ::MDSEC_OK, ::MDSEC_ERR_PRIV_REGION or ::MDSEC_ERR_INVALID_ARG.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_priv_mpu_check(mdsec_priv_mpu_arch_t arch,
                                                    const mdsec_priv_region_t *regions,
                                                    size_t count, size_t *bad_index);
/**
 * @brief Program the ARMv7-M MPU from @p regions and enable it (baremetal
 *        port; Cortex-M3/M4/M7).
 *
 * The table is checked with mdsec_priv_mpu_check() first; nothing is
 * written when it fails. Region i of the table becomes MPU region i (a
 * higher number wins where regions overlap); the remaining MPU regions are
 * disabled. The MPU is enabled with the privileged default memory map
 * (PRIVDEFENA), so privileged code keeps access to everything, and the
 * MemManage fault is enabled. Must be called from privileged code.
 * @param regions The table.
 * @param count Entries (at most the MPU's region count).
 * @return ::MDSEC_OK, ::MDSEC_ERR_PRIV_REGION, ::MDSEC_ERR_PRIV_UNAVAILABLE
 *         (no MPU), ::MDSEC_ERR_STATE (called unprivileged) or
 *         ::MDSEC_ERR_INVALID_ARG.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_priv_mpu_apply(const mdsec_priv_region_t *regions,
                                                    size_t count);

/**
 * @brief Drop the calling thread to unprivileged mode (CONTROL.nPRIV = 1);
 *        baremetal port.
 *
 * One-way: unprivileged code cannot clear nPRIV again (the write is
 * ignored); only an exception handler could. The change is reported to the
 * event sink before it takes effect, and checked after.
 * @return ::MDSEC_OK, or ::MDSEC_ERR_STATE when called from a handler.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_priv_drop_to_unprivileged(void);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name POSIX process policy (posix port) */
/** @{ */

/** @brief The steps of mdsec_priv_apply(), in the order they are applied. */
typedef enum mdsec_priv_step {
    MDSEC_PRIV_STEP_NONE = 0,          /**< No step (nothing failed). */
    MDSEC_PRIV_STEP_CLOSE_FDS = 1,     /**< Close inherited descriptors except the keep-list. */
    MDSEC_PRIV_STEP_UMASK = 2,         /**< Set the umask. */
    MDSEC_PRIV_STEP_RLIMITS = 3,       /**< Set resource limits (core dumps off by default). */
    MDSEC_PRIV_STEP_BOUNDING = 4,      /**< Clear the capability bounding set. */
    MDSEC_PRIV_STEP_KEEPCAPS = 5,      /**< Keep permitted capabilities across the uid change. */
    MDSEC_PRIV_STEP_GROUPS = 6,        /**< Drop (replace) supplementary groups. */
    MDSEC_PRIV_STEP_SETRESGID = 7,     /**< Set real, effective and saved gid. */
    MDSEC_PRIV_STEP_SETRESUID = 8,     /**< Set real, effective and saved uid. */
    MDSEC_PRIV_STEP_CAPS = 9,          /**< Reduce capabilities to the keep set. */
    MDSEC_PRIV_STEP_VERIFY = 10,       /**< Check ids, and that regaining root fails. */
    MDSEC_PRIV_STEP_NO_NEW_PRIVS = 11, /**< Set no_new_privs. */
    MDSEC_PRIV_STEP_LANDLOCK = 12,     /**< Restrict the file system with Landlock. */
    MDSEC_PRIV_STEP_SECCOMP = 13,      /**< Install the seccomp allow-list. */
    MDSEC_PRIV_STEP_COUNT_ = 14        /**< Not a step: the number of steps. */
} mdsec_priv_step_t;

/** @brief A step's bit in mdsec_priv_report_t::applied and mdsec_priv_policy_t::optional. */
#define MDSEC_PRIV_BIT(step) (1u << (unsigned)(step))

/** @brief One resource limit (resource numbers as in sys/resource.h). */
typedef struct mdsec_priv_rlimit {
    int resource;  /**< RLIMIT_* value. */
    uint64_t soft; /**< Soft limit. */
    uint64_t hard; /**< Hard limit. */
} mdsec_priv_rlimit_t;

/** @brief One Landlock rule: a directory or file and what may be done beneath it. */
typedef struct mdsec_priv_path {
    const char *path; /**< Absolute path. */
    uint8_t writable; /**< 0: read and execute only; 1: also write, create and remove. */
} mdsec_priv_path_t;

/** @brief What seccomp does with a system call outside the allow-list. */
typedef enum mdsec_priv_seccomp_action {
    MDSEC_PRIV_SECCOMP_KILL = 1, /**< Kill the process (SIGSYS). */
    MDSEC_PRIV_SECCOMP_ERRNO = 2 /**< Fail the call with @c seccomp_errno. */
} mdsec_priv_seccomp_action_t;

/** @brief The policy. Fields left zero are not applied. */
typedef struct mdsec_priv_policy {
    const uint32_t *groups;             /**< Supplementary groups after the drop (NULL/0: none). */
    size_t group_count;                 /**< Entries in @c groups. */
    const int *keep_caps;               /**< CAP_* numbers to keep (effective and permitted). */
    size_t keep_cap_count;              /**< Entries in @c keep_caps. */
    const mdsec_priv_rlimit_t *rlimits; /**< Further limits. */
    size_t rlimit_count;                /**< Entries in @c rlimits. */
    const int *keep_fds;                /**< Descriptors to keep open. */
    size_t keep_fd_count;               /**< Entries in @c keep_fds. */
    const mdsec_priv_path_t *landlock_paths; /**< Landlock allow-list (NULL: no Landlock). */
    size_t landlock_path_count;              /**< Entries in @c landlock_paths. */
    const char *const *syscalls;             /**< seccomp allow-list by name (NULL: no seccomp). */
    size_t syscall_count;                    /**< Entries in @c syscalls. */
    uint32_t uid;                            /**< Target uid (real, effective, saved). */
    uint32_t gid;                            /**< Target gid (real, effective, saved). */
    uint32_t umask_value;                    /**< The umask. */
    mdsec_priv_seccomp_action_t seccomp_action; /**< Action outside the list. */
    int seccomp_errno;                          /**< errno for ::MDSEC_PRIV_SECCOMP_ERRNO. */
    uint32_t
        optional; /**< Steps (MDSEC_PRIV_BIT) whose failure is reported but not fatal, such as an unavailable Landlock. */
    uint8_t change_ids;   /**< Nonzero: switch to @c uid / @c gid / @c groups. */
    uint8_t drop_caps;    /**< Nonzero: clear the bounding set and keep only @c keep_caps. */
    uint8_t no_new_privs; /**< Nonzero: set no_new_privs (forced on with seccomp or Landlock). */
    uint8_t set_umask;    /**< Nonzero: set @c umask_value. */
    uint8_t allow_core_dumps; /**< Zero (default): RLIMIT_CORE is set to 0. */
    uint8_t close_fds;        /**< Nonzero: close every descriptor not in @c keep_fds. */
    uint8_t
        nonfatal; /**< Nonzero: a failing step returns its status instead of calling mdsec_port_fatal(). */
} mdsec_priv_policy_t;

/** @brief What mdsec_priv_apply() did. */
typedef struct mdsec_priv_report {
    mdsec_status_t status;    /**< ::MDSEC_OK or the failure that stopped it. */
    uint32_t applied;         /**< Bits (MDSEC_PRIV_BIT) of the steps that took effect. */
    uint32_t skipped;         /**< Bits of optional steps that failed and were skipped. */
    mdsec_priv_step_t failed; /**< The step that stopped it, or ::MDSEC_PRIV_STEP_NONE. */
    int error;                /**< errno of the failing system call (0 if none). */
    int landlock_abi;         /**< Landlock ABI version of the kernel (0 when unavailable). */
} mdsec_priv_report_t;

/**
 * @brief Apply @p policy to the calling process (posix port).
 *
 * Order (minijail's): close descriptors, umask, resource limits, clear the
 * capability bounding set, keep capabilities across the id change,
 * supplementary groups, setresgid, setresuid, reduce capabilities, verify
 * (ids are the targets, and setuid(0) / setresuid back to root fail),
 * no_new_privs, Landlock, seccomp. Each privilege change is reported to
 * the security-event sink. Call it single-threaded, after initialisation
 * and before serving any input.
 * @param policy The policy.
 * @param[out] report What was applied (always filled).
 * @return ::MDSEC_OK, ::MDSEC_ERR_PRIV_POLICY, ::MDSEC_ERR_PRIV_STEP,
 *         ::MDSEC_ERR_PRIV_UNAVAILABLE or ::MDSEC_ERR_PRIV_VERIFY; without
 *         @c nonfatal a failure does not return (mdsec_port_fatal()).
 */
MDSEC_NODISCARD mdsec_status_t mdsec_priv_apply(const mdsec_priv_policy_t *policy,
                                                mdsec_priv_report_t *report);

/**
 * @brief Short name of a step, for reports ("setresuid", "seccomp", ...).
 * @param step The step.
 * @return A static string.
 */
const char *mdsec_priv_step_name(mdsec_priv_step_t step);

/**
 * @brief Test hook: make the next mdsec_priv_apply() fail at @p step as if
 *        its system call had failed with EPERM. It can only cause failures,
 *        never skip a check. ::MDSEC_PRIV_STEP_NONE disarms it.
 * @param step The step to fail.
 */
void mdsec_priv_inject_failure(mdsec_priv_step_t step);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_PRIV_H */
