//! The rule catalogue: every check kapi reports, with its default level and
//! its explanation page.

/// How a rule's findings are treated.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; does not fail the run.
    Warn,
    /// Reported; fails the run (exit 1).
    Deny,
}

impl Level {
    /// The word used in configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// Parses `allow`, `warn` or `deny`.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "allow" => Some(Level::Allow),
            "warn" | "warning" => Some(Level::Warn),
            "deny" | "error" => Some(Level::Deny),
            _ => None,
        }
    }
}

/// Where a rule's findings come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Reading the input (the parser reports them).
    Syntax,
    /// Checks over the parsed spec.
    Check,
}

/// One rule.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Stable identifier.
    pub id: &'static str,
    /// Level when nothing overrides it.
    pub default: Level,
    /// Who reports it.
    pub origin: Origin,
    /// One line.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A spec fragment that triggers it.
    pub bad: &'static str,
    /// The fixed fragment.
    pub good: &'static str,
}

impl Rule {
    /// The `--explain` page.
    pub fn page(&self) -> String {
        let mut s = format!("{} ({}, {} by default)\n\n{}\n\n", self.id, self.summary, self.default.as_str(), self.why);
        s.push_str("Bad:\n\n");
        for l in self.bad.lines() {
            s.push_str("    ");
            s.push_str(l);
            s.push('\n');
        }
        s.push_str("\nGood:\n\n");
        for l in self.good.lines() {
            s.push_str("    ");
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

use Level::*;
use Origin::*;

/// Every rule, in catalogue order.
pub const RULES: &[Rule] = &[
    Rule {
        id: "kerneldoc-promotion",
        default: Deny,
        origin: Check,
        summary: "a line kernel-doc will take for a new top-level section",
        why: "kernel-doc ignores indentation when it looks for section names. An indented `constraint:` or \
`error:` inside an item, or a prose line that starts with `Note:` or `Context:`, starts a new section on the \
kernel side: the kernel's spec gets an extra item, and the text that follows is taken away from the item it \
belongs to. `cdesc:` (v1) and `errno:` (v3) exist to avoid this.",
        bad: " * param: start\n *   constraint: Rounded down to a page\n * signal: SIGKILL\n *   error: -EINTR",
        good: " * param: start\n *   cdesc: Rounded down to a page\n * signal: SIGKILL\n *   errno: -EINTR",
    },
    Rule {
        id: "return-blank-line",
        default: Deny,
        origin: Check,
        summary: "a blank line inside a `return:` block",
        why: "kernel-doc treats `return:` as a special section that ends at the first blank line. Sub-keys after \
the blank line fall into the description and never reach the kernel's return spec.",
        bad: " * return:\n *   type: int\n *\n *   check-type: exact",
        good: " * return:\n *   type: int\n *   check-type: exact",
    },
    Rule {
        id: "param-not-in-prototype",
        default: Deny,
        origin: Check,
        summary: "a `param:` block that names no argument of the definition",
        why: "The kernel builds its parameter list from the prototype; a block for a name that is not an argument \
is ignored there, and runtime checks never see it. It is usually a typo or a renamed argument.",
        bad: " * param: length\n *   type: uint, input\n */\nSYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)",
        good: " * param: len\n *   type: uint, input\n */\nSYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)",
    },
    Rule {
        id: "missing-param-block",
        default: Warn,
        origin: Check,
        summary: "an argument of the definition with no `param:` block",
        why: "The kernel still emits the parameter, with type void and no constraint, so nothing is checked for it \
and consumers learn nothing about it.",
        bad: " * param: start\n *   type: uint, input\n */\nSYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)",
        good: " * param: start\n *   type: uint, input\n * param: len\n *   type: uint, input",
    },
    Rule {
        id: "duplicate-param",
        default: Deny,
        origin: Syntax,
        summary: "two `param:` blocks for the same parameter",
        why: "The blocks are merged, but the second usually holds a copy-paste mistake; consumers disagree on \
which wins.",
        bad: " * param: fd\n *   type: fd, input\n * param: fd\n *   type: int, input",
        good: " * param: fd\n *   type: fd, input",
    },
    Rule {
        id: "param-count-mismatch",
        default: Deny,
        origin: Check,
        summary: "`param-count:` disagrees with the definition or the blocks",
        why: "The count is redundant; when it is wrong, tools that trust it read the wrong number of parameters.",
        bad: " * param-count: 3\n */\nSYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)",
        good: " */\nSYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)",
    },
    Rule {
        id: "duplicate-error",
        default: Warn,
        origin: Check,
        summary: "the same errno listed twice",
        why: "The kernel's error table and every consumer key errors by errno; a second entry hides the first. \
Describe every condition in one entry.",
        bad: " * error: EPERM, Not privileged\n * error: EPERM, Locked down",
        good: " * error: EPERM, Not permitted\n *   desc: The caller lacks CAP_SYS_BOOT, or the kernel is locked down.",
    },
    Rule {
        id: "errno-alias",
        default: Allow,
        origin: Check,
        summary: "two errno names with the same number (EAGAIN and EWOULDBLOCK)",
        why: "On Linux some errno names are aliases. Listing both gives two entries for one value; a runtime \
check cannot tell them apart.",
        bad: " * error: EAGAIN, Would block\n * error: EWOULDBLOCK, Would block",
        good: " * error: EAGAIN, Would block\n *   desc: Also known as EWOULDBLOCK.",
    },
    Rule {
        id: "internal-errno",
        default: Warn,
        origin: Check,
        summary: "an errno that user space never sees (ERESTARTSYS, ENOIOCTLCMD, ...)",
        why: "Codes from 512 up are kernel-internal: the syscall exit path turns them into EINTR or restarts the \
call. A spec of the user-space interface should list what the caller receives.",
        bad: " * error: ERESTARTSYS, Restart",
        good: " * error: EINTR, Interrupted\n *   desc: A signal arrived and SA_RESTART was not set.",
    },
    Rule {
        id: "errno-not-listed",
        default: Warn,
        origin: Check,
        summary: "a signal errno or return error value missing from the error list",
        why: "A signal's `errno:` and a return spec's `error-values:` are errors the call can return; every one \
should have an `error:` entry so that its condition is documented and runtime checks accept it.",
        bad: " * signal: SIGINT\n *   errno: -EINTR\n * error: EFAULT, Bad address",
        good: " * signal: SIGINT\n *   errno: -EINTR\n * error: EINTR, Interrupted\n * error: EFAULT, Bad address",
    },
    Rule {
        id: "bad-range",
        default: Deny,
        origin: Check,
        summary: "a range whose minimum is above its maximum",
        why: "No value satisfies it, so a runtime check rejects every call.",
        bad: " *   constraint-type: range(10, 1)",
        good: " *   constraint-type: range(1, 10)",
    },
    Rule {
        id: "bad-value",
        default: Deny,
        origin: Syntax,
        summary: "a value that does not parse (range, mask, enum, call form, yes/no)",
        why: "A value kapi cannot read is a value the kernel's generator cannot read either; the field ends up \
zero or missing in the built kernel.",
        bad: " *   constraint-type: range(0)\n *   acquired: perhaps",
        good: " *   constraint-type: range(0, INT_MAX)\n *   acquired: true",
    },
    Rule {
        id: "unbalanced-parens",
        default: Deny,
        origin: Syntax,
        summary: "unbalanced parentheses in a call-form value",
        why: "The call form may wrap lines until its parentheses balance; an unclosed one swallows the lines \
after it.",
        bad: " *   constraint-type: mask(O_RDONLY | O_CREAT",
        good: " *   constraint-type: mask(O_RDONLY | O_CREAT)",
    },
    Rule {
        id: "unknown-key",
        default: Warn,
        origin: Syntax,
        summary: "a key that no KAPI consumer knows",
        why: "Unknown keys are dropped by the kernel's generator and by the upstream tool. kapi keeps the value, \
but nothing else will see it; it is often a typo.",
        bad: " * side-efect: alloc_memory",
        good: " * side-effect: alloc_memory",
    },
    Rule {
        id: "unknown-token",
        default: Deny,
        origin: Syntax,
        summary: "a word that is not a member of its enum (type, flag, lock type, effect, ...)",
        why: "The generated C names the enum member, so an unknown one does not compile (or, in some generators, \
silently becomes 0 or MODIFY_STATE).",
        bad: " *   type: KAPI_TYPE_ULONG",
        good: " *   type: uint",
    },
    Rule {
        id: "unknown-errno",
        default: Deny,
        origin: Syntax,
        summary: "an error that is not an errno name",
        why: "The generator emits `-NAME` as a C constant; a name that is not an errno does not compile, and no \
runtime check can match it.",
        bad: " * error: EBADFD2, Bad fd",
        good: " * error: EBADF, Bad fd",
    },
    Rule {
        id: "unknown-capability",
        default: Deny,
        origin: Syntax,
        summary: "a capability that is not a `CAP_` constant",
        why: "The capability number is taken from the constant; anything else does not compile.",
        bad: " * capability: CAP_SYSADMIN",
        good: " * capability: CAP_SYS_ADMIN",
    },
    Rule {
        id: "signal-not-signal",
        default: Warn,
        origin: Check,
        summary: "a signal item whose name is not a signal",
        why: "The kernel stores a signal number; a name such as `FATAL` or `Any signal` gives number 0, so a \
consumer cannot tell which signal is meant. Name the signal and describe the class in `condition:`.",
        bad: " * signal: FATAL\n *   direction: receive",
        good: " * signal: SIGKILL\n *   direction: receive\n *   condition: A fatal signal is pending",
    },
    Rule {
        id: "missing-value",
        default: Deny,
        origin: Syntax,
        summary: "a key with no value",
        why: "An empty value leaves the field unset in every consumer; it is usually an unfinished edit.",
        bad: " *   constraint-type:",
        good: " *   constraint-type: range(0, INT_MAX)",
    },
    Rule {
        id: "duplicate-key",
        default: Warn,
        origin: Syntax,
        summary: "a single-valued key given twice in one item",
        why: "Consumers disagree on which value wins (kapi keeps the first and reports the second).",
        bad: " *   type: int\n *   type: uint",
        good: " *   type: uint",
    },
    Rule {
        id: "lock-scope-ambiguous",
        default: Warn,
        origin: Check,
        summary: "a lock with both `acquired:` and `released:`",
        why: "The kernel's generator reads both as INTERNAL (taken and dropped inside the call); the upstream tool \
keeps the last one and says RELEASES (held on entry). Say which you mean with `scope:`.",
        bad: " * lock: mm->mmap_lock\n *   acquired: true\n *   released: true",
        good: " * lock: mm->mmap_lock\n *   scope: internal",
    },
    Rule {
        id: "since-version",
        default: Warn,
        origin: Check,
        summary: "`since-version:`, removed upstream in v2",
        why: "Reviewers found its meaning unclear and asked for specs that describe the kernel as it is; v2 \
removed it from the structures, debugfs, JSON and the generator, so the value goes nowhere.",
        bad: " * since-version: 2.6.13",
        good: " * notes: Available since Linux 2.6.13.",
    },
    Rule {
        id: "obsolete-dialect",
        default: Warn,
        origin: Check,
        summary: "a spec written in a dialect older than the v3/v4 short-token DSL",
        why: "The newest kernel-doc and tools read the short-token DSL; the RFC v3 flat keys and the RFC v4 typed \
heads are not understood there, and long `KAPI_*` tokens are kept only for compatibility.",
        bad: " * param-type: len, KAPI_TYPE_UINT",
        good: " * param: len\n *   type: uint, input",
    },
    Rule {
        id: "mixed-dialect",
        default: Warn,
        origin: Check,
        summary: "long `KAPI_*` tokens and short tokens mixed in one block",
        why: "Both are accepted, but a block should read one way; mixing usually means a half-done conversion.",
        bad: " *   type: KAPI_TYPE_FD\n *   flags: input",
        good: " *   type: fd, input",
    },
    Rule {
        id: "missing-description",
        default: Warn,
        origin: Check,
        summary: "a syscall spec without a one-line purpose",
        why: "The name line (`sys_x - purpose`) becomes the spec's description; without it every listing shows \
nothing.",
        bad: "/**\n * sys_mlock\n * contexts: process",
        good: "/**\n * sys_mlock - Lock pages in memory\n * contexts: process",
    },
    Rule {
        id: "missing-contexts",
        default: Warn,
        origin: Check,
        summary: "a syscall spec without `contexts:`",
        why: "The v4 build detects spec comments by their `contexts:` line; a spec without it is not built into \
the kernel at all.",
        bad: " * long-desc: Locks pages.\n * param: start",
        good: " * long-desc: Locks pages.\n * contexts: process, sleepable\n * param: start",
    },
    Rule {
        id: "missing-return",
        default: Warn,
        origin: Check,
        summary: "a syscall spec without a `return:` block",
        why: "Without a return spec the kernel has no return check and consumers cannot tell success from \
failure.",
        bad: " * error: EINVAL, Bad flags",
        good: " * return:\n *   type: int\n *   check-type: exact\n *   success: 0\n * error: EINVAL, Bad flags",
    },
    Rule {
        id: "missing-errors",
        default: Warn,
        origin: Check,
        summary: "a syscall that can fail, with no `error:` items",
        why: "Every error the call returns should be documented with its condition.",
        bad: " * return:\n *   type: int\n *   check-type: exact\n *   success: 0",
        good: " * return:\n *   type: int\n *   check-type: exact\n *   success: 0\n * error: EFAULT, Bad address",
    },
    Rule {
        id: "side-effect-no-target",
        default: Warn,
        origin: Check,
        summary: "a side effect without `target:`",
        why: "A side effect says what changes; without a target a reader cannot tell what.",
        bad: " * side-effect: modify_state\n *   desc: Updates a counter.",
        good: " * side-effect: modify_state\n *   target: mm->locked_vm\n *   desc: Updates a counter.",
    },
    Rule {
        id: "error-no-summary",
        default: Warn,
        origin: Check,
        summary: "an error without a summary after its name",
        why: "The summary is the error's one-line condition (`condition` in the kernel's table); listings show \
it next to the name.",
        bad: " * error: EFAULT\n *   desc: buf is not readable.",
        good: " * error: EFAULT, Bad address\n *   desc: buf is not readable.",
    },
    Rule {
        id: "no-definition",
        default: Deny,
        origin: Syntax,
        summary: "a spec block with no definition after it",
        why: "Consumers bind a spec to the definition that follows it; the upstream tool drops a block without \
one silently, and the kernel build names it after nothing.",
        bad: "/** ...spec... */\n\nstatic int helper;",
        good: "/** ...spec... */\nSYSCALL_DEFINE1(close, unsigned int, fd)",
    },
    Rule {
        id: "name-mismatch",
        default: Warn,
        origin: Syntax,
        summary: "the comment's name line names another function than the definition",
        why: "The spec is stored under the definition's name; a different name in the comment misleads readers \
and breaks lookups by the documented name.",
        bad: "/**\n * sys_open - ...\n */\nSYSCALL_DEFINE4(openat, ...)",
        good: "/**\n * sys_openat - ...\n */\nSYSCALL_DEFINE4(openat, ...)",
    },
    Rule {
        id: "indentation-recovered",
        default: Warn,
        origin: Syntax,
        summary: "sub-keys at column 0 whose indentation was recovered",
        why: "Sub-keys belong two spaces in. Without the indentation (a web archive flattens it) kapi attaches \
them to the item above, but the kernel's generator and other tools see a flat list.",
        bad: " * param: start\n * type: uint, input",
        good: " * param: start\n *   type: uint, input",
    },
    Rule {
        id: "ambiguous-indentation",
        default: Warn,
        origin: Syntax,
        summary: "a column-0 key that could be a sub-key or a new item",
        why: "Keys such as `constraint:` and `error:` are both top-level items and sub-keys. At column 0 right \
under an item, kapi takes them as sub-keys; only indentation or a blank line makes the intent clear.",
        bad: " * param: start\n * constraint: Rounded down",
        good: " * param: start\n *   cdesc: Rounded down",
    },
    Rule {
        id: "odd-whitespace",
        default: Warn,
        origin: Syntax,
        summary: "non-ASCII whitespace in the indentation",
        why: "A no-break space looks like a space but is not one for kernel-doc; the upstream tool panics on it.",
        bad: " *\u{a0}\u{a0}type: uint",
        good: " *   type: uint",
    },
    Rule {
        id: "stray-text",
        default: Warn,
        origin: Syntax,
        summary: "text that belongs to no key",
        why: "Text after `return:` or before any key is not part of any value consumers read.",
        bad: " * return: the result\n *   type: int",
        good: " * return:\n *   type: int\n *   desc: the result",
    },
    Rule {
        id: "orphan-key",
        default: Warn,
        origin: Syntax,
        summary: "an RFC v3 flat key with no item to attach to",
        why: "`lock-acquired:` and friends apply to the last `lock:`; without one the value is lost.",
        bad: " * lock-acquired: true",
        good: " * lock: mmap_lock, KAPI_LOCK_RWLOCK\n * lock-acquired: true",
    },
    Rule {
        id: "unterminated-comment",
        default: Deny,
        origin: Syntax,
        summary: "a spec comment that is never closed",
        why: "The comment runs to the end of the file and the definition is never found.",
        bad: "/**\n * sys_x - x\n * contexts: process\n",
        good: "/**\n * sys_x - x\n * contexts: process\n */",
    },
    Rule {
        id: "unknown-macro",
        default: Warn,
        origin: Syntax,
        summary: "a `KAPI_*` macro inside a macro spec that no posted header defines",
        why: "A macro spec is C: an unknown macro does not compile, or expands to something kapi cannot see. kapi \
keeps the call as an extra attribute so nothing is lost, but no field is set from it.",
        bad: "DEFINE_KERNEL_API_SPEC(sys_x)\n\tKAPI_DESCRIPTON(\"x\")\nKAPI_END_SPEC;",
        good: "DEFINE_KERNEL_API_SPEC(sys_x)\n\tKAPI_DESCRIPTION(\"x\")\nKAPI_END_SPEC;",
    },
    Rule {
        id: "unknown-field",
        default: Warn,
        origin: Syntax,
        summary: "a designated initialiser that names no field of `struct kernel_api_spec`",
        why: "The compiler rejects a field the struct does not have. kapi keeps the value as an extra attribute.",
        bad: "\t.retrun_spec = { .type = KAPI_TYPE_INT },",
        good: "\t.return_spec = { .type = KAPI_TYPE_INT },",
    },
    Rule {
        id: "macro-syntax",
        default: Deny,
        origin: Syntax,
        summary: "a macro spec that is not well-formed C (unbalanced brackets, no `KAPI_END_SPEC`)",
        why: "The compiler rejects it, and kapi cannot tell where the spec's items end; what follows the error may \
be missing from the spec.",
        bad: "DEFINE_KERNEL_API_SPEC(sys_x)\n\tKAPI_DESCRIPTION(\"x\"\nKAPI_END_SPEC;",
        good: "DEFINE_KERNEL_API_SPEC(sys_x)\n\tKAPI_DESCRIPTION(\"x\")\nKAPI_END_SPEC;",
    },
    Rule {
        id: "count-mismatch",
        default: Warn,
        origin: Syntax,
        summary: "a `*_count` field that differs from the number of items a macro spec defines",
        why: "The kernel walks arrays up to the count, not up to the last item written: a smaller count hides items \
from runtime checks and debugfs, and a larger one exposes empty entries.",
        bad: "\tKAPI_ERROR(0, -EINVAL, \"EINVAL\", \"bad\", \"bad\")\n\tKAPI_ERROR_COUNT(2)",
        good: "\tKAPI_ERROR(0, -EINVAL, \"EINVAL\", \"bad\", \"bad\")\n\tKAPI_ERROR_COUNT(1)",
    },
    Rule {
        id: "vmlinux",
        default: Deny,
        origin: Syntax,
        summary: "a `.kapi_specs` section that cannot be read as either layout",
        why: "A truncated image, a section whose pointers lead outside the file, or a spec whose magic or name is \
damaged. kapi reads every spec it can and names the offset of the first one it cannot.",
        bad: "kapi --vmlinux vmlinux.truncated",
        good: "kapi --vmlinux vmlinux",
    },
    Rule {
        id: "json-input",
        default: Deny,
        origin: Syntax,
        summary: "JSON input that is not kapi's, the upstream tool's or debugfs `specs-json` JSON",
        why: "`kapi convert --from json` rebuilds specs from kapi's own JSON, the upstream tool's JSON and the \
kernel's debugfs `specs-json` files. Invalid JSON, a value of the wrong type, or a name that is not a member of \
its enum family (`KAPI_CTX_BOGUS` in `context_flags`) stops the read at the line and column where it is; fields \
kapi does not know and upstream numbers that may come from an old tool's tables are reported as warnings.",
        bad: "{\"api_details\": {\"name\": \"sys_close\", \"context_flags\": [\"KAPI_CTX_BOGUS\"], ...}}",
        good: "{\"api_details\": {\"name\": \"sys_close\", \"context_flags\": [\"KAPI_CTX_PROCESS\"], ...}}",
    },
    Rule {
        id: "debugfs",
        default: Deny,
        origin: Syntax,
        summary: "a debugfs `kapi/` file that cannot be read as any version's layout",
        why: "A line that is not one of the kernel's templates, a count that differs from the items that follow, \
a JSON value of the wrong type or out of range, a listed spec without files, or a file that is binary, too large or \
not a regular file. kapi reads what it can and reports the rest with its file, line and column, so nothing is \
silently lost.",
        bad: "Parameters (2):\n  [0] fd:\n    type: fd (unsigned int fd)\n    colour: blue",
        good: "Parameters (1):\n  [0] fd:\n    type: fd (unsigned int fd)\n    flags: IN ",
    },
    Rule {
        id: "long-line",
        default: Warn,
        origin: Syntax,
        summary: "a spec line longer than 16 KiB",
        why: "Such lines are almost always generated or corrupt, and the kernel truncates descriptions at 512 \
bytes anyway.",
        bad: " * desc: <16 KiB of text>",
        good: " * desc: A short description,\n *   wrapped over lines.",
    },
    Rule {
        id: "binary-file",
        default: Warn,
        origin: Syntax,
        summary: "a file with NUL bytes (skipped)",
        why: "A source file with NUL bytes is binary or corrupt; it is not read.",
        bad: "int x;\\0",
        good: "int x;",
    },
    Rule {
        id: "invalid-utf8",
        default: Warn,
        origin: Syntax,
        summary: "a file that is not valid UTF-8",
        why: "Invalid bytes are replaced with U+FFFD; text in specs should be UTF-8 like the rest of the kernel \
documentation.",
        bad: "/* caf\\xe9 */",
        good: "/* café */",
    },
    Rule {
        id: "io-error",
        default: Warn,
        origin: Syntax,
        summary: "a file or directory that cannot be read, or a symbolic link loop",
        why: "What cannot be read cannot be checked. The scan goes on without it, as a tree walk must; \
`--deny io-error` makes such a run fail.",
        bad: "kapi lint unreadable.c",
        good: "chmod +r unreadable.c",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "{} twice", r.id);
            assert!(r.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", r.id);
            assert!(!r.why.is_empty() && !r.bad.is_empty() && !r.good.is_empty(), "{}", r.id);
        }
    }

    /// Every code the parser and the source reader can emit is a rule.
    #[test]
    fn every_emitted_code_is_in_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for c in ["kapi-syntax/src", "kapi-source/src", "kapi-lint/src"] {
            let mut dirs = vec![root.join(c)];
            while let Some(d) = dirs.pop() {
                for e in std::fs::read_dir(d).unwrap().flatten() {
                    if e.path().is_dir() {
                        dirs.push(e.path());
                    } else if e.path().extension().is_some_and(|x| x == "rs") && !e.path().ends_with("rules.rs") {
                        files.push(e.path());
                    }
                }
            }
        }
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for pat in
                ["Diagnostic::warning(", "Diagnostic::error(", "Diagnostic::note(", ".warn(", ".err(", "finding("]
            {
                for (i, _) in text.match_indices(pat) {
                    let rest = text[i + pat.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else { continue };
                    let code = &rest[..rest.find('"').unwrap()];
                    assert!(rule(code).is_some(), "{}: `{code}` is emitted but not in the catalogue", f.display());
                }
            }
        }
    }
}
