//! The rule registry: every rule's stable id, default Andon level and the
//! text that explains it. Each rule's checking code lives in its own file
//! beside this one.

pub mod duplicate_key;
pub mod keys;
pub mod paths;
pub mod syntax;

use crate::andon::Andon;

/// Every rule Andon knows. Ids are stable: users write them in settings and
/// suppression comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Syntax,
    DuplicateKey,
    Unreadable,
    Settings,
    PathMissing,
    PathKind,
    GlobNoMatch,
    PathAbsolute,
    PathBackslash,
    UnknownKey,
    DeprecatedKey,
}

/// What a rule is, for `andon rules`, `andon explain` and output formats.
#[derive(Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub default_andon: Andon,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Why it matters and how to repair it.
    pub explanation: &'static str,
}

impl RuleId {
    pub const ALL: [RuleId; 11] = [
        RuleId::Syntax,
        RuleId::DuplicateKey,
        RuleId::Unreadable,
        RuleId::Settings,
        RuleId::PathMissing,
        RuleId::PathKind,
        RuleId::GlobNoMatch,
        RuleId::PathAbsolute,
        RuleId::PathBackslash,
        RuleId::UnknownKey,
        RuleId::DeprecatedKey,
    ];

    pub fn info(self) -> &'static RuleInfo {
        match self {
            RuleId::Syntax => &SYNTAX,
            RuleId::DuplicateKey => &DUPLICATE_KEY,
            RuleId::Unreadable => &UNREADABLE,
            RuleId::Settings => &SETTINGS,
            RuleId::PathMissing => &PATH_MISSING,
            RuleId::PathKind => &PATH_KIND,
            RuleId::GlobNoMatch => &GLOB_NO_MATCH,
            RuleId::PathAbsolute => &PATH_ABSOLUTE,
            RuleId::PathBackslash => &PATH_BACKSLASH,
            RuleId::UnknownKey => &UNKNOWN_KEY,
            RuleId::DeprecatedKey => &DEPRECATED_KEY,
        }
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

static SYNTAX: RuleInfo = RuleInfo {
    id: "syntax",
    default_andon: Andon::Red,
    summary: "not valid TOML",
    explanation: "The file does not follow the TOML grammar, so no tool can read it. \
Every error is reported on the text that breaks the grammar, and parsing resumes \
after it, so one mistake gives one finding.",
};

static DUPLICATE_KEY: RuleInfo = RuleInfo {
    id: "duplicate-key",
    default_andon: Andon::Red,
    summary: "a key or table defined twice, or in conflicting ways",
    explanation: "TOML forbids defining a key or a table twice, mixing `[t]` with `[[t]]`, \
defining a table both with dotted keys and a header, and adding to an inline table or an \
array value after it was written. Readers reject the whole file. The finding sits on the \
later definition and points at the first.",
};

static UNREADABLE: RuleInfo = RuleInfo {
    id: "unreadable",
    default_andon: Andon::Red,
    summary: "the file cannot be read or is not UTF-8",
    explanation: "TOML files must be UTF-8 text. The file could not be read, or its bytes \
are not valid UTF-8 (for example UTF-16 from some Windows editors), so no TOML reader \
will accept it.",
};

static SETTINGS: RuleInfo = RuleInfo {
    id: "settings",
    default_andon: Andon::Red,
    summary: "a problem in an `andon.toml` settings file",
    explanation: "Andon checks its own settings. A value it cannot use (a wrong type, a level \
that is not `red`, `yellow`, `green` or `off`, a glob that does not compile, a file that is \
not valid TOML) is red: that setting is ignored and the run behaves differently from what the \
file says. A key Andon does not know, or a rule id that does not exist, is yellow: it is \
ignored and is probably a typo; the message names the closest known key.",
};

static PATH_MISSING: RuleInfo = RuleInfo {
    id: "path-missing",
    default_andon: Andon::Red,
    summary: "a referenced file or directory does not exist",
    explanation: "A key that holds a path (a Cargo dependency `path`, `readme`, \
`license-file`, `[lib] path`, a workspace member, a pyproject `readme`, …) points at \
nothing. The tool reading the file fails, often only at publish or install time. \
Red for paths the tool requires, yellow for keys Andon only guesses are paths and for \
workspace dependencies Cargo reads only when a member uses them. Paths are resolved \
relative to the file (inherited `workspace = true` values relative to the workspace root).",
};

static PATH_KIND: RuleInfo = RuleInfo {
    id: "path-kind",
    default_andon: Andon::Red,
    summary: "a file where a directory is needed, or the reverse",
    explanation: "The path exists but is the wrong kind of thing: a directory where the \
key wants a file (`readme = \"docs\"`), or a file where it wants a directory (a \
dependency `path` must name the package's folder, not its Cargo.toml).",
};

static GLOB_NO_MATCH: RuleInfo = RuleInfo {
    id: "glob-no-match",
    default_andon: Andon::Yellow,
    summary: "a path pattern matches nothing",
    explanation: "A glob such as `workspace.members = [\"crates/*\"]` or a PEP 639 \
`license-files` pattern matches no file or package. For license files the build tools \
fail (red); for workspace members the pattern is probably stale (yellow).",
};

static PATH_ABSOLUTE: RuleInfo = RuleInfo {
    id: "path-absolute",
    default_andon: Andon::Yellow,
    summary: "an absolute path in a shared config",
    explanation: "An absolute path works on one machine only. Use a path relative to the \
file, so the config works in every checkout and in CI.",
};

static PATH_BACKSLASH: RuleInfo = RuleInfo {
    id: "path-backslash",
    default_andon: Andon::Yellow,
    summary: "`\\` separators in a path meant to be portable",
    explanation: "Backslashes separate paths only on Windows; elsewhere they are part of \
the file name. Use forward slashes, which work everywhere.",
};

static UNKNOWN_KEY: RuleInfo = RuleInfo {
    id: "unknown-key",
    default_andon: Andon::Yellow,
    summary: "a key the file's tool does not know",
    explanation: "Cargo and Python build tools ignore (or, since recent versions, warn about) \
keys they do not know, so a typo such as `licence` or `dev-dependancies` silently does \
nothing. The finding names the closest known key when one is a plausible typo. Tables \
whose keys are yours to choose (dependencies, features, profiles, metadata, `[tool]`) are \
never checked.",
};

static DEPRECATED_KEY: RuleInfo = RuleInfo {
    id: "deprecated-key",
    default_andon: Andon::Yellow,
    summary: "an old spelling of a key that has a current one",
    explanation: "Cargo still reads `dev_dependencies`, `build_dependencies`, \
`default_features`, `crate_type`, `proc_macro` and `[project]`, but they are deprecated \
and the 2024 edition rejects the underscore forms. Use `dev-dependencies`, \
`build-dependencies`, `default-features`, `crate-type`, `proc-macro` and `[package]`.",
};
