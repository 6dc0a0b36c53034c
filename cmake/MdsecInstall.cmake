# SPDX-License-Identifier: Apache-2.0
# Install rules: headers, the static library, a CMake package that
# find_package(mdsec CONFIG) finds, and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS mdsec EXPORT mdsecTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/mdsec DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
get_property(_mdsec_extra_headers GLOBAL PROPERTY MDSEC_PORT_INCLUDE_DIRS)
foreach(_d IN LISTS _mdsec_extra_headers)
  install(DIRECTORY ${_d}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

set(MDSEC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mdsec)
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
  DESTINATION ${MDSEC_CMAKE_DIR})

# pkg-config
if(MDSEC_CRYPTO STREQUAL "tomcrypt")
  set(MDSEC_PC_CFLAGS "-DMDSEC_CRYPTO_TOMCRYPT=1 -DLTM_DESC")
  # libtomcrypt.so links libtommath itself (Debian ships no libtommath-dev symlink).
  set(MDSEC_PC_LIBS_PRIVATE "-ltomcrypt")
else()
  set(MDSEC_PC_CFLAGS "-DMDSEC_CRYPTO_BEARSSL=1")
  set(MDSEC_PC_LIBS_PRIVATE "-lbearssl")
endif()
get_property(_mdsec_pc_port_libs GLOBAL PROPERTY MDSEC_PC_PORT_LIBS)
if(_mdsec_pc_port_libs)
  string(APPEND MDSEC_PC_LIBS_PRIVATE " ${_mdsec_pc_port_libs}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/mdsec.pc.in ${PROJECT_BINARY_DIR}/mdsec.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/mdsec.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
