//! Editor settings: what the client sends in `initializationOptions`,
//! `workspace/configuration` (section `andon`) and
//! `workspace/didChangeConfiguration`, and how they combine with the
//! settings a document gets from its project.
//!
//! Shape: `{ "rules": { "duplicate-key": "yellow" }, "tomlVersion": "1.0" }`.
//! Reading is lenient on purpose: a bad entry is logged and skipped, the
//! rest still applies, so a typo in an editor's settings never silences the
//! server. Editor settings win over the project's (design §3), so they are
//! applied last, over [`ProjectSettings::base_settings_for`].
//!
//! Test hooks (`"testing": { "panicOnDocumentSymbol": true }`, and the
//! `andon/test/parseCounts` request) exist only when the process runs with
//! `ANDON_LSP_TEST_HOOKS=1`, so no editor setting can make a real session
//! misbehave.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::analysis::RuleId;
use crate::andon::Level;
use crate::config::{self, FileSettings, Settings, TomlVersion};

/// The environment variable that enables [`TestHooks`].
pub const TEST_HOOKS_ENV: &str = "ANDON_LSP_TEST_HOOKS";

/// Whether this process may act on test hooks.
pub fn test_hooks_enabled() -> bool {
    std::env::var_os(TEST_HOOKS_ENV).is_some_and(|value| value == "1")
}

/// What the editor says, before it is merged over a document's base.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientSettings {
    pub rules: BTreeMap<String, Level>,
    pub toml_version: Option<TomlVersion>,
    pub test_hooks: TestHooks,
}

/// Faults the end-to-end tests inject to prove the server survives them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TestHooks {
    /// Panic inside the document-symbol work (on the blocking pool).
    pub panic_on_document_symbol: bool,
    /// Panic in the folding-range handler's own body, before any work is
    /// handed off: proves the transport's last line of defence.
    pub panic_on_folding_range: bool,
}

impl ClientSettings {
    /// Reads settings from a JSON value. Accepts both the bare shape and
    /// one wrapped in `{ "andon": ... }`, which is what clients that push
    /// their whole configuration in `didChangeConfiguration` send. Returns
    /// the settings and one message per ignored entry.
    pub fn from_json(value: &Value) -> (ClientSettings, Vec<String>) {
        let value = value.get("andon").unwrap_or(value);
        let mut settings = ClientSettings::default();
        let mut problems = Vec::new();
        if value.is_null() {
            return (settings, problems);
        }
        let Some(object) = value.as_object() else {
            problems.push(format!("settings must be an object, got {value}"));
            return (settings, problems);
        };
        match object.get("rules") {
            None | Some(Value::Null) => {}
            Some(Value::Object(rules)) => {
                for (rule, level) in rules {
                    if RuleId::from_id(rule).is_none() {
                        problems.push(format!("rules.{rule}: no such rule"));
                        continue;
                    }
                    match level.as_str().map(str::parse::<Level>) {
                        Some(Ok(level)) => {
                            settings.rules.insert(rule.clone(), level);
                        }
                        Some(Err(message)) => problems.push(format!("rules.{rule}: {message}")),
                        None => problems.push(format!("rules.{rule}: expected a string")),
                    }
                }
            }
            Some(other) => problems.push(format!("rules: expected an object, got {other}")),
        }
        match object.get("tomlVersion") {
            None | Some(Value::Null) => {}
            Some(Value::String(version)) => match version.parse() {
                Ok(version) => settings.toml_version = Some(version),
                Err(message) => problems.push(format!("tomlVersion: {message}")),
            },
            Some(other) => problems.push(format!("tomlVersion: expected a string, got {other}")),
        }
        if test_hooks_enabled() {
            let hook = |name: &str| {
                object
                    .get("testing")
                    .and_then(|testing| testing.get(name))
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            };
            settings.test_hooks = TestHooks {
                panic_on_document_symbol: hook("panicOnDocumentSymbol"),
                panic_on_folding_range: hook("panicOnFoldingRange"),
            };
        }
        (settings, problems)
    }

    /// The settings one document is analysed with: its base, with the
    /// editor's choices on top.
    pub fn apply_over(&self, mut base: Settings) -> Settings {
        for (rule, level) in &self.rules {
            base.rules.insert(rule.clone(), *level);
        }
        if let Some(version) = self.toml_version {
            base.toml_version = version;
        }
        base
    }
}

/// The editor's settings from both sources. `workspace/configuration`
/// (or a pushed `didChangeConfiguration`) refines `initializationOptions`
/// rule by rule; test hooks come only from `initializationOptions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditorSettings {
    pub initialization: ClientSettings,
    pub workspace: ClientSettings,
}

impl EditorSettings {
    pub fn effective(&self) -> ClientSettings {
        let mut rules = self.initialization.rules.clone();
        rules.extend(self.workspace.rules.iter().map(|(k, v)| (k.clone(), *v)));
        ClientSettings {
            rules,
            toml_version: self
                .workspace
                .toml_version
                .or(self.initialization.toml_version),
            test_hooks: self.initialization.test_hooks,
        }
    }
}

/// The settings documents get before the editor's: built-in defaults <
/// the user file < the nearest `andon.toml` up from the document, merged
/// exactly as `andon check` merges them (`crate::config` does the
/// reading and merging for both).
///
/// Cached per directory, so a keystroke never touches the disk for
/// settings: the first document of a directory pays one walk up the tree,
/// every later analysis is a map lookup. [`ProjectSettings::clear`] forgets
/// everything; the server calls it when an `andon.toml` is saved or a
/// watcher reports one changed, appeared or vanished.
#[derive(Debug, Default)]
pub struct ProjectSettings {
    /// The user file over defaults, read on first use.
    user: Option<FileSettings>,
    by_dir: HashMap<PathBuf, Settings>,
}

impl ProjectSettings {
    /// The base settings for a document at `path`; documents without a
    /// path (unsaved buffers) get the user file over defaults.
    pub fn base_settings_for(&mut self, path: Option<&Path>) -> Settings {
        let Some(dir) = path.and_then(Path::parent) else {
            return self.user().analysis_settings();
        };
        if let Some(settings) = self.by_dir.get(dir) {
            return settings.clone();
        }
        let known_rules = known_rules();
        let user = self.user().clone();
        let layered = match config::find_project_settings(dir) {
            Some(file) => config::read_settings_file(&file, &known_rules)
                .0
                .merged_over(&user),
            None => user,
        };
        let settings = layered.analysis_settings();
        self.by_dir.insert(dir.to_path_buf(), settings.clone());
        settings
    }

    /// Forgets every settings file read, including the user file.
    pub fn clear(&mut self) {
        self.user = None;
        self.by_dir.clear();
    }

    fn user(&mut self) -> &FileSettings {
        self.user
            .get_or_insert_with(|| config::user_settings(&known_rules()))
    }
}

fn known_rules() -> Vec<&'static str> {
    RuleId::ALL.iter().map(|rule| rule.id()).collect()
}

/// Whether `path` names a settings file, whose change must reach every
/// open document.
pub fn is_settings_file(path: &Path) -> bool {
    path.file_name() == Some(std::ffi::OsStr::new(config::SETTINGS_FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::andon::Andon;
    use serde_json::json;

    #[test]
    fn reads_the_documented_shape_and_skips_bad_entries() {
        let (settings, problems) = ClientSettings::from_json(&json!({
            "andon": {
                "rules": { "duplicate-key": "yellow", "syntax": "orange", "syntax-x": "red", "unreadable": 3 },
                "tomlVersion": "1.0",
                "testing": { "panicOnDocumentSymbol": true }
            }
        }));
        assert_eq!(
            settings.rules,
            BTreeMap::from([("duplicate-key".into(), Level::On(Andon::Yellow))])
        );
        assert_eq!(settings.toml_version, Some(TomlVersion::V1_0));
        assert_eq!(problems.len(), 3, "{problems:?}");
        let merged = settings.apply_over(Settings::default());
        assert_eq!(
            merged.level("duplicate-key", Andon::Red),
            Level::On(Andon::Yellow)
        );
        assert_eq!(merged.toml_version, TomlVersion::V1_0);
    }

    #[test]
    fn null_and_garbage_are_defaults() {
        assert_eq!(
            ClientSettings::from_json(&Value::Null).0,
            ClientSettings::default()
        );
        let (settings, problems) = ClientSettings::from_json(&json!([1, 2]));
        assert_eq!(settings, ClientSettings::default());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn the_nearest_andon_toml_applies_and_is_cached_until_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(
            root.join("andon.toml"),
            "[rules]\npath-missing = \"yellow\"\n",
        )
        .unwrap();
        let mut project = ProjectSettings::default();
        let document = root.join("a/b/Cargo.toml");
        let level = |settings: &Settings| settings.level("path-missing", Andon::Red);
        assert_eq!(
            level(&project.base_settings_for(Some(&document))),
            Level::On(Andon::Yellow)
        );
        // Cached: a changed file is not read again until cleared.
        std::fs::write(root.join("andon.toml"), "[rules]\npath-missing = \"off\"\n").unwrap();
        assert_eq!(
            level(&project.base_settings_for(Some(&document))),
            Level::On(Andon::Yellow)
        );
        project.clear();
        assert_eq!(
            level(&project.base_settings_for(Some(&document))),
            Level::Off
        );
        assert!(is_settings_file(&root.join("andon.toml")));
        assert!(!is_settings_file(&root.join("Cargo.toml")));
    }
}
