//! The report as text, JSON or Markdown, and the rule catalogue.

use crate::{Finding, Level, Report, Rule, RULES};
use std::fmt::Write;

/// Longest side value shown in text and Markdown (JSON has it all).
const SHOWN: usize = 160;

fn clip(s: &str) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= SHOWN {
        one
    } else {
        let mut out: String = one.chars().take(SHOWN).collect();
        out.push('…');
        out
    }
}

/// Both sides clipped around where they first differ, so that a long text
/// shows its change rather than its common beginning.
fn clip_pair(old: &str, new: &str) -> (String, String) {
    let a: Vec<char> = old.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let b: Vec<char> = new.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let start = if a.len().max(b.len()) > SHOWN && common > 40 { common - 30 } else { 0 };
    let window = |v: &[char]| {
        let body: String = v.iter().skip(start).collect();
        let body = clip(&body);
        if start > 0 {
            format!("…{body}")
        } else {
            body
        }
    };
    (window(&a), window(&b))
}

/// Both sides of a finding as shown: clipped, around their difference when both exist.
fn sides(f: &Finding) -> (String, String) {
    let one = |x: &Option<crate::Side>| x.as_ref().map(|s| clip(&s.value)).unwrap_or_default();
    match (&f.old, &f.new) {
        (Some(a), Some(b)) => clip_pair(&a.value, &b.value),
        (a, b) => (one(a), one(b)),
    }
}

fn title(f: &Finding) -> String {
    if f.subject.is_empty() {
        format!("{}: {}", f.api, f.message)
    } else {
        format!("{}: {}: {}", f.api, f.subject, f.message)
    }
}

/// The summary line (`2 breaking, 1 warning, 3 info`).
pub fn summary_line(r: &Report) -> String {
    let s = r.summary;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {} ({} APIs old, {} new)",
        plural(s.breaking, "breaking change", "breaking changes"),
        plural(s.warning, "warning", "warnings"),
        plural(s.info, "info", "info"),
        r.old_apis,
        r.new_apis
    )
}

/// Plain text, one block per finding, then a summary line.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let _ = writeln!(out, "{}[{}]: {}", f.level.as_str(), f.rule, title(f));
        let (a, b) = sides(f);
        for (label, side, shown) in [("old", &f.old, a), ("new", &f.new, b)] {
            if let Some(s) = side {
                let at = s.location.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
                let _ = writeln!(out, "    {label}: {shown}{at}");
            }
        }
    }
    if !r.findings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{} -> {}: {}", r.old, r.new, summary_line(r));
    out
}

/// Pretty JSON following `kapi schema diff`.
pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

fn md_cell(s: &str) -> String {
    clip(s).replace('|', "\\|").replace('`', "'")
}

/// Markdown for a pull-request comment: breaking changes and warnings in
/// tables, information folded away.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let icon = match r.max_level() {
        Some(Level::Breaking) => "❌",
        Some(Level::Warning) => "⚠️",
        _ => "✅",
    };
    let _ = writeln!(out, "### {icon} kapi diff: {}\n", summary_line(r));
    let _ = writeln!(out, "`{}` → `{}`\n", r.old, r.new);
    for (level, heading, folded) in [
        (Level::Breaking, "Breaking changes", false),
        (Level::Warning, "Warnings", false),
        (Level::Info, "Information", true),
    ] {
        let rows: Vec<&Finding> = r.findings.iter().filter(|f| f.level == level).collect();
        if rows.is_empty() {
            continue;
        }
        if folded {
            let _ = writeln!(out, "<details><summary>{heading} ({})</summary>\n", rows.len());
        } else {
            let _ = writeln!(out, "#### {heading} ({})\n", rows.len());
        }
        out.push_str("| rule | API | change | old | new |\n|---|---|---|---|---|\n");
        for f in rows {
            let (a, b) = sides(f);
            let cell = |s: &str| s.replace('|', "\\|").replace('`', "'");
            let change = if f.subject.is_empty() { f.message.clone() } else { format!("{}: {}", f.subject, f.message) };
            let _ =
                writeln!(out, "| `{}` | `{}` | {} | {} | {} |", f.rule, f.api, md_cell(&change), cell(&a), cell(&b));
        }
        out.push('\n');
        if folded {
            out.push_str("</details>\n\n");
        }
    }
    out.push_str("`kapi diff --explain RULE` says why each rule is or is not breaking.\n");
    out
}

/// `kapi diff --rules`: one line per rule.
pub fn rules_list() -> String {
    let mut out = String::new();
    let w = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in RULES {
        let _ = writeln!(out, "{:<w$}  {:<8}  {}", r.id, r.level.as_str(), r.summary);
    }
    out
}

/// `kapi diff --explain ID`: the rule's page.
pub fn explain(r: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})\n", r.id, r.level.as_str());
    let _ = writeln!(out, "{}.\n", capitalize(r.summary));
    let _ = writeln!(out, "{}\n", r.why);
    let _ = writeln!(out, "Old:\n{}\n", indent(r.old));
    let _ = writeln!(out, "New:\n{}\n", indent(r.new));
    if r.level == Level::Breaking {
        out.push_str(
            "When kapi cannot decide (two expressions it cannot resolve), the finding says \"cannot decide\"\n\
             and is a warning; `--fail-on warning` fails on it too.\n",
        );
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
