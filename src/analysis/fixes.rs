//! Applying fixes to text, and the fixes every finding has: suppressing
//! its rule on its line or in its file.
//!
//! Invariants: edits never overlap in what is applied (an edit that would
//! overlap one already taken is skipped, never merged), bytes outside the
//! applied edits are unchanged, and new text keeps the document's line
//! ending style.

use crate::analysis::{Diagnostic, Edit, Fix};
use crate::text::Span;

/// Applies `edits` to `source`; `None` when two of them overlap.
pub fn apply(source: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for edit in sorted {
        if edit.span.start() < at || edit.span.end() > source.len() {
            return None;
        }
        out.push_str(source.get(at..edit.span.start())?);
        out.push_str(&edit.new_text);
        at = edit.span.end();
    }
    out.push_str(source.get(at..)?);
    Some(out)
}

/// The edits of every safe fix in `findings` that can be applied together:
/// the first safe fix of each finding, skipped when it overlaps (or
/// touches) one already taken. Fixes that create files are never taken.
pub fn safe_edits(findings: &[Diagnostic]) -> (Vec<Edit>, Vec<String>) {
    let mut taken: Vec<Edit> = Vec::new();
    let mut titles = Vec::new();
    for finding in findings {
        let Some(fix) = finding
            .fixes
            .iter()
            .find(|fix| fix.safe && fix.create.is_none())
        else {
            continue;
        };
        let clashes = fix.edits.iter().any(|edit| {
            taken
                .iter()
                .any(|other| edit.span.start <= other.span.end && other.span.start <= edit.span.end)
        });
        if !clashes {
            taken.extend(fix.edits.iter().cloned());
            titles.push(fix.title.clone());
        }
    }
    (taken, titles)
}

/// What [`fix_until_stable`] did to a document.
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Titles of the fixes applied, in order.
    pub applied: Vec<String>,
}

/// How many rounds of "apply the safe fixes, analyse again" run at most: a
/// fix may uncover another finding with its own fix, but never forever.
pub const MAX_FIX_ROUNDS: usize = 8;

/// Applies the safe fixes of `analyse(text)` and analyses again, until no
/// safe fix is left (or [`MAX_FIX_ROUNDS`]). A round whose edits would not
/// lower the number of red findings is rolled back and ends the loop.
pub fn fix_until_stable(source: &str, analyse: impl Fn(&str) -> Vec<Diagnostic>) -> Fixed {
    let mut text = source.to_owned();
    let mut applied = Vec::new();
    let mut findings = analyse(&text);
    for _ in 0..MAX_FIX_ROUNDS {
        let (edits, titles) = safe_edits(&findings);
        if edits.is_empty() {
            break;
        }
        let Some(next) = apply(&text, &edits) else {
            break;
        };
        let next_findings = analyse(&next);
        let reds = |findings: &[Diagnostic]| {
            findings
                .iter()
                .filter(|d| d.andon == crate::andon::Andon::Red)
                .count()
        };
        if reds(&next_findings) > reds(&findings) {
            break;
        }
        text = next;
        findings = next_findings;
        applied.extend(titles);
    }
    Fixed { text, applied }
}

/// The line break the document uses (`\n` when it has none).
pub fn line_ending(source: &str) -> &'static str {
    match source.find('\n') {
        Some(index) if index > 0 && source.as_bytes()[index - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Where the line holding `offset` ends (before its line break).
pub fn line_end(source: &str, offset: usize) -> usize {
    source[offset.min(source.len())..]
        .find(['\n', '\r'])
        .map_or(source.len(), |index| offset + index)
}

/// Where the line holding `offset` starts.
pub fn line_start(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |index| index + 1)
}

/// The span of whole lines from the line of `span.start` through the line
/// of `span.end`, with the final line break, when nothing but blanks (and
/// a comment at the end) shares those lines with `span`.
pub fn whole_lines(source: &str, span: Span) -> Option<Span> {
    let start = line_start(source, span.start());
    if !source[start..span.start()].trim().is_empty() {
        return None;
    }
    let end = line_end(source, span.end());
    let rest = source[span.end()..end].trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    let after = if source[end..].starts_with("\r\n") {
        end + 2
    } else if end < source.len() {
        end + 1
    } else {
        end
    };
    Some(Span::new(start, after))
}

/// "Ignore this rule on this line" and "…in this file": suppression
/// comments (design §3). Never safe: they silence, they do not repair.
pub fn suppressions(source: &str, finding: &Diagnostic) -> Vec<Fix> {
    let id = finding.rule.id();
    let end = line_end(source, finding.span.start());
    let line = &source[line_start(source, finding.span.start())..end];
    let on_line = match line.find("# andon: ignore[") {
        // Extend an existing list rather than add a second comment.
        Some(index) if !line[index..].contains(id) => {
            let close = line[index..].find(']').map(|at| index + at);
            close.map(|close| {
                let at = end - line.len() + close;
                Fix::edit(
                    format!("Ignore `{id}` on this line"),
                    false,
                    Span::empty_at(at),
                    format!(", {id}"),
                )
            })
        }
        Some(_) => None,
        None => Some(Fix::edit(
            format!("Ignore `{id}` on this line"),
            false,
            Span::empty_at(end),
            format!("  # andon: ignore[{id}]"),
        )),
    };
    let in_file = Fix::edit(
        format!("Ignore `{id}` in this file"),
        false,
        Span::empty_at(file_comment_offset(source)),
        format!("# andon: ignore-file[{id}]{}", line_ending(source)),
    );
    on_line.into_iter().chain([in_file]).collect()
}

/// After a leading BOM, so the comment does not land before it.
fn file_comment_offset(source: &str) -> usize {
    if source.starts_with('\u{feff}') { 3 } else { 0 }
}

/// A TOML string literal for `text`, written the way `toml_edit` writes
/// values (basic quotes unless the text needs another form).
pub fn string_literal(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

/// A TOML key for `name`: bare when it can be, quoted otherwise.
pub fn key_literal(name: &str) -> String {
    toml_edit::Key::new(name).display_repr().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{RuleId, analyse};
    use crate::config::Settings;

    #[test]
    fn apply_refuses_overlaps_and_keeps_other_bytes() {
        let edit = |start, end, text: &str| Edit {
            span: Span::new(start, end),
            new_text: text.to_owned(),
        };
        assert_eq!(
            apply("abcdef", &[edit(4, 5, "X"), edit(1, 2, "")]).as_deref(),
            Some("acdXf")
        );
        assert_eq!(apply("abcdef", &[edit(1, 3, ""), edit(2, 4, "")]), None);
    }

    #[test]
    fn whole_lines_only_when_alone_on_them() {
        let source = "a = 1\r\nb = 2 # why\nc = 3; d\n";
        assert_eq!(whole_lines(source, Span::new(0, 5)), Some(Span::new(0, 7)));
        assert_eq!(
            whole_lines(source, Span::new(7, 12)).map(|s| s.text(source)),
            Some("b = 2 # why\n")
        );
        assert_eq!(whole_lines(source, Span::new(19, 24)), None);
    }

    #[test]
    fn suppression_comments_extend_existing_ones() {
        let source = "a = 1\na = 2\n";
        let finding = &analyse(source, &Settings::default())[0];
        let fixes = suppressions(source, finding);
        let fixed = apply(source, &fixes[0].edits).unwrap();
        assert_eq!(fixed, "a = 1\na = 2  # andon: ignore[duplicate-key]\n");
        assert!(analyse(&fixed, &Settings::default()).is_empty());
        let in_file = apply(source, &fixes[1].edits).unwrap();
        assert!(analyse(&in_file, &Settings::default()).is_empty());
        let mut other = finding.clone();
        other.rule = RuleId::Syntax;
        let extended = apply(&fixed, &suppressions(&fixed, &other)[0].edits).unwrap();
        assert_eq!(
            extended,
            "a = 1\na = 2  # andon: ignore[duplicate-key, syntax]\n"
        );
    }

    #[test]
    fn literals_are_quoted_and_escaped() {
        assert_eq!(string_literal("../utils"), "\"../utils\"");
        assert_eq!(string_literal("a\"b"), "'a\"b'");
        assert_eq!(key_literal("dev-dependencies"), "dev-dependencies");
        assert_eq!(key_literal("a b"), "\"a b\"");
    }
}
