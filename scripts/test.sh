#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every mdsec test and check. This is what CI runs (.ci/run).
#
#   scripts/test.sh            # everything
#   scripts/test.sh host       # only the named stages (see the list below)
#
# Stages: gcc tomcrypt psa clang asan fuzz analyzer cppcheck tidy target target-psa freertos doxygen format
# MDSEC_FUZZ_SECONDS sets how long each fuzz target runs (default 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${MDSEC_TEST_BUILD:-$root/build/test}
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$out"

all_stages=(gcc tomcrypt psa clang asan fuzz analyzer cppcheck tidy target target-psa freertos doxygen format)
if [ $# -gt 0 ]; then stages=("$@"); else stages=("${all_stages[@]}"); fi

# Debian packages, and (for the Cortex-M stages) Debian's sources of the
# target's dependencies: the only step that uses the network or the system.
need_target=0
for s in "${stages[@]}"; do
  case $s in target | target-psa | freertos) need_target=1 ;; esac
done
if [ "$need_target" -eq 1 ]; then
  "$root/scripts/install-deps.sh" --target "${MDSEC_TARGET_DEPS_DIR:-$root/build/target-deps}"
else
  "$root/scripts/install-deps.sh"
fi
export MDSEC_TARGET_DEPS_DIR=${MDSEC_TARGET_DEPS_DIR:-$root/build/target-deps}

passed=0
failed=0
declare -a summary=()

# Adds the counts of the last ctest summary line in log $1 to the totals.
count_ctest_log() {
  local line total bad
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -1 || true)
  if [ -n "$line" ]; then
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  fi
}

# Runs ctest in $1 and adds its counts to the totals.
run_ctest() {
  local dir=$1 log rc
  log="$dir/ctest.log"
  set +e
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  count_ctest_log "$log"
  return "$rc"
}

configure_build() { # dir, extra cmake args...
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -G Ninja -DMDSEC_WERROR=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j "$jobs"
}

stage_gcc() { configure_build "$out/gcc" -DCMAKE_C_COMPILER=gcc && run_ctest "$out/gcc"; }
# (The libtomcrypt build also checks a library without Ed25519; the Cortex-M build one with it.)
stage_tomcrypt() { configure_build "$out/tomcrypt" -DCMAKE_C_COMPILER=gcc -DMDSEC_CRYPTO=tomcrypt -DMDSEC_ED25519=none && run_ctest "$out/tomcrypt"; }
stage_clang() { configure_build "$out/clang" -DCMAKE_C_COMPILER=clang && run_ctest "$out/clang"; }
stage_asan() {
  configure_build "$out/asan" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    -DMDSEC_SANITIZE=address,undefined &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      run_ctest "$out/asan"
}
stage_psa() {
  # The psa provider (the PSA Crypto API, from Mbed TLS): gcc, every host
  # test, then the firmware-image fuzz target on it for MDSEC_FUZZ_SECONDS.
  local dir=$out/psa-fuzz
  configure_build "$out/psa" -DCMAKE_C_COMPILER=gcc -DMDSEC_CRYPTO=psa && run_ctest "$out/psa" || return 1
  configure_fuzz "$dir" -DMDSEC_CRYPTO=psa || return 1
  cmake --build "$dir" -j "$jobs" --target fuzz_fw_image && run_fuzzer "$dir" "$dir/fuzz/fuzz_fw_image"
}
configure_fuzz() { # dir, extra cmake args...: libFuzzer targets under ASan+UBSan
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -G Ninja -DMDSEC_WERROR=ON -DCMAKE_C_COMPILER=clang \
    -DMDSEC_BUILD_TESTS=OFF -DMDSEC_BUILD_EXAMPLES=OFF -DMDSEC_BUILD_FUZZ=ON \
    -DMDSEC_SANITIZE=address,undefined -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" "$@" \
    >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
}
run_fuzzer() { # build dir, fuzz target: runs it MDSEC_FUZZ_SECONDS from a copy of its seed corpus
  local dir=$1 t=$2 secs=${MDSEC_FUZZ_SECONDS:-60} name
  name=${t##*/fuzz_}
  rm -rf "$dir/corpus-$name" && mkdir -p "$dir/corpus-$name"
  cp "$root/fuzz/corpus/$name"/* "$dir/corpus-$name"/
  if ! (cd "$dir" && "$t" "$dir/corpus-$name" -max_total_time="$secs" -print_final_stats=1 \
    >"$dir/fuzz-$name.log" 2>&1); then
    tail -40 "$dir/fuzz-$name.log"
    echo "fuzz: $name FAILED (crash input saved in $dir)"
    failed=$((failed + 1))
    return 1
  fi
  echo "fuzz: $name ok, $(grep -o 'number_of_executed_units: [0-9]*' "$dir/fuzz-$name.log" | awk '{print $2}') executions in ${secs}s"
  passed=$((passed + 1))
}
stage_fuzz() {
  # Every libFuzzer target, under ASan+UBSan, from a copy of its seed corpus.
  local dir=$out/fuzz t
  configure_fuzz "$dir" && cmake --build "$dir" -j "$jobs" || return 1
  for t in "$dir"/fuzz/fuzz_*; do
    run_fuzzer "$dir" "$t" || return 1
  done
}
stage_analyzer() {
  # gcc's static analyzer over the library (src/ and the host port).
  configure_build "$out/analyzer" -DCMAKE_C_COMPILER=gcc -DMDSEC_BUILD_TESTS=OFF \
    -DMDSEC_BUILD_EXAMPLES=OFF -DCMAKE_C_FLAGS="-fanalyzer"
}
stage_cppcheck() {
  cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,style,performance,portability \
    --inline-suppr --suppress=missingIncludeSystem --suppress=unusedFunction \
    -I "$root/include" -I "$root/src" -DMDSEC_CRYPTO_BEARSSL=1 \
    "$root/src" "$root/ports/posix" "$root/ports/template"
}
stage_tidy() {
  [ -f "$out/gcc/compile_commands.json" ] || configure_build "$out/gcc" -DCMAKE_C_COMPILER=gcc
  local files
  files=$(cd "$root" && git ls-files 'src/*.c' 'ports/posix/*.c')
  (cd "$root" && clang-tidy --quiet -p "$out/gcc" --warnings-as-errors='*' $files)
}
run_target() { # build dir, extra cmake args...: scripts/target-test.sh, counted
  local dir=$1 log=$1.log rc
  shift
  set +e
  "$root/scripts/target-test.sh" "$dir" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  count_ctest_log "$log"
  return "$rc"
}
# Cross build, every portable test under QEMU mps2-an386, and the size report.
stage_target() { run_target "$out/cortex-m4" -DMDSEC_ED25519=sodium; }
# The same with the psa provider (Mbed TLS built for the target).
stage_target-psa() { run_target "$out/cortex-m4-psa" -DMDSEC_CRYPTO=psa -DMDSEC_ED25519=sodium; }
stage_freertos() {
  # A user's FREERTOS_KERNEL_PATH wins; otherwise the pinned kernel tree that
  # sits beside this checkout (../shared/third_party/FreeRTOS-Kernel), if any.
  local kernel=${FREERTOS_KERNEL_PATH:-}
  local pinned=$root/../shared/third_party/FreeRTOS-Kernel
  if [ -z "$kernel" ] && [ -f "$pinned/tasks.c" ]; then
    kernel=$(cd "$pinned" && pwd)
    echo "freertos: using the pinned FreeRTOS-Kernel at $kernel (set FREERTOS_KERNEL_PATH to use another)"
  fi
  if [ -z "$kernel" ]; then
    echo "freertos: SKIPPED: FREERTOS_KERNEL_PATH is not set and no pinned kernel is at $pinned (point FREERTOS_KERNEL_PATH at a FreeRTOS-Kernel tree to build and test the FreeRTOS port)"
    return 0
  fi
  local rc=0 dir=$out/freertos-mpu
  # The port on the kernel's POSIX simulator.
  configure_build "$out/freertos" -DMDSEC_PORT=freertos -DFREERTOS_KERNEL_PATH="$kernel" &&
    run_ctest "$out/freertos" || rc=1
  # FreeRTOS-MPU restricted tasks: the kernel's GCC/ARM_CM4_MPU port on QEMU
  # mps2-an386 (tests/freertos/mps2-an386-mpu, a firmware project of its own).
  if ! command -v arm-none-eabi-gcc >/dev/null 2>&1 || ! command -v qemu-system-arm >/dev/null 2>&1; then
    echo "freertos: FreeRTOS-MPU images SKIPPED: arm-none-eabi-gcc or qemu-system-arm not found"
    return "$rc"
  fi
  cmake -S "$root/tests/freertos/mps2-an386-mpu" -B "$dir" -G Ninja -DMDSEC_WERROR=ON \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/arm-none-eabi.cmake" \
    -DMDSEC_TARGET_DEPS_DIR="$MDSEC_TARGET_DEPS_DIR" \
    -DFREERTOS_KERNEL_PATH="$kernel" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j "$jobs" && run_ctest "$dir" || rc=1
  return "$rc"
}
stage_doxygen() {
  mkdir -p "$out/doxygen"
  (cd "$root" && MDSEC_DOXYGEN_OUT="$out/doxygen" doxygen docs/Doxyfile)
}
stage_format() {
  local files
  files=$(cd "$root" && git ls-files '*.c' '*.h')
  (cd "$root" && clang-format --dry-run --Werror $files)
}

rc=0
for s in "${stages[@]}"; do
  echo "=== stage $s"
  start=$(date +%s)
  if "stage_$s"; then
    summary+=("PASS $s ($(($(date +%s) - start)) s)")
  else
    summary+=("FAIL $s ($(($(date +%s) - start)) s)")
    rc=1
  fi
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "tests: $passed passed, $failed failed"
exit $rc
