//! One trigger and one near miss per rule of `kapi_diff::RULES`, each
//! derived by text replacement from one base spec.

use kapi_diff::{diff, Finding, Level, Report, RULES};
use kapi_model::{Dialect, Severity, Spec};

/// The base spec, in the v3/v4 short-token dialect.
const BASE: &str = r#"
/**
 * sys_frob - Frob a buffer through a file descriptor
 * @fd: File descriptor to frob
 * @buf: Buffer with the bytes to frob
 * @count: Number of bytes in buf
 * @flags: How to frob
 * @mode: Frob mode
 *
 * long-desc: Frobs count bytes of buf into the file fd, the way the frob
 *   device expects them.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   constraint-type: range(0, 1024)
 *   cdesc: Must be an open descriptor.
 *
 * param: buf
 *   type: user_ptr, input, optional
 *   size: 64
 *   cdesc: May be NULL when count is 0.
 *
 * param: count
 *   type: uint, input
 *   constraint-type: range(0, 4096)
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(O_RDONLY | O_WRONLY | O_CREAT)
 *
 * param: mode
 *   type: int, input
 *   constraint-type: enum(0, 1, 2)
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EBADF, Bad file descriptor
 *   desc: fd is not open.
 *
 * error: EINVAL, Bad flags
 *   desc: flags has an unknown bit, or mode is out of range.
 *
 * error: EAGAIN, Device busy
 *   desc: The frob device is busy; try again.
 *
 * lock: frob_dev->lock
 *   type: mutex
 *   desc: Held while the bytes are frobbed.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending
 *   desc: The call gives up while waiting for the device.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: alloc_memory | modify_state
 *   target: frob buffer of the device
 *   desc: The bytes are copied into a new device buffer.
 *   reversible: yes
 *
 * side-effect: file_position
 *   target: file offset of fd
 *   desc: The offset advances by count.
 *
 * state-trans: frob device
 *   from: idle
 *   to: busy
 *   desc: The device stays busy until the bytes are frobbed.
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Frob more than the locked-memory limit
 *   without: ENOMEM beyond RLIMIT_MEMLOCK
 *
 * capability: CAP_SYS_ADMIN
 *   type: perform_operation
 *   allows: Frob at all
 *   without: EPERM
 *
 * constraint: frob size
 *   desc: The bytes must fit the device buffer.
 *   expr: count <= FROB_MAX
 *
 * struct: struct frob_args
 *   size: 16
 *   alignment: 8
 *   field: addr
 *     type: __u64
 *     desc: Address to frob
 *   field: len
 *     type: __u32
 *     desc: Bytes to frob
 *
 * examples: frob(fd, buf, 16, O_WRONLY, 1);
 *
 * notes: Frobbing is idempotent.
 */
SYSCALL_DEFINE5(frob, unsigned int, fd, const char __user *, buf, size_t, count, int, flags, int, mode)
"#;

/// An ioctl spec in the RFC v2 macro dialect.
const IOCTL: &str = r#"
DEFINE_KAPI_IOCTL_SPEC(frob_get)
	KAPI_IOCTL_CMD(0x80046601)
	KAPI_IOCTL_CMD_NAME("FROB_IOCTL_GET")
	KAPI_IOCTL_INPUT_SIZE(0)
	KAPI_IOCTL_OUTPUT_SIZE(4)
	KAPI_IOCTL_FILE_OPS_NAME("frob_fops")
	KAPI_DESCRIPTION("Get the frob count")
	KAPI_CONTEXT(KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE)

	KAPI_PARAM(0, "count", "__u32 *", "Where the count is written")
		KAPI_PARAM_FLAGS(KAPI_PARAM_OUT)
		KAPI_PARAM_TYPE(KAPI_TYPE_USER_PTR)
	KAPI_PARAM_END

	KAPI_ERROR(0, -EFAULT, "EFAULT", "Bad pointer", "The count cannot be written")

	KAPI_ERROR_COUNT(1)
	KAPI_PARAM_COUNT(1)
KAPI_END_SPEC;
"#;

/// Replacements on a spec text.
type Edits = &'static [(&'static str, &'static str)];

/// What one side of a case starts from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Src {
    Base,
    Ioctl,
    Empty,
}

/// One hand-made change: a trigger of `rule` or a near miss of it.
struct Case {
    rule: &'static str,
    /// Whether `rule` must fire (a trigger) or must not (a near miss).
    fires: bool,
    /// For a trigger: whether its findings are decided.
    decided: bool,
    what: &'static str,
    old_src: Src,
    new_src: Src,
    old: Edits,
    new: Edits,
    /// Whether `new` is applied after `old`.
    new_first: bool,
    /// The rules the report holds: exactly these.
    expect: &'static [&'static str],
}

impl Case {
    fn src(mut self, s: Src) -> Self {
        self.old_src = s;
        self.new_src = s;
        self
    }
    fn old(mut self, e: Edits) -> Self {
        self.old = e;
        self
    }
    /// Applies the old edits to the new side too, before its own.
    fn new_too(mut self) -> Self {
        self.new_first = true;
        self
    }
    fn undecided(mut self) -> Self {
        self.decided = false;
        self
    }
}

/// `rule` fires when `new` is applied to the base.
fn fire(rule: &'static str, what: &'static str, new: Edits, expect: &'static [&'static str]) -> Case {
    Case {
        rule,
        fires: true,
        decided: true,
        what,
        old_src: Src::Base,
        new_src: Src::Base,
        old: &[],
        new,
        new_first: false,
        expect,
    }
}

/// A similar change that must not fire `rule`.
fn miss(rule: &'static str, what: &'static str, new: Edits, expect: &'static [&'static str]) -> Case {
    Case { fires: false, ..fire(rule, what, new, expect) }
}

// Blocks of BASE, for removal and insertion.
const MODE_BLOCK: &str =
    concat!(" * param: mode\n", " *   type: int, input\n", " *   constraint-type: enum(0, 1, 2)\n", " *\n");
const COUNT_BLOCK: &str =
    concat!(" * param: count\n", " *   type: uint, input\n", " *   constraint-type: range(0, 4096)\n", " *\n");
const EAGAIN_BLOCK: &str =
    concat!(" * error: EAGAIN, Device busy\n", " *   desc: The frob device is busy; try again.\n", " *\n");
const IPC_LOCK_BLOCK: &str = concat!(
    " * capability: CAP_IPC_LOCK\n",
    " *   type: bypass_check\n",
    " *   allows: Frob more than the locked-memory limit\n",
    " *   without: ENOMEM beyond RLIMIT_MEMLOCK\n",
    " *\n"
);
const SYS_ADMIN_BLOCK: &str = concat!(
    " * capability: CAP_SYS_ADMIN\n",
    " *   type: perform_operation\n",
    " *   allows: Frob at all\n",
    " *   without: EPERM\n",
    " *\n"
);
const FPOS_BLOCK: &str = concat!(
    " * side-effect: file_position\n",
    " *   target: file offset of fd\n",
    " *   desc: The offset advances by count.\n",
    " *\n"
);
const CONSTRAINT_BLOCK: &str = concat!(
    " * constraint: frob size\n",
    " *   desc: The bytes must fit the device buffer.\n",
    " *   expr: count <= FROB_MAX\n",
    " *\n"
);
const LEN_FIELD: &str = " *   field: len\n *     type: __u32\n *     desc: Bytes to frob\n";
const PROTO: &str = "int, flags, int, mode)";
const FLAGS_MASK: &str = "mask(O_RDONLY | O_WRONLY | O_CREAT)";
const FLAGS_MASK_LINE: &str = "mask(O_RDONLY | O_WRONLY | O_CREAT)\n";
const X86_MASK: &str = "mask(O_RDONLY | O_WRONLY | O_CREAT)\n *   arch-mask: x86 = 0x100\n";
const BAD_EINVAL: &str = concat!(
    " * error: EBADF, Bad file descriptor\n",
    " *   desc: fd is not open.\n",
    " *\n",
    " * error: EINVAL, Bad flags\n",
    " *   desc: flags has an unknown bit, or mode is out of range.\n"
);
const RENAME_MODE: Edits = &[
    (" * @mode: Frob mode", " * @how: Frob mode"),
    (" * param: mode", " * param: how"),
    (PROTO, "int, flags, int, how)"),
];
const SWAP_PARAMS: Edits = &[(PROTO, "int, mode, int, flags)")];

const DEF: &str = "other-changed"; // the prototype changed too
const TEXT: &str = "text-changed";

fn cases() -> Vec<Case> {
    Vec::from([
        // api-removed / api-added
        Case { new_src: Src::Empty, ..fire("api-removed", "the spec is gone", &[], &["api-removed"]) },
        miss("api-removed", "the spec moved down the file", &[("\n/**", "\n\n\n\n/**")], &[]),
        Case { old_src: Src::Empty, ..fire("api-added", "a new spec", &[], &["api-added"]) },
        miss(
            "api-added",
            "the name line is reworded",
            &[("sys_frob - Frob a buffer through", "sys_frob - Frob a user buffer via")],
            &[TEXT],
        ),
        // params: removed, added, reordered, renamed
        fire(
            "param-removed",
            "the last param is gone",
            &[
                (" * @mode: Frob mode\n", ""),
                (MODE_BLOCK, ""),
                (", int, mode)", ")"),
                ("SYSCALL_DEFINE5", "SYSCALL_DEFINE4"),
            ],
            &["param-removed", DEF],
        ),
        fire(
            "param-removed",
            "a middle param is gone",
            &[
                (" * @count: Number of bytes in buf\n", ""),
                (COUNT_BLOCK, ""),
                ("size_t, count, ", ""),
                ("SYSCALL_DEFINE5", "SYSCALL_DEFINE4"),
            ],
            &["param-removed", "param-reordered", DEF],
        ),
        miss("param-removed", "only the param's spec block is gone", &[(MODE_BLOCK, "")], &["other-changed"]),
        fire(
            "param-added",
            "a sixth param",
            &[(PROTO, "int, flags, int, mode, unsigned long, extra)"), ("SYSCALL_DEFINE5", "SYSCALL_DEFINE6")],
            &["param-added", DEF],
        ),
        fire(
            "param-added",
            "a param inserted in the middle",
            &[("size_t, count, ", "size_t, count, unsigned long, extra, "), ("SYSCALL_DEFINE5", "SYSCALL_DEFINE6")],
            &["param-added", "param-reordered", DEF],
        ),
        miss("param-added", "a spec block for an existing param", &[], &["other-changed"]).old(&[(MODE_BLOCK, "")]),
        fire("param-reordered", "two params swapped", SWAP_PARAMS, &["param-reordered", DEF]),
        miss("param-reordered", "a param renamed in place", RENAME_MODE, &["param-renamed", DEF]),
        fire("param-renamed", "a param renamed in place", RENAME_MODE, &["param-renamed", DEF]),
        miss("param-renamed", "two params swapped", SWAP_PARAMS, &["param-reordered", DEF]),
        // param types and flags
        fire(
            "param-type-changed",
            "uint became fd",
            &[("type: uint, input", "type: fd, input")],
            &["param-type-changed"],
        ),
        fire("param-type-changed", "buffer size changed", &[("size: 64", "size: 128")], &["param-type-changed"]),
        fire(
            "param-type-changed",
            "C type narrowed, KAPI type the same",
            &[("size_t, count", "unsigned int, count")],
            &["param-type-changed", DEF],
        ),
        fire(
            "param-type-changed",
            "pointer to another type",
            &[("const char __user *, buf", "const struct frob_buf __user *, buf")],
            &["param-type-changed", DEF],
        )
        .undecided(),
        miss(
            "param-type-changed",
            "the same scalar spelled another way",
            &[("size_t, count", "u64, count")],
            &["other-changed", DEF],
        ),
        miss(
            "param-type-changed",
            "type respelled, `*` moved",
            &[
                ("type: uint, input", "type: KAPI_TYPE_UINT, in"),
                ("const char __user *, buf", "const char __user*, buf"),
            ],
            &[DEF],
        ),
        fire(
            "param-direction-changed",
            "input became inout",
            &[("user_ptr, input, optional", "user_ptr, inout, optional")],
            &["param-direction-changed"],
        ),
        miss(
            "param-direction-changed",
            "const added, input respelled",
            &[("user_ptr, input, optional", "user_ptr, in, optional, const")],
            &["other-changed"],
        ),
        miss(
            "param-direction-changed",
            "direction no longer specified",
            &[("user_ptr, input, optional", "user_ptr, optional")],
            &["other-changed"],
        ),
        miss(
            "param-direction-changed",
            "user flag written out on a user_ptr",
            &[("user_ptr, input, optional", "user_ptr, input, optional, user")],
            &[],
        ),
        fire(
            "param-now-required",
            "optional dropped",
            &[("user_ptr, input, optional", "user_ptr, input")],
            &["param-now-required"],
        ),
        miss(
            "param-now-required",
            "optional added",
            &[("type: uint, input", "type: uint, input, optional")],
            &["input-widened"],
        ),
        // inputs
        fire("input-narrowed", "range lowered", &[("range(0, 4096)", "range(0, 1024)")], &["input-narrowed"]),
        fire("input-narrowed", "mask bit dropped", &[(FLAGS_MASK, "mask(O_RDONLY | O_WRONLY)")], &["input-narrowed"]),
        fire("input-narrowed", "enum value dropped", &[("enum(0, 1, 2)", "enum(0, 1)")], &["input-narrowed"]),
        fire(
            "input-narrowed",
            "a constraint on an unconstrained param",
            &[("user_ptr, input, optional\n", "user_ptr, input, optional\n *   constraint-type: alignment(8)\n")],
            &["input-narrowed"],
        ),
        fire("input-narrowed", "two unresolved masks", &[(FLAGS_MASK, "mask(FROB_A | FROB_C)")], &["input-narrowed"])
            .old(&[(FLAGS_MASK, "mask(FROB_A | FROB_B)")])
            .undecided(),
        miss("input-narrowed", "a range written as the same mask", &[("range(0, 1024)", "mask(0x3ff)")], &[])
            .old(&[("range(0, 1024)", "range(0, 1023)")]),
        fire("input-narrowed", "alignment raised", &[("alignment(8)", "alignment(16)")], &["input-narrowed"])
            .old(&[("input, optional\n", "input, optional\n *   constraint-type: alignment(8)\n")])
            .new_too(),
        fire("input-narrowed", "an arch mask dropped", &[], &["input-narrowed"]).old(&[(FLAGS_MASK_LINE, X86_MASK)]),
        miss("input-narrowed", "an arch mask added", &[(FLAGS_MASK_LINE, X86_MASK)], &["input-widened"]),
        miss("input-narrowed", "range widened", &[("range(0, 4096)", "range(0, 8192)")], &["input-widened"]),
        miss("input-narrowed", "symbolic and numeric mask agree", &[(FLAGS_MASK, "mask(0x1)")], &[])
            .old(&[(FLAGS_MASK, "mask(O_RDONLY | O_WRONLY)")]),
        fire(
            "input-widened",
            "mask bit added",
            &[(FLAGS_MASK, "mask(O_RDONLY | O_WRONLY | O_CREAT | O_RDWR)")],
            &["input-widened"],
        ),
        fire("input-widened", "enum value added", &[("enum(0, 1, 2)", "enum(0, 1, 2, 3)")], &["input-widened"]),
        fire("input-widened", "constraint dropped", &[(CONSTRAINT_BLOCK, "")], &["input-widened"]),
        fire("input-widened", "an arch mask added", &[(FLAGS_MASK_LINE, X86_MASK)], &["input-widened"]),
        fire("input-widened", "an arch mask widened", &[("x86 = 0x100", "x86 = 0x300")], &["input-widened"])
            .old(&[(FLAGS_MASK_LINE, X86_MASK)])
            .new_too(),
        miss("input-widened", "mask written as a number", &[(FLAGS_MASK, "mask(0x41)")], &[]),
        miss("input-widened", "range written in hex", &[("range(0, 4096)", "range(0, 0x1000)")], &[]),
        // capabilities
        fire(
            "capability-required",
            "a perform_operation capability added",
            &[(
                " * constraint: frob size",
                concat!(
                    " * capability: CAP_SYS_NICE\n",
                    " *   type: perform_operation\n",
                    " *\n",
                    " * constraint: frob size"
                ),
            )],
            &["capability-required"],
        ),
        fire(
            "capability-required",
            "bypass_check became perform_operation",
            &[("type: bypass_check", "type: perform_operation")],
            &["capability-required"],
        ),
        miss(
            "capability-required",
            "a bypass_check capability added",
            &[(
                " * constraint: frob size",
                concat!(
                    " * capability: CAP_SYS_RESOURCE\n",
                    " *   type: bypass_check\n",
                    " *\n",
                    " * constraint: frob size"
                ),
            )],
            &["capability-relaxed"],
        ),
        fire(
            "capability-bypass-removed",
            "bypass_check capability dropped",
            &[(IPC_LOCK_BLOCK, "")],
            &["capability-bypass-removed"],
        ),
        miss(
            "capability-bypass-removed",
            "perform_operation capability dropped",
            &[(SYS_ADMIN_BLOCK, "")],
            &["capability-relaxed"],
        ),
        fire(
            "capability-relaxed",
            "perform_operation capability dropped",
            &[(SYS_ADMIN_BLOCK, "")],
            &["capability-relaxed"],
        ),
        fire(
            "capability-relaxed",
            "perform_operation became bypass_check",
            &[("type: perform_operation", "type: bypass_check")],
            &["capability-relaxed"],
        ),
        miss(
            "capability-relaxed",
            "bypass_check capability dropped",
            &[(IPC_LOCK_BLOCK, "")],
            &["capability-bypass-removed"],
        ),
        // return
        fire(
            "return-changed",
            "exact 0 became fd",
            &[("check-type: exact\n *   success: 0", "check-type: fd\n *   success: >= 0")],
            &["return-changed"],
        ),
        miss(
            "return-changed",
            "check type respelled, desc reworded",
            &[
                ("check-type: exact", "check-type: KAPI_RETURN_EXACT"),
                ("success: 0", "success: == 0"),
                ("Zero on success", "0 on success"),
            ],
            &[TEXT],
        ),
        miss("return-changed", "success condition newly specified", &[], &["other-changed"])
            .old(&[(" *   success: 0\n", "")]),
        // contexts
        fire(
            "context-removed",
            "process dropped",
            &[("contexts: process, sleepable", "contexts: sleepable")],
            &["context-removed"],
        ),
        miss(
            "context-removed",
            "contexts in long tokens and another order",
            &[("contexts: process, sleepable", "context-flags: KAPI_CTX_SLEEPABLE | KAPI_CTX_PROCESS")],
            &[],
        ),
        fire(
            "context-added",
            "softirq added",
            &[("contexts: process, sleepable", "contexts: process, sleepable, softirq")],
            &["context-added"],
        ),
        miss(
            "context-added",
            "contexts reordered",
            &[("contexts: process, sleepable", "contexts: sleepable, process")],
            &[],
        ),
        // structs
        fire("struct-layout-changed", "size changed", &[("size: 16", "size: 24")], &["struct-layout-changed"]),
        fire(
            "struct-layout-changed",
            "field type changed",
            &[("type: __u32", "type: __u64")],
            &["struct-layout-changed"],
        ),
        fire("struct-layout-changed", "field removed", &[(LEN_FIELD, "")], &["struct-layout-changed"]),
        miss("struct-layout-changed", "field type re-spaced", &[("type: __u64", "type: __u64*")], &[])
            .old(&[("type: __u64", "type: __u64 *")]),
        miss("struct-layout-changed", "size written in hex", &[("size: 16", "size: 0x10")], &[]),
        miss(
            "struct-layout-changed",
            "field added",
            &[(
                LEN_FIELD,
                concat!(
                    " *   field: len\n",
                    " *     type: __u32\n",
                    " *     desc: Bytes to frob\n",
                    " *   field: pad\n",
                    " *     type: __u32\n"
                ),
            )],
            &["other-changed"],
        ),
        // ioctls
        fire("ioctl-changed", "command number changed", &[("0x80046601", "0x80086601")], &["ioctl-changed"])
            .src(Src::Ioctl),
        fire("ioctl-changed", "output size changed", &[("OUTPUT_SIZE(4)", "OUTPUT_SIZE(8)")], &["ioctl-changed"])
            .src(Src::Ioctl),
        fire("ioctl-changed", "two unresolved commands", &[("0x80046601", "FROB_IOCTL_GET2")], &["ioctl-changed"])
            .old(&[("0x80046601", "FROB_IOCTL_GET")])
            .src(Src::Ioctl)
            .undecided(),
        miss("ioctl-changed", "command written in decimal", &[("0x80046601", "2147771905")], &[]).src(Src::Ioctl),
        miss("ioctl-changed", "command name reworded", &[("\"FROB_IOCTL_GET\"", "\"FROB_GET\"")], &[TEXT])
            .src(Src::Ioctl),
        // errnos
        fire(
            "errno-added",
            "EOPNOTSUPP added",
            &[(
                EAGAIN_BLOCK,
                concat!(
                    " * error: EAGAIN, Device busy\n",
                    " *   desc: The frob device is busy; try again.\n",
                    " *\n",
                    " * error: EOPNOTSUPP, Not supported\n",
                    " *   desc: The device cannot frob.\n",
                    " *\n"
                ),
            )],
            &["errno-added"],
        ),
        miss("errno-added", "an errno's description reworded", &[("busy; try again.", "busy; retry later.")], &[TEXT]),
        fire("errno-removed", "EAGAIN dropped", &[(EAGAIN_BLOCK, "")], &["errno-removed"]),
        miss(
            "errno-removed",
            "errors reordered",
            &[(
                BAD_EINVAL,
                concat!(
                    " * error: EINVAL, Bad flags\n",
                    " *   desc: flags has an unknown bit, or mode is out of range.\n",
                    " *\n",
                    " * error: EBADF, Bad file descriptor\n",
                    " *   desc: fd is not open.\n"
                ),
            )],
            &[],
        ),
        miss("errno-removed", "EAGAIN spelled EWOULDBLOCK", &[("error: EAGAIN,", "error: EWOULDBLOCK,")], &[]),
        // signals, locks
        fire("signal-changed", "now restartable", &[("restartable: no", "restartable: yes")], &["signal-changed"]),
        fire(
            "signal-changed",
            "a signal added",
            &[(
                " * side-effect: alloc_memory",
                " * signal: SIGSTOP\n *   action: stop\n *\n * side-effect: alloc_memory",
            )],
            &["signal-changed"],
        ),
        miss(
            "signal-changed",
            "errno and action respelled",
            &[("errno: -EINTR", "errno: EINTR"), ("action: return", "action: KAPI_SIGNAL_ACTION_RETURN")],
            &[],
        ),
        miss(
            "signal-changed",
            "signal description reworded",
            &[("waiting for the device", "waiting for the frob device")],
            &[TEXT],
        ),
        fire("lock-changed", "mutex became spinlock", &[("type: mutex", "type: spinlock")], &["lock-changed"]),
        fire(
            "lock-changed",
            "lock now acquired only",
            &[("type: mutex\n", "type: mutex\n *   acquired: yes\n")],
            &["lock-changed"],
        ),
        miss(
            "lock-changed",
            "default scope written out",
            &[("type: mutex\n", "type: KAPI_LOCK_MUTEX\n *   scope: internal\n")],
            &[],
        ),
        // side effects, state transitions, constraints
        fire(
            "side-effect-added",
            "a side effect added",
            &[(FPOS_BLOCK, " * side-effect: filesystem\n *   target: frob log\n *\n")],
            &["side-effect-added", "side-effect-removed"],
        ),
        fire(
            "side-effect-added",
            "no longer reversible",
            &[("reversible: yes", "reversible: no")],
            &["side-effect-added"],
        ),
        fire(
            "side-effect-added",
            "an effect bit added",
            &[("alloc_memory | modify_state", "alloc_memory | modify_state | schedule")],
            &["side-effect-added"],
        ),
        miss(
            "side-effect-added",
            "target reworded",
            &[("target: frob buffer of the device", "target: device frob buffer")],
            &[TEXT],
        ),
        fire("side-effect-removed", "a side effect dropped", &[(FPOS_BLOCK, "")], &["side-effect-removed"]),
        fire(
            "side-effect-removed",
            "an effect bit dropped",
            &[("alloc_memory | modify_state", "modify_state")],
            &["side-effect-removed"],
        ),
        miss(
            "side-effect-removed",
            "effect bits reordered in long tokens",
            &[("alloc_memory | modify_state", "KAPI_EFFECT_MODIFY_STATE | KAPI_EFFECT_ALLOC_MEMORY")],
            &[],
        ),
        fire(
            "state-transition-changed",
            "a new target state",
            &[("to: busy", "to: busy, locked")],
            &["state-transition-changed"],
        ),
        fire(
            "state-transition-changed",
            "a transition added",
            &[(
                " * capability: CAP_IPC_LOCK",
                concat!(
                    " * state-trans: file offset\n",
                    " *   from: old\n",
                    " *   to: new\n",
                    " *\n",
                    " * capability: CAP_IPC_LOCK"
                ),
            )],
            &["state-transition-changed"],
        ),
        miss(
            "state-transition-changed",
            "object capitalised",
            &[("state-trans: frob device", "state-trans: Frob device")],
            &[TEXT],
        ),
        miss("state-transition-changed", "description reworded", &[("stays busy until", "is busy until")], &[TEXT]),
        fire(
            "constraint-changed",
            "expression changed",
            &[("expr: count <= FROB_MAX", "expr: count <= 2 * FROB_MAX")],
            &["constraint-changed"],
        ),
        fire(
            "constraint-changed",
            "constraint added",
            &[(
                CONSTRAINT_BLOCK,
                concat!(
                    " * constraint: frob size\n",
                    " *   desc: The bytes must fit the device buffer.\n",
                    " *   expr: count <= FROB_MAX\n",
                    " *\n",
                    " * constraint: frob flags\n",
                    " *   expr: !(flags & O_CREAT) || mode\n",
                    " *\n"
                ),
            )],
            &["constraint-changed"],
        ),
        miss(
            "constraint-changed",
            "expression re-wrapped",
            &[("expr: count <= FROB_MAX", "expr: count\n *     <= FROB_MAX")],
            &[],
        ),
        miss("constraint-changed", "name capitalised", &[("constraint: frob size", "constraint: Frob size")], &[TEXT]),
        miss(
            "constraint-changed",
            "description reworded",
            &[("must fit the device buffer", "must fit in the device buffer")],
            &[TEXT],
        ),
        // text and other facts
        fire("text-changed", "long-desc reworded", &[("the way the frob", "as the frob")], &[TEXT]),
        fire("text-changed", "notes reworded", &[("Frobbing is idempotent.", "Frobbing twice is harmless.")], &[TEXT]),
        miss(
            "text-changed",
            "long-desc re-wrapped and re-indented",
            &[(
                concat!("Frobs count bytes of buf into the file fd, the way the frob\n", " *   device expects them."),
                concat!(
                    "Frobs count bytes of buf into the file fd,\n",
                    " *     the way the frob   device\n",
                    " *     expects them."
                ),
            )],
            &[],
        ),
        miss(
            "text-changed",
            "param description re-wrapped",
            &[(" * @buf: Buffer with the bytes to frob", " * @buf: Buffer with the bytes\n *   to frob")],
            &[],
        ),
        fire(
            "other-changed",
            "since-version changed",
            &[(" * contexts:", " * since-version: 2.6.13\n *\n * contexts:")],
            &["other-changed"],
        )
        .old(&[(" * contexts:", " * since-version: 2.6.12\n *\n * contexts:")]),
        fire("other-changed", "a buffer size no longer specified", &[(" *   size: 64\n", "")], &["other-changed"]),
        miss(
            "other-changed",
            "examples reworded",
            &[("frob(fd, buf, 16, O_WRONLY, 1);", "frob(fd, buf, 16, O_WRONLY, 2);")],
            &[TEXT],
        ),
    ])
}

/// Parses `text`, asserting it has no error diagnostics.
fn parse(name: &str, text: &str) -> Vec<Spec> {
    let f = kapi_syntax::parse_text(name, text);
    let errors: Vec<_> = f.diags.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{name}: error diagnostics: {errors:#?}");
    f.specs.into_iter().map(|p| p.spec).collect()
}

/// `base` with each `(from, to)` applied once, in order; each `from` must occur.
fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut s = base.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "replacement source not found: {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

fn side(src: Src, edits: Edits) -> String {
    match src {
        Src::Base => edit(BASE, edits),
        Src::Ioctl => edit(IOCTL, edits),
        Src::Empty => String::new(),
    }
}

/// The sorted, deduplicated rule ids of a report.
fn ids(r: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn show(fs: &[Finding]) -> String {
    fs.iter()
        .map(|f| {
            format!(
                "  {} [{}{}] {}: {}",
                f.rule,
                f.level.as_str(),
                if f.decided { "" } else { ", undecided" },
                f.subject,
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs one case; `Err` says what went wrong.
fn check(c: &Case) -> Result<(), String> {
    let old = side(c.old_src, c.old);
    let new = if c.new_first { edit(&old, c.new) } else { side(c.new_src, c.new) };
    if old == new {
        return Err("old and new are the same text".into());
    }
    let r = diff("old.c", &parse("old.c", &old), "new.c", &parse("new.c", &new));
    let mut want = c.expect.to_vec();
    want.sort_unstable();
    want.dedup();
    if ids(&r) != want {
        return Err(format!("expected rules {want:?}, got:\n{}", show(&r.findings)));
    }
    if c.fires {
        let rule = kapi_diff::rule(c.rule).ok_or("rule not in the catalogue")?;
        let level = if c.decided { rule.level } else { rule.level.min(Level::Warning) };
        let bad: Vec<Finding> = r
            .findings
            .iter()
            .filter(|f| f.rule == c.rule && (f.level != level || f.decided != c.decided))
            .cloned()
            .collect();
        if !bad.is_empty() {
            return Err(format!("expected level {} decided={}, got:\n{}", level.as_str(), c.decided, show(&bad)));
        }
    }
    Ok(())
}

fn run_all(fires: bool) {
    let mut failed = Vec::new();
    let cs: Vec<Case> = cases().into_iter().filter(|c| c.fires == fires).collect();
    for c in &cs {
        if let Err(e) = check(c) {
            failed.push(format!("{} ({}): {e}", c.rule, c.what));
        }
    }
    assert!(failed.is_empty(), "{} of {} cases failed:\n{}", failed.len(), cs.len(), failed.join("\n"));
}

#[test]
fn base_parses_cleanly() {
    for (name, text) in [("base.c", BASE), ("ioctl.c", IOCTL)] {
        let f = kapi_syntax::parse_text(name, text);
        assert!(f.diags.is_empty(), "{name}: {:#?}", f.diags);
        assert_eq!(f.specs.len(), 1, "{name}");
        let r = diff("a", &[f.specs[0].spec.clone()], "b", &[f.specs[0].spec.clone()]);
        assert!(r.findings.is_empty(), "{name} differs from itself:\n{}", show(&r.findings));
    }
}

#[test]
fn every_trigger_fires() {
    run_all(true);
}

#[test]
fn no_near_miss_fires() {
    run_all(false);
}

/// A new rule must come with a trigger and a near miss here.
#[test]
fn every_rule_has_a_trigger_and_a_near_miss() {
    let cs = cases();
    for c in &cs {
        assert!(kapi_diff::rule(c.rule).is_some(), "case for unknown rule {}", c.rule);
        assert_eq!(c.expect.contains(&c.rule), c.fires, "{} ({}): expect and fires disagree", c.rule, c.what);
    }
    let missing: Vec<String> = RULES
        .iter()
        .flat_map(|r| {
            let has = |fires| cs.iter().any(|c| c.rule == r.id && c.fires == fires);
            [
                (!has(true)).then(|| format!("{}: no trigger", r.id)),
                (!has(false)).then(|| format!("{}: no near miss", r.id)),
            ]
        })
        .flatten()
        .collect();
    assert!(missing.is_empty(), "rules without cases:\n{}", missing.join("\n"));
}

#[test]
fn unresolved_masks_cannot_be_decided() {
    let old = edit(BASE, &[(FLAGS_MASK, "mask(FROB_A | FROB_B)")]);
    let new = edit(BASE, &[(FLAGS_MASK, "mask(FROB_A | FROB_C)")]);
    let r = diff("old.c", &parse("old.c", &old), "new.c", &parse("new.c", &new));
    assert_eq!(r.findings.len(), 1, "{}", show(&r.findings));
    let f = &r.findings[0];
    assert_eq!((f.rule.as_str(), f.level, f.decided), ("input-narrowed", Level::Warning, false));
    assert_eq!(f.subject, "param flags");
    assert!(f.old.as_ref().is_some_and(|s| s.value.contains("FROB_B")), "{f:?}");
    assert!(f.new.as_ref().is_some_and(|s| s.value.contains("FROB_C")), "{f:?}");
}

#[test]
fn symbolic_and_numeric_masks_are_equal() {
    let old = edit(BASE, &[(FLAGS_MASK, "mask(O_RDONLY | O_WRONLY)")]);
    let new = edit(BASE, &[(FLAGS_MASK, "mask(0x1)")]);
    let r = diff("old.c", &parse("old.c", &old), "new.c", &parse("new.c", &new));
    assert!(r.findings.is_empty(), "{}", show(&r.findings));
}

/// BASE in the v1/v2 long-token nested dialect.
const LONG_TOKENS: Edits = &[
    ("contexts: process, sleepable", "context-flags: KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE"),
    ("type: fd, input", "type: KAPI_TYPE_FD\n *   flags: KAPI_PARAM_IN"),
    ("constraint-type: range(0, 1024)", "constraint-type: KAPI_CONSTRAINT_RANGE\n *   range: 0, 1024"),
    (
        "type: user_ptr, input, optional",
        concat!("type: KAPI_TYPE_USER_PTR\n", " *   flags: KAPI_PARAM_IN | KAPI_PARAM_OPTIONAL | KAPI_PARAM_USER"),
    ),
    ("type: uint, input", "type: KAPI_TYPE_UINT\n *   flags: KAPI_PARAM_IN"),
    ("constraint-type: range(0, 4096)", "constraint-type: KAPI_CONSTRAINT_RANGE\n *   range: 0, 4096"),
    ("type: int, input", "type: KAPI_TYPE_INT\n *   flags: KAPI_PARAM_IN"),
    ("type: int, input", "type: KAPI_TYPE_INT\n *   flags: KAPI_PARAM_IN"),
    (
        FLAGS_MASK,
        concat!("KAPI_CONSTRAINT_MASK\n", " *   valid-mask: O_RDONLY | O_WRONLY |\n", " *               O_CREAT"),
    ),
    ("type: int\n *   check-type: exact", "type: KAPI_TYPE_INT\n *   check-type: KAPI_RETURN_EXACT"),
    ("type: mutex", "type: KAPI_LOCK_MUTEX"),
    ("direction: receive", "direction: KAPI_SIGNAL_RECEIVE"),
    ("action: return", "action: KAPI_SIGNAL_ACTION_RETURN"),
    ("errno: -EINTR", "error: -EINTR"),
    ("timing: during", "timing: KAPI_SIGNAL_TIME_DURING"),
    ("side-effect: alloc_memory | modify_state", "side-effect: KAPI_EFFECT_ALLOC_MEMORY | KAPI_EFFECT_MODIFY_STATE"),
    ("side-effect: file_position", "side-effect: KAPI_EFFECT_FILE_POSITION"),
    ("type: bypass_check", "type: KAPI_CAP_BYPASS_CHECK"),
    ("type: perform_operation", "type: KAPI_CAP_PERFORM_OPERATION"),
];

#[test]
fn dialect_change_gives_no_findings() {
    // The long dialect has no enum list (`valid-values:` is C text), so mode takes a range.
    let short = edit(BASE, &[("enum(0, 1, 2)", "range(0, 2)")]);
    let long = edit(&short, LONG_TOKENS);
    let long =
        edit(&long, &[("constraint-type: range(0, 2)", "constraint-type: KAPI_CONSTRAINT_RANGE\n *   range: 0, 2")]);
    let (old, new) = (parse("v2.c", &long), parse("v3.c", &short));
    assert_eq!((old[0].dialect, new[0].dialect), (Some(Dialect::NestedLong), Some(Dialect::ShortToken)));
    let r = diff("v2.c", &old, "v3.c", &new);
    assert!(r.findings.is_empty(), "{}", show(&r.findings));
    // The brief's minimal pair: a uint with a range.
    let one = |body: &str| {
        format!(
            concat!(
                "/**\n",
                " * sys_frob - Frob\n",
                " * @n: Count\n",
                " *\n",
                " * contexts: process\n",
                " *\n",
                " * param: n\n",
                "{body} *\n",
                " * error: EINVAL, Bad n\n",
                " */\n",
                "SYSCALL_DEFINE1(frob, unsigned int, n)\n"
            ),
            body = body
        )
    };
    let long = one(concat!(
        " *   type: KAPI_TYPE_UINT\n",
        " *   flags: KAPI_PARAM_IN\n",
        " *   constraint-type: KAPI_CONSTRAINT_RANGE\n",
        " *   range: 0, 10\n"
    ));
    let short = one(" *   type: uint, input\n *   constraint-type: range(0, 10)\n");
    let r = diff("long.c", &parse("long.c", &long), "short.c", &parse("short.c", &short));
    assert!(r.findings.is_empty(), "{}", show(&r.findings));
}

/// The corpus (`KAPI_CORPUS`, default `/work/shared/corpus`); `None`, loudly, when missing.
fn corpus() -> Option<std::path::PathBuf> {
    let p = std::path::PathBuf::from(std::env::var("KAPI_CORPUS").unwrap_or_else(|_| "/work/shared/corpus".into()));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIPPED: no corpus at {} (set KAPI_CORPUS)", p.display());
        None
    }
}

/// sys_open in v2 (long tokens) and v3 (short tokens): only the notes were reworded.
#[test]
fn corpus_sys_open_v2_to_v3_is_only_text() {
    let Some(dir) = corpus() else { return };
    let read = |v: &str| {
        let path = dir.join(v).join("sys_open.c");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        parse(&path.display().to_string(), &text)
    };
    let r = diff("v2", &read("v2"), "v3", &read("v3"));
    assert_eq!(ids(&r), [TEXT], "{}", show(&r.findings));
    assert_eq!(r.findings.len(), 1, "{}", show(&r.findings));
    assert_eq!(r.findings[0].subject, "", "{}", show(&r.findings));
}
