//! File watchers: which paths the open documents depend on, and the
//! `workspace/didChangeWatchedFiles` registration that covers exactly
//! those.
//!
//! Invariant: the server never asks to watch the whole tree (`**/*`).
//! Each document contributes the targets its last published analysis
//! resolved — the path itself; a package's manifest too; a glob as a glob
//! — and every session watches `**/andon.toml`, whose changes reach every
//! document. Past a few hundred entries, paths are watched by folder
//! (`dir/*`) so a generated manifest does not cost the client thousands
//! of watchers. The union is what gets registered; when it changes, a new
//! registration replaces the old one (registered first, then the old id
//! unregistered, so no change falls in a gap).
//!
//! Not here: the round trips themselves (`server.rs` serialises them
//! under one async lock) and what an event invalidates (the cache).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{self as lsp, Uri};

use crate::analysis::paths::{PathReference, glob};
use crate::analysis::profiles::PathKind;
use crate::config::SETTINGS_FILE_NAME;

/// One thing to watch.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Watch {
    /// A file or directory, by absolute path; watched as its name under
    /// its parent folder.
    Path(PathBuf),
    /// A package's manifest. Watched from the folder holding the package,
    /// like the package itself: when the package is missing, that folder
    /// is the one likely to exist, and a client may not watch under a
    /// folder that does not.
    Manifest {
        package: PathBuf,
        manifest: &'static str,
    },
    /// A glob under an absolute folder (`workspace.members = ["crates/*"]`).
    Glob { base: PathBuf, pattern: String },
    /// Every `andon.toml`.
    SettingsFiles,
}

/// What the references of one document depend on.
pub fn watches_for(references: &[PathReference]) -> BTreeSet<Watch> {
    let mut out = BTreeSet::new();
    for reference in references {
        if let Some(root) = &reference.inherited_from {
            out.insert(Watch::Path(root.clone()));
        }
        let pattern = reference.text.replace('\\', "/");
        match reference.kind {
            PathKind::FileGlob => {
                out.insert(Watch::Glob {
                    base: reference.base.clone(),
                    pattern,
                });
            }
            PathKind::PackageGlob(manifest) if glob::is_glob(&pattern) => {
                let pattern = pattern.trim_end_matches('/');
                out.insert(Watch::Glob {
                    base: reference.base.clone(),
                    pattern: pattern.to_owned(),
                });
                out.insert(Watch::Glob {
                    base: reference.base.clone(),
                    pattern: format!("{pattern}/{manifest}"),
                });
            }
            PathKind::Package(manifest) | PathKind::PackageGlob(manifest) => {
                let resolved = reference.resolved();
                out.insert(Watch::Manifest {
                    package: resolved.clone(),
                    manifest,
                });
                out.insert(Watch::Path(resolved));
            }
            PathKind::File | PathKind::Directory | PathKind::Any => {
                out.insert(Watch::Path(reference.resolved()));
            }
        }
    }
    out
}

/// The watch sets of the open documents.
#[derive(Debug, Default)]
pub struct WatchSets {
    by_document: HashMap<Uri, BTreeSet<Watch>>,
}

impl WatchSets {
    /// Records a document's set; true when that changes the union.
    pub fn set(&mut self, uri: &Uri, watches: BTreeSet<Watch>) -> bool {
        let before = self.wanted();
        self.by_document.insert(uri.clone(), watches);
        self.wanted() != before
    }

    /// Forgets a closed document; true when that changes the union.
    pub fn remove(&mut self, uri: &Uri) -> bool {
        let before = self.wanted();
        self.by_document.remove(uri);
        self.wanted() != before
    }

    /// Everything to watch now: the union, plus the settings files,
    /// coalesced by folder when it is too long.
    pub fn wanted(&self) -> BTreeSet<Watch> {
        let mut all: BTreeSet<Watch> = self.by_document.values().flatten().cloned().collect();
        all.insert(Watch::SettingsFiles);
        coalesced(all)
    }
}

/// Above this many watchers, paths are watched by folder. Clients create
/// one watcher per entry, and a generated manifest can name thousands of
/// files in a handful of folders.
const MAX_WATCHERS: usize = 256;

/// `watches`, or when there are too many, each path replaced by its
/// folder's entries (`dir/*`) and each manifest by its siblings'
/// (`dir/*/Cargo.toml`): more events, still scoped to the folders the
/// documents name.
fn coalesced(watches: BTreeSet<Watch>) -> BTreeSet<Watch> {
    if watches.len() <= MAX_WATCHERS {
        return watches;
    }
    watches
        .into_iter()
        .map(|watch| match watch {
            Watch::Path(path) => match path.parent() {
                Some(parent) => Watch::Glob {
                    base: parent.to_path_buf(),
                    pattern: "*".to_owned(),
                },
                None => Watch::Path(path),
            },
            Watch::Manifest { package, manifest } => match package.parent() {
                Some(parent) => Watch::Glob {
                    base: parent.to_path_buf(),
                    pattern: format!("*/{manifest}"),
                },
                None => Watch::Manifest { package, manifest },
            },
            other => other,
        })
        .collect()
}

/// The protocol watchers for a set. With `relative` (the client supports
/// relative patterns) each path is its name under its parent folder, which
/// clients can watch outside the workspace; otherwise an absolute pattern.
pub fn watchers(watches: &BTreeSet<Watch>, relative: bool) -> Vec<lsp::FileSystemWatcher> {
    watches
        .iter()
        .filter_map(|watch| {
            let glob_pattern = match watch {
                Watch::SettingsFiles => {
                    lsp::GlobPattern::String(format!("**/{SETTINGS_FILE_NAME}"))
                }
                Watch::Path(path) => {
                    let (parent, name) = (path.parent()?, path.file_name()?);
                    pattern_under(parent, &escape(&name.to_string_lossy()), relative)?
                }
                Watch::Manifest { package, manifest } => {
                    match (package.parent(), package.file_name()) {
                        (Some(parent), Some(name)) => {
                            let name = escape(&name.to_string_lossy());
                            pattern_under(parent, &format!("{name}/{manifest}"), relative)?
                        }
                        _ => pattern_under(package, manifest, relative)?,
                    }
                }
                Watch::Glob { base, pattern } => pattern_under(base, pattern, relative)?,
            };
            Some(lsp::FileSystemWatcher {
                glob_pattern,
                kind: None, // create, change and delete
            })
        })
        .collect()
}

fn pattern_under(base: &Path, pattern: &str, relative: bool) -> Option<lsp::GlobPattern> {
    if relative {
        Some(lsp::GlobPattern::Relative(lsp::RelativePattern {
            base_uri: lsp::OneOf::Right(Uri::from_file_path(base)?),
            pattern: pattern.to_owned(),
        }))
    } else {
        let base = escape(&base.to_string_lossy().replace('\\', "/"));
        Some(lsp::GlobPattern::String(format!(
            "{}/{pattern}",
            base.trim_end_matches('/')
        )))
    }
}

/// A literal path as a glob: each glob metacharacter in a one-character
/// class, the escape every LSP client's glob matcher understands.
fn escape(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    for c in literal.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}') {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::{PathReference, VirtualFileSystem};
    use crate::analysis::{Location, analyse_file_with_references};
    use crate::config::Settings;

    /// The path references of a manifest at `/w/app/Cargo.toml`.
    fn references(source: &str) -> Vec<PathReference> {
        let location = Location {
            file: Path::new("/w/app/Cargo.toml"),
            fs: &VirtualFileSystem::new(),
        };
        analyse_file_with_references(source, &Settings::default(), location).1
    }

    /// The glob of each watcher registered for `sets`, without relative
    /// patterns.
    fn patterns(sets: &WatchSets) -> Vec<String> {
        watchers(&sets.wanted(), false)
            .into_iter()
            .map(|watcher| match watcher.glob_pattern {
                lsp::GlobPattern::String(pattern) => pattern,
                lsp::GlobPattern::Relative(_) => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn a_manifest_is_watched_through_its_targets_only() {
        let source = "[package]\nreadme = \"README.md\"\n[dependencies]\nutil = { path = \"../util\" }\n[workspace]\nmembers = [\"crates/*\"]\n";
        let references = references(source);
        let watches = watches_for(&references);
        let mut sets = WatchSets::default();
        let uri: Uri = "file:///w/app/Cargo.toml".parse().unwrap();
        assert!(sets.set(&uri, watches.clone()));
        assert!(!sets.set(&uri, watches), "same set, no change");
        let patterns = patterns(&sets);
        assert_eq!(
            patterns,
            [
                "/w/app/README.md",
                "/w/util",
                "/w/util/Cargo.toml",
                "/w/app/crates/*",
                "/w/app/crates/*/Cargo.toml",
                "**/andon.toml",
            ]
        );
        assert!(sets.remove(&uri));
        assert_eq!(sets.wanted(), BTreeSet::from([Watch::SettingsFiles]));
        assert_eq!(escape("a[1]*.toml"), "a[[]1[]][*].toml");
    }

    #[test]
    fn hundreds_of_paths_are_watched_by_folder() {
        let mut source = String::from("[dependencies]\nutil = { path = \"../util\" }\n");
        for n in 0..300 {
            source.push_str(&format!(
                "[[bin]]\nname = \"b{n}\"\npath = \"src/bin/{n}.rs\"\n"
            ));
        }
        let references = references(&source);
        let mut sets = WatchSets::default();
        let uri: Uri = "file:///w/app/Cargo.toml".parse().unwrap();
        sets.set(&uri, watches_for(&references));
        let patterns = patterns(&sets);
        assert_eq!(
            patterns,
            [
                "/w/*",
                "/w/*/Cargo.toml",
                "/w/app/src/bin/*",
                "**/andon.toml"
            ]
        );
    }

    #[test]
    fn relative_patterns_name_the_entry_under_its_folder() {
        let references = references("[dependencies]\nutil = { path = \"../util\" }\n");
        let mut watches = watches_for(&references);
        watches.insert(Watch::Path(PathBuf::from("/w/a [x].md")));
        watches.insert(Watch::Glob {
            base: PathBuf::from("/w/app"),
            pattern: "crates/*".to_owned(),
        });
        let relative: Vec<(String, String)> = watchers(&watches, true)
            .into_iter()
            .map(|watcher| match watcher.glob_pattern {
                lsp::GlobPattern::Relative(relative) => match relative.base_uri {
                    lsp::OneOf::Right(uri) => (uri.as_str().to_owned(), relative.pattern),
                    lsp::OneOf::Left(_) => unreachable!(),
                },
                lsp::GlobPattern::String(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            relative,
            [
                ("file:///w".to_owned(), "a [[]x[]].md".to_owned()),
                ("file:///w".to_owned(), "util".to_owned()),
                ("file:///w".to_owned(), "util/Cargo.toml".to_owned()),
                ("file:///w/app".to_owned(), "crates/*".to_owned()),
            ]
        );
    }
}
