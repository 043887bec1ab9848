//! Text: byte spans, documents and position conversion.
//!
//! Everything above this layer speaks UTF-8 byte offsets ([`Span`]); only
//! this module counts columns.

mod span;

pub use span::{MAX_DOCUMENT_LEN, Span};
