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
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::{
    Context, Diagnostic, Location, apply_levels, paths, paths::PathReference, profiles, rules,
    suppress, too_large,
};
use crate::config::{Settings, TomlVersion};
use crate::syntax::semantics;
use crate::syntax::{self, Key, SectionChange, SyntaxTree};
use crate::text::{AppliedEdit, Span};

/// Which text is analysed, and how it came from an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revision {
    /// Names this text; never reused for another text of the document.
    pub id: u64,
    /// The text it was made from, if known.
    pub since: Option<Since>,
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
    tree: SyntaxTree,
    version: TomlVersion,
    text_len: usize,
    text_id: u64,
    groups: Groups,
}

impl PreviousParse {
    /// Analyses `source` (the text `revision` names) like
    /// [`super::analyse_file_with_references`], or
    /// [`super::analyse`] without a location, and keeps its syntax for
    /// the next call.
    pub fn analyse(
        &mut self,
        source: &str,
        settings: &Settings,
        location: Option<Location<'_>>,
        revision: Revision,
    ) -> (Vec<Diagnostic>, Vec<PathReference>) {
        // Taken out first: if the analysis panics, nothing stale is kept.
        let kept = self.kept.take();
        if let Some(findings) = too_large(source, settings) {
            return (findings, Vec::new());
        }
        let version = settings.toml_version;
        let file = location.map(|location| location.file.to_path_buf());
        let (tree, groups) = match (kept, revision.since) {
            (Some(kept), Some(since)) if kept.text_id == since.id && kept.version == version => {
                let reusable = since.same_files
                    && kept.groups.settings == *settings
                    && kept.groups.file == file;
                match since.edit {
                    Some(edit) => {
                        let (tree, change) =
                            syntax::reparse_sections(kept.tree, source, version, edit);
                        let mut groups = kept.groups;
                        if reusable {
                            groups.update(&tree, source, location, &change, edit);
                        } else {
                            groups = Groups::new(&tree, source, settings, location);
                        }
                        (tree, groups)
                    }
                    None if kept.text_len == source.len() => {
                        let groups = if reusable {
                            kept.groups
                        } else {
                            Groups::new(&kept.tree, source, settings, location)
                        };
                        (kept.tree, groups)
                    }
                    None => self.parse_afresh(source, settings, location),
                }
            }
            _ => self.parse_afresh(source, settings, location),
        };
        let result = groups.findings(source, &tree, settings);
        self.kept = Some(Kept {
            tree,
            version,
            text_len: source.len(),
            text_id: revision.id,
            groups,
        });
        result
    }

    fn parse_afresh(
        &mut self,
        source: &str,
        settings: &Settings,
        location: Option<Location<'_>>,
    ) -> (SyntaxTree, Groups) {
        let tree = self.parse(source, settings.toml_version);
        let groups = Groups::new(&tree, source, settings, location);
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
#[derive(Debug)]
struct Groups {
    ids: FxHashMap<Box<str>, u32>,
    results: Vec<GroupResult>,
    /// How many top-level definitions each group has now: a group with
    /// none is a name the document no longer defines.
    pieces: Vec<u32>,
    /// The group of each section by index; the root section, whose
    /// entries have their own groups, has [`NO_GROUP`].
    of_section: Vec<u32>,
    /// The group of each entry of the root section.
    of_root_entry: Vec<u32>,
    /// What the results were computed under.
    settings: Settings,
    file: Option<PathBuf>,
}

#[derive(Debug, Default)]
struct GroupResult {
    findings: Vec<Diagnostic>,
    references: Vec<PathReference>,
    /// The findings depend on which names the document defines at the top
    /// level (a rename is offered only to a free name).
    asked_top_level: bool,
}

const NO_GROUP: u32 = u32::MAX;

impl Groups {
    /// Every group of `tree`, analysed.
    fn new(
        tree: &SyntaxTree,
        source: &str,
        settings: &Settings,
        location: Option<Location<'_>>,
    ) -> Groups {
        let mut groups = Groups {
            ids: FxHashMap::default(),
            results: Vec::new(),
            pieces: Vec::new(),
            of_section: Vec::with_capacity(tree.sections.len()),
            of_root_entry: Vec::new(),
            settings: settings.clone(),
            file: location.map(|location| location.file.to_path_buf()),
        };
        groups.of_section.push(NO_GROUP);
        for section in tree.sections.iter().skip(1) {
            let id = groups.id_of(section.header.as_ref().map(|h| &h.key), source);
            groups.of_section.push(id);
            groups.pieces[id as usize] += 1;
        }
        groups.assign_root_entries(tree, source);
        for &id in &groups.of_root_entry {
            groups.pieces[id as usize] += 1;
        }
        let dirty = vec![true; groups.results.len()];
        groups.analyse(&dirty, tree, source, location);
        groups
    }

    /// Brings the groups from the tree before an edit to `tree`, the tree
    /// after it: the groups of replaced and new sections are analysed
    /// again, the others' results moved by the edit.
    fn update(
        &mut self,
        tree: &SyntaxTree,
        source: &str,
        location: Option<Location<'_>>,
        change: &SectionChange,
        edit: AppliedEdit,
    ) {
        let mut removed: Vec<u32> = self.of_section[change.old.clone()].to_vec();
        let fresh: Vec<u32> = tree.sections[change.new.clone()]
            .iter()
            .enumerate()
            .map(|(offset, section)| match change.new.start + offset {
                0 => NO_GROUP,
                _ => self.id_of(section.header.as_ref().map(|h| &h.key), source),
            })
            .collect();
        let mut added = fresh.clone();
        self.of_section.splice(change.old.clone(), fresh);
        if change.old.start == 0 || change.new.start == 0 {
            // The root section was parsed again: all its entries' groups.
            removed.append(&mut self.of_root_entry);
            self.assign_root_entries(tree, source);
            added.extend(&self.of_root_entry);
        }
        let mut dirty = vec![false; self.results.len()];
        let mut defined_before = vec![false; self.results.len()];
        for &id in removed.iter().chain(&added).filter(|&&id| id != NO_GROUP) {
            dirty[id as usize] = true;
            defined_before[id as usize] = self.pieces[id as usize] > 0;
        }
        for &id in removed.iter().filter(|&&id| id != NO_GROUP) {
            self.pieces[id as usize] -= 1;
        }
        for &id in added.iter().filter(|&&id| id != NO_GROUP) {
            self.pieces[id as usize] += 1;
        }
        let top_level_changed =
            (0..dirty.len()).any(|id| dirty[id] && defined_before[id] != (self.pieces[id] > 0));
        if top_level_changed {
            for (id, result) in self.results.iter().enumerate() {
                dirty[id] |= result.asked_top_level;
            }
        }
        let delta = edit.new_len as isize - edit.old.len() as isize;
        let moved = |span: Span| match span.start() >= edit.old.start() {
            true => span.shifted(delta),
            false => span,
        };
        for (result, _) in self.results.iter_mut().zip(&dirty).filter(|(_, d)| !**d) {
            if delta == 0 {
                break;
            }
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
        self.analyse(&dirty, tree, source, location);
    }

    fn assign_root_entries(&mut self, tree: &SyntaxTree, source: &str) {
        let root = tree.sections.first().map_or(&[][..], |root| &root.entries);
        let ids: Vec<u32> = root
            .iter()
            .map(|entry| self.id_of(Some(&entry.key), source))
            .collect();
        self.of_root_entry = ids;
    }

    /// The group of definitions whose key starts like `key`'s.
    fn id_of(&mut self, key: Option<&Key>, source: &str) -> u32 {
        let name = key
            .and_then(|key| key.parts.first())
            .map(|part| part.decode(source));
        let name = name.as_deref().unwrap_or("");
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.results.len() as u32;
        self.ids.insert(name.into(), id);
        self.results.push(GroupResult::default());
        self.pieces.push(0);
        id
    }

    /// Analyses each group marked in `dirty`, alone.
    fn analyse(
        &mut self,
        dirty: &[bool],
        tree: &SyntaxTree,
        source: &str,
        location: Option<Location<'_>>,
    ) {
        let mut pieces: FxHashMap<u32, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
        for (index, &id) in self.of_root_entry.iter().enumerate() {
            if dirty[id as usize] {
                pieces.entry(id).or_default().0.push(index);
            }
        }
        for (index, &id) in self.of_section.iter().enumerate().skip(1) {
            if dirty[id as usize] {
                pieces.entry(id).or_default().1.push(index);
            }
        }
        let top_level = |name: &str| {
            self.ids
                .get(name)
                .is_some_and(|&id| self.pieces[id as usize] > 0)
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
                        &top_level,
                        root_entries,
                        sections,
                    ),
                    None => GroupResult::default(),
                };
                (id, result)
            })
            .collect();
        for (id, result) in fresh {
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
    ) -> (Vec<Diagnostic>, Vec<PathReference>) {
        let mut out = Vec::new();
        rules::syntax::check(tree, source, &mut out);
        let mut references = Vec::new();
        for result in &self.results {
            out.extend(result.findings.iter().cloned());
            references.extend(result.references.iter().cloned());
        }
        suppress::filter(tree, source, &mut out);
        (apply_levels(out, settings), references)
    }
}

/// The rules over one group's semantics, as [`super::analyse_tree`] runs them
/// over the whole document's.
fn analyse_group(
    tree: &SyntaxTree,
    source: &str,
    settings: &Settings,
    location: Option<Location<'_>>,
    top_level: &dyn Fn(&str) -> bool,
    root_entries: &[usize],
    sections: &[usize],
) -> GroupResult {
    let semantics = semantics::analyse_some(tree, source, root_entries, sections);
    let context = Context {
        source,
        tree,
        semantics: &semantics,
        settings,
    };
    let mut findings = Vec::new();
    let mut references = Vec::new();
    let asked_top_level = Cell::new(false);
    rules::duplicate_key::check(&context, &mut findings);
    if let Some(location) = location {
        let profile = profiles::Profile::for_path(location.file);
        let asking = |name: &str| {
            asked_top_level.set(true);
            top_level(name)
        };
        rules::keys::check(&semantics, profile, &asking, &mut findings);
        if settings.paths.enabled {
            references =
                paths::references(source, &semantics, location.file, settings, location.fs);
            rules::paths::check(&references, location.fs, &mut findings);
        }
    }
    GroupResult {
        findings,
        references,
        asked_top_level: asked_top_level.get(),
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
            previous.analyse(document.text(), &settings, None, first).0,
            analyse(document.text(), &settings)
        );
        // A duplicate key typed in, then a broken header: each analysed from
        // the kept tree, each equal to a fresh analysis.
        let steps = [(4, 0, "y = 3\n"), (6, 1, "["), (0, 0, "# top\n")];
        for (id, (line, character, text)) in (2..).zip(steps) {
            let applied = edit(&mut document, line, character, text);
            let revision = Revision {
                id,
                since: Some(Since {
                    id: id - 1,
                    edit: Some(applied),
                    same_files: true,
                }),
            };
            let (findings, _) = previous.analyse(document.text(), &settings, None, revision);
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
        let (findings, _) = previous.analyse(other, &settings, None, stale);
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
