/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Entry point under the FreeRTOS POSIX simulator: the contract runs inside
 * a FreeRTOS task, twice (the second time after a simulated reboot of the
 * platform underneath), on a fresh temporary state directory. */
#include <stdio.h>

#include "FreeRTOS.h"
#include "task.h"

#include "mdsec/port_posix.h"
#include "mdsec_freertos_sim.h"
#include "port_contract.h"
#include "posix_test_util.h"

static int run_in_task(void)
{
    int failed;

    if (xTaskGetSchedulerState() != taskSCHEDULER_RUNNING) {
        (void)fprintf(stderr, "not running inside a FreeRTOS task\n");
        return -1;
    }
    (void)printf("running the port contract in FreeRTOS task '%s'\n",
                 pcTaskGetName(xTaskGetCurrentTaskHandle()));
    failed = mdsec_test_port_contract();
    if (failed == 0) {
        mdsec_posix_deinit();
        failed = mdsec_test_port_contract();
    }
    return failed;
}

int main(void)
{
    char dir[4096];
    int failed;

    if (mdsec_test_make_temp_dir(dir, sizeof dir, "port-contract-freertos") != 0 ||
        mdsec_posix_set_state_dir(dir) != MDSEC_OK) {
        (void)fprintf(stderr, "cannot prepare a state directory\n");
        return 2;
    }
    failed = mdsec_freertos_sim_run(run_in_task);
    mdsec_posix_deinit();
    if (mdsec_test_remove_tree(dir) != 0) {
        (void)fprintf(stderr, "cannot remove %s\n", dir);
        return 2;
    }
    return failed == 0 ? 0 : 1;
}
