# SPDX-License-Identifier: Apache-2.0
# Mbed TLS's crypto library (the PSA Crypto API) for a cross (Cortex-M)
# build, included by MdsecCrossDeps.cmake. Needed with MDSEC_CRYPTO=psa, and
# in every build with MDSEC_BUILD_TESTS (the target tests use it).
#
# Defines MbedTLS::mbedcrypto (also named mdsec::mbedcrypto) from, first
# match wins:
#   - a MbedTLS::mbedcrypto target your project defines before add_subdirectory(mdsec);
#   - MDSEC_MBEDTLS_SOURCE_DIR: an unpacked Mbed TLS 2.28 source tree
#     (library/psa_crypto.c, include/psa/crypto.h); mdsec compiles the files
#     its configuration needs for the target as mdsec::mbedcrypto, installed
#     and exported with mdsec;
#   - MDSEC_MBEDTLS_LIBRARY + MDSEC_MBEDTLS_INCLUDE_DIR: a libmbedcrypto.a
#     built for this target with MDSEC_MBEDTLS_CONFIG_FILE, and the directory
#     of its psa/crypto.h;
#   - MDSEC_TARGET_DEPS_DIR/mbedtls (scripts/install-deps.sh --target DIR).
#
# MDSEC_MBEDTLS_CONFIG_FILE (default ports/baremetal/mbedtls/mdsec_mbedtls_config.h)
# is the MBEDTLS_CONFIG_FILE of the library and of everything that includes
# an Mbed TLS header through MbedTLS::mbedcrypto. With the default, only the
# library/*.c files it needs are compiled; with another file, all of them
# (each compiles to nothing when its module is disabled).
#
# ports/baremetal/mbedtls/mdsec_mbedtls_platform.c, the configuration's
# hooks (PSA's random numbers from mdsec_port_entropy(), the static heap of
# MDSEC_MBEDTLS_HEAP_SIZE bytes), is compiled with mdsec's warnings into
# the library, or beside a prebuilt one. See docs/porting-baremetal.md.

set(MDSEC_MBEDTLS_BUILT OFF)
if(TARGET MbedTLS::mbedcrypto OR NOT (MDSEC_CRYPTO STREQUAL "psa" OR MDSEC_BUILD_TESTS))
  return()
endif()

set(MDSEC_MBEDTLS_SOURCE_DIR "" CACHE PATH "Unpacked Mbed TLS 2.28 source tree, compiled for the target")
set(MDSEC_MBEDTLS_LIBRARY "" CACHE FILEPATH
  "Prebuilt Mbed TLS crypto library (libmbedcrypto.a) for the target, built with MDSEC_MBEDTLS_CONFIG_FILE")
set(MDSEC_MBEDTLS_INCLUDE_DIR "" CACHE PATH "Directory of psa/crypto.h for MDSEC_MBEDTLS_LIBRARY")
set(_mdsec_mbedtls_default_config "${PROJECT_SOURCE_DIR}/ports/baremetal/mbedtls/mdsec_mbedtls_config.h")
set(MDSEC_MBEDTLS_CONFIG_FILE "${_mdsec_mbedtls_default_config}" CACHE FILEPATH
  "Mbed TLS configuration header (MBEDTLS_CONFIG_FILE) of the target's Mbed TLS")
set(MDSEC_MBEDTLS_HEAP_SIZE "" CACHE STRING
  "Bytes of Mbed TLS's static heap (empty: the default of mdsec_mbedtls_config.h)")

if(NOT EXISTS "${MDSEC_MBEDTLS_CONFIG_FILE}")
  message(FATAL_ERROR "MDSEC_MBEDTLS_CONFIG_FILE=${MDSEC_MBEDTLS_CONFIG_FILE} does not exist")
endif()
if(NOT MDSEC_MBEDTLS_HEAP_SIZE STREQUAL "" AND NOT MDSEC_MBEDTLS_HEAP_SIZE MATCHES "^[1-9][0-9]*$")
  message(FATAL_ERROR "MDSEC_MBEDTLS_HEAP_SIZE must be a number of bytes, not '${MDSEC_MBEDTLS_HEAP_SIZE}'")
endif()

# Sets _mdsec_mbedtls_src or _mdsec_mbedtls_lib/_inc, or adds to _mdsec_missing.
_mdsec_cross_dep("Mbed TLS" mbedtls library/psa_crypto.c psa/crypto.h mbedcrypto)
if(NOT _mdsec_mbedtls_src AND NOT _mdsec_mbedtls_lib)
  return() # MdsecCrossDeps.cmake reports it with the other missing dependencies
endif()

get_filename_component(_mdsec_mbedtls_cfg_dir "${MDSEC_MBEDTLS_CONFIG_FILE}" DIRECTORY)
get_filename_component(_mdsec_mbedtls_cfg_name "${MDSEC_MBEDTLS_CONFIG_FILE}" NAME)
set(_mdsec_mbedtls_defs "MBEDTLS_CONFIG_FILE=\"${_mdsec_mbedtls_cfg_name}\"")
if(MDSEC_MBEDTLS_HEAP_SIZE)
  list(APPEND _mdsec_mbedtls_defs MDSEC_MBEDTLS_HEAP_SIZE=${MDSEC_MBEDTLS_HEAP_SIZE}u)
endif()
if(_mdsec_mbedtls_src)
  set(_mdsec_mbedtls_inc "${_mdsec_mbedtls_src}/include")
endif()

# The hooks, with mdsec's warnings and headers. An OBJECT library that links
# nothing, so that it can sit inside mdsec::mbedcrypto while mdsec itself
# links mdsec::mbedcrypto (MDSEC_CRYPTO=psa).
add_library(mdsec_mbedtls_platform OBJECT
  ${PROJECT_SOURCE_DIR}/ports/baremetal/mbedtls/mdsec_mbedtls_platform.c)
target_include_directories(mdsec_mbedtls_platform SYSTEM PRIVATE
  "${_mdsec_mbedtls_cfg_dir}" "${_mdsec_mbedtls_inc}")
target_include_directories(mdsec_mbedtls_platform PRIVATE
  $<TARGET_PROPERTY:mdsec,INTERFACE_INCLUDE_DIRECTORIES>)
target_compile_definitions(mdsec_mbedtls_platform PRIVATE ${_mdsec_mbedtls_defs}
  $<TARGET_PROPERTY:mdsec,INTERFACE_COMPILE_DEFINITIONS>)
mdsec_target_warnings(mdsec_mbedtls_platform)

if(_mdsec_mbedtls_src)
  message(STATUS "Mbed TLS for the target from ${_mdsec_mbedtls_src}")
  if(MDSEC_MBEDTLS_CONFIG_FILE STREQUAL _mdsec_mbedtls_default_config)
    # What mdsec_mbedtls_config.h enables, and nothing else.
    set(_mdsec_mbedtls_files
      asn1parse.c asn1write.c bignum.c chacha20.c chachapoly.c cipher.c cipher_wrap.c
      constant_time.c ecdsa.c ecp.c ecp_curves.c hkdf.c hmac_drbg.c md.c
      memory_buffer_alloc.c oid.c pk.c pk_wrap.c pkparse.c pkwrite.c platform.c
      platform_util.c poly1305.c psa_crypto.c psa_crypto_aead.c psa_crypto_cipher.c
      psa_crypto_client.c psa_crypto_driver_wrappers.c psa_crypto_ecp.c psa_crypto_hash.c
      psa_crypto_mac.c psa_crypto_rsa.c psa_crypto_slot_management.c rsa.c rsa_internal.c
      sha256.c sha512.c)
    list(TRANSFORM _mdsec_mbedtls_files PREPEND "${_mdsec_mbedtls_src}/library/")
  else()
    file(GLOB _mdsec_mbedtls_files CONFIGURE_DEPENDS "${_mdsec_mbedtls_src}/library/*.c")
  endif()
  add_library(mdsec_mbedcrypto STATIC ${_mdsec_mbedtls_files}
    $<TARGET_OBJECTS:mdsec_mbedtls_platform>)
  # SYSTEM: Mbed TLS's headers are third-party code, outside our warning policy.
  target_include_directories(mdsec_mbedcrypto SYSTEM PUBLIC
    $<BUILD_INTERFACE:${_mdsec_mbedtls_cfg_dir}> $<BUILD_INTERFACE:${_mdsec_mbedtls_inc}>)
  target_include_directories(mdsec_mbedcrypto PRIVATE "${_mdsec_mbedtls_src}/library")
  target_compile_definitions(mdsec_mbedcrypto PUBLIC ${_mdsec_mbedtls_defs})
  # -Os after the build type's -O2 wins.
  target_compile_options(mdsec_mbedcrypto PRIVATE -Os -w)
  # The hooks call the port (mdsec_port_entropy, mdsec_port_fatal).
  target_link_libraries(mdsec_mbedcrypto INTERFACE mdsec)
else()
  message(STATUS "Mbed TLS for the target: ${_mdsec_mbedtls_lib} (configuration ${MDSEC_MBEDTLS_CONFIG_FILE})")
  # The hooks in a library of their own, before the prebuilt one on the link
  # line. The two call each other; --undefined makes the linker take the
  # hooks' object when it meets this library, before the prebuilt library
  # asks for them.
  add_library(mdsec_mbedcrypto STATIC $<TARGET_OBJECTS:mdsec_mbedtls_platform>)
  target_include_directories(mdsec_mbedcrypto SYSTEM INTERFACE
    $<BUILD_INTERFACE:${_mdsec_mbedtls_cfg_dir}> $<BUILD_INTERFACE:${_mdsec_mbedtls_inc}>)
  target_compile_definitions(mdsec_mbedcrypto INTERFACE ${_mdsec_mbedtls_defs})
  target_link_options(mdsec_mbedcrypto INTERFACE "LINKER:--undefined=mbedtls_psa_external_get_random")
  target_link_libraries(mdsec_mbedcrypto INTERFACE "${_mdsec_mbedtls_lib}" mdsec)
  set(MDSEC_MBEDTLS_PREBUILT "${_mdsec_mbedtls_lib}")
endif()
set_target_properties(mdsec_mbedcrypto PROPERTIES EXPORT_NAME mbedcrypto)
add_library(MbedTLS::mbedcrypto ALIAS mdsec_mbedcrypto)
add_library(mdsec::mbedcrypto ALIAS mdsec_mbedcrypto)
# Installed and exported with mdsec (cmake/MdsecInstall.cmake).
set(MDSEC_MBEDTLS_BUILT ON)
