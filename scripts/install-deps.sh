#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages mdsec needs. Installs only what is missing,
# so it is quick to run again. Needs root (or sudo).
#   scripts/install-deps.sh           # everything the tests need
#   scripts/install-deps.sh --demo    # only what the demo needs
set -euo pipefail

demo_pkgs=(cmake ninja-build gcc pkg-config libbearssl-dev libseccomp-dev libcap-ng-dev)
test_pkgs=("${demo_pkgs[@]}" clang clang-tidy clang-format cppcheck libclang-rt-14-dev
  libtomcrypt-dev libcmocka-dev doxygen gcc-arm-none-eabi libnewlib-arm-none-eabi
  qemu-system-arm dpkg-dev libseccomp-dev libcap-ng-dev softhsm2 libp11-kit-dev libcbor-dev valgrind python3)

pkgs=("${test_pkgs[@]}")
if [ "${1:-}" = "--demo" ]; then
  pkgs=("${demo_pkgs[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
