//! Hostile and unusual ELF images for [`kapi_source::vmlinux::read`]:
//! truncated files and sections, pointer loops, strings without a NUL, huge
//! counts and section sizes, random byte flips, 32-bit images, and
//! big-endian images (64- and 32-bit, pointer and packed layouts) built in
//! Rust from a compiled fixture. None may panic or hang, and every damaged
//! input must give a diagnostic that names the file.

mod common;

use common::{compile, have_cc, link, Link};
use kapi_model::Spec;
use kapi_render::apispec::{self, Layout, Options};
use kapi_source::vmlinux::{self, Image, Kind, Raw, Rec, Target, SPEC_V1, SPEC_V2, SPEC_V4};
use object::{Object, ObjectSection};
use serde_json::Value;
use std::borrow::Cow;

const NAME: &str = "hostile.elf";

/// Reads `bytes` and checks what every damaged input must give.
fn damaged(what: &str, bytes: &[u8]) -> vmlinux::VmlinuxSpecs {
    let r = vmlinux::read(NAME, bytes);
    assert!(!r.diags.is_empty(), "{what}: no diagnostic ({} specs)", r.specs.len());
    assert!(r.diags.iter().all(|d| d.file == NAME && d.code == "vmlinux"), "{what}: a diagnostic without the file");
    r
}

/// The bundled specs, compiled and linked in `layout`: (executable, object).
fn fixture(dir: &std::path::Path, layout: Layout, flags: &[&str]) -> Option<(Vec<u8>, Vec<u8>)> {
    if !have_cc() {
        return None;
    }
    let scan = kapi_source::bundled();
    let specs: Vec<&Spec> = scan.specs.iter().map(|p| &p.spec).collect();
    let header = apispec::header_with(&specs, &Options { layout, includes: None });
    let stem = format!("fixture-{layout:?}-{}", flags.join(""));
    let obj = compile(dir, &stem, &header, layout, flags).expect("fixture compiles");
    let exe = link(&obj, Link::Section, flags).expect("fixture links");
    let o = link(&obj, Link::Object, flags).expect("object");
    Some((exe, o))
}

/// An ELF64 little-endian section header, by name.
struct Shdr {
    /// Offset of the header itself in the file.
    at: usize,
    addr: u64,
    offset: u64,
    size: u64,
}

fn u16le(b: &[u8], at: usize) -> u64 {
    u64::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32le(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")))
}

fn u64le(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn put64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn section(b: &[u8], name: &str) -> Shdr {
    let shoff = u64le(b, 0x28) as usize;
    let (entsize, num, strndx) = (u16le(b, 0x3a) as usize, u16le(b, 0x3c) as usize, u16le(b, 0x3e) as usize);
    let strtab = u64le(b, shoff + strndx * entsize + 24) as usize;
    (0..num)
        .map(|i| shoff + i * entsize)
        .find(|at| {
            let n = strtab + u32le(b, *at) as usize;
            let end = n + b[n..].iter().position(|c| *c == 0).unwrap_or(0);
            &b[n..end] == name.as_bytes()
        })
        .map(|at| Shdr { at, addr: u64le(b, at + 16), offset: u64le(b, at + 24), size: u64le(b, at + 32) })
        .unwrap_or_else(|| panic!("no section {name}"))
}

/// The file offset of a virtual address.
fn file_offset(b: &[u8], addr: u64) -> usize {
    let elf = object::File::parse(b).expect("fixture parses");
    elf.sections()
        .find_map(|s| {
            let (off, size) = s.file_range()?;
            (addr >= s.address() && addr - s.address() < size).then(|| (off + addr - s.address()) as usize)
        })
        .expect("address in a section")
}

/// The spec pointers of a pointer-layout executable.
fn spec_pointers(b: &[u8]) -> (Shdr, Vec<u64>) {
    let s = section(b, ".kapi_specs");
    let ptrs = (0..s.size / 8).map(|i| u64le(b, (s.offset + 8 * i) as usize)).collect();
    (s, ptrs)
}

#[test]
fn truncated_files_give_diagnostics() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (layout, stride) in [(Layout::Pointer, 61), (Layout::PackedV2, 1021)] {
        let Some((exe, obj)) = fixture(tmp.path(), layout, &[]) else { return };
        for file in [&exe, &obj] {
            let n = file.len();
            let cuts = (0..n.min(4096)).chain((4096..n).step_by(stride)).chain(n.saturating_sub(4096)..n);
            for cut in cuts {
                damaged(&format!("{layout:?} cut at {cut}"), &file[..cut]);
            }
        }
    }
}

#[test]
fn truncated_sections_give_diagnostics() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Packed: the last spec is cut off inside .kapi_specs.
    if let Some((mut exe, _)) = fixture(tmp.path(), Layout::PackedV2, &[]) {
        let s = section(&exe, ".kapi_specs");
        put64(&mut exe, s.at + 32, s.size - 1000);
        let r = damaged("packed, section cut", &exe);
        assert!(r.diags.iter().any(|d| d.message.contains("cut off")));
        assert_eq!(r.specs.len(), kapi_source::bundled().specs.len() - 1);
    }
    // Pointer: the section holding the specs ends inside the last one.
    if let Some((mut exe, _)) = fixture(tmp.path(), Layout::Pointer, &[]) {
        let (_, ptrs) = spec_pointers(&exe);
        let last = *ptrs.iter().max().expect("pointers");
        let elf = object::File::parse(&*exe).expect("parses");
        let holder = elf
            .sections()
            .find(|s| last >= s.address() && last < s.address() + s.size())
            .and_then(|s| s.name().ok().map(str::to_string))
            .expect("holder");
        drop(elf);
        let h = section(&exe, &holder);
        put64(&mut exe, h.at + 32, last - h.addr + 100);
        let r = damaged("pointer, section cut", &exe);
        assert!(r.diags.iter().any(|d| d.message.contains("run past the end")));
        assert_eq!(r.specs.len(), kapi_source::bundled().specs.len() - 1);
    }
}

#[test]
fn pointer_loops_and_strings_without_nul() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some((exe, _)) = fixture(tmp.path(), Layout::Pointer, &[]) else { return };
    let (ks, ptrs) = spec_pointers(&exe);
    assert!(ptrs.len() >= 3);

    // The first spec pointer points at the pointer array itself.
    let mut b = exe.clone();
    put64(&mut b, ks.offset as usize, ks.addr);
    let r = damaged("spec pointer into the pointer array", &b);
    assert!(r.diags.iter().any(|d| d.message.contains("spec pointer 0")));

    // Two entries name the same spec.
    let mut b = exe.clone();
    put64(&mut b, ks.offset as usize + 8, ptrs[0]);
    let r = damaged("repeated spec pointer", &b);
    assert!(r.diags.iter().any(|d| d.message.contains("repeats")));

    // A spec whose name points at the spec itself, and whose strings point at
    // each other's pointer slots.
    let mut b = exe.clone();
    let spec = file_offset(&b, ptrs[1]);
    put64(&mut b, spec, ptrs[1]);
    put64(&mut b, spec + 16, ptrs[1] + 24);
    put64(&mut b, spec + 24, ptrs[1] + 16);
    let r = damaged("self-referential strings", &b);
    assert!(r.diags.iter().any(|d| d.message.contains("not a C identifier")));

    // A description that runs to the end of its section without a NUL.
    let mut b = exe.clone();
    let rodata = section(&b, ".rodata");
    let end = (rodata.offset + rodata.size) as usize;
    b[end - 3..end].copy_from_slice(b"xyz");
    let spec = file_offset(&b, ptrs[2]);
    put64(&mut b, spec + 16, rodata.addr + rodata.size - 3);
    let r = damaged("string without NUL", &b);
    assert!(r.diags.iter().any(|d| d.message.contains("no NUL")));
}

#[test]
fn huge_counts_and_sizes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some((exe, _)) = fixture(tmp.path(), Layout::Pointer, &[]) else { return };
    let (ks, ptrs) = spec_pointers(&exe);
    let t = Target::new(8, true, false, false);
    let off = |f: &str| t.offset_of(&SPEC_V4, f).expect("field");

    // param_count 2^31, error_count u32::MAX.
    let mut b = exe.clone();
    let spec = file_offset(&b, ptrs[0]);
    put32(&mut b, spec + off("param_count"), 1 << 31);
    put32(&mut b, spec + off("error_count"), u32::MAX);
    let r = damaged("huge counts", &b);
    assert_eq!(r.specs[0].params.len(), 16);
    assert_eq!(r.specs[0].errors.len(), 32);

    // An enum value count of 2^31 behind a real pointer.
    let mut b = exe.clone();
    let p0 = spec + off("params");
    let enum_count = t.fields(&vmlinux::PARAM).iter().find(|f| f.0 == "enum_count").map(|f| f.1).expect("field");
    let enum_values = t.fields(&vmlinux::PARAM).iter().find(|f| f.0 == "enum_values").map(|f| f.1).expect("field");
    put64(&mut b, p0 + enum_values, ptrs[0]);
    put32(&mut b, p0 + enum_count, 1 << 31);
    damaged("huge enum count", &b);

    // A section size and offset far beyond the file.
    for (field, v) in [(32, 1u64 << 60), (24, 1u64 << 60), (32, u64::MAX), (24, u64::MAX - 4)] {
        let mut b = exe.clone();
        put64(&mut b, ks.at + field, v);
        damaged(&format!(".kapi_specs header field {field} = {v:#x}"), &b);
        let mut b = exe.clone();
        let ro = section(&b, ".rodata");
        put64(&mut b, ro.at + field, v);
        damaged(&format!(".rodata header field {field} = {v:#x}"), &b);
    }
}

#[test]
fn many_overlapping_sections_stay_fast() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some((exe, _)) = fixture(tmp.path(), Layout::Pointer, &[]) else { return };
    // 60000 more section headers, all copies of .rodata's.
    let shoff = u64le(&exe, 0x28) as usize;
    let (entsize, num) = (u16le(&exe, 0x3a) as usize, u16le(&exe, 0x3c) as usize);
    let rodata = section(&exe, ".rodata");
    let mut b = exe.clone();
    let table = b[shoff..shoff + entsize * num].to_vec();
    let new_off = b.len();
    b.extend_from_slice(&table);
    for _ in 0..60000 {
        let h = exe[rodata.at..rodata.at + entsize].to_vec();
        b.extend_from_slice(&h);
    }
    put64(&mut b, 0x28, new_off as u64);
    b[0x3c..0x3e].copy_from_slice(&((num + 60000) as u16).to_le_bytes());
    let start = std::time::Instant::now();
    let r = vmlinux::read(NAME, &b);
    assert_eq!(r.specs.len(), vmlinux::read(NAME, &exe).specs.len());
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn random_byte_flips_never_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for layout in [Layout::Pointer, Layout::PackedV1] {
        let Some((exe, obj)) = fixture(tmp.path(), layout, &[]) else { return };
        for (k, file) in [exe, obj].iter().enumerate() {
            let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ k as u64;
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            for _ in 0..300 {
                let mut b = file.clone();
                for _ in 0..1 + next() % 8 {
                    let at = (next() % b.len() as u64) as usize;
                    b[at] = next() as u8;
                }
                let r = vmlinux::read(NAME, &b);
                assert!(r.diags.iter().all(|d| d.file == NAME));
            }
        }
    }
}

#[test]
fn the_output_budget_bounds_what_a_small_file_can_make() {
    // One spec-sized block of 0xff (every count maximal, every string pointer
    // unreadable), listed by 65536 distinct overlapping pointers.
    use object::write::{Object as WObject, Relocation, StandardSection};
    let mut obj = WObject::new(object::BinaryFormat::Elf, object::Architecture::X86_64, object::Endianness::Little);
    let data = obj.section_id(StandardSection::ReadOnlyDataWithRel);
    obj.append_section_data(data, &vec![0xff; 26400 + 8 * 65536], 8);
    let specs = obj.add_section(Vec::new(), b".kapi_specs".to_vec(), object::SectionKind::Data);
    obj.append_section_data(specs, &vec![0; 8 * 65536], 8);
    let sym = obj.section_symbol(data);
    for i in 0..65536u64 {
        obj.add_relocation(specs, Relocation { offset: 8 * i, symbol: sym, addend: 8 * i as i64, flags: abs(64) })
            .expect("relocation");
    }
    let bytes = obj.write().expect("object");
    let start = std::time::Instant::now();
    let r = damaged("65536 overlapping garbage specs", &bytes);
    assert!(r.diags.iter().any(|d| d.message.contains("output limit")));
    assert!(r.specs.len() < 65536);
    assert!(start.elapsed() < std::time::Duration::from_secs(120));
}

fn abs(bits: u8) -> object::RelocationFlags {
    object::RelocationFlags::Generic {
        kind: object::RelocationKind::Absolute,
        encoding: object::RelocationEncoding::Generic,
        size: bits,
    }
}

/// Writes `v` as `width` bytes in the target's order.
fn put_uint(t: Target, buf: &mut [u8], at: usize, width: usize, v: u64) {
    let bytes = if t.little { v.to_le_bytes() } else { v.to_be_bytes() };
    let b = if t.little { &bytes[..width] } else { &bytes[8 - width..] };
    buf[at..at + width].copy_from_slice(b);
}

/// An ELF image under construction: the spec data, the strings and arrays
/// it points to, and the relocations that connect them.
struct Encoder<'a> {
    t: Target,
    /// Reads the s64 arrays (`enum_values`, `error_values`) of the source image.
    src: &'a Image<'a>,
    rodata: Vec<u8>,
    /// (offset in the data, offset in `rodata`).
    relocs: Vec<(usize, usize)>,
}

impl Encoder<'_> {
    fn pointer_to(&mut self, buf: &mut [u8], at: usize, bytes: &[u8], align: usize) {
        let start = self.rodata.len().next_multiple_of(align);
        self.rodata.resize(start, 0);
        self.rodata.extend_from_slice(bytes);
        self.relocs.push((at, start));
        put_uint(self.t, buf, at, self.t.ptr, 0);
    }

    /// Encodes a decoded record `rec` of layout `l` at `at` in `buf`.
    fn encode(&mut self, l: &vmlinux::Layout, rec: &Rec, buf: &mut [u8], at: usize) {
        let t = self.t;
        for (name, off, kind) in t.fields(l) {
            let Some(v) = vmlinux::get(rec, name) else { continue };
            let at = at + off;
            match (kind, v) {
                (Kind::Str(n), Raw::S(s)) if t.packed => {
                    let s = s.as_deref().unwrap_or("").as_bytes();
                    let k = s.len().min(n - 1);
                    buf[at..at + k].copy_from_slice(&s[..k]);
                }
                (Kind::Str(_), Raw::S(Some(s))) => {
                    let mut z = s.as_bytes().to_vec();
                    z.push(0);
                    self.pointer_to(buf, at, &z, 1);
                }
                (Kind::Ptr, Raw::U(p)) if *p != 0 && (name == "enum_values" || name == "error_values") => {
                    let count = match name {
                        "enum_values" => vmlinux::get(rec, "enum_count"),
                        _ => vmlinux::get(rec, "error_count"),
                    };
                    let n = match count {
                        Some(Raw::U(n)) => *n,
                        _ => 0,
                    };
                    let vals = self.src.s64s(*p, n, &mut Vec::new());
                    let mut arr = vec![0u8; 8 * vals.len()];
                    for (i, x) in vals.iter().enumerate() {
                        put_uint(t, &mut arr, 8 * i, 8, *x as u64);
                    }
                    self.pointer_to(buf, at, &arr, 8);
                }
                (Kind::U8 | Kind::Bool, Raw::U(x)) => put_uint(t, buf, at, 1, *x),
                (Kind::U32, Raw::U(x)) => put_uint(t, buf, at, 4, *x),
                // The packed layouts count size parameters from 0 (-1 none), v3+ from 1 (0 none).
                (Kind::I32, Raw::I(x)) if name == "size_param_idx" && t.packed => {
                    put_uint(t, buf, at, 4, (*x - 1) as u64)
                }
                (Kind::I32, Raw::I(x)) => put_uint(t, buf, at, 4, *x as u64),
                (Kind::S64, Raw::I(x)) => put_uint(t, buf, at, 8, *x as u64),
                (Kind::U64, Raw::U(x)) => put_uint(t, buf, at, 8, *x),
                (Kind::Size, Raw::U(x)) => put_uint(t, buf, at, t.ptr, *x),
                (Kind::I32s(_) | Kind::U32s(_), Raw::Ints(xs)) => {
                    for (i, x) in xs.iter().enumerate() {
                        put_uint(t, buf, at + 4 * i, 4, *x as u64);
                    }
                }
                (Kind::Structs(inner, _), Raw::Recs(items)) => {
                    let stride = t.struct_size(inner);
                    for (i, r) in items.iter().enumerate() {
                        self.encode(inner, r, buf, at + i * stride);
                    }
                }
                (Kind::Nested(inner), Raw::Rec(r)) => self.encode(inner, r, buf, at),
                _ => {}
            }
        }
    }
}

/// The decoded records of every spec in a little-endian x86-64
/// pointer-layout executable, and its image.
fn records(exe: &[u8]) -> (Image<'_>, Vec<Rec>) {
    let elf = object::File::parse(exe).expect("parses");
    let mut img = Image::new(Target::new(8, true, false, false), u64::MAX);
    for s in elf.sections() {
        if s.address() != 0 {
            if let Ok(d) = s.data() {
                img.map(s.address(), Cow::Borrowed(d));
            }
        }
    }
    let ks = elf.section_by_name(".kapi_specs").expect("section");
    let ptrs: Vec<u64> = ks.data().expect("data").chunks(8).map(|c| img.target().uint(c)).collect();
    let mut errs = Vec::new();
    let recs = ptrs.iter().map(|p| img.decode(&SPEC_V4, *p, &mut errs)).collect();
    assert!(errs.is_empty(), "{errs:?}");
    (img, recs)
}

/// A relocatable ELF for `arch` holding `recs` in the layout of `t`.
fn build(arch: object::Architecture, t: Target, src: &Image<'_>, recs: &[Rec], packed_v1: bool) -> Vec<u8> {
    use object::write::{Object as WObject, Relocation};
    let endian = if t.little { object::Endianness::Little } else { object::Endianness::Big };
    let mut obj = WObject::new(object::BinaryFormat::Elf, arch, endian);
    let mut enc = Encoder { t, src, rodata: Vec::new(), relocs: Vec::new() };
    let layout = if !t.packed {
        &SPEC_V4
    } else if packed_v1 {
        &SPEC_V1
    } else {
        &SPEC_V2
    };
    let size = t.struct_size(layout);
    let mut data = vec![0u8; size * recs.len()];
    for (i, r) in recs.iter().enumerate() {
        enc.encode(layout, r, &mut data, i * size);
    }
    let rodata = obj.add_section(Vec::new(), b".rodata".to_vec(), object::SectionKind::ReadOnlyData);
    obj.append_section_data(rodata, &enc.rodata, 8);
    let ro_sym = obj.section_symbol(rodata);
    let bits = (8 * t.ptr) as u8;
    let specs = obj.add_section(Vec::new(), b".kapi_specs".to_vec(), object::SectionKind::Data);
    let holder = if t.packed {
        obj.append_section_data(specs, &data, 32);
        specs
    } else {
        let holder = obj.add_section(Vec::new(), b".data.rel.ro".to_vec(), object::SectionKind::ReadOnlyDataWithRel);
        obj.append_section_data(holder, &data, 8);
        obj.append_section_data(specs, &vec![0u8; t.ptr * recs.len()], t.ptr as u64);
        let holder_sym = obj.section_symbol(holder);
        for i in 0..recs.len() {
            let r = Relocation {
                offset: (i * t.ptr) as u64,
                symbol: holder_sym,
                addend: (i * size) as i64,
                flags: abs(bits),
            };
            obj.add_relocation(specs, r).expect("relocation");
        }
        holder
    };
    for (at, target) in enc.relocs {
        let r = Relocation { offset: at as u64, symbol: ro_sym, addend: target as i64, flags: abs(bits) };
        obj.add_relocation(holder, r).expect("relocation");
    }
    obj.write().expect("object")
}

/// The spec JSON, without where it was read from.
fn details(s: &Spec) -> Value {
    let mut v = serde_json::to_value(kapi_render::json::details(s)).expect("serialises");
    if let Some(o) = v.as_object_mut() {
        o.remove("extra");
        o.remove("location");
    }
    v
}

/// Equal, except that a packed layout may cut a text to its `char[]` slot.
fn same(g: &Value, w: &Value, packed: bool, path: &str) -> Result<(), String> {
    match (g, w) {
        (Value::String(a), Value::String(b)) if packed && a.len() < b.len() && b.starts_with(a.as_str()) => Ok(()),
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                same(v, b.get(k).unwrap_or(&Value::Null), packed, &format!("{path}.{k}"))?;
            }
            if b.keys().any(|k| !a.contains_key(k)) {
                return Err(format!("{path} (keys)"));
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| same(x, y, packed, &format!("{path}[{i}]")))
        }
        _ if g == w => Ok(()),
        _ => Err(path.to_string()),
    }
}

#[test]
fn big_endian_and_32_bit_images_read_the_same() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let Some((exe, _)) = fixture(tmp.path(), Layout::Pointer, &[]) else { return };
    let want: Vec<Value> = vmlinux::read(NAME, &exe).specs.iter().map(details).collect();
    let (img, recs) = records(&exe);
    use object::Architecture::*;
    for (arch, ptr, little, packed, v1) in [
        (PowerPc64, 8, false, false, false),
        (PowerPc, 4, false, false, false),
        (PowerPc64, 8, false, true, false),
        (PowerPc, 4, false, true, true),
        (S390x, 8, false, false, false),
        (Aarch64, 8, true, false, false),
        (Arm, 4, true, true, false),
        (X86_64, 8, true, true, true),
    ] {
        let what = format!("{arch:?} ptr {ptr} little {little} packed {packed}");
        let t = Target::new(ptr, little, packed, false);
        let bytes = build(arch, t, &img, &recs, v1);
        let r = vmlinux::read(NAME, &bytes);
        assert!(r.diags.is_empty(), "{what}: {:?}", r.diags.iter().map(|d| &d.message).collect::<Vec<_>>());
        let got: Vec<Value> = r
            .specs
            .iter()
            .map(|s| {
                let mut d = details(s);
                if !v1 {
                    return d;
                }
                // Only the v1 layout has since_version; the source specs have none.
                d.as_object_mut().map(|o| o.remove("since_version"));
                d
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{what}");
        for (g, w) in got.iter().zip(&want) {
            if let Err(path) = same(g, w, packed, "") {
                panic!("{what}: {} differs at {path}", g["name"]);
            }
        }
        // Damaged copies of the same image.
        for cut in (0..bytes.len()).step_by(97) {
            damaged(&format!("{what} cut at {cut}"), &bytes[..cut]);
        }
    }
}

#[test]
fn i386_images_survive_damage() {
    let tmp = tempfile::tempdir().expect("tempdir");
    if !have_cc() || !common::have_cc_m32(tmp.path()) {
        common::require_or_skip(
            "`cc -m32` cannot build i386 objects here (install gcc-multilib): the i386 damage test is SKIPPED",
        );
        return;
    }
    for layout in [Layout::Pointer, Layout::PackedV2] {
        let Some((exe, obj)) = fixture(tmp.path(), layout, &["-m32"]) else { return };
        for file in [&exe, &obj] {
            assert!(vmlinux::read(NAME, file).diags.is_empty());
            for cut in (0..file.len()).step_by(211) {
                damaged(&format!("i386 {layout:?} cut at {cut}"), &file[..cut]);
            }
        }
    }
}
