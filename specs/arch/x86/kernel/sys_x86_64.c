/*
 * KAPI spec for the x86_64 mmap entry point (arch/x86/kernel/sys_x86_64.c),
 * written for kapi in the v4 short-token dialect. Facts are from Linux 6.12's
 * arch/x86/kernel/sys_x86_64.c, mm/mmap.c, mm/util.c and mm/vma.c and the
 * mmap(2) man page; the wording is kapi's own.
 */

/**
 * sys_mmap - Map a file or anonymous memory into the caller's address space
 * @addr: Where to place the mapping: a hint, or the exact address with
 *   MAP_FIXED
 * @len: Length of the mapping in bytes; rounded up to whole pages
 * @prot: Access allowed to the pages: PROT_NONE or PROT_READ, PROT_WRITE,
 *   PROT_EXEC
 * @flags: Mapping type (MAP_SHARED, MAP_PRIVATE, ...) plus modifier flags
 * @fd: File to map; ignored with MAP_ANONYMOUS
 * @off: Byte offset into the file; must be a multiple of the page size
 *
 * long-desc: Creates a new mapping of len bytes, rounded up to whole pages, and
 *   returns its start address. A file mapping shows the file from offset off;
 *   an anonymous mapping (MAP_ANONYMOUS) starts out zero-filled. With
 *   MAP_SHARED (or MAP_SHARED_VALIDATE) stores are visible to every other
 *   mapping of the same object and reach the file; with MAP_PRIVATE they go to
 *   copy-on-write pages of this process only. MAP_DROPPABLE makes private
 *   anonymous memory that the kernel may zero under memory pressure.
 *
 *   Without MAP_FIXED, addr is only a hint: the kernel picks a free range, near
 *   addr when possible. MAP_FIXED places the mapping exactly at addr and
 *   silently unmaps whatever was there; MAP_FIXED_NOREPLACE does the same but
 *   fails with EEXIST instead of replacing anything.
 *
 *   On x86_64 this is the entry point of mmap(); off is in bytes and is turned
 *   into a page offset before the common code runs. The mmap lock is taken for
 *   writing for the whole setup; with MAP_POPULATE or MAP_LOCKED the pages are
 *   faulted in after it is released, and errors while doing so are ignored.
 *
 * contexts: process, sleepable
 *
 * param: addr
 *   type: uint, input
 *   cdesc: Without MAP_FIXED or MAP_FIXED_NOREPLACE any value is accepted: it
 *     is rounded down to a page and raised to vm.mmap_min_addr when lower (0
 *     means no hint). With MAP_FIXED it must be page aligned (EINVAL), the
 *     range must end at or below TASK_SIZE (ENOMEM) and start at or above
 *     vm.mmap_min_addr unless the caller has CAP_SYS_RAWIO (EPERM).
 *
 * param: len
 *   type: uint, input
 *   constraint-type: nonzero
 *   cdesc: Zero fails with EINVAL. The length is rounded up to PAGE_SIZE; a
 *     length that rounds up to 0 or is larger than TASK_SIZE fails with ENOMEM.
 *     For hugetlb mappings it is rounded up to the huge page size instead.
 *
 * param: prot
 *   type: uint, input
 *   cdesc: PROT_NONE or any combination of PROT_READ, PROT_WRITE and PROT_EXEC.
 *     Other bits are ignored rather than rejected. Under the READ_IMPLIES_EXEC
 *     personality PROT_READ also grants PROT_EXEC, except on noexec mounts.
 *
 * param: flags
 *   type: uint, input
 *   cdesc: The low four bits (MAP_TYPE) must be MAP_SHARED, MAP_PRIVATE or
 *     MAP_SHARED_VALIDATE for a file, or MAP_SHARED, MAP_PRIVATE or
 *     MAP_DROPPABLE for anonymous memory; anything else fails with EINVAL.
 *     Modifier flags: MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_ANONYMOUS, MAP_32BIT,
 *     MAP_ABOVE4G, MAP_GROWSDOWN, MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE,
 *     MAP_NONBLOCK, MAP_STACK, MAP_HUGETLB (with a huge page size as log2 in
 *     bits 26 to 31), MAP_SYNC, MAP_UNINITIALIZED, MAP_DENYWRITE and
 *     MAP_EXECUTABLE. Unknown bits are ignored, except with
 *     MAP_SHARED_VALIDATE, which fails with EOPNOTSUPP for any bit outside the
 *     legacy set (MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS,
 *     MAP_DENYWRITE, MAP_EXECUTABLE, MAP_UNINITIALIZED, MAP_GROWSDOWN,
 *     MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE, MAP_NONBLOCK, MAP_STACK,
 *     MAP_HUGETLB, MAP_32BIT, MAP_ABOVE4G and the 2 MB and 1 GB huge page
 *     sizes) plus MAP_SYNC where the file supports it. No mask can be given
 *     because MAP_PRIVATE and MAP_SHARED accept any bits.
 *
 * param: fd
 *   type: fd, input, optional
 *   cdesc: Must be an open file descriptor unless MAP_ANONYMOUS is set, in
 *     which case it is not looked at (-1 by convention). The file must be open
 *     for reading; MAP_SHARED with PROT_WRITE also needs it open for writing.
 *
 * param: off
 *   type: uint, input
 *   constraint-type: page_aligned
 *   cdesc: An offset that is not a multiple of PAGE_SIZE fails with EINVAL,
 *     even for anonymous mappings (where it is otherwise ignored). An offset
 *     whose end, in pages, would wrap around or pass the file's size limit
 *     fails with EOVERFLOW.
 *
 * return:
 *   type: user_ptr
 *   check-type: range
 *   success: >= 0
 *   desc: The page-aligned start address of the new mapping; a negative error
 *     code (-4095 to -1) on failure. With MAP_FIXED the address is addr.
 *
 * error: EINVAL, Bad length, offset, address or flags
 *   desc: len is 0; off is not page aligned; MAP_FIXED is set and addr is not
 *     page aligned; the mapping type in flags is not one allowed for a file or
 *     for anonymous memory; MAP_GROWSDOWN is asked for a file mapping, a shared
 *     anonymous mapping or a MAP_DROPPABLE one; MAP_DROPPABLE is combined with
 *     MAP_LOCKED or MAP_HUGETLB; MAP_HUGETLB is given for a file that is not on
 *     hugetlbfs, or with a huge page size the system does not have. The file's
 *     own mmap method may also reject the request with it.
 *
 * error: EBADF, Bad file descriptor
 *   desc: MAP_ANONYMOUS is not set and fd is not an open file descriptor.
 *
 * error: EACCES, File access does not allow the mapping
 *   desc: The file is not open for reading; or MAP_SHARED with PROT_WRITE is
 *     asked and the file is not open for writing; or MAP_SHARED is asked for an
 *     append-only file open for writing; or the process has the
 *     memory-deny-write-execute policy (PR_SET_MDWE) and the mapping would be
 *     both writable and executable; or a security module refused it.
 *
 * error: EPERM, Operation not permitted
 *   desc: PROT_EXEC is asked for a file on a noexec mount; MAP_LOCKED is set,
 *     RLIMIT_MEMLOCK is 0 and the caller lacks CAP_IPC_LOCK; a fixed address
 *     below vm.mmap_min_addr is asked without CAP_SYS_RAWIO; a shared writable
 *     mapping is asked for a memfd sealed against writing; or MAP_FIXED would
 *     replace a sealed (mseal()) mapping.
 *
 * error: EAGAIN, Locked memory limit
 *   desc: The mapping would be locked (MAP_LOCKED, or mlockall(MCL_FUTURE) in
 *     effect) and would take the caller over RLIMIT_MEMLOCK; the caller lacks
 *     CAP_IPC_LOCK.
 *
 * error: EEXIST, Range already mapped
 *   desc: MAP_FIXED_NOREPLACE is set and part of [addr, addr + len) is already
 *     mapped.
 *
 * error: ENODEV, File cannot be mapped
 *   desc: The file's file system or driver has no mmap method.
 *
 * error: ENOMEM, No memory or no room
 *   desc: len rounds up to 0 or exceeds TASK_SIZE; no free range of the needed
 *     size exists; a fixed range ends above TASK_SIZE; the process already has
 *     more than vm.max_map_count mappings; the mapping would exceed RLIMIT_AS
 *     or RLIMIT_DATA; the overcommit policy refuses to commit the memory; no
 *     huge pages are left for a MAP_HUGETLB mapping; or a kernel allocation
 *     failed.
 *
 * error: EOVERFLOW, Offset too large
 *   desc: The page offset plus the length in pages wraps around, or the end of
 *     the mapped part of the file would pass the largest offset the file
 *     allows.
 *
 * error: EOPNOTSUPP, Unsupported flags with MAP_SHARED_VALIDATE
 *   desc: MAP_SHARED_VALIDATE is given with a flag outside the legacy set
 *     listed for flags (so in 6.12 MAP_FIXED_NOREPLACE and huge page sizes
 *     other than 2 MB and 1 GB fail too), or with MAP_SYNC for a file that does
 *     not support synchronous faults (only DAX files do).
 *
 * error: ETXTBSY, File is an active swap file
 *   desc: MAP_SHARED with PROT_WRITE is asked for a file that is in use as
 *     swap.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, while the range is chosen and the
 *     mapping is inserted; released before MAP_POPULATE or MAP_LOCKED fault the
 *     pages in.
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
 * side-effect: resource_create | alloc_memory
 *   target: new mapping in the process's address space
 *   desc: A new mapping is inserted, or merged with a compatible neighbour.
 *     Private writable and shared anonymous memory is charged to the commit
 *     accounting; the file gains a reference held by the mapping.
 *   reversible: yes
 *
 * side-effect: resource_destroy
 *   target: mappings previously in [addr, addr + len)
 *   condition: MAP_FIXED is set and the range was mapped
 *   desc: Whatever was mapped in the range is unmapped first, as by munmap().
 *   reversible: no
 *
 * side-effect: alloc_memory
 *   target: pages of the new mapping
 *   condition: MAP_POPULATE without MAP_NONBLOCK, or MAP_LOCKED
 *   desc: The pages are faulted in (and locked with MAP_LOCKED) after the
 *     mapping exists; failures are not reported.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: mm->locked_vm
 *   condition: The new mapping is locked
 *   desc: The locked page count grows by the size of the mapping.
 *   reversible: yes
 *
 * state-trans: address range [addr, addr + len)
 *   from: unmapped (or mapped, with MAP_FIXED)
 *   to: mapped with the given protection
 *   desc: The range stays mapped until munmap(), a replacing MAP_FIXED mapping,
 *     execve() or exit.
 *
 * capability: CAP_IPC_LOCK
 *   type: bypass_check
 *   allows: Create locked mappings beyond RLIMIT_MEMLOCK, including when it is
 *     0
 *   without: MAP_LOCKED fails with EPERM when RLIMIT_MEMLOCK is 0, and a locked
 *     mapping over the limit fails with EAGAIN
 *   condition: Checked only when the mapping would be locked
 *
 * capability: CAP_SYS_RAWIO
 *   type: bypass_check
 *   allows: Map a fixed address below vm.mmap_min_addr
 *   without: Such a request fails with EPERM (a hint below it is raised
 *     instead)
 *   condition: Checked when the chosen address is below vm.mmap_min_addr
 *
 * constraint: vm.max_map_count
 *   desc: The process may not hold more mappings than vm.max_map_count (65530
 *     by default) when the call starts.
 *   expr: mm->map_count <= sysctl_max_map_count
 *
 * constraint: RLIMIT_AS
 *   desc: The address space after the call, not counting a range that MAP_FIXED
 *     replaces, must fit in RLIMIT_AS.
 *   expr: total_vm + len / PAGE_SIZE <= RLIMIT_AS / PAGE_SIZE
 *
 * examples: mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
 *   mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, rdfd, 0);  // read a file through memory
 *   mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);  // shared file view
 *   mmap(buf, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);  // EEXIST: buf is mapped
 *   mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, rdfd, 0);  // EACCES: fd is read-only
 *   mmap(NULL, 8192, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, rdfd, 0);  // EOPNOTSUPP: no DAX
 *   mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);  // EINVAL: empty mapping
 *   mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, rdfd, -4096);  // EOVERFLOW: the offset wraps around
 *
 * notes: The result must be checked against MAP_FAILED ((void *)-1 in the C
 *   library), not against NULL. A MAP_PRIVATE file mapping may or may not see
 *   later writes to the file made by others before the pages are first
 *   copied. In 6.12, MAP_SHARED_VALIDATE is rejected with EINVAL for
 *   anonymous memory. Pages beyond the end of the file raise SIGBUS when
 *   touched, not an error here.
 */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
