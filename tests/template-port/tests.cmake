# SPDX-License-Identifier: Apache-2.0
# The template port (ports/template): included by tests/CMakeLists.txt in
# host builds. run_template_port.cmake builds tests/template-port, a
# project of its own, outside this build and checks it step by step.
set(_tp_work ${CMAKE_CURRENT_BINARY_DIR}/template-port)
foreach(_step build stubs bringup fatal link compile cortex-m4)
  add_test(NAME template_port_${_step}
    COMMAND ${CMAKE_COMMAND} -DSTEP=${_step} -DMDSEC_SOURCE_DIR=${PROJECT_SOURCE_DIR}
      -DWORK=${_tp_work} -DC_COMPILER=${CMAKE_C_COMPILER} -DCRYPTO=${MDSEC_CRYPTO}
      -DGENERATOR=${CMAKE_GENERATOR}
      -P ${CMAKE_CURRENT_LIST_DIR}/run_template_port.cmake)
  set_tests_properties(template_port_${_step} PROPERTIES LABELS "port;template" TIMEOUT 900)
  if(_step STREQUAL "build")
    set_tests_properties(template_port_${_step} PROPERTIES FIXTURES_SETUP mdsec_template_port)
  else()
    set_tests_properties(template_port_${_step} PROPERTIES FIXTURES_REQUIRED mdsec_template_port)
  endif()
endforeach()
set_tests_properties(template_port_cortex-m4 PROPERTIES SKIP_REGULAR_EXPRESSION "template_port: SKIPPED")
