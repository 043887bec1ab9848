//! The fixed workloads of the performance gate (`scripts/perf-gate.sh`),
//! one per run: `cargo run --release --example perf_workload -- NAME`.
//!
//! Each workload prepares its inputs, then calls [`measured`] once; the
//! gate counts instructions of that call only, under
//! `valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect='*perf_workload*measured*'`, so generating the
//! corpus and process start-up never enter the count.
//!
//! - `analyse-200`, `analyse-5000`: `analysis::analyse` (parse, TOML
//!   semantics, rules) of the generated 200- and 5,000-table configs.
//! - `keystroke-5000`: one character typed into the 5,000-table config
//!   through `text::Document`, then the document analysed again as the
//!   server does it: from the parse of the text before
//!   (`analysis::PreviousParse`), which reparses only the edited region.
//! - `keystroke-lockfile`: the same in a `Cargo.lock`-like file of
//!   20,000 `[[package]]` elements, analysed element by element.
//! - `paths-warm-100`: 100 distinct path references of a Cargo manifest
//!   resolved through `CachedFileSystem<VirtualFileSystem>`; the first
//!   pass fills the cache, the second (warm) pass is measured.
//!
//! `ANDON_PERF_SLOWDOWN=1` runs the measured work twice: the deliberate
//! regression that shows the gate fails (see `tests/perf_gate.rs`).

use std::hint::black_box;
use std::path::Path;

use andon::analysis::paths::{self, CachedFileSystem, VirtualFileSystem};
use andon::analysis::{Diagnostic, PreviousParse, Revision, analyse};
use andon::config::Settings;
use andon::syntax::{parse, semantics};
use andon::text::{Document, Position, PositionEncoding, TextChange};

#[path = "../benches/support/generate.rs"]
mod generate;

const WORKLOADS: &[&str] = &[
    "analyse-200",
    "analyse-5000",
    "keystroke-5000",
    "keystroke-lockfile",
    "paths-warm-100",
];

struct Keystroke {
    document: Document,
    change: TextChange,
    previous: PreviousParse,
    revision: u64,
}

enum Prepared {
    Analyse(String),
    Keystroke(Box<Keystroke>),
    Paths {
        references: Vec<paths::PathReference>,
        fs: CachedFileSystem<VirtualFileSystem>,
    },
}

fn prepare(name: &str) -> Option<Prepared> {
    Some(match name {
        "analyse-200" => Prepared::Analyse(generate::config(200)),
        "analyse-5000" => Prepared::Analyse(generate::config(5000)),
        // Into the middle of the document: a digit into a port number,
        // or into a package's version.
        "keystroke-5000" => keystroke(generate::config(5000), "port = "),
        "keystroke-lockfile" => keystroke(generate::lockfile(20_000), "version = \""),
        "paths-warm-100" => {
            let (manifest, fs) = path_fixture(100);
            let settings = Settings::default();
            let file = Path::new("/ws/Cargo.toml");
            let tree = parse(&manifest, settings.toml_version);
            let semantics = semantics::analyse(&tree, &manifest);
            let references = paths::references(&manifest, &semantics, file, &settings, &fs);
            assert_eq!(references.len(), 100, "one reference per dependency");
            let fs = CachedFileSystem::new(fs);
            // Cold: fills the cache.
            for reference in &references {
                assert_eq!(paths::resolve(reference, &fs), paths::Resolution::Fine);
            }
            Prepared::Paths { references, fs }
        }
        _ => return None,
    })
}

/// A digit typed after the first `prefix` that starts a line in the
/// second half of `text`, which was analysed before.
fn keystroke(text: String, prefix: &str) -> Prepared {
    let line = text[..text.len() / 2].matches('\n').count();
    let line = text
        .lines()
        .enumerate()
        .skip(line)
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(at, _)| at)
        .expect("a line with the prefix");
    let at = Position::new(line as u32, prefix.len() as u32);
    let change = TextChange {
        range: Some((at, at)),
        text: "9".into(),
    };
    let mut previous = PreviousParse::default();
    let first = Revision { id: 1, since: None };
    previous.analyse(&text, &Settings::default(), None, first);
    Prepared::Keystroke(Box::new(Keystroke {
        document: Document::new(text),
        change,
        previous,
        revision: 1,
    }))
}

/// A manifest with `count` path dependencies, each an existing package.
fn path_fixture(count: usize) -> (String, VirtualFileSystem) {
    let mut manifest =
        String::from("[package]\nname = \"ws\"\nversion = \"0.1.0\"\n\n[dependencies]\n");
    let mut fs = VirtualFileSystem::new().file("/ws/Cargo.toml", "");
    for index in 0..count {
        manifest.push_str(&format!(
            "dep-{index} = {{ path = \"crates/group-{}/dep-{index}\" }}\n",
            index % 10
        ));
        fs.add_file(
            Path::new(&format!(
                "/ws/crates/group-{}/dep-{index}/Cargo.toml",
                index % 10
            )),
            "[package]\n",
        );
    }
    (manifest, fs)
}

/// The counted work. Never inlined, so callgrind can toggle on its symbol.
#[inline(never)]
fn measured(prepared: &mut Prepared, settings: &Settings) -> usize {
    match prepared {
        Prepared::Analyse(source) => count(analyse(black_box(source), settings)),
        Prepared::Keystroke(keystroke) => {
            let Keystroke {
                document,
                change,
                previous,
                revision,
            } = &mut **keystroke;
            let edit = document.apply_change(black_box(change), PositionEncoding::Utf16);
            *revision += 1;
            let revision = Revision::edited(*revision - 1, *revision, edit);
            count(
                previous
                    .analyse(document.text(), settings, None, revision)
                    .findings,
            )
        }
        Prepared::Paths { references, fs } => references
            .iter()
            .filter(|reference| paths::resolve(black_box(reference), fs) == paths::Resolution::Fine)
            .count(),
    }
}

fn count(findings: Vec<Diagnostic>) -> usize {
    black_box(findings).len()
}

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    if name == "--list" {
        for workload in WORKLOADS {
            println!("{workload}");
        }
        return;
    }
    let Some(mut prepared) = prepare(&name) else {
        eprintln!("usage: perf_workload --list | {}", WORKLOADS.join(" | "));
        std::process::exit(2);
    };
    let settings = Settings::default();
    let rounds = if std::env::var_os("ANDON_PERF_SLOWDOWN").is_some() {
        2
    } else {
        1
    };
    let mut result = 0;
    for _ in 0..rounds {
        result = measured(&mut prepared, &settings);
    }
    println!("{name}: {result}");
}
