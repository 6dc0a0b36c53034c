# SPDX-License-Identifier: Apache-2.0
# The consumer program's sources, for every way of building it.
set(MDSEC_CONSUMER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/consumer.c
  ${CMAKE_CURRENT_LIST_DIR}/consumer_parse.c
  ${CMAKE_CURRENT_LIST_DIR}/consumer_fw.c
  ${CMAKE_CURRENT_LIST_DIR}/consumer_keystore.c
  ${CMAKE_CURRENT_LIST_DIR}/consumer_priv.c)
