# SPDX-License-Identifier: Apache-2.0
# The platform half of the POSIX port (state directory, flash emulation,
# counters, root secret, entropy, wall clock, power-cut injection). The POSIX
# port adds it to the library with its pthread threading half; the FreeRTOS
# port reuses it under the FreeRTOS POSIX simulator.
set(MDSEC_POSIX_DIR ${CMAKE_CURRENT_LIST_DIR})
set(MDSEC_POSIX_PLATFORM_SOURCES
  ${MDSEC_POSIX_DIR}/counters.c
  ${MDSEC_POSIX_DIR}/entropy.c
  ${MDSEC_POSIX_DIR}/fault.c
  ${MDSEC_POSIX_DIR}/io.c
  ${MDSEC_POSIX_DIR}/root_secret.c
  ${MDSEC_POSIX_DIR}/state.c
  ${MDSEC_POSIX_DIR}/storage.c
  ${MDSEC_POSIX_DIR}/wallclock.c)

# Adds the platform sources and the public port_posix.h to the library
# target, and registers the header directory for installation.
function(mdsec_posix_platform_add tgt)
  target_sources(${tgt} PRIVATE ${MDSEC_POSIX_PLATFORM_SOURCES})
  target_include_directories(${tgt}
    PUBLIC
      $<BUILD_INTERFACE:${MDSEC_POSIX_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE
      ${MDSEC_POSIX_DIR})
  set_property(GLOBAL APPEND PROPERTY MDSEC_PORT_INCLUDE_DIRS ${MDSEC_POSIX_DIR}/include)
endfunction()
