//! What a v4 kernel shows in debugfs (`/sys/kernel/debug/kapi`), for
//! fixtures and tests.
//!
//! [`kernel_view`] computes the `struct kernel_api_spec` a v4 kernel holds
//! for a spec, filled the way the v4 generator (`kernel-doc -apispec`) fills
//! it; [`text`] prints it as `kernel/api/kapi_debugfs.c` prints
//! `specs/<name>`, [`json`] as `kapi_export_json()` prints
//! `specs-json/<name>`, [`list`] prints the `list` index, and [`write_tree`]
//! lays the three out under a directory.
//!
//! From the model to the struct (the generator's choices):
//! - every string is flattened: line breaks (paragraph breaks included) and
//!   tabs become single spaces, lines are trimmed; a missing string is NULL,
//!   and an empty string counts as missing;
//! - a parameter's `type_name` is its C type as the model holds it (the
//!   prototype's declaration for kerneldoc specs); its `constraints` text is
//!   `cdesc:` followed by the `constraint:` lines;
//! - the return `type_name` of a kerneldoc spec is the `KAPI_TYPE_*` token
//!   of its return type (the text as written when the type is not a KAPI
//!   type); macro specs and specs read from a kernel keep theirs as written;
//!   `success: >= N` is the range `[N, S64_MAX]`;
//! - an error's `condition` is its one-line summary (its `condition:`
//!   sub-key when there is none); a lock's scope is its effective scope;
//!   a state transition's `condition` is put in front of its description
//!   (`condition, description`) and the struct's `condition` stays NULL;
//! - a capability's `cap_name` is the third field of the one-line form, else
//!   the capability constant;
//! - absent numbers and enums are 0 (`KAPI_TYPE_VOID`, `KAPI_RETURN_EXACT`,
//!   `KAPI_LOCK_NONE`, ...); numbers are narrowed to the C field's width as
//!   C converts them.
//!
//! A value kapi cannot resolve to a number (an unknown C name), and an enum
//! word that is not a member of its family, has no compiled form; the writers
//! print its text where the number or word would be, so that nothing is lost.
//!
//! Line layout: the templates of `kapi_debugfs.c` (v4) say which lines are
//! conditional; every other line is printed for every item, with an empty
//! string for a missing value (what the generator writes for a positional
//! macro argument). The JSON layout (indentation, one key per line) is
//! kapi's; key order, hex strings, `""` for NULL and the escaping are the
//! kernel's.

use kapi_model::enums::*;
use kapi_model::*;
use std::fmt::Write as _;
use std::path::Path;

/// A number as the kernel struct holds it, or the C text kapi could not
/// resolve to one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Num {
    /// The number, narrowed to the field's C type.
    Int(i128),
    /// An expression kapi cannot evaluate, as written.
    Text(String),
}

impl Num {
    /// Zero.
    pub const ZERO: Num = Num::Int(0);

    /// Whether the field holds something other than 0.
    pub fn is_set(&self) -> bool {
        *self != Num::ZERO
    }

    /// The number if it is one.
    pub fn int(&self) -> Option<i128> {
        match self {
            Num::Int(n) => Some(*n),
            Num::Text(_) => None,
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(n) => write!(f, "{n}"),
            Num::Text(t) => f.write_str(t),
        }
    }
}

/// An enum field: a member of its family, or the word as written when it is
/// not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word<E> {
    /// A member.
    Known(E),
    /// A word that names no member.
    Raw(String),
}

impl<E: KapiEnum> Word<E> {
    fn of(t: &Option<Token<E>>, default: E) -> Self {
        match t {
            None => Word::Known(default),
            Some(t) => match t.value {
                Some(v) => Word::Known(v),
                None => Word::Raw(flat(&t.raw)),
            },
        }
    }

    /// The member, if it is one.
    pub fn known(&self) -> Option<E> {
        match self {
            Word::Known(v) => Some(*v),
            Word::Raw(_) => None,
        }
    }

    /// The short (debugfs) word, or the text as written.
    pub fn word(&self) -> &str {
        match self {
            Word::Known(v) => v.short_name(),
            Word::Raw(r) => r,
        }
    }
}

/// `struct kernel_api_spec` (v4) as the kernel holds it for one spec.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KernelSpec {
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `long_description`.
    pub long_description: Option<String>,
    /// `context_flags`.
    pub context_flags: u32,
    /// `params[param_count]`.
    pub params: Vec<KernelParam>,
    /// `return_spec`.
    pub ret: KernelReturn,
    /// `errors[error_count]`.
    pub errors: Vec<KernelError>,
    /// `locks[lock_count]`.
    pub locks: Vec<KernelLock>,
    /// `constraints[constraint_count]`.
    pub constraints: Vec<KernelConstraint>,
    /// `examples`.
    pub examples: Option<String>,
    /// `notes`.
    pub notes: Option<String>,
    /// `signals[signal_count]`.
    pub signals: Vec<KernelSignal>,
    /// `side_effects[side_effect_count]`.
    pub side_effects: Vec<KernelEffect>,
    /// `state_transitions[state_trans_count]`.
    pub state_transitions: Vec<KernelTransition>,
    /// `capabilities[capability_count]`.
    pub capabilities: Vec<KernelCapability>,
}

/// `struct kapi_param_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelParam {
    /// `name`.
    pub name: String,
    /// `type_name`: the C type.
    pub type_name: Option<String>,
    /// `type`.
    pub kind: Word<ParamType>,
    /// `flags`.
    pub flags: u32,
    /// `size`.
    pub size: Num,
    /// `alignment`.
    pub alignment: Num,
    /// `min_value`.
    pub min_value: Num,
    /// `max_value`.
    pub max_value: Num,
    /// `valid_mask`.
    pub valid_mask: Num,
    /// `enum_values[enum_count]`.
    pub enum_values: Vec<Num>,
    /// `enum_count`: the number of enum values (or the count a debugfs
    /// reader kept as the `enum_count` attribute when it saw no values).
    pub enum_count: usize,
    /// `constraint_type`.
    pub constraint_type: Word<ConstraintKind>,
    /// `description`.
    pub description: Option<String>,
    /// `constraints`: the constraint prose.
    pub constraints: Option<String>,
    /// `size_param_idx`: 1-based, 0 for none.
    pub size_param_idx: Num,
    /// `size_multiplier`.
    pub size_multiplier: Num,
}

/// `struct kapi_return_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelReturn {
    /// `type_name`.
    pub type_name: Option<String>,
    /// `type`.
    pub kind: Word<ParamType>,
    /// `check_type`.
    pub check: Word<ReturnCheck>,
    /// `success_value`.
    pub success_value: Num,
    /// `success_min`.
    pub success_min: Num,
    /// `success_max`.
    pub success_max: Num,
    /// `error_values[error_count]`.
    pub error_values: Vec<Num>,
    /// `error_count` (or the count a debugfs reader kept as the
    /// `error_count` attribute when it saw no values).
    pub error_count: usize,
    /// `description`.
    pub description: Option<String>,
}

impl Default for KernelReturn {
    fn default() -> Self {
        KernelReturn {
            type_name: None,
            kind: Word::Known(ParamType::Void),
            check: Word::Known(ReturnCheck::Exact),
            success_value: Num::ZERO,
            success_min: Num::ZERO,
            success_max: Num::ZERO,
            error_values: Vec::new(),
            error_count: 0,
            description: None,
        }
    }
}

/// `struct kapi_error_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelError {
    /// `error_code` (negative).
    pub code: Num,
    /// `name`.
    pub name: String,
    /// `condition`: the one-line summary.
    pub condition: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// `struct kapi_lock_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelLock {
    /// `lock_name`.
    pub name: String,
    /// `lock_type`.
    pub kind: Word<LockType>,
    /// `scope`.
    pub scope: LockScope,
    /// `description`.
    pub description: Option<String>,
}

/// `struct kapi_constraint_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelConstraint {
    /// `name`.
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `expression`.
    pub expression: Option<String>,
}

/// `struct kapi_signal_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelSignal {
    /// `signal_num` (0 when the name is not a signal).
    pub number: i32,
    /// `signal_name`.
    pub name: Option<String>,
    /// `direction` bits.
    pub direction: u32,
    /// `action`.
    pub action: Word<SignalAction>,
    /// `target`.
    pub target: Option<String>,
    /// `condition`.
    pub condition: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `restartable`.
    pub restartable: bool,
    /// `sa_flags_required`.
    pub sa_flags_required: Num,
    /// `sa_flags_forbidden`.
    pub sa_flags_forbidden: Num,
    /// `error_on_signal` (negative errno).
    pub error_on_signal: Num,
    /// `transform_to`.
    pub transform_to: Num,
    /// `timing` (a string in C).
    pub timing: Option<String>,
    /// `priority`.
    pub priority: Num,
    /// `interruptible`.
    pub interruptible: bool,
    /// `queue_behavior` (a string in C).
    pub queue_behavior: Option<String>,
    /// `state_required` bits.
    pub state_required: u32,
    /// `state_forbidden` bits.
    pub state_forbidden: u32,
}

/// `struct kapi_side_effect`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelEffect {
    /// `type` bits.
    pub kinds: u32,
    /// `target`.
    pub target: Option<String>,
    /// `condition`.
    pub condition: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `reversible`.
    pub reversible: bool,
}

/// `struct kapi_state_transition` (its `condition` is always NULL: the
/// generator puts the condition into the description).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelTransition {
    /// `object`.
    pub object: Option<String>,
    /// `from_state`.
    pub from: Option<String>,
    /// `to_state`.
    pub to: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// `struct kapi_capability_spec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelCapability {
    /// `capability`.
    pub number: Num,
    /// `cap_name`.
    pub cap_name: Option<String>,
    /// `action`.
    pub action: Word<CapabilityAction>,
    /// `allows`.
    pub allows: Option<String>,
    /// `without_cap`.
    pub without: Option<String>,
    /// `check_condition`.
    pub condition: Option<String>,
    /// `priority`.
    pub priority: Num,
    /// `alternative[alternative_count]`.
    pub alternatives: Vec<Num>,
}

/// Flattens a string as the generator does: tabs and line breaks become
/// single spaces, each line is trimmed and blank lines go. A C string ends
/// at its first NUL.
pub fn flat(s: &str) -> String {
    let s = s.split('\0').next().unwrap_or("");
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let line = line.replace('\t', " ");
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

fn text_of(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| flat(&t.text)).filter(|s| !s.is_empty())
}

fn str_of(s: &str) -> Option<String> {
    Some(flat(s)).filter(|s| !s.is_empty())
}

/// The value as C converts it to a type whose values are `lo..=hi`, where
/// `bits` is the width and `signed` its signedness.
fn narrow(v: &Option<Value>, bits: u32, signed: bool) -> Num {
    let Some(v) = v else { return Num::ZERO };
    let Some(n) = v.resolved else { return Num::Text(flat(&v.raw)) };
    // Two's-complement wrap, as a C conversion does, for anything that fits 64 bits.
    if n < i128::from(i64::MIN) || n > i128::from(u64::MAX) {
        return Num::Text(flat(&v.raw));
    }
    let raw = n as u64; // the low 64 bits
    let masked = if bits >= 64 { raw } else { raw & ((1u64 << bits) - 1) };
    let value = if signed && bits < 64 && masked >> (bits - 1) & 1 == 1 {
        i128::from(masked) - (1i128 << bits)
    } else if signed && bits >= 64 {
        i128::from(masked as i64)
    } else {
        i128::from(masked)
    };
    Num::Int(value)
}

fn s64(v: &Option<Value>) -> Num {
    narrow(v, 64, true)
}

fn u64n(v: &Option<Value>) -> Num {
    narrow(v, 64, false)
}

fn i32n(v: &Option<Value>) -> Num {
    narrow(v, 32, true)
}

fn u32n(v: &Option<Value>) -> Num {
    narrow(v, 32, false)
}

fn u8n(v: &Option<Value>) -> Num {
    narrow(v, 8, false)
}

fn bits32<E: KapiEnum>(f: &Option<FlagSet<E>>) -> u32 {
    f.as_ref().map_or(0, |f| f.bits() as u32)
}

fn truth(t: &Option<Truth>) -> bool {
    t.as_ref().is_some_and(Truth::is_yes)
}

/// A count a debugfs reader kept as an attribute (`enum_count`, `error_count`).
fn kept_count(extra: &[Attr], key: &str) -> usize {
    extra.iter().find(|a| a.key == key).and_then(|a| a.value.text.trim().parse().ok()).unwrap_or(0)
}

/// The struct a v4 kernel holds for `spec` (see the module docs for how each
/// field is filled).
pub fn kernel_view(spec: &Spec) -> KernelSpec {
    KernelSpec {
        name: flat(&spec.name),
        description: text_of(&spec.description),
        long_description: text_of(&spec.long_desc),
        context_flags: bits32(&spec.contexts),
        params: spec.params.iter().map(param).collect(),
        ret: spec.ret.as_ref().map(|r| ret(r, spec.dialect.is_some_and(|d| d != Dialect::Macro))).unwrap_or_default(),
        errors: spec
            .errors
            .iter()
            .map(|e| KernelError {
                code: match (e.code, &e.code_raw) {
                    (Some(c), _) => Num::Int(i128::from(c)),
                    (None, Some(raw)) => i32n(&Some(raw.clone())),
                    (None, None) => Num::Text(format!("-{}", flat(&e.name))),
                },
                name: flat(&e.name),
                condition: text_of(&e.summary).or_else(|| text_of(&e.condition)),
                description: text_of(&e.desc),
            })
            .collect(),
        locks: spec
            .locks
            .iter()
            .map(|l| KernelLock {
                name: flat(&l.name),
                kind: Word::of(&l.kind, LockType::None),
                scope: l.effective_scope(),
                description: text_of(&l.desc),
            })
            .collect(),
        constraints: spec
            .constraints
            .iter()
            .map(|c| KernelConstraint {
                name: str_of(&c.name.text),
                description: text_of(&c.desc),
                expression: text_of(&c.expr),
            })
            .collect(),
        examples: text_of(&spec.examples),
        notes: text_of(&spec.notes),
        signals: spec.signals.iter().map(signal).collect(),
        side_effects: spec
            .side_effects
            .iter()
            .map(|e| KernelEffect {
                kinds: e.kinds.bits() as u32,
                target: text_of(&e.target),
                condition: text_of(&e.condition),
                description: text_of(&e.desc),
                reversible: truth(&e.reversible),
            })
            .collect(),
        state_transitions: spec
            .state_transitions
            .iter()
            .map(|t| KernelTransition {
                object: str_of(&t.object.text),
                from: text_of(&t.from),
                to: text_of(&t.to),
                description: match (text_of(&t.condition), text_of(&t.desc)) {
                    (Some(c), Some(d)) => Some(format!("{c}, {d}")),
                    (c, d) => c.or(d),
                },
            })
            .collect(),
        capabilities: spec
            .capabilities
            .iter()
            .map(|c| KernelCapability {
                number: match c.number.or_else(|| tables::capability(c.cap.trim())) {
                    Some(n) => Num::Int(i128::from(n)),
                    None => Num::Text(flat(&c.cap)),
                },
                cap_name: text_of(&c.name).or_else(|| str_of(&c.cap)),
                action: Word::of(&c.action, CapabilityAction::BypassCheck),
                allows: text_of(&c.allows),
                without: text_of(&c.without),
                condition: text_of(&c.condition),
                priority: u8n(&c.priority),
                alternatives: c.alternatives.iter().map(|v| i32n(&Some(v.clone()))).collect(),
            })
            .collect(),
    }
}

fn param(p: &Param) -> KernelParam {
    let constraints = p.constraint_prose().map(|s| flat(&s)).filter(|s| !s.is_empty());
    KernelParam {
        name: flat(&p.name),
        type_name: p.ctype.as_deref().and_then(str_of),
        kind: Word::of(&p.kind, ParamType::Void),
        flags: bits32(&p.flags),
        size: u64n(&p.size),
        alignment: u64n(&p.alignment),
        min_value: s64(&p.min),
        max_value: s64(&p.max),
        valid_mask: u64n(&p.mask),
        enum_values: p.enum_values.iter().map(|v| s64(&Some(v.clone()))).collect(),
        enum_count: if p.enum_values.is_empty() { kept_count(&p.extra, "enum_count") } else { p.enum_values.len() },
        constraint_type: Word::of(&p.constraint_kind, ConstraintKind::None),
        description: text_of(&p.description),
        constraints,
        size_param_idx: match s64(&p.size_param) {
            Num::Int(n) if p.size_param.is_some() => Num::Int(n + 1),
            Num::Int(_) => Num::ZERO,
            t @ Num::Text(_) => t,
        },
        size_multiplier: u64n(&p.size_multiplier),
    }
}

/// `generated`: the spec is kerneldoc, which the generator turns into C
/// (macro specs and specs read from a kernel keep their `type_name`).
fn ret(r: &ReturnSpec, generated: bool) -> KernelReturn {
    let kind = Word::of(&r.kind, ParamType::Void);
    let type_name = match (&r.kind, generated) {
        (Some(Token { value: Some(k), .. }), true) => Some(k.long_name().to_string()),
        _ => text_of(&r.type_name),
    };
    let (mut value, mut min, mut max) = (Num::ZERO, s64(&r.success_min), s64(&r.success_max));
    if let Some(s) = &r.success {
        let v = s64(&Some(s.value.clone()));
        let step = |v: &Num, d: i128| match v {
            Num::Int(n) => Num::Int(n + d),
            t => t.clone(),
        };
        let (lo, hi) = (Num::Int(i128::from(i64::MIN)), Num::Int(i128::from(i64::MAX)));
        match s.op {
            CmpOp::Eq => value = v,
            CmpOp::Ge => (min, max) = (v, hi),
            CmpOp::Gt => (min, max) = (step(&v, 1), hi),
            CmpOp::Le => (min, max) = (lo, v),
            CmpOp::Lt => (min, max) = (lo, step(&v, -1)),
            CmpOp::Ne => {}
        }
    }
    KernelReturn {
        type_name,
        kind,
        check: Word::of(&r.check, ReturnCheck::Exact),
        success_value: value,
        success_min: min,
        success_max: max,
        error_values: r.error_values.iter().map(|v| s64(&Some(v.clone()))).collect(),
        error_count: if r.error_values.is_empty() { kept_count(&r.extra, "error_count") } else { r.error_values.len() },
        description: text_of(&r.desc),
    }
}

fn signal(s: &SignalSpec) -> KernelSignal {
    KernelSignal {
        number: s.number.or_else(|| tables::signal(s.name.trim())).unwrap_or(0),
        name: str_of(&s.name),
        direction: bits32(&s.direction),
        action: Word::of(&s.action, SignalAction::Default),
        target: text_of(&s.target),
        condition: text_of(&s.condition),
        description: text_of(&s.desc),
        restartable: truth(&s.restartable),
        sa_flags_required: u32n(&s.sa_flags_required),
        sa_flags_forbidden: u32n(&s.sa_flags_forbidden),
        error_on_signal: match &s.errno {
            None => Num::ZERO,
            Some(e) => match e.code {
                Some(c) => Num::Int(i128::from(c)),
                None => Num::Text(flat(&e.raw)),
            },
        },
        transform_to: i32n(&s.transform_to),
        timing: s.timing.as_ref().map(|t| t.value.map_or_else(|| flat(&t.raw), |v| v.short_name().to_string())),
        priority: u8n(&s.priority),
        interruptible: truth(&s.interruptible),
        queue_behavior: s.queue.as_ref().map(|q| q.value.map_or_else(|| flat(&q.raw), |v| v.short_name().to_string())),
        state_required: bits32(&s.state_required),
        state_forbidden: bits32(&s.state_forbidden),
    }
}

/// The context words of `specs/<name>`, in the order the kernel tests them.
pub const CONTEXT_ORDER: [ContextFlag; 8] = [
    ContextFlag::Process,
    ContextFlag::Hardirq,
    ContextFlag::Softirq,
    ContextFlag::Nmi,
    ContextFlag::Sleepable,
    ContextFlag::Atomic,
    ContextFlag::PreemptDisabled,
    ContextFlag::IrqDisabled,
];

/// The parameter flag words after `IN`/`OUT`/`INOUT`, in the order the kernel tests them.
pub const FLAG_ORDER: [ParamFlag; 6] =
    [ParamFlag::Optional, ParamFlag::Const, ParamFlag::User, ParamFlag::Volatile, ParamFlag::Dma, ParamFlag::Aligned];

/// The signal direction words, in the order the kernel tests them.
pub const DIRECTION_ORDER: [SignalDirection; 5] = [
    SignalDirection::Send,
    SignalDirection::Receive,
    SignalDirection::Handle,
    SignalDirection::Block,
    SignalDirection::Ignore,
];

/// The `list` file for `specs`, in the given order.
pub fn list(specs: &[&Spec]) -> String {
    let mut out = String::from("Available Kernel API Specifications\n===================================\n\n");
    for s in specs {
        let k = kernel_view(s);
        let _ = writeln!(out, "{} - {}", k.name, k.description.as_deref().unwrap_or(""));
    }
    let _ = write!(out, "\nTotal: {} specifications\n", specs.len());
    out
}

fn or_empty(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// `0x%llx` of a mask, or its text.
fn hex(n: &Num) -> String {
    match n {
        Num::Int(v) => format!("0x{:x}", *v as u64),
        Num::Text(t) => t.clone(),
    }
}

/// The `specs/<name>` text a v4 kernel prints for `spec`.
pub fn text(spec: &Spec) -> String {
    render_text(&kernel_view(spec))
}

/// The `specs/<name>` text for a kernel struct.
pub fn render_text(k: &KernelSpec) -> String {
    let mut o = String::new();
    o.push_str("Kernel API Specification\n========================\n\n");
    let _ = writeln!(o, "Name: {}", k.name);
    o.push_str("Version: 1\n");
    let _ = writeln!(o, "Description: {}", or_empty(&k.description));
    if let Some(l) = &k.long_description {
        let _ = writeln!(o, "Long description: {l}");
    }
    o.push_str("Context flags: ");
    for c in CONTEXT_ORDER {
        if u64::from(k.context_flags) & c.number() != 0 {
            o.push_str(&c.short_name().to_ascii_uppercase());
            o.push(' ');
        }
    }
    o.push_str("\n\n");
    if !k.params.is_empty() {
        let _ = writeln!(o, "Parameters ({}):", k.params.len());
        for (i, p) in k.params.iter().enumerate() {
            text_param(&mut o, i, p);
        }
    }
    text_return(&mut o, &k.ret);
    if !k.errors.is_empty() {
        let _ = writeln!(o, "Errors ({}):", k.errors.len());
        for e in &k.errors {
            let _ = writeln!(o, "  {} ({}): {}", e.name, e.code, or_empty(&e.description));
            let _ = writeln!(o, "    condition: {}", or_empty(&e.condition));
        }
        o.push('\n');
    }
    if !k.locks.is_empty() {
        let _ = writeln!(o, "Locks ({}):", k.locks.len());
        for l in &k.locks {
            let _ = writeln!(o, "  {} ({}): {}", l.name, l.kind.word(), or_empty(&l.description));
            let _ = writeln!(o, "    scope: {}", l.scope.phrase());
        }
        o.push('\n');
    }
    if !k.constraints.is_empty() {
        let _ = writeln!(o, "Additional constraints ({}):", k.constraints.len());
        for c in &k.constraints {
            let _ = write!(o, "  - {}", or_empty(&c.name));
            if let Some(d) = &c.description {
                let _ = write!(o, ": {d}");
            }
            o.push('\n');
            if let Some(e) = &c.expression {
                let _ = writeln!(o, "    expression: {e}");
            }
        }
        o.push('\n');
    }
    if !k.signals.is_empty() {
        let _ = writeln!(o, "Signal handling ({}):", k.signals.len());
        for s in &k.signals {
            let _ = writeln!(o, "  {} ({}):", or_empty(&s.name), s.number);
            o.push_str("    direction: ");
            for d in DIRECTION_ORDER {
                if u64::from(s.direction) & d.number() != 0 {
                    o.push_str(d.short_name());
                    o.push(' ');
                }
            }
            o.push('\n');
            let _ = writeln!(o, "    action: {}", s.action.word());
            let _ = writeln!(o, "    description: {}", or_empty(&s.description));
        }
        o.push('\n');
    }
    if !k.side_effects.is_empty() {
        let _ = writeln!(o, "Side effects ({}):", k.side_effects.len());
        for e in &k.side_effects {
            let _ = write!(o, "  - {}", or_empty(&e.target));
            if let Some(d) = &e.description {
                let _ = write!(o, ": {d}");
            }
            if e.reversible {
                o.push_str(" (reversible)");
            }
            o.push('\n');
        }
        o.push('\n');
    }
    if !k.state_transitions.is_empty() {
        let _ = writeln!(o, "State transitions ({}):", k.state_transitions.len());
        for t in &k.state_transitions {
            let _ = writeln!(o, "  {}: {} -> {}", or_empty(&t.object), or_empty(&t.from), or_empty(&t.to));
            let _ = writeln!(o, "    {}", or_empty(&t.description));
        }
        o.push('\n');
    }
    if !k.capabilities.is_empty() {
        let _ = writeln!(o, "Capabilities ({}):", k.capabilities.len());
        for c in &k.capabilities {
            let _ = writeln!(o, "  {} ({}):", or_empty(&c.cap_name), c.number);
            let _ = writeln!(o, "    allows: {}", or_empty(&c.allows));
            let _ = writeln!(o, "    without: {}", or_empty(&c.without));
        }
        o.push('\n');
    }
    if let Some(e) = &k.examples {
        let _ = write!(o, "Examples:\n{e}\n\n");
    }
    if let Some(n) = &k.notes {
        let _ = write!(o, "Notes:\n{n}\n\n");
    }
    o
}

fn text_param(o: &mut String, i: usize, p: &KernelParam) {
    let _ = writeln!(o, "  [{i}] {}:", p.name);
    let _ = writeln!(o, "    type: {} ({})", p.kind.word(), or_empty(&p.type_name));
    o.push_str("    flags: ");
    let f = u64::from(p.flags);
    let inout = ParamFlag::InOut.number();
    if f & inout == inout {
        o.push_str("INOUT ");
    } else if f & ParamFlag::In.number() != 0 {
        o.push_str("IN ");
    } else if f & ParamFlag::Out.number() != 0 {
        o.push_str("OUT ");
    }
    for flag in FLAG_ORDER {
        if f & flag.number() != 0 {
            o.push_str(&flag.short_name().to_ascii_uppercase());
            o.push(' ');
        }
    }
    o.push('\n');
    let _ = writeln!(o, "    description: {}", or_empty(&p.description));
    if p.size.is_set() {
        let _ = writeln!(o, "    size: {}", p.size);
    }
    if p.alignment.is_set() {
        let _ = writeln!(o, "    alignment: {}", p.alignment);
    }
    if p.constraint_type != Word::Known(ConstraintKind::None) {
        o.push_str("    constraints:\n");
        match &p.constraint_type {
            Word::Known(ConstraintKind::Range) => {
                let _ = write!(o, "      type: range\n      min: {}\n      max: {}\n", p.min_value, p.max_value);
            }
            Word::Known(ConstraintKind::Mask) => {
                let _ = write!(o, "      type: mask\n      valid_bits: {}\n", hex(&p.valid_mask));
            }
            Word::Known(ConstraintKind::Enum) => {
                let _ = write!(o, "      type: enum\n      count: {}\n", p.enum_count);
            }
            Word::Known(ConstraintKind::UserString) => {
                let _ = write!(
                    o,
                    "      type: user_string\n      min_len: {}\n      max_len: {}\n",
                    p.min_value, p.max_value
                );
            }
            Word::Known(ConstraintKind::UserPath) => {
                o.push_str("      type: user_path\n      max_len: PATH_MAX (4096)\n")
            }
            Word::Known(ConstraintKind::UserPtr) => {
                let _ = write!(o, "      type: user_ptr\n      size: {} bytes\n", p.size);
            }
            Word::Known(ConstraintKind::Alignment) => {
                let _ = write!(o, "      type: alignment\n      alignment: {}\n", p.alignment);
            }
            Word::Known(ConstraintKind::Custom) => {
                let _ = write!(o, "      type: custom\n      description: {}\n", or_empty(&p.constraints));
            }
            // v4 has no case for BUFFER: nothing follows `constraints:`.
            Word::Known(ConstraintKind::Buffer | ConstraintKind::None) => {}
            Word::Known(other) => {
                let _ = writeln!(o, "      type: {}", other.short_name());
            }
            Word::Raw(r) => {
                let _ = writeln!(o, "      type: {r}");
            }
        }
    }
    o.push('\n');
}

fn text_return(o: &mut String, r: &KernelReturn) {
    o.push_str("Return value:\n");
    let _ = writeln!(o, "  type: {}", or_empty(&r.type_name));
    let _ = writeln!(o, "  description: {}", or_empty(&r.description));
    match &r.check {
        Word::Known(ReturnCheck::Exact) => {
            let _ = writeln!(o, "  success: == {}", r.success_value);
        }
        Word::Known(ReturnCheck::Range) => {
            let _ = writeln!(o, "  success: [{}, {}]", r.success_min, r.success_max);
        }
        Word::Known(ReturnCheck::Fd) => o.push_str("  success: valid file descriptor (>= 0)\n"),
        Word::Known(ReturnCheck::ErrorCheck) => o.push_str("  success: error check\n"),
        Word::Known(ReturnCheck::Custom) => o.push_str("  success: custom check\n"),
        Word::Known(ReturnCheck::NoReturn) => {}
        Word::Raw(w) => {
            let _ = writeln!(o, "  success: {w}");
        }
    }
    o.push('\n');
}

/// Appends `s` as a JSON string, escaped as `kapi_export_json()` does.
fn json_str(o: &mut String, s: &str) {
    o.push('"');
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
}

/// A JSON object being written, one key per line.
struct Obj<'o> {
    o: &'o mut String,
    indent: usize,
    first: bool,
}

impl<'o> Obj<'o> {
    fn open(o: &'o mut String, indent: usize) -> Self {
        o.push('{');
        Obj { o, indent, first: true }
    }

    fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.o.push(',');
        }
        self.first = false;
        self.o.push('\n');
        for _ in 0..self.indent + 2 {
            self.o.push(' ');
        }
        json_str(self.o, k);
        self.o.push_str(": ");
        self.o
    }

    fn str(&mut self, k: &str, v: &Option<String>) {
        let o = self.key(k);
        json_str(o, or_empty(v));
    }

    fn string(&mut self, k: &str, v: &str) {
        let o = self.key(k);
        json_str(o, v);
    }

    fn num(&mut self, k: &str, v: &Num) {
        let o = self.key(k);
        match v {
            Num::Int(n) => {
                let _ = write!(o, "{n}");
            }
            Num::Text(t) => json_str(o, t),
        }
    }

    fn int(&mut self, k: &str, v: impl std::fmt::Display) {
        let o = self.key(k);
        let _ = write!(o, "{v}");
    }

    fn hex(&mut self, k: &str, v: &Num) {
        let o = self.key(k);
        json_str(o, &hex(v));
    }

    fn hex32(&mut self, k: &str, v: u32) {
        let o = self.key(k);
        json_str(o, &format!("0x{v:x}"));
    }

    fn bool(&mut self, k: &str, v: bool) {
        let o = self.key(k);
        o.push_str(if v { "true" } else { "false" });
    }

    /// Writes an array of objects under `k`.
    fn objects<T>(&mut self, k: &str, items: &[T], each: impl Fn(&mut Obj<'_>, &T)) {
        let indent = self.indent + 2;
        let o = self.key(k);
        if items.is_empty() {
            o.push_str("[]");
            return;
        }
        o.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            o.push('\n');
            for _ in 0..indent + 2 {
                o.push(' ');
            }
            let mut obj = Obj::open(o, indent + 2);
            each(&mut obj, item);
            obj.close();
        }
        o.push('\n');
        for _ in 0..indent {
            o.push(' ');
        }
        o.push(']');
    }

    fn close(self) {
        if !self.first {
            self.o.push('\n');
            for _ in 0..self.indent {
                self.o.push(' ');
            }
        }
        self.o.push('}');
    }
}

/// The `specs-json/<name>` text (`kapi_export_json()`) a v4 kernel prints for `spec`.
pub fn json(spec: &Spec) -> String {
    render_json(&kernel_view(spec))
}

/// The `specs-json/<name>` text for a kernel struct.
pub fn render_json(k: &KernelSpec) -> String {
    let mut out = String::new();
    let mut o = Obj::open(&mut out, 0);
    o.string("name", &k.name);
    o.int("version", 1);
    o.str("description", &k.description);
    o.str("long_description", &k.long_description);
    o.hex32("context_flags", k.context_flags);
    o.objects("parameters", &k.params, |o, p| {
        o.string("name", &p.name);
        o.str("type", &p.type_name);
        o.string(
            "type_class",
            &match &p.kind {
                Word::Known(t) => t.json_class().to_string(),
                Word::Raw(r) => r.clone(),
            },
        );
        o.hex32("flags", p.flags);
        o.str("description", &p.description);
    });
    {
        let r = &k.ret;
        let indent = o.indent + 2;
        let obj = o.key("return");
        let mut ro = Obj::open(obj, indent);
        ro.str("type", &r.type_name);
        ro.string(
            "type_class",
            &match &r.kind {
                Word::Known(t) => t.json_class().to_string(),
                Word::Raw(w) => w.clone(),
            },
        );
        ro.string(
            "check_type",
            &match &r.check {
                Word::Known(c) => c.json_word().to_string(),
                Word::Raw(w) => w.clone(),
            },
        );
        match r.check {
            Word::Known(ReturnCheck::Exact) => ro.num("success_value", &r.success_value),
            Word::Known(ReturnCheck::Range) => {
                ro.num("success_min", &r.success_min);
                ro.num("success_max", &r.success_max);
            }
            Word::Known(ReturnCheck::ErrorCheck) => ro.int("error_count", r.error_count),
            _ => {}
        }
        ro.str("description", &r.description);
        ro.close();
    }
    o.objects("errors", &k.errors, |o, e| {
        o.num("code", &e.code);
        o.string("name", &e.name);
        o.str("condition", &e.condition);
        o.str("description", &e.description);
    });
    o.objects("locks", &k.locks, |o, l| {
        o.string("name", &l.name);
        o.string("type", l.kind.word());
        o.string("scope", l.scope.short_name());
        o.str("description", &l.description);
    });
    o.objects("capabilities", &k.capabilities, |o, c| {
        o.num("capability", &c.number);
        o.str("name", &c.cap_name);
        o.string("action", c.action.word());
        o.str("allows", &c.allows);
        o.str("without_cap", &c.without);
        o.str("check_condition", &c.condition);
        o.num("priority", &c.priority);
        if !c.alternatives.is_empty() {
            let alts = o.key("alternatives");
            alts.push('[');
            for (i, a) in c.alternatives.iter().enumerate() {
                if i > 0 {
                    alts.push_str(", ");
                }
                match a {
                    Num::Int(n) => {
                        let _ = write!(alts, "{n}");
                    }
                    Num::Text(t) => json_str(alts, t),
                }
            }
            alts.push(']');
        }
    });
    o.objects("constraints", &k.constraints, |o, c| {
        o.str("name", &c.name);
        o.str("description", &c.description);
        o.str("expression", &c.expression);
    });
    o.objects("signals", &k.signals, |o, s| {
        o.int("signal_num", s.number);
        o.str("signal_name", &s.name);
        o.hex32("direction", s.direction);
        match &s.action {
            Word::Known(a) => o.int("action", a.number()),
            Word::Raw(w) => o.string("action", w),
        }
        o.str("target", &s.target);
        o.str("condition", &s.condition);
        o.str("description", &s.description);
        o.bool("restartable", s.restartable);
        o.hex("sa_flags_required", &s.sa_flags_required);
        o.hex("sa_flags_forbidden", &s.sa_flags_forbidden);
        o.num("error_on_signal", &s.error_on_signal);
        o.num("transform_to", &s.transform_to);
        o.str("timing", &s.timing);
        o.num("priority", &s.priority);
        o.bool("interruptible", s.interruptible);
        o.str("queue_behavior", &s.queue_behavior);
        o.hex32("state_required", s.state_required);
        o.hex32("state_forbidden", s.state_forbidden);
    });
    o.objects("side_effects", &k.side_effects, |o, e| {
        o.hex32("type", e.kinds);
        o.str("target", &e.target);
        o.str("condition", &e.condition);
        o.str("description", &e.description);
        o.bool("reversible", e.reversible);
    });
    o.str("examples", &k.examples);
    o.str("notes", &k.notes);
    o.close();
    out.push('\n');
    out
}

/// Whether `name` can be a file name under `specs/` (debugfs creates one
/// file per spec name).
pub fn is_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

/// Writes `dir/kapi/list`, `dir/kapi/specs/<name>` and
/// `dir/kapi/specs-json/<name>` for `specs`.
///
/// Like the kernel, a second spec with the same name is listed but gets no
/// files (the first one's stay). A name that cannot be a file name (empty,
/// `.`, `..`, containing `/` or NUL) is an `InvalidInput` error, and nothing
/// is written.
pub fn write_tree(dir: &Path, specs: &[&Spec]) -> std::io::Result<()> {
    let names: Vec<String> = specs.iter().map(|s| kernel_view(s).name).collect();
    if let Some(bad) = names.iter().find(|n| !is_file_name(n)) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("spec name {bad:?} cannot be a debugfs file name"),
        ));
    }
    let kapi = dir.join("kapi");
    std::fs::create_dir_all(kapi.join("specs"))?;
    std::fs::create_dir_all(kapi.join("specs-json"))?;
    std::fs::write(kapi.join("list"), list(specs))?;
    let mut seen = std::collections::HashSet::new();
    for (spec, name) in specs.iter().zip(&names) {
        if !seen.insert(name.as_str()) {
            continue;
        }
        std::fs::write(kapi.join("specs").join(name), text(spec))?;
        std::fs::write(kapi.join("specs-json").join(name), json(spec))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close_like() -> Spec {
        let mut s = Spec { name: "sys_close".into(), dialect: Some(Dialect::ShortToken), ..Spec::default() };
        s.description = Some(Text::new("Close a file descriptor", Loc::default()));
        s.contexts = Some(FlagSet::of(&[ContextFlag::Process, ContextFlag::Sleepable]));
        s.params.push(Param {
            name: "fd".into(),
            ctype: Some("unsigned int fd".into()),
            kind: Some(Token::known(ParamType::Fd)),
            flags: Some(FlagSet::of(&[ParamFlag::In])),
            constraint_kind: Some(Token::known(ConstraintKind::Range)),
            min: Some(Value::literal(0)),
            max: Some(Value::parse("INT_MAX", Loc::default())),
            description: Some(Text::new("The file descriptor\nto close", Loc::default())),
            ..Param::default()
        });
        s.ret = Some(ReturnSpec {
            kind: Some(Token::known(ParamType::Int)),
            type_name: Some(Text::new("int", Loc::default())),
            check: Some(Token::known(ReturnCheck::Exact)),
            ..ReturnSpec::default()
        });
        s
    }

    #[test]
    fn text_follows_the_v4_templates() {
        let t = text(&close_like());
        let want = [
            "Kernel API Specification",
            "========================",
            "",
            "Name: sys_close",
            "Version: 1",
            "Description: Close a file descriptor",
            "Context flags: PROCESS SLEEPABLE ",
            "",
            "Parameters (1):",
            "  [0] fd:",
            "    type: fd (unsigned int fd)",
            "    flags: IN ",
            "    description: The file descriptor to close",
            "    constraints:",
            "      type: range",
            "      min: 0",
            "      max: 2147483647",
            "",
            "Return value:",
            "  type: KAPI_TYPE_INT",
            "  description: ",
            "  success: == 0",
            "",
            "",
        ]
        .join("\n");
        assert_eq!(t, want);
    }

    #[test]
    fn json_keeps_the_kernel_key_order_and_hex_strings() {
        let j = json(&close_like());
        let keys = ["\"name\"", "\"version\": 1", "\"context_flags\": \"0x21\"", "\"parameters\"", "\"return\""];
        let mut at = 0;
        for k in keys {
            let p = j[at..].find(k).unwrap_or_else(|| panic!("{k} missing or out of order in {j}"));
            at += p;
        }
        assert!(j.contains("\"type_class\": \"file_descriptor\""));
        assert!(j.contains("\"flags\": \"0x1\""));
        assert!(j.contains("\"errors\": []"));
    }

    #[test]
    fn json_escapes_like_the_kernel() {
        let mut o = String::new();
        json_str(&mut o, "a\"b\\c\nd\re\tf\u{1}g\u{7f}é");
        assert_eq!(o, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\u{7f}é\"");
    }

    #[test]
    fn numbers_narrow_as_c_converts_them() {
        let v = |n: i128| Some(Value::literal(n));
        assert_eq!(s64(&v(i128::from(u64::MAX))), Num::Int(-1));
        assert_eq!(u64n(&v(-1)), Num::Int(i128::from(u64::MAX)));
        assert_eq!(i32n(&v(0xffff_ffff)), Num::Int(-1));
        assert_eq!(u8n(&v(300)), Num::Int(44));
        assert_eq!(s64(&Some(Value::parse("NO_SUCH_NAME", Loc::default()))), Num::Text("NO_SUCH_NAME".into()));
        assert_eq!(s64(&v(1i128 << 100)), Num::Text((1i128 << 100).to_string()));
    }

    #[test]
    fn flat_joins_lines_and_drops_blank_ones() {
        assert_eq!(flat("a\n\n  b\tc \n"), "a b c");
    }
}
