//! The Andon board over the open documents, and the `andon/status`
//! notification that carries it to the editor's status light (design §5).
//!
//! Invariant: a notification goes out only when the totals differ from the
//! last ones sent, so an edit that changes nothing on the board costs the
//! client nothing. The tracker is updated under the publish lock, in the
//! same order as the diagnostics it sums.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::ls_types::notification::Notification;

use crate::andon::Board;

/// `andon/status`: totals per colour, and how many documents they cover.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusParams {
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
    pub files: usize,
}

pub enum AndonStatus {}

impl Notification for AndonStatus {
    type Params = StatusParams;
    const METHOD: &'static str = "andon/status";
}

/// Each published document's board, and what the client last heard.
#[derive(Debug, Default)]
pub struct StatusTracker {
    boards: HashMap<Uri, Board>,
    last_sent: Option<StatusParams>,
}

impl StatusTracker {
    /// Records a document's board; returns the totals to send, if changed.
    pub fn update(&mut self, uri: &Uri, board: Board) -> Option<StatusParams> {
        self.boards.insert(uri.clone(), board);
        self.changed_totals()
    }

    /// Forgets a closed document; returns the totals to send, if changed.
    pub fn remove(&mut self, uri: &Uri) -> Option<StatusParams> {
        self.boards.remove(uri)?;
        self.changed_totals()
    }

    fn changed_totals(&mut self) -> Option<StatusParams> {
        let mut totals = StatusParams {
            files: self.boards.len(),
            ..StatusParams::default()
        };
        for board in self.boards.values() {
            totals.red += board.red;
            totals.yellow += board.yellow;
            totals.green += board.green;
        }
        if self.last_sent == Some(totals) {
            return None;
        }
        self.last_sent = Some(totals);
        Some(totals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_are_reported() {
        let a: Uri = "file:///a.toml".parse().unwrap();
        let mut tracker = StatusTracker::default();
        let red = Board {
            red: 1,
            ..Board::default()
        };
        assert_eq!(
            tracker.update(&a, red),
            Some(StatusParams {
                red: 1,
                files: 1,
                ..StatusParams::default()
            })
        );
        assert_eq!(tracker.update(&a, red), None);
        assert_eq!(tracker.remove(&a), Some(StatusParams::default()));
        assert_eq!(tracker.remove(&a), None);
    }
}
