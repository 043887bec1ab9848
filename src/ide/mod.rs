//! The editor's questions, answered from one revision's facts: the
//! outline, the folds, completion, hover, links, definitions, code
//! actions. The language server asks; this layer decides; the server
//! only converts the answers to the protocol.
//!
//! An [`Analysis`] is one revision of one document: its text and the
//! [`Facts`] the analysis left (findings, path references, the syntax
//! tree). Every feature is a pure function of an `Analysis` and, where it
//! has one, a byte offset (and, for the path features, the session's
//! file system, which the revision already looked at). No feature
//! parses or analyses: the facts are there. What a feature derives for a
//! whole document (the outline, the folds, the links) is computed on
//! first use and kept for the revision ([`Analysis::memo`]), so the
//! editor asking again after every keystroke costs one computation per
//! revision, however many requests ask.
//!
//! One module per feature family, each opening with what the user gets,
//! each with fixture tests that put a `$0` cursor in a document
//! ([`fixture`]). To add a feature: a module here with its function of
//! `(&Analysis, offset)` and its tests, then a handler in `lsp` that
//! converts its answer. Answers are in bytes ([`Span`]s); positions in
//! lines and columns are the server's business.
//!
//! **Absent:** protocol types, positions, the disk (the file system comes
//! in as `analysis::paths::FileSystem`), parsing. `check` does not use
//! this layer.
//!
//! [`Span`]: crate::text::Span

pub mod code_actions;
pub mod completion;
pub mod folding;
pub mod hover;
pub mod key_completion;
pub mod outline;
pub mod paths;

#[cfg(test)]
pub(crate) mod fixture;

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLockReadGuard};

use crate::analysis::paths::PathReference;
use crate::analysis::profiles::Profile;
use crate::analysis::{Diagnostic, Facts};
use crate::syntax::SyntaxTree;
use crate::text::Document;

/// One revision of one document, as every feature reads it.
///
/// Hold it only while answering: the next analysis of the document
/// reuses the syntax tree in place when no `Analysis` of the revision
/// before is left, and must copy it otherwise.
pub struct Analysis {
    document: Arc<Document>,
    facts: Facts,
    file: Option<PathBuf>,
    /// Derived answers, one per type, each computed once.
    memo: Mutex<HashMap<TypeId, Arc<OnceLock<Memoized>>>>,
}

type Memoized = Arc<dyn Any + Send + Sync>;

impl Analysis {
    /// The revision whose text is `document`, analysed into `facts`, of
    /// the file at `file` (`None`: an unsaved buffer).
    pub fn new(document: Arc<Document>, facts: Facts, file: Option<PathBuf>) -> Analysis {
        Analysis {
            document,
            facts,
            file,
            memo: Mutex::default(),
        }
    }

    pub fn text(&self) -> &str {
        self.document.text()
    }

    /// The text with its line index, for converting answers to positions.
    pub fn document(&self) -> &Arc<Document> {
        &self.document
    }

    /// The findings, sorted: what the editor shows for this revision.
    pub fn findings(&self) -> &[Diagnostic] {
        &self.facts.findings
    }

    /// The path references of the document, in no fixed order; none for
    /// an unsaved buffer or with `[paths] enabled = false`.
    pub fn references(&self) -> &[PathReference] {
        &self.facts.references
    }

    /// The syntax tree, settled; `None` for a text too large to parse.
    pub fn tree(&self) -> Option<RwLockReadGuard<'_, SyntaxTree>> {
        self.facts.tree.as_ref().map(|tree| tree.read())
    }

    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// How the file's keys are read; an unsaved buffer is generic TOML.
    pub fn profile(&self) -> Profile {
        self.file
            .as_deref()
            .map_or(Profile::Generic, Profile::for_path)
    }

    /// The answer of type `T` for this revision: `compute`d by the first
    /// caller, shared by every later one (concurrent callers wait for the
    /// first). Each feature memoizes under a type of its own, so two
    /// features never share a slot.
    pub fn memo<T: Send + Sync + 'static>(&self, compute: impl FnOnce(&Analysis) -> T) -> Arc<T> {
        let slot = {
            let mut memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(memo.entry(TypeId::of::<T>()).or_default())
        };
        let value = slot.get_or_init(|| Arc::new(compute(self)));
        Arc::clone(value)
            .downcast::<T>()
            .unwrap_or_else(|_| unreachable!("each slot holds the type it is keyed by"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_derived_answer_is_computed_once_per_revision() {
        let (analysis, _) = fixture::analysis("a = 1\n$0");
        let computed = AtomicUsize::new(0);
        struct Answer(usize);
        for _ in 0..3 {
            let answer = analysis.memo(|analysis| {
                computed.fetch_add(1, Ordering::Relaxed);
                Answer(analysis.text().len())
            });
            assert_eq!(answer.0, 6);
        }
        assert_eq!(computed.load(Ordering::Relaxed), 1);
        struct Other(&'static str);
        assert_eq!(analysis.memo(|_| Other("own slot")).0, "own slot");
    }
}
