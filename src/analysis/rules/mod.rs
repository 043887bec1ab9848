//! The rule registry: every rule's stable id, default Andon level and the
//! text that explains it — what it catches, why it matters, the fix, and a
//! bad and a good example that the tests run through the analysis. Each
//! rule's checking code lives in its own file beside this one;
//! [`reference`] renders the registry as `docs/rules.md` and
//! `andon explain`.

pub mod duplicate_key;
pub mod keys;
pub mod paths;
pub mod reference;
pub mod schema;
pub mod syntax;

pub use reference::{reference_markdown, rule_section};

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
    Schema,
}

/// Where the rule reference lives, relative to the repository root. Each
/// rule has a section there whose anchor is its id.
pub const DOCS_BASE: &str = "docs/rules.md";

/// The absolute address of the rule reference, when the build was told one
/// (`ANDON_DOCS_URL=https://…/rules.md cargo build`). SARIF's `helpUri`
/// and LSP's `codeDescription.href` must be absolute, so without it they
/// are left out rather than filled with a made-up host.
pub const DOCS_URL: Option<&str> = option_env!("ANDON_DOCS_URL");

/// Where the examples of path rules are analysed: the project root of
/// [`RuleInfo::example_file`] and [`RuleInfo::files`].
pub const EXAMPLE_ROOT: &str = "/home/me/project";

/// How an example's text is saved before it is analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleEncoding {
    Utf8,
    /// UTF-16, little-endian, with a byte-order mark (what some Windows
    /// editors save).
    Utf16Le,
}

/// What a rule is, for `andon rules`, `andon explain`, `docs/rules.md`
/// and output formats.
#[derive(Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub default_andon: Andon,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// What it catches, in detail, and the levels it uses.
    pub explanation: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// The fix Andon offers, or how to repair it by hand when it offers
    /// none.
    pub fix: &'static str,
    /// The file the examples are analysed as, relative to
    /// [`EXAMPLE_ROOT`] (it decides which profile applies).
    pub example_file: &'static str,
    /// Other files and directories (ending in `/`) that exist around the
    /// examples, relative to [`EXAMPLE_ROOT`].
    pub files: &'static [&'static str],
    /// How the bad example is saved (the good one is always UTF-8).
    pub bad_encoding: ExampleEncoding,
    /// TOML the rule reports.
    pub bad_example: &'static str,
    /// The same TOML repaired: the rule reports nothing on it.
    pub good_example: &'static str,
}

impl RuleInfo {
    /// The rule's section in the reference, relative to the repository
    /// root: `docs/rules.md#<id>`.
    pub fn help_anchor(&self) -> String {
        format!("{DOCS_BASE}#{}", self.id)
    }

    /// The rule's section as an absolute URI, when the build knows where
    /// the reference is published ([`DOCS_URL`]).
    pub fn help_uri(&self) -> Option<String> {
        DOCS_URL.map(|base| format!("{base}#{}", self.id))
    }
}

impl RuleId {
    pub const ALL: [RuleId; 12] = [
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
        RuleId::Schema,
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
            RuleId::Schema => &SCHEMA,
        }
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// Whether `# andon: ignore[…]` comments can silence the rule. Not for
    /// `unreadable` (a file that is not text has no comments) nor
    /// `settings` (its findings come from reading the settings, not from
    /// analysing the document).
    pub fn comments_silence(self) -> bool {
        !matches!(self, RuleId::Unreadable | RuleId::Settings)
    }
}

static SYNTAX: RuleInfo = RuleInfo {
    id: "syntax",
    default_andon: Andon::Red,
    summary: "not valid TOML",
    explanation: "The file does not follow the TOML grammar: an unterminated string, a \
missing `=`, an unclosed `[table`, a value TOML does not have. Every error is reported on \
the text that breaks the grammar, and parsing resumes after it, so one mistake gives one \
finding. TOML 1.1 is read by default; `[syntax] toml-version = \"1.0\"` also reports what \
only TOML 1.1 allows.",
    why: "No tool can read a file that is not TOML: Cargo, pip or your application rejects \
it whole, usually naming only the first error. Andon names all of them, where they are.",
    fix: "For the frequent mistakes, a safe fix (applied by `--fix` and fix-all): close an \
unterminated string, add the missing `]` or `]]` of a header, quote a bare word value \
(`name = foo` → `name = \"foo\"`), drop a doubled `=`, add a missing `=`, remove a stray \
or (in TOML 1.0) trailing comma. Otherwise the message says what the grammar expected at \
that point.",
    example_file: "config.toml",
    files: &[],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[server]\nhost = \"example.org\nport = 8080\n",
    good_example: "[server]\nhost = \"example.org\"\nport = 8080\n",
};

static DUPLICATE_KEY: RuleInfo = RuleInfo {
    id: "duplicate-key",
    default_andon: Andon::Red,
    summary: "a key or table defined twice, or in conflicting ways",
    explanation: "TOML forbids defining a key or a table twice, mixing `[t]` with `[[t]]`, \
defining a table both with dotted keys and a header, and adding to an inline table or an \
array value after it was written. The finding sits on the later definition and points at \
the first.",
    why: "Readers reject the whole file, not just the repeated key. It typically happens \
when two edits (or a merge) each add the same table.",
    fix: "Offered, never applied unattended: remove the later definition (the whole \
`key = value` line, or the repeated table with its keys). Which definition should win is \
the author's call; merging the two by hand is often right.",
    example_file: "config.toml",
    files: &[],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[server]\nport = 8080\n\n[server]\nhost = \"example.org\"\n",
    good_example: "[server]\nport = 8080\nhost = \"example.org\"\n",
};

static UNREADABLE: RuleInfo = RuleInfo {
    id: "unreadable",
    default_andon: Andon::Red,
    summary: "the file cannot be read or is not UTF-8",
    explanation: "The file could not be read (permissions, a broken link, too large to \
analyse), or its bytes are not valid UTF-8 — for example UTF-16 from some Windows editors, \
or Latin-1. The finding sits at the first byte that is not UTF-8.",
    why: "TOML files must be UTF-8 text, so no TOML reader will accept the file; Andon \
cannot check anything else in it either.",
    fix: "None: Andon does not rewrite encodings. Save the file as UTF-8 (without a \
byte-order mark), or make it readable.",
    example_file: "config.toml",
    files: &[],
    bad_encoding: ExampleEncoding::Utf16Le,
    bad_example: "name = \"andon\"\n",
    good_example: "name = \"andon\"\n",
};

static SETTINGS: RuleInfo = RuleInfo {
    id: "settings",
    default_andon: Andon::Red,
    summary: "a problem in an `andon.toml` settings file",
    explanation: "Andon checks its own settings. A value it cannot use (a wrong type, a level \
that is not `red`, `yellow`, `green` or `off`, a glob that does not compile, a file that is \
not valid TOML) is red. A key Andon does not know, or a rule id that does not exist, is \
yellow; the message names the closest known key.",
    why: "A setting Andon cannot use is ignored, so the run behaves differently from what \
the file says — a rule you meant to turn down stays red, or one you meant to keep is \
silently at its default. An unknown key is probably a typo.",
    fix: "None yet: correct the value or the key; the message lists what is accepted.",
    example_file: "andon.toml",
    files: &[],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[rules]\nduplicate-key = \"orange\"\n",
    good_example: "[rules]\nduplicate-key = \"yellow\"\n",
};

static PATH_MISSING: RuleInfo = RuleInfo {
    id: "path-missing",
    default_andon: Andon::Red,
    summary: "a referenced file or directory does not exist",
    explanation: "A key that holds a path (a Cargo dependency `path`, `readme`, \
`license-file`, `[lib] path`, a workspace member, a pyproject `readme`, …) points at \
nothing. Red for paths the tool requires, yellow for keys Andon only guesses are paths and \
for workspace dependencies Cargo reads only when a member uses them. Paths are resolved \
relative to the file (inherited `workspace = true` values relative to the workspace root).",
    why: "The tool reading the file fails, often late: at publish or install time, on a \
colleague's machine, or in CI after a directory was renamed.",
    fix: "Offered, never applied unattended: change to a close existing name (another \
case, a missing or different extension, a small typo), or create the missing file.",
    example_file: "app/Cargo.toml",
    files: &["app/src/main.rs", "util/Cargo.toml", "util/src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../utils\" }\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../util\" }\n",
};

static PATH_KIND: RuleInfo = RuleInfo {
    id: "path-kind",
    default_andon: Andon::Red,
    summary: "a file where a directory is needed, or the reverse",
    explanation: "The path exists but is the wrong kind of thing: a directory where the \
key wants a file (`readme = \"docs\"`), or a file where it wants a directory (a \
dependency `path` must name the package's folder, not its Cargo.toml).",
    why: "The tool reading the file fails just as if the path were missing, and the \
mistake is easy to miss because the path looks right.",
    fix: "A dependency `path` naming a `Cargo.toml` is changed to its folder (safe). A \
folder where a file is wanted gets the file inside it that the key means (`src` → \
`src/lib.rs` for `[lib]`), offered but not applied unattended.",
    example_file: "app/Cargo.toml",
    files: &["app/src/main.rs", "util/Cargo.toml", "util/src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../util/Cargo.toml\" }\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../util\" }\n",
};

static GLOB_NO_MATCH: RuleInfo = RuleInfo {
    id: "glob-no-match",
    default_andon: Andon::Yellow,
    summary: "a path pattern matches nothing",
    explanation: "A glob such as `workspace.members = [\"crates/*\"]` or a PEP 639 \
`license-files` pattern matches no file or package. Red for license files, yellow for \
workspace members.",
    why: "For license files the build tools fail. For workspace members Cargo silently \
builds fewer packages than you think: the pattern is probably stale after a move.",
    fix: "None yet: correct the pattern, or remove it if nothing should match.",
    example_file: "Cargo.toml",
    files: &[
        "crates/app/Cargo.toml",
        "crates/app/src/main.rs",
        "crates/util/Cargo.toml",
        "crates/util/src/lib.rs",
    ],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[workspace]\nmembers = [\"crate/*\"]\n",
    good_example: "[workspace]\nmembers = [\"crates/*\"]\n",
};

static PATH_ABSOLUTE: RuleInfo = RuleInfo {
    id: "path-absolute",
    default_andon: Andon::Yellow,
    summary: "an absolute path in a shared config",
    explanation: "A path-valued key holds an absolute path (`/home/me/…`, `C:\\…`) in a \
file that is shared through version control.",
    why: "An absolute path works on one machine only: every other checkout, and CI, \
reads a path that does not exist there.",
    fix: "Offered, never applied unattended: the same target as a path relative to the \
file, when both share a folder below the root.",
    example_file: "app/Cargo.toml",
    files: &["app/src/main.rs", "util/Cargo.toml", "util/src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"/home/me/project/util\" }\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../util\" }\n",
};

static PATH_BACKSLASH: RuleInfo = RuleInfo {
    id: "path-backslash",
    default_andon: Andon::Yellow,
    summary: "`\\` separators in a path meant to be portable",
    explanation: "A path-valued key separates its parts with backslashes (`..\\util`). \
Glob patterns are exempt, where a backslash escapes the next character.",
    why: "Backslashes separate paths only on Windows; elsewhere they are part of the file \
name, so the path works for some contributors and breaks for the rest.",
    fix: "Safe: the same path with forward slashes, which work everywhere, Windows \
included.",
    example_file: "app/Cargo.toml",
    files: &["app/src/main.rs", "util/Cargo.toml", "util/src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = '..\\util' }\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\nutil = { path = \"../util\" }\n",
};

static UNKNOWN_KEY: RuleInfo = RuleInfo {
    id: "unknown-key",
    default_andon: Andon::Yellow,
    summary: "a key the file's schema does not allow",
    explanation: "In every file a bundled or configured JSON Schema applies to (Cargo.toml, \
pyproject.toml, rustfmt.toml and the other TOML files SchemaStore knows, `docs/schemas.md`), \
a key the schema does not allow in its table. Tools ignore (or warn about) keys they do not \
know, so a typo such as `licence` or `dev-dependancies` silently does nothing. The finding \
names the closest allowed key when one is a plausible typo. Tables whose keys are yours to \
choose (dependencies, features, `[tool]`) allow any name, as their schema says. Red where the \
tool refuses unknown keys (Ruff's options).",
    why: "Nothing fails, so nothing tells you: a misspelt `licence` publishes a crate \
without its license, a misspelt `dev-dependancies` table is ignored.",
    fix: "Offered, never applied unattended: rename to the closest known key.",
    example_file: "Cargo.toml",
    files: &["src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nlicence = \"MIT\"\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nlicense = \"MIT\"\n",
};

static SCHEMA: RuleInfo = RuleInfo {
    id: "schema",
    default_andon: Andon::Yellow,
    summary: "a value or table its file's schema does not allow",
    explanation: "The file is judged by the JSON Schema that applies to it: a `#:schema` \
directive in its opening comments, or the SchemaStore catalog entry whose `fileMatch` names \
it (all bundled; nothing is fetched). A wrong type, a value outside the allowed ones, a \
pattern, length or range is reported on the value; a missing required key on the header of \
its table. Where a value may take several forms, the finding is about the form it comes \
closest to. Yellow, since a schema can lag behind its tool; red where the tool is known to \
reject the file: a wrong type or a missing required key in Cargo.toml or in pyproject.toml's \
`[project]` and `[build-system]`, and anything in Ruff's options. A schema that is not \
bundled (an `http` URL in `#:schema`) is a green finding saying how to provide it.",
    why: "The tool reading the file fails on it, or silently ignores what you wrote; the \
schema knows before the tool runs.",
    fix: "Offered, never applied unattended: the closest allowed value of a string, or the \
missing key with the schema's default. `andon schemas FILE` says which schema applies and why.",
    example_file: "Cargo.toml",
    files: &["src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = 2021\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
};

static DEPRECATED_KEY: RuleInfo = RuleInfo {
    id: "deprecated-key",
    default_andon: Andon::Yellow,
    summary: "an old spelling of a key that has a current one",
    explanation: "A key the file's schema marks deprecated (SchemaStore's schemas mark, for \
instance, Ruff's old top-level lint options). Cargo still reads `dev_dependencies`, \
`build_dependencies`, `default_features`, `crate_type`, `proc_macro` and `[project]`, but \
they are deprecated and the 2024 edition rejects the underscore forms. Use \
`dev-dependencies`, `build-dependencies`, `default-features`, `crate-type`, `proc-macro` and \
`[package]`.",
    why: "The old spellings keep working until an edition upgrade turns them into errors; \
renaming now is free.",
    fix: "Safe: rename to the current spelling — unless a key of that name already exists \
next to it, where renaming would define it twice.",
    example_file: "Cargo.toml",
    files: &["src/lib.rs"],
    bad_encoding: ExampleEncoding::Utf8,
    bad_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dev_dependencies]\nserde = \"1\"\n",
    good_example: "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n[dev-dependencies]\nserde = \"1\"\n",
};
