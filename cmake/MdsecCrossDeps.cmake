# SPDX-License-Identifier: Apache-2.0
# Dependencies of a cross (Cortex-M) build, included by MdsecDeps.cmake when
# CMAKE_CROSSCOMPILING.
#
# Configure and build never fetch anything, never touch the system and never
# write outside the build tree. Each dependency comes from what you name:
#
#   BearSSL (the crypto provider with MDSEC_CRYPTO=bearssl; also with
#   MDSEC_BUILD_TESTS, whose BearSSL tests run with either provider)
#     - a BearSSL::BearSSL target your project defines before add_subdirectory(mdsec), or
#     - MDSEC_BEARSSL_SOURCE_DIR: an unpacked BearSSL source tree (inc/bearssl.h,
#       src/); mdsec compiles it for the target as mdsec::bearssl, or
#     - MDSEC_BEARSSL_LIBRARY + MDSEC_BEARSSL_INCLUDE_DIR: a libbearssl.a built
#       for this target and the directory of its bearssl.h (searched for in
#       CMAKE_FIND_ROOT_PATH / CMAKE_SYSROOT when those are set).
#   Mbed TLS (the PSA Crypto API; with MDSEC_CRYPTO=psa or MDSEC_BUILD_TESTS):
#     see cmake/MdsecCrossMbedTLS.cmake (MDSEC_MBEDTLS_SOURCE_DIR, or
#     MDSEC_MBEDTLS_LIBRARY + MDSEC_MBEDTLS_INCLUDE_DIR)
#   cmocka (the unit-test framework; only with MDSEC_BUILD_TESTS)
#     - a cmocka::cmocka target, or
#     - MDSEC_CMOCKA_SOURCE_DIR: an unpacked cmocka source tree (src/cmocka.c), or
#     - MDSEC_CMOCKA_LIBRARY + MDSEC_CMOCKA_INCLUDE_DIR.
#   MDSEC_TARGET_DEPS_DIR: a directory where `scripts/install-deps.sh --target DIR`
#     unpacked Debian's source packages; DIR/bearssl, DIR/mbedtls and DIR/cmocka
#     are then the defaults of the *_SOURCE_DIR variables.
#
# A missing dependency stops configure with one message that lists what to pass.
#
# The crypto provider libtomcrypt is meant for hosts; a cross build supports
# MDSEC_CRYPTO=bearssl and MDSEC_CRYPTO=psa (the PSA Crypto API of the Mbed
# TLS that cmake/MdsecCrossMbedTLS.cmake builds, or of your MbedTLS::mbedcrypto).

if(NOT MDSEC_CRYPTO MATCHES "^(bearssl|psa)$")
  message(FATAL_ERROR "Cross builds support MDSEC_CRYPTO=bearssl or psa only (libtomcrypt is host-only)")
endif()

set(MDSEC_TARGET_DEPS_DIR "" CACHE PATH
  "Directory filled by scripts/install-deps.sh --target DIR (holds bearssl/ and cmocka/)")
set(MDSEC_BEARSSL_SOURCE_DIR "" CACHE PATH "Unpacked BearSSL source tree, compiled for the target")
set(MDSEC_BEARSSL_LIBRARY "" CACHE FILEPATH "Prebuilt BearSSL static library for the target")
set(MDSEC_BEARSSL_INCLUDE_DIR "" CACHE PATH "Directory of bearssl.h for MDSEC_BEARSSL_LIBRARY")
set(MDSEC_CMOCKA_SOURCE_DIR "" CACHE PATH "Unpacked cmocka source tree, compiled for the target (tests only)")
set(MDSEC_CMOCKA_LIBRARY "" CACHE FILEPATH "Prebuilt cmocka static library for the target (tests only)")
set(MDSEC_CMOCKA_INCLUDE_DIR "" CACHE PATH "Directory of cmocka.h for MDSEC_CMOCKA_LIBRARY")

# Search a sysroot for prebuilt libraries only when one is named: with no
# root path, find_library would return the host's own library.
set(_mdsec_have_sysroot OFF)
if(CMAKE_FIND_ROOT_PATH OR CMAKE_SYSROOT)
  set(_mdsec_have_sysroot ON)
endif()

set(_mdsec_missing "")

# _mdsec_cross_dep(<Name> <pkg> <header-in-source-tree> <header> <libname>)
# Sets _mdsec_<pkg>_src (a source tree) or _mdsec_<pkg>_lib/_inc (prebuilt),
# or appends the options to pass to _mdsec_missing.
macro(_mdsec_cross_dep NAME pkg src_marker header libname)
  string(TOUPPER ${pkg} _P)
  set(_mdsec_${pkg}_src "")
  set(_mdsec_${pkg}_lib "")
  set(_mdsec_${pkg}_inc "")
  if(MDSEC_${_P}_SOURCE_DIR)
    if(NOT EXISTS "${MDSEC_${_P}_SOURCE_DIR}/${src_marker}")
      message(FATAL_ERROR "MDSEC_${_P}_SOURCE_DIR=${MDSEC_${_P}_SOURCE_DIR} is not a ${NAME} "
        "source tree (no ${src_marker} there)")
    endif()
    set(_mdsec_${pkg}_src "${MDSEC_${_P}_SOURCE_DIR}")
  elseif(MDSEC_${_P}_LIBRARY OR MDSEC_${_P}_INCLUDE_DIR)
    if(NOT EXISTS "${MDSEC_${_P}_LIBRARY}" OR NOT EXISTS "${MDSEC_${_P}_INCLUDE_DIR}/${header}")
      message(FATAL_ERROR "MDSEC_${_P}_LIBRARY and MDSEC_${_P}_INCLUDE_DIR must name an existing "
        "${NAME} library for the target and the directory of its ${header} "
        "(now '${MDSEC_${_P}_LIBRARY}' and '${MDSEC_${_P}_INCLUDE_DIR}')")
    endif()
    set(_mdsec_${pkg}_lib "${MDSEC_${_P}_LIBRARY}")
    set(_mdsec_${pkg}_inc "${MDSEC_${_P}_INCLUDE_DIR}")
  elseif(MDSEC_TARGET_DEPS_DIR AND EXISTS "${MDSEC_TARGET_DEPS_DIR}/${pkg}/${src_marker}")
    get_filename_component(_mdsec_${pkg}_src "${MDSEC_TARGET_DEPS_DIR}/${pkg}" REALPATH)
  elseif(_mdsec_have_sysroot)
    find_library(_mdsec_${pkg}_found_lib NAMES ${libname})
    find_path(_mdsec_${pkg}_found_inc NAMES ${header})
    if(_mdsec_${pkg}_found_lib AND _mdsec_${pkg}_found_inc)
      set(_mdsec_${pkg}_lib "${_mdsec_${pkg}_found_lib}")
      set(_mdsec_${pkg}_inc "${_mdsec_${pkg}_found_inc}")
    endif()
  endif()
  if(NOT _mdsec_${pkg}_src AND NOT _mdsec_${pkg}_lib)
    string(APPEND _mdsec_missing
      "\n  ${NAME} for the target: pass -DMDSEC_${_P}_SOURCE_DIR=<unpacked ${NAME} source tree>\n"
      "    or -DMDSEC_${_P}_LIBRARY=<lib${libname}.a built for this target> -DMDSEC_${_P}_INCLUDE_DIR=<dir of ${header}>")
    if(MDSEC_TARGET_DEPS_DIR)
      string(APPEND _mdsec_missing "\n    (MDSEC_TARGET_DEPS_DIR=${MDSEC_TARGET_DEPS_DIR} has no ${pkg}/${src_marker})")
    endif()
  endif()
endmacro()

set(_mdsec_need_bearssl OFF)
if(NOT TARGET BearSSL::BearSSL AND (MDSEC_CRYPTO STREQUAL "bearssl" OR MDSEC_BUILD_TESTS))
  set(_mdsec_need_bearssl ON)
  _mdsec_cross_dep(BearSSL bearssl inc/bearssl.h bearssl.h bearssl)
endif()
if(MDSEC_BUILD_TESTS AND NOT TARGET cmocka::cmocka)
  _mdsec_cross_dep(cmocka cmocka src/cmocka.c cmocka.h cmocka)
endif()
include(MdsecCrossMbedTLS) # MbedTLS::mbedcrypto, or its options in _mdsec_missing
if(_mdsec_missing)
  message(FATAL_ERROR "mdsec: a Cortex-M build compiles its dependencies for the target, and "
    "configure never fetches them. Missing:${_mdsec_missing}\n"
    "scripts/install-deps.sh --target DIR fetches Debian's source packages of all of them; "
    "then pass only -DMDSEC_TARGET_DEPS_DIR=DIR.")
endif()

# ---- BearSSL -----------------------------------------------------------------
set(MDSEC_BEARSSL_BUILT OFF)
if(_mdsec_need_bearssl)
  if(_mdsec_bearssl_src)
    message(STATUS "BearSSL for the target from ${_mdsec_bearssl_src}")
    file(GLOB_RECURSE _mdsec_bearssl_files CONFIGURE_DEPENDS "${_mdsec_bearssl_src}/src/*.c")
    # mdsec::bearssl: installed and exported with mdsec, so an installed
    # Cortex-M package carries the BearSSL it was built with.
    add_library(mdsec_bearssl STATIC ${_mdsec_bearssl_files})
    # SYSTEM: BearSSL's headers are third-party code, outside our warning policy.
    target_include_directories(mdsec_bearssl SYSTEM
      PUBLIC $<BUILD_INTERFACE:${_mdsec_bearssl_src}/inc>)
    target_include_directories(mdsec_bearssl PRIVATE "${_mdsec_bearssl_src}/src")
    # -Os after the build type's -O2 wins. BR_ARMEL_CORTEXM_GCC selects
    # BearSSL's Thumb-2 code paths (and BR_LOMUL); it is off by default.
    target_compile_options(mdsec_bearssl PRIVATE -Os -w)
    target_compile_definitions(mdsec_bearssl PRIVATE BR_ARMEL_CORTEXM_GCC=1)
    # BearSSL's Cortex-M code uses GNU C's `asm` keyword (-std=gnu11).
    set_target_properties(mdsec_bearssl PROPERTIES C_EXTENSIONS ON EXPORT_NAME bearssl)
    add_library(BearSSL::BearSSL ALIAS mdsec_bearssl)
    add_library(mdsec::bearssl ALIAS mdsec_bearssl)
    set(MDSEC_BEARSSL_BUILT ON)
  else()
    message(STATUS "BearSSL for the target: ${_mdsec_bearssl_lib}")
    add_library(BearSSL::BearSSL STATIC IMPORTED GLOBAL)
    set_target_properties(BearSSL::BearSSL PROPERTIES
      IMPORTED_LOCATION "${_mdsec_bearssl_lib}"
      INTERFACE_INCLUDE_DIRECTORIES "${_mdsec_bearssl_inc}")
    set(MDSEC_BEARSSL_PREBUILT "${_mdsec_bearssl_lib}")
    set(MDSEC_BEARSSL_PREBUILT_INC "${_mdsec_bearssl_inc}")
  endif()
endif()

# ---- cmocka ------------------------------------------------------------------
if(MDSEC_BUILD_TESTS AND NOT TARGET cmocka::cmocka)
  if(_mdsec_cmocka_src)
    message(STATUS "cmocka for the target from ${_mdsec_cmocka_src}")
    # cmocka's configure checks cannot run for a bare-metal target; these are
    # the answers for arm-none-eabi newlib (no threads, no clock_gettime).
    set(_mdsec_cmocka_cfg "${PROJECT_BINARY_DIR}/_deps/cmocka-config")
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
    add_library(mdsec_cmocka STATIC "${_mdsec_cmocka_src}/src/cmocka.c")
    target_include_directories(mdsec_cmocka SYSTEM PUBLIC "${_mdsec_cmocka_src}/include")
    target_include_directories(mdsec_cmocka PRIVATE "${_mdsec_cmocka_cfg}")
    target_compile_definitions(mdsec_cmocka PRIVATE HAVE_CONFIG_H=1)
    target_compile_options(mdsec_cmocka PRIVATE -Os -w)
    add_library(cmocka::cmocka ALIAS mdsec_cmocka)
  else()
    message(STATUS "cmocka for the target: ${_mdsec_cmocka_lib}")
    add_library(cmocka::cmocka STATIC IMPORTED GLOBAL)
    set_target_properties(cmocka::cmocka PROPERTIES
      IMPORTED_LOCATION "${_mdsec_cmocka_lib}"
      INTERFACE_INCLUDE_DIRECTORIES "${_mdsec_cmocka_inc}")
  endif()
endif()

include(MdsecCrossSodium) # libsodium for MDSEC_ED25519=sodium (Ed25519 verification)
