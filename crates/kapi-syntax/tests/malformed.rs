//! Malformed inputs get diagnostics with file:line:col, never a panic.

use kapi_model::{Diagnostic, Severity};
use kapi_syntax::{parse_bytes, parse_text};

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

const GOOD_HEAD: &str = "/**\n * sys_foo - do foo\n * @fd: the fd\n *\n * contexts: process, sleepable\n * param: fd\n *   type: fd, input\n";

#[test]
fn missing_values_are_reported() {
    let t = format!(
        "{GOOD_HEAD} *   constraint-type:\n * error: EBADF, Bad fd\n *   desc:\n */\nSYSCALL_DEFINE1(foo, int, fd)\n"
    );
    let out = parse_text("m.c", &t);
    let missing: Vec<_> = out.diags.iter().filter(|d| d.code == "missing-value").collect();
    assert_eq!(missing.len(), 2, "{:#?}", out.diags);
    assert_eq!(missing[0].loc.line, 8);
    assert_eq!(missing[0].loc.col, 6);
    assert_eq!(missing[0].file, "m.c");
}

#[test]
fn unknown_keys_are_kept_and_reported_with_a_suggestion() {
    let t = format!("{GOOD_HEAD} * side-efect: alloc_memory\n */\nSYSCALL_DEFINE1(foo, int, fd)\n");
    let out = parse_text("m.c", &t);
    let d = out.diags.iter().find(|d| d.code == "unknown-key").expect("reported");
    assert_eq!((d.loc.line, d.loc.col), (8, 4));
    assert_eq!(d.help.as_deref(), Some("did you mean `side-effect:`?"));
    assert_eq!(out.specs[0].spec.extra[0].key, "side-efect");
    assert_eq!(out.specs[0].spec.extra[0].value.text, "alloc_memory");
}

#[test]
fn unknown_tokens_stay_symbolic_never_zero() {
    let t = format!(
        "{GOOD_HEAD} * param: len\n *   type: KAPI_TYPE_ULONG\n *   constraint-type: range(0, NOT_A_CONSTANT)\n */\nSYSCALL_DEFINE2(foo, int, fd, size_t, len)\n"
    );
    let out = parse_text("m.c", &t);
    let p = out.specs[0].spec.param("len").unwrap();
    let k = p.kind.as_ref().unwrap();
    assert_eq!((k.raw.as_str(), k.value), ("KAPI_TYPE_ULONG", None));
    let max = p.max.as_ref().unwrap();
    assert_eq!(max.resolved, None);
    assert_eq!(max.unknown, vec!["NOT_A_CONSTANT".to_string()]);
    assert!(codes(&out.diags).contains(&"unknown-token"));
}

#[test]
fn unterminated_comment_is_an_error() {
    let t = format!("{GOOD_HEAD} * error: EBADF, Bad fd\n");
    let out = parse_text("m.c", &t);
    let d = out.diags.iter().find(|d| d.code == "unterminated-comment").expect("reported");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!((d.loc.line, d.loc.col), (1, 1));
    assert_eq!(out.specs.len(), 1, "what was read is kept");
    assert_eq!(out.specs[0].spec.errors.len(), 1);
}

#[test]
fn binary_garbage_and_nul_bytes() {
    let mut garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    garbage.extend_from_slice(b"/** long-desc: x\n * contexts: process */");
    let out = parse_bytes("g.c", &garbage);
    assert_eq!(codes(&out.diags), ["binary-file"]);
    assert!(out.diags[0].loc.line >= 1);

    let mut nul = format!("{GOOD_HEAD} */\nSYSCALL_DEFINE1(foo, int, fd)\n").into_bytes();
    nul.insert(40, 0);
    let out = parse_bytes("n.c", &nul);
    assert_eq!(codes(&out.diags), ["binary-file"]);
    assert_eq!((out.diags[0].loc.line, out.diags[0].loc.col), (4, 2));
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_reported() {
    let mut b = format!("{GOOD_HEAD} * error: EBADF, Bad fd\n */\nSYSCALL_DEFINE1(foo, int, fd)\n").into_bytes();
    b.splice(20..20, [0xff, 0xfe]);
    let out = parse_bytes("u.c", &b);
    assert_eq!(out.diags[0].code, "invalid-utf8");
    assert_eq!(out.specs.len(), 1);
}

#[test]
fn no_break_spaces_in_indentation() {
    // Upstream's tool panics slicing a multi-byte character here.
    let t = "/**\n * sys_foo - do foo\n *\n * contexts: process\n * param: fd\n *\u{a0}\u{a0}type: fd, input\n * error: EBADF, Bad fd\n */\nSYSCALL_DEFINE1(foo, int, fd)\n";
    let out = parse_text("nbsp.c", t);
    let d = out.diags.iter().find(|d| d.code == "odd-whitespace").expect("reported");
    assert_eq!((d.loc.line, d.loc.col), (6, 3));
    let p = out.specs[0].spec.param("fd").unwrap();
    assert_eq!(p.kind.as_ref().unwrap().raw, "fd", "the sub-key is still read");
}

#[test]
fn a_ten_megabyte_line() {
    let long = "x".repeat(10 * 1024 * 1024);
    let t = format!("{GOOD_HEAD} * long-desc: {long}\n * error: EBADF, Bad fd\n */\nSYSCALL_DEFINE1(foo, int, fd)\n");
    let out = parse_text("big.c", &t);
    assert!(codes(&out.diags).contains(&"long-line"));
    assert_eq!(out.specs[0].spec.long_desc.as_ref().unwrap().text.len(), long.len());
    // And a 10 MB line of plain code is just skipped.
    let out = parse_bytes("code.c", long.as_bytes());
    assert!(out.specs.is_empty() && out.diags.is_empty());
}

#[test]
fn an_empty_file() {
    let out = parse_bytes("empty.c", b"");
    assert!(out.specs.is_empty() && out.diags.is_empty());
}

#[test]
fn a_block_with_no_definition_is_reported_not_dropped() {
    let t = format!("{GOOD_HEAD} * error: EBADF, Bad fd\n */\n\nstruct foo {{ int x; }};\n");
    let out = parse_text("nodef.c", &t);
    assert_eq!(out.specs.len(), 1);
    assert_eq!(out.specs[0].spec.name, "sys_foo");
    let d = out.diags.iter().find(|d| d.code == "no-definition").expect("reported");
    assert_eq!((d.loc.line, d.loc.col), (1, 1));
}

#[test]
fn unbalanced_parentheses_in_a_call_form() {
    let t = format!(
        "{GOOD_HEAD} * param: flags\n *   type: int, input\n *   constraint-type: mask(O_RDONLY | (O_CREAT\n */\nSYSCALL_DEFINE2(foo, int, fd, int, flags)\n"
    );
    let out = parse_text("p.c", &t);
    let d = out.diags.iter().find(|d| d.code == "unbalanced-parens").expect("reported");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.loc.line, 10);
}
