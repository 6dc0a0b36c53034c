# SPDX-License-Identifier: Apache-2.0
# The PKCS#11 backend against a real SoftHSM2 token that the test creates in
# a temporary directory (host only). Without the backend (p11-kit header not
# found) the test is still built and prints why it is skipped; without
# SoftHSM2 (Debian: softhsm2) every case prints why and skips.
if(MDSEC_WITH_KEYSTORE AND MDSEC_PORT STREQUAL "posix")
  mdsec_add_test(test_ks_pkcs11 HOST_ONLY
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ks_pkcs11.c ${PROJECT_SOURCE_DIR}/tests/unit/common/event_capture.c
    TIMEOUT 300 LABELS keystore)
  if(TARGET test_ks_pkcs11)
    target_include_directories(test_ks_pkcs11 PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/common)
    get_property(_ks_p11 GLOBAL PROPERTY MDSEC_KS_PKCS11_BUILT)
    if(_ks_p11)
      target_include_directories(test_ks_pkcs11 PRIVATE ${MDSEC_P11KIT_INCLUDE})
      target_link_libraries(test_ks_pkcs11 PRIVATE ${CMAKE_DL_LIBS})
    endif()
  endif()
endif()
