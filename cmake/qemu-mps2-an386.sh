#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The mdsec authors
#
# qemu-mps2-an386.sh [--expect-exit N] IMAGE.elf [ARG...]
#
# Runs a Cortex-M4 test image on QEMU's MPS2 AN386 board and exits with the
# image's own exit status, which the board passes to QEMU through the
# semihosting call SYS_EXIT_EXTENDED (userspace=on: unprivileged code too,
# after an MPU privilege drop). The toolchain file sets this script as
# CMAKE_CROSSCOMPILING_EMULATOR, so ctest runs every target test through it.
#
#  --expect-exit N  succeed (exit 0) only when the image exits with status N,
#                   fail (exit 1) otherwise; for tests that prove that failures
#                   and faults are reported.
#
# The image gets MDSEC_QEMU_TIMEOUT seconds (default 240, below the ctest
# TIMEOUT of 300 that mdsec_add_test sets); then QEMU is stopped and the
# script exits with 124, so a hung image (a lockup, an endless reset loop)
# can never hang ctest. QEMU_SYSTEM_ARM names another qemu-system-arm.
# Arguments after the image are ignored: semihosting passes no argv here.
set -u

expect=
if [ "${1:-}" = "--expect-exit" ]; then
    [ $# -ge 2 ] || { echo "usage: $0 [--expect-exit N] IMAGE.elf" >&2; exit 2; }
    expect=$2
    shift 2
fi
if [ $# -lt 1 ]; then
    echo "usage: $0 [--expect-exit N] IMAGE.elf" >&2
    exit 2
fi
image=$1
[ -f "$image" ] || { echo "$0: no such image: $image" >&2; exit 2; }

qemu=${QEMU_SYSTEM_ARM:-qemu-system-arm}
limit=${MDSEC_QEMU_TIMEOUT:-240}
command -v "$qemu" >/dev/null 2>&1 || { echo "$0: $qemu not found (Debian: apt-get install qemu-system-arm)" >&2; exit 2; }
command -v timeout >/dev/null 2>&1 || { echo "$0: timeout(1) not found (coreutils)" >&2; exit 2; }

# stdin from /dev/null: QEMU must never wait on (or take over) a terminal.
timeout -k 5 "$limit" "$qemu" -M mps2-an386 -nographic \
    -semihosting-config enable=on,target=native,userspace=on \
    -kernel "$image" </dev/null
status=$?

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "$0: $image did not finish within ${limit}s; QEMU stopped" >&2
fi
if [ -n "$expect" ]; then
    if [ "$status" -eq "$expect" ]; then
        echo "$0: $image exited with $status as expected"
        exit 0
    fi
    echo "$0: $image exited with $status, expected $expect" >&2
    exit 1
fi
exit "$status"
