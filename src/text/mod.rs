//! Text: byte spans, documents and position conversion.
//!
//! Everything above this layer speaks UTF-8 byte offsets ([`Span`]); only
//! this module counts columns, and only `columns.rs` inside it knows how
//! wide a character is. Editors' positions enter through [`Document`] (open
//! buffers, edited incrementally) or [`LineIndex`] (text that never
//! changes) and are clamped on the way in, never trusted.

mod columns;
mod document;
mod line_index;
mod position;
mod span;

#[cfg(test)]
mod proptests;

pub use columns::floor_char_boundary;
pub use document::{AppliedEdit, Document, TextChange};
pub use line_index::LineIndex;
pub use position::{Position, PositionEncoding};
pub use span::{MAX_DOCUMENT_LEN, Span};
