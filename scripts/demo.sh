#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds mdsec for this machine (posix port, BearSSL) and runs the device demo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MDSEC_DEMO_BUILD:-$root/build/demo}
"$root/scripts/install-deps.sh" --demo
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMDSEC_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target mdsec-demo >/dev/null
state=$(mktemp -d "${TMPDIR:-/tmp}/mdsec-demo.XXXXXX")
trap 'rm -rf "$state"' EXIT
# The demo device keeps its flash, counters and root secret here.
MDSEC_STATE_DIR="$state/device" "$build/examples/mdsec-demo" "$@"
