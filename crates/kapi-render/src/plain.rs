//! Plain text for people: aligned labels, wrapped prose.

use crate::text::{indent_lines, wrap};
use kapi_model::enums::*;
use kapi_model::*;
use std::fmt::Write as _;

const WIDTH: usize = 100;

/// The list view, grouped by kind, with a total (as upstream prints it).
pub fn list(specs: &[&Spec]) -> String {
    let mut out = String::new();
    for kind in ApiKind::ALL {
        let group: Vec<&&Spec> = specs.iter().filter(|s| s.api_kind() == kind).collect();
        if group.is_empty() {
            continue;
        }
        let title = format!("{}:", kind.group_title());
        let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.len()));
        for s in group {
            let _ = writeln!(out, "  {}", s.name);
        }
    }
    let _ = writeln!(out, "\nTotal specifications found: {}", specs.len());
    out
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

fn field(out: &mut String, indent: &str, label: &str, value: &str) {
    let pad = 13usize.saturating_sub(label.len());
    let first = format!("{indent}{label}:{} ", " ".repeat(pad));
    let wrapped = wrap(value, WIDTH.saturating_sub(first.chars().count()).max(20), "");
    let cont = " ".repeat(first.chars().count());
    for (i, line) in wrapped.lines().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "{first}{line}");
        } else if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{cont}{line}");
        }
    }
}

fn opt(out: &mut String, indent: &str, label: &str, t: &Option<Text>) {
    if let Some(t) = t {
        field(out, indent, label, &t.text);
    }
}

fn value_text(v: &Value) -> String {
    match v.resolved {
        Some(n) if !v.is_literal() => format!("{} (= {})", v.raw, fmt_num(n, &v.raw)),
        _ if !v.unknown.is_empty() => format!("{} (unresolved)", v.raw),
        _ => v.raw.clone(),
    }
}

fn fmt_num(n: i128, raw: &str) -> String {
    if raw.contains('|') || raw.contains("0x") || raw.contains('<') || (n > 4096 && (n as u128).is_power_of_two()) {
        format!("{n:#x}")
    } else {
        n.to_string()
    }
}

fn token<E: KapiEnum>(t: &Token<E>) -> String {
    match t.value {
        Some(v) => v.short_name().to_string(),
        None => format!("{} (unknown)", t.raw),
    }
}

fn flags<E: KapiEnum>(f: &FlagSet<E>) -> String {
    let mut words: Vec<String> = f.known.iter().map(|v| v.short_name().to_string()).collect();
    words.extend(f.unknown.iter().map(|u| format!("{u} (unknown)")));
    if f.literal_bits != 0 {
        words.push(format!("{:#x}", f.literal_bits));
    }
    words.join(", ")
}

fn truth(t: &Truth) -> String {
    t.raw.clone()
}

/// The detail view of one spec.
pub fn detail(spec: &Spec) -> String {
    let mut out = String::new();
    let title = format!("{} ({})", spec.name, spec.api_kind().as_str());
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    if let Some(d) = &spec.description {
        out.push_str(&wrap(&d.text, WIDTH, ""));
    }
    let mut src = spec.origin.display();
    if let Some(a) = spec.extra.iter().find(|a| a.key == "address" && !spec.origin.loc.is_known()) {
        let _ = write!(src, " (spec at {})", a.value.text);
    }
    if let Some(t) = &spec.origin.target {
        let _ = write!(src, " (patches {}:{})", t.path, t.line);
    }
    out.push('\n');
    field(&mut out, "", "Source", &src);
    if let Some(d) = &spec.definition {
        field(&mut out, "", "Definition", &d.prototype);
    }
    if let Some(d) = spec.dialect {
        field(&mut out, "", "Dialect", &format!("{} ({})", d.as_str(), d.postings()));
    }
    if let Some(c) = &spec.contexts {
        field(&mut out, "", "Contexts", &flags(c));
    }
    opt(&mut out, "", "Since", &spec.since_version);
    if let Some(t) = &spec.long_desc {
        section(&mut out, "Description");
        out.push_str(&wrap(&t.text, WIDTH, "  "));
    }
    if !spec.params.is_empty() {
        section(&mut out, &format!("Parameters ({})", spec.params.len()));
        for (i, p) in spec.params.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let decl = p.decl();
            let _ = writeln!(out, "  [{}] {}", p.index, decl);
            opt(&mut out, "      ", "description", &p.description);
            if let Some(k) = &p.kind {
                field(&mut out, "      ", "type", &token(k));
            }
            if let Some(f) = &p.flags {
                field(&mut out, "      ", "flags", &flags(f));
            }
            if let Some(k) = &p.constraint_kind {
                let mut c = token(k);
                if let (Some(lo), Some(hi)) = (&p.min, &p.max) {
                    let _ = write!(c, " [{}, {}]", value_text(lo), value_text(hi));
                }
                if let Some(m) = &p.mask {
                    let _ = write!(c, " {}", value_text(m));
                }
                if let Some(a) = &p.alignment {
                    let _ = write!(c, " {}", value_text(a));
                }
                if let Some(s) = &p.size_param {
                    let _ = write!(c, " (size in parameter {})", s.raw);
                }
                if !p.enum_values.is_empty() {
                    let _ = write!(c, " {{{}}}", p.enum_values.iter().map(value_text).collect::<Vec<_>>().join(", "));
                }
                field(&mut out, "      ", "constraint", &c);
            } else if let (Some(lo), Some(hi)) = (&p.min, &p.max) {
                field(&mut out, "      ", "range", &format!("[{}, {}]", value_text(lo), value_text(hi)));
            }
            if p.constraint_kind.is_none() {
                if let Some(m) = &p.mask {
                    field(&mut out, "      ", "mask", &value_text(m));
                }
            }
            for a in &p.arch_masks {
                field(&mut out, "      ", &format!("mask[{}]", a.arch), &value_text(&a.value));
            }
            if let Some(s) = &p.size {
                field(&mut out, "      ", "size", &value_text(s));
            }
            opt(&mut out, "      ", "cdesc", &p.cdesc);
            for c in &p.constraint_text {
                field(&mut out, "      ", "note", &c.text);
            }
            if !p.has_block {
                field(&mut out, "      ", "spec", "no param block (known from the prototype)");
            }
        }
    }
    if let Some(r) = &spec.ret {
        section(&mut out, "Return");
        if let Some(t) = &r.type_name {
            field(&mut out, "  ", "type", &t.text);
        }
        if let Some(c) = &r.check {
            field(&mut out, "  ", "check", &token(c));
        }
        if let Some(s) = &r.success {
            field(&mut out, "  ", "success", &format!("{} {}", s.op.as_str(), value_text(&s.value)));
        }
        opt(&mut out, "  ", "description", &r.desc);
    }
    if !spec.errors.is_empty() {
        section(&mut out, &format!("Errors ({})", spec.errors.len()));
        let w = spec.errors.iter().map(|e| e.name.len()).max().unwrap_or(0);
        for e in &spec.errors {
            let code = e.code.map_or_else(|| "?".to_string(), |c| c.to_string());
            let summary = e.summary.as_ref().map_or("", |s| s.text.as_str());
            let _ = writeln!(out, "  {:<w$}  {:>5}  {}", e.name, code, summary);
            if let Some(d) = &e.desc {
                out.push_str(&wrap(&d.text, WIDTH, &" ".repeat(w + 11)));
            }
            if let Some(c) = &e.condition {
                out.push_str(&wrap(&format!("when: {}", c.text), WIDTH, &" ".repeat(w + 11)));
            }
        }
    }
    if !spec.locks.is_empty() {
        section(&mut out, &format!("Locks ({})", spec.locks.len()));
        for l in &spec.locks {
            let kind = l.kind.as_ref().map(token).unwrap_or_else(|| "?".into());
            let _ = writeln!(out, "  {} ({kind})", l.name);
            field(&mut out, "      ", "scope", l.effective_scope().phrase());
            if let Some(a) = &l.acquired {
                field(&mut out, "      ", "acquired", &truth(a));
            }
            if let Some(a) = &l.released {
                field(&mut out, "      ", "released", &truth(a));
            }
            opt(&mut out, "      ", "description", &l.desc);
        }
    }
    if !spec.signals.is_empty() {
        section(&mut out, &format!("Signals ({})", spec.signals.len()));
        for s in &spec.signals {
            let num = s.number.map(|n| format!(" ({n})")).unwrap_or_default();
            let _ = writeln!(out, "  {}{num}", s.name);
            if let Some(d) = &s.direction {
                field(&mut out, "      ", "direction", &flags(d));
            }
            if let Some(a) = &s.action {
                field(&mut out, "      ", "action", &token(a));
            }
            opt(&mut out, "      ", "condition", &s.condition);
            opt(&mut out, "      ", "description", &s.desc);
            if let Some(e) = &s.errno {
                field(&mut out, "      ", "errno", &e.raw);
            }
            if let Some(t) = &s.timing {
                field(&mut out, "      ", "timing", &token(t));
            }
            if let Some(p) = &s.priority {
                field(&mut out, "      ", "priority", &p.raw);
            }
            if let Some(t) = &s.restartable {
                field(&mut out, "      ", "restartable", &truth(t));
            }
            if let Some(t) = &s.interruptible {
                field(&mut out, "      ", "interruptible", &truth(t));
            }
            opt(&mut out, "      ", "target", &s.target);
            if let Some(q) = &s.queue {
                field(&mut out, "      ", "queue", &token(q));
            }
            if let Some(st) = &s.state_required {
                field(&mut out, "      ", "state req.", &flags(st));
            }
            if let Some(st) = &s.state_forbidden {
                field(&mut out, "      ", "state forb.", &flags(st));
            }
            if let Some(v) = &s.transform_to {
                field(&mut out, "      ", "transform to", &v.raw);
            }
        }
    }
    if !spec.side_effects.is_empty() {
        section(&mut out, &format!("Side effects ({})", spec.side_effects.len()));
        for e in &spec.side_effects {
            let target = e.target.as_ref().map_or("(no target)", |t| t.text.as_str());
            let _ = writeln!(out, "  {target} [{}]", flags(&e.kinds));
            opt(&mut out, "      ", "description", &e.desc);
            opt(&mut out, "      ", "condition", &e.condition);
            if let Some(r) = &e.reversible {
                field(&mut out, "      ", "reversible", &truth(r));
            }
        }
    }
    if !spec.state_transitions.is_empty() {
        section(&mut out, &format!("State transitions ({})", spec.state_transitions.len()));
        for s in &spec.state_transitions {
            let from = s.from.as_ref().map_or("?", |t| t.text.as_str());
            let to = s.to.as_ref().map_or("?", |t| t.text.as_str());
            let _ = writeln!(out, "  {}: {from} -> {to}", s.object.text);
            opt(&mut out, "      ", "condition", &s.condition);
            opt(&mut out, "      ", "description", &s.desc);
            opt(&mut out, "      ", "target", &s.target);
        }
    }
    if !spec.capabilities.is_empty() {
        section(&mut out, &format!("Capabilities ({})", spec.capabilities.len()));
        for c in &spec.capabilities {
            let num = c.number.map(|n| format!(" ({n})")).unwrap_or_default();
            let action = c.action.as_ref().map(|a| format!(" - {}", token(a))).unwrap_or_default();
            let _ = writeln!(out, "  {}{num}{action}", c.cap);
            opt(&mut out, "      ", "description", &c.name);
            opt(&mut out, "      ", "allows", &c.allows);
            opt(&mut out, "      ", "without", &c.without);
            opt(&mut out, "      ", "condition", &c.condition);
            if let Some(p) = &c.priority {
                field(&mut out, "      ", "priority", &p.raw);
            }
        }
    }
    if !spec.constraints.is_empty() {
        section(&mut out, &format!("Constraints ({})", spec.constraints.len()));
        for c in &spec.constraints {
            let _ = writeln!(out, "  {}", c.name.text);
            opt(&mut out, "      ", "description", &c.desc);
            opt(&mut out, "      ", "expression", &c.expr);
        }
    }
    for s in &spec.structs {
        section(&mut out, &format!("Struct {}", s.name.text));
        if let Some(v) = &s.size {
            field(&mut out, "  ", "size", &v.raw);
        }
        if let Some(v) = &s.alignment {
            field(&mut out, "  ", "alignment", &v.raw);
        }
        for f in &s.fields {
            let ty = f.ctype.as_ref().map_or("", |t| t.text.as_str());
            let _ = writeln!(out, "  {} {}", ty, f.name);
            opt(&mut out, "      ", "description", &f.desc);
            if let (Some(lo), Some(hi)) = (&f.min, &f.max) {
                field(&mut out, "      ", "range", &format!("[{}, {}]", lo.raw, hi.raw));
            }
            if let Some(m) = &f.mask {
                field(&mut out, "      ", "mask", &value_text(m));
            }
            if !f.enum_values.is_empty() {
                field(
                    &mut out,
                    "      ",
                    "values",
                    &f.enum_values.iter().map(|(n, v)| format!("{n}={}", v.raw)).collect::<Vec<_>>().join(", "),
                );
            }
            for c in &f.constraint_text {
                field(&mut out, "      ", "note", &c.text);
            }
        }
    }
    for g in &spec.validation_groups {
        section(&mut out, &format!("Validation group: {}", g.name.text));
        opt(&mut out, "  ", "policy", &g.policy);
        opt(&mut out, "  ", "flags", &g.flags);
        for r in &g.rules {
            field(&mut out, "  ", "rule", &r.text);
        }
    }
    if let Some(e) = &spec.examples {
        section(&mut out, "Examples");
        out.push_str(&indent_lines(&e.text, "  "));
    }
    if let Some(n) = &spec.notes {
        section(&mut out, "Notes");
        out.push_str(&wrap(&n.text.replace("\n\n", "\u{0}").replace('\n', " ").replace('\u{0}', "\n\n"), WIDTH, "  "));
    }
    if let Some(c) = &spec.context_note {
        section(&mut out, "Context");
        out.push_str(&wrap(&c.text, WIDTH, "  "));
    }
    if !spec.extra.is_empty() {
        section(&mut out, "Other keys");
        for a in &spec.extra {
            field(&mut out, "  ", &a.key, &a.value.text);
        }
    }
    out
}
