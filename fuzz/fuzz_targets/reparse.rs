//! The incremental oracle under a coverage-guided fuzzer: the input is a
//! document and a sequence of edits; after every edit, `reparse` from the
//! previous tree must equal a fresh `parse`.
#![no_main]

use andon::config::TomlVersion;
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
    ];
    let split = data.len() / 2;
    let Ok(start) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let mut text = start.to_owned();
    let mut tree = parse(&text, TomlVersion::V1_1);
    for edit in data[split..].chunks_exact(4) {
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
    }
});
