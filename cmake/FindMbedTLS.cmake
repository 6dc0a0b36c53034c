# SPDX-License-Identifier: Apache-2.0
# Finds Mbed TLS's crypto library (Debian: libmbedtls-dev), which implements
# the PSA Crypto API (psa/crypto.h), and defines MbedTLS::mbedcrypto.
# MbedTLS_VERSION is read from mbedtls/build_info.h (3.x) or mbedtls/version.h (2.x).
find_path(MbedTLS_INCLUDE_DIR NAMES psa/crypto.h)
find_library(MbedTLS_CRYPTO_LIBRARY NAMES mbedcrypto)
set(MbedTLS_VERSION "")
foreach(_h mbedtls/build_info.h mbedtls/version.h)
  if(MbedTLS_INCLUDE_DIR AND NOT MbedTLS_VERSION AND EXISTS "${MbedTLS_INCLUDE_DIR}/${_h}")
    file(STRINGS "${MbedTLS_INCLUDE_DIR}/${_h}" _v REGEX "^#define MBEDTLS_VERSION_STRING +\"")
    if(_v)
      string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" MbedTLS_VERSION "${_v}")
    endif()
  endif()
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MbedTLS
  REQUIRED_VARS MbedTLS_CRYPTO_LIBRARY MbedTLS_INCLUDE_DIR
  VERSION_VAR MbedTLS_VERSION)
if(MbedTLS_FOUND AND NOT TARGET MbedTLS::mbedcrypto)
  add_library(MbedTLS::mbedcrypto UNKNOWN IMPORTED)
  set_target_properties(MbedTLS::mbedcrypto PROPERTIES
    IMPORTED_LOCATION "${MbedTLS_CRYPTO_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MbedTLS_INCLUDE_DIR}")
endif()
mark_as_advanced(MbedTLS_INCLUDE_DIR MbedTLS_CRYPTO_LIBRARY)
