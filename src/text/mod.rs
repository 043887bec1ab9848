//! Text: byte spans, documents and position conversion.
//!
//! Everything above this layer speaks UTF-8 byte offsets ([`Span`]); only
//! this module counts columns, and only `columns.rs` inside it knows how
//! wide a character is.

mod columns;
mod line_index;
mod position;
mod span;

pub use line_index::LineIndex;
pub use position::{Position, PositionEncoding};
pub use span::{MAX_DOCUMENT_LEN, Span};
