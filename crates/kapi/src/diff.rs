//! `kapi diff`: two versions of specs compared by meaning.

use crate::cli::{ConvertFrom, DiffArgs, DiffFormat, FailOn};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use kapi_diff::Level;
use kapi_model::{Diagnostic, Severity, Spec};
use std::io::Write;
use std::path::Path;

fn kind_name(k: ConvertFrom) -> &'static str {
    match k {
        ConvertFrom::Source => "source",
        ConvertFrom::Json => "a JSON export",
        ConvertFrom::Vmlinux => "a vmlinux",
        ConvertFrom::Debugfs => "a debugfs directory",
    }
}

/// Reads one side; `None` after printing why it cannot be read.
fn load(path: &Path, from: Option<ConvertFrom>, args: &DiffArgs) -> Option<(Vec<Spec>, Vec<Diagnostic>)> {
    match from.unwrap_or_else(|| crate::convert::detect(path)) {
        ConvertFrom::Source => match crate::progress::scan_path(path, &args.scan.options()) {
            Ok(scan) => Some((scan.specs.into_iter().map(|p| p.spec).collect(), scan.diags)),
            Err(e) => {
                eprintln!("kapi: error: {e}");
                None
            }
        },
        other => {
            let (specs, diags) = crate::convert::load(other, path)?;
            // Nothing read and an error: the input is not what it was taken for.
            if specs.is_empty() && diags.iter().any(|d| d.severity == Severity::Error) {
                for d in &diags {
                    eprintln!("{d}");
                }
                eprintln!("kapi: error: cannot read {} as {}", path.display(), kind_name(other));
                return None;
            }
            Some((specs, diags))
        }
    }
}

/// Prints the inputs' errors (warnings too unless quiet): a spec that did
/// not parse cleanly may make the comparison incomplete.
fn report_input(name: &str, specs: &[Spec], diags: &[Diagnostic], quiet: bool) {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    for d in diags {
        if d.severity == Severity::Error || !quiet {
            eprintln!("{d}");
        }
    }
    if errors > 0 {
        eprintln!("kapi: warning: {name}: {errors} errors in the input; the comparison may be incomplete");
    }
    if specs.is_empty() && !quiet {
        eprintln!("kapi: note: no specs in {name}");
    }
}

/// Runs `kapi diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<u8> {
    if args.rules {
        print!("{}", kapi_diff::render::rules_list());
        return Ok(EXIT_OK);
    }
    if let Some(id) = &args.explain {
        return Ok(match kapi_diff::rule(id) {
            Some(r) => {
                print!("{}", kapi_diff::render::explain(r));
                EXIT_OK
            }
            None => {
                eprintln!("kapi: error: no diff rule `{id}` (see kapi diff --rules)");
                EXIT_TOOL
            }
        });
    }
    let (old_name, old, new_name, new) = if let Some(range) = &args.git {
        if args.old_from.is_some() || args.new_from.is_some() {
            eprintln!("kapi: error: --old-from and --new-from do not apply to --git");
            return Ok(EXIT_TOOL);
        }
        let dir = std::env::current_dir()?;
        let read = |rev: &str| kapi_source::git::read_rev(&dir, rev, &args.paths);
        let sides = kapi_source::git::range(&dir, range).and_then(|(a, b)| Ok((read(&a)?, a, read(&b)?, b)));
        match sides {
            Ok((sa, a, sb, b)) => {
                let unpack = |s: kapi_source::Scan| (s.specs.into_iter().map(|p| p.spec).collect::<Vec<_>>(), s.diags);
                let ((old, od), (new, nd)) = (unpack(sa), unpack(sb));
                report_input(&a, &old, &od, args.quiet);
                report_input(&b, &new, &nd, args.quiet);
                (a, old, b, new)
            }
            Err(e) => {
                eprintln!("kapi: error: {e}");
                return Ok(EXIT_TOOL);
            }
        }
    } else {
        let [old_path, new_path] = args.paths.as_slice() else {
            eprintln!("kapi: error: kapi diff takes two inputs, OLD and NEW (or --git REV1..REV2 [PATH...])");
            return Ok(EXIT_TOOL);
        };
        let Some((old, od)) = load(old_path, args.old_from, args) else { return Ok(EXIT_TOOL) };
        let Some((new, nd)) = load(new_path, args.new_from, args) else { return Ok(EXIT_TOOL) };
        let (a, b) = (old_path.display().to_string(), new_path.display().to_string());
        report_input(&a, &old, &od, args.quiet);
        report_input(&b, &new, &nd, args.quiet);
        (a, old, b, new)
    };
    let report = kapi_diff::diff(&old_name, &old, &new_name, &new);
    let text = match args.format {
        DiffFormat::Text => kapi_diff::render::text(&report),
        DiffFormat::Json => kapi_diff::render::json(&report),
        DiffFormat::Markdown => kapi_diff::render::markdown(&report),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    let fail = match args.fail_on {
        FailOn::Breaking => Some(Level::Breaking),
        FailOn::Warning => Some(Level::Warning),
        FailOn::Info => Some(Level::Info),
        FailOn::Never => None,
    };
    Ok(match (fail, report.max_level()) {
        (Some(f), Some(m)) if m >= f => EXIT_FINDINGS,
        _ => EXIT_OK,
    })
}
