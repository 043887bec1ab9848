//! Analysis: the rules that turn a document's syntax and facts about the
//! files around it into [`Diagnostic`]s. The same entry points
//! ([`analyse`] for text alone, [`analyse_file`] with the file system)
//! serve both the checker and the language server.
//!
//! Invariants: pure over its inputs — the file system is reached only
//! through the injected [`paths::FileSystem`], never directly, and there is
//! no clock and no protocol type here; results are sorted by position; a
//! rule switched `off` costs nothing visible and its findings never leave
//! this module.

mod diagnostic;
mod facts;
pub mod fixes;
mod incremental;
pub mod paths;
pub mod profiles;
pub mod rules;
pub mod schema;
mod suppress;

/// For front ends that prove they do not parse again (`lsp`'s test hook).
pub use crate::syntax::{ParseCounts, parse_counts};
pub use diagnostic::{Diagnostic, Edit, Fix, Related};
pub use facts::{Facts, SharedTree};
pub use incremental::{PreviousParse, Revision, Since};
pub use rules::{RuleId, RuleInfo};

use std::path::Path;

use crate::config::{Settings, TomlVersion};
use crate::syntax::semantics::{self, Semantics};
use crate::syntax::{self as syntax_layer, SyntaxTree};
use crate::text::{MAX_DOCUMENT_LEN, Span};
use paths::FileSystem;

/// What every rule may look at for one document.
pub struct Context<'a> {
    pub source: &'a str,
    pub tree: &'a SyntaxTree,
    pub semantics: &'a Semantics<'a>,
    pub settings: &'a Settings,
}

/// Where a document lives, for the rules that look at the files around it.
#[derive(Clone, Copy)]
pub struct Location<'a> {
    /// The document's absolute path.
    pub file: &'a Path,
    pub fs: &'a dyn FileSystem,
}

/// Analyses one document's text, without looking at any file.
pub fn analyse(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    analyse_at(source, settings, None).0
}

/// Analyses a document at `location`: everything [`analyse`] reports, plus
/// the path rules (unless `[paths] enabled = false`).
pub fn analyse_file(source: &str, settings: &Settings, location: Location<'_>) -> Vec<Diagnostic> {
    analyse_at(source, settings, Some(location)).0
}

/// [`analyse_file`], also returning the path references the path rules
/// resolved, for a front end that watches what documents point at. They
/// come from the same parse, so watching costs no second pass.
pub fn analyse_file_with_references(
    source: &str,
    settings: &Settings,
    location: Location<'_>,
) -> (Vec<Diagnostic>, Vec<paths::PathReference>) {
    analyse_at(source, settings, Some(location))
}

fn analyse_at(
    source: &str,
    settings: &Settings,
    location: Option<Location<'_>>,
) -> (Vec<Diagnostic>, Vec<paths::PathReference>) {
    analyse_parsed_by(syntax_layer::parse, source, settings, location)
}

fn analyse_parsed_by(
    parse: fn(&str, TomlVersion) -> SyntaxTree,
    source: &str,
    settings: &Settings,
    location: Option<Location<'_>>,
) -> (Vec<Diagnostic>, Vec<paths::PathReference>) {
    if let Some(findings) = too_large(source, settings) {
        return (findings, Vec::new());
    }
    let tree = parse(source, settings.toml_version);
    analyse_tree(source, &tree, settings, location)
}

/// The one finding for a text too large to analyse, if it is.
fn too_large(source: &str, settings: &Settings) -> Option<Vec<Diagnostic>> {
    (source.len() > MAX_DOCUMENT_LEN).then(|| {
        let diagnostic = Diagnostic::new(
            RuleId::Unreadable,
            Span::default(),
            format!("file is too large to analyse ({} bytes)", source.len()),
        );
        apply_levels(vec![diagnostic], settings)
    })
}

/// Everything after parsing: semantics and the rules over `tree`, the
/// parse of `source`.
fn analyse_tree(
    source: &str,
    tree: &SyntaxTree,
    settings: &Settings,
    location: Option<Location<'_>>,
) -> (Vec<Diagnostic>, Vec<paths::PathReference>) {
    let semantics = semantics::analyse(tree, source);
    let mut out = Vec::new();
    rules::syntax::check(tree, source, &mut out);
    let (findings, references) =
        semantic_rules(source, tree, &semantics, settings, location, &|_, _| None);
    out.extend(findings);
    if let Some(location) = location
        && let Some(association) = schema_for(source, settings, location)
    {
        rules::schema::check(
            source,
            &semantics,
            &association,
            location.file,
            location.fs,
            &mut out,
        );
    }
    suppress::filter(tree, source, &mut out);
    (apply_levels(out, settings), references)
}

/// The rules over `semantics` — the whole document's, or one unit's of an
/// incremental analysis: conflicts, and with a location the keys and
/// paths. `defined_elsewhere` answers, where it knows better than
/// `semantics`, whether a table defines a name ([`rules::keys::check`]).
fn semantic_rules(
    source: &str,
    tree: &SyntaxTree,
    semantics: &Semantics<'_>,
    settings: &Settings,
    location: Option<Location<'_>>,
    defined_elsewhere: &dyn Fn(&[&str], &str) -> Option<bool>,
) -> (Vec<Diagnostic>, Vec<paths::PathReference>) {
    let context = Context {
        source,
        tree,
        semantics,
        settings,
    };
    let mut out = Vec::new();
    let mut references = Vec::new();
    rules::duplicate_key::check(&context, &mut out);
    if let Some(location) = location {
        let profile = profiles::Profile::for_path(location.file);
        rules::keys::check(semantics, profile, defined_elsewhere, &mut out);
        if settings.paths.enabled {
            references = paths::references(source, semantics, location.file, settings, location.fs);
            rules::paths::check(&references, location.fs, &mut out);
        }
    }
    (out, references)
}

/// The schema that applies to the document at `location`, unless its
/// three rules are off: a file without one costs a glob match.
fn schema_for(
    source: &str,
    settings: &Settings,
    location: Location<'_>,
) -> Option<schema::association::Association> {
    let wanted = [RuleId::Schema, RuleId::UnknownKey, RuleId::DeprecatedKey]
        .iter()
        .any(|rule| {
            settings
                .level(rule.id(), rule.info().default_andon)
                .andon()
                .is_some()
        });
    wanted.then(|| schema::association::associate(location.file, source))?
}

/// Analyses a file's raw bytes: anything that is not UTF-8 is one
/// `unreadable` finding at the first bad byte instead of a parse. For the
/// checker, which has a core to spare for one long file: a text of a
/// megabyte or more is parsed on two threads
/// ([`syntax::parse_on_two_threads`](crate::syntax::parse_on_two_threads)).
pub fn analyse_bytes(bytes: &[u8], settings: &Settings) -> Vec<Diagnostic> {
    analyse_bytes_at(bytes, settings, None)
}

/// [`analyse_bytes`] with the path rules, for a file at `location`.
pub fn analyse_file_bytes(
    bytes: &[u8],
    settings: &Settings,
    location: Location<'_>,
) -> Vec<Diagnostic> {
    analyse_bytes_at(bytes, settings, Some(location))
}

fn analyse_bytes_at(
    bytes: &[u8],
    settings: &Settings,
    location: Option<Location<'_>>,
) -> Vec<Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(source) => {
            analyse_parsed_by(
                syntax_layer::parse_on_two_threads,
                source,
                settings,
                location,
            )
            .0
        }
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

/// Applies configured levels, drops rules that are off, and sorts. A
/// finding keeps the level its rule gave it (which may differ from the
/// rule's default, e.g. a yellow `path-missing` for a guessed path key)
/// unless the settings name a level for the rule.
fn apply_levels(findings: Vec<Diagnostic>, settings: &Settings) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings
        .into_iter()
        .filter_map(|mut diagnostic| {
            let andon = settings
                .level(diagnostic.rule.id(), diagnostic.andon)
                .andon()?;
            diagnostic.andon = andon;
            Some(diagnostic)
        })
        .collect();
    // The message breaks ties, so the order never depends on which rule
    // or group reported first.
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::andon::{Andon, Level};

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
