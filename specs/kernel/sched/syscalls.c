/*
 * KAPI spec for sched_setattr (kernel/sched/syscalls.c), written for kapi in
 * the v4 short-token dialect. Facts are from Linux 6.12's
 * kernel/sched/syscalls.c, kernel/sched/deadline.c, kernel/sched/ext.c,
 * security/commoncap.c and include/uapi/linux/sched.h and the
 * sched_setattr(2) man page; the wording is kapi's own.
 */

/**
 * sys_sched_setattr - Set the scheduling policy and parameters of a thread
 * @pid: Thread ID to change; 0 means the calling thread
 * @uattr: struct sched_attr with the new policy and parameters
 * @flags: Reserved; must be 0
 *
 * long-desc: Sets the scheduling policy of one thread together with the
 *   parameters that go with it, all read from a struct sched_attr: the nice
 *   value (and, new in 6.12, a custom time slice in sched_runtime) for
 *   SCHED_NORMAL and SCHED_BATCH, the real-time priority for SCHED_FIFO and
 *   SCHED_RR, runtime, deadline and period for SCHED_DEADLINE, and optional
 *   utilization clamps. SCHED_IDLE and, with CONFIG_SCHED_CLASS_EXT, SCHED_EXT
 *   take no parameters. SCHED_FLAG_KEEP_POLICY keeps the current policy and
 *   SCHED_FLAG_KEEP_PARAMS the current parameters, so that, for example, only
 *   the clamps change.
 *
 *   The structure is versioned by its size field: 0 means the first version (48
 *   bytes); any size from 48 to PAGE_SIZE is accepted as long as bytes beyond
 *   what the kernel knows (56 bytes in 6.12) are zero. When the size is wrong,
 *   the kernel writes the size it supports back into uattr->size and fails with
 *   E2BIG.
 *
 *   Raising priority, choosing a real-time or deadline policy, and changing
 *   another user's threads need CAP_SYS_NICE, unless RLIMIT_NICE or
 *   RLIMIT_RTPRIO allow the change. Asking for the settings the thread already
 *   has succeeds without requeueing it.
 *
 * contexts: process, sleepable
 *
 * param: pid
 *   type: int, input
 *   constraint-type: range(0, INT_MAX)
 *   cdesc: A negative pid fails with EINVAL; a pid with no thread in the
 *     caller's PID namespace fails with ESRCH. 0 is the calling thread.
 *
 * param: uattr
 *   type: user_ptr, inout
 *   cdesc: NULL fails with EINVAL (not EFAULT). The kernel reads size first,
 *     then size bytes (48 when size is 0). It writes only on a size error, when
 *     it stores sizeof(struct sched_attr) (56) into the size field.
 *     sched_policy must be SCHED_NORMAL, SCHED_BATCH, SCHED_IDLE, SCHED_FIFO,
 *     SCHED_RR, SCHED_DEADLINE or SCHED_EXT; sched_flags may hold
 *     SCHED_FLAG_RESET_ON_FORK, SCHED_FLAG_RECLAIM, SCHED_FLAG_DL_OVERRUN,
 *     SCHED_FLAG_KEEP_POLICY, SCHED_FLAG_KEEP_PARAMS, SCHED_FLAG_UTIL_CLAMP_MIN
 *     and SCHED_FLAG_UTIL_CLAMP_MAX (the clamp flags need size >= 56);
 *     sched_priority must be 1 to 99 for SCHED_FIFO and SCHED_RR and 0
 *     otherwise; sched_nice is clamped to -20..19. sched_util_min and
 *     sched_util_max must be 0 to 1024, or -1 to reset the clamp.
 *
 * param: flags
 *   type: uint, input
 *   constraint-type: mask(0)
 *   cdesc: Any bit fails with EINVAL; no flag is defined.
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *   desc: Zero on success; a negative error code otherwise. On error the thread
 *     is left as it was (only uattr->size may have been rewritten).
 *
 * error: EINVAL, Bad argument or attribute
 *   desc: uattr is NULL, pid is negative or flags is not 0; sched_policy is
 *     negative or not a known policy; sched_flags has an unknown bit (or the
 *     kernel-internal SCHED_FLAG_SUGOV); sched_priority is above 99, is 0 for
 *     SCHED_FIFO or SCHED_RR, or is not 0 for another policy; the
 *     SCHED_DEADLINE parameters are inconsistent (deadline 0, runtime below
 *     1024 ns, runtime > deadline, deadline > period when period is set, the
 *     top bit set, or the period outside the sched_deadline_period_min_us and
 *     _max_us sysctls); a clamp flag is set with a size below 56; or a clamp
 *     value is above 1024 (and not -1), or the minimum clamp exceeds the
 *     maximum.
 *
 * error: E2BIG, Bad structure size
 *   desc: uattr->size is neither 0 nor between 48 and PAGE_SIZE, or it is
 *     larger than the kernel's structure (56 bytes) and a byte beyond that is
 *     not zero. The kernel's size is written back to uattr->size first.
 *
 * error: EFAULT, Structure not readable
 *   desc: uattr points to memory that cannot be read for the given size.
 *
 * error: ESRCH, No such thread
 *   desc: No thread with ID pid exists in the caller's PID namespace.
 *
 * error: EPERM, Not permitted
 *   desc: Without CAP_SYS_NICE: the new nice value is lower than the current
 *     one and than the thread's RLIMIT_NICE allows; a real-time policy is asked
 *     while the thread's RLIMIT_RTPRIO is 0, or a real-time priority above both
 *     the current one and RLIMIT_RTPRIO; SCHED_DEADLINE is asked at all; the
 *     thread leaves SCHED_IDLE and RLIMIT_NICE would not allow its nice value;
 *     the thread belongs to another user (neither its real nor effective UID
 *     equals the caller's effective UID); the reset-on-fork flag would be
 *     cleared; or the thread has permitted capabilities the caller lacks. Even
 *     with CAP_SYS_NICE it fails when SCHED_DEADLINE is asked for a thread
 *     whose CPU affinity does not cover its whole root domain, or deadline
 *     bandwidth is disabled; with CONFIG_RT_GROUP_SCHED, when a real-time
 *     policy is asked for a thread whose group has no real-time runtime; and
 *     when a security module refuses.
 *
 * error: EBUSY, Deadline admission failed
 *   desc: The SCHED_DEADLINE bandwidth asked (runtime / period) does not fit in
 *     what is left on the thread's CPUs.
 *
 * error: EACCES, Policy refused
 *   desc: SCHED_EXT is asked for a thread that the loaded BPF scheduler has
 *     excluded, or a security module refused the change.
 *
 * error: EOPNOTSUPP, Utilization clamping not built in
 *   desc: A clamp flag is set and the kernel was built without
 *     CONFIG_UCLAMP_TASK.
 *
 * lock: p->pi_lock and rq->__lock
 *   type: spinlock
 *   scope: internal
 *   desc: task_rq_lock() holds both, with interrupts off, while the policy is
 *     rechecked and the thread is dequeued, changed and requeued.
 *
 * lock: cpuset_mutex
 *   type: mutex
 *   scope: internal
 *   desc: Taken (not interruptibly) when the old or new policy is
 *     SCHED_DEADLINE, so that the root domain cannot change during admission
 *     control.
 *
 * side-effect: modify_state | schedule
 *   target: scheduling policy, priority and parameters of the thread
 *   desc: The thread's policy, static and normal priority, deadline parameters,
 *     time slice, clamps and reset-on-fork flag are replaced; it is moved to
 *     the new scheduling class and requeued, which may preempt the running
 *     thread or trigger rebalancing. Priority inheritance chains it is part of
 *     are adjusted.
 *   reversible: yes
 *
 * side-effect: modify_state
 *   target: timer slack of the thread
 *   condition: The thread moves into or out of a real-time or deadline policy
 *   desc: Real-time and deadline threads get a timer slack of 0; the default
 *     slack comes back when they leave.
 *   reversible: yes
 *
 * state-trans: scheduling class of the thread
 *   from: current policy
 *   to: sched_policy from uattr
 *   desc: The thread is scheduled by the new class from its next scheduling
 *     decision on; with SCHED_FLAG_RESET_ON_FORK its children start as
 *     SCHED_NORMAL.
 *
 * capability: CAP_SYS_NICE
 *   type: bypass_check
 *   allows: Raise priority beyond RLIMIT_NICE and RLIMIT_RTPRIO, use
 *     SCHED_DEADLINE, change other users' threads and clear the reset-on-fork
 *     flag
 *   without: Those requests fail with EPERM
 *   condition: Checked only when the request needs more than the rlimits allow
 *
 * constraint: RLIMIT_RTPRIO
 *   desc: Without CAP_SYS_NICE a real-time priority may only be raised up to
 *     RLIMIT_RTPRIO, and a real-time policy may only be entered when it is not 0.
 *   expr: !rt_policy || capable(CAP_SYS_NICE) || (RLIMIT_RTPRIO > 0 &&
 *     (sched_priority <= current_rt_priority || sched_priority <=
 *     RLIMIT_RTPRIO))
 *
 * constraint: RLIMIT_NICE
 *   desc: Without CAP_SYS_NICE the nice value may only be lowered to 20 -
 *     RLIMIT_NICE.
 *   expr: sched_nice >= current_nice || sched_nice >= 20 - RLIMIT_NICE ||
 *     capable(CAP_SYS_NICE)
 *
 * examples: sched_setattr(0, attr, 0);
 *   sched_setattr(tid, &dl, 0);   // SCHED_DEADLINE: runtime 10 ms every 100 ms
 *   sched_setattr(0, &clamp, 0);  // only clamps: KEEP_POLICY | KEEP_PARAMS
 *
 * notes: glibc has a wrapper only since 2.41; older programs call it through
 *   syscall(). A thread in SCHED_DEADLINE cannot fork unless it has
 *   SCHED_FLAG_RESET_ON_FORK. sched_getattr() reads the settings back.
 */
SYSCALL_DEFINE3(sched_setattr, pid_t, pid, struct sched_attr __user *, uattr,
			       unsigned int, flags)
