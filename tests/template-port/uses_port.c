/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * A program that uses mdsec and calls every function of mdsec/port.h, as a
 * board bring-up check would. The template-port test only links it: once
 * against the whole template (the link must succeed), and once for each
 * port function with that function left out (the link must fail, naming
 * it).
 */
#include <stdint.h>
#include <stdio.h>

#include "mdsec/mdsec.h"

static int report(const char *what, mdsec_status_t st)
{
    (void)printf("%s: %s\n", what, mdsec_status_str(st));
    return st == MDSEC_OK ? 0 : 1;
}

int main(void)
{
    uint8_t bytes[MDSEC_ROOT_SECRET_LEN];
    mdsec_port_storage_info_t info;
    mdsec_port_mutex_t m;
    uint64_t counter = 0;
    int64_t now_ms = 0;
    int bad = 0;

    (void)printf("mdsec %s on port %s\n", mdsec_version_string(), mdsec_port_name());
    bad += report("init", mdsec_port_init());
    bad += report("entropy", mdsec_port_entropy(bytes, sizeof bytes));
    (void)printf("monotonic: %lu us\n", (unsigned long)mdsec_port_monotonic_us());
    bad += report("wallclock", mdsec_port_wallclock_ms(&now_ms));
    bad += report("mutex init", mdsec_port_mutex_init(&m));
    bad += report("mutex lock", mdsec_port_mutex_lock(&m));
    bad += report("mutex unlock", mdsec_port_mutex_unlock(&m));
    mdsec_port_mutex_destroy(&m);
    bad += report("counter read", mdsec_port_counter_read(0, &counter));
    bad += report("counter advance", mdsec_port_counter_advance(0, counter));
    bad += report("storage info", mdsec_port_storage_info(MDSEC_PORT_REGION_LOG, &info));
    bad += report("storage read", mdsec_port_storage_read(MDSEC_PORT_REGION_LOG, 0, bytes, 16));
    bad += report("storage erase", mdsec_port_storage_erase(MDSEC_PORT_REGION_USER, 0, 0));
    bad +=
        report("storage program", mdsec_port_storage_program(MDSEC_PORT_REGION_USER, 0, bytes, 0));
    bad += report("root secret", mdsec_port_root_secret(bytes));
    mdsec_memzero(bytes, sizeof bytes);
    if (bad > 0) {
        mdsec_port_fatal(MDSEC_ERR_INTERNAL);
    }
    return 0;
}
