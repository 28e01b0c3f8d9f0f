//! Any bytes read as a patch or mbox scan without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut patch = b"diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,40 @@\n".to_vec();
    patch.extend_from_slice(data);
    let _ = kapi_source::scan_bytes("fuzz.patch", &patch);
    let _ = kapi_source::scan_bytes("fuzz.patch", data);
});
