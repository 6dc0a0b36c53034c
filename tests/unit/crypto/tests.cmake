# SPDX-License-Identifier: Apache-2.0
# Crypto provider tests (included by tests/unit/CMakeLists.txt).
#
#   test_crypto_selftest             mdsec_crypto_selftest() of the library's provider
#   test_crypto_kat_<provider>       known answers and error paths through one provider
#                                    (portable; bearssl and psa also run on Cortex-M4/QEMU)
#   test_crypto_wycheproof_<provider> full Wycheproof sets (host only)
#   test_crypto_agree                BearSSL, libtomcrypt and the psa provider against
#                                    each other (host only; psa where Mbed TLS is found)
#
# Providers: bearssl, tomcrypt, and psa (the PSA Crypto API, Mbed TLS's
# libmbedcrypto). The library carries only the selected provider (and the
# fallback's operations), so each test compiles the provider source(s) it
# exercises and links the provider library itself. A test binary that
# compiles libtomcrypt's or the psa provider sizes every opaque context for
# that provider's state (the same values config.h uses with MDSEC_CRYPTO=
# tomcrypt or psa; libtomcrypt's, the largest, when it compiles several),
# consistently for all of its own sources; it uses none of the library's
# crypto code, so the library's provider object is never linked into it, and
# it is compiled with MDSEC_NO_BUILD_CONFIG so that the check against the
# library's limits (mdsec/build_config_check.h) does not apply to it.
set(_mdsec_crypto_tests ${CMAKE_CURRENT_LIST_DIR})
set(_mdsec_crypto_src ${PROJECT_SOURCE_DIR}/src/crypto)
set(_mdsec_vectors ${PROJECT_SOURCE_DIR}/tests/vectors)
set(_mdsec_tomcrypt_ctx_sizes
  MDSEC_CRYPTO_HASH_CTX_SIZE=416u
  MDSEC_CRYPTO_HMAC_CTX_SIZE=848u
  MDSEC_CRYPTO_DRBG_CTX_SIZE=17664u
  MDSEC_NO_BUILD_CONFIG=1)
# BearSSL's sizes, for its tests in a build whose library has smaller ones
# (the psa provider keeps no DRBG state).
set(_mdsec_bearssl_ctx_sizes
  MDSEC_CRYPTO_HASH_CTX_SIZE=208u
  MDSEC_CRYPTO_HMAC_CTX_SIZE=280u
  MDSEC_CRYPTO_DRBG_CTX_SIZE=144u
  MDSEC_NO_BUILD_CONFIG=1)
set(_mdsec_psa_ctx_sizes
  MDSEC_CRYPTO_HASH_CTX_SIZE=256u
  MDSEC_CRYPTO_HMAC_CTX_SIZE=448u
  MDSEC_CRYPTO_DRBG_CTX_SIZE=8u
  MDSEC_NO_BUILD_CONFIG=1)
# The RSA keys the signing tests use (tests/fixtures/der/README.md).
set(_mdsec_crypto_keys
  ${PROJECT_SOURCE_DIR}/tests/fixtures/der/key-rsa-2048.pkcs1.der
  ${PROJECT_SOURCE_DIR}/tests/fixtures/der/key-rsa-3072.pkcs1.der
  ${PROJECT_SOURCE_DIR}/tests/fixtures/der/key-rsa-1024-short.pkcs1.der
  ${PROJECT_SOURCE_DIR}/tests/fixtures/der/pub-rsa-2048.pkcs1.der)
include(MdsecEmbed)

# DRBG seeding calls mdsec_port_entropy(): the tests need a port in mdsec
# (or, with MDSEC_PORT=none, the integrator's port in MDSEC_APP_LIBS).
get_property(_mdsec_crypto_app_libs GLOBAL PROPERTY MDSEC_APP_LIBS)
if(MDSEC_PORT STREQUAL "none" AND NOT _mdsec_crypto_app_libs)
  message(STATUS "crypto tests skipped: MDSEC_PORT=none and no port library in MDSEC_APP_LIBS")
  return()
endif()

function(_mdsec_crypto_provider_test name provider)
  cmake_parse_arguments(A "HOST_ONLY;KEYS" "" "SOURCES" ${ARGN})
  if(provider STREQUAL "bearssl")
    set(_lib BearSSL::BearSSL)
    set(_def MDSEC_TEST_PROVIDER_BEARSSL=1)
    if(MDSEC_CRYPTO STREQUAL "psa")
      list(APPEND _def ${_mdsec_bearssl_ctx_sizes})
    endif()
  elseif(provider STREQUAL "psa")
    set(_lib MbedTLS::mbedcrypto)
    set(_def MDSEC_TEST_PROVIDER_PSA=1 ${_mdsec_psa_ctx_sizes} ${MDSEC_PSA_DEFINITIONS})
  else()
    set(_lib TomCrypt::TomCrypt)
    set(_def MDSEC_TEST_PROVIDER_TOMCRYPT=1 ${_mdsec_tomcrypt_ctx_sizes})
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
    if(A_KEYS)
      mdsec_embed_files(${name} fixtures_crypto_keys ${_mdsec_crypto_keys})
    endif()
  endif()
endfunction()

mdsec_add_test(test_crypto_selftest SOURCES ${_mdsec_crypto_tests}/test_crypto_selftest.c
  LABELS crypto)

if(TARGET BearSSL::BearSSL)
  _mdsec_crypto_provider_test(test_crypto_kat_bearssl bearssl KEYS
    SOURCES ${_mdsec_crypto_tests}/test_crypto_kat.c)
  _mdsec_crypto_provider_test(test_crypto_wycheproof_bearssl bearssl HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_wycheproof.c)
endif()

if(TARGET TomCrypt::TomCrypt AND NOT CMAKE_CROSSCOMPILING)
  _mdsec_crypto_provider_test(test_crypto_kat_tomcrypt tomcrypt HOST_ONLY KEYS
    SOURCES ${_mdsec_crypto_tests}/test_crypto_kat.c)
  _mdsec_crypto_provider_test(test_crypto_wycheproof_tomcrypt tomcrypt HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_wycheproof.c)
endif()

# The KAT is portable: on Cortex-M4 it runs on the Mbed TLS that
# cmake/MdsecCrossMbedTLS.cmake builds for the target.
if(TARGET MbedTLS::mbedcrypto)
  _mdsec_crypto_provider_test(test_crypto_kat_psa psa KEYS
    SOURCES ${_mdsec_crypto_tests}/test_crypto_kat.c)
  _mdsec_crypto_provider_test(test_crypto_wycheproof_psa psa HOST_ONLY
    SOURCES ${_mdsec_crypto_tests}/test_crypto_wycheproof.c)
endif()

if(TARGET BearSSL::BearSSL AND TARGET TomCrypt::TomCrypt AND NOT CMAKE_CROSSCOMPILING)
  set(_srcs ${_mdsec_crypto_tests}/test_crypto_agree.c ${_mdsec_crypto_src}/bearssl.c
    ${_mdsec_crypto_src}/tomcrypt.c)
  set(_libs BearSSL::BearSSL TomCrypt::TomCrypt)
  set(_defs ${_mdsec_tomcrypt_ctx_sizes})
  if(TARGET MbedTLS::mbedcrypto)
    # The psa provider's state fits libtomcrypt's sizes.
    list(APPEND _srcs ${_mdsec_crypto_src}/psa.c)
    list(APPEND _libs MbedTLS::mbedcrypto)
    list(APPEND _defs MDSEC_TEST_AGREE_PSA=1 ${MDSEC_PSA_DEFINITIONS})
  endif()
  mdsec_add_test(test_crypto_agree HOST_ONLY SOURCES ${_srcs} LIBS ${_libs} LABELS crypto)
  target_include_directories(test_crypto_agree PRIVATE ${_mdsec_vectors} ${_mdsec_crypto_tests})
  target_compile_definitions(test_crypto_agree PRIVATE ${_defs})
  mdsec_embed_files(test_crypto_agree fixtures_crypto_keys ${_mdsec_crypto_keys})
endif()
include(${CMAKE_CURRENT_LIST_DIR}/ed25519.cmake)
