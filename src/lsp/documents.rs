//! The open documents: their text, the client's version, and a revision
//! that says which analysis is the current one.
//!
//! Invariants: the store sits behind a plain `std::sync::Mutex` that is
//! never held across an `.await`, so a change is applied completely in the
//! synchronous part of its handler, in arrival order. Every mutation of a
//! document (open, change, settings change) takes a fresh revision from one
//! counter shared by all documents, so a revision is never reused — not
//! even after a close and reopen — and "is this analysis still current?"
//! is one comparison.

use std::collections::HashMap;
use std::path::PathBuf;

use tower_lsp_server::ls_types::Uri;

use crate::text::{Document, PositionEncoding, TextChange};

#[derive(Debug)]
struct OpenDocument {
    document: Document,
    version: i32,
    revision: u64,
    /// The file behind the document, for settings discovery; `None` for
    /// unsaved buffers and non-`file:` URIs.
    path: Option<PathBuf>,
}

/// An immutable copy of one document at one revision, for work off the
/// message loop.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub document: Document,
    pub version: i32,
    pub revision: u64,
    pub path: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct DocumentStore {
    documents: HashMap<Uri, OpenDocument>,
    last_revision: u64,
}

impl DocumentStore {
    fn next_revision(&mut self) -> u64 {
        self.last_revision += 1;
        self.last_revision
    }

    /// Opens (or reopens, replacing) a document; returns its revision.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) -> u64 {
        let revision = self.next_revision();
        let path = uri.to_file_path().map(|path| path.into_owned());
        self.documents.insert(
            uri,
            OpenDocument {
                document: Document::new(text),
                version,
                revision,
                path,
            },
        );
        revision
    }

    /// Applies a client's changes in order. `None` when the document is
    /// not open: a change for it has nothing to apply to.
    pub fn change(
        &mut self,
        uri: &Uri,
        changes: &[TextChange],
        version: i32,
        encoding: PositionEncoding,
    ) -> Option<u64> {
        let revision = self.next_revision();
        let open = self.documents.get_mut(uri)?;
        open.document.apply_changes(changes, encoding);
        open.version = version;
        open.revision = revision;
        Some(revision)
    }

    /// Forgets a document; true if it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.documents.remove(uri).is_some()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }

    /// Gives every open document a new revision, so analyses started under
    /// old settings are dropped; returns what to analyse again.
    pub fn touch_all(&mut self) -> Vec<(Uri, u64)> {
        let mut revision = self.last_revision;
        let mut touched = Vec::with_capacity(self.documents.len());
        for (uri, open) in &mut self.documents {
            revision += 1;
            open.revision = revision;
            touched.push((uri.clone(), revision));
        }
        self.last_revision = revision;
        touched
    }

    pub fn is_current(&self, uri: &Uri, revision: u64) -> bool {
        self.documents
            .get(uri)
            .is_some_and(|open| open.revision == revision)
    }

    /// A copy of the document as it is now.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let open = self.documents.get(uri)?;
        Some(Snapshot {
            uri: uri.clone(),
            document: open.document.clone(),
            version: open.version,
            revision: open.revision,
            path: open.path.clone(),
        })
    }

    /// A copy of the document if `revision` is still its current one:
    /// a superseded analysis never even copies the text.
    pub fn snapshot_if_current(&self, uri: &Uri, revision: u64) -> Option<Snapshot> {
        self.snapshot(uri)
            .filter(|snapshot| snapshot.revision == revision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Position;

    #[test]
    fn revisions_only_grow_and_gate_snapshots() {
        let uri: Uri = "file:///tmp/a.toml".parse().unwrap();
        let mut store = DocumentStore::default();
        let first = store.open(uri.clone(), "a = 1".into(), 1);
        let change = TextChange {
            range: Some((Position::new(0, 4), Position::new(0, 5))),
            text: "2".into(),
        };
        let second = store
            .change(&uri, &[change], 2, PositionEncoding::Utf16)
            .unwrap();
        assert!(second > first);
        assert!(store.snapshot_if_current(&uri, first).is_none());
        let snapshot = store.snapshot_if_current(&uri, second).unwrap();
        assert_eq!(snapshot.document.text(), "a = 2");
        assert_eq!(snapshot.version, 2);
        assert!(store.close(&uri));
        let reopened = store.open(uri.clone(), String::new(), 1);
        assert!(reopened > second);
        assert_eq!(store.touch_all(), vec![(uri.clone(), reopened + 1)]);
        assert!(!store.is_current(&uri, reopened));
    }
}
