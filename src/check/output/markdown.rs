//! The `markdown` format: an Andon board for a CI job summary
//! (`$GITHUB_STEP_SUMMARY`). A headline with the run's colour and totals,
//! a table with one row per file that has findings, then the findings of
//! each file. Clean files are only counted, so a tree of thousands of
//! files stays far below the summary size limit.
//!
//! Text from files and messages is escaped so it cannot break the table or
//! inject HTML.

use std::fmt::Write;

use crate::andon::{Andon, Board};

use super::{Report, board_line};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let headline = report.board.highest().map_or("🟢", Andon::emoji);
    let _ = writeln!(out, "## {headline} Andon check\n");
    let _ = writeln!(out, "{}\n", board_line(report));
    let with_findings: Vec<_> = report
        .files
        .iter()
        .filter(|file| !file.findings.is_empty())
        .collect();
    let clean = report.files.len() - with_findings.len();
    if with_findings.is_empty() {
        let _ = writeln!(out, "All {} checked files are clean.", report.files.len());
        return out;
    }
    let _ = writeln!(out, "| | file | 🔴 red | 🟡 yellow | 🟢 green |");
    let _ = writeln!(out, "|---|---|---:|---:|---:|");
    for file in &with_findings {
        let mut board = Board::default();
        for finding in &file.findings {
            board.add(finding.diagnostic.andon);
        }
        let light = board.highest().map_or("🟢", Andon::emoji);
        let _ = writeln!(
            out,
            "| {light} | {} | {} | {} | {} |",
            code(&file.display).replace('|', "\\|"),
            board.red,
            board.yellow,
            board.green
        );
    }
    if clean > 0 {
        let _ = writeln!(
            out,
            "\n{clean} other {} clean.",
            if clean == 1 { "file is" } else { "files are" }
        );
    }
    for file in &with_findings {
        let _ = writeln!(out, "\n### {}\n", code(&file.display));
        for finding in &file.findings {
            let diagnostic = &finding.diagnostic;
            let _ = writeln!(
                out,
                "- {} **{}** line {}, column {}: {}",
                diagnostic.andon.emoji(),
                diagnostic.rule.id(),
                finding.region.start.line,
                finding.region.start.column,
                text(&diagnostic.message)
            );
        }
    }
    out
}

/// Inline code that survives backticks in the content. In a table the
/// caller also escapes pipes, which GitHub's tables split on even inside
/// code.
fn code(content: &str) -> String {
    let fence = if content.contains('`') { "`` " } else { "`" };
    let closing = if content.contains('`') { " ``" } else { "`" };
    format!("{fence}{content}{closing}")
}

/// Message text: backticks are kept (messages quote keys with them), HTML
/// and table pipes are neutralised.
fn text(content: &str) -> String {
    content
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}
