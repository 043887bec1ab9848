//! Latency of `andon lsp` (and of peer servers) as an editor feels it, on
//! the generated 200-table (≈142 KB) and 5,000-table (≈3.7 MB) configs of
//! `benches/support/generate.rs`:
//!
//! - open→diagnostics: from sending `didOpen` to the first
//!   `publishDiagnostics` of that document (each open on a fresh URI, closed
//!   afterwards);
//! - keystroke→diagnostics: from each `didChange` (a digit typed into a
//!   port number in the middle of the file, then deleted again) to the
//!   `publishDiagnostics` of that version; sent as a range edit, or as the
//!   whole text to a server that asks for full sync;
//! - resident memory of the server from `/proc` (Linux): idle after
//!   `initialize`, and the peak (`VmHWM`) at the end.
//!
//! Each keystroke waits for its own diagnostics before the next, so the
//! numbers are end-to-end latencies, not throughput.
//!
//! Run: `cargo bench --bench lsp_latency` (andon only), or with peers and a
//! JSON report, as `scripts/bench.sh` does:
//! `cargo bench --bench lsp_latency -- --server tombi=/path/tombi,lsp,--offline --json out.json`.
//! `--server NAME=PROGRAM[,ARG...]` may be repeated; `andon` is always
//! measured first (`ANDON_BENCH_BIN` picks its binary); `--quick` makes
//! few samples.

#[path = "support/generate.rs"]
mod generate;
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::process::Command;
use std::time::{Duration, Instant};

use lsp_client::LspClient;
use serde_json::{Value, json};

struct Server {
    name: String,
    program: String,
    args: Vec<String>,
}

impl Server {
    fn spawn(&self) -> LspClient {
        if self.name == "andon" {
            // `scripts/bench.sh` points this at its copy of the release
            // binary; by default, the one cargo built for this bench.
            let Some(binary) = std::env::var_os("ANDON_BENCH_BIN") else {
                return LspClient::spawn_without_test_hooks();
            };
            let mut command = Command::new(binary);
            command.arg("lsp").env("ANDON_LOG", "warn");
            return LspClient::spawn_command(command);
        }
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        LspClient::spawn_command(command)
    }
}

fn rss_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|line| line.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)].as_secs_f64() * 1e3
}

/// The diagnostics of `uri` for `version`; servers that publish without a
/// version (allowed by LSP) are matched on the URI alone.
fn wait_diagnostics(client: &mut LspClient, uri: &str, version: i64) {
    client.take(&format!("diagnostics of {uri} v{version}"), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && match m["params"].get("version") {
                None | Some(Value::Null) => true,
                Some(found) => found.as_i64() == Some(version),
            }
    });
}

fn stats(latencies: &mut [Duration]) -> Value {
    latencies.sort();
    json!({
        "samples": latencies.len(),
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": percentile(latencies, 1.0),
    })
}

fn measure(server: &Server, label: &str, tables: usize, opens: usize, keystrokes: usize) -> Value {
    let text = generate::config(tables);
    let mut client = server.spawn();
    let capabilities = client.initialize(
        json!({ "textDocument": { "publishDiagnostics": { "versionSupport": true } } }),
        Value::Null,
    )["capabilities"]["textDocumentSync"]
        .clone();
    // A server that asks for full sync (tombi does) gets the whole text on
    // each keystroke, as an editor would send it.
    let sync = capabilities.get("change").unwrap_or(&capabilities).as_i64();
    let full_sync = sync == Some(1);
    let pid = client.pid();
    // Let lazily started work settle before reading idle memory.
    std::thread::sleep(Duration::from_millis(300));
    let idle = rss_kib(pid, "VmRSS:");

    let mut open_latencies = Vec::with_capacity(opens);
    for round in 0..opens {
        let uri = format!("file:///bench/open-{round}/config.toml");
        let sent = Instant::now();
        client.open(&uri, 1, &text);
        wait_diagnostics(&mut client, &uri, 1);
        open_latencies.push(sent.elapsed());
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
        client.clear_history();
    }

    let uri = "file:///bench/config.toml";
    client.open(uri, 1, &text);
    wait_diagnostics(&mut client, uri, 1);
    client.clear_history();

    // Type into the middle of the document: a digit into a port number,
    // then delete it again, like an editor sends them.
    let middle = text[..text.len() / 2].matches('\n').count();
    let line = text
        .lines()
        .enumerate()
        .skip(middle)
        .find(|(_, l)| l.starts_with("port = "))
        .map(|(at, _)| at)
        .expect("a port line");
    let column = "port = ".len();
    // The line is ASCII: its UTF-16 column is its byte offset.
    let offset = text
        .split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>()
        + column;
    let mut current = text.clone();
    let mut latencies = Vec::with_capacity(keystrokes);
    for stroke in 0..keystrokes {
        let version = stroke as i64 + 2;
        let end = if stroke % 2 == 0 { column } else { column + 1 };
        let inserted = if stroke % 2 == 0 { "9" } else { "" };
        let change = if full_sync {
            if stroke % 2 == 0 {
                current.insert(offset, '9');
            } else {
                current.remove(offset);
            }
            json!([{ "text": current }])
        } else {
            json!([{ "range": {
                "start": { "line": line, "character": column },
                "end": { "line": line, "character": end }
            }, "text": inserted }])
        };
        let sent = Instant::now();
        client.change(uri, version, change);
        wait_diagnostics(&mut client, uri, version);
        latencies.push(sent.elapsed());
        // Keep the client's memory flat over long runs.
        client.clear_history();
    }
    let peak = rss_kib(pid, "VmHWM:");
    let open = stats(&mut open_latencies);
    let keystroke = stats(&mut latencies);
    println!(
        "{:>6} {label:>7} ({} bytes): open p50 {:.2} ms; keystroke p50 {:.2} ms, p99 {:.2} ms ({keystrokes}); RSS idle {} KiB, peak {} KiB",
        server.name,
        text.len(),
        open["p50_ms"].as_f64().unwrap_or(0.0),
        keystroke["p50_ms"].as_f64().unwrap_or(0.0),
        keystroke["p99_ms"].as_f64().unwrap_or(0.0),
        idle.map_or("?".to_owned(), |k| k.to_string()),
        peak.map_or("?".to_owned(), |k| k.to_string()),
    );
    // A peer may not know `exit` after `shutdown` as we do; never fail on it.
    let _ = client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    drop(client);
    json!({
        "server": server.name,
        "config": label,
        "full_sync": full_sync,
        "tables": tables,
        "bytes": text.len(),
        "open": open,
        "keystroke": keystroke,
        "idle_rss_kib": idle,
        "peak_rss_kib": peak,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not and
    // only needs this to build and run quickly.
    // `--quick` trims a bench run for trying the harness.
    let full = args.iter().any(|arg| arg == "--bench") && !args.iter().any(|arg| arg == "--quick");
    let mut servers = vec![Server {
        name: "andon".into(),
        program: String::new(),
        args: Vec::new(),
    }];
    let mut json_out = None;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--server" => {
                let spec = iter.next().expect("--server NAME=PROGRAM[,ARG...]");
                let (name, command) = spec.split_once('=').expect("NAME=PROGRAM");
                let mut parts = command.split(',').map(str::to_owned);
                servers.push(Server {
                    name: name.into(),
                    program: parts.next().expect("a program"),
                    args: parts.collect(),
                });
            }
            "--json" => json_out = iter.next().cloned(),
            _ => {}
        }
    }
    let (opens, small, large) = if full { (10, 400, 100) } else { (1, 4, 2) };
    let mut results = Vec::new();
    for server in &servers {
        results.push(measure(server, "142 KB", 200, opens, small));
        results.push(measure(server, "3.7 MB", 5_000, opens, large));
    }
    if let Some(path) = json_out {
        let report = serde_json::to_string_pretty(&results).expect("json");
        std::fs::write(&path, report + "\n").expect("writing the JSON report");
    }
}
