//! Turning value lines into text, and splitting values into fields.

use crate::tree::VLine;
use kapi_model::{Loc, Text};

/// Whether a line starts a list item (`- x`, `* x`, `+ x`, `1. x`, `2) x`).
pub fn is_bullet(t: &str) -> bool {
    let t = t.trim_start();
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits < 4 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// Joins prose: lines of a paragraph with single spaces, paragraphs with a
/// blank line, and list items (see [`is_bullet`]) on lines of their own.
/// Returns `None` when there is no text.
pub fn prose(lines: &[VLine<'_>]) -> Option<Text> {
    let loc = lines.iter().find(|l| !l.text.is_empty())?.loc;
    let mut out = String::new();
    let mut pending_break = false;
    for l in lines {
        if l.text.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if pending_break {
            out.push_str("\n\n");
            pending_break = false;
        } else if !out.is_empty() {
            out.push(if is_bullet(l.text) { '\n' } else { ' ' });
        }
        out.push_str(l.text.trim());
    }
    Some(Text::new(unescape(out), loc))
}

/// `*\/` stands for `*/`, which a comment cannot hold (see [`crate::write`]).
fn unescape(s: String) -> String {
    if s.contains("*\\/") {
        s.replace("*\\/", "*/")
    } else {
        s
    }
}

/// Joins lines keeping line breaks and paragraphs: continuation lines lose
/// their common indentation; deeper indentation is kept.
pub fn verbatim(lines: &[VLine<'_>]) -> Option<Text> {
    let first = lines.iter().position(|l| !l.text.is_empty())?;
    let loc = lines[first].loc;
    let base = lines[first + 1..].iter().filter(|l| !l.text.is_empty()).map(|l| l.indent).min().unwrap_or(0);
    let mut out = String::new();
    let mut pending_break = false;
    for (i, l) in lines[first..].iter().enumerate() {
        if l.text.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        pending_break = false;
        if i > 0 {
            for _ in base..l.indent {
                out.push(' ');
            }
        }
        out.push_str(l.text);
    }
    Some(Text::new(unescape(out), loc))
}

/// Joins every line with single spaces and collapses runs of blanks: the
/// form for tokens, lists and expressions that may wrap.
pub fn flat(lines: &[VLine<'_>]) -> Option<(String, Loc)> {
    let loc = lines.iter().find(|l| !l.text.is_empty())?.loc;
    let mut out = String::new();
    for l in lines.iter().filter(|l| !l.text.is_empty()) {
        for w in l.text.split_whitespace() {
            if !out.is_empty() && !out.ends_with('(') && !w.starts_with(')') {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    Some((unescape(out), loc))
}

/// A field of a comma-separated value, with where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    /// The field, trimmed.
    pub text: &'a str,
    /// Where it starts (assuming the value sits on one line at `base`).
    pub loc: Loc,
}

/// Splits at top-level commas (not inside parentheses, brackets or braces),
/// at most `max` fields (the last takes the rest; 0 means no limit).
pub fn split_commas(s: &str, base: Loc, max: usize) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth <= 0 && (max == 0 || out.len() + 1 < max) => {
                out.push(field(s, start, i, base));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(field(s, start, s.len(), base));
    out
}

fn field(s: &str, start: usize, end: usize, base: Loc) -> Field<'_> {
    let raw = &s[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let col = base.col + s[..start + lead].chars().count() as u32;
    Field { text: raw.trim(), loc: Loc::new(base.line, col) }
}

/// Checks that parentheses balance. Returns the offending column offset (in
/// characters) of the first unmatched parenthesis.
pub fn unbalanced(s: &str) -> Option<usize> {
    let mut stack = Vec::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '(' => stack.push(i),
            ')' if stack.pop().is_none() => return Some(i),
            _ => {}
        }
    }
    stack.first().copied()
}

/// A call-form value such as `range(0, INT_MAX)`: the name and the argument
/// text (`None` when written without parentheses).
pub fn call_form(s: &str) -> Option<(&str, Option<&str>)> {
    let s = s.trim();
    match s.find('(') {
        None => Some((s, None)),
        Some(open) => {
            let name = s[..open].trim();
            let inner = s[open + 1..].strip_suffix(')')?;
            Some((name, Some(inner)))
        }
    }
}

/// Whether a word looks like an errno name (`ENOMEM`).
pub fn looks_like_errno(w: &str) -> bool {
    let w = w.trim().trim_start_matches('-');
    w.len() >= 2
        && w.starts_with('E')
        && w[1..].bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vl(text: &str, line: u32, indent: u32) -> VLine<'_> {
        VLine { text, loc: Loc::new(line, 3 + indent), indent }
    }

    #[test]
    fn prose_keeps_paragraphs() {
        let lines = [vl("a b", 1, 0), vl("c", 2, 2), vl("", 3, 0), vl("d", 4, 2), vl("", 5, 0)];
        assert_eq!(prose(&lines).unwrap().text, "a b c\n\nd");
    }

    #[test]
    fn verbatim_strips_common_indent() {
        let lines = [vl("x();  // one", 1, 0), vl("y();", 2, 2), vl("  z();", 3, 4)];
        assert_eq!(verbatim(&lines).unwrap().text, "x();  // one\ny();\n    z();");
    }

    #[test]
    fn commas_respect_parentheses() {
        let f = split_commas("range(0, 1), b , c", Loc::new(1, 10), 0);
        assert_eq!(f.iter().map(|f| f.text).collect::<Vec<_>>(), ["range(0, 1)", "b", "c"]);
        assert_eq!(f[1].loc, Loc::new(1, 23));
        let f = split_commas("a, b, c, d", Loc::new(1, 1), 2);
        assert_eq!(f[1].text, "b, c, d");
    }

    #[test]
    fn call_forms() {
        assert_eq!(call_form("range(0, INT_MAX)"), Some(("range", Some("0, INT_MAX"))));
        assert_eq!(call_form("user_path"), Some(("user_path", None)));
        assert_eq!(call_form("mask(A | B"), None);
        assert_eq!(unbalanced("mask(A | (B)"), Some(4));
        assert_eq!(unbalanced("a)"), Some(1));
    }
}
