//! TOML semantics: the logical tables a document defines, and every place
//! where it defines something twice or in conflicting ways.
//!
//! Built from the [`SyntaxTree`] even when it has syntax errors, so a
//! duplicate key is reported next to an unrelated typo. Each conflict sits on
//! the span of the later definition and points back at the first. Keys
//! borrow from the source unless they contain escapes.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::tree::{Entry, HeaderKind, Key, SyntaxTree, Value, ValueKind};
use crate::text::Span;

/// How a table came to exist; decides whether it may be defined again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// The document itself.
    Root,
    /// Created on the way to a deeper header (`[a.b]` creates `a`); a later
    /// `[a]` may still define it once.
    Implicit,
    /// Defined by a `[header]` or as an element of `[[array]]`.
    Header,
    /// Created by a dotted key (`a.b = 1` creates `a`).
    Dotted,
    /// An inline table `{ ... }`: complete as written.
    Inline,
}

#[derive(Debug)]
pub struct Table<'t> {
    pub kind: TableKind,
    /// Where the table was defined (header key, dotted key or inline table).
    pub span: Span,
    entries: Vec<(Cow<'t, str>, Item<'t>)>,
    /// Built once a table grows past [`INDEX_THRESHOLD`] entries; a short
    /// linear scan beats hashing for the small tables most configs have.
    index: Option<FxHashMap<Cow<'t, str>, usize>>,
}

const INDEX_THRESHOLD: usize = 12;

/// One named thing inside a table.
#[derive(Debug)]
pub struct Item<'t> {
    /// The key (or header key) that defined it.
    pub key_span: Span,
    pub node: Node<'t>,
}

#[derive(Debug)]
pub enum Node<'t> {
    Scalar(&'t Value),
    Array(Vec<Node<'t>>),
    Table(Table<'t>),
    ArrayOfTables(Vec<Table<'t>>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictKind {
    /// `a = 1` twice.
    DuplicateKey,
    /// `[a]` twice.
    DuplicateTable,
    /// `[a]` against `[[a]]`, either way round.
    TableVersusArrayOfTables,
    /// A key used both as a value and as a table (`a = 1` then `a.b = 2`).
    ValueVersusTable,
    /// A `[header]` for a table that dotted keys defined, or dotted keys
    /// adding to a table a header defined.
    DottedVersusHeader,
    /// Adding to an inline table after it was written.
    ExtendInlineTable,
    /// `[[a]]` after `a = [...]`.
    ExtendStaticArray,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The later definition.
    pub span: Span,
    /// The first definition.
    pub first: Span,
    /// The full dotted path of the key, as a person would write it.
    pub path: String,
}

impl Conflict {
    pub fn message(&self) -> String {
        let path = &self.path;
        match self.kind {
            ConflictKind::DuplicateKey => format!("key `{path}` is defined twice"),
            ConflictKind::DuplicateTable => format!("table `[{path}]` is defined twice"),
            ConflictKind::TableVersusArrayOfTables => {
                format!(
                    "`{path}` is used both as a table `[{path}]` and as an array of tables `[[{path}]]`"
                )
            }
            ConflictKind::ValueVersusTable => {
                format!("`{path}` is already a value, so it cannot also be a table")
            }
            ConflictKind::DottedVersusHeader => format!(
                "table `{path}` is defined both with dotted keys and with a `[{path}]` header; use one form"
            ),
            ConflictKind::ExtendInlineTable => {
                format!(
                    "inline table `{path}` is complete as written; add the key inside its braces"
                )
            }
            ConflictKind::ExtendStaticArray => {
                format!("`{path}` is an array value, so `[[{path}]]` cannot add to it")
            }
        }
    }
}

#[derive(Debug)]
pub struct Semantics<'t> {
    pub root: Table<'t>,
    pub conflicts: Vec<Conflict>,
}

impl<'t> Table<'t> {
    fn new(kind: TableKind, span: Span) -> Self {
        Table {
            kind,
            span,
            entries: Vec::new(),
            index: None,
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(name, _)| name == key),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Item<'t>> {
        self.position(key).map(|index| &self.entries[index].1)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Item<'t>> {
        self.position(key)
            .map(move |index| &mut self.entries[index].1)
    }

    pub fn entries(&self) -> impl Iterator<Item = (&str, &Item<'t>)> {
        self.entries.iter().map(|(key, item)| (key.as_ref(), item))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn insert(&mut self, key: Cow<'t, str>, item: Item<'t>) -> &mut Item<'t> {
        let position = self.entries.len();
        match &mut self.index {
            Some(index) => {
                index.insert(key.clone(), position);
            }
            None if position + 1 >= INDEX_THRESHOLD => {
                let mut index = FxHashMap::default();
                index.reserve(position * 2);
                for (offset, (name, _)) in self.entries.iter().enumerate() {
                    index.insert(name.clone(), offset);
                }
                index.insert(key.clone(), position);
                self.index = Some(index);
            }
            None => {}
        }
        self.entries.push((key, item));
        &mut self.entries[position].1
    }
}

/// Builds the logical tables of `tree` and collects every conflict.
pub fn analyse<'t>(tree: &'t SyntaxTree, source: &'t str) -> Semantics<'t> {
    let mut builder = SemanticsBuilder {
        source,
        conflicts: Vec::new(),
    };
    let mut root = Table::new(TableKind::Root, Span::default());
    for section in &tree.sections {
        match &section.header {
            None => builder.add_entries(&mut root, &section.entries, &[]),
            Some(header) => {
                let mut path: Vec<Cow<'t, str>> = Vec::with_capacity(header.key.parts.len());
                let target = builder.open_header(&mut root, &header.key, header.kind, &mut path);
                match target {
                    Some(table) => builder.add_entries(table, &section.entries, &path),
                    None => {
                        // The header conflicts; still check its entries
                        // against each other in a table of their own.
                        let mut detached = Table::new(TableKind::Header, header.key.span);
                        builder.add_entries(&mut detached, &section.entries, &path);
                    }
                }
            }
        }
    }
    builder
        .conflicts
        .sort_by_key(|conflict| (conflict.span.start, conflict.span.end));
    Semantics {
        root,
        conflicts: builder.conflicts,
    }
}

struct SemanticsBuilder<'t> {
    source: &'t str,
    conflicts: Vec<Conflict>,
}

impl<'t> SemanticsBuilder<'t> {
    fn conflict(&mut self, kind: ConflictKind, span: Span, first: Span, path: &[Cow<'t, str>]) {
        self.conflicts.push(Conflict {
            kind,
            span,
            first,
            path: display_path(path),
        });
    }

    /// Walks to (creating as needed) the table a header names; `None` when
    /// the header conflicts with what is already there.
    fn open_header<'r>(
        &mut self,
        root: &'r mut Table<'t>,
        key: &'t Key,
        kind: HeaderKind,
        path: &mut Vec<Cow<'t, str>>,
    ) -> Option<&'r mut Table<'t>> {
        let (last, init) = key.parts.split_last()?;
        let mut table = root;
        for part in init {
            let name = part.decode(self.source);
            path.push(name.clone());
            if table.get(&name).is_none() {
                table.insert(
                    name.clone(),
                    Item {
                        key_span: part.span,
                        node: Node::Table(Table::new(TableKind::Implicit, part.span)),
                    },
                );
            }
            let item = table.get_mut(&name).expect("inserted above");
            let first = item.key_span;
            table = match &mut item.node {
                Node::Table(inner) if inner.kind == TableKind::Inline => {
                    self.conflict(ConflictKind::ExtendInlineTable, part.span, first, path);
                    return None;
                }
                Node::Table(inner) => inner,
                Node::ArrayOfTables(tables) => tables.last_mut()?,
                Node::Array(_) => {
                    self.conflict(ConflictKind::ExtendStaticArray, part.span, first, path);
                    return None;
                }
                Node::Scalar(_) => {
                    self.conflict(ConflictKind::ValueVersusTable, part.span, first, path);
                    return None;
                }
            };
        }
        let name = last.decode(self.source);
        path.push(name.clone());
        let span = key.span;
        if table.get(&name).is_none() {
            let node = match kind {
                HeaderKind::Table => Node::Table(Table::new(TableKind::Header, span)),
                HeaderKind::ArrayOfTables => {
                    Node::ArrayOfTables(vec![Table::new(TableKind::Header, span)])
                }
            };
            let item = table.insert(
                name,
                Item {
                    key_span: span,
                    node,
                },
            );
            return match &mut item.node {
                Node::Table(table) => Some(table),
                Node::ArrayOfTables(tables) => tables.last_mut(),
                _ => None,
            };
        }
        let item = table.get_mut(&name).expect("checked above");
        let first = item.key_span;
        match (&mut item.node, kind) {
            (Node::Table(existing), HeaderKind::Table) => match existing.kind {
                TableKind::Implicit => {
                    existing.kind = TableKind::Header;
                    existing.span = span;
                    Some(existing)
                }
                TableKind::Header | TableKind::Root => {
                    self.conflict(ConflictKind::DuplicateTable, span, existing.span, path);
                    None
                }
                TableKind::Dotted => {
                    self.conflict(ConflictKind::DottedVersusHeader, span, existing.span, path);
                    None
                }
                TableKind::Inline => {
                    self.conflict(ConflictKind::ExtendInlineTable, span, first, path);
                    None
                }
            },
            (Node::ArrayOfTables(tables), HeaderKind::ArrayOfTables) => {
                tables.push(Table::new(TableKind::Header, span));
                tables.last_mut()
            }
            (Node::Table(_), HeaderKind::ArrayOfTables)
            | (Node::ArrayOfTables(_), HeaderKind::Table) => {
                self.conflict(ConflictKind::TableVersusArrayOfTables, span, first, path);
                None
            }
            (Node::Array(_), HeaderKind::ArrayOfTables) => {
                self.conflict(ConflictKind::ExtendStaticArray, span, first, path);
                None
            }
            (Node::Array(_) | Node::Scalar(_), _) => {
                self.conflict(ConflictKind::DuplicateKey, span, first, path);
                None
            }
        }
    }

    fn add_entries(
        &mut self,
        table: &mut Table<'t>,
        entries: &'t [Entry],
        prefix: &[Cow<'t, str>],
    ) {
        for entry in entries {
            let mut path = prefix.to_vec();
            self.add_entry(table, entry, &mut path);
        }
    }

    fn add_entry(&mut self, table: &mut Table<'t>, entry: &'t Entry, path: &mut Vec<Cow<'t, str>>) {
        if matches!(entry.value.kind, ValueKind::Invalid) && entry.key.parts.is_empty() {
            return;
        }
        let Some((last, init)) = entry.key.parts.split_last() else {
            return;
        };
        let mut table = table;
        for part in init {
            let name = part.decode(self.source);
            path.push(name.clone());
            if table.get(&name).is_none() {
                table.insert(
                    name.clone(),
                    Item {
                        key_span: part.span,
                        node: Node::Table(Table::new(TableKind::Dotted, part.span)),
                    },
                );
            }
            let item = table.get_mut(&name).expect("inserted above");
            let first = item.key_span;
            table = match &mut item.node {
                Node::Table(inner) => match inner.kind {
                    TableKind::Dotted => inner,
                    TableKind::Inline => {
                        self.conflict(ConflictKind::ExtendInlineTable, part.span, first, path);
                        return;
                    }
                    TableKind::Header | TableKind::Implicit | TableKind::Root => {
                        self.conflict(
                            ConflictKind::DottedVersusHeader,
                            part.span,
                            inner.span,
                            path,
                        );
                        return;
                    }
                },
                Node::ArrayOfTables(_) | Node::Array(_) | Node::Scalar(_) => {
                    self.conflict(ConflictKind::ValueVersusTable, part.span, first, path);
                    return;
                }
            };
        }
        let name = last.decode(self.source);
        path.push(name.clone());
        if let Some(existing) = table.get(&name) {
            let first = existing.key_span;
            self.conflict(ConflictKind::DuplicateKey, last.span, first, path);
            return;
        }
        let node = self.value_node(&entry.value, path);
        table.insert(
            name,
            Item {
                key_span: last.span,
                node,
            },
        );
    }

    fn value_node(&mut self, value: &'t Value, path: &[Cow<'t, str>]) -> Node<'t> {
        match &value.kind {
            ValueKind::Array(items) => Node::Array(
                items
                    .iter()
                    .map(|item| self.value_node(item, path))
                    .collect(),
            ),
            ValueKind::InlineTable(entries) => {
                let mut table = Table::new(TableKind::Inline, value.span);
                let mut entry_path = path.to_vec();
                for entry in entries {
                    entry_path.truncate(path.len());
                    self.add_entry(&mut table, entry, &mut entry_path);
                }
                // Dotted keys inside an inline table make dotted tables,
                // which are as complete as the inline table itself.
                seal_inline(&mut table);
                Node::Table(table)
            }
            _ => Node::Scalar(value),
        }
    }
}

fn seal_inline(table: &mut Table<'_>) {
    for (_, item) in table.entries.iter_mut() {
        if let Node::Table(inner) = &mut item.node {
            inner.kind = TableKind::Inline;
            seal_inline(inner);
        }
    }
}

fn display_path(path: &[Cow<'_, str>]) -> String {
    let mut out = String::new();
    for (index, name) in path.iter().enumerate() {
        if index > 0 {
            out.push('.');
        }
        let bare = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if bare {
            out.push_str(name);
        } else {
            out.push('"');
            for c in name.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{TomlVersion, parse};

    /// Conflicts of `source` as (kind, text of the later definition, text of
    /// the first definition).
    fn conflicts(source: &str) -> Vec<(ConflictKind, String, String)> {
        let tree = parse(source, TomlVersion::V1_1);
        let semantics = analyse(&tree, source);
        semantics
            .conflicts
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.span.text(source).to_owned(),
                    c.first.text(source).to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn valid_documents_have_no_conflicts() {
        for source in [
            "a = 1\nb = 2\n",
            "[a.b.c]\n[a]\nx = 1\n",
            "[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n",
            "[[a]]\nx = 1\n[[a]]\nx = 2\n[a.b]\ny = 1\n",
            "a = {b.c = 1, b.d = 2}\n",
        ] {
            assert_eq!(conflicts(source), vec![], "{source}");
        }
    }

    #[test]
    fn each_conflict_points_at_the_later_definition() {
        use ConflictKind::*;
        let cases: &[(&str, ConflictKind, &str, &str)] = &[
            ("a = 1\na = 2\n", DuplicateKey, "a", "a"),
            ("\"a\" = 1\na = 2\n", DuplicateKey, "a", "\"a\""),
            ("[t]\n[t]\n", DuplicateTable, "t", "t"),
            ("[t]\n[[t]]\n", TableVersusArrayOfTables, "t", "t"),
            ("[[t]]\n[t]\n", TableVersusArrayOfTables, "t", "t"),
            ("a = 1\na.b = 2\n", ValueVersusTable, "a", "a"),
            ("a.b = 1\n[a]\n", DottedVersusHeader, "a", "a"),
            ("[a.b]\n[a]\nb.c = 1\n", DottedVersusHeader, "b", "a.b"),
            ("a = {}\n[a.b]\n", ExtendInlineTable, "a", "a"),
            ("a = {b = 1}\na.c = 2\n", ExtendInlineTable, "a", "a"),
            ("a = []\n[[a]]\n", ExtendStaticArray, "a", "a"),
        ];
        for &(source, kind, later, first) in cases {
            assert_eq!(
                conflicts(source),
                vec![(kind, later.to_owned(), first.to_owned())],
                "{source}"
            );
        }
    }

    #[test]
    fn conflicts_are_found_next_to_syntax_errors() {
        let source = "x = \n[t]\na = 1\na = 2\n";
        let tree = parse(source, TomlVersion::V1_1);
        assert_eq!(tree.errors.len(), 1);
        assert_eq!(analyse(&tree, source).conflicts.len(), 1);
    }

    #[test]
    fn paths_are_quoted_when_needed() {
        let source = "[\"a b\".c]\n[\"a b\".c]\n";
        let tree = parse(source, TomlVersion::V1_1);
        let semantics = analyse(&tree, source);
        assert_eq!(
            semantics.conflicts[0].message(),
            "table `[\"a b\".c]` is defined twice"
        );
    }
}
