//! Parse + semantic analysis of generated configs (10 to 5,000 tables),
//! with `toml_edit::DocumentMut` parsing the same inputs in the same run,
//! and the bare `toml_parser` event parse for the throughput ceiling; and
//! incremental reparsing after one-character edits against a full parse.
//!
//! Run: `cargo bench --bench parse`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use andon::analysis::{PreviousParse, Revision, analyse};
use andon::config::{Settings, TomlVersion};
use andon::syntax::{parse, reparse, reparse_sections};
use andon::text::{AppliedEdit, Span};

#[path = "support/generate.rs"]
mod generate;

fn parse_and_analyse(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("parse");
    for tables in [10, 50, 200, 5_000] {
        let source = generate::config(tables);
        assert!(
            analyse(&source, &settings).is_empty(),
            "generated config must be valid"
        );
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(BenchmarkId::new("andon/syntax", tables), &source, |b, s| {
            b.iter(|| parse(s, TomlVersion::V1_1))
        });
        group.bench_with_input(
            BenchmarkId::new("andon/analyse", tables),
            &source,
            |b, s| b.iter(|| analyse(s, &settings)),
        );
        group.bench_with_input(
            BenchmarkId::new("toml_edit/document", tables),
            &source,
            |b, s| b.iter(|| s.parse::<toml_edit::DocumentMut>().expect("valid")),
        );
        group.bench_with_input(
            BenchmarkId::new("toml_parser/events", tables),
            &source,
            |b, s| {
                b.iter(|| {
                    let tokens = toml_parser::Source::new(s).lex().into_vec();
                    let mut events: Vec<toml_parser::parser::Event> = Vec::new();
                    toml_parser::parser::parse_document(&tokens, &mut events, &mut ());
                    events.len()
                })
            },
        );
    }
    group.finish();
}

/// One-character edits on a parsed config: `reparse` against a full
/// `parse` of the same edited text, in the same run; and the findings
/// updated after the edit (`PreviousParse`: reparse plus the semantic
/// rules of the touched groups), against a fresh `analyse`.
fn incremental(c: &mut Criterion) {
    let mut group = c.benchmark_group("reparse");
    for tables in [50, 200, 5_000] {
        let source = generate::config(tables);
        let tree = parse(&source, TomlVersion::V1_1);
        // In a value in the middle of the file, and in a table header there.
        let middle = source.len() / 2;
        let value = middle + source[middle..].find("port = ").unwrap() + "port = ".len();
        let header = middle + source[middle..].find("\n[").unwrap() + 3;
        for (place, at) in [("value", value), ("header", header)] {
            let mut edited = source.clone();
            edited.insert(at, '7');
            let edit = AppliedEdit {
                old: Span::new(at, at),
                new_len: 1,
            };
            assert_eq!(
                reparse(tree.clone(), &edited, TomlVersion::V1_1, edit),
                parse(&edited, TomlVersion::V1_1)
            );
            group.bench_with_input(
                BenchmarkId::new(format!("incremental/{place}"), tables),
                &edited,
                |b, text| {
                    b.iter_batched(
                        || tree.clone(),
                        // As the server reparses: the sections after the
                        // edit are moved, their entries only when read.
                        |old| reparse_sections(old, text, TomlVersion::V1_1, edit),
                        BatchSize::LargeInput,
                    )
                },
            );
            group.bench_with_input(
                BenchmarkId::new(format!("full/{place}"), tables),
                &edited,
                |b, text| b.iter(|| parse(text, TomlVersion::V1_1)),
            );
            findings_after_edits(
                &mut group,
                BenchmarkId::new(format!("findings/{place}"), tables),
                &source,
                at,
            );
            group.bench_with_input(
                BenchmarkId::new(format!("fresh-findings/{place}"), tables),
                &edited,
                |b, text| b.iter(|| analyse(text, &Settings::default())),
            );
        }
    }
    group.finish();
}

/// Times [`PreviousParse::analyse`] after one character is typed at `at`
/// in `source` and deleted again, in turns.
fn findings_after_edits(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: BenchmarkId,
    source: &str,
    at: usize,
) {
    group.bench_function(id, |b| {
        let settings = Settings::default();
        let mut previous = PreviousParse::default();
        let mut text = source.to_owned();
        let mut id = 0;
        previous.analyse(&text, &settings, None, Revision { id, since: None });
        // Typing the character, then deleting it: one-character
        // edits in the same place, each from the state the last left.
        // Only the analysis is timed: editing the text is the
        // document's work (a `String` moves the bytes after the edit),
        // timed with the rest of a keystroke in `lsp_latency`.
        b.iter_custom(|edits| {
            let mut analysing = Duration::ZERO;
            for _ in 0..edits {
                let typed = text.len() == source.len();
                let edit = if typed {
                    text.insert(at, '7');
                    AppliedEdit {
                        old: Span::new(at, at),
                        new_len: 1,
                    }
                } else {
                    text.remove(at);
                    AppliedEdit {
                        old: Span::new(at, at + 1),
                        new_len: 0,
                    }
                };
                id += 1;
                let revision = Revision::edited(id - 1, id, edit);
                let started = Instant::now();
                black_box(previous.analyse(&text, &settings, None, revision));
                analysing += started.elapsed();
            }
            analysing
        })
    });
}

/// One-character edits in a lock file: one array of tables, analysed
/// element by element.
fn incremental_lockfile(c: &mut Criterion) {
    let mut group = c.benchmark_group("reparse");
    let packages = 20_000;
    let source = generate::lockfile(packages);
    let middle = source.len() / 2;
    let at = middle + source[middle..].find("version = \"").unwrap() + "version = \"".len();
    findings_after_edits(
        &mut group,
        BenchmarkId::new("lockfile-findings/value", packages),
        &source,
        at,
    );
    let mut edited = source.clone();
    edited.insert(at, '7');
    group.bench_with_input(
        BenchmarkId::new("lockfile-fresh-findings/value", packages),
        &edited,
        |b, text| b.iter(|| analyse(text, &Settings::default())),
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = parse_and_analyse, incremental, incremental_lockfile
}
criterion_main!(benches);
