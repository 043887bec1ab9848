//! Rules `path-missing`, `path-kind`, `glob-no-match`, `path-absolute` and
//! `path-backslash`: every path reference of a document, resolved.
//!
//! The references come from [`crate::analysis::paths::references`]; this
//! file only turns each resolution into a finding with a message that
//! names the key, the path as written, and what is wrong.

use std::path::Path;

use crate::analysis::fixes::string_literal;
use crate::analysis::paths::{self, FileKind, FileSystem, PathReference, Resolution};
use crate::analysis::profiles::PathKind;
use crate::analysis::{Diagnostic, Fix, RuleId};
use crate::andon::Andon;
use crate::config::closest;

pub fn check(references: &[PathReference], fs: &dyn FileSystem, out: &mut Vec<Diagnostic>) {
    for reference in references {
        check_one(reference, fs, out);
    }
}

fn check_one(reference: &PathReference, fs: &dyn FileSystem, out: &mut Vec<Diagnostic>) {
    let text = &reference.text;
    let what = reference.what;
    let span = reference.span;
    let from_root = reference
        .inherited_from
        .as_ref()
        .map(|root| format!(" (inherited from `{}`)", root.display()))
        .unwrap_or_default();
    let backslash = text.contains('\\') && !matches!(reference.kind, PathKind::FileGlob);
    // Fixes rewrite the string; `readme = true` and inherited values have
    // none in this file to rewrite.
    let is_string = reference.written;
    if Path::new(text).is_absolute() || looks_like_windows_absolute(text) {
        let mut diagnostic = Diagnostic::new(
            RuleId::PathAbsolute,
            span,
            format!(
                "{what} `{text}` is an absolute path, which works on one machine only; use a path relative to this file"
            ),
        );
        if let Some(relative) =
            relative_path(&reference.base, Path::new(text)).filter(|_| is_string)
        {
            diagnostic = diagnostic.with_fix(Fix::edit(
                format!("Change to `{relative}`"),
                false,
                span,
                string_literal(&relative),
            ));
        }
        out.push(diagnostic);
    }
    if backslash {
        let forward = text.replace('\\', "/");
        let mut diagnostic = Diagnostic::new(
            RuleId::PathBackslash,
            span,
            format!("{what} `{text}` uses `\\` separators, which work only on Windows; use `/`"),
        );
        if is_string {
            diagnostic = diagnostic.with_fix(Fix::edit(
                format!("Use forward slashes: `{forward}`"),
                true,
                span,
                string_literal(&forward),
            ));
        }
        out.push(diagnostic);
    }
    let change_to = |candidate: &str, safe: bool| {
        Fix::edit(
            format!("Change to `{candidate}`"),
            safe,
            span,
            string_literal(candidate),
        )
    };
    let mut finding = |rule: RuleId, andon: Andon, message: String, fixes: Vec<Fix>| {
        let mut diagnostic = Diagnostic::new(rule, span, message);
        diagnostic.andon = andon;
        if is_string {
            diagnostic.fixes = fixes;
        }
        out.push(diagnostic);
    };
    match paths::resolve(reference, fs) {
        Resolution::Fine => {}
        Resolution::Missing => {
            let mut fixes: Vec<Fix> = near_matches(reference, fs)
                .iter()
                .map(|candidate| change_to(candidate, false))
                .collect();
            if reference.kind == PathKind::File {
                fixes.push(Fix {
                    title: format!("Create `{text}`"),
                    safe: false,
                    edits: Vec::new(),
                    create: Some(reference.resolved()),
                });
            }
            finding(
                RuleId::PathMissing,
                reference.missing,
                format!("{what} `{text}` does not exist{from_root}"),
                fixes,
            );
        }
        Resolution::NoManifest { manifest } => finding(
            RuleId::PathMissing,
            reference.missing,
            format!("{what} `{text}` is a directory without a {manifest}{from_root}"),
            Vec::new(),
        ),
        Resolution::WrongKind { found } => {
            let message = match found {
                FileKind::Directory => {
                    format!("{what} `{text}` is a directory, but a file is needed{from_root}")
                }
                FileKind::File => {
                    format!("{what} `{text}` is a file, but a directory is needed{from_root}")
                }
            };
            let fixes = match (found, reference.kind) {
                (FileKind::Directory, _) => file_inside(reference, fs)
                    .map(|candidate| vec![change_to(&candidate, false)])
                    .unwrap_or_default(),
                // `path = "../util/Cargo.toml"`: the package is the folder.
                (FileKind::File, PathKind::Package(manifest)) => text
                    .strip_suffix(manifest)
                    .map(|folder| folder.trim_end_matches(['/', '\\']))
                    .map(|folder| if folder.is_empty() { "." } else { folder })
                    .map(|folder| vec![change_to(folder, true)])
                    .unwrap_or_default(),
                (FileKind::File, _) => Vec::new(),
            };
            finding(RuleId::PathKind, Andon::Red, message, fixes);
        }
        Resolution::NoMatch => {
            let (andon, message) = match reference.kind {
                PathKind::FileGlob => (
                    Andon::Red,
                    format!("{what} `{text}` matches no file; the build tools reject it"),
                ),
                PathKind::PackageGlob(manifest) => (
                    Andon::Yellow,
                    format!("{what} pattern `{text}` matches no directory holding a {manifest}"),
                ),
                _ => (Andon::Yellow, format!("{what} `{text}` matches nothing")),
            };
            finding(RuleId::GlobNoMatch, andon, message, Vec::new());
        }
        Resolution::BadPattern(message) => finding(
            RuleId::GlobNoMatch,
            Andon::Red,
            format!("{what}: {message}"),
            Vec::new(),
        ),
    }
}

/// Existing siblings that are plausibly what a missing path meant: the
/// same name in another case, the same stem with another (or no)
/// extension, or a small typo. Written with the path's own prefix.
fn near_matches(reference: &PathReference, fs: &dyn FileSystem) -> Vec<String> {
    let text = reference.text.replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    let (prefix, name) = match trimmed.rsplit_once('/') {
        Some((prefix, name)) => (format!("{prefix}/"), name),
        None => (String::new(), trimmed),
    };
    if name.is_empty() || name == ".." || name == "." {
        return Vec::new();
    }
    let resolved = reference.resolved();
    let Some(entries) = resolved.parent().and_then(|parent| fs.list(parent)) else {
        return Vec::new();
    };
    let wanted = |kind: Option<FileKind>| match reference.kind {
        PathKind::File => kind == Some(FileKind::File),
        PathKind::Directory | PathKind::Package(_) | PathKind::PackageGlob(_) => {
            kind == Some(FileKind::Directory)
        }
        _ => kind.is_some(),
    };
    let stem = |name: &str| name.split('.').next().unwrap_or(name).to_lowercase();
    let names: Vec<&str> = entries
        .iter()
        .filter(|entry| wanted(entry.kind))
        .map(|entry| entry.name.as_str())
        .collect();
    let mut found: Vec<&str> = names
        .iter()
        .copied()
        .filter(|candidate| candidate.eq_ignore_ascii_case(name) || stem(candidate) == stem(name))
        .collect();
    if found.is_empty()
        && let Some(near) = closest(name, &names)
    {
        found.push(near);
    }
    found.sort();
    found.truncate(3);
    found
        .into_iter()
        .map(|candidate| format!("{prefix}{candidate}"))
        .collect()
}

/// For a directory where a file is wanted: the file inside it the key
/// most likely meant (`src` → `src/lib.rs` for a library).
fn file_inside(reference: &PathReference, fs: &dyn FileSystem) -> Option<String> {
    let candidates: &[&str] = match reference.what {
        "library source" => &["lib.rs"],
        "binary source" | "example source" | "test source" | "benchmark source" => &["main.rs"],
        "build script" => &["build.rs"],
        "readme" | "workspace readme" => &["README.md", "README", "README.txt", "README.rst"],
        "license file" | "workspace license file" => &["LICENSE", "LICENSE.txt", "LICENSE.md"],
        _ => &[],
    };
    let dir = reference.resolved();
    let name = candidates
        .iter()
        .find(|name| fs.kind(&dir.join(name)) == Some(FileKind::File))?;
    let text = reference.text.trim_end_matches(['/', '\\']);
    Some(format!("{text}/{name}"))
}

/// `target` relative to `base`, when both share a folder below the root
/// (so the config stays inside its project).
fn relative_path(base: &Path, target: &Path) -> Option<String> {
    use std::path::Component;
    let base = paths::fs::normalise(base);
    let target = paths::fs::normalise(target);
    let base: Vec<Component> = base.components().collect();
    let target: Vec<Component> = target.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    // Only the root in common: the target is elsewhere on the machine.
    if common <= 1 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); base.len() - common];
    parts.extend(
        target[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}

fn looks_like_windows_absolute(text: &str) -> bool {
    let bytes = text.as_bytes();
    (bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/'))
        || text.starts_with("\\\\")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::analysis::paths::{CachedFileSystem, VirtualFileSystem};
    use crate::analysis::{Location, analyse_file};
    use crate::andon::Andon;
    use crate::config::{PathKeys, PathKind as DeclaredKind, Settings};

    /// Findings of the path family as (rule, andon, text under the span).
    fn findings_with(
        file: &str,
        source: &str,
        fs: VirtualFileSystem,
        settings: &Settings,
    ) -> Vec<(&'static str, Andon, String)> {
        let fs = CachedFileSystem::new(fs);
        let location = Location {
            file: Path::new(file),
            fs: &fs,
        };
        analyse_file(source, settings, location)
            .into_iter()
            .filter(|d| d.rule.id().starts_with("path") || d.rule.id() == "glob-no-match")
            .map(|d| (d.rule.id(), d.andon, d.span.text(source).to_owned()))
            .collect()
    }

    fn findings(
        file: &str,
        source: &str,
        fs: VirtualFileSystem,
    ) -> Vec<(&'static str, Andon, String)> {
        findings_with(file, source, fs, &Settings::default())
    }

    fn workspace() -> VirtualFileSystem {
        VirtualFileSystem::new()
            .file("/w/Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n")
            .file("/w/crates/app/Cargo.toml", "")
            .file("/w/crates/app/src/main.rs", "")
            .file("/w/crates/app/README.md", "")
            .file("/w/crates/util/Cargo.toml", "")
            .file("/w/crates/notes.txt", "")
            .dir("/w/crates/empty")
            .file("/w/LICENSE", "")
    }

    #[test]
    fn cargo_dependency_paths() {
        let source = "[dependencies]\nutil = { path = \"../util\" }\ngone = { path = \"../gone\" }\nempty = { path = \"../empty\" }\nfile = { path = \"../util/Cargo.toml\" }\n# old = { path = \"../old\" }\n";
        assert_eq!(
            findings("/w/crates/app/Cargo.toml", source, workspace()),
            vec![
                ("path-missing", Andon::Red, "\"../gone\"".to_owned()),
                ("path-missing", Andon::Red, "\"../empty\"".to_owned()),
                ("path-kind", Andon::Red, "\"../util/Cargo.toml\"".to_owned()),
            ]
        );
    }

    #[test]
    fn cargo_package_files_and_targets() {
        let source = "[package]\nname = \"app\"\nreadme = \"README.txt\"\nlicense-file = \"../../LICENSE\"\nbuild = false\n[lib]\npath = \"src/lib.rs\"\n[[bin]]\nname = \"app\"\npath = \"src/main.rs\"\n[[bin]]\nname = \"tool\"\npath = \"src\"\n";
        assert_eq!(
            findings("/w/crates/app/Cargo.toml", source, workspace()),
            vec![
                ("path-missing", Andon::Red, "\"README.txt\"".to_owned()),
                ("path-missing", Andon::Red, "\"src/lib.rs\"".to_owned()),
                ("path-kind", Andon::Red, "\"src\"".to_owned()),
            ]
        );
        let readme_true = "[package]\nreadme = true\n";
        assert_eq!(
            findings("/w/crates/app/Cargo.toml", readme_true, workspace()),
            vec![]
        );
        assert_eq!(
            findings("/w/crates/util/Cargo.toml", readme_true, workspace()),
            vec![("path-missing", Andon::Red, "true".to_owned())]
        );
        assert_eq!(
            findings(
                "/w/crates/util/Cargo.toml",
                "[package]\nreadme = false\n",
                workspace()
            ),
            vec![]
        );
    }

    #[test]
    fn workspace_members_and_dependencies() {
        let source = "[workspace]\nmembers = [\"crates/*\", \"tools/*\", \"crates/app\", \"crates/missing\", \".hidden/*\"]\nexclude = [\"nowhere\"]\n[workspace.dependencies]\nstale = { path = \"crates/stale\" }\n";
        let fs = workspace().file("/w/.hidden/x/Cargo.toml", "");
        assert_eq!(
            findings("/w/Cargo.toml", source, fs),
            vec![
                ("glob-no-match", Andon::Yellow, "\"tools/*\"".to_owned()),
                ("path-missing", Andon::Red, "\"crates/missing\"".to_owned()),
                ("path-missing", Andon::Yellow, "\"crates/stale\"".to_owned()),
            ]
        );
    }

    #[test]
    fn inherited_values_resolve_against_the_workspace_root() {
        let root = "[workspace]\nmembers = [\"crates/*\"]\n[workspace.package]\nreadme = \"README.md\"\nlicense-file = \"LICENSE\"\n[workspace.dependencies]\nutil = { path = \"crates/util\" }\nlost = { path = \"crates/lost\" }\n";
        let fs = workspace().file("/w/Cargo.toml", root);
        let member = "[package]\nreadme.workspace = true\nlicense-file = { workspace = true }\n[dependencies]\nutil = { workspace = true }\nlost = { workspace = true }\n";
        assert_eq!(
            findings("/w/crates/app/Cargo.toml", member, fs.clone()),
            vec![
                ("path-missing", Andon::Red, "true".to_owned()),
                ("path-missing", Andon::Red, "true".to_owned()),
            ],
            "README.md is missing at the root, and `lost` is inherited from it"
        );
        let fs = fs.file("/w/README.md", "");
        let found = findings("/w/crates/app/Cargo.toml", member, fs);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn portability() {
        let source =
            "[dependencies]\na = { path = \"..\\\\util\" }\nb = { path = \"/abs/util\" }\n";
        let fs = workspace().file("/abs/util/Cargo.toml", "");
        assert_eq!(
            findings("/w/crates/app/Cargo.toml", source, fs),
            vec![
                ("path-backslash", Andon::Yellow, "\"..\\\\util\"".to_owned()),
                ("path-absolute", Andon::Yellow, "\"/abs/util\"".to_owned()),
            ]
        );
    }

    /// The fixes offered for the only path finding of `source`, each
    /// applied: (title, safe, new text or the file it creates).
    fn fixes(file: &str, source: &str, fs: VirtualFileSystem) -> Vec<(String, bool, String)> {
        let fs = CachedFileSystem::new(fs);
        let location = Location {
            file: Path::new(file),
            fs: &fs,
        };
        let findings = analyse_file(source, &Settings::default(), location);
        let finding = findings
            .iter()
            .find(|d| d.rule.id().starts_with("path"))
            .expect("a path finding");
        let rule = finding.rule;
        finding
            .fixes
            .iter()
            .map(|fix| {
                let result = match &fix.create {
                    Some(path) => {
                        // Creating the file resolves the finding.
                        let mut after = fs.inner().clone();
                        after.add_file(path, "");
                        let after = CachedFileSystem::new(after);
                        let location = Location {
                            file: Path::new(file),
                            fs: &after,
                        };
                        let left = analyse_file(source, &Settings::default(), location);
                        assert!(
                            !left.iter().any(|d| d.rule == rule),
                            "{} left {left:?}",
                            fix.title
                        );
                        path.display().to_string()
                    }
                    None => {
                        let fixed =
                            crate::analysis::fixes::apply(source, &fix.edits).expect("applies");
                        // The result parses and the finding is gone.
                        let location = Location {
                            file: Path::new(file),
                            fs: &fs,
                        };
                        let left = analyse_file(&fixed, &Settings::default(), location);
                        assert!(
                            !left
                                .iter()
                                .any(|d| d.rule == rule || d.rule.id() == "syntax"),
                            "{}: {fixed:?} still has {left:?}",
                            fix.title
                        );
                        fixed
                    }
                };
                (fix.title.clone(), fix.safe, result)
            })
            .collect()
    }

    #[test]
    fn repairs_for_paths() {
        let fs = workspace().file("/w/crates/app/docs/guide.md", "");
        let near = fixes(
            "/w/crates/app/Cargo.toml",
            "[package]\nreadme = \"readme.md\"\n",
            fs.clone(),
        );
        assert_eq!(
            near[0],
            (
                "Change to `README.md`".to_owned(),
                false,
                "[package]\nreadme = \"README.md\"\n".to_owned()
            )
        );
        assert_eq!(
            near[1],
            (
                "Create `readme.md`".to_owned(),
                false,
                "/w/crates/app/readme.md".to_owned()
            )
        );
        let extension = fixes(
            "/w/crates/app/Cargo.toml",
            "[package]\nreadme = \"docs/guide\"\n",
            fs.clone(),
        );
        assert_eq!(extension[0].2, "[package]\nreadme = \"docs/guide.md\"\n");
        let typo = fixes(
            "/w/crates/app/Cargo.toml",
            "[dependencies]\nu = { path = \"../utli\" }\n",
            fs.clone(),
        );
        assert_eq!(
            typo,
            vec![(
                "Change to `../util`".to_owned(),
                false,
                "[dependencies]\nu = { path = \"../util\" }\n".to_owned()
            )]
        );
        let folder = fixes(
            "/w/crates/app/Cargo.toml",
            "[dependencies]\nu = { path = \"../util/Cargo.toml\" }\n",
            fs.clone(),
        );
        assert_eq!(
            folder,
            vec![(
                "Change to `../util`".to_owned(),
                true,
                "[dependencies]\nu = { path = \"../util\" }\n".to_owned()
            )]
        );
        let inside = fixes(
            "/w/crates/app/Cargo.toml",
            "[[bin]]\nname = \"app\"\npath = \"src\"\n",
            fs.clone(),
        );
        assert_eq!(
            inside[0].2,
            "[[bin]]\nname = \"app\"\npath = \"src/main.rs\"\n"
        );
        let slashes = fixes(
            "/w/crates/app/Cargo.toml",
            "[dependencies]\nu = { path = '..\\util' }\n",
            fs.clone(),
        );
        assert_eq!(
            slashes,
            vec![(
                "Use forward slashes: `../util`".to_owned(),
                true,
                "[dependencies]\nu = { path = \"../util\" }\n".to_owned()
            )]
        );
        let absolute = fixes(
            "/w/crates/app/Cargo.toml",
            "[dependencies]\nu = { path = \"/w/crates/util\" }\n",
            fs,
        );
        assert_eq!(
            absolute[0].2,
            "[dependencies]\nu = { path = \"../util\" }\n"
        );
    }

    #[test]
    fn python_projects() {
        let fs = VirtualFileSystem::new()
            .file("/p/pyproject.toml", "")
            .file("/p/README.md", "")
            .file("/p/LICENSE.txt", "")
            .dir("/p/src");
        let source = "[project]\nreadme = { file = \"README.rst\" }\nlicense = { file = \"LICENSE.txt\" }\nlicense-files = [\"LICEN[CS]E*\", \"AUTHORS*\", \"../LICENSE\"]\n[build-system]\nbackend-path = [\"src\", \"build\"]\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n";
        assert_eq!(
            findings("/p/pyproject.toml", source, fs),
            vec![
                ("path-missing", Andon::Red, "\"README.rst\"".to_owned()),
                ("glob-no-match", Andon::Red, "\"AUTHORS*\"".to_owned()),
                ("glob-no-match", Andon::Red, "\"../LICENSE\"".to_owned()),
                ("path-missing", Andon::Red, "\"build\"".to_owned()),
            ]
        );
    }

    #[test]
    fn cargo_config_paths_start_above_the_dot_cargo_folder() {
        let fs = workspace();
        let source =
            "paths = [\"crates/util\", \"crates/none\"]\n[build]\ntarget-dir = \"not-checked\"\n";
        assert_eq!(
            findings("/w/.cargo/config.toml", source, fs),
            vec![("path-missing", Andon::Red, "\"crates/none\"".to_owned())]
        );
    }

    #[test]
    fn other_files_use_declared_keys_and_a_cautious_guess() {
        let fs = VirtualFileSystem::new()
            .file("/d/deploy/app.toml", "")
            .file("/d/certs/tls.pem", "");
        let source = "name = \"config.txt\"\ncache_dir = \"var/cache\"\nlog-file = \"logs/app.log\"\nurl = \"https://x.org/a.txt\"\n[server.tls]\ncert = \"../certs/tls.pem\"\nkey = \"../certs/tls.key\"\n";
        assert_eq!(
            findings("/d/deploy/app.toml", source, fs.clone()),
            vec![
                ("path-missing", Andon::Yellow, "\"var/cache\"".to_owned()),
                ("path-missing", Andon::Yellow, "\"logs/app.log\"".to_owned()),
            ]
        );
        let mut settings = Settings::default();
        settings.paths.keys.push(PathKeys {
            files: vec!["deploy/*.toml".to_owned()],
            keys: vec!["server.tls.*".to_owned()],
            kind: DeclaredKind::File,
            base: Some("/d".into()),
        });
        let declared = findings_with("/d/deploy/app.toml", source, fs.clone(), &settings);
        assert!(declared.contains(&(
            "path-missing",
            Andon::Red,
            "\"../certs/tls.key\"".to_owned()
        )));
        assert!(!declared.iter().any(|(_, _, text)| text.contains("tls.pem")));
        settings.paths.enabled = false;
        assert_eq!(
            findings_with("/d/deploy/app.toml", source, fs, &settings),
            vec![]
        );
    }
}
