//! Property tests: the parser never panics, and it loses no line.

use proptest::prelude::*;

const KEYS: &[&str] = &[
    "param",
    "type",
    "flags",
    "constraint-type",
    "constraint",
    "cdesc",
    "range",
    "valid-mask",
    "arch-mask",
    "return",
    "check-type",
    "success",
    "error",
    "desc",
    "condition",
    "signal",
    "direction",
    "action",
    "errno",
    "timing",
    "lock",
    "acquired",
    "released",
    "scope",
    "side-effect",
    "target",
    "reversible",
    "state-trans",
    "from",
    "to",
    "capability",
    "allows",
    "without",
    "contexts",
    "context-flags",
    "long-desc",
    "examples",
    "notes",
    "since-version",
    "struct",
    "field",
    "validation-group",
    "rule",
    "param-type",
    "error-code",
    "bogus",
    "includes",
    "Context",
];

const VALUES: &[&str] = &[
    "fd, input",
    "KAPI_TYPE_UINT",
    "range(0, INT_MAX)",
    "mask(O_RDONLY |",
    "O_CREAT)",
    "EBADF, Bad fd",
    "-EINTR",
    "process, sleepable",
    "0, LONG_MAX",
    "x86 = 0x10",
    "yes",
    "conditional",
    "alloc_memory | bogus_effect",
    "CAP_SYS_ADMIN",
    "",
    "((((",
    "))",
    "enum(1, 2, 3)",
    "sizeof(struct x)",
    "\u{a0}weird",
    "é ü 中文",
];

fn line() -> impl Strategy<Value = String> {
    let indent = prop_oneof![Just(""), Just("  "), Just("    "), Just("\t"), Just("\u{a0}\u{a0}"), Just("\u{3000}")];
    let body = prop_oneof![
        (proptest::sample::select(KEYS), proptest::sample::select(VALUES)).prop_map(|(k, v)| format!("{k}: {v}")),
        proptest::sample::select(VALUES).prop_map(|v| v.to_string()),
        "[ -~]{0,40}".prop_map(|s| s),
        Just(String::new()),
    ];
    (proptest::bool::ANY, indent, body).prop_map(|(plus, i, b)| {
        format!("{} *{}{i}{b}", if plus { "+" } else { "" }, if b.is_empty() { "" } else { " " }).trim_end().to_string()
    })
}

fn block() -> impl Strategy<Value = String> {
    (proptest::collection::vec(line(), 0..40), proptest::bool::ANY, proptest::bool::ANY).prop_map(
        |(lines, close, def)| {
            let mut s = String::from("/**\n * sys_foo - foo\n * contexts: process\n * long-desc: x\n");
            for l in lines {
                s.push_str(&l);
                s.push('\n');
            }
            if close {
                s.push_str(" */\n");
            }
            if def {
                s.push_str("SYSCALL_DEFINE2(foo, int, fd, unsigned int, flags)\n");
            }
            s
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        let _ = kapi_syntax::parse_text("a.c", &s);
        let _ = kapi_syntax::parse_text("a.c", &format!("/**\n * long-desc: x\n * contexts: process\n{s}"));
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = kapi_syntax::parse_bytes("b.c", &b);
        let mut spec = b"/**\n * long-desc: x\n * contexts: process\n".to_vec();
        spec.extend_from_slice(&b);
        let _ = kapi_syntax::parse_bytes("b.c", &spec);
    }

    #[test]
    fn spec_like_blocks_lose_no_line(text in block()) {
        let out = kapi_syntax::parse_text("g.c", &text);
        let mut seen = String::new();
        for s in &out.specs {
            seen.push_str(&format!("{:?}", s.spec));
        }
        for d in &out.diags {
            seen.push_str(&format!("{d:?}"));
        }
        // Debug output escapes; compare against the escaped form of each word.
        let escaped = |w: &str| format!("{w:?}").trim_matches('"').to_string();
        if !out.specs.is_empty() {
            for l in text.lines().skip(1) {
                if l.contains("*/") {
                    break;
                }
                let content = l.trim_start_matches('+').trim_start().trim_start_matches('*').trim();
                if content.is_empty() || content == "/" || l.starts_with("SYSCALL_DEFINE") {
                    continue;
                }
                let value = kapi_syntax::keys::split_key(content).map_or(content, |(_, v, _)| v);
                for word in value.split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '(' || c == ')' || c == ':' || c == '=').filter(|w| w.len() > 2) {
                    // `*\/` is how a comment spells `*/`; the model holds the latter.
                    let word = word.replace("*\\/", "*/");
                    prop_assert!(seen.contains(&escaped(&word)), "word {word:?} of line {l:?} is lost");
                }
            }
        }
    }
}
