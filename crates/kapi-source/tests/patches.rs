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
    let root = dir.path();
    let c = SPEC.lines().map(|l| l.strip_prefix('+').unwrap_or(l)).collect::<Vec<_>>().join("\n");
    std::fs::create_dir_all(root.join("b/c")).unwrap();
    std::fs::write(root.join("b/c/z.c"), c.replace("foo", "zed")).unwrap();
    std::fs::write(root.join("a.c"), &c).unwrap();
    std::fs::write(root.join("bin.h"), b"\x00\x01\x02").unwrap();
    std::fs::write(root.join("latin1.c"), b"/* caf\xe9 */\n/**\n * contexts: process\n */\n").unwrap();
    std::fs::write(root.join("latin1-other.c"), b"/* caf\xe9 */\n").unwrap();
    std::fs::write(root.join("notes.txt"), &c).unwrap();
    let link = |target: &str, name: &str| std::os::unix::fs::symlink(target, root.join(name)).unwrap();
    link("loop.c", "loop.c"); // a link to itself
    link("missing.c", "gone.c"); // dangling
    link("/proc/self/mem", "mem.c"); // a regular file that fails to read, even for root
    link("a.c", "alias.c"); // a link to a C file is read
    link("b", "b-link"); // a link to a directory is not followed by default
    assert!(std::process::Command::new("mkfifo").arg(root.join("fifo.c")).status().unwrap().success());
    link("fifo.c", "fifo-link.c"); // neither is opened: a read would block
    let summary = |scan: &kapi_source::Scan| {
        let names: Vec<String> =
            scan.specs.iter().map(|s| s.spec.origin.file.replace(&*root.to_string_lossy(), "")).collect();
        let diags: Vec<String> =
            scan.diags.iter().map(|d| format!("{} {}", d.file.replace(&*root.to_string_lossy(), ""), d.code)).collect();
        (names, diags)
    };
    for threads in [1, 4] {
        let opts = kapi_source::ScanOptions { threads, ..Default::default() };
        let scan = kapi_source::scan_path(root, &opts).unwrap();
        let (names, diags) = summary(&scan);
        assert_eq!(names, ["/a.c", "/alias.c", "/b/c/z.c"]);
        assert_eq!(
            diags,
            [
                "/bin.h binary-file",
                "/gone.c io-error",
                "/latin1-other.c invalid-utf8",
                "/latin1.c invalid-utf8",
                "/loop.c io-error",
                "/mem.c io-error",
            ],
            "{:#?}",
            scan.diags
        );
        let loop_diag = scan.diags.iter().find(|d| d.file.ends_with("loop.c")).unwrap();
        assert!(loop_diag.message.contains("symbolic link loop"), "{}", loop_diag.message);
        assert_eq!(scan.files, 7, "a.c alias.c z.c bin.h latin1*.c (2) mem.c");
    }
    // Following directory links: the linked tree is read again, and a loop
    // back up the tree is reported once and not walked.
    std::os::unix::fs::symlink("..", root.join("b/c/up")).unwrap();
    let opts = kapi_source::ScanOptions { follow_links: true, ..Default::default() };
    let scan = kapi_source::scan_path(root, &opts).unwrap();
    let (names, diags) = summary(&scan);
    assert_eq!(names, ["/a.c", "/alias.c", "/b/c/z.c", "/b-link/c/z.c"], "paths sort by component");
    assert_eq!(diags.iter().filter(|d| d.ends_with("io-error")).count(), 5, "{diags:#?}");
    assert!(diags.iter().any(|d| d.starts_with("/b/c/up ") || d.starts_with("/b-link/c/up ")), "{diags:#?}");
}

#[test]
fn scan_progress_counts_files_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), "int a;\n").unwrap();
    std::fs::write(dir.path().join("b.h"), "int bb;\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), "not C\n").unwrap();
    let progress = std::sync::Arc::new(kapi_source::ScanProgress::default());
    let opts = kapi_source::ScanOptions { progress: Some(progress.clone()), ..Default::default() };
    let scan = kapi_source::scan_path(dir.path(), &opts).unwrap();
    assert_eq!(scan.files, 2);
    assert_eq!(progress.files.load(std::sync::atomic::Ordering::Relaxed), 2);
    assert_eq!(progress.bytes.load(std::sync::atomic::Ordering::Relaxed), 7 + 8);
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
