//! End-to-end: an editor session over `andon lsp`, as the server serves
//! it — one analysis per revision, read by every request. No request
//! parses the document again (the test hook `andon/test/parseCounts`
//! counts the parses of the whole process), and a request for a text the
//! client has already changed is answered `ContentModified`.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use std::fs;
use std::path::PathBuf;

use lsp_client::LspClient;
use serde_json::{Value, json};

/// A Cargo manifest in a temporary folder beside an empty `HOME`, so no
/// settings file is read (and parsed) but the ones a test writes.
struct Project {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("app");
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(root.join("README.md"), "# app\n").unwrap();
        Project {
            _dir: dir,
            root,
            home: base.join("home"),
        }
    }

    fn uri(&self, name: &str) -> String {
        format!("file://{}", self.root.join(name).display())
    }

    fn start(&self) -> LspClient {
        let mut client = LspClient::spawn_with_env(&[
            ("HOME", &self.home),
            ("XDG_CONFIG_HOME", &self.home.join("xdg")),
        ]);
        client.initialize(json!({}), Value::Null);
        client
    }
}

const MANIFEST: &str = "# notes: \n[package]\nname = \"app\"\nreadme = \"README.md\"\nedition = \"2021\"\n\n[dependencies]\ngone = { path = \"../gone\" }\nserde = { version = \"1\", features = [\n  \"derive\",\n] }\n";

fn parse_counts(client: &mut LspClient) -> (u64, u64) {
    let response = client.request("andon/test/parseCounts", Value::Null);
    let counts = &response["result"];
    match (counts["whole"].as_u64(), counts["reparses"].as_u64()) {
        (Some(whole), Some(reparses)) => (whole, reparses),
        _ => panic!("no parse counts: {response}"),
    }
}

fn at(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// Every request an editor sends about a document, answered; the answers
/// are checked to be real, so the count below cannot pass on empty ones.
fn ask_everything(client: &mut LspClient, uri: &str) {
    let document = json!({ "uri": uri });
    let ids = [
        client.send_request(
            "textDocument/documentSymbol",
            json!({ "textDocument": document }),
        ),
        client.send_request(
            "textDocument/foldingRange",
            json!({ "textDocument": document }),
        ),
        client.send_request(
            "textDocument/documentLink",
            json!({ "textDocument": document }),
        ),
        client.send_request(
            "textDocument/codeAction",
            json!({
                "textDocument": document,
                "range": { "start": at(7, 18), "end": at(7, 18) },
                "context": { "diagnostics": [] },
            }),
        ),
        client.send_request(
            "textDocument/hover",
            json!({ "textDocument": document, "position": at(3, 12) }),
        ),
        client.send_request(
            "textDocument/definition",
            json!({ "textDocument": document, "position": at(3, 12) }),
        ),
        client.send_request(
            "textDocument/completion",
            json!({ "textDocument": document, "position": at(4, 3) }),
        ),
    ];
    let [
        symbols,
        folds,
        links,
        actions,
        hover,
        definition,
        completion,
    ] = ids.map(|id| client.response(id)["result"].clone());
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["package", "dependencies"], "{symbols}");
    assert!(folds.as_array().unwrap().len() >= 2, "{folds}");
    assert_eq!(links.as_array().unwrap().len(), 1, "{links}");
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .any(|action| action["title"] == "Ignore `path-missing` on this line"),
        "{actions}"
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("exists, file"),
        "{hover}"
    );
    assert_eq!(definition.as_array().unwrap().len(), 1, "{definition}");
    assert!(
        completion["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["label"] == "edition"),
        "{completion}"
    );
}

/// After the open, a session of keystrokes, each followed by every request
/// an editor sends, parses only what the incremental reparse parses: one
/// reparse per keystroke, and no whole parse at all.
#[test]
fn requests_read_the_revision_and_never_parse() {
    let project = Project::new();
    let mut client = project.start();
    let uri = project.uri("Cargo.toml");
    let (before_open, _) = parse_counts(&mut client);
    client.open(&uri, 1, MANIFEST);
    client.diagnostics(&uri, Some(1));
    ask_everything(&mut client, &uri);
    let (whole, reparses) = parse_counts(&mut client);
    assert_eq!(
        whole - before_open,
        1,
        "the open parses, the requests do not"
    );
    const KEYSTROKES: u32 = 20;
    for keystroke in 0..KEYSTROKES {
        let version = i64::from(keystroke) + 2;
        let column = "# notes: ".len() as u32 + keystroke;
        client.change(
            &uri,
            version,
            json!([{ "range": { "start": at(0, column), "end": at(0, column) }, "text": "x" }]),
        );
        client.diagnostics(&uri, Some(version));
        ask_everything(&mut client, &uri);
    }
    assert_eq!(
        parse_counts(&mut client),
        (whole, reparses + u64::from(KEYSTROKES)),
        "whole parses and reparses after {KEYSTROKES} keystrokes and {} requests",
        KEYSTROKES * 7
    );
    client.shutdown_and_exit();
}

/// A request waits for the analysis of the text it was sent for; when the
/// client changes the text before that analysis exists, the answer is
/// `ContentModified` (LSP 3.17), never an answer for another text. Sent
/// back to back, each request meets either its own text or the error.
#[test]
fn a_request_for_a_replaced_text_is_content_modified() {
    let project = Project::new();
    let mut client = project.start();
    let uri = project.uri("Cargo.toml");
    client.open(&uri, 1, MANIFEST);
    let mut requests = Vec::new();
    for version in 2..40 {
        let key = format!("k{version} = 1\n");
        client.change(
            &uri,
            version,
            json!([{ "range": { "start": at(1, 0), "end": at(1, 0) }, "text": key }]),
        );
        let id = client.send_request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        requests.push((version, id));
    }
    client.diagnostics(&uri, Some(39));
    let mut modified = 0;
    for (version, id) in requests {
        let response = client.response(id);
        match response.get("error") {
            Some(error) => {
                assert_eq!(error["code"], -32801, "{response}");
                modified += 1;
            }
            None => {
                // The outline of exactly that version: its newest key first.
                let first = &response["result"][0]["name"];
                assert_eq!(first, &json!(format!("k{version}")), "{response}");
            }
        }
    }
    // The last one always has its text analysed.
    assert!(modified < 38, "every request was answered ContentModified");
    client.shutdown_and_exit();
}
