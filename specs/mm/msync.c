/*
 * KAPI spec for msync (mm/msync.c), written for kapi in the v4 short-token
 * dialect. Facts are from Linux 6.12's mm/msync.c and fs/sync.c and the
 * msync(2) man page; the wording is kapi's own.
 */

/**
 * sys_msync - Write the modified pages of a shared file mapping to the file
 * @start: Start of the range; must be page aligned
 * @len: Length of the range in bytes; rounded up to whole pages
 * @flags: MS_SYNC or MS_ASYNC (or neither), optionally with MS_INVALIDATE
 *
 * long-desc: With MS_SYNC, every shared file mapping in [start, start + len)
 *   has the matching part of its file written back and waited for, as
 *   fdatasync() would for that byte range (the data plus the metadata needed to
 *   read it back). Private and anonymous mappings in the range are skipped.
 *
 *   MS_ASYNC does nothing beyond the checks: the kernel tracks dirty pages of
 *   shared mappings anyway and writes them back on its own schedule.
 *   MS_INVALIDATE only checks that no mapping in the range is locked; the page
 *   cache is already coherent with the mappings. Flags 0 is accepted and
 *   behaves like MS_ASYNC.
 *
 *   Holes in the range make the call fail with ENOMEM; with MS_SYNC the mapped
 *   parts on both sides of a hole are still written back. A zero length
 *   succeeds at once, once flags and start have been checked.
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
 *     end wraps around the address space fails with ENOMEM.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: enum(0, MS_ASYNC, MS_SYNC, MS_INVALIDATE, MS_ASYNC | MS_INVALIDATE, MS_SYNC | MS_INVALIDATE)
 *   cdesc: Any bit outside MS_ASYNC | MS_INVALIDATE | MS_SYNC, and MS_ASYNC
 *     together with MS_SYNC, fail with EINVAL before anything else is checked.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINVAL, Bad flags or start
 *   desc: flags has a bit outside MS_ASYNC, MS_SYNC and MS_INVALIDATE, or both
 *     MS_ASYNC and MS_SYNC; start is not page aligned; or the file system of a
 *     shared file mapping in the range has no fsync method (MS_SYNC).
 *
 * error: ENOMEM, Range not fully mapped
 *   desc: start + len wraps around, or part of the range is not mapped.
 *
 * error: EBUSY, Locked pages with MS_INVALIDATE
 *   desc: MS_INVALIDATE is set and a mapping in the range is locked
 *     (VM_LOCKED).
 *
 * error: EIO, Write-back failed
 *   desc: MS_SYNC is set and writing the file back failed, now or in an earlier
 *     write-back that had not been reported through this file yet.
 *
 * error: ENOSPC, No space for write-back
 *   desc: MS_SYNC is set and the file system ran out of space while writing the
 *     dirty pages back.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for reading (not killably) while the mappings are walked;
 *     released around each file's write-back and taken again afterwards.
 *
 * side-effect: filesystem
 *   target: files behind the shared mappings of the range
 *   condition: MS_SYNC is set
 *   desc: Dirty pages of the matching file range are written and the call waits
 *     for the I/O and for the metadata needed to read them back.
 *   reversible: no
 *
 * state-trans: dirty pages of shared file mappings in the range
 *   from: dirty in the page cache
 *   to: clean, on stable storage
 *   condition: MS_SYNC is set
 *   desc: The file now holds what the mapping showed when the call ran.
 *
 * examples: msync(buf, PAGE_SIZE, MS_SYNC);
 *   msync(map, map_len, MS_SYNC);      // commit a shared file mapping
 *   msync(map, map_len, MS_ASYNC);     // no-op on Linux, kept for portability
 *
 * notes: POSIX requires one of MS_SYNC and MS_ASYNC; Linux also takes flags 0.
 *   The call cannot be interrupted by signals.
 */
SYSCALL_DEFINE3(msync, unsigned long, start, size_t, len, int, flags)
