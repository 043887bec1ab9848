//! The editor's features on path values as protocol values: document
//! links, definition locations and completion items.
//!
//! Every decision (which reference is under the cursor, where it leads,
//! what continues it, how a name is written) is `ide::paths`'; this file
//! only maps its byte-offset answers to ranges in the negotiated encoding
//! and paths to `file:` URIs.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use crate::ide::paths::{Link, PathCompletion};
use crate::text::{Document, PositionEncoding};

pub fn document_links(
    document: &Document,
    links: &[Link],
    encoding: PositionEncoding,
) -> Vec<lsp::DocumentLink> {
    links
        .iter()
        .filter_map(|link| {
            Some(lsp::DocumentLink {
                range: convert::range(document, link.span, encoding),
                target: Some(Uri::from_file_path(&link.target)?),
                tooltip: Some(link.target.to_string_lossy().into_owned()),
                data: None,
            })
        })
        .collect()
}

/// `None` when there is nowhere to go, as the protocol prefers to an
/// empty list.
pub fn definition(targets: &[PathBuf]) -> Option<lsp::GotoDefinitionResponse> {
    let locations: Vec<lsp::Location> = targets
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

pub fn completion(
    document: &Document,
    completion: PathCompletion,
    encoding: PositionEncoding,
) -> lsp::CompletionResponse {
    let range = convert::range(document, completion.replace, encoding);
    let items = completion
        .entries
        .into_iter()
        .map(|entry| lsp::CompletionItem {
            label: entry.name,
            kind: Some(if entry.directory {
                lsp::CompletionItemKind::FOLDER
            } else {
                lsp::CompletionItemKind::FILE
            }),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range,
                new_text: entry.insert,
            })),
            ..lsp::CompletionItem::default()
        })
        .collect();
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    })
}
