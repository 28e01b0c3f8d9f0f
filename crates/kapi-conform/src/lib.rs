//! Conformance tests generated from specs and run against the live kernel
//! (`kapi test`).
//!
//! [`plan`] derives cases from a spec (its valid call, its params' types and
//! constraints, its capabilities, and a small trigger library keyed by the
//! errors it documents); [`run`] runs each case as a raw system call in a
//! forked child, in a private directory, with a timeout; [`report`] judges
//! the outcomes and prints TAP 13 or JSON. docs/kapi-test.md is the user's
//! view of all three.

pub mod fixture;
pub mod plan;
pub mod report;
pub mod run;

use kapi_model::Spec;
use std::time::Duration;

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Children in flight at once.
    pub jobs: usize,
    /// Time a case may take.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options { jobs: 4, timeout: Duration::from_secs(2) }
    }
}

/// `uname -srm`.
pub fn kernel() -> String {
    let u = nix::sys::utsname::uname();
    match u {
        Ok(u) => format!(
            "{} {} {}",
            u.sysname().to_string_lossy(),
            u.release().to_string_lossy(),
            u.machine().to_string_lossy()
        ),
        Err(_) => "unknown".into(),
    }
}

/// The spec's capabilities that this process does not hold.
pub fn missing_caps(spec: &Spec) -> Vec<String> {
    spec.capabilities
        .iter()
        .filter(|c| match c.cap.parse::<caps::Capability>() {
            Ok(cap) => !caps::has_cap(None, caps::CapSet::Effective, cap).unwrap_or(false),
            Err(_) => false,
        })
        .map(|c| c.cap.clone())
        .collect()
}

/// Plans and runs the specs; `progress` hears of each finished case.
pub fn test(
    specs: &[&Spec],
    opts: &Options,
    mut progress: impl FnMut(usize, usize),
) -> std::io::Result<report::Report> {
    let mut planned: Vec<(usize, Vec<plan::Case>)> = Vec::new();
    let mut reports: Vec<Option<report::SpecReport>> = vec![None; specs.len()];
    for (i, s) in specs.iter().enumerate() {
        match plan::plan(s) {
            Ok(c) => planned.push((i, c)),
            Err(n) => reports[i] = Some(report::skipped(&n, s)),
        }
    }
    let all: Vec<plan::Case> = planned.iter().flat_map(|(_, c)| c.iter().cloned()).collect();
    let total = all.len();
    let mut outcomes: Vec<Option<run::Outcome>> = vec![None; total];
    let work = run::Workdir::new()?;
    let mut finished = 0;
    run::run_all(&all, &work, opts.jobs, opts.timeout, |i, o| {
        outcomes[i] = Some(o);
        finished += 1;
        progress(finished, total);
    })?;
    drop(work);
    let mut at = 0;
    for (i, cases) in &planned {
        let outs: Vec<run::Outcome> =
            outcomes[at..at + cases.len()].iter().map(|o| o.clone().unwrap_or(run::Outcome::TimedOut)).collect();
        at += cases.len();
        reports[*i] = Some(report::spec_report(specs[*i], cases, &outs, &missing_caps(specs[*i])));
    }
    let specs_out: Vec<report::SpecReport> = reports.into_iter().flatten().collect();
    let summary = report::summarize(&specs_out);
    Ok(report::Report {
        version: 1,
        kernel: kernel(),
        root: nix::unistd::geteuid().is_root(),
        specs: specs_out,
        summary,
    })
}
