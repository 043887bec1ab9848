//! `scripts/refresh-schemas.py` against a SchemaStore checkout laid out
//! like the real one (`src/api/json/catalog.json`, `src/schemas/json/`,
//! `src/test/NAME/`, `src/negative_test/NAME/`), built from the bundle
//! itself plus entries it must leave out: the refresh reproduces the
//! bundle exactly.

use std::path::{Path, PathBuf};
use std::process::Command;

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn refreshing_from_a_checkout_reproduces_the_bundle() {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/schemastore");
    let checkout = tempfile::tempdir().expect("temporary directory");
    let src = checkout.path().join("src");
    let schemas = src.join("schemas/json");
    std::fs::create_dir_all(&schemas).unwrap();
    std::fs::create_dir_all(src.join("api/json")).unwrap();
    for name in ["LICENSE", "NOTICE"] {
        std::fs::copy(bundle.join(name), checkout.path().join(name)).unwrap();
    }
    for file in files(&bundle.join("schemas")) {
        std::fs::copy(bundle.join("schemas").join(&file), schemas.join(&file)).unwrap();
    }
    std::fs::write(schemas.join("not-toml.json"), r#"{"type": "object"}"#).unwrap();
    for (from, to) in [("tests", "test"), ("negative_tests", "negative_test")] {
        for file in files(&bundle.join(from)) {
            let target = src.join(to).join(&file);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(bundle.join(from).join(&file), target).unwrap();
        }
    }
    let catalog: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(bundle.join("catalog.json")).unwrap())
            .unwrap();
    let mut entries: Vec<serde_json::Value> = catalog["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            serde_json::json!({
                "name": entry["name"], "description": entry["description"],
                "fileMatch": entry["fileMatch"], "url": entry["url"],
            })
        })
        .collect();
    // Left out: a schema for JSON files, and one SchemaStore does not host.
    entries.insert(0, serde_json::json!({"name": "JSON only", "description": "", "fileMatch": ["x.json"], "url": "https://www.schemastore.org/not-toml.json"}));
    entries.push(serde_json::json!({"name": "Elsewhere", "description": "", "fileMatch": ["elsewhere.toml"], "url": "https://example.com/elsewhere.json"}));
    std::fs::write(
        src.join("api/json/catalog.json"),
        serde_json::to_string_pretty(&serde_json::json!({"schemas": entries})).unwrap(),
    )
    .unwrap();

    let out = tempfile::tempdir().expect("temporary directory");
    let status = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/refresh-schemas.py"))
        .arg(checkout.path())
        .arg("--out")
        .arg(out.path())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let ignored =
        |path: &PathBuf| path == Path::new("SOURCE.md") || path == Path::new("catalog.json");
    let expected: Vec<PathBuf> = files(&bundle)
        .into_iter()
        .filter(|path| !ignored(path))
        .collect();
    let refreshed: Vec<PathBuf> = files(out.path())
        .into_iter()
        .filter(|path| !ignored(path))
        .collect();
    assert_eq!(refreshed, expected);
    for file in &expected {
        assert_eq!(
            std::fs::read(out.path().join(file)).unwrap(),
            std::fs::read(bundle.join(file)).unwrap(),
            "{}",
            file.display()
        );
    }
    let refreshed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("catalog.json")).unwrap())
            .unwrap();
    assert_eq!(refreshed["schemas"], catalog["schemas"]);
    let source = std::fs::read_to_string(out.path().join("SOURCE.md")).unwrap();
    assert!(
        source.contains("| cargo.json | 165,679 | f6268619c1d29b05 |"),
        "{source}"
    );
}
