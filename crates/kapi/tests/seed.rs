//! The RFC v4 seed, read as published on a web mail archive (diff `+`
//! signs kept, sub-key indentation lost), must give the whole mlock spec.

mod common;

use kapi_model::enums::*;
use kapi_model::*;

fn seed_spec() -> Option<(Spec, Vec<Diagnostic>)> {
    let path = common::seed()?;
    let scan = kapi_source::scan_path(&path, &Default::default()).expect("seed readable");
    assert_eq!(scan.specs.len(), 1, "the seed holds one spec");
    Some((scan.specs[0].spec.clone(), scan.diags))
}

#[test]
fn seed_gives_the_whole_spec() {
    let Some((s, diags)) = seed_spec() else { return };
    assert_eq!(s.name, "sys_mlock");
    assert_eq!(s.description.as_ref().unwrap().text, "Lock pages in memory");
    assert_eq!(s.contexts.as_ref().unwrap().bits(), 1 | 32);

    // Params: no invented `start, KAPI_TYPE_UINT` names.
    let names: Vec<&str> = s.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["start", "len"]);
    for p in &s.params {
        assert_eq!(p.kind.as_ref().unwrap().value, Some(ParamType::Uint));
        assert_eq!(p.flags.as_ref().unwrap().bits(), 1);
        assert_eq!(p.constraint_text.len(), 1, "{} keeps its constraint text", p.name);
    }
    let len = s.param("len").unwrap();
    assert_eq!(len.constraint_kind.as_ref().unwrap().value, Some(ConstraintKind::Range));
    assert_eq!(len.min.as_ref().unwrap().resolved, Some(0));
    let max = len.max.as_ref().unwrap();
    assert_eq!(max.raw, "LONG_MAX");
    assert_eq!(max.resolved, Some(i64::MAX as i128));

    // Return.
    let r = s.ret.as_ref().unwrap();
    assert_eq!(r.kind.as_ref().unwrap().value, Some(ParamType::Int));
    assert_eq!(r.check.as_ref().unwrap().value, Some(ReturnCheck::ErrorCheck));
    assert_eq!(r.success.as_ref().unwrap().value.resolved, Some(0));

    // Errors: six, each with summary and desc; none made from the signal's errno line.
    let errs: Vec<&str> = s.errors.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(errs, ["ENOMEM", "EPERM", "EINVAL", "EAGAIN", "EINTR", "EFAULT"]);
    for e in &s.errors {
        assert!(e.summary.is_some() && e.desc.is_some(), "{} has summary and desc", e.name);
    }
    assert_eq!(s.since_version.as_ref().unwrap().text, "2.0");

    // Lock.
    assert_eq!(s.locks.len(), 1);
    let l = &s.locks[0];
    assert_eq!(l.name, "mmap_lock");
    assert_eq!(l.kind.as_ref().unwrap().value, Some(LockType::Rwlock));
    assert!(l.acquired.as_ref().unwrap().is_yes() && l.released.as_ref().unwrap().is_yes());
    assert_eq!(l.desc.as_ref().unwrap().text, "Process memory map write lock");

    // Signal with every sub-key.
    assert_eq!(s.signals.len(), 1);
    let g = &s.signals[0];
    assert_eq!(g.name, "FATAL");
    assert_eq!(g.direction.as_ref().unwrap().bits(), SignalDirection::Receive.number());
    assert_eq!(g.action.as_ref().unwrap().value, Some(SignalAction::Return));
    assert_eq!(g.condition.as_ref().unwrap().text, "Fatal signal pending");
    let desc = &g.desc.as_ref().unwrap().text;
    assert!(
        desc.starts_with("Fatal signals (SIGKILL) can interrupt") && desc.ends_with("SIGINT/SIGTERM are received."),
        "whole 4-line desc: {desc}"
    );
    assert!(!desc.contains("error:"), "the errno line is not folded into the desc");
    assert_eq!(g.errno.as_ref().unwrap().code, Some(-4));
    assert_eq!(g.timing.as_ref().unwrap().value, Some(SignalTiming::During));
    assert_eq!(g.priority.as_ref().unwrap().resolved, Some(0));
    assert!(g.interruptible.as_ref().unwrap().is_yes());
    assert_eq!(g.state_required.as_ref().unwrap().bits(), SignalState::Running.number());

    // Examples keep their 2 lines; notes their 2 paragraphs.
    assert_eq!(s.examples.as_ref().unwrap().text.lines().count(), 2);
    assert_eq!(s.notes.as_ref().unwrap().text.split("\n\n").count(), 2);

    // Side effects, transitions, capability, constraints.
    assert_eq!(s.side_effects.len(), 5);
    assert!(s.side_effects.iter().all(|e| e.target.is_some()));
    let conds = s.side_effects.iter().filter(|e| e.condition.is_some()).count();
    assert_eq!(conds, 3);
    let rev: Vec<bool> = s.side_effects.iter().map(|e| e.reversible.as_ref().is_some_and(|r| r.is_yes())).collect();
    assert_eq!(rev, [true, true, true, false, false]);
    assert_eq!(s.state_transitions.len(), 2);
    assert_eq!(s.capabilities.len(), 1);
    let c = &s.capabilities[0];
    assert_eq!(c.cap, "CAP_IPC_LOCK");
    assert_eq!(c.number, Some(14));
    assert_eq!(c.action.as_ref().unwrap().value, Some(CapabilityAction::BypassCheck));
    assert!(c.allows.is_some() && c.without.is_some() && c.condition.is_some());
    assert_eq!(c.priority.as_ref().unwrap().resolved, Some(0));
    assert_eq!(s.constraints.len(), 3);
    assert!(s.constraints[0].expr.is_some());
    assert!(s.constraints[1].expr.is_none());

    // The recovery is reported, with patch lines mapped into mm/mlock.c.
    let rec = diags.iter().find(|d| d.code == "indentation-recovered").expect("recovery reported");
    assert_eq!(rec.target.as_ref().unwrap().path, "mm/mlock.c");
    assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:#?}");
}

fn normalized(mut s: Spec) -> String {
    // Locations and the file differ by construction; the archive also
    // collapsed runs of spaces inside lines.
    s.origin = Origin::default();
    let mut out = format!("{s:?}");
    out = out
        .split("loc: Loc {")
        .map(|p| p.split_once('}').map_or(p.to_string(), |(_, r)| r.to_string()))
        .collect::<Vec<_>>()
        .join("loc: Loc {}");
    let mut prev = ' ';
    out.retain(|c| {
        let keep = !(c == ' ' && prev == ' ');
        prev = c;
        keep
    });
    out
}

#[test]
fn indented_original_gives_the_same_model() {
    let Some((seed, _)) = seed_spec() else { return };
    let Some(corpus) = common::corpus() else { return };
    let scan = kapi_source::scan_path(&corpus.join("rfc-v4/sys_mlock.c"), &Default::default()).unwrap();
    let mut orig = scan.specs[0].spec.clone();
    let mut seed = seed;
    if let Some(d) = orig.definition.as_mut() {
        d.loc = Loc::default();
    }
    if let Some(d) = seed.definition.as_mut() {
        d.loc = Loc::default();
    }
    assert_eq!(normalized(seed), normalized(orig));
}
