//! Keeps the checker's layering honest (design §1): `check` moves files in
//! and findings out; it never parses TOML itself (no syntax layer, no TOML
//! parser crates) and never talks to the language server. Every file the
//! checker owns opens with its `//!` header.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn checker_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("check"), &mut files);
    files.extend(["cli.rs", "main.rs", "config.rs"].map(|name| src.join(name)));
    files
}

#[test]
fn check_never_parses_toml_or_reaches_into_the_server() {
    let mut src = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check"),
        &mut src,
    );
    let forbidden = ["crate::syntax", "toml_edit", "toml_parser", "crate::lsp"];
    let mut offences = Vec::new();
    for path in src {
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for word in forbidden {
                if line.contains(word) {
                    offences.push(format!("{}:{}: {word}", path.display(), number + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}

#[test]
fn every_checker_file_opens_with_its_header() {
    let missing: Vec<String> = checker_files()
        .into_iter()
        .filter(|path| {
            !std::fs::read_to_string(path)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
}
