#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs mdsec's benchmarks and prints each figure beside its reference, as a
# ratio. Not a test: nothing here passes or fails on a number.
#
#   bench/run.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/bench}
mkdir -p "$out"

echo "== Host throughput (gcc, Debian package build flags: $(dpkg-buildflags --get CFLAGS))"
cmake -S "$root" -B "$out/host" -G Ninja -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_FLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
  -DMDSEC_PORT=none -DMDSEC_BUILD_TESTS=OFF -DMDSEC_BUILD_EXAMPLES=OFF -DMDSEC_BUILD_BENCH=ON >/dev/null
cmake --build "$out/host" >/dev/null
"$out/host/bench/bench_cbor"

echo
echo "== Cortex-M4 footprint of the parser (arm-none-eabi-gcc -Os -mcpu=cortex-m4 -mthumb)"
cm=$out/cortex-m4-parse
rm -rf "$cm" && mkdir -p "$cm"
flags=(-std=c11 -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections
  -fstack-usage -fcallgraph-info=su -I"$root/include" -I"$root/src" -DMDSEC_CRYPTO_BEARSSL=1)
for f in "$root"/src/parse/*.c; do
  (cd "$cm" && arm-none-eabi-gcc "${flags[@]}" -c "$f" -o "$(basename "${f%.c}").o")
done
# Link-time size of what a firmware pulls in for each entry point (dead code dropped).
link_size() { # entry
  arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -nostartfiles --specs=nano.specs \
    -Wl,--gc-sections -Wl,--entry="$1" -Wl,--undefined="$1" "$cm"/*.o -o "$cm/$1.elf" 2>/dev/null
  arm-none-eabi-size -A "$cm/$1.elf" | awk '$1==".text"||$1==".rodata"{s+=$2} END{print s}'
}
printf '  %-34s %6s bytes\n' "CBOR decoder (mdsec_cbor_check)" "$(link_size mdsec_cbor_check)"
printf '  %-34s %6s bytes\n' "CBOR + schema (mdsec_schema_decode)" "$(link_size mdsec_schema_decode)"
printf '  %-34s %6s bytes\n' "DER keys (mdsec_der_parse_spki)" "$(link_size mdsec_der_parse_spki)"
printf '  %-34s %6s bytes\n' "TLV iterator (mdsec_tlv_next)" "$(link_size mdsec_tlv_next)"
echo "  (.text + .rodata, including newlib-nano memset/memcpy where used;"
echo "   reference: QCBOR's smallest decode-only build is about 4 KB)"
printf '  %-34s %6s bytes\n' "whole parse module (all objects)" \
  "$(arm-none-eabi-size -t "$cm"/*.o | awk 'END{print $1+$2}')"
echo
echo "== Worst-case stack on Cortex-M4 (-fstack-usage call graph)"
python3 "$root/bench/stack_usage.py" "$cm" mdsec_cbor_check mdsec_schema_decode \
  mdsec_der_parse_spki mdsec_der_parse_ec_privkey mdsec_der_check mdsec_tlv_next
