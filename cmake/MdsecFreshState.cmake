# SPDX-License-Identifier: Apache-2.0
# cmake -DSTATE=<dir> -DEXE=<test> [-DRUNS=<n>] [-DAFTER=<cmd;args>] -P MdsecFreshState.cmake
# Runs a host test against a fresh device: its posix-port state directory
# (flash files, monotonic counters, root secret) and the demo's hospital
# directory beside it are wiped first, so that no test depends on what an
# earlier run left behind (counters only go up). RUNS boots the device that
# many times in a row (default 1); AFTER is a command run once they passed.
file(REMOVE_RECURSE "${STATE}" "${STATE}-hospital")
file(MAKE_DIRECTORY "${STATE}")
set(ENV{MDSEC_STATE_DIR} "${STATE}")
if(NOT DEFINED RUNS)
  set(RUNS 1)
endif()
foreach(_run RANGE 1 ${RUNS})
  execute_process(COMMAND "${EXE}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${EXE} exited with ${rc} (run ${_run} of ${RUNS})")
  endif()
endforeach()
if(DEFINED AFTER)
  string(REPLACE "@STATE@" "${STATE}" _after "${AFTER}")
  execute_process(COMMAND ${_after} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${_after} exited with ${rc}")
  endif()
endif()
