//! Analysis: the rules that turn a document's syntax (and, later, facts
//! about the workspace) into [`Diagnostic`]s. One entry point,
//! [`analyse`], serves both the checker and the language server.
//!
//! Invariants: pure over its inputs (no file system, no clock, no
//! protocol types); results are sorted by position; a rule switched `off`
//! costs nothing visible and its findings never leave this module.

mod diagnostic;
pub mod folding;
pub mod rules;
pub mod symbols;

pub use diagnostic::{Diagnostic, Edit, Fix, Related};
pub use rules::{RuleId, RuleInfo};

use crate::config::Settings;
use crate::syntax::semantics::{self, Semantics};
use crate::syntax::{self as syntax_layer, SyntaxTree};
use crate::text::{MAX_DOCUMENT_LEN, Span};

/// What every rule may look at for one document.
pub struct Context<'a> {
    pub source: &'a str,
    pub tree: &'a SyntaxTree,
    pub semantics: &'a Semantics<'a>,
    pub settings: &'a Settings,
}

/// Analyses one document's text.
pub fn analyse(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    if source.len() > MAX_DOCUMENT_LEN {
        let diagnostic = Diagnostic::new(
            RuleId::Unreadable,
            Span::default(),
            format!("file is too large to analyse ({} bytes)", source.len()),
        );
        return apply_levels(vec![diagnostic], settings);
    }
    let tree = syntax_layer::parse(source, settings.toml_version);
    let semantics = semantics::analyse(&tree, source);
    let context = Context {
        source,
        tree: &tree,
        semantics: &semantics,
        settings,
    };
    let mut out = Vec::new();
    rules::syntax::check(&context, &mut out);
    rules::duplicate_key::check(&context, &mut out);
    apply_levels(out, settings)
}

/// Analyses a file's raw bytes: anything that is not UTF-8 is one
/// `unreadable` finding at the first bad byte instead of a parse.
pub fn analyse_bytes(bytes: &[u8], settings: &Settings) -> Vec<Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(source) => analyse(source, settings),
        Err(error) => apply_levels(vec![not_utf8(bytes, error)], settings),
    }
}

fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let valid = error.valid_up_to();
    let looks_utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let message = if looks_utf16 {
        "file is UTF-16, not UTF-8: save it as UTF-8".to_owned()
    } else {
        format!("file is not valid UTF-8 (first bad byte at offset {valid}): save it as UTF-8")
    };
    // The span must be valid in whatever text a front end shows, so it is
    // empty at the end of the valid prefix.
    Diagnostic::new(RuleId::Unreadable, Span::empty_at(valid), message)
}

/// Applies configured levels, drops rules that are off, and sorts.
fn apply_levels(findings: Vec<Diagnostic>, settings: &Settings) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings
        .into_iter()
        .filter_map(|mut diagnostic| {
            let info = diagnostic.rule.info();
            let andon = settings.level(info.id, info.default_andon).andon()?;
            diagnostic.andon = andon;
            Some(diagnostic)
        })
        .collect();
    out.sort_by_key(|d| (d.span.start, d.span.end, d.rule));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::andon::{Andon, Level};

    #[test]
    fn three_errors_on_three_lines_are_three_findings() {
        let source = "a = \"unterminated\nb = = 2\n[c\nd = 4\n";
        let findings = analyse(source, &Settings::default());
        let lines: Vec<usize> = findings
            .iter()
            .map(|d| source[..d.span.start()].matches('\n').count())
            .collect();
        assert_eq!(lines, vec![0, 1, 2], "{findings:#?}");
        assert!(
            findings
                .iter()
                .all(|d| d.andon == Andon::Red && d.rule == RuleId::Syntax)
        );
    }

    #[test]
    fn levels_from_settings_apply() {
        let source = "a = 1\na = 2\n";
        let mut settings = Settings::default();
        assert_eq!(analyse(source, &settings)[0].andon, Andon::Red);
        settings
            .rules
            .insert("duplicate-key".into(), Level::On(Andon::Green));
        assert_eq!(analyse(source, &settings)[0].andon, Andon::Green);
        settings.rules.insert("duplicate-key".into(), Level::Off);
        assert!(analyse(source, &settings).is_empty());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_unreadable() {
        let findings = analyse_bytes(b"a = \"\xff\"\n", &Settings::default());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, RuleId::Unreadable);
        assert_eq!(findings[0].span, Span::empty_at(5));
    }
}
