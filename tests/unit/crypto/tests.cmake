# SPDX-License-Identifier: Apache-2.0
# Crypto provider tests (included by tests/unit/CMakeLists.txt).
#
#   test_crypto_selftest             mdsec_crypto_selftest() of the library's provider
#   test_crypto_kat_<provider>       known answers and error paths through one provider
#                                    (portable; bearssl also runs on Cortex-M4/QEMU)
#   test_crypto_wycheproof_<provider> full Wycheproof sets (host only)
#   test_crypto_agree                BearSSL and libtomcrypt against each other (host only)
#
# The library carries only the selected provider, so each test compiles the
# provider source(s) it exercises and links the provider library itself. A
# test binary that compiles libtomcrypt's provider sizes every opaque context
# for libtomcrypt's larger state (the same values config.h uses with
# MDSEC_CRYPTO=tomcrypt), consistently for all of its own sources; it uses
# none of the library's crypto code, so the library's provider object is
# never linked into it, and it is compiled with MDSEC_NO_BUILD_CONFIG so that
# the check against the library's limits (mdsec/build_config_check.h) does
# not apply to it.
set(_mdsec_crypto_tests ${CMAKE_CURRENT_LIST_DIR})
set(_mdsec_crypto_src ${PROJECT_SOURCE_DIR}/src/crypto)
set(_mdsec_vectors ${PROJECT_SOURCE_DIR}/tests/vectors)
set(_mdsec_tomcrypt_ctx_sizes
  MDSEC_CRYPTO_HASH_CTX_SIZE=416u
  MDSEC_CRYPTO_HMAC_CTX_SIZE=848u
  MDSEC_CRYPTO_DRBG_CTX_SIZE=17664u
  MDSEC_NO_BUILD_CONFIG=1)

# DRBG seeding calls mdsec_port_entropy(): the tests need a port in mdsec
# (or, with MDSEC_PORT=none, the integrator's port in MDSEC_APP_LIBS).
get_property(_mdsec_crypto_app_libs GLOBAL PROPERTY MDSEC_APP_LIBS)
if(MDSEC_PORT STREQUAL "none" AND NOT _mdsec_crypto_app_libs)
  message(STATUS "crypto tests skipped: MDSEC_PORT=none and no port library in MDSEC_APP_LIBS")
  return()
endif()

function(_mdsec_crypto_provider_test name provider)
  cmake_parse_arguments(A "HOST_ONLY" "" "SOURCES" ${ARGN})
  if(provider STREQUAL "bearssl")
    set(_lib BearSSL::BearSSL)
    set(_def MDSEC_TEST_PROVIDER_BEARSSL=1)
  else()
    set(_lib TomCrypt::TomCrypt)
    set(_def MDSEC_TEST_PROVIDER_TOMCRYPT=1)
  endif()
  set(_host_only)
  if(A_HOST_ONLY)
    set(_host_only HOST_ONLY)
  endif()
  mdsec_add_test(${name} ${_host_only}
    SOURCES ${A_SOURCES} ${_mdsec_crypto_src}/${provider}.c
    LIBS ${_lib}
    LABELS crypto)
  if(TARGET ${name})
    target_include_directories(${name} PRIVATE ${_mdsec_vectors} ${_mdsec_crypto_tests})
    target_compile_definitions(${name} PRIVATE ${_def})
    if(provider STREQUAL "tomcrypt")
      target_compile_definitions(${name} PRIVATE ${_mdsec_tomcrypt_ctx_sizes})
    endif()
  endif()
endfunction()

mdsec_add_test(test_crypto_selftest SOURCES ${_mdsec_crypto_tests}/test_crypto_selftest.c
  LABELS crypto)

if(TARGET BearSSL::BearSSL)
  _mdsec_crypto_provider_test(test_crypto_kat_bearssl bearssl
    SOURCES ${_mdsec_crypto_tests}/test_crypto_kat.c)
  _mdsec_crypto_provider_test(test_crypto_wycheproof_bearssl bearssl HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_wycheproof.c)
endif()

if(TARGET TomCrypt::TomCrypt AND NOT CMAKE_CROSSCOMPILING)
  _mdsec_crypto_provider_test(test_crypto_kat_tomcrypt tomcrypt HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_kat.c)
  _mdsec_crypto_provider_test(test_crypto_wycheproof_tomcrypt tomcrypt HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_wycheproof.c)
endif()

if(TARGET BearSSL::BearSSL AND TARGET TomCrypt::TomCrypt AND NOT CMAKE_CROSSCOMPILING)
  mdsec_add_test(test_crypto_agree HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_agree.c
            ${_mdsec_crypto_src}/bearssl.c
            ${_mdsec_crypto_src}/tomcrypt.c
    LIBS BearSSL::BearSSL TomCrypt::TomCrypt
    LABELS crypto)
  target_include_directories(test_crypto_agree PRIVATE ${_mdsec_vectors} ${_mdsec_crypto_tests})
  target_compile_definitions(test_crypto_agree PRIVATE ${_mdsec_tomcrypt_ctx_sizes})
endif()
include(${CMAKE_CURRENT_LIST_DIR}/ed25519.cmake)
