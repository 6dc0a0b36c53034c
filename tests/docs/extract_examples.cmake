# SPDX-License-Identifier: Apache-2.0
# cmake -DDOC=<doc.md> -DOUT_DIR=<dir> -P extract_examples.cmake
# Writes every marked C example of DOC to OUT_DIR/<name>.c (build time).
# A #line directive makes the compiler report errors at the line of the
# document, so a failing example points at the doc to fix.
cmake_minimum_required(VERSION 3.20)
include(${CMAKE_CURRENT_LIST_DIR}/DocExamples.cmake)

mdsec_doc_scan("${DOC}" blk)
if(blk_errors)
  string(REPLACE ";" "\n" _msg "${blk_errors}")
  message(FATAL_ERROR "${_msg}")
endif()
file(MAKE_DIRECTORY "${OUT_DIR}")
foreach(_i RANGE 1 ${blk_count})
  if(blk_count EQUAL 0)
    break()
  endif()
  if(NOT blk_${_i}_name STREQUAL "")
    file(WRITE "${OUT_DIR}/${blk_${_i}_name}.c"
      "/* Extracted at build time from the document named below: edit that, not this. */\n"
      "#line ${blk_${_i}_line} \"${DOC}\"\n"
      "${blk_${_i}_body}")
  endif()
endforeach()
