//! Parameter checks, as `kapi_validate_param[_with_context]()` does them at
//! system call entry.
//!
//! Every value is first read the way the kernel's wrapper reads it: the
//! register cast to the parameter's C type, then widened to `s64`
//! (`__SC_CAST_TO_S64`). Then, in upstream's order: the user pointer with its
//! dynamic size (when the other arguments are known), the file descriptor
//! range, the user pointer with its fixed size, the path, and last the
//! constraint. Each parameter reports its first failure only, as upstream
//! returns at its first failure.

use crate::{as_seen, width};
use kapi_model::enums::*;
use kapi_model::*;

/// x86_64 `TASK_SIZE_MAX` with 4-level page tables: `(1 << 47) - PAGE_SIZE`,
/// the end of the user address space `access_ok()` checks against.
pub const TASK_SIZE_MAX: u64 = (1 << 47) - 4096;

/// The tracee's memory, for the checks that read user strings.
pub trait Memory {
    /// The length of the NUL-terminated string at `addr`, reading at most
    /// `max` bytes: `Some(n)` with `n < max` for a string of `n` bytes,
    /// `Some(max)` when the first `max` bytes hold no NUL, `None` when the
    /// memory cannot be read (what makes `strnlen_user()` return 0).
    fn strnlen(&self, addr: u64, max: usize) -> Option<usize>;

    /// Whether this can read memory at all. [`NoMemory`] says no, and the
    /// checks that need memory are skipped rather than failed.
    fn is_available(&self) -> bool {
        true
    }
}

/// No memory to read: string lengths are not checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoMemory;

impl Memory for NoMemory {
    fn strnlen(&self, _addr: u64, _max: usize) -> Option<usize> {
        None
    }

    fn is_available(&self) -> bool {
        false
    }
}

/// Any `Fn(addr, max) -> Option<usize>` reads memory as [`Memory::strnlen`] does.
impl<F: Fn(u64, usize) -> Option<usize>> Memory for F {
    fn strnlen(&self, addr: u64, max: usize) -> Option<usize> {
        self(addr, max)
    }
}

/// Which part of a parameter's spec a value breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// A check implied by the KAPI type (`fd`, `user_ptr`, `path`).
    Type(ParamType),
    /// The parameter's constraint (`constraint-type:`).
    Constraint(ConstraintKind),
}

impl Check {
    /// The short DSL word of the type or constraint (`fd`, `mask`, `range`).
    pub fn word(self) -> &'static str {
        match self {
            Check::Type(t) => t.short_name(),
            Check::Constraint(c) => c.short_name(),
        }
    }
}

/// A constraint of the spec that an argument breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The parameter's position.
    pub index: usize,
    /// The parameter's name.
    pub param: String,
    /// Which check failed, as a word: the type or constraint's short DSL
    /// name (`fd`, `user_ptr`, `path`, `range`, `mask`, `enum`, ...).
    pub rule: &'static str,
    /// Which check failed.
    pub check: Check,
    /// The value as the kernel saw it (the C type's value, widened to `s64`).
    pub value: i64,
    /// What is wrong, worded as upstream's `pr_warn` text
    /// ("Parameter flags value 0x104 contains invalid bits (valid mask: 0x1)").
    pub message: String,
}

/// A named kernel constant from the generated tables.
fn constant(name: &str, fallback: i128) -> i128 {
    tables::constant(name).unwrap_or(fallback)
}

fn path_max() -> usize {
    usize::try_from(constant("PATH_MAX", 4096)).unwrap_or(4096)
}

/// Whether `[addr, addr + size)` is user memory, as x86_64 `access_ok()`
/// decides: the end must not wrap and must not pass [`TASK_SIZE_MAX`].
pub fn access_ok(addr: u64, size: u64) -> bool {
    addr.checked_add(size).is_some_and(|end| end <= TASK_SIZE_MAX)
}

/// The value of `raw` as the kernel's wrapper hands it to the checks: cast to
/// the parameter's C type, then widened to `s64`.
pub fn kernel_value(p: &Param, raw: u64) -> i64 {
    // `as_seen` fits in 64 bits; `as` keeps the bits (u64 values wrap to s64, as in C).
    as_seen(width(p), raw) as i64
}

/// A number as a C struct field of 64 bits holds it: absent is 0, a value
/// that does not resolve is unknown (`None`), and wider values wrap.
pub fn field_value(v: &Option<Value>) -> Option<i64> {
    match v {
        None => Some(0),
        Some(v) => v.resolved.map(|n| n as i64),
    }
}

fn has_flag(p: &Param, f: ParamFlag) -> bool {
    p.flags.as_ref().is_some_and(|s| s.contains(f))
}

/// The other arguments of the call, as the kernel saw them.
struct Context<'a> {
    values: &'a [i64],
}

struct Checker<'a> {
    p: &'a Param,
    v: i64,
    mem: &'a dyn Memory,
}

type Outcome = Result<(), Violation>;

impl Checker<'_> {
    fn fail(&self, check: Check, message: String) -> Outcome {
        Err(Violation {
            index: self.p.index,
            param: self.p.name.clone(),
            rule: check.word(),
            check,
            value: self.v,
            message,
        })
    }

    fn name(&self) -> &str {
        &self.p.name
    }

    fn optional(&self) -> bool {
        has_flag(self.p, ParamFlag::Optional)
    }

    /// `kapi_validate_param_with_context()` when `ctx` is given, else
    /// `kapi_validate_param()`. `Ok` also when a check cannot be decided.
    fn run(&self, ctx: Option<&Context<'_>>) -> Outcome {
        let kind = self.p.kind.as_ref().and_then(|k| k.value);
        let mut fixed_ptr = true;
        if let (Some(ParamType::UserPtr), Some(ctx)) = (kind, ctx) {
            if self.v == 0 && self.optional() {
                return Ok(());
            }
            self.dynamic_ptr(ctx)?;
            fixed_ptr = false;
        }
        if kind == Some(ParamType::Fd) && !self.optional() {
            self.fd()?;
        }
        if fixed_ptr && kind == Some(ParamType::UserPtr) {
            if self.v == 0 && self.optional() {
                // Upstream returns here: an absent optional pointer skips the constraint too.
                return Ok(());
            }
            let size = self.fixed_size();
            if self.v == 0 || !access_ok(self.v as u64, size) {
                let ptr = self.v as u64;
                return self.fail(
                    Check::Type(ParamType::UserPtr),
                    format!("Parameter {}: invalid user pointer {ptr:#x} (size: {size})", self.name()),
                );
            }
        }
        if kind == Some(ParamType::Path) {
            self.path(Check::Type(ParamType::Path))?;
        }
        self.constraint()
    }

    /// `size`, as the kernel's `size_t` field (unknown sizes check as 0, the weakest).
    fn fixed_size(&self) -> u64 {
        self.p.size.as_ref().and_then(|s| s.resolved).map_or(0, |n| n as u64)
    }

    fn fd(&self) -> Outcome {
        let check = Check::Type(ParamType::Fd);
        let Ok(fd) = i32::try_from(self.v) else {
            return self.fail(check, format!("Parameter {}: file descriptor {} out of int range", self.name(), self.v));
        };
        if fd < 0 && i128::from(fd) != constant("AT_FDCWD", -100) {
            return self.fail(check, format!("Parameter {}: invalid file descriptor {}", self.name(), self.v));
        }
        Ok(())
    }

    /// The buffer's size from the size parameter (`size-param:`, `buffer(N)`)
    /// times `size-multiplier:`, else the fixed `size:`.
    fn dynamic_ptr(&self, ctx: &Context<'_>) -> Outcome {
        let check = Check::Type(ParamType::UserPtr);
        let ptr = self.v as u64;
        let idx = self.p.size_param.as_ref().and_then(|v| v.resolved).and_then(|i| usize::try_from(i).ok());
        let size = match idx.and_then(|i| ctx.values.get(i)) {
            Some(&count) => {
                if count < 0 {
                    return self
                        .fail(check, format!("Parameter {}: size determinant is negative ({count})", self.name()));
                }
                if count == 0 {
                    // A zero-length access never dereferences the pointer.
                    return Ok(());
                }
                // An unknown multiplier checks as 1, the weakest.
                let unit = match self.p.size_multiplier.as_ref().and_then(|m| m.resolved) {
                    Some(m) if m as u64 != 0 => m as u64,
                    _ => 1,
                };
                match (count as u64).checked_mul(unit) {
                    Some(size) => size,
                    None => return self.fail(check, format!("Parameter {}: size calculation overflow", self.name())),
                }
            }
            None => self.fixed_size(),
        };
        if ptr == 0 || !access_ok(ptr, size) {
            return self.fail(check, format!("Parameter {}: invalid user pointer {ptr:#x}", self.name()));
        }
        Ok(())
    }

    /// `kapi_validate_path()`: NULL only if optional, `access_ok(path, 1)`,
    /// and `strnlen_user(path, PATH_MAX + 1)` in 1..=PATH_MAX (the NUL counted).
    fn path(&self, check: Check) -> Outcome {
        let addr = self.v as u64;
        if addr == 0 {
            if self.optional() {
                return Ok(());
            }
            return self.fail(check, format!("Parameter {}: NULL path not allowed", self.name()));
        }
        if !access_ok(addr, 1) {
            return self.fail(check, format!("Parameter {}: path pointer {addr:#x} not accessible", self.name()));
        }
        if !self.mem.is_available() {
            return Ok(());
        }
        let max = path_max();
        match self.mem.strnlen(addr, max) {
            None => self.fail(check, format!("Parameter {}: invalid path pointer {addr:#x}", self.name())),
            Some(n) if n >= max => {
                self.fail(check, format!("Parameter {}: path too long (exceeds PATH_MAX)", self.name()))
            }
            Some(_) => Ok(()),
        }
    }

    /// `kapi_validate_user_string()`: the length (without the NUL) within
    /// `[min, max]`; the maximum is `max`, else `user_string(N)`, else PATH_MAX.
    fn user_string(&self) -> Outcome {
        let check = Check::Constraint(ConstraintKind::UserString);
        let addr = self.v as u64;
        if addr == 0 {
            if self.optional() {
                return Ok(());
            }
            return self.fail(check, format!("Parameter {}: NULL string not allowed", self.name()));
        }
        if !access_ok(addr, 1) {
            return self.fail(check, format!("Parameter {}: string pointer {addr:#x} not accessible", self.name()));
        }
        if !self.mem.is_available() {
            return Ok(());
        }
        let (min, max) = user_string_bounds(self.p);
        let Some(len) = self.mem.strnlen(addr, max.saturating_add(1)) else {
            return self.fail(check, format!("Parameter {}: invalid string pointer {addr:#x}", self.name()));
        };
        if let Some(min) = min {
            if (len as i128) < min {
                return self.fail(check, format!("Parameter {}: string too short ({len} < {min})", self.name()));
            }
        }
        if len > max {
            return self.fail(check, format!("Parameter {}: string too long ({len} > {max})", self.name()));
        }
        Ok(())
    }

    /// `kapi_validate_user_ptr_constraint()`: needs a non-zero `size`.
    fn user_ptr_constraint(&self) -> Outcome {
        let check = Check::Constraint(ConstraintKind::UserPtr);
        let addr = self.v as u64;
        if addr == 0 {
            if self.optional() {
                return Ok(());
            }
            return self.fail(check, format!("Parameter {}: NULL pointer not allowed", self.name()));
        }
        let size = self.fixed_size();
        // A size that does not resolve is given but unknown: only the address is checked.
        let unspecified = match &self.p.size {
            None => true,
            Some(s) => s.resolved.is_some() && size == 0,
        };
        if unspecified {
            return self
                .fail(check, format!("Parameter {}: size not specified for user pointer validation", self.name()));
        }
        if !access_ok(addr, size) {
            return self.fail(
                check,
                format!("Parameter {}: user pointer {addr:#x} not accessible for {size} bytes", self.name()),
            );
        }
        Ok(())
    }

    fn constraint(&self) -> Outcome {
        let Some(kind) = self.p.constraint_kind.as_ref().and_then(|k| k.value) else {
            // Absent is KAPI_CONSTRAINT_NONE; an unknown word takes the `default:` branch.
            return Ok(());
        };
        let check = Check::Constraint(kind);
        let (p, v, name) = (self.p, self.v, self.name());
        match kind {
            ConstraintKind::None | ConstraintKind::Buffer | ConstraintKind::Custom => Ok(()),
            ConstraintKind::Range => {
                let (lo, hi) = (field_value(&p.min), field_value(&p.max));
                match hi {
                    // A negative maximum is an unsigned limit (SIZE_MAX) that wrapped: no upper bound.
                    Some(hi) if hi >= 0 => {
                        if lo.is_some_and(|lo| v < lo) || v > hi {
                            let lo = lo.map_or_else(|| raw(&p.min), |n| n.to_string());
                            return self.fail(check, format!("Parameter {name} value {v} out of range [{lo}, {hi}]"));
                        }
                        Ok(())
                    }
                    _ => match lo {
                        Some(lo) if v < lo => {
                            self.fail(check, format!("Parameter {name} value {v} below minimum {lo}"))
                        }
                        _ => Ok(()),
                    },
                }
            }
            ConstraintKind::Mask => {
                let Some(mask) = kernel_mask(p) else { return Ok(()) };
                if v as u64 & !mask != 0 {
                    return self.fail(
                        check,
                        format!("Parameter {name} value {:#x} contains invalid bits (valid mask: {mask:#x})", v as u64),
                    );
                }
                Ok(())
            }
            ConstraintKind::Enum => {
                let known: Vec<i64> = p.enum_values.iter().filter_map(|e| e.resolved).map(|n| n as i64).collect();
                // Empty passes; with an unknown member, a value outside the known ones is undecided.
                if p.enum_values.is_empty() || known.contains(&v) || known.len() < p.enum_values.len() {
                    return Ok(());
                }
                self.fail(check, format!("Parameter {name} value {v} not in valid enumeration"))
            }
            ConstraintKind::Alignment => {
                let align = match &p.alignment {
                    None => 0,
                    Some(a) => match a.resolved {
                        Some(n) => n as u64,
                        None => return Ok(()),
                    },
                };
                if align == 0 {
                    return self
                        .fail(check, format!("Parameter {name}: alignment constraint specified but alignment is 0"));
                }
                if !align.is_power_of_two() {
                    return self.fail(check, format!("Parameter {name}: alignment {align} is not a power of two"));
                }
                if v as u64 & (align - 1) != 0 {
                    return self.fail(
                        check,
                        format!("Parameter {name} value {:#x} not aligned to {align} boundary", v as u64),
                    );
                }
                Ok(())
            }
            ConstraintKind::PowerOfTwo => {
                if v == 0 || v & v.wrapping_sub(1) != 0 {
                    return self.fail(check, format!("Parameter {name} value {v} is not a power of two"));
                }
                Ok(())
            }
            ConstraintKind::PageAligned => {
                let page = constant("PAGE_SIZE", 4096) as i64;
                if v & (page - 1) != 0 {
                    return self.fail(
                        check,
                        format!("Parameter {name} value {:#x} not page-aligned (PAGE_SIZE={page})", v as u64),
                    );
                }
                Ok(())
            }
            ConstraintKind::Nonzero => {
                if v == 0 {
                    return self.fail(check, format!("Parameter {name} must be non-zero"));
                }
                Ok(())
            }
            ConstraintKind::UserString => self.user_string(),
            ConstraintKind::UserPath => self.path(check),
            ConstraintKind::UserPtr => self.user_ptr_constraint(),
        }
    }
}

fn raw(v: &Option<Value>) -> String {
    v.as_ref().map_or_else(|| "0".to_string(), |v| v.raw.clone())
}

/// The kernel's `valid_mask` on x86_64: the mask (0 when absent) plus the
/// x86 `arch-mask:` bits; `None` when a part does not resolve.
pub fn kernel_mask(p: &Param) -> Option<u64> {
    let base = match &p.mask {
        None => 0,
        Some(m) => m.as_u64_bits()?,
    };
    p.arch_masks.iter().filter(|a| a.arch == "x86").try_fold(base, |acc, a| Some(acc | a.value.as_u64_bits()?))
}

/// The length limits of a `user_string` parameter, without the NUL: `min:`
/// when positive, and `max:`, else `size:`, else PATH_MAX.
pub fn user_string_bounds(p: &Param) -> (Option<i128>, usize) {
    let positive = |v: &Option<Value>| v.as_ref().and_then(|v| v.resolved).filter(|n| *n > 0);
    let max =
        positive(&p.max).or_else(|| positive(&p.size)).and_then(|n| usize::try_from(n).ok()).unwrap_or_else(path_max);
    (positive(&p.min), max)
}

/// The first check of `p` that `raw` breaks, without the other arguments
/// (`kapi_validate_param()`): a user pointer is checked against its fixed
/// `size:`, and string lengths are not read.
pub fn check_arg(p: &Param, raw: u64) -> Option<Violation> {
    let c = Checker { p, v: kernel_value(p, raw), mem: &NoMemory };
    c.run(None).err()
}

/// The constraint on the value itself that `raw` breaks: range, mask, enum,
/// alignment, power of two, page alignment or non-zero. Unlike
/// [`check_arg`], this leaves out the checks by type (`fd`, `user_ptr`,
/// `path`) and the pointer constraints (`user_string`, `user_path`,
/// `user_ptr`): those are the runtime checks' own rules (a NULL buffer is
/// refused even where the system call would accept it), while a value
/// constraint says what the system call itself refuses.
pub fn check_value(p: &Param, raw: u64) -> Option<Violation> {
    use ConstraintKind as K;
    let kind = p.constraint_kind.as_ref().and_then(|k| k.value)?;
    if !matches!(kind, K::Range | K::Mask | K::Enum | K::Alignment | K::PowerOfTwo | K::PageAligned | K::Nonzero) {
        return None;
    }
    let c = Checker { p, v: kernel_value(p, raw), mem: &NoMemory };
    c.constraint().err()
}

/// Every parameter of `spec` whose argument breaks its type or constraint
/// checks (`kapi_validate_param_with_context()` for each parameter), in
/// parameter order, with the first failure of each. `args` are the six
/// argument registers; `mem` reads user strings (pass [`NoMemory`] to skip
/// those checks).
///
/// Upstream stops at the first bad parameter of a `sys_*` spec; this reports
/// all of them. [`rejects`] says whether a kernel with runtime checks would
/// refuse the call.
pub fn check_call(spec: &Spec, args: &[u64; 6], mem: &dyn Memory) -> Vec<Violation> {
    let arity = spec.params.len().min(args.len());
    let mut values: Vec<i64> = args.iter().map(|a| *a as i64).collect();
    for p in &spec.params {
        if let Some(a) = args.get(p.index) {
            values[p.index] = kernel_value(p, *a);
        }
    }
    let ctx = Context { values: &values[..arity] };
    let mut out = Vec::new();
    for p in &spec.params {
        let Some(&v) = values.get(p.index) else { continue };
        if let Err(v) = (Checker { p, v, mem }).run(Some(&ctx)) {
            out.push(v);
        }
    }
    out
}

/// Whether a kernel with `CONFIG_KAPI_RUNTIME_CHECKS` refuses the call with
/// -EINVAL before running it: some parameter is bad and the spec's name
/// starts with `sys_` (for other specs the violations are only logged).
pub fn rejects(spec: &Spec, violations: &[Violation]) -> bool {
    !violations.is_empty() && spec.name.starts_with("sys_")
}
