# SPDX-License-Identifier: Apache-2.0
# MDSEC_ED25519: where Ed25519 signature verification (MCUboot's ED25519 TLV,
# and SHA-512 for images that use it) comes from. Included by the top-level
# CMakeLists.txt after MdsecDeps.cmake.
#
#   sodium  libsodium: on a host Debian's libsodium-dev (Sodium::Sodium from
#           cmake/FindSodium.cmake); in a cross build the verification subset
#           of libsodium's source that cmake/MdsecCrossSodium.cmake compiles
#           for the target (verification only: no signing on the target)
#   none    not built in: Ed25519-signed images are refused with
#           MDSEC_ERR_FW_ALG_UNSUPPORTED
#
# Default: sodium on a host where libsodium is found, none in a cross build
# (pass -DMDSEC_ED25519=sodium there; its sources then come from
# MdsecCrossSodium.cmake, which MdsecCrossDeps.cmake includes).
# src/crypto/ed25519.cmake adds src/crypto/sodium.c and the definition
# MDSEC_ED25519_SODIUM (recorded in mdsec/build_config.h) to the library.
if(CMAKE_CROSSCOMPILING OR NOT TARGET Sodium::Sodium)
  set(_mdsec_ed25519_default none)
else()
  set(_mdsec_ed25519_default sodium)
endif()
set(MDSEC_ED25519 ${_mdsec_ed25519_default} CACHE STRING
  "Ed25519 verification: sodium (libsodium) or none (default: sodium on a host with libsodium, none in cross builds)")
set_property(CACHE MDSEC_ED25519 PROPERTY STRINGS sodium none)
if(NOT MDSEC_ED25519 MATCHES "^(sodium|none)$")
  message(FATAL_ERROR "MDSEC_ED25519 must be sodium or none, not '${MDSEC_ED25519}'")
endif()
if(MDSEC_ED25519 STREQUAL "sodium" AND NOT TARGET Sodium::Sodium)
  message(FATAL_ERROR "MDSEC_ED25519=sodium but libsodium was not found "
    "(Debian: apt-get install libsodium-dev), or configure with -DMDSEC_ED25519=none")
endif()
if(NOT DEFINED MDSEC_SODIUM_BUILT)
  set(MDSEC_SODIUM_BUILT OFF) # ON when MdsecCrossSodium.cmake compiled the subset
endif()
if(NOT DEFINED MDSEC_SODIUM_PREBUILT)
  set(MDSEC_SODIUM_PREBUILT "")
  set(MDSEC_SODIUM_PREBUILT_INC "")
endif()

# ---- Install: the compiled subset, FindSodium.cmake for the package, and the
# library in mdsec.pc (after the crypto provider and the port's libraries).
if(MDSEC_INSTALL AND MDSEC_ED25519 STREQUAL "sodium")
  if(MDSEC_SODIUM_BUILT)
    install(TARGETS mdsec_sodium EXPORT mdsecTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
    set_property(GLOBAL APPEND_STRING PROPERTY MDSEC_PC_REQUIRE_LIBS " -lmdsec_sodium")
  elseif(MDSEC_SODIUM_PREBUILT)
    set_property(GLOBAL APPEND_STRING PROPERTY MDSEC_PC_REQUIRE_LIBS " ${MDSEC_SODIUM_PREBUILT}")
  else()
    set_property(GLOBAL APPEND_STRING PROPERTY MDSEC_PC_REQUIRE_LIBS " -lsodium")
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/FindSodium.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mdsec)
endif()
