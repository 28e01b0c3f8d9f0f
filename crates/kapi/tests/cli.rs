//! End-to-end tests of the `kapi` binary.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn kapi() -> Command {
    Command::cargo_bin("kapi").expect("binary built")
}

#[test]
fn no_input_lists_the_bundled_specs() {
    // This machine has no /sys/kernel/debug/kapi, so the bundled specs are used.
    if std::path::Path::new("/sys/kernel/debug/kapi").exists() {
        eprintln!("skipped: a KAPI debugfs is mounted here");
        return;
    }
    kapi()
        .current_dir(std::env::temp_dir())
        .assert()
        .success()
        .stdout(predicate::str::contains("System Calls:\n-------------\n"))
        .stdout(predicate::str::contains("  sys_munlockall\n"))
        .stdout(predicate::str::ends_with(format!(
            "\nTotal specifications found: {}\n",
            kapi_source::bundled().specs.len()
        )));
}

#[test]
fn detail_view_shows_one_api() {
    kapi()
        .arg("sys_mlock2")
        .assert()
        .success()
        .stdout(predicate::str::contains("sys_mlock2 (syscall)"))
        .stdout(predicate::str::contains("mask(MLOCK_ONFAULT)").or(predicate::str::contains("MLOCK_ONFAULT")));
}

#[test]
fn unknown_api_lists_the_available_ones_and_exits_1() {
    kapi()
        .arg("sys_nope")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("API 'sys_nope' not found."))
        .stdout(predicate::str::contains("Available APIs:\n").and(predicate::str::contains("  sys_mlock (syscall)\n")));
    // Other formats print no list on stdout.
    kapi().args(["-f", "json", "sys_nope"]).assert().code(1).stdout("");
}

#[test]
fn two_inputs_are_a_usage_error() {
    kapi().args(["--source", ".", "--vmlinux", "x"]).assert().code(2);
    kapi().args(["--source", ".", "--debugfs"]).assert().code(2);
}

#[test]
fn formats_are_case_insensitive_and_checked() {
    kapi().args(["-f", "JSON"]).assert().success().stdout(predicate::str::starts_with("{\n  \"apis\": ["));
    kapi().args(["-f", "yaml"]).assert().code(2).stderr(predicate::str::contains("Unknown output format: yaml"));
}

#[test]
fn unreadable_binary_inputs_are_tool_errors() {
    kapi().args(["--vmlinux", "/nonexistent"]).assert().code(2).stderr(predicate::str::contains("/nonexistent"));
    kapi().args(["--debugfs", "/nonexistent"]).assert().code(2).stderr(predicate::str::contains("/nonexistent"));
}

#[test]
fn missing_source_is_a_tool_error() {
    kapi()
        .args(["--source", "/nonexistent/path"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/path"));
}

#[test]
fn json_output_validates_against_the_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_slice(&kapi().arg("schema").output().unwrap().stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut docs = vec![kapi().args(["-f", "json"]).output().unwrap().stdout];
    for api in ["sys_mlock", "sys_mlock2", "sys_munlock", "sys_mlockall", "sys_munlockall"] {
        docs.push(kapi().args(["-f", "json", api]).output().unwrap().stdout);
    }
    if let Some(corpus) = common::corpus() {
        for rel in common::kerneldoc_files(&corpus) {
            let stem = rel.rsplit('/').next().unwrap().trim_end_matches(".c").to_string();
            docs.push(
                kapi()
                    .args(["-f", "json", "-q", "--source"])
                    .arg(corpus.join(&rel))
                    .arg(&stem)
                    .output()
                    .unwrap()
                    .stdout,
            );
        }
    }
    for d in docs {
        let v: serde_json::Value = serde_json::from_slice(&d).expect("output is JSON");
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "schema violations: {errors:?}");
    }
}

#[test]
fn seed_patch_reads_as_given() {
    let Some(seed) = common::seed() else { return };
    let out = kapi().args(["-f", "json", "--source"]).arg(&seed).arg("sys_mlock").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["api_details"];
    assert_eq!(d["description"], "Lock pages in memory");
    assert_eq!(d["context_flags"], serde_json::json!(["KAPI_CTX_PROCESS", "KAPI_CTX_SLEEPABLE"]));
    assert_eq!(d["since_version"], "2.0");
    assert_eq!(d["parameters"][1]["max_value"], i64::MAX);
    assert_eq!(d["parameters"][1]["max_value_text"], "LONG_MAX");
    assert_eq!(d["signals"][0]["error_on_signal"], -4);
    assert_eq!(d["signals"][0]["errno_name"], "EINTR");
    assert_eq!(d["locks"][0]["lock_type"], 3);
    assert_eq!(d["target"]["file"], "mm/mlock.c");
    assert_eq!(d["errors"].as_array().unwrap().len(), 6);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("indentation-recovered"), "{stderr}");
    // -q keeps warnings quiet.
    kapi().args(["-q", "--source"]).arg(&seed).assert().success().stderr("");
}

#[test]
fn rst_builds_cleanly_with_docutils() {
    let Some(rst2html) = ["rst2html", "rst2html.py"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        assert!(std::env::var_os("KAPI_REQUIRE_TOOLS").is_none(), "rst2html (python3-docutils) is required");
        eprintln!("*** SKIPPED: rst2html (python3-docutils) is not installed ***");
        return;
    };
    let mut inputs: Vec<(Vec<String>, String)> = vec![(vec![], "list".into())];
    for api in ["sys_mlock", "sys_mlock2", "sys_munlock", "sys_mlockall", "sys_munlockall"] {
        inputs.push((vec![api.into()], api.into()));
    }
    if let Some(corpus) = common::corpus() {
        inputs.push((vec!["--source".into(), corpus.display().to_string()], "corpus list".into()));
        for rel in common::kerneldoc_files(&corpus) {
            let stem = rel.rsplit('/').next().unwrap().trim_end_matches(".c").to_string();
            inputs.push((vec!["--source".into(), corpus.join(&rel).display().to_string(), stem], rel));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for (args, label) in inputs {
        let out = kapi().args(["-q", "-f", "rst"]).args(&args).output().unwrap();
        assert!(out.status.success(), "{label}");
        let f = dir.path().join("doc.rst");
        std::fs::write(&f, &out.stdout).unwrap();
        let r = std::process::Command::new(rst2html)
            .args(["--halt=warning", "--report=warning", "--no-raw"])
            .arg(&f)
            .arg(dir.path().join("doc.html"))
            .output()
            .unwrap();
        assert!(
            r.status.success() && r.stderr.is_empty(),
            "{label}: docutils says:\n{}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
}

#[test]
fn shall_prints_one_requirement_per_fact() {
    let out = kapi().args(["-f", "shall", "sys_mlock2"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("- The flags parameter shall have no bits set outside MLOCK_ONFAULT (1)."), "{s}");
    assert!(s.contains("shall fail with EINVAL (-22)"), "{s}");
    assert!(s.lines().filter(|l| l.starts_with("- ")).count() >= 15);
}

#[test]
fn completions_and_man_page() {
    kapi().args(["completions", "bash"]).assert().success().stdout(predicate::str::contains("_kapi"));
    kapi().arg("man").assert().success().stdout(predicate::str::contains(".TH kapi"));
}

#[test]
fn corpus_tree_lists_every_spec() {
    let Some(corpus) = common::corpus() else { return };
    let out = kapi().args(["-q", "-f", "json", "--source"]).arg(&corpus).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = common::kerneldoc_files(&corpus).len()
        + common::macro_files(&corpus).len()
        + common::apispec_headers(&corpus).len();
    assert_eq!(v["apis"].as_array().unwrap().len(), files);
}

#[test]
fn published_schemas_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    for (which, file) in [
        ("show", "kapi-show.schema.json"),
        ("lint", "kapi-lint.schema.json"),
        ("test", "kapi-test.schema.json"),
        ("trace", "kapi-trace.schema.json"),
        ("diff", "kapi-diff.schema.json"),
    ] {
        let now = kapi().args(["schema", which]).output().unwrap().stdout;
        let published = std::fs::read(dir.join(file)).unwrap();
        assert!(now == published, "schemas/{file} is stale: run `kapi schema {which} > schemas/{file}`");
    }
}

#[test]
fn debugfs_tree_is_read_like_a_kernel_exposes_it() {
    let dir = tempfile::tempdir().unwrap();
    let scan = kapi_source::bundled();
    let specs: Vec<&kapi_model::Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    kapi_render::debugfs::write_tree(dir.path(), &specs).unwrap();
    let out = kapi().args(["-q", "-f", "json", "--debugfs"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["apis"].as_array().unwrap().len(), specs.len());
    kapi()
        .args(["--debugfs"])
        .arg(dir.path().join("kapi"))
        .arg("sys_mlock2")
        .assert()
        .success()
        .stdout(predicate::str::contains("EINVAL"));
    let out = kapi().args(["convert", "--to", "kerneldoc", "--from", "debugfs"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let back = kapi_syntax::parse_text("d.c", &String::from_utf8(out.stdout).unwrap());
    assert_eq!(back.specs.len(), specs.len());
    // Without --from, the directory is recognised by its content.
    let auto = kapi().args(["convert", "--to", "kerneldoc"]).arg(dir.path()).output().unwrap();
    assert!(auto.status.success(), "{}", String::from_utf8_lossy(&auto.stderr));
    assert_eq!(kapi_syntax::parse_text("d.c", &String::from_utf8(auto.stdout).unwrap()).specs.len(), specs.len());
    // kapi's own tree has a specs/ directory but is source, not debugfs.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    assert!(!kapi_source::debugfs::looks_like(&repo));
    assert!(kapi_source::debugfs::looks_like(dir.path()) && kapi_source::debugfs::looks_like(&dir.path().join("kapi")));
}

/// Runs `kapi ARGS` with stderr on a terminal (`script` gives it a pty) and
/// returns what the terminal showed.
fn on_a_tty(args: &str, env: &[(&str, &str)]) -> String {
    let kapi = assert_cmd::cargo::cargo_bin("kapi");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("'{}' {args} >/dev/null", kapi.display()), "/dev/null"]);
    cmd.env_remove("CI").env("TERM", "xterm").envs(env.iter().copied());
    let out = cmd.output().expect("script(1) from bsdutils");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn scan_progress_shows_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), "int a;\n").unwrap();
    let args = format!("--source '{}'", dir.path().display());
    // Shown once the scan outlasts the delay (0 here, 1 s by default).
    let tty = on_a_tty(&args, &[("KAPI_PROGRESS_DELAY_MS", "0")]);
    assert!(tty.contains("scanning: "), "{tty:?}");
    assert!(
        on_a_tty(&format!("lint {}", dir.path().display()), &[("KAPI_PROGRESS_DELAY_MS", "0")]).contains("scanning: ")
    );
    // A quick scan shows nothing; neither does CI, nor a pipe.
    assert!(!on_a_tty(&args, &[]).contains("scanning"));
    assert!(!on_a_tty(&args, &[("KAPI_PROGRESS_DELAY_MS", "0"), ("CI", "true")]).contains("scanning"));
    kapi()
        .args(["--source", &dir.path().display().to_string()])
        .env("KAPI_PROGRESS_DELAY_MS", "0")
        .assert()
        .success()
        .stderr("");
}
