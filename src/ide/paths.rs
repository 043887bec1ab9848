//! The editor's features on path values: a link on every path that
//! leads somewhere, "go to definition" into the file (or every file a glob
//! matches), a hover that says where a path resolves and whether it is
//! there, and completion of the path being typed from the folder it
//! names.
//!
//! Read from the revision's path references, which the path rules already
//! found and resolved; lookups go through the file system the server
//! passes, its session cache (whose state the revision was analysed
//! against), except the folder listing behind completion (see
//! [`completion`]). Byte offsets only: positions are the server's
//! business.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Analysis;
use super::hover::Hover;
use crate::analysis::paths::fs::normalise;
use crate::analysis::paths::{DirEntry, FileKind, FileSystem, PathReference, glob};
use crate::analysis::profiles::PathKind;
use crate::text::Span;

/// A path value that leads to a file or folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The path between its quotes.
    pub span: Span,
    pub target: PathBuf,
}

/// The links of one revision, in document order.
#[derive(Debug, Default)]
pub struct Links {
    pub links: Vec<Link>,
}

/// One link per reference whose target exists, computed on the first call
/// for the revision.
pub fn links(analysis: &Analysis, fs: &dyn FileSystem) -> Arc<Links> {
    analysis.memo(|analysis| {
        let mut links: Vec<Link> = analysis
            .references()
            .iter()
            .filter_map(|reference| {
                Some(Link {
                    span: value_span(analysis.text(), reference),
                    target: link_target(reference, fs)?,
                })
            })
            .collect();
        links.sort_by_key(|link| (link.span.start(), link.span.end()));
        Links { links }
    })
}

/// The files the path at `offset` leads to (see [`definition_targets`]).
pub fn definition(analysis: &Analysis, offset: usize, fs: &dyn FileSystem) -> Vec<PathBuf> {
    reference_at(analysis.references(), offset)
        .map(|reference| definition_targets(reference, fs))
        .unwrap_or_default()
}

/// Where the path at `offset` resolves, whether it exists and what it is,
/// as Markdown over the path's text.
pub fn hover(analysis: &Analysis, offset: usize, fs: &dyn FileSystem) -> Option<Hover> {
    let reference = reference_at(analysis.references(), offset)?;
    let resolved = reference.resolved();
    let state = match reference.kind {
        PathKind::FileGlob | PathKind::PackageGlob(_) if glob::is_glob(&reference.text) => {
            match definition_targets(reference, fs).len() {
                1 => "glob, 1 match".to_owned(),
                n => format!("glob, {n} matches"),
            }
        }
        _ => match (fs.kind(&resolved), reference.kind) {
            (None, _) => "missing".to_owned(),
            (Some(FileKind::File), _) => "exists, file".to_owned(),
            (Some(FileKind::Directory), PathKind::Package(manifest))
            | (Some(FileKind::Directory), PathKind::PackageGlob(manifest)) => {
                if fs.kind(&resolved.join(manifest)) == Some(FileKind::File) {
                    format!("exists, directory with `{manifest}`")
                } else {
                    format!("exists, directory without `{manifest}`")
                }
            }
            (Some(FileKind::Directory), _) => "exists, directory".to_owned(),
        },
    };
    let mut markdown = format!(
        "**{}** `{}`\n\n{state}",
        reference.what,
        markdown_code(&resolved)
    );
    if let Some(root) = &reference.inherited_from {
        markdown.push_str(&format!("\n\ninherited from `{}`", markdown_code(root)));
    }
    Some(Hover {
        span: value_span(analysis.text(), reference),
        markdown,
    })
}

/// A path inside inline code: a backtick would end it early.
fn markdown_code(path: &Path) -> String {
    path.to_string_lossy().replace('`', "'")
}

/// The entries that can continue the path being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathCompletion {
    /// The segment a chosen entry replaces.
    pub replace: Span,
    pub entries: Vec<PathEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathEntry {
    pub name: String,
    /// The name as the string must hold it (escaped in a basic string).
    pub insert: String,
    pub directory: bool,
}

/// The entries that continue the path being typed at `offset`. The folder
/// is listed through `listing`, which the server passes uncached: nothing
/// watches an arbitrary folder someone completes in, so a cached listing
/// could stay stale for the whole session, and one listing per request is
/// cheap.
pub fn completion(
    analysis: &Analysis,
    offset: usize,
    listing: &dyn FileSystem,
) -> Option<PathCompletion> {
    let reference = reference_at(analysis.references(), offset)?;
    let site = completion_site(analysis.text(), reference, offset)?;
    let entries = completion_candidates(&site, listing)
        .into_iter()
        .filter_map(|entry| {
            Some(PathEntry {
                insert: escaped(&entry.name, &site)?,
                directory: entry.kind == Some(FileKind::Directory),
                name: entry.name,
            })
        })
        .collect();
    Some(PathCompletion {
        replace: site.replace,
        entries,
    })
}

/// A name as it must be written in the string being completed; `None`
/// when a literal string cannot hold it.
fn escaped(name: &str, site: &CompletionSite) -> Option<String> {
    if site.basic {
        Some(name.replace('\\', "\\\\").replace('"', "\\\""))
    } else if name.contains('\'') {
        None
    } else {
        Some(name.to_owned())
    }
}

/// The reference whose value holds `offset`, its ends included (a cursor
/// right after the closing quote is still "on" the value).
fn reference_at(references: &[PathReference], offset: usize) -> Option<&PathReference> {
    references
        .iter()
        .find(|reference| reference.span.touches(offset))
}

/// The part of a reference's span between its quotes, or the whole span
/// for a value that is not a quoted string (`readme = true`).
fn value_span(source: &str, reference: &PathReference) -> Span {
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
fn link_target(reference: &PathReference, fs: &dyn FileSystem) -> Option<PathBuf> {
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
fn definition_targets(reference: &PathReference, fs: &dyn FileSystem) -> Vec<PathBuf> {
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
struct CompletionSite {
    /// The folder whose entries continue the path.
    folder: PathBuf,
    /// The part of the current segment before the cursor.
    partial: String,
    /// The current segment: what a chosen entry replaces.
    replace: Span,
    /// Only directories make sense here (dependency paths, members).
    directories_only: bool,
    /// The value is a basic (`"`) string, where `"` and `\` need escapes;
    /// else a literal (`'`) one, where they cannot be escaped.
    basic: bool,
}

/// The completion site at `offset` inside `reference`'s string, if the
/// cursor is between its quotes. Not offered inside escapes (a basic
/// string's `\`), globs, or multi-line strings.
fn completion_site(
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
fn completion_candidates(site: &CompletionSite, fs: &dyn FileSystem) -> Vec<DirEntry> {
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
    use crate::ide::fixture;

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
            .file("/w/a`b.md", "")
    }

    fn at_cursor(marked: &str) -> (Analysis, usize) {
        fixture::analysis_of_file(CARGO, marked, &tree())
    }

    #[test]
    fn links_lead_to_what_exists() {
        let (analysis, _) = at_cursor(
            "[package]\nreadme = \"README.md\"\n[dependencies]\nutil = { path = \"../util\" }\ngone = { path = \"../gone\" }\nnot = { path = \"../crates/not-a-package\" }\n[workspace]\nmembers = [\"../crates/*\"]\n",
        );
        let links: Vec<(&str, PathBuf)> = links(&analysis, &tree())
            .links
            .iter()
            .map(|link| (link.span.text(analysis.text()), link.target.clone()))
            .collect();
        assert_eq!(
            links,
            [
                ("README.md", PathBuf::from("/w/app/README.md")),
                ("../util", PathBuf::from("/w/util/Cargo.toml")),
            ],
            "no link to a missing path, a package without its manifest, or a glob"
        );
    }

    #[test]
    fn definition_opens_files_and_every_match_of_a_glob() {
        let fs = tree();
        let definition_at = |marked: &str| {
            let (analysis, offset) = at_cursor(marked);
            definition(&analysis, offset, &fs)
        };
        assert_eq!(
            definition_at("[package]\nreadme = \"READ$0ME.md\"\n"),
            [PathBuf::from("/w/app/README.md")]
        );
        assert_eq!(
            definition_at("[dependencies]\nutil = { path = \"../util\"$0 }\n"),
            [PathBuf::from("/w/util/Cargo.toml")],
            "right after the closing quote is still on the value"
        );
        assert!(definition_at("[dependencies]\ngone = { path = \"../go$0ne\" }\n").is_empty());
        assert!(definition_at("[package]\nreadme$0 = \"README.md\"\n").is_empty());
        assert_eq!(
            definition_at("[workspace]\nmembers = [\"../crates/$0*\"]\n"),
            [
                PathBuf::from("/w/crates/a/Cargo.toml"),
                PathBuf::from("/w/crates/b/Cargo.toml")
            ]
        );
    }

    #[test]
    fn hover_says_where_a_path_resolves_and_what_is_there() {
        let fs = tree();
        let hover_at = |marked: &str| {
            let (analysis, offset) = at_cursor(marked);
            hover(&analysis, offset, &fs)
                .map(|hover| (hover.span.text(analysis.text()).to_owned(), hover.markdown))
        };
        let (span, markdown) = hover_at("[package]\nreadme = \"READ$0ME.md\"\n").unwrap();
        assert_eq!(span, "README.md");
        assert!(markdown.contains("`/w/app/README.md`"), "{markdown}");
        assert!(markdown.ends_with("exists, file"), "{markdown}");
        let (_, markdown) =
            hover_at("[dependencies]\nx = { path = \"../crates/not-a-$0package\" }\n").unwrap();
        assert!(
            markdown.ends_with("exists, directory without `Cargo.toml`"),
            "{markdown}"
        );
        let (_, markdown) = hover_at("[workspace]\nmembers = [\"../crates/$0*\"]\n").unwrap();
        assert!(markdown.ends_with("glob, 2 matches"), "{markdown}");
        let (_, markdown) = hover_at("[package]\nreadme = \"../a`b$0.md\"\n").unwrap();
        assert!(
            markdown.contains("`/w/a'b.md`"),
            "a backtick cannot end the code: {markdown}"
        );
        assert_eq!(hover_at("[package]\nname$0 = \"x\"\n"), None);
    }

    #[test]
    fn completion_lists_the_typed_folder() {
        let fs = tree();
        let names = |marked: &str| -> (Vec<String>, String) {
            let (analysis, offset) = at_cursor(marked);
            let found = completion(&analysis, offset, &fs).expect("a completion");
            let names = found.entries.into_iter().map(|entry| entry.name).collect();
            (names, found.replace.text(analysis.text()).to_owned())
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
    fn names_are_written_as_the_string_can_hold_them() {
        let fs = VirtualFileSystem::new()
            .file("/w/app/a\"b.md", "")
            .file("/w/app/it's.md", "");
        let inserted = |marked: &str| -> Vec<String> {
            let (analysis, offset) = fixture::analysis_of_file(CARGO, marked, &fs);
            let found = completion(&analysis, offset, &fs).expect("a completion");
            found
                .entries
                .into_iter()
                .map(|entry| entry.insert)
                .collect()
        };
        assert_eq!(
            inserted("[package]\nreadme = \"$0\"\n"),
            ["a\\\"b.md", "it's.md"]
        );
        assert_eq!(
            inserted("[package]\nreadme = '$0'\n"),
            ["a\"b.md"],
            "a literal string cannot hold a quote"
        );
    }

    #[test]
    fn no_completion_outside_the_quotes_or_in_globs() {
        let fs = tree();
        let (analysis, offset) = at_cursor("[package]\nreadme = $0\"x\"\n");
        assert_eq!(completion(&analysis, offset, &fs), None);
        let (analysis, offset) = at_cursor("[workspace]\nmembers = [\"crates/*/$0\"]\n");
        assert_eq!(completion(&analysis, offset, &fs), None);
    }

    #[test]
    fn an_unsaved_buffer_has_no_path_features() {
        let (analysis, offset) = fixture::analysis("[package]\nreadme = \"READ$0ME.md\"\n");
        let fs = tree();
        assert!(links(&analysis, &fs).links.is_empty());
        assert_eq!(hover(&analysis, offset, &fs), None);
        assert!(definition(&analysis, offset, &fs).is_empty());
    }
}
