//! What the editor's path features need from a document: its references,
//! the one under a byte offset, where each one leads, and the entries a
//! path being typed can continue with.
//!
//! Pure over the injected [`FileSystem`], like the rest of analysis; the
//! language server turns these answers into links, locations, hovers and
//! completion items. Byte offsets only: positions are the server's
//! business.

use std::path::{Path, PathBuf};

use super::fs::{DirEntry, FileKind, FileSystem, normalise};
use super::{PathReference, glob, references};
use crate::analysis::profiles::PathKind;
use crate::config::Settings;
use crate::syntax::{self, semantics};
use crate::text::Span;

/// Every path reference of the document `source` at `file`.
pub fn document_references(
    source: &str,
    file: &Path,
    settings: &Settings,
    fs: &dyn FileSystem,
) -> Vec<PathReference> {
    if !settings.paths.enabled {
        return Vec::new();
    }
    let tree = syntax::parse(source, settings.toml_version);
    let semantics = semantics::analyse(&tree, source);
    references(source, &semantics, file, settings, fs)
}

/// The reference whose value holds `offset`, its ends included (a cursor
/// right after the closing quote is still "on" the value).
pub fn reference_at(references: &[PathReference], offset: usize) -> Option<&PathReference> {
    references
        .iter()
        .find(|reference| reference.span.touches(offset))
}

/// The part of a reference's span between its quotes, or the whole span
/// for a value that is not a quoted string (`readme = true`).
pub fn value_span(source: &str, reference: &PathReference) -> Span {
    match string_content(source, reference.span) {
        Some(content) => content.span,
        None => reference.span,
    }
}

/// Is `pattern` a glob, or a literal path?
fn is_pattern(reference: &PathReference) -> bool {
    matches!(reference.kind, PathKind::FileGlob)
        || (matches!(reference.kind, PathKind::PackageGlob(_)) && glob::is_glob(&reference.text))
}

/// Where a reference leads when followed as a link: the file, a package
/// directory's manifest, or a directory. `None` for a missing target, a
/// package without its manifest, and globs (they lead to many places).
pub fn link_target(reference: &PathReference, fs: &dyn FileSystem) -> Option<PathBuf> {
    if is_pattern(reference) {
        return None;
    }
    let resolved = reference.resolved();
    match reference.kind {
        PathKind::Package(manifest) | PathKind::PackageGlob(manifest) => {
            let manifest = resolved.join(manifest);
            (fs.kind(&manifest) == Some(FileKind::File)).then_some(manifest)
        }
        _ => fs.kind(&resolved).map(|_| resolved),
    }
}

/// The files "go to definition" opens: the file itself, a package's
/// manifest, every member manifest a member glob matches, every file a
/// file glob matches. Directories are not files to open.
pub fn definition_targets(reference: &PathReference, fs: &dyn FileSystem) -> Vec<PathBuf> {
    let pattern = reference.text.replace('\\', "/");
    match reference.kind {
        PathKind::PackageGlob(manifest) if is_pattern(reference) => {
            glob::expand(&reference.base, &pattern, fs)
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, kind)| *kind == FileKind::Directory)
                .map(|(dir, _)| normalise(&dir.join(manifest)))
                .filter(|manifest| fs.kind(manifest) == Some(FileKind::File))
                .collect()
        }
        PathKind::FileGlob => glob::expand(&reference.base, &pattern, fs)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, kind)| *kind == FileKind::File)
            .map(|(path, _)| normalise(&path))
            .collect(),
        _ => link_target(reference, fs)
            .filter(|target| fs.kind(target) == Some(FileKind::File))
            .into_iter()
            .collect(),
    }
}

/// Where completion applies inside a path value being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionSite {
    /// The folder whose entries continue the path.
    pub folder: PathBuf,
    /// The part of the current segment before the cursor.
    pub partial: String,
    /// The current segment: what a chosen entry replaces.
    pub replace: Span,
    /// Only directories make sense here (dependency paths, members).
    pub directories_only: bool,
    /// The value is a basic (`"`) string, where `"` and `\` need escapes;
    /// else a literal (`'`) one, where they cannot be escaped.
    pub basic: bool,
}

/// The completion site at `offset` inside `reference`'s string, if the
/// cursor is between its quotes. Not offered inside escapes (a basic
/// string's `\`), globs, or multi-line strings.
pub fn completion_site(
    source: &str,
    reference: &PathReference,
    offset: usize,
) -> Option<CompletionSite> {
    let StringContent {
        span: content,
        basic,
        terminated,
    } = string_content(source, reference.span)?;
    if offset < content.start() || offset > content.end() {
        return None;
    }
    let typed = &source[content.start()..offset];
    if (basic && typed.contains('\\')) || glob::is_glob(typed) {
        return None;
    }
    let (folder_text, partial) = match typed.rfind('/') {
        Some(slash) => (&typed[..=slash], &typed[slash + 1..]),
        None => ("", typed),
    };
    let segment_start = content.start() + folder_text.len();
    // In an unterminated string (the user is still typing) what follows
    // the cursor is not part of the path: the parser runs the string to
    // the line's end, over any ` }` after it.
    let rest = &source[offset..content.end()];
    let segment_end = if terminated {
        offset + rest.find('/').unwrap_or(rest.len())
    } else {
        offset
    };
    let directories_only = matches!(
        reference.kind,
        PathKind::Directory | PathKind::Package(_) | PathKind::PackageGlob(_)
    );
    Some(CompletionSite {
        folder: normalise(&reference.base.join(folder_text)),
        partial: partial.to_owned(),
        replace: Span::new(segment_start, segment_end),
        directories_only,
        basic,
    })
}

/// The entries of the site's folder that can continue the path: folders,
/// and files unless only folders make sense. Hidden entries only once the
/// user typed the leading dot, so `.git` does not crowd every list.
pub fn completion_candidates(site: &CompletionSite, fs: &dyn FileSystem) -> Vec<DirEntry> {
    let Some(entries) = fs.list(&site.folder) else {
        return Vec::new();
    };
    let show_hidden = site.partial.starts_with('.');
    entries
        .iter()
        .filter(|entry| show_hidden || !entry.name.starts_with('.'))
        .filter(|entry| match entry.kind {
            Some(FileKind::Directory) => true,
            Some(FileKind::File) => !site.directories_only,
            None => false,
        })
        .cloned()
        .collect()
}

/// What lies between a single-line string's quotes.
struct StringContent {
    span: Span,
    /// A basic (`"`) string, not a literal (`'`) one.
    basic: bool,
    /// Has its closing quote; else it runs to the end of its span.
    terminated: bool,
}

/// `None` for anything but a single-line string.
fn string_content(source: &str, span: Span) -> Option<StringContent> {
    let raw = span.text(source);
    let quote = raw.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        return None;
    }
    let terminated = raw.len() >= 2 && raw.ends_with(quote);
    let end = if terminated {
        span.end() - 1
    } else {
        span.end()
    };
    Some(StringContent {
        span: Span::new(span.start() + 1, end),
        basic: quote == '"',
        terminated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::VirtualFileSystem;

    const CARGO: &str = "/w/app/Cargo.toml";

    fn tree() -> VirtualFileSystem {
        VirtualFileSystem::new()
            .file("/w/app/README.md", "")
            .file("/w/app/src/main.rs", "")
            .file("/w/app/.hidden/x", "")
            .file("/w/util/Cargo.toml", "[package]")
            .file("/w/crates/a/Cargo.toml", "[package]")
            .file("/w/crates/b/Cargo.toml", "[package]")
            .dir("/w/crates/not-a-package")
            .file("/w/notes.txt", "")
    }

    /// The references of `source` and the offset of its `$0` marker.
    fn at_cursor(source: &str) -> (String, usize, Vec<PathReference>) {
        let offset = source.find("$0").expect("a $0 marker");
        let text = source.replace("$0", "");
        let refs = document_references(&text, Path::new(CARGO), &Settings::default(), &tree());
        (text, offset, refs)
    }

    #[test]
    fn the_reference_under_the_cursor_and_its_targets() {
        let fs = tree();
        let (text, offset, refs) = at_cursor(
            "[package]\nreadme = \"READ$0ME.md\"\n[dependencies]\nutil = { path = \"../util\" }\ngone = { path = \"../gone\" }\n[workspace]\nmembers = [\"../crates/*\"]\n",
        );
        let readme = reference_at(&refs, offset).unwrap();
        assert_eq!(readme.text, "README.md");
        assert_eq!(value_span(&text, readme).text(&text), "README.md");
        assert_eq!(
            link_target(readme, &fs),
            Some(PathBuf::from("/w/app/README.md"))
        );
        let util = refs.iter().find(|r| r.text == "../util").unwrap();
        assert_eq!(
            link_target(util, &fs),
            Some(PathBuf::from("/w/util/Cargo.toml"))
        );
        assert_eq!(
            definition_targets(util, &fs),
            [PathBuf::from("/w/util/Cargo.toml")]
        );
        let gone = refs.iter().find(|r| r.text == "../gone").unwrap();
        assert_eq!(link_target(gone, &fs), None);
        assert!(definition_targets(gone, &fs).is_empty());
        let members = refs.iter().find(|r| r.text == "../crates/*").unwrap();
        assert_eq!(link_target(members, &fs), None, "a glob leads to many");
        assert_eq!(
            definition_targets(members, &fs),
            [
                PathBuf::from("/w/crates/a/Cargo.toml"),
                PathBuf::from("/w/crates/b/Cargo.toml")
            ]
        );
    }

    #[test]
    fn completion_lists_the_typed_folder() {
        let fs = tree();
        let names = |source: &str| -> (Vec<String>, String) {
            let (text, offset, refs) = at_cursor(source);
            let reference = reference_at(&refs, offset).expect("on a reference");
            let site = completion_site(&text, reference, offset).expect("a site");
            let names = completion_candidates(&site, &fs)
                .into_iter()
                .map(|entry| entry.name)
                .collect();
            (names, site.replace.text(&text).to_owned())
        };
        // A dependency path wants a directory: no files offered.
        assert_eq!(
            names("[dependencies]\nutil = { path = \"../$0\" }\n"),
            (
                vec!["app".into(), "crates".into(), "util".into()],
                String::new()
            )
        );
        // A readme wants a file: files and folders, hidden ones only after a dot.
        assert_eq!(
            names("[package]\nreadme = \"RE$0x/y\"\n"),
            (vec!["README.md".into(), "src".into()], "REx".to_owned())
        );
        assert_eq!(
            names("[package]\nreadme = \".$0\"\n").0,
            [".hidden", "README.md", "src"]
        );
        assert_eq!(names("[package]\nreadme = 'src/$0'\n").0, ["main.rs"]);
        // Still typing: no closing quote yet, and the rest of the line is
        // not replaced.
        assert_eq!(
            names("[dependencies]\nutil = { path = \"../u$0 }\n"),
            (
                vec!["app".into(), "crates".into(), "util".into()],
                "u".to_owned()
            )
        );
    }

    #[test]
    fn no_completion_outside_the_quotes_or_in_globs() {
        let (text, offset, refs) = at_cursor("[package]\nreadme = $0\"x\"\n");
        let reference = reference_at(&refs, offset).unwrap();
        assert_eq!(completion_site(&text, reference, offset), None);
        let (text, offset, refs) = at_cursor("[workspace]\nmembers = [\"crates/*/$0\"]\n");
        let reference = reference_at(&refs, offset).unwrap();
        assert_eq!(completion_site(&text, reference, offset), None);
    }
}
