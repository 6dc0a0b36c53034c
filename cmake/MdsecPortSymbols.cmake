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

# Every function of mdsec/port.h.
set(MDSEC_PORT_FUNCTIONS
  mdsec_port_name mdsec_port_init mdsec_port_fatal mdsec_port_monotonic_us
  mdsec_port_wallclock_ms mdsec_port_entropy mdsec_port_root_secret
  mdsec_port_mutex_init mdsec_port_mutex_lock mdsec_port_mutex_unlock mdsec_port_mutex_destroy
  mdsec_port_storage_info mdsec_port_storage_read mdsec_port_storage_program
  mdsec_port_storage_erase mdsec_port_counter_read mdsec_port_counter_advance)
