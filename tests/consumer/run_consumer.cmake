# SPDX-License-Identifier: Apache-2.0
# cmake -DMODE=find_package|subdirectory|pkgconfig -DPREFIX=... -DMDSEC_SOURCE_DIR=...
#       -DCONSUMER_DIR=... -DWORK=... -DC_COMPILER=... -DCRYPTO=... -P run_consumer.cmake
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer ${MODE}: command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(exe ${WORK}/build/consumer)

if(MODE STREQUAL "find_package")
  run(${CMAKE_COMMAND} -S ${CONSUMER_DIR}/find_package -B ${WORK}/build
      -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_PREFIX_PATH=${PREFIX})
  run(${CMAKE_COMMAND} --build ${WORK}/build)
elseif(MODE STREQUAL "subdirectory")
  run(${CMAKE_COMMAND} -S ${CONSUMER_DIR}/subdirectory -B ${WORK}/build
      -DCMAKE_C_COMPILER=${C_COMPILER} -DMDSEC_SOURCE_DIR=${MDSEC_SOURCE_DIR} -DMDSEC_CRYPTO=${CRYPTO})
  run(${CMAKE_COMMAND} --build ${WORK}/build)
elseif(MODE STREQUAL "pkgconfig")
  find_program(PKG_CONFIG pkg-config REQUIRED)
  file(GLOB_RECURSE pcs ${PREFIX}/*/mdsec.pc)
  list(GET pcs 0 pc)
  get_filename_component(pcdir ${pc} DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pcdir})
  run(${PKG_CONFIG} --cflags --libs mdsec)
  string(STRIP "${LAST_OUTPUT}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  file(MAKE_DIRECTORY ${WORK}/build)
  run(${C_COMPILER} -std=c11 ${CONSUMER_DIR}/common/consumer.c -o ${exe} ${flags})
else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()

set(ENV{MDSEC_STATE_DIR} ${WORK}/state)
run(${exe})
if(NOT LAST_OUTPUT MATCHES "consumer: mdsec [0-9]+\\.[0-9]+\\.[0-9]+ self-test ok")
  message(FATAL_ERROR "consumer ${MODE}: unexpected output: ${LAST_OUTPUT}")
endif()
message(STATUS "consumer ${MODE}: ${LAST_OUTPUT}")
