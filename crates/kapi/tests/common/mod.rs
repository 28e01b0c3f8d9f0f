//! Shared helpers for kapi's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus directory (`KAPI_CORPUS`, default `../shared/corpus` next to
/// the repository). `None`, with a loud message, when it is missing.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("KAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if dir.join("README.md").is_file() || dir.is_dir() {
        Some(dir)
    } else {
        missing("corpus", &dir);
        None
    }
}

/// The RFC v4 seed patch (`KAPI_SEED`, default `../shared/seed/000_785ae90bf4592062.txt`).
pub fn seed() -> Option<PathBuf> {
    let p = std::env::var_os("KAPI_SEED").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/000_785ae90bf4592062.txt")
    });
    if p.is_file() {
        Some(p)
    } else {
        missing("seed", &p);
        None
    }
}

fn missing(what: &str, p: &std::path::Path) {
    let msg = format!(
        "KAPI TEST DATA MISSING: the {what} is not at {}; set KAPI_CORPUS / KAPI_SEED. Tests that need it are SKIPPED.",
        p.display()
    );
    eprintln!("\n*** {msg} ***\n");
    if std::env::var_os("KAPI_REQUIRE_CORPUS").is_some() {
        panic!("{msg}");
    }
}

/// Every kerneldoc-format corpus file, relative to the corpus, sorted.
pub fn kerneldoc_files(corpus: &std::path::Path) -> Vec<String> {
    corpus_files(corpus, |first| first.contains("format=kerneldoc"))
}

/// Every macro-format corpus file (RFC v1, RFC v2), relative to the corpus, sorted.
pub fn macro_files(corpus: &std::path::Path) -> Vec<String> {
    corpus_files(corpus, |first| first.contains("format=macro"))
}

/// Every generated header of `derived/` (`<api>.apispec.h`), relative to the corpus, sorted.
pub fn apispec_headers(corpus: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(corpus.join("derived")).expect("corpus/derived readable").flatten() {
        for f in std::fs::read_dir(dir.path()).expect("readable").flatten() {
            let p = f.path();
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            if n.contains(".apispec") && n.ends_with(".h") {
                out.push(p.strip_prefix(corpus).expect("under corpus").to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

fn corpus_files(corpus: &std::path::Path, want: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(corpus).expect("corpus readable").flatten() {
        if !dir.path().is_dir() || dir.file_name() == "derived" {
            continue;
        }
        for f in std::fs::read_dir(dir.path()).expect("readable").flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "c") {
                let first = std::fs::read_to_string(&p).expect("utf-8").lines().next().unwrap_or("").to_string();
                if want(&first) {
                    out.push(p.strip_prefix(corpus).expect("under corpus").to_string_lossy().into_owned());
                }
            }
        }
    }
    out.sort();
    out
}

/// FNV-1a, for redacting prose in snapshots.
pub fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Replaces every JSON string of four words or more with its length and
/// hash. Snapshots then pin the exact text without copying upstream prose
/// into this repository.
pub fn redact(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) if s.split_whitespace().count() >= 4 => {
            *s = format!("<prose: {} chars, fnv {:016x}>", s.chars().count(), fnv(s));
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(redact),
        serde_json::Value::Object(o) => o.values_mut().for_each(redact),
        _ => {}
    }
}
