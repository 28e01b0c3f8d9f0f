//! Finding the C definition that follows a spec comment.

use kapi_model::{CArg, Definition, DefinitionKind, Loc};

/// How many non-blank lines after a comment may hold the definition.
pub const WINDOW: usize = 10;

const ATTRIBUTE_CALLS: &[&str] = &[
    "__printf",
    "__scanf",
    "__attribute__",
    "__aligned",
    "__section",
    "__must_hold",
    "__acquires",
    "__releases",
    "__cond_acquires",
    "__cond_releases",
    "__diag_ignore",
    "__no_sanitize_address",
    "__alloc_size",
    "__malloc",
    "__nonstring",
    "__counted_by",
    "__weak",
    "__cleanup",
];

const NOT_FUNCTIONS: &[&str] = &["if", "for", "while", "switch", "return", "sizeof", "typeof", "do", "__typeof__"];

/// Looks for a definition in `after` (the text following `*/`), whose first
/// byte is at line `line` (1-based), starting at `col`.
pub fn find_definition(after: &str, line: u32) -> Option<Definition> {
    let mut nonblank = 0;
    let mut offset = 0;
    for (this_line, raw) in (line..).zip(after.split_inclusive('\n')) {
        let t = raw.trim();
        let this_off = offset;
        offset += raw.len();
        if t.is_empty() {
            continue;
        }
        nonblank += 1;
        if nonblank > WINDOW || t.starts_with("/*") || t.starts_with("*/") {
            return None;
        }
        if t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let col = raw[..lead].chars().count() as u32 + 1;
        let rest = &after[this_off + lead..];
        return parse_definition(rest, Loc::new(this_line, col));
    }
    None
}

/// Parses a definition starting at the beginning of `s`.
pub fn parse_definition(s: &str, loc: Loc) -> Option<Definition> {
    let proto = take_prototype(s)?;
    let norm = normalize(proto);
    for (macro_name, kind, prefix) in [
        ("COMPAT_SYSCALL_DEFINE", DefinitionKind::CompatSyscall, "compat_sys_"),
        ("SYSCALL_DEFINE", DefinitionKind::Syscall, "sys_"),
    ] {
        if let Some(rest) = norm.strip_prefix(macro_name) {
            let open = rest.find('(')?;
            let digits = rest[..open].trim();
            if !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            // A definition cut off by the end of the text keeps the arguments it has.
            let closed = inner_parens(&rest[open..]);
            let complete = closed.is_some();
            let inner = closed.unwrap_or_else(|| rest[open + 1..].trim_end().trim_end_matches(','));
            let parts = split_top(inner);
            let name = parts.first()?.trim().to_string();
            let mut args = Vec::new();
            for pair in parts[1..].chunks(2).filter(|p| !p[0].trim().is_empty()) {
                let ctype = pair[0].trim().to_string();
                let aname = pair.get(1).map(|s| s.trim().to_string()).unwrap_or_default();
                args.push(CArg { ctype, name: aname });
            }
            return Some(Definition {
                kind,
                name: format!("{prefix}{name}"),
                loc,
                prototype: norm.clone(),
                args,
                complete,
            });
        }
    }
    parse_function(&norm, loc)
}

/// The prototype text: up to a top-level `{` or `;`, or the end of the first
/// balanced parameter list followed by a line end.
fn take_prototype(s: &str) -> Option<&str> {
    let mut depth = 0i32;
    let mut seen_paren = false;
    for (i, c) in s.char_indices() {
        match c {
            '(' => {
                depth += 1;
                seen_paren = true;
            }
            ')' => depth -= 1,
            '{' | ';' if depth <= 0 => return Some(&s[..i]),
            '=' if depth <= 0 => return None,
            _ => {}
        }
        if depth < 0 || i > 4096 {
            return None;
        }
        if seen_paren && depth == 0 && c == ')' && s[i + 1..].trim_start_matches([' ', '\t']).starts_with(['\n', '\r'])
        {
            let tail = s[i + 1..].trim_start();
            if !tail.starts_with('{') && !tail.starts_with(';') && !tail.starts_with("__") {
                return Some(&s[..=i]);
            }
        }
    }
    seen_paren.then_some(s)
}

fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.replace("( ", "(").replace(" )", ")")
}

fn inner_parens(s: &str) -> Option<&str> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[1..i]);
                }
            }
            _ => {}
        }
    }
    None
}

fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn parse_function(norm: &str, loc: Loc) -> Option<Definition> {
    let b = norm.as_bytes();
    let mut search = 0;
    while let Some(rel) = norm[search..].find('(') {
        let open = search + rel;
        let end = norm[..open].trim_end().len();
        let mut start = end;
        while start > 0 && is_ident_byte(b[start - 1]) {
            start -= 1;
        }
        let name = &norm[start..end];
        let inner = inner_parens(&norm[open..])?;
        let is_name = !name.is_empty()
            && !name.as_bytes()[0].is_ascii_digit()
            && !ATTRIBUTE_CALLS.contains(&name)
            && !NOT_FUNCTIONS.contains(&name)
            && !name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if is_name {
            let head = norm[..start].trim();
            if head.is_empty() || head.ends_with(['=', ',', '(']) {
                return None;
            }
            let args: Vec<CArg> = split_top(inner)
                .into_iter()
                .map(str::trim)
                .filter(|a| !a.is_empty() && *a != "void")
                .map(split_decl)
                .collect();
            let ioctl = name.ends_with("_ioctl")
                || (args.len() == 3 && args[0].ctype.contains("struct file") && args[1].name == "cmd");
            let kind = if ioctl { DefinitionKind::Ioctl } else { DefinitionKind::Function };
            return Some(Definition {
                kind,
                name: name.to_string(),
                loc,
                prototype: norm.to_string(),
                args,
                complete: true,
            });
        }
        search = open + 1 + inner.len();
        if search >= norm.len() {
            break;
        }
    }
    None
}

/// Splits `const char __user *filename` into type and name.
fn split_decl(decl: &str) -> CArg {
    if decl == "..." {
        return CArg { ctype: "...".into(), name: String::new() };
    }
    // Function pointer: `int (*fn)(void *)`.
    if let Some(p) = decl.find("(*") {
        let after = &decl[p + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let name = after[..end].trim().to_string();
        let ctype = format!("{}(*){}", &decl[..p], &after[end.saturating_add(1).min(after.len())..]);
        return CArg { ctype: ctype.trim().to_string(), name };
    }
    let (core, array) = match decl.find('[') {
        Some(i) => (&decl[..i], &decl[i..]),
        None => (decl, ""),
    };
    let core = core.trim_end();
    let b = core.as_bytes();
    let mut start = core.len();
    while start > 0 && is_ident_byte(b[start - 1]) {
        start -= 1;
    }
    let name = &core[start..];
    let ty = core[..start].trim_end();
    if ty.is_empty() || ty.ends_with("struct") || ty.ends_with("union") || ty.ends_with("enum") {
        // No name: the whole thing is a type.
        return CArg { ctype: decl.to_string(), name: String::new() };
    }
    let mut ctype = ty.to_string();
    if !array.is_empty() {
        ctype.push(' ');
        ctype.push_str(array);
    }
    CArg { ctype, name: name.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syscall_define() {
        let d =
            parse_definition("SYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)\n{", Loc::new(5, 1)).unwrap();
        assert_eq!(d.name, "sys_mlock");
        assert_eq!(d.kind, DefinitionKind::Syscall);
        assert_eq!(d.args[1].decl(), "size_t len");
    }

    #[test]
    fn compat_is_a_different_name() {
        let d = parse_definition(
            "COMPAT_SYSCALL_DEFINE3(open, const char __user *, filename, int, flags,\n\tumode_t, mode)",
            Loc::new(1, 1),
        )
        .unwrap();
        assert_eq!(d.name, "compat_sys_open");
        assert_eq!(d.args[0].decl(), "const char __user * filename");
    }

    #[test]
    fn multi_line_syscall() {
        let d = find_definition("\nSYSCALL_DEFINE5(execveat,\n\t\tint, fd, const char __user *, filename,\n\t\tconst char __user *const __user *, argv,\n\t\tconst char __user *const __user *, envp,\n\t\tint, flags)\n{\n", 10).unwrap();
        assert_eq!(d.name, "sys_execveat");
        assert_eq!(d.args.len(), 5);
        assert_eq!(d.loc, Loc::new(11, 1));
        assert_eq!(d.args[2].ctype, "const char __user *const __user *");
    }

    #[test]
    fn functions_with_attributes() {
        let d = parse_definition("static int __init kapi_init(void)\n{", Loc::new(1, 1)).unwrap();
        assert_eq!(d.name, "kapi_init");
        assert!(d.args.is_empty());
        let d = parse_definition(
            "long binder_ioctl(struct file *filp, unsigned int cmd,\n unsigned long arg)\n{",
            Loc::new(1, 1),
        )
        .unwrap();
        assert_eq!(d.kind, DefinitionKind::Ioctl);
        assert_eq!(d.args[0].decl(), "struct file * filp");
        let d = parse_definition("static __printf(2, 3) void log_it(int level, const char *fmt, ...);", Loc::new(1, 1))
            .unwrap();
        assert_eq!(d.name, "log_it");
        assert_eq!(d.args.len(), 3);
    }

    #[test]
    fn not_definitions() {
        assert!(
            find_definition("\nstruct foo {\n", 1).is_none()
                || find_definition("\nstruct foo {\n", 1).is_some_and(|d| d.name != "foo")
        );
        assert!(find_definition("\n/* another comment */\nint f(void);", 1).is_none());
        assert!(find_definition("", 1).is_none());
        assert!(parse_definition("static int x = f(3);", Loc::new(1, 1)).is_none());
    }

    #[test]
    fn declarators() {
        assert_eq!(split_decl("int (*fn)(void *)").name, "fn");
        assert_eq!(split_decl("char buf[16]").ctype, "char [16]");
        assert_eq!(split_decl("struct file *").name, "");
    }
}
