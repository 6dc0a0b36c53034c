# SPDX-License-Identifier: Apache-2.0
# Bounded input parsing (issue #3). Portable: run on the host and under QEMU.
if(MDSEC_WITH_PARSE)
  include(MdsecEmbed)
  set(_pd ${CMAKE_CURRENT_SOURCE_DIR}/parse)
  mdsec_add_test(test_parse_reader SOURCES ${_pd}/test_parse_reader.c)
  mdsec_add_test(test_parse_tlv SOURCES ${_pd}/test_parse_tlv.c)
  mdsec_add_test(test_parse_cbor SOURCES ${_pd}/test_parse_cbor.c)
  mdsec_add_test(test_parse_schema SOURCES ${_pd}/test_parse_schema.c
    ${PROJECT_SOURCE_DIR}/examples/protocol/pump_protocol.c)
  target_include_directories(test_parse_schema PRIVATE ${PROJECT_SOURCE_DIR}/examples/protocol)
  mdsec_add_test(test_parse_der SOURCES ${_pd}/test_parse_der.c)
  file(GLOB _der ${PROJECT_SOURCE_DIR}/tests/fixtures/der/*.der)
  mdsec_embed_files(test_parse_der fixtures_der ${_der})
endif()
