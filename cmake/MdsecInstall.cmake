# SPDX-License-Identifier: Apache-2.0
# Install rules: headers, the static library, a CMake package that
# find_package(mdsec CONFIG) finds, and a pkg-config file.
include(CMakePackageConfigHelpers)

# Installed only when MDSEC_INSTALL is ON (the default for a top-level build
# only: a firmware project that adds mdsec with add_subdirectory does not
# install it with itself unless it asks to).
set(_mdsec_install_targets mdsec)
if(MDSEC_BEARSSL_BUILT)
  # The BearSSL a Cortex-M build compiled for the target (mdsec::bearssl).
  list(APPEND _mdsec_install_targets mdsec_bearssl)
endif()
if(MDSEC_MBEDTLS_BUILT)
  # The Mbed TLS a Cortex-M build compiled (or wrapped) for the target (mdsec::mbedcrypto).
  list(APPEND _mdsec_install_targets mdsec_mbedcrypto)
endif()
install(TARGETS ${_mdsec_install_targets} EXPORT mdsecTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mdsec DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The configuration the library was built with (cmake/MdsecBuildConfig.cmake).
install(FILES ${PROJECT_BINARY_DIR}/include/mdsec/build_config.h
  ${PROJECT_BINARY_DIR}/include/mdsec/build_config_check.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mdsec)
if(MDSEC_CONFIG_FILE)
  install(FILES ${PROJECT_BINARY_DIR}/include/mdsec/user_config.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mdsec)
endif()
get_property(_mdsec_extra_headers GLOBAL PROPERTY MDSEC_PORT_INCLUDE_DIRS)
foreach(_d IN LISTS _mdsec_extra_headers)
  install(DIRECTORY ${_d}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

set(MDSEC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mdsec)
# The PSA keystore backend links Mbed TLS's crypto library (src/crypto/ks_psa.cmake).
get_property(MDSEC_KS_PSA_BUILT GLOBAL PROPERTY MDSEC_KS_PSA_BUILT)
if(NOT MDSEC_KS_PSA_BUILT)
  set(MDSEC_KS_PSA_BUILT OFF)
endif()
install(EXPORT mdsecTargets NAMESPACE mdsec:: DESTINATION ${MDSEC_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mdsecConfig.cmake.in
  ${PROJECT_BINARY_DIR}/mdsecConfig.cmake INSTALL_DESTINATION ${MDSEC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mdsecConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/mdsecConfig.cmake
  ${PROJECT_BINARY_DIR}/mdsecConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindBearSSL.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindTomCrypt.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindMbedTLS.cmake
  DESTINATION ${MDSEC_CMAKE_DIR})

# pkg-config. Every MDSEC_* definition is in mdsec/build_config.h, so Cflags
# need only the include directory. ${pcfiledir} keeps the installed tree
# relocatable (cmake --install --prefix), also with a multiarch libdir such
# as lib/x86_64-linux-gnu.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(MDSEC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(MDSEC_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(MDSEC_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  set(MDSEC_PC_PREFIX "\${pcfiledir}")
  string(REPLACE "/" ";" _mdsec_pc_parts "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  foreach(_p IN LISTS _mdsec_pc_parts)
    if(NOT _p STREQUAL "" AND NOT _p STREQUAL ".")
      string(APPEND MDSEC_PC_PREFIX "/..")
    endif()
  endforeach()
  set(MDSEC_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(MDSEC_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
if(MDSEC_CRYPTO STREQUAL "tomcrypt")
  # libtomcrypt.so links libtommath itself (Debian ships no libtommath-dev symlink).
  set(MDSEC_PC_LIBS_PRIVATE "-ltomcrypt")
elseif(MDSEC_CRYPTO STREQUAL "psa" AND MDSEC_MBEDTLS_PREBUILT)
  # (cmake/MdsecCrossMbedTLS.cmake: the hooks first, then the prebuilt library.)
  set(MDSEC_PC_LIBS_PRIVATE
    "-Wl,--undefined=mbedtls_psa_external_get_random -lmdsec_mbedcrypto ${MDSEC_MBEDTLS_PREBUILT}")
elseif(MDSEC_CRYPTO STREQUAL "psa" AND MDSEC_MBEDTLS_BUILT)
  set(MDSEC_PC_LIBS_PRIVATE "-lmdsec_mbedcrypto")
elseif(MDSEC_CRYPTO STREQUAL "psa")
  # The PSA Crypto API from the host's Mbed TLS (Debian's 2.28 ships no mbedcrypto.pc).
  set(MDSEC_PC_LIBS_PRIVATE "-lmbedcrypto")
elseif(MDSEC_BEARSSL_BUILT)
  set(MDSEC_PC_LIBS_PRIVATE "-lmdsec_bearssl")
elseif(MDSEC_BEARSSL_PREBUILT)
  set(MDSEC_PC_LIBS_PRIVATE "${MDSEC_BEARSSL_PREBUILT}")
else()
  set(MDSEC_PC_LIBS_PRIVATE "-lbearssl")
endif()
set(MDSEC_PC_CRYPTO ${MDSEC_CRYPTO})
if(MDSEC_CRYPTO_FALLBACK_USED STREQUAL "psa")
  # RSA-PSS from the psa provider (MDSEC_CRYPTO_FALLBACK).
  set(MDSEC_PC_CRYPTO ${MDSEC_CRYPTO}+psa)
endif()
# The PSA keystore backend and the fallback provider link the host's Mbed TLS
# (once, and not again when it is the crypto provider's library).
if((MDSEC_KS_PSA_BUILT OR MDSEC_CRYPTO_FALLBACK_USED STREQUAL "psa") AND
   NOT MDSEC_CRYPTO STREQUAL "psa")
  string(APPEND MDSEC_PC_LIBS_PRIVATE " -lmbedcrypto")
endif()
get_property(_mdsec_pc_port_libs GLOBAL PROPERTY MDSEC_PC_PORT_LIBS)
if(_mdsec_pc_port_libs)
  string(APPEND MDSEC_PC_LIBS_PRIVATE " ${_mdsec_pc_port_libs}")
endif()
get_property(_mdsec_pc_require GLOBAL PROPERTY MDSEC_PC_REQUIRE_LIBS)
string(APPEND MDSEC_PC_LIBS_PRIVATE "${_mdsec_pc_require}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/mdsec.pc.in ${PROJECT_BINARY_DIR}/mdsec.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/mdsec.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
