//! `kapi convert`: specs from any input, in any dialect, to kerneldoc, the
//! generated C header, or JSON.

use crate::cli::{ConvertArgs, ConvertFrom, ConvertTo};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use kapi_model::{Diagnostic, Severity, Spec};
use std::io::{Read, Write};
use std::path::Path;

/// How to read an input when not told: by its content (a `.json` name, ELF
/// magic, a debugfs `kapi` directory), else as source.
pub fn detect(path: &Path) -> ConvertFrom {
    if path.is_dir() {
        return if kapi_source::debugfs::looks_like(path) { ConvertFrom::Debugfs } else { ConvertFrom::Source };
    }
    if path.extension().is_some_and(|e| e == "json") {
        return ConvertFrom::Json;
    }
    let mut magic = [0u8; 4];
    let elf = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"\x7fELF";
    if elf {
        ConvertFrom::Vmlinux
    } else {
        ConvertFrom::Source
    }
}

/// Reads the input as `from` says; errors are printed, `None` means failure.
pub fn load(from: ConvertFrom, input: &Path) -> Option<(Vec<Spec>, Vec<Diagnostic>)> {
    let name = input.display().to_string();
    match from {
        ConvertFrom::Source => match kapi_source::scan_path(input, &kapi_source::ScanOptions::default()) {
            Ok(scan) => Some((scan.specs.into_iter().map(|p| p.spec).collect(), scan.diags)),
            Err(e) => {
                eprintln!("kapi: error: {e}");
                None
            }
        },
        ConvertFrom::Vmlinux => match std::fs::read(input) {
            Ok(bytes) => {
                let r = kapi_source::vmlinux::read(&name, &bytes);
                Some((r.specs, r.diags))
            }
            Err(e) => {
                eprintln!("kapi: error: {name}: {e}");
                None
            }
        },
        ConvertFrom::Json => {
            let text = match std::fs::read_to_string(input) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("kapi: error: {name}: {e}");
                    return None;
                }
            };
            match kapi_render::json_read::read_report(&name, &text) {
                Ok(r) => Some((r.specs, r.warnings)),
                Err(d) => {
                    eprintln!("{d}");
                    None
                }
            }
        }
        ConvertFrom::Debugfs => crate::show::read_debugfs(input).ok().map(|s| {
            let diags = s.diags;
            (s.specs.into_iter().map(|p| p.spec).collect(), diags)
        }),
    }
}

/// Runs `kapi convert`.
pub fn run(args: &ConvertArgs) -> anyhow::Result<u8> {
    let from = args.from.unwrap_or_else(|| detect(&args.input));
    let Some((mut specs, diags)) = load(from, &args.input) else { return Ok(EXIT_TOOL) };
    for d in &diags {
        if d.severity == Severity::Error {
            eprintln!("{d}");
        }
    }
    if let Some(api) = &args.api {
        specs.retain(|s| &s.name == api);
        if specs.is_empty() {
            eprintln!("kapi: API '{api}' not found in {}", args.input.display());
            return Ok(EXIT_FINDINGS);
        }
    }
    if specs.is_empty() {
        eprintln!("kapi: no specs in {}", args.input.display());
        return Ok(EXIT_FINDINGS);
    }
    let mut text = String::new();
    match args.to {
        ConvertTo::Kerneldoc => {
            for (i, s) in specs.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                let w = kapi_syntax::write::kerneldoc_with_definition(s);
                for d in &w.diags {
                    eprintln!("{}: {d}", s.name);
                }
                text.push_str(&w.text);
            }
        }
        ConvertTo::ApispecH => {
            let refs: Vec<&Spec> = specs.iter().collect();
            text = kapi_render::apispec::header(&refs);
        }
        ConvertTo::Json => {
            if let [one] = specs.as_slice() {
                text = kapi_render::json::detail(one);
            } else {
                let all: Vec<serde_json::Value> = specs
                    .iter()
                    .map(|s| serde_json::from_str(&kapi_render::json::detail(s)).expect("kapi's JSON parses"))
                    .collect();
                text = serde_json::to_string_pretty(&all)?;
                text.push('\n');
            }
        }
    }
    match &args.output {
        Some(p) => {
            if let Err(e) = std::fs::write(p, text) {
                eprintln!("kapi: error: cannot write {}: {e}", p.display());
                return Ok(EXIT_TOOL);
            }
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(if diags.iter().any(|d| d.severity == Severity::Error) { EXIT_FINDINGS } else { EXIT_OK })
}
