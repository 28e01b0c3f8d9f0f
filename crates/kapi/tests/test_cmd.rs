//! `kapi test` end to end.

use assert_cmd::Command;
use predicates::prelude::*;

fn kapi() -> Command {
    Command::cargo_bin("kapi").unwrap()
}

#[test]
fn bundled_specs_pass_on_this_kernel() {
    let out = kapi().arg("test").output().unwrap();
    let tap = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{tap}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(tap.starts_with("TAP version 13\n"), "{tap}");
    let plan: usize = tap.lines().find_map(|l| l.strip_prefix("1..")).and_then(|n| n.parse().ok()).unwrap();
    let points = tap.lines().filter(|l| l.starts_with("ok ") || l.starts_with("not ok ")).count();
    assert_eq!(plan, points);
    assert!(!tap.contains("\nnot ok "), "{tap}");
    let last = tap.lines().last().unwrap();
    assert!(last.starts_with("# ") && last.ends_with(" skipped"), "{last}");
}

#[test]
fn json_report_matches_its_schema() {
    let out = kapi().args(["test", "-f", "json", "sys_mlock2"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&String::from_utf8(kapi().args(["schema", "test"]).output().unwrap().stdout).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(v["specs"][0]["api"], "sys_mlock2");
    let errs = v["specs"][0]["errors"].as_array().unwrap();
    let state = |n: &str| errs.iter().find(|e| e["name"] == n).map(|e| e["state"].clone());
    assert_eq!(state("EINVAL"), Some("observed".into()));
    assert_eq!(state("EPERM"), Some("observed".into()));
    assert_eq!(state("ENOMEM"), Some("observed".into()));
}

#[test]
fn a_wrong_spec_is_contradicted_and_fails() {
    // mlock2 with a mask that forbids MLOCK_ONFAULT: the kernel accepts it.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("wrong.c");
    std::fs::write(
        &f,
        "/**\n * sys_mlock2 - m\n * contexts: process\n * param: start\n *   type: uint, input\n * param: len\n *   type: uint, input\n * param: flags\n *   type: uint, input\n *   constraint-type: mask(0)\n * return:\n *   type: int\n *   check-type: exact\n *   success: 0\n * error: EINVAL, bad\n *   desc: bad\n * examples: mlock2(buf, PAGE_SIZE, 0);\n */\nSYSCALL_DEFINE3(mlock2, unsigned long, start, size_t, len, int, flags)\n",
    )
    .unwrap();
    kapi()
        .args(["test", "--source"])
        .arg(&f)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not ok").and(predicate::str::contains("contradiction")));
}

#[test]
fn unknown_api_and_unreadable_source_are_tool_errors() {
    kapi().args(["test", "sys_nope"]).assert().code(2).stderr(predicate::str::contains("sys_nope"));
    kapi().args(["test", "--source", "/nonexistent"]).assert().code(2);
}

#[test]
fn coverage_is_reported() {
    kapi().args(["test", "--coverage", "sys_mlock"]).assert().success().stderr(
        predicate::str::contains("x86_64 syscalls have a spec")
            .and(predicate::str::contains("documented errors observed")),
    );
}

/// As root, the same run as an unprivileged user (uid/gid 65534) passes too.
#[test]
fn works_as_an_unprivileged_user() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("not root: this run already is unprivileged");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("kapi");
    // The binary must be reachable by uid 65534; copy it to a world-readable place.
    let dir = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let copy = dir.path().join("kapi");
    std::fs::copy(&bin, &copy).unwrap();
    let mut cmd = std::process::Command::new(&copy);
    cmd.arg("test").env("TMPDIR", "/tmp");
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let tap = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{tap}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(!tap.contains("\nnot ok "), "{tap}");
}
