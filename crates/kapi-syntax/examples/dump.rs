//! Prints the parsed model and diagnostics of a file (development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read");
        let out = kapi_syntax::parse_bytes(&path, &bytes);
        for d in &out.diags {
            eprintln!("{d}");
        }
        for s in &out.specs {
            println!("{:#?}", s.spec);
        }
    }
}
