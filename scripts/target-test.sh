#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The mdsec authors
#
# target-test.sh BUILD_DIR [CMAKE_ARG...]
#
# Cortex-M4 target check, as CI runs it: configures mdsec in BUILD_DIR with
# the arm-none-eabi toolchain, the QEMU test board (which needs
# MDSEC_INSECURE_TEST_ENTROPY=ON) and warnings as errors, builds it, runs
# every test under QEMU mps2-an386 with ctest, and prints the flash/RAM size
# report. Extra arguments go to the cmake configure step (for example
# -DMDSEC_BEARSSL_SOURCE_DIR=... to use an already unpacked BearSSL).
#
# The target's dependencies (BearSSL, cmocka) are read from
# MDSEC_TARGET_DEPS_DIR (environment; default build/target-deps), which
# `scripts/install-deps.sh --target` fills. This script fetches nothing.
#
# Exit status: ctest's (0 when every target test passed), or the status of
# the configure or build step that failed.
set -eu

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: $0 BUILD_DIR [CMAKE_ARG...]" >&2
    [ $# -ge 1 ] && exit 0
    exit 2
fi
build=$1
shift
src=$(cd "$(dirname "$0")/.." && pwd)

gen=
if command -v ninja >/dev/null 2>&1; then
    gen="-G Ninja"
fi
jobs=$(nproc 2>/dev/null || echo 2)

deps=${MDSEC_TARGET_DEPS_DIR:-$src/build/target-deps}

echo "== configure ($build)"
# shellcheck disable=SC2086 # $gen is empty or two words on purpose
cmake -S "$src" -B "$build" $gen \
    -DCMAKE_TOOLCHAIN_FILE="$src/cmake/toolchains/arm-none-eabi.cmake" \
    -DMDSEC_INSECURE_TEST_ENTROPY=ON \
    -DMDSEC_WERROR=ON \
    -DMDSEC_TARGET_DEPS_DIR="$deps" \
    "$@"

echo "== build"
cmake --build "$build" --parallel "$jobs"

echo "== test on QEMU mps2-an386"
status=0
ctest --test-dir "$build" --output-on-failure --parallel "$jobs" -L target || status=$?

echo "== size"
cmake --build "$build" --target mdsec_size || { [ "$status" -ne 0 ] || status=1; }

exit "$status"
