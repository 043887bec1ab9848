//! The `json` format, version 1: exactly the shape of design §4, documented
//! for users in `docs/json-output.md`. Built with `serde_json::json!` so
//! the field order on the page is the order in the output.
//!
//! Invariant: a change to this shape is a new `version`, never a silent
//! edit; tools parse it.

use serde_json::{Value, json};

use crate::check::run::{Place, Region};

use super::Report;

pub fn render(report: &Report) -> String {
    let board = report.board;
    let diagnostics: Vec<Value> = report
        .files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |finding| {
                let diagnostic = &finding.diagnostic;
                json!({
                    "file": file.display,
                    "rule": diagnostic.rule.id(),
                    "andon": diagnostic.andon.as_str(),
                    "message": diagnostic.message,
                    "help": diagnostic.rule.info().help_anchor(),
                    "range": range(finding.region),
                    "fixes": finding.fixes.iter().map(|fix| {
                        let mut object = json!({
                            "title": fix.title,
                            "safe": fix.safe,
                            "edits": fix.edits.iter().map(|edit| json!({
                                "range": range(edit.region),
                                "new_text": edit.new_text,
                            })).collect::<Vec<_>>(),
                        });
                        if let Some(path) = &fix.create {
                            object["create"] = json!(path);
                        }
                        object
                    }).collect::<Vec<_>>(),
                })
            })
        })
        .collect();
    let document = json!({
        "version": 1,
        "summary": {
            "files": report.files.len(),
            "red": board.red,
            "yellow": board.yellow,
            "green": board.green,
            "andon": board.highest().map_or("green", |andon| andon.as_str()),
        },
        "diagnostics": diagnostics,
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

fn range(region: Region) -> Value {
    json!({ "start": place(region.start), "end": place(region.end) })
}

fn place(place: Place) -> Value {
    json!({ "line": place.line, "column": place.column, "byte": place.byte })
}
