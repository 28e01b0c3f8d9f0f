/**
 * sys_params - Params that do not match the prototype
 * @a: First
 * @b: Second
 *
 * contexts: process
 * param-count: 3 //~ param-count-mismatch
 *
 * param: a
 *   type: int, input
 *
 * param: c //~ param-not-in-prototype
 *   type: int, input
 *
 * param: a //~ duplicate-param
 *   flags: input
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *
 * error: EINVAL, Bad argument
 */
SYSCALL_DEFINE2(params, int, a, int, b) //~ missing-param-block
