//! Reading specs from debugfs, as a running KAPI kernel exposes them
//! (`CONFIG_KAPI_SPEC_DEBUGFS`, `kernel/api/kapi_debugfs.c`):
//!
//! ```text
//! <debugfs>/kapi/list               index: `<name> - <description>` lines
//! <debugfs>/kapi/specs/<name>       the spec as text (every version)
//! <debugfs>/kapi/specs-json/<name>  kapi_export_json() output (v3, v4)
//! ```
//!
//! [`read_dir`] takes the debugfs mount (`/sys/kernel/debug`) or the `kapi`
//! directory itself. For each spec it reads `specs-json/<name>` when that
//! parses, and then takes from `specs/<name>` what the JSON cannot carry
//! (parameter constraints, sizes and alignments, state transitions, the
//! `Since:` line); those items have no location (`Loc::default()`), since
//! `Origin::file` names the JSON file. Without usable JSON it reads the
//! text file, which may also hold JSON. [`parse_text`] reads the text of
//! every version: the v4 templates; the post-v4 block layout (an indented
//! `Long description:`/`Examples:`/`Notes:` block, `type: buffer`,
//! `values:`, `size_param:`, `error values:`, `success: does not return`);
//! v1 and older (`Since:` last); RFC v4 (lock booleans printed as
//! `acquired by function`/`released by function`, flags tested one by one
//! so that IN prints `IN INOUT `, constraints printed as their description
//! only). In every version an empty `constraints:` block is BUFFER and a
//! `Return value:` block without `success:` is NO_RETURN (the only members
//! the kernel prints nothing for). [`parse_json`] reads the v3/v4 JSON. An
//! empty string and the kernel's `(null)` read as absent.
//!
//! Every line ends up in the model or in a diagnostic (code `debugfs`, with
//! file, line and column). Words go back to enum members through the model's
//! tables; a word that is not a member (the kernel prints `unknown` for a
//! number it has no word for) keeps its text and gets no number. A file over
//! [`MAX_FILE`] bytes, with a NUL byte, or that is not a regular file is not
//! read; a line over [`MAX_LINE`] bytes is skipped; invalid UTF-8 is decoded
//! lossily. Counts in headers are only compared with what follows, never
//! used to allocate. Memory stays bounded: at most [`MAX_ITEMS`] items per
//! section, [`MAX_JSON_VALUES`] JSON values nested at most [`MAX_DEPTH`]
//! deep, [`MAX_DIAGS`] diagnostics per file (reading stops there) and
//! [`MAX_SPECS`] specs per tree.
//!
//! # What each format carries
//!
//! The kernel holds a `struct kernel_api_spec`, filled by the generator
//! (see `kapi_render::debugfs` for how a model spec becomes that struct:
//! flattened strings, state-transition conditions merged into the
//! description, and so on). Neither debugfs format carries what is not in
//! that struct: locations and the origin, the dialect, the C definition and
//! its arguments, `Context:`/`Return:` kerneldoc sections, `param-count:`,
//! `api-type:`, `since-version:` (the v4 struct has none), struct specs,
//! signal masks, validation groups, sysfs and ioctl facts, unknown keys
//! (`extra`), a parameter's `has_block`, call-form constraint text,
//! `arch-mask:`, `valid-values:` text, the `custom(fn)` validator and
//! `struct-type:`, an error's `condition:` sub-key when it has a summary,
//! lock booleans (only the effective scope), a state transition's separate
//! `condition` and `target`, line and paragraph breaks in prose, the
//! spelling of words, flags, yes/no words and expressions (values that
//! resolve are carried as numbers), flag words and bits that are not
//! members of their family, a `success:` comparison other than `==` (it
//! becomes the range the generator stores: `>= N` is `[N, S64_MAX]`), and
//! a capability's constant when its number is known (the name comes back
//! from the capability table).
//!
//! Of the struct, `specs/<name>` (v4 templates) cannot carry:
//! - `version` (always 1);
//! - parameter `enum_values` (only `enum_count`), `validate`,
//!   `size_param_idx`, `size_multiplier`, `constraints` (the constraint
//!   prose) unless the constraint type is `custom`, `min_value`/`max_value`
//!   unless the type is `range` or `user_string`, `valid_mask` unless it is
//!   `mask`; flag bits other than IN, OUT, OPTIONAL, CONST, USER, VOLATILE,
//!   DMA and ALIGNED; context bits other than the eight contexts;
//! - return `type` (it comes back from `type_name` when that is a
//!   `KAPI_TYPE_*` token), `error_values`, `error_count`,
//!   `is_success`, `success_value` unless the check is `exact`,
//!   `success_min`/`success_max` unless it is `range`;
//! - signal `target`, `condition`, `restartable`, `sa_flags_required`,
//!   `sa_flags_forbidden`, `error_on_signal`, `transform_to`, `timing`,
//!   `priority`, `interruptible`, `queue_behavior`, `state_required`,
//!   `state_forbidden`, and direction bits other than the five directions;
//! - side-effect `type` and `condition`;
//! - capability `action`, `check_condition`, `priority` and `alternative`;
//! - `signal_masks` and `struct_specs`.
//!
//! `specs-json/<name>` cannot carry:
//! - parameter `size`, `alignment`, `min_value`, `max_value`, `valid_mask`,
//!   `enum_values`, `enum_count`, `constraint_type`, `validate`,
//!   `constraints`, `size_param_idx` and `size_multiplier`;
//! - return `error_values` (only `error_count`, and only for `error_check`),
//!   `is_success`, `success_value` unless the check is `exact`,
//!   `success_min`/`success_max` unless it is `range`;
//! - `state_transitions`, `signal_masks` and `struct_specs`.
//!
//! The text is also ambiguous where a value holds its line's separator, and
//! is then split at the first one: an error, lock, signal or capability
//! name holding `):`; a lock type word holding ` (`; a constraint name or
//! side-effect target holding `: `; a side effect whose last field ends in
//! ` (reversible)`; a state-transition object holding `: ` or from-state
//! holding ` -> `; a parameter name holding `] `; a parameter type word
//! holding a space; a value that is exactly `(null)`.

use kapi_model::enums::*;
use kapi_model::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest file read, in bytes.
pub const MAX_FILE: u64 = 16 << 20;
/// Longest line read, in bytes.
pub const MAX_LINE: usize = 1 << 20;
/// Most specs read from one tree.
pub const MAX_SPECS: usize = 1 << 16;
/// Deepest JSON nesting accepted.
pub const MAX_DEPTH: usize = 64;
/// Most JSON values read from one file (a kernel's JSON fits in 64 KiB).
pub const MAX_JSON_VALUES: usize = 1 << 18;
/// Most items (parameters, errors, ...) read into one section.
pub const MAX_ITEMS: usize = 4096;
/// Most diagnostics reported for one file; reading stops after that.
pub const MAX_DIAGS: usize = 1000;

fn too_many(file: &str, loc: Loc) -> Diagnostic {
    diag(file, Severity::Error, loc, format!("more than {MAX_DIAGS} problems: from here on, the file is not read"))
}

/// What reading a debugfs tree found.
#[derive(Clone, Debug, Default)]
pub struct DebugfsSpecs {
    /// Specs in `list` order, then specs that only have files, by name.
    pub specs: Vec<Spec>,
    /// Problems, in reading order.
    pub diags: Vec<Diagnostic>,
    /// How many files were read.
    pub files: usize,
}

fn diag(file: &str, severity: Severity, loc: Loc, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new("debugfs", severity, loc, msg).in_file(file)
}

/// A line as a diagnostic note, for lines whose text is otherwise lost.
fn line_note(line: &str) -> String {
    format!("line: {line}")
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A location `col` characters into line `line`.
fn at(line: u32, col: usize) -> Loc {
    Loc::new(line, count_u32(col.saturating_add(1)))
}

/// The text of a value, `None` for an empty string or the kernel's `(null)`.
fn text_at(s: &str, loc: Loc) -> Option<Text> {
    (!s.is_empty() && s != "(null)").then(|| Text::new(s, loc))
}

/// Where byte `offset` of `bytes` is, as a location.
fn loc_of_offset(bytes: &[u8], offset: usize) -> Loc {
    let head = bytes.get(..offset).unwrap_or(bytes);
    let line = memchr::memchr_iter(b'\n', head).count() + 1;
    let start = memchr::memrchr(b'\n', head).map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(head.get(start..).unwrap_or(&[])).chars().count();
    at(count_u32(line), col)
}

/// A NUL character makes a text binary.
fn nul_check(file: &str, text: &str) -> Option<Diagnostic> {
    let p = memchr::memchr(0, text.as_bytes())?;
    Some(diag(
        file,
        Severity::Error,
        loc_of_offset(text.as_bytes(), p),
        "NUL byte: a binary file, not a debugfs spec; not read",
    ))
}

/// Decodes a file's bytes: a NUL byte makes it binary (not read); invalid
/// UTF-8 is decoded lossily. Both are reported.
pub fn decode(file: &str, bytes: &[u8]) -> (Option<String>, Vec<Diagnostic>) {
    if let Some(p) = memchr::memchr(0, bytes) {
        let d = diag(
            file,
            Severity::Error,
            loc_of_offset(bytes, p),
            "NUL byte: a binary file, not a debugfs spec; not read",
        );
        return (None, vec![d]);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Some(s.to_string()), Vec::new()),
        Err(e) => {
            let d = diag(
                file,
                Severity::Warning,
                loc_of_offset(bytes, e.valid_up_to()),
                "invalid UTF-8; the bad bytes are read as U+FFFD",
            );
            (Some(String::from_utf8_lossy(bytes).into_owned()), vec![d])
        }
    }
}

/// Reads a regular file of at most [`MAX_FILE`] bytes and decodes it.
fn read_file(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let file = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(diag(&file, Severity::Error, Loc::default(), format!("cannot read: {e}")));
            return None;
        }
    };
    if !meta.is_file() {
        diags.push(diag(&file, Severity::Error, Loc::default(), "not a regular file; not read"));
        return None;
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        diags.push(diag(&file, Severity::Error, Loc::default(), format!("cannot read: {e}")));
        return None;
    }
    if bytes.len() as u64 > MAX_FILE {
        let line = memchr::memchr_iter(b'\n', &bytes).count() + 1;
        diags.push(diag(
            &file,
            Severity::Error,
            Loc::new(count_u32(line), 1),
            format!("file is larger than {} MiB (the limit falls in line {line}); not read", MAX_FILE >> 20),
        ));
        return None;
    }
    let (text, ds) = decode(&file, &bytes);
    diags.extend(ds);
    text
}

/// Whether `root` is a debugfs mount with a `kapi` directory, or that
/// directory: `specs/` next to `list` or `specs-json/`. Stricter than what
/// [`read_dir`] accepts, so that a source tree with a `specs/` directory is
/// not taken for one.
pub fn looks_like(root: &Path) -> bool {
    let is_kapi = |d: &Path| d.join("specs").is_dir() && (d.join("list").is_file() || d.join("specs-json").is_dir());
    is_kapi(root) || is_kapi(&root.join("kapi"))
}

/// The `kapi` directory under `root`: `root/kapi`, or `root` itself when it
/// already is one.
fn kapi_dir(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<PathBuf> {
    let file = root.display().to_string();
    if let Err(e) = std::fs::metadata(root) {
        diags.push(diag(&file, Severity::Error, Loc::default(), format!("cannot read: {e}")));
        return None;
    }
    let sub = root.join("kapi");
    if sub.is_dir() {
        return Some(sub);
    }
    if root.join("list").exists() || root.join("specs").is_dir() || root.join("specs-json").is_dir() {
        return Some(root.to_path_buf());
    }
    diags.push(diag(
        &file,
        Severity::Error,
        Loc::default(),
        "no `kapi` directory (with `list`, `specs/` or `specs-json/`) here: is debugfs mounted and the kernel built with CONFIG_KAPI_SPEC_DEBUGFS?",
    ));
    None
}

/// Whether a listed name can name a file under `specs/`.
fn is_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

/// The file names in `dir`, sorted; a missing directory gives none.
fn names_in(dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut out = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for e in entries {
                match e {
                    Ok(e) => out.push(e.file_name().to_string_lossy().into_owned()),
                    Err(err) => diags.push(diag(
                        &dir.display().to_string(),
                        Severity::Error,
                        Loc::default(),
                        format!("cannot list: {err}"),
                    )),
                }
                if out.len() > MAX_SPECS {
                    break;
                }
            }
        }
        Err(err) => {
            diags.push(diag(&dir.display().to_string(), Severity::Error, Loc::default(), format!("cannot list: {err}")))
        }
    }
    out.sort();
    out
}

/// One line of the `list` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListEntry {
    /// The spec's name.
    pub name: String,
    /// Its description as listed (`None` for an empty one or `(null)`).
    pub description: Option<Text>,
    /// Where the line is.
    pub loc: Loc,
}

/// Parses the `list` file.
pub fn parse_list(file: &str, text: &str) -> (Vec<ListEntry>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let mut total: Option<(u32, &str)> = None;
    let mut seen = std::collections::HashSet::new();
    let mut cur = Cursor::new(text);
    while let Some((n, line)) = cur.next() {
        if diags.len() >= MAX_DIAGS {
            diags.push(too_many(file, Loc::new(n, 1)));
            break;
        }
        if line.len() > MAX_LINE {
            diags.push(long_line(file, n, line.len()));
            continue;
        }
        if line.trim().is_empty()
            || line == "Available Kernel API Specifications"
            || (!line.is_empty() && line.bytes().all(|b| b == b'='))
        {
            continue;
        }
        if let Some(t) = line.strip_prefix("Total: ") {
            total = Some((n, t));
            continue;
        }
        match line.split_once(" - ") {
            Some((name, desc)) if is_file_name(name) && !name.contains(char::is_whitespace) => {
                if !seen.insert(name) {
                    diags.push(diag(file, Severity::Warning, at(n, 0), format!("`{name}` is listed twice")));
                    continue;
                }
                out.push(ListEntry {
                    name: name.to_string(),
                    description: text_at(desc, at(n, name.chars().count() + 3)),
                    loc: at(n, 0),
                });
                if out.len() >= MAX_SPECS {
                    diags.push(diag(
                        file,
                        Severity::Error,
                        at(n, 0),
                        format!("more than {MAX_SPECS} specs listed; the rest is not read"),
                    ));
                    break;
                }
            }
            _ => diags.push(
                diag(file, Severity::Error, at(n, 0), "not a `<name> - <description>` line").with_note(line_note(line)),
            ),
        }
    }
    if let Some((n, t)) = total {
        let count = t.strip_suffix(" specifications").unwrap_or(t);
        match count.trim().parse::<u64>() {
            Ok(c) if c == out.len() as u64 => {}
            Ok(c) => diags.push(diag(
                file,
                Severity::Warning,
                at(n, 7),
                format!("`Total: {c}` but {} specs are listed", out.len()),
            )),
            Err(_) => diags.push(
                diag(file, Severity::Error, at(n, 7), "`Total:` is not followed by a count").with_note(line_note(t)),
            ),
        }
    }
    (out, diags)
}

/// A warning for a word that names no member of `E`. The kernel's own
/// `unknown` (for a number it has no word for) is not reported.
fn unknown_word<E: KapiEnum>(file: &str, raw: &str, loc: Loc) -> Option<Diagnostic> {
    (E::parse(raw).is_none() && !raw.starts_with("unknown") && !raw.is_empty())
        .then(|| diag(file, Severity::Warning, loc, format!("`{raw}` is not a {} word; kept as written", E::FAMILY)))
}

fn long_line(file: &str, n: u32, len: usize) -> Diagnostic {
    diag(
        file,
        Severity::Error,
        Loc::new(n, 1),
        format!("line is {len} bytes long; lines over {} MiB are not read", MAX_LINE >> 20),
    )
}

/// Reads the specs of a debugfs tree (see the module docs).
pub fn read_dir(root: &Path) -> DebugfsSpecs {
    let mut out = DebugfsSpecs::default();
    let Some(kapi) = kapi_dir(root, &mut out.diags) else { return out };
    let list_path = kapi.join("list");
    let list_file = list_path.display().to_string();
    let mut listed: Vec<ListEntry> = Vec::new();
    if list_path.exists() {
        if let Some(text) = read_file(&list_path, &mut out.diags) {
            out.files += 1;
            let (entries, ds) = parse_list(&list_file, &text);
            listed = entries;
            out.diags.extend(ds);
        }
    } else {
        out.diags.push(diag(&list_file, Severity::Warning, Loc::default(), "no `list` file; reading every spec file"));
    }
    let text_dir = kapi.join("specs");
    let json_dir = kapi.join("specs-json");
    let mut on_disk = names_in(&text_dir, &mut out.diags);
    on_disk.extend(names_in(&json_dir, &mut out.diags));
    on_disk.sort();
    on_disk.dedup();
    let mut names: Vec<(String, Option<ListEntry>)> = listed.into_iter().map(|e| (e.name.clone(), Some(e))).collect();
    let known: std::collections::HashSet<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    let unlisted: Vec<String> = on_disk.into_iter().filter(|n| !known.contains(n.as_str())).collect();
    let have_list = list_path.exists();
    for n in unlisted {
        if have_list {
            out.diags.push(diag(
                &list_file,
                Severity::Warning,
                Loc::default(),
                format!("`{n}` has spec files but is not listed"),
            ));
        }
        names.push((n, None));
    }
    for (name, entry) in names.into_iter().take(MAX_SPECS) {
        let json_path = json_dir.join(&name);
        let text_path = text_dir.join(&name);
        let (has_json, has_text) = (json_path.exists(), text_path.exists());
        if !has_json && !has_text {
            let loc = entry.as_ref().map_or_else(Loc::default, |e| e.loc);
            let mut d = diag(
                &list_file,
                Severity::Error,
                loc,
                format!("`{name}` is listed but neither specs/{name} nor specs-json/{name} exists"),
            );
            if let Some(desc) = entry.as_ref().and_then(|e| e.description.as_ref()) {
                d = d.with_note(format!("listed description: {}", desc.text));
            }
            out.diags.push(d);
            continue;
        }
        let mut from_json = None;
        if has_json {
            if let Some(text) = read_file(&json_path, &mut out.diags) {
                out.files += 1;
                let (spec, ds) = parse_json(&json_path.display().to_string(), &text);
                out.diags.extend(ds);
                from_json = spec;
            }
        }
        let mut from_text = None;
        if has_text {
            if let Some(text) = read_file(&text_path, &mut out.diags) {
                out.files += 1;
                let (spec, ds) = parse_text(&text_path.display().to_string(), &text);
                out.diags.extend(ds);
                from_text = spec;
            }
        }
        let spec = match (from_json, from_text) {
            (Some(mut j), Some(t)) => {
                merge_text(&mut j, t, &mut out.diags);
                j
            }
            (Some(s), None) | (None, Some(s)) => s,
            (None, None) => continue,
        };
        if spec.name != name {
            out.diags.push(diag(
                &spec.origin.file,
                Severity::Warning,
                Loc::new(1, 1),
                format!("the file is named `{name}` but holds `{}`", spec.name),
            ));
        }
        if let Some(e) = &entry {
            let listed = e.description.as_ref().map(|t| t.text.as_str());
            let own = spec.description.as_ref().map(|t| t.text.as_str());
            if listed != own {
                out.diags.push(
                    diag(
                        &list_file,
                        Severity::Warning,
                        e.loc,
                        format!("the listed description of `{name}` differs from its spec file's"),
                    )
                    .with_note(format!("listed: {}", listed.unwrap_or(""))),
                );
            }
        }
        out.specs.push(spec);
    }
    out
}

/// Moves into a spec read from JSON what only its text file carries.
fn merge_text(json: &mut Spec, text: Spec, diags: &mut Vec<Diagnostic>) {
    let (jf, tf) = (json.origin.file.clone(), text.origin.file.clone());
    if json.name != text.name {
        diags.push(diag(
            &tf,
            Severity::Warning,
            Loc::new(1, 1),
            format!("holds `{}` but {jf} holds `{}`; only the JSON is used", text.name, json.name),
        ));
        return;
    }
    let same_params =
        json.params.len() == text.params.len() && json.params.iter().zip(&text.params).all(|(a, b)| a.name == b.name);
    if same_params {
        for (j, t) in json.params.iter_mut().zip(text.params) {
            let no = |v: Option<Value>| v.map(|v| Value { loc: Loc::default(), ..v });
            let nt = |v: Option<Text>| v.map(|v| Text { loc: Loc::default(), ..v });
            j.size = j.size.take().or(no(t.size));
            j.alignment = j.alignment.take().or(no(t.alignment));
            j.constraint_kind =
                j.constraint_kind.take().or(t.constraint_kind.map(|k| Token { loc: Loc::default(), ..k }));
            j.min = j.min.take().or(no(t.min));
            j.max = j.max.take().or(no(t.max));
            j.mask = j.mask.take().or(no(t.mask));
            j.size_param = j.size_param.take().or(no(t.size_param));
            j.size_multiplier = j.size_multiplier.take().or(no(t.size_multiplier));
            j.cdesc = j.cdesc.take().or(nt(t.cdesc));
            if j.enum_values.is_empty() {
                j.enum_values = t.enum_values.into_iter().map(|v| Value { loc: Loc::default(), ..v }).collect();
            }
            for a in t.extra {
                if !j.extra.iter().any(|b| b.key == a.key) {
                    j.extra.push(Attr { key: a.key, value: Text { loc: Loc::default(), ..a.value } });
                }
            }
        }
    } else {
        diags.push(diag(
            &tf,
            Severity::Warning,
            Loc::new(1, 1),
            format!("its parameters differ from {jf}'s; their constraints are not used"),
        ));
    }
    if json.state_transitions.is_empty() {
        json.state_transitions = text
            .state_transitions
            .into_iter()
            .map(|t| {
                let nt = |v: Option<Text>| v.map(|v| Text { loc: Loc::default(), ..v });
                StateTransition {
                    loc: Loc::default(),
                    object: Text { loc: Loc::default(), ..t.object },
                    from: nt(t.from),
                    to: nt(t.to),
                    condition: nt(t.condition),
                    desc: nt(t.desc),
                    target: nt(t.target),
                    extra: Vec::new(),
                }
            })
            .collect();
    }
    if json.since_version.is_none() {
        json.since_version = text.since_version.map(|t| Text { loc: Loc::default(), ..t });
    }
    if let (Some(jr), Some(tr)) = (&mut json.ret, text.ret) {
        if jr.error_values.is_empty() {
            jr.error_values = tr.error_values.into_iter().map(|v| Value { loc: Loc::default(), ..v }).collect();
        }
    }
}

// ---------------------------------------------------------------------------
// The text format.

/// A line cursor that never copies the text.
#[derive(Clone)]
struct Cursor<'t> {
    text: &'t str,
    pos: usize,
    line: u32,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Self {
        Cursor { text, pos: 0, line: 0 }
    }

    fn next(&mut self) -> Option<(u32, &'t str)> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        let (line, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (rest.get(..i).unwrap_or(""), i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        self.line = self.line.saturating_add(1);
        Some((self.line, line))
    }
}

/// Which part of the text a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Top,
    Params,
    Return,
    Errors,
    Locks,
    Constraints,
    Signals,
    Effects,
    Transitions,
    Caps,
}

impl Section {
    fn title(self) -> &'static str {
        match self {
            Section::Top => "the header",
            Section::Params => "Parameters",
            Section::Return => "Return value",
            Section::Errors => "Errors",
            Section::Locks => "Locks",
            Section::Constraints => "Additional constraints",
            Section::Signals => "Signal handling",
            Section::Effects => "Side effects",
            Section::Transitions => "State transitions",
            Section::Caps => "Capabilities",
        }
    }
}

/// The counted section headers.
const HEADERS: &[(&str, Section)] = &[
    ("Parameters (", Section::Params),
    ("Errors (", Section::Errors),
    ("Locks (", Section::Locks),
    ("Additional constraints (", Section::Constraints),
    ("Signal handling (", Section::Signals),
    ("Side effects (", Section::Effects),
    ("State transitions (", Section::Transitions),
    ("Capabilities (", Section::Caps),
];

/// A counted section being read: its header's count and where it is.
struct Counted {
    section: Section,
    declared: Option<u64>,
    loc: Loc,
    before: usize,
}

struct TextParser<'f> {
    file: &'f str,
    diags: Vec<Diagnostic>,
    spec: Spec,
    named: bool,
    section: Section,
    counted: Option<Counted>,
    top_keys: Vec<&'static str>,
    item_keys: Vec<&'static str>,
    /// The current parameter printed `constraints:` here.
    constraints_at: Option<Loc>,
    /// RFC v4 quirks were seen (lock booleans, `IN INOUT`).
    rfc_v4: bool,
    /// Constraint lines as printed, resolved at the end (RFC v4 prints only descriptions).
    constraint_lines: Vec<(usize, String, Loc)>,
    /// The return block printed a `success:` line.
    success_seen: bool,
    /// The return block's header.
    return_at: Option<Loc>,
    /// The current section is full; its remaining lines are skipped.
    skipping: bool,
    /// More than [`MAX_DIAGS`] problems: stop.
    overflow: bool,
}

/// Parses one `specs/<name>` file. Text that starts with `{` is read as
/// JSON ([`parse_json`]).
pub fn parse_text(file: &str, text: &str) -> (Option<Spec>, Vec<Diagnostic>) {
    if let Some(d) = nul_check(file, text) {
        return (None, vec![d]);
    }
    if text.trim_start().starts_with('{') {
        return parse_json(file, text);
    }
    let mut p = TextParser {
        file,
        diags: Vec::new(),
        spec: Spec {
            origin: Origin { file: file.to_string(), loc: Loc::new(1, 1), ..Origin::default() },
            ..Spec::default()
        },
        named: false,
        section: Section::Top,
        counted: None,
        top_keys: Vec::new(),
        item_keys: Vec::new(),
        constraints_at: None,
        rfc_v4: false,
        constraint_lines: Vec::new(),
        success_seen: false,
        return_at: None,
        skipping: false,
        overflow: false,
    };
    // Where the last non-blank text ends: blocks stop before trailing blank lines.
    let content_end = text.trim_end().len();
    let mut cur = Cursor::new(text);
    while let Some((n, line)) = cur.next() {
        if p.overflow {
            break;
        }
        if line.len() > MAX_LINE {
            p.report(long_line(file, n, line.len()));
            continue;
        }
        if line.trim().is_empty() {
            p.end_param();
            continue;
        }
        if line.starts_with(' ') {
            p.indented(n, line);
        } else {
            p.top(n, line, &mut cur, content_end);
        }
    }
    p.end_section();
    p.finish()
}

impl<'f> TextParser<'f> {
    /// Keeps a diagnostic, up to [`MAX_DIAGS`].
    fn report(&mut self, d: Diagnostic) {
        if self.diags.len() < MAX_DIAGS {
            self.diags.push(d);
        } else if !self.overflow {
            self.overflow = true;
            self.diags.push(too_many(self.file, d.loc));
        }
    }

    fn push(&mut self, severity: Severity, loc: Loc, msg: impl Into<String>) {
        self.report(diag(self.file, severity, loc, msg));
    }

    /// Whether the current section has room for one more item; reports the
    /// first item that does not fit, and skips the rest of the section.
    fn room(&mut self, n: u32) -> bool {
        if self.skipping {
            return false;
        }
        if self.items(self.section) < MAX_ITEMS {
            return true;
        }
        self.skipping = true;
        self.push(
            Severity::Error,
            at(n, 0),
            format!("more than {MAX_ITEMS} items in {}; the rest of the section is not read", self.section.title()),
        );
        false
    }

    fn unexpected(&mut self, n: u32, line: &str) {
        let col = line.len() - line.trim_start().len();
        let d = diag(
            self.file,
            Severity::Error,
            at(n, col),
            format!("unexpected line in {}; not read", self.section.title()),
        )
        .with_note(line_note(line))
        .with_len(line.trim().chars().count());
        self.report(d);
    }

    /// Whether `key` is seen for the first time in its scope; reports a repeat.
    fn once(&mut self, item: bool, key: &'static str, n: u32, line: &str) -> bool {
        let keys = if item { &mut self.item_keys } else { &mut self.top_keys };
        if keys.contains(&key) {
            let d = diag(self.file, Severity::Warning, at(n, 0), format!("second `{key}` line; the first is kept"))
                .with_note(line_note(line));
            self.report(d);
            false
        } else {
            keys.push(key);
            true
        }
    }

    fn new_item(&mut self) {
        self.end_param();
        self.item_keys.clear();
    }

    /// Ends the current parameter block: an empty `constraints:` block is
    /// BUFFER, the one v4 constraint type without a case.
    fn end_param(&mut self) {
        if let Some(loc) = self.constraints_at.take() {
            if let Some(p) = self.spec.params.last_mut() {
                if p.constraint_kind.is_none() {
                    p.constraint_kind = Some(Token {
                        raw: ConstraintKind::Buffer.long_name().to_string(),
                        loc,
                        value: Some(ConstraintKind::Buffer),
                    });
                }
            }
        }
    }

    fn items(&self, s: Section) -> usize {
        match s {
            Section::Top | Section::Return => 0,
            Section::Params => self.spec.params.len(),
            Section::Errors => self.spec.errors.len(),
            Section::Locks => self.spec.locks.len(),
            Section::Constraints => self.spec.constraints.len(),
            Section::Signals => self.spec.signals.len(),
            Section::Effects => self.spec.side_effects.len(),
            Section::Transitions => self.spec.state_transitions.len(),
            Section::Caps => self.spec.capabilities.len(),
        }
    }

    fn end_section(&mut self) {
        self.new_item();
        if let Some(c) = self.counted.take() {
            let found = self.items(c.section) - c.before;
            if let Some(d) = c.declared.filter(|d| *d != found as u64) {
                self.push(
                    Severity::Warning,
                    c.loc,
                    format!("`{} ({d}):` but {found} item(s) follow", c.section.title()),
                );
            }
        }
        if self.section == Section::Return && !self.success_seen {
            // v4 prints no `success:` line for NO_RETURN only.
            if let Some(r) = self.spec.ret.as_mut() {
                r.check = Some(Token {
                    raw: ReturnCheck::NoReturn.long_name().to_string(),
                    loc: self.return_at.unwrap_or_default(),
                    value: Some(ReturnCheck::NoReturn),
                });
            }
        }
        self.section = Section::Top;
        self.skipping = false;
    }

    fn start_section(&mut self, s: Section, n: u32, count: Option<(&str, usize)>) {
        self.end_section();
        self.section = s;
        self.skipping = false;
        if let Some((c, col)) = count {
            let declared = match c.parse::<u64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    self.push(Severity::Error, at(n, col), format!("`{c}` is not a count (0 to {})", u64::MAX));
                    None
                }
            };
            self.counted = Some(Counted { section: s, declared, loc: at(n, col), before: self.items(s) });
        }
    }

    fn top(&mut self, n: u32, line: &str, cur: &mut Cursor<'_>, content_end: usize) {
        if line == "Kernel API Specification" || (line.bytes().all(|b| b == b'=') && !self.named) {
            if self.named {
                self.push(
                    Severity::Error,
                    at(n, 0),
                    "a second spec header; a file holds one spec, the rest is read into the first",
                );
            }
            return;
        }
        for (prefix, section) in HEADERS {
            if let Some(rest) = line.strip_prefix(prefix) {
                if let Some(count) = rest.strip_suffix("):") {
                    self.start_section(*section, n, Some((count, prefix.len())));
                    return;
                }
            }
        }
        if line == "Return value:" {
            self.start_section(Section::Return, n, None);
            if self.once(false, "Return value:", n, line) {
                self.spec.ret = Some(ReturnSpec { loc: at(n, 0), ..ReturnSpec::default() });
                self.return_at = Some(at(n, 0));
                self.success_seen = false;
            } else {
                // A second block: its lines are reported, not read.
                self.section = Section::Top;
            }
            return;
        }
        self.end_section();
        if let Some(v) = line.strip_prefix("Name: ") {
            if self.once(false, "Name:", n, line) {
                self.spec.name = v.to_string();
                self.named = true;
            }
        } else if let Some(v) = line.strip_prefix("Version: ") {
            if self.once(false, "Version:", n, line) {
                match v.trim().parse::<u32>() {
                    Ok(1) => {}
                    _ => {
                        self.push(Severity::Warning, at(n, 9), format!("version `{v}`; every KAPI version prints 1"));
                        self.spec.extra.push(Attr { key: "version".into(), value: Text::new(v, at(n, 9)) });
                    }
                }
            }
        } else if let Some(v) = line.strip_prefix("Description: ").or_else(|| (line == "Description:").then_some("")) {
            if self.once(false, "Description:", n, line) {
                self.spec.description = text_at(v, at(n, 13));
            }
        } else if let Some(v) = line.strip_prefix("Long description:") {
            let v = v.strip_prefix(' ').unwrap_or(v);
            // Post-v4: a bare `Long description:` is followed by lines indented by two spaces.
            let t = if v.is_empty() { self.indented_block(cur) } else { text_at(v, at(n, 18)) };
            if self.once(false, "Long description:", n, line) {
                self.spec.long_desc = t;
            } else {
                self.note_ignored(t);
            }
        } else if let Some(v) = line.strip_prefix("Context flags:") {
            if self.once(false, "Context flags:", n, line) {
                self.spec.contexts = self.words::<ContextFlag>(v, n, 14);
            }
        } else if line == "Examples:" {
            let t = self.block(n, cur, content_end, &["Notes:", "Since: "]);
            if self.once(false, "Examples:", n, line) {
                self.spec.examples = t;
            } else {
                self.note_ignored(t);
            }
        } else if line == "Notes:" {
            let t = self.block(n, cur, content_end, &["Since: "]);
            if self.once(false, "Notes:", n, line) {
                self.spec.notes = t;
            } else {
                self.note_ignored(t);
            }
        } else if let Some(v) = line.strip_prefix("Since: ") {
            if self.once(false, "Since:", n, line) {
                self.spec.since_version = text_at(v, at(n, 7));
            }
        } else {
            self.unexpected(n, line);
        }
    }

    /// Keeps the text of an ignored repeated block in the repeat's diagnostic.
    fn note_ignored(&mut self, t: Option<Text>) {
        if let (Some(t), Some(d)) = (t, self.diags.last_mut()) {
            d.notes.push(format!("ignored text: {}", t.text));
        }
    }

    /// Lines indented by two spaces after a bare `Long description:`.
    fn indented_block(&mut self, cur: &mut Cursor<'_>) -> Option<Text> {
        let mut text = String::new();
        let mut loc = None;
        loop {
            let mut look = cur.clone();
            match look.next() {
                Some((n, l)) if l.starts_with("  ") => {
                    *cur = look;
                    if l.len() > MAX_LINE {
                        let d = long_line(self.file, n, l.len());
                        self.report(d);
                        continue;
                    }
                    if loc.is_some() {
                        text.push('\n');
                    }
                    loc.get_or_insert(at(n, 2));
                    text.push_str(l.get(2..).unwrap_or(""));
                }
                _ => break,
            }
        }
        loc.and_then(|l| text_at(&text, l))
    }

    /// The block after `Examples:` or `Notes:`: everything up to the blank
    /// line before a `stop` line or the end of the file.
    fn block(&mut self, head: u32, cur: &mut Cursor<'_>, content_end: usize, stop: &[&str]) -> Option<Text> {
        let mut text = String::new();
        let mut first: Option<u32> = None;
        let mut lines = 0usize;
        loop {
            let mut look = cur.clone();
            let Some((n, l)) = look.next() else { break };
            if l.trim().is_empty() {
                // A blank line ends the block when only blank lines or a stop line follow.
                if look.pos >= content_end {
                    *cur = look;
                    // Trailing blank lines are the template's.
                    while cur.pos < cur.text.len() {
                        let _ = cur.next();
                    }
                    break;
                }
                let mut after = look.clone();
                if let Some((_, next)) = after.next() {
                    if stop.iter().any(|s| next.starts_with(s) || next == s.trim_end()) {
                        *cur = look;
                        break;
                    }
                }
            }
            *cur = look;
            if l.len() > MAX_LINE {
                let d = long_line(self.file, n, l.len());
                self.report(d);
                continue;
            }
            if lines > 0 {
                text.push('\n');
            }
            lines += 1;
            first.get_or_insert(n);
            text.push_str(l);
        }
        // Post-v4 indents every line of the block by two spaces.
        let indented = lines > 0 && text.split('\n').all(|l| l.is_empty() || l.starts_with("  "));
        let col = if indented { 2 } else { 0 };
        if indented {
            text = text.split('\n').map(|l| l.get(2..).unwrap_or("")).collect::<Vec<_>>().join("\n");
        }
        let text = text.trim_end_matches('\n');
        text_at(text, at(first.unwrap_or(head.saturating_add(1)), col))
    }

    /// A space-separated list of flag words (`PROCESS SLEEPABLE `).
    fn words<E: KapiEnum>(&mut self, v: &str, n: u32, col: usize) -> Option<FlagSet<E>> {
        let raw = v.trim();
        if raw.is_empty() {
            return None;
        }
        let lead = v.len() - v.trim_start().len();
        let mut set = FlagSet {
            raw: raw.to_string(),
            loc: at(n, col + lead),
            known: Vec::new(),
            literal_bits: 0,
            unknown: Vec::new(),
        };
        let mut offset = col;
        for w in v.split(' ') {
            let here = offset;
            offset += w.chars().count() + 1;
            if w.is_empty() {
                continue;
            }
            match E::parse(w) {
                Some(e) if !set.known.contains(&e) => set.known.push(e),
                Some(_) => {}
                None => {
                    self.push(Severity::Warning, at(n, here), format!("`{w}` is not a {} word", E::FAMILY));
                    set.unknown.push(w.to_string());
                }
            }
        }
        Some(set)
    }

    fn indented(&mut self, n: u32, line: &str) {
        if self.skipping {
            return;
        }
        match self.section {
            Section::Params => self.param_line(n, line),
            Section::Return => self.return_line(n, line),
            Section::Errors => self.error_line(n, line),
            Section::Locks => self.lock_line(n, line),
            Section::Constraints => self.constraint_line(n, line),
            Section::Signals => self.signal_line(n, line),
            Section::Effects => self.effect_line(n, line),
            Section::Transitions => self.transition_line(n, line),
            Section::Caps => self.cap_line(n, line),
            Section::Top => self.unexpected(n, line),
        }
    }

    fn param_line(&mut self, n: u32, line: &str) {
        if let Some(rest) = line.strip_prefix("  [") {
            if let Some((idx, name)) = rest.split_once("] ").and_then(|(i, r)| Some((i, r.strip_suffix(':')?))) {
                self.new_item();
                if !self.room(n) {
                    return;
                }
                let pos = self.spec.params.len();
                if idx.parse::<usize>().ok() != Some(pos) {
                    self.push(Severity::Warning, at(n, 3), format!("parameter `[{idx}]` is number {pos} in the list"));
                }
                self.spec.params.push(Param {
                    index: pos,
                    name: name.to_string(),
                    loc: at(n, 2),
                    has_block: true,
                    ..Param::default()
                });
                return;
            }
            return self.unexpected(n, line);
        }
        let file = self.file;
        if self.spec.params.is_empty() {
            return self.unexpected(n, line);
        }
        let key: &'static str;
        if let Some(v) = line.strip_prefix("      ") {
            // A constraint detail.
            self.constraints_at.get_or_insert(at(n, 4));
            let Some((k, v)) = v.split_once(':') else { return self.unexpected(n, line) };
            let v = v.strip_prefix(' ').unwrap_or(v);
            let col = 6 + k.len() + 2;
            let loc = at(n, col);
            key = match k {
                "type" => "constraints type",
                "min" => "min",
                "max" => "max",
                "valid_bits" => "valid_bits",
                "count" => "count",
                "values" => "values",
                "min_len" => "min_len",
                "max_len" => "max_len",
                "size" => "constraint size",
                "alignment" => "constraint alignment",
                "description" => "constraint description",
                "size_param" => "size_param",
                "size_multiplier" => "size_multiplier",
                _ => return self.unexpected(n, line),
            };
            if !self.once(true, key, n, line) {
                return;
            }
            let mut diags = Vec::new();
            let Some(p) = self.spec.params.last_mut() else { return };
            match key {
                "constraints type" => {
                    diags.extend(unknown_word::<ConstraintKind>(file, v, loc));
                    p.constraint_kind = Some(Token { raw: v.to_string(), loc, value: ConstraintKind::parse(v) });
                }
                "min" | "min_len" => p.min = Some(Value::parse(v, loc)),
                "max" => p.max = Some(Value::parse(v, loc)),
                // `PATH_MAX (4096)` is the fixed limit of user_path.
                "max_len"
                    if v == "PATH_MAX (4096)"
                        && p.constraint_kind.as_ref().is_some_and(|k| k.value == Some(ConstraintKind::UserPath)) => {}
                "max_len" => p.max = Some(Value::parse(v, loc)),
                "valid_bits" => p.mask = Some(Value::parse(v, loc)),
                "count" => match v.trim().parse::<u64>() {
                    Ok(c) => p.extra.push(Attr { key: "enum_count".into(), value: Text::new(c.to_string(), loc) }),
                    Err(_) => diags.push(diag(file, Severity::Error, loc, format!("`{v}` is not an enum count"))),
                },
                "values" => {
                    let mut off = col;
                    for w in v.split(' ') {
                        if !w.is_empty() {
                            p.enum_values.push(Value::parse(w, at(n, off)));
                        }
                        off += w.chars().count() + 1;
                    }
                }
                "constraint size" => {
                    let v = v.strip_suffix(" bytes").unwrap_or(v);
                    let val = Value::parse(v, loc);
                    if let Some(old) = p.size.as_ref().filter(|o| o.resolved != val.resolved || o.raw != val.raw) {
                        diags.push(diag(
                            file,
                            Severity::Warning,
                            loc,
                            format!("size `{v}` differs from `{}` above; the first is kept", old.raw),
                        ));
                    } else if p.size.is_none() {
                        p.size = Some(val);
                    }
                }
                "constraint alignment" => {
                    let val = Value::parse(v, loc);
                    if let Some(old) = p.alignment.as_ref().filter(|o| o.resolved != val.resolved || o.raw != val.raw) {
                        diags.push(diag(
                            file,
                            Severity::Warning,
                            loc,
                            format!("alignment `{v}` differs from `{}` above; the first is kept", old.raw),
                        ));
                    } else if p.alignment.is_none() {
                        p.alignment = Some(val);
                    }
                }
                "constraint description" => p.cdesc = text_at(v, loc),
                "size_param" => {
                    // `size_param: <name> (index <n>)`.
                    let idx =
                        v.rsplit_once("(index ").and_then(|(_, i)| i.strip_suffix(')')).map(|i| i.trim().to_string());
                    match idx {
                        Some(i) => p.size_param = Some(Value::parse(&i, loc)),
                        None => {
                            diags.push(diag(file, Severity::Error, loc, format!("`{v}` is not `<name> (index <n>)`")))
                        }
                    }
                }
                "size_multiplier" => p.size_multiplier = Some(Value::parse(v, loc)),
                _ => {}
            }
            diags.into_iter().for_each(|d| self.report(d));
            return;
        }
        let Some(v) = line.strip_prefix("    ") else { return self.unexpected(n, line) };
        let (k, v) = match v.split_once(':') {
            Some((k, v)) => (k, v.strip_prefix(' ').unwrap_or(v)),
            None => return self.unexpected(n, line),
        };
        let col = 4 + k.len() + 2;
        let loc = at(n, col);
        key = match k {
            "type" => "type",
            "flags" => "flags",
            "description" => "description",
            "size" => "size",
            "alignment" => "alignment",
            "constraints" if v.is_empty() => "constraints",
            _ => return self.unexpected(n, line),
        };
        if !self.once(true, key, n, line) {
            return;
        }
        match key {
            "type" => {
                let (word, ctype) = match v.split_once(' ') {
                    Some((w, rest)) => {
                        let t = rest.strip_prefix('(').and_then(|t| t.strip_suffix(')'));
                        if t.is_none() {
                            self.push(
                                Severity::Warning,
                                at(n, col + w.chars().count() + 1),
                                "the C type is not in parentheses; read as written",
                            );
                        }
                        (w, t.unwrap_or(rest))
                    }
                    None => (v, ""),
                };
                let ctype_col = col + word.chars().count() + 2;
                if let Some(d) = unknown_word::<ParamType>(self.file, word, loc) {
                    self.report(d);
                }
                let Some(p) = self.spec.params.last_mut() else { return };
                p.kind =
                    (!word.is_empty()).then(|| Token { raw: word.to_string(), loc, value: ParamType::parse(word) });
                p.ctype = text_at(ctype, at(n, ctype_col)).map(|t| t.text);
            }
            "flags" => {
                let flags = self.param_flags(v, n, col);
                if let Some(p) = self.spec.params.last_mut() {
                    p.flags = flags;
                }
            }
            "description" => {
                if let Some(p) = self.spec.params.last_mut() {
                    p.description = text_at(v, loc);
                }
            }
            "size" | "alignment" => {
                let val = Value::parse(v, loc);
                if let Some(p) = self.spec.params.last_mut() {
                    if key == "size" {
                        p.size = Some(val);
                    } else {
                        p.alignment = Some(val);
                    }
                }
            }
            "constraints" => self.constraints_at = Some(at(n, 4)),
            _ => {}
        }
    }

    /// `IN `, `OUT `, `INOUT ` and the other flag words. RFC v4 tested IN,
    /// OUT and INOUT one by one, so INOUT next to IN or OUT says nothing.
    fn param_flags(&mut self, v: &str, n: u32, col: usize) -> Option<FlagSet<ParamFlag>> {
        let mut set = self.words::<ParamFlag>(v, n, col)?;
        let quirk = set.known.contains(&ParamFlag::InOut)
            && (set.known.contains(&ParamFlag::In) || set.known.contains(&ParamFlag::Out));
        if quirk {
            set.known.retain(|f| *f != ParamFlag::InOut);
            self.rfc_v4 = true;
        }
        Some(set)
    }

    fn return_line(&mut self, n: u32, line: &str) {
        let Some(v) = line.strip_prefix("  ") else { return self.unexpected(n, line) };
        let Some((k, v)) = v.split_once(':') else { return self.unexpected(n, line) };
        let v = v.strip_prefix(' ').unwrap_or(v);
        let loc = at(n, 2 + k.len() + 2);
        let key: &'static str = match k {
            "type" => "type",
            "description" => "description",
            "success" => "success",
            "error values" => "error values",
            _ => return self.unexpected(n, line),
        };
        if !self.once(true, key, n, line) {
            return;
        }
        let mut diags = Vec::new();
        let file = self.file;
        let Some(r) = self.spec.ret.as_mut() else { return };
        match key {
            "type" => {
                r.type_name = text_at(v, loc);
                // v4 stores the `KAPI_TYPE_*` token; other text is a C type as written.
                let kind = ParamType::all().iter().copied().find(|t| t.long_name() == v);
                r.kind = kind.map(|t| Token { raw: v.to_string(), loc, value: Some(t) });
            }
            "description" => r.desc = text_at(v, loc),
            "success" => {
                self.success_seen = true;
                let check = |c: ReturnCheck| Some(Token { raw: v.to_string(), loc, value: Some(c) });
                if let Some(val) = v.strip_prefix("== ") {
                    r.check = check(ReturnCheck::Exact);
                    let value = Value::parse(val, at(n, 2 + k.len() + 5));
                    r.success = Some(Success { raw: v.to_string(), loc, op: CmpOp::Eq, value });
                } else if let Some((lo, hi)) =
                    v.strip_prefix('[').and_then(|x| x.strip_suffix(']')).and_then(|x| x.split_once(", "))
                {
                    r.check = check(ReturnCheck::Range);
                    r.success_min = Some(Value::parse(lo, at(n, 2 + k.len() + 3)));
                    r.success_max = Some(Value::parse(hi, at(n, 2 + k.len() + 5 + lo.chars().count())));
                } else {
                    let c = match v {
                        "valid file descriptor (>= 0)" => Some(ReturnCheck::Fd),
                        "error check" => Some(ReturnCheck::ErrorCheck),
                        "custom check" => Some(ReturnCheck::Custom),
                        "does not return" => Some(ReturnCheck::NoReturn),
                        _ => None,
                    };
                    if c.is_none() {
                        diags.push(diag(
                            file,
                            Severity::Warning,
                            loc,
                            format!("`success: {v}` names no return check type; kept as written"),
                        ));
                    }
                    r.check = Some(Token { raw: v.to_string(), loc, value: c });
                }
            }
            "error values" => {
                let mut off = 2 + k.len() + 2;
                for w in v.split(' ') {
                    if !w.is_empty() {
                        r.error_values.push(Value::parse(w, at(n, off)));
                    }
                    off += w.chars().count() + 1;
                }
            }
            _ => {}
        }
        diags.into_iter().for_each(|d| self.report(d));
    }

    /// `  <name> (<inner>): <rest>` items (errors, locks, signals, capabilities).
    fn head_item<'l>(&mut self, n: u32, line: &'l str) -> Option<(&'l str, &'l str, usize, &'l str, usize)> {
        let v = line.strip_prefix("  ")?;
        // An empty name leaves `  ` + ` (<inner>):`.
        if v.starts_with(' ') && !v.starts_with(" (") {
            return None;
        }
        let (head, inner, tail) = split_head(v)?;
        let inner_col = 2 + head.chars().count() + 2;
        let tail_col = inner_col + inner.chars().count() + 3;
        self.new_item();
        self.room(n).then_some((head, inner, inner_col, tail, tail_col))
    }

    /// A sub-line `    <key>: <value>` of the current item.
    fn sub<'l>(&mut self, n: u32, line: &'l str, keys: &[&'static str]) -> Option<(&'static str, &'l str, Loc)> {
        let v = line.strip_prefix("    ")?;
        let (k, v) = v.split_once(':')?;
        let key = keys.iter().copied().find(|key| *key == k)?;
        let v = v.strip_prefix(' ').unwrap_or(v);
        self.once(true, key, n, line).then(|| (key, v, at(n, 4 + k.len() + 2)))
    }

    fn error_line(&mut self, n: u32, line: &str) {
        if let Some((name, code, code_col, desc, desc_col)) = self.head_item(n, line) {
            let code_v = Value::parse(code, at(n, code_col));
            let code_num = code_v.resolved.and_then(|c| i32::try_from(c).ok());
            if code_num.is_none() && code_v.resolved.is_some() {
                self.push(Severity::Warning, at(n, code_col), format!("error code `{code}` does not fit an int"));
            }
            self.spec.errors.push(ErrorSpec {
                loc: at(n, 2),
                name: name.to_string(),
                code: code_num,
                code_raw: (code_num.is_none() || !code_v.is_literal()).then_some(code_v),
                desc: text_at(desc, at(n, desc_col)),
                ..ErrorSpec::default()
            });
            return;
        }
        if self.skipping {
            return;
        }
        if self.spec.errors.is_empty() {
            return self.unexpected(n, line);
        }
        match self.sub(n, line, &["condition"]) {
            Some((_, v, loc)) => {
                if let Some(e) = self.spec.errors.last_mut() {
                    e.summary = text_at(v, loc);
                }
            }
            None => self.dup_or_unexpected(n, line),
        }
    }

    /// A sub-line that `sub` did not take: a repeated key (already reported) or junk.
    fn dup_or_unexpected(&mut self, n: u32, line: &str) {
        let repeated = self.diags.last().is_some_and(|d| d.loc.line == n && d.file == self.file);
        if !repeated {
            self.unexpected(n, line);
        }
    }

    fn lock_line(&mut self, n: u32, line: &str) {
        if let Some((name, kind, kind_col, desc, desc_col)) = self.head_item(n, line) {
            if let Some(d) = unknown_word::<LockType>(self.file, kind, at(n, kind_col)) {
                self.report(d);
            }
            self.spec.locks.push(LockSpec {
                loc: at(n, 2),
                name: name.to_string(),
                kind: Some(Token { raw: kind.to_string(), loc: at(n, kind_col), value: LockType::parse(kind) }),
                desc: text_at(desc, at(n, desc_col)),
                ..LockSpec::default()
            });
            return;
        }
        if self.skipping {
            return;
        }
        if self.spec.locks.is_empty() {
            return self.unexpected(n, line);
        }
        // RFC v4 printed the booleans.
        let flag = match line {
            "    acquired by function" => Some(true),
            "    released by function" => Some(false),
            _ => None,
        };
        if let Some(acquired) = flag {
            let key = if acquired { "acquired by function" } else { "released by function" };
            if self.once(true, key, n, line) {
                self.rfc_v4 = true;
                let t = Truth { raw: key.to_string(), loc: at(n, 4), value: Some(TruthValue::Yes) };
                if let Some(l) = self.spec.locks.last_mut() {
                    if acquired {
                        l.acquired = Some(t);
                    } else {
                        l.released = Some(t);
                    }
                }
            }
            return;
        }
        match self.sub(n, line, &["scope"]) {
            Some((_, v, loc)) => {
                let value = LockScope::all().iter().copied().find(|s| s.phrase() == v).or_else(|| LockScope::parse(v));
                if value.is_none() && v != "unknown" {
                    self.push(Severity::Warning, loc, format!("`{v}` is not a lock scope phrase; kept as written"));
                }
                if let Some(l) = self.spec.locks.last_mut() {
                    l.scope = Some(Token { raw: v.to_string(), loc, value });
                }
            }
            None => self.dup_or_unexpected(n, line),
        }
    }

    fn constraint_line(&mut self, n: u32, line: &str) {
        if let Some(v) = line.strip_prefix("  - ").or_else(|| (line == "  -").then_some("")) {
            self.new_item();
            if !self.room(n) {
                return;
            }
            let idx = self.spec.constraints.len();
            self.constraint_lines.push((idx, v.to_string(), at(n, 4)));
            let (name, desc) = match v.split_once(": ") {
                Some((a, b)) => (a, Some((b, at(n, 4 + a.chars().count() + 2)))),
                None => (v.strip_suffix(':').unwrap_or(v), None),
            };
            self.spec.constraints.push(Constraint {
                loc: at(n, 2),
                name: Text::new(name, at(n, 4)),
                desc: desc.and_then(|(d, l)| text_at(d, l)),
                ..Constraint::default()
            });
            return;
        }
        if self.spec.constraints.is_empty() {
            return self.unexpected(n, line);
        }
        match self.sub(n, line, &["expression"]) {
            Some((_, v, loc)) => {
                if let Some(c) = self.spec.constraints.last_mut() {
                    c.expr = text_at(v, loc);
                }
            }
            None => self.dup_or_unexpected(n, line),
        }
    }

    fn signal_line(&mut self, n: u32, line: &str) {
        if let Some((name, num, num_col, tail, _)) = self.head_item(n, line) {
            if !tail.is_empty() {
                self.push(Severity::Error, at(n, 0), "text after a signal's `(<number>):`; not read");
            }
            let number = match num.trim().parse::<i32>() {
                Ok(0) => tables::signal(name),
                Ok(v) => Some(v),
                Err(_) => {
                    self.push(Severity::Error, at(n, num_col), format!("`{num}` is not a signal number"));
                    tables::signal(name)
                }
            };
            let name = if name == "(null)" { "" } else { name };
            self.spec.signals.push(SignalSpec {
                loc: at(n, 2),
                name: name.to_string(),
                number,
                ..SignalSpec::default()
            });
            return;
        }
        if self.skipping {
            return;
        }
        if self.spec.signals.is_empty() {
            return self.unexpected(n, line);
        }
        match self.sub(n, line, &["direction", "action", "description"]) {
            Some(("direction", v, loc)) => {
                let d = self.words::<SignalDirection>(v, n, 4 + "direction".len() + 2);
                if let Some(s) = self.spec.signals.last_mut() {
                    s.direction = d.map(|d| FlagSet { loc, ..d });
                }
            }
            Some(("action", v, loc)) => {
                if let Some(d) = unknown_word::<SignalAction>(self.file, v, loc) {
                    self.report(d);
                }
                if let Some(s) = self.spec.signals.last_mut() {
                    s.action =
                        (!v.is_empty()).then(|| Token { raw: v.to_string(), loc, value: SignalAction::parse(v) });
                }
            }
            Some((_, v, loc)) => {
                if let Some(s) = self.spec.signals.last_mut() {
                    s.desc = text_at(v, loc);
                }
            }
            None => self.dup_or_unexpected(n, line),
        }
    }

    fn effect_line(&mut self, n: u32, line: &str) {
        let Some(v) = line.strip_prefix("  - ").or_else(|| (line == "  -").then_some("")) else {
            return self.unexpected(n, line);
        };
        self.new_item();
        if !self.room(n) {
            return;
        }
        let (v, reversible) = match v.strip_suffix(" (reversible)") {
            Some(rest) => (rest, true),
            None => (v, false),
        };
        let (target, desc) = match v.split_once(": ") {
            Some((a, b)) => (a, text_at(b, at(n, 4 + a.chars().count() + 2))),
            None => (v, None),
        };
        let rev_col = 4 + v.chars().count() + 1;
        self.spec.side_effects.push(SideEffect {
            loc: at(n, 2),
            kinds: FlagSet {
                raw: String::new(),
                loc: Loc::default(),
                known: Vec::new(),
                literal_bits: 0,
                unknown: Vec::new(),
            },
            target: text_at(target, at(n, 4)),
            desc,
            condition: None,
            reversible: reversible.then(|| Truth {
                raw: "(reversible)".into(),
                loc: at(n, rev_col),
                value: Some(TruthValue::Yes),
            }),
            extra: Vec::new(),
        });
    }

    fn transition_line(&mut self, n: u32, line: &str) {
        if let Some(desc) = line.strip_prefix("    ") {
            let Some(t) = self.spec.state_transitions.last_mut() else { return self.unexpected(n, line) };
            if t.desc.is_some() || self.item_keys.contains(&"description") {
                let d = diag(
                    self.file,
                    Severity::Warning,
                    at(n, 4),
                    "second description line of a state transition; the first is kept",
                )
                .with_note(line_note(line));
                self.report(d);
                return;
            }
            t.desc = text_at(desc, at(n, 4));
            self.item_keys.push("description");
            return;
        }
        let Some(v) = line.strip_prefix("  ") else { return self.unexpected(n, line) };
        let Some((object, states)) = v.split_once(": ") else { return self.unexpected(n, line) };
        let Some((from, to)) = states.split_once(" -> ").or_else(|| states.strip_suffix(" ->").map(|f| (f, ""))) else {
            return self.unexpected(n, line);
        };
        self.new_item();
        if !self.room(n) {
            return;
        }
        let from_col = 2 + object.chars().count() + 2;
        let to_col = from_col + from.chars().count() + 4;
        self.spec.state_transitions.push(StateTransition {
            loc: at(n, 2),
            object: Text::new(object, at(n, 2)),
            from: text_at(from, at(n, from_col)),
            to: text_at(to, at(n, to_col)),
            ..StateTransition::default()
        });
    }

    fn cap_line(&mut self, n: u32, line: &str) {
        if let Some((name, num, num_col, tail, _)) = self.head_item(n, line) {
            if !tail.is_empty() {
                self.push(Severity::Error, at(n, 0), "text after a capability's `(<number>):`; not read");
            }
            let name = if name == "(null)" { "" } else { name };
            let (cap, number, cap_name) = match num.trim().parse::<i32>() {
                Ok(v) => match tables::capability_name(v) {
                    Some(c) => (c.to_string(), Some(v), (name != c).then_some(name)),
                    None => (name.to_string(), Some(v), None),
                },
                Err(_) => {
                    // kapi writes a capability it cannot resolve by name.
                    let v = Value::parse(num, at(n, num_col));
                    if v.error.is_some() {
                        self.push(Severity::Error, at(n, num_col), format!("`{num}` is not a capability number"));
                    }
                    (num.to_string(), tables::capability(num.trim()), (name != num).then_some(name))
                }
            };
            self.spec.capabilities.push(Capability {
                loc: at(n, 2),
                cap,
                number,
                name: cap_name.and_then(|c| text_at(c, at(n, 2))),
                ..Capability::default()
            });
            return;
        }
        if self.skipping {
            return;
        }
        if self.spec.capabilities.is_empty() {
            return self.unexpected(n, line);
        }
        match self.sub(n, line, &["allows", "without"]) {
            Some(("allows", v, loc)) => {
                if let Some(c) = self.spec.capabilities.last_mut() {
                    c.allows = text_at(v, loc);
                }
            }
            Some((_, v, loc)) => {
                if let Some(c) = self.spec.capabilities.last_mut() {
                    c.without = text_at(v, loc);
                }
            }
            None => self.dup_or_unexpected(n, line),
        }
    }

    fn finish(mut self) -> (Option<Spec>, Vec<Diagnostic>) {
        if self.rfc_v4 {
            // RFC v4 printed a constraint's description alone.
            for (idx, raw, loc) in std::mem::take(&mut self.constraint_lines) {
                if let Some(c) = self.spec.constraints.get_mut(idx) {
                    c.name = Text::new("", loc);
                    c.desc = text_at(&raw, loc);
                }
            }
        }
        if !self.named {
            self.push(Severity::Error, Loc::new(1, 1), "no `Name:` line: not a KAPI debugfs spec file");
            return (None, self.diags);
        }
        self.spec.kind = Some(ApiKind::from_name(&self.spec.name));
        (Some(self.spec), self.diags)
    }
}

/// Splits `NAME (INNER): TAIL` at the first `):` (the name may itself hold
/// parentheses: `mmap_lock (write) (rwlock): ...`).
fn split_head(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("):")?;
    let open = s.get(..close)?.rfind(" (")?;
    let head = s.get(..open)?;
    let inner = s.get(open + 2..close)?;
    let tail = s.get(close + 2..)?;
    Some((head, inner, tail.strip_prefix(' ').unwrap_or(tail)))
}

// ---------------------------------------------------------------------------
// JSON.

/// A JSON value with where it starts.
#[derive(Clone, Debug)]
struct J {
    v: Jv,
    loc: Loc,
}

#[derive(Clone, Debug)]
enum Jv {
    Null,
    Bool(bool),
    /// A number as written.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, Loc, J)>),
}

impl Jv {
    fn kind(&self) -> &'static str {
        match self {
            Jv::Null => "null",
            Jv::Bool(_) => "a boolean",
            Jv::Num(_) => "a number",
            Jv::Str(_) => "a string",
            Jv::Arr(_) => "an array",
            Jv::Obj(_) => "an object",
        }
    }
}

/// A JSON reader that counts lines and columns as it goes (linear in the
/// input, whatever its line lengths).
struct JsonReader<'t> {
    s: &'t str,
    pos: usize,
    line: u32,
    col: u32,
    /// Values read so far (at most [`MAX_JSON_VALUES`]).
    values: usize,
}

type JResult<T> = Result<T, (Loc, String)>;

impl<'t> JsonReader<'t> {
    fn loc(&self) -> Loc {
        Loc::new(self.line, self.col)
    }

    fn peek(&self) -> Option<char> {
        self.s.get(self.pos..).and_then(|r| r.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.col = 1;
        } else {
            self.col = self.col.saturating_add(1);
        }
        Some(c)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn expect(&mut self, c: char) -> JResult<()> {
        let loc = self.loc();
        match self.bump() {
            Some(x) if x == c => Ok(()),
            Some(x) => Err((loc, format!("expected `{c}`, found `{}`", x.escape_debug()))),
            None => Err((loc, format!("expected `{c}`, found the end of the file"))),
        }
    }

    fn value(&mut self, depth: usize) -> JResult<J> {
        self.ws();
        let loc = self.loc();
        if depth > MAX_DEPTH {
            return Err((loc, format!("nested more than {MAX_DEPTH} levels deep")));
        }
        self.values += 1;
        if self.values > MAX_JSON_VALUES {
            return Err((loc, format!("more than {MAX_JSON_VALUES} values; not a kernel's spec")));
        }
        let v = match self.peek() {
            None => return Err((loc, "expected a value, found the end of the file".into())),
            Some('{') => {
                self.bump();
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some('}') {
                    self.bump();
                } else {
                    loop {
                        self.ws();
                        let kloc = self.loc();
                        if self.peek() != Some('"') {
                            return Err((kloc, "expected a key string".into()));
                        }
                        let key = self.string()?;
                        self.ws();
                        self.expect(':')?;
                        let v = self.value(depth + 1)?;
                        members.push((key, kloc, v));
                        self.ws();
                        let here = self.loc();
                        match self.bump() {
                            Some(',') => continue,
                            Some('}') => break,
                            _ => return Err((here, "expected `,` or `}` after an object member".into())),
                        }
                    }
                }
                Jv::Obj(members)
            }
            Some('[') => {
                self.bump();
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(']') {
                    self.bump();
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        let here = self.loc();
                        match self.bump() {
                            Some(',') => continue,
                            Some(']') => break,
                            _ => return Err((here, "expected `,` or `]` after an array item".into())),
                        }
                    }
                }
                Jv::Arr(items)
            }
            Some('"') => Jv::Str(self.string()?),
            Some('t') => self.word("true", Jv::Bool(true))?,
            Some('f') => self.word("false", Jv::Bool(false))?,
            Some('n') => self.word("null", Jv::Null)?,
            Some(c) if c == '-' || c.is_ascii_digit() => Jv::Num(self.number()?),
            Some(c) => return Err((loc, format!("expected a value, found `{}`", c.escape_debug()))),
        };
        Ok(J { v, loc })
    }

    fn word(&mut self, w: &str, v: Jv) -> JResult<Jv> {
        let loc = self.loc();
        if self.s.get(self.pos..).is_some_and(|r| r.starts_with(w)) {
            for _ in 0..w.len() {
                self.bump();
            }
            Ok(v)
        } else {
            Err((loc, format!("expected `{w}`")))
        }
    }

    fn digits(&mut self) -> usize {
        let mut n = 0;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
            n += 1;
        }
        n
    }

    fn number(&mut self) -> JResult<String> {
        let (start, loc) = (self.pos, self.loc());
        if self.peek() == Some('-') {
            self.bump();
        }
        let lead_zero = self.peek() == Some('0');
        let n = self.digits();
        if n == 0 || (lead_zero && n > 1) {
            return Err((loc, "not a JSON number".into()));
        }
        if self.peek() == Some('.') {
            self.bump();
            if self.digits() == 0 {
                return Err((loc, "not a JSON number".into()));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if self.digits() == 0 {
                return Err((loc, "not a JSON number".into()));
            }
        }
        Ok(self.s.get(start..self.pos).unwrap_or("").to_string())
    }

    fn hex4(&mut self) -> JResult<u32> {
        let loc = self.loc();
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self
                .bump()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| (loc, "`\\u` needs four hex digits".to_string()))?;
            v = v * 16 + d;
        }
        Ok(v)
    }

    fn string(&mut self) -> JResult<String> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            let loc = self.loc();
            match self.bump() {
                None => return Err((loc, "the string does not end".into())),
                Some('"') => return Ok(out),
                Some('\\') => {
                    let c = match self.bump() {
                        Some('"') => '"',
                        Some('\\') => '\\',
                        Some('/') => '/',
                        Some('b') => '\u{8}',
                        Some('f') => '\u{c}',
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('t') => '\t',
                        Some('u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair.
                                if self.s.get(self.pos..).is_some_and(|r| r.starts_with("\\u")) {
                                    self.bump();
                                    self.bump();
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                    } else {
                                        return Err((loc, "a high surrogate not followed by a low one".into()));
                                    }
                                } else {
                                    return Err((loc, "a high surrogate not followed by a low one".into()));
                                }
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| (loc, format!("`\\u{hi:04x}` is not a character")))?
                        }
                        _ => return Err((loc, "not a JSON escape".into())),
                    };
                    out.push(c);
                }
                Some(c) if (c as u32) < 0x20 => {
                    return Err((loc, format!("control character U+{:04X} inside a string", c as u32)));
                }
                Some(c) => out.push(c),
            }
        }
    }
}

/// Turns JSON values into model values, reporting misfits.
struct JsonMapper<'f> {
    file: &'f str,
    diags: Vec<Diagnostic>,
}

impl JsonMapper<'_> {
    fn push(&mut self, severity: Severity, loc: Loc, msg: impl Into<String>) {
        match self.diags.len() {
            n if n < MAX_DIAGS => self.diags.push(diag(self.file, severity, loc, msg)),
            n if n == MAX_DIAGS => self.diags.push(too_many(self.file, loc)),
            _ => {}
        }
    }

    fn misfit(&mut self, j: &J, key: &str, want: &str) {
        self.push(Severity::Error, j.loc, format!("`{key}` is {}, not {want}; not read", j.v.kind()));
    }

    /// The string's text; `""` (the kernel's NULL) gives `None`.
    fn text(&mut self, j: &J, key: &str) -> Option<Text> {
        match &j.v {
            Jv::Str(s) => text_at(s, Loc::new(j.loc.line, j.loc.col.saturating_add(1))),
            Jv::Null => None,
            _ => {
                self.misfit(j, key, "a string");
                None
            }
        }
    }

    fn string(&mut self, j: &J, key: &str) -> String {
        self.text(j, key).map(|t| t.text).unwrap_or_default()
    }

    /// A number or a number written as a string (`"0x21"`, or C text kapi
    /// could not resolve); 0 gives `None`.
    fn value(&mut self, j: &J, key: &str) -> Option<Value> {
        let (raw, loc) = match &j.v {
            Jv::Num(n) => (n.as_str(), j.loc),
            Jv::Str(s) => (s.as_str(), Loc::new(j.loc.line, j.loc.col.saturating_add(1))),
            Jv::Null => return None,
            _ => {
                self.misfit(j, key, "a number");
                return None;
            }
        };
        if raw.is_empty() {
            return None;
        }
        let v = Value::parse(raw, loc);
        if matches!(j.v, Jv::Num(_)) && v.resolved.is_none() {
            self.push(Severity::Error, j.loc, format!("`{key}` is `{raw}`, not an integer kapi can hold; not read"));
            return None;
        }
        (v.resolved != Some(0)).then_some(v)
    }

    /// An integer field of the given C width.
    fn int<T: TryFrom<i128>>(&mut self, j: &J, key: &str) -> Option<T> {
        let v = self.value(j, key)?;
        let n = v.resolved?;
        match T::try_from(n) {
            Ok(x) => Some(x),
            Err(_) => {
                self.push(Severity::Error, j.loc, format!("`{key}` is {n}, out of range for its field; not read"));
                None
            }
        }
    }

    fn bits<E: KapiEnum>(&mut self, j: &J, key: &str) -> Option<FlagSet<E>> {
        let v = self.value(j, key)?;
        let Some(bits) = v.as_u64_bits() else {
            self.push(Severity::Error, j.loc, format!("`{key}` is not a bit mask; not read"));
            return None;
        };
        let known = bits_to_members::<E>(bits);
        let covered = known.iter().fold(0, |a, m| a | m.number());
        Some(FlagSet { raw: v.raw, loc: v.loc, known, literal_bits: bits & !covered, unknown: Vec::new() })
    }

    fn truth(&mut self, j: &J, key: &str) -> Option<Truth> {
        match &j.v {
            Jv::Bool(true) => Some(Truth { raw: "true".into(), loc: j.loc, value: Some(TruthValue::Yes) }),
            Jv::Bool(false) | Jv::Null => None,
            _ => {
                self.misfit(j, key, "a boolean");
                None
            }
        }
    }

    fn token<E: KapiEnum>(&mut self, j: &J, key: &str) -> Option<Token<E>> {
        let t = self.text(j, key)?;
        if let Some(d) = unknown_word::<E>(self.file, &t.text, t.loc) {
            self.push(d.severity, d.loc, d.message);
        }
        Some(Token { value: E::parse(&t.text), raw: t.text, loc: t.loc })
    }

    /// An enum stored as a number (a signal's `action`), or its word.
    fn numbered<E: KapiEnum>(&mut self, j: &J, key: &str) -> Option<Token<E>> {
        match &j.v {
            Jv::Num(n) => {
                let value = n.parse::<u64>().ok().and_then(E::from_number);
                if value.is_none() {
                    self.push(
                        Severity::Warning,
                        j.loc,
                        format!("`{key}` {n} is not a {} number; kept as written", E::FAMILY),
                    );
                }
                Some(Token { raw: n.clone(), loc: j.loc, value })
            }
            _ => self.token(j, key),
        }
    }

    fn objects<'j>(&mut self, j: &'j J, key: &str) -> Vec<&'j [(String, Loc, J)]> {
        match &j.v {
            Jv::Arr(items) => items
                .iter()
                .filter_map(|i| match &i.v {
                    Jv::Obj(m) => Some(m.as_slice()),
                    _ => {
                        self.misfit(i, key, "an object");
                        None
                    }
                })
                .collect(),
            Jv::Null => Vec::new(),
            _ => {
                self.misfit(j, key, "an array");
                Vec::new()
            }
        }
    }

    /// Walks an object's members: known keys once each, unknown keys kept
    /// in `extra` and reported.
    fn members<'j>(
        &mut self,
        obj: &'j [(String, Loc, J)],
        known: &[&str],
        extra: &mut Vec<Attr>,
        what: &str,
    ) -> Vec<(&'j str, &'j J)> {
        let mut out: Vec<(&str, &J)> = Vec::new();
        for (k, kloc, v) in obj {
            if !known.contains(&k.as_str()) {
                self.push(Severity::Warning, *kloc, format!("unknown key `{k}` in {what}; kept as written"));
                extra.push(Attr { key: k.clone(), value: Text::new(json_text(v), v.loc) });
            } else if out.iter().any(|(o, _)| o == k) {
                self.push(Severity::Warning, *kloc, format!("second `{k}` in {what}; the first is kept"));
                if let Some(d) = self.diags.last_mut() {
                    d.notes.push(format!("ignored value: {}", json_text(v)));
                }
            } else {
                out.push((k.as_str(), v));
            }
        }
        out
    }
}

/// A JSON value written back compactly, for keeping unknown members.
fn json_text(j: &J) -> String {
    fn go(j: &J, out: &mut String) {
        match &j.v {
            Jv::Null => out.push_str("null"),
            Jv::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Jv::Num(n) => out.push_str(n),
            Jv::Str(s) => quote(s, out),
            Jv::Arr(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(x, out);
                }
                out.push(']');
            }
            Jv::Obj(m) => {
                out.push('{');
                for (i, (k, _, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote(k, out);
                    out.push(':');
                    go(x, out);
                }
                out.push('}');
            }
        }
    }
    fn quote(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    let mut out = String::new();
    go(j, &mut out);
    out
}

const TOP_KEYS: &[&str] = &[
    "name",
    "version",
    "description",
    "long_description",
    "context_flags",
    "parameters",
    "return",
    "errors",
    "locks",
    "capabilities",
    "constraints",
    "signals",
    "side_effects",
    "examples",
    "notes",
];

/// Parses one `specs-json/<name>` file (`kapi_export_json()` output).
pub fn parse_json(file: &str, text: &str) -> (Option<Spec>, Vec<Diagnostic>) {
    if let Some(d) = nul_check(file, text) {
        return (None, vec![d]);
    }
    let mut r = JsonReader { s: text, pos: 0, line: 1, col: 1, values: 0 };
    let root = match r.value(0) {
        Ok(v) => v,
        Err((loc, msg)) => return (None, vec![diag(file, Severity::Error, loc, format!("not JSON: {msg}"))]),
    };
    let mut m = JsonMapper { file, diags: Vec::new() };
    r.ws();
    if r.pos < text.len() {
        m.push(Severity::Error, r.loc(), "text after the JSON object; not read");
    }
    let Jv::Obj(members) = &root.v else {
        m.push(Severity::Error, root.loc, format!("the file holds {}, not a spec object", root.v.kind()));
        return (None, m.diags);
    };
    let mut spec =
        Spec { origin: Origin { file: file.to_string(), loc: root.loc, ..Origin::default() }, ..Spec::default() };
    let mut extra = Vec::new();
    let mut named = false;
    for (k, j) in m.members(members, TOP_KEYS, &mut extra, "the spec") {
        match k {
            "name" => {
                if let Some(t) = m.text(j, k) {
                    spec.name = t.text;
                    named = true;
                }
            }
            "version" => {
                if !matches!(&j.v, Jv::Num(n) if n == "1") {
                    m.push(Severity::Warning, j.loc, format!("version `{}`; every KAPI version has 1", json_text(j)));
                    extra.push(Attr { key: "version".into(), value: Text::new(json_text(j), j.loc) });
                }
            }
            "description" => spec.description = m.text(j, k),
            "long_description" => spec.long_desc = m.text(j, k),
            "context_flags" => spec.contexts = m.bits(j, k),
            "parameters" => {
                for (i, p) in m.objects(j, k).into_iter().enumerate() {
                    let param = json_param(&mut m, p, i);
                    spec.params.push(param);
                }
            }
            "return" => match &j.v {
                Jv::Obj(r) => spec.ret = Some(json_return(&mut m, r, j.loc)),
                _ => m.misfit(j, k, "an object"),
            },
            "errors" => {
                for e in m.objects(j, k) {
                    let loc = e.first().map_or(j.loc, |f| f.1);
                    let mut err = ErrorSpec { loc, ..ErrorSpec::default() };
                    for (k, v) in
                        m.members(e, &["code", "name", "condition", "description"], &mut err.extra, "an error")
                    {
                        match k {
                            "code" => match &v.v {
                                Jv::Str(_) => err.code_raw = m.value(v, k),
                                _ => err.code = m.int::<i32>(v, k),
                            },
                            "name" => err.name = m.string(v, k),
                            "condition" => err.summary = m.text(v, k),
                            _ => err.desc = m.text(v, k),
                        }
                    }
                    spec.errors.push(err);
                }
            }
            "locks" => {
                for l in m.objects(j, k) {
                    let loc = l.first().map_or(j.loc, |f| f.1);
                    let mut lock = LockSpec { loc, ..LockSpec::default() };
                    for (k, v) in m.members(l, &["name", "type", "scope", "description"], &mut lock.extra, "a lock") {
                        match k {
                            "name" => lock.name = m.string(v, k),
                            "type" => lock.kind = m.token(v, k),
                            "scope" => lock.scope = m.token(v, k),
                            _ => lock.desc = m.text(v, k),
                        }
                    }
                    spec.locks.push(lock);
                }
            }
            "capabilities" => {
                for c in m.objects(j, k) {
                    spec.capabilities.push(json_capability(&mut m, c, j.loc));
                }
            }
            "constraints" => {
                for c in m.objects(j, k) {
                    let loc = c.first().map_or(j.loc, |f| f.1);
                    let mut con = Constraint { loc, ..Constraint::default() };
                    for (k, v) in m.members(c, &["name", "description", "expression"], &mut con.extra, "a constraint") {
                        match k {
                            "name" => con.name = m.text(v, k).unwrap_or_else(|| Text::new("", v.loc)),
                            "description" => con.desc = m.text(v, k),
                            _ => con.expr = m.text(v, k),
                        }
                    }
                    spec.constraints.push(con);
                }
            }
            "signals" => {
                for s in m.objects(j, k) {
                    spec.signals.push(json_signal(&mut m, s, j.loc));
                }
            }
            "side_effects" => {
                for e in m.objects(j, k) {
                    let loc = e.first().map_or(j.loc, |f| f.1);
                    let mut fx = SideEffect {
                        loc,
                        kinds: FlagSet {
                            raw: String::new(),
                            loc,
                            known: Vec::new(),
                            literal_bits: 0,
                            unknown: Vec::new(),
                        },
                        target: None,
                        desc: None,
                        condition: None,
                        reversible: None,
                        extra: Vec::new(),
                    };
                    let mut extra = Vec::new();
                    let keys = ["type", "target", "condition", "description", "reversible"];
                    for (k, v) in m.members(e, &keys, &mut extra, "a side effect") {
                        match k {
                            "type" => {
                                if let Some(b) = m.bits(v, k) {
                                    fx.kinds = b;
                                }
                            }
                            "target" => fx.target = m.text(v, k),
                            "condition" => fx.condition = m.text(v, k),
                            "description" => fx.desc = m.text(v, k),
                            _ => fx.reversible = m.truth(v, k),
                        }
                    }
                    fx.extra = extra;
                    spec.side_effects.push(fx);
                }
            }
            "examples" => spec.examples = m.text(j, k),
            _ => spec.notes = m.text(j, k),
        }
    }
    spec.extra = extra;
    if !named {
        m.push(Severity::Error, root.loc, "no `name`: not a KAPI spec");
        return (None, m.diags);
    }
    spec.kind = Some(ApiKind::from_name(&spec.name));
    (Some(spec), m.diags)
}

fn json_param(m: &mut JsonMapper<'_>, obj: &[(String, Loc, J)], index: usize) -> Param {
    let loc = obj.first().map_or_else(Loc::default, |f| f.1);
    let mut p = Param { index, loc, has_block: true, ..Param::default() };
    let mut extra = Vec::new();
    for (k, v) in m.members(obj, &["name", "type", "type_class", "flags", "description"], &mut extra, "a parameter") {
        match k {
            "name" => p.name = m.string(v, k),
            "type" => p.ctype = m.text(v, k).map(|t| t.text),
            "type_class" => p.kind = m.token(v, k),
            "flags" => p.flags = m.bits(v, k),
            _ => p.description = m.text(v, k),
        }
    }
    p.extra = extra;
    p
}

fn json_return(m: &mut JsonMapper<'_>, obj: &[(String, Loc, J)], loc: Loc) -> ReturnSpec {
    let mut r = ReturnSpec { loc, ..ReturnSpec::default() };
    let mut extra = Vec::new();
    let keys = [
        "type",
        "type_class",
        "check_type",
        "success_value",
        "success_min",
        "success_max",
        "error_count",
        "description",
    ];
    let mut exact: Option<Value> = None;
    for (k, v) in m.members(obj, &keys, &mut extra, "the return spec") {
        match k {
            "type" => r.type_name = m.text(v, k),
            "type_class" => r.kind = m.token(v, k),
            "check_type" => r.check = m.token(v, k),
            "success_value" => {
                exact = Some(m.value(v, k).unwrap_or_else(|| Value { loc: v.loc, ..Value::literal(0) }));
            }
            "success_min" => r.success_min = m.value(v, k),
            "success_max" => r.success_max = m.value(v, k),
            "error_count" => {
                if let Some(n) = m.int::<u32>(v, k) {
                    extra.push(Attr { key: "error_count".into(), value: Text::new(n.to_string(), v.loc) });
                }
            }
            _ => r.desc = m.text(v, k),
        }
    }
    if let Some(value) = exact {
        r.success = Some(Success { raw: format!("== {}", value.raw), loc: value.loc, op: CmpOp::Eq, value });
    }
    r.extra = extra;
    r
}

fn json_capability(m: &mut JsonMapper<'_>, obj: &[(String, Loc, J)], at_loc: Loc) -> Capability {
    let loc = obj.first().map_or(at_loc, |f| f.1);
    let mut c = Capability { loc, ..Capability::default() };
    let mut extra = Vec::new();
    let keys = ["capability", "name", "action", "allows", "without_cap", "check_condition", "priority", "alternatives"];
    let mut cap_name: Option<Text> = None;
    for (k, v) in m.members(obj, &keys, &mut extra, "a capability") {
        match k {
            "capability" => match &v.v {
                Jv::Str(s) => {
                    c.cap = s.clone();
                    c.number = tables::capability(s.trim());
                }
                _ => {
                    let n = if matches!(&v.v, Jv::Num(z) if z == "0") { Some(0) } else { m.int::<i32>(v, k) };
                    if let Some(n) = n {
                        c.number = Some(n);
                        c.cap = tables::capability_name(n).map_or_else(|| n.to_string(), str::to_string);
                    }
                }
            },
            "name" => cap_name = m.text(v, k),
            "action" => c.action = m.token(v, k),
            "allows" => c.allows = m.text(v, k),
            "without_cap" => c.without = m.text(v, k),
            "check_condition" => c.condition = m.text(v, k),
            "priority" => c.priority = m.value(v, k),
            _ => match &v.v {
                Jv::Arr(items) => {
                    for i in items {
                        match m.value(i, k) {
                            Some(x) => c.alternatives.push(x),
                            None if matches!(i.v, Jv::Num(_)) => {
                                c.alternatives.push(Value { loc: i.loc, ..Value::literal(0) })
                            }
                            None => {}
                        }
                    }
                }
                _ => m.misfit(v, k, "an array"),
            },
        }
    }
    c.name = cap_name.filter(|n| n.text != c.cap);
    c.extra = extra;
    c
}

fn json_signal(m: &mut JsonMapper<'_>, obj: &[(String, Loc, J)], at_loc: Loc) -> SignalSpec {
    let loc = obj.first().map_or(at_loc, |f| f.1);
    let mut s = SignalSpec { loc, ..SignalSpec::default() };
    let mut extra = Vec::new();
    let keys = [
        "signal_num",
        "signal_name",
        "direction",
        "action",
        "target",
        "condition",
        "description",
        "restartable",
        "sa_flags_required",
        "sa_flags_forbidden",
        "error_on_signal",
        "transform_to",
        "timing",
        "priority",
        "interruptible",
        "queue_behavior",
        "state_required",
        "state_forbidden",
    ];
    let mut number = None;
    for (k, v) in m.members(obj, &keys, &mut extra, "a signal") {
        match k {
            "signal_num" => number = m.int::<i32>(v, k),
            "signal_name" => s.name = m.string(v, k),
            "direction" => s.direction = m.bits(v, k),
            "action" => s.action = m.numbered(v, k),
            "target" => s.target = m.text(v, k),
            "condition" => s.condition = m.text(v, k),
            "description" => s.desc = m.text(v, k),
            "restartable" => s.restartable = m.truth(v, k),
            "sa_flags_required" => s.sa_flags_required = m.value(v, k),
            "sa_flags_forbidden" => s.sa_flags_forbidden = m.value(v, k),
            "error_on_signal" => {
                s.errno = match &v.v {
                    Jv::Str(t) if !t.is_empty() => {
                        Some(ErrnoRef::parse(t, Loc::new(v.loc.line, v.loc.col.saturating_add(1))))
                    }
                    _ => m.int::<i32>(v, k).map(|code| ErrnoRef {
                        raw: code.to_string(),
                        loc: v.loc,
                        name: code.checked_neg().and_then(tables::errno_name).map(str::to_string),
                        code: Some(code),
                    }),
                }
            }
            "transform_to" => s.transform_to = m.value(v, k),
            "timing" => s.timing = m.token(v, k),
            "priority" => s.priority = m.value(v, k),
            "interruptible" => s.interruptible = m.truth(v, k),
            "queue_behavior" => s.queue = m.token(v, k),
            "state_required" => s.state_required = m.bits(v, k),
            _ => s.state_forbidden = m.bits(v, k),
        }
    }
    s.number = number.or_else(|| tables::signal(s.name.trim()));
    s.extra = extra;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_head_takes_the_first_closing_paren() {
        assert_eq!(split_head("EBADF (-9): bad (x): y"), Some(("EBADF", "-9", "bad (x): y")));
        assert_eq!(split_head("mmap_lock (write) (rwlock): d"), Some(("mmap_lock (write)", "rwlock", "d")));
        assert_eq!(split_head("SIGKILL (9):"), Some(("SIGKILL", "9", "")));
        assert_eq!(split_head("no parens"), None);
    }

    #[test]
    fn json_reader_counts_columns_in_characters() {
        let (spec, diags) = parse_json("x", "{\"name\": \"é\", \"description\": 5}");
        assert!(spec.is_some());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].loc, Loc::new(1, 30));
    }
}
