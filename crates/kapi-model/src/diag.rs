//! Diagnostics: the one way every kapi crate reports a problem in its input.

use crate::Loc;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Informational; never changes an exit code.
    Note,
    /// Something is probably wrong, but a value was still produced.
    Warning,
    /// The input could not be understood; part of it is missing from the model.
    Error,
}

impl Severity {
    /// The lower-case word used in output (`note`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a line of a patch lands in the kernel tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TargetLoc {
    /// Path of the patched file, as named by the patch (`mm/mlock.c`).
    pub path: String,
    /// Line in the patched (new) file.
    pub line: u32,
}

/// A problem found in an input, tied to a file, line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable identifier of the check (`unknown-key`, `no-definition`, ...).
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// One-line description of the problem.
    pub message: String,
    /// The file the problem is in, as given on the command line.
    pub file: String,
    /// Where in `file`.
    pub loc: Loc,
    /// How many characters the problem spans (for carets); 0 if unknown.
    pub len: u32,
    /// For patches: the same place in the patched kernel file.
    pub target: Option<TargetLoc>,
    /// How to fix it, if known.
    pub help: Option<String>,
    /// Extra context lines.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with no file yet; the caller fills `file` (see [`Diagnostic::in_file`]).
    pub fn new(code: &'static str, severity: Severity, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            file: String::new(),
            loc,
            len: 0,
            target: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// An error.
    pub fn error(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, loc, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, loc, message)
    }

    /// A note.
    pub fn note(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Note, loc, message)
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line if there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the span length.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = u32::try_from(len).unwrap_or(u32::MAX);
        self
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.loc.is_known() {
            write!(f, "{}:{}: {}[{}]: {}", self.file, self.loc, self.severity, self.code, self.message)?;
        } else {
            write!(f, "{}: {}[{}]: {}", self.file, self.severity, self.code, self.message)?;
        }
        if let Some(t) = &self.target {
            write!(f, " (in {}:{})", t.path, t.line)?;
        }
        Ok(())
    }
}
