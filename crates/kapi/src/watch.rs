//! `kapi watch` and `kapi trace --bpf`: the eBPF backend.

use crate::cli::{TraceArgs, TraceFormat, WatchArgs};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TOOL};
use kapi_watch::{Filter, Watch};
use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

/// The specs `-e` keeps.
fn selected(mut specs: HashMap<u32, kapi_model::Spec>, traced: &[u32]) -> HashMap<u32, kapi_model::Spec> {
    specs.retain(|nr, _| traced.contains(nr));
    specs
}

/// Prints events as `kapi trace` does, or counts them for `-c`.
struct Printer {
    out: Box<dyn Write>,
    format: TraceFormat,
    summary: bool,
    events: u64,
}

impl Printer {
    fn event(&mut self, e: &kapi_trace::Event) {
        self.events += 1;
        if self.summary {
            return;
        }
        let line = match self.format {
            TraceFormat::Text => kapi_trace::render::text(e, true),
            TraceFormat::Json => kapi_trace::render::json(e),
        };
        let _ = self.out.write_all(line.as_bytes());
    }

    fn finish(&mut self, watch: &Watch, specs: &HashMap<u32, kapi_model::Spec>) {
        let stats = watch.stats();
        if self.summary {
            let _ = self.out.write_all(kapi_watch::summary_table(&stats, specs).as_bytes());
        }
        let _ = self.out.flush();
        if stats.dropped > 0 {
            eprintln!(
                "kapi: {} suspect calls were lost: the ring buffer was full (they are counted in -c's table)",
                stats.dropped
            );
        }
    }
}

/// Says how the watch is attached when that costs more than it should, and what it skips.
fn notes(watch: &Watch) {
    if let kapi_watch::Backend::Tracepoint(why) = watch.backend() {
        eprintln!(
            "kapi: note: the kernel refuses fentry/fexit programs ({why}); checking on the raw syscall \
             tracepoints instead, which every system call passes"
        );
    }
    for s in watch.skipped() {
        eprintln!("kapi: note: not checked: {s}");
    }
}

/// Runs `kapi watch`.
pub fn run(args: &WatchArgs) -> anyhow::Result<u8> {
    let (specs, traced) = match crate::trace::load_specs(&args.input, &args.expr)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let specs = selected(specs, &traced);
    let filter = if !args.pid.is_empty() {
        Filter::Pids(args.pid.clone())
    } else if let Some(c) = &args.cgroup {
        Filter::Cgroup(c.clone())
    } else if let Some(c) = &args.comm {
        Filter::Comm(c.clone())
    } else {
        Filter::All
    };
    let out = match crate::trace::output(&args.output) {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    kapi_trace::install_stop_handlers();
    let mut watch = match Watch::start_with(&specs, &filter, args.buffer_size) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("kapi: error: {e}");
            return Ok(EXIT_TOOL);
        }
    };
    notes(&watch);
    eprintln!("kapi: watching {} specified system calls; SIGINT stops", specs.len());
    let mut p = Printer { out, format: args.format, summary: args.summary, events: 0 };
    let end = args.duration.map(|s| Instant::now() + Duration::from_secs_f64(s.max(0.0)));
    while !kapi_trace::stop_requested() && end.is_none_or(|t| Instant::now() < t) {
        let left = end.map_or(Duration::from_millis(200), |t| t.saturating_duration_since(Instant::now()));
        watch.poll(left.min(Duration::from_millis(200)), &mut |e| p.event(e))?;
        let _ = p.out.flush();
    }
    watch.drain(&mut |e| p.event(e));
    p.finish(&watch, &specs);
    Ok(if p.events > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

/// `kapi trace --bpf -- CMD`: the command starts only once the watch is
/// attached, so its first call is already checked; kapi exits with its status.
pub fn trace_command(args: &TraceArgs, specs: HashMap<u32, kapi_model::Spec>, traced: &[u32]) -> anyhow::Result<u8> {
    use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
    use nix::unistd::{fork, ForkResult};
    use std::ffi::CString;
    let specs = selected(specs, traced);
    let out = match crate::trace::output(&args.output) {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    let argv: Vec<CString> = match args.command.iter().map(|a| CString::new(a.as_bytes())).collect() {
        Ok(v) => v,
        Err(_) => {
            eprintln!("kapi: error: the command holds a NUL byte");
            return Ok(EXIT_TOOL);
        }
    };
    let failed = format!("kapi: error: cannot run {}\n", args.command[0]);
    let (gate_r, gate_w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    // The child waits at the gate until the watch is attached, then execs.
    // SAFETY: the child only calls async-signal-safe functions before exec.
    let child = match unsafe { fork() }? {
        ForkResult::Child => {
            let mut b = [0u8; 1];
            let _ = nix::unistd::read(std::os::fd::AsRawFd::as_raw_fd(&gate_r), &mut b);
            let _ = nix::unistd::execvp(&argv[0], &argv);
            // SAFETY: plain writes and _exit after a failed exec.
            unsafe {
                libc::write(2, failed.as_ptr().cast(), failed.len());
                libc::_exit(127);
            }
        }
        ForkResult::Parent { child } => child,
    };
    drop(gate_r);
    let mut watch = match Watch::start(&specs, &Filter::Pids(vec![child.as_raw() as u32])) {
        Ok(w) => w,
        Err(e) => {
            let _ = nix::sys::signal::kill(child, nix::sys::signal::Signal::SIGKILL);
            let _ = waitpid(child, None);
            eprintln!("kapi: error: {e}");
            return Ok(EXIT_TOOL);
        }
    };
    kapi_trace::install_stop_handlers();
    // The child holds a copy of the write end too, so it waits for a byte, not for EOF.
    let _ = nix::unistd::write(&gate_w, b"g");
    drop(gate_w);
    let mut p = Printer { out, format: args.format, summary: args.summary, events: 0 };
    let status = loop {
        watch.poll(Duration::from_millis(50), &mut |e| p.event(e))?;
        let _ = p.out.flush();
        let flags = if kapi_trace::stop_requested() { None } else { Some(WaitPidFlag::WNOHANG) };
        match waitpid(child, flags) {
            Ok(WaitStatus::Exited(_, c)) => break u8::try_from(c.clamp(0, 255)).unwrap_or(255),
            Ok(WaitStatus::Signaled(_, sig, _)) => break u8::try_from((128 + sig as i32).clamp(0, 255)).unwrap_or(255),
            Ok(_) => {}
            Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    };
    watch.drain(&mut |e| p.event(e));
    p.finish(&watch, &specs);
    Ok(status)
}
