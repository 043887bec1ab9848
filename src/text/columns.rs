//! Column arithmetic: the one place that knows how wide a character is in
//! each [`PositionEncoding`], and how the line break and the byte-order mark
//! fall outside every line's columns.
//!
//! [`LineIndex`](super::LineIndex) and [`Document`](super::Document) find
//! lines in different ways (a vector of line starts, a rope) but hand the
//! line they found to the functions here, so the two can never disagree
//! about a column.
//!
//! Invariant: nothing here panics, whatever offset or column it is given.
//! Offsets are clamped into the line's content and snapped back to the start
//! of the character they fall in; columns past the content clamp to its end,
//! and a column in the middle of a character (half a surrogate pair, part of
//! a multi-byte UTF-8 sequence) snaps to that character's start.

use std::ops::Range;

use super::position::{Position, PositionEncoding};

const BOM: &str = "\u{FEFF}";

/// Length of the UTF-8 byte-order mark at the very start of `text`, or 0.
/// The BOM is zero-width for columns: editors never display it and clients
/// strip it before they count characters.
pub(crate) fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) { BOM.len() } else { 0 }
}

/// `offset` clamped to `text` and moved back to the nearest character
/// boundary, so that slicing at it cannot panic.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The bytes of a line that have columns: without the BOM (only on line 0)
/// and without the line break that ends it.
///
/// `next_line_start` is where the following line begins, or `None` for the
/// last line, which has no break.
pub(crate) fn line_content(
    text: &str,
    line: usize,
    line_start: usize,
    next_line_start: Option<usize>,
) -> Range<usize> {
    let mut start = line_start.min(text.len());
    if line == 0 {
        start = start.max(bom_len(text));
    }
    let end = match next_line_start {
        Some(next) => {
            let next = next.min(text.len());
            let before = text.as_bytes().get(..next).unwrap_or_default();
            // A line break is `\n`, `\r\n` or a lone `\r`; `\r\n` is one
            // break, so it has to be checked before the single bytes.
            if before.ends_with(b"\r\n") {
                next - 2
            } else if before.ends_with(b"\n") || before.ends_with(b"\r") {
                next - 1
            } else {
                next
            }
        }
        None => text.len(),
    };
    start..end.max(start)
}

/// The position of `offset`, which the caller has found to lie on line
/// `line` whose content is `content`. Offsets before the content (inside
/// the BOM) map to column 0; offsets after it (inside the line break) map
/// to the end of the line.
pub(crate) fn position_in_line(
    text: &str,
    line: usize,
    content: Range<usize>,
    offset: usize,
    enc: PositionEncoding,
) -> Position {
    let line_text = text.get(content.clone()).unwrap_or_default();
    let byte_in_line = offset.saturating_sub(content.start);
    Position {
        line: saturating_u32(line),
        character: byte_to_column(line_text, byte_in_line, enc),
    }
}

/// The byte offset of column `character` on the line whose content is
/// `content`.
pub(crate) fn offset_in_line(
    text: &str,
    content: Range<usize>,
    character: u32,
    enc: PositionEncoding,
) -> usize {
    let line_text = text.get(content.clone()).unwrap_or_default();
    content.start + column_to_byte(line_text, character, enc)
}

/// The column of byte `byte_in_line` within `line_text` (one line's
/// content, no break).
pub(crate) fn byte_to_column(line_text: &str, byte_in_line: usize, enc: PositionEncoding) -> u32 {
    let prefix = &line_text[..floor_char_boundary(line_text, byte_in_line)];
    let width = match enc {
        PositionEncoding::Utf8 => prefix.len(),
        PositionEncoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        PositionEncoding::Utf32 => prefix.chars().count(),
    };
    saturating_u32(width)
}

/// The byte within `line_text` where column `column` starts.
pub(crate) fn column_to_byte(line_text: &str, column: u32, enc: PositionEncoding) -> usize {
    let column = column as usize;
    let width: fn(char) -> usize = match enc {
        PositionEncoding::Utf8 => return floor_char_boundary(line_text, column),
        PositionEncoding::Utf16 => char::len_utf16,
        PositionEncoding::Utf32 => |_| 1,
    };
    let mut seen = 0;
    for (byte, ch) in line_text.char_indices() {
        // `column` falls at or inside this character: its start is the
        // closest place an edit can go without splitting it.
        if column < seen + width(ch) {
            return byte;
        }
        seen += width(ch);
    }
    line_text.len()
}

/// Lines and columns are `u32` on the wire; documents are limited to
/// [`MAX_DOCUMENT_LEN`](super::MAX_DOCUMENT_LEN) bytes, so this only
/// saturates for text nobody should have handed us.
pub(crate) fn saturating_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    const ALL: [PositionEncoding; 3] = [Utf8, Utf16, Utf32];

    #[test]
    fn widths_of_a_non_bmp_character() {
        let line = "a𝄞b";
        assert_eq!(byte_to_column(line, 5, Utf8), 5);
        assert_eq!(byte_to_column(line, 5, Utf16), 3);
        assert_eq!(byte_to_column(line, 5, Utf32), 2);
        assert_eq!(column_to_byte(line, 5, Utf8), 5);
        assert_eq!(column_to_byte(line, 3, Utf16), 5);
        assert_eq!(column_to_byte(line, 2, Utf32), 5);
    }

    #[test]
    fn mid_character_columns_snap_to_the_character_start() {
        let line = "a𝄞b";
        // Between the two halves of the surrogate pair.
        assert_eq!(column_to_byte(line, 2, Utf16), 1);
        // Inside the four UTF-8 bytes.
        for column in 2..5 {
            assert_eq!(column_to_byte(line, column, Utf8), 1);
        }
    }

    #[test]
    fn mid_character_bytes_snap_to_the_character_start() {
        let line = "é𝄞";
        assert_eq!(byte_to_column(line, 1, Utf16), 0);
        assert_eq!(byte_to_column(line, 1, Utf8), 0);
        assert_eq!(byte_to_column(line, 4, Utf16), 1);
        assert_eq!(byte_to_column(line, 4, Utf32), 1);
    }

    #[test]
    fn past_the_end_clamps_to_the_end() {
        for enc in ALL {
            assert_eq!(column_to_byte("ab", 99, enc), 2);
            assert_eq!(column_to_byte("ab", u32::MAX, enc), 2);
            assert_eq!(column_to_byte("", 1, enc), 0);
        }
        assert_eq!(byte_to_column("a𝄞", 99, Utf16), 3);
    }

    #[test]
    fn line_content_excludes_breaks_and_bom() {
        let text = "\u{FEFF}a\r\nb\rc\nd";
        assert_eq!(line_content(text, 0, 0, Some(6)), 3..4);
        assert_eq!(line_content(text, 1, 6, Some(8)), 6..7);
        assert_eq!(line_content(text, 2, 8, Some(10)), 8..9);
        assert_eq!(line_content(text, 3, 10, None), 10..11);
        assert_eq!(line_content("\u{FEFF}", 0, 0, None), 3..3);
        // Nonsense input from a stale caller stays in bounds.
        assert_eq!(line_content("ab", 5, 9, Some(12)), 2..2);
    }
}
