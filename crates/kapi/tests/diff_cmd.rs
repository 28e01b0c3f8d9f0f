//! `kapi diff`: the corpus history held as snapshots, the dialect switch,
//! every input kind, exit codes, formats and `--git` on a throwaway repo.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn kapi() -> Command {
    Command::cargo_bin("kapi").expect("binary built")
}

const HISTORY: [&str; 5] = ["rfc-v5", "v1", "v2", "v3", "v4"];
const SYSCALLS: [&str; 4] = ["sys_open", "sys_close", "sys_read", "sys_write"];

/// Runs `kapi diff` in the corpus with relative paths, so reports are stable.
fn diff_in(corpus: &Path, args: &[&str]) -> (i32, String) {
    let out = kapi().current_dir(corpus).arg("diff").args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn corpus_history_reports() {
    let Some(corpus) = common::corpus() else { return };
    for name in SYSCALLS {
        for pair in HISTORY.windows(2) {
            let (old, new) = (format!("{}/{name}.c", pair[0]), format!("{}/{name}.c", pair[1]));
            let (code, text) = diff_in(&corpus, &["-q", &old, &new]);
            let report = format!("exit {code}\n{text}");
            insta::assert_snapshot!(format!("diff_{name}_{}_{}", pair[0], pair[1]), report);
        }
    }
}

/// The findings of one comparison as JSON.
fn json_findings(corpus: &Path, old: &str, new: &str) -> Vec<serde_json::Value> {
    let out =
        kapi().current_dir(corpus).args(["diff", "-q", "-f", "json", "--fail-on", "never", old, new]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn the_v3_dialect_switch_gives_nothing_but_real_changes() {
    let Some(corpus) = common::corpus() else { return };
    for name in SYSCALLS {
        let (old, new) = (format!("v2/{name}.c"), format!("v3/{name}.c"));
        for f in json_findings(&corpus, &old, &new) {
            let rule = f["rule"].as_str().unwrap();
            let subject = f["subject"].as_str().unwrap();
            match rule {
                // Prose that really differs between the postings.
                "text-changed" => {
                    let (a, b) = (&f["old"]["value"], &f["new"]["value"]);
                    assert_ne!(a, b, "{name}: text-changed with equal sides: {f}");
                }
                // v3 dropped CAP_FOWNER from write and added CAP_FSETID: both in the text.
                "capability-bypass-removed" | "capability-relaxed" => {
                    let cap = subject.strip_prefix("capability ").unwrap();
                    let text = |p: &str| std::fs::read_to_string(corpus.join(p)).unwrap();
                    assert_ne!(
                        text(&old).contains(cap),
                        text(&new).contains(cap),
                        "{name}: {cap} is in both or neither"
                    );
                }
                _ => panic!("{name}: unexpected finding across the dialect switch: {f}"),
            }
        }
    }
}

#[test]
fn every_corpus_spec_equals_itself_in_the_newest_dialect() {
    let Some(corpus) = common::corpus() else { return };
    let files: Vec<String> = common::kerneldoc_files(&corpus).into_iter().chain(common::macro_files(&corpus)).collect();
    assert!(files.len() > 60, "expected the corpus files, found {}", files.len());
    for rel in files {
        let bytes = std::fs::read(corpus.join(&rel)).unwrap();
        let old: Vec<kapi_model::Spec> =
            kapi_source::scan_bytes(&rel, &bytes).specs.into_iter().map(|p| p.spec).collect();
        let text: String = old.iter().map(|s| kapi_syntax::write::kerneldoc_with_definition(s).text + "\n").collect();
        let new: Vec<kapi_model::Spec> =
            kapi_syntax::parse_text("rewritten.c", &text).specs.into_iter().map(|p| p.spec).collect();
        let report = kapi_diff::diff(&rel, &old, "rewritten.c", &new);
        assert!(
            report.findings.is_empty(),
            "{rel}: a dialect change gave findings:\n{}",
            kapi_diff::render::text(&report)
        );
    }
}

#[test]
fn json_export_and_patch_sides() {
    let Some(corpus) = common::corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("mlock.json");
    kapi().args(["convert", "--to", "json", "-o"]).arg(&json).arg(corpus.join("rfc-v4/sys_mlock.c")).assert().success();
    kapi()
        .current_dir(&corpus)
        .args(["diff", "rfc-v4/sys_mlock.c"])
        .arg(&json)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 breaking changes, 0 warnings, 0 info"));
    // A JSON export under another name is read as JSON when told so.
    let renamed = dir.path().join("mlock.txt");
    std::fs::copy(&json, &renamed).unwrap();
    kapi()
        .current_dir(&corpus)
        .args(["diff", "--new-from", "json", "rfc-v4/sys_mlock.c"])
        .arg(&renamed)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 breaking changes, 0 warnings, 0 info"));
    // The RFC v4 seed patch is the same spec as the corpus block.
    if let Some(seed) = common::seed() {
        kapi()
            .args(["diff", "-f", "json"])
            .arg(&seed)
            .arg(corpus.join("rfc-v4/sys_mlock.c"))
            .assert()
            .code(0)
            .stdout(predicate::str::contains("\"breaking\": 0"));
    }
}

#[test]
fn debugfs_and_vmlinux_sides_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let scan = kapi_source::bundled();
    let specs: Vec<&kapi_model::Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    kapi_render::debugfs::write_tree(&dir.path().join("debug"), &specs).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    // The bundled specs against what debugfs shows of them: what the kernel's text loses is
    // never a breaking change or a warning, only "no longer specified".
    let out = kapi().args(["diff", "-q", "-f", "json"]).arg(&src).arg(dir.path().join("debug")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["old_apis"], v["new_apis"], "{v}");
    assert!(v["new"].as_str().unwrap().ends_with("debug"));
    kapi().args(["diff", "--new-from", "vmlinux"]).arg(&src).arg(src.join("README.md")).assert().code(2);
}

#[test]
fn exit_codes_follow_fail_on() {
    let Some(corpus) = common::corpus() else { return };
    let args = |extra: &[&str]| {
        let mut v = vec!["diff", "-q"];
        v.extend_from_slice(extra);
        v.extend_from_slice(&["rfc-v5/sys_read.c", "v1/sys_read.c"]);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    // rfc-v5 -> v1 read: warnings (new errnos, an undecidable constraint), nothing breaking.
    kapi().current_dir(&corpus).args(args(&[])).assert().code(0);
    kapi().current_dir(&corpus).args(args(&["--fail-on", "warning"])).assert().code(1);
    kapi().current_dir(&corpus).args(args(&["--fail-on", "never"])).assert().code(0);
    kapi().current_dir(&corpus).args(["diff", "v2/sys_write.c", "v3/sys_write.c"]).assert().code(1);
    kapi().current_dir(&corpus).args(["diff", "v3/sys_open.c", "v4/sys_open.c", "--fail-on", "info"]).assert().code(0);
    kapi().args(["diff", "only-one.c"]).assert().code(2).stderr(predicate::str::contains("OLD and NEW"));
    kapi()
        .args(["diff", "/nonexistent/a.c", "/nonexistent/b.c"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/a.c"));
    kapi().args(["diff", "--fail-on", "sometimes", "a", "b"]).assert().code(2);
}

#[test]
fn rules_and_explain() {
    let out = kapi().args(["diff", "--rules"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for r in kapi_diff::RULES {
        assert!(text.contains(r.id), "--rules misses {}", r.id);
        kapi()
            .args(["diff", "--explain", r.id])
            .assert()
            .success()
            .stdout(predicate::str::contains(r.why.split_whitespace().next().unwrap()))
            .stdout(predicate::str::contains(r.level.as_str()));
    }
    kapi().args(["diff", "--explain", "no-such-rule"]).assert().code(2).stderr(predicate::str::contains("--rules"));
}

#[test]
fn json_output_follows_its_schema_and_markdown_is_a_table() {
    let Some(corpus) = common::corpus() else { return };
    let out = kapi().current_dir(&corpus).args(["diff", "-q", "-f", "json", "rfc-v1", "rfc-v2"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&kapi_diff::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let n = v["findings"].as_array().unwrap().len();
    let s = &v["summary"];
    assert_eq!(
        n as u64,
        s["breaking"].as_u64().unwrap() + s["warning"].as_u64().unwrap() + s["info"].as_u64().unwrap()
    );
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["decided"] == false));
    let md = kapi()
        .current_dir(&corpus)
        .args(["diff", "-q", "-f", "markdown", "v2/sys_write.c", "v3/sys_write.c"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("### ❌ kapi diff: 1 breaking change"), "{md}");
    assert!(md.contains("| `capability-bypass-removed` | `sys_write` |"), "{md}");
    assert!(md.contains("<details><summary>Information"), "{md}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=kapi", "-c", "user.email=kapi@example.invalid", "-c", "init.defaultBranch=main"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn git_revisions_are_read_without_touching_the_work_tree() {
    let Some(corpus) = common::corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir_all(repo.join("fs")).unwrap();
    let v3 = std::fs::read_to_string(corpus.join("v3/sys_open.c")).unwrap();
    std::fs::write(repo.join("fs/open.c"), &v3).unwrap();
    std::fs::write(repo.join("README"), "not C\n").unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "v3"]);
    // The next commit narrows the flags mask (no more O_TMPFILE) and adds an errno.
    let narrowed = v3.replacen("O_CLOEXEC | O_PATH | O_TMPFILE)", "O_CLOEXEC | O_PATH)", 1);
    assert_ne!(narrowed, v3);
    let narrowed =
        narrowed.replacen(" * error: ", " * error: ENOSYS, Not implemented\n *   desc: Never.\n *\n * error: ", 1);
    std::fs::write(repo.join("fs/open.c"), &narrowed).unwrap();
    git(repo, &["commit", "-q", "-am", "narrow"]);
    git(repo, &["checkout", "-q", "-b", "side", "HEAD~1"]);
    git(repo, &["checkout", "-q", "main"]);
    // An uncommitted change that must not be read, and must survive.
    std::fs::write(repo.join("fs/open.c"), "/* work in progress */\n").unwrap();
    let status = git(repo, &["status", "--porcelain"]);

    let out = kapi().current_dir(repo).args(["diff", "--git", "HEAD~1..HEAD"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("breaking[input-narrowed]: sys_open: param flags: mask bits 0x400000 no longer accepted"),
        "{text}"
    );
    assert!(text.contains("(HEAD~1:fs/open.c:"), "{text}");
    assert!(text.contains("warning[errno-added]: sys_open: error ENOSYS"), "{text}");
    assert_eq!(git(repo, &["status", "--porcelain"]), status, "the work tree changed");
    assert_eq!(std::fs::read_to_string(repo.join("fs/open.c")).unwrap(), "/* work in progress */\n");

    // `A..` means A..HEAD; pathspecs limit the files; A...B starts at the merge base.
    kapi().current_dir(repo).args(["diff", "--git", "HEAD~1.."]).assert().code(1);
    kapi().current_dir(repo).args(["diff", "--git", "HEAD~1..HEAD", "README"]).assert().code(0);
    kapi().current_dir(repo.join("fs")).args(["diff", "--git", "HEAD~1..HEAD", "open.c"]).assert().code(1);
    kapi().current_dir(repo).args(["diff", "--git", "side...main"]).assert().code(1);
    kapi().current_dir(repo).args(["diff", "--git", "main...side"]).assert().code(0);
    kapi()
        .current_dir(repo)
        .args(["diff", "--git", "HEAD~1..nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a commit in this repository: nope"));
    kapi()
        .current_dir(repo)
        .args(["diff", "--git", "HEAD"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("REV1..REV2"));
    kapi()
        .current_dir(repo)
        .args(["diff", "--git", "HEAD~1..HEAD", "--old-from", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("do not apply to --git"));
    kapi().current_dir(dir.path().parent().unwrap()).args(["diff", "--git", "HEAD~1..HEAD"]).assert().code(2);
}
