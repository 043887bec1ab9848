//! Inputs: which files a check run reads, and the name each is shown under.
//!
//! Path arguments that are files are always checked, whatever their name.
//! Directories are walked with the `ignore` crate like ripgrep walks them:
//! `.gitignore` (inside a Git repository), `.ignore` and global Git
//! excludes are honoured, hidden entries are skipped (except `.cargo`
//! directories, which hold `config.toml`), and symbolic links to
//! directories are not followed, so a link loop can never make the walk
//! spin. In a walk, a file counts as TOML when [`is_toml_name`] says so.
//!
//! Invariant: this module only lists and names paths. It never opens a
//! file: whether a path can be read (broken link, FIFO, directory, loop) is
//! decided when it is read, in `run`, so every such case becomes a finding
//! for that one path and nothing here can block.
//!
//! Not here: `[check] exclude` (it depends on each file's settings, see
//! `settings`; the walk only asks, through [`ExcludedDir`], whether to
//! skip a whole directory), and standard input.

use crate::analysis::paths::fs::normalise;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File names that are TOML without ending in `.toml`: lock files and
/// manifests of tools whose formats are TOML.
pub const TOML_FILE_NAMES: &[&str] = &[
    "Cargo.lock",
    "Pipfile",
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Gopkg.lock",
];

/// One path to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Absolute and lexically normalised: the key for de-duplication and
    /// settings discovery.
    pub path: PathBuf,
    /// Relative to the working directory when under it, else absolute.
    pub display: String,
    /// Named on the command line (never excluded, skips are reported).
    pub explicit: bool,
    /// Set when the walk already knows the path cannot be checked, e.g. a
    /// directory named like a TOML file.
    pub problem: Option<String>,
}

/// What collecting inputs found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Sorted by absolute path, without duplicates.
    pub inputs: Vec<Input>,
    /// Arguments that name nothing at all, and walk failures without a
    /// path: usage errors, reported on stderr (exit 2).
    pub errors: Vec<String>,
}

/// Whether a walked file is checked: `*.toml` (any case), the names in
/// [`TOML_FILE_NAMES`], and Cargo's legacy `.cargo/config`.
pub fn is_toml_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(OsStr::to_str) else {
        return false;
    };
    if path
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
    {
        return true;
    }
    if TOML_FILE_NAMES.contains(&name) {
        return true;
    }
    name == "config"
        && path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|dir| dir == ".cargo")
}

/// Says whether a directory met in a walk (absolute path) is excluded as
/// a whole; the walk does not enter it.
pub type ExcludedDir = Arc<dyn Fn(&Path) -> bool + Send + Sync>;

/// Lists the files under `arguments` (the working directory when empty).
pub fn collect(arguments: &[PathBuf], cwd: &Path, excluded_dir: ExcludedDir) -> Collected {
    let default = [PathBuf::from(".")];
    let arguments = if arguments.is_empty() {
        &default[..]
    } else {
        arguments
    };
    let mut found: BTreeMap<PathBuf, Input> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut add = |input: Input| {
        found
            .entry(input.path.clone())
            .and_modify(|existing| existing.explicit |= input.explicit)
            .or_insert(input);
    };
    for argument in arguments {
        let Ok(link) = std::fs::symlink_metadata(argument) else {
            errors.push(format!("{}: no such file or directory", argument.display()));
            continue;
        };
        // A link to a directory given by name is walked: the user chose it.
        let is_dir = link.is_dir()
            || (link.is_symlink() && std::fs::metadata(argument).is_ok_and(|m| m.is_dir()));
        if is_dir {
            walk(argument, cwd, excluded_dir.clone(), &mut add, &mut errors);
        } else {
            add(input(argument, cwd, true, None));
        }
    }
    Collected {
        inputs: found.into_values().collect(),
        errors,
    }
}

fn walk(
    root: &Path,
    cwd: &Path,
    excluded_dir: ExcludedDir,
    add: &mut impl FnMut(Input),
    errors: &mut Vec<String>,
) {
    let cwd_owned = cwd.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        // Hidden entries are filtered below so `.cargo` can be let through.
        .hidden(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') && name != ".cargo" {
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && excluded_dir(&normalise(&cwd_owned.join(entry.path()))))
        })
        .build();
    for result in walker {
        match result {
            Ok(entry) => {
                if entry.depth() == 0 {
                    continue;
                }
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                if !is_toml_name(path) {
                    continue;
                }
                if file_type.is_dir() {
                    // Walked on as a directory; reported because a tool
                    // told to read this name will fail.
                    add(input(
                        path,
                        cwd,
                        false,
                        Some("is a directory, not a file".to_owned()),
                    ));
                } else if file_type.is_file() || file_type.is_symlink() {
                    add(input(path, cwd, false, None));
                }
                // FIFOs, sockets and devices are skipped without a word,
                // as ripgrep does: opening a FIFO would block the run.
            }
            Err(error) => match error_path(&error) {
                Some(path) => add(input(&path, cwd, false, Some(describe_walk_error(&error)))),
                None => errors.push(error.to_string()),
            },
        }
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn describe_walk_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => describe_walk_error(err),
        ignore::Error::Loop { .. } => "symbolic link loop".to_owned(),
        ignore::Error::Io(io) => super::run::describe_io_error(io),
        other => other.to_string(),
    }
}

fn input(path: &Path, cwd: &Path, explicit: bool, problem: Option<String>) -> Input {
    let absolute = normalise(&cwd.join(path));
    Input {
        display: display_path(&absolute, cwd),
        path: absolute,
        explicit,
        problem,
    }
}

/// The name shown for an absolute path: relative to `cwd` when under it.
pub fn display_path(absolute: &Path, cwd: &Path) -> String {
    match absolute.strip_prefix(cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => absolute.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_names() {
        assert!(is_toml_name(Path::new("a/b.toml")));
        assert!(is_toml_name(Path::new("B.TOML")));
        assert!(is_toml_name(Path::new("x/Cargo.lock")));
        assert!(is_toml_name(Path::new("Pipfile")));
        assert!(is_toml_name(Path::new("p/.cargo/config")));
        assert!(!is_toml_name(Path::new("p/config")));
        assert!(!is_toml_name(Path::new("package.json")));
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(
            normalise(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(
            display_path(Path::new("/w/x/y.toml"), Path::new("/w")),
            "x/y.toml"
        );
        assert_eq!(
            display_path(Path::new("/v/y.toml"), Path::new("/w")),
            "/v/y.toml"
        );
    }
}
