/*
 * KAPI specs for extended attributes (fs/xattr.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's fs/xattr.c,
 * fs/posix_acl.c, security/security.c, security/commoncap.c and
 * include/uapi/linux/xattr.h and from the setxattr(2), getxattr(2),
 * listxattr(2) and removexattr(2) man pages; the wording is kapi's own.
 */

/**
 * sys_setxattr - Set an extended attribute of a file named by path
 * @pathname: Path of the file; a final symbolic link is followed
 * @name: Attribute name with its namespace prefix, such as "user.comment"
 * @value: Bytes of the new value
 * @size: Length of the value in bytes; 0 stores an empty value
 * @flags: 0, XATTR_CREATE or XATTR_REPLACE
 *
 * long-desc: Stores size bytes from value as the extended attribute called name
 *   on the inode that pathname resolves to, following a symbolic link in the
 *   last component. With flags 0 the attribute is created, or its value is
 *   replaced when it exists. XATTR_CREATE makes the call fail with EEXIST when
 *   the attribute exists already; XATTR_REPLACE makes it fail with ENODATA when
 *   it does not exist yet.
 *
 *   The name must begin with a namespace prefix that a handler of the
 *   filesystem knows: "user.", "trusted.", "security." and "system." are the
 *   common ones, and some filesystems add their own ("btrfs.", "gnu."). An
 *   unknown prefix gives EOPNOTSUPP; a known prefix with nothing after it gives
 *   EINVAL. Who may write depends on the namespace: user.* needs write
 *   permission on the file and exists only on regular files and directories;
 *   trusted.* and security.* need CAP_SYS_ADMIN, except security.capability,
 *   which needs CAP_SETFCAP; system.* is left to the filesystem.
 *
 *   The flags, the name and the value are checked and copied in before the path
 *   is looked up, so their errors come first whatever pathname is. The two
 *   names system.posix_acl_access and system.posix_acl_default are not stored
 *   as raw bytes: the value is parsed as a POSIX ACL and applied through the
 *   ACL code, which ignores XATTR_CREATE and XATTR_REPLACE.
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated path of at most PATH_MAX bytes including the NUL.
 *     Relative paths start at the working directory. A symbolic link in the
 *     last component is followed.
 *
 * param: name
 *   type: user_ptr, input
 *   constraint-type: user_string(XATTR_NAME_MAX)
 *   cdesc: A NUL-terminated string of 1 to XATTR_NAME_MAX (255) bytes, prefix
 *     included. An empty string, or one with no NUL within the first 256 bytes,
 *     fails with ERANGE.
 *
 * param: value
 *   type: user_ptr, input
 *   constraint-type: buffer(3)
 *   cdesc: Must be readable for size bytes; it is not read at all when size is
 *     0. The bytes are copied into the kernel before the path is resolved.
 *
 * param: size
 *   type: uint, input
 *   constraint-type: range(0, XATTR_SIZE_MAX)
 *   cdesc: Larger values fail with E2BIG before value is read. Filesystems have
 *     lower limits of their own (on ext4 a value must fit in one block), which
 *     they report as ENOSPC or E2BIG.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(XATTR_CREATE | XATTR_REPLACE)
 *   cdesc: Any other bit fails with EINVAL before anything else is done. Both
 *     bits together are accepted but can never succeed: the attribute either
 *     exists (EEXIST) or does not (ENODATA).
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the attribute has been stored; a negative error code
 *     otherwise, in which case the attribute is unchanged.
 *
 * error: EINVAL, Bad flags, empty suffix or bad ACL
 *   desc: flags has a bit other than XATTR_CREATE and XATTR_REPLACE; name is a
 *     namespace prefix with nothing after it (such as "user."); the value of a
 *     POSIX ACL attribute is not a valid ACL; or the value of
 *     security.capability is malformed.
 *
 * error: ERANGE, Bad name length
 *   desc: name is the empty string or longer than XATTR_NAME_MAX bytes. A
 *     filesystem may also return it for a name or value it cannot store.
 *
 * error: E2BIG, Value too large
 *   desc: size is greater than XATTR_SIZE_MAX (65536), or the filesystem cannot
 *     store a value of this size.
 *
 * error: EFAULT, Bad address
 *   desc: name, value or pathname points to memory the caller cannot read.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the copy of the value, the path buffer,
 *     or memory the filesystem needed.
 *
 * error: ENOENT, No such file
 *   desc: pathname is empty, a component of it does not exist, or it ends in a
 *     dangling symbolic link.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory in pathname is not one.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes, or one of its components is
 *     longer than NAME_MAX.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: Resolving pathname met more than 40 symbolic links.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of pathname; the name is
 *     outside the trusted., security. and system. namespaces (a user. name in
 *     practice) and the file's permission bits do not let the caller write it;
 *     or a default ACL is set on something that is not a directory.
 *
 * error: EPERM, Operation not permitted
 *   desc: The file is immutable or append-only, or its owner has no mapping in
 *     an idmapped mount; the name is in trusted. or security. and the caller
 *     lacks CAP_SYS_ADMIN (CAP_SETFCAP for security.capability); the name is in
 *     user. and the file is neither a regular file nor a directory; the file is
 *     a sticky directory that the caller does not own, without CAP_FOWNER; or a
 *     POSIX ACL is set by someone who neither owns the file nor has CAP_FOWNER.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The file is on a read-only mount or filesystem.
 *
 * error: EOPNOTSUPP, Namespace not supported
 *   desc: The filesystem does not support extended attributes at all, none of
 *     its handlers knows the prefix of name, the matching handler cannot set
 *     values, or POSIX ACLs are not enabled on it.
 *
 * error: EEXIST, Attribute exists
 *   desc: XATTR_CREATE is set and the attribute already exists.
 *
 * error: ENODATA, No such attribute
 *   desc: XATTR_REPLACE is set and the attribute does not exist.
 *
 * error: ENOSPC, No space for the attribute
 *   desc: The filesystem has no room left for the attribute, or the value does
 *     not fit in the space it reserves for attributes.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: Storing the attribute would take the owner over a disk quota.
 *
 * error: EIO, I/O error
 *   desc: The inode is marked bad, or the filesystem failed to read or write
 *     its attribute blocks.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing around the permission checks and the store, and
 *     released before the call returns.
 *
 * side-effect: modify_state | filesystem
 *   target: extended attributes of the inode
 *   desc: The attribute is created or its value replaced. For the two POSIX ACL
 *     names the inode's ACL (and, for the access ACL, its mode bits) is changed
 *     instead.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: ctime of the inode
 *   desc: Filesystems update the inode's change time and notify fsnotify
 *     watchers (IN_ATTRIB) after a successful store.
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: Write attributes in the trusted. namespace and in security. (except
 *     security.capability)
 *   without: The call fails with EPERM for those namespaces
 *   condition: name starts with "trusted." or "security."
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Set user. attributes on a sticky directory owned by someone else,
 *     and set POSIX ACLs on files the caller does not own
 *   without: The call fails with EPERM in those cases
 *   condition: The caller is not the owner of the file
 *
 * constraint: Name length
 *   desc: The name, with its prefix, must be 1 to XATTR_NAME_MAX bytes long.
 *   expr: strlen(name) >= 1 && strlen(name) <= XATTR_NAME_MAX
 *
 * examples: setxattr("file", "user.kapi", buf, 4, 0);  // store four bytes
 *   setxattr("file", "user.new", buf, 0, XATTR_CREATE);  // empty value, new
 *   setxattr("file", "user.kapi", buf, 4, XATTR_CREATE);  // EEXIST: already set
 *   setxattr("symlink", "user.missing", buf, 4, XATTR_REPLACE);  // ENODATA
 *   setxattr("file", "kapi.x", buf, 4, 0);  // EOPNOTSUPP: no such namespace
 *   setxattr("file", "user.kapi", buf, 65537, 0);  // E2BIG: value too long
 *
 * notes: lsetxattr() acts on a symbolic link itself and fsetxattr() on an open
 *   file. An empty value is a real value of length 0, not a removal; use
 *   removexattr() to delete an attribute.
 */
SYSCALL_DEFINE5(setxattr, const char __user *, pathname,
		const char __user *, name, const void __user *, value,
		size_t, size, int, flags)

/**
 * sys_lsetxattr - Set an extended attribute without following a final symlink
 * @pathname: Path of the file; a final symbolic link is not followed
 * @name: Attribute name with its namespace prefix
 * @value: Bytes of the new value
 * @size: Length of the value in bytes; 0 stores an empty value
 * @flags: 0, XATTR_CREATE or XATTR_REPLACE
 *
 * long-desc: Works as setxattr(), except that when the last component of
 *   pathname is a symbolic link the attribute is set on the link itself. A
 *   symbolic link can hold trusted.* and security.* attributes, but not user.*
 *   ones, which fail with EPERM.
 *
 *   The flags, the name and the value are checked and copied before the path is
 *   looked up.
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated path of at most PATH_MAX bytes including the NUL.
 *     Symbolic links in the middle of the path are followed; one in the last
 *     component is not.
 *
 * param: name
 *   type: user_ptr, input
 *   constraint-type: user_string(XATTR_NAME_MAX)
 *   cdesc: A NUL-terminated string of 1 to XATTR_NAME_MAX (255) bytes, prefix
 *     included; otherwise ERANGE.
 *
 * param: value
 *   type: user_ptr, input
 *   constraint-type: buffer(3)
 *   cdesc: Must be readable for size bytes; not read when size is 0.
 *
 * param: size
 *   type: uint, input
 *   constraint-type: range(0, XATTR_SIZE_MAX)
 *   cdesc: Larger values fail with E2BIG. Filesystems may have lower limits.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(XATTR_CREATE | XATTR_REPLACE)
 *   cdesc: Any other bit fails with EINVAL before anything else is done.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the attribute has been stored; a negative error code
 *     otherwise.
 *
 * error: EINVAL, Bad flags, empty suffix or bad ACL
 *   desc: flags has a bit other than XATTR_CREATE and XATTR_REPLACE; name is a
 *     namespace prefix with nothing after it; or the value of a POSIX ACL or of
 *     security.capability is malformed.
 *
 * error: ERANGE, Bad name length
 *   desc: name is the empty string or longer than XATTR_NAME_MAX bytes, or the
 *     filesystem cannot store the name or value.
 *
 * error: E2BIG, Value too large
 *   desc: size is greater than XATTR_SIZE_MAX, or the filesystem cannot store a
 *     value of this size.
 *
 * error: EFAULT, Bad address
 *   desc: name, value or pathname points to memory the caller cannot read.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the copy of the value, the path buffer,
 *     or memory the filesystem needed.
 *
 * error: ENOENT, No such file
 *   desc: pathname is empty or a component of it does not exist.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory in pathname is not one.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes, or one of its components is
 *     longer than NAME_MAX.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: Resolving the directories of pathname met more than 40 symbolic
 *     links.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of pathname; the name is
 *     outside the trusted., security. and system. namespaces and the caller may
 *     not write to the file; or a default ACL is set on something that is not a
 *     directory.
 *
 * error: EPERM, Operation not permitted
 *   desc: The file is immutable or append-only, or its owner is unmapped in an
 *     idmapped mount; the name is in trusted. or security. and the caller lacks
 *     CAP_SYS_ADMIN (CAP_SETFCAP for security.capability); the name is in user.
 *     and the target is a symbolic link or another file that is neither regular
 *     nor a directory; the target is a sticky directory owned by someone else
 *     and the caller lacks CAP_FOWNER; or a POSIX ACL is set by a non-owner
 *     without CAP_FOWNER.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The file is on a read-only mount or filesystem.
 *
 * error: EOPNOTSUPP, Namespace not supported
 *   desc: The filesystem has no extended attributes, no handler knows the
 *     prefix, the handler cannot set values, or POSIX ACLs are not enabled.
 *
 * error: EEXIST, Attribute exists
 *   desc: XATTR_CREATE is set and the attribute already exists.
 *
 * error: ENODATA, No such attribute
 *   desc: XATTR_REPLACE is set and the attribute does not exist.
 *
 * error: ENOSPC, No space for the attribute
 *   desc: The filesystem has no room left for the attribute.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: Storing the attribute would take the owner over a disk quota.
 *
 * error: EIO, I/O error
 *   desc: The inode is marked bad, or the filesystem failed to read or write
 *     its attribute blocks.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing around the permission checks and the store.
 *
 * side-effect: modify_state | filesystem
 *   target: extended attributes of the inode (of the link itself for a final
 *     symbolic link)
 *   desc: The attribute is created or its value replaced.
 *   reversible: yes
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: Write attributes in the trusted. namespace and in security. (except
 *     security.capability)
 *   without: The call fails with EPERM for those namespaces
 *   condition: name starts with "trusted." or "security."
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Set user. attributes on another user's sticky directory and POSIX
 *     ACLs on files the caller does not own
 *   without: The call fails with EPERM in those cases
 *   condition: The caller is not the owner of the file
 *
 * examples: lsetxattr("file", "user.kapi", buf, 4, 0);
 *   lsetxattr("symlink", "trusted.kapi", buf, 4, 0);  // on the link itself
 *   lsetxattr("symlink", "user.kapi", buf, 4, 0);  // EPERM: user. on a link
 *   lsetxattr("file", "user.kapi", buf, 4, XATTR_CREATE);  // EEXIST: already set
 *   lsetxattr("file", "user.missing", buf, 4, XATTR_REPLACE);  // ENODATA
 *
 * notes: On a path whose last component is not a symbolic link the call is
 *   identical to setxattr().
 */
SYSCALL_DEFINE5(lsetxattr, const char __user *, pathname,
		const char __user *, name, const void __user *, value,
		size_t, size, int, flags)

/**
 * sys_fsetxattr - Set an extended attribute of an open file
 * @fd: Open file descriptor of the file; any access mode
 * @name: Attribute name with its namespace prefix
 * @value: Bytes of the new value
 * @size: Length of the value in bytes; 0 stores an empty value
 * @flags: 0, XATTR_CREATE or XATTR_REPLACE
 *
 * long-desc: Works as setxattr() on the inode behind an open file. The file may
 *   have been opened read-only: the access mode of fd is not checked, only the
 *   namespace rules and the file's permission bits are. A descriptor opened
 *   with O_PATH is refused with EBADF.
 *
 *   The descriptor is checked first; then flags, name and value are checked and
 *   copied in.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be an open descriptor that was not opened with O_PATH. Pipes,
 *     sockets and other non-regular files are accepted, but they hold no user.*
 *     attributes (EPERM).
 *
 * param: name
 *   type: user_ptr, input
 *   constraint-type: user_string(XATTR_NAME_MAX)
 *   cdesc: A NUL-terminated string of 1 to XATTR_NAME_MAX (255) bytes, prefix
 *     included; otherwise ERANGE.
 *
 * param: value
 *   type: user_ptr, input
 *   constraint-type: buffer(3)
 *   cdesc: Must be readable for size bytes; not read when size is 0.
 *
 * param: size
 *   type: uint, input
 *   constraint-type: range(0, XATTR_SIZE_MAX)
 *   cdesc: Larger values fail with E2BIG. Filesystems may have lower limits.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(XATTR_CREATE | XATTR_REPLACE)
 *   cdesc: Any other bit fails with EINVAL.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the attribute has been stored; a negative error code
 *     otherwise.
 *
 * error: EBADF, Bad file descriptor
 *   desc: fd is not an open descriptor, or it was opened with O_PATH.
 *
 * error: EINVAL, Bad flags, empty suffix or bad ACL
 *   desc: flags has a bit other than XATTR_CREATE and XATTR_REPLACE; name is a
 *     namespace prefix with nothing after it; or the value of a POSIX ACL or of
 *     security.capability is malformed.
 *
 * error: ERANGE, Bad name length
 *   desc: name is the empty string or longer than XATTR_NAME_MAX bytes, or the
 *     filesystem cannot store the name or value.
 *
 * error: E2BIG, Value too large
 *   desc: size is greater than XATTR_SIZE_MAX, or the filesystem cannot store a
 *     value of this size.
 *
 * error: EFAULT, Bad address
 *   desc: name or value points to memory the caller cannot read.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the copy of the value or memory the
 *     filesystem needed.
 *
 * error: EACCES, Permission denied
 *   desc: The name is outside the trusted., security. and system. namespaces (a
 *     user. name in practice) and the file's permission bits do not let the
 *     caller write it, or a default ACL is set on something that is not a
 *     directory.
 *
 * error: EPERM, Operation not permitted
 *   desc: The file is immutable or append-only, or its owner is unmapped in an
 *     idmapped mount; the name is in trusted. or security. and the caller lacks
 *     CAP_SYS_ADMIN (CAP_SETFCAP for security.capability); the name is in user.
 *     and fd is neither a regular file nor a directory (a pipe, for example);
 *     the file is another user's sticky directory and the caller lacks
 *     CAP_FOWNER; or a POSIX ACL is set by a non-owner without CAP_FOWNER.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The file is on a read-only mount or filesystem.
 *
 * error: EOPNOTSUPP, Namespace not supported
 *   desc: The filesystem has no extended attributes, no handler knows the
 *     prefix, the handler cannot set values, or POSIX ACLs are not enabled.
 *
 * error: EEXIST, Attribute exists
 *   desc: XATTR_CREATE is set and the attribute already exists.
 *
 * error: ENODATA, No such attribute
 *   desc: XATTR_REPLACE is set and the attribute does not exist.
 *
 * error: ENOSPC, No space for the attribute
 *   desc: The filesystem has no room left for the attribute.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: Storing the attribute would take the owner over a disk quota.
 *
 * error: EIO, I/O error
 *   desc: The inode is marked bad, or the filesystem failed to read or write
 *     its attribute blocks.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing around the permission checks and the store.
 *
 * side-effect: modify_state | filesystem
 *   target: extended attributes of the inode behind fd
 *   desc: The attribute is created or its value replaced.
 *   reversible: yes
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: Write attributes in the trusted. namespace and in security. (except
 *     security.capability)
 *   without: The call fails with EPERM for those namespaces
 *   condition: name starts with "trusted." or "security."
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Set user. attributes on another user's sticky directory and POSIX
 *     ACLs on files the caller does not own
 *   without: The call fails with EPERM in those cases
 *   condition: The caller is not the owner of the file
 *
 * examples: fsetxattr(fd, "user.kapi", buf, 4, 0);
 *   fsetxattr(rdfd, "user.new", buf, 4, XATTR_CREATE);  // read-only fd works
 *   fsetxattr(fd, "user.missing", buf, 4, XATTR_REPLACE);  // ENODATA
 *   fsetxattr(fd, "user.kapi", buf, 4, XATTR_CREATE);  // EEXIST: already set
 *   fsetxattr(pipe_w, "user.kapi", buf, 4, 0);  // EPERM: not a regular file
 *
 * notes: Useful to avoid races between resolving a path and setting the
 *   attribute: the descriptor pins the inode.
 */
SYSCALL_DEFINE5(fsetxattr, int, fd, const char __user *, name,
		const void __user *,value, size_t, size, int, flags)

/**
 * sys_getxattr - Read an extended attribute of a file named by path
 * @pathname: Path of the file; a final symbolic link is followed
 * @name: Attribute name with its namespace prefix
 * @value: Buffer that receives the value
 * @size: Size of the buffer in bytes; 0 asks only for the value's length
 *
 * long-desc: Looks pathname up, following a symbolic link in the last
 *   component, and copies the value of the attribute called name into value.
 *   The value is raw bytes and is not NUL-terminated. When size is 0 nothing is
 *   copied and the call returns the current length of the value, so that the
 *   caller can size a buffer; the value may change before the next call.
 *
 *   The path is looked up first, then the name is copied in. Reading needs read
 *   permission on the file for user.* names, which exist only on regular files
 *   and directories; trusted.* names are visible only with CAP_SYS_ADMIN and
 *   read as missing (ENODATA) without it. For security.* names an active
 *   security module may supply the value itself.
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated path of at most PATH_MAX bytes including the NUL; a
 *     symbolic link in the last component is followed.
 *
 * param: name
 *   type: user_ptr, input
 *   constraint-type: user_string(XATTR_NAME_MAX)
 *   cdesc: A NUL-terminated string of 1 to XATTR_NAME_MAX (255) bytes, prefix
 *     included; otherwise ERANGE.
 *
 * param: value
 *   type: user_ptr, output
 *   constraint-type: buffer(3)
 *   cdesc: Must be writable for as many bytes as the value has; the kernel
 *     writes only the value's length, never size bytes. Ignored when size is 0.
 *
 * param: size
 *   type: uint, input
 *   cdesc: Any value is accepted. Sizes above XATTR_SIZE_MAX are treated as
 *     XATTR_SIZE_MAX, the largest value length there can be.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The length of the value in bytes (0 for an empty value), whether or
 *     not it was copied; a negative error code otherwise.
 *
 * error: ERANGE, Bad name length or buffer too small
 *   desc: name is empty or longer than XATTR_NAME_MAX bytes, or size is not 0
 *     and smaller than the value.
 *
 * error: E2BIG, Value too large
 *   desc: size is at least XATTR_SIZE_MAX and the filesystem still reports a
 *     value that does not fit; values that large cannot be returned.
 *
 * error: ENODATA, No such attribute
 *   desc: The file has no attribute called name; or the name is in trusted. and
 *     the caller lacks CAP_SYS_ADMIN; or the name is in user. and the file is
 *     neither a regular file nor a directory; or a POSIX ACL name is asked for
 *     and no such ACL is set.
 *
 * error: EOPNOTSUPP, Namespace not supported
 *   desc: The filesystem does not support extended attributes, none of its
 *     handlers knows the prefix of name, or POSIX ACLs are not enabled on it.
 *
 * error: EINVAL, Empty suffix
 *   desc: name is a namespace prefix with nothing after it, such as "user.".
 *
 * error: EFAULT, Bad address
 *   desc: pathname or name cannot be read, or value cannot be written for the
 *     length of the value.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the path buffer or its temporary copy
 *     of the value (up to size bytes, at most XATTR_SIZE_MAX).
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of pathname, or the name
 *     is outside the trusted., security. and system. namespaces (a user. name
 *     in practice) and the caller may not read the file.
 *
 * error: ENOENT, No such file
 *   desc: pathname is empty, a component of it does not exist, or it ends in a
 *     dangling symbolic link.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory in pathname is not one.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes, or one of its components is
 *     longer than NAME_MAX.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: Resolving pathname met more than 40 symbolic links.
 *
 * error: EIO, I/O error
 *   desc: The inode is marked bad, or the filesystem failed to read its
 *     attribute blocks.
 *
 * side-effect: none
 *   target: value buffer
 *   desc: Only the caller's buffer is written; the file is not changed.
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: Read attributes in the trusted. namespace
 *   without: trusted.* attributes read as missing (ENODATA)
 *   condition: name starts with "trusted."
 *
 * examples: getxattr("file", "user.kapi", buf, 64);  // reads the 4-byte value
 *   n = getxattr("file", "user.kapi", NULL, 0);  // ask for the length
 *   getxattr("file", "user.missing", buf, 64);  // ENODATA: no such attribute
 *   getxattr("file", "user.kapi", buf, 1);  // ERANGE: buffer too small
 *   getxattr("file", "user.", buf, 64);  // EINVAL: empty suffix
 *
 * notes: A file with no user.* attribute fails such a read with
 *   ENODATA until setxattr() has stored it. lgetxattr() reads the attribute
 *   of a symbolic link itself; fgetxattr() that of an open file.
 */
SYSCALL_DEFINE4(getxattr, const char __user *, pathname,
		const char __user *, name, void __user *, value, size_t, size)

/**
 * sys_fgetxattr - Read an extended attribute of an open file
 * @fd: Open file descriptor of the file; any access mode
 * @name: Attribute name with its namespace prefix
 * @value: Buffer that receives the value
 * @size: Size of the buffer in bytes; 0 asks only for the value's length
 *
 * long-desc: Works as getxattr() on the inode behind an open file. The access
 *   mode of fd does not matter: a write-only descriptor can read attributes,
 *   subject to the file's permission bits. A descriptor opened with O_PATH is
 *   refused with EBADF.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be an open descriptor that was not opened with O_PATH. For a
 *     pipe, socket or other non-regular file a user.* name reads as missing
 *     (ENODATA).
 *
 * param: name
 *   type: user_ptr, input
 *   constraint-type: user_string(XATTR_NAME_MAX)
 *   cdesc: A NUL-terminated string of 1 to XATTR_NAME_MAX (255) bytes, prefix
 *     included; otherwise ERANGE.
 *
 * param: value
 *   type: user_ptr, output
 *   constraint-type: buffer(3)
 *   cdesc: Must be writable for as many bytes as the value has; ignored when
 *     size is 0.
 *
 * param: size
 *   type: uint, input
 *   cdesc: Any value is accepted; sizes above XATTR_SIZE_MAX are treated as
 *     XATTR_SIZE_MAX.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The length of the value in bytes, whether or not it was copied; a
 *     negative error code otherwise.
 *
 * error: EBADF, Bad file descriptor
 *   desc: fd is not an open descriptor, or it was opened with O_PATH.
 *
 * error: ERANGE, Bad name length or buffer too small
 *   desc: name is empty or longer than XATTR_NAME_MAX bytes, or size is not 0
 *     and smaller than the value.
 *
 * error: E2BIG, Value too large
 *   desc: size is at least XATTR_SIZE_MAX and the filesystem still reports a
 *     value that does not fit.
 *
 * error: ENODATA, No such attribute
 *   desc: The file has no attribute called name; or the name is in trusted. and
 *     the caller lacks CAP_SYS_ADMIN; or the name is in user. and fd is neither
 *     a regular file nor a directory; or no POSIX ACL of the asked type is set.
 *
 * error: EOPNOTSUPP, Namespace not supported
 *   desc: The filesystem does not support extended attributes, none of its
 *     handlers knows the prefix of name, or POSIX ACLs are not enabled on it.
 *
 * error: EINVAL, Empty suffix
 *   desc: name is a namespace prefix with nothing after it.
 *
 * error: EFAULT, Bad address
 *   desc: name cannot be read, or value cannot be written for the length of the
 *     value.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate its temporary copy of the value.
 *
 * error: EACCES, Permission denied
 *   desc: The name is outside the trusted., security. and system. namespaces (a
 *     user. name in practice) and the file's permission bits do not let the
 *     caller read it.
 *
 * error: EIO, I/O error
 *   desc: The inode is marked bad, or the filesystem failed to read its
 *     attribute blocks.
 *
 * side-effect: none
 *   target: value buffer
 *   desc: Only the caller's buffer is written; the file is not changed.
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: Read attributes in the trusted. namespace
 *   without: trusted.* attributes read as missing (ENODATA)
 *   condition: name starts with "trusted."
 *
 * examples: fgetxattr(fd, "user.kapi", buf, 64);  // reads the 4-byte value
 *   fgetxattr(fd, "user.kapi", buf, 1);  // ERANGE: buffer too small
 *   fgetxattr(fd, "user.", buf, 64);  // EINVAL: empty suffix
 *   fgetxattr(wrfd, "user.kapi", NULL, 0);  // the access mode does not matter
 *   fgetxattr(pipe_r, "user.kapi", buf, 64);  // ENODATA: not a regular file
 *
 * notes: Sockets answer the name system.sockprotoname with their protocol
 *   name, which is one of the few attributes that exist without being set.
 */
SYSCALL_DEFINE4(fgetxattr, int, fd, const char __user *, name,
		void __user *, value, size_t, size)

/**
 * sys_listxattr - List the extended attribute names of a file named by path
 * @pathname: Path of the file; a final symbolic link is followed
 * @list: Buffer that receives the names, each followed by a NUL byte
 * @size: Size of the buffer in bytes; 0 asks only for the length of the list
 *
 * long-desc: Copies the names of the attributes of the file that pathname
 *   resolves to into list, one after the other, each ended by a NUL byte. The
 *   order is the filesystem's. When size is 0 nothing is copied and the call
 *   returns the number of bytes the list needs.
 *
 *   Only names the caller may see are listed: trusted.* names appear only with
 *   CAP_SYS_ADMIN, and the POSIX ACL names appear when ACLs are set. Listing
 *   needs no permission on the file itself, only search permission on the
 *   directories of the path. A filesystem without extended attributes usually
 *   reports an empty list (or only what a security module adds).
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated path of at most PATH_MAX bytes including the NUL; a
 *     symbolic link in the last component is followed.
 *
 * param: list
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   cdesc: Must be writable for as many bytes as the list has; the kernel
 *     writes only the list's length. Ignored when size is 0.
 *
 * param: size
 *   type: uint, input
 *   cdesc: Any value is accepted. Sizes above XATTR_LIST_MAX (65536) are
 *     treated as XATTR_LIST_MAX.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The length of the list in bytes, terminators included, whether or not
 *     it was copied; 0 when the file has no visible attribute. A negative error
 *     code otherwise.
 *
 * error: ERANGE, Buffer too small
 *   desc: size is not 0 and the list does not fit in it.
 *
 * error: E2BIG, List too large
 *   desc: size is at least XATTR_LIST_MAX and the list is still longer; such a
 *     list cannot be returned.
 *
 * error: EFAULT, Bad address
 *   desc: pathname cannot be read, or list cannot be written for the length of
 *     the list.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the path buffer or its temporary copy
 *     of the list (up to size bytes, at most XATTR_LIST_MAX).
 *
 * error: EOPNOTSUPP, Listing not supported
 *   desc: The filesystem refuses to list attributes, as some network and FUSE
 *     filesystems do when their server has no support for it.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of pathname, or a
 *     security module denies the listing.
 *
 * error: ENOENT, No such file
 *   desc: pathname is empty, a component of it does not exist, or it ends in a
 *     dangling symbolic link.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory in pathname is not one.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes, or one of its components is
 *     longer than NAME_MAX.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: Resolving pathname met more than 40 symbolic links.
 *
 * error: EIO, I/O error
 *   desc: The filesystem failed to read the attribute blocks.
 *
 * side-effect: none
 *   target: list buffer
 *   desc: Only the caller's buffer is written; the file is not changed.
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: See the names of trusted.* attributes in the list
 *   without: trusted.* names are left out of the list silently
 *   condition: The file has trusted.* attributes
 *
 * examples: listxattr("file", buf, 4096);  // the names, each NUL-terminated
 *   listxattr("file", buf, 1);  // ERANGE: the names do not fit
 *   listxattr("dir", NULL, 0);  // only the length
 *   listxattr("missing", buf, 4096);  // ENOENT
 *
 * notes: Because attributes may be added between the two calls, code that
 *   sizes a buffer with size 0 first must be ready for ERANGE on the second
 *   call and retry.
 */
SYSCALL_DEFINE3(listxattr, const char __user *, pathname, char __user *, list,
		size_t, size)

/**
 * sys_removexattr - Remove an extended attribute of a file named by path
 * @pathname: Path of the file; a final symbolic link is followed
 * @name: Attribute name with its namespace prefix
 *
 * long-desc: Deletes the attribute called name from the file that pathname
 *   resolves to, following a symbolic link in the last component. The name is
 *   copied in before the path is looked up. The same namespace rules as for
 *   setxattr() decide who may remove an attribute.
 *
 *   The names system.posix_acl_access and system.posix_acl_default remove the
 *   file's access or default ACL through the ACL code. Removing an ACL that is
 *   not set is not an error on filesystems such as ext4 and tmpfs, whereas
 *   removing an ordinary attribute that does not exist fails with ENODATA.
 *
 * contexts: process, sleepable
 *
 * param: pathname
 *   type: path, input
 *   cdesc: A NUL-terminated path of at most PATH_MAX bytes including the NUL; a
 *     symbolic link in the last component is followed.
 *
 * param: name
 *   type: user_ptr, input
 *   constraint-type: user_string(XATTR_NAME_MAX)
 *   cdesc: A NUL-terminated string of 1 to XATTR_NAME_MAX (255) bytes, prefix
 *     included; otherwise ERANGE.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the attribute is gone; a negative error code otherwise.
 *
 * error: ERANGE, Bad name length
 *   desc: name is the empty string or longer than XATTR_NAME_MAX bytes.
 *
 * error: EFAULT, Bad address
 *   desc: name or pathname points to memory the caller cannot read.
 *
 * error: ENODATA, No such attribute
 *   desc: The file has no attribute called name.
 *
 * error: EINVAL, Empty suffix
 *   desc: name is a namespace prefix with nothing after it, such as "user.".
 *
 * error: EOPNOTSUPP, Namespace not supported
 *   desc: The filesystem does not support extended attributes, no handler knows
 *     the prefix of name, the handler cannot remove values, or POSIX ACLs are
 *     not enabled on it.
 *
 * error: EPERM, Operation not permitted
 *   desc: The file is immutable or append-only, or its owner is unmapped in an
 *     idmapped mount; the name is in trusted. or security. and the caller lacks
 *     CAP_SYS_ADMIN (CAP_SETFCAP for security.capability); the name is in user.
 *     and the file is neither a regular file nor a directory; the file is
 *     another user's sticky directory and the caller lacks CAP_FOWNER; or an
 *     ACL is removed by a non-owner without CAP_FOWNER.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of pathname, or the name
 *     is outside the trusted., security. and system. namespaces (a user. name
 *     in practice) and the caller may not write to the file.
 *
 * error: EROFS, Read-only filesystem
 *   desc: The file is on a read-only mount or filesystem.
 *
 * error: ENOENT, No such file
 *   desc: pathname is empty, a component of it does not exist, or it ends in a
 *     dangling symbolic link.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory in pathname is not one.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: pathname does not fit in PATH_MAX bytes, or one of its components is
 *     longer than NAME_MAX.
 *
 * error: ELOOP, Too many symbolic links
 *   desc: Resolving pathname met more than 40 symbolic links.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the path buffer or memory the
 *     filesystem needed.
 *
 * error: EIO, I/O error
 *   desc: The inode is marked bad, or the filesystem failed to update its
 *     attribute blocks.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing around the permission checks and the removal.
 *
 * side-effect: modify_state | filesystem
 *   target: extended attributes of the inode
 *   desc: The attribute is deleted; for an ACL name the ACL is dropped.
 *   reversible: no
 *
 * capability: CAP_SYS_ADMIN
 *   type: grant_permission
 *   allows: Remove attributes in the trusted. namespace and in security.
 *     (except security.capability)
 *   without: The call fails with EPERM for those namespaces
 *   condition: name starts with "trusted." or "security."
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Remove user. attributes of another user's sticky directory and ACLs
 *     of files the caller does not own
 *   without: The call fails with EPERM in those cases
 *   condition: The caller is not the owner of the file
 *
 * examples: removexattr("file", "system.posix_acl_access");  // no ACL set: 0
 *   removexattr("file", "user.kapi");  // removes an attribute
 *   removexattr("file", "user.missing");  // ENODATA: no such attribute
 *   removexattr("file", "user.");  // EINVAL: empty suffix
 *   removexattr("file", "");  // ERANGE
 *
 * notes: lremovexattr() acts on a symbolic link itself and fremovexattr() on
 *   an open file.
 */
SYSCALL_DEFINE2(removexattr, const char __user *, pathname,
		const char __user *, name)
