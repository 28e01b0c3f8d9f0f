//! `kapi fmt` and `kapi convert` end to end.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn kapi() -> Command {
    Command::cargo_bin("kapi").unwrap()
}

fn specs_of(path: &std::path::Path) -> Vec<kapi_model::Spec> {
    let bytes = std::fs::read(path).unwrap();
    kapi_source::scan_bytes(&path.display().to_string(), &bytes).specs.into_iter().map(|p| p.spec).collect()
}

/// The text after the spec comment: what fmt must never touch.
fn code_after_comment(text: &str) -> &str {
    let end = text.rfind("*/").expect("a comment");
    &text[end + 2..]
}

#[test]
fn bundled_specs_are_canonical() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    kapi().arg("fmt").arg("--check").arg(&specs).assert().success().stdout("");
}

#[test]
fn fmt_check_shows_a_diff_and_changes_nothing() {
    let Some(corpus) = common::corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mlock.c");
    std::fs::copy(corpus.join("rfc-v4/sys_mlock.c"), &file).unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    kapi()
        .arg("fmt")
        .arg("--check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("@@").and(predicate::str::contains("+ *   type: uint")))
        .stderr(predicate::str::contains("would be reformatted"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn fmt_rewrites_in_place_keeps_the_spec_and_the_code_and_is_idempotent() {
    let Some(corpus) = common::corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    for rel in common::kerneldoc_files(&corpus) {
        let file = dir.path().join(rel.replace('/', "_"));
        std::fs::copy(corpus.join(&rel), &file).unwrap();
    }
    let originals: Vec<(std::path::PathBuf, String)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    let before: Vec<Vec<kapi_model::Spec>> = originals.iter().map(|(p, _)| specs_of(p)).collect();
    kapi().arg("fmt").arg(dir.path()).assert().success();
    for ((path, old), specs) in originals.iter().zip(&before) {
        let new = std::fs::read_to_string(path).unwrap();
        assert_eq!(code_after_comment(old), code_after_comment(&new), "{}: code changed", path.display());
        let after = specs_of(path);
        assert_eq!(after.len(), specs.len());
        for (a, b) in specs.iter().zip(&after) {
            assert_eq!(kapi_model::normalized(a), kapi_model::normalized(b), "{}: spec changed", path.display());
            assert_eq!(
                b.dialect,
                Some(kapi_model::Dialect::ShortToken),
                "{}: not in the newest dialect",
                path.display()
            );
        }
    }
    kapi().arg("fmt").arg("--check").arg(dir.path()).assert().success().stdout("");
}

#[test]
fn fmt_keeps_the_indentation_of_an_indented_comment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.c");
    let text =
        "int a;\n\t/**\n\t * sys_x - X\n\t * contexts: process\n\t * long-desc: Does x\n\t */\nSYSCALL_DEFINE0(x)\n";
    std::fs::write(&file, text).unwrap();
    kapi().arg("fmt").arg(&file).assert().success();
    let new = std::fs::read_to_string(&file).unwrap();
    assert!(new.starts_with("int a;\n\t/**\n\t * sys_x - X\n"), "{new}");
    assert!(new.ends_with("\t */\nSYSCALL_DEFINE0(x)\n"), "{new}");
}

#[test]
fn fmt_leaves_a_spec_with_errors_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.c");
    let text = "/**\n * sys_x - X\n * contexts: process\n * param: a\n *   constraint-type: mask(A | (B)\n */\nSYSCALL_DEFINE1(x, int, a)\n";
    std::fs::write(&file, text).unwrap();
    kapi().arg("fmt").arg(&file).assert().success().stderr(predicate::str::contains("not formatted"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn convert_macro_spec_to_kerneldoc_reads_back_the_same() {
    let Some(corpus) = common::corpus() else { return };
    let src = corpus.join("rfc-v2/sys_mlock.c");
    let out = kapi().args(["convert", "--to", "kerneldoc"]).arg(&src).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(" * capability: CAP_IPC_LOCK\n"), "{text}");
    let back = kapi_syntax::parse_text("converted.c", &text);
    assert_eq!(back.specs.len(), 1);
    let orig = specs_of(&src);
    assert_eq!(kapi_model::normalized(&orig[0]), kapi_model::normalized(&back.specs[0].spec));
    assert_eq!(back.specs[0].spec.dialect, Some(kapi_model::Dialect::ShortToken));
}

#[test]
fn convert_to_json_and_errors() {
    let out = kapi().args(["convert", "--to", "json", "--api", "sys_mlock2"]).arg("../../specs").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["api_details"]["name"], "sys_mlock2");
    let out = kapi().args(["convert", "--to", "json"]).arg("../../specs").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(kapi_source::bundled().specs.len()));
    kapi().args(["convert", "--to", "kerneldoc", "/nonexistent"]).assert().code(2);
    kapi().args(["convert", "--to", "kerneldoc", "--api", "sys_nope"]).arg("../../specs").assert().code(1);
}

#[test]
fn convert_from_json_export_back_to_kerneldoc() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("specs.json");
    kapi().args(["convert", "--to", "json", "-o"]).arg(&json).arg("../../specs").assert().success();
    let out = kapi().args(["convert", "--to", "kerneldoc"]).arg(&json).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back = kapi_syntax::parse_text("from-json.c", &String::from_utf8(out.stdout).unwrap());
    let orig = kapi_source::bundled();
    assert_eq!(back.specs.len(), orig.specs.len());
    for (a, b) in orig.specs.iter().zip(&back.specs) {
        assert_eq!(a.spec.name, b.spec.name);
        let names = |s: &kapi_model::Spec| s.errors.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a.spec), names(&b.spec));
        assert_eq!(a.spec.params.len(), b.spec.params.len());
    }
    kapi().args(["convert", "--to", "kerneldoc", "--from", "json"]).arg("../../specs/mm/mlock.c").assert().code(2);
}
