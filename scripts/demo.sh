#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds mdsec for this machine (posix port, BearSSL) and runs the device demo.
#   scripts/demo.sh           # run the demo device (state kept in build/demo/device)
#   scripts/demo.sh --fresh   # the same, on a brand-new device
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MDSEC_DEMO_BUILD:-$root/build/demo}
"$root/scripts/install-deps.sh" --demo
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMDSEC_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target mdsec-demo >/dev/null
# The demo device keeps its flash, counters and root secret in one directory
# that survives between runs, so a second run shows the keys (and the log)
# persisting across "reboots". --fresh starts from a new, empty device.
state="$build/device"
if [ "${1:-}" = "--fresh" ]; then
  shift
  rm -rf "$state"
fi
mkdir -p "$state"
MDSEC_STATE_DIR="$state" "$build/examples/mdsec-demo" "$@"
