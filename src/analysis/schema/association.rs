//! Which schema applies to a file, and why: the provenance `andon schemas
//! FILE` prints and the editor shows.
//!
//! In priority order: a `#:schema NAME-OR-PATH` directive in the comments
//! that open the file; the catalog's `fileMatch` globs, with SchemaStore's
//! semantics (a pattern without `/` matches the file name in any folder,
//! one with `/` matches the end of the path). A schema that only exists
//! on the network (an `http` URL that is not bundled) is never fetched:
//! the association says so, and the rule reports how to provide it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::bundle;
use crate::text::Span;

/// The schema a file is associated with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaSource {
    /// A bundled document, by index.
    Bundled(usize),
    /// A JSON file on disk, absolute.
    Local(PathBuf),
    /// A URL that is not bundled: never fetched.
    Unavailable(String),
}

/// Why a schema applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A `#:schema` directive; the span is the directive's value.
    Directive(Span),
    /// The catalog entry (by index) whose `fileMatch` pattern matched.
    Catalog { entry: usize, pattern: &'static str },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    pub schema: SchemaSource,
    pub reason: Reason,
}

impl Association {
    /// A person's name for the schema: the bundled name, the path or the URL.
    pub fn schema_name(&self) -> String {
        match &self.schema {
            SchemaSource::Bundled(index) => bundle::documents()[*index].name.to_owned(),
            SchemaSource::Local(path) => path.display().to_string(),
            SchemaSource::Unavailable(url) => url.clone(),
        }
    }

    /// Why it applies, in words.
    pub fn reason_text(&self) -> String {
        match &self.reason {
            Reason::Directive(_) => "the file's `#:schema` directive".to_owned(),
            Reason::Catalog { entry, pattern } => format!(
                "SchemaStore catalog entry \"{}\" (fileMatch `{pattern}`)",
                bundle::catalog()[*entry].name
            ),
        }
    }
}

/// How many lines at the top of a file are searched for the directive.
const DIRECTIVE_LINES: usize = 64;

/// The schema for the document `source` at `file` (absolute), if any.
pub fn associate(file: &Path, source: &str) -> Option<Association> {
    if let Some((value, span)) = directive(source) {
        return Some(Association {
            schema: resolve_directive(file, value),
            reason: Reason::Directive(span),
        });
    }
    catalog_match(file)
}

/// The value of a `#:schema` directive in the comments that open the
/// file, with its span.
pub fn directive(source: &str) -> Option<(&str, Span)> {
    let mut offset = 0;
    for line in source.split_inclusive('\n').take(DIRECTIVE_LINES) {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() {
            continue;
        }
        let comment = trimmed.strip_prefix('#')?;
        let Some(value) = comment.strip_prefix(":schema") else {
            continue;
        };
        if !value.starts_with(char::is_whitespace) {
            continue;
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let at = start + line.find(value).unwrap_or(0);
        return Some((value, Span::new(at, at + value.len())));
    }
    None
}

/// What a directive's value names: a bundled document (by file name, or
/// by a SchemaStore URL), a local file (relative to the document's
/// folder, or a `file://` URL), or a URL Andon will not fetch.
fn resolve_directive(file: &Path, value: &str) -> SchemaSource {
    if let Some(index) = bundle::find(value).or_else(|| bundle::find_uri(value)) {
        return SchemaSource::Bundled(index);
    }
    if let Some(path) = value.strip_prefix("file://") {
        return SchemaSource::Local(PathBuf::from(path));
    }
    if value.contains("://") {
        return SchemaSource::Unavailable(value.to_owned());
    }
    let path = Path::new(value);
    let path = match file.parent() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    };
    SchemaSource::Local(path)
}

/// The first catalog entry whose `fileMatch` matches `file`.
pub fn catalog_match(file: &Path) -> Option<Association> {
    let path = file.to_string_lossy().replace('\\', "/");
    let (set, patterns) = catalog_globs();
    let first = set.matches(&path).into_iter().min()?;
    let (entry, pattern) = patterns[first];
    Some(Association {
        schema: SchemaSource::Bundled(bundle::catalog()[entry].document),
        reason: Reason::Catalog { entry, pattern },
    })
}

/// Every catalog pattern as one set, with (entry, pattern) by glob index.
fn catalog_globs() -> &'static (GlobSet, Vec<(usize, &'static str)>) {
    static GLOBS: OnceLock<(GlobSet, Vec<(usize, &'static str)>)> = OnceLock::new();
    GLOBS.get_or_init(|| {
        let mut builder = GlobSetBuilder::new();
        let mut patterns = Vec::new();
        for (entry, catalog_entry) in bundle::catalog().iter().enumerate() {
            for &pattern in catalog_entry.file_match {
                let anchored = match pattern.strip_prefix("**/") {
                    Some(_) => pattern.to_owned(),
                    None => format!("**/{}", pattern.trim_start_matches('/')),
                };
                if let Ok(glob) = GlobBuilder::new(&anchored).literal_separator(true).build() {
                    builder.add(glob);
                    patterns.push((entry, pattern));
                }
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        (set, patterns)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_name(file: &str, source: &str) -> Option<String> {
        associate(Path::new(file), source).map(|association| association.schema_name())
    }

    #[test]
    fn catalog_globs_match_like_schemastore() {
        assert_eq!(
            bundled_name("/w/Cargo.toml", "").as_deref(),
            Some("cargo.json")
        );
        assert_eq!(
            bundled_name("/w/a/pyproject.toml", "").as_deref(),
            Some("pyproject.json")
        );
        assert_eq!(
            bundled_name("/home/u/abtop/config.toml", "").as_deref(),
            Some("abtop.json")
        );
        assert_eq!(bundled_name("/w/config.toml", ""), None);
        assert_eq!(
            bundled_name("/w/pants.ci.toml", "").as_deref(),
            Some("pantsbuild-2.32.0.json")
        );
        assert_eq!(
            bundled_name("/w/.cargo/mutants.toml", "").as_deref(),
            Some("cargo-mutants-config.json")
        );
        // A pattern without a slash names the file, not a folder.
        assert_eq!(bundled_name("/w/Cargo.toml/x.toml", ""), None);
        let association = associate(Path::new("/w/rustfmt.toml"), "").unwrap();
        assert_eq!(
            association.reason_text(),
            "SchemaStore catalog entry \"rustfmt\" (fileMatch `rustfmt.toml`)"
        );
    }

    #[test]
    fn a_directive_comes_first_and_is_never_fetched() {
        let source = "# settings\n#:schema ./my.schema.json\nname = 1\n";
        let association = associate(Path::new("/w/Cargo.toml"), source).unwrap();
        assert_eq!(
            association.schema,
            SchemaSource::Local(PathBuf::from("/w/./my.schema.json"))
        );
        let Reason::Directive(span) = association.reason else {
            panic!("{association:?}")
        };
        assert_eq!(span.text(source), "./my.schema.json");
        assert_eq!(
            bundled_name("/w/x.toml", "#:schema cargo.json\n").as_deref(),
            Some("cargo.json")
        );
        assert_eq!(
            bundled_name(
                "/w/x.toml",
                "#:schema https://json.schemastore.org/rustfmt.json\n"
            )
            .as_deref(),
            Some("rustfmt.json")
        );
        assert_eq!(
            associate(
                Path::new("/w/x.toml"),
                "#:schema https://example.com/s.json\n"
            )
            .map(|a| a.schema),
            Some(SchemaSource::Unavailable(
                "https://example.com/s.json".to_owned()
            ))
        );
        // Only in the comments that open the file.
        assert_eq!(
            bundled_name("/w/x.toml", "a = 1\n#:schema cargo.json\n"),
            None
        );
    }
}
