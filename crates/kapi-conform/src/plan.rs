//! Cases derived from a spec: the valid call, then one changed argument or
//! one changed condition per case (see docs/kapi-test.md).

use crate::fixture::{Arg, Fixture, BUF_SIZE};
use kapi_model::enums::*;
use kapi_model::*;
use serde::Serialize;

/// A process-wide condition a case runs under.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Setup {
    /// Resource limits to set (`RLIMIT_*` number, soft and hard value).
    pub rlimits: Vec<(i32, u64)>,
    /// Capabilities to drop (numbers).
    pub drop_caps: Vec<i32>,
    /// Limit `RLIMIT_NOFILE` to the descriptors already open.
    pub nofile_exhausted: bool,
    /// Drop the capabilities that bypass file permissions
    /// (`CAP_DAC_OVERRIDE`, `CAP_DAC_READ_SEARCH`, `CAP_FOWNER`).
    pub drop_dac: bool,
    /// Interrupt the call with a signal (handled, no `SA_RESTART`) after this
    /// many milliseconds.
    pub interrupt_ms: Option<u32>,
    /// A private mount namespace with `rofs`, `fullfs` and `mnt`.
    pub mounts: bool,
}

/// What a case expects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "errno")]
pub enum Expect {
    /// Success, as the return spec says.
    Success,
    /// This error (positive errno); any documented outcome is accepted.
    Errno(i32),
    /// Any documented outcome.
    Documented,
}

/// Where a case comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The spec's valid call.
    Valid,
    /// A parameter's type or constraint.
    Param,
    /// A capability or limit.
    Capability,
    /// The trigger library.
    Trigger,
    /// One of the spec's own examples.
    Example,
}

/// One generated test.
#[derive(Clone, Debug, Serialize)]
pub struct Case {
    /// The spec's name.
    pub api: String,
    /// The x86_64 syscall number.
    pub nr: u32,
    /// What is being tried, for people (`fd = -1`).
    pub label: String,
    /// The arguments.
    pub args: Vec<Arg>,
    /// Conditions.
    pub setup: Setup,
    /// The expectation.
    pub expect: Expect,
    /// Where the case comes from.
    pub origin: Origin,
    /// The spec constraint the input breaks, if any: the kernel must not accept it.
    pub forbidden: Option<String>,
    /// Whether the fixture `exe` is needed.
    pub needs_exe: bool,
}

/// A spec that gives no cases, with why.
#[derive(Clone, Debug, Serialize)]
pub struct NotExercised {
    /// The spec's name.
    pub api: String,
    /// Why.
    pub reason: String,
}

/// System calls that are never run.
pub const NEVER_RUN: &[&str] = &[
    "reboot",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "swapon",
    "swapoff",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "acct",
    "settimeofday",
    "clock_settime",
    "adjtimex",
    "clock_adjtime",
    "sethostname",
    "setdomainname",
    "ptrace",
    "kill",
    "tkill",
    "tgkill",
    "exit",
    "exit_group",
    "vhangup",
    "quotactl",
    "bpf",
    "perf_event_open",
    "fanotify_init",
    "iopl",
    "ioperm",
];

fn errno(name: &str) -> i32 {
    tables::errno(name).unwrap_or(0)
}

fn constant(name: &str) -> i64 {
    tables::constant(name).and_then(|v| i64::try_from(v).ok()).unwrap_or(0)
}

/// The syscall's own name (`sys_read` is `read`).
pub fn call_name(spec: &Spec) -> &str {
    spec.name.strip_prefix("sys_").unwrap_or(&spec.name)
}

/// Splits `a, f(b, c), "x,y"` at top-level commas.
fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut cur, mut in_str, mut esc) = (0i32, String::new(), false, false);
    for c in s.chars() {
        if in_str {
            cur.push(c);
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                cur.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() || !out.is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// One argument of a runnable example.
fn example_arg(s: &str) -> Result<Arg, String> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let path = inner.replace("\\\"", "\"");
        // Cases never touch anything outside their private directory.
        if path.starts_with('/') || path.split('/').any(|c| c == "..") {
            return Err(format!("{s} leaves the test directory"));
        }
        return Ok(Arg::Path(path));
    }
    if let Some(f) = Fixture::named(s) {
        return Ok(Arg::Fixture(f));
    }
    if let Some((a, b)) = s.split_once('+') {
        if let Some(f) = Fixture::named(a.trim()) {
            let v = Value::parse(b.trim(), Loc::default());
            if let Some(n) = v.resolved.and_then(|n| i64::try_from(n).ok()) {
                return Ok(Arg::Plus(f, n));
            }
        }
    }
    let v = Value::parse(s, Loc::default());
    match v.resolved {
        Some(n) => Ok(Arg::Int(n as i64)),
        None if !v.unknown.is_empty() => {
            Err(format!("`{s}` names {} (not a constant or fixture)", v.unknown.join(", ")))
        }
        None => Err(format!("`{s}` is not a constant expression")),
    }
}

/// A runnable example: its arguments, and the errno its comment names
/// (`// EINVAL: ...`), if it names one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The arguments.
    pub args: Vec<Arg>,
    /// The positive errno the example says the call fails with.
    pub errno: Option<i32>,
    /// The line as written.
    pub line: String,
    /// Each argument as written.
    pub raw: Vec<String>,
}

/// Every runnable example of the spec, in order, or why none runs.
pub fn runnable_examples(spec: &Spec) -> Result<Vec<Example>, String> {
    let Some(ex) = &spec.examples else { return Err("no examples".into()) };
    let name = call_name(spec);
    let mut out = Vec::new();
    let mut last_err = format!("no example calls {name}()");
    for line in ex.text.lines() {
        let (code, comment) = match line.find("//") {
            Some(i) => (&line[..i], line[i + 2..].trim()),
            None => (line, ""),
        };
        let mut l = code.trim();
        // `fd = open(...)`: the call is on the right.
        if let Some((lhs, rhs)) = l.split_once('=') {
            if lhs.trim().chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ' || c == '*')
                && rhs.trim_start().starts_with(name)
            {
                l = rhs.trim();
            }
        }
        let Some(rest) = l.strip_prefix(name).and_then(|r| r.trim_start().strip_prefix('(')) else { continue };
        // Up to the matching `)`.
        let mut depth = 1;
        let mut end = None;
        let mut in_str = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => in_str = !in_str,
                '(' if !in_str => depth += 1,
                ')' if !in_str => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        // `// EINVAL: why` names the error the call fails with.
        let word = comment.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        let errno = tables::errno(word).filter(|_| word.starts_with('E'));
        let args: Result<Vec<Arg>, String> = split_args(&rest[..end]).iter().map(|a| example_arg(a)).collect();
        match args {
            Ok(a) if a.len() == spec.params.len() => out.push(Example {
                args: a,
                errno,
                line: l.trim_end_matches(';').trim().to_string(),
                raw: split_args(&rest[..end]),
            }),
            Ok(a) => last_err = format!("example passes {} arguments, the spec has {}", a.len(), spec.params.len()),
            Err(e) => last_err = format!("example `{}`: {e}", l.trim_end_matches(';')),
        }
    }
    if out.is_empty() {
        Err(last_err)
    } else {
        Ok(out)
    }
}

/// The spec's valid call: its first runnable example that names no error.
pub fn runnable_example(spec: &Spec) -> Result<Vec<Arg>, String> {
    let all = runnable_examples(spec)?;
    all.into_iter().find(|e| e.errno.is_none()).map(|e| e.args).ok_or_else(|| "every runnable example fails".into())
}

fn is_size_target(spec: &Spec, i: usize) -> bool {
    spec.params.iter().any(|p| p.size_param.as_ref().and_then(|v| v.resolved) == Some(i as i128))
}

fn kind(p: &Param) -> Option<ParamType> {
    p.kind.as_ref().and_then(|k| k.value)
}

fn ck(p: &Param) -> Option<ConstraintKind> {
    p.constraint_kind.as_ref().and_then(|k| k.value)
}

fn writes(p: &Param) -> bool {
    p.flags.as_ref().is_some_and(|f| f.contains(ParamFlag::Out))
}

/// A valid call built from the parameter types alone.
fn synthesized(spec: &Spec) -> Vec<Arg> {
    spec.params
        .iter()
        .map(|p| {
            let lo = p.min.as_ref().and_then(|v| v.resolved).and_then(|v| i64::try_from(v).ok());
            match (kind(p), ck(p)) {
                (Some(ParamType::Fd), _) => Arg::Fixture(Fixture::Fd),
                (Some(ParamType::Path), _) => Arg::Path("file".into()),
                (Some(ParamType::UserPtr | ParamType::Ptr), _) => Arg::Fixture(Fixture::Buf),
                (_, Some(ConstraintKind::Enum)) => {
                    Arg::Int(p.enum_values.first().and_then(|v| v.resolved).map_or(0, |v| v as i64))
                }
                _ if is_size_target(spec, p.index) => Arg::Int(64),
                _ => Arg::Int(lo.filter(|l| *l > 0).unwrap_or(0)),
            }
        })
        .collect()
}

fn documented(spec: &Spec, name: &str) -> bool {
    kapi_check::is_documented(spec, errno(name))
}

/// The raw value of a numeric argument, when it has one.
fn int(a: &Arg) -> Option<i64> {
    match a {
        Arg::Int(n) => Some(*n),
        _ => None,
    }
}

/// The cases of one spec, or why it is not exercised.
pub fn plan(spec: &Spec) -> Result<Vec<Case>, NotExercised> {
    let skip = |reason: String| NotExercised { api: spec.name.clone(), reason };
    if spec.api_kind() != ApiKind::Syscall {
        return Err(skip(format!("{} is not a system call", spec.name)));
    }
    let name = call_name(spec);
    if NEVER_RUN.contains(&name) {
        return Err(skip(format!("{name} cannot be run safely")));
    }
    let Some(nr) = tables::syscall(name) else {
        return Err(skip(format!("{name} is not an x86_64 system call")));
    };
    if spec.params.len() > 6 {
        return Err(skip(format!("{name} has more than 6 parameters")));
    }
    let examples = runnable_examples(spec).unwrap_or_default();
    let (base, from_example) = match examples.iter().find(|e| e.errno.is_none()) {
        Some(e) => (e.args.clone(), true),
        None => (examples.first().map_or_else(|| synthesized(spec), |e| e.args.clone()), !examples.is_empty()),
    };
    // How the valid call wrote each argument (`O_RDONLY | O_CREAT`).
    let base_raw: Vec<String> =
        examples.iter().find(|e| e.errno.is_none()).or(examples.first()).map(|e| e.raw.clone()).unwrap_or_default();
    let valid_fails = examples.first().is_some_and(|e| e.errno.is_some()) && examples.iter().all(|e| e.errno.is_some());
    let needs_exe = |args: &[Arg]| {
        args.iter().any(|a| {
            matches!(a, Arg::Path(p) if p == "exe")
                || matches!(a, Arg::Fixture(Fixture::Exefd | Fixture::Argv | Fixture::BigArgv))
        })
    };
    let mut cases = Vec::new();
    let mut push = |label: String, args: Vec<Arg>, setup: Setup, expect: Expect, origin: Origin| {
        let forbidden = args
            .iter()
            .zip(&spec.params)
            .filter_map(|(a, p)| int(a).and_then(|v| kapi_check::check_value(p, v as u64)))
            .map(|v| v.message)
            .next();
        let needs = needs_exe(&args);
        cases.push(Case {
            api: spec.name.clone(),
            nr,
            label,
            args,
            setup,
            expect,
            origin,
            forbidden,
            needs_exe: needs,
        });
    };
    let valid_label = if from_example {
        format!("valid call {name}({})", base.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", "))
    } else {
        format!(
            "valid call {name}({}) (built from the types)",
            base.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
        )
    };
    if !valid_fails {
        push(valid_label, base.clone(), Setup::default(), Expect::Success, Origin::Valid);
    }
    // The spec's other examples, with what their comments say.
    let mut first_valid = true;
    for ex in &examples {
        if ex.errno.is_none() && std::mem::take(&mut first_valid) {
            continue;
        }
        let expect = ex.errno.map_or(Expect::Success, Expect::Errno);
        // Paths on kapi's own file systems bring the mounts with them.
        let mounts = ex.args.iter().any(|a| {
            matches!(a, Arg::Path(p) if ["rofs", "fullfs", "mnt"].iter().any(|m| p == m || p.starts_with(&format!("{m}/"))))
        });
        let setup = Setup { mounts, ..Setup::default() };
        push(format!("example {}", ex.line), ex.args.clone(), setup, expect, Origin::Example);
    }

    let with = |i: usize, a: Arg| {
        let mut v = base.clone();
        v[i] = a;
        v
    };
    let e = |n: &str| Expect::Errno(errno(n));
    let mut cases_labels: Vec<String> = Vec::new();
    fn cases_have(labels: &[String], l: &str) -> bool {
        labels.iter().any(|x| x == l)
    }

    for p in &spec.params {
        let i = p.index;
        if i >= base.len() {
            continue;
        }
        // Mutate the first valid example that really uses this parameter
        // (mmap's fd only matters in a file mapping).
        let natural = |a: &Arg| match kind(p) {
            Some(ParamType::Fd) => matches!(a, Arg::Fixture(f) if f.is_fd()),
            Some(ParamType::Path) => matches!(a, Arg::Path(_)),
            Some(ParamType::UserPtr) => matches!(a, Arg::Fixture(_) | Arg::Plus(..)),
            _ => true,
        };
        let pbase: Vec<Arg> = examples
            .iter()
            .filter(|x| x.errno.is_none())
            .find(|x| x.args.get(i).is_some_and(natural))
            .map_or_else(|| base.clone(), |x| x.args.clone());
        let base = &pbase;
        let with = |i: usize, a: Arg| {
            let mut v = pbase.clone();
            v[i] = a;
            v
        };
        let pn = &p.name;
        match kind(p) {
            Some(ParamType::Fd) => {
                push(format!("{pn} = -1"), with(i, Arg::Int(-1)), Setup::default(), e("EBADF"), Origin::Param);
                push(
                    format!("{pn} is a closed descriptor"),
                    with(i, Arg::ClosedFd),
                    Setup::default(),
                    e("EBADF"),
                    Origin::Param,
                );
                push(
                    format!("{pn} = 1 << 30, past any limit"),
                    with(i, Arg::Int(1 << 30)),
                    Setup::default(),
                    e("EBADF"),
                    Origin::Param,
                );
                let swap = match &base[i] {
                    Arg::Fixture(Fixture::Rdfd) => Some(Fixture::Wrfd),
                    Arg::Fixture(Fixture::Wrfd) => Some(Fixture::Rdfd),
                    _ => None,
                };
                if let Some(s) = swap {
                    push(
                        format!("{pn} open in the wrong mode ({})", s.name()),
                        with(i, Arg::Fixture(s)),
                        Setup::default(),
                        e("EBADF"),
                        Origin::Param,
                    );
                }
                if base[i] != Arg::Fixture(Fixture::Dirfd) {
                    push(
                        format!("{pn} is a directory"),
                        with(i, Arg::Fixture(Fixture::Dirfd)),
                        Setup::default(),
                        e("EISDIR"),
                        Origin::Param,
                    );
                }
                push(
                    format!("{pn} is a pipe whose writer is closed"),
                    with(i, Arg::PipeNoWriter),
                    Setup::default(),
                    Expect::Documented,
                    Origin::Param,
                );
                if !matches!(base[i], Arg::Fixture(Fixture::PipeR | Fixture::PipeW)) {
                    push(
                        format!("{pn} is a pipe"),
                        with(i, Arg::Fixture(Fixture::PipeR)),
                        Setup::default(),
                        e("ESPIPE"),
                        Origin::Param,
                    );
                }
            }
            Some(ParamType::UserPtr) => {
                push(format!("{pn} = NULL"), with(i, Arg::Int(0)), Setup::default(), e("EFAULT"), Origin::Param);

                push(
                    format!("{pn} is unmapped"),
                    with(i, Arg::Fixture(Fixture::Unmapped)),
                    Setup::default(),
                    e("EFAULT"),
                    Origin::Param,
                );
                if writes(p) {
                    push(
                        format!("{pn} is read-only"),
                        with(i, Arg::Fixture(Fixture::Rodata)),
                        Setup::default(),
                        e("EFAULT"),
                        Origin::Param,
                    );
                }
                if let Some(sp) = p.size_param.as_ref().and_then(|v| v.resolved).and_then(|v| usize::try_from(v).ok()) {
                    if sp < base.len() && base[i] == Arg::Fixture(Fixture::Buf) {
                        if let Some(n) = int(&base[sp]).filter(|n| *n > 0 && *n as usize <= BUF_SIZE) {
                            let mut v = with(i, Arg::BufTail(n as u64 / 2 + 1));
                            v[sp] = Arg::Int(n);
                            push(
                                format!("{pn} runs into an unmapped page"),
                                v,
                                Setup::default(),
                                e("EFAULT"),
                                Origin::Param,
                            );
                            let mut v = base.clone();
                            v[sp] = Arg::Int(BUF_SIZE as i64 + 4096);
                            push(
                                format!("{} is a page larger than {pn}", spec.params[sp].name),
                                v,
                                Setup::default(),
                                e("EFAULT"),
                                Origin::Param,
                            );
                        }
                    }
                }
            }
            Some(ParamType::Path) => {
                push(
                    format!("{pn} does not exist"),
                    with(i, Arg::Path("missing".into())),
                    Setup::default(),
                    e("ENOENT"),
                    Origin::Param,
                );
                push(
                    format!("{pn} is longer than PATH_MAX"),
                    with(i, Arg::LongPath),
                    Setup::default(),
                    e("ENAMETOOLONG"),
                    Origin::Param,
                );
                push(
                    format!("{pn} runs through a regular file"),
                    with(i, Arg::Path("file/x".into())),
                    Setup::default(),
                    e("ENOTDIR"),
                    Origin::Param,
                );
                push(
                    format!("{pn} is a symlink loop"),
                    with(i, Arg::Path("loop".into())),
                    Setup::default(),
                    e("ELOOP"),
                    Origin::Param,
                );
                push(
                    format!("{pn} runs through a symlink loop"),
                    with(i, Arg::Path("loop/x".into())),
                    Setup::default(),
                    e("ELOOP"),
                    Origin::Param,
                );
                push(
                    format!("{pn} is in a missing directory"),
                    with(i, Arg::Path("missing/x".into())),
                    Setup::default(),
                    e("ENOENT"),
                    Origin::Param,
                );
                push(format!("{pn} = NULL"), with(i, Arg::Int(0)), Setup::default(), e("EFAULT"), Origin::Param);
            }
            _ => {}
        }
        let v0 = int(&base[i]);
        match ck(p) {
            Some(ConstraintKind::Mask) => {
                if let (Some(m), Some(v0)) = (kapi_check::valid_mask(p), v0) {
                    let w = kapi_check::width(p);
                    let top = w.bits.min(64) - 1;
                    let mut bits: Vec<u32> = (0..top).filter(|b| m & (1u64 << b) == 0).take(4).collect();
                    if m & (1u64 << top) == 0 && !bits.contains(&top) {
                        bits.push(top);
                    }
                    for b in bits {
                        let v = (v0 as u64 | (1u64 << b)) as i64;
                        push(
                            format!("{pn} has bit {b} ({:#x}) outside its mask", 1u64 << b),
                            with(i, Arg::Int(v)),
                            Setup::default(),
                            e("EINVAL"),
                            Origin::Param,
                        );
                    }
                }
            }
            Some(ConstraintKind::Enum) => {
                let vals: Vec<i64> =
                    p.enum_values.iter().filter_map(|v| v.resolved).filter_map(|v| i64::try_from(v).ok()).collect();
                if let Some(max) = vals.iter().max() {
                    let mut bad = max + 1;
                    while vals.contains(&bad) {
                        bad += 1;
                    }
                    push(
                        format!("{pn} = {bad}, not a listed value"),
                        with(i, Arg::Int(bad)),
                        Setup::default(),
                        e("EINVAL"),
                        Origin::Param,
                    );
                    if !vals.contains(&-1) {
                        push(
                            format!("{pn} = -1, not a listed value"),
                            with(i, Arg::Int(-1)),
                            Setup::default(),
                            e("EINVAL"),
                            Origin::Param,
                        );
                    }
                }
            }
            Some(ConstraintKind::Alignment | ConstraintKind::PageAligned) => {
                let off = with(
                    i,
                    match &base[i] {
                        Arg::Fixture(f) => Arg::Plus(*f, 1),
                        Arg::Plus(f, n) => Arg::Plus(*f, n + 1),
                        Arg::Int(n) => Arg::Int(n + 1),
                        other => other.clone(),
                    },
                );
                let forced =
                    if matches!(base[i], Arg::Fixture(_) | Arg::Plus(..)) { "misaligned" } else { "not aligned" };
                push(format!("{pn} is {forced} (+1)"), off, Setup::default(), e("EINVAL"), Origin::Param);
            }
            _ => {}
        }
        let w = kapi_check::width(p);
        let lo = p.min.as_ref().and_then(|v| v.resolved);
        let hi = p.max.as_ref().and_then(|v| v.resolved);
        if matches!(ck(p), None | Some(ConstraintKind::Range)) && (lo.is_some() || hi.is_some()) {
            let (tmin, tmax): (i128, i128) = match (w.bits, w.signed) {
                (64, true) => (i64::MIN.into(), i64::MAX.into()),
                (64, false) => (0, u64::MAX.into()),
                (_, true) => (i32::MIN.into(), i32::MAX.into()),
                (_, false) => (0, u32::MAX.into()),
            };
            let reg = |v: i128| if v < 0 { v as i64 } else { v as u64 as i64 };
            for (b, label) in [(lo, "lower"), (hi, "upper")] {
                let Some(b) = b.filter(|b| *b >= tmin && *b <= tmax) else { continue };
                push(
                    format!("{pn} at its {label} bound {b}"),
                    with(i, Arg::Int(reg(b))),
                    Setup::default(),
                    Expect::Documented,
                    Origin::Param,
                );
            }
            if let Some(lo) = lo.filter(|l| *l > tmin && *l <= tmax) {
                push(
                    format!("{pn} = {} (below the range)", lo - 1),
                    with(i, Arg::Int(reg(lo - 1))),
                    Setup::default(),
                    e("EINVAL"),
                    Origin::Param,
                );
            }
            if let Some(hi) = hi.filter(|h| *h < tmax && *h >= tmin) {
                push(
                    format!("{pn} = {} (above the range)", hi + 1),
                    with(i, Arg::Int(reg(hi + 1))),
                    Setup::default(),
                    e("EINVAL"),
                    Origin::Param,
                );
            }
        }
    }

    // start + len wrapping the address space.
    let pos = |names: &[&str]| spec.params.iter().position(|p| names.contains(&p.name.as_str()));
    if let (Some(a), Some(l)) = (pos(&["start", "addr"]), pos(&["len", "length", "size", "old_len", "len_in"])) {
        if l == a + 1 && l < base.len() && matches!(base[a], Arg::Fixture(Fixture::Buf) | Arg::Int(_)) {
            // `buf` plus almost 2^64 ends below `buf`.
            let mut v = with(a, Arg::Fixture(Fixture::Buf));
            v[l] = Arg::Int(-4096);
            let expect =
                if documented(spec, "EINVAL") || !documented(spec, "ENOMEM") { e("EINVAL") } else { e("ENOMEM") };
            push(
                format!("{} + {} wraps around", spec.params[a].name, spec.params[l].name),
                v,
                Setup::default(),
                expect,
                Origin::Param,
            );
            if documented(spec, "ENOMEM") {
                let mut v = with(a, Arg::Fixture(Fixture::Unmapped));
                if int(&base[l]).is_none_or(|n| n <= 0) {
                    v[l] = Arg::Int(4096);
                }
                push(
                    format!("{} is not mapped", spec.params[a].name),
                    v,
                    Setup::default(),
                    e("ENOMEM"),
                    Origin::Trigger,
                );
            }
        }
    }

    // Capabilities and the limits they lift.
    for c in &spec.capabilities {
        let Some(num) = c.number else { continue };
        let mut setup = Setup { drop_caps: vec![num], ..Setup::default() };
        let mut label = format!("without {}", c.cap);
        match c.cap.as_str() {
            "CAP_IPC_LOCK" => {
                setup.rlimits.push((libc::RLIMIT_MEMLOCK as i32, 0));
                label.push_str(", RLIMIT_MEMLOCK = 0");
            }
            "CAP_SYS_RESOURCE" if base.iter().any(|a| matches!(a, Arg::Fixture(f) if f.is_fd())) => {}
            _ => {}
        }
        let expect = if documented(spec, "EPERM") { e("EPERM") } else { Expect::Documented };
        push(label, base.clone(), setup, expect, Origin::Capability);
    }

    // The trigger library: known provocations of documented errors.
    let flags_i = spec.params.iter().position(|p| matches!(p.name.as_str(), "flags" | "flag" | "oflag" | "mode_flags"));
    let path_i = spec.params.iter().position(|p| kind(p) == Some(ParamType::Path));
    let mask_has = |i: usize, name: &str| {
        spec.params.get(i).and_then(kapi_check::valid_mask).is_some_and(|m| m & constant(name) as u64 != 0)
    };
    if let (Some(pi), Some(fi)) = (path_i, flags_i) {
        if documented(spec, "EEXIST") && mask_has(fi, "O_EXCL") {
            let mut v = with(pi, Arg::Path("file".into()));
            v[fi] = Arg::Int(int(&base[fi]).unwrap_or(0) | constant("O_CREAT") | constant("O_EXCL"));
            push("O_CREAT | O_EXCL on an existing file".into(), v, Setup::default(), e("EEXIST"), Origin::Trigger);
        }
        if documented(spec, "EISDIR") && mask_has(fi, "O_WRONLY") {
            let mut v = with(pi, Arg::Path("dir".into()));
            v[fi] = Arg::Int((int(&base[fi]).unwrap_or(0) & !3) | constant("O_WRONLY"));
            push("a directory opened for writing".into(), v, Setup::default(), e("EISDIR"), Origin::Trigger);
        }
        if documented(spec, "ENOTEMPTY") && mask_has(fi, "AT_REMOVEDIR") {
            let mut v = with(pi, Arg::Path("dir".into()));
            v[fi] = Arg::Int(int(&base[fi]).unwrap_or(0) | constant("AT_REMOVEDIR"));
            push(
                "AT_REMOVEDIR on a directory that is not empty".into(),
                v,
                Setup::default(),
                e("ENOTEMPTY"),
                Origin::Trigger,
            );
        }
    }
    if let Some(pi) = path_i {
        if documented(spec, "EEXIST") && flags_i.is_none() {
            push(
                format!("{} already exists", spec.params[pi].name),
                with(pi, Arg::Path("dir".into())),
                Setup::default(),
                e("EEXIST"),
                Origin::Trigger,
            );
        }
        if documented(spec, "EACCES") && base.iter().any(|a| matches!(a, Arg::Path(p) if p == "exe")) {
            push(
                format!("{} is not executable", spec.params[pi].name),
                with(pi, Arg::Path("noexec".into())),
                Setup::default(),
                e("EACCES"),
                Origin::Trigger,
            );
        }
        if documented(spec, "ENOEXEC") {
            push(
                format!("{} is no program", spec.params[pi].name),
                with(pi, Arg::Path("badexe".into())),
                Setup::default(),
                e("ENOEXEC"),
                Origin::Trigger,
            );
        }
        if documented(spec, "EISDIR") && flags_i.is_none() {
            push(
                format!("{} is a directory", spec.params[pi].name),
                with(pi, Arg::Path("dir".into())),
                Setup::default(),
                e("EISDIR"),
                Origin::Trigger,
            );
        }
    }
    if let (Some(pi), Some(fi)) = (path_i, flags_i) {
        if documented(spec, "ENOTDIR") {
            let mut v = with(pi, Arg::Path("file".into()));
            // O_CREAT with O_DIRECTORY is EINVAL: ask for the directory alone.
            v[fi] = Arg::Int((int(&base[fi]).unwrap_or(0) & !(constant("O_CREAT") | 3)) | constant("O_DIRECTORY"));
            push("O_DIRECTORY on a regular file".into(), v, Setup::default(), e("ENOTDIR"), Origin::Trigger);
            if documented(spec, "EINVAL") {
                let mut v = with(pi, Arg::Path("new".into()));
                v[fi] = Arg::Int(int(&base[fi]).unwrap_or(0) | constant("O_CREAT") | constant("O_DIRECTORY"));
                push("O_CREAT | O_DIRECTORY".into(), v, Setup::default(), e("EINVAL"), Origin::Trigger);
            }
        }
    }
    // Flags with no mask: unknown high bits, whatever the kernel does with them.
    if let Some(fi) = flags_i.filter(|fi| ck(&spec.params[*fi]) != Some(ConstraintKind::Mask)) {
        if let Some(v0) = int(&base[fi]) {
            for b in [28u32, 30] {
                let v = with(fi, Arg::Int(v0 | (1i64 << b)));
                push(
                    format!("{} with unknown bit {b} ({:#x})", spec.params[fi].name, 1u64 << b),
                    v,
                    Setup::default(),
                    Expect::Documented,
                    Origin::Trigger,
                );
            }
        }
    }
    if let Some(mi) = spec.params.iter().position(|p| p.name == "mode") {
        if ck(&spec.params[mi]) != Some(ConstraintKind::Mask) && int(&base[mi]).is_some() {
            push(
                "mode = 0xffff".into(),
                with(mi, Arg::Int(0xffff)),
                Setup::default(),
                Expect::Documented,
                Origin::Trigger,
            );
        }
    }
    // A zero size for each buffer.
    for p in &spec.params {
        if let Some(sp) = p.size_param.as_ref().and_then(|v| v.resolved).and_then(|v| usize::try_from(v).ok()) {
            if sp < base.len() && int(&base[sp]).is_some_and(|n| n > 0) {
                push(
                    format!("{} = 0", spec.params[sp].name),
                    with(sp, Arg::Int(0)),
                    Setup::default(),
                    Expect::Documented,
                    Origin::Param,
                );
            }
        }
    }
    // Open flags (the valid call writes them with `O_*` names): the classic
    // provocations of open().
    let open_flags = flags_i.filter(|fi| base_raw.get(*fi).is_some_and(|r| r.contains("O_")));
    if let (Some(pi), Some(fi)) = (path_i, open_flags) {
        let f0 = int(&base[fi]).unwrap_or(0);
        let (creat, excl, wronly, accmode) = (constant("O_CREAT"), constant("O_EXCL"), constant("O_WRONLY"), 3);
        let mut case = |label: &str, path: &str, flags: i64, setup: Setup, errno: &str| {
            if documented(spec, errno) {
                let mut v = with(pi, Arg::Path(path.into()));
                v[fi] = Arg::Int(flags);
                push(label.into(), v, setup, e(errno), Origin::Trigger);
            }
        };
        case("a missing file without O_CREAT", "missing", f0 & !creat, Setup::default(), "ENOENT");
        case("O_CREAT | O_EXCL on an existing file", "file", f0 | creat | excl, Setup::default(), "EEXIST");
        case("a directory opened for writing", "dir", (f0 & !(accmode | creat)) | wronly, Setup::default(), "EISDIR");
        let dac = Setup { drop_dac: true, ..Setup::default() };
        case("a file with mode 000, without CAP_DAC_*", "noperm", f0 & !(accmode | creat), dac.clone(), "EACCES");
        case("a directory with mode 000 on the path, without CAP_DAC_*", "nodir/inner", f0 & !creat, dac, "EACCES");
        let mounts = Setup { mounts: true, ..Setup::default() };
        case(
            "a file on a read-only file system, for writing",
            "rofs/file",
            (f0 & !(accmode | creat)) | wronly,
            mounts.clone(),
            "EROFS",
        );
        case("a new file on a full file system", "fullfs/new", f0 | creat | wronly, mounts, "ENOSPC");
    } else if let Some(pi) = path_i {
        let dac = Setup { drop_dac: true, ..Setup::default() };
        let mounts = Setup { mounts: true, ..Setup::default() };
        let pn = spec.params[pi].name.clone();
        for (label, path, setup, errno) in [
            ("a directory with mode 000 on the path, without CAP_DAC_*", "nodir/inner", dac, "EACCES"),
            ("an existing file on a read-only file system", "rofs/file", mounts.clone(), "EROFS"),
            ("a new name on a read-only file system", "rofs/new", mounts.clone(), "EROFS"),
            ("a new name on a full file system", "fullfs/new", mounts.clone(), "ENOSPC"),
            ("a mount point", "mnt", mounts, "EBUSY"),
        ] {
            if documented(spec, errno) {
                let mut v = with(pi, Arg::Path(path.into()));
                // A mount point is a directory: remove it as one where the call can.
                if let Some(fi) = flags_i.filter(|_| path == "mnt") {
                    let rmdir = constant("AT_REMOVEDIR");
                    if kapi_check::valid_mask(&spec.params[fi]).is_some_and(|m| m & rmdir as u64 != 0) {
                        v[fi] = Arg::Int(int(&base[fi]).unwrap_or(0) | rmdir);
                    }
                }
                push(format!("{pn} is {label}"), v, setup, e(errno), Origin::Trigger);
            }
        }
    }
    // A second path (rename's target) on another file system.
    let paths: Vec<usize> = spec.params.iter().filter(|p| kind(p) == Some(ParamType::Path)).map(|p| p.index).collect();
    if let [_, .., last] = paths.as_slice() {
        if documented(spec, "EXDEV") && *last < base.len() {
            let setup = Setup { mounts: true, ..Setup::default() };
            push(
                format!("{} is on another file system", spec.params[*last].name),
                with(*last, Arg::Path("mnt/x".into())),
                setup,
                e("EXDEV"),
                Origin::Trigger,
            );
        }
    }
    // Two paths (rename): the classic clashes between source and target.
    if let [first, .., last] = paths.as_slice() {
        if *last < base.len() {
            for (from, to, errno, setup) in [
                ("edir", "dir", "ENOTEMPTY", Setup::default()),
                ("file", "dir", "EISDIR", Setup::default()),
                ("dir", "file", "ENOTDIR", Setup::default()),
                ("rofs/file", "rofs/new", "EROFS", Setup { mounts: true, ..Setup::default() }),
                ("mnt", "renamed", "EBUSY", Setup { mounts: true, ..Setup::default() }),
            ] {
                if documented(spec, errno) {
                    let mut v = with(*first, Arg::Path(from.into()));
                    v[*last] = Arg::Path(to.into());
                    // Plain rename: no flag may stop the clash first.
                    if let Some(fi) = flags_i {
                        v[fi] = Arg::Int(0);
                    }
                    push(format!("{from} onto {to}"), v, setup, e(errno), Origin::Trigger);
                }
            }
            let noreplace = constant("RENAME_NOREPLACE");
            let allows = |p: &Param| {
                kapi_check::valid_mask(p).is_some_and(|m| m & noreplace as u64 != 0)
                    || p.enum_values.iter().any(|v| v.resolved == Some(i128::from(noreplace)))
            };
            if let Some(fi) = flags_i.filter(|fi| documented(spec, "EEXIST") && allows(&spec.params[*fi])) {
                let mut v = with(*first, Arg::Path("file".into()));
                v[*last] = Arg::Path("empty".into());
                v[fi] = Arg::Int(noreplace);
                push(
                    "RENAME_NOREPLACE onto an existing file".into(),
                    v,
                    Setup::default(),
                    e("EEXIST"),
                    Origin::Trigger,
                );
            }
        }
    }
    // An extended-attribute name (a string parameter called `name`).
    if let Some(ni) =
        spec.params.iter().position(|p| p.name == "name").filter(|n| matches!(base.get(*n), Some(Arg::Path(_))))
    {
        for (label, name, errno) in [
            ("a name longer than XATTR_NAME_MAX", format!("user.{}", "n".repeat(300)), "ERANGE"),
            ("an unknown namespace", "kapi.x".to_string(), "EOPNOTSUPP"),
            ("an attribute that does not exist", "user.missing".to_string(), "ENODATA"),
        ] {
            if documented(spec, errno) {
                push(
                    format!("name is {label}"),
                    with(ni, Arg::Path(name)),
                    Setup::default(),
                    e(errno),
                    Origin::Trigger,
                );
            }
        }
    }
    // A FIFO with no reader, opened for writing without blocking.
    if let (Some(pi), Some(fi)) = (path_i, open_flags) {
        if documented(spec, "ENXIO") {
            let mut v = with(pi, Arg::Path("fifo".into()));
            v[fi] = Arg::Int(constant("O_WRONLY") | constant("O_NONBLOCK"));
            push(
                "a FIFO with no reader, O_WRONLY | O_NONBLOCK".into(),
                v,
                Setup::default(),
                e("ENXIO"),
                Origin::Trigger,
            );
        }
    }
    // A limit the spec names in an error's text, set to nothing, without the
    // capabilities the same text names.
    for err in &spec.errors {
        let Some(code) = err.code else { continue };
        let text = format!(
            "{} {}",
            err.summary.as_ref().map_or("", |t| t.text.as_str()),
            err.desc.as_ref().map_or("", |t| t.text.as_str())
        );
        let words: Vec<&str> = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).collect();
        let caps: Vec<i32> =
            words.iter().filter(|w| w.starts_with("CAP_")).filter_map(|w| tables::capability(w)).collect();
        for w in words.iter().filter(|w| w.starts_with("RLIMIT_")) {
            let res = match *w {
                "RLIMIT_AS" => libc::RLIMIT_AS,
                "RLIMIT_MEMLOCK" => libc::RLIMIT_MEMLOCK,
                "RLIMIT_FSIZE" => libc::RLIMIT_FSIZE,
                "RLIMIT_DATA" => libc::RLIMIT_DATA,
                "RLIMIT_NOFILE" => libc::RLIMIT_NOFILE,
                _ => continue,
            };
            let mut setup = Setup { drop_caps: caps.clone(), ..Setup::default() };
            if res == libc::RLIMIT_NOFILE {
                setup.nofile_exhausted = true;
            } else {
                setup.rlimits.push((res as i32, 0));
            }
            // Flags the same text names, of the family the valid call uses (`MAP_LOCKED`).
            let mut args = base.clone();
            let mut named = Vec::new();
            if let Some(fi) = flags_i.filter(|fi| *fi < base.len()) {
                let family = base_raw.get(fi).and_then(|r| {
                    r.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .find(|t| t.contains('_') && t.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
                });
                if let (Some(fam), Some(v0)) =
                    (family.and_then(|f| f.split_once('_').map(|(p, _)| format!("{p}_"))), int(&base[fi]))
                {
                    let mut v = v0;
                    for w in words.iter().filter(|w| w.starts_with(fam.as_str())) {
                        if let Some(c) = tables::constant(w).and_then(|c| i64::try_from(c).ok()) {
                            v |= c;
                            named.push(*w);
                        }
                    }
                    args[fi] = Arg::Int(v);
                }
            }
            let with_flags = if named.is_empty() { String::new() } else { format!(", {}", named.join(" | ")) };
            let label = format!(
                "{w} = 0{with_flags}{} ({})",
                if caps.is_empty() { String::new() } else { ", without the capability".into() },
                err.name
            );
            if !cases_have(&cases_labels, &label) {
                cases_labels.push(label.clone());
                push(label, args, setup, Expect::Errno(-code), Origin::Trigger);
            }
        }
    }
    // Descriptors that make the call wait, with and without O_NONBLOCK.
    for p in spec.params.iter().filter(|p| kind(p) == Some(ParamType::Fd) && p.index < base.len()) {
        let i = p.index;
        if documented(spec, "EAGAIN") {
            for (label, f) in [
                ("an empty non-blocking pipe", Fixture::EmptyPipeRNb),
                ("a full non-blocking pipe", Fixture::FullPipeWNb),
            ] {
                push(
                    format!("{} is {label}", p.name),
                    with(i, Arg::Fixture(f)),
                    Setup::default(),
                    e("EAGAIN"),
                    Origin::Trigger,
                );
            }
        }
        if documented(spec, "EINTR") {
            let setup = Setup { interrupt_ms: Some(50), ..Setup::default() };
            for (label, f) in [
                ("an empty pipe, and a signal arrives", Fixture::EmptyPipeR),
                ("a full pipe, and a signal arrives", Fixture::FullPipeW),
            ] {
                push(
                    format!("{} is {label}", p.name),
                    with(i, Arg::Fixture(f)),
                    setup.clone(),
                    e("EINTR"),
                    Origin::Trigger,
                );
            }
        }
        let mounts = Setup { mounts: true, ..Setup::default() };
        if documented(spec, "ENOSPC") {
            push(
                format!("{} is a file on a full file system", p.name),
                with(i, Arg::Fixture(Fixture::FullFd)),
                mounts.clone(),
                e("ENOSPC"),
                Origin::Trigger,
            );
        }
        if documented(spec, "EROFS") {
            push(
                format!("{} is a file on a read-only file system", p.name),
                with(i, Arg::Fixture(Fixture::RofsFd)),
                mounts,
                e("EROFS"),
                Origin::Trigger,
            );
        }
    }
    // A wait with no deadline, ended by a signal.
    if documented(spec, "EINTR") {
        if let Some(ti) = spec.params.iter().position(|p| p.name == "timeout").filter(|t| *t < base.len()) {
            let forever = if kind(&spec.params[ti]) == Some(ParamType::UserPtr) { Arg::Int(0) } else { Arg::Int(-1) };
            let setup = Setup { interrupt_ms: Some(50), ..Setup::default() };
            push("no timeout, and a signal arrives".into(), with(ti, forever), setup, e("EINTR"), Origin::Trigger);
        }
    }
    if documented(spec, "EMFILE") {
        let setup = Setup { nofile_exhausted: true, ..Setup::default() };
        push("RLIMIT_NOFILE reached".into(), base.clone(), setup, e("EMFILE"), Origin::Trigger);
    }
    let fd_i = spec.params.iter().position(|p| kind(p) == Some(ParamType::Fd));
    if let Some(fi) = fd_i {
        if documented(spec, "EPIPE") {
            push(
                "a pipe with no reader".into(),
                with(fi, Arg::PipeNoReader),
                Setup::default(),
                e("EPIPE"),
                Origin::Trigger,
            );
        }
        if documented(spec, "ENOTDIR") && spec.params[fi].name.contains("dir") && path_i.is_some() {
            push(
                format!("{} is not a directory", spec.params[fi].name),
                with(fi, Arg::Fixture(Fixture::Rdfd)),
                Setup::default(),
                e("ENOTDIR"),
                Origin::Trigger,
            );
        }
    }
    if documented(spec, "EFBIG") {
        let setup = Setup { rlimits: vec![(libc::RLIMIT_FSIZE as i32, 0)], ..Setup::default() };
        push("RLIMIT_FSIZE = 0".into(), base.clone(), setup, e("EFBIG"), Origin::Trigger);
    }
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Spec {
        kapi_source::scan_bytes("t.c", text.as_bytes()).specs.into_iter().next().expect("a spec").spec
    }

    #[test]
    fn examples_give_the_valid_call() {
        let s = spec("/**\n * sys_read - r\n * contexts: process\n * param: fd\n *   type: fd, input\n * param: buf\n *   type: user_ptr, output\n *   size-param: 2\n * param: count\n *   type: uint, input\n * error: EBADF, bad\n * examples: n = read(rdfd, buf, 4096);\n */\nSYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)\n");
        assert_eq!(
            runnable_example(&s).unwrap(),
            vec![Arg::Fixture(Fixture::Rdfd), Arg::Fixture(Fixture::Buf), Arg::Int(4096)]
        );
        let cases = plan(&s).unwrap();
        assert_eq!(cases[0].origin, Origin::Valid);
        let labels: Vec<&str> = cases.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&"fd = -1"), "{labels:?}");
        assert!(labels.contains(&"fd open in the wrong mode (wrfd)"), "{labels:?}");
        assert!(labels.contains(&"buf is read-only"), "{labels:?}");
        assert!(labels.contains(&"count is a page larger than buf"), "{labels:?}");
    }

    #[test]
    fn masks_give_each_outside_bit() {
        let s = spec("/**\n * sys_mlock2 - m\n * contexts: process\n * param: start\n *   type: uint, input\n * param: len\n *   type: uint, input\n * param: flags\n *   type: uint, input\n *   constraint-type: mask(MLOCK_ONFAULT)\n * error: EINVAL, bad\n */\nSYSCALL_DEFINE3(mlock2, unsigned long, start, size_t, len, int, flags)\n");
        let cases = plan(&s).unwrap();
        let bits: Vec<&Case> = cases.iter().filter(|c| c.label.contains("outside its mask")).collect();
        assert_eq!(bits.len(), 5);
        assert!(bits.iter().all(|c| c.forbidden.is_some() && c.expect == Expect::Errno(22)));
        assert!(cases.iter().any(|c| c.label == "start + len wraps around"));
    }

    #[test]
    fn unsafe_calls_are_never_planned() {
        let s = spec("/**\n * sys_reboot - r\n * contexts: process\n * long-desc: x\n */\nSYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned int, cmd, void __user *, arg)\n");
        assert!(plan(&s).unwrap_err().reason.contains("cannot be run safely"));
    }
}

#[cfg(test)]
mod safety {
    use super::*;

    #[test]
    fn paths_outside_the_sandbox_are_never_run() {
        for p in ["\"/tmp/newfile\"", "\"../x\"", "\"dir/../../x\""] {
            assert!(example_arg(p).is_err(), "{p}");
        }
        assert_eq!(example_arg("\"dir/inner\""), Ok(Arg::Path("dir/inner".into())));
    }
}
