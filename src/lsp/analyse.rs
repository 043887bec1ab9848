//! Analysing one document snapshot: the whole of what the server computes
//! for a revision, as one function of the text, its path, its settings and
//! a file system, so tests can drive it with a virtual tree and count the
//! lookups a keystroke costs.
//!
//! A document with a `file:` path is analysed with `analysis::analyse_file`
//! (syntax, keys, then the path rules through the session's cached file
//! system); an unsaved buffer, which has no folder to resolve paths
//! against, with `analysis::analyse`. Both phases run in this one call, so
//! a revision is published once, with all of its findings. What it leaves
//! besides the diagnostics, the revision's `ide::Analysis`, is what every
//! request about that revision reads.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use super::watch::{Watch, watches_for};
use crate::analysis::{Location, PreviousParse, Revision, paths::FileSystem};
use crate::andon::Board;
use crate::config::Settings;
use crate::ide::Analysis;
use crate::text::{Document, PositionEncoding};

/// What one revision's analysis yields.
pub struct SnapshotAnalysis {
    /// For the requests about the revision.
    pub analysis: Arc<Analysis>,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub board: Board,
    /// What the document's findings depend on, for the file watchers.
    pub watches: BTreeSet<Watch>,
}

pub fn analyse_snapshot(
    document: &Arc<Document>,
    uri: &Uri,
    path: Option<&Path>,
    settings: &Settings,
    fs: &dyn FileSystem,
    encoding: PositionEncoding,
    (previous, revision): (&mut PreviousParse, Revision),
) -> SnapshotAnalysis {
    let location = path.map(|file| Location { file, fs });
    let facts = previous.analyse(document.text(), settings, location, revision);
    let mut board = Board::default();
    for finding in &facts.findings {
        board.add(finding.andon);
    }
    let diagnostics = facts
        .findings
        .iter()
        .map(|finding| convert::diagnostic(document, uri, finding, encoding))
        .collect();
    let watches = watches_for(&facts.references);
    SnapshotAnalysis {
        analysis: Arc::new(Analysis::new(
            Arc::clone(document),
            facts,
            path.map(Path::to_path_buf),
        )),
        diagnostics,
        board,
        watches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::{CachedFileSystem, VirtualFileSystem};
    use crate::text::TextChange;

    /// A manifest with 100 path references, half of them to packages that
    /// exist, and a comment line to type into.
    fn manifest() -> (String, VirtualFileSystem) {
        let mut fs = VirtualFileSystem::new()
            .file("/w/app/README.md", "")
            .file("/w/crates/extra/Cargo.toml", "[package]");
        let mut text = String::from(
            "# notes: \n[package]\nname = \"app\"\nreadme = \"README.md\"\n[dependencies]\n",
        );
        for n in 0..99 {
            text.push_str(&format!("dep{n} = {{ path = \"../crates/dep{n}\" }}\n"));
            if n % 2 == 0 {
                fs.add_file(
                    Path::new(&format!("/w/crates/dep{n}/Cargo.toml")),
                    "[package]",
                );
            }
        }
        (text, fs)
    }

    fn insert(document: &mut Arc<Document>, offset: usize, text: &str) {
        let document = Arc::make_mut(document);
        let at = document.position(offset, PositionEncoding::Utf8);
        document.apply_change(
            &TextChange {
                range: Some((at, at)),
                text: text.to_owned(),
            },
            PositionEncoding::Utf8,
        );
    }

    fn red_count(document: &Arc<Document>, fs: &dyn FileSystem) -> usize {
        let uri: Uri = "file:///w/app/Cargo.toml".parse().unwrap();
        analyse_snapshot(
            document,
            &uri,
            Some(Path::new("/w/app/Cargo.toml")),
            &Settings::default(),
            fs,
            PositionEncoding::Utf16,
            (
                &mut PreviousParse::default(),
                Revision { id: 0, since: None },
            ),
        )
        .board
        .red
    }

    /// The acceptance test of laziness: 1,000 keystrokes that touch no path
    /// value cost no lookup; editing one path value costs at most two.
    #[test]
    fn keystrokes_outside_path_values_cost_no_lookups() {
        let (text, tree) = manifest();
        let fs = CachedFileSystem::new(tree);
        let mut document = Arc::new(Document::new(text));
        assert_eq!(red_count(&document, &fs), 49, "one per missing dependency");
        let warm = fs.lookups();
        assert!(warm.total() >= 100, "{warm:?}");
        // 500 characters into the comment, 500 into the `name` value.
        let comment_end = "# notes: ".len();
        for n in 0..500 {
            insert(&mut document, comment_end + n, "x");
            red_count(&document, &fs);
        }
        for n in 0..500 {
            let name = document.text().find("name = \"app").unwrap() + "name = \"app".len();
            insert(&mut document, name + n, "y");
            red_count(&document, &fs);
        }
        assert_eq!(fs.lookups(), warm, "no lookup for 1,000 keystrokes");
        // Point one missing dependency at a package that exists and was
        // never looked up: its folder and its manifest, two lookups.
        let at = document.text().find("../crates/dep1\"").unwrap() + "../crates/".len();
        let start = document.position(at, PositionEncoding::Utf8);
        let end = document.position(at + "dep1".len(), PositionEncoding::Utf8);
        Arc::make_mut(&mut document).apply_change(
            &TextChange {
                range: Some((start, end)),
                text: "extra".to_owned(),
            },
            PositionEncoding::Utf8,
        );
        assert!(
            document
                .text()
                .contains("dep1 = { path = \"../crates/extra\" }")
        );
        assert_eq!(red_count(&document, &fs), 48);
        let after = fs.lookups();
        assert!(after.total() - warm.total() <= 2, "{warm:?} then {after:?}");
    }
}
