/*
 * KAPI specs for creating, removing and renaming directory entries
 * (fs/namei.c), written for kapi in the v4 short-token dialect. Facts are
 * from Linux 6.12's fs/namei.c and include/uapi/linux/fcntl.h and from the
 * mkdir(2), unlink(2) and rename(2) man pages; the wording is kapi's own.
 */

/**
 * sys_mkdirat - Create a directory relative to a directory descriptor
 * @dfd: Directory for a relative pathname, or AT_FDCWD
 * @pathname: Path of the directory to create
 * @mode: Permission bits of the new directory
 *
 * long-desc: Creates a new, empty directory at pathname. Its permission bits
 *   are mode without the bits of the process umask (or as a default ACL of the
 *   parent directory says), and the filesystem may add the parent's
 *   set-group-ID bit. The new directory is owned by the caller's filesystem
 *   user ID; its group is the caller's filesystem group ID or, when the parent
 *   has set-group-ID, the parent's group.
 *
 *   The final component must not exist in any form: an existing file, directory
 *   or symbolic link (dangling or not) makes the call fail. A trailing slash is
 *   allowed.
 *
 * contexts: process, sleepable
 *
 * param: dfd
 *   type: fd, input
 *   cdesc: AT_FDCWD (-100) or an open directory descriptor, used only when
 *     pathname is relative.
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated string that fits in PATH_MAX bytes with its
 *     terminator. The empty string fails with ENOENT; ".", ".." and "/" as the
 *     final component fail with EEXIST.
 *
 * param: mode
 *   type: uint, input
 *   cdesc: Every value is accepted. Only the permission bits and the sticky bit
 *     (S_IRWXUGO | S_ISVTX, 01777) are used; the others are ignored.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the directory was created; a negative error code otherwise.
 *
 * error: EBADF, Bad directory descriptor
 *   desc: pathname is relative and dfd is neither AT_FDCWD nor an open
 *     descriptor.
 *
 * error: ENOTDIR, Not a directory
 *   desc: pathname is relative and dfd is not a directory, or a component of
 *     the path prefix is not a directory.
 *
 * error: EFAULT, Path not readable
 *   desc: pathname points to memory the caller cannot read.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes with its NUL, or a component
 *     is longer than the filesystem allows.
 *
 * error: ENOENT, Parent missing
 *   desc: pathname is empty, a directory of the prefix does not exist, or the
 *     parent directory has been removed.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: More than 40 symbolic links were met while resolving the prefix, or a
 *     link lies on a nosymfollow mount.
 *
 * error: EACCES, Permission denied
 *   desc: A directory of the prefix cannot be searched, or the parent directory
 *     is not writable or not searchable for the caller.
 *
 * error: EEXIST, Name exists
 *   desc: The final component already exists, as anything (a dangling symbolic
 *     link included), or it is ".", ".." or the root directory.
 *
 * error: EPERM, Not permitted
 *   desc: The parent directory is immutable, or its filesystem does not support
 *     creating directories.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The parent directory is on a read-only filesystem or mount (reported
 *     only when the name does not exist yet).
 *
 * error: EMLINK, Too many links
 *   desc: The parent directory already has the maximum number of links its
 *     filesystem allows, so it cannot hold another subdirectory.
 *
 * error: ENOSPC, No space left
 *   desc: The filesystem has no room for the new directory or the new entry.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The caller's block or inode quota on the filesystem is used up.
 *
 * error: EOVERFLOW, IDs not mapped
 *   desc: The caller's filesystem user or group ID has no mapping in the
 *     filesystem's user namespace or in the idmapped mount.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the path buffer, a dentry or an inode.
 *
 * error: EIO, I/O error
 *   desc: The filesystem failed to read or write the parent directory or the
 *     new inode.
 *
 * lock: dir->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The parent directory is locked for writing while the name is looked
 *     up and the directory is created.
 *
 * lock: sb->s_writers
 *   type: semaphore
 *   scope: internal
 *   desc: Write access to the mount is taken; the call waits while the
 *     filesystem is frozen.
 *
 * side-effect: filesystem
 *   target: the parent directory and a new inode
 *   desc: A directory inode holding "." and ".." is created and linked under
 *     the final component; the parent's link count and times are updated.
 *   reversible: yes
 *
 * state-trans: final component of pathname
 *   from: absent
 *   to: empty directory
 *   desc: rmdir() or unlinkat() with AT_REMOVEDIR removes it again.
 *
 * capability: CAP_DAC_OVERRIDE
 *   type: bypass_check
 *   allows: Create the directory in a parent that the caller could not write or
 *     search otherwise
 *   without: EACCES when the parent's mode or ACL denies write or search
 *     permission
 *   condition: The permission check on a directory fails
 *
 * examples: mkdirat(AT_FDCWD, "newdir", 0755);
 *   mkdirat(dirfd, "sub", 0700);  // dir/sub
 *   mkdirat(AT_FDCWD, "newdir/", 01777);  // a trailing slash is allowed
 *
 * notes: mkdir() is mkdirat() with AT_FDCWD. EEXIST is checked before
 *   permissions and read-only state, so it is what an existing name gives
 *   even on a read-only mount.
 */
SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, umode_t, mode)

/**
 * sys_unlinkat - Remove a name, or an empty directory, relative to a directory
 * @dfd: Directory for a relative pathname, or AT_FDCWD
 * @pathname: Path of the entry to remove
 * @flag: 0 to remove a non-directory, AT_REMOVEDIR to remove a directory
 *
 * long-desc: Without AT_REMOVEDIR, removes the directory entry pathname, which
 *   must not be a directory. The file's data is freed when its last link is
 *   gone and no process has it open or mapped any more; until then, open
 *   descriptors keep working. A symbolic link is removed itself, not its
 *   target.
 *
 *   With AT_REMOVEDIR the call behaves like rmdir(): pathname must be an empty
 *   directory, which is removed.
 *
 * contexts: process, sleepable
 *
 * param: dfd
 *   type: fd, input
 *   cdesc: AT_FDCWD (-100) or an open directory descriptor, used only when
 *     pathname is relative.
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated string that fits in PATH_MAX bytes with its
 *     terminator. Without AT_REMOVEDIR, a final component of ".", ".." or "/"
 *     fails with EISDIR, and a trailing slash is only accepted on a directory
 *     (which still fails with EISDIR).
 *
 * param: flag
 *   type: int, input
 *   constraint-type: mask(AT_REMOVEDIR)
 *   cdesc: Any other bit fails with EINVAL before the path is looked at.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the entry was removed; a negative error code otherwise.
 *
 * error: EINVAL, Bad flag or "." removed
 *   desc: flag has a bit other than AT_REMOVEDIR, or AT_REMOVEDIR is set and
 *     the final component is ".".
 *
 * error: EBADF, Bad directory descriptor
 *   desc: pathname is relative and dfd is neither AT_FDCWD nor an open
 *     descriptor.
 *
 * error: ENOTDIR, Not a directory
 *   desc: dfd (for a relative path) or a component of the prefix is not a
 *     directory; or AT_REMOVEDIR is set and pathname is not a directory; or
 *     pathname ends with a slash and names a non-directory.
 *
 * error: EFAULT, Path not readable
 *   desc: pathname points to memory the caller cannot read.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes with its NUL, or a component
 *     is longer than the filesystem allows.
 *
 * error: ENOENT, No such entry
 *   desc: pathname is empty, a directory of the prefix is missing, or the final
 *     component does not exist.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: More than 40 symbolic links were met in the prefix, or a link lies on
 *     a nosymfollow mount.
 *
 * error: EACCES, Permission denied
 *   desc: A directory of the prefix cannot be searched, or the parent directory
 *     is not writable or not searchable for the caller.
 *
 * error: EPERM, Not permitted
 *   desc: The parent directory is sticky and the caller owns neither it nor the
 *     entry and lacks CAP_FOWNER; the parent is append-only or immutable; the
 *     entry is append-only, immutable or an active swap file; or the filesystem
 *     does not support removing entries of this kind.
 *
 * error: EISDIR, Is a directory
 *   desc: AT_REMOVEDIR is not set and pathname names a directory, or its final
 *     component is ".", ".." or "/".
 *
 * error: ENOTEMPTY, Directory not empty
 *   desc: AT_REMOVEDIR is set and the directory still has entries, or the final
 *     component is "..".
 *
 * error: EBUSY, Entry in use
 *   desc: The entry is a mount point in the caller's mount namespace; or
 *     AT_REMOVEDIR is set and pathname is "/" or a directory the kernel keeps
 *     for itself; or NFS is still removing a silly-renamed file.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The parent directory is on a read-only filesystem or mount.
 *
 * error: EOVERFLOW, IDs not mapped
 *   desc: The entry's owner or group has no mapping in the idmapped mount.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the path buffer or a dentry.
 *
 * error: EIO, I/O error
 *   desc: The filesystem failed to read or update the directory or inode.
 *
 * lock: dir->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The parent directory is locked for writing while the entry is looked
 *     up and removed.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The inode being unlinked, or the directory being removed, is locked
 *     too while its entry goes.
 *
 * side-effect: filesystem | irreversible
 *   target: the directory entry and its inode
 *   desc: The entry is removed and the inode's link count drops; the inode and
 *     its data are freed once no link, descriptor or mapping refers to it.
 *   reversible: no
 *
 * state-trans: final component of pathname
 *   from: existing name
 *   to: absent
 *   desc: Open descriptors of the file keep working until closed.
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Remove entries owned by others from a sticky directory such as /tmp
 *   without: EPERM when neither the directory nor the entry belongs to the
 *     caller
 *   condition: The parent directory has the sticky bit
 *
 * capability: CAP_DAC_OVERRIDE
 *   type: bypass_check
 *   allows: Remove entries from a directory the caller could not write or
 *     search otherwise
 *   without: EACCES when the parent's mode or ACL denies the access
 *   condition: The permission check on a directory fails
 *
 * examples: unlinkat(AT_FDCWD, "file", 0);
 *   unlinkat(dirfd, "inner", 0);  // dir/inner
 *   unlinkat(AT_FDCWD, "symlink", 0);  // removes the link, "file" stays
 *   unlinkat(AT_FDCWD, "dir", 0);  // EISDIR: a directory needs AT_REMOVEDIR
 *
 * notes: unlink() and rmdir() are this call with AT_FDCWD and without or with
 *   AT_REMOVEDIR. Some filesystems answer EEXIST instead of ENOTEMPTY for a
 *   non-empty directory.
 */
SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)

/**
 * sys_renameat2 - Rename or exchange directory entries, with flags
 * @olddfd: Directory for a relative oldname, or AT_FDCWD
 * @oldname: Path of the entry to move
 * @newdfd: Directory for a relative newname, or AT_FDCWD
 * @newname: New path of the entry
 * @flags: 0, or RENAME_NOREPLACE, RENAME_EXCHANGE or RENAME_WHITEOUT
 *
 * long-desc: Moves the entry oldname to newname, within one mounted filesystem.
 *   If newname exists it is replaced atomically: at every moment newname refers
 *   either to the old or to the new file. A directory can only replace an empty
 *   directory and a non-directory only a non-directory. When both names already
 *   refer to the same inode (two hard links), nothing happens and the call
 *   succeeds.
 *
 *   RENAME_NOREPLACE fails instead of replacing an existing newname.
 *   RENAME_EXCHANGE swaps the two entries atomically; both must exist and they
 *   may be of different types. RENAME_WHITEOUT leaves a whiteout (a character
 *   device 0:0, used by overlay filesystems) at oldname; it may be combined
 *   with RENAME_NOREPLACE. The filesystem must support the flags used.
 *
 * contexts: process, sleepable
 *
 * param: olddfd
 *   type: fd, input
 *   cdesc: AT_FDCWD (-100) or an open directory descriptor, used only when
 *     oldname is relative.
 *
 * param: oldname
 *   type: path, input
 *   cdesc: A NUL-terminated string that fits in PATH_MAX bytes with its
 *     terminator. Its final component must not be ".", ".." or "/" (EBUSY).
 *
 * param: newdfd
 *   type: fd, input
 *   cdesc: AT_FDCWD (-100) or an open directory descriptor, used only when
 *     newname is relative.
 *
 * param: newname
 *   type: path, input
 *   cdesc: A NUL-terminated string that fits in PATH_MAX bytes with its
 *     terminator, on the same mount as oldname (EXDEV otherwise).
 *
 * param: flags
 *   type: uint, input
 *   constraint-type: enum(0, RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT, RENAME_NOREPLACE | RENAME_WHITEOUT)
 *   cdesc: Bits outside RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT,
 *     and RENAME_EXCHANGE together with either of the others, fail with EINVAL
 *     before the paths are resolved.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise, in which case
 *     neither name has changed.
 *
 * error: EINVAL, Bad flags or directory into itself
 *   desc: flags has an unknown bit or combines RENAME_EXCHANGE with another
 *     flag; the filesystem does not support a flag given; oldname is a
 *     directory and newname lies inside it; or, with RENAME_EXCHANGE, either
 *     entry is an ancestor of the other.
 *
 * error: EXDEV, Different mounts
 *   desc: oldname and newname are not on the same mount, even when both mounts
 *     show the same filesystem.
 *
 * error: EBUSY, Entry in use
 *   desc: The final component of oldname is ".", ".." or "/"; the final
 *     component of newname is one of those and RENAME_NOREPLACE is not set; or
 *     oldname or newname is a mount point in the caller's namespace.
 *
 * error: EEXIST, Target exists
 *   desc: RENAME_NOREPLACE is set and newname exists, or its final component is
 *     ".", ".." or "/".
 *
 * error: ENOTEMPTY, Target directory not empty
 *   desc: newname is a directory that has entries; or, without RENAME_EXCHANGE,
 *     newname is an ancestor of oldname.
 *
 * error: ENOENT, No such entry
 *   desc: oldname does not exist; RENAME_EXCHANGE is set and newname does not
 *     exist; a directory of either prefix is missing; or a name is empty.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A prefix component, or a dfd used for a relative name, is not a
 *     directory; oldname is a directory and newname an existing non-directory;
 *     or a name with a trailing slash refers to a non-directory.
 *
 * error: EISDIR, Target is a directory
 *   desc: newname is an existing directory and oldname is not a directory
 *     (without RENAME_EXCHANGE).
 *
 * error: EBADF, Bad directory descriptor
 *   desc: A name is relative and its dfd is neither AT_FDCWD nor an open
 *     descriptor.
 *
 * error: EFAULT, Path not readable
 *   desc: oldname or newname points to memory the caller cannot read.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: A name does not fit in PATH_MAX bytes with its NUL, or a component is
 *     longer than the filesystem allows.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: More than 40 symbolic links were met in a prefix, or a link lies on a
 *     nosymfollow mount.
 *
 * error: EACCES, Permission denied
 *   desc: A directory of a prefix cannot be searched; a parent directory is not
 *     writable; or a directory that moves to another parent is not writable
 *     itself (its ".." entry must change).
 *
 * error: EPERM, Not permitted
 *   desc: A parent directory is sticky and the caller owns neither it nor the
 *     entry being moved or replaced and lacks CAP_FOWNER; an entry or a parent
 *     is append-only or immutable; an entry is an active swap file; or the
 *     filesystem cannot rename.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The mount or filesystem is read-only.
 *
 * error: EMLINK, Too many links
 *   desc: A directory would move into a parent that already has the maximum
 *     number of links its filesystem allows.
 *
 * error: ENOSPC, No space left
 *   desc: The new directory entry (or the whiteout) needs space that the
 *     filesystem does not have.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The space the new entry needs is beyond the caller's quota.
 *
 * error: EOVERFLOW, IDs not mapped
 *   desc: An entry's owner or group, or the caller's filesystem IDs, have no
 *     mapping in the idmapped mount or the filesystem's user namespace.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate a path buffer, a dentry or an inode.
 *
 * error: EIO, I/O error
 *   desc: The filesystem failed to read or update a directory or inode.
 *
 * lock: sb->s_vfs_rename_mutex
 *   type: mutex
 *   scope: internal
 *   desc: Taken when the two parent directories differ, so that no other rename
 *     can change their relationship during the call.
 *
 * lock: dir->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Both parent directories are locked for writing, ancestor first.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The moved inode and the replaced one are locked while the entries
 *     change.
 *
 * side-effect: filesystem
 *   target: the directory entries oldname and newname
 *   desc: The entry moves to newname (or the two entries swap with
 *     RENAME_EXCHANGE); the ctime of the parents and, on most filesystems, of
 *     the moved inode is updated.
 *   reversible: yes
 *
 * side-effect: filesystem | irreversible
 *   target: the inode newname referred to
 *   condition: newname existed and RENAME_EXCHANGE is not set
 *   desc: Its link count drops; it is freed when nothing else refers to it.
 *   reversible: no
 *
 * side-effect: filesystem
 *   target: a whiteout at oldname
 *   condition: RENAME_WHITEOUT is set
 *   desc: A character device 0:0 is created at oldname after the move.
 *   reversible: yes
 *
 * state-trans: oldname and newname
 *   from: oldname names the file
 *   to: newname names the file; oldname is absent, a whiteout, or the former
 *     newname
 *   desc: The change is atomic for lookups of newname.
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Move or replace entries owned by others in a sticky directory
 *   without: EPERM when neither the sticky directory nor the entry belongs to
 *     the caller
 *   condition: A parent directory has the sticky bit
 *
 * capability: CAP_DAC_OVERRIDE
 *   type: bypass_check
 *   allows: Rename in directories the caller could not write or search
 *     otherwise
 *   without: EACCES when a mode or ACL denies the access
 *   condition: A permission check on a directory fails
 *
 * examples: renameat2(AT_FDCWD, "file", AT_FDCWD, "renamed", RENAME_NOREPLACE);
 *   renameat2(AT_FDCWD, "file", AT_FDCWD, "empty", RENAME_EXCHANGE);  // swap
 *   renameat2(dirfd, "inner", AT_FDCWD, "moved", 0);
 *
 * notes: rename() and renameat() are this call with flags 0. glibc provides a
 *   renameat2() wrapper since 2.28. Moving between mounts needs a copy and
 *   unlink in user space.
 */
SYSCALL_DEFINE5(renameat2, int, olddfd, const char __user *, oldname,
		int, newdfd, const char __user *, newname, unsigned int, flags)
