//! Requirement sentences: one "shall" sentence per spec fact.

use crate::text::{one_line, wrap};
use kapi_model::enums::*;
use kapi_model::*;
use std::fmt::Write as _;

fn sentence(out: &mut String, s: String) {
    let mut s = one_line(&s);
    if !s.ends_with('.') {
        s.push('.');
    }
    let w = wrap(&s, 100, "  ");
    let _ = write!(out, "- {}", &w[2..]);
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(|n| n.is_lowercase()) => f.to_lowercase().chain(c).collect(),
        Some(f) => std::iter::once(f).chain(c).collect(),
        None => String::new(),
    }
}

fn trim_dot(s: &str) -> &str {
    s.trim().trim_end_matches('.')
}

fn value(v: &Value) -> String {
    match v.resolved {
        Some(n) if !v.is_literal() => format!("{} ({n})", v.raw),
        _ => v.raw.clone(),
    }
}

fn words<E: KapiEnum>(f: &FlagSet<E>) -> Vec<String> {
    let mut w: Vec<String> = f.known.iter().map(|v| v.short_name().replace('_', " ")).collect();
    w.extend(f.unknown.iter().cloned());
    w
}

fn and_list(words: &[String]) -> String {
    match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} and {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

/// The list view: every spec's requirements.
pub fn list(specs: &[&Spec]) -> String {
    specs.iter().map(|s| detail(s)).collect::<Vec<_>>().join("\n")
}

/// The requirements of one spec.
pub fn detail(spec: &Spec) -> String {
    let n = &spec.name;
    let mut out = format!("Requirements for {n}\n{}\n\n", "=".repeat(n.chars().count() + 17));
    if let Some(d) = &spec.description {
        sentence(&mut out, format!("{n} shall {}", lower_first(trim_dot(&d.text))));
    }
    if let Some(c) = &spec.contexts {
        let w = words(c);
        if !w.is_empty() {
            sentence(&mut out, format!("{n} shall be callable only in {} context", and_list(&w)));
        }
    }
    for p in &spec.params {
        let pn = format!("The {} parameter", p.name);
        if let Some(k) = &p.kind {
            sentence(
                &mut out,
                format!("{pn} shall be of type {}", k.value.map_or(k.raw.clone(), |v| v.short_name().to_string())),
            );
        }
        if let Some(f) = &p.flags {
            let w = words(f);
            if !w.is_empty() {
                sentence(&mut out, format!("{pn} shall be {}", and_list(&w)));
            }
        }
        match p.constraint_kind.as_ref().and_then(|k| k.value) {
            Some(ConstraintKind::Range) | None if p.min.is_some() && p.max.is_some() => {
                let (lo, hi) = (p.min.as_ref().expect("checked"), p.max.as_ref().expect("checked"));
                sentence(&mut out, format!("{pn} shall be at least {} and at most {}", value(lo), value(hi)));
            }
            Some(ConstraintKind::Mask) | None if p.mask.is_some() => {
                sentence(
                    &mut out,
                    format!("{pn} shall have no bits set outside {}", value(p.mask.as_ref().expect("checked"))),
                );
            }
            Some(ConstraintKind::Enum) => {
                let vals: Vec<String> = p.enum_values.iter().map(value).collect();
                sentence(&mut out, format!("{pn} shall be one of {}", and_list(&vals)));
            }
            Some(ConstraintKind::Alignment) => {
                if let Some(a) = &p.alignment {
                    sentence(&mut out, format!("{pn} shall be a multiple of {}", value(a)));
                }
            }
            Some(ConstraintKind::PowerOfTwo) => sentence(&mut out, format!("{pn} shall be a power of two")),
            Some(ConstraintKind::PageAligned) => sentence(&mut out, format!("{pn} shall be page aligned")),
            Some(ConstraintKind::Nonzero) => sentence(&mut out, format!("{pn} shall not be zero")),
            Some(ConstraintKind::UserString) => {
                sentence(&mut out, format!("{pn} shall point to a readable NUL-terminated string"))
            }
            Some(ConstraintKind::UserPath) => {
                sentence(&mut out, format!("{pn} shall point to a readable path of at most PATH_MAX bytes"))
            }
            Some(ConstraintKind::UserPtr) => sentence(&mut out, format!("{pn} shall point to readable user memory")),
            Some(ConstraintKind::Buffer) => {
                if let Some(s) = &p.size_param {
                    let size_name =
                        s.as_i64().and_then(|i| spec.params.get(i as usize)).map_or(s.raw.clone(), |q| q.name.clone());
                    sentence(&mut out, format!("{pn} shall point to a buffer whose size is given by {size_name}"));
                }
            }
            _ => {}
        }
        for c in p.cdesc.iter().chain(&p.constraint_text) {
            sentence(&mut out, format!("{pn}: {}", trim_dot(&c.text)));
        }
    }
    if let Some(r) = &spec.ret {
        if let Some(s) = &r.success {
            sentence(&mut out, format!("On success, {n} shall return a value {} {}", s.op.as_str(), value(&s.value)));
        } else if let Some(c) = r.check.as_ref().and_then(|c| c.value) {
            let what = match c {
                ReturnCheck::Fd => "a valid file descriptor",
                ReturnCheck::NoReturn => "nothing (it does not return on success)",
                _ => "a success value",
            };
            sentence(&mut out, format!("On success, {n} shall return {what}"));
        }
    }
    for e in &spec.errors {
        let code = e.code.map(|c| format!(" ({c})")).unwrap_or_default();
        let why = e
            .desc
            .as_ref()
            .or(e.summary.as_ref())
            .map_or_else(|| "the documented condition holds".to_string(), |t| lower_first(trim_dot(&t.text)));
        sentence(&mut out, format!("If {why}, {n} shall fail with {}{code}", e.name));
    }
    for l in &spec.locks {
        let kind = l
            .kind
            .as_ref()
            .map(|k| k.value.map_or(k.raw.clone(), |v| v.short_name().to_string()))
            .unwrap_or_else(|| "lock".into());
        let what = match l.effective_scope() {
            LockScope::Internal => "acquire and release",
            LockScope::Acquires => "acquire and keep",
            LockScope::Releases => "release the caller-held",
            LockScope::CallerHeld => "require the caller to hold",
        };
        sentence(&mut out, format!("{n} shall {what} {} ({kind})", l.name));
    }
    for s in &spec.signals {
        let dir = s.direction.as_ref().map(|d| and_list(&words(d))).unwrap_or_else(|| "receive".into());
        let mut t = format!("When {n} is to {dir} {}", s.name);
        if let Some(c) = &s.condition {
            let _ = write!(t, " ({})", lower_first(trim_dot(&c.text)));
        }
        if let Some(a) = s.action.as_ref() {
            let _ = write!(
                t,
                ", it shall take the {} action",
                a.value.map_or(a.raw.clone(), |v| v.short_name().to_string())
            );
        }
        if let Some(e) = &s.errno {
            let _ = write!(t, " and fail with {}", e.raw);
        }
        sentence(&mut out, t);
    }
    for e in &spec.side_effects {
        let what = and_list(&words(&e.kinds));
        let target = e.target.as_ref().map_or("its target".to_string(), |t| t.text.clone());
        let mut t = format!("{n} shall {what} on {target}");
        if let Some(c) = &e.condition {
            let _ = write!(t, " when {}", lower_first(trim_dot(&c.text)));
        }
        if let Some(r) = &e.reversible {
            let _ = write!(t, "; the effect is {}", if r.is_yes() { "reversible" } else { "not reversible" });
        }
        sentence(&mut out, t);
    }
    for s in &spec.state_transitions {
        let from = s.from.as_ref().map_or("any state", |t| t.text.as_str());
        let to = s.to.as_ref().map_or("?", |t| t.text.as_str());
        sentence(&mut out, format!("{n} shall move {} from {from} to {to}", s.object.text));
    }
    for c in &spec.capabilities {
        if let Some(a) = &c.allows {
            sentence(&mut out, format!("With {}, {n} shall allow: {}", c.cap, trim_dot(&a.text)));
        }
        if let Some(w) = &c.without {
            sentence(&mut out, format!("Without {}, {n} shall: {}", c.cap, lower_first(trim_dot(&w.text))));
        }
    }
    for c in &spec.constraints {
        let mut t = format!("{n} shall respect the constraint \"{}\"", c.name.text);
        if let Some(e) = &c.expr {
            let _ = write!(t, ": {}", e.text);
        }
        sentence(&mut out, t);
    }
    out
}
