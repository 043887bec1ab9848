//! Editor settings: what the client sends in `initializationOptions`,
//! `workspace/configuration` (section `andon`) and
//! `workspace/didChangeConfiguration`, and how they combine with the
//! settings a document gets from its project.
//!
//! Shape: `{ "rules": { "duplicate-key": "yellow" }, "tomlVersion": "1.0" }`.
//! Reading is lenient on purpose: a bad entry is logged and skipped, the
//! rest still applies, so a typo in an editor's settings never silences the
//! server. Editor settings win over the project's (design §3), so they are
//! applied last, over [`base_settings_for`].
//!
//! Test hooks (`"testing": { "panicOnDocumentSymbol": true }`) are read
//! only when the process runs with `ANDON_LSP_TEST_HOOKS=1`, so no editor
//! setting can make a real session misbehave.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::analysis::RuleId;
use crate::andon::Level;
use crate::config::{Settings, TomlVersion};

/// The environment variable that enables [`TestHooks`].
pub const TEST_HOOKS_ENV: &str = "ANDON_LSP_TEST_HOOKS";

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
        if std::env::var_os(TEST_HOOKS_ENV).is_some_and(|v| v == "1") {
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

/// The settings a document at `path` gets before the editor's: those of
/// the nearest `andon.toml`. The loader lives in `config` on another
/// branch; until it is merged this is the built-in defaults, and this
/// function is the one place to wire it.
pub fn base_settings_for(_path: Option<&Path>) -> Settings {
    Settings::default()
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
        let merged = settings.apply_over(base_settings_for(None));
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
}
