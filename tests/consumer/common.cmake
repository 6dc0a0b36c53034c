# SPDX-License-Identifier: Apache-2.0
# Shared by the consumer test scripts (cmake -P): the build parallelism and
# the way a test reports that it is skipped.

# JOBS: -DJOBS=N, else CMAKE_BUILD_PARALLEL_LEVEL, else 2.
if(NOT DEFINED JOBS)
  set(JOBS 2)
  if(DEFINED ENV{CMAKE_BUILD_PARALLEL_LEVEL})
    set(JOBS $ENV{CMAKE_BUILD_PARALLEL_LEVEL})
  endif()
endif()

# consumer_skip(<test> <why>): prints "<test>: SKIPPED: <why>", which the
# test's SKIP_REGULAR_EXPRESSION matches; exit status 77 from CMake 3.29 on
# (SKIP_RETURN_CODE). The caller returns afterwards.
function(consumer_skip test why)
  message(STATUS "${test}: SKIPPED: ${why}")
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
    cmake_language(EXIT 77)
  endif()
endfunction()
