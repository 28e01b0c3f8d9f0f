//! Any bytes, as a debugfs `specs/<name>` text, a `specs-json/<name>` file
//! and a `list`, parse without panicking; a spec comes back only with a
//! located reason when it does not.
#![no_main]
use kapi_source::debugfs::{decode, parse_json, parse_list, parse_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode("fuzz", data);
    let text = text.unwrap_or_else(|| String::from_utf8_lossy(data).replace('\0', " "));
    for (spec, diags) in [parse_text("fuzz", &text), parse_json("fuzz", &text)] {
        assert!(diags.iter().all(|d| d.loc.line >= 1 && d.file == "fuzz"));
        if spec.is_none() {
            assert!(diags.iter().any(|d| d.severity == kapi_model::Severity::Error));
        }
    }
    let _ = parse_list("fuzz", &text);
    // The same bytes inside a real spec text.
    let mut spec = String::from("Name: f\nVersion: 1\n\nParameters (1):\n  [0] x:\n");
    spec.push_str(&text);
    let _ = parse_text("fuzz", &spec);
});
