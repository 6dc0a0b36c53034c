#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The mdsec authors
#
# check-symbols.sh NM LIB...
#
# Checks that every external symbol the given static libraries or object
# files define starts with mdsec_, so that linking mdsec into firmware
# cannot clash with the names of an RTOS, an SDK or the application. Code,
# data, bss, read-only data, common and weak definitions all count;
# undefined references and local (static) symbols do not. NM is the nm of
# the toolchain that built LIB (nm, arm-none-eabi-nm, llvm-nm).
#
# A few names are fixed by an outside interface and cannot carry the prefix:
# the system-call stubs newlib calls, _init/_fini of its start-up, the
# Cortex-M exception handlers the vector table and the linker script's
# ENTRY() name, and the FreeRTOS kernel's application hooks. A board library
# defines them; they are accepted (see `abi_names` below). So is
# mbedtls_psa_external_get_random, the random generator Mbed TLS's PSA core
# calls by that name (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG), which mdsec's Mbed TLS
# hooks (ports/baremetal/mbedtls/mdsec_mbedtls_platform.c) define.
#
# Prints each offending symbol with the object file that defines it,
#   libmdsec.a[ks_blob.c.o]: ks_blob_open (T)
# then their count.
#
# Exit status: 0 when every symbol is prefixed, 1 when some are not, 2 on a
# usage error or when NM cannot read a file.
set -eu

usage() {
    echo "usage: $0 NM LIB..." >&2
    exit 2
}

[ $# -ge 2 ] || usage
nm=$1
shift
for f in "$@"; do
    [ -f "$f" ] || { echo "check-symbols.sh: $f: no such file" >&2; exit 2; }
done

abi_names="
_close _exit _fstat _getpid _isatty _kill _lseek _open _read _sbrk _write
_init _fini
Reset_Handler NMI_Handler HardFault_Handler MemManage_Handler BusFault_Handler
UsageFault_Handler SVC_Handler DebugMon_Handler PendSV_Handler SysTick_Handler
vApplicationGetIdleTaskMemory vApplicationGetTimerTaskMemory
mbedtls_psa_external_get_random
"

# POSIX output format (-P) with the file name (-A):
#   lib.a[member.o]: name T value size     (GNU nm, llvm-nm)
#   file.o: name T value size
out=$("$nm" -A -P -g --defined-only "$@") || {
    echo "check-symbols.sh: $nm failed on: $*" >&2
    exit 2
}

abi_line=$(printf '%s' "$abi_names" | tr '\n' ' ')
bad=$(printf '%s\n' "$out" | awk -v abi="$abi_line" '
    BEGIN { n = split(abi, a, " "); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
    {
        # The file name is what comes before ": NAME TYPE ".
        p = match($0, /: [^ ]+ [A-Za-z] /)
        if (!p) next
        file = substr($0, 1, p - 1)
        split(substr($0, p + 2), f, " ")
        name = f[1]; type = f[2]
        if (type == "U" || type == "w" || type == "v") next
        if (index(name, "mdsec_") == 1 || (name in ok)) next
        printf "%s: %s (%s)\n", file, name, type
    }')

if [ -n "$bad" ]; then
    printf '%s\n' "$bad"
    n=$(printf '%s\n' "$bad" | wc -l | tr -d ' ')
    echo "check-symbols.sh: $n external symbol(s) without the mdsec_ prefix" >&2
    exit 1
fi
echo "check-symbols.sh: every external symbol starts with mdsec_ ($# file(s))"
exit 0
