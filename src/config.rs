//! Settings: what a user can change about the analysis, and how layers of
//! settings merge (built-in defaults < user file < project `andon.toml` <
//! editor settings and command-line flags). A leaf: every layer may use it,
//! it uses none.

use std::collections::BTreeMap;

use crate::andon::{Andon, Level};

/// Which TOML specification documents are read under.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TomlVersion {
    /// TOML 1.0.0: no newlines or trailing commas in inline tables, no
    /// `\x`/`\e` escapes, seconds required in times.
    V1_0,
    /// TOML 1.1.0, the current specification.
    #[default]
    V1_1,
}

impl TomlVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            TomlVersion::V1_0 => "1.0",
            TomlVersion::V1_1 => "1.1",
        }
    }
}

impl std::str::FromStr for TomlVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "1.0" | "1.0.0" => Ok(TomlVersion::V1_0),
            "1.1" | "1.1.0" => Ok(TomlVersion::V1_1),
            other => Err(format!(
                "`{other}` is not a TOML version; use \"1.0\" or \"1.1\""
            )),
        }
    }
}

/// The settings one analysis runs with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Rule levels that differ from the rules' defaults, by rule id.
    pub rules: BTreeMap<String, Level>,
    pub toml_version: TomlVersion,
}

impl Settings {
    /// The level a rule runs at: the configured one, else its default.
    pub fn level(&self, rule_id: &str, default: Andon) -> Level {
        self.rules
            .get(rule_id)
            .copied()
            .unwrap_or(Level::On(default))
    }
}
