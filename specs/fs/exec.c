/*
 * KAPI specs for execve and execveat (fs/exec.c), written for kapi in the v4
 * short-token dialect. Facts are from Linux 6.12's fs/exec.c, fs/namei.c,
 * fs/binfmt_elf.c, fs/binfmt_script.c and security/commoncap.c and the
 * execve(2) and execveat(2) man pages; the wording is kapi's own.
 */

/**
 * sys_execve - Replace the calling process's program with a new one
 * @filename: Path of the program to run, resolved from the working directory
 * @argv: NULL-terminated array of argument strings, or NULL
 * @envp: NULL-terminated array of environment strings, or NULL
 *
 * long-desc: Loads the program at filename into a fresh address space and
 *   starts it with the given arguments and environment; on success the call
 *   does not return, because the code that made it is gone. The process keeps
 *   its PID, open file descriptors (except close-on-exec ones), working
 *   directory, signal mask and pending signals, resource limits and most other
 *   attributes; caught signals are reset to their default action.
 *
 *   The file must be a regular file with execute permission on a mount without
 *   noexec. Each registered binary format is asked in turn to load it: ELF
 *   programs, scripts starting with "#!" (whose interpreter is then run with
 *   the script's path as an argument) and formats registered with binfmt_misc.
 *   Up to five levels of interpreters are followed.
 *
 *   The argument and environment strings are copied onto the new program's
 *   stack. A NULL argv or envp counts as an empty array; when argv is empty the
 *   kernel supplies an empty string as argv[0].
 *
 *   The work before the point of no return (opening the file, copying the
 *   strings, checking the format) can fail with an error. Once the old address
 *   space has been torn down, a failure cannot be reported: the process is
 *   killed with SIGSEGV instead.
 *
 * contexts: process, sleepable
 *
 * param: filename
 *   type: path, input
 *   cdesc: A NUL-terminated path of fewer than PATH_MAX bytes. An empty string
 *     fails with ENOENT. A final symbolic link is followed. A relative path is
 *     resolved from the current working directory.
 *
 * param: argv
 *   type: user_ptr, input, optional
 *   cdesc: Read one pointer at a time up to the terminating NULL. At most
 *     MAX_ARG_STRINGS entries; each string may be up to MAX_ARG_STRLEN (32
 *     pages) long including its NUL. A pointer or string that cannot be read
 *     fails with EFAULT.
 *
 * param: envp
 *   type: user_ptr, input, optional
 *   cdesc: Same rules as argv. The strings of argv and envp together, plus one
 *     pointer for each, must fit in a quarter of RLIMIT_STACK, capped at 6 MiB
 *     (three quarters of the 8 MiB default stack) and never less than ARG_MAX
 *     (128 KiB).
 *
 * return:
 *   type: int
 *   check-type: no_return
 *   desc: The call does not return on success: the new program starts instead.
 *     It returns a negative error code only when it fails before the point of
 *     no return. (No success value is given because there is none.)
 *
 * error: E2BIG, Argument list too long
 *   desc: argv or envp has more than MAX_ARG_STRINGS entries; one string is
 *     longer than MAX_ARG_STRLEN; or the strings and pointers together exceed
 *     the argument space limit derived from RLIMIT_STACK.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of the path; the file has
 *     no execute permission for the caller (root needs at least one execute
 *     bit); the file is not a regular file (a directory, device, FIFO or
 *     socket); the file or an interpreter is on a noexec mount; or a security
 *     module refused the execution.
 *
 * error: EAGAIN, Process limit exceeded
 *   desc: The process changed its real UID with a set*uid() call while the new
 *     user had reached RLIMIT_NPROC, and the user is still at or over the
 *     limit; the failure of the UID change is reported here.
 *
 * error: EFAULT, Bad address
 *   desc: filename, argv, envp, one of the array entries or one of the strings
 *     points outside the accessible address space.
 *
 * error: EINVAL, Bad file capabilities
 *   desc: The file carries a security.capability extended attribute that cannot
 *     be parsed.
 *
 * error: EIO, I/O error
 *   desc: Reading the start of the file or of an interpreter failed.
 *
 * error: ELIBBAD, Bad ELF interpreter
 *   desc: The ELF interpreter (the dynamic loader named in PT_INTERP) is not a
 *     valid ELF file for this machine.
 *
 * error: ELOOP, Too many links or interpreters
 *   desc: Too many symbolic links were met while resolving filename or an
 *     interpreter; or the chain of script interpreters and binfmt_misc handlers
 *     is more than five levels deep.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: filename, or one of its components, is too long.
 *
 * error: ENFILE, System file table full
 *   desc: The system-wide limit on open files was reached while opening the
 *     program.
 *
 * error: ENOENT, File not found
 *   desc: filename is empty, or it or a directory of its path does not exist;
 *     or the interpreter named by a script's "#!" line or by an ELF file's
 *     PT_INTERP does not exist.
 *
 * error: ENOEXEC, Unknown executable format
 *   desc: The file is executable but no binary format recognises it (for
 *     example a text file without a "#!" line, or an ELF file for another
 *     architecture or of an unsupported type), or its "#!" line is malformed.
 *
 * error: ENOMEM, Out of memory
 *   desc: Kernel memory for the new program's credentials, address space or
 *     argument pages could not be allocated.
 *
 * error: ENOTDIR, Not a directory
 *   desc: A component used as a directory in filename is not a directory.
 *
 * error: EPERM, Operation not permitted
 *   desc: The file has file capabilities with the effective bit set that cannot
 *     all be granted (for example because they are outside the bounding set),
 *     or a security module refused the execution.
 *
 * error: ETXTBSY, Text file busy
 *   desc: The program or its interpreter is open for writing by some process.
 *
 * lock: current->signal->cred_guard_mutex
 *   type: mutex
 *   scope: internal
 *   desc: Taken interruptibly before the new credentials are prepared and held
 *     until they are installed, so that ptrace attach cannot race with a
 *     set-user-ID execution.
 *
 * lock: current->signal->exec_update_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing while the old address space is swapped for the new
 *     one, so that readers of another task's mm see either.
 *
 * lock: current->sighand->siglock
 *   type: spinlock
 *   scope: internal
 *   desc: Taken while the other threads are told to exit and while the signal
 *     handlers are reset.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: terminate
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while it counts or copies the argument strings or
 *     waits for other threads to exit; the process then dies, so no error is
 *     seen.
 *   timing: during
 *   restartable: no
 *
 * signal: SIGKILL
 *   direction: send
 *   action: terminate
 *   condition: The process has other threads
 *   desc: Every other thread of the process is killed before the new program
 *     starts; the calling thread takes over the thread group leader's PID.
 *   timing: during
 *
 * signal: SIGSEGV
 *   direction: send
 *   action: coredump
 *   condition: Loading fails after the point of no return
 *   desc: The process sends itself a fatal SIGSEGV (unless a fatal signal is
 *     already pending), since there is no program left to return the error to.
 *   timing: after
 *
 * signal: SIGTRAP
 *   direction: send
 *   action: default
 *   condition: The process is traced with PTRACE_ATTACH or PTRACE_TRACEME and
 *     PTRACE_O_TRACEEXEC is not set
 *   desc: A SIGTRAP is sent to the process after a successful exec, so that the
 *     tracer sees it stop at the new program's start.
 *   timing: after
 *
 * side-effect: process_state | resource_destroy | resource_create
 *   target: address space of the process
 *   desc: The old mappings (with their locks and mlockall() state) are released
 *     and a new address space is built from the program, with the argument and
 *     environment strings on a new stack.
 *   reversible: no
 *
 * side-effect: resource_destroy
 *   target: close-on-exec file descriptors
 *   desc: The descriptor table is unshared if needed and every descriptor with
 *     FD_CLOEXEC is closed.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: signal dispositions, alternate signal stack and POSIX timers
 *   desc: Caught signals are reset to SIG_DFL (ignored ones stay ignored), the
 *     alternate signal stack is cleared and the POSIX timers of the process are
 *     deleted.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: credentials of the process
 *   condition: The file is set-user-ID, set-group-ID or has file capabilities
 *   desc: The effective (and saved) IDs and the capability sets are computed
 *     from the file, unless the mount is nosuid, no_new_privs is set or an
 *     unprivileged tracer prevents it. When the IDs or capabilities change, the
 *     parent-death signal is cleared and the dumpable flag follows
 *     fs.suid_dumpable.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: comm, personality and vfork parent
 *   desc: The task name becomes the file's base name; personality flags that
 *     are unsafe for privileged programs are cleared; a parent waiting in
 *     vfork() is woken.
 *   reversible: no
 *
 * state-trans: process
 *   from: running the old program
 *   to: running the new program
 *   desc: The PID, parent, open descriptors without FD_CLOEXEC, signal mask and
 *     resource limits carry over; memory, threads and handlers do not.
 *
 * constraint: Argument space
 *   desc: The argument and environment strings plus one pointer per string
 *     (argv counted as at least one) must stay below a quarter of RLIMIT_STACK,
 *     capped at 6 MiB and never less than ARG_MAX.
 *   expr: strings_bytes + (max(argc, 1) + envc) * sizeof(void *) <
 *     max(min(RLIMIT_STACK / 4, _STK_LIM / 4 * 3), ARG_MAX)
 *
 * constraint: MAX_ARG_STRLEN
 *   desc: Each argument or environment string, with its NUL, is at most 32
 *     pages long.
 *   expr: strlen(s) + 1 <= MAX_ARG_STRLEN
 *
 * examples: execve("exe", argv, envp);
 *   execve("/bin/sh", (char *[]){"sh", "-c", cmd, NULL}, environ);
 *   execve("badexe", argv, envp);  // ENOEXEC: no binary format knows the file
 *   execve("exe", bigargv, envp);  // E2BIG: an argument longer than MAX_ARG_STRLEN
 *
 * notes: A process started with an empty argv sees argc 1 and an empty
 *   argv[0]. Interval timers (alarm(), setitimer()), record locks on
 *   descriptors that stay open and the nice value carry over; POSIX timers and
 *   memory locks do not. With vfork(), the parent resumes as soon as this call
 *   succeeds. A signal that arrives while the call waits for
 *   cred_guard_mutex makes it restart transparently after the handler, so
 *   execve() never fails with EINTR.
 */
SYSCALL_DEFINE3(execve,
		const char __user *, filename,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp)

/**
 * sys_execveat - Run a new program named relative to a directory descriptor
 * @fd: Directory descriptor for a relative filename, AT_FDCWD, or with
 *   AT_EMPTY_PATH the program itself
 * @filename: Path of the program; empty with AT_EMPTY_PATH
 * @argv: NULL-terminated array of argument strings, or NULL
 * @envp: NULL-terminated array of environment strings, or NULL
 * @flags: 0 or AT_SYMLINK_NOFOLLOW and/or AT_EMPTY_PATH
 *
 * long-desc: Like execve(), with the program named relative to fd in the manner
 *   of openat(): an absolute filename ignores fd, a relative one is resolved
 *   from the directory fd refers to (or from the working directory for
 *   AT_FDCWD). With AT_EMPTY_PATH and an empty filename, the file that fd
 *   refers to is run, which lets a program be run from a descriptor (as
 *   fexecve() does). AT_SYMLINK_NOFOLLOW makes a final symbolic link fail with
 *   ELOOP.
 *
 *   When fd is a real descriptor and filename is relative or empty, the new
 *   program's name is "/dev/fd/N" or "/dev/fd/N/filename". If that descriptor
 *   is close-on-exec, a script cannot be run this way (its interpreter could
 *   not open the path) and the call fails with ENOENT.
 *
 *   Everything else, including the point of no return, is as for execve().
 *
 * contexts: process, sleepable
 *
 * param: fd
 *   type: fd, input
 *   cdesc: AT_FDCWD, a directory descriptor (also O_PATH), or with
 *     AT_EMPTY_PATH and an empty filename a descriptor of the program. Not used
 *     for an absolute filename. A bad descriptor fails with EBADF; a
 *     non-directory with a relative filename fails with ENOTDIR.
 *
 * param: filename
 *   type: path, input
 *   cdesc: A NUL-terminated path of fewer than PATH_MAX bytes. An empty string
 *     is accepted only with AT_EMPTY_PATH; without it it fails with ENOENT.
 *
 * param: argv
 *   type: user_ptr, input, optional
 *   cdesc: As for execve(): a NULL-terminated array of at most MAX_ARG_STRINGS
 *     pointers, each string at most MAX_ARG_STRLEN long; NULL is an empty
 *     array.
 *
 * param: envp
 *   type: user_ptr, input, optional
 *   cdesc: As for execve(); argv and envp strings share the argument space
 *     limit derived from RLIMIT_STACK.
 *
 * param: flags
 *   type: int, input
 *   constraint-type: mask(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)
 *   cdesc: Any other bit fails with EINVAL before the file is looked up (but
 *     after filename has been copied in).
 *
 * return:
 *   type: int
 *   check-type: no_return
 *   desc: The call does not return on success: the new program starts instead.
 *     It returns a negative error code only when it fails before the point of
 *     no return. (No success value is given because there is none.)
 *
 * error: EINVAL, Bad flags or file capabilities
 *   desc: flags has a bit other than AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH, or
 *     the file carries a security.capability attribute that cannot be parsed.
 *
 * error: EBADF, Bad descriptor
 *   desc: filename is relative, or empty with AT_EMPTY_PATH, and fd is neither
 *     AT_FDCWD nor an open descriptor.
 *
 * error: ENOTDIR, Not a directory
 *   desc: filename is relative and fd refers to something other than a
 *     directory, or a component used as a directory in filename is not one.
 *
 * error: ELOOP, Symbolic link or interpreter loop
 *   desc: AT_SYMLINK_NOFOLLOW is set and filename names a symbolic link; too
 *     many symbolic links were met; or script interpreters nest more than five
 *     levels deep.
 *
 * error: ENOENT, File not found
 *   desc: filename is empty without AT_EMPTY_PATH; it or a directory of its
 *     path does not exist; the interpreter of a script or ELF file does not
 *     exist; or a script is run through a close-on-exec descriptor, whose
 *     /dev/fd path the interpreter could not open.
 *
 * error: EACCES, Permission denied
 *   desc: Search permission is missing on a directory of the path; the file is
 *     not executable for the caller; it is not a regular file (for example fd
 *     is a directory and filename is empty with AT_EMPTY_PATH); it is on a
 *     noexec mount; or a security module refused the execution.
 *
 * error: E2BIG, Argument list too long
 *   desc: argv or envp has too many entries, one string is longer than
 *     MAX_ARG_STRLEN, or the strings exceed the argument space limit.
 *
 * error: EAGAIN, Process limit exceeded
 *   desc: A set*uid() call put the process's user over RLIMIT_NPROC and it is
 *     still over the limit.
 *
 * error: EFAULT, Bad address
 *   desc: filename, argv, envp, an array entry or a string cannot be read.
 *
 * error: EIO, I/O error
 *   desc: Reading the start of the file or of an interpreter failed.
 *
 * error: ELIBBAD, Bad ELF interpreter
 *   desc: The ELF interpreter named by the program is not a valid ELF file for
 *     this machine.
 *
 * error: ENAMETOOLONG, Path too long
 *   desc: filename, or one of its components, is too long.
 *
 * error: ENFILE, System file table full
 *   desc: The system-wide limit on open files was reached while opening the
 *     program.
 *
 * error: ENOEXEC, Unknown executable format
 *   desc: No binary format recognises the file, or its "#!" line is malformed.
 *
 * error: ENOMEM, Out of memory
 *   desc: Kernel memory for the new program could not be allocated.
 *
 * error: EPERM, Operation not permitted
 *   desc: File capabilities with the effective bit set cannot all be granted,
 *     or a security module refused the execution.
 *
 * error: ETXTBSY, Text file busy
 *   desc: The program or its interpreter is open for writing.
 *
 * lock: current->signal->cred_guard_mutex
 *   type: mutex
 *   scope: internal
 *   desc: Taken interruptibly while the new credentials are computed and
 *     installed.
 *
 * lock: current->signal->exec_update_lock
 *   type: rwlock
 *   scope: internal
 *   desc: Taken for writing while the address space is replaced.
 *
 * signal: SIGKILL
 *   direction: receive
 *   action: terminate
 *   condition: A fatal signal is pending for the caller
 *   desc: The call gives up while handling the argument strings or waiting for
 *     other threads to exit; the process dies without seeing an error.
 *   timing: during
 *   restartable: no
 *
 * signal: SIGSEGV
 *   direction: send
 *   action: coredump
 *   condition: Loading fails after the point of no return
 *   desc: The process is killed with SIGSEGV, because the error cannot be
 *     returned to a program that no longer exists.
 *   timing: after
 *
 * side-effect: process_state | resource_destroy | resource_create
 *   target: address space, threads and close-on-exec descriptors
 *   desc: As for execve(): the old image, the other threads and the FD_CLOEXEC
 *     descriptors go away and the new program is loaded.
 *   reversible: no
 *
 * side-effect: modify_state
 *   target: signal dispositions, credentials and comm
 *   desc: As for execve(). With AT_EMPTY_PATH the task name is taken from the
 *     name of the file fd refers to.
 *   reversible: no
 *
 * state-trans: process
 *   from: running the old program
 *   to: running the program named by fd and filename
 *   desc: Same carry-over rules as execve().
 *
 * constraint: Argument space
 *   desc: The strings of argv and envp plus their pointers must stay below the
 *     limit derived from RLIMIT_STACK (at least ARG_MAX).
 *   expr: strings_bytes + (max(argc, 1) + envc) * sizeof(void *) <
 *     max(min(RLIMIT_STACK / 4, _STK_LIM / 4 * 3), ARG_MAX)
 *
 * examples: execveat(AT_FDCWD, "exe", argv, envp, 0);
 *   execveat(exefd, "", argv, envp, AT_EMPTY_PATH);  // run an open file
 *   execveat(dirfd, "inner", argv, envp, AT_SYMLINK_NOFOLLOW);  // EACCES: not executable
 *   execveat(AT_FDCWD, "exe", bigargv, envp, 0);  // E2BIG: an argument longer than MAX_ARG_STRLEN
 *
 * notes: fexecve() in the C library is built on this call with AT_EMPTY_PATH.
 *   Running a file through a descriptor works even when the file is no
 *   longer reachable by name.
 */
SYSCALL_DEFINE5(execveat,
		int, fd, const char __user *, filename,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp,
		int, flags)
