//! The spec model: one [`Spec`] per documented API.
//!
//! It holds every field of the newest `struct kernel_api_spec` and its
//! sub-structs, plus the fields older postings had (since-version, the RFC v4
//! lock booleans, struct specs and validation groups). Values keep the text as
//! written next to what it means, and every value knows where it came from.

use crate::enums::*;
use crate::{Loc, Text, Value};

/// What kind of API a spec describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApiKind {
    /// A system call (`sys_*`).
    Syscall,
    /// An ioctl command or handler.
    Ioctl,
    /// A kernel function.
    Function,
    /// A sysfs attribute.
    Sysfs,
}

impl ApiKind {
    /// The word upstream uses in JSON (`syscall`, `ioctl`, `function`, `sysfs`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Syscall => "syscall",
            ApiKind::Ioctl => "ioctl",
            ApiKind::Function => "function",
            ApiKind::Sysfs => "sysfs",
        }
    }

    /// The heading of this kind's group in list views.
    pub fn group_title(self) -> &'static str {
        match self {
            ApiKind::Syscall => "System Calls",
            ApiKind::Ioctl => "IOCTLs",
            ApiKind::Function => "Functions",
            ApiKind::Sysfs => "Sysfs Attributes",
        }
    }

    /// Parses `syscall`, `ioctl`, `function`, `sysfs` or `KAPI_API_*`.
    pub fn parse(word: &str) -> Option<ApiKind> {
        let w = word.trim();
        let w = w.strip_prefix("KAPI_API_").unwrap_or(w);
        ApiKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(w))
    }

    /// Every kind, in list-view order.
    pub const ALL: [ApiKind; 4] = [ApiKind::Syscall, ApiKind::Ioctl, ApiKind::Function, ApiKind::Sysfs];

    /// The kind upstream derives from a bare name: `sys_*` syscall,
    /// `*_ioctl` ioctl, containing `sysfs` sysfs, else function.
    pub fn from_name(name: &str) -> ApiKind {
        if name.starts_with("sys_") || name.starts_with("compat_sys_") {
            ApiKind::Syscall
        } else if name.ends_with("_ioctl") {
            ApiKind::Ioctl
        } else if name.contains("sysfs") {
            ApiKind::Sysfs
        } else {
            ApiKind::Function
        }
    }
}

/// The spec dialect a block was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    /// C macros (`DEFINE_KERNEL_API_SPEC`), RFC v1/v2 and generated headers.
    Macro,
    /// RFC v3 flat keys (`param-type: len, KAPI_TYPE_UINT`).
    Flat,
    /// RFC v4 nested form with typed heads (`param: start, KAPI_TYPE_UINT`).
    NestedTypedHeads,
    /// RFC v5, v1 and v2 nested form with long `KAPI_*` tokens.
    NestedLong,
    /// v3/v4 short-token DSL (`type: uint, input`, `contexts:`).
    ShortToken,
}

impl Dialect {
    /// A stable identifier for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Macro => "macro",
            Dialect::Flat => "flat",
            Dialect::NestedTypedHeads => "nested-typed-heads",
            Dialect::NestedLong => "nested-long-tokens",
            Dialect::ShortToken => "short-tokens",
        }
    }

    /// Which postings used it.
    pub fn postings(self) -> &'static str {
        match self {
            Dialect::Macro => "RFC v1, RFC v2",
            Dialect::Flat => "RFC v3",
            Dialect::NestedTypedHeads => "RFC v4",
            Dialect::NestedLong => "RFC v5, v1, v2",
            Dialect::ShortToken => "v3, v4",
        }
    }
}

/// Where a spec was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file as given (a C file, a patch, a vmlinux, ...).
    pub file: String,
    /// Start of the spec block in `file`.
    pub loc: Loc,
    /// End of the spec block in `file`.
    pub end: Loc,
    /// For a patch: the kernel file it patches and the line there.
    pub target: Option<crate::diag::TargetLoc>,
}

impl Origin {
    /// `file:line:col`, or the file alone when the place is not known
    /// (binary and debugfs inputs).
    pub fn display(&self) -> String {
        if self.loc.is_known() {
            format!("{}:{}", self.file, self.loc)
        } else {
            self.file.clone()
        }
    }
}

/// The C definition a spec documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// What the definition is.
    pub kind: DefinitionKind,
    /// The symbol name (`sys_mlock`, `compat_sys_open`, `binder_ioctl`).
    pub name: String,
    /// Where the definition starts.
    pub loc: Loc,
    /// The prototype, with whitespace normalised.
    pub prototype: String,
    /// Its arguments, in order.
    pub args: Vec<CArg>,
    /// False when the text ends inside the prototype, so `args` may be incomplete.
    pub complete: bool,
}

/// Kinds of definitions a spec may be bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefinitionKind {
    /// `SYSCALL_DEFINEn`.
    Syscall,
    /// `COMPAT_SYSCALL_DEFINEn`.
    CompatSyscall,
    /// A function whose name ends in `_ioctl`, or a handler taking `(struct file *, unsigned int cmd, unsigned long arg)`.
    Ioctl,
    /// Any other function.
    Function,
}

/// One argument of a C prototype.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CArg {
    /// The type (`unsigned long`, `const char __user *`).
    pub ctype: String,
    /// The name (`start`).
    pub name: String,
}

impl CArg {
    /// The declaration as upstream prints it (`unsigned long start`).
    pub fn decl(&self) -> String {
        if self.name.is_empty() {
            self.ctype.clone()
        } else {
            format!("{} {}", self.ctype, self.name)
        }
    }
}

/// A key the parser did not know, kept with its value so nothing is lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The key as written.
    pub key: String,
    /// Its value.
    pub value: Text,
}

/// A yes/no word (`yes`, `true`, `no`, `conditional`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Truth {
    /// The word as written.
    pub raw: String,
    /// Where it was written.
    pub loc: Loc,
    /// What it means; `None` for a word that is neither yes nor no.
    pub value: Option<TruthValue>,
}

/// The meaning of a [`Truth`] word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TruthValue {
    /// `yes`, `true`, `1`.
    Yes,
    /// `no`, `false`, `0`.
    No,
    /// `conditional`, `sometimes`, `maybe`.
    Conditional,
}

impl Truth {
    /// Parses a yes/no word.
    pub fn parse(raw: &str, loc: Loc) -> Self {
        let w = raw.trim();
        let value = match w.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "y" => Some(TruthValue::Yes),
            "no" | "false" | "0" | "n" => Some(TruthValue::No),
            "conditional" | "conditionally" | "sometimes" | "maybe" => Some(TruthValue::Conditional),
            _ => None,
        };
        Truth { raw: w.to_string(), loc, value }
    }

    /// A plain yes/no (as a writer would produce it).
    pub fn of(b: bool) -> Self {
        Truth {
            raw: if b { "yes" } else { "no" }.into(),
            loc: Loc::default(),
            value: Some(if b { TruthValue::Yes } else { TruthValue::No }),
        }
    }

    /// Whether the word means yes (unconditionally).
    pub fn is_yes(&self) -> bool {
        self.value == Some(TruthValue::Yes)
    }

    /// Whether the word means yes or "sometimes".
    pub fn is_possible(&self) -> bool {
        matches!(self.value, Some(TruthValue::Yes | TruthValue::Conditional))
    }
}

/// A reference to an errno (`-EINTR`, `EINTR`, `4`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrnoRef {
    /// As written.
    pub raw: String,
    /// Where it was written.
    pub loc: Loc,
    /// The errno name, if the text names one (`EINTR`).
    pub name: Option<String>,
    /// The (negative) error code, if known.
    pub code: Option<i32>,
}

impl ErrnoRef {
    /// Parses `-EINTR`, `EINTR`, `-4` or `4`.
    pub fn parse(raw: &str, loc: Loc) -> Self {
        let w = raw.trim();
        // `-EINTR (in io_event.res)`: the first word names the errno.
        let first = w.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
        let bare = first.trim_start_matches('-').trim();
        let (name, code) = if let Some(n) = crate::tables::errno(bare) {
            (Some(bare.to_string()), Some(-n))
        } else if let Some(n) = crate::expr::parse_int_literal(bare).and_then(|n| i32::try_from(n).ok()) {
            (crate::tables::errno_name(n).map(str::to_string), Some(-n))
        } else {
            (None, None)
        };
        ErrnoRef { raw: w.to_string(), loc, name, code }
    }
}

/// One specified API.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    /// The API's name (`sys_mlock`).
    pub name: String,
    /// What kind of API it is.
    pub kind: Option<ApiKind>,
    /// The dialect the block was written in.
    pub dialect: Option<Dialect>,
    /// Where it was read from.
    pub origin: Origin,
    /// The definition the block documents, if one was found.
    pub definition: Option<Definition>,
    /// One-line purpose (kerneldoc name line or `KAPI_DESCRIPTION`).
    pub description: Option<Text>,
    /// `long-desc:`.
    pub long_desc: Option<Text>,
    /// `contexts:` / `context-flags:`.
    pub contexts: Option<FlagSet<ContextFlag>>,
    /// The standard kerneldoc `Context:` section.
    pub context_note: Option<Text>,
    /// The standard kerneldoc `Return:` section (not the KAPI `return:` block).
    pub kdoc_return: Option<Text>,
    /// `param-count:`.
    pub param_count: Option<Value>,
    /// `since-version:` (RFC v4 to v1; removed upstream in v2).
    pub since_version: Option<Text>,
    /// `api-type:`.
    pub api_type: Option<Text>,
    /// Parameters, in prototype order.
    pub params: Vec<Param>,
    /// `return:`.
    pub ret: Option<ReturnSpec>,
    /// `error:` items.
    pub errors: Vec<ErrorSpec>,
    /// `signal:` items.
    pub signals: Vec<SignalSpec>,
    /// Signal masks (macro dialect only).
    pub signal_masks: Vec<SignalMask>,
    /// `lock:` items.
    pub locks: Vec<LockSpec>,
    /// `side-effect:` items.
    pub side_effects: Vec<SideEffect>,
    /// `state-trans:` items.
    pub state_transitions: Vec<StateTransition>,
    /// `capability:` items.
    pub capabilities: Vec<Capability>,
    /// `constraint:` items.
    pub constraints: Vec<Constraint>,
    /// `struct:` / `struct-field:` specs.
    pub structs: Vec<StructSpec>,
    /// `validation-group:` items (RFC v3/v4 only).
    pub validation_groups: Vec<ValidationGroup>,
    /// `examples:`, line breaks kept.
    pub examples: Option<Text>,
    /// `notes:`, line breaks and paragraphs kept.
    pub notes: Option<Text>,
    /// Sysfs attribute facts (RFC v2 macro specs).
    pub sysfs: Option<SysfsInfo>,
    /// Ioctl command facts (macro specs).
    pub ioctl: Option<IoctlInfo>,
    /// Keys the parser did not know, kept as written.
    pub extra: Vec<Attr>,
}

impl Spec {
    /// The kind, derived from the name when not known otherwise.
    pub fn api_kind(&self) -> ApiKind {
        self.kind.unwrap_or_else(|| ApiKind::from_name(&self.name))
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The error named `name` (`ENOMEM`).
    pub fn error(&self, name: &str) -> Option<&ErrorSpec> {
        self.errors.iter().find(|e| e.name == name)
    }
}

/// One parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Param {
    /// 0-based position in the prototype (or among the blocks when unbound).
    pub index: usize,
    /// The name.
    pub name: String,
    /// Where the `param:` block (or the prototype argument) is.
    pub loc: Loc,
    /// Whether the spec has a block for it (false: known only from the prototype).
    pub has_block: bool,
    /// The declaration from the prototype (`unsigned long start`).
    pub ctype: Option<String>,
    /// `@name:` text, or a `desc:` sub-key.
    pub description: Option<Text>,
    /// KAPI type (`type:`, or the RFC v4 head `param: NAME, TYPE`).
    pub kind: Option<Token<ParamType>>,
    /// Flags (`flags:`, or the words after the type in `type: uint, input`).
    pub flags: Option<FlagSet<ParamFlag>>,
    /// Constraint kind (`constraint-type:`; implied by `range:` and friends).
    pub constraint_kind: Option<Token<ConstraintKind>>,
    /// The call-form constraint as written (`range(0, INT_MAX)`).
    pub constraint_call: Option<Text>,
    /// Range minimum.
    pub min: Option<Value>,
    /// Range maximum.
    pub max: Option<Value>,
    /// Valid-bits mask.
    pub mask: Option<Value>,
    /// Per-architecture extra mask bits (`arch-mask: x86 = ...`, v4).
    pub arch_masks: Vec<ArchMask>,
    /// Enum values (`enum(...)`).
    pub enum_values: Vec<Value>,
    /// `valid-values:` as written (a C array expression).
    pub valid_values: Option<Text>,
    /// Required alignment.
    pub alignment: Option<Value>,
    /// Size in bytes (`size:`, `user_string(N)`).
    pub size: Option<Value>,
    /// 0-based index of the parameter holding this buffer's size.
    pub size_param: Option<Value>,
    /// Multiplier applied to the size parameter.
    pub size_multiplier: Option<Value>,
    /// The validation function of `custom(fn)`.
    pub custom_fn: Option<Text>,
    /// `constraint:` text lines (RFC v4, RFC v5).
    pub constraint_text: Vec<Text>,
    /// `cdesc:` (v1+): what the constraint means, in prose.
    pub cdesc: Option<Text>,
    /// `struct-type:`.
    pub struct_type: Option<Text>,
    /// Sysfs-only facts (RFC v2 macros).
    pub sysfs: Option<SysfsParam>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

impl Param {
    /// The C declaration: `ctype` when it already names the parameter (as a
    /// prototype does), else `ctype name` (macro specs give the type alone).
    pub fn decl(&self) -> String {
        match &self.ctype {
            None => self.name.clone(),
            Some(t) if self.name.is_empty() => t.clone(),
            Some(t) => {
                let named = t.strip_suffix(self.name.as_str()).is_some_and(|head| {
                    head.is_empty() || !head.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                });
                if named {
                    t.clone()
                } else if t.ends_with('*') {
                    format!("{t}{}", self.name)
                } else {
                    format!("{t} {}", self.name)
                }
            }
        }
    }

    /// The flag bits, 0 when unspecified.
    pub fn flag_bits(&self) -> u64 {
        self.flags.as_ref().map_or(0, |f| f.bits())
    }

    /// The constraint text that describes this param: `cdesc:` first, then `constraint:` lines.
    pub fn constraint_prose(&self) -> Option<String> {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(c) = &self.cdesc {
            parts.push(&c.text);
        }
        parts.extend(self.constraint_text.iter().map(|t| t.text.as_str()));
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// `arch-mask: <arch> = <bits>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchMask {
    /// The architecture (`x86`).
    pub arch: String,
    /// The extra valid bits.
    pub value: Value,
    /// Where it was written.
    pub loc: Loc,
}

/// Sysfs facts of a param (RFC v2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SysfsParam {
    /// `sysfs_path`.
    pub path: Option<Text>,
    /// `sysfs_permissions`.
    pub permissions: Option<Value>,
    /// `default_value`.
    pub default_value: Option<Text>,
    /// `units`.
    pub units: Option<Text>,
    /// `step`.
    pub step: Option<Value>,
    /// `allowed_strings`.
    pub allowed_strings: Vec<Text>,
}

/// Comparison in a `success:` condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`, `=` or a bare value.
    Eq,
    /// `!=`.
    Ne,
    /// `>=`.
    Ge,
    /// `>`.
    Gt,
    /// `<=`.
    Le,
    /// `<`.
    Lt,
}

impl CmpOp {
    /// The operator as C writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Ge => ">=",
            CmpOp::Gt => ">",
            CmpOp::Le => "<=",
            CmpOp::Lt => "<",
        }
    }
}

/// `success: >= 0`, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Success {
    /// As written.
    pub raw: String,
    /// Where it was written.
    pub loc: Loc,
    /// The comparison.
    pub op: CmpOp,
    /// The value compared against.
    pub value: Value,
}

/// The `return:` block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReturnSpec {
    /// Where the block starts.
    pub loc: Loc,
    /// `type:` as written (`int`, `KAPI_TYPE_INT`, `long`).
    pub type_name: Option<Text>,
    /// `type:` resolved to a KAPI type.
    pub kind: Option<Token<ParamType>>,
    /// `check-type:`.
    pub check: Option<Token<ReturnCheck>>,
    /// `success:`.
    pub success: Option<Success>,
    /// Success range minimum (`success-range:` or macro).
    pub success_min: Option<Value>,
    /// Success range maximum.
    pub success_max: Option<Value>,
    /// `error-values:`.
    pub error_values: Vec<Value>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One `error:` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorSpec {
    /// Where the item starts.
    pub loc: Loc,
    /// The errno name (`ENOMEM`).
    pub name: String,
    /// The negative error code on x86_64, if the name is a real errno.
    pub code: Option<i32>,
    /// The code as written in forms that spell it out (`-ENOMEM`, flat and macro dialects).
    pub code_raw: Option<Value>,
    /// The one-line summary after the comma (upstream stores it as `condition`).
    pub summary: Option<Text>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// `condition:` sub-key.
    pub condition: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One `signal:` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignalSpec {
    /// Where the item starts.
    pub loc: Loc,
    /// The signal's name as written (`FATAL`, `SIGXCPU`, `Any signal`).
    pub name: String,
    /// The signal number: `number:`, or derived from a `SIG*` name.
    pub number: Option<i32>,
    /// `direction:`.
    pub direction: Option<FlagSet<SignalDirection>>,
    /// `action:`.
    pub action: Option<Token<SignalAction>>,
    /// `condition:`.
    pub condition: Option<Text>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// `errno:` (v3+) or the older `error:` sub-key.
    pub errno: Option<ErrnoRef>,
    /// `timing:`.
    pub timing: Option<Token<SignalTiming>>,
    /// `priority:`.
    pub priority: Option<Value>,
    /// `restartable:`.
    pub restartable: Option<Truth>,
    /// `interruptible:`.
    pub interruptible: Option<Truth>,
    /// `target:`.
    pub target: Option<Text>,
    /// `queue:`.
    pub queue: Option<Token<SignalQueue>>,
    /// `sa-flags-required:`.
    pub sa_flags_required: Option<Value>,
    /// `sa-flags-forbidden:`.
    pub sa_flags_forbidden: Option<Value>,
    /// `state-required:` (the RFC v4 seed wrote `state-req:`).
    pub state_required: Option<FlagSet<SignalState>>,
    /// `state-forbidden:`.
    pub state_forbidden: Option<FlagSet<SignalState>>,
    /// `transform-to:`.
    pub transform_to: Option<Value>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// A named set of signals (macro dialect).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignalMask {
    /// Where it starts.
    pub loc: Loc,
    /// Its name.
    pub name: String,
    /// The signals it holds.
    pub signals: Vec<Value>,
    /// Its description.
    pub desc: Option<Text>,
}

/// One `lock:` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LockSpec {
    /// Where the item starts.
    pub loc: Loc,
    /// The lock's name (`mmap_lock`).
    pub name: String,
    /// `type:`, or the RFC v4 head `lock: NAME, TYPE`.
    pub kind: Option<Token<LockType>>,
    /// `acquired:`.
    pub acquired: Option<Truth>,
    /// `released:`.
    pub released: Option<Truth>,
    /// `held-on-entry:`.
    pub held_on_entry: Option<Truth>,
    /// `held-on-exit:`.
    pub held_on_exit: Option<Truth>,
    /// `scope:` when written out.
    pub scope: Option<Token<LockScope>>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

impl LockSpec {
    /// The scope the kernel build (the generator) gives this lock: an explicit
    /// `scope:` wins; acquired only is ACQUIRES, released only RELEASES, held on
    /// entry/exit CALLER_HELD, and both or neither INTERNAL.
    pub fn effective_scope(&self) -> LockScope {
        if let Some(s) = self.scope.as_ref().and_then(|s| s.value) {
            return s;
        }
        let yes = |t: &Option<Truth>| t.as_ref().is_some_and(|t| t.is_yes());
        match (yes(&self.acquired), yes(&self.released)) {
            (true, false) => LockScope::Acquires,
            (false, true) => LockScope::Releases,
            (false, false) if yes(&self.held_on_entry) || yes(&self.held_on_exit) => LockScope::CallerHeld,
            _ => LockScope::Internal,
        }
    }
}

/// One `side-effect:` item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideEffect {
    /// Where the item starts.
    pub loc: Loc,
    /// The effect bits (the item head).
    pub kinds: FlagSet<EffectType>,
    /// `target:`.
    pub target: Option<Text>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// `condition:`.
    pub condition: Option<Text>,
    /// `reversible:`.
    pub reversible: Option<Truth>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One `state-trans:` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateTransition {
    /// Where the item starts.
    pub loc: Loc,
    /// The object whose state changes (the item head).
    pub object: Text,
    /// `from:`.
    pub from: Option<Text>,
    /// `to:`.
    pub to: Option<Text>,
    /// `condition:`.
    pub condition: Option<Text>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// `target:` (RFC v4 execveat, where the head is the old state).
    pub target: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One `capability:` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capability {
    /// Where the item starts.
    pub loc: Loc,
    /// The capability constant (`CAP_IPC_LOCK`).
    pub cap: String,
    /// Its number, if it is a real capability.
    pub number: Option<i32>,
    /// `type:` or the second field of the one-line form.
    pub action: Option<Token<CapabilityAction>>,
    /// The third field of the one-line form, or `desc:`.
    pub name: Option<Text>,
    /// `allows:`.
    pub allows: Option<Text>,
    /// `without:`.
    pub without: Option<Text>,
    /// `condition:`.
    pub condition: Option<Text>,
    /// `priority:`.
    pub priority: Option<Value>,
    /// Alternative capabilities that also satisfy the check.
    pub alternatives: Vec<Value>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One `constraint:` item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constraint {
    /// Where the item starts.
    pub loc: Loc,
    /// Its name (the item head).
    pub name: Text,
    /// `desc:`.
    pub desc: Option<Text>,
    /// `expr:`.
    pub expr: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// A struct passed through a parameter (`struct:` or flat `struct-field:`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StructSpec {
    /// Where it starts.
    pub loc: Loc,
    /// The struct's name (`struct sched_attr`).
    pub name: Text,
    /// The parameter it belongs to (`struct-type: uattr, ...`).
    pub param: Option<String>,
    /// `size:`.
    pub size: Option<Value>,
    /// `alignment:`.
    pub alignment: Option<Value>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// Its fields.
    pub fields: Vec<StructField>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One field of a [`StructSpec`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StructField {
    /// Where it starts.
    pub loc: Loc,
    /// The field's name.
    pub name: String,
    /// Its C type (`__u32`).
    pub ctype: Option<Text>,
    /// `desc:`.
    pub desc: Option<Text>,
    /// `constraint-type:`.
    pub constraint_kind: Option<Token<ConstraintKind>>,
    /// Range minimum.
    pub min: Option<Value>,
    /// Range maximum.
    pub max: Option<Value>,
    /// `mask:`.
    pub mask: Option<Value>,
    /// `enum:` values, `NAME(value)` pairs.
    pub enum_values: Vec<(String, Value)>,
    /// `constraint:` lines.
    pub constraint_text: Vec<Text>,
    /// `policy:` (flat `struct-field-policy:`).
    pub policy: Option<Text>,
    /// `version:` (flat `struct-field-version:`).
    pub version: Option<Value>,
    /// `flag:` (flat `struct-field-flag:`).
    pub flag: Option<Text>,
    /// `validate:` (flat `struct-field-validate:`).
    pub validate: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// One `validation-group:` item (RFC v3/v4 sched_setattr).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationGroup {
    /// Where it starts.
    pub loc: Loc,
    /// Its name.
    pub name: Text,
    /// `policy:`.
    pub policy: Option<Text>,
    /// `rule:` lines.
    pub rules: Vec<Text>,
    /// `flag:`.
    pub flags: Option<Text>,
    /// Unknown sub-keys, kept.
    pub extra: Vec<Attr>,
}

/// Sysfs attribute facts (RFC v2 `DEFINE_SYSFS_API_SPEC`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SysfsInfo {
    /// `KAPI_SUBSYSTEM`.
    pub subsystem: Option<Text>,
    /// `KAPI_PATH`.
    pub path: Option<Text>,
    /// `KAPI_PERMISSIONS`.
    pub permissions: Option<Value>,
    /// `KAPI_DEVICE_TYPE`.
    pub device_type: Option<Text>,
    /// `KAPI_DEFAULT`.
    pub default_value: Option<Text>,
    /// `KAPI_UNITS`.
    pub units: Option<Text>,
    /// `KAPI_STEP`.
    pub step: Option<Value>,
    /// `KAPI_ALLOWED_STRINGS`.
    pub allowed_strings: Vec<Text>,
    /// `KAPI_DEPRECATED`.
    pub deprecated: Option<Truth>,
    /// `KAPI_REPLACEMENT`.
    pub replacement: Option<Text>,
}

/// Ioctl command facts (macro specs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IoctlInfo {
    /// The command number expression (`BINDER_WRITE_READ`).
    pub cmd: Option<Value>,
    /// The command's name.
    pub cmd_name: Option<Text>,
    /// Size of the input argument.
    pub input_size: Option<Value>,
    /// Size of the output argument.
    pub output_size: Option<Value>,
    /// The `file_operations` it belongs to.
    pub file_ops_name: Option<Text>,
}
