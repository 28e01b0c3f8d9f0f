//! ABI comparison of two versions of KAPI specs.
//!
//! [`diff`] pairs the APIs of two spec sets by name and compares each pair
//! by meaning: both sides are [`kapi_model::normalized`] first, so a change of
//! dialect (long `KAPI_*` tokens to short words, flat keys to nested blocks)
//! is no change, and symbolic values are compared after resolution. Every
//! difference becomes a [`Finding`] of one [`rules::RULES`] entry; what the
//! comparison cannot decide (two different unresolved expressions) is
//! reported at [`Level::Warning`] with `decided: false` and both sides.

mod compare;
pub mod render;
pub mod rules;

use kapi_model::Spec;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use rules::{rule, Rule, RULES};

/// How serious a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Breaks nobody: text, a new API, a widened input.
    Info,
    /// May affect callers: errnos, signals, locks, side effects.
    Warning,
    /// Breaks callers built against the old version.
    Breaking,
}

impl Level {
    /// `breaking`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

/// One side of a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    /// The value as written (for a number, the expression with what it resolves to).
    pub value: String,
    /// `file:line:col` where it was written, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// One change between the two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The rule id (`input-narrowed`); `kapi diff --explain ID` tells why.
    pub rule: String,
    /// The level: the rule's, or `warning` when the comparison cannot decide.
    pub level: Level,
    /// False when kapi cannot tell whether the rule applies (both sides are given).
    pub decided: bool,
    /// The API (`sys_open`).
    pub api: String,
    /// What changed within it (`param flags`, `error EINTR`); empty for the API itself.
    pub subject: String,
    /// What changed, in one sentence.
    pub message: String,
    /// The old side, when it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Side>,
    /// The new side, when it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Side>,
}

/// Finding counts per level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Breaking findings.
    pub breaking: usize,
    /// Warnings (including every finding that cannot be decided).
    pub warning: usize,
    /// Informational findings.
    pub info: usize,
}

/// The whole comparison: what `kapi diff -f json` prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The old input as given.
    pub old: String,
    /// The new input as given.
    pub new: String,
    /// APIs specified on the old side.
    pub old_apis: usize,
    /// APIs specified on the new side.
    pub new_apis: usize,
    /// Counts per level.
    pub summary: Summary,
    /// Every change, by API name and then in spec order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The highest level among the findings.
    pub fn max_level(&self) -> Option<Level> {
        self.findings.iter().map(|f| f.level).max()
    }
}

/// Compares two spec sets. APIs are paired by name; a name given twice on
/// one side is paired in order.
pub fn diff(old_name: &str, old: &[Spec], new_name: &str, new: &[Spec]) -> Report {
    let mut names: Vec<&str> = old.iter().chain(new).map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut findings = Vec::new();
    for name in names {
        let a: Vec<&Spec> = old.iter().filter(|s| s.name == name).collect();
        let b: Vec<&Spec> = new.iter().filter(|s| s.name == name).collect();
        for i in 0..a.len().max(b.len()) {
            findings.extend(compare::api(a.get(i).copied(), b.get(i).copied()));
        }
    }
    let mut summary = Summary::default();
    for f in &findings {
        match f.level {
            Level::Breaking => summary.breaking += 1,
            Level::Warning => summary.warning += 1,
            Level::Info => summary.info += 1,
        }
    }
    Report {
        old: old_name.to_string(),
        new: new_name.to_string(),
        old_apis: old.len(),
        new_apis: new.len(),
        summary,
        findings,
    }
}

/// The JSON Schema of [`Report`] (`kapi schema diff`).
pub fn schema() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
