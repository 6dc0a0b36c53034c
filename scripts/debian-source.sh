#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The mdsec authors
#
# debian-source.sh PKG DESTDIR
#
# Makes sure Debian's source package PKG is unpacked under DESTDIR and prints
# the path of the unpacked tree (one line on stdout). Used by
# cmake/MdsecCrossDeps.cmake to build BearSSL and cmocka for Cortex-M.
#
#  - If DESTDIR already holds an unpacked PKG it prints the path and does
#    nothing else (idempotent, quiet, no network).
#  - Otherwise it makes sure apt knows a deb-src entry: when none exists it
#    copies the machine's own Debian source list
#    (/etc/apt/sources.list.d/debian.sources, deb822 format) with
#    "Types: deb-src" into /etc/apt/sources.list.d/mdsec-deb-src.sources
#    (no host name is hard-coded; the mirror is whatever the machine uses),
#    runs apt-get update, then `apt-get source PKG` in DESTDIR.
#
# Needs dpkg-dev (dpkg-source) and, only when the deb-src entry has to be
# added, root (or sudo). DESTDIR must be outside the git tree: nothing
# fetched here is ever committed.
#
# Exit status: 0 on success, 1 on failure (reason on stderr), 2 on usage.
set -eu

usage() {
    echo "usage: $0 PKG DESTDIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
pkg=$1
dest=$2
case $pkg in
'' | *[!a-z0-9.+-]*) echo "debian-source.sh: bad package name '$pkg'" >&2; exit 2 ;;
esac

deb822_src=/etc/apt/sources.list.d/debian.sources
legacy_src=/etc/apt/sources.list
our_src=/etc/apt/sources.list.d/mdsec-deb-src.sources
our_legacy=/etc/apt/sources.list.d/mdsec-deb-src.list

die() {
    echo "debian-source.sh: $*" >&2
    exit 1
}

# Prints the unpacked source tree of $pkg under $dest, if there is one.
find_tree() {
    for d in "$dest/$pkg"-*/; do
        [ -f "${d}debian/control" ] || continue
        if grep -q "^Source: *$pkg\$" "${d}debian/control"; then
            printf '%s\n' "${d%/}"
            return 0
        fi
    done
    return 1
}

mkdir -p "$dest" || die "cannot create $dest"
dest=$(cd "$dest" && pwd)

# Refuse to fetch into a git work tree.
if command -v git >/dev/null 2>&1 && git -C "$dest" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    die "$dest is inside a git work tree; fetched sources must stay outside the repository"
fi

# Serialise concurrent configures that share DESTDIR.
if command -v flock >/dev/null 2>&1 && [ -z "${MDSEC_DEBSRC_LOCKED:-}" ]; then
    MDSEC_DEBSRC_LOCKED=1 exec flock "$dest/.debian-source.lock" "$0" "$@"
fi

if find_tree; then
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found (a Debian-based host is needed to fetch $pkg)"
command -v dpkg-source >/dev/null 2>&1 || die "dpkg-source not found (apt-get install dpkg-dev)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        die "need root to run: $*"
    fi
}

has_source_record() {
    apt-cache showsrc "$pkg" >/dev/null 2>&1 && [ -n "$(apt-cache showsrc "$pkg" 2>/dev/null)" ]
}

if ! has_source_record; then
    if [ ! -f "$our_src" ] && [ ! -f "$our_legacy" ]; then
        tmp=$(mktemp)
        if [ -f "$deb822_src" ]; then
            # Same stanzas, but deb-src instead of deb; a stanza that already
            # lists deb-src is left as it is.
            sed -e 's/^Types:.*$/Types: deb-src/' "$deb822_src" >"$tmp"
            target=$our_src
        elif [ -f "$legacy_src" ] && grep -q '^deb ' "$legacy_src"; then
            grep '^deb ' "$legacy_src" | sed -e 's/^deb /deb-src /' >"$tmp"
            target=$our_legacy
        else
            rm -f "$tmp"
            die "no Debian apt source found ($deb822_src or $legacy_src) to derive a deb-src entry from"
        fi
        chmod 644 "$tmp"
        as_root cp "$tmp" "$target" || { rm -f "$tmp"; die "cannot write $target"; }
        rm -f "$tmp"
    fi
    if ! as_root apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2
        die "apt-get update failed"
    fi
    has_source_record || die "apt has no source package '$pkg' even with deb-src enabled"
fi

if ! (cd "$dest" && apt-get source -qq "$pkg") >"$log" 2>&1; then
    cat "$log" >&2
    die "apt-get source $pkg failed"
fi
find_tree || die "apt-get source $pkg did not leave an unpacked tree in $dest"
