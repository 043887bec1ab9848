//! Validating path references on a real disk: 100 distinct dependency
//! paths in one manifest (half of them existing packages), resolved cold
//! (a fresh cache, so every path reaches the disk) and warm (the session's
//! cache already knows them, as after a keystroke that touched no path).
//! References are collected once, outside the timing: this measures the
//! lookups.
//!
//! Run: `cargo bench --bench paths`.

use criterion::{Criterion, criterion_group, criterion_main};

use andon::analysis::paths::{self, CachedFileSystem, PathReference, Resolution};
use andon::config::{Settings, TomlVersion};
use andon::disk::DiskFileSystem;
use andon::syntax::{parse, semantics};

fn references(root: &std::path::Path) -> Vec<PathReference> {
    let mut manifest = String::from("[package]\nname = \"app\"\n\n[dependencies]\n");
    for n in 0..100 {
        manifest.push_str(&format!("dep{n} = {{ path = \"../crates/dep{n}\" }}\n"));
        if n % 2 == 0 {
            let dir = root.join(format!("crates/dep{n}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("Cargo.toml"), "[package]\n").unwrap();
        }
    }
    std::fs::create_dir_all(root.join("app")).unwrap();
    let file = root.join("app/Cargo.toml");
    std::fs::write(&file, &manifest).unwrap();
    let tree = parse(&manifest, TomlVersion::V1_1);
    let semantics = semantics::analyse(&tree, &manifest);
    let found = paths::references(
        &manifest,
        &semantics,
        &file,
        &Settings::default(),
        &DiskFileSystem,
    );
    assert_eq!(found.len(), 100);
    found
}

fn missing(found: &[PathReference], fs: &CachedFileSystem<DiskFileSystem>) -> usize {
    found
        .iter()
        .filter(|reference| paths::resolve(reference, fs) != Resolution::Fine)
        .count()
}

fn lookups(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let found = references(dir.path());
    let mut group = c.benchmark_group("paths");
    group.bench_function("100 distinct/cold", |b| {
        b.iter(|| {
            let fs = DiskFileSystem::cached();
            assert_eq!(missing(&found, &fs), 50);
        })
    });
    let warm = DiskFileSystem::cached();
    missing(&found, &warm);
    group.bench_function("100 distinct/warm", |b| {
        b.iter(|| assert_eq!(missing(&found, &warm), 50))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = lookups
}
criterion_main!(benches);
