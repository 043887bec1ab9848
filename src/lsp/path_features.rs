//! The editor's features on path values: document links, go to
//! definition, hover and completion, as protocol values.
//!
//! Every decision (which reference is under the cursor, where it leads,
//! what continues it) is made by `analysis::paths::editor`; this file only
//! maps its byte-offset answers to ranges in the negotiated encoding and
//! to `file:` URIs. Lookups go through the session's cache, except the
//! folder listing behind completion (see [`completion`]).

use std::path::Path;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use crate::analysis::paths::editor::{self, CompletionSite};
use crate::analysis::paths::{FileKind, FileSystem, PathReference, glob};
use crate::analysis::profiles::PathKind;
use crate::text::{Document, PositionEncoding};

/// One link per reference whose target exists.
pub fn document_links(
    document: &Document,
    references: &[PathReference],
    fs: &dyn FileSystem,
    encoding: PositionEncoding,
) -> Vec<lsp::DocumentLink> {
    references
        .iter()
        .filter_map(|reference| {
            let target = editor::link_target(reference, fs)?;
            Some(lsp::DocumentLink {
                range: convert::range(
                    document,
                    editor::value_span(document.text(), reference),
                    encoding,
                ),
                target: Some(Uri::from_file_path(&target)?),
                tooltip: Some(target.to_string_lossy().into_owned()),
                data: None,
            })
        })
        .collect()
}

/// The files the reference at `offset` leads to.
pub fn definition(
    references: &[PathReference],
    offset: usize,
    fs: &dyn FileSystem,
) -> Option<lsp::GotoDefinitionResponse> {
    let reference = editor::reference_at(references, offset)?;
    let locations: Vec<lsp::Location> = editor::definition_targets(reference, fs)
        .iter()
        .filter_map(|target| {
            Some(lsp::Location::new(
                Uri::from_file_path(target)?,
                lsp::Range::default(),
            ))
        })
        .collect();
    (!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations))
}

/// The resolved path of the reference at `offset`, whether it exists and
/// what it is, as markdown.
pub fn hover(
    document: &Document,
    references: &[PathReference],
    offset: usize,
    fs: &dyn FileSystem,
    encoding: PositionEncoding,
) -> Option<lsp::Hover> {
    let reference = editor::reference_at(references, offset)?;
    let resolved = reference.resolved();
    let state = match reference.kind {
        PathKind::FileGlob | PathKind::PackageGlob(_) if glob::is_glob(&reference.text) => {
            let matches = editor::definition_targets(reference, fs).len();
            match matches {
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
    let mut value = format!(
        "**{}** `{}`\n\n{state}",
        reference.what,
        markdown_code(&resolved)
    );
    if let Some(root) = &reference.inherited_from {
        value.push_str(&format!("\n\ninherited from `{}`", markdown_code(root)));
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(convert::range(
            document,
            editor::value_span(document.text(), reference),
            encoding,
        )),
    })
}

/// A path inside inline code: a backtick would end it early.
fn markdown_code(path: &Path) -> String {
    path.to_string_lossy().replace('`', "'")
}

/// The entries that continue the path being typed at `offset`. The folder
/// is listed through `listing`, which the server passes uncached: nothing
/// watches an arbitrary folder someone completes in, so a cached listing
/// could stay stale for the whole session, and one listing per request is
/// cheap.
pub fn completion(
    document: &Document,
    references: &[PathReference],
    offset: usize,
    listing: &dyn FileSystem,
    encoding: PositionEncoding,
) -> Option<lsp::CompletionResponse> {
    let reference = editor::reference_at(references, offset)?;
    let site = editor::completion_site(document.text(), reference, offset)?;
    let range = convert::range(document, site.replace, encoding);
    let items = editor::completion_candidates(&site, listing)
        .into_iter()
        .filter_map(|entry| {
            let directory = entry.kind == Some(FileKind::Directory);
            Some(lsp::CompletionItem {
                label: entry.name.clone(),
                kind: Some(if directory {
                    lsp::CompletionItemKind::FOLDER
                } else {
                    lsp::CompletionItemKind::FILE
                }),
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                    range,
                    new_text: escaped(&entry.name, &site)?,
                })),
                ..lsp::CompletionItem::default()
            })
        })
        .collect();
    Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    }))
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
