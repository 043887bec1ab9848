//! Conversion between the analysis layer's values (byte spans, Andon
//! levels) and LSP protocol types, in the position encoding negotiated at
//! `initialize`.
//!
//! The one place the server meets protocol positions: every conversion
//! goes through [`Document`], which clamps what the client sends, so no
//! column is counted here. Nothing in this file decides anything; it maps.

use serde_json::json;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use crate::analysis::{self, Fix};
use crate::andon::Andon;
use crate::ide::folding::{Fold, FoldKind};
use crate::ide::hover::Hover;
use crate::ide::key_completion::{Completing, KeyCompletion};
use crate::ide::outline::{Symbol, SymbolKind};
use crate::text::{Document, Position, PositionEncoding, Span, TextChange};

/// UTF-8 when the client offers it, else UTF-16, the protocol's default.
pub fn negotiate_encoding(capabilities: &lsp::ClientCapabilities) -> PositionEncoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&lsp::PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

pub fn encoding_kind(encoding: PositionEncoding) -> lsp::PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}

pub fn range(document: &Document, span: Span, encoding: PositionEncoding) -> lsp::Range {
    let (start, end) = document.span_to_range(span, encoding);
    lsp::Range::new(
        lsp::Position::new(start.line, start.character),
        lsp::Position::new(end.line, end.character),
    )
}

pub fn text_change(event: lsp::TextDocumentContentChangeEvent) -> TextChange {
    TextChange {
        range: event.range.map(|range| {
            (
                Position::new(range.start.line, range.start.character),
                Position::new(range.end.line, range.end.character),
            )
        }),
        text: event.text,
    }
}

pub fn severity(andon: Andon) -> lsp::DiagnosticSeverity {
    match andon {
        Andon::Red => lsp::DiagnosticSeverity::ERROR,
        Andon::Yellow => lsp::DiagnosticSeverity::WARNING,
        Andon::Green => lsp::DiagnosticSeverity::INFORMATION,
    }
}

pub fn diagnostic(
    document: &Document,
    uri: &Uri,
    finding: &analysis::Diagnostic,
    encoding: PositionEncoding,
) -> lsp::Diagnostic {
    let related = finding
        .related
        .iter()
        .map(|related| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), range(document, related.span, encoding)),
            message: related.message.clone(),
        })
        .collect::<Vec<_>>();
    lsp::Diagnostic {
        range: range(document, finding.span, encoding),
        severity: Some(severity(finding.andon)),
        code: Some(lsp::NumberOrString::String(finding.rule.id().to_owned())),
        source: Some("andon".to_owned()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        data: Some(diagnostic_data(document, finding, encoding)),
        ..lsp::Diagnostic::default()
    }
}

/// What a code action needs to act on the diagnostic without re-analysing:
/// the rule and its fixes, with edit ranges in the session's encoding.
fn diagnostic_data(
    document: &Document,
    finding: &analysis::Diagnostic,
    encoding: PositionEncoding,
) -> serde_json::Value {
    let fixes: Vec<serde_json::Value> = finding
        .fixes
        .iter()
        .map(|fix: &Fix| {
            let edits: Vec<lsp::TextEdit> = fix
                .edits
                .iter()
                .map(|edit| lsp::TextEdit {
                    range: range(document, edit.span, encoding),
                    new_text: edit.new_text.clone(),
                })
                .collect();
            json!({ "title": fix.title, "safe": fix.safe, "edits": edits })
        })
        .collect();
    json!({ "rule": finding.rule.id(), "fixes": fixes })
}

pub fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Table | SymbolKind::InlineTable => lsp::SymbolKind::OBJECT,
        SymbolKind::ArrayElement => lsp::SymbolKind::STRUCT,
        SymbolKind::Array => lsp::SymbolKind::ARRAY,
        SymbolKind::String => lsp::SymbolKind::STRING,
        SymbolKind::Number => lsp::SymbolKind::NUMBER,
        SymbolKind::Boolean => lsp::SymbolKind::BOOLEAN,
        SymbolKind::Datetime => lsp::SymbolKind::CONSTANT,
        SymbolKind::Invalid => lsp::SymbolKind::KEY,
    }
}

pub fn document_symbols(
    document: &Document,
    symbols: &[Symbol],
    encoding: PositionEncoding,
) -> Vec<lsp::DocumentSymbol> {
    symbols
        .iter()
        .map(|symbol| {
            #[allow(deprecated)] // `deprecated` has no default; `tags` replaces it.
            lsp::DocumentSymbol {
                name: if symbol.name.is_empty() {
                    // Clients reject empty names; an empty quoted key is legal TOML.
                    "\"\"".to_owned()
                } else {
                    symbol.name.clone()
                },
                detail: None,
                kind: symbol_kind(symbol.kind),
                tags: None,
                deprecated: None,
                range: range(document, symbol.span, encoding),
                selection_range: range(document, symbol.selection, encoding),
                children: (!symbol.children.is_empty())
                    .then(|| document_symbols(document, &symbol.children, encoding)),
            }
        })
        .collect()
}

/// The known keys as completion items that replace the word being typed,
/// listed in the profile's order.
pub fn key_completion(
    document: &Document,
    completion: &KeyCompletion,
    encoding: PositionEncoding,
) -> lsp::CompletionResponse {
    let range = range(document, completion.replace, encoding);
    let (kind, detail) = match completion.completing {
        Completing::Table => (lsp::CompletionItemKind::STRUCT, "table"),
        Completing::ArrayOfTables => (lsp::CompletionItemKind::STRUCT, "array of tables"),
        Completing::Key => (lsp::CompletionItemKind::PROPERTY, "key"),
    };
    let items = completion
        .keys
        .iter()
        .enumerate()
        .map(|(index, key)| lsp::CompletionItem {
            label: (*key).to_owned(),
            kind: Some(kind),
            detail: Some(detail.to_owned()),
            sort_text: Some(format!("{index:04}")),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range,
                new_text: (*key).to_owned(),
            })),
            ..lsp::CompletionItem::default()
        })
        .collect();
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: false,
        items,
    })
}

pub fn hover(document: &Document, hover: Hover, encoding: PositionEncoding) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(range(document, hover.span, encoding)),
    }
}

pub fn folding_ranges(
    document: &Document,
    folds: &[Fold],
    encoding: PositionEncoding,
) -> Vec<lsp::FoldingRange> {
    folds
        .iter()
        .filter_map(|fold| {
            let start = document.position(fold.span.start(), encoding);
            let end = document.position(fold.span.end(), encoding);
            (end.line > start.line).then(|| lsp::FoldingRange {
                start_line: start.line,
                start_character: None,
                end_line: end.line,
                end_character: None,
                kind: (fold.kind == FoldKind::Comment).then_some(lsp::FoldingRangeKind::Comment),
                collapsed_text: None,
            })
        })
        .collect()
}
