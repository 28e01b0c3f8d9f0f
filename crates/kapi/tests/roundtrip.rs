//! The canonical writer against every spec kapi can read: writing a spec as
//! newest-dialect kerneldoc and reading it back gives the same model (up to
//! spelling, see `kapi_model::normal`), and writing again changes nothing.

mod common;

use kapi_model::{normalized, Spec};

/// The first lines where two debug dumps differ, with context.
fn diff(a: &str, b: &str) -> String {
    let (al, bl): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = al.iter().zip(&bl).position(|(x, y)| x != y).unwrap_or(al.len().min(bl.len()));
    let lo = i.saturating_sub(12);
    format!(
        "--- original\n{}\n+++ round trip\n{}",
        al[lo..(i + 4).min(al.len())].join("\n"),
        bl[lo..(i + 4).min(bl.len())].join("\n")
    )
}

fn round_trip(what: &str, spec: &Spec) {
    let w = kapi_syntax::write::kerneldoc_with_definition(spec);
    let back = kapi_syntax::parse_text("roundtrip.c", &w.text);
    assert_eq!(back.specs.len(), 1, "{what}: the written spec reads as {} specs:\n{}", back.specs.len(), w.text);
    let got = &back.specs[0].spec;
    let (a, b) = (format!("{:#?}", normalized(spec)), format!("{:#?}", normalized(got)));
    assert!(a == b, "{what}: model changed by the round trip\n{}\n\nwritten:\n{}", diff(&a, &b), w.text);
    let again = kapi_syntax::write::kerneldoc_with_definition(got);
    assert!(w.text == again.text, "{what}: writing is not idempotent\n{}", diff(&w.text, &again.text));
    let errors: Vec<_> = back.diags.iter().filter(|d| d.severity == kapi_model::Severity::Error).collect();
    assert!(errors.is_empty(), "{what}: the written spec has errors: {errors:#?}\n{}", w.text);
}

#[test]
fn bundled_specs_round_trip() {
    let scan = kapi_source::bundled();
    assert!(!scan.specs.is_empty());
    for p in &scan.specs {
        round_trip(&p.spec.name, &p.spec);
    }
}

#[test]
fn every_corpus_spec_round_trips() {
    let Some(corpus) = common::corpus() else { return };
    let files: Vec<String> = common::kerneldoc_files(&corpus)
        .into_iter()
        .chain(common::macro_files(&corpus))
        .chain(common::apispec_headers(&corpus))
        .collect();
    let mut n = 0;
    for rel in &files {
        let bytes = std::fs::read(corpus.join(rel)).expect("readable");
        let scan = kapi_source::scan_bytes(rel, &bytes);
        for p in &scan.specs {
            round_trip(rel, &p.spec);
            n += 1;
        }
    }
    assert!(n >= 145, "only {n} specs round-tripped");
}
