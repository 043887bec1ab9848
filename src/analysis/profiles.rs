//! Profiles: what Andon knows about well-known TOML files — which keys hold
//! paths, what those paths must point at, and how bad a broken one is.
//!
//! A profile is data, not code: tables of key patterns. Patterns are dotted
//! keys where `*` stands for any one key; arrays (of tables or of strings)
//! are transparent, so `bin.path` covers every `[[bin]]`.

use std::path::Path;

use crate::andon::Andon;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// `Cargo.toml`
    Cargo,
    /// `pyproject.toml`
    Python,
    /// `.cargo/config.toml` (or the older `.cargo/config`)
    CargoConfig,
    /// `ruff.toml`, `.ruff.toml`
    Ruff,
    /// Anything else: only declared keys and a cautious heuristic.
    Generic,
}

impl Profile {
    pub fn for_path(path: &Path) -> Profile {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        let in_dot_cargo = path
            .parent()
            .and_then(|parent| parent.file_name())
            .is_some_and(|dir| dir == ".cargo");
        match name {
            "Cargo.toml" => Profile::Cargo,
            "pyproject.toml" => Profile::Python,
            "config.toml" | "config" if in_dot_cargo => Profile::CargoConfig,
            "ruff.toml" | ".ruff.toml" => Profile::Ruff,
            _ => Profile::Generic,
        }
    }

    pub fn path_keys(self) -> &'static [PathKey] {
        match self {
            Profile::Cargo => CARGO,
            Profile::Python => PYTHON,
            Profile::CargoConfig => CARGO_CONFIG,
            Profile::Ruff => RUFF,
            Profile::Generic => &[],
        }
    }

    /// Where relative paths in this file start: the file's directory, or
    /// for `.cargo/config.toml` the directory holding `.cargo`.
    pub fn base_dir(self, file: &Path) -> Option<&Path> {
        let dir = file.parent()?;
        match self {
            Profile::CargoConfig => dir.parent(),
            _ => Some(dir),
        }
    }
}

/// What a path-valued key must point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathKind {
    File,
    Directory,
    /// File or directory.
    Any,
    /// A directory holding the named manifest (e.g. a Cargo package).
    Package(&'static str),
    /// A glob whose matches that hold the manifest count; no match at all
    /// is a finding (`workspace.members`).
    PackageGlob(&'static str),
    /// A glob that must match at least one file (PEP 639 license files).
    FileGlob,
}

/// A key that holds a path (a string, or an array of strings).
#[derive(Debug)]
pub struct PathKey {
    pub pattern: &'static str,
    pub kind: PathKind,
    /// The level of a `path-missing` finding: red where the tool reading
    /// the file fails, yellow where it only misbehaves.
    pub missing: Andon,
    /// How to name the path in a message, e.g. "dependency path".
    pub what: &'static str,
}

const fn key(pattern: &'static str, kind: PathKind, missing: Andon, what: &'static str) -> PathKey {
    PathKey {
        pattern,
        kind,
        missing,
        what,
    }
}

use Andon::{Red, Yellow};
use PathKind::{Any, Directory, File, FileGlob, Package, PackageGlob};

const CARGO_PACKAGE: PathKind = Package("Cargo.toml");

static CARGO: &[PathKey] = &[
    key("package.build", File, Red, "build script"),
    key("package.readme", File, Red, "readme"),
    key("package.license-file", File, Red, "license file"),
    key("package.workspace", CARGO_PACKAGE, Red, "workspace root"),
    key("lib.path", File, Red, "library source"),
    key("bin.path", File, Red, "binary source"),
    key("example.path", File, Red, "example source"),
    key("test.path", File, Red, "test source"),
    key("bench.path", File, Red, "benchmark source"),
    key("dependencies.*.path", CARGO_PACKAGE, Red, "dependency path"),
    key(
        "dev-dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    key(
        "build-dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    key(
        "dev_dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    key(
        "build_dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    key(
        "target.*.dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    key(
        "target.*.dev-dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    key(
        "target.*.build-dependencies.*.path",
        CARGO_PACKAGE,
        Red,
        "dependency path",
    ),
    // Cargo reads a workspace dependency only when a member uses it.
    key(
        "workspace.dependencies.*.path",
        CARGO_PACKAGE,
        Yellow,
        "workspace dependency path",
    ),
    key("patch.*.*.path", CARGO_PACKAGE, Red, "patch path"),
    key("replace.*.path", CARGO_PACKAGE, Red, "replacement path"),
    key(
        "workspace.members",
        PackageGlob("Cargo.toml"),
        Red,
        "workspace member",
    ),
    key(
        "workspace.default-members",
        PackageGlob("Cargo.toml"),
        Red,
        "default workspace member",
    ),
    key("workspace.package.readme", File, Red, "workspace readme"),
    key(
        "workspace.package.license-file",
        File,
        Red,
        "workspace license file",
    ),
];

static PYTHON: &[PathKey] = &[
    key("project.readme", File, Red, "readme"),
    key("project.readme.file", File, Red, "readme"),
    key("project.license.file", File, Red, "license file"),
    key(
        "project.license-files",
        FileGlob,
        Red,
        "license-files pattern",
    ),
    key(
        "project.license-files.globs",
        FileGlob,
        Red,
        "license-files pattern",
    ),
    key("project.license-files.paths", File, Red, "license file"),
    key("build-system.backend-path", Directory, Red, "backend path"),
    key(
        "tool.setuptools.package-dir.*",
        Directory,
        Red,
        "package directory",
    ),
    key(
        "tool.setuptools.packages.find.where",
        Directory,
        Red,
        "package search directory",
    ),
    key("tool.uv.sources.*.path", Any, Red, "source path"),
    key(
        "tool.uv.workspace.members",
        PackageGlob("pyproject.toml"),
        Red,
        "workspace member",
    ),
    key("tool.maturin.manifest-path", File, Red, "Cargo manifest"),
    key(
        "tool.maturin.python-source",
        Directory,
        Red,
        "Python source directory",
    ),
    key("tool.ruff.extend", File, Red, "extended configuration"),
    // Not here on purpose: `tool.ruff.src` (search roots; Ruff skips the
    // missing ones) and pytest's `testpaths` (pytest falls back to the
    // current folder). A missing entry there breaks nothing.
];

static RUFF: &[PathKey] = &[key("extend", File, Red, "extended configuration")];

static CARGO_CONFIG: &[PathKey] = &[key("paths", CARGO_PACKAGE, Red, "path override")];

/// Does a dotted key path match a pattern (`*` = any one key)?
pub fn matches(pattern: &str, path: &[&str]) -> bool {
    let mut parts = pattern.split('.');
    let mut names = path.iter();
    loop {
        match (parts.next(), names.next()) {
            (None, None) => return true,
            (Some(part), Some(name)) if part == "*" || part == *name => {}
            _ => return false,
        }
    }
}

/// The cautious guess for files no profile knows: a key named like a path
/// (`path`, `file`, `dir`, `*_path`, `*-dir`, …) whose value looks like a
/// relative path. Findings from it are yellow at most.
pub fn looks_like_path_key(name: &str) -> bool {
    const EXACT: &[&str] = &["path", "file", "dir", "directory"];
    const SUFFIXES: &[&str] = &["_path", "-path", "_file", "-file", "_dir", "-dir"];
    EXACT.contains(&name) || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

pub fn looks_like_relative_path(value: &str) -> bool {
    !value.is_empty()
        && value.len() < 512
        && !value.contains(char::is_whitespace)
        && !value.contains("://")
        && !value.starts_with(['/', '~', '$', '-'])
        && !value.contains(['{', '}', '*', '?', '%', '<', '>', '|', '"', '\'', '=', '$'])
        && (value.contains('/') || has_extension(value))
}

fn has_extension(value: &str) -> bool {
    value.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.chars().any(|c| c.is_ascii_alphabetic())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_by_file_name() {
        assert_eq!(
            Profile::for_path(Path::new("/w/Cargo.toml")),
            Profile::Cargo
        );
        assert_eq!(
            Profile::for_path(Path::new("/w/.cargo/config.toml")),
            Profile::CargoConfig
        );
        assert_eq!(
            Profile::for_path(Path::new("/w/config.toml")),
            Profile::Generic
        );
        assert_eq!(
            Profile::CargoConfig.base_dir(Path::new("/w/.cargo/config.toml")),
            Some(Path::new("/w"))
        );
    }

    #[test]
    fn patterns() {
        assert!(matches(
            "dependencies.*.path",
            &["dependencies", "serde", "path"]
        ));
        assert!(!matches("dependencies.*.path", &["dependencies", "path"]));
        assert!(matches("package.readme", &["package", "readme"]));
    }

    #[test]
    fn heuristic_is_cautious() {
        assert!(looks_like_path_key("cache_dir") && looks_like_path_key("path"));
        assert!(!looks_like_path_key("name"));
        assert!(
            looks_like_relative_path("assets/logo.png") && looks_like_relative_path("README.md")
        );
        for not_a_path in [
            "1.2.3",
            "https://x.org/a",
            "hello world",
            "~/x",
            "${HOME}/x",
            "*.rs",
            "v1.0",
        ] {
            assert!(!looks_like_relative_path(not_a_path), "{not_a_path}");
        }
    }
}
