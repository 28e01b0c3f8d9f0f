//! Pure checks of system call arguments and results against a spec.
//!
//! No I/O and no system calls: `kapi test` uses these to decide what a
//! generated input should do, and `kapi trace` to judge what a live program
//! did. Arguments are the raw register values (`u64`); each parameter's C
//! type decides how many bits the kernel looks at and whether they are
//! signed.

use kapi_model::enums::*;
use kapi_model::*;

/// A constraint of the spec that an argument breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The parameter's position.
    pub index: usize,
    /// The parameter's name.
    pub param: String,
    /// Which constraint: `mask`, `range`, `enum`, `alignment`, `nonzero`, `power_of_two`.
    pub rule: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

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

fn kind(p: &Param) -> Option<ConstraintKind> {
    p.constraint_kind.as_ref().and_then(|k| k.value)
}

/// The constraint of `p` that `raw` breaks, if any.
pub fn check_arg(p: &Param, raw: u64) -> Option<Violation> {
    let w = width(p);
    let v = as_seen(w, raw);
    let bad =
        |rule: &'static str, message: String| Some(Violation { index: p.index, param: p.name.clone(), rule, message });
    // A range applies with or without an explicit kind (`range:` implies it).
    if matches!(kind(p), None | Some(ConstraintKind::Range)) {
        let lo = p.min.as_ref().and_then(|m| m.resolved);
        let hi = p.max.as_ref().and_then(|m| m.resolved);
        if lo.is_some() || hi.is_some() {
            // Bounds are read in the parameter's own type (`SIZE_MAX` is -1 in an s64 field).
            let in_type = |b: i128| if w.signed { b } else { b.rem_euclid(1i128 << w.bits.min(64)) };
            if lo.is_some_and(|lo| v < in_type(lo)) || hi.is_some_and(|hi| v > in_type(hi)) {
                let lo = p.min.as_ref().map_or("-inf".to_string(), |m| m.raw.clone());
                let hi = p.max.as_ref().map_or("+inf".to_string(), |m| m.raw.clone());
                return bad("range", format!("{} = {v} is outside [{lo}, {hi}]", p.name));
            }
        }
    }
    match kind(p) {
        Some(ConstraintKind::Mask) => {
            let m = valid_mask(p)?;
            let seen = raw & if w.bits >= 64 { u64::MAX } else { (1u64 << w.bits) - 1 };
            let extra = seen & !m;
            if extra != 0 {
                return bad(
                    "mask",
                    format!("{} = {seen:#x} has bits {extra:#x} outside the valid mask {m:#x}", p.name),
                );
            }
        }
        Some(ConstraintKind::Enum) => {
            let values: Vec<i128> = p.enum_values.iter().filter_map(|e| e.resolved).collect();
            if values.len() == p.enum_values.len() && !values.is_empty() && !values.contains(&v) {
                return bad("enum", format!("{} = {v} is not one of the listed values", p.name));
            }
        }
        Some(ConstraintKind::Alignment) => {
            if let Some(a) = p.alignment.as_ref().and_then(|a| a.resolved).filter(|a| *a > 0) {
                if v.rem_euclid(a) != 0 {
                    return bad("alignment", format!("{} = {v:#x} is not aligned to {a}", p.name));
                }
            }
        }
        Some(ConstraintKind::PageAligned) if v.rem_euclid(4096) != 0 => {
            return bad("alignment", format!("{} = {v:#x} is not page aligned", p.name));
        }
        Some(ConstraintKind::PowerOfTwo) if v <= 0 || (v & (v - 1)) != 0 => {
            return bad("power_of_two", format!("{} = {v} is not a power of two", p.name));
        }
        Some(ConstraintKind::Nonzero) if v == 0 => {
            return bad("nonzero", format!("{} is 0", p.name));
        }
        _ => {}
    }
    None
}

/// Every constraint the arguments break, in parameter order.
pub fn check_args(spec: &Spec, args: &[u64]) -> Vec<Violation> {
    spec.params.iter().filter_map(|p| args.get(p.index).and_then(|a| check_arg(p, *a))).collect()
}

/// Whether the spec lists `errno` (a positive number) among its errors.
pub fn is_documented(spec: &Spec, errno: i32) -> bool {
    spec.errors.iter().any(|e| e.code == Some(-errno))
        || spec.ret.as_ref().is_some_and(|r| r.error_values.iter().any(|v| v.resolved == Some(-i128::from(errno))))
}

/// What a successful return must look like, per the return spec.
pub fn check_success(spec: &Spec, ret: i64) -> Result<(), String> {
    let Some(r) = &spec.ret else { return Ok(()) };
    let check = r.check.as_ref().and_then(|c| c.value);
    if let Some(s) = &r.success {
        if let Some(v) = s.value.resolved.and_then(|v| i64::try_from(v).ok()) {
            let ok = match s.op {
                CmpOp::Eq => ret == v,
                CmpOp::Ne => ret != v,
                CmpOp::Ge => ret >= v,
                CmpOp::Gt => ret > v,
                CmpOp::Le => ret <= v,
                CmpOp::Lt => ret < v,
            };
            if !ok {
                return Err(format!("returned {ret}; the spec says success is {} {}", s.op.as_str(), s.value.raw));
            }
        }
    }
    let lo = r.success_min.as_ref().and_then(|v| v.resolved);
    let hi = r.success_max.as_ref().and_then(|v| v.resolved);
    if lo.is_some_and(|lo| i128::from(ret) < lo) || hi.is_some_and(|hi| i128::from(ret) > hi) {
        return Err(format!("returned {ret}, outside the success range"));
    }
    match check {
        Some(ReturnCheck::Fd) if ret < 0 => Err(format!("returned {ret}, not a file descriptor")),
        Some(ReturnCheck::NoReturn) => Err(format!("returned {ret}; the spec says the call does not return")),
        _ => Ok(()),
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
        assert_eq!(v.iter().map(|v| v.rule).collect::<Vec<_>>(), ["mask", "range", "alignment"]);
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
}
