//! End-to-end: quick fixes over `andon lsp`. Code actions come back with
//! ranges in the session's encoding (UTF-16 and UTF-8, after a non-BMP
//! character on the same line); applying the returned edit in the client
//! resolves the finding on the next publish; fix-all, the suppression
//! actions, and file creation only for clients that can create files.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::LspClient;
use serde_json::{Value, json};

/// Applies LSP text edits to `text`, counting columns like the session.
fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (index, c) in text[line_start..].char_indices() {
            if units >= character {
                return line_start + index;
            }
            units += if utf8 { c.len_utf8() } else { c.len_utf16() };
        }
        text.len()
    };
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|edit| std::cmp::Reverse(offset(&edit["range"]["start"])));
    let mut out = text.to_owned();
    for edit in sorted {
        let (start, end) = (
            offset(&edit["range"]["start"]),
            offset(&edit["range"]["end"]),
        );
        out.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    out
}

fn actions(client: &mut LspClient, uri: &str, range: &Value, only: Option<Value>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = only;
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

fn quick_fix_round_trip(utf8: bool) {
    let capabilities = if utf8 {
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } })
    } else {
        json!({})
    };
    let (mut client, _) = LspClient::start(capabilities, Value::Null);
    let uri = "file:///nowhere/app.toml";
    let text = "\"𝄞\" = foo\n";
    client.open(uri, 1, text);
    let published = client.diagnostics(uri, Some(1));
    let diagnostic = published["diagnostics"][0].clone();
    let column = if utf8 { 9 } else { 7 };
    assert_eq!(
        diagnostic["range"]["start"],
        json!({ "line": 0, "character": column })
    );
    let found = actions(&mut client, uri, &diagnostic["range"], None);
    let quote = found
        .iter()
        .find(|action| action["title"] == "Quote it: \"foo\"")
        .unwrap_or_else(|| panic!("no quote fix in {found:#?}"));
    assert_eq!(quote["kind"], "quickfix");
    assert_eq!(quote["isPreferred"], true);
    assert_eq!(quote["diagnostics"][0]["code"], "syntax");
    let edits = quote["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits[0]["range"]["start"]["character"], column);
    let fixed = apply_edits(text, edits, utf8);
    assert_eq!(fixed, "\"𝄞\" = \"foo\"\n");
    // Every finding can also be silenced, on its line or in its file.
    let titles: Vec<&str> = found.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"Ignore `syntax` on this line"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ignore `syntax` in this file"),
        "{titles:?}"
    );
    client.change(uri, 2, json!([{ "text": fixed }]));
    let after = client.diagnostics(uri, Some(2));
    assert_eq!(
        after["diagnostics"],
        json!([]),
        "the fix resolved the finding"
    );
    client.shutdown_and_exit();
}

#[test]
fn quick_fixes_round_trip_in_utf16() {
    quick_fix_round_trip(false);
}

#[test]
fn quick_fixes_round_trip_in_utf8() {
    quick_fix_round_trip(true);
}

#[test]
fn fix_all_applies_every_safe_fix_at_once() {
    let mut client = LspClient::start_default();
    let uri = "file:///nowhere/app.toml";
    let text = "name = foo\nport = = 80\n[server\n";
    client.open(uri, 1, text);
    client.diagnostics(uri, Some(1));
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 3, "character": 0 } });
    let found = actions(&mut client, uri, &whole, Some(json!(["source.fixAll"])));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["kind"], "source.fixAll.andon");
    let fixed = apply_edits(
        text,
        found[0]["edit"]["changes"][uri].as_array().unwrap(),
        false,
    );
    assert_eq!(fixed, "name = \"foo\"\nport = 80\n[server]\n");
    client.change(uri, 2, json!([{ "text": fixed }]));
    assert_eq!(client.diagnostics(uri, Some(2))["diagnostics"], json!([]));
    client.shutdown_and_exit();
}

#[test]
fn creating_a_missing_file_needs_a_client_that_can() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("Cargo.toml"), "").unwrap();
    let manifest = root.join("Cargo.toml");
    let uri = format!("file://{}", manifest.display());
    let text = "[package]\nname = \"app\"\nreadme = \"README.md\"\n";
    let readme_range =
        json!({ "start": { "line": 2, "character": 10 }, "end": { "line": 2, "character": 10 } });
    for can_create in [true, false] {
        let capabilities = if can_create {
            json!({ "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } } })
        } else {
            json!({})
        };
        let (mut client, _) = LspClient::start(capabilities, Value::Null);
        client.open(&uri, 1, text);
        client.diagnostics(&uri, Some(1));
        let found = actions(&mut client, &uri, &readme_range, None);
        let create = found
            .iter()
            .find(|action| action["title"] == "Create `README.md`");
        if can_create {
            let create = create.unwrap_or_else(|| panic!("no create fix in {found:#?}"));
            let operation = &create["edit"]["documentChanges"][0];
            assert_eq!(operation["kind"], "create");
            assert_eq!(
                operation["uri"],
                format!("file://{}", root.join("README.md").display())
            );
        } else {
            assert!(
                create.is_none(),
                "offered to a client that cannot create files"
            );
        }
        client.shutdown_and_exit();
    }
}
