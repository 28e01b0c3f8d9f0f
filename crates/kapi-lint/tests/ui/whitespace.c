/**
 * sys_ws - Odd whitespace
 * @fd: fd
 *
 * contexts: process
 * param: fd
 *  type: fd, input //~ odd-whitespace
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 * error: EBADF, Bad fd
 */
SYSCALL_DEFINE1(ws, int, fd)
