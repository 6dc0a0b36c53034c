# SPDX-License-Identifier: Apache-2.0
# Host benchmarks. Each prints its figures beside a reference measured in the
# same run, as a ratio. Run them with bench/run.sh, which builds them with
# Debian's package build flags (dpkg-buildflags) so that mdsec is compiled
# the way Debian compiled the reference libraries.
if(MDSEC_WITH_PARSE AND NOT CMAKE_CROSSCOMPILING)
  find_library(LIBCBOR_LIBRARY cbor)
  if(LIBCBOR_LIBRARY)
    add_executable(bench_cbor bench_cbor.c)
    target_link_libraries(bench_cbor PRIVATE mdsec::mdsec ${LIBCBOR_LIBRARY})
  else()
    message(STATUS "bench_cbor skipped: libcbor not found (apt-get install libcbor-dev)")
  endif()
endif()

if(MDSEC_WITH_FW AND NOT CMAKE_CROSSCOMPILING AND MDSEC_PORT STREQUAL "posix")
  add_executable(bench_fw bench_fw.c)
  target_link_libraries(bench_fw PRIVATE mdsec::mdsec)
  target_include_directories(bench_fw PRIVATE ${PROJECT_SOURCE_DIR}/src)
endif()

if(MDSEC_WITH_KEYSTORE AND NOT CMAKE_CROSSCOMPILING AND MDSEC_PORT STREQUAL "posix")
  add_executable(bench_keystore bench_keystore.c)
  target_link_libraries(bench_keystore PRIVATE mdsec::mdsec)
  target_include_directories(bench_keystore PRIVATE ${PROJECT_SOURCE_DIR}/src)
endif()

# Cortex-M4: verify path against the crypto floor (stack and flash). With
# the psa provider on the Mbed TLS built here, also the heap both need
# (bench_fw_heap, an image of its own).
get_property(_app_libs GLOBAL PROPERTY MDSEC_APP_LIBS)
if(MDSEC_WITH_FW AND CMAKE_CROSSCOMPILING AND _app_libs)
  include(MdsecEmbed)
  set(_bench_fw floor verify)
  if(MDSEC_CRYPTO STREQUAL "psa" AND TARGET mdsec_mbedcrypto)
    list(APPEND _bench_fw heap)
  endif()
  foreach(_v IN LISTS _bench_fw)
    add_executable(bench_fw_${_v} bench_fw_target.c)
    target_link_libraries(bench_fw_${_v} PRIVATE mdsec::mdsec ${_app_libs})
    target_include_directories(bench_fw_${_v} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_options(bench_fw_${_v} PRIVATE --specs=nano.specs)
    mdsec_embed_files(bench_fw_${_v} fixtures_bench_fw
      ${PROJECT_SOURCE_DIR}/tests/fixtures/mcuboot/signed-ecdsa-p256.bin
      ${PROJECT_SOURCE_DIR}/tests/fixtures/der/pub-ecdsa-p256.der)
  endforeach()
  target_compile_definitions(bench_fw_floor PRIVATE BENCH_FLOOR=1)
  if(TARGET bench_fw_heap)
    target_compile_definitions(bench_fw_heap PRIVATE BENCH_HEAP=1)
    target_link_libraries(bench_fw_heap PRIVATE MbedTLS::mbedcrypto)
  endif()
endif()

# Cortex-M4: keystore sign path (RAM key, flash key) against a direct sign
# (stack, flash, context layout).
if(MDSEC_WITH_KEYSTORE AND CMAKE_CROSSCOMPILING AND _app_libs)
  foreach(_v floor ram flash)
    add_executable(bench_keystore_${_v} bench_keystore_target.c)
    target_link_libraries(bench_keystore_${_v} PRIVATE mdsec::mdsec ${_app_libs})
    target_include_directories(bench_keystore_${_v} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_options(bench_keystore_${_v} PRIVATE --specs=nano.specs)
  endforeach()
  target_compile_definitions(bench_keystore_floor PRIVATE BENCH_FLOOR=1)
  target_compile_definitions(bench_keystore_ram PRIVATE BENCH_KS_RAM=1)
endif()

# Security log: durable and RAM-backed appends against a raw pwrite +
# fdatasync loop, and instructions per append under callgrind.
if(MDSEC_WITH_LOG AND MDSEC_WITH_KEYSTORE AND NOT CMAKE_CROSSCOMPILING AND MDSEC_PORT STREQUAL "posix")
  add_executable(bench_log bench_log.c)
  target_link_libraries(bench_log PRIVATE mdsec::mdsec)
  target_include_directories(bench_log PRIVATE ${PROJECT_SOURCE_DIR}/src)
endif()

# Cortex-M4: security log appends on the board's RAM log region against the
# crypto floor of one record MAC (stack, flash, appends/s in emulation).
if(MDSEC_WITH_LOG AND MDSEC_WITH_KEYSTORE AND CMAKE_CROSSCOMPILING AND _app_libs)
  foreach(_v floor append)
    add_executable(bench_log_${_v} bench_log_target.c)
    target_link_libraries(bench_log_${_v} PRIVATE mdsec::mdsec ${_app_libs})
    target_include_directories(bench_log_${_v} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_options(bench_log_${_v} PRIVATE --specs=nano.specs)
  endforeach()
  target_compile_definitions(bench_log_floor PRIVATE BENCH_FLOOR=1)
endif()

# The crypto providers side by side (bench_crypto.c): every provider source
# compiled into one program under its own prefix, as test_crypto_agree does,
# with every opaque context sized for the largest provider state.
set(_bench_ctx_sizes
  MDSEC_CRYPTO_HASH_CTX_SIZE=416u
  MDSEC_CRYPTO_HMAC_CTX_SIZE=848u
  MDSEC_CRYPTO_DRBG_CTX_SIZE=17664u
  MDSEC_NO_BUILD_CONFIG=1)
if(NOT CMAKE_CROSSCOMPILING AND MDSEC_PORT STREQUAL "posix")
  if(NOT TARGET TomCrypt::TomCrypt)
    find_package(TomCrypt)
  endif()
  add_executable(bench_crypto bench_crypto.c)
  target_include_directories(bench_crypto PRIVATE ${PROJECT_SOURCE_DIR}/src
    ${PROJECT_SOURCE_DIR}/tests/vectors)
  target_compile_definitions(bench_crypto PRIVATE ${_bench_ctx_sizes})
  target_link_libraries(bench_crypto PRIVATE mdsec::mdsec)
  foreach(_p bearssl tomcrypt)
    if(_p STREQUAL "bearssl")
      set(_t BearSSL::BearSSL)
    else()
      set(_t TomCrypt::TomCrypt)
    endif()
    if(TARGET ${_t})
      string(TOUPPER ${_p} _P)
      target_sources(bench_crypto PRIVATE ${PROJECT_SOURCE_DIR}/src/crypto/${_p}.c)
      target_compile_definitions(bench_crypto PRIVATE BENCH_${_P}=1)
      target_link_libraries(bench_crypto PRIVATE ${_t})
    endif()
  endforeach()
  if(TARGET MbedTLS::mbedcrypto)
    # The psa provider's state fits libtomcrypt's sizes.
    target_sources(bench_crypto PRIVATE ${PROJECT_SOURCE_DIR}/src/crypto/psa.c)
    target_compile_definitions(bench_crypto PRIVATE BENCH_PSA=1 ${MDSEC_PSA_DEFINITIONS})
    target_link_libraries(bench_crypto PRIVATE MbedTLS::mbedcrypto)
  endif()
  if(MDSEC_ED25519 STREQUAL "sodium")
    # Ed25519 is the library's own (libsodium), whichever provider it has.
    target_compile_definitions(bench_crypto PRIVATE BENCH_SODIUM=1)
  endif()
endif()

# Cortex-M4: the same comparison as instruction counts and per-operation peak
# stack under QEMU (bench/run.sh runs it with -icount shift=0): BearSSL, and
# the psa provider over Mbed TLS where the target's Mbed TLS is built.
if(CMAKE_CROSSCOMPILING AND _app_libs AND TARGET BearSSL::BearSSL)
  add_executable(bench_crypto_target bench_crypto.c ${PROJECT_SOURCE_DIR}/src/crypto/bearssl.c)
  target_include_directories(bench_crypto_target PRIVATE ${PROJECT_SOURCE_DIR}/src
    ${PROJECT_SOURCE_DIR}/tests/vectors)
  target_compile_definitions(bench_crypto_target PRIVATE ${_bench_ctx_sizes} BENCH_BEARSSL=1)
  target_link_libraries(bench_crypto_target PRIVATE mdsec::mdsec ${_app_libs} BearSSL::BearSSL)
  target_link_options(bench_crypto_target PRIVATE --specs=nano.specs)
  if(TARGET MbedTLS::mbedcrypto)
    target_sources(bench_crypto_target PRIVATE ${PROJECT_SOURCE_DIR}/src/crypto/psa.c)
    target_compile_definitions(bench_crypto_target PRIVATE BENCH_PSA=1 ${MDSEC_PSA_DEFINITIONS})
    target_link_libraries(bench_crypto_target PRIVATE MbedTLS::mbedcrypto)
  endif()
  if(MDSEC_ED25519 STREQUAL "sodium")
    target_compile_definitions(bench_crypto_target PRIVATE BENCH_SODIUM=1)
  endif()
endif()
