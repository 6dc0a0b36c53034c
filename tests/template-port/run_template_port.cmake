# SPDX-License-Identifier: Apache-2.0
# cmake -DSTEP=<step> -DMDSEC_SOURCE_DIR=... -DWORK=... -DC_COMPILER=... -DCRYPTO=...
#       [-DGENERATOR=...] -P run_template_port.cmake
#
# Steps (tests.cmake registers one ctest each):
#   build    copy ports/template to WORK/port, as a user copies it into their
#            project, then configure and build tests/template-port with it
#   stubs    the contract test against the template as shipped fails loudly:
#            exit status 1 (not a crash, not a pass), and names the stub
#   bringup  against a half-done port: every case reaching a stub fails and
#            every stub reached is named, the implemented ones are not
#   fatal    a stub without a status stops the run through mdsec_port_fatal
#   link     a link that lacks a port function fails with an undefined-symbol
#            error naming exactly that function (every function of port.h)
#   compile  the template compiles clean (-Werror, stubs allowed) and, with
#            stubs not allowed, warns once per function naming it, under
#            gcc, clang and the test's compiler
#   cortex-m4  the same with arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb
#            (skipped when that compiler is not installed)
cmake_minimum_required(VERSION 3.20)
set(_build ${WORK}/build)
set(_port ${WORK}/port)

function(fail)
  string(JOIN "" _msg ${ARGN})
  message(FATAL_ERROR "template_port ${STEP}: ${_msg}")
endfunction()

# run(<out-var> <rc-var> <command>...): runs with a time limit (RUN_TIMEOUT
# seconds, default 300); stdout and stderr together in <out-var>.
function(run out rc)
  if(NOT RUN_TIMEOUT)
    set(RUN_TIMEOUT 300)
  endif()
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out
                  TIMEOUT ${RUN_TIMEOUT})
  set(${out} "${_out}" PARENT_SCOPE)
  set(${rc} "${_rc}" PARENT_SCOPE)
endfunction()

# expect_in(<text> <what> <regex>...) / expect_not_in(...): each regex must
# (must not) match. The regexes are the function's own arguments, never a
# list variable, since a ']' in a list element can join it with the next.
function(expect_in text what)
  math(EXPR _last "${ARGC} - 1")
  foreach(_i RANGE 2 ${_last})
    if(NOT text MATCHES "${ARGV${_i}}")
      fail("${what}: no match for '${ARGV${_i}}' in:\n${text}")
    endif()
  endforeach()
endfunction()

function(expect_not_in text what)
  math(EXPR _last "${ARGC} - 1")
  foreach(_i RANGE 2 ${_last})
    if(text MATCHES "${ARGV${_i}}")
      fail("${what}: unexpected match for '${ARGV${_i}}' in:\n${text}")
    endif()
  endforeach()
endfunction()

# Runs a contract image; it must exit with exactly <status> within 60 s (a
# stub of mdsec_port_fatal halts for ever).
function(run_image exe status out)
  set(RUN_TIMEOUT 60)
  run(_out _rc ${exe})
  message(STATUS "${exe} exited with '${_rc}':\n${_out}")
  if(NOT "${_rc}" STREQUAL "${status}")
    fail("${exe} exited with '${_rc}', expected ${status} (a signal name means it crashed)")
  endif()
  set(${out} "${_out}" PARENT_SCOPE)
endfunction()

if(STEP STREQUAL "build")
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  file(COPY ${MDSEC_SOURCE_DIR}/ports/template/ DESTINATION ${_port})
  set(_gen "")
  if(GENERATOR)
    set(_gen -G ${GENERATOR})
  endif()
  run(_out _rc ${CMAKE_COMMAND} -S ${MDSEC_SOURCE_DIR}/tests/template-port -B ${_build} ${_gen}
      -DCMAKE_C_COMPILER=${C_COMPILER} -DMDSEC_CRYPTO=${CRYPTO}
      -DMDSEC_SOURCE_DIR=${MDSEC_SOURCE_DIR} -DTEMPLATE_DIR=${_port})
  if(NOT _rc EQUAL 0)
    fail("configure failed (${_rc}):\n${_out}")
  endif()
  expect_in("${_out}" "configure" "MDSEC_TEMPLATE_PORT_ALLOW_STUBS is ON")
  run(_out _rc ${CMAKE_COMMAND} --build ${_build} --parallel 2)
  if(NOT _rc EQUAL 0)
    fail("build failed (${_rc}):\n${_out}")
  endif()
  return()
endif()

if(NOT EXISTS ${_build}/template_port_paths.cmake)
  fail("run the build step first")
endif()
include(${_build}/template_port_paths.cmake)

if(STEP STREQUAL "stubs")
  # Every stub as shipped: mdsec_port_init() fails, so cmocka's group set-up
  # fails and no case runs; the image names the stub and exits 1.
  run_image(${STUBS_EXE} 1 _out)
  expect_in("${_out}" "output"
    "port contract: mdsec_port_init\\(\\) is not implemented \\(template stub\\)"
    "port contract: FAILED")
  expect_in("${_out}" "output" "\\[  PASSED  \\] 0 test\\(s\\)")
  expect_not_in("${_out}" "output" "\\[       OK \\]" "port contract: PASSED")
elseif(STEP STREQUAL "bringup")
  run_image(${BRINGUP_EXE} 1 _out)
  # The cases that only need what is implemented pass ...
  foreach(_case port_name_and_init_is_idempotent monotonic_never_decreases_and_advances)
    expect_in("${_out}" "output" "\\[       OK \\] ${_case}\n")
  endforeach()
  # ... every case that reaches a stub fails ...
  foreach(_case entropy_fills_every_byte entropy_draws_differ entropy_rejects_bad_arguments
                wallclock_is_known_or_reports_unknown mutex_lifecycle counters_all_ids_readable
                counters_only_move_forward counters_reject_bad_id storage_info_is_sane
                storage_round_trip storage_program_over_data_is_refused
                storage_alignment_is_enforced storage_bounds_are_enforced storage_unknown_region
                root_secret_is_stable_and_not_blank)
    expect_in("${_out}" "output" "\\[  FAILED  \\] ${_case}\n")
  endforeach()
  # ... and each stub reached is named; the implemented functions are not.
  foreach(_fn mdsec_port_entropy mdsec_port_wallclock_ms mdsec_port_mutex_init
              mdsec_port_counter_read mdsec_port_storage_info mdsec_port_root_secret)
    expect_in("${_out}" "output" "port contract: ${_fn}\\(\\) is not implemented")
  endforeach()
  expect_not_in("${_out}" "output" "mdsec_port_init\\(\\) is not" "mdsec_port_name\\(\\) is not"
    "mdsec_port_monotonic_us\\(\\) is not" "mdsec_port_fatal\\(\\) is not" "host fatal")
  expect_in("${_out}" "output" "port contract: FAILED \\(15 failed test case\\(s\\), 6 template stub")
elseif(STEP STREQUAL "fatal")
  # mdsec_port_name() has no status: its stub calls mdsec_port_fatal(), here
  # the host's, which reports and exits 3; the contract image never ends.
  run_image(${FATAL_EXE} 3 _out)
  expect_in("${_out}" "output"
    "host fatal: port function not implemented \\(template stub\\) \\(-212\\)"
    "host fatal: template stub reached: mdsec_port_name\\(\\)")
  expect_not_in("${_out}" "output" "port contract: (PASSED|FAILED)")
elseif(STEP STREQUAL "link")
  # The whole template links (the build step built uses_port); without one
  # function, the link fails naming it, and nothing else is missing.
  list(LENGTH PORT_FUNCTIONS _n)
  message(STATUS "${_n} functions in port.h: ${PORT_FUNCTIONS}")
  foreach(_fn IN LISTS PORT_FUNCTIONS)
    run(_out _rc ${CMAKE_COMMAND} --build ${_build} --target link_without_${_fn})
    if(_rc EQUAL 0)
      fail("uses_port linked without ${_fn}: the template has no MDSEC_TEMPLATE_OMIT_${_fn}, "
           "or something else defines it")
    endif()
    # GNU ld: "undefined reference to `fn'" (a call to it) and "required
    # symbol `fn' not defined" (mdsec's --require-defined for MDSEC_PORT=none);
    # lld: "undefined symbol: fn".
    string(REGEX MATCHALL "(undefined reference to [`']|undefined symbol: |required symbol [`'])[A-Za-z0-9_]+"
           _undef "${_out}")
    if(NOT _undef)
      fail("the link without ${_fn} failed, but not with an undefined symbol:\n${_out}")
    endif()
    foreach(_u IN LISTS _undef)
      string(REGEX REPLACE ".*[`' ]" "" _sym "${_u}")
      if(NOT _sym STREQUAL _fn)
        fail("the link without ${_fn} also lacks ${_sym}:\n${_out}")
      endif()
    endforeach()
    message(STATUS "without ${_fn}: ${_undef}")
  endforeach()
elseif(STEP STREQUAL "compile" OR STEP STREQUAL "cortex-m4")
  set(_flags -std=c11 -O2 -Wall -Wextra -Wconversion -Wshadow -Wsign-conversion
    -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wundef -Wcast-qual -Wpointer-arith
    -I${_port}/include -I${MDSEC_SOURCE_DIR}/include -I${MDSEC_SOURCE_DIR}/tests/unit/port)
  file(GLOB _srcs ${_port}/*.c)
  list(LENGTH PORT_FUNCTIONS _n)
  set(_compilers "")
  if(STEP STREQUAL "compile")
    find_program(_gcc NAMES gcc)
    find_program(_clang NAMES clang)
    foreach(_cc IN ITEMS "${C_COMPILER}" "${_gcc}" "${_clang}")
      if(_cc AND NOT _cc IN_LIST _compilers)
        list(APPEND _compilers "${_cc}")
      endif()
    endforeach()
    # mdsec's generated configuration headers, from the host build.
    set(_target_flags -I${_build}/mdsec/include)
  else()
    find_program(_arm NAMES arm-none-eabi-gcc)
    if(NOT _arm)
      message(STATUS "template_port: SKIPPED: arm-none-eabi-gcc not found")
      return()
    endif()
    set(_compilers "${_arm}")
    # No Cortex-M4 build of mdsec to take the generated configuration from:
    # the compile-only check goes without it.
    set(_target_flags -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections
                      -DMDSEC_NO_BUILD_CONFIG)
  endif()
  foreach(_cc IN LISTS _compilers)
    set(_obj ${WORK}/compile-${STEP})
    file(REMOVE_RECURSE ${_obj})
    file(MAKE_DIRECTORY ${_obj})
    # Stubs allowed: not one diagnostic, with -Werror.
    # (-Wpedantic here only: #warning itself is an extension before C23.)
    execute_process(COMMAND ${_cc} ${_target_flags} ${_flags} -Wpedantic -Werror
      -DMDSEC_TEMPLATE_PORT_ALLOW_STUBS=1 -c ${_srcs}
      WORKING_DIRECTORY ${_obj} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
    if(NOT _rc EQUAL 0 OR NOT _out STREQUAL "")
      fail("${_cc}: the template with MDSEC_TEMPLATE_PORT_ALLOW_STUBS is not clean (${_rc}):\n${_out}")
    endif()
    # Stubs not allowed: it still compiles, with exactly one warning per
    # port function, naming it.
    execute_process(COMMAND ${_cc} ${_target_flags} ${_flags} -c ${_srcs}
      WORKING_DIRECTORY ${_obj} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
    if(NOT _rc EQUAL 0)
      fail("${_cc}: the template does not compile (${_rc}):\n${_out}")
    endif()
    string(REGEX MATCHALL "warning: [^\n]*" _warnings "${_out}")
    list(LENGTH _warnings _nw)
    if(NOT _nw EQUAL _n)
      fail("${_cc}: ${_nw} warnings for ${_n} port functions:\n${_out}")
    endif()
    foreach(_fn IN LISTS PORT_FUNCTIONS)
      string(REGEX MATCHALL "warning: [^\n]*${_fn}\\(\\) not implemented" _m "${_out}")
      list(LENGTH _m _nm)
      if(NOT _nm EQUAL 1)
        fail("${_cc}: ${_nm} warnings name ${_fn}() (expected 1):\n${_out}")
      endif()
    endforeach()
    # And -Werror without allowing the stubs refuses the build, naming each.
    execute_process(COMMAND ${_cc} ${_target_flags} ${_flags} -Werror -c ${_srcs}
      WORKING_DIRECTORY ${_obj} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
    string(REGEX MATCHALL "error: [^\n]*mdsec_port_[a-z_]+\\(\\) not implemented" _errors "${_out}")
    list(LENGTH _errors _ne)
    if(_rc EQUAL 0 OR NOT _ne EQUAL _n)
      fail("${_cc}: -Werror without MDSEC_TEMPLATE_PORT_ALLOW_STUBS gave status ${_rc} and "
           "${_ne} errors naming a stub (expected ${_n}):\n${_out}")
    endif()
    message(STATUS "${_cc} ${_target_flags}: clean with stubs allowed; ${_nw} warnings naming "
                   "each function otherwise; -Werror refuses them")
  endforeach()
else()
  fail("unknown STEP '${STEP}'")
endif()
