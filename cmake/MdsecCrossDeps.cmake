# SPDX-License-Identifier: Apache-2.0
# Dependencies of a cross (Cortex-M) build, included by MdsecDeps.cmake when
# CMAKE_CROSSCOMPILING.
#
# BearSSL (the crypto provider) and cmocka (the unit-test framework) are
# built for the target from Debian's own source packages, with the target's
# flags, so the same cmocka test sources run on the host and under QEMU:
#
#   BearSSL::BearSSL  imported STATIC library, built by target mdsec_bearssl
#                     (all of BearSSL's src/, -Os, BR_ARMEL_CORTEXM_GCC; the
#                     firmware link's --gc-sections drops what is unused)
#   cmocka::cmocka    STATIC library mdsec_cmocka (only with MDSEC_BUILD_TESTS)
#
# Sources: MDSEC_BEARSSL_SOURCE_DIR / MDSEC_CMOCKA_SOURCE_DIR name unpacked
# trees. When unset, configure runs scripts/debian-source.sh to `apt-get
# source` them into MDSEC_DEPS_DOWNLOAD_DIR: ${CMAKE_BINARY_DIR}/_deps, or,
# when the build directory is inside the source tree, a per-user cache
# directory outside it. Nothing fetched ever lands in the git tree.
#
# The crypto provider libtomcrypt is meant for hosts; a cross build supports
# MDSEC_CRYPTO=bearssl only.

if(NOT MDSEC_CRYPTO STREQUAL "bearssl")
  message(FATAL_ERROR "Cross builds support MDSEC_CRYPTO=bearssl only (libtomcrypt is host-only)")
endif()

set(MDSEC_BEARSSL_SOURCE_DIR "" CACHE PATH
  "Unpacked BearSSL source tree for the target build (empty: fetch Debian's source package)")
set(MDSEC_CMOCKA_SOURCE_DIR "" CACHE PATH
  "Unpacked cmocka source tree for the target build (empty: fetch Debian's source package)")

# Where fetched sources go: never inside the source tree.
cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${CMAKE_BINARY_DIR}" NORMALIZE _mdsec_bin_in_src)
if(_mdsec_bin_in_src)
  if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(_mdsec_dl_default "$ENV{XDG_CACHE_HOME}/mdsec/debian-src")
  elseif(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "")
    set(_mdsec_dl_default "$ENV{HOME}/.cache/mdsec/debian-src")
  else()
    set(_mdsec_dl_default "/tmp/mdsec-debian-src")
  endif()
else()
  set(_mdsec_dl_default "${CMAKE_BINARY_DIR}/_deps")
endif()
set(MDSEC_DEPS_DOWNLOAD_DIR "${_mdsec_dl_default}" CACHE PATH
  "Where configure unpacks Debian source packages of cross dependencies (outside the source tree)")
cmake_path(IS_PREFIX PROJECT_SOURCE_DIR "${MDSEC_DEPS_DOWNLOAD_DIR}" NORMALIZE _mdsec_dl_in_src)
if(_mdsec_dl_in_src)
  message(FATAL_ERROR "MDSEC_DEPS_DOWNLOAD_DIR (${MDSEC_DEPS_DOWNLOAD_DIR}) is inside the source "
    "tree; fetched sources must stay outside the repository")
endif()

# _mdsec_debian_source(<pkg> <cache-var> <out-var>): path of Debian's
# unpacked source package <pkg>, fetched by scripts/debian-source.sh if needed.
function(_mdsec_debian_source pkg cache_var out)
  execute_process(
    COMMAND sh "${PROJECT_SOURCE_DIR}/scripts/debian-source.sh" ${pkg} "${MDSEC_DEPS_DOWNLOAD_DIR}"
    OUTPUT_VARIABLE _dir
    ERROR_VARIABLE _err
    RESULT_VARIABLE _rc
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _rc EQUAL 0 OR NOT IS_DIRECTORY "${_dir}")
    message(FATAL_ERROR "Could not get Debian's source package '${pkg}' (${_rc}):\n${_err}\n"
      "Fetch it yourself and pass its unpacked tree with -D${cache_var}=<dir>.")
  endif()
  set(${out} "${_dir}" PARENT_SCOPE)
endfunction()

# ---- BearSSL -----------------------------------------------------------------
if(NOT TARGET BearSSL::BearSSL)
  if(MDSEC_BEARSSL_SOURCE_DIR)
    set(_mdsec_bearssl_dir "${MDSEC_BEARSSL_SOURCE_DIR}")
  else()
    _mdsec_debian_source(bearssl MDSEC_BEARSSL_SOURCE_DIR _mdsec_bearssl_dir)
  endif()
  if(NOT EXISTS "${_mdsec_bearssl_dir}/inc/bearssl.h" OR NOT IS_DIRECTORY "${_mdsec_bearssl_dir}/src")
    message(FATAL_ERROR "${_mdsec_bearssl_dir} is not a BearSSL source tree (no inc/bearssl.h)")
  endif()
  message(STATUS "BearSSL for the target from ${_mdsec_bearssl_dir}")

  file(GLOB_RECURSE _mdsec_bearssl_src CONFIGURE_DEPENDS "${_mdsec_bearssl_dir}/src/*.c")
  add_library(mdsec_bearssl STATIC ${_mdsec_bearssl_src})
  target_include_directories(mdsec_bearssl
    PUBLIC "${_mdsec_bearssl_dir}/inc"
    PRIVATE "${_mdsec_bearssl_dir}/src")
  # -Os after the build type's -O2 wins. BR_ARMEL_CORTEXM_GCC selects
  # BearSSL's Thumb-2 code paths (and BR_LOMUL); it is off by default.
  target_compile_options(mdsec_bearssl PRIVATE -Os -w)
  target_compile_definitions(mdsec_bearssl PRIVATE BR_ARMEL_CORTEXM_GCC=1)
  # BearSSL's Cortex-M code uses GNU C's `asm` keyword (-std=gnu11).
  set_target_properties(mdsec_bearssl PROPERTIES
    C_EXTENSIONS ON
    ARCHIVE_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/_deps/lib"
    OUTPUT_NAME mdsec_bearssl)

  # An imported target, so that installing/exporting mdsec (which links it)
  # works: the export refers to BearSSL::BearSSL by name.
  add_library(BearSSL::BearSSL STATIC IMPORTED GLOBAL)
  set_target_properties(BearSSL::BearSSL PROPERTIES
    IMPORTED_LOCATION "${CMAKE_BINARY_DIR}/_deps/lib/${CMAKE_STATIC_LIBRARY_PREFIX}mdsec_bearssl${CMAKE_STATIC_LIBRARY_SUFFIX}"
    INTERFACE_INCLUDE_DIRECTORIES "${_mdsec_bearssl_dir}/inc")
  add_dependencies(BearSSL::BearSSL mdsec_bearssl)
endif()

# ---- cmocka ------------------------------------------------------------------
if(MDSEC_BUILD_TESTS AND NOT TARGET cmocka::cmocka)
  if(MDSEC_CMOCKA_SOURCE_DIR)
    set(_mdsec_cmocka_dir "${MDSEC_CMOCKA_SOURCE_DIR}")
  else()
    _mdsec_debian_source(cmocka MDSEC_CMOCKA_SOURCE_DIR _mdsec_cmocka_dir)
  endif()
  if(NOT EXISTS "${_mdsec_cmocka_dir}/src/cmocka.c" OR NOT EXISTS "${_mdsec_cmocka_dir}/include/cmocka.h")
    message(FATAL_ERROR "${_mdsec_cmocka_dir} is not a cmocka source tree (no src/cmocka.c)")
  endif()
  message(STATUS "cmocka for the target from ${_mdsec_cmocka_dir}")

  # cmocka's configure checks cannot run for a bare-metal target; these are
  # the answers for arm-none-eabi newlib (no threads, no clock_gettime).
  set(_mdsec_cmocka_cfg "${CMAKE_BINARY_DIR}/_deps/cmocka-config")
  file(MAKE_DIRECTORY "${_mdsec_cmocka_cfg}")
  file(CONFIGURE OUTPUT "${_mdsec_cmocka_cfg}/config.h" CONTENT
"/* cmocka configuration for arm-none-eabi + newlib (written by MdsecCrossDeps.cmake). */
#define HAVE_INTTYPES_H 1
#define HAVE_MALLOC_H 1
#define HAVE_SETJMP_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_STDARG_H 1
#define HAVE_STDDEF_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDIO_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRINGS_H 1
#define HAVE_STRING_H 1
#define HAVE_TIME_H 1
#define HAVE_STRUCT_TIMESPEC 1
#define HAVE_CALLOC 1
#define HAVE_EXIT 1
#define HAVE_FPRINTF 1
#define HAVE_FREE 1
#define HAVE_LONGJMP 1
#define HAVE_MALLOC 1
#define HAVE_MEMCPY 1
#define HAVE_MEMSET 1
#define HAVE_PRINTF 1
#define HAVE_SETJMP 1
#define HAVE_SIGNAL 1
#define HAVE_SNPRINTF 1
#define HAVE_STRCMP 1
#define HAVE_STRCPY 1
#define HAVE_VSNPRINTF 1
#define WORDS_SIZEOF_VOID_P 4
")
  add_library(mdsec_cmocka STATIC "${_mdsec_cmocka_dir}/src/cmocka.c")
  target_include_directories(mdsec_cmocka
    PUBLIC "${_mdsec_cmocka_dir}/include"
    PRIVATE "${_mdsec_cmocka_cfg}")
  target_compile_definitions(mdsec_cmocka PRIVATE HAVE_CONFIG_H=1)
  target_compile_options(mdsec_cmocka PRIVATE -Os -w)
  add_library(cmocka::cmocka ALIAS mdsec_cmocka)
endif()
