//! Analyses of successive versions of one document that reuse the work
//! done for the version before. A front end keeps a [`PreviousParse`] per
//! open document and says how each text came from the last one
//! ([`Revision`]); then an edit costs a reparse of only the regions it
//! touched ([`crate::syntax::reparse_sections`]) and the semantic rules
//! for only the groups it touched.
//!
//! A group is every definition whose key starts with the same name: the
//! root section's entries and the `[headers]` by their first key part.
//! Definitions only conflict, and rules only look at each other, within a
//! group, so a group analysed alone ([`semantics::analyse_some`]) gives
//! what the whole document gives for it. After an edit, the groups of the
//! replaced and the new sections are analysed again; every other group's
//! findings and path references are kept, moved by the edit.
//!
//! The findings are the same as [`super::analyse_file_with_references`]
//! on the same text, whatever the history: when the history does not match
//! what was kept (another text, other settings or location, a changed
//! world of files, a lost parse), the work is done from scratch.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::facts::{Facts, SharedTree};
use super::profiles::Profile;
use super::schema;
use super::{
    Diagnostic, Location, apply_levels, paths::PathReference, rules, schema_for, semantic_rules,
    suppress, too_large,
};
use crate::config::{Settings, TomlVersion};
use crate::syntax::semantics;
use crate::syntax::{self, HeaderKind, Key, Section, SectionChange, SyntaxTree};
use crate::text::{AppliedEdit, Span};

/// Which text is analysed, and how it came from an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Names this text; never reused for another text of the document.
    pub id: u64,
    /// The text it was made from, if known.
    pub since: Option<Since>,
}

impl Revision {
    /// Text `id`, made from text `from` by `edit`, with no file around it
    /// changed in between: what a keystroke gives.
    pub fn edited(from: u64, id: u64, edit: AppliedEdit) -> Revision {
        Revision {
            id,
            since: Some(Since {
                id: from,
                edit: Some(edit),
                same_files: true,
            }),
        }
    }
}

/// "This text is text `id` after `edit`" (`None`: unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Since {
    pub id: u64,
    pub edit: Option<AppliedEdit>,
    /// No file the analysis may look at changed since text `id` was
    /// analysed, so its path findings still hold.
    pub same_files: bool,
}

/// The syntax tree of the text analysed last, kept for the next analysis.
#[derive(Debug, Default)]
pub struct PreviousParse {
    kept: Option<Kept>,
    full_parses: u64,
}

#[derive(Debug)]
struct Kept {
    /// Shared with the [`Facts`] of the text analysed last.
    tree: Arc<SharedTree>,
    version: TomlVersion,
    text_len: usize,
    text_id: u64,
    groups: Groups,
}

impl PreviousParse {
    /// Analyses `source` (the text `revision` names) like
    /// [`super::analyse_file_with_references`], or
    /// [`super::analyse`] without a location, and keeps its syntax for
    /// the next call: the same findings in the same order, and the same
    /// path references, in an order of their own. The tree in the facts
    /// is the one kept: while no reader of those facts is left when the
    /// next call comes, it is reused in place, never copied.
    pub fn analyse(
        &mut self,
        source: &str,
        settings: &Settings,
        location: Option<Location<'_>>,
        revision: Revision,
    ) -> Facts {
        // Taken out first: if the analysis panics, nothing stale is kept.
        let kept = self.kept.take();
        if let Some(findings) = too_large(source, settings) {
            return Facts {
                findings,
                references: Vec::new(),
                tree: None,
            };
        }
        let version = settings.toml_version;
        let file = location.map(|location| location.file.to_path_buf());
        let (mut tree, groups) = match (kept, revision.since) {
            (Some(kept), Some(since)) if kept.text_id == since.id && kept.version == version => {
                let reusable = since.same_files
                    && kept.groups.settings == *settings
                    && kept.groups.file == file;
                match since.edit {
                    Some(edit) => {
                        let (mut tree, change) =
                            syntax::reparse_sections(kept.tree.into_tree(), source, version, edit);
                        let mut groups = kept.groups;
                        if reusable {
                            groups.update(&mut tree, source, location, &change, edit);
                        } else {
                            groups = Groups::new(&mut tree, source, settings, location);
                        }
                        (tree, groups)
                    }
                    None if kept.text_len == source.len() => {
                        let mut tree = kept.tree.into_tree();
                        let groups = if reusable {
                            kept.groups
                        } else {
                            Groups::new(&mut tree, source, settings, location)
                        };
                        (tree, groups)
                    }
                    None => self.parse_afresh(source, settings, location),
                }
            }
            _ => self.parse_afresh(source, settings, location),
        };
        // The schema judges the whole document: its findings are computed
        // afresh over the settled tree, and only for a file it applies to.
        let mut schema_findings = Vec::new();
        if let Some(location) = location
            && let Some(association) = schema_for(source, settings, location)
        {
            tree.settle();
            let semantics = semantics::analyse(&tree, source);
            rules::schema::check(
                source,
                &semantics,
                &association,
                location.file,
                location.fs,
                &mut schema_findings,
            );
        }
        let (findings, references) = groups.findings(source, &tree, settings, schema_findings);
        let tree = Arc::new(SharedTree::new(tree));
        self.kept = Some(Kept {
            tree: Arc::clone(&tree),
            version,
            text_len: source.len(),
            text_id: revision.id,
            groups,
        });
        Facts {
            findings,
            references,
            tree: Some(tree),
        }
    }

    fn parse_afresh(
        &mut self,
        source: &str,
        settings: &Settings,
        location: Option<Location<'_>>,
    ) -> (SyntaxTree, Groups) {
        let mut tree = self.parse(source, settings.toml_version);
        let groups = Groups::new(&mut tree, source, settings, location);
        (tree, groups)
    }

    /// How many analyses parsed the whole text.
    pub fn full_parses(&self) -> u64 {
        self.full_parses
    }

    fn parse(&mut self, source: &str, version: TomlVersion) -> SyntaxTree {
        self.full_parses += 1;
        syntax::parse(source, version)
    }
}

/// What the definitions of each group yield, and which group each
/// top-level definition belongs to.
///
/// A definition's group is the first part of its key and, for a key of two
/// parts or more, the second: `[a]` is in `a`, `[a.b.c]` and `a.b = 1` (at
/// the root) in `a.b`. The groups sharing a first part form a family. A
/// family with a head (a definition of `a` itself: `[a]`, `[[a]]`, `a = …`)
/// is analysed as one unit, since the head decides what `a.b` may be; a
/// family without one is analysed group by group, since `a.b…` and `a.c…`
/// only meet in the implicit table `a`, which any number of them may
/// create — unless a unit's rule may judge the name `a` itself (a
/// deprecated top-level spelling), which must be judged once.
///
/// A family whose head is an array of tables and nothing else (a
/// `Cargo.lock` is all `[[package]]`) is analysed element by element when
/// it may be split, it has no `[a]` header and no root entry (`a = …`,
/// `a.b = …`), and nothing of it comes before its first element: each
/// `[[a]]` with the `[a.…]` headers up to the next one is a table of its
/// own, which no other element can conflict with.
#[derive(Debug)]
struct Groups {
    ids: FxHashMap<(Box<str>, Option<Box<str>>), u32>,
    /// By group id.
    results: Vec<GroupResult>,
    /// The groups whose results hold a finding or a path reference: the
    /// only ones an edit moves and the findings collect from.
    with_content: BTreeSet<u32>,
    /// How many top-level definitions each group has now.
    pieces: Vec<u32>,
    family_of: Vec<u32>,
    families: Vec<Family>,
    family_ids: FxHashMap<Box<str>, u32>,
    /// The group of each section by index; the root section, whose
    /// entries have their own groups, has [`NO_GROUP`].
    of_section: Vec<u32>,
    /// The group of each entry of the root section.
    of_root_entry: Vec<u32>,
    /// For each section that is an element of an array of tables (a
    /// `[[name]]` header with a one-part key), an id of its own, like a
    /// group's: the unit of that element whenever its family is analysed
    /// element by element. [`NO_GROUP`] for every other section.
    element_of_section: Vec<u32>,
    /// Element ids given back, for reuse.
    spare_ids: Vec<u32>,
    /// By family: whether the last analysis went element by element.
    by_element: Vec<bool>,
    /// What the results were computed under.
    settings: Settings,
    file: Option<PathBuf>,
    /// The key rules' view of the file; `None` without a location.
    profile: Option<Profile>,
}

#[derive(Debug)]
struct Family {
    /// The group of the family's head definitions.
    head: u32,
    members: Vec<u32>,
    /// Definitions in all its groups.
    pieces: u32,
    /// Without a head, its groups may be analysed one by one.
    splittable: bool,
    /// `[name]` headers and root entries (`name = …`, `name.x = …`): with
    /// none, a family whose head is only `[[name]]` elements may be
    /// analysed element by element.
    tables_and_root: u32,
}

#[derive(Debug, Default)]
struct GroupResult {
    findings: Vec<Diagnostic>,
    references: Vec<PathReference>,
    /// The findings depend on which names the document defines at the top
    /// level or in a family's implicit table (a rename is offered only to
    /// a free name).
    asked_names: bool,
}

const NO_GROUP: u32 = u32::MAX;

impl Groups {
    /// Every group of `tree`, analysed.
    fn new(
        tree: &mut SyntaxTree,
        source: &str,
        settings: &Settings,
        location: Option<Location<'_>>,
    ) -> Groups {
        let mut groups = Groups {
            ids: FxHashMap::default(),
            results: Vec::new(),
            with_content: BTreeSet::new(),
            pieces: Vec::new(),
            family_of: Vec::new(),
            families: Vec::new(),
            family_ids: FxHashMap::default(),
            of_section: Vec::with_capacity(tree.sections.len()),
            of_root_entry: Vec::new(),
            element_of_section: Vec::with_capacity(tree.sections.len()),
            spare_ids: Vec::new(),
            by_element: Vec::new(),
            settings: settings.clone(),
            file: location.map(|location| location.file.to_path_buf()),
            profile: location.map(|location| Profile::for_path(location.file)),
        };
        let (ids, elements) = groups.assign_sections(&tree.sections, 0, source);
        groups.of_section = ids;
        groups.element_of_section = elements;
        groups.assign_root_entries(tree, source);
        let all: Vec<u32> = groups.of_section[1..]
            .iter()
            .chain(&groups.of_root_entry)
            .copied()
            .collect();
        groups.count(&all, 1);
        groups.count_shapes(0..tree.sections.len(), true, 1);
        let dirty = vec![true; groups.results.len()];
        let everything = groups.families_by_element();
        groups.analyse(dirty, &everything, tree, source, location);
        groups
    }

    /// Brings the groups from the tree before an edit to `tree`, the tree
    /// after it: the groups of replaced and new sections are analysed
    /// again, the others' results moved by the edit.
    fn update(
        &mut self,
        tree: &mut SyntaxTree,
        source: &str,
        location: Option<Location<'_>>,
        change: &SectionChange,
        edit: AppliedEdit,
    ) {
        // The root section was parsed again: all its entries' groups.
        let root_again = change.new.start == 0;
        self.count_shapes(change.old.clone(), root_again, -1);
        for index in change.old.clone() {
            self.release_element(self.element_of_section[index]);
        }
        let mut removed: Vec<u32> = self.of_section[change.old.clone()].to_vec();
        let (fresh, fresh_elements) =
            self.assign_sections(&tree.sections[change.new.clone()], change.new.start, source);
        let mut added = fresh.clone();
        self.of_section.splice(change.old.clone(), fresh);
        self.element_of_section
            .splice(change.old.clone(), fresh_elements);
        if root_again {
            removed.append(&mut self.of_root_entry);
            self.assign_root_entries(tree, source);
            added.extend(&self.of_root_entry);
        }
        self.count_shapes(change.new.clone(), root_again, 1);
        removed.retain(|&id| id != NO_GROUP);
        added.retain(|&id| id != NO_GROUP);

        let touched: Vec<u32> = removed.iter().chain(&added).copied().collect();
        let mut families: Vec<u32> = touched
            .iter()
            .map(|&id| self.family_of[id as usize])
            .collect();
        families.sort_unstable();
        families.dedup();
        let defined = |groups: &Groups, id: u32| groups.pieces[id as usize] > 0;
        let whole = |groups: &Groups, family: u32| groups.is_whole(family);
        let family_defined =
            |groups: &Groups, family: u32| groups.families[family as usize].pieces > 0;
        let groups_before: Vec<bool> = touched.iter().map(|&id| defined(self, id)).collect();
        let families_before: Vec<(bool, bool)> = families
            .iter()
            .map(|&family| (whole(self, family), family_defined(self, family)))
            .collect();
        self.count(&removed, -1);
        self.count(&added, 1);

        let mut dirty = vec![false; self.results.len()];
        let mut names_changed = false;
        for (&family, &(whole_before, defined_before)) in families.iter().zip(&families_before) {
            names_changed |= defined_before != family_defined(self, family);
            if self.by_element[family as usize] {
                // If it can no longer go element by element, the analysis
                // finds out and redoes all of it.
                self.mark_reached_elements(family, &change.new, &mut dirty);
            } else if whole_before || whole(self, family) {
                // Analysed as one unit before or after: all of it again.
                for &member in &self.families[family as usize].members {
                    dirty[member as usize] = true;
                }
            }
        }
        for (&id, &before) in touched.iter().zip(&groups_before) {
            dirty[id as usize] = true;
            names_changed |= before != defined(self, id);
        }
        if names_changed {
            for (id, result) in self.results.iter().enumerate() {
                dirty[id] |= result.asked_names;
            }
        }
        let delta = edit.new_len as isize - edit.old.len() as isize;
        let moved = |span: Span| match span.start() >= edit.old.start() {
            true => span.shifted(delta),
            false => span,
        };
        let kept = self.with_content.iter().filter(|&&id| !dirty[id as usize]);
        for &id in kept.filter(|_| delta != 0) {
            let result = &mut self.results[id as usize];
            for finding in &mut result.findings {
                finding.span = moved(finding.span);
                for related in &mut finding.related {
                    related.span = moved(related.span);
                }
                for fix_edit in finding.fixes.iter_mut().flat_map(|fix| &mut fix.edits) {
                    fix_edit.span = moved(fix_edit.span);
                }
            }
            for reference in &mut result.references {
                reference.span = moved(reference.span);
            }
        }
        let modes: Vec<(u32, bool)> = families
            .iter()
            .map(|&family| (family, self.goes_by_element(family)))
            .collect();
        self.analyse(dirty, &modes, tree, source, location);
    }

    /// Marks the elements of `family` (analysed element by element) that a
    /// change replacing the sections at `new` reaches: the new ones, and
    /// the one in effect where the change starts, which may gain or lose
    /// the headers after it (or, before the first element, the first one
    /// after the change).
    fn mark_reached_elements(&self, family: u32, new: &Range<usize>, dirty: &mut [bool]) {
        let element_at = |index: usize| {
            let element = self.element_of_section[index];
            let ours =
                element != NO_GROUP && self.family_of[self.of_section[index] as usize] == family;
            ours.then_some(element)
        };
        for element in new.clone().filter_map(element_at) {
            dirty[element as usize] = true;
        }
        let reached = (1..new.start.max(1))
            .rev()
            .find_map(element_at)
            .or_else(|| (new.end..self.of_section.len()).find_map(element_at));
        if let Some(element) = reached {
            dirty[element as usize] = true;
        }
    }

    /// The groups of `sections` (the tree's sections from index `first`
    /// on), and their element ids: a new one for each `[[name]]`.
    fn assign_sections(
        &mut self,
        sections: &[Section],
        first: usize,
        source: &str,
    ) -> (Vec<u32>, Vec<u32>) {
        let mut ids = Vec::with_capacity(sections.len());
        let mut elements = Vec::with_capacity(sections.len());
        for (index, section) in (first..).zip(sections) {
            let Some(header) = section.header.as_ref().filter(|_| index > 0) else {
                ids.push(NO_GROUP);
                elements.push(NO_GROUP);
                continue;
            };
            let id = self.id_of(Some(&header.key), source);
            ids.push(id);
            let element = header.kind == HeaderKind::ArrayOfTables && header.key.parts.len() == 1;
            elements.push(match element {
                true => self.new_element(self.family_of[id as usize]),
                false => NO_GROUP,
            });
        }
        (ids, elements)
    }

    fn new_element(&mut self, family: u32) -> u32 {
        if let Some(id) = self.spare_ids.pop() {
            self.family_of[id as usize] = family;
            return id;
        }
        let id = self.results.len() as u32;
        self.results.push(GroupResult::default());
        self.pieces.push(0);
        self.family_of.push(family);
        id
    }

    /// Gives back an element id whose `[[name]]` header is gone.
    fn release_element(&mut self, element: u32) {
        if element != NO_GROUP {
            self.results[element as usize] = GroupResult::default();
            self.with_content.remove(&element);
            self.spare_ids.push(element);
        }
    }

    /// Adds `by` to [`Family::tables_and_root`] for the `[name]` headers
    /// among the sections at `indices`, and for every root entry if
    /// `root_entries`.
    fn count_shapes(&mut self, indices: Range<usize>, root_entries: bool, by: i32) {
        let Groups {
            of_section,
            element_of_section,
            of_root_entry,
            families,
            family_of,
            ..
        } = self;
        let tables = indices.filter(|&index| {
            let id = of_section[index];
            id != NO_GROUP
                && families[family_of[id as usize] as usize].head == id
                && element_of_section[index] == NO_GROUP
        });
        let tables: Vec<u32> = tables.map(|index| of_section[index]).collect();
        let root = match root_entries {
            true => &of_root_entry[..],
            false => &[],
        };
        for &id in tables.iter().chain(root) {
            let family = &mut families[family_of[id as usize] as usize];
            family.tables_and_root = family.tables_and_root.wrapping_add_signed(by);
        }
    }

    /// Adds `by` definitions to each group in `ids` and to its family.
    fn count(&mut self, ids: &[u32], by: i32) {
        for &id in ids {
            let pieces = &mut self.pieces[id as usize];
            *pieces = pieces.wrapping_add_signed(by);
            let family = &mut self.families[self.family_of[id as usize] as usize];
            family.pieces = family.pieces.wrapping_add_signed(by);
        }
    }

    fn assign_root_entries(&mut self, tree: &SyntaxTree, source: &str) {
        let root = tree.sections.first().map_or(&[][..], |root| root.entries());
        let ids: Vec<u32> = root
            .iter()
            .map(|entry| self.id_of(Some(&entry.key), source))
            .collect();
        self.of_root_entry = ids;
    }

    /// The group of a definition with this key (a header's or a root
    /// entry's), created if new.
    fn id_of(&mut self, key: Option<&Key>, source: &str) -> u32 {
        let mut parts = key.into_iter().flat_map(|key| key.parts.iter());
        let first: Box<str> = parts
            .next()
            .map_or("".into(), |part| part.decode(source).into());
        let second: Option<Box<str>> = parts.next().map(|part| part.decode(source).into());
        let key = (first, second);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let family = match self.family_ids.get(&key.0) {
            Some(&family) => family,
            None => {
                let family = self.families.len() as u32;
                self.family_ids.insert(key.0.clone(), family);
                let splittable = self.may_split(&key.0);
                self.families.push(Family {
                    head: NO_GROUP,
                    members: Vec::new(),
                    pieces: 0,
                    splittable,
                    tables_and_root: 0,
                });
                self.by_element.push(false);
                if key.1.is_some() {
                    // Every family has its head group, defined or not.
                    let head = self.id_of_new((key.0.clone(), None), family);
                    self.families[family as usize].head = head;
                }
                family
            }
        };
        let is_head = key.1.is_none();
        let id = self.id_of_new(key, family);
        if is_head {
            self.families[family as usize].head = id;
        }
        id
    }

    fn id_of_new(&mut self, key: (Box<str>, Option<Box<str>>), family: u32) -> u32 {
        let id = self.results.len() as u32;
        self.ids.insert(key, id);
        self.results.push(GroupResult::default());
        self.pieces.push(0);
        self.family_of.push(family);
        self.families[family as usize].members.push(id);
        id
    }

    /// Whether the groups of a family named `name` may be analysed apart
    /// when it has no head: yes unless a unit's rule may report the name
    /// itself (Cargo's old spellings), which only one unit could do
    /// rightly. The schema judges the whole document, not units.
    fn may_split(&self, name: &str) -> bool {
        match self.profile {
            Some(profile @ Profile::Cargo) => schema::deprecated(profile, &[], name).is_none(),
            _ => true,
        }
    }

    /// Which families are analysed element by element: those whose head is
    /// only `[[name]]` elements, which may be split, and which define
    /// nothing before their first element.
    fn families_by_element(&self) -> Vec<(u32, bool)> {
        let mut by_element: Vec<bool> = (0..self.families.len() as u32)
            .map(|family| self.may_go_by_element(family))
            .collect();
        let mut started = vec![false; self.families.len()];
        for (index, &id) in self.of_section.iter().enumerate().skip(1) {
            let family = self.family_of[id as usize] as usize;
            if by_element[family] && !started[family] {
                match self.element_of_section[index] != NO_GROUP {
                    true => started[family] = true,
                    false => by_element[family] = false,
                }
            }
        }
        (0..).zip(by_element).collect()
    }

    /// [`Self::families_by_element`] for one family.
    fn goes_by_element(&self, family: u32) -> bool {
        self.may_go_by_element(family) && {
            let mut sections = self.of_section.iter().enumerate().skip(1);
            let first = sections.find(|&(_, &id)| self.family_of[id as usize] == family);
            first.is_some_and(|(index, _)| self.element_of_section[index] != NO_GROUP)
        }
    }

    /// Whether a family's definitions are all `[[name]]` elements and
    /// what they hold, and it may be split.
    fn may_go_by_element(&self, family: u32) -> bool {
        let family = &self.families[family as usize];
        family.splittable && family.tables_and_root == 0 && self.pieces[family.head as usize] > 0
    }

    /// Whether a family is analysed as one unit.
    fn is_whole(&self, family: u32) -> bool {
        let family = &self.families[family as usize];
        !family.splittable || self.pieces[family.head as usize] > 0
    }

    /// The group whose analysis covers the definitions of group `id`: its
    /// family's head group when the family is analysed whole, else its own.
    fn unit_of(&self, id: u32) -> u32 {
        let family = self.family_of[id as usize];
        match self.is_whole(family) {
            true => self.families[family as usize].head,
            false => id,
        }
    }

    /// Analyses each unit marked in `dirty`, alone; a marked group that is
    /// no unit (or has no definitions left) is emptied. Settles the
    /// sections it hands to the rules; the rest of what they and
    /// [`Self::findings`] read of the tree is always in place: headers,
    /// errors, comments, and the root section's entries (the root section
    /// is never after a reparsed stretch).
    fn analyse(
        &mut self,
        mut dirty: Vec<bool>,
        modes: &[(u32, bool)],
        tree: &mut SyntaxTree,
        source: &str,
        location: Option<Location<'_>>,
    ) {
        // A family that changes between one unit and one per element is
        // analysed again all through, and its elements' results go.
        let mut redone = Vec::new();
        for &(family, now) in modes {
            if std::mem::replace(&mut self.by_element[family as usize], now) != now {
                redone.push(family);
                for &member in &self.families[family as usize].members {
                    dirty[member as usize] = true;
                }
            }
        }
        if !redone.is_empty() {
            let elements = self.of_section.iter().zip(&self.element_of_section);
            for (&id, &element) in elements.filter(|(_, element)| **element != NO_GROUP) {
                if redone.contains(&self.family_of[id as usize]) {
                    dirty[element as usize] = true;
                }
            }
        }
        let by_element = &self.by_element;
        // Few groups are dirty after an edit; the scans below look at every
        // definition, so each step is one lookup.
        let mut in_dirty_unit = vec![false; self.results.len()];
        for unit in (0..dirty.len() as u32).filter(|&id| dirty[id as usize]) {
            let family = self.family_of[unit as usize];
            if by_element[family as usize] {
                continue;
            }
            match self.is_whole(family) {
                true if self.families[family as usize].head == unit => {
                    for &member in &self.families[family as usize].members {
                        in_dirty_unit[member as usize] = true;
                    }
                }
                true => {}
                false => in_dirty_unit[unit as usize] = true,
            }
        }
        let mut pieces: FxHashMap<u32, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
        for (index, &id) in self.of_root_entry.iter().enumerate() {
            if in_dirty_unit[id as usize] {
                pieces.entry(self.unit_of(id)).or_default().0.push(index);
            }
        }
        // The element each family analysed element by element is in.
        let mut current: Vec<u32> = Vec::new();
        for (index, &id) in self.of_section.iter().enumerate().skip(1) {
            let family = self.family_of[id as usize] as usize;
            if by_element[family] {
                if current.is_empty() {
                    current = vec![NO_GROUP; self.families.len()];
                }
                let own_element = self.element_of_section[index];
                if own_element != NO_GROUP {
                    current[family] = own_element;
                }
                let unit = current[family];
                debug_assert_ne!(unit, NO_GROUP, "nothing precedes the first element");
                if dirty.get(unit as usize) == Some(&true) {
                    pieces.entry(unit).or_default().1.push(index);
                }
            } else if in_dirty_unit[id as usize] {
                pieces.entry(self.unit_of(id)).or_default().1.push(index);
            }
        }
        tree.settle_sections(
            pieces
                .values()
                .flat_map(|(_, sections)| sections.iter().copied()),
        );
        let tree = &*tree;
        // What the whole document defines where a unit alone cannot know:
        // at the top level, and in the implicit table of a headless family.
        let defined_elsewhere = |path: &[&str], name: &str| -> Option<bool> {
            match path {
                [] => Some(
                    self.family_ids
                        .get(name)
                        .is_some_and(|&family| self.families[family as usize].pieces > 0),
                ),
                [first] => {
                    let family = *self.family_ids.get(*first)?;
                    if self.is_whole(family) {
                        return None;
                    }
                    let key = (Box::<str>::from(*first), Some(Box::<str>::from(name)));
                    Some(
                        self.ids
                            .get(&key)
                            .is_some_and(|&id| self.pieces[id as usize] > 0),
                    )
                }
                _ => None,
            }
        };
        let fresh: Vec<(usize, GroupResult)> = (0..dirty.len())
            .filter(|&id| dirty[id])
            .map(|id| {
                let result = match pieces.get(&(id as u32)) {
                    Some((root_entries, sections)) => analyse_group(
                        tree,
                        source,
                        &self.settings,
                        location,
                        &defined_elsewhere,
                        root_entries,
                        sections,
                    ),
                    None => GroupResult::default(),
                };
                (id, result)
            })
            .collect();
        for (id, result) in fresh {
            match result.findings.is_empty() && result.references.is_empty() {
                true => self.with_content.remove(&(id as u32)),
                false => self.with_content.insert(id as u32),
            };
            self.results[id] = result;
        }
    }

    /// The findings of the whole document: its syntax errors and every
    /// group's findings, filtered and levelled like a fresh analysis.
    fn findings(
        &self,
        source: &str,
        tree: &SyntaxTree,
        settings: &Settings,
        schema_findings: Vec<Diagnostic>,
    ) -> (Vec<Diagnostic>, Vec<PathReference>) {
        let mut out = schema_findings;
        rules::syntax::check(tree, source, &mut out);
        let mut references = Vec::new();
        for result in self
            .with_content
            .iter()
            .map(|&id| &self.results[id as usize])
        {
            out.extend(result.findings.iter().cloned());
            references.extend(result.references.iter().cloned());
        }
        suppress::filter(tree, source, &mut out);
        (apply_levels(out, settings), references)
    }
}

/// The rules over one unit's semantics, as [`super::analyse_tree`] runs
/// them over the whole document's.
fn analyse_group(
    tree: &SyntaxTree,
    source: &str,
    settings: &Settings,
    location: Option<Location<'_>>,
    defined_elsewhere: &dyn Fn(&[&str], &str) -> Option<bool>,
    root_entries: &[usize],
    sections: &[usize],
) -> GroupResult {
    let semantics = semantics::analyse_some(tree, source, root_entries, sections);
    let asked_names = Cell::new(false);
    let asking = |path: &[&str], name: &str| {
        let answer = defined_elsewhere(path, name);
        if answer.is_some() {
            asked_names.set(true);
        }
        answer
    };
    let (findings, references) =
        semantic_rules(source, tree, &semantics, settings, location, &asking);
    GroupResult {
        findings,
        references,
        asked_names: asked_names.get(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::text::{Document, Position, PositionEncoding, TextChange};

    const SOURCE: &str = "[a]\nx = 1\n\n[b]\ny = \"two\"\n\n[c]\nz = [1, 2]\n";

    fn edit(document: &mut Document, line: u32, character: u32, text: &str) -> AppliedEdit {
        let at = Position::new(line, character);
        document.apply_change(
            &TextChange {
                range: Some((at, at)),
                text: text.to_owned(),
            },
            PositionEncoding::Utf8,
        )
    }

    #[test]
    fn edits_reparse_and_find_what_a_fresh_analysis_finds() {
        let settings = Settings::default();
        let mut previous = PreviousParse::default();
        let mut document = Document::new(SOURCE);
        let first = Revision { id: 1, since: None };
        assert_eq!(
            previous
                .analyse(document.text(), &settings, None, first)
                .findings,
            analyse(document.text(), &settings)
        );
        // A duplicate key typed in, then a broken header: each analysed from
        // the kept tree, each equal to a fresh analysis.
        let steps = [(4, 0, "y = 3\n"), (6, 1, "["), (0, 0, "# top\n")];
        for (id, (line, character, text)) in (2..).zip(steps) {
            let applied = edit(&mut document, line, character, text);
            let revision = Revision::edited(id - 1, id, applied);
            let findings = previous
                .analyse(document.text(), &settings, None, revision)
                .findings;
            assert_eq!(findings, analyse(document.text(), &settings), "{text:?}");
        }
        assert!(!analyse(document.text(), &settings).is_empty());
        assert_eq!(
            previous.full_parses(),
            1,
            "only the first text was parsed whole"
        );
    }

    #[test]
    fn a_history_that_does_not_match_parses_afresh() {
        let settings = Settings::default();
        let mut previous = PreviousParse::default();
        let _ = previous.analyse(SOURCE, &settings, None, Revision { id: 1, since: None });
        // Claims to follow text 7, which was never analysed.
        let other = "a = 1\na = 2\n";
        let stale = Revision {
            id: 2,
            since: Some(Since {
                id: 7,
                edit: None,
                same_files: true,
            }),
        };
        let findings = previous.analyse(other, &settings, None, stale).findings;
        assert_eq!(findings, analyse(other, &settings));
        assert_eq!(previous.full_parses(), 2);
        // Unchanged text under other settings: parsed again, for TOML 1.0.
        let v1_0 = Settings {
            toml_version: TomlVersion::V1_0,
            ..Settings::default()
        };
        let same = Revision {
            id: 3,
            since: Some(Since {
                id: 2,
                edit: None,
                same_files: true,
            }),
        };
        let _ = previous.analyse(other, &v1_0, None, same);
        assert_eq!(previous.full_parses(), 3);
    }
}
