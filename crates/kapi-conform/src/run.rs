//! Running cases: each in a forked child, in its own directory, with a
//! timeout. The parent keeps up to `jobs` children in flight from one
//! thread (forking from a multi-threaded process is not safe).

use crate::fixture::{make_files, World};
use crate::plan::Case;
use serde::Serialize;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What happened when a case ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// The call returned `ret`; `errno` when it failed.
    Returned {
        /// The raw return value.
        ret: i64,
        /// The positive errno of a failed call.
        errno: Option<i32>,
    },
    /// The call did not return (`execve` replaced the child), and the new
    /// program exited with `code`.
    NoReturn {
        /// Exit status of the new program.
        code: i32,
    },
    /// The child died of a signal.
    Signaled {
        /// The signal number.
        signal: i32,
    },
    /// The child was killed after the timeout.
    TimedOut,
    /// The fixtures or conditions could not be set up.
    SetupFailed {
        /// Why.
        reason: String,
    },
}

fn fail(w: &OwnedFd, msg: &str) -> ! {
    let line = format!("S {msg}\n");
    // SAFETY: writing our own buffer to our own pipe, then leaving at once.
    unsafe {
        libc::write(w.as_raw_fd(), line.as_ptr().cast(), line.len());
        libc::_exit(0)
    }
}

/// The child's side: never returns.
fn child(case: &Case, dir: &Path, w: &OwnedFd, timeout: Duration) -> ! {
    // SAFETY: plain libc calls on our own process.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        for s in [libc::SIGPIPE, libc::SIGXFSZ, libc::SIGTTOU, libc::SIGTTIN] {
            libc::signal(s, libc::SIG_IGN);
        }
        libc::alarm(timeout.as_secs().max(1) as u32 + 1);
    }
    if let Err(e) = std::env::set_current_dir(dir) {
        fail(w, &format!("chdir: {e}"));
    }
    if let Err(e) = make_files(case.needs_exe) {
        fail(w, &e);
    }
    if case.setup.mounts {
        if let Err(e) = crate::fixture::make_mounts() {
            fail(w, &e);
        }
    }
    let mut world = World::default();
    let mut args = [0u64; 6];
    for (i, a) in case.args.iter().enumerate().take(6) {
        match world.value(a) {
            Ok(v) => args[i] = v,
            Err(e) => fail(w, &e),
        }
    }
    for (res, v) in &case.setup.rlimits {
        let lim = libc::rlimit { rlim_cur: *v, rlim_max: *v };
        // SAFETY: a valid rlimit struct.
        if unsafe { libc::setrlimit(*res as _, &lim) } != 0 {
            fail(w, &format!("setrlimit: {}", std::io::Error::last_os_error()));
        }
    }
    for c in &case.setup.drop_caps {
        let name = kapi_model::tables::capability_name(*c).unwrap_or("");
        if let Ok(cap) = name.parse::<caps::Capability>() {
            for set in
                [caps::CapSet::Effective, caps::CapSet::Permitted, caps::CapSet::Inheritable, caps::CapSet::Ambient]
            {
                let _ = caps::drop(None, set, cap);
            }
        }
    }
    if case.setup.drop_dac {
        for cap in
            [caps::Capability::CAP_DAC_OVERRIDE, caps::Capability::CAP_DAC_READ_SEARCH, caps::Capability::CAP_FOWNER]
        {
            for set in [caps::CapSet::Effective, caps::CapSet::Permitted] {
                let _ = caps::drop(None, set, cap);
            }
        }
    }
    if case.setup.nofile_exhausted {
        let top = World::lowest_free_fd();
        let lim = libc::rlimit { rlim_cur: top, rlim_max: top };
        // SAFETY: a valid rlimit struct.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) };
    }
    if let Some(ms) = case.setup.interrupt_ms {
        extern "C" fn on_alarm(_: libc::c_int) {}
        // SAFETY: an empty handler without SA_RESTART, then a one-shot timer.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_alarm as *const () as usize;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(libc::SIGALRM, &sa, std::ptr::null_mut());
            let t = libc::itimerval {
                it_interval: libc::timeval { tv_sec: 0, tv_usec: 0 },
                it_value: libc::timeval { tv_sec: 0, tv_usec: i64::from(ms) * 1000 },
            };
            libc::setitimer(libc::ITIMER_REAL, &t, std::ptr::null_mut());
        }
    }
    // The call itself.
    // SAFETY: a raw system call with register values; the inputs are the
    // point of the test, and the child is disposable.
    let ret = unsafe {
        *libc::__errno_location() = 0;
        libc::syscall(case.nr as libc::c_long, args[0], args[1], args[2], args[3], args[4], args[5])
    };
    // SAFETY: reading errno right after the call.
    let errno = unsafe { *libc::__errno_location() };
    let line = if ret == -1 { format!("R -1 {errno}\n") } else { format!("R {ret} 0\n") };
    // SAFETY: writing our own buffer, then leaving without running destructors.
    unsafe {
        libc::write(w.as_raw_fd(), line.as_ptr().cast(), line.len());
        libc::_exit(0)
    }
}

fn parse(out: &str, status: Option<nix::sys::wait::WaitStatus>) -> Outcome {
    use nix::sys::wait::WaitStatus;
    if let Some(rest) = out.strip_prefix("S ") {
        return Outcome::SetupFailed { reason: rest.trim().to_string() };
    }
    if let Some(rest) = out.strip_prefix("R ") {
        let mut it = rest.split_whitespace();
        let ret: i64 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        let e: i32 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        return Outcome::Returned { ret, errno: (ret == -1 && e != 0).then_some(e) };
    }
    match status {
        Some(WaitStatus::Exited(_, code)) => Outcome::NoReturn { code },
        Some(WaitStatus::Signaled(_, sig, _)) => Outcome::Signaled { signal: sig as i32 },
        _ => Outcome::TimedOut,
    }
}

struct Running {
    idx: usize,
    pid: nix::unistd::Pid,
    pipe: OwnedFd,
    buf: Vec<u8>,
    eof: bool,
    started: Instant,
    dir: PathBuf,
    status: Option<nix::sys::wait::WaitStatus>,
}

/// A run's private directory, removed when dropped.
pub struct Workdir {
    path: PathBuf,
}

impl Workdir {
    /// Makes `$TMPDIR/kapi-test-<pid>-<n>`.
    pub fn new() -> std::io::Result<Workdir> {
        let base = std::env::temp_dir();
        for n in 0..1000 {
            let p = base.join(format!("kapi-test-{}-{n}", std::process::id()));
            match std::fs::create_dir(&p) {
                Ok(()) => return Ok(Workdir { path: p }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free kapi-test directory name"))
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs every case, `jobs` at a time, calling `done` with each outcome in
/// completion order. Every child is reaped and every case directory removed.
pub fn run_all(
    cases: &[Case],
    work: &Workdir,
    jobs: usize,
    timeout: Duration,
    mut done: impl FnMut(usize, Outcome),
) -> std::io::Result<()> {
    use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
    let jobs = jobs.max(1);
    let mut next = 0;
    let mut running: Vec<Running> = Vec::new();
    while next < cases.len() || !running.is_empty() {
        while running.len() < jobs && next < cases.len() {
            let dir = work.path().join(format!("case-{next}"));
            std::fs::create_dir(&dir)?;
            let (r, w) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC | nix::fcntl::OFlag::O_NONBLOCK)?;
            // SAFETY: the child only runs `child`, which ends in `_exit` or `execve`.
            match unsafe { nix::unistd::fork() }? {
                nix::unistd::ForkResult::Child => {
                    drop(r);
                    // The result pipe must block in the child.
                    // SAFETY: clearing O_NONBLOCK on our own descriptor.
                    unsafe { libc::fcntl(w.as_raw_fd(), libc::F_SETFL, 0) };
                    child(&cases[next], &dir, &w, timeout)
                }
                nix::unistd::ForkResult::Parent { child } => {
                    drop(w);
                    running.push(Running {
                        idx: next,
                        pid: child,
                        pipe: r,
                        buf: Vec::new(),
                        eof: false,
                        started: Instant::now(),
                        dir,
                        status: None,
                    });
                }
            }
            next += 1;
        }
        let mut progressed = false;
        let mut i = 0;
        while i < running.len() {
            let r = &mut running[i];
            if !r.eof {
                let mut chunk = [0u8; 512];
                loop {
                    match nix::unistd::read(r.pipe.as_raw_fd(), &mut chunk) {
                        Ok(0) => {
                            r.eof = true;
                            break;
                        }
                        Ok(n) => {
                            r.buf.extend_from_slice(&chunk[..n]);
                            progressed = true;
                        }
                        Err(_) => break,
                    }
                }
            }
            if r.status.is_none() {
                match waitpid(r.pid, Some(WaitPidFlag::WNOHANG)) {
                    Ok(WaitStatus::StillAlive) => {}
                    Ok(s) => {
                        r.status = Some(s);
                        progressed = true;
                    }
                    Err(_) => r.status = Some(WaitStatus::StillAlive),
                }
            }
            let timed_out = r.started.elapsed() > timeout;
            if timed_out && r.status.is_none() {
                let _ = nix::sys::signal::kill(r.pid, nix::sys::signal::Signal::SIGKILL);
                let _ = waitpid(r.pid, None);
                r.status = Some(WaitStatus::StillAlive);
            }
            let finished = r.status.is_some() && (r.eof || timed_out || r.status != Some(WaitStatus::StillAlive));
            if finished {
                let r = running.swap_remove(i);
                let text = String::from_utf8_lossy(&r.buf).to_string();
                let outcome = if timed_out && text.is_empty() {
                    Outcome::TimedOut
                } else {
                    parse(&text, r.status.filter(|s| *s != WaitStatus::StillAlive))
                };
                let _ = std::fs::remove_dir_all(&r.dir);
                done(r.idx, outcome);
                progressed = true;
                continue;
            }
            i += 1;
        }
        if !progressed {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    Ok(())
}
