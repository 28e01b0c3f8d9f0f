//! Reading JSON back: kapi's own JSON round-trips exactly for every bundled
//! and corpus spec, the upstream tool's JSON and debugfs `specs-json` read,
//! every problem is a `json-input` diagnostic, and nothing panics.

use kapi_model::{KapiEnum, Severity, Spec};
use kapi_render::json::{self, details};
use kapi_render::json_read::{self, read, read_report};
use proptest::prelude::*;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The corpus (`KAPI_CORPUS`, default `/work/shared/corpus`, else
/// `../shared/corpus` next to the repository); `None`, loudly, when missing.
fn corpus() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = match std::env::var_os("KAPI_CORPUS") {
        Some(d) => vec![PathBuf::from(d)],
        None => vec![
            PathBuf::from("/work/shared/corpus"),
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
        ],
    };
    if let Some(d) = candidates.iter().find(|d| d.join("derived").is_dir()) {
        return Some(d.clone());
    }
    let msg = format!(
        "KAPI TEST DATA MISSING: no corpus at {}; set KAPI_CORPUS. Corpus round-trip tests are SKIPPED.",
        candidates.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(" or ")
    );
    eprintln!("\n*** {msg} ***\n");
    if std::env::var_os("KAPI_REQUIRE_CORPUS").is_some() {
        panic!("{msg}");
    }
    None
}

fn files_in(dir: &Path, want: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().is_some_and(|n| want(&n.to_string_lossy())))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Every corpus input: the `.c` files of every posting (kerneldoc and macro
/// forms) and the generated headers in `derived/`.
fn corpus_inputs(corpus: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = files_in(corpus, |_| true).into_iter().filter(|p| p.is_dir()).collect();
    dirs.sort();
    for d in &dirs {
        if d.ends_with("derived") {
            for v in files_in(d, |_| true) {
                out.extend(files_in(&v, |n| n.contains(".apispec") && n.ends_with(".h")));
            }
        } else {
            out.extend(files_in(d, |n| n.ends_with(".c")));
        }
    }
    out
}

/// The first place two JSON values differ, for a readable failure.
fn first_difference(a: &Json, b: &Json, path: &str) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &p) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{p}: {u:?} != {v:?}")),
                }
            }
            None
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} != {b}")),
    }
}

fn assert_round_trip(spec: &Spec, what: &str) {
    let text = json::detail(spec);
    let report = read_report("spec.json", &text).unwrap_or_else(|d| panic!("{what}: {d}"));
    assert!(report.warnings.is_empty(), "{what}: warnings reading kapi's own JSON: {:#?}", report.warnings);
    assert_eq!(report.specs.len(), 1, "{what}");
    let want = serde_json::to_value(details(spec)).unwrap();
    let got = serde_json::to_value(details(&report.specs[0])).unwrap();
    if let Some(d) = first_difference(&want, &got, "api_details") {
        panic!("{what}: round trip differs at {d}");
    }
    // Reading it a second time changes nothing either.
    assert_eq!(json::detail(&report.specs[0]), text, "{what}: second round trip");
}

#[test]
fn bundled_specs_round_trip_exactly() {
    let scan = kapi_source::bundled();
    assert!(!scan.specs.is_empty());
    for p in &scan.specs {
        assert_round_trip(&p.spec, &format!("bundled {}", p.spec.name));
    }
}

#[test]
fn corpus_specs_round_trip_exactly() {
    let Some(corpus) = corpus() else { return };
    let inputs = corpus_inputs(&corpus);
    assert!(inputs.len() >= 100, "expected the corpus inputs, found {}", inputs.len());
    let mut n = 0;
    for path in inputs {
        let rel = path.strip_prefix(&corpus).unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let scan = kapi_source::scan_bytes(&rel, &bytes);
        for p in &scan.specs {
            assert_round_trip(&p.spec, &format!("{rel}: {}", p.spec.name));
            n += 1;
        }
    }
    assert!(n >= 100, "only {n} corpus specs");
    eprintln!("{n} corpus specs round-tripped");
}

#[test]
fn multi_spec_shapes_all_read() {
    let scan = kapi_source::bundled();
    let specs: Vec<&Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    assert!(specs.len() >= 2, "needs two bundled specs");
    let want: Vec<Json> = specs.iter().map(|s| serde_json::to_value(details(s)).unwrap()).collect();
    let docs: Vec<String> = specs.iter().map(|s| json::detail(s)).collect();
    let bare: Vec<Json> = want.clone();
    let shapes = [
        ("array of documents", format!("[{}]", docs.join(","))),
        ("array of details", serde_json::to_string_pretty(&bare).unwrap()),
        ("apis of details", serde_json::to_string_pretty(&serde_json::json!({ "apis": bare })).unwrap()),
        ("concatenated documents", docs.concat()),
        (
            "JSON lines",
            specs.iter().map(|s| serde_json::to_string(&json::details(s)).unwrap() + "\n").collect::<String>(),
        ),
        ("bare details", serde_json::to_string(&bare[0]).unwrap()),
    ];
    for (what, text) in shapes {
        let got = read("all.json", &text).unwrap_or_else(|d| panic!("{what}: {d}"));
        let n = if what == "bare details" { 1 } else { specs.len() };
        assert_eq!(got.len(), n, "{what}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(&serde_json::to_value(details(g)).unwrap(), w, "{what}");
        }
    }
}

#[test]
fn the_list_view_reads_as_names_and_places() {
    let scan = kapi_source::bundled();
    let specs: Vec<&Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    let got = read("list.json", &json::list(&specs)).unwrap();
    assert_eq!(got.len(), specs.len());
    for (g, s) in got.iter().zip(&specs) {
        assert_eq!(g.name, s.name);
        assert_eq!(g.api_kind(), s.api_kind());
        assert_eq!(g.origin.file, s.origin.file);
        assert_eq!(g.origin.loc, s.origin.loc);
        assert_eq!(g.description.as_ref().map(|t| &t.text), s.description.as_ref().map(|t| &t.text));
    }
}

fn strs<'a>(v: &'a Json, list: &str, key: &str) -> Vec<&'a str> {
    v[list].as_array().map(|a| a.iter().filter_map(|x| x[key].as_str()).collect()).unwrap_or_default()
}

#[test]
fn upstream_tool_json_reads_with_the_same_names() {
    let Some(corpus) = corpus() else { return };
    let mut n = 0;
    for v in files_in(&corpus.join("derived"), |_| true) {
        for f in files_in(&v, |n| n.ends_with(".json.txt")) {
            let text = std::fs::read_to_string(&f).unwrap();
            let what = f.display().to_string();
            let specs = read(&what, &text).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(specs.len(), 1, "{what}");
            let up: Json = serde_json::from_str(&text).unwrap();
            let up = &up["api_details"];
            let s = &specs[0];
            assert_eq!(Some(s.name.as_str()), up["name"].as_str(), "{what}");
            let params: Vec<&str> = s.params.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(params, strs(up, "parameters", "name"), "{what}: params");
            let errors: Vec<&str> = s.errors.iter().map(|e| e.name.as_str()).collect();
            assert_eq!(errors, strs(up, "errors", "name"), "{what}: errors");
            let locks: Vec<&str> = s.locks.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(locks, strs(up, "locks", "lock_name"), "{what}: locks");
            let signals: Vec<&str> = s.signals.iter().map(|x| x.name.as_str()).collect();
            assert_eq!(signals, strs(up, "signals", "signal_name"), "{what}: signals");
            assert_eq!(s.description.as_ref().map(|t| t.text.as_str()), up["description"].as_str(), "{what}");
            assert_eq!(s.origin.file, what);
            // What kapi writes from it reads back unchanged.
            assert_round_trip(s, &what);
            n += 1;
        }
    }
    assert!(n >= 60, "expected the 60 upstream JSON outputs, found {n}");
}

#[test]
fn upstream_names_win_and_fields_map() {
    let text = r#"{
  "api_details": {
    "name": "sys_close",
    "context_flags": ["KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE"],
    "parameters": [
      {"index": 0, "name": "fd", "type_name": "unsigned int fd", "description": "The fd", "flags": 1,
       "param_type": 9, "constraint_type": 1, "constraint": null, "min_value": 0, "max_value": null,
       "valid_mask": null, "enum_values": [], "size": null, "alignment": null, "size_param_idx": null}
    ],
    "return_spec": {"type_name": "KAPI_TYPE_INT", "description": "0 on success", "return_type": 4,
      "check_type": 0, "success_value": 0, "success_min": null, "success_max": null, "error_values": []},
    "errors": [{"error_code": 0, "name": "EBADF", "condition": "Bad fd", "description": "Not open"}],
    "locks": [{"lock_name": "files->file_lock", "lock_type": 2, "acquired": true, "released": false,
      "held_on_entry": false, "held_on_exit": false, "description": ""}],
    "capabilities": [{"capability": 0, "name": "CAP_SYS_ADMIN", "action": "KAPI_CAP_BYPASS_CHECK",
      "allows": "", "without_cap": "", "check_condition": null, "priority": 0, "alternatives": []}],
    "signals": [{"signal_num": 0, "signal_name": "SIGINT", "direction": 1, "action": 6, "timing": 1,
      "priority": 0, "restartable": true, "interruptible": false, "sa_flags": 0, "sa_flags_required": 0,
      "sa_flags_forbidden": 0, "state_required": 0, "state_forbidden": 0, "error_on_signal": -4}],
    "socket_state": {"required_states": ["KAPI_SOCK_STATE_OPEN"]}
  }
}"#;
    let r = read_report("close.json", text).unwrap();
    let s = &r.specs[0];
    assert_eq!(s.contexts.as_ref().unwrap().bits(), 33);
    let p = &s.params[0];
    assert_eq!(p.kind.as_ref().unwrap().value, Some(kapi_model::enums::ParamType::Fd));
    assert_eq!(p.constraint_kind.as_ref().unwrap().value, Some(kapi_model::enums::ConstraintKind::Range));
    assert_eq!(p.min.as_ref().unwrap().resolved, Some(0));
    // `type_name` names INT although the number says STRUCT: the name wins.
    let ret = s.ret.as_ref().unwrap();
    assert_eq!(ret.kind.as_ref().unwrap().value, Some(kapi_model::enums::ParamType::Int));
    assert_eq!(ret.success.as_ref().unwrap().value.resolved, Some(0));
    // errno 0 is the tool's "unknown": the name gives -9.
    assert_eq!(s.errors[0].code, Some(-9));
    assert_eq!(s.errors[0].summary.as_ref().unwrap().text, "Bad fd");
    assert!(s.locks[0].acquired.as_ref().unwrap().is_yes());
    assert_eq!(s.locks[0].effective_scope(), kapi_model::enums::LockScope::Acquires);
    assert_eq!(s.capabilities[0].number, Some(21));
    assert_eq!(s.signals[0].number, Some(2));
    assert_eq!(s.signals[0].errno.as_ref().unwrap().name.as_deref(), Some("EINTR"));
    assert_eq!(s.signals[0].timing.as_ref().unwrap().value, Some(kapi_model::enums::SignalTiming::During));
    assert!(s.extra.iter().any(|a| a.key == "socket_state" && a.value.text.contains("KAPI_SOCK_STATE_OPEN")));
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
}

#[test]
fn pre_v3_upstream_json_is_flagged() {
    let text = r#"{"api_details": {"name": "sys_x", "parameters": [{"name": "a", "param_type": 6}]}}"#;
    let r = read_report("old.json", text).unwrap();
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
    assert!(r.warnings[0].message.contains("pre-v3"));
    assert_eq!(r.warnings[0].severity, Severity::Warning);
}

#[test]
fn debugfs_specs_json_reads() {
    let text = r#"{
  "name": "sys_close",
  "version": 1,
  "description": "Close a file descriptor",
  "long_description": "",
  "context_flags": "0x21",
  "parameters": [
    {"name": "fd", "type": "unsigned int fd", "type_class": "file_descriptor", "flags": "0x1",
     "description": "The file descriptor to close"}
  ],
  "return": {"type": "KAPI_TYPE_INT", "type_class": "int", "check_type": "exact", "success_value": 0,
    "description": "0 on success"},
  "errors": [{"code": -9, "name": "EBADF", "condition": "Bad file descriptor", "description": "fd is not open"}],
  "locks": [{"name": "files->file_lock", "type": "spinlock", "scope": "internal", "description": "table"}],
  "capabilities": [],
  "constraints": [{"name": "reuse", "description": "fd is freed early", "expression": ""}],
  "signals": [{"signal_num": 0, "signal_name": "pending_signals", "direction": "0x1", "action": 6,
    "target": "", "condition": "", "description": "flush", "restartable": false,
    "sa_flags_required": "0x0", "sa_flags_forbidden": "0x0", "error_on_signal": -4, "transform_to": 0,
    "timing": "during", "priority": 0, "interruptible": true, "queue_behavior": "",
    "state_required": "0x0", "state_forbidden": "0x0"}],
  "side_effects": [{"type": "0x4100", "target": "fd table", "condition": "", "description": "removed",
    "reversible": false}],
  "examples": "close(fd);",
  "notes": ""
}"#;
    let r = read_report("sys_close", text).unwrap();
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    let s = &r.specs[0];
    assert_eq!(s.name, "sys_close");
    assert_eq!(s.contexts.as_ref().unwrap().bits(), 0x21);
    assert!(s.long_desc.is_none() && s.notes.is_none());
    let p = &s.params[0];
    assert_eq!(p.kind.as_ref().unwrap().value, Some(kapi_model::enums::ParamType::Fd));
    assert_eq!(p.flag_bits(), 1);
    assert_eq!(p.ctype.as_deref(), Some("unsigned int fd"));
    let ret = s.ret.as_ref().unwrap();
    assert_eq!(ret.check.as_ref().unwrap().value, Some(kapi_model::enums::ReturnCheck::Exact));
    assert_eq!(s.errors[0].code, Some(-9));
    assert_eq!(s.locks[0].kind.as_ref().unwrap().value, Some(kapi_model::enums::LockType::Spinlock));
    assert_eq!(s.locks[0].scope.as_ref().unwrap().value, Some(kapi_model::enums::LockScope::Internal));
    assert!(s.constraints[0].expr.is_none());
    assert_eq!(s.signals[0].direction.as_ref().unwrap().bits(), 1);
    assert_eq!(s.signals[0].errno.as_ref().unwrap().code, Some(-4));
    assert!(s.signals[0].interruptible.as_ref().unwrap().is_yes());
    assert_eq!(s.side_effects[0].kinds.bits(), 0x4100);
    assert!(s.extra.is_empty(), "version 1 is not kept: {:?}", s.extra);
    let round = read("again.json", &json::detail(s)).unwrap();
    assert_eq!(json::detail(&round[0]), json::detail(s));
}

/// The diagnostic's line:col, 1-based, where `needle` starts in `text`.
fn where_is(text: &str, needle: &str) -> (u32, u32) {
    let i = text.find(needle).unwrap();
    let before = &text[..i];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u32, col as u32)
}

#[test]
fn invalid_json_names_file_line_and_column() {
    let text = "{\n  \"api_details\": {\n    \"name\": \"x\",,\n  }\n}\n";
    let d = read("bad.json", text).unwrap_err();
    assert_eq!(d.code, json_read::CODE);
    assert_eq!(d.file, "bad.json");
    assert_eq!(d.severity, Severity::Error);
    // serde_json stops at the second comma.
    let (line, col) = where_is(text, ",,");
    assert_eq!((d.loc.line, d.loc.col), (line, col + 1), "{d}");
    assert!(d.message.starts_with("invalid JSON"), "{d}");
    assert!(!d.message.contains(" at line "), "{d}");

    let empty = read("empty.json", "  \n").unwrap_err();
    assert_eq!(empty.code, json_read::CODE);
}

#[test]
fn wrong_shapes_are_located_inside_the_document() {
    // A number where kapi writes a string, deep in the second document.
    let spec = &kapi_source::bundled().specs[0].spec;
    let good = json::detail(spec);
    let bad = good.replacen("\"has_spec\": true", "\"has_spec\": \"yes\"", 1);
    assert_ne!(bad, good, "the bundled spec has a param block");
    let text = format!("[{good},\n{bad}]");
    let d = read("two.json", &text).unwrap_err();
    assert_eq!(d.code, json_read::CODE);
    // At the offending value, `"yes"` (serde_json points at its last character).
    let (line, col) = where_is(&text, "\"has_spec\": \"yes\"");
    assert_eq!((d.loc.line, d.loc.col), (line, col + "\"has_spec\": \"yes\"".len() as u32 - 1), "{d}");
    assert!(d.message.contains("kapi's JSON"), "{d}");

    for (text, what) in [
        ("42", "not a spec"),
        ("[[]]", "not a spec"),
        (r#"{"apis": 3}"#, "`apis` must be a list"),
        (r#"{"api_details": []}"#, "a spec must be a JSON object"),
        (r#"{"other": 1}"#, "not a spec"),
    ] {
        let d = read("shape.json", text).unwrap_err();
        assert_eq!(d.code, json_read::CODE);
        assert!(d.message.contains(what), "{text}: {d}");
    }
}

#[test]
fn unknown_enum_names_are_errors_at_the_name() {
    let spec = &kapi_source::bundled().specs[0].spec;
    let good = json::detail(spec);
    assert!(good.contains("\"KAPI_CTX_PROCESS\""), "the bundled spec has contexts");
    let bad = good.replacen("\"KAPI_CTX_PROCESS\"", "\"KAPI_CTX_BOGUS\"", 1);
    let d = read("ctx.json", &bad).unwrap_err();
    assert_eq!(d.code, json_read::CODE);
    assert_eq!((d.loc.line, d.loc.col), where_is(&bad, "\"KAPI_CTX_BOGUS\""), "{d}");
    assert!(d.message.contains(kapi_model::enums::ContextFlag::FAMILY), "{d}");

    // A name with a number must be a member; with a null number it is a kept word.
    let bad = good.replacen("\"scope_name\": \"KAPI_LOCK_", "\"scope_name\": \"KAPI_LOCK_X", 1);
    if bad != good {
        assert!(read("scope.json", &bad).is_err());
    }
}

#[test]
fn unknown_fields_are_warnings() {
    let spec = &kapi_source::bundled().specs[0].spec;
    let text = json::detail(spec).replacen("\"name\":", "\"colour\": \"red\",\n    \"name\":", 1);
    let r = read_report("extra.json", &text).unwrap();
    assert_eq!(r.warnings.len(), 1, "{:#?}", r.warnings);
    assert!(r.warnings[0].message.contains("`colour`"));
    assert_eq!((r.warnings[0].loc.line, r.warnings[0].loc.col), where_is(&text, "\"colour\""));
}

#[test]
fn symbolic_values_keep_text_and_resolution() {
    let text = r#"{"api_details": {"name": "sys_x", "api_type": "syscall",
      "location": {"file": "x.c", "line": 3, "col": 1},
      "parameters": [{"index": 0, "name": "flags", "type_name": "int flags", "description": "", "flags": 0,
        "param_type": null, "constraint_type": 2, "constraint": null, "min_value": null, "max_value": null,
        "valid_mask": 66, "enum_values": ["O_RDONLY", "7"], "size": null, "alignment": null,
        "size_param_idx": null, "flags_names": [], "constraint_type_name": "KAPI_CONSTRAINT_MASK",
        "valid_mask_text": "O_CREAT | MY_LOCAL", "enum_values_resolved": [0, 7],
        "param_type_name": "KAPI_TYPE_ULONG", "has_spec": true,
        "location": {"file": "x.c", "line": 5, "col": 4}}]}}"#;
    let s = &read("v.json", text).unwrap()[0];
    assert_eq!(s.origin.file, "x.c");
    assert_eq!((s.origin.loc.line, s.origin.loc.col), (3, 1));
    let p = &s.params[0];
    assert_eq!((p.loc.line, p.loc.col), (5, 4));
    let m = p.mask.as_ref().unwrap();
    assert_eq!((m.raw.as_str(), m.resolved), ("O_CREAT | MY_LOCAL", Some(66)));
    let k = p.kind.as_ref().unwrap();
    assert_eq!((k.raw.as_str(), k.value), ("KAPI_TYPE_ULONG", None));
    assert_eq!(p.enum_values[0].raw, "O_RDONLY");
    assert_eq!(p.enum_values[0].resolved, Some(0));
    assert_eq!(json::detail(&read("v2.json", &json::detail(s)).unwrap()[0]), json::detail(s));
}

/// JSON pointers to every leaf of `v`.
fn leaf_paths(v: &Json, path: String, out: &mut Vec<String>) {
    match v {
        Json::Object(m) => m.iter().for_each(|(k, x)| leaf_paths(x, format!("{path}/{k}"), out)),
        Json::Array(a) => a.iter().enumerate().for_each(|(i, x)| leaf_paths(x, format!("{path}/{i}"), out)),
        _ => out.push(path),
    }
}

/// kapi's JSON of every bundled spec, then the upstream tool's JSON outputs
/// when the corpus is there (read once).
fn real_json() -> &'static [String] {
    static DOCS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let mut docs: Vec<String> = kapi_source::bundled().specs.iter().map(|p| json::detail(&p.spec)).collect();
        if let Some(corpus) = corpus() {
            for v in files_in(&corpus.join("derived"), |_| true) {
                for f in files_in(&v, |n| n.ends_with(".json.txt")) {
                    docs.extend(std::fs::read_to_string(f).ok());
                }
            }
        }
        docs
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_text(s in ".{0,200}") {
        let _ = read_report("p.json", &s);
    }

    #[test]
    fn never_panics_on_json_like_text(s in r#"[\[\]{}:,"0-9a-z_ .\-\\]{0,120}"#) {
        let _ = read_report("p.json", &s);
    }

    #[test]
    fn never_panics_on_mutated_real_json(
        which in 0usize..1024,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..6),
    ) {
        let docs = real_json();
        let mut text = docs[which % docs.len()].clone();
        for (at, op, c) in edits {
            let chars: Vec<char> = text.chars().collect();
            if chars.is_empty() {
                break;
            }
            let i = at.index(chars.len());
            let mut out: String = chars[..i].iter().collect();
            match op {
                0 => {} // delete chars[i]
                1 => { out.push(c); out.push(chars[i]); }
                2 => out.push(c),
                _ => { out.push(chars[i]); out.push_str(&chars[i..].iter().take(16).collect::<String>()); }
            }
            out.extend(&chars[i + 1..]);
            text = out;
        }
        let _ = read_report("m.json", &text);
    }

    #[test]
    fn never_panics_on_real_json_with_one_value_replaced(
        which in 0usize..1024,
        at in any::<prop::sample::Index>(),
        value in prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::from),
            any::<i64>().prop_map(Json::from),
            any::<u64>().prop_map(Json::from),
            ".{0,40}".prop_map(Json::from),
            r"[A-Z_|() ,0-9x<>=+-]{0,30}".prop_map(Json::from),
            Just(serde_json::json!([])),
            Just(serde_json::json!({})),
        ],
    ) {
        let docs = real_json();
        let mut v: Json = serde_json::from_str(&docs[which % docs.len()]).unwrap();
        let mut leaves = Vec::new();
        leaf_paths(&v, String::new(), &mut leaves);
        let path = &leaves[at.index(leaves.len())];
        if let Some(slot) = v.pointer_mut(path) {
            *slot = value;
        }
        let _ = read_report("r.json", &v.to_string());
        // The definition's prototype goes through the binder again.
        if let Some(p) = v.pointer_mut("/api_details/definition/prototype") {
            *p = Json::from(format!("SYSCALL_DEFINE3({path}"));
            let _ = read_report("p.json", &v.to_string());
        }
    }

    #[test]
    fn never_panics_on_upstream_shaped_values(
        key in prop::sample::select(vec![
            "context_flags", "parameters", "flags", "param_type", "lock_type", "scope", "acquired",
            "signals", "direction", "timing", "return_spec", "success_value", "errors", "error_code",
        ]),
        value in prop_oneof![
            Just(Json::Null),
            any::<i64>().prop_map(Json::from),
            any::<u64>().prop_map(Json::from),
            ".{0,12}".prop_map(Json::from),
            Just(serde_json::json!([{}])),
            Just(serde_json::json!({"x": [1, "0x"]})),
        ],
    ) {
        let mut inner = serde_json::json!({"name": "sys_x"});
        inner[key] = value.clone();
        let _ = read_report("u.json", &serde_json::json!({ "api_details": inner.clone() }).to_string());
        // The same values in debugfs shape.
        inner["return"] = serde_json::json!({});
        let _ = read_report("d.json", &inner.to_string());
    }
}

#[test]
fn every_enum_family_round_trips_through_names() {
    // Names written by kapi are the `KAPI_*` spellings; each parses back to itself.
    fn check<E: KapiEnum>() {
        for v in E::all() {
            assert_eq!(E::parse(v.long_name()), Some(*v));
        }
    }
    check::<kapi_model::enums::ParamType>();
    check::<kapi_model::enums::ParamFlag>();
    check::<kapi_model::enums::ContextFlag>();
    check::<kapi_model::enums::LockScope>();
    check::<kapi_model::enums::SignalTiming>();
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{\"a\":", "{\"api_details\":{\"name\":\"x\",\"extra\":"] {
        let text = open.repeat(100_000);
        let d = read("deep.json", &text).unwrap_err();
        assert_eq!(d.code, json_read::CODE);
    }
    let mut text = String::from("{\"api_details\": {\"name\": \"x\", \"socket_state\": ");
    text.push_str(&"[".repeat(120));
    text.push_str(&"]".repeat(120));
    text.push_str("}}");
    let _ = read_report("nested.json", &text);
}
