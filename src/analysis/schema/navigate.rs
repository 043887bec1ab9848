//! Walking a schema along a document's keys: which subschemas describe
//! the value at a key, following `$ref` (within a document and to the
//! bundled ones), `allOf`/`anyOf`/`oneOf` and `if`/`then`/`else`. What the
//! validator does not report — `deprecated` is an annotation — and what
//! editor features ask (descriptions, defaults) is read this way.
//!
//! A walk is bounded: references are followed a fixed number of times,
//! so a schema that refers to itself cannot make it loop.

use serde_json::Value as Json;

use super::bundle;

/// Which document a schema value belongs to: what its `#…` references
/// are relative to.
#[derive(Clone, Copy, Debug)]
pub enum Document<'a> {
    Bundled(usize),
    Local(&'a Json),
}

impl<'a> Document<'a> {
    pub fn root(self) -> &'a Json {
        match self {
            Document::Bundled(index) => bundle::document(index),
            Document::Local(root) => root,
        }
    }
}

/// A schema value and the document it is in.
#[derive(Clone, Copy, Debug)]
pub struct SchemaAt<'a> {
    pub document: Document<'a>,
    pub value: &'a Json,
}

/// How many references one lookup follows at most.
const MAX_REFERENCES: u8 = 16;

/// Follows `$ref` until a schema without one.
pub fn resolve(schema: SchemaAt<'_>) -> Option<SchemaAt<'_>> {
    let mut current = schema;
    for _ in 0..MAX_REFERENCES {
        let Some(reference) = current.value.get("$ref").and_then(Json::as_str) else {
            return Some(current);
        };
        current = follow(current.document, reference)?;
    }
    None
}

fn follow<'a>(document: Document<'a>, reference: &str) -> Option<SchemaAt<'a>> {
    let (target, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let document = if target.is_empty() {
        document
    } else {
        let name = target.rsplit('/').next().unwrap_or(target);
        Document::Bundled(bundle::find_uri(target).or_else(|| bundle::find(name))?)
    };
    let value = document.root().pointer(&percent_decode(pointer))?;
    Some(SchemaAt { document, value })
}

/// Every subschema that describes the value at key `name` of an object
/// described by `schema`: `properties`, else a schema-valued
/// `additionalProperties`, in this schema and in every branch of its
/// combinators.
pub fn property<'a>(schema: SchemaAt<'a>, name: &str) -> Vec<SchemaAt<'a>> {
    let mut out = Vec::new();
    collect_property(schema, name, &mut out, MAX_REFERENCES);
    out
}

fn collect_property<'a>(schema: SchemaAt<'a>, name: &str, out: &mut Vec<SchemaAt<'a>>, depth: u8) {
    let Some(schema) = resolve(schema) else {
        return;
    };
    if depth == 0 || !schema.value.is_object() {
        return;
    }
    let at = |value| SchemaAt {
        document: schema.document,
        value,
    };
    match schema
        .value
        .get("properties")
        .and_then(|properties| properties.get(name))
    {
        Some(found) => out.push(at(found)),
        None => {
            if let Some(additional) = schema.value.get("additionalProperties")
                && additional.is_object()
            {
                out.push(at(additional));
            }
        }
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        if let Some(branches) = schema.value.get(combinator).and_then(Json::as_array) {
            for branch in branches {
                collect_property(at(branch), name, out, depth - 1);
            }
        }
    }
    for branch in ["then", "else"] {
        if let Some(branch) = schema.value.get(branch) {
            collect_property(at(branch), name, out, depth - 1);
        }
    }
}

/// Every subschema that describes the elements of an array described by
/// `schema` (`items` as one schema, or each of a tuple's).
pub fn items(schema: SchemaAt<'_>) -> Vec<SchemaAt<'_>> {
    let mut out = Vec::new();
    let Some(schema) = resolve(schema) else {
        return out;
    };
    let at = |value| SchemaAt {
        document: schema.document,
        value,
    };
    match schema.value.get("items") {
        Some(Json::Array(tuple)) => out.extend(tuple.iter().map(at)),
        Some(items) if items.is_object() => out.push(at(items)),
        _ => {}
    }
    if let Some(prefix) = schema.value.get("prefixItems").and_then(Json::as_array) {
        out.extend(prefix.iter().map(at));
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        if let Some(branches) = schema.value.get(combinator).and_then(Json::as_array) {
            for branch in branches {
                out.extend(items(at(branch)));
            }
        }
    }
    out
}

/// Whether a property schema marks its key deprecated (following its
/// references).
pub fn is_deprecated(schema: SchemaAt<'_>) -> bool {
    let marked = |value: &Json| value.get("deprecated").and_then(Json::as_bool) == Some(true);
    marked(schema.value) || resolve(schema).is_some_and(|resolved| marked(resolved.value))
}

/// Undoes the percent-encoding of a URI fragment.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cargo() -> SchemaAt<'static> {
        let index = bundle::find("cargo.json").unwrap();
        SchemaAt {
            document: Document::Bundled(index),
            value: bundle::document(index),
        }
    }

    #[test]
    fn properties_follow_references_and_combinators() {
        let package = property(cargo(), "package");
        assert_eq!(package.len(), 1);
        let edition = property(package[0], "edition");
        assert!(!edition.is_empty());
        // `dependencies.serde` is a table of dependencies: any name.
        let serde = property(property(cargo(), "dependencies")[0], "serde");
        assert!(!serde.is_empty());
        let features: Vec<_> = serde
            .iter()
            .flat_map(|dependency| property(*dependency, "features"))
            .collect();
        assert!(!features.is_empty());
    }

    #[test]
    fn deprecation_is_read_from_the_schema() {
        assert!(
            property(cargo(), "dev_dependencies")
                .iter()
                .any(|schema| is_deprecated(*schema))
        );
        assert!(
            !property(cargo(), "dev-dependencies")
                .iter()
                .any(|schema| is_deprecated(*schema))
        );
    }
}
