//! Key completion: where a bare key is being typed — at the start of a
//! line, in a table header, or in an inline table — the keys the file's
//! profile knows for that table ([`schema::keys`]), less those the table
//! already holds there. Byte offsets only, like the path features; the
//! language server turns the answer into completion items.
//!
//! Tables whose keys are the user's own names (dependencies, features,
//! `[tool]`, …) offer nothing: a guess there would only be noise.

use std::borrow::Cow;

use crate::analysis::profiles::Profile;
use crate::analysis::schema::{self, Keys};
use crate::syntax::{
    self, Entry, HeaderKind, Key, Section, SyntaxTree, TomlVersion, Value, ValueKind,
    is_bare_key_byte,
};
use crate::text::Span;

/// The keys to offer where a key is being typed, and the text a chosen one
/// replaces.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyCompletion {
    /// The bare word under the cursor (after the last dot of a dotted key);
    /// empty where a key is about to start.
    pub replace: Span,
    /// In the profile's order, which puts the common keys first.
    pub keys: Vec<&'static str>,
    pub completing: Completing,
}

/// What the chosen key becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completing {
    Key,
    /// The name in a `[table]` header.
    Table,
    /// The name in an `[[array of tables]]` header.
    ArrayOfTables,
}

/// What may be completed at `offset` in `source`, a document of `profile`.
pub fn complete_key(
    source: &str,
    version: TomlVersion,
    profile: Profile,
    offset: usize,
) -> Option<KeyCompletion> {
    // A profile that knows no keys at the top knows none below either.
    if offset > source.len()
        || !source.is_char_boundary(offset)
        || schema::keys(profile, &[]) == Keys::Any
    {
        return None;
    }
    let typed = Typed::at(source, offset)?;
    let tree = syntax::parse(source, version);
    let (table, siblings) = match typed.place {
        Place::Header(_) => (Vec::new(), Siblings::Headers(&tree)),
        Place::LineStart => {
            let section = section_at(&tree, typed.start);
            if section
                .entries()
                .iter()
                .any(|entry| strictly_inside(entry.value.span, typed.start))
            {
                // A line of a multi-line string or array.
                return None;
            }
            (
                header_path(section, source),
                Siblings::Entries(section.entries()),
            )
        }
        Place::AfterBraceOrComma => {
            let section = section_at(&tree, typed.start);
            let mut path = header_path(section, source);
            let entries = inline_table_at(section.entries(), typed.start, source, &mut path)?;
            (path, Siblings::Entries(entries))
        }
    };
    let mut path: Vec<Cow<'_, str>> = table;
    path.extend(typed.dotted.iter().map(|part| Cow::Borrowed(*part)));
    let path: Vec<&str> = path.iter().map(|part| part.as_ref()).collect();
    let Keys::Known(known) = schema::keys(profile, &path) else {
        return None;
    };
    let arrays = schema::arrays_of_tables(profile, &path);
    let completing = match typed.place {
        Place::Header(HeaderKind::Table) => Completing::Table,
        Place::Header(HeaderKind::ArrayOfTables) => Completing::ArrayOfTables,
        Place::LineStart | Place::AfterBraceOrComma => Completing::Key,
    };
    let keys = known
        .iter()
        .copied()
        .filter(|name| match completing {
            Completing::Table => !arrays.contains(name),
            Completing::ArrayOfTables => arrays.contains(name),
            Completing::Key => true,
        })
        .filter(|name| !siblings.define(&typed.dotted, name, typed.replace, source))
        .collect();
    Some(KeyCompletion {
        replace: typed.replace,
        keys,
        completing,
    })
}

/// Where the word being typed stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Only blanks before it on its line.
    LineStart,
    /// Right after the opening bracket(s) of a header.
    Header(HeaderKind),
    /// After `{` or `,`: a key of an inline table, if that is where it is.
    AfterBraceOrComma,
}

/// The key being typed at the cursor: `a.b.wo|rd`.
struct Typed<'s> {
    /// Where the whole dotted key starts.
    start: usize,
    /// The complete parts before the word (`a`, `b`).
    dotted: Vec<&'s str>,
    /// The word around the cursor (`word`).
    replace: Span,
    place: Place,
}

impl<'s> Typed<'s> {
    fn at(source: &'s str, offset: usize) -> Option<Typed<'s>> {
        let bytes = source.as_bytes();
        let run_back = |end: usize, accept: &dyn Fn(u8) -> bool| {
            end - bytes[..end]
                .iter()
                .rev()
                .take_while(|&&b| accept(b))
                .count()
        };
        let word_start = run_back(offset, &|b| is_bare_key_byte(b));
        let word_end = offset
            + bytes[offset..]
                .iter()
                .take_while(|&&b| is_bare_key_byte(b))
                .count();
        let start = run_back(word_start, &|b| is_bare_key_byte(b) || b == b'.');
        let mut dotted: Vec<&str> = source[start..word_start].split('.').collect();
        // `a.b.` splits into `a`, `b` and the empty rest before the word.
        dotted.pop();
        if dotted.iter().any(|part| part.is_empty()) {
            return None;
        }
        let before = source[..start].trim_end_matches([' ', '\t']);
        let at_line_start =
            |text: &str| text.is_empty() || text.ends_with('\n') || text.ends_with('\r');
        let place = if at_line_start(before) {
            Place::LineStart
        } else if let Some(rest) = before.strip_suffix("[[")
            && at_line_start(rest.trim_end_matches([' ', '\t']))
        {
            Place::Header(HeaderKind::ArrayOfTables)
        } else if let Some(rest) = before.strip_suffix('[')
            && at_line_start(rest.trim_end_matches([' ', '\t']))
        {
            Place::Header(HeaderKind::Table)
        } else if before.ends_with(['{', ',']) {
            Place::AfterBraceOrComma
        } else {
            return None;
        };
        Some(Typed {
            start,
            dotted,
            replace: Span::new(word_start, word_end),
            place,
        })
    }
}

/// The section a byte of the document belongs to.
fn section_at(tree: &SyntaxTree, at: usize) -> &Section {
    tree.sections
        .iter()
        .rev()
        .find(|section| section.span.start() <= at)
        .unwrap_or(&tree.sections[0])
}

/// The decoded key of a section's header; empty for the root.
fn header_path<'s>(section: &Section, source: &'s str) -> Vec<Cow<'s, str>> {
    section
        .header
        .as_ref()
        .map(|header| decoded(&header.key, source))
        .unwrap_or_default()
}

fn decoded<'s>(key: &Key, source: &'s str) -> Vec<Cow<'s, str>> {
    key.parts.iter().map(|part| part.decode(source)).collect()
}

fn strictly_inside(span: Span, at: usize) -> bool {
    span.start() < at && at < span.end()
}

/// The entries of the innermost inline table around `at`, its keys
/// appended to `path` (array elements are transparent, as in the schema);
/// `None` when `at` is not in an inline table or is in an array there.
fn inline_table_at<'t>(
    entries: &'t [Entry],
    at: usize,
    source: &str,
    path: &mut Vec<Cow<'_, str>>,
) -> Option<&'t [Entry]> {
    let entry = entries
        .iter()
        .find(|entry| strictly_inside(entry.value.span, at))?;
    path.extend(
        entry
            .key
            .parts
            .iter()
            .map(|part| Cow::Owned(part.decode(source).into_owned())),
    );
    innermost(&entry.value, at, source, path)
}

fn innermost<'t>(
    value: &'t Value,
    at: usize,
    source: &str,
    path: &mut Vec<Cow<'_, str>>,
) -> Option<&'t [Entry]> {
    match &value.kind {
        ValueKind::InlineTable(entries) => {
            if entries
                .iter()
                .any(|entry| strictly_inside(entry.value.span, at))
            {
                inline_table_at(entries, at, source, path)
            } else {
                Some(entries)
            }
        }
        ValueKind::Array(items) => {
            let item = items.iter().find(|item| strictly_inside(item.span, at))?;
            innermost(item, at, source, path)
        }
        _ => None,
    }
}

/// What already holds keys next to the one being typed.
enum Siblings<'t> {
    /// The entries of the same section or inline table.
    Entries(&'t [Entry]),
    /// Every header and root entry: for a table header.
    Headers(&'t SyntaxTree),
}

impl Siblings<'_> {
    /// Whether `name` already follows the dotted prefix `dotted` here, in
    /// anything but the word being typed (`typing`).
    fn define(&self, dotted: &[&str], name: &str, typing: Span, source: &str) -> bool {
        let defines = |key: &Key| {
            let parts = decoded(key, source);
            !key.span.touches(typing.start())
                && parts.len() > dotted.len()
                && parts[dotted.len()] == name
                && parts.iter().zip(dotted).all(|(part, want)| part == want)
        };
        match self {
            Siblings::Entries(entries) => entries.iter().any(|entry| defines(&entry.key)),
            Siblings::Headers(tree) => {
                // Another `[name]` would define it twice, and so would one
                // over a key of the root; `[[name]]` may repeat, and a
                // table only implied by a longer header may still be
                // written out.
                // The first section is the root's (never headed).
                let root_entries = tree.sections[0].entries();
                root_entries.iter().any(|entry| defines(&entry.key))
                    || tree.headed_sections().any(|(header, _)| {
                        header.kind == HeaderKind::Table
                            && header.key.parts.len() == dotted.len() + 1
                            && defines(&header.key)
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completes at the `|` in `marked`; the replaced text and the keys.
    fn complete(marked: &str, profile: Profile) -> Option<(String, Vec<&'static str>)> {
        let offset = marked.find('|').expect("a cursor");
        let source = marked.replacen('|', "", 1);
        let found = complete_key(&source, TomlVersion::V1_1, profile, offset)?;
        Some((found.replace.text(&source).to_owned(), found.keys))
    }

    fn cargo(marked: &str) -> Option<(String, Vec<&'static str>)> {
        complete(marked, Profile::Cargo)
    }

    #[test]
    fn a_key_at_the_start_of_a_line_gets_its_tables_known_keys() {
        let (word, keys) = cargo("[package]\nname = \"x\"\n  ed|\n").unwrap();
        assert_eq!(word, "ed");
        assert!(keys.contains(&"edition") && keys.contains(&"version"));
        assert!(!keys.contains(&"name"), "already defined: {keys:?}");
        // The whole word is replaced, from wherever in it the cursor is.
        assert_eq!(cargo("[package]\ned|it = 1\n").unwrap().0, "edit");
        assert_eq!(cargo("[package]\n|").unwrap().0, "");
    }

    #[test]
    fn the_top_level_and_dotted_keys_resolve_their_table() {
        let (_, top) = cargo("|").unwrap();
        assert_eq!(top, schema_keys(&[]));
        let (word, keys) = cargo("[dependencies]\nserde.ve|").unwrap();
        assert_eq!(word, "ve");
        assert_eq!(keys, schema_keys(&["dependencies", "serde"]));
        let (_, keys) = cargo("[dependencies.serde]\nversion = \"1\"\n|").unwrap();
        assert!(keys.contains(&"features") && !keys.contains(&"version"));
        let (_, keys) = cargo("[profile.release]\nopt|").unwrap();
        assert!(keys.contains(&"opt-level"));
        let (_, keys) = cargo("[[bin]]\nname = \"a\"\n[[bin]]\n|").unwrap();
        assert!(keys.contains(&"name"), "each element is its own table");
    }

    fn schema_keys(path: &[&str]) -> Vec<&'static str> {
        match schema::keys(Profile::Cargo, path) {
            Keys::Known(known) => known.to_vec(),
            Keys::Any => panic!("no known keys at {path:?}"),
        }
    }

    #[test]
    fn headers_offer_tables_and_arrays_of_tables_apart() {
        let (word, keys) = cargo("[package]\nname = \"x\"\n[pa|").unwrap();
        assert_eq!(word, "pa");
        assert!(!keys.contains(&"package"), "defined above: {keys:?}");
        assert!(keys.contains(&"dependencies") && !keys.contains(&"bin"));
        let (_, keys) = cargo("[[bin]]\n[[|]]").unwrap();
        assert_eq!(keys, ["bin", "example", "test", "bench"]);
        let (_, keys) = cargo("[workspace]\n[workspace.|]").unwrap();
        assert!(keys.contains(&"package") && keys.contains(&"dependencies"));
        // A table only implied by a longer header may still be written out.
        let (_, keys) = cargo("[dependencies.serde]\n[|").unwrap();
        assert!(keys.contains(&"dependencies"));
        // A top-level key already makes the table.
        let (_, keys) = cargo("package.name = \"x\"\n[|").unwrap();
        assert!(!keys.contains(&"package"));
    }

    #[test]
    fn inline_tables_complete_their_own_keys() {
        let (word, keys) = cargo("[dependencies]\nserde = { version = \"1\", fe| }\n").unwrap();
        assert_eq!(word, "fe");
        assert!(keys.contains(&"features") && !keys.contains(&"version"));
        let (_, keys) = cargo("[dependencies]\nserde = {|}\n").unwrap();
        assert_eq!(keys, schema_keys(&["dependencies", "serde"]));
        let (_, keys) = cargo("package = { name = \"x\", | }\n").unwrap();
        assert!(keys.contains(&"edition") && !keys.contains(&"name"));
    }

    #[test]
    fn no_keys_where_no_key_goes_or_the_names_are_the_users() {
        for marked in [
            "[package]\n# ed|",
            "[package]\nname = \"ed|\"",
            "[package]\nedition = 20|",
            "[package]\ndescription = \"\"\"\ned|\n\"\"\"\n",
            "[package]\nkeywords = [\n  ed|\n]\n",
            "[package]\nkeywords = [\"a\", b|]\n",
            "[dependencies]\nse|",
            "[features]\n|",
            "[package]\nname..x|",
            "[tool.ruff]\nli|",
        ] {
            assert_eq!(cargo(marked), None, "{marked:?}");
        }
        assert_eq!(complete("[package]\n|", Profile::Generic), None);
    }

    #[test]
    fn pyproject_keys_come_from_its_profile() {
        let (word, keys) = complete("[project]\nname = \"x\"\nrequires|", Profile::Python).unwrap();
        assert_eq!(word, "requires");
        assert!(keys.contains(&"requires-python") && !keys.contains(&"name"));
        let (_, keys) = complete("[|", Profile::Python).unwrap();
        assert_eq!(
            keys,
            ["project", "build-system", "tool", "dependency-groups"]
        );
    }

    proptest::proptest! {
        /// Any text, any cursor: an answer or none, never a panic, and a
        /// replaced span that holds the cursor.
        #[test]
        fn never_panics(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "[", "]", "[[", "{", "}", ",", ".", "=", "\"", "'", "\"\"\"", "#", "\n", "\r\n",
                " ", "\t", "package", "dependencies", "serde", "ed", "é", "𝄞", "1",
            ]), 0..24),
            cursor in 0usize..200,
        ) {
            let source = pieces.concat();
            let offset = cursor.min(source.len());
            for profile in [Profile::Cargo, Profile::Python] {
                if let Some(found) = complete_key(&source, TomlVersion::V1_1, profile, offset) {
                    proptest::prop_assert!(found.replace.touches(offset));
                }
            }
        }
    }
}
