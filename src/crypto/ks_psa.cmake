# SPDX-License-Identifier: Apache-2.0
# The PSA Crypto key backend (ks_psa.c, mdsec/ks_psa.h): mdsec key ids bound
# to persistent PSA keys. Built with the keystore when MDSEC_KEYSTORE_PSA is
# ON: by default on a host where Mbed TLS's crypto library was found
# (MbedTLS::mbedcrypto, Debian: libmbedtls-dev), OFF otherwise. A firmware
# project with another PSA implementation (TF-M's client API) defines an
# MbedTLS::mbedcrypto target for it before adding mdsec and sets the option.
set(_mdsec_ks_psa_default OFF)
if(NOT CMAKE_CROSSCOMPILING AND TARGET MbedTLS::mbedcrypto)
  set(_mdsec_ks_psa_default ON)
endif()
option(MDSEC_KEYSTORE_PSA "Build the PSA Crypto keystore backend (mdsec/ks_psa.h)" ${_mdsec_ks_psa_default})

if(MDSEC_KEYSTORE_PSA AND MDSEC_WITH_KEYSTORE)
  if(NOT TARGET MbedTLS::mbedcrypto)
    message(FATAL_ERROR "MDSEC_KEYSTORE_PSA=ON needs a PSA Crypto library as the target MbedTLS::mbedcrypto "
                        "(Debian: apt-get install libmbedtls-dev), or -DMDSEC_KEYSTORE_PSA=OFF")
  endif()
  target_sources(mdsec PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ks_psa.c)
  target_link_libraries(mdsec PUBLIC MbedTLS::mbedcrypto)
  target_compile_definitions(mdsec PUBLIC MDSEC_WITH_KS_PSA=1)
  # Mbed TLS's second permitted algorithm of a key (an extension of the PSA
  # API): checked like the first one where the headers have it.
  include(CheckSymbolExists)
  get_target_property(_mdsec_psa_inc MbedTLS::mbedcrypto INTERFACE_INCLUDE_DIRECTORIES)
  set(CMAKE_REQUIRED_INCLUDES ${_mdsec_psa_inc})
  set(CMAKE_REQUIRED_QUIET ON)
  check_symbol_exists(psa_get_key_enrollment_algorithm "psa/crypto.h" MDSEC_PSA_HAS_ENROLLMENT)
  unset(CMAKE_REQUIRED_INCLUDES)
  unset(CMAKE_REQUIRED_QUIET)
  if(MDSEC_PSA_HAS_ENROLLMENT)
    set_property(SOURCE ${CMAKE_CURRENT_LIST_DIR}/ks_psa.c APPEND PROPERTY
      COMPILE_DEFINITIONS MDSEC_KS_PSA_ENROLLMENT=1)
  endif()
  set_property(GLOBAL PROPERTY MDSEC_KS_PSA_BUILT ON)
  message(STATUS "mdsec: PSA keystore backend built")
elseif(MDSEC_KEYSTORE_PSA)
  message(STATUS "mdsec: PSA keystore backend not built (MDSEC_WITH_KEYSTORE is OFF)")
endif()
