//! Path references: finding the strings in a document that name files
//! (through the file's profile, the user's `[[paths.keys]]` and a cautious
//! heuristic), and resolving them against the file system.
//!
//! Finding references is pure and cheap: it reads only the syntax and the
//! logical tables. Resolving them goes through [`FileSystem`], which the
//! front ends cache, so a keystroke that changes no path value touches no
//! file. Cargo's `workspace = true` inheritance is resolved against the
//! workspace root's manifest, read through the same interface.

pub mod fs;
pub mod glob;

use std::path::{Path, PathBuf};

use globset::GlobBuilder;

use crate::analysis::profiles::{self, PathKind, Profile};
use crate::andon::Andon;
use crate::config::{PathKeys, Settings, TomlVersion};
use crate::syntax::semantics::{self, NodeId, NodeKind, Semantics};
use crate::syntax::{Scalar, Value, ValueKind};
use crate::text::Span;
pub use fs::{CachedFileSystem, DirEntry, FileKind, FileSystem, LookupCounts, VirtualFileSystem};

/// A string in the document that names a file or directory.
#[derive(Clone, Debug, PartialEq)]
pub struct PathReference {
    /// The dotted key holding it, e.g. `dependencies.util.path`.
    pub key: String,
    /// The string's span (with quotes), or the `true` of `readme = true`.
    pub span: Span,
    /// The path as written (decoded).
    pub text: String,
    pub kind: PathKind,
    /// Level of a `path-missing` finding for this key.
    pub missing: Andon,
    pub what: &'static str,
    /// Relative paths start here.
    pub base: PathBuf,
    /// Set when the value was inherited from a workspace root manifest.
    pub inherited_from: Option<PathBuf>,
    /// The span is a string literal holding the path (not `readme = true`,
    /// not an inherited `workspace = true`), so an edit can rewrite it.
    pub written: bool,
}

impl PathReference {
    /// The path this reference names, before any file-system lookup.
    pub fn resolved(&self) -> PathBuf {
        let portable = self.text.replace('\\', "/");
        fs::normalise(&self.base.join(portable))
    }
}

/// Every path reference of a document at `file`. Reading a workspace root
/// for inherited values is the only file-system access.
pub fn references(
    source: &str,
    semantics: &Semantics<'_>,
    file: &Path,
    settings: &Settings,
    fs: &dyn FileSystem,
) -> Vec<PathReference> {
    let profile = Profile::for_path(file);
    let Some(base) = profile.base_dir(file) else {
        return Vec::new();
    };
    let declared: Vec<&PathKeys> = settings
        .paths
        .keys
        .iter()
        .filter(|keys| declared_for(keys, file))
        .collect();
    let mut collector = Collector {
        source,
        semantics,
        profile,
        declared,
        base,
        out: Vec::new(),
        inherited: Vec::new(),
    };
    let mut path: Vec<&str> = Vec::new();
    collector.walk(Semantics::ROOT, &mut path);
    let Collector {
        mut out, inherited, ..
    } = collector;
    if !inherited.is_empty() {
        resolve_inherited(file, inherited, settings.toml_version, fs, &mut out);
    }
    out
}

struct Collector<'a, 't> {
    source: &'a str,
    semantics: &'a Semantics<'t>,
    profile: Profile,
    declared: Vec<&'a PathKeys>,
    base: &'a Path,
    out: Vec<PathReference>,
    inherited: Vec<Inherited>,
}

/// A `workspace = true` found in a member manifest, to resolve against the
/// workspace root.
struct Inherited {
    /// `package.readme`, `package.license-file`, or a dependency name.
    what: InheritedValue,
    span: Span,
}

enum InheritedValue {
    Readme,
    LicenseFile,
    Dependency { key: String, name: String },
}

impl<'a> Collector<'a, '_> {
    fn walk(&mut self, id: NodeId, path: &mut Vec<&'a str>) {
        let semantics = self.semantics;
        for child in semantics.children(id) {
            let node = semantics.node(child);
            let name: &'a str = semantics.name(child);
            let named = !name.is_empty();
            if named {
                // A whole top-level table that no path key can live in is
                // skipped: most of a big config holds no paths.
                if path.is_empty() && !self.may_hold_paths(name) {
                    continue;
                }
                path.push(name);
            }
            match node.kind {
                NodeKind::Table(_) | NodeKind::ArrayOfTables | NodeKind::Array(_) => {
                    self.walk(child, path);
                }
                NodeKind::Value(value) => self.value(path, value),
            }
            if named {
                path.pop();
            }
        }
    }

    /// Can a key starting with `first` hold a path in this file?
    fn may_hold_paths(&self, first: &str) -> bool {
        self.profile == Profile::Generic
            || !self.declared.is_empty()
            || self.profile.path_keys().iter().any(|spec| {
                let head = spec.pattern.split('.').next().unwrap_or("");
                head == "*" || head == first
            })
            || (self.profile == Profile::Cargo
                && (matches!(first, "package" | "target") || is_dependency_table(first)))
    }

    fn value(&mut self, names: &[&str], value: &Value) {
        if self.profile == Profile::Cargo && self.cargo_special(names, value) {
            return;
        }
        let Some((kind, missing, what)) = self.spec_for(names, value) else {
            return;
        };
        let key = names.join(".");
        let mut push = |item: &Value| {
            if let Some(text) = item.as_string(self.source) {
                self.out.push(PathReference {
                    key: key.clone(),
                    span: item.span,
                    text: text.into_owned(),
                    kind,
                    missing,
                    what,
                    base: self.base.to_path_buf(),
                    inherited_from: None,
                    written: true,
                });
            }
        };
        match &value.kind {
            ValueKind::Array(items) => items.iter().for_each(&mut push),
            _ => push(value),
        }
    }

    /// `readme = true`, and `workspace = true` inheritance.
    fn cargo_special(&mut self, names: &[&str], value: &Value) -> bool {
        let is_true = matches!(value.kind, ValueKind::Boolean(true));
        match names {
            ["package", "readme"] if is_true => {
                self.out.push(PathReference {
                    key: "package.readme".to_owned(),
                    span: value.span,
                    text: "README.md".to_owned(),
                    kind: PathKind::File,
                    missing: Andon::Red,
                    what: "readme",
                    base: self.base.to_path_buf(),
                    inherited_from: None,
                    written: false,
                });
                true
            }
            ["package", "readme", "workspace"] if is_true => {
                self.inherited.push(Inherited {
                    what: InheritedValue::Readme,
                    span: value.span,
                });
                true
            }
            ["package", "license-file", "workspace"] if is_true => {
                self.inherited.push(Inherited {
                    what: InheritedValue::LicenseFile,
                    span: value.span,
                });
                true
            }
            [.., table, name, "workspace"] if is_true && is_dependency_table(table) => {
                self.inherited.push(Inherited {
                    what: InheritedValue::Dependency {
                        key: names.join("."),
                        name: (*name).to_owned(),
                    },
                    span: value.span,
                });
                true
            }
            _ => false,
        }
    }

    fn spec_for(&self, names: &[&str], value: &Value) -> Option<(PathKind, Andon, &'static str)> {
        if let Some(spec) = self
            .profile
            .path_keys()
            .iter()
            .find(|spec| profiles::matches(spec.pattern, names))
        {
            return Some((spec.kind, spec.missing, spec.what));
        }
        if let Some(declared) = self.declared.iter().find(|keys| {
            keys.keys
                .iter()
                .any(|pattern| profiles::matches(pattern, names))
        }) {
            let kind = match declared.kind {
                crate::config::PathKind::File => PathKind::File,
                crate::config::PathKind::Dir => PathKind::Directory,
                crate::config::PathKind::Any => PathKind::Any,
                crate::config::PathKind::Glob => PathKind::FileGlob,
            };
            return Some((kind, Andon::Red, "declared path"));
        }
        if self.profile == Profile::Generic
            && names
                .last()
                .is_some_and(|name| profiles::looks_like_path_key(name))
            && value
                .as_string(self.source)
                .is_some_and(|text| profiles::looks_like_relative_path(&text))
        {
            return Some((PathKind::Any, Andon::Yellow, "path"));
        }
        None
    }
}

fn is_dependency_table(name: &str) -> bool {
    matches!(
        name,
        "dependencies"
            | "dev-dependencies"
            | "build-dependencies"
            | "dev_dependencies"
            | "build_dependencies"
    )
}

/// Is `file` one of the files a `[[paths.keys]]` entry is about?
fn declared_for(keys: &PathKeys, file: &Path) -> bool {
    keys.files.iter().any(|pattern| {
        let Ok(glob) = GlobBuilder::new(pattern).literal_separator(true).build() else {
            return false;
        };
        let matcher = glob.compile_matcher();
        match &keys.base {
            Some(base) => file
                .strip_prefix(base)
                .is_ok_and(|relative| matcher.is_match(relative)),
            None => {
                // Without a base, any trailing part of the path may match.
                let components: Vec<_> = file.components().collect();
                (0..components.len()).any(|start| {
                    let tail: PathBuf = components[start..].iter().collect();
                    matcher.is_match(&tail)
                })
            }
        }
    })
}

/// What a workspace root manifest provides to its members.
struct WorkspaceRoot {
    manifest: PathBuf,
    readme: Option<String>,
    license_file: Option<String>,
}

/// Finds the workspace root above (or at) `member` and resolves each
/// inherited value against it.
fn resolve_inherited(
    member: &Path,
    inherited: Vec<Inherited>,
    version: TomlVersion,
    fs: &dyn FileSystem,
    out: &mut Vec<PathReference>,
) {
    let Some((root_manifest, root_source)) = find_workspace_root(member, version, fs) else {
        return;
    };
    let tree = crate::syntax::parse(&root_source, version);
    let root_semantics = semantics::analyse(&tree, &root_source);
    let root_dir = root_manifest
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let string_at = |path: &[&str]| -> Option<(String, bool)> {
        let mut id = Semantics::ROOT;
        for name in path {
            id = root_semantics.get(id, name)?;
        }
        match root_semantics.node(id).kind {
            NodeKind::Value(value) => match value.decode(&root_source)? {
                Scalar::String(text) => Some((text.into_owned(), false)),
                Scalar::Boolean(true) => Some(("README.md".to_owned(), true)),
                _ => None,
            },
            _ => None,
        }
    };
    let root = WorkspaceRoot {
        manifest: root_manifest.clone(),
        readme: string_at(&["workspace", "package", "readme"]).map(|(text, _)| text),
        license_file: string_at(&["workspace", "package", "license-file"]).map(|(text, _)| text),
    };
    for item in inherited {
        let (key, text, kind, what) = match &item.what {
            InheritedValue::Readme => match &root.readme {
                Some(text) => (
                    "package.readme".to_owned(),
                    text.clone(),
                    PathKind::File,
                    "readme",
                ),
                None => continue,
            },
            InheritedValue::LicenseFile => match &root.license_file {
                Some(text) => (
                    "package.license-file".to_owned(),
                    text.clone(),
                    PathKind::File,
                    "license file",
                ),
                None => continue,
            },
            InheritedValue::Dependency { key, name } => {
                match string_at(&["workspace", "dependencies", name, "path"]) {
                    Some((text, _)) => (
                        key.clone(),
                        text,
                        PathKind::Package("Cargo.toml"),
                        "dependency path",
                    ),
                    None => continue,
                }
            }
        };
        out.push(PathReference {
            key,
            span: item.span,
            text,
            kind,
            missing: Andon::Red,
            what,
            base: root_dir.clone(),
            inherited_from: Some(root.manifest.clone()),
            written: false,
        });
    }
}

/// The nearest `Cargo.toml` at or above the member's folder that has a
/// `[workspace]` table, with its text.
fn find_workspace_root(
    member: &Path,
    version: TomlVersion,
    fs: &dyn FileSystem,
) -> Option<(PathBuf, std::sync::Arc<str>)> {
    let start = member.parent()?;
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let Some(source) = fs.read(&manifest) else {
            continue;
        };
        let tree = crate::syntax::parse(&source, version);
        let has_workspace = tree.headed_sections().any(|(header, _)| {
            header
                .key
                .parts
                .first()
                .is_some_and(|part| part.decode(&source) == "workspace")
        }) || tree.sections[0].entries().iter().any(|entry| {
            entry
                .key
                .parts
                .first()
                .is_some_and(|part| part.decode(&source) == "workspace")
        });
        if has_workspace {
            return Some((manifest, source));
        }
    }
    None
}

/// What the file system says about a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    Fine,
    Missing,
    /// A directory where a file is wanted, or the reverse.
    WrongKind {
        found: FileKind,
    },
    /// A package directory without its manifest.
    NoManifest {
        manifest: &'static str,
    },
    /// A glob with no counted match.
    NoMatch,
    /// A glob that is not a valid pattern, or one the tool forbids.
    BadPattern(String),
}

/// Looks a reference up. Backslashes are read as separators here so a
/// Windows-style path yields one finding (`path-backslash`), not two.
pub fn resolve(reference: &PathReference, fs: &dyn FileSystem) -> Resolution {
    let resolved = reference.resolved();
    match reference.kind {
        PathKind::File | PathKind::Directory | PathKind::Any => match fs.kind(&resolved) {
            None => Resolution::Missing,
            Some(found) => {
                let wanted = match reference.kind {
                    PathKind::File => Some(FileKind::File),
                    PathKind::Directory => Some(FileKind::Directory),
                    _ => None,
                };
                match wanted {
                    Some(wanted) if wanted != found => Resolution::WrongKind { found },
                    _ => Resolution::Fine,
                }
            }
        },
        PathKind::Package(manifest) => resolve_package(&resolved, manifest, fs),
        PathKind::PackageGlob(manifest) => {
            if !glob::is_glob(&reference.text) {
                return resolve_package(&resolved, manifest, fs);
            }
            let Some(found) = glob::expand(&reference.base, &reference.text.replace('\\', "/"), fs)
            else {
                return Resolution::BadPattern(format!(
                    "`{}` is not a valid glob pattern",
                    reference.text
                ));
            };
            let counted = found.iter().any(|(path, kind)| {
                *kind == FileKind::Directory
                    && fs.kind(&path.join(manifest)) == Some(FileKind::File)
            });
            if counted {
                Resolution::Fine
            } else {
                Resolution::NoMatch
            }
        }
        PathKind::FileGlob => {
            let text = &reference.text;
            if text.starts_with('/') || text.split(['/', '\\']).any(|part| part == "..") {
                return Resolution::BadPattern(format!(
                    "license-files patterns must stay inside the project: `{text}` uses {}",
                    if text.starts_with('/') {
                        "a leading `/`"
                    } else {
                        "`..`"
                    }
                ));
            }
            let Some(found) = glob::expand(&reference.base, text, fs) else {
                return Resolution::BadPattern(format!("`{text}` is not a valid glob pattern"));
            };
            if found.iter().any(|(_, kind)| *kind == FileKind::File) {
                Resolution::Fine
            } else {
                Resolution::NoMatch
            }
        }
    }
}

fn resolve_package(dir: &Path, manifest: &'static str, fs: &dyn FileSystem) -> Resolution {
    match fs.kind(dir) {
        None => Resolution::Missing,
        Some(FileKind::File) => Resolution::WrongKind {
            found: FileKind::File,
        },
        Some(FileKind::Directory) => {
            if fs.kind(&dir.join(manifest)) == Some(FileKind::File) {
                Resolution::Fine
            } else {
                Resolution::NoManifest { manifest }
            }
        }
    }
}
