//! The C macro dialect: `DEFINE_KERNEL_API_SPEC(...) ... KAPI_END_SPEC;`
//! (RFC v1/v2), the `};`-closed form of generated `.apispec.h` headers (v3+),
//! sysfs and ioctl specs, and raw designated initialisers.
//!
//! Macros are expanded through [`table::MACROS`] into field assignments of
//! `struct kernel_api_spec`; [`fields`] turns those into the model.

pub mod fields;
pub mod lex;
pub mod table;

use kapi_model::{Diagnostic, Loc};
use lex::{Tok, Token};

/// Words that may start a macro spec; a file without one is not lexed.
pub const OPENERS: &[&str] = &[
    "DEFINE_KERNEL_API_SPEC",
    "DEFINE_SYSFS_API_SPEC",
    "DEFINE_KAPI_IOCTL_SPEC",
    "DEFINE_IOCTL_API_SPEC",
    "kapi_ioctl_spec",
];

/// One step of a designator path: `.field` or `.field[index]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seg {
    /// The field.
    pub field: String,
    /// The index, if any (unresolved indices are reported and become `None`).
    pub index: Option<usize>,
}

/// An assignment collected from initialisers and macros.
#[derive(Clone, Debug)]
pub struct Assign {
    /// Where the assignment sits (the open initialisers).
    pub path: Vec<Seg>,
    /// The field assigned.
    pub field: String,
    /// Index after the field (`.locks[0] = value` as a leaf), if any.
    pub index: Option<usize>,
    /// The value's tokens.
    pub value: Vec<Token>,
    /// Where the value (or the macro call) is.
    pub loc: Loc,
    /// Whether the value is appended to a list (`KAPI_SIGNAL_MASK_ADD`).
    pub append: bool,
    /// The macro the assignment came from, if any.
    pub via: Option<&'static str>,
}

/// A macro spec as read, before it becomes a model.
#[derive(Clone, Debug)]
pub struct RawSpec {
    /// Where the spec starts.
    pub start: Loc,
    /// Byte offset just past its end.
    pub end_offset: usize,
    /// Line of its end.
    pub end_line: u32,
    /// The opener (`DEFINE_KERNEL_API_SPEC`, `struct kapi_ioctl_spec`, ...).
    pub opener: String,
    /// Assignments in order.
    pub assigns: Vec<Assign>,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

/// Whether `text` may hold macro specs.
pub fn may_contain_macro_spec(text: &str) -> bool {
    OPENERS.iter().any(|o| memchr::memmem::find(text.as_bytes(), o.as_bytes()).is_some())
}

struct Interp<'t> {
    toks: &'t [Token],
    pos: usize,
    path: Vec<Seg>,
    assigns: Vec<Assign>,
    diags: Vec<Diagnostic>,
    ended: bool,
    depth: u32,
}

/// Splits macro arguments at top-level commas.
fn split_args(toks: &[Token]) -> Vec<Vec<Token>> {
    let mut out = vec![Vec::new()];
    let mut depth = 0i32;
    for t in toks {
        match &t.tok {
            Tok::Punct("(" | "{" | "[") => depth += 1,
            Tok::Punct(")" | "}" | "]") => depth -= 1,
            Tok::Punct(",") if depth == 0 => {
                out.push(Vec::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("non-empty").push(t.clone());
    }
    if out.len() == 1 && out[0].is_empty() {
        out.clear();
    }
    out
}

/// Renders tokens as C text.
pub fn render(toks: &[Token]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Tok> = None;
    for t in toks {
        let s = match &t.tok {
            Tok::Ident(s) | Tok::Number(s) | Tok::Char(s) => s.clone(),
            Tok::Str(s) => format!("{s:?}"),
            Tok::Punct(p) => p.to_string(),
            Tok::Directive(d) => format!("\n{d}\n"),
        };
        let space = match (prev, &t.tok) {
            (None, _) => false,
            (Some(Tok::Punct("(" | "[" | "~" | "!" | "#")), _) => false,
            (_, Tok::Punct(")" | "]" | "," | ";")) => false,
            (Some(Tok::Punct("-")), Tok::Ident(_) | Tok::Number(_))
                if out.len() == 1 || out.ends_with("(-") || out.ends_with(", -") || out.ends_with("{-") =>
            {
                false
            }
            (Some(Tok::Ident(_)), Tok::Punct("(")) => false,
            (Some(Tok::Punct(")")), Tok::Punct("{")) => false,
            (Some(Tok::Punct("{")), _) => false,
            (_, Tok::Punct("}")) => false,
            _ => true,
        };
        if space && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(&s);
        prev = Some(&t.tok);
    }
    out.trim().to_string()
}

fn stringify(toks: &[Token]) -> String {
    render(toks)
}

impl<'t> Interp<'t> {
    fn peek(&self, k: usize) -> Option<&'t Tok> {
        self.toks.get(self.pos + k).map(|t| &t.tok)
    }

    fn loc(&self) -> Loc {
        self.toks.get(self.pos).or(self.toks.last()).map_or(Loc::default(), |t| t.loc)
    }

    fn err(&mut self, code: &'static str, loc: Loc, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(code, loc, msg));
    }

    /// Reads a balanced group starting at an opening bracket; returns the inner tokens.
    fn group(&mut self) -> Option<Vec<Token>> {
        let open = match self.peek(0)? {
            Tok::Punct(p @ ("(" | "{" | "[")) => *p,
            _ => return None,
        };
        let close = match open {
            "(" => ")",
            "{" => "}",
            _ => "]",
        };
        let start = self.pos + 1;
        let mut depth = 0i32;
        while let Some(t) = self.toks.get(self.pos) {
            match &t.tok {
                Tok::Punct(p) if *p == open => depth += 1,
                Tok::Punct(p) if *p == close => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = self.toks[start..self.pos].to_vec();
                        self.pos += 1;
                        return Some(inner);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        // Unclosed: report it, and resume at the next known macro on a later line.
        let open_tok = &self.toks[start - 1];
        let (open_loc, open_line) = (open_tok.loc, open_tok.loc.line);
        self.err("macro-syntax", open_loc, format!("`{open}` is never closed; the arguments end at the next macro"));
        let resume = self.toks[start..]
            .iter()
            .position(|t| t.loc.line > open_line && matches!(&t.tok, Tok::Ident(n) if table::lookup(n).is_some()))
            .map_or(self.toks.len(), |p| start + p);
        self.pos = resume;
        Some(self.toks[start..resume].to_vec())
    }

    fn index_of(&mut self, toks: &[Token], loc: Loc) -> Option<usize> {
        let raw = render(toks);
        match kapi_model::Value::parse(&raw, loc).as_i64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) if n < 4096 => Some(n),
            _ => {
                self.err("bad-value", loc, format!("index `{raw}` is not a small number"));
                None
            }
        }
    }

    /// Reads a value up to a top-level `,` or `}`.
    fn value_tokens(&mut self) -> Vec<Token> {
        let start = self.pos;
        let mut depth = 0i32;
        let mut prev_operand = false;
        while let Some(t) = self.toks.get(self.pos) {
            // A missing comma before a macro or a designator: the value ends
            // where a second operand would start.
            let starts_item = match &t.tok {
                Tok::Punct(".") => true,
                Tok::Ident(n) => table::lookup(n).is_some() || n == "KAPI_END_SPEC",
                _ => false,
            };
            if depth == 0 && prev_operand && starts_item {
                break;
            }
            match &t.tok {
                Tok::Punct("(" | "{" | "[") => depth += 1,
                Tok::Punct(")" | "]") => depth -= 1,
                Tok::Punct("}") if depth == 0 => break,
                Tok::Punct("}") => depth -= 1,
                Tok::Punct(",") | Tok::Punct(";") if depth == 0 => break,
                _ => {}
            }
            prev_operand =
                matches!(&t.tok, Tok::Str(_) | Tok::Number(_) | Tok::Ident(_) | Tok::Char(_) | Tok::Punct(")" | "]"));
            self.pos += 1;
        }
        self.toks[start..self.pos].to_vec()
    }

    fn designated(&mut self) {
        // `.a[1].b = value`
        let loc = self.loc();
        let mut segs: Vec<Seg> = Vec::new();
        while let Some(Tok::Punct(".")) = self.peek(0) {
            self.pos += 1;
            let Some(Tok::Ident(name)) = self.peek(0) else {
                self.err("macro-syntax", self.loc(), "expected a field name after `.`");
                return;
            };
            self.pos += 1;
            let mut index = None;
            if let Some(Tok::Punct("[")) = self.peek(0) {
                let l = self.loc();
                let inner = self.group().unwrap_or_default();
                index = self.index_of(&inner, l);
            }
            segs.push(Seg { field: name.clone(), index });
        }
        if self.peek(0) != Some(&Tok::Punct("=")) {
            self.err("macro-syntax", self.loc(), "expected `=` after a designator");
            return;
        }
        self.pos += 1;
        let last = segs.pop().expect("at least one segment");
        if let Some(Tok::Punct("{")) = self.peek(0) {
            // A nested initialiser, unless it is a list such as `{1, 2}`.
            let looks_nested = matches!(self.peek(1), Some(Tok::Punct(".")) | Some(Tok::Ident(_)))
                && {
                    let n = self.toks.get(self.pos + 1).map(|t| &t.tok);
                    matches!(n, Some(Tok::Punct(".")))
                        || matches!(n, Some(Tok::Ident(s)) if s.starts_with("KAPI_") && self.toks.get(self.pos + 2).is_some_and(|t| t.tok == Tok::Punct("(")))
                };
            if looks_nested {
                self.pos += 1;
                self.path.extend(segs);
                self.path.push(last);
                self.depth += 1;
                return;
            }
        }
        let value = self.value_tokens();
        let mut path = self.path.clone();
        path.extend(segs);
        self.assigns.push(Assign { path, field: last.field, index: last.index, value, loc, append: false, via: None });
    }

    fn call(&mut self, name: &str, loc: Loc, args: Vec<Vec<Token>>, depth: u32) {
        if depth > 16 {
            self.err("macro-syntax", loc, format!("`{name}` expands too deeply"));
            return;
        }
        let Some(&(mname, params, body)) = table::lookup(name) else {
            let help = kapi_syntax_suggest(name);
            let d = Diagnostic::warning(
                "unknown-macro",
                loc,
                format!("`{name}` is not a KAPI spec macro; it is kept as an extra attribute"),
            )
            .with_len(name.len())
            .with_help_opt(help);
            self.diags.push(d);
            let text = if args.is_empty() {
                String::new()
            } else {
                args.iter().map(|a| render(a)).collect::<Vec<_>>().join(", ")
            };
            self.assigns.push(Assign {
                path: self.path.clone(),
                field: format!("@{name}"),
                index: None,
                value: vec![Token { tok: Tok::Str(text), loc, offset: 0 }],
                loc,
                append: false,
                via: None,
            });
            return;
        };
        let names: Vec<&str> = params.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        let variadic = names.last() == Some(&"...");
        let fixed: Vec<&str> = names.iter().copied().filter(|n| *n != "...").collect();
        if args.len() < fixed.len() || (!variadic && args.len() > fixed.len()) {
            self.err("bad-value", loc, format!("`{name}` takes {} argument(s), found {}", fixed.len(), args.len()));
        }
        let arg =
            |n: &str| -> Option<Vec<Token>> { fixed.iter().position(|p| *p == n).and_then(|i| args.get(i).cloned()) };
        for stmt in body.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let subst = |text: &str| -> Vec<Token> {
                let (toks, _) = lex::lex_with(text, 0, text.len(), loc.line, false);
                let mut out = Vec::new();
                let mut i = 0;
                while i < toks.len() {
                    match &toks[i].tok {
                        Tok::Punct("#") => {
                            if let Some(Tok::Ident(p)) = toks.get(i + 1).map(|t| &t.tok) {
                                if let Some(a) = arg(p) {
                                    out.push(Token {
                                        tok: Tok::Str(stringify(&a)),
                                        loc: a.first().map_or(loc, |t| t.loc),
                                        offset: 0,
                                    });
                                    i += 2;
                                    continue;
                                }
                            }
                            i += 1;
                        }
                        Tok::Ident(p) if variadic && p == "__VA_ARGS__" => {
                            for (k, a) in args.iter().skip(fixed.len()).enumerate() {
                                if k > 0 {
                                    out.push(Token { tok: Tok::Punct(","), loc, offset: 0 });
                                }
                                out.extend(a.iter().cloned());
                            }
                            i += 1;
                        }
                        Tok::Ident(p) if arg(p).is_some() => {
                            out.extend(arg(p).expect("checked"));
                            i += 1;
                        }
                        _ => {
                            out.push(Token { tok: toks[i].tok.clone(), loc, offset: 0 });
                            i += 1;
                        }
                    }
                }
                // Adjacent string literals concatenate.
                let mut merged: Vec<Token> = Vec::new();
                for t in out {
                    if let (Some(Token { tok: Tok::Str(a), .. }), Tok::Str(b)) = (merged.last_mut(), &t.tok) {
                        a.push_str(b);
                        continue;
                    }
                    merged.push(t);
                }
                merged
            };
            if stmt == "begin" {
                continue;
            } else if stmt == "end" {
                self.ended = true;
            } else if stmt == "close" {
                self.close(loc);
            } else if let Some(rest) = stmt.strip_prefix("open ") {
                let (field, index) = match rest.split_once('[') {
                    Some((f, i)) => {
                        let itoks = subst(i.trim_end_matches(']'));
                        let l = itoks.first().map_or(loc, |t| t.loc);
                        (f.to_string(), self.index_of(&itoks, l))
                    }
                    None => (rest.to_string(), None),
                };
                self.path.push(Seg { field, index });
                self.depth += 1;
            } else if let Some((field, v)) = stmt.split_once("+=") {
                let value = subst(v.trim());
                self.assigns.push(Assign {
                    path: self.path.clone(),
                    field: field.trim().into(),
                    index: None,
                    value,
                    loc,
                    append: true,
                    via: Some(mname),
                });
            } else if let Some((field, v)) = stmt.split_once('=').filter(|(f, _)| !f.contains('(')) {
                let value = subst(v.trim());
                self.assigns.push(Assign {
                    path: self.path.clone(),
                    field: field.trim().into(),
                    index: None,
                    value,
                    loc,
                    append: false,
                    via: Some(mname),
                });
            } else if let Some(open) = stmt.find('(') {
                let inner_name = stmt[..open].trim();
                let inner = subst(&stmt[open + 1..stmt.len() - 1]);
                self.call(inner_name, loc, split_args(&inner), depth + 1);
            } else {
                self.call(stmt, loc, Vec::new(), depth + 1);
            }
            if self.ended {
                return;
            }
        }
    }

    fn close(&mut self, loc: Loc) {
        if self.depth == 0 {
            self.ended = true;
            return;
        }
        if self.path.pop().is_none() {
            self.err("macro-syntax", loc, "`}` closes nothing");
        }
        self.depth -= 1;
    }

    fn run(&mut self) {
        while !self.ended {
            let Some(t) = self.toks.get(self.pos) else {
                self.err(
                    "unterminated-comment",
                    self.toks.last().map_or(Loc::default(), |t| t.loc),
                    "the spec is not closed before the end of the file",
                );
                return;
            };
            let loc = t.loc;
            match &t.tok {
                Tok::Punct(".") => self.designated(),
                Tok::Punct("}") => {
                    self.pos += 1;
                    self.close(loc);
                }
                Tok::Punct("," | ";") | Tok::Directive(_) => self.pos += 1,
                Tok::Ident(name) => {
                    let name = name.clone();
                    self.pos += 1;
                    if name == "KAPI_END_SPEC" {
                        self.ended = true;
                        break;
                    }
                    let args = if let Some(Tok::Punct("(")) = self.peek(0) {
                        let inner = self.group().unwrap_or_default();
                        split_args(&inner)
                    } else {
                        Vec::new()
                    };
                    self.call(&name, loc, args, 0);
                }
                other => {
                    let s = render(std::slice::from_ref(t));
                    let _ = other;
                    self.err("macro-syntax", loc, format!("unexpected `{s}` in a spec initialiser"));
                    self.pos += 1;
                }
            }
        }
        // Swallow the `;` after KAPI_END_SPEC or `};`.
        if let Some(Tok::Punct(";")) = self.peek(0) {
            self.pos += 1;
        }
    }
}

fn kapi_syntax_suggest(name: &str) -> Option<String> {
    crate::keys::suggest(name, table::MACROS.iter().map(|(n, _, _)| *n)).map(|s| format!("did you mean `{s}`?"))
}

/// Finds and reads every macro spec in `text`.
pub fn read(text: &str) -> Vec<RawSpec> {
    let (toks, lex_errs) = lex::lex(text, 0, text.len(), 1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let start = &toks[i];
        let opener = match &start.tok {
            Tok::Ident(n)
                if OPENERS[..4].contains(&n.as_str()) && toks.get(i + 1).is_some_and(|t| t.tok == Tok::Punct("(")) =>
            {
                Some(n.clone())
            }
            Tok::Ident(n) if n == "struct" => match (
                toks.get(i + 1).map(|t| &t.tok),
                toks.get(i + 3).map(|t| &t.tok),
                toks.get(i + 4).map(|t| &t.tok),
            ) {
                (Some(Tok::Ident(s)), Some(Tok::Punct("=")), Some(Tok::Punct("{")))
                    if s == "kapi_ioctl_spec" || s == "kernel_api_spec" =>
                {
                    Some(format!("struct {s}"))
                }
                _ => None,
            },
            _ => None,
        };
        let Some(opener) = opener else {
            i += 1;
            continue;
        };
        let mut it = Interp {
            toks: &toks,
            pos: i,
            path: Vec::new(),
            assigns: Vec::new(),
            diags: Vec::new(),
            ended: false,
            depth: 0,
        };
        if opener.starts_with("struct ") {
            if opener == "struct kapi_ioctl_spec" {
                it.assigns.push(Assign {
                    path: Vec::new(),
                    field: "@ioctl_variable".into(),
                    index: None,
                    value: vec![toks[i + 2].clone()],
                    loc: start.loc,
                    append: false,
                    via: None,
                });
            } else {
                it.assigns.push(Assign {
                    path: Vec::new(),
                    field: "@variable".into(),
                    index: None,
                    value: vec![toks[i + 2].clone()],
                    loc: start.loc,
                    append: false,
                    via: None,
                });
            }
            it.pos = i + 5;
        } else {
            it.pos = i + 1;
            let inner = it.group().unwrap_or_default();
            it.call(&opener, start.loc, split_args(&inner), 0);
        }
        it.run();
        let end_tok = toks.get(it.pos.saturating_sub(1)).unwrap_or(start);
        let end_offset = match &end_tok.tok {
            Tok::Punct(p) => end_tok.offset + p.len(),
            _ => text[end_tok.offset..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(text.len(), |p| end_tok.offset + p),
        };
        out.push(RawSpec {
            start: start.loc,
            end_offset,
            end_line: end_tok.loc.line,
            opener,
            assigns: it.assigns,
            diags: it.diags,
        });
        i = it.pos.max(i + 1);
    }
    if let Some(first) = out.first_mut() {
        for e in lex_errs {
            first.diags.push(Diagnostic::warning("macro-syntax", e.loc, e.message));
        }
    }
    out
}
