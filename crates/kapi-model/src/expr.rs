//! Symbolic values: C constant expressions kept as written and resolved where
//! every name is known.

use crate::{tables, Loc};

/// A numeric value as written in a spec (`LONG_MAX`, `O_RDONLY | O_CREAT`,
/// `0x1ff`), with its resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The expression as written.
    pub raw: String,
    /// Where it was written.
    pub loc: Loc,
    /// The number it evaluates to on x86_64, when every name is known.
    pub resolved: Option<i128>,
    /// Names that are not in the constant table (the value stays symbolic).
    pub unknown: Vec<String>,
    /// Why the text is not a C constant expression, if it is not one.
    pub error: Option<String>,
}

impl Value {
    /// Parses and resolves `raw` against the built-in constant table.
    pub fn parse(raw: &str, loc: Loc) -> Self {
        Self::parse_with(raw, loc, &|name| tables::constant(name))
    }

    /// Parses and resolves `raw`, looking names up with `lookup`.
    pub fn parse_with(raw: &str, loc: Loc, lookup: &dyn Fn(&str) -> Option<i128>) -> Self {
        let raw = raw.trim();
        let mut v = Value { raw: raw.to_string(), loc, resolved: None, unknown: Vec::new(), error: None };
        match eval(raw, lookup) {
            Ok(Eval { value, unknown }) => {
                v.resolved = if unknown.is_empty() { value } else { None };
                v.unknown = unknown;
            }
            Err(e) => v.error = Some(e),
        }
        v
    }

    /// A literal value (as a writer would produce it).
    pub fn literal(n: i128) -> Self {
        Value { raw: n.to_string(), loc: Loc::default(), resolved: Some(n), unknown: Vec::new(), error: None }
    }

    /// The value as an `i64`, if resolved and in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.resolved.and_then(|n| i64::try_from(n).ok())
    }

    /// The value as a `u64`, if resolved and in range. Negative values are
    /// taken as their two's-complement bits (`-1` is all ones), as C does for
    /// a mask.
    pub fn as_u64_bits(&self) -> Option<u64> {
        let n = self.resolved?;
        if n < 0 {
            i64::try_from(n).ok().map(|x| x as u64)
        } else {
            u64::try_from(n).ok()
        }
    }

    /// Whether the text is a plain literal (no names).
    pub fn is_literal(&self) -> bool {
        parse_int_literal(&self.raw).is_some()
    }
}

struct Eval {
    value: Option<i128>,
    unknown: Vec<String>,
}

/// Parses a C integer literal: decimal, `0x` hex, `0` octal, `0b` binary,
/// with an optional sign and `u`/`l` suffixes.
pub fn parse_int_literal(s: &str) -> Option<i128> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let body = body.trim_end_matches(['u', 'U', 'l', 'L']);
    if body.is_empty() {
        return None;
    }
    let n = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        u128::from_str_radix(h, 16).ok()?
    } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        u128::from_str_radix(b, 2).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        u128::from_str_radix(&body[1..], 8).ok()?
    } else {
        body.parse::<u128>().ok()?
    };
    let n = i128::try_from(n).ok()?;
    Some(if neg { -n } else { n })
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i128),
    Ident(String),
    Call(String, String),
    Op(&'static str),
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    const OPS: &[&str] = &["<<", ">>", "|", "&", "^", "~", "!", "+", "-", "*", "/", "%", "(", ")"];
    let b = s.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            let lit = &s[start..i];
            out.push(Tok::Num(parse_int_literal(lit).ok_or_else(|| format!("`{lit}` is not an integer literal"))?));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let name = &s[start..i];
            let mut j = i;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j < b.len()
                && b[j] == b'('
                && !matches!(name, "u8" | "u16" | "u32" | "u64" | "s8" | "s16" | "s32" | "s64")
            {
                // A function-like macro or `sizeof(...)`: one opaque term.
                let mut depth = 0;
                let mut k = j;
                while k < b.len() {
                    match b[k] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                if k >= b.len() {
                    return Err("unbalanced parentheses".into());
                }
                out.push(Tok::Call(name.to_string(), s[j + 1..k].trim().to_string()));
                i = k + 1;
            } else {
                out.push(Tok::Ident(name.to_string()));
            }
        } else if let Some(op) = OPS.iter().find(|op| s[i..].starts_with(**op)) {
            out.push(Tok::Op(op));
            i += op.len();
        } else {
            let ch = s[i..].chars().next().unwrap_or('?');
            return Err(format!("unexpected `{ch}`"));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    lookup: &'a dyn Fn(&str) -> Option<i128>,
    unknown: Vec<String>,
    depth: u32,
}

// C precedence, loosest first.
const BINARY: &[&[&str]] = &[&["|"], &["^"], &["&"], &["<<", ">>"], &["+", "-"], &["*", "/", "%"]];

impl Parser<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some(Tok::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn binary(&mut self, level: usize) -> Result<Option<i128>, String> {
        if level == BINARY.len() {
            return self.unary();
        }
        let mut lhs = self.binary(level + 1)?;
        while let Some(op) = self.peek_op().filter(|o| BINARY[level].contains(o)) {
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            lhs = match (lhs, rhs) {
                (Some(a), Some(b)) => apply(op, a, b)?,
                _ => None,
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Option<i128>, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression nests too deeply".into());
        }
        let r = match self.peek_op() {
            Some(op @ ("-" | "~" | "!" | "+")) => {
                self.pos += 1;
                let v = self.unary()?;
                Ok(v.and_then(|v| match op {
                    "-" => v.checked_neg(),
                    "~" => Some(!v),
                    "!" => Some(i128::from(v == 0)),
                    _ => Some(v),
                }))
            }
            _ => self.primary(),
        };
        self.depth -= 1;
        r
    }

    fn primary(&mut self) -> Result<Option<i128>, String> {
        match self.toks.get(self.pos).cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(Some(n))
            }
            Some(Tok::Ident(name)) => {
                self.pos += 1;
                match (self.lookup)(&name) {
                    Some(v) => Ok(Some(v)),
                    None => {
                        if !self.unknown.contains(&name) {
                            self.unknown.push(name);
                        }
                        Ok(None)
                    }
                }
            }
            Some(Tok::Call(name, args)) => {
                self.pos += 1;
                let bit = |p: &mut Self| -> Result<Option<i128>, String> {
                    let v = eval(&args, p.lookup)?;
                    p.unknown.extend(v.unknown);
                    Ok(v.value.and_then(|n| u32::try_from(n).ok()).filter(|n| *n < 64).map(|n| 1i128 << n))
                };
                match name.as_str() {
                    "BIT" | "BIT_ULL" => bit(self),
                    _ => {
                        let term = format!("{name}({args})");
                        if !self.unknown.contains(&term) {
                            self.unknown.push(term);
                        }
                        Ok(None)
                    }
                }
            }
            Some(Tok::Op("(")) => {
                self.pos += 1;
                let v = self.binary(0)?;
                if self.peek_op() != Some(")") {
                    return Err("unbalanced parentheses".into());
                }
                self.pos += 1;
                Ok(v)
            }
            Some(Tok::Op(o)) => Err(format!("unexpected `{o}`")),
            None => Err("missing value".into()),
        }
    }
}

fn apply(op: &str, a: i128, b: i128) -> Result<Option<i128>, String> {
    Ok(match op {
        "|" => Some(a | b),
        "^" => Some(a ^ b),
        "&" => Some(a & b),
        "<<" => u32::try_from(b).ok().filter(|s| *s < 127).and_then(|s| a.checked_shl(s)),
        ">>" => u32::try_from(b).ok().filter(|s| *s < 127).map(|s| a >> s),
        "+" => a.checked_add(b),
        "-" => a.checked_sub(b),
        "*" => a.checked_mul(b),
        "/" | "%" if b == 0 => return Err("division by zero".into()),
        "/" => a.checked_div(b),
        "%" => a.checked_rem(b),
        _ => None,
    })
}

fn eval(s: &str, lookup: &dyn Fn(&str) -> Option<i128>) -> Result<Eval, String> {
    let toks = lex(s)?;
    if toks.is_empty() {
        return Err("missing value".into());
    }
    let mut p = Parser { toks, pos: 0, lookup, unknown: Vec::new(), depth: 0 };
    let value = p.binary(0)?;
    if p.pos != p.toks.len() {
        return Err(match &p.toks[p.pos] {
            Tok::Op(")") => "unbalanced parentheses".to_string(),
            t => format!("unexpected {}", describe(t)),
        });
    }
    Ok(Eval { value, unknown: p.unknown })
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(n) => format!("number {n}"),
        Tok::Ident(s) => format!("name `{s}`"),
        Tok::Call(n, a) => format!("`{n}({a})`"),
        Tok::Op(o) => format!("`{o}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::parse(s, Loc::default())
    }

    #[test]
    fn literals() {
        assert_eq!(v("0").resolved, Some(0));
        assert_eq!(v("0x1ff").resolved, Some(0x1ff));
        assert_eq!(v("0755").resolved, Some(0o755));
        assert_eq!(v("-20").resolved, Some(-20));
        assert_eq!(v("4096UL").resolved, Some(4096));
    }

    #[test]
    fn symbols_resolve_and_stay_as_written() {
        let x = v("O_RDONLY | O_CREAT");
        assert_eq!(x.raw, "O_RDONLY | O_CREAT");
        assert_eq!(x.resolved, Some(0o100));
        assert_eq!(v("LONG_MAX").resolved, Some(i64::MAX as i128));
        assert_eq!(v("(1 << 3) | 1").resolved, Some(9));
        assert_eq!(v("INT_MAX & PAGE_MASK").resolved, Some(0x7fff_f000));
    }

    #[test]
    fn unknown_symbols_stay_symbolic() {
        let x = v("SCHED_FLAG_ALL | 1");
        assert_eq!(x.resolved, None);
        assert_eq!(x.unknown, vec!["SCHED_FLAG_ALL".to_string()]);
        assert!(x.error.is_none());
    }

    #[test]
    fn macro_calls_stay_symbolic() {
        let x = v("sizeof(struct iocb)");
        assert!(x.error.is_none());
        assert_eq!(x.resolved, None);
        assert_eq!(x.unknown, vec!["sizeof(struct iocb)".to_string()]);
        assert_eq!(v("BIT(3) | BIT(0)").resolved, Some(9));
    }

    #[test]
    fn malformed_expressions_report_errors() {
        assert!(v("(1 | 2").error.is_some());
        assert!(v("1 |").error.is_some());
        assert!(v("1 / 0").error.is_some());
        assert!(v("").error.is_some());
        assert!(v("a b").error.is_some());
    }

    #[test]
    fn mask_bits_of_negative_values() {
        assert_eq!(v("-1").as_u64_bits(), Some(u64::MAX));
        assert_eq!(v("SIZE_MAX").as_u64_bits(), Some(u64::MAX));
        assert_eq!(v("SIZE_MAX").as_i64(), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,64}") {
            let _ = Value::parse(&s, Loc::default());
        }

        #[test]
        fn deep_nesting_is_an_error_not_a_crash(n in 1usize..5000) {
            let s = format!("{}1{}", "(".repeat(n), ")".repeat(n));
            let _ = Value::parse(&s, Loc::default());
        }

        #[test]
        fn decimal_roundtrip(n in proptest::num::i64::ANY) {
            proptest::prop_assert_eq!(Value::parse(&n.to_string(), Loc::default()).resolved, Some(n as i128));
        }
    }
}
