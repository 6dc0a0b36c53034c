# SPDX-License-Identifier: Apache-2.0
# mdsec_require_port_symbols(<function>...): the port functions that the
# integrator supplies in this configuration (MDSEC_PORT=none, a baremetal
# build without a board, FreeRTOS without a platform). Every program that
# links mdsec is linked with --require-defined=<function> for each, so a
# port that lacks one fails at link time with
#   "required symbol `mdsec_port_entropy' not defined"
# instead of linking an empty or half-working image. The link options are
# part of mdsec::mdsec (and of its installed package and pkg-config file).
# The cost: those functions are kept even when nothing calls them; configure
# with -DMDSEC_REQUIRE_PORT_SYMBOLS=OFF once the port is known complete.
function(mdsec_require_port_symbols)
  set_property(GLOBAL APPEND PROPERTY MDSEC_PORT_SYMBOLS_SUPPLIED_BY_INTEGRATOR ${ARGN})
  if(NOT MDSEC_REQUIRE_PORT_SYMBOLS OR APPLE OR NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    return()
  endif()
  foreach(_sym IN LISTS ARGN)
    target_link_options(mdsec INTERFACE "LINKER:--require-defined=${_sym}")
    set_property(GLOBAL APPEND_STRING PROPERTY MDSEC_PC_REQUIRE_LIBS " -Wl,--require-defined=${_sym}")
  endforeach()
endfunction()

# MDSEC_PORT_FUNCTIONS: every function of mdsec/port.h, read from the header
# itself, so that a function added to the contract is required too.
file(STRINGS "${PROJECT_SOURCE_DIR}/include/mdsec/port.h" _mdsec_port_decls
  REGEX "^[A-Za-z].*[ *]mdsec_port_[a-z0-9_]+\\(")
set(MDSEC_PORT_FUNCTIONS "")
foreach(_decl IN LISTS _mdsec_port_decls)
  string(REGEX MATCH "mdsec_port_[a-z0-9_]+\\(" _fn "${_decl}")
  string(REGEX REPLACE "\\($" "" _fn "${_fn}")
  list(APPEND MDSEC_PORT_FUNCTIONS ${_fn})
endforeach()
list(REMOVE_DUPLICATES MDSEC_PORT_FUNCTIONS)
list(LENGTH MDSEC_PORT_FUNCTIONS _mdsec_port_fn_count)
if(_mdsec_port_fn_count LESS 10)
  message(FATAL_ERROR "cmake/MdsecPortSymbols.cmake read only ${_mdsec_port_fn_count} functions "
    "from include/mdsec/port.h: ${MDSEC_PORT_FUNCTIONS}")
endif()

# mdsec_require_port_symbols_except(<function>...): requires every function
# of mdsec/port.h except those named (the ones the port compiles into mdsec).
function(mdsec_require_port_symbols_except)
  set(_fns ${MDSEC_PORT_FUNCTIONS})
  list(REMOVE_ITEM _fns ${ARGN})
  mdsec_require_port_symbols(${_fns})
endfunction()
