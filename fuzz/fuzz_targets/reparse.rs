//! The incremental oracle under a coverage-guided fuzzer: the input is a
//! document and a sequence of edits; after every edit, `reparse` from the
//! previous tree must equal a fresh `parse`, and the findings of
//! `PreviousParse` (reparse plus re-analysis of the touched groups, here
//! for a Cargo manifest over a virtual tree) those of a fresh analysis.
#![no_main]

use std::path::Path;

use andon::analysis::paths::VirtualFileSystem;
use andon::analysis::{Location, PreviousParse, Revision, analyse_file};
use andon::config::{Settings, TomlVersion};
use andon::syntax::{parse, reparse};
use andon::text::{AppliedEdit, Span, floor_char_boundary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first half is the document; the rest, four bytes at a time, are
    // edits: where, how much to delete, and which text to insert.
    const INSERTS: &[&str] = &[
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
        "[t]\n",
        "a = [1,\n",
        "[dependencies]\n",
        "x = { path = \"../x\" }\n",
        "[package]\n",
        "dev_dependencies",
    ];
    let fs = VirtualFileSystem::new()
        .file("/w/app/Cargo.toml", "")
        .file("/w/x/Cargo.toml", "[package]\n");
    let settings = Settings::default();
    let location = Location {
        file: Path::new("/w/app/Cargo.toml"),
        fs: &fs,
    };
    let split = data.len() / 2;
    let Ok(start) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let mut text = start.to_owned();
    let mut tree = parse(&text, TomlVersion::V1_1);
    let mut previous = PreviousParse::default();
    previous.analyse(&text, &settings, Some(location), Revision { id: 0, since: None });
    for (id, edit) in (1..).zip(data[split..].chunks_exact(4)) {
        let at = floor_char_boundary(
            &text,
            u16::from_le_bytes([edit[0], edit[1]]) as usize % (text.len() + 1),
        );
        let end = floor_char_boundary(&text, at + (edit[2] % 8) as usize).max(at);
        let inserted = INSERTS[edit[3] as usize % INSERTS.len()];
        text.replace_range(at..end, inserted);
        let applied = AppliedEdit {
            old: Span::new(at, end),
            new_len: inserted.len(),
        };
        tree = reparse(tree, &text, TomlVersion::V1_1, applied);
        assert_eq!(tree, parse(&text, TomlVersion::V1_1), "text {text:?}");
        let revision = Revision::edited(id - 1, id, applied);
        let findings = previous
            .analyse(&text, &settings, Some(location), revision)
            .findings;
        assert_eq!(
            findings,
            analyse_file(&text, &settings, location),
            "text {text:?}"
        );
    }
});
