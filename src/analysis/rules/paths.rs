//! Rules `path-missing`, `path-kind`, `glob-no-match`, `path-absolute` and
//! `path-backslash`: every path reference of a document, resolved.
//!
//! The references come from [`crate::analysis::paths::references`]; this
//! file only turns each resolution into a finding with a message that
//! names the key, the path as written, and what is wrong.

use std::path::Path;

use crate::analysis::paths::{self, FileKind, FileSystem, PathReference, Resolution};
use crate::analysis::profiles::PathKind;
use crate::analysis::{Diagnostic, RuleId};
use crate::andon::Andon;

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
    if Path::new(text).is_absolute() || looks_like_windows_absolute(text) {
        out.push(Diagnostic::new(
            RuleId::PathAbsolute,
            span,
            format!("{what} `{text}` is an absolute path, which works on one machine only; use a path relative to this file"),
        ));
    }
    let backslash = text.contains('\\') && !matches!(reference.kind, PathKind::FileGlob);
    if backslash {
        out.push(Diagnostic::new(
            RuleId::PathBackslash,
            span,
            format!("{what} `{text}` uses `\\` separators, which work only on Windows; use `/`"),
        ));
    }
    let mut finding = |rule: RuleId, andon: Andon, message: String| {
        let mut diagnostic = Diagnostic::new(rule, span, message);
        diagnostic.andon = andon;
        out.push(diagnostic);
    };
    match paths::resolve(reference, fs) {
        Resolution::Fine => {}
        Resolution::Missing => finding(
            RuleId::PathMissing,
            reference.missing,
            format!("{what} `{text}` does not exist{from_root}"),
        ),
        Resolution::NoManifest { manifest } => finding(
            RuleId::PathMissing,
            reference.missing,
            format!("{what} `{text}` is a directory without a {manifest}{from_root}"),
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
            finding(RuleId::PathKind, Andon::Red, message);
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
            finding(RuleId::GlobNoMatch, andon, message);
        }
        Resolution::BadPattern(message) => finding(
            RuleId::GlobNoMatch,
            Andon::Red,
            format!("{what}: {message}"),
        ),
    }
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
