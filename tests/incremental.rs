//! The oracle of incremental reparsing: after every edit of a random
//! sequence, the tree `reparse` builds from the previous tree equals a
//! fresh `parse` of the same text — sections, keys, values, comments,
//! errors and region boundaries — and so do the findings and the document
//! symbols computed from it.
//!
//! The same oracle holds for whole analyses: `analysis::PreviousParse`,
//! which reparses and re-analyses only the groups of definitions an edit
//! touched, reports after every edit exactly the findings and path
//! references of a fresh analysis — on a Cargo manifest with its keys and
//! path rules over a virtual file tree, and on a generic file — and hands
//! the editor features a tree equal to a fresh parse.
//!
//! `ANDON_ORACLE_CASES=N` raises the number of sequences (CI runs the
//! default; `docs/incremental.md` records a long local run).

mod common;

use std::path::Path;

use andon::analysis::paths::{PathReference, VirtualFileSystem};
use andon::analysis::{Location, PreviousParse, Revision, analyse_file_with_references};
use andon::config::{Settings, TomlVersion};
use andon::ide::outline::document_symbols;
use andon::syntax::{SyntaxTree, parse, parse_on_two_threads, reparse};
use andon::text::{AppliedEdit, Span, floor_char_boundary};
use common::generate;
use proptest::prelude::*;

/// Text people type and delete in TOML, chosen to cross region borders:
/// quotes that open multi-line strings, brackets, headers, newlines.
const SNIPPETS: &[&str] = &[
    "\"\"\"",
    "'''",
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\n",
    "\r\n",
    " ",
    "x",
    "key = 1",
    "[table]\n",
    "\n[[jobs]]\n",
    "name = \"v\"\n",
    "a.b = [1,\n",
    "𝄞",
    "é",
    "[dependencies]\n",
    "util = { path = \"../util\" }\n",
    "gone = { path = \"../gone\" }\n",
    "[package]\nreadme = \"README.md\"\n",
    "dev_dependencies",
    "[workspace]\nmembers = [\"crates/*\"]\n",
    "[target.'cfg(unix)'.dependencies]\n",
    "[dependecies.serde]\n",
    "[profile.dev]\n",
    "profile.release.lto = true\n",
    "[tool.x]\ny = \"z\"\n",
    // Arrays of tables, analysed element by element until something
    // else of the same name appears.
    "\n[[package]]\nname = \"p\"\n",
    "[package.metadata]\n",
    "package = 1\n",
    "[jobs.step]\nrun = 1\n",
    "[[jobs.steps]]\n",
    "\n[[bin]]\nname = \"b\"\npath = \"src/b.rs\"\n",
];

/// A lock file whose first element has a sub-table, twice.
fn lockfile(packages: usize) -> String {
    let mut text = generate::lockfile(packages);
    if let Some((second, _)) = text.match_indices("\n[[package]]").nth(1) {
        let sub_tables = "\n[package.metadata]\nnote = 1\n\n[package.metadata]\nnote = 2\n";
        text.insert_str(second, sub_tables);
    }
    text
}

/// A manifest in a virtual tree where some of its paths resolve.
const MANIFEST: &str = "[package]\nname = \"app\"\nreadme = \"README.md\"\n\n[dependencies]\nutil = { path = \"../util\" }\nserde = \"1\"\n\n[dev-dependencies]\nmissing = { path = \"../missing\" }\n\n[features]\ndefault = []\n";

fn virtual_tree() -> VirtualFileSystem {
    VirtualFileSystem::new()
        .file("/w/app/Cargo.toml", MANIFEST)
        .file("/w/app/README.md", "")
        .file("/w/util/Cargo.toml", "[package]\nname = \"util\"\n")
}

#[derive(Clone, Debug)]
struct Edit {
    /// Position as a fraction of the text, so it fits any length.
    at: u16,
    delete: usize,
    insert: Option<usize>,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (
            any::<u16>(),
            0usize..12,
            prop::option::of(0..SNIPPETS.len()),
        )
            .prop_map(|(at, delete, insert)| Edit { at, delete, insert }),
        1..24,
    )
}

/// Applies `edit` to `text`, returning what the text layer reports.
fn apply(text: &mut String, edit: &Edit) -> AppliedEdit {
    let start = floor_char_boundary(text, text.len() * edit.at as usize / u16::MAX as usize);
    let end = floor_char_boundary(text, start + edit.delete).max(start);
    let inserted = edit.insert.map_or("", |index| SNIPPETS[index]);
    text.replace_range(start..end, inserted);
    AppliedEdit {
        old: Span::new(start, end),
        new_len: inserted.len(),
    }
}

fn check_sequence(
    mut text: String,
    edits: &[Edit],
    version: TomlVersion,
) -> Result<(), TestCaseError> {
    let mut tree: SyntaxTree = parse(&text, version);
    for edit in edits {
        let applied = apply(&mut text, edit);
        let incremental = reparse(tree, &text, version, applied);
        let fresh = parse(&text, version);
        prop_assert_eq!(
            &incremental,
            &fresh,
            "after {:?} the text is {:?}",
            edit,
            text
        );
        prop_assert_eq!(
            document_symbols(&incremental, &text),
            document_symbols(&fresh, &text)
        );
        tree = incremental;
    }
    Ok(())
}

/// After each edit, `PreviousParse` (reparse, groups) equals a fresh
/// analysis of the same text at `file`.
fn check_analysis_sequence(
    mut text: String,
    edits: &[Edit],
    file: &str,
) -> Result<(), TestCaseError> {
    let fs = virtual_tree();
    let settings = Settings::default();
    let location = Location {
        file: Path::new(file),
        fs: &fs,
    };
    let sorted = |mut references: Vec<PathReference>| {
        references.sort_by(|a, b| (a.span, &a.key).cmp(&(b.span, &b.key)));
        references
    };
    let mut previous = PreviousParse::default();
    let first = Revision { id: 0, since: None };
    previous.analyse(&text, &settings, Some(location), first);
    for (id, edit) in (1..).zip(edits) {
        let applied = apply(&mut text, edit);
        let revision = Revision::edited(id - 1, id, applied);
        let facts = previous.analyse(&text, &settings, Some(location), revision);
        // The tree every editor feature reads is the one a fresh parse makes.
        let tree = facts.tree.as_ref().expect("a tree");
        prop_assert_eq!(&*tree.read(), &parse(&text, settings.toml_version));
        let (findings, references) = (facts.findings, facts.references);
        let (fresh_findings, fresh_references) =
            analyse_file_with_references(&text, &settings, location);
        prop_assert_eq!(
            &findings,
            &fresh_findings,
            "after {:?} the text is {:?}",
            edit,
            text
        );
        prop_assert_eq!(sorted(references), sorted(fresh_references), "{:?}", text);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("ANDON_ORACLE_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn reparse_equals_a_fresh_parse_on_generated_configs(tables in 2usize..12, edits in edits()) {
        check_sequence(generate::config(tables), &edits, TomlVersion::V1_1)?;
    }

    #[test]
    fn incremental_analysis_equals_a_fresh_one_on_a_manifest(edits in edits()) {
        check_analysis_sequence(MANIFEST.to_owned(), &edits, "/w/app/Cargo.toml")?;
    }

    #[test]
    fn incremental_analysis_equals_a_fresh_one_on_arrays_of_tables(
        packages in 1usize..10,
        edits in edits(),
        file in prop::sample::select(vec!["/w/app/Cargo.lock", "/w/app/Cargo.toml"]),
    ) {
        check_analysis_sequence(lockfile(packages), &edits, file)?;
    }

    #[test]
    fn incremental_analysis_equals_a_fresh_one_on_generated_configs(
        tables in 2usize..12,
        edits in edits(),
    ) {
        check_analysis_sequence(generate::config(tables), &edits, "/w/app/config.toml")?;
    }

    #[test]
    fn incremental_analysis_equals_a_fresh_one_on_small_documents(
        start in prop::collection::vec(prop::sample::select(SNIPPETS.to_vec()), 0..30),
        edits in edits(),
    ) {
        check_analysis_sequence(start.concat(), &edits, "/w/app/Cargo.toml")?;
    }

    #[test]
    fn reparse_equals_a_fresh_parse_on_small_documents(
        start in prop::collection::vec(prop::sample::select(SNIPPETS.to_vec()), 0..30),
        edits in edits(),
        version in prop::sample::select(vec![TomlVersion::V1_0, TomlVersion::V1_1]),
    ) {
        check_sequence(start.concat(), &edits, version)?;
    }
}

#[test]
fn a_long_config_parses_on_two_threads_like_on_one() {
    let text = generate::config(2_000);
    assert!(text.len() > 1 << 20, "{} bytes", text.len());
    let whole = parse(&text, TomlVersion::V1_1);
    assert_eq!(parse_on_two_threads(&text, TomlVersion::V1_1), whole);
    // With the middle inside a multi-line string, the first thread's
    // parse is the whole one.
    let middle = text.len() / 2;
    let line = middle + text[middle..].find("\n[").unwrap() + 1;
    let mut broken = text.clone();
    broken.insert_str(line, "s = '''\n");
    broken.push_str("'''\n");
    assert_eq!(
        parse_on_two_threads(&broken, TomlVersion::V1_1),
        parse(&broken, TomlVersion::V1_1)
    );
}

#[test]
fn an_edit_in_one_table_reuses_the_others() {
    let mut text = generate::config(50);
    let tree = parse(&text, TomlVersion::V1_1);
    let regions = tree.region_starts.len();
    assert!(regions > 40, "{regions} regions");
    let at = text.find("port = ").unwrap() + "port = ".len();
    let edit = Edit {
        at: (at * u16::MAX as usize / text.len()) as u16,
        delete: 0,
        insert: Some(16),
    };
    let applied = apply(&mut text, &edit);
    let incremental = reparse(tree, &text, TomlVersion::V1_1, applied);
    assert_eq!(incremental, parse(&text, TomlVersion::V1_1));
}
