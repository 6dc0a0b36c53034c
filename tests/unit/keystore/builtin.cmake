# SPDX-License-Identifier: Apache-2.0
# Built-in key blobs (issue #4 part 4): portable, so it also runs on the
# Cortex-M4 under QEMU with the board's fixed test root secret.
if(MDSEC_WITH_KEYSTORE AND NOT MDSEC_PORT STREQUAL "none")
  mdsec_add_test(test_ks_builtin SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ks_builtin.c
    ${PROJECT_SOURCE_DIR}/tests/unit/common/event_capture.c
    TIMEOUT 600 LABELS keystore)
  target_include_directories(test_ks_builtin PRIVATE ${PROJECT_SOURCE_DIR}/tests/vectors
    ${PROJECT_SOURCE_DIR}/tests/unit/common)
endif()
