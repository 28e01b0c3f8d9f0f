//! debugfs: round trips through the v4 writer (`kapi_render::debugfs`), the
//! text quirks of every version, crafted bad input and properties.
//!
//! A round trip compares the `struct kernel_api_spec` the kernel would hold
//! for the original spec with the one it would hold for the spec read back,
//! field by field, after blanking the fields the format cannot carry (the
//! list is in the module docs of `kapi_source::debugfs`; [`mask`] is the same
//! list as code).

use kapi_model::enums::*;
use kapi_model::*;
use kapi_render::debugfs::{self as writer, kernel_view, KernelSpec, Num, Word};
use kapi_source::debugfs::{parse_json, parse_list, parse_text, read_dir};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Helpers.

/// The corpus directory (`KAPI_CORPUS`, default `/work/shared/corpus`, i.e.
/// `../shared/corpus` next to the repository). `None`, with a loud message,
/// when it is missing.
fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("KAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "KAPI TEST DATA MISSING: the corpus is not at {}; set KAPI_CORPUS. Tests that need it are SKIPPED.",
        dir.display()
    );
    eprintln!("\n*** {msg} ***\n");
    if std::env::var_os("KAPI_REQUIRE_CORPUS").is_some() {
        panic!("{msg}");
    }
    None
}

fn bundled_specs() -> Vec<Spec> {
    kapi_source::bundled().specs.into_iter().map(|p| p.spec).collect()
}

fn corpus_specs(dir: &Path) -> Vec<Spec> {
    let scan = kapi_source::scan_path(dir, &Default::default()).expect("corpus readable");
    scan.specs.into_iter().map(|p| p.spec).collect()
}

/// Which debugfs output a spec went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// `specs/<name>` alone.
    Text,
    /// `specs-json/<name>` alone.
    Json,
    /// A whole tree: the JSON plus what only the text carries.
    Tree,
}

const CONTEXT_BITS: u32 = 0xff;
const FLAG_WORD_BITS: u32 = 0x1fb;
const DIRECTION_BITS: u32 = 0x1f;

/// Blanks what `format` cannot carry (the list of the module docs).
fn mask(k: &mut KernelSpec, format: Format) {
    let text_only = format == Format::Text;
    let json_only = format == Format::Json;
    if text_only {
        k.context_flags &= CONTEXT_BITS;
    }
    for p in &mut k.params {
        let kind = p.constraint_type.known();
        // Neither format carries these.
        p.enum_values.clear();
        p.size_param_idx = Num::ZERO;
        p.size_multiplier = Num::ZERO;
        if json_only {
            p.size = Num::ZERO;
            p.alignment = Num::ZERO;
            p.constraint_type = Word::Known(ConstraintKind::None);
        }
        if json_only || kind != Some(ConstraintKind::Custom) {
            p.constraints = None;
        }
        if json_only || !matches!(kind, Some(ConstraintKind::Range | ConstraintKind::UserString)) {
            p.min_value = Num::ZERO;
            p.max_value = Num::ZERO;
        }
        if json_only || kind != Some(ConstraintKind::Mask) {
            p.valid_mask = Num::ZERO;
        }
        if json_only || kind != Some(ConstraintKind::Enum) {
            p.enum_count = 0;
        }
        if text_only {
            p.flags &= FLAG_WORD_BITS;
        }
    }
    let r = &mut k.ret;
    let check = r.check.known();
    r.error_values.clear();
    if text_only {
        r.kind = Word::Known(ParamType::Void);
    }
    if text_only || check != Some(ReturnCheck::ErrorCheck) {
        r.error_count = 0;
    }
    if check != Some(ReturnCheck::Exact) {
        r.success_value = Num::ZERO;
    }
    if check != Some(ReturnCheck::Range) {
        r.success_min = Num::ZERO;
        r.success_max = Num::ZERO;
    }
    if text_only {
        for s in &mut k.signals {
            s.direction &= DIRECTION_BITS;
            s.target = None;
            s.condition = None;
            s.restartable = false;
            s.sa_flags_required = Num::ZERO;
            s.sa_flags_forbidden = Num::ZERO;
            s.error_on_signal = Num::ZERO;
            s.transform_to = Num::ZERO;
            s.timing = None;
            s.priority = Num::ZERO;
            s.interruptible = false;
            s.queue_behavior = None;
            s.state_required = 0;
            s.state_forbidden = 0;
        }
        for e in &mut k.side_effects {
            e.kinds = 0;
            e.condition = None;
        }
        for c in &mut k.capabilities {
            c.action = Word::Known(CapabilityAction::BypassCheck);
            c.condition = None;
            c.priority = Num::ZERO;
            c.alternatives.clear();
        }
    }
    if json_only {
        k.state_transitions.clear();
    }
}

macro_rules! same {
    ($out:expr, $path:expr, $a:expr, $b:expr, [$($f:ident),* $(,)?]) => {
        $(
            if $a.$f != $b.$f {
                $out.push(format!("{}.{}: {:?} != {:?}", $path, stringify!($f), $a.$f, $b.$f));
            }
        )*
    };
}

/// Compares two kernel structs field by field; returns the differences.
fn differences(a: &KernelSpec, b: &KernelSpec) -> Vec<String> {
    let mut out = Vec::new();
    same!(out, "spec", a, b, [name, description, long_description, context_flags, examples, notes]);
    fn items<T>(out: &mut Vec<String>, what: &str, a: &[T], b: &[T], each: impl Fn(&mut Vec<String>, String, &T, &T)) {
        if a.len() != b.len() {
            out.push(format!("{what}: {} items != {}", a.len(), b.len()));
        }
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            each(out, format!("{what}[{i}]"), x, y);
        }
    }
    items(&mut out, "params", &a.params, &b.params, |out, p, x, y| {
        same!(
            out,
            p,
            x,
            y,
            [
                name,
                type_name,
                kind,
                flags,
                size,
                alignment,
                min_value,
                max_value,
                valid_mask,
                enum_values,
                enum_count,
                constraint_type,
                description,
                constraints,
                size_param_idx,
                size_multiplier,
            ]
        );
    });
    same!(
        out,
        "ret",
        a.ret,
        b.ret,
        [type_name, kind, check, success_value, success_min, success_max, error_values, error_count, description,]
    );
    items(&mut out, "errors", &a.errors, &b.errors, |out, p, x, y| {
        same!(out, p, x, y, [code, name, condition, description]);
    });
    items(&mut out, "locks", &a.locks, &b.locks, |out, p, x, y| {
        same!(out, p, x, y, [name, kind, scope, description]);
    });
    items(&mut out, "constraints", &a.constraints, &b.constraints, |out, p, x, y| {
        same!(out, p, x, y, [name, description, expression]);
    });
    items(&mut out, "signals", &a.signals, &b.signals, |out, p, x, y| {
        same!(
            out,
            p,
            x,
            y,
            [
                number,
                name,
                direction,
                action,
                target,
                condition,
                description,
                restartable,
                sa_flags_required,
                sa_flags_forbidden,
                error_on_signal,
                transform_to,
                timing,
                priority,
                interruptible,
                queue_behavior,
                state_required,
                state_forbidden,
            ]
        );
    });
    items(&mut out, "side_effects", &a.side_effects, &b.side_effects, |out, p, x, y| {
        same!(out, p, x, y, [kinds, target, condition, description, reversible]);
    });
    items(&mut out, "state_transitions", &a.state_transitions, &b.state_transitions, |out, p, x, y| {
        same!(out, p, x, y, [object, from, to, description]);
    });
    items(&mut out, "capabilities", &a.capabilities, &b.capabilities, |out, p, x, y| {
        same!(out, p, x, y, [number, cap_name, action, allows, without, condition, priority, alternatives]);
    });
    out
}

/// The differences between `original` and `read` for what `format` carries.
fn round_trip_differences(original: &Spec, read: &Spec, format: Format) -> Vec<String> {
    let (mut a, mut b) = (kernel_view(original), kernel_view(read));
    mask(&mut a, format);
    mask(&mut b, format);
    differences(&a, &b)
}

/// Whether the struct holds a word that is not a member of its family (the
/// reader reports those, so their round trips have diagnostics).
fn has_unknown_words(k: &KernelSpec) -> bool {
    fn raw<E>(w: &Word<E>) -> bool {
        matches!(w, Word::Raw(_))
    }
    k.params.iter().any(|p| raw(&p.kind) || raw(&p.constraint_type))
        || raw(&k.ret.kind)
        || raw(&k.ret.check)
        || k.locks.iter().any(|l| raw(&l.kind))
        || k.signals.iter().any(|s| {
            raw(&s.action)
                || s.timing.as_deref().is_some_and(|t| SignalTiming::parse(t).is_none())
                || s.queue_behavior.as_deref().is_some_and(|q| SignalQueue::parse(q).is_none())
        })
        || k.capabilities.iter().any(|c| raw(&c.action))
}

/// Diagnostics a round trip may have: warnings about words kept as written.
fn unexpected_diags(spec: &Spec, diags: &[Diagnostic]) -> bool {
    let words_only = diags.iter().all(|d| d.severity == Severity::Warning && d.message.ends_with("kept as written"));
    let expected = diags.is_empty() || (words_only && has_unknown_words(&kernel_view(spec)));
    !expected
}

/// Round-trips every spec through each format alone and through a tree;
/// returns one failure line per problem.
fn round_trip_all(specs: &[Spec], label: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut trees = 0;
    for (i, spec) in specs.iter().enumerate() {
        let who = format!("{label} #{i} `{}` ({})", spec.name, spec.origin.file);
        for (format, out) in [(Format::Text, writer::text(spec)), (Format::Json, writer::json(spec))] {
            let (read, diags) =
                if format == Format::Text { parse_text("specs/x", &out) } else { parse_json("specs-json/x", &out) };
            if unexpected_diags(spec, &diags) {
                failures.push(format!("{who} {format:?}: diagnostics {diags:#?}\n{out}"));
            }
            match read {
                None => failures.push(format!("{who} {format:?}: nothing read")),
                Some(read) => {
                    for d in round_trip_differences(spec, &read, format) {
                        failures.push(format!("{who} {format:?}: {d}"));
                    }
                }
            }
        }
        if !writer::is_file_name(&writer::flat(&spec.name)) {
            continue;
        }
        let root = dir.path().join(i.to_string());
        writer::write_tree(&root, &[spec]).expect("tree written");
        // Half of the trees are read through the debugfs mount, half through `kapi/` itself.
        let tree = read_dir(&if i.is_multiple_of(2) { root.clone() } else { root.join("kapi") });
        trees += 1;
        if unexpected_diags(spec, &tree.diags) {
            failures.push(format!("{who} tree: diagnostics {:#?}", tree.diags));
        }
        assert_eq!(tree.files, 3, "{who}: list, text and JSON");
        match tree.specs.as_slice() {
            [read] => {
                for d in round_trip_differences(spec, read, Format::Tree) {
                    failures.push(format!("{who} tree: {d}"));
                }
            }
            other => failures.push(format!("{who} tree: {} specs read", other.len())),
        }
    }
    assert!(trees > 0, "{label}: no spec could be written as a tree");
    failures
}

// ---------------------------------------------------------------------------
// Round trips.

#[test]
fn bundled_specs_round_trip() {
    let specs = bundled_specs();
    assert!(specs.len() >= 5, "bundled specs: {}", specs.len());
    let failures = round_trip_all(&specs, "bundled");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_specs_round_trip() {
    let Some(dir) = corpus() else { return };
    let specs = corpus_specs(&dir);
    assert!(specs.len() > 50, "corpus specs: {}", specs.len());
    let failures = round_trip_all(&specs, "corpus");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// All bundled specs in one tree: the list, and read order.
#[test]
fn a_tree_of_many_specs_reads_in_list_order() {
    let specs = bundled_specs();
    let refs: Vec<&Spec> = specs.iter().collect();
    let dir = tempfile::tempdir().unwrap();
    writer::write_tree(dir.path(), &refs).unwrap();
    let read = read_dir(dir.path());
    assert!(read.diags.is_empty(), "{:#?}", read.diags);
    assert_eq!(read.files, 1 + 2 * specs.len());
    let names: Vec<&str> = read.specs.iter().map(|s| s.name.as_str()).collect();
    let want: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, want);
    let (entries, diags) = parse_list("list", &writer::list(&refs));
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(entries.len(), specs.len());
}

// ---------------------------------------------------------------------------
// The text format, version by version.

fn text_spec(text: &str) -> (Spec, Vec<Diagnostic>) {
    let (spec, diags) = parse_text("specs/t", text);
    (spec.unwrap_or_else(|| panic!("no spec: {diags:#?}")), diags)
}

fn no_diags(diags: &[Diagnostic]) {
    assert!(diags.is_empty(), "{diags:#?}");
}

/// The v4 templates, one line of each kind.
const V4: &str = "\
Kernel API Specification
========================

Name: sys_close
Version: 1
Description: Close a file descriptor
Long description: Terminates access to an open file descriptor.
Context flags: PROCESS SLEEPABLE 

Parameters (1):
  [0] fd:
    type: fd (unsigned int fd)
    flags: IN 
    description: The file descriptor to close
    size: 4
    constraints:
      type: range
      min: 0
      max: 2147483647

Return value:
  type: KAPI_TYPE_INT
  description: Returns 0 on success.
  success: == 0

Errors (1):
  EBADF (-9): The file descriptor fd is not valid.
    condition: Bad file descriptor

Locks (1):
  files->file_lock (spinlock): Taken to remove the fd.
    scope: acquired (not released)

Additional constraints (1):
  - File Descriptor Reuse Race: Another thread may get the fd.
    expression: fd is invalid after close(fd)

Signal handling (1):
  pending_signals (0):
    direction: send receive 
    action: return
    description: An interruptible flush returns EINTR.

Side effects (2):
  - File descriptor table entry: The fd is removed.
  - Locks: Advisory locks are dropped. (reversible)

State transitions (1):
  file_descriptor: open -> closed/free
    Valid fd passed to close, the fd becomes invalid.

Capabilities (1):
  CAP_SYS_ADMIN (21):
    allows: Everything
    without: Nothing

Examples:
close(fd);  // basic

Notes:
The fd is always freed.

";

#[test]
fn v4_text_reads_into_the_model() {
    let (s, diags) = text_spec(V4);
    no_diags(&diags);
    assert_eq!(s.name, "sys_close");
    assert_eq!(s.kind, Some(ApiKind::Syscall));
    assert_eq!(s.origin.file, "specs/t");
    assert_eq!(s.description.as_ref().unwrap().text, "Close a file descriptor");
    assert_eq!(s.description.as_ref().unwrap().loc, Loc::new(6, 14));
    assert_eq!(s.long_desc.as_ref().unwrap().text, "Terminates access to an open file descriptor.");
    let ctx = s.contexts.as_ref().unwrap();
    assert_eq!(ctx.known, vec![ContextFlag::Process, ContextFlag::Sleepable]);
    assert_eq!(ctx.loc, Loc::new(8, 16));
    let p = &s.params[0];
    assert_eq!((p.name.as_str(), p.index, p.loc), ("fd", 0, Loc::new(11, 3)));
    let kind = p.kind.as_ref().unwrap();
    assert_eq!((kind.value, kind.loc), (Some(ParamType::Fd), Loc::new(12, 11)));
    assert_eq!(p.ctype.as_deref(), Some("unsigned int fd"));
    assert_eq!(p.flags.as_ref().unwrap().known, vec![ParamFlag::In]);
    assert_eq!(p.description.as_ref().unwrap().text, "The file descriptor to close");
    assert_eq!(p.size.as_ref().unwrap().resolved, Some(4));
    assert_eq!(p.constraint_kind.as_ref().unwrap().value, Some(ConstraintKind::Range));
    assert_eq!(p.min.as_ref().unwrap().resolved, Some(0));
    let max = p.max.as_ref().unwrap();
    assert_eq!((max.resolved, max.loc), (Some(2_147_483_647), Loc::new(19, 12)));
    let r = s.ret.as_ref().unwrap();
    assert_eq!(r.type_name.as_ref().unwrap().text, "KAPI_TYPE_INT");
    assert_eq!(r.kind.as_ref().unwrap().value, Some(ParamType::Int));
    assert_eq!(r.check.as_ref().unwrap().value, Some(ReturnCheck::Exact));
    let ok = r.success.as_ref().unwrap();
    assert_eq!((ok.op, ok.value.resolved), (CmpOp::Eq, Some(0)));
    let e = &s.errors[0];
    assert_eq!((e.name.as_str(), e.code, e.loc), ("EBADF", Some(-9), Loc::new(27, 3)));
    assert_eq!(e.summary.as_ref().unwrap().text, "Bad file descriptor");
    assert_eq!(e.desc.as_ref().unwrap().text, "The file descriptor fd is not valid.");
    let l = &s.locks[0];
    assert_eq!(l.name, "files->file_lock");
    assert_eq!(l.kind.as_ref().unwrap().value, Some(LockType::Spinlock));
    assert_eq!(l.scope.as_ref().unwrap().value, Some(LockScope::Acquires));
    assert_eq!(l.effective_scope(), LockScope::Acquires);
    let c = &s.constraints[0];
    assert_eq!(c.name.text, "File Descriptor Reuse Race");
    assert_eq!(c.desc.as_ref().unwrap().text, "Another thread may get the fd.");
    assert_eq!(c.expr.as_ref().unwrap().text, "fd is invalid after close(fd)");
    let g = &s.signals[0];
    assert_eq!((g.name.as_str(), g.number), ("pending_signals", None));
    assert_eq!(g.direction.as_ref().unwrap().bits(), 3);
    assert_eq!(g.action.as_ref().unwrap().value, Some(SignalAction::Return));
    assert_eq!(g.desc.as_ref().unwrap().text, "An interruptible flush returns EINTR.");
    assert_eq!(s.side_effects.len(), 2);
    assert_eq!(s.side_effects[0].target.as_ref().unwrap().text, "File descriptor table entry");
    assert!(s.side_effects[0].reversible.is_none());
    assert_eq!(s.side_effects[1].desc.as_ref().unwrap().text, "Advisory locks are dropped.");
    assert!(s.side_effects[1].reversible.as_ref().unwrap().is_yes());
    let t = &s.state_transitions[0];
    assert_eq!(t.object.text, "file_descriptor");
    assert_eq!(t.from.as_ref().unwrap().text, "open");
    assert_eq!(t.to.as_ref().unwrap().text, "closed/free");
    assert_eq!(t.desc.as_ref().unwrap().text, "Valid fd passed to close, the fd becomes invalid.");
    let cap = &s.capabilities[0];
    assert_eq!((cap.cap.as_str(), cap.number), ("CAP_SYS_ADMIN", Some(21)));
    assert!(cap.name.is_none());
    assert_eq!(cap.allows.as_ref().unwrap().text, "Everything");
    assert_eq!(cap.without.as_ref().unwrap().text, "Nothing");
    let ex = s.examples.as_ref().unwrap();
    assert_eq!((ex.text.as_str(), ex.loc), ("close(fd);  // basic", Loc::new(58, 1)));
    assert_eq!(s.notes.as_ref().unwrap().text, "The fd is always freed.");
}

#[test]
fn v4_writer_output_reads_back_to_the_same_text() {
    // What the reader takes from the writer's text, the writer prints again.
    for spec in bundled_specs() {
        let t = writer::text(&spec);
        let (read, diags) = text_spec(&t);
        no_diags(&diags);
        assert_eq!(writer::text(&read), t, "{}", spec.name);
        let j = writer::json(&spec);
        let (read, diags) = parse_json("j", &j);
        no_diags(&diags);
        assert_eq!(writer::json(&read.unwrap()), j, "{}", spec.name);
    }
}

#[test]
fn rfc_v4_flags_locks_and_constraints() {
    let text = "\
Name: sys_mlock
Version: 1
Description: Lock memory
Context flags: PROCESS 

Parameters (3):
  [0] start:
    type: uint (unsigned long)
    flags: IN INOUT 
    description: Start

  [1] out:
    type: ptr (void *)
    flags: OUT INOUT USER 
    description: Out

  [2] both:
    type: ptr (void *)
    flags: IN OUT INOUT 
    description: Both

Return value:
  type: long
  description: 0 or an error
  success: == 0

Locks (3):
  mmap_lock (rwlock): Taken for writing
    acquired by function
    released by function
  held_lock (mutex): Taken only
    acquired by function
  other_lock (spinlock): Released only
    released by function

Additional constraints (1):
  - Range: must be mapped

Since: 6.17

";
    let (s, diags) = text_spec(text);
    no_diags(&diags);
    let bits: Vec<u64> = s.params.iter().map(Param::flag_bits).collect();
    assert_eq!(bits, vec![1, 2 | 64, 3]);
    assert_eq!(s.params[1].flags.as_ref().unwrap().raw, "OUT INOUT USER");
    let scopes: Vec<LockScope> = s.locks.iter().map(LockSpec::effective_scope).collect();
    assert_eq!(scopes, vec![LockScope::Internal, LockScope::Acquires, LockScope::Releases]);
    assert_eq!(s.locks[0].acquired.as_ref().unwrap().loc, Loc::new(29, 5));
    // RFC v4 printed the constraint's description alone.
    let c = &s.constraints[0];
    assert_eq!(c.name.text, "");
    assert_eq!(c.desc.as_ref().unwrap().text, "Range: must be mapped");
    assert_eq!(s.since_version.as_ref().unwrap().text, "6.17");
    // `long` is a C type as written, not a KAPI type token.
    let r = s.ret.as_ref().unwrap();
    assert_eq!(r.type_name.as_ref().unwrap().text, "long");
    assert!(r.kind.is_none());
}

#[test]
fn v1_since_line_and_v4_constraint_names() {
    let text = "\
Name: sys_read
Version: 1
Description: Read
Context flags: PROCESS SLEEPABLE 

Parameters (1):
  [0] fd:
    type: fd (unsigned int fd)
    flags: INOUT 
    description: fd

Additional constraints (2):
  - Name only
  - Buffer: must be writable

Signal handling (1):
  SIGKILL (9):
    direction: receive 
    action: unknown
    description: Fatal

Examples:
n = read(fd, buf, 1);

Notes:
Short reads happen.

Since: 6.16
";
    let (s, diags) = text_spec(text);
    no_diags(&diags);
    assert_eq!(s.params[0].flag_bits(), 3, "INOUT alone is IN|OUT from v1 on");
    assert_eq!(s.constraints[0].name.text, "Name only");
    assert!(s.constraints[0].desc.is_none());
    assert_eq!(s.constraints[1].name.text, "Buffer");
    assert_eq!(s.constraints[1].desc.as_ref().unwrap().text, "must be writable");
    // v1 and v2 print `unknown` for QUEUE, DISCARD and TRANSFORM.
    let a = s.signals[0].action.as_ref().unwrap();
    assert_eq!((a.raw.as_str(), a.value), ("unknown", None));
    assert_eq!(s.signals[0].number, Some(9));
    assert_eq!(s.examples.as_ref().unwrap().text, "n = read(fd, buf, 1);");
    assert_eq!(s.notes.as_ref().unwrap().text, "Short reads happen.");
    assert_eq!(s.since_version.as_ref().unwrap().text, "6.16");
    assert_eq!(s.since_version.as_ref().unwrap().loc, Loc::new(28, 8));
}

#[test]
fn post_v4_blocks_and_constraint_lines() {
    let text = "\
Kernel API Specification
========================

Name: sys_write
Version: 1
Description: Write
Long description:
  First line of the long description.
  Second line.
Context flags: PROCESS 

Parameters (2):
  [0] buf:
    type: user_ptr (const char __user * buf)
    flags: IN USER 
    description: Data
    constraints:
      type: buffer
      size_param: count (index 1)
      size_multiplier: 2
      description: Must be readable

  [1] mode:
    type: int (int mode)
    flags: IN 
    description: Mode
    constraints:
      type: enum
      count: 3
      values: 0 1 -2

Return value:
  type: KAPI_TYPE_INT
  description: Bytes written
  success: does not return
  error values: -9 -14

Examples:
  write(fd, buf, n);

  write(fd, buf, 0);

Notes:
  Writes may be short.

";
    let (s, diags) = text_spec(text);
    no_diags(&diags);
    assert_eq!(s.long_desc.as_ref().unwrap().text, "First line of the long description.\nSecond line.");
    assert_eq!(s.long_desc.as_ref().unwrap().loc, Loc::new(8, 3));
    let b = &s.params[0];
    assert_eq!(b.constraint_kind.as_ref().unwrap().value, Some(ConstraintKind::Buffer));
    assert_eq!(b.size_param.as_ref().unwrap().resolved, Some(1));
    assert_eq!(b.size_multiplier.as_ref().unwrap().resolved, Some(2));
    assert_eq!(b.cdesc.as_ref().unwrap().text, "Must be readable");
    let m = &s.params[1];
    let values: Vec<Option<i128>> = m.enum_values.iter().map(|v| v.resolved).collect();
    assert_eq!(values, vec![Some(0), Some(1), Some(-2)]);
    assert_eq!(m.extra[0].key, "enum_count");
    assert_eq!(kernel_view(&s).params[1].enum_count, 3);
    let r = s.ret.as_ref().unwrap();
    assert_eq!(r.check.as_ref().unwrap().value, Some(ReturnCheck::NoReturn));
    assert_eq!(r.error_values.len(), 2);
    assert_eq!(s.examples.as_ref().unwrap().text, "write(fd, buf, n);\n\nwrite(fd, buf, 0);");
    assert_eq!(s.examples.as_ref().unwrap().loc, Loc::new(39, 3));
    assert_eq!(s.notes.as_ref().unwrap().text, "Writes may be short.");
}

#[test]
fn v4_implied_values_null_strings_and_empty_names() {
    let text = "\
Name: f
Version: 1
Description: (null)
Context flags: 

Parameters (1):
  [0] buf:
    type: user_ptr ((null))
    flags: 
    description: 
    constraints:

Return value:
  type: (null)
  description: 

Signal handling (1):
   (0):
    direction: 
    action: default
    description: (null)

Capabilities (1):
  Lock memory (14):
    allows: 
    without: (null)
";
    let (s, diags) = text_spec(text);
    no_diags(&diags);
    assert!(s.description.is_none() && s.contexts.is_none());
    let p = &s.params[0];
    assert!(p.ctype.is_none() && p.flags.is_none() && p.description.is_none());
    // An empty `constraints:` block is BUFFER, the one v4 type without a case.
    assert_eq!(p.constraint_kind.as_ref().unwrap().value, Some(ConstraintKind::Buffer));
    // No `success:` line is NO_RETURN.
    let r = s.ret.as_ref().unwrap();
    assert!(r.type_name.is_none() && r.desc.is_none());
    assert_eq!(r.check.as_ref().unwrap().value, Some(ReturnCheck::NoReturn));
    assert_eq!(s.signals[0].name, "");
    assert!(s.signals[0].desc.is_none());
    let c = &s.capabilities[0];
    assert_eq!((c.cap.as_str(), c.number), ("CAP_IPC_LOCK", Some(14)));
    assert_eq!(c.name.as_ref().unwrap().text, "Lock memory");
    assert!(c.allows.is_none() && c.without.is_none());
}

#[test]
fn json_in_the_text_file_is_read_as_json() {
    let spec = &bundled_specs()[0];
    let (read, diags) = parse_text("specs/x", &writer::json(spec));
    no_diags(&diags);
    assert_eq!(read.unwrap().name, spec.name);
}

#[test]
fn unknown_lines_and_words_are_reported_where_they_are() {
    let text = "\
Name: f
Version: 2
Description: d
Context flags: PROCESS BOGUS 
Mystery: line

Parameters (1):
  [3] x:
    type: weird (int x)
    flags: IN SHINY 
    colour: blue
    description: first
    description: second

Errors (1):
  EFOO (-EFOO): no such errno
    condition: c
    detail: d

Return value:
  type: KAPI_TYPE_INT
  success: maybe

Locks (1):
  l (spinlock): d
    scope: sometimes
";
    let (s, diags) = text_spec(text);
    let at: Vec<(u32, u32)> = diags.iter().map(|d| (d.loc.line, d.loc.col)).collect();
    assert!(diags.iter().all(|d| d.code == "debugfs" && d.file == "specs/t"), "{diags:#?}");
    assert_eq!(
        at,
        vec![(2, 10), (4, 24), (5, 1), (8, 4), (9, 11), (10, 15), (11, 5), (13, 1), (18, 5), (22, 12), (26, 12)],
        "{diags:#?}"
    );
    assert_eq!(s.extra[0].key, "version");
    assert_eq!(s.contexts.as_ref().unwrap().unknown, vec!["BOGUS".to_string()]);
    let p = &s.params[0];
    assert_eq!(p.kind.as_ref().unwrap().raw, "weird");
    assert!(p.kind.as_ref().unwrap().value.is_none());
    assert_eq!(p.description.as_ref().unwrap().text, "first");
    assert!(diags[7].notes[0].contains("description: second"));
    let e = &s.errors[0];
    assert_eq!((e.code, e.code_raw.as_ref().map(|v| v.raw.as_str())), (None, Some("-EFOO")));
    assert!(s.ret.as_ref().unwrap().check.as_ref().unwrap().value.is_none());
    // Lock scope words that are not scopes keep their text.
    assert_eq!(s.locks[0].scope.as_ref().unwrap().raw, "sometimes");
}

// ---------------------------------------------------------------------------
// JSON.

#[test]
fn json_reads_every_key_with_locations() {
    let json = r#"{
  "name": "sys_x",
  "version": 1,
  "description": "X",
  "long_description": "",
  "context_flags": "0x21",
  "parameters": [
    {"name": "fd", "type": "int fd", "type_class": "file_descriptor", "flags": "0x3", "description": "the fd"}
  ],
  "return": {"type": "KAPI_TYPE_INT", "type_class": "int", "check_type": "range", "success_min": 0, "success_max": 9223372036854775807, "description": "n"},
  "errors": [{"code": -4, "name": "EINTR", "condition": "interrupted", "description": "d"}],
  "locks": [{"name": "l", "type": "mutex", "scope": "caller_held", "description": ""}],
  "capabilities": [{"capability": 14, "name": "CAP_IPC_LOCK", "action": "bypass_check", "allows": "a", "without_cap": "w", "check_condition": "c", "priority": 2, "alternatives": [21, 0]}],
  "constraints": [{"name": "n", "description": "d", "expression": "e"}],
  "signals": [{"signal_num": 9, "signal_name": "SIGKILL", "direction": "0x1", "action": 1, "target": "t", "condition": "c", "description": "d", "restartable": true, "sa_flags_required": "0x4", "sa_flags_forbidden": "0x0", "error_on_signal": -4, "transform_to": 0, "timing": "during", "priority": 3, "interruptible": true, "queue_behavior": "realtime", "state_required": "0x1", "state_forbidden": "0x30"}],
  "side_effects": [{"type": "0x4100", "target": "t", "condition": "c", "description": "d", "reversible": true}],
  "examples": "ex \"quoted\"\n",
  "notes": "\u00e9\ud83d\ude00"
}
"#;
    let (s, diags) = parse_json("specs-json/sys_x", json);
    no_diags(&diags);
    let s = s.unwrap();
    assert_eq!(s.contexts.as_ref().unwrap().bits(), 0x21);
    assert!(s.long_desc.is_none(), "\"\" is NULL");
    let p = &s.params[0];
    assert_eq!(p.kind.as_ref().unwrap().value, Some(ParamType::Fd));
    assert_eq!(p.flags.as_ref().unwrap().known, vec![ParamFlag::InOut]);
    assert_eq!(p.loc, Loc::new(8, 6));
    assert_eq!(p.description.as_ref().unwrap().loc, Loc::new(8, 103));
    let r = s.ret.as_ref().unwrap();
    assert_eq!(r.check.as_ref().unwrap().value, Some(ReturnCheck::Range));
    assert_eq!(r.success_max.as_ref().unwrap().resolved, Some(i128::from(i64::MAX)));
    assert!(r.success_min.is_none(), "0 is the struct's zero");
    assert_eq!(s.errors[0].code, Some(-4));
    assert_eq!(s.locks[0].scope.as_ref().unwrap().value, Some(LockScope::CallerHeld));
    let c = &s.capabilities[0];
    assert_eq!((c.cap.as_str(), c.number), ("CAP_IPC_LOCK", Some(14)));
    assert!(c.name.is_none());
    assert_eq!(c.action.as_ref().unwrap().value, Some(CapabilityAction::BypassCheck));
    assert_eq!(c.alternatives.len(), 2);
    let g = &s.signals[0];
    assert_eq!(g.number, Some(9));
    assert_eq!(g.action.as_ref().unwrap().value, Some(SignalAction::Terminate));
    assert_eq!(g.errno.as_ref().unwrap().name.as_deref(), Some("EINTR"));
    assert_eq!(g.timing.as_ref().unwrap().value, Some(SignalTiming::During));
    assert_eq!(g.queue.as_ref().unwrap().value, Some(SignalQueue::Realtime));
    assert_eq!(g.state_forbidden.as_ref().unwrap().known, vec![SignalState::Zombie, SignalState::Dead]);
    assert!(g.restartable.as_ref().unwrap().is_yes() && g.interruptible.as_ref().unwrap().is_yes());
    assert_eq!(s.side_effects[0].kinds.known, vec![EffectType::ResourceDestroy, EffectType::Irreversible]);
    assert_eq!(s.examples.as_ref().unwrap().text, "ex \"quoted\"\n");
    assert_eq!(s.notes.as_ref().unwrap().text, "é😀");
}

#[test]
fn json_misfits_are_reported_and_kept() {
    let json = r#"{"name": "f", "version": 2, "description": 5, "context_flags": "0xZZ",
"parameters": [3, {"name": "p", "flags": true, "colour": "red"}],
"errors": [{"code": 99999999999999999999, "name": "E"}, {"code": 1e400, "name": "F"}, {"code": -2147483649, "name": "G"}],
"signals": [{"signal_num": 1099511627776, "action": 99, "signal_name": "S"}],
"name": "again", "extra_key": [1, {"a": null}]}"#;
    let (s, diags) = parse_json("j", json);
    let s = s.unwrap();
    assert_eq!(s.name, "f");
    assert!(diags.iter().all(|d| d.loc.line >= 1 && d.file == "j"), "{diags:#?}");
    let msgs: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(diags.len(), 13, "{msgs:#?}");
    assert_eq!(s.extra.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), vec!["extra_key", "version"]);
    assert_eq!(s.extra[0].value.text, "[1,{\"a\":null}]");
    assert_eq!(s.errors.len(), 3);
    assert!(s.errors.iter().all(|e| e.code.is_none()));
    let a = s.signals[0].action.as_ref().unwrap();
    assert_eq!((a.raw.as_str(), a.value), ("99", None));
    assert_eq!(s.params[0].extra[0].key, "colour");
}

#[test]
fn bad_json_gives_one_located_error() {
    for (text, line, col) in [
        ("", 1, 1),
        ("{", 1, 2),
        ("{\"name\": \"x\",}", 1, 14),
        ("{\"name\": \"x\"\n  \"b\": 1}", 2, 3),
        ("{\"name\": \"a\u{1}\"}", 1, 12),
        ("{\"name\": \"\\x\"}", 1, 11),
        ("{\"name\": \"\\ud800\"}", 1, 11),
        ("{\"n\": 01}", 1, 7),
        ("{\"n\": -}", 1, 7),
        ("[1, 2", 1, 6),
        ("{\"n\": tru}", 1, 7),
    ] {
        let (s, diags) = parse_json("j", text);
        assert!(s.is_none(), "{text}");
        assert_eq!(diags.len(), 1, "{text}: {diags:#?}");
        assert_eq!((diags[0].loc.line, diags[0].loc.col), (line, col), "{text}: {}", diags[0].message);
        assert_eq!(diags[0].severity, Severity::Error);
    }
    let (s, diags) = parse_json("j", "[1]");
    assert!(s.is_none() && diags.len() == 1);
    let (s, diags) = parse_json("j", "{\"description\": \"x\"}");
    assert!(s.is_none() && diags[0].message.contains("no `name`"));
}

#[test]
fn deep_json_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(200_000);
    let (s, diags) = parse_json("j", &deep);
    assert!(s.is_none());
    assert!(diags[0].message.contains("nested more than"), "{diags:#?}");
    assert_eq!(diags[0].loc, Loc::new(1, 66));
}

// ---------------------------------------------------------------------------
// Crafted input.

#[test]
fn truncated_files_never_panic_and_say_why() {
    let spec = &bundled_specs()[0];
    let text = writer::text(spec);
    let json = writer::json(spec);
    for cut in (0..text.len()).step_by(7).filter(|c| text.is_char_boundary(*c)) {
        let (s, diags) = parse_text("t", &text[..cut]);
        if s.is_none() {
            assert!(diags.iter().any(|d| d.severity == Severity::Error), "cut {cut}: {diags:#?}");
        }
    }
    for cut in (0..json.len()).step_by(5).filter(|c| json.is_char_boundary(*c)) {
        let (s, diags) = parse_json("j", &json[..cut]);
        assert!(s.is_none(), "cut {cut}");
        assert_eq!(diags.len(), 1);
    }
    // Cut inside the parameters: the count no longer matches.
    let cut = text.find("  [1]").expect("two params");
    let (_, diags) = parse_text("t", &text[..cut]);
    assert!(diags.iter().any(|d| d.message.contains("but 1 item(s) follow")), "{diags:#?}");
    let (s, diags) = parse_text("t", "");
    assert!(s.is_none() && diags[0].message.contains("no `Name:`"));
}

#[test]
fn huge_counts_are_compared_never_allocated() {
    let text =
        "Name: f\n\nParameters (2147483648):\n  [0] x:\n    type: int (int x)\n\nErrors (99999999999999999999999):\n";
    let (s, diags) = text_spec(text);
    assert_eq!(s.params.len(), 1);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_eq!((diags[0].loc.line, diags[0].loc.col), (3, 13));
    assert!(diags[0].message.contains("`Parameters (2147483648):` but 1 item(s) follow"), "{}", diags[0].message);
    assert_eq!((diags[1].loc.line, diags[1].loc.col), (7, 9));
    assert!(diags[1].message.contains("is not a count"));
    // Huge values stay text, unresolved, and the writer keeps them.
    let text = "Name: f\n\nParameters (1):\n  [0] x:\n    type: int (int x)\n    constraints:\n      type: range\n      min: -99999999999999999999999999999999999999999\n      max: 340282366920938463463374607431768211456\n";
    let (s, diags) = text_spec(text);
    no_diags(&diags);
    let p = &s.params[0];
    assert!(p.min.as_ref().unwrap().resolved.is_none() && p.max.as_ref().unwrap().resolved.is_none());
    assert!(writer::text(&s).contains("max: 340282366920938463463374607431768211456"));
}

#[test]
fn item_diagnostic_and_json_value_limits() {
    use kapi_source::debugfs::{MAX_DIAGS, MAX_ITEMS, MAX_JSON_VALUES};
    let mut text = format!("Name: f\n\nParameters ({}):\n", MAX_ITEMS + 10);
    for i in 0..MAX_ITEMS + 10 {
        text.push_str(&format!("  [{i}] p{i}:\n    type: int (int p{i})\n\n"));
    }
    text.push_str("Return value:\n  type: KAPI_TYPE_INT\n  success: == 0\n");
    let (s, diags) = text_spec(&text);
    assert_eq!(s.params.len(), MAX_ITEMS);
    assert_eq!(s.ret.as_ref().unwrap().check.as_ref().unwrap().value, Some(ReturnCheck::Exact));
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(diags[0].message.contains("items in Parameters") && diags[0].loc.line == 4 + 3 * MAX_ITEMS as u32);
    assert!(diags[1].message.contains("item(s) follow") && diags[1].loc == Loc::new(3, 13));

    let garbage = "Name: f\n".to_string() + &"?\n".repeat(3 * MAX_DIAGS);
    let (_, diags) = text_spec(&garbage);
    assert_eq!(diags.len(), MAX_DIAGS + 1);
    assert_eq!(diags[MAX_DIAGS].loc.line, MAX_DIAGS as u32 + 2);
    assert!(diags[MAX_DIAGS].message.contains("from here on, the file is not read"));

    let many = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES));
    let (s, diags) = parse_json("j", &many);
    assert!(s.is_none() && diags[0].message.contains("values"), "{diags:#?}");
}

#[test]
fn nul_bytes_and_invalid_utf8() {
    let (s, diags) = parse_text("t", "Name: f\nDescription: a\0b\n");
    assert!(s.is_none());
    assert_eq!((diags[0].loc.line, diags[0].loc.col), (2, 15));
    let (s, diags) = parse_json("j", "{\"name\": \"\0\"}");
    assert!(s.is_none() && diags[0].message.contains("NUL"));
    let dir = tempfile::tempdir().unwrap();
    let kapi = dir.path().join("kapi");
    std::fs::create_dir_all(kapi.join("specs")).unwrap();
    std::fs::write(kapi.join("specs/bin"), b"Name: bin\n\x7fELF\0\0\0").unwrap();
    std::fs::write(kapi.join("specs/latin1"), b"Name: latin1\nDescription: caf\xe9\n").unwrap();
    let read = read_dir(dir.path());
    let names: Vec<&str> = read.specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["latin1"]);
    assert_eq!(read.specs[0].description.as_ref().unwrap().text, "caf\u{fffd}");
    let d: Vec<(String, u32, u32, Severity)> = read
        .diags
        .iter()
        .filter(|d| d.file.contains("specs/"))
        .map(|d| (d.file.rsplit('/').next().unwrap().to_string(), d.loc.line, d.loc.col, d.severity))
        .collect();
    assert_eq!(
        d,
        vec![("bin".into(), 2, 5, Severity::Error), ("latin1".into(), 2, 17, Severity::Warning)],
        "{:#?}",
        read.diags
    );
    // No `list`: reported once, every file still read.
    assert!(read.diags.iter().any(|d| d.message.contains("no `list` file")));
}

#[test]
fn a_100_mb_line_is_skipped_quickly() {
    let mut text = String::from("Name: big\nDescription: ");
    text.push_str(&"x".repeat(100 << 20));
    text.push_str("\nContext flags: PROCESS \n");
    let start = std::time::Instant::now();
    let (s, diags) = text_spec(&text);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert!(s.description.is_none());
    assert_eq!(s.contexts.as_ref().unwrap().bits(), 1);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].loc.line, 2);
    assert!(diags[0].message.contains("104857613 bytes"), "{}", diags[0].message);
    // As a file it is over the size limit.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    std::fs::write(dir.path().join("specs/big"), &text).unwrap();
    std::fs::write(dir.path().join("list"), "big - x\n").unwrap();
    let read = read_dir(dir.path());
    assert!(read.specs.is_empty());
    let d = read.diags.iter().find(|d| d.file.ends_with("specs/big")).expect("reported");
    assert!(d.message.contains("larger than 16 MiB") && d.loc.line == 2, "{d:#?}");
}

#[test]
fn missing_and_odd_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let missing = read_dir(&dir.path().join("nope"));
    assert!(missing.specs.is_empty());
    assert!(missing.diags[0].message.contains("cannot read"), "{:#?}", missing.diags);
    let empty = read_dir(dir.path());
    assert!(empty.diags[0].message.contains("no `kapi` directory"), "{:#?}", empty.diags);

    let spec = &bundled_specs()[0];
    writer::write_tree(dir.path(), &[spec]).unwrap();
    let kapi = dir.path().join("kapi");
    let mut list = std::fs::read_to_string(kapi.join("list")).unwrap();
    list = list.replace("\nTotal: 1", "ghost - Not there\n../etc/passwd - no\ngarbage line\n\nTotal: 9");
    std::fs::write(kapi.join("list"), list).unwrap();
    std::fs::create_dir(kapi.join("specs/adir")).unwrap();
    std::fs::write(kapi.join("specs-json/onlyjson"), "{\"name\": \"onlyjson\"}").unwrap();
    let read = read_dir(dir.path());
    let names: Vec<&str> = read.specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec![spec.name.as_str(), "onlyjson"]);
    let msgs: Vec<String> =
        read.diags.iter().map(|d| format!("{}:{} {}", d.file.rsplit('/').next().unwrap(), d.loc, d.message)).collect();
    let want = [
        "list:5:1 `ghost` is listed but neither specs/ghost nor specs-json/ghost exists",
        "list:6:1 not a `<name> - <description>` line",
        "list:7:1 not a `<name> - <description>` line",
        "list:9:8 `Total: 9` but 2 specs are listed",
        "list:0:0 `adir` has spec files but is not listed",
        "list:0:0 `onlyjson` has spec files but is not listed",
        "adir:0:0 not a regular file; not read",
    ];
    for w in want {
        assert!(msgs.iter().any(|m| m.starts_with(w)), "missing {w:?} in {msgs:#?}");
    }
    assert_eq!(msgs.len(), want.len(), "{msgs:#?}");
    let ghost = read.diags.iter().find(|d| d.message.contains("ghost")).unwrap();
    assert!(ghost.notes[0].contains("Not there"));
}

#[test]
fn unreadable_directories_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    writer::write_tree(dir.path(), &[&bundled_specs()[0]]).unwrap();
    let specs = dir.path().join("kapi/specs");
    std::fs::set_permissions(&specs, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&specs).is_ok();
    let read = read_dir(dir.path());
    std::fs::set_permissions(&specs, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        eprintln!("skipped: running with permissions that read a mode-000 directory (root)");
        return;
    }
    // The JSON is still read; the text directory is reported.
    assert_eq!(read.specs.len(), 1);
    assert!(
        read.diags.iter().any(|d| d.file.ends_with("kapi/specs") && d.message.contains("cannot list")),
        "{:#?}",
        read.diags
    );
    assert!(read.diags.iter().any(|d| d.message.contains("cannot read")), "{:#?}", read.diags);
}

#[test]
fn a_fifo_does_not_hang_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    let fifo = dir.path().join("specs/pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: no mkfifo");
        return;
    }
    let read = read_dir(dir.path());
    assert!(read.diags.iter().any(|d| d.file.ends_with("specs/pipe") && d.message.contains("not a regular file")));
}

#[test]
fn json_and_text_disagreeing_is_reported() {
    let spec = &bundled_specs()[0];
    let dir = tempfile::tempdir().unwrap();
    writer::write_tree(dir.path(), &[spec]).unwrap();
    let text_path = dir.path().join("kapi/specs").join(&spec.name);
    let t = std::fs::read_to_string(&text_path).unwrap().replacen("  [0] ", "  [0] renamed_", 1);
    std::fs::write(&text_path, t).unwrap();
    let read = read_dir(dir.path());
    assert_eq!(read.specs.len(), 1);
    assert!(read.diags.iter().any(|d| d.message.contains("parameters differ")), "{:#?}", read.diags);
    // Bad JSON falls back to the text.
    let json_path = dir.path().join("kapi/specs-json").join(&spec.name);
    std::fs::write(&json_path, "{ not json").unwrap();
    let read = read_dir(dir.path());
    assert_eq!(read.specs.len(), 1);
    assert_eq!(read.specs[0].origin.file, text_path.display().to_string());
    assert!(read.diags.iter().any(|d| d.message.starts_with("not JSON")));
}

// ---------------------------------------------------------------------------
// Arbitrary specs round-trip too.

fn loc0() -> Loc {
    Loc::default()
}

/// A name without the separators that make the text format ambiguous.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_>.-]{0,10}( [a-z]{1,5})?"
}

/// Prose: any printable text, line breaks and separators included.
fn prose() -> impl Strategy<Value = Option<Text>> {
    prop::option::of("[ -~\n\té€😀]{0,40}".prop_map(|t| Text::new(t, loc0())))
}

/// Prose for the last field of a line that a suffix would make ambiguous.
fn tail_prose() -> impl Strategy<Value = Option<Text>> {
    prose().prop_map(|t| t.filter(|t| !writer::flat(&t.text).ends_with("(reversible)")))
}

fn value() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        any::<i64>().prop_map(|n| Value::literal(i128::from(n))),
        any::<u64>().prop_map(|n| Value::literal(i128::from(n))),
        (-300i64..300).prop_map(|n| Value::literal(i128::from(n))),
        Just(Value::parse("INT_MAX", loc0())),
        Just(Value::parse("NO_SUCH_NAME | 4", loc0())),
        Just(Value::literal(1i128 << 100)),
    ])
}

fn token<E: KapiEnum>() -> impl Strategy<Value = Option<Token<E>>> {
    prop_oneof![
        Just(None),
        prop::sample::select(E::all()).prop_map(|v| Some(Token::known(v))),
        "[a-z]{3,7}".prop_map(|w| Some(Token::parse(&w, loc0()))),
    ]
}

fn flags<E: KapiEnum>() -> impl Strategy<Value = Option<FlagSet<E>>> {
    prop::option::of((prop::sample::subsequence(E::all().to_vec(), 0..=E::all().len()), any::<u16>()).prop_map(
        |(members, extra)| {
            let mut f = FlagSet::of(&members);
            f.literal_bits = u64::from(extra) << 16;
            f
        },
    ))
}

fn truth() -> impl Strategy<Value = Option<Truth>> {
    prop::option::of(any::<bool>().prop_map(Truth::of))
}

prop_compose! {
    fn arb_param()(
        name in name(), ctype in prop::option::of("[a-z_ *]{1,20}"), description in prose(),
        kind in token::<ParamType>(), flags in flags::<ParamFlag>(), ck in token::<ConstraintKind>(),
        min in value(), max in value(), mask in value(), alignment in value(), size in value(),
        enum_values in prop::collection::vec(value().prop_map(|v| v.unwrap_or_else(|| Value::literal(0))), 0..4),
        size_param in value(), size_multiplier in value(), cdesc in prose(),
    ) -> Param {
        Param {
            name, ctype, description, kind, flags, constraint_kind: ck, min, max, mask, alignment, size,
            enum_values, size_param, size_multiplier, cdesc, has_block: true, ..Param::default()
        }
    }
}

prop_compose! {
    fn arb_return()(
        type_name in prose(), kind in token::<ParamType>(), check in token::<ReturnCheck>(),
        op in prop::sample::select(vec![CmpOp::Eq, CmpOp::Ge, CmpOp::Gt, CmpOp::Le, CmpOp::Lt, CmpOp::Ne]),
        v in value(), min in value(), max in value(), desc in prose(),
        error_values in prop::collection::vec(any::<i32>().prop_map(|n| Value::literal(i128::from(n))), 0..3),
    ) -> ReturnSpec {
        let type_name = type_name.filter(|t| !writer::flat(&t.text).is_empty());
        ReturnSpec {
            type_name, kind, check, desc, error_values, success_min: min, success_max: max,
            success: v.map(|value| Success { raw: String::new(), loc: loc0(), op, value }),
            ..ReturnSpec::default()
        }
    }
}

prop_compose! {
    fn arb_signal()(
        name in name(), number in prop::option::of(-5i32..70), direction in flags::<SignalDirection>(),
        action in token::<SignalAction>(), target in prose(), condition in prose(), desc in prose(),
        restartable in truth(), interruptible in truth(), sa_req in value(), sa_forb in value(),
        errno in prop::option::of(prop_oneof![Just("-EINTR"), Just("-EFOOBAR"), Just("-4")]),
        transform_to in value(), timing in token::<SignalTiming>(), priority in value(),
        queue in token::<SignalQueue>(), state_required in flags::<SignalState>(), state_forbidden in flags::<SignalState>(),
    ) -> SignalSpec {
        SignalSpec {
            name, number, direction, action, target, condition, desc, restartable, interruptible,
            sa_flags_required: sa_req, sa_flags_forbidden: sa_forb, errno: errno.map(|e| ErrnoRef::parse(e, loc0())),
            transform_to, timing, priority, queue, state_required, state_forbidden, ..SignalSpec::default()
        }
    }
}

prop_compose! {
    fn arb_capability()(
        cap in prop_oneof![Just("CAP_SYS_ADMIN".to_string()), Just("CAP_NOT_REAL".to_string()), "[A-Za-z_][A-Za-z0-9_]{0,8}"],
        number in prop::option::of(0i32..45), action in token::<CapabilityAction>(), cap_name in prose(),
        allows in prose(), without in prose(), condition in prose(), priority in value(),
        alternatives in prop::collection::vec(any::<i32>().prop_map(|n| Value::literal(i128::from(n))), 0..3),
    ) -> Capability {
        // The one-line form's description stands in the name slot.
        let name = cap_name.map(|t| Text::new(writer::flat(&t.text).replace("):", ")"), loc0()));
        Capability { cap, number, action, name, allows, without, condition, priority, alternatives, ..Capability::default() }
    }
}

prop_compose! {
    fn arb_spec()(
        name in "[a-z_][a-z0-9_]{0,12}", description in prose(), long_desc in prose(), contexts in flags::<ContextFlag>(),
        params in prop::collection::vec(arb_param().boxed(), 0..4).boxed(), ret in prop::option::of(arb_return().boxed()).boxed(),
        errors in prop::collection::vec((name(), prop::option::of(-140i32..0), prose(), tail_prose()), 0..3).boxed(),
        locks in prop::collection::vec((name(), token::<LockType>(), token::<LockScope>(), truth(), truth(), prose()), 0..3).boxed(),
        constraints in prop::collection::vec((prop::option::of(name()), prose(), prose()), 0..3),
        signals in prop::collection::vec(arb_signal().boxed(), 0..3).boxed(),
        effects in prop::collection::vec((flags::<EffectType>(), prop::option::of(name()), tail_prose(), prose(), truth()), 0..3).boxed(),
        transitions in prop::collection::vec((name(), prop::option::of(name()), prose(), prose(), prose()), 0..3).boxed(),
        capabilities in prop::collection::vec(arb_capability().boxed(), 0..3).boxed(),
        examples in prose(), notes in prose(),
    ) -> Spec {
        let t = |s: String| Text::new(s, loc0());
        Spec {
            name, description, long_desc, contexts, ret, examples, notes,
            params: params.into_iter().enumerate().map(|(index, p)| Param { index, ..p }).collect(),
            errors: errors.into_iter().map(|(name, code, summary, desc)| ErrorSpec { name, code, summary, desc, ..ErrorSpec::default() }).collect(),
            locks: locks.into_iter().map(|(name, kind, scope, acquired, released, desc)| LockSpec { name, kind, scope, acquired, released, desc, ..LockSpec::default() }).collect(),
            constraints: constraints.into_iter().map(|(name, desc, expr)| Constraint { name: t(name.unwrap_or_default()), desc, expr, ..Constraint::default() }).collect(),
            signals,
            side_effects: effects.into_iter().map(|(kinds, target, desc, condition, reversible)| SideEffect {
                loc: loc0(), kinds: kinds.unwrap_or_else(|| FlagSet::of(&[])), target: target.map(t), desc, condition, reversible, extra: Vec::new(),
            }).collect(),
            state_transitions: transitions.into_iter().map(|(object, from, to, condition, desc)| StateTransition {
                object: t(object), from: from.map(t), to: to.map(|x| Text::new(writer::flat(&x.text).replace(" -> ", " => "), loc0())), condition, desc, ..StateTransition::default()
            }).collect(),
            capabilities,
            ..Spec::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_specs_round_trip(spec in arb_spec()) {
        let failures = round_trip_all(std::slice::from_ref(&spec), "arbitrary");
        prop_assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

// ---------------------------------------------------------------------------
// Properties.

/// Every line of the writer's outputs for the bundled specs.
fn real_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for s in bundled_specs() {
        lines.extend(writer::text(&s).lines().map(str::to_string));
        lines.extend(writer::json(&s).lines().map(str::to_string));
    }
    lines.extend(V4.lines().map(str::to_string));
    lines.sort();
    lines.dedup();
    lines
}

/// What any parse must satisfy: located diagnostics in the right file, and
/// no spec without an error saying why.
fn well_behaved(file: &str, spec: &Option<Spec>, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diags {
        prop_assert_eq!(&d.file, file);
        prop_assert_eq!(d.code, "debugfs");
        prop_assert!(d.loc.line >= 1, "{:?}", d);
    }
    if spec.is_none() {
        prop_assert!(diags.iter().any(|d| d.severity == Severity::Error), "{:#?}", diags);
    }
    Ok(())
}

/// One edit of a text.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut t = text.to_string();
    for e in edits {
        let at = |i: usize, t: &str| {
            let mut i = i % (t.len() + 1);
            while !t.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match e {
            Edit::Delete(a, n) => {
                let a = at(*a, &t);
                let b = at(a + n % 64, &t).max(a);
                t.replace_range(a..b, "");
            }
            Edit::Insert(a, s) => {
                let a = at(*a, &t);
                t.insert_str(a, s);
            }
            Edit::DuplicateLine(i) | Edit::SwapLines(i, _) if t.lines().count() == 0 => {
                let _ = i;
            }
            Edit::DuplicateLine(i) => {
                let mut lines: Vec<&str> = t.lines().collect();
                let i = i % lines.len();
                lines.insert(i, lines[i]);
                t = lines.join("\n");
            }
            Edit::SwapLines(i, j) => {
                let mut lines: Vec<&str> = t.lines().collect();
                let n = lines.len();
                lines.swap(i % n, j % n);
                t = lines.join("\n");
            }
        }
    }
    t
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let fragment = prop_oneof![
        Just(String::from("\n")),
        Just(String::from("  ")),
        Just(String::from("):")),
        Just(String::from(" (")),
        Just(String::from(": ")),
        Just(String::from("\"")),
        Just(String::from("{")),
        Just(String::from("[")),
        Just(String::from("\\u")),
        Just(String::from("Parameters (4294967296):\n")),
        Just(String::from("    constraints:\n")),
        Just(String::from("Examples:\n")),
        ".{0,12}",
    ];
    prop::collection::vec(
        prop_oneof![
            (any::<usize>(), any::<usize>()).prop_map(|(a, n)| Edit::Delete(a, n)),
            (any::<usize>(), fragment).prop_map(|(a, s)| Edit::Insert(a, s)),
            any::<usize>().prop_map(Edit::DuplicateLine),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        ],
        1..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_without_panicking(text in "\\PC{0,400}") {
        let (s, d) = parse_text("t", &text);
        well_behaved("t", &s, &d)?;
        let (s, d) = parse_json("j", &text);
        well_behaved("j", &s, &d)?;
        let (_, d) = parse_list("l", &text);
        for x in d {
            prop_assert!(x.loc.line >= 1);
        }
    }

    #[test]
    fn any_bytes_decode_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let (text, diags) = kapi_source::debugfs::decode("b", &bytes);
        match text {
            Some(t) => {
                let (s, d) = parse_text("b", &t);
                well_behaved("b", &s, &d)?;
            }
            None => prop_assert!(diags.iter().any(|d| d.message.contains("NUL"))),
        }
    }

    #[test]
    fn recombined_real_lines_parse_without_panicking(picks in prop::collection::vec(any::<prop::sample::Index>(), 0..80)) {
        let lines = real_lines();
        let text: String = picks.iter().map(|i| format!("{}\n", i.get(&lines))).collect();
        let (s, d) = parse_text("t", &text);
        well_behaved("t", &s, &d)?;
        let (s, d) = parse_json("j", &text);
        well_behaved("j", &s, &d)?;
    }

    #[test]
    fn mutated_real_outputs_parse_without_panicking(which in any::<prop::sample::Index>(), json in any::<bool>(), e in edits()) {
        let specs = bundled_specs();
        let spec = which.get(&specs);
        let out = if json { writer::json(spec) } else { writer::text(spec) };
        let mutated = apply(&out, &e);
        let (s, d) = parse_text("t", &mutated);
        well_behaved("t", &s, &d)?;
        let (s, d) = parse_json("j", &mutated);
        well_behaved("j", &s, &d)?;
    }
}
