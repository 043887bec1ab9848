//! Rule `deprecated-key` for Cargo's old spellings (`dev_dependencies`,
//! `default_features`, `[project]`, …): the tool still reads them but has
//! replaced them, and the rename to the current name is safe. Unknown keys
//! and the deprecations a schema marks are `rules::schema`'s.

use crate::analysis::fixes::key_literal;
use crate::analysis::profiles::Profile;
use crate::analysis::schema;
use crate::analysis::{Diagnostic, Fix, RuleId};
use crate::syntax::semantics::{NodeId, NodeKind, Semantics};

/// `defined_elsewhere(path, name)` says, where it knows, whether the
/// document defines `name` in the table at `path`: asked before
/// `semantics`, so the rule can run over the semantics of a part of the
/// document.
pub fn check(
    semantics: &Semantics<'_>,
    profile: Profile,
    defined_elsewhere: &dyn Fn(&[&str], &str) -> Option<bool>,
    out: &mut Vec<Diagnostic>,
) {
    if profile == Profile::Cargo {
        let mut path = Vec::new();
        let defined = |path: &[&str], table: NodeId, name: &str| {
            defined_elsewhere(path, name).unwrap_or_else(|| semantics.get(table, name).is_some())
        };
        walk(
            semantics,
            Semantics::ROOT,
            profile,
            &defined,
            &mut path,
            out,
        );
    }
}

fn walk<'t>(
    semantics: &'t Semantics<'t>,
    table: NodeId,
    profile: Profile,
    defined: &dyn Fn(&[&str], NodeId, &str) -> bool,
    path: &mut Vec<&'t str>,
    out: &mut Vec<Diagnostic>,
) {
    for child in semantics.children(table) {
        let node = semantics.node(child);
        let name: &str = semantics.name(child);
        if let Some(current) = schema::deprecated(profile, path, name) {
            let mut diagnostic = Diagnostic::new(
                RuleId::DeprecatedKey,
                node.name_span,
                format!("`{name}` is deprecated; use `{current}`"),
            );
            // Renaming next to an existing key of the new name would
            // define it twice.
            if !defined(path, table, current) {
                diagnostic = diagnostic.with_fix(Fix::edit(
                    format!("Rename to `{current}`"),
                    true,
                    node.name_span,
                    key_literal(current),
                ));
            }
            out.push(diagnostic);
        }
        match node.kind {
            NodeKind::Table(_) => {
                path.push(name);
                walk(semantics, child, profile, defined, path, out);
                path.pop();
            }
            NodeKind::ArrayOfTables => {
                path.push(name);
                for element in semantics.children(child) {
                    walk(semantics, element, profile, defined, path, out);
                }
                path.pop();
            }
            NodeKind::Array(_) | NodeKind::Value(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::Location;
    use crate::analysis::paths::{CachedFileSystem, VirtualFileSystem};
    use crate::analysis::{RuleId, analyse_file};
    use crate::config::Settings;
    use std::path::Path;

    fn findings(file: &str, source: &str) -> Vec<(RuleId, String, String)> {
        let fs = CachedFileSystem::new(VirtualFileSystem::new());
        let location = Location {
            file: Path::new(file),
            fs: &fs,
        };
        analyse_file(source, &Settings::default(), location)
            .into_iter()
            .filter(|d| matches!(d.rule, RuleId::UnknownKey | RuleId::DeprecatedKey))
            .map(|d| (d.rule, d.span.text(source).to_owned(), d.message))
            .collect()
    }

    #[test]
    fn cargo_typos_and_old_spellings() {
        let source = "[package]\nname = \"x\"\nedition = \"2021\"\nlicence = \"MIT\"\n\n[dev_dependencies]\nserde = { version = \"1\", default_features = false, feature = [\"derive\"] }\n\n[lib]\ncrate_type = [\"cdylib\"]\n\n[target.'cfg(unix)'.build_dependencies]\ncc = \"1\"\n\n[features]\nanything_goes = []\n[package.metadata.docs.rs]\nwhatever = true\n";
        let found = findings("/w/Cargo.toml", source);
        let summary: Vec<(RuleId, &str)> = found
            .iter()
            .map(|(rule, text, _)| (*rule, text.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (RuleId::UnknownKey, "licence"),
                (RuleId::DeprecatedKey, "dev_dependencies"),
                (RuleId::DeprecatedKey, "default_features"),
                (RuleId::UnknownKey, "feature"),
                (RuleId::DeprecatedKey, "crate_type"),
                (RuleId::DeprecatedKey, "build_dependencies"),
            ]
        );
        assert!(
            found[0].2.contains("did you mean `license`?"),
            "{}",
            found[0].2
        );
        assert_eq!(
            found[1].2,
            "`dev_dependencies` is deprecated; use `dev-dependencies`"
        );
    }

    #[test]
    fn renames_are_offered() {
        use crate::analysis::fixes::apply;
        let fs = CachedFileSystem::new(VirtualFileSystem::new());
        let location = Location {
            file: Path::new("/w/Cargo.toml"),
            fs: &fs,
        };
        let source = "[package]\nname = \"x\"\nlicence = \"MIT\"\n[dev_dependencies]\nx = \"1\"\n[build_dependencies]\n[build-dependencies]\n";
        let findings = analyse_file(source, &Settings::default(), location);
        let fixes: Vec<_> = findings
            .iter()
            .map(|d| {
                (
                    d.rule,
                    d.fixes
                        .first()
                        .map(|f| (f.safe, apply(source, &f.edits).unwrap())),
                )
            })
            .collect();
        assert_eq!(
            fixes[0]
                .1
                .as_ref()
                .map(|(safe, text)| (*safe, text.contains("license = "))),
            Some((false, true))
        );
        assert_eq!(
            fixes[1]
                .1
                .as_ref()
                .map(|(safe, text)| (*safe, text.contains("[dev-dependencies]"))),
            Some((true, true))
        );
        // Each rename clears its finding and leaves the rest as it was.
        for (rule, fix) in &fixes {
            if let Some((_, fixed)) = fix {
                let left = analyse_file(fixed, &Settings::default(), location);
                let before = findings.iter().filter(|d| d.rule == *rule).count();
                assert_eq!(
                    left.iter().filter(|d| d.rule == *rule).count(),
                    before - 1,
                    "{fixed:?}"
                );
                assert!(!left.iter().any(|d| d.rule == RuleId::Syntax));
            }
        }
        // `build-dependencies` exists already: no rename.
        assert_eq!(fixes[2], (RuleId::DeprecatedKey, None));
    }

    #[test]
    fn python_projects_and_other_files() {
        let source = "[project]\nname = \"x\"\nreadme = \"README.md\"\ndependancies = []\n[tool.anything]\nx = 1\n";
        let found = findings("/p/pyproject.toml", source);
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("did you mean `dependencies`?"));
        assert_eq!(
            findings("/p/other.toml", "whatever = 1\n[project]\nfoo = 2\n"),
            vec![]
        );
    }
}
