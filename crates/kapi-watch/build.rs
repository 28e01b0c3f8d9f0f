//! Compiles the BPF program with clang. Without a working clang (or libbpf's
//! headers) kapi is built without it, and `kapi watch` says so; with
//! KAPI_REQUIRE_TOOLS set that is a build error instead.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("watch.bpf.o");
    println!("cargo:rerun-if-changed=bpf/watch.bpf.c");
    println!("cargo:rerun-if-env-changed=KAPI_CLANG");
    println!("cargo:rerun-if-env-changed=KAPI_REQUIRE_TOOLS");
    println!("cargo::rustc-check-cfg=cfg(kapi_bpf)");
    let clang = std::env::var("KAPI_CLANG").unwrap_or_else(|_| "clang".to_string());
    let result = Command::new(&clang)
        .args([
            "-O2",
            "-g",
            "-target",
            "bpf",
            "-Wall",
            "-I/usr/include/x86_64-linux-gnu",
            "-c",
            "bpf/watch.bpf.c",
            "-o",
        ])
        .arg(&out)
        .output();
    let why = match result {
        Ok(o) if o.status.success() => {
            println!("cargo:rustc-cfg=kapi_bpf");
            return;
        }
        Ok(o) => String::from_utf8_lossy(&o.stderr).lines().take(5).collect::<Vec<_>>().join(" | "),
        Err(e) => format!("cannot run {clang}: {e}"),
    };
    if std::env::var_os("KAPI_REQUIRE_TOOLS").is_some() {
        panic!("kapi-watch: the BPF program does not build ({why}); install clang and libbpf-dev");
    }
    println!("cargo:warning=kapi watch is built without its BPF program ({why}); install clang and libbpf-dev");
    std::fs::write(&out, b"").expect("write the empty object");
}
