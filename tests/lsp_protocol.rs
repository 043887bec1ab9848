//! End-to-end: the protocol edge of `andon lsp` — initialization and
//! capabilities, position encodings, exit codes, and every kind of garbage
//! a client can send, each followed by a request the server must still
//! answer correctly.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::LspClient;
use serde_json::{Value, json};

const URI: &str = "file:///project/alive.toml";
const ALIVE_TEXT: &str = "[table]\nkey = [\n  1,\n]\n";

/// Opens a small document and checks a request about it is answered
/// correctly: the proof, after each bad input, that the server lives.
fn assert_alive(client: &mut LspClient) {
    let response = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    let lines: Vec<(i64, i64)> = response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("no folding ranges: {response}"))
        .iter()
        .map(|fold| {
            (
                fold["startLine"].as_i64().unwrap(),
                fold["endLine"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, [(0, 3), (1, 3)], "{response}");
}

fn started() -> LspClient {
    let mut client = LspClient::start_default();
    client.open(URI, 1, ALIVE_TEXT);
    client.diagnostics(URI, Some(1));
    assert_alive(&mut client);
    client
}

#[test]
fn initialize_advertises_only_what_is_implemented() {
    let mut client = LspClient::spawn_with_args(&["lsp", "--stdio"]);
    let result = client.initialize(json!({}), Value::Null);
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(capabilities["documentSymbolProvider"], true);
    assert_eq!(capabilities["foldingRangeProvider"], true);
    assert_eq!(
        capabilities["completionProvider"]["triggerCharacters"],
        json!(["/", "\"", "'", ".", "["])
    );
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.andon"])
    );
    let mut advertised: Vec<&String> = capabilities.as_object().unwrap().keys().collect();
    advertised.sort();
    assert_eq!(
        advertised,
        [
            "codeActionProvider",
            "completionProvider",
            "definitionProvider",
            "documentLinkProvider",
            "documentSymbolProvider",
            "foldingRangeProvider",
            "hoverProvider",
            "positionEncoding",
            "textDocumentSync"
        ]
    );
    assert_eq!(result["serverInfo"]["name"], "andon");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn utf8_is_chosen_when_offered() {
    let capabilities = json!({ "general": { "positionEncodings": ["utf-16", "utf-8"] } });
    let (mut client, result) = LspClient::start(capabilities, Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.shutdown_and_exit();
}

/// The error sits after a character outside the BMP: 4 UTF-8 bytes, two
/// UTF-16 units. Byte 9 is the second `=` of `"𝄞" = = 1`.
#[test]
fn columns_after_non_bmp_characters_follow_the_negotiated_encoding() {
    let text = "\"𝄞\" = = 1\n\"𝄞\" = 2\na = = 2\n";
    for (offered, first_column, related_end) in [
        (json!(["utf-8"]), 9, 6),
        (json!(["utf-16"]), 7, 4),
        (json!([]), 7, 4),
    ] {
        let capabilities = json!({ "general": { "positionEncodings": offered } });
        let (mut client, _) = LspClient::start(capabilities, Value::Null);
        client.open("file:///u.toml", 1, text);
        let published = client.diagnostics("file:///u.toml", Some(1));
        let ranges: Vec<Value> = published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["range"]["start"].clone())
            .collect();
        assert_eq!(
            ranges,
            [
                json!({ "line": 0, "character": first_column }),
                json!({ "line": 1, "character": 0 }),
                json!({ "line": 2, "character": 4 }),
            ],
            "{published}"
        );
        // Changes are addressed in the same units: replace the stray `=`.
        client.change(
            "file:///u.toml",
            2,
            json!([{ "range": {
                "start": { "line": 0, "character": first_column },
                "end": { "line": 0, "character": first_column + 2 }
            }, "text": "" }]),
        );
        let published = client.diagnostics("file:///u.toml", Some(2));
        let diagnostics = published["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 2, "{published}");
        let duplicate = &diagnostics[0];
        assert_eq!(duplicate["code"], "duplicate-key", "{published}");
        assert_eq!(
            duplicate["relatedInformation"][0]["location"]["range"]["end"],
            json!({ "line": 0, "character": related_end }),
            "{published}"
        );
        client.shutdown_and_exit();
    }
}

#[test]
fn exit_codes() {
    let mut client = LspClient::start_default();
    assert_eq!(client.shutdown_and_exit().code(), Some(0));

    let mut client = LspClient::start_default();
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1), "exit without shutdown");

    let mut client = LspClient::start_default();
    client.close_stdin();
    assert_eq!(client.wait_exit().code(), Some(1), "end of input");

    let mut client = LspClient::spawn_with_args(&["serve"]);
    assert_eq!(client.wait_exit().code(), Some(2), "usage error");
}

#[test]
fn malformed_headers_are_skipped() {
    let mut client = started();
    client.send_raw(b"Content-Length: many\r\n\r\n");
    assert_alive(&mut client);
    client.send_raw(b"this is not a header\r\nX-Other: 1\r\n\r\n");
    let error = client.take("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    assert_alive(&mut client);
    // Garbage glued to the next message's headers is dropped with them.
    let message = r#"{"jsonrpc":"2.0","id":900,"method":"textDocument/foldingRange","params":{"textDocument":{"uri":"file:///project/alive.toml"}}}"#;
    client
        .send_raw(format!("junk\r\nContent-Length: {}\r\n\r\n{message}", message.len()).as_bytes());
    assert_eq!(client.response(900)["result"].as_array().unwrap().len(), 2);
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn malformed_json_is_a_parse_error() {
    let mut client = started();
    client.send_raw(&lsp_client::frame("{\"jsonrpc\": \"2.0\", \"id\": 5, "));
    let error = client.take("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    assert_alive(&mut client);
    client.send_raw(&lsp_client::frame("\u{1F600}"));
    client.take("parse error", |m| m["error"]["code"] == -32700);
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn json_that_is_not_json_rpc_is_an_invalid_request() {
    let mut client = started();
    for body in [
        json!({ "hello": "world" }),
        json!([1, 2, 3]),
        json!(42),
        json!({ "id": 77, "params": {} }),
    ] {
        client.send(body.clone());
        let error = client.take("invalid request", |m| m["error"]["code"] == -32600);
        let expected_id = if body.get("id").is_some() {
            json!(77)
        } else {
            Value::Null
        };
        assert_eq!(error["id"], expected_id, "{body}");
        assert_alive(&mut client);
    }
    client.shutdown_and_exit();
}

#[test]
fn unknown_methods() {
    let mut client = started();
    let response = client.request("andon/noSuchThing", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    assert_alive(&mut client);
    let response = client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 },
            "context": { "includeDeclaration": true }
        }),
    );
    assert_eq!(response["error"]["code"], -32601, "{response}");
    client.notify("andon/unknownNotification", json!({ "x": 1 }));
    client.notify("$/setTrace", json!({ "value": "off" }));
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn requests_for_documents_never_opened() {
    let mut client = started();
    let never = json!({ "textDocument": { "uri": "file:///never/opened.toml" } });
    let response = client.request("textDocument/documentSymbol", never.clone());
    assert_eq!(response["result"], Value::Null, "{response}");
    let response = client.request("textDocument/foldingRange", never.clone());
    assert_eq!(response["result"], Value::Null, "{response}");
    client.change("file:///never/opened.toml", 3, json!([{ "text": "a = 1" }]));
    client.notify("textDocument/didSave", never.clone());
    client.notify("textDocument/didClose", never);
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn out_of_range_positions_are_clamped() {
    let mut client = started();
    let uri = "file:///clamp.toml";
    client.open(uri, 1, "a = 1\n");
    client.diagnostics(uri, Some(1));
    // Past the end of the document: lands at its end.
    client.change(
        uri,
        2,
        json!([{ "range": {
            "start": { "line": 1000, "character": 5 },
            "end": { "line": 4000, "character": 0 }
        }, "text": "b = = 2\n" }]),
    );
    let published = client.diagnostics(uri, Some(2));
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({ "line": 1, "character": 4 }),
        "{published}"
    );
    // Past the end of a line, and reversed: clamped, then ordered.
    client.change(
        uri,
        3,
        json!([{ "range": {
            "start": { "line": 1, "character": 999 },
            "end": { "line": 1, "character": 4 }
        }, "text": "" }]),
    );
    let published = client.diagnostics(uri, Some(3));
    assert_eq!(published["diagnostics"][0]["range"]["start"]["line"], 1);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn a_20_mb_document() {
    let mut client = started();
    let uri = "file:///big.toml";
    let line = "key_000000 = \"a value that is long enough to fill the line quickly\"\n";
    let mut text = String::with_capacity(21 << 20);
    let mut index = 0;
    while text.len() < 20 << 20 {
        text.push_str(&line.replace("000000", &format!("{index:06}")));
        index += 1;
    }
    text.push_str("broken = \n");
    client.open(uri, 1, &text);
    let published = client.diagnostics(uri, Some(1));
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{}", published["diagnostics"]);
    assert_eq!(diagnostics[0]["range"]["start"]["line"], index);
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn deep_nesting() {
    let mut client = started();
    let uri = "file:///deep.toml";
    client.open(uri, 1, &format!("a = {}", "[".repeat(100_000)));
    let published = client.diagnostics(uri, Some(1));
    assert!(!published["diagnostics"].as_array().unwrap().is_empty());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(symbols["result"].is_array(), "{}", symbols["error"]);
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(folds["result"].is_array(), "{}", folds["error"]);
    assert_alive(&mut client);
    client.shutdown_and_exit();
}

#[test]
fn a_panic_in_a_handler_is_an_error_response() {
    let options = json!({ "testing": { "panicOnDocumentSymbol": true } });
    let (mut client, _) = LspClient::start(json!({}), options);
    client.open(URI, 1, ALIVE_TEXT);
    client.diagnostics(URI, Some(1));
    for _ in 0..3 {
        let response = client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        );
        assert_eq!(response["error"]["code"], -32603, "{response}");
        let log = client.notification("window/logMessage");
        assert_eq!(log["type"], 1, "{log}");
        assert_alive(&mut client);
    }
    // Documents keep working after the panics.
    client.change(URI, 2, json!([{ "text": "x = = 1\n" }]));
    let published = client.diagnostics(URI, Some(2));
    assert_eq!(published["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

/// A panic in a handler's own body, not in work it hands off, is caught
/// by the transport: the request gets an error, the server goes on.
#[test]
fn a_panic_in_a_handlers_body_is_contained_too() {
    let options = json!({ "testing": { "panicOnFoldingRange": true } });
    let (mut client, _) = LspClient::start(json!({}), options);
    client.open(URI, 1, ALIVE_TEXT);
    client.diagnostics(URI, Some(1));
    for _ in 0..3 {
        let response = client.request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        );
        assert_eq!(response["error"]["code"], -32603, "{response}");
        let symbols = client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        );
        assert_eq!(symbols["result"][0]["name"], "table", "{symbols}");
    }
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn bad_initialization_options_are_reported_after_initialized() {
    let options = json!({ "rules": { "no-such-rule": "red", "syntax": "orange" } });
    let (mut client, _) = LspClient::start(json!({}), options);
    let first = client.notification("window/logMessage");
    let second = client.notification("window/logMessage");
    let messages = format!("{first} {second}");
    assert!(
        messages.contains("no-such-rule") && messages.contains("orange"),
        "{messages}"
    );
    client.shutdown_and_exit();
}

#[test]
fn test_hooks_need_the_environment() {
    // The same option without ANDON_LSP_TEST_HOOKS does nothing.
    let mut client = LspClient::spawn_without_test_hooks();
    client.initialize(
        json!({}),
        json!({ "testing": { "panicOnDocumentSymbol": true } }),
    );
    client.open(URI, 1, ALIVE_TEXT);
    let response = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(response["result"].is_array(), "{response}");
    client.shutdown_and_exit();
}

/// The server fixes glibc's mmap threshold for itself (see
/// `src/lsp/memory.rs`) and still speaks the protocol on the same stdio;
/// a threshold the user set is left alone.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_server_runs_with_a_fixed_mmap_threshold() {
    let threshold = |client: &LspClient| {
        let environ = std::fs::read(format!("/proc/{}/environ", client.pid())).unwrap();
        environ
            .split(|&byte| byte == 0)
            .find_map(|entry| entry.strip_prefix(b"MALLOC_MMAP_THRESHOLD_="))
            .map(|value| String::from_utf8_lossy(value).into_owned())
    };
    let mut client = started();
    assert_eq!(threshold(&client).as_deref(), Some("131072"));
    assert_alive(&mut client);

    let mut client =
        LspClient::spawn_with_env(&[("MALLOC_MMAP_THRESHOLD_", std::path::Path::new("65536"))]);
    client.initialize(json!({}), Value::Null);
    client.open(URI, 1, ALIVE_TEXT);
    client.diagnostics(URI, Some(1));
    assert_eq!(threshold(&client).as_deref(), Some("65536"));
}
