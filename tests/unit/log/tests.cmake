# SPDX-License-Identifier: Apache-2.0
# Security log, device side (issue #6). test_log is portable (host, and
# Cortex-M4 under QEMU on the board's RAM-backed log region); test_log_power
# needs the POSIX port's power-cut injection and threads, so it is host only.
if(MDSEC_WITH_LOG AND NOT MDSEC_PORT STREQUAL "none")
  set(_log_tests ${CMAKE_CURRENT_LIST_DIR})
  mdsec_add_test(test_log
    SOURCES ${_log_tests}/test_log.c ${_log_tests}/log_test_util.c
    TIMEOUT 900 LABELS log)
  if(MDSEC_PORT STREQUAL "posix")
    mdsec_add_test(test_log_power HOST_ONLY
      SOURCES ${_log_tests}/test_log_power.c ${_log_tests}/log_test_util.c
              ${PROJECT_SOURCE_DIR}/tests/unit/port/posix_test_util.c
      TIMEOUT 900 LABELS log)
    target_include_directories(test_log_power PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/port)
    find_package(Threads REQUIRED)
    target_link_libraries(test_log_power PRIVATE Threads::Threads)
  endif()
endif()
