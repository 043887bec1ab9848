//! Runs parse + analysis of the generated 200-table config in a loop, for
//! profilers: `cargo run --release --example profile_parse -- 2000`.

use andon::analysis::analyse;
use andon::config::Settings;

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(1000);
    let source = generate::config(200);
    let settings = Settings::default();
    let mut findings = 0;
    for _ in 0..rounds {
        findings += analyse(&source, &settings).len();
    }
    println!(
        "{} bytes, {rounds} rounds, {findings} findings",
        source.len()
    );
}
