//! `kapi watch`: every specified system call on the machine (or in one
//! process tree, cgroup or command name) checked in the kernel by a BPF
//! program, at close to native speed and without changing what programs see.
//!
//! The program (`bpf/watch.bpf.c`, compiled by `build.rs`) is attached with
//! fexit (fentry for calls that replace or end the program) to the
//! `__x64_sys_*` function of each specified call only, so other calls run
//! untouched. It looks the call up in a table built from the specs
//! ([`tables`]), tests the arguments (from the saved user registers) and the
//! return, and sends only suspect calls through a ring buffer; per-call
//! counts stay in a per-CPU map. User space re-checks each suspect call with
//! `kapi-check`, exactly as `kapi trace` does, and builds the same
//! [`kapi_trace::Event`]. Events the ring buffer could not take are counted
//! and reported. Dropping a [`Watch`] detaches every program and frees every
//! map (nothing is pinned).

pub mod tables;

/// The ring buffer's default size in bytes (about 8 700 events).
pub const DEFAULT_BUFFER: u32 = 1 << 20;

/// fexit programs in the object: at most this many specified calls that return.
const EXIT_PROGS: usize = 96;
/// fentry programs in the object: calls that do not return.
const ENTRY_PROGS: usize = 8;

use aya::maps::{Array, HashMap as BpfHashMap, MapData, PerCpuArray, RingBuf};
use aya::programs::{FEntry, FExit, RawTracePoint, TracePoint};
use aya::Ebpf;
use kapi_model::Spec;
use kapi_trace::Event;
use std::collections::{BTreeMap, HashMap};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The BPF object compiled at build time; empty when it could not be built.
pub static BPF_OBJECT: &[u8] = aya::include_bytes_aligned!(concat!(env!("OUT_DIR"), "/watch.bpf.o"));

/// Whether this kapi carries its BPF program.
pub fn is_built() -> bool {
    cfg!(kapi_bpf) && !BPF_OBJECT.is_empty()
}

/// Which processes to watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Every process but kapi itself.
    All,
    /// These processes and their descendants (from the moment the watch starts).
    Pids(Vec<u32>),
    /// The processes of this cgroup (v2) directory.
    Cgroup(PathBuf),
    /// The threads with this command name (`comm`, at most 15 bytes).
    Comm(String),
}

/// Why a watch cannot start.
#[derive(Debug)]
pub enum WatchError {
    /// This kapi was built without its BPF program.
    NotBuilt,
    /// The kernel refused to load or attach the program.
    Permission(String),
    /// Anything else.
    Other(String),
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchError::NotBuilt => f.write_str(
                "this kapi was built without its BPF program (clang and libbpf-dev were missing at build time); \
                 `kapi trace` checks a command without BPF",
            ),
            WatchError::Permission(e) => write!(
                f,
                "the kernel does not let kapi load BPF programs ({e}); kapi watch needs root (CAP_BPF and \
                 CAP_PERFMON) and a kernel that allows BPF. `kapi trace` checks a command without BPF"
            ),
            WatchError::Other(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for WatchError {}

fn classify(what: &str, e: impl std::fmt::Display + std::fmt::Debug) -> WatchError {
    let text = format!("{e}: {e:?}");
    let denied = ["Operation not permitted", "Permission denied", "EPERM", "EACCES"];
    if denied.iter().any(|d| text.contains(d)) {
        WatchError::Permission(format!("{what}: {e}"))
    } else {
        WatchError::Other(format!("{what}: {e}"))
    }
}

/// `struct config`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct Config {
    mode: u32,
    self_tgid: u32,
    cgroup_id: u64,
    comm: [u8; 16],
    pad: u32,
    fork_child_off: u32,
}

// SAFETY: plain old data.
unsafe impl aya::Pod for Config {}

/// `struct counts`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    calls: u64,
    suspect: u64,
}

// SAFETY: plain old data.
unsafe impl aya::Pod for Counts {}

/// `struct event`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
struct RawEvent {
    nr: u32,
    tgid: u32,
    tid: u32,
    flags: u32,
    args: [u64; 6],
    ret: i64,
    strlen: [i32; 6],
    at_entry: u32,
    pad: u32,
    comm: [u8; 16],
}

const _: () = assert!(std::mem::size_of::<RawEvent>() == 120);

/// What the watch counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Checked calls per syscall number (calls of the watched processes).
    pub calls: BTreeMap<u32, u64>,
    /// Calls the kernel side sent up as suspect, per syscall number.
    pub suspect: BTreeMap<u32, u64>,
    /// Violations confirmed in user space, per syscall number.
    pub violations: BTreeMap<u32, u64>,
    /// Suspect calls that the full check cleared.
    pub cleared: u64,
    /// Events the ring buffer could not take (lost, never silently).
    pub dropped: u64,
}

/// A running watch. Dropping it detaches everything.
pub struct Watch<'a> {
    ebpf: Ebpf,
    ring: RingBuf<MapData>,
    specs: &'a HashMap<u32, Spec>,
    violations: BTreeMap<u32, u64>,
    cleared: u64,
    skipped: Vec<String>,
    backend: Backend,
}

/// How the program is attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// fexit/fentry on each specified call's `__x64_sys_*` function: other calls are untouched.
    Trampoline,
    /// The raw `sys_enter`/`sys_exit` tracepoints, because the kernel refused tracing
    /// programs (the reason): every system call pays for the tracepoint.
    Tracepoint(String),
}

fn attach_raw(ebpf: &mut Ebpf, prog: &str, tp: &str) -> Result<(), WatchError> {
    let p: &mut RawTracePoint = ebpf
        .program_mut(prog)
        .ok_or_else(|| WatchError::Other(format!("no program {prog}")))?
        .try_into()
        .map_err(|e| classify(prog, e))?;
    p.load().map_err(|e| classify(&format!("loading {prog}"), e))?;
    p.attach(tp).map_err(|e| classify(&format!("attaching {prog}"), e))?;
    Ok(())
}

/// One program per specified call, on its `__x64_sys_*` function; the calls
/// that cannot be attached (and why) come back.
fn attach_trampolines(ebpf: &mut Ebpf, specs: &HashMap<u32, Spec>) -> Result<Vec<String>, WatchError> {
    let btf = aya::Btf::from_sys_fs().map_err(|e| classify("reading the kernel's BTF", e))?;
    let mut nrs: Vec<u32> = specs.keys().copied().filter(|n| *n < tables::MAXNR).collect();
    nrs.sort_unstable();
    let (mut exits, mut entries) = (0usize, 0usize);
    let mut skipped = Vec::new();
    for nr in nrs {
        let Some(name) = kapi_model::tables::syscall_name(nr) else { continue };
        let target = format!("__x64_sys_{name}");
        let entry = tables::sys_rule(&specs[&nr]).at_entry != 0;
        let (prog, slot, cap) =
            if entry { ("kapi_entry", &mut entries, ENTRY_PROGS) } else { ("kapi_exit", &mut exits, EXIT_PROGS) };
        if *slot >= cap {
            skipped.push(format!("{name} (more than {cap} specified calls)"));
            continue;
        }
        let prog_name = format!("{prog}_{}{}", *slot / 8, *slot % 8);
        let program =
            ebpf.program_mut(&prog_name).ok_or_else(|| WatchError::Other(format!("no program {prog_name}")))?;
        let loaded = if entry {
            let p: &mut FEntry = program.try_into().map_err(|e| classify(&prog_name, e))?;
            p.load(&target, &btf).and_then(|_| p.attach().map(drop))
        } else {
            let p: &mut FExit = program.try_into().map_err(|e| classify(&prog_name, e))?;
            p.load(&target, &btf).and_then(|_| p.attach().map(drop))
        };
        match loaded {
            Ok(()) => *slot += 1,
            Err(e) => {
                let err = classify(&format!("loading an fexit program on {target}"), &e);
                if matches!(err, WatchError::Permission(_)) {
                    return Err(err);
                }
                // The kernel has no such function (not built in, or named otherwise).
                skipped.push(format!("{name} ({e})"));
            }
        }
    }
    Ok(skipped)
}

/// The offset of a field in a tracepoint record, from its format file.
fn tracepoint_offset(event: &str, field: &str) -> Result<u32, WatchError> {
    let roots = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];
    let find = || roots.iter().map(|r| Path::new(r).join("events").join(event).join("format")).find(|p| p.is_file());
    let path = match find() {
        Some(p) => p,
        None => {
            // tracefs is not mounted: mount it where the kernel expects it.
            let _ = nix::mount::mount(
                Some("tracefs"),
                "/sys/kernel/tracing",
                Some("tracefs"),
                nix::mount::MsFlags::empty(),
                None::<&str>,
            );
            find().ok_or_else(|| WatchError::Other(format!("no tracefs format file for {event}")))?
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| WatchError::Other(format!("{}: {e}", path.display())))?;
    let needle = format!(" {field};");
    text.lines()
        .find(|l| l.contains(&needle))
        .and_then(|l| l.split("offset:").nth(1))
        .and_then(|o| o.split(';').next())
        .and_then(|o| o.trim().parse().ok())
        .ok_or_else(|| WatchError::Other(format!("{}: no offset for {field}", path.display())))
}

impl<'a> Watch<'a> {
    /// Loads the program with one rule per spec, sets the filter and attaches,
    /// with the default ring buffer ([`DEFAULT_BUFFER`]).
    pub fn start(specs: &'a HashMap<u32, Spec>, filter: &Filter) -> Result<Self, WatchError> {
        Self::start_with(specs, filter, DEFAULT_BUFFER)
    }

    /// [`Watch::start`] with a ring buffer of `buffer` bytes (a power of two, at least a page).
    pub fn start_with(specs: &'a HashMap<u32, Spec>, filter: &Filter, buffer: u32) -> Result<Self, WatchError> {
        if !is_built() {
            return Err(WatchError::NotBuilt);
        }
        // Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK.
        let _ = nix::sys::resource::setrlimit(
            nix::sys::resource::Resource::RLIMIT_MEMLOCK,
            nix::sys::resource::RLIM_INFINITY,
            nix::sys::resource::RLIM_INFINITY,
        );
        if !buffer.is_power_of_two() || buffer < 4096 {
            return Err(WatchError::Other(format!(
                "the buffer size must be a power of two of at least 4096 bytes, not {buffer}"
            )));
        }
        let mut ebpf = aya::EbpfLoader::new()
            .map_max_entries("EVENTS", buffer)
            .load(BPF_OBJECT)
            .map_err(|e| classify("loading the BPF object", e))?;

        let mut cfg = Config { self_tgid: std::process::id(), ..Config::default() };
        let mut pids: Vec<u32> = Vec::new();
        match filter {
            Filter::All => cfg.mode = 0,
            Filter::Pids(p) => {
                cfg.mode = 1;
                pids = p.clone();
                cfg.fork_child_off = tracepoint_offset("sched/sched_process_fork", "child_pid")?;
            }
            Filter::Cgroup(path) => {
                use std::os::unix::fs::MetadataExt;
                let meta =
                    std::fs::metadata(path).map_err(|e| WatchError::Other(format!("{}: {e}", path.display())))?;
                if !meta.is_dir() {
                    return Err(WatchError::Other(format!("{}: not a cgroup directory", path.display())));
                }
                cfg.mode = 2;
                cfg.cgroup_id = meta.ino();
            }
            Filter::Comm(name) => {
                cfg.mode = 3;
                let b = name.as_bytes();
                let n = b.len().min(15);
                cfg.comm[..n].copy_from_slice(&b[..n]);
            }
        }
        {
            let map = ebpf.map_mut("CONFIG").ok_or_else(|| WatchError::Other("no CONFIG map".into()))?;
            let mut arr: Array<&mut MapData, Config> = Array::try_from(map).map_err(|e| classify("CONFIG", e))?;
            arr.set(0, cfg, 0).map_err(|e| classify("CONFIG", e))?;
        }
        if !pids.is_empty() {
            let map = ebpf.map_mut("PIDS").ok_or_else(|| WatchError::Other("no PIDS map".into()))?;
            let mut set: BpfHashMap<&mut MapData, u32, u8> =
                BpfHashMap::try_from(map).map_err(|e| classify("PIDS", e))?;
            for p in &pids {
                set.insert(p, 1, 0).map_err(|e| classify("PIDS", e))?;
            }
        }
        {
            let map = ebpf.map_mut("RULES").ok_or_else(|| WatchError::Other("no RULES map".into()))?;
            let mut rules: Array<&mut MapData, tables::SysRule> =
                Array::try_from(map).map_err(|e| classify("RULES", e))?;
            for (nr, spec) in specs {
                if *nr < tables::MAXNR {
                    rules.set(*nr, tables::sys_rule(spec), 0).map_err(|e| classify("RULES", e))?;
                }
            }
        }
        let wanted = specs.keys().filter(|n| **n < tables::MAXNR).count();
        let trampolines = match attach_trampolines(&mut ebpf, specs) {
            // Not one attached (no BTF for the functions, an old kernel): as if refused.
            Ok(skipped) if wanted > 0 && skipped.len() == wanted => {
                Err(WatchError::Permission(format!("no fexit program could be attached: {}", skipped[0])))
            }
            other => other,
        };
        let (backend, skipped) = match trampolines {
            Ok(skipped) => (Backend::Trampoline, skipped),
            // Any failure of the fexit path (refused, no BTF, no trampolines) falls back.
            Err(WatchError::Permission(why) | WatchError::Other(why)) => {
                // Tracing programs are refused (a BPF LSM policy, for one): the raw syscall
                // tracepoints, which every system call passes, do the same checks.
                let mut at_entry = false;
                for spec in specs.values() {
                    at_entry |= tables::sys_rule(spec).at_entry != 0;
                }
                attach_raw(&mut ebpf, "kapi_sys_exit", "sys_exit")?;
                if at_entry {
                    attach_raw(&mut ebpf, "kapi_sys_enter", "sys_enter")?;
                }
                (Backend::Tracepoint(why), Vec::new())
            }
            Err(e) => return Err(e),
        };
        if matches!(filter, Filter::Pids(_)) {
            let p: &mut TracePoint = ebpf
                .program_mut("kapi_fork")
                .ok_or_else(|| WatchError::Other("no program kapi_fork".into()))?
                .try_into()
                .map_err(|e| classify("kapi_fork", e))?;
            p.load().map_err(|e| classify("loading kapi_fork", e))?;
            p.attach("sched", "sched_process_fork").map_err(|e| classify("attaching kapi_fork", e))?;
        }
        let ring = RingBuf::try_from(ebpf.take_map("EVENTS").ok_or_else(|| WatchError::Other("no EVENTS map".into()))?)
            .map_err(|e| classify("EVENTS", e))?;
        Ok(Watch { ebpf, ring, specs, violations: BTreeMap::new(), cleared: 0, skipped, backend })
    }

    /// How the program is attached.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The specified calls that are not checked, and why.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// Waits up to `timeout` for suspect calls and hands each confirmed
    /// violation to `on_event`; returns how many events it handed.
    pub fn poll(&mut self, timeout: Duration, on_event: &mut dyn FnMut(&Event)) -> std::io::Result<usize> {
        let mut n = self.drain(on_event);
        if n > 0 {
            return Ok(n);
        }
        let mut fds = [libc::pollfd { fd: self.ring.as_raw_fd(), events: libc::POLLIN, revents: 0 }];
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd.
        let r = unsafe { libc::poll(fds.as_mut_ptr(), 1, ms) };
        if r < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
        n += self.drain(on_event);
        Ok(n)
    }

    /// Handles everything in the ring buffer now.
    pub fn drain(&mut self, on_event: &mut dyn FnMut(&Event)) -> usize {
        let mut n = 0;
        while let Some(item) = self.ring.next() {
            if item.len() < std::mem::size_of::<RawEvent>() {
                continue;
            }
            // SAFETY: the length is checked; the record may be unaligned.
            let raw: RawEvent = unsafe { std::ptr::read_unaligned(item.as_ptr().cast()) };
            drop(item);
            match self.specs.get(&raw.nr).and_then(|s| confirm(s, &raw)) {
                Some(ev) => {
                    *self.violations.entry(raw.nr).or_default() += 1;
                    on_event(&ev);
                    n += 1;
                }
                None => self.cleared += 1,
            }
        }
        n
    }

    /// The counts so far.
    pub fn stats(&self) -> Stats {
        let mut s = Stats { violations: self.violations.clone(), cleared: self.cleared, ..Stats::default() };
        let Some(map) = self.ebpf.map("COUNTS") else { return s };
        let Ok(counts) = PerCpuArray::<&MapData, Counts>::try_from(map) else { return s };
        for nr in 0..=tables::MAXNR {
            let Ok(per_cpu) = counts.get(&nr, 0) else { continue };
            let (calls, suspect) = per_cpu.iter().fold((0, 0), |(a, b), c| (a + c.calls, b + c.suspect));
            if nr == tables::MAXNR {
                s.dropped = suspect;
            } else if calls > 0 {
                s.calls.insert(nr, calls);
                if suspect > 0 {
                    s.suspect.insert(nr, suspect);
                }
            }
        }
        s
    }
}

/// String lengths the BPF program measured, with the process's memory for the rest.
struct Measured<'a> {
    raw: &'a RawEvent,
    fallback: kapi_trace::sys::TraceeMemory,
}

impl kapi_check::Memory for Measured<'_> {
    fn strnlen(&self, addr: u64, max: usize) -> Option<usize> {
        for (i, &len) in self.raw.strlen.iter().enumerate() {
            if self.raw.args[i] != addr {
                continue;
            }
            match len {
                -1 => return None,
                n if n >= 0 && (n as i64) < tables::PATH_MAX => return Some((n as usize).min(max)),
                // No NUL in the first PATH_MAX bytes: exact for any max up to that (read later,
                // the memory may hold another string already).
                n if n as i64 >= tables::PATH_MAX && max as i64 <= tables::PATH_MAX => return Some(max),
                _ => {}
            }
        }
        self.fallback.string(addr, max).map(|s| s.len())
    }
}

/// The event of a suspect call, when the full check confirms a violation.
fn confirm(spec: &Spec, raw: &RawEvent) -> Option<Event> {
    let pid = nix::unistd::Pid::from_raw(raw.tid as i32);
    let mem = Measured { raw, fallback: kapi_trace::sys::TraceeMemory::new(pid) };
    let entry = kapi_check::check_call(spec, &raw.args, &mem);
    let ret = (raw.at_entry == 0).then_some(raw.ret);
    let rendered = kapi_trace::render::args(Some(spec), &raw.args, &mem.fallback);
    let ev = kapi_trace::finished_call(Some(spec), raw.tid as i32, raw.nr, raw.args, rendered, &entry, ret, ret);
    (!ev.violations.is_empty() || ev.undocumented_errno.is_some()).then_some(ev)
}

/// The `-c` table: per syscall, the checked calls, suspect calls and confirmed violations.
pub fn summary_table(stats: &Stats, specs: &HashMap<u32, Spec>) -> String {
    let name = |nr: u32| kapi_trace::syscall_label(specs.get(&nr), nr);
    let mut rows: Vec<(String, u64, u64, u64)> = stats
        .calls
        .iter()
        .map(|(nr, c)| {
            (name(*nr), *c, stats.suspect.get(nr).copied().unwrap_or(0), stats.violations.get(nr).copied().unwrap_or(0))
        })
        .collect();
    rows.sort();
    let mut s = format!("{:<20} {:>10} {:>10} {:>10}\n", "syscall", "calls", "suspect", "violations");
    s.push_str(&format!("{} {} {} {}\n", "-".repeat(20), "-".repeat(10), "-".repeat(10), "-".repeat(10)));
    let (mut c, mut su, mut v) = (0, 0, 0);
    for (n, calls, suspect, viol) in &rows {
        s.push_str(&format!("{n:<20} {calls:>10} {suspect:>10} {viol:>10}\n"));
        c += calls;
        su += suspect;
        v += viol;
    }
    s.push_str(&format!("{} {} {} {}\n", "-".repeat(20), "-".repeat(10), "-".repeat(10), "-".repeat(10)));
    s.push_str(&format!("{:<20} {c:>10} {su:>10} {v:>10}\n", "total"));
    s.push_str(&format!(
        "dropped events: {}; suspect calls cleared by the full check: {}\n",
        stats.dropped, stats.cleared
    ));
    s
}
