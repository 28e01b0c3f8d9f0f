//! Output formats for kapi specs.
//!
//! - [`plain`]: for people, aligned and wrapped;
//! - [`json`]: the newest upstream shape (`{"apis": [...]}` and
//!   `{"api_details": {...}}`) plus what upstream lacks, with a JSON Schema;
//! - [`rst`]: reStructuredText that builds cleanly with docutils;
//! - [`shall`]: one requirement sentence per spec fact.
//!
//! Every renderer has a list view (many specs) and a detail view (one spec).

pub mod apispec;
pub mod debugfs;
pub mod json;
pub mod json_read;
pub mod plain;
pub mod rst;
pub mod shall;
mod text;

use kapi_model::Spec;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Human-readable text.
    Plain,
    /// JSON.
    Json,
    /// reStructuredText.
    Rst,
    /// Requirement sentences.
    Shall,
}

impl Format {
    /// Every format, for help texts.
    pub const ALL: [Format; 4] = [Format::Plain, Format::Json, Format::Rst, Format::Shall];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Json => "json",
            Format::Rst => "rst",
            Format::Shall => "shall",
        }
    }

    /// Parses a format name, ignoring case.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s))
    }
}

/// Renders the list view of `specs`.
pub fn list(format: Format, specs: &[&Spec]) -> String {
    match format {
        Format::Plain => plain::list(specs),
        Format::Json => json::list(specs),
        Format::Rst => rst::list(specs),
        Format::Shall => shall::list(specs),
    }
}

/// Renders the detail view of one spec.
pub fn detail(format: Format, spec: &Spec) -> String {
    match format {
        Format::Plain => plain::detail(spec),
        Format::Json => json::detail(spec),
        Format::Rst => rst::detail(spec),
        Format::Shall => shall::detail(spec),
    }
}
