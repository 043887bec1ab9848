//! Editor-facing positions: a zero-based (line, character) pair and the unit
//! its character is counted in. This is the only shape in which positions
//! cross the `text` boundary; everything inside speaks byte offsets.
//!
//! Invariant: a `Position` on its own means nothing without the
//! [`PositionEncoding`] it was made with, so every conversion takes both.

/// The unit a [`Position::character`] is counted in, as negotiated with the
/// client (LSP `positionEncoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PositionEncoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units; the LSP default, so a character outside the Basic
    /// Multilingual Plane counts as two.
    Utf16,
    /// Unicode scalar values, which is what a human calls "column".
    Utf32,
}

/// A zero-based line and column, LSP style. The column is counted in the
/// units of some [`PositionEncoding`] and never includes the line break.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub fn new(line: u32, character: u32) -> Self {
        Position { line, character }
    }
}
