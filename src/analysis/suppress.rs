//! In-file suppression comments (design §3): `# andon: ignore[rule-id]` at
//! the end of a line silences that rule for findings that start on that
//! line; `# andon: ignore-file[rule-id]` anywhere silences it for the whole
//! document. Several ids may be listed, separated by commas.
//!
//! This is an analysis-level filter so that the checker and the language
//! server agree on what is silenced. It reads only the comment spans the
//! syntax tree recorded, never the raw text around them, so a `#` inside a
//! string can never suppress anything.
//!
//! Deliberately not here: a blanket `ignore` without rule ids (silencing
//! rules nobody named hides new findings), and reporting unknown ids in the
//! comments.

use crate::analysis::fixes::line_start;
use crate::analysis::{Diagnostic, RuleId};
use crate::syntax::SyntaxTree;
use crate::text::Span;

/// Drops the findings that a suppression comment in `source` silences.
pub fn filter(tree: &SyntaxTree, source: &str, findings: &mut Vec<Diagnostic>) {
    if findings.is_empty() {
        return;
    }
    let comments: Vec<(Span, Directive)> = tree
        .comments
        .iter()
        .filter_map(|&span| parse(span.text(source)).map(|directive| (span, directive)))
        .collect();
    if comments.is_empty() {
        return;
    }
    let mut whole_file: Vec<RuleId> = Vec::new();
    // The bytes of the line an end-of-line comment ends, with the rules it
    // silences there. Found from the comment itself rather than from a
    // line index of the whole text, which an analysis after a keystroke in
    // a long file could not afford.
    let mut on_line: Vec<(Span, RuleId)> = Vec::new();
    for (comment, directive) in comments {
        match directive {
            Directive::File(rules) => whole_file.extend(rules),
            Directive::Line(rules) => {
                let line_start = line_start(source, comment.start());
                // A comment runs to the end of its line; the line break
                // after it still counts as the line's, both bytes of a
                // `\r\n` included.
                let crlf = source[comment.end()..].starts_with("\r\n");
                let line = Span::new(line_start, comment.end() + usize::from(crlf));
                on_line.extend(rules.into_iter().map(|rule| (line, rule)));
            }
        }
    }
    findings.retain(|finding| {
        if whole_file.contains(&finding.rule) {
            return false;
        }
        let start = finding.span.start();
        !on_line
            .iter()
            .any(|&(line, rule)| rule == finding.rule && line.touches(start))
    });
}

#[derive(Debug, PartialEq, Eq)]
enum Directive {
    Line(Vec<RuleId>),
    File(Vec<RuleId>),
}

/// Reads one comment (`# ...`). Unknown rule ids are skipped.
fn parse(comment: &str) -> Option<Directive> {
    let rest = comment.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("andon:")?.trim_start();
    let (file, rest) = match rest.strip_prefix("ignore-file") {
        Some(rest) => (true, rest),
        None => (false, rest.strip_prefix("ignore")?),
    };
    let inside = rest.trim_start().strip_prefix('[')?;
    let (list, _) = inside.split_once(']')?;
    let rules: Vec<RuleId> = list
        .split(',')
        .filter_map(|id| RuleId::from_id(id.trim()))
        .collect();
    if rules.is_empty() {
        return None;
    }
    Some(if file {
        Directive::File(rules)
    } else {
        Directive::Line(rules)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;
    use crate::config::Settings;

    #[test]
    fn directives_parse() {
        assert_eq!(
            parse("# andon: ignore[duplicate-key]"),
            Some(Directive::Line(vec![RuleId::DuplicateKey]))
        );
        assert_eq!(
            parse("#andon:ignore-file[ syntax , duplicate-key ] because"),
            Some(Directive::File(vec![RuleId::Syntax, RuleId::DuplicateKey]))
        );
        assert_eq!(parse("# andon: ignore"), None);
        assert_eq!(parse("# andon: ignore[no-such-rule]"), None);
        assert_eq!(parse("# ignore[syntax]"), None);
    }

    #[test]
    fn a_line_comment_silences_only_its_line() {
        let source = "a = 1\na = 2 # andon: ignore[duplicate-key]\nb = 1\nb = 2\n";
        let findings = analyse(source, &Settings::default());
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].span.start(), source.rfind("b = 2").unwrap());
        // With CRLF line breaks, and the commented line the last one.
        let source = "b = 1\r\nb = 2\r\na = 1\r\na = 2 # andon: ignore[duplicate-key]";
        let findings = analyse(source, &Settings::default());
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].span.start(), source.rfind("b = 2").unwrap());
        // A finding that starts at the end of the commented line: an
        // entry whose value never came.
        let source = "a = # andon: ignore[syntax]\nb = \n";
        let findings = analyse(source, &Settings::default());
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].span.start() > source.find('\n').unwrap());
    }

    #[test]
    fn both_bytes_of_a_crlf_after_the_comment_belong_to_its_line() {
        let source = "a = 1 # andon: ignore[duplicate-key]\r\nb = 2\r\n";
        let tree = crate::syntax::parse(source, crate::config::TomlVersion::V1_1);
        let at = |offset: usize| {
            Diagnostic::new(
                RuleId::DuplicateKey,
                Span::new(offset, offset + 1),
                "x".to_owned(),
            )
        };
        let line_feed = source.find('\n').unwrap();
        let mut findings = vec![at(line_feed - 1), at(line_feed), at(line_feed + 1)];
        filter(&tree, source, &mut findings);
        let starts: Vec<usize> = findings.iter().map(|f| f.span.start()).collect();
        assert_eq!(starts, [line_feed + 1]);
    }

    #[test]
    fn a_file_comment_silences_everywhere() {
        let source = "# andon: ignore-file[duplicate-key]\na = 1\na = 2\nb = 1\nb = 2\n";
        assert!(analyse(source, &Settings::default()).is_empty());
    }

    #[test]
    fn a_hash_inside_a_string_is_not_a_comment() {
        let source = "a = 1\na = \"# andon: ignore[duplicate-key]\"\n";
        assert_eq!(analyse(source, &Settings::default()).len(), 1);
    }
}
