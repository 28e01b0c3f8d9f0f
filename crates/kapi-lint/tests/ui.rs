//! UI tests in the style of rustc's: every file under `tests/ui` carries the
//! findings it must produce as `//~ rule-id` annotations at the end of the
//! offending line (`//~^ rule-id` for the line above). The annotations are
//! removed before linting, so columns are unchanged. Every rule is linted at
//! warn level, and the findings must match the annotations exactly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Rules that a UI file cannot show, each tested by a function below.
const NOT_IN_UI_FILES: &[(&str, &str)] = &[
    ("io-error", "needs an unreadable path: io_error_is_reported"),
    ("long-line", "needs a 16 KiB line: long_lines_are_reported"),
    ("vmlinux", "needs an ELF image: kapi-source's vmlinux tests and tests/vmlinux.rs"),
    ("debugfs", "needs a debugfs tree: kapi-source's tests/debugfs.rs"),
    ("json-input", "needs JSON input, not C: kapi-render's tests/json_read.rs"),
];

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui")
}

/// Strips annotations; returns the clean bytes and the expected (line, rule) pairs.
fn annotations(bytes: &[u8]) -> (Vec<u8>, BTreeSet<(u32, String)>) {
    let mut clean = Vec::with_capacity(bytes.len());
    let mut expected = BTreeSet::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            clean.push(b'\n');
        }
        let n = i as u32 + 1;
        match line.windows(3).position(|w| w == b"//~") {
            Some(p) => {
                let mut keep = &line[..p];
                while keep.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
                    keep = &keep[..keep.len() - 1];
                }
                clean.extend_from_slice(keep);
                let ann = String::from_utf8_lossy(&line[p + 3..]).to_string();
                let up = ann.chars().take_while(|c| *c == '^').count() as u32;
                for rule in ann[up as usize..].split_whitespace() {
                    expected.insert((n - up, rule.to_string()));
                }
            }
            None => clean.extend_from_slice(line),
        }
    }
    (clean, expected)
}

fn all_warn() -> kapi_lint::Config {
    let mut c = kapi_lint::Config::default();
    c.set("all", kapi_lint::Level::Warn).unwrap();
    c
}

fn ui_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(ui_dir()).unwrap().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

#[test]
fn ui_files_produce_exactly_their_annotations() {
    let mut failures = Vec::new();
    for path in ui_files() {
        let (clean, expected) = annotations(&std::fs::read(&path).unwrap());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let scan = kapi_source::scan_bytes(&name, &clean);
        let report = kapi_lint::lint(&scan, &all_warn());
        let actual: BTreeSet<(u32, String)> =
            report.findings.iter().map(|f| (f.diag.loc.line, f.diag.code.to_string())).collect();
        if actual != expected {
            let missing: Vec<_> = expected.difference(&actual).collect();
            let extra: Vec<_> = report
                .findings
                .iter()
                .filter(|f| !expected.contains(&(f.diag.loc.line, f.diag.code.to_string())))
                .map(|f| format!("{}:{} {} {}", f.diag.loc.line, f.diag.loc.col, f.diag.code, f.diag.message))
                .collect();
            failures.push(format!(
                "{name}:\n  expected but missing: {missing:?}\n  reported but not annotated: {extra:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_ui_test() {
    let mut covered = BTreeSet::new();
    for path in ui_files() {
        let (_, expected) = annotations(&std::fs::read(&path).unwrap());
        covered.extend(expected.into_iter().map(|(_, r)| r));
    }
    for (id, _) in NOT_IN_UI_FILES {
        covered.insert(id.to_string());
    }
    let missing: Vec<&str> = kapi_lint::RULES.iter().map(|r| r.id).filter(|id| !covered.contains(*id)).collect();
    assert!(missing.is_empty(), "rules without a UI test: {missing:?}");
    for c in &covered {
        assert!(kapi_lint::rules::rule(c).is_some(), "annotation names an unknown rule `{c}`");
    }
}

#[test]
fn a_clean_file_has_no_findings_at_any_level() {
    let name = "clean.c";
    let bytes = std::fs::read(ui_dir().join(name)).unwrap();
    let report = kapi_lint::lint(&kapi_source::scan_bytes(name, &bytes), &all_warn());
    assert!(report.findings.is_empty(), "{name}: {:#?}", report.findings);
}

#[test]
fn io_error_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("locked");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.c"), "int x;\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&sub).is_ok();
    let scan = kapi_source::scan_path(dir.path(), &Default::default()).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        eprintln!("skipped: running with permissions that read a mode-000 directory (root)");
        let scan = kapi_source::scan_bytes("x.c", b"");
        assert!(scan.diags.is_empty());
        // Root still gets io-error for a path that is not a file or directory.
        let dir2 = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir2.path().join("missing"), dir2.path().join("dangling.c")).unwrap();
        let scan = kapi_source::scan_path(dir2.path(), &Default::default()).unwrap();
        let report = kapi_lint::lint(&scan, &kapi_lint::Config::default());
        assert!(report.findings.iter().any(|f| f.diag.code == "io-error"), "{:#?}", report.findings);
        return;
    }
    let report = kapi_lint::lint(&scan, &kapi_lint::Config::default());
    assert!(report.findings.iter().any(|f| f.diag.code == "io-error"), "{:#?}", report.findings);
}

#[test]
fn long_lines_are_reported() {
    let text = format!(
        "/**\n * sys_x - x\n * contexts: process\n * long-desc: {}\n */\nSYSCALL_DEFINE0(x)\n",
        "y".repeat(20_000)
    );
    let report = kapi_lint::lint(&kapi_source::scan_bytes("long.c", text.as_bytes()), &all_warn());
    let f = report.findings.iter().find(|f| f.diag.code == "long-line").expect("reported");
    assert_eq!(f.diag.loc.line, 4);
}
