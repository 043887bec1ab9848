//! The bundled schemas against data others wrote: SchemaStore's own test
//! documents (the positive ones must give no violation, the negative ones
//! at least one), each checked at a path its catalog entry's `fileMatch`
//! matches, so association is tested too; and the real corpus, where every
//! file the catalog matches must get the verdict an independent validator
//! gave (`tests/fixtures/schema-verdicts.json`, made by
//! `scripts/schema-verdicts.py`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use andon::analysis::paths::{CachedFileSystem, VirtualFileSystem};
use andon::analysis::schema::bundle;
use andon::analysis::{Diagnostic, Location, RuleId, analyse_file};
use andon::config::Settings;

fn store() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/schemastore")
}

/// A path the first `fileMatch` pattern of the catalog entry for
/// `schema` matches: `**/abtop/config.toml` as `/w/abtop/config.toml`,
/// `pants*.toml` as `/w/pantsx.toml`.
fn path_for(schema: &str) -> Option<PathBuf> {
    let entry = bundle::catalog()
        .iter()
        .find(|entry| bundle::documents()[entry.document].name == schema)?;
    let pattern = entry.file_match[0];
    let concrete = pattern.replace("**/", "").replace('*', "x");
    Some(Path::new("/w").join(concrete))
}

/// The findings that say a document breaks its schema.
fn violations(file: &Path, source: &str) -> Vec<Diagnostic> {
    let fs = CachedFileSystem::new(VirtualFileSystem::new());
    let location = Location { file, fs: &fs };
    let settings = Settings {
        paths: andon::config::PathSettings {
            enabled: false,
            ..Default::default()
        },
        ..Settings::default()
    };
    analyse_file(source, &settings, location)
        .into_iter()
        .filter(|finding| matches!(finding.rule, RuleId::Schema | RuleId::UnknownKey))
        .collect()
}

fn documents(folder: &str) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for schema in std::fs::read_dir(store().join(folder)).expect("test folder") {
        let schema = schema.expect("entry").path();
        let name = schema.file_name().unwrap().to_string_lossy().into_owned();
        for document in std::fs::read_dir(&schema).expect("schema folder") {
            out.push((format!("{name}.json"), document.expect("entry").path()));
        }
    }
    out.sort();
    out
}

#[test]
fn schemastore_positive_documents_validate_and_negative_ones_do_not() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (folder, must_validate) in [("tests", true), ("negative_tests", false)] {
        for (schema, document) in documents(folder) {
            let Some(file) = path_for(&schema) else {
                failures.push(format!(
                    "{}: no catalog entry for {schema}",
                    document.display()
                ));
                continue;
            };
            // SchemaStore's documents name their schema in a directive; without
            // it the catalog's `fileMatch` must find it.
            let source: String = std::fs::read_to_string(&document)
                .expect("UTF-8 test document")
                .split_inclusive('\n')
                .filter(|line| !line.trim_start().starts_with("#:schema"))
                .collect();
            let found = violations(&file, &source);
            checked += 1;
            if must_validate && !found.is_empty() {
                let messages: Vec<String> = found
                    .iter()
                    .map(|finding| format!("{}: {}", finding.rule.id(), finding.message))
                    .collect();
                failures.push(format!(
                    "{} (as {}): {messages:?}",
                    document.display(),
                    file.display()
                ));
            } else if !must_validate && found.is_empty() {
                failures.push(format!(
                    "{} (as {}): no violation found",
                    document.display(),
                    file.display()
                ));
            }
        }
    }
    assert!(checked >= 150, "only {checked} documents");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Files where Andon and the reference validator disagree, and why.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

#[test]
fn real_corpus_verdicts_equal_the_reference_validator() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-verdicts.json"),
    )
    .expect("reference verdicts");
    let reference: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let verdicts = reference["verdicts"].as_object().expect("verdicts");
    assert!(verdicts.len() > 500, "{}", verdicts.len());
    let corpus = common::shared_dir().join("corpus/real");
    let known: BTreeMap<&str, &str> = KNOWN_DISAGREEMENTS.iter().copied().collect();
    let mut disagreements = Vec::new();
    for (file, verdict) in verdicts {
        let (repository, relative) = file.split_once('/').expect("REPO/path");
        let source = std::fs::read_to_string(corpus.join(repository).join("files").join(relative))
            .expect("corpus file");
        let at = Path::new("/r").join(relative);
        let found = violations(&at, &source);
        let valid = found.is_empty();
        let expected = verdict["valid"].as_bool().expect("valid");
        if valid != expected && !known.contains_key(file.as_str()) {
            disagreements.push(format!(
                "{file}: andon {}, reference {} ({:?}); andon: {:?}",
                if valid { "valid" } else { "invalid" },
                if expected { "valid" } else { "invalid" },
                verdict["errors"],
                found
                    .iter()
                    .map(|finding| &finding.message)
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
