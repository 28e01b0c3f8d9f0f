//! The default mode: list specs, or show one.

use crate::cli::ShowArgs;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use kapi_model::{Diagnostic, Severity, Spec};
use kapi_render::Format;
use kapi_source::Scan;
use std::io::Write;
use std::path::Path;

/// Where the default input is looked for.
pub const DEBUGFS_KAPI: &str = "/sys/kernel/debug/kapi";

fn print_diags(diags: &[&Diagnostic], quiet: bool) {
    let stderr = std::io::stderr();
    let mut e = stderr.lock();
    for d in diags {
        if quiet && d.severity != Severity::Error {
            continue;
        }
        let _ = writeln!(e, "{d}");
        if let Some(h) = &d.help {
            let _ = writeln!(e, "  help: {h}");
        }
    }
}

/// A scan made of specs read from a binary or debugfs.
pub fn scan_of(specs: Vec<Spec>, diags: Vec<Diagnostic>) -> Scan {
    Scan {
        specs: specs
            .into_iter()
            .map(|spec| kapi_syntax::ParsedSpec {
                spec,
                marks: Default::default(),
                lost_indent: false,
                nodes: Vec::new(),
                lines: Vec::new(),
                span: None,
            })
            .collect(),
        diags,
        files: 1,
        patch_maps: Vec::new(),
    }
}

/// Reads a debugfs mount (or its `kapi/` directory); a missing path is a tool error.
pub fn read_debugfs(p: &Path) -> Result<Scan, u8> {
    if let Err(e) = std::fs::metadata(p) {
        eprintln!("kapi: error: {}: {e}", p.display());
        return Err(EXIT_TOOL);
    }
    let r = kapi_source::debugfs::read_dir(p);
    Ok(scan_of(r.specs, r.diags))
}

fn load(args: &ShowArgs) -> anyhow::Result<Result<Scan, u8>> {
    load_input(&args.input, &args.scan.options(), true)
}

/// Reads the chosen input; without one, debugfs when `debugfs_default` and
/// /sys/kernel/debug/kapi exists, else the bundled specs.
pub fn load_input(
    input: &crate::cli::InputArgs,
    opts: &kapi_source::ScanOptions,
    debugfs_default: bool,
) -> anyhow::Result<Result<Scan, u8>> {
    if let Some(p) = &input.vmlinux {
        return Ok(match std::fs::read(p) {
            Ok(bytes) => {
                let r = kapi_source::vmlinux::read(&p.display().to_string(), &bytes);
                Ok(scan_of(r.specs, r.diags))
            }
            Err(e) => {
                eprintln!("kapi: error: {}: {e}", p.display());
                Err(EXIT_TOOL)
            }
        });
    }
    if let Some(p) = &input.debugfs {
        return Ok(read_debugfs(p));
    }
    if let Some(p) = &input.source {
        return match crate::progress::scan_path(p, opts) {
            Ok(s) => Ok(Ok(s)),
            Err(e) => {
                eprintln!("kapi: error: {e}");
                Ok(Err(EXIT_TOOL))
            }
        };
    }
    if debugfs_default && Path::new(DEBUGFS_KAPI).is_dir() {
        return Ok(read_debugfs(Path::new(DEBUGFS_KAPI)));
    }
    Ok(Ok(kapi_source::bundled()))
}

/// Runs the show mode.
pub fn run(args: &ShowArgs) -> anyhow::Result<u8> {
    let scan = match load(args)? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let specs: Vec<&Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    let mut out = std::io::stdout().lock();
    match &args.api_name {
        None => {
            let diags: Vec<&Diagnostic> = scan.diags.iter().collect();
            print_diags(&diags, args.quiet);
            out.write_all(kapi_render::list(args.format, &specs).as_bytes())?;
            Ok(if diags.iter().any(|d| d.severity == Severity::Error) { EXIT_FINDINGS } else { EXIT_OK })
        }
        Some(name) => match specs.iter().find(|s| &s.name == name) {
            Some(spec) => {
                let diags: Vec<&Diagnostic> = scan
                    .diags
                    .iter()
                    .filter(|d| {
                        d.file == spec.origin.file
                            && (!d.loc.is_known()
                                || (spec.origin.loc.line..=spec.origin.end.line + 12).contains(&d.loc.line))
                    })
                    .collect();
                print_diags(&diags, args.quiet);
                out.write_all(kapi_render::detail(args.format, spec).as_bytes())?;
                Ok(if diags.iter().any(|d| d.severity == Severity::Error) { EXIT_FINDINGS } else { EXIT_OK })
            }
            None => {
                eprintln!("API '{name}' not found.");
                if args.format == Format::Plain {
                    writeln!(out, "\nAvailable APIs:")?;
                    for s in &specs {
                        writeln!(out, "  {} ({})", s.name, s.api_kind().as_str())?;
                    }
                }
                Ok(EXIT_FINDINGS)
            }
        },
    }
}
