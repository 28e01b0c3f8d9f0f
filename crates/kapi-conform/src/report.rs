//! Verdicts: what each outcome says about the spec, per case and per
//! documented error; TAP 13 and JSON output.

use crate::plan::{Case, Expect, NotExercised, Origin};
use crate::run::Outcome;
use kapi_model::enums::*;
use kapi_model::{tables, Spec};
use schemars::JsonSchema;
use serde::Serialize;

/// The verdict of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Verdict {
    /// The kernel did what the spec says.
    Pass,
    /// The kernel accepted an input the spec's constraint forbids.
    Contradiction,
    /// The kernel returned an errno the spec does not list.
    UndocumentedErrno,
    /// The valid call did not succeed as the return spec says.
    ValidCallFailed,
    /// The child died of a signal.
    Crashed,
    /// Nothing could be concluded (setup failed, the call blocked).
    Skip,
}

impl Verdict {
    /// Whether this counts as a failure.
    pub fn failed(self) -> bool {
        !matches!(self, Verdict::Pass | Verdict::Skip)
    }
}

/// One case with its outcome.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CaseReport {
    /// What was tried.
    pub label: String,
    /// The call as run (`read(rdfd, buf, 4096)`).
    pub call: String,
    /// Where the case comes from: valid, param, capability, trigger.
    pub origin: String,
    /// The errno the case aims at, if any.
    pub expected: Option<String>,
    /// What the kernel did (`4096`, `-1 EBADF`, `did not return`).
    pub got: String,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Why, for anything but a plain pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What happened to one documented error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ErrorState {
    /// Some case made the kernel return it.
    Observed {
        /// The first case that did.
        by: String,
    },
    /// A case aimed at it and the kernel accepted the input instead.
    Contradicted {
        /// The case.
        by: String,
        /// What the kernel returned.
        got: String,
    },
    /// No case provoked it.
    NotExercised,
}

/// One documented error.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ErrorReport {
    /// Its name (`EBADF`).
    pub name: String,
    /// Its state.
    #[serde(flatten)]
    pub state: ErrorState,
}

/// One spec's results.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SpecReport {
    /// The API (`sys_read`).
    pub api: String,
    /// Why the spec was not exercised at all, if it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_exercised: Option<String>,
    /// Its cases.
    pub cases: Vec<CaseReport>,
    /// Its documented errors.
    pub errors: Vec<ErrorReport>,
}

/// The totals.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Summary {
    /// Passed test points.
    pub passed: usize,
    /// Failed test points.
    pub failed: usize,
    /// Skipped test points.
    pub skipped: usize,
    /// Contradictions found.
    pub contradictions: usize,
    /// Undocumented errnos found.
    pub undocumented_errnos: usize,
    /// Documented errors (of exercised specs).
    pub documented_errors: usize,
    /// Documented errors observed.
    pub observed_errors: usize,
}

/// A whole run.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Report {
    /// Report format version.
    pub version: u32,
    /// The kernel that was tested (`uname -srm`).
    pub kernel: String,
    /// Whether the run had root's privileges.
    pub root: bool,
    /// Per spec.
    pub specs: Vec<SpecReport>,
    /// Totals.
    pub summary: Summary,
}

fn errno_name(e: i32) -> String {
    tables::errno_name(e).map_or_else(|| format!("errno {e}"), str::to_string)
}

fn got(o: &Outcome) -> String {
    match o {
        Outcome::Returned { ret, errno: None } => ret.to_string(),
        Outcome::Returned { errno: Some(e), .. } => format!("-1 {}", errno_name(*e)),
        Outcome::NoReturn { code } => format!("did not return (the new program exited {code})"),
        Outcome::Signaled { signal } => format!("killed by signal {signal}"),
        Outcome::TimedOut => "no result before the timeout".into(),
        Outcome::SetupFailed { reason } => format!("setup failed: {reason}"),
    }
}

/// Judges one case. `missing_caps` are the spec's capabilities that the
/// tests run without (an unprivileged run): a valid call that fails with a
/// documented error then says nothing about the spec.
pub fn judge(spec: &Spec, case: &Case, outcome: &Outcome, missing_caps: &[String]) -> (Verdict, Option<String>) {
    let no_return =
        spec.ret.as_ref().and_then(|r| r.check.as_ref()).and_then(|c| c.value) == Some(ReturnCheck::NoReturn);
    let documented = |e: i32| kapi_check::is_documented(spec, e);
    match outcome {
        Outcome::SetupFailed { reason } => (Verdict::Skip, Some(format!("setup failed: {reason}"))),
        Outcome::TimedOut => (Verdict::Skip, Some("the call blocked; no result before the timeout".into())),
        Outcome::Signaled { signal } => (Verdict::Crashed, Some(format!("the child died of signal {signal}"))),
        Outcome::NoReturn { code } => match (&case.expect, &case.forbidden) {
            (Expect::Success, _) if no_return || *code == 0 => (Verdict::Pass, None),
            (Expect::Success, _) => (Verdict::ValidCallFailed, Some(format!("the new program exited {code}"))),
            (_, Some(why)) => {
                (Verdict::Contradiction, Some(format!("the spec forbids this input ({why}), but the call succeeded")))
            }
            _ => (Verdict::Pass, Some("accepted: the call succeeded".into())),
        },
        Outcome::Returned { ret, errno: None } => match (&case.expect, &case.forbidden) {
            (Expect::Success, _) if no_return => {
                (Verdict::ValidCallFailed, Some(format!("returned {ret}; the spec says the call does not return")))
            }
            (Expect::Success, _) => match kapi_check::check_success(spec, *ret) {
                Ok(()) => (Verdict::Pass, None),
                Err(why) => (Verdict::ValidCallFailed, Some(why)),
            },
            (_, Some(why)) => (
                Verdict::Contradiction,
                Some(format!("the spec forbids this input ({why}), but the call returned {ret}")),
            ),
            (Expect::Errno(x), None) if case.origin == Origin::Example => (
                Verdict::Contradiction,
                Some(format!("the spec's example says {}, but the call returned {ret}", errno_name(*x))),
            ),
            _ => (Verdict::Pass, Some(format!("accepted: returned {ret}"))),
        },
        Outcome::Returned { errno: Some(e), .. } => {
            let name = errno_name(*e);
            match &case.expect {
                Expect::Success if documented(*e) && !missing_caps.is_empty() => (
                    Verdict::Skip,
                    Some(format!("the valid call failed with {name}; it needs {}", missing_caps.join(" or "))),
                ),
                Expect::Success if documented(*e) => {
                    (Verdict::ValidCallFailed, Some(format!("the valid call failed with {name}")))
                }
                _ if !documented(*e) => (
                    Verdict::UndocumentedErrno,
                    Some(format!("the kernel returned {name}, which the spec does not list")),
                ),
                Expect::Errno(x) if x != e && case.origin == Origin::Example => (
                    Verdict::Contradiction,
                    Some(format!("the spec's example says {}, the kernel returned {name}", errno_name(*x))),
                ),
                Expect::Errno(x) if x != e => {
                    (Verdict::Pass, Some(format!("returned {name} (documented) instead of {}", errno_name(*x))))
                }
                _ => (Verdict::Pass, None),
            }
        }
    }
}

/// Builds the report of one spec from its cases and their outcomes.
pub fn spec_report(spec: &Spec, cases: &[Case], outcomes: &[Outcome], missing_caps: &[String]) -> SpecReport {
    let mut reports = Vec::new();
    let mut observed: Vec<(i32, String)> = Vec::new();
    let mut contradicted: Vec<(i32, String, String)> = Vec::new();
    for (c, o) in cases.iter().zip(outcomes) {
        let (verdict, note) = judge(spec, c, o, missing_caps);
        if let Outcome::Returned { errno: Some(e), .. } = o {
            if kapi_check::is_documented(spec, *e) && !observed.iter().any(|(x, _)| x == e) {
                observed.push((*e, c.label.clone()));
            }
        }
        if verdict == Verdict::Contradiction {
            if let Expect::Errno(x) = c.expect {
                contradicted.push((x, c.label.clone(), got(o)));
            }
        }
        let call = format!(
            "{}({})",
            crate::plan::call_name(spec),
            c.args.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
        );
        reports.push(CaseReport {
            label: c.label.clone(),
            call,
            origin: serde_json::to_value(c.origin)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            expected: match c.expect {
                Expect::Errno(e) => Some(errno_name(e)),
                Expect::Success => Some("success".into()),
                Expect::Documented => None,
            },
            got: got(o),
            verdict,
            note,
        });
    }
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for e in &spec.errors {
        let Some(code) = e.code else { continue };
        if seen.contains(&code) {
            continue;
        }
        seen.push(code);
        let n = -code;
        let state = if let Some((_, by)) = observed.iter().find(|(x, _)| *x == n) {
            ErrorState::Observed { by: by.clone() }
        } else if let Some((_, by, g)) = contradicted.iter().find(|(x, _, _)| *x == n) {
            ErrorState::Contradicted { by: by.clone(), got: g.clone() }
        } else {
            ErrorState::NotExercised
        };
        errors.push(ErrorReport { name: e.name.clone(), state });
    }
    SpecReport { api: spec.name.clone(), not_exercised: None, cases: reports, errors }
}

/// A report for a spec that was not run.
pub fn skipped(n: &NotExercised, spec: &Spec) -> SpecReport {
    SpecReport {
        api: n.api.clone(),
        not_exercised: Some(n.reason.clone()),
        cases: Vec::new(),
        errors: spec
            .errors
            .iter()
            .map(|e| ErrorReport { name: e.name.clone(), state: ErrorState::NotExercised })
            .collect(),
    }
}

/// Adds up a run.
pub fn summarize(specs: &[SpecReport]) -> Summary {
    let mut s = Summary::default();
    for r in specs {
        if r.not_exercised.is_some() {
            s.skipped += 1;
            continue;
        }
        for c in &r.cases {
            match c.verdict {
                Verdict::Pass => s.passed += 1,
                Verdict::Skip => s.skipped += 1,
                v => {
                    s.failed += 1;
                    s.contradictions += usize::from(v == Verdict::Contradiction);
                    s.undocumented_errnos += usize::from(v == Verdict::UndocumentedErrno);
                }
            }
        }
        for e in &r.errors {
            s.documented_errors += 1;
            match e.state {
                ErrorState::Observed { .. } => {
                    s.observed_errors += 1;
                    s.passed += 1;
                }
                ErrorState::Contradicted { .. } => s.failed += 1,
                ErrorState::NotExercised => s.skipped += 1,
            }
        }
    }
    s
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The report as TAP 13: one test point per case and per documented error.
pub fn tap(r: &Report) -> String {
    let mut points: Vec<String> = Vec::new();
    for s in &r.specs {
        if let Some(why) = &s.not_exercised {
            points.push(format!("ok {{}} - {} # SKIP not exercised: {why}", s.api));
            continue;
        }
        for c in &s.cases {
            let head = format!("{} - {}: {}", if c.verdict.failed() { "not ok {}" } else { "ok {}" }, s.api, c.label);
            let mut p = match c.verdict {
                Verdict::Skip => format!("{head} # SKIP {}", c.note.as_deref().unwrap_or("")),
                _ => head,
            };
            if c.verdict.failed() {
                p.push_str(&format!(
                    "\n  ---\n  call: {}\n  expected: {}\n  got: {}\n  verdict: {}\n  message: {}\n  ...",
                    yaml_str(&c.call),
                    yaml_str(c.expected.as_deref().unwrap_or("a documented outcome")),
                    yaml_str(&c.got),
                    serde_json::to_value(c.verdict)
                        .ok()
                        .and_then(|v| v["verdict"].as_str().map(str::to_string))
                        .unwrap_or_default(),
                    yaml_str(c.note.as_deref().unwrap_or(""))
                ));
            }
            points.push(p);
        }
        for e in &s.errors {
            points.push(match &e.state {
                ErrorState::Observed { by } => format!("ok {{}} - {}: {} observed ({by})", s.api, e.name),
                ErrorState::NotExercised => format!("ok {{}} - {}: {} # SKIP not exercised", s.api, e.name),
                ErrorState::Contradicted { by, got } => format!(
                    "not ok {{}} - {}: {} contradicted\n  ---\n  case: {}\n  got: {}\n  ...",
                    s.api,
                    e.name,
                    yaml_str(by),
                    yaml_str(got)
                ),
            });
        }
    }
    let mut out = format!("TAP version 13\n# kernel: {}\n1..{}\n", r.kernel, points.len());
    for (i, p) in points.iter().enumerate() {
        out.push_str(&p.replacen("{}", &(i + 1).to_string(), 1));
        out.push('\n');
    }
    let s = &r.summary;
    out.push_str(&format!(
        "# documented errors observed: {} of {}\n# {} passed, {} failed, {} skipped\n",
        s.observed_errors, s.documented_errors, s.passed, s.failed, s.skipped
    ));
    out
}

/// The JSON Schema of the JSON report.
pub fn schema() -> String {
    let mut s = serde_json::to_string_pretty(&schemars::schema_for!(Report)).unwrap_or_default();
    s.push('\n');
    s
}
