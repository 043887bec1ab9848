//! A TOML document as the JSON a schema judges, and the way back from a
//! place in that JSON (an instance path) to the text the user edits.
//!
//! The JSON is built from the document's semantics, so it holds whatever
//! parsed even when another part of the file has a syntax error. A value
//! that did not parse becomes `null`, and [`Place::is_broken`] tells the
//! rule to stay quiet about it (the syntax error already speaks). Dates and
//! times become strings, as their TOML text; `nan` and `inf` have no JSON
//! number and are treated like broken values.
//!
//! No map from path to span is kept: a path is walked through the
//! semantics again ([`locate`]), which costs its depth and nothing for the
//! places no finding names.

use serde_json::{Map, Number, Value as Json};

use crate::syntax::semantics::{NodeId, NodeKind, Semantics, TableKind};
use crate::syntax::{Scalar, Value, ValueKind};
use crate::text::Span;

/// The JSON of the subtree at `node`.
pub fn to_json(semantics: &Semantics<'_>, source: &str, node: NodeId) -> Json {
    match semantics.node(node).kind {
        NodeKind::Table(_) => {
            let mut object = Map::new();
            for child in semantics.children(node) {
                object.insert(
                    semantics.name(child).to_owned(),
                    to_json(semantics, source, child),
                );
            }
            Json::Object(object)
        }
        NodeKind::ArrayOfTables | NodeKind::Array(_) => Json::Array(
            semantics
                .children(node)
                .map(|child| to_json(semantics, source, child))
                .collect(),
        ),
        NodeKind::Value(value) => value_to_json(value, source),
    }
}

fn value_to_json(value: &Value, source: &str) -> Json {
    match &value.kind {
        ValueKind::Array(items) => Json::Array(
            items
                .iter()
                .map(|item| value_to_json(item, source))
                .collect(),
        ),
        // Inline tables are semantic tables; this is only reached for
        // one nested in an array of plain values, which the semantics
        // never builds, so it is converted naively.
        ValueKind::InlineTable(entries) => {
            let mut object = Map::new();
            for entry in entries.iter() {
                let name = entry
                    .key
                    .parts
                    .last()
                    .map(|part| part.decode(source).into_owned())
                    .unwrap_or_default();
                object.insert(name, value_to_json(&entry.value, source));
            }
            Json::Object(object)
        }
        _ => match value.decode(source) {
            Some(Scalar::String(text)) => Json::String(text.into_owned()),
            Some(Scalar::Integer(number)) => Json::Number(number.into()),
            Some(Scalar::Float(number)) => {
                Number::from_f64(number).map_or(Json::Null, Json::Number)
            }
            Some(Scalar::Boolean(flag)) => Json::Bool(flag),
            Some(Scalar::Datetime(datetime)) => Json::String(datetime.to_string()),
            None => Json::Null,
        },
    }
}

/// What an instance path leads to in the document.
#[derive(Clone, Copy, Debug)]
pub enum Place<'s, 't> {
    /// A node of the semantics: a table, an array of tables, or a value.
    Node(NodeId, &'s Semantics<'t>),
    /// An element (at any depth) of an array of plain values.
    Item(&'t Value),
}

impl<'s, 't> Place<'s, 't> {
    /// The span a finding about the value itself goes on: a scalar or an
    /// array's text; for a table, the header or key that opens it (an
    /// inline table in an array: its braces).
    pub fn value_span(self) -> Span {
        match self {
            Place::Node(id, semantics) => match semantics.node(id).kind {
                NodeKind::Value(value) | NodeKind::Array(value) => value.span,
                _ => semantics.node(id).span,
            },
            Place::Item(value) => value.span,
        }
    }

    /// The span of the key naming this place (the last part of a dotted
    /// key or header); the value's span for an unnamed element.
    pub fn key_span(self) -> Span {
        match self {
            Place::Node(id, semantics) if !semantics.name(id).is_empty() => {
                semantics.node(id).name_span
            }
            _ => self.value_span(),
        }
    }

    /// Where a finding about a table's contents goes (a missing key): the
    /// header that opens it, else the key that names it.
    pub fn table_span(self) -> Span {
        match self {
            Place::Node(id, semantics) => semantics.node(id).span,
            Place::Item(value) => value.span,
        }
    }

    /// A value that did not parse, or has no JSON counterpart.
    pub fn is_broken(self, source: &str) -> bool {
        let value = match self {
            Place::Node(id, semantics) => match semantics.node(id).kind {
                NodeKind::Value(value) => value,
                _ => return false,
            },
            Place::Item(value) => value,
        };
        match value.kind {
            ValueKind::Invalid => true,
            ValueKind::Float => {
                !matches!(value.decode(source), Some(Scalar::Float(number)) if number.is_finite())
            }
            _ => false,
        }
    }

    /// The TOML type of the place, for messages.
    pub fn type_name(self) -> &'static str {
        match self {
            Place::Node(id, semantics) => match semantics.node(id).kind {
                NodeKind::Table(TableKind::Inline) => "an inline table",
                NodeKind::Table(_) => "a table",
                NodeKind::ArrayOfTables | NodeKind::Array(_) => "an array",
                NodeKind::Value(value) => article_type(value),
            },
            Place::Item(value) => article_type(value),
        }
    }

    /// The named child `name` of a table place.
    pub fn child(self, name: &str) -> Option<Place<'s, 't>> {
        match self {
            Place::Node(id, semantics) => semantics
                .get(id, name)
                .map(|child| Place::Node(child, semantics)),
            Place::Item(_) => None,
        }
    }
}

fn article_type(value: &Value) -> &'static str {
    match value.kind {
        ValueKind::String(_) => "a string",
        ValueKind::Integer(_) => "an integer",
        ValueKind::Float => "a float",
        ValueKind::Boolean(_) => "a boolean",
        ValueKind::Datetime => "a date-time",
        ValueKind::Array(_) => "an array",
        ValueKind::InlineTable(_) => "an inline table",
        ValueKind::Invalid => "an invalid value",
    }
}

/// One step of an instance path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// Walks `steps` from `start`; `None` if the path leaves the document
/// (which a validator's paths never do).
pub fn locate<'s, 't, 'p>(
    start: Place<'s, 't>,
    steps: impl IntoIterator<Item = Step<'p>>,
) -> Option<Place<'s, 't>> {
    let mut place = start;
    for step in steps {
        place = match (place, step) {
            (Place::Node(id, semantics), step) => match (semantics.node(id).kind, step) {
                (NodeKind::Table(_), Step::Key(name)) => place.child(name)?,
                (NodeKind::Table(_), Step::Index(index)) => place.child(&index.to_string())?,
                (NodeKind::ArrayOfTables | NodeKind::Array(_), Step::Index(index)) => {
                    Place::Node(semantics.children(id).nth(index)?, semantics)
                }
                (NodeKind::Value(value), Step::Index(index)) => match &value.kind {
                    ValueKind::Array(items) => Place::Item(items.get(index)?),
                    _ => return None,
                },
                _ => return None,
            },
            (Place::Item(value), Step::Index(index)) => match &value.kind {
                ValueKind::Array(items) => Place::Item(items.get(index)?),
                _ => return None,
            },
            (Place::Item(_), Step::Key(_)) => return None,
        };
    }
    Some(place)
}

/// The steps of a JSON pointer (`/package/edition`, `/bin/0/name`).
/// Numbers are indices: [`locate`] reads them as keys again inside a table.
pub fn steps(pointer: &str) -> Vec<Step<'_>> {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| match segment.parse::<usize>() {
            Ok(index) if !segment.starts_with('+') => Step::Index(index),
            _ => Step::Key(segment),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TomlVersion;
    use crate::syntax::{parse, semantics};
    use serde_json::json;

    fn convert(source: &str) -> Json {
        let tree = parse(source, TomlVersion::V1_1);
        let semantics = semantics::analyse(&tree, source);
        to_json(&semantics, source, Semantics::ROOT)
    }

    #[test]
    fn tables_arrays_and_scalars_become_json() {
        let source = "title = \"x\"\nwhen = 1979-05-27T07:32:00Z\n[a.b]\nc = [1, 2.5, true]\nd = { e = 'f' }\n[[bin]]\nname = \"one\"\n[[bin]]\nname = \"two\"\n";
        assert_eq!(
            convert(source),
            json!({
                "title": "x",
                "when": "1979-05-27T07:32:00Z",
                "a": { "b": { "c": [1, 2.5, true], "d": { "e": "f" } } },
                "bin": [ { "name": "one" }, { "name": "two" } ]
            })
        );
    }

    #[test]
    fn what_parsed_survives_a_syntax_error_elsewhere() {
        let source = "a = 1\nb = \nc = \"kept\"\n";
        let json = convert(source);
        assert_eq!(json["a"], json!(1));
        assert_eq!(json["c"], json!("kept"));
        assert_eq!(json["b"], Json::Null);
    }

    #[test]
    fn paths_lead_back_to_keys_and_values() {
        let source = "[package]\nname = \"x\"\nkeywords = [\"a\", 3]\n[[bin]]\nname = \"b\"\n[dependencies]\nserde = { version = 1 }\n";
        let tree = parse(source, TomlVersion::V1_1);
        let semantics = semantics::analyse(&tree, source);
        let root = Place::Node(Semantics::ROOT, &semantics);
        let at = |pointer: &str| locate(root, steps(pointer)).unwrap();
        assert_eq!(at("/package/name").value_span().text(source), "\"x\"");
        assert_eq!(at("/package/name").key_span().text(source), "name");
        assert_eq!(at("/package/keywords/1").value_span().text(source), "3");
        assert_eq!(at("/package").table_span().text(source), "package");
        assert_eq!(at("/bin/0/name").value_span().text(source), "\"b\"");
        assert_eq!(
            at("/dependencies/serde/version").value_span().text(source),
            "1"
        );
        assert_eq!(at("/dependencies/serde").key_span().text(source), "serde");
        assert!(locate(root, steps("/package/missing")).is_none());
    }
}
