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
/// `noexec`, `badexe`, `symlink`, `loop`, and `exe` when `exe` is true.
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
            Arg::PipeNoReader => {
                let w = self.get(Fixture::PipeW)?;
                let r = self.get(Fixture::PipeR)?;
                // SAFETY: closing our own read end.
                unsafe { libc::close(r as i32) };
                w
            }
        })
    }

    /// The highest descriptor in use.
    pub fn max_fd(&self) -> u64 {
        self.made.iter().filter(|(f, _)| f.is_fd() && *f != Fixture::Ctx).map(|(_, v)| *v).max().unwrap_or(2)
    }
}
