/*
 * KAPI spec for munmap (mm/mmap.c), written for kapi in the v4 short-token
 * dialect. Facts are from Linux 6.12's mm/mmap.c and mm/vma.c and the
 * munmap(2) man page; the wording is kapi's own. The x86_64 mmap entry point
 * is specified in arch/x86/kernel/sys_x86_64.c.
 */

/**
 * sys_munmap - Remove the mappings of an address range
 * @addr: Start of the range; must be page aligned
 * @len: Length of the range in bytes; rounded up to whole pages
 *
 * long-desc: Unmaps every page in [addr, addr + len), with len rounded up to a
 *   whole number of pages. Mappings that cross the range's edges are split and
 *   keep their parts outside it. Later accesses to the range fault (SIGSEGV)
 *   until something is mapped there again. Dirty pages of shared file mappings
 *   stay in the page cache and are written back as usual; private and anonymous
 *   pages are freed.
 *
 *   The range need not be mapped: a range with no mappings in it succeeds
 *   without doing anything. Locked pages in the range are unlocked as they are
 *   unmapped.
 *
 * contexts: process, sleepable
 *
 * param: addr
 *   type: uint, input
 *   constraint-type: page_aligned
 *   cdesc: Tag bits are removed first. An address that is not a multiple of
 *     PAGE_SIZE, or that is above TASK_SIZE, fails with EINVAL.
 *
 * param: len
 *   type: uint, input
 *   constraint-type: nonzero
 *   cdesc: Zero fails with EINVAL, as does a length that reaches past TASK_SIZE
 *     from addr. Otherwise it is rounded up to PAGE_SIZE.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success, including when nothing was mapped in the range; a
 *     negative error code otherwise. On error nothing has been unmapped.
 *
 * error: EINVAL, Bad address or length
 *   desc: addr is not page aligned or is above TASK_SIZE; len is 0; or addr +
 *     len passes TASK_SIZE.
 *
 * error: ENOMEM, Too many mappings or out of memory
 *   desc: The range lies strictly inside one mapping, so that unmapping it
 *     would split that mapping in three, and the process already has
 *     vm.max_map_count mappings; or memory for splitting a mapping or for the
 *     bookkeeping could not be allocated.
 *
 * error: EPERM, Range is sealed
 *   desc: A mapping in the range has been sealed with mseal().
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, while the mappings are detached; on
 *     success it is downgraded to a read lock while the page tables and pages
 *     are freed, then released.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock; nothing has been
 *     unmapped.
 *   errno: -EINTR
 *   timing: before
 *   restartable: no
 *
 * side-effect: resource_destroy | free_memory
 *   target: mappings and pages in [addr, addr + len)
 *   desc: The mappings are removed (split first at the edges), their page table
 *     entries cleared and private pages freed; the commit charge and the file
 *     references they held are dropped.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: mm->locked_vm and mm->total_vm
 *   desc: The page counts drop by the pages unmapped (locked pages also from
 *     locked_vm).
 *   reversible: no
 *
 * state-trans: address range [addr, addr + len)
 *   from: mapped
 *   to: unmapped
 *   desc: Accesses now raise SIGSEGV; the range is free for new mappings.
 *
 * constraint: vm.max_map_count
 *   desc: Punching a hole inside one mapping needs one more mapping slot; it
 *     fails when the process already holds vm.max_map_count mappings.
 *   expr: !splits_in_three || mm->map_count < sysctl_max_map_count
 *
 * examples: munmap(buf, PAGE_SIZE);
 *   munmap(p, len);            // release what mmap(NULL, len, ...) returned
 *
 * notes: Closing the file descriptor a mapping was made from does not unmap
 *   it; munmap() or exit does. Unmapping memory that another thread is using
 *   makes that thread fault.
 */
SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
