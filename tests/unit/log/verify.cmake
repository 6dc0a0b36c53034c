# SPDX-License-Identifier: Apache-2.0
# The security log's byte formats and the export verifier (issue #6). Both
# tests are portable: they run on the host and, in a Cortex-M build, under
# QEMU. They need no port storage: exports are built in the test with the
# format encoder and checkpoints are signed with the provider API.
if(MDSEC_WITH_LOG)
  mdsec_add_test(test_log_format SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_log_format.c LABELS log)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_log_verify.c)
    mdsec_add_test(test_log_verify
      SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_log_verify.c ${CMAKE_CURRENT_LIST_DIR}/log_testgen.c
      TIMEOUT 600 LABELS log)
    target_include_directories(test_log_verify PRIVATE ${PROJECT_SOURCE_DIR}/tests/vectors
      ${CMAKE_CURRENT_LIST_DIR})
  endif()
endif()
if(MDSEC_WITH_LOG AND EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_log_regress.c)
  mdsec_add_test(test_log_regress
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_log_regress.c ${CMAKE_CURRENT_LIST_DIR}/log_testgen.c
    TIMEOUT 600 LABELS log)
  target_include_directories(test_log_regress PRIVATE ${PROJECT_SOURCE_DIR}/tests/vectors
    ${CMAKE_CURRENT_LIST_DIR})
endif()
if(MDSEC_WITH_LOG AND EXISTS ${CMAKE_CURRENT_LIST_DIR}/test_log_attacks.c)
  # Thousands of generated attacks: host only (the target stage runs the
  # portable verifier tests above).
  mdsec_add_test(test_log_attacks HOST_ONLY
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_log_attacks.c ${CMAKE_CURRENT_LIST_DIR}/log_testgen.c
    TIMEOUT 900 LABELS log)
  if(TARGET test_log_attacks)
    target_include_directories(test_log_attacks PRIVATE ${PROJECT_SOURCE_DIR}/tests/vectors
      ${CMAKE_CURRENT_LIST_DIR})
  endif()
endif()
