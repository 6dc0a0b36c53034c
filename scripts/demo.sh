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
cmake --build "$build" --target mdsec-demo mdsec-log >/dev/null
# The demo device keeps its flash, counters and root secret in one directory
# that survives between runs, so a second run shows the keys (and the log)
# persisting across "reboots". --fresh starts from a new, empty device.
# The hospital's side (the log's verifier bundle, the gateway's witness and
# the last export) is kept beside it, in its own directory.
state="$build/device"
hospital="$build/hospital"
if [ "${1:-}" = "--fresh" ]; then
  shift
  rm -rf "$state" "$hospital"
fi
mkdir -p "$state"
MDSEC_STATE_DIR="$state" MDSEC_DEMO_HOSPITAL_DIR="$hospital" "$build/examples/mdsec-demo" "$@"
echo
echo "check the device's log yourself, as the hospital would:"
echo "  $build/tools/mdsec-log/mdsec-log verify --bundle $hospital/log-bundle.bin \\"
echo "    --witness $hospital/witness.bin --require-sealed $hospital/export.bin"
