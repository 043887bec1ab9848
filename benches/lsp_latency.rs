//! Latency of `andon lsp` as an editor feels it: for keystrokes in a
//! generated 142 KB and 3.7 MB config, the time from sending each
//! `didChange` to receiving the `publishDiagnostics` of that version
//! (p50/p99), plus the server's idle and peak resident memory (Linux,
//! from `/proc`). Run with `cargo bench --bench lsp_latency`.
//!
//! Each keystroke waits for its own diagnostics before the next, so the
//! numbers are end-to-end latencies, not throughput. Comparing with other
//! servers (tombi, taplo) is left to the harness that drives them all.

#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use lsp_client::LspClient;
use serde_json::json;

/// A Cargo-manifest-like document of about `target` bytes: tables of
/// dependencies with inline tables, arrays, strings and numbers.
fn generate(target: usize) -> String {
    let mut text = String::from(
        "[package]\nname = \"generated\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n",
    );
    let mut section = 0;
    while text.len() < target {
        text.push_str(&format!("[dependencies_{section}]\n"));
        for key in 0..20 {
            text.push_str(&format!(
                "crate_{section}_{key} = {{ version = \"1.{key}\", features = [\"std\", \"derive\"], optional = {} }}\n",
                key % 2 == 0
            ));
        }
        text.push_str(&format!(
            "\n[[bin]]\nname = \"bin_{section}\"\npath = \"src/bin/{section}.rs\"\ntest = false\n\n"
        ));
        section += 1;
    }
    text
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn measure(label: &str, size: usize, keystrokes: usize) {
    let mut client = LspClient::spawn_without_test_hooks();
    client.initialize(json!({}), serde_json::Value::Null);
    let pid = client.pid();
    let idle = rss_kib(pid, "VmRSS:");
    let text = generate(size);
    let uri = "file:///bench/Cargo.toml";
    client.open(uri, 1, &text);
    client.diagnostics(uri, Some(1));

    // Type into the middle of the document: a character into a version
    // string, then delete it again, like an editor sends them.
    let line = text[..text.len() / 2].matches('\n').count();
    let line_text = text.lines().nth(line).unwrap_or("");
    let column = line_text.find("version = \"").map_or(0, |at| at + 11);
    let mut latencies = Vec::with_capacity(keystrokes);
    for stroke in 0..keystrokes {
        let version = stroke as i64 + 2;
        let change = if stroke % 2 == 0 {
            json!([{ "range": {
                "start": { "line": line, "character": column },
                "end": { "line": line, "character": column }
            }, "text": "9" }])
        } else {
            json!([{ "range": {
                "start": { "line": line, "character": column },
                "end": { "line": line, "character": column + 1 }
            }, "text": "" }])
        };
        let sent = Instant::now();
        client.change(uri, version, change);
        client.diagnostics(uri, Some(version));
        latencies.push(sent.elapsed());
        // Keep the client's memory flat over long runs.
        client.clear_history();
    }
    latencies.sort();
    let peak = rss_kib(pid, "VmHWM:");
    println!(
        "{label:>8} ({:.0} KB, {keystrokes} keystrokes): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; RSS idle {} KiB, peak {} KiB",
        text.len() as f64 / 1024.0,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
        idle.map_or("?".to_owned(), |k| k.to_string()),
        peak.map_or("?".to_owned(), |k| k.to_string()),
    );
    client.shutdown_and_exit();
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not and
    // only needs this to build and run quickly.
    let full = std::env::args().any(|arg| arg == "--bench");
    let (small, large) = if full { (400, 100) } else { (4, 2) };
    measure("142 KB", 142 * 1024, small);
    measure("3.7 MB", 3_700 * 1024, large);
}
