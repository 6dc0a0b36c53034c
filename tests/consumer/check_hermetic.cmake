# SPDX-License-Identifier: Apache-2.0
# Configure and build write nothing outside the build directory.
#
#   cmake -DKIND=host|cortex_m4 -DMDSEC_SOURCE_DIR=... -DWORK=<scratch dir>
#         -DOUTER_BINARY_DIR=<the build running this test> [-DC_COMPILER=...]
#         [-DCRYPTO=...] [-DGENERATOR=...] -P check_hermetic.cmake
#
# Configures and builds mdsec (defaults of a top-level build: tests,
# examples and tools included) into WORK/build, with HOME set to an empty
# WORK/home, and compares a listing (path, size, mtime) of everything it
# might touch, taken before and after:
#   - WORK/home, which must still be empty;
#   - the real /etc and the real $HOME (less OUTER_BINARY_DIR, where ctest
#     itself writes, if it is under $HOME);
#   - the mdsec source tree (less .git and OUTER_BINARY_DIR);
#   - for cortex_m4, MDSEC_TARGET_DEPS_DIR (from the environment, as
#     scripts/test.sh exports it): the dependencies are compiled from there
#     into the build directory, never in place.
# cortex_m4 prints "SKIPPED" and succeeds when arm-none-eabi-gcc or
# MDSEC_TARGET_DEPS_DIR is missing (the test's SKIP_REGULAR_EXPRESSION).
cmake_minimum_required(VERSION 3.20)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

function(skip why)
  consumer_skip("consumer_hermetic_${KIND}" "${why}")
endfunction()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer_hermetic_${KIND}: command failed (${rc}): ${ARGN}\n${out}")
  endif()
endfunction()

if(NOT DEFINED ENV{HOME} OR "$ENV{HOME}" STREQUAL "")
  message(FATAL_ERROR "consumer_hermetic_${KIND}: HOME is not set")
endif()
get_filename_component(real_home "$ENV{HOME}" REALPATH)
get_filename_component(outer "${OUTER_BINARY_DIR}" REALPATH)
get_filename_component(src "${MDSEC_SOURCE_DIR}" REALPATH)

set(config_args)
if(GENERATOR)
  list(APPEND config_args -G ${GENERATOR})
endif()
set(watch /etc ${real_home} ${src})
if(KIND STREQUAL "host")
  list(APPEND config_args -DCMAKE_C_COMPILER=${C_COMPILER} -DMDSEC_CRYPTO=${CRYPTO})
elseif(KIND STREQUAL "cortex_m4")
  find_program(ARM_GCC arm-none-eabi-gcc)
  if(NOT ARM_GCC)
    skip("arm-none-eabi-gcc not found (Debian: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)")
    return()
  endif()
  set(deps "$ENV{MDSEC_TARGET_DEPS_DIR}")
  if(deps STREQUAL "" OR NOT EXISTS "${deps}/bearssl/inc/bearssl.h"
     OR NOT EXISTS "${deps}/cmocka/src/cmocka.c")
    skip("MDSEC_TARGET_DEPS_DIR is not set or holds no bearssl/ and cmocka/ (scripts/install-deps.sh --target DIR fills it; scripts/test.sh exports it)")
    return()
  endif()
  get_filename_component(deps "${deps}" REALPATH)
  list(APPEND watch ${deps})
  foreach(pkg bearssl cmocka) # the unpacked trees may be symlinks to elsewhere
    get_filename_component(tree "${deps}/${pkg}" REALPATH)
    string(FIND "${tree}/" "${deps}/" at)
    if(EXISTS "${tree}" AND NOT at EQUAL 0)
      list(APPEND watch ${tree})
    endif()
  endforeach()
  list(APPEND config_args
    -DCMAKE_TOOLCHAIN_FILE=${MDSEC_SOURCE_DIR}/cmake/toolchains/arm-none-eabi.cmake
    -DMDSEC_TARGET_DEPS_DIR=${deps} -DMDSEC_INSECURE_TEST_ENTROPY=ON)
else()
  message(FATAL_ERROR "unknown KIND ${KIND}")
endif()

find_program(FIND_EXE find)
find_program(SORT_EXE sort)
find_program(DIFF_EXE diff)
if(NOT FIND_EXE OR NOT SORT_EXE)
  message(FATAL_ERROR "consumer_hermetic_${KIND}: needs find(1) and sort(1)")
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/home ${WORK}/snap)
set(fresh_home ${WORK}/home)
set(ENV{LC_ALL} C)

# snapshot(<tag>): one sorted listing per watched tree in WORK/snap/<i>.<tag>.
function(snapshot tag)
  set(i 0)
  foreach(dir ${watch} ${fresh_home})
    # Prune what the test itself (and ctest around it) writes.
    set(prune -path ${outer} -o -path ${WORK})
    if(dir STREQUAL "${src}")
      list(APPEND prune -o -path ${src}/.git)
    endif()
    execute_process(
      COMMAND ${FIND_EXE} ${dir} "(" ${prune} ")" -prune -o -printf "%p\t%s\t%T@\n"
      COMMAND ${SORT_EXE}
      OUTPUT_FILE ${WORK}/snap/${i}.${tag} ERROR_QUIET)
    math(EXPR i "${i} + 1")
  endforeach()
endfunction()

snapshot(before)
# A listing that failed silently would prove nothing.
set(i 0)
foreach(dir ${watch})
  file(STRINGS ${WORK}/snap/${i}.before head LIMIT_COUNT 2)
  list(LENGTH head n)
  if(n LESS 2)
    message(FATAL_ERROR "consumer_hermetic_${KIND}: could not list ${dir}")
  endif()
  math(EXPR i "${i} + 1")
endforeach()
foreach(step configure build)
  if(step STREQUAL "configure")
    set(cmd ${CMAKE_COMMAND} -S ${MDSEC_SOURCE_DIR} -B ${WORK}/build ${config_args})
  else()
    set(cmd ${CMAKE_COMMAND} --build ${WORK}/build --parallel ${JOBS})
  endif()
  run(${CMAKE_COMMAND} -E env HOME=${fresh_home} ${cmd})
endforeach()
snapshot(after)

set(changed "")
set(i 0)
foreach(dir ${watch} ${fresh_home})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/snap/${i}.before
    ${WORK}/snap/${i}.after RESULT_VARIABLE differs)
  if(differs)
    set(d "")
    if(DIFF_EXE)
      execute_process(COMMAND ${DIFF_EXE} ${WORK}/snap/${i}.before ${WORK}/snap/${i}.after
        OUTPUT_VARIABLE d)
    endif()
    string(APPEND changed "\n${dir} changed (< before, > after; path, size, mtime):\n${d}")
  endif()
  math(EXPR i "${i} + 1")
endforeach()
# The empty HOME must still be empty (its listing is only the directory itself).
file(GLOB_RECURSE in_home LIST_DIRECTORIES true ${fresh_home}/*)
if(in_home)
  string(APPEND changed "\nthe build wrote into HOME (${fresh_home}):\n  ${in_home}")
endif()
if(changed)
  message(FATAL_ERROR "consumer_hermetic_${KIND}: configure and build of mdsec wrote outside "
    "the build directory ${WORK}/build:${changed}")
endif()
string(REPLACE ";" ", " watched "${watch}")
message(STATUS "consumer_hermetic_${KIND}: configure and build left ${watched} unchanged "
  "and wrote nothing into an empty HOME")
