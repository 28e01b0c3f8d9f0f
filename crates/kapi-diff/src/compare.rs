//! The comparison of one API's two versions.
//!
//! Decisions are made on the normalized specs; locations come from the
//! originals (normalization keeps every list in order, so an item's index is
//! the same in both).

use crate::{rules, Finding, Level, Side};
use kapi_model::enums::*;
use kapi_model::{normalized, FlagSet, KapiEnum, Loc, Param, Spec, Text, Token, Value};
use std::cmp::Ordering;
use std::fmt::Debug;

/// One side's original spec, where locations come from.
struct Ver<'a> {
    orig: &'a Spec,
}

impl Ver<'_> {
    fn at(&self, loc: Loc) -> Option<String> {
        let file = &self.orig.origin.file;
        if file.is_empty() {
            None
        } else if loc.is_known() {
            Some(format!("{file}:{loc}"))
        } else if self.orig.origin.loc.is_known() {
            Some(format!("{file}:{}", self.orig.origin.loc))
        } else {
            Some(file.clone())
        }
    }
}

struct Cx<'a> {
    api: String,
    old: Ver<'a>,
    new: Ver<'a>,
    out: Vec<Finding>,
}

/// A change to report: the rule, whether it is decided, the subject and the sides.
struct Change {
    id: &'static str,
    decided: bool,
    subject: String,
    message: String,
    old: Option<(String, Loc)>,
    new: Option<(String, Loc)>,
}

impl Change {
    fn new(id: &'static str, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Change { id, decided: true, subject: subject.into(), message: message.into(), old: None, new: None }
    }
    fn undecided(mut self) -> Self {
        self.decided = false;
        self
    }
    fn old(mut self, v: impl Into<String>, loc: Loc) -> Self {
        self.old = Some((v.into(), loc));
        self
    }
    fn new_side(mut self, v: impl Into<String>, loc: Loc) -> Self {
        self.new = Some((v.into(), loc));
        self
    }
}

impl Cx<'_> {
    fn push(&mut self, c: Change) {
        let rule = rules::rule(c.id).unwrap_or_else(|| panic!("rule {} is not in the catalogue", c.id));
        let level = if c.decided { rule.level } else { rule.level.min(Level::Warning) };
        let message = if c.decided { c.message } else { format!("cannot decide: {}", c.message) };
        self.out.push(Finding {
            rule: rule.id.to_string(),
            level,
            decided: c.decided,
            api: self.api.clone(),
            subject: c.subject,
            message,
            old: c.old.map(|(value, loc)| Side { value, location: self.old.at(loc) }),
            new: c.new.map(|(value, loc)| Side { value, location: self.new.at(loc) }),
        });
    }

    /// A prose field: reported as `text-changed` when the words differ.
    fn text(&mut self, subject: &str, what: &str, a: &Option<Text>, b: &Option<Text>, la: Loc, lb: Loc) {
        if a == b {
            return;
        }
        let loc_of =
            |t: &Option<Text>, fallback: Loc| t.as_ref().map(|t| t.loc).filter(|l| l.is_known()).unwrap_or(fallback);
        let msg = match (a, b) {
            (None, Some(_)) => format!("{what} added"),
            (Some(_), None) => format!("{what} removed"),
            _ => format!("{what} changed"),
        };
        let mut c = Change::new("text-changed", subject, msg);
        if let Some(t) = a {
            c = c.old(&t.text, loc_of(a, la));
        }
        if let Some(t) = b {
            c = c.new_side(&t.text, loc_of(b, lb));
        }
        self.push(c);
    }

    /// Any other field: `other-changed` when its normal forms differ.
    fn other<T: Debug + PartialEq>(&mut self, subject: &str, what: &str, a: &T, b: &T, la: Loc, lb: Loc) {
        if a != b {
            self.push(
                Change::new("other-changed", subject, format!("{what} changed"))
                    .old(brief(a), la)
                    .new_side(brief(b), lb),
            );
        }
    }
}

impl Cx<'_> {
    /// Unknown keys, as `key: value` lines.
    fn extras(&mut self, subject: &str, a: &[kapi_model::Attr], b: &[kapi_model::Attr], la: Loc, lb: Loc) {
        if a != b {
            let show = |v: &[kapi_model::Attr]| {
                let s = v.iter().map(|x| format!("{}: {}", x.key, x.value.text)).collect::<Vec<_>>().join("; ");
                if s.is_empty() {
                    "(none)".to_string()
                } else {
                    s
                }
            };
            self.push(
                Change::new("other-changed", subject, "extension keys changed").old(show(a), la).new_side(show(b), lb),
            );
        }
    }
}

/// A compact rendering of a model value for an `other-changed` finding.
fn brief<T: Debug>(v: &T) -> String {
    let s = format!("{v:?}");
    if s == "None" {
        return "(not specified)".into();
    }
    let s = s.strip_prefix("Some(").and_then(|x| x.strip_suffix(')')).unwrap_or(&s).to_string();
    let s = match s.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.to_string(),
        _ => s,
    };
    if s.len() > 400 {
        let mut end = 400;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    } else {
        s
    }
}

/// Compares one API's two versions; either may be missing.
pub(crate) fn api(old: Option<&Spec>, new: Option<&Spec>) -> Vec<Finding> {
    let (old, new) = match (old, new) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) => return one_side(a, "api-removed", "the API is not specified in the new version", true),
        (None, Some(b)) => return one_side(b, "api-added", "the API is new", false),
        (None, None) => return Vec::new(),
    };
    let mut cx = Cx { api: new.name.clone(), old: Ver { orig: old }, new: Ver { orig: new }, out: Vec::new() };
    compare(&mut cx, &normalized(old), &normalized(new));
    cx.out
}

fn one_side(s: &Spec, id: &'static str, message: &str, is_old: bool) -> Vec<Finding> {
    let side = Side {
        value: match &s.description {
            Some(d) => format!("{} - {}", s.name, d.text),
            None => s.name.clone(),
        },
        location: (!s.origin.file.is_empty()).then(|| s.origin.display()),
    };
    let (old, new) = if is_old { (Some(side), None) } else { (None, Some(side)) };
    let rule = rules::rule(id).expect("catalogue rule");
    vec![Finding {
        rule: id.to_string(),
        level: rule.level,
        decided: true,
        api: s.name.clone(),
        subject: String::new(),
        message: message.to_string(),
        old,
        new,
    }]
}

fn compare(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let (la, lb) = (oa.origin.loc, ob.origin.loc);
    cx.other("", "API kind", &a.kind, &b.kind, la, lb);
    let proto = |s: &Spec| {
        s.definition.as_ref().map(|d| (d.name.clone(), d.prototype.split_whitespace().collect::<Vec<_>>().join(" ")))
    };
    let (da, db) = (oa.definition.as_ref().map_or(la, |d| d.loc), ob.definition.as_ref().map_or(lb, |d| d.loc));
    cx.other("", "definition", &proto(a), &proto(b), da, db);
    cx.text("", "description", &a.description, &b.description, tl(&oa.description, la), tl(&ob.description, lb));
    cx.text("", "long description", &a.long_desc, &b.long_desc, tl(&oa.long_desc, la), tl(&ob.long_desc, lb));
    contexts(cx, a, b);
    cx.text(
        "",
        "kerneldoc Context section",
        &a.context_note,
        &b.context_note,
        tl(&oa.context_note, la),
        tl(&ob.context_note, lb),
    );
    cx.text(
        "",
        "kerneldoc Return section",
        &a.kdoc_return,
        &b.kdoc_return,
        tl(&oa.kdoc_return, la),
        tl(&ob.kdoc_return, lb),
    );
    if a.params.len() == b.params.len() {
        cx.other("", "param-count", &a.param_count, &b.param_count, la, lb);
    }
    since_version(cx, a, b);
    params(cx, a, b);
    ret(cx, a, b);
    errnos(cx, a, b);
    signals(cx, a, b);
    locks(cx, a, b);
    side_effects(cx, a, b);
    state_transitions(cx, a, b);
    capabilities(cx, a, b);
    constraints(cx, a, b);
    structs(cx, a, b);
    ioctl(cx, a, b);
    cx.other("", "validation groups", &a.validation_groups, &b.validation_groups, la, lb);
    cx.other("", "sysfs attribute", &a.sysfs, &b.sysfs, la, lb);
    cx.text("", "examples", &a.examples, &b.examples, tl(&oa.examples, la), tl(&ob.examples, lb));
    cx.text("", "notes", &a.notes, &b.notes, tl(&oa.notes, la), tl(&ob.notes, lb));
    cx.extras("", &a.extra, &b.extra, la, lb);
}

/// A since-version is a fact, not prose: `other-changed`, worded as for a text.
fn since_version(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (x, y) = (&a.since_version, &b.since_version);
    if x == y {
        return;
    }
    let msg = match (x, y) {
        (None, Some(_)) => "since-version added",
        (Some(_), None) => "since-version removed",
        _ => "since-version changed",
    };
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let mut c = Change::new("other-changed", "", msg);
    if let Some(t) = x {
        c = c.old(&t.text, tl(&oa.since_version, oa.origin.loc));
    }
    if let Some(t) = y {
        c = c.new_side(&t.text, tl(&ob.since_version, ob.origin.loc));
    }
    cx.push(c);
}

/// Where a text was written, or `fallback`.
fn tl(t: &Option<Text>, fallback: Loc) -> Loc {
    t.as_ref().map(|t| t.loc).filter(|l| l.is_known()).unwrap_or(fallback)
}

// --- values -----------------------------------------------------------------

/// A value for display: the expression and, when it is symbolic, what it resolves to.
fn show(v: &Value, hex: bool) -> String {
    match v.resolved {
        Some(n) if !v.is_literal() => {
            if hex && n >= 0 {
                format!("{} (= {n:#x})", v.raw)
            } else {
                format!("{} (= {n})", v.raw)
            }
        }
        _ => v.raw.clone(),
    }
}

/// Orders two values: by resolution, or equal when written the same.
fn cmp_val(a: &Value, b: &Value) -> Option<Ordering> {
    match (a.resolved, b.resolved) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ if a.raw == b.raw => Some(Ordering::Equal),
        _ => None,
    }
}

fn val_eq(a: &Option<Value>, b: &Option<Value>) -> Option<bool> {
    match (a, b) {
        (None, None) => Some(true),
        (Some(x), Some(y)) => cmp_val(x, y).map(|o| o == Ordering::Equal),
        _ => Some(false),
    }
}

fn token_name<E: KapiEnum>(t: &Token<E>) -> String {
    t.value.map_or_else(|| t.raw.clone(), |v| v.short_name().to_string())
}

fn flag_names<E: KapiEnum>(f: &FlagSet<E>) -> String {
    let mut words: Vec<String> = f.known.iter().map(|v| v.short_name().to_string()).collect();
    if f.literal_bits != 0 {
        words.push(format!("{:#x}", f.literal_bits));
    }
    words.extend(f.unknown.iter().cloned());
    words.join(", ")
}

fn bit_names<E: KapiEnum>(bits: u64) -> String {
    let members = bits_to_members::<E>(bits);
    let covered = members.iter().fold(0, |acc, v| acc | v.number());
    let mut words: Vec<String> = members.iter().map(|v| v.short_name().to_string()).collect();
    if bits & !covered != 0 {
        words.push(format!("{:#x}", bits & !covered));
    }
    words.join(", ")
}

// --- contexts ---------------------------------------------------------------

fn contexts(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (Some(x), Some(y)) = (&a.contexts, &b.contexts) else {
        let (la, lb) = (loc_of_flags(&cx.old.orig.contexts), loc_of_flags(&cx.new.orig.contexts));
        let names = |c: &Option<FlagSet<ContextFlag>>| c.as_ref().map(flag_names);
        cx.other("", "contexts", &names(&a.contexts), &names(&b.contexts), la, lb);
        return;
    };
    let (la, lb) = (loc_of_flags(&cx.old.orig.contexts), loc_of_flags(&cx.new.orig.contexts));
    let (bx, by) = (x.bits(), y.bits());
    let removed = bx & !by;
    let added = by & !bx;
    if removed != 0 {
        cx.push(
            Change::new(
                "context-removed",
                "contexts",
                format!("no longer allowed in: {}", bit_names::<ContextFlag>(removed)),
            )
            .old(flag_names(x), la)
            .new_side(flag_names(y), lb),
        );
    }
    if added != 0 {
        cx.push(
            Change::new(
                "context-added",
                "contexts",
                format!("now also allowed in: {}", bit_names::<ContextFlag>(added)),
            )
            .old(flag_names(x), la)
            .new_side(flag_names(y), lb),
        );
    }
    if x.unknown != y.unknown {
        cx.push(
            Change::new("context-removed", "contexts", "the contexts name words kapi does not know")
                .undecided()
                .old(flag_names(x), la)
                .new_side(flag_names(y), lb),
        );
    }
}

fn loc_of_flags<E>(f: &Option<FlagSet<E>>) -> Loc {
    f.as_ref().map_or(Loc::default(), |f| f.loc)
}

// --- params -----------------------------------------------------------------

fn params(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (pa, pb) = (&a.params, &b.params);
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let ploc = |s: &Spec, i: usize| s.params.get(i).map_or(s.origin.loc, |p| p.loc);
    let added = |y: &Param, i: usize| {
        Change::new("param-added", format!("param {}", y.name), format!("param #{} added", i + 1))
            .new_side(y.decl(), ploc(ob, i))
    };
    for i in 0..pa.len().max(pb.len()) {
        match (pa.get(i), pb.get(i)) {
            (Some(x), Some(y)) if x.name == y.name => param(cx, x, y, ploc(oa, i), ploc(ob, i)),
            (Some(x), y) => {
                // A param only the new version has, at this position.
                let fresh = y.filter(|y| !pa.iter().any(|p| p.name == y.name));
                if let Some(j) = pb.iter().position(|p| p.name == x.name) {
                    cx.push(
                        Change::new(
                            "param-reordered",
                            format!("param {}", x.name),
                            format!("moved from position {} to {}", i + 1, j + 1),
                        )
                        .old(format!("#{} {}", i + 1, x.decl()), ploc(oa, i))
                        .new_side(format!("#{} {}", j + 1, pb[j].decl()), ploc(ob, j)),
                    );
                    param(cx, x, &pb[j], ploc(oa, i), ploc(ob, j));
                    if let Some(y) = fresh {
                        cx.push(added(y, i));
                    }
                } else if let Some(y) = fresh {
                    cx.push(
                        Change::new("param-renamed", format!("param {}", y.name), format!("param #{} renamed", i + 1))
                            .old(&x.name, ploc(oa, i))
                            .new_side(&y.name, ploc(ob, i)),
                    );
                    param(cx, x, y, ploc(oa, i), ploc(ob, i));
                } else {
                    cx.push(
                        Change::new("param-removed", format!("param {}", x.name), format!("param #{} removed", i + 1))
                            .old(x.decl(), ploc(oa, i)),
                    );
                }
            }
            (None, Some(y)) => {
                if !pa.iter().any(|p| p.name == y.name) {
                    cx.push(added(y, i));
                }
            }
            (None, None) => {}
        }
    }
}

/// How an x86_64 (LP64) C scalar type is passed: its width in bits and sign.
fn scalar(t: &str) -> Option<(u8, bool)> {
    let words: Vec<&str> =
        t.split_whitespace().filter(|w| !matches!(*w, "const" | "volatile" | "__user" | "int" | "__force")).collect();
    let int_alone = t.split_whitespace().all(|w| matches!(w, "int" | "const" | "volatile")) && t.contains("int");
    if int_alone {
        return Some((32, true));
    }
    let w = words.join(" ");
    let fixed = |w: &str| -> Option<(u8, bool)> {
        let w = w.trim_start_matches("__").trim_end_matches("_t");
        let w = w.strip_prefix("aligned_").unwrap_or(w);
        let (signed, bits) = if let Some(b) = w.strip_prefix("uint").or_else(|| w.strip_prefix('u')) {
            (false, b)
        } else if let Some(b) = w.strip_prefix("int").or_else(|| w.strip_prefix('s')) {
            (true, b)
        } else {
            return None;
        };
        bits.parse::<u8>().ok().filter(|b| matches!(b, 8 | 16 | 32 | 64)).map(|b| (b, signed))
    };
    Some(match w.as_str() {
        "char" | "signed char" => (8, true),
        "unsigned char" => (8, false),
        "short" | "signed short" => (16, true),
        "unsigned short" | "umode_t" => (16, false),
        "signed" | "pid_t" | "key_serial_t" | "clockid_t" | "timer_t" | "rwf_t" => (32, true),
        "unsigned" | "uid_t" | "gid_t" | "qid_t" | "mode_t" | "__kernel_mode_t" => (32, false),
        "long" | "signed long" | "long long" | "signed long long" | "ssize_t" | "loff_t" | "off_t" => (64, true),
        "unsigned long" | "unsigned long long" | "size_t" | "aio_context_t" => (64, false),
        other => return fixed(other),
    })
}

/// The type a pointer points to, without qualifiers; `None` when `t` is not a pointer.
fn pointee(t: &str) -> Option<String> {
    let t = t.trim().strip_suffix('*')?;
    Some(t.split_whitespace().filter(|w| !matches!(*w, "const" | "volatile" | "__user")).collect::<Vec<_>>().join(" "))
}

/// A C type that changed spelling: the same scalar is `other-changed`, two
/// different scalars are a decided `id`, anything else is undecided.
fn ctype_change(cx: &mut Cx, id: &'static str, s: &str, ta: &str, tb: &str, old: (String, Loc), new: (String, Loc)) {
    let c = match (scalar(ta), scalar(tb), pointee(ta), pointee(tb)) {
        (Some(p), Some(q), _, _) if p == q => {
            Change::new("other-changed", s, format!("C type `{ta}` is now spelled `{tb}` (the same {}-bit type)", p.0))
        }
        (Some(p), Some(q), _, _) => Change::new(
            id,
            s,
            format!(
                "C type `{ta}` ({}-bit {}) became `{tb}` ({}-bit {})",
                p.0,
                if p.1 { "signed" } else { "unsigned" },
                q.0,
                if q.1 { "signed" } else { "unsigned" }
            ),
        ),
        (_, _, Some(p), Some(q)) if p == q => {
            Change::new("other-changed", s, format!("C type `{ta}` is now spelled `{tb}` (the same pointer)"))
        }
        _ => Change::new(
            id,
            s,
            format!("C type `{ta}` became `{tb}`; kapi cannot tell whether both are passed the same way"),
        )
        .undecided(),
    };
    cx.push(c.old(old.0, old.1).new_side(new.0, new.1));
}

/// The declaration without the parameter's name: its C type.
fn ctype(p: &Param) -> Option<String> {
    let d = p.ctype.as_ref()?;
    let t = d.strip_suffix(p.name.as_str()).unwrap_or(d);
    Some(t.trim().to_string())
}

/// The flag bits with what the type implies (`path` and `user_ptr` are user memory).
fn eff_flags(p: &Param) -> u64 {
    let implied = match p.kind.as_ref().and_then(|k| k.value) {
        Some(ParamType::Path | ParamType::UserPtr) => ParamFlag::User.number(),
        _ => 0,
    };
    p.flag_bits() | implied
}

fn param(cx: &mut Cx, x: &Param, y: &Param, la: Loc, lb: Loc) {
    let subject = format!("param {}", y.name);
    let s = subject.as_str();
    if x.has_block != y.has_block {
        let msg = if y.has_block { "now has a spec block" } else { "no longer has a spec block" };
        cx.push(Change::new("other-changed", s, msg).old(x.decl(), la).new_side(y.decl(), lb));
    }
    // Type.
    let kind_loc = |p: &Param, l: Loc| p.kind.as_ref().map(|k| k.loc).filter(|l| l.is_known()).unwrap_or(l);
    let (ka, kb) = (x.kind.as_ref(), y.kind.as_ref());
    match (ka, kb) {
        (Some(p), Some(q)) if p.value.is_some() && q.value.is_some() && p.value != q.value => cx.push(
            Change::new("param-type-changed", s, format!("type {} became {}", token_name(p), token_name(q)))
                .old(token_name(p), kind_loc(cx_orig_param(&cx.old, x), la))
                .new_side(token_name(q), kind_loc(cx_orig_param(&cx.new, y), lb)),
        ),
        (Some(p), Some(q)) if (p.value.is_none() || q.value.is_none()) && p.raw != q.raw => cx.push(
            Change::new("param-type-changed", s, format!("type `{}` became `{}`", p.raw, q.raw))
                .undecided()
                .old(&p.raw, la)
                .new_side(&q.raw, lb),
        ),
        (None, Some(_)) | (Some(_), None) => cx.other(s, "KAPI type", &ka.map(token_name), &kb.map(token_name), la, lb),
        _ => {}
    }
    if let (Some(ta), Some(tb)) = (ctype(x), ctype(y)) {
        if ta != tb {
            ctype_change(cx, "param-type-changed", s, &ta, &tb, (x.decl(), la), (y.decl(), lb));
        }
    }
    // Flags.
    if x.flags.is_some() && y.flags.is_some() {
        let (fa, fb) = (eff_flags(x), eff_flags(y));
        let dir = ParamFlag::InOut.number();
        let flag_loc =
            |p: &Option<FlagSet<ParamFlag>>, l: Loc| p.as_ref().map(|f| f.loc).filter(|l| l.is_known()).unwrap_or(l);
        let (fla, flb) =
            (flag_loc(&cx_orig_param(&cx.old, x).flags, la), flag_loc(&cx_orig_param(&cx.new, y).flags, lb));
        if fa & dir != fb & dir && fa & dir != 0 && fb & dir != 0 {
            cx.push(
                Change::new(
                    "param-direction-changed",
                    s,
                    format!(
                        "direction {} became {}",
                        bit_names::<ParamFlag>(fa & dir),
                        bit_names::<ParamFlag>(fb & dir)
                    ),
                )
                .old(bit_names::<ParamFlag>(fa), fla)
                .new_side(bit_names::<ParamFlag>(fb), flb),
            );
        } else if fa & dir != fb & dir {
            // Newly specified or no longer specified: the spec says more or less.
            let msg = if fb & dir != 0 { "direction now specified" } else { "direction no longer specified" };
            cx.push(
                Change::new("other-changed", s, msg)
                    .old(bit_names::<ParamFlag>(fa), fla)
                    .new_side(bit_names::<ParamFlag>(fb), flb),
            );
        }
        let opt = ParamFlag::Optional.number();
        if fa & opt != 0 && fb & opt == 0 {
            cx.push(
                Change::new("param-now-required", s, "no longer optional")
                    .old(bit_names::<ParamFlag>(fa), fla)
                    .new_side(bit_names::<ParamFlag>(fb), flb),
            );
        } else if fa & opt == 0 && fb & opt != 0 {
            cx.push(
                Change::new("input-widened", s, "now optional")
                    .old(bit_names::<ParamFlag>(fa), fla)
                    .new_side(bit_names::<ParamFlag>(fb), flb),
            );
        }
        let user = ParamFlag::User.number();
        if fa & user != fb & user {
            let msg =
                if fb & user != 0 { "now a pointer into user memory" } else { "no longer a pointer into user memory" };
            cx.push(
                Change::new("param-type-changed", s, msg)
                    .old(bit_names::<ParamFlag>(fa), fla)
                    .new_side(bit_names::<ParamFlag>(fb), flb),
            );
        }
        let rest = !(dir | opt | user);
        let unknown = |p: &Param| p.flags.as_ref().map(|f| f.unknown.clone()).unwrap_or_default();
        if fa & rest != fb & rest || unknown(x) != unknown(y) {
            cx.push(
                Change::new("other-changed", s, "flags changed")
                    .old(x.flags.as_ref().map(flag_names).unwrap_or_default(), fla)
                    .new_side(y.flags.as_ref().map(flag_names).unwrap_or_default(), flb),
            );
        }
    } else if x.flags.is_some() != y.flags.is_some() {
        cx.other(s, "flags", &x.flags.as_ref().map(flag_names), &y.flags.as_ref().map(flag_names), la, lb);
    }
    // What it accepts.
    if x.has_block && y.has_block {
        input(cx, s, &Input::of_param(x), &Input::of_param(y), la, lb);
    }
    // Sizes of what it points to.
    if eff_kind(x) != Some(ConstraintKind::UserString) || eff_kind(y) != Some(ConstraintKind::UserString) {
        size_change(cx, s, "size", &x.size, &y.size, la, lb);
    }
    size_change(cx, s, "size param", &x.size_param, &y.size_param, la, lb);
    size_change(cx, s, "size multiplier", &x.size_multiplier, &y.size_multiplier, la, lb);
    if x.struct_type != y.struct_type {
        let t = |p: &Param| p.struct_type.as_ref().map(|t| t.text.clone()).unwrap_or_default();
        cx.push(Change::new("param-type-changed", s, "struct type changed").old(t(x), la).new_side(t(y), lb));
    }
    cx.text(s, "description", &x.description, &y.description, la, lb);
    cx.text(s, "constraint description", &x.cdesc, &y.cdesc, la, lb);
    cx.other(s, "sysfs facts", &x.sysfs, &y.sysfs, la, lb);
    cx.extras(s, &x.extra, &y.extra, la, lb);
}

/// The original param that `p` (from the normal form) came from.
fn cx_orig_param<'s>(v: &'s Ver, p: &'s Param) -> &'s Param {
    v.orig.params.iter().find(|o| o.index == p.index && o.name == p.name).unwrap_or(p)
}

fn size_change(cx: &mut Cx, s: &str, what: &str, a: &Option<Value>, b: &Option<Value>, la: Loc, lb: Loc) {
    let sv = |v: &Option<Value>| v.as_ref().map(|v| show(v, false)).unwrap_or_else(|| "(none)".into());
    if a.is_none() || b.is_none() {
        // Newly specified or no longer specified: the spec says more or less, the ABI is the same.
        if a.is_some() != b.is_some() {
            let msg = if b.is_some() { format!("{what} now specified") } else { format!("{what} no longer specified") };
            cx.push(Change::new("other-changed", s, msg).old(sv(a), la).new_side(sv(b), lb));
        }
        return;
    }
    match val_eq(a, b) {
        Some(true) => {}
        Some(false) => {
            cx.push(Change::new("param-type-changed", s, format!("{what} changed")).old(sv(a), la).new_side(sv(b), lb))
        }
        None => cx.push(
            Change::new("param-type-changed", s, format!("{what} changed"))
                .undecided()
                .old(sv(a), la)
                .new_side(sv(b), lb),
        ),
    }
}

/// The constraint on what a parameter (or struct field) accepts.
struct Input {
    kind: Option<ConstraintKind>,
    /// The constraint word when kapi does not know it.
    unknown_kind: Option<String>,
    min: Option<Value>,
    max: Option<Value>,
    mask: Option<Value>,
    arch_masks: Vec<(String, Value)>,
    enums: Vec<Value>,
    valid_values: Option<String>,
    alignment: Option<Value>,
    max_len: Option<Value>,
    custom: Option<String>,
    loc: Loc,
}

fn eff_kind(p: &Param) -> Option<ConstraintKind> {
    Input::of_param(p).kind
}

impl Input {
    /// The constraint kind: as written, or implied by the values given
    /// (flat specs write `min:` without `constraint-type:`).
    fn with_kind(mut self, written: Option<&Token<ConstraintKind>>) -> Input {
        self.unknown_kind = written.filter(|t| t.value.is_none()).map(|t| t.raw.clone());
        self.kind = match written {
            Some(t) => t.value.filter(|k| *k != ConstraintKind::None),
            None if self.min.is_some() || self.max.is_some() => Some(ConstraintKind::Range),
            None if self.mask.is_some() => Some(ConstraintKind::Mask),
            None if !self.enums.is_empty() => Some(ConstraintKind::Enum),
            None if self.alignment.is_some() => Some(ConstraintKind::Alignment),
            None => None,
        };
        self
    }

    fn of_param(p: &Param) -> Input {
        Input {
            kind: None,
            unknown_kind: None,
            min: p.min.clone(),
            max: p.max.clone(),
            mask: p.mask.clone(),
            arch_masks: p.arch_masks.iter().map(|a| (a.arch.clone(), a.value.clone())).collect(),
            enums: p.enum_values.clone(),
            valid_values: p.valid_values.as_ref().map(|t| t.text.clone()),
            alignment: p.alignment.clone(),
            max_len: p.size.clone(),
            custom: p.custom_fn.as_ref().map(|t| t.text.clone()),
            loc: p.constraint_kind.as_ref().map_or(Loc::default(), |t| t.loc),
        }
        .with_kind(p.constraint_kind.as_ref())
    }

    fn of_field(f: &kapi_model::StructField) -> Input {
        Input {
            kind: None,
            unknown_kind: None,
            min: f.min.clone(),
            max: f.max.clone(),
            mask: f.mask.clone(),
            arch_masks: Vec::new(),
            enums: f.enum_values.iter().map(|(_, v)| v.clone()).collect(),
            valid_values: None,
            alignment: None,
            max_len: None,
            custom: None,
            loc: f.loc,
        }
        .with_kind(f.constraint_kind.as_ref())
    }

    fn describe(&self) -> String {
        let v = |x: &Option<Value>, hex: bool| x.as_ref().map_or_else(|| "…".to_string(), |v| show(v, hex));
        if let Some(k) = &self.unknown_kind {
            return k.clone();
        }
        match self.kind {
            None => "no constraint".into(),
            Some(ConstraintKind::Range) => format!("range({}, {})", v(&self.min, false), v(&self.max, false)),
            Some(ConstraintKind::Mask) => {
                let mut s = format!("mask({})", v(&self.mask, true));
                for (arch, m) in &self.arch_masks {
                    s.push_str(&format!(", {arch}: {}", show(m, true)));
                }
                s
            }
            Some(ConstraintKind::Enum) => {
                let vals: Vec<String> = self.enums.iter().map(|e| show(e, false)).collect();
                match &self.valid_values {
                    Some(t) if vals.is_empty() => format!("enum({t})"),
                    _ => format!("enum({})", vals.join(", ")),
                }
            }
            Some(ConstraintKind::Alignment) => format!("alignment({})", v(&self.alignment, false)),
            Some(ConstraintKind::UserString) => format!("user_string({})", v(&self.max_len, false)),
            Some(ConstraintKind::Custom) => match &self.custom {
                Some(f) => format!("custom({f})"),
                None => "custom".into(),
            },
            Some(k) => k.short_name().to_string(),
        }
    }
}

/// What changed in the accepted inputs: narrowed, widened, both or undecidable.
#[derive(Default)]
struct Delta {
    narrowed: Vec<String>,
    widened: Vec<String>,
    unknown: Vec<String>,
}

impl Delta {
    /// A lower bound: raising it narrows.
    fn lower(&mut self, what: &str, a: &Option<Value>, b: &Option<Value>) {
        self.bound(what, a, b, Ordering::Less);
    }

    /// An upper bound: lowering it narrows.
    fn upper(&mut self, what: &str, a: &Option<Value>, b: &Option<Value>) {
        self.bound(what, a, b, Ordering::Greater);
    }

    /// A bound that narrows the input when old compares to new as `narrowing`.
    fn bound(&mut self, what: &str, a: &Option<Value>, b: &Option<Value>, narrowing: Ordering) {
        match (a, b) {
            (None, None) => {}
            (None, Some(y)) => self.narrowed.push(format!("{what} {} added", show(y, false))),
            (Some(x), None) => self.widened.push(format!("{what} {} dropped", show(x, false))),
            (Some(x), Some(y)) => match cmp_val(x, y) {
                Some(Ordering::Equal) => {}
                Some(o) => {
                    let verb = if o == Ordering::Less { "raised" } else { "lowered" };
                    let line = format!("{what} {verb} from {} to {}", show(x, false), show(y, false));
                    if o == narrowing {
                        self.narrowed.push(line);
                    } else {
                        self.widened.push(line);
                    }
                }
                None => self.unknown.push(format!("{what} `{}` became `{}`", x.raw, y.raw)),
            },
        }
    }

    fn mask(&mut self, what: &str, a: &Option<Value>, b: &Option<Value>) {
        match (a.as_ref().and_then(Value::as_u64_bits), b.as_ref().and_then(Value::as_u64_bits)) {
            (Some(x), Some(y)) => {
                if x & !y != 0 {
                    self.narrowed.push(format!("{what} bits {:#x} no longer accepted", x & !y));
                }
                if y & !x != 0 {
                    self.widened.push(format!("{what} bits {:#x} now accepted", y & !x));
                }
            }
            _ => match (a, b) {
                (Some(x), Some(y)) if x.raw != y.raw => {
                    let why = [x, y].iter().flat_map(|v| v.unknown.iter().cloned()).collect::<Vec<_>>();
                    self.unknown.push(format!(
                        "{what} `{}` became `{}` (unknown names: {})",
                        x.raw,
                        y.raw,
                        why.join(", ")
                    ))
                }
                (None, Some(y)) => self.narrowed.push(format!("{what} {} added", show(y, true))),
                (Some(x), None) => self.widened.push(format!("{what} {} dropped", show(x, true))),
                _ => {}
            },
        }
    }

    /// Bits an architecture accepts on top of the mask: none when absent,
    /// so a new arch mask widens and a dropped one narrows.
    fn arch_mask(&mut self, what: &str, a: &Option<Value>, b: &Option<Value>) {
        match (a, b) {
            (None, Some(y)) => self.widened.push(format!("{what} {} added", show(y, true))),
            (Some(x), None) => self.narrowed.push(format!("{what} {} dropped", show(x, true))),
            _ => self.mask(what, a, b),
        }
    }

    fn enums(&mut self, a: &Input, b: &Input) {
        let key = |v: &Value| v.resolved.map_or_else(|| v.raw.clone(), |n| n.to_string());
        let all_resolved = a.enums.iter().chain(&b.enums).all(|v| v.resolved.is_some());
        let (ka, kb): (Vec<String>, Vec<String>) =
            (a.enums.iter().map(key).collect(), b.enums.iter().map(key).collect());
        let lost: Vec<String> = a.enums.iter().filter(|v| !kb.contains(&key(v))).map(|v| show(v, false)).collect();
        let gained: Vec<String> = b.enums.iter().filter(|v| !ka.contains(&key(v))).map(|v| show(v, false)).collect();
        if !all_resolved && (!lost.is_empty() || !gained.is_empty()) {
            self.unknown.push(format!("values {} became {}", a.describe(), b.describe()));
        } else {
            if !lost.is_empty() {
                self.narrowed.push(format!("values no longer accepted: {}", lost.join(", ")));
            }
            if !gained.is_empty() {
                self.widened.push(format!("values now accepted: {}", gained.join(", ")));
            }
        }
        if a.valid_values != b.valid_values && (a.valid_values.is_some() || b.valid_values.is_some()) {
            self.unknown.push(format!(
                "valid-values `{}` became `{}`",
                a.valid_values.as_deref().unwrap_or(""),
                b.valid_values.as_deref().unwrap_or("")
            ));
        }
    }

    fn alignment(&mut self, a: &Option<Value>, b: &Option<Value>) {
        let (Some(x), Some(y)) = (a, b) else { return self.lower("alignment", a, b) };
        match (x.resolved, y.resolved) {
            (Some(p), Some(q)) if p > 0 && q > 0 => {
                if q % p == 0 && q > p {
                    self.narrowed.push(format!("alignment raised from {} to {}", show(x, false), show(y, false)));
                } else if p % q == 0 && p > q {
                    self.widened.push(format!("alignment lowered from {} to {}", show(x, false), show(y, false)));
                } else if p != q {
                    self.narrowed.push(format!("alignment {} became {}", show(x, false), show(y, false)));
                    self.widened.push(format!("alignment {} became {}", show(x, false), show(y, false)));
                }
            }
            _ if x.raw != y.raw => self.unknown.push(format!("alignment `{}` became `{}`", x.raw, y.raw)),
            _ => {}
        }
    }
}

/// Whether `range(0, m)` and `mask(m)` accept the same values.
fn range_is_mask(r: &Input, m: &Input) -> bool {
    let (Some(lo), Some(hi)) = (r.min.as_ref().and_then(|v| v.resolved), r.max.as_ref().and_then(|v| v.resolved))
    else {
        return false;
    };
    let Some(mask) = m.mask.as_ref().and_then(|v| v.resolved) else { return false };
    m.arch_masks.is_empty() && lo == 0 && hi == mask && (mask + 1) & mask == 0
}

fn input(cx: &mut Cx, s: &str, a: &Input, b: &Input, la: Loc, lb: Loc) {
    let (la, lb) = (if a.loc.is_known() { a.loc } else { la }, if b.loc.is_known() { b.loc } else { lb });
    let mut d = Delta::default();
    if a.unknown_kind.is_some() || b.unknown_kind.is_some() {
        if a.unknown_kind != b.unknown_kind || a.kind != b.kind {
            d.unknown.push(format!("constraint `{}` became `{}`", a.describe(), b.describe()));
        }
    } else if a.kind == b.kind {
        use ConstraintKind as K;
        match a.kind {
            Some(K::Range) => {
                d.lower("minimum", &a.min, &b.min);
                d.upper("maximum", &a.max, &b.max);
            }
            Some(K::Mask) => {
                d.mask("mask", &a.mask, &b.mask);
                let mut arches: Vec<&String> = a.arch_masks.iter().chain(&b.arch_masks).map(|(n, _)| n).collect();
                arches.sort();
                arches.dedup();
                for arch in arches {
                    let get = |i: &Input| i.arch_masks.iter().find(|(n, _)| n == arch).map(|(_, v)| v.clone());
                    d.arch_mask(&format!("{arch} mask"), &get(a), &get(b));
                }
            }
            Some(K::Enum) => d.enums(a, b),
            Some(K::Alignment) => d.alignment(&a.alignment, &b.alignment),
            Some(K::UserString) => d.upper("maximum length", &a.max_len, &b.max_len),
            Some(K::Custom) if a.custom != b.custom => {
                d.unknown.push(format!("custom check `{}` became `{}`", a.describe(), b.describe()))
            }
            _ => {}
        }
    } else {
        match (a.kind, b.kind) {
            (None, Some(_)) => d.narrowed.push(format!("now constrained: {}", b.describe())),
            (Some(_), None) => d.widened.push(format!("constraint {} dropped", a.describe())),
            (Some(ConstraintKind::Range), Some(ConstraintKind::Mask)) if range_is_mask(a, b) => {}
            (Some(ConstraintKind::Mask), Some(ConstraintKind::Range)) if range_is_mask(b, a) => {}
            _ => d.unknown.push(format!("constraint {} became {}", a.describe(), b.describe())),
        }
    }
    let (old, new) = (a.describe(), b.describe());
    if !d.narrowed.is_empty() {
        let mut msg = d.narrowed.join("; ");
        if !d.widened.is_empty() {
            msg.push_str(&format!(" (also: {})", d.widened.join("; ")));
        }
        cx.push(Change::new("input-narrowed", s, msg).old(&old, la).new_side(&new, lb));
    } else if !d.widened.is_empty() {
        cx.push(Change::new("input-widened", s, d.widened.join("; ")).old(&old, la).new_side(&new, lb));
    }
    if !d.unknown.is_empty() {
        cx.push(Change::new("input-narrowed", s, d.unknown.join("; ")).undecided().old(&old, la).new_side(&new, lb));
    }
}

// --- return -----------------------------------------------------------------

fn ret(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (oa, ob) = (cx.old.orig.ret.as_ref(), cx.new.orig.ret.as_ref());
    let (la, lb) = (oa.map_or(cx.old.orig.origin.loc, |r| r.loc), ob.map_or(cx.new.orig.origin.loc, |r| r.loc));
    let (Some(x), Some(y)) = (&a.ret, &b.ret) else {
        if a.ret.is_some() != b.ret.is_some() {
            let msg = if b.ret.is_some() { "return spec added" } else { "return spec removed" };
            let mut c = Change::new("other-changed", "return", msg);
            if a.ret.is_some() {
                c = c.old("return:", la);
            }
            if b.ret.is_some() {
                c = c.new_side("return:", lb);
            }
            cx.push(c);
        }
        return;
    };
    let s = "return";
    match (x.kind.as_ref(), y.kind.as_ref()) {
        (Some(p), Some(q)) if p.value.is_some() && q.value.is_some() => {
            if p.value != q.value {
                cx.push(
                    Change::new("return-changed", s, format!("return type {} became {}", token_name(p), token_name(q)))
                        .old(token_name(p), la)
                        .new_side(token_name(q), lb),
                );
            }
        }
        _ => {
            let t = |r: &kapi_model::ReturnSpec| r.type_name.as_ref().map(|t| t.text.clone());
            if let (Some(p), Some(q)) = (t(x), t(y)) {
                if p != q {
                    cx.push(
                        Change::new("return-changed", s, format!("return type `{p}` became `{q}`"))
                            .undecided()
                            .old(p, la)
                            .new_side(q, lb),
                    );
                }
            }
        }
    }
    match (x.check.as_ref(), y.check.as_ref()) {
        (Some(p), Some(q)) if p.value != q.value || (p.value.is_none() && p.raw != q.raw) => {
            let mut c =
                Change::new("return-changed", s, format!("check type {} became {}", token_name(p), token_name(q)))
                    .old(token_name(p), la)
                    .new_side(token_name(q), lb);
            if p.value.is_none() || q.value.is_none() {
                c = c.undecided();
            }
            cx.push(c);
        }
        (None, Some(_)) | (Some(_), None) => {
            cx.other(s, "check type", &x.check.as_ref().map(token_name), &y.check.as_ref().map(token_name), la, lb)
        }
        _ => {}
    }
    let succ =
        |r: &kapi_model::ReturnSpec| r.success.as_ref().map(|v| format!("{} {}", v.op.as_str(), show(&v.value, false)));
    match (x.success.as_ref(), y.success.as_ref()) {
        (Some(p), Some(q)) => {
            let eq = cmp_val(&p.value, &q.value);
            if !(p.op == q.op && eq == Some(Ordering::Equal)) {
                let mut c = Change::new("return-changed", s, "success condition changed")
                    .old(succ(x).unwrap_or_default(), la)
                    .new_side(succ(y).unwrap_or_default(), lb);
                if p.op == q.op && eq.is_none() {
                    c = c.undecided();
                }
                cx.push(c);
            }
        }
        (None, None) => {}
        // Newly specified or no longer specified: the spec says more or less.
        (p, _) => cx.push(
            Change::new(
                "other-changed",
                s,
                if p.is_none() { "success condition now specified" } else { "success condition no longer specified" },
            )
            .old(succ(x).unwrap_or_else(|| "(none)".into()), la)
            .new_side(succ(y).unwrap_or_else(|| "(none)".into()), lb),
        ),
    }
    let range = |r: &kapi_model::ReturnSpec| {
        let v = |x: &Option<Value>| x.as_ref().map_or_else(|| "…".into(), |v| show(v, false));
        format!("[{}, {}]", v(&r.success_min), v(&r.success_max))
    };
    let has_range = |r: &kapi_model::ReturnSpec| r.success_min.is_some() || r.success_max.is_some();
    match (val_eq(&x.success_min, &y.success_min), val_eq(&x.success_max, &y.success_max)) {
        (Some(true), Some(true)) => {}
        _ if has_range(x) != has_range(y) => {
            let msg = if has_range(y) { "success range now specified" } else { "success range no longer specified" };
            cx.push(Change::new("other-changed", s, msg).old(range(x), la).new_side(range(y), lb))
        }
        (Some(_), Some(_)) => {
            cx.push(Change::new("return-changed", s, "success range changed").old(range(x), la).new_side(range(y), lb))
        }
        _ => cx.push(
            Change::new("return-changed", s, "success range changed")
                .undecided()
                .old(range(x), la)
                .new_side(range(y), lb),
        ),
    }
    cx.text(s, "description", &x.desc, &y.desc, la, lb);
    cx.extras(s, &x.extra, &y.extra, la, lb);
}

// --- errnos -----------------------------------------------------------------

struct Errno {
    key: String,
    shown: String,
    loc: Loc,
    /// Index into `errors`, if it came from an `error:` item.
    item: Option<usize>,
}

fn errno_list(s: &Spec, orig: &Spec) -> Vec<Errno> {
    let mut out: Vec<Errno> = Vec::new();
    for (i, e) in s.errors.iter().enumerate() {
        let loc = orig.errors.get(i).map_or(Loc::default(), |o| o.loc);
        let key = e.code.and_then(|c| kapi_model::tables::errno_name(-c)).map(str::to_string).unwrap_or_else(|| {
            if e.name.is_empty() {
                e.code_raw.as_ref().map(|v| v.raw.clone()).unwrap_or_default()
            } else {
                e.name.clone()
            }
        });
        if !out.iter().any(|x| x.key == key) {
            out.push(Errno { key, shown: e.name.clone(), loc, item: Some(i) });
        }
    }
    if let Some(r) = &s.ret {
        for (i, v) in r.error_values.iter().enumerate() {
            let loc = orig.ret.as_ref().and_then(|r| r.error_values.get(i)).map_or(Loc::default(), |v| v.loc);
            let key = v
                .resolved
                .and_then(|n| i32::try_from(-n).ok())
                .and_then(kapi_model::tables::errno_name)
                .map(str::to_string)
                .unwrap_or_else(|| v.raw.trim_start_matches('-').to_string());
            if !out.iter().any(|x| x.key == key) {
                out.push(Errno { key, shown: v.raw.clone(), loc, item: None });
            }
        }
    }
    out
}

fn errnos(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (ea, eb) = (errno_list(a, cx.old.orig), errno_list(b, cx.new.orig));
    for x in &ea {
        match eb.iter().find(|y| y.key == x.key) {
            None => cx.push(
                Change::new("errno-removed", format!("error {}", x.key), format!("{} is no longer returned", x.key))
                    .old(&x.shown, x.loc),
            ),
            Some(y) => {
                if let (Some(i), Some(j)) = (x.item, y.item) {
                    let (p, q) = (&a.errors[i], &b.errors[j]);
                    let s = format!("error {}", x.key);
                    cx.text(&s, "summary", &p.summary, &q.summary, x.loc, y.loc);
                    cx.text(&s, "description", &p.desc, &q.desc, x.loc, y.loc);
                    cx.text(&s, "condition", &p.condition, &q.condition, x.loc, y.loc);
                    cx.extras(&s, &p.extra, &q.extra, x.loc, y.loc);
                }
            }
        }
    }
    for y in &eb {
        if !ea.iter().any(|x| x.key == y.key) {
            let summary =
                y.item.and_then(|j| b.errors[j].summary.as_ref()).map(|t| format!(" ({})", t.text)).unwrap_or_default();
            cx.push(
                Change::new(
                    "errno-added",
                    format!("error {}", y.key),
                    format!("{} may now be returned{summary}", y.key),
                )
                .new_side(&y.shown, y.loc),
            );
        }
    }
}

fn truth_word(t: &Option<kapi_model::Truth>) -> String {
    match t.as_ref().map(|t| (t.value, &t.raw)) {
        None => String::new(),
        Some((Some(TruthValue::Yes), _)) => "yes".into(),
        Some((Some(TruthValue::No), _)) => "no".into(),
        Some((Some(TruthValue::Conditional), _)) => "conditional".into(),
        Some((None, raw)) => raw.clone(),
    }
}

fn or_none(s: String) -> String {
    if s.is_empty() {
        "(not specified)".into()
    } else {
        s
    }
}

// --- signals, locks ---------------------------------------------------------

/// Pairs items by key, in order among items with the same key.
fn pair_by<T, K: PartialEq>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut used = vec![false; b.len()];
    let mut pairs = Vec::new();
    let mut lost = Vec::new();
    for (i, x) in a.iter().enumerate() {
        let k = key(x);
        match (0..b.len()).find(|&j| !used[j] && key(&b[j]) == k) {
            Some(j) => {
                used[j] = true;
                pairs.push((i, j));
            }
            None => lost.push(i),
        }
    }
    let gained = (0..b.len()).filter(|&j| !used[j]).collect();
    (pairs, lost, gained)
}

fn signals(cx: &mut Cx, a: &Spec, b: &Spec) {
    let key = |g: &kapi_model::SignalSpec| g.number.map_or_else(|| g.name.to_ascii_uppercase(), |n| n.to_string());
    let (pairs, lost, gained) = pair_by(&a.signals, &b.signals, key);
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    for i in lost {
        let g = &a.signals[i];
        cx.push(
            Change::new("signal-changed", format!("signal {}", g.name), "signal no longer specified")
                .old(&g.name, oa.signals[i].loc),
        );
    }
    for (i, j) in pairs {
        let (x, y) = (&a.signals[i], &b.signals[j]);
        let (la, lb) = (oa.signals[i].loc, ob.signals[j].loc);
        let s = format!("signal {}", y.name);
        // Each field as shown; empty when the spec does not say.
        let mut changed: Vec<(&str, String, String)> = Vec::new();
        let mut field = |name: &'static str, p: String, q: String| {
            if p != q {
                changed.push((name, p, q));
            }
        };
        let fl = |f: &Option<FlagSet<SignalDirection>>| f.as_ref().map(flag_names).unwrap_or_default();
        field("direction", fl(&x.direction), fl(&y.direction));
        let tk = |t: Option<String>| t.unwrap_or_default();
        field("action", tk(x.action.as_ref().map(token_name)), tk(y.action.as_ref().map(token_name)));
        let er = |e: &Option<kapi_model::ErrnoRef>| {
            e.as_ref().map(|e| e.name.clone().unwrap_or_else(|| e.raw.clone())).unwrap_or_default()
        };
        field("errno", er(&x.errno), er(&y.errno));
        field("timing", tk(x.timing.as_ref().map(token_name)), tk(y.timing.as_ref().map(token_name)));
        field("restartable", truth_word(&x.restartable), truth_word(&y.restartable));
        field("interruptible", truth_word(&x.interruptible), truth_word(&y.interruptible));
        field("queue", tk(x.queue.as_ref().map(token_name)), tk(y.queue.as_ref().map(token_name)));
        let v = |v: &Option<Value>| {
            v.as_ref().map(|v| v.resolved.map_or_else(|| v.raw.clone(), |n| n.to_string())).unwrap_or_default()
        };
        field("priority", v(&x.priority), v(&y.priority));
        field("sa-flags-required", v(&x.sa_flags_required), v(&y.sa_flags_required));
        field("sa-flags-forbidden", v(&x.sa_flags_forbidden), v(&y.sa_flags_forbidden));
        let st = |f: &Option<FlagSet<SignalState>>| f.as_ref().map(flag_names).unwrap_or_default();
        field("state-required", st(&x.state_required), st(&y.state_required));
        field("state-forbidden", st(&x.state_forbidden), st(&y.state_forbidden));
        field("transform-to", v(&x.transform_to), v(&y.transform_to));
        for (name, p, q) in changed {
            let c = if p.is_empty() {
                Change::new("other-changed", &s, format!("{name} now specified"))
            } else if q.is_empty() {
                Change::new("other-changed", &s, format!("{name} no longer specified"))
            } else {
                Change::new("signal-changed", &s, format!("{name} changed"))
            };
            cx.push(c.old(or_none(p), la).new_side(or_none(q), lb));
        }
        cx.text(&s, "condition", &x.condition, &y.condition, la, lb);
        cx.text(&s, "description", &x.desc, &y.desc, la, lb);
        cx.text(&s, "target", &x.target, &y.target, la, lb);
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        let g = &b.signals[j];
        cx.push(
            Change::new("signal-changed", format!("signal {}", g.name), "signal newly specified")
                .new_side(&g.name, ob.signals[j].loc),
        );
    }
    let masks = |s: &Spec| {
        s.signal_masks
            .iter()
            .map(|m| format!("{}({})", m.name, m.signals.iter().map(|v| v.raw.as_str()).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (ma, mb) = (masks(a), masks(b));
    if ma != mb {
        cx.push(
            Change::new("signal-changed", "signal masks", "signal masks changed")
                .old(or_none(ma), oa.origin.loc)
                .new_side(or_none(mb), ob.origin.loc),
        );
    } else if a.signal_masks != b.signal_masks {
        let d = |s: &Spec| s.signal_masks.iter().map(|m| m.desc.clone()).collect::<Vec<_>>();
        cx.other("signal masks", "descriptions", &d(a), &d(b), oa.origin.loc, ob.origin.loc);
    }
}

fn locks(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (pairs, lost, gained) = pair_by(&a.locks, &b.locks, |l| l.name.clone());
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let show = |l: &kapi_model::LockSpec| {
        let kind = l.kind.as_ref().map(token_name).unwrap_or_else(|| "?".into());
        format!("{} ({kind}, {})", l.name, l.effective_scope().short_name())
    };
    for i in lost {
        cx.push(
            Change::new("lock-changed", format!("lock {}", a.locks[i].name), "lock no longer taken")
                .old(show(&a.locks[i]), oa.locks[i].loc),
        );
    }
    for (i, j) in pairs {
        let (x, y) = (&a.locks[i], &b.locks[j]);
        let (la, lb) = (oa.locks[i].loc, ob.locks[j].loc);
        let s = format!("lock {}", y.name);
        let kind_differs = match (x.kind.as_ref(), y.kind.as_ref()) {
            (Some(p), Some(q)) => p.value != q.value || (p.value.is_none() && p.raw != q.raw),
            (None, None) => false,
            _ => true,
        };
        if kind_differs {
            cx.push(Change::new("lock-changed", &s, "lock type changed").old(show(x), la).new_side(show(y), lb));
        }
        // The RFC v4 booleans are an older spelling of the scope: only the scope counts.
        if x.effective_scope() != y.effective_scope() {
            cx.push(Change::new("lock-changed", &s, "lock scope changed").old(show(x), la).new_side(show(y), lb));
        }
        cx.text(&s, "description", &x.desc, &y.desc, la, lb);
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        cx.push(
            Change::new("lock-changed", format!("lock {}", b.locks[j].name), "lock newly taken")
                .new_side(show(&b.locks[j]), ob.locks[j].loc),
        );
    }
}

// --- side effects, state transitions -----------------------------------------

fn side_effects(cx: &mut Cx, a: &Spec, b: &Spec) {
    let key = |e: &kapi_model::SideEffect| {
        e.target.as_ref().or(e.desc.as_ref()).map_or_else(|| e.kinds.bits().to_string(), |t| t.text.to_lowercase())
    };
    let (mut pairs, lost, gained) = pair_by(&a.side_effects, &b.side_effects, key);
    // Reworded targets: pair what is left by its effect bits.
    let la_items: Vec<_> = lost.iter().map(|&i| &a.side_effects[i]).collect();
    let lb_items: Vec<_> = gained.iter().map(|&j| &b.side_effects[j]).collect();
    let (more, lost2, gained2) = pair_by(&la_items, &lb_items, |e| e.kinds.bits());
    pairs.extend(more.into_iter().map(|(i, j)| (lost[i], gained[j])));
    let lost: Vec<usize> = lost2.into_iter().map(|i| lost[i]).collect();
    let gained: Vec<usize> = gained2.into_iter().map(|j| gained[j]).collect();
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let show = |e: &kapi_model::SideEffect| {
        let mut s = bit_names::<EffectType>(e.kinds.bits());
        if s.is_empty() {
            s = flag_names(&e.kinds);
        }
        match &e.target {
            Some(t) => format!("{s} on {}", t.text),
            None => s,
        }
    };
    let subj = |e: &kapi_model::SideEffect| {
        format!(
            "side effect {}",
            e.target.as_ref().map_or_else(|| bit_names::<EffectType>(e.kinds.bits()), |t| t.text.clone())
        )
    };
    for i in lost {
        let e = &a.side_effects[i];
        cx.push(
            Change::new("side-effect-removed", subj(e), "side effect no longer specified")
                .old(show(e), oa.side_effects[i].loc),
        );
    }
    pairs.sort();
    for (i, j) in pairs {
        let (x, y) = (&a.side_effects[i], &b.side_effects[j]);
        let (la, lb) = (oa.side_effects[i].loc, ob.side_effects[j].loc);
        let s = subj(y);
        let (bx, by) = (x.kinds.bits(), y.kinds.bits());
        if by & !bx != 0 {
            cx.push(
                Change::new("side-effect-added", &s, format!("now also {}", bit_names::<EffectType>(by & !bx)))
                    .old(show(x), la)
                    .new_side(show(y), lb),
            );
        }
        if bx & !by != 0 {
            cx.push(
                Change::new("side-effect-removed", &s, format!("no longer {}", bit_names::<EffectType>(bx & !by)))
                    .old(show(x), la)
                    .new_side(show(y), lb),
            );
        }
        if x.kinds.unknown != y.kinds.unknown {
            cx.other(&s, "effect words", &x.kinds.unknown, &y.kinds.unknown, la, lb);
        }
        let rev = |e: &kapi_model::SideEffect| e.reversible.as_ref().and_then(|t| t.value);
        match (rev(x), rev(y)) {
            (Some(TruthValue::Yes), Some(TruthValue::No)) => cx.push(
                Change::new("side-effect-added", &s, "no longer reversible")
                    .old("reversible: yes", la)
                    .new_side("reversible: no", lb),
            ),
            (Some(TruthValue::No), Some(TruthValue::Yes)) => cx.push(
                Change::new("side-effect-removed", &s, "now reversible")
                    .old("reversible: no", la)
                    .new_side("reversible: yes", lb),
            ),
            (p, q) if p != q => cx.other(&s, "reversible", &p, &q, la, lb),
            _ => {}
        }
        cx.text(&s, "target", &x.target, &y.target, la, lb);
        cx.text(&s, "description", &x.desc, &y.desc, la, lb);
        cx.text(&s, "condition", &x.condition, &y.condition, la, lb);
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        let e = &b.side_effects[j];
        cx.push(
            Change::new("side-effect-added", subj(e), "side effect newly specified")
                .new_side(show(e), ob.side_effects[j].loc),
        );
    }
}

use kapi_model::TruthValue;

fn state_transitions(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (pairs, lost, gained) = pair_by(&a.state_transitions, &b.state_transitions, |t| t.object.text.to_lowercase());
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let show = |t: &kapi_model::StateTransition| {
        let w = |x: &Option<Text>| x.as_ref().map_or_else(|| "?".into(), |t| t.text.clone());
        format!("{}: {} -> {}", t.object.text, w(&t.from), w(&t.to))
    };
    for i in lost {
        let t = &a.state_transitions[i];
        cx.push(
            Change::new(
                "state-transition-changed",
                format!("state {}", t.object.text),
                "transition no longer specified",
            )
            .old(show(t), oa.state_transitions[i].loc),
        );
    }
    for (i, j) in pairs {
        let (x, y) = (&a.state_transitions[i], &b.state_transitions[j]);
        let (la, lb) = (oa.state_transitions[i].loc, ob.state_transitions[j].loc);
        let s = format!("state {}", y.object.text);
        if x.from != y.from || x.to != y.to || x.target != y.target {
            cx.push(
                Change::new("state-transition-changed", &s, "the states changed")
                    .old(show(x), la)
                    .new_side(show(y), lb),
            );
        }
        // Paired ignoring case; the spelling is still shown.
        cx.text(&s, "object", &Some(x.object.clone()), &Some(y.object.clone()), la, lb);
        cx.text(&s, "condition", &x.condition, &y.condition, la, lb);
        cx.text(&s, "description", &x.desc, &y.desc, la, lb);
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        let t = &b.state_transitions[j];
        cx.push(
            Change::new("state-transition-changed", format!("state {}", t.object.text), "transition newly specified")
                .new_side(show(t), ob.state_transitions[j].loc),
        );
    }
}

// --- capabilities, constraints ----------------------------------------------

/// Whether a capability action means "needed to call" (true) or "lets the
/// caller do more" (false); `None` when the action is not known.
fn is_requirement(c: &kapi_model::Capability) -> Option<bool> {
    use CapabilityAction as A;
    c.action.as_ref()?.value.map(|v| matches!(v, A::PerformOperation | A::AccessResource))
}

fn capabilities(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (pairs, lost, gained) = pair_by(&a.capabilities, &b.capabilities, |c| c.cap.clone());
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let show = |c: &kapi_model::Capability| match &c.action {
        Some(t) => format!("{} ({})", c.cap, token_name(t)),
        None => c.cap.clone(),
    };
    for i in lost {
        let c = &a.capabilities[i];
        let s = format!("capability {}", c.cap);
        let loc = oa.capabilities[i].loc;
        match is_requirement(c) {
            Some(true) => cx.push(Change::new("capability-relaxed", s, "no longer required").old(show(c), loc)),
            Some(false) => {
                cx.push(Change::new("capability-bypass-removed", s, "no longer grants anything").old(show(c), loc))
            }
            None => cx.push(
                Change::new("capability-bypass-removed", s, "capability removed; its action is unknown")
                    .undecided()
                    .old(show(c), loc),
            ),
        }
    }
    for (i, j) in pairs {
        let (x, y) = (&a.capabilities[i], &b.capabilities[j]);
        let (la, lb) = (oa.capabilities[i].loc, ob.capabilities[j].loc);
        let s = format!("capability {}", y.cap);
        let (ax, ay) = (x.action.as_ref().and_then(|t| t.value), y.action.as_ref().and_then(|t| t.value));
        if ax != ay || x.action.as_ref().map(|t| &t.raw) != y.action.as_ref().map(|t| &t.raw) && ax.is_none() {
            match (is_requirement(x), is_requirement(y)) {
                (Some(false), Some(true)) => cx.push(
                    Change::new("capability-required", &s, "now required").old(show(x), la).new_side(show(y), lb),
                ),
                (Some(true), Some(false)) => cx.push(
                    Change::new("capability-relaxed", &s, "no longer required").old(show(x), la).new_side(show(y), lb),
                ),
                (Some(_), Some(_)) => {
                    cx.push(Change::new("other-changed", &s, "action changed").old(show(x), la).new_side(show(y), lb))
                }
                _ => cx.push(
                    Change::new("capability-required", &s, "action changed")
                        .undecided()
                        .old(show(x), la)
                        .new_side(show(y), lb),
                ),
            }
        }
        cx.text(&s, "name", &x.name, &y.name, la, lb);
        cx.text(&s, "allows", &x.allows, &y.allows, la, lb);
        cx.text(&s, "without", &x.without, &y.without, la, lb);
        cx.text(&s, "condition", &x.condition, &y.condition, la, lb);
        cx.other(
            &s,
            "priority",
            &x.priority.as_ref().map(|v| v.resolved),
            &y.priority.as_ref().map(|v| v.resolved),
            la,
            lb,
        );
        let alts = |c: &kapi_model::Capability| c.alternatives.iter().map(|v| v.raw.clone()).collect::<Vec<_>>();
        let (xa, ya) = (alts(x), alts(y));
        let dropped: Vec<&String> = xa.iter().filter(|v| !ya.contains(v)).collect();
        if !dropped.is_empty() {
            cx.push(
                Change::new("capability-bypass-removed", &s, "alternative capabilities no longer accepted")
                    .old(xa.join(", "), la)
                    .new_side(ya.join(", "), lb),
            );
        } else if xa != ya {
            cx.push(
                Change::new("capability-relaxed", &s, "more alternative capabilities accepted")
                    .old(xa.join(", "), la)
                    .new_side(ya.join(", "), lb),
            );
        }
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        let c = &b.capabilities[j];
        let s = format!("capability {}", c.cap);
        let loc = ob.capabilities[j].loc;
        match is_requirement(c) {
            Some(true) => cx.push(Change::new("capability-required", s, "now required").new_side(show(c), loc)),
            Some(false) => cx.push(Change::new("capability-relaxed", s, "newly grants more").new_side(show(c), loc)),
            None => cx.push(
                Change::new("capability-required", s, "capability added; its action is unknown")
                    .undecided()
                    .new_side(show(c), loc),
            ),
        }
    }
}

fn constraints(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (pairs, lost, gained) = pair_by(&a.constraints, &b.constraints, |c| c.name.text.to_lowercase());
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    let show = |c: &kapi_model::Constraint| match &c.expr {
        Some(e) => format!("{}: {}", c.name.text, e.text),
        None => c.name.text.clone(),
    };
    for i in lost {
        let c = &a.constraints[i];
        cx.push(
            Change::new("input-widened", format!("constraint {}", c.name.text), "constraint dropped")
                .old(show(c), oa.constraints[i].loc),
        );
    }
    for (i, j) in pairs {
        let (x, y) = (&a.constraints[i], &b.constraints[j]);
        let (la, lb) = (oa.constraints[i].loc, ob.constraints[j].loc);
        let s = format!("constraint {}", y.name.text);
        if x.expr != y.expr {
            cx.push(Change::new("constraint-changed", &s, "expression changed").old(show(x), la).new_side(show(y), lb));
        }
        // Paired ignoring case; the spelling is still shown.
        cx.text(&s, "name", &Some(x.name.clone()), &Some(y.name.clone()), la, lb);
        cx.text(&s, "description", &x.desc, &y.desc, la, lb);
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        let c = &b.constraints[j];
        cx.push(
            Change::new("constraint-changed", format!("constraint {}", c.name.text), "constraint added")
                .new_side(show(c), ob.constraints[j].loc),
        );
    }
}

// --- structs, ioctl ---------------------------------------------------------

fn structs(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (pairs, lost, gained) = pair_by(&a.structs, &b.structs, |s| s.name.text.clone());
    let (oa, ob) = (cx.old.orig, cx.new.orig);
    for i in lost {
        let st = &a.structs[i];
        cx.push(
            Change::new("other-changed", st.name.text.clone(), "struct no longer specified")
                .old(&st.name.text, oa.structs[i].loc),
        );
    }
    for (i, j) in pairs {
        let (x, y) = (&a.structs[i], &b.structs[j]);
        let (la, lb) = (oa.structs[i].loc, ob.structs[j].loc);
        let s = y.name.text.clone();
        for (what, p, q) in [("size", &x.size, &y.size), ("alignment", &x.alignment, &y.alignment)] {
            let sv = |v: &Option<Value>| v.as_ref().map_or_else(|| "(none)".into(), |v| show(v, false));
            match val_eq(p, q) {
                Some(true) => {}
                Some(false) if p.is_some() && q.is_some() => cx.push(
                    Change::new("struct-layout-changed", &s, format!("{what} changed"))
                        .old(sv(p), la)
                        .new_side(sv(q), lb),
                ),
                Some(false) => cx.other(&s, what, &sv(p), &sv(q), la, lb),
                None => cx.push(
                    Change::new("struct-layout-changed", &s, format!("{what} changed"))
                        .undecided()
                        .old(sv(p), la)
                        .new_side(sv(q), lb),
                ),
            }
        }
        let (fp, fl, fg) = pair_by(&x.fields, &y.fields, |f| f.name.clone());
        let floc = |st: &kapi_model::StructSpec, k: usize| st.fields.get(k).map_or(Loc::default(), |f| f.loc);
        for k in fl {
            let f = &x.fields[k];
            cx.push(
                Change::new("struct-layout-changed", format!("{s}.{}", f.name), "field removed")
                    .old(&f.name, floc(&oa.structs[i], k)),
            );
        }
        for (k, m) in fp {
            let (f, g) = (&x.fields[k], &y.fields[m]);
            let (fa, fb) = (floc(&oa.structs[i], k), floc(&ob.structs[j], m));
            let fs = format!("{s}.{}", g.name);
            // `__u64 *` and `__u64*` are one type.
            let ct =
                |x: &kapi_model::StructField| x.ctype.as_ref().map(|t| t.text.replace(" *", "*").replace("* ", "*"));
            if ct(f) != ct(g) && f.ctype.is_some() && g.ctype.is_some() {
                let t = |x: &kapi_model::StructField| x.ctype.as_ref().map(|t| t.text.clone()).unwrap_or_default();
                ctype_change(cx, "struct-layout-changed", &fs, &t(f), &t(g), (t(f), fa), (t(g), fb));
            } else if f.ctype.is_some() != g.ctype.is_some() {
                cx.other(&fs, "field type", &f.ctype, &g.ctype, fa, fb);
            }
            input(cx, &fs, &Input::of_field(f), &Input::of_field(g), fa, fb);
            cx.text(&fs, "description", &f.desc, &g.desc, fa, fb);
            let rest = |x: &kapi_model::StructField| {
                (
                    x.constraint_text.clone(),
                    x.policy.clone(),
                    x.version.clone(),
                    x.flag.clone(),
                    x.validate.clone(),
                    x.extra.clone(),
                )
            };
            cx.other(&fs, "field facts", &rest(f), &rest(g), fa, fb);
        }
        for m in fg {
            let g = &y.fields[m];
            cx.push(
                Change::new("other-changed", format!("{s}.{}", g.name), "field added")
                    .new_side(&g.name, floc(&ob.structs[j], m)),
            );
        }
        cx.other(&s, "param", &x.param, &y.param, la, lb);
        cx.text(&s, "description", &x.desc, &y.desc, la, lb);
        cx.extras(&s, &x.extra, &y.extra, la, lb);
    }
    for j in gained {
        let st = &b.structs[j];
        cx.push(
            Change::new("other-changed", st.name.text.clone(), "struct newly specified")
                .new_side(&st.name.text, ob.structs[j].loc),
        );
    }
}

fn ioctl(cx: &mut Cx, a: &Spec, b: &Spec) {
    let (la, lb) = (cx.old.orig.origin.loc, cx.new.orig.origin.loc);
    let (Some(x), Some(y)) = (&a.ioctl, &b.ioctl) else {
        cx.other("ioctl", "ioctl facts", &a.ioctl, &b.ioctl, la, lb);
        return;
    };
    for (what, p, q) in [
        ("command", &x.cmd, &y.cmd),
        ("input size", &x.input_size, &y.input_size),
        ("output size", &x.output_size, &y.output_size),
    ] {
        let sv = |v: &Option<Value>| v.as_ref().map_or_else(|| "(none)".into(), |v| show(v, true));
        match val_eq(p, q) {
            Some(true) => {}
            Some(false) => cx.push(
                Change::new("ioctl-changed", "ioctl", format!("{what} changed")).old(sv(p), la).new_side(sv(q), lb),
            ),
            None => cx.push(
                Change::new("ioctl-changed", "ioctl", format!("{what} changed"))
                    .undecided()
                    .old(sv(p), la)
                    .new_side(sv(q), lb),
            ),
        }
    }
    cx.text("ioctl", "command name", &x.cmd_name, &y.cmd_name, la, lb);
    cx.text("ioctl", "file operations", &x.file_ops_name, &y.file_ops_name, la, lb);
}
