//! A small C lexer: enough for spec initialisers and macro calls.

use kapi_model::Loc;

/// A C token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// An identifier or keyword.
    Ident(String),
    /// A number, as written.
    Number(String),
    /// A string literal, decoded (adjacent literals are separate tokens).
    Str(String),
    /// A character literal, as written.
    Char(String),
    /// Punctuation (`(`, `)`, `{`, `}`, `[`, `]`, `,`, `;`, `.`, `=`, `|`, `<<`, `->`, ...).
    Punct(&'static str),
    /// A preprocessor line (`#ifdef CONFIG_X86`), trimmed, continuation lines joined.
    Directive(String),
}

/// A token with where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Where it starts.
    pub loc: Loc,
    /// Byte offset in the text.
    pub offset: usize,
}

/// A lexing problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    /// Where.
    pub loc: Loc,
    /// What.
    pub message: String,
}

const PUNCTS: &[&str] = &[
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "##", "(", ")", "{", "}", "[", "]", ",", ";", ".", "=", "|", "&", "^", "~", "!", "+", "-",
    "*", "/", "%", "<", ">", "?", ":", "#",
];

/// Tokenises `text` from byte `start` (at `line`, column 1 of that line's
/// start) to `end`. Comments are skipped.
pub fn lex(text: &str, start: usize, end: usize, first_line: u32) -> (Vec<Token>, Vec<LexError>) {
    lex_with(text, start, end, first_line, true)
}

/// Like [`lex`]; `directives` says whether `#` at a line start begins a
/// preprocessor line (not so in macro expansion text).
pub fn lex_with(
    text: &str,
    start: usize,
    end: usize,
    first_line: u32,
    directives: bool,
) -> (Vec<Token>, Vec<LexError>) {
    let b = text.as_bytes();
    let mut i = start;
    let mut line = first_line;
    let mut line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let mut out = Vec::new();
    let mut errs = Vec::new();
    let mut at_line_start = true;
    let col = |i: usize, ls: usize| -> u32 {
        let p = &text[ls..i];
        (if p.is_ascii() { p.len() } else { p.chars().count() }) as u32 + 1
    };
    while i < end {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            line_start = i;
            at_line_start = true;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let loc = Loc::new(line, col(i, line_start));
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < end && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            loop {
                if i + 1 >= end {
                    errs.push(LexError { loc, message: "comment is not closed".into() });
                    i = end;
                    break;
                }
                if b[i] == b'*' && b[i + 1] == b'/' {
                    i += 2;
                    break;
                }
                if b[i] == b'\n' {
                    line += 1;
                    line_start = i + 1;
                }
                i += 1;
            }
            continue;
        }
        if c == b'#' && at_line_start && directives {
            let s = i;
            let mut text_out = String::new();
            loop {
                let e = memchr::memchr(b'\n', &b[i..end]).map_or(end, |p| i + p);
                let seg = &text[i..e];
                if let Some(stripped) = seg.trim_end().strip_suffix('\\') {
                    text_out.push_str(stripped);
                    text_out.push(' ');
                    if e >= end {
                        i = end;
                        break;
                    }
                    line += 1;
                    i = e + 1;
                    line_start = i;
                } else {
                    text_out.push_str(seg);
                    i = e;
                    break;
                }
            }
            out.push(Token { tok: Tok::Directive(text_out.trim().to_string()), loc, offset: s });
            continue;
        }
        at_line_start = false;
        let s = i;
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Token { tok: Tok::Ident(text[s..i].to_string()), loc, offset: s });
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            out.push(Token { tok: Tok::Number(text[s..i].to_string()), loc, offset: s });
        } else if c == b'"' {
            i += 1;
            let mut v = String::new();
            let mut closed = false;
            while i < end {
                match b[i] {
                    b'"' => {
                        i += 1;
                        closed = true;
                        break;
                    }
                    b'\n' => break,
                    b'\\' if i + 1 < end => {
                        let (ch, n) = unescape(&text[i + 1..end]);
                        v.push_str(&ch);
                        i += 1 + n;
                    }
                    _ => {
                        let ch = text[i..].chars().next().expect("in bounds");
                        v.push(ch);
                        i += ch.len_utf8();
                    }
                }
            }
            if !closed {
                errs.push(LexError { loc, message: "string literal is not closed".into() });
            }
            out.push(Token { tok: Tok::Str(v), loc, offset: s });
        } else if c == b'\'' {
            i += 1;
            while i < end && b[i] != b'\'' && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(end);
            out.push(Token { tok: Tok::Char(text[s..i].to_string()), loc, offset: s });
        } else if let Some(p) = PUNCTS.iter().find(|p| text[i..end].starts_with(**p)) {
            i += p.len();
            out.push(Token { tok: Tok::Punct(p), loc, offset: s });
        } else {
            let ch = text[i..].chars().next().expect("in bounds");
            errs.push(LexError { loc, message: format!("unexpected character `{}`", ch.escape_debug()) });
            i += ch.len_utf8();
        }
    }
    (out, errs)
}

/// Decodes one escape sequence (the text after the backslash); returns the
/// decoded text and how many bytes were consumed.
fn unescape(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    match b.first() {
        Some(b'n') => ("\n".into(), 1),
        Some(b't') => ("\t".into(), 1),
        Some(b'r') => ("\r".into(), 1),
        Some(b'0'..=b'7') => {
            let n = b.iter().take(3).take_while(|c| (b'0'..=b'7').contains(c)).count();
            let v = u32::from_str_radix(&s[..n], 8).unwrap_or(0);
            (char::from_u32(v).map_or_else(String::new, |c| c.to_string()), n)
        }
        Some(b'x') => {
            let n = b[1..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
            let v = u32::from_str_radix(&s[1..1 + n], 16).unwrap_or(0);
            (char::from_u32(v).map_or_else(String::new, |c| c.to_string()), 1 + n)
        }
        Some(_) => {
            let ch = s.chars().next().expect("non-empty");
            (ch.to_string(), ch.len_utf8())
        }
        None => (String::new(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_with_locations() {
        let t = "KAPI_PARAM(0, \"fd\", \"int\" \"x\\n\")\n\t.type = KAPI_TYPE_FD, /* c */ // x\n#ifdef CONFIG_X86\n| (1 << 3)\n";
        let (toks, errs) = lex(t, 0, t.len(), 1);
        assert!(errs.is_empty());
        assert_eq!(toks[0].tok, Tok::Ident("KAPI_PARAM".into()));
        assert_eq!(toks[4].tok, Tok::Str("fd".into()));
        assert_eq!(toks[7].tok, Tok::Str("x\n".into()));
        let dot = toks.iter().position(|t| t.tok == Tok::Punct(".")).unwrap();
        assert_eq!(toks[dot].loc, Loc::new(2, 2));
        assert!(toks.iter().any(|t| t.tok == Tok::Directive("#ifdef CONFIG_X86".into())));
        assert!(toks.iter().any(|t| t.tok == Tok::Punct("<<")));
    }

    #[test]
    fn unclosed_things_are_errors_not_panics() {
        for t in ["\"abc", "/* x", "'", "\"\\", "#define X \\"] {
            let (_, _) = lex(t, 0, t.len(), 1);
        }
        let (_, e) = lex("\"abc", 0, 4, 1);
        assert_eq!(e.len(), 1);
    }
}
