//! Rule `schema`, and the schema's share of `unknown-key` and
//! `deprecated-key`: the document judged by the JSON Schema that applies
//! to it ([`crate::analysis::schema::association`]), each violation on the
//! text the user fixes.
//!
//! A wrong type, value, pattern or range lands on the value; a key the
//! schema does not allow on the key (`unknown-key`, with the closest
//! allowed name); a missing required key on the header of its table; a
//! key the schema marks deprecated on the key (`deprecated-key`).
//! Cargo's underscore spellings are not here: `rules::keys` knows their
//! current names and offers the rename, so they are left to it.
//!
//! Yellow by default (a schema can lag behind its tool); red where the
//! tool reading the file is known to reject it ([`tool_rejects`]).

use std::path::Path;

use serde_json::Value as Json;

use crate::analysis::fixes::{key_literal, line_end, line_ending};
use crate::analysis::paths::FileSystem;
use crate::analysis::profiles::Profile;
use crate::analysis::schema::association::{Association, Reason, SchemaSource};
use crate::analysis::schema::instance::{self, Place};
use crate::analysis::schema::navigate::{self, SchemaAt};
use crate::analysis::schema::validate::{self, CompiledSchema, Violation, ViolationKind};
use crate::analysis::schema::{self as lists, bundle};
use crate::analysis::{Diagnostic, Edit, Fix, RuleId};
use crate::andon::Andon;
use crate::config::closest;
use crate::syntax::semantics::{NodeId, NodeKind, Semantics};
use crate::text::Span;

/// Judges the document (its `semantics`) by the schema `association`
/// names.
pub fn check(
    source: &str,
    semantics: &Semantics<'_>,
    association: &Association,
    file: &Path,
    fs: &dyn FileSystem,
    out: &mut Vec<Diagnostic>,
) {
    let Some(schema) = load(association, fs, out) else {
        return;
    };
    let instance = instance::to_json(semantics, source, Semantics::ROOT);
    let document = match &association.schema {
        SchemaSource::Bundled(index) => bundle::documents()[*index].name,
        _ => "",
    };
    let profile = Profile::for_path(file);
    let root = Place::Node(Semantics::ROOT, semantics);
    for violation in schema.violations(&instance) {
        report(source, semantics, root, profile, document, &violation, out);
    }
    let mut path = Vec::new();
    deprecated_keys(
        semantics,
        Semantics::ROOT,
        &[schema.root()],
        profile,
        &mut path,
        out,
    );
}

/// The compiled schema, or a finding saying why there is none.
fn load(
    association: &Association,
    fs: &dyn FileSystem,
    out: &mut Vec<Diagnostic>,
) -> Option<std::sync::Arc<CompiledSchema>> {
    let span = match association.reason {
        Reason::Directive(span) => span,
        Reason::Catalog { .. } => Span::empty_at(0),
    };
    let loaded = match &association.schema {
        SchemaSource::Bundled(index) => validate::bundled(*index),
        SchemaSource::Local(path) => match fs.read(path) {
            Some(text) => validate::local(path, &text),
            // A directive written for a SchemaStore checkout
            // (`../../schemas/json/cargo.json`) names a bundled document.
            None => match path
                .file_name()
                .and_then(|name| bundle::find(&name.to_string_lossy()))
            {
                Some(index) => validate::bundled(index),
                None => Err("the file cannot be read".to_owned()),
            },
        },
        SchemaSource::Unavailable(url) => {
            let mut finding = Diagnostic::new(
                RuleId::Schema,
                span,
                format!(
                    "schema `{url}` is not bundled, and Andon never fetches one: save it beside this file and write `#:schema ./NAME.json`"
                ),
            );
            finding.andon = Andon::Green;
            out.push(finding);
            return None;
        }
    };
    match loaded {
        Ok(schema) => Some(schema),
        Err(error) => {
            out.push(Diagnostic::new(
                RuleId::Schema,
                span,
                format!(
                    "schema `{}` cannot be used, so this file is not validated: {error}",
                    association.schema_name()
                ),
            ));
            None
        }
    }
}

fn report(
    source: &str,
    semantics: &Semantics<'_>,
    root: Place<'_, '_>,
    profile: Profile,
    document: &str,
    violation: &Violation,
    out: &mut Vec<Diagnostic>,
) {
    let steps = instance::steps(&violation.path);
    let Some(place) = instance::locate(root, steps.iter().copied()) else {
        return;
    };
    if place.is_broken(source) {
        return;
    }
    let names: Vec<&str> = steps
        .iter()
        .filter_map(|step| match step {
            instance::Step::Key(name) => Some(*name),
            instance::Step::Index(_) => None,
        })
        .collect();
    let subject = subject(semantics, place);
    let red = tool_rejects(document, &violation.path, &violation.kind);
    let level = |mut finding: Diagnostic| {
        if red {
            finding.andon = Andon::Red;
        }
        finding
    };
    match &violation.kind {
        ViolationKind::Unknown {
            names: unknown,
            allowed,
        } => {
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            for name in unknown {
                let Some(key) = place.child(name) else {
                    continue;
                };
                if profile == Profile::Cargo && lists::deprecated(profile, &names, name).is_some() {
                    continue;
                }
                let near = closest(name, &allowed);
                let hint = near
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                let mut finding = Diagnostic::new(
                    RuleId::UnknownKey,
                    key.key_span(),
                    format!(
                        "unknown key `{name}` {}{hint}",
                        table_words(semantics, place)
                    ),
                );
                if let Some(near) = near.filter(|near| place.child(near).is_none()) {
                    finding = finding.with_fix(Fix::edit(
                        format!("Rename to `{near}`"),
                        false,
                        key.key_span(),
                        key_literal(near),
                    ));
                }
                out.push(level(finding));
            }
        }
        ViolationKind::Missing { name, suggested } => {
            let span = match place {
                Place::Node(id, _) if id == Semantics::ROOT => Span::empty_at(0),
                _ => place.table_span(),
            };
            let mut finding = Diagnostic::new(
                RuleId::Schema,
                span,
                format!(
                    "missing required key `{name}` {}",
                    table_words(semantics, place)
                ),
            );
            if let Some(fix) = suggested
                .as_ref()
                .and_then(|value| add_key(source, semantics, place, name, value))
            {
                finding = finding.with_fix(fix);
            }
            out.push(level(finding));
        }
        ViolationKind::WrongType { expected } => {
            let wanted: Vec<&str> = expected.iter().map(|name| toml_type(name)).collect();
            let span = match place {
                Place::Node(id, semantics)
                    if !matches!(semantics.node(id).kind, NodeKind::Value(_)) =>
                {
                    place.key_span()
                }
                _ => place.value_span(),
            };
            out.push(level(Diagnostic::new(
                RuleId::Schema,
                span,
                format!(
                    "{subject} must be {}, not {}",
                    or_list(&wanted),
                    place.type_name()
                ),
            )));
        }
        ViolationKind::NotAllowed { options } => {
            let shown: Vec<String> = options.iter().take(8).map(toml_literal).collect();
            let more = if options.len() > shown.len() {
                ", …"
            } else {
                ""
            };
            let message = match shown.as_slice() {
                [only] => format!("{subject} must be {only}"),
                _ => format!("{subject} must be one of {}{more}", shown.join(", ")),
            };
            let mut finding = Diagnostic::new(RuleId::Schema, place.value_span(), message);
            // A near miss of a string option: offered, not applied.
            if let Place::Node(id, semantics) = place
                && let NodeKind::Value(value) = semantics.node(id).kind
                && let Some(text) = value.as_string(source)
            {
                let strings: Vec<&str> = options.iter().filter_map(Json::as_str).collect();
                if let Some(near) = closest(&text, &strings) {
                    finding = finding.with_fix(Fix::edit(
                        format!("Change to \"{near}\""),
                        false,
                        value.span,
                        crate::analysis::fixes::string_literal(near),
                    ));
                }
            }
            out.push(level(finding));
        }
        ViolationKind::Other { message } => {
            out.push(level(Diagnostic::new(
                RuleId::Schema,
                place.value_span(),
                format!("{subject} {message}"),
            )));
        }
    }
}

/// Where the tool that reads the file fails on a violation rather than
/// ignoring it: Cargo on a wrong type or a missing required key of a
/// manifest; build front ends on invalid `[project]` or `[build-system]`
/// metadata; Ruff on any option it does not know or cannot read.
pub fn tool_rejects(document: &str, path: &str, kind: &ViolationKind) -> bool {
    let structural = matches!(
        kind,
        ViolationKind::WrongType { .. } | ViolationKind::Missing { .. }
    );
    match document {
        "cargo.json" => structural,
        "pyproject.json" if path.starts_with("/tool/ruff") => true,
        "pyproject.json" => {
            structural && (path.starts_with("/project") || path.starts_with("/build-system"))
        }
        "ruff.json" => true,
        _ => false,
    }
}

/// How a message names the place: `` `edition` `` or `` `bin[2]` ``.
fn subject(semantics: &Semantics<'_>, place: Place<'_, '_>) -> String {
    match place {
        Place::Node(id, _) if id == Semantics::ROOT => "the file".to_owned(),
        Place::Node(id, _) => {
            let name = semantics.name(id);
            if name.is_empty() {
                "this element".to_owned()
            } else {
                format!("`{name}`")
            }
        }
        Place::Item(_) => "this element".to_owned(),
    }
}

fn table_words(semantics: &Semantics<'_>, place: Place<'_, '_>) -> String {
    match place {
        Place::Node(id, _) if id == Semantics::ROOT => "at the top level".to_owned(),
        Place::Node(id, _) => format!("in `{}`", semantics.path(id)),
        Place::Item(_) => "in this table".to_owned(),
    }
}

fn toml_type(json: &str) -> &'static str {
    match json {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "object" => "a table",
        "array" => "an array",
        _ => "empty",
    }
}

fn or_list(items: &[&str]) -> String {
    match items {
        [] => "something else".to_owned(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A JSON value as TOML would write it, for messages and fixes.
fn toml_literal(value: &Json) -> String {
    match value {
        Json::String(text) => crate::analysis::fixes::string_literal(text),
        Json::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(toml_literal)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Json::Object(object) => format!(
            "{{ {} }}",
            object
                .iter()
                .map(|(key, value)| format!("{} = {}", key_literal(key), toml_literal(value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Json::Null => "\"\"".to_owned(),
        other => other.to_string(),
    }
}

/// "Add `name = value`" under a table's header (or at the top of the
/// file): only for tables that a header opens, where a new line is the
/// obvious place.
fn add_key(
    source: &str,
    semantics: &Semantics<'_>,
    place: Place<'_, '_>,
    name: &str,
    value: &Json,
) -> Option<Fix> {
    let Place::Node(id, _) = place else {
        return None;
    };
    let line = format!("{} = {}", key_literal(name), toml_literal(value));
    let newline = line_ending(source);
    let (at, text) = if id == Semantics::ROOT {
        (0, format!("{line}{newline}"))
    } else {
        let node = semantics.node(id);
        if !matches!(
            node.kind,
            NodeKind::Table(crate::syntax::semantics::TableKind::Header)
        ) {
            return None;
        }
        (
            line_end(source, node.span.end()),
            format!("{newline}{line}"),
        )
    };
    Some(Fix {
        title: format!("Add `{line}`"),
        safe: false,
        edits: vec![Edit {
            span: Span::empty_at(at),
            new_text: text,
        }],
        create: None,
    })
}

/// `deprecated-key` for every key whose schema says `deprecated: true`.
fn deprecated_keys<'t>(
    semantics: &'t Semantics<'t>,
    table: NodeId,
    schemas: &[SchemaAt<'_>],
    profile: Profile,
    path: &mut Vec<&'t str>,
    out: &mut Vec<Diagnostic>,
) {
    for child in semantics.children(table) {
        let name = semantics.name(child);
        let found: Vec<SchemaAt<'_>> = schemas
            .iter()
            .flat_map(|schema| navigate::property(*schema, name))
            .collect();
        if found.is_empty() {
            continue;
        }
        let hand_written =
            profile == Profile::Cargo && lists::deprecated(profile, path, name).is_some();
        if !hand_written && found.iter().any(|schema| navigate::is_deprecated(*schema)) {
            let note = found
                .iter()
                .filter_map(|schema| schema.value.get("description")?.as_str())
                .find(|text| text.len() <= 160 && text.to_lowercase().contains("deprecated"));
            let message = match note {
                Some(note) => format!("`{name}` is deprecated: {note}"),
                None => format!("`{name}` is deprecated"),
            };
            out.push(Diagnostic::new(
                RuleId::DeprecatedKey,
                semantics.node(child).name_span,
                message,
            ));
        }
        path.push(name);
        walk_value(semantics, child, &found, profile, path, out);
        path.pop();
    }
}

fn walk_value<'t>(
    semantics: &'t Semantics<'t>,
    node: NodeId,
    schemas: &[SchemaAt<'_>],
    profile: Profile,
    path: &mut Vec<&'t str>,
    out: &mut Vec<Diagnostic>,
) {
    match semantics.node(node).kind {
        NodeKind::Table(_) => deprecated_keys(semantics, node, schemas, profile, path, out),
        NodeKind::ArrayOfTables | NodeKind::Array(_) => {
            let items: Vec<SchemaAt<'_>> = schemas
                .iter()
                .flat_map(|schema| navigate::items(*schema))
                .collect();
            if items.is_empty() {
                return;
            }
            for element in semantics.children(node) {
                walk_value(semantics, element, &items, profile, path, out);
            }
        }
        NodeKind::Value(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::paths::{CachedFileSystem, VirtualFileSystem};
    use crate::analysis::{Location, RuleId, analyse_file};
    use crate::andon::Andon;
    use crate::config::Settings;
    use std::path::Path;

    /// (rule, level, the text under the span, message) of every schema
    /// finding.
    fn findings(file: &str, source: &str) -> Vec<(RuleId, Andon, String, String)> {
        findings_with(file, source, VirtualFileSystem::new())
    }

    fn findings_with(
        file: &str,
        source: &str,
        fs: VirtualFileSystem,
    ) -> Vec<(RuleId, Andon, String, String)> {
        let fs = CachedFileSystem::new(fs);
        let location = Location {
            file: Path::new(file),
            fs: &fs,
        };
        analyse_file(source, &Settings::default(), location)
            .into_iter()
            .filter(|d| {
                matches!(
                    d.rule,
                    RuleId::Schema | RuleId::UnknownKey | RuleId::DeprecatedKey
                )
            })
            .map(|d| (d.rule, d.andon, d.span.text(source).to_owned(), d.message))
            .collect()
    }

    fn spans(file: &str, source: &str) -> Vec<(RuleId, String)> {
        findings(file, source)
            .into_iter()
            .map(|(rule, _, text, _)| (rule, text))
            .collect()
    }

    #[test]
    fn a_wrong_value_lands_on_the_value() {
        let source = "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = 2021\n";
        let found = findings("/w/Cargo.toml", source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "2021");
        assert_eq!(found[0].1, Andon::Red, "Cargo rejects a wrong type");
        assert_eq!(
            found[0].3,
            "`edition` must be a string or a table, not an integer"
        );
    }

    #[test]
    fn an_unknown_key_lands_on_the_key_with_the_closest_name() {
        let source = "[package]\nname = \"x\"\nversion = \"0.1.0\"\nlicence = \"MIT\"\n";
        let found = findings("/w/Cargo.toml", source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0, found[0].2.as_str()),
            (RuleId::UnknownKey, "licence")
        );
        assert!(
            found[0].3.contains("did you mean `license`?"),
            "{}",
            found[0].3
        );
    }

    #[test]
    fn a_missing_key_lands_on_the_header() {
        let source = "[package]\nversion = \"0.1.0\"\n\n[[bin]]\npath = \"src/main.rs\"\n";
        let found = spans("/w/Cargo.toml", source);
        assert!(
            found.contains(&(RuleId::Schema, "package".to_owned())),
            "{found:?}"
        );
    }

    #[test]
    fn array_elements_inline_tables_and_dotted_keys() {
        // An element of an array of plain values.
        let source = "[package]\nname = \"x\"\nversion = \"0.1.0\"\nkeywords = [\"ok\", 3]\n";
        assert_eq!(
            spans("/w/Cargo.toml", source),
            vec![(RuleId::Schema, "3".to_owned())]
        );
        // A value inside an inline table, chosen as the best form of a
        // dependency.
        let source = "[dependencies]\nserde = { version = \"1\", features = \"derive\" }\n";
        assert_eq!(
            spans("/w/Cargo.toml", source),
            vec![(RuleId::Schema, "\"derive\"".to_owned())]
        );
        // A dotted key.
        let source = "package.name = \"x\"\npackage.version = \"0.1.0\"\npackage.edition = true\n";
        assert_eq!(
            spans("/w/Cargo.toml", source),
            vec![(RuleId::Schema, "true".to_owned())]
        );
        // A key of an element of an array of tables.
        let source = "[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\ntest = \"yes\"\n";
        assert_eq!(
            spans("/w/Cargo.toml", source),
            vec![(RuleId::Schema, "\"yes\"".to_owned())]
        );
    }

    #[test]
    fn a_syntax_error_elsewhere_does_not_stop_validation() {
        let source = "[package]\nname = \"x\"\nversion = \nedition = 2021\n";
        assert_eq!(
            spans("/w/Cargo.toml", source),
            vec![(RuleId::Schema, "2021".to_owned())]
        );
    }

    #[test]
    fn deprecated_keys_from_the_schema_and_no_finding_twice() {
        // `[project]` is marked deprecated by the schema and is also a
        // Cargo old spelling: one finding, from the rule that can rename it.
        let source = "[project]\nname = \"x\"\nversion = \"0.1.0\"\n";
        let found = spans("/w/Cargo.toml", source);
        assert_eq!(found, vec![(RuleId::DeprecatedKey, "project".to_owned())]);
    }

    #[test]
    fn any_of_is_never_reported_as_a_whole() {
        let source = "[dependencies]\nserde = 1\n";
        let found = findings("/w/Cargo.toml", source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .3
                .contains("`serde` must be a string or a table, not an integer"),
            "{}",
            found[0].3
        );
    }

    #[test]
    fn a_directive_to_a_local_schema_and_one_that_is_not_bundled() {
        let mut fs = VirtualFileSystem::new();
        fs.add_file(
            Path::new("/w/app.schema.json"),
            r#"{"type": "object", "properties": {"port": {"type": "integer"}}, "required": ["port"]}"#,
        );
        let source = "#:schema ./app.schema.json\nport = \"80\"\n";
        let found = findings_with("/w/app.toml", source, fs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "\"80\"");
        let source = "#:schema https://example.com/app.json\nport = 80\n";
        let found = findings("/w/app.toml", source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].1, found[0].2.as_str()),
            (Andon::Green, "https://example.com/app.json")
        );
        // A file no schema applies to costs nothing and says nothing.
        assert!(findings("/w/config.toml", "anything = 1\n").is_empty());
    }
}
