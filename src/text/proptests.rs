//! Property tests for the whole `text` module: `Document` against a plain
//! `String` under random edits, and `Document`, `LineIndex` and a naive
//! character-by-character reference agreeing on every position.
//!
//! The naive reference here is deliberately written without any of the
//! module's code, so that a shared mistake in `columns.rs` cannot hide.

use proptest::prelude::*;
use proptest::sample::Index;

use super::{AppliedEdit, Document, LineIndex, Position, PositionEncoding, Span, TextChange};

const ALL: [PositionEncoding; 3] = [
    PositionEncoding::Utf8,
    PositionEncoding::Utf16,
    PositionEncoding::Utf32,
];

fn width(ch: char, enc: PositionEncoding) -> u32 {
    match enc {
        PositionEncoding::Utf8 => ch.len_utf8() as u32,
        PositionEncoding::Utf16 => ch.len_utf16() as u32,
        PositionEncoding::Utf32 => 1,
    }
}

/// Position of `offset` in BOM-free `text`, walking every character.
/// `offset` must be a char boundary not between `\r` and `\n`.
fn naive_position(text: &str, offset: usize, enc: PositionEncoding) -> Position {
    let mut position = Position::default();
    let mut chars = text[..offset].chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
        }
        if ch == '\r' || ch == '\n' {
            position.line += 1;
            position.character = 0;
        } else {
            position.character += width(ch, enc);
        }
    }
    position
}

fn naive_line_count(text: &str) -> usize {
    naive_position(text, text.len(), PositionEncoding::Utf8).line as usize + 1
}

/// Offsets a position can address: char boundaries, except the one between
/// `\r` and `\n` (inside a line break).
fn addressable(text: &str, offset: usize) -> bool {
    text.is_char_boundary(offset)
        && !(offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n'))
}

fn snap_to_addressable(text: &str, mut offset: usize) -> usize {
    while !addressable(text, offset) {
        offset -= 1;
    }
    offset
}

/// Text made of pieces that stress line breaks and column widths. Never
/// contains U+FEFF, so no edit can create a BOM.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z =\"]{1,4}",
        2 => Just("\n".to_owned()),
        2 => Just("\r".to_owned()),
        2 => Just("\r\n".to_owned()),
        2 => Just("𝄞".to_owned()),
        1 => Just("é".to_owned()),
        1 => Just("字".to_owned()),
        1 => Just("\u{2028}\u{85}".to_owned()),
        2 => any::<char>()
            .prop_filter("no BOM", |&c| c != '\u{FEFF}')
            .prop_map(String::from),
    ]
}

fn text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max_pieces).prop_map(|pieces| pieces.concat())
}

fn encoding() -> impl Strategy<Value = PositionEncoding> {
    prop::sample::select(ALL.to_vec())
}

#[derive(Clone, Debug)]
struct Edit {
    start: Index,
    end: Index,
    text: String,
    enc: PositionEncoding,
    reversed: bool,
    whole: bool,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        any::<Index>(),
        any::<Index>(),
        text(4),
        encoding(),
        any::<bool>(),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(start, end, text, enc, reversed, whole)| Edit {
            start,
            end,
            text,
            enc,
            reversed,
            whole,
        })
}

/// Every position of `doc` agrees with a fresh `LineIndex` and the naive
/// reference, and round-trips through `offset`.
fn check_positions(doc: &Document) -> Result<(), TestCaseError> {
    let text = doc.text();
    let index = LineIndex::new(text);
    prop_assert_eq!(doc.line_count(), index.line_count());
    for offset in 0..=text.len() {
        for enc in ALL {
            let from_doc = doc.position(offset, enc);
            prop_assert_eq!(from_doc, index.position(text, offset, enc));
            if !addressable(text, offset) {
                continue;
            }
            if !text.starts_with('\u{FEFF}') {
                prop_assert_eq!(from_doc, naive_position(text, offset, enc));
            }
            if offset >= 3 || !text.starts_with('\u{FEFF}') {
                prop_assert_eq!(doc.offset(from_doc, enc), offset);
                prop_assert_eq!(index.offset(text, from_doc, enc), offset);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Edits composed with `AppliedEdit::then` describe the whole change:
    /// the original text with the composed span replaced by the same span
    /// of the final text is the final text.
    #[test]
    fn composed_edits_cover_every_change(initial in text(24), edits in prop::collection::vec(edit(), 1..8)) {
        let mut doc = Document::new(initial.clone());
        let mut composed: Option<AppliedEdit> = None;
        for edit in &edits {
            let len = doc.len();
            let a = snap_to_addressable(doc.text(), edit.start.index(len + 1));
            let b = snap_to_addressable(doc.text(), edit.end.index(len + 1));
            let change = TextChange {
                range: Some((
                    naive_position(doc.text(), a.min(b), edit.enc),
                    naive_position(doc.text(), a.max(b), edit.enc),
                )),
                text: edit.text.clone(),
            };
            let applied = doc.apply_change(&change, edit.enc);
            composed = Some(composed.map_or(applied, |before| before.then(applied)));
        }
        let composed = composed.unwrap();
        let (start, old_end) = (composed.old.start(), composed.old.end());
        prop_assert!(old_end <= initial.len());
        prop_assert_eq!(initial.len() - (old_end - start) + composed.new_len, doc.len());
        let rebuilt = format!(
            "{}{}{}",
            &initial[..start],
            &doc.text()[start..start + composed.new_len],
            &initial[old_end..]
        );
        prop_assert_eq!(rebuilt.as_str(), doc.text());
    }

    #[test]
    fn edits_match_a_plain_string(initial in text(24), edits in prop::collection::vec(edit(), 0..12)) {
        let mut doc = Document::new(initial.clone());
        let mut reference = initial;
        for edit in &edits {
            let (range, change) = if edit.whole {
                (0..reference.len(), TextChange { range: None, text: edit.text.clone() })
            } else {
                let a = snap_to_addressable(&reference, edit.start.index(reference.len() + 1));
                let b = snap_to_addressable(&reference, edit.end.index(reference.len() + 1));
                let (start, end) = (a.min(b), a.max(b));
                let mut range = (
                    naive_position(&reference, start, edit.enc),
                    naive_position(&reference, end, edit.enc),
                );
                if edit.reversed {
                    range = (range.1, range.0);
                }
                (start..end, TextChange { range: Some(range), text: edit.text.clone() })
            };
            let applied = doc.apply_change(&change, edit.enc);
            prop_assert_eq!(applied.old, Span::new(range.start, range.end));
            prop_assert_eq!(applied.new_len, edit.text.len());
            reference.replace_range(range, &edit.text);
            prop_assert_eq!(doc.text(), reference.as_str());
            prop_assert_eq!(doc.len(), reference.len());
            prop_assert_eq!(doc.line_count(), naive_line_count(&reference));
        }
        // The rope was reshaped by the edits, so its line lookups are
        // checked again now, not only on freshly built documents.
        check_positions(&doc)?;
    }

    #[test]
    fn positions_round_trip_and_agree(bom in any::<bool>(), body in text(32)) {
        let text = if bom { format!("\u{FEFF}{body}") } else { body };
        check_positions(&Document::new(text))?;
    }

    #[test]
    fn any_position_is_clamped_into_the_text(
        text in text(16),
        line in any::<u32>(),
        character in any::<u32>(),
        small_line in 0u32..6,
        small_character in 0u32..12,
    ) {
        let doc = Document::new(text.clone());
        let index = LineIndex::new(&text);
        for position in [Position::new(line, character), Position::new(small_line, small_character)] {
            for enc in ALL {
                let offset = doc.offset(position, enc);
                prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
                prop_assert_eq!(offset, index.offset(&text, position, enc));
                if position.line as usize >= doc.line_count() {
                    prop_assert_eq!(offset, text.len());
                }
            }
        }
    }
}

/// Ropey stores text in chunks of about a kilobyte and must never let a
/// chunk boundary split a `\r\n`; this splits and rejoins every break of a
/// multi-chunk document through edits and checks every position after.
#[test]
fn crlf_rejoined_by_edits_across_rope_chunks() {
    let original = "key = \"𝄞\"\r\n".repeat(400);
    let mut doc = Document::new(original.clone());
    let enc = PositionEncoding::Utf16;
    for line in (0..400).rev() {
        let end_of_line = Position::new(line, 99);
        let next_line = Position::new(line + 1, 0);
        doc.apply_change(
            &TextChange {
                range: Some((end_of_line, next_line)),
                text: "\r".to_owned(),
            },
            enc,
        );
        // Now a lone `\r`: line `line + 1` starts right after it.
        doc.apply_change(
            &TextChange {
                range: Some((next_line, next_line)),
                text: "\n".to_owned(),
            },
            enc,
        );
    }
    assert_eq!(doc.text(), original);
    assert_eq!(doc.line_count(), 401);
    if let Err(error) = check_positions(&doc) {
        panic!("{error}");
    }
}
