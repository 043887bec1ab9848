//! The schemas bundled into the binary: SchemaStore's catalog entries for
//! TOML files, the documents they need, and Andon's own schema for
//! `andon.toml`. `build.rs` packs them (each document minified and
//! deflated on its own, under one canonical URI); a document is inflated
//! and parsed the first time a file needs it and kept for the process.
//!
//! Nothing here reaches the network or the disk: a reference to a
//! document that is not bundled does not resolve.

use std::ops::Range;
use std::sync::OnceLock;

use serde_json::Value;

/// One bundled JSON document.
pub struct BundledDocument {
    /// Its file name, e.g. `cargo.json`: also its bundled name.
    pub name: &'static str,
    pub title: &'static str,
    packed: Range<usize>,
    raw_len: usize,
    /// The documents a registry for this one must hold: itself first, then
    /// every bundled document it references, directly or not.
    pub closure: &'static [usize],
}

/// A SchemaStore catalog entry: which files a bundled schema is for.
pub struct CatalogEntry {
    pub name: &'static str,
    pub description: &'static str,
    /// SchemaStore's globs (`Cargo.toml`, `**/.cargo/mutants.toml`).
    pub file_match: &'static [&'static str],
    /// Index into [`documents`].
    pub document: usize,
    /// Where SchemaStore serves it; informative only, never fetched.
    pub url: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/bundled_schemas.rs"));

/// Every bundled document.
pub fn documents() -> &'static [BundledDocument] {
    &DOCUMENTS
}

/// SchemaStore's TOML catalog entries, in catalog order.
pub fn catalog() -> &'static [CatalogEntry] {
    CATALOG
}

/// The SchemaStore commit the bundled documents come from.
pub fn schemastore_source() -> &'static str {
    SCHEMASTORE_SOURCE
}

/// The bundled document called `name` (`cargo.json`).
pub fn find(name: &str) -> Option<usize> {
    DOCUMENTS.iter().position(|document| document.name == name)
}

/// The canonical URI of document `index`: its `$id` and what every
/// reference to it resolves to.
pub fn uri(index: usize) -> String {
    format!("{CANONICAL_HOST}{}", DOCUMENTS[index].name)
}

/// The bundled document a URI names, by any SchemaStore host or its
/// canonical one; `None` for anything else.
pub fn find_uri(uri: &str) -> Option<usize> {
    let without_fragment = uri.split('#').next().unwrap_or(uri);
    let name = [
        "https://www.schemastore.org/",
        "https://json.schemastore.org/",
    ]
    .iter()
    .find_map(|host| without_fragment.strip_prefix(host))?;
    find(name)
}

/// Document `index`, parsed: inflated on first use, then shared.
pub fn document(index: usize) -> &'static Value {
    static PARSED: [OnceLock<Value>; DOCUMENT_COUNT] = [const { OnceLock::new() }; DOCUMENT_COUNT];
    PARSED[index].get_or_init(|| {
        let bundled = &DOCUMENTS[index];
        let packed = &PACKED[bundled.packed.clone()];
        // The build wrote these bytes from valid JSON: failing here is a
        // broken build, not bad input.
        let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(packed, bundled.raw_len)
            .expect("bundled schema inflates");
        serde_json::from_slice(&raw).expect("bundled schema is JSON")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_inflates_to_json_under_its_canonical_id() {
        for (index, bundled) in documents().iter().enumerate() {
            let document = document(index);
            let id = document
                .get("$id")
                .or_else(|| document.get("id"))
                .and_then(Value::as_str);
            assert_eq!(id, Some(uri(index).as_str()), "{}", bundled.name);
            assert_eq!(bundled.closure[0], index);
        }
    }

    #[test]
    fn the_catalog_names_bundled_documents() {
        let cargo = catalog()
            .iter()
            .find(|entry| entry.file_match.contains(&"Cargo.toml"))
            .expect("Cargo.toml is in the catalog");
        assert_eq!(documents()[cargo.document].name, "cargo.json");
        assert_eq!(
            find_uri("https://json.schemastore.org/cargo.json#/definitions/Package"),
            Some(cargo.document)
        );
        assert_eq!(find_uri("https://example.com/cargo.json"), None);
        // cargo.json references the lint schemas: its closure holds them.
        let closure: Vec<&str> = documents()[cargo.document]
            .closure
            .iter()
            .map(|&index| documents()[index].name)
            .collect();
        assert!(closure.contains(&"cargo-lints-clippy.json"), "{closure:?}");
    }
}
