//! `kapi`: read, print and check Kernel API Specifications.
//!
//! The binary is thin: argument parsing and output live here, everything else
//! in the library crates.

mod cli;
mod convert;
mod diff;
mod fmt;
mod lint;
mod progress;
mod show;
mod test;
mod trace;
mod watch;

use clap::Parser;
use std::process::ExitCode;

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings (a spec not found, errors in the input).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage or tool error.
pub const EXIT_TOOL: u8 = 2;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let code = match cli.command {
        Some(cli::Command::Lint(args)) => lint::run(&args),
        Some(cli::Command::Test(args)) => test::run(&args),
        Some(cli::Command::Trace(args)) => trace::run(&args),
        Some(cli::Command::Watch(args)) => watch::run(&args),
        Some(cli::Command::Fmt(args)) => fmt::run(&args),
        Some(cli::Command::Convert(args)) => convert::run(&args),
        Some(cli::Command::Diff(args)) => diff::run(&args),
        Some(cli::Command::Schema { which }) => {
            match which {
                cli::SchemaKind::Show => print!("{}", kapi_render::json::schema()),
                cli::SchemaKind::Lint => print!("{}", kapi_lint::output::json_schema()),
                cli::SchemaKind::Test => print!("{}", kapi_conform::report::schema()),
                cli::SchemaKind::Trace => print!("{}", kapi_trace::render::schema()),
                cli::SchemaKind::Diff => print!("{}", kapi_diff::schema()),
            }
            Ok(EXIT_OK)
        }
        Some(cli::Command::Completions { shell }) => {
            cli::completions(shell);
            Ok(EXIT_OK)
        }
        Some(cli::Command::Man) => cli::man(),
        None => show::run(&cli.show),
    };
    match code {
        Ok(c) => ExitCode::from(c),
        Err(e) => {
            eprintln!("kapi: error: {e:#}");
            ExitCode::from(EXIT_TOOL)
        }
    }
}
