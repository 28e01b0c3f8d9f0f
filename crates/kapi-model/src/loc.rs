//! Source locations.

/// A 1-based line and column in the file a spec was read from.
///
/// Columns count characters (not bytes), so they match what an editor shows.
/// `Loc::default()` (0:0) means "no location" (for example a value built by a
/// writer rather than read from text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

impl Loc {
    /// A location at `line`:`col`.
    pub const fn new(line: u32, col: u32) -> Self {
        Loc { line, col }
    }

    /// Whether this location points somewhere.
    pub fn is_known(self) -> bool {
        self.line != 0
    }
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A piece of prose from a spec, with where it starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// The text. Prose is joined with single spaces; paragraphs are separated
    /// by a blank line (`"\n\n"`). Examples and notes keep their line breaks.
    pub text: String,
    /// Where the text starts.
    pub loc: Loc,
}

impl Text {
    /// A text at `loc`.
    pub fn new(text: impl Into<String>, loc: Loc) -> Self {
        Text { text: text.into(), loc }
    }

    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}
