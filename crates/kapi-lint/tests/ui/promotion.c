/**
 * sys_promo - Sub-keys kernel-doc promotes
 * @fd: The fd
 *
 * contexts: process
 *
 * param: fd
 *   type: fd, input
 *   constraint: Must be open //~ kerneldoc-promotion
 *
 * return:
 *   type: int
 *
 *   check-type: exact //~^ return-blank-line
 *   success: 0
 *
 * error: EBADF, Bad fd
 *   desc: fd is not open.
 *     Note: closed fds count too. //~ kerneldoc-promotion
 *
 * error: EINTR, Interrupted
 *
 * signal: SIGINT
 *   direction: receive
 *   error: -EINTR //~ kerneldoc-promotion
 */
SYSCALL_DEFINE1(promo, int, fd)
