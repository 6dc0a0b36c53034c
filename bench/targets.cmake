# SPDX-License-Identifier: Apache-2.0
# Host benchmarks. Each prints its figures beside a reference measured in the
# same run, as a ratio. Run them with bench/run.sh.
if(MDSEC_WITH_PARSE AND NOT CMAKE_CROSSCOMPILING)
  # libcbor's streaming decoder, compiled from Debian's source package with
  # the same compiler and flags as mdsec when MDSEC_LIBCBOR_SOURCE_DIR is set
  # (bench/run.sh does this); otherwise Debian's prebuilt libcbor.
  if(MDSEC_LIBCBOR_SOURCE_DIR)
    set(_cb ${MDSEC_LIBCBOR_SOURCE_DIR}/src)
    file(GLOB _cbor_src ${_cb}/cbor/*.c ${_cb}/cbor/internal/*.c ${_cb}/cbor.c)
    add_library(bench_libcbor STATIC ${_cbor_src})
    target_include_directories(bench_libcbor PUBLIC ${_cb} ${CMAKE_CURRENT_SOURCE_DIR}/libcbor-config)
    set(_libcbor bench_libcbor)
    set(_libcbor_note "built from source with the same flags")
  else()
    find_library(LIBCBOR_LIBRARY cbor REQUIRED)
    set(_libcbor ${LIBCBOR_LIBRARY})
    set(_libcbor_note "Debian's prebuilt library")
  endif()
  add_executable(bench_cbor bench_cbor.c)
  target_link_libraries(bench_cbor PRIVATE mdsec::mdsec ${_libcbor})
  target_compile_definitions(bench_cbor PRIVATE "LIBCBOR_NOTE=\"${_libcbor_note}\"")
endif()
