//! Times the stages of analysis on the generated 200-table config, and
//! loops for profilers: `cargo run --release --example profile_parse -- 2000`.

use std::time::Instant;

use andon::analysis::analyse;
use andon::config::{Settings, TomlVersion};
use andon::syntax::{parse, semantics};

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(1000);
    let source = generate::config(200);
    let settings = Settings::default();
    // With a stage name, run only that stage: for instruction counting
    // under `valgrind --tool=callgrind`, which is stable on a busy machine.
    if let Some(stage) = std::env::args().nth(2) {
        let tree = parse(&source, TomlVersion::V1_1);
        for _ in 0..rounds {
            match stage.as_str() {
                "parse" => drop(parse(&source, TomlVersion::V1_1)),
                "semantics" => drop(semantics::analyse(&tree, &source)),
                "lex" => drop(toml_parser::Source::new(&source).lex().count()),
                "events" => {
                    let tokens = toml_parser::Source::new(&source).lex().into_vec();
                    toml_parser::parser::parse_document(&tokens, &mut (), &mut ());
                }
                _ => drop(analyse(&source, &settings)),
            }
        }
        return;
    }

    let start = Instant::now();
    let mut errors = 0;
    for _ in 0..rounds {
        errors += parse(&source, TomlVersion::V1_1).errors.len();
    }
    let parse_time = start.elapsed() / rounds as u32;

    let tree = parse(&source, TomlVersion::V1_1);
    let start = Instant::now();
    let mut conflicts = 0;
    for _ in 0..rounds {
        conflicts += semantics::analyse(&tree, &source).conflicts.len();
    }
    let semantics_time = start.elapsed() / rounds as u32;

    let start = Instant::now();
    let mut findings = 0;
    for _ in 0..rounds {
        findings += analyse(&source, &settings).len();
    }
    let analyse_time = start.elapsed() / rounds as u32;
    println!(
        "{} bytes, {rounds} rounds: parse {parse_time:?}, semantics {semantics_time:?}, analyse {analyse_time:?} ({errors} errors, {conflicts} conflicts, {findings} findings)",
        source.len()
    );
}
