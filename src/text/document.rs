//! `Document`: the text of one open editor buffer, kept as a rope for
//! O(log n) line lookups and edits, plus a contiguous copy because the
//! parser needs a single `&str`.
//!
//! Invariant: the rope and the string always hold the same text. Both
//! fields are private and every mutation goes through [`Document::replace`],
//! the one funnel that edits them together.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, the LSP rule; ropey is built
//! with only its `cr_lines` feature so that it counts exactly these (no
//! U+2028, no NEL). A UTF-8 byte-order mark at the start is zero-width:
//! editors never display it and clients strip it, so (0, 0) is the byte
//! after it and edits addressed by position cannot touch it.
//!
//! Positions sent by a client are clamped, never trusted: a line past the
//! end means the end of the document, a column past the end of its line
//! means the end of that line, and a reversed range is put in order.

use std::ops::Range;

use ropey::Rope;

use super::columns::{floor_char_boundary, line_content, offset_in_line, position_in_line};
use super::position::{Position, PositionEncoding};
use super::span::Span;

#[derive(Clone, Debug, Default)]
pub struct Document {
    rope: Rope,
    text: String,
}

/// One edit as a client sends it (LSP `TextDocumentContentChangeEvent`):
/// replace `range` with `text`, or the whole document when `range` is
/// `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextChange {
    pub range: Option<(Position, Position)>,
    pub text: String,
}

/// What an applied change did, in bytes: `old` is the replaced range of the
/// text before the change, and `new_len` the length of what now stands in
/// its place. The incremental reparser needs nothing more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AppliedEdit {
    pub old: Span,
    pub new_len: usize,
}

impl AppliedEdit {
    /// `self` after `earlier` (if any edit came before): the edit of both.
    pub fn after(self, earlier: Option<AppliedEdit>) -> AppliedEdit {
        earlier.map_or(self, |earlier| earlier.then(self))
    }

    /// One edit that does what `self` and then `next` (addressed in the
    /// text `self` left) do together: the span of the original text that
    /// differs, and the length of what stands there now. Everything
    /// outside it is untouched by both.
    pub fn then(self, next: AppliedEdit) -> AppliedEdit {
        let start = self.old.start();
        let old_end = self.old.end();
        // Where `self`'s replacement ends, in the text between the edits.
        let replaced_end = start + self.new_len;
        let (next_start, next_end) = (next.old.start(), next.old.end());
        let combined_start = start.min(next_start);
        let combined_old_end = old_end + next_end.saturating_sub(replaced_end);
        let end_between = replaced_end.max(next_end);
        let end_after = end_between - (next_end - next_start) + next.new_len;
        AppliedEdit {
            old: Span::new(combined_start, combined_old_end),
            new_len: end_after - combined_start,
        }
    }
}

impl Document {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        Document {
            rope: Rope::from_str(&text),
            text,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Number of lines; an empty document and one ending in a line break
    /// both have a last, empty line.
    pub fn line_count(&self) -> usize {
        self.rope.len_lines()
    }

    /// Applies one change, addressed in `enc` columns.
    pub fn apply_change(&mut self, change: &TextChange, enc: PositionEncoding) -> AppliedEdit {
        let range = match change.range {
            None => 0..self.len(),
            Some((start, end)) => {
                let start = self.offset(start, enc);
                let end = self.offset(end, enc);
                start.min(end)..start.max(end)
            }
        };
        let old = Span::new(range.start, range.end);
        self.replace(range, &change.text);
        AppliedEdit {
            old,
            new_len: change.text.len(),
        }
    }

    /// Applies changes in order, each addressed in the text left by the one
    /// before, as LSP specifies; returns what they did together (`None`
    /// for no change at all).
    pub fn apply_changes(
        &mut self,
        changes: &[TextChange],
        enc: PositionEncoding,
    ) -> Option<AppliedEdit> {
        changes.iter().fold(None, |done, change| {
            Some(self.apply_change(change, enc).after(done))
        })
    }

    /// The position of byte `offset`. Offsets past the end clamp to the
    /// end, offsets inside a character snap to its start, and offsets inside
    /// a line break (between `\r` and `\n`) map to the end of that line.
    pub fn position(&self, offset: usize, enc: PositionEncoding) -> Position {
        let offset = floor_char_boundary(&self.text, offset);
        let mut line = self.rope.byte_to_line(offset);
        // The byte between `\r` and `\n` belongs to the line that `\r\n`
        // ends. Ropey 1.6 already answers so (see the test below), but its
        // docs describe `byte_to_line` as "counting the line endings before
        // the byte", which would say otherwise; this guard keeps us right
        // whichever reading a future ropey takes.
        if line > 0 && self.rope.line_to_byte(line) > offset {
            line -= 1;
        }
        position_in_line(&self.text, line, self.line_content(line), offset, enc)
    }

    /// The byte offset of `position`. A line past the end clamps to the end
    /// of the document; a column past the end of its line clamps to the end
    /// of that line, before the line break.
    pub fn offset(&self, position: Position, enc: PositionEncoding) -> usize {
        let line = position.line as usize;
        if line >= self.line_count() {
            return self.len();
        }
        offset_in_line(&self.text, self.line_content(line), position.character, enc)
    }

    /// The positions of both ends of `span`, clamped like
    /// [`Document::position`].
    pub fn span_to_range(&self, span: Span, enc: PositionEncoding) -> (Position, Position) {
        (
            self.position(span.start(), enc),
            self.position(span.end(), enc),
        )
    }

    /// The bytes of `line` that have columns. The caller has checked that
    /// `line` exists.
    fn line_content(&self, line: usize) -> Range<usize> {
        let start = self.rope.line_to_byte(line);
        let next = (line + 1 < self.line_count()).then(|| self.rope.line_to_byte(line + 1));
        line_content(&self.text, line, start, next)
    }

    /// The one mutation funnel: replaces `range` in both the rope and the
    /// string. `range` must be ordered and on character boundaries, which
    /// every caller gets from [`Document::offset`]; it is re-clamped anyway
    /// so that a mistake cannot panic or split the two copies.
    fn replace(&mut self, range: Range<usize>, new_text: &str) {
        let end = floor_char_boundary(&self.text, range.end);
        let start = floor_char_boundary(&self.text, range.start).min(end);
        // Ropey edits by char index; converting through it keeps both
        // copies addressing the same characters.
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        self.text.replace_range(start..end, new_text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    const ALL: [PositionEncoding; 3] = [Utf8, Utf16, Utf32];

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    fn change(start: Position, end: Position, text: &str) -> TextChange {
        TextChange {
            range: Some((start, end)),
            text: text.to_owned(),
        }
    }

    #[test]
    fn ropey_counts_exactly_the_lsp_line_breaks() {
        // Only `cr_lines` is enabled: U+2028, NEL, VT and FF are not breaks.
        assert_eq!(
            Rope::from_str("a\u{2028}b\u{85}c\u{b}d\u{c}e").len_lines(),
            1
        );
        let rope = Rope::from_str("a\r\nb\rc\n");
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(rope.byte_to_line(2), 0, "between CR and LF");
        assert_eq!(rope.line_to_byte(1), 3);
        assert_eq!(rope.line_to_byte(2), 5);
    }

    #[test]
    fn crlf_and_lone_cr() {
        let doc = Document::new("a\r\nb\rc\n");
        assert_eq!(doc.line_count(), 4);
        assert_eq!(doc.position(3, Utf16), pos(1, 0));
        assert_eq!(doc.position(2, Utf16), pos(0, 1), "between CR and LF");
        assert_eq!(doc.position(5, Utf16), pos(2, 0));
        assert_eq!(doc.offset(pos(0, 5), Utf16), 1);
        assert_eq!(doc.offset(pos(3, 0), Utf16), 7);
    }

    #[test]
    fn inserting_between_cr_and_lf_splits_the_break() {
        // Position (1, 0) is after the CRLF; an edit cannot address the
        // byte between `\r` and `\n`, so split it by deleting and retyping.
        let mut doc = Document::new("a\r\nb");
        let edit = doc.apply_change(&change(pos(0, 1), pos(1, 0), "\rx\n"), Utf16);
        assert_eq!(edit.old, Span::new(1, 3));
        assert_eq!(edit.new_len, 3);
        assert_eq!(doc.text(), "a\rx\nb");
        assert_eq!(doc.line_count(), 3);
        assert_eq!(doc.position(3, Utf16), pos(1, 1));
    }

    #[test]
    fn deleting_the_lf_of_a_crlf_leaves_a_lone_cr() {
        let mut doc = Document::new("a\r\nb");
        // Replace the whole break with just `\r`.
        doc.apply_change(&change(pos(0, 1), pos(1, 0), "\r"), Utf8);
        assert_eq!(doc.text(), "a\rb");
        assert_eq!(doc.line_count(), 2);
        assert_eq!(doc.position(2, Utf8), pos(1, 0));
    }

    #[test]
    fn cr_and_lf_joined_by_an_edit_become_one_break() {
        let mut doc = Document::new("a\rx\nb");
        assert_eq!(doc.line_count(), 3);
        doc.apply_change(&change(pos(1, 0), pos(1, 1), ""), Utf16);
        assert_eq!(doc.text(), "a\r\nb");
        assert_eq!(doc.line_count(), 2);
        assert_eq!(doc.position(3, Utf16), pos(1, 0));
        assert_eq!(doc.position(2, Utf16), pos(0, 1));

        let mut doc = Document::new("a\r");
        doc.apply_change(&change(pos(1, 0), pos(1, 0), "\nb"), Utf16);
        assert_eq!(doc.text(), "a\r\nb");
        assert_eq!(doc.line_count(), 2);
    }

    #[test]
    fn bom_is_zero_width_and_survives_positional_edits() {
        let mut doc = Document::new("\u{FEFF}a=1");
        for enc in ALL {
            assert_eq!(doc.position(0, enc), pos(0, 0));
            assert_eq!(doc.position(3, enc), pos(0, 0));
            assert_eq!(doc.offset(pos(0, 0), enc), 3);
        }
        let edit = doc.apply_change(&change(pos(0, 0), pos(0, 1), "b"), Utf16);
        assert_eq!(edit.old, Span::new(3, 4));
        assert_eq!(doc.text(), "\u{FEFF}b=1");
    }

    #[test]
    fn non_bmp_characters() {
        let mut doc = Document::new("𝄞=1");
        assert_eq!(doc.position(4, Utf8), pos(0, 4));
        assert_eq!(doc.position(4, Utf16), pos(0, 2));
        assert_eq!(doc.position(4, Utf32), pos(0, 1));
        assert_eq!(doc.position(2, Utf16), pos(0, 0), "mid-character byte");
        assert_eq!(doc.offset(pos(0, 1), Utf16), 0, "mid-surrogate");
        doc.apply_change(&change(pos(0, 1), pos(0, 2), "x"), Utf16);
        assert_eq!(doc.text(), "x=1", "mid-surrogate start snaps back");
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let mut doc = Document::new("ab\ncd");
        for enc in ALL {
            assert_eq!(doc.offset(pos(0, 10), enc), 2);
            assert_eq!(doc.offset(pos(5, 0), enc), 5);
            assert_eq!(doc.offset(pos(u32::MAX, u32::MAX), enc), 5);
            assert_eq!(doc.position(usize::MAX, enc), pos(1, 2));
        }
        let edit = doc.apply_change(&change(pos(9, 9), pos(0, 99), "!"), Utf16);
        assert_eq!(edit.old, Span::new(2, 5), "reversed range is ordered");
        assert_eq!(doc.text(), "ab!");
    }

    #[test]
    fn empty_document() {
        let mut doc = Document::new("");
        assert!(doc.is_empty());
        assert_eq!(doc.line_count(), 1);
        for enc in ALL {
            assert_eq!(doc.position(0, enc), pos(0, 0));
            assert_eq!(doc.offset(pos(3, 3), enc), 0);
        }
        doc.apply_change(&change(pos(0, 0), pos(0, 0), "a"), Utf16);
        assert_eq!(doc.text(), "a");
    }

    #[test]
    fn whole_document_replacement() {
        let mut doc = Document::new("\u{FEFF}old\r\ntext");
        let edit = doc.apply_change(
            &TextChange {
                range: None,
                text: "new".to_owned(),
            },
            Utf16,
        );
        assert_eq!(edit.old, Span::new(0, 12));
        assert_eq!(edit.new_len, 3);
        assert_eq!(doc.text(), "new");
        assert_eq!(doc.line_count(), 1);
        assert_eq!(doc.len(), 3);
    }

    #[test]
    fn changes_apply_in_order() {
        let mut doc = Document::new("a");
        doc.apply_changes(
            &[
                change(pos(0, 1), pos(0, 1), "\nb"),
                change(pos(1, 1), pos(1, 1), "c"),
            ],
            Utf32,
        );
        assert_eq!(doc.text(), "a\nbc");
    }

    #[test]
    fn span_to_range_uses_both_ends() {
        let doc = Document::new("x\n𝄞y");
        let range = doc.span_to_range(Span::new(2, 7), Utf16);
        assert_eq!(range, (pos(1, 0), pos(1, 3)));
    }
}
