#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Tests of mdsec-keys (built-in key provisioning blobs) with the fixture
# keys of tests/fixtures (imgtool test keys, PEM and DER), and with keys
# that openssl generates when it is installed.
#
#   run_mdsec_keys.sh GROUP TOOL FIXTURES WORKDIR
#
# GROUP: usage | make | show | verify | secrets.
# Each check prints "ok N - ..." or "not ok N - ..."; exit status 1 if any failed.
set -u

group=$1
tool=$2
fx=$3
work=$4

rm -rf "$work"
mkdir -p "$work"
. "$(dirname "$0")/tap.sh"

hex() {
    od -An -tx1 -v "$1" | tr -d ' \n'
}

# Test root secrets (32 raw bytes) and raw keys, deterministic.
printf 'device-A root secret, 32 bytes!!' >"$work/rootA"
printf 'device-B root secret, 32 bytes!!' >"$work/rootB"
printf 'short' >"$work/root-short"
printf '0123456789abcdef0123456789abcdef' >"$work/aead.key"
printf 'hmac key material, 24 by' >"$work/hmac.key"
printf 'derivation key 16' >"$work/derive.key"
printf 'too short' >"$work/bad.key"

P256=$fx/mcuboot/key-ecdsa-p256.pem        # PKCS#8 PEM
P256_SEC1=$fx/der/key-ecdsa-p256.sec1.der  # SEC1 DER, same key
P256_PUB=$fx/mcuboot/pub-ecdsa-p256.pem    # SubjectPublicKeyInfo PEM
P384_PUB=$fx/der/pub-ecdsa-p384.der        # SubjectPublicKeyInfo DER
P384_KEY=$fx/mcuboot/key-ecdsa-p384.pem
ED_PUB=$fx/mcuboot/pub-ed25519.pem
blob=$work/blob.bin

make_standard() {
    "$tool" make --root-secret "$work/rootA" --out "$blob" --blob-id 0x2026 --label "pump fw v1" \
        --c-array "$work/blob.h" --name pump_builtin_keys \
        id=0x100,type=p256-pair,file="$P256" \
        id=0x101,type=p256-public,file="$P256_PUB" \
        id=0x102,type=p384-public,file="$P384_PUB" \
        id=0x103,type=aead,file="$work/aead.key" \
        id=0x104,type=hmac,file="$work/hmac.key",usage=mac \
        id=0x105,type=derive,file="$work/derive.key" >"$work/out" 2>"$work/err"
}

case $group in
usage)
    expect 0 "--help" -- "$tool" --help
    check "--help names the commands" grep -q "make --root-secret" "$work/out"
    expect 0 "make --help" -- "$tool" make --help
    expect 0 "--version" -- "$tool" --version
    expect 2 "no command" "missing command" -- "$tool"
    expect 2 "unknown command" "unknown command" -- "$tool" frobnicate
    expect 2 "make without --out" "--out" -- "$tool" make --root-secret "$work/rootA" id=1,type=aead,file="$work/aead.key"
    expect 2 "make without keys" "KEYSPEC" -- "$tool" make --root-secret "$work/rootA" --out "$blob"
    expect 2 "unknown option" "unknown option" -- "$tool" make --frob 1 --root-secret "$work/rootA" --out "$blob" id=1,type=aead,file="$work/aead.key"
    expect 2 "option given twice" "twice" -- "$tool" make --out a --out b --root-secret "$work/rootA" id=1,type=aead,file="$work/aead.key"
    expect 2 "option without value" "needs a value" -- "$tool" make --root-secret
    expect 2 "keyspec without file" "needs id=" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead
    expect 2 "keyspec with id 0" "id must be" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=0,type=aead,file="$work/aead.key"
    expect 2 "keyspec unknown type" "unknown type" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=rsa,file="$work/aead.key"
    expect 2 "keyspec bad usage" "bad usage" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead,file="$work/aead.key",usage=fly
    expect 2 "keyspec usage the type forbids" "usage not permitted" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead,file="$work/aead.key",usage=sign
    expect 2 "keyspec alg the type forbids" "permits only" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead,file="$work/aead.key",alg=hmac-sha256
    expect 2 "keyspec secret on the command line is not a field" "unknown or repeated" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead,key=0011
    expect 2 "duplicate key ids" "given twice" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead,file="$work/aead.key" id=1,type=hmac,file="$work/hmac.key"
    expect 2 "too many keys" "at most" -- "$tool" make --root-secret "$work/rootA" --out "$blob" \
        id=1,type=aead,file="$work/aead.key" id=2,type=aead,file="$work/aead.key" id=3,type=aead,file="$work/aead.key" \
        id=4,type=aead,file="$work/aead.key" id=5,type=aead,file="$work/aead.key" id=6,type=aead,file="$work/aead.key" \
        id=7,type=aead,file="$work/aead.key" id=8,type=aead,file="$work/aead.key" id=9,type=aead,file="$work/aead.key" \
        id=10,type=aead,file="$work/aead.key" id=11,type=aead,file="$work/aead.key" id=12,type=aead,file="$work/aead.key" \
        id=13,type=aead,file="$work/aead.key" id=14,type=aead,file="$work/aead.key" id=15,type=aead,file="$work/aead.key" \
        id=16,type=aead,file="$work/aead.key" id=17,type=aead,file="$work/aead.key"
    expect 2 "--c-array without --name" "go together" -- "$tool" make --root-secret "$work/rootA" --out "$blob" --c-array "$work/x.h" id=1,type=aead,file="$work/aead.key"
    expect 2 "--name not a C identifier" "C identifier" -- "$tool" make --root-secret "$work/rootA" --out "$blob" --c-array "$work/x.h" --name 9x id=1,type=aead,file="$work/aead.key"
    expect 2 "label too long" "label" -- "$tool" make --root-secret "$work/rootA" --out "$blob" --label "a label of more than sixteen" id=1,type=aead,file="$work/aead.key"
    expect 2 "missing key file" "cannot open" -- "$tool" make --root-secret "$work/rootA" --out "$blob" id=1,type=aead,file="$work/nope"
    expect 2 "missing root secret" "cannot open" -- "$tool" make --root-secret "$work/nope" --out "$blob" id=1,type=aead,file="$work/aead.key"
    expect 2 "root secret of the wrong size" "exactly 32" -- "$tool" make --root-secret "$work/root-short" --out "$blob" id=1,type=aead,file="$work/aead.key"
    expect 2 "unwritable output" "cannot create" -- "$tool" make --root-secret "$work/rootA" --out "$work/no/such/dir" id=1,type=aead,file="$work/aead.key"
    expect 2 "show without blob" "one BLOB" -- "$tool" show --root-secret "$work/rootA"
    expect 2 "verify without --root-secret" "root-secret" -- "$tool" verify "$blob"
    expect 2 "verify missing blob file" "cannot open" -- "$tool" verify --root-secret "$work/rootA" "$work/nope"
    check "no output blob left by the failures" test ! -e "$blob"
    ;;
make)
    make_standard
    if [ $? -eq 0 ]; then pass "make from PEM, DER and raw keys"; else fail "make from PEM, DER and raw keys"; fi
    check "blob written" test -s "$blob"
    check "blob starts with MKB1" sh -c "[ \"\$(head -c 4 '$blob')\" = MKB1 ]"
    # header 44 + entries (22 each) 32+65+97+32+24+17 + tag 16
    size=$(wc -c <"$blob")
    if [ "$size" -eq $((44 + 6 * 22 + 32 + 65 + 97 + 32 + 24 + 17 + 16)) ]; then pass "blob size $size"; else fail "blob size $size"; fi
    # The C array is exactly the sealed blob.
    sed -n 's/^ *\(0x.*\)$/\1/p' "$work/blob.h" | tr -d ' ,\n' | sed 's/0x//g' >"$work/array.hex"
    if [ "$(cat "$work/array.hex")" = "$(hex "$blob")" ]; then pass "C array holds the sealed blob bytes"; else fail "C array holds the sealed blob bytes"; fi
    check "C array is named and sized" grep -q "static const uint8_t pump_builtin_keys\[$size\]" "$work/blob.h"
    check "C array compiles" sh -c "printf '#include \"%s\"\nint main(void){return pump_builtin_keys[0]==0x4d?0:1;}\n' '$work/blob.h' >'$work/c.c' && cc -std=c11 -Wall -Werror -o '$work/c' '$work/c.c' && '$work/c'"
    # Two makes of the same keys differ (fresh random nonce) and both open.
    cp "$blob" "$work/first.bin"
    make_standard
    if cmp -s "$blob" "$work/first.bin"; then fail "a fresh nonce each time"; else pass "a fresh nonce each time"; fi
    expect 0 "the second blob opens too" -- "$tool" verify --root-secret "$work/rootA" "$blob"
    expect 0 "SEC1 DER and PKCS#8 DER private keys" -- "$tool" make --root-secret "$work/rootA" --out "$work/b2.bin" \
        id=1,type=p256-pair,file="$P256_SEC1" id=2,type=p256-pair,file="$fx/der/key-ecdsa-p256.pkcs8.der",usage=sign
    expect 1 "refuses a P-384 private key as p256-pair" "P-256 private key" -- "$tool" make --root-secret "$work/rootA" --out "$work/b3.bin" id=1,type=p256-pair,file="$P384_KEY"
    expect 1 "refuses a P-384 public key as p256-public" "P-256" -- "$tool" make --root-secret "$work/rootA" --out "$work/b3.bin" id=1,type=p256-public,file="$P384_PUB"
    expect 1 "refuses an Ed25519 public key" "public key" -- "$tool" make --root-secret "$work/rootA" --out "$work/b3.bin" id=1,type=p256-public,file="$ED_PUB"
    expect 1 "refuses a public key as p256-pair" "is not a supported key here" -- "$tool" make --root-secret "$work/rootA" --out "$work/b3.bin" id=1,type=p256-pair,file="$P256_PUB"
    expect 1 "refuses a text file as a key" "not a PEM or DER" -- "$tool" make --root-secret "$work/rootA" --out "$work/b3.bin" id=1,type=p256-public,file="$work/bad.key"
    expect 1 "refuses a short AEAD key" "raw bytes" -- "$tool" make --root-secret "$work/rootA" --out "$work/b3.bin" id=1,type=aead,file="$work/bad.key"
    check "no blob written for a refused key" test ! -e "$work/b3.bin"
    if command -v openssl >/dev/null 2>&1; then
        openssl ecparam -name prime256v1 -genkey -noout -out "$work/gen.pem" 2>/dev/null &&
            openssl ec -in "$work/gen.pem" -pubout -out "$work/gen.pub.pem" 2>/dev/null &&
            openssl ecparam -name secp384r1 -genkey -noout -out "$work/gen384.pem" 2>/dev/null &&
            openssl ec -in "$work/gen384.pem" -pubout -outform DER -out "$work/gen384.pub.der" 2>/dev/null
        expect 0 "openssl-generated SEC1 PEM and public keys" -- "$tool" make --root-secret "$work/rootA" --out "$work/gen.bin" \
            id=7,type=p256-pair,file="$work/gen.pem" id=8,type=p256-public,file="$work/gen.pub.pem" \
            id=9,type=p384-public,file="$work/gen384.pub.der"
        expect 0 "and it opens" -- "$tool" verify --root-secret "$work/rootA" "$work/gen.bin"
    else
        echo "# openssl not installed: generated-key checks skipped (fixture keys used)"
    fi
    ;;
show)
    make_standard || fail "make"
    expect 0 "show" -- "$tool" show --root-secret "$work/rootA" "$blob"
    check "show: header" grep -q 'id 0x00002026, label "pump fw v1", 6 keys' "$work/out"
    check "show: identity key" grep -q "key 0x00000100: type p256-pair, bits 256, usage sign+export-public, alg ecdsa-p256-sha256, lifetime read-only, location ram, material 32 bytes" "$work/out"
    check "show: P-256 anchor" grep -q "key 0x00000101: type p256-public, bits 256, usage verify," "$work/out"
    check "show: P-384 anchor" grep -q "key 0x00000102: type p384-public, bits 384, usage verify, alg ecdsa-p384-sha384" "$work/out"
    check "show: AEAD key" grep -q "key 0x00000103: type aead, bits 256, usage encrypt+decrypt, alg chacha20-poly1305" "$work/out"
    check "show: HMAC key" grep -q "key 0x00000104: type hmac, bits 192, usage mac, alg hmac-sha256" "$work/out"
    check "show: derive key" grep -q "key 0x00000105: type derive, bits 136, usage derive, alg hkdf-sha256" "$work/out"
    check "show: seven lines" test "$(wc -l <"$work/out")" -eq 7
    # show prints no material (the raw keys' text would appear otherwise).
    if grep -q "0123456789abcdef\|hmac key material\|derivation key" "$work/out"; then fail "show prints no material"; else pass "show prints no material"; fi
    expect 1 "show under another root secret" "refused" -- "$tool" show --root-secret "$work/rootB" "$blob"
    ;;
verify)
    make_standard || fail "make"
    expect 0 "verify" -- "$tool" verify --root-secret "$work/rootA" "$blob"
    check "verify names the key count" grep -q "ok, 6 keys" "$work/out"
    expect 1 "another device's root secret" "refused" -- "$tool" verify --root-secret "$work/rootB" "$blob"
    size=$(wc -c <"$blob")
    # Flip one byte in the header, the ciphertext and the tag.
    for off in 0 6 20 40 60 $((size / 2)) $((size - 17)) $((size - 1)); do
        cp "$blob" "$work/t.bin"
        b=$(od -An -tu1 -j "$off" -N1 "$work/t.bin" | tr -d ' ')
        printf "$(printf '\\%03o' $(((b ^ 1) & 255)))" | dd of="$work/t.bin" bs=1 seek="$off" conv=notrunc 2>/dev/null
        if cmp -s "$blob" "$work/t.bin"; then fail "byte $off flipped"; continue; fi
        expect 1 "tampered byte $off refused" "refused" -- "$tool" verify --root-secret "$work/rootA" "$work/t.bin"
    done
    head -c $((size - 1)) "$blob" >"$work/t.bin"
    expect 1 "truncated blob refused" "refused" -- "$tool" verify --root-secret "$work/rootA" "$work/t.bin"
    cp "$blob" "$work/t.bin" && printf 'x' >>"$work/t.bin"
    expect 1 "blob with a trailing byte refused" "refused" -- "$tool" verify --root-secret "$work/rootA" "$work/t.bin"
    : >"$work/empty.bin"
    expect 1 "empty file refused" "empty file" -- "$tool" verify --root-secret "$work/rootA" "$work/empty.bin"
    ;;
secrets)
    make_standard || fail "make"
    # The private scalar of the fixture key (SEC1 DER: 30 77 02 01 01 04 20 <32 bytes>).
    scalar=$(od -An -tx1 -v -j 7 -N 32 "$P256_SEC1" | tr -d ' \n')
    if [ ${#scalar} -eq 64 ]; then pass "scalar extracted"; else fail "scalar extracted"; fi
    if command -v openssl >/dev/null 2>&1; then
        s2=$(openssl ec -in "$P256" -text -noout 2>/dev/null | sed -n '/^priv:/,/^pub:/p' | sed '1d;$d' | tr -d ' :\n')
        s2=$(printf '%s' "$s2" | sed 's/^00//')
        if [ "$s2" = "$scalar" ]; then pass "openssl agrees on the scalar"; else fail "openssl agrees on the scalar"; fi
    fi
    blobhex=$(hex "$blob")
    case $blobhex in *"$scalar"*) fail "blob holds no private scalar" ;; *) pass "blob holds no private scalar" ;; esac
    arrhex=$(sed -n 's/^ *\(0x.*\)$/\1/p' "$work/blob.h" | tr -d ' ,\n' | sed 's/0x//g')
    case $arrhex in *"$scalar"*) fail "C array holds no private scalar" ;; *) pass "C array holds no private scalar" ;; esac
    for k in aead.key hmac.key derive.key; do
        khex=$(hex "$work/$k")
        case $blobhex in *"$khex"*) fail "blob holds no $k" ;; *) pass "blob holds no $k" ;; esac
    done
    # Control: the check finds material when it is there.
    plainhex=$(hex "$P256_SEC1")
    case $plainhex in *"$scalar"*) pass "control: the scalar is found in the key file" ;; *) fail "control: the scalar is found in the key file" ;; esac
    for f in "$work/out" "$work/err"; do
        if grep -qi "$scalar" "$f"; then fail "no scalar in tool output"; else pass "no scalar in tool output"; fi
    done
    ;;
*)
    echo "unknown group $group" >&2
    exit 2
    ;;
esac

echo "1..$n"
tap_finish
