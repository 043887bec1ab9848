//! Which keys exist in well-known files, and which spellings are
//! deprecated: the hand-written knowledge the bundled schemas lack —
//! Cargo's old spellings with their current names (`deprecated-key` and
//! its rename) — and the key lists key completion offers.
//!
//! Lists are deliberately complete only where the tool is strict: a table
//! whose keys are names chosen by the user (dependencies, features,
//! profiles, metadata, `[tool]`) is `Keys::Any`, and so is anything below a
//! table Andon does not know. A false "unknown key" costs more trust than a
//! missed typo.

use crate::analysis::profiles::Profile;

/// The keys a table may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    Any,
    Known(&'static [&'static str]),
}

/// The keys allowed in the table at `path` (array elements transparent).
pub fn keys(profile: Profile, path: &[&str]) -> Keys {
    match profile {
        Profile::Cargo => cargo(path),
        Profile::Python => python(path),
        _ => Keys::Any,
    }
}

/// Which of the keys of the table at `path` are arrays of tables
/// (`[[bin]]`): the only ones a `[[…]]` header may name, and ones a `[…]`
/// header must not.
pub fn arrays_of_tables(profile: Profile, path: &[&str]) -> &'static [&'static str] {
    match (profile, path) {
        (Profile::Cargo, []) => &["bin", "example", "test", "bench"],
        (Profile::Python, ["project"]) => &["authors", "maintainers"],
        _ => &[],
    }
}

/// Whether the known key `name` of the table at `path` may hold a table
/// (or an array of tables): what a header may name. Only consulted for
/// keys of [`Keys::Known`] lists.
pub fn may_hold_table(profile: Profile, path: &[&str], name: &str) -> bool {
    if arrays_of_tables(profile, path).contains(&name) {
        return true;
    }
    match (profile, path) {
        (Profile::Cargo, []) => name != "cargo-features",
        (Profile::Cargo, ["package" | "project"]) => name == "metadata",
        (Profile::Cargo, ["target", _]) => true,
        (Profile::Cargo, ["workspace"]) => {
            matches!(name, "package" | "dependencies" | "lints" | "metadata")
        }
        (Profile::Cargo, ["profile", _]) => matches!(name, "build-override" | "package"),
        (Profile::Python, []) => true,
        (Profile::Python, ["project"]) => matches!(
            name,
            "readme"
                | "license"
                | "urls"
                | "scripts"
                | "gui-scripts"
                | "entry-points"
                | "optional-dependencies"
        ),
        _ => false,
    }
}

/// The current spelling of a deprecated key in the table at `path`.
pub fn deprecated(profile: Profile, path: &[&str], name: &str) -> Option<&'static str> {
    if profile != Profile::Cargo {
        return None;
    }
    let renamed = match name {
        "dev_dependencies" => "dev-dependencies",
        "build_dependencies" => "build-dependencies",
        "default_features" => "default-features",
        "crate_type" => "crate-type",
        "proc_macro" => "proc-macro",
        "project" => "package",
        _ => return None,
    };
    // Each old spelling is deprecated only where the new one belongs.
    let applies = match renamed {
        "dev-dependencies" | "build-dependencies" => matches!(path, [] | ["target", _]),
        "default-features" => is_dependency(path),
        "crate-type" | "proc-macro" => {
            matches!(path, ["lib" | "bin" | "example" | "test" | "bench"])
        }
        "package" => path.is_empty(),
        _ => false,
    };
    applies.then_some(renamed)
}

const DEPENDENCY_TABLES: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "build-dependencies",
    "dev_dependencies",
    "build_dependencies",
];

fn is_dependency_table(name: &str) -> bool {
    DEPENDENCY_TABLES.contains(&name)
}

/// Is `path` one dependency's own table (`dependencies.serde`, …)?
fn is_dependency(path: &[&str]) -> bool {
    match path {
        ["replace", _] | ["workspace", "dependencies", _] | ["patch", _, _] => true,
        [table, _] | ["target", _, table, _] => is_dependency_table(table),
        _ => false,
    }
}

fn cargo(path: &[&str]) -> Keys {
    if is_dependency(path) {
        return Keys::Known(CARGO_DEPENDENCY);
    }
    match path {
        [] => Keys::Known(CARGO_TOP),
        ["package" | "project"] => Keys::Known(CARGO_PACKAGE),
        ["lib" | "bin" | "example" | "test" | "bench"] => Keys::Known(CARGO_TARGET),
        ["target", _] => Keys::Known(DEPENDENCY_TABLES),
        ["workspace"] => Keys::Known(CARGO_WORKSPACE),
        ["workspace", "package"] => Keys::Known(CARGO_WORKSPACE_PACKAGE),
        ["profile", _] | ["profile", _, "build-override"] | ["profile", _, "package", _] => {
            Keys::Known(CARGO_PROFILE)
        }
        _ => Keys::Any,
    }
}

fn python(path: &[&str]) -> Keys {
    match path {
        [] => Keys::Known(&["project", "build-system", "tool", "dependency-groups"]),
        ["project"] => Keys::Known(PYTHON_PROJECT),
        ["build-system"] => Keys::Known(&["requires", "build-backend", "backend-path"]),
        _ => Keys::Any,
    }
}

static CARGO_TOP: &[&str] = &[
    "cargo-features",
    "package",
    "lib",
    "bin",
    "example",
    "test",
    "bench",
    "dependencies",
    "dev-dependencies",
    "build-dependencies",
    "target",
    "features",
    "badges",
    "lints",
    "hints",
    "patch",
    "replace",
    "profile",
    "workspace",
];

static CARGO_PACKAGE: &[&str] = &[
    "name",
    "version",
    "authors",
    "edition",
    "rust-version",
    "description",
    "documentation",
    "readme",
    "homepage",
    "repository",
    "license",
    "license-file",
    "keywords",
    "categories",
    "workspace",
    "build",
    "links",
    "exclude",
    "include",
    "publish",
    "metadata",
    "default-run",
    "autolib",
    "autobins",
    "autoexamples",
    "autotests",
    "autobenches",
    "resolver",
    "forced-target",
    "default-target",
    "im-a-teapot",
];

static CARGO_TARGET: &[&str] = &[
    "name",
    "path",
    "test",
    "doctest",
    "bench",
    "doc",
    "doc-scrape-examples",
    "plugin",
    "proc-macro",
    "harness",
    "edition",
    "crate-type",
    "required-features",
];

static CARGO_DEPENDENCY: &[&str] = &[
    "version",
    "path",
    "base",
    "git",
    "branch",
    "tag",
    "rev",
    "features",
    "optional",
    "default-features",
    "package",
    "registry",
    "registry-index",
    "workspace",
    "public",
    "artifact",
    "lib",
    "target",
];

static CARGO_WORKSPACE: &[&str] = &[
    "members",
    "default-members",
    "exclude",
    "resolver",
    "package",
    "dependencies",
    "lints",
    "metadata",
];

static CARGO_WORKSPACE_PACKAGE: &[&str] = &[
    "authors",
    "categories",
    "description",
    "documentation",
    "edition",
    "exclude",
    "homepage",
    "include",
    "keywords",
    "license",
    "license-file",
    "publish",
    "readme",
    "repository",
    "rust-version",
    "version",
];

static CARGO_PROFILE: &[&str] = &[
    "opt-level",
    "debug",
    "split-debuginfo",
    "strip",
    "debug-assertions",
    "overflow-checks",
    "lto",
    "panic",
    "incremental",
    "codegen-units",
    "rpath",
    "build-override",
    "package",
    "inherits",
    "codegen-backend",
    "trim-paths",
    "rustflags",
    "frame-pointers",
    "hint-mostly-unused",
];

static PYTHON_PROJECT: &[&str] = &[
    "name",
    "version",
    "description",
    "readme",
    "requires-python",
    "license",
    "license-files",
    "authors",
    "maintainers",
    "keywords",
    "classifiers",
    "urls",
    "scripts",
    "gui-scripts",
    "entry-points",
    "dependencies",
    "optional-dependencies",
    "dynamic",
    "import-names",
    "import-namespaces",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_named_tables_accept_anything() {
        assert_eq!(keys(Profile::Cargo, &["dependencies"]), Keys::Any);
        assert_eq!(keys(Profile::Cargo, &["features"]), Keys::Any);
        assert_eq!(keys(Profile::Python, &["tool", "ruff"]), Keys::Any);
        assert_eq!(keys(Profile::Generic, &[]), Keys::Any);
    }

    #[test]
    fn deprecated_spellings_only_where_they_belong() {
        assert_eq!(
            deprecated(Profile::Cargo, &[], "dev_dependencies"),
            Some("dev-dependencies")
        );
        assert_eq!(
            deprecated(
                Profile::Cargo,
                &["target", "cfg(unix)"],
                "build_dependencies"
            ),
            Some("build-dependencies")
        );
        assert_eq!(
            deprecated(
                Profile::Cargo,
                &["dependencies", "serde"],
                "default_features"
            ),
            Some("default-features")
        );
        assert_eq!(
            deprecated(Profile::Cargo, &["lib"], "crate_type"),
            Some("crate-type")
        );
        assert_eq!(deprecated(Profile::Cargo, &[], "project"), Some("package"));
        assert_eq!(
            deprecated(Profile::Cargo, &["features"], "default_features"),
            None
        );
        assert_eq!(deprecated(Profile::Python, &[], "project"), None);
    }
}
