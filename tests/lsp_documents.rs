//! End-to-end: what `andon lsp` does with documents — incremental sync in
//! arrival order, versioned diagnostics with version gating, CRLF text,
//! settings from every source, the `andon/status` board, the structure
//! requests (document symbols, folding ranges) and key completion.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::LspClient;
use serde_json::{Value, json};

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

fn pos(line: usize, character: usize) -> Value {
    json!({ "line": line, "character": character })
}

fn edit(start: Value, end: Value, text: &str) -> Value {
    json!({ "range": { "start": start, "end": end }, "text": text })
}

/// A deterministic pseudo-random sequence (no dependency, same every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn symbols(client: &mut LspClient, uri: &str) -> Vec<Value> {
    let response = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"))
        .clone()
}

/// 1,000 edits (inserts, deletes and in-line replacements after non-BMP
/// characters, some messages carrying two changes) sent without waiting.
/// The server's text must end exactly as the client's: checked through
/// the outline, whose names and UTF-16 ranges pin every line. Along the
/// way, version gating: every published version is one that was sent,
/// versions only grow, and the final one is published exactly once.
#[test]
fn a_burst_of_changes_ends_in_the_clients_text() {
    let mut client = LspClient::start_default();
    let uri = "file:///burst.toml";
    let mut lines: Vec<String> = Vec::new();
    let mut next_key = 0;
    client.open(uri, 1, "");
    client.diagnostics(uri, Some(1));

    let mut random = Lcg(42);
    let mut edit_once = |lines: &mut Vec<String>| -> Value {
        let choice = random.below(10);
        if lines.is_empty() || choice < 4 {
            let at = random.below(lines.len() + 1);
            next_key += 1;
            let line = format!("\"kéy𝄞{next_key}\" = {next_key}");
            let change = edit(pos(at, 0), pos(at, 0), &format!("{line}\n"));
            lines.insert(at, line);
            change
        } else if choice < 6 {
            let at = random.below(lines.len());
            lines.remove(at);
            edit(pos(at, 0), pos(at + 1, 0), "")
        } else {
            // Replace the value, addressed in UTF-16 after the 𝄞.
            let at = random.below(lines.len());
            let value_start = lines[at].find(" = ").unwrap() + 3;
            let start = utf16_len(&lines[at][..value_start]);
            let end = utf16_len(&lines[at]);
            let value = random.below(1_000_000).to_string();
            lines[at].replace_range(value_start.., &value);
            edit(pos(at, start), pos(at, end), &value)
        }
    };
    let last_version = 1001;
    for version in 2..=last_version {
        let mut changes = vec![edit_once(&mut lines)];
        if version % 10 == 0 {
            changes.push(edit_once(&mut lines));
        }
        client.change(uri, version, Value::Array(changes));
    }

    let published = client.diagnostics(uri, Some(last_version));
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    let outline: Vec<(String, Value)> = symbols(&mut client, uri)
        .iter()
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s["range"].clone()))
        .collect();
    let expected: Vec<(String, Value)> = lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let name = line.split('"').nth(1).unwrap().to_owned();
            let range = json!({ "start": pos(index, 0), "end": pos(index, utf16_len(line)) });
            (name, range)
        })
        .collect();
    assert_eq!(outline, expected);

    // A newer version makes any later publish of the last one impossible;
    // once it is in, the history of publishes is complete up to it.
    client.change(uri, last_version + 1, json!([{ "text": "" }]));
    client.diagnostics(uri, Some(last_version + 1));
    let versions: Vec<i64> = client
        .publishes(uri)
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    assert!(
        versions.windows(2).all(|pair| pair[0] < pair[1]),
        "versions must increase: {versions:?}"
    );
    assert!(versions.iter().all(|v| (1..=last_version + 1).contains(v)));
    assert_eq!(versions.iter().filter(|&&v| v == last_version).count(), 1);
    client.shutdown_and_exit();
}

#[test]
fn diagnostics_carry_what_clients_and_code_actions_need() {
    let mut client = LspClient::start_default();
    let uri = "file:///shape.toml";
    client.open(uri, 7, "a = 1\nb = 2\na = 3\n");
    let published = client.diagnostics(uri, Some(7));
    assert_eq!(
        published["diagnostics"],
        json!([{
            "range": { "start": pos(2, 0), "end": pos(2, 1) },
            "severity": 1,
            "code": "duplicate-key",
            "source": "andon",
            "message": published["diagnostics"][0]["message"],
            "relatedInformation": [{
                "location": { "uri": uri, "range": { "start": pos(0, 0), "end": pos(0, 1) } },
                "message": "first defined here"
            }],
            "data": { "rule": "duplicate-key", "fixes": [{
                "title": "Remove the second definition of `a`",
                "safe": false,
                "edits": [{ "range": { "start": pos(2, 0), "end": pos(3, 0) }, "newText": "" }]
            }] }
        }])
    );
    client.shutdown_and_exit();
}

#[test]
fn crlf_documents() {
    let mut client = LspClient::start_default();
    let uri = "file:///crlf.toml";
    client.open(uri, 1, "[t]\r\na = 1\r\nb = = 2\r\n");
    let published = client.diagnostics(uri, Some(1));
    assert_eq!(
        published["diagnostics"][0]["range"],
        json!({ "start": pos(2, 4), "end": pos(2, 5) })
    );
    // Delete the stray `=` and the CRLF before line 2, then retype it.
    client.change(
        uri,
        2,
        json!([
            edit(pos(2, 4), pos(2, 6), ""),
            edit(pos(1, 5), pos(2, 0), ""),
            edit(pos(1, 5), pos(1, 5), "\r\n"),
        ]),
    );
    let published = client.diagnostics(uri, Some(2));
    assert_eq!(published["diagnostics"], json!([]), "{published}");
    let outline = symbols(&mut client, uri);
    assert_eq!(outline[0]["name"], "t");
    assert_eq!(
        outline[0]["range"],
        json!({ "start": pos(0, 0), "end": pos(2, 5) })
    );
    assert_eq!(
        outline[0]["children"][1]["range"],
        json!({ "start": pos(2, 0), "end": pos(2, 5) })
    );
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(folds["result"], json!([{ "startLine": 0, "endLine": 2 }]));
    client.shutdown_and_exit();
}

#[test]
fn close_clears_diagnostics_and_the_board() {
    let mut client = LspClient::start_default();
    let uri = "file:///close.toml";
    client.open(uri, 1, "a = = 1\n");
    assert_eq!(
        client.diagnostics(uri, Some(1))["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 1, "yellow": 0, "green": 0, "files": 1 })
    );
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(uri, None)["diagnostics"], json!([]));
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 0, "yellow": 0, "green": 0, "files": 0 })
    );
    // Requests about it now answer as for any unknown document.
    let response = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(response["result"], Value::Null);
    client.shutdown_and_exit();
}

#[test]
fn the_board_is_sent_only_when_the_totals_change() {
    let mut client = LspClient::start_default();
    let (a, b) = ("file:///a.toml", "file:///b.toml");
    client.open(a, 1, "x = 1\nx = 2\n");
    client.diagnostics(a, Some(1));
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 1, "yellow": 0, "green": 0, "files": 1 })
    );
    client.open(b, 1, "y = = 1\n");
    client.diagnostics(b, Some(1));
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 2, "yellow": 0, "green": 0, "files": 2 })
    );
    // Same totals after this edit: no notification.
    client.change(a, 2, json!([edit(pos(1, 4), pos(1, 5), "3")]));
    client.diagnostics(a, Some(2));
    client.change(b, 2, json!([edit(pos(0, 4), pos(0, 6), "")]));
    client.diagnostics(b, Some(2));
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 1, "yellow": 0, "green": 0, "files": 2 })
    );
    let statuses = client
        .history
        .iter()
        .filter(|m| m["method"] == "andon/status")
        .count();
    assert_eq!(statuses, 3, "{}", client.dump());
    client.shutdown_and_exit();
}

fn severities(published: &Value) -> Vec<i64> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_i64().unwrap())
        .collect()
}

#[test]
fn settings_from_initialization_options_and_pushed_changes() {
    let options = json!({ "rules": { "duplicate-key": "yellow" }, "tomlVersion": "1.0" });
    let (mut client, _) = LspClient::start(json!({}), options);
    let uri = "file:///settings.toml";
    client.open(uri, 1, "a = 1\na = 2\nt = { b = 1, }\n");
    let published = client.diagnostics(uri, Some(1));
    // Yellow duplicate, and the TOML 1.0 trailing-comma error (red).
    assert_eq!(severities(&published), [2, 1], "{published}");
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 1, "yellow": 1, "green": 0, "files": 1 })
    );

    // A client without workspace/configuration pushes settings; the open
    // document is published again, same version, without reopening.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "andon": { "rules": { "duplicate-key": "green" }, "tomlVersion": "1.1" } } }),
    );
    let published = client.diagnostics(uri, Some(1));
    assert_eq!(severities(&published), [3], "{published}");
    assert_eq!(
        client.notification("andon/status"),
        json!({ "red": 0, "yellow": 0, "green": 1, "files": 1 })
    );

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "rules": { "duplicate-key": "off", "syntax": "sparkly" } } }),
    );
    let published = client.diagnostics(uri, Some(1));
    assert_eq!(
        severities(&published),
        [1],
        "duplicate-key off, TOML 1.0 again from initializationOptions: {published}"
    );
    let warning = client.notification("window/logMessage");
    assert!(
        warning["message"].as_str().unwrap().contains("sparkly"),
        "{warning}"
    );
    client.shutdown_and_exit();
}

#[test]
fn settings_pulled_with_workspace_configuration() {
    let mut client = LspClient::spawn();
    *client.configuration.lock().unwrap() = json!({ "rules": { "duplicate-key": "green" } });
    let capabilities = json!({ "workspace": {
        "configuration": true,
        "didChangeConfiguration": { "dynamicRegistration": true }
    }});
    client.initialize(capabilities, Value::Null);
    let registration = client.take("registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeConfiguration"
    );
    let pulled = client.take("workspace/configuration", |m| {
        m["method"] == "workspace/configuration"
    });
    assert_eq!(pulled["params"]["items"][0]["section"], "andon");

    let uri = "file:///pulled.toml";
    client.open(uri, 1, "a = 1\na = 2\n");
    // The pull and the open race; whichever wins, the last publish for
    // version 1 has the pulled level.
    client.wait_until("a green publish", |history| {
        history.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"][0]["severity"] == 3
        })
    });

    *client.configuration.lock().unwrap() = json!({ "rules": { "duplicate-key": "red" } });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    client.wait_until("a red publish", |history| {
        history.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"][0]["severity"] == 1
        })
    });
    let last = client.publishes(uri).pop().unwrap();
    assert_eq!(last["version"], 1);
    client.shutdown_and_exit();
}

#[test]
fn document_symbols_and_folding_ranges() {
    let mut client = LspClient::start_default();
    let uri = "file:///structure.toml";
    let text = "\
# comment one
# comment two
name = \"x\"
[package]
meta.a = 1
dep = { path = \"p\" }

[[bin]]
list = [
  1,
]
text = '''
multi
'''
";
    client.open(uri, 1, text);
    client.diagnostics(uri, Some(1));
    fn names(symbols: &[Value]) -> Vec<String> {
        symbols
            .iter()
            .map(|s| {
                let children = s["children"].as_array().map_or(Vec::new(), |c| names(c));
                if children.is_empty() {
                    s["name"].as_str().unwrap().to_owned()
                } else {
                    format!("{}({})", s["name"].as_str().unwrap(), children.join(" "))
                }
            })
            .collect()
    }
    let outline = symbols(&mut client, uri);
    assert_eq!(
        names(&outline),
        ["name", "package(meta(a) dep(path))", "bin[0](list text)"]
    );
    assert_eq!(
        outline[1]["selectionRange"],
        json!({ "start": pos(3, 1), "end": pos(3, 8) })
    );
    assert_eq!(
        outline[1]["range"],
        json!({ "start": pos(3, 0), "end": pos(5, 20) })
    );
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        folds["result"],
        json!([
            { "startLine": 0, "endLine": 1, "kind": "comment" },
            { "startLine": 3, "endLine": 5 },
            { "startLine": 7, "endLine": 13 },
            { "startLine": 8, "endLine": 10 },
            { "startLine": 11, "endLine": 13 },
        ])
    );
    client.shutdown_and_exit();
}

/// Settings pushed in a burst apply in order: the last publish reflects
/// the last push, and every publish of the version carries one of them.
#[test]
fn settings_pushed_in_a_burst_apply_in_order() {
    let mut client = LspClient::start_default();
    let uri = "file:///burst-settings.toml";
    client.open(uri, 1, "a = 1\na = 2\n");
    client.diagnostics(uri, Some(1));
    for level in [
        "green", "yellow", "green", "off", "yellow", "red", "green", "yellow",
    ] {
        client.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "rules": { "duplicate-key": level, "nonsense": "red" } } }),
        );
    }
    // Each push logs one warning after applying; the last one's warning
    // means every push has been applied.
    client.wait_until("eight warnings", |history| {
        history
            .iter()
            .filter(|m| m["method"] == "window/logMessage")
            .count()
            == 8
    });
    // Version 2 is analysed under whatever settings are current: the last.
    client.change(uri, 2, json!([edit(pos(1, 4), pos(1, 5), "3")]));
    let published = client.diagnostics(uri, Some(2));
    assert_eq!(severities(&published), [2], "{published}");
    let last = client.publishes(uri).pop().unwrap();
    assert_eq!(last["version"], 2);
    client.shutdown_and_exit();
}

/// Key completion in a Cargo manifest: the known keys of the table being
/// written in, less those already there, replacing the word typed (UTF-16
/// columns, after a non-BMP character); nothing in a file with no profile.
#[test]
fn known_keys_complete_in_a_manifest() {
    let mut client = LspClient::start_default();
    let uri = "file:///project/Cargo.toml";
    let text =
        "[package]\nname = \"x\"\ned\n[dependencies]\nserde = { package = \"𝄞\", fe }\n[[b\n";
    client.open(uri, 1, text);
    client.diagnostics(uri, Some(1));
    let complete = |client: &mut LspClient, uri: &str, line: usize, character: usize| {
        let response = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(line, character) }),
        );
        response["result"].clone()
    };
    let labels = |result: &Value| -> Vec<String> {
        result["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{result}"))
            .iter()
            .map(|item| item["label"].as_str().unwrap().to_owned())
            .collect()
    };

    let result = complete(&mut client, uri, 2, 2);
    let keys = labels(&result);
    assert!(keys.contains(&"edition".to_owned()), "{result}");
    assert!(
        !keys.contains(&"name".to_owned()),
        "already defined: {result}"
    );
    assert_eq!(keys[0], "version", "the profile's order: {result}");
    let first = &result["items"][0];
    assert_eq!(first["kind"], 10, "property");
    assert_eq!(
        first["textEdit"],
        json!({ "range": { "start": pos(2, 0), "end": pos(2, 2) }, "newText": "version" })
    );

    let line = text.lines().nth(4).unwrap();
    let fe = utf16_len(&line[..line.find("fe").unwrap()]);
    let result = complete(&mut client, uri, 4, fe + 2);
    let keys = labels(&result);
    assert!(keys.contains(&"features".to_owned()), "{result}");
    assert!(!keys.contains(&"package".to_owned()), "{result}");
    assert_eq!(
        result["items"][0]["textEdit"]["range"],
        json!({ "start": pos(4, fe), "end": pos(4, fe + 2) })
    );

    // The client filters by what was typed; the server offers them all.
    let result = complete(&mut client, uri, 5, 3);
    assert_eq!(
        labels(&result),
        ["bin", "example", "test", "bench"],
        "{result}"
    );
    assert_eq!(result["items"][0]["kind"], 22, "struct");

    let other = "file:///project/settings.toml";
    client.open(other, 1, "[package]\ned\n");
    client.diagnostics(other, Some(1));
    assert_eq!(complete(&mut client, other, 1, 2), Value::Null);
    client.shutdown_and_exit();
}
