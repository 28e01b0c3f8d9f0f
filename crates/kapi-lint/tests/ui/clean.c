/*
 * A complete spec in the newest dialect: no findings at any level.
 */

/**
 * sys_lock_range - Lock a range of memory
 * @start: Start address
 * @len: Length in bytes
 * @flags: 0 or LOCK_FLAG_ONFAULT
 *
 * long-desc: Locks the pages of the range in memory.
 *
 * contexts: process, sleepable
 *
 * param: start
 *   type: uint, input
 *   cdesc: Rounded down to a page boundary.
 *
 * param: len
 *   type: uint, input
 *   constraint-type: range(0, SIZE_MAX)
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(MLOCK_ONFAULT)
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success.
 *
 * error: EINVAL, Bad flags
 *   desc: A flag other than MLOCK_ONFAULT is set.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while waiting for the lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending
 *   errno: -EINTR
 *   timing: before
 *
 * side-effect: modify_state
 *   target: the mappings of the range
 *   reversible: yes
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Lock beyond RLIMIT_MEMLOCK
 *
 * examples: lock_range(p, 4096, 0);
 */
SYSCALL_DEFINE3(lock_range, unsigned long, start, size_t, len, int, flags)
