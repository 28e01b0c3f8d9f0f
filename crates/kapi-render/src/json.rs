//! JSON output in the newest upstream shape, extended.
//!
//! Upstream field names and types are kept, so existing consumers keep
//! working. Added fields carry what upstream loses: enum names next to
//! numbers (`*_name`), the text of symbolic values next to their resolution
//! (`*_text`), source locations, `since_version`, the signal errno and every
//! sub-key upstream drops. Numbers are the v4 header's; a word that is not a
//! member of its family gives `null` and keeps its text, never 0.

use kapi_model::enums::*;
use kapi_model::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A source location.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// File as given.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// Where a patch puts a spec in the kernel tree.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct TargetLocation {
    /// Path in the kernel tree.
    pub file: String,
    /// Line in the patched file.
    pub line: u32,
}

/// `{"apis": [...]}`: the list view.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ApiList {
    /// Every spec, in discovery order.
    pub apis: Vec<ApiEntry>,
}

/// One entry of the list view.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ApiEntry {
    /// API name.
    pub name: String,
    /// `syscall`, `ioctl`, `function` or `sysfs`.
    pub api_type: String,
    /// One-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the spec starts.
    pub location: Location,
}

/// `{"api_details": {...}}`: the detail view.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ApiDetailsDoc {
    /// The spec.
    pub api_details: ApiDetails,
}

/// Either JSON document kapi prints.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Document {
    /// The list view.
    List(ApiList),
    /// The detail view.
    Details(Box<ApiDetailsDoc>),
}

/// One spec.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ApiDetails {
    /// API name.
    pub name: String,
    /// One-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `long-desc:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// Context flags as `KAPI_CTX_*` names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_flags: Vec<String>,
    /// `examples:`, line breaks kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<String>,
    /// `notes:`, line breaks and paragraphs kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// `since-version:` (removed upstream in v2; kept when written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_version: Option<String>,
    /// Sysfs subsystem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsystem: Option<String>,
    /// Sysfs path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sysfs_path: Option<String>,
    /// Sysfs permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<String>,
    /// Capabilities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<CapabilityJson>,
    /// State transitions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state_transitions: Vec<StateTransitionJson>,
    /// Side effects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub side_effects: Vec<SideEffectJson>,
    /// Parameters in prototype order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamJson>,
    /// The return spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_spec: Option<ReturnJson>,
    /// Errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorJson>,
    /// Locks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<LockJson>,
    /// Struct specs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub struct_specs: Vec<StructJson>,
    /// Signals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<SignalJson>,
    /// Signal masks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signal_masks: Vec<SignalMaskJson>,
    /// Constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ConstraintJson>,
    // Additions.
    /// `syscall`, `ioctl`, `function` or `sysfs`.
    pub api_type: String,
    /// The context bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_flags_value: Option<u64>,
    /// Context words that are not contexts, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_flags_unknown: Vec<String>,
    /// The dialect the spec was written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<String>,
    /// Where the spec starts.
    pub location: Location,
    /// For a patch: where the spec lands in the kernel tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetLocation>,
    /// The C definition the spec documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<DefinitionJson>,
    /// `param-count:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_count: Option<String>,
    /// The standard kerneldoc `Context:` section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_note: Option<String>,
    /// The standard kerneldoc `Return:` section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kerneldoc_return: Option<String>,
    /// `api-type:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_type_text: Option<String>,
    /// Validation groups (RFC v3/v4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validation_groups: Vec<ValidationGroupJson>,
    /// Ioctl command facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ioctl: Option<IoctlJson>,
    /// Keys kapi does not know, kept as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<AttrJson>,
}

/// The C definition.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct DefinitionJson {
    /// `syscall`, `compat_syscall`, `ioctl` or `function`.
    pub kind: String,
    /// Symbol name.
    pub name: String,
    /// The prototype.
    pub prototype: String,
    /// Where it is.
    pub location: Location,
}

/// An unknown key and its value.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct AttrJson {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
    /// Where it is.
    pub location: Location,
}

/// A parameter.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ParamJson {
    /// 0-based position.
    pub index: usize,
    /// Name.
    pub name: String,
    /// Declaration from the prototype (`unsigned long start`).
    pub type_name: String,
    /// Description (`@name:` or `desc:`).
    pub description: String,
    /// Flag bits.
    pub flags: u64,
    /// KAPI type number; `null` when absent or not a type.
    pub param_type: Option<u64>,
    /// Constraint kind number; 0 (none) when absent, `null` when not a kind.
    pub constraint_type: Option<u64>,
    /// Constraint prose (`cdesc:` then `constraint:` lines).
    pub constraint: Option<String>,
    /// Range minimum, resolved.
    pub min_value: Option<i64>,
    /// Range maximum, resolved.
    pub max_value: Option<i64>,
    /// Valid-bits mask, resolved.
    pub valid_mask: Option<u64>,
    /// Enum values as written.
    pub enum_values: Vec<String>,
    /// Size in bytes, resolved.
    pub size: Option<u64>,
    /// Alignment, resolved.
    pub alignment: Option<u64>,
    /// 0-based index of the size parameter.
    pub size_param_idx: Option<i64>,
    // Additions.
    /// KAPI type as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param_type_name: Option<String>,
    /// Flag names (`KAPI_PARAM_*`).
    pub flags_names: Vec<String>,
    /// Flag words that are not flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags_unknown: Vec<String>,
    /// Constraint kind (`KAPI_CONSTRAINT_*`), or the word as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint_type_name: Option<String>,
    /// Call-form constraint as written (`range(0, INT_MAX)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint_call: Option<String>,
    /// `cdesc:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdesc: Option<String>,
    /// Minimum as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value_text: Option<String>,
    /// Maximum as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value_text: Option<String>,
    /// Mask as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_mask_text: Option<String>,
    /// Per-architecture mask bits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arch_masks: Vec<ArchMaskJson>,
    /// Enum values resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values_resolved: Vec<Option<i64>>,
    /// `valid-values:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_values: Option<String>,
    /// Size as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_text: Option<String>,
    /// Alignment as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment_text: Option<String>,
    /// Size multiplier, resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_multiplier: Option<u64>,
    /// `custom(fn)` validator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_validator: Option<String>,
    /// `struct-type:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub struct_type: Option<String>,
    /// Whether the spec has a `param:` block for it.
    pub has_spec: bool,
    /// Where it is.
    pub location: Location,
    /// Unknown sub-keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<AttrJson>,
}

/// `arch-mask:`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ArchMaskJson {
    /// Architecture.
    pub arch: String,
    /// Mask, resolved.
    pub mask: Option<u64>,
    /// Mask as written.
    pub mask_text: String,
}

/// The return spec.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ReturnJson {
    /// Type: the `KAPI_TYPE_*` token (upstream's choice), or the text as written.
    pub type_name: String,
    /// `desc:`.
    pub description: String,
    /// KAPI type number.
    pub return_type: Option<u64>,
    /// Check type number.
    pub check_type: Option<u64>,
    /// Success value for an exact `success:`.
    pub success_value: Option<i64>,
    /// Lower success bound (`>= N`, or a range).
    pub success_min: Option<i64>,
    /// Upper success bound.
    pub success_max: Option<i64>,
    /// Error values.
    pub error_values: Vec<i64>,
    // Additions.
    /// Type as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_text: Option<String>,
    /// Check type (`KAPI_RETURN_*`) or the word as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_type_name: Option<String>,
    /// `success:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_text: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// An error.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ErrorJson {
    /// Negative error code on x86_64; `null` when the name is not an errno.
    pub error_code: Option<i32>,
    /// Errno name.
    pub name: String,
    /// The one-line summary.
    pub condition: String,
    /// `desc:`.
    pub description: String,
    // Additions.
    /// The `condition:` sub-key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_detail: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A signal.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct SignalJson {
    /// Signal number, if known.
    pub signal_num: Option<i32>,
    /// Name as written.
    pub signal_name: String,
    /// Direction bits.
    pub direction: u64,
    /// Action number.
    pub action: Option<u64>,
    /// `target:`.
    pub target: Option<String>,
    /// `condition:`.
    pub condition: Option<String>,
    /// `desc:`.
    pub description: Option<String>,
    /// Timing as upstream numbers it (before 0, during 1, after 2).
    pub timing: Option<u32>,
    /// `priority:`.
    pub priority: Option<i64>,
    /// `restartable:`.
    pub restartable: bool,
    /// `interruptible:`.
    pub interruptible: bool,
    /// `queue:`.
    pub queue: Option<String>,
    /// Required and forbidden `sa_flags`, OR-ed.
    pub sa_flags: u64,
    /// Required `sa_flags`.
    pub sa_flags_required: u64,
    /// Forbidden `sa_flags`.
    pub sa_flags_forbidden: u64,
    /// Required process-state bits.
    pub state_required: u64,
    /// Forbidden process-state bits.
    pub state_forbidden: u64,
    /// Error code returned when the signal arrives.
    pub error_on_signal: Option<i32>,
    /// `transform-to:`.
    pub transform_to: Option<i64>,
    // Additions.
    /// Direction names.
    pub direction_names: Vec<String>,
    /// Action (`KAPI_SIGNAL_ACTION_*`) or the word as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_name: Option<String>,
    /// Timing word (`during`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing_name: Option<String>,
    /// Errno name of `error_on_signal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errno_name: Option<String>,
    /// Required process states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state_required_names: Vec<String>,
    /// Forbidden process states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state_forbidden_names: Vec<String>,
    /// Where it is.
    pub location: Location,
}

/// A signal mask.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct SignalMaskJson {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Signals.
    pub signals: Vec<String>,
}

/// A lock.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct LockJson {
    /// Name.
    pub lock_name: String,
    /// Lock type number.
    pub lock_type: Option<u64>,
    /// Scope number as the kernel build gives it (explicit scope, else from acquired/released).
    pub scope: u64,
    /// `desc:`.
    pub description: String,
    // Additions.
    /// Lock type (`KAPI_LOCK_*`) or the word as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_type_name: Option<String>,
    /// Scope name.
    pub scope_name: String,
    /// `acquired:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquired: Option<String>,
    /// `released:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    /// `held-on-entry:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_on_entry: Option<String>,
    /// `held-on-exit:` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_on_exit: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A side effect.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct SideEffectJson {
    /// Effect bits.
    pub effect_type: u64,
    /// `target:`.
    pub target: String,
    /// `condition:`.
    pub condition: Option<String>,
    /// `desc:`.
    pub description: String,
    /// `reversible:`.
    pub reversible: bool,
    // Additions.
    /// Effect names.
    pub effect_type_names: Vec<String>,
    /// Effect words that are not effects, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effect_type_unknown: Vec<String>,
    /// Where it is.
    pub location: Location,
}

/// A state transition.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct StateTransitionJson {
    /// Object.
    pub object: String,
    /// From state.
    pub from_state: String,
    /// To state.
    pub to_state: String,
    /// Condition.
    pub condition: Option<String>,
    /// Description.
    pub description: String,
    // Additions.
    /// `target:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A capability.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CapabilityJson {
    /// Capability number.
    pub capability: Option<i32>,
    /// Capability constant (`CAP_IPC_LOCK`).
    pub name: String,
    /// Action (`KAPI_CAP_*`) or the word as written.
    pub action: String,
    /// `allows:`.
    pub allows: String,
    /// `without:`.
    pub without_cap: String,
    /// `condition:`.
    pub check_condition: Option<String>,
    /// `priority:`.
    pub priority: Option<i64>,
    /// Alternative capability numbers.
    pub alternatives: Vec<i64>,
    // Additions.
    /// Action number.
    pub action_number: Option<u64>,
    /// The one-line form's description, or `desc:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A constraint.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ConstraintJson {
    /// Name.
    pub name: String,
    /// `desc:`.
    pub description: String,
    /// `expr:`.
    pub expression: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A struct spec.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct StructJson {
    /// Name.
    pub name: String,
    /// Size in bytes.
    pub size: Option<u64>,
    /// Alignment.
    pub alignment: Option<u64>,
    /// Number of fields.
    pub field_count: usize,
    /// Fields.
    pub fields: Vec<StructFieldJson>,
    /// Description.
    pub description: String,
    /// The parameter it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// Where it is.
    pub location: Location,
}

/// A struct field.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct StructFieldJson {
    /// Name.
    pub name: String,
    /// C type.
    pub type_name: String,
    /// Constraint kind number.
    pub constraint_type: Option<u64>,
    /// Range minimum.
    pub min_value: Option<i64>,
    /// Range maximum.
    pub max_value: Option<i64>,
    /// Mask.
    pub valid_mask: Option<u64>,
    /// Description.
    pub description: String,
    /// `NAME(value)` enum values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    /// Constraint lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
    /// Policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Struct version the field appeared in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Flag that enables the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// Validation expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate: Option<String>,
}

/// A validation group.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ValidationGroupJson {
    /// Name.
    pub name: String,
    /// Policies it applies to.
    pub policy: Option<String>,
    /// Rules.
    pub rules: Vec<String>,
    /// Flags it applies to.
    pub flags: Option<String>,
}

/// Ioctl command facts.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct IoctlJson {
    /// Command expression.
    pub cmd: Option<String>,
    /// Command number, resolved.
    pub cmd_value: Option<u64>,
    /// Command name.
    pub cmd_name: Option<String>,
    /// Input size.
    pub input_size: Option<String>,
    /// Output size.
    pub output_size: Option<String>,
    /// File operations.
    pub file_ops_name: Option<String>,
}

fn loc(file: &str, l: Loc) -> Location {
    Location { file: file.to_string(), line: l.line, col: l.col }
}

fn txt(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.text.clone())
}

fn txt_or_empty(t: &Option<Text>) -> String {
    t.as_ref().map_or_else(String::new, |t| t.text.clone())
}

fn tok_name<E: KapiEnum>(t: &Option<Token<E>>) -> Option<String> {
    t.as_ref().map(|t| t.value.map_or_else(|| t.raw.clone(), |v| v.long_name().to_string()))
}

fn names<E: KapiEnum>(f: &Option<FlagSet<E>>) -> Vec<String> {
    f.as_ref().map_or_else(Vec::new, |f| f.known.iter().map(|v| v.long_name().to_string()).collect())
}

fn u64_of(v: &Option<Value>) -> Option<u64> {
    v.as_ref().and_then(|v| v.as_u64_bits())
}

fn i64_of(v: &Option<Value>) -> Option<i64> {
    v.as_ref().and_then(|v| v.as_i64())
}

fn raw_of(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(|v| v.raw.clone())
}

fn truth_raw(t: &Option<Truth>) -> Option<String> {
    t.as_ref().map(|t| t.raw.clone())
}

fn attrs(file: &str, a: &[Attr]) -> Vec<AttrJson> {
    a.iter()
        .map(|a| AttrJson { key: a.key.clone(), value: a.value.text.clone(), location: loc(file, a.value.loc) })
        .collect()
}

/// Converts a spec to its JSON form.
pub fn details(spec: &Spec) -> ApiDetails {
    let f = spec.origin.file.as_str();
    ApiDetails {
        name: spec.name.clone(),
        description: txt(&spec.description),
        long_description: txt(&spec.long_desc),
        context_flags: names(&spec.contexts),
        examples: txt(&spec.examples),
        notes: txt(&spec.notes),
        since_version: txt(&spec.since_version),
        subsystem: spec.sysfs.as_ref().and_then(|s| txt(&s.subsystem)),
        sysfs_path: spec.sysfs.as_ref().and_then(|s| txt(&s.path)),
        permissions: spec.sysfs.as_ref().and_then(|s| raw_of(&s.permissions)),
        capabilities: spec.capabilities.iter().map(|c| capability(f, c)).collect(),
        state_transitions: spec.state_transitions.iter().map(|s| state_transition(f, s)).collect(),
        side_effects: spec.side_effects.iter().map(|e| side_effect(f, e)).collect(),
        parameters: spec.params.iter().map(|p| param(f, p)).collect(),
        return_spec: spec.ret.as_ref().map(|r| ret(f, r)),
        errors: spec.errors.iter().map(|e| error(f, e)).collect(),
        locks: spec.locks.iter().map(|l| lock(f, l)).collect(),
        struct_specs: spec.structs.iter().map(|s| structure(f, s)).collect(),
        signals: spec.signals.iter().map(|s| signal(f, s)).collect(),
        signal_masks: spec
            .signal_masks
            .iter()
            .map(|m| SignalMaskJson {
                name: m.name.clone(),
                description: txt_or_empty(&m.desc),
                signals: m.signals.iter().map(|v| v.raw.clone()).collect(),
            })
            .collect(),
        constraints: spec
            .constraints
            .iter()
            .map(|c| ConstraintJson {
                name: c.name.text.clone(),
                description: txt_or_empty(&c.desc),
                expression: txt(&c.expr),
                location: loc(f, c.loc),
            })
            .collect(),
        api_type: spec.api_kind().as_str().to_string(),
        context_flags_value: spec.contexts.as_ref().map(|c| c.bits()),
        context_flags_unknown: spec.contexts.as_ref().map_or_else(Vec::new, |c| c.unknown.clone()),
        dialect: spec.dialect.map(|d| d.as_str().to_string()),
        location: loc(f, spec.origin.loc),
        target: spec.origin.target.as_ref().map(|t| TargetLocation { file: t.path.clone(), line: t.line }),
        definition: spec.definition.as_ref().map(|d| DefinitionJson {
            kind: match d.kind {
                DefinitionKind::Syscall => "syscall",
                DefinitionKind::CompatSyscall => "compat_syscall",
                DefinitionKind::Ioctl => "ioctl",
                DefinitionKind::Function => "function",
            }
            .to_string(),
            name: d.name.clone(),
            prototype: d.prototype.clone(),
            location: loc(f, d.loc),
        }),
        param_count: raw_of(&spec.param_count),
        context_note: txt(&spec.context_note),
        kerneldoc_return: txt(&spec.kdoc_return),
        api_type_text: txt(&spec.api_type),
        validation_groups: spec
            .validation_groups
            .iter()
            .map(|g| ValidationGroupJson {
                name: g.name.text.clone(),
                policy: txt(&g.policy),
                rules: g.rules.iter().map(|r| r.text.clone()).collect(),
                flags: txt(&g.flags),
            })
            .collect(),
        ioctl: spec.ioctl.as_ref().map(|i| IoctlJson {
            cmd: raw_of(&i.cmd),
            cmd_value: u64_of(&i.cmd),
            cmd_name: txt(&i.cmd_name),
            input_size: raw_of(&i.input_size),
            output_size: raw_of(&i.output_size),
            file_ops_name: txt(&i.file_ops_name),
        }),
        extra: attrs(f, &spec.extra),
    }
}

fn param(f: &str, p: &Param) -> ParamJson {
    let ck = p.constraint_kind.as_ref();
    ParamJson {
        index: p.index,
        name: p.name.clone(),
        type_name: p.ctype.clone().unwrap_or_default(),
        description: txt_or_empty(&p.description),
        flags: p.flag_bits(),
        param_type: p.kind.as_ref().and_then(|k| k.number()),
        constraint_type: match ck {
            None => Some(0),
            Some(t) => t.number(),
        },
        constraint: p.constraint_prose(),
        min_value: i64_of(&p.min),
        max_value: i64_of(&p.max),
        valid_mask: u64_of(&p.mask),
        enum_values: p.enum_values.iter().map(|v| v.raw.clone()).collect(),
        size: u64_of(&p.size),
        alignment: u64_of(&p.alignment),
        size_param_idx: i64_of(&p.size_param),
        param_type_name: tok_name(&p.kind),
        flags_names: names(&p.flags),
        flags_unknown: p.flags.as_ref().map_or_else(Vec::new, |f| f.unknown.clone()),
        constraint_type_name: tok_name(&p.constraint_kind),
        constraint_call: txt(&p.constraint_call),
        cdesc: txt(&p.cdesc),
        min_value_text: raw_of(&p.min),
        max_value_text: raw_of(&p.max),
        valid_mask_text: raw_of(&p.mask),
        arch_masks: p
            .arch_masks
            .iter()
            .map(|a| ArchMaskJson { arch: a.arch.clone(), mask: a.value.as_u64_bits(), mask_text: a.value.raw.clone() })
            .collect(),
        enum_values_resolved: if p.enum_values.iter().any(|v| !v.is_literal()) {
            p.enum_values.iter().map(|v| v.as_i64()).collect()
        } else {
            Vec::new()
        },
        valid_values: txt(&p.valid_values),
        size_text: raw_of(&p.size),
        alignment_text: raw_of(&p.alignment),
        size_multiplier: u64_of(&p.size_multiplier),
        custom_validator: txt(&p.custom_fn),
        struct_type: txt(&p.struct_type),
        has_spec: p.has_block,
        location: loc(f, p.loc),
        extra: attrs(f, &p.extra),
    }
}

/// The `success_value`, `success_min` and `success_max` numbers of a return
/// spec: `success:` overrides the bound its operator names.
pub(crate) fn success_numbers(r: &ReturnSpec) -> (Option<i64>, Option<i64>, Option<i64>) {
    let (mut value, mut min, mut max) = (None, i64_of(&r.success_min), i64_of(&r.success_max));
    if let Some(s) = &r.success {
        let v = s.value.as_i64();
        match s.op {
            CmpOp::Eq => value = v,
            CmpOp::Ge => min = v,
            CmpOp::Gt => min = v.and_then(|v| v.checked_add(1)),
            CmpOp::Le => max = v,
            CmpOp::Lt => max = v.and_then(|v| v.checked_sub(1)),
            CmpOp::Ne => {}
        }
    }
    (value, min, max)
}

fn ret(f: &str, r: &ReturnSpec) -> ReturnJson {
    let (value, min, max) = success_numbers(r);
    ReturnJson {
        type_name: r
            .kind
            .as_ref()
            .and_then(|k| k.value)
            .map_or_else(|| txt_or_empty(&r.type_name), |k| k.long_name().to_string()),
        description: txt_or_empty(&r.desc),
        return_type: r.kind.as_ref().and_then(|k| k.number()),
        check_type: r.check.as_ref().and_then(|k| k.number()),
        success_value: value,
        success_min: min,
        success_max: max,
        error_values: r.error_values.iter().filter_map(|v| v.as_i64()).collect(),
        type_text: txt(&r.type_name),
        check_type_name: tok_name(&r.check),
        success_text: r.success.as_ref().map(|s| s.raw.clone()),
        location: loc(f, r.loc),
    }
}

fn error(f: &str, e: &ErrorSpec) -> ErrorJson {
    ErrorJson {
        error_code: e.code,
        name: e.name.clone(),
        condition: txt_or_empty(&e.summary),
        description: txt_or_empty(&e.desc),
        condition_detail: txt(&e.condition),
        location: loc(f, e.loc),
    }
}

fn signal(f: &str, s: &SignalSpec) -> SignalJson {
    let req = u64_of(&s.sa_flags_required).unwrap_or(0);
    let forb = u64_of(&s.sa_flags_forbidden).unwrap_or(0);
    SignalJson {
        signal_num: s.number,
        signal_name: s.name.clone(),
        direction: s.direction.as_ref().map_or(0, |d| d.bits()),
        action: s.action.as_ref().and_then(|a| a.number()),
        target: txt(&s.target),
        condition: txt(&s.condition),
        description: txt(&s.desc),
        timing: s.timing.as_ref().and_then(|t| t.value).and_then(|t| t.tool_number()),
        priority: i64_of(&s.priority),
        restartable: s.restartable.as_ref().is_some_and(|t| t.is_yes()),
        interruptible: s.interruptible.as_ref().is_some_and(|t| t.is_yes()),
        queue: s.queue.as_ref().map(|q| q.value.map_or_else(|| q.raw.clone(), |v| v.short_name().to_string())),
        sa_flags: req | forb,
        sa_flags_required: req,
        sa_flags_forbidden: forb,
        state_required: s.state_required.as_ref().map_or(0, |x| x.bits()),
        state_forbidden: s.state_forbidden.as_ref().map_or(0, |x| x.bits()),
        error_on_signal: s.errno.as_ref().and_then(|e| e.code),
        transform_to: i64_of(&s.transform_to),
        direction_names: names(&s.direction),
        action_name: tok_name(&s.action),
        timing_name: s.timing.as_ref().map(|t| t.value.map_or_else(|| t.raw.clone(), |v| v.short_name().to_string())),
        errno_name: s.errno.as_ref().map(|e| e.name.clone().unwrap_or_else(|| e.raw.clone())),
        state_required_names: names(&s.state_required),
        state_forbidden_names: names(&s.state_forbidden),
        location: loc(f, s.loc),
    }
}

fn lock(f: &str, l: &LockSpec) -> LockJson {
    let scope = l.effective_scope();
    LockJson {
        lock_name: l.name.clone(),
        lock_type: l.kind.as_ref().and_then(|k| k.number()),
        scope: scope.number(),
        description: txt_or_empty(&l.desc),
        lock_type_name: tok_name(&l.kind),
        scope_name: scope.long_name().to_string(),
        acquired: truth_raw(&l.acquired),
        released: truth_raw(&l.released),
        held_on_entry: truth_raw(&l.held_on_entry),
        held_on_exit: truth_raw(&l.held_on_exit),
        location: loc(f, l.loc),
    }
}

fn side_effect(f: &str, e: &SideEffect) -> SideEffectJson {
    SideEffectJson {
        effect_type: e.kinds.bits(),
        target: txt_or_empty(&e.target),
        condition: txt(&e.condition),
        description: txt_or_empty(&e.desc),
        reversible: e.reversible.as_ref().is_some_and(|t| t.is_yes()),
        effect_type_names: e.kinds.known.iter().map(|v| v.long_name().to_string()).collect(),
        effect_type_unknown: e.kinds.unknown.clone(),
        location: loc(f, e.loc),
    }
}

fn state_transition(f: &str, s: &StateTransition) -> StateTransitionJson {
    StateTransitionJson {
        object: s.object.text.clone(),
        from_state: txt_or_empty(&s.from),
        to_state: txt_or_empty(&s.to),
        condition: txt(&s.condition),
        description: txt_or_empty(&s.desc),
        target: txt(&s.target),
        location: loc(f, s.loc),
    }
}

fn capability(f: &str, c: &Capability) -> CapabilityJson {
    CapabilityJson {
        capability: c.number,
        name: c.cap.clone(),
        action: tok_name(&c.action).unwrap_or_default(),
        allows: txt_or_empty(&c.allows),
        without_cap: txt_or_empty(&c.without),
        check_condition: txt(&c.condition),
        priority: i64_of(&c.priority),
        alternatives: c.alternatives.iter().filter_map(|v| v.as_i64()).collect(),
        action_number: c.action.as_ref().and_then(|a| a.number()),
        description: txt(&c.name),
        location: loc(f, c.loc),
    }
}

fn structure(f: &str, s: &StructSpec) -> StructJson {
    StructJson {
        name: s.name.text.clone(),
        size: u64_of(&s.size),
        alignment: u64_of(&s.alignment),
        field_count: s.fields.len(),
        fields: s
            .fields
            .iter()
            .map(|x| StructFieldJson {
                name: x.name.clone(),
                type_name: txt_or_empty(&x.ctype),
                constraint_type: x.constraint_kind.as_ref().and_then(|k| k.number()),
                min_value: i64_of(&x.min),
                max_value: i64_of(&x.max),
                valid_mask: u64_of(&x.mask),
                description: txt_or_empty(&x.desc),
                enum_values: x.enum_values.iter().map(|(n, v)| format!("{n}({})", v.raw)).collect(),
                constraints: x.constraint_text.iter().map(|t| t.text.clone()).collect(),
                policy: txt(&x.policy),
                version: raw_of(&x.version),
                flag: txt(&x.flag),
                validate: txt(&x.validate),
            })
            .collect(),
        description: txt_or_empty(&s.desc),
        param: s.param.clone(),
        location: loc(f, s.loc),
    }
}

fn to_string<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("the JSON types serialise");
    s.push('\n');
    s
}

/// The list view as JSON.
pub fn list(specs: &[&Spec]) -> String {
    to_string(&ApiList {
        apis: specs
            .iter()
            .map(|s| ApiEntry {
                name: s.name.clone(),
                api_type: s.api_kind().as_str().to_string(),
                description: txt(&s.description),
                location: loc(&s.origin.file, s.origin.loc),
            })
            .collect(),
    })
}

/// The detail view as JSON.
pub fn detail(spec: &Spec) -> String {
    to_string(&ApiDetailsDoc { api_details: details(spec) })
}

/// The JSON Schema of kapi's JSON output.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Document);
    to_string(&schema)
}
