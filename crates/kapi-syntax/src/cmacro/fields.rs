//! Field assignments of `struct kernel_api_spec` (and its RFC-era ioctl,
//! sysfs and network fields) to the model.

use super::lex::{Tok, Token as CTok};
use super::{render, Assign, RawSpec, Seg};
use kapi_model::enums::KapiEnum;
use kapi_model::enums::Token;
use kapi_model::*;
use std::collections::BTreeMap;

/// A value's tokens with their meaning helpers.
struct Val<'a> {
    toks: &'a [CTok],
    loc: Loc,
}

impl Val<'_> {
    fn first_loc(&self) -> Loc {
        self.toks.first().map_or(self.loc, |t| t.loc)
    }

    /// A string: literals concatenated, `__stringify(x)`, `NULL` is none,
    /// anything else the C text.
    fn text(&self) -> Option<Text> {
        let loc = self.first_loc();
        if self.toks.is_empty() || matches!(self.toks, [CTok { tok: Tok::Ident(n), .. }] if n == "NULL") {
            return None;
        }
        if self.toks.iter().all(|t| matches!(t.tok, Tok::Str(_))) {
            let s: String = self.toks.iter().map(|t| if let Tok::Str(s) = &t.tok { s.as_str() } else { "" }).collect();
            return Some(Text::new(s, loc));
        }
        if let [CTok { tok: Tok::Ident(f), .. }, CTok { tok: Tok::Punct("("), .. }, inner @ .., CTok { tok: Tok::Punct(")"), .. }] =
            self.toks
        {
            if f == "__stringify" {
                return Some(Text::new(render(inner), loc));
            }
        }
        Some(Text::new(render(self.toks), loc))
    }

    fn raw(&self) -> String {
        render(self.toks)
    }

    fn value(&self) -> Value {
        Value::parse(&self.raw(), self.first_loc())
    }

    fn token<E: KapiEnum>(&self) -> Token<E> {
        Token::parse(&self.raw(), self.first_loc())
    }

    fn flags<E: KapiEnum>(&self) -> FlagSet<E> {
        FlagSet::parse(&self.raw(), self.first_loc())
    }

    fn truth(&self) -> Truth {
        Truth::parse(&self.raw(), self.first_loc())
    }

    /// `(const s64[]){a, b}`, `{a, b}` or a single expression.
    fn list(&self) -> Vec<Value> {
        list_of(self.toks)
    }

    /// A `#ifdef CONFIG_<ARCH>` ... `#endif` split of a mask value (v4 arch masks).
    fn arch_split(&self) -> (Vec<CTok>, Vec<(String, Vec<CTok>)>) {
        let mut base = Vec::new();
        let mut arches = Vec::new();
        let mut cur: Option<(String, Vec<CTok>)> = None;
        for t in self.toks {
            match &t.tok {
                Tok::Directive(d) if d.starts_with("#ifdef") || d.starts_with("#if ") => {
                    let arch =
                        d.split_whitespace().nth(1).unwrap_or("").trim_start_matches("defined(").trim_end_matches(')');
                    let arch = arch.strip_prefix("CONFIG_").unwrap_or(arch).to_ascii_lowercase();
                    cur = Some((arch, Vec::new()));
                }
                Tok::Directive(d) if d.starts_with("#endif") => {
                    if let Some(c) = cur.take() {
                        arches.push(c);
                    }
                }
                Tok::Directive(_) => {}
                _ => match cur.as_mut() {
                    Some((_, v)) => v.push(t.clone()),
                    None => base.push(t.clone()),
                },
            }
        }
        for (_, v) in &mut arches {
            if matches!(v.first().map(|t| &t.tok), Some(Tok::Punct("|"))) {
                v.remove(0);
            }
        }
        (base, arches)
    }
}

#[derive(Default)]
struct Builder {
    spec: Spec,
    params: BTreeMap<usize, Param>,
    errors: BTreeMap<usize, ErrorSpec>,
    locks: BTreeMap<usize, LockSpec>,
    constraints: BTreeMap<usize, Constraint>,
    signals: BTreeMap<usize, SignalSpec>,
    masks: BTreeMap<usize, SignalMask>,
    structs: BTreeMap<usize, (StructSpec, BTreeMap<usize, StructField>)>,
    effects: BTreeMap<usize, SideEffect>,
    trans: BTreeMap<usize, StateTransition>,
    caps: BTreeMap<usize, Capability>,
    counts: Vec<(String, Value)>,
    net: NetFields,
    diags: Vec<Diagnostic>,
    api_type: Option<Token<ApiTypeWord>>,
}

#[derive(Default)]
struct NetFields {
    attrs: Vec<Attr>,
}

/// `enum kapi_api_type` (RFC v2): function, ioctl, sysfs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ApiTypeWord(ApiKind);

impl KapiEnum for ApiTypeWord {
    const FAMILY: &'static str = "api type";
    const BITMASK: bool = false;
    fn all() -> &'static [Self] {
        &[ApiTypeWord(ApiKind::Function), ApiTypeWord(ApiKind::Ioctl), ApiTypeWord(ApiKind::Sysfs)]
    }
    fn number(self) -> u64 {
        match self.0 {
            ApiKind::Ioctl => 1,
            ApiKind::Sysfs => 2,
            _ => 0,
        }
    }
    fn long_name(self) -> &'static str {
        match self.0 {
            ApiKind::Ioctl => "KAPI_API_IOCTL",
            ApiKind::Sysfs => "KAPI_API_SYSFS",
            _ => "KAPI_API_FUNCTION",
        }
    }
    fn short_name(self) -> &'static str {
        self.0.as_str()
    }
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
}

fn empty_effect(loc: Loc) -> SideEffect {
    SideEffect {
        loc,
        kinds: FlagSet::parse("", loc),
        target: None,
        desc: None,
        condition: None,
        reversible: None,
        extra: Vec::new(),
    }
}

impl Builder {
    fn unknown(&mut self, a: &Assign, key: &str) {
        let d = Diagnostic::warning(
            "unknown-field",
            a.loc,
            format!("`.{key}` is not a field kapi knows; it is kept as an extra attribute"),
        )
        .with_len(key.len() + 1);
        self.diags.push(d);
        let v = Val { toks: &a.value, loc: a.loc };
        self.spec.extra.push(Attr { key: key.to_string(), value: Text::new(v.raw(), a.loc) });
    }

    fn apply(&mut self, a: &Assign) {
        // The RFC v1 ioctl initialiser nests the spec in `.api_spec`.
        let path: Vec<&Seg> = a.path.iter().filter(|s| s.field != "api_spec").collect();
        let v = Val { toks: &a.value, loc: a.loc };
        let idx = |i: usize| path.get(i).and_then(|s| s.index);
        let names: Vec<&str> = path.iter().map(|s| s.field.as_str()).collect();
        let f = a.field.as_str();
        if let Some(key) = f.strip_prefix('@') {
            if key == "ioctl_variable" || key == "variable" {
                return;
            }
            self.spec.extra.push(Attr {
                key: key.to_string(),
                value: Text::new(v.text().map(|t| t.text).unwrap_or_default(), a.loc),
            });
            return;
        }
        match (names.as_slice(), f) {
            ([], "name") => self.spec.name = v.text().map(|t| t.text).unwrap_or_default(),
            ([], "version") => {}
            ([], "description") => self.spec.description = v.text(),
            ([], "long_description") => self.spec.long_desc = v.text(),
            ([], "context_flags") => self.spec.contexts = Some(v.flags()),
            ([], "examples") => self.spec.examples = v.text(),
            ([], "notes") => self.spec.notes = v.text(),
            ([], "since_version") => self.spec.since_version = v.text(),
            ([], "api_type") => self.api_type = Some(v.token()),
            ([], "subsystem") => self.sysfs().subsystem = v.text(),
            ([], "device_type") => self.sysfs().device_type = v.text(),
            ([], "deprecated") => self.sysfs().deprecated = Some(v.truth()),
            ([], "replacement") => self.sysfs().replacement = v.text(),
            ([], "cmd") => self.ioctl().cmd = Some(v.value()),
            ([], "cmd_name") => self.ioctl().cmd_name = v.text(),
            ([], "input_size") => self.ioctl().input_size = Some(v.value()),
            ([], "output_size") => self.ioctl().output_size = Some(v.value()),
            ([], "file_ops_name") => self.ioctl().file_ops_name = v.text(),
            ([], c) if c.ends_with("_count") => self.counts.push((c.to_string(), v.value())),
            ([], m) if m.ends_with("_magic") => {}
            ([], "return_spec") => self.unknown(a, "return_spec"),
            (["params"], field) => {
                let Some(i) = idx(0) else { return };
                let p = self.params.entry(i).or_insert_with(|| Param {
                    index: i,
                    loc: a.loc,
                    has_block: true,
                    ..Param::default()
                });
                match field {
                    "name" => p.name = v.text().map(|t| t.text).unwrap_or_default(),
                    "type_name" => p.ctype = v.text().map(|t| t.text),
                    "description" => p.description = v.text(),
                    "type" => p.kind = Some(v.token()),
                    "flags" => p.flags = Some(v.flags()),
                    "size" => p.size = Some(v.value()),
                    "alignment" => p.alignment = Some(v.value()),
                    "min_value" => p.min = Some(v.value()),
                    "max_value" => p.max = Some(v.value()),
                    "valid_mask" => {
                        let (base, arches) = v.arch_split();
                        p.mask = Some(Value::parse(&render(&base), v.first_loc()));
                        for (arch, toks) in arches {
                            p.arch_masks.push(ArchMask {
                                arch,
                                value: Value::parse(&render(&toks), toks.first().map_or(a.loc, |t| t.loc)),
                                loc: a.loc,
                            });
                        }
                    }
                    "enum_values" => p.enum_values = v.list(),
                    "enum_count" => {}
                    "constraint_type" => p.constraint_kind = Some(v.token()),
                    "validate" => p.custom_fn = v.text(),
                    "constraints" => p.cdesc = v.text(),
                    // 0-based, as the DSL and the RFC-era initialisers write it.
                    "size_param" => p.size_param = Some(v.value()),
                    "size_param_idx" => {
                        let val = v.value();
                        if val.resolved != Some(-1) {
                            p.size_param = Some(val);
                        }
                    }
                    "size_multiplier" => p.size_multiplier = Some(v.value()),
                    "sysfs_path" => p.sysfs.get_or_insert_with(Default::default).path = v.text(),
                    "sysfs_permissions" => p.sysfs.get_or_insert_with(Default::default).permissions = Some(v.value()),
                    "default_value" => p.sysfs.get_or_insert_with(Default::default).default_value = v.text(),
                    "units" => p.sysfs.get_or_insert_with(Default::default).units = v.text(),
                    "step" => p.sysfs.get_or_insert_with(Default::default).step = Some(v.value()),
                    "allowed_strings" => {
                        p.sysfs.get_or_insert_with(Default::default).allowed_strings = v
                            .list()
                            .into_iter()
                            .map(|x| Text::new(x.raw.trim_matches('"').to_string(), x.loc))
                            .collect()
                    }
                    "allowed_string_count" => {}
                    other => {
                        let key = format!("params[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["return_spec"], field) => {
                let r = self.spec.ret.get_or_insert_with(|| ReturnSpec { loc: a.loc, ..ReturnSpec::default() });
                match field {
                    "type_name" => r.type_name = v.text(),
                    "type" => r.kind = Some(v.token()),
                    "check_type" => r.check = Some(v.token()),
                    "success_value" => {
                        r.success = Some(Success { raw: v.raw(), loc: v.first_loc(), op: CmpOp::Eq, value: v.value() })
                    }
                    "success_min" => r.success_min = Some(v.value()),
                    "success_max" => r.success_max = Some(v.value()),
                    "error_values" => r.error_values = v.list(),
                    "error_count" => {}
                    "is_success" => r.extra.push(Attr { key: "is_success".into(), value: Text::new(v.raw(), a.loc) }),
                    "description" => r.desc = v.text(),
                    other => {
                        let key = format!("return_spec.{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["errors"], field) => {
                let Some(i) = idx(0) else { return };
                let e = self.errors.entry(i).or_insert_with(|| ErrorSpec { loc: a.loc, ..ErrorSpec::default() });
                match field {
                    "error_code" => {
                        let val = v.value();
                        if e.name.is_empty() {
                            e.name = val.raw.trim_start_matches('-').trim().to_string();
                        }
                        e.code = val.as_i64().and_then(|n| i32::try_from(n).ok());
                        e.code_raw = Some(val);
                    }
                    "name" => e.name = v.text().map(|t| t.text).unwrap_or_default(),
                    "condition" => e.summary = v.text(),
                    "description" => e.desc = v.text(),
                    other => {
                        let key = format!("errors[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["locks"], field) => {
                let Some(i) = idx(0) else { return };
                let l = self.locks.entry(i).or_insert_with(|| LockSpec { loc: a.loc, ..LockSpec::default() });
                match field {
                    "lock_name" => l.name = v.text().map(|t| t.text).unwrap_or_default(),
                    "lock_type" => l.kind = Some(v.token()),
                    "acquired" => l.acquired = Some(v.truth()),
                    "released" => l.released = Some(v.truth()),
                    "held_on_entry" => l.held_on_entry = Some(v.truth()),
                    "held_on_exit" => l.held_on_exit = Some(v.truth()),
                    "scope" => l.scope = Some(v.token()),
                    "description" => l.desc = v.text(),
                    other => {
                        let key = format!("locks[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["constraints"], field) => {
                let Some(i) = idx(0) else { return };
                let c = self.constraints.entry(i).or_insert_with(|| Constraint { loc: a.loc, ..Constraint::default() });
                match field {
                    "name" => c.name = v.text().unwrap_or_default(),
                    "description" => c.desc = v.text(),
                    "expression" => c.expr = v.text(),
                    other => {
                        let key = format!("constraints[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["signals"], field) => {
                let Some(i) = idx(0) else { return };
                let s = self.signals.entry(i).or_insert_with(|| SignalSpec { loc: a.loc, ..SignalSpec::default() });
                match field {
                    "signal_num" => {
                        let val = v.value();
                        s.number = val.as_i64().and_then(|n| i32::try_from(n).ok()).filter(|n| *n != 0);
                    }
                    "signal_name" => s.name = v.text().map(|t| t.text).unwrap_or_default(),
                    "direction" => s.direction = Some(v.flags()),
                    "action" => s.action = Some(v.token()),
                    "target" => s.target = v.text(),
                    "condition" => s.condition = v.text(),
                    "description" => s.desc = v.text(),
                    "restartable" => s.restartable = Some(v.truth()),
                    "sa_flags_required" => s.sa_flags_required = Some(v.value()),
                    "sa_flags_forbidden" => s.sa_flags_forbidden = Some(v.value()),
                    "error_on_signal" => s.errno = Some(ErrnoRef::parse(&v.raw(), v.first_loc())),
                    "transform_to" => s.transform_to = Some(v.value()),
                    "timing" => s.timing = Some(v.token()),
                    "priority" => s.priority = Some(v.value()),
                    "interruptible" => s.interruptible = Some(v.truth()),
                    "queue_behavior" => {
                        let t = v.text().map(|t| t.text).unwrap_or_default();
                        s.queue = Some(Token::parse(&t, v.first_loc()));
                    }
                    "state_required" => s.state_required = Some(v.flags()),
                    "state_forbidden" => s.state_forbidden = Some(v.flags()),
                    other => {
                        let key = format!("signals[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["signal_masks"], field) => {
                let Some(i) = idx(0) else { return };
                let m = self.masks.entry(i).or_insert_with(|| SignalMask { loc: a.loc, ..SignalMask::default() });
                match field {
                    "mask_name" => m.name = v.text().map(|t| t.text).unwrap_or_default(),
                    "description" => m.desc = v.text(),
                    "signals" => {
                        if a.append {
                            m.signals.push(v.value())
                        } else {
                            m.signals = v.list()
                        }
                    }
                    "signal_count" => {}
                    other => {
                        let key = format!("signal_masks[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["struct_specs"], field) => {
                let Some(i) = idx(0) else { return };
                let (s, _) = self
                    .structs
                    .entry(i)
                    .or_insert_with(|| (StructSpec { loc: a.loc, ..StructSpec::default() }, BTreeMap::new()));
                match field {
                    "name" => s.name = v.text().unwrap_or_default(),
                    "size" => s.size = Some(v.value()),
                    "alignment" => s.alignment = Some(v.value()),
                    "field_count" => {}
                    "description" => s.desc = v.text(),
                    other => {
                        let key = format!("struct_specs[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["struct_specs", "fields"], field) => {
                let (Some(i), Some(j)) = (idx(0), idx(1)) else { return };
                let (_, fields) = self
                    .structs
                    .entry(i)
                    .or_insert_with(|| (StructSpec { loc: a.loc, ..StructSpec::default() }, BTreeMap::new()));
                let fl = fields.entry(j).or_insert_with(|| StructField { loc: a.loc, ..StructField::default() });
                match field {
                    "name" => fl.name = v.text().map(|t| t.text).unwrap_or_default(),
                    "type" => fl.extra.push(Attr { key: "type".into(), value: Text::new(v.raw(), a.loc) }),
                    "type_name" => fl.ctype = v.text(),
                    "description" => fl.desc = v.text(),
                    "offset" => fl.extra.push(Attr { key: "offset".into(), value: Text::new(v.raw(), a.loc) }),
                    "size" => fl.extra.push(Attr { key: "size".into(), value: Text::new(v.raw(), a.loc) }),
                    "flags" => fl.extra.push(Attr { key: "flags".into(), value: Text::new(v.raw(), a.loc) }),
                    "constraint_type" => fl.constraint_kind = Some(v.token()),
                    "min_value" => fl.min = Some(v.value()),
                    "max_value" => fl.max = Some(v.value()),
                    "valid_mask" => fl.mask = Some(v.value()),
                    "enum_values" => {
                        fl.enum_values = match v.text() {
                            // v3+: one string of `NAME(value)` pairs, as kerneldoc's `enum:`.
                            Some(t) if v.toks.iter().all(|t| matches!(t.tok, Tok::Str(_))) => enum_pairs(&t),
                            _ => v.list().into_iter().map(|x| (x.raw.clone(), x)).collect(),
                        }
                    }
                    "enum_count" => {}
                    other => {
                        let key = format!("struct_specs[{i}].fields[{j}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["side_effects"], field) => {
                let Some(i) = idx(0) else { return };
                let e = self.effects.entry(i).or_insert_with(|| empty_effect(a.loc));
                match field {
                    "type" => e.kinds = v.flags(),
                    "target" => e.target = v.text(),
                    "condition" => e.condition = v.text(),
                    "description" => e.desc = v.text(),
                    "reversible" => e.reversible = Some(v.truth()),
                    other => {
                        let key = format!("side_effects[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["state_transitions"], field) => {
                let Some(i) = idx(0) else { return };
                let t =
                    self.trans.entry(i).or_insert_with(|| StateTransition { loc: a.loc, ..StateTransition::default() });
                match field {
                    "object" => t.object = v.text().unwrap_or_default(),
                    "from_state" => t.from = v.text(),
                    "to_state" => t.to = v.text(),
                    "condition" => t.condition = v.text(),
                    "description" => t.desc = v.text(),
                    other => {
                        let key = format!("state_transitions[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            (["capabilities"], field) => {
                let Some(i) = idx(0) else { return };
                let c = self.caps.entry(i).or_insert_with(|| Capability { loc: a.loc, ..Capability::default() });
                match field {
                    "capability" => {
                        let val = v.value();
                        c.cap = val.raw.clone();
                        c.number = val.as_i64().and_then(|n| i32::try_from(n).ok());
                    }
                    // The generator writes the constant as the name when there is no description.
                    "cap_name" => c.name = v.text().filter(|t| t.text != c.cap),
                    "action" => c.action = Some(v.token()),
                    "allows" => c.allows = v.text(),
                    "without_cap" => c.without = v.text(),
                    "check_condition" => c.condition = v.text(),
                    "priority" => c.priority = Some(v.value()),
                    "alternative" => c.alternatives = v.list(),
                    "alternative_count" => {}
                    other => {
                        let key = format!("capabilities[{i}].{other}");
                        self.unknown(a, &key);
                    }
                }
            }
            // Network fields (RFC v1/v2 `socket()`): kept whole, by path.
            (p, field)
                if matches!(
                    p.first(),
                    Some(&("socket_state" | "protocol_behaviors" | "buffer_spec" | "async_spec" | "addr_families"))
                ) || (p.is_empty()
                    && matches!(
                        field,
                        "is_connection_oriented"
                            | "is_message_oriented"
                            | "supports_oob_data"
                            | "supports_peek"
                            | "supports_select_poll"
                            | "is_reentrant"
                            | "connection_establishment"
                            | "connection_termination"
                            | "data_transfer_semantics"
                            | "protocol_behavior_count"
                            | "addr_family_count"
                    )) =>
            {
                let mut key = String::new();
                for s in &path {
                    key.push_str(&s.field);
                    if let Some(i) = s.index {
                        key.push_str(&format!("[{i}]"));
                    }
                    key.push('.');
                }
                key.push_str(field);
                let value = match v.text() {
                    Some(t) if v.toks.iter().all(|t| matches!(t.tok, Tok::Str(_))) => t,
                    _ => Text::new(v.raw(), v.first_loc()),
                };
                self.net.attrs.push(Attr { key, value });
            }
            (p, field) => {
                let key = p
                    .iter()
                    .map(|s| s.to_string())
                    .chain(std::iter::once(field.to_string()))
                    .collect::<Vec<_>>()
                    .join(".");
                self.unknown(a, &key);
            }
        }
    }

    fn sysfs(&mut self) -> &mut SysfsInfo {
        self.spec.sysfs.get_or_insert_with(Default::default)
    }

    fn ioctl(&mut self) -> &mut IoctlInfo {
        self.spec.ioctl.get_or_insert_with(Default::default)
    }
}

/// The values of `{a, b}`, `((const s64[]){a, b})` (also inside braces:
/// `{((const s64[]){a, b})}`), or one value.
fn list_of(toks: &[CTok]) -> Vec<Value> {
    let mut toks = toks;
    // Strip wrapping parentheses: `((const s64[]){...})`.
    while let [CTok { tok: Tok::Punct("("), .. }, inner @ .., CTok { tok: Tok::Punct(")"), .. }] = toks {
        if inner.iter().any(|t| t.tok == Tok::Punct("{")) {
            toks = inner;
        } else {
            break;
        }
    }
    if let Some(b) = toks.iter().position(|t| t.tok == Tok::Punct("{")) {
        let end = toks.iter().rposition(|t| t.tok == Tok::Punct("}")).unwrap_or(toks.len());
        let inner = &toks[b + 1..end.max(b + 1)];
        let args = super::split_args(inner);
        if let [one] = args.as_slice() {
            if one.iter().any(|t| t.tok == Tok::Punct("{")) {
                return list_of(one);
            }
        }
        return args.iter().filter(|a| !a.is_empty()).map(|a| Value::parse(&render(a), a[0].loc)).collect();
    }
    if toks.is_empty() {
        Vec::new()
    } else {
        vec![Value::parse(&render(toks), toks[0].loc)]
    }
}

/// `A(1), B(2), C` as (name, value) pairs; a bare name is its own value.
fn enum_pairs(t: &Text) -> Vec<(String, Value)> {
    t.text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.strip_suffix(')').and_then(|q| q.split_once('(')) {
            Some((name, v)) => (name.trim().to_string(), Value::parse(v, t.loc)),
            None => (p.to_string(), Value::parse(p, t.loc)),
        })
        .collect()
}

fn check_count<T>(
    diags: &mut Vec<Diagnostic>,
    counts: &[(String, Value)],
    key: &str,
    items: &BTreeMap<usize, T>,
    what: &str,
) {
    if let Some((_, v)) = counts.iter().rev().find(|(k, _)| k == key) {
        if let Some(n) = v.as_i64() {
            if n != items.len() as i64 {
                diags.push(
                    Diagnostic::warning(
                        "count-mismatch",
                        v.loc,
                        if n < items.len() as i64 {
                            format!(
                                "`{key}` is {n} but {} {what} are defined; the kernel uses only the first {n}",
                                items.len()
                            )
                        } else {
                            format!(
                                "`{key}` is {n} but only {} {what} are defined; the kernel reads {} empty entries",
                                items.len(),
                                n - items.len() as i64
                            )
                        },
                    )
                    .with_len(v.raw.len()),
                );
            }
        }
    }
}

/// Turns a raw macro spec into the model.
pub fn to_spec(raw: &RawSpec, file: &str) -> (Spec, Vec<Diagnostic>) {
    let mut b = Builder::default();
    for a in &raw.assigns {
        b.apply(a);
    }
    let mut diags = std::mem::take(&mut b.diags);
    diags.extend(raw.diags.iter().cloned());
    check_count(&mut diags, &b.counts, "param_count", &b.params, "parameters");
    check_count(&mut diags, &b.counts, "error_count", &b.errors, "errors");
    check_count(&mut diags, &b.counts, "lock_count", &b.locks, "locks");
    check_count(&mut diags, &b.counts, "signal_count", &b.signals, "signals");
    check_count(&mut diags, &b.counts, "side_effect_count", &b.effects, "side effects");
    check_count(&mut diags, &b.counts, "state_trans_count", &b.trans, "state transitions");
    check_count(&mut diags, &b.counts, "capability_count", &b.caps, "capabilities");
    check_count(&mut diags, &b.counts, "constraint_count", &b.constraints, "constraints");
    check_count(&mut diags, &b.counts, "struct_spec_count", &b.structs, "struct specs");
    let mut s = b.spec;
    s.params = b.params.into_values().collect();
    s.errors = b.errors.into_values().collect();
    s.locks = b.locks.into_values().collect();
    s.constraints = b.constraints.into_values().collect();
    s.signals = b.signals.into_values().collect();
    for sig in &mut s.signals {
        if sig.number.is_none() {
            sig.number = tables::signal(sig.name.trim());
        }
    }
    s.signal_masks = b.masks.into_values().collect();
    s.structs = b
        .structs
        .into_values()
        .map(|(mut st, fields)| {
            st.fields = fields.into_values().collect();
            st
        })
        .collect();
    s.side_effects = b.effects.into_values().collect();
    s.state_transitions = b.trans.into_values().collect();
    s.capabilities = b.caps.into_values().collect();
    for c in &mut s.capabilities {
        if c.number.is_none() {
            c.number = tables::capability(&c.cap);
        }
    }
    if let Some((_, v)) = b.counts.iter().find(|(k, _)| k == "param_count") {
        s.param_count = Some(v.clone());
    }
    s.extra.extend(b.net.attrs);
    // `KAPI_RETURN_SUCCESS_RANGE(N, S64_MAX)` is how C says `success: >= N`.
    if let Some(r) = &mut s.ret {
        if r.success.is_none() {
            let open_top = r.success_max.as_ref().is_some_and(|m| m.resolved == Some(i128::from(i64::MAX)));
            if let (true, Some(lo)) = (open_top, r.success_min.clone()) {
                r.success = Some(Success { raw: format!(">= {}", lo.raw), loc: lo.loc, op: CmpOp::Ge, value: lo });
                r.success_min = None;
                r.success_max = None;
            }
        }
    }
    s.dialect = Some(Dialect::Macro);
    s.kind = Some(match (b.api_type.and_then(|t| t.value), raw.opener.as_str()) {
        (Some(t), _) => t.0,
        (None, "DEFINE_SYSFS_API_SPEC") => ApiKind::Sysfs,
        (None, "DEFINE_KAPI_IOCTL_SPEC" | "DEFINE_IOCTL_API_SPEC" | "struct kapi_ioctl_spec") => ApiKind::Ioctl,
        _ => ApiKind::from_name(&s.name),
    });
    s.origin = Origin { file: file.to_string(), loc: raw.start, end: Loc::new(raw.end_line, 1), target: None };
    (s, diags.into_iter().map(|d| d.in_file(file)).collect())
}

impl std::fmt::Display for Seg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.index {
            Some(i) => write!(f, "{}[{i}]", self.field),
            None => f.write_str(&self.field),
        }
    }
}
