//! One model, whatever the road: a spec read from source gives the same
//! JSON when it is read back from the C header kapi generates for it
//! (`kapi convert --to apispec-h`, read by the macro reader), except for
//! what the header cannot carry. The vmlinux and debugfs roads are checked
//! the same way in kapi-source's `vmlinux_roundtrip` and `debugfs` tests.
//!
//! What the header road cannot carry (the comparison masks it):
//! - locations, the dialect, the bound definition (a header has no
//!   prototype after the spec) and whether a param had a block of its own;
//! - the spelling of enum words and of `success:` (macros name the member);
//! - see `kapi_render::apispec` for the values it leaves out on purpose.

mod common;

use kapi_model::Spec;
use serde_json::Value;

/// JSON keys the header road cannot carry: where things were written, the
/// dialect and the prototype; `since-version` (no v4 field); a param's
/// `cdesc:` apart from its `constraint:` lines (one joined text, compared as
/// `constraint`) and its call-form text; the return type as written (the
/// kernel stores the `KAPI_TYPE_*` token); a lock's `acquired:`/`released:`
/// words (only the scope); the standard `Context:` section, validation
/// groups, sysfs, ioctl and network facts and unknown keys (no v4 macros).
const MASKED: &[&str] = &[
    "location",
    "dialect",
    "definition",
    "has_spec",
    "since_version",
    "constraint_call",
    "cdesc",
    "type_text",
    "acquired",
    "released",
    "held_on_entry",
    "held_on_exit",
    "context_note",
    "validation_groups",
    "subsystem",
    "sysfs",
    "ioctl",
    "extra",
    "api_type",
    "param_count",
];

/// Struct-field keys the header road cannot carry (the macro reader keeps
/// the field's type, offset, size and flags as extra attributes, and C has
/// no field for constraint lines, policies, versions, flags or validators).
const MASKED_IN_STRUCT_FIELDS: &[&str] = &["constraints", "policy", "version", "flag", "validate"];

fn mask(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for &k in MASKED {
                o.remove(k);
            }
            // `type: user_ptr` and `type: path` imply the USER flag in C.
            if matches!(o.get("param_type").and_then(Value::as_u64), Some(10 | 11)) {
                if let Some(f) = o.get("flags").and_then(Value::as_u64) {
                    o.insert("flags".into(), Value::from(f | 64));
                }
                o.remove("flags_names");
            }
            if let Some(Value::Array(specs)) = o.get_mut("struct_specs") {
                // A struct spec's param (`struct-type: uattr, ...`) has no C field.
                specs.iter_mut().filter_map(Value::as_object_mut).for_each(|s| {
                    s.remove("param");
                });
                for f in specs.iter_mut().filter_map(|s| s.get_mut("fields")).filter_map(Value::as_array_mut).flatten()
                {
                    if let Value::Object(f) = f {
                        for &k in MASKED_IN_STRUCT_FIELDS {
                            f.remove(k);
                        }
                    }
                }
            }
            o.values_mut().for_each(mask);
        }
        Value::Array(a) => a.iter_mut().for_each(mask),
        _ => {}
    }
}

fn json(s: &Spec) -> Value {
    let mut v: Value = serde_json::from_str(&kapi_render::json::detail(s)).unwrap();
    mask(&mut v);
    v
}

fn first_diff(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(l), Some(r)) => {
                        if let Some(d) = first_diff(l, r, &p) {
                            return Some(d);
                        }
                    }
                    (l, r) => return Some(format!("{p}: {l:?} vs {r:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} vs {} items", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().find_map(|(i, (l, r))| first_diff(l, r, &format!("{path}[{i}]")))
        }
        (l, r) if l != r => Some(format!("{path}: {l} vs {r}")),
        _ => None,
    }
}

/// Every bundled and corpus spec, with whether its file has words that are
/// not members of their enum family (`unknown-token`, `unknown-errno`).
fn corpus_specs() -> Vec<(String, Spec, bool)> {
    let mut scans = vec![("bundled".to_string(), kapi_source::bundled())];
    if let Some(corpus) = common::corpus() {
        for rel in common::kerneldoc_files(&corpus).into_iter().chain(common::macro_files(&corpus)) {
            let bytes = std::fs::read(corpus.join(&rel)).unwrap();
            scans.push((rel.clone(), kapi_source::scan_bytes(&rel, &bytes)));
        }
    }
    let mut out = Vec::new();
    for (what, scan) in scans {
        let unknown = scan.diags.iter().any(|d| matches!(d.code, "unknown-token" | "unknown-errno"));
        out.extend(scan.specs.into_iter().map(|p| {
            let u = unknown || has_unknown_words(&p.spec);
            (what.clone(), p.spec, u)
        }));
    }
    out
}

/// Enum words that name no member (macro specs are not linted for them).
fn has_unknown_words(s: &Spec) -> bool {
    s.params.iter().any(|p| {
        p.kind.as_ref().is_some_and(|k| k.value.is_none())
            || p.flags.as_ref().is_some_and(|f| !f.unknown.is_empty())
            || p.constraint_kind.as_ref().is_some_and(|k| k.value.is_none())
    }) || s.capabilities.iter().any(|c| c.action.as_ref().is_some_and(|a| a.value.is_none()))
        || s.errors.iter().any(|e| e.code.is_none())
        || s.side_effects.iter().any(|e| !e.kinds.unknown.is_empty())
        || s.locks.iter().any(|l| l.kind.as_ref().is_some_and(|k| k.value.is_none()))
}

#[test]
fn the_generated_header_reads_back_as_the_same_spec() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (what, spec, unknown_words) in corpus_specs() {
        // A word that is not a member of its family has no C spelling.
        if unknown_words {
            continue;
        }
        let header = kapi_render::apispec::header(&[&spec]);
        let back = kapi_syntax::parse_text("gen.apispec.h", &header);
        if back.specs.len() != 1 {
            failures.push(format!("{what}: {} specs in the header", back.specs.len()));
            continue;
        }
        compared += 1;
        if let Some(d) = first_diff(&json(&spec), &json(&back.specs[0].spec), "") {
            failures.push(format!("{what}: {d}"));
        }
    }
    assert!(failures.is_empty(), "{} specs differ:\n{}", failures.len(), failures.join("\n"));
    if common::corpus().is_some() {
        assert!(compared >= 100, "only {compared} specs compared");
    }
}
