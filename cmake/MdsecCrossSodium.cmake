# SPDX-License-Identifier: Apache-2.0
# libsodium for a cross (Cortex-M) build with MDSEC_ED25519=sodium. The last
# line of MdsecCrossDeps.cmake includes this file, which does nothing for
# MDSEC_ED25519=none. As there, configure and build never fetch anything and
# never write outside the build tree. libsodium comes from:
#
#   - a Sodium::Sodium target your project defines before add_subdirectory(mdsec), or
#   - MDSEC_SODIUM_SOURCE_DIR: an unpacked libsodium source tree (Debian's
#     source package; src/libsodium/...); mdsec compiles for the target only
#     the part that Ed25519 verification needs, as mdsec::sodium, or
#   - MDSEC_SODIUM_LIBRARY + MDSEC_SODIUM_INCLUDE_DIR: a libsodium.a built for
#     this target and the directory that holds its sodium/ headers, or
#   - MDSEC_TARGET_DEPS_DIR/libsodium (what `scripts/install-deps.sh --target DIR`
#     unpacks), the default of MDSEC_SODIUM_SOURCE_DIR.
#
# The subset (about 10 KB of Cortex-M4 code once linked: see docs/firmware.md):
# crypto_sign/ed25519/ref10/open.c (verification) and sign.c (for the hash
# set-up that verification shares with signing; the signing functions are
# dropped at link time), the ed25519 ref10 group and field code, SHA-512,
# crypto_verify, the point and scalar checks of crypto_core/ed25519 (which
# classify a refused signature) and sodium/utils.c (sodium_memcmp). Nothing
# there needs sodium_init(), randomness or an operating system. libsodium's
# configure cannot run for a bare-metal target; its two answers that these
# files read are given as definitions: CONFIGURED and the byte order. No
# version.h is needed (mdsec includes only the headers it uses, not sodium.h).
set(MDSEC_SODIUM_BUILT OFF)
set(MDSEC_SODIUM_PREBUILT "")
set(MDSEC_SODIUM_PREBUILT_INC "")
if(NOT MDSEC_ED25519 STREQUAL "sodium")
  return()
endif()

set(MDSEC_SODIUM_SOURCE_DIR "" CACHE PATH
  "Unpacked libsodium source tree; its Ed25519 verification subset is compiled for the target")
set(MDSEC_SODIUM_LIBRARY "" CACHE FILEPATH "Prebuilt libsodium static library for the target")
set(MDSEC_SODIUM_INCLUDE_DIR "" CACHE PATH "Directory holding sodium/ headers for MDSEC_SODIUM_LIBRARY")

if(NOT TARGET Sodium::Sodium)
  set(_mdsec_sodium_marker src/libsodium/crypto_sign/ed25519/ref10/open.c)
  set(_mdsec_sodium_src "")
  if(MDSEC_SODIUM_SOURCE_DIR)
    if(NOT EXISTS "${MDSEC_SODIUM_SOURCE_DIR}/${_mdsec_sodium_marker}")
      message(FATAL_ERROR "MDSEC_SODIUM_SOURCE_DIR=${MDSEC_SODIUM_SOURCE_DIR} is not a libsodium "
        "source tree (no ${_mdsec_sodium_marker} there)")
    endif()
    set(_mdsec_sodium_src "${MDSEC_SODIUM_SOURCE_DIR}")
  elseif(MDSEC_SODIUM_LIBRARY OR MDSEC_SODIUM_INCLUDE_DIR)
    if(NOT EXISTS "${MDSEC_SODIUM_LIBRARY}" OR
       NOT EXISTS "${MDSEC_SODIUM_INCLUDE_DIR}/sodium/crypto_sign_ed25519.h")
      message(FATAL_ERROR "MDSEC_SODIUM_LIBRARY and MDSEC_SODIUM_INCLUDE_DIR must name an existing "
        "libsodium library for the target and the directory of its sodium/ headers "
        "(now '${MDSEC_SODIUM_LIBRARY}' and '${MDSEC_SODIUM_INCLUDE_DIR}')")
    endif()
  elseif(MDSEC_TARGET_DEPS_DIR AND EXISTS "${MDSEC_TARGET_DEPS_DIR}/libsodium/${_mdsec_sodium_marker}")
    get_filename_component(_mdsec_sodium_src "${MDSEC_TARGET_DEPS_DIR}/libsodium" REALPATH)
  else()
    set(_mdsec_sodium_why "")
    if(MDSEC_TARGET_DEPS_DIR)
      set(_mdsec_sodium_why " (MDSEC_TARGET_DEPS_DIR=${MDSEC_TARGET_DEPS_DIR} has no libsodium/${_mdsec_sodium_marker})")
    endif()
    message(FATAL_ERROR "mdsec: MDSEC_ED25519=sodium in a Cortex-M build compiles libsodium for the "
      "target, and configure never fetches it. Pass -DMDSEC_SODIUM_SOURCE_DIR=<unpacked libsodium "
      "source tree>, or -DMDSEC_SODIUM_LIBRARY=<libsodium.a built for this target> "
      "-DMDSEC_SODIUM_INCLUDE_DIR=<dir of its sodium/ headers>${_mdsec_sodium_why}; "
      "scripts/install-deps.sh --target DIR fetches Debian's source package, then pass "
      "-DMDSEC_TARGET_DEPS_DIR=DIR. Or configure with -DMDSEC_ED25519=none.")
  endif()

  if(_mdsec_sodium_src)
    message(STATUS "libsodium (Ed25519 verification subset) for the target from ${_mdsec_sodium_src}")
    set(_s "${_mdsec_sodium_src}/src/libsodium")
    add_library(mdsec_sodium STATIC
      ${_s}/crypto_sign/ed25519/ref10/open.c
      ${_s}/crypto_sign/ed25519/ref10/sign.c
      ${_s}/crypto_core/ed25519/ref10/ed25519_ref10.c
      ${_s}/crypto_core/ed25519/core_ed25519.c
      ${_s}/crypto_hash/sha512/cp/hash_sha512_cp.c
      ${_s}/crypto_verify/sodium/verify.c
      ${_s}/sodium/utils.c)
    # SYSTEM: libsodium's headers are third-party code, outside our warning policy.
    target_include_directories(mdsec_sodium SYSTEM PUBLIC $<BUILD_INTERFACE:${_s}/include>)
    target_include_directories(mdsec_sodium PRIVATE ${_s}/include/sodium)
    target_compile_definitions(mdsec_sodium PRIVATE CONFIGURED=1)
    if(CMAKE_C_BYTE_ORDER STREQUAL "BIG_ENDIAN")
      target_compile_definitions(mdsec_sodium PRIVATE NATIVE_BIG_ENDIAN=1)
    else()
      target_compile_definitions(mdsec_sodium PRIVATE NATIVE_LITTLE_ENDIAN=1)
    endif()
    # -Os after the build type's -O2 wins; sections for --gc-sections.
    target_compile_options(mdsec_sodium PRIVATE -Os -w -ffunction-sections -fdata-sections)
    set_target_properties(mdsec_sodium PROPERTIES C_EXTENSIONS ON EXPORT_NAME sodium)
    add_library(Sodium::Sodium ALIAS mdsec_sodium)
    add_library(mdsec::sodium ALIAS mdsec_sodium)
    set(MDSEC_SODIUM_BUILT ON)
  else()
    message(STATUS "libsodium for the target: ${MDSEC_SODIUM_LIBRARY}")
    add_library(Sodium::Sodium STATIC IMPORTED GLOBAL)
    set_target_properties(Sodium::Sodium PROPERTIES
      IMPORTED_LOCATION "${MDSEC_SODIUM_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${MDSEC_SODIUM_INCLUDE_DIR}")
    set(MDSEC_SODIUM_PREBUILT "${MDSEC_SODIUM_LIBRARY}")
    set(MDSEC_SODIUM_PREBUILT_INC "${MDSEC_SODIUM_INCLUDE_DIR}")
  endif()
endif()
