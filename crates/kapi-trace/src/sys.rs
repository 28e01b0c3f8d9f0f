//! The kernel interfaces the tracer needs that nix does not wrap: the
//! seccomp-bpf filter, `PTRACE_GET_SYSCALL_INFO`, and reading strings from
//! the tracee with `process_vm_readv`.

use nix::unistd::Pid;

const BPF_LD_W_ABS: u16 = 0x20;
const BPF_JMP_JEQ_K: u16 = 0x15;
const BPF_RET_K: u16 = 0x06;
const SECCOMP_RET_TRACE: u32 = 0x7ff0_0000;
const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
/// Offsets in `struct seccomp_data`.
const OFF_NR: u32 = 0;
const OFF_ARCH: u32 = 4;

/// Most system calls one filter can list (jump offsets are 8 bits).
pub const MAX_FILTERED: usize = 250;

/// One BPF instruction (`struct sock_filter`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SockFilter {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

/// A filter that stops the tracee (`SECCOMP_RET_TRACE`) on the listed
/// x86_64 system calls and lets every other call run.
pub fn filter(nrs: &[u32]) -> Result<Vec<SockFilter>, String> {
    if nrs.len() > MAX_FILTERED {
        return Err(format!("{} system calls are too many for one filter (at most {MAX_FILTERED})", nrs.len()));
    }
    let n = nrs.len();
    let mut f = vec![
        SockFilter { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFF_ARCH },
        // Another ABI (x32, i386): let it run.
        SockFilter { code: BPF_JMP_JEQ_K, jt: 0, jf: (n + 1) as u8, k: AUDIT_ARCH_X86_64 },
        SockFilter { code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFF_NR },
    ];
    for (i, nr) in nrs.iter().enumerate() {
        f.push(SockFilter { code: BPF_JMP_JEQ_K, jt: (n - i) as u8, jf: 0, k: *nr });
    }
    f.push(SockFilter { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW });
    f.push(SockFilter { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_TRACE });
    Ok(f)
}

/// Installs `prog` on the calling process (in the child, before `execve`).
/// Without root, `no_new_privs` must be set first, which makes setuid
/// binaries run without their privileges; as root it is not needed.
pub fn install(prog: &[SockFilter]) -> std::io::Result<()> {
    #[repr(C)]
    struct SockFprog {
        len: u16,
        filter: *const SockFilter,
    }
    let fprog = SockFprog { len: prog.len() as u16, filter: prog.as_ptr() };
    // SAFETY: plain prctl/seccomp calls with a valid program that outlives them.
    unsafe {
        if libc::geteuid() != 0 && libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::syscall(libc::SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, 0, &fprog as *const SockFprog) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// What `PTRACE_GET_SYSCALL_INFO` says about a stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyscallInfo {
    /// Syscall-entry or seccomp stop: the number and the arguments.
    Entry {
        /// The syscall number.
        nr: u64,
        /// Its six argument registers.
        args: [u64; 6],
    },
    /// Syscall-exit stop: the return value.
    Exit {
        /// The raw return value (`-errno` on failure).
        rval: i64,
    },
    /// Not a syscall stop.
    None,
}

/// `PTRACE_GET_SYSCALL_INFO` (Linux 5.3).
pub fn syscall_info(pid: Pid) -> std::io::Result<SyscallInfo> {
    const PTRACE_GET_SYSCALL_INFO: libc::c_uint = 0x420e;
    let mut buf = [0u8; 128];
    // SAFETY: the kernel writes at most buf.len() bytes into buf.
    let n = unsafe {
        libc::ptrace(PTRACE_GET_SYSCALL_INFO, pid.as_raw(), buf.len() as *mut libc::c_void, buf.as_mut_ptr())
    };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let u64_at = |o: usize| u64::from_ne_bytes(buf[o..o + 8].try_into().unwrap_or([0; 8]));
    Ok(match buf[0] {
        1 | 3 => {
            let mut args = [0u64; 6];
            for (i, a) in args.iter_mut().enumerate() {
                *a = u64_at(32 + 8 * i);
            }
            SyscallInfo::Entry { nr: u64_at(24), args }
        }
        2 => SyscallInfo::Exit { rval: u64_at(24) as i64 },
        _ => SyscallInfo::None,
    })
}

/// Reads the tracee's memory without stopping it any further. Strings are
/// remembered for the stop they were read at, so rendering and checking a
/// path read it once.
#[derive(Debug)]
pub struct TraceeMemory {
    /// The tracee.
    pub pid: Pid,
    seen: std::cell::RefCell<Vec<(u64, Option<Vec<u8>>)>>,
}

impl TraceeMemory {
    /// Memory of `pid`, nothing read yet.
    pub fn new(pid: Pid) -> Self {
        TraceeMemory { pid, seen: Default::default() }
    }

    fn read(&self, addr: u64, buf: &mut [u8]) -> usize {
        let local = [std::io::IoSliceMut::new(buf)];
        let remote = [nix::sys::uio::RemoteIoVec { base: addr as usize, len: local[0].len() }];
        let mut local = local;
        nix::sys::uio::process_vm_readv(self.pid, &mut local, &remote).unwrap_or(0)
    }

    /// The NUL-terminated string at `addr`, read page by page, up to `max` bytes.
    pub fn string(&self, addr: u64, max: usize) -> Option<Vec<u8>> {
        if addr == 0 {
            return None;
        }
        if let Some((_, s)) =
            self.seen.borrow().iter().find(|(a, s)| *a == addr && s.as_ref().is_none_or(|s| s.len() <= max))
        {
            return s.clone();
        }
        let s = self.read_string(addr, max);
        self.seen.borrow_mut().push((addr, s.clone()));
        s
    }

    fn read_string(&self, addr: u64, max: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut at = addr;
        while out.len() <= max {
            // Never cross a page in one read: the next page may be unmapped.
            let room = (4096 - (at % 4096)) as usize;
            let mut chunk = vec![0u8; room.min(max + 1 - out.len()).max(1)];
            let n = self.read(at, &mut chunk);
            if n == 0 {
                return None;
            }
            if let Some(z) = chunk[..n].iter().position(|b| *b == 0) {
                out.extend_from_slice(&chunk[..z]);
                return Some(out);
            }
            out.extend_from_slice(&chunk[..n]);
            at += n as u64;
        }
        Some(out)
    }
}

impl kapi_check::Memory for TraceeMemory {
    fn strnlen(&self, addr: u64, max: usize) -> Option<usize> {
        self.string(addr, max).map(|s| s.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_jumps_land_on_the_returns() {
        let f = filter(&[0, 1, 257]).unwrap();
        assert_eq!(f.len(), 8);
        // The arch check falls through to ALLOW (index 6) for other ABIs.
        assert_eq!(1 + 1 + f[1].jf as usize, 6);
        // Each syscall match jumps to TRACE (index 7).
        for i in 0..3 {
            assert_eq!(3 + i + 1 + f[3 + i].jt as usize, 7);
        }
        assert_eq!(f[6].k, SECCOMP_RET_ALLOW);
        assert_eq!(f[7].k, SECCOMP_RET_TRACE);
        assert!(filter(&vec![0; 251]).is_err());
    }
}
