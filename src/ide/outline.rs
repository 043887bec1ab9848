//! The outline: the document symbols an editor shows (the Outline view,
//! the breadcrumbs, "go to symbol") for a TOML document — tables, each
//! `[[array]]` element, keys (a dotted key becomes one level per part)
//! and the inline tables and arrays nested in values.
//!
//! The outline follows the physical layout, not the logical table tree:
//! a header's symbol covers its section, and a dotted key or header merges
//! into the symbol just before it only when that one has the same name, so
//! `[a]` followed by `[a.b]` nests `b` under `a`, while `[a.c]` further
//! down after `[x]` starts a new `a`. That keeps the LSP invariant that a
//! child's span lies inside its parent's span, which a logical tree
//! cannot keep when a table's pieces are scattered through the file.
//!
//! Computed once per revision from its tree ([`outline`]); byte spans
//! out, which the language server converts to positions. Scalars inside arrays are left out of the outline as noise.
//! The outline is at most [`MAX_DEPTH`] levels deep, whatever the nesting
//! of the document: deeper containers appear without children and a longer
//! dotted key's tail becomes one name. Nobody reads an outline that deep,
//! and clients that parse JSON with serde_json refuse anything nested past
//! 128 levels, which a symbol tree 64 levels deep already is.

use std::sync::Arc;

use super::Analysis;
use crate::syntax::{Entry, HeaderKind, KeyPart, SyntaxTree, Value, ValueKind};
use crate::text::Span;

/// The deepest an outline goes (see the module doc).
pub const MAX_DEPTH: usize = 32;

/// What a symbol stands for; front ends pick their own icon for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// `[table]`, or the implicit table a dotted key's prefix names.
    Table,
    /// One `[[array]]` element.
    ArrayElement,
    InlineTable,
    Array,
    String,
    Number,
    Boolean,
    Datetime,
    /// A key whose value is missing or malformed.
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// Everything the symbol covers, e.g. a whole `key = value` entry or a
    /// section without its trailing blank lines.
    pub span: Span,
    /// What to highlight when the symbol is picked: its key, or its header.
    /// Always inside `span`.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// The outline of one revision.
#[derive(Debug, Default)]
pub struct Outline {
    pub symbols: Vec<Symbol>,
}

/// The outline of the revision, computed on the first call.
pub fn outline(analysis: &Analysis) -> Arc<Outline> {
    analysis.memo(|analysis| Outline {
        symbols: analysis
            .tree()
            .map(|tree| document_symbols(&tree, analysis.text()))
            .unwrap_or_default(),
    })
}

/// The outline of `source`, parsed as `tree`.
pub fn document_symbols(tree: &SyntaxTree, source: &str) -> Vec<Symbol> {
    let mut top = Vec::new();
    for section in &tree.sections {
        match &section.header {
            None => {
                for entry in section.entries() {
                    insert_entry(&mut top, entry, source, 0);
                }
            }
            Some(header) => {
                let span = trim_end(section.span, source);
                // Header keys are short in practice; entries start one
                // level below wherever the header's key ends, bounded below
                // by the depth check in `insert_path`.
                let depth = header.key.parts.len().min(MAX_DEPTH);
                let mut children = Vec::new();
                for entry in section.entries() {
                    insert_entry(&mut children, entry, source, depth);
                }
                let kind = match header.kind {
                    HeaderKind::Table => SymbolKind::Table,
                    HeaderKind::ArrayOfTables => SymbolKind::ArrayElement,
                };
                let leaf = Leaf {
                    kind,
                    span,
                    children,
                };
                insert_path(&mut top, &header.key.parts, leaf, span, source, 0);
            }
        }
    }
    top
}

/// The symbol a path of key parts ends in, before it is placed.
struct Leaf {
    kind: SymbolKind,
    span: Span,
    children: Vec<Symbol>,
}

fn insert_entry(siblings: &mut Vec<Symbol>, entry: &Entry, source: &str, depth: usize) {
    let leaf_depth = depth + entry.key.parts.len().max(1);
    let leaf = Leaf {
        kind: value_kind(&entry.value),
        span: entry.span(),
        children: value_children(&entry.value, source, leaf_depth),
    };
    insert_path(
        siblings,
        &entry.key.parts,
        leaf,
        entry.span(),
        source,
        depth,
    );
}

/// Places `leaf` under the key path `parts`, creating or extending the
/// implicit tables its prefix names. `covering` is the span every symbol
/// on the path must grow to contain.
fn insert_path(
    siblings: &mut Vec<Symbol>,
    parts: &[KeyPart],
    leaf: Leaf,
    covering: Span,
    source: &str,
    depth: usize,
) {
    let Some((first, rest)) = parts.split_first() else {
        // A key the parser could not read at all: keep its children
        // visible rather than dropping them.
        siblings.extend(leaf.children);
        return;
    };
    if depth + 1 >= MAX_DEPTH && !rest.is_empty() {
        // Too deep to nest further: the rest of the key is one name.
        let name = parts
            .iter()
            .map(|part| part.decode(source))
            .collect::<Vec<_>>()
            .join(".");
        let last = parts.last().map_or(first.span, |part| part.span);
        siblings.push(Symbol {
            name,
            kind: leaf.kind,
            span: leaf.span,
            selection: first.span.cover(last),
            children: leaf.children,
        });
        return;
    }
    let name = first.decode(source).into_owned();
    if rest.is_empty() {
        let name = if leaf.kind == SymbolKind::ArrayElement {
            let index = siblings
                .iter()
                .filter(|s| s.kind == SymbolKind::ArrayElement && element_base(&s.name) == name)
                .count();
            format!("{name}[{index}]")
        } else {
            name
        };
        siblings.push(Symbol {
            name,
            kind: leaf.kind,
            span: leaf.span,
            selection: first.span,
            children: leaf.children,
        });
        return;
    }
    let merge = siblings.last().is_some_and(|last| {
        matches!(last.kind, SymbolKind::Table | SymbolKind::ArrayElement)
            && element_base(&last.name) == name
    });
    if !merge {
        siblings.push(Symbol {
            name,
            kind: SymbolKind::Table,
            span: covering,
            selection: first.span,
            children: Vec::new(),
        });
    }
    let parent = siblings.last_mut().expect("just pushed or merged");
    parent.span = parent.span.cover(covering);
    insert_path(
        &mut parent.children,
        rest,
        leaf,
        covering,
        source,
        depth + 1,
    );
}

/// `x` for an array element named `x[3]`, the name itself otherwise.
fn element_base(name: &str) -> &str {
    match name.rfind('[') {
        Some(at) if name.ends_with(']') => &name[..at],
        _ => name,
    }
}

fn value_kind(value: &Value) -> SymbolKind {
    match value.kind {
        ValueKind::String(_) => SymbolKind::String,
        ValueKind::Integer(_) | ValueKind::Float => SymbolKind::Number,
        ValueKind::Boolean(_) => SymbolKind::Boolean,
        ValueKind::Datetime => SymbolKind::Datetime,
        ValueKind::Array(_) => SymbolKind::Array,
        ValueKind::InlineTable(_) => SymbolKind::InlineTable,
        ValueKind::Invalid => SymbolKind::Invalid,
    }
}

/// The symbols inside a value whose own symbol sits at `depth`.
fn value_children(value: &Value, source: &str, depth: usize) -> Vec<Symbol> {
    if depth >= MAX_DEPTH {
        return Vec::new();
    }
    match &value.kind {
        ValueKind::InlineTable(entries) => {
            let mut children = Vec::new();
            for entry in entries {
                insert_entry(&mut children, entry, source, depth);
            }
            children
        }
        ValueKind::Array(items) => items
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                matches!(item.kind, ValueKind::Array(_) | ValueKind::InlineTable(_))
            })
            .map(|(index, item)| Symbol {
                name: format!("[{index}]"),
                kind: value_kind(item),
                span: item.span,
                selection: item.span,
                children: value_children(item, source, depth + 1),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `span` without the blank lines and spaces at its end, which belong to
/// no table in the reader's eye.
fn trim_end(span: Span, source: &str) -> Span {
    let text = span.text(source);
    Span::new(span.start(), span.start() + text.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture;

    /// Renders the outline as indented `name kind "selected text"` lines so
    /// expectations read like the outline view itself.
    fn outline(source: &str) -> String {
        fn render(symbols: &[Symbol], source: &str, depth: usize, out: &mut String) {
            for symbol in symbols {
                assert!(
                    symbol.span.start <= symbol.selection.start
                        && symbol.selection.end <= symbol.span.end,
                    "selection outside span: {symbol:?}"
                );
                for child in &symbol.children {
                    assert!(
                        symbol.span.start <= child.span.start && child.span.end <= symbol.span.end,
                        "child outside parent: {child:?} in {symbol:?}"
                    );
                }
                out.push_str(&format!(
                    "{}{} {:?} {:?}\n",
                    "  ".repeat(depth),
                    symbol.name,
                    symbol.kind,
                    symbol.span.text(source)
                ));
                render(&symbol.children, source, depth + 1, out);
            }
        }
        let (analysis, _) = fixture::analysis(source);
        let mut out = String::new();
        render(&super::outline(&analysis).symbols, source, 0, &mut out);
        out
    }

    #[test]
    fn tables_keys_and_dotted_keys() {
        let source = "title = 'x'\n[package]\nname = \"a\"\nmeta.x = 1\nmeta.y = true\n\n[package.sub]\nz = 1979-05-27\n";
        assert_eq!(
            outline(source),
            "title String \"title = 'x'\"\n\
             package Table \"[package]\\nname = \\\"a\\\"\\nmeta.x = 1\\nmeta.y = true\\n\\n[package.sub]\\nz = 1979-05-27\"\n\
             \x20 name String \"name = \\\"a\\\"\"\n\
             \x20 meta Table \"meta.x = 1\\nmeta.y = true\"\n\
             \x20   x Number \"meta.x = 1\"\n\
             \x20   y Boolean \"meta.y = true\"\n\
             \x20 sub Table \"[package.sub]\\nz = 1979-05-27\"\n\
             \x20   z Datetime \"z = 1979-05-27\"\n"
        );
    }

    #[test]
    fn array_elements_are_numbered_and_take_their_subtables() {
        let source =
            "[[bin]]\nname = 'a'\n[[bin]]\nname = 'b'\n[bin.opts]\nx = 1\n[other]\n[[bin]]\n";
        assert_eq!(
            outline(source)
                .lines()
                .map(|line| {
                    let name_end = line.trim_start().find(' ').unwrap();
                    &line[..line.len() - line.trim_start().len() + name_end]
                })
                .collect::<Vec<_>>(),
            [
                "bin[0]", "  name", "bin[1]", "  name", "  opts", "    x", "other", "bin[2]"
            ]
        );
    }

    #[test]
    fn inline_tables_and_arrays_nest() {
        let source = "dep = { path = '../x', features = ['a', { b = 1 }] }\n";
        assert_eq!(
            outline(source)
                .lines()
                .map(|line| line.rsplit_once(" \"").unwrap().0)
                .collect::<Vec<_>>(),
            [
                "dep InlineTable",
                "  path String",
                "  features Array",
                "    [1] InlineTable",
                "      b Number"
            ]
        );
    }

    #[test]
    fn broken_documents_still_outline() {
        for source in ["[a\nb = \n= 3\n[[", "a.b. = 1\n", "x = [[[[[[", ""] {
            outline(source);
        }
        let deep = format!("a = {}", "[".repeat(100_000));
        outline(&deep);
    }

    #[test]
    fn the_outline_depth_is_bounded() {
        fn depth(symbols: &[Symbol]) -> usize {
            symbols
                .iter()
                .map(|s| 1 + depth(&s.children))
                .max()
                .unwrap_or(0)
        }
        let keys: Vec<String> = (0..200).map(|i| format!("k{i}")).collect();
        let nested = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let inline = format!("{}1{}", "{a = ".repeat(100), "}".repeat(100));
        for source in [
            format!("{} = 1\n", keys.join(".")),
            format!("[{}]\nx = {nested}\n", keys[..20].join(".")),
            format!("x = {nested}\ny = {inline}\n"),
        ] {
            let (analysis, _) = fixture::analysis(&source);
            let symbols = &super::outline(&analysis).symbols;
            assert!(depth(symbols) <= MAX_DEPTH, "{}", depth(symbols));
            assert!(depth(symbols) >= 20);
        }
    }
}
