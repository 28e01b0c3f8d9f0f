//! One test per dialect feature.

use kapi_model::enums::*;
use kapi_model::*;
use kapi_syntax::parse_text;

fn one(text: &str) -> (Spec, Vec<Diagnostic>) {
    let out = parse_text("t.c", text);
    assert_eq!(out.specs.len(), 1, "{:#?}", out.diags);
    (out.specs[0].spec.clone(), out.diags)
}

#[test]
fn short_token_dsl() {
    let (s, d) = one(
        "/**\n * sys_read - read\n * @fd: f\n * @buf: b\n * @count: c\n *\n * contexts: process, sleepable\n *\n * param: fd\n *   type: fd, input\n *   constraint-type: range(0, INT_MAX)\n *\n * param: buf\n *   type: user_ptr, output\n *   constraint-type: buffer(2)\n *\n * param: count\n *   type: uint, input\n *   constraint-type: range(0,\n *                          SIZE_MAX)\n *\n * return:\n *   type: int\n *   check-type: range\n *   success: >= 0\n *\n * error: EBADF, Bad file descriptor\n *   desc: fd is bad.\n *\n * signal: Any signal\n *   direction: receive\n *   action: return\n *   errno: -EINTR\n *   timing: during\n *   restartable: yes\n */\nSYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)\n",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(s.dialect, Some(Dialect::ShortToken));
    assert_eq!(s.param("buf").unwrap().size_param.as_ref().unwrap().resolved, Some(2));
    assert_eq!(s.param("count").unwrap().max.as_ref().unwrap().raw, "SIZE_MAX");
    assert_eq!(s.param("count").unwrap().max.as_ref().unwrap().resolved, Some(u64::MAX as i128));
    assert_eq!(s.param("buf").unwrap().flags.as_ref().unwrap().bits(), 2);
    let r = s.ret.unwrap();
    assert_eq!(r.success.as_ref().unwrap().op, CmpOp::Ge);
    assert_eq!(s.signals[0].errno.as_ref().unwrap().code, Some(-4));
    assert_eq!(s.params[0].ctype.as_deref(), Some("unsigned int fd"));
}

#[test]
fn long_token_nested_form() {
    let (s, d) = one(
        "/**\n * sys_close - close\n * @fd: f\n *\n * context-flags: KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE\n *\n * param: fd\n *   type: KAPI_TYPE_FD\n *   flags: KAPI_PARAM_IN\n *   constraint-type: KAPI_CONSTRAINT_RANGE\n *   range: 0, INT_MAX\n *   constraint: Must be open.\n *\n * error: EBADF, Bad fd\n *   desc: Not open.\n *\n * lock: files->file_lock\n *   type: KAPI_LOCK_SPINLOCK\n *   acquired: true\n *   released: true\n *   desc: Held briefly.\n *\n * side-effect: KAPI_EFFECT_RESOURCE_DESTROY | KAPI_EFFECT_FREE_MEMORY\n *   target: fd table\n *   reversible: no\n */\nSYSCALL_DEFINE1(close, unsigned int, fd)\n",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(s.dialect, Some(Dialect::NestedLong));
    assert_eq!(s.locks[0].kind.as_ref().unwrap().value, Some(LockType::Spinlock));
    assert_eq!(s.locks[0].effective_scope(), LockScope::Internal);
    assert_eq!(s.side_effects[0].kinds.bits(), (1 << 8) | 2);
    assert_eq!(s.params[0].constraint_text[0].text, "Must be open.");
}

#[test]
fn rfc_v4_typed_heads_and_one_line_capability() {
    let (s, _) = one(
        "/**\n * sys_mlock - Lock\n *\n * context-flags: KAPI_CTX_PROCESS\n * param: start, KAPI_TYPE_UINT\n *   flags: KAPI_PARAM_IN\n * lock: mmap_lock, KAPI_LOCK_RWLOCK\n *   acquired: true\n * capability: CAP_IPC_LOCK, KAPI_CAP_BYPASS_CHECK, CAP_IPC_LOCK capability\n *   priority: 0\n */\nSYSCALL_DEFINE1(mlock, unsigned long, start)\n",
    );
    assert_eq!(s.dialect, Some(Dialect::NestedTypedHeads));
    assert_eq!(s.params.len(), 1);
    assert_eq!(s.params[0].name, "start");
    assert_eq!(s.params[0].kind.as_ref().unwrap().value, Some(ParamType::Uint));
    assert_eq!(s.locks[0].name, "mmap_lock");
    assert_eq!(s.locks[0].effective_scope(), LockScope::Acquires);
    assert_eq!(s.capabilities[0].name.as_ref().unwrap().text, "CAP_IPC_LOCK capability");
}

#[test]
fn rfc_v3_flat_keys() {
    let (s, d) = one(
        "/**\n * sys_mlock - Lock\n * context-flags: KAPI_CTX_PROCESS\n * param-type: len, KAPI_TYPE_UINT\n * param-range: len, 0, LONG_MAX\n * error-code: -ENOMEM, ENOMEM, Address range issue,\n *   Some of the range is not mapped.\n * lock: mmap_lock, KAPI_LOCK_RWLOCK\n * lock-acquired: true\n * side-effect: KAPI_EFFECT_MODIFY_STATE, mm->locked_vm, Increases the counter, with commas, reversible=yes\n * state-trans: memory pages, swappable, locked in RAM, Pages pinned, for good\n * constraint: RLIMIT, The limit, in bytes.\n * constraint-expr: RLIMIT, locked <= limit\n */\nSYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)\n",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(s.dialect, Some(Dialect::Flat));
    let len = s.param("len").unwrap();
    assert_eq!(len.max.as_ref().unwrap().resolved, Some(i64::MAX as i128));
    let e = &s.errors[0];
    assert_eq!((e.name.as_str(), e.code), ("ENOMEM", Some(-12)));
    assert_eq!(e.summary.as_ref().unwrap().text, "Address range issue");
    assert_eq!(e.desc.as_ref().unwrap().text, "Some of the range is not mapped.");
    assert!(s.locks[0].acquired.as_ref().unwrap().is_yes());
    let se = &s.side_effects[0];
    assert_eq!(se.desc.as_ref().unwrap().text, "Increases the counter, with commas");
    assert!(se.reversible.as_ref().unwrap().is_yes());
    assert_eq!(s.state_transitions[0].desc.as_ref().unwrap().text, "Pages pinned, for good");
    assert_eq!(s.constraints[0].desc.as_ref().unwrap().text, "The limit, in bytes.");
    assert_eq!(s.constraints[0].expr.as_ref().unwrap().text, "locked <= limit");
    // start has no block but comes from the prototype.
    assert!(!s.param("start").unwrap().has_block);
}

#[test]
fn prose_with_colons_is_not_a_key() {
    let (s, d) = one(
        "/**\n * sys_close - close\n *\n * long-desc: Closes it. Cleanup\n *   includes: fsnotify, epoll.\n *\n *   CRITICAL: always closed.\n * contexts: process\n * return:\n *   type: int\n *   desc: Zero.\n *     IMPORTANT: closed anyway.\n * error: EBADF, Bad fd\n */\nSYSCALL_DEFINE1(close, unsigned int, fd)\n",
    );
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(s.long_desc.unwrap().text, "Closes it. Cleanup includes: fsnotify, epoll.\n\nCRITICAL: always closed.");
    assert_eq!(s.ret.unwrap().desc.unwrap().text, "Zero. IMPORTANT: closed anyway.");
    assert!(s.extra.is_empty());
}

#[test]
fn v4_arch_mask_and_struct_blocks() {
    let (s, d) = one(
        "/**\n * sys_x - x\n *\n * contexts: process\n * param: flags\n *   type: uint, input\n *   constraint-type: mask(O_RDONLY | O_CREAT)\n *   arch-mask: x86 = 0x1000\n *   arch-mask: vax = 1\n * struct: struct sched_attr\n *   size: 120\n *   field: size\n *     type: __u32\n *     range: 48, 512\n *   field: sched_policy\n *     enum: SCHED_NORMAL(0), SCHED_FIFO(1)\n * error: EINVAL, Bad\n */\nSYSCALL_DEFINE1(x, unsigned int, flags)\n",
    );
    let p = s.param("flags").unwrap();
    assert_eq!(p.mask.as_ref().unwrap().resolved, Some(0o100));
    assert_eq!(p.arch_masks.len(), 2);
    assert_eq!(p.arch_masks[0].value.resolved, Some(0x1000));
    assert!(d.iter().any(|d| d.code == "unknown-token" && d.message.contains("vax")));
    let st = &s.structs[0];
    assert_eq!(st.fields.len(), 2);
    assert_eq!(st.fields[0].max.as_ref().unwrap().resolved, Some(512));
    assert_eq!(st.fields[1].enum_values[1].0, "SCHED_FIFO");
}

#[test]
fn compat_syscalls_keep_their_own_name() {
    let (s, _) = one(
        "/**\n * compat_sys_open - open\n * contexts: process\n * param: flags\n *   type: int\n */\nCOMPAT_SYSCALL_DEFINE3(open, const char __user *, filename, int, flags,\n\t\t       umode_t, mode)\n",
    );
    assert_eq!(s.name, "compat_sys_open");
    assert_eq!(s.api_kind(), ApiKind::Syscall);
    assert_eq!(s.params.len(), 3);
    assert_eq!(s.params[1].index, 1);
}

#[test]
fn functions_and_ioctl_handlers() {
    let (s, _) = one(
        "/**\n * kapi_init - set up\n * long-desc: Sets things up.\n * contexts: process\n */\nstatic int __init\nkapi_init(void)\n{\n",
    );
    assert_eq!(s.name, "kapi_init");
    assert_eq!(s.api_kind(), ApiKind::Function);
    let (s, _) = one(
        "/**\n * binder_ioctl - ioctl\n * long-desc: Dispatch.\n * contexts: process\n */\nstatic long binder_ioctl(struct file *filp, unsigned int cmd,\n\t\t\t unsigned long arg)\n{\n",
    );
    assert_eq!(s.api_kind(), ApiKind::Ioctl);
    assert_eq!(s.params[2].ctype.as_deref(), Some("unsigned long arg"));
}

#[test]
fn ordinary_kerneldoc_is_not_a_spec() {
    let t = "/**\n * foo_lock - take the lock\n * @lock: the lock\n *\n * Context: process.\n * Return: 0 on success.\n */\nint foo_lock(struct foo *lock)\n{\n}\n/**\n * struct bar - a bar\n * lock: protects x\n * error: last error\n */\nstruct bar { int x; };\n/**\n * qspin - x\n * contexts: task, softirq, hardirq, nmi.\n */\n";
    let out = parse_text("k.c", t);
    assert!(out.specs.is_empty(), "{:#?}", out.specs);
    assert!(out.diags.is_empty());
}

#[test]
fn lost_indentation_is_recovered_and_reported() {
    let (s, d) = one(
        "/**\n * sys_x - x\n *\n * contexts: process\n *\n * param: a, KAPI_TYPE_UINT\n * flags: KAPI_PARAM_IN\n * constraint: Rounded down\n *\n * constraint: Global\n * desc: A real top-level item.\n *\n * signal: FATAL\n * desc: Long text\n * more text\n * error: -EINTR\n * timing: KAPI_SIGNAL_TIME_DURING\n */\nSYSCALL_DEFINE1(x, unsigned long, a)\n",
    );
    assert_eq!(s.params[0].constraint_text.len(), 1);
    assert_eq!(s.constraints.len(), 1, "after a blank line, `constraint:` opens a new item");
    assert_eq!(s.signals[0].desc.as_ref().unwrap().text, "Long text more text");
    assert_eq!(s.signals[0].errno.as_ref().unwrap().code, Some(-4));
    assert!(s.errors.is_empty(), "no error item is made from the signal's errno line");
    let c: Vec<_> = d.iter().map(|d| d.code).collect();
    assert!(c.contains(&"indentation-recovered"));
    assert_eq!(c.iter().filter(|c| **c == "ambiguous-indentation").count(), 2);
}
