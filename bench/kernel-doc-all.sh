#!/bin/sh
# scripts/kernel-doc -none over every .c file of a tree, 2 parallel jobs:
# the baseline the tree-scan benchmark compares kapi with.
cd "$1" || exit 2
find . -name '*.c' -print0 | xargs -0 -n 200 -P "${2:-2}" perl scripts/kernel-doc -none 2>/dev/null
