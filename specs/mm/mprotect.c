/*
 * KAPI spec for mprotect (mm/mprotect.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's mm/mprotect.c,
 * include/linux/mman.h and mm/mseal.c and the mprotect(2) man page; the
 * wording is kapi's own.
 */

/**
 * sys_mprotect - Change the access protection of a range of memory
 * @start: Start of the range; must be page aligned
 * @len: Length of the range in bytes; rounded up to whole pages
 * @prot: New protection: PROT_NONE or PROT_READ, PROT_WRITE, PROT_EXEC,
 *   optionally with PROT_GROWSDOWN or PROT_GROWSUP
 *
 * long-desc: Replaces the access permissions of every page in [start, start +
 *   len) with prot. Read, write and execute permission are all set from prot; a
 *   permission not named is removed. Mappings that cross the range's edges are
 *   split, and neighbours with equal properties may be merged again.
 *
 *   The range must be mapped without gaps. A permission can only be granted if
 *   the mapping may have it: a shared file mapping of a file opened read-only
 *   can never become writable, and a file on a noexec mount never executable.
 *   Making a private mapping writable charges it to the commit accounting.
 *
 *   PROT_GROWSDOWN extends the change down to the start of a grows-down (stack)
 *   mapping that contains start; PROT_GROWSUP would extend it up to the end of
 *   a grows-up mapping, which x86_64 does not have.
 *
 *   A zero length succeeds without doing anything, after only start has been
 *   checked.
 *
 * contexts: process, sleepable
 *
 * param: start
 *   type: uint, input
 *   constraint-type: page_aligned
 *   cdesc: Tag bits are removed first. An address that is not a multiple of
 *     PAGE_SIZE fails with EINVAL.
 *
 * param: len
 *   type: uint, input
 *   cdesc: Any length is accepted and rounded up to PAGE_SIZE. A length whose
 *     end wraps around the address space fails with ENOMEM (not EINVAL).
 *
 * param: prot
 *   type: uint, input
 *   constraint-type: mask(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)
 *   cdesc: Any other bit fails with EINVAL, as does PROT_GROWSDOWN together
 *     with PROT_GROWSUP. PROT_SEM is accepted and has no effect on x86_64. The
 *     mask is checked after the zero-length shortcut: with len 0 any prot
 *     succeeds.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise. On error the
 *     mappings before the failing one may already have the new protection.
 *
 * error: EINVAL, Bad start or protection
 *   desc: start is not page aligned; prot has a bit outside PROT_READ,
 *     PROT_WRITE, PROT_EXEC, PROT_SEM, PROT_GROWSDOWN and PROT_GROWSUP; both
 *     PROT_GROWSDOWN and PROT_GROWSUP are set; PROT_GROWSDOWN is given and the
 *     mapping found at or after start does not grow down; or PROT_GROWSUP is
 *     given and start lies in a mapping (no x86_64 mapping grows up).
 *
 * error: EACCES, Protection not allowed for the mapping
 *   desc: The mapping may not have a requested permission (for example
 *     PROT_WRITE on a MAP_SHARED mapping of a file opened read-only, or
 *     PROT_EXEC on a mapping of a file on a noexec mount); or the process has
 *     the memory-deny-write-execute policy (PR_SET_MDWE) and the change would
 *     make a mapping executable that was not, or writable and executable; or
 *     making a VM_PFNMAP mapping PROT_NONE is refused by the L1TF mitigation;
 *     or a security module refused the change.
 *
 * error: ENOMEM, Range not mapped or out of memory
 *   desc: start + len wraps around; part of the range is not mapped or has a
 *     gap; splitting a mapping would exceed vm.max_map_count or could not
 *     allocate memory; making a private mapping writable would exceed
 *     RLIMIT_DATA or the overcommit limit.
 *
 * error: EPERM, Range is sealed
 *   desc: A mapping in the range has been sealed with mseal() and the change
 *     would modify it.
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, for the whole change.
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
 *   target: vm_flags and page table entries of the mappings in the range
 *   desc: VM_READ, VM_WRITE and VM_EXEC are replaced and the page table entries
 *     are rewritten; mappings crossing the edges are split and neighbours may
 *     be merged.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: commit accounting of the process
 *   condition: A private mapping becomes writable for the first time
 *   desc: The range is charged to the committed memory (VM_ACCOUNT).
 *   reversible: yes
 *
 * side-effect: alloc_memory
 *   target: pages of a locked private mapping
 *   condition: A locked private mapping becomes writable
 *   desc: Its pages are copied (broken copy-on-write) right away, so that later
 *     writes do not fault.
 *   reversible: yes
 *
 * state-trans: pages of the range
 *   from: old protection
 *   to: prot
 *   desc: Accesses that the new protection forbids raise SIGSEGV from now on.
 *
 * examples: mprotect(buf, PAGE_SIZE, PROT_READ);
 *   mprotect(buf + 4096, PAGE_SIZE, PROT_NONE);  // a guard page
 *   mprotect(romap, PAGE_SIZE, PROT_READ | PROT_WRITE);  // EACCES: shared, file open read-only
 *   mprotect(code, code_len, PROT_READ | PROT_EXEC);  // after writing JIT code
 *
 * notes: pkey_mprotect() is the same call with a protection key. mprotect()
 *   keeps each mapping's key, with two x86 exceptions where protection keys
 *   are available: PROT_EXEC alone moves the mapping to the execute-only key,
 *   and any other prot moves a mapping off that key back to the default one.
 */
SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len,
		unsigned long, prot)
