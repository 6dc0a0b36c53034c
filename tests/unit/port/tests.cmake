# SPDX-License-Identifier: Apache-2.0
# Port tests. test_port_contract checks every promise of port.h against the
# port the library was built with; the same test group runs as a host
# process (posix), inside a FreeRTOS task (freertos, POSIX simulator) and as
# a Cortex-M image under QEMU (baremetal). Each environment has its own
# small main().
set(_port_tests ${CMAKE_CURRENT_LIST_DIR})

if(MDSEC_PORT STREQUAL "posix")
  mdsec_add_test(test_port_contract
    SOURCES ${_port_tests}/test_port_contract.c ${_port_tests}/main_port_contract_posix.c
            ${_port_tests}/posix_test_util.c
    LABELS port)
  mdsec_add_test(test_port_posix HOST_ONLY
    SOURCES ${_port_tests}/test_port_posix.c ${_port_tests}/posix_test_util.c
    LABELS port)
  message(STATUS "mdsec: FreeRTOS port tests skipped in this build: they run in a build "
                 "configured with -DMDSEC_PORT=freertos -DFREERTOS_KERNEL_PATH=<FreeRTOS-Kernel tree>")
elseif(MDSEC_PORT STREQUAL "freertos")
  # The FreeRTOS POSIX simulator: the tests run inside FreeRTOS tasks
  # (mdsec_freertos_sim_run, from ports/freertos/sim).
  if(TARGET mdsec_freertos_sim)
    mdsec_add_test(test_port_contract HOST_ONLY
      SOURCES ${_port_tests}/test_port_contract.c ${_port_tests}/main_port_contract_freertos.c
              ${_port_tests}/posix_test_util.c
      LIBS mdsec_freertos_sim
      LABELS port freertos)
    mdsec_add_test(test_port_freertos HOST_ONLY
      SOURCES ${_port_tests}/test_port_freertos.c ${_port_tests}/posix_test_util.c
      LIBS mdsec_freertos_sim
      LABELS port freertos)
    target_include_directories(test_port_freertos PRIVATE ${PROJECT_SOURCE_DIR}/ports/freertos)
    mdsec_add_test(test_port_freertos_fatal HOST_ONLY
      SOURCES ${_port_tests}/test_port_freertos_fatal.c ${_port_tests}/posix_test_util.c
      LIBS mdsec_freertos_sim
      LABELS port freertos)
  else()
    message(STATUS "mdsec: FreeRTOS port tests need the POSIX simulator (MDSEC_FREERTOS_PLATFORM=posix); skipped")
  endif()
elseif(MDSEC_PORT STREQUAL "baremetal")
  mdsec_add_test(test_port_contract
    SOURCES ${_port_tests}/test_port_contract.c ${_port_tests}/main_port_contract.c
    LABELS port)
endif()
