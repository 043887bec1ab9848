//! End-to-end: path values in `andon lsp` over stdio, on a real temporary
//! workspace — findings that follow the disk through watcher events, the
//! scoped watcher registration, `andon.toml` discovery and its changes,
//! and documentLink, definition, hover and completion with exact ranges in
//! UTF-16 and UTF-8 sessions. (Lookup counting is a unit test of the one
//! function the server analyses snapshots with, `src/lsp/analyse.rs`.)

#[path = "common/lsp_client.rs"]
mod lsp_client;

use std::fs;
use std::path::{Path, PathBuf};

use lsp_client::LspClient;
use serde_json::{Value, json};

/// A temporary workspace `ws/` beside an empty `HOME` and
/// `XDG_CONFIG_HOME`, so no user settings file leaks into a test.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("ws");
        fs::create_dir_all(root.join("app")).unwrap();
        Workspace {
            _dir: dir,
            root,
            home: base.join("home"),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn uri(&self, relative: &str) -> String {
        uri_of(&self.path(relative))
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn start(&self, capabilities: Value) -> LspClient {
        let mut client = LspClient::spawn_with_env(&[
            ("HOME", &self.home),
            ("XDG_CONFIG_HOME", &self.home.join("xdg")),
        ]);
        client.initialize(capabilities, Value::Null);
        client
    }
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn watching() -> Value {
    json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } })
}

/// The (rule, severity) pairs of a publish.
fn findings(params: &Value) -> Vec<(String, i64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The next publish for `uri` that satisfies `done`.
fn publish_where(client: &mut LspClient, uri: &str, done: impl Fn(&Value) -> bool) -> Value {
    client.take(&format!("a matching publish for {uri}"), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && done(&m["params"])
    })["params"]
        .clone()
}

/// The next `client/registerCapability` for watched files: (id, patterns).
fn watcher_registration(client: &mut LspClient) -> (String, Vec<String>) {
    let request = client.take("a file watcher registration", |m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"
    });
    let registration = &request["params"]["registrations"][0];
    let patterns = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|watcher| watcher["globPattern"].as_str().unwrap().to_owned())
        .collect();
    (registration["id"].as_str().unwrap().to_owned(), patterns)
}

const MANIFEST: &str =
    "[package]\nname = \"app\"\n\n[dependencies]\nutil = { path = \"../util\" }\n";

/// Open a manifest whose dependency is missing: red. Create the package
/// on disk and send the watcher event: the finding goes, with the TOML
/// untouched. Along the way, the watchers the server asks for are exactly
/// the referenced paths plus `andon.toml`, and a changed set replaces the
/// old registration.
#[test]
fn a_missing_package_found_on_disk_clears_its_finding() {
    let ws = Workspace::new();
    let mut client = ws.start(watching());
    let uri = ws.uri("app/Cargo.toml");
    client.open(&uri, 1, MANIFEST);
    let first = client.diagnostics(&uri, Some(1));
    assert_eq!(
        findings(&first),
        [("path-missing".to_owned(), 1)],
        "{first}"
    );
    assert_eq!(
        first["diagnostics"][0]["range"]["start"],
        json!({ "line": 4, "character": 16 })
    );

    let (first_id, patterns) = watcher_registration(&mut client);
    let util = ws.path("util");
    assert_eq!(
        patterns,
        [
            util.display().to_string(),
            util.join("Cargo.toml").display().to_string(),
            "**/andon.toml".to_owned(),
        ]
    );
    assert!(
        patterns
            .iter()
            .all(|p| p != "**/*" && !p.ends_with("/**/*"))
    );

    ws.write("util/Cargo.toml", "[package]\nname = \"util\"\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("util/Cargo.toml"), "type": 1 }] }),
    );
    let cleared = publish_where(&mut client, &uri, |p| p["diagnostics"] == json!([]));
    assert_eq!(cleared["version"], 1, "the text did not change");

    // Point the dependency elsewhere: the watchers follow, and the old
    // registration is withdrawn.
    client.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 4, "character": 20 }, "end": { "line": 4, "character": 24 } }, "text": "other" }]),
    );
    let second = client.diagnostics(&uri, Some(2));
    assert_eq!(findings(&second), [("path-missing".to_owned(), 1)]);
    let (second_id, patterns) = watcher_registration(&mut client);
    assert_ne!(second_id, first_id);
    assert!(
        patterns.contains(&ws.path("other").display().to_string()),
        "{patterns:?}"
    );
    client.take("the old registration withdrawn", |m| {
        m["method"] == "client/unregisterCapability"
            && m["params"]["unregisterations"][0]["id"] == first_id.as_str()
    });
    client.shutdown_and_exit();
}

/// Without dynamic registration the server asks for nothing, yet still
/// acts on the events a client sends anyway.
#[test]
fn no_registration_when_the_client_cannot_register() {
    let ws = Workspace::new();
    let mut client = ws.start(json!({}));
    let uri = ws.uri("app/Cargo.toml");
    client.open(&uri, 1, MANIFEST);
    client.diagnostics(&uri, Some(1));
    ws.write("util/Cargo.toml", "[package]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("util"), "type": 1 }] }),
    );
    publish_where(&mut client, &uri, |p| p["diagnostics"] == json!([]));
    assert!(
        !client
            .history
            .iter()
            .any(|m| m["method"] == "client/registerCapability"),
        "{}",
        client.dump()
    );
    client.shutdown_and_exit();
}

/// A client that cannot watch files never reports new ones; saving a
/// document is then when paths are checked again.
#[test]
fn without_watchers_a_save_checks_paths_again() {
    let ws = Workspace::new();
    let mut client = ws.start(json!({}));
    let uri = ws.uri("app/Cargo.toml");
    client.open(&uri, 1, MANIFEST);
    let first = client.diagnostics(&uri, Some(1));
    assert!(!findings(&first).is_empty(), "{first}");
    ws.write("util/Cargo.toml", "[package]\n");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    publish_where(&mut client, &uri, |p| p["diagnostics"] == json!([]));
    client.shutdown_and_exit();
}

/// The nearest `andon.toml` sets the level; saving a changed one, or a
/// watcher reporting one, re-publishes the open documents under it.
#[test]
fn andon_toml_levels_apply_and_follow_changes() {
    let ws = Workspace::new();
    ws.write("andon.toml", "[rules]\npath-missing = \"yellow\"\n");
    let mut client = ws.start(watching());
    let uri = ws.uri("app/Cargo.toml");
    client.open(&uri, 1, MANIFEST);
    let first = client.diagnostics(&uri, Some(1));
    assert_eq!(
        findings(&first),
        [("path-missing".to_owned(), 2)],
        "{first}"
    );

    ws.write("andon.toml", "[rules]\npath-missing = \"off\"\n");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": ws.uri("andon.toml") } }),
    );
    publish_where(&mut client, &uri, |p| p["diagnostics"] == json!([]));

    ws.write("andon.toml", "[rules]\npath-missing = \"red\"\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("andon.toml"), "type": 2 }] }),
    );
    let red = publish_where(&mut client, &uri, |p| p["diagnostics"] != json!([]));
    assert_eq!(findings(&red), [("path-missing".to_owned(), 1)]);

    // Editor settings still apply last.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "andon": { "rules": { "path-missing": "green" } } } }),
    );
    let green = publish_where(&mut client, &uri, |p| p["diagnostics"][0]["severity"] == 3);
    assert_eq!(findings(&green), [("path-missing".to_owned(), 3)]);
    client.shutdown_and_exit();
}

/// An unsaved buffer has no folder to resolve paths against: no path
/// findings, and no error.
#[test]
fn untitled_documents_get_no_path_findings() {
    let ws = Workspace::new();
    let mut client = ws.start(watching());
    client.open("untitled:Untitled-1", 1, MANIFEST);
    let published = client.diagnostics("untitled:Untitled-1", Some(1));
    assert_eq!(published["diagnostics"], json!([]));
    let response = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": "untitled:Untitled-1" } }),
    );
    assert_eq!(response["result"], Value::Null, "{response}");
    client.shutdown_and_exit();
}

/// A manifest where a path follows a non-BMP character on its line: the
/// 4-byte `𝄞` is 2 UTF-16 units, so columns differ between encodings.
const FEATURES: &str = "[package]\nname = \"app\"\nreadme = \"README.md\"\n\n[dependencies]\nutil = { version = \"𝄞\", path = \"../util\" }\ngone = { path = \"../gone\" }\n";

fn features_workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write("app/Cargo.toml", FEATURES);
    ws.write("app/README.md", "# app\n");
    ws.write("app/src/main.rs", "fn main() {}\n");
    ws.write("util/Cargo.toml", "[package]\nname = \"util\"\n");
    ws
}

/// The column of byte `byte` of `FEATURES` line `line` in `encoding`.
fn column(line: usize, byte: usize, utf8: bool) -> usize {
    let text = FEATURES.lines().nth(line).unwrap();
    if utf8 {
        byte
    } else {
        text[..byte].encode_utf16().count()
    }
}

/// The range of `needle` (its first occurrence) on `line`.
fn range_of(line: usize, needle: &str, utf8: bool) -> Value {
    let text = FEATURES.lines().nth(line).unwrap();
    let start = text.find(needle).unwrap();
    range_at(line, start..start + needle.len(), utf8)
}

/// The range of bytes `bytes` of `line`.
fn range_at(line: usize, bytes: std::ops::Range<usize>, utf8: bool) -> Value {
    json!({
        "start": { "line": line, "character": column(line, bytes.start, utf8) },
        "end": { "line": line, "character": column(line, bytes.end, utf8) },
    })
}

fn position(line: usize, byte: usize, utf8: bool) -> Value {
    json!({ "line": line, "character": column(line, byte, utf8) })
}

fn check_features(utf8: bool) {
    let ws = features_workspace();
    let capabilities = if utf8 {
        json!({ "general": { "positionEncodings": ["utf-8"] } })
    } else {
        json!({})
    };
    let mut client = ws.start(capabilities);
    let uri = ws.uri("app/Cargo.toml");
    client.open(&uri, 1, FEATURES);
    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(findings(&published), [("path-missing".to_owned(), 1)]);
    assert_eq!(
        published["diagnostics"][0]["range"],
        range_of(6, "\"../gone\"", utf8)
    );
    let document = json!({ "uri": uri });

    // Links: the readme to the file, the package to its manifest, none for
    // the missing one; each over the text between the quotes.
    let links = client.request(
        "textDocument/documentLink",
        json!({ "textDocument": document }),
    );
    let links: Vec<(Value, Value)> = links["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{links}"))
        .iter()
        .map(|link| (link["range"].clone(), link["target"].clone()))
        .collect();
    assert_eq!(
        links,
        [
            (
                range_of(2, "README.md", utf8),
                json!(ws.uri("app/README.md"))
            ),
            (
                range_of(5, "../util", utf8),
                json!(ws.uri("util/Cargo.toml"))
            ),
        ]
    );

    let line5 = FEATURES.lines().nth(5).unwrap();
    let inside_util = line5.find("../util").unwrap() + 4;
    let at = |line: usize, byte: usize| json!({ "textDocument": document, "position": position(line, byte, utf8) });

    let definition = client.request("textDocument/definition", at(5, inside_util));
    assert_eq!(
        definition["result"],
        json!([{ "uri": ws.uri("util/Cargo.toml"), "range": {
            "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } } }]),
        "{definition}"
    );
    // Outside any path value: nothing.
    let nothing = client.request("textDocument/definition", at(1, 2));
    assert_eq!(nothing["result"], Value::Null, "{nothing}");

    let hover = client.request("textDocument/hover", at(5, inside_util));
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{hover}"));
    assert!(
        markdown.contains(&format!("`{}`", ws.path("util").display())),
        "{markdown}"
    );
    assert!(
        markdown.contains("exists, directory with `Cargo.toml`"),
        "{markdown}"
    );
    assert_eq!(hover["result"]["contents"]["kind"], "markdown");
    assert_eq!(hover["result"]["range"], range_of(5, "../util", utf8));
    let line6 = FEATURES.lines().nth(6).unwrap();
    let hover = client.request(
        "textDocument/hover",
        at(6, line6.find("../gone").unwrap() + 3),
    );
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains(&format!("`{}`", ws.path("gone").display())),
        "{markdown}"
    );
    assert!(markdown.contains("missing"), "{markdown}");

    // Completion after `../` in a dependency path: directories only, and
    // the edit replaces the segment `util`.
    let after_dots = line5.find("../util").unwrap() + 3;
    let completion = client.request("textDocument/completion", at(5, after_dots));
    let items = completion["result"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{completion}"));
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["app", "util"]);
    assert!(
        items.iter().all(|i| i["kind"] == 19),
        "folders: {completion}"
    );
    let segment = after_dots..after_dots + "util".len();
    assert_eq!(items[0]["textEdit"]["range"], range_at(5, segment, utf8));
    // In the readme, which wants a file: files and folders.
    let readme = FEATURES.lines().nth(2).unwrap().find("README").unwrap();
    let completion = client.request("textDocument/completion", at(2, readme));
    let labels: Vec<&str> = completion["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Cargo.toml", "README.md", "src"]);
    client.shutdown_and_exit();
}

#[test]
fn path_features_in_utf16() {
    check_features(false);
}

#[test]
fn path_features_in_utf8() {
    check_features(true);
}

/// Workspace members by glob: definition opens every member's manifest,
/// hover counts the matches, the watchers follow the glob, and a member
/// created on disk joins after the watcher event.
#[test]
fn member_globs_lead_to_every_member_manifest() {
    let ws = Workspace::new();
    ws.write("crates/a/Cargo.toml", "[package]\nname = \"a\"\n");
    ws.write("crates/b/Cargo.toml", "[package]\nname = \"b\"\n");
    ws.write("crates/notes.txt", "not a member\n");
    let text = "[workspace]\nmembers = [\"crates/*\"]\n";
    let mut client = ws.start(watching());
    let uri = ws.uri("Cargo.toml");
    client.open(&uri, 1, text);
    assert_eq!(client.diagnostics(&uri, Some(1))["diagnostics"], json!([]));
    let (_, patterns) = watcher_registration(&mut client);
    let crates = ws.path("crates").display().to_string();
    assert!(patterns.contains(&format!("{crates}/*")), "{patterns:?}");
    assert!(
        patterns.contains(&format!("{crates}/*/Cargo.toml")),
        "{patterns:?}"
    );

    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 14 } });
    let members = |client: &mut LspClient| -> Vec<String> {
        let response = client.request("textDocument/definition", at.clone());
        response["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{response}"))
            .iter()
            .map(|location| location["uri"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        members(&mut client),
        [ws.uri("crates/a/Cargo.toml"), ws.uri("crates/b/Cargo.toml")]
    );
    let hover = client.request("textDocument/hover", at.clone());
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("glob, 2 matches"), "{markdown}");

    ws.write("crates/c/Cargo.toml", "[package]\nname = \"c\"\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("crates/c/Cargo.toml"), "type": 1 }] }),
    );
    assert_eq!(members(&mut client).len(), 3);
    client.shutdown_and_exit();
}
