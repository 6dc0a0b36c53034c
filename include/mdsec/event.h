/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file event.h
 * @brief Security events: the vocabulary, and the one optional sink every
 *        module reports through.
 *
 * Modules never depend on the security log. They call the sink the
 * integrator installed with mdsec_event_set_sink(); the log module provides
 * a sink that appends each event as a record, and a device without the log
 * can install its own (or none: events are then dropped).
 *
 * Outcome values are those of DICOM/IHE ATNA's EventOutcomeIndicator, so
 * that exported records map onto hospital audit repositories directly
 * (docs/events.md gives the ATNA event code for each mdsec code).
 */
#ifndef MDSEC_EVENT_H
#define MDSEC_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief What happened. Values are stable: they are stored in logs. */
typedef enum mdsec_event_code {
    MDSEC_EV_SW_UPDATE_ATTEMPT =
        0x0100,                         /**< A software image is being verified for installation. */
    MDSEC_EV_SW_UPDATE_RESULT = 0x0101, /**< The verdict on a software image. */
    MDSEC_EV_SW_COMMIT =
        0x0102, /**< An installed image was confirmed; anti-rollback counter advanced. */
    MDSEC_EV_AUTH_SUCCESS = 0x0200,     /**< A user or peer authenticated. */
    MDSEC_EV_AUTH_FAILURE = 0x0201,     /**< An authentication attempt failed. */
    MDSEC_EV_AUTH_LOCKOUT = 0x0202,     /**< Repeated failures locked an account or interface. */
    MDSEC_EV_PRIV_CHANGE = 0x0300,      /**< A process or task changed privilege. */
    MDSEC_EV_CONFIG_CHANGE = 0x0400,    /**< Device configuration changed. */
    MDSEC_EV_SECURITY_SETTING = 0x0401, /**< A security setting changed. */
    MDSEC_EV_KEY_PROVISION = 0x0500,    /**< A key was imported, generated or provisioned. */
    MDSEC_EV_KEY_USE = 0x0501,          /**< A key was used. */
    MDSEC_EV_KEY_DENIED = 0x0502,       /**< A key use was refused by policy. */
    MDSEC_EV_KEY_DESTROY = 0x0503,      /**< A key was destroyed. */
    MDSEC_EV_EMERGENCY_OVERRIDE =
        0x0600,                      /**< A clinician used an emergency ("break-glass") override. */
    MDSEC_EV_PARSER_REJECT = 0x0700, /**< External input was refused by a parser. */
    MDSEC_EV_TAMPER = 0x0800,        /**< Tampering was detected. */
    MDSEC_EV_BOOT_INTEGRITY = 0x0801, /**< A boot-time integrity check failed. */
    MDSEC_EV_TIME_CHANGE = 0x0900,    /**< The wall clock was set or jumped. */
    MDSEC_EV_AUDIT_START = 0x0A00,    /**< The audit log started. */
    MDSEC_EV_AUDIT_STOP = 0x0A01,     /**< The audit log stopped (shutdown). */
    MDSEC_EV_AUDIT_OVERFLOW = 0x0A02, /**< The audit log is full, or dropped records. */
    MDSEC_EV_AUDIT_TORN_RECOVERED =
        0x0A03, /**< A torn record left by a power cut was found and skipped. */
    MDSEC_EV_AUDIT_CAPACITY = 0x0A04,   /**< The audit log passed its capacity warning level. */
    MDSEC_EV_AUDIT_CHECKPOINT = 0x0A05, /**< A signed checkpoint of the audit log. */
    MDSEC_EV_AUDIT_DROPPED = 0x0A06, /**< Records were dropped (overwrite policy); signed marker. */
    MDSEC_EV_LOG_EXPORT = 0x0B00,    /**< The audit log was exported. */
    MDSEC_EV_VENDOR_FIRST =
        0x8000 /**< First code of the range left to the device maker (to 0xFFFF). */
} mdsec_event_code_t;

/** @brief How it ended (DICOM EventOutcomeIndicator values). */
typedef enum mdsec_outcome {
    MDSEC_OUTCOME_SUCCESS = 0, /**< Success. */
    MDSEC_OUTCOME_MINOR = 4,   /**< Minor failure: the action was refused or partly done. */
    MDSEC_OUTCOME_SERIOUS = 8, /**< Serious failure: the action failed. */
    MDSEC_OUTCOME_MAJOR = 12   /**< Major failure: the action made the function unavailable. */
} mdsec_outcome_t;

/** @brief Which part of mdsec (or the application) reported the event. */
typedef enum mdsec_event_source {
    MDSEC_SRC_APP = 0,      /**< The application. */
    MDSEC_SRC_PARSE = 1,    /**< Bounded input parsing. */
    MDSEC_SRC_FW = 2,       /**< Signed-firmware verification. */
    MDSEC_SRC_LOG = 3,      /**< The security log. */
    MDSEC_SRC_KEYSTORE = 4, /**< Key storage. */
    MDSEC_SRC_PRIV = 5      /**< Least-privilege helpers. */
} mdsec_event_source_t;

/** @brief One security event, valid only for the duration of the sink call. */
typedef struct mdsec_event {
    mdsec_event_code_t code;     /**< What happened. */
    mdsec_outcome_t outcome;     /**< How it ended. */
    mdsec_event_source_t source; /**< Who reported it. */
    mdsec_status_t status; /**< The mdsec status behind the outcome (::MDSEC_OK on success). */
    uint32_t actor;        /**< Actor or object id (user, key id, image slot), 0 if none. */
    const uint8_t *detail; /**< Optional detail as TLVs (u8 tag, u8 length), or NULL. */
    size_t detail_len;     /**< Bytes of @c detail, at most ::MDSEC_EVENT_DETAIL_MAX. */
} mdsec_event_t;

/** @brief Most bytes of detail an event may carry. */
#define MDSEC_EVENT_DETAIL_MAX 96u

/**
 * @brief The sink: called synchronously for every event.
 *
 * It must not call back into the module that reported the event (the
 * keystore is the exception: it emits only after releasing its lock). It
 * runs in the reporting task's context.
 */
typedef void (*mdsec_event_sink_fn)(void *ctx, const mdsec_event_t *event);

/**
 * @brief Install the sink (or NULL to drop events). Call during start-up,
 *        before other tasks use mdsec.
 *
 * The sink and its context are installed as one pair: an event emitted
 * while the sink is being replaced reaches the old sink with the old
 * context or the new sink with the new one, never a mix. Calls of this
 * function must not race with each other.
 * @param sink The function.
 * @param ctx Passed to it unchanged.
 */
void mdsec_event_set_sink(mdsec_event_sink_fn sink, void *ctx);

/**
 * @brief Report an event to the installed sink (modules and applications).
 *
 * Detail longer than ::MDSEC_EVENT_DETAIL_MAX is cut to that length (never
 * read past it).
 * @param event The event.
 */
void mdsec_event_emit(const mdsec_event_t *event);

/**
 * @brief Short name of an event code, for example "sw-update-result".
 * @param code Any value.
 * @return A static string ("vendor" for the vendor range, "unknown" otherwise).
 */
const char *mdsec_event_code_str(mdsec_event_code_t code);

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_EVENT_H */
