/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/* The portable port-contract test group. Each environment (host process,
 * Cortex-M image under QEMU, FreeRTOS task) has its own small main() that
 * prepares the device and calls this. */
#ifndef MDSEC_TEST_PORT_CONTRACT_H
#define MDSEC_TEST_PORT_CONTRACT_H

/* Runs every check of port.h against the linked port. Calls
 * mdsec_port_init() itself. DESTRUCTIVE on a real device: it erases the
 * last sector of the keystore and log regions and advances every
 * monotonic counter by one.
 * Returns the number of failed tests (0 when all pass), as cmocka does. */
int mdsec_test_port_contract(void);

#endif /* MDSEC_TEST_PORT_CONTRACT_H */
