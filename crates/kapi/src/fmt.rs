//! `kapi fmt`: rewrite spec comments in the canonical dialect.

use crate::cli::FmtArgs;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use std::io::Write;
use std::path::PathBuf;

/// Runs `kapi fmt`.
pub fn run(args: &FmtArgs) -> anyhow::Result<u8> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut files = Vec::new();
    for p in &paths {
        match kapi_source::source_files(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                eprintln!("kapi: error: {e}");
                return Ok(EXIT_TOOL);
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut would_change, mut rewritten, mut failed) = (0usize, 0usize, false);
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("kapi: error: {}: {e}", f.display());
                failed = true;
                continue;
            }
        };
        // Only valid UTF-8 is rewritten: replacing bytes would change the file.
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let name = f.display().to_string();
        let r = kapi_syntax::write::format_text(&name, text);
        for d in &r.skipped {
            eprintln!("{d}");
        }
        if r.text == text {
            continue;
        }
        would_change += 1;
        if args.check {
            let diff = similar::TextDiff::from_lines(text, &r.text);
            write!(out, "{}", diff.unified_diff().context_radius(3).header(&name, &name))?;
        } else {
            match std::fs::write(f, &r.text) {
                Ok(()) => rewritten += 1,
                Err(e) => {
                    eprintln!("kapi: error: cannot write {name}: {e}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        return Ok(EXIT_TOOL);
    }
    if args.check {
        if would_change > 0 {
            eprintln!("kapi fmt: {would_change} file(s) would be reformatted");
            return Ok(EXIT_FINDINGS);
        }
    } else if rewritten > 0 {
        eprintln!("kapi fmt: reformatted {rewritten} file(s)");
    }
    Ok(EXIT_OK)
}
