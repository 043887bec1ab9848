//! Schemas: which JSON Schema applies to a file ([`association`]), the
//! bundled SchemaStore documents ([`bundle`]), the document as JSON with a
//! way back to its text ([`instance`]), the engine ([`validate`]) and walks
//! through a schema ([`navigate`]). The findings are `rules::schema`'s.
//!
//! [`lists`] keeps what no schema says: Cargo's deprecated underscore
//! spellings with their current names, and the key lists key completion
//! reads.

pub mod association;
pub mod bundle;
pub mod instance;
mod lists;
pub mod navigate;
pub mod validate;

pub use lists::{Keys, arrays_of_tables, deprecated, keys, may_hold_table};
