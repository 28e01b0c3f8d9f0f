//! `kapi test`: generated conformance tests against the running kernel.

use crate::cli::{TestArgs, TestFormat};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use kapi_model::{Severity, Spec};
use std::io::Write;

/// Runs `kapi test`.
pub fn run(args: &TestArgs) -> anyhow::Result<u8> {
    let scan = match crate::show::load_input(&args.input, &Default::default(), false)? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    for d in scan.diags.iter().filter(|d| d.severity == Severity::Error) {
        eprintln!("{d}");
    }
    let mut specs: Vec<&Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    if !args.apis.is_empty() {
        let want = |s: &Spec| args.apis.iter().any(|a| *a == s.name || s.name.strip_prefix("sys_") == Some(a.as_str()));
        let missing: Vec<&String> = args
            .apis
            .iter()
            .filter(|a| !specs.iter().any(|s| s.name == **a || s.name.strip_prefix("sys_") == Some(a.as_str())))
            .collect();
        if !missing.is_empty() {
            eprintln!("kapi: error: no spec for {}", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "));
            return Ok(EXIT_TOOL);
        }
        specs.retain(|s| want(s));
    }
    if specs.is_empty() {
        eprintln!("kapi: error: no specs to test");
        return Ok(EXIT_TOOL);
    }
    let opts =
        kapi_conform::Options { jobs: args.jobs.max(1), timeout: std::time::Duration::from_secs(args.timeout.max(1)) };
    let bar = crate::progress::enabled().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} cases {wide_bar} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let report = match kapi_conform::test(&specs, &opts, |done, total| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    }) {
        Ok(r) => r,
        Err(e) => {
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            eprintln!("kapi: error: cannot run the tests: {e}");
            return Ok(EXIT_TOOL);
        }
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        TestFormat::Tap => out.write_all(kapi_conform::report::tap(&report).as_bytes())?,
        TestFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    if args.coverage {
        let total = kapi_model::tables::SYSCALLS.len();
        let specced: std::collections::BTreeSet<&str> = scan
            .specs
            .iter()
            .filter_map(|p| p.spec.name.strip_prefix("sys_"))
            .filter(|n| kapi_model::tables::syscall(n).is_some())
            .collect();
        let s = &report.summary;
        let share =
            if s.documented_errors == 0 { 0.0 } else { 100.0 * s.observed_errors as f64 / s.documented_errors as f64 };
        eprintln!(
            "coverage: {} of {} x86_64 syscalls have a spec ({:.1}%); {} of {} documented errors observed ({share:.1}%)",
            specced.len(),
            total,
            100.0 * specced.len() as f64 / total as f64,
            s.observed_errors,
            s.documented_errors
        );
    }
    Ok(if report.summary.failed > 0 { EXIT_FINDINGS } else { EXIT_OK })
}
