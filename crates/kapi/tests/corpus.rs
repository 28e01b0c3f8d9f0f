//! Every kerneldoc spec of the corpus: found, parsed with zero errors, and
//! held as a JSON snapshot (prose redacted to length + hash).

mod common;

use kapi_model::Severity;

#[test]
fn every_kerneldoc_corpus_file_parses_without_errors() {
    let Some(corpus) = common::corpus() else { return };
    let files = common::kerneldoc_files(&corpus);
    assert!(files.len() >= 34, "expected the 34 kerneldoc corpus files, found {}", files.len());
    for rel in &files {
        let bytes = std::fs::read(corpus.join(rel)).expect("readable");
        let scan = kapi_source::scan_bytes(rel, &bytes);
        assert_eq!(scan.specs.len(), 1, "{rel}: expected exactly one spec");
        let errors: Vec<_> = scan.diags.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{rel}: errors: {errors:#?}");
        let spec = &scan.specs[0].spec;
        let stem = rel.rsplit('/').next().unwrap().trim_end_matches(".c");
        assert_eq!(spec.name, stem, "{rel}: bound to the wrong definition");
        assert!(spec.definition.is_some(), "{rel}: no definition bound");
        assert!(spec.description.is_some(), "{rel}: no description");
        assert!(!spec.errors.is_empty(), "{rel}: no errors parsed");
    }
}

#[test]
fn corpus_json_snapshots() {
    let Some(corpus) = common::corpus() else { return };
    for rel in common::kerneldoc_files(&corpus) {
        let bytes = std::fs::read(corpus.join(&rel)).expect("readable");
        let scan = kapi_source::scan_bytes(&rel, &bytes);
        let mut v: serde_json::Value =
            serde_json::from_str(&kapi_render::json::detail(&scan.specs[0].spec)).expect("valid JSON");
        common::redact(&mut v);
        let name = rel.replace(['/', '.'], "_");
        insta::assert_json_snapshot!(name, v);
    }
}

/// Upstream's own outputs (corpus/derived) agree with kapi on the facts both
/// sides get right: names and counts of params and errors, and error codes.
#[test]
fn facts_agree_with_upstream_where_upstream_is_right() {
    let Some(corpus) = common::corpus() else { return };
    for rel in common::kerneldoc_files(&corpus) {
        let (ver, file) = rel.split_once('/').unwrap();
        let stem = file.trim_end_matches(".c");
        let derived = corpus.join("derived").join(ver).join(format!("{stem}.kapi-{ver}.json.txt"));
        let Ok(text) = std::fs::read_to_string(&derived) else { continue };
        let Ok(up) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let up = &up["api_details"];
        let bytes = std::fs::read(corpus.join(&rel)).unwrap();
        let scan = kapi_source::scan_bytes(&rel, &bytes);
        let spec = &scan.specs[0].spec;
        // Upstream turns a signal's `error:` line into an error item; only real
        // errno names are compared.
        let is_errno = |n: &str| {
            n.len() > 1 && n.starts_with('E') && n.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        };
        let up_list: Vec<&serde_json::Value> = up["errors"]
            .as_array()
            .map(|a| a.iter().filter(|e| e["name"].as_str().is_some_and(is_errno)).collect())
            .unwrap_or_default();
        let up_errors: Vec<&str> = up_list.iter().filter_map(|e| e["name"].as_str()).collect();
        if !up_errors.is_empty() {
            let ours_list: Vec<&kapi_model::ErrorSpec> = spec.errors.iter().filter(|e| is_errno(&e.name)).collect();
            let ours: Vec<&str> = ours_list.iter().map(|e| e.name.as_str()).collect();
            assert_eq!(ours, up_errors, "{rel}: error list differs from upstream");
            for (e, u) in ours_list.iter().zip(up_list) {
                if let Some(code) = u["error_code"].as_i64().filter(|c| *c != 0) {
                    assert_eq!(e.code.map(i64::from), Some(code), "{rel}: {} code", e.name);
                }
            }
        }
        if let Some(params) = up["parameters"].as_array() {
            let theirs: Vec<&str> =
                params.iter().filter_map(|p| p["name"].as_str()).filter(|n| !n.contains(',')).collect();
            for n in theirs {
                assert!(spec.param(n).is_some(), "{rel}: upstream has param {n}");
            }
        }
        if let Some(desc) = up["description"].as_str() {
            assert_eq!(spec.description.as_ref().map(|d| d.text.as_str()), Some(desc), "{rel}: description");
        }
    }
}

/// The API name a corpus file is named after (`ioctl_binder_freeze.c` holds `binder_freeze`).
fn api_of(rel: &str) -> &str {
    let file = rel.rsplit('/').next().unwrap();
    let stem = file.split_once(".apispec").map_or(file.trim_end_matches(".c"), |(s, _)| s);
    stem.strip_prefix("ioctl_").or_else(|| stem.strip_prefix("sysfs_")).unwrap_or(stem)
}

/// RFC v1/v2 macro specs and every generated `.apispec.h`: each file gives
/// exactly its one spec, read completely (no unknown macro or field, no error).
#[test]
fn every_macro_spec_is_read_completely() {
    let Some(corpus) = common::corpus() else { return };
    let files: Vec<String> = common::macro_files(&corpus).into_iter().chain(common::apispec_headers(&corpus)).collect();
    assert!(files.len() >= 111, "expected 76 macro files and 35 headers, found {}", files.len());
    for rel in &files {
        let bytes = std::fs::read(corpus.join(rel)).expect("readable");
        let scan = kapi_source::scan_bytes(rel, &bytes);
        assert_eq!(scan.specs.len(), 1, "{rel}: expected exactly one spec");
        let spec = &scan.specs[0].spec;
        assert_eq!(spec.name, api_of(rel), "{rel}");
        assert!(spec.description.is_some(), "{rel}: no description");
        let bad: Vec<_> = scan
            .diags
            .iter()
            .filter(|d| {
                d.severity == Severity::Error || matches!(d.code, "unknown-macro" | "unknown-field" | "macro-syntax")
            })
            .collect();
        assert!(bad.is_empty(), "{rel}: {bad:#?}");
    }
}

#[test]
fn macro_corpus_json_snapshots() {
    let Some(corpus) = common::corpus() else { return };
    for rel in common::macro_files(&corpus) {
        let bytes = std::fs::read(corpus.join(&rel)).expect("readable");
        let scan = kapi_source::scan_bytes(&rel, &bytes);
        let mut v: serde_json::Value =
            serde_json::from_str(&kapi_render::json::detail(&scan.specs[0].spec)).expect("valid JSON");
        common::redact(&mut v);
        let name = rel.replace(['/', '.'], "_");
        insta::assert_json_snapshot!(name, v);
    }
}

/// The RFC v1/v2 tools read macro specs too, but lose items (mlock's ENOMEM,
/// its capability and its signal). Everything they found, kapi finds.
#[test]
fn macro_specs_keep_everything_upstream_found() {
    let Some(corpus) = common::corpus() else { return };
    let mut compared = 0;
    for rel in common::macro_files(&corpus) {
        let (ver, file) = rel.split_once('/').unwrap();
        let derived =
            corpus.join("derived").join(ver).join(format!("{}.kapi-{ver}.json.txt", file.trim_end_matches(".c")));
        let Ok(text) = std::fs::read_to_string(&derived) else { continue };
        let up: serde_json::Value = serde_json::from_str(&text).expect("derived JSON parses");
        let up = &up["api_details"];
        let bytes = std::fs::read(corpus.join(&rel)).unwrap();
        let scan = kapi_source::scan_bytes(&rel, &bytes);
        let spec = &scan.specs[0].spec;
        compared += 1;
        assert_eq!(up["name"].as_str(), Some(spec.name.as_str()), "{rel}");
        assert_eq!(up["description"].as_str(), spec.description.as_ref().map(|d| d.text.as_str()), "{rel}");
        for e in up["errors"].as_array().into_iter().flatten() {
            let name = e["name"].as_str().unwrap();
            assert!(spec.errors.iter().any(|x| x.name == name), "{rel}: upstream has error {name}");
        }
        for p in up["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap();
            assert!(spec.param(name).is_some(), "{rel}: upstream has param {name}");
        }
        for l in up["locks"].as_array().into_iter().flatten() {
            let name = l["lock_name"].as_str().unwrap();
            assert!(spec.locks.iter().any(|x| x.name == name), "{rel}: upstream has lock {name}");
        }
    }
    assert!(compared >= 27, "compared only {compared} macro specs with upstream");
}

/// RFC v2 mlock: the old tool drops ENOMEM, the capability and the signal.
#[test]
fn rfc_v2_mlock_keeps_enomem_capability_and_signal() {
    let Some(corpus) = common::corpus() else { return };
    let bytes = std::fs::read(corpus.join("rfc-v2/sys_mlock.c")).unwrap();
    let scan = kapi_source::scan_bytes("sys_mlock.c", &bytes);
    let spec = &scan.specs[0].spec;
    assert!(spec.errors.iter().any(|e| e.name == "ENOMEM" && e.code == Some(-12)), "{:#?}", spec.errors);
    assert_eq!(spec.capabilities.len(), 1, "capability lost");
    assert_eq!(spec.capabilities[0].number, Some(14), "CAP_IPC_LOCK");
    assert_eq!(spec.signals.len(), 1, "signal lost");
}
