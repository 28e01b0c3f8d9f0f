//! Reading specs from the `.kapi_specs` section of a vmlinux (or any ELF
//! object built with the KAPI headers).
//!
//! Two layouts exist:
//! - **packed** (v1, v2): whole `struct kernel_api_spec` objects with inline
//!   `char[]` strings, 462304 bytes each in v1 (with `since_version[32]`) and
//!   462272 in v2; found by name and the `KAP1` parameter magic;
//! - **pointer** (v3, v4): an array of pointers to naturally aligned structs
//!   whose strings are `const char *`; addresses are mapped to file offsets
//!   through the section headers.
//!
//! Pointer size and byte order come from the ELF header. Every read is
//! bounds-checked; counts are clamped to their array sizes; strings must end
//! within 64 KiB. A corrupt file gives diagnostics, never a panic.

use kapi_model::enums::*;
use kapi_model::*;
use object::{Object, ObjectSection, ObjectSymbol};

/// Longest string followed through a pointer.
pub const MAX_STRING: usize = 64 * 1024;
/// Most specs read from one section.
pub const MAX_SPECS: usize = 1 << 16;

/// The `*_magic` markers (RFC v4 and later).
pub mod magic {
    /// `KAP1`
    pub const PARAMS: u32 = 0x4B41_5031;
    /// `KAR2`
    pub const RETURN: u32 = 0x4B41_5232;
    /// `KAE3`
    pub const ERRORS: u32 = 0x4B41_4533;
    /// `KAL4`
    pub const LOCKS: u32 = 0x4B41_4C34;
    /// `KAC5`
    pub const CONSTRAINTS: u32 = 0x4B41_4335;
    /// `KAI6`
    pub const INFO: u32 = 0x4B41_4936;
    /// `KAS7`
    pub const SIGNALS: u32 = 0x4B41_5337;
    /// `KAM8`
    pub const SIGMASK: u32 = 0x4B41_4D38;
    /// `KAT9`
    pub const STRUCTS: u32 = 0x4B41_5439;
    /// `KAFA`
    pub const EFFECTS: u32 = 0x4B41_4641;
    /// `KATB`
    pub const TRANS: u32 = 0x4B41_5442;
    /// `KACC`
    pub const CAPS: u32 = 0x4B41_4343;
}

/// Field kinds of the C structs.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A string: `char[n]` (packed) or `const char *` (pointer layout).
    Str(usize),
    /// `u8`.
    U8,
    /// `bool`.
    Bool,
    /// `u32` or an enum.
    U32,
    /// `int`.
    I32,
    /// `s64`.
    S64,
    /// `u64`.
    U64,
    /// `size_t`.
    Size,
    /// A pointer that is not a string (`const s64 *`, function pointers).
    Ptr,
    /// `int[n]`.
    I32s(usize),
    /// `enum[n]` (network state lists).
    U32s(usize),
    /// An array of structs.
    Structs(&'static Layout, usize),
    /// A nested struct.
    Nested(&'static Layout),
}

/// A C struct: field names and kinds in order.
#[derive(Debug)]
pub struct Layout {
    /// Struct name, for messages.
    pub name: &'static str,
    /// Fields.
    pub fields: &'static [(&'static str, Kind)],
}

use Kind::*;

const NAME: usize = 128;
const DESC: usize = 512;

/// `struct kapi_param_spec`.
pub static PARAM: Layout = Layout {
    name: "kapi_param_spec",
    fields: &[
        ("name", Str(NAME)),
        ("type_name", Str(NAME)),
        ("type", U32),
        ("flags", U32),
        ("size", Size),
        ("alignment", Size),
        ("min_value", S64),
        ("max_value", S64),
        ("valid_mask", U64),
        ("enum_values", Ptr),
        ("enum_count", U32),
        ("constraint_type", U32),
        ("validate", Ptr),
        ("description", Str(DESC)),
        ("constraints", Str(DESC)),
        ("size_param_idx", I32),
        ("size_multiplier", Size),
    ],
};

/// `struct kapi_return_spec`.
pub static RETURN: Layout = Layout {
    name: "kapi_return_spec",
    fields: &[
        ("type_name", Str(NAME)),
        ("type", U32),
        ("check_type", U32),
        ("success_value", S64),
        ("success_min", S64),
        ("success_max", S64),
        ("error_values", Ptr),
        ("error_count", U32),
        ("is_success", Ptr),
        ("description", Str(DESC)),
    ],
};

/// `struct kapi_error_spec`.
pub static ERROR: Layout = Layout {
    name: "kapi_error_spec",
    fields: &[("error_code", I32), ("name", Str(NAME)), ("condition", Str(DESC)), ("description", Str(DESC))],
};

/// `struct kapi_lock_spec` (v1 and later: a scope, not four booleans).
pub static LOCK: Layout = Layout {
    name: "kapi_lock_spec",
    fields: &[("lock_name", Str(NAME)), ("lock_type", U32), ("scope", U32), ("description", Str(DESC))],
};

/// `struct kapi_constraint_spec`.
pub static CONSTRAINT: Layout = Layout {
    name: "kapi_constraint_spec",
    fields: &[("name", Str(NAME)), ("description", Str(DESC)), ("expression", Str(DESC))],
};

/// `struct kapi_signal_spec`.
pub static SIGNAL: Layout = Layout {
    name: "kapi_signal_spec",
    fields: &[
        ("signal_num", I32),
        ("signal_name", Str(32)),
        ("direction", U32),
        ("action", U32),
        ("target", Str(DESC)),
        ("condition", Str(DESC)),
        ("description", Str(DESC)),
        ("restartable", Bool),
        ("sa_flags_required", U32),
        ("sa_flags_forbidden", U32),
        ("error_on_signal", I32),
        ("transform_to", I32),
        ("timing", Str(32)),
        ("priority", U8),
        ("interruptible", Bool),
        ("queue_behavior", Str(NAME)),
        ("state_required", U32),
        ("state_forbidden", U32),
    ],
};

/// `struct kapi_signal_mask_spec`.
pub static SIGMASK: Layout = Layout {
    name: "kapi_signal_mask_spec",
    fields: &[("mask_name", Str(NAME)), ("signals", I32s(32)), ("signal_count", U32), ("description", Str(DESC))],
};

/// `struct kapi_struct_field`.
pub static FIELD: Layout = Layout {
    name: "kapi_struct_field",
    fields: &[
        ("name", Str(NAME)),
        ("type", U32),
        ("type_name", Str(NAME)),
        ("offset", Size),
        ("size", Size),
        ("flags", U32),
        ("constraint_type", U32),
        ("min_value", S64),
        ("max_value", S64),
        ("valid_mask", U64),
        ("enum_values", Str(DESC)),
        ("description", Str(DESC)),
    ],
};

/// `struct kapi_struct_spec`.
pub static STRUCT: Layout = Layout {
    name: "kapi_struct_spec",
    fields: &[
        ("name", Str(NAME)),
        ("size", Size),
        ("alignment", Size),
        ("field_count", U32),
        ("fields", Structs(&FIELD, 16)),
        ("description", Str(DESC)),
    ],
};

/// `struct kapi_side_effect`.
pub static EFFECT: Layout = Layout {
    name: "kapi_side_effect",
    fields: &[
        ("type", U32),
        ("target", Str(NAME)),
        ("condition", Str(DESC)),
        ("description", Str(DESC)),
        ("reversible", Bool),
    ],
};

/// `struct kapi_state_transition`.
pub static TRANS: Layout = Layout {
    name: "kapi_state_transition",
    fields: &[
        ("from_state", Str(NAME)),
        ("to_state", Str(NAME)),
        ("condition", Str(DESC)),
        ("object", Str(NAME)),
        ("description", Str(DESC)),
    ],
};

/// `struct kapi_capability_spec`.
pub static CAP: Layout = Layout {
    name: "kapi_capability_spec",
    fields: &[
        ("capability", I32),
        ("cap_name", Str(NAME)),
        ("action", U32),
        ("allows", Str(DESC)),
        ("without_cap", Str(DESC)),
        ("check_condition", Str(DESC)),
        ("priority", U8),
        ("alternative", I32s(8)),
        ("alternative_count", U32),
    ],
};

static SOCKET_STATE: Layout = Layout {
    name: "kapi_socket_state_spec",
    fields: &[
        ("required_states", U32s(16)),
        ("required_state_count", U32),
        ("forbidden_states", U32s(16)),
        ("forbidden_state_count", U32),
        ("resulting_state", U32),
        ("state_condition", Str(DESC)),
        ("applicable_protocols", U32),
    ],
};

static PROTOCOL: Layout = Layout {
    name: "kapi_protocol_behavior",
    fields: &[
        ("applicable_protocols", U32),
        ("behavior", Str(DESC)),
        ("protocol_flags", S64),
        ("flag_description", Str(DESC)),
    ],
};

static BUFFER: Layout = Layout {
    name: "kapi_buffer_spec",
    fields: &[
        ("buffer_behaviors", U32),
        ("min_buffer_size", Size),
        ("max_buffer_size", Size),
        ("optimal_buffer_size", Size),
        ("fragmentation_rules", Str(DESC)),
        ("can_partial_transfer", Bool),
        ("partial_transfer_rules", Str(DESC)),
    ],
};

static ASYNC: Layout = Layout {
    name: "kapi_async_spec",
    fields: &[
        ("supported_modes", U32),
        ("nonblock_errno", I32),
        ("poll_events_in", U32),
        ("poll_events_out", U32),
        ("completion_condition", Str(DESC)),
        ("supports_timeout", Bool),
        ("timeout_behavior", Str(DESC)),
    ],
};

static ADDR: Layout = Layout {
    name: "kapi_addr_family_spec",
    fields: &[
        ("family", I32),
        ("family_name", Str(32)),
        ("addr_struct_size", Size),
        ("min_addr_len", Size),
        ("max_addr_len", Size),
        ("addr_format", Str(DESC)),
        ("supports_wildcard", Bool),
        ("supports_multicast", Bool),
        ("supports_broadcast", Bool),
        ("special_addresses", Str(DESC)),
        ("port_range_min", U32),
        ("port_range_max", U32),
    ],
};

macro_rules! spec_fields {
    ($locks:expr, $($since:expr)?; $($net:expr)?) => {
        &[
            ("name", Str(NAME)),
            ("version", U32),
            ("description", Str(DESC)),
            ("long_description", Str(DESC * 4)),
            ("context_flags", U32),
            ("param_magic", U32),
            ("param_count", U32),
            ("params", Structs(&PARAM, 16)),
            ("return_magic", U32),
            ("return_spec", Nested(&RETURN)),
            ("error_magic", U32),
            ("error_count", U32),
            ("errors", Structs(&ERROR, 32)),
            ("lock_magic", U32),
            ("lock_count", U32),
            ("locks", Structs(&LOCK, $locks)),
            ("constraint_magic", U32),
            ("constraint_count", U32),
            ("constraints", Structs(&CONSTRAINT, 32)),
            ("info_magic", U32),
            ("examples", Str(DESC * 2)),
            ("notes", Str(DESC * 2)),
            $($since,)?
            ("signal_magic", U32),
            ("signal_count", U32),
            ("signals", Structs(&SIGNAL, 32)),
            ("sigmask_magic", U32),
            ("signal_mask_count", U32),
            ("signal_masks", Structs(&SIGMASK, 32)),
            ("struct_magic", U32),
            ("struct_spec_count", U32),
            ("struct_specs", Structs(&STRUCT, 8)),
            ("effect_magic", U32),
            ("side_effect_count", U32),
            ("side_effects", Structs(&EFFECT, 32)),
            ("trans_magic", U32),
            ("state_trans_count", U32),
            ("state_transitions", Structs(&TRANS, 8)),
            ("cap_magic", U32),
            ("capability_count", U32),
            ("capabilities", Structs(&CAP, 8)),
            $($net)?
        ]
    };
}

/// v1 (packed, with `since_version`).
pub static SPEC_V1: Layout = Layout {
    name: "kernel_api_spec (v1)",
    fields: spec_fields!(32, ("since_version", Str(32)); ("net", Nested(&NET))),
};
/// v2 (packed, without `since_version`).
pub static SPEC_V2: Layout = Layout { name: "kernel_api_spec (v2)", fields: spec_fields!(32, ; ("net", Nested(&NET))) };
/// v3/v4 (pointer layout).
pub static SPEC_V4: Layout = Layout { name: "kernel_api_spec (v3/v4)", fields: spec_fields!(16, ;) };

/// The network fields that close the packed layouts, as one block (packed
/// structs have no padding, so nesting them changes no offset).
static NET: Layout = Layout {
    name: "network fields",
    fields: &[
        ("socket_state", Nested(&SOCKET_STATE)),
        ("protocol_behaviors", Structs(&PROTOCOL, 8)),
        ("protocol_behavior_count", U32),
        ("buffer_spec", Nested(&BUFFER)),
        ("async_spec", Nested(&ASYNC)),
        ("addr_families", Structs(&ADDR, 8)),
        ("addr_family_count", U32),
        ("is_connection_oriented", Bool),
        ("is_message_oriented", Bool),
        ("supports_oob_data", Bool),
        ("supports_peek", Bool),
        ("supports_select_poll", Bool),
        ("is_reentrant", Bool),
        ("connection_establishment", Str(DESC)),
        ("connection_termination", Str(DESC)),
        ("data_transfer_semantics", Str(DESC)),
    ],
};

/// Byte order and widths of the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// Pointer size (4 or 8).
    pub ptr: usize,
    /// Little-endian.
    pub little: bool,
    /// Whether structs are packed with inline strings.
    pub packed: bool,
}

impl Target {
    fn align(&self, k: Kind) -> usize {
        if self.packed {
            return 1;
        }
        match k {
            Str(_) | Ptr | Size => self.ptr,
            U8 | Bool => 1,
            U32 | I32 | I32s(_) | U32s(_) => 4,
            // i386 aligns 64-bit members to 4.
            S64 | U64 => self.ptr.min(8),
            Structs(l, _) | Nested(l) => self.struct_align(l),
        }
    }

    fn size(&self, k: Kind) -> usize {
        match k {
            Str(n) => {
                if self.packed {
                    n
                } else {
                    self.ptr
                }
            }
            U8 | Bool => 1,
            U32 | I32 => 4,
            S64 | U64 => 8,
            Size | Ptr => self.ptr,
            I32s(n) | U32s(n) => 4 * n,
            Structs(l, n) => self.struct_size(l) * n,
            Nested(l) => self.struct_size(l),
        }
    }

    fn struct_align(&self, l: &Layout) -> usize {
        l.fields.iter().map(|(_, k)| self.align(*k)).max().unwrap_or(1)
    }

    /// The size of a struct, padding included.
    pub fn struct_size(&self, l: &Layout) -> usize {
        let mut off = 0usize;
        for (_, k) in l.fields {
            let a = self.align(*k);
            off = off.div_ceil(a) * a + self.size(*k);
        }
        let a = self.struct_align(l);
        off.div_ceil(a) * a
    }

    /// The offset of a top-level field.
    pub fn offset_of(&self, l: &Layout, field: &str) -> Option<usize> {
        let mut off = 0usize;
        for (n, k) in l.fields {
            let a = self.align(*k);
            off = off.div_ceil(a) * a;
            if *n == field {
                return Some(off);
            }
            off += self.size(*k);
        }
        None
    }
}

/// The readable memory of the image: loaded sections by address.
pub struct Image<'d> {
    regions: Vec<(u64, &'d [u8], u64)>,
    target: Target,
}

/// A decoded value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Raw {
    /// An unsigned integer.
    U(u64),
    /// A signed integer.
    I(i64),
    /// A string (`None` for a null pointer or an empty slot).
    S(Option<String>),
    /// Integers.
    Ints(Vec<i64>),
    /// Structs.
    Recs(Vec<Rec>),
    /// One struct.
    Rec(Rec),
}

/// A decoded struct.
pub type Rec = Vec<(&'static str, Raw)>;

/// Looks a field up in a record.
pub fn get<'r>(r: &'r Rec, name: &str) -> Option<&'r Raw> {
    r.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
}

impl<'d> Image<'d> {
    fn read(&self, addr: u64, len: usize) -> Result<&'d [u8], String> {
        for (base, data, size) in &self.regions {
            if addr >= *base && addr - base < *size {
                let off = (addr - base) as usize;
                if off.checked_add(len).is_some_and(|e| e <= data.len()) {
                    return Ok(&data[off..off + len]);
                }
                return Err(format!("{len} bytes at 0x{addr:x} run past the end of their section"));
            }
        }
        Err(format!("address 0x{addr:x} is not in any section with file contents"))
    }

    fn uint(&self, b: &[u8]) -> u64 {
        let mut v = 0u64;
        for (i, x) in b.iter().enumerate() {
            let shift = if self.target.little { 8 * i } else { 8 * (b.len() - 1 - i) };
            v |= u64::from(*x) << shift;
        }
        v
    }

    fn cstr(&self, addr: u64) -> Result<Option<String>, String> {
        if addr == 0 {
            return Ok(None);
        }
        for (base, data, size) in &self.regions {
            if addr >= *base && addr - base < *size {
                let off = (addr - base) as usize;
                let rest = data.get(off..).unwrap_or(&[]);
                let window = &rest[..rest.len().min(MAX_STRING)];
                return match memchr::memchr(0, window) {
                    Some(n) => Ok(Some(String::from_utf8_lossy(&window[..n]).into_owned())),
                    None => Err(format!("the string at 0x{addr:x} has no NUL within {} bytes", window.len())),
                };
            }
        }
        Err(format!("string address 0x{addr:x} is not in any section with file contents"))
    }

    /// Decodes a struct at `addr`.
    pub fn decode(&self, l: &Layout, addr: u64, errs: &mut Vec<String>) -> Rec {
        let t = self.target;
        let mut off = 0usize;
        let mut rec = Vec::with_capacity(l.fields.len());
        for (name, k) in l.fields {
            let a = t.align(*k);
            off = off.div_ceil(a) * a;
            let at = addr.wrapping_add(off as u64);
            let v = match *k {
                Str(n) => {
                    if t.packed {
                        match self.read(at, n) {
                            Ok(b) => {
                                let end = memchr::memchr(0, b).unwrap_or(b.len());
                                let s = String::from_utf8_lossy(&b[..end]).into_owned();
                                Raw::S((!s.is_empty()).then_some(s))
                            }
                            Err(e) => {
                                errs.push(format!("{}.{name}: {e}", l.name));
                                Raw::S(None)
                            }
                        }
                    } else {
                        match self.read(at, t.ptr).map(|b| self.uint(b)) {
                            Ok(p) => match self.cstr(p) {
                                Ok(s) => Raw::S(s),
                                Err(e) => {
                                    errs.push(format!("{}.{name}: {e}", l.name));
                                    Raw::S(None)
                                }
                            },
                            Err(e) => {
                                errs.push(format!("{}.{name}: {e}", l.name));
                                Raw::S(None)
                            }
                        }
                    }
                }
                U8 | Bool | U32 | U64 | Size | Ptr => match self.read(at, t.size(*k)) {
                    Ok(b) => Raw::U(self.uint(b)),
                    Err(e) => {
                        errs.push(format!("{}.{name}: {e}", l.name));
                        Raw::U(0)
                    }
                },
                I32 => match self.read(at, 4) {
                    Ok(b) => Raw::I(i64::from(self.uint(b) as u32 as i32)),
                    Err(e) => {
                        errs.push(format!("{}.{name}: {e}", l.name));
                        Raw::I(0)
                    }
                },
                S64 => match self.read(at, 8) {
                    Ok(b) => Raw::I(self.uint(b) as i64),
                    Err(e) => {
                        errs.push(format!("{}.{name}: {e}", l.name));
                        Raw::I(0)
                    }
                },
                I32s(n) | U32s(n) => match self.read(at, 4 * n) {
                    Ok(b) => Raw::Ints(b.chunks(4).map(|c| i64::from(self.uint(c) as u32 as i32)).collect()),
                    Err(e) => {
                        errs.push(format!("{}.{name}: {e}", l.name));
                        Raw::Ints(Vec::new())
                    }
                },
                Structs(inner, n) => {
                    // Only as many elements as the matching count says are decoded.
                    let count_field = count_for(name);
                    let count = count_field.and_then(|c| match get(&rec, c) {
                        Some(Raw::U(v)) => Some(*v as usize),
                        _ => None,
                    });
                    let want = count.unwrap_or(n).min(n);
                    if let Some(c) = count.filter(|c| *c > n) {
                        errs.push(format!(
                            "{}.{}: count {c} exceeds the array of {n}; only {n} are read",
                            l.name,
                            count_field.unwrap_or("?")
                        ));
                    }
                    let stride = t.struct_size(inner) as u64;
                    Raw::Recs((0..want).map(|i| self.decode(inner, at.wrapping_add(stride * i as u64), errs)).collect())
                }
                Nested(inner) => Raw::Rec(self.decode(inner, at, errs)),
            };
            rec.push((*name, v));
            off += t.size(*k);
        }
        rec
    }

    /// Reads `count` s64 values through a pointer (bounded).
    pub fn s64s(&self, ptr: u64, count: u64, errs: &mut Vec<String>) -> Vec<i64> {
        if ptr == 0 || count == 0 {
            return Vec::new();
        }
        let n = count.min(4096) as usize;
        match self.read(ptr, 8 * n) {
            Ok(b) => b.chunks(8).map(|c| self.uint(c) as i64).collect(),
            Err(e) => {
                errs.push(e);
                Vec::new()
            }
        }
    }
}

/// The count field that says how many elements of an array are used.
fn count_for(array: &str) -> Option<&'static str> {
    Some(match array {
        "params" => "param_count",
        "errors" => "error_count",
        "locks" => "lock_count",
        "constraints" => "constraint_count",
        "signals" => "signal_count",
        "signal_masks" => "signal_mask_count",
        "struct_specs" => "struct_spec_count",
        "fields" => "field_count",
        "side_effects" => "side_effect_count",
        "state_transitions" => "state_trans_count",
        "capabilities" => "capability_count",
        "protocol_behaviors" => "protocol_behavior_count",
        "addr_families" => "addr_family_count",
        _ => return None,
    })
}

/// What reading a vmlinux found.
#[derive(Debug, Default)]
pub struct VmlinuxSpecs {
    /// Specs in section order.
    pub specs: Vec<Spec>,
    /// Problems.
    pub diags: Vec<Diagnostic>,
    /// `packed (v1)`, `packed (v2)` or `pointer (v3+)`.
    pub layout: String,
}

fn diag(file: &str, severity: Severity, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new("vmlinux", severity, Loc::default(), msg).in_file(file)
}

/// Reads the specs of an ELF image held in memory.
pub fn read(file: &str, data: &[u8]) -> VmlinuxSpecs {
    let mut out = VmlinuxSpecs::default();
    let elf = match object::File::parse(data) {
        Ok(f) => f,
        Err(e) => {
            out.diags.push(diag(file, Severity::Error, format!("not a readable ELF file: {e}")));
            return out;
        }
    };
    let ptr = if elf.is_64() { 8 } else { 4 };
    let little = elf.is_little_endian();
    let mut regions = Vec::new();
    for s in elf.sections() {
        if s.file_range().is_none() || s.size() == 0 {
            continue;
        }
        match s.data() {
            Ok(d) => regions.push((s.address(), d, s.size().min(d.len() as u64))),
            Err(e) => {
                out.diags.push(diag(file, Severity::Warning, format!("section {}: {e}", s.name().unwrap_or("?"))))
            }
        }
    }
    // The specs region: a `.kapi_specs` section, or the linker's start/stop symbols.
    let mut range: Option<(u64, u64)> =
        elf.section_by_name(".kapi_specs").map(|s| (s.address(), s.address() + s.size()));
    if range.is_none() {
        let sym = |n: &str| elf.symbols().find(|s| s.name() == Ok(n)).map(|s| s.address());
        if let (Some(a), Some(b)) = (sym("__start_kapi_specs"), sym("__stop_kapi_specs")) {
            range = Some((a, b));
        }
    }
    let Some((start, stop)) = range else {
        out.diags.push(diag(file, Severity::Error, "no .kapi_specs section and no __start_kapi_specs/__stop_kapi_specs symbols: this kernel was built without CONFIG_KAPI_SPEC"));
        return out;
    };
    if stop < start {
        out.diags.push(diag(
            file,
            Severity::Error,
            format!(".kapi_specs ends (0x{stop:x}) before it starts (0x{start:x})"),
        ));
        return out;
    }
    let len = stop - start;
    let img_ptr = Image { regions: regions.clone(), target: Target { ptr, little, packed: false } };
    let bytes = match img_ptr.read(start, len as usize) {
        Ok(b) => b,
        Err(e) => {
            out.diags.push(diag(file, Severity::Error, format!(".kapi_specs: {e}")));
            return out;
        }
    };
    let packed = Target { ptr, little, packed: true };
    let v2_size = packed.struct_size(&SPEC_V2);
    // Packed when the region starts with a spec name and carries `KAP1` where v1/v2 put it.
    let param_magic_off = packed.offset_of(&SPEC_V2, "param_magic").expect("field exists");
    let looks_packed = len as usize >= param_magic_off + 4 && {
        let m = img_ptr.uint(&bytes[param_magic_off..param_magic_off + 4]) as u32;
        m == magic::PARAMS || (len as usize >= v2_size && valid_name(&bytes[..NAME]))
    };
    if looks_packed {
        read_packed(file, bytes, start, &Image { regions, target: packed }, &mut out);
    } else {
        read_pointers(file, bytes, &Image { regions, target: Target { ptr, little, packed: false } }, &mut out);
    }
    out
}

fn valid_name(b: &[u8]) -> bool {
    let end = match memchr::memchr(0, b) {
        Some(e) if e >= 2 => e,
        _ => return false,
    };
    let s = &b[..end];
    (s[0].is_ascii_alphabetic() || s[0] == b'_') && s.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

fn read_packed(file: &str, bytes: &[u8], start: u64, img: &Image<'_>, out: &mut VmlinuxSpecs) {
    let t = img.target;
    let magic_off = t.offset_of(&SPEC_V2, "param_magic").expect("field exists");
    let sig_v2 = t.offset_of(&SPEC_V2, "signal_magic").expect("field exists");
    let sig_v1 = t.offset_of(&SPEC_V1, "signal_magic").expect("field exists");
    let needle = if t.little { magic::PARAMS.to_le_bytes() } else { magic::PARAMS.to_be_bytes() };
    let mut o = 0usize;
    let mut found = 0usize;
    while o < bytes.len() && found < MAX_SPECS {
        // Re-synchronise on a valid name at o, else on the next `KAP1`.
        if !(valid_name(&bytes[o..bytes.len().min(o + NAME)]) && bytes.len() >= o + magic_off + 4) {
            match memchr::memmem::find(&bytes[(o + magic_off).min(bytes.len())..], &needle) {
                Some(p) => {
                    o += p;
                    if !valid_name(&bytes[o..bytes.len().min(o + NAME)]) {
                        o += 1;
                        continue;
                    }
                }
                None => break,
            }
        }
        // v1 or v2: which offset holds a known magic.
        let m = |off: usize| bytes.get(o + off..o + off + 4).map(|b| img.uint(b) as u32);
        let layout = if m(sig_v1) == Some(magic::SIGNALS)
            || (m(sig_v2) != Some(magic::SIGNALS) && later_magic_fits(bytes, o, img, &SPEC_V1))
        {
            &SPEC_V1
        } else {
            &SPEC_V2
        };
        let size = t.struct_size(layout);
        if o + size > bytes.len() {
            out.diags.push(diag(
                file,
                Severity::Error,
                format!("the spec at section offset 0x{o:x} is cut off: {} of {size} bytes present", bytes.len() - o),
            ));
            break;
        }
        out.layout = if std::ptr::eq(layout, &SPEC_V1) { "packed (v1)".into() } else { "packed (v2)".into() };
        let mut errs = Vec::new();
        let rec = img.decode(layout, start + o as u64, &mut errs);
        let spec = to_spec(file, &rec, img, true, start + o as u64, &mut errs);
        for e in errs {
            out.diags.push(diag(file, Severity::Warning, format!("{}: {e}", spec.name)));
        }
        out.specs.push(spec);
        found += 1;
        o += size;
    }
}

fn later_magic_fits(bytes: &[u8], o: usize, img: &Image<'_>, layout: &Layout) -> bool {
    let t = img.target;
    [
        ("effect_magic", magic::EFFECTS),
        ("cap_magic", magic::CAPS),
        ("trans_magic", magic::TRANS),
        ("struct_magic", magic::STRUCTS),
    ]
    .iter()
    .any(|(f, m)| {
        let off = t.offset_of(layout, f).expect("field exists");
        bytes.get(o + off..o + off + 4).map(|b| img.uint(b) as u32) == Some(*m)
    })
}

fn read_pointers(file: &str, bytes: &[u8], img: &Image<'_>, out: &mut VmlinuxSpecs) {
    out.layout = "pointer (v3+)".into();
    let p = img.target.ptr;
    if !bytes.len().is_multiple_of(p) {
        out.diags.push(diag(
            file,
            Severity::Warning,
            format!(".kapi_specs is {} bytes, not a whole number of {p}-byte pointers", bytes.len()),
        ));
    }
    let n = bytes.len() / p;
    if n > MAX_SPECS {
        out.diags.push(diag(
            file,
            Severity::Warning,
            format!(".kapi_specs holds {n} pointers; only the first {MAX_SPECS} are read"),
        ));
    }
    for (i, chunk) in bytes.chunks_exact(p).take(MAX_SPECS).enumerate() {
        let addr = img.uint(chunk);
        if addr == 0 {
            continue;
        }
        let size = img.target.struct_size(&SPEC_V4);
        if let Err(e) = img.read(addr, size) {
            out.diags.push(diag(file, Severity::Error, format!("spec pointer {i} (0x{addr:x}): {e}")));
            continue;
        }
        let mut errs = Vec::new();
        let rec = img.decode(&SPEC_V4, addr, &mut errs);
        let spec = to_spec(file, &rec, img, false, addr, &mut errs);
        for e in errs {
            out.diags.push(diag(file, Severity::Warning, format!("{}: {e}", spec.name)));
        }
        out.specs.push(spec);
    }
}

fn u(r: &Rec, n: &str) -> u64 {
    match get(r, n) {
        Some(Raw::U(v)) => *v,
        Some(Raw::I(v)) => *v as u64,
        _ => 0,
    }
}

fn i(r: &Rec, n: &str) -> i64 {
    match get(r, n) {
        Some(Raw::I(v)) => *v,
        Some(Raw::U(v)) => *v as i64,
        _ => 0,
    }
}

fn s(r: &Rec, n: &str) -> Option<Text> {
    match get(r, n) {
        Some(Raw::S(Some(v))) if !v.is_empty() => Some(Text::new(v.clone(), Loc::default())),
        _ => None,
    }
}

fn recs<'r>(r: &'r Rec, n: &str) -> &'r [Rec] {
    match get(r, n) {
        Some(Raw::Recs(v)) => v,
        _ => &[],
    }
}

fn tok<E: KapiEnum>(n: u64) -> Token<E> {
    match E::from_number(n) {
        Some(v) => Token { raw: v.long_name().to_string(), loc: Loc::default(), value: Some(v) },
        None => Token { raw: n.to_string(), loc: Loc::default(), value: None },
    }
}

fn flags<E: KapiEnum>(bits: u64) -> FlagSet<E> {
    let known = bits_to_members::<E>(bits);
    let covered = known.iter().fold(0, |a, v| a | v.number());
    FlagSet {
        raw: known.iter().map(|v| v.long_name()).collect::<Vec<_>>().join(" | "),
        loc: Loc::default(),
        known,
        literal_bits: bits & !covered,
        unknown: Vec::new(),
    }
}

fn val(n: i64) -> Value {
    Value::literal(i128::from(n))
}

fn truth(b: u64) -> Truth {
    Truth::of(b != 0)
}

/// Turns a decoded `struct kernel_api_spec` into the model. `packed`
/// selects the v1/v2 meaning of `size_param_idx` (0-based, -1 none) over the
/// v3+ one (1-based, 0 none).
pub fn to_spec(file: &str, r: &Rec, img: &Image<'_>, packed: bool, addr: u64, errs: &mut Vec<String>) -> Spec {
    let mut spec = Spec {
        name: s(r, "name").map(|t| t.text).unwrap_or_default(),
        dialect: None,
        description: s(r, "description"),
        long_desc: s(r, "long_description"),
        contexts: Some(flags(u(r, "context_flags"))).filter(|f| f.bits() != 0),
        examples: s(r, "examples"),
        notes: s(r, "notes"),
        since_version: s(r, "since_version"),
        origin: Origin { file: file.to_string(), ..Origin::default() },
        ..Spec::default()
    };
    spec.extra.push(Attr { key: "address".into(), value: Text::new(format!("0x{addr:x}"), Loc::default()) });
    if let Some(Raw::Rec(net)) = get(r, "net") {
        flatten_net("", net, &mut spec.extra);
    }
    spec.kind = Some(ApiKind::from_name(&spec.name));
    for (idx, p) in recs(r, "params").iter().enumerate() {
        let ct = u(p, "constraint_type");
        let mut param = Param {
            index: idx,
            name: s(p, "name").map(|t| t.text).unwrap_or_default(),
            has_block: true,
            ctype: s(p, "type_name").map(|t| t.text),
            description: s(p, "description"),
            kind: Some(tok(u(p, "type"))),
            flags: Some(flags(u(p, "flags"))).filter(|f| f.bits() != 0),
            constraint_kind: (ct != 0).then(|| tok(ct)),
            cdesc: s(p, "constraints"),
            ..Param::default()
        };
        match ConstraintKind::from_number(ct) {
            Some(ConstraintKind::Range) => {
                param.min = Some(val(i(p, "min_value")));
                param.max = Some(val(i(p, "max_value")));
            }
            Some(ConstraintKind::Mask) => param.mask = Some(Value::literal(i128::from(u(p, "valid_mask")))),
            Some(ConstraintKind::Enum) => {
                param.enum_values =
                    img.s64s(u(p, "enum_values"), u(p, "enum_count"), errs).into_iter().map(val).collect();
            }
            Some(ConstraintKind::UserString) => {
                param.min = Some(val(i(p, "min_value")));
                param.max = Some(val(i(p, "max_value")));
            }
            _ => {}
        }
        if u(p, "size") != 0 {
            param.size = Some(val(u(p, "size") as i64));
        }
        if u(p, "alignment") != 0 {
            param.alignment = Some(val(u(p, "alignment") as i64));
        }
        let sp = i(p, "size_param_idx");
        let sp = if packed { sp } else { sp - 1 };
        if sp >= 0 {
            param.size_param = Some(val(sp));
        }
        if u(p, "size_multiplier") > 1 {
            param.size_multiplier = Some(val(u(p, "size_multiplier") as i64));
        }
        spec.params.push(param);
    }
    if let Some(Raw::Rec(ret)) = get(r, "return_spec") {
        if u(r, "return_magic") == u64::from(magic::RETURN) || s(ret, "type_name").is_some() {
            let check = tok::<ReturnCheck>(u(ret, "check_type"));
            let mut rs = ReturnSpec {
                type_name: s(ret, "type_name"),
                kind: Some(tok(u(ret, "type"))),
                desc: s(ret, "description"),
                ..ReturnSpec::default()
            };
            let (min, max) = (i(ret, "success_min"), i(ret, "success_max"));
            match check.value {
                Some(ReturnCheck::Exact) => rs.success = Some(success(CmpOp::Eq, i(ret, "success_value"))),
                Some(ReturnCheck::Range) if max == i64::MAX => rs.success = Some(success(CmpOp::Ge, min)),
                Some(ReturnCheck::Range) if min == i64::MIN => rs.success = Some(success(CmpOp::Le, max)),
                Some(ReturnCheck::Range) if min != 0 || max != 0 => {
                    rs.success_min = Some(val(min));
                    rs.success_max = Some(val(max));
                }
                _ => {}
            }
            rs.error_values =
                img.s64s(u(ret, "error_values"), u(ret, "error_count"), errs).into_iter().map(val).collect();
            rs.check = Some(check);
            spec.ret = Some(rs);
        }
    }
    for e in recs(r, "errors") {
        let code = i(e, "error_code") as i32;
        spec.errors.push(ErrorSpec {
            name: s(e, "name")
                .map(|t| t.text)
                .or_else(|| tables::errno_name(-code).map(str::to_string))
                .unwrap_or_default(),
            code: Some(code),
            summary: s(e, "condition"),
            desc: s(e, "description"),
            ..ErrorSpec::default()
        });
    }
    for l in recs(r, "locks") {
        spec.locks.push(LockSpec {
            name: s(l, "lock_name").map(|t| t.text).unwrap_or_default(),
            kind: Some(tok(u(l, "lock_type"))),
            scope: Some(tok(u(l, "scope"))),
            desc: s(l, "description"),
            ..LockSpec::default()
        });
    }
    for c in recs(r, "constraints") {
        spec.constraints.push(Constraint {
            name: s(c, "name").unwrap_or_default(),
            desc: s(c, "description"),
            expr: s(c, "expression"),
            ..Constraint::default()
        });
    }
    for g in recs(r, "signals") {
        let num = i(g, "signal_num") as i32;
        let name = s(g, "signal_name").map(|t| t.text).unwrap_or_default();
        let eos = i(g, "error_on_signal") as i32;
        spec.signals.push(SignalSpec {
            number: if num != 0 { Some(num) } else { tables::signal(&name) },
            name,
            direction: Some(flags(u(g, "direction"))),
            action: Some(tok(u(g, "action"))),
            target: s(g, "target"),
            condition: s(g, "condition"),
            desc: s(g, "description"),
            restartable: (u(g, "restartable") != 0).then(|| truth(1)),
            sa_flags_required: (u(g, "sa_flags_required") != 0).then(|| val(u(g, "sa_flags_required") as i64)),
            sa_flags_forbidden: (u(g, "sa_flags_forbidden") != 0).then(|| val(u(g, "sa_flags_forbidden") as i64)),
            errno: (eos != 0).then(|| {
                ErrnoRef::parse(
                    &format!("-{}", tables::errno_name(-eos).map_or_else(|| (-eos).to_string(), str::to_string)),
                    Loc::default(),
                )
            }),
            transform_to: (i(g, "transform_to") != 0).then(|| val(i(g, "transform_to"))),
            timing: s(g, "timing").map(|t| Token::parse(&t.text, Loc::default())),
            priority: (u(g, "priority") != 0).then(|| val(u(g, "priority") as i64)),
            interruptible: (u(g, "interruptible") != 0).then(|| truth(1)),
            queue: s(g, "queue_behavior").map(|t| Token::parse(&t.text, Loc::default())),
            state_required: Some(flags(u(g, "state_required"))).filter(|f| f.bits() != 0),
            state_forbidden: Some(flags(u(g, "state_forbidden"))).filter(|f| f.bits() != 0),
            ..SignalSpec::default()
        });
    }
    for m in recs(r, "signal_masks") {
        let n = u(m, "signal_count") as usize;
        let sigs = match get(m, "signals") {
            Some(Raw::Ints(v)) => v.iter().take(n.min(32)).map(|x| val(*x)).collect(),
            _ => Vec::new(),
        };
        spec.signal_masks.push(SignalMask {
            name: s(m, "mask_name").map(|t| t.text).unwrap_or_default(),
            signals: sigs,
            desc: s(m, "description"),
            ..SignalMask::default()
        });
    }
    for st in recs(r, "struct_specs") {
        let mut ss = StructSpec {
            name: s(st, "name").unwrap_or_default(),
            size: (u(st, "size") != 0).then(|| val(u(st, "size") as i64)),
            alignment: (u(st, "alignment") != 0).then(|| val(u(st, "alignment") as i64)),
            desc: s(st, "description"),
            ..StructSpec::default()
        };
        for f in recs(st, "fields") {
            let ct = u(f, "constraint_type");
            let mut sf = StructField {
                name: s(f, "name").map(|t| t.text).unwrap_or_default(),
                ctype: s(f, "type_name"),
                desc: s(f, "description"),
                ..StructField::default()
            };
            if ct != 0 {
                sf.constraint_kind = Some(tok(ct));
            }
            if ConstraintKind::from_number(ct) == Some(ConstraintKind::Range) {
                sf.min = Some(val(i(f, "min_value")));
                sf.max = Some(val(i(f, "max_value")));
            }
            if ConstraintKind::from_number(ct) == Some(ConstraintKind::Mask) {
                sf.mask = Some(Value::literal(i128::from(u(f, "valid_mask"))));
            }
            ss.fields.push(sf);
        }
        spec.structs.push(ss);
    }
    for e in recs(r, "side_effects") {
        spec.side_effects.push(SideEffect {
            loc: Loc::default(),
            kinds: flags(u(e, "type")),
            target: s(e, "target"),
            condition: s(e, "condition"),
            desc: s(e, "description"),
            reversible: (u(e, "reversible") != 0).then(|| truth(1)),
            extra: Vec::new(),
        });
    }
    for t in recs(r, "state_transitions") {
        spec.state_transitions.push(StateTransition {
            object: s(t, "object").unwrap_or_default(),
            from: s(t, "from_state"),
            to: s(t, "to_state"),
            condition: s(t, "condition"),
            desc: s(t, "description"),
            ..StateTransition::default()
        });
    }
    for c in recs(r, "capabilities") {
        let num = i(c, "capability") as i32;
        let n = u(c, "alternative_count") as usize;
        spec.capabilities.push(Capability {
            cap: tables::capability_name(num).map_or_else(|| num.to_string(), str::to_string),
            number: Some(num),
            action: Some(tok(u(c, "action"))),
            name: s(c, "cap_name"),
            allows: s(c, "allows"),
            without: s(c, "without_cap"),
            condition: s(c, "check_condition"),
            priority: (u(c, "priority") != 0).then(|| val(u(c, "priority") as i64)),
            alternatives: match get(c, "alternative") {
                Some(Raw::Ints(v)) => v.iter().take(n.min(8)).map(|x| val(*x)).collect(),
                _ => Vec::new(),
            },
            ..Capability::default()
        });
    }
    spec
}

/// Keeps the non-empty network fields as `path = value` attributes, the
/// same paths the macro reader uses.
fn flatten_net(prefix: &str, r: &Rec, out: &mut Vec<Attr>) {
    for (name, v) in r {
        if name.ends_with("_count") && matches!(v, Raw::U(_)) && !prefix.is_empty() {
            continue;
        }
        let key = format!("{prefix}{name}");
        let text = match v {
            Raw::U(0) | Raw::I(0) | Raw::S(None) => continue,
            Raw::U(x) => x.to_string(),
            Raw::I(x) => x.to_string(),
            Raw::S(Some(t)) => t.clone(),
            Raw::Ints(xs) => {
                let n = match name.strip_suffix("_states") {
                    Some(stem) => u(r, &format!("{stem}_state_count")) as usize,
                    None => xs.len(),
                };
                if n == 0 {
                    continue;
                }
                xs.iter().take(n).map(i64::to_string).collect::<Vec<_>>().join(", ")
            }
            Raw::Recs(items) => {
                for (i, item) in items.iter().enumerate() {
                    flatten_net(&format!("{key}[{i}]."), item, out);
                }
                continue;
            }
            Raw::Rec(inner) => {
                flatten_net(&format!("{key}."), inner, out);
                continue;
            }
        };
        out.push(Attr { key, value: Text::new(text, Loc::default()) });
    }
}

fn success(op: CmpOp, v: i64) -> Success {
    Success { raw: format!("{} {v}", op.as_str()), loc: Loc::default(), op, value: val(v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_the_measured_sizes() {
        let p64 = Target { ptr: 8, little: true, packed: false };
        assert_eq!(p64.struct_size(&PARAM), 120);
        assert_eq!(p64.struct_size(&SIGNAL), 104);
        assert_eq!(p64.struct_size(&CAP), 88);
        assert_eq!(p64.struct_size(&STRUCT), 1448);
        assert_eq!(p64.struct_size(&SPEC_V4), 26400);
        assert_eq!(p64.offset_of(&SPEC_V4, "return_magic"), Some(1968));
        assert_eq!(p64.offset_of(&SPEC_V4, "capabilities"), Some(25696));
        let packed = Target { ptr: 8, little: true, packed: true };
        assert_eq!(packed.struct_size(&PARAM), 1364);
        assert_eq!(packed.struct_size(&SIGNAL), 1767);
        assert_eq!(packed.struct_size(&CAP), 1709);
        assert_eq!(packed.struct_size(&STRUCT), 21972);
        assert_eq!(packed.struct_size(&SPEC_V1), 462_304);
        assert_eq!(packed.struct_size(&SPEC_V2), 462_272);
        assert_eq!(packed.offset_of(&SPEC_V1, "param_magic"), Some(2696));
        assert_eq!(packed.offset_of(&SPEC_V1, "locks"), Some(62232));
        assert_eq!(packed.offset_of(&SPEC_V1, "signal_magic"), Some(121_924));
        assert_eq!(packed.offset_of(&SPEC_V2, "signal_magic"), Some(121_892));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let r = read("x", b"\x7fELF garbage");
        assert!(r.specs.is_empty());
        assert_eq!(r.diags.len(), 1);
        let r = read("x", &[]);
        assert_eq!(r.diags.len(), 1);
    }
}
