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
