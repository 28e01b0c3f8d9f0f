/*
 * KAPI spec for mremap (mm/mremap.c), written for kapi in the v4 short-token
 * dialect. Facts are from Linux 6.12's mm/mremap.c, mm/mmap.c and mm/vma.c
 * and the mremap(2) man page; the wording is kapi's own.
 */

/**
 * sys_mremap - Grow, shrink or move an existing mapping
 * @addr: Start of the old range; must be page aligned
 * @old_len: Size of the old range in bytes; 0 duplicates a shared mapping
 * @new_len: Wanted size in bytes; must not be 0
 * @flags: 0, or MREMAP_MAYMOVE, optionally with MREMAP_FIXED and/or
 *   MREMAP_DONTUNMAP
 * @new_addr: Target address with MREMAP_FIXED; a hint with MREMAP_DONTUNMAP
 *   alone
 *
 * long-desc: Resizes the range [addr, addr + old_len), which must lie in a
 *   single mapping, to new_len bytes (both rounded up to whole pages), and
 *   returns the range's start afterwards. Shrinking unmaps the tail and never
 *   moves. Growing extends the mapping in place when the old range ends where
 *   the mapping ends and the pages after it are free; otherwise, if
 *   MREMAP_MAYMOVE is set, the range is moved to a free area large enough,
 *   keeping its contents, without copying the pages.
 *
 *   MREMAP_FIXED (which needs MREMAP_MAYMOVE) moves the range to exactly
 *   new_addr, unmapping whatever was there first. MREMAP_DONTUNMAP (which needs
 *   MREMAP_MAYMOVE and old_len equal to new_len) moves the pages but leaves the
 *   old range mapped and empty: private anonymous memory reads back as zeros
 *   there, and a userfaultfd registered on it sees missing faults.
 *
 *   An old_len of 0 with MREMAP_MAYMOVE creates a second mapping of the same
 *   shared memory at a new place; it is refused for private mappings.
 *
 * contexts: process, sleepable
 *
 * param: addr
 *   type: uint, input
 *   constraint-type: page_aligned
 *   cdesc: Tag bits are removed first. An address that is not a multiple of
 *     PAGE_SIZE fails with EINVAL; one that is not mapped fails with EFAULT.
 *     For hugetlb mappings it must be aligned to the huge page size.
 *
 * param: old_len
 *   type: uint, input
 *   cdesc: Rounded up to PAGE_SIZE. The old range must end inside the mapping
 *     that holds addr (EFAULT otherwise). 0 is accepted only for shared
 *     mappings.
 *
 * param: new_len
 *   type: uint, input
 *   constraint-type: nonzero
 *   cdesc: Rounded up to PAGE_SIZE; a value that rounds up to 0 fails with
 *     EINVAL. Hugetlb mappings cannot grow.
 *
 * param: flags
 *   type: uint, input
 *   constraint-type: enum(0, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)
 *   cdesc: Any other bit, MREMAP_FIXED or MREMAP_DONTUNMAP without
 *     MREMAP_MAYMOVE, and MREMAP_DONTUNMAP with old_len different from new_len
 *     fail with EINVAL before the address space is looked at.
 *
 * param: new_addr
 *   type: uint, input
 *   cdesc: Read only with MREMAP_FIXED or MREMAP_DONTUNMAP; ignored otherwise.
 *     It must be page aligned (EINVAL), the new range must fit below TASK_SIZE
 *     (EINVAL) and must not overlap the old range (EINVAL).
 *
 * return:
 *   type: user_ptr
 *   check-type: range
 *   success: >= 0
 *   desc: The page-aligned start of the range after the call (addr when it did
 *     not move); a negative error code (-4095 to -1) on failure.
 *
 * error: EINVAL, Bad flags, address or length
 *   desc: flags has an unknown bit; MREMAP_FIXED or MREMAP_DONTUNMAP is given
 *     without MREMAP_MAYMOVE; MREMAP_DONTUNMAP is given with old_len different
 *     from new_len; addr is not page aligned; new_len rounds up to 0; with
 *     MREMAP_FIXED or MREMAP_DONTUNMAP, new_addr is not page aligned, the new
 *     range passes TASK_SIZE or it overlaps the old range; old_len is 0 for a
 *     private mapping; MREMAP_DONTUNMAP is used on a VM_DONTEXPAND or VM_PFNMAP
 *     mapping; the grown range's file offset would wrap around; a hugetlb
 *     mapping would grow or an address is not huge page aligned; or the mapping
 *     cannot be split where the move needs it.
 *
 * error: EFAULT, Old range not mapped
 *   desc: addr is not inside a mapping; the old range runs past the end of that
 *     mapping; or a VM_DONTEXPAND or VM_PFNMAP mapping would grow.
 *
 * error: ENOMEM, Cannot grow or move
 *   desc: The mapping cannot grow in place and MREMAP_MAYMOVE is not set; no
 *     free range of new_len bytes exists; the process is within a few mappings
 *     of vm.max_map_count; the grown mapping would exceed RLIMIT_AS or
 *     RLIMIT_DATA, or the overcommit limit; or memory for the new mapping could
 *     not be allocated.
 *
 * error: EAGAIN, Locked memory limit
 *   desc: The mapping is locked, would grow, and the extra pages would take the
 *     caller over RLIMIT_MEMLOCK; the caller lacks CAP_IPC_LOCK.
 *
 * error: EPERM, Mapping is sealed
 *   desc: The old mapping, or with MREMAP_FIXED a mapping at the target, has
 *     been sealed with mseal().
 *
 * error: EINTR, Interrupted
 *   desc: A fatal signal arrived while the call waited for the mmap lock; or a
 *     signal arrived while KSM pages of a range being moved were unshared and
 *     the handler does not restart calls.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, for the whole call; a shrinking call
 *     downgrades it while the tail is freed. Pages of a grown locked mapping
 *     are faulted in after it is released.
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
 *   target: the mapping holding addr
 *   desc: The mapping is shrunk, extended in place or moved to a new address;
 *     page table entries move with it, pages are not copied.
 *   reversible: yes
 *
 * side-effect: resource_destroy
 *   target: the old range's tail, or mappings at new_addr
 *   condition: Shrinking, or MREMAP_FIXED over mapped memory
 *   desc: The part no longer needed is unmapped; MREMAP_FIXED unmaps whatever
 *     was at the target first.
 *   reversible: no
 *
 * side-effect: alloc_memory
 *   target: grown part of a locked mapping
 *   condition: The mapping is locked and grew
 *   desc: The new pages are faulted in and counted in mm->locked_vm.
 *   reversible: yes
 *
 * state-trans: the mapping holding addr
 *   from: [addr, addr + old_len)
 *   to: [result, result + new_len)
 *   desc: With MREMAP_DONTUNMAP the old range stays mapped, now empty.
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Grow a locked mapping beyond RLIMIT_MEMLOCK
 *   without: Such growth fails with EAGAIN
 *   condition: Checked when a locked mapping grows
 *
 * constraint: RLIMIT_AS
 *   desc: Growth must keep the address space within RLIMIT_AS (and the data
 *     part within RLIMIT_DATA).
 *   expr: total_vm + (new_len - old_len) / PAGE_SIZE <= RLIMIT_AS / PAGE_SIZE
 *
 * examples: mremap(buf, PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_MAYMOVE, 0);
 *   mremap(buf, 2 * PAGE_SIZE, PAGE_SIZE, 0, 0);          // shrink in place
 *   mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);   // move to dst
 *   mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0); // leave p empty
 *
 * notes: Pointers into the old range are no longer valid after a move. The
 *   return value is unsigned on the C side; the C library reports failure as
 *   MAP_FAILED.
 */
SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags,
		unsigned long, new_addr)
