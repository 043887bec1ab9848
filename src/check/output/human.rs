//! The `human` format: a code frame per finding, like a compiler, and the
//! Andon board as the closing line.
//!
//! ```text
//! 🔴 duplicate-key: table `server` is defined twice
//!   --> config.toml:5:1
//!    |
//!  5 | [server]
//!    | ^^^^^^^^
//!    = first defined here: config.toml:1:1
//! ```
//!
//! Columns come from the text layer (Unicode scalars); the caret line
//! copies tabs from the source so the carets stay under the span on any
//! tab width. Colour is on only when the caller says so.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::andon::Andon;
use crate::check::run::{FileReport, Finding};
use crate::text::LineIndex;

use super::{Report, board_line};

pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    for file in &report.files {
        let index = file.text.as_deref().map(LineIndex::new);
        for finding in &file.findings {
            frame(&mut out, &paint, file, index.as_ref(), finding);
            out.push('\n');
        }
    }
    let line = board_line(report);
    let _ = writeln!(out, "{}", paint.bold(&line));
    out
}

fn frame(
    out: &mut String,
    paint: &Paint,
    file: &FileReport,
    index: Option<&LineIndex>,
    finding: &Finding,
) {
    let diagnostic = &finding.diagnostic;
    let andon = diagnostic.andon;
    let start = finding.region.start;
    let _ = writeln!(
        out,
        "{} {}: {}",
        andon.emoji(),
        paint.andon(andon, diagnostic.rule.id()),
        diagnostic.message
    );
    let location = format!("{}:{}:{}", file.display, start.line, start.column);
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}{} {location}", paint.blue("-->"));
    if let (Some(text), Some(index)) = (file.text.as_deref(), index) {
        let line_span = index.line_span(start.line as usize - 1);
        let line_text = line_span.text(text);
        let from = start.byte.clamp(line_span.start(), line_span.end());
        let indent: String = text[line_span.start()..from]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = if finding.region.end.line == start.line {
            finding.region.end.column.saturating_sub(start.column)
        } else {
            // A span over several lines is underlined to the end of its
            // first line.
            let (_, end_column) = index.human_line_column(text, line_span.end());
            end_column.saturating_sub(start.column)
        };
        let carets = "^".repeat(width.max(1) as usize);
        let bar = paint.blue("|");
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {}",
            paint.blue(&start.line.to_string()),
            line_text.trim_end_matches(['\r', '\n'])
        );
        let _ = writeln!(out, "{pad} {bar} {indent}{}", paint.andon(andon, &carets));
    }
    for related in &finding.related {
        let _ = writeln!(
            out,
            "{pad} {} {}: {}:{}:{}",
            paint.blue("="),
            related.message,
            file.display,
            related.region.start.line,
            related.region.start.column
        );
    }
    for fix in &finding.fixes {
        let _ = writeln!(
            out,
            "{pad} {} fix{}: {}",
            paint.blue("="),
            if fix.safe { " (safe)" } else { "" },
            fix.title
        );
    }
}

struct Paint {
    color: bool,
}

impl Paint {
    fn style(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }

    fn andon(&self, andon: Andon, text: &str) -> String {
        let color = match andon {
            Andon::Red => AnsiColor::Red,
            Andon::Yellow => AnsiColor::Yellow,
            Andon::Green => AnsiColor::Green,
        };
        self.style(Style::new().fg_color(Some(color.into())).bold(), text)
    }

    fn blue(&self, text: &str) -> String {
        self.style(
            Style::new().fg_color(Some(AnsiColor::Blue.into())).bold(),
            text,
        )
    }

    fn bold(&self, text: &str) -> String {
        self.style(Style::new().bold(), text)
    }
}
