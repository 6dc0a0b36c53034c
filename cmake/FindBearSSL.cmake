# SPDX-License-Identifier: Apache-2.0
# Finds BearSSL (Debian: libbearssl-dev) and defines BearSSL::BearSSL.
find_path(BearSSL_INCLUDE_DIR NAMES bearssl.h)
find_library(BearSSL_LIBRARY NAMES bearssl)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(BearSSL REQUIRED_VARS BearSSL_LIBRARY BearSSL_INCLUDE_DIR)
if(BearSSL_FOUND AND NOT TARGET BearSSL::BearSSL)
  add_library(BearSSL::BearSSL UNKNOWN IMPORTED)
  set_target_properties(BearSSL::BearSSL PROPERTIES
    IMPORTED_LOCATION "${BearSSL_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${BearSSL_INCLUDE_DIR}")
endif()
mark_as_advanced(BearSSL_INCLUDE_DIR BearSSL_LIBRARY)
