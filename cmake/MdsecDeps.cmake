# SPDX-License-Identifier: Apache-2.0
# Locates the crypto provider and test dependencies.
#
# Host builds use Debian's packages (libbearssl-dev, libtomcrypt-dev,
# libmbedtls-dev, libsodium-dev, libcmocka-dev). Mbed TLS provides the PSA
# Crypto API for MDSEC_CRYPTO=psa and for the fallback provider. Cross builds (Cortex-M) build BearSSL and cmocka from
# Debian's source packages: see cmake/MdsecCrossDeps.cmake.

if(CMAKE_CROSSCOMPILING)
  # BearSSL, and with MDSEC_CRYPTO=psa (or tests) Mbed TLS as mdsec::mbedcrypto
  # (cmake/MdsecCrossMbedTLS.cmake), compiled for the target.
  include(MdsecCrossDeps)
else()
  if(MDSEC_CRYPTO STREQUAL "bearssl" OR MDSEC_BUILD_TESTS)
    find_package(BearSSL)
  endif()
  if(MDSEC_CRYPTO STREQUAL "tomcrypt" OR MDSEC_BUILD_TESTS)
    find_package(TomCrypt)
  endif()
  # Mbed TLS (the PSA Crypto API) and libsodium (Ed25519) are optional on a
  # host; what uses them is enabled only when they are found or asked for.
  find_package(MbedTLS)
  find_package(Sodium)
endif()

if(MDSEC_CRYPTO STREQUAL "bearssl" AND NOT TARGET BearSSL::BearSSL)
  message(FATAL_ERROR "MDSEC_CRYPTO=bearssl but BearSSL was not found (Debian: apt-get install libbearssl-dev)")
endif()
if(MDSEC_CRYPTO STREQUAL "tomcrypt" AND NOT TARGET TomCrypt::TomCrypt)
  message(FATAL_ERROR "MDSEC_CRYPTO=tomcrypt but libtomcrypt was not found (Debian: apt-get install libtomcrypt-dev)")
endif()
if(MDSEC_CRYPTO STREQUAL "psa" AND NOT TARGET MbedTLS::mbedcrypto)
  message(FATAL_ERROR "MDSEC_CRYPTO=psa needs an implementation of the PSA Crypto API (psa/crypto.h and libmbedcrypto), which was not found (Debian: apt-get install libmbedtls-dev; or set MbedTLS_INCLUDE_DIR and MbedTLS_CRYPTO_LIBRARY)")
endif()

# The fallback provider: the operations the selected provider lacks
# (BearSSL 0.6: RSA-PSS) come from the psa provider, which the library then
# also carries (src/crypto/crypto.h, docs/crypto-providers.md). Default: psa
# on a host with BearSSL when Mbed TLS is found, none otherwise; a cross
# build has none for now.
if(MDSEC_CRYPTO_FALLBACK STREQUAL "")
  if(NOT CMAKE_CROSSCOMPILING AND MDSEC_CRYPTO STREQUAL "bearssl" AND TARGET MbedTLS::mbedcrypto)
    set(MDSEC_CRYPTO_FALLBACK_USED psa)
  else()
    set(MDSEC_CRYPTO_FALLBACK_USED none)
  endif()
else()
  set(MDSEC_CRYPTO_FALLBACK_USED ${MDSEC_CRYPTO_FALLBACK})
endif()
if(MDSEC_CRYPTO_FALLBACK_USED STREQUAL "psa")
  if(CMAKE_CROSSCOMPILING)
    message(FATAL_ERROR "MDSEC_CRYPTO_FALLBACK=psa: cross builds support MDSEC_CRYPTO_FALLBACK=none only")
  endif()
  if(NOT MDSEC_CRYPTO STREQUAL "bearssl")
    message(FATAL_ERROR "MDSEC_CRYPTO_FALLBACK=psa applies to MDSEC_CRYPTO=bearssl only (${MDSEC_CRYPTO} lacks no operation the psa provider has): use none")
  endif()
  if(NOT TARGET MbedTLS::mbedcrypto)
    message(FATAL_ERROR "MDSEC_CRYPTO_FALLBACK=psa but the PSA Crypto API (libmbedcrypto) was not found (Debian: apt-get install libmbedtls-dev), or use MDSEC_CRYPTO_FALLBACK=none")
  endif()
endif()

# Compile definitions of src/crypto/psa.c (library and tests): Mbed TLS 2.x
# implements only the one-shot AEAD calls of the PSA API. The major version
# is read from the headers MbedTLS::mbedcrypto compiles with (FindMbedTLS's
# MbedTLS_VERSION where they say nothing); other implementations have the
# multi-part calls.
set(MDSEC_PSA_DEFINITIONS "")
if(TARGET MbedTLS::mbedcrypto)
  set(_mdsec_mbedtls_major "")
  get_target_property(_mdsec_psa_incs MbedTLS::mbedcrypto INTERFACE_INCLUDE_DIRECTORIES)
  foreach(_d IN LISTS _mdsec_psa_incs)
    string(REGEX REPLACE "^\\$<BUILD_INTERFACE:(.*)>$" "\\1" _d "${_d}")
    foreach(_h mbedtls/build_info.h mbedtls/version.h)
      if(_mdsec_mbedtls_major STREQUAL "" AND EXISTS "${_d}/${_h}")
        file(STRINGS "${_d}/${_h}" _v REGEX "^#define MBEDTLS_VERSION_MAJOR +[0-9]+")
        if(_v MATCHES "MBEDTLS_VERSION_MAJOR +([0-9]+)")
          set(_mdsec_mbedtls_major ${CMAKE_MATCH_1})
        endif()
      endif()
    endforeach()
  endforeach()
  if(_mdsec_mbedtls_major STREQUAL "" AND MbedTLS_VERSION MATCHES "^([0-9]+)\\.")
    set(_mdsec_mbedtls_major ${CMAKE_MATCH_1})
  endif()
  if(NOT _mdsec_mbedtls_major STREQUAL "" AND _mdsec_mbedtls_major LESS 3)
    list(APPEND MDSEC_PSA_DEFINITIONS MDSEC_PSA_ONESHOT_AEAD=1)
  endif()
endif()
