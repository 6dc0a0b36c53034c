# SPDX-License-Identifier: Apache-2.0
# Writes <build>/include/mdsec/build_config.h (installed with the headers):
# the public MDSEC_* compile definitions of target mdsec and, when
# MDSEC_CONFIG_FILE names a header, a copy of it as mdsec/user_config.h.
# mdsec/config.h includes build_config.h first.
set(_mdsec_gen "${PROJECT_BINARY_DIR}/include/mdsec")
file(MAKE_DIRECTORY "${_mdsec_gen}")

set(_mdsec_cfg_lines "")
if(MDSEC_CONFIG_FILE)
  if(NOT EXISTS "${MDSEC_CONFIG_FILE}" OR IS_DIRECTORY "${MDSEC_CONFIG_FILE}")
    message(FATAL_ERROR "MDSEC_CONFIG_FILE=${MDSEC_CONFIG_FILE} is not a header file")
  endif()
  configure_file("${MDSEC_CONFIG_FILE}" "${_mdsec_gen}/user_config.h" COPYONLY)
  string(APPEND _mdsec_cfg_lines
    "/* Limits overridden by ${MDSEC_CONFIG_FILE} (copied as mdsec/user_config.h). */\n"
    "#ifndef MDSEC_CONFIG_FILE\n#define MDSEC_CONFIG_FILE \"mdsec/user_config.h\"\n#endif\n")
else()
  file(REMOVE "${_mdsec_gen}/user_config.h")
endif()

get_target_property(_mdsec_defs mdsec INTERFACE_COMPILE_DEFINITIONS)
set(_mdsec_def_lines "")
foreach(_d IN LISTS _mdsec_defs)
  if(_d MATCHES "^(MDSEC_[A-Z0-9_]+)(=(.*))?$")
    set(_name ${CMAKE_MATCH_1})
    set(_value "${CMAKE_MATCH_3}")
    if(_value STREQUAL "")
      set(_value 1)
    endif()
    string(APPEND _mdsec_def_lines "#ifndef ${_name}\n#define ${_name} ${_value}\n#endif\n")
  endif()
endforeach()

file(CONFIGURE OUTPUT "${_mdsec_gen}/build_config.h" CONTENT
"/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generated when mdsec @PROJECT_VERSION@ was configured: the configuration
 * libmdsec was built with (port @MDSEC_PORT@, crypto @MDSEC_CRYPTO@).
 * Do not edit; reconfigure instead.
 */
#ifndef MDSEC_BUILD_CONFIG_H
#define MDSEC_BUILD_CONFIG_H

@_mdsec_def_lines@
@_mdsec_cfg_lines@
#endif /* MDSEC_BUILD_CONFIG_H */
" @ONLY)
