//! Patches and mbox files: the new side of every patched file is read; mail
//! headers, removed lines and quoted replies are not.

use proptest::prelude::*;

const SPEC: &str = "+/**\n+ * sys_foo - do foo\n+ * @fd: the fd\n+ *\n+ * contexts: process\n+ * param: fd\n+ *   type: fd, input\n+ * error: EBADF, Bad fd\n+ *   desc: Not open.\n+ */\n SYSCALL_DEFINE1(foo, int, fd)\n";

fn mbox() -> String {
    format!(
        "From 1 Mon Sep 17 00:00:00 2001\nFrom: a <a@b>\nSubject: [PATCH 1/2] add foo spec\n\nText.\n---\ndiff --git a/fs/foo.c b/fs/foo.c\nindex 1..2 100644\n--- a/fs/foo.c\n+++ b/fs/foo.c\n@@ -100,2 +100,12 @@ static int x;\n int y;\n-int old;\n{SPEC}-- \n2.1\n\nFrom 2 Mon Sep 17 00:00:00 2001\nFrom: c <c@d>\nSubject: Re: [PATCH 1/2] add foo spec\n\n> diff --git a/fs/foo.c b/fs/foo.c\n> --- a/fs/foo.c\n> +++ b/fs/foo.c\n> @@ -100,2 +100,12 @@\n> +/**\n> + * sys_bar - quoted\n> + * contexts: process\n> + * long-desc: quoted\n> + */\n\nLooks good.\n"
    )
}

#[test]
fn mbox_reads_added_lines_and_drops_headers_and_quotes() {
    let scan = kapi_source::scan_bytes("series.mbox", mbox().as_bytes());
    assert_eq!(scan.specs.len(), 1, "{:#?}", scan.diags);
    let s = &scan.specs[0].spec;
    assert_eq!(s.name, "sys_foo");
    assert_eq!(s.origin.file, "series.mbox");
    assert_eq!(s.origin.loc.line, 14, "the patch line of `/**`");
    let t = s.origin.target.as_ref().unwrap();
    assert_eq!((t.path.as_str(), t.line), ("fs/foo.c", 101));
    assert_eq!(s.errors[0].loc.line, 21);
    assert_eq!(s.errors[0].loc.col, 5, "columns count the `+`");
    assert!(scan.diags.is_empty(), "{:#?}", scan.diags);
}

#[test]
fn diagnostics_name_the_patch_line_and_the_kernel_line() {
    let bad = mbox().replace("+ * error: EBADF, Bad fd", "+ * error: EBOGUS, Bad fd");
    let scan = kapi_source::scan_bytes("series.mbox", bad.as_bytes());
    let d = scan.diags.iter().find(|d| d.code == "unknown-errno").expect("reported");
    assert_eq!((d.file.as_str(), d.loc.line), ("series.mbox", 21));
    let t = d.target.as_ref().unwrap();
    assert_eq!((t.path.as_str(), t.line), ("fs/foo.c", 108));
}

#[test]
fn c_files_are_not_mistaken_for_patches() {
    let c = SPEC.lines().map(|l| l.strip_prefix('+').unwrap_or(l)).collect::<Vec<_>>().join("\n");
    let scan = kapi_source::scan_bytes("foo.c", c.as_bytes());
    assert_eq!(scan.specs.len(), 1);
    assert!(scan.specs[0].spec.origin.target.is_none());
}

#[test]
fn tree_scans_are_sorted_and_survive_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let c = SPEC.lines().map(|l| l.strip_prefix('+').unwrap_or(l)).collect::<Vec<_>>().join("\n");
    std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
    std::fs::write(dir.path().join("b/c/z.c"), c.replace("foo", "zed")).unwrap();
    std::fs::write(dir.path().join("a.c"), &c).unwrap();
    std::fs::write(dir.path().join("bin.h"), b"\x00\x01\x02").unwrap();
    // Invalid UTF-8 matters (and is reported) in a file that may hold a spec.
    std::fs::write(dir.path().join("latin1.c"), b"/* caf\xe9 */\n/**\n * contexts: process\n */\n").unwrap();
    std::fs::write(dir.path().join("latin1-other.c"), b"/* caf\xe9 */\n").unwrap();
    std::fs::write(dir.path().join("notes.txt"), &c).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    for threads in [1, 4] {
        let scan = kapi_source::scan_path(dir.path(), &kapi_source::ScanOptions { threads }).unwrap();
        let names: Vec<&str> = scan.specs.iter().map(|s| s.spec.name.as_str()).collect();
        assert_eq!(names, ["sys_foo", "sys_zed"]);
        let codes: Vec<&str> = scan.diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["binary-file", "invalid-utf8"], "{:#?}", scan.diags);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_patch_text_scans_without_panicking(body in "\\PC{0,300}", start in 0u32..5, count in 0u32..5) {
        let p = format!("--- a/x.c\n+++ b/x.c\n@@ -{start},{count} +{start},{count} @@\n{body}");
        let _ = kapi_source::scan_bytes("x.patch", p.as_bytes());
    }

    #[test]
    fn patch_locations_are_patch_locations(pad in 0usize..30) {
        let text = format!("{}{}", "junk line\n".repeat(pad), mbox());
        let scan = kapi_source::scan_bytes("m", text.as_bytes());
        prop_assert_eq!(scan.specs.len(), 1);
        prop_assert_eq!(scan.specs[0].spec.origin.loc.line as usize, 14 + pad);
    }
}
