# SPDX-License-Identifier: Apache-2.0
# test_crypto_ed25519: Ed25519 and SHA-512 of src/crypto/sodium.c (RFC 8032
# section 7.1, Wycheproof ed25519_test.json), through the library's own
# mdsec_crypto_ed25519_* names; portable (host and Cortex-M4 under QEMU). In a
# build with MDSEC_ED25519=none it checks that every operation is absent.
mdsec_add_test(test_crypto_ed25519 SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_crypto_ed25519.c
  LABELS crypto)
target_include_directories(test_crypto_ed25519 PRIVATE
  ${PROJECT_SOURCE_DIR}/tests/vectors ${CMAKE_CURRENT_LIST_DIR})
