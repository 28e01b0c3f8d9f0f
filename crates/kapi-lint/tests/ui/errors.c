/**
 * sys_errs - Error lists with problems
 *
 * contexts: process
 *
 * return:
 *   type: int
 *   check-type: error_check
 *   success: 0
 *   error-values: -EFAULT //~ errno-not-listed
 *
 * error: EPERM, Not permitted
 * error: EPERM, Locked down //~ duplicate-error
 * error: EAGAIN, Would block
 * error: EWOULDBLOCK, Would block //~ errno-alias
 * error: ERESTARTSYS, Restart //~ internal-errno
 * error: EINVAL //~ error-no-summary
 * error: ENOTANERRNO, Made up //~ unknown-errno
 *
 * signal: SIGINT
 *   direction: receive
 *   errno: -EINTR //~ errno-not-listed
 */
SYSCALL_DEFINE0(errs)
