#!/usr/bin/env python3
"""Insert the corpus's kerneldoc spec blocks into a copy of a kernel tree.

usage: insert-specs.py CORPUS TREE MANIFEST

For every syscall with a kerneldoc block in CORPUS, the newest posting's block
is put right above the syscall's SYSCALL_DEFINEn line in TREE, replacing the
kerneldoc comment already there, if any. Files are rewritten, not edited in
place, so a hard-linked copy of a tree keeps its original intact.

MANIFEST gets one line per inserted spec: name, file, the line of the `/**`
and the line of the definition, tab-separated. Syscalls whose definition is
not in this tree are reported on stderr and left out.
"""

import os
import re
import sys

# Postings, oldest first (the corpus README gives the history).
ORDER = ["rfc-v1", "rfc-v2", "rfc-v3", "rfc-v4", "rfc-v5", "spec-branch", "v1", "v2", "v3", "v4"]
HEADER = re.compile(r"file=(\S+) format=kerneldoc")
DEFINE = re.compile(r"^(?:COMPAT_)?SYSCALL_DEFINE\d\((\w+)")


def newest_blocks(corpus):
    """{syscall: (version, kernel path, comment lines)} for the newest posting."""
    found = {}
    for version in ORDER:
        d = os.path.join(corpus, version)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                lines = f.read().split("\n")
            m = HEADER.search(lines[0])
            if not m:
                continue
            body = lines[1:]
            define = next((i for i, l in enumerate(body) if DEFINE.match(l)), None)
            if define is None or not body[0].startswith("/**"):
                sys.exit(f"{d}/{name}: no `/**` block followed by a SYSCALL_DEFINE line")
            end = max(i for i in range(define) if body[i].strip() == "*/")
            syscall = DEFINE.match(body[define]).group(1)
            found[syscall] = (version, m.group(1), body[: end + 1])
    return found


def existing_comment(lines, define):
    """The range of the kerneldoc comment right above line `define`, if any."""
    end = define - 1
    if end < 0 or lines[end].strip() != "*/":
        return None
    start = end
    while start >= 0 and not lines[start].lstrip().startswith("/*"):
        start -= 1
    if start < 0 or not lines[start].startswith("/**"):
        return None
    return start, end + 1


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    corpus, tree, manifest = sys.argv[1:]
    by_file = {}
    for syscall, (version, path, block) in sorted(newest_blocks(corpus).items()):
        by_file.setdefault(path, []).append((syscall, version, block))
    out = []
    for path, items in sorted(by_file.items()):
        full = os.path.join(tree, path)
        if not os.path.exists(full):
            print(f"insert-specs: {path}: not in this tree; skipped {[s for s, _, _ in items]}", file=sys.stderr)
            continue
        with open(full, encoding="utf-8", errors="surrogateescape") as f:
            lines = f.read().split("\n")
        placed = []
        for syscall, version, block in items:
            define = next((i for i, l in enumerate(lines) if re.match(rf"^SYSCALL_DEFINE\d\({syscall}\s*[,)]", l)), None)
            if define is None:
                print(f"insert-specs: {path}: no SYSCALL_DEFINE for {syscall}; skipped", file=sys.stderr)
                continue
            old = existing_comment(lines, define)
            start, stop = old if old else (define, define)
            lines[start:stop] = block
            placed.append((syscall, version))
        # Line numbers are taken after every insertion into the file.
        for syscall, version in placed:
            define = next(i for i, l in enumerate(lines) if re.match(rf"^SYSCALL_DEFINE\d\({syscall}\s*[,)]", l))
            start = max(i for i in range(define) if lines[i].startswith("/**"))
            out.append(f"sys_{syscall}\t{path}\t{start + 1}\t{define + 1}\t{version}")
        tmp = full + ".kapi-tmp"
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("\n".join(lines))
        os.replace(tmp, full)  # a new inode: hard links to the original stay as they were
    with open(manifest, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"insert-specs: {len(out)} specs inserted into {len(by_file)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
