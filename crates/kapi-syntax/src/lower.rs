//! Lowering a comment tree into a [`Spec`].

use crate::keys::{self, Item, Kdoc, Top, ValueKey};
use crate::tree::{Node, Tree, VLine};
use crate::values::{self, call_form, flat, looks_like_errno, prose, split_commas, verbatim};
use kapi_model::enums::*;
use kapi_model::*;

/// Which dialect features a block used, with where each was first seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DialectMarks {
    /// RFC v3 flat keys (`param-type:`).
    pub flat: Option<Loc>,
    /// RFC v4 typed heads (`param: NAME, TYPE`, `lock: NAME, TYPE`, one-line `capability:`).
    pub typed_head: Option<Loc>,
    /// Long `KAPI_*` tokens in sub-key values.
    pub long_token: Option<Loc>,
    /// Short v3+ words, `contexts:`, call-form constraints or `errno:`.
    pub short_token: Option<Loc>,
}

impl DialectMarks {
    /// The dialect these marks point to.
    pub fn dialect(&self) -> Dialect {
        if self.flat.is_some() {
            Dialect::Flat
        } else if self.typed_head.is_some() {
            Dialect::NestedTypedHeads
        } else if self.short_token.is_some() {
            Dialect::ShortToken
        } else {
            Dialect::NestedLong
        }
    }

    /// Whether long and short tokens were mixed in one block.
    pub fn mixed(&self) -> bool {
        self.long_token.is_some() && self.short_token.is_some()
    }
}

/// The result of lowering one comment.
#[derive(Clone, Debug)]
pub struct Lowered {
    /// The spec (without its definition; see [`crate::parse_text`]).
    pub spec: Spec,
    /// Dialect evidence.
    pub marks: DialectMarks,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

struct Lowerer {
    spec: Spec,
    marks: DialectMarks,
    diags: Vec<Diagnostic>,
    /// Params whose description came from a `desc:` sub-key.
    desc_keyed: Vec<String>,
    /// `kapi-field:` lines: path, value, where the line and the value start.
    fields: Vec<(String, String, Loc, Loc)>,
}

/// Lowers `tree` into a spec.
pub fn lower(tree: &Tree<'_>) -> Lowered {
    let mut l = Lowerer {
        spec: Spec::default(),
        marks: DialectMarks::default(),
        diags: Vec::new(),
        desc_keyed: Vec::new(),
        fields: Vec::new(),
    };
    l.header(tree);
    for &n in &tree.top {
        l.top(tree, &tree.nodes[n]);
    }
    // `kapi-field:` lines refer to items by index, so they apply last.
    for (path, value, loc, vloc) in std::mem::take(&mut l.fields) {
        if let Err(msg) = crate::field::apply(&mut l.spec, &path, &value, vloc) {
            l.warn("bad-value", loc, format!("`kapi-field: {path}`: {msg}; it is kept as an extra attribute"));
            l.spec.extra.push(Attr { key: path, value: Text::new(value, vloc) });
        }
    }
    l.spec.dialect = Some(l.marks.dialect());
    Lowered { spec: l.spec, marks: l.marks, diags: l.diags }
}

fn children<'t, 'a>(tree: &'t Tree<'a>, node: &'t Node<'a>) -> impl Iterator<Item = &'t Node<'a>> {
    node.children.iter().map(move |&c| &tree.nodes[c])
}

fn head(node: &Node<'_>) -> Option<(String, Loc)> {
    flat(&node.lines)
}

impl Lowerer {
    fn warn(&mut self, code: &'static str, loc: Loc, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(code, loc, msg));
        self.diags.last_mut().expect("just pushed")
    }

    fn err(&mut self, code: &'static str, loc: Loc, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(code, loc, msg));
        self.diags.last_mut().expect("just pushed")
    }

    fn header(&mut self, tree: &Tree<'_>) {
        let h = &tree.header;
        if let Some(nl) = &h.name_line {
            let text = nl.text;
            let (name, purpose) = match text.find(" - ").or_else(|| text.find(" -\t")) {
                Some(i) => (&text[..i], Some((&text[i + 3..], i + 3))),
                None => match text.strip_suffix(" -") {
                    Some(n) => (n, None),
                    None => (text, None),
                },
            };
            let name = name.trim().trim_end_matches("()").trim();
            let name = name.strip_prefix("function ").unwrap_or(name);
            self.spec.name = name.to_string();
            let mut lines = Vec::new();
            if let Some((p, off)) = purpose {
                lines.push(VLine {
                    text: p.trim(),
                    loc: Loc::new(nl.loc.line, nl.loc.col + text[..off].chars().count() as u32),
                    indent: 0,
                });
            }
            lines.extend(h.purpose_more.iter().cloned());
            self.spec.description = prose(&lines);
        }
        for (name, loc, lines) in &h.args {
            let desc = prose(lines);
            let p = self.param_mut(name, *loc, false);
            if p.description.is_none() {
                p.description = desc;
            }
        }
    }

    /// Finds or creates the param `name`. `block` says whether this is its block.
    fn param_mut(&mut self, name: &str, loc: Loc, block: bool) -> &mut Param {
        let idx = match self.spec.params.iter().position(|p| p.name == name) {
            Some(i) => i,
            None => {
                let index = self.spec.params.len();
                self.spec.params.push(Param { index, name: name.to_string(), loc, ..Param::default() });
                index
            }
        };
        let p = &mut self.spec.params[idx];
        if block && !p.has_block {
            p.has_block = true;
            p.loc = loc;
        }
        p
    }

    fn note_token<E: KapiEnum>(&mut self, tok: &Token<E>) {
        if tok.value.is_none() {
            self.unknown_token::<E>(&tok.raw, tok.loc);
        } else if tok.raw.starts_with("KAPI_") {
            self.marks.long_token.get_or_insert(tok.loc);
        } else {
            self.marks.short_token.get_or_insert(tok.loc);
        }
    }

    fn note_flags<E: KapiEnum>(&mut self, set: &FlagSet<E>) {
        for w in &set.unknown {
            self.unknown_token::<E>(w, set.loc);
        }
        if set.raw.contains("KAPI_") {
            self.marks.long_token.get_or_insert(set.loc);
        } else if !set.known.is_empty() {
            self.marks.short_token.get_or_insert(set.loc);
        }
    }

    fn unknown_token<E: KapiEnum>(&mut self, word: &str, loc: Loc) {
        let help = keys::suggest(word, E::spellings()).map(|s| format!("did you mean `{s}`?"));
        let known: Vec<&str> = E::all().iter().map(|v| v.short_name()).collect();
        self.diags.push(
            Diagnostic::warning(
                "unknown-token",
                loc,
                format!("`{word}` is not a {}; it is kept as written and has no number", E::FAMILY),
            )
            .with_len(word.chars().count())
            .with_note(format!("known: {}", known.join(", ")))
            .with_help_opt(help),
        );
    }

    fn token<E: KapiEnum>(&mut self, raw: &str, loc: Loc) -> Token<E> {
        let t = Token::parse(raw, loc);
        self.note_token(&t);
        t
    }

    fn flags<E: KapiEnum>(&mut self, raw: &str, loc: Loc) -> FlagSet<E> {
        let s = FlagSet::parse(raw, loc);
        self.note_flags(&s);
        s
    }

    fn value(&mut self, raw: &str, loc: Loc) -> Value {
        let v = Value::parse(raw, loc);
        if let Some(e) = &v.error {
            self.warn("bad-value", loc, format!("`{raw}` is not a C constant expression: {e}")).len =
                raw.chars().count() as u32;
        }
        v
    }

    fn node_value(&mut self, node: &Node<'_>) -> Option<Value> {
        match flat(&node.lines) {
            Some((s, loc)) => Some(self.value(&s, loc)),
            None => {
                self.missing(node);
                None
            }
        }
    }

    fn node_text(&mut self, node: &Node<'_>) -> Option<Text> {
        let t = prose(&node.lines);
        if t.is_none() {
            self.missing(node);
        }
        t
    }

    fn node_truth(&mut self, node: &Node<'_>) -> Option<Truth> {
        let (s, loc) = flat(&node.lines).or_else(|| {
            self.missing(node);
            None
        })?;
        let t = Truth::parse(&s, loc);
        if t.value.is_none() {
            self.warn("bad-value", loc, format!("`{s}` is not yes or no")).len = s.chars().count() as u32;
        }
        Some(t)
    }

    fn missing(&mut self, node: &Node<'_>) {
        self.warn("missing-value", node.loc, format!("`{}:` has no value", node.key)).len = node.key.len() as u32 + 1;
    }

    fn extra(&mut self, node: &Node<'_>) -> Attr {
        Attr { key: node.key.to_string(), value: prose(&node.lines).unwrap_or_else(|| Text::new("", node.loc)) }
    }

    /// Sets a single-valued field. A second value is not used; it is kept,
    /// whole, in the diagnostic.
    fn set_once<T>(&mut self, slot: &mut Option<T>, v: Option<T>, node: &Node<'_>) {
        if v.is_none() {
            return;
        }
        if slot.is_some() {
            let ignored = prose(&node.lines).map(|t| t.text).unwrap_or_default();
            let d = Diagnostic::warning(
                "duplicate-key",
                node.loc,
                format!("`{}:` is given twice; the first value is used", node.key),
            )
            .with_len(node.key.len() + 1)
            .with_note(format!("ignored value: {ignored}"));
            self.diags.push(d);
            return;
        }
        *slot = v;
    }

    /// Like [`Lowerer::set_once`], for lists.
    fn set_list_once<T>(&mut self, slot: &mut Vec<T>, v: Vec<T>, node: &Node<'_>) {
        if slot.is_empty() {
            *slot = v;
        } else if !v.is_empty() {
            let mut one = Some(());
            self.set_once(&mut one, Some(()), node);
        }
    }

    fn top(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        match node.top {
            Some(Top::Item(item)) => self.item(tree, node, item),
            Some(Top::Value(v)) => self.value_key(node, v),
            Some(Top::Flat) => {
                self.marks.flat.get_or_insert(node.loc);
                self.flat_key(node);
            }
            Some(Top::Kdoc(k)) => self.kdoc(node, k),
            None => {
                let help = keys::suggest(node.key, keys::all_top_level()).map(|s| format!("did you mean `{s}:`?"));
                self.diags.push(
                    Diagnostic::warning(
                        "unknown-key",
                        node.loc,
                        format!("unknown key `{}:`; its value is kept as an extra attribute", node.key),
                    )
                    .with_len(node.key.len() + 1)
                    .with_help_opt(help),
                );
                let a = self.extra(node);
                self.spec.extra.push(a);
            }
        }
    }

    fn kdoc(&mut self, node: &Node<'_>, k: Kdoc) {
        match k {
            Kdoc::Context => append_text(&mut self.spec.context_note, prose(&node.lines)),
            Kdoc::Return => append_text(&mut self.spec.kdoc_return, prose(&node.lines)),
            Kdoc::Description => {
                self.spec.extra.push(Attr { key: "Description".into(), value: prose(&node.lines).unwrap_or_default() })
            }
            Kdoc::Note => append_text(&mut self.spec.notes, verbatim(&node.lines)),
            Kdoc::Example => append_text(&mut self.spec.examples, verbatim(&node.lines)),
        }
    }

    fn value_key(&mut self, node: &Node<'_>, key: ValueKey) {
        match key {
            ValueKey::LongDesc => {
                let t = self.node_text(node);
                let mut slot = self.spec.long_desc.take();
                self.set_once(&mut slot, t, node);
                self.spec.long_desc = slot;
            }
            ValueKey::Contexts => {
                if node.key == "contexts" {
                    self.marks.short_token.get_or_insert(node.loc);
                }
                if let Some((s, loc)) = flat(&node.lines) {
                    let f = self.flags::<ContextFlag>(&s, loc);
                    let mut slot = self.spec.contexts.take();
                    self.set_once(&mut slot, Some(f), node);
                    self.spec.contexts = slot;
                } else {
                    self.missing(node);
                }
            }
            ValueKey::ParamCount => {
                let v = self.node_value(node);
                let mut slot = self.spec.param_count.take();
                self.set_once(&mut slot, v, node);
                self.spec.param_count = slot;
            }
            ValueKey::Since => {
                let v = self.node_text(node);
                let mut slot = self.spec.since_version.take();
                self.set_once(&mut slot, v, node);
                self.spec.since_version = slot;
            }
            ValueKey::Examples => append_text(&mut self.spec.examples, verbatim(&node.lines)),
            ValueKey::Notes => append_text(&mut self.spec.notes, verbatim(&node.lines)),
            ValueKey::ApiType => {
                let v = self.node_text(node);
                let mut slot = self.spec.api_type.take();
                self.set_once(&mut slot, v, node);
                self.spec.api_type = slot;
            }
            ValueKey::ApiVersion => {
                let a = self.extra(node);
                self.spec.extra.push(a);
            }
            ValueKey::KapiField => match prose(&node.lines) {
                Some(t) => match t.text.split_once(" = ").or_else(|| t.text.split_once('=')) {
                    Some((path, value)) => {
                        let off = t.text.len() - value.len();
                        let vloc = Loc::new(t.loc.line, t.loc.col + t.text[..off].chars().count() as u32);
                        self.fields.push((path.trim().to_string(), value.trim().to_string(), t.loc, vloc));
                    }
                    None => {
                        self.warn("bad-value", t.loc, format!("`kapi-field: {}` should read `PATH = VALUE`", t.text));
                    }
                },
                None => self.missing(node),
            },
        }
    }

    fn item(&mut self, tree: &Tree<'_>, node: &Node<'_>, item: Item) {
        match item {
            Item::Param => self.param(tree, node),
            Item::Return => self.ret(tree, node),
            Item::Error => self.error(tree, node),
            Item::Signal => self.signal(tree, node),
            Item::Lock => self.lock(tree, node),
            Item::SideEffect => self.side_effect(tree, node),
            Item::StateTrans => self.state_trans(tree, node),
            Item::Capability => self.capability(tree, node),
            Item::Constraint => self.constraint(tree, node),
            Item::Struct => self.structure(tree, node),
            Item::ValidationGroup => self.validation_group(tree, node),
            Item::Field => {}
        }
    }

    fn param(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let fields = split_commas(&h, loc, 2);
        let name = fields[0].text.to_string();
        if name.is_empty() || name.contains(char::is_whitespace) {
            self.warn("bad-value", loc, format!("`{h}` is not a parameter name"));
        }
        let mut head_type = None;
        if let Some(f) = fields.get(1) {
            self.marks.typed_head.get_or_insert(f.loc);
            let t = Token::<ParamType>::parse(f.text, f.loc);
            if t.value.is_none() {
                self.unknown_token::<ParamType>(f.text, f.loc);
            }
            head_type = Some(t);
        }
        if let Some(first) = self.spec.params.iter().find(|p| p.name == name && p.has_block) {
            let first = first.loc;
            let d = Diagnostic::warning(
                "duplicate-param",
                node.loc,
                format!("a second `param: {name}` block; its sub-keys are merged into the first"),
            )
            .with_len(6)
            .with_note(format!("the first block is at line {}", first.line));
            self.diags.push(d);
        }
        let idx = {
            let p = self.param_mut(&name, node.loc, true);
            p.index
        };
        let mut p = std::mem::take(&mut self.spec.params[idx]);
        if head_type.is_some() {
            p.kind = head_type;
        }
        for c in children(tree, node) {
            self.param_sub(&mut p, c);
        }
        self.spec.params[idx] = p;
    }

    fn param_sub(&mut self, p: &mut Param, c: &Node<'_>) {
        match c.key {
            "type" => {
                let Some((s, loc)) = flat(&c.lines) else { return self.missing(c) };
                let f = split_commas(&s, loc, 2);
                let t = self.token::<ParamType>(f[0].text, f[0].loc);
                self.set_once(&mut p.kind, Some(t), c);
                if let Some(rest) = f.get(1) {
                    let fl = self.flags::<ParamFlag>(rest.text, rest.loc);
                    p.flags = Some(merge_flags(p.flags.take(), fl));
                }
            }
            "flags" => {
                let Some((s, loc)) = flat(&c.lines) else { return self.missing(c) };
                let fl = self.flags::<ParamFlag>(&s, loc);
                p.flags = Some(merge_flags(p.flags.take(), fl));
            }
            "constraint-type" => self.constraint_type(p, c),
            "range" => {
                let Some((s, loc)) = flat(&c.lines) else { return self.missing(c) };
                self.range(&s, loc, &mut p.min, &mut p.max);
            }
            "valid-mask" | "mask" => {
                let v = self.node_value(c);
                self.set_once(&mut p.mask, v, c);
            }
            "arch-mask" => {
                let Some((s, loc)) = flat(&c.lines) else { return self.missing(c) };
                self.marks.short_token.get_or_insert(loc);
                match s.split_once('=') {
                    Some((arch, bits)) => {
                        let arch = arch.trim();
                        if !ARCHES.contains(&arch) {
                            let help =
                                keys::suggest(arch, ARCHES.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                            self.diags.push(
                                Diagnostic::warning(
                                    "unknown-token",
                                    loc,
                                    format!("`{arch}` is not a kernel architecture"),
                                )
                                .with_help_opt(help),
                            );
                        }
                        let off = s.find('=').unwrap_or(0) + 1;
                        let vloc = Loc::new(loc.line, loc.col + s[..off].chars().count() as u32 + 1);
                        let value = self.value(bits.trim(), vloc);
                        p.arch_masks.push(ArchMask { arch: arch.to_string(), value, loc });
                    }
                    None => {
                        self.warn("bad-value", loc, format!("`arch-mask: {s}` should read `<arch> = <bits>`"));
                    }
                }
            }
            "valid-values" => {
                let v = self.node_text(c);
                self.set_once(&mut p.valid_values, v, c);
            }
            "size" => {
                let v = self.node_value(c);
                self.set_once(&mut p.size, v, c);
            }
            "alignment" => {
                let v = self.node_value(c);
                self.set_once(&mut p.alignment, v, c);
            }
            "size-param" => {
                let v = self.node_value(c);
                self.set_once(&mut p.size_param, v, c);
            }
            "size-multiplier" => {
                let v = self.node_value(c);
                self.set_once(&mut p.size_multiplier, v, c);
            }
            "cdesc" => {
                let t = self.node_text(c);
                self.set_once(&mut p.cdesc, t, c);
            }
            "constraint" => {
                if let Some(t) = self.node_text(c) {
                    p.constraint_text.push(t);
                }
            }
            "struct-type" => {
                let v = self.node_text(c);
                self.set_once(&mut p.struct_type, v, c);
            }
            "desc" | "description" => {
                if let Some(t) = self.node_text(c) {
                    if self.desc_keyed.contains(&p.name) {
                        let mut slot = p.description.take();
                        self.set_once(&mut slot, Some(t), c);
                        p.description = slot;
                    } else {
                        // `desc:` overrides the `@name:` line; that text is kept aside.
                        if let Some(old) = p.description.replace(t) {
                            p.extra.push(Attr { key: format!("@{}", p.name), value: old });
                        }
                        self.desc_keyed.push(p.name.clone());
                    }
                }
            }
            _ => {}
        }
    }

    fn range(&mut self, s: &str, loc: Loc, min: &mut Option<Value>, max: &mut Option<Value>) {
        if min.is_some() || max.is_some() {
            let d = Diagnostic::warning("duplicate-key", loc, "a second range is given; the first is used")
                .with_note(format!("ignored value: {s}"));
            self.diags.push(d);
            return;
        }
        let f = split_commas(s, loc, 0);
        if f.len() != 2 {
            self.warn("bad-value", loc, format!("a range needs two values `lo, hi`, found `{s}`")).len =
                s.chars().count() as u32;
        }
        if let Some(lo) = f.first().filter(|f| !f.text.is_empty()) {
            *min = Some(self.value(lo.text, lo.loc));
        }
        if f.len() >= 2 {
            let rest = f[1..].iter().map(|f| f.text).collect::<Vec<_>>().join(", ");
            *max = Some(self.value(&rest, f[1].loc));
        }
    }

    fn constraint_type(&mut self, p: &mut Param, c: &Node<'_>) {
        let Some((s, loc)) = flat(&c.lines) else { return self.missing(c) };
        if let Some(off) = values::unbalanced(&s) {
            self.err(
                "unbalanced-parens",
                Loc::new(loc.line, loc.col + off as u32),
                format!("unbalanced parentheses in `{s}`"),
            );
            p.constraint_kind = Some(Token { raw: s.clone(), loc, value: None });
            return;
        }
        let Some((name, args)) = call_form(&s) else {
            self.warn("bad-value", loc, format!("`{s}` is not a constraint"));
            return;
        };
        let tok: Token<ConstraintKind> = Token::parse(name, loc);
        if args.is_some() {
            self.marks.short_token.get_or_insert(loc);
            self.set_once(&mut p.constraint_call, Some(Text::new(s.clone(), loc)), c);
        }
        if tok.value.is_none() {
            self.unknown_token::<ConstraintKind>(name, loc);
        } else if args.is_none() {
            self.note_token(&tok);
        }
        let arg_loc = Loc::new(loc.line, loc.col + name.chars().count() as u32 + 1);
        let arg_text = args.unwrap_or("").trim();
        let nargs = if arg_text.is_empty() { 0 } else { split_commas(arg_text, arg_loc, 0).len() };
        let want = |l: &mut Lowerer, n: usize| {
            if nargs != n {
                l.warn("bad-value", loc, format!("`{name}(...)` takes {n} argument(s), found {nargs}"));
            }
        };
        match (tok.value, args) {
            (Some(ConstraintKind::Range), Some(a)) => {
                want(self, 2);
                self.range(a, arg_loc, &mut p.min, &mut p.max);
            }
            (Some(ConstraintKind::Mask), Some(a)) => {
                want(self, 1);
                let v = Some(self.value(a, arg_loc));
                self.set_once(&mut p.mask, v, c);
            }
            (Some(ConstraintKind::Enum), Some(a)) => {
                let v = split_commas(a, arg_loc, 0).into_iter().map(|f| self.value(f.text, f.loc)).collect();
                self.set_list_once(&mut p.enum_values, v, c);
            }
            (Some(ConstraintKind::Alignment), Some(a)) => {
                want(self, 1);
                let v = Some(self.value(a, arg_loc));
                self.set_once(&mut p.alignment, v, c);
            }
            (Some(ConstraintKind::Buffer), Some(a)) => {
                want(self, 1);
                let v = Some(self.value(a, arg_loc));
                self.set_once(&mut p.size_param, v, c);
            }
            (Some(ConstraintKind::UserString), Some(a)) => {
                want(self, 1);
                let v = Some(self.value(a, arg_loc));
                self.set_once(&mut p.size, v, c);
            }
            (Some(ConstraintKind::UserPtr), Some(a)) if !a.trim().is_empty() => {
                let v = Some(self.value(a, arg_loc));
                self.set_once(&mut p.size, v, c);
            }
            (Some(ConstraintKind::Custom), Some(a)) => {
                self.set_once(&mut p.custom_fn, Some(Text::new(a.trim(), arg_loc)), c)
            }
            (Some(_), Some(a)) if !a.trim().is_empty() => {
                self.warn("bad-value", loc, format!("`{name}` takes no arguments; `{a}` is ignored"));
            }
            _ => {}
        }
        self.set_once(&mut p.constraint_kind, Some(tok), c);
    }

    fn ret(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        if node.children.is_empty() {
            // `return: text` is the ordinary kerneldoc Return section.
            if let Some(t) = prose(&node.lines) {
                append_text(&mut self.spec.kdoc_return, Some(t));
                return;
            }
        }
        let mut r = match self.spec.ret.take() {
            Some(r) => {
                self.warn(
                    "duplicate-key",
                    node.loc,
                    "a second `return:` block; its sub-keys are merged into the first",
                )
                .len = 7;
                r
            }
            None => ReturnSpec { loc: node.loc, ..ReturnSpec::default() },
        };
        if !node.children.is_empty() {
            if let Some(t) = prose(&node.lines) {
                self.warn(
                    "stray-text",
                    t.loc,
                    "text after `return:` is not part of the return block; it is kept as its description",
                );
                r.desc = Some(t);
            }
        }
        for c in children(tree, node) {
            match c.key {
                "type" => {
                    let Some((s, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let t: Token<ParamType> = Token::parse(&s, loc);
                    if t.value.is_some() {
                        self.note_token(&t);
                    }
                    self.set_once(&mut r.type_name, Some(Text::new(s.clone(), loc)), c);
                    if r.kind.is_none() {
                        r.kind = Some(t);
                    }
                }
                "check-type" => {
                    let Some((s, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let t = self.token::<ReturnCheck>(&s, loc);
                    self.set_once(&mut r.check, Some(t), c);
                }
                "success" => {
                    let Some((s, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let v = self.success(&s, loc);
                    self.set_once(&mut r.success, v, c);
                }
                "success-range" => {
                    let Some((s, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let (mut lo, mut hi) = (None, None);
                    self.range(&s, loc, &mut lo, &mut hi);
                    r.success_min = lo;
                    r.success_max = hi;
                }
                "error-values" => {
                    let Some((s, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let v = split_commas(&s, loc, 0).into_iter().map(|f| self.value(f.text, f.loc)).collect();
                    self.set_list_once(&mut r.error_values, v, c);
                }
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut r.desc, v, c);
                }
                _ => {}
            }
        }
        self.spec.ret = Some(r);
    }

    fn success(&mut self, s: &str, loc: Loc) -> Option<Success> {
        let t = s.trim();
        let (op, rest) = [
            (">=", CmpOp::Ge),
            ("<=", CmpOp::Le),
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            (">", CmpOp::Gt),
            ("<", CmpOp::Lt),
            ("=", CmpOp::Eq),
        ]
        .iter()
        .find_map(|(p, op)| t.strip_prefix(p).map(|r| (*op, r)))
        .unwrap_or((CmpOp::Eq, t));
        let off = t.len() - rest.trim_start().len();
        let value = self.value(rest.trim(), Loc::new(loc.line, loc.col + off as u32));
        Some(Success { raw: t.to_string(), loc, op, value })
    }

    fn error(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut e = ErrorSpec { loc: node.loc, ..ErrorSpec::default() };
        let f = split_commas(&h, loc, 3);
        // `ENAME, summary`, `-ENAME, summary` or `code, ENAME, summary`.
        let (name_f, summary_from) = if f.len() >= 2 && !looks_like_errno(f[0].text) && looks_like_errno(f[1].text) {
            e.code_raw = Some(self.value(f[0].text, f[0].loc));
            (&f[1], 2)
        } else {
            (&f[0], 1)
        };
        let name = name_f.text.trim_start_matches('-').trim();
        if name_f.text.starts_with('-') {
            e.code_raw = Some(Value {
                raw: name_f.text.to_string(),
                loc: name_f.loc,
                resolved: tables::errno(name).map(|n| -i128::from(n)),
                unknown: Vec::new(),
                error: None,
            });
        }
        e.name = name.to_string();
        e.code = tables::errno(name).map(|n| -n);
        if e.code.is_none() {
            let help =
                keys::suggest(name, tables::ERRNOS.iter().map(|(k, _)| *k)).map(|s| format!("did you mean `{s}`?"));
            self.diags.push(
                Diagnostic::warning(
                    "unknown-errno",
                    name_f.loc,
                    format!("`{name}` is not an errno name; the error has no code"),
                )
                .with_len(name.len())
                .with_help_opt(help),
            );
        }
        if f.len() > summary_from {
            let rest: Vec<&str> = f[summary_from..].iter().map(|f| f.text).collect();
            e.summary = Some(Text::new(rest.join(", "), f[summary_from].loc));
        }
        for c in children(tree, node) {
            match c.key {
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut e.desc, v, c);
                }
                "condition" => {
                    let v = self.node_text(c);
                    self.set_once(&mut e.condition, v, c);
                }
                _ => {}
            }
        }
        self.spec.errors.push(e);
    }

    fn signal(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (name, _) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut s = SignalSpec { loc: node.loc, number: tables::signal(name.trim()), name, ..SignalSpec::default() };
        for c in children(tree, node) {
            self.signal_sub(&mut s, c);
        }
        self.spec.signals.push(s);
    }

    fn signal_sub(&mut self, s: &mut SignalSpec, c: &Node<'_>) {
        let Some((v, loc)) = flat(&c.lines) else { return self.missing(c) };
        match c.key {
            "direction" => {
                let v = Some(self.flags(&v, loc));
                self.set_once(&mut s.direction, v, c);
            }
            "action" => {
                let v = Some(self.token(&v, loc));
                self.set_once(&mut s.action, v, c);
            }
            "condition" => {
                let v = prose(&c.lines);
                self.set_once(&mut s.condition, v, c);
            }
            "desc" => {
                let v = prose(&c.lines);
                self.set_once(&mut s.desc, v, c);
            }
            "errno" | "error" => {
                if c.key == "errno" {
                    self.marks.short_token.get_or_insert(c.loc);
                }
                let e = ErrnoRef::parse(&v, loc);
                if e.code.is_none() {
                    self.warn("unknown-errno", loc, format!("`{v}` is not an errno"));
                }
                self.set_once(&mut s.errno, Some(e), c);
            }
            "timing" => {
                let v = Some(self.token(&v, loc));
                self.set_once(&mut s.timing, v, c);
            }
            "priority" => {
                let v = Some(self.value(&v, loc));
                self.set_once(&mut s.priority, v, c);
            }
            "restartable" => {
                let v = self.node_truth(c);
                self.set_once(&mut s.restartable, v, c);
            }
            "interruptible" => {
                let v = self.node_truth(c);
                self.set_once(&mut s.interruptible, v, c);
            }
            "number" => {
                let val = self.value(&v, loc);
                s.number = val.as_i64().and_then(|n| i32::try_from(n).ok()).or(s.number);
            }
            "target" => {
                let v = prose(&c.lines);
                self.set_once(&mut s.target, v, c);
            }
            "queue" => {
                // `queue_behavior` is a string in C: prose is fine, only a
                // single word is checked against the known behaviours.
                let v = if v.contains(char::is_whitespace) { Token::parse(&v, loc) } else { self.token(&v, loc) };
                self.set_once(&mut s.queue, Some(v), c);
            }
            "transform-to" | "transform_to" | "transform" => {
                let v = Some(self.value(&v, loc));
                self.set_once(&mut s.transform_to, v, c);
            }
            "sa-flags-required" | "sa_flags_required" => {
                let v = Some(self.value(&v, loc));
                self.set_once(&mut s.sa_flags_required, v, c);
            }
            "sa-flags-forbidden" | "sa_flags_forbidden" => {
                let v = Some(self.value(&v, loc));
                self.set_once(&mut s.sa_flags_forbidden, v, c);
            }
            "state-required" | "state_required" | "state-req" => {
                let v = Some(self.flags(&v, loc));
                self.set_once(&mut s.state_required, v, c);
            }
            "state-forbidden" | "state_forbidden" | "state-forbid" => {
                let v = Some(self.flags(&v, loc));
                self.set_once(&mut s.state_forbidden, v, c);
            }
            _ => {}
        }
    }

    fn lock(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut l = LockSpec { loc: node.loc, name: h.clone(), ..LockSpec::default() };
        if let Some(i) = h.rfind(',') {
            let ty = h[i + 1..].trim();
            if LockType::parse(ty).is_some() || ty.starts_with("KAPI_LOCK_") {
                let tloc = Loc::new(loc.line, loc.col + h[..i + 1].chars().count() as u32 + 1);
                self.marks.typed_head.get_or_insert(tloc);
                l.name = h[..i].trim().to_string();
                let t = Token::<LockType>::parse(ty, tloc);
                if t.value.is_none() {
                    self.unknown_token::<LockType>(ty, tloc);
                }
                l.kind = Some(t);
            }
        }
        for c in children(tree, node) {
            match c.key {
                "type" => {
                    let Some((v, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let t = self.token(&v, loc);
                    self.set_once(&mut l.kind, Some(t), c);
                }
                "acquired" => {
                    let v = self.node_truth(c);
                    self.set_once(&mut l.acquired, v, c);
                }
                "released" => {
                    let v = self.node_truth(c);
                    self.set_once(&mut l.released, v, c);
                }
                "held-on-entry" => {
                    let v = self.node_truth(c);
                    self.set_once(&mut l.held_on_entry, v, c);
                }
                "held-on-exit" => {
                    let v = self.node_truth(c);
                    self.set_once(&mut l.held_on_exit, v, c);
                }
                "scope" => {
                    let Some((v, loc)) = flat(&c.lines) else {
                        self.missing(c);
                        continue;
                    };
                    let t = Some(self.token(&v, loc));
                    self.set_once(&mut l.scope, t, c);
                }
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut l.desc, v, c);
                }
                _ => {}
            }
        }
        self.spec.locks.push(l);
    }

    fn side_effect(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let parts = split_commas(&h, loc, 0);
        let mut e = SideEffect {
            loc: node.loc,
            kinds: self.flags(parts[0].text, parts[0].loc),
            target: None,
            desc: None,
            condition: None,
            reversible: None,
            extra: Vec::new(),
        };
        if parts.len() > 1 {
            // Legacy one-line form: TYPE, target, desc[, condition=X][, reversible=yes].
            let mut rest: Vec<&values::Field<'_>> = parts[1..].iter().collect();
            while let Some(last) = rest.last() {
                if let Some(c) = last.text.strip_prefix("condition=") {
                    e.condition = Some(Text::new(c, last.loc));
                } else if let Some(r) = last.text.strip_prefix("reversible=") {
                    e.reversible = Some(Truth::parse(r, last.loc));
                } else {
                    break;
                }
                rest.pop();
            }
            if let Some(t) = rest.first() {
                e.target = Some(Text::new(t.text, t.loc));
            }
            if rest.len() > 1 {
                e.desc = Some(Text::new(rest[1..].iter().map(|f| f.text).collect::<Vec<_>>().join(", "), rest[1].loc));
            }
        }
        for c in children(tree, node) {
            match c.key {
                "target" => {
                    let v = self.node_text(c);
                    self.set_once(&mut e.target, v, c);
                }
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut e.desc, v, c);
                }
                "condition" => {
                    let v = self.node_text(c);
                    self.set_once(&mut e.condition, v, c);
                }
                "reversible" => {
                    let v = self.node_truth(c);
                    self.set_once(&mut e.reversible, v, c);
                }
                _ => {}
            }
        }
        self.spec.side_effects.push(e);
    }

    fn state_trans(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut s = StateTransition { loc: node.loc, object: Text::new(h.clone(), loc), ..StateTransition::default() };
        let parts = split_commas(&h, loc, 4);
        if node.children.is_empty() && parts.len() >= 3 {
            // One-line form: object, from, to, desc.
            s.object = Text::new(parts[0].text, parts[0].loc);
            s.from = Some(Text::new(parts[1].text, parts[1].loc));
            s.to = Some(Text::new(parts[2].text, parts[2].loc));
            s.desc = parts.get(3).map(|f| Text::new(f.text, f.loc));
        }
        for c in children(tree, node) {
            match c.key {
                "from" => {
                    let v = self.node_text(c);
                    self.set_once(&mut s.from, v, c);
                }
                "to" => {
                    let v = self.node_text(c);
                    self.set_once(&mut s.to, v, c);
                }
                "condition" => {
                    let v = self.node_text(c);
                    self.set_once(&mut s.condition, v, c);
                }
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut s.desc, v, c);
                }
                "object" => {
                    if let Some(t) = self.node_text(c) {
                        s.object = t;
                    }
                }
                "target" => {
                    let v = self.node_text(c);
                    self.set_once(&mut s.target, v, c);
                }
                _ => {}
            }
        }
        self.spec.state_transitions.push(s);
    }

    fn capability(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let parts = split_commas(&h, loc, 3);
        let cap = parts[0].text.to_string();
        let mut c =
            Capability { loc: node.loc, number: tables::capability(&cap), cap: cap.clone(), ..Capability::default() };
        if c.number.is_none() && !cap.eq_ignore_ascii_case("none") {
            let help = keys::suggest(&cap, tables::CAPABILITIES.iter().map(|(k, _)| *k))
                .map(|s| format!("did you mean `{s}`?"));
            self.diags.push(
                Diagnostic::warning("unknown-capability", parts[0].loc, format!("`{cap}` is not a capability"))
                    .with_len(cap.len())
                    .with_help_opt(help),
            );
        }
        if let Some(f) = parts.get(1) {
            self.marks.typed_head.get_or_insert(f.loc);
            let t = Token::<CapabilityAction>::parse(f.text, f.loc);
            if t.value.is_none() {
                self.unknown_token::<CapabilityAction>(f.text, f.loc);
            }
            c.action = Some(t);
        }
        if let Some(f) = parts.get(2) {
            c.name = Some(Text::new(f.text, f.loc));
        }
        for ch in children(tree, node) {
            match ch.key {
                "type" => {
                    let Some((v, loc)) = flat(&ch.lines) else {
                        self.missing(ch);
                        continue;
                    };
                    c.action = Some(self.token(&v, loc));
                }
                "allows" => {
                    let v = self.node_text(ch);
                    self.set_once(&mut c.allows, v, ch);
                }
                "without" => {
                    let v = self.node_text(ch);
                    self.set_once(&mut c.without, v, ch);
                }
                "condition" => {
                    let v = self.node_text(ch);
                    self.set_once(&mut c.condition, v, ch);
                }
                "priority" => {
                    let v = self.node_value(ch);
                    self.set_once(&mut c.priority, v, ch);
                }
                "desc" => {
                    let v = self.node_text(ch);
                    self.set_once(&mut c.name, v, ch);
                }
                "alternative" | "alternatives" => {
                    let Some((v, loc)) = flat(&ch.lines) else {
                        self.missing(ch);
                        continue;
                    };
                    for f in split_commas(&v, loc, 0) {
                        let val = self.value(f.text, f.loc);
                        c.alternatives.push(val);
                    }
                }
                _ => {}
            }
        }
        if cap.eq_ignore_ascii_case("none") {
            return;
        }
        self.spec.capabilities.push(c);
    }

    fn constraint(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut k = Constraint { loc: node.loc, name: Text::new(h.clone(), loc), ..Constraint::default() };
        if node.children.is_empty() {
            // Flat form: `constraint: name, description`.
            let parts = split_commas(&h, loc, 2);
            if parts.len() == 2 {
                k.name = Text::new(parts[0].text, parts[0].loc);
                k.desc = Some(Text::new(parts[1].text, parts[1].loc));
            }
        }
        for c in children(tree, node) {
            match c.key {
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut k.desc, v, c);
                }
                "expr" => {
                    let v = self.node_text(c);
                    self.set_once(&mut k.expr, v, c);
                }
                _ => {}
            }
        }
        self.spec.constraints.push(k);
    }

    fn structure(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut s = StructSpec { loc: node.loc, name: Text::new(h, loc), ..StructSpec::default() };
        for c in children(tree, node) {
            match c.key {
                "size" => {
                    let v = self.node_value(c);
                    self.set_once(&mut s.size, v, c);
                }
                "alignment" => {
                    let v = self.node_value(c);
                    self.set_once(&mut s.alignment, v, c);
                }
                "desc" => {
                    let v = self.node_text(c);
                    self.set_once(&mut s.desc, v, c);
                }
                "field" => {
                    let name = head(c).map(|(n, _)| n).unwrap_or_else(|| {
                        self.missing(c);
                        String::new()
                    });
                    let mut f = StructField { loc: c.loc, name, ..StructField::default() };
                    for fc in children(tree, c) {
                        self.field_sub(&mut f, fc);
                    }
                    s.fields.push(f);
                }
                _ => {}
            }
        }
        self.spec.structs.push(s);
    }

    fn field_sub(&mut self, f: &mut StructField, c: &Node<'_>) {
        let Some((v, loc)) = flat(&c.lines) else { return self.missing(c) };
        match c.key {
            "type" => {
                let v = Some(Text::new(v, loc));
                self.set_once(&mut f.ctype, v, c);
            }
            "desc" => {
                let v = prose(&c.lines);
                self.set_once(&mut f.desc, v, c);
            }
            "constraint-type" => {
                let v = Some(self.token(&v, loc));
                self.set_once(&mut f.constraint_kind, v, c);
            }
            "range" => self.range(&v, loc, &mut f.min, &mut f.max),
            "enum" => {
                let v = self.enum_pairs(&v, loc);
                self.set_list_once(&mut f.enum_values, v, c);
            }
            "mask" => {
                let v = Some(self.value(&v, loc));
                self.set_once(&mut f.mask, v, c);
            }
            "constraint" => f.constraint_text.extend(prose(&c.lines)),
            "policy" => {
                let v = prose(&c.lines);
                self.set_once(&mut f.policy, v, c);
            }
            "version" => {
                let v = Some(self.value(&v, loc));
                self.set_once(&mut f.version, v, c);
            }
            "flag" => {
                let v = prose(&c.lines);
                self.set_once(&mut f.flag, v, c);
            }
            "validate" => {
                let v = prose(&c.lines);
                self.set_once(&mut f.validate, v, c);
            }
            _ => {}
        }
    }

    /// `SCHED_NORMAL(0), SCHED_FIFO(1)` or plain `A, B`.
    fn enum_pairs(&mut self, s: &str, loc: Loc) -> Vec<(String, Value)> {
        split_commas(s, loc, 0)
            .into_iter()
            .map(|f| match call_form(f.text) {
                Some((name, Some(v))) => (name.to_string(), self.value(v, f.loc)),
                _ => (f.text.to_string(), self.value(f.text, f.loc)),
            })
            .collect()
    }

    fn validation_group(&mut self, tree: &Tree<'_>, node: &Node<'_>) {
        let (h, loc) = head(node).unwrap_or_else(|| {
            self.missing(node);
            (String::new(), node.loc)
        });
        let mut g = ValidationGroup { loc: node.loc, name: Text::new(h, loc), ..ValidationGroup::default() };
        for c in children(tree, node) {
            match c.key {
                "policy" => {
                    let v = self.node_text(c);
                    self.set_once(&mut g.policy, v, c);
                }
                "rule" => g.rules.extend(self.node_text(c)),
                "flag" => {
                    let v = self.node_text(c);
                    self.set_once(&mut g.flags, v, c);
                }
                _ => {}
            }
        }
        self.spec.validation_groups.push(g);
    }

    /// RFC v3 flat keys: `KIND-ATTR: NAME, value`.
    fn flat_key(&mut self, node: &Node<'_>) {
        let key = node.key;
        let Some(fi) = node.lines.iter().position(|l| !l.text.is_empty()) else {
            return self.missing(node);
        };
        let (first, loc) = (node.lines[fi].text.to_string(), node.lines[fi].loc);
        let cont = prose(&node.lines[fi + 1..]);
        let whole = flat(&node.lines).map(|(s, _)| s).unwrap_or_default();
        let two = |s: &str| -> (String, String, Loc) {
            let f = split_commas(s, loc, 2);
            (
                f[0].text.to_string(),
                f.get(1).map(|f| f.text.to_string()).unwrap_or_default(),
                f.get(1).map_or(loc, |f| f.loc),
            )
        };
        match key {
            k if k.starts_with("param-") => {
                let (pname, rest, rloc) = two(&whole);
                let ploc = node.loc;
                let idx = self.param_mut(&pname, ploc, true).index;
                let mut p = std::mem::take(&mut self.spec.params[idx]);
                match &k["param-".len()..] {
                    "type" => {
                        let v = Some(self.token(&rest, rloc));
                        self.set_once(&mut p.kind, v, node);
                    }
                    "flags" => {
                        let v = Some(self.flags(&rest, rloc));
                        self.set_once(&mut p.flags, v, node);
                    }
                    "constraint-type" => {
                        let v = Some(self.token(&rest, rloc));
                        self.set_once(&mut p.constraint_kind, v, node);
                    }
                    "constraint" => p.constraint_text.push(Text::new(rest, rloc)),
                    "range" => self.range(&rest, rloc, &mut p.min, &mut p.max),
                    "mask" | "valid-mask" => {
                        let v = Some(self.value(&rest, rloc));
                        self.set_once(&mut p.mask, v, node);
                    }
                    "size" => {
                        let v = Some(self.value(&rest, rloc));
                        self.set_once(&mut p.size, v, node);
                    }
                    "alignment" => {
                        let v = Some(self.value(&rest, rloc));
                        self.set_once(&mut p.alignment, v, node);
                    }
                    "enum" => {
                        let v = split_commas(&rest, rloc, 0).into_iter().map(|f| self.value(f.text, f.loc)).collect();
                        self.set_list_once(&mut p.enum_values, v, node);
                    }
                    "validate" => {
                        let v = Some(Text::new(rest, rloc));
                        self.set_once(&mut p.custom_fn, v, node);
                    }
                    "size-param" => {
                        let v = Some(self.value(&rest, rloc));
                        self.set_once(&mut p.size_param, v, node);
                    }
                    "size-multiplier" => {
                        let v = Some(self.value(&rest, rloc));
                        self.set_once(&mut p.size_multiplier, v, node);
                    }
                    _ => {}
                }
                self.spec.params[idx] = p;
            }
            k if k.starts_with("return-") => {
                let r = self.spec.ret.get_or_insert_with(|| ReturnSpec { loc: node.loc, ..ReturnSpec::default() });
                let mut r = std::mem::take(r);
                match &k["return-".len()..] {
                    "type" => {
                        let t = Some(Text::new(whole.clone(), loc));
                        self.set_once(&mut r.type_name, t, node);
                        if r.kind.is_none() {
                            r.kind = Some(self.token(&whole, loc));
                        }
                    }
                    "check-type" | "check" => {
                        let v = Some(self.token(&whole, loc));
                        self.set_once(&mut r.check, v, node);
                    }
                    "success" => {
                        let v = self.success(&whole, loc);
                        self.set_once(&mut r.success, v, node);
                    }
                    "desc" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut r.desc, v, node);
                    }
                    _ => {}
                }
                self.spec.ret = Some(r);
            }
            "error-code" => {
                // -ECODE, ENAME, summary,  + continuation description.
                let f = split_commas(&first, loc, 3);
                let mut e = ErrorSpec { loc: node.loc, ..ErrorSpec::default() };
                e.code_raw = Some(self.value(f[0].text, f[0].loc));
                let name = f.get(1).map_or(f[0].text.trim_start_matches('-'), |f| f.text);
                e.name = name.to_string();
                e.code = tables::errno(name).map(|n| -n);
                if e.code.is_none() {
                    self.warn(
                        "unknown-errno",
                        f.get(1).map_or(loc, |f| f.loc),
                        format!("`{name}` is not an errno name"),
                    );
                }
                if let Some(s) = f.get(2) {
                    let s = s.text.trim_end_matches(',').trim();
                    if !s.is_empty() {
                        e.summary = Some(Text::new(s, f[2].loc));
                    }
                }
                e.desc = cont;
                self.spec.errors.push(e);
            }
            "error-condition" => {
                if let Some(e) = self.spec.errors.last_mut() {
                    e.condition = prose(&node.lines);
                }
            }
            "error-count" => {
                let a = self.extra(node);
                self.spec.extra.push(a);
            }
            k if k.starts_with("lock-") => {
                let Some(mut l) = self.spec.locks.pop() else {
                    self.warn("orphan-key", node.loc, format!("`{k}:` comes before any `lock:`"));
                    return;
                };
                match &k["lock-".len()..] {
                    "acquired" => {
                        let v = Some(Truth::parse(&whole, loc));
                        self.set_once(&mut l.acquired, v, node);
                    }
                    "released" => {
                        let v = Some(Truth::parse(&whole, loc));
                        self.set_once(&mut l.released, v, node);
                    }
                    "desc" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut l.desc, v, node);
                    }
                    "type" => {
                        let v = Some(self.token(&whole, loc));
                        self.set_once(&mut l.kind, v, node);
                    }
                    _ => {}
                }
                self.spec.locks.push(l);
            }
            k if k.starts_with("signal-") => {
                let Some(mut s) = self.spec.signals.pop() else {
                    self.warn("orphan-key", node.loc, format!("`{k}:` comes before any `signal:`"));
                    return;
                };
                let sub = match &k["signal-".len()..] {
                    "state-req" => "state-required",
                    "error" => "error",
                    other => other,
                };
                let fake = Node { key: leak_sub(sub), ..node.clone() };
                self.signal_sub(&mut s, &fake);
                self.spec.signals.push(s);
            }
            k if k.starts_with("capability-") => {
                let Some(mut c) = self.spec.capabilities.pop() else {
                    self.warn("orphan-key", node.loc, format!("`{k}:` comes before any `capability:`"));
                    return;
                };
                match &k["capability-".len()..] {
                    "allows" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut c.allows, v, node);
                    }
                    "without" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut c.without, v, node);
                    }
                    "condition" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut c.condition, v, node);
                    }
                    "priority" => {
                        let v = Some(self.value(&whole, loc));
                        self.set_once(&mut c.priority, v, node);
                    }
                    _ => {}
                }
                self.spec.capabilities.push(c);
            }
            "constraint-expr" => {
                let (name, expr, eloc) = two(&whole);
                match self.spec.constraints.iter_mut().find(|c| c.name.text == name) {
                    Some(c) => c.expr = Some(Text::new(expr, eloc)),
                    None => {
                        self.warn(
                            "orphan-key",
                            node.loc,
                            format!("`constraint-expr:` names `{name}`, which has no `constraint:`"),
                        );
                        self.spec.constraints.push(Constraint {
                            loc: node.loc,
                            name: Text::new(name, loc),
                            expr: Some(Text::new(expr, eloc)),
                            ..Constraint::default()
                        });
                    }
                }
            }
            "struct-type" => {
                let (pname, sname, sloc) = two(&whole);
                self.spec.structs.push(StructSpec {
                    loc: node.loc,
                    name: Text::new(sname, sloc),
                    param: Some(pname),
                    ..StructSpec::default()
                });
            }
            k if k.starts_with("struct-field") => {
                if self.spec.structs.is_empty() {
                    self.spec.structs.push(StructSpec { loc: node.loc, ..StructSpec::default() });
                }
                let s = self.spec.structs.last_mut().expect("just ensured");
                let mut fields = std::mem::take(&mut s.fields);
                if k == "struct-field" {
                    let f = split_commas(&whole, loc, 3);
                    fields.push(StructField {
                        loc: node.loc,
                        name: f[0].text.to_string(),
                        ctype: f.get(1).map(|x| Text::new(x.text, x.loc)),
                        desc: f.get(2).map(|x| Text::new(x.text, x.loc)),
                        ..StructField::default()
                    });
                } else {
                    let (fname, rest, rloc) = two(&whole);
                    let pos = fields.iter().position(|f| f.name == fname);
                    let idx = match pos {
                        Some(i) => i,
                        None => {
                            self.warn(
                                "orphan-key",
                                node.loc,
                                format!("`{k}:` names field `{fname}`, which has no `struct-field:`"),
                            );
                            fields.push(StructField { loc: node.loc, name: fname.clone(), ..StructField::default() });
                            fields.len() - 1
                        }
                    };
                    let mut f = std::mem::take(&mut fields[idx]);
                    match &k["struct-field-".len()..] {
                        "range" => self.range(&rest, rloc, &mut f.min, &mut f.max),
                        "enum" => {
                            let v = self.enum_pairs(&rest, rloc);
                            self.set_list_once(&mut f.enum_values, v, node);
                        }
                        "mask" => {
                            let v = Some(self.value(&rest, rloc));
                            self.set_once(&mut f.mask, v, node);
                        }
                        "policy" => {
                            let v = Some(Text::new(rest, rloc));
                            self.set_once(&mut f.policy, v, node);
                        }
                        "version" => {
                            let v = Some(self.value(&rest, rloc));
                            self.set_once(&mut f.version, v, node);
                        }
                        "flag" => {
                            let v = Some(Text::new(rest, rloc));
                            self.set_once(&mut f.flag, v, node);
                        }
                        "validate" => {
                            let v = Some(Text::new(rest, rloc));
                            self.set_once(&mut f.validate, v, node);
                        }
                        _ => {}
                    }
                    fields[idx] = f;
                }
                self.spec.structs.last_mut().expect("exists").fields = fields;
            }
            k if k.starts_with("validation-") => {
                let Some(mut g) = self.spec.validation_groups.pop() else {
                    self.warn("orphan-key", node.loc, format!("`{k}:` comes before any `validation-group:`"));
                    return;
                };
                match &k["validation-".len()..] {
                    "policy" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut g.policy, v, node);
                    }
                    "rule" => g.rules.extend(prose(&node.lines)),
                    "flag" => {
                        let v = prose(&node.lines);
                        self.set_once(&mut g.flags, v, node);
                    }
                    _ => {}
                }
                self.spec.validation_groups.push(g);
            }
            _ => {
                let a = self.extra(node);
                self.spec.extra.push(a);
            }
        }
    }
}

/// Maps a flat `signal-*` suffix to its nested sub-key.
fn leak_sub(sub: &str) -> &'static str {
    keys::sub_keys(Item::Signal).iter().copied().find(|k| *k == sub).unwrap_or("unknown")
}

fn merge_flags<E: KapiEnum>(old: Option<FlagSet<E>>, new: FlagSet<E>) -> FlagSet<E> {
    match old {
        None => new,
        Some(mut o) => {
            o.raw = format!("{}, {}", o.raw, new.raw);
            for v in new.known {
                if !o.known.contains(&v) {
                    o.known.push(v);
                }
            }
            o.literal_bits |= new.literal_bits;
            o.unknown.extend(new.unknown);
            o
        }
    }
}

fn append_text(slot: &mut Option<Text>, new: Option<Text>) {
    match (slot.as_mut(), new) {
        (Some(old), Some(n)) => {
            old.text.push_str("\n\n");
            old.text.push_str(&n.text);
        }
        (None, n) => *slot = n,
        (_, None) => {}
    }
}
