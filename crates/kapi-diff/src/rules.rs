//! The catalogue of changes `kapi diff` reports: one entry per rule, the
//! single source of its id, level and explanation.

use crate::Level::{self, *};

/// One kind of change between two versions of a spec.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Stable id (`input-narrowed`).
    pub id: &'static str,
    /// How serious a decided finding of this rule is.
    pub level: Level,
    /// One line: what changed.
    pub summary: &'static str,
    /// Why the change is (or is not) breaking.
    pub why: &'static str,
    /// A spec fragment before the change.
    pub old: &'static str,
    /// The same fragment after it.
    pub new: &'static str,
}

/// Every rule, breaking first.
pub const RULES: &[Rule] = &[
    Rule {
        id: "api-removed",
        level: Breaking,
        summary: "an API is no longer specified",
        why: "Programs built against the old version still make this call. If the API is gone, they fail; \
if only its spec is gone, nothing checks it any more. Either way it needs a reviewer.",
        old: "sys_frob - Frob a file",
        new: "(no spec for sys_frob)",
    },
    Rule {
        id: "param-removed",
        level: Breaking,
        summary: "a parameter was removed",
        why: "Callers still pass the argument in its register; the kernel now reads the following arguments \
from different places or ignores one the caller relies on.",
        old: "param: flags",
        new: "(no param flags)",
    },
    Rule {
        id: "param-added",
        level: Breaking,
        summary: "a parameter was added",
        why: "Existing binaries do not pass the new argument, so the kernel reads whatever the register held. \
The kernel's way to extend a system call is a new one (openat2, clone3), not a new argument.",
        old: "(two params)",
        new: "param: flags (a third param)",
    },
    Rule {
        id: "param-reordered",
        level: Breaking,
        summary: "a parameter moved to another position",
        why: "Arguments are passed by position. A caller built against the old order passes each value in \
the wrong place.",
        old: "param: fd, then param: buf",
        new: "param: buf, then param: fd",
    },
    Rule {
        id: "param-type-changed",
        level: Breaking,
        summary: "a parameter's type, C declaration, user-pointer flag or buffer size changed",
        why: "The type says how the kernel reads the argument: its width and sign, whether it is a file \
descriptor, a path or a pointer into user memory, and how many bytes it reads there. A caller built for \
the old type passes a value the new type reads differently.",
        old: "type: uint, input",
        new: "type: fd, input",
    },
    Rule {
        id: "param-direction-changed",
        level: Breaking,
        summary: "a parameter's direction (input, output) changed",
        why: "An output parameter makes the kernel write into the caller's memory. A new output overwrites \
memory the caller did not expect to change; a lost output leaves a result the caller reads unwritten.",
        old: "type: ptr, input",
        new: "type: ptr, inout",
    },
    Rule {
        id: "param-now-required",
        level: Breaking,
        summary: "an optional parameter became required",
        why: "Callers that pass NULL or 0 for an optional argument now fail.",
        old: "type: user_ptr, input, optional",
        new: "type: user_ptr, input",
    },
    Rule {
        id: "input-narrowed",
        level: Breaking,
        summary: "a parameter accepts fewer values (range, mask, enum, alignment, size or a new constraint)",
        why: "A value that worked before is rejected now: a program that passed it breaks. The comparison \
is made on resolved values, so `O_RDONLY | O_CREAT` and `0x40` are the same mask.",
        old: "constraint-type: range(0, 4096)",
        new: "constraint-type: range(0, 1024)",
    },
    Rule {
        id: "capability-required",
        level: Breaking,
        summary: "a capability is now required",
        why: "Unprivileged callers that used to succeed now get EPERM.",
        old: "(no capability)",
        new: "capability: CAP_SYS_ADMIN\n  type: perform_operation",
    },
    Rule {
        id: "capability-bypass-removed",
        level: Breaking,
        summary: "a capability no longer bypasses a check or raises a limit",
        why: "Privileged callers relied on the capability to pass the check; without it they fail.",
        old: "capability: CAP_IPC_LOCK\n  type: bypass_check",
        new: "(no capability)",
    },
    Rule {
        id: "return-changed",
        level: Breaking,
        summary: "the success return changed (check type, success value or range, return type)",
        why: "Callers decide success and use the result from the return value. A file descriptor that \
becomes a count, or a success value of 0 that becomes a positive number, breaks every caller's test.",
        old: "check-type: fd",
        new: "check-type: exact\n  success: 0",
    },
    Rule {
        id: "context-removed",
        level: Breaking,
        summary: "the API may no longer be called from a context it allowed",
        why: "Callers in that context (atomic, softirq, with preemption disabled) rely on it; there the \
call now sleeps, deadlocks or is refused.",
        old: "contexts: process, atomic",
        new: "contexts: process, sleepable",
    },
    Rule {
        id: "struct-layout-changed",
        level: Breaking,
        summary: "a struct passed through a parameter lost a field, changed a field's type, or changed size",
        why: "User space fills the struct from its own headers. A different layout makes the kernel read \
fields from the wrong offsets.",
        old: "struct: struct frob_args\n  size: 16",
        new: "struct: struct frob_args\n  size: 24",
    },
    Rule {
        id: "ioctl-changed",
        level: Breaking,
        summary: "an ioctl's command number or argument sizes changed",
        why: "The command number encodes the direction and size of the argument; binaries hold the old \
number and the kernel no longer recognises it.",
        old: "KAPI_IOCTL_CMD(FROB_IOCTL_GET) = 0x80046601",
        new: "KAPI_IOCTL_CMD(FROB_IOCTL_GET) = 0x80086601",
    },
    Rule {
        id: "errno-added",
        level: Warning,
        summary: "a new error code may be returned",
        why: "Callers that switch on errno may not handle the new one. This is how the kernel evolves, so it \
is not breaking, but callers deserve to know.",
        old: "error: EINVAL, ...",
        new: "error: EINVAL, ...\nerror: EOPNOTSUPP, ...",
    },
    Rule {
        id: "errno-removed",
        level: Warning,
        summary: "an error code is no longer returned",
        why: "Callers that wait for this errno (EINTR to retry, EAGAIN to poll) may now loop or wait \
forever. Often it is only a spec fix, so it is a warning.",
        old: "error: EAGAIN, ...",
        new: "(no EAGAIN)",
    },
    Rule {
        id: "signal-changed",
        level: Warning,
        summary: "signal behaviour changed (a signal added or removed, its action, errno, timing or restart)",
        why: "Signal handling is hard to get right in user space; a call that now returns EINTR, or no \
longer does, changes how callers must loop.",
        old: "signal: SIGKILL\n  restartable: no",
        new: "signal: SIGKILL\n  restartable: yes",
    },
    Rule {
        id: "lock-changed",
        level: Warning,
        summary: "locking changed (a lock added or removed, its type or scope)",
        why: "Locks are invisible to system call callers but not to kernel callers and to anyone reasoning \
about deadlocks and latency. A lock the caller must now hold is a real change.",
        old: "lock: mm->mmap_lock\n  type: rwlock",
        new: "lock: mm->mmap_lock\n  type: mutex",
    },
    Rule {
        id: "side-effect-added",
        level: Warning,
        summary: "a side effect was added, or became irreversible",
        why: "The call now changes state it did not change before; callers that assumed it had no such \
effect may be surprised, but their calls still work.",
        old: "(no side effect on the file position)",
        new: "side-effect: file_position",
    },
    Rule {
        id: "state-transition-changed",
        level: Warning,
        summary: "a state transition was added, removed, or goes between different states",
        why: "The state an object is left in is part of the contract, but a new or corrected transition is \
usually a spec fix; a reviewer decides.",
        old: "state-trans: file\n  from: closed\n  to: open",
        new: "state-trans: file\n  from: closed\n  to: open, locked",
    },
    Rule {
        id: "constraint-changed",
        level: Warning,
        summary: "a cross-parameter constraint was added or its expression changed",
        why: "kapi cannot tell whether a changed C expression accepts fewer inputs; the finding shows both \
sides for a reviewer.",
        old: "constraint: size\n  expr: len <= PAGE_SIZE",
        new: "constraint: size\n  expr: len <= 2 * PAGE_SIZE",
    },
    Rule {
        id: "api-added",
        level: Info,
        summary: "a new API is specified",
        why: "Adding an API breaks nobody.",
        old: "(no spec for sys_frob)",
        new: "sys_frob - Frob a file",
    },
    Rule {
        id: "input-widened",
        level: Info,
        summary: "a parameter accepts more values, or a constraint was dropped",
        why: "Every value that worked still works. (A program that relied on getting an error for a value \
now accepted is rare; this is how flags are added.)",
        old: "constraint-type: mask(O_RDONLY | O_WRONLY)",
        new: "constraint-type: mask(O_RDONLY | O_WRONLY | O_RDWR)",
    },
    Rule {
        id: "param-renamed",
        level: Info,
        summary: "a parameter was renamed in place",
        why: "Arguments are passed by position; a new name changes only the documentation.",
        old: "param: len",
        new: "param: length",
    },
    Rule {
        id: "capability-relaxed",
        level: Info,
        summary: "a capability is no longer required, or a new one bypasses a check",
        why: "Every call that succeeded still succeeds; more callers may now succeed.",
        old: "capability: CAP_SYS_ADMIN\n  type: perform_operation",
        new: "(no capability)",
    },
    Rule {
        id: "context-added",
        level: Info,
        summary: "the API may be called from more contexts",
        why: "Existing callers are unaffected.",
        old: "contexts: process",
        new: "contexts: process, atomic",
    },
    Rule {
        id: "side-effect-removed",
        level: Info,
        summary: "a side effect was removed, or became reversible",
        why: "The call does less than before; no caller can rely on an effect it did not ask for.",
        old: "side-effect: alloc_memory",
        new: "(no side effect)",
    },
    Rule {
        id: "text-changed",
        level: Info,
        summary: "prose changed (a description, condition, note or example)",
        why: "Text is for people; it changes no behaviour. Whitespace and line breaks never count.",
        old: "desc: Returns zero",
        new: "desc: Returns 0 on success",
    },
    Rule {
        id: "other-changed",
        level: Info,
        summary: "another fact changed (a since-version, a prototype's spelling, an extension key, ...)",
        why: "Nothing a caller depends on, but every difference is shown so that nothing is lost.",
        old: "since-version: 2.6.12",
        new: "since-version: 2.6.13",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
