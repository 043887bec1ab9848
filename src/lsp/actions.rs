//! Code actions: each finding's fixes as `quickfix` actions (the first,
//! best one preferred), the two suppression comments every finding offers,
//! and `source.fixAll.andon` with every safe fix of the document at once.
//!
//! Pure conversion from analysis results to protocol values; which fixes
//! exist and which are safe is decided in `analysis`, not here. A fix that
//! creates a file is offered only to clients that can create files
//! through a workspace edit.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use crate::analysis::{self, Fix, fixes};
use crate::text::{Document, PositionEncoding, Span};

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

/// The actions for `range` of a document whose current findings are
/// `findings`. `only` is the client's filter on action kinds.
pub fn code_actions(
    document: &Document,
    uri: &Uri,
    findings: &[analysis::Diagnostic],
    range: Span,
    only: Option<&[lsp::CodeActionKind]>,
    encoding: PositionEncoding,
    capabilities: EditCapabilities,
) -> Vec<lsp::CodeActionOrCommand> {
    let wants = |kind: &lsp::CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|wanted| {
                kind.as_str() == wanted.as_str()
                    || kind.as_str().starts_with(&format!("{}.", wanted.as_str()))
            })
        })
    };
    let mut actions = Vec::new();
    if wants(&lsp::CodeActionKind::QUICKFIX) {
        let source = document.text();
        for finding in findings
            .iter()
            .filter(|finding| overlaps(finding.span, range))
        {
            let diagnostic = convert::diagnostic(document, uri, finding, encoding);
            let mut preferred = true;
            for fix in &finding.fixes {
                let Some(edit) = workspace_edit(document, uri, fix, encoding, capabilities) else {
                    continue;
                };
                actions.push(action(
                    &fix.title,
                    lsp::CodeActionKind::QUICKFIX,
                    &diagnostic,
                    edit,
                    preferred,
                ));
                preferred = false;
            }
            for fix in fixes::suppressions(source, finding) {
                if let Some(edit) = workspace_edit(document, uri, &fix, encoding, capabilities) {
                    actions.push(action(
                        &fix.title,
                        lsp::CodeActionKind::QUICKFIX,
                        &diagnostic,
                        edit,
                        false,
                    ));
                }
            }
        }
    }
    if wants(&fix_all_kind()) {
        let (edits, titles) = fixes::safe_edits(findings);
        if !edits.is_empty() {
            let fix = Fix {
                title: format!("Fix all safe Andon findings ({})", titles.len()),
                safe: true,
                edits,
                create: None,
            };
            if let Some(edit) = workspace_edit(document, uri, &fix, encoding, capabilities) {
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: fix.title,
                    kind: Some(fix_all_kind()),
                    edit: Some(edit),
                    ..lsp::CodeAction::default()
                }));
            }
        }
    }
    actions
}

/// A finding is relevant to a request when its span meets the range (an
/// empty cursor range at either end counts).
fn overlaps(span: Span, range: Span) -> bool {
    span.start <= range.end && range.start <= span.end
}

fn action(
    title: &str,
    kind: lsp::CodeActionKind,
    diagnostic: &lsp::Diagnostic,
    edit: lsp::WorkspaceEdit,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: title.to_owned(),
        kind: Some(kind),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..lsp::CodeAction::default()
    })
}

/// The workspace edit of a fix; `None` for a fix that creates a file when
/// the client cannot.
fn workspace_edit(
    document: &Document,
    uri: &Uri,
    fix: &Fix,
    encoding: PositionEncoding,
    capabilities: EditCapabilities,
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
    if !capabilities.create_files {
        return None;
    }
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
