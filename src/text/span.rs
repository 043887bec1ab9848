//! Byte spans into a document's text: the one unit every layer above `text`
//! speaks. A span is half-open (`start..end`) and always lies on UTF-8
//! character boundaries of the text it was made for.

use std::ops::Range;

/// A half-open byte range `start..end` into a document's text.
///
/// Offsets are `u32` so that syntax trees of big documents stay small; a
/// document above 4 GiB is refused before it is parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span {
            start: to_u32(start),
            end: to_u32(end),
        }
    }

    pub fn empty_at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }

    /// True when `offset` has bytes of the span on both sides: inside it,
    /// not at either end.
    pub fn surrounds(self, offset: usize) -> bool {
        self.start() < offset && offset < self.end()
    }

    /// True when `offset` is inside the span or right at its end, which is
    /// where an editor cursor sits after typing the last character.
    pub fn touches(self, offset: usize) -> bool {
        self.start() <= offset && offset <= self.end()
    }

    /// The span moved by `delta` bytes, which must keep it inside a
    /// document (at most [`MAX_DOCUMENT_LEN`] bytes long).
    pub fn shifted(self, delta: isize) -> Span {
        // Modulo 2^32 the truncated delta moves both ends exactly, and a
        // span inside a document fits in u32: no conversions on the way,
        // which matters for the many spans a reparse moves.
        let delta = delta as u32;
        Span {
            start: self.start.wrapping_add(delta),
            end: self.end.wrapping_add(delta),
        }
    }

    /// The text this span covers. Out-of-range or mid-character spans yield
    /// an empty string instead of a panic.
    pub fn text(self, source: &str) -> &str {
        source.get(self.range()).unwrap_or("")
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The largest document (in bytes) the syntax layer accepts; callers refuse
/// bigger ones with a clear message instead of producing wrapped spans.
pub const MAX_DOCUMENT_LEN: usize = u32::MAX as usize - 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_a_span_never_panics() {
        let source = "é=1";
        assert_eq!(Span::new(0, 2).text(source), "é");
        assert_eq!(Span::new(1, 2).text(source), "");
        assert_eq!(Span::new(10, 12).text(source), "");
    }

    #[test]
    fn cover_and_touch() {
        let a = Span::new(2, 4);
        let b = Span::new(6, 9);
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(a.touches(4));
        assert!(!a.contains(4));
    }
}
