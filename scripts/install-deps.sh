#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The one script that touches the system or the network for mdsec. Configure
# and build never do: they only read what this script (or you) put in place.
#
#   scripts/install-deps.sh                 # Debian 12 packages the tests need
#   scripts/install-deps.sh --demo          # only what the demo needs
#   scripts/install-deps.sh --target [DIR]  # also fetch the Cortex-M sources
#
# Packages: installs only what is missing (quick to run again); needs root or
# sudo when something is missing.
#
# --target fetches Debian's source packages of the dependencies that a
# Cortex-M build compiles for the target (BearSSL and Mbed TLS, the crypto
# providers; libsodium, for Ed25519; cmocka, the unit-test framework) with `apt-get source`, unpacked into DIR
# (default: build/target-deps in this checkout, which git ignores), and
# leaves a stable link per package (DIR/bearssl, DIR/cmocka, DIR/mbedtls,
# DIR/libsodium). It then prints
# the one configure option that finds them:
#
#   -DMDSEC_TARGET_DEPS_DIR=DIR
#
# When apt knows no deb-src entry, this script derives one from the
# machine's own Debian source list (no host name is hard-coded: the mirror is
# whatever the machine already uses), writes it to
# /etc/apt/sources.list.d/mdsec-deb-src.sources (or .list) and runs
# apt-get update, saying so. Run it again at any time: a package that is
# already unpacked in DIR is not fetched again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

demo_pkgs=(cmake ninja-build gcc pkg-config libbearssl-dev libseccomp-dev libcap-ng-dev)
test_pkgs=("${demo_pkgs[@]}" clang clang-tidy clang-format cppcheck libclang-rt-14-dev
  libtomcrypt-dev libcmocka-dev doxygen gcc-arm-none-eabi libnewlib-arm-none-eabi
  qemu-system-arm dpkg-dev libseccomp-dev libcap-ng-dev softhsm2 libp11-kit-dev libcbor-dev valgrind python3
  libmbedtls-dev libsodium-dev)
# Debian source packages a Cortex-M build compiles for the target.
target_srcs=(bearssl cmocka mbedtls libsodium)

usage() {
  echo "usage: $0 [--demo | --target [DIR]]" >&2
  exit 2
}

mode=test
target_dir=
case "${1:-}" in
'') ;;
--demo) mode=demo; [ $# -eq 1 ] || usage ;;
--target)
  mode=target
  [ $# -le 2 ] || usage
  target_dir=${2:-$root/build/target-deps}
  ;;
-h | --help) sed -n '3,27p' "$0"; exit 0 ;;
*) usage ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-deps: need root or sudo to run: $*" >&2
    exit 2
  fi
}

pkgs=("${test_pkgs[@]}")
[ "$mode" = demo ] && pkgs=("${demo_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "$mode" = target ] || exit 0

# ---- --target: Debian source packages for the Cortex-M build ---------------
die() {
  echo "install-deps: $*" >&2
  exit 1
}

mkdir -p "$target_dir" || die "cannot create $target_dir"
target_dir=$(cd "$target_dir" && pwd)
# Fetched code must never be committed: refuse a directory git would track.
if git -C "$target_dir" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
  ! git -C "$target_dir" check-ignore -q "$target_dir"; then
  die "$target_dir is inside a git work tree and not ignored; choose a directory git ignores or one outside the repository"
fi

# Prints the unpacked tree of source package $1 under $target_dir, if any.
find_tree() {
  local d
  for d in "$target_dir/$1"-*/; do
    [ -f "${d}debian/control" ] || continue
    if grep -q "^Source: *$1\$" "${d}debian/control"; then
      printf '%s\n' "${d%/}"
      return 0
    fi
  done
  return 1
}

has_source_record() {
  [ -n "$(apt-cache showsrc "$1" 2>/dev/null)" ]
}

# Adds a deb-src entry derived from the machine's own apt source, once.
enable_deb_src() {
  local deb822=/etc/apt/sources.list.d/debian.sources legacy=/etc/apt/sources.list
  local ours=/etc/apt/sources.list.d/mdsec-deb-src.sources ours_legacy=/etc/apt/sources.list.d/mdsec-deb-src.list
  local tmp target
  if [ ! -f "$ours" ] && [ ! -f "$ours_legacy" ]; then
    tmp=$(mktemp)
    if [ -f "$deb822" ]; then
      sed -e 's/^Types:.*$/Types: deb-src/' "$deb822" >"$tmp"
      target=$ours
    elif [ -f "$legacy" ] && grep -q '^deb ' "$legacy"; then
      grep '^deb ' "$legacy" | sed -e 's/^deb /deb-src /' >"$tmp"
      target=$ours_legacy
    else
      rm -f "$tmp"
      die "no Debian apt source ($deb822 or $legacy) to derive a deb-src entry from"
    fi
    chmod 644 "$tmp"
    echo "install-deps: adding deb-src entries derived from the machine's apt source: $target"
    as_root cp "$tmp" "$target"
    rm -f "$tmp"
  fi
  echo "install-deps: apt-get update (for the source package lists)"
  as_root apt-get update -qq
}

deb_src_checked=0
for p in "${target_srcs[@]}"; do
  if ! tree=$(find_tree "$p"); then
    if ! has_source_record "$p" && [ "$deb_src_checked" -eq 0 ]; then
      enable_deb_src
      deb_src_checked=1
    fi
    has_source_record "$p" || die "apt has no source package '$p' even with deb-src enabled"
    echo "install-deps: apt-get source $p into $target_dir"
    (cd "$target_dir" && apt-get source -qq "$p" >/dev/null) || die "apt-get source $p failed"
    tree=$(find_tree "$p") || die "apt-get source $p left no unpacked tree in $target_dir"
  fi
  ln -sfn "${tree##*/}" "$target_dir/$p"
  echo "install-deps: $p: $tree"
done
echo "install-deps: configure Cortex-M builds with -DMDSEC_TARGET_DEPS_DIR=$target_dir"
