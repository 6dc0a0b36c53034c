# SPDX-License-Identifier: Apache-2.0
# mdsec_add_test(<name> SOURCES <src>... [LIBS <lib>...] [HOST_ONLY] [LABELS <l>...])
#
# Builds a cmocka test executable linked with mdsec and registers it with
# ctest. In a cross build (Cortex-M) the executable is an image for the QEMU
# board and ctest runs it through CMAKE_CROSSCOMPILING_EMULATOR (set by the
# toolchain file), which passes the semihosting exit status on. HOST_ONLY
# tests are skipped in cross builds.

if(NOT TARGET cmocka::cmocka AND NOT CMAKE_CROSSCOMPILING)
  find_package(PkgConfig QUIET)
  find_path(CMOCKA_INCLUDE_DIR NAMES cmocka.h)
  find_library(CMOCKA_LIBRARY NAMES cmocka)
  if(NOT CMOCKA_INCLUDE_DIR OR NOT CMOCKA_LIBRARY)
    message(FATAL_ERROR "cmocka not found (Debian: apt-get install libcmocka-dev), or configure with -DMDSEC_BUILD_TESTS=OFF")
  endif()
  add_library(cmocka::cmocka UNKNOWN IMPORTED)
  set_target_properties(cmocka::cmocka PROPERTIES
    IMPORTED_LOCATION "${CMOCKA_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CMOCKA_INCLUDE_DIR}")
endif()

function(mdsec_add_test name)
  cmake_parse_arguments(T "HOST_ONLY" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(T_HOST_ONLY AND CMAKE_CROSSCOMPILING)
    return()
  endif()
  add_executable(${name} ${T_SOURCES})
  get_property(_app_libs GLOBAL PROPERTY MDSEC_APP_LIBS)
  target_link_libraries(${name} PRIVATE ${T_LIBS} mdsec::mdsec ${_app_libs} cmocka::cmocka)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests/support)
  mdsec_test_warnings(${name})
  if(CMAKE_CROSSCOMPILING)
    add_test(NAME ${name} COMMAND ${name})
  else()
    # A fresh device state for every run of a host test.
    add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -DSTATE=${CMAKE_CURRENT_BINARY_DIR}/state/${name}
      -DEXE=$<TARGET_FILE:${name}> -P ${PROJECT_SOURCE_DIR}/cmake/MdsecFreshState.cmake)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set(_labels unit ${T_LABELS})
  if(CMAKE_CROSSCOMPILING)
    list(APPEND _labels target)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${_labels}")
endfunction()
