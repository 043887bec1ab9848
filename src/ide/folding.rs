//! Folding ranges: the regions of a TOML document an editor can collapse —
//! a table's section, a value (array, inline table, string) that spans
//! several lines, and a block of two or more consecutive comment lines.
//!
//! Computed once per revision from its tree ([`folds`]); byte spans out,
//! in document order, which the language server turns into lines. Only regions that cross a line break are returned, so every
//! one of them folds something.

use std::sync::Arc;

use super::Analysis;
use crate::syntax::{SyntaxTree, Value, ValueKind};
use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FoldKind {
    /// A `[table]` or `[[array]]` section.
    Table,
    Array,
    InlineTable,
    /// A multi-line string.
    String,
    /// Consecutive lines holding only a comment.
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fold {
    pub kind: FoldKind,
    pub span: Span,
}

/// The folding ranges of one revision.
#[derive(Debug, Default)]
pub struct Folds {
    pub folds: Vec<Fold>,
}

/// The folding ranges of the revision, computed on the first call.
pub fn folds(analysis: &Analysis) -> Arc<Folds> {
    analysis.memo(|analysis| Folds {
        folds: analysis
            .tree()
            .map(|tree| folding_ranges(&tree, analysis.text()))
            .unwrap_or_default(),
    })
}

/// The folding ranges of `source`, parsed as `tree`, sorted by start.
pub fn folding_ranges(tree: &SyntaxTree, source: &str) -> Vec<Fold> {
    let mut out = Vec::new();
    for section in &tree.sections {
        if section.header.is_some() {
            let text = section.span.text(source);
            let span = Span::new(
                section.span.start(),
                section.span.start() + text.trim_end().len(),
            );
            push_if_multi_line(&mut out, FoldKind::Table, span, source);
        }
        // Values nest at most `syntax::MAX_NESTING` deep, so an explicit
        // stack is not needed for safety, but it keeps this loop flat.
        let mut stack: Vec<&Value> = section.entries().iter().map(|e| &e.value).collect();
        while let Some(value) = stack.pop() {
            match &value.kind {
                ValueKind::Array(items) => {
                    push_if_multi_line(&mut out, FoldKind::Array, value.span, source);
                    stack.extend(items.iter());
                }
                ValueKind::InlineTable(entries) => {
                    push_if_multi_line(&mut out, FoldKind::InlineTable, value.span, source);
                    stack.extend(entries.iter().map(|e| &e.value));
                }
                ValueKind::String(quote) if quote.is_multi_line() => {
                    push_if_multi_line(&mut out, FoldKind::String, value.span, source);
                }
                _ => {}
            }
        }
    }
    comment_blocks(tree, source, &mut out);
    out.sort_by_key(|fold| (fold.span.start, std::cmp::Reverse(fold.span.end)));
    out
}

fn push_if_multi_line(out: &mut Vec<Fold>, kind: FoldKind, span: Span, source: &str) {
    if span.text(source).contains(['\n', '\r']) {
        out.push(Fold { kind, span });
    }
}

/// Runs of comments that each stand alone on their line, on consecutive
/// lines; a run of one line folds nothing and is skipped.
fn comment_blocks(tree: &SyntaxTree, source: &str, out: &mut Vec<Fold>) {
    let mut run: Option<(Span, usize)> = None;
    for &comment in &tree.comments {
        if !stands_alone(comment, source) {
            flush(&mut run, out);
            continue;
        }
        run = match run {
            // Consecutive when only one line break (and indentation)
            // separates the previous comment's end from this one.
            Some((span, lines))
                if is_single_break(&source[span.end()..comment.start().max(span.end())]) =>
            {
                Some((span.cover(comment), lines + 1))
            }
            _ => {
                flush(&mut run, out);
                Some((comment, 1))
            }
        };
    }
    flush(&mut run, out);
}

fn flush(run: &mut Option<(Span, usize)>, out: &mut Vec<Fold>) {
    if let Some((span, lines)) = run.take()
        && lines > 1
    {
        out.push(Fold {
            kind: FoldKind::Comment,
            span,
        });
    }
}

/// True when only spaces or tabs come before `comment` on its line.
fn stands_alone(comment: Span, source: &str) -> bool {
    source
        .get(..comment.start())
        .unwrap_or("")
        .chars()
        .rev()
        .take_while(|c| !matches!(c, '\n' | '\r'))
        .all(|c| matches!(c, ' ' | '\t'))
}

fn is_single_break(between: &str) -> bool {
    let rest = between
        .strip_prefix("\r\n")
        .or_else(|| between.strip_prefix('\n'))
        .or_else(|| between.strip_prefix('\r'));
    rest.is_some_and(|rest| rest.chars().all(|c| matches!(c, ' ' | '\t')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixture;

    fn folds(source: &str) -> Vec<(FoldKind, &str)> {
        let (analysis, _) = fixture::analysis(source);
        super::folds(&analysis)
            .folds
            .iter()
            .map(|fold| (fold.kind, fold.span.text(source)))
            .collect()
    }

    #[test]
    fn every_kind_of_region() {
        let source = "# one\n# two\n  # three\nx = 1 # trailing\n# alone\n\n[t]\na = [\n  1,\n  { b = 2 },\n]\ns = '''\nline\n'''\nc = { d = 1 }\n\n[u]\n";
        assert_eq!(
            folds(source),
            [
                (FoldKind::Comment, "# one\n# two\n  # three"),
                (
                    FoldKind::Table,
                    "[t]\na = [\n  1,\n  { b = 2 },\n]\ns = '''\nline\n'''\nc = { d = 1 }"
                ),
                (FoldKind::Array, "[\n  1,\n  { b = 2 },\n]"),
                (FoldKind::String, "'''\nline\n'''"),
            ]
        );
    }

    #[test]
    fn crlf_comment_blocks_and_inline_tables() {
        let source = "# a\r\n# b\r\nx = {\r\n  y = 1,\r\n}\r\n";
        assert_eq!(
            folds(source),
            [
                (FoldKind::Comment, "# a\r\n# b"),
                (FoldKind::InlineTable, "{\r\n  y = 1,\r\n}"),
            ]
        );
    }

    #[test]
    fn hostile_input_does_not_panic() {
        folds(&format!("a = {}", "[".repeat(100_000)));
        folds("[a\n'''\n# x\n# y");
    }
}
