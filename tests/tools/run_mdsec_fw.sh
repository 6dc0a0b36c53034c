#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Tests of mdsec-fw against the imgtool 2.4.0 fixtures (tests/fixtures/mcuboot).
#
#   run_mdsec_fw.sh GROUP TOOL IMGCMP FIXTURES WORKDIR PROVIDER ED25519 [IMGTOOL [PYTHON]]
#
# GROUP: usage | keyhash | verify | info | sign | imgtool. PROVIDER: bearssl,
# tomcrypt, psa or bearssl+psa (the library's MDSEC_CRYPTO, +psa with the
# fallback provider; RSA-PSS verifies with all but plain bearssl).
# ED25519: sodium or none (the library's MDSEC_ED25519). imgtool: MCUboot's
# imgtool verifies what `sign` writes; IMGTOOL is an imgtool command or an
# MCUboot checkout's scripts/imgtool.py (run with PYTHON, default python3).
# Without a working imgtool that group exits 77 (skipped).
# Each check prints "ok N - ..." or "not ok N - ..."; exit status 1 if any failed.
set -u

group=$1
tool=$2
imgcmp=$3
fx=$4
work=$5
provider=$6
ed25519=${7:-none}
imgtool=${8:-}
python=${9:-python3}

rm -rf "$work"
mkdir -p "$work"
. "$(dirname "$0")/tap.sh"

hexof() {
    od -An -tx1 -v "$1" | tr -d ' \n'
}

P256="$fx/pub-ecdsa-p256.pem"
ALLKEYS="--key $fx/pub-ecdsa-p256.pem --key $fx/pub-ecdsa-p384.pem --key $fx/pub-rsa-2048.pem --key $fx/pub-rsa-3072.pem --key $fx/pub-ed25519.pem"
P256HASH=$(hexof "$fx/pubhash-ecdsa-p256.bin")
UNTRUSTED_HASH=$("$tool" keyhash "$fx/pub-ecdsa-p256-untrusted.pem")

case "$group" in
usage)
    expect 2 "no arguments" "missing command" -- "$tool"
    expect 0 "--help" -- "$tool" --help
    stdout_has "usage: mdsec-fw" "--help prints the usage"
    expect 0 "verify --help" -- "$tool" verify --help
    expect 0 "--version" -- "$tool" --version
    stdout_has "crypto: " "--version names the crypto provider"
    stdout_has "$provider" "--version names the provider the library was built with ($provider)"
    expect 2 "unknown command" "unknown command" -- "$tool" frobnicate
    expect 2 "verify: unknown option" "unknown option --frob" -- "$tool" verify --frob "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: no key" "--key" -- "$tool" verify "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: no image" "missing IMAGE" -- "$tool" verify --key "$P256"
    expect 2 "verify: option without its value" "needs a value" -- "$tool" verify --key
    expect 2 "verify: missing image file" "cannot open" -- "$tool" verify --key "$P256" "$work/no-such-image.bin"
    expect 2 "verify: missing key file" "cannot open" -- "$tool" verify --key "$work/no-such-key.pem" "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: key file that is not PEM" "not a PEM or DER key file" -- "$tool" verify --key "$fx/README.md" "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: private key given as trusted key" "not a supported key" -- "$tool" verify --key "$fx/key-ecdsa-p256.pem" "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: --threshold 0" "--threshold" -- "$tool" verify --key "$P256" --threshold 0 "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: --threshold above the key count" "more than the 1 trusted keys" -- "$tool" verify --key "$P256" --threshold 2 "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: --counter not a number" "--counter" -- "$tool" verify --key "$P256" --counter five "$fx/signed-ecdsa-p256.bin"
    expect 2 "verify: missing HASHFILE" "cannot open" -- "$tool" verify --key "$P256" --revoked "$work/none.txt" "$fx/signed-ecdsa-p256.bin"
    { echo "# revoked keys"; echo ""; echo "not-a-hash"; } >"$work/bad-hashes.txt"
    expect 2 "verify: bad HASHFILE line names its line number" "bad-hashes.txt:3:" -- "$tool" verify --key "$P256" --revoked "$work/bad-hashes.txt" "$fx/signed-ecdsa-p256.bin"
    { echo "$P256HASH"; echo "${P256HASH}00"; } >"$work/long-hash.txt"
    expect 2 "verify: HASHFILE line with 66 hex digits" "long-hash.txt:2:" -- "$tool" verify --key "$P256" --revoked "$work/long-hash.txt" "$fx/signed-ecdsa-p256.bin"
    expect 2 "keyhash: no file" "missing" -- "$tool" keyhash
    expect 2 "info: no file" "missing IMAGE" -- "$tool" info
    expect 2 "info: missing file" "cannot open" -- "$tool" info "$work/no-such-image.bin"
    expect 2 "sign: no --version" "--version is required" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: no OUT" "IN and OUT" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin"
    expect 2 "sign: bad version" "--version" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.02 --header-size 0x200 "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: header size below 32" "--header-size" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.0.0 --header-size 16 "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: bad --align" "--align" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.0.0 --header-size 0x200 --align 3 "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: bad --dependency" "--dependency" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.0.0 --header-size 0x200 --dependency "1,1.2.0" "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: --pad without --slot-size" "--slot-size" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.0.0 --header-size 0x200 --pad-header --pad "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: missing input" "cannot open" -- "$tool" sign --key "$fx/key-ecdsa-p256.pem" --version 1.0.0 --header-size 0x200 --pad-header "$work/none.bin" "$work/o.bin"
    ;;

keyhash)
    for k in ecdsa-p256 ecdsa-p384 rsa-2048 rsa-3072 ed25519; do
        expect 0 "keyhash pub-$k.pem" -- "$tool" keyhash "$fx/pub-$k.pem"
        want=$(hexof "$fx/pubhash-$k.bin")
        if [ "$(cat "$work/out")" = "$want" ]; then
            pass "keyhash pub-$k.pem equals pubhash-$k.bin"
        else
            fail "keyhash pub-$k.pem equals pubhash-$k.bin"
        fi
    done
    ;;

verify)
    if [ "$provider" = "bearssl" ]; then rsa=1; else rsa=0; fi
    expect 0 "signed-ecdsa-p256.bin valid" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256.bin"
    stdout_has "valid: version 1.2.3+4, security counter 5, signers $P256HASH" "verify prints version, counter and signer"
    expect 0 "signed-ecdsa-p384.bin valid" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p384.bin"
    stdout_has "signers $(hexof "$fx/pubhash-ecdsa-p384.bin")" "P-384 signer's key hash"
    if [ $rsa -eq 0 ]; then
        expect 0 "signed-rsa-2048.bin valid ($provider)" -- "$tool" verify $ALLKEYS "$fx/signed-rsa-2048.bin"
        expect 0 "signed-rsa-3072.bin valid ($provider)" -- "$tool" verify $ALLKEYS "$fx/signed-rsa-3072.bin"
    else
        expect 1 "signed-rsa-2048.bin: algorithm not supported ($provider)" "algorithm not supported" -- "$tool" verify $ALLKEYS "$fx/signed-rsa-2048.bin"
        expect 1 "signed-rsa-3072.bin: algorithm not supported ($provider)" "algorithm not supported" -- "$tool" verify $ALLKEYS "$fx/signed-rsa-3072.bin"
    fi
    if [ "$ed25519" = "sodium" ]; then
        expect 0 "signed-ed25519.bin valid (Ed25519 built in)" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519.bin"
        stdout_has "signers $(hexof "$fx/pubhash-ed25519.bin")" "Ed25519 signer's key hash"
        expect 0 "signed-ed25519-sha512.bin valid" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519-sha512.bin"
        # pure: streamed, refused for want of the whole image; then read whole and verified
        expect 0 "signed-ed25519-pure.bin valid (verified whole)" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519-pure.bin"
        stdout_has "valid: version 1.2.3+4, security counter 5, signers $(hexof "$fx/pubhash-ed25519.bin")" "pure: version, counter and signer"
        expect 0 "signed-ed25519-pure-fullkey.bin valid" -- "$tool" verify --key "$fx/pub-ed25519.pem" "$fx/signed-ed25519-pure-fullkey.bin"
        expect 1 "pure image at counter 6: rollback" "rollback" -- "$tool" verify --key "$fx/pub-ed25519.pem" --counter 6 "$fx/signed-ed25519-pure.bin"
        expect 1 "pure image by another Ed25519 key" "untrusted" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519-pure-untrusted-key.bin"
        expect 0 "  valid with that key trusted" -- "$tool" verify --key "$fx/pub-ed25519-untrusted.pem" "$fx/signed-ed25519-pure-untrusted-key.bin"
        expect 1 "Ed25519 image against the other Ed25519 key" "untrusted" -- "$tool" verify --key "$fx/pub-ed25519-untrusted.pem" "$fx/signed-ed25519.bin"
        echo "$(hexof "$fx/pubhash-ed25519.bin")" >"$work/revoked-ed.txt"
        expect 1 "pure image with its signer revoked" "revoked" -- "$tool" verify $ALLKEYS --revoked "$work/revoked-ed.txt" "$fx/signed-ed25519-pure.bin"
        for f in signed-ed25519.bin signed-ed25519-pure.bin; do
            cp "$fx/$f" "$work/tampered-$f"
            chmod u+w "$work/tampered-$f"
            printf 'X' | dd of="$work/tampered-$f" bs=1 seek=4096 conv=notrunc 2>/dev/null
            expect 1 "$f: body byte changed" "hash" -- "$tool" verify --key "$fx/pub-ed25519.pem" "$work/tampered-$f"
            cp "$fx/$f" "$work/badsig-$f"
            chmod u+w "$work/badsig-$f"
            size=$(wc -c <"$fx/$f")
            printf 'X' | dd of="$work/badsig-$f" bs=1 seek=$((size - 10)) conv=notrunc 2>/dev/null
            expect 1 "$f: signature byte changed" "signature invalid" -- "$tool" verify --key "$fx/pub-ed25519.pem" "$work/badsig-$f"
        done
    else
        expect 1 "signed-ed25519.bin never valid" "algorithm not supported" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519.bin"
        expect 1 "signed-ed25519-sha512.bin never valid" "algorithm not supported" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519-sha512.bin"
        expect 1 "signed-ed25519-pure.bin never valid" "algorithm not supported" -- "$tool" verify $ALLKEYS "$fx/signed-ed25519-pure.bin"
    fi
    expect 0 "padded confirmed slot valid" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256-padded-confirmed.bin"
    expect 0 "fullkey (PUBKEY TLV) valid" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256-fullkey.bin"
    expect 1 "fullkey with only an untrusted key" "untrusted" -- "$tool" verify --key "$fx/pub-ecdsa-p256-untrusted.pem" "$fx/signed-ecdsa-p256-fullkey.bin"
    expect 1 "dependency image without the installed image" "dependency" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256-dep.bin"
    expect 0 "dependency met (--installed 1=1.2.0)" -- "$tool" verify $ALLKEYS --installed 1=1.2.0 "$fx/signed-ecdsa-p256-dep.bin"
    expect 1 "dependency not met (--installed 1=1.1.9)" "dependency" -- "$tool" verify $ALLKEYS --installed 1=1.1.9 "$fx/signed-ecdsa-p256-dep.bin"
    expect 0 "old-seccnt2 valid on a fresh device" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256-old-seccnt2.bin"
    expect 1 "old-seccnt2 is a rollback at counter 5" "rollback" -- "$tool" verify $ALLKEYS --counter 5 "$fx/signed-ecdsa-p256-old-seccnt2.bin"
    expect 1 "untrusted key rejected" "untrusted" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256-untrusted-key.bin"
    expect 1 "unsigned image rejected" "not signed" -- "$tool" verify $ALLKEYS "$fx/unsigned-hash-only.bin"
    expect 0 "1 MiB image valid" -- "$tool" verify $ALLKEYS "$fx/signed-ecdsa-p256-1mib.bin"
    # anti-rollback through the port's counters
    expect 1 "--counter 6: rollback" "rollback" -- "$tool" verify --key "$P256" --counter 6 "$fx/signed-ecdsa-p256.bin"
    expect 0 "--counter 5: valid" -- "$tool" verify --key "$P256" --counter 5 "$fx/signed-ecdsa-p256.bin"
    expect 0 "--counter 0: valid" -- "$tool" verify --key "$P256" --counter 0 "$fx/signed-ecdsa-p256.bin"
    # revocation
    { echo "# revoked signing keys"; echo; echo "  $P256HASH  "; } >"$work/revoked.txt"
    expect 1 "--revoked: signer revoked" "revoked" -- "$tool" verify --key "$P256" --revoked "$work/revoked.txt" "$fx/signed-ecdsa-p256.bin"
    echo "$UNTRUSTED_HASH" >"$work/other.txt"
    expect 0 "--revoked naming another key" -- "$tool" verify --key "$P256" --revoked "$work/other.txt" "$fx/signed-ecdsa-p256.bin"
    # tampering and truncation
    cp "$fx/signed-ecdsa-p256.bin" "$work/tampered.bin"
    chmod u+w "$work/tampered.bin"
    printf 'X' | dd of="$work/tampered.bin" bs=1 seek=4096 conv=notrunc 2>/dev/null
    expect 1 "body byte changed: hash mismatch" "hash" -- "$tool" verify --key "$P256" "$work/tampered.bin"
    head -c 25000 "$fx/signed-ecdsa-p256.bin" >"$work/truncated.bin"
    expect 1 "truncated image rejected" "rejected" -- "$tool" verify --key "$P256" "$work/truncated.bin"
    expect 1 "not an image" "magic" -- "$tool" verify --key "$P256" "$fx/app.bin"
    ;;

info)
    for f in "$fx"/signed-*.bin "$fx"/unsigned-hash-only.bin; do
        expect 0 "info $(basename "$f")" -- "$tool" info "$f"
    done
    expect 0 "info signed-ecdsa-p256-dep.bin" -- "$tool" info "$fx/signed-ecdsa-p256-dep.bin"
    stdout_has "DEPENDENCY   (0x40) len   12  image 1 >= 1.2.0+0" "info decodes DEPENDENCY"
    expect 0 "info signed-ecdsa-p256.bin" -- "$tool" info "$fx/signed-ecdsa-p256.bin"
    stdout_has "SEC_CNT      (0x50) len    4  value 5" "info decodes SEC_CNT"
    stdout_has "KEYHASH      (0x01) len   32  $P256HASH" "info shows KEYHASH"
    stdout_has "version:           1.2.3+4" "info shows the version"
    expect 0 "info padded confirmed slot" -- "$tool" info "$fx/signed-ecdsa-p256-padded-confirmed.bin"
    stdout_has "magic good, image_ok 0x01 (confirmed)" "info summarises the trailer"
    head -c 25200 "$fx/signed-ecdsa-p256.bin" >"$work/truncated.bin"
    expect 1 "info on a truncated image" "malformed" -- "$tool" info "$work/truncated.bin"
    stdout_has "SEC_CNT" "info prints what was readable before the damage"
    head -c 20 "$fx/signed-ecdsa-p256.bin" >"$work/short.bin"
    expect 1 "info on a file shorter than a header" "malformed" -- "$tool" info "$work/short.bin"
    expect 1 "info on a non-image" "bad image magic" -- "$tool" info "$fx/app.bin"
    # header sizes pointing past the end of the file
    cp "$fx/signed-ecdsa-p256.bin" "$work/bigsize.bin"
    chmod u+w "$work/bigsize.bin"
    printf '\377\377\377\177' | dd of="$work/bigsize.bin" bs=1 seek=12 conv=notrunc 2>/dev/null
    expect 1 "info with img_size beyond the file" "malformed" -- "$tool" info "$work/bigsize.bin"
    # a TLV length running past its area
    cp "$fx/signed-ecdsa-p256.bin" "$work/badtlv.bin"
    chmod u+w "$work/badtlv.bin"
    printf '\377\177' | dd of="$work/badtlv.bin" bs=1 seek=$((0x200 + 24576 + 12 + 4 + 2)) conv=notrunc 2>/dev/null
    expect 1 "info with a TLV running past its area" "malformed" -- "$tool" info "$work/badtlv.bin"
    # garbage after the image
    cat "$fx/signed-ecdsa-p256.bin" "$fx/app.bin" >"$work/trailing.bin"
    expect 1 "info with garbage after the image" "unexpected bytes" -- "$tool" info "$work/trailing.bin"
    ;;

sign)
    key="$fx/key-ecdsa-p256.pem"
    # 1. the plain fixture
    expect 0 "sign like signed-ecdsa-p256.bin" -- "$tool" sign --key "$key" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/plain.bin"
    expect 0 "  byte-identical to imgtool's apart from the signature" -- "$imgcmp" "$work/plain.bin" "$fx/signed-ecdsa-p256.bin"
    expect 0 "  verifies" -- "$tool" verify --key "$P256" --counter 5 "$work/plain.bin"
    # 2. the dependency fixture
    expect 0 "sign like signed-ecdsa-p256-dep.bin" -- "$tool" sign --key "$key" --version 1.3.0 --header-size 0x200 --pad-header --align 4 --dependency "(1,1.2.0+0)" "$fx/app.bin" "$work/dep.bin"
    expect 0 "  byte-identical to imgtool's apart from the signature" -- "$imgcmp" "$work/dep.bin" "$fx/signed-ecdsa-p256-dep.bin"
    expect 0 "  verifies with image 1 at 1.2.0" -- "$tool" verify --key "$P256" --installed 1=1.2.0 "$work/dep.bin"
    # 3. the full-key fixture
    expect 0 "sign like signed-ecdsa-p256-fullkey.bin" -- "$tool" sign --key "$key" --version 1.2.3+4 --header-size 0x200 --pad-header --align 4 --public-key-format full "$fx/app.bin" "$work/full.bin"
    expect 0 "  byte-identical to imgtool's apart from the signature" -- "$imgcmp" "$work/full.bin" "$fx/signed-ecdsa-p256-fullkey.bin"
    expect 0 "  verifies" -- "$tool" verify --key "$P256" "$work/full.bin"
    # 4. the padded, confirmed slot fixture
    expect 0 "sign like signed-ecdsa-p256-padded-confirmed.bin" -- "$tool" sign --key "$key" --version 2.0.0 --security-counter auto --header-size 0x200 --pad-header --align 8 --slot-size 0x20000 --pad --confirm "$fx/app.bin" "$work/padded.bin"
    expect 0 "  byte-identical to imgtool's apart from the signature" -- "$imgcmp" "$work/padded.bin" "$fx/signed-ecdsa-p256-padded-confirmed.bin"
    expect 0 "  verifies" -- "$tool" verify --key "$P256" "$work/padded.bin"
    # the comparison does see differences
    expect 0 "sign with another build number" -- "$tool" sign --key "$key" --version 1.2.3+5 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/other.bin"
    expect 1 "  imgcmp tells it from the fixture" "differ" -- "$imgcmp" "$work/other.bin" "$fx/signed-ecdsa-p256.bin"
    expect 1 "  imgcmp tells the dependency image from the plain one" "differ" -- "$imgcmp" "$work/dep.bin" "$fx/signed-ecdsa-p256.bin"
    # --align changes nothing in an unpadded image
    expect 0 "sign with --align 1" -- "$tool" sign --key "$key" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 1 "$fx/app.bin" "$work/align1.bin"
    expect 0 "  same layout as --align 4" -- "$imgcmp" "$work/align1.bin" "$work/plain.bin"
    # input that already carries zeroed header space (no --pad-header)
    head -c 512 /dev/zero >"$work/zeros-app.bin"
    cat "$fx/app.bin" >>"$work/zeros-app.bin"
    expect 0 "sign without --pad-header over zeroed header space" -- "$tool" sign --key "$key" --version 1.2.3+4 --security-counter 5 --header-size 0x200 "$work/zeros-app.bin" "$work/nopad.bin"
    expect 0 "  verifies" -- "$tool" verify --key "$P256" "$work/nopad.bin"
    expect 2 "sign without --pad-header over non-zero data" "does not start with" -- "$tool" sign --key "$key" --version 1.0.0 --header-size 0x200 "$fx/app.bin" "$work/o.bin"
    expect 2 "sign: image does not fit the slot" "exceeds the slot size" -- "$tool" sign --key "$key" --version 1.0.0 --header-size 0x200 --pad-header --slot-size 0x4000 "$fx/app.bin" "$work/o.bin"
    # k-of-n: one KEYHASH + ECDSA_SIG pair per key
    k2="$fx/key-ecdsa-p256-untrusted.pem"
    p2="$fx/pub-ecdsa-p256-untrusted.pem"
    expect 0 "sign with two keys" -- "$tool" sign --key "$key" --key "$k2" --version 1.4.0 --security-counter 6 --header-size 0x200 --pad-header "$fx/app.bin" "$work/two.bin"
    expect 0 "  2-of-2 valid" -- "$tool" verify --key "$P256" --key "$p2" --threshold 2 "$work/two.bin"
    stdout_has "signers $P256HASH,$UNTRUSTED_HASH" "  both signers listed in order"
    expect 0 "  1-of-1 valid with either key" -- "$tool" verify --key "$p2" "$work/two.bin"
    echo "$UNTRUSTED_HASH" >"$work/rev2.txt"
    expect 1 "  2-of-2 with one signer revoked" "not enough valid signatures" -- "$tool" verify --key "$P256" --key "$p2" --threshold 2 --revoked "$work/rev2.txt" "$work/two.bin"
    expect 1 "  2-of-2 when only one signer is trusted" "not enough valid signatures" -- "$tool" verify --key "$P256" --key "$fx/pub-ecdsa-p384.pem" --threshold 2 "$work/two.bin"
    # P-384 (SHA-384 image and key hash) and RSA-PSS: laid out as imgtool's images
    expect 0 "sign like signed-ecdsa-p384.bin (P-384)" -- "$tool" sign --key "$fx/key-ecdsa-p384.pem" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/p384.bin"
    expect 0 "  byte-identical to imgtool's apart from the signature" -- "$imgcmp" "$work/p384.bin" "$fx/signed-ecdsa-p384.bin"
    expect 0 "  verifies" -- "$tool" verify --key "$fx/pub-ecdsa-p384.pem" --counter 5 "$work/p384.bin"
    expect 1 "  not with the P-256 key" "untrusted" -- "$tool" verify --key "$P256" "$work/p384.bin"
    expect 2 "P-384 and P-256 keys in one image" "cannot be combined" -- "$tool" sign --key "$fx/key-ecdsa-p384.pem" --key "$key" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
    for bits in 2048 3072; do
        if [ "$provider" = "bearssl" ]; then
            expect 2 "sign with an RSA-$bits key: no RSA-PSS in plain BearSSL" "RSA-PSS signing needs" -- "$tool" sign --key "$fx/key-rsa-$bits.pem" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/rsa$bits.bin"
            continue
        fi
        expect 0 "sign like signed-rsa-$bits.bin (RSA-PSS, $provider)" -- "$tool" sign --key "$fx/key-rsa-$bits.pem" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/rsa$bits.bin"
        expect 0 "  byte-identical to imgtool's apart from the signature" -- "$imgcmp" "$work/rsa$bits.bin" "$fx/signed-rsa-$bits.bin"
        expect 0 "  verifies" -- "$tool" verify --key "$fx/pub-rsa-$bits.pem" --counter 5 "$work/rsa$bits.bin"
        stdout_has "signers $(hexof "$fx/pubhash-rsa-$bits.bin")" "  signer is the key hash imgtool writes"
    done
    expect 1 "  an RSA-2048 image is not signed by the RSA-3072 key" "untrusted" -- "$tool" verify --key "$fx/pub-rsa-3072.pem" "$fx/signed-rsa-2048.bin"
    if [ "$ed25519" = "sodium" ]; then
        # Ed25519 signatures are deterministic: the images equal imgtool's byte for byte.
        ed="$fx/key-ed25519.pem"
        expect 0 "sign like signed-ed25519.bin (Ed25519)" -- "$tool" sign --key "$ed" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/ed.bin"
        check "  byte-identical to imgtool's" cmp "$work/ed.bin" "$fx/signed-ed25519.bin"
        expect 0 "sign like signed-ed25519-pure.bin (--pure)" -- "$tool" sign --key "$ed" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 --pure "$fx/app.bin" "$work/ed-pure.bin"
        check "  byte-identical to imgtool's" cmp "$work/ed-pure.bin" "$fx/signed-ed25519-pure.bin"
        expect 0 "  verifies" -- "$tool" verify --key "$fx/pub-ed25519.pem" --counter 5 "$work/ed-pure.bin"
        expect 0 "sign like signed-ed25519-pure-fullkey.bin" -- "$tool" sign --key "$ed" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 --pure --public-key-format full "$fx/app.bin" "$work/ed-pure-full.bin"
        check "  byte-identical to imgtool's" cmp "$work/ed-pure-full.bin" "$fx/signed-ed25519-pure-fullkey.bin"
        expect 0 "sign a padded, confirmed pure slot" -- "$tool" sign --key "$ed" --version 2.0.0 --security-counter auto --header-size 0x200 --pad-header --align 8 --slot-size 0x20000 --pad --confirm --pure "$fx/app.bin" "$work/ed-pure-slot.bin"
        expect 0 "  verifies" -- "$tool" verify --key "$fx/pub-ed25519.pem" "$work/ed-pure-slot.bin"
        expect 0 "sign with an ECDSA and an Ed25519 key" -- "$tool" sign --key "$key" --key "$ed" --version 1.4.0 --security-counter 6 --header-size 0x200 --pad-header "$fx/app.bin" "$work/mixed.bin"
        expect 0 "  2-of-2 valid" -- "$tool" verify --key "$P256" --key "$fx/pub-ed25519.pem" --threshold 2 "$work/mixed.bin"
        stdout_has "signers $P256HASH,$(hexof "$fx/pubhash-ed25519.bin")" "  both signers listed in order"
        expect 0 "sign with two Ed25519 keys, pure" -- "$tool" sign --key "$ed" --key "$fx/key-ed25519-untrusted.pem" --version 1.4.0 --header-size 0x200 --pad-header --pure "$fx/app.bin" "$work/two-pure.bin"
        expect 0 "  2-of-2 valid" -- "$tool" verify --key "$fx/pub-ed25519.pem" --key "$fx/pub-ed25519-untrusted.pem" --threshold 2 "$work/two-pure.bin"
        expect 2 "--pure with an ECDSA key" "--pure needs Ed25519 keys" -- "$tool" sign --key "$key" --pure --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
        # An Ed25519 key from openssl genpkey, PEM and DER (tests/tools/data).
        data="$(dirname "$0")/data"
        expect 0 "sign with an openssl Ed25519 key" -- "$tool" sign --key "$data/openssl-genpkey-ed25519.pem" --version 1.0.0 --header-size 0x200 --pad-header --pure "$fx/app.bin" "$work/ossl.bin"
        expect 0 "  verifies with its openssl public key" -- "$tool" verify --key "$data/openssl-genpkey-ed25519.pub.pem" "$work/ossl.bin"
        sed '1d;$d' "$data/openssl-genpkey-ed25519.pem" | base64 -d >"$work/ossl-key.der"
        expect 0 "sign with the same key as DER" -- "$tool" sign --key "$work/ossl-key.der" --version 1.0.0 --header-size 0x200 --pad-header --pure "$fx/app.bin" "$work/ossl-der.bin"
        check "  the same image (deterministic)" cmp "$work/ossl.bin" "$work/ossl-der.bin"
        # PKCS#8 forms that are not the RFC 8410 one: refused, naming the file.
        seed=00a256b5e97ba124b7cf75b324c69c1f77174562e09fc3d77fad3d0439be3086
        printf '%s' "302d020100300506032b65700421041f${seed%??}" | xxd -r -p >"$work/ed-31.der"
        expect 2 "an Ed25519 seed of 31 bytes" "not a usable Ed25519 private key" -- "$tool" sign --key "$work/ed-31.der" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
        printf '%s' "3030020100300506032b657004220420${seed}a000" | xxd -r -p >"$work/ed-attr.der"
        expect 2 "Ed25519 PKCS#8 with attributes" "not a usable Ed25519 private key" -- "$tool" sign --key "$work/ed-attr.der" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
        printf '%s' "302e020101300506032b657004220420${seed}" | xxd -r -p >"$work/ed-v1.der"
        expect 2 "Ed25519 PKCS#8 version 1 without its public key" "not a usable Ed25519 private key" -- "$tool" sign --key "$work/ed-v1.der" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
        printf '%s' "3030020100300706032b65700500042204 20${seed}" | tr -d ' ' | xxd -r -p >"$work/ed-params.der"
        expect 2 "Ed25519 PKCS#8 with algorithm parameters" "not a usable Ed25519 private key" -- "$tool" sign --key "$work/ed-params.der" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
        expect 2 "sign with an Ed25519 public key" "not a supported key" -- "$tool" sign --key "$fx/pub-ed25519.pem" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
    else
        expect 2 "sign with an Ed25519 key" "cannot sign" -- "$tool" sign --key "$fx/key-ed25519.pem" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
        expect 2 "--pure in a build without Ed25519" "cannot sign" -- "$tool" sign --key "$fx/key-ed25519.pem" --pure --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
    fi
    expect 2 "sign with a public key" "not a supported key" -- "$tool" sign --key "$P256" --version 1.0.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/o.bin"
    ;;

imgtool)
    # MCUboot's own imgtool verifies what `mdsec-fw sign` writes.
    case $imgtool in
    '' | *-NOTFOUND) echo "# SKIP: no imgtool (configure with -DMDSEC_TEST_IMGTOOL=<imgtool or scripts/imgtool.py>)"; exit 77 ;;
    *.py) set -- "$python" "$imgtool" ;;
    *) set -- "$imgtool" ;;
    esac
    if ! "$@" version >"$work/imgtool-version" 2>&1; then
        echo "# SKIP: imgtool does not run: $(tail -1 "$work/imgtool-version")"
        exit 77
    fi
    echo "# imgtool $(cat "$work/imgtool-version")"
    key="$fx/key-ecdsa-p256.pem"
    expect 0 "mdsec-fw sign: ECDSA P-256 image" -- "$tool" sign --key "$key" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header --align 4 "$fx/app.bin" "$work/p256.bin"
    expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$P256" "$work/p256.bin"
    expect 0 "mdsec-fw sign: padded, confirmed slot" -- "$tool" sign --key "$key" --version 2.0.0 --security-counter auto --header-size 0x200 --pad-header --align 8 --slot-size 0x20000 --pad --confirm "$fx/app.bin" "$work/p256-slot.bin"
    expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$P256" "$work/p256-slot.bin"
    expect 0 "mdsec-fw sign: ECDSA P-384 image" -- "$tool" sign --key "$fx/key-ecdsa-p384.pem" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header "$fx/app.bin" "$work/p384.bin"
    expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$fx/pub-ecdsa-p384.pem" "$work/p384.bin"
    if [ "$provider" != "bearssl" ]; then
        for bits in 2048 3072; do
            expect 0 "mdsec-fw sign: RSA-$bits image" -- "$tool" sign --key "$fx/key-rsa-$bits.pem" --version 1.2.3+4 --security-counter 5 --header-size 0x200 --pad-header "$fx/app.bin" "$work/rsa$bits.bin"
            expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$fx/pub-rsa-$bits.pem" "$work/rsa$bits.bin"
        done
    fi
    if [ "$ed25519" = "sodium" ]; then
        ed="$fx/key-ed25519.pem"
        expect 0 "mdsec-fw sign: Ed25519 image" -- "$tool" sign --key "$ed" --version 1.5.0+7 --security-counter 9 --header-size 0x100 --pad-header "$fx/app.bin" "$work/ed.bin"
        expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$fx/pub-ed25519.pem" "$work/ed.bin"
        stdout_has "Image version: 1.5.0+7" "  imgtool reads its version"
        expect 0 "mdsec-fw sign: pure Ed25519 image" -- "$tool" sign --key "$ed" --version 1.5.0+7 --security-counter 9 --header-size 0x100 --pad-header --pure "$fx/app.bin" "$work/ed-pure.bin"
        expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$fx/pub-ed25519.pem" "$work/ed-pure.bin"
        stdout_has "Image signature over image" "  imgtool verifies it as pure"
        expect 0 "mdsec-fw sign: pure, full key, dependency" -- "$tool" sign --key "$ed" --version 1.5.0 --header-size 0x200 --pad-header --pure --public-key-format full --dependency "(1,1.2.0)" "$fx/app.bin" "$work/ed-pure-full.bin"
        expect 0 "  imgtool verify accepts it" -- "$@" verify -k "$fx/pub-ed25519.pem" "$work/ed-pure-full.bin"
        expect 0 "mdsec-fw sign: ECDSA + Ed25519" -- "$tool" sign --key "$key" --key "$ed" --version 1.4.0 --header-size 0x200 --pad-header "$fx/app.bin" "$work/mixed.bin"
        expect 0 "  imgtool verify accepts its Ed25519 signature" -- "$@" verify -k "$fx/pub-ed25519.pem" "$work/mixed.bin"
        expect 0 "  and its ECDSA signature" -- "$@" verify -k "$P256" "$work/mixed.bin"
        # The check is real: imgtool refuses a changed byte and another key.
        cp "$work/ed-pure.bin" "$work/ed-pure-bad.bin"
        printf 'X' | dd of="$work/ed-pure-bad.bin" bs=1 seek=4096 conv=notrunc 2>/dev/null
        if "$@" verify -k "$fx/pub-ed25519.pem" "$work/ed-pure-bad.bin" >"$work/out" 2>"$work/err"; then
            fail "  imgtool refuses the image with a byte changed"
        else
            pass "  imgtool refuses the image with a byte changed"
        fi
        if "$@" verify -k "$fx/pub-ed25519-untrusted.pem" "$work/ed-pure.bin" >"$work/out" 2>"$work/err"; then
            fail "  imgtool refuses it under another key"
        else
            pass "  imgtool refuses it under another key"
        fi
    fi
    ;;

*)
    echo "unknown group $group" >&2
    exit 2
    ;;
esac

echo "1..$n"
tap_finish
