//! Property tests: the constraint checks agree with a plain reference model,
//! and no spec (corpus, bundled, or a corpus spec with random facts) and no
//! argument makes the checks panic.

use kapi_check::*;
use kapi_model::enums::*;
use kapi_model::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------
// The reference model.

/// How the syscall wrapper widens a register of one C type to `s64`.
type Widen = fn(u64) -> i64;

/// C types and their widening.
const TYPES: &[(&str, Widen)] = &[
    ("int", |r| i64::from(r as i32)),
    ("unsigned int", |r| i64::from(r as u32)),
    ("u32", |r| i64::from(r as u32)),
    ("long", |r| r as i64),
    ("loff_t", |r| r as i64),
    ("unsigned long", |r| r as i64),
    ("size_t", |r| r as i64),
];

fn param_of(ty: usize, kind: ConstraintKind) -> Param {
    Param {
        name: "x".into(),
        ctype: Some(TYPES[ty].0.into()),
        constraint_kind: Some(Token::known(kind)),
        ..Param::default()
    }
}

/// Register values that reach the edges of every width.
fn raw() -> impl Strategy<Value = u64> {
    prop_oneof![
        any::<u64>(),
        any::<i8>().prop_map(|v| v as i64 as u64),
        any::<u32>().prop_map(u64::from),
        Just(0x8000_0000u64),
        Just(0xffff_ffffu64),
        Just(1u64 << 63),
        Just(u64::MAX),
    ]
}

fn bound() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![
        1 => Just(None),
        3 => any::<i8>().prop_map(|v| Some(i64::from(v))),
        2 => any::<i64>().prop_map(Some),
        1 => prop::sample::select(vec![i64::MIN, -1, 0, i64::from(i32::MAX), i64::MAX]).prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn range_agrees_with_the_model(ty in 0..TYPES.len(), v in raw(), min in bound(), max in bound()) {
        let mut p = param_of(ty, ConstraintKind::Range);
        p.min = min.map(|m| Value::literal(m.into()));
        p.max = max.map(|m| Value::literal(m.into()));
        let x = TYPES[ty].1(v);
        let (lo, hi) = (min.unwrap_or(0), max.unwrap_or(0));
        let want = if hi >= 0 { lo <= x && x <= hi } else { x >= lo };
        prop_assert_eq!(check_arg(&p, v).is_none(), want);
    }

    #[test]
    fn mask_agrees_with_the_model(ty in 0..TYPES.len(), v in raw(), mask in any::<u64>(), arch in any::<Option<u64>>()) {
        let mut p = param_of(ty, ConstraintKind::Mask);
        p.mask = Some(Value::literal(mask.into()));
        if let Some(a) = arch {
            p.arch_masks.push(ArchMask { arch: "x86".into(), value: Value::literal(a.into()), loc: Loc::default() });
            p.arch_masks.push(ArchMask { arch: "arm64".into(), value: Value::literal(u64::MAX.into()), loc: Loc::default() });
        }
        let valid = mask | arch.unwrap_or(0);
        let want = TYPES[ty].1(v) as u64 & !valid == 0;
        prop_assert_eq!(check_arg(&p, v).is_none(), want);
    }

    #[test]
    fn enum_agrees_with_the_model(ty in 0..TYPES.len(), v in raw(), vals in prop::collection::vec(any::<i64>(), 0..5), pick in any::<Option<prop::sample::Index>>()) {
        let mut p = param_of(ty, ConstraintKind::Enum);
        let x = TYPES[ty].1(v);
        let mut vals = vals;
        if let Some(i) = pick {
            // Often the value itself is a member.
            if !vals.is_empty() {
                let n = i.index(vals.len());
                vals[n] = x;
            }
        }
        p.enum_values = vals.iter().map(|n| Value::literal((*n).into())).collect();
        let want = vals.is_empty() || vals.contains(&x);
        prop_assert_eq!(check_arg(&p, v).is_none(), want);
    }

    #[test]
    fn alignment_agrees_with_the_model(ty in 0..TYPES.len(), v in raw(), align in prop_oneof![
        any::<u64>(),
        (0u32..64).prop_map(|b| 1u64 << b),
        prop::sample::select(vec![0u64, 1, 3, 12, 4096]),
    ], absent in prop::bool::weighted(0.05)) {
        let mut p = param_of(ty, ConstraintKind::Alignment);
        p.alignment = (!absent).then(|| Value::literal(align.into()));
        let a = if absent { 0 } else { align };
        let want = a != 0 && a.is_power_of_two() && TYPES[ty].1(v) as u64 & (a - 1) == 0;
        prop_assert_eq!(check_arg(&p, v).is_none(), want);
    }
}

// ---------------------------------------------------------------------------
// Specs from the corpus and the bundled tree.

/// The corpus directory (`KAPI_CORPUS`, default `/work/shared/corpus`), or
/// `None` with a loud message when it is missing.
fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var("KAPI_CORPUS").unwrap_or_else(|_| "/work/shared/corpus".into()));
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "KAPI TEST DATA MISSING: the corpus is not at {}; set KAPI_CORPUS. Its specs are SKIPPED.",
        dir.display()
    );
    eprintln!("\n*** {msg} ***\n");
    if std::env::var_os("KAPI_REQUIRE_CORPUS").is_some() {
        panic!("{msg}");
    }
    None
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every spec of the corpus (each file through `scan_bytes`) and of the bundled tree.
fn specs() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let mut out: Vec<Spec> = kapi_source::bundled().specs.into_iter().map(|p| p.spec).collect();
        if let Some(dir) = corpus() {
            let mut paths = Vec::new();
            files(&dir, &mut paths);
            for p in paths {
                if let Ok(bytes) = std::fs::read(&p) {
                    let scan = kapi_source::scan_bytes(&p.display().to_string(), &bytes);
                    out.extend(scan.specs.into_iter().map(|s| s.spec));
                }
            }
        }
        out
    })
}

/// Memory that answers anything, even lengths beyond `max`.
fn memory(answer: Option<usize>) -> impl Fn(u64, usize) -> Option<usize> {
    move |_, _| answer
}

const EDGES: &[u64] = &[0, 1, 3, 4096, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, TASK_SIZE_MAX, 1 << 63, u64::MAX];

fn check_everything(spec: &Spec, args: &[u64; 6], mem: &dyn Memory, ret: i64) {
    let v = check_call(spec, args, mem);
    for x in &v {
        assert!(spec.params.iter().any(|p| p.index == x.index && p.name == x.param));
        assert!(x.message.starts_with(&format!("Parameter {}", x.param)), "{}", x.message);
    }
    for p in &spec.params {
        let _ = check_arg(p, args[p.index % 6]);
    }
    let r = check_return(spec, ret);
    let _ = spec_match(spec, &v, &r);
    let _ = check_success(spec, ret);
}

#[test]
fn every_corpus_and_bundled_spec_checks_edge_arguments() {
    let specs = specs();
    assert!(specs.len() > 50, "only {} specs", specs.len());
    eprintln!("checking {} specs", specs.len());
    for spec in specs {
        for (i, e) in EDGES.iter().enumerate() {
            let args = [*e, EDGES[(i + 1) % EDGES.len()], *e, 0, *e, u64::MAX];
            for mem in [Some(0), Some(5000), Some(usize::MAX), None] {
                check_everything(spec, &args, &memory(mem), *e as i64);
            }
            check_everything(spec, &args, &NoMemory, -(i as i64));
        }
    }
}

fn arg() -> impl Strategy<Value = u64> {
    prop_oneof![any::<u64>(), prop::sample::select(EDGES.to_vec()), (0u64..4096)]
}

fn number() -> impl Strategy<Value = Option<i128>> {
    prop_oneof![
        Just(None),
        any::<i64>().prop_map(|n| Some(n.into())),
        any::<u64>().prop_map(|n| Some(n.into())),
        any::<i128>().prop_map(Some),
        (-2i128..8).prop_map(Some),
    ]
}

/// Random facts for one parameter.
#[derive(Clone, Debug)]
struct Facts {
    kind: prop::sample::Index,
    constraint: prop::sample::Index,
    optional: bool,
    numbers: [Option<i128>; 7],
    enums: Vec<i128>,
}

fn facts() -> impl Strategy<Value = Facts> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<bool>(),
        [number(), number(), number(), number(), number(), number(), number()],
        prop::collection::vec(any::<i128>(), 0..3),
    )
        .prop_map(|(kind, constraint, optional, numbers, enums)| Facts {
            kind,
            constraint,
            optional,
            numbers,
            enums,
        })
}

fn apply(p: &mut Param, f: &Facts) {
    let lit = |n: Option<i128>| n.map(Value::literal);
    p.kind = Some(Token::known(*f.kind.get(ParamType::all())));
    p.constraint_kind = Some(Token::known(*f.constraint.get(ConstraintKind::all())));
    p.flags = Some(FlagSet::of(if f.optional { &[ParamFlag::In, ParamFlag::Optional] } else { &[ParamFlag::In] }));
    let [min, max, mask, align, size, size_param, mult] = f.numbers;
    (p.min, p.max, p.mask, p.alignment, p.size) = (lit(min), lit(max), lit(mask), lit(align), lit(size));
    (p.size_param, p.size_multiplier) = (lit(size_param), lit(mult));
    p.enum_values = f.enums.iter().map(|n| Value::literal(*n)).collect();
    // A symbolic value that does not resolve.
    if f.optional && min.is_none() {
        p.max = Some(Value::parse("NO_SUCH_CONSTANT", Loc::default()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn check_call_never_panics(
        which in any::<prop::sample::Index>(),
        args in [arg(), arg(), arg(), arg(), arg(), arg()],
        mem in any::<Option<usize>>(),
        ret in any::<i64>(),
        facts in prop::collection::vec(facts(), 0..6),
    ) {
        let specs = specs();
        let mut spec = which.get(specs).clone();
        check_everything(&spec, &args, &memory(mem), ret);
        // The same spec with random facts on its parameters.
        for (p, f) in spec.params.iter_mut().zip(&facts) {
            apply(p, f);
        }
        check_everything(&spec, &args, &memory(mem), ret);
        check_everything(&spec, &args, &NoMemory, -(ret % 5000).abs());
    }
}

// ---------------------------------------------------------------------------
// Memory implemented outside the crate, as `kapi trace` does.

/// Bytes mapped at `base`; everything else is unreadable.
struct Image {
    base: u64,
    bytes: Vec<u8>,
}

impl Memory for Image {
    fn strnlen(&self, addr: u64, max: usize) -> Option<usize> {
        let start = usize::try_from(addr.checked_sub(self.base)?).ok()?;
        let rest = self.bytes.get(start..)?;
        let window = &rest[..rest.len().min(max)];
        match window.iter().position(|&b| b == 0) {
            Some(n) => Some(n),
            None if window.len() == max => Some(max),
            // The string runs off the mapping.
            None => None,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// `strnlen_user(path, PATH_MAX + 1)` must be 1..=PATH_MAX, the NUL counted.
    #[test]
    fn path_lengths_agree_with_strnlen_user(len in prop_oneof![0usize..5000, 4090usize..4100], nul in prop::bool::weighted(0.9), optional in any::<bool>()) {
        let p = Param {
            name: "path".into(),
            kind: Some(Token::known(ParamType::Path)),
            flags: optional.then(|| FlagSet::of(&[ParamFlag::Optional])),
            ..Param::default()
        };
        let spec = Spec { name: "sys_p".into(), params: vec![p], ..Spec::default() };
        let mut bytes = vec![b'a'; len];
        if nul {
            bytes.push(0);
        }
        let mem = Image { base: 0x10000, bytes };
        let path_max = tables::constant("PATH_MAX").expect("PATH_MAX") as usize;
        let got = check_call(&spec, &[0x10000, 0, 0, 0, 0, 0], &mem);
        let want_ok = if len >= path_max { false } else { nul };
        prop_assert_eq!(got.is_empty(), want_ok, "{:?}", got);
        // NULL: only if optional; an unmapped address is unreadable.
        prop_assert_eq!(check_call(&spec, &[0; 6], &mem).is_empty(), optional);
        prop_assert!(!check_call(&spec, &[0x20, 0, 0, 0, 0, 0], &mem).is_empty());
    }
}
