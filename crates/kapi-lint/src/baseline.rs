//! Baselines: accept the findings that exist today, so that only new ones
//! fail a run.
//!
//! A finding is identified by its rule, its file and a fingerprint of its
//! message and source line, not by its line number, so that edits elsewhere
//! in the file do not invalidate the baseline.

use crate::{Finding, Report};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The baseline file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// Accepted findings.
    pub findings: Vec<Entry>,
}

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// File as given on the command line.
    pub file: String,
    /// Fingerprint of the message and the source line.
    pub fingerprint: String,
    /// The message, for people reading the file.
    pub message: String,
}

fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

/// The fingerprint of a finding, given the text of its source line.
pub fn fingerprint(f: &Finding, line_text: &str) -> String {
    fnv(&[f.diag.code, &f.diag.file, &f.diag.message, line_text.trim()])
}

impl Baseline {
    /// A baseline accepting every finding of `report`.
    pub fn from_report(report: &Report, line_text: &dyn Fn(&Finding) -> String) -> Baseline {
        Baseline {
            version: 1,
            findings: report
                .findings
                .iter()
                .map(|f| Entry {
                    rule: f.diag.code.to_string(),
                    file: f.diag.file.clone(),
                    fingerprint: fingerprint(f, &line_text(f)),
                    message: f.diag.message.clone(),
                })
                .collect(),
        }
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("serialisable") + "\n"
    }

    /// Reads a baseline file's text.
    pub fn from_json(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != 1 {
            return Err(format!("baseline version {} is not supported (expected 1)", b.version));
        }
        Ok(b)
    }

    /// Removes the findings the baseline accepts (each entry accepts one finding).
    pub fn apply(&self, report: &mut Report, line_text: &dyn Fn(&Finding) -> String) {
        let mut budget: HashMap<(String, String, String), usize> = HashMap::new();
        for e in &self.findings {
            *budget.entry((e.rule.clone(), e.file.clone(), e.fingerprint.clone())).or_default() += 1;
        }
        let before = report.findings.len();
        report.findings.retain(|f| {
            let key = (f.diag.code.to_string(), f.diag.file.clone(), fingerprint(f, &line_text(f)));
            match budget.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        report.suppressed += before - report.findings.len();
    }
}
