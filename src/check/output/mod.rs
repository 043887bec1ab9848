//! Output formats of `andon check`: one file per format, each a pure
//! function from the finished [`Report`] to text.
//!
//! Invariant: rendering never looks at the file system, the clock or the
//! environment (colour is decided by the caller), so the same report always
//! renders to the same bytes; that is what the snapshot tests pin.
//!
//! Not here: deciding the exit code, progress, or messages on stderr.

mod github;
mod human;
mod json;
mod markdown;
mod sarif;

use crate::andon::Board;

use super::run::FileReport;

/// The formats `--format` accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
    Markdown,
}

/// Everything a run found, in the order it is shown: files sorted by the
/// name shown, findings by position.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub board: Board,
}

impl Report {
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut board = Board::default();
        for file in &files {
            for finding in &file.findings {
                board.add(finding.diagnostic.andon);
            }
        }
        Report { files, board }
    }
}

pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Markdown => markdown::render(report),
    }
}

/// `🔴 2 red · 🟡 5 yellow · 🟢 0 green in 37 files`
pub(crate) fn board_line(report: &Report) -> String {
    let board = report.board;
    let files = report.files.len();
    format!(
        "🔴 {} red · 🟡 {} yellow · 🟢 {} green in {files} {}",
        board.red,
        board.yellow,
        board.green,
        if files == 1 { "file" } else { "files" }
    )
}
