//! Reading the new side of patches and mbox files.
//!
//! A patch becomes one virtual file per patched path. The virtual text has
//! the patch's own line numbers and columns: added lines keep their text with
//! the `+` replaced by a space, context lines stay, and everything else
//! (headers, removed lines, mail text, quoted replies) becomes an empty line.
//! So every location the parser reports is already a location in the patch;
//! [`VirtualFile::target_line`] maps it into the patched kernel file.

/// The new side of one patched file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VirtualFile {
    /// The path the patch names for the new file (`mm/mlock.c`).
    pub target: String,
    /// Text with the patch's line numbering (see the module docs).
    pub text: String,
    /// `(patch line, new-file line)` for each new-side line, in order.
    pub lines: Vec<(u32, u32)>,
}

impl VirtualFile {
    /// The line in the patched file that patch line `patch_line` becomes.
    pub fn target_line(&self, patch_line: u32) -> Option<u32> {
        let i = self.lines.binary_search_by_key(&patch_line, |(p, _)| *p).ok()?;
        Some(self.lines[i].1)
    }
}

/// Whether `text` looks like a patch or an mbox holding one.
pub fn is_patch(text: &str) -> bool {
    is_patch_bytes(text.as_bytes())
}

/// [`is_patch`] on raw bytes: a `+++ ` line and a `@@ -` line, found with
/// memmem (the check runs on every file of a tree).
pub fn is_patch_bytes(b: &[u8]) -> bool {
    let at_line_start =
        |needle: &[u8]| b.starts_with(needle) || memchr::memmem::find(b, &[b"\n", needle].concat()).is_some();
    at_line_start(b"@@ -") && at_line_start(b"+++ ")
}

fn parse_hunk_header(line: &str) -> Option<(u32, u32, u32)> {
    // @@ -a[,b] +c[,d] @@
    let rest = line.strip_prefix("@@ -")?;
    let (old, rest) = rest.split_once(' ')?;
    let new = rest.strip_prefix('+')?.split(' ').next()?;
    let count = |s: &str| -> Option<(u32, u32)> {
        match s.split_once(',') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => Some((s.parse().ok()?, 1)),
        }
    };
    let (_, old_n) = count(old)?;
    let (new_start, new_n) = count(new)?;
    Some((old_n, new_start, new_n))
}

fn target_of(line: &str) -> Option<String> {
    let p = line.strip_prefix("+++ ")?.split('\t').next()?.trim();
    if p == "/dev/null" {
        return None;
    }
    let p = p.strip_prefix("b/").unwrap_or(p);
    Some(p.to_string())
}

struct Building {
    target: String,
    first_line: u32,
    text: String,
    /// Lines in `text` so far.
    count: u32,
    lines: Vec<(u32, u32)>,
}

/// Splits a patch or mbox into virtual files, one per patched file section.
pub fn extract(text: &str) -> Vec<VirtualFile> {
    let mut out = Vec::new();
    let mut cur: Option<Building> = None;
    // (old lines left, new lines left, next new-file line)
    let mut hunk: Option<(u32, u32, u32)> = None;
    let mut target: Option<String> = None;
    let finish = |b: Option<Building>, out: &mut Vec<VirtualFile>| {
        if let Some(b) = b {
            if !b.lines.is_empty() {
                let mut t = "\n".repeat(b.first_line.saturating_sub(1) as usize);
                t.push_str(&b.text);
                out.push(VirtualFile { target: b.target, text: t, lines: b.lines });
            }
        }
    };
    for (i, line) in text.split('\n').enumerate() {
        let n = i as u32 + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some((old_left, new_left, next)) = hunk.as_mut() {
            let b = cur.as_mut().expect("a hunk always has a file");
            if line == "--" || line == "-- " || line.starts_with("diff --git ") || line.starts_with("@@ -") {
                hunk = None;
            } else {
                match line.as_bytes().first() {
                    Some(b'+') => {
                        b.text.push(' ');
                        b.text.push_str(&line[1..]);
                        b.lines.push((n, *next));
                        *next += 1;
                        *new_left = new_left.saturating_sub(1);
                    }
                    Some(b'-') => *old_left = old_left.saturating_sub(1),
                    Some(b'\\') => {}
                    _ => {
                        // Context, with its leading space or (web archives) without it.
                        b.text.push_str(line);
                        b.lines.push((n, *next));
                        *next += 1;
                        *new_left = new_left.saturating_sub(1);
                        *old_left = old_left.saturating_sub(1);
                    }
                }
                b.text.push('\n');
                b.count += 1;
                if *old_left == 0 && *new_left == 0 {
                    hunk = None;
                }
                continue;
            }
        }
        if line.starts_with("diff --git ") {
            finish(cur.take(), &mut out);
            target = None;
        } else if line.starts_with("+++ ") {
            finish(cur.take(), &mut out);
            target = target_of(line);
        } else if let Some(h) = parse_hunk_header(line) {
            if let Some(t) = &target {
                if cur.as_ref().is_none_or(|b| &b.target != t) {
                    finish(cur.take(), &mut out);
                    cur = Some(Building {
                        target: t.clone(),
                        first_line: n + 1,
                        text: String::new(),
                        count: 0,
                        lines: Vec::new(),
                    });
                }
                let b = cur.as_mut().expect("just set");
                // Fill the gap since the last hunk with empty lines.
                let have = b.first_line + b.count;
                for _ in have..=n {
                    b.text.push('\n');
                    b.count += 1;
                }
                hunk = Some((h.0, h.2, h.1));
            }
        }
    }
    finish(cur.take(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "From: a\nSubject: x\n---\ndiff --git a/mm/x.c b/mm/x.c\n--- a/mm/x.c\n+++ b/mm/x.c\n@@ -10,3 +10,5 @@ int f(void)\n ctx\n-old\n+/**\n+ * new\n+ */\n ctx2\n-- \n2.1\n";

    #[test]
    fn keeps_patch_line_numbers() {
        assert!(is_patch(PATCH));
        let v = extract(PATCH);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].target, "mm/x.c");
        let lines: Vec<&str> = v[0].text.split('\n').collect();
        assert_eq!(lines[9], " /**");
        assert_eq!(lines[10], "  * new");
        assert_eq!(lines[8], "");
        assert_eq!(v[0].target_line(10), Some(11));
        assert_eq!(v[0].target_line(8), Some(10));
        assert_eq!(v[0].target_line(9), None);
    }

    #[test]
    fn quoted_replies_are_dropped() {
        let q = "> diff --git a/a.c b/a.c\n> --- a/a.c\n> +++ b/a.c\n> @@ -1,1 +1,2 @@\n> +int x;\n";
        assert!(extract(q).is_empty());
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in ["@@ -1 +1 @@\n+x", "+++ b/a\n@@ -x +y @@\n", "+++ b/a\n@@ -1,0 +1,99999999 @@\n+a\n"] {
            let _ = extract(s);
        }
    }
}
