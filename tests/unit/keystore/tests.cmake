# SPDX-License-Identifier: Apache-2.0
# Key storage (issue #4). test_keystore is portable (host and Cortex-M4
# under QEMU: the board's RAM-backed keystore region and test root secret);
# test_keystore_power needs the POSIX port's power-cut injection and state
# directories, so it is host only.
if(MDSEC_WITH_KEYSTORE AND NOT MDSEC_PORT STREQUAL "none")
  set(_ks_tests ${CMAKE_CURRENT_LIST_DIR})
  mdsec_add_test(test_keystore SOURCES ${_ks_tests}/test_keystore.c
    ${PROJECT_SOURCE_DIR}/tests/unit/common/event_capture.c TIMEOUT 600 LABELS keystore)
  target_include_directories(test_keystore PRIVATE ${PROJECT_SOURCE_DIR}/tests/vectors
    ${PROJECT_SOURCE_DIR}/tests/unit/common)
  mdsec_add_test(test_keystore_rollback SOURCES ${_ks_tests}/test_keystore_rollback.c
    TIMEOUT 600 LABELS keystore)
  mdsec_add_test(test_ks_external SOURCES ${_ks_tests}/test_ks_external.c
    ${PROJECT_SOURCE_DIR}/tests/unit/common/event_capture.c LABELS keystore)
  target_include_directories(test_ks_external PRIVATE ${PROJECT_SOURCE_DIR}/tests/vectors
    ${PROJECT_SOURCE_DIR}/tests/unit/common)
  if(MDSEC_PORT STREQUAL "posix")
    mdsec_add_test(test_keystore_power HOST_ONLY
      SOURCES ${_ks_tests}/test_keystore_power.c
              ${PROJECT_SOURCE_DIR}/tests/unit/port/posix_test_util.c
      TIMEOUT 600 LABELS keystore)
    target_include_directories(test_keystore_power PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/port)
    find_package(Threads REQUIRED)
    target_link_libraries(test_keystore_power PRIVATE Threads::Threads)
  endif()
endif()

# The external-backend (PKCS#11 on SoftHSM2, PSA on Mbed TLS) and built-in blob tests.
include(${CMAKE_CURRENT_LIST_DIR}/builtin.cmake OPTIONAL)
include(${CMAKE_CURRENT_LIST_DIR}/pkcs11.cmake OPTIONAL)
include(${CMAKE_CURRENT_LIST_DIR}/psa.cmake OPTIONAL)
