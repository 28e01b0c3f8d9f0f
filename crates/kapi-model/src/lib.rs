//! The data model of a Kernel API Specification (KAPI).
//!
//! This crate holds what every other kapi crate agrees on:
//! - [`Spec`] and its items (params, errors, signals, locks, ...), with a
//!   source location ([`Loc`]) on every value;
//! - the enum families of `include/linux/kernel_api_spec.h` ([`enums`]), with
//!   the v4 numbers and both the long `KAPI_*` and short DSL spellings;
//! - the x86_64 errno, signal, capability and constant tables ([`tables`]);
//! - a C constant-expression evaluator ([`expr`]) that resolves symbolic
//!   values such as `O_RDONLY | O_CREAT` while keeping the text as written;
//! - [`Diagnostic`], the one report type shared by parsers and linters.
//!
//! It does no I/O.

pub mod diag;
pub mod enums;
pub mod expr;
pub mod loc;
pub mod normal;
pub mod spec;
pub mod tables;

pub use diag::{Diagnostic, Severity, TargetLoc};
pub use enums::{FlagSet, KapiEnum, Token};
pub use expr::Value;
pub use loc::{Loc, Text};
pub use normal::normalized;
pub use spec::*;
