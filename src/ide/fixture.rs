//! Fixtures for the feature tests: a document written with a `$0` where
//! the cursor is, analysed exactly as the language server analyses an
//! open document (`PreviousParse` over a virtual file system), so a
//! feature is tested on the same facts it reads in a session.

use std::path::Path;
use std::sync::Arc;

use super::Analysis;
use crate::analysis::paths::FileSystem;
use crate::analysis::{Location, PreviousParse, Revision};
use crate::config::Settings;
use crate::text::Document;

const CURSOR: &str = "$0";

/// `marked` without its `$0`, analysed as an unsaved buffer (no file
/// around it), and the cursor's offset (the end of the text without one).
pub fn analysis(marked: &str) -> (Analysis, usize) {
    analyse(marked, None, &Settings::default())
}

/// `marked` without its `$0`, analysed as the file `file` among the files
/// of `fs`, and the cursor's offset.
pub fn analysis_of_file(file: &str, marked: &str, fs: &dyn FileSystem) -> (Analysis, usize) {
    analysis_with_settings(file, marked, fs, &Settings::default())
}

/// [`analysis_of_file`] under `settings`.
pub fn analysis_with_settings(
    file: &str,
    marked: &str,
    fs: &dyn FileSystem,
    settings: &Settings,
) -> (Analysis, usize) {
    analyse(marked, Some((Path::new(file), fs)), settings)
}

fn analyse(
    marked: &str,
    location: Option<(&Path, &dyn FileSystem)>,
    settings: &Settings,
) -> (Analysis, usize) {
    let offset = marked.find(CURSOR).unwrap_or(marked.len());
    let text = marked.replacen(CURSOR, "", 1);
    let facts = PreviousParse::default().analyse(
        &text,
        settings,
        location.map(|(file, fs)| Location { file, fs }),
        Revision { id: 1, since: None },
    );
    let file = location.map(|(file, _)| file.to_path_buf());
    let analysis = Analysis::new(Arc::new(Document::new(text)), facts, file);
    (analysis, offset)
}
