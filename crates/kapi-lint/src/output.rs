//! Printing a report: text (rustc style), JSON, SARIF 2.1.0 and GitHub
//! workflow commands.

use crate::rules::{self, Level};
use crate::{Finding, Report};
use schemars::JsonSchema;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Output formats of `kapi lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style text with source lines and carets.
    Text,
    /// JSON with a published schema.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

impl Format {
    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "github" => Some(Format::Github),
            _ => None,
        }
    }
}

/// Reads source lines for snippets, each file once.
#[derive(Debug, Default)]
pub struct Sources {
    cache: RefCell<HashMap<String, Vec<String>>>,
}

impl Sources {
    /// Line `line` (1-based) of `file`, if it can be read.
    pub fn line(&self, file: &str, line: u32) -> Option<String> {
        if line == 0 {
            return None;
        }
        let mut cache = self.cache.borrow_mut();
        let lines = cache.entry(file.to_string()).or_insert_with(|| match std::fs::read(file) {
            Ok(b) if !b.contains(&0) => String::from_utf8_lossy(&b).lines().map(str::to_string).collect(),
            _ => Vec::new(),
        });
        lines.get(line as usize - 1).cloned()
    }

    /// The trimmed source line of a finding (for baselines).
    pub fn text_of(&self, f: &Finding) -> String {
        self.line(&f.diag.file, f.diag.loc.line).map(|l| l.trim().to_string()).unwrap_or_default()
    }
}

fn byte_range(line: &str, col: u32, len: u32) -> std::ops::Range<usize> {
    let start_char = col.saturating_sub(1) as usize;
    let mut idx = line.char_indices().map(|(i, _)| i).chain(std::iter::once(line.len()));
    let start = idx.clone().nth(start_char).unwrap_or(line.len());
    let end = idx.nth(start_char + len.max(1) as usize).unwrap_or(line.len()).max(start);
    start..end.min(line.len())
}

/// rustc-style text. `color` turns on ANSI styles.
pub fn text(report: &Report, sources: &Sources, color: bool) -> String {
    use annotate_snippets::{Level as L, Renderer, Snippet};
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for f in &report.findings {
        let d = &f.diag;
        let level = if f.level == Level::Deny { L::Error } else { L::Warning };
        let origin_label;
        let target;
        let line_text = sources.line(&d.file, d.loc.line);
        let mut msg = level.title(&d.message).id(d.code);
        match &line_text {
            Some(lt) => {
                let span = byte_range(lt, d.loc.col, d.len);
                msg = msg.snippet(
                    Snippet::source(lt).line_start(d.loc.line as usize).origin(&d.file).annotation(level.span(span)),
                );
            }
            None => {
                origin_label = if d.loc.is_known() { format!("{}:{}", d.file, d.loc) } else { d.file.clone() };
                msg = msg.footer(L::Note.title(&origin_label));
            }
        }
        if let Some(t) = &d.target {
            target = format!("in the kernel tree: {}:{}", t.path, t.line);
            msg = msg.footer(L::Note.title(&target));
        }
        for n in &d.notes {
            msg = msg.footer(L::Note.title(n));
        }
        if let Some(h) = &d.help {
            msg = msg.footer(L::Help.title(h));
        }
        let _ = writeln!(out, "{}\n", renderer.render(msg));
    }
    let _ = writeln!(out, "{}", summary_line(report));
    out
}

/// The closing line of the text output.
pub fn summary_line(report: &Report) -> String {
    let mut s = if report.findings.is_empty() {
        format!("kapi lint: no findings in {} spec(s), {} file(s)", report.specs, report.files)
    } else {
        format!(
            "kapi lint: {} error(s), {} warning(s) in {} spec(s), {} file(s)",
            report.errors(),
            report.warnings(),
            report.specs,
            report.files
        )
    };
    if report.suppressed > 0 {
        let _ = write!(s, "; {} accepted by the baseline", report.suppressed);
    }
    s
}

/// `kapi lint --format json`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LintOutput {
    /// Format version (1).
    pub version: u32,
    /// The tool and its version.
    pub tool: String,
    /// Findings in file and line order.
    pub findings: Vec<FindingJson>,
    /// Counts.
    pub summary: SummaryJson,
}

/// One finding.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FindingJson {
    /// Rule id (see `kapi lint --rules`).
    pub rule: String,
    /// `deny` or `warn`.
    pub level: String,
    /// The message.
    pub message: String,
    /// File as given.
    pub file: String,
    /// 1-based line; 0 for a finding about the whole file.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Column just past the reported span, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Further context.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// For patches: the patched kernel file and line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetJson>,
}

/// A place in the kernel tree.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TargetJson {
    /// Path in the kernel tree.
    pub file: String,
    /// Line there.
    pub line: u32,
}

/// Counts.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SummaryJson {
    /// Findings at deny level.
    pub errors: usize,
    /// Findings at warn level.
    pub warnings: usize,
    /// Findings accepted by the baseline.
    pub suppressed: usize,
    /// Files read.
    pub files: usize,
    /// Specs checked.
    pub specs: usize,
}

fn tool() -> String {
    format!("kapi {}", env!("CARGO_PKG_VERSION"))
}

/// The JSON document.
pub fn json(report: &Report) -> String {
    let doc = LintOutput {
        version: 1,
        tool: tool(),
        findings: report
            .findings
            .iter()
            .map(|f| FindingJson {
                rule: f.diag.code.to_string(),
                level: f.level.as_str().to_string(),
                message: f.diag.message.clone(),
                file: f.diag.file.clone(),
                line: f.diag.loc.line,
                column: f.diag.loc.col,
                end_column: (f.diag.len > 0 && f.diag.loc.is_known()).then(|| f.diag.loc.col + f.diag.len),
                help: f.diag.help.clone(),
                notes: f.diag.notes.clone(),
                target: f.diag.target.as_ref().map(|t| TargetJson { file: t.path.clone(), line: t.line }),
            })
            .collect(),
        summary: SummaryJson {
            errors: report.errors(),
            warnings: report.warnings(),
            suppressed: report.suppressed,
            files: report.files,
            specs: report.specs,
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}

/// The JSON Schema of [`json`]'s output.
pub fn json_schema() -> String {
    let mut s = serde_json::to_string_pretty(&schemars::schema_for!(LintOutput)).expect("serialisable");
    s.push('\n');
    s
}

fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "none",
    }
}

/// SARIF 2.1.0.
pub fn sarif(report: &Report, sources: &Sources) -> String {
    use serde_json::json;
    let rules: Vec<serde_json::Value> = rules::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": r.page()},
                "defaultConfiguration": {"level": sarif_level(r.default)},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            let d = &f.diag;
            let mut phys = json!({"artifactLocation": {"uri": uri(&d.file)}});
            if d.loc.is_known() {
                let mut region = json!({"startLine": d.loc.line, "startColumn": d.loc.col.max(1)});
                if d.len > 0 {
                    region["endColumn"] = json!(d.loc.col.max(1) + d.len);
                }
                phys["region"] = region;
            }
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                let _ = write!(text, "\nhelp: {h}");
            }
            let mut r = json!({
                "ruleId": d.code,
                "ruleIndex": rules::RULES.iter().position(|r| r.id == d.code).unwrap_or(0),
                "level": sarif_level(f.level),
                "message": {"text": text},
                "locations": [{"physicalLocation": phys}],
                "partialFingerprints": {"kapiFingerprint/v1": crate::baseline::fingerprint(f, &sources.text_of(f))},
            });
            if let Some(t) = &d.target {
                r["relatedLocations"] = json!([{
                    "id": 1,
                    "message": {"text": "the same line in the patched kernel file"},
                    "physicalLocation": {"artifactLocation": {"uri": uri(&t.path)}, "region": {"startLine": t.line}},
                }]);
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kapi",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/kapi",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("serialisable");
    s.push('\n');
    s
}

fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands (`::error file=...::message`).
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let d = &f.diag;
        let kind = if f.level == Level::Deny { "error" } else { "warning" };
        let mut props = format!("file={}", gh_escape(&d.file, true));
        if d.loc.is_known() {
            let _ = write!(props, ",line={},col={}", d.loc.line, d.loc.col);
            if d.len > 0 {
                let _ = write!(props, ",endColumn={}", d.loc.col + d.len);
            }
        }
        let _ = write!(props, ",title={}", gh_escape(&format!("kapi {}", d.code), true));
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            let _ = write!(msg, "\nhelp: {h}");
        }
        let _ = writeln!(out, "::{kind} {props}::{}", gh_escape(&msg, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_follow_character_columns() {
        assert_eq!(byte_range(" * abc", 4, 3), 3..6);
        assert_eq!(byte_range("é * abc", 5, 1), 5..6);
        assert_eq!(byte_range("ab", 9, 3), 2..2);
    }

    #[test]
    fn uris_and_github_escapes() {
        assert_eq!(uri("a b/c.c"), "a%20b/c.c");
        assert_eq!(gh_escape("a,b:c%\n", true), "a%2Cb%3Ac%25%0A");
    }
}
