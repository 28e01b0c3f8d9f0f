//! The closed key lists: which words are keys, at which level, in which item.
//!
//! A word followed by a colon is a key only if it is on the list for its
//! place. That keeps prose such as `includes:` or `IMPORTANT:` inside a value
//! from being taken for a key.

/// What a top-level key opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Top {
    /// An item with sub-keys (`param:`, `error:`, ...).
    Item(Item),
    /// A single value (`long-desc:`, `contexts:`, ...).
    Value(ValueKey),
    /// An RFC v3 flat key (`param-type:`, `error-code:`, ...).
    Flat,
    /// A standard kerneldoc section (`Context:`, `Return:`, ...).
    Kdoc(Kdoc),
}

/// Item kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// `param:`
    Param,
    /// `return:`
    Return,
    /// `error:`
    Error,
    /// `signal:`
    Signal,
    /// `lock:`
    Lock,
    /// `side-effect:`
    SideEffect,
    /// `state-trans:`
    StateTrans,
    /// `capability:`
    Capability,
    /// `constraint:`
    Constraint,
    /// `struct:`
    Struct,
    /// `field:` inside `struct:`
    Field,
    /// `validation-group:`
    ValidationGroup,
}

/// Single-value top-level keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKey {
    /// `long-desc:`
    LongDesc,
    /// `contexts:`, `context-flags:`, `context:`
    Contexts,
    /// `param-count:`
    ParamCount,
    /// `since-version:`, `since:`
    Since,
    /// `examples:`, `example:`
    Examples,
    /// `notes:`, `note:`
    Notes,
    /// `api-type:`
    ApiType,
    /// `api-version:`
    ApiVersion,
    /// `kapi-field:` (kapi's extension, see [`crate::field`])
    KapiField,
}

/// Standard kerneldoc sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kdoc {
    /// `Context:`
    Context,
    /// `Return:` / `Returns:`
    Return,
    /// `Description:`
    Description,
    /// `Note:` / `Notes:`
    Note,
    /// `Example:` / `Examples:`
    Example,
}

/// Classifies a key written at the top level.
pub fn top_level(key: &str) -> Option<Top> {
    use Item::*;
    use ValueKey::*;
    Some(match key {
        "param" => Top::Item(Param),
        "return" => Top::Item(Return),
        "error" => Top::Item(Error),
        "signal" => Top::Item(Signal),
        "lock" => Top::Item(Lock),
        "side-effect" => Top::Item(SideEffect),
        "state-trans" => Top::Item(StateTrans),
        "capability" => Top::Item(Capability),
        "constraint" => Top::Item(Constraint),
        "struct" => Top::Item(Struct),
        "validation-group" => Top::Item(ValidationGroup),
        "long-desc" => Top::Value(LongDesc),
        "contexts" | "context-flags" | "context" => Top::Value(Contexts),
        "param-count" => Top::Value(ParamCount),
        "since-version" | "since" => Top::Value(Since),
        "examples" | "example" => Top::Value(Examples),
        "notes" | "note" => Top::Value(Notes),
        "api-type" => Top::Value(ApiType),
        "api-version" => Top::Value(ApiVersion),
        "kapi-field" => Top::Value(KapiField),
        "Context" => Top::Kdoc(Kdoc::Context),
        "Return" | "Returns" => Top::Kdoc(Kdoc::Return),
        "Description" => Top::Kdoc(Kdoc::Description),
        "Note" | "Notes" => Top::Kdoc(Kdoc::Note),
        "Example" | "Examples" => Top::Kdoc(Kdoc::Example),
        k if is_flat(k) => Top::Flat,
        _ => return None,
    })
}

/// The RFC v3 flat keys.
pub const FLAT_KEYS: &[&str] = &[
    "param-type",
    "param-flags",
    "param-constraint-type",
    "param-constraint",
    "param-range",
    "param-mask",
    "param-valid-mask",
    "param-size",
    "param-alignment",
    "param-enum",
    "param-validate",
    "param-size-param",
    "param-size-multiplier",
    "return-type",
    "return-check-type",
    "return-success",
    "return-check",
    "return-desc",
    "error-code",
    "error-condition",
    "error-count",
    "lock-acquired",
    "lock-released",
    "lock-desc",
    "lock-type",
    "signal-direction",
    "signal-action",
    "signal-condition",
    "signal-desc",
    "signal-error",
    "signal-timing",
    "signal-priority",
    "signal-interruptible",
    "signal-restartable",
    "signal-state-req",
    "signal-target",
    "capability-allows",
    "capability-without",
    "capability-condition",
    "capability-priority",
    "constraint-expr",
    "struct-type",
    "struct-field",
    "struct-field-range",
    "struct-field-enum",
    "struct-field-mask",
    "struct-field-policy",
    "struct-field-version",
    "struct-field-flag",
    "struct-field-validate",
    "validation-policy",
    "validation-rule",
    "validation-flag",
];

fn is_flat(key: &str) -> bool {
    FLAT_KEYS.contains(&key)
}

/// The sub-keys an item accepts.
pub fn sub_keys(item: Item) -> &'static [&'static str] {
    match item {
        Item::Param => &[
            "type",
            "flags",
            "constraint-type",
            "constraint",
            "cdesc",
            "range",
            "valid-mask",
            "mask",
            "arch-mask",
            "valid-values",
            "size",
            "alignment",
            "size-param",
            "size-multiplier",
            "struct-type",
            "desc",
            "description",
        ],
        Item::Return => &["type", "check-type", "success", "success-range", "error-values", "desc"],
        Item::Error => &["desc", "condition"],
        Item::Signal => &[
            "direction",
            "action",
            "condition",
            "desc",
            "errno",
            "error",
            "timing",
            "priority",
            "restartable",
            "interruptible",
            "number",
            "target",
            "queue",
            "transform-to",
            "transform_to",
            "transform",
            "sa-flags-required",
            "sa_flags_required",
            "sa-flags-forbidden",
            "sa_flags_forbidden",
            "state-required",
            "state_required",
            "state-req",
            "state-forbidden",
            "state_forbidden",
            "state-forbid",
        ],
        Item::Lock => &["type", "acquired", "released", "held-on-entry", "held-on-exit", "scope", "desc"],
        Item::SideEffect => &["target", "desc", "condition", "reversible"],
        Item::StateTrans => &["from", "to", "condition", "desc", "object", "target"],
        Item::Capability => {
            &["type", "allows", "without", "condition", "priority", "desc", "alternative", "alternatives"]
        }
        Item::Constraint => &["desc", "expr"],
        Item::Struct => &["size", "alignment", "field", "desc"],
        Item::Field => &[
            "type",
            "desc",
            "constraint-type",
            "range",
            "enum",
            "mask",
            "constraint",
            "policy",
            "version",
            "flag",
            "validate",
        ],
        Item::ValidationGroup => &["policy", "rule", "flag"],
    }
}

/// Whether `item` accepts `key` as a sub-key.
pub fn accepts(item: Item, key: &str) -> bool {
    sub_keys(item).contains(&key)
}

/// Every top-level key (for "did you mean").
pub fn all_top_level() -> Vec<&'static str> {
    let mut v = vec![
        "param",
        "return",
        "error",
        "signal",
        "lock",
        "side-effect",
        "state-trans",
        "capability",
        "constraint",
        "struct",
        "validation-group",
        "long-desc",
        "contexts",
        "context-flags",
        "param-count",
        "since-version",
        "examples",
        "notes",
        "api-type",
        "api-version",
        "kapi-field",
    ];
    v.extend_from_slice(FLAT_KEYS);
    v
}

/// Top-level keys that make a comment look like a KAPI spec. A comment is a
/// spec when it has two different ones and at least one of them is
/// distinctive (see [`is_distinctive`]), or when it has a `param:` block with
/// a `type:` sub-key.
pub fn is_spec_key(key: &str) -> bool {
    matches!(
        key,
        "param"
            | "error"
            | "signal"
            | "lock"
            | "side-effect"
            | "state-trans"
            | "capability"
            | "constraint"
            | "long-desc"
            | "contexts"
            | "context-flags"
            | "param-count"
            | "since-version"
            | "api-type"
            | "validation-group"
            | "struct"
    ) || is_flat(key)
}

/// Keys that no ordinary kerneldoc comment uses.
pub fn is_distinctive(key: &str) -> bool {
    matches!(
        key,
        "long-desc"
            | "context-flags"
            | "side-effect"
            | "state-trans"
            | "param-count"
            | "since-version"
            | "api-type"
            | "validation-group"
    ) || is_flat(key)
}

/// Splits `key: rest` off a content line. A key is `[A-Za-z@][A-Za-z0-9_-]*`
/// followed by `:` and then a blank or the end of the line (`example::` is not a key).
/// Returns the key, the rest (trimmed) and the byte offset of the rest.
pub fn split_key(text: &str) -> Option<(&str, &str, usize)> {
    let b = text.as_bytes();
    let first = *b.first()?;
    if !(first.is_ascii_alphabetic() || first == b'@') {
        return None;
    }
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
        i += 1;
    }
    if b.get(i) != Some(&b':') {
        return None;
    }
    match b.get(i + 1) {
        None => Some((&text[..i], "", i + 1)),
        Some(b' ') | Some(b'\t') => {
            let rest = text[i + 1..].trim_start();
            Some((&text[..i], rest, text.len() - rest.len()))
        }
        _ => None,
    }
}

/// Edit distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lw = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lw, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_need_a_colon_then_blank_or_end() {
        assert_eq!(split_key("param: start"), Some(("param", "start", 7)));
        assert_eq!(split_key("return:"), Some(("return", "", 7)));
        assert_eq!(split_key("example:: code"), None);
        assert_eq!(split_key("http://x"), None);
        assert_eq!(split_key("- buf: x"), None);
        assert_eq!(split_key("@start: Starting"), Some(("@start", "Starting", 8)));
    }

    #[test]
    fn prose_words_are_not_sub_keys() {
        assert!(!accepts(Item::Return, "IMPORTANT"));
        assert!(top_level("includes").is_none());
        assert!(accepts(Item::Signal, "error"));
        assert!(accepts(Item::Param, "constraint"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("contraint", all_top_level()), Some("constraint"));
        assert_eq!(suggest("sideeffect", all_top_level()), Some("side-effect"));
        assert_eq!(suggest("zzz", all_top_level()), None);
    }
}
