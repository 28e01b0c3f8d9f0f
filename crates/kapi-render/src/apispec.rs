//! The C macro header (`*.apispec.h`) that `kernel-doc -apispec` generates
//! at kernel build time, written from the model.
//!
//! The output has the v4 generator's shape: the fixed file header (SPDX line,
//! "Auto-generated" line, `#include`s), then per spec
//! `DEFINE_KERNEL_API_SPEC(name)`, the field macros in the generator's order
//! (description, long description, context, `KAPI_PARAM_COUNT` and one
//! `KAPI_PARAM` per prototype argument, return, errors, signals, locks,
//! constraints, side effects, state transitions, capabilities, examples,
//! notes), items closed with `},` and the spec closed with `};`. Strings are
//! C string literals.
//!
//! Deliberate differences from the upstream generator (§2.7 of the format
//! notes), each because upstream loses or garbles a fact:
//!
//! - lock items are always emitted (RFC v4 to v2 generators drop them), with
//!   the scope the spec says (`KAPI_LOCK_ACQUIRED`, `_RELEASED`, `_HELD_ENTRY`);
//! - the return spec is always emitted (RFC v4/RFC v5 generators drop it);
//!   `success: >= N` (and `>`, `<=`, `<`) becomes `KAPI_RETURN_SUCCESS_RANGE`
//!   whatever the check type, and error values become
//!   `KAPI_RETURN_ERROR_VALUES` + `KAPI_RETURN_ERROR_COUNT`;
//! - texts are never cut to their first line, and line breaks stay line
//!   breaks (`\n`) instead of becoming spaces; descriptions are not cut at 511
//!   characters with "..." (the pointer layout has no limit). For the packed
//!   layouts a text longer than its `char[]` slot is cut to fit, NUL
//!   included, at a character boundary, without "...";
//! - values keep their text (`O_RDONLY | O_CREAT`, `LONG_MAX`, `PAGE_SIZE`)
//!   instead of numbers; a value that is not a C expression is left out, with
//!   a comment;
//! - a state transition's condition goes to `KAPI_STATE_TRANS_COND` instead of
//!   being folded into its description;
//! - an error's `condition:` sub-key fills the error's `condition` when the
//!   error has no summary, and is appended to its description otherwise (the
//!   struct has one condition field);
//! - a param's type comes from `type:` in every dialect (RFC v4/RFC v5
//!   generators only read the RFC v4 head form); as the v4 generator does,
//!   `type: user_ptr` and `type: path` of the short-token DSL add
//!   `KAPI_PARAM_USER`;
//! - `cdesc:` and the `constraint:` lines of a param are joined into
//!   `KAPI_PARAM_CONSTRAINT`;
//! - a signal named after a real signal gets its number, symbolically
//!   (`SIGKILL`, with `<linux/signal.h>` included); upstream always writes 0.
//!   Its errno is written from `errno:` and from the older `error:` sub-key;
//! - block-form capabilities (RFC v5) get their entries, not only
//!   `KAPI_CAPABILITY_COUNT`;
//! - everything else the struct can carry is emitted too: signal target,
//!   priority, queue behaviour, `sa_flags`, transform, process states, signal
//!   masks (`KAPI_SIGNAL_MASK*`), struct specs (`KAPI_STRUCT_SPEC*`),
//!   capability priority and alternatives, param alignment, size, enum
//!   values, size parameter and multiplier (`.size_multiplier =`, which has
//!   no macro), per-architecture mask bits (`#ifdef CONFIG_<ARCH>`, as the v4
//!   generator does), and `since_version` for the v1 packed layout;
//! - `KAPI_PARAM_COUNT` is written even when it is 0, so that readers that
//!   find specs by the parameter magic see every spec;
//! - a word that is not a member of its enum family (`KAPI_TYPE_ULONG`,
//!   `KAPI_EFFECT_MEMORY_MAP`) is left out with a comment instead of being
//!   copied into C that does not compile; unknown timing and queue words are
//!   kept, as those fields are strings;
//! - items beyond the struct's arrays (16 params, 32 errors, 16 locks, ...)
//!   are left out with a comment instead of overflowing the array;
//! - a spec whose name is not a C identifier, or repeats an earlier one, is
//!   left out with a comment (it could not be defined).
//!
//! Not written, as no v3/v4 struct field holds them (and the generator
//! never wrote them either): sysfs and ioctl facts, the RFC v2 network
//! fields, validation groups, `custom(fn)` validators, unknown keys.

use kapi_model::enums::*;
use kapi_model::*;
use std::collections::HashSet;
use std::fmt::Write as _;

/// The `struct kernel_api_spec` a header is compiled against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// v3/v4: pointers, `const char *` strings, no limit on texts.
    #[default]
    Pointer,
    /// v2: packed structs with inline `char[]` strings.
    PackedV2,
    /// v1: as v2, with `since_version[32]`.
    PackedV1,
}

impl Layout {
    /// Whether strings are inline `char[]` arrays.
    pub fn is_packed(self) -> bool {
        self != Layout::Pointer
    }

    /// Length of the `locks[]` array.
    pub fn max_locks(self) -> usize {
        if self.is_packed() {
            32
        } else {
            16
        }
    }
}

/// How to write a header.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The struct layout the header is for.
    pub layout: Layout,
    /// The `#include` lines (paths inside `<>`). `None`: the generator's
    /// five, plus `linux/signal.h` when a signal number is written by name.
    pub includes: Option<Vec<String>>,
}

/// The header the v4 generator would write for `specs`, corrected.
pub fn header(specs: &[&Spec]) -> String {
    header_with(specs, &Options::default())
}

/// The header for `specs`, written for `opts`.
pub fn header_with(specs: &[&Spec], opts: &Options) -> String {
    let mut body = String::new();
    let mut seen = HashSet::new();
    let mut needs_signal_h = false;
    for spec in specs {
        if !is_identifier(&spec.name) {
            let _ = writeln!(body, "/* kapi: {} is not a C identifier; spec left out */\n", comment(&spec.name));
            continue;
        }
        if !seen.insert(spec.name.as_str()) {
            let _ = writeln!(body, "/* kapi: a second {} is left out */\n", spec.name);
            continue;
        }
        let mut w = Writer { out: String::new(), layout: opts.layout, signal_h: false };
        w.spec(spec);
        needs_signal_h |= w.signal_h;
        body.push_str(&w.out);
    }
    let includes = match &opts.includes {
        Some(list) => list.clone(),
        None => {
            let mut v: Vec<String> =
                ["linux/capability.h", "linux/errno.h", "linux/fcntl.h", "linux/kernel_api_spec.h"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
            if needs_signal_h {
                v.push("linux/signal.h".into());
            }
            v.push("linux/stat.h".into());
            v
        }
    };
    let mut out = String::from(
        "/* SPDX-License-Identifier: GPL-2.0 */\n/* Auto-generated from kerneldoc annotations - DO NOT EDIT */\n\n",
    );
    for inc in &includes {
        let _ = writeln!(out, "#include <{inc}>");
    }
    if !includes.is_empty() {
        out.push('\n');
    }
    out.push_str(&body);
    out
}

/// A C string literal for `s`: quotes, backslashes, line breaks, tabs and
/// other control characters escaped (octal), `??` broken so that no trigraph
/// forms. Non-ASCII text stays UTF-8.
pub fn c_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut prev = '\0';
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '?' if prev == '?' => out.push_str("\\?"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
        prev = c;
    }
    out.push('"');
    out
}

/// `s` cut to fit a `char[slot]` array with its NUL, at a character boundary.
pub fn fit(s: &str, slot: usize) -> &str {
    if s.len() < slot {
        return s;
    }
    let mut end = slot.saturating_sub(1);
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Text safe inside a C comment.
fn comment(s: &str) -> String {
    s.replace("*/", "* /").replace('\n', " ")
}

/// A value as C, or `None` when its text is not a C expression.
fn c_value(v: &Value) -> Option<String> {
    if v.error.is_some() || v.raw.trim().is_empty() {
        return None;
    }
    let one_line = v.raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // A top-level comma would split the macro argument.
    let mut depth = 0i32;
    let comma = one_line.chars().any(|c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => return true,
            _ => {}
        }
        false
    });
    Some(if comma { format!("({one_line})") } else { one_line })
}

fn flag_expr<E: KapiEnum>(f: &FlagSet<E>) -> Option<String> {
    let mut parts: Vec<String> =
        f.known.iter().filter(|v| v.number() != 0).map(|v| v.long_name().to_string()).collect();
    if f.literal_bits != 0 {
        parts.push(format!("0x{:x}", f.literal_bits));
    }
    if parts.is_empty() {
        // Only a zero member (`KAPI_EFFECT_NONE`) or nothing at all.
        return f.known.first().map(|v| v.long_name().to_string());
    }
    Some(parts.join(" | "))
}

fn unknown_note<E: KapiEnum>(f: &FlagSet<E>) -> String {
    if f.unknown.is_empty() {
        String::new()
    } else {
        format!(" /* kapi: not {} words: {} */", E::FAMILY, comment(&f.unknown.join(", ")))
    }
}

fn token_or_note<E: KapiEnum>(t: &Option<Token<E>>) -> (Option<&'static str>, String) {
    match t {
        Some(Token { value: Some(v), .. }) => (Some(v.long_name()), String::new()),
        Some(t) => (None, format!(" /* kapi: {} is not a {} */", comment(&t.raw), E::FAMILY)),
        None => (None, String::new()),
    }
}

/// Array sizes of `struct kernel_api_spec`.
const MAX_PARAMS: usize = 16;
const MAX_ERRORS: usize = 32;
const MAX_CONSTRAINTS: usize = 32;
const MAX_SIGNALS: usize = 32;
const MAX_CAPS: usize = 8;
const MAX_STRUCTS: usize = 8;
const MAX_EFFECTS: usize = 32;
const MAX_TRANS: usize = 8;

/// `char[]` slot lengths of the packed layouts.
const NAME: usize = 128;
const DESC: usize = 512;

struct Writer {
    out: String,
    layout: Layout,
    signal_h: bool,
}

impl Writer {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push('\t');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A string argument for a `char[slot]` field.
    fn s(&self, text: &str, slot: usize) -> String {
        if self.layout.is_packed() {
            c_string(fit(text, slot))
        } else {
            c_string(text)
        }
    }

    fn t(&self, text: &Option<Text>, slot: usize) -> String {
        self.s(text.as_ref().map_or("", |t| t.text.as_str()), slot)
    }

    /// Leaves out items beyond an array, saying so.
    fn cap_items<'a, T>(&mut self, items: &'a [T], max: usize, what: &str) -> &'a [T] {
        if items.len() > max {
            self.line(1, &format!("/* kapi: {} more {what} left out; the array holds {max} */", items.len() - max));
            &items[..max]
        } else {
            items
        }
    }

    fn value_or_note(&mut self, indent: usize, what: &str, v: &Value) -> Option<String> {
        let c = c_value(v);
        if c.is_none() {
            self.line(indent, &format!("/* kapi: {what} `{}` is not a C expression */", comment(&v.raw)));
        }
        c
    }

    fn spec(&mut self, spec: &Spec) {
        self.line(0, &format!("DEFINE_KERNEL_API_SPEC({})", spec.name));
        let mut head = false;
        if let Some(d) = spec.description.as_ref().filter(|d| !d.text.is_empty()) {
            let s = self.s(&d.text, DESC);
            self.line(1, &format!("KAPI_DESCRIPTION({s})"));
            head = true;
        }
        if let Some(d) = spec.long_desc.as_ref().filter(|d| !d.text.is_empty()) {
            let s = self.s(&d.text, DESC * 4);
            self.line(1, &format!("KAPI_LONG_DESC({s})"));
            head = true;
        }
        if let Some(c) = &spec.contexts {
            if let Some(e) = flag_expr(c) {
                self.line(1, &format!("KAPI_CONTEXT({e}){}", unknown_note(c)));
                head = true;
            } else if !c.unknown.is_empty() {
                self.line(1, unknown_note(c).trim());
                head = true;
            }
        }
        if head {
            self.blank();
        }
        self.params(spec);
        if let Some(r) = &spec.ret {
            self.ret(r);
        }
        self.errors(spec);
        self.signals(spec);
        self.signal_masks(spec);
        self.locks(spec);
        self.constraints(spec);
        self.effects(spec);
        self.transitions(spec);
        self.capabilities(spec);
        self.structs(spec);
        if self.layout == Layout::PackedV1 {
            if let Some(v) = spec.since_version.as_ref().filter(|v| !v.text.is_empty()) {
                let s = self.s(&v.text, 32);
                self.line(1, &format!("KAPI_SINCE_VERSION({s})"));
                self.blank();
            }
        }
        if let Some(e) = spec.examples.as_ref().filter(|e| !e.text.is_empty()) {
            let s = self.s(&e.text, DESC * 2);
            self.line(1, &format!("KAPI_EXAMPLES({s})"));
            self.blank();
        }
        if let Some(n) = spec.notes.as_ref().filter(|n| !n.text.is_empty()) {
            let s = self.s(&n.text, DESC * 2);
            self.line(1, &format!("KAPI_NOTES({s})"));
            self.blank();
        }
        self.line(0, "};");
        self.blank();
    }

    fn params(&mut self, spec: &Spec) {
        let params = self.cap_items(&spec.params, MAX_PARAMS, "params");
        self.line(1, &format!("KAPI_PARAM_COUNT({})", params.len()));
        self.blank();
        for (i, p) in params.iter().enumerate() {
            let name = self.s(&p.name, NAME);
            let ctype = self.s(p.ctype.as_deref().unwrap_or(""), NAME);
            let desc = self.t(&p.description, DESC);
            self.line(1, &format!("KAPI_PARAM({i}, {name}, {ctype}, {desc})"));
            match token_or_note(&p.kind) {
                (Some(k), _) => self.line(2, &format!("KAPI_PARAM_TYPE({k})")),
                (None, note) if !note.is_empty() => self.line(2, note.trim()),
                _ => {}
            }
            // In the short-token DSL `type: user_ptr` and `type: path` imply
            // KAPI_PARAM_USER, as the generator applies it.
            let implied_user = spec.dialect == Some(Dialect::ShortToken)
                && matches!(p.kind.as_ref().and_then(|k| k.value), Some(ParamType::UserPtr | ParamType::Path))
                && !p.flags.as_ref().is_some_and(|f| f.contains(ParamFlag::User));
            let flags = if implied_user {
                let mut f = p.flags.clone().unwrap_or_else(|| FlagSet::of(&[]));
                f.known.push(ParamFlag::User);
                f.known.sort_by_key(|v| ParamFlag::all().iter().position(|x| x == v));
                Some(f)
            } else {
                p.flags.clone()
            };
            if let Some(f) = &flags {
                match flag_expr(f) {
                    Some(e) => self.line(2, &format!("KAPI_PARAM_FLAGS({e}){}", unknown_note(f))),
                    None if !f.unknown.is_empty() => self.line(2, unknown_note(f).trim()),
                    None => {}
                }
            }
            if let Some(v) = &p.size {
                if let Some(c) = self.value_or_note(2, "size", v) {
                    self.line(2, &format!("KAPI_PARAM_SIZE({c})"));
                }
            }
            if let Some(v) = &p.alignment {
                if let Some(c) = self.value_or_note(2, "alignment", v) {
                    self.line(2, &format!("KAPI_PARAM_ALIGNMENT({c})"));
                }
            }
            match token_or_note(&p.constraint_kind) {
                (Some(k), _) => self.line(2, &format!("KAPI_PARAM_CONSTRAINT_TYPE({k})")),
                (None, note) if !note.is_empty() => self.line(2, note.trim()),
                _ => {}
            }
            if p.min.is_some() || p.max.is_some() {
                let lo = p.min.as_ref().and_then(|v| self.value_or_note(2, "minimum", v));
                let hi = p.max.as_ref().and_then(|v| self.value_or_note(2, "maximum", v));
                if lo.is_some() || hi.is_some() {
                    let lo = lo.unwrap_or_else(|| "0".into());
                    let hi = hi.unwrap_or_else(|| "0".into());
                    self.line(2, &format!("KAPI_PARAM_RANGE({lo}, {hi})"));
                }
            }
            self.mask(p);
            if !p.enum_values.is_empty() {
                let vals: Vec<String> =
                    p.enum_values.iter().filter_map(|v| self.value_or_note(2, "enum value", v)).collect();
                if !vals.is_empty() {
                    self.line(2, &format!("KAPI_PARAM_ENUM_VALUES({})", vals.join(", ")));
                }
            }
            if let Some(v) = &p.size_param {
                if let Some(c) = self.value_or_note(2, "size parameter", v) {
                    self.line(2, &format!("KAPI_PARAM_SIZE_PARAM({c})"));
                }
            }
            if let Some(v) = &p.size_multiplier {
                if let Some(c) = self.value_or_note(2, "size multiplier", v) {
                    self.line(2, &format!(".size_multiplier = {c},"));
                }
            }
            if let Some(prose) = p.constraint_prose().filter(|s| !s.is_empty()) {
                let s = self.s(&prose, DESC);
                self.line(2, &format!("KAPI_PARAM_CONSTRAINT({s})"));
            }
            self.line(1, "},");
            self.blank();
        }
    }

    /// The valid mask; per-architecture bits as `#ifdef CONFIG_<ARCH>` lines.
    fn mask(&mut self, p: &Param) {
        let base = p.mask.as_ref().and_then(|v| self.value_or_note(2, "mask", v));
        let arches: Vec<(String, String)> = p
            .arch_masks
            .iter()
            .filter_map(|a| {
                let c = self.value_or_note(2, "arch mask", &a.value)?;
                let arch: String = a
                    .arch
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
                    .collect();
                Some((arch, c))
            })
            .collect();
        if arches.is_empty() {
            if let Some(b) = base {
                self.line(2, &format!("KAPI_PARAM_VALID_MASK({b})"));
            }
            return;
        }
        self.line(2, &format!(".valid_mask = ({}", base.unwrap_or_else(|| "0".into())));
        for (arch, bits) in arches {
            self.line(0, &format!("#ifdef CONFIG_{arch}"));
            self.line(3, &format!("| ({bits})"));
            self.line(0, "#endif");
        }
        self.line(2, "),");
    }

    fn ret(&mut self, r: &ReturnSpec) {
        // The kernel stores the KAPI_TYPE_* token as the return type name.
        let type_name = match &r.kind {
            Some(Token { value: Some(k), .. }) => k.long_name().to_string(),
            _ => r.type_name.as_ref().map_or_else(String::new, |t| t.text.clone()),
        };
        let tn = self.s(&type_name, NAME);
        let desc = self.t(&r.desc, DESC);
        self.line(1, &format!("KAPI_RETURN({tn}, {desc})"));
        match token_or_note(&r.kind) {
            (Some(k), _) => self.line(2, &format!("KAPI_RETURN_TYPE({k})")),
            (None, note) if !note.is_empty() => self.line(2, note.trim()),
            _ => {}
        }
        match token_or_note(&r.check) {
            (Some(k), _) => self.line(2, &format!("KAPI_RETURN_CHECK_TYPE({k})")),
            (None, note) if !note.is_empty() => self.line(2, note.trim()),
            _ => {}
        }
        let (mut lo, mut hi) = (None, None);
        if let Some(s) = &r.success {
            if let Some(v) = self.value_or_note(2, "success value", &s.value) {
                match s.op {
                    // Upstream leaves out `success: 0` (the struct's default); it is
                    // written here so that readers of the header see it.
                    CmpOp::Eq => self.line(2, &format!("KAPI_RETURN_SUCCESS({v})")),
                    CmpOp::Ge => lo = Some(v),
                    CmpOp::Gt => lo = Some(format!("({v}) + 1")),
                    CmpOp::Le => hi = Some(v),
                    CmpOp::Lt => hi = Some(format!("({v}) - 1")),
                    CmpOp::Ne => self.line(2, &format!("/* kapi: success `!= {}` has no field */", comment(&v))),
                }
            }
        }
        if let Some(v) = &r.success_min {
            lo = self.value_or_note(2, "success minimum", v).or(lo);
        }
        if let Some(v) = &r.success_max {
            hi = self.value_or_note(2, "success maximum", v).or(hi);
        }
        if lo.is_some() || hi.is_some() {
            let lo = lo.unwrap_or_else(|| "S64_MIN".into());
            let hi = hi.unwrap_or_else(|| "S64_MAX".into());
            self.line(2, &format!("KAPI_RETURN_SUCCESS_RANGE({lo}, {hi})"));
        }
        let vals: Vec<String> = r.error_values.iter().filter_map(|v| self.value_or_note(2, "error value", v)).collect();
        if !vals.is_empty() {
            self.line(2, &format!("KAPI_RETURN_ERROR_VALUES(((const s64[]){{ {} }}))", vals.join(", ")));
            self.line(2, &format!("KAPI_RETURN_ERROR_COUNT({})", vals.len()));
        }
        self.line(1, "},");
        self.blank();
    }

    /// An errno as C: `-NAME` for a known errno, else the number.
    fn errno_expr(name: Option<&str>, code: Option<i32>) -> Option<String> {
        match (name, code) {
            (Some(n), _) if tables::errno(n).is_some() => Some(format!("-{n}")),
            (_, Some(c)) => Some(c.to_string()),
            _ => None,
        }
    }

    fn errors(&mut self, spec: &Spec) {
        if spec.errors.is_empty() {
            return;
        }
        let errors = self.cap_items(&spec.errors, MAX_ERRORS, "errors");
        self.line(1, &format!("KAPI_ERROR_COUNT({})", errors.len()));
        self.blank();
        for (i, e) in errors.iter().enumerate() {
            let code = Self::errno_expr(Some(e.name.as_str()), e.code)
                .or_else(|| e.code_raw.as_ref().and_then(c_value))
                .unwrap_or_else(|| format!("0 /* kapi: {} is not an errno */", comment(&e.name)));
            let name = self.s(&e.name, NAME);
            // One condition field: the summary, else the `condition:` sub-key.
            let (cond, desc) = match (&e.summary, &e.condition) {
                (Some(s), Some(c)) => {
                    let d = match &e.desc {
                        Some(d) if !d.text.is_empty() => format!("{} {}", d.text, c.text),
                        _ => c.text.clone(),
                    };
                    (s.text.clone(), d)
                }
                (Some(s), None) => (s.text.clone(), e.desc.as_ref().map_or_else(String::new, |d| d.text.clone())),
                (None, c) => (
                    c.as_ref().map_or_else(String::new, |c| c.text.clone()),
                    e.desc.as_ref().map_or_else(String::new, |d| d.text.clone()),
                ),
            };
            let cond = self.s(&cond, DESC);
            let desc = self.s(&desc, DESC);
            self.line(1, &format!("KAPI_ERROR({i}, {code}, {name}, {cond},"));
            self.line(0, &format!("\t\t   {desc})"));
            self.blank();
        }
    }

    fn signals(&mut self, spec: &Spec) {
        if spec.signals.is_empty() {
            return;
        }
        let signals = self.cap_items(&spec.signals, MAX_SIGNALS, "signals");
        self.line(1, &format!("KAPI_SIGNAL_COUNT({})", signals.len()));
        self.blank();
        for (i, g) in signals.iter().enumerate() {
            let num = match g.number {
                Some(n) if tables::signal(g.name.trim()) == Some(n) => {
                    self.signal_h = true;
                    g.name.trim().to_string()
                }
                Some(n) => n.to_string(),
                None => "0".into(),
            };
            let name = self.s(&g.name, 32);
            let dir = g.direction.as_ref().and_then(flag_expr).unwrap_or_else(|| "0".into());
            let dir_note = g.direction.as_ref().map(unknown_note).unwrap_or_default();
            let (act, act_note) = token_or_note(&g.action);
            let act = act.unwrap_or("0");
            self.line(1, &format!("KAPI_SIGNAL({i}, {num}, {name}, {dir}, {act}){dir_note}{act_note}"));
            if let Some(t) = g.target.as_ref().filter(|t| !t.text.is_empty()) {
                let s = self.s(&t.text, DESC);
                self.line(2, &format!("KAPI_SIGNAL_TARGET({s})"));
            }
            if let Some(t) = g.condition.as_ref().filter(|t| !t.text.is_empty()) {
                let s = self.s(&t.text, DESC);
                self.line(2, &format!("KAPI_SIGNAL_CONDITION({s})"));
            }
            if let Some(t) = g.desc.as_ref().filter(|t| !t.text.is_empty()) {
                let s = self.s(&t.text, DESC);
                self.line(2, &format!("KAPI_SIGNAL_DESC({s})"));
            }
            if let Some(e) = &g.errno {
                match Self::errno_expr(e.name.as_deref(), e.code) {
                    Some(c) => self.line(2, &format!("KAPI_SIGNAL_ERROR({c})")),
                    None => self.line(2, &format!("/* kapi: signal errno `{}` is not an errno */", comment(&e.raw))),
                }
            }
            if let Some(t) = &g.timing {
                match t.value {
                    Some(v) => self.line(2, &format!("KAPI_SIGNAL_TIMING({})", v.long_name())),
                    None => {
                        let s = self.s(&t.raw, 32);
                        self.line(2, &format!("KAPI_SIGNAL_TIMING({s})"));
                    }
                }
            }
            if g.restartable.as_ref().is_some_and(|t| t.is_yes()) {
                self.line(2, "KAPI_SIGNAL_RESTARTABLE");
            }
            if let Some(v) = &g.priority {
                if let Some(c) = self.value_or_note(2, "priority", v) {
                    self.line(2, &format!("KAPI_SIGNAL_PRIORITY({c})"));
                }
            }
            if g.interruptible.as_ref().is_some_and(|t| t.is_yes()) {
                self.line(2, "KAPI_SIGNAL_INTERRUPTIBLE");
            }
            if let Some(q) = &g.queue {
                match q.value {
                    Some(v) => self.line(2, &format!("KAPI_SIGNAL_QUEUE({})", v.long_name())),
                    None => {
                        let s = self.s(&q.raw, NAME);
                        self.line(2, &format!("KAPI_SIGNAL_QUEUE({s})"));
                    }
                }
            }
            for (mac, v, what) in [
                ("KAPI_SIGNAL_SA_FLAGS_REQ", &g.sa_flags_required, "required sa_flags"),
                ("KAPI_SIGNAL_SA_FLAGS_FORBID", &g.sa_flags_forbidden, "forbidden sa_flags"),
                ("KAPI_SIGNAL_TRANSFORM", &g.transform_to, "transform"),
            ] {
                if let Some(v) = v {
                    if let Some(c) = self.value_or_note(2, what, v) {
                        self.line(2, &format!("{mac}({c})"));
                    }
                }
            }
            for (mac, f) in
                [("KAPI_SIGNAL_STATE_REQ", &g.state_required), ("KAPI_SIGNAL_STATE_FORBID", &g.state_forbidden)]
            {
                if let Some(f) = f {
                    match flag_expr(f) {
                        Some(e) => self.line(2, &format!("{mac}({e}){}", unknown_note(f))),
                        None if !f.unknown.is_empty() => self.line(2, unknown_note(f).trim()),
                        None => {}
                    }
                }
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn signal_masks(&mut self, spec: &Spec) {
        if spec.signal_masks.is_empty() {
            return;
        }
        let masks = self.cap_items(&spec.signal_masks, MAX_SIGNALS, "signal masks");
        self.line(1, &format!("KAPI_SIGNAL_MASK_COUNT({})", masks.len()));
        self.blank();
        for (i, m) in masks.iter().enumerate() {
            let name = self.s(&m.name, NAME);
            let desc = self.t(&m.desc, DESC);
            self.line(1, &format!("KAPI_SIGNAL_MASK({i}, {name}, {desc})"));
            let mut sigs: Vec<String> = m.signals.iter().filter_map(|v| self.value_or_note(2, "signal", v)).collect();
            if sigs.len() > MAX_SIGNALS {
                self.line(2, &format!("/* kapi: {} more signals left out */", sigs.len() - MAX_SIGNALS));
                sigs.truncate(MAX_SIGNALS);
            }
            if sigs.iter().any(|s| s.contains("SIG")) {
                self.signal_h = true;
            }
            if !sigs.is_empty() {
                self.line(2, &format!("KAPI_SIGNAL_MASK_SIGNALS({})", sigs.join(", ")));
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn locks(&mut self, spec: &Spec) {
        if spec.locks.is_empty() {
            return;
        }
        let locks = self.cap_items(&spec.locks, self.layout.max_locks(), "locks");
        self.line(1, &format!("KAPI_LOCK_COUNT({})", locks.len()));
        self.blank();
        for (i, l) in locks.iter().enumerate() {
            let name = self.s(&l.name, NAME);
            let (kind, note) = token_or_note(&l.kind);
            self.line(1, &format!("KAPI_LOCK({i}, {name}, {}){note}", kind.unwrap_or("0")));
            match l.effective_scope() {
                LockScope::Internal => {}
                LockScope::Acquires => self.line(2, "KAPI_LOCK_ACQUIRED"),
                LockScope::Releases => self.line(2, "KAPI_LOCK_RELEASED"),
                LockScope::CallerHeld => self.line(2, "KAPI_LOCK_HELD_ENTRY"),
            }
            if let Some(d) = l.desc.as_ref().filter(|d| !d.text.is_empty()) {
                let s = self.s(&d.text, DESC);
                self.line(2, &format!("KAPI_LOCK_DESC({s})"));
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn constraints(&mut self, spec: &Spec) {
        if spec.constraints.is_empty() {
            return;
        }
        let constraints = self.cap_items(&spec.constraints, MAX_CONSTRAINTS, "constraints");
        self.line(1, &format!("KAPI_CONSTRAINT_COUNT({})", constraints.len()));
        self.blank();
        for (i, c) in constraints.iter().enumerate() {
            let name = self.s(&c.name.text, NAME);
            let desc = self.t(&c.desc, DESC);
            self.line(1, &format!("KAPI_CONSTRAINT({i}, {name},"));
            self.line(3, &format!("{desc})"));
            if let Some(e) = c.expr.as_ref().filter(|e| !e.text.is_empty()) {
                let s = self.s(&e.text, DESC);
                self.line(2, &format!("KAPI_CONSTRAINT_EXPR({s})"));
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn effects(&mut self, spec: &Spec) {
        if spec.side_effects.is_empty() {
            return;
        }
        let effects = self.cap_items(&spec.side_effects, MAX_EFFECTS, "side effects");
        self.line(1, &format!("KAPI_SIDE_EFFECT_COUNT({})", effects.len()));
        self.blank();
        for (i, e) in effects.iter().enumerate() {
            let kinds = flag_expr(&e.kinds).unwrap_or_else(|| "0".into());
            let target = self.t(&e.target, NAME);
            let desc = self.t(&e.desc, DESC);
            self.line(1, &format!("KAPI_SIDE_EFFECT({i}, {kinds},{}", unknown_note(&e.kinds)));
            self.line(0, &format!("\t\t\t {target},"));
            self.line(0, &format!("\t\t\t {desc})"));
            if let Some(c) = e.condition.as_ref().filter(|c| !c.text.is_empty()) {
                let s = self.s(&c.text, DESC);
                self.line(2, &format!("KAPI_EFFECT_CONDITION({s})"));
            }
            if e.reversible.as_ref().is_some_and(|t| t.is_yes()) {
                self.line(2, "KAPI_EFFECT_REVERSIBLE");
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn transitions(&mut self, spec: &Spec) {
        if spec.state_transitions.is_empty() {
            return;
        }
        let trans = self.cap_items(&spec.state_transitions, MAX_TRANS, "state transitions");
        self.line(1, &format!("KAPI_STATE_TRANS_COUNT({})", trans.len()));
        self.blank();
        for (i, t) in trans.iter().enumerate() {
            let obj = self.s(&t.object.text, NAME);
            let from = self.t(&t.from, NAME);
            let to = self.t(&t.to, NAME);
            let desc = self.t(&t.desc, DESC);
            self.line(1, &format!("KAPI_STATE_TRANS({i}, {obj}, {from}, {to},"));
            self.line(0, &format!("\t\t\t {desc})"));
            if let Some(c) = t.condition.as_ref().filter(|c| !c.text.is_empty()) {
                let s = self.s(&c.text, DESC);
                self.line(2, &format!("KAPI_STATE_TRANS_COND({s})"));
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn capabilities(&mut self, spec: &Spec) {
        if spec.capabilities.is_empty() {
            return;
        }
        let caps = self.cap_items(&spec.capabilities, MAX_CAPS, "capabilities");
        self.line(1, &format!("KAPI_CAPABILITY_COUNT({})", caps.len()));
        self.blank();
        for (i, c) in caps.iter().enumerate() {
            let cap = match (tables::capability(c.cap.trim()), c.number) {
                (Some(_), _) => c.cap.trim().to_string(),
                (None, Some(n)) => n.to_string(),
                (None, None) => format!("-1 /* kapi: {} is not a capability */", comment(&c.cap)),
            };
            // The generator puts the description, else the constant, in cap_name.
            let label = c.name.as_ref().map_or(c.cap.as_str(), |n| n.text.as_str());
            let label = self.s(label, NAME);
            let (act, note) = token_or_note(&c.action);
            self.line(1, &format!("KAPI_CAPABILITY({i}, {cap}, {label}, {}){note}", act.unwrap_or("0")));
            for (mac, t) in
                [("KAPI_CAP_ALLOWS", &c.allows), ("KAPI_CAP_WITHOUT", &c.without), ("KAPI_CAP_CONDITION", &c.condition)]
            {
                if let Some(t) = t.as_ref().filter(|t| !t.text.is_empty()) {
                    let s = self.s(&t.text, DESC);
                    self.line(2, &format!("{mac}({s})"));
                }
            }
            if let Some(v) = &c.priority {
                if let Some(p) = self.value_or_note(2, "priority", v) {
                    self.line(2, &format!("KAPI_CAP_PRIORITY({p})"));
                }
            }
            let mut alts: Vec<String> =
                c.alternatives.iter().filter_map(|v| self.value_or_note(2, "alternative", v)).collect();
            if alts.len() > MAX_CAPS {
                self.line(2, &format!("/* kapi: {} more alternatives left out */", alts.len() - MAX_CAPS));
                alts.truncate(MAX_CAPS);
            }
            if !alts.is_empty() {
                self.line(2, &format!("KAPI_CAP_ALTERNATIVE({})", alts.join(", ")));
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn structs(&mut self, spec: &Spec) {
        if spec.structs.is_empty() {
            return;
        }
        let structs = self.cap_items(&spec.structs, MAX_STRUCTS, "struct specs");
        self.line(1, &format!("KAPI_STRUCT_SPEC_COUNT({})", structs.len()));
        self.blank();
        for (i, st) in structs.iter().enumerate() {
            let desc = self.t(&st.desc, DESC);
            // The macro stringifies the name; other names are assigned.
            let name = st.name.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let plain = !name.is_empty()
                && name.len() < NAME
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ' || c == '*');
            if plain {
                self.line(1, &format!("KAPI_STRUCT_SPEC({i}, {name}, {desc})"));
            } else {
                self.line(1, &format!("KAPI_STRUCT_SPEC({i}, , {desc})"));
                let s = self.s(&st.name.text, NAME);
                self.line(2, &format!(".name = {s},"));
            }
            if st.size.is_some() || st.alignment.is_some() {
                let size = st.size.as_ref().and_then(|v| self.value_or_note(2, "struct size", v));
                let align = st.alignment.as_ref().and_then(|v| self.value_or_note(2, "struct alignment", v));
                if size.is_some() || align.is_some() {
                    let size = size.unwrap_or_else(|| "0".into());
                    let align = align.unwrap_or_else(|| "0".into());
                    self.line(2, &format!("KAPI_STRUCT_SIZE({size}, {align})"));
                }
            }
            let fields = if st.fields.len() > MAX_PARAMS {
                self.line(2, &format!("/* kapi: {} more fields left out */", st.fields.len() - MAX_PARAMS));
                &st.fields[..MAX_PARAMS]
            } else {
                &st.fields[..]
            };
            self.line(2, &format!("KAPI_STRUCT_FIELD_COUNT({})", fields.len()));
            for (j, f) in fields.iter().enumerate() {
                self.field(j, f);
            }
            self.line(1, "},");
            self.blank();
        }
    }

    fn field(&mut self, j: usize, f: &StructField) {
        let name = self.s(&f.name, NAME);
        let ctype = self.t(&f.ctype, NAME);
        let desc = self.t(&f.desc, DESC);
        // The macro reader keeps a field's KAPI type as an extra attribute.
        let kind = f
            .extra
            .iter()
            .find(|a| a.key == "type")
            .and_then(|a| ParamType::parse(&a.value.text))
            .map_or("KAPI_TYPE_VOID", |k| k.long_name());
        self.line(2, &format!("KAPI_STRUCT_FIELD({j}, {name}, {kind}, {ctype}, {desc})"));
        let kind = f.constraint_kind.as_ref().and_then(|k| k.value);
        let lo = f.min.as_ref().and_then(|v| self.value_or_note(3, "minimum", v));
        let hi = f.max.as_ref().and_then(|v| self.value_or_note(3, "maximum", v));
        let mask = f.mask.as_ref().and_then(|v| self.value_or_note(3, "mask", v));
        let enums = (!f.enum_values.is_empty())
            .then(|| f.enum_values.iter().map(|(n, v)| format!("{n}({})", v.raw)).collect::<Vec<_>>().join(", "));
        // The macros set the constraint type too, so they serve only fields of their kind.
        let mut macro_kind = None;
        if (lo.is_some() || hi.is_some()) && kind == Some(ConstraintKind::Range) {
            let lo = lo.clone().unwrap_or_else(|| "0".into());
            let hi = hi.clone().unwrap_or_else(|| "0".into());
            self.line(3, &format!("KAPI_FIELD_CONSTRAINT_RANGE({lo}, {hi})"));
            macro_kind = Some(ConstraintKind::Range);
        } else if mask.is_some() && kind == Some(ConstraintKind::Mask) {
            self.line(3, &format!("KAPI_FIELD_CONSTRAINT_MASK({})", mask.clone().unwrap_or_default()));
            macro_kind = Some(ConstraintKind::Mask);
        } else if let (Some(e), Some(ConstraintKind::Enum)) = (&enums, kind) {
            let s = self.s(e, DESC);
            self.line(3, &format!("KAPI_FIELD_CONSTRAINT_ENUM({s})"));
            macro_kind = Some(ConstraintKind::Enum);
        }
        // What no macro said, as designated initialisers.
        if let Some(k) = kind.filter(|k| Some(*k) != macro_kind) {
            self.line(3, &format!(".constraint_type = {},", k.long_name()));
        }
        if macro_kind != Some(ConstraintKind::Range) {
            if let Some(lo) = lo {
                self.line(3, &format!(".min_value = {lo},"));
            }
            if let Some(hi) = hi {
                self.line(3, &format!(".max_value = {hi},"));
            }
        }
        if macro_kind != Some(ConstraintKind::Mask) {
            if let Some(m) = mask {
                self.line(3, &format!(".valid_mask = {m},"));
            }
        }
        if macro_kind != Some(ConstraintKind::Enum) {
            if let Some(e) = enums {
                let s = self.s(&e, DESC);
                self.line(3, &format!(".enum_values = {s},"));
            }
        }
        self.line(2, "},");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(c_string("a\"b\\c\nd\te"), r#""a\"b\\c\nd\te""#);
        assert_eq!(c_string("??="), r#""?\?=""#);
        assert_eq!(c_string("\u{1}é"), "\"\\001é\"");
    }

    #[test]
    fn fit_cuts_at_a_character_boundary() {
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("abcd", 4), "abc");
        assert_eq!(fit("aé", 3), "a");
        assert_eq!(fit("", 1), "");
    }

    fn corpus() -> Option<std::path::PathBuf> {
        let p = std::path::PathBuf::from(std::env::var("KAPI_CORPUS").unwrap_or_else(|_| "/work/shared/corpus".into()));
        p.is_dir().then_some(p)
    }

    /// Our header for a corpus file and what the upstream generator printed.
    fn ours_and_upstream(version: &str, api: &str) -> Option<(String, String)> {
        let root = corpus()?;
        let src = std::fs::read(root.join(version).join(format!("{api}.c"))).ok()?;
        let upstream =
            std::fs::read_to_string(root.join("derived").join(version).join(format!("{api}.apispec.h"))).ok()?;
        let parsed = kapi_syntax::parse_bytes(api, &src);
        let specs: Vec<&Spec> = parsed.specs.iter().map(|p| &p.spec).collect();
        Some((header(&specs), upstream))
    }

    /// Our line with line breaks (and the indentation after them) read as
    /// the generator's single spaces.
    fn spaced(l: &str) -> String {
        let Some(q) = l.find('"') else { return l.to_string() };
        let pieces: Vec<&str> = l[q..].split("\\n").map(str::trim).filter(|p| !p.is_empty()).collect();
        format!("{}{}", &l[..q], pieces.join(" "))
    }

    /// The string literal of a line, without its closing `")` or `",`.
    fn literal_head(l: &str) -> Option<&str> {
        let start = l.find('"')?;
        let s = &l[start..];
        Some(s.strip_suffix("\")").or_else(|| s.strip_suffix("\",")).unwrap_or(s))
    }

    /// Walks both headers; every difference must be one of the deliberate ones.
    fn differences_are_deliberate(ours: &str, upstream: &str) -> Result<usize, String> {
        let a: Vec<String> = ours.trim_end().lines().map(spaced).collect();
        let b: Vec<&str> = upstream.trim_end().lines().collect();
        let (mut i, mut j, mut corrected) = (0, 0, 0);
        while i < a.len() || j < b.len() {
            let (x, y) = (a.get(i).map(String::as_str), b.get(j).copied());
            if x == y {
                i += 1;
                j += 1;
                continue;
            }
            let x_t = x.unwrap_or("").trim_start();
            // Lines the generator does not write.
            if x_t.starts_with("#include <linux/signal.h>")
                || x_t.starts_with("KAPI_STATE_TRANS_COND(")
                || x_t.starts_with("KAPI_RETURN_SUCCESS_RANGE(")
                || x_t == "KAPI_RETURN_SUCCESS(0)"
            {
                i += 1;
                corrected += 1;
                continue;
            }
            let (Some(x), Some(y)) = (x, y) else {
                return Err(format!("ours line {i} {x:?} vs upstream line {j} {y:?}"));
            };
            // A signal number written by name where the generator writes 0.
            let sig = |l: &str| {
                l.strip_prefix("\tKAPI_SIGNAL(").map(|r| {
                    let mut p: Vec<&str> = r.splitn(3, ", ").collect();
                    if p.len() == 3 {
                        p[1] = "_";
                    }
                    p.join(", ")
                })
            };
            let signal_number = sig(x).is_some() && sig(x) == sig(y) && y.contains(", 0, ");
            // A text the generator cut short.
            let cut = match (literal_head(x), literal_head(y)) {
                (Some(lx), Some(ly)) => {
                    lx.len() > ly.len()
                        && lx.starts_with(ly)
                        && x[..x.find('"').unwrap_or(0)] == y[..y.find('"').unwrap_or(0)]
                }
                _ => false,
            };
            // A state transition's condition folded into its description.
            let folded =
                a.get(i + 1).and_then(|n| n.trim_start().strip_prefix("KAPI_STATE_TRANS_COND(\"")).is_some_and(|c| {
                    let cond = c.trim_end_matches("\")");
                    x.strip_prefix("\t\t\t \"").is_some_and(|d| y == format!("\t\t\t \"{cond}, {d}"))
                });
            if signal_number || cut || folded {
                i += 1;
                j += 1;
                corrected += 1;
                continue;
            }
            return Err(format!("ours line {i}:\n{x}\nupstream line {j}:\n{y}"));
        }
        Ok(corrected)
    }

    #[test]
    fn v4_headers_match_the_generator_where_it_is_right() {
        if corpus().is_none() {
            eprintln!("KAPI_CORPUS not found; skipped");
            return;
        }
        for api in ["sys_close", "sys_open", "sys_read", "sys_write", "sys_madvise"] {
            let (ours, upstream) = ours_and_upstream("v4", api).expect("corpus file");
            if let Err(e) = differences_are_deliberate(&ours, &upstream) {
                panic!("{api}: {e}");
            }
        }
    }

    #[test]
    fn close_differs_only_by_the_folded_conditions() {
        let Some((ours, upstream)) = ours_and_upstream("v4", "sys_close") else { return };
        // Two state transitions keep their conditions apart and `success: 0` is
        // written out; nothing else differs once line breaks are read as spaces.
        assert_eq!(differences_are_deliberate(&ours, &upstream), Ok(5));
        assert!(ours.contains("\t\tKAPI_STATE_TRANS_COND(\"Valid fd passed to close\")\n"));
    }

    #[test]
    fn madvise_texts_are_not_cut() {
        let Some((ours, upstream)) = ours_and_upstream("v4", "sys_madvise") else { return };
        // Upstream cuts the first lock's description at "reacquire".
        assert!(upstream.contains("Several handlers drop and reacquire\")"));
        assert!(ours.contains("Several handlers drop and reacquire "));
    }

    #[test]
    fn short_token_user_types_imply_the_user_flag() {
        let Some((ours, _)) = ours_and_upstream("v4", "sys_open") else { return };
        assert!(ours.contains("KAPI_PARAM_TYPE(KAPI_TYPE_PATH)\n\t\tKAPI_PARAM_FLAGS(KAPI_PARAM_IN | KAPI_PARAM_USER)"));
    }

    #[test]
    fn packed_layouts_cut_texts_to_their_slots() {
        let spec = Spec {
            name: "sys_x".into(),
            description: Some(Text::new("é".repeat(400), Loc::default())),
            since_version: Some(Text::new("2.6.16", Loc::default())),
            ..Spec::default()
        };
        let v1 = header_with(&[&spec], &Options { layout: Layout::PackedV1, includes: Some(Vec::new()) });
        let d = v1.lines().find(|l| l.contains("KAPI_DESCRIPTION")).expect("description");
        // 511 bytes fit; é is two bytes, so 255 of them.
        assert_eq!(d.matches('é').count(), 255);
        assert!(v1.contains("KAPI_SINCE_VERSION(\"2.6.16\")"));
        assert!(!v1.contains("#include"));
        let v4 = header(&[&spec]);
        assert_eq!(v4.lines().find(|l| l.contains("KAPI_DESCRIPTION")).map(|l| l.matches('é').count()), Some(400));
        assert!(!v4.contains("KAPI_SINCE_VERSION"));
    }

    #[test]
    fn specs_that_cannot_be_defined_are_left_out() {
        let a = Spec { name: "not an identifier".into(), ..Spec::default() };
        let b = Spec { name: "sys_y".into(), ..Spec::default() };
        let h = header(&[&a, &b, &b]);
        assert_eq!(h.matches("DEFINE_KERNEL_API_SPEC(sys_y)").count(), 1);
        assert!(h.contains("/* kapi: not an identifier is not a C identifier; spec left out */"));
        assert!(h.contains("/* kapi: a second sys_y is left out */"));
        assert!(h.contains("\tKAPI_PARAM_COUNT(0)\n"));
    }

    #[test]
    fn values_stay_symbolic() {
        let v = Value::parse("O_RDONLY | O_CREAT", Loc::default());
        assert_eq!(c_value(&v).as_deref(), Some("O_RDONLY | O_CREAT"));
        let v = Value::parse("any valid fd", Loc::default());
        assert_eq!(c_value(&v), None);
    }
}
