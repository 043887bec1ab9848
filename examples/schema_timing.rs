//! Times schema validation as a session feels it, for
//! `docs/benchmarks.md`: the first analysis of a file with a schema in a
//! fresh process (inflating and compiling the schema included), a warm
//! analysis of a 30-line Cargo.toml with and without the schema rules, and
//! keystrokes in a generated pyproject.toml through the server's
//! incremental analysis (median and 99th percentile).
//!
//! `cargo run --release --example schema_timing -- [MODULES]` (default 370,
//! about 142 KB).

#[path = "../benches/support/generate.rs"]
mod generate;

use std::path::Path;
use std::time::{Duration, Instant};

use andon::analysis::paths::{CachedFileSystem, VirtualFileSystem};
use andon::analysis::{Location, PreviousParse, Revision, analyse_file};
use andon::andon::Level;
use andon::config::Settings;
use andon::text::{Document, Position, PositionEncoding, TextChange};

const CARGO: &str = "[package]\nname = \"app\"\nversion = \"0.3.1\"\nedition = \"2021\"\nrust-version = \"1.75\"\ndescription = \"An application\"\nlicense = \"MIT OR Apache-2.0\"\nrepository = \"https://example.com/app\"\nreadme = \"README.md\"\nkeywords = [\"cli\", \"tool\"]\ncategories = [\"command-line-utilities\"]\n\n[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\nclap = { version = \"4\", default-features = false, features = [\"std\"] }\ntokio = { version = \"1\", features = [\"rt\"] }\n\n[dev-dependencies]\ntempfile = \"3\"\n\n[features]\ndefault = []\nfast = []\n\n[profile.release]\nlto = true\ncodegen-units = 1\n\n[[bin]]\nname = \"app\"\npath = \"src/main.rs\"\n";

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let modules: usize = std::env::args()
        .nth(1)
        .and_then(|text| text.parse().ok())
        .unwrap_or(370);
    let fs = CachedFileSystem::new(
        VirtualFileSystem::new()
            .file("/w/README.md", "")
            .file("/w/src/main.rs", ""),
    );
    let settings = Settings::default();
    let mut no_schema = Settings::default();
    for rule in ["schema", "unknown-key", "deprecated-key"] {
        no_schema.rules.insert(rule.to_owned(), Level::Off);
    }
    let cargo = Location {
        file: Path::new("/w/Cargo.toml"),
        fs: &fs,
    };
    let start = Instant::now();
    let first = analyse_file(CARGO, &settings, cargo);
    println!(
        "first Cargo.toml analysis in this process: {:?} ({} findings)",
        start.elapsed(),
        first.len()
    );
    let pyproject_text = generate::pyproject(modules);
    let pyproject = Location {
        file: Path::new("/w/pyproject.toml"),
        fs: &fs,
    };
    let start = Instant::now();
    let first = analyse_file(&pyproject_text, &settings, pyproject);
    println!(
        "first pyproject.toml analysis ({} bytes): {:?} ({} findings)",
        pyproject_text.len(),
        start.elapsed(),
        first.len()
    );
    assert!(
        first.is_empty(),
        "the generated pyproject.toml is valid: {first:?}"
    );
    for (label, settings) in [("with schema", &settings), ("schema rules off", &no_schema)] {
        let mut samples: Vec<Duration> = (0..2000)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(analyse_file(CARGO, settings, cargo));
                start.elapsed()
            })
            .collect();
        println!(
            "warm Cargo.toml ({} lines), {label}: median {:?}",
            CARGO.lines().count(),
            median(&mut samples)
        );
    }
    let plain = Location {
        file: Path::new("/w/settings.toml"),
        fs: &fs,
    };
    let mut samples: Vec<Duration> = (0..2000)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(analyse_file(CARGO, &settings, plain));
            start.elapsed()
        })
        .collect();
    println!(
        "the same text as settings.toml (no schema): median {:?}",
        median(&mut samples)
    );

    // Keystrokes: a character typed into a value in the middle of the
    // file, then deleted, through the incremental analysis.
    for (label, settings) in [("with schema", &settings), ("schema rules off", &no_schema)] {
        let mut document = Document::new(&pyproject_text);
        let mut previous = PreviousParse::default();
        let _ = previous.analyse(
            document.text(),
            settings,
            Some(pyproject),
            Revision { id: 0, since: None },
        );
        let line = pyproject_text
            .lines()
            .position(|line| line.starts_with("ignore_missing_imports"))
            .unwrap_or(0)
            + 2 * pyproject_text.lines().count() / 5;
        let line = pyproject_text
            .lines()
            .enumerate()
            .skip(line)
            .find(|(_, text)| text.starts_with("module = [\""))
            .map(|(index, _)| index as u32)
            .unwrap_or(10);
        let mut samples = Vec::new();
        for id in 1..=1000u64 {
            let change = if id % 2 == 1 {
                TextChange {
                    range: Some((Position::new(line, 12), Position::new(line, 12))),
                    text: "x".to_owned(),
                }
            } else {
                TextChange {
                    range: Some((Position::new(line, 12), Position::new(line, 13))),
                    text: String::new(),
                }
            };
            let applied = document.apply_change(&change, PositionEncoding::Utf16);
            let start = Instant::now();
            let facts = previous.analyse(
                document.text(),
                settings,
                Some(pyproject),
                Revision::edited(id - 1, id, applied),
            );
            samples.push(start.elapsed());
            std::hint::black_box(facts);
        }
        samples.sort();
        println!(
            "keystroke in the {} KB pyproject.toml, {label}: median {:?}, p99 {:?}",
            pyproject_text.len() / 1000,
            samples[samples.len() / 2],
            samples[samples.len() * 99 / 100]
        );
    }
}
