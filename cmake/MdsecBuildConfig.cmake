# SPDX-License-Identifier: Apache-2.0
# Writes, into <build>/include/mdsec/ (installed with the headers):
#  - build_config.h: the public MDSEC_* compile definitions of target mdsec
#    and, when MDSEC_CONFIG_FILE names a header, a copy of it as
#    mdsec/user_config.h. mdsec/config.h includes it first.
#  - build_config_check.h: every limit of mdsec/config.h with the value the
#    library is built with, and an #error for a file that sees another one.
#    mdsec/config.h includes it last. The values are read from an object
#    file compiled with the library's configuration (as CMake's
#    CheckTypeSize does), so this works for cross builds too.
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

# ---- build_config_check.h ------------------------------------------------------
file(STRINGS "${PROJECT_SOURCE_DIR}/include/mdsec/config.h" _mdsec_cfg_ifndefs
  REGEX "^#ifndef MDSEC_[A-Z0-9_]+$")
set(_mdsec_limits "")
foreach(_l IN LISTS _mdsec_cfg_ifndefs)
  string(REGEX REPLACE "^#ifndef " "" _n "${_l}")
  # Not limits: the include guard, and a switch that changes only the library's own code.
  if(NOT _n MATCHES "^MDSEC_(CONFIG_H|CONFIG_FILE|NO_BUILD_CONFIG|STATUS_STRINGS)$")
    list(APPEND _mdsec_limits ${_n})
  endif()
endforeach()

# The probe sees what the library sees: build_config.h (definitions and
# MDSEC_CONFIG_FILE), then config.h without the check, which is what is
# being generated. One array holds "MDSECCFG:<20 digits>:<index>:E" for
# every limit, each string ended by a NUL.
set(_mdsec_probe "${PROJECT_BINARY_DIR}/CMakeFiles/mdsec_config_probe.c")
string(CONCAT _mdsec_probe_src "/* Generated: reads the limits of mdsec/config.h as the library sees them. */\n"
  "#define MDSEC_NO_BUILD_CONFIG 1\n"
  "#include \"mdsec/build_config.h\"\n"
  "#include \"mdsec/config.h\"\n"
  "#define P_(v, d) (char)('0' + (char)(((unsigned long long)(v) / (d)) % 10u))\n"
  "#define DIGITS_(v) P_(v, 10000000000000000000ull), P_(v, 1000000000000000000ull), P_(v, 100000000000000000ull), "
  "P_(v, 10000000000000000ull), P_(v, 1000000000000000ull), P_(v, 100000000000000ull), P_(v, 10000000000000ull), "
  "P_(v, 1000000000000ull), P_(v, 100000000000ull), P_(v, 10000000000ull), P_(v, 1000000000ull), P_(v, 100000000ull), "
  "P_(v, 10000000ull), P_(v, 1000000ull), P_(v, 100000ull), P_(v, 10000ull), P_(v, 1000ull), P_(v, 100ull), "
  "P_(v, 10ull), P_(v, 1ull)\n"
  "const char mdsec_probe[] = {\n")
set(_i 0)
foreach(_n IN LISTS _mdsec_limits)
  string(REGEX REPLACE "([0-9])" "'\\1'," _i_chars "${_i}")
  string(APPEND _mdsec_probe_src
    "  'M','D','S','E','C','C','F','G',':',DIGITS_(${_n}),':',${_i_chars}':','E',0,\n")
  math(EXPR _i "${_i} + 1")
endforeach()
string(APPEND _mdsec_probe_src "};\n"
  "int main(int argc, char **argv) { (void)argv; return (int)mdsec_probe[argc]; }\n")
file(WRITE "${_mdsec_probe}" "${_mdsec_probe_src}")

try_compile(_mdsec_probe_ok "${PROJECT_BINARY_DIR}/CMakeFiles/mdsec_config_probe"
  SOURCES "${_mdsec_probe}"
  CMAKE_FLAGS "-DINCLUDE_DIRECTORIES=${PROJECT_SOURCE_DIR}/include;${PROJECT_BINARY_DIR}/include"
  OUTPUT_VARIABLE _mdsec_probe_out
  COPY_FILE "${PROJECT_BINARY_DIR}/CMakeFiles/mdsec_config_probe.bin")
if(NOT _mdsec_probe_ok)
  message(FATAL_ERROR "mdsec: mdsec/config.h does not compile with this configuration "
    "(MDSEC_CONFIG_FILE='${MDSEC_CONFIG_FILE}'):\n${_mdsec_probe_out}")
endif()
file(STRINGS "${PROJECT_BINARY_DIR}/CMakeFiles/mdsec_config_probe.bin" _mdsec_probe_strings
  REGEX "MDSECCFG:[0-9]+:[0-9]+:E")
set(_mdsec_check_lines "")
set(_i 0)
foreach(_n IN LISTS _mdsec_limits)
  string(REGEX MATCH "MDSECCFG:[0-9]+:${_i}:E" _str "${_mdsec_probe_strings}")
  if(NOT _str MATCHES "^MDSECCFG:([0-9]+):")
    message(FATAL_ERROR "mdsec: could not read the value of ${_n} from the configuration probe")
  endif()
  math(EXPR _found "${CMAKE_MATCH_1}") # (no leading zeros)
  string(APPEND _mdsec_check_lines
    "#if ${_n} != ${_found}u\n"
    "#error \"${_n} differs from the value libmdsec was built with (${_found}): compile with the library's configuration (mdsec/build_config.h), do not override its limits\"\n"
    "#endif\n")
  math(EXPR _i "${_i} + 1")
endforeach()
file(CONFIGURE OUTPUT "${_mdsec_gen}/build_config_check.h" CONTENT
"/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generated when mdsec @PROJECT_VERSION@ was configured: every limit of
 * mdsec/config.h with the value libmdsec was built with. mdsec/config.h
 * includes this file last; a file that sees another value does not compile,
 * because its contexts and tables would not match the library's.
 */
#ifndef MDSEC_BUILD_CONFIG_CHECK_H
#define MDSEC_BUILD_CONFIG_CHECK_H

@_mdsec_check_lines@
#endif /* MDSEC_BUILD_CONFIG_CHECK_H */
" @ONLY)
