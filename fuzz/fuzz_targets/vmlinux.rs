//! Any bytes, as an ELF image and as the contents of a `.kapi_specs` image
//! built around them, read without panicking, and every problem names the
//! file.
//!
//! The built image: the first byte picks the target (x86-64, i386, 64- or
//! 32-bit big-endian PowerPC), the pointer or packed layout and how many
//! spec pointers there are; the rest becomes a data section (padded to hold
//! a spec) in which every word starting with the byte 0xA5 becomes a
//! pointer into the section itself (a relocation), so that specs, strings
//! and arrays can point at each other.
#![no_main]
use libfuzzer_sys::fuzz_target;
use object::write::{Object, Relocation};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationEncoding, RelocationFlags, RelocationKind, SectionKind,
};

fn check(data: &[u8]) {
    let r = kapi_source::vmlinux::read("fuzz", data);
    assert!(r.diags.iter().all(|d| d.file == "fuzz"));
}

fn image(data: &[u8]) -> Option<Vec<u8>> {
    let (&ctl, body) = data.split_first()?;
    let (arch, endian, ptr) = match ctl & 3 {
        0 => (Architecture::X86_64, Endianness::Little, 8),
        1 => (Architecture::I386, Endianness::Little, 4),
        2 => (Architecture::PowerPc64, Endianness::Big, 8),
        _ => (Architecture::PowerPc, Endianness::Big, 4),
    };
    let packed = ctl & 4 != 0;
    let pointers = usize::from(ctl >> 3);
    let flags = RelocationFlags::Generic {
        kind: RelocationKind::Absolute,
        encoding: RelocationEncoding::Generic,
        size: 8 * ptr as u8,
    };
    let mut obj = Object::new(BinaryFormat::Elf, arch, endian);
    let mut bytes = body.to_vec();
    bytes.resize(bytes.len().max(if packed { 462_400 } else { 27_000 }), 0);
    let section = if packed { b".kapi_specs".to_vec() } else { b".data.rel.ro".to_vec() };
    let data_id = obj.add_section(Vec::new(), section, SectionKind::Data);
    // Words that start with 0xA5 point into the section (offset in the low 16 bits).
    let mut internal = Vec::new();
    for at in (0..body.len().saturating_sub(ptr - 1)).step_by(ptr) {
        if body[at] == 0xA5 {
            let target = u64::from(u16::from_le_bytes([body[at + 1], body[(at + 2).min(body.len() - 1)]]));
            bytes[at..at + ptr].fill(0);
            internal.push((at as u64, target as i64));
        }
    }
    obj.append_section_data(data_id, &bytes, 32);
    let sym = obj.section_symbol(data_id);
    for (offset, addend) in internal {
        obj.add_relocation(data_id, Relocation { offset, symbol: sym, addend, flags }).ok()?;
    }
    if !packed {
        let specs = obj.add_section(Vec::new(), b".kapi_specs".to_vec(), SectionKind::Data);
        obj.append_section_data(specs, &vec![0; ptr * pointers.max(1)], ptr as u64);
        for i in 0..pointers.max(1) {
            let r = Relocation { offset: (i * ptr) as u64, symbol: sym, addend: (i * 8) as i64, flags };
            obj.add_relocation(specs, r).ok()?;
        }
    }
    obj.write().ok()
}

fuzz_target!(|data: &[u8]| {
    check(data);
    if let Some(elf) = image(data) {
        check(&elf);
    }
});
