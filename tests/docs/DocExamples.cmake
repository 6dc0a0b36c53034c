# SPDX-License-Identifier: Apache-2.0
# Reads the C code blocks of a Markdown document. Included by
# tests/docs/CMakeLists.txt (configure time: which examples exist),
# extract_examples.cmake (build time: write them out) and check_docs.cmake
# (ctest: the documentation rules).
#
# A marked example is a line
#
#   <!-- example: NAME -->
#
# directly followed by a line "```c"; the block ends at the next line "```".
# NAME is letters, digits and underscores, unique across the docs. Code
# blocks in other languages are skipped whole, so a marker-like line inside
# one is ignored.

# mdsec_doc_scan(<doc> <prefix>) sets in the caller's scope:
#   <prefix>_count         number of ```c blocks
#   <prefix>_<i>_name      the example name of block i (1-based), empty if unmarked
#   <prefix>_<i>_line      line number of block i's first code line
#   <prefix>_<i>_body      the code of block i
#   <prefix>_names         the names of the marked blocks
#   <prefix>_errors        a list of "doc:line: problem" strings
function(mdsec_doc_scan doc prefix)
  file(READ "${doc}" text)
  string(REPLACE "\r\n" "\n" text "${text}")
  # Characters that CMake lists treat specially stand in as control
  # characters while the text is split into lines, and are put back after.
  string(ASCII 28 bs)
  string(ASCII 29 sc)
  string(ASCII 30 lb)
  string(ASCII 31 rb)
  string(REPLACE "\\" "${bs}" text "${text}")
  string(REPLACE ";" "${sc}" text "${text}")
  string(REPLACE "[" "${lb}" text "${text}")
  string(REPLACE "]" "${rb}" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")

  set(count 0)
  set(names "")
  set(errors "")
  set(state out) # out, c (inside a C block) or other (inside another block)
  set(lineno 0)
  set(marker "")
  set(marker_line 0)
  set(body "")
  foreach(line IN LISTS lines)
    math(EXPR lineno "${lineno} + 1")
    if(state STREQUAL "out")
      if(NOT marker STREQUAL "" AND NOT line MATCHES "^```c[ \t]*$")
        list(APPEND errors "${doc}:${marker_line}: example marker '${marker}' is not directly followed by a line ```c")
        set(marker "")
      endif()
      if(line MATCHES "^<!-- example: ([A-Za-z0-9_]+) -->[ \t]*$")
        set(marker "${CMAKE_MATCH_1}")
        set(marker_line ${lineno})
      elseif(line MATCHES "^[ \t]*<!--[ \t]*example")
        list(APPEND errors "${doc}:${lineno}: malformed example marker (write <!-- example: NAME --> with NAME of letters, digits and _)")
      elseif(line MATCHES "^```c[ \t]*$")
        math(EXPR count "${count} + 1")
        math(EXPR first "${lineno} + 1")
        set(${prefix}_${count}_line ${first} PARENT_SCOPE)
        set(${prefix}_${count}_name "${marker}" PARENT_SCOPE)
        if(NOT marker STREQUAL "")
          if(marker IN_LIST names)
            list(APPEND errors "${doc}:${marker_line}: example name '${marker}' is used twice")
          endif()
          list(APPEND names "${marker}")
        endif()
        set(marker "")
        set(body "")
        set(state c)
      elseif(line MATCHES "^```")
        set(state other)
      endif()
    elseif(state STREQUAL "c")
      if(line MATCHES "^```[ \t]*$")
        string(REPLACE "${bs}" "\\" body "${body}")
        string(REPLACE "${sc}" ";" body "${body}")
        string(REPLACE "${lb}" "[" body "${body}")
        string(REPLACE "${rb}" "]" body "${body}")
        set(${prefix}_${count}_body "${body}" PARENT_SCOPE)
        set(state out)
      else()
        string(APPEND body "${line}\n")
      endif()
    elseif(line MATCHES "^```[ \t]*$")
      set(state out)
    endif()
  endforeach()
  if(NOT marker STREQUAL "")
    list(APPEND errors "${doc}:${marker_line}: example marker '${marker}' is not directly followed by a line ```c")
  endif()
  if(NOT state STREQUAL "out")
    list(APPEND errors "${doc}: a code block is not closed")
  endif()
  set(${prefix}_count ${count} PARENT_SCOPE)
  set(${prefix}_names "${names}" PARENT_SCOPE)
  set(${prefix}_errors "${errors}" PARENT_SCOPE)
endfunction()

# mdsec_doc_is_program(<code> <out_var>): sets <out_var> to TRUE when the
# code defines main(), i.e. it looks like a whole program.
function(mdsec_doc_is_program code out_var)
  set(result FALSE)
  if("\n${code}" MATCHES "[^A-Za-z0-9_]main[ \t]*\\([^)]*\\)[ \t\n]*{")
    set(result TRUE)
  endif()
  set(${out_var} ${result} PARENT_SCOPE)
endfunction()
