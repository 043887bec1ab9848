//! The open documents: their text, the client's version, and a revision
//! that says which analysis is the current one.
//!
//! Invariants: the store sits behind a plain `std::sync::Mutex` that is
//! never held across an `.await`, so a change is applied completely in the
//! synchronous part of its handler, in arrival order. Every mutation of a
//! document (open, change, a change of its settings or of the files it
//! references) takes a fresh revision from one
//! counter shared by all documents, so a revision is never reused — not
//! even after a close and reopen — and "is this analysis still current?"
//! is one comparison. At most one analysis per document waits to start:
//! a burst of changes queues one, which analyses whatever is current when
//! it starts; and a revision is marked published at most once.
//!
//! A snapshot shares the document (`Arc`) instead of copying it. A change
//! that arrives while an analysis (or a request) still holds the document
//! waits in `pending` and is applied, in order, when the next snapshot is
//! taken — by then the holder is usually done, so a 3.7 MB document is
//! never copied just to be edited while the old text is being analysed.
//!
//! Each document keeps the parse of its last analysed text
//! ([`PreviousParse`]) and what was edited since ([`AppliedEdit`]s
//! composed into one), so an analysis reparses only what the edits touched.
//! Analyses of a document run one at a time, in the order their snapshots
//! were taken, so each starts from the text the previous one left.
//!
//! Requests read the analysis, never the text alone: each document has an
//! [`AnalysisSlot`] holding the `ide::Analysis` of the last revision
//! analysed. A request is bound, when it arrives, to the document's
//! revision then ([`DocumentStore::bind`]) and waits for the analysis of
//! that revision or a later one of the same text ([`Binding::analysis`]);
//! when the text changed first, it is told so, and the server answers
//! `ContentModified`, as LSP asks. The slot lets go of an analysis when the
//! next one starts, before the pending changes are applied, so the text and
//! the tree that analysis shares are normally held by no one else and are
//! edited and reparsed in place.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use tower_lsp_server::ls_types::Uri;

use crate::analysis::{PreviousParse, Revision, Since};
use crate::ide::Analysis;
use crate::text::{AppliedEdit, Document, PositionEncoding, TextChange};

#[derive(Debug)]
struct OpenDocument {
    document: Arc<Document>,
    /// Changes newer than `document`, in arrival order, each with the
    /// encoding its positions are in.
    pending: Vec<(TextChange, PositionEncoding)>,
    /// The revision the last analysis snapshot was taken at, and what was
    /// edited since (`None`: nothing).
    analysed: Option<u64>,
    edited_since_analysed: Option<AppliedEdit>,
    /// Settings or files changed since the last analysis snapshot.
    world_changed: bool,
    previous_parse: Arc<Mutex<PreviousParse>>,
    version: i32,
    revision: u64,
    /// The revision at which the text last changed (settings and files
    /// change the revision, not the text).
    text_revision: u64,
    /// What requests read.
    slot: watch::Sender<AnalysisSlot>,
    /// An analysis was scheduled and has not taken its snapshot yet.
    analysis_queued: bool,
    /// The last revision whose diagnostics went out.
    published: Option<u64>,
    /// The file behind the document, for settings discovery and path
    /// rules; `None` for unsaved buffers and non-`file:` URIs.
    path: Option<PathBuf>,
}

/// One document at one revision, immutable, for work off the message loop.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub document: Arc<Document>,
    pub version: i32,
    pub revision: u64,
    pub text_revision: u64,
    pub path: Option<PathBuf>,
    /// For an analysis: how this text came from the one analysed before,
    /// and the parse of that one.
    pub lineage: Revision,
    pub previous_parse: Arc<Mutex<PreviousParse>>,
}

#[derive(Debug, Default)]
pub struct DocumentStore {
    documents: HashMap<Uri, OpenDocument>,
    last_revision: u64,
}

/// The last analysis of a document, as requests see it.
#[derive(Clone, Debug, Default)]
pub struct AnalysisSlot {
    /// The revision analysed (0: none yet).
    revision: u64,
    text_revision: u64,
    state: SlotState,
}

#[derive(Clone, Default)]
enum SlotState {
    #[default]
    NotYet,
    Ready(Arc<Analysis>),
    /// A newer analysis has started; this one is gone.
    Superseded,
    /// The analysis panicked.
    Failed,
}

impl std::fmt::Debug for SlotState {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            SlotState::NotYet => "NotYet",
            SlotState::Ready(_) => "Ready",
            SlotState::Superseded => "Superseded",
            SlotState::Failed => "Failed",
        })
    }
}

/// A request's claim on a revision of a document (see the module doc).
#[derive(Debug)]
pub struct Binding {
    revision: u64,
    text_revision: u64,
    slot: watch::Receiver<AnalysisSlot>,
}

/// What a bound request gets.
pub enum Bound {
    Ready(Arc<Analysis>),
    /// The text changed before its analysis was ready: `ContentModified`.
    ContentModified,
    Failed,
    /// The document was closed.
    Closed,
}

impl Binding {
    /// Waits for the analysis of the bound revision, or of a later one
    /// with the same text.
    pub async fn analysis(mut self) -> Bound {
        let (revision, text_revision) = (self.revision, self.text_revision);
        let slot = match self.slot.wait_for(|slot| slot.revision >= revision).await {
            Ok(slot) => slot.clone(),
            Err(_) => return Bound::Closed,
        };
        match slot.state {
            _ if slot.text_revision != text_revision => Bound::ContentModified,
            SlotState::Ready(analysis) => Bound::Ready(analysis),
            SlotState::Superseded | SlotState::NotYet => Bound::ContentModified,
            SlotState::Failed => Bound::Failed,
        }
    }
}

/// Whether the caller must start an analysis task for the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Schedule {
    /// Start one: none is waiting.
    Start,
    /// One is already waiting and will see this revision.
    AlreadyQueued,
}

impl DocumentStore {
    fn next_revision(&mut self) -> u64 {
        self.last_revision += 1;
        self.last_revision
    }

    /// Opens (or reopens, replacing) a document.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) -> Schedule {
        let revision = self.next_revision();
        let path = file_path(&uri);
        // Requests bound to the document before a reopen wait on the old
        // slot, which goes with it: they are answered as for a closed one.
        self.documents.insert(
            uri,
            OpenDocument {
                document: Arc::new(Document::new(text)),
                pending: Vec::new(),
                analysed: None,
                edited_since_analysed: None,
                world_changed: false,
                previous_parse: Arc::default(),
                version,
                revision,
                text_revision: revision,
                slot: watch::Sender::default(),
                analysis_queued: true,
                published: None,
                path,
            },
        );
        Schedule::Start
    }

    /// Applies a client's changes in order. `None` when the document is
    /// not open: a change for it has nothing to apply to.
    pub fn change(
        &mut self,
        uri: &Uri,
        changes: &[TextChange],
        version: i32,
        encoding: PositionEncoding,
    ) -> Option<Schedule> {
        let revision = self.next_revision();
        let open = self.documents.get_mut(uri)?;
        match Arc::get_mut(&mut open.document) {
            Some(document) if open.pending.is_empty() => {
                if let Some(edit) = document.apply_changes(changes, encoding) {
                    open.edited_since_analysed = Some(edit.after(open.edited_since_analysed));
                }
            }
            _ => open
                .pending
                .extend(changes.iter().map(|change| (change.clone(), encoding))),
        }
        open.version = version;
        open.revision = revision;
        open.text_revision = revision;
        Some(queue(open))
    }

    /// Forgets a document; true if it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.documents.remove(uri).is_some()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.documents.contains_key(uri)
    }

    /// Gives every open document a new revision, so analyses started under
    /// old settings are dropped; returns the documents that need a task.
    pub fn touch_all(&mut self) -> Vec<Uri> {
        let mut revision = self.last_revision;
        let mut start = Vec::new();
        for (uri, open) in &mut self.documents {
            revision += 1;
            open.revision = revision;
            open.world_changed = true;
            if queue(open) == Schedule::Start {
                start.push(uri.clone());
            }
        }
        self.last_revision = revision;
        start
    }

    /// The document as it is now (shared, not copied — unless changes are
    /// pending while an older snapshot is still held).
    pub fn snapshot(&mut self, uri: &Uri) -> Option<Snapshot> {
        let open = self.documents.get_mut(uri)?;
        if !open.pending.is_empty() {
            let document = Arc::make_mut(&mut open.document);
            for (change, encoding) in std::mem::take(&mut open.pending) {
                let edit = document.apply_change(&change, encoding);
                open.edited_since_analysed = Some(edit.after(open.edited_since_analysed));
            }
        }
        Some(Snapshot {
            uri: uri.clone(),
            document: Arc::clone(&open.document),
            version: open.version,
            revision: open.revision,
            text_revision: open.text_revision,
            path: open.path.clone(),
            lineage: Revision {
                id: open.revision,
                since: None,
            },
            previous_parse: Arc::clone(&open.previous_parse),
        })
    }

    /// The snapshot a queued analysis works on: the document as it is when
    /// the analysis starts, however many changes came since it was queued.
    /// Later changes queue a new analysis.
    pub fn take_for_analysis(&mut self, uri: &Uri) -> Option<Snapshot> {
        // First let go of the last analysis, so that the text and the tree
        // it shares are free to be edited in place.
        let open = self.documents.get(uri)?;
        open.slot.send_if_modified(|slot| {
            let ready = matches!(slot.state, SlotState::Ready(_));
            if ready {
                slot.state = SlotState::Superseded;
            }
            ready
        });
        let mut snapshot = self.snapshot(uri)?;
        let open = self.documents.get_mut(uri)?;
        open.analysis_queued = false;
        snapshot.lineage.since = open.analysed.map(|id| Since {
            id,
            edit: open.edited_since_analysed,
            same_files: !open.world_changed,
        });
        open.analysed = Some(open.revision);
        open.edited_since_analysed = None;
        open.world_changed = false;
        Some(snapshot)
    }

    /// Binds a request to the document's current revision.
    pub fn bind(&self, uri: &Uri) -> Option<Binding> {
        let open = self.documents.get(uri)?;
        Some(Binding {
            revision: open.revision,
            text_revision: open.text_revision,
            slot: open.slot.subscribe(),
        })
    }

    /// Hands the analysis of a snapshot (`None`: it panicked) to the
    /// requests, unless a later one has already been handed over.
    pub fn set_analysis(&mut self, snapshot: &Snapshot, analysis: Option<Arc<Analysis>>) {
        let Some(open) = self.documents.get(&snapshot.uri) else {
            return;
        };
        open.slot.send_if_modified(|slot| {
            if slot.revision >= snapshot.revision {
                return false;
            }
            *slot = AnalysisSlot {
                revision: snapshot.revision,
                text_revision: snapshot.text_revision,
                state: analysis.map_or(SlotState::Failed, SlotState::Ready),
            };
            true
        });
    }

    /// Marks `revision` published if it is still current and was not
    /// published yet; false means the caller must drop its result.
    pub fn mark_published(&mut self, uri: &Uri, revision: u64) -> bool {
        match self.documents.get_mut(uri) {
            Some(open) if open.revision == revision && open.published != Some(revision) => {
                open.published = Some(revision);
                true
            }
            _ => false,
        }
    }
}

/// The absolute path behind a `file:` URI; `None` for any other scheme
/// (`untitled:`, …), whose path part names no file.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let path = uri.to_file_path()?.into_owned();
    path.is_absolute().then_some(path)
}

fn queue(open: &mut OpenDocument) -> Schedule {
    if open.analysis_queued {
        Schedule::AlreadyQueued
    } else {
        open.analysis_queued = true;
        Schedule::Start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Position;

    #[test]
    fn revisions_gate_and_analyses_coalesce() {
        let uri: Uri = "file:///tmp/a.toml".parse().unwrap();
        let mut store = DocumentStore::default();
        assert_eq!(store.open(uri.clone(), "a = 1".into(), 1), Schedule::Start);
        let change = |text: &str| TextChange {
            range: Some((Position::new(0, 4), Position::new(0, 5))),
            text: text.into(),
        };
        let utf16 = PositionEncoding::Utf16;
        // Queued at open and not started yet: later changes ride along.
        assert_eq!(
            store.change(&uri, &[change("2")], 2, utf16),
            Some(Schedule::AlreadyQueued)
        );
        let snapshot = store.take_for_analysis(&uri).unwrap();
        assert_eq!((snapshot.document.text(), snapshot.version), ("a = 2", 2));
        // Started: the next change needs a new analysis. It waits while the
        // running one holds the text, which stays as it was.
        assert_eq!(
            store.change(&uri, &[change("3")], 3, utf16),
            Some(Schedule::Start)
        );
        assert_eq!(snapshot.document.text(), "a = 2");
        assert!(!store.mark_published(&uri, snapshot.revision), "superseded");
        drop(snapshot.document);
        let newer = store.take_for_analysis(&uri).unwrap();
        assert_eq!((newer.document.text(), newer.version), ("a = 3", 3));
        assert!(newer.revision > snapshot.revision);
        assert!(store.mark_published(&uri, newer.revision));
        assert!(!store.mark_published(&uri, newer.revision), "only once");
        assert!(store.close(&uri));
        assert!(store.change(&uri, &[change("4")], 4, utf16).is_none());
        assert_eq!(store.open(uri.clone(), String::new(), 1), Schedule::Start);
        let reopened = store.take_for_analysis(&uri).unwrap();
        assert!(reopened.revision > newer.revision, "revisions never reused");
        assert_eq!(store.touch_all(), vec![uri.clone()]);
        assert!(!store.mark_published(&uri, reopened.revision));
    }

    #[test]
    fn changes_wait_while_the_text_is_held_and_apply_in_order() {
        let uri: Uri = "file:///tmp/b.toml".parse().unwrap();
        let mut store = DocumentStore::default();
        let _ = store.open(uri.clone(), "x = 1\n".into(), 1);
        let held = store.take_for_analysis(&uri).unwrap();
        let insert = |line: u32, text: &str| TextChange {
            range: Some((Position::new(line, 0), Position::new(line, 0))),
            text: text.into(),
        };
        // Each change is addressed in the text the one before left.
        let _ = store.change(&uri, &[insert(1, "y = 2\n")], 2, PositionEncoding::Utf16);
        let _ = store.change(&uri, &[insert(2, "z = 𝄞\n")], 3, PositionEncoding::Utf8);
        assert_eq!(held.document.text(), "x = 1\n");
        let still_held = store.snapshot(&uri).unwrap();
        assert_eq!(still_held.document.text(), "x = 1\ny = 2\nz = 𝄞\n");
        assert_eq!(
            held.document.text(),
            "x = 1\n",
            "the old snapshot is untouched"
        );
        drop((held, still_held));
        let _ = store.change(&uri, &[insert(0, "# top\n")], 4, PositionEncoding::Utf16);
        assert_eq!(
            store.snapshot(&uri).unwrap().document.text(),
            "# top\nx = 1\ny = 2\nz = 𝄞\n"
        );
    }

    #[test]
    fn analyses_reparse_from_the_text_analysed_before() {
        use crate::analysis;
        use crate::config::Settings;

        let uri: Uri = "file:///tmp/c.toml".parse().unwrap();
        let mut store = DocumentStore::default();
        let _ = store.open(uri.clone(), "[a]\nx = 1\n[b]\ny = 2\n".into(), 1);
        let settings = Settings::default();
        let analyse = |snapshot: &Snapshot| {
            let text = snapshot.document.text();
            let mut previous = snapshot.previous_parse.lock().unwrap();
            let findings = previous
                .analyse(text, &settings, None, snapshot.lineage)
                .findings;
            assert_eq!(findings, analysis::analyse(text, &settings), "{text}");
            (findings.len(), previous.full_parses())
        };
        let insert = |line: u32, text: &str| TextChange {
            range: Some((Position::new(line, 0), Position::new(line, 0))),
            text: text.into(),
        };
        let first = store.take_for_analysis(&uri).unwrap();
        assert_eq!(first.lineage.since, None);
        assert_eq!(analyse(&first), (0, 1));
        // One change while the analysis holds the text (it waits), one after.
        let _ = store.change(&uri, &[insert(1, "x = 0\n")], 2, PositionEncoding::Utf16);
        let first_revision = first.revision;
        drop(first);
        let _ = store.change(&uri, &[insert(3, "# b\n")], 3, PositionEncoding::Utf16);
        let second = store.take_for_analysis(&uri).unwrap();
        let since = second.lineage.since.expect("follows the first analysis");
        assert_eq!(since.id, first_revision);
        assert!(since.edit.is_some());
        assert_eq!(analyse(&second), (1, 1), "the duplicate, from a reparse");
        // New settings, same text: the tree is reused as it is.
        drop(second);
        let _ = store.touch_all();
        let third = store.take_for_analysis(&uri).unwrap();
        assert_eq!(third.lineage.since.map(|since| since.edit), Some(None));
        assert_eq!(analyse(&third), (1, 1));
    }

    #[test]
    fn only_file_uris_have_a_path() {
        let path = |uri: &str| file_path(&uri.parse().unwrap());
        assert_eq!(
            path("file:///w/a%20b.toml"),
            Some(PathBuf::from("/w/a b.toml"))
        );
        assert_eq!(path("untitled:Untitled-1"), None);
    }
}
