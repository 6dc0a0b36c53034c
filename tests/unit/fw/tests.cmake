# SPDX-License-Identifier: Apache-2.0
# Signed-firmware verification (issue #5). Portable: host and QEMU.
if(MDSEC_WITH_FW AND NOT MDSEC_PORT STREQUAL "none")
  include(MdsecEmbed)
  set(_fd ${CMAKE_CURRENT_SOURCE_DIR}/fw)
  mdsec_add_test(test_fw SOURCES ${_fd}/test_fw.c TIMEOUT 600)
  set(_mc ${PROJECT_SOURCE_DIR}/tests/fixtures/mcuboot)
  set(_dd ${PROJECT_SOURCE_DIR}/tests/fixtures/der)
  mdsec_embed_files(test_fw fixtures_fw
    ${_mc}/signed-ecdsa-p256.bin ${_mc}/signed-ecdsa-p384.bin ${_mc}/signed-rsa-2048.bin
    ${_mc}/signed-rsa-3072.bin ${_mc}/signed-ed25519.bin ${_mc}/signed-ecdsa-p256-padded-confirmed.bin
    ${_mc}/signed-ecdsa-p256-fullkey.bin ${_mc}/signed-ecdsa-p256-dep.bin
    ${_mc}/signed-ecdsa-p256-old-seccnt2.bin ${_mc}/signed-ecdsa-p256-untrusted-key.bin
    ${_mc}/unsigned-hash-only.bin
    ${_mc}/pubhash-ecdsa-p256.bin ${_mc}/pubhash-ecdsa-p384.bin ${_mc}/pubhash-rsa-2048.bin
    ${_mc}/pubhash-rsa-3072.bin ${_mc}/pubhash-ed25519.bin
    ${_mc}/signed-ed25519-sha512.bin ${_mc}/signed-ed25519-pure.bin ${_mc}/signed-ed25519-pure-fullkey.bin
    ${_mc}/signed-ed25519-pure-untrusted-key.bin ${_dd}/pub-ed25519-untrusted.der
    ${_dd}/pub-ecdsa-p256.der ${_dd}/pub-ecdsa-p384.der ${_dd}/pub-rsa-2048.der
    ${_dd}/pub-rsa-3072.der ${_dd}/pub-ed25519.der ${_dd}/pub-ecdsa-p256-untrusted.der
    ${_dd}/key-ecdsa-p256.pkcs8.der ${_dd}/key-ecdsa-p256-untrusted.pkcs8.der)
  mdsec_add_test(test_fw_toctou SOURCES ${_fd}/test_fw_toctou.c)
  mdsec_embed_files(test_fw_toctou fixtures_fw_toctou
    ${_mc}/signed-ecdsa-p256.bin ${_mc}/signed-ecdsa-p256-old-seccnt2.bin
    ${_mc}/signed-ecdsa-p256-padded-confirmed.bin ${_dd}/pub-ecdsa-p256.der
    ${_mc}/signed-ed25519-pure.bin ${_dd}/pub-ed25519.der)
endif()
if(MDSEC_WITH_FW AND MDSEC_PORT STREQUAL "posix")
  mdsec_add_test(test_fw_powercut HOST_ONLY SOURCES ${_fd}/test_fw_powercut.c)
  mdsec_embed_files(test_fw_powercut fixtures_fw_powercut
    ${_mc}/signed-ecdsa-p256.bin ${_mc}/signed-ecdsa-p256-old-seccnt2.bin ${_dd}/pub-ecdsa-p256.der)
  # The provider's ECDSA verification interposed with GNU ld's --wrap.
  mdsec_add_test(test_fw_resource HOST_ONLY SOURCES ${_fd}/test_fw_resource.c)
  target_link_options(test_fw_resource PRIVATE "-Wl,--wrap=mdsec_${MDSEC_CRYPTO}_ecdsa_verify")
  mdsec_embed_files(test_fw_resource fixtures_fw_resource
    ${_mc}/signed-ecdsa-p256.bin ${_dd}/pub-ecdsa-p256.der)
endif()
