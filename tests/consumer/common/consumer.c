/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * A program outside the mdsec tree that uses the installed library: the
 * power-on self-test, then every module's API (parse, fw, keystore, log,
 * priv) with the security events they report.
 *
 *   consumer FIXTURES_DIR   (the tests/fixtures directory of mdsec)
 *
 * Prints "consumer: <module> ok" for each module and "consumer: all checks
 * passed" at the end; exits 0 only then.
 */
#include <string.h>

#include "consumer.h"

#define CONSUMER_MAX_CODES 64u

static struct {
    uint16_t code;
    unsigned count;
} consumer_seen[CONSUMER_MAX_CODES];
static unsigned consumer_events_total;
#if defined(MDSEC_WITH_LOG)
static mdsec_log_ctx_t *consumer_log_target;
#endif

static void consumer_sink(void *ctx, const mdsec_event_t *ev)
{
    size_t i;
    (void)ctx;
    consumer_events_total++;
    for (i = 0; i < CONSUMER_MAX_CODES; i++) {
        if (consumer_seen[i].count == 0u || consumer_seen[i].code == (uint16_t)ev->code) {
            consumer_seen[i].code = (uint16_t)ev->code;
            consumer_seen[i].count++;
            break;
        }
    }
#if defined(MDSEC_WITH_LOG)
    if (consumer_log_target != NULL) {
        mdsec_log_event_sink(consumer_log_target, ev);
    }
#endif
}

unsigned consumer_events_seen(mdsec_event_code_t code)
{
    size_t i;
    for (i = 0; i < CONSUMER_MAX_CODES && consumer_seen[i].count != 0u; i++) {
        if (consumer_seen[i].code == (uint16_t)code) {
            return consumer_seen[i].count;
        }
    }
    return 0;
}

#if defined(MDSEC_WITH_LOG)
void consumer_events_to_log(mdsec_log_ctx_t *log)
{
    consumer_log_target = log;
}
#endif

size_t consumer_load(const char *dir, const char *name, uint8_t *buf, size_t cap)
{
    char path[1024];
    size_t n = 0;
    FILE *f;
    int w = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (w <= 0 || (size_t)w >= sizeof path || (f = fopen(path, "rb")) == NULL) {
        fprintf(stderr, "consumer: cannot open %s/%s\n", dir, name);
        return 0;
    }
    n = fread(buf, 1, cap, f);
    if (n == cap) {
        n = 0; /* larger than the buffer */
    }
    (void)fclose(f);
    return n;
}

/* The event API itself, and what the modules reported through it. */
static int consumer_check_events(void)
{
    const unsigned before = consumer_events_total;
    mdsec_event_t ev;

    CONSUMER_EXPECT(strcmp(mdsec_event_code_str(MDSEC_EV_SW_UPDATE_RESULT), "sw-update-result") ==
                        0,
                    "event code name");
    CONSUMER_EXPECT(strcmp(mdsec_event_code_str((mdsec_event_code_t)0x8123), "vendor") == 0,
                    "vendor range name");
    memset(&ev, 0, sizeof ev);
    ev.code = MDSEC_EV_CONFIG_CHANGE;
    ev.outcome = MDSEC_OUTCOME_SUCCESS;
    ev.source = MDSEC_SRC_APP;
    mdsec_event_emit(&ev);
    CONSUMER_EXPECT(consumer_events_total == before + 1u, "an emitted event reaches the sink");
    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_CONFIG_CHANGE) >= 1u, "its code is the one sent");
    mdsec_event_set_sink(NULL, NULL);
    mdsec_event_emit(&ev);
    CONSUMER_EXPECT(consumer_events_total == before + 1u, "no sink: the event is dropped");
    mdsec_event_set_sink(consumer_sink, NULL);

#if defined(MDSEC_WITH_PARSE)
    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_PARSER_REJECT) >= 1u, "parser rejections");
#endif
#if defined(MDSEC_WITH_FW)
    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_SW_UPDATE_RESULT) >= 3u,
                    "one verdict event per image verified");
#endif
#if defined(MDSEC_WITH_KEYSTORE)
    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_KEY_PROVISION) >= 1u, "key generation event");
    CONSUMER_EXPECT(consumer_events_seen(MDSEC_EV_KEY_DENIED) >= 1u, "key policy refusal event");
#endif
    return 0;
}

static int consumer_report(const char *module, int failures)
{
    printf("consumer: %s %s\n", module, failures == 0 ? "ok" : "FAILED");
    return failures;
}

int main(int argc, char **argv)
{
    int failures = 0;
    mdsec_status_t st;

    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR (mdsec's tests/fixtures)\n", argv[0]);
        return 2;
    }
    st = mdsec_port_init();
    if (st != MDSEC_OK) {
        fprintf(stderr, "consumer: port init: %s\n", mdsec_status_str(st));
        return 1;
    }
    st = mdsec_crypto_selftest();
    if (st != MDSEC_OK) {
        fprintf(stderr, "consumer: self-test: %s\n", mdsec_status_str(st));
        return 1;
    }
    printf("consumer: mdsec %s self-test ok (%s, %s)\n", mdsec_version_string(), mdsec_port_name(),
           mdsec_crypto_provider_name());
    mdsec_event_set_sink(consumer_sink, NULL);

#if defined(MDSEC_WITH_PARSE)
    failures += consumer_report("parse", consumer_check_parse());
#endif
#if defined(MDSEC_WITH_FW)
    failures += consumer_report("fw", consumer_check_fw(argv[1]));
#endif
#if defined(MDSEC_WITH_KEYSTORE)
    {
        static mdsec_ks_ctx_t ks; /* about 3 KiB */
        st = mdsec_ks_init(&ks, NULL);
        if (st != MDSEC_OK) {
            fprintf(stderr, "consumer: keystore init: %s\n", mdsec_status_str(st));
            failures++;
        } else {
            failures += consumer_report("keystore", consumer_check_keystore(&ks));
#if defined(MDSEC_WITH_LOG)
            failures += consumer_report("log", consumer_check_log(&ks));
#endif
            mdsec_ks_deinit(&ks);
        }
    }
#endif
#if defined(MDSEC_WITH_PRIV)
    failures += consumer_report("priv", consumer_check_priv());
#endif
    failures += consumer_report("events", consumer_check_events());

    if (failures != 0) {
        printf("consumer: %d check(s) FAILED\n", failures);
        return 1;
    }
    printf("consumer: all checks passed\n");
    return 0;
}
