# SPDX-License-Identifier: Apache-2.0
# The firmware project of firmware/, as an integrator has it: in a git
# repository of its own outside the mdsec tree, with the current mdsec
# working tree vendored as plain files in third_party/mdsec, configured with
# an in-tree build directory, cross-built for Cortex-M4 and run on QEMU.
#
#   cmake -DMDSEC_SOURCE_DIR=... -DCONSUMER_DIR=... [-DOUTER_BINARY_DIR=...]
#         [-DGENERATOR=...] -P run_firmware.cmake
#
# MDSEC_TARGET_DEPS_DIR comes from the environment (scripts/test.sh exports
# it). Prints "SKIPPED" and succeeds (the test's SKIP_REGULAR_EXPRESSION)
# when arm-none-eabi-gcc, qemu-system-arm or MDSEC_TARGET_DEPS_DIR is
# missing. The scratch directory is removed afterwards, also on failure
# unless MDSEC_KEEP_TEST_DIRS is set in the environment.
cmake_minimum_required(VERSION 3.20)
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

function(skip why)
  consumer_skip("consumer_firmware" "${why}")
endfunction()

find_program(ARM_GCC arm-none-eabi-gcc)
find_program(QEMU qemu-system-arm)
set(deps "$ENV{MDSEC_TARGET_DEPS_DIR}")
if(NOT ARM_GCC)
  skip("arm-none-eabi-gcc not found (Debian: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)")
  return()
elseif(NOT QEMU)
  skip("qemu-system-arm not found (Debian: apt-get install qemu-system-arm)")
  return()
elseif(deps STREQUAL "" OR NOT EXISTS "${deps}/bearssl/inc/bearssl.h")
  skip("MDSEC_TARGET_DEPS_DIR is not set or holds no bearssl/ (scripts/install-deps.sh --target DIR fills it; scripts/test.sh exports it)")
  return()
endif()
get_filename_component(deps "${deps}" REALPATH)
get_filename_component(src "${MDSEC_SOURCE_DIR}" REALPATH)

# die(<message>...): fails the test, removing the scratch directory unless
# MDSEC_KEEP_TEST_DIRS is set.
function(die)
  string(JOIN "" msg ${ARGN})
  if(DEFINED ENV{MDSEC_KEEP_TEST_DIRS})
    string(APPEND msg "\n(the project is kept in ${proj})")
  elseif(scratch)
    file(REMOVE_RECURSE ${scratch})
  endif()
  message(FATAL_ERROR "consumer_firmware: ${msg}")
endfunction()

# run(<dir> <command>...): runs in <dir>; fails unless it exits 0; output in LAST_OUTPUT.
function(run dir)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${dir}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    die("command failed (${rc}) in ${dir}: ${ARGN}\n${out}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

# ---- A scratch directory outside the mdsec tree --------------------------------
set(tmp "$ENV{TMPDIR}")
if(tmp STREQUAL "")
  set(tmp /tmp)
endif()
get_filename_component(tmp "${tmp}" REALPATH)
string(FIND "${tmp}/" "${src}/" at)
if(at EQUAL 0)
  message(FATAL_ERROR "consumer_firmware: TMPDIR (${tmp}) is inside the mdsec tree ${src}; "
    "the firmware project must be built outside it")
endif()
string(RANDOM LENGTH 10 ALPHABET abcdefghijklmnopqrstuvwxyz0123456789 tag)
set(scratch ${tmp}/mdsec-firmware-${tag})
file(MAKE_DIRECTORY ${scratch})
set(proj ${scratch}/pump-firmware)
file(COPY ${CONSUMER_DIR}/firmware/ DESTINATION ${proj})

# ---- The current mdsec working tree, vendored ----------------------------------
# Everything git tracks or would track (untracked files that are not
# ignored), as it is now in the working tree; files deleted there are left
# out, and so is the build tree running this test.
set(vendor ${proj}/third_party/mdsec)
find_program(GIT git)
set(files "")
if(GIT)
  execute_process(COMMAND ${GIT} -C ${src} rev-parse --is-inside-work-tree
    RESULT_VARIABLE not_git OUTPUT_QUIET ERROR_QUIET)
  if(NOT not_git)
    execute_process(COMMAND ${GIT} -C ${src} -c core.quotepath=off ls-files --cached --others
        --exclude-standard
      RESULT_VARIABLE rc OUTPUT_VARIABLE listing ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      die("git ls-files failed in ${src}: ${err}")
    endif()
    string(REPLACE "\n" ";" files "${listing}")
    list(REMOVE_DUPLICATES files)
  endif()
endif()
set(skip_prefix "")
if(OUTER_BINARY_DIR)
  get_filename_component(outer "${OUTER_BINARY_DIR}" REALPATH)
  string(FIND "${outer}/" "${src}/" at)
  if(at EQUAL 0)
    file(RELATIVE_PATH skip_prefix ${src} ${outer})
  endif()
endif()
if(files)
  set(n 0)
  foreach(f IN LISTS files)
    if(f MATCHES "^\"")
      die("git quotes the file name ${f}: cannot copy it")
    endif()
    if(f STREQUAL "" OR NOT EXISTS "${src}/${f}" OR IS_DIRECTORY "${src}/${f}")
      continue() # deleted in the working tree (or a submodule)
    endif()
    string(FIND "${f}" "${skip_prefix}/" at)
    if(skip_prefix AND at EQUAL 0)
      continue()
    endif()
    get_filename_component(d "${f}" DIRECTORY)
    file(COPY "${src}/${f}" DESTINATION "${vendor}/${d}")
    math(EXPR n "${n} + 1")
  endforeach()
  message(STATUS "consumer_firmware: vendored ${n} files of the mdsec working tree (git ls-files)")
else()
  # Not a git checkout (a release archive): the whole tree but version
  # control and build directories.
  string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" src_re "${src}")
  file(COPY ${src}/ DESTINATION ${vendor}
    PATTERN .git EXCLUDE
    REGEX "^${src_re}/build[^/]*$" EXCLUDE)
  message(STATUS "consumer_firmware: vendored the mdsec tree (not a git checkout)")
endif()
if(NOT EXISTS ${vendor}/CMakeLists.txt OR NOT EXISTS ${vendor}/cmake/qemu-mps2-an386.sh)
  die("the vendored copy in ${vendor} is incomplete")
endif()

# ---- The integrator's own repository -----------------------------------------
set(have_repo OFF)
if(GIT)
  set(id -c user.name=mdsec-test -c user.email=mdsec-test@invalid -c commit.gpgsign=false)
  run(${proj} ${GIT} init -q)
  run(${proj} ${GIT} add -A)
  run(${proj} ${GIT} ${id} commit -q -m "pump firmware with mdsec vendored in third_party/mdsec")
  set(have_repo ON)
endif()

# ---- Configure, build and boot it -----------------------------------------------
set(gen)
if(GENERATOR)
  set(gen -G ${GENERATOR})
endif()
run(${proj} ${CMAKE_COMMAND} -S . -B build ${gen} -DMDSEC_TARGET_DEPS_DIR=${deps})
run(${proj} ${CMAKE_COMMAND} --build build --parallel ${JOBS})
execute_process(COMMAND ./third_party/mdsec/cmake/qemu-mps2-an386.sh build/pump_firmware.elf
  WORKING_DIRECTORY ${proj} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "firmware: boot image 1\\.2\\.3\\+4 verified"
   OR NOT out MATCHES "firmware: boot recorded in the security log"
   OR NOT out MATCHES "firmware: ok")
  die("the image exited with ${rc} (0 required) or missed a step:\n${out}")
endif()
message(STATUS "consumer_firmware: QEMU mps2-an386 exit status 0:\n${out}")

# Configure and build wrote nothing into the project (nor the vendored mdsec) but build/.
if(have_repo)
  run(${proj} ${GIT} status --porcelain --untracked-files=all)
  if(NOT LAST_OUTPUT STREQUAL "")
    die("configure and build changed the project outside build/:\n${LAST_OUTPUT}")
  endif()
endif()
file(REMOVE_RECURSE ${scratch})
