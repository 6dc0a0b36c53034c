# SPDX-License-Identifier: Apache-2.0
# cmake -DFILE=CHANGELOG.md -DVERSION=x.y.z -P check_changelog.cmake
file(READ "${FILE}" _text)
string(REPLACE "." "\\." _v "${VERSION}")
if(NOT _text MATCHES "\n## \\[${_v}\\] - [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\n")
  message(FATAL_ERROR "${FILE} has no dated section '## [${VERSION}] - YYYY-MM-DD' for the version the build reports")
endif()
