# SPDX-License-Identifier: Apache-2.0
if(MDSEC_WITH_PARSE)
  mdsec_add_fuzzer(tlv SOURCES fuzz_tlv.c)
  mdsec_add_fuzzer(der SOURCES fuzz_der.c)
  mdsec_add_fuzzer(cbor SOURCES fuzz_cbor.c)
  mdsec_add_fuzzer(schema SOURCES fuzz_schema.c ${PROJECT_SOURCE_DIR}/examples/protocol/pump_protocol.c)
  target_include_directories(fuzz_schema PRIVATE ${PROJECT_SOURCE_DIR}/examples/protocol)
endif()
