/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* mdsec_port_fatal() called from a FreeRTOS task stops the (simulated)
 * device: the task never continues, the scheduler ends, and the reason is
 * recorded. Its own process, since the scheduler runs once per process. */
#include <stdio.h>

#include "mdsec/mdsec.h"
#include "mdsec/port_posix.h"
#include "mdsec_freertos_sim.h"
#include "posix_test_util.h"

/* Never returns normally: the runner must report the fatal stop. */
static int run(void)
{
    if (mdsec_port_init() != MDSEC_OK) {
        return 2;
    }
    mdsec_port_fatal(MDSEC_ERR_INTERNAL);
}

int main(void)
{
    char dir[4096];
    int rc;

    if (mdsec_test_make_temp_dir(dir, sizeof dir, "port-freertos-fatal") != 0 ||
        mdsec_posix_set_state_dir(dir) != MDSEC_OK) {
        return 2;
    }
    rc = mdsec_freertos_sim_run(run);
    mdsec_posix_deinit();
    (void)mdsec_test_remove_tree(dir);
    if (rc != MDSEC_FREERTOS_SIM_FATAL || mdsec_freertos_sim_fatal_reason() != MDSEC_ERR_INTERNAL) {
        (void)fprintf(stderr, "fatal did not stop the device (run returned %d, reason %d)\n", rc,
                      (int)mdsec_freertos_sim_fatal_reason());
        return 1;
    }
    (void)printf("mdsec_port_fatal stopped the simulated device as expected\n");
    return 0;
}
