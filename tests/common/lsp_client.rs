//! A small LSP client for the end-to-end tests: starts the real `andon lsp`
//! binary and speaks the base protocol to it over stdio.
//!
//! Invariant: no test waits by sleeping. A reader thread pushes every
//! message the server sends into a channel; tests block on it with a
//! deadline and fail with the whole conversation when the deadline passes.
//! Server-to-client requests (`workspace/configuration`,
//! `client/registerCapability`, …) are answered by the reader thread at
//! once, as an editor would, and still recorded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single wait may take before the test fails. Generous
/// because debug builds on a loaded machine are slow; passing runs never
/// come near it.
pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct LspClient {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    incoming: Receiver<Value>,
    /// Everything received, in order, with whether a `take_*` consumed it.
    pub history: Vec<Value>,
    taken: Vec<bool>,
    next_id: i64,
    /// What the client answers to `workspace/configuration` (per item).
    pub configuration: Arc<Mutex<Value>>,
    stderr: Arc<Mutex<String>>,
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl LspClient {
    /// Starts `andon lsp` with test hooks enabled.
    pub fn spawn() -> Self {
        Self::spawn_with_args(&["lsp"])
    }

    pub fn spawn_with_args(args: &[&str]) -> Self {
        Self::spawn_process(args, true, &[])
    }

    /// Starts `andon lsp` as an editor would, without test hooks.
    pub fn spawn_without_test_hooks() -> Self {
        Self::spawn_process(&["lsp"], false, &[])
    }

    /// Starts `andon lsp` with extra environment variables (e.g. a
    /// `HOME` without a user settings file).
    pub fn spawn_with_env(env: &[(&str, &std::path::Path)]) -> Self {
        Self::spawn_process(&["lsp"], true, env)
    }

    fn spawn_process(args: &[&str], test_hooks: bool, env: &[(&str, &std::path::Path)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_andon"));
        for (name, value) in env {
            command.env(name, value);
        }
        if test_hooks {
            command.env("ANDON_LSP_TEST_HOOKS", "1");
        } else {
            command.env_remove("ANDON_LSP_TEST_HOOKS");
        }
        command.args(args).env("ANDON_LOG", "warn");
        Self::spawn_command(command)
    }

    /// Starts any language server (e.g. a peer, for benchmarks) from a
    /// prepared command; stdio is set up here.
    pub fn spawn_command(mut command: Command) -> Self {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting andon lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().unwrap();
        let stderr_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut text = String::new();
            let _ = BufReader::new(stderr_pipe).read_to_string(&mut text);
            stderr_sink.lock().unwrap().push_str(&text);
        });
        let configuration = Arc::new(Mutex::new(Value::Null));
        let (tx, incoming) = channel();
        let answer_stdin = Arc::clone(&stdin);
        let answer_configuration = Arc::clone(&configuration);
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                    let result = match method.as_str() {
                        Some("workspace/configuration") => {
                            let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                            let value = answer_configuration.lock().unwrap().clone();
                            Value::Array(vec![value; items])
                        }
                        _ => Value::Null,
                    };
                    let reply = json!({ "jsonrpc": "2.0", "id": id, "result": result });
                    if let Some(stdin) = answer_stdin.lock().unwrap().as_mut() {
                        let _ = stdin.write_all(&frame(&reply.to_string()));
                        let _ = stdin.flush();
                    }
                }
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            incoming,
            history: Vec::new(),
            taken: Vec::new(),
            next_id: 0,
            configuration,
            stderr,
        }
    }

    /// Starts the server and runs `initialize`/`initialized` with the given
    /// client capabilities and initialization options.
    pub fn start(capabilities: Value, initialization_options: Value) -> (Self, Value) {
        let mut client = Self::spawn();
        let result = client.initialize(capabilities, initialization_options);
        (client, result)
    }

    pub fn start_default() -> Self {
        Self::start(json!({}), Value::Null).0
    }

    pub fn initialize(&mut self, capabilities: Value, initialization_options: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": initialization_options,
            }),
        );
        let result = response["result"].clone();
        assert!(result.is_object(), "initialize failed: {response}");
        self.notify("initialized", json!({}));
        result
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap();
        let stdin = stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: Value) {
        self.send_raw(&frame(&message.to_string()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and returns the whole response message.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.take(&format!("response {id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Receives one more message, or returns false at `deadline`.
    fn pump(&mut self, deadline: Instant) -> bool {
        let now = Instant::now();
        if now >= deadline {
            return false;
        }
        match self.incoming.recv_timeout(deadline - now) {
            Ok(message) => {
                self.history.push(message);
                self.taken.push(false);
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            // The server closed stdout: nothing more will come.
            Err(RecvTimeoutError::Disconnected) => false,
        }
    }

    /// The first message not taken yet that matches, waiting for it.
    pub fn take(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + DEADLINE;
        let mut index = 0;
        loop {
            while index < self.history.len() {
                if !self.taken[index] && matches(&self.history[index]) {
                    self.taken[index] = true;
                    return self.history[index].clone();
                }
                index += 1;
            }
            if !self.pump(deadline) {
                panic!(
                    "timed out waiting for {what}; received:\n{}\nstderr:\n{}",
                    self.dump(),
                    self.stderr()
                );
            }
        }
    }

    /// Waits until `done` holds over the whole history.
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&[Value]) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !done(&self.history) {
            if !self.pump(deadline) {
                panic!(
                    "timed out waiting for {what}; received:\n{}\nstderr:\n{}",
                    self.dump(),
                    self.stderr()
                );
            }
        }
    }

    pub fn notification(&mut self, method: &str) -> Value {
        self.take(method, |m| m["method"] == method && m.get("id").is_none())["params"].clone()
    }

    /// The `publishDiagnostics` params for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        self.take(&format!("diagnostics of {uri} v{version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"].get("version").and_then(Value::as_i64) == version
        })["params"]
            .clone()
    }

    /// Every `publishDiagnostics` received so far for `uri`.
    pub fn publishes(&self, uri: &str) -> Vec<Value> {
        self.history
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .collect()
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "toml", "version": version, "text": text
            }}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Forgets every message received so far.
    pub fn clear_history(&mut self) {
        self.history.clear();
        self.taken.clear();
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn dump(&self) -> String {
        self.history
            .iter()
            .map(|m| {
                let mut text = m.to_string();
                if text.len() > 400 {
                    let mut cut = 400;
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    text.truncate(cut);
                    text.push('…');
                }
                text
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Closes stdin (if still open) and waits for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!("server did not exit; stderr:\n{}", self.stderr());
            }
            // Drain output so the server never blocks on a full pipe; once
            // stdout is closed, poll the process every few milliseconds.
            if !self.pump(Instant::now() + Duration::from_millis(20)) {
                thread::park_timeout(Duration::from_millis(5));
            }
        }
    }

    pub fn close_stdin(&mut self) {
        self.stdin.lock().unwrap().take();
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
