/*
 * KAPI specs for duplicating file descriptors (fs/file.c), written for kapi in
 * the v4 short-token dialect. Facts are from Linux 6.12's fs/file.c and
 * fs/open.c and from the dup(2) man page; the wording is kapi's own.
 */

/**
 * sys_dup3 - Duplicate a descriptor onto a chosen number, with flags
 * @oldfd: Open descriptor to duplicate
 * @newfd: Descriptor number that will refer to the same open file
 * @flags: 0 or O_CLOEXEC
 *
 * long-desc: Makes newfd refer to the same open file description as oldfd, so
 *   that both share the file offset and the status flags. If newfd is already
 *   open, the file it referred to is closed first, in the same step, so no
 *   other thread can grab the number in between; errors from that implicit
 *   close are not reported.
 *
 *   The close-on-exec flag of newfd is set with O_CLOEXEC and cleared
 *   otherwise; oldfd keeps its own. Unlike dup2(), passing the same number
 *   twice is an error.
 *
 * contexts: process, sleepable
 *
 * param: oldfd
 *   type: fd, input
 *   cdesc: Any open descriptor of the caller, O_PATH descriptors included.
 *
 * param: newfd
 *   type: uint, input
 *   cdesc: Any number below the caller's RLIMIT_NOFILE soft limit and below
 *     fs.nr_open, whether or not it is open; other values fail with EBADF. It
 *     must differ from oldfd (EINVAL).
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(O_CLOEXEC)
 *   cdesc: Any other bit fails with EINVAL; this is checked first.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: newfd on success; a negative error code otherwise, in which case
 *     newfd is left as it was.
 *
 * error: EINVAL, Bad flags or same descriptor
 *   desc: flags has a bit other than O_CLOEXEC, or oldfd equals newfd (even
 *     when oldfd is not open).
 *
 * error: EBADF, Bad descriptor
 *   desc: oldfd is not an open descriptor, or newfd is not below RLIMIT_NOFILE,
 *     or the table would have to grow beyond fs.nr_open to hold newfd.
 *
 * error: EBUSY, Number being allocated
 *   desc: newfd has been reserved by an open() or similar call running in
 *     another thread that shares the descriptor table and has not installed its
 *     file yet.
 *
 * error: ENOMEM, Out of memory
 *   desc: The descriptor table had to grow to hold newfd and the allocation
 *     failed.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while oldfd is looked up and newfd is replaced; dropped while a
 *     larger table is allocated.
 *
 * side-effect: resource_create
 *   target: descriptor table slot newfd
 *   desc: newfd now refers to oldfd's open file description, whose reference
 *     count grows by one. The table may be enlarged.
 *   reversible: yes
 *
 * side-effect: resource_destroy | lock_release
 *   target: the file previously open at newfd
 *   condition: newfd was open
 *   desc: It is closed as by close(): its flush method runs, the caller's POSIX
 *     record locks on it are dropped, and it is released if this was its last
 *     reference. Any error is discarded.
 *   reversible: no
 *
 * state-trans: descriptor slot newfd
 *   from: free or open on another file
 *   to: open on oldfd's file
 *   desc: The close-on-exec flag of the slot follows O_CLOEXEC.
 *
 * constraint: RLIMIT_NOFILE
 *   desc: newfd must be below the caller's RLIMIT_NOFILE soft limit.
 *   expr: newfd < RLIMIT_NOFILE
 *
 * examples: dup3(fd, 100, O_CLOEXEC);  // fd is now also reachable as 100
 *   dup3(rdfd, 101, 0);  // 101 now reads "file", close-on-exec clear
 *
 * notes: dup3() exists to set close-on-exec atomically with the duplication,
 *   which matters in multithreaded programs that fork and exec.
 */
SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)

/**
 * sys_dup2 - Duplicate a descriptor onto a chosen number
 * @oldfd: Open descriptor to duplicate
 * @newfd: Descriptor number that will refer to the same open file
 *
 * long-desc: Makes newfd refer to the same open file description as oldfd,
 *   closing whatever newfd referred to before, in one step. The close-on-exec
 *   flag of newfd is cleared. Errors of the implicit close are discarded.
 *
 *   When oldfd equals newfd, nothing is changed: the call returns newfd if it
 *   is open and fails with EBADF if not. In that case the RLIMIT_NOFILE check
 *   on newfd does not take place.
 *
 * contexts: process, sleepable
 *
 * param: oldfd
 *   type: fd, input
 *   cdesc: Any open descriptor of the caller, O_PATH descriptors included.
 *
 * param: newfd
 *   type: uint, input
 *   cdesc: Any number below RLIMIT_NOFILE and fs.nr_open, open or not; other
 *     values fail with EBADF unless they equal oldfd.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: newfd on success; a negative error code otherwise.
 *
 * error: EBADF, Bad descriptor
 *   desc: oldfd is not an open descriptor; or newfd differs from oldfd and is
 *     not below RLIMIT_NOFILE, or would need the table to grow beyond
 *     fs.nr_open.
 *
 * error: EBUSY, Number being allocated
 *   desc: newfd has been reserved by an open() or similar call in another
 *     thread sharing the descriptor table that has not finished yet.
 *
 * error: ENOMEM, Out of memory
 *   desc: The descriptor table had to grow and the allocation failed.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while oldfd is looked up and newfd is replaced.
 *
 * side-effect: resource_create
 *   target: descriptor table slot newfd
 *   condition: newfd differs from oldfd
 *   desc: newfd now refers to oldfd's open file description.
 *   reversible: yes
 *
 * side-effect: resource_destroy | lock_release
 *   target: the file previously open at newfd
 *   condition: newfd was open and differs from oldfd
 *   desc: It is closed as by close(), including the release of the caller's
 *     POSIX record locks on it; errors are discarded.
 *   reversible: no
 *
 * state-trans: descriptor slot newfd
 *   from: free or open on another file
 *   to: open on oldfd's file, close-on-exec cleared
 *   desc: Only when newfd differs from oldfd.
 *
 * constraint: RLIMIT_NOFILE
 *   desc: Unless it equals oldfd, newfd must be below RLIMIT_NOFILE.
 *   expr: newfd == oldfd || newfd < RLIMIT_NOFILE
 *
 * examples: dup2(fd, 100);
 *   dup2(wrfd, 101);  // dup2(fd, 1) is how a shell redirects output
 *   dup2(fd, fd);  // returns fd and changes nothing
 *
 * notes: Older man pages list EINTR for dup2(); Linux 6.12 discards the
 *   result of closing the old newfd, so the call does not fail with it.
 *   arm64 and riscv have no dup2 system call; the C library uses dup3 there.
 */
SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)

/**
 * sys_dup - Duplicate a descriptor onto the lowest free number
 * @fildes: Open descriptor to duplicate
 *
 * long-desc: Allocates the lowest descriptor number not in use and makes it
 *   refer to the same open file description as fildes. The two descriptors
 *   share the file offset and the status flags; the new one has close-on-exec
 *   cleared.
 *
 * contexts: process, sleepable
 *
 * param: fildes
 *   type: fd, input
 *   cdesc: Any open descriptor of the caller, O_PATH descriptors included.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: The new descriptor number; a negative error code otherwise.
 *
 * error: EBADF, Bad descriptor
 *   desc: fildes is not an open descriptor of the caller.
 *
 * error: EMFILE, Descriptor limit reached
 *   desc: Every number below RLIMIT_NOFILE is in use, or the table would have
 *     to grow beyond fs.nr_open.
 *
 * error: ENOMEM, Out of memory
 *   desc: The descriptor table had to grow and the allocation failed.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while the lowest free number is reserved.
 *
 * side-effect: resource_create
 *   target: descriptor table slot
 *   desc: A new slot refers to fildes's open file description, whose reference
 *     count grows by one.
 *   reversible: yes
 *
 * state-trans: descriptor slot
 *   from: free
 *   to: open on fildes's file
 *   desc: The slot stays in use until it is closed.
 *
 * constraint: RLIMIT_NOFILE
 *   desc: A free number below RLIMIT_NOFILE must exist.
 *   expr: lowest_free_fd < RLIMIT_NOFILE
 *
 * examples: dup(fd);
 *   dup(pipe_r);
 *
 * notes: fcntl(fd, F_DUPFD_CLOEXEC, 0) does the same and sets close-on-exec.
 */
SYSCALL_DEFINE1(dup, unsigned int, fildes)
