//! `andon schemas` and schema findings from the binary: the list of
//! bundled schemas, which one applies to a file and why, and `andon check`
//! judging files by their schema (catalog or `#:schema` directive).

use std::process::Command;

fn andon(args: &[&str], dir: &std::path::Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_andon"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run andon");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn schemas_lists_the_bundled_ones_and_says_which_applies() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (code, list, _) = andon(&["schemas"], dir.path());
    assert_eq!(code, 0);
    assert!(
        list.contains("cargo.json") && list.contains("Cargo.toml"),
        "{list}"
    );
    assert!(
        list.contains("pyproject.json") && list.contains("rustfmt.json"),
        "{list}"
    );

    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let (code, out, _) = andon(&["schemas", "Cargo.toml"], dir.path());
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Cargo.toml: cargo.json (SchemaStore catalog entry \"Cargo Manifest\" (fileMatch `Cargo.toml`))\n"
    );
    std::fs::write(
        dir.path().join("app.toml"),
        "#:schema ./app.schema.json\nport = 1\n",
    )
    .unwrap();
    let (_, out, _) = andon(&["schemas", "app.toml"], dir.path());
    assert!(
        out.starts_with("app.toml: ")
            && out.contains("app.schema.json (the file's `#:schema` directive)"),
        "{out}"
    );
    std::fs::write(dir.path().join("plain.toml"), "a = 1\n").unwrap();
    let (_, out, _) = andon(&["schemas", "plain.toml"], dir.path());
    assert!(out.contains("no schema applies"), "{out}");
    let (code, _, err) = andon(&["schemas", "missing.toml"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("cannot read missing.toml"), "{err}");
}

#[test]
fn check_judges_files_by_their_schema() {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = 2021\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.schema.json"),
        r#"{"type": "object", "properties": {"port": {"type": "integer", "maximum": 65535}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.toml"),
        "#:schema ./app.schema.json\nport = 70000\n",
    )
    .unwrap();
    // `--no-paths` skips the path checks only.
    let (_, without_paths, _) = andon(
        &["check", "--no-paths", "--format", "json", "."],
        dir.path(),
    );
    let (code, out, err) = andon(&["check", "--format", "json", "."], dir.path());
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(without_paths, out);
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    let found: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["andon"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "Cargo.toml".to_owned(),
                "red".to_owned(),
                "`edition` must be a string or a table, not an integer".to_owned()
            ),
            (
                "app.toml".to_owned(),
                "yellow".to_owned(),
                "`port` must be at most 65535".to_owned()
            ),
        ]
    );
}
