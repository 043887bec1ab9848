//! Parse + semantic analysis of generated configs (10 to 5,000 tables),
//! with `toml_edit::DocumentMut` parsing the same inputs in the same run,
//! and the bare `toml_parser` event parse for the throughput ceiling.
//!
//! Run: `cargo bench --bench parse`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use andon::analysis::analyse;
use andon::config::{Settings, TomlVersion};
use andon::syntax::parse;

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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = parse_and_analyse
}
criterion_main!(benches);
