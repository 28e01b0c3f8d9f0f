//! reStructuredText that builds cleanly with docutils.
//!
//! All spec text is escaped, so prose that happens to contain RST markup
//! (`*`, `` ` ``, `|`, `name_`, list markers) renders as written.

use crate::text::one_line;
use kapi_model::enums::*;
use kapi_model::*;
use std::fmt::Write as _;

/// Escapes inline markup.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '*' | '`' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let next = chars.get(i + 1).copied();
                if next.is_none_or(|n| !(n.is_alphanumeric())) {
                    out.push('\\');
                }
                out.push('_');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a paragraph, including markers that would start a list,
/// a field list, a comment or a transition.
fn para(s: &str) -> String {
    let e = esc(&one_line(s));
    let needs = {
        let t = e.as_str();
        let b = t.as_bytes();
        let list = matches!(b.first(), Some(b'-' | b'+' | b'*' | b'#' | b':' | b'>' | b'.' | b'=' | b'~' | b'^'));
        let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
        let enumerated = (digits > 0 && matches!(b.get(digits), Some(b'.' | b')')))
            || (b.first() == Some(&b'(') && t[1..].find(')').is_some_and(|p| p <= 4))
            || (t.len() > 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b'.' | b')') && b.get(2) == Some(&b' '));
        list || enumerated
    };
    if needs {
        format!("\\{e}")
    } else {
        e
    }
}

fn title(out: &mut String, text: &str, ch: char) {
    let t = esc(text);
    let _ = writeln!(out, "\n{t}\n{}\n", ch.to_string().repeat(t.chars().count()));
}

fn paragraphs(out: &mut String, text: &str, indent: &str) {
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(out, "{indent}{}\n", para(p));
    }
}

fn fieldline(out: &mut String, indent: &str, name: &str, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}:{}: {}", esc(name), esc(&one_line(value)));
}

fn opt(out: &mut String, indent: &str, name: &str, t: &Option<Text>) {
    if let Some(t) = t {
        fieldline(out, indent, name, &t.text);
    }
}

fn token<E: KapiEnum>(t: &Token<E>) -> String {
    t.value.map_or_else(|| format!("{} (unknown)", t.raw), |v| v.short_name().to_string())
}

fn flags<E: KapiEnum>(f: &FlagSet<E>) -> String {
    let mut w: Vec<String> = f.known.iter().map(|v| v.short_name().to_string()).collect();
    w.extend(f.unknown.iter().map(|u| format!("{u} (unknown)")));
    w.join(", ")
}

fn value(v: &Value) -> String {
    match v.resolved {
        Some(n) if !v.is_literal() => format!("{} (= {n})", v.raw),
        _ => v.raw.clone(),
    }
}

/// The list view.
pub fn list(specs: &[&Spec]) -> String {
    let mut out = String::new();
    title(&mut out, "Kernel API Specifications", '=');
    for kind in ApiKind::ALL {
        let group: Vec<&&Spec> = specs.iter().filter(|s| s.api_kind() == kind).collect();
        if group.is_empty() {
            continue;
        }
        title(&mut out, kind.group_title(), '-');
        for s in group {
            let _ = writeln!(out, "* **{}** (*{}*)", esc(&s.name), kind.as_str());
        }
    }
    let _ = writeln!(out, "\n**Total specifications found:** {}", specs.len());
    out
}

/// The detail view.
pub fn detail(spec: &Spec) -> String {
    let mut out = String::new();
    title(&mut out, &spec.name, '=');
    if let Some(d) = &spec.description {
        let _ = writeln!(out, "**{}**\n", esc(&one_line(&d.text)));
    }
    if let Some(t) = &spec.long_desc {
        paragraphs(&mut out, &t.text, "");
    }
    fieldline(&mut out, "", "Kind", spec.api_kind().as_str());
    fieldline(&mut out, "", "Source", &spec.origin.display());
    if let Some(d) = &spec.definition {
        fieldline(&mut out, "", "Definition", &d.prototype);
    }
    if let Some(c) = &spec.contexts {
        fieldline(&mut out, "", "Contexts", &flags(c));
    }
    opt(&mut out, "", "Since", &spec.since_version);
    out.push('\n');

    if !spec.params.is_empty() {
        title(&mut out, &format!("Parameters ({})", spec.params.len()), '-');
        for p in &spec.params {
            let decl = p.decl();
            let _ = writeln!(out, "**[{}] {}** (*{}*)\n", p.index, esc(&p.name), esc(&decl));
            if let Some(d) = &p.description {
                let _ = writeln!(out, "  {}\n", para(&d.text));
            }
            if let Some(k) = &p.kind {
                fieldline(&mut out, "  ", "Type", &token(k));
            }
            if let Some(f) = &p.flags {
                fieldline(&mut out, "  ", "Flags", &flags(f));
            }
            if let Some(k) = &p.constraint_kind {
                fieldline(&mut out, "  ", "Constraint", &token(k));
            }
            if let Some(v) = &p.min {
                fieldline(&mut out, "  ", "Minimum", &value(v));
            }
            if let Some(v) = &p.max {
                fieldline(&mut out, "  ", "Maximum", &value(v));
            }
            if let Some(v) = &p.mask {
                fieldline(&mut out, "  ", "Valid mask", &value(v));
            }
            for a in &p.arch_masks {
                fieldline(&mut out, "  ", &format!("Mask ({})", a.arch), &value(&a.value));
            }
            if let Some(v) = &p.alignment {
                fieldline(&mut out, "  ", "Alignment", &value(v));
            }
            if let Some(v) = &p.size {
                fieldline(&mut out, "  ", "Size", &value(v));
            }
            if let Some(v) = &p.size_param {
                fieldline(&mut out, "  ", "Size parameter", &v.raw);
            }
            if !p.enum_values.is_empty() {
                fieldline(&mut out, "  ", "Values", &p.enum_values.iter().map(value).collect::<Vec<_>>().join(", "));
            }
            if let Some(c) = p.constraint_prose() {
                fieldline(&mut out, "  ", "Constraint text", &c);
            }
            out.push('\n');
        }
    }
    if let Some(r) = &spec.ret {
        title(&mut out, "Return Value", '-');
        opt(&mut out, "", "Type", &r.type_name);
        if let Some(c) = &r.check {
            fieldline(&mut out, "", "Check", &token(c));
        }
        if let Some(s) = &r.success {
            fieldline(&mut out, "", "Success", &format!("{} {}", s.op.as_str(), value(&s.value)));
        }
        opt(&mut out, "", "Description", &r.desc);
        out.push('\n');
    }
    if !spec.errors.is_empty() {
        title(&mut out, &format!("Possible Errors ({})", spec.errors.len()), '-');
        for e in &spec.errors {
            let code = e.code.map_or_else(|| "unknown code".to_string(), |c| c.to_string());
            let _ = writeln!(out, "**{}** ({code})\n", esc(&e.name));
            opt(&mut out, "  ", "Condition", &e.summary);
            opt(&mut out, "  ", "Description", &e.desc);
            opt(&mut out, "  ", "When", &e.condition);
            out.push('\n');
        }
    }
    if !spec.locks.is_empty() {
        title(&mut out, &format!("Locks ({})", spec.locks.len()), '-');
        for l in &spec.locks {
            let kind = l.kind.as_ref().map(token).unwrap_or_default();
            let _ = writeln!(out, "**{}** ({})\n", esc(&l.name), esc(&kind));
            fieldline(&mut out, "  ", "Scope", l.effective_scope().phrase());
            opt(&mut out, "  ", "Description", &l.desc);
            out.push('\n');
        }
    }
    if !spec.signals.is_empty() {
        title(&mut out, &format!("Signals ({})", spec.signals.len()), '-');
        for s in &spec.signals {
            let _ = writeln!(out, "**{}**\n", esc(&s.name));
            if let Some(d) = &s.direction {
                fieldline(&mut out, "  ", "Direction", &flags(d));
            }
            if let Some(a) = &s.action {
                fieldline(&mut out, "  ", "Action", &token(a));
            }
            opt(&mut out, "  ", "Condition", &s.condition);
            opt(&mut out, "  ", "Description", &s.desc);
            if let Some(e) = &s.errno {
                fieldline(&mut out, "  ", "Errno", &e.raw);
            }
            if let Some(t) = &s.timing {
                fieldline(&mut out, "  ", "Timing", &token(t));
            }
            if let Some(p) = &s.priority {
                fieldline(&mut out, "  ", "Priority", &p.raw);
            }
            if let Some(t) = &s.restartable {
                fieldline(&mut out, "  ", "Restartable", &t.raw);
            }
            if let Some(t) = &s.interruptible {
                fieldline(&mut out, "  ", "Interruptible", &t.raw);
            }
            opt(&mut out, "  ", "Target", &s.target);
            if let Some(st) = &s.state_required {
                fieldline(&mut out, "  ", "State required", &flags(st));
            }
            out.push('\n');
        }
    }
    if !spec.side_effects.is_empty() {
        title(&mut out, &format!("Side Effects ({})", spec.side_effects.len()), '-');
        for e in &spec.side_effects {
            let target = e.target.as_ref().map_or("(no target)", |t| t.text.as_str());
            let _ = writeln!(out, "**{}**\n", esc(&one_line(target)));
            fieldline(&mut out, "  ", "Effects", &flags(&e.kinds));
            opt(&mut out, "  ", "Description", &e.desc);
            opt(&mut out, "  ", "Condition", &e.condition);
            if let Some(r) = &e.reversible {
                fieldline(&mut out, "  ", "Reversible", &r.raw);
            }
            out.push('\n');
        }
    }
    if !spec.state_transitions.is_empty() {
        title(&mut out, &format!("State Transitions ({})", spec.state_transitions.len()), '-');
        for s in &spec.state_transitions {
            let _ = writeln!(out, "**{}**\n", esc(&one_line(&s.object.text)));
            opt(&mut out, "  ", "From", &s.from);
            opt(&mut out, "  ", "To", &s.to);
            opt(&mut out, "  ", "Condition", &s.condition);
            opt(&mut out, "  ", "Description", &s.desc);
            out.push('\n');
        }
    }
    if !spec.capabilities.is_empty() {
        title(&mut out, &format!("Capabilities ({})", spec.capabilities.len()), '-');
        for c in &spec.capabilities {
            let _ = writeln!(out, "**{}**\n", esc(&c.cap));
            if let Some(a) = &c.action {
                fieldline(&mut out, "  ", "Action", &token(a));
            }
            opt(&mut out, "  ", "Allows", &c.allows);
            opt(&mut out, "  ", "Without", &c.without);
            opt(&mut out, "  ", "Condition", &c.condition);
            out.push('\n');
        }
    }
    if !spec.constraints.is_empty() {
        title(&mut out, &format!("Constraints ({})", spec.constraints.len()), '-');
        for c in &spec.constraints {
            let _ = writeln!(out, "**{}**\n", esc(&one_line(&c.name.text)));
            opt(&mut out, "  ", "Description", &c.desc);
            opt(&mut out, "  ", "Expression", &c.expr);
            out.push('\n');
        }
    }
    for s in &spec.structs {
        title(&mut out, &format!("Struct {}", one_line(&s.name.text)), '-');
        for f in &s.fields {
            let ty = f.ctype.as_ref().map_or("", |t| t.text.as_str());
            let _ = writeln!(out, "**{}** (*{}*)\n", esc(&f.name), esc(ty));
            opt(&mut out, "  ", "Description", &f.desc);
            out.push('\n');
        }
    }
    for g in &spec.validation_groups {
        title(&mut out, &format!("Validation Group: {}", one_line(&g.name.text)), '-');
        opt(&mut out, "", "Policy", &g.policy);
        for r in &g.rules {
            fieldline(&mut out, "", "Rule", &r.text);
        }
        out.push('\n');
    }
    if let Some(e) = &spec.examples {
        title(&mut out, "Examples", '-');
        out.push_str("::\n\n");
        for l in e.text.lines() {
            if l.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "    {l}");
            }
        }
        out.push('\n');
    }
    if let Some(n) = &spec.notes {
        title(&mut out, "Notes", '-');
        paragraphs(&mut out, &n.text, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("a*b `c` |d| e_ f_g"), "a\\*b \\`c\\` \\|d\\| e\\_ f_g");
        assert_eq!(para("- item"), "\\- item");
        assert_eq!(para("(1) first"), "\\(1) first");
        assert_eq!(para("plain"), "plain");
    }
}
