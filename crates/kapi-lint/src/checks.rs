//! Checks over one parsed spec: what the parser cannot see line by line.

use kapi_model::enums::*;
use kapi_model::*;
use kapi_syntax::{keys, ParsedSpec, SyntaxNode};

fn finding(code: &'static str, loc: Loc, len: usize, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(code, loc, msg).with_len(len)
}

/// Section names the v4 kernel-doc recognises, whatever their indentation
/// (matched case-insensitively).
const KDOC_SECTIONS: &[&str] = &[
    "api-type",
    "api-version",
    "param",
    "param-count",
    "struct",
    "struct-count",
    "struct-type",
    "struct-field",
    "validation-group",
    "validation-policy",
    "validation-flag",
    "validation-rule",
    "error",
    "error-count",
    "error-code",
    "error-condition",
    "capability",
    "capability-count",
    "signal",
    "signal-count",
    "lock",
    "lock-count",
    "context-flags",
    "contexts",
    "return",
    "return-count",
    "return-type",
    "return-check",
    "return-check-type",
    "return-success",
    "return-desc",
    "long-desc",
    "constraint",
    "constraint-count",
    "side-effect",
    "side-effect-count",
    "state-trans",
    "state-trans-count",
    "description",
    "context",
    "returns",
    "note",
    "notes",
    "example",
    "examples",
];

/// Whether kernel-doc starts a new section at a line beginning with `key:`.
pub fn is_kdoc_section(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    KDOC_SECTIONS.contains(&k.as_str()) || k.starts_with("struct-field-") || k.starts_with("kapi-")
}

fn head_of(p: &ParsedSpec, n: usize) -> String {
    let node = &p.nodes[n];
    p.lines
        .iter()
        .find(|l| l.line == node.loc.line)
        .and_then(|l| keys::split_key(&l.text).map(|(_, rest, _)| rest.to_string()))
        .unwrap_or_default()
}

fn descendants(nodes: &[SyntaxNode], root: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        let mut cur = n.parent;
        while let Some(c) = cur {
            if c == root {
                out.push(i);
                break;
            }
            cur = nodes[c].parent;
        }
    }
    out
}

/// Lines kernel-doc reads differently from kapi.
fn kerneldoc(p: &ParsedSpec, out: &mut Vec<Diagnostic>) {
    for l in &p.lines {
        let Some((key, _, _)) = keys::split_key(&l.text) else { continue };
        if key.starts_with('@') || !is_kdoc_section(key) {
            continue;
        }
        let loc = Loc::new(l.line, l.col);
        match l.node {
            Some(n) if p.nodes[n].parent.is_none() => {}
            Some(n) => {
                let parent = p.nodes[n].parent.expect("checked");
                let pk = &p.nodes[parent].key;
                let ph = head_of(p, parent);
                let built = match key {
                    "constraint" => "a separate top-level constraint item named after this line's text".to_string(),
                    "error" => "an error item that also swallows the sub-keys after it".to_string(),
                    k => format!("a separate top-level `{k}` section"),
                };
                let help = match (pk.as_str(), key) {
                    ("param", "constraint") => "write `cdesc:` for a parameter's constraint text".to_string(),
                    ("signal", "error") => "write `errno:` for the error a signal causes".to_string(),
                    _ => format!("rename the sub-key, or reword so the line does not start with `{key}:`"),
                };
                out.push(
                    finding(
                        "kerneldoc-promotion",
                        loc,
                        key.len() + 1,
                        format!("kernel-doc ignores indentation here: this `{key}:` ends `{pk}: {ph}` and the kernel builds {built}"),
                    )
                    .with_help(help),
                );
            }
            None => {
                out.push(
                    finding(
                        "kerneldoc-promotion",
                        loc,
                        key.len() + 1,
                        format!("kernel-doc starts a new `{key}` section at this line; the value it continues is cut short in the kernel"),
                    )
                    .with_help(format!("reword the line so that it does not start with `{key}:`")),
                );
            }
        }
    }
    // A blank line inside a `return:` block ends it for kernel-doc.
    for (i, n) in p.nodes.iter().enumerate() {
        if n.parent.is_some() || n.key != "return" {
            continue;
        }
        let kids = descendants(&p.nodes, i);
        let Some(last) = kids.iter().map(|&k| p.nodes[k].last_line).max() else { continue };
        if let Some(blank) = p.lines.iter().find(|l| l.line > n.loc.line && l.line < last && l.text.is_empty()) {
            let after: Vec<&str> =
                kids.iter().filter(|&&k| p.nodes[k].loc.line > blank.line).map(|&k| p.nodes[k].key.as_str()).collect();
            out.push(
                finding(
                    "return-blank-line",
                    Loc::new(blank.line, blank.col),
                    1,
                    format!("kernel-doc ends the `return:` block at this blank line; {} after it never reach the return spec", after.iter().map(|k| format!("`{k}:`")).collect::<Vec<_>>().join(", ")),
                )
                .with_help("remove the blank line"),
            );
        }
    }
}

/// Runs every check on one spec.
pub fn check(p: &ParsedSpec) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let s = &p.spec;
    kerneldoc(p, &mut out);

    // Params against the prototype.
    if let Some(def) = s.definition.as_ref().filter(|d| d.complete) {
        for prm in s.params.iter().filter(|q| q.has_block) {
            if !def.args.iter().any(|a| a.name == prm.name) {
                let names: Vec<&str> = def.args.iter().map(|a| a.name.as_str()).collect();
                out.push(
                    finding(
                        "param-not-in-prototype",
                        prm.loc,
                        6,
                        format!("`param: {}` names no argument of {}", prm.name, def.name),
                    )
                    .with_help_opt(
                        keys::suggest(&prm.name, names.iter().copied()).map(|n| format!("did you mean `{n}`?")),
                    )
                    .with_note(format!(
                        "arguments: {}",
                        if names.is_empty() { "none".to_string() } else { names.join(", ") }
                    )),
                );
            }
        }
        for prm in s.params.iter().filter(|q| !q.has_block && q.ctype.is_some()) {
            out.push(
                finding(
                    "missing-param-block",
                    def.loc,
                    0,
                    format!("argument `{}` of {} has no `param:` block", prm.name, def.name),
                )
                .with_help(format!("add `param: {}` with its type and constraint", prm.name)),
            );
        }
    }
    if let Some(pc) = &s.param_count {
        let actual = s
            .definition
            .as_ref()
            .filter(|d| d.complete)
            .map_or_else(|| s.params.iter().filter(|q| q.has_block).count(), |d| d.args.len());
        if pc.as_i64() != Some(actual as i64) {
            out.push(finding(
                "param-count-mismatch",
                pc.loc,
                pc.raw.len(),
                format!("`param-count: {}` but there are {actual} parameters", pc.raw),
            ));
        }
    }

    // Errors.
    for (i, e) in s.errors.iter().enumerate() {
        if let Some(first) = s.errors[..i].iter().find(|f| f.name == e.name) {
            out.push(
                finding("duplicate-error", e.loc, 6, format!("{} is listed again", e.name))
                    .with_note(format!("first listed at line {}", first.loc.line))
                    .with_help("describe every condition in one entry"),
            );
        } else if let Some(first) = s.errors[..i].iter().find(|f| f.code.is_some() && f.code == e.code) {
            out.push(
                finding(
                    "errno-alias",
                    e.loc,
                    6,
                    format!("{} has the same number ({}) as {}", e.name, e.code.unwrap_or(0), first.name),
                )
                .with_note(format!("{} is at line {}", first.name, first.loc.line)),
            );
        }
        if let Some(c) = e.code {
            if !tables::errno_is_user_visible(-c) {
                out.push(
                    finding(
                        "internal-errno",
                        e.loc,
                        6,
                        format!("{} ({c}) is kernel-internal; user space never receives it", e.name),
                    )
                    .with_help("list the errno the caller sees instead (for restarts, EINTR)"),
                );
            }
        }
        if e.summary.is_none() {
            out.push(
                finding("error-no-summary", e.loc, 6, format!("error {} has no summary", e.name))
                    .with_help(format!("write `error: {}, <one-line condition>`", e.name)),
            );
        }
    }
    let listed =
        |name: &str, code: Option<i32>| s.errors.iter().any(|e| e.name == name || (code.is_some() && e.code == code));
    for g in &s.signals {
        if let Some(er) = &g.errno {
            if let Some(name) = &er.name {
                if !listed(name, er.code) {
                    out.push(
                        finding(
                            "errno-not-listed",
                            er.loc,
                            er.raw.chars().count(),
                            format!("signal {} returns {name}, which has no `error:` entry", g.name),
                        )
                        .with_help(format!("add `error: {name}, <condition>`")),
                    );
                }
            }
        }
    }
    if let Some(r) = &s.ret {
        for v in &r.error_values {
            if let Some(code) = v.as_i64().and_then(|c| i32::try_from(c).ok()) {
                let code = if code > 0 { -code } else { code };
                if !listed("", Some(code)) {
                    out.push(finding(
                        "errno-not-listed",
                        v.loc,
                        v.raw.chars().count(),
                        format!("return error value {} has no `error:` entry", v.raw),
                    ));
                }
            }
        }
    }

    // Ranges.
    let range = |out: &mut Vec<Diagnostic>, what: &str, lo: &Option<Value>, hi: &Option<Value>| {
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if let (Some(a), Some(b)) = (lo.resolved, hi.resolved) {
                if a > b {
                    out.push(finding(
                        "bad-range",
                        lo.loc,
                        lo.raw.chars().count(),
                        format!("{what}: the range {}..{} is empty ({a} > {b})", lo.raw, hi.raw),
                    ));
                }
            }
        }
    };
    for prm in &s.params {
        range(&mut out, &format!("param {}", prm.name), &prm.min, &prm.max);
    }
    for st in &s.structs {
        for f in &st.fields {
            range(&mut out, &format!("field {}", f.name), &f.min, &f.max);
        }
    }

    // Locks.
    for l in &s.locks {
        let yes = |t: &Option<Truth>| t.as_ref().is_some_and(|t| t.is_yes());
        if yes(&l.acquired) && yes(&l.released) && l.scope.is_none() {
            out.push(
                finding(
                    "lock-scope-ambiguous",
                    l.loc,
                    5,
                    format!(
                        "lock {} is both acquired and released: the kernel reads INTERNAL, the upstream tool RELEASES",
                        l.name
                    ),
                )
                .with_help(
                    "replace `acquired:`/`released:` with `scope: internal` (or acquires, releases, caller_held)",
                ),
            );
        }
    }

    // since-version.
    if let Some(n) = p.nodes.iter().find(|n| n.parent.is_none() && (n.key == "since-version" || n.key == "since")) {
        out.push(
            finding(
                "since-version",
                n.loc,
                n.key.len() + 1,
                "`since-version:` was removed upstream in v2; no consumer keeps it",
            )
            .with_help("remove it, or say it in `notes:`"),
        );
    }

    // Dialect.
    let m = &p.marks;
    let evidence = m.flat.or(m.typed_head).or(m.long_token);
    if let (Some(d), Some(loc)) = (s.dialect, evidence) {
        if d != Dialect::ShortToken {
            out.push(
                finding("obsolete-dialect", loc, 0, format!("this spec is written in the {} dialect ({}); the newest is the v3/v4 short-token DSL", d.as_str(), d.postings()))
                    .with_help("write short tokens: `type: uint, input`, `contexts: process`, `constraint-type: range(0, INT_MAX)`"),
            );
        }
    }
    if let (Some(a), Some(b)) = (m.long_token, m.short_token) {
        out.push(
            finding("mixed-dialect", a.max(b), 0, "long `KAPI_*` tokens and short tokens are mixed in this spec")
                .with_note(format!("long tokens at line {}, short at line {}", a.line, b.line)),
        );
    }

    // Syscall completeness.
    if s.api_kind() == ApiKind::Syscall {
        let at = s.origin.loc;
        if s.description.is_none() {
            out.push(
                finding("missing-description", at, 3, format!("{} has no one-line description", s.name))
                    .with_help(format!("start the comment with `{} - <purpose>`", s.name)),
            );
        }
        if s.contexts.is_none() {
            out.push(
                finding(
                    "missing-contexts",
                    at,
                    3,
                    format!("{} has no `contexts:` line; the v4 build does not pick the spec up", s.name),
                )
                .with_help("add `contexts: process, sleepable`"),
            );
        }
        match &s.ret {
            None => out.push(finding("missing-return", at, 3, format!("{} has no `return:` block", s.name))),
            Some(r) => {
                let can_fail = r.check.as_ref().and_then(|c| c.value).is_none_or(|c| c != ReturnCheck::NoReturn);
                if can_fail && s.errors.is_empty() {
                    out.push(finding("missing-errors", r.loc, 7, format!("{} can fail but lists no errors", s.name)));
                }
            }
        }
    }

    for g in &s.signals {
        if tables::signal(g.name.trim()).is_none() {
            let help = keys::suggest(g.name.trim(), tables::SIGNALS.iter().map(|(k, _)| *k))
                .map(|k| format!("did you mean `{k}`?"));
            out.push(
                finding(
                    "signal-not-signal",
                    g.loc,
                    6,
                    format!("`{}` is not a signal name; the kernel stores signal number 0", g.name),
                )
                .with_help(help.unwrap_or_else(|| {
                    "name the signal (SIGKILL, SIGINT, ...) and describe the class in `condition:`".into()
                })),
            );
        }
    }
    for e in &s.side_effects {
        if e.target.is_none() {
            out.push(finding("side-effect-no-target", e.loc, 11, "side effect has no `target:`"));
        }
    }
    out
}
