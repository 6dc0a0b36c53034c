# SPDX-License-Identifier: Apache-2.0
# Shared checks of the tool test drivers (run_mdsec_*.sh), sourced after
# they set $work. Each check prints "ok N - ..." or "not ok N - ..."
# (TAP style); tap_finish exits 1 if any failed.
n=0
failed=0

pass() {
    n=$((n + 1))
    echo "ok $n - $1"
}

fail() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    if [ -s "$work/out" ]; then sed 's/^/#   stdout: /' "$work/out"; fi
    if [ -s "$work/err" ]; then sed 's/^/#   stderr: /' "$work/err"; fi
}

# expect RC DESCRIPTION [SUBSTRING] -- COMMAND...
# Runs COMMAND and checks its exit status; for a failure status, that stderr
# is exactly one line; and, when given, that SUBSTRING is in its output.
expect() {
    want=$1
    desc=$2
    shift 2
    needle=""
    if [ "$1" != "--" ]; then
        needle=$1
        shift
    fi
    shift # --
    "$@" >"$work/out" 2>"$work/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$desc (exit $got, expected $want)"
        return
    fi
    if [ "$want" -ne 0 ]; then
        lines=$(wc -l <"$work/err")
        if [ "$lines" -ne 1 ]; then
            fail "$desc (stderr has $lines lines, expected one)"
            return
        fi
    fi
    if [ -n "$needle" ] && ! grep -qF -- "$needle" "$work/err" "$work/out"; then
        fail "$desc (output lacks '$needle')"
        return
    fi
    pass "$desc"
}

# stdout_has SUBSTRING DESCRIPTION: checks the last command's stdout.
stdout_has() {
    if grep -qF -- "$1" "$work/out"; then pass "$2"; else fail "$2"; fi
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
    desc=$1
    shift
    if "$@" >/dev/null 2>&1; then pass "$desc"; else fail "$desc"; fi
}


# expect_err RC DESCRIPTION LINE -- COMMAND...
# Runs COMMAND and checks its exit status and that stderr is exactly LINE.
expect_err() {
    want=$1
    desc=$2
    line=$3
    shift 4 # RC DESCRIPTION LINE --
    "$@" >"$work/out" 2>"$work/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$desc (exit $got, expected $want)"
        return
    fi
    if [ "$(cat "$work/err")" != "$line" ]; then
        fail "$desc (stderr is not: $line)"
        return
    fi
    pass "$desc"
}

# tap_finish: the summary line and the exit status.
tap_finish() {
    if [ "$failed" -ne 0 ]; then
        echo "# $failed of $n checks failed"
        exit 1
    fi
    echo "# all $n checks passed"
    exit 0
}
