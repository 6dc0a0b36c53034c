#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Worst-case stack depth from GCC's -fcallgraph-info=su output (.ci files).

usage: stack_usage.py DIR ENTRY [ENTRY...]

Sums each function's static frame (from -fstack-usage) along the deepest call
path from each entry. mdsec's core has no recursion and no function
pointers, so the call graph is a DAG and the sum is a true bound; a cycle or
a dynamic frame is reported as an error. Calls to functions outside the
graph (libc memcpy/memset) are listed and counted as 0 bytes.
"""
import glob
import os
import re
import sys

node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')


def load(directory):
    frames, calls = {}, {}
    for path in glob.glob(os.path.join(directory, '**', '*.ci'), recursive=True):
        text = open(path).read()
        for title, label in node_re.findall(text):
            m = re.search(r'(\d+) bytes \((static|dynamic[^)]*)\)', label)
            if m:
                if m.group(2) != 'static':
                    sys.exit('stack_usage: %s has a %s frame' % (title, m.group(2)))
                frames[title] = int(m.group(1))
        for src, dst in edge_re.findall(text):
            calls.setdefault(src, set()).add(dst)
    return frames, calls


def worst(fn, frames, calls, memo, stack, external):
    if fn in memo:
        return memo[fn]
    if fn in stack:
        sys.exit('stack_usage: recursion through %s' % fn)
    if fn not in frames:
        external.add(fn.split(':')[-1])
        return 0, [fn]
    stack.add(fn)
    best, best_path = 0, []
    for callee in sorted(calls.get(fn, ())):
        depth, path = worst(callee, frames, calls, memo, stack, external)
        if depth > best:
            best, best_path = depth, path
    stack.discard(fn)
    memo[fn] = (frames[fn] + best, [fn] + best_path)
    return memo[fn]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    frames, calls = load(sys.argv[1])
    memo, external = {}, set()
    for entry in sys.argv[2:]:
        key = next((k for k in frames if k == entry or k.endswith(':' + entry)), None)
        if key is None:
            sys.exit('stack_usage: no function %s' % entry)
        depth, path = worst(key, frames, calls, memo, set(), external)
        print('  %-28s %5d bytes  (%s)' % (entry, depth,
              ' > '.join(p.split(':')[-1] for p in path)))
    if external:
        print('  not counted (libc, leaf): %s' % ', '.join(sorted(external)))


if __name__ == '__main__':
    main()
