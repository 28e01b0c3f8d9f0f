//! Helpers shared by the vmlinux tests: finding `cc`, building ELF fixtures
//! from generated headers, and the kernel environment those headers expect.
#![allow(dead_code)]

use kapi_render::apispec::Layout;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The C fixture headers (`linux/kernel_api_spec.h` and the stubs).
pub fn fixture_include() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/c")
}

/// Whether the system `cc` works. When it does not, says so loudly; with
/// `KAPI_REQUIRE_TOOLS=1` that is a failure instead.
pub fn have_cc() -> bool {
    static CC: OnceLock<bool> = OnceLock::new();
    let ok = *CC.get_or_init(|| Command::new("cc").arg("--version").output().is_ok_and(|o| o.status.success()));
    if !ok {
        let msg = "\n!!!!!!!!\n!!! `cc` is not available: the vmlinux round-trip tests are SKIPPED.\n\
                   !!! Install a C compiler, or set KAPI_REQUIRE_TOOLS=1 to make this a failure.\n!!!!!!!!\n";
        if std::env::var("KAPI_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
            panic!("{msg}");
        }
        loud(msg);
    }
    ok
}

/// Reports a skipped test loudly; with `KAPI_REQUIRE_TOOLS=1` it fails instead.
pub fn require_or_skip(why: &str) {
    if std::env::var("KAPI_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("{why}");
    }
    loud(&format!("!!! {why}"));
}

/// Prints to stderr past the test harness's capture, so a skip is seen.
pub fn loud(msg: &str) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(format!("{msg}\n").as_bytes());
}

/// Whether `cc -m32` can build and link a freestanding i386 executable.
pub fn have_cc_m32(dir: &Path) -> bool {
    let src = dir.join("m32-probe.c");
    if std::fs::write(&src, "const int kapi_probe = 1;\n").is_err() {
        return false;
    }
    let obj = dir.join("m32-probe.o");
    let elf = dir.join("m32-probe.elf");
    run(Command::new("cc").args(["-m32", "-c"]).arg(&src).arg("-o").arg(&obj)).is_ok()
        && run(Command::new("cc")
            .args(["-m32", "-nostdlib", "-no-pie", "-static", "-Wl,-e,0", "-o"])
            .arg(&elf)
            .arg(&obj))
        .is_ok()
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr)))
    }
}

/// The `-D` that selects a layout in the fixture header.
pub fn layout_define(layout: Layout) -> Option<&'static str> {
    match layout {
        Layout::Pointer => None,
        Layout::PackedV2 => Some("-DKAPI_LAYOUT_PACKED_V2"),
        Layout::PackedV1 => Some("-DKAPI_LAYOUT_PACKED_V1"),
    }
}

/// Compiles `header` (a generated `.apispec.h`) into `dir/<stem>.o` with
/// `cc -c -O0`, after a prelude that stands in for the rest of the kernel.
pub fn compile(dir: &Path, stem: &str, header: &str, layout: Layout, flags: &[&str]) -> Result<PathBuf, String> {
    let h = dir.join(format!("{stem}.apispec.h"));
    let pre = dir.join(format!("{stem}.prelude.h"));
    let obj = dir.join(format!("{stem}.o"));
    std::fs::write(&h, header).map_err(|e| e.to_string())?;
    std::fs::write(&pre, prelude(header)).map_err(|e| e.to_string())?;
    let mut cmd = Command::new("cc");
    cmd.args(["-x", "c", "-std=gnu11", "-O0", "-nostdinc", "-ffreestanding", "-Wall", "-Werror", "-DCONFIG_X86"])
        .arg("-I")
        .arg(fixture_include())
        .args(layout_define(layout))
        .args(flags)
        .arg("-include")
        .arg(&pre)
        .arg("-c")
        .arg(&h)
        .arg("-o")
        .arg(&obj);
    run(&mut cmd)?;
    Ok(obj)
}

/// How an object is turned into the file that is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// The relocatable object itself.
    Object,
    /// An executable with its own `.kapi_specs` section.
    Section,
    /// An executable whose `.kapi_specs` sits inside `.rodata` between
    /// `__start_kapi_specs` and `__stop_kapi_specs`, as a kernel links it.
    RodataSymbols,
}

/// The linker script of [`Link::RodataSymbols`].
const RODATA_SCRIPT: &str = "SECTIONS
{
  . = 0x400000;
  .text : { *(.text .text.*) }
  .rodata : {
    *(.rodata .rodata.*)
    *(.data.rel.ro .data.rel.ro.*)
    . = ALIGN(32);
    __start_kapi_specs = .;
    KEEP(*(.kapi_specs))
    __stop_kapi_specs = .;
  }
  .data : { *(.data .data.*) }
  .bss : { *(.bss .bss.*) }
}
";

/// Links (or not) `obj` and returns the bytes to read.
pub fn link(obj: &Path, how: Link, flags: &[&str]) -> Result<Vec<u8>, String> {
    let path = match how {
        Link::Object => obj.to_path_buf(),
        Link::Section | Link::RodataSymbols => {
            let elf = obj.with_extension(if how == Link::Section { "elf" } else { "rodata.elf" });
            let mut cmd = Command::new("cc");
            cmd.args(flags).args(["-nostdlib", "-no-pie", "-static", "-Wl,-e,0"]);
            if how == Link::RodataSymbols {
                let script = obj.with_extension("ld");
                std::fs::write(&script, RODATA_SCRIPT).map_err(|e| e.to_string())?;
                cmd.arg(format!("-Wl,-T,{}", script.display()));
            }
            cmd.arg("-o").arg(&elf).arg(obj);
            run(&mut cmd)?;
            elf
        }
    };
    std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Words in a generated header that are not names of kernel constants.
const NOT_CONSTANTS: &[&str] = &[
    "const",
    "sizeof",
    "struct",
    "union",
    "enum",
    "s64",
    "u64",
    "s32",
    "u32",
    "int",
    "long",
    "unsigned",
    "char",
    "short",
    "void",
    "signed",
    "__alignof__",
    "_Alignof",
    "typeof",
    "__typeof__",
];

/// What the kernel's own headers would supply to a generated header: every
/// constant it names that the fixture headers lack, from kapi's x86-64
/// tables, or 0 for names kapi does not know; and an empty definition for
/// every `struct X` it names.
pub fn prelude(header: &str) -> String {
    let code = strip_strings_and_comments(header);
    let mut out = String::new();
    for inc in ["capability", "errno", "fcntl", "kernel_api_spec", "signal", "stat"] {
        out.push_str(&format!("#include <linux/{inc}.h>\n"));
    }
    let mut structs = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeMap::new();
    for line in code.lines() {
        let t = line.trim_start();
        if t.starts_with('#') || t.starts_with("DEFINE_KERNEL_API_SPEC") {
            continue;
        }
        let b = t.as_bytes();
        let mut i = 0;
        let mut prev_word = String::new();
        while i < b.len() {
            if b[i].is_ascii_alphabetic() || b[i] == b'_' {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &t[s..i];
                let designator = s > 0 && b[s - 1] == b'.';
                let call = t[i..].trim_start().starts_with('(');
                if prev_word == "struct" || prev_word == "union" {
                    structs.insert(word.to_string());
                } else if !designator && !word.starts_with("KAPI_") && !NOT_CONSTANTS.contains(&word) {
                    names.entry(word.to_string()).or_insert(call);
                }
                prev_word = word.to_string();
            } else if b[i].is_ascii_digit() {
                while i < b.len() && (b[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                prev_word.clear();
            } else {
                if !b[i].is_ascii_whitespace() {
                    prev_word.clear();
                }
                i += 1;
            }
        }
    }
    for s in &structs {
        out.push_str(&format!("struct {s} {{ int kapi_stub; }};\n"));
    }
    for (name, call) in names {
        if structs.contains(&name) {
            continue;
        }
        let value = kapi_model::tables::constant(&name).map_or_else(|| "0".to_string(), |v| format!("({v})"));
        let head = if call { format!("{name}(...)") } else { name.clone() };
        out.push_str(&format!("#ifndef {name}\n#define {head} {value}\n#endif\n"));
    }
    out
}

/// C text with comments removed and string literals emptied.
fn strip_strings_and_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                out.push(' ');
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
    }
    out
}

/// The spec corpus (`KAPI_CORPUS`, default `/work/shared/corpus`), if present.
pub fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var("KAPI_CORPUS").unwrap_or_else(|_| "/work/shared/corpus".into()));
    p.is_dir().then_some(p)
}

/// Corpus directories: kerneldoc postings (RFC v3 to v4, the spec branch) and
/// the macro postings (RFC v1, RFC v2).
pub const CORPUS_DIRS: &[&str] =
    &["rfc-v1", "rfc-v2", "rfc-v3", "rfc-v4", "rfc-v5", "v1", "v2", "v3", "v4", "spec-branch"];

/// The `.c` files of one corpus directory, sorted.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "c")).collect())
        .unwrap_or_default();
    v.sort();
    v
}
