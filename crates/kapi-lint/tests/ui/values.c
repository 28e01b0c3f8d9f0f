/**
 * sys_vals - Values that do not parse
 * @a: A
 * @b: B
 * @c: C
 *
 * contexts: process
 *
 * param: a
 *   type: int, input
 *   type: uint, input //~ duplicate-key
 *   constraint-type: range(10, 1) //~ bad-range
 *
 * param: b
 *   type: KAPI_TYPE_ULONG //~ unknown-token
 *   constraint-type: range(0) //~ bad-value
 *   flags:  //~ missing-value
 *
 * param: c
 *   type: uint, input
 *   constraint-type: mask(O_RDONLY | (O_CREAT) //~ unbalanced-parens
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *
 * error: EINVAL, Bad values
 *
 * capability: CAP_SYSADMIN //~ unknown-capability
 *   type: bypass_check
 *
 * side-efect: alloc_memory //~ unknown-key
 */
SYSCALL_DEFINE3(vals, int, a, unsigned long, b, unsigned int, c)
