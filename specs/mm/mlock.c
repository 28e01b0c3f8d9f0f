/*
 * KAPI specs for the mlock family (mm/mlock.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's mm/mlock.c and mm/gup.c
 * and the mlock(2) man page; the wording is kapi's own.
 */

/**
 * sys_mlock - Lock a range of the caller's address space into RAM
 * @start: Start of the range; rounded down to a page boundary
 * @len: Length of the range in bytes; the end is rounded up to a page boundary
 *
 * long-desc: Marks every mapping that overlaps [start, start + len) as locked
 *   and faults its pages in, so that they stay resident in RAM and are not
 *   written to swap until they are unlocked or unmapped. The kernel widens the
 *   range to whole pages: start is rounded down and the end is rounded up.
 *   Locks do not nest; one munlock() undoes any number of mlock() calls on the
 *   same pages.
 *
 *   The range must be mapped without gaps. The locked amount counts against
 *   RLIMIT_MEMLOCK unless the caller has CAP_IPC_LOCK; pages that are already
 *   locked are not counted twice.
 *
 *   A zero-length range succeeds without doing anything, once the permission
 *   check has passed.
 *
 * contexts: process, sleepable
 *
 * param: start
 *   type: uint, input
 *   cdesc: Any address is accepted. Tag bits are removed with untagged_addr()
 *     and the result is rounded down to PAGE_SIZE.
 *
 * param: len
 *   type: uint, input
 *   cdesc: Any length is accepted. The length is first extended by the offset
 *     of start within its page and then rounded up to PAGE_SIZE. A length so
 *     large that start + len wraps around fails with EINVAL.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when every page of the range is locked; a negative error code
 *     otherwise. On error, part of the range may already be locked.
 *
 * error: EPERM, Locking is not permitted
 *   desc: RLIMIT_MEMLOCK is 0 and the caller lacks CAP_IPC_LOCK. This check
 *     comes first, so it applies even to a zero-length range.
 *
 * error: EINVAL, Range wraps around
 *   desc: After rounding, start + len is lower than start.
 *
 * error: ENOMEM, Range not mapped or over the limit
 *   desc: Part of the range is not mapped, or there is a gap between its
 *     mappings; or locking would take the caller over RLIMIT_MEMLOCK and it
 *     lacks CAP_IPC_LOCK; or splitting a mapping at the range's edges would
 *     exceed vm.max_map_count. Also returned when part of the range is mapped
 *     PROT_NONE, whose pages cannot be faulted in.
 *
 * error: EAGAIN, Pages could not be locked
 *   desc: The mappings were marked locked, but the kernel ran out of memory
 *     while faulting some of the pages in.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock or
 *     while it was faulting pages in.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, while the mappings are marked and
 *     released before the pages are faulted in; faulting takes it again for
 *     reading.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock or between pages of
 *     the fault-in loop. Ordinary signals do not interrupt it.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: VM_LOCKED flag of the mappings in the range
 *   desc: Every mapping in the range gets VM_LOCKED; mappings that cross the
 *     range's edges are split first.
 *   reversible: yes
 *
 * side-effect: alloc_memory
 *   target: pages of the range
 *   condition: Pages not yet resident
 *   desc: Missing pages are faulted in and pinned in RAM.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: mm->locked_vm
 *   desc: The count of locked pages grows by the pages newly locked.
 *   reversible: yes
 *
 * state-trans: pages of the range
 *   from: swappable
 *   to: locked in RAM
 *   desc: The pages stay resident until unlocked, unmapped or the process
 *     exits.
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Lock memory beyond RLIMIT_MEMLOCK, including when the limit is 0
 *   without: The call fails with EPERM when RLIMIT_MEMLOCK is 0 and with ENOMEM
 *     when the request would exceed it
 *   condition: Checked when RLIMIT_MEMLOCK is 0 or would be exceeded
 *
 * constraint: RLIMIT_MEMLOCK
 *   desc: Without CAP_IPC_LOCK, the pages locked after the call, counting
 *     already locked pages once, must not exceed RLIMIT_MEMLOCK.
 *   expr: locked_vm + new_pages <= RLIMIT_MEMLOCK / PAGE_SIZE ||
 *     capable(CAP_IPC_LOCK)
 *
 * examples: mlock(buf, PAGE_SIZE);  // keep one page out of swap
 *   mlock(buf + 100, 1);              // locks the whole page holding buf + 100
 *
 * notes: Locks are not inherited by fork() children and are removed by
 *   execve(). Pages of the range in VM_IO or VM_PFNMAP mappings are skipped
 *   when faulting in.
 */
SYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)

/**
 * sys_mlock2 - Lock a range of the caller's address space, with flags
 * @start: Start of the range; rounded down to a page boundary
 * @len: Length of the range in bytes; the end is rounded up to a page boundary
 * @flags: 0, or MLOCK_ONFAULT to lock pages only as they are faulted in
 *
 * long-desc: Like mlock(), with a flags argument. With MLOCK_ONFAULT the
 *   mappings are marked VM_LOCKED and VM_LOCKONFAULT and pages that are already
 *   resident are locked, but missing pages are not faulted in now; they are
 *   locked when they are first touched. With flags 0 the call behaves exactly
 *   as mlock().
 *
 * contexts: process, sleepable
 *
 * param: start
 *   type: uint, input
 *   cdesc: Any address is accepted. Tag bits are removed and the result is
 *     rounded down to PAGE_SIZE.
 *
 * param: len
 *   type: uint, input
 *   cdesc: Any length is accepted. It is extended by the offset of start within
 *     its page and rounded up to PAGE_SIZE.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(MLOCK_ONFAULT)
 *   cdesc: Any other bit fails with EINVAL before anything else is checked.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINVAL, Bad flags or range wraps around
 *   desc: flags has a bit other than MLOCK_ONFAULT, or after rounding start +
 *     len is lower than start.
 *
 * error: EPERM, Locking is not permitted
 *   desc: RLIMIT_MEMLOCK is 0 and the caller lacks CAP_IPC_LOCK.
 *
 * error: ENOMEM, Range not mapped or over the limit
 *   desc: Part of the range is not mapped or has gaps; or locking would take
 *     the caller over RLIMIT_MEMLOCK without CAP_IPC_LOCK; or splitting a
 *     mapping would exceed vm.max_map_count.
 *
 * error: EAGAIN, Pages could not be locked
 *   desc: The kernel ran out of memory while faulting pages in (only without
 *     MLOCK_ONFAULT, which faults nothing in).
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock or
 *     faulted pages in.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, while the mappings are marked.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock or while faulting
 *     pages in.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: VM_LOCKED and VM_LOCKONFAULT flags of the mappings in the range
 *   desc: The mappings in the range are marked locked (and lock-on-fault with
 *     MLOCK_ONFAULT); mappings crossing the edges are split.
 *   reversible: yes
 *
 * side-effect: alloc_memory
 *   target: pages of the range
 *   condition: flags is 0 and pages are not yet resident
 *   desc: Missing pages are faulted in and pinned.
 *   reversible: yes
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Lock memory beyond RLIMIT_MEMLOCK, including when the limit is 0
 *   without: EPERM when RLIMIT_MEMLOCK is 0, ENOMEM when it would be exceeded
 *   condition: Checked when RLIMIT_MEMLOCK is 0 or would be exceeded
 *
 * constraint: RLIMIT_MEMLOCK
 *   desc: Without CAP_IPC_LOCK, the pages locked after the call must not exceed
 *     RLIMIT_MEMLOCK.
 *   expr: locked_vm + new_pages <= RLIMIT_MEMLOCK / PAGE_SIZE ||
 *     capable(CAP_IPC_LOCK)
 *
 * examples: mlock2(buf, 2 * PAGE_SIZE, MLOCK_ONFAULT);  // lock pages as they are used
 *
 * notes: glibc provides mlock2() since version 2.27. MLOCK_ONFAULT is useful
 *   for large sparse mappings where faulting everything in up front would
 *   waste memory.
 */
SYSCALL_DEFINE3(mlock2, unsigned long, start, size_t, len, int, flags)

/**
 * sys_munlock - Unlock a range of the caller's address space
 * @start: Start of the range; rounded down to a page boundary
 * @len: Length of the range in bytes; the end is rounded up to a page boundary
 *
 * long-desc: Clears VM_LOCKED and VM_LOCKONFAULT on every mapping in the range,
 *   so that its pages may be swapped out again. Unlocking needs no privilege
 *   and is not limited by RLIMIT_MEMLOCK. The range is widened to whole pages
 *   as for mlock(), and it must be mapped without gaps.
 *
 * contexts: process, sleepable
 *
 * param: start
 *   type: uint, input
 *   cdesc: Any address is accepted; it is untagged and rounded down to
 *     PAGE_SIZE.
 *
 * param: len
 *   type: uint, input
 *   cdesc: Any length is accepted; it is extended by start's offset in its page
 *     and rounded up to PAGE_SIZE.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINVAL, Range wraps around
 *   desc: After rounding, start + len is lower than start.
 *
 * error: ENOMEM, Range not mapped
 *   desc: Part of the range is not mapped or has gaps, or splitting a locked
 *     mapping would exceed vm.max_map_count.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, for the whole call.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock.
 *   errno: -EINTR
 *   timing: before
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: VM_LOCKED flag of the mappings in the range
 *   desc: The lock flags are cleared; mappings crossing the edges are split.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: mm->locked_vm
 *   desc: The count of locked pages drops by the pages unlocked.
 *   reversible: yes
 *
 * state-trans: pages of the range
 *   from: locked in RAM
 *   to: swappable
 *   desc: The pages may be reclaimed again.
 *
 * examples: munlock(buf, PAGE_SIZE);
 *
 * notes: Unlocking pages that are not locked is not an error.
 */
SYSCALL_DEFINE2(munlock, unsigned long, start, size_t, len)

/**
 * sys_mlockall - Lock the caller's whole address space
 * @flags: MCL_CURRENT, MCL_FUTURE, or both, optionally with MCL_ONFAULT
 *
 * long-desc: MCL_CURRENT locks every mapping the process has now and faults its
 *   pages in; MCL_FUTURE makes every later mapping locked when it is created.
 *   MCL_ONFAULT, given with either, marks mappings lock-on-fault instead of
 *   faulting them in. Each call replaces the MCL_FUTURE state left by an
 *   earlier call: a call without MCL_FUTURE stops locking new mappings.
 *
 *   Errors while faulting pages in are ignored: the call still returns 0.
 *
 * contexts: process, sleepable
 *
 * param: flags
 *   type: int, input
 *   constraint-type: enum(MCL_CURRENT, MCL_FUTURE, MCL_CURRENT | MCL_FUTURE, MCL_CURRENT | MCL_ONFAULT, MCL_FUTURE | MCL_ONFAULT, MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)
 *   cdesc: Zero, any bit outside MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT, and
 *     MCL_ONFAULT alone fail with EINVAL.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINVAL, Bad flags
 *   desc: flags is 0, has a bit outside MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT,
 *     or is MCL_ONFAULT alone.
 *
 * error: EPERM, Locking is not permitted
 *   desc: RLIMIT_MEMLOCK is 0 and the caller lacks CAP_IPC_LOCK.
 *
 * error: ENOMEM, Address space over the limit
 *   desc: MCL_CURRENT is set, the process's total mapped size exceeds
 *     RLIMIT_MEMLOCK and the caller lacks CAP_IPC_LOCK.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, while the mappings are marked; released
 *     before the pages are faulted in.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock.
 *   errno: -EINTR
 *   timing: before
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: mm->def_flags
 *   desc: VM_LOCKED (and VM_LOCKONFAULT) is set for future mappings with
 *     MCL_FUTURE and cleared without it.
 *   reversible: yes
 *
 * side-effect: modify_state | alloc_memory
 *   target: every mapping of the process
 *   condition: MCL_CURRENT is set
 *   desc: All mappings are marked locked and, without MCL_ONFAULT, their pages
 *     are faulted in.
 *   reversible: yes
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Lock the whole address space whatever RLIMIT_MEMLOCK says
 *   without: EPERM when RLIMIT_MEMLOCK is 0; ENOMEM when MCL_CURRENT is set and
 *     the address space is larger than the limit
 *   condition: Checked when RLIMIT_MEMLOCK is 0 or smaller than the address
 *     space
 *
 * constraint: RLIMIT_MEMLOCK
 *   desc: With MCL_CURRENT and without CAP_IPC_LOCK, the process's mapped size
 *     must not exceed RLIMIT_MEMLOCK.
 *   expr: !(flags & MCL_CURRENT) || total_vm <= RLIMIT_MEMLOCK / PAGE_SIZE ||
 *     capable(CAP_IPC_LOCK)
 *
 * examples: mlockall(MCL_CURRENT | MCL_FUTURE);  // real-time process start-up
 *
 * notes: Memory mapped later with MCL_FUTURE in effect still counts against
 *   RLIMIT_MEMLOCK; an mmap() that would exceed it fails with EAGAIN.
 */
SYSCALL_DEFINE1(mlockall, int, flags)

/**
 * sys_munlockall - Unlock the caller's whole address space
 *
 * long-desc: Clears the lock flags of every mapping of the process and of
 *   mm->def_flags, so that neither current nor future mappings are locked. It
 *   needs no privilege.
 *
 * contexts: process, sleepable
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, for the whole call.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock.
 *   errno: -EINTR
 *   timing: before
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: every mapping of the process, and mm->def_flags
 *   desc: VM_LOCKED and VM_LOCKONFAULT are cleared everywhere.
 *   reversible: yes
 *
 * examples: munlockall();
 */
SYSCALL_DEFINE0(munlockall)
