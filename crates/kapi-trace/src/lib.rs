//! `kapi trace`: a live program's system calls, checked against KAPI specs
//! from user space, on any kernel.
//!
//! A command is started under `ptrace` with a seccomp-bpf filter that stops
//! it only on the traced system calls (every other call runs at native
//! speed); `-p PID` attaches to a running process and its threads with
//! `PTRACE_SYSCALL` instead (a filter cannot be added to a running process).
//! Forks, vforks, clones, threads and execs are followed. At each traced
//! call's entry the arguments are checked (strings are read with
//! `process_vm_readv`), at its exit the return value; each finished call is
//! one [`Event`].
//!
//! The tracee is not changed: signals are passed on, group stops are kept
//! (`PTRACE_LISTEN`), and kapi's exit status is the tracee's (128 + signal
//! when it was killed). On SIGINT or SIGTERM, kapi detaches from attached
//! processes; a started command keeps running unobserved to its end, because
//! its seccomp filter cannot be removed and would make the traced calls fail
//! with `ENOSYS` without a tracer.

pub mod render;
pub mod sys;

use kapi_model::Spec;
use nix::sys::ptrace;
use nix::sys::signal::Signal;
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;
use std::collections::HashMap;
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, Ordering};

/// What to trace.
#[derive(Debug)]
pub enum Target {
    /// Start this command (`argv[0]` is looked up in `PATH`).
    Command(Vec<String>),
    /// Attach to this process and all its threads.
    Attach(i32),
}

/// The traced calls and their specs.
#[derive(Debug, Default)]
pub struct Config {
    /// Specs by x86_64 syscall number.
    pub specs: HashMap<u32, Spec>,
    /// The numbers to trace (with or without a spec).
    pub traced: Vec<u32>,
}

/// One finished (or interrupted) system call.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct Event {
    /// The thread that made it.
    pub pid: i32,
    /// The syscall's name (`sys_read`).
    pub syscall: String,
    /// The x86_64 number.
    pub nr: u32,
    /// The arguments by parameter name, rendered (`3`, `0x7ffd...`, `"/etc/passwd"`).
    pub args: Vec<(String, String)>,
    /// The raw argument registers.
    pub raw_args: [u64; 6],
    /// The return value; `None` when the process ended inside the call.
    pub ret: Option<i64>,
    /// The errno name of a failed call.
    pub errno: Option<String>,
    /// Whether the call matched its spec (`None` without a spec).
    pub spec_match: Option<bool>,
    /// Broken parameter constraints, and a return value the spec does not allow.
    pub violations: Vec<String>,
    /// An errno the spec does not list.
    pub undocumented_errno: Option<String>,
}

/// Set by SIGINT/SIGTERM: stop observing.
static DETACH: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    DETACH.store(true, Ordering::SeqCst);
}

/// Makes SIGINT and SIGTERM ask the observer to stop (see [`stop_requested`])
/// instead of killing kapi; clears an earlier request.
pub fn install_stop_handlers() {
    DETACH.store(false, Ordering::SeqCst);
    let action = nix::sys::signal::SigAction::new(
        nix::sys::signal::SigHandler::Handler(on_stop_signal),
        nix::sys::signal::SaFlags::empty(),
        nix::sys::signal::SigSet::empty(),
    );
    for s in [Signal::SIGINT, Signal::SIGTERM] {
        // SAFETY: the handler only stores to an atomic.
        let _ = unsafe { nix::sys::signal::sigaction(s, &action) };
    }
}

/// Whether SIGINT or SIGTERM arrived since [`install_stop_handlers`].
pub fn stop_requested() -> bool {
    DETACH.load(Ordering::SeqCst)
}

#[derive(Default)]
struct Proc {
    /// The call in flight: its number, arguments and entry checks.
    entry: Option<Pending>,
}

struct Pending {
    nr: u32,
    args: [u64; 6],
    rendered: Vec<(String, String)>,
    violations: Vec<kapi_check::Violation>,
    /// The call replaced the program (`execve`): it did not return.
    execd: bool,
}

/// A tracing session.
struct Tracer<'a> {
    cfg: &'a Config,
    procs: HashMap<Pid, Proc>,
    seccomp: bool,
    main: Option<Pid>,
    main_status: Option<i32>,
    quiet: bool,
    on_event: &'a mut dyn FnMut(&Event),
}

fn opts(seccomp: bool) -> ptrace::Options {
    let mut o = ptrace::Options::PTRACE_O_TRACESYSGOOD
        | ptrace::Options::PTRACE_O_TRACEEXEC
        | ptrace::Options::PTRACE_O_TRACEFORK
        | ptrace::Options::PTRACE_O_TRACEVFORK
        | ptrace::Options::PTRACE_O_TRACECLONE;
    if seccomp {
        o |= ptrace::Options::PTRACE_O_TRACESECCOMP;
    }
    o
}

/// The errno name of an error return (`ENOENT`, or `errno N` for a number without a name).
pub fn errno_name(ret: i64) -> Option<String> {
    (-4095..0).contains(&ret).then(|| {
        kapi_model::tables::errno_name((-ret) as i32).map_or_else(|| format!("errno {}", -ret), str::to_string)
    })
}

/// A call's name in events and tables: its spec's, else `sys_` and the x86_64 name.
pub fn syscall_label(spec: Option<&Spec>, nr: u32) -> String {
    spec.map(|s| s.name.clone())
        .unwrap_or_else(|| format!("sys_{}", kapi_model::tables::syscall_name(nr).unwrap_or("unknown")))
}

/// The event of one finished call: the entry checks' violations plus what
/// the spec says of `checked`, the return to judge (`None` when the call did
/// not return, or replaced the program); `ret` is the return as seen.
#[allow(clippy::too_many_arguments)]
pub fn finished_call(
    spec: Option<&Spec>,
    pid: i32,
    nr: u32,
    raw_args: [u64; 6],
    args: Vec<(String, String)>,
    entry: &[kapi_check::Violation],
    ret: Option<i64>,
    checked: Option<i64>,
) -> Event {
    let name = syscall_label(spec, nr);
    let mut violations: Vec<String> = entry.iter().map(|v| v.message.clone()).collect();
    let mut undocumented = None;
    let mut spec_match = None;
    if let Some(s) = spec {
        match checked {
            Some(r) => {
                let rc = kapi_check::check_return(s, r);
                spec_match = Some(kapi_check::spec_match(s, entry, &rc));
                if let Some(v) = rc.violation {
                    violations.push(v);
                }
                undocumented = rc
                    .undocumented_errno
                    .map(|e| kapi_model::tables::errno_name(e).map_or_else(|| format!("errno {e}"), str::to_string));
            }
            None => spec_match = Some(!kapi_check::rejects(s, entry)),
        }
    }
    Event {
        pid,
        syscall: name,
        nr,
        args,
        raw_args,
        ret,
        errno: ret.and_then(errno_name),
        spec_match,
        violations,
        undocumented_errno: undocumented,
    }
}

impl Tracer<'_> {
    fn resume(&mut self, pid: Pid, sig: Option<Signal>) {
        let in_call = self.procs.get(&pid).is_some_and(|p| p.entry.is_some());
        let r = if in_call || !self.seccomp { ptrace::syscall(pid, sig) } else { ptrace::cont(pid, sig) };
        // ESRCH: the tracee died meanwhile; its exit is reported by waitpid.
        let _ = r;
    }

    fn entry(&mut self, pid: Pid, nr: u64, args: [u64; 6]) {
        let nr = nr as u32;
        if !self.cfg.traced.contains(&nr) {
            return;
        }
        let mem = sys::TraceeMemory::new(pid);
        let spec = self.cfg.specs.get(&nr);
        let rendered = render::args(spec, &args, &mem);
        let violations = spec.map(|s| kapi_check::check_call(s, &args, &mem)).unwrap_or_default();
        self.procs.entry(pid).or_default().entry = Some(Pending { nr, args, rendered, violations, execd: false });
    }

    fn exit(&mut self, pid: Pid, ret: Option<i64>) {
        let Some(p) = self.procs.get_mut(&pid).and_then(|p| p.entry.take()) else { return };
        if self.quiet {
            return;
        }
        let spec = self.cfg.specs.get(&p.nr);
        let checked = ret.filter(|_| !p.execd);
        let ev = finished_call(spec, pid.as_raw(), p.nr, p.args, p.rendered, &p.violations, ret, checked);
        (self.on_event)(&ev);
    }

    fn gone(&mut self, pid: Pid, status: i32) {
        self.exit(pid, None);
        self.procs.remove(&pid);
        if Some(pid) == self.main {
            self.main_status = Some(status);
        }
    }

    fn run(&mut self) -> std::io::Result<i32> {
        let mut detached = false;
        loop {
            if DETACH.load(Ordering::SeqCst) && !detached {
                detached = true;
                if self.seccomp {
                    // The filter stays: keep serving it, silently.
                    self.quiet = true;
                } else {
                    self.detach_all();
                    return Ok(0);
                }
            }
            let st = match waitpid(None, Some(WaitPidFlag::__WALL)) {
                Ok(s) => s,
                Err(nix::errno::Errno::EINTR) => continue,
                Err(nix::errno::Errno::ECHILD) => break,
                Err(e) => return Err(e.into()),
            };
            match st {
                WaitStatus::Exited(pid, code) => self.gone(pid, code),
                WaitStatus::Signaled(pid, sig, _) => self.gone(pid, 128 + sig as i32),
                WaitStatus::PtraceSyscall(pid) => {
                    self.procs.entry(pid).or_default();
                    match sys::syscall_info(pid) {
                        Ok(sys::SyscallInfo::Entry { nr, args }) => {
                            let pending = self.procs.get(&pid).is_some_and(|p| p.entry.is_some());
                            if !pending {
                                self.entry(pid, nr, args);
                            }
                        }
                        Ok(sys::SyscallInfo::Exit { rval }) => self.exit(pid, Some(rval)),
                        _ => {}
                    }
                    self.resume(pid, None);
                }
                WaitStatus::PtraceEvent(pid, sig, event) => {
                    self.procs.entry(pid).or_default();
                    match event {
                        libc::PTRACE_EVENT_SECCOMP => {
                            if let Ok(sys::SyscallInfo::Entry { nr, args }) = sys::syscall_info(pid) {
                                self.entry(pid, nr, args);
                            }
                            self.resume(pid, None);
                        }
                        libc::PTRACE_EVENT_EXEC => {
                            // A thread other than the leader exec'd: it now has the leader's id.
                            if let Ok(old) = ptrace::getevent(pid) {
                                let old = Pid::from_raw(old as i32);
                                if old != pid {
                                    if let Some(p) = self.procs.remove(&old) {
                                        self.procs.insert(pid, p);
                                    }
                                }
                            }
                            if let Some(e) = self.procs.get_mut(&pid).and_then(|p| p.entry.as_mut()) {
                                e.execd = true;
                            }
                            self.resume(pid, None);
                        }
                        libc::PTRACE_EVENT_STOP => {
                            if matches!(sig, Signal::SIGSTOP | Signal::SIGTSTP | Signal::SIGTTIN | Signal::SIGTTOU) {
                                // A group stop: stay stopped until SIGCONT, as without a tracer.
                                // SAFETY: PTRACE_LISTEN on a tracee in a group stop.
                                unsafe { libc::ptrace(libc::PTRACE_LISTEN, pid.as_raw(), 0, 0) };
                            } else {
                                self.resume(pid, None);
                            }
                        }
                        _ => self.resume(pid, None),
                    }
                }
                WaitStatus::Stopped(pid, sig) => {
                    self.procs.entry(pid).or_default();
                    // A signal on its way to the tracee: deliver it.
                    self.resume(pid, Some(sig));
                }
                _ => {}
            }
            if self.procs.is_empty() && self.main_status.is_some() {
                break;
            }
        }
        Ok(self.main_status.unwrap_or(0))
    }

    fn detach_all(&mut self) {
        let pids: Vec<Pid> = self.procs.keys().copied().collect();
        for pid in &pids {
            let _ = ptrace::interrupt(*pid);
        }
        let mut left = pids.len();
        while left > 0 {
            match waitpid(None, Some(WaitPidFlag::__WALL)) {
                Ok(WaitStatus::Exited(..) | WaitStatus::Signaled(..)) => left -= 1,
                Ok(WaitStatus::Stopped(pid, sig)) => {
                    let _ = ptrace::detach(pid, Some(sig));
                    left -= 1;
                }
                Ok(WaitStatus::PtraceEvent(pid, ..) | WaitStatus::PtraceSyscall(pid)) => {
                    let _ = ptrace::detach(pid, None);
                    left -= 1;
                }
                Ok(_) => {}
                Err(nix::errno::Errno::EINTR) => {}
                Err(_) => break,
            }
        }
    }
}

/// Runs `target` under the tracer, calling `on_event` for each traced call.
/// Returns the exit status kapi should have: the tracee's, or 128 + signal.
pub fn trace(target: &Target, cfg: &Config, on_event: &mut dyn FnMut(&Event)) -> std::io::Result<i32> {
    install_stop_handlers();
    match target {
        Target::Command(argv) => {
            let prog = sys::filter(&cfg.traced).map_err(std::io::Error::other)?;
            let args: Vec<CString> = argv.iter().map(|a| CString::new(a.as_bytes())).collect::<Result<_, _>>()?;
            let Some(file) = args.first().cloned() else {
                return Err(std::io::Error::other("no command to run"));
            };
            // SAFETY: the child only installs the filter, stops itself and execs.
            match unsafe { nix::unistd::fork() }? {
                nix::unistd::ForkResult::Child => {
                    // SAFETY: plain libc calls, then exec or _exit.
                    unsafe {
                        for s in [libc::SIGINT, libc::SIGTERM] {
                            libc::signal(s, libc::SIG_DFL);
                        }
                    }
                    if let Err(e) = sys::install(&prog) {
                        eprintln!("kapi: cannot install the seccomp filter: {e}");
                        // SAFETY: leaving the child.
                        unsafe { libc::_exit(126) };
                    }
                    let _ = nix::sys::signal::raise(Signal::SIGSTOP);
                    let e = nix::unistd::execvp(&file, &args).unwrap_err();
                    eprintln!("kapi: {}: {e}", file.to_string_lossy());
                    // SAFETY: leaving the child.
                    unsafe { libc::_exit(if e == nix::errno::Errno::ENOENT { 127 } else { 126 }) }
                }
                nix::unistd::ForkResult::Parent { child } => {
                    match waitpid(child, Some(WaitPidFlag::WSTOPPED)) {
                        Ok(WaitStatus::Stopped(_, Signal::SIGSTOP)) => {}
                        Ok(WaitStatus::Exited(_, code)) => return Ok(code),
                        other => return Err(std::io::Error::other(format!("the child did not stop: {other:?}"))),
                    }
                    ptrace::seize(child, opts(true))?;
                    nix::sys::signal::kill(child, Signal::SIGCONT)?;
                    let mut t = Tracer {
                        cfg,
                        procs: HashMap::from([(child, Proc::default())]),
                        seccomp: true,
                        main: Some(child),
                        main_status: None,
                        quiet: false,
                        on_event,
                    };
                    t.run()
                }
            }
        }
        Target::Attach(pid) => {
            let main = Pid::from_raw(*pid);
            let mut procs = HashMap::new();
            let tasks: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/task"))?
                .flatten()
                .filter_map(|e| e.file_name().to_str().and_then(|s| s.parse().ok()))
                .collect();
            for t in tasks {
                let tid = Pid::from_raw(t);
                ptrace::seize(tid, opts(false))?;
                ptrace::interrupt(tid)?;
                procs.insert(tid, Proc::default());
            }
            let mut t =
                Tracer { cfg, procs, seccomp: false, main: Some(main), main_status: None, quiet: false, on_event };
            t.run()
        }
    }
}
