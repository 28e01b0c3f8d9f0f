//! Return checks: what upstream's `kapi_validate_syscall_return()` decides,
//! and kapi's own, stricter reading of the return spec.

use crate::{is_documented, Violation};
use kapi_model::enums::*;
use kapi_model::*;

/// What one return value says about the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnVerdict {
    /// What upstream's `kapi_syscall_exit` tracepoint prints as `spec_match`
    /// for this return: `kapi_validate_return_value()` when the spec has a
    /// return spec, else true. Upstream takes any value its check type does
    /// not call a success for an error and accepts every error, so this is
    /// false only for a `fd` check whose success is above INT_MAX. Combine it
    /// with the parameters through [`spec_match`].
    pub spec_match: bool,
    /// kapi's judgement of a return that is not an error (outside
    /// -4095..=-1) and that the return spec does not allow; `None` when it is
    /// allowed or is an error.
    pub violation: Option<String>,
    /// The errno of an error return (-4095..=-1).
    pub errno: Option<i32>,
    /// The errno of an error return that the spec lists neither in `error:`
    /// nor in `error-values:` (upstream only `pr_debug`s it). Kernel-internal
    /// restart codes (512 and up), which user space never sees, are not
    /// reported.
    pub undocumented_errno: Option<i32>,
}

/// The errno of `ret` when it is an error return (-4095..=-1), as
/// `IS_ERR_VALUE()` decides.
pub fn errno_of(ret: i64) -> Option<i32> {
    (-4095..=-1).contains(&ret).then(|| -(ret as i32))
}

/// Judges a return value against the spec's `return:` block and its errors.
///
/// For `spec_match`, see [`ReturnVerdict::spec_match`]. For `violation`, by
/// check type: `exact`, the value equals `success:` (0 when absent, the
/// kernel struct's default); `range`, it lies within `success:` and the
/// success range (`[0, 0]` when neither is given, the struct's default; a
/// missing side of a range is open); `error_check`, any value is fine (it is
/// a success unless listed in `error-values:`, and then a documented
/// failure); `fd`, 0..=INT_MAX (and `success:` when given); `no_return`, any
/// value is a violation (an error return is the documented failure);
/// `custom` and unknown words, anything. Without a `check-type:`, the
/// `success:` comparison and range are checked when given.
pub fn check_return(spec: &Spec, ret: i64) -> ReturnVerdict {
    let errno = errno_of(ret);
    let undocumented_errno = errno.filter(|e| tables::errno_is_user_visible(*e) && !is_documented(spec, *e));
    let Some(r) = &spec.ret else {
        // No return spec (no `return_magic`): nothing to validate.
        return ReturnVerdict { spec_match: true, violation: None, errno, undocumented_errno };
    };
    // An absent check type is the struct's default, KAPI_RETURN_EXACT (0).
    let upstream = match &r.check {
        None => Some(ReturnCheck::Exact),
        Some(t) => t.value,
    };
    let spec_match = !(upstream == Some(ReturnCheck::Fd) && ret > i64::from(i32::MAX));
    let violation = if errno.is_some() { None } else { success_violation(r, ret) };
    ReturnVerdict { spec_match, violation, errno, undocumented_errno }
}

/// Why a non-error `ret` is not a success the return spec allows.
fn success_violation(r: &ReturnSpec, ret: i64) -> Option<String> {
    let check = match &r.check {
        None => None,
        // An unknown word takes upstream's `default:` branch: anything goes.
        Some(t) => Some(t.value?),
    };
    let v = i128::from(ret);
    // The `success:` comparison, when it resolves.
    let success = r.success.as_ref().and_then(|s| Some((s, s.value.resolved?)));
    let compare = |(s, x): (&Success, i128)| {
        let ok = match s.op {
            CmpOp::Eq => v == x,
            CmpOp::Ne => v != x,
            CmpOp::Ge => v >= x,
            CmpOp::Gt => v > x,
            CmpOp::Le => v <= x,
            CmpOp::Lt => v < x,
        };
        (!ok).then(|| format!("returned {ret}; the spec says success is {} {}", s.op.as_str(), s.value.raw))
    };
    let lo = r.success_min.as_ref().and_then(|m| m.resolved);
    let hi = r.success_max.as_ref().and_then(|m| m.resolved);
    let range = |lo: Option<i128>, hi: Option<i128>| {
        (lo.is_some_and(|lo| v < lo) || hi.is_some_and(|hi| v > hi)).then(|| {
            let side = |b: Option<i128>, inf: &str| b.map_or(inf.to_string(), |b| b.to_string());
            format!("returned {ret}, outside the success range [{}, {}]", side(lo, "-inf"), side(hi, "+inf"))
        })
    };
    let given = success.and_then(compare).or_else(|| range(lo, hi));
    match check {
        Some(ReturnCheck::Exact) if r.success.is_none() => {
            (ret != 0).then(|| format!("returned {ret}; the spec says success is == 0 (the default)"))
        }
        Some(ReturnCheck::Range) if r.success.is_none() && r.success_min.is_none() && r.success_max.is_none() => {
            range(Some(0), Some(0))
        }
        Some(ReturnCheck::Exact | ReturnCheck::Range) | None => given,
        Some(ReturnCheck::Fd) => {
            if !(0..=i64::from(i32::MAX)).contains(&ret) {
                return Some(format!("returned {ret}, not a file descriptor (0 to INT_MAX)"));
            }
            given
        }
        Some(ReturnCheck::NoReturn) => Some(format!("returned {ret}; the spec says the call does not return")),
        Some(ReturnCheck::ErrorCheck | ReturnCheck::Custom) => None,
    }
}

/// What the `kapi_syscall_exit` tracepoint prints as `spec_match` for a call:
/// false when a kernel with runtime checks would refuse it ([`crate::rejects`];
/// the event then carries -EINVAL) or when the return fails upstream's check.
pub fn spec_match(spec: &Spec, violations: &[Violation], ret: &ReturnVerdict) -> bool {
    !crate::rejects(spec, violations) && ret.spec_match
}

/// Which non-error returns a spec allows, as an interval a BPF program can
/// test: every value inside is a success [`check_return`] accepts, so a
/// value outside is only a candidate that the full check must confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuccessBounds {
    /// Every return is allowed.
    Any,
    /// The returns in `lo..=hi` are allowed (the interval may be empty, `lo > hi`).
    Within(i64, i64),
    /// No interval describes the allowed set (`!=`, `no_return`): every return is a candidate.
    Unknown,
}

/// The [`SuccessBounds`] of a spec: the conjunction [`check_return`] tests,
/// as one interval.
pub fn success_bounds(spec: &Spec) -> SuccessBounds {
    let Some(r) = &spec.ret else { return SuccessBounds::Any };
    let check = match &r.check {
        None => None,
        Some(t) => match t.value {
            Some(v) => Some(v),
            None => return SuccessBounds::Any,
        },
    };
    let clamp = |v: i128| v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    let (mut lo, mut hi) = (i64::MIN, i64::MAX);
    let mut meet = |a: i128, b: i128| {
        lo = lo.max(clamp(a));
        hi = hi.min(clamp(b));
    };
    let success = r.success.as_ref().and_then(|s| Some((s.op, s.value.resolved?)));
    let given = |meet: &mut dyn FnMut(i128, i128)| -> bool {
        if let Some((op, x)) = success {
            match op {
                CmpOp::Eq => meet(x, x),
                CmpOp::Ge => meet(x, i128::MAX),
                CmpOp::Gt => meet(x.saturating_add(1), i128::MAX),
                CmpOp::Le => meet(i128::MIN, x),
                CmpOp::Lt => meet(i128::MIN, x.saturating_sub(1)),
                CmpOp::Ne => return false,
            }
        }
        let rlo = r.success_min.as_ref().and_then(|m| m.resolved).unwrap_or(i128::MIN);
        let rhi = r.success_max.as_ref().and_then(|m| m.resolved).unwrap_or(i128::MAX);
        meet(rlo, rhi);
        true
    };
    let known = match check {
        Some(ReturnCheck::Exact) if r.success.is_none() => {
            meet(0, 0);
            true
        }
        Some(ReturnCheck::Range) if r.success.is_none() && r.success_min.is_none() && r.success_max.is_none() => {
            meet(0, 0);
            true
        }
        Some(ReturnCheck::Exact | ReturnCheck::Range) | None => given(&mut meet),
        Some(ReturnCheck::Fd) => {
            meet(0, i128::from(i32::MAX));
            given(&mut meet)
        }
        Some(ReturnCheck::NoReturn) => false,
        Some(ReturnCheck::ErrorCheck | ReturnCheck::Custom) => return SuccessBounds::Any,
    };
    if known {
        SuccessBounds::Within(lo, hi)
    } else {
        SuccessBounds::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value inside the bounds is a success the full check accepts.
    #[test]
    fn success_bounds_never_hide_a_violation() {
        let scan = kapi_source::bundled();
        let mut within = 0;
        for p in &scan.specs {
            let s = &p.spec;
            let samples = |lo: i64, hi: i64| {
                let mut v = vec![lo, hi, lo / 2 + hi / 2, 0, 1, 2, 3, 4096, i64::from(i32::MAX), i64::MAX, -4096];
                v.retain(|x| (lo..=hi).contains(x) && errno_of(*x).is_none());
                v
            };
            match success_bounds(s) {
                SuccessBounds::Within(lo, hi) => {
                    within += 1;
                    for ret in samples(lo, hi) {
                        assert_eq!(check_return(s, ret).violation, None, "{}: {ret} in [{lo}, {hi}]", s.name);
                    }
                }
                SuccessBounds::Any => {
                    for ret in samples(i64::MIN, i64::MAX) {
                        assert_eq!(check_return(s, ret).violation, None, "{}: {ret}", s.name);
                    }
                }
                SuccessBounds::Unknown => {}
            }
        }
        assert!(within > 20, "only {within} specs have success bounds");
    }
}
