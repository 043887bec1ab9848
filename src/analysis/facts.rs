//! What one analysis of a document's text leaves for everyone who asks
//! about that text afterwards: its findings, its path references and its
//! syntax tree. The language server keeps the facts of each document's
//! current text and answers every request from them (through `ide`), so
//! no request parses or analyses again.
//!
//! The tree is shared, not copied: [`super::PreviousParse`] keeps it for
//! the next edit, and the facts hand it to readers. The next analysis
//! takes it back and reparses it in place when no reader holds it any
//! more, and works on a copy only when one still does (a request that
//! outlived its text). Readers see it settled ([`SharedTree::read`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

use super::Diagnostic;
use super::paths::PathReference;
use crate::syntax::SyntaxTree;

/// The facts of one text, as [`super::PreviousParse::analyse`] found them.
#[derive(Clone, Debug)]
pub struct Facts {
    /// Sorted, with the configured levels applied: what a front end shows.
    pub findings: Vec<Diagnostic>,
    /// The path references the path rules resolved, in no fixed order.
    pub references: Vec<PathReference>,
    /// `None` for a text too large to parse.
    pub tree: Option<Arc<SharedTree>>,
}

/// A syntax tree read by the requests about one text while the analysis
/// that made it keeps it for the next one.
///
/// An incremental reparse leaves the entries of the sections after an edit
/// where they were (`Section::entries` documents why); the first reader
/// settles them all, once, so a keystroke whose tree nobody reads never
/// pays for it.
#[derive(Debug)]
pub struct SharedTree {
    tree: RwLock<SyntaxTree>,
    settled: AtomicBool,
}

impl SharedTree {
    pub fn new(tree: SyntaxTree) -> SharedTree {
        SharedTree {
            tree: RwLock::new(tree),
            settled: AtomicBool::new(false),
        }
    }

    /// The tree, with every section settled.
    pub fn read(&self) -> RwLockReadGuard<'_, SyntaxTree> {
        if !self.settled.load(Ordering::Acquire) {
            // A poisoned lock means a reader panicked while settling; settling
            // again is harmless, since it only finishes moving what is left.
            let mut tree = self.tree.write().unwrap_or_else(PoisonError::into_inner);
            tree.settle();
            self.settled.store(true, Ordering::Release);
        }
        self.tree.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The tree itself, for the next reparse: taken when this is the last
    /// holder, else copied (settled or not, a copy is as good).
    pub(super) fn into_tree(self: Arc<Self>) -> SyntaxTree {
        match Arc::try_unwrap(self) {
            Ok(shared) => shared
                .tree
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            Err(shared) => shared
                .tree
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{PreviousParse, Revision};
    use crate::config::Settings;
    use crate::syntax::{TomlVersion, parse};
    use crate::text::{Document, Position, PositionEncoding, TextChange};

    fn type_at_start(document: &mut Document, text: &str) -> crate::text::AppliedEdit {
        let at = Position::new(0, 0);
        document.apply_change(
            &TextChange {
                range: Some((at, at)),
                text: text.to_owned(),
            },
            PositionEncoding::Utf8,
        )
    }

    /// A reader sees the tree of its own text, settled, even after an
    /// edit moved every section; and the next analysis still reparses
    /// (a held tree is copied, not lost).
    #[test]
    fn readers_see_their_text_settled_while_the_next_analysis_goes_on() {
        let settings = Settings::default();
        let mut previous = PreviousParse::default();
        let mut document = Document::new("[a]\nx = 1\n[b]\ny = 2\n");
        let first = previous.analyse(
            document.text(),
            &settings,
            None,
            Revision { id: 1, since: None },
        );
        let edit = type_at_start(&mut document, "# note\n");
        let second = previous.analyse(
            document.text(),
            &settings,
            None,
            Revision::edited(1, 2, edit),
        );
        let edit = type_at_start(&mut document, "# more\n");
        let third_text = document.text().to_owned();
        let _third = previous.analyse(&third_text, &settings, None, Revision::edited(2, 3, edit));
        assert_eq!(previous.full_parses(), 1, "reparsed, held or not");
        let second_text = "# note\n[a]\nx = 1\n[b]\ny = 2\n";
        let held = second.tree.as_ref().unwrap().read();
        assert_eq!(*held, parse(second_text, TomlVersion::V1_1));
        let first_tree = first.tree.as_ref().unwrap().read();
        assert_eq!(
            *first_tree,
            parse("[a]\nx = 1\n[b]\ny = 2\n", TomlVersion::V1_1)
        );
    }
}
