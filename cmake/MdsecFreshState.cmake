# SPDX-License-Identifier: Apache-2.0
# cmake -DSTATE=<dir> -DEXE=<test> -P MdsecFreshState.cmake
# Runs a host test against a fresh device: its posix-port state directory
# (flash files, monotonic counters, root secret) is wiped first, so that no
# test depends on what an earlier run left behind (counters only go up).
file(REMOVE_RECURSE "${STATE}")
file(MAKE_DIRECTORY "${STATE}")
set(ENV{MDSEC_STATE_DIR} "${STATE}")
execute_process(COMMAND "${EXE}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${rc}")
endif()
