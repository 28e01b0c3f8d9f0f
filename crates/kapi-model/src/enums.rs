//! The enum and bitmask families of `include/linux/kernel_api_spec.h`.
//!
//! Each family is declared once, with the v4 number, the long `KAPI_*` token,
//! the short DSL word (v3+) and any other spelling a consumer accepts. This is
//! the single source of truth for names and numbers: parsers, renderers and
//! the C writer all go through it.

use crate::Loc;

/// A family of KAPI enum values (or bits).
pub trait KapiEnum: Copy + Eq + std::fmt::Debug + 'static {
    /// Human name of the family, for messages ("param type").
    const FAMILY: &'static str;
    /// Whether values combine as bits.
    const BITMASK: bool;
    /// Every member, in header order.
    fn all() -> &'static [Self];
    /// The number in the v4 header.
    fn number(self) -> u64;
    /// The `KAPI_*` token.
    fn long_name(self) -> &'static str;
    /// The short DSL word (v3+).
    fn short_name(self) -> &'static str;
    /// Further spellings that consumers accept.
    fn aliases(self) -> &'static [&'static str];

    /// Looks a word up by any of its spellings, ignoring ASCII case.
    fn parse(word: &str) -> Option<Self> {
        let word = word.trim();
        Self::all().iter().copied().find(|v| {
            v.long_name().eq_ignore_ascii_case(word)
                || v.short_name().eq_ignore_ascii_case(word)
                || v.aliases().iter().any(|a| a.eq_ignore_ascii_case(word))
        })
    }

    /// The member with this number, if any.
    fn from_number(n: u64) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.number() == n)
    }

    /// Every accepted spelling, for "did you mean" suggestions.
    fn spellings() -> Vec<&'static str> {
        let mut out = Vec::new();
        for v in Self::all() {
            out.push(v.long_name());
            out.push(v.short_name());
            out.extend_from_slice(v.aliases());
        }
        out
    }
}

macro_rules! kapi_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $family:literal, bitmask = $bitmask:literal {
            $( $(#[$vmeta:meta])* $var:ident = $num:expr => $long:literal, $short:literal $(, $alias:literal)* ; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $var, )*
        }

        impl KapiEnum for $name {
            const FAMILY: &'static str = $family;
            const BITMASK: bool = $bitmask;
            fn all() -> &'static [Self] {
                &[$($name::$var),*]
            }
            fn number(self) -> u64 {
                match self { $($name::$var => $num,)* }
            }
            fn long_name(self) -> &'static str {
                match self { $($name::$var => $long,)* }
            }
            fn short_name(self) -> &'static str {
                match self { $($name::$var => $short,)* }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$var => &[$($alias),*],)* }
            }
        }
    };
}

kapi_enum! {
    /// `enum kapi_param_type`.
    pub enum ParamType: "param type", bitmask = false {
        Void = 0 => "KAPI_TYPE_VOID", "void";
        Int = 1 => "KAPI_TYPE_INT", "int";
        Uint = 2 => "KAPI_TYPE_UINT", "uint";
        Ptr = 3 => "KAPI_TYPE_PTR", "ptr", "pointer";
        Struct = 4 => "KAPI_TYPE_STRUCT", "struct";
        Union = 5 => "KAPI_TYPE_UNION", "union";
        Enum = 6 => "KAPI_TYPE_ENUM", "enum";
        FuncPtr = 7 => "KAPI_TYPE_FUNC_PTR", "func_ptr", "function_pointer";
        Array = 8 => "KAPI_TYPE_ARRAY", "array";
        Fd = 9 => "KAPI_TYPE_FD", "fd", "file_descriptor";
        UserPtr = 10 => "KAPI_TYPE_USER_PTR", "user_ptr", "uptr", "user_pointer";
        Path = 11 => "KAPI_TYPE_PATH", "path", "pathname";
        Custom = 12 => "KAPI_TYPE_CUSTOM", "custom";
    }
}

impl ParamType {
    /// The word the in-kernel JSON exporter uses (`file_descriptor`, ...).
    pub fn json_class(self) -> &'static str {
        match self {
            ParamType::Ptr => "pointer",
            ParamType::FuncPtr => "function_pointer",
            ParamType::Fd => "file_descriptor",
            ParamType::UserPtr => "user_pointer",
            ParamType::Path => "pathname",
            other => other.short_name(),
        }
    }
}

kapi_enum! {
    /// `enum kapi_param_flags` (bits). `INOUT` is `IN | OUT` (3) from v1 on;
    /// the `SYSFS_*` bits exist in RFC v2 only.
    pub enum ParamFlag: "param flag", bitmask = true {
        In = 1 => "KAPI_PARAM_IN", "input", "in";
        Out = 2 => "KAPI_PARAM_OUT", "output", "out";
        InOut = 3 => "KAPI_PARAM_INOUT", "inout";
        Optional = 1 << 3 => "KAPI_PARAM_OPTIONAL", "optional";
        Const = 1 << 4 => "KAPI_PARAM_CONST", "const";
        Volatile = 1 << 5 => "KAPI_PARAM_VOLATILE", "volatile";
        User = 1 << 6 => "KAPI_PARAM_USER", "user", "KAPI_PARAM_USER_PTR";
        Dma = 1 << 7 => "KAPI_PARAM_DMA", "dma";
        Aligned = 1 << 8 => "KAPI_PARAM_ALIGNED", "aligned";
        SysfsReadOnly = 1 << 9 => "KAPI_PARAM_SYSFS_READONLY", "sysfs_readonly";
        SysfsWriteOnly = 1 << 10 => "KAPI_PARAM_SYSFS_WRITEONLY", "sysfs_writeonly";
        SysfsRw = 1 << 11 => "KAPI_PARAM_SYSFS_RW", "sysfs_rw";
        SysfsBinary = 1 << 12 => "KAPI_PARAM_SYSFS_BINARY", "sysfs_binary";
    }
}

kapi_enum! {
    /// `enum kapi_context_flags` (bits).
    pub enum ContextFlag: "context", bitmask = true {
        Process = 1 => "KAPI_CTX_PROCESS", "process";
        Softirq = 1 << 1 => "KAPI_CTX_SOFTIRQ", "softirq";
        Hardirq = 1 << 2 => "KAPI_CTX_HARDIRQ", "hardirq";
        Nmi = 1 << 3 => "KAPI_CTX_NMI", "nmi";
        Atomic = 1 << 4 => "KAPI_CTX_ATOMIC", "atomic";
        Sleepable = 1 << 5 => "KAPI_CTX_SLEEPABLE", "sleepable";
        PreemptDisabled = 1 << 6 => "KAPI_CTX_PREEMPT_DISABLED", "preempt_disabled";
        IrqDisabled = 1 << 7 => "KAPI_CTX_IRQ_DISABLED", "irq_disabled";
    }
}

kapi_enum! {
    /// `enum kapi_lock_type`.
    pub enum LockType: "lock type", bitmask = false {
        None = 0 => "KAPI_LOCK_NONE", "none";
        Mutex = 1 => "KAPI_LOCK_MUTEX", "mutex";
        Spinlock = 2 => "KAPI_LOCK_SPINLOCK", "spinlock";
        Rwlock = 3 => "KAPI_LOCK_RWLOCK", "rwlock";
        Seqlock = 4 => "KAPI_LOCK_SEQLOCK", "seqlock";
        Rcu = 5 => "KAPI_LOCK_RCU", "rcu";
        Semaphore = 6 => "KAPI_LOCK_SEMAPHORE", "semaphore";
        Custom = 7 => "KAPI_LOCK_CUSTOM", "custom";
    }
}

kapi_enum! {
    /// `enum kapi_lock_scope` (RFC v5 and later).
    pub enum LockScope: "lock scope", bitmask = false {
        Internal = 0 => "KAPI_LOCK_INTERNAL", "internal";
        Acquires = 1 => "KAPI_LOCK_ACQUIRES", "acquires";
        Releases = 2 => "KAPI_LOCK_RELEASES", "releases";
        CallerHeld = 3 => "KAPI_LOCK_CALLER_HELD", "caller_held";
    }
}

impl LockScope {
    /// The phrase the debugfs text uses.
    pub fn phrase(self) -> &'static str {
        match self {
            LockScope::Internal => "acquired and released",
            LockScope::Acquires => "acquired (not released)",
            LockScope::Releases => "released (held on entry)",
            LockScope::CallerHeld => "held by caller",
        }
    }
}

kapi_enum! {
    /// `enum kapi_constraint_type`, numbered as in v4 (`CUSTOM` is 12 there;
    /// it was 4, 8 and 11 in earlier postings).
    pub enum ConstraintKind: "constraint type", bitmask = false {
        None = 0 => "KAPI_CONSTRAINT_NONE", "none";
        Range = 1 => "KAPI_CONSTRAINT_RANGE", "range";
        Mask = 2 => "KAPI_CONSTRAINT_MASK", "mask", "KAPI_CONSTRAINT_BITMASK", "bitmask";
        Enum = 3 => "KAPI_CONSTRAINT_ENUM", "enum";
        Alignment = 4 => "KAPI_CONSTRAINT_ALIGNMENT", "alignment", "align";
        PowerOfTwo = 5 => "KAPI_CONSTRAINT_POWER_OF_TWO", "power_of_two";
        PageAligned = 6 => "KAPI_CONSTRAINT_PAGE_ALIGNED", "page_aligned";
        Nonzero = 7 => "KAPI_CONSTRAINT_NONZERO", "nonzero";
        UserString = 8 => "KAPI_CONSTRAINT_USER_STRING", "user_string";
        UserPath = 9 => "KAPI_CONSTRAINT_USER_PATH", "user_path";
        UserPtr = 10 => "KAPI_CONSTRAINT_USER_PTR", "user_ptr";
        Buffer = 11 => "KAPI_CONSTRAINT_BUFFER", "buffer";
        Custom = 12 => "KAPI_CONSTRAINT_CUSTOM", "custom";
    }
}

kapi_enum! {
    /// `enum kapi_return_check_type`.
    pub enum ReturnCheck: "return check type", bitmask = false {
        Exact = 0 => "KAPI_RETURN_EXACT", "exact";
        Range = 1 => "KAPI_RETURN_RANGE", "range";
        ErrorCheck = 2 => "KAPI_RETURN_ERROR_CHECK", "error_check";
        Fd = 3 => "KAPI_RETURN_FD", "fd", "file_descriptor";
        Custom = 4 => "KAPI_RETURN_CUSTOM", "custom";
        NoReturn = 5 => "KAPI_RETURN_NO_RETURN", "no_return";
    }
}

impl ReturnCheck {
    /// The word the in-kernel JSON exporter uses.
    pub fn json_word(self) -> &'static str {
        match self {
            ReturnCheck::Fd => "file_descriptor",
            other => other.short_name(),
        }
    }
}

kapi_enum! {
    /// `enum kapi_signal_direction` (bits).
    pub enum SignalDirection: "signal direction", bitmask = true {
        Receive = 1 => "KAPI_SIGNAL_RECEIVE", "receive";
        Send = 1 << 1 => "KAPI_SIGNAL_SEND", "send";
        Handle = 1 << 2 => "KAPI_SIGNAL_HANDLE", "handle";
        Block = 1 << 3 => "KAPI_SIGNAL_BLOCK", "block";
        Ignore = 1 << 4 => "KAPI_SIGNAL_IGNORE", "ignore";
    }
}

kapi_enum! {
    /// `enum kapi_signal_action`.
    pub enum SignalAction: "signal action", bitmask = false {
        Default = 0 => "KAPI_SIGNAL_ACTION_DEFAULT", "default";
        Terminate = 1 => "KAPI_SIGNAL_ACTION_TERMINATE", "terminate";
        Coredump = 2 => "KAPI_SIGNAL_ACTION_COREDUMP", "coredump";
        Stop = 3 => "KAPI_SIGNAL_ACTION_STOP", "stop";
        Continue = 4 => "KAPI_SIGNAL_ACTION_CONTINUE", "continue";
        Custom = 5 => "KAPI_SIGNAL_ACTION_CUSTOM", "custom";
        Return = 6 => "KAPI_SIGNAL_ACTION_RETURN", "return";
        Restart = 7 => "KAPI_SIGNAL_ACTION_RESTART", "restart";
        Queue = 8 => "KAPI_SIGNAL_ACTION_QUEUE", "queue";
        Discard = 9 => "KAPI_SIGNAL_ACTION_DISCARD", "discard";
        Transform = 10 => "KAPI_SIGNAL_ACTION_TRANSFORM", "transform";
    }
}

kapi_enum! {
    /// Signal timing. In C these are string macros (`KAPI_SIGNAL_TIME_DURING`
    /// is `"during"`); the number here is only an index. See
    /// [`SignalTiming::tool_number`] for the upstream tool's numbering.
    pub enum SignalTiming: "signal timing", bitmask = false {
        Entry = 0 => "KAPI_SIGNAL_TIME_ENTRY", "entry";
        During = 1 => "KAPI_SIGNAL_TIME_DURING", "during";
        Exit = 2 => "KAPI_SIGNAL_TIME_EXIT", "exit";
        Anytime = 3 => "KAPI_SIGNAL_TIME_ANYTIME", "anytime";
        WhileBlocked = 4 => "KAPI_SIGNAL_TIME_BLOCKING", "while_blocked";
        WhileSleeping = 5 => "KAPI_SIGNAL_TIME_SLEEPING", "while_sleeping";
        Before = 6 => "KAPI_SIGNAL_TIME_BEFORE", "before";
        After = 7 => "KAPI_SIGNAL_TIME_AFTER", "after";
    }
}

impl SignalTiming {
    /// The number the upstream tool's JSON uses (before 0, during 1, after 2);
    /// `None` for timings it cannot express.
    pub fn tool_number(self) -> Option<u32> {
        match self {
            SignalTiming::Before => Some(0),
            SignalTiming::During => Some(1),
            SignalTiming::After => Some(2),
            _ => None,
        }
    }
}

kapi_enum! {
    /// Signal queue behaviours (string macros in C).
    pub enum SignalQueue: "signal queue behaviour", bitmask = false {
        Standard = 0 => "KAPI_SIGNAL_QUEUE_STANDARD", "standard";
        Realtime = 1 => "KAPI_SIGNAL_QUEUE_REALTIME", "realtime";
        Coalesce = 2 => "KAPI_SIGNAL_QUEUE_COALESCE", "coalesce";
        Replace = 3 => "KAPI_SIGNAL_QUEUE_REPLACE", "replace";
        Discard = 4 => "KAPI_SIGNAL_QUEUE_DISCARD", "discard";
    }
}

kapi_enum! {
    /// Process-state bits for a signal's `state_required`/`state_forbidden`.
    pub enum SignalState: "process state", bitmask = true {
        Running = 1 => "KAPI_SIGNAL_STATE_RUNNING", "running";
        Sleeping = 1 << 1 => "KAPI_SIGNAL_STATE_SLEEPING", "sleeping";
        Stopped = 1 << 2 => "KAPI_SIGNAL_STATE_STOPPED", "stopped";
        Traced = 1 << 3 => "KAPI_SIGNAL_STATE_TRACED", "traced";
        Zombie = 1 << 4 => "KAPI_SIGNAL_STATE_ZOMBIE", "zombie";
        Dead = 1 << 5 => "KAPI_SIGNAL_STATE_DEAD", "dead";
    }
}

kapi_enum! {
    /// `enum kapi_side_effect_type` (bits).
    pub enum EffectType: "side effect", bitmask = true {
        None = 0 => "KAPI_EFFECT_NONE", "none";
        AllocMemory = 1 => "KAPI_EFFECT_ALLOC_MEMORY", "alloc_memory";
        FreeMemory = 1 << 1 => "KAPI_EFFECT_FREE_MEMORY", "free_memory";
        ModifyState = 1 << 2 => "KAPI_EFFECT_MODIFY_STATE", "modify_state";
        SignalSend = 1 << 3 => "KAPI_EFFECT_SIGNAL_SEND", "signal_send";
        FilePosition = 1 << 4 => "KAPI_EFFECT_FILE_POSITION", "file_position";
        LockAcquire = 1 << 5 => "KAPI_EFFECT_LOCK_ACQUIRE", "lock_acquire";
        LockRelease = 1 << 6 => "KAPI_EFFECT_LOCK_RELEASE", "lock_release";
        ResourceCreate = 1 << 7 => "KAPI_EFFECT_RESOURCE_CREATE", "resource_create";
        ResourceDestroy = 1 << 8 => "KAPI_EFFECT_RESOURCE_DESTROY", "resource_destroy";
        Schedule = 1 << 9 => "KAPI_EFFECT_SCHEDULE", "schedule", "KAPI_EFFECT_SCHEDULER";
        Hardware = 1 << 10 => "KAPI_EFFECT_HARDWARE", "hardware";
        Network = 1 << 11 => "KAPI_EFFECT_NETWORK", "network";
        Filesystem = 1 << 12 => "KAPI_EFFECT_FILESYSTEM", "filesystem";
        ProcessState = 1 << 13 => "KAPI_EFFECT_PROCESS_STATE", "process_state";
        Irreversible = 1 << 14 => "KAPI_EFFECT_IRREVERSIBLE", "irreversible";
    }
}

kapi_enum! {
    /// `enum kapi_capability_action` (RFC v2 and later).
    pub enum CapabilityAction: "capability action", bitmask = false {
        BypassCheck = 0 => "KAPI_CAP_BYPASS_CHECK", "bypass_check", "bypass";
        IncreaseLimit = 1 => "KAPI_CAP_INCREASE_LIMIT", "increase_limit", "limit";
        OverrideRestriction = 2 => "KAPI_CAP_OVERRIDE_RESTRICTION", "override_restriction", "override";
        GrantPermission = 3 => "KAPI_CAP_GRANT_PERMISSION", "grant_permission", "grant";
        ModifyBehavior = 4 => "KAPI_CAP_MODIFY_BEHAVIOR", "modify_behavior", "modify";
        AccessResource = 5 => "KAPI_CAP_ACCESS_RESOURCE", "access_resource", "access";
        PerformOperation = 6 => "KAPI_CAP_PERFORM_OPERATION", "perform_operation", "required";
    }
}

/// The architectures an `arch-mask:` line may name (v4).
pub const ARCHES: &[&str] = &[
    "alpha",
    "arc",
    "arm",
    "arm64",
    "csky",
    "hexagon",
    "loongarch",
    "m68k",
    "microblaze",
    "mips",
    "nios2",
    "openrisc",
    "parisc",
    "powerpc",
    "riscv",
    "s390",
    "sh",
    "sparc",
    "um",
    "x86",
    "xtensa",
];

/// One enum value as written, with what it resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<E> {
    /// The word as written (`KAPI_TYPE_UINT`, `uint`, `KAPI_TYPE_ULONG`).
    pub raw: String,
    /// Where it was written.
    pub loc: Loc,
    /// The member it names; `None` when the word is not a member of the family.
    pub value: Option<E>,
}

impl<E: KapiEnum> Token<E> {
    /// Parses `raw` as a member of `E`.
    pub fn parse(raw: &str, loc: Loc) -> Self {
        Token { raw: raw.trim().to_string(), loc, value: E::parse(raw) }
    }

    /// A token for a known member (as a writer would produce it).
    pub fn known(value: E) -> Self {
        Token { raw: value.short_name().to_string(), loc: Loc::default(), value: Some(value) }
    }

    /// The v4 number, if the word is known.
    pub fn number(&self) -> Option<u64> {
        self.value.map(|v| v.number())
    }
}

/// A `|`- or `,`-separated set of bits, as written and as resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagSet<E> {
    /// The text as written.
    pub raw: String,
    /// Where it was written.
    pub loc: Loc,
    /// The members it names, in order.
    pub known: Vec<E>,
    /// Numeric literals OR-ed in (`0x21`).
    pub literal_bits: u64,
    /// Words that are not members of the family, kept as written.
    pub unknown: Vec<String>,
}

impl<E: KapiEnum> FlagSet<E> {
    /// Parses a list such as `KAPI_CTX_PROCESS | KAPI_CTX_SLEEPABLE` or `process, sleepable`.
    pub fn parse(raw: &str, loc: Loc) -> Self {
        let mut set =
            FlagSet { raw: raw.trim().to_string(), loc, known: Vec::new(), literal_bits: 0, unknown: Vec::new() };
        for word in raw.split(['|', ',']) {
            let word = word.trim().trim_matches(|c| c == '(' || c == ')').trim();
            if word.is_empty() {
                continue;
            }
            if let Some(v) = E::parse(word) {
                if !set.known.contains(&v) {
                    set.known.push(v);
                }
            } else if let Some(n) = crate::expr::parse_int_literal(word).and_then(|n| u64::try_from(n).ok()) {
                set.literal_bits |= n;
            } else {
                set.unknown.push(word.to_string());
            }
        }
        set
    }

    /// A set built from known members (as a writer would produce it).
    pub fn of(values: &[E]) -> Self {
        FlagSet {
            raw: values.iter().map(|v| v.short_name()).collect::<Vec<_>>().join(", "),
            loc: Loc::default(),
            known: values.to_vec(),
            literal_bits: 0,
            unknown: Vec::new(),
        }
    }

    /// The OR of every known member and literal.
    pub fn bits(&self) -> u64 {
        self.known.iter().fold(self.literal_bits, |acc, v| acc | v.number())
    }

    /// Whether every word was understood.
    pub fn is_complete(&self) -> bool {
        self.unknown.is_empty()
    }

    /// Whether the set names `v` (or all of its bits).
    pub fn contains(&self, v: E) -> bool {
        let n = v.number();
        if n == 0 {
            self.known.contains(&v)
        } else {
            self.bits() & n == n
        }
    }
}

/// The members whose bits are all set in `bits`, in header order, for display.
/// `INOUT`-style combined members are listed instead of their parts.
pub fn bits_to_members<E: KapiEnum>(bits: u64) -> Vec<E> {
    let mut out = Vec::new();
    let mut covered = 0u64;
    // Multi-bit members first so that IN|OUT prints as INOUT.
    let mut members: Vec<E> = E::all().to_vec();
    members.sort_by_key(|v| std::cmp::Reverse(v.number().count_ones()));
    for v in members {
        let n = v.number();
        if n != 0 && bits & n == n && covered & n != n {
            out.push(v);
            covered |= n;
        }
    }
    out.sort_by_key(|v| E::all().iter().position(|x| x == v));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_short_and_alias_spellings_resolve() {
        assert_eq!(ParamType::parse("KAPI_TYPE_UINT"), Some(ParamType::Uint));
        assert_eq!(ParamType::parse("uint"), Some(ParamType::Uint));
        assert_eq!(ParamType::parse("uptr"), Some(ParamType::UserPtr));
        assert_eq!(ParamType::parse("KAPI_TYPE_ULONG"), None);
        assert_eq!(ConstraintKind::parse("KAPI_CONSTRAINT_BITMASK"), Some(ConstraintKind::Mask));
        assert_eq!(EffectType::parse("KAPI_EFFECT_SCHEDULER"), Some(EffectType::Schedule));
        assert_eq!(ContextFlag::parse("Process"), Some(ContextFlag::Process));
    }

    #[test]
    fn v4_numbers() {
        assert_eq!(ConstraintKind::Custom.number(), 12);
        assert_eq!(ParamFlag::InOut.number(), 3);
        assert_eq!(LockType::Rwlock.number(), 3);
        assert_eq!(EffectType::Irreversible.number(), 1 << 14);
        assert_eq!(SignalAction::Return.number(), 6);
    }

    #[test]
    fn flag_sets_keep_unknown_words() {
        let s: FlagSet<EffectType> = FlagSet::parse("KAPI_EFFECT_MODIFY_STATE | KAPI_EFFECT_CREDS", Loc::new(1, 1));
        assert_eq!(s.bits(), 4);
        assert_eq!(s.unknown, vec!["KAPI_EFFECT_CREDS".to_string()]);
        let c: FlagSet<ContextFlag> = FlagSet::parse("process, sleepable", Loc::default());
        assert_eq!(c.bits(), 33);
    }

    #[test]
    fn inout_displays_as_one_member() {
        assert_eq!(bits_to_members::<ParamFlag>(3), vec![ParamFlag::InOut]);
        assert_eq!(bits_to_members::<ParamFlag>(1 | 64), vec![ParamFlag::In, ParamFlag::User]);
    }

    #[test]
    fn every_spelling_is_unique_within_a_family() {
        fn check<E: KapiEnum>() {
            let mut seen = std::collections::HashSet::new();
            for s in E::spellings() {
                assert!(seen.insert(s.to_ascii_lowercase()), "{} repeats {s}", E::FAMILY);
            }
        }
        check::<ParamType>();
        check::<ParamFlag>();
        check::<ContextFlag>();
        check::<LockType>();
        check::<LockScope>();
        check::<ConstraintKind>();
        check::<ReturnCheck>();
        check::<SignalDirection>();
        check::<SignalAction>();
        check::<SignalTiming>();
        check::<SignalQueue>();
        check::<SignalState>();
        check::<EffectType>();
        check::<CapabilityAction>();
    }
}
