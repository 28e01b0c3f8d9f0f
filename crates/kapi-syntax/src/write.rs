//! The canonical writer: a [`Spec`] as a kerneldoc comment in the newest
//! (v4 short-token) dialect.
//!
//! Layout rules, so that the output reads the same to kernel-doc, to the
//! upstream tool and to kapi:
//! - sub-keys are indented two spaces after `* `, continuations four;
//! - text is filled to [`WIDTH`] columns, and a wrapped line never starts
//!   with a word that contains `:` or starts with `@` (kernel-doc would take
//!   it for a section, kapi for a key);
//! - the `return:` block has no blank line (kernel-doc ends it there), so
//!   paragraphs of its `desc:` are joined;
//! - items come in a fixed order: long-desc, contexts, params, return,
//!   errors, locks, signals, side effects, state transitions, capabilities,
//!   constraints, structs, validation groups, examples, notes, then the
//!   standard `Context:`/`Return:` sections and `kapi-field:` lines.
//!
//! A `*/` inside a text (C comments in examples) is written `*\/`; kapi
//! reads it back as `*/`.
//!
//! Facts that no v4 key carries (ioctl and sysfs facts, signal masks, network
//! fields, a return type name that is not a KAPI type, unknown keys) are
//! written as `kapi-field: PATH = VALUE` lines. kernel-doc knows `kapi-*`
//! sections and the generator ignores them; kapi reads them back into the
//! same fields (see [`crate::field`]).

use kapi_model::enums::*;
use kapi_model::*;

/// Fill width, counting the ` * ` prefix.
pub const WIDTH: usize = 80;

/// What [`kerneldoc`] produced.
#[derive(Clone, Debug, Default)]
pub struct Written {
    /// The comment, from `/**` to ` */` and a newline.
    pub text: String,
    /// Problems met while writing.
    pub diags: Vec<Diagnostic>,
}

/// Writes `spec` as a canonical kerneldoc comment.
pub fn kerneldoc(spec: &Spec) -> Written {
    let mut w = W::default();
    w.spec(spec);
    w.out.push_str(" */\n");
    let detected = crate::scan::Comments::new(&w.out).next().is_some_and(|c| crate::is_spec(&c.lines));
    if !detected {
        // Too little to be told from an ordinary comment: `api-type:` marks it.
        w = W { force_api_type: true, ..W::default() };
        w.spec(spec);
        w.out.push_str(" */\n");
    }
    Written { text: w.out, diags: w.diags }
}

/// Writes `spec` as a comment followed by the prototype it documents, when
/// one was bound.
pub fn kerneldoc_with_definition(spec: &Spec) -> Written {
    let mut w = kerneldoc(spec);
    if let Some(proto) = definition_text(spec) {
        w.text.push_str(&proto);
        w.text.push('\n');
    }
    w
}

/// The definition line written after a spec comment: the bound prototype
/// as found (an incomplete one too, where the source ended inside it).
pub fn definition_text(spec: &Spec) -> Option<String> {
    spec.definition.as_ref().map(|d| d.prototype.clone())
}

#[derive(Default)]
struct W {
    out: String,
    diags: Vec<Diagnostic>,
    fields: Vec<(String, String)>,
    /// Params whose C type comes from the bound prototype.
    bound: Vec<String>,
    /// Write `api-type:` even when the name implies the kind.
    force_api_type: bool,
}

/// The word a canonical spec uses for an enum member.
fn word<E: KapiEnum>(v: E) -> &'static str {
    if v.short_name().is_empty() {
        v.long_name()
    } else {
        v.short_name()
    }
}

fn token<E: KapiEnum>(t: &Token<E>) -> String {
    t.value.map_or_else(|| t.raw.clone(), |v| word(v).to_string())
}

fn flag_words<E: KapiEnum>(f: &FlagSet<E>) -> Vec<String> {
    let mut out: Vec<String> = f.known.iter().map(|v| word(*v).to_string()).collect();
    if f.literal_bits != 0 {
        out.push(format!("0x{:x}", f.literal_bits));
    }
    out.extend(f.unknown.iter().cloned());
    out
}

fn truth(t: &Truth) -> String {
    match t.value {
        Some(TruthValue::Yes) => "yes".into(),
        Some(TruthValue::No) => "no".into(),
        Some(TruthValue::Conditional) => "conditional".into(),
        None => t.raw.clone(),
    }
}

fn values(v: &[Value]) -> String {
    v.iter().map(|x| x.raw.as_str()).collect::<Vec<_>>().join(", ")
}

impl W {
    fn line(&mut self, s: &str) {
        if s.is_empty() {
            self.out.push_str(" *\n");
        } else {
            self.out.push_str(" * ");
            self.out.push_str(s.trim_end());
            self.out.push('\n');
        }
    }

    fn blank(&mut self) {
        if !self.out.ends_with(" *\n") && !self.out.ends_with("/**\n") {
            self.line("");
        }
    }

    /// A `*/` inside a value would end the comment: it is written `*\/`,
    /// which kapi reads back as `*/`.
    fn clean(&mut self, s: &str) -> String {
        s.replace("*/", "*\\/")
    }

    /// `key: text` filled, continuation lines indented two more spaces.
    /// Paragraph breaks become blank comment lines.
    fn prose(&mut self, indent: usize, key: &str, text: &str) {
        let text = self.clean(text);
        let pad = " ".repeat(indent);
        let cont = " ".repeat(indent + 2);
        let mut first = true;
        for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            if !first {
                self.line("");
            }
            // List items keep their own lines; other line breaks are spaces.
            let mut items: Vec<String> = Vec::new();
            for l in para.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                match items.last_mut() {
                    Some(last) if !crate::values::is_bullet(l) => {
                        last.push(' ');
                        last.push_str(l);
                    }
                    _ => items.push(l.to_string()),
                }
            }
            for (i, item) in items.iter().enumerate() {
                let lead = if first && i == 0 { format!("{pad}{key}: ") } else { cont.clone() };
                self.fill(&lead, &cont, item);
            }
            first = false;
        }
        if first {
            self.line(&format!("{pad}{key}:"));
        }
    }

    /// Fills words after `lead`; later lines start with `cont`.
    fn fill(&mut self, lead: &str, cont: &str, text: &str) {
        let mut cur = lead.to_string();
        // A lead such as `@name:` takes its first word after a space.
        let mut empty = !lead.ends_with(':');
        for w in text.split_whitespace() {
            let fits = 3 + cur.chars().count() + 1 + w.chars().count() <= WIDTH;
            // A wrapped line must not start like a key, an @arg or a list item.
            let safe_start = !w.contains(':') && !w.starts_with('@') && !crate::values::is_bullet(&format!("{w} x"));
            if empty || fits || !safe_start {
                if !empty {
                    cur.push(' ');
                }
                cur.push_str(w);
                empty = false;
            } else {
                self.line(&cur);
                cur = format!("{cont}{w}");
            }
        }
        self.line(&cur);
    }

    /// `key: text` kept on one line (tokens, expressions).
    fn flat(&mut self, indent: usize, key: &str, text: &str) {
        let text = self.clean(text);
        let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.line(&format!("{}{key}: {one}", " ".repeat(indent)));
    }

    /// `key: text` with line breaks kept (examples, notes).
    fn verbatim(&mut self, key: &str, text: &str) {
        let text = self.clean(text);
        let mut lines = text.lines().map(str::trim_end).skip_while(|l| l.trim().is_empty()).peekable();
        let Some(first) = lines.next() else { return };
        self.line(&format!("{key}: {}", first.trim_start()));
        let rest: Vec<&str> = lines.collect();
        let end = rest.iter().rposition(|l| !l.trim().is_empty()).map_or(0, |i| i + 1);
        // Readers drop the common indentation of continuation lines; so does the writer.
        let base = rest.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
        let base = base.unwrap_or(0);
        let mut prev_blank = false;
        for l in &rest[..end] {
            if l.trim().is_empty() {
                if !prev_blank {
                    self.line("");
                }
                prev_blank = true;
                continue;
            }
            prev_blank = false;
            self.line(&format!("  {}", l.get(base..).unwrap_or(l.trim_start())));
        }
    }

    fn opt_prose(&mut self, indent: usize, key: &str, t: &Option<Text>) {
        if let Some(t) = t.as_ref().filter(|t| !t.text.trim().is_empty()) {
            self.prose(indent, key, &t.text);
        }
    }

    fn opt_flat(&mut self, indent: usize, key: &str, v: &Option<Value>) {
        if let Some(v) = v {
            self.flat(indent, key, &v.raw);
        }
    }

    fn opt_truth(&mut self, indent: usize, key: &str, t: &Option<Truth>) {
        if let Some(t) = t {
            self.flat(indent, key, &truth(t));
        }
    }

    fn field(&mut self, path: String, value: impl Into<String>) {
        self.fields.push((path, value.into()));
    }

    fn extras(&mut self, prefix: &str, extra: &[Attr]) {
        for a in extra {
            let path = if prefix.is_empty() { a.key.clone() } else { format!("{prefix}.{}", a.key) };
            self.field(path, a.value.text.clone());
        }
    }

    fn spec(&mut self, s: &Spec) {
        self.out.push_str("/**\n");
        if let Some(d) = &s.definition {
            self.bound = d.args.iter().map(|a| a.name.clone()).collect();
        }
        let name = match &s.description {
            Some(d) => format!("{} - {}", s.name, d.text),
            None => format!("{} -", s.name),
        };
        let name = self.clean(&name);
        self.fill("", "  ", &name);
        // One `@name:` line per param, in order: it fixes the order of params
        // that have no prototype to take it from.
        for p in &s.params {
            let d = p.description.as_ref().map(|d| self.clean(&d.text)).unwrap_or_default();
            let one = d.split("\n\n").collect::<Vec<_>>().join(" ");
            self.fill(&format!("@{}:", p.name), "  ", &one);
        }
        if let Some(t) = &s.api_type {
            self.blank();
            self.flat(0, "api-type", &t.text);
        } else if let Some(k) = s.kind.or(self.force_api_type.then(|| s.api_kind())) {
            let implied = match &s.definition {
                Some(d) => match d.kind {
                    DefinitionKind::Syscall | DefinitionKind::CompatSyscall => ApiKind::Syscall,
                    DefinitionKind::Ioctl => ApiKind::Ioctl,
                    DefinitionKind::Function => ApiKind::from_name(&d.name),
                },
                None => ApiKind::from_name(&s.name),
            };
            if k != implied || self.force_api_type {
                self.blank();
                self.flat(0, "api-type", k.as_str());
            }
        }
        if let Some(t) = &s.long_desc {
            self.blank();
            self.prose(0, "long-desc", &t.text);
        }
        if let Some(c) = &s.contexts {
            self.blank();
            self.flat(0, "contexts", &flag_words(c).join(", "));
        }
        if let Some(v) = &s.param_count {
            self.blank();
            self.flat(0, "param-count", &v.raw);
        }
        if let Some(t) = &s.since_version {
            self.blank();
            self.flat(0, "since-version", &t.text);
        }
        for p in &s.params {
            self.param(p);
        }
        if let Some(r) = &s.ret {
            self.ret(r);
        }
        for (i, e) in s.errors.iter().enumerate() {
            self.blank();
            let head = match &e.summary {
                Some(t) => format!("{}, {}", e.name, t.text.split("\n\n").collect::<Vec<_>>().join(" ")),
                None => e.name.clone(),
            };
            let head = self.clean(&head);
            self.fill("error: ", "  ", &head);
            if let Some(c) = &e.code_raw {
                let canonical = e.code.is_some() && c.resolved == e.code.map(i128::from);
                if !canonical {
                    self.field(format!("error[{i}].code"), c.raw.clone());
                }
            }
            self.opt_prose(2, "desc", &e.desc);
            self.opt_prose(2, "condition", &e.condition);
            self.extras(&format!("error[{i}]"), &e.extra);
        }
        for (i, l) in s.locks.iter().enumerate() {
            self.blank();
            self.flat(0, "lock", &l.name);
            if let Some(k) = &l.kind {
                self.flat(2, "type", &token(k));
            }
            self.opt_truth(2, "acquired", &l.acquired);
            self.opt_truth(2, "released", &l.released);
            self.opt_truth(2, "held-on-entry", &l.held_on_entry);
            self.opt_truth(2, "held-on-exit", &l.held_on_exit);
            match &l.scope {
                Some(t) => self.flat(2, "scope", &token(t)),
                None => self.flat(2, "scope", word(l.effective_scope())),
            }
            self.opt_prose(2, "desc", &l.desc);
            self.extras(&format!("lock[{i}]"), &l.extra);
        }
        for (i, g) in s.signals.iter().enumerate() {
            self.signal(i, g);
        }
        for (i, e) in s.side_effects.iter().enumerate() {
            self.blank();
            let kinds = flag_words(&e.kinds);
            self.flat(0, "side-effect", &if kinds.is_empty() { "none".to_string() } else { kinds.join(" | ") });
            self.opt_prose(2, "target", &e.target);
            self.opt_prose(2, "condition", &e.condition);
            self.opt_prose(2, "desc", &e.desc);
            self.opt_truth(2, "reversible", &e.reversible);
            self.extras(&format!("side-effect[{i}]"), &e.extra);
        }
        for (i, t) in s.state_transitions.iter().enumerate() {
            self.blank();
            self.prose(0, "state-trans", &t.object.text);
            self.opt_prose(2, "from", &t.from);
            self.opt_prose(2, "to", &t.to);
            self.opt_prose(2, "condition", &t.condition);
            self.opt_prose(2, "desc", &t.desc);
            self.opt_prose(2, "target", &t.target);
            self.extras(&format!("state-trans[{i}]"), &t.extra);
        }
        for (i, c) in s.capabilities.iter().enumerate() {
            self.blank();
            self.flat(0, "capability", &c.cap);
            if c.number.is_some() && tables::capability(&c.cap) != c.number {
                self.field(format!("capability[{i}].number"), c.number.map(|n| n.to_string()).unwrap_or_default());
            }
            if let Some(a) = &c.action {
                self.flat(2, "type", &token(a));
            }
            self.opt_prose(2, "allows", &c.allows);
            self.opt_prose(2, "without", &c.without);
            self.opt_prose(2, "condition", &c.condition);
            self.opt_flat(2, "priority", &c.priority);
            if !c.alternatives.is_empty() {
                self.flat(2, "alternatives", &values(&c.alternatives));
            }
            self.opt_prose(2, "desc", &c.name);
            self.extras(&format!("capability[{i}]"), &c.extra);
        }
        for (i, c) in s.constraints.iter().enumerate() {
            self.blank();
            self.prose(0, "constraint", &c.name.text);
            self.opt_prose(2, "desc", &c.desc);
            self.opt_prose(2, "expr", &c.expr);
            self.extras(&format!("constraint[{i}]"), &c.extra);
        }
        for (i, st) in s.structs.iter().enumerate() {
            self.structure(i, st);
        }
        for (i, g) in s.validation_groups.iter().enumerate() {
            self.blank();
            self.prose(0, "validation-group", &g.name.text);
            self.opt_prose(2, "policy", &g.policy);
            for r in &g.rules {
                self.prose(2, "rule", &r.text);
            }
            self.opt_prose(2, "flag", &g.flags);
            self.extras(&format!("validation-group[{i}]"), &g.extra);
        }
        if let Some(t) = &s.examples {
            self.blank();
            self.verbatim("examples", &t.text);
        }
        if let Some(t) = &s.notes {
            self.blank();
            self.verbatim("notes", &t.text);
        }
        if let Some(t) = &s.context_note {
            self.blank();
            let one = t.text.split("\n\n").collect::<Vec<_>>().join(" ");
            self.prose(0, "Context", &one);
        }
        if let Some(t) = &s.kdoc_return {
            self.blank();
            let one = t.text.split("\n\n").collect::<Vec<_>>().join(" ");
            self.prose(0, "Return", &one);
        }
        self.spec_fields(s);
        if !self.fields.is_empty() {
            self.blank();
            for (path, value) in std::mem::take(&mut self.fields) {
                self.prose(0, "kapi-field", &format!("{path} = {value}"));
            }
        }
    }

    fn param(&mut self, p: &Param) {
        let has_sub = p.kind.is_some()
            || p.flags.is_some()
            || p.constraint_kind.is_some()
            || p.min.is_some()
            || p.max.is_some()
            || p.mask.is_some()
            || !p.arch_masks.is_empty()
            || !p.enum_values.is_empty()
            || p.valid_values.is_some()
            || p.alignment.is_some()
            || p.size.is_some()
            || p.size_param.is_some()
            || p.size_multiplier.is_some()
            || p.custom_fn.is_some()
            || p.cdesc.is_some()
            || !p.constraint_text.is_empty()
            || p.struct_type.is_some()
            || p.sysfs.is_some()
            || !p.extra.is_empty()
            || (p.ctype.is_some() && !self.bound.contains(&p.name));
        if !p.has_block && !has_sub {
            return;
        }
        self.blank();
        self.flat(0, "param", &p.name);
        let flags = p.flags.as_ref().map(flag_words).unwrap_or_default();
        let simple_flags = p.flags.as_ref().is_some_and(|f| f.unknown.is_empty() && f.literal_bits == 0);
        match (&p.kind, simple_flags) {
            (Some(k), true) if k.value.is_some() && !flags.is_empty() => {
                self.flat(2, "type", &format!("{}, {}", token(k), flags.join(", ")));
            }
            (k, _) => {
                if let Some(k) = k {
                    self.flat(2, "type", &token(k));
                }
                if !flags.is_empty() {
                    self.flat(2, "flags", &flags.join(" | "));
                }
            }
        }
        let (mut range_done, mut mask_done, mut enum_done, mut align_done) = (false, false, false, false);
        let (mut size_done, mut sp_done, mut custom_done) = (false, false, false);
        if let Some(ck) = &p.constraint_kind {
            let call = match ck.value {
                Some(ConstraintKind::Range) if p.min.is_some() && p.max.is_some() => {
                    range_done = true;
                    Some(format!("{}, {}", raw(&p.min), raw(&p.max)))
                }
                Some(ConstraintKind::Mask) if p.mask.is_some() => {
                    mask_done = true;
                    Some(raw(&p.mask))
                }
                Some(ConstraintKind::Enum) if !p.enum_values.is_empty() => {
                    enum_done = true;
                    Some(values(&p.enum_values))
                }
                Some(ConstraintKind::Alignment) if p.alignment.is_some() => {
                    align_done = true;
                    Some(raw(&p.alignment))
                }
                Some(ConstraintKind::Buffer) if p.size_param.is_some() => {
                    sp_done = true;
                    Some(raw(&p.size_param))
                }
                Some(ConstraintKind::UserString | ConstraintKind::UserPtr) if p.size.is_some() => {
                    size_done = true;
                    Some(raw(&p.size))
                }
                Some(ConstraintKind::Custom) if p.custom_fn.is_some() => {
                    custom_done = true;
                    p.custom_fn.as_ref().map(|t| t.text.clone())
                }
                _ => None,
            };
            let name = token(ck);
            match call {
                Some(args) => self.flat(2, "constraint-type", &format!("{name}({args})")),
                None => self.flat(2, "constraint-type", &name),
            }
        }
        if !range_done && (p.min.is_some() || p.max.is_some()) {
            self.flat(2, "range", &format!("{}, {}", raw(&p.min), raw(&p.max)));
        }
        if !mask_done {
            self.opt_flat(2, "valid-mask", &p.mask);
        }
        for a in &p.arch_masks {
            self.flat(2, "arch-mask", &format!("{} = {}", a.arch, a.value.raw));
        }
        if !enum_done && !p.enum_values.is_empty() {
            self.field(format!("param[{}].enum", p.name), values(&p.enum_values));
        }
        if let Some(v) = &p.valid_values {
            self.flat(2, "valid-values", &v.text);
        }
        if !size_done {
            self.opt_flat(2, "size", &p.size);
        }
        if !align_done {
            self.opt_flat(2, "alignment", &p.alignment);
        }
        if !sp_done {
            self.opt_flat(2, "size-param", &p.size_param);
        }
        self.opt_flat(2, "size-multiplier", &p.size_multiplier);
        if !custom_done {
            if let Some(f) = &p.custom_fn {
                self.field(format!("param[{}].custom", p.name), f.text.clone());
            }
        }
        self.opt_prose(2, "struct-type", &p.struct_type);
        if let Some(c) = p.constraint_prose() {
            self.prose(2, "cdesc", &c);
        }
        if let Some(ct) = &p.ctype {
            if !self.bound.contains(&p.name) {
                self.field(format!("param[{}].ctype", p.name), ct.clone());
            }
        }
        if let Some(sys) = &p.sysfs {
            let pre = format!("param[{}].sysfs", p.name);
            sysfs_param_fields(self, &pre, sys);
        }
        self.extras(&format!("param[{}]", p.name), &p.extra);
        if !p.has_block {
            self.field(format!("param[{}].block", p.name), "no");
        }
    }

    fn ret(&mut self, r: &ReturnSpec) {
        self.blank();
        self.line("return:");
        let tn = r.type_name.as_ref().map(|t| t.text.as_str());
        match (&r.kind, tn) {
            (Some(k), Some(tn)) if k.value.is_some() && k.value == ParamType::parse(tn) => self.flat(2, "type", tn),
            (Some(k), _) if k.value.is_some() => {
                self.flat(2, "type", &token(k));
                if let Some(tn) = tn {
                    self.field("return.type-name".into(), tn);
                }
            }
            (Some(k), Some(tn)) if k.raw == tn => self.flat(2, "type", tn),
            (k, tn) => {
                if let Some(tn) = tn {
                    self.flat(2, "type", tn);
                }
                if let Some(k) = k {
                    self.field("return.kind".into(), k.raw.clone());
                }
            }
        }
        if let Some(c) = &r.check {
            self.flat(2, "check-type", &token(c));
        }
        if let Some(s) = &r.success {
            match s.op {
                CmpOp::Eq => self.flat(2, "success", &s.value.raw),
                op => self.flat(2, "success", &format!("{} {}", op.as_str(), s.value.raw)),
            }
        }
        if r.success_min.is_some() || r.success_max.is_some() {
            self.flat(2, "success-range", &format!("{}, {}", raw(&r.success_min), raw(&r.success_max)));
        }
        if !r.error_values.is_empty() {
            self.flat(2, "error-values", &values(&r.error_values));
        }
        if let Some(d) = r.desc.as_ref().filter(|t| !t.text.trim().is_empty()) {
            let one = d.text.split("\n\n").collect::<Vec<_>>().join(" ");
            self.prose(2, "desc", &one);
        }
        self.extras("return", &r.extra);
    }

    fn signal(&mut self, i: usize, g: &SignalSpec) {
        self.blank();
        self.flat(0, "signal", &g.name);
        if let Some(d) = &g.direction {
            self.flat(2, "direction", &flag_words(d).join(", "));
        }
        if let Some(a) = &g.action {
            self.flat(2, "action", &token(a));
        }
        self.opt_prose(2, "condition", &g.condition);
        self.opt_prose(2, "desc", &g.desc);
        if let Some(e) = &g.errno {
            let w = match (&e.name, e.code) {
                (Some(n), Some(_)) => format!("-{n}"),
                _ => e.raw.clone(),
            };
            self.flat(2, "errno", &w);
        }
        if let Some(t) = &g.timing {
            self.flat(2, "timing", &token(t));
        }
        self.opt_flat(2, "priority", &g.priority);
        self.opt_truth(2, "restartable", &g.restartable);
        self.opt_truth(2, "interruptible", &g.interruptible);
        if g.number.is_some() && g.number != tables::signal(g.name.trim()) {
            self.flat(2, "number", &g.number.map(|n| n.to_string()).unwrap_or_default());
        }
        self.opt_prose(2, "target", &g.target);
        if let Some(q) = &g.queue {
            self.flat(2, "queue", &token(q));
        }
        self.opt_flat(2, "transform-to", &g.transform_to);
        self.opt_flat(2, "sa-flags-required", &g.sa_flags_required);
        self.opt_flat(2, "sa-flags-forbidden", &g.sa_flags_forbidden);
        if let Some(f) = &g.state_required {
            self.flat(2, "state-required", &flag_words(f).join(" | "));
        }
        if let Some(f) = &g.state_forbidden {
            self.flat(2, "state-forbidden", &flag_words(f).join(" | "));
        }
        self.extras(&format!("signal[{i}]"), &g.extra);
    }

    fn structure(&mut self, i: usize, st: &StructSpec) {
        self.blank();
        self.prose(0, "struct", &st.name.text);
        self.opt_flat(2, "size", &st.size);
        self.opt_flat(2, "alignment", &st.alignment);
        self.opt_prose(2, "desc", &st.desc);
        if let Some(p) = &st.param {
            self.field(format!("struct[{i}].param"), p.clone());
        }
        for (j, f) in st.fields.iter().enumerate() {
            self.flat(2, "field", &f.name);
            if let Some(t) = &f.ctype {
                self.flat(4, "type", &t.text);
            }
            self.opt_prose(4, "desc", &f.desc);
            if let Some(k) = &f.constraint_kind {
                self.flat(4, "constraint-type", &token(k));
            }
            if f.min.is_some() || f.max.is_some() {
                self.flat(4, "range", &format!("{}, {}", raw(&f.min), raw(&f.max)));
            }
            let opaque = f.enum_values.iter().any(|(n, v)| *n == v.raw && n.contains(['"', ',', '(']));
            if opaque {
                for (n, _) in &f.enum_values {
                    self.field(format!("struct[{i}].field[{j}].enum-text"), n.clone());
                }
            } else if !f.enum_values.is_empty() {
                let pairs: Vec<String> = f
                    .enum_values
                    .iter()
                    .map(|(n, v)| if *n == v.raw { n.clone() } else { format!("{n}({})", v.raw) })
                    .collect();
                self.flat(4, "enum", &pairs.join(", "));
            }
            self.opt_flat(4, "mask", &f.mask);
            // kernel-doc would take an indented `constraint:` for a new item.
            for c in &f.constraint_text {
                self.field(format!("struct[{i}].field[{j}].constraint"), c.text.clone());
            }
            self.opt_prose(4, "policy", &f.policy);
            self.opt_flat(4, "version", &f.version);
            self.opt_prose(4, "flag", &f.flag);
            self.opt_prose(4, "validate", &f.validate);
            self.extras(&format!("struct[{i}].field[{j}]"), &f.extra);
        }
        self.extras(&format!("struct[{i}]"), &st.extra);
    }

    fn spec_fields(&mut self, s: &Spec) {
        if let Some(io) = &s.ioctl {
            let pairs = [
                ("ioctl.cmd", io.cmd.as_ref().map(|v| v.raw.clone())),
                ("ioctl.cmd-name", io.cmd_name.as_ref().map(|t| t.text.clone())),
                ("ioctl.input-size", io.input_size.as_ref().map(|v| v.raw.clone())),
                ("ioctl.output-size", io.output_size.as_ref().map(|v| v.raw.clone())),
                ("ioctl.file-ops", io.file_ops_name.as_ref().map(|t| t.text.clone())),
            ];
            for (k, v) in pairs {
                if let Some(v) = v {
                    self.field(k.into(), v);
                }
            }
        }
        if let Some(sy) = &s.sysfs {
            let pairs = [
                ("sysfs.subsystem", sy.subsystem.as_ref().map(|t| t.text.clone())),
                ("sysfs.path", sy.path.as_ref().map(|t| t.text.clone())),
                ("sysfs.permissions", sy.permissions.as_ref().map(|v| v.raw.clone())),
                ("sysfs.device-type", sy.device_type.as_ref().map(|t| t.text.clone())),
                ("sysfs.default", sy.default_value.as_ref().map(|t| t.text.clone())),
                ("sysfs.units", sy.units.as_ref().map(|t| t.text.clone())),
                ("sysfs.step", sy.step.as_ref().map(|v| v.raw.clone())),
                ("sysfs.deprecated", sy.deprecated.as_ref().map(truth)),
                ("sysfs.replacement", sy.replacement.as_ref().map(|t| t.text.clone())),
            ];
            for (k, v) in pairs {
                if let Some(v) = v {
                    self.field(k.into(), v);
                }
            }
            for a in &sy.allowed_strings {
                self.field("sysfs.allowed-string".into(), a.text.clone());
            }
            if *sy == SysfsInfo::default() {
                self.field("sysfs".into(), "yes");
            }
        }
        for (i, m) in s.signal_masks.iter().enumerate() {
            self.field(format!("signal-mask[{i}].name"), m.name.clone());
            if !m.signals.is_empty() {
                self.field(format!("signal-mask[{i}].signals"), values(&m.signals));
            }
            if let Some(d) = &m.desc {
                self.field(format!("signal-mask[{i}].desc"), d.text.clone());
            }
        }
        self.extras("", &s.extra);
    }
}

fn sysfs_param_fields(w: &mut W, pre: &str, sys: &SysfsParam) {
    let pairs = [
        ("path", sys.path.as_ref().map(|t| t.text.clone())),
        ("permissions", sys.permissions.as_ref().map(|v| v.raw.clone())),
        ("default", sys.default_value.as_ref().map(|t| t.text.clone())),
        ("units", sys.units.as_ref().map(|t| t.text.clone())),
        ("step", sys.step.as_ref().map(|v| v.raw.clone())),
    ];
    let mut any = false;
    for (k, v) in pairs {
        if let Some(v) = v {
            w.field(format!("{pre}.{k}"), v);
            any = true;
        }
    }
    for a in &sys.allowed_strings {
        w.field(format!("{pre}.allowed-string"), a.text.clone());
        any = true;
    }
    if !any {
        w.field(pre.to_string(), "yes");
    }
}

fn raw(v: &Option<Value>) -> String {
    v.as_ref().map_or_else(String::new, |v| v.raw.clone())
}

/// What [`format_text`] did to one file.
#[derive(Clone, Debug, Default)]
pub struct Formatted {
    /// The new text (equal to the input when nothing changed).
    pub text: String,
    /// Spec comments rewritten.
    pub changed: usize,
    /// Spec comments left alone, with why.
    pub skipped: Vec<Diagnostic>,
}

/// Rewrites every kerneldoc spec comment of a C file in the canonical form,
/// leaving everything else byte for byte. A comment with errors, or one the
/// writer cannot reproduce without changing the spec, is left as it is.
pub fn format_text(path: &str, text: &str) -> Formatted {
    let parsed = crate::parse_text(path, text);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut changed = 0;
    let mut skipped = Vec::new();
    for p in &parsed.specs {
        let Some(span) = p.span.clone() else { continue };
        if span.start < pos || span.end > text.len() {
            continue;
        }
        let first = p.spec.origin.loc.line;
        let last = p.spec.origin.end.line;
        let errors = parsed
            .diags
            .iter()
            .filter(|d| d.severity == Severity::Error && (first..=last).contains(&d.loc.line))
            .count();
        if errors > 0 {
            skipped.push(
                Diagnostic::warning(
                    "bad-value",
                    p.spec.origin.loc,
                    format!("not formatted: the spec of {} has {errors} error(s); fix them first", p.spec.name),
                )
                .in_file(path),
            );
            continue;
        }
        // The comment's own indentation is kept for every line.
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let lead = &text[line_start..span.start];
        let indent: String = if lead.chars().all(|c| c == ' ' || c == '\t') { lead.to_string() } else { String::new() };
        let w = kerneldoc(&p.spec);
        // Writing must keep the spec; otherwise leave the comment alone.
        let again = crate::parse_text(path, &format!("{}{}", w.text, definition_text(&p.spec).unwrap_or_default()));
        let same = again.specs.len() == 1 && normalized(&again.specs[0].spec) == normalized(&p.spec);
        if !same {
            skipped.push(
                Diagnostic::warning(
                    "bad-value",
                    p.spec.origin.loc,
                    format!(
                        "not formatted: the canonical form of {} would not read back as the same spec",
                        p.spec.name
                    ),
                )
                .in_file(path),
            );
            continue;
        }
        let mut new = String::new();
        for (i, l) in w.text.trim_end_matches('\n').split('\n').enumerate() {
            if i > 0 {
                new.push('\n');
                new.push_str(&indent);
            }
            new.push_str(l);
        }
        out.push_str(&text[pos..span.start]);
        if text[span.clone()] != new {
            changed += 1;
        }
        out.push_str(&new);
        pos = span.end;
    }
    out.push_str(&text[pos..]);
    Formatted { text: out, changed, skipped }
}
