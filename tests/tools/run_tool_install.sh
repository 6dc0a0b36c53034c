#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The package installs the host tools and their man pages (MDSEC_INSTALL).
#
#   run_tool_install.sh CMAKE BUILDDIR PREFIX BINDIR MANDIR
#
# Installs BUILDDIR into PREFIX and checks each tool in PREFIX/BINDIR (it
# runs) and its man page in PREFIX/MANDIR/man1.
set -u

cmake=$1
build=$2
prefix=$3
bindir=$4
mandir=$5
work=$prefix.work

rm -rf "$prefix" "$work"
mkdir -p "$work"
. "$(dirname "$0")/tap.sh"

expect 0 "cmake --install" -- "$cmake" --install "$build" --prefix "$prefix"
for t in mdsec-fw mdsec-keys mdsec-log; do
    if [ -e "$build/tools/$t/$t" ]; then
        check "$t installed in $bindir" test -x "$prefix/$bindir/$t"
        expect 0 "  the installed $t runs" "$t " -- "$prefix/$bindir/$t" --version
        check "  $t.1 installed in $mandir/man1" test -s "$prefix/$mandir/man1/$t.1"
        check "  the same man page as the source's" cmp -s "$prefix/$mandir/man1/$t.1" \
            "$(dirname "$0")/../../tools/$t/$t.1"
    fi
done

echo "1..$n"
tap_finish
