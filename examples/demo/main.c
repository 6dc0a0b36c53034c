/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * mdsec device demo: what an infusion pump's firmware does with mdsec at
 * start-up. Each mdsec module extends it as it lands.
 *
 * Exit status: 0 when every step behaved as a secure device must, 1 when a
 * security control failed, 2 when the platform could not be brought up.
 */
#include <stdio.h>

#include "mdsec/mdsec.h"

#if defined(MDSEC_WITH_PARSE)
#include "pump_protocol.h"

/* Three "set rate" commands as they arrive from the network (CBOR). */
/* {1: 42, 2: 125, 3: 50, 4: "nurse-7"}: drug 42 at 12.5 mL/h, bolus limit 5.0 mL */
static const unsigned char cmd_good[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x18, 0x7d, 0x03, 0x18, 0x32,
                                         0x04, 0x67, 'n',  'u',  'r',  's',  'e',  '-',  '7'};
/* The same command cut short in transit: the operator id claims 7 bytes, 3 arrive. */
static const unsigned char cmd_malformed[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x18, 0x7d, 0x03,
                                              0x18, 0x32, 0x04, 0x67, 'n',  'u',  'r'};
/* {1: 42, 2: 15000, 3: 50, 4: "nurse-7"}: 1500.0 mL/h, above the pump's 1200.0 mL/h limit */
static const unsigned char cmd_out_of_range[] = {0xa4, 0x01, 0x18, 0x2a, 0x02, 0x19, 0x3a,
                                                 0x98, 0x03, 0x18, 0x32, 0x04, 0x67, 'n',
                                                 'u',  'r',  's',  'e',  '-',  '7'};

/* Returns 0 when each command got the verdict a safe pump must give. */
static int demo_parse(void)
{
    static const struct {
        const char *what;
        const unsigned char *msg;
        size_t len;
        int must_accept;
    } cmds[] = {
        {"well-formed command", cmd_good, sizeof cmd_good, 1},
        {"truncated command", cmd_malformed, sizeof cmd_malformed, 0},
        {"out-of-range rate", cmd_out_of_range, sizeof cmd_out_of_range, 0},
    };
    int failures = 0;
    size_t i;

    printf("\n[bounded input parsing] \"set rate\" commands from the network\n");
    for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        pump_set_rate_t c;
        mdsec_schema_error_t e;
        mdsec_status_t st =
            mdsec_schema_decode(&pump_set_rate_schema, cmds[i].msg, cmds[i].len, &c, sizeof c, &e);
        if (st == MDSEC_OK) {
            printf("  %-22s ACCEPTED: drug %u at %u.%u mL/h, bolus limit %u.%u mL, operator %s\n",
                   cmds[i].what, (unsigned)c.drug_id, (unsigned)(c.rate_dl_per_h / 10u),
                   (unsigned)(c.rate_dl_per_h % 10u), (unsigned)(c.bolus_limit_dl / 10u),
                   (unsigned)(c.bolus_limit_dl % 10u), c.operator_id);
        } else {
            printf("  %-22s REJECTED: %s (field %s, byte %lu); pump state unchanged\n",
                   cmds[i].what, mdsec_status_str(st), e.field != NULL ? e.field : "-",
                   (unsigned long)e.offset);
        }
        if ((st == MDSEC_OK) != (cmds[i].must_accept != 0)) {
            failures++;
        }
    }
    return failures;
}
#endif

static int step(const char *what, mdsec_status_t st)
{
    printf("  %-44s %s\n", what, st == MDSEC_OK ? "ok" : mdsec_status_str(st));
    return st == MDSEC_OK ? 0 : 1;
}

int main(void)
{
    int failures = 0;
    mdsec_status_t st;

    printf("mdsec %s device demo\n", mdsec_version_string());
    printf("  port: %s, crypto provider: %s\n", mdsec_port_name(), mdsec_crypto_provider_name());

    st = mdsec_port_init();
    if (step("bring up the platform port", st) != 0) {
        return 2;
    }

    /* Power-on self-test: a device must not use crypto that gives wrong answers. */
    failures += step("crypto known-answer self-test", mdsec_crypto_selftest());

#if defined(MDSEC_WITH_PARSE)
    failures += demo_parse();
#endif

    printf("\n%s\n", failures == 0 ? "demo: all controls behaved as required"
                                   : "demo: a security control FAILED");
    return failures == 0 ? 0 : 1;
}
