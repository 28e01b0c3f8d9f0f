/*
 * KAPI specs for opening, closing and truncating files (fs/open.c), written
 * for kapi in the v4 short-token dialect. Facts are from Linux 6.12's
 * fs/open.c, fs/namei.c, fs/file.c and include/linux/fcntl.h and from the
 * open(2), openat2(2), close(2) and truncate(2) man pages; the wording is
 * kapi's own.
 */

/**
 * sys_open - Open or create a file by path and return a new descriptor
 * @filename: Path of the file; relative paths start at the working directory
 * @flags: Access mode (O_RDONLY, O_WRONLY or O_RDWR) ORed with O_* flags
 * @mode: Permission bits for a file that O_CREAT or O_TMPFILE creates
 *
 * long-desc: Resolves filename, optionally creates the file, opens it and
 *   installs the new open file description at the lowest free descriptor
 *   number. The descriptor gets close-on-exec only with O_CLOEXEC. It is the
 *   same as openat() with AT_FDCWD as the directory descriptor.
 *
 *   Unknown bits in flags are silently dropped. When O_PATH is given, every
 *   flag except O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC is dropped as well, and
 *   the descriptor only names a location: it cannot be read or written. On
 *   64-bit kernels O_LARGEFILE is always added.
 *
 *   With O_CREAT the file is created when it does not exist, with mode filtered
 *   through the umask (or a default ACL); with O_CREAT | O_EXCL the call fails
 *   if the name exists in any form, dangling symbolic links included. O_TMPFILE
 *   creates an unnamed file in the directory given by filename. O_TRUNC empties
 *   an existing regular file opened for writing. Opening a FIFO only for
 *   reading or only for writing blocks until the other end is opened, unless
 *   O_NONBLOCK is set.
 *
 * contexts: process, sleepable
 *
 * param: filename
 *   type: path, input
 *   cdesc: A NUL-terminated string read from user memory. Including its
 *     terminator it must fit in PATH_MAX bytes, and every component must be at
 *     most NAME_MAX bytes long. The empty string is rejected with ENOENT. A
 *     trailing slash requires the final component to be a directory.
 *
 * param: flags
 *   type: int, input
 *   cdesc: Every value is accepted: bits outside O_ACCMODE | O_CREAT | O_EXCL |
 *     O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_SYNC | FASYNC | O_DIRECT |
 *     O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH |
 *     O_TMPFILE are cleared before use, so no mask check is possible. Some
 *     combinations still fail with EINVAL: O_CREAT with O_DIRECTORY, and
 *     O_TMPFILE without O_WRONLY or O_RDWR.
 *
 * param: mode
 *   type: uint, input
 *   cdesc: Only bits within S_IALLUGO (07777) are kept; the others are silently
 *     cleared. The value is ignored unless O_CREAT or O_TMPFILE is set, and
 *     then the process umask is removed from it.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: The new file descriptor, the lowest number not in use by the process;
 *     a negative error code on failure, in which case no descriptor is
 *     allocated.
 *
 * error: EFAULT, Path not readable
 *   desc: filename points to memory the caller cannot read.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: filename, with its terminating NUL, does not fit in PATH_MAX bytes,
 *     or one of its components is longer than the filesystem allows (NAME_MAX
 *     on most filesystems).
 *
 * error: ENOENT, No such file
 *   desc: filename is empty; a directory on the way does not exist; the final
 *     component does not exist and O_CREAT is not set; or the directory in
 *     which the file would be created has been removed.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory is something else, or O_DIRECTORY is
 *     set (or filename ends with a slash) and the final component is not a
 *     directory.
 *
 * error: ELOOP, Too many or forbidden symbolic links
 *   desc: Resolving filename met more than 40 symbolic links; or O_NOFOLLOW is
 *     set without O_PATH and the final component is a symbolic link; or a
 *     symbolic link lies on a mount with the nosymfollow option.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of the path; the file's
 *     mode does not grant the requested access; O_CREAT must create the file
 *     and the parent directory is not writable; the file is a device on a mount
 *     with nodev; or the protected_fifos, protected_regular or
 *     protected_symlinks sysctl forbids the open in a sticky directory.
 *
 * error: EEXIST, File exists
 *   desc: O_CREAT and O_EXCL are both set and filename already exists, even as
 *     a dangling symbolic link.
 *
 * error: EISDIR, Is a directory
 *   desc: filename names a directory and the open asks for write access
 *     (O_WRONLY, O_RDWR or O_TRUNC), or O_CREAT is set and filename names a
 *     directory or ends with a slash.
 *
 * error: EINVAL, Invalid flag combination
 *   desc: O_CREAT is combined with O_DIRECTORY; O_TMPFILE is set without
 *     O_WRONLY or O_RDWR; O_DIRECT is set on a file whose filesystem has no
 *     direct I/O; or the filesystem rejects the name of the file to create.
 *
 * error: EMFILE, Descriptor limit reached
 *   desc: Every descriptor number below RLIMIT_NOFILE is in use, or the table
 *     would have to grow past fs.nr_open.
 *
 * error: ENFILE, System file table full
 *   desc: The number of open files in the system has reached fs.file-max and
 *     the caller lacks CAP_SYS_ADMIN.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the path buffer, the file structure, a
 *     larger descriptor table, or, for a FIFO, its pipe buffers (also when the
 *     per-user pipe limit is exhausted).
 *
 * error: EPERM, Operation not permitted
 *   desc: O_NOATIME is set and the caller neither owns the file nor has
 *     CAP_FOWNER; the file is append-only and is opened for writing without
 *     O_APPEND or with O_TRUNC; the file is immutable and write access is
 *     requested; or a file seal forbids the truncation asked for by O_TRUNC.
 *
 * error: EROFS, Read-only filesystem
 *   desc: Write access, O_TRUNC or the creation of a new file is requested on a
 *     read-only filesystem or mount.
 *
 * error: ETXTBSY, File busy
 *   desc: Write access is requested to a file that is being executed or that
 *     the kernel holds for reading (a module or firmware being loaded).
 *
 * error: ENOSPC, No space left
 *   desc: The file must be created and the filesystem has no room for the inode
 *     or the directory entry.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The file must be created and the caller's block or inode quota on the
 *     filesystem is used up.
 *
 * error: ENXIO, No such device or address
 *   desc: filename is a FIFO, O_WRONLY | O_NONBLOCK is requested and no process
 *     has it open for reading; or filename is a UNIX domain socket; or it is a
 *     device special file for which no device is registered.
 *
 * error: ENODEV, No such device
 *   desc: filename is a device special file and its driver reports that the
 *     device does not exist.
 *
 * error: EOPNOTSUPP, O_TMPFILE not supported
 *   desc: O_TMPFILE is set and the filesystem of the directory cannot create
 *     unnamed files.
 *
 * error: EOVERFLOW, Value does not fit
 *   desc: A file must be created and the caller's filesystem user or group ID
 *     has no mapping in the filesystem's user namespace or idmapped mount; or,
 *     on 32-bit kernels without O_LARGEFILE, the file is larger than 2 GiB - 1.
 *
 * error: EAGAIN, Lease conflict
 *   desc: O_NONBLOCK is set and another process holds a lease on the file that
 *     conflicts with the requested access.
 *
 * error: EBUSY, Device in use
 *   desc: O_EXCL is set on a block device that is mounted or otherwise held
 *     exclusively.
 *
 * error: EINTR, Interrupted while waiting
 *   desc: The call was waiting for the other end of a FIFO, for a lease to be
 *     broken or for a slow device, and a signal whose handler lacks SA_RESTART
 *     arrived.
 *
 * error: EIO, I/O error
 *   desc: The filesystem failed to read a directory or inode on the way, or the
 *     driver of a device special file reported an I/O error.
 *
 * lock: dir->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The parent directory of the final component is locked while it is
 *     looked up: shared for a plain open, exclusive with O_CREAT.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while the lowest free descriptor is reserved.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: restart
 *   condition: A signal with a handler (SIGINT stands for any such signal)
 *     arrives while the call sleeps on a FIFO, a lease or a device
 *   desc: The wait ends. With SA_RESTART the call is restarted; otherwise it
 *     fails with EINTR. Nothing has been installed in the descriptor table.
 *   errno: -EINTR
 *   timing: during
 *   restartable: yes
 *
 * side-effect: resource_create | alloc_memory
 *   target: open file description and descriptor table slot
 *   desc: A new struct file is allocated and installed at the returned
 *     descriptor number; the descriptor table may be enlarged.
 *   reversible: yes
 *
 * side-effect: filesystem
 *   target: the directory holding filename
 *   condition: O_CREAT is set and the file does not exist, or O_TMPFILE is set
 *   desc: A new regular file is created (named, or unnamed for O_TMPFILE).
 *   reversible: yes
 *
 * side-effect: filesystem | irreversible
 *   target: contents of the file
 *   condition: O_TRUNC is set and filename is an existing regular file
 *   desc: The file is truncated to length 0 and its modification and change
 *     times are updated.
 *   reversible: no
 *
 * state-trans: descriptor slot
 *   from: free
 *   to: open, referring to the new open file description
 *   desc: The slot stays in use until close(), execve() with close-on-exec set,
 *     or process exit.
 *
 * capability: CAP_DAC_OVERRIDE
 *   type: bypass_check
 *   allows: Open files and search or write directories whatever their mode says
 *   without: EACCES when the mode bits or ACLs deny the requested access
 *   condition: Checked when a permission check on a directory or the file fails
 *
 * capability: CAP_DAC_READ_SEARCH
 *   type: bypass_check
 *   allows: Open files for reading and search directories whatever their mode
 *     says
 *   without: EACCES when read or search permission is missing
 *   condition: Checked for read and search access only
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Use O_NOATIME on files the caller does not own
 *   without: EPERM for O_NOATIME on another user's file
 *   condition: O_NOATIME is set
 *
 * capability: CAP_SYS_ADMIN
 *   type: increase_limit
 *   allows: Open files beyond the system-wide fs.file-max limit
 *   without: ENFILE once fs.file-max files are open
 *   condition: The system-wide count of open files is at the limit
 *
 * constraint: RLIMIT_NOFILE
 *   desc: A free descriptor number below the caller's RLIMIT_NOFILE must exist.
 *   expr: lowest_free_fd < RLIMIT_NOFILE
 *
 * examples: open("file", O_RDONLY);  // read an existing file
 *   open("new", O_WRONLY | O_CREAT | O_TRUNC, 0644);
 *   open("dir", O_PATH | O_DIRECTORY);
 *
 * notes: Most C libraries implement open() with the openat system call, and
 *   on arm64 and riscv the open system call does not exist at all. O_SYNC is
 *   stored as O_DSYNC plus an internal bit, and O_NDELAY is the same bit as
 *   O_NONBLOCK.
 */
SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)

/**
 * sys_openat - Open or create a file relative to a directory descriptor
 * @dfd: Directory for relative paths, or AT_FDCWD for the working directory
 * @filename: Path of the file
 * @flags: Access mode (O_RDONLY, O_WRONLY or O_RDWR) ORed with O_* flags
 * @mode: Permission bits for a file that O_CREAT or O_TMPFILE creates
 *
 * long-desc: Works exactly like open(), except that a relative filename is
 *   resolved from the directory that dfd refers to instead of the working
 *   directory. With an absolute filename dfd is ignored. dfd may be an O_PATH
 *   descriptor.
 *
 *   Unknown bits in flags are silently dropped, O_PATH drops every flag but
 *   O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC, and mode is ignored unless a file
 *   may be created.
 *
 * contexts: process, sleepable
 *
 * param: dfd
 *   type: fd, input
 *   cdesc: AT_FDCWD (-100) or an open descriptor of a directory. It is only
 *     looked at when filename is relative; then an invalid descriptor fails
 *     with EBADF and a descriptor of a non-directory with ENOTDIR.
 *
 * param: filename
 *   type: path, input
 *   cdesc: A NUL-terminated string that, with its terminator, fits in PATH_MAX
 *     bytes. The empty string fails with ENOENT (openat has no AT_EMPTY_PATH).
 *
 * param: flags
 *   type: int, input
 *   cdesc: Every value is accepted; bits outside the open flags the kernel
 *     knows are cleared, so no mask check applies. O_CREAT with O_DIRECTORY,
 *     and O_TMPFILE without O_WRONLY or O_RDWR, fail with EINVAL.
 *
 * param: mode
 *   type: uint, input
 *   cdesc: Bits outside S_IALLUGO (07777) are silently cleared; the value is
 *     used only with O_CREAT or O_TMPFILE, after removing the umask.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: The lowest unused file descriptor, now referring to the opened file;
 *     a negative error code on failure.
 *
 * error: EBADF, Bad directory descriptor
 *   desc: filename is relative and dfd is neither AT_FDCWD nor an open
 *     descriptor.
 *
 * error: ENOTDIR, Not a directory
 *   desc: filename is relative and dfd refers to something other than a
 *     directory; or a component used as a directory is not one; or O_DIRECTORY
 *     is set (or filename ends with a slash) and the final component is not a
 *     directory.
 *
 * error: EFAULT, Path not readable
 *   desc: filename points to memory the caller cannot read.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: filename does not fit in PATH_MAX bytes with its NUL, or a component
 *     is longer than the filesystem allows.
 *
 * error: ENOENT, No such file
 *   desc: filename is empty, a directory on the way is missing, or the final
 *     component is missing and O_CREAT is not set.
 *
 * error: ELOOP, Too many or forbidden symbolic links
 *   desc: More than 40 symbolic links were met; or O_NOFOLLOW is set without
 *     O_PATH and the final component is a symbolic link; or a link lies on a
 *     nosymfollow mount.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of the path, the file's
 *     mode denies the requested access, the parent directory is not writable
 *     for a file O_CREAT must create, the file is a device on a nodev mount, or
 *     a protected_* sysctl forbids the open in a sticky directory.
 *
 * error: EEXIST, File exists
 *   desc: O_CREAT | O_EXCL is set and filename exists, even as a dangling
 *     symbolic link.
 *
 * error: EISDIR, Is a directory
 *   desc: filename is a directory and O_WRONLY, O_RDWR or O_TRUNC is set; or
 *     O_CREAT is set and filename is a directory or ends with a slash.
 *
 * error: EINVAL, Invalid flag combination
 *   desc: O_CREAT is combined with O_DIRECTORY, O_TMPFILE lacks O_WRONLY or
 *     O_RDWR, O_DIRECT is set on a filesystem without direct I/O, or the
 *     filesystem rejects the new file's name.
 *
 * error: EMFILE, Descriptor limit reached
 *   desc: No descriptor number below RLIMIT_NOFILE is free, or the table would
 *     have to grow past fs.nr_open.
 *
 * error: ENFILE, System file table full
 *   desc: fs.file-max open files exist and the caller lacks CAP_SYS_ADMIN.
 *
 * error: ENOMEM, Out of memory
 *   desc: A kernel allocation failed (path buffer, file structure, descriptor
 *     table, or a FIFO's pipe buffers).
 *
 * error: EPERM, Operation not permitted
 *   desc: O_NOATIME on a file the caller does not own without CAP_FOWNER; write
 *     access to an append-only file without O_APPEND, or O_TRUNC on it; write
 *     access to an immutable file; or a file seal forbids O_TRUNC.
 *
 * error: EROFS, Read-only filesystem
 *   desc: Write access, O_TRUNC or file creation on a read-only filesystem or
 *     mount.
 *
 * error: ETXTBSY, File busy
 *   desc: Write access to a file that is being executed or that the kernel is
 *     reading as a module or firmware.
 *
 * error: ENOSPC, No space left
 *   desc: The file must be created and the filesystem is full.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The file must be created and the caller's quota is used up.
 *
 * error: ENXIO, No such device or address
 *   desc: O_WRONLY | O_NONBLOCK on a FIFO without readers; a UNIX domain
 *     socket; or a device special file with no registered device.
 *
 * error: ENODEV, No such device
 *   desc: The driver of a device special file reports that the device does not
 *     exist.
 *
 * error: EOPNOTSUPP, O_TMPFILE not supported
 *   desc: O_TMPFILE is set and the directory's filesystem cannot create unnamed
 *     files.
 *
 * error: EOVERFLOW, Value does not fit
 *   desc: A file must be created and the caller's filesystem IDs have no
 *     mapping in the filesystem or mount; or, on 32-bit kernels without
 *     O_LARGEFILE, the file is larger than 2 GiB - 1.
 *
 * error: EAGAIN, Lease conflict
 *   desc: O_NONBLOCK is set and a conflicting lease is held on the file.
 *
 * error: EBUSY, Device in use
 *   desc: O_EXCL is set on a block device that is in exclusive use.
 *
 * error: EINTR, Interrupted while waiting
 *   desc: A signal whose handler lacks SA_RESTART arrived while the call waited
 *     for a FIFO peer, a lease break or a slow device.
 *
 * error: EIO, I/O error
 *   desc: The filesystem or a device driver reported an I/O error.
 *
 * lock: dir->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The parent directory of the final component is locked while it is
 *     looked up: shared for a plain open, exclusive with O_CREAT.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while the lowest free descriptor is reserved.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: restart
 *   condition: A signal with a handler (SIGINT stands for any such signal)
 *     arrives while the call sleeps on a FIFO, a lease or a device
 *   desc: With SA_RESTART the call starts over; otherwise it fails with EINTR
 *     and no descriptor is installed.
 *   errno: -EINTR
 *   timing: during
 *   restartable: yes
 *
 * side-effect: resource_create | alloc_memory
 *   target: open file description and descriptor table slot
 *   desc: A new struct file is installed at the returned descriptor number.
 *   reversible: yes
 *
 * side-effect: filesystem
 *   target: the directory holding filename
 *   condition: O_CREAT and the file is missing, or O_TMPFILE
 *   desc: A new regular file is created.
 *   reversible: yes
 *
 * side-effect: filesystem | irreversible
 *   target: contents of the file
 *   condition: O_TRUNC on an existing regular file
 *   desc: The file is truncated to length 0.
 *   reversible: no
 *
 * state-trans: descriptor slot
 *   from: free
 *   to: open
 *   desc: The slot is in use until it is closed.
 *
 * capability: CAP_DAC_OVERRIDE
 *   type: bypass_check
 *   allows: Open files and search or write directories whatever their mode says
 *   without: EACCES when the mode bits or ACLs deny the access
 *   condition: Checked when a permission check fails
 *
 * capability: CAP_DAC_READ_SEARCH
 *   type: bypass_check
 *   allows: Read files and search directories whatever their mode says
 *   without: EACCES when read or search permission is missing
 *   condition: Checked for read and search access only
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Use O_NOATIME on files owned by others
 *   without: EPERM for O_NOATIME on another user's file
 *   condition: O_NOATIME is set
 *
 * capability: CAP_SYS_ADMIN
 *   type: increase_limit
 *   allows: Open files beyond fs.file-max
 *   without: ENFILE at the system-wide limit
 *   condition: The system-wide count of open files is at the limit
 *
 * constraint: RLIMIT_NOFILE
 *   desc: A free descriptor number below RLIMIT_NOFILE must exist.
 *   expr: lowest_free_fd < RLIMIT_NOFILE
 *
 * examples: openat(AT_FDCWD, "file", O_RDONLY);
 *   openat(dirfd, "inner", O_RDONLY);  // relative to a directory descriptor
 *   openat(AT_FDCWD, "new", O_WRONLY | O_CREAT | O_EXCL, 0600);
 *
 * notes: openat() is what C libraries use for open(). The dfd lookup is
 *   skipped for absolute paths, so a bad dfd goes unnoticed with them.
 */
SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags,
		umode_t, mode)

/**
 * sys_openat2 - Open a file with extensible, strictly checked arguments
 * @dfd: Directory for relative paths, or AT_FDCWD for the working directory
 * @filename: Path of the file
 * @how: User pointer to a struct open_how with flags, mode and resolve
 * @usize: Size in bytes of the structure at how
 *
 * long-desc: Opens filename like openat(), but takes its flags and mode from a
 *   struct open_how and adds a resolve field that restricts path lookup. Unlike
 *   openat(), every field is validated: an unknown flag, an unknown resolve
 *   bit, or a mode given when no file can be created is an error instead of
 *   being ignored.
 *
 *   The resolve bits: RESOLVE_NO_XDEV forbids crossing mount points (bind
 *   mounts included); RESOLVE_NO_MAGICLINKS forbids following /proc-style magic
 *   links; RESOLVE_NO_SYMLINKS forbids following any symbolic link;
 *   RESOLVE_BENEATH makes every step that would leave dfd (an absolute path,
 *   "..", a link target) an error; RESOLVE_IN_ROOT treats dfd as the root
 *   directory for the whole lookup; RESOLVE_CACHED succeeds only when the
 *   lookup can be done entirely from the dentry cache.
 *
 *   The structure is versioned by its size. A caller built against a larger
 *   structure works on an older kernel as long as the fields the kernel does
 *   not know are zero.
 *
 * contexts: process, sleepable
 *
 * param: dfd
 *   type: fd, input
 *   cdesc: AT_FDCWD (-100) or an open directory descriptor. It is used for
 *     relative paths, and with RESOLVE_IN_ROOT also for absolute ones, which
 *     are then resolved from dfd.
 *
 * param: filename
 *   type: path, input
 *   cdesc: A NUL-terminated string that fits in PATH_MAX bytes with its
 *     terminator. The empty string fails with ENOENT.
 *
 * param: how
 *   type: user_ptr, input
 *   size-param: 3
 *   cdesc: Points to usize readable bytes holding struct open_how (__u64 flags,
 *     mode and resolve; 24 bytes in 6.12). flags must stay within O_ACCMODE |
 *     O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_SYNC |
 *     FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME |
 *     O_CLOEXEC | O_PATH | O_TMPFILE; with O_PATH only O_DIRECTORY, O_NOFOLLOW
 *     and O_CLOEXEC may accompany it. mode must be 0 unless O_CREAT or
 *     O_TMPFILE is set, and then within S_IALLUGO (07777). resolve must stay
 *     within the six RESOLVE_* bits, with RESOLVE_BENEATH and RESOLVE_IN_ROOT
 *     not both set. Bit 25 of flags, the kernel's internal no-notify bit, is
 *     cleared without an error.
 *
 * param: usize
 *   type: uint, input
 *   constraint-type: range(24, PAGE_SIZE)
 *   cdesc: 24 is OPEN_HOW_SIZE_VER0, the size of the first struct open_how. A
 *     smaller size fails with EINVAL, a size above PAGE_SIZE with E2BIG.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: The lowest unused file descriptor, referring to the opened file; a
 *     negative error code on failure.
 *
 * error: EINVAL, Invalid size or field
 *   desc: usize is below 24; how->flags has a bit outside the known open flags,
 *     or O_PATH with a flag other than O_DIRECTORY, O_NOFOLLOW or O_CLOEXEC;
 *     how->mode is non-zero without O_CREAT or O_TMPFILE, or has bits outside
 *     07777; how->resolve has an unknown bit or both RESOLVE_BENEATH and
 *     RESOLVE_IN_ROOT; or, as for openat(), O_CREAT is combined with
 *     O_DIRECTORY, O_TMPFILE lacks write access, O_DIRECT is not supported, or
 *     the filesystem rejects the new name.
 *
 * error: E2BIG, Structure too large
 *   desc: usize is larger than PAGE_SIZE, or the bytes of the structure beyond
 *     the 24 the kernel knows are not all zero.
 *
 * error: EFAULT, Bad address
 *   desc: The usize bytes at how, or the string at filename, cannot be read.
 *
 * error: EAGAIN, Must retry
 *   desc: RESOLVE_CACHED is set and the lookup needs to leave the dentry cache
 *     or the flags ask for O_CREAT, O_TRUNC or O_TMPFILE; or RESOLVE_BENEATH or
 *     RESOLVE_IN_ROOT is set and a concurrent rename or mount made a ".." step
 *     impossible to verify; or O_NONBLOCK is set and a conflicting lease is
 *     held on the file.
 *
 * error: EXDEV, Lookup left its bounds
 *   desc: RESOLVE_BENEATH or RESOLVE_IN_ROOT is set and a step would escape dfd
 *     (RESOLVE_BENEATH also refuses absolute paths and absolute link targets);
 *     or RESOLVE_NO_XDEV is set and the lookup would cross a mount point.
 *
 * error: ELOOP, Symbolic link refused or too many
 *   desc: RESOLVE_NO_SYMLINKS is set and the path contains a symbolic link;
 *     RESOLVE_NO_MAGICLINKS is set and the path contains a magic link; more
 *     than 40 links were met; O_NOFOLLOW is set without O_PATH and the final
 *     component is a symbolic link; or a link lies on a nosymfollow mount.
 *
 * error: EBADF, Bad directory descriptor
 *   desc: dfd is needed (a relative path, or RESOLVE_IN_ROOT) and is neither
 *     AT_FDCWD nor an open descriptor.
 *
 * error: ENOTDIR, Not a directory
 *   desc: dfd is needed and refers to a non-directory; a component used as a
 *     directory is not one; or O_DIRECTORY (or a trailing slash) names a
 *     non-directory.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: filename does not fit in PATH_MAX bytes with its NUL, or a component
 *     is longer than the filesystem allows.
 *
 * error: ENOENT, No such file
 *   desc: filename is empty, a directory on the way is missing, or the final
 *     component is missing and O_CREAT is not set.
 *
 * error: EACCES, Permission denied
 *   desc: A directory of the path cannot be searched, the file's mode denies
 *     the access, the parent is not writable for a file to create, the file is
 *     a device on a nodev mount, or a protected_* sysctl forbids the open.
 *
 * error: EEXIST, File exists
 *   desc: O_CREAT | O_EXCL is set and filename exists.
 *
 * error: EISDIR, Is a directory
 *   desc: filename is a directory and write access or O_TRUNC is requested, or
 *     O_CREAT is set and filename is a directory or ends with a slash.
 *
 * error: EMFILE, Descriptor limit reached
 *   desc: No descriptor number below RLIMIT_NOFILE is free.
 *
 * error: ENFILE, System file table full
 *   desc: fs.file-max open files exist and the caller lacks CAP_SYS_ADMIN.
 *
 * error: ENOMEM, Out of memory
 *   desc: A kernel allocation failed.
 *
 * error: EPERM, Operation not permitted
 *   desc: O_NOATIME on another user's file without CAP_FOWNER, write access to
 *     an append-only file without O_APPEND or with O_TRUNC, write access to an
 *     immutable file, or a file seal forbids O_TRUNC.
 *
 * error: EROFS, Read-only filesystem
 *   desc: Write access, O_TRUNC or file creation on a read-only filesystem or
 *     mount.
 *
 * error: ETXTBSY, File busy
 *   desc: Write access to a file that is being executed or read by the kernel
 *     as a module or firmware.
 *
 * error: ENOSPC, No space left
 *   desc: The file must be created and the filesystem is full.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The file must be created and the caller's quota is used up.
 *
 * error: ENXIO, No such device or address
 *   desc: O_WRONLY | O_NONBLOCK on a FIFO without readers, a UNIX domain
 *     socket, or a device special file with no registered device.
 *
 * error: ENODEV, No such device
 *   desc: The driver of a device special file reports no device.
 *
 * error: EOPNOTSUPP, O_TMPFILE not supported
 *   desc: O_TMPFILE is set and the filesystem cannot create unnamed files.
 *
 * error: EOVERFLOW, Value does not fit
 *   desc: A file must be created and the caller's filesystem IDs have no
 *     mapping in the filesystem or mount.
 *
 * error: EBUSY, Device in use
 *   desc: O_EXCL is set on a block device that is in exclusive use.
 *
 * error: EINTR, Interrupted while waiting
 *   desc: A signal whose handler lacks SA_RESTART arrived while the call waited
 *     for a FIFO peer, a lease break or a slow device.
 *
 * error: EIO, I/O error
 *   desc: The filesystem or a device driver reported an I/O error.
 *
 * lock: dir->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: The parent directory of the final component is locked while it is
 *     looked up: shared for a plain open, exclusive with O_CREAT.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while the lowest free descriptor is reserved.
 *
 * lock: rcu_read_lock
 *   type: rcu
 *   scope: internal
 *   desc: The lookup first runs under RCU without taking references;
 *     RESOLVE_CACHED fails with EAGAIN where that mode would have to be left.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: restart
 *   condition: A signal with a handler (SIGINT stands for any such signal)
 *     arrives while the call sleeps on a FIFO, a lease or a device
 *   desc: With SA_RESTART the call starts over; otherwise it fails with EINTR
 *     and no descriptor is installed.
 *   errno: -EINTR
 *   timing: during
 *   restartable: yes
 *
 * side-effect: resource_create | alloc_memory
 *   target: open file description and descriptor table slot
 *   desc: A new struct file is installed at the returned descriptor number.
 *   reversible: yes
 *
 * side-effect: filesystem
 *   target: the directory holding filename
 *   condition: O_CREAT and the file is missing, or O_TMPFILE
 *   desc: A new regular file is created.
 *   reversible: yes
 *
 * side-effect: filesystem | irreversible
 *   target: contents of the file
 *   condition: O_TRUNC on an existing regular file
 *   desc: The file is truncated to length 0.
 *   reversible: no
 *
 * state-trans: descriptor slot
 *   from: free
 *   to: open
 *   desc: The slot is in use until it is closed.
 *
 * capability: CAP_DAC_OVERRIDE
 *   type: bypass_check
 *   allows: Open files and search or write directories whatever their mode says
 *   without: EACCES when the mode bits or ACLs deny the access
 *   condition: Checked when a permission check fails
 *
 * capability: CAP_DAC_READ_SEARCH
 *   type: bypass_check
 *   allows: Read files and search directories whatever their mode says
 *   without: EACCES when read or search permission is missing
 *   condition: Checked for read and search access only
 *
 * capability: CAP_FOWNER
 *   type: bypass_check
 *   allows: Use O_NOATIME on files owned by others
 *   without: EPERM for O_NOATIME on another user's file
 *   condition: O_NOATIME is set
 *
 * capability: CAP_SYS_ADMIN
 *   type: increase_limit
 *   allows: Open files beyond fs.file-max
 *   without: ENFILE at the system-wide limit
 *   condition: The system-wide count of open files is at the limit
 *
 * constraint: open_how size
 *   desc: usize must be at least the first published size of struct open_how
 *     and at most one page; bytes past the structure the kernel knows must be
 *     zero.
 *   expr: usize >= 24 && usize <= PAGE_SIZE
 *
 * constraint: RLIMIT_NOFILE
 *   desc: A free descriptor number below RLIMIT_NOFILE must exist.
 *   expr: lowest_free_fd < RLIMIT_NOFILE
 *
 * examples: openat2(AT_FDCWD, "file", how, 24);  // how = {O_RDONLY, 0, 0}
 *   openat2(dirfd, "inner", how, 24);
 *   openat2(AT_FDCWD, "file", how_excl, 24);  // EEXIST: O_CREAT | O_EXCL
 *   openat2(AT_FDCWD, "dir", how_wronly, 24);  // EISDIR: a directory for writing
 *   openat2(AT_FDCWD, "fifo", how_nonblock, 24);  // ENXIO: FIFO without a reader
 *   openat2(AT_FDCWD, "rofs/file", how_wronly, 24);  // EROFS: read-only mount
 *   openat2(AT_FDCWD, "fullfs/new", how_creat, 24);  // ENOSPC: no inode left
 *   openat2(AT_FDCWD, "mnt/x", how_noxdev, 24);  // EXDEV: RESOLVE_NO_XDEV
 *   openat2(AT_FDCWD, "file", how, 23);  // EINVAL: size below OPEN_HOW_SIZE_VER0
 *
 * notes: Where the C library has no wrapper, callers use
 *   syscall(SYS_openat2, ...). The checks on how happen before
 *   filename is read, so EINVAL and E2BIG win over EFAULT for the path. Unlike
 *   openat(), O_PATH is not silently narrowed and O_LARGEFILE is added only
 *   without O_PATH.
 */
SYSCALL_DEFINE4(openat2, int, dfd, const char __user *, filename,
		struct open_how __user *, how, size_t, usize)

/**
 * sys_close - Close a file descriptor
 * @fd: The descriptor to close
 *
 * long-desc: Removes fd from the caller's descriptor table and drops its
 *   reference to the open file description. Before that reference goes, the
 *   file's flush method runs (network filesystems write cached data back here),
 *   and every POSIX record lock the process holds on the file is released, even
 *   locks taken through other descriptors of the same file.
 *
 *   When this was the last reference, the file is released synchronously,
 *   before the call completes. Leases and flock() locks on it go away, the
 *   other end of a pipe or socket sees the close, and an unlinked file's
 *   storage is freed.
 *
 *   The descriptor is gone even when an error is returned, so close() must not
 *   be retried after EINTR; the number may already belong to another file
 *   opened by another thread.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Any open descriptor, O_PATH descriptors included.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise. Except for EBADF,
 *     the descriptor has been closed anyway.
 *
 * error: EBADF, Not an open descriptor
 *   desc: fd is not an open descriptor of the calling process.
 *
 * error: EINTR, Flush interrupted
 *   desc: The file's flush method was interrupted by a signal. Restart codes
 *     from the flush method are turned into EINTR because the descriptor is
 *     already gone and the call cannot be restarted.
 *
 * error: EIO, Deferred write failed
 *   desc: The flush method reported an I/O error, typically a failed write back
 *     of cached data on NFS or FUSE.
 *
 * error: ENOSPC, Deferred write found no space
 *   desc: The flush method reported that cached data could not be written back
 *     because the filesystem is full.
 *
 * error: EDQUOT, Deferred write over quota
 *   desc: The flush method reported that cached data could not be written back
 *     because the quota is exhausted.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while the descriptor is removed from the table.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: return
 *   condition: A signal (SIGINT stands for any signal) interrupts a flush
 *     method that sleeps interruptibly
 *   desc: The call returns EINTR; it is never restarted, even with SA_RESTART,
 *     because the descriptor has already been removed.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: resource_destroy
 *   target: descriptor table slot
 *   desc: The slot is freed and becomes the lowest candidate for the next
 *     descriptor allocation.
 *   reversible: no
 *
 * side-effect: lock_release
 *   target: POSIX record locks of the process on the file
 *   desc: All fcntl() record locks the process owns on the file are dropped,
 *     whichever descriptor they were taken through.
 *   reversible: no
 *
 * side-effect: resource_destroy | free_memory
 *   target: open file description
 *   condition: fd held the last reference
 *   desc: The file is released synchronously: its release method runs, leases
 *     and flock() locks are removed, and the inode of an unlinked file may be
 *     freed.
 *   reversible: no
 *
 * state-trans: descriptor slot
 *   from: open
 *   to: free
 *   desc: The number can be returned by the next open(), dup() or pipe2().
 *
 * examples: close(fd);
 *   close(pipe_w);  // the reader will see end of file
 *
 * notes: An error other than EBADF reports a problem with data written
 *   earlier, not with the close itself. To close many descriptors at once use
 *   close_range().
 */
SYSCALL_DEFINE1(close, unsigned int, fd)

/**
 * sys_ftruncate - Set the size of an open regular file
 * @fd: Descriptor of a regular file opened for writing
 * @length: New size of the file in bytes
 *
 * long-desc: Changes the size of the file fd refers to. A shorter size discards
 *   the data beyond it; a larger size extends the file with a hole that reads
 *   as zeros. The file offset is not changed. On success the modification and
 *   change times are updated, and the set-user-ID bit (and the set-group-ID bit
 *   of a group-executable file) is cleared unless the caller has CAP_FSETID.
 *
 *   The descriptor must refer to a regular file and be open for writing; in
 *   both other cases the call fails with EINVAL, not EBADF.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: An open descriptor of a regular file with write access. O_PATH
 *     descriptors fail with EBADF, read-only descriptors and other file types
 *     with EINVAL.
 *
 * param: length
 *   type: int, input
 *   constraint-type: range(0, LONG_MAX)
 *   cdesc: A negative length fails with EINVAL before fd is looked up. A length
 *     beyond the filesystem's maximum file size, or beyond RLIMIT_FSIZE when
 *     growing the file, fails with EFBIG.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise.
 *
 * error: EINVAL, Bad length or file
 *   desc: length is negative; fd does not refer to a regular file; fd is not
 *     open for writing; or fd was opened without O_LARGEFILE (possible only for
 *     32-bit callers) and length exceeds 2 GiB - 1.
 *
 * error: EBADF, Not an open descriptor
 *   desc: fd is not an open descriptor, or it is an O_PATH descriptor.
 *
 * error: EFBIG, File too large
 *   desc: The file would grow beyond RLIMIT_FSIZE (SIGXFSZ is also sent) or
 *     beyond the largest size the filesystem supports.
 *
 * error: EPERM, Operation not permitted
 *   desc: The file is append-only or immutable, or it is a memfd whose seals
 *     forbid shrinking or growing it.
 *
 * error: ETXTBSY, Swap file in use
 *   desc: The file is an active swap file and the size would not grow.
 *
 * error: EIO, I/O error
 *   desc: The filesystem failed to update the file's blocks or inode.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing around the size change.
 *
 * lock: sb->s_writers
 *   type: semaphore
 *   scope: internal
 *   desc: Freeze protection; the call waits while the filesystem is frozen.
 *
 * signal: SIGXFSZ
 *   direction: send
 *   action: coredump
 *   condition: The new length is above RLIMIT_FSIZE and above the current size
 *   desc: The kernel sends SIGXFSZ to the caller; if the signal is ignored or
 *     handled, the call fails with EFBIG.
 *   errno: -EFBIG
 *   timing: during
 *
 * side-effect: filesystem | irreversible
 *   target: file contents and size
 *   condition: length is smaller than the current size
 *   desc: Data past length is discarded and its blocks are freed.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: inode size, mtime, ctime and set-ID bits
 *   desc: The size becomes length, the times are updated and set-ID bits are
 *     cleared as described above.
 *   reversible: no
 *
 * capability: CAP_FSETID
 *   type: modify_behavior
 *   allows: Keep the set-user-ID and set-group-ID bits of the file
 *   without: The bits are cleared when the file is truncated
 *   condition: The file has a set-ID bit
 *
 * constraint: RLIMIT_FSIZE
 *   desc: Growing the file must not take it beyond RLIMIT_FSIZE.
 *   expr: length <= i_size || length <= RLIMIT_FSIZE
 *
 * examples: ftruncate(fd, 4096);  // shrink "file" to one page
 *   ftruncate(wrfd, 0);
 *   ftruncate(fd, 1048576);  // extend with a hole
 *
 * notes: POSIX allows EBADF for a descriptor without write access; Linux
 *   returns EINVAL. truncate() does the same by path and checks write
 *   permission instead of the open mode. Network and FUSE filesystems can
 *   return further errors of their own, EINTR among them.
 */
SYSCALL_DEFINE2(ftruncate, unsigned int, fd, off_t, length)
