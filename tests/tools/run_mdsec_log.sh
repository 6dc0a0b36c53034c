#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Tests of mdsec-log on exports written by mdsec-log-gen.
#
#   run_mdsec_log.sh GROUP TOOL GEN WORKDIR
#
# GROUP: usage | verify | export | show. Each check prints "ok N - ..." or
# "not ok N - ..."; exit status 1 if any failed.
set -u

group=$1
tool=$2
gen=$3
work=$4

rm -rf "$work"
mkdir -p "$work/in"
. "$(dirname "$0")/tap.sh"

if ! "$gen" "$work/in" >"$work/out" 2>"$work/err"; then
    fail "mdsec-log-gen wrote the inputs"
    echo "# $failed of $n checks failed"
    exit 1
fi
in=$work/in
D="--device-id $(cat "$in/dev.hex") --evolve-every 2"
K="--key-file $in/k0.hex $D"
B="--bundle $in/bundle.bin"

case $group in
usage)
    expect 2 "no command" "missing command" -- "$tool"
    expect 0 "--help" "usage: mdsec-log" -- "$tool" --help
    expect 0 "verify --help" "--key-file" -- "$tool" verify --help
    expect 0 "--version" "mdsec-log" -- "$tool" --version
    expect 2 "unknown command" "unknown command" -- "$tool" frobnicate
    expect 2 "verify without a key" "--bundle B, or --key-file" -- "$tool" verify "$in/good.bin"
    expect 2 "a key file without the device id and evolve_every" "--device-id" -- \
        "$tool" verify --key-file "$in/k0.hex" "$in/good.bin"
    expect 2 "a bundle and a key file together" "give it alone" -- \
        "$tool" verify $B --key-file "$in/k0.hex" "$in/good.bin"
    expect 2 "a file that is not a bundle" "not a verifier bundle" -- \
        "$tool" verify --bundle "$in/k0.bin" "$in/good.bin"
    cp "$in/bundle.bin" "$in/bundle-bad.bin"
    printf '\001' | dd of="$in/bundle-bad.bin" bs=1 seek=40 conv=notrunc 2>/dev/null
    expect 2 "a bundle with one byte changed" "not a verifier bundle" -- \
        "$tool" verify --bundle "$in/bundle-bad.bin" "$in/good.bin"
    expect 2 "a device id of the wrong length" "32 hex digits" -- \
        "$tool" verify --key-file "$in/k0.hex" --device-id d001 --evolve-every 2 "$in/good.bin"
    expect 2 "an evolve_every of 0" "from 1 to" -- \
        "$tool" verify --key-file "$in/k0.hex" --device-id "$(cat "$in/dev.hex")" \
        --evolve-every 0 "$in/good.bin"
    head -c 64 "$in/pub.raw" >"$in/pub-short.raw"
    printf '\001' >>"$in/pub-short.raw"
    expect 2 "a public key off the curve is a usage error" "not a P-256 point" -- \
        "$tool" verify $K --pubkey "$in/pub-short.raw" "$in/good.bin"
    expect 2 "bundle: missing options" "needs --key-file" -- "$tool" bundle -o "$work/b.bin"
    expect 2 "bundle --show of a non-bundle" "not a verifier bundle" -- \
        "$tool" bundle --show "$in/k0.bin"
    expect 2 "verify without an export" "EXPORT" -- "$tool" verify $K
    expect 2 "verify: two exports" "one EXPORT" -- "$tool" verify $K "$in/good.bin" "$in/good.bin"
    expect 2 "a key on the command line is refused" "never from the command line" -- \
        "$tool" verify --key 404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f \
        "$in/good.bin"
    expect 2 "unknown option" "unknown option" -- "$tool" verify $K --frob "$in/good.bin"
    expect 2 "--key-file without a value" "needs a value" -- "$tool" verify --key-file
    expect 2 "--require-sealed=1 (a flag)" "takes no value" -- \
        "$tool" verify $K --require-sealed=1 "$in/good.bin"
    expect 2 "missing export file" "cannot open" -- "$tool" verify $K "$in/none.bin"
    expect 2 "missing key file" "cannot open" -- "$tool" verify --key-file "$in/none" $D "$in/good.bin"
    expect 2 "key file of the wrong size" "not a log key" -- \
        "$tool" verify --key-file "$in/pub.raw" $D "$in/good.bin"
    expect 2 "bad public key file" "not a PEM or DER key file" -- \
        "$tool" verify $K --pubkey "$in/k0.hex" "$in/good.bin"
    expect 2 "--witness without --pubkey" "needs --pubkey" -- \
        "$tool" verify $K --witness "$in/witness.bin" "$in/good.bin"
    expect 2 "a witness file of the wrong size" "not a witness" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" --witness "$in/k0.bin" "$in/good.bin"
    expect 2 "export: bad --format" "jsonl or bin" -- "$tool" export --format xml "$in/good.bin"
    expect 2 "export: no input" "EXPORT or --state-dir" -- "$tool" export
    expect 2 "export: both inputs" "EXPORT or --state-dir" -- \
        "$tool" export --state-dir "$work" "$in/good.bin"
    expect_err 2 "export: state dir that does not exist" \
        "mdsec-log: $work/nothing-here: cannot open: No such file or directory" -- \
        "$tool" export --state-dir "$work/nothing-here"
    check "  and it is not created" test ! -e "$work/nothing-here"
    expect 2 "show: no input" "needs EXPORT" -- "$tool" show
    ;;
verify)
    expect 0 "valid export passes with its bundle" "PASS" -- "$tool" verify $B --require-sealed \
        "$in/good.bin"
    expect 0 "bundle made by the tool" "" -- "$tool" bundle --key-file "$in/k0.hex" $D \
        --pubkey "$in/pub.der" -o "$work/made.bin"
    if cmp -s "$work/made.bin" "$in/bundle.bin"; then pass "the tool's bundle is the library's"; else fail "the tool's bundle is the library's"; fi
    perm=$(stat -c %a "$work/made.bin")
    if [ "$perm" = "600" ]; then pass "bundle written owner-only"; else fail "bundle written owner-only ($perm)"; fi
    expect 0 "bundle --show" "evolve_every: 2" -- "$tool" bundle --show "$in/bundle.bin"
    stdout_has "k0: present (not shown)" "bundle --show hides k0"
    expect 1 "a bundle provisioned with another evolve_every" "evolve_every at offset 24" -- \
        "$tool" verify --bundle "$in/bundle-ee4.bin" "$in/good.bin"
    expect 1 "a bad witness is blamed, not the log" "witness: seq 7 bad" -- \
        "$tool" verify $B --witness "$in/witness-bad.bin" "$in/good.bin"
    if grep -q "first bad record" "$work/out"; then fail "a bad witness names no record"; else pass "a bad witness names no record"; fi
    expect 1 "a witness before the export's first record" "precedes the export's first record" -- \
        "$tool" verify $B --witness "$in/witness.bin" "$in/anchored.bin"
    expect 0 "valid export passes" "PASS" -- "$tool" verify $K --pubkey "$in/pub.raw" "$in/good.bin"
    stdout_has "verified: 9 records, seq 0..8" "verified range"
    stdout_has "sealed: through seq 7 (2 checkpoints); unsealed tail: 0 records" "seal report"
    stdout_has "seq 6: boot 1 -> 2" "boot change listed"
    stdout_has "gaps: 0" "gap count"
    expect 0 "raw 32-byte key file" "PASS" -- \
        "$tool" verify --key-file "$in/k0.bin" $D --pubkey "$in/pub.raw" "$in/good.bin"
    expect 0 "DER public key" "PASS" -- "$tool" verify $K --pubkey "$in/pub.der" "$in/good.bin"
    if command -v python3 >/dev/null 2>&1; then
        python3 -c "import base64,sys; d=open(sys.argv[1],'rb').read(); b=base64.b64encode(d).decode(); print('-----BEGIN PUBLIC KEY-----\n'+'\n'.join(b[i:i+64] for i in range(0,len(b),64))+'\n-----END PUBLIC KEY-----')" \
            "$in/pub.der" >"$in/pub.pem"
        expect 0 "PEM public key" "PASS" -- "$tool" verify $K --pubkey "$in/pub.pem" "$in/good.bin"
    fi
    expect 0 "no public key: PASS, seals not checked" "not checked" -- \
        "$tool" verify $K "$in/good.bin"
    expect 1 "no public key, --require-sealed" "FAIL" -- \
        "$tool" verify $K --require-sealed "$in/good.bin"
    expect 0 "witness checked" "witness: seq 7 checked" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" --witness "$in/witness.bin" "$in/good.bin"
    expect 0 "unsealed tail reported" "unsealed tail: 2 records" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" "$in/unsealed.bin"
    expect 1 "unsealed tail refused with --require-sealed" "seq 9 at offset" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" --require-sealed "$in/unsealed.bin"
    stdout_has "first unsealed record: seq 9" "the unsealed record is named as unsealed"
    expect 1 "modified byte" "first bad record: seq 2 at offset" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" "$in/tampered.bin"
    stdout_has "MAC invalid (record modified) (-501)" "reason text of a modified record"
    stdout_has "verified: 2 records, seq 0..1" "range before the bad record"
    expect 1 "truncated tail against the witness" "(-506)" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" --witness "$in/witness.bin" "$in/truncated.bin"
    stdout_has "witness: seq 7 is beyond the end of the export" "witness beyond the end"
    expect 0 "truncated tail without a witness: PASS" "PASS" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" "$in/truncated.bin"
    expect 1 "wrong key" "FAIL" -- \
        "$tool" verify --key-file "$in/wrong.hex" $D --pubkey "$in/pub.raw" "$in/good.bin"
    # A key or bundle of another log is told from a modified record.
    expect_err 1 "wrong key: the key does not belong to this log" \
        "mdsec-log: $in/good.bin: FAIL: the key does not belong to this log (no record verifies under its key; or every record was modified)" -- \
        "$tool" verify --key-file "$in/wrong.hex" $D --pubkey "$in/pub.raw" "$in/good.bin"
    stdout_has "no record of the export verifies under it: the key does not belong to this log" \
        "  the report says so too"
    if grep -q "record modified" "$work/out"; then fail "  not reported as a modified record"; else pass "  not reported as a modified record"; fi
    expect_err 1 "a bundle with another log's key" \
        "mdsec-log: $in/good.bin: FAIL: the bundle does not belong to this log (no record verifies under its key; or every record was modified)" -- \
        "$tool" verify --bundle "$in/bundle-wrongkey.bin" "$in/good.bin"
    expect_err 1 "a bundle of another device" \
        "mdsec-log: $in/good.bin: FAIL: the bundle does not belong to this log (the export is from device $(cat "$in/dev.hex"))" -- \
        "$tool" verify --bundle "$in/bundle-otherdev.bin" "$in/good.bin"
    expect_err 1 "a first record modified, the key right: tampering" \
        "mdsec-log: $in/tampered0.bin: FAIL: log record MAC invalid (record modified) at seq 0 (offset 96)" -- \
        "$tool" verify $B "$in/tampered0.bin"
    stdout_has "first bad record: seq 0 at offset 96: log record MAC invalid (record modified) (-501)" \
        "  reported as a modified record"
    expect 0 "anchored at a dropped marker" "seq 10..12" -- \
        "$tool" verify $K --pubkey "$in/pub.raw" "$in/anchored.bin"
    head -c 500 "$in/good.bin" >"$in/short.bin"
    expect 1 "short export" "malformed log record" -- "$tool" verify $K "$in/short.bin"
    expect 0 "export from stdin" "PASS" -- sh -c "\"$tool\" verify $K - <\"$in/good.bin\""
    # The key never appears in the output.
    if grep -qi "404142434445" "$work/out" "$work/err"; then
        fail "the key does not appear in the output"
    else
        pass "the key does not appear in the output"
    fi
    ;;
export)
    expect 0 "JSON Lines" "" -- "$tool" export --format jsonl "$in/good.bin"
    lines=$(wc -l <"$work/out")
    if [ "$lines" -eq 9 ]; then pass "one line per record"; else fail "one line per record ($lines)"; fi
    if command -v python3 >/dev/null 2>&1; then
        if python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["seq"] for r in recs] == list(range(9)), "seq"
r = recs[1]
assert r["code"] == 0x0201 and r["code_name"] == "auth-failure", r
assert r["outcome"] == 4 and r["outcome_name"] == "minor-failure", r
assert r["payload"] == "0104726f6f7402010" + "3", r["payload"]
assert len(r["mac"]) == 64 and len(r["chain"]) == 64
assert recs[5]["kind"] == "checkpoint" and recs[5]["checkpoint"]["seq"] == 4
assert recs[5]["code_name"] == "audit-checkpoint", recs[5]["code_name"]
assert recs[6]["boot"] == 2 and recs[8]["checkpoint"]["seq"] == 7
assert recs[0]["wall"].endswith("Z")
' "$work/out" 2>"$work/err"; then
            pass "every line is JSON with the record fields"
        else
            fail "every line is JSON with the record fields"
        fi
    fi
    expect 0 "JSON Lines into a file" "" -- "$tool" export "$in/good.bin" -o "$work/out.jsonl"
    if [ "$(wc -l <"$work/out.jsonl")" -eq 9 ]; then pass "-o file written"; else fail "-o file written"; fi
    expect 0 "binary re-emitted" "" -- "$tool" export --format bin -o "$work/copy.bin" "$in/good.bin"
    if cmp -s "$work/copy.bin" "$in/good.bin"; then pass "binary identical"; else fail "binary identical"; fi
    expect 0 "dropped marker in JSON" "\"dropped\":{\"first\":0,\"last\":9" -- \
        "$tool" export "$in/anchored.bin"
    head -c 700 "$in/good.bin" >"$in/short.bin"
    expect 1 "malformed export refused, nothing written" "malformed record" -- \
        "$tool" export --format bin -o "$work/short-copy.bin" "$in/short.bin"
    if [ -e "$work/short-copy.bin" ]; then fail "no output for a malformed export"; else pass "no output for a malformed export"; fi
    ;;
show)
    expect 0 "show" "auth-failure" -- "$tool" show "$in/good.bin"
    stdout_has "covers seq 7" "checkpoint shown"
    stdout_has "not verified" "show says it does not verify"
    lines=$(wc -l <"$work/out")
    if [ "$lines" -eq 10 ]; then pass "a header and one line per record"; else fail "show lines ($lines)"; fi
    expect 1 "show: malformed" "not a log export" -- "$tool" show "$in/k0.bin"
    ;;
device)
    # A real device log (src/log/log.c on the POSIX port), exported from its
    # state directory and verified: the device side and the verifier agree.
    mkdir -p "$work/state"
    expect 0 "device log written" "" -- "$gen" "$in" --device "$work/state/dev"
    expect 0 "export --state-dir (binary)" "" -- \
        "$tool" export --state-dir "$work/state/dev" --format bin -o "$work/dev.bin"
    expect 0 "the device's export verifies, sealed, against its witness" "PASS" -- \
        "$tool" verify --bundle "$in/dev-bundle.bin" --witness "$in/dev-witness.bin" \
        --require-sealed "$work/dev.bin"
    stdout_has "gaps: 0" "no gaps"
    expect 0 "export --state-dir (JSON Lines)" "auth-failure" -- \
        "$tool" export --state-dir "$work/state/dev"
    if command -v python3 >/dev/null 2>&1; then
        if python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert recs[0]["seq"] == 0 and len(recs) >= 8, len(recs)
assert any(r["kind"] == "checkpoint" for r in recs)
' "$work/out" 2>"$work/err"; then pass "device JSON Lines parse"; else fail "device JSON Lines parse"; fi
    fi
    # A directory without a device's state is refused and left as it was.
    mkdir -p "$work/wrongdir" "$work/otherdir"
    echo "notes" >"$work/otherdir/notes.txt"
    expect_err 2 "export --state-dir of an empty directory" \
        "mdsec-log: $work/wrongdir: no device state here (no log region file region-1.bin)" -- \
        "$tool" export --state-dir "$work/wrongdir"
    check "  nothing created in it" test -z "$(ls -A "$work/wrongdir")"
    expect_err 2 "export --state-dir of a directory of other files" \
        "mdsec-log: $work/otherdir: no device state here (no log region file region-1.bin)" -- \
        "$tool" export --state-dir "$work/otherdir" --format bin -o "$work/other.bin"
    check "  nothing created in it" test "$(ls -A "$work/otherdir")" = "notes.txt"
    check "  no output written" test ! -e "$work/other.bin"
    expect_err 2 "export --state-dir of a file" "mdsec-log: $in/good.bin: not a directory" -- \
        "$tool" export --state-dir "$in/good.bin"
    mkdir -p "$work/keysonly"
    cp "$work/state/dev/region-0.bin" "$work/keysonly/"
    touch "$work/keysonly/lock"
    expect_err 2 "export --state-dir without a log region" \
        "mdsec-log: $work/keysonly: no device state here (no log region file region-1.bin)" -- \
        "$tool" export --state-dir "$work/keysonly"
    check "  no log region created" test ! -e "$work/keysonly/region-1.bin"
    mkdir -p "$work/nolock"
    cp "$work/state/dev/region-1.bin" "$work/nolock/"
    expect_err 2 "export --state-dir without the lock file" \
        "mdsec-log: $work/nolock: no device state here (no lock file)" -- \
        "$tool" export --state-dir "$work/nolock"
    check "  no lock file created" test "$(ls -A "$work/nolock")" = "region-1.bin"
    # Reading a provisioned device creates and changes nothing.
    ls -A "$work/state/dev" >"$work/before.lst"
    cp "$work/state/dev/region-1.bin" "$work/region-1.before"
    expect 0 "export --state-dir again" "" -- "$tool" export --state-dir "$work/state/dev" --format bin -o "$work/dev2.bin"
    ls -A "$work/state/dev" >"$work/after.lst"
    check "  no file created in the state directory" cmp -s "$work/before.lst" "$work/after.lst"
    check "  the log region unchanged" cmp -s "$work/state/dev/region-1.bin" "$work/region-1.before"
    check "  the same export" cmp -s "$work/dev.bin" "$work/dev2.bin"
    expect_err 2 "export --state-dir -o a file of the state directory" \
        "mdsec-log: $work/state/dev/region-1.bin: is the same file as the input $work/state/dev/region-1.bin (refusing to overwrite it)" -- \
        "$tool" export --state-dir "$work/state/dev" --format bin -o "$work/state/dev/region-1.bin"
    check "  the log region unchanged" cmp -s "$work/state/dev/region-1.bin" "$work/region-1.before"
    # Tamper with a copy: one byte in the middle of the device's export.
    cp "$work/dev.bin" "$work/dev-bad.bin"
    printf '\377' | dd of="$work/dev-bad.bin" bs=1 seek=300 conv=notrunc 2>/dev/null
    expect 1 "a changed byte in the device's export" "FAIL" -- \
        "$tool" verify --bundle "$in/dev-bundle.bin" "$work/dev-bad.bin"
    ;;
*)
    echo "unknown group $group"
    exit 2
    ;;
esac

echo "1..$n"
tap_finish
