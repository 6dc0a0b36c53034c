# SPDX-License-Identifier: Apache-2.0
# cmake -DEXE=<program> -DDIR=<dir> [-DFRESH=1] [-DARGS=<a;b...>] -P run_example.cmake
# Runs one documentation example as a user would: in DIR (its working
# directory, where it may write files), against the posix port's state
# directory DIR/state (MDSEC_STATE_DIR). FRESH wipes DIR first, so the
# example runs on a fresh device; an example that continues where another
# left off (the verifier reading what the device wrote) runs in the same
# DIR without FRESH. The test passes when the program exits with 0.
cmake_minimum_required(VERSION 3.20)
if(FRESH)
  file(REMOVE_RECURSE "${DIR}")
endif()
file(MAKE_DIRECTORY "${DIR}/state")
set(ENV{MDSEC_STATE_DIR} "${DIR}/state")
execute_process(COMMAND "${EXE}" ${ARGS} WORKING_DIRECTORY "${DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${rc}")
endif()
