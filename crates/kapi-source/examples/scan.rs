//! Prints what a scan finds (development aid).
fn main() {
    for p in std::env::args().skip(1) {
        let s = kapi_source::scan_path(std::path::Path::new(&p), &Default::default()).expect("scan");
        for d in &s.diags {
            eprintln!("{d}");
        }
        for sp in &s.specs {
            println!("{:#?}", sp.spec);
        }
    }
}
