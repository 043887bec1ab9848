//! `LineIndex`: byte offset ↔ [`Position`] for text that does not change,
//! such as a file read by `andon check`. Open documents use
//! [`Document`](super::Document) instead, which stays correct across edits.
//!
//! Invariant: the index describes exactly the text it was built from. It
//! does not keep that text, so every lookup takes it again; handing it a
//! different text gives wrong answers but never a panic.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r` (the LSP rule, nothing else). A
//! UTF-8 byte-order mark at the start is zero-width: editors never display
//! it and clients strip it, so (0, 0) is the byte after it.

use super::columns::{
    floor_char_boundary, line_content, offset_in_line, position_in_line, saturating_u32,
};
use super::position::{Position, PositionEncoding};
use super::span::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line begins; never empty, first is 0.
    line_starts: Vec<u32>,
    /// Byte offset where each line's content ends, before its line break.
    /// Kept so that [`LineIndex::line_span`] needs no text.
    content_ends: Vec<u32>,
    /// Where line 0's content begins: after the BOM, if any.
    first_content_start: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &byte) in bytes.iter().enumerate() {
            let ends_line = match byte {
                b'\n' => true,
                // `\r\n` is a single break; its `\n` ends the line.
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                line_starts.push(saturating_u32(i + 1));
            }
        }
        let content_ends = (0..line_starts.len())
            .map(|line| {
                let next = line_starts.get(line + 1).map(|&s| s as usize);
                saturating_u32(line_content(text, line, line_starts[line] as usize, next).end)
            })
            .collect();
        let first_content_start = saturating_u32(line_content(text, 0, 0, None).start);
        LineIndex {
            line_starts,
            content_ends,
            first_content_start,
        }
    }

    /// Number of lines; an empty text and a text ending in a line break
    /// both have a last, empty line, as editors show.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The bytes of `line` that have columns: without its line break and,
    /// on line 0, without the BOM. A line past the end gives an empty span
    /// at the end of the text.
    pub fn line_span(&self, line: usize) -> Span {
        match (self.line_starts.get(line), self.content_ends.get(line)) {
            (Some(&start), Some(&end)) => {
                let start = if line == 0 {
                    self.first_content_start
                } else {
                    start
                };
                Span {
                    start,
                    end: end.max(start),
                }
            }
            _ => {
                let end = self.content_ends.last().copied().unwrap_or(0);
                Span { start: end, end }
            }
        }
    }

    /// The position of byte `offset`. Offsets past the end clamp to the
    /// end, offsets inside a character snap to its start, and offsets inside
    /// a line break (between `\r` and `\n`) map to the end of that line.
    pub fn position(&self, text: &str, offset: usize, enc: PositionEncoding) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1);
        position_in_line(text, line, self.line_span(line).range(), offset, enc)
    }

    /// The byte offset of `position`. A line past the end clamps to the end
    /// of the text; a column past the end of its line clamps to the end of
    /// that line, before the line break.
    pub fn offset(&self, text: &str, position: Position, enc: PositionEncoding) -> usize {
        let line = position.line as usize;
        if line >= self.line_count() {
            return text.len();
        }
        let offset = offset_in_line(text, self.line_span(line).range(), position.character, enc);
        floor_char_boundary(text, offset)
    }

    /// One-based line and column for people (messages, `andon check`
    /// output), where a column is a Unicode scalar value as most terminals
    /// and editors' status bars count it.
    pub fn human_line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let position = self.position(text, offset, PositionEncoding::Utf32);
        (
            position.line.saturating_add(1),
            position.character.saturating_add(1),
        )
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

    #[test]
    fn lf_crlf_and_lone_cr_each_end_a_line() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_span(0), Span::new(0, 1));
        assert_eq!(index.line_span(1), Span::new(2, 3));
        assert_eq!(index.line_span(2), Span::new(5, 6));
        assert_eq!(index.line_span(3), Span::new(7, 8));
        assert_eq!(index.position(text, 5, Utf16), pos(2, 0));
        assert_eq!(index.offset(text, pos(3, 1), Utf16), 8);
    }

    #[test]
    fn unicode_line_separators_are_not_line_breaks() {
        let text = "a\u{2028}b\u{85}c\u{c}d";
        assert_eq!(LineIndex::new(text).line_count(), 1);
    }

    #[test]
    fn offset_between_cr_and_lf_is_the_end_of_its_line() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3, Utf16), pos(0, 2));
        assert_eq!(index.position(text, 4, Utf16), pos(1, 0));
    }

    #[test]
    fn trailing_break_leaves_an_empty_last_line() {
        for text in ["a\n", "a\r\n", "a\r"] {
            let index = LineIndex::new(text);
            assert_eq!(index.line_count(), 2, "{text:?}");
            assert_eq!(index.position(text, text.len(), Utf16), pos(1, 0));
            assert_eq!(index.line_span(1), Span::empty_at(text.len()));
        }
    }

    #[test]
    fn bom_is_zero_width() {
        let text = "\u{FEFF}a=1\nb";
        let index = LineIndex::new(text);
        for enc in ALL {
            assert_eq!(index.position(text, 0, enc), pos(0, 0));
            assert_eq!(index.position(text, 3, enc), pos(0, 0));
            assert_eq!(index.position(text, 4, enc), pos(0, 1));
            assert_eq!(index.offset(text, pos(0, 0), enc), 3);
            assert_eq!(index.offset(text, pos(1, 0), enc), 7);
        }
        assert_eq!(index.line_span(0), Span::new(3, 6));
        assert_eq!(index.human_line_column(text, 4), (1, 2));
    }

    #[test]
    fn non_bmp_character_widths() {
        let text = "k=\"𝄞\"";
        let index = LineIndex::new(text);
        let after = 7;
        assert_eq!(index.position(text, after, Utf8), pos(0, 7));
        assert_eq!(index.position(text, after, Utf16), pos(0, 5));
        assert_eq!(index.position(text, after, Utf32), pos(0, 4));
        assert_eq!(index.offset(text, pos(0, 4), Utf16), 3, "mid-surrogate");
        assert_eq!(index.human_line_column(text, after), (1, 5));
    }

    #[test]
    fn out_of_range_input_is_clamped() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        for enc in ALL {
            assert_eq!(index.offset(text, pos(0, 99), enc), 2);
            assert_eq!(index.offset(text, pos(7, 0), enc), text.len());
            assert_eq!(index.offset(text, pos(u32::MAX, u32::MAX), enc), text.len());
            assert_eq!(index.position(text, 99, enc), pos(1, 2));
        }
        assert_eq!(index.line_span(9), Span::empty_at(text.len()));
        // A text the index was not built from: wrong, but no panic.
        assert_eq!(index.offset("", pos(1, 1), Utf16), 0);
        let _ = index.position("é", 1, Utf16);
    }

    #[test]
    fn empty_text_has_one_empty_line() {
        let index = LineIndex::new("");
        assert_eq!(index.line_count(), 1);
        assert_eq!(index.line_span(0), Span::empty_at(0));
        for enc in ALL {
            assert_eq!(index.position("", 0, enc), pos(0, 0));
            assert_eq!(index.offset("", pos(0, 5), enc), 0);
        }
    }
}
