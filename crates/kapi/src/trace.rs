//! `kapi trace`: a program's system calls checked against the specs.

use crate::cli::{TraceArgs, TraceFormat};
use crate::EXIT_TOOL;
use std::collections::HashMap;
use std::io::Write;

/// The syscall numbers named by `-e trace=...`, or why one is unknown.
fn selection(exprs: &[String]) -> Result<Option<Vec<u32>>, String> {
    let mut out = Vec::new();
    let mut any = false;
    for e in exprs {
        let Some(list) = e.strip_prefix("trace=") else {
            return Err(format!("unknown expression `{e}` (expected trace=NAME,...)"));
        };
        any = true;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "all" {
                return Ok(None);
            }
            match kapi_model::tables::syscall(name) {
                Some(nr) => out.push(nr),
                None => return Err(format!("`{name}` is not an x86_64 system call")),
            }
        }
    }
    Ok(any.then_some(out))
}

/// Specs by syscall number, and the numbers `-e` selects.
pub type Selection = (HashMap<u32, kapi_model::Spec>, Vec<u32>);

/// The specs of the input by syscall number, and the numbers `-e` selects
/// (every spec by default); `Err` carries the exit code after a message.
pub fn load_specs(input: &crate::cli::InputArgs, expr: &[String]) -> anyhow::Result<Result<Selection, u8>> {
    let scan = match crate::show::load_input(input, &Default::default(), false)? {
        Ok(s) => s,
        Err(code) => return Ok(Err(code)),
    };
    let mut specs: HashMap<u32, kapi_model::Spec> = HashMap::new();
    for p in scan.specs {
        if let Some(nr) = p.spec.name.strip_prefix("sys_").and_then(kapi_model::tables::syscall) {
            specs.entry(nr).or_insert(p.spec);
        }
    }
    let traced = match selection(expr) {
        Ok(Some(v)) => v,
        Ok(None) => {
            let mut v: Vec<u32> = specs.keys().copied().collect();
            v.sort_unstable();
            v
        }
        Err(e) => {
            eprintln!("kapi: error: {e}");
            return Ok(Err(EXIT_TOOL));
        }
    };
    Ok(Ok((specs, traced)))
}

/// Where events go: `-o FILE` or standard error.
pub fn output(path: &Option<std::path::PathBuf>) -> Result<Box<dyn Write>, u8> {
    match path {
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Ok(Box::new(std::io::BufWriter::new(f))),
            Err(e) => {
                eprintln!("kapi: error: cannot write {}: {e}", p.display());
                Err(EXIT_TOOL)
            }
        },
        None => Ok(Box::new(std::io::stderr())),
    }
}

/// Runs `kapi trace`.
pub fn run(args: &TraceArgs) -> anyhow::Result<u8> {
    if args.pid.is_none() && args.command.is_empty() {
        eprintln!("kapi: error: give a command after `--`, or -p PID");
        return Ok(EXIT_TOOL);
    }
    let (specs, traced) = match load_specs(&args.input, &args.expr)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if args.bpf {
        return crate::watch::trace_command(args, specs, &traced);
    }
    let cfg = kapi_trace::Config { specs, traced };
    let mut out = match output(&args.output) {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    let mut summary = kapi_trace::render::Summary::default();
    let mut pids = std::collections::BTreeSet::new();
    let target = match args.pid {
        Some(p) => kapi_trace::Target::Attach(p),
        None => kapi_trace::Target::Command(args.command.clone()),
    };
    let mut on_event = |e: &kapi_trace::Event| {
        pids.insert(e.pid);
        if args.summary {
            summary.add(e);
            return;
        }
        let line = match args.format {
            TraceFormat::Text => kapi_trace::render::text(e, pids.len() > 1),
            TraceFormat::Json => kapi_trace::render::json(e),
        };
        let _ = out.write_all(line.as_bytes());
    };
    let status = match kapi_trace::trace(&target, &cfg, &mut on_event) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kapi: error: cannot trace: {e}");
            return Ok(EXIT_TOOL);
        }
    };
    if args.summary {
        let _ = out.write_all(summary.table().as_bytes());
    }
    let _ = out.flush();
    Ok(u8::try_from(status.clamp(0, 255)).unwrap_or(255))
}
