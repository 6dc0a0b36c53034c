# SPDX-License-Identifier: Apache-2.0
# Least privilege (issue #7): region tables everywhere, the POSIX policy on the posix port.
if(MDSEC_WITH_PRIV)
  mdsec_add_test(test_priv_region SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_priv_region.c)
  if(MDSEC_PORT STREQUAL "posix")
    mdsec_add_test(test_priv_posix HOST_ONLY SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_priv_posix.c
      LIBS cap-ng)
  endif()
endif()
