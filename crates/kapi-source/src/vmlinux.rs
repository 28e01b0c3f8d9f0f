//! Reading specs from the `.kapi_specs` section of a vmlinux (or any ELF
//! object built with the KAPI headers).
//!
//! Two layouts exist:
//! - **packed** (v1, v2): whole `struct kernel_api_spec` objects with inline
//!   `char[]` strings, 462304 bytes each in v1 (with `since_version[32]`) and
//!   462272 in v2, one after another; found by name and the `KAP1` parameter
//!   magic, v1 told from v2 by where the later magics sit;
//! - **pointer** (v3, v4): an array of pointers to naturally aligned structs
//!   whose strings are `const char *`; addresses are mapped to file offsets
//!   through the section headers.
//!
//! The section is found by name (`.kapi_specs`) or, as a kernel links it,
//! between the `__start_kapi_specs` and `__stop_kapi_specs` symbols inside
//! `.rodata`. Linked images (vmlinux, executables) are read as they are;
//! relocatable objects (`.o`) get synthetic section addresses and their
//! absolute relocations applied first, since their pointers are still 0.
//!
//! Pointer size, byte order and the alignment of 64-bit members (4 on i386)
//! come from the ELF header. Every read is bounds-checked; counts are clamped
//! to their array sizes; strings must end within 64 KiB; a spec listed twice
//! is read once; and the decoded output is bounded by a budget proportional
//! to the input, so no input makes the reader allocate without bound. A
//! corrupt file gives diagnostics naming it, never a panic.

use kapi_model::enums::*;
use kapi_model::*;
use object::{Object, ObjectKind, ObjectSection, ObjectSymbol, RelocationKind, RelocationTarget, SectionIndex};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};

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
    /// Alignment of `s64`/`u64` members: 8, but 4 on i386.
    pub align64: usize,
}

impl Target {
    /// A target with natural alignment: 64-bit members aligned to 8, or to 4
    /// when `i386` (whose ABI aligns them to 4).
    pub fn new(ptr: usize, little: bool, packed: bool, i386: bool) -> Self {
        Target { ptr, little, packed, align64: if i386 { 4 } else { 8 } }
    }

    fn align(&self, k: Kind) -> usize {
        if self.packed {
            return 1;
        }
        match k {
            Str(_) | Ptr | Size => self.ptr,
            U8 | Bool => 1,
            U32 | I32 | I32s(_) | U32s(_) => 4,
            S64 | U64 => self.align64,
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
        let end = self.fields(l).last().map_or(0, |(_, off, k)| off + self.size(*k));
        let a = self.struct_align(l);
        end.div_ceil(a) * a
    }

    /// Every field of a struct with its offset and kind, in order.
    pub fn fields(&self, l: &Layout) -> Vec<(&'static str, usize, Kind)> {
        let mut off = 0usize;
        let mut out = Vec::with_capacity(l.fields.len());
        for (n, k) in l.fields {
            let a = self.align(*k);
            off = off.div_ceil(a) * a;
            out.push((*n, off, *k));
            off += self.size(*k);
        }
        out
    }

    /// The offset of a top-level field.
    pub fn offset_of(&self, l: &Layout, field: &str) -> Option<usize> {
        self.fields(l).into_iter().find(|(n, _, _)| *n == field).map(|(_, off, _)| off)
    }

    /// Decodes an unsigned integer of `b.len()` bytes in the target's order.
    pub fn uint(&self, b: &[u8]) -> u64 {
        let mut v = 0u64;
        for (i, x) in b.iter().take(8).enumerate() {
            let shift = if self.little { 8 * i } else { 8 * (b.len().min(8) - 1 - i) };
            v |= u64::from(*x) << shift;
        }
        v
    }
}

/// Output budget: this much plus [`BUDGET_PER_BYTE`] per input byte.
pub const BUDGET_BASE: u64 = 16 << 20;
/// Output budget per input byte.
pub const BUDGET_PER_BYTE: u64 = 16;
/// Most problems reported per spec; the rest are counted.
const MAX_PROBLEMS_PER_SPEC: usize = 16;
/// Most diagnostics for one file; the rest are counted.
const MAX_DIAGS: usize = 512;

/// One readable piece of the image: a section's bytes at its address.
struct Region<'d> {
    addr: u64,
    data: Cow<'d, [u8]>,
}

/// The readable memory of the image: loaded sections by address.
pub struct Image<'d> {
    regions: Vec<Region<'d>>,
    /// After [`Image::seal`]: for each region (sorted by address), the
    /// highest end address of it and every region before it.
    reach: Option<Vec<u64>>,
    target: Target,
    budget: Cell<u64>,
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
    /// An empty image for `target` that decodes at most `budget` bytes of output.
    pub fn new(target: Target, budget: u64) -> Self {
        Image { regions: Vec::new(), reach: None, target, budget: Cell::new(budget) }
    }

    /// Maps `data` at address `addr`.
    pub fn map(&mut self, addr: u64, data: Cow<'d, [u8]>) {
        self.regions.push(Region { addr, data });
        self.reach = None;
    }

    /// Sorts the regions so that each lookup is a binary search, however
    /// many sections the image has. Call it after the last [`Image::map`].
    pub fn seal(&mut self) {
        self.regions.sort_by_key(|r| r.addr);
        let mut max = 0u64;
        self.reach = Some(
            self.regions
                .iter()
                .map(|r| {
                    max = max.max(r.addr.saturating_add(r.data.len() as u64));
                    max
                })
                .collect(),
        );
    }

    /// The target the image is decoded for.
    pub fn target(&self) -> Target {
        self.target
    }

    /// Whether the output budget is spent.
    pub fn exhausted(&self) -> bool {
        self.budget.get() == 0
    }

    fn region(&self, addr: u64) -> Option<(&[u8], usize)> {
        let within = |r: &'_ Region<'d>| {
            let off = addr.checked_sub(r.addr)?;
            (off < r.data.len() as u64).then_some(off as usize)
        };
        let Some(reach) = &self.reach else {
            return self.regions.iter().find_map(|r| within(r).map(|off| (&r.data[..], off)));
        };
        // The last region starting at or below `addr`, then a few before it
        // in case sections overlap (linked images have no overlaps).
        let upto = self.regions.partition_point(|r| r.addr <= addr);
        (0..upto)
            .rev()
            .take(8)
            .take_while(|i| reach[*i] > addr)
            .find_map(|i| within(&self.regions[i]).map(|off| (&self.regions[i].data[..], off)))
    }

    /// `len` bytes at `addr`, all within one section.
    pub fn read(&self, addr: u64, len: usize) -> Result<&[u8], String> {
        let Some((data, off)) = self.region(addr) else {
            return Err(format!("address 0x{addr:x} is not in any section with file contents"));
        };
        match off.checked_add(len).filter(|e| *e <= data.len()) {
            Some(end) => Ok(&data[off..end]),
            None => Err(format!("{len} bytes at 0x{addr:x} run past the end of their section")),
        }
    }

    fn charge(&self, n: usize) -> Result<(), String> {
        let left = self.budget.get();
        match left.checked_sub(n as u64) {
            Some(rest) if left > 0 => {
                self.budget.set(rest);
                Ok(())
            }
            _ => {
                self.budget.set(0);
                Err("the output limit for this file is reached".into())
            }
        }
    }

    fn uint(&self, b: &[u8]) -> u64 {
        self.target.uint(b)
    }

    fn cstr(&self, addr: u64) -> Result<Option<String>, String> {
        if addr == 0 {
            return Ok(None);
        }
        let Some((data, off)) = self.region(addr) else {
            return Err(format!("string address 0x{addr:x} is not in any section with file contents"));
        };
        let rest = &data[off..];
        let window = &rest[..rest.len().min(MAX_STRING)];
        match memchr::memchr(0, window) {
            Some(n) => {
                self.charge(n + 1)?;
                Ok(Some(String::from_utf8_lossy(&window[..n]).into_owned()))
            }
            None => {
                self.charge(window.len())?;
                Err(format!("the string at 0x{addr:x} has no NUL within {} bytes", window.len()))
            }
        }
    }

    /// Decodes a struct at `addr`; problems go to `errs`.
    pub fn decode(&self, l: &Layout, addr: u64, errs: &mut Vec<String>) -> Rec {
        let t = self.target;
        let mut rec = Vec::with_capacity(l.fields.len());
        for (name, off, k) in t.fields(l) {
            if let Err(e) = self.charge(16) {
                errs.push(format!("{}.{name}: {e}", l.name));
                break;
            }
            let at = addr.wrapping_add(off as u64);
            let mut fail = |e: String| errs.push(format!("{}.{name}: {e}", l.name));
            let v = match k {
                Str(n) if t.packed => match self.read(at, n) {
                    Ok(b) => {
                        let end = memchr::memchr(0, b).unwrap_or(b.len());
                        let s = String::from_utf8_lossy(&b[..end]).into_owned();
                        Raw::S((!s.is_empty()).then_some(s))
                    }
                    Err(e) => {
                        fail(e);
                        Raw::S(None)
                    }
                },
                Str(_) => match self.read(at, t.ptr).map(|b| self.uint(b)).and_then(|p| self.cstr(p)) {
                    Ok(s) => Raw::S(s),
                    Err(e) => {
                        fail(e);
                        Raw::S(None)
                    }
                },
                U8 | Bool | U32 | U64 | Size | Ptr => match self.read(at, t.size(k)) {
                    Ok(b) => Raw::U(self.uint(b)),
                    Err(e) => {
                        fail(e);
                        Raw::U(0)
                    }
                },
                I32 => match self.read(at, 4) {
                    Ok(b) => Raw::I(i64::from(self.uint(b) as u32 as i32)),
                    Err(e) => {
                        fail(e);
                        Raw::I(0)
                    }
                },
                S64 => match self.read(at, 8) {
                    Ok(b) => Raw::I(self.uint(b) as i64),
                    Err(e) => {
                        fail(e);
                        Raw::I(0)
                    }
                },
                I32s(n) | U32s(n) => match self.read(at, 4 * n) {
                    Ok(b) => Raw::Ints(b.chunks(4).map(|c| i64::from(self.uint(c) as u32 as i32)).collect()),
                    Err(e) => {
                        fail(e);
                        Raw::Ints(Vec::new())
                    }
                },
                Structs(inner, n) => {
                    // Only as many elements as the matching count says are decoded.
                    let count_field = count_for(name);
                    let count = count_field.and_then(|c| match get(&rec, c) {
                        Some(Raw::U(v)) => Some(*v),
                        _ => None,
                    });
                    let want = count.map_or(n, |c| c.min(n as u64) as usize);
                    if let Some(c) = count.filter(|c| *c > n as u64) {
                        fail(format!("count {c} exceeds the array of {n}; only {n} are read"));
                    }
                    let stride = t.struct_size(inner) as u64;
                    let mut items = Vec::with_capacity(want);
                    for i in 0..want {
                        if self.exhausted() {
                            break;
                        }
                        items.push(self.decode(inner, at.wrapping_add(stride * i as u64), errs));
                    }
                    Raw::Recs(items)
                }
                Nested(inner) => Raw::Rec(self.decode(inner, at, errs)),
            };
            rec.push((name, v));
        }
        rec
    }

    /// Reads `count` s64 values through a pointer (bounded).
    pub fn s64s(&self, ptr: u64, count: u64, errs: &mut Vec<String>) -> Vec<i64> {
        if ptr == 0 || count == 0 {
            return Vec::new();
        }
        let n = count.min(4096) as usize;
        if count > 4096 {
            errs.push(format!("{count} values at 0x{ptr:x}; only the first 4096 are read"));
        }
        match self.charge(8 * n).and_then(|()| self.read(ptr, 8 * n)) {
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
    /// `packed (v1)`, `packed (v2)` or `pointer (v3+)`; empty when nothing was read.
    pub layout: String,
}

impl VmlinuxSpecs {
    fn push(&mut self, file: &str, severity: Severity, msg: impl Into<String>) {
        if self.diags.len() < MAX_DIAGS {
            self.diags.push(diag(file, severity, msg));
        } else if self.diags.len() == MAX_DIAGS {
            self.diags.push(diag(file, Severity::Warning, "further problems are not reported"));
        }
    }

    /// Records a diagnostic whatever the count (the closing summaries).
    fn push_always(&mut self, file: &str, severity: Severity, msg: impl Into<String>) {
        self.diags.push(diag(file, severity, msg));
    }
}

fn diag(file: &str, severity: Severity, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new("vmlinux", severity, Loc::default(), msg).in_file(file)
}

const SHF_ALLOC: u64 = 0x2;
const SHF_EXECINSTR: u64 = 0x4;

fn elf_flags(s: &object::Section<'_, '_>) -> u64 {
    match s.flags() {
        object::SectionFlags::Elf { sh_flags } => sh_flags,
        _ => SHF_ALLOC,
    }
}

/// Reads the specs of an ELF image held in memory: a vmlinux, a linked
/// executable or a relocatable object.
pub fn read(file: &str, data: &[u8]) -> VmlinuxSpecs {
    let mut out = VmlinuxSpecs::default();
    match object::FileKind::parse(data) {
        Ok(object::FileKind::Elf32 | object::FileKind::Elf64) => {}
        Ok(k) => {
            out.push(file, Severity::Error, format!("not an ELF file (found {k:?})"));
            return out;
        }
        Err(e) => {
            out.push(file, Severity::Error, format!("not a readable ELF file: {e}"));
            return out;
        }
    }
    let elf = match object::File::parse(data) {
        Ok(f) => f,
        Err(e) => {
            out.push(file, Severity::Error, format!("not a readable ELF file: {e}"));
            return out;
        }
    };
    let target = Target::new(
        if elf.is_64() { 8 } else { 4 },
        elf.is_little_endian(),
        false,
        elf.architecture() == object::Architecture::I386,
    );
    let budget = BUDGET_BASE.saturating_add(BUDGET_PER_BYTE.saturating_mul(data.len() as u64));
    let relocatable = elf.kind() == ObjectKind::Relocatable;
    let mut img = Image::new(target, budget);
    // Relocated copies and relocation entries are bounded too (sections and
    // their relocation tables may overlap in a hostile file).
    let mut limits = RelocLimits { bytes: budget, entries: data.len() as u64 / 8 + 1024, warned: false };
    let bases = section_bases(&elf, relocatable);
    for s in elf.sections() {
        let flags = elf_flags(&s);
        if flags & SHF_ALLOC == 0 || s.file_range().is_none() || s.size() == 0 {
            continue;
        }
        let Some(&addr) = bases.get(&s.index()) else { continue };
        match s.data() {
            Ok(d) => {
                let d = if relocatable {
                    relocate(file, &elf, &s, d, &bases, target, &mut limits, &mut out)
                } else {
                    Cow::Borrowed(d)
                };
                img.map(addr, d);
            }
            Err(e) => {
                out.push(file, Severity::Warning, format!("section {}: {e}", s.name().unwrap_or("?")));
            }
        }
    }
    img.seal();
    // The specs region: a `.kapi_specs` section, or the linker's start/stop symbols.
    let mut range = elf
        .section_by_name(".kapi_specs")
        .and_then(|s| Some((*bases.get(&s.index())?, s.size())))
        .map(|(a, n)| (a, a.saturating_add(n)));
    if range.is_none() {
        let sym = |n: &str| {
            let s = elf.symbols().find(|s| s.name() == Ok(n))?;
            let base = match s.section_index() {
                Some(i) if relocatable => *bases.get(&i)?,
                _ => 0,
            };
            Some(base.wrapping_add(s.address()))
        };
        if let (Some(a), Some(b)) = (sym("__start_kapi_specs"), sym("__stop_kapi_specs")) {
            range = Some((a, b));
        }
    }
    let Some((start, stop)) = range else {
        out.push(file, Severity::Error, "no .kapi_specs section and no __start_kapi_specs/__stop_kapi_specs symbols: this kernel was built without CONFIG_KAPI_SPEC");
        return out;
    };
    if stop < start {
        out.push(file, Severity::Error, format!(".kapi_specs ends (0x{stop:x}) before it starts (0x{start:x})"));
        return out;
    }
    let len = usize::try_from(stop - start).unwrap_or(usize::MAX);
    if len == 0 {
        out.push(file, Severity::Warning, ".kapi_specs is empty");
        return out;
    }
    let packed = match img.read(start, len) {
        Ok(bytes) => looks_packed(bytes, target),
        Err(e) => {
            out.push(file, Severity::Error, format!(".kapi_specs: {e}"));
            return out;
        }
    };
    if packed {
        img.target = Target { packed: true, ..target };
        read_packed(file, start, len, &img, &mut out);
    } else {
        read_pointers(file, start, len, &img, &mut out);
    }
    if img.exhausted() {
        out.push_always(file, Severity::Error, "the output limit for this file was reached; later specs are not read");
    }
    out
}

/// Section addresses: as linked, or laid out one after another for a
/// relocatable object (whose sections all start at 0).
fn section_bases(elf: &object::File<'_>, relocatable: bool) -> HashMap<SectionIndex, u64> {
    let mut bases = HashMap::new();
    let mut cursor: u64 = 0x10_0000;
    for s in elf.sections() {
        if elf_flags(&s) & SHF_ALLOC == 0 {
            continue;
        }
        if !relocatable {
            bases.insert(s.index(), s.address());
            continue;
        }
        let align = s.align().clamp(16, 4096);
        let Some(base) = cursor.checked_next_multiple_of(align) else { break };
        let size = s.file_range().map_or(0, |(_, n)| n);
        let Some(next) = base.checked_add(size) else { break };
        bases.insert(s.index(), base);
        cursor = next;
    }
    bases
}

/// What relocating may still copy and apply.
struct RelocLimits {
    bytes: u64,
    entries: u64,
    warned: bool,
}

impl RelocLimits {
    fn spent(&mut self, file: &str, out: &mut VmlinuxSpecs) {
        if !self.warned {
            self.warned = true;
            out.push(file, Severity::Warning, "too many relocations for the file's size; the rest are not applied");
        }
    }
}

/// A relocatable section's bytes with its absolute relocations applied.
#[allow(clippy::too_many_arguments)]
fn relocate<'d>(
    file: &str,
    elf: &object::File<'d>,
    s: &object::Section<'d, '_>,
    data: &'d [u8],
    bases: &HashMap<SectionIndex, u64>,
    target: Target,
    limits: &mut RelocLimits,
    out: &mut VmlinuxSpecs,
) -> Cow<'d, [u8]> {
    let mut relocs = s.relocations().peekable();
    if relocs.peek().is_none() {
        return Cow::Borrowed(data);
    }
    match limits.bytes.checked_sub(data.len() as u64) {
        Some(rest) => limits.bytes = rest,
        None => {
            limits.spent(file, out);
            return Cow::Borrowed(data);
        }
    }
    let mut buf = data.to_vec();
    let (mut other, mut bad, mut unresolved) = (0usize, 0usize, 0usize);
    for (off, r) in relocs {
        if limits.entries == 0 {
            limits.spent(file, out);
            break;
        }
        limits.entries -= 1;
        let width = usize::from(r.size() / 8);
        if r.kind() != RelocationKind::Absolute || !(width == 4 || width == 8) {
            other += 1;
            continue;
        }
        let Some(slot) = usize::try_from(off).ok().and_then(|o| buf.get_mut(o..o.checked_add(width)?)) else {
            bad += 1;
            continue;
        };
        let value = match r.target() {
            RelocationTarget::Symbol(i) => elf.symbol_by_index(i).ok().and_then(|sym| match sym.section_index() {
                Some(si) => bases.get(&si).map(|b| b.wrapping_add(sym.address())),
                None if sym.is_undefined() => None,
                None => Some(sym.address()),
            }),
            RelocationTarget::Section(si) => bases.get(&si).copied(),
            RelocationTarget::Absolute => Some(0),
            _ => None,
        };
        let Some(value) = value else {
            unresolved += 1;
            continue;
        };
        // REL relocations keep their addend in place (sign-extended).
        let implicit = if r.has_implicit_addend() {
            let v = target.uint(slot);
            if width == 4 {
                v as u32 as i32 as i64 as u64
            } else {
                v
            }
        } else {
            0
        };
        let v = value.wrapping_add(r.addend() as u64).wrapping_add(implicit);
        let bytes = if target.little { v.to_le_bytes() } else { v.to_be_bytes() };
        if target.little {
            slot.copy_from_slice(&bytes[..width]);
        } else {
            slot.copy_from_slice(&bytes[8 - width..]);
        }
    }
    let name = s.name().unwrap_or("?");
    if bad > 0 {
        out.push(file, Severity::Warning, format!("section {name}: {bad} relocations point outside the section"));
    }
    if unresolved > 0 {
        out.push(file, Severity::Warning, format!("section {name}: {unresolved} relocations name undefined symbols"));
    }
    if other > 0 && elf_flags(s) & SHF_EXECINSTR == 0 {
        out.push(
            file,
            Severity::Warning,
            format!("section {name}: {other} relocations are not absolute and are not applied"),
        );
    }
    Cow::Owned(buf)
}

fn valid_name(b: &[u8]) -> bool {
    let end = match memchr::memchr(0, b) {
        Some(e) if e >= 2 => e,
        _ => return false,
    };
    let s = &b[..end];
    (s[0].is_ascii_alphabetic() || s[0] == b'_') && s.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Packed when the section starts with a spec name and carries `KAP1` where
/// v1/v2 put it, or is a whole number of packed specs.
fn looks_packed(bytes: &[u8], target: Target) -> bool {
    let packed = Target { packed: true, ..target };
    let param_magic = packed.offset_of(&SPEC_V2, "param_magic").unwrap_or(usize::MAX);
    let Some(m) = bytes.get(param_magic..param_magic.saturating_add(4)) else { return false };
    if !valid_name(&bytes[..bytes.len().min(NAME)]) {
        return false;
    }
    let (v1, v2) = (packed.struct_size(&SPEC_V1), packed.struct_size(&SPEC_V2));
    packed.uint(m) as u32 == magic::PARAMS || bytes.len().is_multiple_of(v1) || bytes.len().is_multiple_of(v2)
}

fn read_packed(file: &str, start: u64, len: usize, img: &Image<'_>, out: &mut VmlinuxSpecs) {
    let t = img.target;
    let Ok(bytes) = img.read(start, len) else { return };
    let magic_off = t.offset_of(&SPEC_V2, "param_magic").unwrap_or(0);
    let sig_v2 = t.offset_of(&SPEC_V2, "signal_magic").unwrap_or(0);
    let sig_v1 = t.offset_of(&SPEC_V1, "signal_magic").unwrap_or(0);
    let (v1_size, v2_size) = (t.struct_size(&SPEC_V1), t.struct_size(&SPEC_V2));
    let needle = if t.little { magic::PARAMS.to_le_bytes() } else { magic::PARAMS.to_be_bytes() };
    let mut o = 0usize;
    let mut found = 0usize;
    // Every spec of one kernel has the same layout; the first clear answer sticks.
    let mut known: Option<&'static Layout> = None;
    while o < bytes.len() && found < MAX_SPECS && !img.exhausted() {
        // Re-synchronise on a valid name at o, else on the next `KAP1`.
        if !(valid_name(&bytes[o..bytes.len().min(o + NAME)]) && bytes.len() >= o + magic_off + 4) {
            let from = o.saturating_add(magic_off).min(bytes.len());
            match memchr::memmem::find(&bytes[from..], &needle) {
                Some(p) => {
                    let skipped = o;
                    o += p.max(1);
                    if !valid_name(&bytes[o..bytes.len().min(o + NAME)]) {
                        continue;
                    }
                    out.push(
                        file,
                        Severity::Warning,
                        format!("section bytes 0x{skipped:x}..0x{o:x} hold no spec; skipped to the next one"),
                    );
                }
                None => {
                    if o == 0 || bytes[o..].iter().any(|b| *b != 0) {
                        out.push(file, Severity::Warning, format!("section bytes from 0x{o:x} hold no spec"));
                    }
                    break;
                }
            }
        }
        // v1 or v2: which offset holds a known magic.
        let m = |off: usize| bytes.get(o + off..o + off + 4).map(|b| t.uint(b) as u32);
        let rest = bytes.len() - o;
        let layout: &'static Layout = if m(sig_v1) == Some(magic::SIGNALS) {
            &SPEC_V1
        } else if m(sig_v2) == Some(magic::SIGNALS) {
            &SPEC_V2
        } else if let Some(l) = known {
            l
        } else if later_magic_fits(bytes, o, t, &SPEC_V1) {
            &SPEC_V1
        } else if later_magic_fits(bytes, o, t, &SPEC_V2)
            || !rest.is_multiple_of(v1_size)
            || rest.is_multiple_of(v2_size)
        {
            &SPEC_V2
        } else {
            &SPEC_V1
        };
        if m(sig_v1) == Some(magic::SIGNALS) || m(sig_v2) == Some(magic::SIGNALS) {
            known = Some(layout);
        }
        let size = t.struct_size(layout);
        if o + size > bytes.len() {
            out.push(
                file,
                Severity::Error,
                format!("the spec at section offset 0x{o:x} is cut off: {rest} of {size} bytes present"),
            );
            break;
        }
        out.layout = if std::ptr::eq(layout, &SPEC_V1) { "packed (v1)".into() } else { "packed (v2)".into() };
        let addr = start + o as u64;
        let mut errs = Vec::new();
        let rec = img.decode(layout, addr, &mut errs);
        let spec = to_spec(file, &rec, img, true, addr, &mut errs);
        report(file, &spec.name, errs, out);
        out.specs.push(spec);
        found += 1;
        o += size;
        // Compilers align big objects (to 32 bytes on x86); where a spec's
        // size is not a multiple of that, zero padding follows it.
        if o < bytes.len() && !valid_name(&bytes[o..bytes.len().min(o + NAME)]) {
            let next = ((start + o as u64).next_multiple_of(SPEC_ALIGN) - start) as usize;
            if next < bytes.len()
                && bytes[o..next].iter().all(|b| *b == 0)
                && valid_name(&bytes[next..bytes.len().min(next + NAME)])
            {
                o = next;
            }
        }
    }
}

/// The alignment compilers give large objects (x86 GCC: 32 bytes).
const SPEC_ALIGN: u64 = 32;

/// Reports a spec's decoding problems, at most a few each, and a name that
/// `DEFINE_KERNEL_API_SPEC` could not have made.
fn report(file: &str, name: &str, mut errs: Vec<String>, out: &mut VmlinuxSpecs) {
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    let label = if identifier {
        name.to_string()
    } else {
        let short: String = name.chars().take(64).collect();
        errs.insert(0, "its name is not a C identifier, so this is probably not a spec".into());
        format!("{short:?}")
    };
    let n = errs.len();
    for e in errs.into_iter().take(MAX_PROBLEMS_PER_SPEC) {
        out.push(file, Severity::Warning, format!("{label}: {e}"));
    }
    if n > MAX_PROBLEMS_PER_SPEC {
        out.push(file, Severity::Warning, format!("{label}: {} more problems", n - MAX_PROBLEMS_PER_SPEC));
    }
}

fn later_magic_fits(bytes: &[u8], o: usize, t: Target, layout: &Layout) -> bool {
    [
        ("effect_magic", magic::EFFECTS),
        ("cap_magic", magic::CAPS),
        ("trans_magic", magic::TRANS),
        ("struct_magic", magic::STRUCTS),
        ("sigmask_magic", magic::SIGMASK),
    ]
    .iter()
    .any(|(f, m)| {
        t.offset_of(layout, f).is_some_and(|off| bytes.get(o + off..o + off + 4).map(|b| t.uint(b) as u32) == Some(*m))
    })
}

fn read_pointers(file: &str, start: u64, len: usize, img: &Image<'_>, out: &mut VmlinuxSpecs) {
    out.layout = "pointer (v3+)".into();
    let Ok(bytes) = img.read(start, len) else { return };
    let p = img.target.ptr;
    if !bytes.len().is_multiple_of(p) {
        out.push(
            file,
            Severity::Warning,
            format!(".kapi_specs is {} bytes, not a whole number of {p}-byte pointers", bytes.len()),
        );
    }
    let n = bytes.len() / p;
    if n > MAX_SPECS {
        out.push(
            file,
            Severity::Warning,
            format!(".kapi_specs holds {n} pointers; only the first {MAX_SPECS} are read"),
        );
    }
    let size = img.target.struct_size(&SPEC_V4);
    let mut seen = HashSet::new();
    for (i, chunk) in bytes.chunks_exact(p).take(MAX_SPECS).enumerate() {
        if img.exhausted() {
            break;
        }
        let addr = img.uint(chunk);
        if addr == 0 {
            continue;
        }
        if !seen.insert(addr) {
            out.push(
                file,
                Severity::Warning,
                format!("spec pointer {i} (0x{addr:x}) repeats an earlier one; read once"),
            );
            continue;
        }
        if let Err(e) = img.read(addr, size) {
            out.push(file, Severity::Error, format!("spec pointer {i} (0x{addr:x}): {e}"));
            continue;
        }
        let mut errs = Vec::new();
        let rec = img.decode(&SPEC_V4, addr, &mut errs);
        let spec = to_spec(file, &rec, img, false, addr, &mut errs);
        report(file, &spec.name, errs, out);
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

/// A token, or `None` for 0 where 0 means "not given" (a type, a lock type).
fn tok_nonzero<E: KapiEnum>(n: u64) -> Option<Token<E>> {
    (n != 0).then(|| tok(n))
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

fn uval(n: u64) -> Value {
    Value::literal(i128::from(n))
}

fn truth(b: u64) -> Truth {
    Truth::of(b != 0)
}

/// An error code as an errno reference: `-NAME` when it names one.
fn errno_of(code: i32) -> ErrnoRef {
    let name = code.checked_neg().and_then(tables::errno_name);
    ErrnoRef {
        raw: name.map_or_else(|| code.to_string(), |n| format!("-{n}")),
        loc: Loc::default(),
        name: name.map(str::to_string),
        code: Some(code),
    }
}

/// Reads `NAME(value), NAME(value)` (a struct field's enum values).
fn enum_pairs(text: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    for item in items.into_iter().map(str::trim).filter(|s| !s.is_empty()) {
        match item.split_once('(').filter(|_| item.ends_with(')')) {
            Some((name, v)) => {
                out.push((name.trim().to_string(), Value::parse(&v[..v.len() - 1], Loc::default())));
            }
            None => out.push((item.to_string(), Value::parse(item, Loc::default()))),
        }
    }
    out
}

/// Turns a decoded `struct kernel_api_spec` into the model. `packed`
/// selects the v1/v2 meaning of `size_param_idx` (0-based, -1 none) over the
/// v3+ one (1-based, 0 none).
///
/// What the struct cannot tell apart is read one way: a zero type or lock
/// type is "not given", a zero range or mask outside a range or mask
/// constraint is "not given", a capability name equal to its constant is no
/// description, a return check type of 0 is `EXACT` with its success value.
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
        let kind = ConstraintKind::from_number(ct);
        let mut param = Param {
            index: idx,
            name: s(p, "name").map(|t| t.text).unwrap_or_default(),
            has_block: true,
            ctype: s(p, "type_name").map(|t| t.text),
            description: s(p, "description"),
            kind: tok_nonzero(u(p, "type")),
            flags: Some(flags(u(p, "flags"))).filter(|f| f.bits() != 0),
            constraint_kind: tok_nonzero(ct),
            cdesc: s(p, "constraints"),
            ..Param::default()
        };
        let (min, max) = (i(p, "min_value"), i(p, "max_value"));
        if matches!(kind, Some(ConstraintKind::Range | ConstraintKind::UserString)) {
            param.min = Some(val(min));
            param.max = Some(val(max));
        } else {
            param.min = (min != 0).then(|| val(min));
            param.max = (max != 0).then(|| val(max));
        }
        let mask = u(p, "valid_mask");
        if kind == Some(ConstraintKind::Mask) || mask != 0 {
            param.mask = Some(uval(mask));
        }
        param.enum_values = img.s64s(u(p, "enum_values"), u(p, "enum_count"), errs).into_iter().map(val).collect();
        if u(p, "size") != 0 {
            param.size = Some(uval(u(p, "size")));
        }
        if u(p, "alignment") != 0 {
            param.alignment = Some(uval(u(p, "alignment")));
        }
        let sp = i(p, "size_param_idx");
        let sp = if packed { sp } else { sp - 1 };
        if sp >= 0 {
            param.size_param = Some(val(sp));
        }
        if u(p, "size_multiplier") != 0 {
            param.size_multiplier = Some(uval(u(p, "size_multiplier")));
        }
        spec.params.push(param);
    }
    if let Some(Raw::Rec(ret)) = get(r, "return_spec") {
        if u(r, "return_magic") == u64::from(magic::RETURN) || s(ret, "type_name").is_some() {
            spec.ret = Some(return_spec(ret, img, errs));
        }
    }
    for e in recs(r, "errors") {
        let code = i(e, "error_code") as i32;
        spec.errors.push(ErrorSpec {
            name: s(e, "name")
                .map(|t| t.text)
                .or_else(|| code.checked_neg().and_then(tables::errno_name).map(str::to_string))
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
            kind: tok_nonzero(u(l, "lock_type")),
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
        spec.signals.push(signal(g));
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
        spec.structs.push(struct_spec(st));
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
        let cap = tables::capability_name(num).map_or_else(|| num.to_string(), str::to_string);
        spec.capabilities.push(Capability {
            number: Some(num),
            action: Some(tok(u(c, "action"))),
            // The generator stores the constant when there is no description.
            name: s(c, "cap_name").filter(|t| t.text != cap),
            cap,
            allows: s(c, "allows"),
            without: s(c, "without_cap"),
            condition: s(c, "check_condition"),
            priority: (u(c, "priority") != 0).then(|| uval(u(c, "priority"))),
            alternatives: match get(c, "alternative") {
                Some(Raw::Ints(v)) => v.iter().take(n.min(8)).map(|x| val(*x)).collect(),
                _ => Vec::new(),
            },
            ..Capability::default()
        });
    }
    spec
}

fn return_spec(ret: &Rec, img: &Image<'_>, errs: &mut Vec<String>) -> ReturnSpec {
    let check = tok::<ReturnCheck>(u(ret, "check_type"));
    let type_name = s(ret, "type_name");
    let ty = u(ret, "type");
    let void_named = type_name.as_ref().is_some_and(|t| ParamType::parse(&t.text) == Some(ParamType::Void));
    let mut rs = ReturnSpec {
        kind: (ty != 0 || void_named).then(|| tok(ty)),
        type_name,
        desc: s(ret, "description"),
        ..ReturnSpec::default()
    };
    let (value, min, max) = (i(ret, "success_value"), i(ret, "success_min"), i(ret, "success_max"));
    if check.value == Some(ReturnCheck::Exact) || value != 0 {
        rs.success = Some(success(CmpOp::Eq, value));
    }
    if min != 0 || max != 0 {
        if max == i64::MAX && min != i64::MIN && rs.success.is_none() {
            rs.success = Some(success(CmpOp::Ge, min));
        } else if min == i64::MIN && max != i64::MAX && rs.success.is_none() {
            rs.success = Some(success(CmpOp::Le, max));
        } else {
            rs.success_min = Some(val(min));
            rs.success_max = Some(val(max));
        }
    }
    rs.error_values = img.s64s(u(ret, "error_values"), u(ret, "error_count"), errs).into_iter().map(val).collect();
    rs.check = Some(check);
    rs
}

fn signal(g: &Rec) -> SignalSpec {
    let num = i(g, "signal_num") as i32;
    let name = s(g, "signal_name").map(|t| t.text).unwrap_or_default();
    let eos = i(g, "error_on_signal") as i32;
    SignalSpec {
        number: if num != 0 { Some(num) } else { tables::signal(&name) },
        name,
        direction: Some(flags(u(g, "direction"))),
        action: Some(tok(u(g, "action"))),
        target: s(g, "target"),
        condition: s(g, "condition"),
        desc: s(g, "description"),
        restartable: (u(g, "restartable") != 0).then(|| truth(1)),
        sa_flags_required: (u(g, "sa_flags_required") != 0).then(|| uval(u(g, "sa_flags_required"))),
        sa_flags_forbidden: (u(g, "sa_flags_forbidden") != 0).then(|| uval(u(g, "sa_flags_forbidden"))),
        errno: (eos != 0).then(|| errno_of(eos)),
        transform_to: (i(g, "transform_to") != 0).then(|| val(i(g, "transform_to"))),
        timing: s(g, "timing").map(|t| Token::parse(&t.text, Loc::default())),
        priority: (u(g, "priority") != 0).then(|| uval(u(g, "priority"))),
        interruptible: (u(g, "interruptible") != 0).then(|| truth(1)),
        queue: s(g, "queue_behavior").map(|t| Token::parse(&t.text, Loc::default())),
        state_required: Some(flags(u(g, "state_required"))).filter(|f| f.bits() != 0),
        state_forbidden: Some(flags(u(g, "state_forbidden"))).filter(|f| f.bits() != 0),
        ..SignalSpec::default()
    }
}

fn struct_spec(st: &Rec) -> StructSpec {
    let mut ss = StructSpec {
        name: s(st, "name").unwrap_or_default(),
        size: (u(st, "size") != 0).then(|| uval(u(st, "size"))),
        alignment: (u(st, "alignment") != 0).then(|| uval(u(st, "alignment"))),
        desc: s(st, "description"),
        ..StructSpec::default()
    };
    for f in recs(st, "fields") {
        let ct = u(f, "constraint_type");
        let kind = ConstraintKind::from_number(ct);
        let (min, max, mask) = (i(f, "min_value"), i(f, "max_value"), u(f, "valid_mask"));
        let range = kind == Some(ConstraintKind::Range);
        let mut sf = StructField {
            name: s(f, "name").map(|t| t.text).unwrap_or_default(),
            ctype: s(f, "type_name"),
            desc: s(f, "description"),
            constraint_kind: tok_nonzero(ct),
            min: (range || min != 0).then(|| val(min)),
            max: (range || max != 0).then(|| val(max)),
            mask: (kind == Some(ConstraintKind::Mask) || mask != 0).then(|| uval(mask)),
            enum_values: s(f, "enum_values").map(|t| enum_pairs(&t.text)).unwrap_or_default(),
            ..StructField::default()
        };
        if u(f, "type") != 0 {
            let t = tok::<ParamType>(u(f, "type"));
            sf.extra.push(Attr { key: "type".into(), value: Text::new(t.raw, Loc::default()) });
        }
        for key in ["offset", "size", "flags"] {
            if u(f, key) != 0 {
                sf.extra.push(Attr { key: key.into(), value: Text::new(u(f, key).to_string(), Loc::default()) });
            }
        }
        ss.fields.push(sf);
    }
    ss
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
        let p64 = Target::new(8, true, false, false);
        assert_eq!(p64.struct_size(&PARAM), 120);
        assert_eq!(p64.struct_size(&SIGNAL), 104);
        assert_eq!(p64.struct_size(&CAP), 88);
        assert_eq!(p64.struct_size(&STRUCT), 1448);
        assert_eq!(p64.struct_size(&SPEC_V4), 26400);
        assert_eq!(p64.offset_of(&SPEC_V4, "return_magic"), Some(1968));
        assert_eq!(p64.offset_of(&SPEC_V4, "capabilities"), Some(25696));
        let packed = Target::new(8, true, true, false);
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
        assert_eq!(r.diags[0].file, "x");
        let r = read("x", &[]);
        assert_eq!(r.diags.len(), 1);
    }

    #[test]
    fn errno_of_extreme_codes_does_not_overflow() {
        assert_eq!(errno_of(i32::MIN).code, Some(i32::MIN));
        assert_eq!(errno_of(i32::MIN).name, None);
        assert_eq!(errno_of(-4).name.as_deref(), Some("EINTR"));
    }

    #[test]
    fn field_enum_values_read_back() {
        let v = enum_pairs("SCHED_NORMAL(0), SCHED_FIFO(1), X");
        assert_eq!(v.len(), 3);
        assert_eq!(v[1].0, "SCHED_FIFO");
        assert_eq!(v[1].1.as_i64(), Some(1));
        assert_eq!(v[2].0, "X");
    }

    #[test]
    fn budget_runs_out() {
        let img = Image::new(Target::new(8, true, false, false), 10);
        assert!(img.charge(8).is_ok());
        assert!(img.charge(8).is_err());
        assert!(img.exhausted());
    }
}
