//! The 27 cases of the upstream KUnit suite "kapi" (`kernel/api/kapi_kunit.c`),
//! one test each, with the same names and the same assertions, run against
//! kapi's registry, checks and specs-json export.
//!
//! The C functions take pointers that may be NULL; Rust references cannot
//! be, so the few shims below take an `Option` where the C API takes a
//! pointer, and map `None` the way the kernel maps NULL.

use kapi_check::{check_arg, check_return, Registry};
use kapi_model::enums::*;
use kapi_model::*;

fn errno(name: &str) -> i32 {
    tables::errno(name).expect("a known errno")
}

/// `init_test_spec()`: a zeroed spec with a name and a description.
fn test_spec(name: &str) -> Spec {
    Spec { name: name.into(), description: Some(Text::new("Test API", Loc::default())), ..Spec::default() }
}

/// `kapi_register_spec()`: NULL is -EINVAL.
fn register_spec<'a>(reg: &mut Registry<'a>, spec: Option<&'a Spec>) -> i32 {
    match spec.map(|s| reg.register(s)) {
        None => -errno("EINVAL"),
        Some(Ok(())) => 0,
        Some(Err(e)) => e,
    }
}

/// `kapi_get_spec()`: a NULL name finds nothing.
fn get_spec<'a>(reg: &Registry<'a>, name: Option<&str>) -> Option<&'a Spec> {
    name.and_then(|n| reg.get(n))
}

/// `kapi_export_json()`: NULL spec, NULL buffer (an empty slice here: Rust
/// slices are never NULL) or size 0 is -EINVAL; otherwise the specs-json
/// text, cut to `buf.len() - 1` bytes and NUL-terminated as `scnprintf()`
/// does, and the number of bytes written before the NUL.
fn export_json(spec: Option<&Spec>, buf: &mut [u8]) -> Result<usize, i32> {
    let Some(spec) = spec else { return Err(-errno("EINVAL")) };
    if buf.is_empty() {
        return Err(-errno("EINVAL"));
    }
    let text = kapi_render::debugfs::json(spec);
    let n = text.len().min(buf.len() - 1);
    buf[..n].copy_from_slice(&text.as_bytes()[..n]);
    buf[n] = 0;
    Ok(n)
}

/// A bare `struct kapi_param_spec` with a name and a constraint type.
fn param(name: &str, kind: ConstraintKind) -> Param {
    Param { name: name.into(), constraint_kind: Some(Token::known(kind)), ..Param::default() }
}

/// `kapi_validate_param()`: the value is an `s64`.
fn validate_param(p: &Param, value: i64) -> bool {
    check_arg(p, value as u64).is_none()
}

/// A spec whose return spec has `check` (`return_magic` set).
fn return_spec(name: &str, check: ReturnCheck) -> Spec {
    let ret = ReturnSpec { check: Some(Token::known(check)), ..ReturnSpec::default() };
    Spec { name: name.into(), ret: Some(ret), ..Spec::default() }
}

/// `kapi_validate_return_value()` is what the exit tracepoint prints.
fn validate_return_value(spec: &Spec, ret: i64) -> bool {
    check_return(spec, ret).spec_match
}

fn with_enoent(mut spec: Spec) -> Spec {
    spec.errors.push(ErrorSpec { name: "ENOENT".into(), code: Some(-errno("ENOENT")), ..ErrorSpec::default() });
    spec
}

#[test]
fn test_register_valid() {
    let spec = test_spec("test_register_valid");
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, Some(&spec)), 0);
    reg.unregister("test_register_valid");
}

#[test]
fn test_lookup_registered() {
    let spec = test_spec("test_lookup_func");
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, Some(&spec)), 0);
    let found = get_spec(&reg, Some("test_lookup_func"));
    assert!(found.is_some_and(|f| std::ptr::eq(f, &spec)));
    reg.unregister("test_lookup_func");
}

#[test]
fn test_double_register() {
    let spec = test_spec("test_double_reg");
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, Some(&spec)), 0);
    assert_eq!(register_spec(&mut reg, Some(&spec)), -errno("EEXIST"));
    reg.unregister("test_double_reg");
}

#[test]
fn test_unregister() {
    let spec = test_spec("test_unreg_func");
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, Some(&spec)), 0);
    reg.unregister("test_unreg_func");
    assert!(get_spec(&reg, Some("test_unreg_func")).is_none());
}

#[test]
fn test_get_spec_null() {
    let bundled: Vec<Spec> = kapi_source::bundled().specs.into_iter().map(|p| p.spec).collect();
    let reg = Registry::with_builtin(&bundled);
    assert!(get_spec(&reg, None).is_none());
    // The nearest Rust call: an empty name, which nothing can be registered under.
    assert!(reg.get("").is_none());
}

#[test]
fn test_register_null() {
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, None), -errno("EINVAL"));
}

#[test]
fn test_register_empty_name() {
    // name[0] == '\0', as kzalloc leaves it.
    let spec = Spec::default();
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, Some(&spec)), -errno("EINVAL"));
    assert_eq!(reg.register(&spec), Err(-errno("EINVAL")));
}

#[test]
fn test_constraint_range_valid() {
    let mut p = param("test_param", ConstraintKind::Range);
    p.min = Some(Value::literal(0));
    p.max = Some(Value::literal(100));
    assert!(validate_param(&p, 0));
    assert!(validate_param(&p, 50));
    assert!(validate_param(&p, 100));
}

#[test]
fn test_constraint_range_invalid() {
    let mut p = param("test_param", ConstraintKind::Range);
    p.min = Some(Value::literal(0));
    p.max = Some(Value::literal(100));
    assert!(!validate_param(&p, -1));
    assert!(!validate_param(&p, 101));
}

#[test]
fn test_constraint_mask_valid() {
    let mut p = param("test_flags", ConstraintKind::Mask);
    p.mask = Some(Value::literal(0xFF));
    assert!(validate_param(&p, 0x00));
    assert!(validate_param(&p, 0x0F));
    assert!(validate_param(&p, 0xFF));
}

#[test]
fn test_constraint_mask_invalid() {
    let mut p = param("test_flags", ConstraintKind::Mask);
    p.mask = Some(Value::literal(0xFF));
    assert!(!validate_param(&p, 0x100));
    assert!(!validate_param(&p, 0x1FF));
}

#[test]
fn test_constraint_power_of_two() {
    let p = param("test_pot", ConstraintKind::PowerOfTwo);
    for v in [1, 2, 4, 8] {
        assert!(validate_param(&p, v), "{v}");
    }
    for v in [0, 3, 5] {
        assert!(!validate_param(&p, v), "{v}");
    }
}

#[test]
fn test_constraint_page_aligned() {
    let p = param("test_page", ConstraintKind::PageAligned);
    let page = tables::constant("PAGE_SIZE").expect("PAGE_SIZE") as i64;
    assert!(validate_param(&p, 0));
    assert!(validate_param(&p, page));
    assert!(validate_param(&p, 2 * page));
    assert!(!validate_param(&p, 1));
    assert!(!validate_param(&p, page - 1));
}

#[test]
fn test_constraint_nonzero() {
    let p = param("test_nz", ConstraintKind::Nonzero);
    assert!(!validate_param(&p, 0));
    assert!(validate_param(&p, 1));
    assert!(validate_param(&p, -1));
}

#[test]
fn test_return_validation() {
    let mut spec = return_spec("test_ret", ReturnCheck::Exact);
    if let Some(r) = &mut spec.ret {
        r.success = Some(Success { raw: "0".into(), loc: Loc::default(), op: CmpOp::Eq, value: Value::literal(0) });
    }
    assert!(validate_return_value(&spec, 0));
    assert_eq!(check_return(&spec, 0).violation, None);
}

#[test]
fn test_return_known_error() {
    let spec = with_enoent(return_spec("test_ret_err", ReturnCheck::Fd));
    // -ENOENT is in the error list, so it's valid.
    let r = check_return(&spec, -i64::from(errno("ENOENT")));
    assert!(r.spec_match);
    assert_eq!(r.undocumented_errno, None);
}

#[test]
fn test_return_unknown_error() {
    let spec = with_enoent(return_spec("test_ret_unk", ReturnCheck::Fd));
    // -EPERM is not listed; upstream accepts it, and kapi reports it.
    let r = check_return(&spec, -i64::from(errno("EPERM")));
    assert!(r.spec_match);
    assert_eq!(r.undocumented_errno, Some(errno("EPERM")));
}

#[test]
fn test_constraint_alignment() {
    let mut p = param("test_align", ConstraintKind::Alignment);
    p.alignment = Some(Value::literal(8));
    for v in [0, 8, 16] {
        assert!(validate_param(&p, v), "{v}");
    }
    for v in [1, 7] {
        assert!(!validate_param(&p, v), "{v}");
    }
}

#[test]
fn test_fd_int_overflow() {
    let mut p = param("test_fd", ConstraintKind::None);
    p.kind = Some(Token::known(ParamType::Fd));
    // 0x100000003 would truncate to 3 as an int.
    assert!(!validate_param(&p, 0x1_0000_0003));
}

#[test]
fn test_constraint_enum() {
    let mut p = param("test_enum", ConstraintKind::Enum);
    p.enum_values = [1, 5, 10].into_iter().map(Value::literal).collect();
    for v in [1, 5, 10] {
        assert!(validate_param(&p, v), "{v}");
    }
    for v in [0, 3, 11] {
        assert!(!validate_param(&p, v), "{v}");
    }
}

#[test]
fn test_constraint_buffer() {
    let p = param("test_buf", ConstraintKind::Buffer);
    assert!(validate_param(&p, 0));
    assert!(validate_param(&p, 4096));
}

#[test]
fn test_return_range() {
    let mut spec = return_spec("test_ret_range", ReturnCheck::Range);
    if let Some(r) = &mut spec.ret {
        r.success_min = Some(Value::literal(0));
        r.success_max = Some(Value::literal(100));
    }
    for v in [0, 50, 100] {
        assert!(validate_return_value(&spec, v), "{v}");
        assert_eq!(check_return(&spec, v).violation, None);
    }
}

#[test]
fn test_unregister_nonexistent() {
    let mut reg = Registry::new();
    reg.unregister("nonexistent_spec_xyz");
    assert_eq!(reg.iter().count(), 0);
}

#[test]
fn test_multiple_specs() {
    let (spec1, spec2) = (test_spec("multi_spec_1"), test_spec("multi_spec_2"));
    let mut reg = Registry::new();
    assert_eq!(register_spec(&mut reg, Some(&spec1)), 0);
    assert_eq!(register_spec(&mut reg, Some(&spec2)), 0);
    assert!(get_spec(&reg, Some("multi_spec_1")).is_some_and(|f| std::ptr::eq(f, &spec1)));
    assert!(get_spec(&reg, Some("multi_spec_2")).is_some_and(|f| std::ptr::eq(f, &spec2)));
    reg.unregister("multi_spec_1");
    reg.unregister("multi_spec_2");
}

#[test]
fn test_json_export() {
    let mut spec = test_spec("test_json");
    spec.params.push(Param { name: "arg0".into(), ctype: Some("int".into()), ..Param::default() });
    let mut buf = vec![0u8; 4096];
    let ret = export_json(Some(&spec), &mut buf).expect("exported");
    assert!(ret > 1);
    assert_eq!(buf[0], b'{');
    let end = buf[..ret].iter().rposition(|&c| c != b'\n' && c != b' ').expect("non-blank output");
    assert_eq!(buf[end], b'}');
    let text = std::str::from_utf8(&buf[..ret]).expect("UTF-8");
    for key in ["\"name\"", "\"test_json\"", "\"parameters\""] {
        assert!(text.contains(key), "{key} in {text}");
    }
}

#[test]
fn test_json_export_null() {
    let mut buf = [0u8; 64];
    assert_eq!(export_json(None, &mut buf), Err(-errno("EINVAL")));
    let spec = test_spec("test");
    // NULL buffer: the nearest Rust slice is the empty one.
    assert_eq!(export_json(Some(&spec), &mut []), Err(-errno("EINVAL")));
    assert_eq!(export_json(Some(&spec), &mut buf[..0]), Err(-errno("EINVAL")));
}

#[test]
fn test_json_export_small_buffer() {
    let spec = test_spec("test_small");
    let mut buf = [0u8; 64];
    let ret = export_json(Some(&spec), &mut buf).expect("exported");
    // The buffer is too small for the whole text: it is cut, NUL-terminated.
    assert!(ret > 0);
    assert!(ret < buf.len());
    assert_eq!(buf[ret], 0);
    assert!(kapi_render::debugfs::json(&spec).len() > buf.len());
}
