/*
 * KAPI spec for flushing a file to storage (fs/sync.c), written for kapi in
 * the v4 short-token dialect. Facts are from Linux 6.12's fs/sync.c,
 * mm/filemap.c and fs/ext4/fsync.c and from the fsync(2) man page; the
 * wording is kapi's own.
 */

/**
 * sys_fsync - Write a file's data and metadata back to stable storage
 * @fd: Open descriptor of the file to flush
 *
 * long-desc: Asks the file's filesystem to write every modified page of the
 *   file, and the inode changes needed to reach them (size, block map,
 *   timestamps), to the storage device, and to flush the device's volatile
 *   cache where the filesystem does that. The call returns when the data is
 *   durable or when writing failed.
 *
 *   An error from background write-back is recorded on the file, and the next
 *   fsync() through each open file description reports it once, even when the
 *   pages have been written successfully since. A description opened after the
 *   error was already reported elsewhere does not see it.
 *
 *   fsync() on a descriptor does not make the directory entry of a newly
 *   created file durable; that needs fsync() on the directory.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Any open descriptor except an O_PATH one; read-only descriptors are
 *     accepted. Files whose type has no sync method (pipes, FIFOs, sockets and
 *     many devices and pseudo-files) fail with EINVAL.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the file is on stable storage; a negative error code
 *     otherwise.
 *
 * error: EBADF, Not an open descriptor
 *   desc: fd is not an open descriptor, or it was opened with O_PATH.
 *
 * error: EINVAL, Cannot be synced
 *   desc: The file has no fsync method, as for pipes, FIFOs, sockets, eventfd
 *     and similar descriptors.
 *
 * error: EIO, Write-back failed
 *   desc: Writing the data or metadata failed now, or an earlier background
 *     write-back of the file failed and has not yet been reported to this open
 *     file description; also when the filesystem has been shut down after an
 *     error.
 *
 * error: ENOSPC, No space for the data
 *   desc: Dirty data could not be written because the filesystem ran out of
 *     space (for example for delayed allocation or on a thin device).
 *
 * error: EDQUOT, Quota exceeded
 *   desc: Dirty data could not be written because the owner's quota ran out.
 *
 * side-effect: filesystem | hardware
 *   target: dirty pages and inode of the file, and the device cache
 *   desc: Dirty pages are written, the inode is committed (on ext4 through a
 *     journal commit) and a cache flush may be sent to the device.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: the write-back error cursor of the open file description
 *   desc: A reported write-back error is marked as seen, so it is not reported
 *     again through the same open file description.
 *   reversible: no
 *
 * examples: fsync(fd);
 *   fsync(rdfd);  // also allowed on a read-only descriptor
 *   fsync(dirfd);  // make directory entries durable
 *
 * notes: fdatasync() skips metadata that is not needed to read the data back,
 *   such as timestamps. After fsync() reports an error, the failed pages may
 *   already be marked clean; retrying fsync() does not write them again.
 */
SYSCALL_DEFINE1(fsync, unsigned int, fd)
