//! Reading specs from a git revision without touching the work tree.
//!
//! [`read_rev`] lists the revision's files with `git ls-tree` and reads the
//! blobs in one `git cat-file --batch` process, so a whole kernel tree costs
//! two git processes. Files are named `REV:path` in locations.

use crate::{scan_bytes, Scan};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A git command that failed, with what git said.
#[derive(Debug)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir).env("GIT_OPTIONAL_LOCKS", "0");
    c
}

fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = git(dir).args(args).output().map_err(|e| GitError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(GitError(format!("git {}: {msg}", args.join(" "))));
    }
    Ok(out.stdout)
}

/// Resolves a revision to a commit id.
pub fn resolve(dir: &Path, rev: &str) -> Result<String, GitError> {
    let spec = format!("{rev}^{{commit}}");
    let out = run(dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])
        .map_err(|_| GitError(format!("not a commit in this repository: {rev}")))?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// The two revisions of `A..B` (`A..` and `..B` mean HEAD on the empty side)
/// or `A...B` (the merge base of A and B, then B).
pub fn range(dir: &Path, spec: &str) -> Result<(String, String), GitError> {
    let head = |s: &str| if s.is_empty() { "HEAD".to_string() } else { s.to_string() };
    if let Some((a, b)) = spec.split_once("...") {
        let (a, b) = (head(a), head(b));
        let (ra, rb) = (resolve(dir, &a)?, resolve(dir, &b)?);
        let base = run(dir, &["merge-base", &ra, &rb])?;
        return Ok((String::from_utf8_lossy(&base).trim().to_string(), b));
    }
    match spec.split_once("..") {
        Some((a, b)) => Ok((head(a), head(b))),
        None => Err(GitError(format!("expected REV1..REV2 or REV1...REV2, got `{spec}`"))),
    }
}

fn is_source(path: &str) -> bool {
    path.ends_with(".c") || path.ends_with(".h")
}

/// Scans the C files (and the files named exactly in `paths`, whatever their
/// extension) of `rev` in the repository at `dir`. `paths` limit the files as
/// git pathspecs relative to `dir`; empty means the whole tree.
pub fn read_rev(dir: &Path, rev: &str, paths: &[PathBuf]) -> Result<Scan, GitError> {
    let commit = resolve(dir, rev)?;
    let mut args: Vec<String> =
        vec!["ls-tree".into(), "-r".into(), "-z".into(), "--full-name".into(), commit, "--".into()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let listed = run(dir, &args.iter().map(String::as_str).collect::<Vec<_>>())?;
    let named: Vec<String> = paths.iter().map(|p| p.to_string_lossy().trim_start_matches("./").to_string()).collect();
    let prefix = String::from_utf8_lossy(&run(dir, &["rev-parse", "--show-prefix"])?).trim().to_string();
    let mut blobs: Vec<(String, String)> = Vec::new();
    for entry in listed.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut f = meta.split(' ');
        let (_mode, kind, oid) = (f.next(), f.next(), f.next());
        let (Some("blob"), Some(oid)) = (kind, oid) else { continue };
        let rel = path.strip_prefix(prefix.as_str()).unwrap_or(path);
        if is_source(path) || named.iter().any(|n| n == rel || n == path) {
            blobs.push((oid.to_string(), path.to_string()));
        }
    }
    let contents = cat_blobs(dir, &blobs)?;
    let scans: Vec<Scan> =
        contents.par_iter().zip(&blobs).map(|(bytes, (_, path))| scan_bytes(&format!("{rev}:{path}"), bytes)).collect();
    let mut scan = Scan::default();
    for s in scans {
        scan.extend(s);
    }
    Ok(scan)
}

/// Reads blobs by id with one `git cat-file --batch`.
fn cat_blobs(dir: &Path, blobs: &[(String, String)]) -> Result<Vec<Vec<u8>>, GitError> {
    if blobs.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError(format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().ok_or_else(|| GitError("git cat-file: no stdin".into()))?;
    let ids: String = blobs.iter().map(|(oid, _)| format!("{oid}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(ids.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().ok_or_else(|| GitError("git cat-file: no stdout".into()))?);
    let mut contents = Vec::with_capacity(blobs.len());
    let mut header = String::new();
    for (oid, path) in blobs {
        header.clear();
        out.read_line(&mut header).map_err(|e| GitError(format!("git cat-file: {e}")))?;
        let size = header
            .trim_end()
            .strip_prefix(oid.as_str())
            .and_then(|rest| rest.strip_prefix(" blob "))
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| GitError(format!("git cat-file: unexpected answer for {path}: {}", header.trim_end())))?;
        let mut buf = vec![0; size + 1];
        out.read_exact(&mut buf).map_err(|e| GitError(format!("git cat-file: {path}: {e}")))?;
        buf.pop();
        contents.push(buf);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(contents)
}
