//! Finding `/** ... */` comments and splitting them into content lines.

use kapi_model::Loc;
use memchr::memmem;

/// One line of a doc comment after the `*` prefix is removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLine<'a> {
    /// 1-based line number in the text.
    pub line: u32,
    /// 1-based character column where `text` starts.
    pub col: u32,
    /// Indentation after the `* ` prefix, in columns (tabs to the next multiple of 8).
    pub indent: u32,
    /// The content after the indentation, trailing whitespace removed. Empty for a blank line.
    pub text: &'a str,
    /// Column of a non-ASCII whitespace character in the indentation, if any.
    pub odd_whitespace: Option<(u32, char)>,
}

impl DocLine<'_> {
    /// Where the content starts.
    pub fn loc(&self) -> Loc {
        Loc::new(self.line, self.col)
    }

    /// Whether the line has no content.
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// A `/** ... */` comment.
#[derive(Clone, Debug)]
pub struct Comment<'a> {
    /// Byte offset of `/**`.
    pub start: usize,
    /// Byte offset just past `*/` (the text length if unterminated).
    pub end: usize,
    /// Line of `/**`.
    pub start_loc: Loc,
    /// Line of `*/`.
    pub end_line: u32,
    /// Whether `*/` was found.
    pub terminated: bool,
    /// Content lines, blank lines included.
    pub lines: Vec<DocLine<'a>>,
}

/// Iterates over the doc comments of a text in order, tracking line numbers.
pub struct Comments<'a> {
    text: &'a str,
    pos: usize,
    line_pos: usize,
    line: u32,
    open: memmem::Finder<'static>,
    close: memmem::Finder<'static>,
}

impl<'a> Comments<'a> {
    /// Starts scanning `text`.
    pub fn new(text: &'a str) -> Self {
        Comments {
            text,
            pos: 0,
            line_pos: 0,
            line: 1,
            open: memmem::Finder::new(b"/**"),
            close: memmem::Finder::new(b"*/"),
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        debug_assert!(offset >= self.line_pos);
        self.line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.line_pos..offset]).count() as u32;
        self.line_pos = offset;
        self.line
    }
}

impl<'a> Iterator for Comments<'a> {
    type Item = Comment<'a>;

    fn next(&mut self) -> Option<Comment<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let rel = self.open.find(&bytes[self.pos..])?;
            let start = self.pos + rel;
            // `/**/` is an empty ordinary comment, and `/***` a banner.
            if bytes.get(start + 3) == Some(&b'/') || bytes.get(start + 3) == Some(&b'*') {
                self.pos = start + 3;
                continue;
            }
            let body = start + 3;
            let (close, terminated) = match self.close.find(&bytes[body..]) {
                Some(r) => (body + r, true),
                None => (bytes.len(), false),
            };
            let end = if terminated { close + 2 } else { close };
            self.pos = end;
            let start_line = self.line_at(start);
            let col = char_col(self.text, start);
            let lines = split_lines(self.text, body, close, start_line);
            let end_line = start_line + memchr::memchr_iter(b'\n', &bytes[start..close]).count() as u32;
            return Some(Comment { start, end, start_loc: Loc::new(start_line, col), end_line, terminated, lines });
        }
    }
}

/// 1-based character column of byte `offset` in `text`.
pub fn char_col(text: &str, offset: usize) -> u32 {
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |p| p + 1);
    let prefix = &text[line_start..offset];
    let n = if prefix.is_ascii() { prefix.len() } else { prefix.chars().count() };
    n as u32 + 1
}

fn split_lines(text: &str, body: usize, close: usize, first_line: u32) -> Vec<DocLine<'_>> {
    let mut out = Vec::new();
    let mut line_start = body;
    let mut line_no = first_line;
    let mut first = true;
    loop {
        let nl = memchr::memchr(b'\n', &text.as_bytes()[line_start..close]).map(|r| line_start + r);
        let line_end = nl.unwrap_or(close);
        out.push(clean_line(text, line_start, line_end, line_no, first));
        first = false;
        match nl {
            Some(p) => {
                line_start = p + 1;
                line_no += 1;
            }
            None => break,
        }
    }
    out
}

fn clean_line(text: &str, start: usize, end: usize, line_no: u32, first: bool) -> DocLine<'_> {
    let raw = &text[start..end];
    let line_begin = memchr::memrchr(b'\n', &text.as_bytes()[..start]).map_or(0, |p| p + 1);
    let mut odd = None;
    let mut rest = raw;
    if !first {
        // Leading whitespace, then an optional `*`, then at most one space.
        let mut chars = rest.char_indices();
        let mut cut = rest.len();
        for (i, c) in chars.by_ref() {
            if c == ' ' || c == '\t' || c == '\r' {
                continue;
            }
            if c.is_whitespace() {
                if odd.is_none() {
                    odd = Some((i, c));
                }
                continue;
            }
            cut = i;
            break;
        }
        rest = &rest[cut..];
        if let Some(r) = rest.strip_prefix('*') {
            rest = r.strip_prefix(' ').unwrap_or(r);
        }
    }
    let mut indent = 0u32;
    let mut cut = rest.len();
    for (i, c) in rest.char_indices() {
        match c {
            ' ' | '\r' => indent += 1,
            '\t' => indent = (indent / 8 + 1) * 8,
            c if c.is_whitespace() => {
                if odd.is_none() {
                    odd = Some((rest.as_ptr() as usize - raw.as_ptr() as usize + i, c));
                }
                indent += 1;
            }
            _ => {
                cut = i;
                break;
            }
        }
    }
    let content = rest[cut..].trim_end();
    let content_off = start + (rest.as_ptr() as usize - raw.as_ptr() as usize) + cut;
    let col = char_col_from(text, line_begin, content_off);
    let odd_whitespace = odd.map(|(off, c)| (char_col_from(text, line_begin, start + off), c));
    DocLine { line: line_no, col, indent, text: if content.is_empty() { "" } else { content }, odd_whitespace }
}

fn char_col_from(text: &str, line_begin: usize, offset: usize) -> u32 {
    let prefix = &text[line_begin..offset];
    let n = if prefix.is_ascii() { prefix.len() } else { prefix.chars().count() };
    n as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_star_and_one_space() {
        let text = "int x;\n/**\n * sys_foo - bar\n *   type: uint\n *\n */\nSYSCALL_DEFINE0(foo)\n";
        let c: Vec<_> = Comments::new(text).collect();
        assert_eq!(c.len(), 1);
        let lines = &c[0].lines;
        assert_eq!(c[0].start_loc, Loc::new(2, 1));
        assert_eq!(lines[1].text, "sys_foo - bar");
        assert_eq!(lines[1].indent, 0);
        assert_eq!(lines[1].line, 3);
        assert_eq!(lines[1].col, 4);
        assert_eq!(lines[2].text, "type: uint");
        assert_eq!(lines[2].indent, 2);
        assert!(lines[3].is_blank());
        assert!(c[0].terminated);
        assert_eq!(&text[c[0].end..c[0].end + 1], "\n");
    }

    #[test]
    fn unterminated_comment_runs_to_end() {
        let c: Vec<_> = Comments::new("/**\n * a: b\n").collect();
        assert_eq!(c.len(), 1);
        assert!(!c[0].terminated);
    }

    #[test]
    fn non_ascii_indentation_is_reported_not_sliced() {
        let text = "/**\n *\u{a0}\u{a0}type: uint\n */";
        let c: Vec<_> = Comments::new(text).collect();
        let l = &c[0].lines[1];
        assert_eq!(l.text, "type: uint");
        assert_eq!(l.indent, 2);
        assert_eq!(l.odd_whitespace, Some((3, '\u{a0}')));
        assert_eq!(l.col, 5);
    }

    #[test]
    fn banners_and_empty_comments_are_skipped() {
        assert_eq!(Comments::new("/***/ /****** x */").count(), 0);
    }
}
