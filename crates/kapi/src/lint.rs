//! `kapi lint`.

use crate::cli::{ColorChoice, LintArgs};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use kapi_lint::output::{self, Format, Sources};
use kapi_lint::{baseline::Baseline, Config, Level, RULES};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

fn fail(msg: impl std::fmt::Display) -> anyhow::Result<u8> {
    eprintln!("kapi lint: error: {msg}");
    Ok(EXIT_TOOL)
}

fn config(args: &LintArgs, first: &std::path::Path) -> Result<Config, String> {
    let mut c = match (&args.config, args.no_config) {
        (Some(p), _) => Config::load(p)?,
        (None, true) => Config::default(),
        (None, false) => match Config::discover(first) {
            Some(p) => Config::load(&p)?,
            None => Config::default(),
        },
    };
    for (ids, level) in [(&args.allow, Level::Allow), (&args.warn, Level::Warn), (&args.deny, Level::Deny)] {
        for id in ids {
            c.set(id, level)?;
        }
    }
    Ok(c)
}

/// Runs `kapi lint`.
pub fn run(args: &LintArgs) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    if args.rules {
        let w = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in RULES {
            writeln!(out, "{:<w$}  {:<5}  {}", r.id, r.default.as_str(), r.summary)?;
        }
        return Ok(EXIT_OK);
    }
    if let Some(id) = &args.explain {
        return match kapi_lint::rules::rule(id) {
            Some(r) => {
                write!(out, "{}", r.page())?;
                Ok(EXIT_OK)
            }
            None => {
                let hint = kapi_syntax::keys::suggest(id, RULES.iter().map(|r| r.id))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                fail(format!("unknown rule `{id}`{hint}"))
            }
        };
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let config = match config(args, &paths[0]) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let opts = args.scan.options();
    let mut scan = kapi_source::Scan::default();
    for p in &paths {
        match crate::progress::scan_path(p, &opts) {
            Ok(s) => scan.extend(s),
            Err(e) => return fail(e),
        }
    }
    let mut report = kapi_lint::lint(&scan, &config);
    let sources = Sources::default();
    let line_text = |f: &kapi_lint::Finding| sources.text_of(f);
    if let Some(path) = &args.write_baseline {
        let b = Baseline::from_report(&report, &line_text);
        if let Err(e) = std::fs::write(path, b.to_json()) {
            return fail(format!("{}: {e}", path.display()));
        }
        eprintln!("kapi lint: wrote {} finding(s) to {}", b.findings.len(), path.display());
        return Ok(EXIT_OK);
    }
    if let Some(path) = &args.baseline {
        let b = match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| Baseline::from_json(&t)) {
            Ok(b) => b,
            Err(e) => return fail(format!("{}: {e}", path.display())),
        };
        b.apply(&mut report, &line_text);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let text = match args.format {
        Format::Text => output::text(&report, &sources, color),
        Format::Json => output::json(&report),
        Format::Sarif => output::sarif(&report, &sources),
        Format::Github => output::github(&report),
    };
    out.write_all(text.as_bytes())?;
    Ok(if report.failed() { EXIT_FINDINGS } else { EXIT_OK })
}
