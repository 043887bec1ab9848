//! Syntax: error-tolerant TOML parsing into a tree of spans, and the TOML
//! semantics (duplicate keys and tables, conflicting definitions) over it.
//!
//! Invariants: parsing never fails and never panics on any `&str`; every
//! key and value is a [`Span`](crate::text::Span) into the text it was parsed
//! from, decoded only on request; no other module uses the parser crates.

mod messages;
mod parse;
pub mod semantics;
mod tree;

pub use parse::{
    MAX_NESTING, ParseCounts, SectionChange, is_bare_key_byte, parse, parse_counts, parse_fully,
    parse_on_two_threads, reparse, reparse_sections,
};
pub use tree::{
    Entry, Header, HeaderKind, Key, KeyPart, KeyParts, Quote, Radix, Scalar, Section, SyntaxError,
    SyntaxErrorKind, SyntaxTree, TomlVersion, Value, ValueKind,
};
