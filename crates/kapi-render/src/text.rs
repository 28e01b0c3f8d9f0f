//! Small text helpers shared by the renderers.

/// Wraps `text` to `width` columns, prefixing every line with `indent`.
/// Paragraph breaks (blank lines) are kept.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    for (i, para) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && indent.len() + line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(indent);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Indents every line of `text` (line breaks kept).
pub fn indent_lines(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        if !l.is_empty() {
            out.push_str(indent);
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// Joins a paragraph's lines with single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_keeps_paragraphs() {
        assert_eq!(wrap("aa bb cc\n\ndd", 7, "  "), "  aa bb\n  cc\n\n  dd\n");
    }
}
