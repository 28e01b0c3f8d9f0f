//! Arguments of a case and the fixtures they name (see docs/kapi-test.md).
//!
//! Everything here that touches the system runs in the forked child, in the
//! case's private directory, and dies with it.

use serde::Serialize;
use std::ffi::CString;

/// A named fixture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fixture {
    /// `file` opened `O_RDWR`.
    Fd,
    /// `file` opened `O_RDONLY`.
    Rdfd,
    /// `file` opened `O_WRONLY`.
    Wrfd,
    /// `dir` opened `O_RDONLY | O_DIRECTORY`.
    Dirfd,
    /// `exe` opened `O_RDONLY`.
    Exefd,
    /// The read end of a pipe with 8 bytes in it.
    PipeR,
    /// The write end of that pipe.
    PipeW,
    /// An epoll instance.
    Epfd,
    /// Two zeroed read-write pages.
    Buf,
    /// One read-only page.
    Rodata,
    /// An unmapped page.
    Unmapped,
    /// `struct iovec[2]` over `buf`.
    Iov,
    /// `{"exe", NULL}`.
    Argv,
    /// `{NULL}`.
    Envp,
    /// `struct epoll_event {EPOLLIN, 0}`.
    Event,
    /// `struct open_how {O_RDONLY, 0, 0}`.
    How,
    /// `struct sched_attr` of size 48.
    Attr,
    /// An AIO context (`io_setup(8, ...)`).
    Ctx,
    /// A pointer to a zeroed `aio_context_t`.
    Ctxp,
    /// An array of one pointer to an iocb reading `rdfd` into `buf`.
    Iocbpp,
    /// An empty 8-byte signal set.
    Sigmask,
    /// `struct timespec {0, 0}`.
    Ts,
    /// The read end of an empty pipe (its writer stays open): reads block.
    EmptyPipeR,
    /// The write end of a full pipe: writes block.
    FullPipeW,
    /// As `EmptyPipeR`, non-blocking: reads fail with `EAGAIN`.
    EmptyPipeRNb,
    /// As `FullPipeW`, non-blocking: writes fail with `EAGAIN`.
    FullPipeWNb,
    /// `struct open_how {O_WRONLY | O_CREAT, 0644, 0}`.
    HowCreat,
    /// `struct open_how {O_WRONLY | O_CREAT | O_EXCL, 0644, 0}`.
    HowExcl,
    /// `struct open_how {O_WRONLY, 0, 0}`.
    HowWronly,
    /// `struct open_how {O_WRONLY | O_NONBLOCK, 0, 0}`.
    HowNonblock,
    /// `struct open_how {O_RDONLY, 0, RESOLVE_NO_XDEV}`.
    HowNoXdev,
    /// `{"exe", <an argument of MAX_ARG_STRLEN + 1 bytes>, NULL}`.
    BigArgv,
    /// A shared read-only mapping of `file` through `rdfd` (one page).
    Romap,
    /// An epoll instance watching `pipe_r` for `EPOLLIN` (ready: the pipe has data).
    EpfdReady,
    /// `rofs/file` opened `O_RDONLY` (needs the mounts).
    RofsFd,
    /// `fullfs/file` opened `O_WRONLY | O_APPEND` on a full file system (needs the mounts).
    FullFd,
}

impl Fixture {
    /// Every fixture with its name in examples.
    pub const ALL: &'static [(&'static str, Fixture)] = &[
        ("fd", Fixture::Fd),
        ("rdfd", Fixture::Rdfd),
        ("wrfd", Fixture::Wrfd),
        ("dirfd", Fixture::Dirfd),
        ("exefd", Fixture::Exefd),
        ("pipe_r", Fixture::PipeR),
        ("pipe_w", Fixture::PipeW),
        ("epfd", Fixture::Epfd),
        ("buf", Fixture::Buf),
        ("rodata", Fixture::Rodata),
        ("unmapped", Fixture::Unmapped),
        ("iov", Fixture::Iov),
        ("argv", Fixture::Argv),
        ("envp", Fixture::Envp),
        ("event", Fixture::Event),
        ("how", Fixture::How),
        ("attr", Fixture::Attr),
        ("ctx", Fixture::Ctx),
        ("ctxp", Fixture::Ctxp),
        ("iocbpp", Fixture::Iocbpp),
        ("sigmask", Fixture::Sigmask),
        ("ts", Fixture::Ts),
        ("how_creat", Fixture::HowCreat),
        ("how_excl", Fixture::HowExcl),
        ("how_wronly", Fixture::HowWronly),
        ("how_nonblock", Fixture::HowNonblock),
        ("how_noxdev", Fixture::HowNoXdev),
        ("bigargv", Fixture::BigArgv),
        ("romap", Fixture::Romap),
        ("epfd_ready", Fixture::EpfdReady),
        ("empty_pipe_r", Fixture::EmptyPipeR),
        ("full_pipe_w", Fixture::FullPipeW),
        ("empty_pipe_r_nb", Fixture::EmptyPipeRNb),
        ("full_pipe_w_nb", Fixture::FullPipeWNb),
        ("rofs_fd", Fixture::RofsFd),
        ("full_fd", Fixture::FullFd),
    ];

    /// The fixture called `name`.
    pub fn named(name: &str) -> Option<Fixture> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, f)| *f == self).map_or("?", |(n, _)| n)
    }

    /// Whether it is a file descriptor.
    pub fn is_fd(self) -> bool {
        matches!(
            self,
            Fixture::Fd
                | Fixture::Rdfd
                | Fixture::Wrfd
                | Fixture::Dirfd
                | Fixture::Exefd
                | Fixture::PipeR
                | Fixture::PipeW
                | Fixture::Epfd
                | Fixture::EmptyPipeR
                | Fixture::FullPipeW
                | Fixture::EmptyPipeRNb
                | Fixture::FullPipeWNb
                | Fixture::RofsFd
                | Fixture::FullFd
                | Fixture::EpfdReady
        )
    }
}

/// One argument of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Arg {
    /// A number.
    Int(i64),
    /// A path (a string literal), relative to the case's directory.
    Path(String),
    /// A fixture.
    Fixture(Fixture),
    /// A fixture's address plus an offset (`buf + 1`).
    Plus(Fixture, i64),
    /// A file descriptor number that was open and is now closed.
    ClosedFd,
    /// A path longer than `PATH_MAX`.
    LongPath,
    /// A pointer `n` bytes before the end of `buf`, so that a larger access
    /// runs into the unmapped page after it.
    BufTail(u64),
    /// The write end of a pipe whose read end is closed.
    PipeNoReader,
    /// The read end of an empty pipe whose write end is closed.
    PipeNoWriter,
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Int(n) if *n < -4096 || *n > 1 << 20 => write!(f, "{n:#x}"),
            Arg::Int(n) => write!(f, "{n}"),
            Arg::Path(p) => write!(f, "{p:?}"),
            Arg::Fixture(x) => f.write_str(x.name()),
            Arg::Plus(x, n) => write!(f, "{} + {n}", x.name()),
            Arg::ClosedFd => f.write_str("<closed fd>"),
            Arg::LongPath => f.write_str("<path of PATH_MAX + 1 bytes>"),
            Arg::BufTail(n) => write!(f, "<buf end - {n}>"),
            Arg::PipeNoReader => f.write_str("<pipe without reader>"),
            Arg::PipeNoWriter => f.write_str("<empty pipe without writer>"),
        }
    }
}

/// Bytes in `file`.
pub const FILE_SIZE: usize = 8192;
/// Bytes in `buf`.
pub const BUF_SIZE: usize = 8192;
const PAGE: usize = 4096;

#[repr(C)]
struct Iocb {
    data: u64,
    key: u32,
    rw_flags: i32,
    opcode: u16,
    reqprio: i16,
    fildes: u32,
    buf: u64,
    nbytes: u64,
    offset: i64,
    reserved2: u64,
    flags: u32,
    resfd: u32,
}

/// The fixtures made so far in this child, by name.
#[derive(Default)]
pub struct World {
    made: Vec<(Fixture, u64)>,
    buf: Option<u64>,
    keep: Vec<Vec<u8>>,
    keep_c: Vec<CString>,
}

fn err(what: &str) -> String {
    format!("{what}: {}", std::io::Error::last_os_error())
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap_or_default()
}

fn open(path: &str, flags: i32) -> Result<u64, String> {
    let p = cstr(path);
    // SAFETY: a valid NUL-terminated path.
    let fd = unsafe { libc::open(p.as_ptr(), flags | libc::O_CLOEXEC, 0o644) };
    if fd < 0 {
        Err(err(&format!("open {path}")))
    } else {
        Ok(fd as u64)
    }
}

fn map(len: usize, prot: i32) -> Result<u64, String> {
    // SAFETY: a fresh anonymous private mapping.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1, 0) };
    if p == libc::MAP_FAILED {
        Err(err("mmap"))
    } else {
        Ok(p as u64)
    }
}

/// Makes the files every case may name: `file`, `empty`, `dir/inner`,
/// `noexec`, `badexe`, `symlink`, `loop`, `noperm`, `nodir/inner`, and `exe`
/// when `exe` is true.
pub fn make_files(exe: bool) -> Result<(), String> {
    std::fs::write("file", vec![b'k'; FILE_SIZE]).map_err(|e| format!("file: {e}"))?;
    // `file` carries the extended attribute `user.kapi` = "kapi" where the
    // file system has user attributes.
    let (f, n, v) = (cstr("file"), cstr("user.kapi"), b"kapi");
    // SAFETY: NUL-terminated strings and a 4-byte value.
    unsafe { libc::setxattr(f.as_ptr(), n.as_ptr(), v.as_ptr().cast(), 4, 0) };
    std::fs::write("empty", b"").map_err(|e| format!("empty: {e}"))?;
    std::fs::create_dir("dir").map_err(|e| format!("dir: {e}"))?;
    std::fs::write("dir/inner", b"inner").map_err(|e| format!("dir/inner: {e}"))?;
    std::fs::write("noexec", b"#!/bin/true\n").map_err(|e| format!("noexec: {e}"))?;
    std::fs::write("badexe", b"this is no program\n").map_err(|e| format!("badexe: {e}"))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions("badexe", std::fs::Permissions::from_mode(0o755)).map_err(|e| format!("badexe: {e}"))?;
    std::os::unix::fs::symlink("file", "symlink").map_err(|e| format!("symlink: {e}"))?;
    std::fs::create_dir("edir").map_err(|e| format!("edir: {e}"))?;
    let fifo = cstr("fifo");
    // SAFETY: a NUL-terminated path.
    if unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) } != 0 {
        return Err(err("mkfifo fifo"));
    }
    // No permissions at all: only a caller with CAP_DAC_* gets past them.
    std::fs::write("noperm", b"noperm").map_err(|e| format!("noperm: {e}"))?;
    std::fs::set_permissions("noperm", std::fs::Permissions::from_mode(0o000)).map_err(|e| format!("noperm: {e}"))?;
    std::fs::create_dir("nodir").map_err(|e| format!("nodir: {e}"))?;
    std::fs::write("nodir/inner", b"inner").map_err(|e| format!("nodir/inner: {e}"))?;
    std::fs::set_permissions("nodir", std::fs::Permissions::from_mode(0o000)).map_err(|e| format!("nodir: {e}"))?;
    std::os::unix::fs::symlink("loop", "loop").map_err(|e| format!("loop: {e}"))?;
    if exe {
        std::fs::copy("/bin/true", "exe").map_err(|e| format!("exe (a copy of /bin/true): {e}"))?;
        std::fs::set_permissions("exe", std::fs::Permissions::from_mode(0o755)).map_err(|e| format!("exe: {e}"))?;
    }
    Ok(())
}

impl World {
    fn buf(&mut self) -> Result<u64, String> {
        if let Some(b) = self.buf {
            return Ok(b);
        }
        // Three pages, the last unmapped again: `buf` is followed by a hole.
        let p = map(BUF_SIZE + PAGE, libc::PROT_READ | libc::PROT_WRITE)?;
        // SAFETY: unmapping the last page of our own mapping.
        unsafe { libc::munmap((p + BUF_SIZE as u64) as *mut libc::c_void, PAGE) };
        self.buf = Some(p);
        Ok(p)
    }

    fn bytes(&mut self, b: Vec<u8>) -> u64 {
        let p = b.as_ptr() as u64;
        self.keep.push(b);
        p
    }

    /// The value of a fixture, made on first use.
    pub fn get(&mut self, f: Fixture) -> Result<u64, String> {
        if let Some((_, v)) = self.made.iter().find(|(g, _)| *g == f) {
            return Ok(*v);
        }
        let v = match f {
            Fixture::Fd => open("file", libc::O_RDWR)?,
            Fixture::Rdfd => open("file", libc::O_RDONLY)?,
            Fixture::Wrfd => open("file", libc::O_WRONLY)?,
            Fixture::Dirfd => open("dir", libc::O_RDONLY | libc::O_DIRECTORY)?,
            Fixture::Exefd => open("exe", libc::O_RDONLY)?,
            Fixture::PipeR | Fixture::PipeW => {
                let mut fds = [0i32; 2];
                // SAFETY: fds has room for two descriptors.
                if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
                    return Err(err("pipe2"));
                }
                // SAFETY: writing 8 bytes from a static buffer.
                unsafe { libc::write(fds[1], b"kapipipe".as_ptr().cast(), 8) };
                self.made.push((Fixture::PipeR, fds[0] as u64));
                self.made.push((Fixture::PipeW, fds[1] as u64));
                return self.get(f);
            }
            Fixture::EmptyPipeR | Fixture::EmptyPipeRNb | Fixture::FullPipeW | Fixture::FullPipeWNb => {
                let mut fds = [0i32; 2];
                // SAFETY: fds has room for two descriptors.
                if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) } != 0 {
                    return Err(err("pipe2"));
                }
                let full = matches!(f, Fixture::FullPipeW | Fixture::FullPipeWNb);
                if full {
                    let chunk = [b'p'; 4096];
                    // SAFETY: writing from our buffer until the non-blocking pipe is full.
                    while unsafe { libc::write(fds[1], chunk.as_ptr().cast(), chunk.len()) } > 0 {}
                }
                let nb = matches!(f, Fixture::EmptyPipeRNb | Fixture::FullPipeWNb);
                let fd = if full { fds[1] } else { fds[0] };
                if !nb {
                    // SAFETY: clearing O_NONBLOCK on our own descriptor.
                    unsafe { libc::fcntl(fd, libc::F_SETFL, 0) };
                }
                // The other end stays open (and leaks into the child's fd table on purpose).
                fd as u64
            }
            Fixture::Romap => {
                let fd = self.get(Fixture::Rdfd)?;
                // SAFETY: a fresh shared mapping of our own descriptor.
                let p =
                    unsafe { libc::mmap(std::ptr::null_mut(), PAGE, libc::PROT_READ, libc::MAP_SHARED, fd as i32, 0) };
                if p == libc::MAP_FAILED {
                    return Err(err("mmap romap"));
                }
                p as u64
            }
            Fixture::EpfdReady => {
                let r = self.get(Fixture::PipeR)?;
                // SAFETY: no pointers.
                let ep = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
                if ep < 0 {
                    return Err(err("epoll_create1"));
                }
                let mut ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: 0 };
                // SAFETY: a valid event struct.
                if unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, r as i32, &mut ev) } != 0 {
                    return Err(err("epoll_ctl"));
                }
                ep as u64
            }
            Fixture::RofsFd => open("rofs/file", libc::O_RDONLY)?,
            Fixture::FullFd => open("fullfs/file", libc::O_WRONLY | libc::O_APPEND)?,
            Fixture::Epfd => {
                // SAFETY: no pointers.
                let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
                if fd < 0 {
                    return Err(err("epoll_create1"));
                }
                fd as u64
            }
            Fixture::Buf => self.buf()?,
            Fixture::Rodata => map(PAGE, libc::PROT_READ)?,
            Fixture::Unmapped => self.buf()? + BUF_SIZE as u64,
            Fixture::Iov => {
                let b = self.buf()?;
                let mut v = Vec::with_capacity(32);
                for (base, len) in [(b, 4096u64), (b + 4096, 4096)] {
                    v.extend_from_slice(&base.to_ne_bytes());
                    v.extend_from_slice(&len.to_ne_bytes());
                }
                self.bytes(v)
            }
            Fixture::Argv => {
                let exe = cstr("exe");
                let p = exe.as_ptr() as u64;
                self.keep_c.push(exe);
                let mut v = p.to_ne_bytes().to_vec();
                v.extend_from_slice(&0u64.to_ne_bytes());
                self.bytes(v)
            }
            Fixture::Envp => self.bytes(0u64.to_ne_bytes().to_vec()),
            Fixture::Event => {
                let mut v = (libc::EPOLLIN as u32).to_ne_bytes().to_vec();
                v.extend_from_slice(&0u64.to_ne_bytes());
                self.bytes(v)
            }
            Fixture::How => {
                let mut v = (libc::O_RDONLY as u64).to_ne_bytes().to_vec();
                v.extend_from_slice(&[0u8; 16]);
                self.bytes(v)
            }
            Fixture::HowCreat | Fixture::HowExcl | Fixture::HowWronly | Fixture::HowNonblock | Fixture::HowNoXdev => {
                let (flags, mode, resolve): (i32, u64, u64) = match f {
                    Fixture::HowCreat => (libc::O_WRONLY | libc::O_CREAT, 0o644, 0),
                    Fixture::HowExcl => (libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL, 0o644, 0),
                    Fixture::HowWronly => (libc::O_WRONLY, 0, 0),
                    Fixture::HowNonblock => (libc::O_WRONLY | libc::O_NONBLOCK, 0, 0),
                    _ => (libc::O_RDONLY, 0, 0x01), // RESOLVE_NO_XDEV
                };
                let mut v = (flags as u64).to_ne_bytes().to_vec();
                v.extend_from_slice(&mode.to_ne_bytes());
                v.extend_from_slice(&resolve.to_ne_bytes());
                self.bytes(v)
            }
            Fixture::BigArgv => {
                let exe = cstr("exe");
                let big = CString::new(vec![b'x'; 32 * 4096 + 1]).unwrap_or_default();
                let mut v = (exe.as_ptr() as u64).to_ne_bytes().to_vec();
                v.extend_from_slice(&(big.as_ptr() as u64).to_ne_bytes());
                v.extend_from_slice(&0u64.to_ne_bytes());
                self.keep_c.push(exe);
                self.keep_c.push(big);
                self.bytes(v)
            }
            Fixture::Attr => {
                let mut v = vec![0u8; 48];
                v[..4].copy_from_slice(&48u32.to_ne_bytes());
                self.bytes(v)
            }
            Fixture::Ctx => {
                let mut ctx: u64 = 0;
                // SAFETY: io_setup writes one aio_context_t.
                let r = unsafe { libc::syscall(libc::SYS_io_setup, 8i64, &mut ctx as *mut u64) };
                if r != 0 {
                    return Err(err("io_setup"));
                }
                ctx
            }
            Fixture::Ctxp => self.bytes(vec![0u8; 8]),
            Fixture::Iocbpp => {
                let fd = self.get(Fixture::Rdfd)?;
                let b = self.buf()?;
                let cb = Iocb {
                    data: 0,
                    key: 0,
                    rw_flags: 0,
                    opcode: 0, // IOCB_CMD_PREAD
                    reqprio: 0,
                    fildes: fd as u32,
                    buf: b,
                    nbytes: 4096,
                    offset: 0,
                    reserved2: 0,
                    flags: 0,
                    resfd: 0,
                };
                let cb = Box::leak(Box::new(cb)) as *mut Iocb as u64;
                self.bytes(cb.to_ne_bytes().to_vec())
            }
            Fixture::Sigmask => self.bytes(vec![0u8; 8]),
            Fixture::Ts => self.bytes(vec![0u8; 16]),
        };
        self.made.push((f, v));
        Ok(v)
    }

    /// The register value of an argument.
    pub fn value(&mut self, a: &Arg) -> Result<u64, String> {
        Ok(match a {
            Arg::Int(n) => *n as u64,
            Arg::Path(p) => {
                let c = cstr(p);
                let v = c.as_ptr() as u64;
                self.keep_c.push(c);
                v
            }
            Arg::Fixture(f) => self.get(*f)?,
            Arg::Plus(f, n) => self.get(*f)?.wrapping_add(*n as u64),
            Arg::ClosedFd => {
                let fd = open("file", libc::O_RDONLY)?;
                // SAFETY: closing the descriptor just opened.
                unsafe { libc::close(fd as i32) };
                fd
            }
            Arg::LongPath => self.value(&Arg::Path("a".repeat(libc::PATH_MAX as usize + 1)))?,
            Arg::BufTail(n) => self.buf()? + (BUF_SIZE as u64).saturating_sub(*n),
            Arg::PipeNoWriter => {
                let mut fds = [0i32; 2];
                // SAFETY: fds has room for two descriptors; the write end is closed at once.
                unsafe {
                    if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
                        return Err(err("pipe2"));
                    }
                    libc::close(fds[1]);
                }
                fds[0] as u64
            }
            Arg::PipeNoReader => {
                let w = self.get(Fixture::PipeW)?;
                let r = self.get(Fixture::PipeR)?;
                // SAFETY: closing our own read end.
                unsafe { libc::close(r as i32) };
                w
            }
        })
    }

    /// The lowest descriptor number not in use.
    pub fn lowest_free_fd() -> u64 {
        // SAFETY: dup of stdin's slot (or of nothing) and closing the copy.
        let fd = unsafe { libc::fcntl(0, libc::F_DUPFD, 0) };
        if fd < 0 {
            return 3;
        }
        // SAFETY: closing the descriptor just made.
        unsafe { libc::close(fd) };
        fd as u64
    }
}

fn mount(src: &str, target: &str, fstype: &str, flags: libc::c_ulong, data: &str) -> Result<(), String> {
    let (s, t, f, d) = (cstr(src), cstr(target), cstr(fstype), cstr(data));
    // SAFETY: NUL-terminated strings; the caller is in its own mount namespace.
    let r = unsafe { libc::mount(s.as_ptr(), t.as_ptr(), f.as_ptr(), flags, d.as_ptr().cast()) };
    if r != 0 {
        Err(err(&format!("mount {target}")))
    } else {
        Ok(())
    }
}

/// Gives the child a private mount namespace (inside a user namespace when
/// it is not root) and mounts three tmpfs instances in its directory:
/// `rofs` (read-only, holding `file` and `dir`), `fullfs` (full: its one
/// file fills it and no inode is left) and `mnt` (an empty mount point).
/// Nothing is visible outside the child, and it all goes when it exits.
pub fn make_mounts() -> Result<(), String> {
    // SAFETY: plain system calls on our own process.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    let flags = if uid == 0 { libc::CLONE_NEWNS } else { libc::CLONE_NEWNS | libc::CLONE_NEWUSER };
    // SAFETY: unsharing namespaces of this single-threaded child.
    if unsafe { libc::unshare(flags) } != 0 {
        return Err(err("unshare (mount namespace)"));
    }
    if uid != 0 {
        let _ = std::fs::write("/proc/self/setgroups", "deny");
        std::fs::write("/proc/self/uid_map", format!("{uid} {uid} 1")).map_err(|e| format!("uid_map: {e}"))?;
        std::fs::write("/proc/self/gid_map", format!("{gid} {gid} 1")).map_err(|e| format!("gid_map: {e}"))?;
    }
    // Nothing mounted here may propagate out.
    mount("none", "/", "", libc::MS_REC | libc::MS_PRIVATE, "")?;
    for d in ["rofs", "fullfs", "mnt"] {
        std::fs::create_dir(d).map_err(|e| format!("{d}: {e}"))?;
    }
    mount("kapi", "rofs", "tmpfs", 0, "size=64k,mode=0755")?;
    std::fs::write("rofs/file", b"read-only").map_err(|e| format!("rofs/file: {e}"))?;
    std::fs::create_dir("rofs/dir").map_err(|e| format!("rofs/dir: {e}"))?;
    mount("kapi", "rofs", "tmpfs", libc::MS_REMOUNT | libc::MS_RDONLY, "")?;
    mount("kapi", "fullfs", "tmpfs", 0, "size=8k,nr_inodes=2,mode=0777")?;
    // The root and one file use both inodes; the file takes every block.
    let mut f = std::fs::File::create("fullfs/file").map_err(|e| format!("fullfs/file: {e}"))?;
    use std::io::Write;
    let _ = f.write_all(&[b'f'; 16384]);
    mount("kapi", "mnt", "tmpfs", 0, "size=64k,mode=0777")?;
    Ok(())
}
