#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Checks that hold for every host tool: key files in the forms imgtool and
# openssl write, one message per file fault, outputs that are inputs.
#
#   run_tools.sh GROUP FW KEYS LOG GEN DATA FIXTURES WORKDIR
#
# GROUP: keys | pem | messages | outputs. FW, KEYS, LOG: the three tools;
# GEN: mdsec-log-gen; DATA: tests/tools/data; FIXTURES: tests/fixtures.
# Each check prints "ok N - ..." or "not ok N - ..."; exit status 1 if any failed.
set -u

group=$1
fw=$2
keys=$3
log=$4
gen=$5
data=$6
fx=$7
work=$8

rm -rf "$work"
mkdir -p "$work/in"
. "$(dirname "$0")/tap.sh"

app=$fx/mcuboot/app.bin
in=$work/in
printf 'device-A root secret, 32 bytes!!' >"$in/root"
printf '0123456789abcdef0123456789abcdef' >"$in/aead.key"
DEV=00112233445566778899aabbccddeeff

# keyhash of a public key file, or "" when it fails.
keyhash() {
    "$fw" keyhash "$1" 2>/dev/null
}

# Signs app.bin with private key $1 into $2 (status of mdsec-fw sign).
sign() {
    "$fw" sign --key "$1" --version 1.0.0 --header-size 0x200 --pad-header "$app" "$2" \
        >"$work/out" 2>"$work/err"
}

case $group in
keys)
    # Keys as imgtool and openssl write them, in every tool that reads keys.
    for f in "$data"/*.pem; do
        sed 's/$/\r/' "$f" >"$in/crlf-$(basename "$f")"
    done
    h_pem=$(keyhash "$data/imgtool-ecdsa-p256.pub.pem")
    h_der=$(keyhash "$data/imgtool-ecdsa-p256.pub.der")
    if [ -n "$h_pem" ] && [ "$h_pem" = "$h_der" ]; then pass "mdsec-fw keyhash: imgtool PEM and DER public key"; else fail "mdsec-fw keyhash: imgtool PEM and DER public key"; fi
    h_crlf=$(keyhash "$in/crlf-imgtool-ecdsa-p256.pub.pem")
    if [ -n "$h_crlf" ] && [ "$h_crlf" = "$h_pem" ]; then pass "mdsec-fw keyhash: CRLF line ends"; else fail "mdsec-fw keyhash: CRLF line ends ($h_crlf)"; fi
    for p in imgtool-ecdsa-p384.pub.pem openssl-ecparam-p256.pub.pem openssl-genpkey-p256.pub.pem; do
        expect 0 "mdsec-fw keyhash $p" -- "$fw" keyhash "$data/$p"
    done
    # Sign with each private key form, verify with its public key.
    for pair in imgtool-ecdsa-p256:imgtool-ecdsa-p256.pub.pem \
        openssl-ecparam-p256:openssl-ecparam-p256.pub.pem \
        openssl-genpkey-p256:openssl-genpkey-p256.pub.pem \
        openssl-sec1-p256:openssl-genpkey-p256.pub.pem; do
        k=${pair%%:*}
        p=${pair#*:}
        for variant in "$data/$k.pem" "$in/crlf-$k.pem"; do
            name=$(basename "$variant")
            if sign "$variant" "$work/$name.img"; then pass "mdsec-fw sign --key $name"; else fail "mdsec-fw sign --key $name"; fi
            expect 0 "  verifies with $p" "valid" -- "$fw" verify --key "$data/$p" "$work/$name.img"
        done
    done
    expect 0 "mdsec-fw sign with a P-384 imgtool key" -- \
        "$fw" sign --key "$data/imgtool-ecdsa-p384.pem" --version 1.0.0 --header-size 0x200 --pad-header "$app" "$work/p384.img"
    expect 0 "  verifies with imgtool-ecdsa-p384.pub.pem" "valid" -- "$fw" verify --key "$data/imgtool-ecdsa-p384.pub.pem" "$work/p384.img"
    expect 1 "  not with a P-256 key" "untrusted" -- "$fw" verify --key "$data/imgtool-ecdsa-p256.pub.pem" "$work/p384.img"
    expect_err 2 "mdsec-fw sign: an encrypted PKCS#8 key" \
        "mdsec-fw: $data/openssl-encrypted-p256.pem: encrypted private keys are not supported; decrypt it first" -- \
        "$fw" sign --key "$data/openssl-encrypted-p256.pem" --version 1.0.0 --header-size 0x200 --pad-header "$app" "$work/o.img"
    expect_err 2 "mdsec-fw sign: a legacy encrypted key" \
        "mdsec-fw: $data/openssl-legacy-encrypted-p256.pem: malformed PEM at line 2: header lines are not supported (an encrypted key? decrypt it first)" -- \
        "$fw" sign --key "$data/openssl-legacy-encrypted-p256.pem" --version 1.0.0 --header-size 0x200 --pad-header "$app" "$work/o.img"
    # mdsec-keys: every form as a built-in key.
    n_spec=0
    for f in imgtool-ecdsa-p256.pem openssl-ecparam-p256.pem openssl-genpkey-p256.pem openssl-sec1-p256.pem; do
        for v in "$data/$f" "$in/crlf-$f"; do
            n_spec=$((n_spec + 1))
            expect 0 "mdsec-keys make: p256-pair $(basename "$v")" -- \
                "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=$n_spec,type=p256-pair,file="$v"
        done
    done
    for f in imgtool-ecdsa-p256.pub.pem imgtool-ecdsa-p256.pub.der openssl-ecparam-p256.pub.pem openssl-genpkey-p256.pub.pem crlf-imgtool-ecdsa-p256.pub.pem; do
        case $f in crlf-*) v=$in/$f ;; *) v=$data/$f ;; esac
        expect 0 "mdsec-keys make: p256-public $f" -- \
            "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=p256-public,file="$v"
    done
    expect 0 "mdsec-keys make: p384-public imgtool-ecdsa-p384.pub.pem" -- \
        "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=p384-public,file="$data/imgtool-ecdsa-p384.pub.pem"
    # mdsec-log: the checkpoint public key of a bundle.
    od -An -tx1 -v -j 26 "$data/imgtool-ecdsa-p256.pub.der" | tr -d ' \n' >"$in/point.hex"
    printf '4041424344454647404142434445464740414243444546474041424344454647' >"$in/k0.hex"
    for v in "$data/imgtool-ecdsa-p256.pub.pem" "$data/imgtool-ecdsa-p256.pub.der" "$in/crlf-imgtool-ecdsa-p256.pub.pem"; do
        name=$(basename "$v")
        rm -f "$work/bundle.bin"
        expect 0 "mdsec-log bundle --pubkey $name" -- \
            "$log" bundle --key-file "$in/k0.hex" --device-id $DEV --evolve-every 4 --pubkey "$v" -o "$work/bundle.bin"
        expect 0 "  holds the key's point" "$(cat "$in/point.hex")" -- "$log" bundle --show "$work/bundle.bin"
    done
    ;;
pem)
    # Damaged PEM: one message per fault, the same in every tool.
    pub=$data/imgtool-ecdsa-p256.pub.pem
    last=$(sed -n 3p "$pub")
    { sed -n 1p "$pub"; sed -n 2p "$pub" | sed 's/^\(.\{10\}\)./\1*/'; sed -n '3,$p' "$pub"; } >"$in/badchar.pem"
    { sed -n 1,3p "$pub" | sed '3s/$/=/'; sed -n 4p "$pub"; } >"$in/badpad.pem"
    { sed -n 1,3p "$pub"; echo "AAAA"; sed -n 4p "$pub"; } >"$in/afterpad.pem"
    { sed -n 1,2p "$pub"; printf '%s' "$last" | sed 's/==$//'; echo; sed -n 4p "$pub"; } >"$in/length.pem"
    { cat "$pub"; echo "trailing text"; } >"$in/trailing.pem"
    sed '$d' "$pub" >"$in/noend.pem"
    { sed -n 1,3p "$pub"; echo "-----END PRIVATE KEY-----"; } >"$in/endlabel.pem"
    { echo "-----BEGIN PUBLIC KEY-----"; echo "-----END PUBLIC KEY-----"; } >"$in/emptyblock.pem"
    { echo "Bag Attributes: none"; cat "$pub"; } >"$in/leading.pem"
    for c in "badchar:2:a character that is not base64" \
        "badpad:3:bad base64 padding" \
        "afterpad:4:base64 after the padding" \
        "length:4:base64 length not a multiple of 4" \
        "trailing:5:text outside a BEGIN/END block" \
        "leading:1:text outside a BEGIN/END block" \
        "noend:1:no END line for this BEGIN" \
        "endlabel:4:END line with another label than its BEGIN" \
        "emptyblock:2:empty block"; do
        f=${c%%:*}
        rest=${c#*:}
        line=${rest%%:*}
        why=${rest#*:}
        msg="$in/$f.pem: malformed PEM at line $line: $why"
        expect_err 2 "mdsec-fw keyhash $f.pem" "mdsec-fw: $msg" -- "$fw" keyhash "$in/$f.pem"
        expect_err 1 "mdsec-keys make: p256-public $f.pem" "mdsec-keys: $msg" -- \
            "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=p256-public,file="$in/$f.pem"
        expect_err 2 "mdsec-log bundle --pubkey $f.pem" "mdsec-log: $msg" -- \
            "$log" bundle --key-file "$in/root" --device-id $DEV --evolve-every 4 --pubkey "$in/$f.pem" -o "$work/bb.bin"
    done
    printf 'not a key\n' >"$in/text.pem"
    expect_err 2 "mdsec-fw keyhash: a text file" "mdsec-fw: $in/text.pem: not a PEM or DER key file" -- "$fw" keyhash "$in/text.pem"
    expect_err 2 "mdsec-fw verify --key: a text file" "mdsec-fw: $in/text.pem: not a PEM or DER key file" -- "$fw" verify --key "$in/text.pem" "$app"
    expect_err 1 "mdsec-keys make: a text file" "mdsec-keys: $in/text.pem: not a PEM or DER key file" -- \
        "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=p256-public,file="$in/text.pem"
    expect_err 2 "mdsec-log bundle --pubkey: a text file" "mdsec-log: $in/text.pem: not a PEM or DER key file" -- \
        "$log" bundle --key-file "$in/root" --device-id $DEV --evolve-every 4 --pubkey "$in/text.pem" -o "$work/bb.bin"
    expect_err 2 "mdsec-fw keyhash: a private key" \
        "mdsec-fw: $data/imgtool-ecdsa-p256.pem: PEM block \"PRIVATE KEY\" is not a supported key here (expected \"PUBLIC KEY\")" -- \
        "$fw" keyhash "$data/imgtool-ecdsa-p256.pem"
    expect_err 1 "mdsec-keys: a public key as p256-pair" \
        "mdsec-keys: $pub: PEM block \"PUBLIC KEY\" is not a supported key here (expected \"PRIVATE KEY\" or \"EC PRIVATE KEY\")" -- \
        "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=p256-pair,file="$pub"
    check "no blob written by the refusals" test ! -e "$work/b.bin"
    ;;
messages)
    # One message per file fault, with the OS's reason, in every tool.
    d=$work/adir
    mkdir -p "$d"
    : >"$in/empty"
    head -c 20 "$fx/mcuboot/signed-ecdsa-p256.bin" >"$in/short.bin"
    p256=$fx/mcuboot/pub-ecdsa-p256.pem
    img=$fx/mcuboot/signed-ecdsa-p256.bin
    mkdir -p "$in/log" && "$gen" "$in/log" >/dev/null 2>&1 || fail "mdsec-log-gen wrote the inputs"
    isdir="cannot read: Is a directory"
    for c in "$fw verify --key $d $img" "$fw verify --key $p256 $d" "$fw verify --key $p256 --revoked $d $img" \
        "$fw info $d" "$fw keyhash $d" "$fw sign --key $d --version 1 --header-size 0x200 --pad-header $app $work/o.img" \
        "$fw sign --key $fx/mcuboot/key-ecdsa-p256.pem --version 1 --header-size 0x200 --pad-header $d $work/o.img"; do
        expect_err 2 "mdsec-fw ${c#* }" "mdsec-fw: $d: $isdir" -- $c
    done
    for c in "$keys make --root-secret $d --out $work/b.bin id=1,type=aead,file=$in/aead.key" \
        "$keys make --root-secret $in/root --out $work/b.bin id=1,type=aead,file=$d" \
        "$keys make --root-secret $in/root --out $work/b.bin id=1,type=p256-public,file=$d" \
        "$keys verify --root-secret $in/root $d" "$keys show --root-secret $d $d"; do
        expect_err 2 "mdsec-keys ${c#* }" "mdsec-keys: $d: $isdir" -- $c
    done
    K="--key-file $in/log/k0.hex --device-id $DEV --evolve-every 2"
    for c in "$log verify $K $d" "$log verify --key-file $d --device-id $DEV --evolve-every 2 $in/log/good.bin" \
        "$log verify --bundle $d $in/log/good.bin" "$log verify $K --pubkey $d $in/log/good.bin" \
        "$log verify $K --pubkey $in/log/pub.raw --witness $d $in/log/good.bin" \
        "$log show $d" "$log export $d" "$log bundle --show $d"; do
        expect_err 2 "mdsec-log ${c#* }" "mdsec-log: $d: $isdir" -- $c
    done
    # A file that does not exist.
    nf=$work/nosuch.txt
    noent="cannot open: No such file or directory"
    expect_err 2 "mdsec-fw verify --revoked (missing HASHFILE)" "mdsec-fw: $nf: $noent" -- "$fw" verify --key "$p256" --revoked "$nf" "$img"
    expect_err 2 "mdsec-fw verify (missing image)" "mdsec-fw: $nf: $noent" -- "$fw" verify --key "$p256" "$nf"
    expect_err 2 "mdsec-fw verify --key (missing key)" "mdsec-fw: $nf: $noent" -- "$fw" verify --key "$nf" "$img"
    expect_err 2 "mdsec-fw info (missing image)" "mdsec-fw: $nf: $noent" -- "$fw" info "$nf"
    expect_err 2 "mdsec-fw sign (missing input)" "mdsec-fw: $nf: $noent" -- \
        "$fw" sign --key "$fx/mcuboot/key-ecdsa-p256.pem" --version 1 --header-size 0x200 --pad-header "$nf" "$work/o.img"
    expect_err 2 "mdsec-keys make (missing key file)" "mdsec-keys: $nf: $noent" -- \
        "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=aead,file="$nf"
    expect_err 2 "mdsec-keys verify (missing blob)" "mdsec-keys: $nf: $noent" -- "$keys" verify --root-secret "$in/root" "$nf"
    expect_err 2 "mdsec-log verify (missing export)" "mdsec-log: $nf: $noent" -- "$log" verify $K "$nf"
    expect_err 2 "mdsec-log show (missing export)" "mdsec-log: $nf: $noent" -- "$log" show "$nf"
    # Empty files: the same message everywhere; the exit status of a malformed input.
    e=$in/empty
    expect_err 1 "mdsec-fw verify: empty image" "mdsec-fw: $e: empty file" -- "$fw" verify --key "$p256" "$e"
    expect_err 1 "mdsec-fw info: empty image" "mdsec-fw: $e: empty file" -- "$fw" info "$e"
    expect_err 2 "mdsec-fw keyhash: empty key file" "mdsec-fw: $e: empty file" -- "$fw" keyhash "$e"
    expect_err 1 "mdsec-keys verify: empty blob" "mdsec-keys: $e: empty file" -- "$keys" verify --root-secret "$in/root" "$e"
    expect_err 1 "mdsec-keys make: empty key file" "mdsec-keys: $e: empty file" -- \
        "$keys" make --root-secret "$in/root" --out "$work/b.bin" id=1,type=p256-public,file="$e"
    expect_err 1 "mdsec-log verify: empty export" "mdsec-log: $e: empty file" -- "$log" verify $K "$e"
    expect_err 1 "mdsec-log show: empty export" "mdsec-log: $e: empty file" -- "$log" show "$e"
    expect_err 1 "mdsec-log export: empty export" "mdsec-log: $e: empty file" -- "$log" export "$e"
    expect_err 2 "mdsec-log verify: empty key file" "mdsec-log: $e: empty file" -- \
        "$log" verify --key-file "$e" --device-id $DEV --evolve-every 2 "$in/log/good.bin"
    # An image shorter than its header: the same message from verify and info.
    s=$in/short.bin
    expect_err 1 "mdsec-fw verify: 20-byte image" "mdsec-fw: $s: malformed: shorter than the 32-byte image header" -- "$fw" verify --key "$p256" "$s"
    expect_err 1 "mdsec-fw info: 20-byte image" "mdsec-fw: $s: malformed: shorter than the 32-byte image header" -- "$fw" info "$s"
    # Outputs that cannot be created or written.
    nd=$work/no/such/dir/out
    expect_err 2 "mdsec-fw sign: cannot create" "mdsec-fw: $nd: cannot create: No such file or directory" -- \
        "$fw" sign --key "$fx/mcuboot/key-ecdsa-p256.pem" --version 1 --header-size 0x200 --pad-header "$app" "$nd"
    expect_err 2 "mdsec-keys make: cannot create" "mdsec-keys: $nd: cannot create: No such file or directory" -- \
        "$keys" make --root-secret "$in/root" --out "$nd" id=1,type=aead,file="$in/aead.key"
    expect_err 2 "mdsec-log export: cannot create" "mdsec-log: $nd: cannot create: No such file or directory" -- \
        "$log" export -o "$nd" "$in/log/good.bin"
    if [ -w /dev/full ]; then
        full="/dev/full: cannot write: No space left on device"
        expect_err 2 "mdsec-fw sign: write error" "mdsec-fw: $full" -- \
            "$fw" sign --key "$fx/mcuboot/key-ecdsa-p256.pem" --version 1 --header-size 0x200 --pad-header "$app" /dev/full
        expect_err 2 "mdsec-keys make: write error" "mdsec-keys: $full" -- \
            "$keys" make --root-secret "$in/root" --out /dev/full id=1,type=aead,file="$in/aead.key"
        expect_err 2 "mdsec-log export (JSON Lines): write error" "mdsec-log: $full" -- "$log" export -o /dev/full "$in/log/good.bin"
        expect_err 2 "mdsec-log export (binary): write error" "mdsec-log: $full" -- "$log" export --format bin -o /dev/full "$in/log/good.bin"
        check "/dev/full is still there" test -c /dev/full
    fi
    ;;
outputs)
    # An output that is one of the inputs is refused before anything is written.
    cp "$app" "$in/app.bin"
    cp "$fx/mcuboot/key-ecdsa-p256.pem" "$in/key.pem"
    key=$in/key.pem
    same() { # OUT IN
        echo "$1: is the same file as the input $2 (refusing to overwrite it)"
    }
    S="--version 1.0.0 --header-size 0x200 --pad-header"
    expect_err 2 "mdsec-fw sign IN IN" "mdsec-fw: $(same "$in/app.bin" "$in/app.bin")" -- "$fw" sign --key "$key" $S "$in/app.bin" "$in/app.bin"
    check "  IN unchanged" cmp -s "$in/app.bin" "$app"
    ln "$in/app.bin" "$in/hardlink.bin"
    expect_err 2 "mdsec-fw sign IN LINK (a hard link)" "mdsec-fw: $(same "$in/hardlink.bin" "$in/app.bin")" -- "$fw" sign --key "$key" $S "$in/app.bin" "$in/hardlink.bin"
    ln -s app.bin "$in/symlink.bin"
    expect_err 2 "mdsec-fw sign IN SYMLINK" "mdsec-fw: $(same "$in/symlink.bin" "$in/app.bin")" -- "$fw" sign --key "$key" $S "$in/app.bin" "$in/symlink.bin"
    expect_err 2 "mdsec-fw sign IN ./IN" "mdsec-fw: $(same "$in/./app.bin" "$in/app.bin")" -- "$fw" sign --key "$key" $S "$in/app.bin" "$in/./app.bin"
    expect_err 2 "mdsec-fw sign --key K IN K" "mdsec-fw: $(same "$key" "$key")" -- "$fw" sign --key "$key" $S "$in/app.bin" "$key"
    check "  the key unchanged" cmp -s "$key" "$fx/mcuboot/key-ecdsa-p256.pem"
    check "  IN unchanged" cmp -s "$in/app.bin" "$app"
    expect_err 2 "mdsec-fw sign IN - >>IN (stdout is the input)" \
        "mdsec-fw: standard output is the same file as the input $in/app.bin (refusing to overwrite it)" -- \
        sh -c "exec \"$fw\" sign --key \"$key\" $S \"$in/app.bin\" - >>\"$in/app.bin\""
    check "  IN unchanged" cmp -s "$in/app.bin" "$app"
    expect 0 "mdsec-fw sign IN OUT still works" -- "$fw" sign --key "$key" $S "$in/app.bin" "$work/signed.bin"
    # mdsec-keys
    cp "$in/root" "$in/root.orig"
    cp "$in/aead.key" "$in/aead.orig"
    expect_err 2 "mdsec-keys make --out ROOT" "mdsec-keys: $(same "$in/root" "$in/root")" -- \
        "$keys" make --root-secret "$in/root" --out "$in/root" id=1,type=aead,file="$in/aead.key"
    expect_err 2 "mdsec-keys make --out KEYFILE" "mdsec-keys: $(same "$in/aead.key" "$in/aead.key")" -- \
        "$keys" make --root-secret "$in/root" --out "$in/aead.key" id=1,type=aead,file="$in/aead.key"
    expect_err 2 "mdsec-keys make --c-array KEYFILE" "mdsec-keys: $(same "$in/aead.key" "$in/aead.key")" -- \
        "$keys" make --root-secret "$in/root" --out "$work/b.bin" --c-array "$in/aead.key" --name k id=1,type=aead,file="$in/aead.key"
    check "  root secret unchanged" cmp -s "$in/root" "$in/root.orig"
    check "  key file unchanged" cmp -s "$in/aead.key" "$in/aead.orig"
    check "  no blob written" test ! -e "$work/b.bin"
    # mdsec-log
    mkdir -p "$in/log" && "$gen" "$in/log" >/dev/null 2>&1 || fail "mdsec-log-gen wrote the inputs"
    cp "$in/log/good.bin" "$in/good.orig"
    g=$in/log/good.bin
    expect_err 2 "mdsec-log export X -o X" "mdsec-log: $(same "$g" "$g")" -- "$log" export "$g" -o "$g"
    expect_err 2 "mdsec-log export --format bin X -o X" "mdsec-log: $(same "$g" "$g")" -- "$log" export --format bin "$g" -o "$g"
    ln "$g" "$in/good-link.bin"
    expect_err 2 "mdsec-log export X -o LINK" "mdsec-log: $(same "$in/good-link.bin" "$g")" -- "$log" export "$g" -o "$in/good-link.bin"
    expect_err 2 "mdsec-log export X >>X" \
        "mdsec-log: standard output is the same file as the input $g (refusing to overwrite it)" -- \
        sh -c "exec \"$log\" export \"$g\" >>\"$g\""
    check "  the export unchanged" cmp -s "$g" "$in/good.orig"
    cp "$in/log/k0.hex" "$in/k0.orig"
    expect_err 2 "mdsec-log bundle -o KEYFILE" "mdsec-log: $(same "$in/log/k0.hex" "$in/log/k0.hex")" -- \
        "$log" bundle --key-file "$in/log/k0.hex" --device-id $DEV --evolve-every 2 --pubkey "$in/log/pub.der" -o "$in/log/k0.hex"
    expect_err 2 "mdsec-log bundle -o PUBKEY" "mdsec-log: $(same "$in/log/pub.der" "$in/log/pub.der")" -- \
        "$log" bundle --key-file "$in/log/k0.hex" --device-id $DEV --evolve-every 2 --pubkey "$in/log/pub.der" -o "$in/log/pub.der"
    check "  the key file unchanged" cmp -s "$in/log/k0.hex" "$in/k0.orig"
    ;;
*)
    echo "unknown group $group" >&2
    exit 2
    ;;
esac

echo "1..$n"
tap_finish
