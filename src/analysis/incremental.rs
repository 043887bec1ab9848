//! Analyses of successive versions of one document that reuse the syntax
//! of the version before: a front end that keeps a [`PreviousParse`] per
//! open document and says how each text came from the last one
//! ([`Revision`]) gets a reparse of only the regions an edit touched
//! ([`crate::syntax::reparse`]) instead of a parse of the whole text. The
//! findings are the same as [`super::analyse_file_with_references`] on
//! the same text, whatever the history: when the history does not match
//! what was kept (another text, other settings, a lost parse), the text is
//! parsed from scratch.

use super::{Diagnostic, Location, analyse_tree, paths::PathReference, too_large};
use crate::config::{Settings, TomlVersion};
use crate::syntax::{self, SyntaxTree};
use crate::text::AppliedEdit;

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
        let tree = match (kept, revision.since) {
            (Some(kept), Some(since)) if kept.text_id == since.id && kept.version == version => {
                match since.edit {
                    Some(edit) => syntax::reparse(kept.tree, source, version, edit),
                    None if kept.text_len == source.len() => kept.tree,
                    None => self.parse(source, version),
                }
            }
            _ => self.parse(source, version),
        };
        let result = analyse_tree(source, &tree, settings, location);
        self.kept = Some(Kept {
            tree,
            version,
            text_len: source.len(),
            text_id: revision.id,
        });
        result
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
            since: Some(Since { id: 7, edit: None }),
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
            since: Some(Since { id: 2, edit: None }),
        };
        let _ = previous.analyse(other, &v1_0, None, same);
        assert_eq!(previous.full_parses(), 3);
    }
}
