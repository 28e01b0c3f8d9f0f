//! Inputs: where specs are read from.
//!
//! - a C file, or a directory tree of `*.c` and `*.h` files (walked in
//!   parallel, reported in path order);
//! - a patch or mbox file (the new side of each patched file);
//! - the specs bundled into the binary ([`bundled`]).
//!
//! Every input yields [`ParsedSpec`]s and [`Diagnostic`]s; a problem with one
//! file never stops the others.

pub mod debugfs;
pub mod git;
pub mod patch;
pub mod vmlinux;

use kapi_model::{Diagnostic, Loc, TargetLoc};
pub use kapi_syntax::ParsedSpec;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

mod bundled_files {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The bundled spec files: `(path, contents)`.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled_files::BUNDLED
}

/// What a scan found.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Specs, in path order then file order.
    pub specs: Vec<ParsedSpec>,
    /// Diagnostics, in the same order.
    pub diags: Vec<Diagnostic>,
    /// How many files were read.
    pub files: usize,
    /// For patches: which patch lines land where in the kernel tree.
    pub patch_maps: Vec<PatchMap>,
}

/// The line map of one patched file within a patch.
#[derive(Clone, Debug, Default)]
pub struct PatchMap {
    /// The patch, as given.
    pub file: String,
    /// The patched kernel file.
    pub target: String,
    /// `(patch line, kernel line)` pairs, sorted.
    pub lines: Vec<(u32, u32)>,
}

impl Scan {
    /// Adds another scan's results after this one's.
    pub fn extend(&mut self, other: Scan) {
        self.specs.extend(other.specs);
        self.diags.extend(other.diags);
        self.files += other.files;
        self.patch_maps.extend(other.patch_maps);
    }

    /// Where line `line` of `file` lands in the kernel tree, if `file` is a patch.
    pub fn target_of(&self, file: &str, line: u32) -> Option<TargetLoc> {
        self.patch_maps.iter().filter(|m| m.file == file).find_map(|m| {
            let i = m.lines.binary_search_by_key(&line, |(p, _)| *p).ok()?;
            Some(TargetLoc { path: m.target.clone(), line: m.lines[i].1 })
        })
    }
}

/// An input that cannot be read at all (as opposed to a problem inside it).
#[derive(Debug)]
pub struct SourceError {
    /// The path.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for SourceError {}

/// Options for scanning.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Worker threads for directory scans (0: one per core).
    pub threads: usize,
    /// Follow symbolic links to directories (loops are reported, not walked).
    pub follow_links: bool,
    /// Counters updated while a directory scan runs, for a progress display.
    pub progress: Option<Arc<ScanProgress>>,
}

/// Live counters of a running directory scan.
#[derive(Debug, Default)]
pub struct ScanProgress {
    /// C files read so far.
    pub files: AtomicU64,
    /// Bytes read so far.
    pub bytes: AtomicU64,
}

/// Parses one input held in memory: a patch/mbox if it looks like one,
/// otherwise C source.
pub fn scan_bytes(display: &str, bytes: &[u8]) -> Scan {
    let text_for_detection = if patch::is_patch_bytes(bytes) && memchr::memchr(0, bytes).is_none() {
        std::str::from_utf8(bytes).ok()
    } else {
        None
    };
    if let Some(text) = text_for_detection.filter(|t| patch::is_patch(t)) {
        let mut scan = Scan { files: 1, ..Scan::default() };
        for vf in patch::extract(text) {
            let mut parsed = kapi_syntax::parse_text(display, &vf.text);
            let target = |loc: Loc| vf.target_line(loc.line).map(|line| TargetLoc { path: vf.target.clone(), line });
            for s in &mut parsed.specs {
                s.spec.origin.target = target(s.spec.origin.loc).or_else(|| {
                    // The `/**` line itself may be context; use the first mapped line after it.
                    vf.lines
                        .iter()
                        .find(|(p, _)| *p >= s.spec.origin.loc.line)
                        .map(|(_, l)| TargetLoc { path: vf.target.clone(), line: *l })
                });
            }
            for d in &mut parsed.diags {
                d.target = target(d.loc);
            }
            scan.specs.extend(parsed.specs);
            scan.diags.extend(parsed.diags);
            scan.patch_maps.push(PatchMap {
                file: display.to_string(),
                target: vf.target.clone(),
                lines: vf.lines.clone(),
            });
        }
        return scan;
    }
    let parsed = kapi_syntax::parse_bytes(display, bytes);
    Scan { specs: parsed.specs, diags: parsed.diags, files: 1, patch_maps: Vec::new() }
}

/// Scans the specs bundled into the binary.
pub fn bundled() -> Scan {
    let mut scan = Scan::default();
    for (path, text) in bundled_files() {
        scan.extend(scan_bytes(path, text.as_bytes()));
    }
    scan
}

fn io_diag(path: &Path, msg: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::warning("io-error", Loc::default(), format!("cannot read: {msg}")).in_file(path.display().to_string())
}

fn is_source(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("c" | "h"))
}

/// The C files (`*.c`, `*.h`) of a file or tree, sorted; a file given by
/// name is taken whatever its extension.
pub fn source_files(path: &Path) -> Result<Vec<PathBuf>, SourceError> {
    let meta = std::fs::metadata(path).map_err(|error| SourceError { path: path.to_path_buf(), error })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    for e in ignore::WalkBuilder::new(path).hidden(false).parents(false).follow_links(false).build() {
        match e {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_source(e.path()) => out.push(e.into_path()),
            Ok(_) => {}
            Err(err) => {
                let p = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => path.to_path_buf(),
                };
                return Err(SourceError { path: p, error: std::io::Error::other(err.to_string()) });
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Scans a file or a directory tree.
///
/// A tree is walked in parallel; results come back in path order whatever
/// the thread count. Unreadable files and directories, dangling links and
/// link loops become `io-error` warnings and the walk goes on.
pub fn scan_path(path: &Path, opts: &ScanOptions) -> Result<Scan, SourceError> {
    let meta = std::fs::metadata(path).map_err(|error| SourceError { path: path.to_path_buf(), error })?;
    if !meta.is_dir() {
        let bytes = std::fs::read(path).map_err(|error| SourceError { path: path.to_path_buf(), error })?;
        return Ok(scan_bytes(&path.display().to_string(), &bytes));
    }
    // Only files with something to report are kept; the rest are counted.
    let found: Mutex<Vec<(PathBuf, Scan)>> = Mutex::new(Vec::new());
    let files = AtomicUsize::new(0);
    let walker = ignore::WalkBuilder::new(path)
        .threads(opts.threads)
        .hidden(false)
        .parents(false)
        .follow_links(opts.follow_links)
        .build_parallel();
    walker.run(|| {
        let (found, files, progress) = (&found, &files, opts.progress.as_deref());
        // One read buffer per worker thread, reused for every file.
        let mut buf: Vec<u8> = Vec::new();
        Box::new(move |entry| {
            let (at, scan) = match entry {
                Ok(e) => {
                    let scan = match source_entry(&e) {
                        Ok(true) => {
                            files.fetch_add(1, Ordering::Relaxed);
                            let scan = scan_file(e.path(), &mut buf);
                            if let Some(p) = progress {
                                p.files.fetch_add(1, Ordering::Relaxed);
                                p.bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
                            }
                            scan
                        }
                        Ok(false) => return ignore::WalkState::Continue,
                        Err(why) => Scan { diags: vec![io_diag(e.path(), why)], ..Scan::default() },
                    };
                    (e.into_path(), scan)
                }
                Err(err) => {
                    let (at, d) = walk_diag(path, &err);
                    (at, Scan { diags: vec![d], ..Scan::default() })
                }
            };
            if !scan.specs.is_empty() || !scan.diags.is_empty() {
                found.lock().expect("no panics while locked").push((at, scan));
            }
            ignore::WalkState::Continue
        })
    });
    let mut found = found.into_inner().expect("no panics while locked");
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut scan = Scan::default();
    for (_, s) in found {
        scan.extend(s);
    }
    scan.files = files.into_inner();
    Ok(scan)
}

/// Whether a walk entry is a C file to read; a link that cannot be
/// resolved is an error, and says why.
fn source_entry(e: &ignore::DirEntry) -> Result<bool, String> {
    let Some(t) = e.file_type() else { return Ok(false) };
    if t.is_file() {
        return Ok(is_source(e.path()));
    }
    if !t.is_symlink() {
        return Ok(false);
    }
    // An unfollowed link: read it if it leads to a regular C file.
    match std::fs::metadata(e.path()) {
        Ok(m) => Ok(m.is_file() && is_source(e.path())),
        Err(err) if err.raw_os_error() == Some(libc::ELOOP) => Err("symbolic link loop".to_string()),
        Err(err) if is_source(e.path()) => Err(err.to_string()),
        Err(_) => Ok(false),
    }
}

fn scan_file(p: &Path, buf: &mut Vec<u8>) -> Scan {
    buf.clear();
    let read = std::fs::File::open(p).and_then(|mut f| {
        let hint = f.metadata().map(|m| m.len() as usize).unwrap_or(0);
        buf.reserve(hint.saturating_add(1));
        f.read_to_end(buf)
    });
    let name = p.to_string_lossy();
    match read {
        Ok(_) => scan_bytes(&name, buf),
        Err(err) => Scan { diags: vec![io_diag(p, err)], ..Scan::default() },
    }
}

fn walk_diag(root: &Path, err: &ignore::Error) -> (PathBuf, Diagnostic) {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::Loop { child, .. } => Some(child),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => path_of(err),
            _ => None,
        }
    }
    fn inner(err: &ignore::Error) -> &ignore::Error {
        match err {
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => inner(err),
            e => e,
        }
    }
    let p = path_of(err).unwrap_or(root);
    let d = match inner(err) {
        ignore::Error::Loop { ancestor, .. } => {
            io_diag(p, format_args!("symbolic link loop back to {}; not walked again", ancestor.display()))
        }
        ignore::Error::Io(e) if e.raw_os_error() == Some(libc::ELOOP) => io_diag(p, "symbolic link loop"),
        ignore::Error::Io(e) => io_diag(p, e),
        e => io_diag(p, e),
    };
    (p.to_path_buf(), d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_specs_are_embedded() {
        assert!(bundled_files().iter().any(|(p, _)| p.ends_with("mm/mlock.c")));
    }
}
