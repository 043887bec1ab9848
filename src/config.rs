//! Settings: what a user can change about the analysis, where that is
//! written (`andon.toml`), and how layers of settings merge (built-in
//! defaults < user file < project `andon.toml` < editor settings and
//! command-line flags).
//!
//! A leaf: every layer may use it, it uses none (only the severity model in
//! [`crate::andon`]). That is why it reads `andon.toml` with `toml_edit`
//! rather than the syntax layer, and why it takes the list of known rule
//! ids as an argument instead of asking the rule registry.
//!
//! Invariant: reading a settings file never fails. Every unknown key, wrong
//! type or unusable value becomes a [`SettingsProblem`] with a byte span in
//! that file, and the rest of the file still applies. Front ends turn
//! problems into findings of the rule `settings`.
//!
//! Not here: which files a run checks, and caching discovery for many files
//! (that is the checker's business, `crate::check::settings`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{Item, Key, TableLike, Value};

use crate::andon::{Andon, Level};

/// The name of a project settings file.
pub const SETTINGS_FILE_NAME: &str = "andon.toml";

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
    pub paths: PathSettings,
}

/// `[paths]`: whether referenced paths are checked, and extra path-valued
/// keys for files no profile knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSettings {
    pub enabled: bool,
    pub keys: Vec<PathKeys>,
}

impl Default for PathSettings {
    fn default() -> Self {
        PathSettings {
            enabled: true,
            keys: Vec::new(),
        }
    }
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

/// The stopping rule of a check run: the lowest Andon level that fails it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FailOn {
    #[default]
    Red,
    Yellow,
    Green,
    Never,
}

impl FailOn {
    /// Whether a finding of this colour stops the line.
    pub fn stops(self, andon: Andon) -> bool {
        match self {
            FailOn::Red => andon >= Andon::Red,
            FailOn::Yellow => andon >= Andon::Yellow,
            FailOn::Green => true,
            FailOn::Never => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Red => "red",
            FailOn::Yellow => "yellow",
            FailOn::Green => "green",
            FailOn::Never => "never",
        }
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "red" => Ok(FailOn::Red),
            "yellow" => Ok(FailOn::Yellow),
            "green" => Ok(FailOn::Green),
            "never" => Ok(FailOn::Never),
            other => Err(format!(
                "`{other}` is not a stopping rule; use `red`, `yellow`, `green` or `never`"
            )),
        }
    }
}

/// What kind of file system entry a configured path key must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathKind {
    File,
    Dir,
    Any,
    Glob,
}

/// One `[[paths.keys]]` entry: in files matching `files`, the keys matching
/// `keys` (dotted, `*` for any one key) hold paths of `kind`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathKeys {
    pub files: Vec<String>,
    pub keys: Vec<String>,
    pub kind: PathKind,
    /// The folder of the settings file that declared the entry: `files`
    /// globs are relative to it. `None` matches `files` against any
    /// trailing part of a document's path.
    pub base: Option<PathBuf>,
}

/// The contents of one settings file. Every field is optional so layers
/// merge key by key: a field a file does not set falls through to the
/// layer below.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub rules: BTreeMap<String, Level>,
    pub toml_version: Option<TomlVersion>,
    pub fail_on: Option<FailOn>,
    pub exclude: Option<Vec<String>>,
    pub paths_enabled: Option<bool>,
    pub path_keys: Option<Vec<PathKeys>>,
}

impl FileSettings {
    /// `self` over `lower`: what `self` sets wins, rule by rule.
    pub fn merged_over(&self, lower: &FileSettings) -> FileSettings {
        let mut rules = lower.rules.clone();
        rules.extend(self.rules.iter().map(|(id, level)| (id.clone(), *level)));
        FileSettings {
            rules,
            toml_version: self.toml_version.or(lower.toml_version),
            fail_on: self.fail_on.or(lower.fail_on),
            exclude: self.exclude.clone().or_else(|| lower.exclude.clone()),
            paths_enabled: self.paths_enabled.or(lower.paths_enabled),
            path_keys: self.path_keys.clone().or_else(|| lower.path_keys.clone()),
        }
    }

    /// The analysis settings these file settings describe.
    pub fn analysis_settings(&self) -> Settings {
        Settings {
            rules: self.rules.clone(),
            toml_version: self.toml_version.unwrap_or_default(),
            paths: PathSettings {
                enabled: self.paths_enabled.unwrap_or(true),
                keys: self.path_keys.clone().unwrap_or_default(),
            },
        }
    }
}

/// Something wrong in a settings file, at a byte span of that file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsProblem {
    pub message: String,
    pub span: Range<usize>,
    /// Red when a value cannot be used (it is ignored), yellow for a key
    /// Andon does not know (probably a typo).
    pub andon: Andon,
}

/// Reads the text of a settings file. `known_rules` are the rule ids a
/// `[rules]` table may name.
/// Like [`parse_settings`], for a settings file in `dir`: its
/// `[[paths.keys]]` globs are relative to that folder.
pub fn parse_settings_in(
    text: &str,
    known_rules: &[&str],
    dir: Option<&Path>,
) -> (FileSettings, Vec<SettingsProblem>) {
    let (mut settings, problems) = parse_settings(text, known_rules);
    if let Some(keys) = settings.path_keys.as_mut() {
        for entry in keys {
            entry.base = dir.map(Path::to_path_buf);
        }
    }
    (settings, problems)
}

pub fn parse_settings(text: &str, known_rules: &[&str]) -> (FileSettings, Vec<SettingsProblem>) {
    let mut reader = Reader {
        problems: Vec::new(),
        known_rules,
    };
    let settings = match toml_edit::Document::parse(text) {
        Ok(document) => reader.document(document.as_table()),
        Err(error) => {
            reader.problems.push(SettingsProblem {
                message: "the settings file is not valid TOML, so none of its settings apply"
                    .to_owned(),
                span: error.span().unwrap_or(0..0),
                andon: Andon::Red,
            });
            FileSettings::default()
        }
    };
    (settings, reader.problems)
}

/// Reads the settings file at `path` (its `[[paths.keys]]` globs relative
/// to its folder). A file that cannot be read is an empty layer with no
/// problems: whoever checks that file reports why it is unreadable.
pub fn read_settings_file(
    path: &Path,
    known_rules: &[&str],
) -> (FileSettings, Vec<SettingsProblem>) {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_settings_in(&text, known_rules, path.parent()),
        Err(_) => (FileSettings::default(), Vec::new()),
    }
}

/// The user's settings file over the defaults, or the defaults when there
/// is none: the layer every project `andon.toml` is merged over.
pub fn user_settings(known_rules: &[&str]) -> FileSettings {
    user_settings_path()
        .filter(|path| path.is_file())
        .map(|path| read_settings_file(&path, known_rules).0)
        .unwrap_or_default()
}

/// Finds the project settings file that governs files in `dir`: the
/// nearest `andon.toml` in `dir` or one of its ancestors.
pub fn find_project_settings(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|ancestor| ancestor.join(SETTINGS_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Where the user's own settings file lives:
/// `$XDG_CONFIG_HOME/andon/andon.toml`, else `~/.config/andon/andon.toml`.
/// It need not exist.
pub fn user_settings_path() -> Option<PathBuf> {
    // The XDG specification says a relative value is invalid and must be
    // ignored, so fall back as if it were unset.
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
                .map(|home| home.join(".config"))
        })?;
    Some(config_home.join("andon").join(SETTINGS_FILE_NAME))
}

struct Reader<'r> {
    problems: Vec<SettingsProblem>,
    known_rules: &'r [&'r str],
}

impl Reader<'_> {
    fn document(&mut self, root: &toml_edit::Table) -> FileSettings {
        let mut settings = FileSettings::default();
        for (name, item) in root.iter() {
            let key_span = key_span(root, name);
            match name {
                "rules" => {
                    if let Some(table) = self.table(item, "rules") {
                        self.rules(table, &mut settings);
                    }
                }
                "check" => {
                    if let Some(table) = self.table(item, "check") {
                        self.check(table, &mut settings);
                    }
                }
                "syntax" => {
                    if let Some(table) = self.table(item, "syntax") {
                        self.syntax(table, &mut settings);
                    }
                }
                "paths" => {
                    if let Some(table) = self.table(item, "paths") {
                        self.paths(table, &mut settings);
                    }
                }
                other => {
                    self.unknown_key(key_span, other, "", &["rules", "check", "syntax", "paths"])
                }
            }
        }
        settings
    }

    fn rules(&mut self, table: &dyn TableLike, settings: &mut FileSettings) {
        for (rule, item) in table.iter() {
            let span = key_span(table, rule);
            if !self.known_rules.contains(&rule) {
                let message = match closest(rule, self.known_rules) {
                    Some(known) => {
                        format!("unknown rule `{rule}` (did you mean `{known}`?); it is ignored")
                    }
                    None => format!("unknown rule `{rule}`; `andon rules` lists them"),
                };
                self.yellow(span, message);
                continue;
            }
            let Some(text) = self.string(item, &format!("rules.{rule}")) else {
                continue;
            };
            match text.parse::<Level>() {
                Ok(level) => {
                    settings.rules.insert(rule.to_owned(), level);
                }
                Err(message) => self.red(value_span(item), message),
            }
        }
    }

    fn check(&mut self, table: &dyn TableLike, settings: &mut FileSettings) {
        for (name, item) in table.iter() {
            match name {
                "fail-on" => {
                    if let Some(text) = self.string(item, "check.fail-on") {
                        match text.parse::<FailOn>() {
                            Ok(fail_on) => settings.fail_on = Some(fail_on),
                            Err(message) => self.red(value_span(item), message),
                        }
                    }
                }
                "exclude" => {
                    if let Some(patterns) = self.globs(item, "check.exclude") {
                        settings.exclude = Some(patterns);
                    }
                }
                other => self.unknown_key(
                    key_span(table, name),
                    other,
                    "check.",
                    &["fail-on", "exclude"],
                ),
            }
        }
    }

    fn syntax(&mut self, table: &dyn TableLike, settings: &mut FileSettings) {
        for (name, item) in table.iter() {
            match name {
                "toml-version" => {
                    if let Some(text) = self.string(item, "syntax.toml-version") {
                        match text.parse::<TomlVersion>() {
                            Ok(version) => settings.toml_version = Some(version),
                            Err(message) => self.red(value_span(item), message),
                        }
                    }
                }
                other => {
                    self.unknown_key(key_span(table, name), other, "syntax.", &["toml-version"])
                }
            }
        }
    }

    fn paths(&mut self, table: &dyn TableLike, settings: &mut FileSettings) {
        for (name, item) in table.iter() {
            match name {
                "enabled" => match item.as_value().and_then(Value::as_bool) {
                    Some(enabled) => settings.paths_enabled = Some(enabled),
                    None => self.wrong_type(item, "paths.enabled", "a boolean"),
                },
                "keys" => {
                    if let Some(keys) = self.path_keys(item) {
                        settings.path_keys = Some(keys);
                    }
                }
                other => {
                    self.unknown_key(key_span(table, name), other, "paths.", &["enabled", "keys"])
                }
            }
        }
    }

    fn path_keys(&mut self, item: &Item) -> Option<Vec<PathKeys>> {
        let tables: Vec<&dyn TableLike> = match item {
            Item::ArrayOfTables(array) => array.iter().map(|t| t as &dyn TableLike).collect(),
            Item::Value(Value::Array(array)) => {
                let mut tables = Vec::new();
                for value in array.iter() {
                    match value.as_inline_table() {
                        Some(table) => tables.push(table as &dyn TableLike),
                        None => {
                            self.red(
                                value.span().unwrap_or(0..0),
                                "each entry of `paths.keys` must be a table with `files`, `keys` and `kind`"
                                    .to_owned(),
                            );
                        }
                    }
                }
                tables
            }
            _ => {
                self.wrong_type(item, "paths.keys", "an array of tables (`[[paths.keys]]`)");
                return None;
            }
        };
        let mut out = Vec::new();
        for table in tables {
            let mut files = None;
            let mut keys = None;
            let mut kind = None;
            for (name, value) in table.iter() {
                match name {
                    "files" => files = self.globs(value, "paths.keys.files"),
                    "keys" => keys = self.strings(value, "paths.keys.keys"),
                    "kind" => {
                        if let Some(text) = self.string(value, "paths.keys.kind") {
                            kind = match text {
                                "file" => Some(PathKind::File),
                                "dir" => Some(PathKind::Dir),
                                "any" => Some(PathKind::Any),
                                "glob" => Some(PathKind::Glob),
                                other => {
                                    self.red(
                                        value_span(value),
                                        format!(
                                            "`{other}` is not a path kind; use `file`, `dir`, `any` or `glob`"
                                        ),
                                    );
                                    None
                                }
                            };
                        }
                    }
                    other => self.unknown_key(
                        key_span(table, name),
                        other,
                        "paths.keys.",
                        &["files", "keys", "kind"],
                    ),
                }
            }
            // An entry without files or keys cannot apply to anything; it
            // is reported where the entry starts and left out.
            match (files, keys) {
                (Some(files), Some(keys)) => out.push(PathKeys {
                    files,
                    keys,
                    kind: kind.unwrap_or(PathKind::Any),
                    base: None,
                }),
                _ => self.red(
                    first_key_span(table),
                    "a `[[paths.keys]]` entry needs both `files` and `keys`; it is ignored"
                        .to_owned(),
                ),
            }
        }
        Some(out)
    }

    /// A table (header or inline) at `path`, or a wrong-type problem.
    fn table<'i>(&mut self, item: &'i Item, path: &str) -> Option<&'i dyn TableLike> {
        let table = item.as_table_like();
        if table.is_none() {
            self.wrong_type(item, path, "a table");
        }
        table
    }

    fn string<'i>(&mut self, item: &'i Item, path: &str) -> Option<&'i str> {
        let text = item.as_value().and_then(Value::as_str);
        if text.is_none() {
            self.wrong_type(item, path, "a string");
        }
        text
    }

    fn strings(&mut self, item: &Item, path: &str) -> Option<Vec<String>> {
        let Some(array) = item.as_value().and_then(Value::as_array) else {
            self.wrong_type(item, path, "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for value in array.iter() {
            match value.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => self.red(
                    value.span().unwrap_or(0..0),
                    format!("`{path}` must hold only strings; this entry is ignored"),
                ),
            }
        }
        Some(out)
    }

    /// An array of glob patterns; a pattern that does not compile is
    /// reported and left out.
    fn globs(&mut self, item: &Item, path: &str) -> Option<Vec<String>> {
        let array = item.as_value().and_then(Value::as_array);
        let mut patterns = self.strings(item, path)?;
        let spans: Vec<Range<usize>> = array
            .into_iter()
            .flat_map(|array| array.iter())
            .filter(|value| value.is_str())
            .map(|value| value.span().unwrap_or(0..0))
            .collect();
        let mut keep = Vec::new();
        for (pattern, span) in patterns.drain(..).zip(spans) {
            match globset::Glob::new(&pattern) {
                Ok(_) => keep.push(pattern),
                Err(error) => self.red(
                    span,
                    format!("`{pattern}` is not a valid glob: {}", error.kind()),
                ),
            }
        }
        Some(keep)
    }

    fn wrong_type(&mut self, item: &Item, path: &str, expected: &str) {
        self.red(
            value_span(item),
            format!(
                "`{path}` must be {expected}, not {}; it is ignored",
                type_name(item)
            ),
        );
    }

    fn unknown_key(&mut self, span: Range<usize>, name: &str, prefix: &str, known: &[&str]) {
        let message = match closest(name, known) {
            Some(known) => {
                format!("unknown setting `{prefix}{name}` (did you mean `{prefix}{known}`?)")
            }
            None => format!(
                "unknown setting `{prefix}{name}`; known here: {}",
                known
                    .iter()
                    .map(|k| format!("`{prefix}{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.yellow(span, message);
    }

    fn red(&mut self, span: Range<usize>, message: String) {
        self.problems.push(SettingsProblem {
            message,
            span,
            andon: Andon::Red,
        });
    }

    fn yellow(&mut self, span: Range<usize>, message: String) {
        self.problems.push(SettingsProblem {
            message,
            span,
            andon: Andon::Yellow,
        });
    }
}

fn key_span(table: &dyn TableLike, name: &str) -> Range<usize> {
    table
        .get_key_value(name)
        .and_then(|(key, _): (&Key, &Item)| key.span())
        .unwrap_or(0..0)
}

fn first_key_span(table: &dyn TableLike) -> Range<usize> {
    table
        .iter()
        .next()
        .map(|(name, _)| key_span(table, name))
        .unwrap_or(0..0)
}

fn value_span(item: &Item) -> Range<usize> {
    item.span().unwrap_or(0..0)
}

fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(value) => match value {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::InlineTable(_) => "a table",
        },
    }
}

/// The known name closest to `name` by edit distance, if it is close
/// enough to be a plausible typo. Used for every "did you mean" Andon
/// prints, in settings and in the files it checks.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate)
}

/// Edits (insert, delete, substitute, swap two neighbours) from `a` to
/// `b`: a swapped pair such as `utli` for `util` is one typo, not two.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            table[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let substitution =
                    table[(i - 1) * width + j - 1] + usize::from(a[i - 1] != b[j - 1]);
                let mut best = substitution
                    .min(table[(i - 1) * width + j] + 1)
                    .min(table[i * width + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["syntax", "duplicate-key", "unreadable", "settings"];

    #[test]
    fn a_full_file_reads_without_problems() {
        let text = r#"
[rules]
duplicate-key = "yellow"
syntax = "off"

[paths]
enabled = true
[[paths.keys]]
files = ["deploy/*.toml"]
keys  = ["server.tls.cert"]
kind  = "file"

[check]
fail-on = "yellow"
exclude = ["vendor/**"]

[syntax]
toml-version = "1.0"
"#;
        let (settings, problems) = parse_settings(text, RULES);
        assert_eq!(problems, vec![]);
        assert_eq!(
            settings.rules.get("duplicate-key"),
            Some(&Level::On(Andon::Yellow))
        );
        assert_eq!(settings.rules.get("syntax"), Some(&Level::Off));
        assert_eq!(settings.fail_on, Some(FailOn::Yellow));
        assert_eq!(settings.exclude, Some(vec!["vendor/**".to_owned()]));
        assert_eq!(settings.toml_version, Some(TomlVersion::V1_0));
        assert_eq!(settings.paths_enabled, Some(true));
        assert_eq!(settings.path_keys.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn problems_carry_spans_and_colours() {
        let text = "[rules]\nduplicat-key = \"red\"\nsyntax = \"orange\"\n[check]\nfail-on = 3\n[colour]\n";
        let (settings, problems) = parse_settings(text, RULES);
        assert!(settings.rules.is_empty());
        let found: Vec<(&str, Andon)> = problems
            .iter()
            .map(|p| (&text[p.span.clone()], p.andon))
            .collect();
        assert_eq!(
            found,
            vec![
                ("duplicat-key", Andon::Yellow),
                ("\"orange\"", Andon::Red),
                ("3", Andon::Red),
                ("colour", Andon::Yellow),
            ]
        );
        assert!(problems[0].message.contains("did you mean `duplicate-key`"));
    }

    #[test]
    fn invalid_toml_is_one_problem_not_a_failure() {
        let (settings, problems) = parse_settings("[rules\n", RULES);
        assert_eq!(settings, FileSettings::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].andon, Andon::Red);
    }

    #[test]
    fn upper_layers_win_key_by_key() {
        let (lower, _) = parse_settings(
            "[rules]\nsyntax = \"green\"\nduplicate-key = \"off\"\n[check]\nfail-on = \"yellow\"\n",
            RULES,
        );
        let (upper, _) = parse_settings("[rules]\nsyntax = \"yellow\"\n", RULES);
        let merged = upper.merged_over(&lower);
        assert_eq!(merged.rules.get("syntax"), Some(&Level::On(Andon::Yellow)));
        assert_eq!(merged.rules.get("duplicate-key"), Some(&Level::Off));
        assert_eq!(merged.fail_on, Some(FailOn::Yellow));
    }

    #[test]
    fn fail_on_stops_at_or_above_its_level() {
        assert!(FailOn::Red.stops(Andon::Red));
        assert!(!FailOn::Red.stops(Andon::Yellow));
        assert!(FailOn::Yellow.stops(Andon::Red));
        assert!(FailOn::Green.stops(Andon::Green));
        assert!(!FailOn::Never.stops(Andon::Red));
    }
}
