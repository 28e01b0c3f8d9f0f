//! Command-line definition.

use clap::{Args, CommandFactory, Parser, Subcommand};
use kapi_render::Format;
use std::path::PathBuf;

/// Read, print and check Linux Kernel API Specifications (KAPI).
///
/// Without a subcommand, kapi prints specs like the upstream tool: a list of
/// every spec, or the details of API_NAME. Specs are read from C sources,
/// trees, patches and mbox files (--source); without an input, from debugfs
/// when /sys/kernel/debug/kapi exists, otherwise from the specs bundled into
/// kapi.
#[derive(Parser, Debug)]
#[command(name = "kapi", version, args_conflicts_with_subcommands = true, max_term_width = 100)]
pub struct Cli {
    /// A subcommand.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of the default (show) mode.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check specs for mistakes (see --rules).
    Lint(Box<LintArgs>),
    /// Check the running kernel against specs (generated conformance tests).
    Test(TestArgs),
    /// Run a program and check its system calls against the specs.
    Trace(TraceArgs),
    /// Check every specified system call on the machine, in the kernel, with eBPF.
    Watch(WatchArgs),
    /// Rewrite spec comments in the canonical (v4 short-token) dialect.
    Fmt(FmtArgs),
    /// Convert specs between dialects and formats.
    Convert(ConvertArgs),
    /// Compare two versions of specs and classify every change (see --rules).
    Diff(Box<DiffArgs>),
    /// Print the JSON Schema of a JSON output (show: `kapi -f json`; lint: `kapi lint -f json`).
    Schema {
        /// Which output.
        #[arg(value_enum, default_value = "show")]
        which: SchemaKind,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print kapi's man page (roff).
    Man,
}

/// The JSON outputs that have a schema.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SchemaKind {
    /// `kapi -f json`.
    Show,
    /// `kapi lint -f json`.
    Lint,
    /// `kapi test --format json`.
    Test,
    /// One line of `kapi trace --format json`.
    Trace,
    /// `kapi diff -f json`.
    Diff,
}

/// When to colour output.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_lint_format(s: &str) -> Result<kapi_lint::output::Format, String> {
    kapi_lint::output::Format::parse(s)
        .ok_or_else(|| format!("unknown lint format: {s} (expected text, json, sarif or github)"))
}

/// `kapi lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files, trees, patches or mbox files to check [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: text, json, sarif or github.
    #[arg(short = 'f', long, value_name = "FORMAT", default_value = "text", value_parser = parse_lint_format)]
    pub format: kapi_lint::output::Format,
    /// List every rule with its id, default level and summary.
    #[arg(long, exclusive = true)]
    pub rules: bool,
    /// Print the page of one rule: why it matters, a bad and a good example.
    #[arg(long, value_name = "RULE", exclusive = true)]
    pub explain: Option<String>,
    /// Make a rule (or `all`) fail the run. Applied after --warn and --allow.
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,
    /// Report a rule (or `all`) without failing. Applied after --allow.
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,
    /// Do not report a rule (or `all`).
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Read rule levels from this file instead of looking for .kapi-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore .kapi-lint.toml files.
    #[arg(long)]
    pub no_config: bool,
    /// Accept the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file and exit.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// How trees are walked.
    #[command(flatten)]
    pub scan: ScanArgs,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// Output of `kapi test`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestFormat {
    /// TAP 13, as kselftest prints it.
    Tap,
    /// JSON (`kapi schema test`).
    Json,
}

/// `kapi test`.
#[derive(Args, Debug)]
pub struct TestArgs {
    /// Where the specs come from [default: the bundled specs].
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value = "tap")]
    pub format: TestFormat,
    /// Cases run at once.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 4)]
    pub jobs: usize,
    /// Seconds a case may take before it is killed.
    #[arg(long, value_name = "SECS", default_value_t = 2)]
    pub timeout: u64,
    /// Also print how many of this architecture's syscalls have a spec and
    /// what share of the documented errors were observed.
    #[arg(long)]
    pub coverage: bool,
    /// Only these APIs (`sys_read` or `read`).
    #[arg(value_name = "API")]
    pub apis: Vec<String>,
}

/// Output of `kapi trace`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceFormat {
    /// One line per call, like the upstream tracepoints.
    Text,
    /// One JSON object per line (`kapi schema trace`).
    Json,
}

/// `kapi trace`.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  kapi trace -- ls -l /tmp\n  kapi trace -c -e trace=openat,read -- make\n  kapi trace -p 1234 -o trace.txt"
)]
pub struct TraceArgs {
    /// Where the specs come from [default: the bundled specs].
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value = "text")]
    pub format: TraceFormat,
    /// Write the trace here instead of standard error.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print only a summary table per syscall at the end.
    #[arg(short = 'c', long)]
    pub summary: bool,
    /// Which calls to trace: `trace=NAME,...` (names with or without `sys_`) [default: every spec].
    #[arg(short = 'e', value_name = "EXPR")]
    pub expr: Vec<String>,
    /// Attach to this running process (and its threads) instead of starting a command.
    #[arg(short = 'p', long, value_name = "PID", conflicts_with = "command")]
    pub pid: Option<i32>,
    /// Check in the kernel with the eBPF backend of `kapi watch` (root): near native speed,
    /// and only calls that break their spec are printed.
    #[arg(long, conflicts_with = "pid")]
    pub bpf: bool,
    /// The command to run, after `--`.
    #[arg(value_name = "CMD", trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

/// `kapi watch`.
#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("scope").required(true).args(["pid", "cgroup", "comm", "all"]))]
pub struct WatchArgs {
    /// Where the specs come from [default: the bundled specs].
    #[command(flatten)]
    pub input: InputArgs,
    /// Watch these processes and their descendants (repeatable).
    #[arg(short = 'p', long, value_name = "PID")]
    pub pid: Vec<u32>,
    /// Watch the processes of this cgroup (v2) directory.
    #[arg(long, value_name = "PATH")]
    pub cgroup: Option<PathBuf>,
    /// Watch the threads with this command name.
    #[arg(long, value_name = "NAME")]
    pub comm: Option<String>,
    /// Watch every process but kapi.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value = "text")]
    pub format: TraceFormat,
    /// Write events here instead of standard error.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Stop after this many seconds (default: at SIGINT or SIGTERM).
    #[arg(long, value_name = "S")]
    pub duration: Option<f64>,
    /// Print only a summary table per syscall at the end.
    #[arg(short = 'c', long)]
    pub summary: bool,
    /// Which calls to check: `trace=NAME,...` [default: every spec].
    #[arg(short = 'e', value_name = "EXPR")]
    pub expr: Vec<String>,
    /// Ring buffer size in bytes, a power of two (lost events are counted and reported).
    #[arg(long, value_name = "BYTES", default_value_t = kapi_watch::DEFAULT_BUFFER)]
    pub buffer_size: u32,
}

/// `kapi fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// C files or trees to format [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Change nothing; show a diff and exit 1 when a file would change.
    #[arg(long)]
    pub check: bool,
}

/// What `kapi convert` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertTo {
    /// Newest-dialect kerneldoc comments, each followed by its prototype.
    Kerneldoc,
    /// The C macro header that `kernel-doc -apispec` generates.
    ApispecH,
    /// kapi's JSON (one `api_details` object, or an array of them).
    Json,
}

/// Output of `kapi diff`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    /// One block per finding, then a summary line.
    Text,
    /// JSON (`kapi schema diff`).
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// The level from which `kapi diff` exits 1.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Breaking changes only.
    Breaking,
    /// Breaking changes, warnings and findings kapi cannot decide.
    Warning,
    /// Any change at all.
    Info,
    /// Never: always exit 0 unless kapi itself fails.
    Never,
}

/// `kapi diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// OLD and NEW: each a C file, a tree, a patch or mbox, a JSON export, a vmlinux or a debugfs
    /// directory. With --git: the paths (git pathspecs) to compare, default the whole tree.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Compare two revisions of the git repository around the current directory, read through
    /// git (the work tree is not touched). REV1...REV2 compares REV2 with its merge base.
    #[arg(long, value_name = "REV1..REV2")]
    pub git: Option<String>,
    /// How to read OLD [default: by its content: JSON, ELF, debugfs directory, else source].
    #[arg(long, value_enum, value_name = "KIND")]
    pub old_from: Option<ConvertFrom>,
    /// How to read NEW [default: by its content].
    #[arg(long, value_enum, value_name = "KIND")]
    pub new_from: Option<ConvertFrom>,
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Exit 1 when a finding reaches this level.
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "breaking")]
    pub fail_on: FailOn,
    /// List every rule with its id, level and summary.
    #[arg(long, exclusive = true)]
    pub rules: bool,
    /// Print the page of one rule: why it is or is not breaking, with an example.
    #[arg(long, value_name = "RULE", exclusive = true)]
    pub explain: Option<String>,
    /// Do not print warnings about the inputs.
    #[arg(short, long)]
    pub quiet: bool,
    /// How trees are walked.
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// What `kapi convert` reads.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertFrom {
    /// C sources, trees, patches and mbox files, any dialect (the default).
    Source,
    /// A JSON export (kapi's, the upstream tool's, or debugfs specs-json).
    Json,
    /// A vmlinux or object file with a .kapi_specs section.
    Vmlinux,
    /// A debugfs mount or its kapi/ directory.
    Debugfs,
}

/// `kapi convert`.
#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// Output form.
    #[arg(long, value_enum, value_name = "FORM")]
    pub to: ConvertTo,
    /// Input form [default: by content: json for *.json, vmlinux for ELF, debugfs for a kapi directory, else source].
    #[arg(long, value_enum, value_name = "FORM")]
    pub from: Option<ConvertFrom>,
    /// Only this API.
    #[arg(long, value_name = "API_NAME")]
    pub api: Option<String>,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The input file or tree.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("Unknown output format: {s} (expected plain, json, rst or shall)"))
}

/// How source trees are walked.
#[derive(Args, Debug, Default)]
pub struct ScanArgs {
    /// Worker threads for tree scans (0: one per core).
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Follow symbolic links to directories (loops are reported and skipped).
    #[arg(short = 'L', long)]
    pub follow: bool,
}

impl ScanArgs {
    /// The scan options these flags ask for.
    pub fn options(&self) -> kapi_source::ScanOptions {
        kapi_source::ScanOptions { threads: self.jobs, follow_links: self.follow, progress: None }
    }
}

/// Where specs are read from; at most one.
#[derive(Args, Debug, Default)]
#[group(id = "input", multiple = false)]
pub struct InputArgs {
    /// Read specs from a C file, a source tree, a patch or an mbox.
    #[arg(long, value_name = "PATH")]
    pub source: Option<PathBuf>,
    /// Read specs from a vmlinux's .kapi_specs section.
    #[arg(long, value_name = "PATH")]
    pub vmlinux: Option<PathBuf>,
    /// Read specs from a debugfs mount (default /sys/kernel/debug).
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "/sys/kernel/debug")]
    pub debugfs: Option<PathBuf>,
}

/// The show mode.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The input.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format: plain, json, rst or shall.
    #[arg(short = 'f', long, value_name = "FORMAT", default_value = "plain", value_parser = parse_format)]
    pub format: Format,
    /// Do not print warnings about the input (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    /// How trees are walked.
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Show the details of this API instead of the list.
    #[arg(value_name = "API_NAME")]
    pub api_name: Option<String>,
}

/// Prints a completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "kapi", &mut std::io::stdout());
}

/// Prints the man page.
pub fn man() -> anyhow::Result<u8> {
    let cmd = Cli::command();
    clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
    Ok(crate::EXIT_OK)
}
