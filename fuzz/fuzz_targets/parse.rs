//! Any bytes, alone and inside a spec comment, parse without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kapi_syntax::parse_bytes("fuzz.c", data);
    let mut spec = b"/**\n * sys_f - f\n * long-desc: x\n * contexts: process\n".to_vec();
    spec.extend_from_slice(data);
    let _ = kapi_syntax::parse_bytes("fuzz.c", &spec);
});
