/*
 * KAPI spec for mincore (mm/mincore.c), written for kapi in the v4 short-token
 * dialect. Facts are from Linux 6.12's mm/mincore.c and the mincore(2) man
 * page; the wording is kapi's own.
 */

/**
 * sys_mincore - Report which pages of a range are resident in memory
 * @start: Start of the range; must be page aligned
 * @len: Length of the range in bytes; rounded up to whole pages
 * @vec: Output array with one byte per page of the range
 *
 * long-desc: Fills vec with one byte per page of [start, start + len): bit 0 is
 *   set when the page is in memory (in the page tables, in the page cache or,
 *   for swapped anonymous memory, in the swap cache) and clear otherwise. The
 *   other bits are reserved and written as 0. The answer may be stale as soon
 *   as the call returns.
 *
 *   For a file mapping whose file the caller neither owns nor could open for
 *   writing, every page is reported resident, so that the page cache of shared
 *   files cannot be probed. Mappings that are neither anonymous nor backed by a
 *   file (special mappings such as the vDSO) are also reported resident.
 *
 *   The range must be mapped without gaps. vec is filled in chunks, so on
 *   failure the bytes for the pages before the problem may already be written.
 *   A zero length succeeds without reading the page tables.
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
 *   cdesc: Any length is accepted; a range that wraps around or ends above the
 *     user address space limit fails with ENOMEM. The number of pages is len
 *     divided by PAGE_SIZE, rounded up.
 *
 * param: vec
 *   type: user_ptr, output
 *   cdesc: Must be writable for (len + PAGE_SIZE - 1) / PAGE_SIZE bytes. A vec
 *     that does not lie in the user address space fails with EFAULT before
 *     anything is done; one that is not mapped writable fails with EFAULT when
 *     the results are copied out. No alignment is needed.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINVAL, start not page aligned
 *   desc: start is not a multiple of PAGE_SIZE.
 *
 * error: ENOMEM, Range not mapped
 *   desc: The range wraps around or ends above the user address space limit, or
 *     part of it is not mapped.
 *
 * error: EFAULT, vec not writable
 *   desc: vec plus the needed number of bytes does not lie in the user address
 *     space, or copying the results to vec faulted.
 *
 * error: EAGAIN, No temporary buffer
 *   desc: The kernel could not allocate the page it uses to collect the
 *     results.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for reading (not killably) for each chunk of up to PAGE_SIZE
 *     pages and released before the chunk is copied to vec.
 *
 * capability: CAP_FOWNER
 *   type: access_resource
 *   allows: See the real residency of file pages mapped from files the caller
 *     does not own and cannot write
 *   without: Such pages are all reported resident (bit 0 set)
 *   condition: Checked for file mappings whose file the caller cannot open for
 *     writing
 *
 * examples: mincore(buf, PAGE_SIZE, buf + 4096);
 *   mincore(map, map_len, vec);   // which pages of a file mapping are cached
 *
 * notes: The call writes nothing but vec; it faults no page in and changes no
 *   residency. Only pages locked with mlock() are sure to stay resident after
 *   the call. The call cannot be interrupted by signals; a very long range is
 *   handled in chunks with the lock dropped in between.
 */
SYSCALL_DEFINE3(mincore, unsigned long, start, size_t, len,
		unsigned char __user *, vec)
