/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* Entry point on a POSIX host: the emulated device lives in a fresh
 * temporary state directory, removed afterwards. */
#include <stdio.h>

#include "mdsec/port_posix.h"
#include "port_contract.h"
#include "posix_test_util.h"

int main(void)
{
    char dir[4096];
    int failed;

    if (mdsec_test_make_temp_dir(dir, sizeof dir, "port-contract") != 0 ||
        mdsec_posix_set_state_dir(dir) != MDSEC_OK) {
        (void)fprintf(stderr, "cannot prepare a state directory\n");
        return 2;
    }
    failed = mdsec_test_port_contract();
    /* Run it a second time on the same device after a "reboot": the
     * contract holds on a device with history too. */
    mdsec_posix_deinit();
    if (failed == 0) {
        failed = mdsec_test_port_contract();
        mdsec_posix_deinit();
    }
    if (mdsec_test_remove_tree(dir) != 0) {
        (void)fprintf(stderr, "cannot remove %s\n", dir);
        return 2;
    }
    return failed == 0 ? 0 : 1;
}
