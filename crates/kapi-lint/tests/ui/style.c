/**
 * sys_style - Constructs that consumers disagree on
 *
 * contexts: process
 *
 * return:
 *   type: int
 *   check-type: exact
 *   success: 0
 *
 * error: EINTR, Interrupted
 *
 * since-version: 2.6 //~ since-version
 *
 * lock: mm->mmap_lock //~ lock-scope-ambiguous
 *   type: rwlock
 *   acquired: true
 *   released: true
 *
 * signal: FATAL //~ signal-not-signal
 *   direction: receive
 *   action: KAPI_SIGNAL_ACTION_RETURN //~ mixed-dialect
 *   errno: -EINTR
 *
 * side-effect: modify_state //~ side-effect-no-target
 *   desc: Changes something.
 */
SYSCALL_DEFINE0(style)

/**
 * sys_flat - The RFC v3 flat dialect
 * context-flags: KAPI_CTX_PROCESS
 * return-type: KAPI_TYPE_INT //~ obsolete-dialect
 * return-check-type: KAPI_RETURN_EXACT
 * return-success: 0
 * error-code: -EINVAL, EINVAL, Bad call,
 *   The call is bad.
 */
SYSCALL_DEFINE0(flat)
