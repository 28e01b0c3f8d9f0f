//! Reading JSON back into the model (`kapi convert --from json`).
//!
//! [`read`] takes a JSON text and gives back the specs it holds; every
//! problem is a [`Diagnostic`] with code `json-input`, naming the file and the
//! line:column in the JSON text. It never panics on input.
//!
//! # Accepted shapes
//!
//! - kapi's own detail view, `{"api_details": {...}}`, where the details object
//!   has kapi's `location` (that is how kapi's JSON is told from upstream's);
//! - several specs at once (kapi's multi-spec export shapes):
//!   - a JSON array whose elements are `{"api_details": {...}}` documents or
//!     bare details objects (of any of the three kinds here),
//!   - `{"apis": [...]}` whose entries are full details objects (kapi's list
//!     view is accepted too: its entries give specs with a name, kind,
//!     description and location only),
//!   - a stream of documents, concatenated or one per line (JSON Lines);
//! - the upstream tool's JSON (`tools/kapi -f json`, RFC v1 to v4; see
//!   `corpus/derived/*/*.json.txt`): `{"api_details": {...}}` without
//!   `location`. Names win over numbers where both exist (context flags,
//!   capability actions, the return `type_name`, errno and capability names),
//!   because the RFC v4..v2 tools numbered from wrong tables (kapi-format.md
//!   §2.7). Fields that only carry a number are read with the v4 tables; a
//!   document that looks like a pre-v3 tool's (no `size_param_idx`) gets a
//!   warning saying so. Keys kapi does not model (the RFC v2 networking
//!   fields, a struct field's `offset`, ...) are kept in `extra` as JSON text;
//! - the kernel's debugfs `specs-json/<name>` (kapi-format.md §5): hex strings
//!   for bit sets, words for enums, `""` for absent strings. It is recognised
//!   by a string `context_flags`, a `return` object or a `type_class`.
//!
//! # What the round trip restores
//!
//! For kapi's own JSON, `json::details(&read(json::detail(spec))[0])` equals
//! `json::details(spec)` for every spec (tested on the bundled specs and the
//! whole corpus): symbolic values keep their text and the number kapi
//! resolved them to, enum words that are not members keep their text, known
//! members take the spelling the JSON carries (the `KAPI_*` name; the short
//! word for signal timing and queue; the return `type:` as written when it
//! names the same member), and locations are restored into `Origin`, `Loc`s
//! of items and `extra` values.
//!
//! There are no exceptions to that equality (the tests check it on every
//! bundled and corpus spec, and that a second round trip gives the same
//! text). What kapi's JSON does not carry cannot come back, so the rebuilt
//! `Spec` itself differs from the parsed one in these fields, none of which
//! `details` writes:
//! - locations of prose, values and tokens, of signal masks, validation
//!   groups, struct fields and arch masks, and `Origin::end` (all 0:0);
//! - `Spec::kind` is always set (a kind derived from the name comes back
//!   explicit); `Definition::args` and `complete` come back from parsing the
//!   written prototype again with the binder (the same arguments for every
//!   corpus definition), else from the params whose type names them;
//! - the spelling of known enum members (see above), the raw text of flag
//!   sets (the names joined with ` | `), unknown words of signal direction and
//!   process-state sets, and an errno written as `-EINTR` (comes back `EINTR`);
//! - values written as numbers only (priorities, capability alternatives,
//!   return error values and success bounds, `size_param_idx`,
//!   `size_multiplier`, `sa_flags_*`, `transform_to`, struct sizes and field
//!   bounds) come back as literals; values whose number is not written
//!   (`param_count`, sysfs permissions, ioctl sizes, signal-mask signals,
//!   struct field versions) are resolved again with the built-in tables;
//! - which `success-range:` bound a `success:` operator overrides, and an
//!   explicit lock `scope:` equal to the one the acquired/released words give;
//! - several `constraint:` lines come back as one (the JSON joins them), and a
//!   text written as `""` when absent comes back absent;
//! - `extra` of items other than the spec and params, `ErrorSpec::code_raw`,
//!   param sysfs facts, and sysfs facts other than subsystem, path and
//!   permissions;
//! - yes/no words written as JSON booleans (`reversible`, `restartable`,
//!   `interruptible`) come back as `yes` when true and absent when false.

// One error ends a read, so a large `Err` costs nothing; the plain
// `Diagnostic` keeps the signature the other readers use.
#![allow(clippy::result_large_err)]

use crate::json::{self, ApiDetails, AttrJson, Location, ParamJson, ReturnJson};
use kapi_model::enums::*;
use kapi_model::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value as Json};

/// The diagnostic code of every problem found reading JSON.
pub const CODE: &str = "json-input";

/// Specs read from a JSON text, with the warnings met on the way.
#[derive(Clone, Debug, Default)]
pub struct JsonSpecs {
    /// The specs, in document order.
    pub specs: Vec<Spec>,
    /// Problems that did not stop reading (ignored fields, a number that
    /// disagrees with its name, an upstream document with unreliable numbers).
    pub warnings: Vec<Diagnostic>,
}

/// Reads every spec in `text`; `file` names it in diagnostics. The first
/// error stops reading; warnings are dropped (see [`read_report`]).
pub fn read(file: &str, text: &str) -> Result<Vec<Spec>, Diagnostic> {
    read_report(file, text).map(|r| r.specs)
}

/// Reads every spec in `text` and keeps the warnings.
pub fn read_report(file: &str, text: &str) -> Result<JsonSpecs, Diagnostic> {
    let mut cx = Cx { file, text, out: JsonSpecs::default() };
    cx.stream()?;
    Ok(cx.out)
}

/// A problem found while turning a parsed object into a spec; `needle` is a
/// JSON string to point at.
struct Problem {
    message: String,
    needle: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>, needle: Option<&str>) -> Self {
        Problem { message: message.into(), needle: needle.map(str::to_string) }
    }
}

type Res<T> = Result<T, Problem>;

/// Reading state: the whole text, for locations.
struct Cx<'t> {
    file: &'t str,
    text: &'t str,
    out: JsonSpecs,
}

impl<'t> Cx<'t> {
    fn stream(&mut self) -> Result<(), Diagnostic> {
        let text = self.text;
        let mut n = 0;
        for item in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
            let raw = item.map_err(|e| self.serde_error(text, &e, "invalid JSON"))?;
            self.document(raw.get(), true)?;
            n += 1;
        }
        if n == 0 {
            return Err(self.error_at(text, None, "no JSON document: the input is empty"));
        }
        Ok(())
    }

    /// One document (or, with `top` false, one element of a top-level array).
    fn document(&mut self, piece: &'t str, top: bool) -> Result<(), Diagnostic> {
        let v: Json = serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "invalid JSON"))?;
        match &v {
            Json::Object(m) if m.contains_key("api_details") => {
                #[derive(Deserialize)]
                struct Doc<'a> {
                    #[serde(borrow)]
                    api_details: &'a RawValue,
                }
                let d: Doc<'t> =
                    serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "invalid JSON"))?;
                self.details(d.api_details.get())
            }
            Json::Object(m) if m.contains_key("apis") => {
                #[derive(Deserialize)]
                struct Apis<'a> {
                    #[serde(borrow)]
                    apis: Vec<&'a RawValue>,
                }
                let d: Apis<'t> =
                    serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "`apis` must be a list"))?;
                for e in d.apis {
                    self.details(e.get())?;
                }
                Ok(())
            }
            Json::Object(m) if m.contains_key("name") => self.details(piece),
            Json::Array(_) if top => {
                let items: Vec<&'t RawValue> =
                    serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "invalid JSON"))?;
                for e in items {
                    self.document(e.get(), false)?;
                }
                Ok(())
            }
            _ => Err(self.error_at(
                piece,
                None,
                "not a spec: expected `{\"api_details\": {...}}`, `{\"apis\": [...]}`, a details object with a \
                 `name`, or a list of them",
            )),
        }
    }

    /// One details object of any of the three kinds.
    fn details(&mut self, piece: &'t str) -> Result<(), Diagnostic> {
        let v: Json = serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "invalid JSON"))?;
        let Json::Object(m) = &v else {
            return Err(self.error_at(piece, None, "a spec must be a JSON object"));
        };
        let mut warnings = Vec::new();
        let spec = if m.contains_key("location") {
            let d: ApiDetails =
                serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "not kapi's JSON"))?;
            if let Ok(back) = serde_json::to_value(&d) {
                let mut ignored = Vec::new();
                ignored_fields(&v, &back, "", &mut ignored);
                for (path, key) in ignored {
                    warnings.push(Problem::new(
                        format!("`{path}` is not a field of kapi's JSON; it is ignored"),
                        Some(&key),
                    ));
                }
            }
            from_details(&d, &mut warnings)
        } else if is_debugfs(m) {
            let d: dbg::Details =
                serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "not debugfs specs-json"))?;
            dbg::spec(d, &mut warnings)
        } else {
            let d: up::Details =
                serde_json::from_str(piece).map_err(|e| self.serde_error(piece, &e, "not the upstream tool's JSON"))?;
            let pre_v3 = m
                .get("parameters")
                .and_then(Json::as_array)
                .is_some_and(|a| a.iter().any(|p| p.as_object().is_some_and(|p| !p.contains_key("size_param_idx"))));
            if pre_v3 {
                warnings.push(Problem::new(
                    "this looks like a pre-v3 upstream tool's JSON (no `size_param_idx`): its param type, flag, \
                     constraint, check-type, side-effect and lock numbers may come from that tool's wrong tables \
                     (kapi-format.md §2.7); they are read as v4 numbers",
                    None,
                ));
            }
            up::spec(d, &mut warnings)
        };
        let mut spec = spec.map_err(|p| self.problem(piece, &p, Severity::Error))?;
        if !m.contains_key("location") {
            spec.origin.file = self.file.to_string();
            spec.origin.loc = self.loc_at(self.offset(piece));
        }
        for w in &warnings {
            let d = self.problem(piece, w, Severity::Warning);
            self.out.warnings.push(d);
        }
        self.out.specs.push(spec);
        Ok(())
    }

    fn offset(&self, piece: &str) -> usize {
        let base = self.text.as_ptr() as usize;
        let p = piece.as_ptr() as usize;
        if p >= base && p - base <= self.text.len() {
            p - base
        } else {
            0
        }
    }

    /// The line and character column of byte `idx` of the text.
    fn loc_at(&self, idx: usize) -> Loc {
        let bytes = &self.text.as_bytes()[..idx.min(self.text.len())];
        let line_start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = bytes[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
        Loc::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
    }

    fn serde_error(&self, piece: &str, e: &serde_json::Error, what: &str) -> Diagnostic {
        let loc = if e.line() == 0 {
            self.loc_at(self.offset(piece))
        } else {
            // serde_json counts lines in `piece` and columns in bytes, 1-based.
            let mut start = 0;
            for _ in 1..e.line() {
                match piece[start..].find('\n') {
                    Some(i) => start += i + 1,
                    None => break,
                }
            }
            let idx = (start + e.column().saturating_sub(1)).min(piece.len());
            self.loc_at(self.offset(piece) + idx)
        };
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) if e.line() != 0 => &msg[..i],
            _ => msg.as_str(),
        };
        Diagnostic::error(CODE, loc, format!("{what}: {msg}")).in_file(self.file)
    }

    fn error_at(&self, piece: &str, needle: Option<&str>, msg: &str) -> Diagnostic {
        self.problem(piece, &Problem::new(msg, needle), Severity::Error)
    }

    /// A diagnostic at the first occurrence of the problem's JSON string in
    /// `piece`, else at its start.
    fn problem(&self, piece: &str, p: &Problem, severity: Severity) -> Diagnostic {
        let at =
            p.needle.as_ref().and_then(|n| serde_json::to_string(n).ok()).and_then(|n| piece.find(&n)).unwrap_or(0);
        let loc = self.loc_at(self.offset(piece) + at);
        Diagnostic::new(CODE, severity, loc, p.message.clone()).in_file(self.file)
    }
}

/// Keys of `input` that did not survive a parse (`parsed` is the parsed value
/// written back), skipping empty ones (`null`, `[]`, `{}`, `""`).
fn ignored_fields(input: &Json, parsed: &Json, path: &str, out: &mut Vec<(String, String)>) {
    match (input, parsed) {
        (Json::Object(a), Json::Object(b)) => {
            for (k, v) in a {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match b.get(k) {
                    Some(w) => ignored_fields(v, w, &p, out),
                    None if is_empty(v) => {}
                    None => out.push((p, k.clone())),
                }
            }
        }
        (Json::Array(a), Json::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                ignored_fields(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn is_empty(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::Array(a) => a.is_empty(),
        Json::Object(m) => m.is_empty(),
        Json::String(s) => s.is_empty(),
        _ => false,
    }
}

fn is_debugfs(m: &Map<String, Json>) -> bool {
    let items_have = |list: &str, key: &str| {
        m.get(list)
            .and_then(Json::as_array)
            .is_some_and(|a| a.iter().any(|x| x.as_object().is_some_and(|x| x.contains_key(key))))
    };
    m.get("context_flags").is_some_and(Json::is_string)
        || m.get("return").is_some_and(Json::is_object)
        || items_have("parameters", "type_class")
        || items_have("side_effects", "type")
}

// ---------------------------------------------------------------------------
// Shared helpers.

fn text(s: &str) -> Text {
    Text::new(s, Loc::default())
}

fn opt_text(s: &Option<String>) -> Option<Text> {
    s.as_deref().map(text)
}

/// A text written as `""` when absent.
fn nonempty(s: &str) -> Option<Text> {
    (!s.is_empty()).then(|| text(s))
}

fn opt_nonempty(s: &Option<String>) -> Option<Text> {
    s.as_deref().and_then(nonempty)
}

fn loc_of(l: &Location) -> Loc {
    Loc::new(l.line, l.col)
}

fn parse_value(raw: &str) -> Value {
    let mut v = Value::parse(raw, Loc::default());
    v.raw = raw.to_string();
    v
}

/// A value from its text and the signed number it resolved to.
fn value_i64(raw: &str, n: Option<i64>) -> Value {
    let mut v = parse_value(raw);
    if v.as_i64() != n {
        v.resolved = n.map(i128::from);
    }
    v
}

/// A value from its text and the bits it resolved to.
fn value_u64(raw: &str, n: Option<u64>) -> Value {
    let mut v = parse_value(raw);
    if v.as_u64_bits() != n {
        v.resolved = n.map(i128::from);
    }
    v
}

fn lit_i64(n: Option<i64>) -> Option<Value> {
    n.map(|n| Value::literal(n.into()))
}

fn lit_u64(n: Option<u64>) -> Option<Value> {
    n.map(|n| Value::literal(n.into()))
}

fn opt_i64(raw: &Option<String>, n: Option<i64>) -> Option<Value> {
    match raw {
        Some(r) => Some(value_i64(r, n)),
        None => lit_i64(n),
    }
}

fn opt_u64(raw: &Option<String>, n: Option<u64>) -> Option<Value> {
    match raw {
        Some(r) => Some(value_u64(r, n)),
        None => lit_u64(n),
    }
}

fn truth_of(b: Option<bool>) -> Option<Truth> {
    b.filter(|b| *b).map(Truth::of)
}

fn known<E: KapiEnum>(v: E) -> Token<E> {
    Token { raw: v.long_name().to_string(), loc: Loc::default(), value: Some(v) }
}

/// A token from a name (kapi's `*_name` fields) and a number. The name wins;
/// a name that is not a member is a kept word when the number is null, and
/// an error when a number says it is a member.
fn token<E: KapiEnum>(name: Option<&str>, number: Option<u64>, warn: &mut Vec<Problem>) -> Res<Option<Token<E>>> {
    match (name, number) {
        (Some(n), num) => match E::parse(n) {
            Some(v) => {
                if let Some(k) = num.filter(|k| *k != v.number()) {
                    warn.push(Problem::new(
                        format!("`{n}` is {} {}, not {k}; the name is used", E::FAMILY, v.number()),
                        Some(n),
                    ));
                }
                Ok(Some(Token { raw: n.to_string(), loc: Loc::default(), value: Some(v) }))
            }
            None if num.is_none() => Ok(Some(Token { raw: n.to_string(), loc: Loc::default(), value: None })),
            None => Err(Problem::new(format!("`{n}` is not a {}", E::FAMILY), Some(n))),
        },
        (None, Some(k)) => from_number(k).map(Some),
        (None, None) => Ok(None),
    }
}

/// A member from its v4 number.
fn from_number<E: KapiEnum>(k: u64) -> Res<Token<E>> {
    E::from_number(k).map(known).ok_or_else(|| Problem::new(format!("{k} is not a {} number", E::FAMILY), None))
}

/// A member from a number that may come from an old table: an unknown
/// number is kept as its text, with a warning.
fn lenient_number<E: KapiEnum>(k: u64, warn: &mut Vec<Problem>) -> Token<E> {
    E::from_number(k).map(known).unwrap_or_else(|| {
        warn.push(Problem::new(format!("{k} is not a {} number; it is kept as text", E::FAMILY), None));
        Token { raw: k.to_string(), loc: Loc::default(), value: None }
    })
}

/// A word that may not be a member (upstream and debugfs words).
fn word<E: KapiEnum>(w: &str) -> Token<E> {
    Token { raw: w.to_string(), loc: Loc::default(), value: E::parse(w) }
}

/// A flag set from member names (each must be one), kept unknown words and
/// the bits (numeric literals make up what the names do not).
fn flag_set<E: KapiEnum>(names: &[String], unknown: &[String], bits: Option<u64>) -> Res<FlagSet<E>> {
    let mut known = Vec::new();
    for n in names {
        let v = E::parse(n).ok_or_else(|| Problem::new(format!("`{n}` is not a {}", E::FAMILY), Some(n)))?;
        if !known.contains(&v) {
            known.push(v);
        }
    }
    let known_bits = known.iter().fold(0, |acc, v| acc | v.number());
    let literal_bits = bits.unwrap_or(known_bits) & !known_bits;
    let mut words: Vec<String> = known.iter().map(|v| v.long_name().to_string()).collect();
    words.extend(unknown.iter().cloned());
    if literal_bits != 0 {
        words.push(format!("{literal_bits:#x}"));
    }
    Ok(FlagSet { raw: words.join(" | "), loc: Loc::default(), known, literal_bits, unknown: unknown.to_vec() })
}

/// A flag set from bits alone.
fn bits_set<E: KapiEnum>(bits: u64) -> FlagSet<E> {
    let known = bits_to_members::<E>(bits);
    let names: Vec<String> = known.iter().map(|v| v.long_name().to_string()).collect();
    flag_set(&names, &[], Some(bits)).unwrap_or_else(|_| FlagSet::of(&known))
}

fn attrs(a: &[AttrJson]) -> Vec<Attr> {
    a.iter().map(|a| Attr { key: a.key.clone(), value: Text::new(a.value.clone(), loc_of(&a.location)) }).collect()
}

/// Keys an upstream or debugfs reader did not map, kept as JSON text.
fn rest_attrs(rest: &Map<String, Json>) -> Vec<Attr> {
    rest.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| Attr {
            key: k.clone(),
            value: text(&match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            }),
        })
        .collect()
}

fn op_prefix(t: &str) -> (CmpOp, &str) {
    [
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
    .unwrap_or((CmpOp::Eq, t))
}

fn api_kind(s: &str) -> Res<ApiKind> {
    ApiKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| Problem::new(format!("`{s}` is not an API kind (syscall, ioctl, function, sysfs)"), Some(s)))
}

fn dialect(s: &str) -> Res<Dialect> {
    [Dialect::Macro, Dialect::Flat, Dialect::NestedTypedHeads, Dialect::NestedLong, Dialect::ShortToken]
        .into_iter()
        .find(|d| d.as_str() == s)
        .ok_or_else(|| Problem::new(format!("`{s}` is not a spec dialect"), Some(s)))
}

fn definition_kind(s: &str) -> Res<DefinitionKind> {
    Ok(match s {
        "syscall" => DefinitionKind::Syscall,
        "compat_syscall" => DefinitionKind::CompatSyscall,
        "ioctl" => DefinitionKind::Ioctl,
        "function" => DefinitionKind::Function,
        _ => return Err(Problem::new(format!("`{s}` is not a definition kind"), Some(s))),
    })
}

fn errno_ref(name: Option<&str>, code: Option<i32>) -> Option<ErrnoRef> {
    match (name, code) {
        (Some(n), code) => Some(ErrnoRef {
            raw: n.to_string(),
            loc: Loc::default(),
            name: tables::errno(n).map(|_| n.to_string()),
            code,
        }),
        (None, Some(c)) => Some(ErrnoRef {
            raw: c.to_string(),
            loc: Loc::default(),
            name: c.checked_neg().and_then(tables::errno_name).map(str::to_string),
            code: Some(c),
        }),
        (None, None) => None,
    }
}

// ---------------------------------------------------------------------------
// kapi's own JSON.

/// Rebuilds a spec from kapi's JSON form (the inverse of [`json::details`]).
/// Warnings (a number that disagrees with its name) go to `warnings`.
pub fn spec_from_details(d: &ApiDetails, warnings: &mut Vec<Diagnostic>) -> Result<Spec, Diagnostic> {
    let mut w = Vec::new();
    let file = d.location.file.as_str();
    let r = from_details(d, &mut w);
    let diag = |p: &Problem, s| Diagnostic::new(CODE, s, loc_of(&d.location), p.message.clone()).in_file(file);
    warnings.extend(w.iter().map(|p| diag(p, Severity::Warning)));
    r.map_err(|p| diag(&p, Severity::Error))
}

fn from_details(d: &ApiDetails, w: &mut Vec<Problem>) -> Res<Spec> {
    let contexts = if d.context_flags_value.is_some() || !d.context_flags.is_empty() {
        Some(flag_set::<ContextFlag>(&d.context_flags, &d.context_flags_unknown, d.context_flags_value)?)
    } else {
        None
    };
    let sysfs = (d.subsystem.is_some() || d.sysfs_path.is_some() || d.permissions.is_some()).then(|| SysfsInfo {
        subsystem: opt_text(&d.subsystem),
        path: opt_text(&d.sysfs_path),
        permissions: d.permissions.as_deref().map(parse_value),
        ..SysfsInfo::default()
    });
    let params: Vec<Param> = d.parameters.iter().map(|p| param(p, w)).collect::<Res<_>>()?;
    let definition = match &d.definition {
        Some(def) => {
            // The binder parses its own normalised prototype back to the same
            // arguments; failing that, the params say what they were.
            let loc = loc_of(&def.location);
            let (args, complete) = match kapi_syntax::bind::parse_definition(&def.prototype, loc) {
                Some(again) => (again.args, again.complete),
                None => (prototype_args(&params), true),
            };
            Some(Definition {
                kind: definition_kind(&def.kind)?,
                name: def.name.clone(),
                loc,
                prototype: def.prototype.clone(),
                args,
                complete,
            })
        }
        None => None,
    };
    Ok(Spec {
        name: d.name.clone(),
        kind: Some(api_kind(&d.api_type)?),
        dialect: d.dialect.as_deref().map(dialect).transpose()?,
        origin: Origin {
            file: d.location.file.clone(),
            loc: loc_of(&d.location),
            end: Loc::default(),
            target: d.target.as_ref().map(|t| TargetLoc { path: t.file.clone(), line: t.line }),
        },
        definition,
        description: opt_text(&d.description),
        long_desc: opt_text(&d.long_description),
        contexts,
        context_note: opt_text(&d.context_note),
        kdoc_return: opt_text(&d.kerneldoc_return),
        param_count: d.param_count.as_deref().map(parse_value),
        since_version: opt_text(&d.since_version),
        api_type: opt_text(&d.api_type_text),
        params,
        ret: d.return_spec.as_ref().map(|r| ret(r, w)).transpose()?,
        errors: d
            .errors
            .iter()
            .map(|e| ErrorSpec {
                loc: loc_of(&e.location),
                name: e.name.clone(),
                code: e.error_code,
                code_raw: None,
                summary: nonempty(&e.condition),
                desc: nonempty(&e.description),
                condition: opt_text(&e.condition_detail),
                extra: Vec::new(),
            })
            .collect(),
        signals: d.signals.iter().map(|s| signal(s, w)).collect::<Res<_>>()?,
        signal_masks: d
            .signal_masks
            .iter()
            .map(|m| SignalMask {
                loc: Loc::default(),
                name: m.name.clone(),
                signals: m.signals.iter().map(|s| parse_value(s)).collect(),
                desc: nonempty(&m.description),
            })
            .collect(),
        locks: d.locks.iter().map(|l| lock(l, w)).collect::<Res<_>>()?,
        side_effects: d
            .side_effects
            .iter()
            .map(|e| {
                Ok(SideEffect {
                    loc: loc_of(&e.location),
                    kinds: flag_set(&e.effect_type_names, &e.effect_type_unknown, Some(e.effect_type))?,
                    target: nonempty(&e.target),
                    desc: nonempty(&e.description),
                    condition: opt_text(&e.condition),
                    reversible: truth_of(Some(e.reversible)),
                    extra: Vec::new(),
                })
            })
            .collect::<Res<_>>()?,
        state_transitions: d
            .state_transitions
            .iter()
            .map(|s| StateTransition {
                loc: loc_of(&s.location),
                object: text(&s.object),
                from: nonempty(&s.from_state),
                to: nonempty(&s.to_state),
                condition: opt_text(&s.condition),
                desc: nonempty(&s.description),
                target: opt_text(&s.target),
                extra: Vec::new(),
            })
            .collect(),
        capabilities: d
            .capabilities
            .iter()
            .map(|c| {
                Ok(Capability {
                    loc: loc_of(&c.location),
                    cap: c.name.clone(),
                    number: c.capability,
                    action: token((!c.action.is_empty()).then_some(c.action.as_str()), c.action_number, w)?,
                    name: opt_text(&c.description),
                    allows: nonempty(&c.allows),
                    without: nonempty(&c.without_cap),
                    condition: opt_text(&c.check_condition),
                    priority: lit_i64(c.priority),
                    alternatives: c.alternatives.iter().map(|a| Value::literal((*a).into())).collect(),
                    extra: Vec::new(),
                })
            })
            .collect::<Res<_>>()?,
        constraints: d
            .constraints
            .iter()
            .map(|c| Constraint {
                loc: loc_of(&c.location),
                name: text(&c.name),
                desc: nonempty(&c.description),
                expr: opt_text(&c.expression),
                extra: Vec::new(),
            })
            .collect(),
        structs: d.struct_specs.iter().map(structure).collect::<Res<_>>()?,
        validation_groups: d
            .validation_groups
            .iter()
            .map(|g| ValidationGroup {
                loc: Loc::default(),
                name: text(&g.name),
                policy: opt_text(&g.policy),
                rules: g.rules.iter().map(|r| text(r)).collect(),
                flags: opt_text(&g.flags),
                extra: Vec::new(),
            })
            .collect(),
        examples: opt_text(&d.examples),
        notes: opt_text(&d.notes),
        sysfs,
        ioctl: d.ioctl.as_ref().map(|i| IoctlInfo {
            cmd: match &i.cmd {
                Some(c) => Some(value_u64(c, i.cmd_value)),
                None => lit_u64(i.cmd_value),
            },
            cmd_name: opt_text(&i.cmd_name),
            input_size: i.input_size.as_deref().map(parse_value),
            output_size: i.output_size.as_deref().map(parse_value),
            file_ops_name: opt_text(&i.file_ops_name),
        }),
        extra: attrs(&d.extra),
    })
}

/// The prototype's arguments: binding gives the params in prototype order,
/// each with the argument's declaration (`unsigned long start`) as its type,
/// so they are the leading params whose type is a declaration naming them.
fn prototype_args(params: &[Param]) -> Vec<CArg> {
    let mut args = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let Some(head) = p.ctype.as_deref().and_then(|t| t.strip_suffix(p.name.as_str())) else { break };
        if p.index != i || p.name.is_empty() || head.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            break;
        }
        args.push(CArg { ctype: head.trim_end().to_string(), name: p.name.clone() });
    }
    args
}

fn param(p: &ParamJson, w: &mut Vec<Problem>) -> Res<Param> {
    // `constraint` is `cdesc:` then the `constraint:` lines, joined by spaces.
    let constraint_text = match (&p.constraint, &p.cdesc) {
        (None, _) => Vec::new(),
        (Some(c), Some(d)) if c == d => Vec::new(),
        (Some(c), Some(d)) => match c.strip_prefix(d.as_str()).and_then(|r| r.strip_prefix(' ')) {
            Some(rest) => vec![text(rest)],
            None => vec![text(c)],
        },
        (Some(c), None) => vec![text(c)],
    };
    let constraint_number = match (&p.constraint_type_name, p.constraint_type) {
        (None, Some(0)) => None,
        (_, n) => n,
    };
    let flags = if p.flags != 0 || !p.flags_names.is_empty() || !p.flags_unknown.is_empty() {
        Some(flag_set::<ParamFlag>(&p.flags_names, &p.flags_unknown, Some(p.flags))?)
    } else {
        None
    };
    let resolved = |i: usize| p.enum_values_resolved.get(i).copied().flatten();
    Ok(Param {
        index: p.index,
        name: p.name.clone(),
        loc: loc_of(&p.location),
        has_block: p.has_spec,
        ctype: (!p.type_name.is_empty()).then(|| p.type_name.clone()),
        description: nonempty(&p.description),
        kind: token(p.param_type_name.as_deref(), p.param_type, w)?,
        flags,
        constraint_kind: token(p.constraint_type_name.as_deref(), constraint_number, w)?,
        constraint_call: opt_text(&p.constraint_call),
        min: opt_i64(&p.min_value_text, p.min_value),
        max: opt_i64(&p.max_value_text, p.max_value),
        mask: opt_u64(&p.valid_mask_text, p.valid_mask),
        arch_masks: p
            .arch_masks
            .iter()
            .map(|a| ArchMask { arch: a.arch.clone(), value: value_u64(&a.mask_text, a.mask), loc: Loc::default() })
            .collect(),
        enum_values: p
            .enum_values
            .iter()
            .enumerate()
            .map(
                |(i, raw)| {
                    if p.enum_values_resolved.is_empty() {
                        parse_value(raw)
                    } else {
                        value_i64(raw, resolved(i))
                    }
                },
            )
            .collect(),
        valid_values: opt_text(&p.valid_values),
        alignment: opt_u64(&p.alignment_text, p.alignment),
        size: opt_u64(&p.size_text, p.size),
        size_param: lit_i64(p.size_param_idx),
        size_multiplier: lit_u64(p.size_multiplier),
        custom_fn: opt_text(&p.custom_validator),
        constraint_text,
        cdesc: opt_text(&p.cdesc),
        struct_type: opt_text(&p.struct_type),
        sysfs: None,
        extra: attrs(&p.extra),
    })
}

fn ret(r: &ReturnJson, w: &mut Vec<Problem>) -> Res<ReturnSpec> {
    // `type_name` is the `KAPI_TYPE_*` name of a known type, else the text.
    let kind = match (&r.type_text, r.return_type) {
        (Some(t), Some(n)) => {
            let v = from_number::<ParamType>(n)?;
            Some(if ParamType::parse(t) == v.value { Token { raw: t.clone(), ..v } } else { v })
        }
        (Some(t), None) => Some(Token { raw: t.clone(), loc: Loc::default(), value: None }),
        (None, Some(n)) => Some(from_number::<ParamType>(n)?),
        (None, None) => ParamType::parse(&r.type_name).map(known),
    };
    let mut out = ReturnSpec {
        loc: loc_of(&r.location),
        type_name: opt_text(&r.type_text),
        kind,
        check: token(r.check_type_name.as_deref(), r.check_type, w)?,
        success: None,
        success_min: lit_i64(r.success_min),
        success_max: lit_i64(r.success_max),
        error_values: r.error_values.iter().map(|v| Value::literal((*v).into())).collect(),
        desc: nonempty(&r.description),
        extra: Vec::new(),
    };
    let want = (r.success_value, r.success_min, r.success_max);
    match &r.success_text {
        Some(t) => {
            let (op, rest) = op_prefix(t.trim());
            let rest = rest.trim();
            let (value, min, max) = match op {
                CmpOp::Eq => (value_i64(rest, r.success_value), out.success_min.clone(), out.success_max.clone()),
                CmpOp::Ne => (parse_value(rest), out.success_min.clone(), out.success_max.clone()),
                CmpOp::Ge => (value_i64(rest, r.success_min), None, out.success_max.clone()),
                CmpOp::Gt => {
                    (value_i64(rest, r.success_min.and_then(|m| m.checked_sub(1))), None, out.success_max.clone())
                }
                CmpOp::Le => (value_i64(rest, r.success_max), out.success_min.clone(), None),
                CmpOp::Lt => {
                    (value_i64(rest, r.success_max.and_then(|m| m.checked_add(1))), out.success_min.clone(), None)
                }
            };
            out.success = Some(Success { raw: t.clone(), loc: Loc::default(), op, value });
            out.success_min = min;
            out.success_max = max;
            if json::success_numbers(&out) != want {
                // An operator the text does not show: read it as `==`, which
                // gives back exactly the numbers written.
                out.success = Some(Success {
                    raw: t.clone(),
                    loc: Loc::default(),
                    op: CmpOp::Eq,
                    value: value_i64(rest, r.success_value),
                });
                out.success_min = lit_i64(r.success_min);
                out.success_max = lit_i64(r.success_max);
            }
        }
        None => {
            out.success = r.success_value.map(|n| Success {
                raw: n.to_string(),
                loc: Loc::default(),
                op: CmpOp::Eq,
                value: Value::literal(n.into()),
            });
        }
    }
    Ok(out)
}

fn signal(s: &json::SignalJson, w: &mut Vec<Problem>) -> Res<SignalSpec> {
    let timing = match (&s.timing_name, s.timing) {
        (Some(n), _) => Some(word::<SignalTiming>(n)),
        (None, Some(t)) => Some(
            SignalTiming::all()
                .iter()
                .find(|v| v.tool_number() == Some(t))
                .map(|v| Token::known(*v))
                .ok_or_else(|| Problem::new(format!("{t} is not a signal timing number"), None))?,
        ),
        (None, None) => None,
    };
    let set = |names: &[String], bits: u64| -> Res<Option<FlagSet<SignalState>>> {
        if bits != 0 || !names.is_empty() {
            flag_set(names, &[], Some(bits)).map(Some)
        } else {
            Ok(None)
        }
    };
    Ok(SignalSpec {
        loc: loc_of(&s.location),
        name: s.signal_name.clone(),
        number: s.signal_num,
        direction: if s.direction != 0 || !s.direction_names.is_empty() {
            Some(flag_set(&s.direction_names, &[], Some(s.direction))?)
        } else {
            None
        },
        action: token(s.action_name.as_deref(), s.action, w)?,
        condition: opt_text(&s.condition),
        desc: opt_text(&s.description),
        errno: errno_ref(s.errno_name.as_deref(), s.error_on_signal),
        timing,
        priority: lit_i64(s.priority),
        restartable: truth_of(Some(s.restartable)),
        interruptible: truth_of(Some(s.interruptible)),
        target: opt_text(&s.target),
        queue: s.queue.as_deref().map(word),
        sa_flags_required: lit_u64(Some(s.sa_flags_required).filter(|n| *n != 0)),
        sa_flags_forbidden: lit_u64(Some(s.sa_flags_forbidden).filter(|n| *n != 0)),
        state_required: set(&s.state_required_names, s.state_required)?,
        state_forbidden: set(&s.state_forbidden_names, s.state_forbidden)?,
        transform_to: lit_i64(s.transform_to),
        extra: Vec::new(),
    })
}

fn lock(l: &json::LockJson, w: &mut Vec<Problem>) -> Res<LockSpec> {
    let truth = |t: &Option<String>| t.as_deref().map(|t| Truth::parse(t, Loc::default()));
    let mut out = LockSpec {
        loc: loc_of(&l.location),
        name: l.lock_name.clone(),
        kind: token(l.lock_type_name.as_deref(), l.lock_type, w)?,
        acquired: truth(&l.acquired),
        released: truth(&l.released),
        held_on_entry: truth(&l.held_on_entry),
        held_on_exit: truth(&l.held_on_exit),
        scope: None,
        desc: nonempty(&l.description),
        extra: Vec::new(),
    };
    let scope = token::<LockScope>(Some(&l.scope_name), Some(l.scope), w)?;
    // The scope is written out only when the lock words do not imply it.
    if let Some(s) = scope.filter(|s| s.value != Some(out.effective_scope())) {
        if s.value.is_none() {
            return Err(Problem::new(format!("`{}` is not a lock scope", s.raw), Some(&s.raw)));
        }
        out.scope = Some(s);
    }
    Ok(out)
}

fn structure(s: &json::StructJson) -> Res<StructSpec> {
    let fields = s
        .fields
        .iter()
        .map(|x| {
            Ok(StructField {
                loc: Loc::default(),
                name: x.name.clone(),
                ctype: nonempty(&x.type_name),
                desc: nonempty(&x.description),
                constraint_kind: x.constraint_type.map(from_number).transpose()?,
                min: lit_i64(x.min_value),
                max: lit_i64(x.max_value),
                mask: lit_u64(x.valid_mask),
                enum_values: x
                    .enum_values
                    .iter()
                    .map(|e| {
                        // Written as `NAME(value)`.
                        let (n, v) = e.split_once('(').unwrap_or((e.as_str(), ""));
                        (n.to_string(), parse_value(v.strip_suffix(')').unwrap_or(v)))
                    })
                    .collect(),
                constraint_text: x.constraints.iter().map(|c| text(c)).collect(),
                policy: opt_text(&x.policy),
                version: x.version.as_deref().map(parse_value),
                flag: opt_text(&x.flag),
                validate: opt_text(&x.validate),
                extra: Vec::new(),
            })
        })
        .collect::<Res<_>>()?;
    Ok(StructSpec {
        loc: loc_of(&s.location),
        name: text(&s.name),
        param: s.param.clone(),
        size: lit_u64(s.size),
        alignment: lit_u64(s.alignment),
        desc: nonempty(&s.description),
        fields,
        extra: Vec::new(),
    })
}

// ---------------------------------------------------------------------------
// The upstream tool's JSON.

mod up {
    //! `tools/kapi -f json` (RFC v1 to v4), field names of kapi-format.md §7.3.

    use super::*;

    /// A JSON boolean or a word (`true`, `"yes"`).
    #[derive(Deserialize, Clone, Debug)]
    #[serde(untagged)]
    pub(super) enum Flag {
        Bool(bool),
        Word(String),
    }

    impl Flag {
        fn truth(&self) -> Option<Truth> {
            match self {
                Flag::Bool(b) => truth_of(Some(*b)),
                Flag::Word(w) => Some(Truth::parse(w, Loc::default())),
            }
        }
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    pub(super) struct Details {
        name: String,
        api_type: Option<String>,
        description: Option<String>,
        long_description: Option<String>,
        version: Option<Json>,
        context_flags: Vec<String>,
        param_count: Option<Json>,
        error_count: Option<Json>,
        examples: Option<String>,
        notes: Option<String>,
        since_version: Option<String>,
        subsystem: Option<String>,
        sysfs_path: Option<String>,
        permissions: Option<Json>,
        capabilities: Vec<Cap>,
        parameters: Vec<Param>,
        return_spec: Option<Return>,
        errors: Vec<Error>,
        signals: Vec<Signal>,
        signal_masks: Vec<Mask>,
        side_effects: Vec<Effect>,
        state_transitions: Vec<Trans>,
        constraints: Vec<super::dbg::Constraint>,
        locks: Vec<Lock>,
        struct_specs: Vec<Struct>,
        #[serde(flatten)]
        rest: Map<String, Json>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Cap {
        capability: Option<i32>,
        name: String,
        action: Option<String>,
        allows: String,
        without_cap: String,
        check_condition: Option<String>,
        priority: Option<i64>,
        alternatives: Vec<i64>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Param {
        index: Option<usize>,
        name: String,
        type_name: String,
        description: String,
        flags: u64,
        param_type: Option<u64>,
        constraint_type: Option<u64>,
        constraint: Option<String>,
        min_value: Option<i64>,
        max_value: Option<i64>,
        valid_mask: Option<u64>,
        enum_values: Vec<String>,
        size: Option<u64>,
        alignment: Option<u64>,
        size_param_idx: Option<i64>,
        #[serde(flatten)]
        rest: Map<String, Json>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Return {
        type_name: String,
        description: String,
        return_type: Option<u64>,
        check_type: Option<u64>,
        success_value: Option<i64>,
        success_min: Option<i64>,
        success_max: Option<i64>,
        error_values: Vec<i64>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Error {
        error_code: Option<i32>,
        name: String,
        condition: String,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Signal {
        signal_num: Option<i32>,
        signal_name: String,
        direction: u64,
        action: Option<u64>,
        target: Option<String>,
        condition: Option<String>,
        description: Option<String>,
        timing: Option<u32>,
        priority: Option<i64>,
        restartable: bool,
        interruptible: bool,
        queue: Option<String>,
        sa_flags_required: u64,
        sa_flags_forbidden: u64,
        state_required: u64,
        state_forbidden: u64,
        error_on_signal: Option<i32>,
        transform_to: Option<i64>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Mask {
        name: String,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Effect {
        effect_type: u64,
        target: String,
        condition: Option<String>,
        description: String,
        reversible: bool,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Trans {
        object: String,
        from_state: String,
        to_state: String,
        condition: Option<String>,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Lock {
        lock_name: String,
        lock_type: Option<u64>,
        scope: Option<u64>,
        acquired: Option<Flag>,
        released: Option<Flag>,
        held_on_entry: Option<Flag>,
        held_on_exit: Option<Flag>,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Struct {
        name: String,
        size: Option<u64>,
        alignment: Option<u64>,
        fields: Vec<Field>,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Field {
        name: String,
        type_name: String,
        constraint_type: Option<u64>,
        min_value: Option<i64>,
        max_value: Option<i64>,
        valid_mask: Option<u64>,
        description: String,
        #[serde(flatten)]
        rest: Map<String, Json>,
    }

    fn json_text(v: &Json) -> String {
        match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    pub(super) fn spec(d: Details, w: &mut Vec<Problem>) -> Res<Spec> {
        // RFC v1 printed the source text, `KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE`, as one entry.
        let contexts = (!d.context_flags.is_empty()).then(|| {
            let set = FlagSet::<ContextFlag>::parse(&d.context_flags.join(" | "), Loc::default());
            for u in &set.unknown {
                w.push(Problem::new(format!("`{u}` is not a {}; it is kept as text", ContextFlag::FAMILY), Some(u)));
            }
            set
        });
        let kind = match &d.api_type {
            Some(k) => api_kind(k)?,
            None => ApiKind::from_name(&d.name),
        };
        let mut extra = rest_attrs(&d.rest);
        if let Some(v) = d.version.as_ref().filter(|v| v.as_u64() != Some(1) && !v.is_null()) {
            extra.push(Attr { key: "version".into(), value: text(&json_text(v)) });
        }
        if let Some(v) = d.error_count.as_ref().filter(|v| !v.is_null()) {
            if v.as_u64() != Some(d.errors.len() as u64) {
                extra.push(Attr { key: "error_count".into(), value: text(&json_text(v)) });
            }
        }
        let sysfs = (d.subsystem.is_some() || d.sysfs_path.is_some() || d.permissions.is_some()).then(|| SysfsInfo {
            subsystem: opt_text(&d.subsystem),
            path: opt_text(&d.sysfs_path),
            permissions: d.permissions.as_ref().map(|p| parse_value(&json_text(p))),
            ..SysfsInfo::default()
        });
        let params = d
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| kapi_model::Param {
                index: p.index.unwrap_or(i),
                name: p.name.clone(),
                loc: Loc::default(),
                has_block: true,
                ctype: (!p.type_name.is_empty()).then(|| p.type_name.clone()),
                description: nonempty(&p.description),
                kind: p.param_type.map(|n| lenient_number(n, w)),
                flags: (p.flags != 0).then(|| bits_set(p.flags)),
                constraint_kind: p.constraint_type.filter(|n| *n != 0).map(|n| lenient_number(n, w)),
                min: lit_i64(p.min_value),
                max: lit_i64(p.max_value),
                mask: lit_u64(p.valid_mask),
                enum_values: p.enum_values.iter().map(|v| parse_value(v)).collect(),
                alignment: lit_u64(p.alignment),
                size: lit_u64(p.size),
                size_param: lit_i64(p.size_param_idx),
                constraint_text: p.constraint.iter().map(|c| text(c)).collect(),
                extra: rest_attrs(&p.rest),
                ..kapi_model::Param::default()
            })
            .collect();
        let ret = d.return_spec.map(|r| {
            // The name (`KAPI_TYPE_INT`) wins over the number.
            let kind = match ParamType::parse(&r.type_name) {
                Some(v) => Some(Token { raw: r.type_name.clone(), loc: Loc::default(), value: Some(v) }),
                None => r.return_type.map(|n| lenient_number(n, w)),
            };
            ReturnSpec {
                type_name: nonempty(&r.type_name),
                kind,
                check: r.check_type.map(|n| lenient_number(n, w)),
                success: r.success_value.map(|n| Success {
                    raw: n.to_string(),
                    loc: Loc::default(),
                    op: CmpOp::Eq,
                    value: Value::literal(n.into()),
                }),
                success_min: lit_i64(r.success_min),
                success_max: lit_i64(r.success_max),
                error_values: r.error_values.iter().map(|v| Value::literal((*v).into())).collect(),
                desc: nonempty(&r.description),
                ..ReturnSpec::default()
            }
        });
        let errors = d
            .errors
            .iter()
            .map(|e| ErrorSpec {
                name: e.name.clone(),
                // The name wins: the tools' errno tables were partial (unknown gave 0).
                code: tables::errno(&e.name).map(|n| -n).or(e.error_code.filter(|c| *c != 0)),
                summary: nonempty(&e.condition),
                desc: nonempty(&e.description),
                ..ErrorSpec::default()
            })
            .collect();
        let signals = d
            .signals
            .iter()
            .map(|s| SignalSpec {
                name: s.signal_name.clone(),
                // The tool writes 0 for a signal it cannot name.
                number: tables::signal(&s.signal_name).or(s.signal_num.filter(|n| *n != 0)),
                direction: (s.direction != 0).then(|| bits_set(s.direction)),
                action: s.action.map(|n| lenient_number(n, w)),
                condition: opt_text(&s.condition),
                desc: opt_text(&s.description),
                errno: errno_ref(None, s.error_on_signal),
                timing: s.timing.and_then(|t| {
                    SignalTiming::all().iter().find(|v| v.tool_number() == Some(t)).map(|v| Token::known(*v))
                }),
                priority: lit_i64(s.priority),
                restartable: truth_of(Some(s.restartable)),
                interruptible: truth_of(Some(s.interruptible)),
                target: opt_text(&s.target),
                queue: s.queue.as_deref().map(word),
                sa_flags_required: lit_u64(Some(s.sa_flags_required).filter(|n| *n != 0)),
                sa_flags_forbidden: lit_u64(Some(s.sa_flags_forbidden).filter(|n| *n != 0)),
                state_required: (s.state_required != 0).then(|| bits_set(s.state_required)),
                state_forbidden: (s.state_forbidden != 0).then(|| bits_set(s.state_forbidden)),
                transform_to: lit_i64(s.transform_to),
                ..SignalSpec::default()
            })
            .collect();
        let locks = d
            .locks
            .iter()
            .map(|l| LockSpec {
                name: l.lock_name.clone(),
                kind: l.lock_type.map(|n| lenient_number(n, w)),
                acquired: l.acquired.as_ref().and_then(Flag::truth),
                released: l.released.as_ref().and_then(Flag::truth),
                held_on_entry: l.held_on_entry.as_ref().and_then(Flag::truth),
                held_on_exit: l.held_on_exit.as_ref().and_then(Flag::truth),
                scope: l.scope.map(|n| lenient_number(n, w)),
                desc: nonempty(&l.description),
                ..LockSpec::default()
            })
            .collect();
        let capabilities = d
            .capabilities
            .iter()
            .map(|c| Capability {
                cap: c.name.clone(),
                // The tool writes 0 (CAP_CHOWN) for a name it cannot look up.
                number: tables::capability(&c.name).or(c.capability.filter(|n| *n != 0)),
                action: c.action.as_deref().filter(|a| !a.is_empty()).map(word),
                allows: nonempty(&c.allows),
                without: nonempty(&c.without_cap),
                condition: opt_text(&c.check_condition),
                priority: lit_i64(c.priority),
                alternatives: c.alternatives.iter().map(|a| Value::literal((*a).into())).collect(),
                ..Capability::default()
            })
            .collect();
        Ok(Spec {
            name: d.name.clone(),
            kind: Some(kind),
            description: opt_text(&d.description),
            long_desc: opt_text(&d.long_description),
            contexts,
            param_count: d.param_count.as_ref().filter(|v| !v.is_null()).map(|v| parse_value(&json_text(v))),
            since_version: opt_text(&d.since_version),
            params,
            ret,
            errors,
            signals,
            signal_masks: d
                .signal_masks
                .iter()
                .map(|m| SignalMask { name: m.name.clone(), desc: nonempty(&m.description), ..SignalMask::default() })
                .collect(),
            locks,
            side_effects: d
                .side_effects
                .iter()
                .map(|e| SideEffect {
                    loc: Loc::default(),
                    kinds: bits_set(e.effect_type),
                    target: nonempty(&e.target),
                    desc: nonempty(&e.description),
                    condition: opt_text(&e.condition),
                    reversible: truth_of(Some(e.reversible)),
                    extra: Vec::new(),
                })
                .collect(),
            state_transitions: d
                .state_transitions
                .iter()
                .map(|s| StateTransition {
                    object: text(&s.object),
                    from: nonempty(&s.from_state),
                    to: nonempty(&s.to_state),
                    condition: opt_text(&s.condition),
                    desc: nonempty(&s.description),
                    ..StateTransition::default()
                })
                .collect(),
            capabilities,
            constraints: d.constraints.iter().map(super::dbg::constraint).collect(),
            structs: d
                .struct_specs
                .iter()
                .map(|s| StructSpec {
                    name: text(&s.name),
                    size: lit_u64(s.size),
                    alignment: lit_u64(s.alignment),
                    desc: nonempty(&s.description),
                    fields: s
                        .fields
                        .iter()
                        .map(|f| StructField {
                            name: f.name.clone(),
                            ctype: nonempty(&f.type_name),
                            desc: nonempty(&f.description),
                            constraint_kind: f.constraint_type.filter(|n| *n != 0).map(|n| lenient_number(n, w)),
                            min: lit_i64(f.min_value),
                            max: lit_i64(f.max_value),
                            mask: lit_u64(f.valid_mask),
                            extra: rest_attrs(&f.rest),
                            ..StructField::default()
                        })
                        .collect(),
                    ..StructSpec::default()
                })
                .collect(),
            examples: opt_text(&d.examples),
            notes: opt_text(&d.notes),
            sysfs,
            extra,
            ..Spec::default()
        })
    }
}

// ---------------------------------------------------------------------------
// debugfs `specs-json/<name>`.

mod dbg {
    //! `kapi_export_json()` output (v3/v4 kernels), kapi-format.md §5.

    use super::*;

    /// A number, or a string holding one (`"0x21"`).
    #[derive(Deserialize, Clone, Debug)]
    #[serde(untagged)]
    pub(super) enum Num {
        Int(i64),
        Big(u64),
        Text(String),
    }

    impl Num {
        fn bits(&self) -> Res<u64> {
            match self {
                Num::Int(n) => Ok(*n as u64),
                Num::Big(n) => Ok(*n),
                Num::Text(t) if t.trim().is_empty() => Ok(0),
                Num::Text(t) => expr::parse_int_literal(t)
                    .and_then(|n| u64::try_from(n).ok().or_else(|| i64::try_from(n).ok().map(|n| n as u64)))
                    .ok_or_else(|| Problem::new(format!("`{t}` is not a number"), Some(t))),
            }
        }
    }

    fn bits(n: &Option<Num>) -> Res<u64> {
        n.as_ref().map_or(Ok(0), Num::bits)
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    pub(super) struct Details {
        name: String,
        version: Option<Json>,
        description: String,
        long_description: String,
        context_flags: Option<Num>,
        parameters: Vec<Param>,
        #[serde(rename = "return")]
        ret: Option<Return>,
        errors: Vec<Error>,
        locks: Vec<Lock>,
        capabilities: Vec<Cap>,
        constraints: Vec<Constraint>,
        signals: Vec<Signal>,
        side_effects: Vec<Effect>,
        examples: String,
        notes: String,
        #[serde(flatten)]
        rest: Map<String, Json>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Param {
        name: String,
        #[serde(rename = "type")]
        ctype: String,
        type_class: String,
        flags: Option<Num>,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Return {
        #[serde(rename = "type")]
        type_name: String,
        type_class: String,
        check_type: String,
        success_value: Option<i64>,
        success_min: Option<i64>,
        success_max: Option<i64>,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Error {
        code: Option<i32>,
        name: String,
        condition: String,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Lock {
        name: String,
        #[serde(rename = "type")]
        kind: String,
        scope: String,
        description: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Cap {
        capability: Option<i32>,
        name: String,
        action: String,
        allows: String,
        without_cap: String,
        check_condition: String,
        priority: Option<i64>,
        alternatives: Vec<i64>,
    }

    /// A constraint (the same in upstream's JSON and debugfs).
    #[derive(Deserialize, Default)]
    #[serde(default)]
    pub(super) struct Constraint {
        name: String,
        description: String,
        expression: Option<String>,
    }

    pub(super) fn constraint(c: &Constraint) -> kapi_model::Constraint {
        kapi_model::Constraint {
            name: text(&c.name),
            desc: nonempty(&c.description),
            expr: opt_nonempty(&c.expression),
            ..kapi_model::Constraint::default()
        }
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Signal {
        signal_num: Option<i32>,
        signal_name: String,
        direction: Option<Num>,
        action: Option<Num>,
        target: String,
        condition: String,
        description: String,
        restartable: bool,
        sa_flags_required: Option<Num>,
        sa_flags_forbidden: Option<Num>,
        error_on_signal: Option<i32>,
        transform_to: Option<i64>,
        timing: String,
        priority: Option<i64>,
        interruptible: bool,
        queue_behavior: String,
        state_required: Option<Num>,
        state_forbidden: Option<Num>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Effect {
        #[serde(rename = "type")]
        kind: Option<Num>,
        target: String,
        condition: String,
        description: String,
        reversible: bool,
    }

    /// A param type from the exporter's class word (`file_descriptor`) or any spelling.
    fn type_class(w: &str) -> Option<Token<ParamType>> {
        if w.is_empty() {
            return None;
        }
        let v = ParamType::all().iter().copied().find(|t| t.json_class() == w).or_else(|| ParamType::parse(w));
        Some(Token { raw: w.to_string(), loc: Loc::default(), value: v })
    }

    fn nonzero(n: u64) -> Option<Value> {
        lit_u64(Some(n).filter(|n| *n != 0))
    }

    pub(super) fn spec(d: Details, w: &mut Vec<Problem>) -> Res<Spec> {
        let contexts = match &d.context_flags {
            Some(c) => Some(bits_set::<ContextFlag>(c.bits()?)),
            None => None,
        };
        let mut extra = rest_attrs(&d.rest);
        if let Some(v) = d.version.as_ref().filter(|v| v.as_u64() != Some(1) && !v.is_null()) {
            extra.push(Attr { key: "version".into(), value: text(&v.to_string()) });
        }
        let mut params = Vec::new();
        for (i, p) in d.parameters.iter().enumerate() {
            let flags = bits(&p.flags)?;
            params.push(kapi_model::Param {
                index: i,
                name: p.name.clone(),
                has_block: true,
                ctype: (!p.ctype.is_empty()).then(|| p.ctype.clone()),
                description: nonempty(&p.description),
                kind: type_class(&p.type_class),
                flags: (flags != 0).then(|| bits_set(flags)),
                ..kapi_model::Param::default()
            });
        }
        let ret = d.ret.as_ref().map(|r| {
            let check = (!r.check_type.is_empty()).then(|| {
                let v = ReturnCheck::all()
                    .iter()
                    .copied()
                    .find(|c| c.json_word() == r.check_type)
                    .or_else(|| ReturnCheck::parse(&r.check_type));
                Token { raw: r.check_type.clone(), loc: Loc::default(), value: v }
            });
            ReturnSpec {
                type_name: nonempty(&r.type_name),
                kind: type_class(&r.type_class).or_else(|| ParamType::parse(&r.type_name).map(known)),
                check,
                success: r.success_value.map(|n| Success {
                    raw: n.to_string(),
                    loc: Loc::default(),
                    op: CmpOp::Eq,
                    value: Value::literal(n.into()),
                }),
                success_min: lit_i64(r.success_min),
                success_max: lit_i64(r.success_max),
                desc: nonempty(&r.description),
                ..ReturnSpec::default()
            }
        });
        let mut signals = Vec::new();
        for s in &d.signals {
            let direction = bits(&s.direction)?;
            let (req, forb) = (bits(&s.state_required)?, bits(&s.state_forbidden)?);
            signals.push(SignalSpec {
                name: s.signal_name.clone(),
                number: tables::signal(&s.signal_name).or(s.signal_num),
                direction: (direction != 0).then(|| bits_set(direction)),
                action: match &s.action {
                    Some(Num::Text(t)) => Some(word(t)),
                    Some(n) => Some(lenient_number(n.bits()?, w)),
                    None => None,
                },
                condition: nonempty(&s.condition),
                desc: nonempty(&s.description),
                errno: errno_ref(None, s.error_on_signal.filter(|c| *c != 0)),
                timing: (!s.timing.is_empty()).then(|| word(&s.timing)),
                priority: lit_i64(s.priority),
                restartable: truth_of(Some(s.restartable)),
                interruptible: truth_of(Some(s.interruptible)),
                target: nonempty(&s.target),
                queue: (!s.queue_behavior.is_empty()).then(|| word(&s.queue_behavior)),
                sa_flags_required: nonzero(bits(&s.sa_flags_required)?),
                sa_flags_forbidden: nonzero(bits(&s.sa_flags_forbidden)?),
                state_required: (req != 0).then(|| bits_set(req)),
                state_forbidden: (forb != 0).then(|| bits_set(forb)),
                transform_to: lit_i64(s.transform_to.filter(|n| *n != 0)),
                ..SignalSpec::default()
            });
        }
        let mut side_effects = Vec::new();
        for e in &d.side_effects {
            side_effects.push(SideEffect {
                loc: Loc::default(),
                kinds: bits_set(bits(&e.kind)?),
                target: nonempty(&e.target),
                desc: nonempty(&e.description),
                condition: nonempty(&e.condition),
                reversible: truth_of(Some(e.reversible)),
                extra: Vec::new(),
            });
        }
        Ok(Spec {
            name: d.name.clone(),
            kind: Some(ApiKind::from_name(&d.name)),
            description: nonempty(&d.description),
            long_desc: nonempty(&d.long_description),
            contexts,
            params,
            ret,
            errors: d
                .errors
                .iter()
                .map(|e| ErrorSpec {
                    name: e.name.clone(),
                    code: e.code.or_else(|| tables::errno(&e.name).map(|n| -n)),
                    summary: nonempty(&e.condition),
                    desc: nonempty(&e.description),
                    ..ErrorSpec::default()
                })
                .collect(),
            signals,
            locks: d
                .locks
                .iter()
                .map(|l| LockSpec {
                    name: l.name.clone(),
                    kind: (!l.kind.is_empty()).then(|| word(&l.kind)),
                    scope: (!l.scope.is_empty()).then(|| word(&l.scope)),
                    desc: nonempty(&l.description),
                    ..LockSpec::default()
                })
                .collect(),
            side_effects,
            capabilities: d
                .capabilities
                .iter()
                .map(|c| Capability {
                    cap: c.name.clone(),
                    number: c.capability.or_else(|| tables::capability(&c.name)),
                    action: (!c.action.is_empty()).then(|| word(&c.action)),
                    allows: nonempty(&c.allows),
                    without: nonempty(&c.without_cap),
                    condition: nonempty(&c.check_condition),
                    priority: lit_i64(c.priority),
                    alternatives: c.alternatives.iter().map(|a| Value::literal((*a).into())).collect(),
                    ..Capability::default()
                })
                .collect(),
            constraints: d.constraints.iter().map(constraint).collect(),
            examples: nonempty(&d.examples),
            notes: nonempty(&d.notes),
            extra,
            ..Spec::default()
        })
    }
}
