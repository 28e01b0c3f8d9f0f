/*
 * KAPI spec for creating pipes (fs/pipe.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's fs/pipe.c, fs/file.c,
 * fs/file_table.c and include/uapi/linux/watch_queue.h and from the pipe(2)
 * and pipe(7) man pages; the wording is kapi's own.
 */

/**
 * sys_pipe2 - Create a pipe and return descriptors for its two ends
 * @fildes: User array of two ints that receives the read and write ends
 * @flags: 0 or a combination of O_CLOEXEC, O_NONBLOCK, O_DIRECT and O_EXCL
 *
 * long-desc: Creates an anonymous pipe, a one-way byte channel held in kernel
 *   memory, and opens it twice: fildes[0] becomes the read end and fildes[1]
 *   the write end. Both are the two lowest free descriptor numbers.
 *
 *   O_CLOEXEC sets close-on-exec on both descriptors and O_NONBLOCK makes both
 *   ends non-blocking. O_DIRECT turns the pipe into packet mode: each write()
 *   is kept as a separate packet (one per page for larger writes), and each
 *   read() returns at most one packet, discarding what does not fit. O_EXCL is
 *   the value of O_NOTIFICATION_PIPE and creates a pipe for the kernel's
 *   general notification queue instead of a byte stream.
 *
 *   A new pipe has 16 buffer slots (64 KiB with 4 KiB pages). When the user
 *   already owns more pipe pages than fs.pipe-user-pages-soft and lacks
 *   CAP_SYS_RESOURCE and CAP_SYS_ADMIN, it gets only 2 slots.
 *
 * contexts: process, sleepable
 *
 * param: fildes
 *   type: user_ptr, output
 *   size: 8
 *   cdesc: Must point to two writable ints (8 bytes). If they cannot be
 *     written, both descriptors are released again and the call fails with
 *     EFAULT; no descriptor is left behind.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(O_CLOEXEC | O_NONBLOCK | O_DIRECT | O_EXCL)
 *   cdesc: O_EXCL stands for O_NOTIFICATION_PIPE, which has the same value
 *     (0x80). Any other bit fails with EINVAL before anything is allocated.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when both descriptors were stored in fildes; a negative error
 *     code otherwise, in which case no descriptor was created.
 *
 * error: EINVAL, Bad flags
 *   desc: flags has a bit outside O_CLOEXEC, O_NONBLOCK, O_DIRECT and
 *     O_NOTIFICATION_PIPE.
 *
 * error: EFAULT, Bad fildes
 *   desc: The two ints at fildes cannot be written.
 *
 * error: EMFILE, Descriptor limit reached
 *   desc: Fewer than two descriptor numbers below RLIMIT_NOFILE are free, or
 *     the table would have to grow beyond fs.nr_open.
 *
 * error: ENFILE, No pipe or file available
 *   desc: The pipe's inode or buffers could not be allocated, including when an
 *     unprivileged user already owns more pipe pages than
 *     fs.pipe-user-pages-hard; or fs.file-max open files exist and the caller
 *     lacks CAP_SYS_ADMIN.
 *
 * error: ENOMEM, Out of memory
 *   desc: A file structure, a larger descriptor table or the notification queue
 *     could not be allocated.
 *
 * error: ENOPKG, Notification pipes not built
 *   desc: O_NOTIFICATION_PIPE was asked for and the kernel was built without
 *     CONFIG_WATCH_QUEUE.
 *
 * lock: files->file_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held while each of the two descriptor numbers is reserved.
 *
 * side-effect: resource_create | alloc_memory
 *   target: pipe inode, its buffer ring and two open files
 *   desc: A pipe with its slot array is allocated; its pages are charged to the
 *     calling user's pipe accounting.
 *   reversible: yes
 *
 * side-effect: resource_create
 *   target: two descriptor table slots
 *   desc: The read and write ends are installed at the two returned numbers.
 *   reversible: yes
 *
 * state-trans: two descriptor slots
 *   from: free
 *   to: open on the read end and the write end of a new pipe
 *   desc: The pipe lives until both ends are closed.
 *
 * capability: CAP_SYS_RESOURCE
 *   type: increase_limit
 *   allows: Create pipes beyond fs.pipe-user-pages-soft and -hard, and with the
 *     default size even when fs.pipe-max-size is smaller
 *   without: ENFILE above the hard limit; only 2 buffer slots above the soft
 *     limit
 *   condition: The user's pipe page count is above a limit
 *
 * capability: CAP_SYS_ADMIN
 *   type: increase_limit
 *   allows: Create pipes beyond the per-user pipe limits, and open files beyond
 *     fs.file-max
 *   without: ENFILE above the hard pipe limit or fs.file-max
 *   condition: A per-user pipe limit or fs.file-max is reached
 *
 * constraint: RLIMIT_NOFILE
 *   desc: Two free descriptor numbers below RLIMIT_NOFILE must exist.
 *   expr: free_fds_below(RLIMIT_NOFILE) >= 2
 *
 * examples: pipe2(buf, O_CLOEXEC);  // buf[0] is the read end, buf[1] the write end
 *   pipe2(buf, 0);
 *   pipe2(buf, O_NONBLOCK | O_CLOEXEC);
 *
 * notes: pipe() is pipe2() with flags 0. The capacity can be changed later
 *   with fcntl(F_SETPIPE_SZ). A notification pipe is set up further with
 *   ioctl(IOC_WATCH_QUEUE_SET_SIZE) before it is used.
 */
SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
