/** //~ missing-description missing-contexts missing-return
 * sys_bare
 * long-desc: Nothing else is said.
 * error: EINVAL, Bad
 */
SYSCALL_DEFINE0(bare)

/**
 * sys_noerr - Returns but lists no errors
 * long-desc: Does nothing that can fail, it says.
 * contexts: process
 * return: //~ missing-errors
 *   type: int
 *   check-type: exact
 *   success: 0
 */
SYSCALL_DEFINE0(noerr)

/**
 * sys_other - Names another function //~ name-mismatch
 * contexts: process
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 * error: EINVAL, Bad
 */
SYSCALL_DEFINE0(actual)

/**
 * sys_stray - Text after return
 * contexts: process
 * return: the result //~ stray-text
 *   type: int
 *   check-type: exact
 *   success: 0
 * error: EINVAL, Bad
 * lock-acquired: true //~ orphan-key obsolete-dialect
 */
SYSCALL_DEFINE0(stray)

/** //~ no-definition
 * sys_nodef - Has no definition after it
 * contexts: process
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 * error: EINVAL, Bad
 */

struct not_a_function { int x; };

/** //~ unterminated-comment no-definition
 * sys_open_ended - Never closed
 * contexts: process
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 * error: EINVAL, Bad
