/*
 * KAPI spec for madvise (mm/madvise.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's mm/madvise.c,
 * mm/khugepaged.c, mm/ksm.c, mm/mseal.c and mm/gup.c and the madvise(2) man
 * page; the wording is kapi's own.
 */

/**
 * sys_madvise - Tell the kernel how a range of memory will be used
 * @start: Start of the range; must be page aligned
 * @len_in: Length of the range in bytes; rounded up to whole pages
 * @behavior: The advice, one of the MADV_* values
 *
 * long-desc: Applies one piece of advice to every mapping that overlaps [start,
 *   start + len_in). Some advice only changes how the kernel treats the pages
 *   later (MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_DONTFORK,
 *   MADV_DOFORK, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_DONTDUMP, MADV_DODUMP,
 *   MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE): it is
 *   stored as flags on the mappings, which are split at the range's edges when
 *   needed. Other advice acts on the pages at once: MADV_WILLNEED starts
 *   read-ahead or swap-in, MADV_DONTNEED and MADV_DONTNEED_LOCKED drop the
 *   pages, MADV_FREE marks private anonymous pages as freeable under memory
 *   pressure, MADV_REMOVE punches a hole in the backing file, MADV_COLD and
 *   MADV_PAGEOUT deactivate or reclaim pages, MADV_POPULATE_READ and
 *   MADV_POPULATE_WRITE fault pages in, and MADV_COLLAPSE builds transparent
 *   huge pages now.
 *
 *   Holes in the range do not stop the walk: the advice is applied to every
 *   mapped part and the call then fails with ENOMEM. The exceptions are
 *   MADV_POPULATE_READ and MADV_POPULATE_WRITE, which stop at the first hole. A
 *   length of 0 succeeds without doing anything once the advice and start have
 *   been checked.
 *
 * contexts: process, sleepable
 *
 * param: start
 *   type: uint, input
 *   constraint-type: page_aligned
 *   cdesc: An address that is not a multiple of PAGE_SIZE fails with EINVAL.
 *     Tag bits are removed after the checks.
 *
 * param: len_in
 *   type: uint, input
 *   cdesc: Any length is accepted; it is rounded up to PAGE_SIZE. A length that
 *     rounds up to 0 (within a page of SIZE_MAX) or that makes the end wrap
 *     around fails with EINVAL.
 *
 * param: behavior
 *   type: int, input
 *   constraint-type: enum(MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_REMOVE, MADV_DONTFORK, MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP, MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED, MADV_COLLAPSE, MADV_HWPOISON, MADV_SOFT_OFFLINE, 102, 103)
 *   cdesc: The list is the x86_64 set of 6.12, plus 102 and 103
 *     (MADV_GUARD_INSTALL and MADV_GUARD_REMOVE, added in 6.13), which a 6.12
 *     kernel rejects with EINVAL. MADV_MERGEABLE and MADV_UNMERGEABLE exist
 *     only with CONFIG_KSM; MADV_HUGEPAGE, MADV_NOHUGEPAGE and MADV_COLLAPSE
 *     only with CONFIG_TRANSPARENT_HUGEPAGE; MADV_HWPOISON and
 *     MADV_SOFT_OFFLINE only with CONFIG_MEMORY_FAILURE. Any other value fails
 *     with EINVAL before anything else is checked.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the advice was applied to the whole range; a negative error
 *     code otherwise. On error the advice may already have been applied to part
 *     of the range.
 *
 * error: EINVAL, Bad advice, start or length, or advice not valid here
 *   desc: behavior is not a known value; start is not page aligned; the length
 *     rounds up to 0 or start + length wraps around. Also returned when the
 *     advice does not fit a mapping in the range: MADV_DONTNEED, MADV_FREE,
 *     MADV_COLD or MADV_PAGEOUT on a locked or VM_PFNMAP mapping
 *     (MADV_DONTNEED_LOCKED accepts locked ones); MADV_FREE on anything but
 *     private anonymous memory; MADV_COLD, MADV_PAGEOUT or MADV_FREE on hugetlb
 *     memory, or MADV_DONTNEED on hugetlb memory at an address that is not huge
 *     page aligned; MADV_REMOVE on a locked or anonymous mapping; MADV_DOFORK
 *     on a VM_IO mapping; MADV_WIPEONFORK on a file or shared mapping;
 *     MADV_KEEPONFORK on a MAP_DROPPABLE mapping; MADV_DODUMP on a special
 *     (VM_IO, VM_PFNMAP, VM_MIXEDMAP or VM_DONTEXPAND) non-hugetlb mapping or a
 *     MAP_DROPPABLE one; MADV_POPULATE_READ or MADV_POPULATE_WRITE on a VM_IO
 *     or VM_PFNMAP mapping or on one whose protection forbids the access;
 *     MADV_COLLAPSE on a mapping that cannot hold transparent huge pages, or
 *     when the collapse fails for a lasting reason.
 *
 * error: ENOMEM, Range not fully mapped or out of memory
 *   desc: Part of the range is not mapped (the advice is still applied to the
 *     mapped parts, except for the populate advice, which stops). Also returned
 *     when MADV_POPULATE_READ or MADV_POPULATE_WRITE runs out of memory, and
 *     when MADV_COLLAPSE cannot allocate a huge page.
 *
 * error: EAGAIN, Kernel resources temporarily unavailable
 *   desc: Splitting or merging a mapping to store the advice ran out of memory
 *     or would exceed vm.max_map_count (the kernel reports this as EAGAIN
 *     rather than ENOMEM); or MADV_COLLAPSE met pages that were locked, busy or
 *     being changed, so that a retry may succeed.
 *
 * error: EBUSY, Huge page could not be charged
 *   desc: MADV_COLLAPSE could not charge the new huge page to the memory
 *     cgroup. Also returned by MADV_SOFT_OFFLINE or MADV_HWPOISON when the page
 *     cannot be handled now.
 *
 * error: EACCES, MADV_REMOVE on a mapping that is not shared and writable
 *   desc: MADV_REMOVE was given for a file mapping that was not created with
 *     MAP_SHARED on a file open for writing.
 *
 * error: EOPNOTSUPP, File system cannot punch holes
 *   desc: MADV_REMOVE was given for a file whose file system does not support
 *     hole punching with fallocate().
 *
 * error: EIO, I/O error while punching a hole
 *   desc: The file system reported an I/O error while MADV_REMOVE freed the
 *     backing store.
 *
 * error: EPERM, Not permitted
 *   desc: MADV_HWPOISON or MADV_SOFT_OFFLINE was given without CAP_SYS_ADMIN;
 *     or discarding advice (MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE,
 *     MADV_REMOVE, MADV_DONTFORK, MADV_WIPEONFORK) was given for a sealed
 *     (mseal()) private anonymous mapping that is not writable.
 *
 * error: EFAULT, Fault while populating
 *   desc: MADV_POPULATE_READ or MADV_POPULATE_WRITE hit a page whose fault
 *     would raise SIGBUS or SIGSEGV, for example past the end of the mapped
 *     file; or MADV_HWPOISON or MADV_SOFT_OFFLINE could not get a page of the
 *     range.
 *
 * error: EHWPOISON, Poisoned page
 *   desc: MADV_POPULATE_READ or MADV_POPULATE_WRITE hit a page with a hardware
 *     memory error, or MADV_HWPOISON found the page already poisoned.
 *
 * error: EINTR, Interrupted
 *   desc: A fatal signal arrived while the call waited for the mmap lock (for
 *     advice that takes it for writing) or while MADV_POPULATE_READ or
 *     MADV_POPULATE_WRITE faulted pages in; or a signal arrived while
 *     MADV_UNMERGEABLE was unsharing KSM pages and the handler does not restart
 *     calls.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, for advice that changes mapping flags
 *     (MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, the fork, dump, KSM and huge
 *     page advice); taken for reading for MADV_WILLNEED, MADV_DONTNEED,
 *     MADV_DONTNEED_LOCKED, MADV_FREE, MADV_REMOVE, MADV_COLD, MADV_PAGEOUT,
 *     the populate advice and MADV_COLLAPSE. MADV_WILLNEED on files,
 *     MADV_REMOVE and MADV_COLLAPSE drop it for a while and retake it.
 *     MADV_HWPOISON and MADV_SOFT_OFFLINE do not take it.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock for writing or
 *     between pages of MADV_POPULATE_READ and MADV_POPULATE_WRITE.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: vm_flags of the mappings in the range
 *   condition: Advice that is stored on the mappings
 *   desc: VM_SEQ_READ, VM_RAND_READ, VM_DONTCOPY, VM_WIPEONFORK, VM_DONTDUMP,
 *     VM_MERGEABLE, VM_HUGEPAGE or VM_NOHUGEPAGE is set or cleared; mappings
 *     that cross the range's edges are split and neighbours may be merged.
 *   reversible: yes
 *
 * side-effect: free_memory
 *   target: pages of the range
 *   condition: MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE or MADV_PAGEOUT
 *   desc: MADV_DONTNEED and MADV_DONTNEED_LOCKED unmap the pages at once;
 *     private anonymous pages then read back as zeros and file pages are read
 *     again from the file. MADV_FREE lets the kernel free clean private pages
 *     lazily unless they are written again. MADV_PAGEOUT reclaims the pages
 *     now.
 *   reversible: no
 *
 * side-effect: filesystem | irreversible
 *   target: backing file of the range
 *   condition: MADV_REMOVE
 *   desc: The file's blocks behind the range are freed as by
 *     fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE); the data is lost.
 *   reversible: no
 *
 * side-effect: alloc_memory
 *   target: pages of the range
 *   condition: MADV_WILLNEED, MADV_POPULATE_READ, MADV_POPULATE_WRITE or
 *     MADV_COLLAPSE
 *   desc: Pages are read ahead, swapped in, faulted in or replaced by huge
 *     pages.
 *   reversible: yes
 *
 * side-effect: hardware | irreversible
 *   target: physical pages behind the range
 *   condition: MADV_HWPOISON or MADV_SOFT_OFFLINE
 *   desc: The pages are treated as if they had a memory error, or their
 *     contents are moved and the old physical pages are taken out of use.
 *   reversible: no
 *
 * state-trans: private anonymous pages of the range
 *   from: resident with data
 *   to: unmapped, zero-filled on next access
 *   condition: MADV_DONTNEED or MADV_DONTNEED_LOCKED
 *   desc: The data is gone; the next touch maps a fresh zeroed page.
 *
 * capability: CAP_SYS_ADMIN
 *   type: perform_operation
 *   allows: Use MADV_HWPOISON and MADV_SOFT_OFFLINE
 *   without: Those two values fail with EPERM; the rest of the advice needs no
 *     privilege
 *   condition: Checked only for MADV_HWPOISON and MADV_SOFT_OFFLINE
 *
 * examples: madvise(buf, PAGE_SIZE, MADV_DONTNEED);
 *   madvise(buf, 2 * PAGE_SIZE, MADV_WILLNEED);     // start read-ahead
 *   madvise(heap, heap_len, MADV_FREE);             // allocator returns memory
 *   madvise(table, table_len, MADV_HUGEPAGE);       // ask for THP
 *   madvise(secret, secret_len, MADV_DONTDUMP);     // keep out of core dumps
 *
 * notes: The advice values 5 to 7, 26 to 99 and above 101 are not defined in
 *   6.12 and fail with EINVAL. Without CONFIG_SWAP, MADV_WILLNEED on anonymous memory fails with
 *   EBADF; 6.12 kernels built for x86_64 normally have swap support. The
 *   related process_madvise() accepts only MADV_COLD, MADV_PAGEOUT,
 *   MADV_WILLNEED and MADV_COLLAPSE.
 */
SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior)
