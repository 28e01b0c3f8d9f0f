/*
 * KAPI specs for epoll (fs/eventpoll.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's fs/eventpoll.c,
 * fs/file_table.c, kernel/signal.c, fs/select.c and
 * include/uapi/linux/eventpoll.h and from the epoll_create(2),
 * epoll_ctl(2), epoll_wait(2) and epoll(7) man pages; the wording is kapi's
 * own.
 */

/**
 * sys_epoll_create1 - Create an epoll instance, with flags
 * @flags: 0 or EPOLL_CLOEXEC
 *
 * long-desc: Creates a new epoll instance, an object that holds an interest
 *   list of file descriptors and a ready list of those that have pending
 *   events, and returns a file descriptor that refers to it. The descriptor is
 *   opened read-write on an anonymous inode named "[eventpoll]". With
 *   EPOLL_CLOEXEC, which has the value of O_CLOEXEC, the new descriptor is
 *   closed on execve().
 *
 *   The instance lives until every descriptor that refers to it (including
 *   duplicates and those inherited over fork()) is closed; then all its
 *   registrations are dropped.
 *
 * contexts: process, sleepable
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(EPOLL_CLOEXEC)
 *   cdesc: Any other bit fails with EINVAL before anything is allocated.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: The new epoll file descriptor, the lowest number not in use by the
 *     process; a negative error code on failure.
 *
 * error: EINVAL, Bad flags
 *   desc: flags has a bit other than EPOLL_CLOEXEC.
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
 *   desc: The kernel could not allocate the eventpoll structure, the file or a
 *     larger descriptor table.
 *
 * side-effect: resource_create | alloc_memory
 *   target: a new epoll instance and its file descriptor
 *   desc: An empty epoll instance is allocated, charged to the calling user,
 *     and installed in the descriptor table.
 *   reversible: yes
 *
 * examples: epoll_create1(0);
 *   epoll_create1(EPOLL_CLOEXEC);  // not inherited over execve()
 *   epoll_create1(1);  // EINVAL
 *
 * notes: The number of instances per user is not limited in this kernel; the
 *   limit that applies is fs.epoll.max_user_watches, on registrations.
 */
SYSCALL_DEFINE1(epoll_create1, int, flags)

/**
 * sys_epoll_create - Create an epoll instance (obsolete size argument)
 * @size: Any positive number; its value is otherwise ignored
 *
 * long-desc: Creates a new epoll instance and returns a descriptor for it, like
 *   epoll_create1(0). The size argument once sized the instance's hash table;
 *   the kernel now only checks that it is greater than zero. The descriptor
 *   does not get close-on-exec.
 *
 * contexts: process, sleepable
 *
 * param: size
 *   type: int, input
 *   constraint-type: range(1, INT_MAX)
 *   cdesc: Zero and negative values fail with EINVAL. Any positive value works
 *     the same; it does not limit the number of descriptors that can be
 *     watched.
 *
 * return:
 *   type: fd
 *   check-type: fd
 *   success: >= 0
 *   desc: The new epoll file descriptor, the lowest number not in use by the
 *     process; a negative error code on failure.
 *
 * error: EINVAL, Size not positive
 *   desc: size is zero or negative.
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
 *   desc: The kernel could not allocate the eventpoll structure, the file or a
 *     larger descriptor table.
 *
 * side-effect: resource_create | alloc_memory
 *   target: a new epoll instance and its file descriptor
 *   desc: An empty epoll instance is allocated and installed in the descriptor
 *     table.
 *   reversible: yes
 *
 * examples: epoll_create(1);
 *   epoll_create(0);  // EINVAL
 *
 * notes: New code should call epoll_create1(), which can set close-on-exec
 *   atomically.
 */
SYSCALL_DEFINE1(epoll_create, int, size)

/**
 * sys_epoll_ctl - Add, change or remove an entry of an epoll interest list
 * @epfd: Descriptor of the epoll instance
 * @op: EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL
 * @fd: Descriptor of the file to watch
 * @event: Events to watch and data to report; unused by EPOLL_CTL_DEL
 *
 * long-desc: Changes the interest list of the epoll instance epfd. An entry is
 *   keyed by the pair of the open file and the descriptor number fd.
 *   EPOLL_CTL_ADD registers the file with the event mask and data in *event;
 *   EPOLL_CTL_MOD replaces the mask and data of an existing entry;
 *   EPOLL_CTL_DEL removes the entry and ignores event. EPOLLERR and EPOLLHUP
 *   are always added to the mask. When the file is already ready for the
 *   requested events, the entry goes onto the ready list at once.
 *
 *   The target file must support poll: regular files and directories of most
 *   filesystems do not and fail with EPERM. An epoll instance may watch another
 *   one, but not itself, and not in a way that closes a loop or makes a chain
 *   deeper than 5 instances (ELOOP).
 *
 *   EPOLLEXCLUSIVE may only be given with EPOLL_CTL_ADD, together with no other
 *   bits than EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLWAKEUP and EPOLLET,
 *   and not for a target that is itself an epoll instance. EPOLLWAKEUP is
 *   silently dropped when the caller lacks CAP_BLOCK_SUSPEND.
 *
 *   The order of checks is: event is copied (unless op is EPOLL_CTL_DEL), then
 *   both descriptors are looked up, then the target's poll support, then the
 *   epoll instance and the flags, and last the interest list.
 *
 * contexts: process, sleepable
 *
 * param: epfd
 *   type: fd, input
 *   cdesc: Must be an open descriptor of an epoll instance, but is checked only
 *     after fd: a plain file here fails with EINVAL (or with EPERM when fd
 *     cannot be polled either).
 *
 * param: op
 *   type: int, input
 *   constraint-type: enum(EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD)
 *   cdesc: Other values fail with EINVAL, after event has been read and the
 *     descriptors have been checked.
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be an open descriptor (not O_PATH) whose file supports poll:
 *     pipes, sockets, terminals, eventfd, timerfd, signalfd, other epoll
 *     instances and many devices do. It must differ from epfd.
 *
 * param: event
 *   type: user_ptr, input, optional
 *   cdesc: A struct epoll_event (12 bytes on x86-64, where it is packed; 16
 *     elsewhere). Read for every op other than EPOLL_CTL_DEL, which accepts
 *     NULL. Its events field may hold any bits; only the EPOLLEXCLUSIVE rules
 *     reject some combinations.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the interest list has been changed; a negative error code
 *     otherwise, in which case it is unchanged.
 *
 * error: EFAULT, Bad event pointer
 *   desc: op is not EPOLL_CTL_DEL and event points to memory the caller cannot
 *     read. This is checked first, even for an invalid op.
 *
 * error: EBADF, Bad file descriptor
 *   desc: epfd or fd is not an open descriptor, or was opened with O_PATH.
 *
 * error: EPERM, Target cannot be polled
 *   desc: The file fd refers to has no poll support, such as a regular file or
 *     a directory on ext4.
 *
 * error: EINVAL, Bad instance, op or flags
 *   desc: epfd is not an epoll instance; fd refers to the same file as epfd; op
 *     is not one of the three known values; EPOLLEXCLUSIVE is given with
 *     EPOLL_CTL_MOD, with bits outside the allowed set, or for a target that is
 *     an epoll instance; EPOLL_CTL_MOD is used on an entry that was added with
 *     EPOLLEXCLUSIVE; or the new entry would create too many wakeup paths back
 *     to the same file through nested instances.
 *
 * error: EEXIST, Already registered
 *   desc: op is EPOLL_CTL_ADD and the pair of file and fd is already in the
 *     interest list.
 *
 * error: ENOENT, Not registered
 *   desc: op is EPOLL_CTL_MOD or EPOLL_CTL_DEL and the pair of file and fd is
 *     not in the interest list.
 *
 * error: ELOOP, Loop or nesting too deep
 *   desc: op is EPOLL_CTL_ADD, fd is an epoll instance, and adding it would
 *     make epfd watch itself through other instances, or would make a chain of
 *     more than 5 nested instances (more than EP_MAX_NESTS, 4, links).
 *
 * error: ENOSPC, Watch limit reached
 *   desc: op is EPOLL_CTL_ADD and the user owning the instance already has
 *     fs.epoll.max_user_watches registrations.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the new entry, its wait-queue hooks,
 *     the per-file list head or a wakeup source.
 *
 * lock: ep->mtx
 *   type: mutex
 *   scope: internal
 *   desc: The instance's mutex, held while the interest list is searched and
 *     changed.
 *
 * lock: epnested_mutex
 *   type: mutex
 *   scope: internal
 *   desc: A global mutex taken for EPOLL_CTL_ADD when instances are nested (the
 *     target is an epoll instance, or epfd is itself watched), while loops and
 *     path counts are checked.
 *
 * side-effect: modify_state | alloc_memory
 *   target: interest list of the epoll instance
 *   desc: EPOLL_CTL_ADD allocates an entry and hooks it into the target's wait
 *     queues; EPOLL_CTL_MOD rewrites its mask and data; EPOLL_CTL_DEL unhooks
 *     and frees it.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: the user's epoll_watches count
 *   condition: op is EPOLL_CTL_ADD or EPOLL_CTL_DEL
 *   desc: Each entry counts against fs.epoll.max_user_watches until removed.
 *   reversible: yes
 *
 * state-trans: file descriptor fd in the interest list
 *   from: not watched
 *   to: watched
 *   condition: op is EPOLL_CTL_ADD
 *   desc: EPOLL_CTL_DEL, or closing the last descriptor of the file, makes the
 *     reverse transition.
 *
 * capability: CAP_BLOCK_SUSPEND
 *   type: grant_permission
 *   allows: EPOLLWAKEUP takes effect: a wakeup source keeps the system from
 *     suspending while events of the entry are pending
 *   without: EPOLLWAKEUP is silently removed from the mask; the call still
 *     succeeds
 *   condition: event->events contains EPOLLWAKEUP
 *
 * constraint: EPOLLEXCLUSIVE use
 *   desc: EPOLLEXCLUSIVE is valid only with EPOLL_CTL_ADD, only with bits from
 *     EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLWAKEUP, EPOLLET and
 *     EPOLLEXCLUSIVE, and only for a target that is not an epoll instance.
 *   expr: !(event->events & EPOLLEXCLUSIVE) || (op == EPOLL_CTL_ADD &&
 *     !(event->events & ~(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP |
 *     EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)) && !is_epoll(fd))
 *
 * constraint: fs.epoll.max_user_watches
 *   desc: The registrations of all instances created by one user must stay
 *     below the sysctl, whose default is about 4% of low memory divided by the
 *     cost of one entry.
 *   expr: user->epoll_watches < max_user_watches
 *
 * examples: epoll_ctl(epfd, EPOLL_CTL_ADD, pipe_r, event);  // watch for input
 *   epoll_ctl(epfd, EPOLL_CTL_DEL, pipe_r, NULL);  // ENOENT: not registered
 *   epoll_ctl(epfd, EPOLL_CTL_ADD, rdfd, event);  // EPERM: regular file
 *   epoll_ctl(epfd, EPOLL_CTL_ADD, epfd, event);  // EINVAL: itself
 *   epoll_ctl(epfd_ready, EPOLL_CTL_ADD, pipe_r, event);  // EEXIST: already watched
 *   epoll_ctl(epfd, 4, pipe_r, event);  // EINVAL: unknown op
 *
 * notes: An entry is removed automatically only when every descriptor of the
 *   watched open file is closed; closing fd alone while a dup() of it stays
 *   open leaves the entry (and its events) in place. Before Linux 2.6.9
 *   EPOLL_CTL_DEL required a non-NULL event.
 */
SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd,
		struct epoll_event __user *, event)

/**
 * sys_epoll_wait - Wait for events on an epoll instance
 * @epfd: Descriptor of the epoll instance
 * @events: Array that receives the ready events
 * @maxevents: Capacity of the array; at least 1
 * @timeout: Milliseconds to wait; -1 waits forever, 0 returns at once
 *
 * long-desc: Returns up to maxevents entries from the ready list of the epoll
 *   instance, waiting for one to become ready when the list is empty. Each
 *   reported entry is polled again before it is copied, and only its current
 *   events that are in its mask are reported, together with its data.
 *
 *   After an entry is reported it is put back on the ready list if it is
 *   level-triggered, so that the next call checks it again; an edge-triggered
 *   entry (EPOLLET) waits for a new event; an EPOLLONESHOT entry is disarmed
 *   until EPOLL_CTL_MOD re-arms it.
 *
 *   A positive timeout is turned into a deadline on the monotonic clock and may
 *   be rounded up by the timer slack; a negative one waits without limit. The
 *   wait is interruptible: a signal ends it with EINTR, and the call is never
 *   restarted after a signal handler, whatever SA_RESTART says.
 *
 *   The checks run in this order: maxevents, the address range of events, epfd.
 *
 * contexts: process, sleepable
 *
 * param: epfd
 *   type: fd, input
 *   cdesc: Must be an open descriptor of an epoll instance; any other file
 *     fails with EINVAL.
 *
 * param: events
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   size-multiplier: 12
 *   cdesc: Room for maxevents struct epoll_event entries (12 bytes each on
 *     x86-64, 16 on most other architectures). The kernel only checks that the
 *     range lies in user space up front; an unwritable page is detected when an
 *     event is copied to it, so with no ready event even NULL goes unnoticed.
 *
 * param: maxevents
 *   type: int, input
 *   constraint-type: range(1, INT_MAX / 12)
 *   cdesc: At most INT_MAX divided by the size of struct epoll_event (12 on
 *     x86-64, 16 elsewhere); zero, negative and larger values fail with EINVAL.
 *
 * param: timeout
 *   type: int, input
 *   cdesc: In milliseconds. Every value is accepted: any negative value waits
 *     forever and 0 does not sleep at all.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of events stored in events, from 1 to maxevents, or 0 when
 *     the timeout expired first; a negative error code otherwise.
 *
 * error: EINVAL, Bad maxevents or not an epoll instance
 *   desc: maxevents is zero, negative or above INT_MAX / sizeof(struct
 *     epoll_event), or epfd does not refer to an epoll instance.
 *
 * error: EFAULT, Bad events buffer
 *   desc: The maxevents entries starting at events do not lie in user space, or
 *     the first ready event cannot be written there. When some events have been
 *     stored already, their count is returned instead.
 *
 * error: EBADF, Bad file descriptor
 *   desc: epfd is not an open descriptor, or was opened with O_PATH.
 *
 * error: EINTR, Interrupted by a signal
 *   desc: A signal arrived while the call was waiting and before any event was
 *     ready or the timeout expired, or a fatal signal is pending when events
 *     would be collected.
 *
 * lock: ep->mtx
 *   type: mutex
 *   scope: internal
 *   desc: Held while ready entries are polled and copied to user space.
 *
 * lock: ep->lock
 *   type: spinlock
 *   scope: internal
 *   desc: Protects the ready list and the wait queue; taken with interrupts
 *     disabled and never held while sleeping.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: return
 *   condition: Any signal that is not blocked (SIGINT is one example) becomes
 *     pending while the caller waits
 *   desc: The wait ends and the call fails with EINTR if no event was
 *     collected. The handler runs on return to user space; the call is not
 *     restarted.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: ready list of the epoll instance
 *   desc: Reported entries leave the ready list; level-triggered ones are put
 *     back at its tail, EPOLLONESHOT ones are disarmed.
 *   reversible: no
 *
 * side-effect: schedule
 *   target: calling thread
 *   condition: No event is ready and timeout is not 0
 *   desc: The thread sleeps in TASK_INTERRUPTIBLE on the instance's wait queue
 *     until an event, the timeout or a signal wakes it.
 *
 * state-trans: EPOLLONESHOT entry
 *   from: armed
 *   to: disarmed
 *   condition: The entry has just been reported
 *   desc: It reports nothing more until EPOLL_CTL_MOD sets a new mask.
 *
 * examples: epoll_wait(epfd, buf, 8, 0);  // 0: nothing is registered
 *   epoll_wait(epfd, buf, 0, 0);  // EINVAL: maxevents must be positive
 *   epoll_wait(rdfd, buf, 8, 0);  // EINVAL: not an epoll instance
 *   epoll_wait(epfd_ready, rodata, 8, 0);  // EFAULT: events cannot be written
 *   n = epoll_wait(epfd, buf, 8, 100);  // wait up to 100 ms
 *
 * notes: Several threads may wait on one instance; each event wakes one of
 *   them. When more entries are ready than maxevents, later calls get the
 *   rest, so that no entry starves.
 */
SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event __user *, events,
		int, maxevents, int, timeout)

/**
 * sys_epoll_pwait - Wait for events on an epoll instance with a signal mask
 * @epfd: Descriptor of the epoll instance
 * @events: Array that receives the ready events
 * @maxevents: Capacity of the array; at least 1
 * @timeout: Milliseconds to wait; -1 waits forever, 0 returns at once
 * @sigmask: Mask to use during the wait, or NULL to keep the current one
 * @sigsetsize: Size of *sigmask in bytes; must be sizeof(sigset_t) (8)
 *
 * long-desc: Works as epoll_wait(), but first replaces the caller's blocked
 *   signal mask with *sigmask for the duration of the call, atomically with
 *   respect to the wait. This lets a program unblock a signal only while it
 *   sleeps, without the race of a separate sigprocmask() call. With sigmask
 *   NULL the call is exactly epoll_wait() and sigsetsize is ignored.
 *
 *   The old mask is restored before the call returns. When the call fails with
 *   EINTR the restore happens after the signal handler has run, so a signal
 *   that only the temporary mask allowed is still delivered.
 *
 *   The signal mask is checked and installed before maxevents, events and epfd
 *   are checked.
 *
 * contexts: process, sleepable
 *
 * param: epfd
 *   type: fd, input
 *   cdesc: Must be an open descriptor of an epoll instance; any other file
 *     fails with EINVAL.
 *
 * param: events
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   size-multiplier: 12
 *   cdesc: Room for maxevents struct epoll_event entries (12 bytes each on
 *     x86-64, 16 on most other architectures); only the ready events are
 *     written.
 *
 * param: maxevents
 *   type: int, input
 *   constraint-type: range(1, INT_MAX / 12)
 *   cdesc: At most INT_MAX divided by the size of struct epoll_event (12 on
 *     x86-64, 16 elsewhere); other values fail with EINVAL.
 *
 * param: timeout
 *   type: int, input
 *   cdesc: In milliseconds; negative values wait forever, 0 does not sleep.
 *
 * param: sigmask
 *   type: user_ptr, input, optional
 *   cdesc: NULL, or a readable sigset_t. SIGKILL and SIGSTOP in it are ignored
 *     as always.
 *
 * param: sigsetsize
 *   type: uint, input
 *   cdesc: Must equal the kernel's sizeof(sigset_t), 8 on every 64-bit
 *     architecture, when sigmask is not NULL; otherwise EINVAL. Ignored when
 *     sigmask is NULL.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of events stored in events, or 0 when the timeout expired
 *     first; a negative error code otherwise.
 *
 * error: EINVAL, Bad mask size, maxevents or instance
 *   desc: sigmask is not NULL and sigsetsize differs from sizeof(sigset_t);
 *     maxevents is zero, negative or too large; or epfd does not refer to an
 *     epoll instance.
 *
 * error: EFAULT, Bad pointer
 *   desc: sigmask cannot be read; the events range does not lie in user space;
 *     or the first ready event cannot be written.
 *
 * error: EBADF, Bad file descriptor
 *   desc: epfd is not an open descriptor, or was opened with O_PATH.
 *
 * error: EINTR, Interrupted by a signal
 *   desc: A signal that the temporary mask does not block arrived while the
 *     call was waiting and before any event was ready.
 *
 * lock: ep->mtx
 *   type: mutex
 *   scope: internal
 *   desc: Held while ready entries are polled and copied to user space.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: return
 *   condition: Any signal not blocked by *sigmask (SIGINT is one example)
 *     becomes pending while the caller waits
 *   desc: The wait ends with EINTR; the handler runs before the old mask is
 *     restored. The call is not restarted.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: blocked signal mask of the calling thread
 *   condition: sigmask is not NULL
 *   desc: Replaced by *sigmask for the duration of the call and restored before
 *     the call returns to user space.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: ready list of the epoll instance
 *   desc: Reported entries leave the ready list; level-triggered ones are put
 *     back, EPOLLONESHOT ones are disarmed.
 *   reversible: no
 *
 * constraint: sigsetsize matches
 *   desc: A non-NULL sigmask requires sigsetsize to be the kernel's
 *     sizeof(sigset_t).
 *   expr: sigmask == NULL || sigsetsize == 8
 *
 * examples: epoll_pwait(epfd, buf, 8, 0, sigmask, 8);
 *   epoll_pwait(epfd, buf, 8, 0, NULL, 0);  // same as epoll_wait()
 *   epoll_pwait(epfd, buf, 8, 0, sigmask, 4);  // EINVAL: wrong sigsetsize
 *
 * notes: The glibc wrapper passes sigsetsize itself; the raw call needs the
 *   kernel's size, not glibc's 128-byte sigset_t.
 */
SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event __user *, events,
		int, maxevents, int, timeout, const sigset_t __user *, sigmask,
		size_t, sigsetsize)

/**
 * sys_epoll_pwait2 - Wait for epoll events with a timespec timeout and a mask
 * @epfd: Descriptor of the epoll instance
 * @events: Array that receives the ready events
 * @maxevents: Capacity of the array; at least 1
 * @timeout: Relative timeout as a timespec, or NULL to wait forever
 * @sigmask: Mask to use during the wait, or NULL to keep the current one
 * @sigsetsize: Size of *sigmask in bytes; must be sizeof(sigset_t) (8)
 *
 * long-desc: Works as epoll_pwait(), but takes the timeout as a pointer to a
 *   struct __kernel_timespec instead of milliseconds. A NULL timeout waits
 *   without limit; a zero timespec returns at once. The timespec is read and
 *   checked first, before the signal mask and the other arguments.
 *
 * contexts: process, sleepable
 *
 * param: epfd
 *   type: fd, input
 *   cdesc: Must be an open descriptor of an epoll instance; any other file
 *     fails with EINVAL.
 *
 * param: events
 *   type: user_ptr, output
 *   constraint-type: buffer(2)
 *   size-multiplier: 12
 *   cdesc: Room for maxevents struct epoll_event entries (12 bytes each on
 *     x86-64, 16 on most other architectures); only the ready events are
 *     written.
 *
 * param: maxevents
 *   type: int, input
 *   constraint-type: range(1, INT_MAX / 12)
 *   cdesc: At most INT_MAX divided by the size of struct epoll_event (12 on
 *     x86-64, 16 elsewhere); other values fail with EINVAL.
 *
 * param: timeout
 *   type: user_ptr, input, optional
 *   cdesc: NULL, or a readable struct __kernel_timespec (16 bytes) with tv_sec
 *     not negative and tv_nsec from 0 to 999999999; otherwise EINVAL. It is
 *     added to the current monotonic time to form the deadline.
 *
 * param: sigmask
 *   type: user_ptr, input, optional
 *   cdesc: NULL, or a readable sigset_t used as the blocked mask during the
 *     wait.
 *
 * param: sigsetsize
 *   type: uint, input
 *   cdesc: Must equal the kernel's sizeof(sigset_t), 8 on 64-bit architectures,
 *     when sigmask is not NULL; ignored otherwise.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of events stored in events, or 0 when the timeout expired
 *     first; a negative error code otherwise.
 *
 * error: EFAULT, Bad pointer
 *   desc: timeout or sigmask cannot be read; the events range does not lie in
 *     user space; or the first ready event cannot be written.
 *
 * error: EINVAL, Bad timeout, mask size, maxevents or instance
 *   desc: timeout has a negative tv_sec or a tv_nsec outside 0 to 999999999;
 *     sigmask is not NULL and sigsetsize is wrong; maxevents is zero, negative
 *     or too large; or epfd does not refer to an epoll instance.
 *
 * error: EBADF, Bad file descriptor
 *   desc: epfd is not an open descriptor, or was opened with O_PATH.
 *
 * error: EINTR, Interrupted by a signal
 *   desc: A signal that the mask in effect does not block arrived while the
 *     call was waiting and before any event was ready.
 *
 * lock: ep->mtx
 *   type: mutex
 *   scope: internal
 *   desc: Held while ready entries are polled and copied to user space.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: return
 *   condition: Any signal not blocked during the wait (SIGINT is one example)
 *     becomes pending while the caller waits
 *   desc: The wait ends with EINTR; the handler runs before the old mask is
 *     restored. The call is not restarted.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: modify_state
 *   target: blocked signal mask of the calling thread
 *   condition: sigmask is not NULL
 *   desc: Replaced by *sigmask for the duration of the call and restored before
 *     the call returns to user space.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: ready list of the epoll instance
 *   desc: Reported entries leave the ready list; level-triggered ones are put
 *     back, EPOLLONESHOT ones are disarmed.
 *   reversible: no
 *
 * constraint: Valid timespec
 *   desc: A non-NULL timeout must be a normalised, non-negative duration.
 *   expr: timeout == NULL || (timeout->tv_sec >= 0 && timeout->tv_nsec >= 0 &&
 *     timeout->tv_nsec < 1000000000)
 *
 * constraint: sigsetsize matches
 *   desc: A non-NULL sigmask requires sigsetsize to be the kernel's
 *     sizeof(sigset_t).
 *   expr: sigmask == NULL || sigsetsize == 8
 *
 * examples: epoll_pwait2(epfd, buf, 8, ts, sigmask, 8);  // zero timeout
 *   epoll_pwait2(epfd, buf, 8, ts, NULL, 0);  // no mask change
 *   epoll_pwait2(epfd, buf, 8, unmapped, NULL, 0);  // EFAULT: bad timeout
 *
 * notes: Added in Linux 5.11. Unlike epoll_wait(), the timeout is not limited
 *   to millisecond resolution.
 */
SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event __user *, events,
		int, maxevents, const struct __kernel_timespec __user *, timeout,
		const sigset_t __user *, sigmask, size_t, sigsetsize)
