//! Any text evaluates as a constant expression without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = kapi_model::Value::parse(s, kapi_model::Loc::default());
    }
});
