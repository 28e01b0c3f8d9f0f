//! Name-to-number tables for x86_64: errnos, signals, capabilities, common
//! kernel constants and system call numbers.
//!
//! The tables are generated from a kernel tree by `scripts/gen-tables.py` and
//! are the only place these numbers live.

mod generated;

pub use generated::{CAPABILITIES, CONSTANTS, ERRNOS, SIGNALS, SYSCALLS};

fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.binary_search_by(|(k, _)| (*k).cmp(name)).ok().map(|i| table[i].1)
}

/// The positive errno number of `name` (`ENOMEM` gives 12).
pub fn errno(name: &str) -> Option<i32> {
    lookup(ERRNOS, name)
}

/// The canonical name of a positive errno number. Where several names share a
/// number (`EAGAIN`/`EWOULDBLOCK`), the first in the usual order is returned.
pub fn errno_name(num: i32) -> Option<&'static str> {
    const PREFERRED: &[&str] = &["EAGAIN", "EDEADLK", "EOPNOTSUPP"];
    for p in PREFERRED {
        if errno(p) == Some(num) {
            return Some(p);
        }
    }
    ERRNOS.iter().find(|(_, n)| *n == num).map(|(k, _)| *k)
}

/// Whether `num` is an error number that user space can see (1..=133 on
/// x86_64); kernel-internal codes such as `ERESTARTSYS` (512) are not.
pub fn errno_is_user_visible(num: i32) -> bool {
    (1..512).contains(&num)
}

/// The number of signal `name` (`SIGKILL` gives 9).
pub fn signal(name: &str) -> Option<i32> {
    lookup(SIGNALS, name)
}

/// The number of capability `name` (`CAP_IPC_LOCK` gives 14).
pub fn capability(name: &str) -> Option<i32> {
    lookup(CAPABILITIES, name)
}

/// The name of capability number `num`.
pub fn capability_name(num: i32) -> Option<&'static str> {
    CAPABILITIES.iter().find(|(_, n)| *n == num).map(|(k, _)| *k)
}

/// The value of a named constant, searching constants, errnos, signals and
/// capabilities in that order.
pub fn constant(name: &str) -> Option<i128> {
    lookup(CONSTANTS, name)
        .or_else(|| errno(name).map(i128::from))
        .or_else(|| signal(name).map(i128::from))
        .or_else(|| capability(name).map(i128::from))
}

/// The x86_64 number of system call `name` (`mlock` or `sys_mlock` gives 149).
pub fn syscall(name: &str) -> Option<u32> {
    lookup(SYSCALLS, name.strip_prefix("sys_").unwrap_or(name))
}

/// The name of x86_64 system call number `nr` (without `sys_`).
pub fn syscall_name(nr: u32) -> Option<&'static str> {
    SYSCALLS.iter().find(|(_, n)| *n == nr).map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        fn sorted<T>(t: &[(&str, T)]) -> bool {
            t.windows(2).all(|w| w[0].0 < w[1].0)
        }
        assert!(sorted(ERRNOS));
        assert!(sorted(SIGNALS));
        assert!(sorted(CAPABILITIES));
        assert!(sorted(CONSTANTS));
        assert!(sorted(SYSCALLS));
    }

    #[test]
    fn well_known_values() {
        assert_eq!(errno("ENOMEM"), Some(12));
        assert_eq!(errno("EWOULDBLOCK"), errno("EAGAIN"));
        assert_eq!(errno("ERESTARTSYS"), Some(512));
        assert_eq!(errno_name(11), Some("EAGAIN"));
        assert_eq!(signal("SIGKILL"), Some(9));
        assert_eq!(capability("CAP_IPC_LOCK"), Some(14));
        assert_eq!(constant("LONG_MAX"), Some(i64::MAX as i128));
        assert_eq!(constant("O_CREAT"), Some(0o100));
        assert_eq!(constant("PAGE_SIZE"), Some(4096));
        assert_eq!(constant("NO_SUCH_THING"), None);
        assert_eq!(constant("EPOLLIN"), Some(1));
        assert_eq!(constant("IOCB_CMD_PWRITEV"), Some(8));
        assert_eq!(syscall("sys_mlock"), Some(149));
        assert_eq!(syscall("openat2"), Some(437));
        assert_eq!(syscall_name(0), Some("read"));
    }
}
