//! Key completion: where a bare key is being typed — at the start of a
//! line, in a table header, or in an inline table — the keys the file's
//! profile knows for that table ([`schema::keys`]), less those the
//! document already defines there and the deprecated spellings. Read from
//! the revision's tree; byte offsets only, like the path features; the
//! language server turns the answer into completion items.
//!
//! Tables whose keys are the user's own names (dependencies, features,
//! `[tool]`, …) offer nothing: a guess there would only be noise. A header
//! offers only the keys that hold tables ([`schema::may_hold_table`]). Left
//! out for now: completing inside a quoted key, and parts before it that
//! hold escapes.

use super::Analysis;
use crate::analysis::profiles::Profile;
use crate::analysis::schema::{self, Keys};
use crate::syntax::is_bare_key_byte;
use crate::syntax::semantics::{self, NodeId, NodeKind, Semantics, TableKind};
use crate::syntax::{self, Entry, HeaderKind, Section, SyntaxTree, Value, ValueKind};
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

/// What may be completed at `offset` in the revision, read with its
/// file's profile; `None` where no key goes or none is known.
pub fn complete_key(analysis: &Analysis, offset: usize) -> Option<KeyCompletion> {
    let source = analysis.text();
    let profile = analysis.profile();
    // A profile that knows no keys at the top knows none below either.
    if offset > source.len()
        || !source.is_char_boundary(offset)
        || schema::keys(profile, &[]) == Keys::Any
    {
        return None;
    }
    // A lexical test first: it rules out most places before the tree is read.
    let typed = Typed::at(source, offset)?;
    let tree = analysis.tree()?;
    complete_typed(&tree, source, profile, typed)
}

fn complete_typed(
    tree: &SyntaxTree,
    source: &str,
    profile: Profile,
    typed: Typed<'_>,
) -> Option<KeyCompletion> {
    if let Place::AfterBraceOrComma(opener) = typed.place
        && tree.comments.iter().any(|comment| comment.contains(opener))
    {
        return None;
    }
    let section = section_at(tree, typed.start);
    let mut path: Vec<String> = section
        .header
        .as_ref()
        .map(|header| decoded(&header.key, source))
        .unwrap_or_default();
    let in_inline_table = match (
        typed.place,
        container_at(section.entries(), typed.start, source, &mut path),
    ) {
        (Place::LineStart, Container::Section) => false,
        (Place::LineStart | Place::AfterBraceOrComma(_), Container::InlineTable) => true,
        (Place::Header(_), Container::Section) => {
            // A header names its table from the top.
            path.clear();
            false
        }
        _ => return None,
    };
    path.extend(typed.dotted.iter().map(|part| (*part).to_owned()));
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let Keys::Known(known) = schema::keys(profile, &path) else {
        return None;
    };
    let semantics = semantics::analyse(tree, source);
    let table = defined_table(&semantics, &path, typed.start, in_inline_table).ok()?;
    let arrays = schema::arrays_of_tables(profile, &path);
    let completing = match typed.place {
        Place::Header(HeaderKind::Table) => Completing::Table,
        Place::Header(HeaderKind::ArrayOfTables) => Completing::ArrayOfTables,
        Place::LineStart | Place::AfterBraceOrComma(_) => Completing::Key,
    };
    let keys: Vec<&'static str> = known
        .iter()
        .copied()
        .filter(|name| match completing {
            // `[bin.x]` is a table of the last `[[bin]]` element.
            Completing::Table => {
                (typed.parent || !arrays.contains(name))
                    && schema::may_hold_table(profile, &path, name)
            }
            Completing::ArrayOfTables => {
                arrays.contains(name)
                    || (typed.parent && schema::may_hold_table(profile, &path, name))
            }
            Completing::Key => true,
        })
        .filter(|name| schema::deprecated(profile, &path, name).is_none())
        .filter(|name| {
            let defined = table.and_then(|table| semantics.get(table, name));
            typed.parent
                || !defined.is_some_and(|node| taken(&semantics, node, completing, typed.replace))
        })
        .collect();
    (!keys.is_empty()).then_some(KeyCompletion {
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
    /// After the `{` or `,` at this offset: a key of an inline table, when
    /// the tree says the cursor is in one (a `,` also separates array
    /// items).
    AfterBraceOrComma(usize),
}

/// The key being typed at the cursor: `a.b.wo$0rd`.
struct Typed<'s> {
    /// Where the whole dotted key starts.
    start: usize,
    /// The complete parts before the word (`a`, `b`).
    dotted: Vec<&'s str>,
    /// The word around the cursor (`word`).
    replace: Span,
    place: Place,
    /// A dot follows the word: it names a table on the way to a deeper
    /// one, which may well exist already (`[wo$0rkspace.package]`).
    parent: bool,
}

impl<'s> Typed<'s> {
    fn at(source: &'s str, offset: usize) -> Option<Typed<'s>> {
        let bytes = source.as_bytes();
        let word_start = run_back(bytes, offset, is_bare_key_byte);
        let word_end = offset
            + bytes[offset..]
                .iter()
                .take_while(|&&b| is_bare_key_byte(b))
                .count();
        // Whatever follows must let a key end there: a word glued to a
        // quote or bracket is something else being edited.
        let after = source[word_end..].trim_start_matches([' ', '\t']);
        if !matches!(
            after.bytes().next(),
            None | Some(b'\n' | b'\r' | b'=' | b'.' | b'#' | b']' | b'}' | b',')
        ) {
            return None;
        }
        let (start, dotted) = parts_before(source, word_start)?;
        let before = source[..start].trim_end_matches([' ', '\t']);
        let at_line_start = |text: &str| {
            text.is_empty() || text == "\u{feff}" || text.ends_with('\n') || text.ends_with('\r')
        };
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
            Place::AfterBraceOrComma(before.len() - 1)
        } else {
            return None;
        };
        Some(Typed {
            start,
            dotted,
            replace: Span::new(word_start, word_end),
            place,
            parent: after.starts_with('.'),
        })
    }
}

/// The parts of a dotted key before `word_start` (`a.'b c'.` before the
/// word), read backwards: bare or quoted, blanks allowed around the dots.
/// Returns where the key starts and the parts' names; `None` when they do
/// not make a key, or a basic string part would need unescaping.
fn parts_before(source: &str, word_start: usize) -> Option<(usize, Vec<&str>)> {
    let bytes = source.as_bytes();
    let blanks_before = |end: usize| run_back(bytes, end, |b| b == b' ' || b == b'\t');
    let mut start = word_start;
    let mut parts = Vec::new();
    loop {
        let dot = blanks_before(start);
        if dot == 0 || bytes[dot - 1] != b'.' {
            break;
        }
        let end = blanks_before(dot - 1);
        let (part_start, name) = match end.checked_sub(1).map(|last| bytes[last]) {
            Some(quote @ (b'\'' | b'"')) => {
                let open = source[..end - 1].rfind(quote as char)?;
                let name = &source[open + 1..end - 1];
                if name.contains(['\n', '\r']) || (quote == b'"' && name.contains('\\')) {
                    return None;
                }
                (open, name)
            }
            _ => {
                let bare = run_back(bytes, end, is_bare_key_byte);
                if bare == end {
                    return None;
                }
                (bare, &source[bare..end])
            }
        };
        parts.push(name);
        start = part_start;
    }
    parts.reverse();
    Some((start, parts))
}

/// Where the run of bytes that `accept` takes, ending at `end`, starts.
fn run_back(bytes: &[u8], end: usize, accept: impl Fn(u8) -> bool) -> usize {
    end - bytes[..end]
        .iter()
        .rev()
        .take_while(|&&b| accept(b))
        .count()
}

/// The section a byte of the document belongs to.
fn section_at(tree: &SyntaxTree, at: usize) -> &Section {
    // Sections are in document order, and the first, the root's, starts
    // the document.
    let after = tree
        .sections
        .partition_point(|section| section.span.start() <= at);
    &tree.sections[after.saturating_sub(1)]
}

fn decoded(key: &syntax::Key, source: &str) -> Vec<String> {
    key.parts
        .iter()
        .map(|part| part.decode(source).into_owned())
        .collect()
}

/// What holds a byte among a section's entries.
enum Container {
    /// The section itself: the byte is in no value.
    Section,
    /// An inline table, with its key appended to the path.
    InlineTable,
    /// Any other value: a string, an array, a scalar.
    Value,
}

/// The innermost value around `at` among `entries`, appending the keys on
/// the way to `path` (array elements are transparent, as in the schema).
fn container_at(entries: &[Entry], at: usize, source: &str, path: &mut Vec<String>) -> Container {
    let Some(entry) = entries.iter().find(|entry| holds(&entry.value, at, source)) else {
        return Container::Section;
    };
    path.extend(decoded(&entry.key, source));
    let mut value = &entry.value;
    loop {
        match &value.kind {
            ValueKind::InlineTable(entries) => {
                return match container_at(entries, at, source, path) {
                    Container::Section => Container::InlineTable,
                    inner => inner,
                };
            }
            ValueKind::Array(items) => match items.iter().find(|item| holds(item, at, source)) {
                Some(item) => value = item,
                None => return Container::Value,
            },
            _ => return Container::Value,
        }
    }
}

/// Whether the cursor at `at` is inside `value`: between its ends, or
/// after a value left open (its span ends at its last item) with nothing
/// but blanks and comments since, as while a file is written top down.
fn holds(value: &Value, at: usize, source: &str) -> bool {
    let span = value.span;
    if span.surrounds(at) {
        return true;
    }
    let text = span.text(source);
    let closed = match value.kind {
        ValueKind::Array(_) => text.ends_with(']'),
        ValueKind::InlineTable(_) => text.ends_with('}'),
        ValueKind::String(quote) => {
            let delimiter = quote.delimiter();
            text.len() >= 2 * delimiter.len() && text.ends_with(delimiter)
        }
        _ => true,
    };
    !closed
        && span.start() < at
        && span.end() <= at
        && source[span.end()..at]
            .lines()
            .all(|line| matches!(line.trim_start().bytes().next(), None | Some(b'#')))
}

/// The table at `path` as the document defines it so far (`None`: not
/// yet); `Err` when the path runs into something that takes no more keys
/// from here: a value, or an inline table the cursor is not in.
fn defined_table(
    semantics: &Semantics<'_>,
    path: &[&str],
    at: usize,
    in_inline_table: bool,
) -> Result<Option<NodeId>, ()> {
    let mut table = Semantics::ROOT;
    for name in path {
        let Some(child) = semantics.get(table, name) else {
            return Ok(None);
        };
        let elements = || semantics.children(child);
        table = match semantics.node(child).kind {
            NodeKind::Table(TableKind::Inline) if !in_inline_table => return Err(()),
            NodeKind::Table(_) => child,
            // The element being written: the last one begun before the cursor.
            NodeKind::ArrayOfTables => {
                match elements()
                    .filter(|&e| semantics.node(e).span.start() <= at)
                    .last()
                {
                    Some(element) => element,
                    None => return Ok(None),
                }
            }
            NodeKind::Array(_) if in_inline_table => {
                match elements().find(|&e| semantics.node(e).span.surrounds(at)) {
                    Some(element) => element,
                    None => return Err(()),
                }
            }
            NodeKind::Array(_) | NodeKind::Value(_) => return Err(()),
        };
    }
    Ok(Some(table))
}

/// Whether `node`, already in the table, rules its name out: anything
/// defined there but the word being typed, except what a header may still
/// name — a table only implied by a longer header, another `[[element]]`.
fn taken(semantics: &Semantics<'_>, node: NodeId, completing: Completing, typing: Span) -> bool {
    let node = semantics.node(node);
    if node.name_span == typing {
        return false;
    }
    !matches!(
        (completing, node.kind),
        (Completing::Table, NodeKind::Table(TableKind::Implicit))
            | (Completing::ArrayOfTables, NodeKind::ArrayOfTables)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::VirtualFileSystem;
    use crate::ide::fixture;

    /// A file of each profile the tests complete in.
    fn file_of(profile: Profile) -> &'static str {
        match profile {
            Profile::Cargo => "/w/Cargo.toml",
            Profile::Python => "/w/pyproject.toml",
            _ => "/w/settings.toml",
        }
    }

    /// Completes at the `$0` in `marked`: the replaced text and the keys.
    fn complete(marked: &str, profile: Profile) -> Option<(String, Vec<&'static str>)> {
        assert!(marked.contains("$0"), "a $0 marker");
        let fs = VirtualFileSystem::new();
        let (analysis, offset) = fixture::analysis_of_file(file_of(profile), marked, &fs);
        assert_eq!(analysis.profile(), profile);
        let found = complete_key(&analysis, offset)?;
        Some((found.replace.text(analysis.text()).to_owned(), found.keys))
    }

    fn cargo(marked: &str) -> Option<(String, Vec<&'static str>)> {
        complete(marked, Profile::Cargo)
    }

    fn keys(marked: &str) -> Vec<&'static str> {
        cargo(marked)
            .unwrap_or_else(|| panic!("no completion in {marked:?}"))
            .1
    }

    fn schema_keys(path: &[&str]) -> Vec<&'static str> {
        match schema::keys(Profile::Cargo, path) {
            Keys::Known(known) => known.to_vec(),
            Keys::Any => panic!("no known keys at {path:?}"),
        }
    }

    #[test]
    fn a_key_at_the_start_of_a_line_gets_its_tables_known_keys() {
        let (word, found) = cargo("[package]\nname = \"x\"\n  ed$0\n").unwrap();
        assert_eq!(word, "ed");
        assert!(found.contains(&"edition") && found.contains(&"version"));
        assert!(!found.contains(&"name"), "already defined: {found:?}");
        // The whole word is replaced, from wherever in it the cursor is.
        assert_eq!(cargo("[package]\ned$0it = 1\n").unwrap().0, "edit");
        assert_eq!(cargo("[package]\n$0").unwrap().0, "");
        // The key being retyped does not rule itself out.
        assert!(keys("[package]\nedit$0ion = \"2021\"\n").contains(&"edition"));
    }

    #[test]
    fn the_top_level_and_dotted_keys_resolve_their_table() {
        assert_eq!(keys("$0"), schema_keys(&[]));
        let (word, found) = cargo("[dependencies]\nserde.ve$0").unwrap();
        assert_eq!(word, "ve");
        assert_eq!(found, schema_keys(&["dependencies", "serde"]));
        let found = keys("[dependencies.serde]\nversion = \"1\"\n$0");
        assert!(found.contains(&"features") && !found.contains(&"version"));
        assert!(keys("[profile.release]\nopt$0").contains(&"opt-level"));
        assert!(
            keys("[[bin]]\nname = \"a\"\n[[bin]]\n$0").contains(&"name"),
            "each element is its own table"
        );
        let found = keys("[target.'cfg(unix)'.dependencies.serde]\n$0");
        assert_eq!(found, schema_keys(&["dependencies", "serde"]));
        // Quoted parts and blanks around the dots before the word.
        let dependency_tables = ["dependencies", "dev-dependencies", "build-dependencies"];
        assert_eq!(keys("[target.'cfg(unix)'.$0]"), dependency_tables);
        assert_eq!(keys("[target . \"cfg(unix)\" . de$0"), dependency_tables);
        let serde = schema_keys(&["dependencies", "serde"]);
        assert_eq!(keys("[dependencies]\n\"serde\".$0"), serde);
        assert_eq!(keys("[dependencies]\nserde . ve$0 = \"1\""), serde);
        assert_eq!(cargo("[target.\"cfg(\\\"x\\\")\".$0]"), None, "escapes");
    }

    #[test]
    fn keys_defined_anywhere_in_the_table_are_left_out() {
        assert!(!keys("$0\n[package]\nname = \"x\"\n").contains(&"package"));
        assert!(!keys("[workspace]\n$0\n[workspace.package]\n").contains(&"package"));
        let found = keys("[workspace.package]\nversion = \"1\"\n[workspace]\npackage.$0");
        assert!(!found.contains(&"version"));
        assert_eq!(cargo("[package]\nmetadata = {}\n[package.$0]"), None);
        assert_eq!(keys("[package]\n[package.$0]"), ["metadata"]);
        // A closed inline table takes no more keys from a header.
        assert_eq!(cargo("workspace = { members = [] }\n[workspace.$0"), None);
    }

    #[test]
    fn headers_offer_tables_and_arrays_of_tables_apart() {
        let (word, found) = cargo("[package]\nname = \"x\"\n[pa$0").unwrap();
        assert_eq!(word, "pa");
        assert!(!found.contains(&"package"), "defined above: {found:?}");
        assert!(found.contains(&"dependencies") && !found.contains(&"bin"));
        assert_eq!(keys("[[bin]]\n[[$0]]"), ["bin", "example", "test", "bench"]);
        assert_eq!(
            keys("[workspace]\n[workspace.$0]"),
            ["package", "dependencies", "lints", "metadata"]
        );
        // Only keys that hold tables: no `cargo-features`, no `name`.
        assert!(!keys("[$0").contains(&"cargo-features"));
        assert_eq!(keys("[profile.release.$0]"), ["build-override", "package"]);
        assert_eq!(cargo("[bin.$0]"), None);
        // A table only implied by a longer header may still be written out.
        assert!(keys("[dependencies.serde]\n[$0").contains(&"dependencies"));
        // A top-level key already makes the table.
        assert!(!keys("package.name = \"x\"\n[$0").contains(&"package"));
        // Old spellings are for `deprecated-key` to flag, not to offer.
        assert_eq!(
            keys("[target.x86.$0]"),
            ["dependencies", "dev-dependencies", "build-dependencies"]
        );
    }

    #[test]
    fn a_value_left_open_at_the_end_holds_the_cursor() {
        for marked in [
            "[workspace]\nexclude = [\n  \"a\",\n  $0",
            "[workspace]\nexclude = [\n  \"a\",\n  $0\n",
            "x = [\n  [$0",
            "a = [\n  # c\n  $0",
            "[package]\ndescription = \"\"\"\n$0",
            "[package]\ndescription = '''\n$0",
        ] {
            assert_eq!(cargo(marked), None, "{marked:?}");
        }
        // An inline table left open takes its own keys (TOML 1.1).
        let found = keys("[dependencies]\nserde = { version = \"1\",\n  $0");
        assert!(found.contains(&"features") && !found.contains(&"version"));
        let serde = schema_keys(&["dependencies", "serde"]);
        assert_eq!(keys("[dependencies]\nserde = { $0"), serde);
        // A closed value ends where it ends.
        assert!(keys("[package]\nkeywords = [\n  \"a\",\n]\n$0").contains(&"edition"));
    }

    #[test]
    fn a_header_word_before_a_dot_may_name_an_existing_table() {
        assert!(
            keys("[workspace]\nmembers = [\"a\"]\n[wo$0rkspace.package]").contains(&"workspace")
        );
        assert!(keys("[[bin]]\n[bi$0n.x]").contains(&"bin"));
        assert!(
            keys("work$0.resolver = \"2\"\n[workspace]\nmembers = []\n").contains(&"workspace")
        );
        // Without the dot it would be defined twice.
        assert!(!keys("[workspace]\nmembers = [\"a\"]\n[wo$0").contains(&"workspace"));
    }

    #[test]
    fn the_first_line_after_a_byte_order_mark_is_a_line_start() {
        assert!(keys("\u{feff}[pa$0").contains(&"package"));
        assert!(keys("\u{feff}$0").contains(&"package"));
    }

    #[test]
    fn inline_tables_complete_their_own_keys() {
        let (word, found) = cargo("[dependencies]\nserde = { version = \"1\", fe$0 }\n").unwrap();
        assert_eq!(word, "fe");
        assert!(found.contains(&"features") && !found.contains(&"version"));
        assert_eq!(
            keys("[dependencies]\nserde = {$0}\n"),
            schema_keys(&["dependencies", "serde"])
        );
        let found = keys("package = { name = \"x\", $0 }\n");
        assert!(found.contains(&"edition") && !found.contains(&"name"));
        // TOML 1.1 lets inline tables span lines.
        let found = keys("[dependencies]\nserde = {\n  version = \"1\",\n  $0\n}\n");
        assert!(found.contains(&"features") && !found.contains(&"version"));
    }

    #[test]
    fn no_keys_where_no_key_goes_or_the_names_are_the_users() {
        for marked in [
            "[package]\n# ed$0",
            "[package]\nname = \"ed$0\"",
            "[package]\nedition = 20$0",
            "[package]\ndescription = \"\"\"\ned$0\n\"\"\"\n",
            "[package]\ndescription = \"\"\"\n[pa$0\n\"\"\"\n",
            "[package]\ndescription = '''\n[[$0\n'''\n",
            "x = [\n  [$0\n]\n",
            "[package]\nkeywords = [\n  ed$0\n]\n",
            "[package]\nkeywords = [\"a\", b$0]\n",
            "[dependencies]\nserde = { version = \"1\", # note, fe$0\n}\n",
            "[package]\nname = \"x\"\n$0[workspace]\n",
            "[package]\n$0\"quoted\" = 1\n",
            "[dependencies]\nse$0",
            "[features]\n$0",
            "[package]\nname..x$0",
            "[tool.ruff]\nli$0",
            "[[bin]]\n[[bin.$0]]",
        ] {
            assert_eq!(cargo(marked), None, "{marked:?}");
        }
        assert_eq!(complete("[package]\n$0", Profile::Generic), None);
    }

    #[test]
    fn pyproject_keys_come_from_its_profile() {
        let (word, found) =
            complete("[project]\nname = \"x\"\nrequires$0", Profile::Python).unwrap();
        assert_eq!(word, "requires");
        assert!(found.contains(&"requires-python") && !found.contains(&"name"));
        let (_, found) = complete("[$0", Profile::Python).unwrap();
        assert_eq!(
            found,
            ["project", "build-system", "tool", "dependency-groups"]
        );
        let (_, found) = complete("[[project.$0]]", Profile::Python).unwrap();
        assert_eq!(found, ["authors", "maintainers"]);
        let (_, found) = complete("[project.$0]", Profile::Python).unwrap();
        assert!(found.contains(&"urls") && !found.contains(&"authors") && !found.contains(&"name"));
    }

    proptest::proptest! {
        /// Any text, every cursor: an answer or none, never a panic, and a
        /// replaced span of bare-key bytes around the cursor.
        #[test]
        fn never_panics(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "[", "]", "[[", "{", "}", ",", ".", "=", "\"", "'", "\"\"\"", "#", "\n", "\r\n",
                " ", "\t", "package", "dependencies", "serde", "ed", "é", "𝄞", "1", "\u{feff}",
            ]), 0..24),
        ) {
            let source = pieces.concat();
            let fs = VirtualFileSystem::new();
            for profile in [Profile::Cargo, Profile::Python] {
                let (analysis, _) = fixture::analysis_of_file(file_of(profile), &source, &fs);
                for offset in (0..=source.len()).filter(|&at| source.is_char_boundary(at)) {
                    if let Some(found) = complete_key(&analysis, offset) {
                        proptest::prop_assert!(found.replace.touches(offset));
                        proptest::prop_assert!(found.replace.text(&source).bytes().all(is_bare_key_byte));
                        proptest::prop_assert!(!found.keys.is_empty());
                    }
                }
            }
        }
    }
}
