//! Output formats of `andon check`: one file per format, each a pure
//! function from the finished [`Report`] to text.
//!
//! Invariant: rendering never looks at the file system, the clock or the
//! environment (colour is decided by the caller), so the same report always
//! renders to the same bytes; that is what the snapshot tests pin.
//!
//! Not here: deciding the exit code, progress, or messages on stderr.

mod github;
mod gitlab;
mod human;
mod json;
mod markdown;
mod sarif;

use crate::andon::Board;

use super::run::FileReport;

/// The formats `--format` accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Code frames and the Andon board, for people.
    #[default]
    Human,
    /// One JSON document, version 1 (docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for code scanning platforms.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// An Andon board in Markdown, for a CI job summary.
    Markdown,
    /// A GitLab Code Quality report (JSON).
    Gitlab,
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
        Format::Gitlab => gitlab::render(report),
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

/// Formats on a hand-made report with what no rule produces yet (fixes,
/// green findings, awkward names), so every branch of every format is
/// pinned before a rule depends on it.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Diagnostic, Edit, Fix, RuleId};
    use crate::andon::Andon;
    use crate::check::run::{Finding, LocatedEdit, LocatedFix, LocatedRelated, Place, Region};
    use crate::config::FailOn;
    use crate::text::Span;

    fn place(line: u32, column: u32, byte: usize) -> Place {
        Place { line, column, byte }
    }

    fn report() -> Report {
        let text = "[dependencies]\nserde = { path = \"../sérde\" }\n";
        let start = text.find("\"../").unwrap();
        let end = start + "\"../sérde\"".len();
        let mut diagnostic = Diagnostic::new(
            RuleId::Settings,
            Span::new(start, end),
            "path `../sérde` does not exist: 100%, really,\nsee here",
        );
        diagnostic.andon = Andon::Green;
        diagnostic.fixes.push(Fix {
            title: "Change to `../serde`".to_owned(),
            safe: false,
            edits: vec![Edit {
                span: Span::new(start, end),
                new_text: "\"../serde\"".to_owned(),
            }],
            create: None,
        });
        let region = Region {
            start: place(2, 18, start),
            end: place(2, 28, end),
        };
        let finding = Finding {
            related: vec![LocatedRelated {
                region: Region {
                    start: place(1, 1, 0),
                    end: place(1, 15, 14),
                },
                message: "in this table".to_owned(),
            }],
            fixes: vec![LocatedFix {
                title: "Change to `../serde`".to_owned(),
                safe: false,
                edits: vec![LocatedEdit {
                    region,
                    new_text: "\"../serde\"".to_owned(),
                }],
                create: None,
            }],
            region,
            diagnostic,
        };
        Report::new(vec![FileReport {
            display: "dir with space/a|b,c:d.toml".to_owned(),
            text: Some(text.to_owned()),
            findings: vec![finding],
            fail_on: FailOn::Red,
            internal_error: None,
            fixed: None,
        }])
    }

    #[test]
    fn every_format_on_a_finding_with_a_fix() {
        let report = report();
        for format in [
            Format::Human,
            Format::Json,
            Format::Sarif,
            Format::Github,
            Format::Markdown,
            Format::Gitlab,
        ] {
            // The tool version is not part of what this pins.
            let out = render(format, &report, false).replace(
                &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
                "\"[version]\"",
            );
            insta::assert_snapshot!(format!("{format:?}"), out);
        }
    }

    #[test]
    fn sarif_with_fixes_validates_against_the_schema() {
        let shared = std::env::var_os("ANDON_SHARED_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shared.join("corpus/sarif/sarif-schema-2.1.0.json"))
                .expect("the shared SARIF schema"),
        )
        .unwrap();
        let validator = jsonschema::draft4::new(&schema).unwrap();
        let instance: serde_json::Value =
            serde_json::from_str(&render(Format::Sarif, &report(), false)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // The validator does reject what is wrong.
        let mut broken = instance.clone();
        broken["runs"][0]["results"][0]["level"] = "severe".into();
        assert!(!validator.is_valid(&broken));
    }

    #[test]
    fn colour_is_only_escape_codes_around_the_same_text() {
        let report = report();
        let plain = render(Format::Human, &report, false);
        let coloured = render(Format::Human, &report, true);
        assert!(coloured.contains("\u{1b}["));
        let mut stripped = String::new();
        let mut in_escape = false;
        for c in coloured.chars() {
            match (in_escape, c) {
                (false, '\u{1b}') => in_escape = true,
                (true, 'm') => in_escape = false,
                (true, _) => {}
                (false, c) => stripped.push(c),
            }
        }
        assert_eq!(stripped, plain);
    }
}
