/* café */ //~ invalid-utf8
/**
 * sys_latin - Latin-1 bytes in a spec file
 * contexts: process
 * long-desc: The bytes of this file are not UTF-8.
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *
 * error: EINVAL, never
 *   desc: Never returned.
 */
SYSCALL_DEFINE0(latin)
