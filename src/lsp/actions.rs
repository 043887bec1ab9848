//! Code actions in the protocol: `quickfix` actions and
//! `source.fixAll.andon`, each with its workspace edit.
//!
//! Pure conversion; which actions apply where is `ide::code_actions`'
//! decision, and which fixes exist and which are safe the rules'. What
//! the client can do with workspace edits (create files) is read here
//! from its capabilities and passed to that decision.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use crate::analysis::Fix;
use crate::ide::Analysis;
use crate::ide::code_actions::{Action, ActionKind};
use crate::text::{Document, PositionEncoding};

/// The kind of Andon's fix-all action; `source.fixAll` requests match it.
pub fn fix_all_kind() -> lsp::CodeActionKind {
    lsp::CodeActionKind::new("source.fixAll.andon")
}

/// What the client can do with workspace edits.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditCapabilities {
    pub create_files: bool,
}

impl EditCapabilities {
    pub fn from_client(capabilities: &lsp::ClientCapabilities) -> Self {
        let edit = capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.workspace_edit.as_ref());
        let create_files = edit.is_some_and(|edit| {
            edit.document_changes == Some(true)
                && edit
                    .resource_operations
                    .as_ref()
                    .is_some_and(|kinds| kinds.contains(&lsp::ResourceOperationKind::Create))
        });
        EditCapabilities { create_files }
    }
}

/// Which kinds of action the client's `only` filter lets through.
pub fn wanted_kinds(only: Option<&[lsp::CodeActionKind]>) -> (bool, bool) {
    let wants = |kind: &lsp::CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|wanted| {
                kind.as_str() == wanted.as_str()
                    || kind.as_str().starts_with(&format!("{}.", wanted.as_str()))
            })
        })
    };
    (
        wants(&lsp::CodeActionKind::QUICKFIX),
        wants(&fix_all_kind()),
    )
}

/// The protocol form of the revision's actions: each quick fix carries
/// the finding it acts on, as published.
pub fn code_actions(
    analysis: &Analysis,
    uri: &Uri,
    actions: Vec<Action>,
    encoding: PositionEncoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let document = analysis.document();
    actions
        .into_iter()
        .filter_map(|found| {
            let edit = workspace_edit(document, uri, &found.fix, encoding)?;
            let kind = match found.kind {
                ActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
                ActionKind::FixAll => fix_all_kind(),
            };
            let diagnostics = found.finding.map(|index| {
                vec![convert::diagnostic(
                    document,
                    uri,
                    &analysis.findings()[index],
                    encoding,
                )]
            });
            Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: found.fix.title,
                kind: Some(kind),
                diagnostics,
                edit: Some(edit),
                is_preferred: found.preferred.then_some(true),
                ..lsp::CodeAction::default()
            }))
        })
        .collect()
}

/// The workspace edit of a fix; `None` for a file that has no `file:`
/// URI.
fn workspace_edit(
    document: &Document,
    uri: &Uri,
    fix: &Fix,
    encoding: PositionEncoding,
) -> Option<lsp::WorkspaceEdit> {
    let edits: Vec<lsp::TextEdit> = fix
        .edits
        .iter()
        .map(|edit| lsp::TextEdit {
            range: convert::range(document, edit.span, encoding),
            new_text: edit.new_text.clone(),
        })
        .collect();
    let Some(path) = &fix.create else {
        return Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..lsp::WorkspaceEdit::default()
        });
    };
    let target = Uri::from_file_path(path)?;
    let mut operations = vec![lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
        lsp::CreateFile {
            uri: target,
            options: Some(lsp::CreateFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(true),
            }),
            annotation_id: None,
        },
    ))];
    if !edits.is_empty() {
        operations.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: None,
            },
            edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
        }));
    }
    Some(lsp::WorkspaceEdit {
        document_changes: Some(lsp::DocumentChanges::Operations(operations)),
        ..lsp::WorkspaceEdit::default()
    })
}
