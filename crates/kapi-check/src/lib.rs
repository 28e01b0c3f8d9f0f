//! Pure checks of system call arguments and results against a spec, with
//! the semantics of the kernel's runtime checks (`CONFIG_KAPI_RUNTIME_CHECKS`).
//!
//! No I/O and no system calls: `kapi test` uses these to decide what a
//! generated input should do, and `kapi trace` to judge what a live program
//! did. Arguments are the raw register values (`u64`); each parameter's C
//! type decides how many bits the kernel looks at and whether they are
//! signed, as the syscall wrapper's casts do.
//!
//! - [`check_call`] and [`check_arg`]: the parameter checks by KAPI type
//!   (`fd`, `user_ptr`, `path`) and by constraint (range, mask, enum,
//!   alignment, ...), worded as upstream's warnings; [`rejects`] says whether
//!   a checking kernel refuses the call; [`check_value`] is the value
//!   constraint alone (what the system call itself refuses).
//! - [`check_return`]: upstream's verdict on a return value (`spec_match`),
//!   kapi's stricter one (`violation`) and an errno the spec does not list.
//! - [`Registry`]: the in-kernel spec registry's behaviour.
//!
//! Where kapi differs from upstream on purpose: every bad parameter is
//! reported (upstream stops at the first); a `user_string` constraint's
//! default maximum of PATH_MAX and its `user_string(N)` maximum are enforced
//! (upstream only uses them to bound the read); values that do not resolve
//! (symbolic sizes, unknown constants) make a check undecided, never a
//! violation; `violation` judges success values that upstream accepts as
//! errors, and `undocumented_errno` reports what upstream only `pr_debug`s.

#![warn(missing_docs)]

mod param;
mod registry;
mod ret;

pub use param::{
    access_ok, check_arg, check_call, check_value, field_value, kernel_mask, kernel_value, rejects, user_string_bounds,
    Check, Memory, NoMemory, Violation, TASK_SIZE_MAX,
};
pub use registry::Registry;
pub use ret::{check_return, errno_of, spec_match, success_bounds, ReturnVerdict, SuccessBounds};

use kapi_model::enums::*;
use kapi_model::*;

/// How the kernel sees one argument register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Width {
    /// Bits the kernel reads (32 or 64).
    pub bits: u32,
    /// Whether the type is signed.
    pub signed: bool,
}

/// The width of a parameter, from its C type (`int` is 32-bit signed,
/// `unsigned long` and pointers 64-bit unsigned; unknown types are 64-bit).
pub fn width(p: &Param) -> Width {
    let decl = p.decl();
    let t = decl.strip_suffix(p.name.as_str()).unwrap_or(&decl).trim();
    if t.contains('*') || t.contains("__user") {
        return Width { bits: 64, signed: false };
    }
    let words: Vec<&str> = t.split_whitespace().filter(|w| !matches!(*w, "const" | "volatile")).collect();
    let unsigned = words.iter().any(|w| w.starts_with('u') || *w == "unsigned" || w.starts_with("__u"))
        || words.iter().any(|w| matches!(*w, "size_t" | "umode_t" | "aio_context_t" | "key_serial_t"))
            && !words.contains(&"ssize_t");
    let bits64 = words.iter().any(|w| {
        matches!(
            *w,
            "long" | "size_t" | "ssize_t" | "loff_t" | "off_t" | "aio_context_t" | "u64" | "s64" | "__u64" | "__s64"
        )
    });
    let bits = if bits64 || words.is_empty() { 64 } else { 32 };
    let signed = !unsigned && !matches!(p.kind.as_ref().and_then(|k| k.value), Some(ParamType::Uint));
    Width { bits, signed }
}

/// The register value as the kernel reads it: truncated to the width and,
/// for signed types, sign-extended.
pub fn as_seen(w: Width, raw: u64) -> i128 {
    if w.bits >= 64 {
        if w.signed {
            i128::from(raw as i64)
        } else {
            i128::from(raw)
        }
    } else {
        let low = raw & ((1u64 << w.bits) - 1);
        if w.signed {
            i128::from(low as u32 as i32)
        } else {
            i128::from(low)
        }
    }
}

/// The bits a mask constraint allows on x86_64 (the mask plus x86 arch bits),
/// when they are known.
pub fn valid_mask(p: &Param) -> Option<u64> {
    let base = p.mask.as_ref()?.as_u64_bits()?;
    let arch =
        p.arch_masks.iter().filter(|a| a.arch == "x86").filter_map(|a| a.value.as_u64_bits()).fold(0, |a, b| a | b);
    Some(base | arch)
}

/// Every check the arguments break, each argument on its own ([`check_arg`]),
/// in parameter order.
pub fn check_args(spec: &Spec, args: &[u64]) -> Vec<Violation> {
    spec.params.iter().filter_map(|p| args.get(p.index).and_then(|a| check_arg(p, *a))).collect()
}

/// Whether the spec lists `errno` (a positive number) among its errors.
pub fn is_documented(spec: &Spec, errno: i32) -> bool {
    spec.errors.iter().any(|e| e.code == Some(-errno))
        || spec.ret.as_ref().is_some_and(|r| r.error_values.iter().any(|v| v.resolved == Some(-i128::from(errno))))
}

/// Whether a return that is not an error is a success the return spec
/// allows: the `violation` of [`check_return`].
pub fn check_success(spec: &Spec, ret: i64) -> Result<(), String> {
    match check_return(spec, ret).violation {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        let text = "/**\n * sys_t - t\n * contexts: process\n * param: flags\n *   type: uint, input\n *   constraint-type: mask(MLOCK_ONFAULT)\n * param: n\n *   type: int, input\n *   constraint-type: range(0, 7)\n * param: len\n *   type: uint, input\n *   constraint-type: page_aligned\n * return:\n *   type: int\n *   check-type: exact\n *   success: 0\n * error: EINVAL, bad\n */\nSYSCALL_DEFINE3(t, unsigned int, flags, int, n, size_t, len)\n";
        let b = kapi_source::scan_bytes("t.c", text.as_bytes());
        b.specs.into_iter().next().expect("one spec").spec
    }

    #[test]
    fn widths_follow_the_c_type() {
        let s = spec();
        assert_eq!(width(&s.params[0]), Width { bits: 32, signed: false });
        assert_eq!(width(&s.params[1]), Width { bits: 32, signed: true });
        assert_eq!(width(&s.params[2]), Width { bits: 64, signed: false });
        assert_eq!(as_seen(width(&s.params[1]), u64::MAX), -1);
    }

    #[test]
    fn each_constraint_is_checked() {
        let s = spec();
        assert!(check_args(&s, &[1, 3, 4096]).is_empty());
        let v = check_args(&s, &[2, -1i64 as u64, 4097]);
        assert_eq!(v.iter().map(|v| v.rule).collect::<Vec<_>>(), ["mask", "range", "page_aligned"]);
        // Only the low 32 bits of an int are seen.
        assert!(check_arg(&s.params[1], 0xffff_ffff_0000_0003).is_none());
    }

    #[test]
    fn returns_and_errnos() {
        let s = spec();
        assert!(check_success(&s, 0).is_ok());
        assert!(check_success(&s, 1).is_err());
        assert!(is_documented(&s, 22));
        assert!(!is_documented(&s, 9));
    }

    /// The spec of `text` (one spec block and its definition).
    fn parse(text: &str) -> Spec {
        let b = kapi_source::scan_bytes("t.c", text.as_bytes());
        b.specs.into_iter().next().expect("one spec").spec
    }

    fn io() -> Spec {
        parse(
            "/**\n * sys_io - t\n * contexts: process\n * param: fd\n *   type: fd, input\n * param: filename\n *   type: path, input\n * param: buf\n *   type: user_ptr, output\n *   constraint-type: buffer(3)\n * param: len\n *   type: uint, input\n *   constraint-type: range(0, SSIZE_MAX)\n * param: flags\n *   type: uint, input\n *   constraint-type: mask(1)\n * param: opt\n *   type: user_ptr, input, optional\n *   size-param: 3\n *   size-multiplier: 16\n * return:\n *   type: int\n *   check-type: fd\n *   success: >= 0\n * error: EBADF, bad\n */\nSYSCALL_DEFINE6(io, long, fd, const char __user *, filename, char __user *, buf, size_t, len, unsigned long, flags, void __user *, opt)\n",
        )
    }

    /// Memory holding one string at 0x1000 and nothing else.
    fn string_at(s: &'static str) -> impl Fn(u64, usize) -> Option<usize> {
        move |addr, max| (addr == 0x1000).then(|| s.len().min(max))
    }

    const OK: [u64; 6] = [3, 0x1000, 0x2000, 16, 1, 0];

    #[test]
    fn a_valid_call_passes() {
        let s = io();
        assert_eq!(check_call(&s, &OK, &string_at("file")), vec![]);
        assert!(!rejects(&s, &[]));
    }

    #[test]
    fn messages_read_like_upstream() {
        let s = io();
        let msg = |i: usize, v: u64| {
            let mut a = OK;
            a[i] = v;
            let out = check_call(&s, &a, &string_at("file"));
            assert!(rejects(&s, &out));
            let v = out.iter().find(|v| v.index == i).unwrap_or_else(|| panic!("{out:?}"));
            assert_eq!(v.param, s.params[i].name);
            v.message.clone()
        };
        assert_eq!(msg(4, 0x104), "Parameter flags value 0x104 contains invalid bits (valid mask: 0x1)");
        assert_eq!(msg(3, u64::MAX), "Parameter len value -1 out of range [0, 9223372036854775807]");
        assert_eq!(msg(1, 0), "Parameter filename: NULL path not allowed");
        assert_eq!(msg(0, 1 << 32), "Parameter fd: file descriptor 4294967296 out of int range");
        assert_eq!(msg(0, -1i64 as u64), "Parameter fd: invalid file descriptor -1");
        assert_eq!(msg(2, 0), "Parameter buf: invalid user pointer 0x0");
        assert_eq!(msg(2, TASK_SIZE_MAX - 8), format!("Parameter buf: invalid user pointer {:#x}", TASK_SIZE_MAX - 8));
        assert_eq!(msg(1, 0x3000), "Parameter filename: invalid path pointer 0x3000");
        assert_eq!(
            msg(1, TASK_SIZE_MAX),
            format!("Parameter filename: path pointer {TASK_SIZE_MAX:#x} not accessible")
        );
        // AT_FDCWD is a valid descriptor.
        let mut a = OK;
        a[0] = -100i64 as u64;
        assert!(check_call(&s, &a, &NoMemory).is_empty());
    }

    #[test]
    fn buffer_sizes_come_from_the_size_parameter() {
        let s = io();
        let mut a = OK;
        // A zero-length buffer is never read: NULL passes.
        a[2] = 0;
        a[3] = 0;
        assert!(check_call(&s, &a, &NoMemory).is_empty());
        // The buffer must end below TASK_SIZE_MAX.
        a[2] = TASK_SIZE_MAX - 16;
        a[3] = 16;
        assert!(check_call(&s, &a, &NoMemory).is_empty());
        a[3] = 17;
        let v = check_call(&s, &a, &NoMemory);
        assert_eq!(v.iter().map(|v| v.param.as_str()).collect::<Vec<_>>(), ["buf"]);
        // The optional pointer: 16 bytes per element; NULL is allowed.
        a = OK;
        a[5] = TASK_SIZE_MAX - 16 * 16;
        assert!(check_call(&s, &a, &NoMemory).is_empty());
        a[5] = TASK_SIZE_MAX - 16 * 16 + 1;
        assert_eq!(check_call(&s, &a, &NoMemory)[0].rule, "user_ptr");
        // A count whose product overflows.
        a[3] = u64::MAX / 8;
        let v = check_call(&s, &a, &NoMemory);
        assert!(v.iter().any(|v| v.message == "Parameter opt: size calculation overflow"), "{v:?}");
    }

    #[test]
    fn paths_are_measured_in_memory() {
        let s = io();
        let long: &'static str = Box::leak("x".repeat(4096).into_boxed_str());
        let ok: &'static str = Box::leak("x".repeat(4095).into_boxed_str());
        assert!(check_call(&s, &OK, &string_at(ok)).is_empty());
        assert!(check_call(&s, &OK, &string_at("")).is_empty());
        let v = check_call(&s, &OK, &string_at(long));
        assert_eq!(v[0].message, "Parameter filename: path too long (exceeds PATH_MAX)");
        // Without memory, lengths are not checked.
        assert!(check_call(&s, &OK, &NoMemory).is_empty());
    }

    #[test]
    fn user_strings_have_a_length_range() {
        let s = parse(
            "/**\n * sys_s - t\n * contexts: process\n * param: name\n *   type: ptr, input\n *   constraint-type: user_string(4)\n * param: ptr\n *   type: uint, input\n *   constraint-type: user_ptr\n */\nSYSCALL_DEFINE2(s, const char __user *, name, unsigned long, ptr)\n",
        );
        let a = [0x1000, 0x1000, 0, 0, 0, 0];
        let v = check_call(&s, &a, &string_at("abcd"));
        // `user_ptr` without a size is an error of the spec, reported for every call.
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].message, "Parameter ptr: size not specified for user pointer validation");
        let v = check_call(&s, &a, &string_at("abcde"));
        assert_eq!(v[0].message, "Parameter name: string too long (5 > 4)");
        let v = check_call(&s, &[0, 0x1000, 0, 0, 0, 0], &NoMemory);
        assert_eq!(v[0].message, "Parameter name: NULL string not allowed");
        // A `user_ptr` type is checked first, against the size `user_string(N)` gives.
        let mut t = s.clone();
        t.params[0].kind = Some(Token::known(ParamType::UserPtr));
        let v = check_call(&t, &[0, 0x1000, 0, 0, 0, 0], &NoMemory);
        assert_eq!(v[0].message, "Parameter name: invalid user pointer 0x0");
        // Without the other arguments, upstream words it with the size.
        let v = check_arg(&t.params[0], 0).map(|v| v.message);
        assert_eq!(v.as_deref(), Some("Parameter name: invalid user pointer 0x0 (size: 4)"));
    }

    #[test]
    fn returns_follow_the_check_type() {
        let s = io();
        let r = check_return(&s, 3);
        assert!(r.spec_match && r.violation.is_none() && r.errno.is_none());
        let r = check_return(&s, 1 << 31);
        assert!(!r.spec_match && r.violation.is_some());
        let r = check_return(&s, -9);
        assert!(r.spec_match && r.violation.is_none());
        assert_eq!((r.errno, r.undocumented_errno), (Some(9), None));
        let r = check_return(&s, -1);
        assert_eq!((r.errno, r.undocumented_errno), (Some(1), Some(1)));
        // A restart code is not a user-visible errno.
        assert_eq!(check_return(&s, -512).undocumented_errno, None);
        // A parameter violation makes the exit event say spec_match=0.
        let v = check_call(&s, &[u64::MAX, 0x1000, 0x2000, 16, 1, 0], &NoMemory);
        assert!(!spec_match(&s, &v, &check_return(&s, -22)));
        assert!(spec_match(&s, &[], &check_return(&s, 3)));
    }

    #[test]
    fn the_tables_hold_the_constants_used_here() {
        for name in ["PATH_MAX", "PAGE_SIZE", "AT_FDCWD"] {
            assert!(tables::constant(name).is_some(), "{name}");
        }
        assert_eq!(tables::constant("PAGE_SIZE").map(|p| (1i128 << 47) - p), Some(TASK_SIZE_MAX.into()));
        for name in ["EINVAL", "EEXIST"] {
            assert!(tables::errno(name).is_some(), "{name}");
        }
    }
}
