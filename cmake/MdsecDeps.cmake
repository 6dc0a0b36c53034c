# SPDX-License-Identifier: Apache-2.0
# Locates the crypto provider and test dependencies.
#
# Host builds use Debian's packages (libbearssl-dev, libtomcrypt-dev,
# libmbedtls-dev, libsodium-dev, libcmocka-dev). Cross builds (Cortex-M) build BearSSL and cmocka from
# Debian's source packages: see cmake/MdsecCrossDeps.cmake.

if(CMAKE_CROSSCOMPILING)
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
