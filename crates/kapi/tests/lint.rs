//! End-to-end tests of `kapi lint`.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn kapi() -> Command {
    Command::cargo_bin("kapi").expect("binary built")
}

fn repo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn seed_reports_promotions_since_version_and_recovery() {
    let Some(seed) = common::seed() else { return };
    let out = kapi().args(["lint", "-f", "json", "--no-config"]).arg(&seed).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let at = |rule: &str| -> Vec<u64> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["line"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(at("kerneldoc-promotion"), [37, 43, 84]);
    assert_eq!(at("since-version"), [69]);
    assert_eq!(at("indentation-recovered"), [35]);
    let promo = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kerneldoc-promotion" && f["line"] == 84)
        .unwrap();
    assert_eq!(promo["target"]["file"], "mm/mlock.c");
    assert_eq!(promo["target"]["line"], 719);
    assert!(promo["help"].as_str().unwrap().contains("errno:"));
}

#[test]
fn bundled_specs_lint_clean() {
    kapi()
        .arg("lint")
        .arg(repo().join("specs"))
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("no findings in {} spec(s)", kapi_source::bundled().specs.len())));
}

#[test]
fn text_output_looks_like_rustc() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.c");
    std::fs::write(&f, "/**\n * sys_x - x\n * contexts: process\n * long-desc: y\n * side-efect: alloc_memory\n */\nSYSCALL_DEFINE0(x)\n").unwrap();
    let out = kapi().args(["lint", "--no-config", "--color", "never"]).arg(&f).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("warning[unknown-key]: unknown key `side-efect:`"), "{s}");
    assert!(s.contains(&format!("--> {}:5:4", f.display())), "{s}");
    assert!(s.contains("5 |  * side-efect: alloc_memory"), "{s}");
    assert!(s.contains("   -----------"), "{s}");
    assert!(s.contains("= help: did you mean `side-effect:`?"), "{s}");
    assert!(!s.contains('\u{1b}'), "no colour on a pipe");
    let colored = kapi().args(["lint", "--no-config", "--color", "always"]).arg(&f).output().unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains('\u{1b}'));
    // Warnings alone do not fail the run.
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn levels_from_the_command_line_and_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.c");
    std::fs::write(
        &f,
        "/**\n * sys_x - x\n * contexts: process\n * long-desc: y\n * since-version: 1.0\n */\nSYSCALL_DEFINE0(x)\n",
    )
    .unwrap();
    kapi().args(["lint", "--no-config"]).arg(&f).assert().code(0).stdout(predicate::str::contains("since-version"));
    kapi().args(["lint", "--no-config", "--deny", "since-version"]).arg(&f).assert().code(1);
    kapi()
        .args(["lint", "--no-config", "--allow", "all"])
        .arg(&f)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
    std::fs::write(dir.path().join(".kapi-lint.toml"), "[rules]\nsince-version = \"deny\"\n").unwrap();
    kapi().arg("lint").arg(&f).assert().code(1);
    kapi().args(["lint", "--warn", "since-version"]).arg(&f).assert().code(0);
    kapi()
        .args(["lint", "--deny", "since-versoin"])
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `since-version`?"));
    std::fs::write(dir.path().join(".kapi-lint.toml"), "[rules]\nsince-version = \"sometimes\"\n").unwrap();
    kapi().arg("lint").arg(&f).assert().code(2);
}

#[test]
fn baselines_accept_old_findings_only() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.c");
    let spec =
        "/**\n * sys_x - x\n * contexts: process\n * long-desc: y\n * error: ENOPE, Made up\n */\nSYSCALL_DEFINE0(x)\n";
    std::fs::write(&f, spec).unwrap();
    let base = dir.path().join("baseline.json");
    kapi().args(["lint", "--no-config"]).arg(&f).assert().code(1);
    kapi().args(["lint", "--no-config", "--write-baseline"]).arg(&base).arg(&f).assert().code(0);
    kapi()
        .args(["lint", "--no-config", "--baseline"])
        .arg(&base)
        .arg(&f)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("accepted by the baseline"));
    // Moving the finding to another line keeps it accepted; a new one fails.
    std::fs::write(
        &f,
        spec.replace(" * long-desc: y\n", " * long-desc: y\n *\n *\n")
            .replace(" * error: ENOPE", " * error: EALSO, New\n * error: ENOPE"),
    )
    .unwrap();
    let out = kapi().args(["lint", "--no-config", "-f", "json", "--baseline"]).arg(&base).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert!(rules[0].contains("EALSO"));
}

#[test]
fn rules_and_explain() {
    let out = kapi().args(["lint", "--rules"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(s.lines().count(), kapi_lint::RULES.len());
    assert!(s.lines().any(|l| l.starts_with("kerneldoc-promotion") && l.contains("deny")));
    kapi().args(["lint", "--explain", "kerneldoc-promotion"]).assert().success().stdout(
        predicate::str::contains("Bad:").and(predicate::str::contains("Good:")).and(predicate::str::contains("cdesc:")),
    );
    kapi()
        .args(["lint", "--explain", "kerneldoc-promo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `kerneldoc-promotion`?"));
}

#[test]
fn missing_paths_are_tool_errors() {
    kapi().args(["lint", "/nonexistent/kapi"]).assert().code(2);
    kapi().args(["lint", "-f", "yaml", "."]).assert().code(2);
}

#[test]
fn json_output_validates_against_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_slice(&kapi().args(["schema", "lint"]).output().unwrap().stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let mut inputs = vec![repo().join("specs")];
    if let Some(seed) = common::seed() {
        inputs.push(seed);
    }
    if let Some(corpus) = common::corpus() {
        inputs.push(corpus);
    }
    for input in inputs {
        let out = kapi().args(["lint", "--no-config", "-f", "json"]).arg(&input).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", input.display());
    }
}

#[test]
fn sarif_output_validates_against_sarif_2_1_0() {
    let Some(schema_path) = std::env::var_os("KAPI_SARIF_SCHEMA") else {
        assert!(
            std::env::var_os("KAPI_REQUIRE_TOOLS").is_none(),
            "KAPI_SARIF_SCHEMA must point to the SARIF 2.1.0 schema"
        );
        eprintln!("*** SKIPPED: set KAPI_SARIF_SCHEMA to the SARIF 2.1.0 JSON schema (.ci/run fetches it) ***");
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let mut inputs = vec![repo().join("specs")];
    if let Some(seed) = common::seed() {
        inputs.push(seed);
    }
    if let Some(corpus) = common::corpus() {
        inputs.push(corpus);
    }
    for input in inputs {
        let out = kapi().args(["lint", "--no-config", "-f", "sarif"]).arg(&input).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let errors: Vec<String> =
            validator.iter_errors(&v).take(5).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", input.display());
    }
}

#[test]
fn github_annotations() {
    let Some(seed) = common::seed() else { return };
    let out = kapi().args(["lint", "--no-config", "-f", "github"]).arg(&seed).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ")), "{s}");
    assert!(s.contains(",line=84,col=5,endColumn=11,title=kapi kerneldoc-promotion::"), "{s}");
}

#[test]
fn corpus_findings_are_stable() {
    let Some(corpus) = common::corpus() else { return };
    let out = kapi().args(["lint", "--no-config", "-f", "json"]).arg(&corpus).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let base = corpus.display().to_string();
    let mut lines: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["file"].as_str().unwrap().trim_start_matches(&base).trim_start_matches('/'),
                f["line"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    lines.sort();
    insta::assert_snapshot!("corpus_lint_findings", lines.join("\n"));
}
