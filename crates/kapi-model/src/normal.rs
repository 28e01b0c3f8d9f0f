//! Model equality up to spelling: what "the same spec" means when a spec
//! moves between dialects and formats.
//!
//! [`normalized`] forgets what only says how a spec was written:
//! - locations, the origin and the dialect;
//! - the spelling of enum words (`KAPI_TYPE_UINT` = `uint`), of flag lists
//!   (order, separators, `IN | OUT` = `inout`), of yes/no words and errnos
//!   (`EINTR` = `-EINTR`), and the raw text of `success:` and of call-form
//!   constraints (their parts are kept as values);
//! - whitespace inside texts (kerneldoc refills prose; examples and notes
//!   keep their line breaks) and inside expressions;
//! - obsolete spellings of one fact: a param's `constraint:` lines are its
//!   constraint prose (as `cdesc:`), a lock's scope is its effective scope,
//!   an error code written as `-ENAME` is the name's code, `api-type:` is the
//!   kind, and a C type is compared as the whole declaration.

use crate::enums::*;
use crate::spec::*;
use crate::{Loc, Text, Value};

/// The spec with every fact kept and every spelling choice forgotten.
pub fn normalized(spec: &Spec) -> Spec {
    let mut s = spec.clone();
    s.origin = Origin::default();
    s.dialect = None;
    if let Some(k) = s.api_type.as_ref().and_then(|t| ApiKind::parse(&t.text)) {
        s.kind = Some(k);
        s.api_type = None;
    }
    s.kind = Some(s.api_kind());
    if let Some(d) = &mut s.definition {
        d.loc = Loc::default();
    }
    prose(&mut s.description);
    prose(&mut s.long_desc);
    if let Some(c) = &mut s.contexts {
        flags(c);
    }
    prose(&mut s.context_note);
    prose(&mut s.kdoc_return);
    value(&mut s.param_count);
    prose(&mut s.since_version);
    prose(&mut s.api_type);
    for p in &mut s.params {
        param(p);
    }
    if let Some(r) = &mut s.ret {
        r.loc = Loc::default();
        prose(&mut r.type_name);
        token(&mut r.kind);
        token(&mut r.check);
        if let Some(x) = &mut r.success {
            x.loc = Loc::default();
            x.raw.clear();
            val(&mut x.value);
        }
        value(&mut r.success_min);
        value(&mut r.success_max);
        r.error_values.iter_mut().for_each(val);
        // kerneldoc ends `return:` at a blank line, so its paragraphs are joined.
        if let Some(d) = &mut r.desc {
            d.text = d.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        prose(&mut r.desc);
        attrs(&mut r.extra);
    }
    for e in &mut s.errors {
        e.loc = Loc::default();
        if let Some(c) = &e.code_raw {
            if e.code.is_some() && c.resolved == e.code.map(i128::from) {
                e.code_raw = None;
            }
        }
        value(&mut e.code_raw);
        prose(&mut e.summary);
        prose(&mut e.desc);
        prose(&mut e.condition);
        attrs(&mut e.extra);
    }
    for g in &mut s.signals {
        g.loc = Loc::default();
        if let Some(d) = &mut g.direction {
            flags(d);
        }
        token(&mut g.action);
        prose(&mut g.condition);
        prose(&mut g.desc);
        if let Some(e) = &mut g.errno {
            e.loc = Loc::default();
            if let (Some(n), Some(_)) = (&e.name, e.code) {
                e.raw = format!("-{n}");
            }
        }
        token(&mut g.timing);
        value(&mut g.priority);
        truth(&mut g.restartable);
        truth(&mut g.interruptible);
        prose(&mut g.target);
        token(&mut g.queue);
        value(&mut g.sa_flags_required);
        value(&mut g.sa_flags_forbidden);
        for f in [&mut g.state_required, &mut g.state_forbidden].into_iter().flatten() {
            flags(f);
        }
        value(&mut g.transform_to);
        attrs(&mut g.extra);
    }
    for m in &mut s.signal_masks {
        m.loc = Loc::default();
        m.signals.iter_mut().for_each(val);
        prose(&mut m.desc);
    }
    for l in &mut s.locks {
        l.loc = Loc::default();
        let scope = l.effective_scope();
        l.scope = Some(Token { raw: scope.long_name().into(), loc: Loc::default(), value: Some(scope) });
        token(&mut l.kind);
        for t in [&mut l.acquired, &mut l.released, &mut l.held_on_entry, &mut l.held_on_exit] {
            truth(t);
        }
        prose(&mut l.desc);
        attrs(&mut l.extra);
    }
    for e in &mut s.side_effects {
        e.loc = Loc::default();
        flags(&mut e.kinds);
        prose(&mut e.target);
        prose(&mut e.desc);
        prose(&mut e.condition);
        truth(&mut e.reversible);
        attrs(&mut e.extra);
    }
    for t in &mut s.state_transitions {
        t.loc = Loc::default();
        text(&mut t.object);
        for x in [&mut t.from, &mut t.to, &mut t.condition, &mut t.desc, &mut t.target] {
            prose(x);
        }
        attrs(&mut t.extra);
    }
    for c in &mut s.capabilities {
        c.loc = Loc::default();
        token(&mut c.action);
        for x in [&mut c.name, &mut c.allows, &mut c.without, &mut c.condition] {
            prose(x);
        }
        value(&mut c.priority);
        c.alternatives.iter_mut().for_each(val);
        attrs(&mut c.extra);
    }
    for c in &mut s.constraints {
        c.loc = Loc::default();
        text(&mut c.name);
        prose(&mut c.desc);
        prose(&mut c.expr);
        attrs(&mut c.extra);
    }
    for st in &mut s.structs {
        st.loc = Loc::default();
        text(&mut st.name);
        value(&mut st.size);
        value(&mut st.alignment);
        prose(&mut st.desc);
        for f in &mut st.fields {
            f.loc = Loc::default();
            prose(&mut f.ctype);
            prose(&mut f.desc);
            token(&mut f.constraint_kind);
            value(&mut f.min);
            value(&mut f.max);
            value(&mut f.mask);
            f.enum_values.iter_mut().for_each(|(_, v)| val(v));
            f.constraint_text.iter_mut().for_each(text);
            for x in [&mut f.policy, &mut f.flag, &mut f.validate] {
                prose(x);
            }
            value(&mut f.version);
            attrs(&mut f.extra);
        }
        attrs(&mut st.extra);
    }
    for g in &mut s.validation_groups {
        g.loc = Loc::default();
        text(&mut g.name);
        prose(&mut g.policy);
        g.rules.iter_mut().for_each(text);
        prose(&mut g.flags);
        attrs(&mut g.extra);
    }
    lines(&mut s.examples);
    lines(&mut s.notes);
    if let Some(x) = &mut s.sysfs {
        for t in [&mut x.subsystem, &mut x.path, &mut x.device_type, &mut x.default_value, &mut x.units] {
            prose(t);
        }
        prose(&mut x.replacement);
        value(&mut x.permissions);
        value(&mut x.step);
        x.allowed_strings.iter_mut().for_each(text);
        truth(&mut x.deprecated);
    }
    if let Some(x) = &mut s.ioctl {
        value(&mut x.cmd);
        value(&mut x.input_size);
        value(&mut x.output_size);
        prose(&mut x.cmd_name);
        prose(&mut x.file_ops_name);
    }
    attrs(&mut s.extra);
    s
}

fn param(p: &mut Param) {
    p.loc = Loc::default();
    if p.ctype.is_some() {
        // `int *x`, `int * x` and `int* x` are one declaration.
        let d = p.decl().split_whitespace().collect::<Vec<_>>().join(" ");
        p.ctype = Some(d.replace(" *", "*").replace("* ", "*"));
    }
    prose(&mut p.description);
    token(&mut p.kind);
    if let Some(f) = &mut p.flags {
        flags(f);
    }
    token(&mut p.constraint_kind);
    p.constraint_call = None;
    for v in [&mut p.min, &mut p.max, &mut p.mask, &mut p.alignment, &mut p.size, &mut p.size_param] {
        value(v);
    }
    value(&mut p.size_multiplier);
    for a in &mut p.arch_masks {
        a.loc = Loc::default();
        val(&mut a.value);
    }
    p.enum_values.iter_mut().for_each(val);
    prose(&mut p.valid_values);
    prose(&mut p.custom_fn);
    p.cdesc = p.constraint_prose().map(|t| Text::new(t, Loc::default()));
    prose(&mut p.cdesc);
    p.constraint_text.clear();
    prose(&mut p.struct_type);
    if let Some(x) = &mut p.sysfs {
        for t in [&mut x.path, &mut x.default_value, &mut x.units] {
            prose(t);
        }
        value(&mut x.permissions);
        value(&mut x.step);
        x.allowed_strings.iter_mut().for_each(text);
    }
    attrs(&mut p.extra);
}

fn token<E: KapiEnum>(t: &mut Option<Token<E>>) {
    if let Some(t) = t {
        t.loc = Loc::default();
        if let Some(v) = t.value {
            t.raw = v.long_name().to_string();
        }
    }
}

fn flags<E: KapiEnum>(f: &mut FlagSet<E>) {
    let bits = f.bits();
    let known = bits_to_members::<E>(bits);
    let covered = known.iter().fold(0, |a, v| a | v.number());
    let zero = f.known.iter().copied().filter(|v| v.number() == 0).collect::<Vec<_>>();
    f.known = if known.is_empty() { zero } else { known };
    f.literal_bits = bits & !covered;
    f.unknown.sort();
    f.raw.clear();
    f.loc = Loc::default();
}

fn truth(t: &mut Option<Truth>) {
    if let Some(t) = t {
        t.loc = Loc::default();
        if let Some(v) = t.value {
            t.raw = format!("{v:?}");
        }
    }
}

fn val(v: &mut Value) {
    v.loc = Loc::default();
    v.raw = v.raw.split_whitespace().collect::<Vec<_>>().join(" ");
}

fn value(v: &mut Option<Value>) {
    if let Some(v) = v {
        val(v);
    }
}

fn text(t: &mut Text) {
    t.loc = Loc::default();
    t.text = t
        .text
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
}

fn prose(t: &mut Option<Text>) {
    if let Some(x) = t {
        text(x);
        if x.text.is_empty() {
            *t = None;
        }
    }
}

fn lines(t: &mut Option<Text>) {
    if let Some(x) = t {
        x.loc = Loc::default();
        let mut out: Vec<&str> = Vec::new();
        for l in x.text.lines().map(str::trim_end) {
            if l.is_empty() && out.last().is_none_or(|p| p.is_empty()) {
                continue;
            }
            out.push(l);
        }
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        // Continuation lines lose their common indentation, as kerneldoc reads them.
        let base = out.iter().skip(1).filter(|l| !l.is_empty()).map(|l| l.len() - l.trim_start().len()).min();
        let first = out.first().map(|l| l.trim_start().to_string());
        let mut joined = first.unwrap_or_default();
        for l in out.iter().skip(1) {
            joined.push('\n');
            joined.push_str(l.get(base.unwrap_or(0)..).unwrap_or(""));
        }
        x.text = joined;
        if x.text.is_empty() {
            *t = None;
        }
    }
}

fn attrs(a: &mut [Attr]) {
    for x in a {
        text(&mut x.value);
    }
}
