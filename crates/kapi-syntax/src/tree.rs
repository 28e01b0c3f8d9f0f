//! Turning a comment's lines into a tree of keys and values.
//!
//! A top-level key opens an item; sub-keys from the item's closed list attach
//! to it; any other line continues the most recent value. When a block's
//! indentation was lost (a web archive flattened it), sub-keys arrive at
//! column 0; they are attached to the open item anyway and the recovery is
//! reported (see [`Tree::lost_indent`] and the `indentation-recovered`
//! diagnostic).

use crate::keys::{self, Item, Top};
use crate::scan::DocLine;
use kapi_model::{Diagnostic, Loc};

/// One line of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VLine<'a> {
    /// The text (empty for a blank line).
    pub text: &'a str,
    /// Where the text starts.
    pub loc: Loc,
    /// The line's indentation.
    pub indent: u32,
}

/// How a node was attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attach {
    /// By indentation, as written.
    Written,
    /// A sub-key at column 0, attached to the open item because its
    /// indentation was lost.
    Recovered,
    /// Like `Recovered`, for a key that is also a top-level key
    /// (`constraint:`, `error:`): it could have been either.
    Ambiguous,
}

/// A key and its value lines, with sub-keys.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    /// The key as written.
    pub key: &'a str,
    /// What the key is at the top level (`None` for sub-keys and unknown keys).
    pub top: Option<Top>,
    /// The item kind this node opens, if it opens one.
    pub item: Option<Item>,
    /// Where the key is.
    pub loc: Loc,
    /// Indentation of the key line.
    pub indent: u32,
    /// Value lines: the rest of the key line first, then continuation lines.
    pub lines: Vec<VLine<'a>>,
    /// Sub-key nodes (indices into [`Tree::nodes`]).
    pub children: Vec<usize>,
    /// How it was attached.
    pub attach: Attach,
}

impl Node<'_> {
    /// Whether any value line has text.
    pub fn has_value(&self) -> bool {
        self.lines.iter().any(|l| !l.text.is_empty())
    }
}

/// The kerneldoc header of a comment: name line, purpose and `@arg:` lines.
#[derive(Clone, Debug, Default)]
pub struct Header<'a> {
    /// `sys_x - purpose` (the whole line).
    pub name_line: Option<VLine<'a>>,
    /// Continuation lines of the purpose.
    pub purpose_more: Vec<VLine<'a>>,
    /// `@arg: text` entries: name (without `@`), key location, value lines.
    pub args: Vec<(&'a str, Loc, Vec<VLine<'a>>)>,
}

/// A parsed comment.
#[derive(Clone, Debug, Default)]
pub struct Tree<'a> {
    /// The kerneldoc header.
    pub header: Header<'a>,
    /// Every node; top-level ones are listed in [`Tree::top`].
    pub nodes: Vec<Node<'a>>,
    /// Top-level nodes in order.
    pub top: Vec<usize>,
    /// Whether the block's sub-key indentation was lost and recovered.
    pub lost_indent: bool,
    /// Problems found while building the tree.
    pub diags: Vec<Diagnostic>,
}

fn child_item(parent: Item, key: &str) -> Option<Item> {
    match (parent, key) {
        (Item::Struct, "field") => Some(Item::Field),
        _ => None,
    }
}

/// Whether every line sits at column 0 while some item is directly followed
/// by one of its sub-keys: the signature of a block whose indentation a mail
/// archive removed.
fn detect_lost_indent(lines: &[DocLine<'_>]) -> bool {
    if lines.iter().any(|l| !l.is_blank() && l.indent > 0) {
        return false;
    }
    let mut open: Option<Item> = None;
    for l in lines.iter().filter(|l| !l.is_blank()) {
        let Some((key, _, _)) = keys::split_key(l.text) else { continue };
        if let Some(item) = open {
            if keys::accepts(item, key) && keys::top_level(key).is_none() {
                return true;
            }
        }
        if let Some(Top::Item(item)) = keys::top_level(key) {
            open = Some(item);
        } else if keys::top_level(key).is_some() {
            open = None;
        }
    }
    false
}

/// Builds the tree of one comment.
pub fn build<'a>(lines: &[DocLine<'a>]) -> Tree<'a> {
    let mut t = Tree { lost_indent: detect_lost_indent(lines), ..Tree::default() };
    let mut stack: Vec<usize> = Vec::new();
    let mut in_body = false;
    let mut after_blank = false;
    let mut header_blank = false;
    let mut first_recovered: Option<Loc> = None;
    let mut recovered_count = 0usize;

    for line in lines {
        if let Some((col, c)) = line.odd_whitespace {
            t.diags.push(
                Diagnostic::warning(
                    "odd-whitespace",
                    Loc::new(line.line, col),
                    format!("indentation contains U+{:04X} ({}); it is counted as one space", c as u32, char_name(c)),
                )
                .with_help("use ASCII spaces for indentation"),
            );
        }
        if line.is_blank() {
            after_blank = true;
            if in_body {
                if let Some(&n) = stack.last() {
                    t.nodes[n].lines.push(VLine { text: "", loc: line.loc(), indent: line.indent });
                }
            } else if t.header.name_line.is_some() || !t.header.args.is_empty() {
                header_blank = true;
            }
            continue;
        }
        let vline = VLine { text: line.text, loc: line.loc(), indent: line.indent };
        let key = keys::split_key(line.text);

        if !in_body {
            // The kerneldoc header: name line, purpose, @args.
            let is_body_key = key.is_some_and(|(k, _, _)| !k.starts_with('@') && keys::top_level(k).is_some());
            if !is_body_key {
                if let Some((k, rest, off)) = key.filter(|(k, _, _)| k.starts_with('@')) {
                    let loc = line.loc();
                    let first = VLine { text: rest, loc: Loc::new(loc.line, loc.col + off as u32), indent: 0 };
                    t.header.args.push((&k[1..], loc, vec![first]));
                    header_blank = false;
                    continue;
                }
                if t.header.name_line.is_none() && t.header.args.is_empty() && !header_blank {
                    t.header.name_line = Some(vline);
                    continue;
                }
                if !header_blank {
                    if let Some((_, _, vl)) = t.header.args.last_mut() {
                        vl.push(vline);
                        continue;
                    }
                    if t.header.name_line.is_some() {
                        t.header.purpose_more.push(vline);
                        continue;
                    }
                }
                // Free text after the header: the kerneldoc description.
                let n = push_node(
                    &mut t,
                    "Description",
                    Some(Top::Kdoc(keys::Kdoc::Description)),
                    None,
                    vline.loc,
                    0,
                    Attach::Written,
                );
                t.nodes[n].lines.push(vline);
                t.top.push(n);
                stack = vec![n];
                in_body = true;
                after_blank = false;
                continue;
            }
            in_body = true;
        }

        match key {
            Some((k, rest, off)) if k.starts_with('@') => {
                // An `@arg:` line after the header still documents an argument.
                let loc = line.loc();
                let first = VLine { text: rest, loc: Loc::new(loc.line, loc.col + off as u32), indent: 0 };
                t.header.args.push((&k[1..], loc, vec![first]));
            }
            Some((k, rest, off)) => {
                let loc = line.loc();
                let rest_line =
                    VLine { text: rest, loc: Loc::new(loc.line, loc.col + off as u32), indent: line.indent };
                let top = keys::top_level(k);
                // The deepest open item that accepts `k` as a sub-key.
                let accepting = stack.iter().rev().copied().find(|&n| {
                    (line.indent == 0 || t.nodes[n].indent < line.indent)
                        && t.nodes[n].item.is_some_and(|it| keys::accepts(it, k))
                });
                // A line indented deeper than the sub-key whose value is open
                // continues that value, whatever word it starts with.
                let deeper_than_value = stack.last().is_some_and(|&n| {
                    let v = &t.nodes[n];
                    v.top.is_none() && v.item.is_none() && line.indent > v.indent && v.indent > 0
                });
                if line.indent > 0 && deeper_than_value {
                    continue_value(&mut t, &stack, vline, after_blank);
                } else if line.indent > 0 {
                    if let Some(parent) = accepting {
                        let item = t.nodes[parent].item.and_then(|it| child_item(it, k));
                        let n = push_node(&mut t, k, None, item, loc, line.indent, Attach::Written);
                        t.nodes[n].lines.push(rest_line);
                        t.nodes[parent].children.push(n);
                        truncate_to(&mut stack, parent);
                        stack.push(n);
                    } else {
                        continue_value(&mut t, &stack, vline, after_blank);
                    }
                } else {
                    // Column 0.
                    let recover = match (top, accepting) {
                        (None, Some(_)) => Some(Attach::Recovered),
                        (Some(_), Some(_)) if t.lost_indent && !after_blank => Some(Attach::Ambiguous),
                        _ => None,
                    };
                    if let (Some(attach), Some(parent)) = (recover, accepting) {
                        let item = t.nodes[parent].item.and_then(|it| child_item(it, k));
                        let indent = t.nodes[parent].indent + 2;
                        let n = push_node(&mut t, k, None, item, loc, indent, attach);
                        t.nodes[n].lines.push(rest_line);
                        t.nodes[parent].children.push(n);
                        truncate_to(&mut stack, parent);
                        stack.push(n);
                        recovered_count += 1;
                        first_recovered.get_or_insert(loc);
                        if attach == Attach::Ambiguous {
                            let pk = t.nodes[parent].key;
                            t.diags.push(
                                Diagnostic::warning(
                                    "ambiguous-indentation",
                                    loc,
                                    format!("`{k}:` at column 0 could start a new top-level `{k}` item or belong to the `{pk}:` item above; it was attached to `{pk}:`"),
                                )
                                .with_len(k.len() + 1)
                                .with_help(format!("indent it under `{pk}:` (2 spaces), or put a blank line before it to start a new item")),
                            );
                        }
                    } else if top.is_some() {
                        let item = match top {
                            Some(Top::Item(it)) => Some(it),
                            _ => None,
                        };
                        let n = push_node(&mut t, k, top, item, loc, 0, Attach::Written);
                        t.nodes[n].lines.push(rest_line);
                        t.top.push(n);
                        stack = vec![n];
                    } else if t.lost_indent && !after_blank && stack.last().is_some_and(|&n| is_free_text(&t.nodes[n]))
                    {
                        // Prose such as `Note: ...` inside a flattened free-text value.
                        continue_value(&mut t, &stack, vline, after_blank);
                    } else {
                        let n = push_node(&mut t, k, None, None, loc, 0, Attach::Written);
                        t.nodes[n].lines.push(rest_line);
                        t.top.push(n);
                        stack = vec![n];
                    }
                }
            }
            _ => continue_value(&mut t, &stack, vline, after_blank),
        }
        after_blank = false;
    }

    if let Some(loc) = first_recovered {
        t.diags.push(
            Diagnostic::warning(
                "indentation-recovered",
                loc,
                format!("sub-key indentation was lost; {recovered_count} sub-key line(s) were attached to the item above them"),
            )
            .with_help("indent sub-keys by two spaces after `* ` so every consumer reads the same structure"),
        );
    }
    t
}

fn is_free_text(n: &Node<'_>) -> bool {
    matches!(
        n.top,
        Some(Top::Value(keys::ValueKey::LongDesc | keys::ValueKey::Notes | keys::ValueKey::Examples))
            | Some(Top::Kdoc(_))
    ) || matches!(n.key, "desc" | "cdesc" | "constraint" | "condition" | "allows" | "without")
}

fn push_node<'a>(
    t: &mut Tree<'a>,
    key: &'a str,
    top: Option<Top>,
    item: Option<Item>,
    loc: Loc,
    indent: u32,
    attach: Attach,
) -> usize {
    t.nodes.push(Node { key, top, item, loc, indent, lines: Vec::new(), children: Vec::new(), attach });
    t.nodes.len() - 1
}

fn truncate_to(stack: &mut Vec<usize>, node: usize) {
    if let Some(pos) = stack.iter().position(|&n| n == node) {
        stack.truncate(pos + 1);
    }
}

fn continue_value<'a>(t: &mut Tree<'a>, stack: &[usize], line: VLine<'a>, _after_blank: bool) {
    match stack.last() {
        Some(&n) => t.nodes[n].lines.push(line),
        None => t.diags.push(Diagnostic::warning("stray-text", line.loc, "text outside any key is ignored")),
    }
}

fn char_name(c: char) -> &'static str {
    match c {
        '\u{a0}' => "NO-BREAK SPACE",
        '\u{2000}'..='\u{200a}' => "a typographic space",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{1680}' => "OGHAM SPACE MARK",
        '\u{202f}' => "NARROW NO-BREAK SPACE",
        '\u{205f}' => "MEDIUM MATHEMATICAL SPACE",
        '\u{85}' => "NEXT LINE",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{b}' | '\u{c}' => "a control character",
        _ => "non-ASCII whitespace",
    }
}
