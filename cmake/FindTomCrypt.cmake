# SPDX-License-Identifier: Apache-2.0
# Finds libtomcrypt with libtommath (Debian: libtomcrypt-dev) and defines
# TomCrypt::TomCrypt. mdsec selects libtommath as the math back end at run
# time (ltc_mp = ltm_desc), so LTM_DESC is defined for users of the target.
find_path(TomCrypt_INCLUDE_DIR NAMES tomcrypt.h)
find_library(TomCrypt_LIBRARY NAMES tomcrypt)
find_library(TomMath_LIBRARY NAMES tommath libtommath.so.1)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(TomCrypt REQUIRED_VARS TomCrypt_LIBRARY TomCrypt_INCLUDE_DIR)
if(TomCrypt_FOUND AND NOT TARGET TomCrypt::TomCrypt)
  add_library(TomCrypt::TomCrypt UNKNOWN IMPORTED)
  set_target_properties(TomCrypt::TomCrypt PROPERTIES
    IMPORTED_LOCATION "${TomCrypt_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${TomCrypt_INCLUDE_DIR}"
    INTERFACE_COMPILE_DEFINITIONS "LTM_DESC")
  if(TomMath_LIBRARY)
    set_property(TARGET TomCrypt::TomCrypt PROPERTY INTERFACE_LINK_LIBRARIES "${TomMath_LIBRARY}")
  endif()
endif()
mark_as_advanced(TomCrypt_INCLUDE_DIR TomCrypt_LIBRARY TomMath_LIBRARY)
