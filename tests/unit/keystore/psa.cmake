# SPDX-License-Identifier: Apache-2.0
# The PSA keystore backend against Mbed TLS's PSA Crypto implementation and
# its persistent storage, in a temporary directory (host only). The linker
# wraps the PSA operations so that the test counts which of them mdsec
# calls. Without the backend (MDSEC_KEYSTORE_PSA OFF) the test is still
# built and prints why it is skipped.
if(MDSEC_WITH_KEYSTORE AND MDSEC_PORT STREQUAL "posix")
  mdsec_add_test(test_ks_psa HOST_ONLY
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ks_psa.c ${PROJECT_SOURCE_DIR}/tests/unit/common/event_capture.c
    TIMEOUT 300 LABELS keystore)
  if(TARGET test_ks_psa)
    target_include_directories(test_ks_psa PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/common
      ${PROJECT_SOURCE_DIR}/tests/vectors)
    get_property(_ks_psa GLOBAL PROPERTY MDSEC_KS_PSA_BUILT)
    if(_ks_psa)
      target_link_libraries(test_ks_psa PRIVATE MbedTLS::mbedcrypto)
      target_link_options(test_ks_psa PRIVATE
        -Wl,--wrap=psa_sign_hash,--wrap=psa_verify_hash,--wrap=psa_export_public_key
        -Wl,--wrap=psa_export_key,--wrap=psa_destroy_key)
    endif()
  endif()
endif()
