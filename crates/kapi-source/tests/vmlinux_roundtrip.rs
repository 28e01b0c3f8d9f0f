//! The binary road, end to end: every corpus spec and every bundled spec is
//! written as a generated header (`kapi_render::apispec`), compiled with the
//! system `cc` against the fixture `linux/kernel_api_spec.h` in the v3/v4
//! pointer layout and in both packed layouts, read back with
//! [`kapi_source::vmlinux::read`] from the relocatable object, from a linked
//! executable with a `.kapi_specs` section, and from one that keeps the specs
//! in `.rodata` between `__start_kapi_specs` and `__stop_kapi_specs`, and
//! compared with the spec read from source, field by field
//! ([`kapi_render::json::details`]).
//!
//! What the binary road cannot carry, and the comparison therefore leaves
//! out or reads the binary's way:
//!
//! - where things were written: every location, the origin, the dialect, the
//!   bound definition and its prototype, and whether a param had its own
//!   block (a param's index is its position);
//! - the text of values: a symbolic value (`O_RDONLY | O_CREAT`, `LONG_MAX`)
//!   arrives as its number, cut to the C field's width (`SIZE_MAX` in an
//!   `s64` is -1, a priority is a `u8`, `sa_flags` a `u32`); a value kapi
//!   cannot resolve (`sizeof(struct epoll_event)`, `SZ_4M`) cannot be
//!   compared;
//! - names derived from numbers: flag, type, action, scope, state and
//!   capability names come back from the numbers, so words that are not
//!   members of their family (`KAPI_TYPE_ULONG`, `KAPI_EFFECT_MEMORY_MAP`)
//!   are lost, a capability that is not one has no number, and an absent
//!   enum is 0 (`void` type, `NONE` constraint, `EXACT` check, `DEFAULT`
//!   action, `BYPASS_CHECK` capability action); an error code whose name is
//!   no errno and that has no number is 0;
//! - zero and absent are the same: a number of 0, an empty text, a `no`, an
//!   empty list; a return spec's success value of 0 under `EXACT`;
//! - texts longer than their `char[]` slot in the packed layouts (names,
//!   types, targets and states 128 bytes, descriptions 512, long description
//!   2048, examples and notes 1024, signal name and timing 32, queue 128),
//!   cut to the slot;
//! - `param-count:` as written (the count is the number of params), the
//!   return type as written when it is a KAPI type (the kernel stores the
//!   `KAPI_TYPE_*` token), `success: != N`, the `success:` text;
//! - how a lock was described (`acquired:`/`released:`/`held-*:` words):
//!   only the scope they give is stored;
//! - a param's flags as written: `type: user_ptr`/`type: path` of the
//!   short-token DSL arrive with the `KAPI_PARAM_USER` bit they imply;
//! - a param's `cdesc:` apart from its `constraint:` lines (one joined
//!   text), its call-form constraint text, `custom(fn)` validator (a
//!   function pointer), `valid-values:` text, struct type, unknown sub-keys;
//! - per-architecture mask bits: only those of the architecture compiled for
//!   (x86 here) are OR-ed into the mask;
//! - an error's `condition:` sub-key apart from its summary (one condition
//!   field; the sub-key is appended to the description);
//! - a capability description equal to its constant (the generator's
//!   `cap_name` when there is no description);
//! - a signal's `errno:` text (only the code), a state transition's
//!   `target:`, a struct spec's param, the spacing of its name (the macro
//!   stringifies it), a struct field's KAPI type, offset, size and flags (the
//!   macro reader keeps them as extra attributes), constraint lines, policy,
//!   version, flag and validation expression;
//! - the API kind when it differs from what the name implies, `api-type:`,
//!   the standard `Context:`/`Return:` sections, validation groups, sysfs
//!   and ioctl facts, network fields, unknown keys;
//! - `since-version:`, except in the v1 packed layout;
//! - more items than the arrays hold (16 params, 32 errors, 16 locks in the
//!   pointer layout and 32 in the packed ones, 32 constraints, signals,
//!   signal masks and side effects, 8 struct specs of 16 fields, 8 state
//!   transitions, 8 capabilities of 8 alternatives);
//! - a spec whose name is not a C identifier, or repeats an earlier one (the
//!   writer leaves it out).

mod common;

use common::{compile, corpus, corpus_files, have_cc, link, Link, CORPUS_DIRS};
use kapi_model::{Spec, Value as KValue};
use kapi_render::apispec::{self, fit, Layout, Options};
use serde_json::{json, Map, Value};

/// Marks a value the source cannot know, so the binary's is not compared.
const UNKNOWN: &str = "<unresolved>";

const NUMERIC: &[&str] = &[
    "context_flags_value",
    "flags",
    "param_type",
    "constraint_type",
    "min_value",
    "max_value",
    "valid_mask",
    "size",
    "alignment",
    "size_multiplier",
    "return_type",
    "check_type",
    "success_value",
    "success_min",
    "success_max",
    "error_code",
    "signal_num",
    "direction",
    "action",
    "priority",
    "sa_flags",
    "sa_flags_required",
    "sa_flags_forbidden",
    "state_required",
    "state_forbidden",
    "error_on_signal",
    "transform_to",
    "lock_type",
    "scope",
    "effect_type",
    "capability",
    "action_number",
];

fn drop_keys(o: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        o.remove(*k);
    }
}

/// A string value: empty is absent; cut to `slot` in the packed layouts.
fn text(o: &mut Map<String, Value>, key: &str, slot: usize, layout: Layout) {
    let v = match o.get(key) {
        Some(Value::String(s)) if s.is_empty() => Value::Null,
        Some(Value::String(s)) if layout.is_packed() => {
            let s = fit(s, slot);
            if s.is_empty() {
                Value::Null
            } else {
                json!(s)
            }
        }
        Some(v) => v.clone(),
        None => Value::Null,
    };
    o.insert(key.to_string(), v);
}

/// Absent numbers and booleans are 0 and false.
fn zero_defaults(o: &mut Map<String, Value>) {
    for k in NUMERIC {
        if o.get(*k).is_some_and(Value::is_null) {
            o.insert(k.to_string(), json!(0));
        }
    }
}

/// A value from its text, cut to a C field of `bits` (signed or not), or
/// [`UNKNOWN`] when kapi cannot resolve it (or, with `skip_word_sized`, when
/// it names a constant whose value depends on the word size).
fn wrapped(raw: &str, bits: u32, signed: bool, skip_word_sized: bool) -> Value {
    let v = KValue::parse(raw, kapi_model::Loc::default());
    let word_dependent = ["SIZE_MAX", "LONG_MAX", "LONG_MIN", "ULONG_MAX", "SSIZE_MAX"].iter().any(|w| raw.contains(w));
    match v.resolved {
        Some(n) if !(skip_word_sized && word_dependent) => {
            let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
            let u = (n as u64) & mask;
            if signed && bits < 64 && u >> (bits - 1) & 1 == 1 {
                json!((u | !mask) as i64)
            } else if signed {
                json!(u as i64)
            } else {
                json!(u)
            }
        }
        _ => json!(UNKNOWN),
    }
}

/// The fields of a spec the binary carries, in the binary's terms.
/// `source`: the JSON comes from the source and is brought to what the
/// binary says (slots cut, values as numbers); `i386`: values that depend on
/// the word size (`SIZE_MAX`, `LONG_MAX`) are not compared.
fn carried(d: &Value, layout: Layout, source: bool, i386: bool) -> Value {
    let mut d = d.clone();
    let Some(o) = d.as_object_mut() else { return d };
    let short_tokens = o.get("dialect").is_some_and(|v| v == "short-tokens");
    drop_keys(
        o,
        &[
            "location",
            "target",
            "definition",
            "dialect",
            "param_count",
            "context_note",
            "kerneldoc_return",
            "api_type_text",
            "validation_groups",
            "ioctl",
            "extra",
            "subsystem",
            "sysfs_path",
            "permissions",
            "api_type",
            "context_flags",
            "context_flags_unknown",
        ],
    );
    if layout != Layout::PackedV1 {
        o.remove("since_version");
    }
    for (k, slot) in
        [("description", 512), ("long_description", 2048), ("examples", 1024), ("notes", 1024), ("since_version", 32)]
    {
        text(o, k, slot, layout);
    }
    if source {
        if let Some(v) = o.get("context_flags_value").and_then(Value::as_u64) {
            o.insert("context_flags_value".into(), json!(v & 0xffff_ffff));
        }
    }
    zero_defaults(o);
    for p in items(o, "parameters", 16) {
        let arch_bits: Vec<Value> = p
            .get("arch_masks")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|m| m["arch"] == "x86").map(|m| m["mask"].clone()).collect())
            .unwrap_or_default();
        if source {
            for (k, bits, signed) in [("min_value", 64, true), ("max_value", 64, true), ("valid_mask", 64, false)] {
                if let Some(t) = p.get(&format!("{k}_text")).and_then(Value::as_str) {
                    let v = wrapped(t, bits, signed, i386);
                    p.insert(k.into(), v);
                }
            }
            for k in ["size", "alignment"] {
                if let Some(t) = p.get(&format!("{k}_text")).and_then(Value::as_str) {
                    let v = wrapped(t, if i386 { 32 } else { 64 }, false, false);
                    p.insert(k.into(), v);
                }
            }
            if !arch_bits.is_empty() && p["valid_mask"] != json!(UNKNOWN) {
                let mut m = p.get("valid_mask").and_then(Value::as_u64).unwrap_or(0);
                for b in &arch_bits {
                    match b.as_u64() {
                        Some(b) => m |= b,
                        None => m = u64::MAX,
                    }
                }
                p.insert("valid_mask".into(), if m == u64::MAX { json!(UNKNOWN) } else { json!(m) });
            }
            let enums: Vec<Value> = p
                .get("enum_values")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|v| match wrapped(v.as_str().unwrap_or(""), 64, true, i386) {
                            Value::Number(n) => json!(n.to_string()),
                            other => other,
                        })
                        .collect()
                })
                .unwrap_or_default();
            p.insert("enum_values".into(), json!(enums));
            if p.get("param_type").is_some_and(Value::is_null) {
                p.insert("param_type".into(), json!(0));
            }
            if p.get("constraint_type").is_some_and(Value::is_null) {
                p.insert("constraint_type".into(), json!(0));
            }
            if let Some(f) = p.get("flags").and_then(Value::as_u64) {
                // `type: user_ptr`/`path` imply KAPI_PARAM_USER in the short-token DSL.
                let user = short_tokens && matches!(p["param_type"].as_u64(), Some(10 | 11));
                p.insert("flags".into(), json!((f | if user { 64 } else { 0 }) & 0xffff_ffff));
            }
        }
        drop_keys(
            p,
            &[
                "has_spec",
                "location",
                "extra",
                "param_type_name",
                "flags_names",
                "flags_unknown",
                "constraint_type_name",
                "constraint_call",
                "cdesc",
                "min_value_text",
                "max_value_text",
                "valid_mask_text",
                "size_text",
                "alignment_text",
                "arch_masks",
                "enum_values_resolved",
                "valid_values",
                "custom_validator",
                "struct_type",
            ],
        );
        for (k, slot) in [("name", 128), ("type_name", 128), ("description", 512), ("constraint", 512)] {
            text(p, k, slot, layout);
        }
        zero_defaults(p);
    }
    if let Some(r) = o.get_mut("return_spec").and_then(Value::as_object_mut) {
        drop_keys(r, &["type_text", "check_type_name", "success_text", "location"]);
        for (k, slot) in [("type_name", 128), ("description", 512)] {
            text(r, k, slot, layout);
        }
        zero_defaults(r);
    }
    for e in items(o, "errors", 32) {
        if source {
            // One condition field: the summary, else the `condition:` sub-key.
            if let Some(detail) = e.remove("condition_detail").and_then(|v| v.as_str().map(str::to_string)) {
                if e["condition"].as_str().unwrap_or("").is_empty() {
                    e.insert("condition".into(), json!(detail));
                } else {
                    let d = e["description"].as_str().unwrap_or("").to_string();
                    let d = if d.is_empty() { detail } else { format!("{d} {detail}") };
                    e.insert("description".into(), json!(d));
                }
            }
        }
        drop_keys(e, &["condition_detail", "location"]);
        for (k, slot) in [("name", 128), ("condition", 512), ("description", 512)] {
            text(e, k, slot, layout);
        }
        zero_defaults(e);
    }
    for g in items(o, "signals", 32) {
        if source {
            for (k, m) in
                [("sa_flags", 0xffff_ffffu64), ("sa_flags_required", 0xffff_ffff), ("sa_flags_forbidden", 0xffff_ffff)]
            {
                if let Some(v) = g.get(k).and_then(Value::as_u64) {
                    g.insert(k.into(), json!(v & m));
                }
            }
            if let Some(v) = g.get("priority").and_then(Value::as_i64) {
                g.insert("priority".into(), json!(v & 0xff));
            }
            if let Some(v) = g.get("transform_to").and_then(Value::as_i64) {
                g.insert("transform_to".into(), json!(v as i32));
            }
        }
        drop_keys(
            g,
            &[
                "location",
                "direction_names",
                "action_name",
                "errno_name",
                "state_required_names",
                "state_forbidden_names",
            ],
        );
        for (k, slot) in [
            ("signal_name", 32),
            ("target", 512),
            ("condition", 512),
            ("description", 512),
            ("timing_name", 32),
            ("queue", 128),
        ] {
            text(g, k, slot, layout);
        }
        zero_defaults(g);
    }
    for m in items(o, "signal_masks", 32) {
        if source {
            let sigs: Vec<Value> = m
                .get("signals")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .take(32)
                        .map(|v| match wrapped(v.as_str().unwrap_or(""), 32, true, false) {
                            Value::Number(n) => json!(n.to_string()),
                            other => other,
                        })
                        .collect()
                })
                .unwrap_or_default();
            m.insert("signals".into(), json!(sigs));
        }
        for (k, slot) in [("name", 128), ("description", 512)] {
            text(m, k, slot, layout);
        }
    }
    let max_locks = layout.max_locks();
    for l in items(o, "locks", max_locks) {
        drop_keys(
            l,
            &["lock_type_name", "scope_name", "acquired", "released", "held_on_entry", "held_on_exit", "location"],
        );
        for (k, slot) in [("lock_name", 128), ("description", 512)] {
            text(l, k, slot, layout);
        }
        zero_defaults(l);
    }
    for c in items(o, "constraints", 32) {
        drop_keys(c, &["location"]);
        for (k, slot) in [("name", 128), ("description", 512), ("expression", 512)] {
            text(c, k, slot, layout);
        }
    }
    for e in items(o, "side_effects", 32) {
        drop_keys(e, &["effect_type_names", "effect_type_unknown", "location"]);
        for (k, slot) in [("target", 128), ("condition", 512), ("description", 512)] {
            text(e, k, slot, layout);
        }
        zero_defaults(e);
    }
    for t in items(o, "state_transitions", 8) {
        drop_keys(t, &["target", "location"]);
        for (k, slot) in
            [("object", 128), ("from_state", 128), ("to_state", 128), ("condition", 512), ("description", 512)]
        {
            text(t, k, slot, layout);
        }
    }
    for c in items(o, "capabilities", 8) {
        if source {
            // The generator's cap_name is the constant when there is no description.
            if c.get("description").is_some_and(|d| d == &c["name"]) {
                c.insert("description".into(), Value::Null);
            }
            if c.get("capability").is_some_and(Value::is_null) {
                c.insert("capability".into(), json!(UNKNOWN));
                c.insert("name".into(), json!(UNKNOWN));
            }
            if let Some(v) = c.get("priority").and_then(Value::as_i64) {
                c.insert("priority".into(), json!(v & 0xff));
            }
            let alts: Vec<Value> = c
                .get("alternatives")
                .and_then(Value::as_array)
                .map(|a| a.iter().take(8).filter_map(Value::as_i64).map(|v| json!(v as i32)).collect())
                .unwrap_or_default();
            c.insert("alternatives".into(), json!(alts));
        }
        drop_keys(c, &["location", "action"]);
        for (k, slot) in [("allows", 512), ("without_cap", 512), ("check_condition", 512), ("description", 128)] {
            text(c, k, slot, layout);
        }
        zero_defaults(c);
    }
    for s in items(o, "struct_specs", 8) {
        drop_keys(s, &["param", "location"]);
        if source {
            if let Some(n) = s.get("name").and_then(Value::as_str) {
                let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
                s.insert("name".into(), json!(n));
            }
            if let Some(fc) = s.get("field_count").and_then(Value::as_u64) {
                s.insert("field_count".into(), json!(fc.min(16)));
            }
        }
        for (k, slot) in [("name", 128), ("description", 512)] {
            text(s, k, slot, layout);
        }
        zero_defaults(s);
        for f in items(s, "fields", 16) {
            drop_keys(f, &["constraints", "policy", "version", "flag", "validate"]);
            for (k, slot) in [("name", 128), ("type_name", 128), ("description", 512)] {
                text(f, k, slot, layout);
            }
            zero_defaults(f);
        }
    }
    d
}

/// The objects of an array field, cut to the C array's length.
fn items<'a>(o: &'a mut Map<String, Value>, key: &str, max: usize) -> impl Iterator<Item = &'a mut Map<String, Value>> {
    let arr = o.entry(key.to_string()).or_insert_with(|| json!([]));
    if let Some(a) = arr.as_array_mut() {
        a.truncate(max);
    }
    arr.as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut)
}

fn unresolved(v: &Option<KValue>) -> bool {
    v.as_ref().is_some_and(|v| v.resolved.is_none())
}

fn mark(o: &mut Value, keys: &[&str]) {
    for k in keys {
        o[*k] = json!(UNKNOWN);
    }
}

/// Marks the source's values that kapi cannot resolve (and whose JSON has no
/// text to resolve them from) as [`UNKNOWN`].
fn mark_unresolved(spec: &Spec, d: &mut Value) {
    for (p, j) in spec.params.iter().zip(d.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten()) {
        if unresolved(&p.size_multiplier) {
            mark(j, &["size_multiplier"]);
        }
        if unresolved(&p.size_param) {
            mark(j, &["size_param_idx"]);
        }
    }
    if let (Some(r), Some(j)) = (&spec.ret, d.get_mut("return_spec")) {
        if r.success.as_ref().is_some_and(|s| s.value.resolved.is_none()) {
            mark(j, &["success_value", "success_min", "success_max"]);
        }
        if unresolved(&r.success_min) || unresolved(&r.success_max) {
            mark(j, &["success_min", "success_max"]);
        }
        if r.error_values.iter().any(|v| v.resolved.is_none()) {
            mark(j, &["error_values"]);
        }
    }
    for (e, j) in spec.errors.iter().zip(d.get_mut("errors").and_then(Value::as_array_mut).into_iter().flatten()) {
        if e.code.is_none() && e.code_raw.as_ref().is_some_and(|v| v.resolved.is_none()) {
            mark(j, &["error_code"]);
        }
    }
    for (g, j) in spec.signals.iter().zip(d.get_mut("signals").and_then(Value::as_array_mut).into_iter().flatten()) {
        if unresolved(&g.priority) {
            mark(j, &["priority"]);
        }
        if unresolved(&g.sa_flags_required) || unresolved(&g.sa_flags_forbidden) {
            mark(j, &["sa_flags", "sa_flags_required", "sa_flags_forbidden"]);
        }
        if unresolved(&g.transform_to) {
            mark(j, &["transform_to"]);
        }
    }
    for (c, j) in
        spec.capabilities.iter().zip(d.get_mut("capabilities").and_then(Value::as_array_mut).into_iter().flatten())
    {
        if unresolved(&c.priority) {
            mark(j, &["priority"]);
        }
        if c.alternatives.iter().any(|v| v.resolved.is_none()) {
            mark(j, &["alternatives"]);
        }
    }
    for (st, j) in
        spec.structs.iter().zip(d.get_mut("struct_specs").and_then(Value::as_array_mut).into_iter().flatten())
    {
        if unresolved(&st.size) {
            mark(j, &["size"]);
        }
        if unresolved(&st.alignment) {
            mark(j, &["alignment"]);
        }
        for (f, jf) in st.fields.iter().zip(j.get_mut("fields").and_then(Value::as_array_mut).into_iter().flatten()) {
            for (v, k) in [(&f.min, "min_value"), (&f.max, "max_value"), (&f.mask, "valid_mask")] {
                if unresolved(v) {
                    mark(jf, &[k]);
                }
            }
        }
    }
}

/// Where the source says [`UNKNOWN`], the binary's value is not compared.
fn blank_unknown(src: &Value, bin: &mut Value) {
    match (src, bin) {
        (Value::String(s), b) if s == UNKNOWN => *b = json!(UNKNOWN),
        (Value::Object(so), Value::Object(bo)) => {
            for (k, sv) in so {
                if let Some(bv) = bo.get_mut(k) {
                    blank_unknown(sv, bv);
                }
            }
        }
        (Value::Array(sa), Value::Array(ba)) => {
            for (sv, bv) in sa.iter().zip(ba.iter_mut()) {
                blank_unknown(sv, bv);
            }
        }
        _ => {}
    }
}

/// The first difference between two JSON values, as a path.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                first_difference(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: source {a} vs binary {b}")),
    }
}

/// The specs the writer keeps: named by a C identifier, first of each name.
fn writable<'a>(specs: &[&'a Spec]) -> Vec<&'a Spec> {
    let mut seen = std::collections::HashSet::new();
    specs
        .iter()
        .copied()
        .filter(|s| {
            let mut c = s.name.chars();
            c.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
                && seen.insert(s.name.clone())
        })
        .collect()
}

/// Compares what a binary gave with the specs it was built from.
fn compare(what: &str, specs: &[&Spec], bytes: &[u8], layout: Layout, i386: bool) -> Vec<String> {
    let r = kapi_source::vmlinux::read(what, bytes);
    let mut problems: Vec<String> = r.diags.iter().map(|d| format!("{what}: diagnostic: {}", d.message)).collect();
    let names: Vec<&str> = r.specs.iter().map(|s| s.name.as_str()).collect();
    let want: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    if names != want {
        problems.push(format!("{what}: specs {names:?}, expected {want:?}"));
        return problems;
    }
    for (src, bin) in specs.iter().zip(&r.specs) {
        let mut s = serde_json::to_value(kapi_render::json::details(src)).expect("serialises");
        mark_unresolved(src, &mut s);
        let b = serde_json::to_value(kapi_render::json::details(bin)).expect("serialises");
        let s = carried(&s, layout, true, i386);
        let mut b = carried(&b, layout, false, i386);
        blank_unknown(&s, &mut b);
        if let Some(d) = first_difference(&s, &b, &src.name) {
            problems.push(format!("{what}: {d}"));
        }
    }
    problems
}

/// Builds one header for `specs` in every layout and link form, and compares.
fn round_trip(tmp: &std::path::Path, stem: &str, specs: &[&Spec], flags: &[&str], i386: bool) -> Vec<String> {
    let specs = writable(specs);
    let mut problems = Vec::new();
    for layout in [Layout::Pointer, Layout::PackedV2, Layout::PackedV1] {
        let header = apispec::header_with(&specs, &Options { layout, includes: None });
        let stem = format!("{stem}-{layout:?}");
        let obj = match compile(tmp, &stem, &header, layout, flags) {
            Ok(o) => o,
            Err(e) => {
                problems.push(format!("{stem}: {e}"));
                continue;
            }
        };
        for how in [Link::Object, Link::Section, Link::RodataSymbols] {
            match link(&obj, how, flags) {
                Ok(bytes) => problems.extend(compare(&format!("{stem} ({how:?})"), &specs, &bytes, layout, i386)),
                Err(e) => problems.push(format!("{stem}: {e}")),
            }
        }
    }
    problems
}

fn report(problems: Vec<String>) {
    if !problems.is_empty() {
        let shown: Vec<&String> = problems.iter().take(60).collect();
        panic!("{} problems:\n{}", problems.len(), shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"));
    }
}

#[test]
fn bundled_specs_survive_the_binary_road() {
    if !have_cc() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let scan = kapi_source::bundled();
    let specs: Vec<&Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    assert!(!specs.is_empty());
    report(round_trip(tmp.path(), "bundled", &specs, &[], false));
}

#[test]
fn corpus_specs_survive_the_binary_road() {
    if !have_cc() {
        return;
    }
    let Some(root) = corpus() else {
        common::loud("!!! KAPI_CORPUS not found: the corpus round trip is SKIPPED");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let problems = std::thread::scope(|scope| {
        let handles: Vec<_> = CORPUS_DIRS
            .iter()
            .map(|dir| {
                let (root, tmp) = (&root, tmp.path());
                scope.spawn(move || {
                    let mut scans = Vec::new();
                    for f in corpus_files(&root.join(dir)) {
                        let bytes = std::fs::read(&f).expect("corpus file");
                        scans.push(kapi_source::scan_bytes(&format!("{dir}/{}", f.display()), &bytes));
                    }
                    let specs: Vec<&Spec> = scans.iter().flat_map(|s| s.specs.iter().map(|p| &p.spec)).collect();
                    if specs.is_empty() {
                        return vec![format!("{dir}: no specs")];
                    }
                    round_trip(tmp, dir, &specs, &[], false)
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("no panic")).collect::<Vec<_>>()
    });
    report(problems);
}

#[test]
fn i386_images_survive_the_binary_road() {
    if !have_cc() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    if !common::have_cc_m32(tmp.path()) {
        common::require_or_skip(
            "`cc -m32` cannot build i386 objects here (install gcc-multilib): the 32-bit round trip is SKIPPED",
        );
        return;
    }
    let mut scans = vec![kapi_source::bundled()];
    if let Some(root) = corpus() {
        for f in corpus_files(&root.join("v4")) {
            let bytes = std::fs::read(&f).expect("corpus file");
            scans.push(kapi_source::scan_bytes(&f.display().to_string(), &bytes));
        }
    }
    let specs: Vec<&Spec> = scans.iter().flat_map(|s| s.specs.iter().map(|p| &p.spec)).collect();
    report(round_trip(tmp.path(), "i386", &specs, &["-m32"], true));
}

/// `_Static_assert` lines: every member of `E` has the model's number.
fn enum_asserts<E: kapi_model::KapiEnum>(out: &mut String) {
    for v in E::all() {
        out.push_str(&format!("_Static_assert({} == {}ULL, \"{}\");\n", v.long_name(), v.number(), v.long_name()));
    }
}

#[test]
fn fixture_headers_agree_with_the_model() {
    use kapi_model::enums::*;
    use kapi_source::vmlinux::magic;
    if !have_cc() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut c = String::new();
    for h in ["capability", "errno", "fcntl", "kernel_api_spec", "signal", "stat"] {
        c.push_str(&format!("#include <linux/{h}.h>\n"));
    }
    enum_asserts::<ParamType>(&mut c);
    enum_asserts::<ParamFlag>(&mut c);
    enum_asserts::<ContextFlag>(&mut c);
    enum_asserts::<LockType>(&mut c);
    enum_asserts::<LockScope>(&mut c);
    enum_asserts::<ConstraintKind>(&mut c);
    enum_asserts::<ReturnCheck>(&mut c);
    enum_asserts::<SignalDirection>(&mut c);
    enum_asserts::<SignalAction>(&mut c);
    enum_asserts::<SignalState>(&mut c);
    enum_asserts::<EffectType>(&mut c);
    enum_asserts::<CapabilityAction>(&mut c);
    for (name, v) in [
        ("PARAMS", magic::PARAMS),
        ("RETURN", magic::RETURN),
        ("ERRORS", magic::ERRORS),
        ("LOCKS", magic::LOCKS),
        ("CONSTRAINTS", magic::CONSTRAINTS),
        ("INFO", magic::INFO),
        ("SIGNALS", magic::SIGNALS),
        ("SIGMASK", magic::SIGMASK),
        ("STRUCTS", magic::STRUCTS),
        ("EFFECTS", magic::EFFECTS),
        ("TRANS", magic::TRANS),
        ("CAPS", magic::CAPS),
    ] {
        c.push_str(&format!("_Static_assert(KAPI_MAGIC_{name} == {v}U, \"magic {name}\");\n"));
    }
    // The stub constants are kapi's x86-64 table values.
    let include = common::fixture_include().join("linux");
    for h in ["capability", "errno", "fcntl", "signal", "stat"] {
        let text = std::fs::read_to_string(include.join(format!("{h}.h"))).expect("stub header");
        for line in text.lines() {
            let mut w = line.split_whitespace();
            if let (Some("#define"), Some(name)) = (w.next(), w.next()) {
                if let Some(v) = kapi_model::tables::constant(name) {
                    c.push_str(&format!("_Static_assert({name} == {v}, \"{name}\");\n"));
                }
            }
        }
    }
    let src = tmp.path().join("agree.c");
    std::fs::write(&src, &c).expect("write");
    let out = std::process::Command::new("cc")
        .args(["-std=gnu11", "-nostdinc", "-ffreestanding", "-fsyntax-only", "-I"])
        .arg(common::fixture_include())
        .arg(&src)
        .output()
        .expect("cc runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The string families expand to the model's words.
    let mut words = String::from("#include <linux/kernel_api_spec.h>\n");
    let mut want = Vec::new();
    for v in SignalTiming::all() {
        words.push_str(&format!("kapi_word {}\n", v.long_name()));
        want.push(format!("kapi_word \"{}\"", v.short_name()));
    }
    for v in SignalQueue::all() {
        words.push_str(&format!("kapi_word {}\n", v.long_name()));
        want.push(format!("kapi_word \"{}\"", v.short_name()));
    }
    let src = tmp.path().join("words.c");
    std::fs::write(&src, &words).expect("write");
    let out = std::process::Command::new("cc")
        .args(["-E", "-P", "-nostdinc", "-I"])
        .arg(common::fixture_include())
        .arg(&src)
        .output()
        .expect("cc runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let got: Vec<&str> = text.lines().filter(|l| l.starts_with("kapi_word")).collect();
    assert_eq!(got, want);
}
