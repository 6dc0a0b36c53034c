# SPDX-License-Identifier: Apache-2.0
# Tests of the host tool mdsec-log (tools/mdsec-log): run_mdsec_log.sh drives
# the built tool on exports written by mdsec-log-gen (built on the in-test log
# writer of tests/unit/log), one ctest test per area. Included from
# tests/tools/CMakeLists.txt (host only, where the tools are built).
if(NOT TARGET mdsec-log)
  return()
endif()

add_executable(mdsec-log-gen
  ${CMAKE_CURRENT_LIST_DIR}/mdsec_log_gen.c
  ${PROJECT_SOURCE_DIR}/tests/unit/log/log_testgen.c)
target_include_directories(mdsec-log-gen PRIVATE ${PROJECT_SOURCE_DIR}/src
  ${PROJECT_SOURCE_DIR}/tests/unit/log ${PROJECT_SOURCE_DIR}/tests/vectors)
target_link_libraries(mdsec-log-gen PRIVATE mdsec::mdsec)
mdsec_test_warnings(mdsec-log-gen)
if(EXISTS ${PROJECT_SOURCE_DIR}/src/log/log.c)
  target_compile_definitions(mdsec-log-gen PRIVATE LOGGEN_WITH_DEVICE=1)
  set(_log_groups usage verify export show device)
else()
  set(_log_groups usage verify export show)
endif()

foreach(_group ${_log_groups})
  add_test(NAME tool_mdsec_log_${_group}
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_mdsec_log.sh ${_group}
      $<TARGET_FILE:mdsec-log> $<TARGET_FILE:mdsec-log-gen>
      ${CMAKE_CURRENT_BINARY_DIR}/work-log-${_group})
  set_tests_properties(tool_mdsec_log_${_group} PROPERTIES TIMEOUT 120 LABELS "tools")
endforeach()
