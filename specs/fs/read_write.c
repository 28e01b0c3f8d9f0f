/*
 * KAPI specs for reading, writing and seeking (fs/read_write.c), written for
 * kapi in the v4 short-token dialect. Facts are from Linux 6.12's
 * fs/read_write.c, lib/iov_iter.c, fs/pipe.c and include/linux/fs.h and from
 * the lseek(2), read(2), write(2), pread(2) and readv(2) man pages; the
 * wording is kapi's own.
 */

/**
 * sys_lseek - Move or query the file offset of an open file
 * @fd: Open file descriptor whose offset is changed
 * @offset: Byte offset, interpreted according to whence
 * @whence: SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA or SEEK_HOLE
 *
 * long-desc: Sets the offset of the open file description that fd refers to,
 *   which every descriptor duplicated from it shares. SEEK_SET takes offset as
 *   the new position, SEEK_CUR adds it to the current one and SEEK_END adds it
 *   to the file size. SEEK_DATA moves to the first byte of data at or after
 *   offset and SEEK_HOLE to the start of the first hole at or after offset; the
 *   end of the file counts as a hole, so filesystems without hole tracking
 *   treat the whole file as data.
 *
 *   The offset may be placed past the end of a regular file; a later write
 *   there leaves a hole. lseek(fd, 0, SEEK_CUR) reads the position without
 *   changing it. What positions mean for directories and device files is up to
 *   their driver, and some accept any seek without moving at all.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Any open descriptor except an O_PATH one. Files that cannot seek
 *     (pipes, FIFOs, sockets, stream devices) fail with ESPIPE.
 *
 * param: offset
 *   type: int, input
 *   cdesc: Any value is accepted here; the resulting position must not be
 *     negative (EINVAL) and must not exceed the filesystem's maximum file size.
 *     For SEEK_DATA and SEEK_HOLE it must be below the file size (ENXIO).
 *
 * param: whence
 *   type: uint, input
 *   constraint-type: range(SEEK_SET, SEEK_MAX)
 *   cdesc: Values above SEEK_MAX (SEEK_HOLE, 4) fail with EINVAL before the
 *     file type is considered, so they give EINVAL even on a pipe. A file may
 *     still refuse a valid whence it does not implement.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The resulting offset in bytes from the start of the file; a negative
 *     error code on failure, in which case the offset is unchanged.
 *
 * error: EBADF, Not an open descriptor
 *   desc: fd is not an open descriptor, or it was opened with O_PATH.
 *
 * error: EINVAL, Bad whence or position
 *   desc: whence is above SEEK_MAX; the resulting offset would be negative or
 *     beyond the largest offset the file supports; or the file's seek method
 *     does not implement whence (SEEK_END, SEEK_DATA or SEEK_HOLE on some
 *     devices and pseudo-files).
 *
 * error: ENXIO, No data or hole there
 *   desc: whence is SEEK_DATA or SEEK_HOLE and offset is at or beyond the end
 *     of the file, or SEEK_DATA is used and no data follows offset.
 *
 * error: ESPIPE, Not seekable
 *   desc: fd refers to a pipe, FIFO, socket or another file opened as a stream,
 *     which has no file offset.
 *
 * error: EOVERFLOW, Offset does not fit
 *   desc: Only on 32-bit kernels: the resulting offset does not fit in off_t.
 *     Use _llseek there. On 64-bit kernels off_t and loff_t have the same size
 *     and this cannot happen.
 *
 * lock: file->f_pos_lock
 *   type: mutex
 *   scope: internal
 *   desc: Serialises offset updates when the open file description is shared
 *     (or is a directory) and keeps its position atomic.
 *
 * side-effect: file_position
 *   target: file->f_pos
 *   condition: The call succeeds and does not merely query the position
 *   desc: The shared file offset is set to the returned value.
 *   reversible: yes
 *
 * examples: lseek(fd, 0, SEEK_END);  // the size of "file": 8192
 *   lseek(rdfd, 4096, SEEK_SET);
 *   lseek(fd, 0, SEEK_CUR);  // query the offset
 *   lseek(fd, 1048576, SEEK_DATA);  // ENXIO: no data at or after the offset
 *   lseek(fd, 0, 5);  // EINVAL: no such whence
 *
 * notes: 32-bit programs use _llseek, or lseek with a 64-bit off_t through
 *   their C library, to reach offsets beyond 2 GiB.
 */
SYSCALL_DEFINE3(lseek, unsigned int, fd, off_t, offset, unsigned int, whence)

/**
 * sys_read - Read bytes from a file descriptor into a buffer
 * @fd: Descriptor open for reading
 * @buf: User buffer that receives the data
 * @count: Maximum number of bytes to read
 *
 * long-desc: Reads up to count bytes from the file at its current offset into
 *   buf and advances the offset by the number of bytes read. Files without an
 *   offset (pipes, sockets, terminals, character devices opened as streams)
 *   simply deliver the next available bytes.
 *
 *   Fewer bytes than asked for is not an error: the call returns what is
 *   available, stops at the end of the file, and returns 0 at end of file. When
 *   nothing is available yet, it sleeps unless the descriptor has O_NONBLOCK. A
 *   single call never transfers more than MAX_RW_COUNT (0x7ffff000) bytes.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be open with O_RDONLY or O_RDWR. O_PATH and write-only
 *     descriptors fail with EBADF; directories fail with EISDIR.
 *
 * param: buf
 *   type: user_ptr, output
 *   size-param: 2
 *   cdesc: count bytes at buf must be writable user memory. The range is
 *     checked against the user address space before anything is read; pages
 *     that fault while the data is copied end the call with EFAULT (or with a
 *     short count if some bytes were already copied).
 *
 * param: count
 *   type: uint, input
 *   constraint-type: range(0, SSIZE_MAX)
 *   cdesc: Larger values are rejected: on x86-64 the buffer check fails with
 *     EFAULT, elsewhere the size check with EINVAL. Values above MAX_RW_COUNT
 *     are silently reduced to it. A count of 0 returns 0 once the descriptor
 *     has been checked.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of bytes read, 0 at end of file or for count 0; a negative
 *     error code on failure.
 *
 * error: EBADF, Not open for reading
 *   desc: fd is not an open descriptor, was opened with O_PATH, or was opened
 *     without read access.
 *
 * error: EFAULT, Bad buffer
 *   desc: buf through buf + count is not in the user address space, or a page
 *     of it cannot be written while the data is copied.
 *
 * error: EINVAL, File not readable this way
 *   desc: The file has no read method (an epoll descriptor, for example); count
 *     is above SSIZE_MAX on an architecture whose address check lets it pass;
 *     with O_DIRECT, buf, count or the offset is not suitably aligned; or a
 *     special file needs a larger buffer (an eventfd or timerfd needs 8 bytes).
 *
 * error: EISDIR, Is a directory
 *   desc: fd refers to a directory; use getdents64() to list it.
 *
 * error: EAGAIN, No data yet
 *   desc: The descriptor has O_NONBLOCK (or the file is otherwise non-blocking)
 *     and no data is available now.
 *
 * error: EINTR, Interrupted
 *   desc: A signal arrived while the call was waiting for data, before any byte
 *     was read, and its handler lacks SA_RESTART.
 *
 * error: EIO, I/O error
 *   desc: The device or filesystem reported an I/O error; or a process in a
 *     background process group read from its controlling terminal while SIGTTIN
 *     is ignored or blocked, or while its process group is orphaned.
 *
 * lock: file->f_pos_lock
 *   type: mutex
 *   scope: internal
 *   desc: Held for the whole read when the open file description is shared and
 *     has an offset, so that concurrent reads do not use the same position.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: restart
 *   condition: A signal with a handler (SIGINT stands for any such signal)
 *     arrives while the call waits for data and nothing was read yet
 *   desc: With SA_RESTART the read is restarted; otherwise it fails with EINTR.
 *     If some bytes were already read, the call returns their count instead.
 *   errno: -EINTR
 *   timing: during
 *   restartable: yes
 *
 * signal: SIGTTIN
 *   direction: send
 *   action: stop
 *   condition: A process in a background process group reads from its
 *     controlling terminal
 *   desc: The terminal driver sends SIGTTIN to the process group and the read
 *     is restarted once the group is continued in the foreground. If SIGTTIN is
 *     ignored or blocked, or the group is orphaned, no signal is sent and the
 *     read fails with EIO instead.
 *   timing: before
 *   restartable: yes
 *
 * side-effect: file_position
 *   target: file->f_pos
 *   condition: The file has an offset and bytes were read
 *   desc: The offset advances by the returned count.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: inode access time and the data source
 *   desc: The access time may be updated; from a pipe, FIFO or socket the bytes
 *     read are consumed and no longer available to other readers.
 *   reversible: no
 *
 * examples: read(rdfd, buf, 4096);  // the first page of "file"
 *   read(pipe_r, buf, 8);  // the 8 bytes waiting in the pipe
 *   read(rdfd, buf, 0);  // checks fd only; returns 0
 *   read(epfd, buf, 8);  // EINVAL: an epoll instance cannot be read
 *
 * notes: Reads from a regular file that overlap a concurrent write see
 *   either all or none of each page, not a consistent snapshot of the whole
 *   range. Sockets add errors of their own (ECONNRESET, ENOTCONN, ...).
 */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)

/**
 * sys_write - Write bytes from a buffer to a file descriptor
 * @fd: Descriptor open for writing
 * @buf: User buffer holding the data
 * @count: Number of bytes to write
 *
 * long-desc: Writes up to count bytes from buf to the file at its current
 *   offset and advances the offset by the number written. With O_APPEND the
 *   offset is first moved to the end of the file, atomically with the write.
 *   Files without an offset (pipes, sockets, terminals) take the bytes in
 *   order.
 *
 *   A short count is possible: when the disk fills up, when RLIMIT_FSIZE or the
 *   filesystem's size limit is reached partway, or when a signal interrupts a
 *   blocking write after some bytes were accepted. A single call writes at most
 *   MAX_RW_COUNT (0x7ffff000) bytes. Writes of up to PIPE_BUF (4096) bytes to a
 *   pipe are atomic.
 *
 *   Writing to a regular file clears its set-user-ID bit (and the set-group-ID
 *   bit of a group-executable file) unless the caller has CAP_FSETID.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be open with O_WRONLY or O_RDWR. O_PATH and read-only
 *     descriptors fail with EBADF; a directory can never be open for writing,
 *     so it also gives EBADF.
 *
 * param: buf
 *   type: user_ptr, input
 *   size-param: 2
 *   cdesc: count bytes at buf must be readable user memory.
 *
 * param: count
 *   type: uint, input
 *   constraint-type: range(0, SSIZE_MAX)
 *   cdesc: Larger values are rejected (EFAULT from the buffer check on x86-64,
 *     EINVAL elsewhere). Values above MAX_RW_COUNT are reduced to it. For a
 *     regular file, count 0 returns 0 without writing.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of bytes written, which may be less than count; a negative
 *     error code if nothing was written.
 *
 * error: EBADF, Not open for writing
 *   desc: fd is not an open descriptor, was opened with O_PATH, or was opened
 *     without write access.
 *
 * error: EFAULT, Bad buffer
 *   desc: buf through buf + count is not in the user address space, or a page
 *     of it cannot be read while the data is copied.
 *
 * error: EINVAL, File not writable this way
 *   desc: The file has no write method; count is above SSIZE_MAX on an
 *     architecture whose address check lets it pass; with O_DIRECT, buf, count
 *     or the offset is not suitably aligned; or a special file rejects the size
 *     or the value (an eventfd needs at least 8 bytes and refuses the value
 *     0xffffffffffffffff).
 *
 * error: EAGAIN, Would block
 *   desc: The descriptor has O_NONBLOCK and the pipe, socket or device cannot
 *     take any data now.
 *
 * error: EPIPE, No reader
 *   desc: fd is the write end of a pipe or FIFO that no process has open for
 *     reading, or a stream socket whose connection can no longer send. SIGPIPE
 *     is sent to the caller as well.
 *
 * error: EFBIG, File too large
 *   desc: The offset is at or beyond RLIMIT_FSIZE (SIGXFSZ is sent too), or at
 *     or beyond the largest file the filesystem supports (2 GiB - 1 for a
 *     descriptor without O_LARGEFILE).
 *
 * error: ENOSPC, No space left
 *   desc: The filesystem has no free blocks for the data.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The caller's block quota on the filesystem is used up.
 *
 * error: EPERM, Write not permitted
 *   desc: The file is a memfd sealed with F_SEAL_WRITE or F_SEAL_FUTURE_WRITE,
 *     or sealed with F_SEAL_GROW and the write would extend it; or the file
 *     became immutable after fd was opened.
 *
 * error: ETXTBSY, Swap file in use
 *   desc: The file is an active swap file.
 *
 * error: EINTR, Interrupted
 *   desc: A signal arrived while the call was blocked, before any byte was
 *     written, and its handler lacks SA_RESTART.
 *
 * error: ENOMEM, Out of memory
 *   desc: A page for the page cache or for a pipe buffer could not be allocated
 *     and nothing was written.
 *
 * error: EIO, I/O error
 *   desc: The device or filesystem reported an I/O error, or, for a file opened
 *     with O_SYNC or O_DSYNC, writing the data back to storage failed.
 *
 * lock: file->f_pos_lock
 *   type: mutex
 *   scope: internal
 *   desc: Held for the whole write when the open file description is shared and
 *     has an offset.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Regular files are written with the inode lock held for writing, so
 *     writes to one file do not interleave.
 *
 * lock: sb->s_writers
 *   type: semaphore
 *   scope: internal
 *   desc: Freeze protection for regular files; the call waits while the
 *     filesystem is frozen.
 *
 * signal: SIGPIPE
 *   direction: send
 *   action: terminate
 *   condition: The pipe, FIFO or socket has no reader left
 *   desc: The kernel sends SIGPIPE to the calling thread. Its default action
 *     ends the process; when it is ignored or caught, the call fails with
 *     EPIPE.
 *   errno: -EPIPE
 *   timing: during
 *
 * signal: SIGXFSZ
 *   direction: send
 *   action: coredump
 *   condition: The write starts at or beyond RLIMIT_FSIZE
 *   desc: The kernel sends SIGXFSZ to the caller; when the signal is ignored or
 *     caught, the call fails with EFBIG.
 *   errno: -EFBIG
 *   timing: before
 *
 * signal: SIGINT
 *   direction: receive
 *   action: restart
 *   condition: A signal with a handler (SIGINT stands for any such signal)
 *     arrives while the call waits for room in a pipe, socket or device
 *   desc: If nothing was written, the call is restarted with SA_RESTART and
 *     fails with EINTR without it; otherwise it returns the bytes written so
 *     far.
 *   errno: -EINTR
 *   timing: during
 *   restartable: yes
 *
 * side-effect: filesystem
 *   target: file contents, size, mtime and ctime
 *   desc: The data lands in the page cache (or on the device with O_DIRECT);
 *     the file grows if the write goes past its end.
 *   reversible: no
 *
 * side-effect: file_position
 *   target: file->f_pos
 *   condition: The file has an offset and bytes were written
 *   desc: The offset advances by the returned count (to the new end with
 *     O_APPEND).
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: set-user-ID and set-group-ID bits of the file
 *   condition: The file has them and the caller lacks CAP_FSETID
 *   desc: The bits are cleared before the data is written.
 *   reversible: no
 *
 * capability: CAP_FSETID
 *   type: modify_behavior
 *   allows: Write to a set-ID file without clearing its set-ID bits
 *   without: The set-user-ID bit, and the set-group-ID bit of a
 *     group-executable file, are cleared
 *   condition: The file has a set-ID bit
 *
 * constraint: RLIMIT_FSIZE
 *   desc: A write to a regular file must start below RLIMIT_FSIZE; it is cut
 *     short at the limit.
 *   expr: pos < RLIMIT_FSIZE
 *
 * examples: write(wrfd, buf, 4096);  // overwrite the first page of "file"
 *   write(pipe_w, buf, 16);
 *   write(fd, buf, 0);
 *   write(epfd, buf, 8);  // EINVAL: an epoll instance cannot be written
 *
 * notes: With O_DIRECT or O_SYNC the data reaches stable storage before the
 *   call returns; otherwise use fsync(). Sockets add errors of their own
 *   (ECONNRESET, EDESTADDRREQ, ...).
 */
SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)

/**
 * sys_pread64 - Read from a given file offset without moving the offset
 * @fd: Descriptor open for reading, of a file that supports positioned I/O
 * @buf: User buffer that receives the data
 * @count: Maximum number of bytes to read
 * @pos: File offset to read from
 *
 * long-desc: Reads up to count bytes starting at byte pos of the file into buf.
 *   The file offset of the descriptor is neither used nor changed, so threads
 *   sharing a descriptor can read different places concurrently. Reading at or
 *   past the end of the file returns 0.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be open for reading. Pipes, FIFOs, sockets and stream devices
 *     fail with ESPIPE; directories with EISDIR.
 *
 * param: buf
 *   type: user_ptr, output
 *   size-param: 2
 *   cdesc: count bytes at buf must be writable user memory.
 *
 * param: count
 *   type: uint, input
 *   constraint-type: range(0, SSIZE_MAX)
 *   cdesc: Larger values fail (EFAULT on x86-64, EINVAL elsewhere); values
 *     above MAX_RW_COUNT are reduced to it. pos + count must not overflow a
 *     signed 64-bit offset.
 *
 * param: pos
 *   type: int, input
 *   constraint-type: range(0, LLONG_MAX)
 *   cdesc: A negative pos fails with EINVAL before fd is even looked up.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of bytes read, 0 at or past end of file; a negative error
 *     code on failure.
 *
 * error: EINVAL, Bad offset or file
 *   desc: pos is negative; pos + count overflows; the file has no read method;
 *     or O_DIRECT alignment rules are not met.
 *
 * error: EBADF, Not open for reading
 *   desc: fd is not an open descriptor, was opened with O_PATH, or lacks read
 *     access.
 *
 * error: ESPIPE, No positioned reads
 *   desc: fd refers to a pipe, FIFO, socket or another file without positioned
 *     I/O.
 *
 * error: EFAULT, Bad buffer
 *   desc: The buffer is not in the user address space or cannot be written.
 *
 * error: EISDIR, Is a directory
 *   desc: fd refers to a directory.
 *
 * error: EAGAIN, No data yet
 *   desc: O_NONBLOCK is set and a device cannot deliver data now.
 *
 * error: EINTR, Interrupted
 *   desc: A signal arrived while the call was blocked before any byte was read,
 *     and its handler lacks SA_RESTART.
 *
 * error: EIO, I/O error
 *   desc: The device or filesystem reported an I/O error.
 *
 * side-effect: modify_state
 *   target: inode access time
 *   desc: The access time may be updated.
 *   reversible: no
 *
 * examples: pread64(rdfd, buf, 4096, 4096);  // the second page of "file"
 *   pread64(fd, buf, 4096, 8192);  // at end of file: returns 0
 *
 * notes: The C library names the call pread(). 32-bit ABIs pass pos in two
 *   registers.
 */
SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf,
			size_t, count, loff_t, pos)

/**
 * sys_pwrite64 - Write at a given file offset without moving the offset
 * @fd: Descriptor open for writing, of a file that supports positioned I/O
 * @buf: User buffer holding the data
 * @count: Number of bytes to write
 * @pos: File offset to write at
 *
 * long-desc: Writes up to count bytes from buf starting at byte pos of the
 *   file. The descriptor's file offset is neither used nor changed. Writing
 *   past the end extends the file and leaves a hole before pos.
 *
 *   When the descriptor has O_APPEND, Linux ignores pos and appends the data at
 *   the end of the file, unlike what POSIX describes.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be open for writing. Pipes, FIFOs, sockets and stream devices
 *     fail with ESPIPE.
 *
 * param: buf
 *   type: user_ptr, input
 *   size-param: 2
 *   cdesc: count bytes at buf must be readable user memory.
 *
 * param: count
 *   type: uint, input
 *   constraint-type: range(0, SSIZE_MAX)
 *   cdesc: Larger values fail (EFAULT on x86-64, EINVAL elsewhere); values
 *     above MAX_RW_COUNT are reduced to it.
 *
 * param: pos
 *   type: int, input
 *   constraint-type: range(0, LLONG_MAX)
 *   cdesc: A negative pos fails with EINVAL before fd is looked up.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The number of bytes written, possibly fewer than count; a negative
 *     error code if nothing was written.
 *
 * error: EINVAL, Bad offset or file
 *   desc: pos is negative; pos + count overflows; the file has no write method;
 *     O_DIRECT alignment rules are not met; or a special file rejects the size
 *     or the value.
 *
 * error: EBADF, Not open for writing
 *   desc: fd is not an open descriptor, was opened with O_PATH, or lacks write
 *     access.
 *
 * error: ESPIPE, No positioned writes
 *   desc: fd refers to a pipe, FIFO, socket or another file without positioned
 *     I/O.
 *
 * error: EFAULT, Bad buffer
 *   desc: The buffer is not in the user address space or cannot be read.
 *
 * error: EFBIG, File too large
 *   desc: pos is at or beyond RLIMIT_FSIZE (SIGXFSZ is sent too), or at or
 *     beyond the largest file the filesystem supports.
 *
 * error: ENOSPC, No space left
 *   desc: The filesystem has no free blocks for the data.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The caller's block quota is used up.
 *
 * error: EPERM, Write not permitted
 *   desc: A memfd seal forbids the write, or the file became immutable after it
 *     was opened.
 *
 * error: ETXTBSY, Swap file in use
 *   desc: The file is an active swap file.
 *
 * error: EAGAIN, Would block
 *   desc: O_NONBLOCK is set and a device cannot take data now.
 *
 * error: EINTR, Interrupted
 *   desc: A signal arrived while the call was blocked before any byte was
 *     written, and its handler lacks SA_RESTART.
 *
 * error: ENOMEM, Out of memory
 *   desc: A page cache page could not be allocated and nothing was written.
 *
 * error: EIO, I/O error
 *   desc: The device or filesystem reported an I/O error.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Regular files are written with the inode lock held for writing.
 *
 * lock: sb->s_writers
 *   type: semaphore
 *   scope: internal
 *   desc: Freeze protection; the call waits while the filesystem is frozen.
 *
 * signal: SIGXFSZ
 *   direction: send
 *   action: coredump
 *   condition: pos is at or beyond RLIMIT_FSIZE
 *   desc: The kernel sends SIGXFSZ to the caller; when the signal is ignored or
 *     caught, the call fails with EFBIG.
 *   errno: -EFBIG
 *   timing: before
 *
 * side-effect: filesystem
 *   target: file contents, size, mtime and ctime
 *   desc: The data is stored at pos and the file grows if needed.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: set-user-ID and set-group-ID bits of the file
 *   condition: The file has them and the caller lacks CAP_FSETID
 *   desc: The bits are cleared.
 *   reversible: no
 *
 * capability: CAP_FSETID
 *   type: modify_behavior
 *   allows: Write to a set-ID file without clearing its set-ID bits
 *   without: The set-ID bits are cleared
 *   condition: The file has a set-ID bit
 *
 * constraint: RLIMIT_FSIZE
 *   desc: pos must be below RLIMIT_FSIZE; the write is cut short at the limit.
 *   expr: pos < RLIMIT_FSIZE
 *
 * examples: pwrite64(fd, buf, 4096, 8192);  // append a page to "file"
 *   pwrite64(wrfd, buf, 16, 0);
 *
 * notes: The C library names the call pwrite(). 32-bit ABIs pass pos in two
 *   registers.
 */
SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf,
			 size_t, count, loff_t, pos)

/**
 * sys_readv - Read from a file descriptor into several buffers
 * @fd: Descriptor open for reading
 * @vec: User array of struct iovec describing the buffers
 * @vlen: Number of elements in vec
 *
 * long-desc: Works like read(), but scatters the data over the buffers that vec describes:
 *   the first buffer is filled completely before the next one is used. The read
 *   is a single operation on the file, so it is atomic with respect to the file
 *   offset. The total is capped at MAX_RW_COUNT bytes.
 *
 *   An empty vector (vlen 0) returns 0 without reading vec. Buffers of length 0
 *   are skipped.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be open for reading; O_PATH and write-only descriptors fail
 *     with EBADF, directories with EISDIR.
 *
 * param: vec
 *   type: user_ptr, input
 *   size-param: 2
 *   size-multiplier: 16
 *   cdesc: vlen elements of struct iovec (16 bytes each on 64-bit) must be
 *     readable. Each iov_len must fit in ssize_t (EINVAL otherwise), and each
 *     buffer must lie in the user address space (EFAULT otherwise).
 *
 * param: vlen
 *   type: uint, input
 *   constraint-type: range(0, UIO_MAXIOV)
 *   cdesc: More than UIO_MAXIOV (1024) elements fail with EINVAL. The kernel
 *     converts vlen to a 32-bit unsigned int before that check, so only its low
 *     32 bits count.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The total number of bytes read, 0 at end of file; a negative error
 *     code on failure.
 *
 * error: EBADF, Not open for reading
 *   desc: fd is not an open descriptor, was opened with O_PATH, or lacks read
 *     access.
 *
 * error: EINVAL, Bad vector or file
 *   desc: vlen exceeds UIO_MAXIOV; an iov_len is above SSIZE_MAX; the file has
 *     no read method; or O_DIRECT alignment rules are not met.
 *
 * error: EFAULT, Bad vector or buffer
 *   desc: vec cannot be read, a buffer lies outside the user address space, or
 *     a buffer cannot be written while the data is copied.
 *
 * error: ENOMEM, Out of memory
 *   desc: vlen is above 8 and the kernel could not allocate its copy of the
 *     vector.
 *
 * error: EISDIR, Is a directory
 *   desc: fd refers to a directory.
 *
 * error: EAGAIN, No data yet
 *   desc: O_NONBLOCK is set and no data is available.
 *
 * error: EINTR, Interrupted
 *   desc: A signal arrived while the call waited for data before any byte was
 *     read, and its handler lacks SA_RESTART.
 *
 * error: EIO, I/O error
 *   desc: The device or filesystem reported an I/O error, or a background
 *     process read from its controlling terminal.
 *
 * lock: file->f_pos_lock
 *   type: mutex
 *   scope: internal
 *   desc: Held for the whole call when the open file description is shared and
 *     has an offset.
 *
 * signal: SIGINT
 *   direction: receive
 *   action: restart
 *   condition: A signal with a handler (SIGINT stands for any such signal)
 *     arrives while the call waits and nothing was read yet
 *   desc: With SA_RESTART the call is restarted; otherwise it fails with EINTR.
 *     After a partial read the byte count is returned.
 *   errno: -EINTR
 *   timing: during
 *   restartable: yes
 *
 * side-effect: file_position
 *   target: file->f_pos
 *   condition: The file has an offset and bytes were read
 *   desc: The offset advances by the returned count.
 *   reversible: yes
 *
 * examples: readv(rdfd, iov, 2);  // fill both pages of buf from "file"
 *   readv(rdfd, iov, 0);  // empty vector: returns 0
 *
 * notes: POSIX calls the limit IOV_MAX; on Linux it equals UIO_MAXIOV.
 */
SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)

/**
 * sys_writev - Write to a file descriptor from several buffers
 * @fd: Descriptor open for writing
 * @vec: User array of struct iovec describing the buffers
 * @vlen: Number of elements in vec
 *
 * long-desc: Works like write(), but gathers the data from the buffers that vec
 *   describes, in order. The data of one call is written as one operation, so
 *   on a regular file it is not interleaved with other writes to that file. The
 *   total is capped at MAX_RW_COUNT bytes.
 *
 *   An empty vector (vlen 0), or one whose lengths are all 0, returns 0 without
 *   writing.
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: Must be open for writing; O_PATH and read-only descriptors fail with
 *     EBADF.
 *
 * param: vec
 *   type: user_ptr, input
 *   size-param: 2
 *   size-multiplier: 16
 *   cdesc: vlen elements of struct iovec (16 bytes each on 64-bit) must be
 *     readable, each iov_len must fit in ssize_t, and each buffer must lie in
 *     the user address space.
 *
 * param: vlen
 *   type: uint, input
 *   constraint-type: range(0, UIO_MAXIOV)
 *   cdesc: More than UIO_MAXIOV (1024) elements fail with EINVAL. Only the low
 *     32 bits of vlen are used.
 *
 * return:
 *   type: int
 *   check-type: range
 *   success: >= 0
 *   desc: The total number of bytes written, possibly fewer than requested; a
 *     negative error code if nothing was written.
 *
 * error: EBADF, Not open for writing
 *   desc: fd is not an open descriptor, was opened with O_PATH, or lacks write
 *     access.
 *
 * error: EINVAL, Bad vector or file
 *   desc: vlen exceeds UIO_MAXIOV; an iov_len is above SSIZE_MAX; the file has
 *     no write method; O_DIRECT alignment rules are not met; or a special file
 *     rejects the size or the value.
 *
 * error: EFAULT, Bad vector or buffer
 *   desc: vec cannot be read, a buffer lies outside the user address space, or
 *     a buffer cannot be read while the data is copied.
 *
 * error: ENOMEM, Out of memory
 *   desc: The kernel could not allocate its copy of a vector longer than 8
 *     elements, or a page for the data.
 *
 * error: EAGAIN, Would block
 *   desc: O_NONBLOCK is set and the pipe, socket or device cannot take data
 *     now.
 *
 * error: EPIPE, No reader
 *   desc: The pipe or FIFO has no reader, or the stream socket can no longer
 *     send; SIGPIPE is sent as well.
 *
 * error: EFBIG, File too large
 *   desc: The offset is at or beyond RLIMIT_FSIZE (SIGXFSZ is sent too) or
 *     beyond the largest file the filesystem supports.
 *
 * error: ENOSPC, No space left
 *   desc: The filesystem has no free blocks for the data.
 *
 * error: EDQUOT, Quota exceeded
 *   desc: The caller's block quota is used up.
 *
 * error: EPERM, Write not permitted
 *   desc: A memfd seal forbids the write, or the file became immutable after it
 *     was opened.
 *
 * error: ETXTBSY, Swap file in use
 *   desc: The file is an active swap file.
 *
 * error: EINTR, Interrupted
 *   desc: A signal arrived while the call was blocked before any byte was
 *     written, and its handler lacks SA_RESTART.
 *
 * error: EIO, I/O error
 *   desc: The device or filesystem reported an I/O error.
 *
 * lock: file->f_pos_lock
 *   type: mutex
 *   scope: internal
 *   desc: Held for the whole call when the open file description is shared and
 *     has an offset.
 *
 * lock: inode->i_rwsem
 *   type: rwlock
 *   scope: internal
 *   desc: Regular files are written with the inode lock held for writing.
 *
 * signal: SIGPIPE
 *   direction: send
 *   action: terminate
 *   condition: The pipe, FIFO or socket has no reader left
 *   desc: The kernel sends SIGPIPE to the calling thread; when it is ignored or
 *     caught, the call fails with EPIPE.
 *   errno: -EPIPE
 *   timing: during
 *
 * signal: SIGXFSZ
 *   direction: send
 *   action: coredump
 *   condition: The write starts at or beyond RLIMIT_FSIZE
 *   desc: The kernel sends SIGXFSZ; when the signal is ignored or caught, the
 *     call fails with EFBIG.
 *   errno: -EFBIG
 *   timing: before
 *
 * side-effect: filesystem
 *   target: file contents, size, mtime and ctime
 *   desc: The gathered data is written at the offset (or at the end with
 *     O_APPEND).
 *   reversible: no
 *
 * side-effect: file_position
 *   target: file->f_pos
 *   condition: The file has an offset and bytes were written
 *   desc: The offset advances by the returned count.
 *   reversible: yes
 *
 * capability: CAP_FSETID
 *   type: modify_behavior
 *   allows: Write to a set-ID file without clearing its set-ID bits
 *   without: The set-ID bits are cleared
 *   condition: The file has a set-ID bit
 *
 * constraint: RLIMIT_FSIZE
 *   desc: A write to a regular file must start below RLIMIT_FSIZE.
 *   expr: pos < RLIMIT_FSIZE
 *
 * examples: writev(wrfd, iov, 2);  // write both pages of buf to "file"
 *   writev(pipe_w, iov, 1);
 *
 * notes: A header and a payload kept in separate buffers can be sent in one
 *   writev() call, which a reader of a pipe or socket then sees in one piece.
 */
SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
