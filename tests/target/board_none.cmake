# SPDX-License-Identifier: Apache-2.0
# cmake -DMDSEC_SOURCE_DIR=... -DWORK=... -DTOOLCHAIN=... -DBEARSSL_LIBRARY=...
#       -DBEARSSL_INCLUDE_DIR=... -P board_none.cmake
# Configures and links tests/target/board-none; passes only when the link
# fails naming the board functions the firmware did not supply.
file(REMOVE_RECURSE ${WORK})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${MDSEC_SOURCE_DIR}/tests/target/board-none -B ${WORK} -G Ninja
    -DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN} -DMDSEC_SOURCE_DIR=${MDSEC_SOURCE_DIR}
    -DMDSEC_BEARSSL_LIBRARY=${BEARSSL_LIBRARY} -DMDSEC_BEARSSL_INCLUDE_DIR=${BEARSSL_INCLUDE_DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "board-none: configure failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "board-none: a firmware without its board's functions linked:\n${out}")
endif()
foreach(fn mdsec_board_init mdsec_board_fatal mdsec_port_entropy mdsec_port_root_secret
           mdsec_port_storage_read mdsec_port_counter_advance mdsec_port_monotonic_us)
  if(NOT "${out}${err}" MATCHES "required symbol .${fn}' not defined")
    message(FATAL_ERROR "board-none: the failed link does not name ${fn}:\n${out}\n${err}")
  endif()
endforeach()
message(STATUS "board-none: the link failed naming every missing board function")
