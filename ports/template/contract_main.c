/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * main() of the port contract test image for a port started from the
 * template: runs mdsec's port contract test (tests/unit/port), then names
 * every template stub the run reached.
 *
 * Output goes through printf(): on a board, retarget it to a UART, RTT or
 * semihosting as you do for your other tests. The exit status (0 = every
 * case passed and no stub was reached, 1 = otherwise) reaches the host only
 * if your start-up code passes exit() on, as the QEMU board's semihosting
 * exit does.
 *
 * A stub that has no status to return (mdsec_port_name,
 * mdsec_port_monotonic_us, mdsec_port_mutex_destroy) calls
 * mdsec_port_fatal() instead, so the run stops there and this list is
 * never printed: the stub's name is then in the template's last_stub
 * variable, or in whatever your mdsec_port_fatal() reports.
 */
#include <stdio.h>

#include "mdsec/port_template.h"
#include "port_contract.h"

int main(void)
{
    int failed = mdsec_test_port_contract();
    size_t stubs = mdsec_template_unimplemented_count();
    size_t i;

    for (i = 0; i < stubs; i++) {
        (void)printf("port contract: %s() is not implemented (template stub)\n",
                     mdsec_template_unimplemented_name(i));
    }
    if (failed == 0 && stubs == 0) {
        (void)printf("port contract: PASSED\n");
        return 0;
    }
    (void)printf("port contract: FAILED (%d failed test case(s), %lu template stub(s) reached)\n",
                 failed, (unsigned long)stubs);
    return 1;
}
