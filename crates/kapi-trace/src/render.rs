//! How events look: arguments the way the upstream `kapi_syscall_enter`
//! tracepoint prints them (pointer-like values in hex, ints and fds in
//! decimal), paths with their string, text and JSON lines, and the `-c`
//! summary table.

use crate::Event;
use kapi_model::enums::*;
use kapi_model::Spec;
use std::collections::BTreeMap;

/// The arguments of a call, by parameter name.
pub fn args(spec: Option<&Spec>, raw: &[u64; 6], mem: &crate::sys::TraceeMemory) -> Vec<(String, String)> {
    let Some(spec) = spec else { return Vec::new() };
    spec.params
        .iter()
        .filter(|p| p.index < 6)
        .map(|p| {
            let v = raw[p.index];
            let kind = p.kind.as_ref().and_then(|k| k.value);
            let w = kapi_check::width(p);
            let text = match kind {
                Some(ParamType::Fd | ParamType::Int) => kapi_check::as_seen(w, v).to_string(),
                Some(ParamType::Path) => match mem.string(v, libc::PATH_MAX as usize) {
                    Some(s) if v != 0 => format!("{v:#x}{:?}", String::from_utf8_lossy(&s)),
                    _ => format!("{v:#x}"),
                },
                _ if w.signed && !matches!(kind, Some(ParamType::UserPtr | ParamType::Ptr)) => {
                    kapi_check::as_seen(w, v).to_string()
                }
                _ => format!("{v:#x}"),
            };
            (if p.name.is_empty() { "arg".to_string() } else { p.name.clone() }, text)
        })
        .collect()
}

/// One event as a text line (and a line per violation), like the upstream
/// tracepoints: `sys_read(fd=3, buf=0x7ffd..., count=0x340) = 832 spec_match=1`.
pub fn text(e: &Event, show_pid: bool) -> String {
    let mut s = String::new();
    if show_pid {
        s.push_str(&format!("[pid {}] ", e.pid));
    }
    let args: Vec<String> = e.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
    s.push_str(&format!("{}({})", e.syscall, args.join(", ")));
    match (e.ret, &e.errno) {
        (Some(r), Some(name)) => s.push_str(&format!(" = {r} {name}")),
        (Some(r), None) => s.push_str(&format!(" = {r}")),
        (None, _) => s.push_str(" = ?"),
    }
    if let Some(m) = e.spec_match {
        s.push_str(&format!(" spec_match={}", u8::from(m)));
    }
    s.push('\n');
    for v in &e.violations {
        s.push_str(&format!("  violation: {v}\n"));
    }
    if let Some(u) = &e.undocumented_errno {
        s.push_str(&format!("  undocumented errno: {u} is not in the spec's error list\n"));
    }
    s
}

/// One event as a JSON line.
pub fn json(e: &Event) -> String {
    let mut s = serde_json::to_string(e).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of one event line.
pub fn schema() -> String {
    let mut s = serde_json::to_string_pretty(&schemars::schema_for!(Event)).unwrap_or_default();
    s.push('\n');
    s
}

/// Per-syscall counts for `-c`.
#[derive(Debug, Default)]
pub struct Summary {
    rows: BTreeMap<String, Row>,
}

#[derive(Debug, Default)]
struct Row {
    calls: u64,
    errors: BTreeMap<String, u64>,
    violations: u64,
    undocumented: u64,
}

impl Summary {
    /// Counts an event.
    pub fn add(&mut self, e: &Event) {
        let r = self.rows.entry(e.syscall.clone()).or_default();
        r.calls += 1;
        if let Some(n) = &e.errno {
            *r.errors.entry(n.clone()).or_default() += 1;
        }
        r.violations += e.violations.len() as u64;
        r.undocumented += u64::from(e.undocumented_errno.is_some());
    }

    /// The table.
    pub fn table(&self) -> String {
        let mut s =
            format!("{:<20} {:>8} {:>10} {:>12}  {}\n", "syscall", "calls", "violations", "undocumented", "errors");
        s.push_str(&format!(
            "{} {} {} {}  {}\n",
            "-".repeat(20),
            "-".repeat(8),
            "-".repeat(10),
            "-".repeat(12),
            "-".repeat(20)
        ));
        let (mut calls, mut viol, mut und) = (0, 0, 0);
        for (name, r) in &self.rows {
            let errs: Vec<String> = r.errors.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            s.push_str(&format!(
                "{name:<20} {:>8} {:>10} {:>12}  {}\n",
                r.calls,
                r.violations,
                r.undocumented,
                errs.join(" ")
            ));
            calls += r.calls;
            viol += r.violations;
            und += r.undocumented;
        }
        s.push_str(&format!("{} {} {} {}\n", "-".repeat(20), "-".repeat(8), "-".repeat(10), "-".repeat(12)));
        s.push_str(&format!("{:<20} {calls:>8} {viol:>10} {und:>12}\n", "total"));
        s
    }
}
