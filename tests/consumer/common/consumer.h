/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * A program outside the mdsec tree that uses the installed (or vendored)
 * library the way a device application does: one check per module, each
 * asserting the values and statuses the public API documents.
 */
#ifndef CONSUMER_H
#define CONSUMER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <mdsec/mdsec.h>

/* Fails the calling check (returns 1) when @p cond is false. */
#define CONSUMER_EXPECT(cond, what)                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "consumer: %s:%d: %s: FAILED\n", __FILE__, __LINE__, what); \
            return 1;                                                                   \
        }                                                                               \
    } while (0)

/* Fails the calling check when @p expr does not return @p expected. */
#define CONSUMER_EXPECT_STATUS(expr, expected)                                                    \
    do {                                                                                          \
        const mdsec_status_t consumer_st_ = (expr);                                               \
        if (consumer_st_ != (expected)) {                                                         \
            fprintf(stderr, "consumer: %s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, \
                    #expr, mdsec_status_str(consumer_st_), mdsec_status_str(expected));           \
            return 1;                                                                             \
        }                                                                                         \
    } while (0)

/* Reads the whole file @p dir/@p name into @p buf; returns its length, or 0 on failure. */
size_t consumer_load(const char *dir, const char *name, uint8_t *buf, size_t cap);

/* How many events with @p code the consumer's sink has seen. */
unsigned consumer_events_seen(mdsec_event_code_t code);

#if defined(MDSEC_WITH_LOG)
/* Sends every event the sink sees to @p log as well (NULL: stop). */
void consumer_events_to_log(mdsec_log_ctx_t *log);
#endif

/* The checks: each returns 0 when the module behaved as documented. */
int consumer_check_parse(void);
int consumer_check_fw(const char *fixtures);
#if defined(MDSEC_WITH_KEYSTORE)
int consumer_check_keystore(mdsec_ks_ctx_t *ks);
int consumer_check_log(mdsec_ks_ctx_t *ks);
#endif
int consumer_check_priv(void);

#endif /* CONSUMER_H */
