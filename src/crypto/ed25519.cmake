# SPDX-License-Identifier: Apache-2.0
# Ed25519 verification and SHA-512 through libsodium (src/crypto/sodium.c), when
# MDSEC_ED25519=sodium (cmake/MdsecEd25519.cmake). Sodium::Sodium is Debian's
# libsodium on a host, or the verification subset compiled for the target by
# cmake/MdsecCrossSodium.cmake (MDSEC_SODIUM_VERIFY_ONLY: no signing there).
if(MDSEC_ED25519 STREQUAL "sodium")
  target_sources(mdsec PRIVATE ${CMAKE_CURRENT_LIST_DIR}/sodium.c)
  target_link_libraries(mdsec PUBLIC Sodium::Sodium)
  target_compile_definitions(mdsec PUBLIC MDSEC_ED25519_SODIUM=1)
  if(CMAKE_CROSSCOMPILING)
    target_compile_definitions(mdsec PUBLIC MDSEC_SODIUM_VERIFY_ONLY=1)
  endif()
endif()
