//! What the packages say about themselves agrees: the repository address
//! is set once (`repository` in Cargo.toml; the wheel takes it from there),
//! every install command names the distribution that exists (the PyPI name
//! from pyproject.toml, the crate from Cargo.toml), and the VS Code
//! extension and the Mason package carry the crate's version.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manifest(name: &str) -> toml_edit::DocumentMut {
    std::fs::read_to_string(root().join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .parse()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn string_at<'a>(document: &'a toml_edit::DocumentMut, table: &str, key: &str) -> &'a str {
    document[table][key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {table}.{key}"))
}

/// The repository's own text files (what git would track: `.gitignore`
/// rules hold, so builds and installed packages are not read).
fn text_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(root()).hidden(false).build() {
        let entry = entry.expect("walk the repository");
        let path = entry.path();
        if path.components().any(|part| part.as_os_str() == ".git") || !path.is_file() {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(path) {
            let relative = path.strip_prefix(root()).expect("under the root");
            files.push((relative.to_path_buf(), text));
        }
    }
    files.sort();
    files
}

/// The package spec after each `prefix` in `text`: a name, perhaps with a
/// version (`andon-toml==0.1.0`), without the punctuation of the prose or
/// code around it.
fn words_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.match_indices(prefix)
        .map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.=<>@".contains(c)))
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches('.')
        })
        .collect()
}

#[test]
fn the_repository_address_is_set_in_cargo_toml_only() {
    let cargo = manifest("Cargo.toml");
    let address = string_at(&cargo, "package", "repository");
    assert!(address.starts_with("https://"), "repository = {address:?}");
    let bare = address.trim_start_matches("https://");
    let placeholder = format!("{}/andon", "OWNER");
    let mut spelled = Vec::new();
    for (path, text) in text_files() {
        if path != Path::new("Cargo.toml") && text.contains(bare) {
            spelled.push(path.display().to_string());
        }
        if text.contains(&placeholder) {
            spelled.push(format!(
                "{} (the placeholder {placeholder})",
                path.display()
            ));
        }
    }
    assert!(
        spelled.is_empty(),
        "the repository address belongs in Cargo.toml alone; also spelled in: {spelled:?}"
    );
}

#[test]
fn install_commands_name_the_packages_that_exist() {
    let crate_name = string_at(&manifest("Cargo.toml"), "package", "name").to_owned();
    let wheel_name = string_at(&manifest("pyproject.toml"), "project", "name").to_owned();
    let mut wrong = Vec::new();
    let mut seen = 0;
    for (path, text) in text_files() {
        let checks = [
            ("pipx install ", &wheel_name),
            ("uv tool install ", &wheel_name),
            ("uvx --from ", &wheel_name),
            ("pip install ", &wheel_name),
            ("cargo install --locked ", &crate_name),
        ];
        for (prefix, expected) in checks {
            for word in words_after(&text, prefix) {
                // Options and local paths are not package names; other
                // tools (maturin, pre-commit, …) are installed by name too.
                if word.starts_with('-') || word.starts_with('.') || !word.starts_with("andon") {
                    continue;
                }
                seen += 1;
                let name = word.split(['=', '@', '<', '>']).next().unwrap_or(word);
                if name != expected.as_str() {
                    wrong.push(format!("{}: `{prefix}{word}`", path.display()));
                }
            }
        }
    }
    assert!(seen > 0, "no install command found at all");
    assert!(
        wrong.is_empty(),
        "install commands naming a package that is not ours ({wheel_name} on PyPI, {crate_name} on crates.io): {wrong:?}"
    );
}

#[test]
fn the_editor_packages_carry_the_crate_version() {
    let version = string_at(&manifest("Cargo.toml"), "package", "version").to_owned();
    let package_json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package.json")).expect("package.json"),
    )
    .expect("package.json is JSON");
    assert_eq!(
        package_json["version"].as_str(),
        Some(version.as_str()),
        "editors/vscode/package.json and Cargo.toml disagree on the version"
    );
    let wheel_name = string_at(&manifest("pyproject.toml"), "project", "name").to_owned();
    let mason = std::fs::read_to_string(root().join("editors/neovim/mason/package.yaml"))
        .expect("editors/neovim/mason/package.yaml");
    let source = format!("pkg:pypi/{wheel_name}@{version}");
    assert!(
        mason.contains(&format!("id: {source}")),
        "the Mason package should install {source}:\n{mason}"
    );
}
