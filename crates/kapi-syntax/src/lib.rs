//! Parsing of KAPI spec comments.
//!
//! One parser reads every kerneldoc dialect that was ever posted: RFC v3 flat
//! keys, the RFC v4 nested form with typed heads, the RFC v5/v1/v2 long
//! `KAPI_*` tokens and the v3/v4 short-token DSL, including text whose
//! sub-key indentation was lost. The pipeline is:
//!
//! 1. [`scan`] finds `/** ... */` comments and strips the `* ` prefix;
//! 2. [`is_spec`] decides whether a comment is a KAPI spec;
//! 3. [`tree`] builds a key tree using closed per-item key lists;
//! 4. [`lower`] turns the tree into a [`kapi_model::Spec`];
//! 5. [`bind`] attaches the C definition that follows the comment.
//!
//! Nothing is dropped silently: every line ends up in the model or in a
//! [`kapi_model::Diagnostic`].

pub mod bind;
pub mod cmacro;
pub mod field;
pub mod keys;
pub mod lower;
pub mod scan;
pub mod tree;
pub mod values;
pub mod write;

use kapi_model::{ApiKind, Definition, DefinitionKind, Diagnostic, Loc, Origin, Param, Spec};
use std::sync::OnceLock;

/// Lines longer than this inside a spec get a `long-line` warning.
pub const LONG_LINE: usize = 16 * 1024;

/// One spec with the syntax facts that lints need.
#[derive(Clone, Debug)]
pub struct ParsedSpec {
    /// The spec.
    pub spec: Spec,
    /// Dialect evidence.
    pub marks: lower::DialectMarks,
    /// Whether the block's indentation was lost and recovered.
    pub lost_indent: bool,
    /// The key tree, flattened.
    pub nodes: Vec<SyntaxNode>,
    /// Every line of the comment.
    pub lines: Vec<SyntaxLine>,
    /// Byte range of the comment (`/**` to `*/`) in the text; `None` for
    /// macro specs.
    pub span: Option<std::ops::Range<usize>>,
}

/// A key of the comment's tree (owned, for lints).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxNode {
    /// The key as written.
    pub key: String,
    /// Where the key is.
    pub loc: Loc,
    /// Indentation of the key line.
    pub indent: u32,
    /// The parent node (an index into [`ParsedSpec::nodes`]); `None` at the top level.
    pub parent: Option<usize>,
    /// How the node was attached.
    pub attach: tree::Attach,
    /// Whether the key is one kapi knows at its place (top-level key or sub-key).
    pub known: bool,
    /// Last line of the node's own value (children excluded).
    pub last_line: u32,
}

/// One line of a spec comment (owned, for lints).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxLine {
    /// Line number.
    pub line: u32,
    /// Column where the content starts.
    pub col: u32,
    /// Indentation after `* `.
    pub indent: u32,
    /// The content (empty for a blank line).
    pub text: String,
    /// The node whose key starts this line, if any.
    pub node: Option<usize>,
}

fn syntax_of(tree: &tree::Tree<'_>, lines: &[scan::DocLine<'_>]) -> (Vec<SyntaxNode>, Vec<SyntaxLine>) {
    let mut parent = vec![None; tree.nodes.len()];
    for (i, n) in tree.nodes.iter().enumerate() {
        for &c in &n.children {
            parent[c] = Some(i);
        }
    }
    let nodes: Vec<SyntaxNode> = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| SyntaxNode {
            key: n.key.to_string(),
            loc: n.loc,
            indent: n.indent,
            parent: parent[i],
            attach: n.attach,
            known: n.top.is_some() || parent[i].is_some(),
            last_line: n.lines.iter().filter(|l| !l.text.is_empty()).map(|l| l.loc.line).max().unwrap_or(n.loc.line),
        })
        .collect();
    let out = lines
        .iter()
        .map(|l| SyntaxLine {
            line: l.line,
            col: l.col,
            indent: l.indent,
            text: l.text.to_string(),
            node: tree.nodes.iter().position(|n| n.loc == l.loc() && !n.key.is_empty() && l.text.starts_with(n.key)),
        })
        .collect();
    (nodes, out)
}

/// The specs of one file and what went wrong reading it.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    /// Specs in file order.
    pub specs: Vec<ParsedSpec>,
    /// Diagnostics in file order; their `file` is set.
    pub diags: Vec<Diagnostic>,
}

const NEEDLES: &[&str] = &[
    "long-desc:",
    "context-flags:",
    "contexts:",
    "side-effect:",
    "state-trans:",
    "param-count:",
    "since-version:",
    "api-type:",
    "kapi-field:",
    "validation-group:",
    "param-type:",
    "error-code:",
    "param:",
    "error: E",
    "error: -E",
    "capability: CAP_",
    "DEFINE_KERNEL_API_SPEC",
    "DEFINE_SYSFS_API_SPEC",
    "DEFINE_KAPI_IOCTL_SPEC",
    "DEFINE_IOCTL_API_SPEC",
    "kapi_ioctl_spec",
];

fn prefilter() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    // Leftmost-first lets the SIMD (Teddy) prefilter run; only "any match?" is asked.
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(NEEDLES)
            .expect("static needles")
    })
}

/// A cheap test that `bytes` may hold a spec comment. `false` means it
/// certainly does not.
pub fn may_contain_spec(bytes: &[u8]) -> bool {
    prefilter().is_match(bytes)
}

/// Whether a comment is a KAPI spec: it has two different spec keys at the
/// top level and at least one of them is distinctive (`long-desc:`,
/// `context-flags:`, a known `contexts:` list, a `CAP_` capability, any flat
/// key ...), or it has a `param:` block with a `type:` sub-key, or an
/// `error: ENAME` item. Ordinary kerneldoc never meets this.
pub fn is_spec(lines: &[scan::DocLine<'_>]) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut strong = false;
    let mut last_top: Option<&str> = None;
    for l in lines.iter().filter(|l| !l.is_blank()) {
        let Some((k, rest, _)) = keys::split_key(l.text) else { continue };
        if l.indent == 0 && matches!(k, "api-type" | "kapi-field") {
            // No ordinary comment uses these; each marks a spec on its own.
            return true;
        }
        if l.indent == 0 && keys::is_spec_key(k) {
            if !seen.contains(&k) {
                seen.push(k);
            }
            strong |= keys::is_distinctive(k)
                || (k == "capability" && rest.starts_with("CAP_"))
                || (k == "error"
                    && values::looks_like_errno(rest.split(',').next().unwrap_or(""))
                    && rest.contains(','))
                || (matches!(k, "contexts" | "context-flags")
                    && kapi_model::FlagSet::<kapi_model::enums::ContextFlag>::parse(rest, Loc::default())
                        .is_complete()
                    && !rest.trim().is_empty());
            last_top = Some(k);
        } else if k == "type" && last_top == Some("param") {
            strong = true;
        }
    }
    seen.len() >= 2 && strong
}

/// Parses raw bytes: reports NUL bytes (the file is skipped) and invalid
/// UTF-8 (decoded lossily), then parses the text.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> ParsedFile {
    if let Some(pos) = memchr::memchr(0, bytes) {
        let (line, col) = line_col(bytes, pos);
        return ParsedFile {
            specs: Vec::new(),
            diags: vec![Diagnostic::warning(
                "binary-file",
                Loc::new(line, col),
                "file contains a NUL byte; it is not a text file and was skipped",
            )
            .in_file(path)],
        };
    }
    // Every file's encoding is checked; only files with a spec key are parsed.
    match (std::str::from_utf8(bytes), may_contain_spec(bytes)) {
        (Ok(text), true) => parse_text(path, text),
        (Ok(_), false) => ParsedFile::default(),
        (Err(e), may) => {
            let d = utf8_diag(path, bytes, &e);
            let mut out = if may { parse_text(path, &String::from_utf8_lossy(bytes)) } else { ParsedFile::default() };
            out.diags.insert(0, d);
            out
        }
    }
}

fn utf8_diag(path: &str, bytes: &[u8], e: &std::str::Utf8Error) -> Diagnostic {
    let (line, col) = line_col(bytes, e.valid_up_to());
    Diagnostic::warning(
        "invalid-utf8",
        Loc::new(line, col),
        "file is not valid UTF-8; invalid bytes were replaced with U+FFFD",
    )
    .in_file(path)
}

fn line_col(bytes: &[u8], pos: usize) -> (u32, u32) {
    let line = memchr::memchr_iter(b'\n', &bytes[..pos]).count() as u32 + 1;
    let start = memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&bytes[start..pos]).chars().count() as u32 + 1;
    (line, col)
}

/// Parses every spec comment in `text`. `path` names the file in diagnostics
/// and origins.
pub fn parse_text(path: &str, text: &str) -> ParsedFile {
    let mut out = ParsedFile::default();
    if !may_contain_spec(text.as_bytes()) {
        return out;
    }
    for comment in scan::Comments::new(text) {
        if !is_spec(&comment.lines) {
            continue;
        }
        let mut diags = Vec::new();
        if !comment.terminated {
            diags.push(
                Diagnostic::error(
                    "unterminated-comment",
                    comment.start_loc,
                    "spec comment is not closed with `*/`; it runs to the end of the file",
                )
                .with_len(3),
            );
        }
        for l in &comment.lines {
            if l.text.len() > LONG_LINE {
                diags.push(Diagnostic::warning("long-line", l.loc(), format!("line is {} bytes long", l.text.len())));
            }
        }
        let tree = tree::build(&comment.lines);
        let lowered = lower::lower(&tree);
        diags.extend(tree.diags.iter().cloned());
        diags.extend(lowered.diags);
        let mut spec = lowered.spec;
        spec.origin =
            Origin { file: path.to_string(), loc: comment.start_loc, end: Loc::new(comment.end_line, 1), target: None };
        let def = if comment.terminated {
            // The text after `*/` starts on the comment's last line.
            let after = &text[comment.end..];
            bind::find_definition(after, comment.end_line)
        } else {
            None
        };
        bind_definition(&mut spec, def, &mut diags);
        diags.sort_by_key(|d| d.loc);
        out.diags.extend(diags.into_iter().map(|d| d.in_file(path)));
        let (nodes, lines) = syntax_of(&tree, &comment.lines);
        out.specs.push(ParsedSpec {
            spec,
            marks: lowered.marks,
            lost_indent: tree.lost_indent,
            nodes,
            lines,
            span: comment.terminated.then_some(comment.start..comment.end),
        });
    }
    if cmacro::may_contain_macro_spec(text) {
        for raw in cmacro::read(text) {
            let (mut spec, diags) = cmacro::fields::to_spec(&raw, path);
            if let Some(def) = bind::find_definition(&text[raw.end_offset.min(text.len())..], raw.end_line) {
                if def.name == spec.name {
                    for p in &mut spec.params {
                        if p.ctype.is_none() {
                            p.ctype = def.args.get(p.index).map(|a| a.decl());
                        }
                    }
                    spec.definition = Some(def);
                }
            }
            out.diags.extend(diags);
            out.specs.push(ParsedSpec {
                spec,
                marks: lower::DialectMarks::default(),
                lost_indent: false,
                nodes: Vec::new(),
                lines: Vec::new(),
                span: None,
            });
        }
        out.specs.sort_by_key(|p| p.spec.origin.loc);
        out.diags.sort_by_key(|d| d.loc);
    }
    out
}

/// Attaches a definition: the spec takes its name and kind, and its params
/// take prototype order and C types.
pub fn bind_definition(spec: &mut Spec, def: Option<Definition>, diags: &mut Vec<Diagnostic>) {
    let comment_name = std::mem::take(&mut spec.name);
    match def {
        Some(def) => {
            if !comment_name.is_empty() && comment_name != def.name && !def.name.ends_with(&comment_name) {
                diags.push(
                    Diagnostic::warning(
                        "name-mismatch",
                        spec.description.as_ref().map_or(spec.origin.loc, |d| Loc::new(d.loc.line, 4)),
                        format!("the comment names `{comment_name}` but documents `{}`", def.name),
                    )
                    .with_note(format!("definition at line {}", def.loc.line)),
                );
            }
            spec.name = def.name.clone();
            spec.kind = Some(match def.kind {
                DefinitionKind::Syscall | DefinitionKind::CompatSyscall => ApiKind::Syscall,
                DefinitionKind::Ioctl => ApiKind::Ioctl,
                DefinitionKind::Function => ApiKind::from_name(&def.name),
            });
            let mut blocks = std::mem::take(&mut spec.params);
            let mut params = Vec::with_capacity(def.args.len());
            for (i, arg) in def.args.iter().enumerate() {
                let mut p = match blocks.iter().position(|p| p.name == arg.name) {
                    Some(j) => blocks.remove(j),
                    None => Param { name: arg.name.clone(), loc: def.loc, ..Param::default() },
                };
                p.index = i;
                p.ctype = Some(arg.decl());
                params.push(p);
            }
            for mut p in blocks {
                p.index = params.len();
                params.push(p);
            }
            spec.params = params;
            spec.definition = Some(def);
        }
        None if !comment_name.is_empty() && spec.api_type.is_some() => {
            // An explicit `api-type:` (sysfs attributes, converted specs) needs no definition.
            spec.name = comment_name;
        }
        None => {
            diags.push(
                Diagnostic::warning(
                    "no-definition",
                    spec.origin.loc,
                    format!("spec block has no definition after it (looked at the next {} lines); it is kept, named after its comment", bind::WINDOW),
                )
                .with_len(3)
                .with_help("put the spec comment directly above its SYSCALL_DEFINEn or function definition"),
            );
            spec.name = if comment_name.is_empty() {
                format!("unnamed_spec_line_{}", spec.origin.loc.line)
            } else {
                comment_name
            };
            spec.kind = Some(ApiKind::from_name(&spec.name));
        }
    }
    if let Some(k) = spec.api_type.as_ref().and_then(|t| ApiKind::parse(&t.text)) {
        spec.kind = Some(k);
    }
}
