//! Keeps the architecture honest: layers import only what is to their
//! left, the parser crates stay inside `syntax`, editor requests never
//! parse or analyse afresh, every source file opens with a `//!` header,
//! and no stub reaches `src/`.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("utf-8 source");
            let relative = path
                .strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/");
            (relative, text)
        })
        .collect()
}

/// Lines of code, without comments, so prose may name anything.
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_start)
        .filter(|line| !line.starts_with("//"))
}

/// The code lines before a file's unit tests: what ships.
fn shipped_code_lines(text: &str) -> impl Iterator<Item = &str> {
    code_lines(text).take_while(|line| !line.starts_with("#[cfg(test)]"))
}

#[test]
fn every_source_file_opens_with_a_module_header() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` header: {missing:?}"
    );
}

#[test]
fn layers_depend_only_leftwards() {
    // (folder, names it must not use)
    let rules: &[(&str, &[&str])] = &[
        (
            "src/text/",
            &[
                "crate::syntax",
                "crate::analysis",
                "crate::ide",
                "crate::lsp",
                "crate::check",
                "crate::cli",
            ],
        ),
        (
            "src/syntax/",
            &[
                "crate::analysis",
                "crate::ide",
                "crate::lsp",
                "crate::check",
                "crate::cli",
            ],
        ),
        (
            "src/analysis/",
            &[
                "crate::ide",
                "crate::lsp",
                "crate::check",
                "crate::cli",
                "tower_lsp_server",
                "tokio",
                "std::fs",
            ],
        ),
        (
            "src/ide/",
            &[
                "crate::lsp",
                "crate::check",
                "crate::cli",
                "crate::disk",
                "tower_lsp_server",
                "tokio",
                "std::fs",
            ],
        ),
        ("src/lsp/", &["crate::check", "crate::cli", "crate::syntax"]),
        (
            "src/check/",
            &[
                "crate::ide",
                "crate::lsp",
                "crate::syntax",
                "tower_lsp_server",
                "tokio",
            ],
        ),
        (
            "src/config.rs",
            &[
                "crate::syntax",
                "crate::analysis",
                "crate::ide",
                "crate::lsp",
                "crate::check",
            ],
        ),
        ("src/andon.rs", &["crate::"]),
    ];
    let mut violations = Vec::new();
    for (path, text) in sources() {
        for (prefix, forbidden) in rules {
            if !path.starts_with(prefix) {
                continue;
            }
            for line in code_lines(&text) {
                for name in *forbidden {
                    if line.contains(name) {
                        violations.push(format!("{path}: uses `{name}`: {line}"));
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}

/// The editor features read the revision's analysis; the server analyses
/// each revision once, incrementally (`PreviousParse`). Neither parses a
/// document or analyses one afresh.
#[test]
fn editor_requests_never_parse() {
    let fresh_work = [
        "syntax::parse",
        "syntax::reparse",
        "parse_on_two_threads",
        "analysis::analyse",
        "analyse_file",
        "analyse_bytes",
    ];
    let mut violations = Vec::new();
    for (path, text) in sources() {
        if !(path.starts_with("src/ide/") || path.starts_with("src/lsp/")) {
            continue;
        }
        for line in shipped_code_lines(&text) {
            for name in fresh_work {
                if line.contains(name) {
                    violations.push(format!("{path}: `{name}`: {line}"));
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "editor code that parses or analyses afresh:\n{}",
        violations.join("\n")
    );
}

#[test]
fn parser_crate_stays_inside_syntax() {
    let violations: Vec<String> = sources()
        .into_iter()
        .filter(|(path, _)| !path.starts_with("src/syntax/"))
        .filter(|(_, text)| code_lines(text).any(|line| line.contains("toml_parser")))
        .map(|(path, _)| path)
        .collect();
    assert!(
        violations.is_empty(),
        "toml_parser used outside src/syntax/: {violations:?}"
    );
}

#[test]
fn no_stubs_in_sources() {
    let stubs: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| {
            code_lines(text).any(|line| line.contains("todo!(") || line.contains("unimplemented!("))
        })
        .map(|(path, _)| path)
        .collect();
    assert!(stubs.is_empty(), "stubs in: {stubs:?}");
}
