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
