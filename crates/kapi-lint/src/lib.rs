//! The KAPI spec linter.
//!
//! [`lint`] takes what a scan found ([`kapi_source::Scan`]), adds the
//! findings of [`checks`], gives every finding the level its rule has in the
//! [`Config`] (from the [`rules`] catalogue, a config file and the command
//! line), drops what a [`baseline`] accepts and returns a [`Report`].
//! [`output`] prints a report as text (rustc style), JSON, SARIF 2.1.0 or
//! GitHub workflow commands.

pub mod baseline;
pub mod checks;
pub mod config;
pub mod output;
pub mod rules;

pub use config::Config;
use kapi_model::{Diagnostic, Severity};
pub use rules::{Level, Rule, RULES};

/// One reported finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The diagnostic (its `code` is the rule id).
    pub diag: Diagnostic,
    /// The level its rule has in this run.
    pub level: Level,
}

/// The result of a lint run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Findings at warn or deny level, in file and line order.
    pub findings: Vec<Finding>,
    /// Findings a baseline accepted.
    pub suppressed: usize,
    /// Files read.
    pub files: usize,
    /// Specs checked.
    pub specs: usize,
}

impl Report {
    /// Findings at deny level.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.level == Level::Deny).count()
    }

    /// Findings at warn level.
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.level == Level::Warn).count()
    }

    /// Whether anything reaches the deny level.
    pub fn failed(&self) -> bool {
        self.errors() > 0
    }
}

/// Lints what a scan found.
pub fn lint(scan: &kapi_source::Scan, config: &Config) -> Report {
    let mut all: Vec<Diagnostic> = scan.diags.clone();
    for p in &scan.specs {
        for mut d in checks::check(p) {
            d.file = p.spec.origin.file.clone();
            all.push(d);
        }
    }
    // Map patch lines for check findings too.
    for d in &mut all {
        if d.target.is_none() {
            d.target = scan.target_of(&d.file, d.loc.line);
        }
    }
    let mut findings: Vec<Finding> = all
        .into_iter()
        .filter_map(|mut d| {
            let level = config.level(d.code);
            d.severity = match level {
                Level::Allow => return None,
                Level::Warn => Severity::Warning,
                Level::Deny => Severity::Error,
            };
            Some(Finding { diag: d, level })
        })
        .collect();
    findings.sort_by(|a, b| (&a.diag.file, a.diag.loc, a.diag.code).cmp(&(&b.diag.file, b.diag.loc, b.diag.code)));
    findings.dedup_by(|a, b| {
        a.diag.file == b.diag.file
            && a.diag.loc == b.diag.loc
            && a.diag.code == b.diag.code
            && a.diag.message == b.diag.message
    });
    Report { findings, suppressed: 0, files: scan.files, specs: scan.specs.len() }
}
