#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A tool's --help against what it parses, its doc page and its man page.
#
#   run_tool_docs.sh GROUP TOOL NAME DOC SRCDIR WORKDIR
#
# GROUP help: every command's --help lists options that the command
#   accepts (it does not answer "unknown option"), that are in the doc
#   page's synopsis for that command, and every option of that synopsis;
#   every spelling (-k, --key) is named in the doc page; every option that
#   the tool's sources name is in some command's --help.
# GROUP man: the man page SRCDIR/NAME.1 names every command and every
#   option of every --help, and groff (when installed) reads it without a
#   warning.
# Each check prints "ok N - ..." or "not ok N - ..."; exit status 1 if any failed.
set -u

group=$1
tool=$2
name=$3
doc=$4
src=$5
work=$6

case $tool in /*) ;; *) tool=$(pwd)/$tool ;; esac
rm -rf "$work"
mkdir -p "$work/run"
. "$(dirname "$0")/tap.sh"

# Spellings a tool refuses on purpose (not options it accepts): mdsec-log
# verify answers --key with "the key is read from a file".
refused=""
if [ "$name" = "mdsec-log" ]; then refused="--key"; fi

# The tool's commands, from its --help.
commands=$("$tool" --help | awk '/^commands:/ { c = 1; next } c && /^$/ { exit } c && /^  [a-z]/ { print $1 }' | uniq)

# help_options CMD: one line per option of "TOOL CMD --help": its spellings,
# then "=" when it takes a value (-h/--help left out).
help_options() {
    "$tool" "$1" --help | awk '
        /^options:/ { o = 1; next }
        o && /^$/ { exit }
        o && /^  -/ {
            col = substr($0, 3)
            sub(/  .*/, "", col)
            gsub(/,/, "", col)
            n = split(col, t, " ")
            out = ""; val = ""
            for (i = 1; i <= n; i++) {
                if (substr(t[i], 1, 1) == "-") out = out " " t[i]; else val = " ="
            }
            if (out != " -h --help") print substr(out, 2) val
        }'
}

# doc_synopsis CMD: the option spellings of the doc page's synopsis lines for
# CMD (the code block that starts with "NAME --help").
doc_synopsis() {
    awk -v tool="$name" '
        /^```/ {
            if (inb) { if (found) exit; inb = 0; n = 0 } else { inb = 1 }
            next
        }
        inb { if (index($0, tool " --help") == 1) found = 1; l[++n] = $0 }
        END { if (found) for (i = 1; i <= n; i++) print l[i] }' "$doc" |
        awk '/^ / { cur = cur $0; next } { if (cur != "") print cur; cur = $0 } END { print cur }' |
        awk -v p="$name $1 " 'index($0, p) == 1' |
        grep -oE -- '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[^-]*//' | sort -u
}

# Whether the spelling $1 is named in file $2 as a word of its own.
named_in() {
    grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" "$2"
}

case $group in
help)
    long=$("$tool" --help | awk 'length > 80' | head -1)
    if [ -z "$long" ]; then pass "$name --help fits 80 columns"; else fail "$name --help fits 80 columns: $long"; fi
    if [ -n "$commands" ]; then pass "$name --help lists commands: $(echo $commands)"; else fail "$name --help lists commands"; fi
    all=""
    for c in $commands; do
        help_options "$c" >"$work/help-$c"
        if "$tool" "$c" --help >/dev/null 2>&1; then pass "$name $c --help"; else fail "$name $c --help"; fi
        doc_synopsis "$c" >"$work/doc-$c"
        # Every option of the synopsis is one the command lists.
        while read -r t; do
            if grep -qE -- "(^| )$t( |\$)" "$work/help-$c"; then
                pass "$name $c: $t of the doc synopsis is in --help"
            else
                fail "$name $c: $t of the doc synopsis is in --help"
            fi
        done <"$work/doc-$c"
        while read -r line; do
            sp=${line% =}
            takes=0
            [ "$sp" != "$line" ] && takes=1
            found=0
            for s in $sp; do
                all="$all $s"
                grep -qxF -- "$s" "$work/doc-$c" && found=1
                if named_in "$s" "$doc"; then pass "$name $c: $s is named in $(basename "$doc")"; else fail "$name $c: $s is named in $(basename "$doc")"; fi
                # The command parses it: whatever else goes wrong, not an unknown option.
                if [ $takes -eq 1 ]; then
                    (cd "$work/run" && "$tool" "$c" "$s" x-value >"$work/out" 2>"$work/err")
                else
                    (cd "$work/run" && "$tool" "$c" "$s" >"$work/out" 2>"$work/err")
                fi
                rc=$?
                if [ $rc -ge 126 ] || grep -q "unknown option" "$work/err"; then fail "$name $c accepts $s"; else pass "$name $c accepts $s"; fi
            done
            if [ $found -eq 1 ]; then pass "$name $c: $sp in the doc synopsis"; else fail "$name $c: $sp in the doc synopsis"; fi
        done <"$work/help-$c"
        long=$("$tool" "$c" --help | awk 'length > 80' | head -1)
        if [ -z "$long" ]; then pass "$name $c --help fits 80 columns"; else fail "$name $c --help fits 80 columns: $long"; fi
        (cd "$work/run" && "$tool" "$c" --no-such-option >"$work/out" 2>"$work/err")
        if grep -q "unknown option --no-such-option" "$work/err"; then pass "$name $c refuses an option it does not list"; else fail "$name $c refuses an option it does not list"; fi
    done
    # Every option the sources name (parsed or in a message) is one a command lists.
    for t in $(cat "$src"/*.c | grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z0-9-]*' | sed 's/^[^-]*//' | sort -u); do
        case " $all --help --version $refused " in
        *" $t "*) pass "$t (in the sources) is listed by a --help or refused on purpose" ;;
        *) fail "$t (in the sources) is listed by a --help or refused on purpose" ;;
        esac
    done
    ;;
man)
    man=$src/$name.1
    if [ ! -f "$man" ]; then
        fail "$man exists"
    else
        pass "$man exists"
        sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(em/ /g' -e 's/\\&//g' "$man" >"$work/man.txt"
        check "man page header" grep -q "^\.TH $(echo "$name" | tr a-z A-Z) 1" "$man"
        for sec in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS"; do
            check "section $sec" grep -q "^\.SH \"*$sec\"*\$" "$man"
        done
        for c in $commands; do
            if named_in "$c" "$work/man.txt"; then pass "command $c named"; else fail "command $c named"; fi
            for s in $(help_options "$c" | sed 's/ =$//'); do
                if named_in "$s" "$work/man.txt"; then pass "$c option $s named"; else fail "$c option $s named"; fi
            done
        done
        for s in --help --version; do
            if named_in "$s" "$work/man.txt"; then pass "$s named"; else fail "$s named"; fi
        done
        if command -v groff >/dev/null 2>&1; then
            groff -man -Tutf8 -ww -z "$man" >"$work/out" 2>"$work/err"
            if [ ! -s "$work/err" ]; then pass "groff reads it without warnings"; else fail "groff reads it without warnings"; fi
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
