/*
 * KAPI specs for native asynchronous I/O (fs/aio.c), written for kapi in the
 * v4 short-token dialect. Facts are from Linux 6.12's fs/aio.c,
 * fs/read_write.c, block/ioprio.c, include/linux/fs.h and
 * include/uapi/linux/aio_abi.h and from the io_setup(2), io_destroy(2),
 * io_submit(2) and io_cancel(2) man pages; the wording is kapi's own.
 */

/**
 * sys_io_setup - Create an asynchronous I/O context
 * @nr_events: Number of requests the context must be able to hold at once
 * @ctxp: Pointer to an aio_context_t that is 0 and receives the new handle
 *
 * long-desc: Creates an AIO context able to have at least nr_events requests in
 *   flight and stores its handle in *ctxp. The handle is the user address of
 *   the completion ring, which the kernel maps into the caller's address space
 *   (shared, read-write, about 32 bytes per event rounded up to pages). The
 *   ring is sized for at least four events per possible CPU and then doubled,
 *   so it usually holds more events than asked for.
 *
 *   *ctxp must be 0 on entry; it is read first. The requested nr_events is
 *   added to the system-wide count fs.aio-nr, which may not exceed
 *   fs.aio-max-nr. The context belongs to the memory map: threads share it, a
 *   fork() child cannot use it, and it is destroyed when the last user of the
 *   address space exits or execs.
 *
 * contexts: process, sleepable
 *
 * param: nr_events
 *   type: uint, input
 *   constraint-type: range(1, 4194304)
 *   cdesc: Zero fails with EINVAL. The upper bound 4194304 is 0x10000000 /
 *     sizeof(struct io_event) / 2, above which the doubled ring size fails with
 *     EINVAL; values from about 2^31 on wrap around when doubled and fail with
 *     EAGAIN or EINVAL. Values above fs.aio-max-nr (65536 by default) fail with
 *     EAGAIN.
 *
 * param: ctxp
 *   type: user_ptr, inout
 *   cdesc: Must point to a readable and writable aio_context_t whose value is
 *     0; any other value fails with EINVAL. The handle is written there on
 *     success.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the context has been created and its handle stored in
 *     *ctxp; a negative error code otherwise, in which case no context exists.
 *
 * error: EFAULT, Bad ctxp
 *   desc: ctxp cannot be read, or cannot be written once the context has been
 *     created (the context is then destroyed again).
 *
 * error: EINVAL, Bad argument
 *   desc: *ctxp is not 0; nr_events is 0; or the ring for nr_events would be
 *     larger than the kernel allows (nr_events above 4194304, or a doubled
 *     value that wraps to such a size).
 *
 * error: EAGAIN, Over the system-wide limit
 *   desc: nr_events is greater than fs.aio-max-nr, or fs.aio-nr plus nr_events
 *     would exceed it, or nr_events is so large that its doubled value wraps to 0.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate the context, its ring pages or its
 *     table slot, or the ring could not be mapped into the address space (for
 *     example because of RLIMIT_AS or vm.max_map_count).
 *
 * error: EINTR, Fatal signal
 *   desc: A fatal signal arrived while the call waited for the mmap lock to map
 *     the ring.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing, killably, while the ring is mapped.
 *
 * lock: aio_nr_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Global lock around the check and update of fs.aio-nr.
 *
 * lock: mm->ioctx_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Protects the process's table of AIO contexts while the new one is
 *     added.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: return
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while waiting for the mmap lock and frees what it
 *     allocated. Other signals do not interrupt it.
 *   errno: -EINTR
 *   timing: during
 *   restartable: no
 *
 * side-effect: resource_create | alloc_memory
 *   target: a new AIO context and its completion ring
 *   desc: The context is allocated, its ring pages are allocated and mapped
 *     into the address space, and it is entered in the process's context table.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: fs.aio-nr
 *   desc: The system-wide count of reserved events grows by nr_events until the
 *     context is destroyed.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: *ctxp
 *   desc: Receives the handle of the new context.
 *
 * state-trans: AIO context
 *   from: nonexistent
 *   to: live
 *   desc: The context accepts requests until io_destroy() or the exit of the
 *     address space.
 *
 * constraint: fs.aio-max-nr
 *   desc: The events reserved by all contexts in the system must not exceed the
 *     sysctl.
 *   expr: aio_nr + nr_events <= aio_max_nr
 *
 * examples: io_setup(8, ctxp);
 *   io_setup(0, ctxp);  // EINVAL: nr_events must be positive
 *   io_setup(65537, ctxp);  // EAGAIN with the default fs.aio-max-nr
 *   io_setup(4194305, ctxp);  // EINVAL: ring too large
 *
 * notes: The man page names the pointer ctx_idp. glibc has no wrapper; libaio
 *   provides one. The ring can be read directly from user space to collect
 *   completions without a system call. Without CONFIG_AIO the call fails with
 *   ENOSYS.
 */
SYSCALL_DEFINE2(io_setup, unsigned, nr_events, aio_context_t __user *, ctxp)

/**
 * sys_io_destroy - Destroy an asynchronous I/O context
 * @ctx: Handle of the context, as io_setup() stored it
 *
 * long-desc: Removes the context from the process, unmaps its completion ring,
 *   asks every request that supports cancellation (poll requests, for example)
 *   to cancel, and then waits until all requests of the context have completed,
 *   so that the kernel no longer touches the caller's buffers when the call
 *   returns. Completion events not yet collected are lost.
 *
 *   The handle is looked up through the ring: the kernel reads the context
 *   number from the ring header at ctx, so an address that is not a live ring
 *   of this process fails with EINVAL, even if it cannot be read.
 *
 * contexts: process, sleepable
 *
 * param: ctx
 *   type: uint, input
 *   cdesc: Must be the handle of a live context of the caller's address space;
 *     0, freed handles and arbitrary addresses fail with EINVAL.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero when the context has been destroyed and all its requests have
 *     finished; a negative error code otherwise.
 *
 * error: EINVAL, No such context
 *   desc: ctx is not the handle of a live context of the caller: it is 0, it
 *     cannot be read, it points to something else, or the context has already
 *     been destroyed (also when another thread destroys it at the same time).
 *
 * lock: mm->ioctx_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Protects the process's context table while the context is removed.
 *
 * lock: mm->mmap_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing while the ring is unmapped.
 *
 * side-effect: resource_destroy | free_memory
 *   target: the AIO context and its completion ring
 *   desc: The ring is unmapped and the context is freed once its last request
 *     has completed.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: fs.aio-nr
 *   desc: The system-wide count of reserved events drops by the context's
 *     nr_events.
 *   reversible: no
 *
 * side-effect: schedule
 *   target: calling thread
 *   condition: Requests of the context are still in flight
 *   desc: The thread sleeps uninterruptibly until they have all completed.
 *
 * state-trans: AIO context
 *   from: live
 *   to: destroyed
 *   desc: New submissions and lookups with the handle fail with EINVAL.
 *
 * examples: io_destroy(ctx);
 *   io_destroy(0);  // EINVAL: no such context
 *
 * notes: The io_destroy(2) man page lists EFAULT for an invalid handle, but
 *   6.12 returns EINVAL because a failed read of the ring header counts as an
 *   unknown context.
 */
SYSCALL_DEFINE1(io_destroy, aio_context_t, ctx)

/**
 * sys_io_submit - Queue asynchronous I/O requests
 * @ctx_id: Handle of the AIO context
 * @nr: Number of entries in iocbpp
 * @iocbpp: Array of pointers to struct iocb control blocks
 *
 * long-desc: Reads the pointers in iocbpp one by one and submits the control
 *   block each points to on the context. An iocb names a file descriptor, an
 *   opcode (IOCB_CMD_PREAD, IOCB_CMD_PWRITE, IOCB_CMD_PREADV, IOCB_CMD_PWRITEV,
 *   IOCB_CMD_FSYNC, IOCB_CMD_FDSYNC or IOCB_CMD_POLL), a buffer, a length and
 *   an offset; the result of each request arrives later as an io_event in the
 *   ring, tagged with the iocb's aio_data and address.
 *
 *   Submission stops at the first iocb that cannot be submitted. If it is the
 *   first one, its error is returned; otherwise the call returns how many were
 *   submitted. nr is cut to the ring's capacity. Errors of the I/O itself are
 *   not returned here; they arrive as negative res values in the events.
 *   Operations that the file cannot run asynchronously (buffered reads and
 *   writes on most filesystems) run during the call, and their events are
 *   posted before it returns.
 *
 *   The kernel writes 0 (KIOCB_KEY) into the aio_key field of each iocb once
 *   its descriptors have been checked; io_cancel() relies on it.
 *
 * contexts: process, sleepable
 *
 * param: ctx_id
 *   type: uint, input
 *   cdesc: Must be the handle of a live context of the caller; otherwise
 *     EINVAL, even when nr is 0.
 *
 * param: nr
 *   type: int, input
 *   constraint-type: range(0, LONG_MAX)
 *   cdesc: Negative values fail with EINVAL before the context is looked up. 0
 *     submits nothing and returns 0. Values above the ring's capacity are
 *     reduced to it.
 *
 * param: iocbpp
 *   type: user_ptr, input
 *   constraint-type: buffer(1)
 *   size-multiplier: 8
 *   cdesc: An array of nr pointers (8 bytes each on 64-bit) to struct iocb of
 *     64 bytes each. Each iocb must have aio_reserved2 0, a buffer address and
 *     length that fit in the native types (length not negative as ssize_t), and
 *     only fields its opcode uses: IOCB_CMD_FSYNC, IOCB_CMD_FDSYNC and
 *     IOCB_CMD_POLL need aio_offset, aio_nbytes and aio_rw_flags at 0 (and
 *     aio_buf too for the fsync ones). aio_flags may hold IOCB_FLAG_RESFD and
 *     IOCB_FLAG_IOPRIO.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of iocbs submitted, from 0 to nr; a negative error code
 *     when the first one could not be submitted.
 *
 * error: EINVAL, Bad context, count or iocb
 *   desc: nr is negative; ctx_id is not a live context; or the first iocb has
 *     aio_reserved2 set, a length that is negative as ssize_t, an unknown
 *     opcode (IOCB_CMD_NOOP included), fields its opcode does not allow, a poll
 *     mask wider than 16 bits, an offset the file rejects, an invalid I/O
 *     priority, both RWF_APPEND and RWF_NOAPPEND, a vector of more than
 *     UIO_MAXIOV (1024) entries, or an aio_resfd that is not an eventfd; the
 *     file has no method for the requested operation (read_iter, write_iter or
 *     fsync); or a poll request can neither be satisfied at once nor wait on
 *     the file.
 *
 * error: EFAULT, Bad address
 *   desc: An entry of iocbpp or the iocb it points to cannot be read, aio_key
 *     cannot be written, or the data buffer or iovec array is not valid user
 *     memory.
 *
 * error: EBADF, Bad file descriptor
 *   desc: aio_fildes of the first iocb is not an open descriptor; the file was
 *     not opened for reading (read opcodes) or writing (write opcodes); or
 *     IOCB_FLAG_RESFD is set and aio_resfd is not an open descriptor.
 *
 * error: EAGAIN, No free slot
 *   desc: The context already has as many requests in flight as its ring can
 *     report, or the request structure could not be allocated.
 *
 * error: EPERM, Priority or access not permitted
 *   desc: IOCB_FLAG_IOPRIO asks for the real-time I/O class and the caller has
 *     neither CAP_SYS_ADMIN nor CAP_SYS_NICE, or a fanotify permission listener
 *     denied access to the file.
 *
 * error: EOPNOTSUPP, Unsupported RWF flag
 *   desc: aio_rw_flags has a bit outside the known RWF_* flags, RWF_NOWAIT on a
 *     file without non-blocking support, or RWF_ATOMIC on a read or on a file
 *     that cannot write atomically.
 *
 * error: EOVERFLOW, Offset overflow
 *   desc: The file allows negative offsets (such as /dev/mem), aio_offset is
 *     negative and aio_nbytes reaches or passes offset 0 from it.
 *
 * error: EACCES, Access denied
 *   desc: A security module denies reading or writing the file.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not copy a large iovec array or the credentials for
 *     an fsync request.
 *
 * lock: ctx->ctx_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Protects the context's list of cancellable requests while a poll
 *     request is queued.
 *
 * side-effect: modify_state | alloc_memory
 *   target: requests of the AIO context
 *   desc: Each submitted iocb becomes a request that holds a ring slot until
 *     its event is collected; its completion event is posted to the ring.
 *   reversible: no
 *
 * side-effect: filesystem
 *   target: the files named by the iocbs
 *   desc: The requested reads, writes and syncs are started (or done) on the
 *     files, exactly as pread(), pwrite() and fsync() would do them.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: aio_key field of each accepted iocb
 *   desc: Set to 0 (KIOCB_KEY).
 *
 * capability: CAP_SYS_NICE
 *   type: grant_permission
 *   allows: Submit requests with a real-time I/O priority through
 *     IOCB_FLAG_IOPRIO
 *   without: Such a request fails with EPERM
 *   condition: An iocb sets IOCB_FLAG_IOPRIO with the IOPRIO_CLASS_RT class
 *   alternatives: CAP_SYS_ADMIN
 *
 * examples: io_submit(ctx, 1, iocbpp);  // read 4096 bytes of a file
 *   io_submit(ctx, 0, iocbpp);  // 0: nothing submitted
 *   io_submit(ctx, -1, iocbpp);  // EINVAL: negative count
 *   io_submit(0, 1, iocbpp);  // EINVAL: no such context
 *
 * notes: Without O_DIRECT, reads and writes of regular files are done
 *   synchronously inside io_submit(); real asynchrony needs O_DIRECT on a
 *   filesystem or block device that supports it. The completion events are
 *   collected with io_getevents() or by reading the ring.
 */
SYSCALL_DEFINE3(io_submit, aio_context_t, ctx_id, long, nr,
		struct iocb __user * __user *, iocbpp)

/**
 * sys_io_cancel - Cancel a queued asynchronous I/O request
 * @ctx_id: Handle of the AIO context
 * @iocb: Address of the iocb that was submitted
 * @result: Unused; kept for the ABI
 *
 * long-desc: Looks for an in-flight request of the context that was submitted
 *   from the control block at iocb and asks it to cancel. Only requests that
 *   installed a cancel method can be found: poll requests and the I/O of a few
 *   drivers (USB gadget functions). Ordinary reads and writes of files cannot
 *   be cancelled and fail with EINVAL.
 *
 *   When a request is found, its cancel method is called and the request leaves
 *   the cancellable list. If the method accepts, the call fails with
 *   EINPROGRESS and the request's completion event is posted to the ring like
 *   any other (a cancelled poll request reports res 0); a driver's method may
 *   instead fail with an error of its own, which is returned. The result
 *   argument is not written.
 *
 *   The aio_key of the iocb is read first and must be 0 (KIOCB_KEY); then the
 *   context is looked up.
 *
 * contexts: process, sleepable
 *
 * param: ctx_id
 *   type: uint, input
 *   cdesc: Must be the handle of a live context of the caller; otherwise
 *     EINVAL.
 *
 * param: iocb
 *   type: user_ptr, input
 *   cdesc: The same address that was passed to io_submit(). Its aio_key field
 *     must be readable and 0; requests are matched by address, not by contents.
 *
 * param: result
 *   type: user_ptr, optional
 *   cdesc: Ignored: the kernel neither reads nor writes it, so any value,
 *     including NULL, is accepted.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: 0 is the documented success value, but 6.12 never returns it: a
 *     cancellation that was started is reported as EINPROGRESS, and every other
 *     outcome is a negative error code.
 *
 * error: EFAULT, iocb not readable
 *   desc: The aio_key field of iocb cannot be read.
 *
 * error: EINVAL, No such request or context
 *   desc: aio_key is not 0; ctx_id is not a live context of the caller; or no
 *     cancellable request of the context was submitted from iocb (it has
 *     completed, was never submitted, or cannot be cancelled).
 *
 * error: EINPROGRESS, Cancellation started
 *   desc: The request was found and its cancel method accepted; its completion
 *     event will be posted to the ring.
 *
 * lock: ctx->ctx_lock
 *   type: spinlock
 *   scope: internal
 *   desc: Held with interrupts disabled while the list of cancellable requests
 *     is searched and the cancel method runs.
 *
 * side-effect: modify_state
 *   target: the request submitted from iocb
 *   condition: A cancellable request was found
 *   desc: The request is marked cancelled and leaves the cancellable list; it
 *     completes soon after with an event in the ring.
 *   reversible: no
 *
 * state-trans: AIO request
 *   from: in flight
 *   to: cancelled
 *   condition: The call fails with EINPROGRESS
 *   desc: The request still delivers one completion event.
 *
 * examples: io_cancel(ctx, buf, buf + 64);  // EINVAL: no such request
 *   io_cancel(ctx, unmapped, NULL);  // EFAULT: aio_key unreadable
 *   io_cancel(0, buf, NULL);  // EINVAL: no such context
 *
 * notes: The io_cancel(2) man page describes 0 and EAGAIN results; 6.12
 *   returns neither (see the return description). To learn how a cancelled
 *   request ended, collect its event with io_getevents().
 */
SYSCALL_DEFINE3(io_cancel, aio_context_t, ctx_id, struct iocb __user *, iocb,
		struct io_event __user *, result)
