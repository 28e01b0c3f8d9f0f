#!/usr/bin/env python3
"""Regenerate crates/kapi-model/src/tables/generated.rs from a kernel tree.

Usage: scripts/gen-tables.py /path/to/linux-source-6.12

Only numeric facts are taken from the headers (x86_64 view). The output is a
sorted Rust table; nothing else from the headers is copied.
"""
import re
import sys
from pathlib import Path

TREE = Path(sys.argv[1])

HEADERS = [
    "include/uapi/asm-generic/fcntl.h",
    "include/uapi/linux/fcntl.h",
    "include/uapi/linux/stat.h",
    "include/linux/stat.h",
    "include/uapi/asm-generic/mman-common.h",
    "include/uapi/asm-generic/mman.h",
    "arch/x86/include/uapi/asm/mman.h",
    "include/uapi/linux/mman.h",
    "include/uapi/linux/limits.h",
    "include/uapi/linux/xattr.h",
    "include/uapi/linux/eventpoll.h",
    "include/uapi/linux/fs.h",
    "include/uapi/linux/openat2.h",
    "include/uapi/linux/sched.h",
    "include/uapi/linux/kexec.h",
    "include/uapi/linux/aio_abi.h",
    "include/uapi/asm-generic/resource.h",
    "include/uapi/linux/resource.h",
    "include/uapi/linux/falloc.h",
    "include/uapi/asm-generic/ioctls.h",
    "include/uapi/asm-generic/poll.h",
    "include/uapi/linux/uio.h",
    "include/uapi/linux/fadvise.h",
    "include/uapi/asm-generic/signal-defs.h",
    "include/uapi/linux/prctl.h",
]

# Headers whose anonymous enums hold constants (`IOCB_CMD_PREAD = 0,`).
ENUM_HEADERS = [
    "include/uapi/linux/aio_abi.h",
]

# LP64 / x86_64 base facts that are not plain #defines in one header.
BASE = {
    "CHAR_BIT": 8,
    "S8_MAX": 2**7 - 1, "S8_MIN": -2**7, "U8_MAX": 2**8 - 1,
    "S16_MAX": 2**15 - 1, "S16_MIN": -2**15, "U16_MAX": 2**16 - 1,
    "S32_MAX": 2**31 - 1, "S32_MIN": -2**31, "U32_MAX": 2**32 - 1,
    "S64_MAX": 2**63 - 1, "S64_MIN": -2**63, "U64_MAX": 2**64 - 1,
    "SHRT_MAX": 2**15 - 1, "SHRT_MIN": -2**15, "USHRT_MAX": 2**16 - 1,
    "INT_MAX": 2**31 - 1, "INT_MIN": -2**31, "UINT_MAX": 2**32 - 1,
    "LONG_MAX": 2**63 - 1, "LONG_MIN": -2**63, "ULONG_MAX": 2**64 - 1,
    "LLONG_MAX": 2**63 - 1, "LLONG_MIN": -2**63, "ULLONG_MAX": 2**64 - 1,
    "SIZE_MAX": 2**64 - 1, "SSIZE_MAX": 2**63 - 1,
    "PAGE_SHIFT": 12, "PAGE_SIZE": 4096, "PAGE_MASK": -4096,
    "HPAGE_SHIFT": 21, "HPAGE_SIZE": 2**21,
    "MAX_RW_COUNT": (2**31 - 1) & ~4095,
    "NULL": 0,
    "AT_FDCWD": -100,
    "SCHED_ATTR_SIZE_VER0": 48, "SCHED_ATTR_SIZE_VER1": 56,
    "MAX_ARG_STRLEN": 4096 * 32, "MAX_ARG_STRINGS": 0x7FFFFFFF,
    "KEXEC_SEGMENT_MAX": 16,
    "UIO_MAXIOV": 1024, "IOV_MAX": 1024,
    "_NSIG": 64,
    "FASYNC": 0o20000,
}

DEF = re.compile(r"^\s*#\s*define\s+([A-Z_][A-Z0-9_]*)\s+(.+?)\s*(?:/\*.*)?$")
NUM = re.compile(r"^\(?\s*(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*\s*\)?$")


def evaluate(expr, table):
    expr = re.sub(r"/\*.*?\*/", "", expr).strip()
    # Sparse annotations: `(__force __poll_t)0x00000001`.
    expr = re.sub(r"\(\s*__force\s+\w+\s*\)", "", expr).strip()
    if not expr or "(" in expr and re.search(r"[A-Za-z_]\w*\s*\(", expr):
        return None
    def repl(m):
        word = m.group(0)
        if word in table:
            return str(table[word])
        raise KeyError(word)
    try:
        py = re.sub(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]+\b", r"\1", expr)
        py = re.sub(r"\b0([0-7]+)\b", r"0o\1", py)
        py = re.sub(r"\b[A-Za-z_]\w*\b", repl, py)
        if not re.fullmatch(r"[0-9a-fA-FxXo\s|&^~<>+\-*()]+", py):
            return None
        return int(eval(py, {"__builtins__": {}}))
    except Exception:
        return None


def collect(paths, table, prefix_filter=None):
    for rel in paths:
        for line in (TREE / rel).read_text(errors="replace").splitlines():
            m = DEF.match(line)
            if not m:
                continue
            name, expr = m.groups()
            if name in table:
                continue
            if prefix_filter and not name.startswith(prefix_filter):
                continue
            value = evaluate(expr, table)
            if value is not None:
                table[name] = value


ENUM_ITEM = re.compile(r"^\s*([A-Z_][A-Z0-9_]*)\s*=\s*([^,/]+?)\s*,?\s*(?:/\*.*)?$")


def collect_enums(paths, table):
    for rel in paths:
        in_enum = False
        for line in (TREE / rel).read_text(errors="replace").splitlines():
            if re.match(r"^\s*enum\b[^;]*\{", line):
                in_enum = True
                continue
            if in_enum and "}" in line:
                in_enum = False
                continue
            m = ENUM_ITEM.match(line) if in_enum else None
            if m and m.group(1) not in table:
                value = evaluate(m.group(2), table)
                if value is not None:
                    table[m.group(1)] = value


def syscalls():
    """x86_64 syscall numbers (`common` and `64` ABIs) from syscall_64.tbl."""
    out = {}
    for line in (TREE / "arch/x86/entry/syscalls/syscall_64.tbl").read_text().splitlines():
        f = line.split()
        if len(f) >= 3 and not f[0].startswith("#") and f[1] in ("common", "64"):
            out[f[2]] = int(f[0])
    return out


def main():
    consts = dict(BASE)
    # Several rounds resolve forward references between headers.
    for _ in range(3):
        collect(HEADERS, consts)
    collect_enums(ENUM_HEADERS, consts)
    # drop include guards and helpers that are not values
    consts = {k: v for k, v in consts.items() if not k.endswith("_H") and not k.startswith("_")}

    errno = {}
    for rel in ["include/uapi/asm-generic/errno-base.h", "include/uapi/asm-generic/errno.h",
                "include/linux/errno.h"]:
        collect([rel], errno, "E")
    errno.pop("EDEADLOCK", None)
    errno["EDEADLOCK"] = errno["EDEADLK"]
    errno["ENOTSUP"] = errno["EOPNOTSUPP"]

    signals = {}
    collect(["arch/x86/include/uapi/asm/signal.h"], signals, "SIG")
    signals = {k: v for k, v in signals.items() if k not in ("SIGSTKSZ", "SIGRTMAX") and v < 65}
    signals["SIGRTMAX"] = 64
    signals["SIGPOLL"] = signals["SIGIO"]

    caps = {}
    collect(["include/uapi/linux/capability.h"], caps, "CAP_")
    caps = {k: v for k, v in caps.items() if k != "CAP_LAST_CAP" and v <= 63}

    out = ["// @generated by scripts/gen-tables.py from a linux-source-6.12 tree (x86_64 view).",
           "// Do not edit by hand; rerun the script instead.", ""]

    def emit(name, doc, table, ty):
        out.append(f"/// {doc}")
        out.append(f"pub static {name}: &[(&str, {ty})] = &[")
        for k in sorted(table):
            out.append(f"    (\"{k}\", {table[k]}),")
        out.append("];")
        out.append("")

    emit("ERRNOS", "Errno names and their x86_64 numbers, sorted by name.", errno, "i32")
    emit("SIGNALS", "Signal names and their x86_64 numbers, sorted by name.", signals, "i32")
    emit("CAPABILITIES", "Capability names and their numbers, sorted by name.", caps, "i32")
    for k in list(consts):
        if k in errno or k in signals or k in caps:
            del consts[k]
    emit("CONSTANTS", "Common kernel constants (x86_64), sorted by name.", consts, "i128")
    emit("SYSCALLS", "x86_64 system call names and numbers (`common` and `64` ABIs), sorted by name.",
         syscalls(), "u32")
    sys.stdout.write("\n".join(out))


main()
