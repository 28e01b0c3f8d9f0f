//! `kapi test` leaves nothing behind: the temp area, the locked memory
//! (`VmLck`) and the descriptor table of the process that ran the tests are
//! as they were, and every child is reaped.

/// The tests of this file fork; they must not run at the same time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn vm_lck() -> String {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status.lines().find(|l| l.starts_with("VmLck:")).unwrap_or("VmLck: ?").to_string()
}

fn fds() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .flatten()
        .map(|e| format!("{} -> {:?}", e.file_name().to_string_lossy(), std::fs::read_link(e.path()).ok()))
        .filter(|s| !s.contains("/proc/"))
        .collect();
    v.sort();
    v
}

fn temp_entries() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("kapi-test-{}-", std::process::id())))
        .collect();
    v.sort();
    v
}

#[test]
fn a_run_leaves_no_trace() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let scan = kapi_source::bundled();
    let specs: Vec<&kapi_model::Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    let (lck, fd, tmp) = (vm_lck(), fds(), temp_entries());
    let report = kapi_conform::test(&specs, &kapi_conform::Options::default(), |_, _| {}).expect("the run works");
    assert!(report.summary.passed > 0);
    assert_eq!(vm_lck(), lck, "locked memory changed");
    assert_eq!(fds(), fd, "the descriptor table changed");
    assert_eq!(temp_entries(), tmp, "a kapi-test directory was left behind");
    // Every child was reaped.
    let r = nix::sys::wait::waitpid(None, Some(nix::sys::wait::WaitPidFlag::WNOHANG));
    assert_eq!(r, Err(nix::errno::Errno::ECHILD), "a child is left");
}

#[test]
fn a_hanging_call_is_killed_after_the_timeout() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // pause() never returns: the case must end as a skip, quickly.
    let text = "/**\n * sys_pause - wait for a signal\n * contexts: process, sleepable\n * long-desc: Sleeps until a signal arrives.\n * return:\n *   type: int\n *   check-type: error_check\n * error: EINTR, a signal arrived\n *   desc: A handler ran.\n */\nSYSCALL_DEFINE0(pause)\n";
    let scan = kapi_source::scan_bytes("pause.c", text.as_bytes());
    let specs: Vec<&kapi_model::Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    let opts = kapi_conform::Options { jobs: 1, timeout: std::time::Duration::from_millis(300) };
    let t = std::time::Instant::now();
    let report = kapi_conform::test(&specs, &opts, |_, _| {}).expect("the run works");
    assert!(t.elapsed() < std::time::Duration::from_secs(3));
    let case = &report.specs[0].cases[0];
    assert_eq!(case.verdict, kapi_conform::report::Verdict::Skip, "{case:?}");
}
