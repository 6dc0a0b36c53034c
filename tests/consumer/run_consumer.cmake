# SPDX-License-Identifier: Apache-2.0
# Builds and runs the consumer program (common/) outside this build tree.
#
#   cmake -DMODE=<mode> -DPREFIX=<installed mdsec> -DMDSEC_SOURCE_DIR=... -DCONSUMER_DIR=...
#         -DWORK=<scratch dir> -DC_COMPILER=... -DCRYPTO=... -DMODULES=<module;...>
#         [-DGENERATOR=...] [-DSUBDIR_WORK=...] [-DLIBRARY_ARCHITECTURE=...] -P run_consumer.cmake
#
# Modes:
#   find_package          find_package(mdsec) against PREFIX, mdsec::mdsec
#   subdirectory          add_subdirectory(mdsec) from a parent project (also
#                         the build consumer_parent_install installs)
#   pkgconfig             only `pkg-config --cflags --libs mdsec`, plain layout (PREFIX)
#   pkgconfig_multiarch   mdsec configured with CMAKE_INSTALL_PREFIX=/usr (Debian:
#                         libdir lib/<multiarch>), installed with --prefix <tmp>/usr,
#                         the consumer built with pkg-config alone
#   mismatch_pkgconfig    -DMDSEC_LOG_MAX_SECTORS=4 with pkg-config's flags: the
#   mismatch_find_package   compile must stop with the #error naming the limit;
#                         without the define the same source must build
#   parent_install        `cmake --install` of the subdirectory project: none of
#                         mdsec's files, unless configured with -DMDSEC_INSTALL=ON
cmake_minimum_required(VERSION 3.20)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
set(_gen)
if(GENERATOR)
  set(_gen -G ${GENERATOR})
endif()
include(${CONSUMER_DIR}/common/sources.cmake)

# run(<command>...): fails the test unless the command exits 0; its output is
# left in LAST_OUTPUT.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer ${MODE}: command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

# run_fails(<command>...): the command must fail; its output (stdout and
# stderr) is left in LAST_OUTPUT.
function(run_fails)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc EQUAL 0)
    message(FATAL_ERROR "consumer ${MODE}: command succeeded but must fail: ${ARGN}\n${out}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

# pkgconfig_flags(<pcdir> <var>): `pkg-config --cflags --libs mdsec` from <pcdir> only.
function(pkgconfig_flags pcdir var)
  find_program(PKG_CONFIG pkg-config REQUIRED)
  set(ENV{PKG_CONFIG_PATH} ${pcdir})
  run(${PKG_CONFIG} --variable=pcfiledir mdsec)
  string(STRIP "${LAST_OUTPUT}" found)
  if(NOT found STREQUAL pcdir)
    message(FATAL_ERROR "consumer ${MODE}: pkg-config found mdsec.pc in '${found}', not in ${pcdir}")
  endif()
  run(${PKG_CONFIG} --cflags --libs mdsec)
  string(STRIP "${LAST_OUTPUT}" flags)
  message(STATUS "consumer ${MODE}: pkg-config --cflags --libs mdsec: ${flags}")
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(${var} ${flags} PARENT_SCOPE)
endfunction()

# pc_dir_of(<prefix> <var>): the directory of the one mdsec.pc under <prefix>.
function(pc_dir_of prefix var)
  file(GLOB_RECURSE pcs ${prefix}/*/mdsec.pc)
  list(LENGTH pcs n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "consumer ${MODE}: expected one mdsec.pc under ${prefix}, found: ${pcs}")
  endif()
  get_filename_component(dir ${pcs} DIRECTORY)
  set(${var} ${dir} PARENT_SCOPE)
endfunction()

# The consumer's compiler flags outside CMake: strict C11, warnings as errors
# (mdsec's public headers must compile cleanly in a user's build).
set(_cflags -std=c11 -Wall -Wextra -Wconversion -Wshadow -Werror)

# run_consumer(<exe>): runs the consumer with a fresh device state and checks
# that every module the library was built with passed.
function(run_consumer exe)
  file(REMOVE_RECURSE ${WORK}/state)
  set(ENV{MDSEC_STATE_DIR} ${WORK}/state)
  run(${exe} ${MDSEC_SOURCE_DIR}/tests/fixtures)
  if(NOT LAST_OUTPUT MATCHES "consumer: mdsec [0-9]+\\.[0-9]+\\.[0-9]+ self-test ok")
    message(FATAL_ERROR "consumer ${MODE}: no self-test line in: ${LAST_OUTPUT}")
  endif()
  foreach(m IN LISTS MODULES)
    if(NOT LAST_OUTPUT MATCHES "consumer: ${m} ok\n")
      message(FATAL_ERROR "consumer ${MODE}: module ${m} did not pass:\n${LAST_OUTPUT}")
    endif()
  endforeach()
  if(NOT LAST_OUTPUT MATCHES "consumer: all checks passed")
    message(FATAL_ERROR "consumer ${MODE}: unexpected output:\n${LAST_OUTPUT}")
  endif()
  message(STATUS "consumer ${MODE}:\n${LAST_OUTPUT}")
endfunction()

set(_mismatch_re "MDSEC_LOG_MAX_SECTORS differs from the value libmdsec was built with \\([0-9]+u?\\)")

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(exe ${WORK}/build/consumer)

if(MODE STREQUAL "find_package")
  run(${CMAKE_COMMAND} ${_gen} -S ${CONSUMER_DIR}/find_package -B ${WORK}/build
      -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_PREFIX_PATH=${PREFIX})
  run(${CMAKE_COMMAND} --build ${WORK}/build --parallel ${JOBS})
  run_consumer(${exe})

elseif(MODE STREQUAL "subdirectory")
  run(${CMAKE_COMMAND} ${_gen} -S ${CONSUMER_DIR}/subdirectory -B ${WORK}/build
      -DCMAKE_C_COMPILER=${C_COMPILER} -DMDSEC_SOURCE_DIR=${MDSEC_SOURCE_DIR} -DMDSEC_CRYPTO=${CRYPTO})
  run(${CMAKE_COMMAND} --build ${WORK}/build --parallel ${JOBS})
  run_consumer(${exe})

elseif(MODE STREQUAL "pkgconfig")
  pc_dir_of(${PREFIX} pcdir)
  pkgconfig_flags(${pcdir} flags)
  file(MAKE_DIRECTORY ${WORK}/build)
  run(${C_COMPILER} ${_cflags} ${MDSEC_CONSUMER_SOURCES} -o ${exe} ${flags})
  run_consumer(${exe})

elseif(MODE STREQUAL "pkgconfig_multiarch")
  # A distribution's package build: prefix /usr at configure time, DESTDIR-like
  # staging with --prefix at install time.
  set(mb ${WORK}/mdsec-build)
  run(${CMAKE_COMMAND} ${_gen} -S ${MDSEC_SOURCE_DIR} -B ${mb} -DCMAKE_C_COMPILER=${C_COMPILER}
      -DMDSEC_CRYPTO=${CRYPTO} -DCMAKE_INSTALL_PREFIX=/usr -DMDSEC_BUILD_TESTS=OFF
      -DMDSEC_BUILD_EXAMPLES=OFF -DMDSEC_BUILD_TOOLS=OFF)
  file(STRINGS ${mb}/CMakeCache.txt libdir REGEX "^CMAKE_INSTALL_LIBDIR:")
  string(REGEX REPLACE "^[^=]*=" "" libdir "${libdir}")
  if(NOT libdir STREQUAL "lib/${LIBRARY_ARCHITECTURE}")
    message(FATAL_ERROR "consumer ${MODE}: with CMAKE_INSTALL_PREFIX=/usr the libdir is "
      "'${libdir}', not the multiarch lib/${LIBRARY_ARCHITECTURE}")
  endif()
  run(${CMAKE_COMMAND} --build ${mb} --parallel ${JOBS})
  set(stage ${WORK}/stage/usr)
  run(${CMAKE_COMMAND} --install ${mb} --prefix ${stage})
  set(pcdir ${stage}/lib/${LIBRARY_ARCHITECTURE}/pkgconfig)
  if(NOT EXISTS ${pcdir}/mdsec.pc OR NOT EXISTS ${stage}/lib/${LIBRARY_ARCHITECTURE}/libmdsec.a)
    message(FATAL_ERROR "consumer ${MODE}: no mdsec.pc / libmdsec.a under ${stage}/lib/${LIBRARY_ARCHITECTURE}")
  endif()
  pkgconfig_flags(${pcdir} flags)
  # The flags must point into the staged tree, not at /usr.
  foreach(f IN LISTS flags)
    if(f MATCHES "^-[IL](.*)$")
      get_filename_component(real "${CMAKE_MATCH_1}" REALPATH)
      if(NOT real STREQUAL "${stage}/include" AND NOT real STREQUAL "${stage}/lib/${LIBRARY_ARCHITECTURE}")
        message(FATAL_ERROR "consumer ${MODE}: ${f} is outside the staged tree ${stage}")
      endif()
    endif()
  endforeach()
  file(MAKE_DIRECTORY ${WORK}/build)
  run(${C_COMPILER} ${_cflags} ${MDSEC_CONSUMER_SOURCES} -o ${exe} ${flags})
  run_consumer(${exe})

elseif(MODE STREQUAL "mismatch_pkgconfig")
  pc_dir_of(${PREFIX} pcdir)
  pkgconfig_flags(${pcdir} flags)
  list(FILTER flags INCLUDE REGEX "^-I")
  file(MAKE_DIRECTORY ${WORK}/build)
  run_fails(${C_COMPILER} ${_cflags} -DMDSEC_LOG_MAX_SECTORS=4 -c ${CONSUMER_DIR}/common/consumer.c
            -o ${WORK}/build/consumer.o ${flags})
  if(NOT LAST_OUTPUT MATCHES "${_mismatch_re}")
    message(FATAL_ERROR "consumer ${MODE}: the compile failed without the #error naming "
      "MDSEC_LOG_MAX_SECTORS:\n${LAST_OUTPUT}")
  endif()
  run(${C_COMPILER} ${_cflags} -c ${CONSUMER_DIR}/common/consumer.c -o ${WORK}/build/consumer.o ${flags})
  message(STATUS "consumer ${MODE}: -DMDSEC_LOG_MAX_SECTORS=4 refused with the #error; compiles without it")

elseif(MODE STREQUAL "mismatch_find_package")
  run(${CMAKE_COMMAND} ${_gen} -S ${CONSUMER_DIR}/find_package -B ${WORK}/build
      -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_PREFIX_PATH=${PREFIX}
      -DCONSUMER_EXTRA_DEFINES=MDSEC_LOG_MAX_SECTORS=4)
  run_fails(${CMAKE_COMMAND} --build ${WORK}/build --parallel ${JOBS})
  if(NOT LAST_OUTPUT MATCHES "${_mismatch_re}")
    message(FATAL_ERROR "consumer ${MODE}: the build failed without the #error naming "
      "MDSEC_LOG_MAX_SECTORS:\n${LAST_OUTPUT}")
  endif()
  run(${CMAKE_COMMAND} -S ${CONSUMER_DIR}/find_package -B ${WORK}/build -DCONSUMER_EXTRA_DEFINES=)
  run(${CMAKE_COMMAND} --build ${WORK}/build --parallel ${JOBS})
  message(STATUS "consumer ${MODE}: -DMDSEC_LOG_MAX_SECTORS=4 refused with the #error; builds without it")

elseif(MODE STREQUAL "parent_install")
  # SUBDIR_WORK: the work directory of the subdirectory mode (its build/).
  set(pb ${SUBDIR_WORK}/build)
  if(NOT EXISTS ${pb}/CMakeCache.txt)
    message(FATAL_ERROR "consumer ${MODE}: no subdirectory build in ${pb} (run consumer_subdirectory)")
  endif()
  set(parent_files bin/consumer share/parent-project/parent-readme.txt)

  # installed_files(<prefix> <var>): every file and symlink under <prefix>, relative.
  function(installed_files prefix var)
    file(GLOB_RECURSE all LIST_DIRECTORIES false RELATIVE ${prefix} ${prefix}/*)
    list(SORT all)
    set(${var} ${all} PARENT_SCOPE)
  endfunction()

  run(${CMAKE_COMMAND} -S ${CONSUMER_DIR}/subdirectory -B ${pb} -UMDSEC_INSTALL)
  run(${CMAKE_COMMAND} --build ${pb} --parallel ${JOBS})
  run(${CMAKE_COMMAND} --install ${pb} --prefix ${WORK}/default)
  installed_files(${WORK}/default got)
  if(NOT got STREQUAL "${parent_files}")
    message(FATAL_ERROR "consumer ${MODE}: installing the parent project must install only its "
      "own files (${parent_files}); it installed:\n  ${got}")
  endif()

  run(${CMAKE_COMMAND} -S ${CONSUMER_DIR}/subdirectory -B ${pb} -DMDSEC_INSTALL=ON)
  run(${CMAKE_COMMAND} --build ${pb} --parallel ${JOBS})
  run(${CMAKE_COMMAND} --install ${pb} --prefix ${WORK}/with-mdsec)
  installed_files(${WORK}/with-mdsec got)
  file(STRINGS ${pb}/CMakeCache.txt libdir REGEX "^CMAKE_INSTALL_LIBDIR:")
  string(REGEX REPLACE "^[^=]*=" "" libdir "${libdir}")
  foreach(f ${parent_files} include/mdsec/mdsec.h include/mdsec/build_config.h
            include/mdsec/build_config_check.h ${libdir}/libmdsec.a
            ${libdir}/cmake/mdsec/mdsecConfig.cmake ${libdir}/cmake/mdsec/mdsecTargets.cmake
            ${libdir}/pkgconfig/mdsec.pc)
    if(NOT f IN_LIST got)
      message(FATAL_ERROR "consumer ${MODE}: with -DMDSEC_INSTALL=ON, ${f} is not installed; "
        "installed:\n  ${got}")
    endif()
  endforeach()
  message(STATUS "consumer ${MODE}: the parent's install has only its own files; "
    "with -DMDSEC_INSTALL=ON also mdsec's headers, library, CMake package and mdsec.pc")

else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()
