//! The validation engine: compiled schemas, kept for the process, and
//! what a validation finds, as violations at instance paths.
//!
//! Validation is the `jsonschema` crate's (drafts 4 to 2020-12, standard
//! semantics, `format` as an annotation only). A bundled schema is compiled
//! against a registry of exactly the bundled documents it references, so
//! every `$ref` to a SchemaStore URL resolves to the bundled copy and
//! nothing is retrieved; the crate is built without its HTTP and file
//! retrievers. A local schema may reference bundled documents too.
//!
//! Where a value must match one of several forms (`anyOf`, `oneOf`), the
//! violations reported are those of the form that matched best: the one
//! whose type fits and that has the fewest violations. Only when no form's
//! type fits is the finding "expected one of these types".

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Registry, ValidationError, Validator};
use serde_json::Value as Json;

use super::bundle;
use super::navigate::{self, Document, SchemaAt};

/// A schema, compiled and ready to validate.
pub struct CompiledSchema {
    validator: Validator,
    /// The bundled document, unless `local` is set.
    bundled: usize,
    /// The local document, for looking up what a violation names;
    /// bundled documents are found through [`bundle`].
    local: Option<(String, Arc<Json>)>,
}

/// What went wrong in a validation, at one instance path.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// A JSON pointer into the instance.
    pub path: String,
    pub kind: ViolationKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ViolationKind {
    /// Keys the table may not have; `allowed` are the names it may.
    Unknown {
        names: Vec<String>,
        allowed: Vec<String>,
    },
    /// A key the table must have, with the value the schema suggests
    /// (its `default`, or its only allowed value).
    Missing {
        name: String,
        suggested: Option<Json>,
    },
    /// A value of another type: the JSON types allowed.
    WrongType { expected: Vec<&'static str> },
    /// A value not among the allowed ones.
    NotAllowed { options: Vec<Json> },
    /// Anything else, in words ("must be at least 1").
    Other { message: String },
}

impl CompiledSchema {
    /// Every violation of `instance`, in the validator's order.
    pub fn violations(&self, instance: &Json) -> Vec<Violation> {
        let mut out = Vec::new();
        for error in self.validator.iter_errors(instance) {
            self.flatten(&error, &mut out);
        }
        out
    }

    pub fn is_valid(&self, instance: &Json) -> bool {
        self.validator.is_valid(instance)
    }

    fn flatten(&self, error: &ValidationError<'_>, out: &mut Vec<Violation>) {
        let path = error.instance_path().as_str();
        match error.kind() {
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => match best_branch(context, path) {
                Some(branch) => {
                    for inner in branch {
                        self.flatten(inner, out);
                    }
                }
                None => out.push(no_branch_fits(context, path)),
            },
            kind => out.push(Violation {
                path: path.to_owned(),
                kind: self.translate(error, kind),
            }),
        }
    }

    fn translate(&self, error: &ValidationError<'_>, kind: &ValidationErrorKind) -> ViolationKind {
        match kind {
            ValidationErrorKind::Type { kind } => ViolationKind::WrongType {
                expected: type_names(kind),
            },
            ValidationErrorKind::Enum { options } => not_allowed(
                error.instance(),
                options.as_array().cloned().unwrap_or_default(),
            ),
            ValidationErrorKind::Constant { expected_value } => {
                not_allowed(error.instance(), vec![(**expected_value).clone()])
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default().to_owned();
                let suggested =
                    self.keyword_parent(error, "required")
                        .and_then(|(document, schema)| {
                            self.suggested_value(document, schema.get("properties")?.get(&name)?)
                        });
                ViolationKind::Missing { name, suggested }
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let keyword = match kind {
                    ValidationErrorKind::AdditionalProperties { .. } => "additionalProperties",
                    _ => "unevaluatedProperties",
                };
                let allowed = self
                    .keyword_parent(error, keyword)
                    .and_then(|(_, schema)| schema.get("properties")?.as_object())
                    .map(|properties| properties.keys().cloned().collect())
                    .unwrap_or_default();
                ViolationKind::Unknown {
                    names: unexpected.clone(),
                    allowed,
                }
            }
            other => ViolationKind::Other {
                message: describe(other, error),
            },
        }
    }

    /// The schema object holding the keyword that failed, and its document.
    fn keyword_parent(
        &self,
        error: &ValidationError<'_>,
        keyword: &str,
    ) -> Option<(Document<'_>, &Json)> {
        let location = error.absolute_keyword_location()?;
        let (uri, pointer) = location.as_str().split_once('#')?;
        let pointer = navigate::percent_decode(pointer);
        let parent = pointer
            .strip_suffix(keyword)?
            .strip_suffix('/')
            .unwrap_or("");
        let document = self.document_at(uri)?;
        Some((document, document.root().pointer(parent)?))
    }

    /// The document a URI names: the local one or a bundled one.
    fn document_at(&self, uri: &str) -> Option<Document<'_>> {
        match &self.local {
            Some((local_uri, local)) if local_uri == uri => Some(Document::Local(local)),
            _ => bundle::find_uri(uri).map(Document::Bundled),
        }
    }

    /// The schema's own root document.
    pub fn root(&self) -> SchemaAt<'_> {
        match &self.local {
            Some((_, local)) => SchemaAt {
                document: Document::Local(local),
                value: local,
            },
            None => SchemaAt {
                document: Document::Bundled(self.bundled),
                value: bundle::document(self.bundled),
            },
        }
    }

    fn at<'a>(&self, document: Document<'a>, value: &'a Json) -> SchemaAt<'a> {
        SchemaAt { document, value }
    }

    /// A property schema's `default`, or its only allowed value.
    fn suggested_value(&self, document: Document<'_>, property: &Json) -> Option<Json> {
        let property = navigate::resolve(self.at(document, property))?.value;
        if let Some(default) = property.get("default") {
            return Some(default.clone());
        }
        if let Some(constant) = property.get("const") {
            return Some(constant.clone());
        }
        match property.get("enum")?.as_array()?.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        }
    }
}

/// A value outside the allowed ones: of a type none of them has, it is a
/// wrong type ("must be a string"), else a wrong value.
fn not_allowed(instance: &Json, options: Vec<Json>) -> ViolationKind {
    if options.iter().any(|option| same_type(option, instance)) {
        ViolationKind::NotAllowed { options }
    } else {
        let mut expected: Vec<&'static str> = options.iter().map(json_type).collect();
        expected.sort_unstable();
        expected.dedup();
        ViolationKind::WrongType { expected }
    }
}

fn json_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(number) if number.is_f64() => "number",
        Json::Number(_) => "integer",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn same_type(a: &Json, b: &Json) -> bool {
    matches!((a, b), (Json::Number(_), Json::Number(_))) || json_type(a) == json_type(b)
}

/// The best-fitting form of an `anyOf`/`oneOf` at `path`: among the forms
/// whose type fits (no type, `enum` or `const` mismatch at the value
/// itself), the one with the fewest violations; the first on a tie.
fn best_branch<'e>(
    context: &'e [Vec<ValidationError<'static>>],
    path: &str,
) -> Option<&'e [ValidationError<'static>]> {
    context
        .iter()
        .filter(|branch| !branch.iter().any(|error| misfits_at(error, path)))
        .min_by_key(|branch| branch.len())
        .map(Vec::as_slice)
}

/// Whether an error says the value at `path` is of the wrong kind
/// altogether, rather than wrong inside.
fn misfits_at(error: &ValidationError<'_>, path: &str) -> bool {
    if error.instance_path().as_str() != path {
        return false;
    }
    match error.kind() {
        ValidationErrorKind::Type { .. }
        | ValidationErrorKind::Enum { .. }
        | ValidationErrorKind::Constant { .. }
        | ValidationErrorKind::FalseSchema => true,
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            best_branch(context, path).is_none()
        }
        _ => false,
    }
}

/// The one violation for a value no form fits: the types (or values) the
/// forms allow.
fn no_branch_fits(context: &[Vec<ValidationError<'static>>], path: &str) -> Violation {
    let mut expected: Vec<&'static str> = Vec::new();
    let mut options: Vec<Json> = Vec::new();
    let mut instance: Option<Json> = None;
    let mut collect = |error: &ValidationError<'_>| match error.kind() {
        ValidationErrorKind::Type { kind } => expected.extend(type_names(kind)),
        ValidationErrorKind::Enum { options: values } => {
            instance.get_or_insert_with(|| error.instance().clone().into_owned());
            options.extend(values.as_array().cloned().unwrap_or_default())
        }
        ValidationErrorKind::Constant { expected_value } => {
            instance.get_or_insert_with(|| error.instance().clone().into_owned());
            options.push((**expected_value).clone())
        }
        _ => {}
    };
    fn walk(
        errors: &[ValidationError<'_>],
        path: &str,
        collect: &mut dyn FnMut(&ValidationError<'_>),
    ) {
        for error in errors
            .iter()
            .filter(|error| error.instance_path().as_str() == path)
        {
            match error.kind() {
                ValidationErrorKind::AnyOf { context }
                | ValidationErrorKind::OneOfNotValid { context } => {
                    for branch in context {
                        walk(branch, path, collect);
                    }
                }
                _ => collect(error),
            }
        }
    }
    for branch in context {
        walk(branch, path, &mut collect);
    }
    // Values of another type than the document's are types it may have.
    if let Some(instance) = &instance {
        options.retain(|option| {
            let fits = same_type(option, instance);
            if !fits {
                expected.push(json_type(option));
            }
            fits
        });
    }
    let mut seen = Vec::new();
    expected.retain(|name| {
        let first = !seen.contains(name);
        seen.push(*name);
        first
    });
    let kind = if options.is_empty() && expected.is_empty() {
        ViolationKind::Other {
            message: "is not allowed here".to_owned(),
        }
    } else if options.is_empty() {
        ViolationKind::WrongType { expected }
    } else if expected.is_empty() {
        ViolationKind::NotAllowed { options }
    } else {
        let values: Vec<String> = options.iter().map(Json::to_string).collect();
        ViolationKind::Other {
            message: format!(
                "must be {} or one of {}",
                expected.join(" or "),
                values.join(", ")
            ),
        }
    };
    Violation {
        path: path.to_owned(),
        kind,
    }
}

fn type_names(kind: &TypeKind) -> Vec<&'static str> {
    match kind {
        TypeKind::Single(single) => vec![single.as_str()],
        TypeKind::Multiple(set) => set.iter().map(|single| single.as_str()).collect(),
    }
}

/// Words for the other kinds of violation, without the instance (which
/// may be a whole table).
fn describe(kind: &ValidationErrorKind, error: &ValidationError<'_>) -> String {
    match kind {
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        ValidationErrorKind::MinLength { limit } => {
            format!("must be at least {limit} character{} long", plural(*limit))
        }
        ValidationErrorKind::MaxLength { limit } => {
            format!("must be at most {limit} character{} long", plural(*limit))
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("must have at least {limit} item{}", plural(*limit))
        }
        ValidationErrorKind::MaxItems { limit } => {
            format!("must have at most {limit} item{}", plural(*limit))
        }
        ValidationErrorKind::MinProperties { limit } => {
            format!("must have at least {limit} key{}", plural(*limit))
        }
        ValidationErrorKind::MaxProperties { limit } => {
            format!("must have at most {limit} key{}", plural(*limit))
        }
        ValidationErrorKind::UniqueItems => "has the same item more than once".to_owned(),
        ValidationErrorKind::Pattern { pattern } => {
            format!("does not match the pattern `{pattern}`")
        }
        ValidationErrorKind::MultipleOf { multiple_of } => {
            format!("must be a multiple of {multiple_of}")
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            "matches more than one of the forms allowed here; it must match exactly one".to_owned()
        }
        ValidationErrorKind::FalseSchema => "is not allowed here".to_owned(),
        ValidationErrorKind::Contains => "has no item of the kind it must contain".to_owned(),
        ValidationErrorKind::Not { .. } => "is a combination the schema forbids".to_owned(),
        _ => {
            let mut message = error.masked().to_string();
            if message.len() > 160 {
                let mut cut = 157;
                while !message.is_char_boundary(cut) {
                    cut -= 1;
                }
                message.truncate(cut);
                message.push('…');
            }
            message
        }
    }
}

fn plural(count: u64) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Why a schema cannot be used.
pub type LoadError = String;

/// Bundled document `index`, compiled once for the process.
pub fn bundled(index: usize) -> Result<Arc<CompiledSchema>, LoadError> {
    static COMPILED: [OnceLock<Result<Arc<CompiledSchema>, LoadError>>; bundle::DOCUMENT_COUNT] =
        [const { OnceLock::new() }; bundle::DOCUMENT_COUNT];
    COMPILED[index]
        .get_or_init(|| {
            let registry = registry_for(index)?;
            let root = serde_json::json!({ "$ref": bundle::uri(index) });
            let validator = options()
                .with_registry(registry)
                .build(&root)
                .map_err(|error| error.to_string())?;
            Ok(Arc::new(CompiledSchema {
                validator,
                bundled: index,
                local: None,
            }))
        })
        .clone()
}

/// The registry of the documents bundled document `index` needs.
fn registry_for(index: usize) -> Result<&'static Registry<'static>, LoadError> {
    static REGISTRIES: [OnceLock<Result<Registry<'static>, LoadError>>; bundle::DOCUMENT_COUNT] =
        [const { OnceLock::new() }; bundle::DOCUMENT_COUNT];
    REGISTRIES[index]
        .get_or_init(|| {
            let documents = bundle::documents()[index]
                .closure
                .iter()
                .map(|&needed| (bundle::uri(needed), bundle::document(needed)));
            Registry::new()
                .extend(documents)
                .and_then(|builder| builder.prepare())
                .map_err(|error| error.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn options() -> jsonschema::ValidationOptions<'static> {
    let mut options = jsonschema::options();
    options = options.should_validate_formats(false).offline();
    options
}

/// A schema file from disk (its text already read), compiled once per
/// content: it may `$ref` bundled documents by their SchemaStore URLs.
pub fn local(path: &Path, text: &str) -> Result<Arc<CompiledSchema>, LoadError> {
    type Cache = Mutex<HashMap<(PathBuf, u64), Result<Arc<CompiledSchema>, LoadError>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let key = (path.to_path_buf(), hasher.finish());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return found;
    }
    let compiled = compile_local(path, text);
    if let Ok(mut cache) = cache.lock() {
        // A session sees few local schemas; a bound keeps edits to one
        // from piling up versions.
        if cache.len() >= 32 {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
    }
    compiled
}

fn compile_local(path: &Path, text: &str) -> Result<Arc<CompiledSchema>, LoadError> {
    let mut document: Json =
        serde_json::from_str(text).map_err(|error| format!("it is not JSON: {error}"))?;
    canonical_references(&mut document);
    let uri = local_uri(path);
    let mut builder = Registry::new()
        .add(&uri, document.clone())
        .map_err(|error| error.to_string())?;
    // Every bundled document it names, with what those need.
    let mut wanted = Vec::new();
    collect_bundled_references(&document, &mut wanted);
    let mut needed: Vec<usize> = Vec::new();
    for index in wanted {
        for &other in bundle::documents()[index].closure {
            if !needed.contains(&other) {
                needed.push(other);
            }
        }
    }
    for index in needed {
        builder = builder
            .add(bundle::uri(index), bundle::document(index))
            .map_err(|error| error.to_string())?;
    }
    let registry = builder.prepare().map_err(|error| error.to_string())?;
    let root = serde_json::json!({ "$ref": uri });
    let validator = options()
        .with_registry(&registry)
        .build(&root)
        .map_err(|error| error.to_string())?;
    Ok(Arc::new(CompiledSchema {
        validator,
        bundled: 0,
        local: Some((uri, Arc::new(document))),
    }))
}

/// The URI a local schema is known by inside the engine: its own `$id`
/// if it has one, so its internal references resolve as its author meant.
fn local_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// Points references to any SchemaStore host at the bundled documents'
/// canonical URIs.
fn canonical_references(value: &mut Json) {
    match value {
        Json::Object(object) => {
            if let Some(Json::String(reference)) = object.get_mut("$ref")
                && let Some(index) = bundle::find_uri(reference)
            {
                let fragment = reference
                    .split_once('#')
                    .map(|(_, fragment)| fragment.to_owned());
                *reference = match fragment {
                    Some(fragment) => format!("{}#{fragment}", bundle::uri(index)),
                    None => bundle::uri(index),
                };
            }
            object.values_mut().for_each(canonical_references);
        }
        Json::Array(items) => items.iter_mut().for_each(canonical_references),
        _ => {}
    }
}

fn collect_bundled_references(value: &Json, out: &mut Vec<usize>) {
    match value {
        Json::Object(object) => {
            if let Some(Json::String(reference)) = object.get("$ref")
                && let Some(index) = bundle::find_uri(reference)
                && !out.contains(&index)
            {
                out.push(index);
            }
            object
                .values()
                .for_each(|item| collect_bundled_references(item, out));
        }
        Json::Array(items) => items
            .iter()
            .for_each(|item| collect_bundled_references(item, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cargo() -> Arc<CompiledSchema> {
        bundled(bundle::find("cargo.json").unwrap()).expect("cargo.json compiles offline")
    }

    #[test]
    fn every_bundled_schema_compiles_offline() {
        for (index, document) in bundle::documents().iter().enumerate() {
            if let Err(error) = bundled(index) {
                panic!("{}: {error}", document.name);
            }
        }
    }

    #[test]
    fn unknown_keys_come_with_the_allowed_names() {
        let violations = cargo().violations(&json!({"package": {"name": "x", "licence": "MIT"}}));
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].path, "/package");
        let ViolationKind::Unknown { names, allowed } = &violations[0].kind else {
            panic!("{violations:?}")
        };
        assert_eq!(names, &["licence"]);
        assert!(allowed.iter().any(|name| name == "license"));
    }

    #[test]
    fn any_of_reports_the_best_matching_branch() {
        // A dependency is a version string or a table: a table with a
        // mistyped key is judged as a table.
        let violations = cargo().violations(
            &json!({"dependencies": {"serde": {"version": "1", "features": "derive"}}}),
        );
        assert_eq!(
            violations,
            vec![Violation {
                path: "/dependencies/serde/features".to_owned(),
                kind: ViolationKind::WrongType {
                    expected: vec!["array"]
                },
            }]
        );
        // An integer fits neither form.
        let violations = cargo().violations(&json!({"dependencies": {"serde": 1}}));
        assert_eq!(violations.len(), 1);
        let ViolationKind::WrongType { expected } = &violations[0].kind else {
            panic!("{violations:?}")
        };
        assert!(
            expected.contains(&"string") && expected.contains(&"object"),
            "{expected:?}"
        );
    }

    #[test]
    fn a_local_schema_may_reference_bundled_ones() {
        let text = r#"{"type": "object", "properties": {"fmt": {"$ref": "https://json.schemastore.org/rustfmt.json"}}}"#;
        let schema = local(Path::new("/w/s.json"), text).expect("compiles");
        assert!(schema.is_valid(&json!({"fmt": {"max_width": 100}})));
        assert!(!schema.is_valid(&json!({"fmt": {"max_width": "wide"}})));
        assert!(local(Path::new("/w/bad.json"), "{").is_err());
    }
}
