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
  -DMDSEC_PORT=none -DMDSEC_REQUIRE_PORT_SYMBOLS=OFF -DMDSEC_BUILD_TESTS=OFF -DMDSEC_BUILD_EXAMPLES=OFF \
  -DMDSEC_BUILD_BENCH=ON >/dev/null
cmake --build "$out/host" >/dev/null
"$out/host/bench/bench_cbor"
# Firmware verification needs the posix port (keys, counters); same flags.
cmake -S "$root" -B "$out/host-posix" -G Ninja -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_FLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
  -DMDSEC_BUILD_TESTS=OFF -DMDSEC_BUILD_EXAMPLES=OFF -DMDSEC_BUILD_BENCH=ON >/dev/null
cmake --build "$out/host-posix" >/dev/null
export MDSEC_STATE_DIR="$out/state"

echo
echo "== Cortex-M4 footprint of the parser (arm-none-eabi-gcc -Os -mcpu=cortex-m4 -mthumb)"
cm=$out/cortex-m4-parse
rm -rf "$cm" && mkdir -p "$cm"
flags=(-std=c11 -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections
  -fstack-usage -fcallgraph-info=su -I"$root/include" -I"$root/src" -DMDSEC_CRYPTO_BEARSSL=1
  -DMDSEC_NO_BUILD_CONFIG=1)
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

echo
echo "== Crypto providers side by side, host (published inputs; ratio to the fastest)"
"$out/host-posix/bench/bench_crypto"
echo "  references (their own publications, Cortex-M4 at 100 MHz): p256-m verifies P-256 in"
echo "  about 309 ms with 2.9 KB of code; TinyCrypt in 210 ms with 5.9 KB"

echo
echo "== Firmware verification, host (1 MiB fixture, same provider, same run)"
"$out/host-posix/bench/bench_fw" "$root/tests/fixtures/mcuboot/signed-ecdsa-p256-1mib.bin" \
  "$root/tests/fixtures/der/pub-ecdsa-p256.der"

echo
echo "== Keystore, host (posix port in a temporary state directory, same provider, same run)"
"$out/host-posix/bench/bench_keystore"

echo
echo "== Firmware verification on Cortex-M4 (QEMU mps2-an386, -Os): verify path vs crypto floor,"
echo "   the same firmware with each crypto provider"
# Code only: subtract the embedded test image and key (fx_* arrays).
code_size() { # elf
  local total fx
  total=$(arm-none-eabi-size "$1" | awk 'NR==2{print $1+$2}')
  fx=$(arm-none-eabi-nm -S --radix=d "$1" | awk '$4 ~ /^fx_/ {s+=$2} END{print s+0}')
  echo $((total - fx))
}
# The number after "$2 " in the output $1 ("peak stack 1234 B" gives 1234), or -.
figure() { # output, label
  sed -nE "s/.*$2 ([0-9]+) B.*/\1/p" <<<"$1" | head -1 | grep . || echo -
}
declare -a fw_rows=()
for p in bearssl psa; do
  # bearssl in $out/cortex-m4, which the keystore and log sections below use too.
  dir=$out/cortex-m4
  [ "$p" = bearssl ] || dir=$out/cortex-m4-$p
  "$root/scripts/target-test.sh" "$dir" -DCMAKE_BUILD_TYPE=MinSizeRel -DMDSEC_BUILD_BENCH=ON \
    -DMDSEC_ED25519=sodium -DMDSEC_CRYPTO="$p" >"$dir.log" 2>&1 ||
    { echo "target build ($p) failed: see $dir.log"; exit 1; }
  echo "  $p:"
  heap_fl=- heap_vf=-
  for v in floor verify heap; do
    [ -f "$dir/bench/bench_fw_$v.elf" ] || continue
    o=$("$root/cmake/qemu-mps2-an386.sh" "$dir/bench/bench_fw_$v.elf")
    sed 's/^/    /' <<<"$o"
    case $v in
    floor) stack_fl=$(figure "$o" "peak stack") ;;
    verify) stack_vf=$(figure "$o" "peak stack") ;;
    heap)
      heap_fl=$(figure "$(grep '^floor' <<<"$o")" "peak heap")
      heap_vf=$(figure "$(grep '^mdsec_fw_verify' <<<"$o")" "peak heap")
      ;;
    esac
  done
  fl=$(code_size "$dir/bench/bench_fw_floor.elf")
  vf=$(code_size "$dir/bench/bench_fw_verify.elf")
  echo "    flash without the embedded image (board start-up and newlib-nano printf included in both):"
  echo "    floor $fl B, verify $vf B; the verify path adds $((vf - fl)) B" \
    "(ratio $(awk -v a="$vf" -v b="$fl" 'BEGIN{printf "%.3f", a/b}'))"
  fw_rows+=("$(printf '    %-8s %9s %9s %9s %9s %9s %9s' "$p" "$fl" "$vf" "$stack_fl" "$stack_vf" \
    "$heap_fl" "$heap_vf")")
done
echo "  side by side (bytes; flash without the embedded image; heap: the smallest Mbed TLS heap"
echo "  each succeeds in, BearSSL has none):"
printf '    %-8s %9s %9s %9s %9s %9s %9s\n' provider "flash fl" "flash vf" "stack fl" "stack vf" \
  "heap fl" "heap vf"
printf '%s\n' "${fw_rows[@]}"
echo "  references: BearSSL SHA-256 + P-256 verify (i15/m15) ~14 KB; MCUboot's smallest bootloader 13.8 KB"
echo
echo "== Crypto providers on Cortex-M4 (QEMU -icount shift=0: one instruction per virtual ns)"
qemu-system-arm -M mps2-an386 -nographic -icount shift=0 \
  -semihosting-config enable=on,target=native,userspace=on \
  -kernel "$out/cortex-m4/bench/bench_crypto_target.elf" </dev/null
echo "  references: p256-m's 309 ms and TinyCrypt's 210 ms at 100 MHz are about 30.9 M and"
echo "  21.0 M cycles (cycles, not instructions: a like-for-like figure needs a real board)"

echo
echo "== Keystore on Cortex-M4 (QEMU mps2-an386, -Os): sign path vs direct sign"
for v in floor ram flash; do
  "$root/cmake/qemu-mps2-an386.sh" "$out/cortex-m4/bench/bench_keystore_$v.elf"
done
echo "  keystore objects (toolchain file, -Os; text + data, no bss):"
find "$out/cortex-m4/src/CMakeFiles/mdsec.dir/keystore" \( -name '*.c.o' -o -name '*.c.obj' \) |
  sort | xargs arm-none-eabi-size |
  awk 'NR>1{n=$6; sub(/.*\//,"",n); sub(/\.c\.o.*$/,"",n); printf "    %-10s %6d B\n", n, $1+$2; s+=$1+$2}
       END{printf "    %-10s %6d B\n", "total", s}'
# Static RAM without the board's RAM-emulated flash regions (mps2_* arrays).
ram_size() { # elf
  local total sim
  total=$(arm-none-eabi-size "$1" | awk 'NR==2{print $2+$3}')
  sim=$(arm-none-eabi-nm -S --radix=d "$1" |
    awk '$4 ~ /^mps2_(keystore|log|user)$/ {s+=$2} END{print s+0}')
  echo $((total - sim))
}
kf=$(code_size "$out/cortex-m4/bench/bench_keystore_floor.elf")
kr=$(code_size "$out/cortex-m4/bench/bench_keystore_ram.elf")
kp=$(code_size "$out/cortex-m4/bench/bench_keystore_flash.elf")
echo "  flash of the images (board start-up and newlib-nano printf included in all):"
echo "    direct sign $kf B; keystore, RAM key $kr B (+$((kr - kf)) B);" \
  "keystore, flash key $kp B (+$((kp - kf)) B)"
rf=$(ram_size "$out/cortex-m4/bench/bench_keystore_floor.elf")
rr=$(ram_size "$out/cortex-m4/bench/bench_keystore_ram.elf")
echo "  static RAM (data + bss, without the board's emulated flash): direct sign $rf B," \
  "keystore $rr B (+$((rr - rf)) B, mostly the static mdsec_ks_ctx_t)"
ks=$out/cortex-m4-keystore
rm -rf "$ks" && mkdir -p "$ks"
for f in "$root"/src/keystore/*.c; do
  (cd "$ks" && arm-none-eabi-gcc -std=c11 -Os -DNDEBUG -mcpu=cortex-m4 -mthumb -mfloat-abi=soft \
    -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su -I"$root/include" \
    -I"$root/src" -DMDSEC_CRYPTO_BEARSSL=1 -DMDSEC_NO_BUILD_CONFIG=1 -c "$f" -o "$(basename "${f%.c}").o")
done
echo "  keystore's own worst-case stack (-fstack-usage call graph; provider, BearSSL and port"
echo "  calls count 0 here, the QEMU peaks above include them; external-backend calls not followed):"
python3 "$root/bench/stack_usage.py" "$ks" mdsec_ks_sign_digest mdsec_ks_verify_digest \
  mdsec_ks_import mdsec_ks_init | sed 's/^/  /'

echo
echo "== Security log, host (posix port in a temporary state directory, same run)"
"$out/host-posix/bench/bench_log" overhead
echo
"$out/host-posix/bench/bench_log" durable
echo
"$out/host-posix/bench/bench_log" ram 200
if command -v valgrind >/dev/null 2>&1; then
  echo
  echo "  instructions (callgrind Ir, user space only: the kernel's pwrite/fdatasync not counted):"
  cg=$out/callgrind-log
  rm -rf "$cg" && mkdir -p "$cg"
  for e in 16 1; do
    valgrind --tool=callgrind --callgrind-out-file="$cg/cg.$e" \
      "$out/host-posix/bench/bench_log" callgrind 256 "$e" >"$cg/log.$e" 2>&1 ||
      { echo "  callgrind run failed: see $cg/log.$e"; continue; }
    a=$(awk '/^totals:/{print $2}' "$cg/cg.$e.1")
    h=$(awk '/^totals:/{print $2}' "$cg/cg.$e.2")
    awk -v a="$a" -v h="$h" -v e="$e" 'BEGIN{printf "    evolve_every %-2s  Ir/append %7.0f  Ir/HMAC-SHA256(138 B) %6.0f  ratio %.2f\n", e, a/256, h/256, a/h}'
    # Inclusive cost of the main parts of an append, per append.
    callgrind_annotate --inclusive=yes --threshold=100 "$cg/cg.$e.1" 2>/dev/null | awk '
      function ir(s) { gsub(/,/, "", s); return s / 256 }
      / [^ ]*:mdsec__log_record_encode /          { enc = ir($1) }
      / [^ ]*:mdsec_[a-z]+_hmac_sha256 /   { mac = ir($1) }
      / [^ ]*:mdsec__log_key_evolve /             { ev = ir($1) }
      / [^ ]*:mdsec__log_st_key_store /           { ks = ir($1) }
      / [^ ]*:mdsec__log_st_start_sector /        { ss = ir($1) }
      / [^ ]*:mdsec_port_storage_program / { pp = ir($1) }
      END { printf "      of which record encode %.0f (its MAC %.0f, chain SHA-256 and fields %.0f),\n" \
              "      key evolution %.0f, key-state stores %.0f, sector starts %.0f,\n" \
              "      posix port programs (user space, without the kernel) %.0f\n",
              enc, mac - ev, enc - (mac - ev), ev, ks, ss, pp }'
  done
else
  echo "  (valgrind not found: instructions per append skipped)"
fi

echo
echo "== Security log on Cortex-M4 (QEMU mps2-an386, -Os): appends vs one record MAC"
for v in floor append; do
  "$root/cmake/qemu-mps2-an386.sh" "$out/cortex-m4/bench/bench_log_$v.elf"
done
echo "  (QEMU runs instructions without a timing model: rates are of the emulation on this host,"
echo "   not of a Cortex-M4; the reference FlashDB figures below are hardware)"
echo "  reference (FlashDB time-series log, from the issue): 250 appends/s on SPI NOR," \
  "2,684/s on STM32F2 internal flash"
lf=$(code_size "$out/cortex-m4/bench/bench_log_floor.elf")
la=$(code_size "$out/cortex-m4/bench/bench_log_append.elf")
echo "  flash of the images (board start-up and newlib-nano printf in both; the append image adds"
echo "  the keystore, ECDSA P-256 signing for checkpoints, ChaCha20-Poly1305 and HKDF for the key state):"
echo "    HMAC floor $lf B; keystore + log $la B (+$((la - lf)) B)"
echo "  log objects (toolchain file, -Os; text + data, no bss):"
find "$out/cortex-m4/src/CMakeFiles/mdsec.dir/log" \( -name '*.c.o' -o -name '*.c.obj' \) |
  sort | xargs arm-none-eabi-size |
  awk 'NR>1{n=$6; sub(/.*\//,"",n); sub(/\.c\.o.*$/,"",n); printf "    %-12s %6d B\n", n, $1+$2; s+=$1+$2}
       END{printf "    %-12s %6d B\n", "total", s}'
lg=$out/cortex-m4-log
rm -rf "$lg" && mkdir -p "$lg"
for f in "$root"/src/log/*.c; do
  (cd "$lg" && arm-none-eabi-gcc -std=c11 -Os -DNDEBUG -mcpu=cortex-m4 -mthumb -mfloat-abi=soft \
    -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su -I"$root/include" \
    -I"$root/src" -DMDSEC_CRYPTO_BEARSSL=1 -DMDSEC_NO_BUILD_CONFIG=1 -c "$f" -o "$(basename "${f%.c}").o")
done
echo "  log's own worst-case stack (-fstack-usage call graph; provider, keystore, BearSSL and port"
echo "  calls count 0 here, the QEMU peaks above include them):"
python3 "$root/bench/stack_usage.py" "$lg" mdsec_log_append mdsec_log_open mdsec_log_format \
  mdsec_log_checkpoint mdsec_log_verify_export | sed 's/^/  /'
