//! Property tests of the canonical writer on generated specs: what it writes
//! reads back as the same spec, and writing that again changes nothing.

use kapi_model::enums::*;
use kapi_model::*;
use proptest::prelude::*;
use proptest::sample::select;

/// Words for prose, including the ones that tempt a reader to see keys,
/// comment ends and kerneldoc sections.
const WORDS: &[&str] = &[
    "the",
    "range",
    "is",
    "locked",
    "error:",
    "Note:",
    "@start",
    "*/",
    "/*",
    "desc:",
    "param:",
    "a-b",
    "(x)",
    "O_RDONLY|O_CREAT",
    "—",
    "ü",
    "-",
    "::",
    "x:y",
    "100%",
    "`code`",
    "\"q\"",
    "return:",
    "Context:",
    "*",
];

fn words(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(WORDS), 1..max).prop_map(|w| w.join(" "))
}

fn paragraphs() -> impl Strategy<Value = String> {
    proptest::collection::vec(words(30), 1..3).prop_map(|p| p.join("\n\n"))
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,7}"
}

fn text(s: String) -> Text {
    Text::new(s, Loc::default())
}

fn member<E: KapiEnum>() -> impl Strategy<Value = E> {
    select(E::all())
}

fn token<E: KapiEnum>() -> impl Strategy<Value = Token<E>> {
    member::<E>().prop_map(|v| Token { raw: v.long_name().into(), loc: Loc::default(), value: Some(v) })
}

fn flag_set<E: KapiEnum>() -> impl Strategy<Value = FlagSet<E>> {
    proptest::collection::vec(member::<E>(), 1..3).prop_map(|mut v| {
        v.dedup();
        FlagSet::of(&v)
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        select(&["LONG_MAX", "INT_MAX", "PAGE_SIZE", "O_RDONLY | O_CREAT", "SIZE_MAX", "0x10", "(1 << 3)"][..])
            .prop_map(str::to_string),
    ]
    .prop_map(|raw| Value::parse(&raw, Loc::default()))
}

fn param(name: String) -> impl Strategy<Value = Param> {
    (
        proptest::option::of(words(12)),
        proptest::option::of(token::<ParamType>()),
        proptest::option::of(flag_set::<ParamFlag>()),
        0..4u8,
        value(),
        value(),
        proptest::option::of(paragraphs()),
    )
        .prop_map(move |(desc, kind, flags, c, a, b, cdesc)| {
            let mut p = Param {
                name: name.clone(),
                has_block: true,
                description: desc.map(text),
                kind,
                flags,
                cdesc: cdesc.map(text),
                ..Param::default()
            };
            let ck = |k: ConstraintKind| Some(Token { raw: k.long_name().into(), loc: Loc::default(), value: Some(k) });
            match c {
                1 => {
                    p.constraint_kind = ck(ConstraintKind::Range);
                    p.min = Some(a);
                    p.max = Some(b);
                }
                2 => {
                    p.constraint_kind = ck(ConstraintKind::Mask);
                    p.mask = Some(a);
                }
                3 => {
                    p.constraint_kind = ck(ConstraintKind::Enum);
                    p.enum_values = vec![a, b];
                }
                _ => {}
            }
            p
        })
}

fn error() -> impl Strategy<Value = ErrorSpec> {
    (select(&["EINVAL", "ENOMEM", "EPERM", "EINTR", "EFAULT", "EAGAIN"][..]), words(10), paragraphs()).prop_map(
        |(n, summary, desc)| ErrorSpec {
            name: n.into(),
            code: tables::errno(n).map(|c| -c),
            summary: Some(text(summary)),
            desc: Some(text(desc)),
            ..ErrorSpec::default()
        },
    )
}

fn lock() -> impl Strategy<Value = LockSpec> {
    (ident(), token::<LockType>(), token::<LockScope>(), proptest::option::of(words(20))).prop_map(
        |(name, kind, scope, desc)| LockSpec {
            name,
            kind: Some(kind),
            scope: Some(scope),
            desc: desc.map(text),
            ..LockSpec::default()
        },
    )
}

fn signal() -> impl Strategy<Value = SignalSpec> {
    (
        select(&["SIGKILL", "SIGINT", "FATAL", "Any signal"][..]),
        flag_set::<SignalDirection>(),
        token::<SignalAction>(),
        proptest::option::of(words(15)),
        proptest::bool::ANY,
    )
        .prop_map(|(name, dir, action, desc, eintr)| SignalSpec {
            number: tables::signal(name),
            name: name.into(),
            direction: Some(dir),
            action: Some(action),
            desc: desc.map(text),
            errno: eintr.then(|| ErrnoRef::parse("-EINTR", Loc::default())),
            restartable: Some(Truth::of(eintr)),
            ..SignalSpec::default()
        })
}

fn side_effect() -> impl Strategy<Value = SideEffect> {
    (flag_set::<EffectType>(), words(6), proptest::option::of(words(20)), proptest::bool::ANY).prop_map(
        |(kinds, target, desc, rev)| SideEffect {
            loc: Loc::default(),
            kinds,
            target: Some(text(target)),
            desc: desc.map(text),
            condition: None,
            reversible: Some(Truth::of(rev)),
            extra: Vec::new(),
        },
    )
}

fn capability() -> impl Strategy<Value = Capability> {
    (select(&["CAP_IPC_LOCK", "CAP_SYS_ADMIN", "CAP_SYS_NICE"][..]), token::<CapabilityAction>(), words(10)).prop_map(
        |(cap, action, allows)| Capability {
            number: tables::capability(cap),
            cap: cap.into(),
            action: Some(action),
            allows: Some(text(allows)),
            ..Capability::default()
        },
    )
}

fn examples() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just(String::new()), words(8), words(8).prop_map(|w| format!("    {w}"))],
        1..6,
    )
    .prop_map(|l| l.join("\n"))
}

fn spec() -> impl Strategy<Value = Spec> {
    let names = proptest::collection::btree_set(ident(), 0..4);
    (
        "sys_[a-z]{3,8}",
        words(10),
        proptest::option::of(paragraphs()),
        proptest::option::of(flag_set::<ContextFlag>()),
        names.prop_flat_map(|n| n.into_iter().map(param).collect::<Vec<_>>()),
        proptest::collection::vec(error(), 0..3),
        proptest::collection::vec(lock(), 0..2),
        proptest::collection::vec(signal(), 0..2),
        proptest::collection::vec(side_effect(), 0..2),
        proptest::collection::vec(capability(), 0..2),
        (proptest::option::of(examples()), proptest::option::of(paragraphs())),
        proptest::collection::vec(("[a-z_]{1,8}(\\.[a-z_]{1,8})?", words(8)), 0..3),
    )
        .prop_map(
            |(name, desc, long, contexts, params, errors, locks, signals, effects, caps, (ex, notes), extra)| {
                let mut s = Spec {
                    name,
                    description: Some(text(desc)),
                    long_desc: long.map(text),
                    contexts,
                    errors,
                    locks,
                    signals,
                    side_effects: effects,
                    capabilities: caps,
                    examples: ex.filter(|e| !e.trim().is_empty()).map(text),
                    notes: notes.map(text),
                    extra: extra.into_iter().map(|(k, v)| Attr { key: k, value: text(v) }).collect(),
                    ..Spec::default()
                };
                for (i, mut p) in params.into_iter().enumerate() {
                    p.index = i;
                    s.params.push(p);
                }
                s.kind = Some(ApiKind::Syscall);
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn written_specs_read_back_unchanged(s in spec()) {
        let w = kapi_syntax::write::kerneldoc(&s);
        let back = kapi_syntax::parse_text("gen.c", &w.text);
        prop_assert_eq!(back.specs.len(), 1, "{}", w.text);
        let got = &back.specs[0].spec;
        prop_assert_eq!(normalized(&s), normalized(got), "written:\n{}", w.text);
        let again = kapi_syntax::write::kerneldoc(got);
        prop_assert_eq!(&w.text, &again.text);
        let errors: Vec<_> = back.diags.iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}\n{}", w.text);
    }
}
