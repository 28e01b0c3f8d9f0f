//! The BPF program's rule tables, built from the specs.
//!
//! The structs mirror `bpf/watch.bpf.c` byte for byte. Every number comes
//! from `kapi-check` (C type widths, the kernel's mask, success bounds,
//! which errnos are documented), so the kernel side tests what `kapi trace`
//! tests; where a rule cannot be put in a table, the argument is marked
//! `C_ALWAYS` and user space decides.

use kapi_model::enums::*;
use kapi_model::{tables, Param, Spec};

/// Parameters the BPF program looks at.
pub const NARGS: usize = 6;
/// Enum members a table holds.
pub const MAXENUM: usize = 32;
/// Syscall numbers the table covers.
pub const MAXNR: u32 = 512;
/// `PATH_MAX`, the longest string the program measures.
pub const PATH_MAX: i64 = 4096;

/// Argument types the program checks.
pub mod ty {
    /// Nothing by type.
    pub const NONE: u8 = 0;
    /// A file descriptor.
    pub const FD: u8 = 1;
    /// A user pointer.
    pub const UPTR: u8 = 2;
    /// A path.
    pub const PATH: u8 = 3;
}

/// Constraints the program checks.
pub mod cons {
    /// None.
    pub const NONE: u8 = 0;
    /// `range`.
    pub const RANGE: u8 = 1;
    /// `mask`.
    pub const MASK: u8 = 2;
    /// `enum`.
    pub const ENUM: u8 = 3;
    /// `alignment`.
    pub const ALIGN: u8 = 4;
    /// `power_of_two`.
    pub const POW2: u8 = 5;
    /// `page_aligned`.
    pub const PAGE: u8 = 6;
    /// `nonzero`.
    pub const NONZERO: u8 = 7;
    /// `user_string`.
    pub const USTR: u8 = 8;
    /// `user_path`.
    pub const UPATH: u8 = 9;
    /// `user_ptr`.
    pub const UPTR: u8 = 10;
    /// Every value is a candidate: user space decides.
    pub const ALWAYS: u8 = 11;
}

/// `struct arg_rule`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArgRule {
    pub used: u8,
    pub bits: u8,
    pub is_signed: u8,
    pub ty: u8,
    pub cons: u8,
    pub optional: u8,
    pub size_param: u8,
    pub n_enum: u8,
    pub has_lo: u8,
    pub has_hi: u8,
    pub pad: [u8; 6],
    pub lo: i64,
    pub hi: i64,
    pub mask: u64,
    pub align: u64,
    pub size: u64,
    pub mult: u64,
    pub str_max: i64,
    pub enums: [i64; MAXENUM],
}

impl Default for ArgRule {
    fn default() -> Self {
        ArgRule {
            used: 0,
            bits: 64,
            is_signed: 0,
            ty: ty::NONE,
            cons: cons::NONE,
            optional: 0,
            size_param: 0xff,
            n_enum: 0,
            has_lo: 0,
            has_hi: 0,
            pad: [0; 6],
            lo: 0,
            hi: 0,
            mask: 0,
            align: 0,
            size: 0,
            mult: 1,
            str_max: 0,
            enums: [0; MAXENUM],
        }
    }
}

/// `struct sys_rule`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SysRule {
    pub used: u8,
    pub at_entry: u8,
    pub succ_mode: u8,
    pub exec: u8,
    pub pad: [u8; 4],
    pub succ_lo: i64,
    pub succ_hi: i64,
    pub errno_ok: [u64; 8],
    pub args: [ArgRule; NARGS],
}

/// `succ_mode`: no check.
pub const S_NONE: u8 = 0;
/// `succ_mode`: returns outside `succ_lo..=succ_hi` are candidates.
pub const S_INTERVAL: u8 = 1;
/// `succ_mode`: every non-error return is a candidate.
pub const S_ANY: u8 = 2;

// SAFETY: plain old data with explicit padding, no pointers.
unsafe impl aya::Pod for SysRule {}

const _: () = assert!(std::mem::size_of::<ArgRule>() == 328);
const _: () = assert!(std::mem::size_of::<SysRule>() == 2056);

/// Calls that replace the program: their registers are gone after a
/// success, so only their failures are checked (a violation makes them fail).
const EXEC: &[&str] = &["execve", "execveat"];
/// Calls that end the program or never return normally: checked at entry.
const NO_EXIT: &[&str] = &["exit", "exit_group", "rt_sigreturn"];

/// The rule of one spec.
pub fn sys_rule(spec: &Spec) -> SysRule {
    let mut r = SysRule {
        used: 1,
        at_entry: 0,
        succ_mode: S_NONE,
        exec: 0,
        pad: [0; 4],
        succ_lo: 0,
        succ_hi: 0,
        errno_ok: [0; 8],
        args: [ArgRule::default(); NARGS],
    };
    let bare = spec.name.strip_prefix("sys_").unwrap_or(&spec.name);
    let no_return =
        spec.ret.as_ref().and_then(|r| r.check.as_ref()).and_then(|c| c.value) == Some(ReturnCheck::NoReturn);
    r.exec = u8::from(EXEC.contains(&bare));
    for e in 1..512 {
        if kapi_check::is_documented(spec, e) || !tables::errno_is_user_visible(e) {
            r.errno_ok[(e / 64) as usize] |= 1 << (e % 64);
        }
    }
    match kapi_check::success_bounds(spec) {
        kapi_check::SuccessBounds::Any => r.succ_mode = S_NONE,
        kapi_check::SuccessBounds::Within(lo, hi) => {
            r.succ_mode = S_INTERVAL;
            r.succ_lo = lo;
            r.succ_hi = hi;
        }
        kapi_check::SuccessBounds::Unknown => r.succ_mode = S_ANY,
    }
    for p in spec.params.iter().filter(|p| p.index < NARGS) {
        r.args[p.index] = arg_rule(p);
    }
    // A call that does not return is checked at entry, if it has anything to check
    // (an entry program slows every system call on the tracepoint fallback).
    let checks = r.args.iter().any(|a| a.used != 0 && (a.ty != ty::NONE || a.cons != cons::NONE));
    r.at_entry = u8::from(r.exec == 0 && (NO_EXIT.contains(&bare) || no_return) && checks);
    r
}

fn resolved(v: &Option<kapi_model::Value>) -> Option<i128> {
    v.as_ref().and_then(|v| v.resolved)
}

/// The rule of one parameter, as `kapi_check` reads the spec.
pub fn arg_rule(p: &Param) -> ArgRule {
    let w = kapi_check::width(p);
    let mut a = ArgRule { used: 1, bits: w.bits as u8, is_signed: u8::from(w.signed), ..ArgRule::default() };
    a.optional = u8::from(p.flags.as_ref().is_some_and(|f| f.contains(ParamFlag::Optional)));
    let fixed_size = resolved(&p.size).map_or(0, |n| n as u64);
    match p.kind.as_ref().and_then(|k| k.value) {
        Some(ParamType::Fd) => a.ty = ty::FD,
        Some(ParamType::UserPtr) => {
            a.ty = ty::UPTR;
            a.size = fixed_size;
            if let Some(i) =
                resolved(&p.size_param).and_then(|i| u8::try_from(i).ok()).filter(|i| (*i as usize) < NARGS)
            {
                a.size_param = i;
            } else if p.size_param.is_some() {
                // A size from a parameter kapi cannot place: user space decides.
                a.cons = cons::ALWAYS;
            }
            a.mult = match resolved(&p.size_multiplier) {
                Some(m) if m as u64 != 0 => m as u64,
                _ => 1,
            };
        }
        Some(ParamType::Path) => a.ty = ty::PATH,
        _ => {}
    }
    let kind = p.constraint_kind.as_ref().and_then(|k| k.value);
    if a.cons == cons::ALWAYS {
        return a;
    }
    match kind {
        Some(ConstraintKind::Range) => {
            let (lo, hi) = (kapi_check::field_value(&p.min), kapi_check::field_value(&p.max));
            a.cons = cons::RANGE;
            if let Some(lo) = lo {
                a.has_lo = 1;
                a.lo = lo;
            }
            if let Some(hi) = hi.filter(|h| *h >= 0) {
                a.has_hi = 1;
                a.hi = hi;
            }
        }
        Some(ConstraintKind::Mask) => {
            if let Some(m) = kapi_check::kernel_mask(p) {
                a.cons = cons::MASK;
                a.mask = m;
            }
        }
        Some(ConstraintKind::Enum) => {
            let known: Vec<i64> = p.enum_values.iter().filter_map(|e| e.resolved).map(|n| n as i64).collect();
            if !p.enum_values.is_empty() && known.len() == p.enum_values.len() {
                if known.len() > MAXENUM {
                    a.cons = cons::ALWAYS;
                } else {
                    a.cons = cons::ENUM;
                    a.n_enum = known.len() as u8;
                    a.enums[..known.len()].copy_from_slice(&known);
                }
            }
        }
        Some(ConstraintKind::Alignment) => match &p.alignment {
            None => a.cons = cons::ALIGN, // alignment 0: always a violation
            Some(v) => match v.resolved {
                Some(n) if (n as u64).is_power_of_two() => {
                    a.cons = cons::ALIGN;
                    a.align = n as u64;
                }
                Some(_) => a.cons = cons::ALWAYS,
                None => {}
            },
        },
        Some(ConstraintKind::PowerOfTwo) => a.cons = cons::POW2,
        Some(ConstraintKind::PageAligned) => a.cons = cons::PAGE,
        Some(ConstraintKind::Nonzero) => a.cons = cons::NONZERO,
        Some(ConstraintKind::UserString) => {
            let (min, max) = kapi_check::user_string_bounds(p);
            a.cons = cons::USTR;
            a.str_max = i64::try_from(max).unwrap_or(i64::MAX);
            if let Some(min) = min {
                a.has_lo = 1;
                a.lo = min.min(i128::from(i64::MAX)) as i64;
            }
        }
        Some(ConstraintKind::UserPath) => a.cons = cons::UPATH,
        Some(ConstraintKind::UserPtr) => {
            a.cons = cons::UPTR;
            a.size = fixed_size;
        }
        _ => {}
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled(name: &str) -> Spec {
        let scan = kapi_source::bundled();
        scan.specs.into_iter().map(|p| p.spec).find(|s| s.name == name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn tables_hold_what_the_check_library_reads() {
        let lseek = sys_rule(&bundled("sys_lseek"));
        let whence = lseek.args[2];
        assert_eq!((whence.cons, whence.has_lo, whence.lo, whence.has_hi, whence.hi), (cons::RANGE, 1, 0, 1, 4));
        assert_eq!((lseek.args[0].ty, lseek.args[0].bits, lseek.args[0].is_signed), (ty::FD, 32, 0));
        assert_eq!(lseek.at_entry, 0);
        let mlock2 = sys_rule(&bundled("sys_mlock2"));
        assert_eq!((mlock2.args[2].cons, mlock2.args[2].mask), (cons::MASK, 1));
        let mlockall = sys_rule(&bundled("sys_mlockall"));
        let flags = mlockall.args[0];
        assert_eq!(flags.cons, cons::ENUM);
        assert!(
            flags.enums[..flags.n_enum as usize].contains(&1) && !flags.enums[..flags.n_enum as usize].contains(&8)
        );
        let read = sys_rule(&bundled("sys_read"));
        assert_eq!((read.args[1].ty, read.args[1].size_param), (ty::UPTR, 2));
        let ok = |r: &SysRule, e: i32| r.errno_ok[(e / 64) as usize] & (1 << (e % 64)) != 0;
        assert!(ok(&read, 9) && ok(&read, 14), "EBADF and EFAULT are documented for read");
        assert!(!ok(&read, 28), "ENOSPC is not");
        let execve = sys_rule(&bundled("sys_execve"));
        assert_eq!((execve.at_entry, execve.exec), (0, 1));
        // Every bundled spec fits a table.
        for p in kapi_source::bundled().specs {
            let r = sys_rule(&p.spec);
            assert!(r.args.iter().all(|a| a.n_enum as usize <= MAXENUM), "{}", p.spec.name);
        }
    }
}
