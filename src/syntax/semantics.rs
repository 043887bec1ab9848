//! TOML semantics: the logical tables a document defines, and every place
//! where it defines something twice or in conflicting ways.
//!
//! Built from the [`SyntaxTree`] even when it has syntax errors, so a
//! duplicate key is reported next to an unrelated typo. Each conflict sits on
//! the span of the later definition and points back at the first. Keys
//! borrow from the source unless they contain escapes.
//!
//! The tables live in one arena ([`Semantics::node`] by [`NodeId`]) with a
//! single hash map from (parent, key) to child: a document costs a few
//! allocations, not one per table.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use super::tree::{Entry, HeaderKind, Key, Section, SyntaxTree, Value, ValueKind};
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
    /// All of the later definition — the `key = value` entry, or the
    /// header with its section — when removing it would resolve the
    /// conflict.
    pub definition: Option<Span>,
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

/// A node of the logical document: a table, an array of tables, or a value.
/// Stored as index + 1, so an `Option<NodeId>` takes four bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(NonZeroU32);

impl NodeId {
    fn from_index(index: usize) -> NodeId {
        let id = u32::try_from(index + 1).expect("documents are smaller than 4 GiB");
        NodeId(NonZeroU32::new(id).expect("index + 1 is never zero"))
    }

    fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

#[derive(Clone, Copy, Debug)]
pub enum NodeKind<'t> {
    Table(TableKind),
    /// `[[name]]`; its children are the element tables, in order.
    ArrayOfTables,
    /// An array value holding inline tables somewhere inside; its children
    /// are the elements, in order.
    Array(&'t Value),
    /// A scalar, or an array with no table inside.
    Value(&'t Value),
}

/// Where a node's name is: a slice of the source (almost every key), or
/// one of the names an escape sequence forced to be decoded into a copy.
#[derive(Clone, Copy, Debug)]
struct Name {
    /// [`Name::DECODED`] for a copied name.
    start: u32,
    /// The length of a slice, or the index of a copied name.
    len: u32,
}

impl Name {
    const DECODED: u32 = u32::MAX;
    const EMPTY: Name = Name { start: 0, len: 0 };
}

#[derive(Debug)]
pub struct Node<'t> {
    /// The key naming this node in its parent ([`Semantics::name`]); empty
    /// for array elements.
    name: Name,
    pub kind: NodeKind<'t>,
    /// The key (or header key, or inline table) that defined this node.
    pub span: Span,
    /// The one key part that names this node (the last part of a dotted
    /// header key), for edits that rename it.
    pub name_span: Span,
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    next_sibling: Option<NodeId>,
}

#[derive(Debug)]
pub struct Semantics<'t> {
    source: &'t str,
    nodes: Vec<Node<'t>>,
    /// The named children of every table, hashed by (parent, name): the
    /// table stores only node ids, the names stay where they are.
    children: HashTable<NodeId>,
    /// Names that differ from their source text (escapes), decoded once.
    decoded: Vec<Box<str>>,
    pub conflicts: Vec<Conflict>,
}

impl<'t> Semantics<'t> {
    pub const ROOT: NodeId = NodeId(NonZeroU32::MIN);

    pub fn node(&self, id: NodeId) -> &Node<'t> {
        &self.nodes[id.index()]
    }

    /// The key naming `id` in its parent, unquoted and unescaped; empty for
    /// array elements and the root.
    pub fn name(&self, id: NodeId) -> &str {
        name_text(self.source, &self.decoded, self.node(id).name)
    }

    /// The child named `key` of a table (array elements have no name).
    pub fn get(&self, table: NodeId, key: &str) -> Option<NodeId> {
        self.children
            .find(child_hash(table, key), |&child| {
                let node = &self.nodes[child.index()];
                node.parent == Some(table)
                    && name_text(self.source, &self.decoded, node.name) == key
            })
            .copied()
    }

    /// Children in definition order: a table's entries, or the elements of
    /// an array.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).first_child, move |&child| {
            self.node(child).next_sibling
        })
    }

    /// The parent of a node; `None` for the root.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    /// Adds a node at the end of `parent`'s children, without making it
    /// findable by name (array elements, scratch tables).
    fn push(
        &mut self,
        parent: NodeId,
        name: Cow<'t, str>,
        kind: NodeKind<'t>,
        span: Span,
    ) -> NodeId {
        let id = NodeId::from_index(self.nodes.len());
        let name = self.store_name(name);
        self.nodes.push(Node {
            name,
            kind,
            span,
            name_span: span,
            parent: Some(parent),
            first_child: None,
            last_child: None,
            next_sibling: None,
        });
        let parent_node = &mut self.nodes[parent.index()];
        match parent_node.last_child.replace(id) {
            Some(previous) => self.nodes[previous.index()].next_sibling = Some(id),
            None => parent_node.first_child = Some(id),
        }
        id
    }

    /// Keeps a name that borrows from the source as its position there.
    fn store_name(&mut self, name: Cow<'t, str>) -> Name {
        if name.is_empty() {
            return Name::EMPTY;
        }
        if let Cow::Borrowed(text) = name {
            let offset = (text.as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
            if offset + text.len() <= self.source.len() {
                return Name {
                    start: offset as u32,
                    len: text.len() as u32,
                };
            }
        }
        self.decoded.push(name.into_owned().into_boxed_str());
        Name {
            start: Name::DECODED,
            len: (self.decoded.len() - 1) as u32,
        }
    }

    /// Adds a named child of `table`.
    fn insert(
        &mut self,
        table: NodeId,
        name: Cow<'t, str>,
        kind: NodeKind<'t>,
        span: Span,
    ) -> NodeId {
        let hash = child_hash(table, &name);
        let id = self.push(table, name, kind, span);
        let Semantics {
            source,
            nodes,
            decoded,
            children,
            ..
        } = self;
        children.insert_unique(hash, id, |&child| {
            let node = &nodes[child.index()];
            let parent = node.parent.unwrap_or(Semantics::ROOT);
            child_hash(parent, name_text(source, decoded, node.name))
        });
        id
    }

    fn kind_mut(&mut self, id: NodeId) -> &mut NodeKind<'t> {
        &mut self.nodes[id.index()].kind
    }

    /// The dotted path of a node as a person writes it, e.g. `a."b c".d`.
    pub fn path(&self, id: NodeId) -> String {
        let mut names = Vec::new();
        let mut current = Some(id);
        while let Some(node_id) = current {
            let name = self.name(node_id);
            if !name.is_empty() {
                names.push(name);
            }
            current = self.parent(node_id);
        }
        names.reverse();
        display_path(&names)
    }
}

fn name_text<'a>(source: &'a str, decoded: &'a [Box<str>], name: Name) -> &'a str {
    if name.start == Name::DECODED {
        &decoded[name.len as usize]
    } else {
        &source[name.start as usize..(name.start + name.len) as usize]
    }
}

fn child_hash(parent: NodeId, name: &str) -> u64 {
    let mut hasher = FxHasher::default();
    parent.hash(&mut hasher);
    name.hash(&mut hasher);
    hasher.finish()
}

/// Builds the logical tables of `tree` and collects every conflict.
pub fn analyse<'t>(tree: &'t SyntaxTree, source: &'t str) -> Semantics<'t> {
    let root_entries = tree.sections.first().map_or(&[][..], |root| root.entries());
    build(source, root_entries.iter(), tree.sections.iter().skip(1))
}

/// The tables and conflicts of some of `tree`'s definitions only: the
/// root section's entries at `root_entries`, then the sections (never the
/// root section) at `sections`, in document order. Definitions can only
/// conflict when their keys start with the same name, so a group of
/// definitions sharing their first key has the same conflicts alone as in
/// the whole document.
pub fn analyse_some<'t>(
    tree: &'t SyntaxTree,
    source: &'t str,
    root_entries: &[usize],
    sections: &[usize],
) -> Semantics<'t> {
    let root = &tree.sections[0];
    build(
        source,
        root_entries.iter().map(|&index| &root.entries()[index]),
        sections.iter().map(|&index| &tree.sections[index]),
    )
}

fn build<'t>(
    source: &'t str,
    root_entries: impl ExactSizeIterator<Item = &'t Entry>,
    sections: impl Iterator<Item = &'t Section> + Clone,
) -> Semantics<'t> {
    let entry_count: usize = root_entries.len()
        + sections
            .clone()
            .map(|section| section.entries().len() + 1)
            .sum::<usize>();
    let mut semantics = Semantics {
        source,
        nodes: Vec::with_capacity(entry_count * 2),
        children: HashTable::with_capacity(entry_count * 2),
        decoded: Vec::new(),
        conflicts: Vec::new(),
    };
    semantics.nodes.push(Node {
        name: Name::EMPTY,
        kind: NodeKind::Table(TableKind::Root),
        span: Span::default(),
        name_span: Span::default(),
        parent: None,
        first_child: None,
        last_child: None,
        next_sibling: None,
    });
    let mut builder = SemanticsBuilder { source, semantics };
    for entry in root_entries {
        builder.add_entry(Semantics::ROOT, entry);
    }
    for section in sections {
        let conflicts_before = builder.semantics.conflicts.len();
        let target = match &section.header {
            None => Some(Semantics::ROOT),
            Some(header) => builder.open_header(&header.key, header.kind),
        };
        match target {
            Some(table) => builder.add_entries(table, section.entries()),
            None => {
                // Only a conflict this header just caused; a header with no
                // key causes none.
                if builder.semantics.conflicts.len() > conflicts_before
                    && let Some(conflict) = builder.semantics.conflicts.last_mut()
                    && conflict.kind == ConflictKind::DuplicateTable
                {
                    conflict.definition = Some(section.span);
                }
                // The header conflicts; still check its entries against each
                // other, in a table of their own that is not part of the
                // document.
                let detached = builder.semantics.push(
                    Semantics::ROOT,
                    Cow::Borrowed(""),
                    NodeKind::Table(TableKind::Header),
                    section
                        .header
                        .as_ref()
                        .map_or(Span::default(), |h| h.key.span),
                );
                builder.add_entries(detached, section.entries());
                builder.detach(detached);
            }
        }
    }
    let mut semantics = builder.semantics;
    semantics
        .conflicts
        .sort_by_key(|conflict| (conflict.span.start, conflict.span.end));
    semantics
}

struct SemanticsBuilder<'t> {
    source: &'t str,
    semantics: Semantics<'t>,
}

impl<'t> SemanticsBuilder<'t> {
    fn conflict(&mut self, kind: ConflictKind, span: Span, first: Span, path: String) {
        self.semantics.conflicts.push(Conflict {
            kind,
            span,
            first,
            path,
            definition: None,
        });
    }

    /// Removes a scratch table from the root's children.
    fn detach(&mut self, id: NodeId) {
        let nodes = &mut self.semantics.nodes;
        let root = &nodes[Semantics::ROOT.index()];
        if root.last_child == Some(id) {
            let previous =
                std::iter::successors(root.first_child, |&child| nodes[child.index()].next_sibling)
                    .find(|&child| nodes[child.index()].next_sibling == Some(id));
            match previous {
                Some(previous) => nodes[previous.index()].next_sibling = None,
                None => nodes[Semantics::ROOT.index()].first_child = None,
            }
            nodes[Semantics::ROOT.index()].last_child = previous;
        }
    }

    /// The table a key part leads into when walking a header, creating an
    /// implicit table if needed; `None` after reporting a conflict.
    fn header_step(&mut self, table: NodeId, name: Cow<'t, str>, span: Span) -> Option<NodeId> {
        let Some(existing) = self.semantics.get(table, &name) else {
            return Some(self.semantics.insert(
                table,
                name,
                NodeKind::Table(TableKind::Implicit),
                span,
            ));
        };
        let first = self.semantics.node(existing).span;
        match self.semantics.node(existing).kind {
            NodeKind::Table(TableKind::Inline) => {
                let path = self.semantics.path(existing);
                self.conflict(ConflictKind::ExtendInlineTable, span, first, path);
                None
            }
            NodeKind::Table(_) => Some(existing),
            NodeKind::ArrayOfTables => self.semantics.node(existing).last_child,
            NodeKind::Array(_) => {
                let path = self.semantics.path(existing);
                self.conflict(ConflictKind::ExtendStaticArray, span, first, path);
                None
            }
            NodeKind::Value(_) => {
                let path = self.semantics.path(existing);
                self.conflict(ConflictKind::ValueVersusTable, span, first, path);
                None
            }
        }
    }

    /// Walks to (creating as needed) the table a header names; `None` when
    /// the header conflicts with what is already there.
    fn open_header(&mut self, key: &'t Key, kind: HeaderKind) -> Option<NodeId> {
        let (last, init) = key.parts.split_last()?;
        let mut table = Semantics::ROOT;
        for part in init {
            table = self.header_step(table, part.decode(self.source), part.span)?;
        }
        let name = last.decode(self.source);
        let span = key.span;
        let Some(existing) = self.semantics.get(table, &name) else {
            return Some(match kind {
                HeaderKind::Table => {
                    let id = self.semantics.insert(
                        table,
                        name,
                        NodeKind::Table(TableKind::Header),
                        span,
                    );
                    self.semantics.nodes[id.index()].name_span = last.span;
                    id
                }
                HeaderKind::ArrayOfTables => {
                    let array = self
                        .semantics
                        .insert(table, name, NodeKind::ArrayOfTables, span);
                    self.semantics.nodes[array.index()].name_span = last.span;
                    self.semantics.push(
                        array,
                        Cow::Borrowed(""),
                        NodeKind::Table(TableKind::Header),
                        span,
                    )
                }
            });
        };
        let first = self.semantics.node(existing).span;
        let path = || self.semantics.path(existing);
        let conflict = match (self.semantics.node(existing).kind, kind) {
            (NodeKind::Table(TableKind::Implicit), HeaderKind::Table) => {
                *self.semantics.kind_mut(existing) = NodeKind::Table(TableKind::Header);
                self.semantics.nodes[existing.index()].span = span;
                self.semantics.nodes[existing.index()].name_span = last.span;
                return Some(existing);
            }
            (NodeKind::ArrayOfTables, HeaderKind::ArrayOfTables) => {
                return Some(self.semantics.push(
                    existing,
                    Cow::Borrowed(""),
                    NodeKind::Table(TableKind::Header),
                    span,
                ));
            }
            (NodeKind::Table(TableKind::Header | TableKind::Root), HeaderKind::Table) => {
                ConflictKind::DuplicateTable
            }
            (NodeKind::Table(TableKind::Dotted), HeaderKind::Table) => {
                ConflictKind::DottedVersusHeader
            }
            (NodeKind::Table(TableKind::Inline), _) => ConflictKind::ExtendInlineTable,
            (NodeKind::Table(_), HeaderKind::ArrayOfTables)
            | (NodeKind::ArrayOfTables, HeaderKind::Table) => {
                ConflictKind::TableVersusArrayOfTables
            }
            (NodeKind::Array(_), HeaderKind::ArrayOfTables) => ConflictKind::ExtendStaticArray,
            (NodeKind::Value(value), HeaderKind::ArrayOfTables)
                if matches!(value.kind, ValueKind::Array(_)) =>
            {
                ConflictKind::ExtendStaticArray
            }
            (NodeKind::Array(_) | NodeKind::Value(_), _) => ConflictKind::DuplicateKey,
        };
        let path = path();
        self.conflict(conflict, span, first, path);
        None
    }

    fn add_entries(&mut self, table: NodeId, entries: &'t [Entry]) {
        for entry in entries {
            self.add_entry(table, entry);
        }
    }

    fn add_entry(&mut self, table: NodeId, entry: &'t Entry) {
        let Some((last, init)) = entry.key.parts.split_last() else {
            return;
        };
        let mut table = table;
        for part in init {
            let name = part.decode(self.source);
            let Some(existing) = self.semantics.get(table, &name) else {
                table = self.semantics.insert(
                    table,
                    name,
                    NodeKind::Table(TableKind::Dotted),
                    part.span,
                );
                continue;
            };
            let first = self.semantics.node(existing).span;
            let conflict = match self.semantics.node(existing).kind {
                NodeKind::Table(TableKind::Dotted) => {
                    table = existing;
                    continue;
                }
                NodeKind::Table(TableKind::Inline) => ConflictKind::ExtendInlineTable,
                NodeKind::Table(_) => ConflictKind::DottedVersusHeader,
                NodeKind::ArrayOfTables | NodeKind::Array(_) | NodeKind::Value(_) => {
                    ConflictKind::ValueVersusTable
                }
            };
            let path = self.semantics.path(existing);
            self.conflict(conflict, part.span, first, path);
            return;
        }
        let name = last.decode(self.source);
        if let Some(existing) = self.semantics.get(table, &name) {
            let first = self.semantics.node(existing).span;
            let path = self.semantics.path(existing);
            self.conflict(ConflictKind::DuplicateKey, last.span, first, path);
            if let Some(conflict) = self.semantics.conflicts.last_mut() {
                conflict.definition = Some(entry.span());
            }
            return;
        }
        self.add_value(table, name, &entry.value, last.span);
    }

    fn add_value(&mut self, parent: NodeId, name: Cow<'t, str>, value: &'t Value, span: Span) {
        let named = !name.is_empty() || self.is_table(parent);
        let insert = |semantics: &mut Semantics<'t>, kind| {
            if named {
                semantics.insert(parent, name.clone(), kind, span)
            } else {
                semantics.push(parent, Cow::Borrowed(""), kind, span)
            }
        };
        match &value.kind {
            ValueKind::InlineTable(entries) => {
                let table = insert(&mut self.semantics, NodeKind::Table(TableKind::Dotted));
                self.add_entries(table, entries);
                // Dotted keys inside an inline table make dotted tables, as
                // complete as the inline table itself.
                self.seal_inline(table);
                self.semantics.nodes[table.index()].span = if named { span } else { value.span };
            }
            ValueKind::Array(items) if items.iter().any(holds_table) => {
                let array = insert(&mut self.semantics, NodeKind::Array(value));
                for item in items {
                    self.add_value(array, Cow::Borrowed(""), item, item.span);
                }
            }
            _ => {
                insert(&mut self.semantics, NodeKind::Value(value));
            }
        }
    }

    fn is_table(&self, id: NodeId) -> bool {
        matches!(self.semantics.node(id).kind, NodeKind::Table(_))
    }

    fn seal_inline(&mut self, table: NodeId) {
        *self.semantics.kind_mut(table) = NodeKind::Table(TableKind::Inline);
        let children: Vec<NodeId> = self.semantics.children(table).collect();
        for child in children {
            if matches!(
                self.semantics.node(child).kind,
                NodeKind::Table(TableKind::Dotted)
            ) {
                self.seal_inline(child);
            }
        }
    }
}

fn holds_table(value: &Value) -> bool {
    match &value.kind {
        ValueKind::InlineTable(_) => true,
        ValueKind::Array(items) => items.iter().any(holds_table),
        _ => false,
    }
}

fn display_path(path: &[&str]) -> String {
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
